#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-man-fr.sh - the translated man pages (po4a, po/man/) keep up with
# the English ones and read as well:
#
#  - every page of man/ is listed in po/man/po4a.cfg;
#  - po/man/LANG.po has every paragraph of the English pages as they are
#    today (extracted afresh, as make po-man does) translated and not fuzzy,
#    compiles cleanly, and po/man/cls-man.pot is that extraction;
#  - the pages make builds (make man-fr) pass the lint of the English ones
#    (tests/suite-man.sh), but for what mandoc says of a first section that
#    is not named NAME in English, and start with the translated NAME;
#  - installed (make install, staged with DESTDIR), man(1) shows them in a
#    French locale, accents and page header included, and so does cls help
#    on a terminal, from the staged tree and from the uninstalled ./cls;
#    make uninstall removes them.
#
#   sh tests/suite-man-fr.sh
#
# It builds what it checks (make man-fr, make install VARIANT=install-test
# into a scratch DESTDIR, as suite-install.sh does), and runs the ./cls of
# the tree.  Run by tests/run.sh; exit 0 = pass, otherwise the reasons are printed.
# After changing an English page: make po-man, translate what it marks as
# new or fuzzy in po/man/LANG.po (no "#, fuzzy" left), make, run this again.

top=$(cd "$(dirname "$0")/.." && pwd)
failed=0
bad() { printf '%s\n' "$*"; failed=1; }

for t in po4a msgfmt msgcmp mandoc man script col; do
	command -v $t >/dev/null 2>&1 || { echo "$t not installed: run make deps"; exit 1; }
done
locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8' ||
	{ echo "the fr_FR.UTF-8 locale is missing: run make deps"; exit 1; }

d=$(mktemp -d "${TMPDIR:-/tmp}/cls-man-fr.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
cd "$top" || exit 1
cfg=po/man/po4a.cfg
langs=$(sed -n 's/^MAN_LINGUAS *= *//p' Makefile)
[ -n "$langs" ] || { echo "no MAN_LINGUAS in the Makefile"; exit 1; }
[ -f "$cfg" ] || { echo "$cfg missing"; exit 1; }

# 1. Every English page is translated, and po4a.cfg names no other.
for page in man/*.1 man/*.5; do
	b=$(basename "$page")
	grep -q "^\[type: *man\] $page \$lang:build/man/\$lang/man${b##*.}/$b\( \|\$\)" "$cfg" ||
		bad "$cfg does not list $page: add the line
[type: man] $page \$lang:build/man/\$lang/man${b##*.}/$b"
done
for page in $(sed -n 's/^\[type: *man\] \([^ ]*\) .*/\1/p' "$cfg"); do
	[ -f "$page" ] || bad "$cfg lists $page, which does not exist"
done

# 2. The paragraphs of the pages as they are, extracted afresh by po4a with
# the same configuration, in a copy of man/ and po/man/.
mkdir -p "$d/tree/po" && cp -R man "$d/tree/man" && cp -R po/man "$d/tree/po/man" || exit 1
(cd "$d/tree" && po4a --no-translations --force --quiet po/man/po4a.cfg) >"$d/err" 2>&1 ||
	{ echo "po4a cannot read the pages:"; cat "$d/err"; exit 1; }
fresh=$d/tree/po/man/cls-man.pot
grep -q '^msgid "NAME"' "$fresh" || bad "po4a found no paragraphs in man/"
# the committed template is that extraction (make po-man was run)
if ! msgcmp --use-untranslated po/man/cls-man.pot "$fresh" >"$d/cmp" 2>&1 ||
    ! msgcmp --use-untranslated "$fresh" po/man/cls-man.pot >>"$d/cmp" 2>&1; then
	bad "po/man/cls-man.pot does not match the pages of man/: run make po-man
$(sed 's/^/  /' "$d/cmp" | head -n 20)"
fi
for l in $langs; do
	po=po/man/$l.po
	[ -f "$po" ] || { bad "$po missing: run make po-man"; continue; }
	if ! msgfmt --check --statistics -o /dev/null "$po" >"$d/stat" 2>&1; then
		bad "$po does not compile: $(cat "$d/stat")"
	elif grep -Eq 'fuzzy|untranslated' "$d/stat"; then
		bad "$po: $(cat "$d/stat") (translate them: every paragraph is)"
	fi
	# every paragraph of the pages today, translated and not fuzzy
	if ! msgcmp "$po" "$fresh" >"$d/cmp" 2>&1; then
		bad "$po misses paragraphs of the pages, or leaves them untranslated or fuzzy (make po-man, then translate them):
$(sed 's/^/  /' "$d/cmp" | head -n 40)"
	fi
	# and none that the pages no longer have
	if ! msgcmp --use-untranslated "$fresh" "$po" >"$d/cmp" 2>&1; then
		bad "$po has paragraphs that are no longer in man/: run make po-man
$(sed 's/^/  /' "$d/cmp" | head -n 20)"
	fi
done

bs=$(printf '\b')
plain() { tr -d '\r' | sed "s/.$bs//g"; }

# 3. The pages as make builds them: the lint of the English pages.  mandoc
# knows sections by their English names, and says so of a first section
# named NOM; nothing else may be reported.  What it would have checked, a
# first section holding .Nm and .Nd, is checked here.
make -s -C "$top" man-fr >"$d/log" 2>&1 || { echo "make man-fr failed:"; cat "$d/log"; exit 1; }
for l in $langs; do
	for page in man/*.1 man/*.5; do
		b=$(basename "$page")
		out=build/man/$l/man${b##*.}/$b
		[ -f "$out" ] || { bad "make man-fr did not write $out"; continue; }
		lint=$(mandoc -Tlint -W warning "$out" 2>&1)
		st=$?
		rest=$(printf '%s\n' "$lint" | grep -v -e 'WARNING: first section is not "NAME"' \
		    -e 'WARNING: description line outside NAME section' | grep .)
		if [ -n "$rest" ] || [ $st -gt 2 ]; then
			bad "mandoc -Tlint -W warning $out (status $st):
$rest"
		fi
		awk '/^\.Sh / { if (n++) exit; name = $2; next }
		    n == 1 && /^\.Nm/ { nm = 1 } n == 1 && /^\.Nd / { nd = 1 }
		    END { exit !(name != "" && name != "NAME" && nm && nd) }' "$out" ||
			bad "$out: the first section is not a translated NAME with .Nm and .Nd"
		head -n 1 "$out" | grep -q 'coding: UTF-8' || bad "$out does not declare UTF-8"
		cmp -s "$out" "$page" && bad "$out is the English page"
	done
done

# 4. Installed: man(1) shows the French page in a French locale, from the
# language's folder of the man path.  (man -M takes its folder as is and
# looks in no language's folder: MANPATH is what cls help sets.)
make -s -C "$top" install VARIANT=install-test DESTDIR="$d/stage" PREFIX=/opt/cls >"$d/log" 2>&1 ||
	{ echo "make install failed:"; cat "$d/log"; exit 1; }
p=$d/stage/opt/cls
for l in $langs; do
	for page in man/*.1 man/*.5; do
		b=$(basename "$page")
		[ -f "$p/share/man/$l/man${b##*.}/$b" ] || bad "not installed: share/man/$l/man${b##*.}/$b"
	done
done
# The NAME line of a page as mandoc renders it, without the name and dash
# (groff's dash is another).
nd() { mandoc -Tutf8 "$1" | plain | awk 'n { sub(/^ *cls-report [^ ]* /, ""); print; exit } /^[^ ]/ && ++s == 2 { n = 1 }'; }
page=build/man/fr/man1/cls-report.1
title=$(sed -n 's/^\.Sh //p' "$page" | head -n 1)
nd=$(nd "$page")
ennd=$(nd man/cls-report.1)
[ -n "$nd" ] && [ -n "$ennd" ] && [ "$nd" != "$ennd" ] || bad "$page: no French NAME line: \"$nd\""
case $nd in *[!\ -~]*) ;; *) bad "$page: the NAME line has no accent to show: $nd" ;; esac
# man(1) as a user runs it (its seccomp sandbox off, which some containers
# refuse)
manfr() { env -i PATH="$PATH" HOME="$d" MANPAGER=cat PAGER=cat MANWIDTH=80 MAN_DISABLE_SECCOMP=1 "$@" man cls-report 2>&1 | plain; }
out=$(manfr LANG=fr_FR.UTF-8 MANPATH="$p/share/man")
printf '%s\n' "$out" | grep -q "^$title\$" || bad "LANG=fr_FR.UTF-8 man cls-report: no section $title:
$(printf '%s\n' "$out" | head -n 8)"
printf '%s\n' "$out" | grep -qF "cls-report — $nd" || bad "LANG=fr_FR.UTF-8 man cls-report does not show the French NAME line \"cls-report — $nd\":
$(printf '%s\n' "$out" | head -n 8)"
printf '%s\n' "$out" | head -n 1 | grep -q 'CLS-REPORT(1)' || bad "LANG=fr_FR.UTF-8 man cls-report has no page header:
$(printf '%s\n' "$out" | head -n 3)"
out=$(manfr LANG=C.UTF-8 MANPATH="$p/share/man")
printf '%s\n' "$out" | grep -qF "cls-report — $ennd" || bad "LANG=C.UTF-8 man cls-report does not show the English page:
$(printf '%s\n' "$out" | head -n 8)"

# 5. cls help on a terminal shows the page in the language of the messages:
# the staged cls finds its pages at ../share/man, the uninstalled ./cls in
# build/man; LANGUAGE alone is passed on to man.
tty_help() { # BINARY ENV...: cls help report on a terminal
	b=$1
	shift
	env -i PATH="$PATH" HOME="$d" TERM=dumb MANPAGER=cat PAGER=cat MANWIDTH=80 MAN_DISABLE_SECCOMP=1 SHELL=/bin/sh "$@" \
	    script -qec "$b help report" /dev/null 2>&1 | plain
}
for b in "$p/bin/cls" "$top/cls"; do
	[ -x "$b" ] || continue
	out=$(tty_help "$b" LANG=fr_FR.UTF-8)
	printf '%s\n' "$out" | grep -qF "cls-report — $nd" || bad "LANG=fr_FR.UTF-8 $b help report on a terminal does not show the French page:
$(printf '%s\n' "$out" | head -n 8)"
	out=$(tty_help "$b" LANGUAGE=fr)
	printf '%s\n' "$out" | grep -q "^$title\$" || bad "LANGUAGE=fr $b help report on a terminal does not show the French page:
$(printf '%s\n' "$out" | head -n 8)"
	out=$(tty_help "$b" LANG=C.UTF-8)
	printf '%s\n' "$out" | grep -qF "cls-report — $ennd" || bad "LANG=C.UTF-8 $b help report on a terminal does not show the English page:
$(printf '%s\n' "$out" | head -n 8)"
done

make -s -C "$top" uninstall VARIANT=install-test DESTDIR="$d/stage" PREFIX=/opt/cls >/dev/null 2>&1
left=$(find "$d/stage" -path '*/share/man/*' ! -type d)
[ -z "$left" ] || bad "make uninstall left: $left"
exit $failed
