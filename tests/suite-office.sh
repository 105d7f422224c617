#!/bin/sh
# SPDX-License-Identifier: MIT
# runs cls: tests/run.sh runs this suite against every build.
# suite-office.sh - the office documents of cls report, read back with
# real software: every .odt and .docx is converted to PDF by LibreOffice
# (soffice --headless, one call for all of them: it starts slowly) and
# pdftotext of each must hold the figures of the JSON report (fiches by
# statut, the share on target, the money by financeur); each XML part
# passes xmllint --noout; the ODF manifest lists every part, "mimetype"
# comes first and stored; headings carry their outline levels; two runs
# give the same bytes; a contract whose every text is hostile (markup,
# "]]>", control characters, a formula, 10,000 characters) still gives
# well-formed XML where the text reads as written.  Then -o bilan.pdf,
# with LibreOffice and with a PATH that has none.
NAME=office
. "$(dirname "$0")/lib.sh"

for t in soffice pdftotext xmllint python3 unzip; do
	command -v $t >/dev/null 2>&1 || { echo "FAIL: $t is missing: run make deps"; exit 1; }
done
cd "$w" || exit 1
soffice_run() { # OUTDIR FILE...: LibreOffice in a profile of its own
	o=$1
	shift
	timeout 300 soffice "-env:UserInstallation=file://$w/profile" --headless \
	    --norestore --nolockcheck --convert-to pdf --outdir "$o" "$@" \
	    >"$w/soffice.log" 2>&1
}

# The contracts: the two examples and a hostile one (its texts written
# with YAML's escapes: control characters, U+FFFE).
cp -R "$top/examples/pays-cevennes" "$w/cev"
mkdir -p "$w/hostile/fiches"
H='<b>&amp; ]]> \"q\" '"'"'a'"'"' =cmd|'"'"' /C calc'"'"'!A0 \x01\x07\e\uFFFE fin'
cat >"$w/hostile/cls.yaml" <<EOF
version: 1
nom: "Nom $H"
territoire: "Territoire $H"
periode: {debut: 2023, fin: 2025}
signataires: ["Signataire $H"]
axes:
  - id: "1"
    titre: "Axe $H"
    objectifs:
      - id: "1.1"
        titre: "Objectif $H"
EOF
long=$(python3 -c 'print("x" * 9990)')
cat >"$w/hostile/fiches/a.yaml" <<EOF
id: "1.1.1"
titre: "Titre $H"
axe: "1"
objectif: "1.1"
porteurs: ["Porteur $H"]
financements:
  - financeur: "Financeur $H"
    montant: 1234
    annee: 2024
    note: "Note $H"
  - financeur: "Long"
    montant: 5
    annee: 2024
    note: "L$long FIN"
indicateurs:
  - id: "n"
    libelle: "Libelle $H"
    type: processus
    cible: 10
    valeurs: {2024: 12}
  - id: "q"
    libelle: "Qualitatif $H"
    type: resultat
    valeurs: {2024: "Valeur $H"}
suivi:
  2024:
    statut: en_cours
    commentaire: "Commentaire $H\nligne 2"
EOF

# The documents, twice each: the same bytes.
mkdir -p docs
for c in c:2024:vans cev:2022:cev hostile:2024:hostile; do
	dir=${c%%:*} rest=${c#*:} year=${rest%%:*} name=${rest#*:}
	for f in odt docx; do
		"$CLS" -C "$w/$dir" report "$year" -o "docs/$name-$f.$f" 2>"$w/err"
		st=$?
		[ $st -le 1 ] || fail "$name $f: exit $st: $(cat "$w/err")"
		"$CLS" -C "$w/$dir" --no-cache report "$year" --format=$f >"docs/again.$f" 2>/dev/null
		cmp -s "docs/$name-$f.$f" "docs/again.$f" || fail "$name $f: two runs gave different bytes"
		rm -f "docs/again.$f"
	done
	"$CLS" -C "$w/$dir" report "$year" --format=json >"docs/$name.json" 2>/dev/null
done

# The evaluation (2022-2026 of the example, 2014-2018 of the prolonged
# fixture, whose suivis give leviers) and the synthesis of the two
# examples, from a folder holding copies of them.
mkdir -p region
cp -R "$top/examples/pays-des-vans" "$top/examples/pays-cevennes" region/
for f in odt docx; do
	"$CLS" -C "$w/c" report 2022-2026 -o "docs/eval-$f.$f" 2>"$w/err" \
	    || fail "evaluation $f: exit $?: $(cat "$w/err")"
	"$CLS" -C "$top/tests/fixtures/prolonge" report 2014-2018 -o "docs/prolonge-$f.$f" 2>"$w/err" \
	    || fail "evaluation of prolonge $f: exit $?: $(cat "$w/err")"
	(cd region && "$CLS" report 2022 pays-des-vans pays-cevennes -o "../docs/synth-$f.$f") 2>"$w/err" \
	    || fail "synthesis $f: exit $?: $(cat "$w/err")"
done
"$CLS" -C "$w/c" report 2022-2026 --format=json >docs/eval.json 2>/dev/null
(cd region && "$CLS" report 2022 pays-des-vans pays-cevennes --format=json) >docs/synth.json 2>/dev/null

# Every XML part well-formed, for xmllint.
for d in docs/*.odt docs/*.docx; do
	x="$w/x/$(basename "$d")"
	mkdir -p "$x" && (cd "$x" && unzip -q -o "$w/$d") || fail "$d: unzip failed"
	for p in $(cd "$x" && find . -type f \( -name '*.xml' -o -name '*.rels' -o -name '*.svg' \) | sort); do
		xmllint --noout "$x/$p" 2>"$w/err" || fail "$d: $p is not well-formed XML: $(head -3 "$w/err")"
	done
done

# Everything LibreOffice reads, in one call.
start=$(date +%s)
soffice_run "$w/pdf" docs/*.odt docs/*.docx || fail "soffice failed: $(tail -5 "$w/soffice.log")"
echo "soffice: $(ls docs/*.odt docs/*.docx | wc -l) documents to PDF in $(($(date +%s) - start)) s"
for d in docs/*.odt docs/*.docx; do
	b=$(basename "$d")
	b=${b%.*}
	[ -s "pdf/$b.pdf" ] || { fail "$d: LibreOffice made no PDF"; continue; }
	pdftotext -layout "pdf/$b.pdf" "pdf/$b.txt" || fail "$d: pdftotext failed on its PDF"
done

python3 - "$w" <<'PY' || fails=$((fails + 1))
import json, re, sys, zipfile, os
import xml.etree.ElementTree as ET
w = sys.argv[1]
bad = []
def fail(m): bad.append(m)
def norm(s):  # what the PDF shows: no-break spaces are spaces
    return re.sub(r"[ \u00a0\u202f]+", " ", s)
def money(x):
    cents = round(x * 100)
    whole, c = divmod(abs(cents), 100)
    s = "{:,}".format(whole).replace(",", " ")
    return ("-" if x < 0 else "") + s + ("," + "%02d" % c if c else "") + " €"
LABELS = {"non_demarree": "non démarrée", "en_cours": "en cours",
          "realisee": "réalisée", "reportee": "reportée",
          "abandonnee": "abandonnée", "sans_suivi": "sans suivi"}
ODF_NS = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
T = "{%s}" % ODF_NS["text"]

def odf_text(e):  # the text of an ODF element, its spaces and tabs read
    out = [e.text or ""]
    for k in e:
        if k.tag == T + "s":
            out.append(" " * int(k.get(T + "c", "1")))
        elif k.tag == T + "tab":
            out.append("\t")
        elif k.tag == T + "line-break":
            out.append("\n")
        else:
            out.append(odf_text(k))
        out.append(k.tail or "")
    return "".join(out)

for name in ("vans", "cev", "hostile"):
    rep = json.load(open(os.path.join(w, "docs", name + ".json")))
    syn = rep["synthese"]
    for kind in ("odt", "docx"):
        doc = "%s-%s.%s" % (name, kind, kind)
        path = os.path.join(w, "docs", doc)
        txt = norm(open(os.path.join(w, "pdf", "%s-%s.txt" % (name, kind)),
                        encoding="utf-8").read())
        flat = re.sub(r"\s+", " ", txt)
        # the figures of the JSON report, as the PDF shows them
        for k, n in syn["fiches_par_statut"].items():
            if not re.search(re.escape(LABELS[k]) + r" +%d\b" % n, txt):
                fail("%s: the PDF lacks the row '%s %d'" % (doc, LABELS[k], n))
        part = syn["indicateurs"]["part_atteinte"]
        if part is not None:
            p = "%d %%" % int(part + 0.5)
            if p not in txt:
                fail("%s: the PDF lacks the share on target %s" % (doc, p))
        for m in syn["financements_contrat"]:
            if m["montant"] is None:
                continue
            short = m["financeur"][:20]
            if short.split()[0] not in flat:
                fail("%s: the PDF lacks the financeur %r" % (doc, short))
            if norm(money(m["montant"])) not in txt:
                fail("%s: the PDF lacks the amount %s of %r" %
                     (doc, money(m["montant"]), m["financeur"]))
        if syn["total_contrat"] and norm(money(syn["total_contrat"])) not in txt:
            fail("%s: the PDF lacks the total %s" % (doc, money(syn["total_contrat"])))
        for a in rep["axes"]:
            if ("Axe " + a["id"]) not in flat:
                fail("%s: the PDF lacks the heading of axe %s" % (doc, a["id"]))
        if "Page 1 / " not in txt:
            fail("%s: no page number in the footer" % doc)

        z = zipfile.ZipFile(path)
        infos = z.infolist()
        names = [i.filename for i in infos]
        for i in infos:
            if i.date_time != (1980, 1, 1, 0, 0, 0):
                fail("%s: %s has the date %s" % (doc, i.filename, i.date_time))
        if kind == "odt":
            first = infos[0]
            if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED \
                    or first.extra or z.read("mimetype") != b"application/vnd.oasis.opendocument.text":
                fail("%s: mimetype is not first, stored, without extra field" % doc)
            man = ET.fromstring(z.read("META-INF/manifest.xml"))
            listed = {e.get("{%s}full-path" % ODF_NS["manifest"])
                      for e in man.findall("manifest:file-entry", ODF_NS)}
            for n in names:
                if n not in ("mimetype", "META-INF/manifest.xml") and n not in listed:
                    fail("%s: the manifest does not list %s" % (doc, n))
            for n in listed - {"/"}:
                if n not in names:
                    fail("%s: the manifest lists %s, which is not there" % (doc, n))
            root = ET.fromstring(z.read("content.xml"))
            heads = [(int(h.get(T + "outline-level")), odf_text(h))
                     for h in root.iter(T + "h")]
            body = odf_text(root)
            styles = z.read("styles.xml").decode()
            if 'fo:language="fr" fo:country="FR"' not in styles:
                fail("%s: the default style is not in French" % doc)
            if 'fo:page-width="21cm" fo:page-height="29.7cm"' not in styles \
                    or "<text:page-number" not in styles:
                fail("%s: no A4 page with page numbers" % doc)
            for l in (1, 2, 3):
                if 'style:name="Heading_20_%d"' % l not in styles \
                        or 'style:default-outline-level="%d"' % l not in styles:
                    fail("%s: no Heading %d style with its outline level" % (doc, l))
        else:
            root = ET.fromstring(z.read("word/document.xml"))
            heads = []
            for p in root.iter(W + "p"):
                st = p.find(W + "pPr/" + W + "pStyle")
                if st is not None and re.fullmatch(r"Heading[1-3]", st.get(W + "val")):
                    heads.append((int(st.get(W + "val")[-1]),
                                  "".join(t.text or "" for t in p.iter(W + "t"))))
            body = "".join(t.text or "" for t in root.iter(W + "t"))
            styles = z.read("word/styles.xml").decode()
            for l in (1, 2, 3):
                if not re.search(r'w:styleId="Heading%d"><w:name w:val="heading %d"/>'
                                 r'.*?<w:outlineLvl w:val="%d"/>' % (l, l, l - 1), styles):
                    fail("%s: no heading %d style with its outline level" % (doc, l))
            if '<w:lang w:val="fr-FR"' not in styles:
                fail("%s: the default language is not fr-FR" % doc)
            rels = z.read("word/_rels/document.xml.rels").decode()
            for n in names:
                if n.startswith("word/media/") and n[5:] not in rels:
                    fail("%s: %s has no relationship" % (doc, n))
        # headings: the summary and what is missing at level 1, each axe
        # at 1, each objectif at 2, each fiche at 2 or 3
        lv = {t: l for l, t in heads}
        for t, l in (("Synthèse", 1), ("Ce qui manque", 1)):
            if lv.get(t) != l:
                fail("%s: heading %r at level %s, not %d" % (doc, t, lv.get(t), l))
        for a in rep["axes"]:
            got = [l for l, t in heads if t.startswith("Axe %s " % a["id"])]
            if got != [1]:
                fail("%s: axe %s heading levels %s" % (doc, a["id"], got))
            for o in a["objectifs"]:
                got = [l for l, t in heads if t.startswith("Objectif %s " % o["id"])]
                if got != [2]:
                    fail("%s: objectif %s heading levels %s" % (doc, o["id"], got))
                for f in o["fiches"]:
                    got = [l for l, t in heads if t.startswith("Fiche %s " % f["id"])]
                    if got != [3]:
                        fail("%s: fiche %s heading levels %s" % (doc, f["id"], got))
        if name == "hostile":
            lit = "<b>&amp; ]]> \"q\" 'a' =cmd|' /C calc'!A0 \ufffd\ufffd\ufffd\ufffd fin"
            for what in ("Titre", "Libelle", "Qualitatif", "Valeur", "Commentaire",
                         "Financeur", "Note", "Porteur", "Axe", "Objectif"):
                if (what + " " + lit) not in body:
                    fail("%s: %s does not read as written" % (doc, what))
            if "L" + "x" * 9990 + " FIN" not in body:
                fail("%s: the 10,000-character note is not whole" % doc)
            if "=cmd|' /C calc'!A0" not in flat or "<b>&amp; ]]>" not in flat:
                fail("%s: the PDF does not show the hostile text as written" % doc)
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY

# The evaluation and the synthesis as LibreOffice reads them: their
# headings at their outline levels, and the figures a user checks (each
# fiche's title, the totals, each contract's row) in the converted text.
python3 - "$w" <<'PY' || fails=$((fails + 1))
import json, re, sys, zipfile, os
import xml.etree.ElementTree as ET
w = sys.argv[1]
bad = []
def fail(m): bad.append(m)
def norm(s):
    return re.sub(r"[ \u00a0\u202f]+", " ", s)
def money(x):
    return "{:,}".format(round(x)).replace(",", " ") + " €"
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def odf_text(e):  # the text of an ODF element, its spaces read
    out = [e.text or ""]
    for k in e:
        out.append(" " * int(k.get(T + "c", "1")) if k.tag == T + "s"
                   else odf_text(k))
        out.append(k.tail or "")
    return "".join(out)
def docx_text(e):  # the text of an OOXML element's runs
    return "".join(t.text or "" for t in e.iter(W + "t"))
def heads_of(path, kind):
    z = zipfile.ZipFile(path)
    if kind == "odt":
        root = ET.fromstring(z.read("content.xml"))
        return [(int(h.get(T + "outline-level")), odf_text(h))
                for h in root.iter(T + "h")]
    root = ET.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(W + "p"):
        st = p.find(W + "pPr/" + W + "pStyle")
        if st is not None and re.fullmatch(r"Heading[1-3]", st.get(W + "val")):
            out.append((int(st.get(W + "val")[-1]), docx_text(p)))
    return out
TB = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
def rows_of(path, kind):  # the cells' texts of each row of its tables
    z = zipfile.ZipFile(path)
    if kind == "odt":
        root = ET.fromstring(z.read("content.xml"))
        return [[odf_text(c).strip() for c in r.iter(TB + "table-cell")]
                for r in root.iter(TB + "table-row")]
    root = ET.fromstring(z.read("word/document.xml"))
    return [[docx_text(c) for c in r.iter(W + "tc")] for r in root.iter(W + "tr")]
ev = json.load(open(os.path.join(w, "docs", "eval.json")))
sy = json.load(open(os.path.join(w, "docs", "synth.json")))
for kind in ("odt", "docx"):
    for name in ("eval", "synth", "prolonge"):
        doc = "%s-%s.%s" % (name, kind, kind)
        txt = norm(open(os.path.join(w, "pdf", "%s-%s.txt" % (name, kind)),
                        encoding="utf-8").read())
        flat = re.sub(r"\s+", " ", txt)
        heads = heads_of(os.path.join(w, "docs", doc), kind)
        rows = rows_of(os.path.join(w, "docs", doc), kind)
        lv = {}
        for l, t in heads:
            lv.setdefault(t, l)
        if lv.get("Synthèse") != 1:
            fail("%s: heading Synthèse at level %s" % (doc, lv.get("Synthèse")))
        if name == "prolonge":
            for t in ("Une coordination dédiée", "Turn over des professionnels",
                      "Préparer l'évaluation finale", "Le partenariat avec les collèges"):
                if t not in flat:
                    fail("%s: the levier, frein or perspective %r is not shown" % (doc, t))
            continue
        if name == "eval":
            if lv.get("Ce qui manque") != 1:
                fail("%s: heading Ce qui manque at level %s" % (doc, lv.get("Ce qui manque")))
            for a in ev["axes"]:
                got = [l for l, t in heads if t.startswith("Axe %s " % a["id"])]
                if got != [1]:
                    fail("%s: axe %s heading levels %s" % (doc, a["id"], got))
            for f in ev["fiches"]:
                got = [l for l, t in heads if t.startswith("Fiche %s — " % f["id"])]
                if len(got) != 1 or got[0] not in (2, 3):
                    fail("%s: fiche %s heading levels %s" % (doc, f["id"], got))
                if f["titre"][:40] not in flat:
                    fail("%s: the title of fiche %s is not in the text" % (doc, f["id"]))
            s = ev["synthese"]
            for what in ("total_prevu", "depenses"):
                if s[what] and money(s[what]) not in txt:
                    fail("%s: the %s %s is not in the text" % (doc, what, money(s[what])))
            # the trajectory of the first fiche: its statut the first year
            f0 = ev["fiches"][0]
            y0 = f0["annees"][0]
            if not re.search(r"\b%d +%s" % (y0["annee"], re.escape(y0["statut_libelle"])), txt):
                fail("%s: fiche %s's row %d %s is not in the text" %
                     (doc, f0["id"], y0["annee"], y0["statut_libelle"]))
        else:
            if lv.get("Les contrats") != 1:
                fail("%s: heading Les contrats at level %s" % (doc, lv.get("Les contrats")))
            s = sy["synthese"]
            if s["total_prevu"] and money(s["total_prevu"]) not in txt:
                fail("%s: the total %s is not in the text" % (doc, money(s["total_prevu"])))
            for k in sy["contrats"]:
                got = [l for l, t in heads if t.startswith(k["dossier"] + " — ")]
                if got != [2]:
                    fail("%s: contract %s heading levels %s" % (doc, k["dossier"], got))
                # its row in the table of the contracts: the folder, then
                # after the territory the periode and the fiches, cell by
                # cell (in the PDF a narrow column wraps as the fonts at
                # hand say)
                p = k["periode"]
                want = [k["dossier"], "%d-%d" % (p["debut"], p["fin"]), str(k["fiches"])]
                mine = [r for r in rows if r and r[0] == k["dossier"]]
                if not any(len(r) >= 4 and [r[0], r[2], r[3]] == want for r in mine):
                    fail("%s: no row for %s with %s and %s fiches: %r" %
                         (doc, k["dossier"], want[1], want[2], mine))
                # and LibreOffice shows the folder's start and the fiches
                if not re.search(r"^\s*%s.*\b%d\b" % (re.escape(k["dossier"][:5]), k["fiches"]),
                                 txt, re.M):
                    fail("%s: LibreOffice shows no row for %s" % (doc, k["dossier"]))
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY

# The evaluation as a PDF too.
mkdir -p pdfo
HOME="$w" "$CLS" -C "$w/c" report 2022-2026 -o pdfo/evaluation.pdf 2>"$w/err"
st=$?
if [ $st -ne 0 ] || [ "$(head -c 5 pdfo/evaluation.pdf 2>/dev/null)" != "%PDF-" ]; then
	fail "-o evaluation.pdf: exit $st, no PDF: $(cat "$w/err")"
else
	pdftotext pdfo/evaluation.pdf - | grep -q "Ce qui manque" || fail "-o evaluation.pdf: pdftotext finds no Ce qui manque"
fi
rm -f pdfo/evaluation.pdf

# A PDF: through LibreOffice when soffice is on the PATH, with the figures;
# without it, a usage error that says how, and no file.
mkdir -p pdfo
HOME="$w" "$CLS" -C "$w/c" report 2024 -o pdfo/bilan.pdf 2>"$w/err"
st=$?
if [ $st -ne 0 ] || [ "$(head -c 5 pdfo/bilan.pdf 2>/dev/null)" != "%PDF-" ]; then
	fail "-o bilan.pdf: exit $st, no PDF: $(cat "$w/err")"
else
	pdftotext pdfo/bilan.pdf - | grep -q "Synthèse" || fail "-o bilan.pdf: pdftotext finds no Synthèse"
fi
ls pdfo | grep -v '^bilan.pdf$' | grep -q . && fail "-o bilan.pdf left files behind: $(ls pdfo)"
mkdir -p nosoffice
PATH="$w/nosoffice" "$CLS" -C "$w/c" report 2024 -o pdfo/none.pdf 2>"$w/err"
st=$?
[ $st -eq 2 ] || fail "-o none.pdf without soffice: exit $st, expected 2"
grep -q "soffice is not on the PATH" "$w/err" && grep -q "html" "$w/err" \
    || fail "-o none.pdf without soffice does not say how to get a PDF: $(cat "$w/err")"
[ ! -e pdfo/none.pdf ] || fail "-o none.pdf without soffice left a file"
# a LibreOffice that fails: the error says so, and nothing is written
printf '#!/bin/sh\necho "Error: source file could not be loaded"\nexit 1\n' >nosoffice/soffice
chmod +x nosoffice/soffice
PATH="$w/nosoffice" "$CLS" -C "$w/c" report 2024 -o pdfo/broken.pdf 2>"$w/err"
st=$?
[ $st -eq 2 ] || fail "-o broken.pdf with a failing soffice: exit $st, expected 2"
grep -q "could not be loaded" "$w/err" || fail "a failing soffice is not reported: $(cat "$w/err")"
[ ! -e pdfo/broken.pdf ] || fail "-o broken.pdf with a failing soffice left a file"

[ $fails -eq 0 ]
