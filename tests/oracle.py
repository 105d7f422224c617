#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""oracle.py - recomputes every figure of `cls report --format=json`.

    python3 tests/oracle.py CONTRACT_DIR YEAR REPORT_JSON
    python3 tests/oracle.py CONTRACT_DIR FROM-TO REPORT_JSON
    python3 tests/oracle.py --synthese YEAR|FROM-TO REPORT_JSON DIR...

The first form checks the annual review, the second the evaluation over
years (cls-report(1), THE EVALUATION and JSON KEYS OF THE EVALUATION),
the third the synthesis of several contracts (THE SYNTHESIS, JSON KEYS OF
THE SYNTHESIS), DIR being the folders given to cls report, from the
current folder.

Why it exists: the figures of the annual review (counts, rates, money, what
is missing, plan order) are what a comite de pilotage decides on, and a wrong
one reads exactly like a right one.  This file is an independent second
implementation of the rules written in cls-report(1) ("RULES FOR FIGURES" and
"JSON KEYS") and cls-format(5), in another language, written from the
documentation and not from cmd/report*.c.  It reads the contract's YAML
itself, recomputes each figure, and compares it with the report written by
the C code, so a wrong figure in the C code cannot pass unnoticed.

Prints one `MISMATCH path: expected X, got Y` line per difference and exits
1, or prints `N figures checked` and exits 0.  Exit 2 on a usage error.
Counts, ids, order and text are compared exactly, money to the cent, rates
(rounded to one decimal by the report) within 0.05.
"""
import json
import os
import re
import sys
import unicodedata

try:
    import yaml
except ImportError:
    print("python3-yaml not installed: run make deps")
    sys.exit(2)

STATUTS = ["non_demarree", "en_cours", "realisee", "reportee", "abandonnee"]
LIBELLES = {
    "non_demarree": "non démarrée",
    "en_cours": "en cours",
    "realisee": "réalisée",
    "reportee": "reportée",
    "abandonnee": "abandonnée",
    "sans_suivi": "sans suivi",
}
RATE_KEYS = {"taux", "taux_cumul", "part_atteinte", "avancement_moyen"}
MONEY_KEYS = {"montant", "total_annee", "total_contrat", "depenses_annee",
              "depenses", "total_prevu", "montant_periode",
              "montant_duree_contrat", "montant_contrat",
              "total_duree_contrat"}


# ---------------------------------------------------------------- reading YAML
#
# PyYAML implements YAML 1.1 (`1.10` is the float 1.1, `yes` a boolean,
# `2024-03-15` a date), while cls-format(5) reads plain scalars with the YAML
# 1.2 core schema, and keeps ids and text as written.  So the files are only
# composed into nodes, and each scalar is resolved here: as its raw text for
# ids and text keys, with the 1.2 core schema for everything else.

# Keys whose value (or list items) is an id or a text: kept as written.
TEXT_KEYS = {"id", "axe", "objectif", "titre", "nom", "territoire", "libelle",
             "unite", "financeur", "note", "commentaire", "statut", "type",
             "sens", "porteurs", "partenaires", "public", "themes", "date",
             "detail", "jalons", "budget", "contexte",
             "description", "objectifs", "facilitateurs", "freins", "source",
             "sigle", "autres_noms", "objet", "signataires", "signature",
             "fonction", "structure", "courriel", "telephone", "leviers",
             "perspectives"}
NULLS = {"", "~", "null", "Null", "NULL"}
INT_RE = re.compile(r"[-+]?[0-9]+\Z")
FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


# libyaml's parser when PyYAML has it (faster, and the one cls links with).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Map(dict):
    """A YAML mapping that remembers the line it starts on."""
    line = 0


def is_plain(node):
    # PyYAML says None for a plain scalar, its libyaml binding ""
    return not node.style


def core_scalar(node):
    """A plain scalar resolved with the YAML 1.2 core schema."""
    v = node.value
    if not is_plain(node):  # quoted or block: always text
        return v
    if v in NULLS:
        return None
    if v in ("true", "True", "TRUE"):
        return True
    if v in ("false", "False", "FALSE"):
        return False
    if INT_RE.match(v):
        return int(v)
    if re.match(r"0o[0-7]+\Z", v):
        return int(v[2:], 8)
    if re.match(r"0x[0-9a-fA-F]+\Z", v):
        return int(v[2:], 16)
    if FLOAT_RE.match(v):
        return float(v)
    return v


def build(node, raw=False):
    """Python values from a node tree; raw keeps scalars as written."""
    if isinstance(node, yaml.ScalarNode):
        if raw:
            return None if is_plain(node) and node.value in NULLS \
                else node.value
        return core_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [build(n, raw) for n in node.value]
    m = Map()
    m.line = node.start_mark.line + 1
    for k, v in node.value:
        key = build(k)
        m[key] = build(v, raw or (isinstance(key, str) and key in TEXT_KEYS))
    return m


def load_yaml(path):
    with open(path, encoding="utf-8-sig") as f:
        node = yaml.compose(f.read(), Loader=LOADER)
    return build(node) if node is not None else Map()


def load_contract(root):
    """cls.yaml and every fiche under fiches/ (hidden names skipped)."""
    cls = load_yaml(os.path.join(root, "cls.yaml"))
    fiches = []
    for d, dirs, files in os.walk(os.path.join(root, "fiches")):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(d, name)
            f = load_yaml(path)
            f["__fichier__"] = os.path.relpath(path, root).replace(os.sep, "/")
            fiches.append(f)
    return cls, fiches


# --------------------------------------------------------------- small rules

def ident(v):
    """Ids written 1 or "1" are the same id."""
    return None if v is None else str(v)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def natural_key(s):
    """Natural order: "1.2" before "1.10"; digit runs compare as numbers,
    anything else character by character."""
    out = []
    for run in re.findall(r"[0-9]+|[^0-9]", s):
        if run.isdigit():
            out.append((ord("0"), int(run), run))
        else:
            out.append((ord(run), 0, run))
    return (out, s)


def year_of(v):
    """The year of a calendar date: 2024, "2024-03" or "2024-03-15"."""
    m = re.match(r"\s*([0-9]{4})", str(v))
    return int(m.group(1)) if m else None


# ------------------------------------------------------------ financeurs
#
# cls-format(5), FINANCEURS: names are compared with case and accents
# folded, every run of characters other than letters and digits read as one
# space, and a known sigle, alone or as the first word, read as the name it
# stands for.

SIGLES = {
    "anah": "Agence nationale de l'habitat",
    "anct": "Agence nationale de la cohésion des territoires",
    "ars": "Agence régionale de santé",
    "caf": "Caisse d'allocations familiales",
    "carsat": "Caisse d'assurance retraite et de la santé au travail",
    "ccas": "Centre communal d'action sociale",
    "cd": "Conseil départemental",
    "cnsa": "Caisse nationale de solidarité pour l'autonomie",
    "cpam": "Caisse primaire d'assurance maladie",
    "cpts": "Communauté professionnelle territoriale de santé",
    "ddets": "Direction départementale de l'emploi, du travail et des "
             "solidarités",
    "dreets": "Direction régionale de l'économie, de l'emploi, du travail "
              "et des solidarités",
    "fir": "Fonds d'intervention régional",
    "ireps": "Instance régionale d'éducation et de promotion de la santé",
    "mildeca": "Mission interministérielle de lutte contre les drogues et "
               "les conduites addictives",
    "msa": "Mutualité sociale agricole",
}
ODD_LETTERS = {"æ": "a", "ð": "d", "ø": "o", "þ": "t", "ß": "s", "œ": "oe"}


def fold(name):
    """Lower case, accents of the letters À to ÿ off, œ as oe; the other
    signs of those ranges, ASCII punctuation and general punctuation
    (U+2000-U+203F) separate words; anything else is kept."""
    out, sep = [], False
    for ch in name or "":
        o = ord(ch)
        if ch.isascii():
            c = ch.lower() if ch.isalnum() else None
        elif 0xC0 <= o <= 0xFF or ch in "Œœ":
            low = ch.lower()
            c = ODD_LETTERS.get(low) or "".join(
                x for x in unicodedata.normalize("NFD", low)
                if not unicodedata.combining(x))
            if not c.isalpha():
                c = None
        elif 0x80 <= o <= 0xBF or 0x2000 <= o <= 0x203F:
            c = None
        else:
            c = ch
        if c is None:
            sep = True
            continue
        if sep and out:
            out.append(" ")
        sep = False
        out.append(c)
    return "".join(out)


def financeur_key(name):
    k = fold(name)
    first, _, rest = k.partition(" ")
    if first in SIGLES:
        return fold(SIGLES[first]) + (" " + rest if rest else "")
    return k


def name_order(name):
    """Alphabetical order ignoring case and accents."""
    name = name or ""
    plain = "".join(c for c in unicodedata.normalize("NFD", name)
                    if not unicodedata.combining(c))
    return (plain.casefold(), name)


PLACEHOLDERS = ("a completer", "a definir", "a preciser", "a renseigner",
                "a determiner", "a confirmer", "non renseigne",
                "non renseignee", "non defini", "non definie", "non precise",
                "non precisee", "todo", "tbd", "tba", "fixme", "xxx")


def placeholder(t):
    """cls-validate(1), placeholder: punctuation alone, x's alone, or one
    of the words that hold a place, alone or starting the text."""
    k = fold(t)
    if not k:
        return t != ""
    if set(k) <= {"x", " "} and k.count("x") >= 2:
        return True
    return any(k == w or k.startswith(w + " ") for w in PLACEHOLDERS)


BLANKS = " \t\u00a0\u202f"


def looks_numeric(t):
    """Whether a text valeur reads as a number meant (cls-validate(1),
    number-as-text): a number, perhaps with spaces between its digits
    and a decimal comma, then nothing, %, a currency or one word."""
    m = re.match("[" + BLANKS + "]*[-+]?[0-9]+((["+ BLANKS + "]+|['_])[0-9]+)*"
                 "([,.][" + BLANKS + "]*[0-9]+)?", t)
    if not m:
        return False
    rest = t[m.end():].strip(BLANKS)
    return rest == "" or rest in ("%", "€", "EUR") or \
        re.fullmatch(r"[A-Za-z\u0080-\uffff'-]+", rest) is not None


def distance1(a, b):
    """Whether a and b are one edit apart (or a swap of two neighbours)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        d = [i for i in range(len(a)) if a[i] != b[i]]
        return len(d) == 1 or (len(d) == 2 and d[1] == d[0] + 1 and
                               a[d[0]] == b[d[1]] and a[d[1]] == b[d[0]])
    s, l = (a, b) if len(a) < len(b) else (b, a)
    return any(l[:i] + l[i + 1:] == s for i in range(len(l)))


def date_rank(d):
    parts = [int(x) for x in str(d).split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def fiche_years(f, periode):
    """The years of a fiche: its calendrier clipped to the periode, or the
    periode when it has no calendrier (or no debut / fin)."""
    deb, fin = periode
    cal = f.get("calendrier") or {}
    d = year_of(cal["debut"]) if cal.get("debut") is not None else deb
    e = year_of(cal["fin"]) if cal.get("fin") is not None else fin
    return set(range(max(d, deb), min(e, fin) + 1))


def suivi_of(f, year):
    s = f.get("suivi") or {}
    e = s.get(year)
    return e if isinstance(e, dict) else None


def valeur_of(ind, year):
    """The value of a year: a number, a text, or None (none, or `2025:`)."""
    return (ind.get("valeurs") or {}).get(year)


def parse_target(t):
    """("num", n) or ("range", min, max) or None."""
    if is_num(t):
        return ("num", t)
    if isinstance(t, dict) and t and set(t) <= {"min", "max"}:
        return ("range", t.get("min"), t.get("max"))
    return None


def target_for(ind, year, years):
    """The target of an indicateur for a year (cls-report(1), Target)."""
    c = ind.get("cible")
    if c is None:
        return None
    single = parse_target(c)
    if single is not None:
        return single if year in years else None
    if isinstance(c, dict):
        return parse_target(c.get(year))
    return None


def reached(t, v, sens):
    if t[0] == "num":
        return v <= t[1] if sens == "baisse" else v >= t[1]
    lo, hi = t[1], t[2]
    return (lo is None or v >= lo) and (hi is None or v <= hi)


def rate(t, v, sens):
    """Rate of achievement in percent, or None (cls-report(1))."""
    if t[0] == "num":
        c = t[1]
    elif (sens != "baisse" and t[2] is not None and v > t[2]) or \
            (sens == "baisse" and t[1] is not None and v < t[1]):
        return None  # past the far bound: missed, and no rate
    elif sens == "baisse":
        c = t[2] if t[2] is not None and t[2] > 0 else None
    else:
        c = t[1] if t[1] is not None and t[1] > 0 else None
    if c is None or c == 0:
        return None
    if sens == "baisse":
        return None if v == 0 else c / v * 100
    return v / c * 100


def target_json(t):
    if t is None:
        return None
    if t[0] == "num":
        return t[1]
    return {"min": t[1], "max": t[2]}


def money_total(amounts, without):
    """A sum of known amounts; None ("non precise") when there are
    financements but none with an amount."""
    if not amounts and without:
        return None
    return sum(amounts)


# ------------------------------------------------------ one block per section

class Oracle:
    def __init__(self, root, year):
        self.root = root
        self.year = year
        self.cls, self.fiches = load_contract(root)
        p = self.cls["periode"]
        self.initiale = (p["debut"], p["fin"])
        # the avenants by date, then as written; the latest with a fin
        # ends the periode in force
        self.avenants = sorted(
            (a for a in self.cls.get("avenants") or []
             if isinstance(a, dict) and a.get("date") is not None),
            key=lambda a: date_rank(a["date"]))
        fin = p["fin"]
        for a in self.avenants:
            if is_num(a.get("fin")) and a["fin"] >= p["debut"]:
                fin = a["fin"]
        self.periode = (p["debut"], fin)
        for f in self.fiches:
            f["__years__"] = fiche_years(f, self.periode)
        # fiches in plan order (natural id, then file), for everything
        # that is taken "in plan order"
        self.ordered = sorted(
            self.fiches, key=lambda f: (natural_key(ident(f.get("id"))),
                                        f["__fichier__"]))
        self.financeurs_build()

    def financeurs_build(self):
        """The directory of cls.yaml, then one financeur per key of the
        names it does not list, shown as most financements write it (the
        first written among equals); each financement gets its own."""
        self.directory = []
        known = {}  # key -> directory index
        for e in self.cls.get("financeurs") or []:
            if not isinstance(e, dict) or e.get("nom") is None:
                continue
            i = len(self.directory)
            self.directory.append(e)
            for n in [e.get("nom"), e.get("sigle")] + list(
                    e.get("autres_noms") or []):
                if n:
                    known.setdefault(financeur_key(n), i)
        groups = {}  # key -> [(seq, spelling, fiche)]
        self.fin_of = {}  # id(financement) -> financeur entry (dict)
        seq = 0
        entries = [{"nom": e.get("nom"), "sigle": e.get("sigle"),
                    "autres_noms": list(e.get("autres_noms") or []),
                    "declare": True, "financements": 0}
                   for e in self.directory]
        for f in self.ordered:
            for fi in f.get("financements") or []:
                seq += 1
                k = financeur_key(fi.get("financeur"))
                if k in known:
                    entries[known[k]]["financements"] += 1
                    self.fin_of[id(fi)] = entries[known[k]]
                else:
                    groups.setdefault(k, []).append((seq, fi, f))
        self.groups = []
        for k in sorted(groups):
            members = groups[k]
            count = {}
            for seq, fi, f in members:
                count.setdefault(fi["financeur"], []).append(seq)
            best = min(count, key=lambda n: (-len(count[n]), count[n][0]))
            first = min(members, key=lambda m: m[0])
            e = {"nom": best, "sigle": None, "autres_noms": [],
                 "declare": False, "financements": len(members)}
            self.groups.append((k, e, first))
            for seq, fi, f in members:
                self.fin_of[id(fi)] = e
        self.entries = entries + [g[1] for g in self.groups]

    def sens(self, ind):
        return ind.get("sens") or "hausse"

    def contrat(self):
        """The header: contract, periode in force and as signed, avenants
        and financeurs, and the year."""
        return {
            "contrat": {
                "nom": self.cls.get("nom"),
                "territoire": self.cls.get("territoire"),
                "periode": {"debut": self.periode[0],
                            "fin": self.periode[1]},
                "periode_initiale": {"debut": self.initiale[0],
                                     "fin": self.initiale[1]},
                "signature": None if self.cls.get("signature") is None
                else str(self.cls.get("signature")),
                "avenants": [{"date": str(a["date"]),
                              "objet": a.get("objet"),
                              "fin": a.get("fin") if is_num(a.get("fin"))
                              and a["fin"] >= self.initiale[0] else None,
                              "signataires": a.get("signataires") or []}
                             for a in self.avenants],
                "financeurs": [dict(e) for e in self.entries],
            },
            "annee": self.year,
        }

    def statuts(self):
        """Fiches by statut for the year: every fiche counts, so the counts
        add up to the number of fiches; and those whose years leave YEAR
        out."""
        counts = {s: 0 for s in STATUTS + ["sans_suivi"]}
        for f in self.fiches:
            s = suivi_of(f, self.year)
            st = s.get("statut") if s else "sans_suivi"
            counts[st] = counts.get(st, 0) + 1
        hors = sum(1 for f in self.fiches if self.year not in f["__years__"])
        return {"fiches": len(self.fiches), "fiches_par_statut": counts,
                "fiches_hors_calendrier": hors}

    def indicateurs_summary(self):
        """avec cible / evalues / atteints / sans valeur and the share."""
        avec = evalues = atteints = sans = 0
        for f in self.fiches:
            for ind in f.get("indicateurs") or []:
                t = target_for(ind, self.year, f["__years__"])
                if t is None:
                    continue
                avec += 1
                v = valeur_of(ind, self.year)
                if v is None:
                    sans += 1
                elif is_num(v):
                    evalues += 1
                    if reached(t, v, self.sens(ind)):
                        atteints += 1
        definis = sum(len(f.get("indicateurs") or []) for f in self.fiches)
        return {"definis": definis,
                "avec_cible": avec, "evalues": evalues, "atteints": atteints,
                "sans_valeur": sans,
                "part_atteinte": atteints / evalues * 100 if evalues else None}

    def by_statut(self, fins):
        """The known amounts of fins by statut: null for a statut whose
        financements have no montant, 0 for one they do not have."""
        out = {}
        for st in ("prevu", "sollicite", "acquis", "verse"):
            mine = [fi for fi in fins if (fi.get("statut") or "prevu") == st]
            known = [fi["montant"] for fi in mine if is_num(fi.get("montant"))]
            out[st] = money_total(known, len(mine) - len(known))
        return out

    def money(self):
        """Money planned by financeur (the directory's entry, or the names
        that are one financeur), for the year and over the contract, in
        all and by statut."""
        def by_financeur(fins):
            rows = {}  # id(entry) -> (entry, [financements])
            for fi in fins:
                e = self.fin_of[id(fi)]
                rows.setdefault(id(e), (e, []))[1].append(fi)
            out = []
            for e, mine in sorted(rows.values(),
                                  key=lambda r: name_order(r[0]["nom"])):
                known = [fi["montant"] for fi in mine
                         if is_num(fi.get("montant"))]
                out.append({"financeur": e["nom"], "sigle": e["sigle"],
                            "declare": e["declare"],
                            "montant": money_total(known,
                                                   len(mine) - len(known)),
                            "sans_montant": len(mine) - len(known),
                            "par_statut": self.by_statut(mine)})
            return out

        every = [fi for f in self.fiches for fi in f.get("financements") or []]
        year = [fi for fi in every if fi.get("annee") == self.year]
        out = {}
        for label, fins in (("annee", year), ("contrat", every)):
            known = [fi["montant"] for fi in fins if is_num(fi.get("montant"))]
            without = len(fins) - len(known)
            out["financements_" + label] = by_financeur(fins)
            out["total_" + label] = money_total(known, without)
            out["financements_%s_sans_montant" % label] = without
            out["total_%s_par_statut" % label] = self.by_statut(fins)
        return out

    def jalons(self, f):
        """The jalons of a fiche at the end of the year (cls-report(1),
        Jalons): reached when a suivi of the year or before names it, late
        when due that year or before, else to come; then those only a
        suivi names, reached."""
        suivis = sorted((y, s) for y, s in (f.get("suivi") or {}).items()
                        if isinstance(y, int) and isinstance(s, dict)
                        and y <= self.year)
        out = []
        cal = f.get("calendrier") or {}
        for j in cal.get("jalons") or []:
            if not isinstance(j, dict) or j.get("libelle") is None:
                continue
            when = next((y for y, s in suivis
                         if j["libelle"] in (s.get("jalons") or [])), None)
            d = j.get("date")
            if when is not None:
                etat = "atteint"
            elif d is not None and year_of(d) <= self.year:
                etat = "en_retard"
            else:
                etat = "a_venir"
            out.append({"libelle": j["libelle"],
                        "date": None if d is None else str(d),
                        "etat": etat, "atteint_en": when,
                        "dans_calendrier": True})
        for y, s in suivis:
            for l in s.get("jalons") or []:
                if all(x["libelle"] != l for x in out):
                    out.append({"libelle": l, "date": None,
                                "etat": "atteint", "atteint_en": y,
                                "dans_calendrier": False})
        return out

    def jalons_summary(self):
        n = {"atteints": 0, "en_retard": 0, "a_venir": 0}
        names = {"atteint": "atteints", "en_retard": "en_retard",
                 "a_venir": "a_venir"}
        for f in self.fiches:
            for j in self.jalons(f):
                n[names[j["etat"]]] += 1
        return {"jalons": n}

    def depenses(self):
        """Money spent in the year: the depenses of the year's suivi."""
        spent = [s["depenses"] for s in
                 (suivi_of(f, self.year) for f in self.fiches)
                 if s and is_num(s.get("depenses"))]
        # null when no fiche gave its depenses: unknown is not zero
        return {"depenses_annee": sum(spent) if spent else None,
                "fiches_avec_depenses": len(spent)}

    def indicateur(self, f, ind):
        """One indicateur of a fiche: cible, valeur, taux, atteint, cumul."""
        t = target_for(ind, self.year, f["__years__"])
        v = valeur_of(ind, self.year)
        sens = self.sens(ind)
        numeric = is_num(v)
        ct = ind.get("cible_totale")
        # qualitative: a text value (or baseline), and no target this year
        base = ind.get("base") if isinstance(ind.get("base"), dict) else {}
        texts = [x for x in list((ind.get("valeurs") or {}).values()) +
                 [base.get("valeur")] if isinstance(x, str)]
        cumul = taux_cumul = None
        if ct is not None:
            cumul = sum(x for y, x in (ind.get("valeurs") or {}).items()
                        if isinstance(y, int) and y <= self.year and is_num(x))
            taux_cumul = None if ct == 0 else cumul / ct * 100
        return {
            "id": ident(ind.get("id")),
            "libelle": ind.get("libelle"),
            "unite": ind.get("unite"),
            "type": ind.get("type"),
            "sens": sens,
            "qualitatif": bool(texts) and t is None,
            "cible": target_json(t),
            "valeur": v,
            "taux": rate(t, v, sens) if t and numeric else None,
            "atteint": reached(t, v, sens) if t and numeric else None,
            "cible_totale": ct,
            "cumul": cumul,
            "taux_cumul": taux_cumul,
        }

    def fiche(self, f):
        """One fiche of the plan, with its suivi, indicateurs and the
        financements of the year then those of the whole contract."""
        s = suivi_of(f, self.year)
        statut = s.get("statut") if s else "sans_suivi"
        fins = f.get("financements") or []
        shown = ([fi for fi in fins if fi.get("annee") == self.year] +
                 [fi for fi in fins if fi.get("annee") is None])
        return {
            "id": ident(f.get("id")),
            "titre": f.get("titre"),
            "fichier": f["__fichier__"],
            "axe": ident(f.get("axe")),
            "objectif": ident(f.get("objectif")),
            "statut": statut,
            "statut_libelle": LIBELLES.get(statut),
            "dans_calendrier": self.year in f["__years__"],
            "avancement": s.get("avancement") if s else None,
            "depenses": s.get("depenses") if s else None,
            "porteurs": f.get("porteurs") or [],
            "copilotage": f.get("copilotage") is True,
            "referents": [{k: r.get(k) for k in ("nom", "fonction",
                                                  "structure", "courriel",
                                                  "telephone")}
                          for r in f.get("referents") or []
                          if isinstance(r, dict) and r.get("nom")],
            "commentaire": s.get("commentaire") if s else None,
            "leviers": (s.get("leviers") if s else None) or [],
            "freins": (s.get("freins") if s else None) or [],
            "perspectives": (s.get("perspectives") if s else None) or [],
            "jalons": self.jalons(f),
            "indicateurs": [self.indicateur(f, i)
                            for i in f.get("indicateurs") or []],
            "financements": [{"financeur": fi.get("financeur"),
                              "financeur_nom": self.fin_of[id(fi)]["nom"],
                              "montant": fi.get("montant"),
                              "annee": fi.get("annee"),
                              "statut": fi.get("statut") or "prevu",
                              "note": fi.get("note")} for fi in shown],
        }

    def plan_groups(self):
        """The fiches in plan order: [(axe, [(objectif or None, fiches)])],
        then the fiches whose axe is not defined."""
        def sort(fs):
            return sorted(fs, key=lambda f: natural_key(ident(f.get("id"))))

        axes = sorted(self.cls.get("axes") or [],
                      key=lambda a: natural_key(ident(a.get("id"))))
        known = {ident(a.get("id")) for a in axes}
        plan = []
        for a in axes:
            aid = ident(a.get("id"))
            mine = [f for f in self.fiches if ident(f.get("axe")) == aid]
            groups = [(None, sort(f for f in mine
                                  if f.get("objectif") is None))]
            for o in sorted(a.get("objectifs") or [],
                            key=lambda o: natural_key(ident(o.get("id")))):
                oid = ident(o.get("id"))
                groups.append((o, sort(f for f in mine
                                       if ident(f.get("objectif")) == oid)))
            plan.append((a, groups))
        hors = sort(f for f in self.fiches
                    if ident(f.get("axe")) not in known)
        return plan, hors

    def plan(self):
        """Axes, objectifs and fiches in plan order."""
        plan, hors = self.plan_groups()
        axes = []
        for a, groups in plan:
            axes.append({
                "id": ident(a.get("id")),
                "titre": a.get("titre"),
                "fiches": [self.fiche(f) for f in groups[0][1]],
                "objectifs": [{"id": ident(o.get("id")),
                               "titre": o.get("titre"),
                               "fiches": [self.fiche(f) for f in fs]}
                              for o, fs in groups[1:]],
            })
        return {"axes": axes, "fiches_hors_axe": [self.fiche(f) for f in hors]}

    def manques(self):
        """What is missing, for the fiches whose years include YEAR.
        cls-report(1) does not say in which order these lists come; they are
        taken in the order it gives for fiches ("Fiches are sorted by id in
        natural order"), across the whole contract, and the indicateurs of a
        fiche in the order of the file."""
        sans_suivi, sans_valeur = [], []
        for f in sorted(self.fiches,
                        key=lambda f: natural_key(ident(f.get("id")))):
            if self.year not in f["__years__"]:
                continue
            if suivi_of(f, self.year) is None:
                sans_suivi.append({"id": ident(f.get("id")),
                                   "titre": f.get("titre"),
                                   "fichier": f["__fichier__"]})
            for ind in f.get("indicateurs") or []:
                if valeur_of(ind, self.year) is None:
                    t = target_for(ind, self.year, f["__years__"])
                    sans_valeur.append({
                        "fiche": ident(f.get("id")),
                        "id": ident(ind.get("id")),
                        "libelle": ind.get("libelle"),
                        "avec_cible": t is not None,
                        "fichier": f["__fichier__"],
                        "ligne": ind.line,
                    })
        late = [{"fiche": ident(f.get("id")), "libelle": j["libelle"],
                 "date": j["date"], "fichier": f["__fichier__"]}
                for f in self.ordered for j in self.jalons(f)
                if j["etat"] == "en_retard"]
        return {"fiches_sans_suivi": sans_suivi,
                "indicateurs_sans_valeur": sans_valeur,
                "jalons_en_retard": late}

    def warnings(self):
        """The validation warnings of cls-validate(1), as (fichier, regle),
        for the whole contract (every year, not only YEAR)."""
        out = []
        deb, fin = self.periode
        for f in self.fiches:
            where = f["__fichier__"]
            inds = f.get("indicateurs") or []
            if not inds:
                out.append((where, "no-indicateurs"))
            cal = f.get("calendrier") or {}
            dates = [cal.get("debut"), cal.get("fin")] + \
                [j.get("date") for j in cal.get("jalons") or []
                 if isinstance(j, dict)]
            for d in dates:
                if d is not None and not deb <= year_of(d) <= fin:
                    out.append((where, "calendrier-outside-periode"))
            libelles = {j.get("libelle") for j in cal.get("jalons") or []
                        if isinstance(j, dict)}
            for y, s in sorted((f.get("suivi") or {}).items()):
                if not isinstance(s, dict):
                    continue
                for ind in inds:
                    if target_for(ind, y, f["__years__"]) is not None and \
                            valeur_of(ind, y) is None:
                        out.append((where, "missing-value"))
                for j in s.get("jalons") or []:
                    if j not in libelles:
                        out.append((where, "unknown-jalon"))
            # a text that reads as a number meant, where no numeric
            # target makes it an error
            for ind in inds:
                if ind.get("cible") is not None or \
                        ind.get("cible_totale") is not None:
                    continue
                base = ind.get("base") if isinstance(ind.get("base"),
                                                     dict) else {}
                for v in list((ind.get("valeurs") or {}).values()) + \
                        [base.get("valeur")]:
                    if isinstance(v, str) and looks_numeric(v):
                        out.append((where, "number-as-text"))
            # placeholders in the required text of a fiche
            texts = [f.get("titre")] + list(f.get("porteurs") or []) + \
                [j.get("libelle") for j in cal.get("jalons") or []
                 if isinstance(j, dict)] + \
                [x.get("financeur") for x in f.get("financements") or []
                 if isinstance(x, dict)] + \
                [i.get("libelle") for i in inds if isinstance(i, dict)] + \
                [r.get("nom") for r in f.get("referents") or []
                 if isinstance(r, dict)]
            out += [(where, "placeholder") for t in texts
                    if isinstance(t, str) and placeholder(t)]
        c = self.cls
        texts = [c.get("nom"), c.get("territoire")] + \
            list(c.get("signataires") or []) + \
            [e.get("nom") for e in c.get("financeurs") or []
             if isinstance(e, dict)] + \
            [a.get("objet") for a in c.get("avenants") or []
             if isinstance(a, dict)]
        for a in c.get("axes") or []:
            texts.append(a.get("titre"))
            texts += [o.get("titre") for o in a.get("objectifs") or []]
        out += [("cls.yaml", "placeholder") for t in texts
                if isinstance(t, str) and placeholder(t)]
        # financeurs: a name the directory does not list, once each; or,
        # without a directory, a name whose key starts another's (or one
        # letter from the next), once for the shorter
        keys = [g[0] for g in self.groups]
        for i, (k, e, first) in enumerate(self.groups):
            where = first[2]["__fichier__"]
            if self.directory:
                out.append((where, "unknown-financeur"))
                continue
            related = False
            for j in range(i + 1, len(keys)):
                o = keys[j]
                typo = j == i + 1 and len(k) >= 8 and len(o) >= 8 and \
                    not re.search("[0-9]", k + o) and distance1(k, o)
                if o.startswith(k + " ") or typo:
                    related = True
                    break
                if not o.startswith(k):
                    break
            if related:
                out.append((where, "similar-financeurs"))
        return sorted(out)


# ---------------------------------------------------------------- comparison

class Checker:
    def __init__(self):
        self.figures = 0
        self.mismatches = []

    def bad(self, path, exp, got):
        if isinstance(exp, float) and path.rsplit(".", 1)[-1] in RATE_KEYS:
            exp = round(exp, 2)  # a rate as computed, not 83.33333333333334
        self.mismatches.append("MISMATCH %s: expected %s, got %s" % (
            path, json.dumps(exp, ensure_ascii=False),
            json.dumps(got, ensure_ascii=False)))

    def leaf(self, path, exp, got):
        self.figures += 1
        key = path.rsplit(".", 1)[-1]
        if is_num(exp) and is_num(got):
            # rates are rounded to one decimal by the report, money is to
            # the cent; other numbers (counts, values, sums of values) exact
            # but for the last bits of a float sum
            tol = 0.05 if key in RATE_KEYS else 0.005 if key in MONEY_KEYS \
                else 1e-6
            ok = abs(exp - got) <= tol + 1e-9
        else:
            ok = type(exp) is type(got) and exp == got
        if not ok:
            self.bad(path, exp, got)

    def same(self, path, exp, got):
        """Compares every key of exp with got, recursively."""
        if isinstance(exp, dict):
            if not isinstance(got, dict):
                return self.bad(path, "an object", got)
            for k, v in exp.items():
                if k not in got:
                    self.figures += 1
                    self.bad("%s.%s" % (path, k), v, "(key absent)")
                else:
                    self.same("%s.%s" % (path, k), v, got[k])
        elif isinstance(exp, list):
            if not isinstance(got, list):
                return self.bad(path, "a list", got)
            self.order(path, exp, got)
            for i, (e, g) in enumerate(zip(exp, got)):
                self.same("%s[%d]" % (path, i), e, g)
        else:
            self.leaf(path, exp, got)

    def order(self, path, exp, got):
        """Lists of objects are first compared by their ids, in order."""
        def ids(items):
            return [tuple(str(x.get(k)) for k in ("fiche", "id", "financeur")
                          if k in x) if isinstance(x, dict) else x
                    for x in items]
        self.figures += 1
        if len(exp) != len(got) or (exp and isinstance(exp[0], dict)
                                    and ids(exp) != ids(got)):
            self.bad(path + " (ids in order)", ids(exp), ids(got))


def annual(root, year, got):
    o = Oracle(root, year)
    c = Checker()

    c.same("", o.contrat(), got)
    syn = got.get("synthese") or {}
    for block in (o.statuts(), o.money(), o.depenses(), o.jalons_summary()):
        c.same(".synthese", block, syn)
    c.same(".synthese.indicateurs", o.indicateurs_summary(),
           syn.get("indicateurs"))
    c.same("", o.plan(), got)
    c.same(".manques", o.manques(), got.get("manques") or {})

    # warnings: their number, and which rule on which file
    warn = o.warnings()
    c.leaf(".avertissements", len(warn), got.get("avertissements"))
    listed = sorted((w.get("fichier"), w.get("regle"))
                    for w in (got.get("manques") or {}).get("avertissements")
                    or [])
    c.leaf(".manques.avertissements", [list(w) for w in warn],
           [list(w) for w in listed])
    # the validity flag says the same as the error count
    c.leaf(".donnees_valides", got.get("erreurs") == 0,
           got.get("donnees_valides"))

    return c


# ------------------------------------------------------ the evaluation
#
# cls-report(1), THE EVALUATION: each year of the span reads as the annual
# review of that year (the Oracle above, one per year), and the span adds
# the figures below.

def money_of(fins):
    """{montant, financements, sans_montant} of some financements: the
    known sum or None, how many, how many without montant."""
    known = [fi["montant"] for fi in fins if is_num(fi.get("montant"))]
    return {"montant": sum(known) if known else None,
            "financements": len(fins),
            "sans_montant": len(fins) - len(known)}


def total_of(fins):
    """A total of financements: None when some but none with a montant."""
    known = [fi["montant"] for fi in fins if is_num(fi.get("montant"))]
    return money_total(known, len(fins) - len(known)), len(fins) - len(known)


class Evaluation:
    def __init__(self, root, years):
        self.root = root
        self.years = list(range(years[0], years[1] + 1))
        self.first, self.last = years
        self.by_year = {y: Oracle(root, y) for y in self.years}
        o = self.by_year[self.first]
        self.cls, self.fiches, self.periode = o.cls, o.fiches, o.periode
        self.o = o

    # the figures of a year, from the annual review's rules
    def year_figures(self, y):
        o = self.by_year[y]
        st = o.statuts()
        ind = o.indicateurs_summary()
        money = o.money()
        dep = o.depenses()
        miss = o.manques()
        return {
            "annee": y,
            "fiches": st["fiches"],
            "fiches_par_statut": st["fiches_par_statut"],
            "fiches_hors_calendrier": st["fiches_hors_calendrier"],
            "fiches_avec_suivi":
                st["fiches"] - st["fiches_par_statut"]["sans_suivi"],
            "indicateurs": ind,
            "total_prevu": money["total_annee"],
            "financements_sans_montant":
                money["financements_annee_sans_montant"],
            "depenses": dep["depenses_annee"],
            "fiches_avec_depenses": dep["fiches_avec_depenses"],
            "fiches_sans_suivi": len(miss["fiches_sans_suivi"]),
            "indicateurs_sans_valeur": len(miss["indicateurs_sans_valeur"]),
        }

    def suivis(self, f):
        return sorted((y, s) for y, s in (f.get("suivi") or {}).items()
                      if isinstance(y, int) and isinstance(s, dict))

    def statut_fin(self, f):
        """The statut of the latest suivi within the span, and its year."""
        last = [(y, s) for y, s in self.suivis(f)
                if self.first <= y <= self.last]
        if not last:
            return "sans_suivi", None
        return last[-1][1].get("statut"), last[-1][0]

    def first_with(self, f, statuts):
        for y, s in self.suivis(f):
            if s.get("statut") in statuts:
                return y
        return None

    def within(self, y):
        return y is not None and self.first <= y <= self.last

    def missing_years(self, f):
        return [y for y in self.years if y in f["__years__"]
                and suivi_of(f, y) is None]

    def span_figures(self, annees):
        """The span: its years' sums, the fiches counted once."""
        statuts = {s: 0 for s in STATUTS + ["sans_suivi"]}
        hors = avec = sans = 0
        for f in self.fiches:
            statuts[self.statut_fin(f)[0]] += 1
            hors += not any(y in f["__years__"] for y in self.years)
            avec += self.statut_fin(f)[1] is not None
            sans += bool(self.missing_years(f))
        ind = {k: sum(a["indicateurs"][k] for a in annees)
               for k in ("avec_cible", "evalues", "atteints", "sans_valeur")}
        ind["part_atteinte"] = (ind["atteints"] / ind["evalues"] * 100
                                if ind["evalues"] else None)
        fins = [fi for f in self.fiches for fi in f.get("financements") or []
                if fi.get("financeur") is not None
                and fi.get("annee") in self.years]
        prevu, prevu_sans = total_of(fins)
        spent = [s["depenses"] for f in self.fiches
                 for y, s in self.suivis(f)
                 if self.first <= y <= self.last and is_num(s.get("depenses"))]
        return {
            "fiches": len(self.fiches),
            "fiches_par_statut_fin": statuts,
            "fiches_hors_calendrier": hors,
            "fiches_avec_suivi": avec,
            "indicateurs": ind,
            "total_prevu": prevu,
            "financements_sans_montant": prevu_sans,
            "depenses": sum(spent) if spent else None,
            "suivis_avec_depenses": len(spent),
            "fiches_sans_suivi": sans,
            "indicateurs_sans_valeur":
                sum(a["indicateurs_sans_valeur"] for a in annees),
        }

    def mouvements(self):
        m = {"demarrees": 0, "realisees": 0, "abandonnees": 0,
             "reportees": 0}
        for f in self.fiches:
            m["demarrees"] += self.within(
                self.first_with(f, ("en_cours", "realisee")))
            m["realisees"] += self.within(self.first_with(f, ("realisee",)))
            m["abandonnees"] += self.within(
                self.first_with(f, ("abandonnee",)))
            m["reportees"] += any(s.get("statut") == "reportee"
                                  for y, s in self.suivis(f)
                                  if self.first <= y <= self.last)
        return m

    def funders(self):
        """Money by financeur (its entry in the directory, as the annual
        review groups it) and year, alphabetical."""
        every = [fi for f in self.fiches for fi in f.get("financements") or []
                 if fi.get("financeur") is not None]

        def nom(fi):
            return self.o.fin_of[id(fi)]["nom"]
        names = sorted({nom(fi) for fi in every}, key=name_order)
        out = []
        for name in names:
            mine = [fi for fi in every if nom(fi) == name]
            per = [fi for fi in mine if fi.get("annee") in self.years]
            duree = [fi for fi in mine if fi.get("annee") is None]
            p, d, c = money_of(per), money_of(duree), money_of(mine)
            out.append({
                "financeur": name,
                "annees": [dict(annee=y, **money_of(
                    [fi for fi in mine if fi.get("annee") == y]))
                    for y in self.years],
                "montant_periode": p["montant"],
                "sans_montant_periode": p["sans_montant"],
                "montant_duree_contrat": d["montant"],
                "sans_montant_duree_contrat": d["sans_montant"],
                "montant_contrat": c["montant"],
                "sans_montant_contrat": c["sans_montant"],
            })
        return out

    def totals(self):
        every = [fi for f in self.fiches for fi in f.get("financements") or []
                 if fi.get("financeur") is not None]
        contrat, csans = total_of(every)
        duree, dsans = total_of([fi for fi in every
                                 if fi.get("annee") is None])
        return {"total_contrat": contrat,
                "financements_contrat_sans_montant": csans,
                "total_duree_contrat": duree,
                "financements_duree_contrat_sans_montant": dsans}

    def tally(self, fs, y):
        """The fiches of an axe or objectif by statut of y, mean avancement."""
        st = {s: 0 for s in STATUTS + ["sans_suivi"]}
        av = []
        for f in fs:
            s = suivi_of(f, y)
            st[s.get("statut") if s else "sans_suivi"] += 1
            if s and is_num(s.get("avancement")):
                av.append(s["avancement"])
        return {"annee": y, "fiches_par_statut": st,
                "avancement_moyen": sum(av) / len(av) if av else None,
                "fiches_avec_avancement": len(av)}

    def fiche(self, f):
        statut, annee = self.statut_fin(f)
        years = sorted(f["__years__"])
        jalons = []
        cal = f.get("calendrier") or {}
        for j in cal.get("jalons") or []:
            lib, date = j.get("libelle"), j.get("date")
            due = year_of(date) if date is not None else None
            reached = next((y for y, s in self.suivis(f) if y <= self.last
                            and lib in (s.get("jalons") or [])), None)
            etat = ("atteint" if reached else "en_retard"
                    if due is not None and due <= self.last else "a_venir")
            jalons.append({"libelle": lib, "date": date, "annee_prevue": due,
                           "annee_atteinte": reached, "etat": etat})
        fins = f.get("financements") or []
        shown = [fi for y in self.years for fi in fins
                 if fi.get("annee") == y]
        shown += [fi for fi in fins if fi.get("annee") is None]
        yearly = []
        for y in self.years:
            s = suivi_of(f, y)
            st = s.get("statut") if s else "sans_suivi"
            yearly.append({
                "annee": y, "statut": st, "statut_libelle": LIBELLES[st],
                "dans_calendrier": y in f["__years__"],
                "avancement": s.get("avancement") if s else None,
                "depenses": s.get("depenses") if s else None,
                "commentaire": s.get("commentaire") if s else None,
                "leviers": (s.get("leviers") or []) if s else [],
                "freins": (s.get("freins") or []) if s else [],
                "perspectives": (s.get("perspectives") or []) if s else [],
                "jalons": (s.get("jalons") or []) if s else [],
            })
        inds = []
        for ind in f.get("indicateurs") or []:
            per = []
            for y in self.years:
                e = self.by_year[y].indicateur(f, ind)
                per.append({"annee": y, **{k: e[k] for k in (
                    "cible", "valeur", "taux", "atteint", "cumul",
                    "taux_cumul")}})
            e = self.o.indicateur(f, ind)
            inds.append({k: e[k] for k in ("id", "libelle", "type", "unite",
                                           "sens", "cible_totale")})
            inds[-1]["annees"] = per
        return {
            "id": ident(f.get("id")), "titre": f.get("titre"),
            "fichier": f["__fichier__"], "axe": ident(f.get("axe")),
            "objectif": ident(f.get("objectif")),
            "porteurs": f.get("porteurs") or [],
            "annee_debut": years[0] if years else None,
            "annee_fin": years[-1] if years else None,
            "statut_fin": statut, "statut_fin_libelle": LIBELLES[statut],
            "annee_statut_fin": annee,
            "demarrage": self.first_with(f, ("en_cours", "realisee")),
            "realisation": self.first_with(f, ("realisee",)),
            "abandon": self.first_with(f, ("abandonnee",)),
            "reportee": any(s.get("statut") == "reportee"
                            for y, s in self.suivis(f)
                            if self.first <= y <= self.last),
            "annees": yearly,
            "jalons": jalons,
            "indicateurs": inds,
            "financements": [{"financeur": fi.get("financeur"),
                              "montant": fi.get("montant"),
                              "annee": fi.get("annee"),
                              "statut": fi.get("statut") or "prevu",
                              "note": fi.get("note")} for fi in shown],
        }

    def plan(self):
        """Axes with their tallies and the ids of their fiches, then every
        fiche in plan order."""
        plan, hors = self.o.plan_groups()
        ids = lambda fs: [ident(f.get("id")) for f in fs]
        axes, flat = [], []
        for a, groups in plan:
            every = [f for _, fs in groups for f in fs]
            axes.append({
                "id": ident(a.get("id")), "titre": a.get("titre"),
                "annees": [self.tally(every, y) for y in self.years],
                "fiches": ids(groups[0][1]),
                "objectifs": [{"id": ident(o.get("id")),
                               "titre": o.get("titre"),
                               "annees": [self.tally(fs, y)
                                          for y in self.years],
                               "fiches": ids(fs)} for o, fs in groups[1:]],
            })
            flat += every
        flat += hors
        return {"axes": axes, "fiches_hors_axe": ids(hors),
                "fiches": [self.fiche(f) for f in flat]}

    def manques(self):
        """By fiche, in natural order of id, with the years."""
        sans_suivi, sans_valeur = [], []
        for f in sorted(self.fiches,
                        key=lambda f: natural_key(ident(f.get("id")))):
            miss = self.missing_years(f)
            if miss:
                sans_suivi.append({"id": ident(f.get("id")),
                                   "titre": f.get("titre"),
                                   "fichier": f["__fichier__"],
                                   "annees": miss})
            for ind in f.get("indicateurs") or []:
                ys = [{"annee": y, "avec_cible":
                       target_for(ind, y, f["__years__"]) is not None}
                      for y in self.years if y in f["__years__"]
                      and valeur_of(ind, y) is None]
                if ys:
                    sans_valeur.append({
                        "fiche": ident(f.get("id")), "id": ident(ind.get("id")),
                        "libelle": ind.get("libelle"),
                        "fichier": f["__fichier__"], "ligne": ind.line,
                        "annees": ys})
        return {"fiches_sans_suivi": sans_suivi,
                "indicateurs_sans_valeur": sans_valeur}

    def synthese(self):
        annees = [self.year_figures(y) for y in self.years]
        out = self.span_figures(annees)
        out["mouvements"] = self.mouvements()
        out["financements"] = self.funders()
        out.update(self.totals())
        out["annees"] = annees
        return out

    def check(self, got):
        c = Checker()
        head = self.o.contrat()
        del head["annee"]
        head.update({"rapport": "evaluation", "debut": self.first,
                     "fin": self.last, "annees": self.years})
        c.same("", head, got)
        c.same(".synthese", self.synthese(), got.get("synthese") or {})
        c.same("", self.plan(), got)
        c.same(".manques", self.manques(), got.get("manques") or {})
        warn = self.o.warnings()
        c.leaf(".avertissements", len(warn), got.get("avertissements"))
        listed = sorted((w.get("fichier"), w.get("regle"))
                        for w in (got.get("manques") or {}).get(
                            "avertissements") or [])
        c.leaf(".manques.avertissements", [list(w) for w in warn],
               [list(w) for w in listed])
        c.leaf(".donnees_valides", got.get("erreurs") == 0,
               got.get("donnees_valides"))
        return c


# -------------------------------------------------------- the synthesis

def find_root(d):
    """The contract at or above folder d, as cls finds it: the nearest
    folder holding cls.yaml."""
    p = os.path.abspath(d)
    while not os.path.isfile(os.path.join(p, "cls.yaml")):
        if os.path.dirname(p) == p:
            sys.exit("oracle.py: no contract at or above %s" % d)
        p = os.path.dirname(p)
    return p


def dossier_of(d):
    """How cls shows a folder: relative to the current one when under it,
    with a final slash; "./" for the current folder itself."""
    root, cwd = os.path.abspath(d), os.getcwd()
    if root == cwd:
        return "./"
    if root.startswith(cwd + os.sep):
        return os.path.relpath(root, cwd).replace(os.sep, "/") + "/"
    return root + "/"


class Synthese:
    def __init__(self, dirs, years):
        self.years = list(range(years[0], years[1] + 1))
        self.span = years
        self.contracts = []  # (dossier, cls, Evaluation or None)
        seen = set()
        for d in dirs:
            root = find_root(d)
            if root in seen:
                continue
            seen.add(root)
            d = root
            cls, _ = load_contract(d)
            p = cls.get("periode") or {}
            covered = (is_num(p.get("debut")) and is_num(p.get("fin"))
                       and p["debut"] <= years[0] and years[1] <= p["fin"])
            self.contracts.append((dossier_of(d), cls,
                                   Evaluation(d, years) if covered else None))

    def contract(self, dossier, cls, ev):
        p = cls.get("periode") or {}
        out = {"dossier": dossier, "nom": cls.get("nom"),
               "territoire": cls.get("territoire"),
               "periode": {"debut": p.get("debut"), "fin": p.get("fin")},
               "couvert": ev is not None}
        if ev:
            out.update(ev.synthese())
            out["sans_suivi"] = ev.manques()["fiches_sans_suivi"]
        return out

    def sums(self, rows, keys_of_year, fins):
        """The figures of rows (a year's or the span's of each covered
        contract) added up, the share on target taken again, the money
        planned from fins (the financements of those years)."""
        out = {}
        for k in ("fiches", "fiches_hors_calendrier", "fiches_avec_suivi",
                  "fiches_sans_suivi", "indicateurs_sans_valeur",
                  keys_of_year[1]):
            out[k] = sum(r[k] for r in rows)
        st = keys_of_year[0]
        out[st] = {s: sum(r[st][s] for r in rows)
                   for s in STATUTS + ["sans_suivi"]}
        ind = {k: sum(r["indicateurs"][k] for r in rows)
               for k in ("avec_cible", "evalues", "atteints", "sans_valeur")}
        ind["part_atteinte"] = (ind["atteints"] / ind["evalues"] * 100
                                if ind["evalues"] else None)
        out["indicateurs"] = ind
        out["total_prevu"], out["financements_sans_montant"] = total_of(fins)
        spent = [r["depenses"] for r in rows if r["depenses"] is not None]
        out["depenses"] = sum(spent) if spent else None
        return out

    def fins(self, years):
        return [fi for _, _, ev in self.contracts if ev
                for f in ev.fiches for fi in f.get("financements") or []
                if fi.get("financeur") is not None
                and fi.get("annee") in years]

    def check(self, got):
        c = Checker()
        evs = [(d, cls, ev) for d, cls, ev in self.contracts]
        covered = [(d, ev.synthese()) for d, _, ev in evs if ev]
        got_contracts = got.get("contrats") or []
        invalid = [k.get("dossier") for k in got_contracts
                   if k.get("erreurs")]
        syn = {"contrats": len(evs), "contrats_couverts": len(covered),
               "contrats_hors_periode": [d for d, _, ev in evs if not ev],
               "contrats_invalides": invalid}
        syn.update(self.sums([s for _, s in covered],
                             ("fiches_par_statut_fin",
                              "suivis_avec_depenses"), self.fins(self.years)))
        syn["mouvements"] = {k: sum(s["mouvements"][k] for _, s in covered)
                             for k in ("demarrees", "realisees",
                                       "abandonnees", "reportees")}
        syn["financements"] = self.funders(covered)
        every = [fi for _, _, ev in self.contracts if ev
                 for f in ev.fiches for fi in f.get("financements") or []
                 if fi.get("financeur") is not None]
        syn["total_contrat"], syn["financements_contrat_sans_montant"] = \
            total_of(every)
        syn["total_duree_contrat"], \
            syn["financements_duree_contrat_sans_montant"] = total_of(
                [fi for fi in every if fi.get("annee") is None])
        syn["themes"] = self.themes()
        annees = []
        for i, y in enumerate(self.years):
            rows = [s["annees"][i] for _, s in covered]
            a = {"annee": y}
            a.update(self.sums(rows, ("fiches_par_statut",
                                      "fiches_avec_depenses"), self.fins([y])))
            a["contrats_sans_suivi"] = [d for d, s in covered
                                        if s["annees"][i]["fiches_avec_suivi"]
                                        == 0]
            annees.append(a)
        syn["annees"] = annees
        head = {"rapport": "synthese", "debut": self.span[0],
                "fin": self.span[1], "annees": self.years}
        c.same("", head, got)
        c.same(".synthese", syn, got.get("synthese") or {})
        c.same(".contrats", [self.contract(d, cls, ev) for d, cls, ev in evs],
               got_contracts)
        c.leaf(".donnees_valides", got.get("erreurs") == 0,
               got.get("donnees_valides"))
        c.leaf(".erreurs", sum(k.get("erreurs") or 0 for k in got_contracts),
               got.get("erreurs"))
        return c

    def funders(self, covered):
        names = sorted({u["financeur"] for _, s in covered
                        for u in s["financements"]}, key=name_order)
        out = []
        for name in names:
            rows = [(d, u) for d, s in covered for u in s["financements"]
                    if u["financeur"] == name]

            def add(key, sans):
                vals = [u[key] for _, u in rows]
                return (None if all(v is None for v in vals)
                        else sum(v or 0 for v in vals),
                        sum(u[sans] for _, u in rows))
            e = {"financeur": name, "annees": []}
            for i, y in enumerate(self.years):
                vals = [u["annees"][i] for _, u in rows]
                m = [v["montant"] for v in vals if v["montant"] is not None]
                e["annees"].append({
                    "annee": y, "montant": sum(m) if m else None,
                    "financements": sum(v["financements"] for v in vals),
                    "sans_montant": sum(v["sans_montant"] for v in vals)})
            for key in ("periode", "duree_contrat", "contrat"):
                e["montant_" + key], e["sans_montant_" + key] = add(
                    "montant_" + key, "sans_montant_" + key)
            funds = [(d, u) for d, u in rows
                     if any(v["financements"] for v in u["annees"])
                     or u["montant_duree_contrat"] is not None
                     or u["sans_montant_duree_contrat"]]
            e["contrats"] = len(funds)
            e["par_contrat"] = [{
                "dossier": d,
                "montant_periode": u["montant_periode"],
                "sans_montant_periode": u["sans_montant_periode"],
                "montant_duree_contrat": u["montant_duree_contrat"],
                "sans_montant_duree_contrat":
                    u["sans_montant_duree_contrat"]} for d, u in funds]
            out.append(e)
        return out

    def themes(self):
        """Fiches by theme, case and accents folded, as first written."""
        first, fiches, contracts = {}, {}, {}
        for d, _, ev in self.contracts:
            if not ev:
                continue
            for f in ev.fiches:
                mine = set()
                for t in f.get("themes") or []:
                    if not t:
                        continue
                    k = name_order(t)[0]
                    first.setdefault(k, t)
                    if k in mine:
                        continue
                    mine.add(k)
                    fiches[k] = fiches.get(k, 0) + 1
                    contracts.setdefault(k, set()).add(d)
        rows = [{"theme": first[k], "fiches": fiches[k],
                 "contrats": len(contracts[k])} for k in first]
        return sorted(rows, key=lambda r: (-r["fiches"],
                                           name_order(r["theme"])))


def finish(c, got):
    if got.get("erreurs"):
        print("note: the report says the data has %s validation errors: "
              "its figures rest on invalid data" % got.get("erreurs"))
    for m in c.mismatches:
        print(m)
    if c.mismatches:
        print("%d mismatches in %d figures checked" % (len(c.mismatches),
                                                       c.figures))
        sys.exit(1)
    print("%d figures checked" % c.figures)


def parse_span(arg):
    m = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", arg)
    if not m:
        return None
    a = int(m.group(1))
    return (a, int(m.group(2)) if m.group(2) else a), m.group(2) is not None


def main():
    args = sys.argv[1:]
    usage = ("usage: oracle.py CONTRACT_DIR YEAR|FROM-TO REPORT_JSON\n"
             "       oracle.py --synthese YEAR|FROM-TO REPORT_JSON DIR...")
    synth = args[:1] == ["--synthese"]
    if synth:
        args = args[1:]
        if len(args) < 3 or not parse_span(args[0]):
            sys.exit(usage)
        (years, _), report, dirs = parse_span(args[0]), args[1], args[2:]
    else:
        if len(args) != 3 or not parse_span(args[1]):
            sys.exit(usage)
        root, (years, span), report = args[0], parse_span(args[1]), args[2]
    with open(report, encoding="utf-8") as f:
        got = json.load(f)
    if synth:
        c = Synthese(dirs, years).check(got)
    elif span:
        c = Evaluation(root, years).check(got)
    else:
        c = annual(root, years[0], got)
    finish(c, got)


if __name__ == "__main__":
    main()
