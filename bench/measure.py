#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""measure.py - runs a command several times and prints the best run.

    python3 bench/measure.py RUNS [--fresh DIR] [--before SHELL-CMD]
                             [--env NAME=VALUE]... -- CMD...

Prints one line: "WALL_MS CPU_MS RSS_KIB" of the fastest run (wall clock;
its user + system CPU time; its peak resident memory), with the wall and
CPU times to a tenth of a millisecond.  --fresh DIR deletes DIR before each
run (a cold cache); --before runs a shell command before each run, untimed
(bench.sh rewrites a fiche with it: "after one change").  Output of the
command is discarded; a run that exits with a status above 1 (cls: "could
not do the job") fails the measurement with exit 2.  A shared machine only ever adds time: the best of several runs
is the closest to what the code costs.  A short command is run more than
RUNS times, until its runs add up to a second or it has run 40 times: a
few milliseconds are the figures a busy host moves most.

Each run goes through bench/spawn.c (the program $BENCH_SPAWN names, which
make bench builds), which forks the command from a small process and times
it there: a child forked from Python would count the interpreter's 14 MiB
in its peak RSS, and the time to fork the interpreter in its wall time.
"""
import os
import shutil
import subprocess
import sys


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    runs = int(args.pop(0))
    fresh = None
    before = None
    env = dict(os.environ)
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt == "--fresh":
            fresh = args.pop(0)
        elif opt == "--before":
            before = args.pop(0)
        elif opt == "--env":
            k, _, v = args.pop(0).partition("=")
            env[k] = v
        else:
            sys.exit(f"measure.py: unknown option {opt}")
    if not args or args.pop(0) != "--" or not args:
        sys.exit(__doc__)
    spawn = os.environ.get("BENCH_SPAWN")
    if not spawn:
        sys.exit("measure.py: $BENCH_SPAWN names no program (make bench sets it)")
    best = None
    total = 0
    done = 0
    while done < runs or (total < 1_000_000 and done < 40):
        done += 1
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)
        if before and subprocess.run(before, shell=True, env=env).returncode:
            print(f"measure.py: {before} failed", file=sys.stderr)
            sys.exit(2)
        r = subprocess.run([spawn] + args, stdout=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, env=env, text=True)
        fields = r.stdout.split()
        if r.returncode != 0 or len(fields) != 4:
            print(f"measure.py: {spawn} failed on {' '.join(args[:3])}...",
                  file=sys.stderr)
            sys.exit(2)
        wall_us, cpu_us, rss, code = map(int, fields)
        if code > 1:
            print(f"measure.py: {' '.join(args[:3])}... exited with {code}",
                  file=sys.stderr)
            sys.exit(2)
        total += wall_us
        if best is None or wall_us < best[0]:
            best = (wall_us, cpu_us, rss)
    print(f"{best[0] / 1000:.1f} {best[1] / 1000:.1f} {best[2]}")


main()
