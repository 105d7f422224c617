/* SPDX-License-Identifier: MIT */
/*
 * report-span-html.c - the evaluation over years and the synthesis of
 * several contracts as one self-contained HTML page each, with the
 * annual review's style sheet and print rules (html.c) and a few more.
 * Charts are chart-span.c's, inline SVG with role="img", a <title> and a
 * <desc> that gives their figures in words: the fiches by statut year by year
 * (or contract by contract) as stacked bars, the money planned and spent year
 * by year (or contract by contract), and for each numeric indicateur its cible
 * and valeur over the years.  Every text from the contracts is escaped.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

typedef struct hw {
	FILE *f;
	const cls_report *r;
	const cls_report_span *s;
	int from, to;
	size_t nyears;
	cls_buf a, b, c;
	int svg; /* charts written, for unique ids */
} hw;

/* What these pages add to the annual review's style sheet. */
static const char *const more_style[] = {
    ".serie{display:grid;grid-template-columns:3fr 2fr;"
    "gap:.4rem 1.2rem;align-items:start;margin:.6rem 0 1rem;"
    "break-inside:avoid}\n",
    ".serie figure{margin:0}\n",
    ".serie figcaption{font-weight:400;font-size:.8rem;color:var(--doux);"
    "margin:.2rem 0 0}\n",
    ".serie table{margin:0}\n",
    ".serie .ind{grid-column:1/-1;margin:.4rem 0 0;font-size:.92rem;"
    "text-transform:none;letter-spacing:0;color:var(--encre)}\n",
    "ul.jalons{margin:.3rem 0 .8rem;padding-left:1.2rem}\n",
    ".j-atteint{color:var(--ok);font-weight:600}\n",
    ".j-en_retard{color:var(--ko);font-weight:600}\n",
    ".j-a_venir{color:var(--doux)}\n",
    "tr.invalide th{color:#8e2317}\n",
    ".drapeau{display:inline-block;background:#fbe3e0;color:#8e2317;"
    "border:1px solid #e39a90;border-radius:4px;padding:0 .35em;"
    "font-size:.8em;font-weight:600;margin-left:.4em}\n",
    ".contrat{border:1px solid var(--trait);border-left:5px solid "
    "var(--marine);border-radius:6px;padding:.2rem 1.2rem .6rem;"
    "margin:1.2rem 0;break-inside:avoid}\n",
    ".contrat.invalide{border-left-color:#c0392b}\n",
    ".contrat.hors{border-left-color:#c8ccd2;border-left-style:dashed}\n",
    ".tableau-large{overflow-x:auto}\n",
    ".annees{white-space:nowrap}\n",
    "table.long{break-inside:auto}\n",
    "@media print{.tableau-large{overflow:visible}.serie{grid-template-"
    "columns:1fr 1fr}table.long,.contrat{break-inside:auto}"
    ".contrat h3{break-after:avoid}}\n",
    NULL,
};

static const char *str(cls_buf *b)
{
	return cls_buf_str(b);
}

static void start(hw *w, FILE *f, const cls_report *r)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->r = r;
	w->s = cls_report_span_of(r);
	w->from = cls_report_from(r);
	w->to = cls_report_to(r);
	w->nyears = (size_t)(w->to - w->from) + 1;
}

static int finish(hw *w)
{
	int rc = w->a.oom || w->b.oom || w->c.oom ? -1 : 0;
	cls_buf_release(&w->a);
	cls_buf_release(&w->b);
	cls_buf_release(&w->c);
	return rc;
}

/* The page up to its header: title (plain text, escaped). */
static void page_open(hw *w, const char *title)
{
	FILE *f = w->f;
	fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"cls " CLS_VERSION "\">\n"
	      "<title>",
	    f);
	clsi_html(f, title);
	fputs("</title>\n<style>\n", f);
	for (size_t i = 0; clsi_html_style[i]; i++)
		fputs(clsi_html_style[i], f);
	for (size_t i = 0; more_style[i]; i++)
		fputs(more_style[i], f);
	fputs("</style>\n</head>\n<body>\n<div class=\"page\">\n", f);
}

static void page_close(hw *w, const char *what)
{
	fprintf(w->f,
	    "</main>\n<footer><p>%s établie par cls " CLS_VERSION
	    " à partir des fiches actions. Règles de calcul : "
	    "<code>man cls-report</code>.</p></footer>\n</div>\n</body>\n"
	    "</html>\n",
	    what);
}

/* A card of the summary: the figure (or "—") and its legend. */
static void card_of(hw *w, const char *chiffre, const char *legende)
{
	clsi_html_card(w->f, chiffre, legende);
}

/* -------------------------------------------------------------- charts */

/* The chart c (drawn by chart-span.c with the id w->svg + 1 when drawn
 * is true) in a <figure> with its caption. */
static void figure(hw *w, clsi_chart *c, bool drawn)
{
	if (drawn) {
		w->svg++;
		fputs("<figure>\n", w->f);
		fwrite(c->svg.s, 1, c->svg.len, w->f);
		fputs("<figcaption>", w->f);
		clsi_html(w->f, cls_buf_str(&c->caption));
		fputs("</figcaption>\n</figure>\n", w->f);
	}
	w->a.oom |= clsi_chart_oom(c);
	clsi_chart_release(c);
}

static void chart_stacked(hw *w, const char *title, const char *const *labels,
    const size_t (*counts)[CLS_STATUT_COUNT], size_t n)
{
	clsi_chart c = {0};
	figure(w, &c,
	    clsi_chart_stacked(
	        &c, title, labels, counts, n, w->svg + 1, false));
}

static void chart_pairs(hw *w, const char *title, const char *la,
    const char *lb, const clsi_pair *v, size_t n)
{
	clsi_chart c = {0};
	figure(w, &c,
	    clsi_chart_pairs(&c, title, la, lb, v, n, w->svg + 1, false));
}

static void chart_series(hw *w, const cls_report_trajectory *tr, size_t i)
{
	clsi_chart c = {0};
	figure(w, &c, clsi_chart_series(&c, w->s, tr, i, w->svg + 1, false));
}

/* ------------------------------------------------------ shared tables */

static void th_years(hw *w, const char *first)
{
	fprintf(w->f, "<thead><tr><th scope=\"col\">%s</th>", first);
	for (size_t k = 0; k < w->nyears; k++)
		fprintf(w->f, "<th scope=\"col\" class=\"n\">%d</th>",
		    w->from + (int)k);
}

static void statut_years(hw *w, const cls_report_figures *annees)
{
	FILE *f = w->f;
	fputs("<div class=\"tableau-large\"><table>\n<caption>Fiches actions "
	      "par statut, année par année</caption>\n",
	    f);
	th_years(w, "Statut");
	fputs("</tr></thead>\n<tbody>\n", f);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		fprintf(f,
		    "<tr><th scope=\"row\"><span class=\"badge s-%s\">%s"
		    "</span></th>",
		    clsi_html_statut_class(s), cls_statut_label(s));
		for (size_t k = 0; k < w->nyears; k++)
			fprintf(f, "<td class=\"n\">%zu</td>",
			    annees[k].par_statut[s]);
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"total\"><th scope=\"row\">Total</th>", f);
	for (size_t k = 0; k < w->nyears; k++)
		fprintf(f, "<td class=\"n\">%zu</td>", annees[k].fiches);
	fputs("</tr>\n</tbody>\n</table></div>\n", f);
}

static void chart_statut_years(hw *w, const cls_report_figures *annees)
{
	const char *labels[64];
	size_t counts[64][CLS_STATUT_COUNT];
	char years[64][16];
	size_t n = w->nyears < 64 ? w->nyears : 64;
	for (size_t k = 0; k < n; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		labels[k] = years[k];
		memcpy(counts[k], annees[k].par_statut, sizeof(counts[k]));
	}
	chart_stacked(w, "Statut des fiches actions, année par année", labels,
	    (const size_t(*)[CLS_STATUT_COUNT])counts, n);
}

static void statut_table(
    hw *w, const size_t *par_statut, size_t total, const char *caption)
{
	FILE *f = w->f;
	fprintf(f,
	    "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">"
	    "Statut</th><th scope=\"col\" class=\"n\">Fiches</th></tr>"
	    "</thead>\n<tbody>\n",
	    caption);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		fprintf(f,
		    "<tr><th scope=\"row\"><span class=\"badge s-%s\">%s"
		    "</span></th><td class=\"n\">%zu</td></tr>\n",
		    clsi_html_statut_class(s), cls_statut_label(s),
		    par_statut[s]);
	}
	fprintf(f,
	    "<tr class=\"total\"><th scope=\"row\">Total</th>"
	    "<td class=\"n\">%zu</td></tr>\n</tbody>\n</table>\n",
	    total);
}

static void moves_table(hw *w, const cls_report_moves *m)
{
	fprintf(w->f,
	    "<table>\n<caption>Mouvements pendant la période</caption>\n"
	    "<tbody>\n<tr><th scope=\"row\">démarrées</th><td class=\"n\">%zu"
	    "</td></tr>\n<tr><th scope=\"row\">réalisées</th><td "
	    "class=\"n\">%zu</td></tr>\n<tr><th scope=\"row\">abandonnées"
	    "</th><td class=\"n\">%zu</td></tr>\n<tr><th scope=\"row\">"
	    "reportées</th><td class=\"n\">%zu</td></tr>\n</tbody>\n"
	    "</table>\n",
	    m->demarrees, m->realisees, m->abandonnees, m->reportees);
}

static void ind_row(
    hw *w, const char *label, const cls_report_figures *g, bool total)
{
	cls_buf_reset(&w->a);
	if (g->has_part)
		clsi_fmt_pct(&w->a, g->part, &clsi_seps_html);
	else
		cls_buf_add(&w->a, "—");
	fprintf(w->f,
	    "<tr%s><th scope=\"row\">%s</th><td class=\"n\">%zu</td>"
	    "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
	    "<td class=\"n\">%zu</td><td class=\"n\">%s</td></tr>\n",
	    total ? " class=\"total\"" : "", label, g->avec_cible, g->evalues,
	    g->atteints, g->sans_valeur, str(&w->a));
}

static void indicateurs_years(
    hw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	fputs("<table>\n<caption>Indicateurs chiffrés ayant une cible, par "
	      "année</caption>\n<thead><tr><th scope=\"col\">Année</th>"
	      "<th scope=\"col\" class=\"n\">Avec cible</th><th scope=\"col\" "
	      "class=\"n\">Évalués</th><th scope=\"col\" class=\"n\">Atteints"
	      "</th><th scope=\"col\" class=\"n\">Sans valeur</th>"
	      "<th scope=\"col\" class=\"n\">Part atteinte</th></tr></thead>"
	      "\n<tbody>\n",
	    w->f);
	char y[24];
	for (size_t k = 0; k < w->nyears; k++) {
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		ind_row(w, y, &annees[k], false);
	}
	if (w->nyears > 1) {
		snprintf(y, sizeof(y), "%d-%d", w->from, w->to);
		ind_row(w, y, periode, true);
	}
	fputs("</tbody>\n</table>\n", w->f);
}

static void money_cell(hw *w, const cls_report_money *m)
{
	cls_buf_reset(&w->a);
	clsi_fmt_money_of(&w->a, m, &clsi_seps_html);
	fprintf(w->f, "<td class=\"n%s\">%s</td>", m && m->known ? "" : " muet",
	    str(&w->a));
}

static void funders(hw *w, const cls_report_funder *v, size_t n,
    const cls_report_figures *annees, const cls_report_figures *periode,
    double duree, size_t dk, size_t du, bool count)
{
	FILE *f = w->f;
	fputs("<div class=\"tableau-large\"><table class=\"long\">\n"
	      "<caption>Financements "
	      "prévus par financeur et par année</caption>\n",
	    f);
	th_years(w, "Financeur");
	if (w->nyears > 1)
		fprintf(f, "<th scope=\"col\" class=\"n\">Total %d-%d</th>",
		    w->from, w->to);
	fputs("<th scope=\"col\" class=\"n\">Durée du contrat</th>", f);
	if (count)
		fputs("<th scope=\"col\" class=\"n\">Contrats</th>", f);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		const cls_report_funder *u = &v[i];
		if (!u->periode.known && !u->periode.unknown && !u->duree.known
		    && !u->duree.unknown)
			continue;
		fputs("<tr><th scope=\"row\">", f);
		clsi_html(f, u->financeur);
		fputs("</th>", f);
		for (size_t k = 0; k < w->nyears; k++)
			money_cell(w, &u->annees[k]);
		if (w->nyears > 1)
			money_cell(w, &u->periode);
		money_cell(w, &u->duree);
		if (count)
			fprintf(f, "<td class=\"n\">%zu</td>", u->contrats);
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"total\"><th scope=\"row\">Total</th>", f);
	for (size_t k = 0; k <= w->nyears; k++) {
		if (k == w->nyears && w->nyears == 1)
			break;
		cls_buf_reset(&w->a);
		clsi_fmt_prevu(&w->a, k < w->nyears ? &annees[k] : periode,
		    &clsi_seps_html);
		fprintf(f, "<td class=\"n\">%s</td>", str(&w->a));
	}
	cls_buf_reset(&w->a);
	clsi_fmt_total(&w->a, duree, dk, du, &clsi_seps_html);
	fprintf(f, "<td class=\"n\">%s</td>%s</tr>\n</tbody>\n</table></div>\n",
	    str(&w->a), count ? "<td></td>" : "");
	if (periode->prevu_unknown || du)
		fprintf(f,
		    "<p class=\"muet\">Montant non précisé pour %zu "
		    "financement%s : les totaux ne les comptent pas.</p>\n",
		    periode->prevu_unknown + du,
		    periode->prevu_unknown + du > 1 ? "s" : "");
}

static void money_years(
    hw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	FILE *f = w->f;
	clsi_pair v[64];
	char years[64][16];
	size_t n = w->nyears < 64 ? w->nyears : 64;
	for (size_t k = 0; k < n; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		v[k] = (clsi_pair){years[k], annees[k].prevu_known > 0,
		    annees[k].depenses_n > 0, annees[k].prevu,
		    annees[k].depenses};
	}
	chart_pairs(w, "Financements prévus et dépenses réalisées, par année",
	    "prévu", "dépensé", v, n);
	fputs("<table>\n<caption>Financements prévus et dépenses réalisées, "
	      "par année</caption>\n<thead><tr><th scope=\"col\">Année</th>"
	      "<th scope=\"col\" class=\"n\">Prévu</th><th scope=\"col\" "
	      "class=\"n\">Dépensé</th><th scope=\"col\" class=\"n\">Suivis "
	      "avec dépenses</th></tr></thead>\n<tbody>\n",
	    f);
	char y[24];
	for (size_t k = 0; k <= w->nyears; k++) {
		const cls_report_figures *g
		    = k < w->nyears ? &annees[k] : periode;
		if (k == w->nyears && w->nyears == 1)
			break;
		if (k < w->nyears)
			snprintf(y, sizeof(y), "%d", w->from + (int)k);
		else
			snprintf(y, sizeof(y), "%d-%d", w->from, w->to);
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		clsi_fmt_prevu(&w->a, g, &clsi_seps_html);
		if (g->depenses_n)
			clsi_fmt_money(&w->b, g->depenses, &clsi_seps_html);
		else
			cls_buf_add(&w->b, "—");
		fprintf(f,
		    "<tr%s><th scope=\"row\">%s</th><td class=\"n\">%s</td>"
		    "<td class=\"n\">%s</td><td class=\"n\">%zu</td></tr>\n",
		    k == w->nyears ? " class=\"total\"" : "", y, str(&w->a),
		    str(&w->b), g->depenses_n);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* ---------------------------------------------------- the evaluation */

static void eval_tally(
    hw *w, size_t axe, size_t obj, bool is_obj, const char *id)
{
	FILE *f = w->f;
	fprintf(f, "<table>\n<caption>%s ", is_obj ? "Objectif" : "Axe");
	clsi_html(f, id);
	fputs(", année par année</caption>\n<thead><tr><th scope=\"col\">"
	      "Année</th><th scope=\"col\">Fiches par statut</th>"
	      "<th scope=\"col\" class=\"n\">Avancement moyen</th></tr>"
	      "</thead>\n<tbody>\n",
	    f);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_axe *ra = &w->s->years[k].axes[axe];
		const cls_report_tally *t
		    = is_obj ? &ra->objs[obj].tally : &ra->tally;
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		clsi_fmt_statuts(&w->a, t->par_statut);
		if (t->avec_avancement) {
			clsi_fmt_pct(&w->b, t->avancement, &clsi_seps_html);
			cls_buf_printf(&w->b, " (%zu)", t->avec_avancement);
		} else {
			cls_buf_add(&w->b, "—");
		}
		fprintf(f,
		    "<tr><th scope=\"row\">%d</th><td>%s</td><td class=\"n\">"
		    "%s</td></tr>\n",
		    w->from + (int)k, str(&w->a), str(&w->b));
	}
	fputs("</tbody>\n</table>\n", f);
}

static void eval_indicateur(
    hw *w, const cls_report_trajectory *tr, size_t i, int level)
{
	FILE *f = w->f;
	const cls_report_span *s = w->s;
	const cls_indicateur *ind = s->years[0].fiches[tr->index].inds[i].ind;
	fprintf(f, "<div class=\"serie\">\n<h%d class=\"ind\">", level);
	clsi_html(f, ind->libelle ? ind->libelle : ind->id);
	if (ind->unite && *ind->unite) {
		fputs(" <span class=\"muet\">(", f);
		clsi_html(f, ind->unite);
		fputs(")</span>", f);
	}
	if (ind->sens == CLS_BAISSE)
		fputs(" <span class=\"muet\">(à la baisse)</span>", f);
	fprintf(f, "</h%d>\n", level);
	if (cls_indicateur_qualitative(ind)) {
		fputs("<ul class=\"qualitatifs\" style=\"grid-column:1/-1\">\n",
		    f);
		for (size_t k = 0; k < s->nyears; k++) {
			const cls_report_ind *ri
			    = &s->years[k].fiches[tr->index].inds[i];
			fprintf(
			    f, "<li><strong>%d</strong> : ", s->years[k].year);
			if (ri->t.valeur && ri->t.valeur->text)
				clsi_html(f, ri->t.valeur->text);
			else
				fputs("<span class=\"muet\">—</span>", f);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n</div>\n", f);
		return;
	}
	bool cumul = ind->has_cible_totale;
	fputs("<table class=\"indicateurs\">\n<caption>Fiche ", f);
	clsi_html(f, tr->f->id);
	fputs(", ", f);
	clsi_html(f, ind->id);
	fputs(", année par année", f);
	if (cumul) {
		cls_buf_reset(&w->a);
		clsi_fmt_num(&w->a, ind->cible_totale, &clsi_seps_html);
		fprintf(f, " (cible totale %s)", str(&w->a));
	}
	fputs("</caption>\n<thead><tr><th scope=\"col\">Année</th>"
	      "<th scope=\"col\" class=\"n\">Cible</th><th scope=\"col\" "
	      "class=\"n\">Valeur</th><th scope=\"col\">Réalisation</th>",
	    f);
	if (cumul)
		fputs("<th scope=\"col\" class=\"n\">Cumul</th><th "
		      "scope=\"col\" class=\"n\">/ cible totale</th>",
		    f);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t k = 0; k < s->nyears; k++) {
		const cls_report_ind *ri
		    = &s->years[k].fiches[tr->index].inds[i];
		fprintf(f, "<tr><th scope=\"row\">%d</th>", s->years[k].year);
		clsi_html_ind_cells(f, &w->a, ri);
		if (cumul) {
			cls_buf_reset(&w->a);
			cls_buf_reset(&w->b);
			clsi_fmt_num(&w->a, ri->t.cumul, &clsi_seps_html);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &w->b, ri->t.taux_cumul, &clsi_seps_html);
			else
				cls_buf_add(&w->b, "—");
			fprintf(f,
			    "<td class=\"n\">%s</td><td class=\"n\">%s"
			    "</td>",
			    str(&w->a), str(&w->b));
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	chart_series(w, tr, i);
	fputs("</div>\n", f);
}

static const char *const jalon_class[] = {
    "atteint",
    "en_retard",
    "a_venir",
};

static void eval_fiche(hw *w, const cls_report_fiche *rf0, int level)
{
	const cls_report_trajectory *tr
	    = &w->s->fiches[rf0 - w->s->years[0].fiches];
	const cls_fiche *fi = tr->f;
	FILE *f = w->f;
	int sub = level + 1 > 6 ? 6 : level + 1;
	fprintf(f, "<article class=\"fiche f-%s\" id=\"",
	    clsi_html_statut_class(tr->statut_fin));
	clsi_html_id(f, "fiche-", fi->id);
	fprintf(f,
	    "\">\n<div class=\"entete\">\n<h%d><span class=\"num\">Fiche ",
	    level);
	clsi_html(f, fi->id);
	fputs("</span>", f);
	clsi_html(f, fi->titre ? fi->titre : "(sans titre)");
	fprintf(f,
	    "</h%d>\n<div class=\"etat\"><span class=\"badge s-%s\">Statut "
	    "final : %s",
	    level, clsi_html_statut_class(tr->statut_fin),
	    cls_statut_label(tr->statut_fin));
	if (tr->annee_fin)
		fprintf(f, " (%d)", tr->annee_fin);
	fputs("</span>", f);
	cls_buf_reset(&w->a);
	clsi_fmt_parcours(&w->a, tr);
	fprintf(f, "<span>%s</span></div>\n<dl class=\"infos\">\n", str(&w->a));
	if (fi->first_year)
		fprintf(f, "<dt>Calendrier</dt><dd>%d-%d</dd>\n",
		    fi->first_year, fi->last_year);
	if (fi->porteurs.count) {
		fprintf(f, "<dt>%s</dt><dd><ul>",
		    fi->porteurs.count > 1 ? "Porteurs" : "Porteur");
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			fputs("<li>", f);
			clsi_html(f, fi->porteurs.items[i]);
			fputs("</li>", f);
		}
		fputs("</ul></dd>\n", f);
	}
	fputs("<dt>Fichier</dt><dd><code>", f);
	clsi_html(f, fi->file);
	fputs("</code></dd>\n</dl>\n</div>\n", f);

	fputs("<table>\n<caption>Fiche ", f);
	clsi_html(f, fi->id);
	fputs(", année par année</caption>\n<thead><tr><th scope=\"col\">"
	      "Année</th><th scope=\"col\">Statut</th><th scope=\"col\">"
	      "Avancement</th><th scope=\"col\" class=\"n\">Dépenses</th>"
	      "</tr></thead>\n<tbody>\n",
	    f);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_fiche *rf = &w->s->years[k].fiches[tr->index];
		const cls_suivi *s = rf->suivi;
		fprintf(f,
		    "<tr><th scope=\"row\">%d</th><td><span class=\"badge "
		    "s-%s\">%s</span>%s</td><td>",
		    w->from + (int)k, clsi_html_statut_class(rf->statut),
		    cls_statut_label(rf->statut),
		    rf->runs ? ""
		             : " <span class=\"muet\">hors calendrier</span>");
		if (s && s->has_avancement) {
			double a = s->avancement < 0 ? 0
			    : s->avancement > 100    ? 100
			                             : s->avancement;
			cls_buf_reset(&w->a);
			clsi_fmt_pct(&w->a, s->avancement, &clsi_seps_html);
			fprintf(f,
			    "<span class=\"avancement\"><span class=\"barre\" "
			    "role=\"img\" aria-label=\"avancement %s\"><span "
			    "style=\"width:%.0f%%\"></span></span> %s</span>",
			    str(&w->a), a, str(&w->a));
		} else {
			fputs("<span class=\"muet\">—</span>", f);
		}
		cls_buf_reset(&w->a);
		if (s && s->has_depenses)
			clsi_fmt_money(&w->a, s->depenses, &clsi_seps_html);
		else
			cls_buf_add(&w->a, "—");
		fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", str(&w->a));
	}
	fputs("</tbody>\n</table>\n", f);

	if (!rf0->nind)
		fputs("<p class=\"muet\">Indicateurs : aucun.</p>\n", f);
	else
		fprintf(f, "<h%d class=\"sous\">Indicateurs</h%d>\n", sub, sub);
	for (size_t i = 0; i < rf0->nind; i++)
		eval_indicateur(w, tr, i, sub + 1 > 6 ? 6 : sub + 1);
	if (tr->njalons) {
		fprintf(f,
		    "<h%d class=\"sous\">Jalons</h%d>\n<ul class=\"jalons\">\n",
		    sub, sub);
		for (size_t i = 0; i < tr->njalons; i++) {
			const cls_report_jalon *j = &tr->jalons[i];
			fputs("<li>", f);
			clsi_html(
			    f, j->libelle ? j->libelle : "(sans libellé)");
			if (j->date) {
				fputs(" <span class=\"muet\">(prévu ", f);
				clsi_html(f, j->date);
				fputs(")</span>", f);
			}
			fprintf(f, " : <span class=\"j-%s\">",
			    jalon_class[j->etat]);
			if (j->etat == CLS_JALON_ATTEINT)
				fprintf(f, "atteint en %d", j->atteint_en);
			else
				fputs(clsi_jalon_label(j->etat), f);
			fputs("</span></li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	if (tr->nfin) {
		fputs("<table class=\"financements\">\n<caption>Financements "
		      "de la fiche ",
		    f);
		clsi_html(f, fi->id);
		fprintf(f,
		    ", %d-%d</caption>\n<thead><tr><th scope=\"col\">"
		    "Financeur</th><th scope=\"col\" class=\"n\">Montant</th>"
		    "<th scope=\"col\">Année</th><th scope=\"col\">Statut</th>"
		    "<th scope=\"col\">Note</th></tr></thead>\n<tbody>\n",
		    w->from, w->to);
		for (size_t i = 0; i < tr->nfin; i++) {
			const cls_financement *fin = tr->fins[i];
			fputs("<tr><th scope=\"row\">", f);
			clsi_html(f, fin->financeur);
			cls_buf_reset(&w->a);
			clsi_fmt_fin_montant(&w->a, fin, &clsi_seps_html);
			fprintf(f, "</th><td class=\"n%s\">%s</td>",
			    fin->has_montant ? "" : " muet", str(&w->a));
			if (fin->annee)
				fprintf(f, "<td>%d</td>", fin->annee);
			else
				fputs("<td>sur la durée du contrat</td>", f);
			fprintf(f, "<td>%s</td><td>",
			    cls_fin_statut_label(fin->statut));
			clsi_html(f, fin->note);
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	bool any = false;
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_suivi *s = w->s->years[k].fiches[tr->index].suivi;
		if (!clsi_suivi_has_words(s))
			continue;
		if (!any)
			fprintf(f, "<h%d class=\"sous\">Commentaires</h%d>\n",
			    sub, sub);
		any = true;
		/* the year before the first paragraph it has, then the
		 * leviers, freins and perspectives of that year */
		fprintf(f, "<p class=\"commentaire\"><strong>%d</strong> · ",
		    w->from + (int)k);
		bool open = true;
		if (s->commentaire && *s->commentaire) {
			clsi_html_esc(f, s->commentaire, true);
			fputs("</p>\n", f);
			open = false;
		}
		for (int n = 0; n < CLSI_SUIVI_LISTS; n++) {
			const cls_strlist *l = clsi_suivi_list(s, n);
			if (!l->count)
				continue;
			if (!open)
				fputs("<p class=\"commentaire\">", f);
			fprintf(
			    f, "%s :</p>\n<ul>\n", clsi_suivi_list_title[n]);
			open = false;
			for (size_t i = 0; i < l->count; i++) {
				fputs("<li>", f);
				clsi_html(f, l->items[i]);
				fputs("</li>\n", f);
			}
			fputs("</ul>\n", f);
		}
	}
	fputs("</article>\n", f);
}

static void eval_manques(hw *w)
{
	FILE *f = w->f;
	const cls_report_contract *k = cls_report_contract_of(w->r, 0);
	const cls_report_year *y0 = &w->s->years[0];
	fputs("<section id=\"manques\" aria-labelledby=\"h-manques\">\n"
	      "<h2 id=\"h-manques\">Ce qui manque</h2>\n",
	    f);
	fprintf(f,
	    "<h3>Fiches sans suivi une année de leur calendrier : %zu</h3>\n",
	    k->nsans_suivi);
	if (!k->nsans_suivi)
		fputs("<p>Aucune.</p>\n", f);
	else
		fputs("<ul>\n", f);
	for (size_t i = 0; i < k->nsans_suivi; i++) {
		const cls_report_absent *ab = &k->sans_suivi[i];
		fputs("<li><a href=\"#", f);
		clsi_html_id(f, "fiche-", ab->id);
		fputs("\">Fiche ", f);
		clsi_html(f, ab->id);
		fputs("</a> — ", f);
		clsi_html(f, ab->titre ? ab->titre : "(sans titre)");
		fputs(" (<code>", f);
		clsi_html(f, ab->fichier);
		fputs("</code>) : ", f);
		for (size_t y = 0; y < ab->nannees; y++)
			fprintf(f, "%s%d", y ? ", " : "", ab->annees[y]);
		fputs("</li>\n", f);
	}
	if (k->nsans_suivi)
		fputs("</ul>\n", f);
	size_t total = 0;
	for (size_t y = 0; y < w->nyears; y++)
		total += k->annees[y].sans_valeur_n;
	fprintf(
	    f, "<h3>Valeurs manquantes des indicateurs : %zu</h3>\n", total);
	if (!total) {
		fputs("<p>Aucune.</p>\n", f);
	} else {
		fputs("<table>\n<caption>Valeurs manquantes des indicateurs"
		      "</caption>\n<thead><tr><th scope=\"col\">Fiche</th>"
		      "<th scope=\"col\">Indicateur</th><th scope=\"col\">"
		      "Années sans valeur</th></tr></thead>\n<tbody>\n",
		    f);
		for (size_t i = 0; i < w->s->ngaps; i++) {
			const cls_report_gap *g = &w->s->gaps[i];
			const cls_indicateur *ind
			    = y0->fiches[g->t->index].inds[g->ind].ind;
			cls_buf_reset(&w->a);
			clsi_fmt_gap(&w->a, w->s, g, &clsi_seps_html);
			fputs("<tr><th scope=\"row\"><a href=\"#", f);
			clsi_html_id(f, "fiche-", g->t->f->id);
			fputs("\">", f);
			clsi_html(f, g->t->f->id);
			fputs("</a></th><td>", f);
			clsi_html(f, ind->libelle);
			fputs(" <span class=\"muet\">(", f);
			clsi_html(f, ind->id);
			fputs(")</span></td><td>", f);
			clsi_html(f, str(&w->a));
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	clsi_html_warnings(f, y0);
	fputs("</section>\n", f);
}

int clsi_render_span_html(FILE *f, const cls_report *r)
{
	hw w;
	start(&w, f, r);
	const cls_report_year *y0 = &w.s->years[0];
	const cls_plan *p = y0->plan;
	const cls_report_contract *k = cls_report_contract_of(r, 0);
	const char *nom = p->nom ? p->nom : "Contrat Local de Santé";

	cls_buf_reset(&w.b);
	cls_buf_printf(&w.b, "Évaluation %d-%d — %s", w.from, w.to, nom);
	page_open(&w, str(&w.b));
	fprintf(f,
	    "<header class=\"titre\">\n<p class=\"surtitre\">Évaluation "
	    "%d-%d · %zu année%s sur les %d du contrat</p>\n<h1>",
	    w.from, w.to, w.nyears, w.nyears > 1 ? "s" : "",
	    p->fin - p->debut + 1);
	clsi_html(f, nom);
	fputs("</h1>\n<dl>\n<div><dt>Territoire</dt><dd>", f);
	clsi_html(f, p->territoire ? p->territoire : "—");
	fprintf(f,
	    "</dd></div>\n<div><dt>Période du contrat</dt><dd>%d-%d</dd>"
	    "</div>\n<div><dt>Années évaluées</dt><dd>%d-%d</dd></div>\n"
	    "</dl>\n</header>\n",
	    p->debut, p->fin, w.from, w.to);
	if (y0->errors) {
		cls_buf_reset(&w.a);
		clsi_fmt_span_invalid(&w.a, y0->errors, false);
		fputs("<div class=\"alerte\" role=\"alert\"><strong>Attention :"
		      "</strong> ",
		    f);
		clsi_html(f, str(&w.a));
		fputs("</div>\n", f);
	}
	fputs("<nav class=\"sommaire\" aria-labelledby=\"h-sommaire\">\n"
	      "<h2 id=\"h-sommaire\">Sommaire</h2>\n<ol>\n"
	      "<li><a href=\"#synthese\">Synthèse</a></li>\n",
	    f);
	for (size_t i = 0; i < y0->naxes; i++) {
		fputs("<li><a href=\"#", f);
		clsi_html_id(f, "axe-", y0->axes[i].axe->id);
		fputs("\">Axe ", f);
		clsi_html(f, y0->axes[i].axe->id);
		fputs(" — ", f);
		clsi_html(f, y0->axes[i].axe->titre);
		fputs("</a></li>\n", f);
	}
	if (y0->nhors)
		fputs(
		    "<li><a href=\"#hors-axe\">Fiches hors axe</a></li>\n", f);
	fputs("<li><a href=\"#manques\">Ce qui manque</a></li>\n</ol>\n"
	      "</nav>\n<main>\n",
	    f);

	/* the summary */
	fputs("<section id=\"synthese\" aria-labelledby=\"h-synthese\">\n"
	      "<h2 id=\"h-synthese\">Synthèse</h2>\n<div class=\"cartes\">\n",
	    f);
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	cls_buf_printf(&w.a, "%zu", k->periode.fiches);
	cls_buf_add(&w.b, "fiches actions en fin de période : ");
	clsi_fmt_statuts(&w.b, k->periode.par_statut);
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	if (k->periode.has_part) {
		clsi_fmt_pct(&w.a, k->periode.part, &clsi_seps_html);
		cls_buf_printf(&w.b,
		    "des indicateurs chiffrés évalués atteignent leur cible "
		    "de %d à %d (%zu sur %zu)",
		    w.from, w.to, k->periode.atteints, k->periode.evalues);
	} else {
		cls_buf_add(&w.a, "—");
		cls_buf_add(&w.b, "aucun indicateur chiffré évalué");
	}
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	clsi_fmt_prevu(&w.a, &k->periode, &clsi_seps_html);
	cls_buf_printf(&w.b, "de financements prévus de %d à %d", w.from, w.to);
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	if (k->periode.depenses_n) {
		clsi_fmt_money(&w.a, k->periode.depenses, &clsi_seps_html);
		cls_buf_printf(&w.b, "dépensés de %d à %d (%zu suivis)", w.from,
		    w.to, k->periode.depenses_n);
	} else {
		cls_buf_add(&w.a, "—");
		cls_buf_add(&w.b, "dépenses non renseignées dans le suivi");
	}
	card_of(&w, str(&w.a), str(&w.b));
	fputs("</div>\n", f);
	fputs(
	    "<h3>Statut des fiches actions</h3>\n<div class=\"grille\">\n", f);
	statut_table(&w, k->periode.par_statut, k->periode.fiches,
	    "Fiches actions par statut en fin de période");
	moves_table(&w, &k->moves);
	fprintf(f,
	    "</div>\n<p class=\"muet\">Le statut de chaque fiche est celui de "
	    "son dernier suivi de %d à %d.</p>\n",
	    w.from, w.to);
	chart_statut_years(&w, k->annees);
	statut_years(&w, k->annees);
	fputs("<h3>Indicateurs</h3>\n", f);
	indicateurs_years(&w, k->annees, &k->periode);
	fputs("<h3>Financements et dépenses</h3>\n", f);
	money_years(&w, k->annees, &k->periode);
	if (k->nfinanceurs)
		funders(&w, k->financeurs, k->nfinanceurs, k->annees,
		    &k->periode, k->total_duree, k->duree_known,
		    k->duree_unknown, false);
	else
		fputs(
		    "<p>Aucun financement n'est inscrit dans les fiches.</p>\n",
		    f);
	fputs("</section>\n", f);

	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		clsi_html_section_open(
		    f, "axe", "Axe", ra->axe->id, ra->axe->titre, 2);
		if (!ra->total)
			fputs("<p class=\"muet\">Aucune fiche action dans cet "
			      "axe.</p>\n",
			    f);
		else
			eval_tally(&w, i, 0, false, ra->axe->id);
		for (size_t n = 0; n < ra->n; n++)
			eval_fiche(&w, ra->fiches[n], 3);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			clsi_html_section_open(f, "objectif", "Objectif",
			    ro->obj->id, ro->obj->titre, 3);
			if (!ro->n)
				fputs("<p class=\"muet\">Aucune fiche action "
				      "pour cet objectif.</p>\n",
				    f);
			else
				eval_tally(&w, i, o, true, ro->obj->id);
			for (size_t n = 0; n < ro->n; n++)
				eval_fiche(&w, ro->fiches[n], 4);
			fputs("</section>\n", f);
		}
		fputs("</section>\n", f);
	}
	if (y0->nhors) {
		fputs(
		    "<section class=\"axe\" id=\"hors-axe\">\n<h2>Fiches hors "
		    "axe</h2>\n<p>Ces fiches ne sont rattachées à aucun axe "
		    "connu de <code>cls.yaml</code>.</p>\n",
		    f);
		for (size_t n = 0; n < y0->nhors; n++)
			eval_fiche(&w, y0->hors_axe[n], 3);
		fputs("</section>\n", f);
	}
	eval_manques(&w);
	page_close(&w, "Évaluation");
	return finish(&w);
}

/* ----------------------------------------------------- the synthesis */

static void contract_id(FILE *f, size_t i)
{
	fprintf(f, "contrat-%zu", i + 1);
}

static void dossier_list(hw *w, const char *label,
    bool (*keep)(const cls_report_contract *, size_t), size_t y)
{
	FILE *f = w->f;
	size_t n = 0;
	for (size_t i = 0; i < cls_report_contracts(w->r); i++)
		n += keep(cls_report_contract_of(w->r, i), y);
	fprintf(f, "<tr><th scope=\"row\">%s</th><td class=\"n\">%zu</td><td>",
	    label, n);
	for (size_t i = 0, m = 0; i < cls_report_contracts(w->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(w->r, i);
		if (!keep(k, y))
			continue;
		fputs(m++ ? ", " : "", f);
		fputs("<a href=\"#", f);
		contract_id(f, i);
		fputs("\">", f);
		clsi_html(f, k->dossier);
		fputs("</a>", f);
	}
	fputs("</td></tr>\n", f);
}

/* The comparison of the contracts: fiches by statut, money planned and
 * spent, one row a covered contract. */
static void region_charts(hw *w)
{
	clsi_chart a = {0}, b = {0};
	bool bd;
	bool ad = clsi_chart_contracts(&a, &b, w->r, w->svg + 1, false, &bd);
	figure(w, &a, ad);
	figure(w, &b, bd);
}

static void region_table(hw *w)
{
	FILE *f = w->f;
	fputs("<div class=\"tableau-large\"><table class=\"long\">\n"
	      "<caption>Les contrats"
	      "</caption>\n<thead><tr><th scope=\"col\">Contrat</th>"
	      "<th scope=\"col\">Territoire</th><th scope=\"col\">Période</th>"
	      "<th scope=\"col\" class=\"n\">Fiches</th><th scope=\"col\" "
	      "class=\"n\">Cible atteinte</th><th scope=\"col\" class=\"n\">"
	      "Prévu</th><th scope=\"col\" class=\"n\">Dépensé</th>"
	      "<th scope=\"col\" class=\"n\">Sans suivi</th></tr></thead>\n"
	      "<tbody>\n",
	    f);
	for (size_t i = 0; i < cls_report_contracts(w->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(w->r, i);
		fprintf(f, "<tr%s><th scope=\"row\"><a href=\"#",
		    k->erreurs ? " class=\"invalide\"" : "");
		contract_id(f, i);
		fputs("\">", f);
		clsi_html(f, k->dossier);
		fputs("</a>", f);
		if (k->erreurs)
			fprintf(f,
			    "<span class=\"drapeau\">%zu erreur%s</span>",
			    k->erreurs, k->erreurs > 1 ? "s" : "");
		fputs("</th><td>", f);
		clsi_html(f, k->territoire ? k->territoire : "—");
		if (k->debut && k->fin)
			fprintf(f, "</td><td>%d-%d</td>", k->debut, k->fin);
		else
			fputs("</td><td>inconnue</td>", f);
		if (!k->couvert) {
			fputs("<td class=\"n muet\" colspan=\"5\">hors période"
			      "</td></tr>\n",
			    f);
			continue;
		}
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		cls_buf_reset(&w->c);
		if (k->periode.has_part)
			clsi_fmt_pct(&w->a, k->periode.part, &clsi_seps_html);
		else
			cls_buf_add(&w->a, "—");
		clsi_fmt_prevu(&w->b, &k->periode, &clsi_seps_html);
		if (k->periode.depenses_n)
			clsi_fmt_money(
			    &w->c, k->periode.depenses, &clsi_seps_html);
		else
			cls_buf_add(&w->c, "—");
		fprintf(f,
		    "<td class=\"n\">%zu</td><td class=\"n\">%s</td>"
		    "<td class=\"n\">%s</td><td class=\"n\">%s</td>"
		    "<td class=\"n\">%zu</td></tr>\n",
		    k->periode.fiches, str(&w->a), str(&w->b), str(&w->c),
		    k->periode.sans_suivi);
	}
	fputs("</tbody>\n</table></div>\n", f);
	if (w->nyears > 1)
		fprintf(f,
		    "<p class=\"muet\">Cible atteinte : les indicateurs des "
		    "années %d à %d ensemble. Sans suivi : les fiches sans "
		    "suivi au moins une année de leur calendrier.</p>\n",
		    w->from, w->to);
	else
		fprintf(f,
		    "<p class=\"muet\">Sans suivi : les fiches sans suivi "
		    "pour %d dans leur calendrier.</p>\n",
		    w->from);
}

static void region_contract(hw *w, size_t i)
{
	const cls_report_contract *k = cls_report_contract_of(w->r, i);
	FILE *f = w->f;
	fprintf(f, "<article class=\"contrat%s%s\" id=\"",
	    k->erreurs ? " invalide" : "", k->couvert ? "" : " hors");
	contract_id(f, i);
	fputs("\">\n<h3><span class=\"num\">", f);
	clsi_html(f, k->dossier);
	fputs("</span>", f);
	clsi_html(f, k->nom ? k->nom : "Contrat Local de Santé");
	fputs("</h3>\n<dl class=\"infos\">\n<dt>Territoire</dt><dd>", f);
	clsi_html(f, k->territoire ? k->territoire : "—");
	if (k->debut && k->fin)
		fprintf(f, "</dd>\n<dt>Période</dt><dd>%d-%d</dd>\n", k->debut,
		    k->fin);
	else
		fputs("</dd>\n<dt>Période</dt><dd>inconnue</dd>\n", f);
	if (k->erreurs)
		fprintf(f,
		    "<dt>Validation</dt><dd class=\"ko\">%zu erreur%s : ses "
		    "chiffres peuvent être faux</dd>\n",
		    k->erreurs, k->erreurs > 1 ? "s" : "");
	if (!k->couvert) {
		cls_buf_reset(&w->a);
		clsi_fmt_span(&w->a, w->from, w->to);
		fprintf(f,
		    "<dt>Synthèse</dt><dd>hors période : ne compte dans aucun "
		    "chiffre de %s</dd>\n</dl>\n</article>\n",
		    str(&w->a));
		return;
	}
	cls_buf_reset(&w->a);
	clsi_fmt_statuts(&w->a, k->periode.par_statut);
	fprintf(f, "<dt>%s</dt><dd>%s</dd>\n",
	    w->nyears > 1 ? "Statut final" : "Fiches", str(&w->a));
	if (w->nyears > 1) {
		cls_buf_reset(&w->a);
		clsi_fmt_moves(&w->a, &k->moves);
		fprintf(f, "<dt>Mouvements</dt><dd>%s</dd>\n", str(&w->a));
	}
	cls_buf_reset(&w->a);
	clsi_fmt_part(&w->a, &k->periode, &clsi_seps_html);
	fprintf(f, "<dt>Cible atteinte</dt><dd>%s</dd>\n", str(&w->a));
	cls_buf_reset(&w->a);
	clsi_fmt_prevu_by(&w->a, k, &clsi_seps_html);
	fputs("<dt>Prévu</dt><dd>", f);
	clsi_html(f, str(&w->a));
	cls_buf_reset(&w->a);
	clsi_fmt_depense(&w->a, &k->periode, &clsi_seps_html);
	fprintf(f, "</dd>\n<dt>Dépensé</dt><dd>%s</dd>\n</dl>\n", str(&w->a));
	if (w->nyears > 1) {
		fputs("<table>\n<caption>", f);
		clsi_html(f, k->dossier);
		fputs(", année par année</caption>\n<thead><tr><th "
		      "scope=\"col\">Année</th><th scope=\"col\">Fiches par "
		      "statut</th><th scope=\"col\" class=\"n\">Cible atteinte"
		      "</th><th scope=\"col\" class=\"n\">Prévu</th><th "
		      "scope=\"col\" class=\"n\">Dépensé</th><th scope=\"col\" "
		      "class=\"n\">Sans suivi</th></tr></thead>\n<tbody>\n",
		    f);
		for (size_t y = 0; y < w->nyears; y++) {
			const cls_report_figures *g = &k->annees[y];
			cls_buf_reset(&w->a);
			cls_buf_reset(&w->b);
			cls_buf_reset(&w->c);
			clsi_fmt_statuts(&w->a, g->par_statut);
			if (g->has_part)
				clsi_fmt_pct(&w->b, g->part, &clsi_seps_html);
			else
				cls_buf_add(&w->b, "—");
			clsi_fmt_prevu(&w->c, g, &clsi_seps_html);
			fprintf(f,
			    "<tr><th scope=\"row\">%d</th><td>%s</td>"
			    "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
			    w->from + (int)y, str(&w->a), str(&w->b),
			    str(&w->c));
			cls_buf_reset(&w->a);
			if (g->depenses_n)
				clsi_fmt_money(
				    &w->a, g->depenses, &clsi_seps_html);
			else
				cls_buf_add(&w->a, "—");
			fprintf(f,
			    "<td class=\"n\">%s</td><td class=\"n\">%zu</td>"
			    "</tr>\n",
			    str(&w->a), g->sans_suivi);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	if (k->nsans_suivi) {
		fprintf(f,
		    "<h4 class=\"sous\">Fiches sans suivi : %zu</h4>\n<ul>\n",
		    k->nsans_suivi);
		for (size_t j = 0; j < k->nsans_suivi; j++) {
			const cls_report_absent *ab = &k->sans_suivi[j];
			fputs("<li>Fiche ", f);
			clsi_html(f, ab->id);
			fputs(" — ", f);
			clsi_html(f, ab->titre ? ab->titre : "(sans titre)");
			if (w->nyears > 1) {
				fputs(" : ", f);
				for (size_t y = 0; y < ab->nannees; y++)
					fprintf(f, "%s%d", y ? ", " : "",
					    ab->annees[y]);
			}
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</article>\n", f);
}

int clsi_render_region_html(FILE *f, const cls_report *r)
{
	hw w;
	start(&w, f, r);
	const cls_report_region *g = cls_report_region_of(r);
	char years[32];
	snprintf(years, sizeof(years), "%d", w.from);
	if (w.nyears > 1)
		snprintf(years, sizeof(years), "%d-%d", w.from, w.to);

	cls_buf_reset(&w.b);
	cls_buf_printf(&w.b, "Synthèse %s des contrats locaux de santé", years);
	page_open(&w, str(&w.b));
	fprintf(f,
	    "<header class=\"titre\">\n<p class=\"surtitre\">Synthèse %s · "
	    "%zu contrat%s</p>\n<h1>Contrats locaux de santé : synthèse "
	    "<span "
	    "class=\"annees\">%s</span></h1>\n<dl>\n<div><dt>Contrats</"
	    "dt><dd>%zu</dd></div>\n<div>"
	    "<dt>Couverts</dt><dd>%zu</dd></div>\n<div><dt>%s</dt><dd>%s</dd>"
	    "</div>\n</dl>\n</header>\n",
	    years, g->contrats, g->contrats > 1 ? "s" : "", years, g->contrats,
	    g->couverts, w.nyears > 1 ? "Années" : "Année", years);
	if (g->erreurs)
		fprintf(f,
		    "<div class=\"alerte\" role=\"alert\"><strong>Attention :"
		    "</strong> %zu contrat%s sur %zu %s des erreurs de "
		    "validation (%zu en tout) : leurs chiffres peuvent être "
		    "faux "
		    "ou incomplets. Corrigez les erreurs que signale cls "
		    "validate avant de diffuser cette synthèse.</div>\n",
		    g->invalides, g->invalides > 1 ? "s" : "", g->contrats,
		    g->invalides > 1 ? "ont" : "a", g->erreurs);
	fputs("<nav class=\"sommaire\" aria-labelledby=\"h-sommaire\">\n"
	      "<h2 id=\"h-sommaire\">Sommaire</h2>\n<ol>\n"
	      "<li><a href=\"#synthese\">Synthèse</a></li>\n"
	      "<li><a href=\"#contrats\">Les contrats</a></li>\n</ol>\n"
	      "</nav>\n<main>\n",
	    f);

	fputs("<section id=\"synthese\" aria-labelledby=\"h-synthese\">\n"
	      "<h2 id=\"h-synthese\">Synthèse</h2>\n<div class=\"cartes\">\n",
	    f);
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	cls_buf_printf(&w.a, "%zu", g->couverts);
	cls_buf_printf(&w.b,
	    "contrat%s couvert%s sur %zu (leur période "
	    "comprend %s)",
	    g->couverts > 1 ? "s" : "", g->couverts > 1 ? "s" : "", g->contrats,
	    years);
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	cls_buf_printf(&w.a, "%zu", g->periode.fiches);
	cls_buf_add(&w.b, "fiches actions : ");
	clsi_fmt_statuts(&w.b, g->periode.par_statut);
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	if (g->periode.has_part) {
		clsi_fmt_pct(&w.a, g->periode.part, &clsi_seps_html);
		cls_buf_printf(&w.b,
		    "des indicateurs chiffrés évalués atteignent leur cible "
		    "(%zu sur %zu)",
		    g->periode.atteints, g->periode.evalues);
	} else {
		cls_buf_add(&w.a, "—");
		cls_buf_add(&w.b, "aucun indicateur chiffré évalué");
	}
	card_of(&w, str(&w.a), str(&w.b));
	cls_buf_reset(&w.a);
	cls_buf_reset(&w.b);
	clsi_fmt_prevu(&w.a, &g->periode, &clsi_seps_html);
	cls_buf_printf(&w.b, "de financements prévus pour %s", years);
	card_of(&w, str(&w.a), str(&w.b));
	fputs("</div>\n", f);

	fputs("<table>\n<caption>Contrats</caption>\n<tbody>\n", f);
	fprintf(f,
	    "<tr><th scope=\"row\">couverts par la synthèse</th>"
	    "<td class=\"n\">%zu</td><td></td></tr>\n",
	    g->couverts);
	dossier_list(&w, "hors période", clsi_contract_hors, 0);
	dossier_list(
	    &w, "avec des erreurs de validation", clsi_contract_invalide, 0);
	for (size_t y = 0; y < w.nyears; y++) {
		char lab[64];
		snprintf(lab, sizeof(lab), "sans aucun suivi pour %d",
		    w.from + (int)y);
		dossier_list(&w, lab, clsi_contract_sans_suivi, y);
	}
	fputs("</tbody>\n</table>\n", f);

	fputs("<h3>Statut des fiches actions</h3>\n", f);
	if (w.nyears > 1) {
		fputs("<div class=\"grille\">\n", f);
		statut_table(&w, g->periode.par_statut, g->periode.fiches,
		    "Fiches actions par statut en fin de période");
		moves_table(&w, &g->moves);
		fputs("</div>\n", f);
		chart_statut_years(&w, g->annees);
		statut_years(&w, g->annees);
	} else {
		cls_buf_reset(&w.a);
		cls_buf_printf(&w.a, "Fiches actions par statut en %d", w.from);
		statut_table(
		    &w, g->periode.par_statut, g->periode.fiches, str(&w.a));
	}
	fputs("<h3>Indicateurs</h3>\n", f);
	indicateurs_years(&w, g->annees, &g->periode);
	fputs("<h3>Financements et dépenses</h3>\n", f);
	if (w.nyears > 1)
		money_years(&w, g->annees, &g->periode);
	if (g->nfinanceurs) {
		funders(&w, g->financeurs, g->nfinanceurs, g->annees,
		    &g->periode, g->total_duree, g->duree_known,
		    g->duree_unknown, true);
		fputs("<p class=\"muet\">Contrats : ceux où le financeur a des "
		      "financements des années de la synthèse ou de la durée "
		      "du contrat.</p>\n",
		    f);
	} else {
		fputs(
		    "<p>Aucun financement n'est inscrit dans les fiches.</p>\n",
		    f);
	}
	cls_buf_reset(&w.a);
	clsi_fmt_depense(&w.a, &g->periode, &clsi_seps_html);
	cls_buf_reset(&w.b);
	if (w.nyears > 1)
		cls_buf_printf(&w.b, "de %d à %d", w.from, w.to);
	else
		cls_buf_printf(&w.b, "en %d", w.from);
	fprintf(f,
	    "<p>Dépenses réalisées %s : <strong>%s</strong> (%zu "
	    "suivi%s).</p>\n",
	    str(&w.b), str(&w.a), g->periode.depenses_n,
	    g->periode.depenses_n > 1 ? "s" : "");
	fputs("<h3>Fiches actions par thème</h3>\n", f);
	if (!g->nthemes) {
		fputs("<p>Aucune fiche n'indique de thème.</p>\n", f);
	} else {
		fputs(
		    "<table class=\"long\">\n<caption>Fiches actions par thème"
		    "</caption>\n"
		    "<thead><tr><th scope=\"col\">Thème</th><th scope=\"col\" "
		    "class=\"n\">Fiches</th><th scope=\"col\" class=\"n\">"
		    "Contrats</th></tr></thead>\n<tbody>\n",
		    f);
		for (size_t i = 0; i < g->nthemes; i++) {
			fputs("<tr><th scope=\"row\">", f);
			clsi_html(f, g->themes[i].theme);
			fprintf(f,
			    "</th><td class=\"n\">%zu</td><td class=\"n\">%zu"
			    "</td></tr>\n",
			    g->themes[i].fiches, g->themes[i].contrats);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	fputs("</section>\n", f);

	fputs("<section id=\"contrats\" aria-labelledby=\"h-contrats\">\n"
	      "<h2 id=\"h-contrats\">Les contrats</h2>\n",
	    f);
	region_charts(&w);
	region_table(&w);
	for (size_t i = 0; i < cls_report_contracts(r); i++)
		region_contract(&w, i);
	fputs("</section>\n", f);
	page_close(&w, "Synthèse");
	return finish(&w);
}
