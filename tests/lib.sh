# SPDX-License-Identifier: MIT
# lib.sh - sourced by the suites that attack a copy of the example
# contract: $top, $CLS (the binary under test), a scratch folder $w removed
# at exit (after $cleanup, a command a suite may set), CLS_CACHE_DIR in
# $w/cache, the copy in $w/c as the current folder, and fail() that counts
# into $fails.  NAME is the scratch folder's prefix.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
w=$(mktemp -d "${TMPDIR:-/tmp}/cls-$NAME.XXXXXX")
cleanup=:
trap 'eval "$cleanup"; chmod -R u+w "$w" 2>/dev/null; rm -rf "$w"' EXIT INT TERM
export CLS_CACHE_DIR="$w/cache" NO_COLOR=1
cp -R "$top/examples/pays-des-vans" "$w/c"
cd "$w/c" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
