#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-man.sh - keeps the man pages honest: every page is lint clean,
# every command has its page, named in cls(1), the SYNOPSIS of each
# command's page is the usage string that `cls help NAME` prints (one
# string, two places: they must agree), and cls-validate(1) lists every rule
# of the validator under its severity.
#
#   CLS=/abs/path/to/cls sh tests/suite-man.sh
#
# Run by tests/run.sh; exit 0 = pass, otherwise the reasons are printed.

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
failed=0
bad() { printf '%s\n' "$*"; failed=1; }

if ! command -v mandoc >/dev/null 2>&1; then
	echo "mandoc not installed: run make deps"
	exit 1
fi
if [ ! -x "$CLS" ]; then
	echo "no cls binary at \"$CLS\": build it with make, or set CLS"
	exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cls-man.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM

# mandoc -Tascii shows bold and underline by overstriking; keep the text.
bs=$(printf '\b')
plain() {
	if command -v col >/dev/null 2>&1; then col -b
	else sed "s/.$bs//g"
	fi
}
# Joins lines and squeezes white space, so only the words are compared.
squeeze() { tr '\t\n' '  ' | tr -s ' ' | sed 's/^ //; s/ $//'; }

# 1. Lint: any warning or error fails.
for page in "$top"/man/*.1 "$top"/man/*.5; do
	[ -f "$page" ] || continue
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	st=$?
	if [ -n "$out" ] || [ $st -ne 0 ]; then
		bad "mandoc -Tlint -W warning man/$(basename "$page") (status $st):
$out"
	fi
done

# 2. Every command that cls --help lists has its page man/cls-NAME.1, named
# in cls(1), whose SYNOPSIS is the usage string that `cls help NAME` prints
# (one string, two places: they must agree); a page without a command
# fails too.  The commands come from the program, so a new one is checked
# with no change here.
cmds=$("$CLS" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] || bad "cls --help lists no commands"
for name in $cmds; do
	[ -f "$top/man/cls-$name.1" ] || bad "cls $name has no manual page man/cls-$name.1"
	grep -q "^\.Xr cls-$name 1" "$top/man/cls.1" || bad "man/cls.1 does not refer to cls-$name(1)"
done
for page in "$top"/man/cls-*.1; do
	[ -f "$page" ] || continue
	name=$(basename "$page" .1)
	name=${name#cls-}
	printf '%s\n' $cmds | grep -qx "$name" || { bad "man/cls-$name.1: cls has no command $name"; continue; }
	help=$("$CLS" help "$name" 2>&1)
	st=$?
	usage=$(printf '%s\n' "$help" | sed -n '1s/^usage: //p' | squeeze)
	if [ $st -ne 0 ] || [ -z "$usage" ]; then
		bad "man/cls-$name.1: \"cls help $name\" gives no usage (status $st):
$help"
		continue
	fi
	synopsis=$(mandoc -Tascii -O width=300 "$page" | plain |
	    awk '/^SYNOPSIS/ { on = 1; next } on && /^[^ \t]/ { exit } on' |
	    squeeze)
	if [ "$usage" != "$synopsis" ]; then
		bad "man/cls-$name.1: SYNOPSIS and usage string differ
  usage:    $usage
  SYNOPSIS: $synopsis"
	fi
done
# The hidden command of the completions is documented in cls(1).
grep -q 'complete -- WORD' "$top/man/cls.1" || bad "man/cls.1 does not document cls complete"

# 3. cls-validate(1) lists every rule, each under its severity, and no rule
# the validator does not have.  The SARIF output names every rule.
page="$top/man/cls-validate.1"
if [ -f "$page" ]; then
	mkdir "$scratch/c" && printf 'version: 1\n' >"$scratch/c/cls.yaml"
	"$CLS" --no-cache -C "$scratch/c" validate --format=sarif \
	    >"$scratch/sarif" 2>"$scratch/err"
	st=$?
	if [ $st -gt 1 ]; then
		bad "cls validate --format=sarif failed (status $st):
$(cat "$scratch/err")"
	else
		sed -n 's/.*{"id": "\([^"]*\)".*"level": "\([a-z]*\)".*/\1 \2/p' \
		    "$scratch/sarif" | LC_ALL=C sort >"$scratch/want"
		awk '
		/^\.Sh / { rules = ($0 == ".Sh RULES"); level = ""; next }
		rules && /^\.Ss Errors/ { level = "error"; next }
		rules && /^\.Ss Warnings/ { level = "warning"; next }
		rules && /^\.Ss Hints/ { level = "note"; next }
		rules && /^\.Ss / { level = "?"; next }
		rules && /^\.It Cm / { print $3, (level == "" ? "?" : level) }
		' "$page" | LC_ALL=C sort >"$scratch/got"
		if [ ! -s "$scratch/want" ]; then
			bad "no rules found in the SARIF output of cls validate"
		elif ! cmp -s "$scratch/want" "$scratch/got"; then
			bad "man/cls-validate.1: RULES does not match the validator's rules
(< the validator, > the man page)
$(diff "$scratch/want" "$scratch/got")"
		fi
	fi
fi

exit $failed
