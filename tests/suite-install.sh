#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-install.sh - `make install` honours PREFIX and DESTDIR and installs
# the binary (built for that PREFIX: cls init names the installed schemas),
# every man page, the schemas, the licence, the message catalogs (the
# staged cls speaks French when asked) and the library (libcls.a,
# libcls.so with its soname, cls.h, cls.pc); docs/example.c builds against the staged library
# with pkg-config, dynamically and statically, and lists the fiches of the
# bundled example; a program using the CSV writer links statically; the
# completions are where bash-completion, zsh and fish look; uninstall
# removes everything.
top=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-install.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/cls-install-log.XXXXXX")
trap 'rm -rf "$d" "$log"' EXIT INT TERM
fail() { echo "$*"; exit 1; }
# A build of its own (build/install-test), so the tree's build stays as it is.
make -s -C "$top" install VARIANT=install-test DESTDIR="$d/stage" PREFIX=/opt/cls >"$log" 2>&1 || { cat "$log"; exit 1; }
p="$d/stage/opt/cls"
for f in bin/cls share/man/man1/cls.1 share/man/man1/cls-validate.1 \
    share/man/man1/cls-report.1 share/man/man1/cls-import.1 \
    share/man/man1/cls-export.1 \
    share/man/man5/cls-format.5 \
    share/cls/schema/cls.schema.json share/cls/schema/fiche.schema.json \
    share/cls/schema/cache.sql lib/libcls.a lib/libcls.so.0 lib/libcls.so \
    include/cls.h lib/pkgconfig/cls.pc share/locale/fr/LC_MESSAGES/cls.mo \
    share/bash-completion/completions/cls share/zsh/site-functions/_cls \
    share/fish/vendor_completions.d/cls.fish share/doc/cls/LICENSE; do
	[ -e "$p/$f" ] || fail "not installed: $f"
done
for page in "$top"/man/*.1; do
	[ -f "$p/share/man/man1/$(basename "$page")" ] || fail "not installed: $(basename "$page")"
done
"$p/bin/cls" --version | grep -q '^cls ' || fail "installed cls does not run"
# The staged cls finds its catalog at ../share/locale from itself.
LANGUAGE=fr "$p/bin/cls" nosuch 2>&1 | grep -q "n'est pas une commande" ||
	fail "installed cls does not speak French"

# The installed cls names the installed schemas, which are the ones it prints.
(cd "$d" && "$p/bin/cls" init new >/dev/null 2>&1) || fail "installed cls init failed"
head -n 1 "$d/new/cls.yaml" | grep -qx '# yaml-language-server: $schema=/opt/cls/share/cls/schema/cls.schema.json' ||
	fail "cls init does not name /opt/cls/share/cls/schema: $(head -n 1 "$d/new/cls.yaml")"
"$p/bin/cls" schema fiche | cmp -s - "$p/share/cls/schema/fiche.schema.json" || fail "cls schema fiche differs from the installed schema"

# The installed bash completion works with the installed cls.
out=$(cd "$top/examples/pays-des-vans" && PATH="$p/bin:$PATH" bash -c '
	. "$1"; COMP_WORDS=(cls report ""); COMP_CWORD=2; _cls; echo "${COMPREPLY[*]}"' - \
	"$p/share/bash-completion/completions/cls")
[ "$out" = "2022 2023 2024 2025 2026" ] || fail "installed completion of cls report: \"$out\""

# The shared library: its soname, and only cls_ names exported.
command -v objdump >/dev/null 2>&1 &&
	{ objdump -p "$p/lib/libcls.so" | grep -q 'SONAME *libcls\.so\.0$' || fail "libcls.so has no soname libcls.so.0"; }
bad=$(nm -D --defined-only "$p/lib/libcls.so" | awk '$2 ~ /^[TDBR]$/ && $3 !~ /^cls_/ { print $3 }')
[ -z "$bad" ] || fail "libcls.so exports names outside cls_: $bad"

# pkg-config finds the staged library; the example builds and runs.
export PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d/stage"
pkg-config --modversion cls >/dev/null || fail "pkg-config does not find cls.pc"
want=$(cd "$top/examples/pays-cevennes" &&
	for f in fiches/*.yaml; do sed -n 's/^id: "\(.*\)"$/\1/p' "$f"; done | sort -V)
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$d/example" "$top/docs/example.c" $(pkg-config --cflags --libs cls) 2>&1 || fail "docs/example.c does not build with pkg-config --cflags --libs cls"
out=$(LD_LIBRARY_PATH="$p/lib" "$d/example" "$top/examples/pays-cevennes") || fail "the example failed: $out"
[ "$(printf '%s\n' "$out" | cut -f 1)" = "$want" ] || fail "the example lists:
$out
expected the ids:
$want"
printf '%s\n' "$out" | grep -q "$(printf '^1.1.1\tSoutien aux pratiques')" || fail "the example lists no titre: $out"
cc -static -o "$d/example-static" "$top/docs/example.c" $(pkg-config --static --cflags --libs cls) 2>"$log" || fail "docs/example.c does not build with cc -static and pkg-config --static: $(cat "$log")"
"$d/example-static" "$top/examples/pays-des-vans/fiches" | cut -f 1 | tr '\n' ' ' | grep -qx '1 2 3 4 5 6 7 8 9 10 11 12 ' || fail "the static example does not list the 12 fiches of pays-des-vans"

# libcls's CSV writer links libcsv: a program that uses it builds with
# cc -static and pkg-config --static alone (cls.pc names -lcsv).
cat >"$d/csv.c" <<'EOF'
#include <cls.h>
#include <stdio.h>
int main(void)
{
	cls_table_options o = {.table = CLS_TABLE_SUIVI};
	cls_error err;
	cls_writer *w = cls_table_writer_new(&o, CLS_FORMAT_CSV, NULL, stdout, &err);
	int rc = !w || cls_writer_end(w, &err) || !cls_csv_neutralised("=1");
	cls_writer_free(w);
	return rc;
}
EOF
cc -static -o "$d/csv-static" "$d/csv.c" $(pkg-config --static --cflags --libs cls) 2>"$log" || fail "a program using the CSV writer does not build with cc -static and pkg-config --static: $(cat "$log")"
out=$("$d/csv-static") || fail "the static CSV program failed: $out"
[ "$out" = '"contrat","axe","objectif","fiche","titre","porteurs","annee","statut","avancement","depenses","commentaire","jalons"' ] || fail "the static CSV program wrote: $out"

# docs/figures.c: the figures of the review, through the library alone,
# are those of cls report --format=json.
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$d/figures" "$top/docs/figures.c" $(pkg-config --cflags --libs cls) 2>&1 || fail "docs/figures.c does not build with pkg-config --cflags --libs cls"
out=$(LD_LIBRARY_PATH="$p/lib" "$d/figures" "$top/examples/pays-des-vans" 2024) || fail "docs/figures.c failed: $out"
want=$("$p/bin/cls" -C "$top/examples/pays-des-vans" report 2024 --format=json | python3 -c '
import json, sys
s = json.load(sys.stdin)["synthese"]
i = s["indicateurs"]
print("indicateurs atteints\t%.1f %%\t(%d sur %d)" % (i["part_atteinte"], i["atteints"], i["evalues"]))
for f in s["financements_annee"]:
    print("%s\t%.2f" % (f["financeur"], f["montant"]))')
[ "$out" = "$want" ] || fail "docs/figures.c prints:
$out
and cls report --format=json says:
$want"

make -s -C "$top" uninstall VARIANT=install-test DESTDIR="$d/stage" PREFIX=/opt/cls >/dev/null 2>&1
left=$(find "$d/stage" ! -type d)
[ -z "$left" ] || fail "uninstall left: $left"
exit 0
