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

void unit_model(void)
{
	test_reads();
	test_model();
	test_taux();
	test_cible_range();
	test_rules();
}
