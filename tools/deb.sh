#!/bin/sh
# SPDX-License-Identifier: MIT
# deb.sh - builds the Debian packages of cls (debian/: cls, libcls0,
# libcls-dev) with dpkg-buildpackage, from a copy of the sources in
# build/deb/cls-VERSION, so that the .deb files land in build/deb/ and the
# work tree stays as it was; then runs lintian on them, which fails the
# build on any error (warnings are printed).  Run by `make deb`.
#
#   sh tools/deb.sh      (DEB_BUILD_OPTIONS is honoured, e.g. nocheck)
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/deb
for t in dpkg-buildpackage dpkg-parsechangelog dh lintian; do
	command -v $t >/dev/null 2>&1 || {
		echo "deb.sh: $t not installed: run sh tests/deps.sh deb" >&2
		exit 2
	}
done
version=$(dpkg-parsechangelog -S Version)
want=$(sed -n 's/^#define CLS_VERSION "\(.*\)"/\1/p' lib/cls.h)
if [ "${version%%-*}" != "$want" ]; then
	echo "deb.sh: debian/changelog is at $version but lib/cls.h at $want:" \
	    "add a changelog entry (dch -v $want)" >&2
	exit 2
fi
src=$out/cls-$version
rm -rf "$out"
mkdir -p "$src"
# The sources: in a git checkout, what git tracks or would track (a file
# not yet added is built by make too), as it is in the work tree; else
# everything but what builds leave.
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
	git ls-files --cached --others --exclude-standard | while IFS= read -r f; do
		[ ! -e "$f" ] || printf '%s\n' "$f"
	done | tar -cf - -T - | tar -xf - -C "$src"
else
	tar --exclude=./build --exclude=./cls --exclude=./locale \
	    --exclude=./.git -cf - . | tar -xf - -C "$src"
fi
echo "deb.sh: building in $src (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b -jauto) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "deb.sh: dpkg-buildpackage failed; the whole log is $out/build.log" >&2
	exit 1
fi
rm -rf "$src"
changes=$out/cls_${version}_$(dpkg-architecture -qDEB_HOST_ARCH).changes
ls "$out"/*.deb
echo "deb.sh: lintian $changes"
st=0
lintian --fail-on error --display-info "$changes" >"$out/lintian.txt" 2>&1 || st=$?
cat "$out/lintian.txt"
if [ $st -ne 0 ]; then
	echo "deb.sh: lintian found errors (status $st)" >&2
	exit 1
fi
echo "deb.sh: lintian: no error"
