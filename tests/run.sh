#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh - runs every test of cls against one or more builds and prints one
# line per case and a final "N passed, N failed" line.
#
#   sh tests/run.sh BUILD_DIR...      (e.g. build/release build/asan)
#
# Per build: the C unit tests (BUILD/tests/unit), then every end-to-end case
# folder tests/cases/NAME/ holding
#   args     the arguments of cls, one per line (no shell quoting)
#   status   the expected exit status
#   stdout   the expected standard output (compared when the file exists)
#   stderr   the expected standard error  (compared when the file exists)
#   setup    optional shell script run first, in a scratch copy of the case
#   check    optional shell script run after, in that copy; exit 0 = pass
#   env      optional shell lines sourced before setup, cls and check, to
#            change their environment: "unset LC_ALL; export LANG=fr_FR.UTF-8"
#            (the runner exports LC_ALL=C.UTF-8 and unsets LANG, LANGUAGE
#            and LC_MESSAGES, so cls speaks English unless a case says so)
# Cases run in a scratch copy of their folder, four ways: without cache,
# with a cold cache, with a warm one, and (validate, report, indicators,
# export) answered by the memo of a first run on that very copy (with
# CLS_MEMO_RACY_MS=0, so that files just copied can be answered for); all
# must give the expected output, which is how the suite proves the cache
# and the memo are invisible.
# Then the suites that need other tools: schema agreement, man page lint;
# but those that say "# not part of make check" (suite-deb.sh).
#
# UPDATE=1 rewrites stdout/stderr/status from the release build's output.
# CLS_VALGRIND=1 runs cls and the unit tests under valgrind (each case once,
# not thrice; a memory error or a definite leak fails it), and of the
# suites only those that say "# runs under valgrind" (they get $VALGRIND).

top=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cls-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
unset XDG_CACHE_HOME CLS_CACHE_DIR LANG LANGUAGE LC_MESSAGES CLS_LOCALEDIR

vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/     /' | head -n 40; }

run_case() { # build case mode
	b=$1 c=$2 mode=$3 name=$(basename "$2")
	w="$scratch/w" && rm -rf "$w" && cp -R "$c" "$w"
	cache="$scratch/cache-$name"
	[ "$mode" = cold ] && rm -rf "$cache"
	set --
	[ "$mode" = nocache ] && set -- --no-cache
	while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$c/args"
	env="$c/env"; [ -f "$env" ] || env=/dev/null
	( . "$env"; cd "$w" && [ ! -f setup ] || CLS_CACHE_DIR="$cache" CLS="$top/$b/cls" sh ./setup ) >/dev/null 2>&1
	runner=""
	# under valgrind a case runs once, cold: with answers kept at once,
	# so that keeping one runs under valgrind too
	[ -n "$CLS_VALGRIND" ] && runner="env CLS_MEMO_RACY_MS=0 $vg"
	if [ "$mode" = memo ]; then
		# the first run keeps its answer; the one below replays it
		( . "$env"; cd "$w" && CLS_CACHE_DIR="$cache" CLS_MEMO_RACY_MS=0 "$top/$b/cls" "$@" >/dev/null 2>&1 )
		runner="env CLS_MEMO_RACY_MS=0"
	fi
	( . "$env"; cd "$w" && CLS_CACHE_DIR="$cache" CLS="$top/$b/cls" $runner "$top/$b/cls" "$@" >"$scratch/out" 2>"$scratch/err" )
	st=$?
	if [ -n "$UPDATE" ] && [ "$b" = build/release ] && [ "$mode" = nocache ]; then
		echo "$st" >"$c/status"
		cp "$scratch/out" "$c/stdout"
		cp "$scratch/err" "$c/stderr"
	fi
	why=""
	exp=$(cat "$c/status" 2>/dev/null || echo 0)
	[ "$st" = "$exp" ] || why="exit status $st, expected $exp"
	for s in stdout stderr; do
		f=out; [ $s = stderr ] && f=err
		if [ -z "$why" ] && [ -f "$c/$s" ] && ! cmp -s "$c/$s" "$scratch/$f"; then
			why="$s differs:
$(diff "$c/$s" "$scratch/$f" | head -n 30)"
		fi
	done
	if [ -z "$why" ] && [ -f "$c/check" ]; then
		if ! out=$(. "$env"; cd "$w" && CLS_CACHE_DIR="$cache" CLS="$top/$b/cls" OUT="$scratch/out" ERR="$scratch/err" sh ./check 2>&1); then
			why="check failed: $out"
		fi
	fi
	if [ -z "$why" ]; then ok "$b $mode $name"; else ko "$b $mode $name" "$why"; fi
}

# Whether the case's command is one the memo answers (cmd/memo.c), and can
# run twice (a fifo its setup makes has one reader, for one run).
memoised() {
	! grep -qs mkfifo "$1/setup" || return 1
	skip=0
	while IFS= read -r a || [ -n "$a" ]; do
		if [ $skip = 1 ]; then skip=0; continue; fi
		case $a in
		-C) skip=1 ;;
		-*) ;;
		validate | report | indicators | export) return 0 ;;
		*) return 1 ;;
		esac
	done < "$1/args"
	return 1
}

for b in "$@"; do
	if [ -x "$top/$b/tests/unit" ]; then
		out=$(${CLS_VALGRIND:+$vg} "$top/$b/tests/unit" 2>&1); st=$?
		if [ $st -eq 0 ]; then ok "$b unit ($(printf '%s\n' "$out" | tail -n 1))"
		else ko "$b unit" "$out"; fi
	fi
	for c in "$top"/tests/cases/*/; do
		c=${c%/}
		[ -f "$c/args" ] || continue
		if [ -n "$CLS_VALGRIND" ]; then
			run_case "$b" "$c" cold
		else
			run_case "$b" "$c" nocache
			run_case "$b" "$c" cold
			run_case "$b" "$c" warm
			! memoised "$c" || run_case "$b" "$c" memo
		fi
	done
done

# The suites that say "# runs cls" run against every build (so the cache
# attacks and the oracle run under the sanitizers too); the others once.
for t in "$top"/tests/suite-*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	# suite-deb.sh installs packages as root: make check-deb runs it
	grep -q '^# not part of make check' "$t" && continue
	[ -n "$CLS_VALGRIND" ] && ! grep -q '^# runs under valgrind' "$t" && continue
	for b in "$@"; do
		out=$(CLS_CACHE_DIR="$scratch/cache-suites" CLS="$top/$b/cls" UNIT="$top/$b/tests/unit" VALGRIND="${CLS_VALGRIND:+$vg}" sh "$t" 2>&1); st=$?
		if [ $st -eq 0 ]; then ok "$b $n"; else ko "$b $n" "$out"; fi
		grep -q '^# runs cls' "$t" || break
	done
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
