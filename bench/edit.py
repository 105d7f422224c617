#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""edit.py - rewrites a file as a coordinator's editor does, for bench.sh's
"after one change" figures.

    python3 bench/edit.py [--clean] FILE

Writes FILE again (a new file renamed over it) with one line more or one
less: a comment at its end, added when absent, removed when present.  Every
call changes the file's bytes, size and time, so that neither the memo nor
the file cache can answer for it; two calls give the original back.
--clean only removes the comment, if it is there (bench.sh, once done).
"""
import os
import sys

MARK = b"# edited by bench/edit.py\n"


def main():
    args = sys.argv[1:]
    clean = args[:1] == ["--clean"]
    if clean:
        args = args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    path = args[0]
    with open(path, "rb") as f:
        data = f.read()
    if data.endswith(MARK):
        data = data[: -len(MARK)]
    elif clean:
        return
    else:
        if data and not data.endswith(b"\n"):
            data += b"\n"
        data += MARK
    tmp = path + ".edit.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


main()
