#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh - installs the Debian packages that building and testing cls need,
# when run as root; otherwise prints the exact command to run.  Quiet and
# quick when everything is already there.  gettext compiles the message
# catalogs (without it cls is built English only); po4a translates the man
# pages (without it they are English only), and man-db shows them as users
# see them; locales gives the fr_FR.UTF-8 locale the tests of French
# messages and pages run under, generated here; git runs the git commands
# of docs/guide.md (tests/suite-guide.sh).  libzip-dev gives the
# header of the zip library the office documents are written with (the
# library itself is opened at run time).  LibreOffice (Writer without a
# GUI), poppler-utils and libxml2-utils read the documents back in
# tests/suite-office.sh (soffice, pdftotext, xmllint); on a fresh Debian 12
# they add about 200 MB and 25 s to make deps (LibreOffice's core, common
# files and Writer: 105, 59 and 28 MB installed).  LibreOffice's Calc
# opens the CSV tables in tests/suite-csv.sh, to check that it runs no
# formula of them, and the sheets in tests/suite-sheets.sh (34 MB more).
# libexpat1-dev gives expat, the XML parser the sheets that cls import
# reads are parsed with (linked from its static archive).
#
#   sh tests/deps.sh          what building and testing need (make deps)
#   sh tests/deps.sh build    only what building needs (make demo)
#   sh tests/deps.sh deb      besides what testing needs, the packaging
#                             tools of make deb and make check-deb
#                             (dpkg-buildpackage wants build-essential)
build="gcc make pkg-config libyaml-dev libsqlite3-dev libcsv-dev libzip-dev libexpat1-dev gettext"
pkgs="$build po4a man-db mandoc python3 python3-yaml jq sqlite3 zsh fish bsdextrautils valgrind clang-format gdb locales libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils libxml2-utils unzip git"
[ "$1" = build ] && pkgs=$build
if [ "$1" = deb ]; then
	pkgs="$pkgs build-essential debhelper dpkg-dev fakeroot lintian"
fi

# fr_FR.UTF-8 generated, once the locales package is there.
french_locale() {
	locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8' && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: the fr_FR.UTF-8 locale is missing" >&2
		echo "run: sudo localedef -i fr_FR -f UTF-8 fr_FR.UTF-8" >&2
		return 1
	fi
	# Debian's way, kept by later runs of locale-gen; else glibc's own
	if [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null 2>&1; then
		grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen \
		    || echo 'fr_FR.UTF-8 UTF-8' >>/etc/locale.gen
		locale-gen >/dev/null
	else
		localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
	fi || {
		echo "deps.sh: cannot generate the fr_FR.UTF-8 locale" >&2
		return 1
	}
}
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	[ "$1" = build ] || french_locale
	exit
fi
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
[ "$1" = build ] || french_locale
