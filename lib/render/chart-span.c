/* SPDX-License-Identifier: MIT */
/*
 * chart-span.c - the charts of the evaluation over years and of the
 * synthesis of several contracts, drawn in SVG with chart.c's pieces (its
 * <svg> element with title and desc, its colours): the fiches by statut
 * as stacked bars (a bar a year, or a contract), two amounts side by side
 * (money planned and spent, a pair a year or a contract), and the cible
 * and valeur of an indicateur over the years.  Each says its figures in
 * words in its desc; text from the contracts goes through
 * clsi_xml_escape().
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

bool clsi_chart_stacked(clsi_chart *c, const char *title,
    const char *const *labels, const size_t (*counts)[CLS_STATUT_COUNT],
    size_t n, int id, bool standalone)
{
	cls_buf *o = &c->svg;
	size_t max = 1;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t t = 0;
		for (int s = 0; s < CLS_STATUT_COUNT; s++)
			t += counts[i][s];
		if (t > max)
			max = t;
	}
	cls_buf_add(&c->title, title);
	cls_buf_add(&c->caption, title);
	for (size_t i = 0; i < n; i++) {
		cls_buf_printf(&c->desc, "%s%s : ", i ? " ; " : "", labels[i]);
		clsi_fmt_statuts(&c->desc, counts[i]);
	}
	cls_buf_add(&c->desc, ".");
	const int rowh = 30, x0 = 150, bw = 480;
	c->width = 720;
	c->height = (int)n * rowh + 40;
	clsi_chart_open(c, id, standalone);
	cls_buf_add(o, "<g font-size=\"11\">");
	for (int k = 0, x = 10; k < CLS_STATUT_COUNT; k++) {
		cls_statut s = clsi_statut_order[k];
		cls_buf_printf(o,
		    "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"10\" "
		    "fill=\"%s\"/><text x=\"%d\" y=\"15\">%s</text>",
		    x, clsi_statut_fill[s], x + 16, cls_statut_label(s));
		x += 20 + 7 * (int)clsi_u8_width(cls_statut_label(s));
	}
	cls_buf_add(o, "</g>\n");
	for (size_t i = 0; i < n; i++) {
		int y = 30 + (int)i * rowh;
		size_t total = 0;
		cls_buf_printf(o,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"13\">",
		    x0 - 8, y + 15);
		clsi_xml_trunc(o, labels[i], 22);
		cls_buf_add(o, "</text>\n");
		double x = x0;
		for (int k = 0; k < CLS_STATUT_COUNT; k++) {
			cls_statut s = clsi_statut_order[k];
			size_t cnt = counts[i][s];
			if (!cnt)
				continue;
			double wd = (double)bw * (double)cnt / (double)max;
			cls_buf_printf(o,
			    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
			    "height=\"20\" fill=\"%s\"/>\n",
			    x, y, wd, clsi_statut_fill[s]);
			x += wd;
			total += cnt;
		}
		cls_buf_printf(o,
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" "
		    "font-weight=\"700\">%zu</text>\n",
		    x + 6, y + 15, total);
	}
	cls_buf_add(o, "</svg>\n");
	return true;
}

bool clsi_chart_pairs(clsi_chart *c, const char *title, const char *la,
    const char *lb, const clsi_pair *v, size_t n, int id, bool standalone)
{
	cls_buf *o = &c->svg;
	double max = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].has_a && v[i].a > max)
			max = v[i].a;
		if (v[i].has_b && v[i].b > max)
			max = v[i].b;
	}
	if (max <= 0)
		return false;
	cls_buf_add(&c->title, title);
	cls_buf_add(&c->caption, title);
	for (size_t i = 0; i < n; i++) {
		cls_buf_printf(
		    &c->desc, "%s%s : %s ", i ? " ; " : "", v[i].label, la);
		if (v[i].has_a)
			clsi_fmt_money(&c->desc, v[i].a, &clsi_seps_html);
		else
			cls_buf_add(&c->desc, "non précisé");
		cls_buf_printf(&c->desc, ", %s ", lb);
		if (v[i].has_b)
			clsi_fmt_money(&c->desc, v[i].b, &clsi_seps_html);
		else
			cls_buf_add(&c->desc, "non renseigné");
	}
	cls_buf_add(&c->desc, ".");
	const int rowh = 44, x0 = 150, bw = 430;
	c->width = 720;
	c->height = (int)n * rowh + 34;
	clsi_chart_open(c, id, standalone);
	cls_buf_printf(o,
	    "<g font-size=\"12\"><rect x=\"10\" y=\"6\" width=\"14\" "
	    "height=\"10\" fill=\"#2a6cb0\"/><text x=\"30\" y=\"15\">%s"
	    "</text><rect x=\"130\" y=\"6\" width=\"14\" height=\"10\" "
	    "fill=\"#e0a030\"/><text x=\"150\" y=\"15\">%s</text></g>\n",
	    la, lb);
	cls_buf t = {0};
	for (size_t i = 0; i < n; i++) {
		int y = 28 + (int)i * rowh;
		cls_buf_printf(o,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"13\">",
		    x0 - 8, y + 22);
		clsi_xml_trunc(o, v[i].label, 22);
		cls_buf_add(o, "</text>\n");
		for (int k = 0; k < 2; k++) {
			bool has = k ? v[i].has_b : v[i].has_a;
			double x = k ? v[i].b : v[i].a;
			double wd = has && x > 0 ? bw * x / max : 0;
			int yy = y + 4 + k * 18;
			cls_buf_reset(&t);
			if (has)
				clsi_fmt_money(&t, x, &clsi_seps_html);
			else
				cls_buf_add(&t, "—");
			cls_buf_printf(o,
			    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			    "height=\"15\" fill=\"%s\"/>\n<text x=\"%.1f\" "
			    "y=\"%d\" font-size=\"11\">%s</text>\n",
			    x0, yy, wd, k ? "#e0a030" : "#2a6cb0", x0 + wd + 5,
			    yy + 12, cls_buf_str(&t));
		}
	}
	cls_buf_add(o, "</svg>\n");
	o->oom |= t.oom;
	cls_buf_release(&t);
	return true;
}

bool clsi_chart_series(clsi_chart *c, const cls_report_span *s,
    const cls_report_trajectory *tr, size_t i, int id, bool standalone)
{
	cls_buf *o = &c->svg;
	const cls_indicateur *ind = s->years[0].fiches[tr->index].inds[i].ind;
	double max = 0;
	size_t with = 0;
	for (size_t k = 0; k < s->nyears; k++) {
		const cls_report_ind *ri
		    = &s->years[k].fiches[tr->index].inds[i];
		if (ri->numeric) {
			with++;
			if (ri->t.valeur->number > max)
				max = ri->t.valeur->number;
		}
		if (ri->t.has_cible) {
			const cls_target *t = &ri->t.cible;
			double m = !t->is_range ? t->min
			    : t->has_max        ? t->max
			    : t->has_min        ? t->min
			                        : 0;
			with++;
			if (m > max)
				max = m;
		}
	}
	if (!with)
		return false;
	if (max <= 0)
		max = 1;
	max *= 1.15;
	cls_buf_printf(&c->title, "Fiche %s, %s : cible et valeur par année",
	    tr->f->id, ind->libelle ? ind->libelle : ind->id);
	cls_buf_add(&c->caption,
	    "Barres : la valeur (verte quand elle atteint la cible, orange "
	    "sinon) ; trait : la cible.");
	for (size_t k = 0; k < s->nyears; k++) {
		const cls_report_ind *ri
		    = &s->years[k].fiches[tr->index].inds[i];
		cls_buf_printf(
		    &c->desc, "%s%d : ", k ? " ; " : "", s->years[k].year);
		if (ri->t.has_cible) {
			cls_buf_add(&c->desc, "cible ");
			clsi_fmt_cible(&c->desc, &ri->t.cible, &clsi_seps_html);
		} else {
			cls_buf_add(&c->desc, "pas de cible");
		}
		cls_buf_add(&c->desc, ", valeur ");
		if (ri->t.valeur)
			clsi_fmt_valeur(&c->desc, ri, &clsi_seps_html);
		else
			cls_buf_add(&c->desc, "manquante");
		if (ri->t.atteint >= 0) {
			cls_buf_add(&c->desc, ", ");
			clsi_fmt_result(&c->desc, ri, &clsi_seps_html);
		}
	}
	cls_buf_add(&c->desc, ".");
	const int h = 120, top = 14, bottom = 22, left = 8;
	int colw = (int)(300 / s->nyears);
	if (colw > 70)
		colw = 70;
	if (colw < 8)
		colw = 8;
	int width = left * 2 + colw * (int)s->nyears;
	c->width = width < 160 ? 160 : width;
	c->height = h;
	clsi_chart_open(c, id, standalone);
	int base = h - bottom;
	double scale = (double)(base - top) / max;
	cls_buf_printf(o,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#8a8f98\"/>\n",
	    left, base, width - left, base);
	for (size_t k = 0; k < s->nyears; k++) {
		const cls_report_ind *ri
		    = &s->years[k].fiches[tr->index].inds[i];
		const cls_target *t = &ri->t.cible;
		int x = left + colw * (int)k;
		bool band = ri->t.has_cible && t->is_range && t->has_min
		    && t->has_max;
		/* a bound alone is drawn as a number is: a tick */
		bool tick = ri->t.has_cible && !band
		    && (!t->is_range || t->has_min || t->has_max);
		double at = !t->is_range ? t->min
		    : t->has_min         ? t->min
		                         : t->max;
		if (band)
			cls_buf_printf(o,
			    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
			    "height=\"%.1f\" fill=\"#1b2430\" "
			    "fill-opacity=\".1\" stroke=\"#1b2430\" "
			    "stroke-dasharray=\"2 2\"/>\n",
			    x + 4, base - t->max * scale, colw - 8,
			    (t->max - t->min) * scale);
		if (ri->numeric && ri->t.valeur->number > 0) {
			double v = ri->t.valeur->number * scale;
			cls_buf_printf(o,
			    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
			    "height=\"%.1f\" fill=\"%s\"/>\n",
			    x + colw / 4, base - v, colw / 2, v,
			    ri->t.atteint == 1       ? "#2e7d45"
			        : ri->t.atteint == 0 ? "#c2541b"
			                             : "#2a6cb0");
		}
		if (tick)
			cls_buf_printf(o,
			    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
			    "height=\"3\" fill=\"#1b2430\"/>\n",
			    x + 4, base - at * scale - 1.5, colw - 8);
		if (!ri->t.valeur)
			cls_buf_printf(o,
			    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			    "font-size=\"11\" fill=\"#5a6472\">?</text>\n",
			    x + colw / 2, base - 4);
		cls_buf_printf(o,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		    "font-size=\"11\">%d</text>\n",
		    x + colw / 2, h - 6, s->years[k].year);
	}
	cls_buf_add(o, "</svg>\n");
	return true;
}

bool clsi_chart_contracts(clsi_chart *statuts, clsi_chart *money,
    const cls_report *r, int id, bool standalone, bool *money_drawn)
{
	*money_drawn = false;
	size_t n = 0, nc = cls_report_contracts(r);
	for (size_t i = 0; i < nc; i++)
		n += cls_report_contract_of(r, i)->couvert;
	if (!n)
		return false;
	int from = cls_report_from(r), to = cls_report_to(r);
	const char **labels = calloc(n, sizeof(*labels));
	size_t(*counts)[CLS_STATUT_COUNT] = calloc(n, sizeof(*counts));
	clsi_pair *v = calloc(n, sizeof(*v));
	cls_buf t = {0};
	bool drawn = false;
	if (!labels || !counts || !v) {
		statuts->svg.oom = true;
		goto out;
	}
	for (size_t i = 0, m = 0; i < nc; i++) {
		const cls_report_contract *k = cls_report_contract_of(r, i);
		if (!k->couvert)
			continue;
		labels[m] = k->dossier;
		memcpy(counts[m], k->periode.par_statut, sizeof(counts[m]));
		v[m] = (clsi_pair){k->dossier, k->periode.prevu_known > 0,
		    k->periode.depenses_n > 0, k->periode.prevu,
		    k->periode.depenses};
		m++;
	}
	if (to > from)
		cls_buf_add(&t,
		    "Fiches actions par statut en fin de période, par contrat");
	else
		cls_buf_printf(
		    &t, "Fiches actions par statut en %d, par contrat", from);
	drawn = clsi_chart_stacked(statuts, cls_buf_str(&t), labels,
	    (const size_t(*)[CLS_STATUT_COUNT])counts, n, id, standalone);
	cls_buf_reset(&t);
	if (to > from)
		cls_buf_printf(&t,
		    "Financements prévus et dépenses réalisées de %d à %d, par "
		    "contrat",
		    from, to);
	else
		cls_buf_printf(&t,
		    "Financements prévus et dépenses réalisées en %d, par "
		    "contrat",
		    from);
	*money_drawn = clsi_chart_pairs(money, cls_buf_str(&t), "prévu",
	    "dépensé", v, n, id + drawn, standalone);
	statuts->svg.oom |= t.oom;
out:
	cls_buf_release(&t);
	free(labels);
	free(counts);
	free(v);
	return drawn;
}
