#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen-corpus.py - writes a national-scale benchmark corpus of contracts.

    python3 bench/gen-corpus.py DIR [CONTRACTS [FICHES]]

Default 500 contracts of 20 fiches (about 10,000 fiches, 35 MB of YAML), all
valid, deterministic (seeded), shaped like real fiches: long French text,
lists, indicateurs with targets and yearly values, financements, suivi.
"""
import os
import random
import sys

WORDS = ("santé prévention accès droits soins parentalité jeunes addictions "
         "logement précarité vieillissement réseau partenaires coordination "
         "territoire habitants professionnels médiation numérique formation "
         "repérage accompagnement dispositif action commune social médical "
         "éducation famille enfants aînés aidants mobilité isolement "
         "alimentation activité physique mentale dépistage vaccination").split()
STATUTS = ["non_demarree", "en_cours", "en_cours", "realisee", "reportee"]
FINANCEURS = ["Agence Régionale de Santé", "Communauté de communes",
              "Conseil départemental", "CAF", "CPAM", "MSA", "CARSAT"]


def sentence(r, n):
    w = [r.choice(WORDS) for _ in range(n)]
    return (" ".join(w)).capitalize() + "."


def paragraph(r, sentences):
    return " ".join(sentence(r, r.randint(8, 18)) for _ in range(sentences))


def block(text, indent):
    # a literal block scalar, wrapped near 76 columns
    out, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 74:
            out.append(line)
            line = word
        else:
            line = (line + " " + word).strip()
    out.append(line)
    pad = " " * indent
    return "|\n" + "\n".join(pad + l for l in out)


def fiche(r, axe, obj, n):
    y = []
    y.append('# yaml-language-server: $schema=../../../schema/fiche.schema.json')
    y.append(f'id: "{axe}.{obj}.{n}"')
    y.append(f"titre: {sentence(r, 7)[:-1]}")
    y.append(f'axe: "{axe}"')
    y.append(f'objectif: "{axe}.{obj}"')
    y.append("porteurs:")
    y += [f"  - {r.choice(FINANCEURS)}" for _ in range(r.randint(1, 2))]
    y.append("partenaires:")
    y += [f"  - {sentence(r, 3)[:-1]}" for _ in range(r.randint(2, 4))]
    y.append("public:")
    y += [f"  - {sentence(r, 4)[:-1]}" for _ in range(2)]
    y.append("themes: [" + ", ".join(sorted(set(r.choice(WORDS) for _ in range(3)))) + "]")
    y.append("contexte: " + block(paragraph(r, 3), 2))
    y.append("objectifs:")
    y += [f"  - {sentence(r, 10)}" for _ in range(3)]
    y.append("description: " + block(paragraph(r, 2), 2))
    y.append("calendrier:")
    y.append("  detail: Durée du CLS")
    y.append("  jalons:")
    y.append("    - {date: 2023-06, libelle: Premier bilan}")
    y.append("budget: " + sentence(r, 6))
    y.append("financements:")
    for year in (2022, 2023, 2024):
        y.append(f"  - financeur: {r.choice(FINANCEURS)}")
        y.append(f"    montant: {r.randint(1, 40) * 500}")
        y.append(f"    annee: {year}")
        y.append(f"    statut: {r.choice(['prevu', 'acquis', 'verse'])}")
    y.append("indicateurs:")
    for i in range(4):
        y.append(f"  - id: i{i + 1}")
        y.append(f"    libelle: Nombre de {r.choice(WORDS)} {r.choice(WORDS)}")
        y.append(f"    type: {r.choice(['processus', 'resultat'])}")
        y.append("    unite: personnes")
        y.append(f"    cible: {r.randint(2, 60)}")
        y.append("    valeurs:")
        y += [f"      {year}: {r.randint(0, 70)}" for year in (2022, 2023, 2024)]
    y.append("suivi:")
    for k, year in enumerate((2022, 2023, 2024)):
        y.append(f"  {year}:")
        y.append(f"    statut: {r.choice(STATUTS)}")
        y.append(f"    avancement: {min(100, 25 * (k + 1) + r.randint(0, 20))}")
        y.append(f"    depenses: {r.randint(0, 30) * 250}")
        y.append("    commentaire: " + block(paragraph(r, 1), 6))
    return "\n".join(y) + "\n"


def contract(r, d, i, nfiches):
    os.makedirs(os.path.join(d, "fiches"), exist_ok=True)
    axes = []
    for a in range(1, 6):
        axes.append(f'  - id: "{a}"\n    titre: {sentence(r, 6)[:-1]}\n    objectifs:')
        for o in range(1, 3):
            axes.append(f'      - id: "{a}.{o}"\n        titre: {sentence(r, 6)[:-1]}')
    with open(os.path.join(d, "cls.yaml"), "w") as f:
        f.write(f"""version: 1
nom: Contrat Local de Santé numéro {i}
territoire: Communauté de communes numéro {i}
periode: {{debut: 2022, fin: 2026}}
signataires:
  - Agence Régionale de Santé
  - Communauté de communes numéro {i}
axes:
""" + "\n".join(axes) + "\n")
    for n in range(nfiches):
        a, o = n % 5 + 1, n % 2 + 1
        with open(os.path.join(d, "fiches", f"{n + 1:02d}-fiche.yaml"), "w") as f:
            f.write(fiche(r, a, o, n + 1))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    ncontracts = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    nfiches = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    r = random.Random(2026)
    for i in range(1, ncontracts + 1):
        contract(r, os.path.join(out, f"cls-{i:03d}"), i, nfiches)


main()
