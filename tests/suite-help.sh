#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-help.sh - "cls help COMMAND" shows the page cls-COMMAND(1) with
# man(1) when standard output is a terminal (as git help does), looking in
# the installed man folder before man's own path (after the build tree's
# pages, for the uninstalled ./cls), and naming to man the language that
# LANGUAGE alone chose; it prints the built-in help when output is not a
# terminal, when man finds no page and when there is no man.  A stand-in
# man(1) records how it was called; script(1) gives the terminal.
# runs cls
#
#   CLS=/abs/path/to/cls sh tests/suite-help.sh

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
script=$(command -v script) || { echo "script(1) not installed (bsdutils)"; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-help.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
failed=0
bad() { printf '%s\n' "$*"; failed=1; }
unset MANPATH LANGUAGE
export SHELL=/bin/sh

mkdir "$d/bin" "$d/nobin"
cat >"$d/bin/man" <<EOM
#!/bin/sh
echo "man \$* MANPATH=\$MANPATH" >>"$d/log"
[ "\$1" = -w ] && exit \$(cat "$d/found")
echo "THE PAGE OF \$1"
EOM
chmod +x "$d/bin/man"
tty() { PATH="$1" "$script" -qec "$CLS help $2" /dev/null 2>&1 | tr -d '\r'; }

# A terminal, a page: man shows it, the installed folder in MANPATH before
# man's usual path (the trailing ":"), after build/man for ./cls.
echo 0 >"$d/found"; : >"$d/log"
out=$(tty "$d/bin:$PATH" init)
printf '%s\n' "$out" | grep -qx 'THE PAGE OF cls-init' || bad "cls help init on a terminal did not show the page: $out"
grep -q '^man -w cls-init MANPATH=\(/[^:]*/build/man:\)\{0,1\}/[^:]*/share/man:$' "$d/log" || bad "man -w not asked with the installed man folder first: $(cat "$d/log")"
grep -q '^man cls-init MANPATH=' "$d/log" || bad "man not run for the page: $(cat "$d/log")"

# The messages in French through LANGUAGE alone, which man does not read:
# -L names the language to it; LC_ALL=C means English, without -L.
: >"$d/log"
LC_ALL=C.UTF-8 LANGUAGE=fr tty "$d/bin:$PATH" init >/dev/null
grep -q '^man -L fr -w cls-init ' "$d/log" || bad "LANGUAGE=fr: man not asked for the French page: $(cat "$d/log")"
grep -q '^man -L fr cls-init ' "$d/log" || bad "LANGUAGE=fr: man not run for the French page: $(cat "$d/log")"
: >"$d/log"
LC_ALL=C LANGUAGE=fr tty "$d/bin:$PATH" init >/dev/null
grep -q -- '-L' "$d/log" && bad "LC_ALL=C LANGUAGE=fr: man given a language: $(cat "$d/log")"

# A terminal, no page: the built-in help.
echo 16 >"$d/found"; : >"$d/log"
out=$(tty "$d/bin:$PATH" new)
printf '%s\n' "$out" | grep -q '^usage: cls new ' || bad "no page: cls help new printed $out"
grep -q '^man cls-new' "$d/log" && bad "no page, yet man was run to show it"

# A terminal, no man at all: the built-in help.
out=$(tty "$d/nobin" validate)
printf '%s\n' "$out" | grep -q '^usage: cls validate ' || bad "no man: cls help validate printed $out"

# Not a terminal: the built-in help, and man is not called.
echo 0 >"$d/found"; : >"$d/log"
out=$(PATH="$d/bin:$PATH" "$CLS" help schema)
[ "$(printf '%s\n' "$out" | head -n 1)" = "usage: cls schema [contrat|fiche]" ] || bad "piped: cls help schema printed $out"
[ -s "$d/log" ] && bad "piped, yet man was called: $(cat "$d/log")"
exit $failed
