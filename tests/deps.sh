#!/bin/sh
# deps.sh - installs the Debian packages that building and testing cls need,
# when run as root; otherwise prints the exact command to run.  Quiet and
# quick when everything is already there.
pkgs="gcc make pkg-config libyaml-dev libsqlite3-dev libcsv-dev mandoc python3 python3-yaml jq sqlite3 zsh bsdextrautils valgrind clang-format gdb"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing (install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "deps.sh: apt-get install$missing failed" >&2
	exit 1
}
