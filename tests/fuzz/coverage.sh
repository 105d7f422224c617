#!/bin/sh
# SPDX-License-Identifier: MIT
# coverage.sh - the line coverage of lib/ (and of the report writers) that
# a harness's corpus reaches: replays build/fuzz/corpus-NAME through a
# gcc --coverage build of the harness and prints gcov's summary per file.
#
#   sh tests/fuzz/coverage.sh contract|scalar
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
name=${1:-contract}
b=build/cov-$name
rm -rf "$b" && mkdir -p "$b"
make -s VARIANT=release build/release/cache_sql.h build/release/paths.h \
    build/release/embedded.h >/dev/null || exit 2
srcs=$(echo lib/*.c)
[ "$name" = contract ] && srcs="$srcs $(ls cmd/*.c | grep -v '^cmd/main.c$')"
flags="-std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O0 --coverage -Ibuild/release"
for c in $srcs tests/fuzz/fuzz-$name.c tests/fuzz/replay.c; do
	gcc $flags -c -o "$b/$(echo "$c" | tr / _).o" "$c" || exit 2
done
gcc --coverage -pthread -o "$b/replay" "$b"/*.o -lyaml -lsqlite3 -lcsv -lm || exit 2
"$b/replay" "build/fuzz/corpus-$name" >/dev/null 2>&1
cd "$b" && for c in $(echo "$srcs" | tr ' ' '\n' | grep -e '^lib/' -e '^cmd/report'); do
	gcov -n -o . "$(echo "$c" | tr / _).o" 2>/dev/null | grep -A1 "^File '$c'" | tail -n 1 | sed "s|^|$c: |"
done
