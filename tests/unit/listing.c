/* SPDX-License-Identifier: MIT */
/*
 * listing.c - unit tests of the listing of cls indicators and of the
 * tables of cls export (lib/query/indicators.c, tables.c, cover.c): the
 * rows and every filter on a small contract held in memory, read through
 * the public structs.
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

/* 1.1 runs 2023-2024: a has a target for every year and a 2023 value, b a
 * target of its own in 2025 (after the fiche's years), q a text; money of
 * ARS in 2023, of "ars" over the whole contract, of the CAF in 2024
 * without montant; a suivi in 2023 only. */
static const char fiche_a[]
    = "id: \"1.1\"\ntitre: \"A\"\naxe: \"1\"\nobjectif: \"1.1\"\n"
      "porteurs: [\"CC\", \"ARS\"]\nthemes: [\"Santé mentale\"]\n"
      "calendrier: {debut: 2023, fin: 2024}\n"
      "financements:\n"
      "  - {financeur: \"ARS\", montant: 1000, annee: 2023}\n"
      "  - {financeur: \"ars\", montant: 500}\n"
      "  - {financeur: \"CAF\", annee: 2024}\n"
      "indicateurs:\n"
      "  - {id: a, libelle: \"A\", type: processus, cible: 4, "
      "valeurs: {2023: 5}}\n"
      "  - {id: b, libelle: \"B\", type: resultat, cible: {2025: 10}}\n"
      "  - {id: q, libelle: \"Q\", type: resultat, "
      "valeurs: {2023: \"bien\"}}\n"
      "suivi:\n  2023: {statut: realisee}\n";

/* 2.1 runs over the periode, one indicateur without target nor value,
 * a suivi in 2024. */
static const char fiche_b[]
    = "id: \"2.1\"\ntitre: \"B\"\naxe: \"2\"\nporteurs: [\"CC\"]\n"
      "themes: [\"jeunesse\"]\n"
      "indicateurs:\n  - {id: c, libelle: \"C\", type: processus}\n"
      "suivi:\n  2024: {statut: en_cours}\n";

/* 2.2 starts before the periode (a warning): its years are those within
 * the periode. */
static const char fiche_c[]
    = "id: \"2.2\"\ntitre: \"C\"\naxe: \"2\"\nporteurs: [\"CC\"]\n"
      "calendrier: {debut: 2021, fin: 2022}\n"
      "indicateurs:\n  - {id: d, libelle: \"D\", type: processus}\n";

static cls_contract *load(void)
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
	return c;
}

/* The rows of l as "fiche/indicateur/year ..." */
static const char *ind_rows(const cls_indicator_rows *l)
{
	static char s[1024];
	size_t n = 0;
	s[0] = '\0';
	for (size_t i = 0; i < l->n && n < sizeof(s) - 64; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%s/%s/%d",
		    i ? " " : "", l->rows[i].fiche->id, l->rows[i].ind->id,
		    l->rows[i].year);
	return s;
}

static const char *list(const cls_contract *c, const cls_indicators_options *o)
{
	static cls_indicator_rows l;
	cls_error err;
	if (cls_indicators_query(c, o, NULL, &l, &err))
		return "(failed)";
	const char *s = ind_rows(&l);
	cls_indicator_rows_release(&l);
	return s;
}

static void test_indicators(const cls_contract *c)
{
	cls_indicators_options o = {0};
	cls_indicator_rows l = {0};
	cls_error err;

	/* every year of each indicateur: the fiche's within the periode, and
	 * those of its own targets and values */
	CHECK(strcmp(list(c, &o),
	          "1.1/a/2023 1.1/a/2024 1.1/b/2023 1.1/b/2024 1.1/b/2025 "
	          "1.1/q/2023 1.1/q/2024 2.1/c/2022 2.1/c/2023 2.1/c/2024 "
	          "2.1/c/2025 2.1/c/2026 2.2/d/2022")
	    == 0);
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(l.listed && l.in_periode && l.has_fiche && l.has_axe
	    && l.has_theme && l.n == 13);
	/* how many the fiches define, whatever the filters */
	CHECK(l.defined == 5);
	o.fiche = "2.2";
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(l.n == 1 && l.defined == 5);
	o.fiche = NULL;
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	/* what the rows carry: the target, the value and the rate */
	const cls_taux *t = &l.rows[0].t;
	CHECK(t->has_cible && t->cible.min == 4 && t->valeur
	    && t->valeur->number == 5 && t->atteint == 1 && t->has_taux
	    && fabs(t->taux - 125) < 1e-9);
	CHECK(!l.rows[1].t.valeur && l.rows[1].t.atteint == -1);
	CHECK(l.rows[5].t.valeur && l.rows[5].t.valeur->is_text);

	o.year = 2024;
	CHECK(strcmp(list(c, &o), "1.1/a/2024 1.1/b/2024 1.1/q/2024 2.1/c/2024")
	    == 0);
	/* lacking their value: a has a target for 2024; c is numeric and
	 * its fiche has a 2024 suivi; b neither */
	o.missing = true;
	CHECK(strcmp(list(c, &o), "1.1/a/2024 2.1/c/2024") == 0);
	o.year = 2023; /* b: numeric, with the fiche's 2023 suivi */
	CHECK(strcmp(list(c, &o), "1.1/b/2023") == 0);
	o.missing = false;
	o.year = 0;

	o.fiche = "2.1";
	CHECK(strcmp(list(c, &o),
	          "2.1/c/2022 2.1/c/2023 2.1/c/2024 2.1/c/2025 2.1/c/2026")
	    == 0);
	o.fiche = "2.1 ";
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(!l.has_fiche && l.has_axe && !l.listed && l.n == 0);
	o.fiche = NULL;
	o.axe = "2";
	o.year = 2022;
	CHECK(strcmp(list(c, &o), "2.1/c/2022 2.2/d/2022") == 0);
	o.axe = "3";
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(!l.has_axe && !l.listed && l.n == 0);
	o.axe = NULL;
	o.year = 2023;
	o.theme = "SANTE MENTALE"; /* case and accents folded */
	CHECK(strcmp(list(c, &o), "1.1/a/2023 1.1/b/2023 1.1/q/2023") == 0);
	o.theme = "sport";
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(!l.has_theme && !l.listed);
	o.theme = NULL;
	o.has_type = true;
	o.type = CLS_RESULTAT;
	CHECK(strcmp(list(c, &o), "1.1/b/2023 1.1/q/2023") == 0);
	/* filters combine */
	o.theme = "jeunesse";
	CHECK(cls_indicators_query(c, &o, NULL, &l, &err) == 0);
	CHECK(l.listed && l.n == 0);
	o.theme = NULL;
	o.has_type = false;

	/* a year outside the periode: not listed, and counted */
	cls_year_cover yc = {.year = 2030};
	o.year = 2030;
	CHECK(cls_indicators_query(c, &o, &yc, &l, &err) == 0);
	CHECK(!l.in_periode && !l.listed && l.n == 0);
	CHECK(yc.with_periode == 1 && yc.covering == 0 && yc.debut == 2022
	    && yc.fin == 2026 && cls_year_cover_none(&yc));
	/* a contract without the fiche asked for is not counted */
	o.fiche = "9";
	CHECK(cls_indicators_query(c, &o, &yc, &l, &err) == 0);
	CHECK(l.in_periode && yc.with_periode == 1);
	o.fiche = NULL;
	yc.year = o.year = 2024;
	CHECK(cls_indicators_query(c, &o, &yc, &l, &err) == 0);
	CHECK(l.listed && yc.covering == 1 && !cls_year_cover_none(&yc));
	cls_indicator_rows_release(&l);
	cls_indicator_rows_release(&l); /* twice: still empty */
	CHECK(l.rows == NULL && l.n == 0);
}

static void test_cover(void)
{
	cls_plan p = {0};
	cls_year_cover yc = {0};
	CHECK(cls_year_cover_add(&yc, &p) && !cls_year_cover_none(&yc));
	yc.year = 2024;
	CHECK(cls_year_cover_add(&yc, &p)); /* no periode: holds it */
	CHECK(yc.with_periode == 0 && !cls_year_cover_none(&yc));
	p.debut = 2019;
	p.fin = 2023;
	CHECK(!cls_year_cover_add(&yc, &p) && cls_year_cover_none(&yc));
	p.debut = 2024;
	p.fin = 2028;
	CHECK(cls_year_cover_add(&yc, &p) && !cls_year_cover_none(&yc));
	CHECK(yc.with_periode == 2 && yc.covering == 1 && yc.debut == 2019);
}

/* The rows of a table as "fiche/what/year ..." */
static const char *table(const cls_contract *c, const cls_table_options *o)
{
	static char s[1024];
	cls_table_rows l = {0};
	cls_error err;
	size_t n = 0;
	if (cls_table_query(c, o, NULL, &l, &err))
		return "(failed)";
	s[0] = '\0';
	for (size_t i = 0; i < l.n && n < sizeof(s) - 64; i++) {
		const cls_table_row *r = &l.rows[i];
		const char *what = r->ind ? r->ind->id
		    : r->fin              ? r->fin->financeur
		    : r->suivi            ? cls_statut_key(r->suivi->statut)
		                          : "-";
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%s/%s/%d",
		    i ? " " : "", r->fiche->id, what, r->year);
	}
	cls_table_rows_release(&l);
	return s;
}

static void test_tables(const cls_contract *c)
{
	cls_table_options o = {0};
	cls_table_rows l = {0};
	cls_error err;
	cls_table t;

	CHECK(cls_table_parse("suivi", &t) && t == CLS_TABLE_SUIVI);
	CHECK(!cls_table_parse("Suivi", &t) && !cls_table_parse("", &t));
	CHECK(strcmp(cls_table_name(CLS_TABLE_FINANCEMENTS), "financements")
	    == 0);

	/* fiches: the latest suivi; the financeurs once, with their money */
	CHECK(
	    strcmp(table(c, &o), "1.1/realisee/2023 2.1/en_cours/2024 2.2/-/0")
	    == 0);
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 3);
	CHECK(l.has_financeur && l.in_periode);
	CHECK(l.rows[0].nfinanceurs == 2
	    && strcmp(l.rows[0].financeurs[0], "ARS") == 0
	    && strcmp(l.rows[0].financeurs[1], "CAF") == 0);
	CHECK(l.rows[0].has_montant && l.rows[0].montant == 1500);
	CHECK(l.rows[1].nfinanceurs == 0 && !l.rows[1].has_montant);
	/* in 2024: what covers the year (the whole contract's money too);
	 * the financeur named as its group is, "ARS" (the first written of
	 * two spellings), though the one kept writes "ars" */
	o.year = 2024;
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 2);
	CHECK(l.rows[0].nfinanceurs == 2
	    && strcmp(l.rows[0].financeurs[0], "ARS") == 0
	    && l.rows[0].montant == 500);
	CHECK(!l.rows[0].suivi && l.rows[0].year == 0);
	CHECK(l.rows[1].suivi && l.rows[1].year == 2024);
	/* a financeur: the fiches it finances */
	o.year = 0;
	o.financeur = "Ars";
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 1);
	CHECK(l.has_financeur && l.rows[0].nfinanceurs == 1
	    && l.rows[0].montant == 1500);
	/* by the name a known sigle stands for, punctuation aside */
	o.financeur = "Agence  régionale de santé.";
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 1);
	CHECK(l.has_financeur && l.rows[0].montant == 1500);
	o.financeur = "MSA";
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0);
	CHECK(!l.has_financeur && l.n == 0);
	o.financeur = NULL;

	/* indicateurs: every year of the fiche, and those of a target or a
	 * value of the indicateur's own */
	o.table = CLS_TABLE_INDICATEURS;
	CHECK(strcmp(table(c, &o),
	          "1.1/a/2023 1.1/a/2024 1.1/b/2023 1.1/b/2024 1.1/b/2025 "
	          "1.1/q/2023 1.1/q/2024 2.1/c/2022 2.1/c/2023 2.1/c/2024 "
	          "2.1/c/2025 2.1/c/2026 2.2/d/2022")
	    == 0);
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 13);
	CHECK(l.rows[4].t.has_cible && l.rows[4].t.cible.min == 10
	    && !l.rows[4].t.valeur);
	/* with --year, the fiches that have something in the year: 1.1 has
	 * nothing in 2025 but b's target */
	o.year = 2025;
	CHECK(strcmp(table(c, &o), "2.1/c/2025") == 0);

	/* financements: those of the year and of no year */
	o.table = CLS_TABLE_FINANCEMENTS;
	o.year = 0;
	CHECK(strcmp(table(c, &o), "1.1/ARS/0 1.1/ars/0 1.1/CAF/0") == 0);
	o.year = 2023;
	CHECK(strcmp(table(c, &o), "1.1/ARS/0 1.1/ars/0") == 0);
	o.financeur = "caf";
	CHECK(strcmp(table(c, &o), "") == 0);
	o.financeur = NULL;

	/* suivi: every year of the fiche, and those with a suivi */
	o.table = CLS_TABLE_SUIVI;
	o.year = 0;
	CHECK(strcmp(table(c, &o),
	          "1.1/realisee/2023 1.1/-/2024 2.1/-/2022 2.1/-/2023 "
	          "2.1/en_cours/2024 2.1/-/2025 2.1/-/2026 2.2/-/2022")
	    == 0);
	o.year = 2024;
	CHECK(strcmp(table(c, &o), "1.1/-/2024 2.1/en_cours/2024") == 0);

	/* a year outside the periode: no rows, counted */
	cls_year_cover yc = {.year = 2021};
	o.year = 2021;
	CHECK(cls_table_query(c, &o, &yc, &l, &err) == 0);
	CHECK(!l.in_periode && l.n == 0 && cls_year_cover_none(&yc));
	cls_table_rows_release(&l);
	CHECK(l.rows == NULL && l.names_ == NULL);
}

/* A directory of financeurs: a financement names its entry by the sigle,
 * the nom or an other name; the tables name and group by the entry, and
 * --financeur finds it by any of them (cls-export(1)). */
static void test_directory(void)
{
	static const char dir_yaml[]
	    = "version: 1\nnom: \"D\"\nterritoire: \"T\"\n"
	      "periode: {debut: 2022, fin: 2024}\nsignataires: [\"ARS\"]\n"
	      "financeurs:\n"
	      "  - {sigle: CD, nom: \"Conseil départemental\", "
	      "autres_noms: [\"Département\"]}\n"
	      "  - {sigle: CNSA, nom: \"Caisse nationale\"}\n"
	      "axes:\n  - {id: \"1\", titre: \"A\"}\n";
	static const char dir_fiche[]
	    = "id: \"1\"\ntitre: \"F\"\naxe: \"1\"\nporteurs: [\"CC\"]\n"
	      "financements:\n"
	      "  - {financeur: \"Département\", montant: 1, annee: 2022}\n"
	      "  - {financeur: \"CD\", montant: 2, annee: 2023}\n"
	      "  - {financeur: \"conseil departemental\", montant: 4}\n"
	      "  - {financeur: \"Mairie\", montant: 8}\n"
	      "indicateurs:\n  - {id: a, libelle: \"A\", type: processus}\n";
	const char *const files[] = {"cls.yaml", "fiches/a.yaml"};
	const unsigned char *bufs[] = {
	    (const unsigned char *)dir_yaml, (const unsigned char *)dir_fiche};
	size_t lens[] = {strlen(dir_yaml), strlen(dir_fiche)};
	cls_error err;
	cls_contract *c = clsi_contract_load_memory(files, bufs, lens, 2, &err);
	CHECK(c != NULL);
	if (!c)
		return;
	cls_table_options o = {.table = CLS_TABLE_FICHES};
	cls_table_rows l = {0};
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 1);
	CHECK(l.n == 1 && l.rows[0].nfinanceurs == 2
	    && strcmp(l.rows[0].financeurs[0], "Conseil départemental") == 0
	    && strcmp(l.rows[0].financeurs[1], "Mairie") == 0);
	const char *const names[]
	    = {"cd", "Departement", "CONSEIL-DÉPARTEMENTAL"};
	for (size_t i = 0; i < 3; i++) {
		o.financeur = names[i];
		CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0 && l.n == 1);
		CHECK(l.n == 1 && l.rows[0].nfinanceurs == 1
		    && l.rows[0].montant == 7);
	}
	o.table = CLS_TABLE_FINANCEMENTS;
	o.financeur = "CD";
	o.year = 2023;
	CHECK(strcmp(table(c, &o), "1/CD/0 1/conseil departemental/0") == 0);
	/* a financeur of the directory that nothing finances: known, no row */
	o.financeur = "cnsa";
	o.year = 0;
	CHECK(cls_table_query(c, &o, NULL, &l, &err) == 0);
	CHECK(l.has_financeur && l.n == 0);
	cls_table_rows_release(&l);
	cls_contract_free(c);
}

void unit_listing(void)
{
	test_directory();
	cls_contract *c = load();
	if (!c)
		return;
	test_indicators(c);
	test_cover();
	test_tables(c);
	cls_contract_free(c);
}
