#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-indicators.sh - proves every row of `cls indicators --format=json`
# against tests/oracle_indicators.py, an independent implementation in
# Python of the rules of cls-indicators(1) (years listed, the --missing
# set) and of cls-report(1) (target, reached, rate): on both examples and
# on the contract written to exercise each branch of the --missing rule
# (tests/cases/indicators-missing-rules), on the contract prolonged by
# avenant (référents, a baseline, a cible_totale), on one with référents
# of several porteurs and on one without indicateurs, for every year, with
# and without --missing; and on 20 contracts of the generated corpus
# (bench/gen-corpus.py) read in one run.  Run by tests/run.sh with CLS set
# to the cls to test; alone: CLS=$PWD/cls sh tests/suite-indicators.sh
top=$(cd "$(dirname "$0")/.." && pwd)
cls=${CLS:-$top/cls}
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: run make deps"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed: run make deps"; exit 1; }
[ -x "$cls" ] || { echo "no cls to test at $cls (set CLS)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cls-oracle-ind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
runs=0 failed=0 rows=0

check() { # label [--year=Y] [--missing] -- DIR...
	label=$1
	shift
	opts=""
	while [ "$1" != "--" ]; do opts="$opts $1"; shift; done
	shift
	runs=$((runs + 1))
	# shellcheck disable=SC2086
	"$cls" indicators --format=json $opts "$@" >"$tmp/out.json" 2>"$tmp/err"
	st=$?
	if [ "$st" -ne 0 ]; then
		failed=$((failed + 1))
		echo "FAIL $label$opts: cls indicators exited $st, expected 0"
		head -n 5 "$tmp/err"
		return
	fi
	# shellcheck disable=SC2086
	if out=$(python3 "$top/tests/oracle_indicators.py" $opts "$tmp/out.json" "$@" 2>&1); then
		n=${out%% rows checked*}
		case $n in *[!0-9]*|'') n=0 ;; esac
		rows=$((rows + n))
	else
		failed=$((failed + 1))
		echo "FAIL $label$opts:"
		printf '%s\n' "$out" | head -n 12 | sed 's/^/  /'
	fi
}

years() { # contract-dir label first last
	check "$2" -- "$1"
	y=$3
	while [ "$y" -le "$4" ]; do
		check "$2" --year="$y" -- "$1"
		check "$2" --year="$y" --missing -- "$1"
		y=$((y + 1))
	done
}

years "$top/examples/pays-des-vans" pays-des-vans 2022 2026
years "$top/examples/pays-cevennes" pays-cevennes 2019 2023
years "$top/tests/cases/indicators-missing-rules/contract" missing-rules 2022 2025
# référents, a baseline and a cible_totale
years "$top/tests/fixtures/prolonge" prolonge 2014 2018
years "$top/tests/cases/indicators-missing-referents/contract" referents 2022 2025
years "$top/tests/cases/indicators-none-defined/contract" none-defined 2023 2025

python3 "$top/bench/gen-corpus.py" "$tmp/corpus" 20 20 || { echo "gen-corpus.py failed"; exit 1; }
check corpus -- "$tmp"/corpus/*/
for y in 2022 2023 2024; do
	check corpus --year="$y" -- "$tmp"/corpus/*/
	check corpus --year="$y" --missing -- "$tmp"/corpus/*/
done

echo "$runs listings, $failed failed, $rows rows checked"
[ "$runs" -eq 65 ] || { echo "expected 65 listings"; exit 1; }
[ "$failed" -eq 0 ]
