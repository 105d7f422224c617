#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh - `make fuzz`: builds the harnesses named with clang and libFuzzer
# (under ASan and UBSan) in build/fuzz, seeds their corpus with the examples
# and the test cases, and runs each, one after the other, for SECONDS.
#
#   sh tests/fuzz/run.sh SECONDS HARNESS...     (e.g. 900 fuzz-contract)
#
# The corpus grows in build/fuzz/corpus-NAME (kept between runs); a crash,
# leak or hang is written to build/fuzz/crash-NAME/ and stops the run: fix
# it, then copy the input into tests/fuzz/regress/NAME/ so that `make check`
# replays it forever.  FUZZ_FLAGS adds libFuzzer options; CC_FUZZ names
# the compiler (default clang).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
secs=${1:-60}
shift
CC_FUZZ=${CC_FUZZ:-clang}
if ! command -v "$CC_FUZZ" >/dev/null 2>&1 \
    || ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' \
        | "$CC_FUZZ" -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
	echo "fuzz: needs clang with libFuzzer: apt-get install clang libclang-rt-dev" >&2
	exit 2
fi
flags=$(pkg-config --cflags yaml-0.1 sqlite3 expat libzip 2>/dev/null)
libs="$(pkg-config --libs yaml-0.1 sqlite3 expat 2>/dev/null || echo -lyaml -lsqlite3 -lexpat) -lcsv -lm -pthread -ldl"
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
b=build/fuzz
mkdir -p "$b/obj"
# the headers the Makefile generates (the cache's schema, the paths, the
# embedded templates)
make -s VARIANT=fuzz build/fuzz/cache_sql.h build/fuzz/paths.h \
    build/fuzz/embedded.h build/fuzz/libzip_soname.h >/dev/null || exit 2

# The library, instrumented for coverage.
objs=""
for c in $(find lib -name '*.c' | sort); do
	o=$b/obj/${c%.c}.o
	mkdir -p "$(dirname "$o")"
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ -n "$(find lib -name '*.h' -newer "$o")" ]; then
		$CC_FUZZ -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
		    -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san $flags \
		    -I"$b" -c -o "$o" "$c" || exit 2
	fi
	objs="$objs $o"
done

for h in "$@"; do
	name=${h#fuzz-}
	exe=$b/$h
	$CC_FUZZ -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	    -fsanitize=fuzzer $san $flags -o "$exe" "tests/fuzz/$h.c" \
	    $objs $libs || exit 2

	# Seeds: every YAML file of the examples and the cases, each example
	# as a whole contract (files joined by form feeds, see
	# fuzz-contract.c), the kept regressions; for the scalars, every value
	# written after "key: " in those files.
	maxlen=65536
	[ "$name" = scalar ] && maxlen=512
	[ "$name" = xml ] && maxlen=4096
	[ "$name" = escape ] && maxlen=4096
	seeds=$b/seeds-$name
	rm -rf "$seeds" && mkdir -p "$seeds" "$b/corpus-$name" "$b/crash-$name"
	files=$(find examples tests/cases -name '*.yaml' -o -name '*.yml' | sort)
	if [ "$name" = sheet ]; then
		# the sheets cls writes of every table of the examples, when a
		# cls is built (the regressions hold LibreOffice's own too);
		# each XML part alone, for the parsers of the parts
		for e in examples/*/; do
			for t in fiches indicateurs financements suivi; do
				for x in ods xlsx; do
					[ -x ./cls ] && ./cls --no-cache export "$t" "$e" \
					    -o "$seeds/$(basename "$e")-$t.$x" 2>/dev/null
				done
			done
		done
		for z in "$seeds"/*.ods; do
			[ -f "$z" ] || continue
			{ printf '\000'; unzip -p "$z" content.xml; } >"$z.content"
		done
		for z in "$seeds"/*.xlsx; do
			[ -f "$z" ] || continue
			{ printf '\001'; unzip -p "$z" xl/worksheets/sheet1.xml; printf '\f'
			  unzip -p "$z" xl/sharedStrings.xml; printf '\f'
			  unzip -p "$z" xl/styles.xml; } >"$z.parts"
		done
	elif [ "$name" = csv ]; then
		# the CSVs of the import cases, each behind a NUL (fuzz-csv.c:
		# an even first byte, a file to read)
		for f in tests/cases/*import*/*.csv; do
			[ -f "$f" ] || continue
			{ printf '\000'; cat "$f"; } >"$seeds/$(basename "$(dirname "$f")").csv"
		done
	elif [ "$name" = scalar ] || [ "$name" = xml ]; then
		for f in $files; do
			sed -n 's/^ *-\{0,1\} *[a-z_0-9]*: \(.*\)$/\1/p' "$f"
		done | sort -u | head -n 2000 | split -l 1 -a 4 - "$seeds/v-"
		for f in "$seeds"/v-*; do printf '%s' "$(cat "$f")" >"$f"; done
	else
		i=0
		for f in $files; do i=$((i + 1)); cp "$f" "$seeds/$i.yaml"; done
		for e in examples/*/; do
			{ cat "$e/cls.yaml"; for f in "$e"/fiches/*.yaml; do printf '\f'; cat "$f"; done; } \
			    >"$seeds/contract-$(basename "$e")"
		done
	fi
	[ -d "tests/fuzz/regress/$name" ] && cp tests/fuzz/regress/"$name"/* "$seeds/" 2>/dev/null

	echo "fuzz: $h for ${secs}s (corpus $b/corpus-$name, crashes in $b/crash-$name/)"
	"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len="$maxlen" -print_final_stats=1 \
	    -artifact_prefix="$b/crash-$name/" ${FUZZ_FLAGS:-} \
	    "$b/corpus-$name" "$seeds" || exit 1
done
