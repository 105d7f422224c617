#!/bin/sh
# suite-install.sh - `make install` honours PREFIX and DESTDIR and installs
# the binary, every man page and the schemas; the installed cls runs.
top=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-install.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/cls-install-log.XXXXXX")
trap 'rm -rf "$d" "$log"' EXIT INT TERM
make -s -C "$top" install DESTDIR="$d" PREFIX=/opt/cls >"$log" 2>&1 || { cat "$log"; exit 1; }
for f in bin/cls share/man/man1/cls.1 share/man/man1/cls-validate.1 \
    share/man/man1/cls-report.1 share/man/man5/cls-format.5 \
    share/cls/schema/cls.schema.json share/cls/schema/fiche.schema.json \
    share/cls/schema/cache.sql; do
	[ -f "$d/opt/cls/$f" ] || { echo "not installed: $f"; exit 1; }
done
"$d/opt/cls/bin/cls" --version | grep -q '^cls ' || { echo "installed cls does not run"; exit 1; }
make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/opt/cls >/dev/null 2>&1
[ -z "$(find "$d" -type f)" ] || { echo "uninstall left:"; find "$d" -type f; exit 1; }
