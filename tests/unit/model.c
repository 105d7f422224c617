/* SPDX-License-Identifier: MIT */
/*
 * model.c - unit tests of the model, its rules and queries: targets, values,
 * rates of achievement, ranges, the table of rules.
 */
#include "unit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void test_model(void)
{
	cls_fiche f = {0};
	cls_indicateur ind = {0};
	f.first_year = 2022;
	f.last_year = 2024;
	ind.has_cible_all = true;
	ind.cible_all.has_min = ind.cible_all.has_max = true;
	ind.cible_all.min = ind.cible_all.max = 6;
	cls_target t;
	CHECK(cls_indicateur_cible(&f, &ind, 2023, &t) && t.min == 6);
	CHECK(!cls_indicateur_cible(&f, &ind, 2025, &t));
	CHECK(cls_target_reached(&t, CLS_HAUSSE, 6));
	CHECK(!cls_target_reached(&t, CLS_HAUSSE, 5));
	CHECK(cls_target_reached(&t, CLS_BAISSE, 5));
	CHECK(!cls_target_reached(&t, CLS_BAISSE, 7));
	cls_target r = {.is_range = true,
	    .has_min = true,
	    .min = 2,
	    .has_max = true,
	    .max = 3};
	CHECK(cls_target_reached(&r, CLS_HAUSSE, 2));
	CHECK(cls_target_reached(&r, CLS_HAUSSE, 3));
	CHECK(!cls_target_reached(&r, CLS_HAUSSE, 4));
	cls_year_target yt
	    = {2025, {.has_min = true, .has_max = true, .min = 1, .max = 1}};
	ind.cibles = &yt;
	ind.cible_count = 1;
	CHECK(cls_indicateur_cible(&f, &ind, 2025, &t) && t.min == 1);
	const char *ids[] = {"1.1", "2.3", "coordination"};
	CHECK(cls_nearest("2.4", ids, 3) == ids[1]);
	CHECK(cls_nearest("coordinaton", ids, 3) == ids[2]);
	CHECK(cls_nearest("zzz", ids, 3) == NULL);
}

/* The rate of achievement and "atteint", rule by rule (cls-report(1)). */
static void test_taux(void)
{
	cls_fiche f = {.first_year = 2022, .last_year = 2024};
	cls_value v[2] = {{.year = 2022, .number = 4}, {.year = 2023}};
	cls_indicateur ind = {.has_cible_all = true,
	    .cible_all = {.has_min = true, .has_max = true, .min = 5, .max = 5},
	    .valeurs = v,
	    .valeur_count = 2};
	cls_taux t;
	/* hausse: valeur / cible */
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.has_cible
	    && t.valeur == &v[0] && t.atteint == 0 && fabs(t.taux - 80) < 1e-9);
	/* baisse: cible / valeur, reached at or below; none for a valeur 0 */
	ind.sens = CLS_BAISSE;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1
	    && fabs(t.taux - 125) < 1e-9);
	CHECK(!cls_indicateur_taux(&f, &ind, 2023, &t) && t.atteint == 1);
	/* no value: not evaluated; no target: not evaluated either */
	CHECK(!cls_indicateur_taux(&f, &ind, 2024, &t) && t.has_cible
	    && !t.valeur && t.atteint == -1);
	ind.has_cible_all = false;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && !t.has_cible
	    && t.valeur == &v[0] && t.atteint == -1);
	/* a target of 0 gives no rate */
	ind.sens = CLS_HAUSSE;
	ind.has_cible_all = true;
	ind.cible_all.min = ind.cible_all.max = 0;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1);
	/* a range: against its min (hausse); past its max, no rate */
	ind.cible_all = (cls_target){.is_range = true,
	    .has_min = true,
	    .min = 2,
	    .has_max = true,
	    .max = 3};
	v[0].number = 3;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1
	    && fabs(t.taux - 150) < 1e-9);
	v[0].number = 4;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0);
	/* baisse: against its max; below its min, no rate */
	ind.sens = CLS_BAISSE;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0
	    && fabs(t.taux - 75) < 1e-9);
	v[0].number = 1;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0);
	/* a range without the bound the sens needs: no rate */
	ind.cible_all.has_max = false;
	v[0].number = 2;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1);
	/* cible_totale: the numeric values up to the year */
	v[1].number = 6;
	ind.has_cible_totale = true;
	ind.cible_totale = 16;
	cls_indicateur_taux(&f, &ind, 2023, &t);
	CHECK(t.has_cumul && t.cumul == 8 && t.has_taux_cumul
	    && fabs(t.taux_cumul - 50) < 1e-9);
	v[1].is_text = true;
	cls_indicateur_taux(&f, &ind, 2024, &t);
	CHECK(t.has_cumul && t.cumul == 2);
	ind.cible_totale = 0;
	cls_indicateur_taux(&f, &ind, 2024, &t);
	CHECK(t.has_cumul && !t.has_taux_cumul);
}

static void test_cible_range(void)
{
	char dir[] = "/tmp/cls-unit-range.XXXXXX", sub[600];
	new_contract(dir, 2024, sub, sizeof(sub));
	write_tmp(sub, "a.yaml",
	    "id: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
	    "indicateurs:\n  - {id: r, libelle: L, type: processus, "
	    "cible: {min: 1}}\n  - {id: y, libelle: L, type: processus, "
	    "cible: {2023: {max: 5}}}\n");
	cls_error err;
	cls_contract *c = cls_contract_load(dir, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		const cls_fiche *f = &cls_contract_plan(c)->fiches[0];
		cls_target t;
		CHECK(cls_contract_count(c, CLS_ERROR) == 0);
		CHECK(cls_indicateur_cible(f, &f->indicateurs[0], 2022, &t)
		    && t.is_range && t.has_min && t.min == 1 && !t.has_max);
		CHECK(cls_indicateur_cible(f, &f->indicateurs[0], 2024, &t));
		CHECK(!cls_indicateur_cible(f, &f->indicateurs[1], 2022, &t));
		CHECK(cls_indicateur_cible(f, &f->indicateurs[1], 2023, &t)
		    && t.is_range && t.has_max && t.max == 5 && !t.has_min);
	}
	cls_contract_free(c);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

static void test_rules(void)
{
	size_t n;
	const cls_rule *r = cls_rules(&n);
	CHECK(n > 20);
	for (size_t i = 0; i < n; i++) {
		CHECK(cls_rule_find(r[i].id) == &r[i]);
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(r[i].id, r[j].id) != 0);
	}
	CHECK(cls_rule_find("nope") == NULL);
}

/* Whether cls_contract_reads(c, path) names want (NULL: nothing). */
static bool reads(const cls_contract *c, const char *path, const char *want)
{
	char *got = cls_contract_reads(c, path);
	bool ok = want ? got && strcmp(got, want) == 0 : !got;
	if (!ok)
		printf("     %s: got %s, want %s\n", path, got ? got : "NULL",
		    want ? want : "NULL");
	free(got);
	return ok;
}

static void test_reads(void)
{
	char dir[] = "/tmp/cls-unit.XXXXXX", sub[600], p[700], q[700];
	new_contract(dir, 2026, sub, sizeof(sub));
	snprintf(p, sizeof(p), "%s/deep", sub);
	mkdir(p, 0755);
	write_tmp(p, "a.yaml", "id: 1.1\ntitre: A\naxe: 1\nporteurs: [X]\n");
	cls_error err;
	cls_contract *c = cls_contract_load(dir, NULL, &err);
	CHECK(c != NULL);
	if (!c)
		return;
	snprintf(p, sizeof(p), "%s/cls.yaml", dir);
	CHECK(reads(c, p, "cls.yaml"));
	snprintf(p, sizeof(p), "%s/deep/a.yaml", sub);
	CHECK(reads(c, p, "fiches/deep/a.yaml"));
	snprintf(p, sizeof(p), "%s/deep/../deep/a.yaml", sub);
	CHECK(reads(c, p, "fiches/deep/a.yaml"));
	/* the same file under another name: a symlink, a hard link */
	snprintf(p, sizeof(p), "%s/deep/a.yaml", sub);
	snprintf(q, sizeof(q), "%s/link", dir);
	CHECK(symlink(p, q) == 0 && reads(c, q, "fiches/deep/a.yaml"));
	snprintf(q, sizeof(q), "%s/hard.txt", dir);
	CHECK(link(p, q) == 0 && reads(c, q, "fiches/deep/a.yaml"));
	/* names it would read once written, and names it would not */
	snprintf(p, sizeof(p), "%s/new.yml", sub);
	CHECK(reads(c, p, "fiches/new.yml"));
	snprintf(p, sizeof(p), "%s/deep/new.yaml", sub);
	CHECK(reads(c, p, "fiches/deep/new.yaml"));
	snprintf(p, sizeof(p), "%s/.hidden.yaml", sub);
	CHECK(reads(c, p, NULL));
	snprintf(p, sizeof(p), "%s/bilan.html", sub);
	CHECK(reads(c, p, NULL));
	snprintf(p, sizeof(p), "%s/bilan.yaml", dir);
	CHECK(reads(c, p, NULL));
	snprintf(p, sizeof(p), "%s/other.yaml", "/tmp");
	CHECK(reads(c, p, NULL));
	snprintf(p, sizeof(p), "%s/nowhere/x.yaml", sub);
	CHECK(reads(c, p, NULL)); /* its folder does not exist */
	cls_contract_free(c);
	snprintf(p, sizeof(p), "rm -rf %s", dir);
	CHECK(system(p) == 0);
}

/* Loads cls.yaml and fiches held in memory; NULL-terminated texts. */
static cls_contract *load(const char *cls, const char *const *fiches)
{
	const char *files[8] = {"cls.yaml"};
	const unsigned char *bufs[8] = {(const unsigned char *)cls};
	size_t lens[8] = {strlen(cls)}, n = 1;
	static const char *const names[]
	    = {"fiches/a.yaml", "fiches/b.yaml", "fiches/c.yaml"};
	for (; fiches && fiches[n - 1] && n < 4; n++) {
		files[n] = names[n - 1];
		bufs[n] = (const unsigned char *)fiches[n - 1];
		lens[n] = strlen(fiches[n - 1]);
	}
	cls_error err;
	return clsi_contract_load_memory(files, bufs, lens, n, &err);
}

static size_t count_rule(const cls_contract *c, const char *rule)
{
	size_t n, k = 0;
	const cls_diag *d = cls_contract_diags(c, &n);
	for (size_t i = 0; i < n; i++)
		k += strcmp(d[i].rule, rule) == 0;
	return k;
}

#define CLS_HEAD                                                               \
	"version: 1\nnom: C\nterritoire: T\nperiode: {debut: 2014, fin: "      \
	"2016}\nsignataires: [ARS]\naxes: [{id: \"1\", titre: A}]\n"

/* The financeur a name means: the rule of cls-format(5), FINANCEURS. */
static void test_financeurs(void)
{
	CHECK(cls_financeur_same("ARS", "arS"));
	CHECK(cls_financeur_same("ARS", "Agence Régionale de Santé"));
	CHECK(!cls_financeur_same("agence  regionale de sante", "A.R.S"));
	CHECK(cls_financeur_same(
	    "ARS Occitanie", "Agence régionale de santé - Occitanie"));
	CHECK(!cls_financeur_same("ARS", "ARS Occitanie"));
	CHECK(cls_financeur_same("Caisse d'Allocations Familiales", "CAF"));
	CHECK(!cls_financeur_same("CAF", "CPAM"));

	/* without a directory: one financeur per key, shown as most write
	 * it; near names are a warning */
	const char *f1[]
	    = {"id: \"1\"\ntitre: A\naxe: \"1\"\nporteurs: [X]\n"
	       "financements:\n"
	       "  - {financeur: ars, montant: 1}\n"
	       "  - {financeur: ARS, montant: 2}\n"
	       "  - {financeur: Agence régionale de santé}\n"
	       "  - {financeur: ARS, montant: 3}\n"
	       "  - {financeur: ARS Occitanie}\n"
	       "indicateurs: [{id: a, libelle: A, type: processus}]\n",
	        NULL};
	cls_contract *c = load(CLS_HEAD, f1);
	CHECK(c != NULL);
	if (c) {
		const cls_plan *p = cls_contract_plan(c);
		CHECK(p->financeur_declared == 0 && p->financeur_count == 2);
		const cls_financeur *ars = cls_financeur_find(p, "ARS");
		CHECK(ars && strcmp(ars->nom, "ARS") == 0
		    && ars->financements == 4 && !ars->declared);
		CHECK(p->fiches[0].financements[0].ref == ars
		    && p->fiches[0].financements[2].ref == ars);
		CHECK(p->fiches[0].financements[4].ref != ars);
		CHECK(cls_financeur_find(p, "CAF") == NULL);
		CHECK(count_rule(c, "similar-financeurs") == 1);
		CHECK(count_rule(c, "unknown-financeur") == 0);
		cls_contract_free(c);
	}

	/* with one: entries by sigle, nom or autres_noms; the others warned
	 * once each; a name given twice is an error */
	c = load(CLS_HEAD "financeurs:\n"
	                  "  - {sigle: ARS, nom: Agence ARA, autres_noms: [ARS "
	                  "ARA]}\n"
	                  "  - {nom: Agence ARA}\n",
	    f1);
	CHECK(c != NULL);
	if (c) {
		const cls_plan *p = cls_contract_plan(c);
		CHECK(p->financeur_declared == 2 && p->financeur_count == 3);
		CHECK(cls_financeur_find(p, "ars ara") == &p->financeurs[0]);
		CHECK(p->financeurs[0].financements == 4);
		CHECK(p->fiches[0].financements[3].ref == &p->financeurs[0]);
		CHECK(!p->financeurs[2].declared
		    && strcmp(p->financeurs[2].nom, "ARS Occitanie") == 0);
		CHECK(count_rule(c, "unknown-financeur") == 1);
		CHECK(count_rule(c, "similar-financeurs") == 0);
		CHECK(count_rule(c, "duplicate-id") == 1);
		cls_contract_free(c);
	}
}

/* Avenants: the periode in force, jalons, and what a fiche now holds. */
static void test_avenants_jalons(void)
{
	const char *f[]
	    = {"id: \"1\"\ntitre: A\naxe: \"1\"\n"
	       "porteurs: [X, Y]\ncopilotage: true\n"
	       "referents: [{nom: C, courriel: c@x.fr}]\n"
	       "calendrier:\n  jalons:\n"
	       "    - {date: 2015-06, libelle: J1}\n"
	       "    - {date: 2017, libelle: J2}\n"
	       "    - {date: 2018-03, libelle: J3}\n"
	       "    - {libelle: J4}\n"
	       "indicateurs: [{id: a, libelle: A, type: processus}]\n"
	       "suivi:\n"
	       "  2015: {statut: en_cours, jalons: [J1]}\n"
	       "  2017:\n    statut: en_cours\n    jalons: [J4]\n"
	       "    leviers: [L]\n    freins: [F1, F2]\n"
	       "    perspectives: [P]\n",
	        NULL};
	cls_contract *c
	    = load(CLS_HEAD "signature: 2014-03\navenants:\n"
	                    "  - {date: 2017, objet: B, fin: 2019}\n"
	                    "  - {date: 2016-12, objet: A, fin: 2018}\n"
	                    "  - {date: 2017, objet: C}\n",
	        f);
	CHECK(c && cls_contract_count(c, CLS_ERROR) == 0);
	if (!c)
		return;
	const cls_plan *p = cls_contract_plan(c);
	CHECK(p->debut == 2014 && p->fin == 2019);
	CHECK(p->debut_initial == 2014 && p->fin_initial == 2016);
	CHECK(strcmp(p->signature, "2014-03") == 0);
	/* by date, then as written: A (2016-12), B and C (2017) */
	CHECK(p->avenant_count == 3 && strcmp(p->avenants[0].objet, "A") == 0
	    && strcmp(p->avenants[1].objet, "B") == 0
	    && p->avenants[2].fin == 0);
	const cls_fiche *fi = &p->fiches[0];
	CHECK(fi->last_year == 2019); /* no calendrier: the periode in force */
	CHECK(fi->copilotage && fi->referent_count == 1
	    && strcmp(fi->referents[0].courriel, "c@x.fr") == 0);
	const cls_suivi *s = cls_fiche_suivi(fi, 2017);
	CHECK(s && s->leviers.count == 1 && s->freins.count == 2
	    && s->perspectives.count == 1);
	int when;
	CHECK(cls_jalon_state(fi, &fi->jalons[0], 2014, &when)
	        == CLS_JALON_A_VENIR
	    && when == 0);
	CHECK(cls_jalon_state(fi, &fi->jalons[0], 2017, &when)
	        == CLS_JALON_ATTEINT
	    && when == 2015);
	CHECK(cls_jalon_state(fi, &fi->jalons[1], 2016, NULL)
	    == CLS_JALON_A_VENIR);
	CHECK(cls_jalon_state(fi, &fi->jalons[1], 2017, NULL)
	    == CLS_JALON_EN_RETARD);
	CHECK(cls_jalon_state(fi, &fi->jalons[2], 2017, NULL)
	    == CLS_JALON_A_VENIR);
	CHECK(cls_jalon_state(fi, &fi->jalons[3], 2016, NULL)
	    == CLS_JALON_A_VENIR);
	CHECK(cls_jalon_state(fi, &fi->jalons[3], 2017, &when)
	        == CLS_JALON_ATTEINT
	    && when == 2017);
	CHECK(strcmp(cls_jalon_etat_key(CLS_JALON_EN_RETARD), "en_retard") == 0
	    && strcmp(cls_jalon_etat_label(CLS_JALON_A_VENIR), "à venir") == 0);
	cls_contract_free(c);

	/* an avenant ending before the debut is an error, and changes
	 * nothing */
	c = load(
	    CLS_HEAD "avenants: [{date: 2016, objet: A, fin: 2013}]\n", NULL);
	CHECK(c && count_rule(c, "invalid-periode") == 1
	    && cls_contract_plan(c)->fin == 2016);
	cls_contract_free(c);
}

/* The hints a Word user gets, and placeholders; several structures is a
 * hint, counted apart. */
static void test_hints(void)
{
	const char *f[] = {"id: \"1\"\ntitre: TODO\naxe: \"1\"\n"
	                   "porteurs: [\"ARS, CPAM, MSA\"]\n"
	                   "calandrier: {debut: mars 2015}\n"
	                   "indicateurs:\n"
	                   "  - id: a\n    libelle: A\n    type: processus\n"
	                   "    valeurs:\n      2015: 12,5\n"
	                   "  - id: b\n    libelle: B\n    type: processus\n"
	                   "    cible: 20 ateliers\n",
	    NULL};
	cls_contract *c = load(CLS_HEAD, f);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(count_rule(c, "placeholder") == 1);
	CHECK(count_rule(c, "several-structures") == 1);
	CHECK(cls_contract_count(c, CLS_HINT) == 1);
	CHECK(cls_contract_count(c, CLS_WARNING) == 2); /* and number-as-text */
	CHECK(count_rule(c, "number-as-text") == 1);
	/* unknown key, and its content checked as a calendrier */
	CHECK(count_rule(c, "unknown-key") == 1
	    && count_rule(c, "invalid-date") == 1);
	size_t n;
	const cls_diag *d = cls_contract_diags(c, &n);
	bool date = false, unit = false;
	for (size_t i = 0; i < n; i++) {
		date |= strstr(d[i].message, "write 2015-03") != NULL;
		unit |= strstr(
		            d[i].message, "write 20 and put the unit in unite")
		    != NULL;
	}
	CHECK(date && unit);
	cls_contract_free(c);
}

void unit_model(void)
{
	test_reads();
	test_model();
	test_taux();
	test_cible_range();
	test_rules();
	test_financeurs();
	test_avenants_jalons();
	test_hints();
}
