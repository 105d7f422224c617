#!/usr/bin/env python3
"""oracle.py - recomputes every figure of `cls report YEAR --format=json`.

    python3 tests/oracle.py CONTRACT_DIR YEAR REPORT_JSON

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
RATE_KEYS = {"taux", "taux_cumul", "part_atteinte"}
MONEY_KEYS = {"montant", "total_annee", "total_contrat", "depenses_annee",
              "depenses"}


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


def main():
    if len(sys.argv) != 4 or not sys.argv[2].isdigit():
        print("usage: oracle.py CONTRACT_DIR YEAR REPORT_JSON",
              file=sys.stderr)
        sys.exit(2)
    root, year, report = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(report, encoding="utf-8") as f:
        got = json.load(f)
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

    if got.get("erreurs"):
        print("note: the report says the contract has %s validation errors: "
              "its figures rest on invalid data" % got.get("erreurs"))
    for m in c.mismatches:
        print(m)
    if c.mismatches:
        print("%d mismatches in %d figures checked" % (len(c.mismatches),
                                                       c.figures))
        sys.exit(1)
    print("%d figures checked" % c.figures)


if __name__ == "__main__":
    main()
