#!/usr/bin/env python3
"""measure.py - runs a command several times and prints the best run.

    python3 bench/measure.py RUNS [--fresh DIR] [--env NAME=VALUE]... -- CMD...

Prints one line: "WALL_MS CPU_MS RSS_KIB" of the fastest run (wall clock;
its user + system CPU time; its peak resident memory), with the wall and
CPU times to a tenth of a millisecond.  --fresh DIR deletes DIR before each
run (a cold cache).  Output of the command is discarded; a run that exits
with a status above 1 (cls: "could not do the job") fails the measurement
with exit 2.  A shared machine only ever adds time: the best of several runs
is the closest to what the code costs.
"""
import os
import shutil
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    runs = int(args.pop(0))
    fresh = None
    env = dict(os.environ)
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt == "--fresh":
            fresh = args.pop(0)
        elif opt == "--env":
            k, _, v = args.pop(0).partition("=")
            env[k] = v
        else:
            sys.exit(f"measure.py: unknown option {opt}")
    if not args or args.pop(0) != "--" or not args:
        sys.exit(__doc__)
    best = None
    for _ in range(runs):
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)
        t0 = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code < 0 or code > 1:
            print(f"measure.py: {' '.join(args[:3])}... exited with {code}",
                  file=sys.stderr)
            sys.exit(2)
        cpu = ru.ru_utime + ru.ru_stime
        if best is None or wall < best[0]:
            best = (wall, cpu, ru.ru_maxrss)
    print(f"{best[0] * 1000:.1f} {best[1] * 1000:.1f} {best[2]}")


main()
