#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls
# suite-races.sh - what another process does at the worst moment, made to
# happen on every run: an LD_PRELOAD shim (tests/shim/) removes the memo's
# answer just after it is written, as "cls cache clear" in another shell
# would.  The run must still give its whole answer and status, without an
# error from the sanitizers (this found qsort() handed an empty, NULL list
# in the memo's trimming, which UBSan reports).
#
#   CLS=/abs/path/to/cls sh tests/suite-races.sh

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-races.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
cc -shared -fPIC -o "$d/memo-clear.so" "$top/tests/shim/memo-clear.c" -ldl || { echo "cannot build the shim"; exit 1; }
failed=0
bad() { printf '%s\n' "$*"; failed=1; }
cp -R "$top/examples/pays-des-vans" "$d/c"
# the sanitized build links its runtime first; a preloaded shim comes
# before it, which it accepts when told
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
for cmd in "validate" "report 2024" "indicators" "export fiches"; do
	(cd "$d/c" && $CLS --no-cache $cmd >"$d/want.out" 2>"$d/want.err")
	# the first run fills the cache, the others keep the memo
	for i in 1 2 3; do
		(cd "$d/c" && CLS_CACHE_DIR="$d/cache" CLS_MEMO_RACY_MS=0 \
		    LD_PRELOAD="$d/memo-clear.so" $CLS $cmd >"$d/out" 2>"$d/err")
		st=$?
		[ $st -eq 0 ] || bad "cls $cmd (run $i): status $st: $(head -c 600 "$d/err")"
		cmp -s "$d/out" "$d/want.out" || bad "cls $cmd (run $i): the output differs from --no-cache"
		cmp -s "$d/err" "$d/want.err" || bad "cls $cmd (run $i) said: $(head -c 600 "$d/err")"
	done
done
exit $failed
