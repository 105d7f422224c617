/* SPDX-License-Identifier: MIT */
/*
 * tables.c - the rows of the four tables of cls export (cls-export(1)):
 * which fiches, indicateurs, financements and years a table keeps for the
 * year and the financeur asked for, and the figures of the fiches table.
 * The years and the values are the rules of rules.c; this file only
 * chooses and orders the rows.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static const char *const table_names[]
    = {"fiches", "indicateurs", "financements", "suivi"};

bool cls_table_parse(const char *name, cls_table *out)
{
	for (size_t i = 0; i < sizeof(table_names) / sizeof(*table_names); i++)
		if (strcmp(name, table_names[i]) == 0) {
			*out = (cls_table)i;
			return true;
		}
	return false;
}

const char *cls_table_name(cls_table t)
{
	return (unsigned)t < sizeof(table_names) / sizeof(*table_names)
	    ? table_names[t]
	    : "";
}

/* ---------------------------------------------------------- what is kept */

/* What a query keeps: the options, and the financeur asked for as the
 * contract knows it (cls_financeur_find(): an entry of the directory, or
 * the names of the fiches that are one financeur), NULL when none is
 * asked or the contract has no such financeur. */
typedef struct kept {
	const cls_table_options *q;
	const cls_financeur *financeur;
} kept;

/* Whether fin is kept: of the financeur asked for, and of the year asked
 * for or of no year (an amount over the whole contract covers it too). */
static bool fin_kept(const kept *k, const cls_financement *fin)
{
	if (k->q->financeur && fin->ref != k->financeur)
		return false;
	return !k->q->year || fin->annee == k->q->year || fin->annee == 0;
}

/* Whether the fiche is exported: --financeur keeps the fiches the funder
 * finances (in the year, with --year), --year those with something in the
 * year. */
static bool fiche_kept(const kept *k, const cls_fiche *f)
{
	if (k->q->year && !cls_fiche_has_year(f, k->q->year))
		return false;
	if (!k->q->financeur)
		return true;
	for (size_t i = 0; i < f->financement_count; i++)
		if (fin_kept(k, &f->financements[i]))
			return true;
	return false;
}

/* The name a financement's financeur is shown by in the tables: its
 * entry's nom (cls-export(1), financeurs). */
static const char *financeur_nom(const cls_financement *fin)
{
	return fin->ref && fin->ref->nom ? fin->ref->nom : fin->financeur;
}

/* The years a per-year table looks at for fiche f: its own years and
 * those of what its rows carry, from lo to hi (widened by widen()), or
 * only the year asked for (none when it is not among them). */
static void widen(int *lo, int *hi, int y)
{
	if (y < *lo)
		*lo = y;
	if (y > *hi)
		*hi = y;
}

static void fiche_years(const cls_fiche *f, int *lo, int *hi)
{
	*lo = f->first_year ? f->first_year : 0;
	*hi = f->first_year ? f->last_year : 0;
}

static void only_year(const cls_table_options *q, int *lo, int *hi)
{
	if (!q->year)
		return;
	if (q->year < *lo || q->year > *hi) {
		*lo = 1;
		*hi = 0;
	} else {
		*lo = *hi = q->year;
	}
}

/* ------------------------------------------------------------------ rows */

static cls_table_row *push(cls_table_rows *l, const cls_fiche *f)
{
	cls_table_row *v = clsi_grow(l->rows, l->n, sizeof(*v));
	if (!v)
		return NULL;
	l->rows = v;
	cls_table_row *w = &v[l->n++];
	memset(w, 0, sizeof(*w));
	w->fiche = f;
	return w;
}

/* The fiches table: the financeurs kept, each once, go to names (room
 * for every financement of the plan) from *used on. */
static int fiches_rows(
    cls_table_rows *l, const kept *k, const cls_fiche *f, size_t *used)
{
	const cls_table_options *q = k->q;
	cls_table_row *w = push(l, f);
	if (!w)
		return -1;
	const char **names = l->names_ + *used;
	size_t n = 0;
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (!fin_kept(k, fin))
			continue;
		if (fin->has_montant) {
			w->montant += fin->montant;
			w->has_montant = true;
		}
		/* one financeur once, however its financements write it */
		const char *nom = financeur_nom(fin);
		size_t j = 0;
		while (j < n && names[j] != nom)
			j++;
		if (j == n)
			names[n++] = nom;
	}
	w->financeurs = names;
	w->nfinanceurs = n;
	*used += n;
	/* The suivi of the year asked for, else the latest one. */
	w->suivi = q->year   ? cls_fiche_suivi(f, q->year)
	    : f->suivi_count ? &f->suivis[f->suivi_count - 1]
	                     : NULL;
	w->year = w->suivi ? w->suivi->year : 0;
	return 0;
}

/* One row per year of the fiche and per other year for which the
 * indicateur has a value or a target of its own: the fiche runs then, or
 * the indicateur has the year (cls_indicateur_has_year()). */
static int indicateurs_rows(
    cls_table_rows *l, const kept *k, const cls_plan *p, const cls_fiche *f)
{
	const cls_table_options *q = k->q;
	for (size_t i = 0; i < f->indicateur_count; i++) {
		const cls_indicateur *ind = &f->indicateurs[i];
		int lo, hi, from, to;
		fiche_years(f, &lo, &hi);
		cls_indicateur_years(p, f, ind, &from, &to);
		if (!lo) {
			lo = from;
			hi = to;
		} else if (from) {
			widen(&lo, &hi, from);
			widen(&lo, &hi, to);
		}
		if (!lo)
			continue;
		only_year(q, &lo, &hi);
		for (int y = lo; y <= hi && y > 0; y++) {
			if (!cls_fiche_runs(f, y)
			    && !cls_indicateur_has_year(p, f, ind, y))
				continue;
			cls_table_row *w = push(l, f);
			if (!w)
				return -1;
			w->ind = ind;
			w->year = y;
			cls_indicateur_taux(f, ind, y, &w->t);
		}
	}
	return 0;
}

static int financements_rows(
    cls_table_rows *l, const kept *k, const cls_fiche *f)
{
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (!fin_kept(k, fin))
			continue;
		cls_table_row *w = push(l, f);
		if (!w)
			return -1;
		w->fin = fin;
	}
	return 0;
}

/* One row per year of the fiche and per other year that has a suivi. */
static int suivi_rows(cls_table_rows *l, const kept *k, const cls_fiche *f)
{
	const cls_table_options *q = k->q;
	int lo, hi;
	fiche_years(f, &lo, &hi);
	for (size_t i = 0; i < f->suivi_count; i++) {
		if (!lo)
			lo = hi = f->suivis[i].year;
		widen(&lo, &hi, f->suivis[i].year);
	}
	if (!lo)
		return 0;
	only_year(q, &lo, &hi);
	for (int y = lo; y <= hi && y > 0; y++) {
		const cls_suivi *s = cls_fiche_suivi(f, y);
		if (!s && !cls_fiche_runs(f, y))
			continue;
		cls_table_row *w = push(l, f);
		if (!w)
			return -1;
		w->year = y;
		w->suivi = s;
	}
	return 0;
}

static int collect(cls_table_rows *l, const kept *k, const cls_plan *p)
{
	const cls_table_options *q = k->q;
	size_t used = 0;
	if (q->table == CLS_TABLE_FICHES) {
		size_t total = 0;
		for (size_t i = 0; i < p->fiche_count; i++)
			total += p->fiches[i].financement_count;
		l->names_ = malloc((total ? total : 1) * sizeof(*l->names_));
		if (!l->names_)
			return -1;
	}
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		int rc = 0;
		if (!fiche_kept(k, f))
			continue;
		switch (q->table) {
		case CLS_TABLE_FICHES:
			rc = fiches_rows(l, k, f, &used);
			break;
		case CLS_TABLE_INDICATEURS:
			rc = indicateurs_rows(l, k, p, f);
			break;
		case CLS_TABLE_FINANCEMENTS:
			rc = financements_rows(l, k, f);
			break;
		case CLS_TABLE_SUIVI:
			rc = suivi_rows(l, k, f);
			break;
		}
		if (rc)
			return -1;
	}
	return 0;
}

void cls_table_rows_release(cls_table_rows *l)
{
	free(l->rows);
	free(l->names_);
	memset(l, 0, sizeof(*l));
}

int cls_table_query(const cls_contract *c, const cls_table_options *opts,
    cls_year_cover *yc, cls_table_rows *out, cls_error *err)
{
	const cls_plan *p = cls_contract_plan(c);
	cls_table_rows_release(out);
	kept k = {opts,
	    opts->financeur ? cls_financeur_find(p, opts->financeur) : NULL};
	out->has_financeur = !opts->financeur || k.financeur;
	cls_year_cover one = {.year = opts->year};
	out->in_periode = cls_year_cover_add(yc ? yc : &one, p);
	if (out->in_periode && collect(out, &k, p)) {
		cls_table_rows_release(out);
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	return 0;
}
