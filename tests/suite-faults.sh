#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-faults.sh - faults from outside: output that cannot be written (a
# read-only folder, a full disk as /dev/full and as ulimit -f, a folder, a
# device), runs killed by SIGINT, SIGTERM or SIGKILL at random moments while
# they fill the cache of a large contract, and fiches deleted, renamed and
# rewritten while runs read them; imports killed at each step of their
# write (CLS_TEST_CRASH_AT, the library's test hook) and at random moments,
# two imports at once, a fiche saved during one, and the journal an
# interrupted import leaves in a read-only or hostile contract.  The rule
# each time: exit 2 and a clear message, or the right answer; never a
# crash, a half-written file, a part of an import, a temporary file left, a
# lost previous file or a corrupt cache.  The cache's own corruptions are
# in suite-cache.sh.
NAME=faults . "$(dirname "$0")/lib.sh"
editor=""
cleanup='[ -z "$editor" ] || kill $editor 2>/dev/null'
# a run's stderr must hold no sanitizer report and no crash
clean() { ! grep -q -e 'Sanitizer' -e 'runtime error' -e 'Segmentation' "$1"; }

# ------------------------------------------------- output that cannot be written
echo "l'ancien bilan" >"$w/old"
# expect_fail LABEL PATTERN: the last run exited 2 with "cls: ...PATTERN" and
# left bilan.html as it was, and no temporary file
expect_fail() {
	[ "$st" = 2 ] || fail "$1: exit $st, expected 2"
	grep -q "^cls: cannot write .*$2" "$w/err" || fail "$1: message: $(cat "$w/err")"
	clean "$w/err" || fail "$1: $(cat "$w/err")"
	cmp -s "$w/old" "$w/out/bilan.html" || fail "$1: the previous bilan.html was changed"
	ls "$w/out/" | grep -q tmp && fail "$1: a temporary file was left: $(ls "$w/out")"
}
mkdir "$w/out"
cp "$w/old" "$w/out/bilan.html"

# a full disk: ulimit -f (the shell's limit in 512-byte blocks)
( ulimit -f 20; "$CLS" report 2024 -o "$w/out/bilan.html" >/dev/null 2>"$w/err" ); st=$?
expect_fail "ulimit -f" "File too large"
# the same for the text report on stdout, redirected to a file
( ulimit -f 1; "$CLS" report 2024 >"$w/out/stdout.txt" 2>"$w/err" ); st=$?
[ "$st" = 2 ] && grep -q "^cls: cannot write to stdout: File too large" "$w/err" \
	|| fail "ulimit -f on stdout: exit $st: $(cat "$w/err")"
rm -f "$w/out/stdout.txt"

# a full disk: /dev/full as stdout (the shell opens it: safe), for each
# command that writes
if [ -c /dev/full ]; then
	for args in "report 2024" "report 2024 --format=html" "validate --format=json" "validate --format=sarif" "--help" "cache path"; do
		"$CLS" $args >/dev/full 2>"$w/err"; st=$?
		[ "$st" = 2 ] && grep -q "^cls: cannot write to stdout: No space left on device$" "$w/err" \
			|| fail "cls $args >/dev/full: exit $st: $(cat "$w/err")"
	done
fi
# -o naming a device is written to, not replaced by a file.  Never tried
# on the system's /dev/full and /dev/null: a cls with that bug, run as root,
# would replace them for the whole machine.  Private nodes of the same
# devices instead (root only: mknod).
if mknod "$w/out/full" c 1 7 2>/dev/null && mknod "$w/out/null" c 1 3 2>/dev/null; then
	"$CLS" report 2024 -o "$w/out/full" >/dev/null 2>"$w/err"; st=$?
	[ "$st" = 2 ] && grep -q "^cls: cannot write $w/out/full: No space left on device$" "$w/err" \
		|| fail "-o FULL-DEVICE: exit $st: $(cat "$w/err")"
	[ -c "$w/out/full" ] || fail "-o FULL-DEVICE replaced the device by a file"
	"$CLS" report 2024 -o "$w/out/null" 2>"$w/err"; st=$?
	[ "$st" = 0 ] && [ -c "$w/out/null" ] || fail "-o NULL-DEVICE: exit $st: $(cat "$w/err")"
	ls "$w/out" | grep -q tmp && fail "-o DEVICE: a temporary file was left: $(ls "$w/out")"
	rm -f "$w/out/full" "$w/out/null"
fi

# -o naming a folder
"$CLS" report 2024 -o "$w/out" >/dev/null 2>"$w/err"; st=$?
[ "$st" = 2 ] && grep -q "it is a folder" "$w/err" || fail "-o FOLDER: exit $st: $(cat "$w/err")"

# -o through a symbolic link: the link stays, its target gets the report
ln -s bilan.html "$w/out/lien.html"
"$CLS" report 2024 -o "$w/out/lien.html" 2>"$w/err"; st=$?
[ "$st" = 0 ] && [ -L "$w/out/lien.html" ] && grep -q '</html>' "$w/out/bilan.html" \
	|| fail "-o LINK: exit $st, $(ls -l "$w/out")"
rm "$w/out/lien.html"; cp "$w/old" "$w/out/bilan.html"

# a read-only folder.  Root ignores file modes, so as root this runs as
# nobody (like suite-cache.sh), on a copy nobody can read.
if [ "$(id -u)" != 0 ]; then
	chmod a-w "$w/out"
	"$CLS" report 2024 -o "$w/out/bilan.html" >/dev/null 2>"$w/err"; st=$?
	chmod u+w "$w/out"
	expect_fail "read-only folder" "Permission denied"
elif command -v setpriv >/dev/null 2>&1; then
	ro=$(mktemp -d "${TMPDIR:-/tmp}/cls-ro.XXXXXX")
	cp -R . "$ro/c" && cp "$CLS" "$ro/cls" && mkdir "$ro/out" && cp "$w/old" "$ro/out/bilan.html"
	chmod -R a+rX "$ro" && chmod a-w "$ro/out"
	setpriv --reuid=65534 --regid=65534 --clear-groups env CLS_CACHE_DIR=/proc/none \
		"$ro/cls" -C "$ro/c" report 2024 -o "$ro/out/bilan.html" >/dev/null 2>"$w/err"; st=$?
	cp "$ro/out/bilan.html" "$w/out/bilan.html"
	ls "$ro/out" | grep -q tmp && fail "read-only folder: a temporary file was left"
	rm -rf "$ro"
	expect_fail "read-only folder" "Permission denied"
fi

# ------------------------------------- killed while filling the cache of a big one
big="$w/big"
python3 "$top/bench/gen-corpus.py" "$big" 1 600 >/dev/null || { fail "bench/gen-corpus.py"; exit 1; }
big=$(ls -d "$big"/*/ | head -n 1)
cd "$big" || exit 1
"$CLS" --no-cache validate --format=json >"$w/ref" 2>&1
# how long a cold run takes here: the kills land within it
t0=$(date +%s%N); "$CLS" validate >/dev/null 2>&1; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 + 1 ))
i=0
while [ $i -lt 24 ]; do
	i=$((i + 1))
	case $((i % 3)) in
	0) rm -rf "$CLS_CACHE_DIR" ;; # a cold fill
	1) touch fiches/*0-*.yaml ;;   # some rows to rewrite
	2) sed -i "s/^titre: .*/titre: \"Fiche $i\"/" "$(ls fiches/*.yaml | sed -n "$((i * 7))p")"
	   "$CLS" --no-cache validate --format=json >"$w/ref" 2>&1 ;;
	esac
	sig=KILL; [ $((i % 4)) = 1 ] && sig=INT; [ $((i % 4)) = 2 ] && sig=TERM
	delay=$(awk -v ms="$ms" -v s="$i$$" 'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.2 / 1000 }')
	"$CLS" validate >/dev/null 2>"$w/err" &
	pid=$!
	sleep "$delay"
	kill -s "$sig" $pid 2>/dev/null
	wait $pid 2>/dev/null
	clean "$w/err" || fail "SIG$sig after ${delay}s: $(cat "$w/err")"
	"$CLS" validate --format=json >"$w/got" 2>&1; st=$?
	cmp -s "$w/ref" "$w/got" || fail "after SIG$sig at ${delay}s (i=$i) the next run differs (exit $st): $(diff "$w/ref" "$w/got" | head -n 12)"
	ic=$(sqlite3 "$CLS_CACHE_DIR/cls.db" 'PRAGMA integrity_check;' 2>&1)
	[ "$ic" = ok ] || fail "after SIG$sig at ${delay}s: integrity_check: $ic"
done
cd "$w/c" || exit 1

# ------------------------------- fiches deleted, renamed, rewritten during runs
# A second process changes the fiches as fast as it can, every way a user or
# a tool might (rm, mv away and back, rewrite in place, truncate, a new
# file, a fiche replaced by a folder); meanwhile runs of validate and report
# must each end in a result (0 or 1) or a clear error (2, "cls: PATH: ...").
cp fiches/05-sante-sexuelle.yaml "$w/f05"
cp fiches/06-permis-de-louer.yaml "$w/f06"
(
	n=0
	while [ ! -f "$w/stop" ]; do
		n=$((n + 1))
		rm -f fiches/05-sante-sexuelle.yaml
		cp "$w/f05" fiches/05-sante-sexuelle.yaml
		mv fiches/06-permis-de-louer.yaml fiches/06-renamed.yaml
		mv fiches/06-renamed.yaml fiches/06-permis-de-louer.yaml
		: >fiches/05-sante-sexuelle.yaml
		cat "$w/f05" >fiches/05-sante-sexuelle.yaml
		head -c 700 "$w/f06" >fiches/06-permis-de-louer.yaml
		cp "$w/f06" fiches/06-permis-de-louer.yaml
		cp "$w/f05" fiches/zz-$n.yaml
		rm -f fiches/zz-$n.yaml
		rm -f fiches/05-sante-sexuelle.yaml && mkdir fiches/05-sante-sexuelle.yaml
		rmdir fiches/05-sante-sexuelle.yaml && cp "$w/f05" fiches/05-sante-sexuelle.yaml
	done
) &
editor=$!
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	case $((i % 3)) in
	0) set -- validate ;;
	1) set -- report 2024 ;;
	2) set -- validate --format=json ;;
	esac
	"$CLS" "$@" >"$w/out.txt" 2>"$w/err"; st=$?
	clean "$w/err" || fail "racing edits: cls $*: $(head -n 20 "$w/err")"
	case $st in
	0 | 1) ;;
	2) grep -q '^cls: fiches/[^:]*: ' "$w/err" \
		|| fail "racing edits: cls $*: exit 2 without a clear message: $(cat "$w/err")" ;;
	*) fail "racing edits: cls $*: exit $st: $(head -n 20 "$w/err")" ;;
	esac
done
touch "$w/stop"
wait $editor
editor=""
rm -f "$w/stop" fiches/zz-*.yaml
cp "$w/f05" fiches/05-sante-sexuelle.yaml
cp "$w/f06" fiches/06-permis-de-louer.yaml
# the edits over, the cache gives the answer of the files as they are
"$CLS" --no-cache validate --format=json >"$w/ref" 2>&1
"$CLS" validate --format=json >"$w/got" 2>&1
cmp -s "$w/ref" "$w/got" || fail "after racing edits the cached answer differs: $(diff "$w/ref" "$w/got" | head -n 5)"
[ "$(sqlite3 "$CLS_CACHE_DIR/cls.db" 'PRAGMA integrity_check;' 2>&1)" = ok ] \
	|| fail "after racing edits: integrity_check"

# ------------------------------------------------------ killed while importing
# The next command finishes (after the commit point) or rolls back (before
# it) an import killed at any step, says so once, and leaves the fiches all
# old or all new, no hidden file (temporary, backup, journal, lock), and a
# contract that validates.
# values CONTRACT CSV: a CSV of a new valeur for every indicateur of 2025
values() {
	( cd "$1" && "$CLS" export indicateurs --year=2025 ) >"$2" || fail "export for $1"
	python3 - "$2" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.DictReader(open(p, encoding="utf-8", newline="")))
for i, r in enumerate(rows):
    r["valeur"] = str(1000 + i)
w = csv.DictWriter(open(p, "w", encoding="utf-8", newline=""), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(rows)
PY
}
hidden() { find "$1" -name '.*' ! -name . | sort; }
# settled LABEL DIR OLD NEW: whether DIR is all OLD or all NEW, with
# nothing hidden left, and validates; sets got to old, new or part
settled() {
	h=$(hidden "$2")
	[ -z "$h" ] || fail "$1: left behind: $h"
	if diff -r "$3" "$2" >/dev/null 2>&1; then got=old
	elif diff -r "$4" "$2" >/dev/null 2>&1; then got=new
	else got=part; fail "$1: a part of the import: $(diff -r "$3" "$2" | head -n 8)"; fi
	"$CLS" -C "$2" validate >/dev/null 2>&1 || fail "$1: does not validate"
}
imp="$w/imp"
mkdir "$imp"
cp -R "$top/examples/pays-des-vans" "$imp/old"
values "$imp/old" "$imp/v.csv"
cp -R "$imp/old" "$imp/new"
"$CLS" -C "$imp/new" import "$imp/v.csv" >"$imp/out" 2>&1 || fail "import: $(cat "$imp/out")"
n=$(sed -n 's/.* in \([0-9]*\) files.*/\1/p' "$imp/out")
[ "${n:-0}" -gt 5 ] || fail "the import of the example writes $n files"
half=$((n / 2))
for step in locked journal temp:1 temp:$half temp:$n commit rename:1 rename:$half rename:$n renamed; do
	rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
	# a memo primed on the old files must not answer over the journal
	CLS_MEMO_RACY_MS=0 "$CLS" -C "$imp/c" validate >/dev/null 2>&1
	CLS_TEST_CRASH_AT=$step "$CLS" -C "$imp/c" import "$imp/v.csv" >/dev/null 2>"$w/err"; st=$?
	[ $st = 137 ] || fail "crash at $step: exit $st: $(cat "$w/err")"
	clean "$w/err" || fail "crash at $step: $(cat "$w/err")"
	case $step in
	locked) want=old msg="" ;;
	journal | temp:*) want=old msg="rolled back an interrupted import: every fiche is as it was before it; run cls import again" ;;
	*) want=new msg="finished an interrupted import of $n fiches" ;;
	esac
	[ $step = locked ] || [ -f "$imp/c/.cls-import.journal" ] || fail "crash at $step: no journal"
	# the next command recovers: validate, or report, alternately
	if [ "${step#rename}" = "$step" ]; then set -- validate; else set -- report 2024; fi
	CLS_MEMO_RACY_MS=0 "$CLS" -C "$imp/c" "$@" >"$w/out.txt" 2>"$w/err"; st=$?
	[ $st = 0 ] || fail "after a crash at $step: cls $*: exit $st: $(cat "$w/err")"
	# (validate's summary goes to stderr too)
	if [ -n "$msg" ]; then
		[ "$(grep -c '^cls: ' "$w/err")" = 1 ] && grep -qx "cls: $msg" "$w/err" \
			|| fail "after a crash at $step: cls $* said: $(cat "$w/err")"
	else
		! grep -q '^cls: ' "$w/err" || fail "after a crash at $step: cls $* said: $(cat "$w/err")"
	fi
	settled "crash at $step" "$imp/c" "$imp/old" "$imp/new"
	[ "$got" = "$want" ] || fail "crash at $step: the fiches are $got, expected $want"
	# said once: the run after says nothing of it
	"$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err"
	! grep -q '^cls: ' "$w/err" || fail "after a crash at $step, the second run said: $(cat "$w/err")"
done

# killed while it recovers: the next one finishes
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
CLS_TEST_CRASH_AT=rename:$half "$CLS" -C "$imp/c" import "$imp/v.csv" >/dev/null 2>&1
CLS_TEST_CRASH_AT=recover:2 "$CLS" -C "$imp/c" validate >/dev/null 2>&1; st=$?
[ $st = 137 ] || fail "crash in the recovery: exit $st"
"$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err" && grep -qx "cls: finished an interrupted import of $n fiches" "$w/err" \
	|| fail "the recovery after a crashed recovery: $(cat "$w/err")"
settled "crash in the recovery" "$imp/c" "$imp/old" "$imp/new"; [ "$got" = new ] || fail "crash in the recovery: not all new"

# the journal is the format cls-import(1) describes: its checksums are
# zlib's CRC-32 of every byte before them
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
CLS_TEST_CRASH_AT=commit "$CLS" -C "$imp/c" import "$imp/v.csv" >/dev/null 2>&1
python3 - "$imp/c" "$n" <<'PY' || fail "the journal does not read back as documented"
import os, sys, zlib
root, n = sys.argv[1], int(sys.argv[2])
data = open(os.path.join(root, ".cls-import.journal"), "rb").read()
lines = data.split(b"\n")
assert lines[0] == b"cls-import-journal 1", lines[0]
assert lines[-1] == b"", "ends with a newline"
off, files, records = 0, [], []
for line in lines[:-1]:
    word = line.split(b" ")
    if word[0] == b"file":
        rel, tmp, bak = (w.decode() for w in word[1:])
        assert rel.startswith("fiches/") and tmp.startswith("." + os.path.basename(rel) + ".cls-new-")
        assert os.path.exists(os.path.join(root, os.path.dirname(rel), tmp)), tmp
        assert os.path.exists(os.path.join(root, os.path.dirname(rel), bak)), bak
        files.append(rel)
    elif word[0] in (b"prepared", b"commit"):
        assert int(word[-1], 16) == zlib.crc32(data[:off]), line
        records.append(word[0])
    off += len(line) + 1
assert len(files) == n and records == [b"prepared", b"commit"], (len(files), records)
PY
"$CLS" -C "$imp/c" validate >/dev/null 2>&1

# a read-only contract folder: recovery impossible, exit 2, nothing
# touched; writable again, it recovers
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
CLS_TEST_CRASH_AT=rename:1 "$CLS" -C "$imp/c" import "$imp/v.csv" >/dev/null 2>&1
(cd "$imp/c" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+%s.%N) >"$w/before"
chmod a-w "$imp/c"
"$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err"; st=$?
[ $st = 2 ] && grep -qx "cls: cannot finish the interrupted import: the contract's folder is read-only; make it writable (chmod u+w), then run cls again" "$w/err" \
	|| fail "a read-only contract with a journal: exit $st: $(cat "$w/err")"
chmod u+w "$imp/c"
(cd "$imp/c" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+%s.%N) >"$w/after"
cmp -s "$w/before" "$w/after" || fail "a read-only contract: something was touched: $(diff "$w/before" "$w/after" | head -n 6)"
"$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err" && grep -q "finished an interrupted import" "$w/err" || fail "writable again: $(cat "$w/err")"

# ------------------------------------------------------------- imports at once
# one import paused once it holds the lock (CLS_TEST_PAUSE_AT), until the
# file it names is removed
# paused STEP DIR: starts an import of $imp/v.csv into DIR stopped at STEP
paused() {
	rm -f "$w/paused"
	CLS_TEST_PAUSE_AT=$1 CLS_TEST_PAUSE_FILE="$w/paused" "$CLS" -C "$2" import "$imp/v.csv" >"$w/first.out" 2>"$w/first.err" &
	first=$!
	i=0
	while [ ! -f "$w/paused" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.05; done
	[ -f "$w/paused" ] || fail "the import never reached $1"
}
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
paused locked "$imp/c"
t0=$(date +%s%N)
"$CLS" -C "$imp/c" import "$imp/v.csv" >"$w/out.txt" 2>"$w/err"; st=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ $st = 2 ] && grep -q "^cls: another cls import is writing this contract (process $first, for [0-9]* s): wait for it to end, then run cls import again$" "$w/err" \
	|| fail "a second import: exit $st: $(cat "$w/err")"
[ $ms -ge 1900 ] || fail "the second import gave up after $ms ms, not 2 s"
[ ! -s "$w/out.txt" ] || fail "the second import said: $(cat "$w/out.txt")"
# meanwhile the files are the old ones, and a reader reads them
"$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err" || fail "validate during an import: $(cat "$w/err")"
rm -f "$w/paused"
wait $first || fail "the first import: $(cat "$w/first.err")"
settled "two imports" "$imp/c" "$imp/old" "$imp/new"; [ "$got" = new ] || fail "two imports: the first one's values are not all there"

# a reader while an import renames (after its commit point) waits for it,
# then says what to do; before the commit point it reads the old files
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
paused journal "$imp/c"
CLS_MEMO_RACY_MS=0 "$CLS" -C "$imp/c" validate >/dev/null 2>"$w/err"; st=$?
[ $st = 0 ] && ! grep -q '^cls: ' "$w/err" || fail "validate before the commit point: exit $st: $(cat "$w/err")"
rm -f "$w/paused"; wait $first
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
paused commit "$imp/c"
"$CLS" -C "$imp/c" report 2024 >/dev/null 2>"$w/err"; st=$?
[ $st = 2 ] && grep -q "^cls: another cls import is writing this contract (process $first, for [0-9]* s): wait for it to end, then run cls again$" "$w/err" \
	|| fail "report after the commit point: exit $st: $(cat "$w/err")"
rm -f "$w/paused"; wait $first || fail "the import paused at its commit: $(cat "$w/first.err")"
settled "paused at commit" "$imp/c" "$imp/old" "$imp/new"; [ "$got" = new ] || fail "paused at commit: not all new"

# a fiche saved after the commit point, before its turn: nothing more is
# written, those done are put back, the user's save stays
rm -rf "$imp/c" && cp -R "$imp/old" "$imp/c"
paused commit "$imp/c"
last=$(ls "$imp/c/fiches" | tail -n 1)
echo "# enregistré pendant l'import" >>"$imp/c/fiches/$last"
rm -f "$w/paused"; wait $first; st=$?
[ $st = 2 ] && grep -qx "cls: fiches/$last changed while cls import ran: run it again" "$w/first.err" \
	|| fail "a save during the renames: exit $st: $(cat "$w/first.err")"
cp "$imp/c/fiches/$last" "$w/saved"
cp "$imp/old/fiches/$last" "$imp/c/fiches/$last"
settled "a save during the renames" "$imp/c" "$imp/old" "$imp/new"; [ "$got" = old ] || fail "a save during the renames: not put back"
tail -n 1 "$w/saved" | grep -q "pendant l'import" || fail "a save during the renames: the user's save was lost"

# -------------------------------------- real kills during a large import
# SIGKILL at random moments during an import of 600 fiches
bigi="$w/bigi"
mkdir "$bigi"
python3 "$top/bench/gen-corpus.py" "$bigi/gen" 1 600 >/dev/null || fail "bench/gen-corpus.py"
mv "$(ls -d "$bigi"/gen/*/ | head -n 1)" "$bigi/old"
values "$bigi/old" "$bigi/v.csv"
cp -R "$bigi/old" "$bigi/new"
t0=$(date +%s%N)
"$CLS" -C "$bigi/new" import "$bigi/v.csv" >"$w/out.txt" 2>&1 || fail "the large import: $(cat "$w/out.txt")"
ms=$((($(date +%s%N) - t0) / 1000000 + 1))
grep -q " in 600 files" "$w/out.txt" || fail "the large import: $(cat "$w/out.txt")"
# what comes before the write (reading, checking, editing) takes as long
# as a dry run: the kills land from a little before its end to the end
t0=$(date +%s%N)
"$CLS" -C "$bigi/old" import --dry-run "$bigi/v.csv" >/dev/null 2>&1
dry=$((($(date +%s%N) - t0) / 1000000))
seen=""
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	rm -rf "$bigi/c" && cp -R "$bigi/old" "$bigi/c"
	delay=$(awk -v ms="$ms" -v dry="$dry" -v s="$i$$" 'BEGIN { srand(s); printf "%.3f", (0.8 * dry + rand() * (ms - 0.7 * dry)) / 1000 }')
	"$CLS" -C "$bigi/c" import "$bigi/v.csv" >/dev/null 2>"$w/err" &
	pid=$!
	sleep "$delay"
	kill -s KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	clean "$w/err" || fail "SIGKILL at ${delay}s: $(cat "$w/err")"
	if [ $((i % 2)) = 0 ]; then set -- validate; else set -- report 2024; fi
	"$CLS" -C "$bigi/c" "$@" >/dev/null 2>"$w/err"; st=$?
	[ $st = 0 ] || fail "after SIGKILL at ${delay}s: cls $*: exit $st: $(cat "$w/err")"
	settled "SIGKILL at ${delay}s" "$bigi/c" "$bigi/old" "$bigi/new"
	# and whether the kill landed in the write
	case $(grep '^cls: ' "$w/err") in
	*finished*) got="$got (finished)" ;;
	*"rolled back"*) got="$got (rolled back)" ;;
	esac
	seen="$seen, $got"
done
echo "large import killed at random: the fiches were${seen#,}"

[ $fails -eq 0 ]
