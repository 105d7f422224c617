#!/bin/sh
# runs cls: tests/run.sh runs this suite against every build.
# suite-oracle.sh - proves every figure of `cls report YEAR --format=json`
# against tests/oracle.py, an independent implementation in Python of the
# rules of cls-report(1): on both examples and tests/fixtures/prolonge for
# every year of their periode, and on 20 contracts of the generated corpus (bench/gen-corpus.py) for
# 2022-2024.  Each report must exit 0 (the data is valid) and agree with the
# oracle on every figure.  Run by tests/run.sh with CLS set to the cls to
# test; alone: CLS=$PWD/cls sh tests/suite-oracle.sh
top=$(cd "$(dirname "$0")/.." && pwd)
cls=${CLS:-$top/cls}
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: run make deps"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed: run make deps"; exit 1; }
[ -x "$cls" ] || { echo "no cls to test at $cls (set CLS)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cls-oracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
runs=0 failed=0 figures=0

check() { # contract-dir year label
	runs=$((runs + 1))
	"$cls" -C "$1" report "$2" --format=json >"$tmp/out.json" 2>"$tmp/err"
	st=$?
	if [ "$st" -ne 0 ]; then
		failed=$((failed + 1))
		echo "FAIL $3 $2: cls report exited $st, expected 0"
		head -n 5 "$tmp/err"
		return
	fi
	if out=$(python3 "$top/tests/oracle.py" "$1" "$2" "$tmp/out.json" 2>&1); then
		n=${out%% figures checked*}
		case $n in *[!0-9]*|'') n=0 ;; esac
		figures=$((figures + n))
	else
		failed=$((failed + 1))
		echo "FAIL $3 $2:"
		printf '%s\n' "$out" | head -n 12 | sed 's/^/  /'
	fi
}

for y in 2022 2023 2024 2025 2026; do
	check "$top/examples/pays-des-vans" "$y" pays-des-vans
done
for y in 2019 2020 2021 2022 2023; do
	check "$top/examples/pays-cevennes" "$y" pays-cevennes
done
# a contract prolonged by avenant, with financeurs written several ways,
# jalons, co-pilotes, référents and qualitative indicateurs
for y in 2014 2015 2016 2017 2018; do
	check "$top/tests/fixtures/prolonge" "$y" prolonge
done

python3 "$top/bench/gen-corpus.py" "$tmp/corpus" 20 20 || { echo "gen-corpus.py failed"; exit 1; }
for d in "$tmp"/corpus/*/; do
	d=${d%/}
	for y in 2022 2023 2024; do
		check "$d" "$y" "corpus/$(basename "$d")"
	done
done

echo "$runs reports, $failed failed, $figures figures checked"
[ "$runs" -eq 75 ] || { echo "expected 75 reports"; exit 1; }
[ "$failed" -eq 0 ]
