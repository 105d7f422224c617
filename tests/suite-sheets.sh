#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-sheets.sh - the sheets of cls export and cls indicators (.ods,
# .xlsx) read back with real software, and read back by cls import:
# LibreOffice converts every table of four contracts (one whose every text
# is hostile) to CSV, which must hold what cls's own CSV holds; xmllint
# checks every XML part; Python reads the zips and the XML (the ODF
# manifest, the types of the cells, the bold frozen header, no formula,
# the same bytes twice); then the round trip of the values a porteur fills
# in (the file as cls wrote it, and saved again by LibreOffice), a sheet
# with a bad row, and hostile files that must be refused (a zip bomb, a
# zip that lies about its sizes, entities, a CSV named .xlsx, an .xls).
# The checks are in tests/sheet-check.py.  Run by tests/run.sh with CLS
# set to the cls to test; alone: CLS=$PWD/cls sh tests/suite-sheets.sh
top=$(cd "$(dirname "$0")/.." && pwd)
cls=${CLS:-$top/cls}
for t in python3 soffice xmllint; do
	command -v $t >/dev/null 2>&1 || { echo "$t is missing: run make deps"; exit 1; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed: run make deps"; exit 1; }
[ -x "$cls" ] || { echo "no cls to test at $cls (set CLS)"; exit 1; }
exec python3 "$top/tests/sheet-check.py" "$cls" "$top"
