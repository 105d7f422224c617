#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sheet-check.py - reads back with real software the sheets cls writes.

    python3 tests/sheet-check.py CLS TOP      (run by tests/suite-sheets.sh)

Every table of cls export, and the listing of cls indicators, is written
as .ods and .xlsx for the two examples, the contract prolonged by avenant
and a contract whose every text is hostile, then:

  - LibreOffice (soffice --headless --convert-to csv, one call for all)
    must read each file, and its CSV must hold what cls's own CSV holds,
    cell by cell (numbers as numbers, texts as written);
  - every XML part passes xmllint --noout; the ODF manifest lists every
    part and nothing else, "mimetype" comes first and stored; the OOXML
    content types and relationships name parts that are there; every zip
    entry has the fixed date; two runs give the same bytes;
  - the XML is read with Python: a year is an integer cell, an amount a
    currency cell in euros, a rate a percentage (its value the CSV's
    divided by 100), a figure a number cell, an id such as "1.1.1" a text
    cell; no cell holds a formula; the header row is bold and frozen; the
    columns have their widths;
  - hostile text (markup, "]]>", quotes, control characters, "=cmd|...",
    "_x0041_", very long cells) reads back as written (each character XML
    forbids as U+FFFD), in cls's XML and in LibreOffice, never as a
    formula; an XLSX cell stops at Excel's 32,767 characters;
  - the round trip: cls indicators --missing --year 2024 -o
    a-remplir.xlsx (and .ods), the valeur column filled in, cls import of
    that file writes the values, and so does the import of the same file
    saved again by LibreOffice; a sheet with one bad row writes nothing;
    a zip bomb, a zip that lies about its sizes, a DOCTYPE, a text
    document, a CSV named .xlsx and an .xls are refused, nothing written.

Prints one line per failure and exits 1, or how many checks passed.
"""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib

CLS, TOP = sys.argv[1], sys.argv[2]
fails = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what)
    return cond


def run(args, cwd=None):
    return subprocess.run([CLS, "--no-cache"] + args, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)


tmp = tempfile.mkdtemp(prefix="cls-sheets.")
W = os.path.join(tmp, "w")
os.makedirs(W)

# ------------------------------------------------------------ contracts

HOSTILE = os.path.join(tmp, "hostile")
os.makedirs(os.path.join(HOSTILE, "fiches"))
# YAML escapes: markup, CDATA end, quotes, a formula, control characters,
# U+FFFE, an OOXML escape written literally
H = ('<b>&amp; ]]> \\"q\\" \'a\' =cmd|\' /C calc\'!A0 \\x01\\x07\\e\\uFFFE '
     '_x0041_ _x005F_ fin')
HTEXT = ("<b>&amp; ]]> \"q\" 'a' =cmd|' /C calc'!A0 \x01\x07\x1b\ufffe "
         "_x0041_ _x005F_ fin")
with open(os.path.join(HOSTILE, "cls.yaml"), "w", encoding="utf-8") as f:
    f.write("""version: 1
nom: "Nom %s"
territoire: "Territoire %s"
periode: {debut: 2023, fin: 2025}
signataires: ["Signataire %s"]
axes:
  - id: "1"
    titre: "Axe %s"
    objectifs:
      - id: "1.1"
        titre: "Objectif %s"
""" % (H, H, H, H, H))
LONG = "L" + "x" * 39990 + " FIN"
with open(os.path.join(HOSTILE, "fiches", "a.yaml"), "w",
          encoding="utf-8") as f:
    f.write("""id: "1.1.1"
titre: "=HYPERLINK(\\"http://x.example\\";\\"clic\\") %s"
axe: "1"
objectif: "1.1"
porteurs: ["Porteur %s", "  deux  espaces "]
description: "ligne 1\\r\\nligne 2\\n  indentée\\tfin "
contexte: "%s"
referents:
  - {nom: "Nom %s", courriel: "a@b.example"}
financements:
  - financeur: "Financeur %s"
    montant: 1234.5
    annee: 2024
    note: "Note %s"
indicateurs:
  - id: "n"
    libelle: "Libelle %s"
    type: processus
    unite: "%%"
    cible: 10
    cible_totale: 30
    valeurs: {2023: 7, 2024: 12.25}
  - id: "q"
    libelle: "Qualitatif %s"
    type: resultat
    base: {annee: 2022, valeur: "Base %s"}
    valeurs: {2024: "Valeur %s"}
suivi:
  2024:
    statut: en_cours
    avancement: 50
    depenses: 800.5
    commentaire: "Commentaire %s\\nligne 2"
""" % (H, H, LONG, H, H, H, H, H, H, H, H))

CONTRACTS = {
    "vans": os.path.join(TOP, "examples", "pays-des-vans"),
    "cev": os.path.join(TOP, "examples", "pays-cevennes"),
    "prolonge": os.path.join(TOP, "tests", "fixtures", "prolonge"),
    "hostile": HOSTILE,
}
TABLES = ["fiches", "indicateurs", "financements", "suivi"]
p = run(["validate", HOSTILE])
check(p.returncode == 0, "the hostile contract is invalid: %s" %
      p.stderr.decode()[:400])

# The columns of each type (cls-export(1), SHEETS).
YEARS = {"annee", "annee_debut", "annee_fin", "suivi_annee", "base_annee"}
MONEY = {"montant", "depenses"}
PERCENT = {"taux", "avancement"}
NUMBERS = {"cible", "cible_min", "cible_max", "cible_totale"}
MAYBE_NUMBER = {"valeur", "base_valeur"}  # a number, or a text

# -------------------------------------------------------------- writing

files = {}  # (contract, table, fmt) -> path
csvs = {}   # (contract, table) -> cls's own CSV text
for c, root in CONTRACTS.items():
    for t in TABLES + ["listing"]:
        args = (["export", t, root] if t != "listing" else
                ["indicators", root])
        p = run(args + ["--format=csv"] if t == "listing" else args)
        check(p.returncode == 0, "%s %s csv: exit %d %s" % (
            c, t, p.returncode, p.stderr.decode()[:200]))
        csvs[(c, t)] = p.stdout.decode("utf-8")
        for fmt in ("ods", "xlsx"):
            path = os.path.join(W, "%s-%s-%s.%s" % (c, t, fmt, fmt))
            p = run(args + ["-o", path])
            check(p.returncode == 0 and p.stdout == b"",
                  "%s %s %s: exit %d %s" % (c, t, fmt, p.returncode,
                                            p.stderr.decode()[:200]))
            files[(c, t, fmt)] = path
            # the same bytes: twice, and by --format to stdout
            p = run(args + ["--format=" + fmt])
            with open(path, "rb") as f:
                check(p.returncode == 0 and p.stdout == f.read(),
                      "%s %s %s: two runs differ" % (c, t, fmt))
        if not os.path.exists(files[(c, t, "xlsx")]):
            sys.exit("FAIL %s %s: no sheet written" % (c, t))
# the memo answers the same bytes too
cache = os.path.join(tmp, "cache")
env = dict(os.environ, CLS_CACHE_DIR=cache, CLS_MEMO_RACY_MS="0")
outs = [subprocess.run([CLS, "export", "fiches", "--format=xlsx",
                        CONTRACTS["vans"]], stdout=subprocess.PIPE,
                       env=env).stdout for _ in range(3)]
with open(files[("vans", "fiches", "xlsx")], "rb") as f:
    check(outs[0] == outs[1] == outs[2] == f.read(),
          "the cache's memo changes the bytes of a sheet")

# ----------------------------------------------------------- the zips

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(s):
    """A text as cls's XML holds it: each character XML 1.0 forbids as
    U+FFFD."""
    return FORBIDDEN.sub("\ufffd", s)


def unzip(path):
    z = zipfile.ZipFile(path)
    return z, {i.filename: z.read(i.filename) for i in z.infolist()}


XMLDIR = os.path.join(tmp, "xml")
for (c, t, fmt), path in files.items():
    z, parts = unzip(path)
    w = "%s %s %s" % (c, t, fmt)
    infos = z.infolist()
    check(all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos),
          w + ": an entry has another date than 1980-01-01")
    names = [i.filename for i in infos]
    if fmt == "ods":
        check(names[0] == "mimetype" and infos[0].compress_type ==
              zipfile.ZIP_STORED and not infos[0].extra and
              parts["mimetype"] ==
              b"application/vnd.oasis.opendocument.spreadsheet",
              w + ": mimetype is not first, stored, a spreadsheet's")
        NSM = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
        man = ET.fromstring(parts["META-INF/manifest.xml"])
        listed = {e.get(NSM + "full-path") for e in man.iter(NSM +
                                                             "file-entry")}
        check(listed - {"/"} == set(names) - {"mimetype",
                                              "META-INF/manifest.xml"},
              w + ": the manifest lists %s, the zip holds %s" % (
                  sorted(listed), names))
        check(any(e.get(NSM + "full-path") == "/" and
                  e.get(NSM + "media-type") ==
                  "application/vnd.oasis.opendocument.spreadsheet"
                  for e in man.iter(NSM + "file-entry")),
              w + ": the manifest does not say it is a spreadsheet")
    else:
        ct = ET.fromstring(parts["[Content_Types].xml"])
        over = {e.get("PartName").lstrip("/") for e in ct
                if e.tag.endswith("Override")}
        check(over <= set(names) and "xl/worksheets/sheet1.xml" in over,
              w + ": content types %s for parts %s" % (over, names))
        for rels in [n for n in names if n.endswith(".rels")]:
            base = os.path.dirname(os.path.dirname(rels))
            for e in ET.fromstring(parts[rels]):
                target = os.path.normpath(os.path.join(base,
                                                       e.get("Target")))
                check(target in names, w + ": %s names %s, not in the zip"
                      % (rels, target))
    d = os.path.join(XMLDIR, os.path.basename(path))
    for n, b in parts.items():
        if n.endswith(".xml") or n.endswith(".rels"):
            os.makedirs(os.path.dirname(os.path.join(d, n)), exist_ok=True)
            with open(os.path.join(d, n), "wb") as f:
                f.write(b)
xmls = [os.path.join(r, n) for r, _, fs in os.walk(XMLDIR) for n in fs]
p = subprocess.run(["xmllint", "--noout"] + xmls, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
check(p.returncode == 0 and len(xmls) >= 8 * len(files) // 2,
      "xmllint: %s" % p.stdout.decode(errors="replace")[:500])

# --------------------------------------------------- the cells, in XML

O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ST = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
CF = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def odf_text(p):
    out = [p.text or ""]
    for k in p:
        if k.tag == "{%s}s" % X:
            out.append(" " * int(k.get("{%s}c" % X, "1")))
        elif k.tag == "{%s}tab" % X:
            out.append("\t")
        elif k.tag == "{%s}line-break" % X:
            out.append("\n")
        else:
            out.append(odf_text(k))
        out.append(k.tail or "")
    return "".join(out)


def ods_grid(parts):
    """[[cell]], each cell a dict: type, value, text, style, formula."""
    root = ET.fromstring(parts["content.xml"])
    table = next(root.iter("{%s}table" % T))
    rows = []
    for r in table.iter("{%s}table-row" % T):
        row = []
        for c in r:
            if c.tag != "{%s}table-cell" % T:
                continue
            row.append({
                "type": c.get("{%s}value-type" % O),
                "value": c.get("{%s}value" % O),
                "currency": c.get("{%s}currency" % O),
                "style": c.get("{%s}style-name" % T),
                "formula": c.get("{%s}formula" % T),
                "text": "\n".join(odf_text(p) for p in
                                  c.findall("{%s}p" % X)),
            })
        rows.append(row)
    return table, rows


def col_index(ref):
    n = 0
    for ch in ref.rstrip("0123456789"):
        n = n * 26 + ord(ch) - 64
    return n - 1


def unescape_ooxml(s):
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)),
                  s)


def xlsx_grid(parts):
    strings = []
    if "xl/sharedStrings.xml" in parts:
        for si in ET.fromstring(parts["xl/sharedStrings.xml"]):
            strings.append(unescape_ooxml("".join(
                t.text or "" for t in si.iter(M + "t"))))
    styles = ET.fromstring(parts["xl/styles.xml"])
    fmts = {int(e.get("numFmtId")): e.get("formatCode")
            for e in styles.iter(M + "numFmt")}
    xfs = list(styles.find(M + "cellXfs"))
    fonts = list(styles.find(M + "fonts"))
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    rows = []
    for r in sheet.iter(M + "row"):
        row = []
        for c in r.iter(M + "c"):
            i = col_index(c.get("r"))
            while len(row) < i:
                row.append({"type": None, "text": "", "formula": None})
            xf = xfs[int(c.get("s", "0"))]
            fid = int(xf.get("numFmtId", "0"))
            v = c.find(M + "v")
            t = c.get("t", "n")
            row.append({
                "type": t,
                "value": v.text if v is not None else None,
                "text": strings[int(v.text)] if t == "s" else
                (v.text if v is not None else ""),
                "format": fmts.get(fid, {0: "General", 1: "0"}.get(fid)),
                "bold": fonts[int(xf.get("fontId", "0"))].find(M + "b")
                is not None,
                "formula": c.find(M + "f"),
            })
        rows.append(row)
    return sheet, rows


def num(s):
    return float(s.replace(",", ".")) if s not in ("", None) else None


def csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def risky(text):
    """cls-export(1), Formula injection: the CSV neutralises it with a
    "'", which a sheet needs not."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    rest = text.lstrip(" \t")
    return bool(rest) and rest[0] in "=+-@\uff1d\uff0b\uff0d\uff20"


def as_written(cell):
    """The text a CSV cell of cls stands for: without the "'" before a
    formula."""
    return cell[1:] if cell.startswith("'") and risky(cell[1:]) else cell


def lf(s):
    return s.replace("\r\n", "\n").replace("\r", "\n")


def is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


for (c, t, fmt), path in files.items():
    w = "%s %s %s" % (c, t, fmt)
    z, parts = unzip(path)
    want = csv_rows(csvs[(c, t)])
    head = want[0]
    if fmt == "ods":
        table, grid = ods_grid(parts)
        check(not re.search(b"table:formula", parts["content.xml"]),
              w + ": a cell holds a formula")
        header_rows = table.find("{%s}table-header-rows" % T)
        check(header_rows is not None and len(header_rows) == 1,
              w + ": the header is not the table's header row")
        check(all(x["style"] == "En-tete" for x in grid[0]),
              w + ": a header cell is not of the style En-tete")
        styles = parts["styles.xml"].decode()
        check(re.search(r'style:name="En-tete"[^>]*>'
                        r'<style:text-properties fo:font-weight="bold"',
                        styles) is not None, w + ": En-tete is not bold")
        check('style:name="N-euros"' in styles and
              "<number:currency-symbol" in styles and "€" in styles,
              w + ": no currency style in euros")
        settings = parts["settings.xml"].decode()
        check(re.search(r'config:name="%s">.*config:name="VerticalSplitMode"'
                        r' config:type="short">2<.*config:name='
                        r'"VerticalSplitPosition" config:type="int">1<'
                        % re.escape(os.path.basename(path).split("-")[1]
                                    if t != "listing" else "indicateurs"),
                        settings) is not None,
              w + ": the header row is not frozen")
        cols = table.findall("{%s}table-column" % T)
        root = ET.fromstring(parts["content.xml"])
        widths = {s.get("{%s}name" % ST): s.find(
            "{%s}table-column-properties" % ST).get(
                "{%s}column-width" % ST) for s in root.iter("{%s}style" % ST)
            if s.get("{%s}family" % ST) == "table-column"}
        cw = [float(widths[x.get("{%s}style-name" % T)][:-2]) for x in cols]
        check(len(cw) == len(head), w + ": %d columns for %d" % (len(cw),
                                                                 len(head)))
    else:
        sheet, grid = xlsx_grid(parts)
        check(b"<f>" not in parts["xl/worksheets/sheet1.xml"] and
              b"<f " not in parts["xl/worksheets/sheet1.xml"],
              w + ": a cell holds a formula")
        check(all(x["bold"] for x in grid[0]), w + ": the header is not bold")
        pane = sheet.find(M + "sheetViews/" + M + "sheetView/" + M + "pane")
        check(pane is not None and pane.get("ySplit") == "1" and
              pane.get("state") == "frozen" and
              pane.get("topLeftCell") == "A2",
              w + ": the header row is not frozen")
        cw = [float(x.get("width")) for x in sheet.iter(M + "col")]
        check(len(cw) == len(head), w + ": %d columns for %d" % (len(cw),
                                                                 len(head)))
    # widths that fit: the widest column wider than the narrowest
    check(cw and max(cw) > min(cw) * 2, w + ": widths %s" % cw[:6])
    check([x["text"] for x in grid[0]] == head, w + ": header %s" %
          [x["text"] for x in grid[0]][:5])
    check(len(grid) == len(want), w + ": %d rows for %d" % (len(grid),
                                                          len(want)))
    for i, (g, r) in enumerate(zip(grid[1:], want[1:]), 2):
        for name, got, cell in zip(head, g + [{}] * len(head), r):
            where = "%s row %d %s" % (w, i, name)
            if cell == "":
                check(not got or got.get("type") in (None, "n") and
                      got.get("value") in (None,) and not got.get("text"),
                      where + ": not empty: %r" % got)
                continue
            typ = got.get("type")
            if name in YEARS:
                ok = (typ == "float" and got["style"] == "Annee"
                      if fmt == "ods" else typ == "n" and
                      got["format"] == "0")
                check(ok and got["value"] == cell and
                      re.fullmatch(r"\d{4}", got["value"]),
                      where + ": a year, not an integer cell: %r" % got)
            elif name in MONEY:
                ok = (typ == "currency" and got["currency"] == "EUR" and
                      got["style"] == "Montant" if fmt == "ods" else
                      typ == "n" and "€" in (got["format"] or ""))
                check(ok and num(got["value"]) == num(cell),
                      where + ": not a currency cell in EUR: %r" % got)
            elif name in PERCENT:
                ok = (typ == "percentage" and got["style"] == "Taux"
                      if fmt == "ods" else
                      typ == "n" and "%" in (got["format"] or ""))
                check(ok and abs(num(got["value"]) - num(cell) / 100) < 1e-9,
                      where + ": not a percentage of %s: %r" % (cell, got))
            elif name in NUMBERS or (name in MAYBE_NUMBER and
                                     is_number(cell)):
                ok = (typ == "float" and not got["style"] if fmt == "ods"
                      else typ == "n" and got["format"] == "General")
                check(ok and num(got["value"]) == num(cell),
                      where + ": not a number cell of %s: %r" % (cell, got))
            else:
                ok = typ == "string" if fmt == "ods" else typ == "s"
                exp = xml_text(lf(as_written(cell)))
                if fmt == "xlsx" and len(exp) > 32767:
                    exp = exp[:32766] + "…"  # Excel's limit
                text = lf(got.get("text", ""))
                check(ok and text == exp, where + ": text %r (%s), "
                      "expected %r" % (text[:80], typ, exp[:80]))
        # "1.1.1": a text cell, never a number or a date
        if c == "cev" and t == "fiches":
            f = grid[1][head.index("fiche")]
            check(f["type"] in ("string", "s") and f["text"] == "1.1.1",
                  w + ": the id 1.1.1 is %r" % f)

# the long cell: whole in ODS, cut in XLSX
_, g = ods_grid(unzip(files[("hostile", "fiches", "ods")])[1])
check(g[1][csv_rows(csvs[("hostile", "fiches")])[0].index("contexte")]
      ["text"] == LONG, "ods: the 40,000-character cell is not whole")

# ------------------------------------------------- LibreOffice reads them

LO = os.path.join(tmp, "lo")
p = subprocess.run(
    ["timeout", "600", "soffice",
     "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
     "--headless", "--norestore", "--convert-to",
     # ',' '"' UTF-8, every text quoted, raw values (not as shown)
     "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,true,true,false",
     "--outdir", LO] + sorted(files.values()),
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
for (c, t, fmt), path in files.items():
    w = "LibreOffice %s %s %s" % (c, t, fmt)
    out = os.path.join(LO, os.path.basename(path).rsplit(".", 1)[0] + ".csv")
    if not check(os.path.exists(out), w + ": no CSV: %s" %
                 p.stdout.decode(errors="replace")[-300:]):
        continue
    with open(out, encoding="utf-8", newline="") as f:
        got = csv_rows(f.read())
    want = csv_rows(csvs[(c, t)])
    check(len(got) == len(want), w + ": %d rows for %d" % (len(got),
                                                         len(want)))
    head = want[0]
    for i, (g, r) in enumerate(zip(got, want), 1):
        check(len(g) == len(r), w + ": row %d has %d cells for %d" % (
            i, len(g), len(r)))
        for name, a, b in zip(head, g, r):
            where = "%s row %d %s" % (w, i, name)
            if i > 1 and (name in YEARS | MONEY | NUMBERS or
                          (name in MAYBE_NUMBER and is_number(b))):
                check(b != "" and num(a) == num(b) or a == b == "",
                      where + ": %r for %r" % (a, b))
            elif i > 1 and name in PERCENT and b != "":
                check(a.endswith("%") and abs(num(a[:-1]) - num(b)) < 1e-9,
                      where + ": %r for the percentage %r" % (a, b))
            else:
                exp = xml_text(lf(as_written(b)))
                if fmt == "xlsx" and len(exp) > 32767:
                    exp = exp[:32766] + "…"
                a = lf(a)
                if fmt == "ods":
                    # LibreOffice 7.4 drops the tabs of a cell of an ODS
                    # (<text:tab/>, as ODF writes one), even in the files
                    # it writes itself; cls import keeps them (checked
                    # by tests/fuzz/fuzz-sheet.c's round trips)
                    exp = exp.replace("\t", "")
                check(a == exp, where + ": %r, expected %r" % (a[:80],
                                                               exp[:80]))

# the hostile texts, as written, in the titre LibreOffice read
for fmt in ("ods", "xlsx"):
    out = os.path.join(LO, "hostile-fiches-%s.csv" % fmt)
    if os.path.exists(out):
        with open(out, encoding="utf-8", newline="") as f:
            rows = csv_rows(f.read())
        titre = rows[1][rows[0].index("titre")]
        check(titre == xml_text('=HYPERLINK("http://x.example";"clic") ' +
                                HTEXT), "%s: the titre reads %r" % (
                                    fmt, titre))
        check("_x0041_ _x005F_" in titre,
              "%s: an OOXML escape in the text was decoded" % fmt)

# ------------------------------------------------------------ round trip

RULES = os.path.join(TOP, "tests", "cases", "indicators-missing-rules",
                     "contract")


def tree_hash(root):
    h = hashlib.sha256()
    for r, _, fs in sorted(os.walk(root)):
        for n in sorted(fs):
            with open(os.path.join(r, n), "rb") as f:
                h.update(n.encode() + f.read())
    return h.hexdigest()


def fill(path, values):
    """Fills the valeur column of the sheet cls wrote at path, row after
    row: a number goes in a number cell, a str in a text cell (as a
    porteur types "12,5" in a cell formatted as text)."""
    z, parts = unzip(path)
    infos = z.infolist()
    if path.endswith(".ods"):
        c = parts["content.xml"].decode()
        rows = re.findall(r"<table:table-row>(.*?)</table:table-row>", c,
                          re.S)
        cell = r"<table:table-cell[^>]*?(?:/>|>.*?</table:table-cell>)"
        head = re.findall(cell, rows[0], re.S)
        k = [i for i, x in enumerate(head) if ">valeur<" in x][0]
        for body, v in zip(rows[1:], values):
            cells = re.findall(cell, body, re.S)
            cells[k] = ('<table:table-cell office:value-type="string">'
                        '<text:p>%s</text:p></table:table-cell>' % v
                        if isinstance(v, str) else
                        '<table:table-cell office:value-type="float" '
                        'office:value="%r"><text:p>%r</text:p>'
                        '</table:table-cell>' % (v, v))
            c = c.replace(body, "".join(cells), 1)
        parts["content.xml"] = c.encode()
    else:
        sst = parts["xl/sharedStrings.xml"].decode()
        strings = re.findall(r"<si><t[^>]*>(.*?)</t></si>", sst, re.S)
        s = parts["xl/worksheets/sheet1.xml"].decode()
        rows = re.findall(r'<row r="(\d+)">(.*?)</row>', s, re.S)
        col = [ref for ref, i in re.findall(
            r'<c r="([A-Z]+)1"[^>]*t="s"><v>(\d+)</v>', rows[0][1])
            if strings[int(i)] == "valeur"][0]
        for (r, body), v in zip(rows[1:], values):
            if isinstance(v, str):
                strings.append(v)
                new = '<c r="%s%s" t="s"><v>%d</v></c>' % (col, r,
                                                         len(strings) - 1)
            else:
                new = '<c r="%s%s"><v>%r</v></c>' % (col, r, v)
            # in column order: before the first cell past the column
            cells = list(re.finditer(r'<c r="([A-Z]+)\d+".*?</c>', body))
            past = [m for m in cells if (len(m.group(1)), m.group(1)) >
                    (len(col), col)]
            at = past[0].start() if past else len(body)
            s = s.replace('<row r="%s">%s</row>' % (r, body),
                          '<row r="%s">%s</row>' % (r, body[:at] + new +
                                                     body[at:]), 1)
        parts["xl/worksheets/sheet1.xml"] = s.encode()
        parts["xl/sharedStrings.xml"] = re.sub(
            r"(<sst[^>]*>\n?).*(</sst>)", lambda m: m.group(1) + "".join(
                "<si><t>%s</t></si>" % x for x in strings) + m.group(2),
            sst, flags=re.S).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z2:
        for i in infos:
            z2.writestr(i, parts[i.filename], compress_type=i.compress_type)
    with open(path, "wb") as f:
        f.write(out.getvalue())


def resave(path, outdir):
    """The file saved again by LibreOffice in its own format, as a porteur
    saves what they filled in."""
    ext = path.rsplit(".", 1)[1]
    subprocess.run(["timeout", "300", "soffice", "-env:UserInstallation="
                    "file://" + os.path.join(tmp, "profile"), "--headless",
                    "--norestore", "--convert-to", ext, "--outdir", outdir,
                    path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return os.path.join(outdir, os.path.basename(path))


def valeurs_2024(root):
    p = run(["indicators", "--year=2024", "--format=json", root])
    return {(r["fiche"], r["indicateur"]): r["valeur"]
            for r in json.loads(p.stdout)["indicateurs"]}


# what cls indicators --missing --year 2024 lists in that contract, and
# what is filled in: numbers, and a text with a decimal comma
FILLED = [3, "12,5", 7, 2.25, 9]
for fmt in ("xlsx", "ods"):
    for resaved in (False, True):
        w = "round trip %s%s" % (fmt, " saved by LibreOffice" if resaved
                                  else "")
        d = os.path.join(tmp, "rt-%s-%d" % (fmt, resaved))
        shutil.copytree(RULES, d)
        sheet = os.path.join(d, "a-remplir." + fmt)
        p = run(["indicators", "--missing", "--year", "2024", "-o", sheet],
                cwd=d)
        check(p.returncode == 0, w + ": indicators: %s" % p.stderr[:200])
        missing = run(["indicators", "--missing", "--year", "2024",
                       "--format=json"], cwd=d)
        keys = [(r["fiche"], r["indicateur"])
                for r in json.loads(missing.stdout)["indicateurs"]]
        check(len(keys) == len(FILLED), w + ": %d missing" % len(keys))
        fill(sheet, FILLED)
        if resaved:
            sheet = resave(sheet, os.path.join(d, "lo"))
        p = run(["import", sheet], cwd=d)
        check(p.returncode == 0 and p.stdout.startswith(b"5 values written"),
              w + ": import: %d %r %r" % (p.returncode, p.stdout[:200],
                                         p.stderr[:300]))
        got = valeurs_2024(d)
        check([got.get(k) for k in keys] == [3, 12.5, 7, 2.25, 9],
              w + ": the fiches hold %s" % [got.get(k) for k in keys])
        p = run(["indicators", "--missing", "--year", "2024",
                 "--format=json"], cwd=d)
        check(json.loads(p.stdout)["nombre"] == 0,
              w + ": still missing after the import")

# one bad row (an unknown fiche): nothing is written, the row is named
for fmt in ("xlsx", "ods"):
    d = os.path.join(tmp, "bad-%s" % fmt)
    shutil.copytree(RULES, d)
    sheet = os.path.join(d, "a-remplir." + fmt)
    run(["indicators", "--missing", "--year", "2024", "-o", sheet], cwd=d)
    fill(sheet, FILLED)
    z, parts = unzip(sheet)
    key = "content.xml" if fmt == "ods" else "xl/sharedStrings.xml"
    # the id of the first fiche becomes one the contract does not have
    parts[key] = parts[key].replace(b">1.1<", b">9.9<", 1)
    with zipfile.ZipFile(sheet, "w") as z2:
        for i in z.infolist():
            z2.writestr(i, parts[i.filename], compress_type=i.compress_type)
    before = tree_hash(os.path.join(d, "fiches"))
    p = run(["import", sheet], cwd=d)
    err = p.stderr.decode()
    check(p.returncode == 1 and "a-remplir.%s:2: error:" % fmt in err and
          "9.9" in err and "nothing was written" in err,
          "bad row %s: %d %r" % (fmt, p.returncode, err[:300]))
    check(tree_hash(os.path.join(d, "fiches")) == before,
          "bad row %s: a fiche changed" % fmt)

# ------------------------------------------------------- hostile files


def refused(name, data, words, status=2):
    d = os.path.join(tmp, "refuse-" + name.replace("/", "_"))
    shutil.copytree(RULES, d)
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data)
    before = tree_hash(os.path.join(d, "fiches"))
    p = run(["import", path], cwd=d)
    err = p.stderr.decode()
    check(p.returncode == status and all(x in err for x in words) and
          p.stdout == b"", "%s: exit %d %r" % (name, p.returncode,
                                                err[:300]))
    check(tree_hash(os.path.join(d, "fiches")) == before,
          "%s: a fiche changed" % name)


def ods_zip(content, extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"),
                   "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        for n, b in extra:
            z.writestr(n, b, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# a zip bomb: 64 MiB of zeros compressed to a few tens of KB; its size is
# read from the archive and refused before anything is inflated
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"),
               "application/vnd.oasis.opendocument.spreadsheet")
    zi = zipfile.ZipInfo("content.xml")
    zi.compress_type = zipfile.ZIP_DEFLATED
    with z.open(zi, "w") as f:
        block = b"\0" * (1 << 20)
        for _ in range(64):
            f.write(block)
check(len(bomb.getvalue()) < 200000, "the zip bomb is %d bytes" %
      len(bomb.getvalue()))
refused("bomb.ods", bomb.getvalue(), ["bomb.ods", "content.xml",
                                      "67108864 bytes", "refused"])


def lie(data, name, size):
    """The zip with the uncompressed size of entry name set to size, in
    its local header and in the central directory: a zip that lies."""
    b = bytearray(data)
    nb = name.encode()
    for sig, off_name, off_size in ((b"PK\x03\x04", 30, 22),
                                    (b"PK\x01\x02", 46, 24)):
        i = 0
        while (i := b.find(sig, i)) >= 0:
            n = struct.unpack_from("<H", b, i + (26 if sig == b"PK\x03\x04"
                                                 else 28))[0]
            if b[i + off_name:i + off_name + n] == nb:
                struct.pack_into("<I", b, i + off_size, size)
            i += 4
    return bytes(b)


big = ods_zip("<x>" + "a" * (4 << 20) + "</x>")
refused("lies.ods", lie(big, "content.xml", 1000), ["lies.ods", "damaged"])
# entities: a billion laughs, an external entity; refused at the DOCTYPE
laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
          + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" %
                                                        chr(97 + i)) * 10)
                    for i in range(9)) + ']><x>&j;</x>')
refused("laughs.ods", ods_zip(laughs), ["DOCTYPE", "refused"])
refused("external.ods", ods_zip(
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
    '"file:///etc/passwd">]><x>&e;</x>'), ["DOCTYPE"])
refused("broken.ods", ods_zip("<office:document-content"), ["well-formed"])
# a CSV named .xlsx, an .xls, a text document named .ods
refused("valeurs.xlsx", b"fiche,indicateur,annee,valeur\n1.1,a,2024,3\n",
        ["valeurs.xlsx", "not a zip"])
refused("valeurs.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        ["valeurs.xls", ".xlsx"])
odt = io.BytesIO()
with zipfile.ZipFile(odt, "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", "<x/>")
refused("texte.ods", odt.getvalue(), ["not a spreadsheet"])
# too many columns
refused("wide.ods", ods_zip(
    '<?xml version="1.0"?><office:document-content xmlns:office="%s" '
    'xmlns:table="%s" xmlns:text="%s"><office:body><office:spreadsheet>'
    '<table:table><table:table-row><table:table-cell '
    'table:number-columns-repeated="5000" office:value-type="float" '
    'office:value="1"/></table:table-row></table:table>'
    '</office:spreadsheet></office:body></office:document-content>'
    % (O, T, X)), ["column 1024"])

shutil.rmtree(tmp)
for f in fails:
    print("FAIL", f)
print("%d checks, %d failed" % (checks, len(fails)))
sys.exit(1 if fails else 0)
