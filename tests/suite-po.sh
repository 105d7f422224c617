#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-po.sh - no message slips through untranslated: the messages marked
# in the sources today (extracted afresh, as `make po` does) must all be in
# every po/LANG.po, translated and not fuzzy, and each catalog must compile
# cleanly (msgfmt --check: same printf conversions as the English).
#
# Run by tests/run.sh; exit 0 = pass, otherwise the reasons are printed.
# After adding messages: `make po`, translate the new entries of
# po/LANG.po (no "#, fuzzy" left), and run this again.
top=$(cd "$(dirname "$0")/.." && pwd)
for t in xgettext msgfmt msgcmp; do
	command -v $t >/dev/null 2>&1 || { echo "$t not installed: run make deps"; exit 1; }
done
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-po.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
cd "$top" || exit 1
# the extraction of the Makefile's po target, into a scratch file
flags=$(make -s --no-print-directory -f Makefile -f - print-xgettext <<'MK'
print-xgettext: ; @echo $(XGETTEXT_FLAGS)
MK
) || exit 1
xgettext $flags -o "$d/cls.pot" $(find lib cmd -name "*.[ch]" | sort) 2>"$d/err" || { cat "$d/err"; exit 1; }
failed=0
langs=$(sed -n 's/^LINGUAS *= *//p' Makefile)
[ -n "$langs" ] || { echo "no LINGUAS in the Makefile"; exit 1; }
for l in $langs; do
	po=po/$l.po
	[ -f "$po" ] || { echo "$po missing"; failed=1; continue; }
	if ! msgfmt --check --statistics -o /dev/null "$po" >"$d/stat" 2>&1; then
		cat "$d/stat"; failed=1
	elif grep -Eq 'fuzzy|untranslated' "$d/stat"; then
		echo "$po: $(cat "$d/stat")"; failed=1
	fi
	# every message marked in the sources, translated in $po
	if ! msgcmp "$po" "$d/cls.pot" >"$d/cmp" 2>&1; then
		echo "$po lacks messages of the sources (make po, then translate):"
		sed 's/^/  /' "$d/cmp" | head -n 40
		failed=1
	fi
done
# the strings printed through _() must be found by xgettext at all: a
# sanity check that the extraction still sees the sources
grep -q 'msgid "out of memory"' "$d/cls.pot" || { echo "xgettext found no messages"; failed=1; }
exit $failed
