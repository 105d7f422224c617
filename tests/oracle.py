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
             "description", "objectifs", "facilitateurs", "freins", "source"}
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


def financeur_key(name):
    """Alphabetical order ignoring case and accents."""
    name = name or ""
    plain = "".join(c for c in unicodedata.normalize("NFD", name)
                    if not unicodedata.combining(c))
    return (plain.casefold(), name)


def year_of(v):
    """The year of a calendar date: 2024, "2024-03" or "2024-03-15"."""
    m = re.match(r"\s*([0-9]{4})", str(v))
    return int(m.group(1)) if m else None


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
        self.periode = (p["debut"], p["fin"])
        for f in self.fiches:
            f["__years__"] = fiche_years(f, self.periode)

    def sens(self, ind):
        return ind.get("sens") or "hausse"

    def contrat(self):
        """The header: contract, periode and year."""
        return {
            "contrat": {
                "nom": self.cls.get("nom"),
                "territoire": self.cls.get("territoire"),
                "periode": {"debut": self.periode[0],
                            "fin": self.periode[1]},
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
        return {"avec_cible": avec, "evalues": evalues, "atteints": atteints,
                "sans_valeur": sans,
                "part_atteinte": atteints / evalues * 100 if evalues else None}

    def money(self):
        """Money planned by financeur, for the year and over the contract."""
        def by_financeur(fins):
            known, without = {}, {}  # financeur -> amounts, -> count
            for fi in fins:
                name = fi.get("financeur")
                known.setdefault(name, [])
                without.setdefault(name, 0)
                if is_num(fi.get("montant")):
                    known[name].append(fi["montant"])
                else:
                    without[name] += 1
            return [{"financeur": name,
                     "montant": money_total(known[name], without[name]),
                     "sans_montant": without[name]}
                    for name in sorted(known, key=financeur_key)]

        every = [fi for f in self.fiches for fi in f.get("financements") or []]
        year = [fi for fi in every if fi.get("annee") == self.year]
        out = {}
        for label, fins in (("annee", year), ("contrat", every)):
            known = [fi["montant"] for fi in fins if is_num(fi.get("montant"))]
            without = len(fins) - len(known)
            out["financements_" + label] = by_financeur(fins)
            out["total_" + label] = money_total(known, without)
            out["financements_%s_sans_montant" % label] = without
        return out

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
            "commentaire": s.get("commentaire") if s else None,
            "indicateurs": [self.indicateur(f, i)
                            for i in f.get("indicateurs") or []],
            "financements": [{"financeur": fi.get("financeur"),
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
        return {"fiches_sans_suivi": sans_suivi,
                "indicateurs_sans_valeur": sans_valeur}

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
    for block in (o.statuts(), o.money(), o.depenses()):
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
