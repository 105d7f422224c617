#!/bin/sh
# SPDX-License-Identifier: MIT
# bench.sh - measures cls at national scale against the two things it is
# judged by: the floor (bench/floor.c: libyaml's event parser alone over
# the same files, the physical limit of a libyaml-based tool) and the peer
# (bench/peer.py: the same checks in Python with PyYAML's C loader, what a
# user would write instead).  Every figure is the best of several runs and
# every ratio is taken between figures of this one run, so that a busy
# machine moves both sides.  Prints each figure, its target and PASS/FAIL;
# exits 1 when a target is missed, 2 when a run failed.  `make bench` runs
# it; never part of `make check`.
#
#   sh bench/bench.sh CLS FLOOR [CONTRACTS [FICHES]]
#
# Environment: RUNS (default 5) runs per figure, PEER_RUNS (default 2),
# BENCH_SPAWN (default: spawn beside FLOOR) the timer of bench/spawn.c.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
[ $# -ge 2 ] || { echo "usage: sh bench/bench.sh CLS FLOOR [CONTRACTS [FICHES]]" >&2; exit 2; }
CLS=$(abs "$1")
FLOOR=$(abs "$2")
# every run is timed by bench/spawn.c (measure.py), built beside the floor
BENCH_SPAWN=$(abs "${BENCH_SPAWN:-$(dirname "$FLOOR")/spawn}")
[ -x "$BENCH_SPAWN" ] || { echo "bench: no $BENCH_SPAWN: run make bench" >&2; exit 2; }
export BENCH_SPAWN
n=${3:-500}
k=${4:-20}
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-2}
out=$top/build/bench
corpus=$out/corpus-$n-$k
bigc=$out/corpus-1-1000
big=$bigc/cls-001
cache=$out/cache
export CLS_CACHE_DIR=$cache NO_COLOR=1
mkdir -p "$out"

gen() { # DIR CONTRACTS FICHES
	[ -d "$1" ] && return
	echo "generating $1 ..."
	python3 "$top/bench/gen-corpus.py" "$1.tmp" "$2" "$3" && mv "$1.tmp" "$1" || exit 2
}
gen "$corpus" "$n" "$k"
gen "$bigc" 1 1000

all=$(ls -d "$corpus"/cls-* | tr '\n' ' ')
first() { ls -d "$corpus"/cls-* | head -n "$1" | tr '\n' ' '; }
n10=$((n / 10))
n20=$((n / 5))
n50=$((n / 2))
files=$(find "$corpus" -name '*.yaml' | wc -l)
mb=$(($(du -sb "$corpus" | cut -f1) / 1048576))

# m RUNS [measure.py options] -- CMD...: sets wall, cpu (ms) and rss (KiB)
m() {
	r=$(python3 "$top/bench/measure.py" "$@") || { echo "bench: a run failed: $*" >&2; exit 2; }
	set -- $r
	wall=$1 cpu=$2 rss=$3
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
fail=0
# check CONDITION: sets vd to PASS or FAIL (awk syntax, on numbers)
check() {
	if awk "BEGIN { exit !($1) }"; then vd=PASS; else vd=FAIL; fail=1; fi
}
row() { # LABEL VALUE [TARGET VERDICT]
	printf '  %-46s %16s  %-18s %s\n' "$1" "$2" "${3:-}" "${4:-}"
}
ms() { printf '%s ms' "$1"; }

echo "cls bench: $n contracts, $files files, $mb MB of YAML ($corpus)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
	"$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "best of $runs runs per figure (peer: $peer_runs; short commands: until a second or 40 runs); ratios taken within this run"
echo

echo "validate, the whole corpus in one process:"
m "$runs" -- "$FLOOR" $all
floor=$wall floor_cpu=$cpu
row "floor: libyaml events only (bench/floor.c)" "$(ms "$floor")"
m "$runs" -- "$CLS" --no-cache validate $all
nc=$wall nc_cpu=$cpu
r=$(calc "$nc / $floor")
check "$r <= 1.2"
row "--no-cache (parse + check)" "$(ms "$nc")" "${r}x floor <= 1.2" "$vd"
m "$runs" --fresh "$cache" -- "$CLS" validate $all
cold=$wall cold_cpu=$cpu cold_rss=$rss
r=$(calc "$cold / $floor")
check "$r <= 1.5"
row "cold cache (parse + check + fill)" "$(ms "$cold")" "${r}x floor <= 1.5" "$vd"
"$CLS" validate $all >/dev/null 2>&1
m "$runs" -- "$CLS" validate $all
warm=$wall
r=$(calc "100 * $warm / $cold" 1)
check "$r <= 5"
row "warm cache" "$(ms "$warm")" "${r}% of cold <= 5%" "$vd"
m 3 --env CLS_MEMO_RACY_MS=1000000000000 -- "$CLS" validate $all
row "  the same without the memo (file cache)" "$(ms "$wall")" "$(calc "100 * $wall / $cold" 1)% of cold"
m 3 --env CLS_THREADS=1 -- "$CLS" --no-cache validate $all
nc1=$wall
m 3 --fresh "$cache" --env CLS_THREADS=1 -- "$CLS" validate $all
cold1=$wall
r=$(calc "$nc1 / $floor")
check "$r <= 1.2"
row "one thread (CLS_THREADS=1): --no-cache" "$(ms "$nc1")" "${r}x floor <= 1.2" "$vd"
r=$(calc "$cold1 / $floor")
check "$r <= 1.5"
row "one thread (CLS_THREADS=1): cold" "$(ms "$cold1")" "${r}x floor <= 1.5" "$vd"
row "CPU time of all threads: floor" "$(ms "$floor_cpu")"
row "CPU time of all threads: --no-cache" "$(ms "$nc_cpu")" "$(calc "$nc_cpu / $floor_cpu")x floor's"
row "CPU time of all threads: cold" "$(ms "$cold_cpu")" "$(calc "$cold_cpu / $floor_cpu")x floor's"
echo

echo "against the Python peer (bench/peer.py, PyYAML's C loader):"
m "$peer_runs" -- python3 "$top/bench/peer.py" $all
peer=$wall
row "peer over the corpus" "$(ms "$peer")"
r=$(calc "$peer / $cold" 1)
check "$r >= 12"
row "cold validate, times faster than the peer" "${r}x" ">= 12x" "$vd"
r=$(calc "$peer / $warm" 0)
check "$r >= 100"
row "warm validate, times faster than the peer" "${r}x" ">= 100x" "$vd"
echo

# The second peer: js-yaml + Ajv against the project's JSON Schemas
# (bench/peer.js), installed from the npm registry into build/bench/node
# the first time; skipped, with the reason, where that cannot be done.
echo "against the JavaScript peer (bench/peer.js, js-yaml + Ajv and schema/):"
node_dir=$out/node
why=
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	why="node or npm not installed (apt-get install nodejs npm)"
elif [ ! -d "$node_dir/node_modules/ajv" ] || [ ! -d "$node_dir/node_modules/js-yaml" ]; then
	mkdir -p "$node_dir"
	npm install --prefix "$node_dir" --no-audit --no-fund --silent js-yaml@4 ajv@8 >"$node_dir/npm.log" 2>&1 \
	    || why="npm install js-yaml ajv failed (see $node_dir/npm.log)"
fi
if [ -n "$why" ]; then
	row "skipped: $why" ""
else
	m "$peer_runs" --env "PEER_NODE_MODULES=$node_dir/node_modules" -- node "$top/bench/peer.js" $all
	jspeer=$wall
	row "peer over the corpus" "$(ms "$jspeer")"
	r=$(calc "$jspeer / $cold" 1)
	check "$r >= 4"
	row "cold validate, times faster than the peer" "${r}x" ">= 4x" "$vd"
fi
echo

echo "warm runs of the other commands (cache filled; target <= 5% of cold validate):"
"$CLS" validate $all >/dev/null 2>&1
for cmd in indicators "export fiches"; do
	if ! "$CLS" help ${cmd%% *} >/dev/null 2>&1; then
		row "$cmd: not in this cls, skipped" ""
		continue
	fi
	"$CLS" $cmd $all >/dev/null 2>&1
	m "$runs" -- "$CLS" $cmd $all
	r=$(calc "100 * $wall / $cold" 1)
	check "$r <= 5"
	row "$cmd, $n contracts in one process" "$(ms "$wall")" "${r}% of cold <= 5%" "$vd"
	# the same from the file cache alone: every file "racy" for the memo
	m 3 --env CLS_MEMO_RACY_MS=1000000000000 -- "$CLS" $cmd $all
	row "  the same without the memo (file cache)" "$(ms "$wall")" "$(calc "100 * $wall / $cold" 1)% of cold"
done
# report takes one contract per process: 500 processes cannot be 5% of one
# process's cold run (starting a process alone is about 1 ms).  What is
# measured instead: the warm report of one contract of 1,000 fiches against
# the cold validate of that same contract.
m "$runs" --fresh "$out/cache-big" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" validate
bigcold=$wall
CLS_CACHE_DIR=$out/cache-big "$CLS" -C "$big" report 2024 --format=json >/dev/null 2>&1
m "$runs" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2024 --format=json
bigrep=$wall
row "cold validate, one contract of 1,000 fiches" "$(ms "$bigcold")"
r=$(calc "100 * $bigrep / $bigcold" 1)
check "$r <= 5"
row "warm report 2024 of it (json)" "$(ms "$bigrep")" "${r}% of cold <= 5%" "$vd"
m 3 --env "CLS_CACHE_DIR=$out/cache-big" --env CLS_MEMO_RACY_MS=1000000000000 -- "$CLS" -C "$big" report 2024 --format=json
row "  the same without the memo (file cache)" "$(ms "$wall")" "$(calc "100 * $wall / $bigcold" 1)% of cold"
"$CLS" -C "$corpus/cls-001" report 2024 --format=json >/dev/null 2>&1
m "$runs" -- "$CLS" -C "$corpus/cls-001" report 2024 --format=json
rep1=$wall
m "$runs" -- "$CLS" --version
start=$wall
row "warm report of one contract of $k fiches" "$(ms "$rep1")" "(start-up alone: $start ms)"
echo

# After one change: one fiche (then cls.yaml) of one contract rewritten
# before each run (bench/edit.py), so that the memo cannot replay the run
# and that file is read again; every other file is in the cache.
echo "after one change (one file rewritten before each run; target: % of cold validate):"
edit() { echo "python3 '$top/bench/edit.py' '$1'"; }
one=$corpus/cls-001
for f in "$one/fiches/01-fiche.yaml" "$one/cls.yaml" "$big/fiches/01-fiche.yaml" "$big/cls.yaml"; do
	python3 "$top/bench/edit.py" --clean "$f"
done
"$CLS" validate $all >/dev/null 2>&1
for what in fiche cls.yaml; do
	f=$one/fiches/01-fiche.yaml
	[ "$what" = fiche ] || f=$one/cls.yaml
	for cmd in validate indicators "export fiches"; do
		"$CLS" $cmd $all >/dev/null 2>&1
		m "$runs" --before "$(edit "$f")" -- "$CLS" $cmd $all
		r=$(calc "100 * $wall / $cold" 1)
		check "$r <= 10"
		row "$cmd, $n contracts, a $what changed" "$(ms "$wall")" "${r}% of cold <= 10%" "$vd"
	done
	python3 "$top/bench/edit.py" --clean "$f"
done
for what in fiche cls.yaml; do
	f=$big/fiches/01-fiche.yaml
	[ "$what" = fiche ] || f=$big/cls.yaml
	CLS_CACHE_DIR=$out/cache-big "$CLS" -C "$big" report 2024 --format=json >/dev/null 2>&1
	m "$runs" --before "$(edit "$f")" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2024 --format=json
	r=$(calc "100 * $wall / $bigcold" 1)
	check "$r <= 15"
	row "report 2024 of 1,000 fiches, a $what changed" "$(ms "$wall")" "${r}% of its cold validate <= 15%" "$vd"
	python3 "$top/bench/edit.py" --clean "$f"
done
echo

echo "report over several contracts and over years:"
# the synthesis of every contract of the corpus for one year (what an ARS
# runs), against the floor over the same files
m "$runs" --fresh "$cache" -- "$CLS" report 2024 $all --format=json
regcold=$wall regrss=$rss
r=$(calc "$regcold / $floor")
check "$r <= 1.5"
row "synthesis 2024 of $n contracts, cold (json)" "$(ms "$regcold")" "${r}x floor <= 1.5" "$vd"
"$CLS" report 2024 $all --format=json >/dev/null 2>&1
m "$runs" -- "$CLS" report 2024 $all --format=json
r=$(calc "100 * $wall / $regcold" 1)
check "$r <= 5"
row "  warm" "$(ms "$wall")" "${r}% of cold <= 5%" "$vd"
m 3 --env CLS_MEMO_RACY_MS=1000000000000 -- "$CLS" report 2024 $all --format=json
row "  the same without the memo (file cache)" "$(ms "$wall")" "$(calc "100 * $wall / $regcold" 1)% of cold"
r=$(calc "$regrss / 1024" 1)
check "$r <= 64"
row "  peak RSS, cold" "$r MiB" "<= 64 MiB" "$vd"
m 3 --fresh "$cache" -- "$CLS" report 2022-2026 $all --format=html
row "  the synthesis 2022-2026 in html, cold" "$(ms "$wall")" "$(calc "$wall / $floor")x floor, $(calc "$rss / 1024" 1) MiB"
# the evaluation of the largest contract over its whole periode, against
# the report of one of its years, cold then warm
m "$runs" --fresh "$out/cache-big" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2024 --format=json
y1cold=$wall
m "$runs" --fresh "$out/cache-big" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2022-2026 --format=json
evcold=$wall
row "report 2024 of the contract of 1,000 fiches, cold" "$(ms "$y1cold")"
r=$(calc "$evcold / $y1cold")
check "$r <= 1.3"
row "evaluation 2022-2026 of it, cold" "$(ms "$evcold")" "${r}x one year <= 1.3" "$vd"
CLS_CACHE_DIR=$out/cache-big "$CLS" -C "$big" report 2024 --format=json >/dev/null 2>&1
CLS_CACHE_DIR=$out/cache-big "$CLS" -C "$big" report 2022-2026 --format=json >/dev/null 2>&1
m "$runs" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2024 --format=json
y1warm=$wall
m "$runs" --env "CLS_CACHE_DIR=$out/cache-big" -- "$CLS" -C "$big" report 2022-2026 --format=json
r=$(calc "$wall / $y1warm")
check "$r <= 1.3"
row "report 2024 of it, warm" "$(ms "$y1warm")"
row "evaluation 2022-2026 of it, warm" "$(ms "$wall")" "${r}x one year <= 1.3" "$vd"
echo

echo "memory and growth (cold validate, first N contracts of the corpus):"
for c in $n10 $n20 $n50; do
	m 3 --fresh "$cache" -- "$CLS" validate $(first $c)
	eval "t$c=$wall rss$c=$rss"
done
eval "t$n=$cold rss$n=$cold_rss"
for c in $n20 $n50 $n; do
	eval "v=\$rss$c"
	row "peak RSS, $c contracts" "$(calc "$v / 1024" 1) MiB"
done
r=$(calc "$cold_rss / 1024" 1)
check "$r <= 64"
row "peak RSS at $n contracts" "$r MiB" "<= 64 MiB" "$vd"
eval "v=\$rss$n20"
r=$(calc "$cold_rss / $v")
check "$r <= 1.25"
row "RSS at $n / at $n20 contracts" "${r}x" "<= 1.25 (flat)" "$vd"
for c in $n10 $n50 $n; do
	eval "v=\$t$c"
	row "$((c * k)) fiches" "$(ms "$v")" "$(calc "1000 * $v / ($c * $k)" 1) us/fiche"
done
eval "v=\$t$n10"
r=$(calc "($cold / $n) / ($v / $n10)")
check "$r <= 1.5"
row "per-fiche time at $((n * k)) / at $((n10 * k))" "${r}x" "<= 1.5 (linear)" "$vd"
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
if [ $fail -ne 0 ]; then
	echo "bench: a target was missed"
	exit 1
fi
echo "bench: every target met"
