#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-concurrency.sh - 8 runs at a time (validate, report, export and
# indicators, several formats) on one contract and one cache, while another process keeps
# replacing a fiche with one of three versions, as an editor saves it (a
# new file renamed over the old), sometimes with the old mtime put back.
# Every output must be the output of one of the three states, computed
# before without cache; when the edits stop, the cached answer must be the
# last state's; and the cache must pass PRAGMA integrity_check.
NAME=concurrency . "$(dirname "$0")/lib.sh"
cleanup='touch "$w/stop"; wait'

f=fiches/01-coordination.yaml
cp "$f" "$w/v0"
# v1: a new error (an axe cls.yaml does not define); v2: other figures the
# report shows, and the same size as v0, so only the cache's other checks
# can tell them apart
sed 's/^axe: "1"/axe: "9"/' "$w/v0" >"$w/v1"
sed 's/^titre: S/titre: X/' "$w/v0" >"$w/v2"
cmp -s "$w/v0" "$w/v1" && fail "v1 is v0: the test proves nothing"
cmp -s "$w/v0" "$w/v2" && fail "v2 is v0: the test proves nothing"
[ "$(stat -c %s "$w/v0")" = "$(stat -c %s "$w/v2")" ] || fail "v2 has another size than v0"

# The runs, by number: each one's command line.
cmdline() {
	case $(($1 % 6)) in
	0) echo "validate --format=json" ;;
	1) echo "report 2024 --format=json" ;;
	2) echo "validate" ;;
	3) echo "report 2024 --format=markdown" ;;
	4) echo "export fiches --excel" ;;
	5) echo "indicators --year=2024 --format=csv" ;;
	esac
}
# expected outputs of every state (stdout, stderr and status in one file)
for v in 0 1 2; do
	cp "$w/v$v" "$f"
	for k in 0 1 2 3 4 5; do
		{ "$CLS" --no-cache $(cmdline $k); echo "exit $?"; } >"$w/exp.$v.$k" 2>&1
	done
done
cmp -s "$w/exp.0.1" "$w/exp.2.1" && fail "v2 does not change the report: the test proves nothing"
cmp -s "$w/exp.0.4" "$w/exp.2.4" && fail "v2 does not change the export: the test proves nothing"
cp "$w/v0" "$f"
stamp=$(stat -c %Y "$f")

# the editor: a version to a temporary file, renamed over the fiche; every
# other time with v0's mtime put back
(
	i=0
	while [ ! -f "$w/stop" ]; do
		i=$((i + 1))
		cp "$w/v$((i % 3))" "$f.tmp"
		[ $((i % 2)) = 0 ] && touch -d "@$stamp" "$f.tmp"
		mv "$f.tmp" "$f"
	done
) &
editor=$!

round=0
while [ $round -lt 6 ]; do
	round=$((round + 1))
	j=0 pids=""
	while [ $j -lt 8 ]; do
		{ "$CLS" $(cmdline $j); echo "exit $?"; } >"$w/got.$j" 2>&1 &
		pids="$pids $!"
		j=$((j + 1))
	done
	wait $pids
	j=0
	while [ $j -lt 8 ]; do
		k=$((j % 6))
		if ! cmp -s "$w/got.$j" "$w/exp.0.$k" && ! cmp -s "$w/got.$j" "$w/exp.1.$k" \
			&& ! cmp -s "$w/got.$j" "$w/exp.2.$k"; then
			fail "round $round, cls $(cmdline $k): an output of no state: $(diff "$w/exp.0.$k" "$w/got.$j" | head -n 8)"
		fi
		j=$((j + 1))
	done
done
touch "$w/stop"
wait $editor

# the edits over: the answer of the last state, from the cache too
for v in 0 1 2; do cmp -s "$f" "$w/v$v" && last=$v; done
for k in 0 1 2 3 4 5; do
	{ "$CLS" $(cmdline $k); echo "exit $?"; } >"$w/got" 2>&1
	cmp -s "$w/got" "$w/exp.$last.$k" || fail "after the edits, cls $(cmdline $k) gives a stale answer: $(diff "$w/exp.$last.$k" "$w/got" | head -n 8)"
done
ic=$(sqlite3 "$CLS_CACHE_DIR/cls.db" 'PRAGMA integrity_check;' 2>&1)
[ "$ic" = ok ] || fail "integrity_check: $ic"
[ $fails -eq 0 ]
