#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hostile.py - hostile files of every kind, each run through cls.

    python3 tests/hostile.py CLS [-v]

Writes one contract per kind of attack (huge scalars, huge keys, key and
list floods, deep nesting, bombs, binary and broken encodings, unclosed
quotes, floods of errors, too many fiches...), runs `cls validate` and
`cls report` on it, and checks that each exits 1 or 2 with a message, within
generous bounds of CPU time and memory (the aim is well under a second and a
few tens of MB; the bounds only catch a blow-up, they must not flake on a
loaded machine).  -v prints the figures of every run (for tests/fuzz/README.md).
"""
import os
import random
import resource
import shutil
import sys
import tempfile

CPU_BOUND = 10.0  # seconds of CPU (user + sys), under ASan on a busy machine
RSS_BOUND = 1024  # MiB of peak resident memory (ASan's shadow included)

CLS_YAML = """version: 1
nom: "Contrat"
territoire: "Pays"
periode: {debut: 2022, fin: 2024}
axes:
  - {id: "1", titre: "Axe"}
"""
FICHE_HEAD = 'id: "1"\ntitre: "Fiche"\naxe: "1"\nporteurs: ["CC"]\n'
MIB = 1024 * 1024


def kinds():
    r = random.Random(6)
    near = MIB - 4096  # just under the size limit: the worst still read
    yield "huge-scalar", FICHE_HEAD + "description: " + "a" * (near - 100) + "\n"
    yield "huge-quoted-escapes", FICHE_HEAD + 'description: "' + "\\u00e9" * (near // 6 - 40) + '"\n'
    yield "huge-block-scalar", FICHE_HEAD + "description: |\n" + "  ligne de texte\n" * (near // 17 - 20)
    yield "huge-key", FICHE_HEAD + "k" * (near - 100) + ": 1\n"
    yield "too-large", FICHE_HEAD + "description: " + "a" * (2 * MIB) + "\n"
    yield "key-flood", FICHE_HEAD + "".join("k%d: 1\n" % i for i in range(near // 12))
    yield "duplicate-key-flood", FICHE_HEAD + "titre: x\n" * (near // 9 - 10)
    yield "list-flood", FICHE_HEAD.replace('porteurs: ["CC"]\n', "") + "porteurs:\n" + "  - a\n" * (near // 6 - 20)
    yield "flow-list-flood", FICHE_HEAD + "themes: [" + "a," * (near // 2 - 20) + "a]\n"
    yield "wrong-type-flood", FICHE_HEAD + "indicateurs: [" + "1," * (near // 2 - 30) + "1]\n"
    yield "empty-item-flood", FICHE_HEAD + "financements:\n" + "  - \n" * (near // 5 - 20)
    yield "deep-flow", FICHE_HEAD + "x: " + "[" * 100000 + "]" * 100000 + "\n"
    yield "deep-flow-unclosed", FICHE_HEAD + "x: " + "{a: " * 100000 + "\n"
    yield "deep-block", FICHE_HEAD + "".join(" " * i + "k:\n" for i in range(0, 2000))
    yield "billion-laughs", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        "%s: &%s [%s]\n" % (chr(98 + i), chr(98 + i), ",".join("*" + chr(97 + i) for _ in range(9))) for i in range(9))
    yield "alias-flood", FICHE_HEAD + "x: &x 1\n" + "y: *x\n" * 100000
    yield "tag-flood", FICHE_HEAD + "".join("t%d: !!str%d x\n" % (i, i) for i in range(50000))
    yield "unclosed-quote", FICHE_HEAD + 'description: "' + "a" * (near - 100) + "\n"
    yield "unclosed-single-quote", FICHE_HEAD + "description: '" + "a\n" * (near // 2 - 60)
    yield "many-documents", "---\n" + "a: 1\n---\n" * 100000
    yield "binary-random", bytes(r.getrandbits(8) for _ in range(near))
    yield "nul-flood", b"\0" * near
    yield "latin1", (FICHE_HEAD + "description: caf\xe9 " * 10000).encode("latin-1")
    yield "utf16", ("\ufeff" + FICHE_HEAD).encode("utf-16-le")
    yield "truncated-utf8", FICHE_HEAD.encode() + b"description: " + "é".encode() * 1000 + b"\xc3"
    yield "overlong-utf8", FICHE_HEAD.encode() + b"description: \xc0\xaf\n"
    yield "surrogate-utf8", FICHE_HEAD.encode() + b"description: \xed\xa0\x80\n"
    yield "control-chars", FICHE_HEAD + "description: " + "\x01\x02\x1b[31m" * 1000 + "\n"
    yield "long-line-no-newline", "a" * near
    yield "crlf-cr-only", (FICHE_HEAD + "x: 1\r") * 1000
    yield "tab-flood", FICHE_HEAD + "\t" * (near - 200) + "x: 1\n"
    yield "number-extremes", FICHE_HEAD + "financements:\n" + "".join(
        "  - {financeur: F, montant: %s, annee: %s}\n" % (m, y) for m, y in [
            ("1e308", "2023"), ("1e309", "99999999999999999999"), ("-0", "-2023"), (".nan", ".inf"),
            ("0x" + "F" * 40, "0o" + "7" * 40), ("9" * 400, "2023.0"), ("1e-400", "1e3")])
    yield "indicateur-flood", FICHE_HEAD + "indicateurs:\n" + "".join(
        "  - {id: i%d, libelle: L, type: processus, cible: {2022: 1, 2023: {min: 1, max: 2}}, valeurs: {2022: %d}}\n"
        % (i, i) for i in range(near // 110))
    yield "financeur-flood", FICHE_HEAD + "financements:\n" + "".join(
        "  - {financeur: F%d, montant: %d, annee: 2023}\n" % (i, i) for i in range(near // 55))
    yield "year-key-flood", FICHE_HEAD + "suivi:\n" + "".join("  %d: {statut: en_cours}\n" % (1000 + i) for i in range(9000))


def fiche_flood(d, n):
    # one file, hard-linked n times: quick to make on any file system
    one = os.path.join(d, "one")
    with open(one, "w") as f:
        f.write('id: "1"\ntitre: T\naxe: "9"\n')
    for i in range(n):
        os.link(one, os.path.join(d, "fiches", "f%05d.yaml" % i))


def main():
    cls = os.path.abspath(sys.argv[1])
    verbose = "-v" in sys.argv
    top = tempfile.mkdtemp(prefix="cls-hostile.")
    fails = 0
    try:
        cases = list(kinds())
        cases.append(("axe-flood-many-fiches", None))
        cases.append(("too-many-fiches", None))
        cases.append(("many-fiches-same-id", None))
        for name, content in cases:
            d = os.path.join(top, name)
            os.makedirs(os.path.join(d, "fiches"))
            with open(os.path.join(d, "cls.yaml"), "w") as f:
                f.write(CLS_YAML)
            if name == "axe-flood-many-fiches":
                # 1 MiB of axes, and 3000 fiches naming none of them: each
                # unknown-axe message must not list them all
                with open(os.path.join(d, "cls.yaml"), "w") as f:
                    f.write(CLS_YAML.split("axes:")[0] + "axes:\n" + "".join(
                        '  - {id: "a%d", titre: T, objectifs: [{id: "o%d", titre: O}]}\n' % (i, i)
                        for i in range(MIB // 80)))
                fiche_flood(d, 3000)
            elif name == "too-many-fiches":
                fiche_flood(d, 10001)
            elif name == "many-fiches-same-id":
                fiche_flood(d, 10000)
            else:
                data = content if isinstance(content, bytes) else content.encode()
                with open(os.path.join(d, "fiches", "f.yaml"), "wb") as f:
                    f.write(data)
            for args in (["validate"], ["report", "2023"]):
                # cls alone in the child, so that rusage is its own
                err = os.path.join(top, "stderr")
                pid = os.fork()
                if pid == 0:
                    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
                    os.execv(cls, [cls, "--no-cache", "-C", d] + args)
                _, status, ru = os.wait4(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                with open(err, "rb") as f:
                    msg = f.read()
                cpu = ru.ru_utime + ru.ru_stime
                rss = ru.ru_maxrss / 1024
                what = "%s %s" % (name, args[0])
                problem = None
                if code not in (1, 2):
                    problem = "exit %d, expected 1 or 2" % code
                elif not msg or (code == 1 and args[0] == "validate" and b": error: " not in msg):
                    problem = "no message on stderr"
                elif cpu > CPU_BOUND:
                    problem = "%.1f s of CPU (bound %.0f)" % (cpu, CPU_BOUND)
                elif rss > RSS_BOUND:
                    problem = "%.0f MiB (bound %d)" % (rss, RSS_BOUND)
                if problem:
                    print("FAIL: %s: %s" % (what, problem))
                    fails += 1
                if verbose:
                    print("%-34s exit %d  %6.2f s CPU  %6.0f MiB" % (what, code, cpu, rss))
            shutil.rmtree(d)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
