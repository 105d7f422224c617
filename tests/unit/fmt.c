/* SPDX-License-Identifier: MIT */
/*
 * fmt.c - unit tests of the French formatting of the reports
 * (lib/render/fmt.c): numbers, money, percents, targets, values and
 * results, with the plain and the HTML separators.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*numfmt)(cls_buf *, double, const clsi_seps *);

/* Whether f writes x as want with the plain separators. */
static bool writes(numfmt f, double x, const char *want)
{
	cls_buf b = {0};
	f(&b, x, &clsi_seps_plain);
	bool ok = strcmp(cls_buf_str(&b), want) == 0;
	if (!ok)
		printf("     got \"%s\", want \"%s\"\n", cls_buf_str(&b), want);
	cls_buf_release(&b);
	return ok;
}

static void test_numbers(void)
{
	CHECK(writes(clsi_fmt_num, 0, "0"));
	CHECK(writes(clsi_fmt_num, 6, "6"));
	CHECK(writes(clsi_fmt_num, 1234, "1 234"));
	CHECK(writes(clsi_fmt_num, 1234567, "1 234 567"));
	CHECK(writes(clsi_fmt_num, 12.5, "12,5"));
	CHECK(writes(clsi_fmt_num, 0.25, "0,25"));
	CHECK(writes(clsi_fmt_num, 2.999, "3")); /* two decimals at most */
	CHECK(writes(clsi_fmt_num, -12.5, "-12,5"));
	CHECK(writes(clsi_fmt_num, -0.001, "0")); /* never "-0" */
	CHECK(writes(clsi_fmt_num, 100.10, "100,1")); /* trailing 0 dropped */
}

static void test_money(void)
{
	CHECK(writes(clsi_fmt_money, 18000, "18 000 €"));
	CHECK(writes(clsi_fmt_money, 18000.5, "18 000,50 €"));
	CHECK(writes(clsi_fmt_money, 0, "0 €"));
	CHECK(writes(clsi_fmt_money, 999.999, "1 000 €")); /* to the cent */
	CHECK(writes(clsi_fmt_pct, 83.3, "83 %"));
	CHECK(writes(clsi_fmt_pct, 66.5, "67 %")); /* half away from zero */
	CHECK(writes(clsi_fmt_pct, 120, "120 %"));
	/* HTML: a narrow no-break space between thousands, a no-break space
	 * before the unit, so a figure never breaks across lines */
	cls_buf b = {0};
	clsi_fmt_money(&b, 18000, &clsi_seps_html);
	CHECK(strcmp(cls_buf_str(&b),
	          "18\xe2\x80\xaf"
	          "000\xc2\xa0€")
	    == 0);
	cls_buf_release(&b);
}

static void test_round(void)
{
	CHECK(clsi_round(0.125, 2) == 0.13);
	CHECK(clsi_round(-0.5, 0) == -1);
	CHECK(clsi_round(2.5, 0) == 3);
	double z = clsi_round(-0.0001, 2);
	CHECK(z == 0 && !signbit(z));
}

static const char *cible(cls_target t)
{
	static char out[64];
	cls_buf b = {0};
	clsi_fmt_cible(&b, &t, &clsi_seps_plain);
	snprintf(out, sizeof(out), "%s", cls_buf_str(&b));
	cls_buf_release(&b);
	return out;
}

static void test_targets(void)
{
	cls_target t = {.min = 6, .max = 6};
	CHECK(strcmp(cible(t), "6") == 0);
	t = (cls_target){.is_range = true, .has_min = true, .min = 1};
	CHECK(strcmp(cible(t), "≥ 1") == 0);
	t = (cls_target){.is_range = true, .has_max = true, .max = 10};
	CHECK(strcmp(cible(t), "≤ 10") == 0);
	t = (cls_target){.is_range = true,
	    .has_min = true,
	    .has_max = true,
	    .min = 2,
	    .max = 4};
	CHECK(strcmp(cible(t), "2 à 4") == 0);
	t = (cls_target){.is_range = true,
	    .has_min = true,
	    .has_max = true,
	    .min = 1500,
	    .max = 2500.5};
	CHECK(strcmp(cible(t), "1 500 à 2 500,5") == 0);
	t = (cls_target){.is_range = true};
	CHECK(strcmp(cible(t), "toute valeur") == 0);
}

static void test_results(void)
{
	cls_indicateur ind = {.id = "a", .unite = "réunions"};
	cls_value v = {.year = 2024, .number = 3};
	cls_report_ind ri = {.ind = &ind, .numeric = true};
	ri.t.valeur = &v;
	ri.t.has_cible = true;
	ri.t.atteint = 0;
	ri.t.has_taux = true;
	ri.t.taux = 75;
	cls_buf b = {0};
	clsi_fmt_valeur(&b, &ri, &clsi_seps_plain);
	CHECK(strcmp(cls_buf_str(&b), "3 réunions") == 0);
	cls_buf_reset(&b);
	clsi_fmt_result(&b, &ri, &clsi_seps_plain);
	CHECK(strcmp(cls_buf_str(&b), "non atteint (75 %)") == 0);
	cls_buf_reset(&b);
	ind.unite = "%";
	v.number = 83;
	clsi_fmt_valeur(&b, &ri, &clsi_seps_plain);
	CHECK(strcmp(cls_buf_str(&b), "83 %") == 0);
	cls_buf_reset(&b);
	ri.t.valeur = NULL;
	ri.t.atteint = -1;
	ri.t.has_taux = false;
	clsi_fmt_result(&b, &ri, &clsi_seps_plain);
	CHECK(strcmp(cls_buf_str(&b), "sans valeur") == 0);
	cls_buf_reset(&b);
	ri.t.has_cible = false;
	clsi_fmt_result(&b, &ri, &clsi_seps_plain);
	CHECK(strcmp(cls_buf_str(&b), "") == 0); /* no target, no result */
	cls_buf_release(&b);
}

static void test_json_num(void)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	clsi_json_num(f, 18000);
	fputc(' ', f);
	clsi_json_num(f, 0.5);
	fputc(' ', f);
	clsi_json_num(f, -0.0);
	fputc(' ', f);
	clsi_json_num(f, -42);
	fputc(' ', f);
	clsi_json_num(f, 1.0 / 3);
	fclose(f);
	CHECK(strcmp(s, "18000 0.5 0 -42 0.333333333333333") == 0);
	free(s);
}

void unit_fmt(void)
{
	test_numbers();
	test_money();
	test_round();
	test_targets();
	test_results();
	test_json_num();
}
