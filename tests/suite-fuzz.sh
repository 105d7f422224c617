#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# runs under valgrind: make valgrind replays the inputs under $VALGRIND.
# suite-fuzz.sh - replays through the fuzz harnesses (built with gcc and
# tests/fuzz/replay.c next to the unit tests) every input the fuzzers ever
# crashed or hung on (or that fuzz-escape and fuzz-csv must always pass),
# kept in tests/fuzz/regress/NAME/, and the seeds:
# every YAML file of the examples and the cases, each example as one
# whole contract, and (for fuzz-csv) every CSV of the import cases.  Under the ASan build a regression is a sanitizer report.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(dirname "${UNIT:-$top/build/release/tests/unit}")
w=$(mktemp -d "${TMPDIR:-/tmp}/cls-fuzz.XXXXXX")
trap 'rm -rf "$w" "$w.seeds" "$w.csv"' EXIT INT TERM
fails=0
for h in contract scalar edit xml escape sheet csv; do
	[ -x "$bin/fuzz-$h" ] || { echo "FAIL: $bin/fuzz-$h not built"; fails=$((fails + 1)); continue; }
done
[ $fails -eq 0 ] || exit 1
cd "$top" || exit 1
for e in examples/*/; do
	{ cat "$e/cls.yaml"; for f in "$e"/fiches/*.yaml; do printf '\f'; cat "$f"; done; } >"$w/contract-$(basename "$e")"
done
find examples tests/cases -name "*.yaml" -o -name "*.yml" | sort >"$w.seeds"
mkdir "$w.csv"
for f in tests/cases/*import*/*.csv; do
	{ printf '\000'; cat "$f"; } >"$w.csv/$(basename "$(dirname "$f")").csv"
done
out=$(${VALGRIND:-} "$bin/fuzz-contract" tests/fuzz/regress/contract "$w" $(cat "$w.seeds") 2>&1) \
	|| { echo "FAIL: fuzz-contract: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-scalar" tests/fuzz/regress/scalar $(cat "$w.seeds") 2>&1) \
	|| { echo "FAIL: fuzz-scalar: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-edit" tests/fuzz/regress/edit $(cat "$w.seeds") 2>&1) \
	|| { echo "FAIL: fuzz-edit: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-xml" tests/fuzz/regress/xml $(cat "$w.seeds") 2>&1) \
	|| { echo "FAIL: fuzz-xml: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-escape" tests/fuzz/regress/escape $(cat "$w.seeds") 2>&1) \
	|| { echo "FAIL: fuzz-escape: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-sheet" tests/fuzz/regress/sheet 2>&1) \
	|| { echo "FAIL: fuzz-sheet: $out"; fails=$((fails + 1)); }
out=$(${VALGRIND:-} "$bin/fuzz-csv" tests/fuzz/regress/csv "$w.csv" 2>&1) \
	|| { echo "FAIL: fuzz-csv: $out"; fails=$((fails + 1)); }
[ $fails -eq 0 ]
