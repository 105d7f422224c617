/*
 * indicators.c - "cls indicators": every indicateur of one or more
 * contracts, with its cible and valeur per year and its rate of
 * achievement, filtered by fiche, axe, type or theme; with --missing
 * --year Y, only those that still lack a value for Y: the list the
 * coordinator sends out to the porteurs, grouped by porteur.  Written as
 * text for the terminal (French, 80 columns), CSV (long format, one row per
 * indicateur and year, through csv.h: the file cls import reads back) or
 * JSON.  The rules are in cls-indicators(1).
 */
/* until its writers move into libcls beside the report's */
#include "../lib/render/render.h"
#undef _
#undef N_

#include "csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum format { F_TEXT, F_CSV, F_JSON };

/* What was asked. */
typedef struct query {
	int year; /* 0: every year */
	const char *fiche, *axe, *theme; /* NULL: any */
	int type; /* -1: any, else a cls_ind_type */
	bool missing;
	bool several; /* more than one contract */
} query;

/* One contract read. */
typedef struct ctr {
	cls_contract *c;
	const cls_plan *p;
	char *prefix; /* how its paths are shown: "" or "examples/x/" */
	size_t errors;
} ctr;

/* One row of the listing: an indicateur in a year. */
typedef struct row {
	const ctr *k;
	const cls_fiche *f;
	const cls_indicateur *ind;
	int year;
	cls_taux t;
} row;

typedef struct rows {
	row *v;
	size_t n, cap;
} rows;

/* --------------------------------------------------------- the filters */

static bool fiche_wanted(const cls_fiche *f, const query *q)
{
	if (q->fiche && (!f->id || strcmp(f->id, q->fiche) != 0))
		return false;
	if (q->axe && (!f->axe || strcmp(f->axe, q->axe) != 0))
		return false;
	if (q->theme) {
		size_t i = 0;
		while (i < f->themes.count
		    && cls_name_cmp(f->themes.items[i], q->theme) != 0)
			i++;
		if (i == f->themes.count)
			return false;
	}
	return true;
}

static int push_row(
    rows *r, const ctr *k, const cls_fiche *f, const cls_indicateur *ind, int y)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		row *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	row *w = &r->v[r->n++];
	w->k = k;
	w->f = f;
	w->ind = ind;
	w->year = y;
	cls_indicateur_taux(f, ind, y, &w->t);
	return 0;
}

/* The rows of one contract, in plan order: fiches by id, their
 * indicateurs as written, years in order. */
static int collect(rows *r, const ctr *k, const query *q)
{
	const cls_plan *p = k->p;
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		if (!fiche_wanted(f, q))
			continue;
		for (size_t j = 0; j < f->indicateur_count; j++) {
			const cls_indicateur *ind = &f->indicateurs[j];
			if (q->type >= 0 && (int)ind->type != q->type)
				continue;
			if (q->missing) {
				if (cls_indicateur_lacks(f, ind, q->year)
				    && push_row(r, k, f, ind, q->year))
					return -1;
				continue;
			}
			int lo, hi;
			cls_indicateur_years(p, f, ind, &lo, &hi);
			if (q->year)
				lo = hi = q->year;
			for (int y = lo; y && y <= hi; y++)
				if (cls_indicateur_has_year(p, f, ind, y)
				    && push_row(r, k, f, ind, y))
					return -1;
		}
	}
	return 0;
}

/* -------------------------------------------------------------- labels */

static const char *type_label(cls_ind_type t)
{
	return t == CLS_RESULTAT ? "résultat" : "processus";
}

static cls_report_ind rep_of(const row *w)
{
	cls_report_ind ri = {.ind = w->ind,
	    .t = w->t,
	    .numeric = w->t.valeur && !w->t.valeur->is_text};
	return ri;
}

static void join(cls_buf *b, const cls_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			cls_buf_add(b, sep);
		cls_buf_add(b, l->items[i]);
	}
}

/* ---------------------------------------------------------------- text */

typedef struct tout {
	txw w;
	const query *q;
	cls_buf a, b, c, d;
} tout;

/* The contract's title block: what is listed, its name, its periode, the
 * count ("what  count") and a warning when the contract has errors. */
static void text_title(
    tout *t, const ctr *k, const char *what, const char *count)
{
	const cls_plan *p = k->p;
	const query *q = t->q;
	cls_buf *b = &t->a;
	cls_buf_reset(b);
	if (q->missing)
		cls_buf_printf(b, "Indicateurs à renseigner pour %d", q->year);
	else if (q->year)
		cls_buf_printf(b, "Indicateurs %d", q->year);
	else
		cls_buf_add(b, "Indicateurs");
	clsi_tx_heading(&t->w, 0, cls_buf_str(b));
	clsi_tx_para_c(&t->w, TX_BOLD, "", 0, 0,
	    p->nom ? p->nom : "Contrat Local de Santé");
	clsi_tx_rule(&t->w, '=', NULL);
	if (p->territoire)
		clsi_tx_kv(&t->w, 0, 16, "Territoire", p->territoire, NULL);
	cls_buf_reset(b);
	if (p->debut && p->fin)
		cls_buf_printf(b, "%d-%d", p->debut, p->fin);
	else
		cls_buf_add(b, "inconnue");
	clsi_tx_kv(&t->w, 0, 16, "Période", cls_buf_str(b), NULL);
	if (q->several)
		clsi_tx_kv(&t->w, 0, 16, "Dossier",
		    *k->prefix ? k->prefix : "./", NULL);
	if (q->missing) {
		/* whom the porteurs send their figures to */
		const char *parts[] = {p->coord_nom, p->coord_structure,
		    p->coord_courriel, p->coord_telephone};
		cls_buf_reset(b);
		for (size_t i = 0; i < 4; i++)
			if (parts[i] && *parts[i]) {
				if (b->len)
					cls_buf_add(b, ", ");
				cls_buf_add(b, parts[i]);
			}
		if (b->len)
			clsi_tx_kv(
			    &t->w, 0, 16, "Coordination", cls_buf_str(b), NULL);
	}
	clsi_tx_kv(&t->w, 0, 16, what, count, NULL);
	if (k->errors) {
		cls_buf_reset(b);
		cls_buf_printf(b,
		    "ATTENTION : ce contrat a %zu erreur%s de validation : "
		    "cette liste peut être fausse ou incomplète. Corrigez "
		    "les erreurs que signale cls validate.",
		    k->errors, k->errors > 1 ? "s" : "");
		fputc('\n', t->w.f);
		clsi_tx_para_c(
		    &t->w, "\033[1;31m", "!! ", 3, 3, cls_buf_str(b));
	}
}

/* "id · libellé (processus, à la baisse)". */
static void ind_label(cls_buf *b, const cls_indicateur *ind)
{
	cls_buf_printf(b, "%s · %s (%s", ind->id,
	    ind->libelle ? ind->libelle : "", type_label(ind->type));
	if (ind->sens == CLS_BAISSE)
		cls_buf_add(b, ", à la baisse");
	cls_buf_add(b, ")");
}

/* The cells of a row: cible, valeur, réalisation ("—" when none). */
static void row_cells(tout *t, const row *w)
{
	cls_report_ind ri = rep_of(w);
	cls_buf_reset(&t->b);
	cls_buf_reset(&t->c);
	cls_buf_reset(&t->d);
	if (w->t.has_cible)
		clsi_fmt_cible(&t->b, &w->t.cible, &clsi_seps_plain);
	else
		cls_buf_add(&t->b, "—");
	if (w->t.valeur)
		clsi_fmt_valeur(&t->c, &ri, &clsi_seps_plain);
	else
		cls_buf_add(&t->c, "—");
	clsi_fmt_result(&t->d, &ri, &clsi_seps_plain);
	if (!t->d.len)
		cls_buf_add(&t->d, "—");
}

/* A fiche, then for one year a table of its indicateurs; for every year,
 * each indicateur's label and a table of its years. */
static void text_fiche(tout *t, const row *v, size_t n)
{
	const cls_fiche *f = v[0].f;
	cls_buf *lab = &t->a;
	fputc('\n', t->w.f);
	cls_buf_reset(lab);
	cls_buf_printf(lab, "Fiche %s — ", f->id ? f->id : "?");
	size_t pw = clsi_u8_width(cls_buf_str(lab));
	clsi_tx_para_c(&t->w, TX_BOLD, cls_buf_str(lab), pw, pw,
	    f->titre ? f->titre : "(sans titre)");
	cls_buf_reset(lab);
	join(lab, &f->porteurs, ", ");
	clsi_tx_kv(&t->w, 2, 12, f->porteurs.count > 1 ? "Porteurs" : "Porteur",
	    f->porteurs.count ? cls_buf_str(lab) : "—", NULL);
	if (t->q->year) {
		const tcol cols[]
		    = {{"Indicateur", false, true}, {"Cible", false, false},
		        {"Valeur", false, true}, {"Réalisation", false, true}};
		ttab tt;
		clsi_tt_init(&tt, cols, 4);
		for (size_t i = 0; i < n; i++) {
			cls_buf_reset(lab);
			ind_label(lab, v[i].ind);
			row_cells(t, &v[i]);
			const char *cells[]
			    = {cls_buf_str(lab), cls_buf_str(&t->b),
			        cls_buf_str(&t->c), cls_buf_str(&t->d)};
			clsi_tt_row(&tt, cells);
		}
		fputc('\n', t->w.f);
		clsi_tt_print(&t->w, &tt, 4);
		clsi_tt_free(&tt);
		return;
	}
	const tcol cols[] = {{"Année", false, false}, {"Cible", false, false},
	    {"Valeur", false, true}, {"Réalisation", false, true}};
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].ind == v[i].ind)
			j++;
		fputc('\n', t->w.f);
		cls_buf_reset(lab);
		ind_label(lab, v[i].ind);
		clsi_tx_para(&t->w, "  ", 2, 2, cls_buf_str(lab));
		ttab tt;
		clsi_tt_init(&tt, cols, 4);
		for (size_t x = i; x < j; x++) {
			char y[16];
			snprintf(y, sizeof(y), "%d", v[x].year);
			row_cells(t, &v[x]);
			const char *cells[] = {y, cls_buf_str(&t->b),
			    cls_buf_str(&t->c), cls_buf_str(&t->d)};
			clsi_tt_row(&tt, cells);
		}
		clsi_tt_print(&t->w, &tt, 4);
		clsi_tt_free(&tt);
		i = j;
	}
}

static void text_listing(tout *t, const ctr *k, const row *v, size_t n)
{
	size_t nf = 0;
	for (size_t i = 0; i < n; i++)
		nf += i == 0 || v[i].f != v[i - 1].f;
	size_t ni = 0;
	for (size_t i = 0; i < n; i++)
		ni += i == 0 || v[i].ind != v[i - 1].ind;
	cls_buf count = {0};
	cls_buf_printf(&count, "%zu indicateur%s, %zu fiche%s", ni,
	    ni > 1 ? "s" : "", nf, nf > 1 ? "s" : "");
	text_title(t, k, "Listés", cls_buf_str(&count));
	t->w.oom |= count.oom;
	cls_buf_release(&count);
	if (!n) {
		fputc('\n', t->w.f);
		clsi_tx_para(&t->w, "", 0, 0,
		    "Aucun indicateur ne correspond à la demande.");
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].f == v[i].f)
			j++;
		text_fiche(t, &v[i], j - i);
		i = j;
	}
}

/* A porteur and one of its rows, for the list grouped by porteur. */
typedef struct byp {
	const char *porteur; /* NULL: the fiche names none */
	size_t row;
} byp;

static int byp_cmp(const void *a, const void *b)
{
	const byp *x = a, *y = b;
	if (!x->porteur || !y->porteur) {
		if (x->porteur != y->porteur)
			return x->porteur ? -1 : 1;
	} else {
		int c = cls_name_order(x->porteur, y->porteur);
		if (c)
			return c;
	}
	return x->row < y->row ? -1 : x->row > y->row;
}

static bool same_porteur(const byp *x, const byp *y)
{
	return x->porteur == y->porteur
	    || (x->porteur && y->porteur
	        && strcmp(x->porteur, y->porteur) == 0);
}

/* One missing indicateur: "id — libellé (unité : u ; cible 2024 : 3 ;
 * source : s)". */
static void text_missing_ind(tout *t, const row *w)
{
	cls_buf *b = &t->b;
	cls_buf_reset(b);
	cls_buf_printf(
	    b, "%s — %s", w->ind->id, w->ind->libelle ? w->ind->libelle : "");
	const char *sep = " (";
	if (w->ind->unite && *w->ind->unite) {
		cls_buf_printf(b, "%sunité : %s", sep, w->ind->unite);
		sep = " ; ";
	}
	if (w->t.has_cible) {
		cls_buf_printf(b, "%scible %d : ", sep, w->year);
		clsi_fmt_cible(b, &w->t.cible, &clsi_seps_plain);
		sep = " ; ";
	}
	if (w->ind->sens == CLS_BAISSE) {
		cls_buf_printf(b, "%sà la baisse", sep);
		sep = " ; ";
	}
	if (w->ind->source && *w->ind->source) {
		cls_buf_printf(b, "%ssource : %s", sep, w->ind->source);
		sep = " ; ";
	}
	if (*sep == ' ' && sep[1] == ';')
		cls_buf_add(b, ")");
	clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(b));
}

static int text_missing(tout *t, const ctr *k, const row *v, size_t n)
{
	cls_buf *b = &t->a;
	size_t np = 0, nb = 0;
	for (size_t i = 0; i < n; i++)
		nb += v[i].f->porteurs.count ? v[i].f->porteurs.count : 1;
	byp *g = calloc(nb ? nb : 1, sizeof(*g));
	if (!g)
		return -1;
	nb = 0;
	for (size_t i = 0; i < n; i++) {
		const cls_strlist *pl = &v[i].f->porteurs;
		for (size_t j = 0; j < (pl->count ? pl->count : 1); j++)
			g[nb++] = (byp){pl->count ? pl->items[j] : NULL, i};
	}
	qsort(g, nb, sizeof(*g), byp_cmp);
	for (size_t i = 0; i < nb; i++)
		np += i == 0 || !same_porteur(&g[i], &g[i - 1]);
	cls_buf count = {0};
	if (n)
		cls_buf_printf(&count,
		    "%zu indicateur%s sans valeur, %zu porteur%s", n,
		    n > 1 ? "s" : "", np, np > 1 ? "s" : "");
	else
		cls_buf_add(&count, "aucun indicateur sans valeur");
	text_title(t, k, "À renseigner", cls_buf_str(&count));
	t->w.oom |= count.oom;
	cls_buf_release(&count);
	for (size_t i = 0; i < nb;) {
		size_t j = i + 1;
		while (j < nb && same_porteur(&g[j], &g[i]))
			j++;
		fputc('\n', t->w.f);
		clsi_tx_rule(&t->w, '-', NULL);
		cls_buf_reset(b);
		cls_buf_printf(b, "%s — %zu indicateur%s à renseigner",
		    g[i].porteur ? g[i].porteur : "Fiches sans porteur", j - i,
		    j - i > 1 ? "s" : "");
		clsi_tx_para_c(&t->w, TX_BOLD, "", 0, 0, cls_buf_str(b));
		clsi_tx_rule(&t->w, '-', NULL);
		for (size_t x = i; x < j; x++) {
			const row *w = &v[g[x].row];
			if (x == i || w->f != v[g[x - 1].row].f) {
				const cls_fiche *f = w->f;
				fputc('\n', t->w.f);
				cls_buf_reset(b);
				cls_buf_printf(
				    b, "Fiche %s — ", f->id ? f->id : "?");
				size_t pw = 2 + clsi_u8_width(cls_buf_str(b));
				cls_buf_reset(&t->c);
				cls_buf_printf(&t->c, "%s (%s)",
				    f->titre ? f->titre : "(sans titre)",
				    f->file ? f->file : "");
				cls_buf_reset(&t->d);
				cls_buf_printf(&t->d, "  %s", cls_buf_str(b));
				clsi_tx_para_c(&t->w, TX_BOLD,
				    cls_buf_str(&t->d), pw, pw,
				    cls_buf_str(&t->c));
				if (f->porteurs.count > 1) {
					cls_buf_reset(b);
					join(b, &f->porteurs, ", ");
					clsi_tx_kv(&t->w, 2, 12, "Porteurs",
					    cls_buf_str(b), NULL);
				}
			}
			text_missing_ind(t, w);
		}
		i = j;
	}
	free(g);
	return 0;
}

/* ----------------------------------------------------------------- CSV */

static const char *const csv_columns[] = {CSV_INDICATEUR_COLS};

static void csv_rows(csv_writer *c, const rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		csv_indicateur_row(c, r->v[i].k->p->nom, r->v[i].f, r->v[i].ind,
		    r->v[i].year, &r->v[i].t);
}

/* ---------------------------------------------------------------- JSON */

static void json_row(jw *j, const row *w)
{
	const cls_indicateur *ind = w->ind;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "contrat", w->k->p->nom);
	clsi_jw_str(j, "axe", w->f->axe);
	clsi_jw_str(j, "objectif", w->f->objectif);
	clsi_jw_str(j, "fiche", w->f->id);
	clsi_jw_str(j, "titre", w->f->titre);
	clsi_jw_strlist(j, "porteurs", &w->f->porteurs);
	clsi_jw_str(j, "indicateur", ind->id);
	clsi_jw_str(j, "libelle", ind->libelle);
	clsi_jw_str(j, "type", cls_ind_type_key(ind->type));
	clsi_jw_str(j, "unite", ind->unite);
	clsi_jw_str(j, "sens", cls_sens_key(ind->sens));
	clsi_jw_str(j, "source", ind->source);
	clsi_jw_count(j, "annee", (size_t)w->year);
	clsi_jw_taux(j, &w->t);
	clsi_jw_close(j, '}');
}

/* ------------------------------------------------------------- the run */

/* Contracts are read, listed and freed one at a time, so that a run over
 * hundreds of them holds one in memory.  What the run keeps of each: */
typedef struct seen {
	char *root;
	char *prefix; /* how its paths are shown: "" or "examples/x/" */
	char *nom;
	int debut, fin;
	size_t errors;
} seen;

enum what { W_FICHE, W_AXE, W_THEME };

typedef struct run {
	const query *q;
	int fmt;
	FILE *f;
	csv_dialect d;
	csv_writer csv;
	jw j;
	tout t;
	bool started; /* the CSV header or the head of the JSON is out */
	size_t nrows, nblocks;
	seen *ks;
	size_t nk;
	rows r;
	/* --fiche, --axe, --theme: found in some contract; else the names
	 * seen, for a suggestion */
	bool found[3];
	strv names[3];
	year_cover yc; /* which contracts hold --year */
	bool errors, oom;
} run;

static const char *filter_of(const query *q, enum what w)
{
	return w == W_FICHE ? q->fiche : w == W_AXE ? q->axe : q->theme;
}

/* Notes that the contract has the name s (a fiche id, an axe id or a
 * theme); returns whether it is the one asked for. */
static bool note_name(run *x, enum what w, const char *s)
{
	const char *want = filter_of(x->q, w);
	if (!s)
		return false;
	if (w == W_THEME ? cls_name_cmp(s, want) == 0 : strcmp(s, want) == 0)
		return true;
	strv *v = &x->names[w];
	if (x->found[w] || v->n >= 4096)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (cls_name_cmp(v->v[i], s) == 0)
			return false;
	if (clsi_strv_push(v, s, strlen(s)))
		x->oom = true;
	return false;
}

/* Whether the contract has every fiche, axe and theme asked for. */
static bool has_filters(run *x, const cls_plan *p)
{
	bool all = true;
	for (int w = W_FICHE; w <= W_THEME; w++) {
		if (!filter_of(x->q, (enum what)w))
			continue;
		bool here = false;
		size_t m = w == W_AXE ? p->axe_count : p->fiche_count;
		for (size_t j = 0; j < m; j++) {
			const cls_fiche *f = &p->fiches[j];
			if (w == W_AXE)
				here |= note_name(x, W_AXE, p->axes[j].id);
			else if (w == W_FICHE)
				here |= note_name(x, W_FICHE, f->id);
			else
				for (size_t t = 0; t < f->themes.count; t++)
					here |= note_name(
					    x, W_THEME, f->themes.items[t]);
		}
		x->found[w] |= here;
		all &= here;
	}
	return all;
}

static void start(run *x)
{
	if (x->started)
		return;
	x->started = true;
	if (x->fmt == F_CSV) {
		csv_writer_init(&x->csv, x->f, &x->d);
		csv_header(&x->csv, csv_columns,
		    sizeof(csv_columns) / sizeof(*csv_columns));
	} else if (x->fmt == F_JSON) {
		x->j.f = x->f;
		clsi_jw_open(&x->j, '{');
		clsi_jw_num(&x->j, "annee", x->q->year != 0, x->q->year);
		clsi_jw_key(&x->j, "manquants");
		fputs(x->q->missing ? "true" : "false", x->f);
		clsi_jw_key(&x->j, "indicateurs");
		clsi_jw_open(&x->j, '[');
	}
}

/* Writes the rows (and, in text, the block) of one contract. */
static void write_contract(run *x, const ctr *k)
{
	start(x);
	if (x->fmt == F_CSV) {
		csv_rows(&x->csv, &x->r);
	} else if (x->fmt == F_JSON) {
		for (size_t i = 0; i < x->r.n; i++)
			json_row(&x->j, &x->r.v[i]);
	} else {
		if (x->nblocks++)
			fputc('\n', x->f);
		if (x->q->missing) {
			if (text_missing(&x->t, k, x->r.v, x->r.n))
				x->oom = true;
		} else {
			text_listing(&x->t, k, x->r.v, x->r.n);
		}
	}
	x->nrows += x->r.n;
}

/* The end of the document: the list of contracts and the count in JSON.
 * Returns 0, or -1 when out of memory. */
static int finish(run *x)
{
	start(x);
	if (x->fmt == F_JSON) {
		jw *j = &x->j;
		clsi_jw_close(j, ']');
		clsi_jw_key(j, "contrats");
		clsi_jw_open(j, '[');
		for (size_t i = 0; i < x->nk; i++) {
			const seen *k = &x->ks[i];
			clsi_jw_sep(j);
			clsi_jw_open(j, '{');
			clsi_jw_str(j, "contrat", k->nom);
			clsi_jw_str(
			    j, "dossier", *k->prefix ? k->prefix : "./");
			clsi_jw_num(j, "debut", k->debut != 0, k->debut);
			clsi_jw_num(j, "fin", k->fin != 0, k->fin);
			clsi_jw_count(j, "erreurs", k->errors);
			clsi_jw_close(j, '}');
		}
		clsi_jw_close(j, ']');
		clsi_jw_count(j, "nombre", x->nrows);
		clsi_jw_close(j, '}');
		fputc('\n', x->f);
	}
	int rc = x->fmt == F_CSV ? csv_writer_release(&x->csv) : 0;
	x->t.w.oom |= x->t.a.oom || x->t.b.oom || x->t.c.oom || x->t.d.oom;
	return rc || x->oom || x->t.w.oom ? -1 : 0;
}

/* Loads the contract at or above dir (NULL: -C DIR or the current folder),
 * prints its errors, lists it, frees it.  Returns 0, or EXIT_FAIL after
 * saying why. */
static int run_contract(run *x, const globals *g, const char *dir)
{
	cls_contract *c = cmd_load(g, dir, false);
	if (!c)
		return EXIT_FAIL;
	const char *root = cls_contract_root(c);
	for (size_t i = 0; i < x->nk; i++)
		if (strcmp(x->ks[i].root, root) == 0) {
			cls_contract_free(c); /* named twice: listed once */
			return 0;
		}
	seen *v = realloc(x->ks, (x->nk + 1) * sizeof(*v));
	if (!v) {
		cls_contract_free(c);
		return cmd_fail(_("out of memory"));
	}
	x->ks = v;
	const cls_plan *p = cls_contract_plan(c);
	seen *s = &x->ks[x->nk++];
	memset(s, 0, sizeof(*s));
	s->root = strdup(root);
	s->prefix = dir ? cmd_display_prefix(root) : strdup("");
	s->nom = p->nom ? strdup(p->nom) : NULL;
	s->debut = p->debut;
	s->fin = p->fin;
	s->errors = cls_contract_count(c, CLS_ERROR);
	if (!s->root || !s->prefix || (p->nom && !s->nom)) {
		cls_contract_free(c);
		return cmd_fail(_("out of memory"));
	}
	/* The errors first: the listing rests on them. */
	size_t nd;
	const cls_diag *d = cls_contract_diags(c, &nd);
	for (size_t i = 0; i < nd; i++)
		if (d[i].severity == CLS_ERROR)
			cmd_print_diag(
			    cmd_err(), &d[i], s->prefix, cmd_color(g, 2));
	x->errors |= s->errors > 0;
	ctr k = {c, p, s->prefix, s->errors};
	x->r.n = 0;
	if (has_filters(x, p) && year_covers(&x->yc, p, s->prefix)) {
		if (collect(&x->r, &k, x->q))
			x->oom = true;
		else
			write_contract(x, &k);
	}
	cls_contract_free(c);
	return x->oom || x->yc.oom ? cmd_fail(_("out of memory")) : 0;
}

/* The usage error for a --fiche, --axe or --theme that no contract has,
 * with the nearest name, or the first few. */
static int unknown_name(const run *x, enum what w)
{
	static const char *const what_s[] = {"fiche", "axe", "theme"};
	const char *name = filter_of(x->q, w);
	const strv *v = &x->names[w];
	const char *where
	    = x->nk > 1 ? _("in these contracts") : _("in the contract");
	const char *near = cls_nearest(name, (const char *const *)v->v, v->n);
	if (near)
		return cmd_fail(_("no %s \"%s\" %s: did you mean \"%s\"?"),
		    what_s[w], name, where, near);
	cls_buf b = {0};
	for (size_t i = 0; i < v->n && i < 8; i++)
		cls_buf_printf(&b, "%s\"%s\"", i ? ", " : "", v->v[i]);
	if (v->n > 8)
		cls_buf_add(&b, ", ...");
	cmd_fail(_("no %s \"%s\" %s: use one of %s"), what_s[w], name, where,
	    v->n ? cls_buf_str(&b) : "(none)");
	cls_buf_release(&b);
	return EXIT_FAIL;
}

static void run_free(run *x)
{
	for (size_t i = 0; i < x->nk; i++) {
		free(x->ks[i].root);
		free(x->ks[i].prefix);
		free(x->ks[i].nom);
	}
	free(x->ks);
	free(x->r.v);
	for (int w = 0; w < 3; w++)
		clsi_strv_free(&x->names[w]);
	year_cover_free(&x->yc);
	cls_buf_release(&x->t.a);
	cls_buf_release(&x->t.b);
	cls_buf_release(&x->t.c);
	cls_buf_release(&x->t.d);
}

/* ------------------------------------------------------------- command */

/* The format a file name asks for: .csv, .json; anything else is text. */
static int format_of_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	if (dot && strcasecmp(dot, ".csv") == 0)
		return F_CSV;
	if (dot && strcasecmp(dot, ".json") == 0)
		return F_JSON;
	return F_TEXT;
}

int cmd_indicators(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("indicators");
	query q = {0, NULL, NULL, NULL, -1, false, false};
	csv_opts co = {false, false, 0};
	const char *year_arg = NULL, *out_path = NULL;
	int fmt = -1, rc = EXIT_FAIL;
	bool dashdash = false, csv_asked = false;
	char **dirs = calloc((size_t)argc, sizeof(char *));
	size_t ndirs = 0;
	run x;
	outfile o = {0};

	memset(&x, 0, sizeof(x));
	if (!dirs)
		return cmd_fail(_("out of memory"));
	for (int i = 1; i < argc; i++) {
		const char *v;
		int c;
		if (dashdash || argv[i][0] != '-'
		    || strcmp(argv[i], "-") == 0) {
			dirs[ndirs++] = argv[i];
		} else if (strcmp(argv[i], "--") == 0) {
			dashdash = true;
		} else if (strcmp(argv[i], "--missing") == 0) {
			q.missing = true;
		} else if ((c = csv_opts_parse(&co, self, argc, argv, &i))) {
			if (c < 0)
				goto out;
			csv_asked = true;
		} else if ((v = opt_value(argc, argv, &i, "--year"))) {
			year_arg = v;
		} else if ((v = opt_value(argc, argv, &i, "--fiche"))) {
			q.fiche = v;
		} else if ((v = opt_value(argc, argv, &i, "--axe"))) {
			q.axe = v;
		} else if ((v = opt_value(argc, argv, &i, "--theme"))) {
			q.theme = v;
		} else if ((v = opt_value(argc, argv, &i, "--type"))) {
			if (strcmp(v, "processus") == 0)
				q.type = CLS_PROCESSUS;
			else if (strcmp(v, "resultat") == 0)
				q.type = CLS_RESULTAT;
			else {
				rc = cmd_usage_error(self,
				    _("invalid --type \"%s\": use processus or "
				      "resultat"),
				    v);
				goto out;
			}
		} else if ((v = opt_value(argc, argv, &i, "--format"))) {
			if (strcmp(v, "text") == 0)
				fmt = F_TEXT;
			else if (strcmp(v, "csv") == 0)
				fmt = F_CSV;
			else if (strcmp(v, "json") == 0)
				fmt = F_JSON;
			else {
				rc = cmd_usage_error(self,
				    _("invalid --format \"%s\": use text, csv "
				      "or json"),
				    v);
				goto out;
			}
		} else if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc) {
				rc = cmd_usage_error(
				    self, _("-o needs a file name"));
				goto out;
			}
			out_path = argv[++i];
		} else if (strncmp(argv[i], "-o", 2) == 0) {
			out_path = argv[i] + 2;
		} else {
			const char *const valued[] = {"--year", "--fiche",
			    "--axe", "--theme", "--type", "--format"};
			for (size_t k = 0; k < 6; k++)
				if (strcmp(argv[i], valued[k]) == 0) {
					rc = cmd_usage_error(self,
					    _("%s needs a value"), valued[k]);
					goto out;
				}
			rc = cmd_usage_error(
			    self, _("unknown option \"%s\""), argv[i]);
			goto out;
		}
	}
	if (year_arg && !cmd_parse_year(year_arg, &q.year)) {
		rc = cmd_usage_error(self,
		    _("invalid --year \"%s\": give a year such as 2024"),
		    year_arg);
		goto out;
	}
	if (q.missing && !q.year) {
		rc = cmd_usage_error(self,
		    _("--missing needs a year: add --year, such as "
		      "--missing --year 2024"));
		goto out;
	}
	if (out_path && !*out_path) {
		rc = cmd_usage_error(self, _("-o needs a file name"));
		goto out;
	}
	if (fmt < 0)
		fmt = csv_asked ? F_CSV
		    : out_path  ? format_of_path(out_path)
		                : F_TEXT;
	if (csv_asked && fmt != F_CSV) {
		rc = cmd_usage_error(self,
		    _("--excel, --sep and --bom apply to CSV: add "
		      "--format=csv"));
		goto out;
	}
	q.several = ndirs > 1;
	x.q = &q;
	x.yc.year = q.year;
	x.fmt = fmt;
	if (fmt == F_CSV)
		x.d = csv_opts_dialect(&co);

	if ((rc = cmd_memo_begin(
	         g, argc, argv, (const char *const *)dirs, ndirs, out_path))
	    >= 0)
		goto out;
	rc = EXIT_FAIL;
	if (out_open(&o, out_path))
		goto out;
	x.f = o.f;
	x.t.w.f = o.f;
	x.t.w.color = out_is_stdout(&o) && cmd_color(g, 1);
	x.t.q = &q;
	int wr = 0;
	for (size_t i = 0; i < (ndirs ? ndirs : 1) && !wr; i++)
		wr = run_contract(&x, g, ndirs ? dirs[i] : NULL);
	/* A year or a name that no contract has: no row was written. */
	if (!wr)
		wr = year_cover_check(&x.yc, self);
	for (int w = W_FICHE; w <= W_THEME && !wr; w++)
		if (filter_of(&q, (enum what)w) && !x.found[w])
			wr = unknown_name(&x, (enum what)w);
	if (!wr && finish(&x))
		wr = cmd_fail(_("out of memory"));
	if (wr) {
		out_abort(&o);
		goto out;
	}
	for (size_t i = 0; i < x.yc.noutside; i++)
		fprintf(cmd_err(), _("cls: warning: %s: not listed\n"),
		    x.yc.outside[i]);
	rc = out_commit(&o);
	if (rc == EXIT_OK && x.errors)
		rc = EXIT_DATA;
out:
	run_free(&x);
	free(dirs);
	return rc;
}
