#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""oracle_indicators.py - recomputes `cls indicators --format=json`.

    python3 tests/oracle_indicators.py [--year=Y] [--missing] OUT_JSON DIR...

Why it exists: the --missing list is what the coordinator sends to the
porteurs, and the rates are what funders read; a row too many or too few
reads exactly like a right list.  This is a second implementation of the
rules of cls-indicators(1) ("Years listed", "MISSING VALUES") and
cls-report(1) (target, reached, rate), in Python, from the YAML read by
PyYAML (the reading and the target/rate rules are shared with oracle.py,
itself written from the documentation, not from the C code).

It compares the whole list of rows (contract, fiche, indicateur, year, in
plan order) and every field of each row.  Prints `MISMATCH ...` lines and
exits 1, or prints `N rows checked` and exits 0; exit 2 on a usage error.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402  (tests/oracle.py)
from oracle import (ident, is_num, natural_key, rate, reached,  # noqa: E402
                    target_for, target_json, valeur_of)


def listed_years(f, ind, periode):
    """The years of an indicateur: its fiche's years in the periode, and any
    year with a cible of its own or a valeur."""
    years = set(oracle.fiche_years(f, periode))
    c = ind.get("cible")
    if isinstance(c, dict) and oracle.parse_target(c) is None:
        years |= {y for y in c if isinstance(y, int)}
    years |= {y for y, v in (ind.get("valeurs") or {}).items()
              if isinstance(y, int) and v is not None}
    return years


def qualitative(ind):
    vals = list((ind.get("valeurs") or {}).values())
    base = ind.get("base")
    if isinstance(base, dict):
        vals.append(base.get("valeur"))
    return any(isinstance(v, str) for v in vals)


def missing(f, ind, year, years):
    """No value for year, and a target for it, or a suivi that year and a
    numeric indicateur (cls-indicators(1), MISSING VALUES)."""
    if valeur_of(ind, year) is not None:
        return False
    if target_for(ind, year, years) is not None:
        return True
    return oracle.suivi_of(f, year) is not None and not qualitative(ind)


def defined(root):
    """How many indicateurs the fiches of the contract have, whatever
    the filters: the count of its entry in "contrats"."""
    cls, fiches = oracle.load_contract(root)
    return sum(len(f.get("indicateurs") or []) for f in fiches)


def rows_of(root, year, want_missing):
    cls, fiches = oracle.load_contract(root)
    p = cls["periode"]
    # the periode in force: its fin that of the latest avenant giving one
    fin = p["fin"]
    for a in sorted((a for a in cls.get("avenants") or []
                     if isinstance(a, dict) and a.get("date") is not None),
                    key=lambda a: oracle.date_rank(a["date"])):
        if is_num(a.get("fin")) and a["fin"] >= p["debut"]:
            fin = a["fin"]
    periode = (p["debut"], fin)
    nom = cls.get("nom")
    fiches.sort(key=lambda f: (natural_key(ident(f.get("id"))),
                               f["__fichier__"]))
    out = []
    for f in fiches:
        fyears = oracle.fiche_years(f, periode)
        for ind in f.get("indicateurs") or []:
            if want_missing:
                years = [year] if missing(f, ind, year, fyears) else []
            else:
                years = sorted(listed_years(f, ind, periode))
                if year:
                    years = [y for y in years if y == year]
            sens = ind.get("sens") or "hausse"
            base = ind.get("base") if isinstance(ind.get("base"), dict) \
                else {}
            referents = [{k: r.get(k) for k in ("nom", "fonction",
                                                 "structure", "courriel",
                                                 "telephone")}
                         for r in f.get("referents") or []
                         if isinstance(r, dict) and r.get("nom")]
            for y in years:
                t = target_for(ind, y, fyears)
                v = valeur_of(ind, y)
                num = is_num(v)
                out.append({
                    "contrat": nom,
                    "axe": ident(f.get("axe")),
                    "objectif": ident(f.get("objectif")),
                    "fiche": ident(f.get("id")),
                    "titre": f.get("titre"),
                    "porteurs": f.get("porteurs") or [],
                    "indicateur": ident(ind.get("id")),
                    "libelle": ind.get("libelle"),
                    "type": ind.get("type"),
                    "unite": ind.get("unite"),
                    "sens": sens,
                    "source": ind.get("source"),
                    "annee": y,
                    "cible": target_json(t),
                    "valeur": v,
                    "taux": rate(t, v, sens) if t and num else None,
                    "atteint": reached(t, v, sens) if t and num else None,
                    # the baseline, the target over the contract and whom
                    # to ask (cls-indicators(1), json)
                    "base_annee": base.get("annee"),
                    "base_valeur": base.get("valeur"),
                    "cible_totale": ind.get("cible_totale"),
                    "referents": referents,
                })
    return out


def main():
    args = sys.argv[1:]
    year, want_missing = None, False
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a.startswith("--year="):
            year = int(a[7:])
        elif a == "--missing":
            want_missing = True
        else:
            print(__doc__)
            sys.exit(2)
    if len(args) < 2 or (want_missing and not year):
        print(__doc__)
        sys.exit(2)
    with open(args[0], encoding="utf-8") as fh:
        got = json.load(fh)
    exp = []
    for root in args[1:]:
        exp += rows_of(root, year, want_missing)
    c = oracle.Checker()
    c.leaf(".annee", year, got.get("annee"))
    c.leaf(".manquants", want_missing, got.get("manquants"))
    c.leaf(".nombre", len(exp), got.get("nombre"))
    contrats = got.get("contrats") or []
    c.leaf(".contrats (count)", len(args) - 1, len(contrats))
    for i, (root, k) in enumerate(zip(args[1:], contrats)):
        c.leaf(".contrats[%d].indicateurs" % i, defined(root),
               k.get("indicateurs"))
    rows = got.get("indicateurs") or []
    keys = [(r["contrat"], r["fiche"], r["indicateur"], r["annee"])
            for r in exp]
    gkeys = [(r.get("contrat"), r.get("fiche"), r.get("indicateur"),
              r.get("annee")) for r in rows]
    if keys != gkeys:
        c.bad(".indicateurs (rows)", [list(k) for k in keys if k not in gkeys]
              or "same rows in another order",
              [list(k) for k in gkeys if k not in keys] or "(none extra)")
    else:
        for i, (e, g) in enumerate(zip(exp, rows)):
            c.same(".indicateurs[%d]" % i, e, g)
    for m in c.mismatches:
        print(m)
    if c.mismatches:
        print("%d mismatches in %d figures checked" % (len(c.mismatches),
                                                       c.figures))
        sys.exit(1)
    print("%d rows checked" % len(rows))


if __name__ == "__main__":
    main()
