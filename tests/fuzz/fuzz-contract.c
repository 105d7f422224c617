/* SPDX-License-Identifier: MIT */
/*
 * fuzz-contract.c - libFuzzer harness for the reader and the checker: the
 * input is read as a fiche beside a valid cls.yaml, then as cls.yaml beside
 * a valid fiche, and, when it holds form feeds ('\f'), as a whole contract
 * (cls.yaml, then one fiche per part).  Every contract that loads is then
 * queried like the reports do, and its review written in the four formats
 * for one year of its periode (chosen by the input's size), with its
 * listing of indicateurs and its four tables for that year and for every
 * year: hostile data must give diagnostics, never a crash, a leak or
 * undefined behaviour.  Under libFuzzer, each input is written in one
 * format of each, and the zipped ones for one input in eight, as its last
 * byte says (see full below).
 *
 * It reaches the reports, listings and tables through the public API, as
 * any program would.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/contract/.
 */
#include "../../lib/model/model.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char cls_yaml[] = "version: 1\n"
                               "nom: \"Contrat local de santé\"\n"
                               "territoire: \"Pays\"\n"
                               "periode: {debut: 2022, fin: 2024}\n"
                               "axes:\n"
                               "  - id: \"1\"\n"
                               "    titre: \"Accès aux soins\"\n"
                               "    objectifs:\n"
                               "      - {id: \"1.1\", titre: \"Coordonner\"}\n"
                               "  - {id: \"2\", titre: \"Prévention\"}\n";

static const char fiche_yaml[]
    = "id: \"1.1\"\n"
      "titre: \"Coordination\"\n"
      "axe: \"1\"\n"
      "objectif: \"1.1\"\n"
      "porteurs: [\"CC\"]\n"
      "calendrier: {debut: 2022, fin: 2024}\n"
      "financements:\n"
      "  - {financeur: \"ARS\", montant: 18000, annee: 2023, statut: "
      "acquis}\n"
      "  - {financeur: \"CAF\", statut: prevu}\n"
      "indicateurs:\n"
      "  - id: reunions\n"
      "    libelle: \"Réunions\"\n"
      "    type: processus\n"
      "    cible: {2023: 4, 2024: {min: 2, max: 6}}\n"
      "    cible_totale: 10\n"
      "    valeurs: {2023: 5, 2024: 1}\n"
      "suivi:\n"
      "  2023: {statut: en_cours, avancement: 50, depenses: 1200}\n";

static FILE *sink;

/* What this input pays for.  Replayed (replay.c sets CLS_FUZZ_FULL),
 * every input is rendered in every format.  Under libFuzzer, the input's
 * last byte chooses, so that libFuzzer still reaches each: the zipped
 * sheets and office documents (nine tenths of the time when every input
 * wrote them: each zip costs a deflate state) for one input in eight
 * (heavy), and then one sheet of one table and one document; and one
 * format of the listings and the reports (each of the four writers walks
 * the same model) for each input (fmt). */
static bool full, heavy;
static int fmt;

/* The listing of cls indicators and the tables of cls export, in every
 * format, for year y (0: every year) and with --missing. */
static void listings(const cls_contract *c, int y)
{
	cls_error err;
	cls_indicator_rows ir = {0};
	cls_table_rows tr = {0};
	cls_year_cover yc = {.year = y};
	cls_csv_dialect d = cls_csv_dialect_preset(y & 1);
	for (int m = 0; m < (y ? 2 : 1); m++) {
		cls_indicators_options o = {.year = y, .missing = m};
		for (int f = CLS_FORMAT_TEXT; f <= CLS_FORMAT_CSV; f++) {
			if (!full && f != fmt % (CLS_FORMAT_CSV + 1))
				continue;
			cls_writer *w = cls_indicators_writer_new(&o,
			    (cls_format)f, CLS_RENDER_FOLDERS, &d, sink, &err);
			if (!w)
				continue;
			if (!cls_indicators_query(c, &o, &yc, &ir, &err))
				cls_writer_indicators(w, c, "a/", &ir, &err);
			cls_writer_end(w, &err);
			cls_writer_free(w);
		}
	}
	/* every table as CSV; over every year, as sheets too */
	static const cls_format table_fmt[]
	    = {CLS_FORMAT_CSV, CLS_FORMAT_ODS, CLS_FORMAT_XLSX};
	for (int t = CLS_TABLE_FICHES; t <= CLS_TABLE_SUIVI; t++)
		for (size_t f = 0; f < (y || !heavy ? 1 : 3); f++) {
			/* one zipped table an input, but when replayed */
			if (f && !full
			    && (t != fmt % 4 || (f == 1) != (fmt / 4 % 2)))
				continue;
			cls_table_options o
			    = {.table = (cls_table)t, .year = y};
			cls_writer *w = cls_table_writer_new(
			    &o, table_fmt[f], &d, sink, &err);
			if (w && !cls_table_query(c, &o, &yc, &tr, &err))
				cls_writer_table(w, c, &tr, &err);
			if (w)
				cls_writer_end(w, &err);
			cls_writer_free(w);
		}
	cls_indicator_rows_release(&ir);
	cls_table_rows_release(&tr);
}

/* What the reports ask of the model, and the reports themselves. */
static void exercise(const cls_contract *c, size_t size)
{
	const cls_plan *p = cls_contract_plan(c);
	size_t nd, nf;
	const cls_diag *d = cls_contract_diags(c, &nd);
	for (size_t i = 0; i < nd; i++)
		if (!d[i].loc.file || !d[i].rule || !d[i].message
		    || !cls_rule_find(d[i].rule))
			abort(); /* every diagnostic names a known rule */
	cls_contract_files(c, &nf);
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		for (int y = f->first_year;
		     y && y <= f->last_year && y < f->first_year + 8; y++) {
			cls_fiche_suivi(f, y);
			for (size_t j = 0; j < f->indicateur_count; j++) {
				const cls_indicateur *ind = &f->indicateurs[j];
				cls_target t;
				const cls_value *v
				    = cls_indicateur_valeur(ind, y);
				if (cls_indicateur_cible(f, ind, y, &t) && v
				    && !v->is_text)
					cls_target_reached(
					    &t, ind->sens, v->number);
			}
		}
	}
	listings(c, 0);
	if (!p->debut || !p->fin || p->debut > p->fin)
		return;
	int y = p->debut + (int)(size % (size_t)(p->fin - p->debut + 1));
	listings(c, y);
	cls_report_options o = {.from = y, .to = y};
	cls_error err;
	cls_report *r = cls_report_build(&c, 1, &o, &err);
	for (int f = CLS_FORMAT_TEXT; r && f <= CLS_FORMAT_JSON; f++)
		if (full || f == fmt % (CLS_FORMAT_JSON + 1))
			cls_report_render(r, (cls_format)f,
			    y & 1 ? CLS_RENDER_COLOR : 0, sink, &err);
	/* the office documents, one of the two each time (a zip costs) */
	if (r && heavy)
		cls_report_render(r,
		    size & 1 ? CLS_FORMAT_DOCX : CLS_FORMAT_ODT, 0, sink, &err);
	cls_report_free(r);
}

static void load(const char *const *files, const unsigned char *const *bufs,
    const size_t *lens, size_t n, size_t size)
{
	cls_error err;
	cls_contract *c = clsi_contract_load_memory(files, bufs, lens, n, &err);
	if (c)
		exercise(c, size);
	cls_contract_free(c);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static bool init;
	if (!init) {
		/* one thread: a helper per input costs more than it parses,
		 * and a fixed zone spares a stat of /etc/localtime a call */
		setenv("CLS_THREADS", "1", 1);
		setenv("TZ", "UTC0", 0);
		const char *e = getenv("CLS_FUZZ_FULL");
		full = e && *e == '1';
		init = true;
	}
	unsigned sel = size ? data[size - 1] : 0;
	heavy = full || sel % 8 == 0;
	fmt = (int)(sel / 8);
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	/* Copied, so that reading one byte too far is caught. */
	unsigned char *in = malloc(size ? size : 1);
	if (!in)
		return 0;
	memcpy(in, data, size);

	static const char *const names[] = {"cls.yaml", "fiches/a.yaml",
	    "fiches/b.yaml", "fiches/c.yaml", "fiches/d.yaml", "fiches/e.yaml",
	    "fiches/f.yaml", "fiches/g.yaml"};
	const unsigned char *bufs[8];
	size_t lens[8];

	bufs[0] = (const unsigned char *)cls_yaml;
	lens[0] = sizeof(cls_yaml) - 1;
	bufs[1] = in;
	lens[1] = size;
	load(names, bufs, lens, 2, size);

	bufs[0] = in;
	lens[0] = size;
	bufs[1] = (const unsigned char *)fiche_yaml;
	lens[1] = sizeof(fiche_yaml) - 1;
	load(names, bufs, lens, 2, size);

	if (memchr(in, '\f', size)) {
		size_t n = 0, start = 0;
		for (size_t i = 0; i <= size && n < 8; i++)
			if (i == size || in[i] == '\f') {
				bufs[n] = in + start;
				lens[n++] = i - start;
				start = i + 1;
			}
		load(names, bufs, lens, n, size);
	}
	free(in);
	return 0;
}
