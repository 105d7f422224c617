#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""peer.py - what a user would write instead of cls: a Python validator of
contracts with PyYAML's C loader, for bench.sh to time cls against.

    python3 bench/peer.py DIR...

It applies the main rules of FORMAT.md (the product requirement), not
cls's code: keys known and required, types, enums, id tokens, ids unique
(axes and objectifs in the contract, fiches across it, indicateurs within a
fiche), axes and objectifs that cls.yaml defines, every year inside the
periode, amounts >= 0, percents in 0..100, dates, and the warnings (no
indicateurs, calendrier outside the periode, a suivi year without the
value of an indicateur that has a cible that year).  Messages are short,
one per line (file: rule: detail); the last line counts them like cls
validate: "N files checked: E errors, W warnings".  Exit 1 on errors.

It is a faithful peer, not a copy: YAML is read by PyYAML (YAML 1.1 typing,
so it cannot tell a quoted "2024" from a bare 2024 as cls does by the
scalar's style, and reads 2022-03-15 as a date).
"""
import datetime
import os
import re
import sys

import yaml

class DuplicateKey(yaml.YAMLError):
    pass


class Loader(yaml.CLoader):
    """PyYAML's C loader, refusing a key written twice in a mapping (PyYAML
    silently keeps the last one)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for k, _ in node.value:
            key = (k.tag, k.value) if isinstance(k, yaml.ScalarNode) else id(k)
            if key in seen:
                raise DuplicateKey(f"duplicate key \"{k.value}\" at line {k.start_mark.line + 1}")
            seen.add(key)
        return super().construct_mapping(node, deep)


LOADER = Loader

TOKEN = re.compile(r"^[A-Za-z0-9._-]+$")
CALDATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
STATUT_SUIVI = ("non_demarree", "en_cours", "realisee", "reportee", "abandonnee")
STATUT_FIN = ("prevu", "sollicite", "acquis", "verse")

# key -> (required, kind); kinds are checked by check() below
CLS_KEYS = {
    "version": (True, "version"), "nom": (True, "text"),
    "territoire": (True, "text"), "periode": (True, "periode"),
    "signature": (False, "date"), "signataires": (True, "texts1"),
    "coordination": (False, "coordination"),
    "objectif_general": (False, "text"), "axes": (True, "axes"),
}
PERIODE_KEYS = {"debut": (True, "year"), "fin": (True, "year")}
COORD_KEYS = {k: (False, "text") for k in ("nom", "structure", "courriel", "telephone")}
AXE_KEYS = {"id": (True, "id"), "titre": (True, "text"),
            "contexte": (False, "text"), "objectifs": (False, "objectifs")}
OBJ_KEYS = {"id": (True, "id"), "titre": (True, "text"), "contexte": (False, "text")}
FICHE_KEYS = {
    "id": (True, "id"), "titre": (True, "text"), "axe": (True, "id"),
    "objectif": (False, "id"), "porteurs": (True, "texts1"),
    "partenaires": (False, "texts"), "public": (False, "texts"),
    "themes": (False, "texts"), "contexte": (False, "text"),
    "objectifs": (False, "texts"), "description": (False, "text"),
    "facilitateurs": (False, "texts"), "freins": (False, "texts"),
    "calendrier": (False, "calendrier"), "budget": (False, "text"),
    "financements": (False, "financements"),
    "indicateurs": (False, "indicateurs"), "suivi": (False, "suivi"),
}
CAL_KEYS = {"debut": (False, "caldate"), "fin": (False, "caldate"),
            "detail": (False, "text"), "jalons": (False, "jalons")}
JALON_KEYS = {"date": (False, "caldate"), "libelle": (True, "text")}
FIN_KEYS = {"financeur": (True, "text"), "montant": (False, "amount"),
            "annee": (False, "year"), "statut": (False, "statut_fin"),
            "note": (False, "text")}
IND_KEYS = {"id": (True, "id"), "libelle": (True, "text"),
            "type": (True, "type"), "unite": (False, "text"),
            "source": (False, "text"), "sens": (False, "sens"),
            "base": (False, "base"), "cible": (False, "cible"),
            "cible_totale": (False, "number"), "valeurs": (False, "valeurs")}
BASE_KEYS = {"annee": (True, "year"), "valeur": (True, "value")}
RANGE_KEYS = {"min": (False, "number"), "max": (False, "number")}
SUIVI_KEYS = {"statut": (True, "statut_suivi"), "avancement": (False, "percent"),
              "depenses": (False, "amount"), "commentaire": (False, "text"),
              "jalons": (False, "texts")}


class Checker:
    def __init__(self):
        self.errors = 0
        self.warnings = 0
        self.out = []
        self.file = ""

    def err(self, rule, msg):
        self.errors += 1
        self.out.append(f"{self.file}: error: {msg} [{rule}]")

    def warn(self, rule, msg):
        self.warnings += 1
        self.out.append(f"{self.file}: warning: {msg} [{rule}]")

    # ------------------------------------------------------------- types
    def is_num(self, v):
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    def scalar(self, v):
        return not isinstance(v, (dict, list))

    def mapping(self, v, keys, what):
        """Checks a mapping against its table; returns it or None."""
        if not isinstance(v, dict):
            self.err("wrong-type", f"{what} must be a mapping")
            return None
        ok = True
        for k, x in v.items():
            if not isinstance(k, str) or k not in keys:
                self.err("unknown-key", f'unknown key "{k}" in {what}')
                ok = False
                continue
            if x is None:
                continue
            if not self.check(keys[k][1], x, k):
                ok = False
        for k, (req, _) in keys.items():
            if req and v.get(k) is None:
                self.err("missing-key", f'missing required key "{k}" in {what}')
                ok = False
        return v if ok else v

    def year(self, v, key):
        if isinstance(v, int) and not isinstance(v, bool) and 1000 <= v <= 9999:
            return True
        self.err("wrong-type", f'"{key}" must be a year')
        return False

    def check(self, kind, v, key):
        if kind == "text":
            if not self.scalar(v):
                self.err("wrong-type", f'"{key}" must be a text')
                return False
            return True
        if kind == "id":
            if not self.scalar(v) or isinstance(v, bool) or not TOKEN.match(str(v)):
                self.err("invalid-id", f'"{key}" is not a valid id')
                return False
            return True
        if kind in ("texts", "texts1"):
            if not isinstance(v, list):
                self.err("wrong-type", f'"{key}" must be a list')
                return False
            if kind == "texts1" and not v:
                self.err("empty-list", f'"{key}" is empty')
                return False
            ok = True
            for x in v:
                if x is None or not self.scalar(x):
                    self.err("wrong-type", f'an item of "{key}" must be a text')
                    ok = False
            return ok
        if kind == "version":
            if v != 1 or isinstance(v, bool):
                self.err("invalid-enum", "unsupported version")
                return False
            return True
        if kind == "year":
            return self.year(v, key)
        if kind in ("number", "amount", "percent"):
            if not self.is_num(v) or v != v or v in (float("inf"), float("-inf")):
                self.err("wrong-type", f'"{key}" must be a number')
                return False
            if kind == "amount" and v < 0:
                self.err("negative-amount", f'"{key}" is negative')
                return False
            if kind == "percent" and not 0 <= v <= 100:
                self.err("percent-range", f'"{key}" is outside 0..100')
                return False
            return True
        if kind == "value":
            if not self.scalar(v):
                self.err("wrong-type", f'"{key}" must be a number or a text')
                return False
            return True
        if kind == "date":
            if isinstance(v, datetime.date):
                return True
            self.err("invalid-date", f'"{key}" is not a valid date')
            return False
        if kind == "caldate":
            if caldate_year(v) is None:
                self.err("invalid-date", f'"{key}" is not a valid date')
                return False
            return True
        enums = {"statut_fin": STATUT_FIN, "statut_suivi": STATUT_SUIVI,
                 "type": ("processus", "resultat"), "sens": ("hausse", "baisse")}
        if kind in enums:
            if v not in enums[kind]:
                self.err("invalid-enum", f'invalid {key} "{v}"')
                return False
            return True
        if kind == "periode":
            return self.mapping(v, PERIODE_KEYS, "periode") is not None
        if kind == "coordination":
            return self.mapping(v, COORD_KEYS, "coordination") is not None
        if kind == "calendrier":
            return self.mapping(v, CAL_KEYS, "calendrier") is not None
        if kind == "base":
            return self.mapping(v, BASE_KEYS, "base") is not None
        if kind in ("axes", "objectifs", "jalons", "financements", "indicateurs"):
            if not isinstance(v, list):
                self.err("wrong-type", f'"{key}" must be a list')
                return False
            if kind == "axes" and not v:
                self.err("empty-list", '"axes" is empty')
                return False
            table = {"axes": AXE_KEYS, "objectifs": OBJ_KEYS, "jalons": JALON_KEYS,
                     "financements": FIN_KEYS, "indicateurs": IND_KEYS}[kind]
            for x in v:
                self.mapping(x, table, kind[:-1])
            return True
        if kind in ("suivi", "valeurs"):
            if not isinstance(v, dict):
                self.err("wrong-type", f'"{key}" must be a map from year')
                return False
            for y, x in v.items():
                if not self.year(y, key) or x is None:
                    continue
                if kind == "suivi":
                    self.mapping(x, SUIVI_KEYS, "suivi")
                else:
                    self.check("value", x, key)
            return True
        if kind == "cible":
            if isinstance(v, dict) and any(isinstance(k, int) for k in v):
                for y, x in v.items():
                    if self.year(y, key) and x is not None:
                        self.target(x, key)
                return True
            return self.target(v, key)
        raise ValueError(kind)

    def target(self, v, key):
        if isinstance(v, dict):
            self.mapping(v, RANGE_KEYS, "range")
            lo, hi = v.get("min"), v.get("max")
            if self.is_num(lo) and self.is_num(hi) and lo > hi:
                self.err("invalid-range", f'range of "{key}" has min above max')
                return False
            return True
        return self.check("number", v, key)


def caldate_year(v):
    if isinstance(v, datetime.date):
        return v.year
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        return None
    m = CALDATE.match(v)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(2) and not 1 <= int(m.group(2)) <= 12:
        return None
    if m.group(3):
        try:
            datetime.date(y, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return y


def as_id(v):
    return None if v is None or isinstance(v, (dict, list, bool)) else str(v)


def years_of(m):
    return [y for y in m if isinstance(y, int)] if isinstance(m, dict) else []


def load(ck, path, rel):
    ck.file = rel
    try:
        with open(path, "rb") as f:
            data = f.read(1024 * 1024 + 1)
        if len(data) > 1024 * 1024:
            ck.err("file-too-large", "file is larger than 1 MiB")
            return None
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        ck.err("encoding", "file is not UTF-8")
        return None
    try:
        doc = yaml.load(text, Loader=LOADER)
    except DuplicateKey as e:
        ck.err("duplicate-key", str(e))
        return None
    except yaml.YAMLError as e:
        ck.err("yaml-syntax", f"invalid YAML: {str(e).splitlines()[0]}")
        return None
    except ValueError as e:  # a date such as 2022-02-30
        ck.err("invalid-date", str(e))
        return None
    if doc is None:
        ck.err("empty-file", "file holds no YAML document")
        return None
    return doc


def fiche_files(root):
    out = []
    for d, dirs, files in os.walk(os.path.join(root, "fiches")):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in files:
            if not f.startswith(".") and f.endswith((".yaml", ".yml")):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def check_contract(ck, root):
    files = ["cls.yaml"] + fiche_files(root)
    plan = load(ck, os.path.join(root, "cls.yaml"), "cls.yaml")
    debut = fin = None
    axes = {}
    if plan is not None:
        ck.mapping(plan, CLS_KEYS, "cls.yaml")
        per = plan.get("periode") if isinstance(plan, dict) else None
        if isinstance(per, dict) and isinstance(per.get("debut"), int) \
                and isinstance(per.get("fin"), int):
            if per["debut"] > per["fin"]:
                ck.err("invalid-periode", "periode debut is after fin")
            else:
                debut, fin = per["debut"], per["fin"]
        seen_obj = set()
        for ax in (plan.get("axes") or []) if isinstance(plan, dict) else []:
            if not isinstance(ax, dict) or as_id(ax.get("id")) is None:
                continue
            aid = as_id(ax["id"])
            if aid in axes:
                ck.err("duplicate-id", f'axe id "{aid}" is used twice')
                continue
            axes[aid] = set()
            for ob in ax.get("objectifs") or []:
                oid = as_id(ob.get("id")) if isinstance(ob, dict) else None
                if oid is None:
                    continue
                if oid in seen_obj:
                    ck.err("duplicate-id", f'objectif id "{oid}" is used twice')
                    continue
                seen_obj.add(oid)
                axes[aid].add(oid)

    def in_periode(y, what):
        if debut is not None and not debut <= y <= fin:
            ck.err("year-outside-periode", f"{what} {y} is outside the periode")

    fiche_ids = {}
    for rel in files[1:]:
        f = load(ck, os.path.join(root, rel), rel)
        if f is None:
            continue
        if not isinstance(f, dict):
            ck.err("wrong-type", "a fiche must be a mapping")
            continue
        ck.mapping(f, FICHE_KEYS, "the fiche")
        fid = as_id(f.get("id"))
        if fid is not None:
            if fid in fiche_ids:
                ck.err("duplicate-id", f'fiche id "{fid}" is already used by {fiche_ids[fid]}')
            else:
                fiche_ids[fid] = rel
        axe = as_id(f.get("axe"))
        if axe is not None and plan is not None and axe not in axes:
            ck.err("unknown-axe", f'axe "{axe}" is not defined in cls.yaml')
        obj = as_id(f.get("objectif"))
        if obj is not None and axe in axes and obj not in axes[axe]:
            ck.err("unknown-objectif", f'objectif "{obj}" is not defined under axe "{axe}"')
        cal = f.get("calendrier") if isinstance(f.get("calendrier"), dict) else {}
        first, last = debut, fin
        for k in ("debut", "fin"):
            y = caldate_year(cal.get(k)) if cal.get(k) is not None else None
            if y is not None and debut is not None and not debut <= y <= fin:
                ck.warn("calendrier-outside-periode", f"calendrier {k} is outside the periode")
            if y is not None and k == "debut" and (first is None or y > first):
                first = y
            if y is not None and k == "fin" and (last is None or y < last):
                last = y
        d, e = cal.get("debut"), cal.get("fin")
        if caldate_year(d) is not None and caldate_year(e) is not None \
                and str(d)[:len(str(e))] > str(e)[:len(str(d))]:
            ck.err("invalid-date", "calendrier ends before it starts")
        libelles = set()
        for j in cal.get("jalons") or [] if isinstance(cal.get("jalons"), list) else []:
            if isinstance(j, dict) and j.get("libelle") is not None:
                libelles.add(str(j["libelle"]))
            y = caldate_year(j.get("date")) if isinstance(j, dict) and j.get("date") is not None else None
            if y is not None and debut is not None and not debut <= y <= fin:
                ck.warn("calendrier-outside-periode", "jalon date is outside the periode")
        for fn in f.get("financements") or [] if isinstance(f.get("financements"), list) else []:
            if isinstance(fn, dict) and isinstance(fn.get("annee"), int):
                in_periode(fn["annee"], "financement year")
        inds = f.get("indicateurs")
        if not inds:
            ck.warn("no-indicateurs", f'fiche "{fid}" has no indicateurs')
        targets = []  # (id, years with a cible, years with a valeur)
        seen_ind = set()
        for ind in inds if isinstance(inds, list) else []:
            if not isinstance(ind, dict):
                continue
            iid = as_id(ind.get("id"))
            if iid is None:
                continue
            if iid in seen_ind:
                ck.err("duplicate-id", f'indicateur id "{iid}" is used twice in this fiche')
                continue
            seen_ind.add(iid)
            cible, vals = ind.get("cible"), ind.get("valeurs")
            cyears = set()
            if isinstance(cible, dict) and any(isinstance(k, int) for k in cible):
                for y in years_of(cible):
                    in_periode(y, "cible year")
                    cyears.add(y)
            elif cible is not None and first is not None:
                cyears = set(range(first, last + 1))
            numeric = cible is not None or ind.get("cible_totale") is not None
            for y in years_of(vals):
                in_periode(y, "valeur year")
                if numeric and isinstance(vals[y], str):
                    ck.err("text-value", f'indicateur "{iid}" has a numeric target, so its valeur for {y} must be a number')
            targets.append((iid, cyears, set(years_of(vals))))
        suivi = f.get("suivi")
        for y in years_of(suivi):
            in_periode(y, "suivi year")
            if not isinstance(suivi[y], dict) or suivi[y].get("statut") is None:
                continue
            js = suivi[y].get("jalons")
            if isinstance(f.get("calendrier"), dict) or not f.get("calendrier"):
                for j in js if isinstance(js, list) else []:
                    if j is not None and str(j) not in libelles:
                        ck.warn("unknown-jalon", f'jalon "{j}" is not one of the calendrier\'s jalons')
            for iid, cyears, vyears in targets:
                if y in cyears and y not in vyears:
                    ck.warn("missing-value", f'indicateur "{iid}" has a cible for {y} but no valeur')
    return len(files)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ck = Checker()
    nfiles = 0
    for root in sys.argv[1:]:
        nfiles += check_contract(ck, root)
    if ck.out:
        sys.stdout.write("\n".join(ck.out) + "\n")
    print(f"{nfiles} files checked: {ck.errors} errors, {ck.warnings} warnings")
    sys.exit(1 if ck.errors else 0)


main()
