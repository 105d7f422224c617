/* SPDX-License-Identifier: MIT */
/*
 * writer.c - documents written over several contracts, one contract at a
 * time: the listing of cls indicators (text, CSV, JSON, sheets) and the
 * tables of cls export (CSV, sheets).  What starts the document (the CSV
 * header and BOM, the head of the JSON) is written with the first rows or
 * at the end, so that a run stopped before has written nothing; what ends
 * it (the JSON's list of contracts and count, the whole of a sheet, whose
 * zip is written at once) is written by cls_writer_end().  The cells of
 * the tables are cells.c's, through the sink of the CSV or the sheet.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static cls_writer *writer_new(cls_format fmt, unsigned flags,
    const cls_csv_dialect *d, FILE *out, cls_error *err)
{
	cls_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		clsi_seterr(err, _("out of memory"));
		return NULL;
	}
	w->fmt = fmt;
	w->flags = flags;
	w->f = out;
	w->d = d ? *d : cls_csv_dialect_preset(false);
	w->j.f = out;
	w->t.w.f = out;
	w->t.w.color = flags & CLS_RENDER_COLOR;
	w->t.folders = flags & CLS_RENDER_FOLDERS;
	return w;
}

cls_writer *cls_indicators_writer_new(const cls_indicators_options *opts,
    cls_format fmt, unsigned flags, const cls_csv_dialect *d, FILE *out,
    cls_error *err)
{
	if (fmt != CLS_FORMAT_TEXT && fmt != CLS_FORMAT_CSV
	    && fmt != CLS_FORMAT_JSON && fmt != CLS_FORMAT_ODS
	    && fmt != CLS_FORMAT_XLSX) {
		clsi_seterr(err,
		    _("the indicateurs cannot be listed as %s: use text, csv, "
		      "json, ods or xlsx"),
		    cls_format_name(fmt));
		return NULL;
	}
	cls_writer *w = writer_new(fmt, flags, d, out, err);
	if (w) {
		w->q = opts;
		w->t.q = opts;
	}
	return w;
}

cls_writer *cls_table_writer_new(const cls_table_options *opts, cls_format fmt,
    const cls_csv_dialect *d, FILE *out, cls_error *err)
{
	if (fmt != CLS_FORMAT_CSV && fmt != CLS_FORMAT_ODS
	    && fmt != CLS_FORMAT_XLSX) {
		clsi_seterr(err,
		    _("a table cannot be written as %s: use csv, ods or xlsx"),
		    cls_format_name(fmt));
		return NULL;
	}
	cls_writer *w = writer_new(fmt, 0, d, out, err);
	if (w) {
		w->table = true;
		w->tq = opts;
	}
	return w;
}

/* Whether w writes rows of cells: CSV, or a sheet. */
static bool is_table(const cls_writer *w)
{
	return w->fmt == CLS_FORMAT_CSV || w->fmt == CLS_FORMAT_ODS
	    || w->fmt == CLS_FORMAT_XLSX;
}

/* The head of the document, once. */
static void start(cls_writer *w)
{
	if (w->started)
		return;
	w->started = true;
	if (is_table(w)) {
		if (w->fmt == CLS_FORMAT_CSV) {
			clsi_csv_init(&w->csv, w->f, &w->d);
			w->sink = &w->csv.sink;
		} else {
			w->sheet = clsi_sheet_new(w->fmt,
			    w->table ? cls_table_name(w->tq->table)
			             : "indicateurs");
			if (!w->sheet) {
				w->oom = true;
				return;
			}
			w->sink = clsi_sheet_sink(w->sheet);
		}
		if (w->table)
			clsi_cells_table_head(w->sink, w->tq->table);
		else
			clsi_cells_indicateur_head(w->sink);
	} else if (w->fmt == CLS_FORMAT_JSON) {
		jw *j = &w->j;
		clsi_jw_open(j, '{');
		clsi_jw_num(j, "annee", w->q->year != 0, w->q->year);
		clsi_jw_bool(j, "manquants", w->q->missing);
		clsi_jw_key(j, "indicateurs");
		clsi_jw_open(j, '[');
	}
}

/* Whether an allocation failed: the output is then incomplete. */
static bool short_of_memory(const cls_writer *w)
{
	return w->oom || w->csv.oom || (w->sink && w->sink->oom);
}

static void part_drop(cls_writer *w);

static int fail(cls_writer *w, cls_error *err)
{
	part_drop(w);
	w->oom = true;
	clsi_seterr(err, _("out of memory"));
	return -1;
}

/* Keeps what the end of a JSON listing says of contract c. */
static int keep(cls_writer *w, const cls_contract *c, const char *dossier)
{
	const cls_plan *p = cls_contract_plan(c);
	clsi_seen *v = clsi_grow(w->seen, w->nseen, sizeof(*v));
	if (!v)
		return -1;
	w->seen = v;
	clsi_seen *s = &v[w->nseen++];
	memset(s, 0, sizeof(*s));
	s->nom = p->nom ? strdup(p->nom) : NULL;
	s->dossier = strdup(dossier);
	s->debut = p->debut;
	s->fin = p->fin;
	s->errors = cls_contract_count(c, CLS_ERROR);
	for (size_t i = 0; i < p->fiche_count; i++)
		s->indicateurs += p->fiches[i].indicateur_count;
	return (p->nom && !s->nom) || !s->dossier ? -1 : 0;
}

static void json_row(jw *j, const char *nom, const cls_indicator_row *w)
{
	const cls_indicateur *ind = w->ind;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "contrat", nom);
	clsi_jw_str(j, "axe", w->fiche->axe);
	clsi_jw_str(j, "objectif", w->fiche->objectif);
	clsi_jw_str(j, "fiche", w->fiche->id);
	clsi_jw_str(j, "titre", w->fiche->titre);
	clsi_jw_strlist(j, "porteurs", &w->fiche->porteurs);
	clsi_jw_str(j, "indicateur", ind->id);
	clsi_jw_str(j, "libelle", ind->libelle);
	clsi_jw_str(j, "type", cls_ind_type_key(ind->type));
	clsi_jw_str(j, "unite", ind->unite);
	clsi_jw_str(j, "sens", cls_sens_key(ind->sens));
	clsi_jw_str(j, "source", ind->source);
	clsi_jw_count(j, "annee", (size_t)w->year);
	clsi_jw_taux(j, &w->t);
	clsi_jw_num(j, "base_annee", ind->has_base, ind->base_annee);
	if (ind->has_base && ind->base_valeur.is_text)
		clsi_jw_str(j, "base_valeur", ind->base_valeur.text);
	else
		clsi_jw_num(
		    j, "base_valeur", ind->has_base, ind->base_valeur.number);
	clsi_jw_num(
	    j, "cible_totale", ind->has_cible_totale, ind->cible_totale);
	clsi_jw_referents(j, w->fiche);
	clsi_jw_close(j, '}');
}

/* ------------------------------------------------------------- parts */

/* A part: this head, then the bytes the contract added to the document
 * after its head (and, in text, after the blank line that parts it from
 * the previous contract). */
#define PART_MAGIC "CLSP"
#define PART_HEAD 16 /* magic, format, table, listed, 0, rows (8 bytes) */

bool cls_writer_sections(cls_writer *w)
{
	w->sections = w->fmt == CLS_FORMAT_TEXT || w->fmt == CLS_FORMAT_CSV;
	return w->sections;
}

const void *cls_writer_section(const cls_writer *w, size_t *len)
{
	*len = w->part ? w->partlen : 0;
	return w->part;
}

static void part_drop(cls_writer *w)
{
	free(w->part);
	w->part = NULL;
	w->partlen = 0;
}

/* The stream the contract's rows go to: a new part, or w->f. */
static FILE *part_begin(cls_writer *w)
{
	part_drop(w);
	if (!w->sections)
		return w->f;
	FILE *f = open_memstream(&w->part, &w->partlen);
	if (!f
	    || fwrite("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 1, PART_HEAD, f)
	        != PART_HEAD) {
		if (f)
			fclose(f);
		part_drop(w);
		w->oom = true;
		return w->f;
	}
	w->t.w.f = w->csv.f = f;
	return f;
}

/* Ends the part begun on f, copies it to the document and gives it its
 * head. */
static void part_end(cls_writer *w, FILE *f, bool listed, size_t rows)
{
	if (f == w->f)
		return;
	w->t.w.f = w->csv.f = w->f;
	if (ferror(f) | fclose(f) || !w->part) {
		part_drop(w);
		w->oom = true;
		return;
	}
	fwrite(w->part + PART_HEAD, 1, w->partlen - PART_HEAD, w->f);
	uint64_t n = rows;
	memcpy(w->part, PART_MAGIC, 4);
	w->part[4] = (char)w->fmt;
	w->part[5] = (char)w->table;
	w->part[6] = (char)listed;
	memcpy(w->part + 8, &n, 8);
}

/* The blank line before the listing of a contract, after the first. */
static void text_gap(cls_writer *w)
{
	if (w->nblocks++)
		fputc('\n', w->f);
}

int cls_writer_again(
    cls_writer *w, const void *part, size_t len, cls_error *err)
{
	const char *p = part;
	uint64_t n;
	part_drop(w);
	if (len < PART_HEAD || memcmp(p, PART_MAGIC, 4) != 0
	    || p[4] != (char)w->fmt || p[5] != (char)w->table
	    || (p[6] != 0 && p[6] != 1)) {
		clsi_seterr(err, _("this part is not one of such a document"));
		return -1;
	}
	memcpy(&n, p + 8, 8);
	if (!p[6])
		return 0;
	start(w);
	if (w->fmt == CLS_FORMAT_TEXT)
		text_gap(w);
	fwrite(p + PART_HEAD, 1, len - PART_HEAD, w->f);
	w->nrows += (size_t)n;
	return short_of_memory(w) ? fail(w, err) : 0;
}

/* ---------------------------------------------------------- contracts */

int cls_writer_indicators(cls_writer *w, const cls_contract *c,
    const char *dossier, const cls_indicator_rows *rows, cls_error *err)
{
	if (w->table) {
		clsi_seterr(
		    err, _("this writer writes a table, not a listing"));
		return -1;
	}
	if (w->fmt == CLS_FORMAT_JSON && keep(w, c, dossier))
		return fail(w, err);
	if (!rows->listed) {
		part_end(w, part_begin(w), false, 0);
		return short_of_memory(w) ? fail(w, err) : 0;
	}
	start(w);
	if (w->fmt == CLS_FORMAT_TEXT)
		text_gap(w);
	FILE *f = part_begin(w);
	const char *nom = cls_contract_plan(c)->nom;
	int rc = 0;
	if (is_table(w)) {
		for (size_t i = 0; w->sink && i < rows->n; i++)
			clsi_cells_indicateur_row(w->sink, nom, &rows->rows[i]);
	} else if (w->fmt == CLS_FORMAT_JSON) {
		for (size_t i = 0; i < rows->n; i++)
			json_row(&w->j, nom, &rows->rows[i]);
	} else {
		rc = clsi_indicators_text(w, c, dossier, rows);
	}
	part_end(w, f, true, rows->n);
	w->nrows += rows->n;
	return rc || short_of_memory(w) ? fail(w, err) : 0;
}

int cls_writer_table(cls_writer *w, const cls_contract *c,
    const cls_table_rows *rows, cls_error *err)
{
	if (!w->table) {
		clsi_seterr(
		    err, _("this writer writes a listing, not a table"));
		return -1;
	}
	if (!rows->n) {
		part_end(w, part_begin(w), false, 0);
		return short_of_memory(w) ? fail(w, err) : 0;
	}
	start(w);
	FILE *f = part_begin(w);
	if (w->sink)
		clsi_cells_table_rows(
		    w->sink, w->tq->table, cls_contract_plan(c), rows);
	part_end(w, f, true, rows->n);
	w->nrows += rows->n;
	return short_of_memory(w) ? fail(w, err) : 0;
}

int cls_writer_end(cls_writer *w, cls_error *err)
{
	start(w);
	if (w->fmt == CLS_FORMAT_JSON) {
		jw *j = &w->j;
		clsi_jw_close(j, ']');
		clsi_jw_key(j, "contrats");
		clsi_jw_open(j, '[');
		for (size_t i = 0; i < w->nseen; i++) {
			const clsi_seen *k = &w->seen[i];
			clsi_jw_sep(j);
			clsi_jw_open(j, '{');
			clsi_jw_str(j, "contrat", k->nom);
			clsi_jw_str(
			    j, "dossier", *k->dossier ? k->dossier : "./");
			clsi_jw_num(j, "debut", k->debut != 0, k->debut);
			clsi_jw_num(j, "fin", k->fin != 0, k->fin);
			clsi_jw_count(j, "erreurs", k->errors);
			clsi_jw_count(j, "indicateurs", k->indicateurs);
			clsi_jw_close(j, '}');
		}
		clsi_jw_close(j, ']');
		clsi_jw_count(j, "nombre", w->nrows);
		clsi_jw_close(j, '}');
		fputc('\n', w->f);
	}
	clsi_text *t = &w->t;
	bool oom = short_of_memory(w) || t->w.oom || t->a.oom || t->b.oom
	    || t->c.oom || t->d.oom;
	if (w->fmt == CLS_FORMAT_CSV && clsi_csv_release(&w->csv))
		oom = true;
	if (oom)
		return fail(w, err);
	/* a sheet is written whole, now */
	if (w->sheet && clsi_sheet_write(w->sheet, w->f, err)) {
		w->oom = true; /* the output is to be discarded */
		return -1;
	}
	return 0;
}

void cls_writer_free(cls_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nseen; i++) {
		free(w->seen[i].nom);
		free(w->seen[i].dossier);
	}
	free(w->seen);
	free(w->part);
	clsi_csv_release(&w->csv);
	clsi_sheet_free(w->sheet);
	cls_buf_release(&w->t.a);
	cls_buf_release(&w->t.b);
	cls_buf_release(&w->t.c);
	cls_buf_release(&w->t.d);
	free(w);
}
