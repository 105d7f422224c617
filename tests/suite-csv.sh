#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-csv.sh - reads what `cls export` writes back with Python's csv
# module and holds it against the YAML files read independently with
# PyYAML: the rows and columns of every table on both examples, the sums of
# montant per financeur, --financeur (case and accents), --year, several
# contracts in one table, the --excel file byte by byte, formula injection
# (every table opened by LibreOffice Calc, soffice --headless, holds no
# formula; the same rows without their "'" do), cls import reading back
# what was neutralised, multi-line texts read back exactly, -o into a
# read-only folder, usage errors.  Run by tests/run.sh with CLS set to the
# cls to test; alone: CLS=$PWD/cls sh tests/suite-csv.sh
top=$(cd "$(dirname "$0")/.." && pwd)
cls=${CLS:-$top/cls}
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: run make deps"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed: run make deps"; exit 1; }
command -v soffice >/dev/null 2>&1 || { echo "soffice (libreoffice-calc-nogui) not installed: run make deps"; exit 1; }
[ -x "$cls" ] || { echo "no cls to test at $cls (set CLS)"; exit 1; }
exec python3 "$top/tests/csv-check.py" "$cls" "$top"
