/* SPDX-License-Identifier: MIT */
/*
 * chart.c - the three charts of the review, drawn once in SVG: inline in
 * the HTML report, and as pictures of their own in the ODT and DOCX ones
 * (the fiches by statut, the cible and valeur of each indicateur that has
 * both, the money by financeur).  Each comes with its title, a
 * description that gives its figures in words (the alternative text) and
 * its caption.  Text from the contract goes through clsi_xml_escape().
 * The charts of the evaluation and the synthesis (chart-span.c) are
 * drawn with the same pieces.
 */
#include "render.h"

#include <string.h>

void clsi_xml_trunc(cls_buf *out, const char *s, size_t n)
{
	if (!s)
		return;
	if (clsi_u8_width(s) <= n) {
		clsi_xml_add(out, s);
		return;
	}
	size_t len = clsi_u8_prefix(s, n - 1);
	while (len && s[len - 1] == ' ')
		len--;
	clsi_xml_escape(out, s, len);
	cls_buf_add(out, "…");
}

void clsi_chart_open(clsi_chart *c, int id, bool standalone)
{
	cls_buf *o = &c->svg;
	if (standalone)
		cls_buf_printf(o,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\""
		    "Liberation Sans, Arial, Helvetica, sans-serif\" "
		    "fill=\"#1b2430\" role=\"img\" aria-labelledby=\"g%d-t "
		    "g%d-d\">\n",
		    c->width, c->height, c->width, c->height, id, id);
	else
		cls_buf_printf(o,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 %d %d\" role=\"img\" "
		    "aria-labelledby=\"g%d-t "
		    "g%d-d\">\n",
		    c->width, c->height, id, id);
	cls_buf_printf(o, "<title id=\"g%d-t\">", id);
	clsi_xml_add(o, cls_buf_str(&c->title));
	cls_buf_printf(o, "</title>\n<desc id=\"g%d-d\">", id);
	clsi_xml_add(o, cls_buf_str(&c->desc));
	cls_buf_add(o, "</desc>\n");
}

const char *const clsi_statut_fill[CLS_STATUT_COUNT] = {
    "#c8ccd2",
    "#8a8f98",
    "#2a6cb0",
    "#2e7d45",
    "#d98c00",
    "#c0392b",
};

bool clsi_chart_statuts(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone)
{
	cls_buf *o = &c->svg;
	size_t max = 1;
	for (int i = 0; i < CLS_STATUT_COUNT; i++)
		if (r->par_statut[i] > max)
			max = r->par_statut[i];
	cls_buf_printf(&c->title, "Fiches actions par statut en %d", r->year);
	cls_buf_add(&c->caption, cls_buf_str(&c->title));
	cls_buf_printf(
	    &c->desc, "Sur %zu fiches actions en %d : ", r->nfiches, r->year);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		cls_buf_printf(&c->desc, "%s%zu %s", i ? ", " : "",
		    r->par_statut[s], cls_statut_label(s));
	}
	cls_buf_add(&c->desc, ".");
	c->width = 520;
	c->height = 6 * 30 + 8;
	clsi_chart_open(c, id, standalone);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		int y = 4 + i * 30;
		double bw = 300.0 * (double)r->par_statut[s] / (double)max;
		cls_buf_printf(o,
		    "<text x=\"130\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"14\">%s</text>\n",
		    y + 17, cls_statut_label(s));
		cls_buf_printf(o,
		    "<rect x=\"140\" y=\"%d\" width=\"300\" "
		    "height=\"22\" rx=\"3\" fill=\"#eef1f5\"/>\n",
		    y);
		if (r->par_statut[s])
			cls_buf_printf(o,
			    "<rect x=\"140\" y=\"%d\" width=\"%.1f\" "
			    "height=\"22\" rx=\"3\" fill=\"%s\"/>\n",
			    y, bw, clsi_statut_fill[s]);
		cls_buf_printf(o,
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"14\" "
		    "font-weight=\"700\">%zu</text>\n",
		    140 + bw + 6, y + 17, r->par_statut[s]);
	}
	cls_buf_add(o, "</svg>\n");
	return true;
}

/* The right end of a row's scale: the largest of the value and the
 * target's bounds, with a margin. */
static double ind_scale(const cls_report_ind *ri)
{
	double m = ri->t.valeur->number;
	if (ri->t.cible.has_min && ri->t.cible.min > m)
		m = ri->t.cible.min;
	if (ri->t.cible.has_max && ri->t.cible.max > m)
		m = ri->t.cible.max;
	if (!ri->t.cible.is_range && ri->t.cible.min > m)
		m = ri->t.cible.min;
	return m > 0 ? m * 1.15 : 1;
}

/* "Fiche 1 · libellé (à la baisse)", the label of a row. */
static void ind_label(cls_buf *b, const cls_report_fiche *rf,
    const cls_report_ind *ri, const char *sep)
{
	cls_buf_printf(b, "Fiche %s%s%s%s", rf->f->id, sep,
	    ri->ind->libelle ? ri->ind->libelle : ri->ind->id,
	    ri->ind->sens == CLS_BAISSE ? " (à la baisse)" : "");
}

bool clsi_chart_indicateurs(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone)
{
	cls_buf *o = &c->svg, t = {0};
	size_t n = 0;
	for (size_t i = 0; i < r->nfiches; i++)
		for (size_t k = 0; k < r->fiches[i].nind; k++)
			n += r->fiches[i].inds[k].t.has_cible
			    && r->fiches[i].inds[k].numeric;
	if (!n)
		return false;
	const int rowh = 50, x0 = 10, bw = 520;
	cls_buf_printf(
	    &c->title, "Cible et valeur %d des indicateurs chiffrés", r->year);
	cls_buf_printf(&c->caption, "%s (valeur / cible, taux de réalisation)",
	    cls_buf_str(&c->title));
	/* the words first */
	size_t k = 0;
	for (size_t i = 0; i < r->nfiches; i++) {
		const cls_report_fiche *rf = &r->fiches[i];
		for (size_t j = 0; j < rf->nind; j++) {
			const cls_report_ind *ri = &rf->inds[j];
			if (!ri->t.has_cible || !ri->numeric)
				continue;
			cls_buf *d = &c->desc;
			if (k++)
				cls_buf_add(d, " ; ");
			ind_label(d, rf, ri, ", ");
			cls_buf_add(d, " : cible ");
			clsi_fmt_cible(d, &ri->t.cible, &clsi_seps_html);
			cls_buf_add(d, ", valeur ");
			clsi_fmt_valeur(d, ri, &clsi_seps_html);
			cls_buf_add(d, ", ");
			clsi_fmt_result(d, ri, &clsi_seps_html);
		}
	}
	cls_buf_add(&c->desc, ".");
	c->width = 720;
	c->height = (int)n * rowh + 34;
	clsi_chart_open(c, id, standalone);
	/* legend */
	cls_buf_add(o,
	    "<g font-size=\"12\">"
	    "<rect x=\"10\" y=\"6\" width=\"14\" height=\"10\" "
	    "fill=\"#2e7d45\"/><text x=\"30\" y=\"15\">valeur, cible "
	    "atteinte</text>"
	    "<rect x=\"170\" y=\"6\" width=\"14\" height=\"10\" "
	    "fill=\"#c2541b\"/><text x=\"190\" y=\"15\">valeur, cible non "
	    "atteinte</text>"
	    "<rect x=\"350\" y=\"4\" width=\"3\" height=\"14\" "
	    "fill=\"#1b2430\"/><text x=\"360\" y=\"15\">cible</text>"
	    "<rect x=\"410\" y=\"6\" width=\"14\" height=\"10\" "
	    "fill=\"#1b2430\" fill-opacity=\".12\" stroke=\"#1b2430\" "
	    "stroke-dasharray=\"2 2\"/><text x=\"430\" y=\"15\">fourchette "
	    "cible</text></g>\n");
	k = 0;
	for (size_t i = 0; i < r->nfiches; i++) {
		const cls_report_fiche *rf = &r->fiches[i];
		for (size_t j = 0; j < rf->nind; j++) {
			const cls_report_ind *ri = &rf->inds[j];
			if (!ri->t.has_cible || !ri->numeric)
				continue;
			int y = 30 + (int)k++ * rowh;
			double s = ind_scale(ri), v = ri->t.valeur->number;
			double vw = v > 0 ? bw * v / s : 0;
			cls_buf_reset(&t);
			ind_label(&t, rf, ri, " · ");
			cls_buf_printf(o,
			    "<text x=\"%d\" y=\"%d\" font-size=\"13\">", x0,
			    y + 13);
			clsi_xml_trunc(o, cls_buf_str(&t), 95);
			cls_buf_printf(o,
			    "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"18\" fill=\"#eef1f5\"/>\n",
			    x0, y + 20, bw);
			const cls_target *tg = &ri->t.cible;
			if (tg->is_range) {
				double a = tg->has_min ? bw * tg->min / s : 0;
				double b = tg->has_max ? bw * tg->max / s : bw;
				cls_buf_printf(o,
				    "<rect x=\"%.1f\" y=\"%d\" "
				    "width=\"%.1f\" height=\"18\" "
				    "fill=\"#1b2430\" fill-opacity=\".12\" "
				    "stroke=\"#1b2430\" stroke-dasharray=\"2 "
				    "2\"/>\n",
				    x0 + a, y + 20, b - a > 0 ? b - a : 0);
			}
			cls_buf_printf(o,
			    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			    "height=\"10\" fill=\"%s\"/>\n",
			    x0, y + 24, vw,
			    ri->t.atteint == 1 ? "#2e7d45" : "#c2541b");
			if (!tg->is_range)
				cls_buf_printf(o,
				    "<rect x=\"%.1f\" y=\"%d\" "
				    "width=\"3\" height=\"24\" "
				    "fill=\"#1b2430\"/>\n",
				    x0 + bw * tg->min / s - 1.5, y + 17);
			cls_buf_reset(&t);
			clsi_fmt_num(&t, v, &clsi_seps_html);
			cls_buf_add(&t, " / ");
			clsi_fmt_cible(&t, tg, &clsi_seps_html);
			if (ri->t.has_taux) {
				cls_buf_add(&t, " (");
				clsi_fmt_pct(&t, ri->t.taux, &clsi_seps_html);
				cls_buf_add(&t, ")");
			}
			cls_buf_printf(o,
			    "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
			    "font-weight=\"700\">",
			    x0 + bw + 10, y + 34);
			clsi_xml_add(o, cls_buf_str(&t));
			cls_buf_add(o, "</text>\n");
		}
	}
	cls_buf_add(o, "</svg>\n");
	c->svg.oom |= t.oom;
	cls_buf_release(&t);
	return true;
}

bool clsi_chart_money(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone)
{
	cls_buf *o = &c->svg, t = {0};
	size_t n = 0;
	double max = 0;
	for (size_t i = 0; i < r->nfin_contrat; i++)
		if (r->fin_contrat[i].known && r->fin_contrat[i].montant > 0) {
			n++;
			if (r->fin_contrat[i].montant > max)
				max = r->fin_contrat[i].montant;
		}
	if (!n)
		return false;
	const int rowh = 58, x0 = 10, bw = 500;
	cls_buf_printf(&c->title,
	    "Financements prévus par financeur, en %d et sur "
	    "tout le contrat",
	    r->year);
	cls_buf_add(&c->caption, cls_buf_str(&c->title));
	size_t k = 0;
	for (size_t i = 0; i < r->nfin_contrat; i++) {
		const cls_report_money *m = &r->fin_contrat[i];
		if (!m->known || m->montant <= 0)
			continue;
		const cls_report_money *ma = cls_report_money_find(
		    r->fin_annee, r->nfin_annee, m->financeur);
		cls_buf *d = &c->desc;
		cls_buf_printf(d, "%s%s : ", k++ ? " ; " : "", m->financeur);
		if (ma && ma->known)
			clsi_fmt_money(d, ma->montant, &clsi_seps_html);
		else
			cls_buf_add(d, ma ? "montant non précisé" : "rien");
		cls_buf_printf(d, " en %d, ", r->year);
		clsi_fmt_money(d, m->montant, &clsi_seps_html);
		cls_buf_add(d, " sur tout le contrat");
	}
	cls_buf_add(
	    &c->desc, ". Les financements sans montant ne sont pas comptés.");
	c->width = 720;
	c->height = (int)n * rowh + 30;
	clsi_chart_open(c, id, standalone);
	cls_buf_printf(o,
	    "<g font-size=\"12\"><rect x=\"10\" y=\"6\" width=\"14\" "
	    "height=\"10\" fill=\"#2a6cb0\"/><text x=\"30\" y=\"15\">%d</text>"
	    "<rect x=\"80\" y=\"6\" width=\"14\" height=\"10\" "
	    "fill=\"#a9c6e6\"/><text x=\"100\" y=\"15\">tout le contrat</text>"
	    "</g>\n",
	    r->year);
	k = 0;
	for (size_t i = 0; i < r->nfin_contrat; i++) {
		const cls_report_money *m = &r->fin_contrat[i];
		if (!m->known || m->montant <= 0)
			continue;
		const cls_report_money *ma = cls_report_money_find(
		    r->fin_annee, r->nfin_annee, m->financeur);
		double ya = ma && ma->known ? ma->montant : 0;
		int y = 26 + (int)k++ * rowh;
		cls_buf_printf(
		    o, "<text x=\"%d\" y=\"%d\" font-size=\"13\">", x0, y + 13);
		clsi_xml_trunc(o, m->financeur, 95);
		cls_buf_printf(o,
		    "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"16\" fill=\"#2a6cb0\"/>\n",
		    x0, y + 18, bw * ya / max);
		cls_buf_reset(&t);
		if (!ma)
			cls_buf_add(&t, "—");
		else if (!ma->known)
			cls_buf_add(&t, "non précisé");
		else
			clsi_fmt_money(&t, ya, &clsi_seps_html);
		cls_buf_printf(o,
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" "
		    "font-weight=\"700\">%s</text>\n",
		    x0 + bw * ya / max + 6, y + 31, cls_buf_str(&t));
		cls_buf_printf(o,
		    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"14\" fill=\"#a9c6e6\"/>\n",
		    x0, y + 36, bw * m->montant / max);
		cls_buf_reset(&t);
		clsi_fmt_money(&t, m->montant, &clsi_seps_html);
		cls_buf_printf(o,
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>\n",
		    x0 + bw * m->montant / max + 6, y + 48, cls_buf_str(&t));
	}
	cls_buf_add(o, "</svg>\n");
	c->svg.oom |= t.oom;
	cls_buf_release(&t);
	return true;
}

bool clsi_chart_oom(const clsi_chart *c)
{
	return c->svg.oom || c->title.oom || c->desc.oom || c->caption.oom;
}

void clsi_chart_release(clsi_chart *c)
{
	cls_buf_release(&c->svg);
	cls_buf_release(&c->title);
	cls_buf_release(&c->desc);
	cls_buf_release(&c->caption);
}
