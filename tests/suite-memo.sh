#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# runs under valgrind
# suite-memo.sh - the memo (cmd/memo.c, lib/memo.c) answers a command again
# from what its last run wrote, and must never give another answer than a
# run would: same output, same messages, same exit status, and a new answer
# as soon as a file, an argument, the folder or the language changes.  A
# run answered by the memo is told from a real one by the database: only a
# real run opens cls.db, so a memo answer leaves it deleted.
NAME=memo . "$(dirname "$0")/lib.sh"
V=${VALGRIND:-}
db=$CLS_CACHE_DIR/cls.db
memo=$CLS_CACHE_DIR/memo
# Files copied a moment ago are "racy" for 2 s (cls-format(5)): the tests
# that need answers kept right away say so with CLS_MEMO_RACY_MS=0, and
# only change files in ways that change their size.
export CLS_MEMO_RACY_MS=0

# run LABEL ARGS...: cls ARGS with its outputs in $w/LABEL.{out,err,st}
run() {
	rl=$1; shift
	$V "$CLS" "$@" >"$w/$rl.out" 2>"$w/$rl.err"; echo $? >"$w/$rl.st"
}
# same A B WHAT: runs A and B gave the same stdout, stderr and status
same() {
	for x in out err st; do
		cmp -s "$w/$1.$x" "$w/$2.$x" || fail "$3: $x differs: $(diff "$w/$1.$x" "$w/$2.$x" | head -5)"
	done
}
# answered LABEL ARGS...: cls ARGS is answered by the memo (no database
# opened) and gives what --no-cache gives
answered() {
	l=$1; shift
	rm -f "$db" "$db-wal" "$db-shm"
	run "$l" "$@"
	[ ! -e "$db" ] || fail "$l: not answered by the memo (cls.db was opened)"
	run "$l-ref" --no-cache "$@"
	same "$l-ref" "$l" "$l against --no-cache"
}
# computed LABEL ARGS...: cls ARGS runs for real and gives what --no-cache
# gives
computed() {
	l=$1; shift
	rm -f "$db" "$db-wal" "$db-shm"
	run "$l" "$@"
	[ -e "$db" ] || fail "$l: answered by the memo, yet something changed"
	run "$l-ref" --no-cache "$@"
	same "$l-ref" "$l" "$l against --no-cache"
}

# 1. a report, kept then answered, stdout and -o alike
run r1 report 2024 --format=json
ls "$memo"/* >/dev/null 2>&1 || fail "no answer was kept in $memo"
answered r2 report 2024 --format=json
same r1 r2 "report answered"
run o1 report 2024 -o "$w/o.html"
mv "$w/o.html" "$w/o1.html"
rm -f "$db" "$db-wal" "$db-shm"
run o2 report 2024 -o "$w/o.html"
[ ! -e "$db" ] || fail "-o: not answered by the memo"
cmp -s "$w/o1.html" "$w/o.html" || fail "-o: the answered file differs"
grep -q '</html>' "$w/o.html" || fail "-o: the answered file is not a whole report"
ls "$w"/o.html.tmp.* >/dev/null 2>&1 && fail "-o: a temporary file was left"

# 2. errors: messages on stderr and exit 1, answered the same
f=fiches/01-coordination.yaml
sed -i 's/axe: "1"/axe: "9"/' "$f"
computed e1 report 2024
[ "$(cat "$w/e1.st")" = 1 ] || fail "errors: exit $(cat "$w/e1.st"), expected 1"
grep -q unknown-axe "$w/e1.err" || fail "errors: the error is not said"
answered e2 report 2024
same e1 e2 "errors answered"
computed v1 validate --format=json
answered v2 validate --format=json
run v3 validate
answered v4 validate
same v3 v4 "validate answered"

# 3. a change is seen at once: the fix, then a fiche more, then one less
sed -i 's/axe: "9"/axe: "1"/' "$f"
computed c1 report 2024
[ "$(cat "$w/c1.st")" = 0 ] || fail "change: the fix is not seen"
cp fiches/12-articulation-cpts.yaml fiches/13-copie.yaml
sed -i 's/^id: "12"/id: "13"/' fiches/13-copie.yaml
computed c2 indicators --year 2024
rm fiches/13-copie.yaml
computed c3 indicators --year 2024
cmp -s "$w/c2.out" "$w/c3.out" && fail "change: a removed fiche is still listed"
# a rewrite that keeps the size and the mtime has a new ctime
stamp=$(stat -c %y "$f")
sed 's/^titre: S/titre: X/' "$f" >"$w/new" && cat "$w/new" >"$f"
touch -d "$stamp" "$f"
computed c4 export fiches

# 4. the arguments, the folder and the language are part of the question
run a0 report 2024 --format=json
answered a1 report 2024 --format=json
computed a2 report 2025 --format=json
cmp -s "$w/a1.out" "$w/a2.out" && fail "arguments: 2024 and 2025 gave one report"
answered a3 report 2024 --format=json
sed -i 's/axe: "1"/axe: "9"/' "$f"
run d0 validate
cd .. || exit 1
computed d1 validate c
grep -q '^c/fiches/01' "$w/d1.err" || fail "folder: paths not shown from the parent"
cd c || exit 1
answered d2 validate
same d0 d2 "folder: back in the contract"
# the same command line from another folder: paths are shown from there
run d3 indicators "$w/c"
cd .. || exit 1
computed d4 indicators "$w/c"
cd c || exit 1
grep -q '^c/fiches/01' "$w/d4.err" || fail "folder: indicators: paths not shown from the parent"
export LANGUAGE=fr
computed l1 validate
unset LANGUAGE
grep -q "erreur" "$w/l1.err" || fail "language: French not spoken"
answered l2 validate
cmp -s "$w/l1.err" "$w/l2.err" && fail "language: English run answered in French"
sed -i 's/axe: "9"/axe: "1"/' "$f"

# 5. a run that failed before writing any output creates no -o file
cp cls.yaml "$w/cls.yaml.ok"
sed -i 's/^  debut: 2022$/  debut: deux/' cls.yaml
computed p1 report 2024 -o "$w/p1.html"
[ "$(cat "$w/p1.st")" = 1 ] || fail "no periode: exit $(cat "$w/p1.st"), expected 1"
rm -f "$w/p1.html"
answered p2 report 2024 -o "$w/p1.html"
[ ! -e "$w/p1.html" ] || fail "no periode: the answer created the -o file"
cp "$w/cls.yaml.ok" cls.yaml

# 6. an answer that cannot be written fails like a run
run f0 report 2024 -o /dev/null
answered f1 report 2024 -o /dev/null
# (a private device node: /dev/full itself is never written to)
if mknod "$w/full" c 1 7 2>/dev/null; then
	run f2 report 2024
	$V "$CLS" report 2024 >"$w/full" 2>"$w/full.err"; st=$?
	[ "$st" = 2 ] || fail "full disk: exit $st, expected 2"
	grep -q "^cls: cannot write" "$w/full.err" || fail "full disk: the failure is not said: $(cat "$w/full.err")"
fi

# 7. several contracts: a change in the second is seen
cp -R "$top/examples/pays-cevennes" "$w/c2"
run m1 indicators . "$w/c2"
answered m2 indicators . "$w/c2"
printf '# une ligne de plus\n' >>"$w/c2/cls.yaml"
computed m3 indicators . "$w/c2"

# 8. a broken answer is never used: it is replaced
for a in "$memo"/*; do printf 'CLSMEMO1 cut short' >"$a"; done
computed b1 report 2024 --format=json
answered b2 report 2024 --format=json
# a status changed in place (same length): the header's check refuses it
for a in "$memo"/*; do printf '\002' | dd of="$a" bs=1 seek=16 conv=notrunc 2>/dev/null; done
computed b3 report 2024 --format=json
[ "$(cat "$w/b3.st")" = 0 ] || fail "a damaged status was believed"

# 9. --no-cache keeps nothing; cls cache clear forgets every answer
rm -rf "$memo"
$V "$CLS" --no-cache report 2024 >/dev/null 2>&1
[ ! -e "$memo" ] || fail "--no-cache kept an answer"
run k1 report 2024
ls "$memo"/* >/dev/null 2>&1 || fail "no answer kept"
$V "$CLS" cache clear >/dev/null 2>&1 || fail "cache clear failed"
[ ! -e "$memo" ] || fail "cache clear left the answers"

# 10. files changed within the racy window of the survey: no answer kept,
# none given (a second change within the same clock tick would not show in
# their stat).  Neither depends on how long a run takes (valgrind, a loaded
# machine): a window of 10 min for a file just changed, and the default
# window (2 s) for a file whose mtime is ahead of the clock.
rm -rf "$CLS_CACHE_DIR"
echo "# modifié" >>"$f"
CLS_MEMO_RACY_MS=600000 $V "$CLS" report 2024 >/dev/null 2>&1
n=$(ls "$memo" 2>/dev/null | wc -l)
[ "$n" = 0 ] || fail "racy: $n answers kept for files just changed"
unset CLS_MEMO_RACY_MS
touch -d '+1 hour' "$f"
$V "$CLS" report 2024 >/dev/null 2>&1
n=$(ls "$memo" 2>/dev/null | wc -l)
[ "$n" = 0 ] || fail "racy: $n answers kept for a file dated ahead"
touch "$f"
export CLS_MEMO_RACY_MS=0

# 11. the oldest answers go past 64 (not under valgrind: 70 runs)
if [ -z "$V" ]; then
	i=0
	while [ $i -lt 70 ]; do
		"$CLS" export fiches -o "$w/e$i.csv" >/dev/null 2>&1
		i=$((i + 1))
	done
	n=$(ls "$memo" | wc -l)
	[ "$n" -le 64 ] || fail "eviction: $n answers kept, at most 64"
	[ "$n" -ge 60 ] || fail "eviction: only $n answers kept"
	rm -f "$db" "$db-wal" "$db-shm"
	"$CLS" export fiches -o "$w/e69.csv" >/dev/null 2>&1
	[ ! -e "$db" ] || fail "eviction: the latest answer was forgotten"
fi

# 12. an answer is never written over the contract's data (cls(1), SAFE
# OUTPUT): an -o FILE kept as a plain file, then made a symbolic link to
# cls.yaml or a hard link to a fiche, has the run load the contract, which
# refuses it: exit 2, and both files as they were
f=fiches/01-coordination.yaml
sum=$(cat cls.yaml "$f" | cksum)
run g0 report 2024 -o g.html
[ "$(cat "$w/g0.st")" = 0 ] || fail "guard: the plain file was refused"
rm -f g.html && ln -s cls.yaml g.html
rm -f "$db" "$db-wal" "$db-shm"
run g1 report 2024 -o g.html
[ -e "$db" ] || fail "guard: a symbolic link to cls.yaml answered by the memo"
[ "$(cat "$w/g1.st")" = 2 ] || fail "guard: symbolic link: exit $(cat "$w/g1.st"), expected 2"
grep -q 'would replace cls.yaml' "$w/g1.err" || fail "guard: symbolic link: not said: $(cat "$w/g1.err")"
[ -L g.html ] || fail "guard: the symbolic link was replaced"
rm -f g.html && ln "$f" g.html
rm -f "$db" "$db-wal" "$db-shm"
run g2 report 2024 -o g.html
[ -e "$db" ] || fail "guard: a hard link to a fiche answered by the memo"
[ "$(cat "$w/g2.st")" = 2 ] || fail "guard: hard link: exit $(cat "$w/g2.st"), expected 2"
[ "$(stat -c %h "$f")" = 2 ] || fail "guard: the hard link was replaced"
[ "$(cat cls.yaml "$f" | cksum)" = "$sum" ] || fail "guard: the contract's files changed"
rm -f g.html

[ "$fails" = 0 ]
