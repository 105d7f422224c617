/* SPDX-License-Identifier: MIT */
/*
 * edit.c - unit tests of the edit of values: only the value lines change,
 * layouts, scalars, a whole contract, written by cls_edit_write().
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

/* ------------------------------------------------ writing values (edit.c) */

/* The text after setting valeurs[year] of ind to val, or NULL. */
static char *edited(
    const char *text, const char *ind, int year, const char *val)
{
	cls_buf out;
	char why[256];
	cls_buf_init(&out);
	if (clsi_edit_valeur(
	        text, strlen(text), ind, year, val, &out, why, sizeof(why))
	    != 0) {
		cls_buf_release(&out);
		return NULL;
	}
	return out.s;
}

/* A fiche with comments everywhere, and its valeurs as the last lines. */
#define HEAD                                                                   \
	"# en-tête: gardé\nid: \"1\"\nindicateurs:\n  - id: a # premier\n"   \
	"    valeurs:\n"
#define YEARS                                                                  \
	"      2022: 3   # provisoire\n      # à confirmer\n      2024: 5\n"

static void test_edit_layouts(void)
{
	static const struct {
		const char *in, *ind;
		int year;
		const char *val, *want;
	} t[] = {
	    /* an existing year: only the value changes, the comment stays */
	    {HEAD YEARS, "a", 2022, "12.5",
	        HEAD "      2022: 12.5   # provisoire\n      # à confirmer\n"
	             "      2024: 5\n"},
	    /* a new year between two: after the earlier one, before the
	     * comment that goes with the later one */
	    {HEAD YEARS, "a", 2023, "4",
	        HEAD "      2022: 3   # provisoire\n      2023: 4\n"
	             "      # à confirmer\n      2024: 5\n"},
	    /* before the first, after the last */
	    {HEAD YEARS, "a", 2021, "1", HEAD "      2021: 1\n" YEARS},
	    {HEAD YEARS, "a", 2025, "6", HEAD YEARS "      2025: 6\n"},
	    /* the last line without its line end */
	    {"indicateurs:\n- id: a\n  valeurs:\n    2023: 3", "a", 2024, "7",
	        "indicateurs:\n- id: a\n  valeurs:\n    2023: 3\n    2024: "
	        "7\n"},
	    /* a flow mapping stays one */
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2022, "2",
	        "indicateurs:\n  - id: f\n    valeurs: {2022: 2, 2023: 3}  # "
	        "c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2024, "7",
	        "indicateurs:\n  - id: f\n    valeurs: {2023: 3, 2024: 7}  # "
	        "c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2023, "9",
	        "indicateurs:\n  - id: f\n    valeurs: {2023: 9}  # c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {}\n", "f", 2024, "1",
	        "indicateurs:\n  - id: f\n    valeurs: {2024: 1}\n"},
	    /* no valeurs yet: a block key after the indicateur's others,
	     * before the comment of the next one, indented like the file */
	    {"indicateurs:\n  - id: n\n    cible:\n        min: 1\n"
	     "    # le suivant\n  - id: m\n",
	        "n", 2024, "2",
	        "indicateurs:\n  - id: n\n    cible:\n        min: 1\n"
	        "    valeurs:\n        2024: 2\n    # le suivant\n  - id: m\n"},
	    {"indicateurs:\n  - id: n\n    libelle: L # c\n", "n", 2024, "2",
	        "indicateurs:\n  - id: n\n    libelle: L # c\n    valeurs:\n"
	        "      2024: 2\n"},
	    /* an indicateur written as a flow mapping */
	    {"indicateurs:\n  - {id: f, libelle: L}\n", "f", 2024, "2",
	        "indicateurs:\n  - {id: f, libelle: L, valeurs: {2024: 2}}\n"},
	    /* valeurs: left empty, or null with a comment; a year left empty */
	    {"indicateurs:\n  - id: q\n    valeurs:\n  - id: r\n", "q", 2024,
	        "oui",
	        "indicateurs:\n  - id: q\n    valeurs:\n      2024: oui\n"
	        "  - id: r\n"},
	    {"indicateurs:\n  - id: q\n    valeurs: ~ # rien\n", "q", 2024,
	        "oui",
	        "indicateurs:\n  - id: q\n    valeurs: # rien\n"
	        "      2024: oui\n"},
	    {"indicateurs:\n  - id: q\n    valeurs:\n      2024:\n", "q", 2024,
	        "3", "indicateurs:\n  - id: q\n    valeurs:\n      2024: 3\n"},
	    /* CRLF line ends and a byte order mark are kept */
	    {"\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    valeurs:\r\n"
	     "      2022: 1\r\n",
	        "c", 2023, "2",
	        "\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    valeurs:\r\n"
	        "      2022: 1\r\n      2023: 2\r\n"},
	    {"\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    type: x\r\n", "c",
	        2023, "2",
	        "\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    type: x\r\n"
	        "    valeurs:\r\n      2023: 2\r\n"},
	    /* accents before the place: marks count characters, not bytes */
	    {"indicateurs:\n  - id: é\n    libellé: « élevé »\n"
	     "    valeurs: {2022: 1}\n",
	        "é", 2022, "2",
	        "indicateurs:\n  - id: é\n    libellé: « élevé »\n"
	        "    valeurs: {2022: 2}\n"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = edited(t[i].in, t[i].ind, t[i].year, t[i].val);
		CHECK(got && strcmp(got, t[i].want) == 0);
		if (got && strcmp(got, t[i].want) != 0)
			printf("  case %zu gave:\n%s", i, got);
		free(got);
	}
	/* what cannot be edited is said, not guessed */
	CHECK(edited("indicateurs:\n  - id: a\n", "b", 2022, "1") == NULL);
	CHECK(edited("indicateurs: [\n", "a", 2022, "1") == NULL);
	CHECK(edited(
	          "indicateurs:\n  - id: a\n    valeurs: [1]\n", "a", 2022, "1")
	    == NULL);
}

static void test_edit_scalars(void)
{
	char num[64];
	clsi_edit_number(12.5, num, sizeof(num));
	CHECK(strcmp(num, "12.5") == 0);
	clsi_edit_number(1234, num, sizeof(num));
	CHECK(strcmp(num, "1234") == 0);
	clsi_edit_number(-0.0, num, sizeof(num));
	CHECK(strcmp(num, "0") == 0);
	clsi_edit_number(0.1, num, sizeof(num));
	CHECK(strcmp(num, "0.1") == 0);
	clsi_edit_number(1e20, num, sizeof(num));
	CHECK(strtod(num, NULL) == 1e20);
	static const struct {
		const char *text, *yaml;
	} t[] = {
	    {"oui", "oui"},
	    {"Mise en place partielle", "Mise en place partielle"},
	    {"Oui: partiel", "\"Oui: partiel\""},
	    {"true", "\"true\""},
	    {"12", "\"12\""},
	    {"a # b", "\"a # b\""},
	    {"", "\"\""},
	    {"- non", "\"- non\""},
	    {"dit \"oui\"", "\"dit \\\"oui\\\"\""},
	    {"deux\nlignes", "\"deux\\nlignes\""},
	    {"null", "\"null\""},
	    {"été", "été"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cls_buf b;
		cls_buf_init(&b);
		clsi_edit_text(t[i].text, &b);
		CHECK(b.s && strcmp(b.s, t[i].yaml) == 0);
		if (b.s && strcmp(b.s, t[i].yaml) != 0)
			printf("  text \"%s\" gave %s\n", t[i].text, b.s);
		cls_buf_release(&b);
	}
}

/* cls_edit_values on a contract: statuses, refusals, and the read back */
static void test_edit_contract(void)
{
	char dir[] = "/tmp/cls-unit-edit.XXXXXX", sub[600];
	new_contract(dir, 2026, sub, sizeof(sub));
	const char *a = "# garde\nid: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
	                "calendrier: {debut: 2023, fin: 2025}\n"
	                "indicateurs:\n  - id: n\n    libelle: L\n"
	                "    type: processus\n    cible: 3\n"
	                "    valeurs:\n      2023: 3 # vu\n"
	                "  - id: q\n    libelle: Q\n    type: resultat\n";
	write_tmp(sub, "a.yaml", a);
	write_tmp(sub, "b.yaml",
	    "id: 2\ntitre: B\naxe: 1\nporteurs: [X]\npartenaire: [Y]\n"
	    "indicateurs:\n  - {id: n, libelle: L, type: processus}\n");
	cls_error err;
	cls_contract *c = cls_contract_load(dir, NULL, &err);
	CHECK(c != NULL);
	if (!c)
		return;
	cls_setval ok[] = {
	    {"1", "n", 2023, false, 3, NULL}, /* the same */
	    {"1", "n", 2024, false, 4.5, NULL}, /* new */
	    {"1", "q", 2024, true, 0, "en cours: 2 sur 3"},
	};
	cls_edit *e = cls_edit_values(c, ok, 3, &err);
	CHECK(e && cls_edit_refused(e) == 0);
	if (e) {
		const cls_set_result *r = cls_edit_results(e);
		size_t nf;
		const cls_file_text *f = cls_edit_files(e, &nf);
		CHECK(
		    r[0].status == CLS_SET_SAME && strcmp(r[0].old, "3") == 0);
		CHECK(r[1].status == CLS_SET_NEW && r[1].old == NULL);
		CHECK(r[2].status == CLS_SET_NEW);
		CHECK(nf == 1 && strcmp(f[0].file, "fiches/a.yaml") == 0);
		/* the old text, with exactly two lines added */
		const char *want
		    = "# garde\nid: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
		      "calendrier: {debut: 2023, fin: 2025}\n"
		      "indicateurs:\n  - id: n\n    libelle: L\n"
		      "    type: processus\n    cible: 3\n"
		      "    valeurs:\n      2023: 3 # vu\n      2024: 4.5\n"
		      "  - id: q\n    libelle: Q\n    type: resultat\n"
		      "    valeurs:\n      2024: \"en cours: 2 sur 3\"\n";
		CHECK(nf == 1 && strcmp(f[0].text, want) == 0
		    && f[0].len == strlen(want));
		/* written by the library, all or nothing, and nothing left */
		CHECK(cls_edit_write(e, &err) == 0);
		char *got = txn_slurp(dir, "fiches/a.yaml");
		CHECK(got && strcmp(got, want) == 0);
		free(got);
		CHECK(txn_leftovers(dir) == 0);
		/* the same edit again: the file is no longer the one read */
		CHECK(cls_edit_write(e, &err) == -1
		    && strstr(err.message, "changed while cls import ran"));
	}
	cls_edit_free(e);
	cls_setval bad[] = {
	    {"1", "n", 2024, true, 0, "beaucoup"}, /* numeric target */
	    {"1", "n", 2022, false, 1, NULL}, /* before the calendrier */
	    {"1", "n", 2027, false, 1, NULL}, /* outside the periode */
	    {"1", "x", 2024, false, 1, NULL}, /* no such indicateur */
	    {"9", "n", 2024, false, 1, NULL}, /* no such fiche */
	    {"2", "n", 2024, false, 1, NULL}, /* its file has an error */
	    {"1", "q", 2024, false, 1, NULL}, /* fine, but others are not */
	    {"1", "q", 2024, false, 2, NULL}, /* asked differently */
	};
	e = cls_edit_values(c, bad, 8, &err);
	CHECK(e && cls_edit_refused(e) == 7);
	if (e) {
		const cls_set_result *r = cls_edit_results(e);
		size_t nf;
		for (int i = 0; i < 6; i++)
			CHECK(r[i].status == CLS_SET_REFUSED && r[i].message);
		CHECK(r[6].status == CLS_SET_CHECKED);
		CHECK(r[7].status == CLS_SET_REFUSED);
		CHECK(strstr(r[0].message, "must be a number") != NULL);
		CHECK(strstr(r[1].message, "runs 2023-2025") != NULL);
		CHECK(strstr(r[2].message, "periode 2022-2026") != NULL);
		CHECK(strstr(r[5].message, "fiches/b.yaml has errors") != NULL);
		cls_edit_files(e, &nf);
		CHECK(nf == 0);
		CHECK(cls_edit_write(e, &err) == -1
		    && strstr(err.message, "7 changes were refused"));
	}
	cls_edit_free(e);
	cls_contract_free(c);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

void unit_edit(void)
{
	test_edit_layouts();
	test_edit_scalars();
	test_edit_contract();
}
