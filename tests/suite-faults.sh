#!/bin/sh
# runs cls: tests/run.sh runs this suite against every build.
# suite-faults.sh - faults from outside: output that cannot be written (a
# read-only folder, a full disk as /dev/full and as ulimit -f, a folder, a
# device), runs killed by SIGINT, SIGTERM or SIGKILL at random moments while
# they fill the cache of a large contract, and fiches deleted, renamed and
# rewritten while runs read them.  The rule each time: exit 2 and a clear
# message, or the right answer; never a crash, a half-written file, a lost
# previous file or a corrupt cache.  The cache's own corruptions are in
# suite-cache.sh.
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

[ $fails -eq 0 ]
