#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-deb.sh - the Debian packages, as a user gets them: lintian finds no
# error in them; dpkg installs cls, libcls0 and libcls-dev; the installed
# /usr/bin/cls runs, linked to the shared libyaml, SQLite and libcsv, and
# speaks French; man finds its pages; the installed bash, zsh and fish
# completions are where each shell looks and answer with the installed
# program; docs/example.c builds against libcls-dev with pkg-config
# (libcls.so.0 of libcls0, and libcls.a) and lists the fiches of the
# bundled example; then dpkg --purge leaves nothing behind.
#
#   sh tests/suite-deb.sh      (as root; make check-deb builds, then runs it)
#
# Uses the packages in build/deb/ (make deb), building them when absent.
# Not part of make check (run.sh skips it): it needs root and installs
# packages.  It refuses to run when a cls package is installed, or a file
# of the packages is already there (a make install into /usr): it never
# replaces nor removes what it did not install.
# not part of make check

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
fail() { echo "suite-deb: $*"; exit 1; }
pkgs="cls libcls0 libcls-dev"

[ "$(id -u)" = 0 ] || fail "needs root, to install the packages with dpkg -i (sudo make check-deb)"
for t in dpkg dpkg-deb dpkg-architecture lintian man pkg-config cc bash zsh fish; do
	command -v $t >/dev/null 2>&1 || fail "$t not installed: run sh tests/deps.sh deb"
done
version=$(dpkg-parsechangelog -S Version) || fail "cannot read debian/changelog"
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
changes=build/deb/cls_${version}_$arch.changes
debs=""
for p in $pkgs; do debs="$debs build/deb/${p}_${version}_$arch.deb"; done
for d in $debs; do
	[ -f "$d" ] && continue
	echo "suite-deb: $d missing: building the packages (sh tools/deb.sh)"
	sh tools/deb.sh >/dev/null || fail "sh tools/deb.sh failed"
	break
done

# 1. lintian: no error (warnings are printed by make deb).
out=$(lintian --fail-on error "$changes" 2>&1) || fail "lintian reports errors on $changes:
$out"

# 2. Nothing of cls there already: no package of that name in any state
# (half-installed, removed with its configuration kept...), no file the
# packages would install.
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $st in
	"" | un*) ;;
	*) fail "the package $p is on this machine (dpkg status \"$st\"): this suite would replace it, and it removes what it installs.
Remove it first (dpkg --purge $pkgs) if it is a leftover of an earlier run" ;;
	esac
done
files=$(for d in $debs; do dpkg-deb -c "$d"; done | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|')
[ -n "$files" ] || fail "the packages hold no file"
for f in $files; do
	[ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is already there (installed outside dpkg, e.g. make install PREFIX=/usr): this suite would replace it; remove it first"
done

# 3. Install.  From here on the packages are purged however the suite
# ends.  --path-include: the packages' man pages, catalogs and doc
# install even where a minimal image's dpkg.cfg.d leaves such files out.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cls-deb.XXXXXX") || exit 2
purge() {
	dpkg --purge $pkgs >"$scratch/purge.log" 2>&1 || { cat "$scratch/purge.log"; return 1; }
}
trap 'purge; rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM
dpkg --path-include='/usr/share/man/*' --path-include='/usr/share/locale/*' \
    --path-include='/usr/share/doc/*' -i $debs >"$scratch/install.log" 2>&1 ||
	fail "dpkg -i$debs failed:
$(cat "$scratch/install.log")"
for p in $pkgs; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" | grep -q '^ii' || fail "$p is not installed after dpkg -i"
done

# 4. The program: its version lines, the shared libraries (LINK=shared in
# debian/rules), the catalogs of /usr/share/locale.
unset MANPATH CLS_LOCALEDIR LANG LC_MESSAGES LANGUAGE
export LC_ALL=C.UTF-8 NO_COLOR=1 XDG_CACHE_HOME="$scratch/cache"
out=$(/usr/bin/cls --version) || fail "/usr/bin/cls --version failed: $out"
printf '%s\n' "$out" | sed -n 1p | grep -Eqx "cls ${version%%-*} \(file format [0-9]+\)" ||
	fail "/usr/bin/cls --version says: $out"
printf '%s\n' "$out" | sed -n 2p | grep -Eq '^libyaml [0-9.]+, SQLite [0-9.]+, libcsv [0-9.]+$' ||
	fail "/usr/bin/cls --version names no libraries: $out"
libs=$(ldd /usr/bin/cls)
for l in libyaml-0.so libsqlite3.so libcsv.so; do
	printf '%s\n' "$libs" | grep -q "$l" || fail "/usr/bin/cls is not linked to the shared $l:
$libs"
done
out=$(cd examples/pays-des-vans && /usr/bin/cls validate 2>&1) || fail "/usr/bin/cls validate failed on pays-des-vans: $out"
LANGUAGE=fr /usr/bin/cls nosuch 2>&1 | grep -q "n'est pas une commande" ||
	fail "/usr/bin/cls does not speak French (/usr/share/locale/fr/LC_MESSAGES/cls.mo)"
(cd "$scratch" && /usr/bin/cls init new >/dev/null 2>&1) || fail "/usr/bin/cls init failed"
head -n 1 "$scratch/new/cls.yaml" | grep -qx '# yaml-language-server: $schema=/usr/share/cls/schema/cls.schema.json' ||
	fail "cls init names another schema: $(head -n 1 "$scratch/new/cls.yaml")"
[ -f /usr/share/cls/schema/cls.schema.json ] || fail "/usr/share/cls/schema/cls.schema.json not installed"

# 5. man finds the pages, and renders them.
[ "$(man -w cls)" = /usr/share/man/man1/cls.1.gz ] || fail "man -w cls: $(man -w cls 2>&1)"
[ "$(man -w cls-report)" = /usr/share/man/man1/cls-report.1.gz ] || fail "man -w cls-report: $(man -w cls-report 2>&1)"
[ "$(man -w 5 cls-format)" = /usr/share/man/man5/cls-format.5.gz ] || fail "man -w 5 cls-format: $(man -w 5 cls-format 2>&1)"
MANWIDTH=80 man -P cat cls-report 2>/dev/null | grep -q 'cls report' || fail "man cls-report shows no page"

# 6. The completions, from where each shell looks, with the installed cls.
out=$(cd examples/pays-des-vans && bash -c '
	. /usr/share/bash-completion/completions/cls
	COMP_WORDS=(/usr/bin/cls report ""); COMP_CWORD=2; _cls; echo "${COMPREPLY[*]}"
	COMP_WORDS=(/usr/bin/cls val); COMP_CWORD=1; _cls; echo "${COMPREPLY[*]}"' 2>&1)
[ "$out" = "2022 2023 2024 2025 2026
validate" ] || fail "the installed bash completion offers: $out"
out=$(zsh -f -c 'autoload -Uz +X _cls && whence -v _cls' 2>&1)
case $out in
*/usr/share/zsh/vendor-completions/_cls*) ;;
*) fail "zsh does not find _cls in its fpath: $out" ;;
esac
out=$(cd examples/pays-des-vans && PATH=/usr/bin:/bin XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" \
	fish -c 'complete -C "cls report 202" | string join " "' 2>&1)
[ "$out" = "2022 2023 2024 2025 2026" ] || fail "the installed fish completion offers: $out"

# 7. libcls-dev: docs/example.c against the installed library.
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/example" docs/example.c $(pkg-config --cflags --libs cls) 2>&1 ||
	fail "docs/example.c does not build with pkg-config --cflags --libs cls"
# (/lib is /usr/lib on a merged /usr)
ldd "$scratch/example" | grep -Eq "libcls\.so\.0 => (/usr)?/lib/$ma/libcls\.so\.0 " ||
	fail "the example is not linked to libcls0's /usr/lib/$ma/libcls.so.0: $(ldd "$scratch/example")"
want=$(for f in examples/pays-des-vans/fiches/*.yaml; do sed -n 's/^id: "*\([^"]*\)"*$/\1/p' "$f"; done | sort -n | tr '\n' ' ')
out=$("$scratch/example" examples/pays-des-vans) || fail "the example failed on pays-des-vans: $out"
[ "$(printf '%s\n' "$out" | cut -f 1 | tr '\n' ' ')" = "$want" ] || fail "the example lists:
$out
expected the ids: $want"
cc -static -o "$scratch/example-static" docs/example.c $(pkg-config --static --cflags --libs cls) 2>"$scratch/log" ||
	fail "docs/example.c does not build with cc -static and pkg-config --static: $(cat "$scratch/log")"
[ "$("$scratch/example-static" examples/pays-des-vans | cut -f 1 | tr '\n' ' ')" = "$want" ] ||
	fail "the static example does not list the fiches of pays-des-vans"

# 8. Purge: no package, no file left.
trap - EXIT
purge || { rm -rf "$scratch"; fail "dpkg --purge $pkgs failed"; }
rm -rf "$scratch"
for p in $pkgs; do
	[ -z "$(dpkg -L "$p" 2>/dev/null)" ] || fail "dpkg -L $p still lists files after the purge"
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $st in "" | un*) ;; *) fail "$p still known to dpkg after the purge: $st" ;; esac
done
[ ! -e /usr/bin/cls ] || fail "/usr/bin/cls is still there after the purge"
for f in $files; do
	[ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after the purge"
done
echo "suite-deb: ok:$debs installed, used and purged"
