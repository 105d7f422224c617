/* SPDX-License-Identifier: MIT */
/*
 * report.c - unit tests of the report model (lib/query/report.c): the
 * figures of cls-report(1) on small contracts held in memory, read
 * through the public structs: the annual review, the evaluation over
 * years (trajectories, jalons, money by financeur and year), the
 * synthesis of contracts freed as they are added, and the API's
 * refusals.
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
	/* the axes count their fiches by statut */
	CHECK(y->axes[1].tally.par_statut[CLS_STATUT_NONE] == 2);
	CHECK(y->axes[0].tally.par_statut[CLS_STATUT_EN_COURS] == 1
	    && y->axes[0].objs[0].tally.par_statut[CLS_STATUT_EN_COURS] == 1);
	cls_report_free(r);

	/* an annual review is of one year and of one contract */
	o.kind = CLS_REPORT_ANNUAL;
	o.to = 2025;
	CHECK(cls_report_new(&o, &err) == NULL && err.message[0]);
	o.from = 2025;
	o.to = 2024;
	o.kind = CLS_REPORT_AUTO;
	CHECK(cls_report_new(&o, &err) == NULL); /* backwards */
	o.from = o.to = 2024;
	o.kind = CLS_REPORT_ANNUAL;
	r = cls_report_new(&o, &err);
	CHECK(r && cls_report_add(r, c, NULL, &err) == 0);
	CHECK(r && cls_report_add(r, c, NULL, &err) == -1);
	cls_report_free(r);
	o.from = o.to = 2030; /* outside the periode */
	r = cls_report_new(&o, &err);
	CHECK(r && cls_report_add(r, c, NULL, &err) == -1 && err.message[0]);
	cls_report_free(r);
	/* two contracts: a synthesis */
	o.from = o.to = 2024;
	o.kind = CLS_REPORT_AUTO;
	r = cls_report_build(cs, 2, &o, &err);
	CHECK(r && cls_report_kind_of(r) == CLS_REPORT_SYNTHESIS);
	CHECK(r && cls_report_year_of(r, 0, 2024) == NULL);
	CHECK(r && cls_report_region_of(r)->annees[0].fiches == 6);
	cls_report_free(r);
	cls_report_free(NULL);
	cls_contract_free(c);
}

/* ------------------------------------------------- over years, contracts */

static const char span_cls[]
    = "version: 1\nnom: \"CLS\"\nterritoire: \"T\"\n"
      "periode: {debut: 2022, fin: 2026}\nsignataires: [\"ARS\"]\n"
      "axes:\n  - {id: \"1\", titre: \"A\"}\n";

/* 1: started in 2023, done in 2024; its jalons reached, late, to come
 * and without date; a cible_totale; money of several years. */
static const char span_a[]
    = "id: \"1\"\ntitre: \"A\"\naxe: \"1\"\nporteurs: [\"CC\"]\n"
      "themes: [\"Santé mentale\", \"santé mentale\", \"jeunes\"]\n"
      "calendrier:\n  jalons:\n"
      "    - {date: 2023-06, libelle: J1}\n"
      "    - {date: 2024, libelle: J2}\n"
      "    - {date: 2026-01-15, libelle: J3}\n"
      "    - {libelle: J4}\n"
      "financements:\n"
      "  - {financeur: ARS, montant: 1000, annee: 2022}\n"
      "  - {financeur: ARS, montant: 2000, annee: 2023}\n"
      "  - {financeur: CAF, annee: 2024}\n"
      "  - {financeur: ARS, montant: 500}\n"
      "  - {financeur: MSA, montant: 700, annee: 2025}\n"
      "indicateurs:\n"
      "  - {id: a, libelle: \"A\", type: processus, cible: 4, "
      "cible_totale: 10, valeurs: {2022: 3, 2023: 4, 2024: 5}}\n"
      "suivi:\n"
      "  2022: {statut: non_demarree}\n"
      "  2023: {statut: en_cours, avancement: 40, depenses: 100, "
      "jalons: [J1]}\n"
      "  2024: {statut: realisee, avancement: 100, depenses: 50}\n";

/* 2: under way in 2022, abandoned in 2023, no suivi in 2024. */
static const char span_b[]
    = "id: \"2\"\ntitre: \"B\"\naxe: \"1\"\nporteurs: [\"CC\"]\n"
      "themes: [\"Jeunes\"]\n"
      "suivi:\n  2022: {statut: en_cours, avancement: 10}\n"
      "  2023: {statut: abandonnee}\n";

/* 3: postponed in 2023, no suivi in 2022 nor 2024. */
static const char span_c[]
    = "id: \"3\"\ntitre: \"C\"\naxe: \"1\"\nporteurs: [\"CC\"]\n"
      "suivi:\n  2023: {statut: reportee}\n";

static cls_contract *span_contract(const char *cls_text)
{
	const char *const files[]
	    = {"cls.yaml", "fiches/a.yaml", "fiches/b.yaml", "fiches/c.yaml"};
	const unsigned char *bufs[]
	    = {(const unsigned char *)cls_text, (const unsigned char *)span_a,
	        (const unsigned char *)span_b, (const unsigned char *)span_c};
	size_t lens[] = {
	    strlen(cls_text), strlen(span_a), strlen(span_b), strlen(span_c)};
	cls_error err;
	return clsi_contract_load_memory(files, bufs, lens, 4, &err);
}

static void test_evaluation(void)
{
	cls_contract *c = span_contract(span_cls);
	CHECK(c && cls_contract_count(c, CLS_ERROR) == 0);
	if (!c)
		return;
	cls_error err;
	cls_report_options o = {.from = 2022, .to = 2024};
	const cls_contract *cs[] = {c};
	cls_report *r = cls_report_build(cs, 1, &o, &err);
	CHECK(r && cls_report_kind_of(r) == CLS_REPORT_EVALUATION);
	if (!r) {
		cls_contract_free(c);
		return;
	}
	const cls_report_span *s = cls_report_span_of(r);
	CHECK(s && s->nyears == 3 && s->nfiches == 3);
	CHECK(s->years[2].year == 2024
	    && cls_report_year_of(r, 0, 2023) == &s->years[1]);
	const cls_report_trajectory *a = &s->fiches[0], *b = &s->fiches[1],
	                            *t3 = &s->fiches[2];
	CHECK(a->statut_fin == CLS_STATUT_REALISEE && a->annee_fin == 2024);
	CHECK(a->demarrage == 2023 && a->realisation == 2024 && !a->abandon);
	CHECK(b->statut_fin == CLS_STATUT_ABANDONNEE && b->annee_fin == 2023);
	CHECK(b->demarrage == 2022 && b->abandon == 2023);
	CHECK(b->annees_sans_suivi == 1); /* 2024 */
	CHECK(t3->statut_fin == CLS_STATUT_REPORTEE && t3->reportee);
	CHECK(t3->annees_sans_suivi == 2 && !t3->demarrage);
	CHECK(a->njalons == 4);
	CHECK(a->jalons[0].etat == CLS_JALON_ATTEINT
	    && a->jalons[0].atteint_en == 2023
	    && strcmp(a->jalons[0].date, "2023-06") == 0);
	CHECK(a->jalons[1].etat == CLS_JALON_EN_RETARD);
	CHECK(a->jalons[2].etat == CLS_JALON_A_VENIR
	    && a->jalons[2].atteint_en == 0);
	/* without a date: to come, as in the annual review */
	CHECK(a->jalons[3].etat == CLS_JALON_A_VENIR && !a->jalons[3].date
	    && strcmp(a->jalons[3].libelle, "J4") == 0);
	/* the financements of the span's years, by year, then the contract's
	 * own: 2025 is left out */
	CHECK(a->nfin == 4 && a->fins[0]->annee == 2022
	    && a->fins[2]->annee == 2024 && a->fins[3]->annee == 0);
	/* the running total against cible_totale, year by year */
	const cls_report_ind *i24 = &s->years[2].fiches[0].inds[0];
	CHECK(i24->t.has_cumul && i24->t.cumul == 12
	    && fabs(i24->t.taux_cumul - 120) < 1e-9);
	/* a mean avancement in the axe, for 2023: only 1 gave one */
	const cls_report_tally *t23 = &s->years[1].axes[0].tally;
	CHECK(t23->avec_avancement == 1 && t23->avancement == 40);
	CHECK(s->years[0].axes[0].tally.avec_avancement == 1
	    && s->years[0].axes[0].tally.avancement == 10);

	const cls_report_contract *k = cls_report_contract_of(r, 0);
	CHECK(k && k->couvert && k->dossier != NULL);
	CHECK(k->periode.par_statut[CLS_STATUT_REALISEE] == 1
	    && k->periode.par_statut[CLS_STATUT_ABANDONNEE] == 1
	    && k->periode.par_statut[CLS_STATUT_REPORTEE] == 1);
	CHECK(k->moves.demarrees == 2 && k->moves.realisees == 1
	    && k->moves.abandonnees == 1 && k->moves.reportees == 1);
	CHECK(k->periode.sans_suivi == 2 && k->periode.avec_suivi == 3);
	/* pooled over the years: a is evaluated each year, reached in 2023
	 * and 2024 */
	CHECK(k->periode.evalues == 3 && k->periode.atteints == 2);
	CHECK(k->periode.depenses == 150 && k->periode.depenses_n == 2);
	CHECK(k->annees[1].par_statut[CLS_STATUT_EN_COURS] == 1
	    && k->annees[2].avec_suivi == 1);
	CHECK(k->periode.prevu == 3000 && k->periode.prevu_unknown == 1);
	CHECK(k->nfinanceurs == 3);
	const cls_report_funder *ars
	    = cls_report_funder_find(k->financeurs, k->nfinanceurs, "ARS");
	CHECK(ars && ars->annees[0].montant == 1000
	    && ars->annees[1].montant == 2000 && !ars->annees[2].known);
	CHECK(ars && ars->periode.montant == 3000 && ars->duree.montant == 500
	    && ars->contrat.montant == 3500);
	const cls_report_funder *msa
	    = cls_report_funder_find(k->financeurs, k->nfinanceurs, "MSA");
	CHECK(msa && !msa->periode.known && msa->contrat.montant == 700);
	CHECK(k->total_duree == 500 && k->duree_known == 1);
	CHECK(k->nsans_suivi == 2 && strcmp(k->sans_suivi[1].id, "3") == 0
	    && k->sans_suivi[1].nannees == 2
	    && k->sans_suivi[1].annees[1] == 2024);
	cls_report_free(r);

	/* an evaluation of one year is one still */
	o.from = o.to = 2023;
	o.kind = CLS_REPORT_EVALUATION;
	r = cls_report_build(cs, 1, &o, &err);
	CHECK(r && cls_report_kind_of(r) == CLS_REPORT_EVALUATION
	    && cls_report_span_of(r)->nyears == 1);
	cls_report_free(r);
	cls_contract_free(c);
}

static void test_synthesis(void)
{
	cls_error err;
	cls_report_options o = {.from = 2022, .to = 2024};
	cls_report *r = cls_report_new(&o, &err);
	CHECK(r && cls_report_kind_of(r) == CLS_REPORT_SYNTHESIS);
	if (!r)
		return;
	static const char later[]
	    = "version: 1\nnom: \"Later\"\nterritoire: \"T\"\n"
	      "periode: {debut: 2023, fin: 2027}\nsignataires: [\"ARS\"]\n"
	      "axes:\n  - {id: \"1\", titre: \"A\"}\n";
	/* each contract is freed as soon as it is added */
	const char *const texts[] = {span_cls, later, span_cls};
	const char *const labels[] = {"a/", "b/", "c/"};
	for (int i = 0; i < 3; i++) {
		cls_contract *c = span_contract(texts[i]);
		CHECK(c && cls_report_add(r, c, labels[i], &err) == 0);
		cls_contract_free(c);
	}
	CHECK(cls_report_contracts(r) == 3 && !cls_report_span_of(r));
	const cls_report_contract *b = cls_report_contract_of(r, 1);
	CHECK(b && !b->couvert && b->debut == 2023 && !b->annees);
	CHECK(
	    b && strcmp(b->dossier, "b/") == 0 && strcmp(b->nom, "Later") == 0);
	const cls_report_region *g = cls_report_region_of(r);
	/* b's fiches have years before its periode: errors */
	CHECK(g->contrats == 3 && g->couverts == 2 && g->invalides == 1);
	CHECK(b && b->erreurs > 0 && g->erreurs == b->erreurs);
	CHECK(g->periode.fiches == 6 && g->annees[0].fiches == 6);
	CHECK(g->moves.demarrees == 4 && g->periode.evalues == 6
	    && g->periode.atteints == 4);
	CHECK(g->periode.has_part && fabs(g->periode.part - 400.0 / 6) < 1e-9);
	/* 2024: no suivi but fiche 1's in either contract: none is without */
	CHECK(g->sans_suivi[2] == 0 && g->annees[2].avec_suivi == 2);
	const cls_report_funder *ars
	    = cls_report_funder_find(g->financeurs, g->nfinanceurs, "ARS");
	CHECK(ars && ars->periode.montant == 6000 && ars->contrats == 2
	    && ars->annees[1].montant == 4000);
	const cls_report_funder *msa
	    = cls_report_funder_find(g->financeurs, g->nfinanceurs, "MSA");
	CHECK(msa && msa->contrats == 0 && msa->contrat.montant == 1400);
	CHECK(g->total_duree == 1000);
	/* themes: folded, counted once a fiche, most fiches first */
	CHECK(g->nthemes == 2);
	CHECK(g->nthemes == 2 && strcmp(g->themes[0].theme, "jeunes") == 0
	    && g->themes[0].fiches == 4 && g->themes[0].contrats == 2);
	CHECK(g->nthemes == 2 && g->themes[1].fiches == 2
	    && strcmp(g->themes[1].theme, "Santé mentale") == 0);
	cls_report_free(r);
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
	test_evaluation();
	test_synthesis();
	test_formats();
}
