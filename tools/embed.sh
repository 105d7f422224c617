#!/bin/sh
# SPDX-License-Identifier: MIT
# embed.sh - writes a C header that holds the bytes of each FILE, so that the
# cls program carries its templates and JSON Schemas and needs no data files
# at run time.  As byte arrays, not string literals: C11 compilers need not
# take literals over 4095 characters, and no escaping can go wrong.
#
#   sh tools/embed.sh FILE... > embedded.h
#
# For each FILE: static const unsigned char embed_N[] = {...}, NUL-terminated,
# and one line of EMBED_TABLE: {"FILE", embed_N, length}.
set -e
table=""
for f in "$@"; do
	n=embed_$(printf '%s' "$f" | tr -c 'A-Za-z0-9' '_')
	echo "static const unsigned char $n[] = {"
	od -An -v -tx1 "$f" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/\t/'
	echo "	0x00};"
	table="$table	{\"$f\", $n, sizeof($n) - 1}, \\
"
done
printf '#define EMBED_TABLE \\\n%s\n' "$table"
