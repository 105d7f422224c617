#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-schema.sh - proves the JSON Schemas in schema/ (for editors) and the
# validator's key table in lib/shape.c agree on every key, on which keys are
# required, and on every enum.  Run by tests/run.sh with UNIT set to the
# unit-test binary, whose --shape option prints the C table.
top=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: run make deps"; exit 1; }
c=$("${UNIT:-$top/build/release/tests/unit}" --shape) || { echo "cannot run the unit binary"; exit 1; }
s=$(python3 "$top/tests/schema-paths.py" "$top/schema/cls.schema.json" cls "$top/schema/fiche.schema.json" fiche) || exit 1
[ -n "$c" ] || { echo "empty key table"; exit 1; }
if [ "$c" != "$s" ]; then
	echo "schema/*.schema.json and lib/shape.c disagree (< C table, > schemas):"
	printf '%s\n' "$c" >"${TMPDIR:-/tmp}/cls-shape.$$"
	printf '%s\n' "$s" | diff "${TMPDIR:-/tmp}/cls-shape.$$" -
	rm -f "${TMPDIR:-/tmp}/cls-shape.$$"
	exit 1
fi
# every schema must also be valid JSON with the draft-07 header
for f in "$top"/schema/*.schema.json; do
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["$schema"].startswith("http://json-schema.org/draft-07"), sys.argv[1]' "$f" || exit 1
done
