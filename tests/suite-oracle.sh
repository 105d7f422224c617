#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-oracle.sh - proves every figure of `cls report --format=json`
# against tests/oracle.py, an independent implementation in Python of the
# rules of cls-report(1): the annual review on both examples and
# tests/fixtures/prolonge for every year of their periode, and on 20
# contracts of the generated corpus (bench/gen-corpus.py) for 2022-2024;
# the evaluation over every span of both examples' periodes, of
# tests/fixtures/prolonge, of the contract of tests/cases/report-span-rich,
# of 5 contracts of the corpus and of a contract of 200 fiches (written in
# parallel parts: the same bytes as one thread); the synthesis of the 20
# contracts, of the two examples (whose periodes differ) with the corpus,
# over years and spans.  Each report must exit 0 (the data is valid) and agree with the
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

# evaluate LABEL CONTRACT_DIR FROM-TO; synthesize LABEL YEARS DIR... (from
# the folder of the region).
judge() { # label folder oracle-args...: the oracle run in folder
	label=$1 where=$2
	shift 2
	if out=$(cd "$where" && python3 "$top/tests/oracle.py" "$@" 2>&1); then
		n=$(printf '%s\n' "$out" | sed -n 's/^\([0-9][0-9]*\) figures checked$/\1/p')
		figures=$((figures + ${n:-0}))
	else
		failed=$((failed + 1))
		echo "FAIL $label:"
		printf '%s\n' "$out" | head -n 12 | sed 's/^/  /'
	fi
}
evaluate() {
	runs=$((runs + 1))
	if ! "$cls" -C "$2" report "$3" --format=json >"$tmp/out.json" 2>"$tmp/err"; then
		failed=$((failed + 1))
		echo "FAIL $1 $3: cls report exited $?, expected 0"
		head -n 5 "$tmp/err"
		return
	fi
	judge "$1 $3" . "$2" "$3" "$tmp/out.json"
}
synthesize() {
	runs=$((runs + 1))
	label=$1 years=$2
	shift 2
	if ! (cd "$tmp/region" && "$cls" report "$years" "$@" --format=json) >"$tmp/out.json" 2>"$tmp/err"; then
		failed=$((failed + 1))
		echo "FAIL $label $years: cls report exited, expected 0"
		head -n 5 "$tmp/err"
		return
	fi
	judge "$label $years" "$tmp/region" --synthese "$years" "$tmp/out.json" "$@"
}
spans() { # first last: every span FROM-TO of those years, FROM < TO
	f=$1
	while [ "$f" -lt "$2" ]; do
		t=$((f + 1))
		while [ "$t" -le "$2" ]; do echo "$f-$t"; t=$((t + 1)); done
		f=$((f + 1))
	done
}
for s in $(spans 2022 2026) 2024-2024; do
	evaluate pays-des-vans "$top/examples/pays-des-vans" "$s"
done
for s in $(spans 2019 2023); do
	evaluate pays-cevennes "$top/examples/pays-cevennes" "$s"
done
for s in 2014-2018 2016-2018; do
	evaluate prolonge "$top/tests/fixtures/prolonge" "$s"
done
for s in $(spans 2021 2025) 2023-2023; do
	evaluate report-span-rich "$top/tests/cases/report-span-rich/contract" "$s"
done
for d in $(ls -d "$tmp"/corpus/*/ | head -n 5); do
	evaluate "corpus/$(basename "$d")" "${d%/}" 2022-2026
done

# A contract of 200 fiches, whose evaluation writes its fiches in parallel
# parts (three threads, three parts): the oracle's figures, and the same
# bytes as one thread writing them all.
python3 "$top/bench/gen-corpus.py" "$tmp/large" 1 200 || { echo "gen-corpus.py failed"; exit 1; }
CLS_THREADS=3; export CLS_THREADS
evaluate "200 fiches, 3 threads" "$tmp/large/cls-001" 2022-2026
unset CLS_THREADS
if ! CLS_THREADS=1 "$cls" -C "$tmp/large/cls-001" report 2022-2026 --format=json >"$tmp/one.json" \
    || ! cmp -s "$tmp/one.json" "$tmp/out.json"; then
	failed=$((failed + 1))
	echo "FAIL 200 fiches 2022-2026: one thread and three differ"
fi

# The syntheses are run from the folder holding the contracts, as cls-report(1)
# shows, so that their folders are named as a user names them.
mkdir "$tmp/region"
cp -R "$tmp"/corpus/* "$tmp/region/"
for y in 2022 2024 2022-2024 2022-2026 2023-2025; do
	synthesize corpus "$y" $(cd "$tmp/region" && ls -d cls-*/)
done
cp -R "$top/examples/pays-des-vans" "$top/examples/pays-cevennes" \
    "$top/tests/cases/report-span-rich/contract" "$tmp/region/"
for y in 2022 2023 2024 2022-2023 2023-2025; do
	synthesize "examples and corpus" "$y" pays-des-vans pays-cevennes contract cls-001 cls-002 pays-des-vans/fiches
done

echo "$runs reports, $failed failed, $figures figures checked"
[ "$runs" -eq 125 ] || { echo "expected 125 reports"; exit 1; }
[ "$failed" -eq 0 ]
