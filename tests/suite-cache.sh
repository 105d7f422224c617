#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-cache.sh - attacks the cache and proves it never changes an answer:
# corrupt, stale-version, read-only, unwritable, locked and shared caches;
# fiches added, deleted and rewritten within the same second; cls.yaml
# changed.  Run by tests/run.sh with CLS set to the binary under test.
NAME=cache . "$(dirname "$0")/lib.sh"

# the reference: no cache at all
ref() { "$CLS" --no-cache validate --format=json >"$w/ref.out" 2>"$w/ref.err"; echo $? >"$w/ref.st"; }
# a cached run must match the reference exactly (stdout, status)
same() { # label [expected-stderr-pattern]
	"$CLS" validate --format=json >"$w/got.out" 2>"$w/got.err"; st=$?
	cmp -s "$w/ref.out" "$w/got.out" || fail "$1: stdout differs from --no-cache"
	[ "$st" = "$(cat "$w/ref.st")" ] || fail "$1: exit $st, expected $(cat "$w/ref.st")"
	if [ -n "${2:-}" ]; then grep -q "$2" "$w/got.err" || fail "$1: stderr lacks \"$2\": $(cat "$w/got.err")"
	else [ ! -s "$w/got.err" ] || fail "$1: unexpected stderr: $(cat "$w/got.err")"; fi
}

ref; same "cold"; same "warm"
db=$CLS_CACHE_DIR/cls.db; [ -f "$db" ] || db=""
[ -n "$db" ] || fail "no cache database was written"

# corrupt: rebuilt with exactly one warning, then silent
printf 'this is not a database %0500d' 0 >"$db"
same "corrupt" "was corrupt"
[ "$(grep -c corrupt "$w/got.err")" = 1 ] || fail "corrupt: more than one warning"
same "after rebuild"
# garbage in the middle of the file
if command -v dd >/dev/null; then
	dd if=/dev/urandom of="$db" bs=1 seek=4096 count=2048 conv=notrunc 2>/dev/null
	"$CLS" validate --format=json >"$w/got.out" 2>"$w/got.err"
	cmp -s "$w/ref.out" "$w/got.out" || fail "mid-file corruption changed the answer"
	same "after mid-file corruption"
fi

# a fiche deleted, added, rewritten in the same second with the same size
rm fiches/12-articulation-cpts.yaml; ref; same "deleted fiche"
cp "$top/examples/pays-des-vans/fiches/12-articulation-cpts.yaml" fiches/zz-new.yaml
sed -i 's/^id: "12"/id: "13"/' fiches/zz-new.yaml; ref; same "added fiche"
f=fiches/01-coordination.yaml
# (the cache can only tell a rewrite that keeps size, inode and mtime when
# the mtime is within 2 s of its row's writing, or after it: an mtime an
# hour ahead keeps the file "racy" however slow the build under test)
touch -d "@$(($(date +%s) + 3600))" "$f"
stamp=$(stat -c %y "$f")
same "before rewrite"
# in place (same inode), same size, same mtime: only the content hash of a
# racy entry can tell
ino=$(stat -c %i "$f")
sed 's/^titre: S/titre: X/' "$f" >"$w/new" && dd if="$w/new" of="$f" conv=notrunc 2>/dev/null
touch -d "$stamp" "$f"
[ "$(stat -c %i "$f")" = "$ino" ] || fail "rewrite changed the inode: the test proves nothing"
ref; same "rewritten within the same second"
grep -q '"errors": 0' "$w/ref.out" || fail "rewrite: example no longer valid"
sed 's/axe: "1"/axe: "9"/' "$f" >"$w/new" && dd if="$w/new" of="$f" conv=notrunc 2>/dev/null
touch -d "$stamp" "$f"
ref; same "rewritten to an error, same mtime"
grep -q 'unknown-axe' "$w/ref.out" || fail "rewrite: the new error is not seen"
sed -i 's/axe: "9"/axe: "1"/' "$f"; ref; same "fixed again"
# the same rewrite with an mtime put back an hour (rsync -t, cp -p, an
# editor): not racy, same size, inode and mtime; only the ctime, which no
# tool sets back, tells
touch -d "@$(($(date +%s) - 3600))" "$f"; stamp=$(stat -c %y "$f")
same "old mtime"
sed 's/axe: "1"/axe: "9"/' "$f" >"$w/new" && dd if="$w/new" of="$f" conv=notrunc 2>/dev/null
touch -d "$stamp" "$f"
ref; same "rewritten in place under an old mtime"
grep -q 'unknown-axe' "$w/ref.out" || fail "old mtime: the new error is not seen"
sed -i 's/axe: "9"/axe: "1"/' "$f"; ref; same "fixed once more"

# cls.yaml changes what the unchanged fiches mean
sed -i 's/fin: 2026/fin: 2023/' cls.yaml; ref; same "periode shortened"
grep -q 'year-outside-periode' "$w/ref.out" || fail "periode change not seen"
sed -i 's/fin: 2023/fin: 2026/' cls.yaml; ref; same "periode restored"

# truncated (a disk that filled up, a copy cut short): in the header, in
# the middle of a page, a page short; random bytes from the start; each is
# rebuilt with exactly one warning and gives the same answer
for cut in 50 1000 half page; do
	same "before truncation at $cut"
	size=$(stat -c %s "$db")
	case $cut in half) n=$((size / 2)) ;; page) n=$((size - 4096)) ;; *) n=$cut ;; esac
	truncate -s "$n" "$db"; rm -f "$db-wal" "$db-shm"
	"$CLS" validate --format=json >"$w/got.out" 2>"$w/got.err"
	cmp -s "$w/ref.out" "$w/got.out" || fail "truncated at $cut: the answer changed"
	n=$(grep -c "was corrupt: it has been rebuilt" "$w/got.err")
	# a cut that only loses whole free pages may go unnoticed: then silent
	[ "$n" -le 1 ] || fail "truncated at $cut: $n warnings"
	[ "$cut" = page ] || [ "$n" = 1 ] || fail "truncated at $cut: no warning: $(cat "$w/got.err")"
	same "after truncation at $cut"
done
head -c 65536 /dev/urandom >"$db"; rm -f "$db-wal" "$db-shm"
same "random bytes" "was corrupt: it has been rebuilt"
[ "$(grep -c corrupt "$w/got.err")" = 1 ] || fail "random bytes: more than one warning"
same "after random bytes"

# an older cache format is rebuilt silently (an upgrade); one written by a
# newer cls, or another program's database, with one warning
sqlite3 "$db" 'PRAGMA user_version = 1;' && same "older version"
sqlite3 "$db" 'PRAGMA user_version = 99;' && same "newer version" "written by a newer version of cls: it has been rebuilt"
[ "$(grep -c warning "$w/got.err")" = 1 ] || fail "newer version: more than one warning"
same "after newer version"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$db" 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1);'
same "another database" "is not a cls cache: it has been rebuilt"
same "after another database"
[ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'notes'")" = 0 ] \
	|| fail "another database: rebuilt around the foreign table"

# read-only cache folder and database, and an impossible one: run without
# cache.  Root ignores file modes, so as root this runs as nobody.
if [ "$(id -u)" != 0 ]; then
	chmod -R a-w "$CLS_CACHE_DIR"; same "read-only cache"; chmod -R u+w "$CLS_CACHE_DIR"
elif command -v setpriv >/dev/null 2>&1; then
	ro=$(mktemp -d "${TMPDIR:-/tmp}/cls-ro.XXXXXX")
	cp -R . "$ro/c" && cp "$CLS" "$ro/cls" && mkdir "$ro/cache"
	chmod -R a+rX "$ro" && chown 65534 "$ro/cache"
	asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env CLS_CACHE_DIR="$ro/cache" "$ro/cls" -C "$ro/c" validate --format=json; }
	asnobody >/dev/null 2>&1            # fills it, as nobody
	[ -s "$ro/cache/cls.db" ] || fail "nobody could not fill the cache: the read-only test proves nothing"
	chmod -R a-w "$ro/cache"            # then nobody may not write
	asnobody >"$w/got.out" 2>"$w/got.err"; st=$?
	cmp -s "$w/ref.out" "$w/got.out" || fail "read-only cache changed the answer"
	[ "$st" = "$(cat "$w/ref.st")" ] || fail "read-only cache: exit $st"
	[ ! -s "$w/got.err" ] || fail "read-only cache: $(cat "$w/got.err")"
	chmod -R u+w "$ro"; rm -rf "$ro"
fi
CLS_CACHE_DIR=/proc/no/such/place "$CLS" validate --format=json >"$w/got.out" 2>"$w/got.err"
cmp -s "$w/ref.out" "$w/got.out" || fail "unwritable cache location changed the answer"
[ ! -s "$w/got.err" ] || fail "unwritable cache location: $(cat "$w/got.err")"
: >"$w/file"; CLS_CACHE_DIR="$w/file" "$CLS" validate --format=json >"$w/got.out" 2>"$w/got.err"
cmp -s "$w/ref.out" "$w/got.out" || fail "cache location that is a file changed the answer"
grep -q "is not a folder of yours" "$w/got.err" || fail "cache location that is a file: no note: $(cat "$w/got.err")"

# locked: a writer holds the database for a second; cls waits, same answer
touch fiches/01-coordination.yaml
( sqlite3 "$db" 'BEGIN EXCLUSIVE; SELECT count(*) FROM file;' '.shell sleep 1' 'COMMIT;' >/dev/null 2>&1 & )
sleep 0.2
same "locked"
wait

# shared: parallel runs never corrupt it nor change an answer
rm -rf "$CLS_CACHE_DIR"
i=0; while [ $i -lt 8 ]; do
	( "$CLS" validate --format=json >"$w/par.$i" 2>"$w/par.err.$i" ) & i=$((i + 1))
done
wait
i=0; while [ $i -lt 8 ]; do
	cmp -s "$w/ref.out" "$w/par.$i" || fail "parallel run $i differs"
	[ ! -s "$w/par.err.$i" ] || fail "parallel run $i: $(cat "$w/par.err.$i")"
	i=$((i + 1))
done
db=$CLS_CACHE_DIR/cls.db
[ "$(sqlite3 "$db" 'PRAGMA integrity_check;')" = ok ] || fail "integrity_check after parallel runs"

# a cls whose output waits on a reader holds no lock on the cache: its
# rows are committed before it writes (the 450 KB report fills the pipe),
# so another cls fills the cache meanwhile, instead of finding it locked
# and going on without writing
python3 "$top/bench/gen-corpus.py" "$w/big" 1 150 || fail "gen-corpus.py"
mkdir "$w/other" && cp -R cls.yaml fiches "$w/other/"
mkfifo "$w/fifo"
( exec 3<"$w/fifo"; head -c 1 <&3 >"$w/first"
  while [ ! -f "$w/go" ]; do sleep 0.1; done; cat <&3 >>"$w/first" ) &
"$CLS" -C "$w/big/cls-001" report 2024 --format=json >"$w/fifo" &
i=0; while [ ! -s "$w/first" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$w/first" ] || fail "blocked writer: no output after 60 s"
"$CLS" -C "$w/other" validate >/dev/null 2>&1 || fail "validate beside a blocked writer"
n=$(sqlite3 "$db" "SELECT count(*) FROM file WHERE root LIKE '%/other'")
[ "$n" = 13 ] || fail "beside a blocked writer, $n of 13 rows were written"
touch "$w/go"; wait
"$CLS" --no-cache -C "$w/big/cls-001" report 2024 --format=json >"$w/ref.json"
cmp -s "$w/ref.json" "$w/first" || fail "the blocked writer's report differs"

# a row that is not one cls wrote, among the 151 rows of a contract
# decoded in threads: that file is read again, the cache rebuilt with one
# note, the answer that of --no-cache (the memo kept out of it).  The rows
# are dated 10 s later than written, so that no file is "racy" (checked
# by its content, one by one) and the rows are answered by identity.
sqlite3 "$db" "UPDATE file SET written_ns = written_ns + 10000000000 WHERE root LIKE '%/big/cls-001'"
sqlite3 "$db" "UPDATE file SET data = zeroblob(length(data)) WHERE root LIKE '%/big/cls-001' AND path = 'fiches/07-fiche.yaml'"
[ "$(sqlite3 "$db" "SELECT count(*) FROM file WHERE root LIKE '%/big/cls-001' AND data = zeroblob(length(data))")" = 1 ] \
    || fail "no row was damaged: $(sqlite3 "$db" "SELECT path FROM file WHERE root LIKE '%/big/cls-001' LIMIT 3")"
CLS_THREADS=2 CLS_MEMO_RACY_MS=1000000000000 "$CLS" -C "$w/big/cls-001" report 2024 --format=json >"$w/got.json" 2>"$w/got.err" \
    || fail "a damaged row among many: exit $?"
cmp -s "$w/ref.json" "$w/got.json" || fail "a damaged row among many: the report differs"
[ "$(grep -c "it has been rebuilt" "$w/got.err")" = 1 ] || fail "a damaged row among many: not one note: $(cat "$w/got.err")"

# the parts of a listing or a table kept for each contract (cls_writer_
# sections(), cls_contract_keep()): a run over contracts that have not
# changed writes their parts again, and gives what --no-cache gives, for
# every form of the output the part depends on; a contract that changed
# is built again and its part replaced, the others' parts are left as they
# were; a damaged part is never written.  The memo is kept out of it; the
# parts are dated 10 s later than written, so that no file is "racy".
m=$w/many
mkdir -p "$m"
cp -R "$top/examples/pays-des-vans" "$m/a"
cp -R "$top/examples/pays-cevennes" "$m/b"
cp -R "$top/examples/pays-des-vans" "$m/c"
part() { sqlite3 "$db" "SELECT count(*) FROM answer WHERE root LIKE '%/many/$1'"; }
age() { for t in answer result; do sqlite3 "$db" "UPDATE $t SET written_ns = written_ns + 10000000000 WHERE written_ns < $(date +%s)000000000 + 5000000000"; done; }
stamp() { sqlite3 "$db" "SELECT group_concat(written_ns) FROM (SELECT written_ns FROM answer WHERE root LIKE '%/many/$1' ORDER BY key)"; }
# parted LABEL ARGS...: cls ARGS (folders a b c) twice, the second from the
# parts, both as --no-cache
parted() {
	pl=$1; shift
	"$CLS" --no-cache "$@" >"$w/$pl.ref" 2>"$w/$pl.referr"; pst=$?
	for pass in fill again; do
		CLS_MEMO_RACY_MS=1000000000000 "$CLS" "$@" >"$w/$pl.$pass" 2>"$w/$pl.err"; st=$?
		[ "$st" = "$pst" ] || fail "$pl ($pass): exit $st, --no-cache $pst"
		cmp -s "$w/$pl.ref" "$w/$pl.$pass" || fail "$pl ($pass): the output differs from --no-cache: $(diff "$w/$pl.ref" "$w/$pl.$pass" | head -4)"
		cmp -s "$w/$pl.referr" "$w/$pl.err" || fail "$pl ($pass): the messages differ from --no-cache: $(diff "$w/$pl.referr" "$w/$pl.err" | head -4)"
		[ $pass = fill ] && { age; before=$(stamp b); }
	done
	[ -n "$before" ] || fail "$pl: no part was kept"
	[ "$(stamp b)" = "$before" ] || fail "$pl: the parts were built again, not written again"
}
cd "$m"
parted ind-text indicators a b c
parted ind-one indicators b
parted ind-year indicators --year 2024 a b c
parted ind-outside indicators --year 2031 a b c
parted ind-missing indicators --missing --year 2024 a b c
parted ind-csv indicators --format=csv --excel a b c
parted ind-color --color=always indicators a b c
parted exp-fiches export fiches a b c
parted exp-ind export indicateurs --year 2024 a b c
parted exp-fin export financements a b c
parted exp-bom export suivi --bom --sep=';' a b c
cd a && parted ind-here indicators
cd fiches && parted ind-C -C .. indicators ../../b
cd "$m"
[ "$(part a)" -ge 11 ] || fail "parts: $(part a) parts kept for a, not one per form"
# a fiche of a, then cls.yaml of b, changed (in size, so that the change
# is seen at once): their parts are built again, those of c are left
for f in a/fiches/$(ls a/fiches | head -n 1) b/cls.yaml; do
	printf '\n# changed\n' >>"$f"
	c0=$(stamp c)
	CLS_MEMO_RACY_MS=1000000000000 "$CLS" indicators a b c >"$w/chg.out" 2>"$w/chg.err"; st=$?
	"$CLS" --no-cache indicators a b c >"$w/chg.ref" 2>/dev/null; rst=$?
	[ "$st" = "$rst" ] && cmp -s "$w/chg.ref" "$w/chg.out" || fail "$f changed: the listing differs from --no-cache"
	CLS_MEMO_RACY_MS=1000000000000 "$CLS" export fiches a b c >"$w/chg.out" 2>"$w/chg.err"
	"$CLS" --no-cache export fiches a b c >"$w/chg.ref" 2>/dev/null
	cmp -s "$w/chg.ref" "$w/chg.out" || fail "$f changed: the table differs from --no-cache"
	[ "$(stamp c)" = "$c0" ] || fail "$f changed: the parts of an unchanged contract were built again"
done
# a damaged part: the cache is rebuilt with one note, the answer stays
age
sqlite3 "$db" "UPDATE answer SET data = zeroblob(length(data)) WHERE root LIKE '%/many/c'"
CLS_MEMO_RACY_MS=1000000000000 "$CLS" indicators a b c >"$w/dmg.out" 2>"$w/dmg.err"
"$CLS" --no-cache indicators a b c >"$w/dmg.ref" 2>/dev/null
cmp -s "$w/dmg.ref" "$w/dmg.out" || fail "a damaged part: the listing differs from --no-cache"
[ "$(grep -c "it has been rebuilt" "$w/dmg.err")" = 1 ] || fail "a damaged part: not one note: $(cat "$w/dmg.err")"
cd "$w/c"

# a cache pointed elsewhere is refused, with one note, and nothing is
# written where it points: cls.db (or SQLite's files beside it) a symlink
# to a device or to another file, or another user's; the folder another
# user's.  The answer stays that of --no-cache.
keep=$CLS_CACHE_DIR
for kind in db-dev db-file wal-file db-other dir-other; do
	CLS_CACHE_DIR="$w/pointed-$kind/cache"; export CLS_CACHE_DIR
	mkdir -p "$CLS_CACHE_DIR" "$w/pointed-$kind/away"
	: >"$w/pointed-$kind/away/target"
	case $kind in
	db-dev) ln -s /dev/zero "$CLS_CACHE_DIR/cls.db" ;;
	db-file) ln -s "$w/pointed-$kind/away/target" "$CLS_CACHE_DIR/cls.db" ;;
	wal-file) ln -s "$w/pointed-$kind/away/target" "$CLS_CACHE_DIR/cls.db-wal" ;;
	db-other) : >"$CLS_CACHE_DIR/cls.db"; chown 65534 "$CLS_CACHE_DIR/cls.db" ;;
	dir-other) rmdir "$CLS_CACHE_DIR"; chown 65534 "$w/pointed-$kind/away"
		ln -s "$w/pointed-$kind/away" "$CLS_CACHE_DIR" ;;
	esac
	[ "$(id -u)" = 0 ] || case $kind in *-other) continue ;; esac
	same "cache $kind" "running without the cache"
	[ "$(grep -c "running without the cache" "$w/got.err")" = 1 ] || fail "cache $kind: not exactly one note"
	[ ! -s "$w/pointed-$kind/away/target" ] || fail "cache $kind: wrote into what it points to"
	left=$(ls -A "$w/pointed-$kind/away" | grep -v '^target$')
	[ -z "$left" ] || fail "cache $kind: wrote beside what it points to: $left"
done
CLS_CACHE_DIR=$keep; export CLS_CACHE_DIR

# cls cache path / clear
[ "$("$CLS" cache path)" = "$CLS_CACHE_DIR" ] || fail "cache path"
"$CLS" cache clear || fail "cache clear exit"
ls "$CLS_CACHE_DIR"/*.db >/dev/null 2>&1 && fail "cache clear left database files"
same "after clear"

[ $fails -eq 0 ]
