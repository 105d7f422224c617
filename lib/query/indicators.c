/* SPDX-License-Identifier: MIT */
/*
 * indicators.c - the listing of cls indicators (cls-indicators(1)): the
 * indicateurs of one contract that pass the filters, each for the years
 * it has rows for (or only the year asked), or with --missing those that
 * lack their value for the year.  The rules are those of rules.c; this
 * file only chooses and orders the rows.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static bool fiche_wanted(const cls_fiche *f, const cls_indicators_options *q)
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

/* Whether the plan has the fiche, the axe and the theme asked for. */
static void names_of(
    const cls_plan *p, const cls_indicators_options *q, cls_indicator_rows *l)
{
	l->has_fiche = !q->fiche;
	l->has_axe = !q->axe;
	l->has_theme = !q->theme;
	for (size_t i = 0; i < p->axe_count && !l->has_axe; i++)
		l->has_axe
		    = p->axes[i].id && strcmp(p->axes[i].id, q->axe) == 0;
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		if (!l->has_fiche)
			l->has_fiche = f->id && strcmp(f->id, q->fiche) == 0;
		for (size_t t = 0; t < f->themes.count && !l->has_theme; t++)
			l->has_theme
			    = cls_name_cmp(f->themes.items[t], q->theme) == 0;
	}
}

static int push(cls_indicator_rows *l, const cls_fiche *f,
    const cls_indicateur *ind, int year)
{
	cls_indicator_row *v = clsi_grow(l->rows, l->n, sizeof(*v));
	if (!v)
		return -1;
	l->rows = v;
	cls_indicator_row *w = &v[l->n++];
	w->fiche = f;
	w->ind = ind;
	w->year = year;
	cls_indicateur_taux(f, ind, year, &w->t);
	return 0;
}

static int collect(
    cls_indicator_rows *l, const cls_plan *p, const cls_indicators_options *q)
{
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		if (!fiche_wanted(f, q))
			continue;
		for (size_t j = 0; j < f->indicateur_count; j++) {
			const cls_indicateur *ind = &f->indicateurs[j];
			if (q->has_type && ind->type != q->type)
				continue;
			if (q->missing) {
				if (cls_indicateur_lacks(f, ind, q->year)
				    && push(l, f, ind, q->year))
					return -1;
				continue;
			}
			int lo, hi;
			cls_indicateur_years(p, f, ind, &lo, &hi);
			if (q->year)
				lo = hi = q->year;
			for (int y = lo; y && y <= hi; y++)
				if (cls_indicateur_has_year(p, f, ind, y)
				    && push(l, f, ind, y))
					return -1;
		}
	}
	return 0;
}

void cls_indicator_rows_release(cls_indicator_rows *l)
{
	free(l->rows);
	memset(l, 0, sizeof(*l));
}

int cls_indicators_query(const cls_contract *c,
    const cls_indicators_options *opts, cls_year_cover *yc,
    cls_indicator_rows *out, cls_error *err)
{
	const cls_plan *p = cls_contract_plan(c);
	cls_indicator_rows_release(out);
	names_of(p, opts, out);
	for (size_t i = 0; i < p->fiche_count; i++)
		out->defined += p->fiches[i].indicateur_count;
	out->in_periode = true;
	if (!out->has_fiche || !out->has_axe || !out->has_theme)
		return 0;
	if (yc) {
		out->in_periode = cls_year_cover_add(yc, p);
	} else {
		cls_year_cover one = {.year = opts->year};
		out->in_periode = cls_year_cover_add(&one, p);
	}
	out->listed = out->in_periode;
	if (out->listed && collect(out, p, opts)) {
		cls_indicator_rows_release(out);
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	return 0;
}
