/* SPDX-License-Identifier: MIT */
/*
 * csv.c - unit tests of the CSV writer and of the writers of listings and
 * tables (lib/render/csv.c, writer.c): which texts are neutralised, the
 * dialects, and documents written over several contracts to a memory
 * stream.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_neutralised(void)
{
	static const char *const yes[] = {"=1+1", "+1", "-2+3", "@SUM(A1)",
	    "\tx", "\rx", "\nx", " =1", "   -x", " \t+1", "\t=1", "  @x",
	    "\xEF\xBC\x9D"
	    "1", /* U+FF1D ＝ */
	    "\xEF\xBC\x8B"
	    "1", /* U+FF0B ＋ */
	    "\xEF\xBC\x8D"
	    "1", /* U+FF0D － */
	    "\xEF\xBC\xA0"
	    "x", /* U+FF20 ＠ */
	    "  \xEF\xBC\x9D"
	    "1",
	    "-"};
	static const char *const no[]
	    = {"", " ", "  \t", "a=1", " a", "1", "1-2", "'=1",
	        "\xEF\xBC\x8A"
	        "x", /* U+FF0A ＊ */
	        "\xEF\xBC", "\xC2\xA0=1", /* a no-break space is text */
	        "\xE3\x80\x80=1"}; /* so is U+3000 */
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		CHECK(cls_csv_neutralised(yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		CHECK(!cls_csv_neutralised(no[i]));
	cls_csv_dialect d = cls_csv_dialect_preset(false);
	CHECK(d.sep == ',' && d.decimal == '.' && !d.crlf && !d.bom);
	d = cls_csv_dialect_preset(true);
	CHECK(d.sep == ';' && d.decimal == ',' && d.crlf && d.bom);
}

static const char cls_yaml[]
    = "version: 1\nnom: \"=CLS\"\nterritoire: \"T\"\n"
      "periode: {debut: 2022, fin: 2024}\nsignataires: [\"ARS\"]\n"
      "axes:\n  - {id: \"1\", titre: \"A\"}\n";

static const char fiche[]
    = "id: \"1\"\ntitre: \"  =HYPERLINK(1)\"\naxe: \"1\"\n"
      "porteurs: [\"\xEF\xBC\xA0porteur\", \"B\"]\n"
      "financements:\n"
      "  - {financeur: \"+ARS\", montant: 1234.5, annee: 2023, "
      "note: \"a \\\"b\\\", c\"}\n"
      "indicateurs:\n"
      "  - {id: s, libelle: \"-solde\", type: resultat, "
      "cible: {min: -5, max: 2.5}, valeurs: {2023: -12.5}}\n";

static cls_contract *load(void)
{
	const char *const files[] = {"cls.yaml", "fiches/a.yaml"};
	const unsigned char *bufs[]
	    = {(const unsigned char *)cls_yaml, (const unsigned char *)fiche};
	size_t lens[] = {strlen(cls_yaml), strlen(fiche)};
	cls_error err;
	cls_contract *c = clsi_contract_load_memory(files, bufs, lens, 2, &err);
	CHECK(c && cls_contract_count(c, CLS_ERROR) == 0);
	return c;
}

/* A stream in memory: open, then what was written after fflush. */
typedef struct mem {
	char *s;
	size_t n;
	FILE *f;
} mem;

static void mem_open(mem *m)
{
	m->s = NULL;
	m->n = 0;
	m->f = open_memstream(&m->s, &m->n);
	CHECK(m->f != NULL);
}

static const char *mem_text(mem *m)
{
	fflush(m->f);
	return m->s ? m->s : "";
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void mem_close(mem *m)
{
	fclose(m->f);
	free(m->s);
}

static void test_table_writer(const cls_contract *c)
{
	cls_table_options o = {.table = CLS_TABLE_FINANCEMENTS};
	cls_table_rows rows = {0};
	cls_error err;
	mem m;

	/* the default dialect; nothing before the first rows */
	mem_open(&m);
	cls_writer *w
	    = cls_table_writer_new(&o, CLS_FORMAT_CSV, NULL, m.f, &err);
	CHECK(w != NULL && strcmp(mem_text(&m), "") == 0);
	CHECK(cls_table_query(c, &o, NULL, &rows, &err) == 0 && rows.n == 1);
	CHECK(cls_writer_table(w, c, &rows, &err) == 0);
	CHECK(cls_writer_table(w, c, &rows, &err) == 0); /* a second one */
	CHECK(cls_writer_end(w, &err) == 0);
	static const char want[]
	    = "\"contrat\",\"axe\",\"objectif\",\"fiche\",\"titre\","
	      "\"financeur\",\"annee\",\"montant\",\"statut\",\"note\","
	      "\"financeur_sigle\",\"financeur_ecrit\"\n"
	      "\"'=CLS\",\"1\",,\"1\",\"'  =HYPERLINK(1)\",\"'+ARS\",2023,"
	      "1234.5,\"prevu\",\"a \"\"b\"\", c\",,\"'+ARS\"\n";
	const char *got = mem_text(&m);
	CHECK(starts(got, want));
	CHECK(strcmp(got + strlen(want), want + strcspn(want, "\n") + 1) == 0);
	/* a listing is not a table */
	cls_indicator_rows irows = {0};
	CHECK(cls_writer_indicators(w, c, "", &irows, &err) == -1);
	cls_writer_free(w);
	mem_close(&m);

	/* French Excel: BOM, ';', decimal comma, CRLF; negative numbers stay
	 * numbers, a text starting with '-' does not */
	o.table = CLS_TABLE_INDICATEURS;
	o.year = 2023;
	cls_csv_dialect d = cls_csv_dialect_preset(true);
	mem_open(&m);
	w = cls_table_writer_new(&o, CLS_FORMAT_CSV, &d, m.f, &err);
	CHECK(cls_table_query(c, &o, NULL, &rows, &err) == 0 && rows.n == 1);
	CHECK(cls_writer_table(w, c, &rows, &err) == 0);
	CHECK(cls_writer_end(w, &err) == 0);
	got = mem_text(&m);
	CHECK(starts(got, "\xEF\xBB\xBF\"contrat\";\"axe\";"));
	CHECK(strstr(got,
	          "\"taux\";\"base_annee\";\"base_valeur\";\"cible_totale\";"
	          "\"referents\"\r\n\"'=CLS\";")
	    != NULL);
	CHECK(strstr(got,
	          ";\"'\xEF\xBC\xA0porteur ; B\";\"s\";\"'-solde\";"
	          "\"resultat\";;\"hausse\";;2023;;-5;2,5;-12,5;"
	          "\"non\";;;;;\r\n")
	    != NULL);
	cls_writer_free(w);
	mem_close(&m);

	/* no rows: the header alone, at the end */
	o.year = 2024;
	o.financeur = "CAF";
	mem_open(&m);
	w = cls_table_writer_new(&o, CLS_FORMAT_CSV, NULL, m.f, &err);
	CHECK(cls_table_query(c, &o, NULL, &rows, &err) == 0 && rows.n == 0);
	CHECK(cls_writer_table(w, c, &rows, &err) == 0);
	CHECK(strcmp(mem_text(&m), "") == 0);
	CHECK(cls_writer_end(w, &err) == 0);
	got = mem_text(&m);
	CHECK(starts(got, "\"contrat\",")
	    && strchr(got, '\n') == got + strlen(got) - 1);
	cls_writer_free(w);
	mem_close(&m);
	cls_table_rows_release(&rows);
	cls_writer_free(NULL);
}

static void test_indicators_writer(const cls_contract *c)
{
	cls_indicators_options o = {.year = 2023};
	cls_indicator_rows rows = {0};
	cls_error err;
	mem m;

	CHECK(cls_indicators_writer_new(
	          &o, CLS_FORMAT_MARKDOWN, 0, NULL, stdout, &err)
	        == NULL
	    && strstr(err.message, "markdown"));

	/* JSON: every contract given is named at the end, listed or not */
	mem_open(&m);
	cls_writer *w = cls_indicators_writer_new(
	    &o, CLS_FORMAT_JSON, 0, NULL, m.f, &err);
	CHECK(cls_indicators_query(c, &o, NULL, &rows, &err) == 0);
	CHECK(rows.listed && rows.n == 1);
	CHECK(cls_writer_indicators(w, c, "", &rows, &err) == 0);
	o.fiche = "9";
	CHECK(cls_indicators_query(c, &o, NULL, &rows, &err) == 0);
	CHECK(!rows.listed);
	CHECK(cls_writer_indicators(w, c, "b/", &rows, &err) == 0);
	CHECK(cls_writer_end(w, &err) == 0);
	const char *got = mem_text(&m);
	CHECK(starts(got, "{\n  \"annee\": 2023,\n  \"manquants\": false,\n"));
	CHECK(strstr(got, "\"valeur\": -12.5,") != NULL);
	CHECK(strstr(got, "\"dossier\": \"./\"")
	    && strstr(got, "\"dossier\": \"b/\""));
	CHECK(strstr(got, "\"nombre\": 1\n}\n") != NULL);
	cls_table_rows trows = {0};
	CHECK(cls_writer_table(w, c, &trows, &err) == -1);
	cls_writer_free(w);
	mem_close(&m);

	/* text: one block a contract, a blank line between them */
	o.fiche = NULL;
	mem_open(&m);
	w = cls_indicators_writer_new(
	    &o, CLS_FORMAT_TEXT, CLS_RENDER_FOLDERS, NULL, m.f, &err);
	CHECK(cls_indicators_query(c, &o, NULL, &rows, &err) == 0);
	CHECK(cls_writer_indicators(w, c, "a/", &rows, &err) == 0);
	CHECK(cls_writer_indicators(w, c, "", &rows, &err) == 0);
	CHECK(cls_writer_end(w, &err) == 0);
	got = mem_text(&m);
	CHECK(starts(got, "Indicateurs 2023\n=CLS\n"));
	const char *second = strstr(got + 1, "\n\nIndicateurs 2023\n");
	CHECK(second && strstr(got, "Dossier         a/\n") < second
	    && strstr(second, "Dossier         ./\n"));
	CHECK(strstr(got, "-12,5") != NULL);
	cls_writer_free(w);
	mem_close(&m);
	cls_indicator_rows_release(&rows);
}

void unit_csv(void)
{
	test_neutralised();
	cls_contract *c = load();
	if (!c)
		return;
	test_table_writer(c);
	test_indicators_writer(c);
	cls_contract_free(c);
}
