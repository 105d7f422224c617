#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-format.sh - the C sources are formatted by the tool (.clang-format),
# never by hand: any difference fails.  `make format` fixes it.
top=$(cd "$(dirname "$0")/.." && pwd)
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not installed: run make deps"; exit 1; }
cd "$top" && clang-format --dry-run -Werror $(find lib cmd tests/unit -name "*.[ch]" | sort) \
    tests/fuzz/*.c
