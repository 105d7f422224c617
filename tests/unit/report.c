/* SPDX-License-Identifier: MIT */
/*
 * report.c - unit tests of the report model (lib/query/report.c): the
 * figures of cls-report(1) on a small contract held in memory, read
 * through the public structs, and the API's refusals.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char cls_yaml[]
    = "version: 1\nnom: \"CLS\"\nterritoire: \"T\"\n"
      "periode: {debut: 2022, fin: 2026}\nsignataires: [\"ARS\"]\n"
      "axes:\n  - id: \"1\"\n    titre: \"A\"\n    objectifs:\n"
      "      - {id: \"1.1\", titre: \"O\"}\n  - {id: \"2\", titre: \"B\"}\n";

/* 1.1: en cours in 2024, two indicateurs with a target (one reached, one
 * not), one without a value; money of ARS twice and once "ars" (one
 * financeur: case is folded), and of the CAF without montant; a jalon
 * late, one reached. */
static const char fiche_a[]
    = "id: \"1.1\"\ntitre: \"A\"\naxe: \"1\"\nobjectif: \"1.1\"\n"
      "porteurs: [\"CC\"]\n"
      "financements:\n"
      "  - {financeur: \"ARS\", montant: 10000, annee: 2024, statut: "
      "acquis}\n"
      "  - {financeur: \"ARS\", montant: 2500.5, annee: 2024}\n"
      "  - {financeur: \"ars\", montant: 1, annee: 2024, statut: verse}\n"
      "  - {financeur: \"CAF\", annee: 2024, statut: sollicite}\n"
      "  - {financeur: \"ARS\", montant: 1000}\n"
      "indicateurs:\n"
      "  - {id: a, libelle: \"A\", type: processus, cible: 4, "
      "valeurs: {2024: 5}}\n"
      "  - {id: b, libelle: \"B\", type: processus, cible: 10, "
      "valeurs: {2024: 5}}\n"
      "  - {id: c, libelle: \"C\", type: resultat}\n"
      "  - {id: q, libelle: \"Q\", type: resultat, valeurs: {2023: \"bon\"}}\n"
      "calendrier:\n  jalons:\n    - {date: 2024-06, libelle: J1}\n"
      "    - {date: 2023, libelle: J2}\n"
      "suivi:\n  2023: {statut: en_cours, jalons: [J2]}\n"
      "  2024: {statut: en_cours, depenses: 300}\n";

/* 2.1: runs 2025-2026 only, no suivi. */
static const char fiche_b[]
    = "id: \"2.1\"\ntitre: \"B\"\naxe: \"2\"\nporteurs: [\"CC\"]\n"
      "calendrier: {debut: 2025, fin: 2026}\n";

/* 2.2: runs every year, no suivi for 2024. */
static const char fiche_c[]
    = "id: \"2.2\"\ntitre: \"C\"\naxe: \"2\"\nporteurs: [\"CC\"]\n";

static void test_figures(void)
{
	const char *const files[]
	    = {"cls.yaml", "fiches/a.yaml", "fiches/b.yaml", "fiches/c.yaml"};
	const unsigned char *bufs[]
	    = {(const unsigned char *)cls_yaml, (const unsigned char *)fiche_a,
	        (const unsigned char *)fiche_b, (const unsigned char *)fiche_c};
	size_t lens[] = {strlen(cls_yaml), strlen(fiche_a), strlen(fiche_b),
	    strlen(fiche_c)};
	cls_error err;
	cls_contract *c = clsi_contract_load_memory(files, bufs, lens, 4, &err);
	CHECK(c && cls_contract_count(c, CLS_ERROR) == 0);
	if (!c)
		return;
	cls_report_options o = {.from = 2024, .to = 2024};
	const cls_contract *cs[] = {c, c};
	cls_report *r = cls_report_build(cs, 1, &o, &err);
	CHECK(r != NULL);
	if (!r) {
		cls_contract_free(c);
		return;
	}
	CHECK(cls_report_contracts(r) == 1);
	CHECK(cls_report_from(r) == 2024 && cls_report_to(r) == 2024);
	CHECK(cls_report_year_of(r, 0, 2023) == NULL);
	CHECK(cls_report_year_of(r, 1, 2024) == NULL);
	const cls_report_year *y = cls_report_year_of(r, 0, 2024);
	CHECK(y && y->year == 2024 && y->nfiches == 3);
	CHECK(y->par_statut[CLS_STATUT_EN_COURS] == 1);
	CHECK(y->par_statut[CLS_STATUT_NONE] == 2);
	CHECK(y->hors_calendrier == 1); /* 2.1 starts in 2025 */
	/* a and b have a target and a value: evaluated, a reached */
	CHECK(y->avec_cible == 2 && y->evalues == 2 && y->atteints == 1);
	CHECK(y->has_part && fabs(y->part - 50) < 1e-9);
	/* the year's money: a row per financeur ("ars" is ARS, shown as
	 * most write it), summed, by statut too, sorted with case and
	 * accents folded; CAF has no montant */
	CHECK(y->nfin_annee == 2);
	CHECK(strcmp(y->fin_annee[0].financeur, "ARS") == 0
	    && y->fin_annee[0].montant == 12501.5
	    && y->fin_annee[0].known == 3);
	CHECK(y->fin_annee[0].statut[CLS_FIN_ACQUIS].montant == 10000
	    && y->fin_annee[0].statut[CLS_FIN_PREVU].montant == 2500.5
	    && y->fin_annee[0].statut[CLS_FIN_VERSE].montant == 1
	    && y->fin_annee[0].statut[CLS_FIN_SOLLICITE].known == 0);
	CHECK(y->statut_annee[CLS_FIN_SOLLICITE].unknown == 1
	    && y->statut_contrat[CLS_FIN_PREVU].montant == 3500.5);
	CHECK(
	    y->statut_used[CLS_FIN_SOLLICITE] && y->statut_used[CLS_FIN_VERSE]);
	/* the jalons at the end of 2024: J1 late, J2 reached in 2023 */
	CHECK(y->jalons[CLS_JALON_EN_RETARD] == 1
	    && y->jalons[CLS_JALON_ATTEINT] == 1);
	CHECK(y->fiches[0].njalons == 2
	    && y->fiches[0].jalons[1].atteint_en == 2023);
	/* q is qualitative, without a value for 2024, listed alike */
	CHECK(y->indicateurs == 4 && y->fiches[0].nqual == 1
	    && y->fiches[0].inds[3].qualitative
	    && !y->fiches[0].inds[0].qualitative);
	const cls_report_money *caf
	    = cls_report_money_find(y->fin_annee, y->nfin_annee, "CAF");
	CHECK(caf && caf->known == 0 && caf->unknown == 1);
	CHECK(
	    cls_report_money_find(y->fin_annee, y->nfin_annee, "MSA") == NULL);
	CHECK(y->total_annee == 12501.5 && y->unknown_annee == 1);
	CHECK(y->total_contrat == 13501.5 && y->known_contrat == 4);
	CHECK(y->depenses == 300 && y->depenses_n == 1);
	/* placed under their axe and objectif */
	CHECK(y->naxes == 2 && y->nhors == 0);
	CHECK(y->axes[0].nobj == 1 && y->axes[0].objs[0].n == 1);
	CHECK(y->axes[1].n == 2 && y->axes[1].total == 2);
	/* what is missing: 2.2 runs without a suivi; c lacks its value */
	CHECK(
	    y->nsans_suivi == 1 && strcmp(y->sans_suivi[0]->f->id, "2.2") == 0);
	CHECK(y->nsans_valeur_list == 2
	    && strcmp(y->sans_valeur_list[0].ri->ind->id, "c") == 0);
	cls_report_free(r);

	/* several contracts or years: not yet, and said */
	CHECK(cls_report_build(cs, 2, &o, &err) == NULL && err.message[0]);
	o.to = 2025;
	CHECK(cls_report_build(cs, 1, &o, &err) == NULL);
	cls_report_free(NULL);
	cls_contract_free(c);
}

static void test_formats(void)
{
	cls_format f;
	CHECK(cls_format_parse("html", &f) && f == CLS_FORMAT_HTML);
	CHECK(!cls_format_parse("HTML", &f) && !cls_format_parse("rtf", &f));
	CHECK(cls_format_parse("odt", &f) && f == CLS_FORMAT_ODT);
	CHECK(cls_format_parse("docx", &f) && f == CLS_FORMAT_DOCX);
	CHECK(strcmp(cls_format_name(CLS_FORMAT_PDF), "pdf") == 0);
	CHECK(strcmp(cls_format_name(CLS_FORMAT_MARKDOWN), "markdown") == 0);
	CHECK(cls_format_of_path("a/bilan.HTM", &f) && f == CLS_FORMAT_HTML);
	CHECK(cls_format_of_path("x.md", &f) && f == CLS_FORMAT_MARKDOWN);
	CHECK(cls_format_of_path("bilan.pdf", &f) && f == CLS_FORMAT_PDF);
	CHECK(cls_format_of_path("Bilan.ODT", &f) && f == CLS_FORMAT_ODT);
	CHECK(cls_format_of_path("b.docx", &f) && f == CLS_FORMAT_DOCX);
	CHECK(!cls_format_of_path("bilan.rtf", &f));
	CHECK(!cls_format_of_path("v1.2/bilan", &f)); /* a dot in a folder */
}

void unit_report(void)
{
	test_figures();
	test_formats();
}
