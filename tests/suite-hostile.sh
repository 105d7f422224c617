#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-hostile.sh - a hostile file of every kind (bombs, floods, huge
# scalars, deep nesting, binary data, broken encodings, too many fiches)
# through cls validate and cls report: each must exit 1 or 2 with a message,
# within generous bounds of CPU time and memory.  See tests/hostile.py.
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/tests/hostile.py" "${CLS:-$top/cls}"
