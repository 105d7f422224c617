/* SPDX-License-Identifier: MIT */
/*
 * report-html.c - "cls report --format=html": the annual review as one
 * self-contained HTML file (no external style sheet, font, script or
 * image: it opens offline and mails as one attachment), readable on screen
 * and printable on A4.  Charts are inline SVG (fiches by statut, cible and
 * valeur of each indicateur, money by financeur), each with role="img", a
 * <title> and a <desc> that says in words what it shows; tables have a
 * <caption> and scoped headers.  Every text from the contract is escaped.
 * The style sheet, the escaping and the pieces of pages are html.c's,
 * shared with the evaluation and the synthesis.
 */
#include "render.h"

#include <string.h>

typedef struct hw {
	FILE *f;
	const cls_report_year *r;
	cls_buf b, c;
	int svg; /* charts written, for unique ids */
} hw;

/* ------------------------------------------------------------ escaping */

/* Writes s with & < > " ' escaped; with br, line breaks become <br>. */

/* ---------------------------------------------------------------- style */

/* ----------------------------------------------------------- the charts */

/* A chart of chart.c (draw), in a <figure> with its caption. */
static void figure(
    hw *w, bool (*draw)(clsi_chart *, const cls_report_year *, int, bool))
{
	clsi_chart c = {0};
	if (draw(&c, w->r, w->svg + 1, false)) {
		w->svg++;
		fputs("<figure>\n", w->f);
		fwrite(c.svg.s, 1, c.svg.len, w->f);
		fputs("<figcaption>", w->f);
		clsi_html(w->f, cls_buf_str(&c.caption));
		fputs("</figcaption>\n</figure>\n", w->f);
	}
	w->b.oom |= clsi_chart_oom(&c);
	clsi_chart_release(&c);
}

/* ------------------------------------------------------------- sections */

static void sum_cell(hw *w, const cls_report_sum *s)
{
	cls_buf_reset(&w->b);
	clsi_fmt_sum(&w->b, s, &clsi_seps_html);
	fprintf(w->f, "<td class=\"n%s\">%s</td>", s->known ? "" : " muet",
	    cls_buf_str(&w->b));
}

/* The money of v[0..n) by financeur and by statut (the statuts its
 * financements have), with its total. */
static void money_table(hw *w, const cls_report_money *v, size_t n,
    const cls_report_sum *tot, double total, size_t known, size_t unknown,
    const char *caption)
{
	FILE *f = w->f;
	fputs("<table class=\"financements\">\n<caption>", f);
	clsi_html(f, caption);
	fputs("</caption>\n<thead><tr><th scope=\"col\">Financeur</th>", f);
	for (int k = 0; k < 4; k++)
		if (tot[k].known || tot[k].unknown)
			fprintf(f, "<th scope=\"col\" class=\"n\">%s</th>",
			    clsi_statut_fin_head[k]);
	fputs("<th scope=\"col\" class=\"n\">Total</th></tr></thead>\n"
	      "<tbody>\n",
	    f);
	for (size_t i = 0; i <= n; i++) {
		cls_buf_reset(&w->c);
		if (i == n)
			cls_buf_add(&w->c, "Total");
		else
			clsi_fmt_financeur(&w->c, v[i].entry, v[i].financeur);
		fprintf(f, "<tr%s><th scope=\"row\">",
		    i == n ? " class=\"total\"" : "");
		clsi_html(f, cls_buf_str(&w->c));
		fputs("</th>", f);
		for (int k = 0; k < 4; k++)
			if (tot[k].known || tot[k].unknown)
				sum_cell(w, i == n ? &tot[k] : &v[i].statut[k]);
		cls_report_sum all = i == n
		    ? (cls_report_sum){total, known, unknown}
		    : (cls_report_sum){v[i].montant, v[i].known, v[i].unknown};
		sum_cell(w, &all);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

static void synthese(hw *w)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	fputs("<section id=\"synthese\" aria-labelledby=\"h-synthese\">\n"
	      "<h2 id=\"h-synthese\">Synthèse</h2>\n<div class=\"cartes\">\n",
	    f);
	/* cards: a figure and what it means */
	cls_buf l = {0};
	cls_buf_reset(&w->b);
	cls_buf_printf(&w->b, "%zu", r->nfiches);
	cls_buf_printf(&l, "fiche%s action%s", r->nfiches > 1 ? "s" : "",
	    r->nfiches > 1 ? "s" : "");
	bool first = true;
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		if (!r->par_statut[s])
			continue;
		cls_buf_printf(&l, "%s%zu %s", first ? " : " : ", ",
		    r->par_statut[s], cls_statut_label(s));
		first = false;
	}
	clsi_html_card(f, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(&w->b);
	cls_buf_reset(&l);
	if (r->has_part) {
		clsi_fmt_pct(&w->b, r->part, &clsi_seps_html);
		cls_buf_printf(&l,
		    "des indicateurs chiffrés évalués atteignent leur "
		    "cible (%zu sur %zu)",
		    r->atteints, r->evalues);
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(&l,
		    "aucun indicateur chiffré n'a à la fois une cible "
		    "et une valeur pour %d",
		    r->year);
	}
	clsi_html_card(f, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(&w->b);
	cls_buf_reset(&w->c);
	cls_buf_reset(&l);
	clsi_fmt_total(&w->c, r->total_contrat, r->known_contrat,
	    r->unknown_contrat, &clsi_seps_html);
	if (r->known_annee) {
		clsi_fmt_money(&w->b, r->total_annee, &clsi_seps_html);
		cls_buf_printf(&l,
		    "de financements prévus en %d (%s sur tout le "
		    "contrat)",
		    r->year, cls_buf_str(&w->c));
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(&l,
		    "aucun montant de financement précisé pour %d "
		    "(%s sur tout le contrat)",
		    r->year, cls_buf_str(&w->c));
	}
	clsi_html_card(f, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(&w->b);
	cls_buf_reset(&l);
	if (r->depenses_n) {
		clsi_fmt_money(&w->b, r->depenses, &clsi_seps_html);
		cls_buf_printf(&l,
		    "dépensés en %d (indiqués par %zu fiche%s sur %zu)",
		    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "",
		    r->nfiches);
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(
		    &l, "dépenses %d non renseignées dans le suivi", r->year);
	}
	clsi_html_card(f, cls_buf_str(&w->b), cls_buf_str(&l));
	w->b.oom |= l.oom;
	cls_buf_release(&l);
	fputs("</div>\n", f);

	/* statuts: chart and table */
	fputs("<div class=\"grille\">\n", f);
	figure(w, clsi_chart_statuts);
	fprintf(f,
	    "<table>\n<caption>Fiches actions par statut en %d"
	    "</caption>\n<thead><tr><th scope=\"col\">Statut</th>"
	    "<th scope=\"col\" class=\"n\">Fiches</th></tr></thead>\n<tbody>\n",
	    r->year);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		fprintf(f,
		    "<tr><th scope=\"row\"><span class=\"badge s-%s\">%s"
		    "</span></th><td class=\"n\">%zu</td></tr>\n",
		    clsi_html_statut_class(s), cls_statut_label(s),
		    r->par_statut[s]);
	}
	fprintf(f,
	    "<tr class=\"total\"><th scope=\"row\">Total</th>"
	    "<td class=\"n\">%zu</td></tr>\n</tbody>\n</table>\n</div>\n",
	    r->nfiches);
	if (r->hors_calendrier)
		fprintf(f,
		    "<p>Dont %zu fiche%s dont le calendrier ne couvre "
		    "pas %d.</p>\n",
		    r->hors_calendrier, r->hors_calendrier > 1 ? "s" : "",
		    r->year);

	/* indicateurs */
	fputs("<h3>Indicateurs</h3>\n", f);
	if (!r->indicateurs) {
		fputs("<p>Aucun indicateur n'est défini dans les fiches.</p>\n",
		    f);
		goto money;
	}
	fprintf(f,
	    "<table>\n<caption>Indicateurs chiffrés ayant une cible "
	    "pour %d</caption>\n<tbody>\n",
	    r->year);
	fprintf(f,
	    "<tr><th scope=\"row\">Indicateurs ayant une cible pour "
	    "%d</th><td class=\"n\">%zu</td></tr>\n",
	    r->year, r->avec_cible);
	fprintf(f,
	    "<tr><th scope=\"row\">évalués (cible et valeur)</th>"
	    "<td class=\"n\">%zu</td></tr>\n",
	    r->evalues);
	cls_buf_reset(&w->b);
	cls_buf_printf(&w->b, "%zu", r->atteints);
	if (r->has_part) {
		cls_buf_printf(&w->b, " sur %zu, soit ", r->evalues);
		clsi_fmt_pct(&w->b, r->part, &clsi_seps_html);
	}
	fprintf(f,
	    "<tr><th scope=\"row\">cible atteinte</th>"
	    "<td class=\"n\">%s</td></tr>\n",
	    cls_buf_str(&w->b));
	fprintf(f,
	    "<tr><th scope=\"row\">sans valeur</th>"
	    "<td class=\"n\">%zu</td></tr>\n</tbody>\n</table>\n",
	    r->sans_valeur);
	figure(w, clsi_chart_indicateurs);

money:
	if (r->jalons[0] + r->jalons[1] + r->jalons[2]) {
		cls_buf_reset(&w->b);
		clsi_fmt_jalons_summary(&w->b, r);
		fprintf(f, "<h3>Jalons</h3>\n<p>À la fin de %d : %s.</p>\n",
		    r->year, cls_buf_str(&w->b));
	}

	/* money */
	fputs("<h3>Financements par financeur et par statut</h3>\n", f);
	if (!r->nfin_contrat) {
		fputs("<p>Aucun financement n'est inscrit dans les fiches."
		      "</p>\n",
		    f);
	} else {
		char cap[96];
		figure(w, clsi_chart_money);
		snprintf(cap, sizeof(cap),
		    "Financements %d par financeur et par statut", r->year);
		if (r->nfin_annee)
			money_table(w, r->fin_annee, r->nfin_annee,
			    r->statut_annee, r->total_annee, r->known_annee,
			    r->unknown_annee, cap);
		else
			fprintf(f,
			    "<p>Aucun financement n'est inscrit pour %d.</p>\n",
			    r->year);
		money_table(w, r->fin_contrat, r->nfin_contrat,
		    r->statut_contrat, r->total_contrat, r->known_contrat,
		    r->unknown_contrat,
		    "Financements sur toute la durée du contrat, par "
		    "financeur et par statut");
		if (r->unknown_contrat) {
			cls_buf_reset(&w->b);
			clsi_fmt_unknown(&w->b, r);
			fputs("<p class=\"muet\">", f);
			clsi_html(f, cls_buf_str(&w->b));
			fputs("</p>\n", f);
		}
	}
	fputs("<h3>Dépenses</h3>\n", f);
	cls_buf_reset(&w->b);
	clsi_fmt_depenses(&w->b, r, &clsi_seps_html, "<strong>", "</strong>");
	fprintf(f, "<p>%s</p>\n", cls_buf_str(&w->b));
	fputs("</section>\n", f);
}

static void fiche_indicateurs(hw *w, const cls_report_fiche *rf, int level)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	size_t rows = rf->nind - rf->nqual;
	if (!rf->nind) {
		fputs("<p class=\"muet\">Indicateurs : aucun.</p>\n", f);
		return;
	}
	if (rows) {
		fprintf(f,
		    "<table class=\"indicateurs\">\n<caption>Indicateurs "
		    "de la fiche ");
		clsi_html(f, rf->f->id);
		fprintf(f,
		    " en %d</caption>\n<thead><tr><th scope=\"col\">"
		    "Indicateur</th><th scope=\"col\" class=\"n\">Cible %d</th>"
		    "<th scope=\"col\" class=\"n\">Valeur</th><th "
		    "scope=\"col\">"
		    "Réalisation</th></tr></thead>\n<tbody>\n",
		    r->year, r->year);
	}
	for (size_t i = 0; rows && i < rf->nind; i++) {
		const cls_report_ind *ri = &rf->inds[i];
		if (ri->qualitative)
			continue;
		fputs("<tr><th scope=\"row\">", f);
		clsi_html(f, ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
		if (ri->ind->sens == CLS_BAISSE)
			fputs(" <span class=\"muet\">(à la baisse)</span>", f);
		fputs("</th>", f);
		clsi_html_ind_cells(f, &w->b, ri);
		fputs("</tr>\n", f);
		if (ri->t.has_cumul) {
			fputs("<tr class=\"cumul\"><th scope=\"row\">", f);
			if (r->year > r->plan->debut)
				fprintf(f, "cumul %d-%d / cible totale",
				    r->plan->debut, r->year);
			else
				fprintf(f, "cumul %d / cible totale", r->year);
			cls_buf_reset(&w->b);
			clsi_fmt_num(
			    &w->b, ri->ind->cible_totale, &clsi_seps_html);
			cls_buf_reset(&w->c);
			clsi_fmt_num(&w->c, ri->t.cumul, &clsi_seps_html);
			fprintf(f,
			    "</th><td class=\"n\">%s</td><td class=\"n\">"
			    "%s</td>",
			    cls_buf_str(&w->b), cls_buf_str(&w->c));
			cls_buf_reset(&w->b);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &w->b, ri->t.taux_cumul, &clsi_seps_html);
			fprintf(f, "<td>%s</td></tr>\n",
			    w->b.len ? cls_buf_str(&w->b) : "—");
		}
	}
	if (rows)
		fputs("</tbody>\n</table>\n", f);
	if (rf->nqual) {
		fprintf(f,
		    "<h%d class=\"sous\">Indicateurs qualitatifs</h%d>\n"
		    "<ul class=\"qualitatifs\">\n",
		    level, level);
		for (size_t i = 0; i < rf->nind; i++) {
			const cls_report_ind *ri = &rf->inds[i];
			if (!ri->qualitative)
				continue;
			fputs("<li><strong>", f);
			clsi_html(f,
			    ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
			fputs("</strong> : ", f);
			cls_buf_reset(&w->b);
			if (ri->t.valeur) {
				clsi_fmt_valeur(&w->b, ri, &clsi_seps_html);
				clsi_html(f, cls_buf_str(&w->b));
			} else {
				fprintf(f,
				    "<span class=\"muet\">pas de valeur pour "
				    "%d</span>",
				    r->year);
			}
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
}

static void fiche(hw *w, const cls_report_fiche *rf, int level)
{
	const cls_report_year *r = w->r;
	const cls_fiche *fi = rf->f;
	const cls_suivi *s = rf->suivi;
	FILE *f = w->f;
	int sub = level + 1 > 6 ? 6 : level + 1;

	fprintf(f, "<article class=\"fiche f-%s\" id=\"",
	    clsi_html_statut_class(rf->statut));
	clsi_html_id(f, "fiche-", fi->id);
	fprintf(f,
	    "\">\n<div class=\"entete\">\n<h%d><span class=\"num\">"
	    "Fiche ",
	    level);
	clsi_html(f, fi->id);
	fputs("</span>", f);
	clsi_html(f, fi->titre ? fi->titre : "(sans titre)");
	fprintf(f,
	    "</h%d>\n<div class=\"etat\"><span class=\"badge s-%s\">"
	    "%s %d : %s</span>",
	    level, clsi_html_statut_class(rf->statut), "Statut", r->year,
	    cls_statut_label(rf->statut));
	if (s && s->has_avancement) {
		double a = s->avancement < 0 ? 0
		    : s->avancement > 100    ? 100
		                             : s->avancement;
		cls_buf_reset(&w->b);
		clsi_fmt_pct(&w->b, s->avancement, &clsi_seps_html);
		fprintf(f,
		    "<span class=\"avancement\">Avancement "
		    "<span class=\"barre\" role=\"img\" "
		    "aria-label=\"avancement "
		    "%s\"><span style=\"width:%.0f%%\"></span></span> "
		    "<strong>%s</strong></span>",
		    cls_buf_str(&w->b), a, cls_buf_str(&w->b));
	}
	if (s && s->has_depenses) {
		cls_buf_reset(&w->b);
		clsi_fmt_money(&w->b, s->depenses, &clsi_seps_html);
		fprintf(f, "<span>Dépenses %d : <strong>%s</strong></span>",
		    r->year, cls_buf_str(&w->b));
	}
	fputs("</div>\n<dl class=\"infos\">\n", f);
	if (!rf->runs)
		fprintf(f,
		    "<dt>Calendrier</dt><dd>%d n'est pas dans le "
		    "calendrier de la fiche (%d-%d)</dd>\n",
		    r->year, fi->first_year, fi->last_year);
	if (fi->porteurs.count) {
		fprintf(f, "<dt>%s</dt><dd><ul>", clsi_porteurs_label(fi));
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			fputs("<li>", f);
			clsi_html(f, fi->porteurs.items[i]);
			fputs("</li>", f);
		}
		fputs("</ul></dd>\n", f);
	}
	if (fi->referent_count) {
		fprintf(f, "<dt>%s</dt><dd><ul>",
		    fi->referent_count > 1 ? "Référents" : "Référent");
		for (size_t i = 0; i < fi->referent_count; i++) {
			cls_buf_reset(&w->b);
			clsi_fmt_referent(&w->b, &fi->referents[i]);
			fputs("<li>", f);
			clsi_html(f, cls_buf_str(&w->b));
			fputs("</li>", f);
		}
		fputs("</ul></dd>\n", f);
	}
	fputs("<dt>Fichier</dt><dd><code>", f);
	clsi_html(f, fi->file);
	fputs("</code></dd>\n</dl>\n</div>\n", f);

	fiche_indicateurs(w, rf, sub);

	if (rf->nfin) {
		fputs("<table class=\"financements\">\n<caption>Financements "
		      "de la fiche ",
		    f);
		clsi_html(f, fi->id);
		fprintf(f,
		    " pour %d</caption>\n<thead><tr><th scope=\"col\">"
		    "Financeur</th><th scope=\"col\" class=\"n\">Montant</th>"
		    "<th scope=\"col\">Période</th><th "
		    "scope=\"col\">Statut</th>"
		    "<th scope=\"col\">Note</th></tr></thead>\n<tbody>\n",
		    r->year);
		for (size_t i = 0; i < rf->nfin; i++) {
			const cls_financement *fin = rf->fins[i];
			fputs("<tr><th scope=\"row\">", f);
			cls_buf_reset(&w->c);
			clsi_fmt_financeur(&w->c, fin->ref, fin->financeur);
			clsi_html(f, cls_buf_str(&w->c));
			cls_buf_reset(&w->b);
			clsi_fmt_fin_montant(&w->b, fin, &clsi_seps_html);
			fprintf(f, "</th><td class=\"n%s\">%s</td>",
			    fin->has_montant ? "" : " muet",
			    cls_buf_str(&w->b));
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
	if (rf->njalons) {
		fprintf(f,
		    "<h%d class=\"sous\">Jalons à la fin de %d</h%d>\n"
		    "<ul class=\"jalons\">\n",
		    sub, r->year, sub);
		for (size_t i = 0; i < rf->njalons; i++) {
			const cls_report_jalon *j = &rf->jalons[i];
			fputs("<li>", f);
			if (j->date) {
				fputs("<time>", f);
				clsi_html(f, j->date);
				fputs("</time> ", f);
			}
			clsi_html(f, j->libelle);
			cls_buf_reset(&w->b);
			clsi_fmt_jalon_etat(&w->b, j);
			fprintf(f, " : <span class=\"%s\">",
			    j->etat == CLS_JALON_ATTEINT         ? "ok"
			        : j->etat == CLS_JALON_EN_RETARD ? "ko"
			                                         : "muet");
			clsi_html(f, cls_buf_str(&w->b));
			fputs("</span></li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	if (s && s->commentaire && *s->commentaire) {
		fprintf(f,
		    "<h%d class=\"sous\">Commentaire</h%d>\n"
		    "<p class=\"commentaire\">",
		    sub, sub);
		clsi_html_esc(f, s->commentaire, true);
		fputs("</p>\n", f);
	}
	for (int k = 0; s && k < CLSI_SUIVI_LISTS; k++) {
		const cls_strlist *l = clsi_suivi_list(s, k);
		if (!l->count)
			continue;
		fprintf(f, "<h%d class=\"sous\">%s</h%d>\n<ul>\n", sub,
		    clsi_suivi_list_title[k], sub);
		for (size_t i = 0; i < l->count; i++) {
			fputs("<li>", f);
			clsi_html(f, l->items[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</article>\n", f);
}

static void manques(hw *w)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	fputs("<section id=\"manques\" aria-labelledby=\"h-manques\">\n"
	      "<h2 id=\"h-manques\">Ce qui manque</h2>\n",
	    f);

	fprintf(f, "<h3>Fiches sans suivi pour %d : %zu</h3>\n", r->year,
	    r->nsans_suivi);
	if (!r->nsans_suivi)
		fputs("<p>Aucune.</p>\n", f);
	else
		fputs("<ul>\n", f);
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *fi = r->sans_suivi[i]->f;
		fputs("<li><a href=\"#", f);
		clsi_html_id(f, "fiche-", fi->id);
		fputs("\">Fiche ", f);
		clsi_html(f, fi->id);
		fputs("</a> — ", f);
		clsi_html(f, fi->titre ? fi->titre : "(sans titre)");
		fputs(" (<code>", f);
		clsi_html(f, fi->file);
		fputs("</code>)</li>\n", f);
	}
	if (r->nsans_suivi)
		fputs("</ul>\n", f);

	if (!r->indicateurs)
		fprintf(f,
		    "<h3>Indicateurs sans valeur pour %d</h3>\n<p>Aucun "
		    "indicateur n'est défini.</p>\n",
		    r->year);
	else
		fprintf(f, "<h3>Indicateurs sans valeur pour %d : %zu</h3>\n",
		    r->year, r->nsans_valeur_list);
	if (!r->indicateurs) {
	} else if (!r->nsans_valeur_list) {
		fputs("<p>Aucun.</p>\n", f);
	} else {
		fprintf(f,
		    "<table>\n<caption>Indicateurs sans valeur pour %d"
		    "</caption>\n<thead><tr><th scope=\"col\">Fiche</th>"
		    "<th scope=\"col\">Indicateur</th><th scope=\"col\">"
		    "Cible</th></tr></thead>\n<tbody>\n",
		    r->year);
		for (size_t i = 0; i < r->nsans_valeur_list; i++) {
			const cls_report_missing *m = &r->sans_valeur_list[i];
			fputs("<tr><th scope=\"row\"><a href=\"#", f);
			clsi_html_id(f, "fiche-", m->rf->f->id);
			fputs("\">", f);
			clsi_html(f, m->rf->f->id);
			fputs("</a></th><td>", f);
			clsi_html(f, m->ri->ind->libelle);
			fputs(" <span class=\"muet\">(", f);
			clsi_html(f, m->ri->ind->id);
			fputs(")</span></td><td>", f);
			cls_buf_reset(&w->b);
			if (m->ri->t.has_cible)
				clsi_fmt_cible(
				    &w->b, &m->ri->t.cible, &clsi_seps_html);
			else
				cls_buf_add(&w->b, "—");
			fprintf(f, "%s</td></tr>\n", cls_buf_str(&w->b));
		}
		fputs("</tbody>\n</table>\n", f);
	}

	if (r->jalons[CLS_JALON_EN_RETARD]) {
		fprintf(f,
		    "<h3>Jalons en retard à la fin de %d : %zu</h3>\n<ul>\n",
		    r->year, r->jalons[CLS_JALON_EN_RETARD]);
		for (size_t i = 0; i < r->nfiches; i++) {
			const cls_report_fiche *rf = &r->fiches[i];
			for (size_t k = 0; k < rf->njalons; k++) {
				const cls_report_jalon *j = &rf->jalons[k];
				if (j->etat != CLS_JALON_EN_RETARD)
					continue;
				fputs("<li><a href=\"#", f);
				clsi_html_id(f, "fiche-", rf->f->id);
				fputs("\">Fiche ", f);
				clsi_html(f, rf->f->id);
				fputs("</a> — ", f);
				clsi_html(f, j->libelle);
				fputs(" (prévu ", f);
				clsi_html(f, j->date);
				fputs(")</li>\n", f);
			}
		}
		fputs("</ul>\n", f);
	}

	clsi_html_warnings(f, r);
	fputs("</section>\n", f);
}

static void sommaire(hw *w)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	fputs("<nav class=\"sommaire\" aria-labelledby=\"h-sommaire\">\n"
	      "<h2 id=\"h-sommaire\">Sommaire</h2>\n<ol>\n"
	      "<li><a href=\"#synthese\">Synthèse</a></li>\n",
	    f);
	for (size_t i = 0; i < r->naxes; i++) {
		fputs("<li><a href=\"#", f);
		clsi_html_id(f, "axe-", r->axes[i].axe->id);
		fputs("\">Axe ", f);
		clsi_html(f, r->axes[i].axe->id);
		fputs(" — ", f);
		clsi_html(f, r->axes[i].axe->titre);
		fputs("</a></li>\n", f);
	}
	if (r->nhors)
		fputs(
		    "<li><a href=\"#hors-axe\">Fiches hors axe</a></li>\n", f);
	fputs("<li><a href=\"#manques\">Ce qui manque</a></li>\n</ol>\n"
	      "</nav>\n",
	    f);
}

int clsi_render_report_html(FILE *f, const cls_report_year *r)
{
	hw w;
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.r = r;
	const cls_plan *p = r->plan;
	const char *nom = p->nom ? p->nom : "Contrat Local de Santé";

	fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"cls " CLS_VERSION "\">\n",
	    f);
	fprintf(f, "<title>Bilan annuel %d — ", r->year);
	clsi_html(f, nom);
	fputs("</title>\n<style>\n", f);
	for (size_t i = 0; clsi_html_style[i]; i++)
		fputs(clsi_html_style[i], f);
	fprintf(f,
	    "</style>\n</head>\n<body>\n"
	    "<div class=\"page\">\n<header class=\"titre\">\n"
	    "<p class=\"surtitre\">Bilan annuel %d · comité de pilotage</p>\n"
	    "<h1>",
	    r->year);
	clsi_html(f, nom);
	fputs("</h1>\n<dl>\n<div><dt>Territoire</dt><dd>", f);
	clsi_html(f, p->territoire ? p->territoire : "—");
	cls_buf_reset(&w.b);
	clsi_fmt_periode(&w.b, p);
	fputs("</dd></div>\n<div><dt>Période du contrat</dt><dd>", f);
	clsi_html(f, cls_buf_str(&w.b));
	fputs("</dd></div>\n", f);
	if (p->signature) {
		fputs("<div><dt>Signature</dt><dd>", f);
		clsi_html(f, p->signature);
		fputs("</dd></div>\n", f);
	}
	fprintf(f,
	    "<div><dt>Année du bilan</dt><dd>%d</dd></div>\n"
	    "</dl>\n</header>\n",
	    r->year);
	if (p->avenant_count) {
		fprintf(f, "<dl class=\"infos\">\n<dt>%s</dt><dd><ul>",
		    p->avenant_count > 1 ? "Avenants" : "Avenant");
		for (size_t i = 0; i < p->avenant_count; i++) {
			cls_buf_reset(&w.b);
			clsi_fmt_avenant(&w.b, &p->avenants[i]);
			fputs("<li>", f);
			clsi_html(f, cls_buf_str(&w.b));
			fputs("</li>", f);
		}
		fputs("</ul></dd>\n</dl>\n", f);
	}
	if (r->errors) {
		cls_buf_reset(&w.b);
		clsi_fmt_invalid(&w.b, r);
		fputs("<div class=\"alerte\" role=\"alert\"><strong>Attention :"
		      "</strong> ",
		    f);
		clsi_html(f, cls_buf_str(&w.b));
		fputs("</div>\n", f);
	}
	sommaire(&w);
	fputs("<main>\n", f);
	synthese(&w);
	for (size_t i = 0; i < r->naxes; i++) {
		const cls_report_axe *ra = &r->axes[i];
		clsi_html_section_open(
		    f, "axe", "Axe", ra->axe->id, ra->axe->titre, 2);
		if (!ra->total)
			fputs("<p class=\"muet\">Aucune fiche action dans cet "
			      "axe.</p>\n",
			    f);
		for (size_t k = 0; k < ra->n; k++)
			fiche(&w, ra->fiches[k], 3);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			clsi_html_section_open(f, "objectif", "Objectif",
			    ro->obj->id, ro->obj->titre, 3);
			if (!ro->n)
				fputs("<p class=\"muet\">Aucune fiche action "
				      "pour cet objectif.</p>\n",
				    f);
			for (size_t k = 0; k < ro->n; k++)
				fiche(&w, ro->fiches[k], 4);
			fputs("</section>\n", f);
		}
		fputs("</section>\n", f);
	}
	if (r->nhors) {
		fputs(
		    "<section class=\"axe\" id=\"hors-axe\">\n<h2>Fiches hors "
		    "axe</h2>\n<p>Ces fiches ne sont rattachées à aucun axe "
		    "connu de <code>cls.yaml</code>.</p>\n",
		    f);
		for (size_t k = 0; k < r->nhors; k++)
			fiche(&w, r->hors_axe[k], 3);
		fputs("</section>\n", f);
	}
	manques(&w);
	fputs("</main>\n<footer><p>Bilan établi par cls " CLS_VERSION " à "
	      "partir des fiches actions du contrat. Règles de calcul : "
	      "<code>man cls-report</code>.</p></footer>\n</div>\n</body>\n"
	      "</html>\n",
	    f);
	int rc = w.b.oom || w.c.oom ? -1 : 0;
	cls_buf_release(&w.b);
	cls_buf_release(&w.c);
	return rc;
}
