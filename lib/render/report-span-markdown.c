/* SPDX-License-Identifier: MIT */
/*
 * report-span-markdown.c - the evaluation over years and the synthesis of
 * several contracts as Markdown for a wiki or pandoc, as the annual
 * review writes it (md.c): ATX headings, bullet lists and pipe tables
 * with "Table:" captions, no raw HTML, every text of the contracts
 * escaped.  Tables have a column a year where the years fit across a
 * page; what grows with the contracts or the fiches runs down it.
 */
#include "render.h"

#include <string.h>

typedef struct mw {
	FILE *f;
	const cls_report *r;
	const cls_report_span *s;
	int from, to;
	size_t nyears;
	cls_buf a, b, c, d;
} mw;

static const char *str(cls_buf *b)
{
	return cls_buf_str(b);
}

static void start(mw *w, FILE *f, const cls_report *r)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->r = r;
	w->s = cls_report_span_of(r);
	w->from = cls_report_from(r);
	w->to = cls_report_to(r);
	w->nyears = (size_t)(w->to - w->from) + 1;
}

static int finish(mw *w)
{
	bool oom = w->a.oom || w->b.oom || w->c.oom || w->d.oom;
	cls_buf_release(&w->a);
	cls_buf_release(&w->b);
	cls_buf_release(&w->c);
	cls_buf_release(&w->d);
	return oom ? -1 : 0;
}

static void md_text(mw *w, const char *s)
{
	clsi_md_esc(w->f, s, true);
}

/* ------------------------------------------------------ shared pieces */

/* Statut by year: a column a year (the years of a span fit a page). */
static void statut_years(
    mw *w, const cls_report_figures *annees, const char *caption)
{
	const char *heads[64];
	char years[64][16];
	int widths[64];
	char aligns[65];
	size_t n = w->nyears < 62 ? w->nyears : 62;
	heads[0] = "Statut";
	widths[0] = 20;
	aligns[0] = 'l';
	for (size_t k = 0; k < n; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		heads[k + 1] = years[k];
		widths[k + 1] = 6;
		aligns[k + 1] = 'r';
	}
	aligns[n + 1] = '\0';
	clsi_md_table_head(w->f, heads, aligns, widths, n + 1);
	char cells[64][24];
	const char *row[64];
	for (int i = 0; i <= CLS_STATUT_COUNT; i++) {
		cls_statut s = i < CLS_STATUT_COUNT ? clsi_statut_order[i]
		                                    : CLS_STATUT_NONE;
		row[0] = i < CLS_STATUT_COUNT ? cls_statut_label(s) : "Total";
		for (size_t k = 0; k < n; k++) {
			snprintf(cells[k], sizeof(cells[k]), "%zu",
			    i < CLS_STATUT_COUNT ? annees[k].par_statut[s]
			                         : annees[k].fiches);
			row[k + 1] = cells[k];
		}
		clsi_md_table_row(w->f, row, n + 1, i == CLS_STATUT_COUNT);
	}
	fprintf(w->f, "\nTable: %s\n", caption);
}

static void statut_table(
    mw *w, const size_t *par_statut, size_t total, const char *caption)
{
	const char *h[] = {"Statut", "Fiches"};
	const int wd[] = {30, 10};
	clsi_md_table_head(w->f, h, "lr", wd, 2);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		char n[24];
		snprintf(n, sizeof(n), "%zu", par_statut[s]);
		const char *cells[] = {cls_statut_label(s), n};
		clsi_md_table_row(w->f, cells, 2, false);
	}
	char n[24];
	snprintf(n, sizeof(n), "%zu", total);
	const char *tot[] = {"Total", n};
	clsi_md_table_row(w->f, tot, 2, true);
	fprintf(w->f, "\nTable: %s\n", caption);
}

static void ind_row(
    mw *w, const char *label, const cls_report_figures *g, bool bold)
{
	char n[4][24];
	snprintf(n[0], sizeof(n[0]), "%zu", g->avec_cible);
	snprintf(n[1], sizeof(n[1]), "%zu", g->evalues);
	snprintf(n[2], sizeof(n[2]), "%zu", g->atteints);
	snprintf(n[3], sizeof(n[3]), "%zu", g->sans_valeur);
	cls_buf_reset(&w->a);
	if (g->has_part)
		clsi_fmt_pct(&w->a, g->part, &clsi_seps_plain);
	const char *row[] = {label, n[0], n[1], n[2], n[3], str(&w->a)};
	clsi_md_table_row(w->f, row, 6, bold);
}

static void indicateurs_years(
    mw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	const char *h[] = {"Année", "Avec cible", "Évalués", "Atteints",
	    "Sans valeur", "Part atteinte"};
	const int wd[] = {12, 10, 10, 10, 10, 12};
	clsi_md_table_head(w->f, h, "lrrrrr", wd, 6);
	char y[24];
	for (size_t k = 0; k < w->nyears; k++) {
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		ind_row(w, y, &annees[k], false);
	}
	if (w->nyears > 1) {
		snprintf(y, sizeof(y), "%d-%d", w->from, w->to);
		ind_row(w, y, periode, true);
	}
	fputs(
	    "\nTable: Indicateurs chiffrés ayant une cible, par année\n", w->f);
}

/* The money by financeur: a column a year, the span's total, the
 * financements of the whole contract (and, several, how many contracts
 * it funds). */
static void funders(mw *w, const cls_report_funder *v, size_t n,
    const cls_report_figures *periode, double duree, size_t dk, size_t du,
    bool count)
{
	const char *heads[68];
	char years[64][16], tot[32];
	int widths[68];
	char aligns[69];
	size_t ny = w->nyears < 60 ? w->nyears : 60, nc = 0;
	heads[nc] = "Financeur";
	widths[nc] = 30;
	aligns[nc++] = 'l';
	for (size_t k = 0; k < ny; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		heads[nc] = years[k];
		widths[nc] = 10;
		aligns[nc++] = 'r';
	}
	if (ny > 1) {
		snprintf(tot, sizeof(tot), "Total %d-%d", w->from, w->to);
		heads[nc] = tot;
		widths[nc] = 12;
		aligns[nc++] = 'r';
	}
	heads[nc] = "Durée du contrat";
	widths[nc] = 12;
	aligns[nc++] = 'r';
	if (count) {
		heads[nc] = "Contrats";
		widths[nc] = 8;
		aligns[nc++] = 'r';
	}
	aligns[nc] = '\0';
	clsi_md_table_head(w->f, heads, aligns, widths, nc);
	cls_buf cells[68];
	memset(cells, 0, sizeof(cells));
	const char *row[68];
	for (size_t i = 0; i < n; i++) {
		const cls_report_funder *u = &v[i];
		if (!u->periode.known && !u->periode.unknown && !u->duree.known
		    && !u->duree.unknown)
			continue;
		size_t c = 0;
		row[c++] = u->financeur;
		for (size_t k = 0; k < ny; k++) {
			cls_buf_reset(&cells[c]);
			clsi_fmt_money_of(
			    &cells[c], &u->annees[k], &clsi_seps_plain);
			row[c] = cls_buf_str(&cells[c]);
			c++;
		}
		if (ny > 1) {
			cls_buf_reset(&cells[c]);
			clsi_fmt_money_of(
			    &cells[c], &u->periode, &clsi_seps_plain);
			row[c] = cls_buf_str(&cells[c]);
			c++;
		}
		cls_buf_reset(&cells[c]);
		clsi_fmt_money_of(&cells[c], &u->duree, &clsi_seps_plain);
		row[c] = cls_buf_str(&cells[c]);
		c++;
		if (count) {
			cls_buf_reset(&cells[c]);
			cls_buf_printf(&cells[c], "%zu", u->contrats);
			row[c] = cls_buf_str(&cells[c]);
			c++;
		}
		clsi_md_table_row(w->f, row, c, false);
	}
	/* the totals of each year come from the figures of the years */
	const cls_report_figures *annees = count
	    ? cls_report_region_of(w->r)->annees
	    : cls_report_contract_of(w->r, 0)->annees;
	size_t c = 0;
	row[c++] = "Total";
	for (size_t k = 0; k < ny; k++) {
		cls_buf_reset(&cells[c]);
		clsi_fmt_prevu(&cells[c], &annees[k], &clsi_seps_plain);
		row[c] = cls_buf_str(&cells[c]);
		c++;
	}
	if (ny > 1) {
		cls_buf_reset(&cells[c]);
		clsi_fmt_prevu(&cells[c], periode, &clsi_seps_plain);
		row[c] = cls_buf_str(&cells[c]);
		c++;
	}
	cls_buf_reset(&cells[c]);
	clsi_fmt_total(&cells[c], duree, dk, du, &clsi_seps_plain);
	row[c] = cls_buf_str(&cells[c]);
	c++;
	if (count)
		row[c++] = "";
	clsi_md_table_row(w->f, row, c, true);
	for (size_t i = 0; i < nc; i++) {
		w->a.oom |= cells[i].oom;
		cls_buf_release(&cells[i]);
	}
	fputs(
	    "\nTable: Financements prévus par financeur et par année\n", w->f);
	if (periode->prevu_unknown || du)
		fprintf(w->f,
		    "\nMontant non précisé pour %zu financement%s : les "
		    "totaux ne les comptent pas.\n",
		    periode->prevu_unknown + du,
		    periode->prevu_unknown + du > 1 ? "s" : "");
}

static void money_years(
    mw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	const char *h[] = {"Année", "Prévu", "Dépensé", "Suivis avec dépenses"};
	const int wd[] = {12, 14, 14, 12};
	clsi_md_table_head(w->f, h, "lrrr", wd, 4);
	char y[24], n[24];
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
		clsi_fmt_prevu(&w->a, g, &clsi_seps_plain);
		if (g->depenses_n)
			clsi_fmt_money(&w->b, g->depenses, &clsi_seps_plain);
		snprintf(n, sizeof(n), "%zu", g->depenses_n);
		const char *row[] = {y, str(&w->a), str(&w->b), n};
		clsi_md_table_row(w->f, row, 4, k == w->nyears);
	}
	fputs("\nTable: Financements prévus et dépenses réalisées, par "
	      "année\n",
	    w->f);
}

static void moves(mw *w, const cls_report_moves *m)
{
	fprintf(w->f,
	    "- démarrées : %zu\n- réalisées : %zu\n- abandonnées : %zu\n"
	    "- reportées : %zu\n",
	    m->demarrees, m->realisees, m->abandonnees, m->reportees);
}

/* ---------------------------------------------------- the evaluation */

static void eval_tally(
    mw *w, size_t axe, size_t obj, bool is_obj, const char *id)
{
	const char *h[] = {"Année", "Fiches par statut", "Avancement moyen"};
	const int wd[] = {8, 40, 14};
	fputc('\n', w->f);
	clsi_md_table_head(w->f, h, "llr", wd, 3);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_axe *ra = &w->s->years[k].axes[axe];
		const cls_report_tally *t
		    = is_obj ? &ra->objs[obj].tally : &ra->tally;
		char y[16];
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		clsi_fmt_statuts(&w->a, t->par_statut);
		if (t->avec_avancement) {
			clsi_fmt_pct(&w->b, t->avancement, &clsi_seps_plain);
			cls_buf_printf(&w->b, " (%zu)", t->avec_avancement);
		}
		const char *row[] = {y, str(&w->a), str(&w->b)};
		clsi_md_table_row(w->f, row, 3, false);
	}
	fprintf(w->f, "\nTable: %s %s, année par année\n",
	    is_obj ? "Objectif" : "Axe", id);
}

static void eval_indicateur(mw *w, const cls_report_trajectory *tr, size_t i)
{
	const cls_indicateur *ind
	    = w->s->years[0].fiches[tr->index].inds[i].ind;
	fputs("\n*", w->f);
	md_text(w, ind->libelle ? ind->libelle : ind->id);
	fputc('*', w->f);
	if (ind->unite && *ind->unite) {
		fputs(" (", w->f);
		md_text(w, ind->unite);
		fputc(')', w->f);
	}
	if (ind->sens == CLS_BAISSE)
		fputs(", à la baisse", w->f);
	fputs("\n\n", w->f);
	if (cls_indicateur_qualitative(ind)) {
		for (size_t k = 0; k < w->nyears; k++) {
			const cls_report_ind *ri
			    = &w->s->years[k].fiches[tr->index].inds[i];
			fprintf(w->f, "- %d : ", w->from + (int)k);
			md_text(w,
			    ri->t.valeur && ri->t.valeur->text
			        ? ri->t.valeur->text
			        : "—");
			fputc('\n', w->f);
		}
		return;
	}
	bool cumul = ind->has_cible_totale;
	const char *h[] = {"Année", "Cible", "Valeur", "Réalisation", "Cumul",
	    "Cumul / cible totale"};
	const int wd[] = {8, 12, 16, 18, 10, 12};
	clsi_md_table_head(w->f, h, "lllrrr", wd, cumul ? 6 : 4);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_ind *ri
		    = &w->s->years[k].fiches[tr->index].inds[i];
		char y[16];
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		cls_buf_reset(&w->c);
		cls_buf_reset(&w->d);
		if (ri->t.has_cible)
			clsi_fmt_cible(&w->a, &ri->t.cible, &clsi_seps_plain);
		clsi_fmt_valeur(&w->b, ri, &clsi_seps_plain);
		clsi_fmt_result(&w->c, ri, &clsi_seps_plain);
		cls_buf e = {0};
		if (cumul) {
			clsi_fmt_num(&w->d, ri->t.cumul, &clsi_seps_plain);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &e, ri->t.taux_cumul, &clsi_seps_plain);
		}
		const char *row[] = {y, str(&w->a), str(&w->b), str(&w->c),
		    str(&w->d), cls_buf_str(&e)};
		clsi_md_table_row(w->f, row, cumul ? 6 : 4, false);
		w->a.oom |= e.oom;
		cls_buf_release(&e);
	}
	fprintf(w->f, "\nTable: Fiche ");
	md_text(w, tr->f->id);
	fputs(", ", w->f);
	md_text(w, ind->id);
	fputs(", année par année", w->f);
	if (cumul) {
		cls_buf_reset(&w->a);
		clsi_fmt_num(&w->a, ind->cible_totale, &clsi_seps_plain);
		fprintf(w->f, " (cible totale %s)", str(&w->a));
	}
	fputc('\n', w->f);
}

static void eval_fiche(mw *w, const cls_report_fiche *rf0, int level)
{
	const cls_report_trajectory *tr
	    = &w->s->fiches[rf0 - w->s->years[0].fiches];
	const cls_fiche *fi = tr->f;
	FILE *f = w->f;
	fputc('\n', f);
	for (int i = 0; i < level; i++)
		fputc('#', f);
	fputs(" Fiche ", f);
	md_text(w, fi->id);
	fputs(" — ", f);
	md_text(w, fi->titre ? fi->titre : "(sans titre)");
	fputs("\n\n", f);
	fprintf(f, "- **Statut final :** %s", cls_statut_label(tr->statut_fin));
	if (tr->annee_fin)
		fprintf(f, " (%d)", tr->annee_fin);
	fputc('\n', f);
	cls_buf_reset(&w->a);
	clsi_fmt_parcours(&w->a, tr);
	fprintf(f, "- **Parcours :** %s\n", str(&w->a));
	if (fi->first_year)
		fprintf(f, "- **Calendrier :** %d-%d\n", fi->first_year,
		    fi->last_year);
	if (fi->porteurs.count) {
		fprintf(f, "- **%s :** ",
		    fi->porteurs.count > 1 ? "Porteurs" : "Porteur");
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			if (i)
				fputs(" ; ", f);
			md_text(w, fi->porteurs.items[i]);
		}
		fputc('\n', f);
	}
	fputs("- **Fichier :** ", f);
	md_text(w, fi->file);
	fputs("\n\n", f);

	const char *h[] = {"Année", "Statut", "Avancement", "Dépenses"};
	const int wd[] = {8, 24, 12, 14};
	clsi_md_table_head(f, h, "llrr", wd, 4);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_fiche *rf = &w->s->years[k].fiches[tr->index];
		const cls_suivi *s = rf->suivi;
		char y[16];
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		cls_buf_reset(&w->a);
		cls_buf_reset(&w->b);
		cls_buf_reset(&w->c);
		cls_buf_add(&w->a, cls_statut_label(rf->statut));
		if (!rf->runs)
			cls_buf_add(&w->a, " (hors calendrier)");
		if (s && s->has_avancement)
			clsi_fmt_pct(&w->b, s->avancement, &clsi_seps_plain);
		if (s && s->has_depenses)
			clsi_fmt_money(&w->c, s->depenses, &clsi_seps_plain);
		const char *row[] = {y, str(&w->a), str(&w->b), str(&w->c)};
		clsi_md_table_row(f, row, 4, false);
	}
	fputs("\nTable: Fiche ", f);
	md_text(w, fi->id);
	fputs(", année par année\n", f);

	if (!rf0->nind)
		fputs("\nIndicateurs : aucun.\n", f);
	else
		fputs("\n**Indicateurs**\n", f);
	for (size_t i = 0; i < rf0->nind; i++)
		eval_indicateur(w, tr, i);
	if (tr->njalons) {
		fputs("\n**Jalons**\n\n", f);
		for (size_t i = 0; i < tr->njalons; i++) {
			cls_buf_reset(&w->a);
			clsi_fmt_jalon(&w->a, &tr->jalons[i]);
			fputs("- ", f);
			md_text(w, str(&w->a));
			fputc('\n', f);
		}
	}
	if (tr->nfin) {
		fprintf(f, "\n**Financements %d-%d**\n\n", w->from, w->to);
		const char *fh[]
		    = {"Financeur", "Montant", "Année", "Statut", "Note"};
		const int fw[] = {26, 12, 12, 9, 30};
		clsi_md_table_head(f, fh, "lrlll", fw, 5);
		for (size_t i = 0; i < tr->nfin; i++) {
			const cls_financement *fin = tr->fins[i];
			char y[16];
			snprintf(y, sizeof(y), "%d", fin->annee);
			cls_buf_reset(&w->a);
			clsi_fmt_fin_montant(&w->a, fin, &clsi_seps_plain);
			const char *cells[] = {fin->financeur, str(&w->a),
			    fin->annee ? y : "durée du contrat",
			    cls_fin_statut_label(fin->statut), fin->note};
			clsi_md_table_row(f, cells, 5, false);
		}
		fputs("\nTable: Financements de la fiche ", f);
		md_text(w, fi->id);
		fprintf(f, ", %d-%d\n", w->from, w->to);
	}
	bool any = false;
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_suivi *s = w->s->years[k].fiches[tr->index].suivi;
		if (!clsi_suivi_has_words(s))
			continue;
		if (!any)
			fputs("\n**Commentaires**\n", f);
		any = true;
		/* the year before the first paragraph it has, then the
		 * leviers, freins and perspectives of that year */
		fprintf(f, "\n*%d.* ", w->from + (int)k);
		bool lead = true;
		if (s->commentaire && *s->commentaire) {
			clsi_md_esc(f, s->commentaire, false);
			fputc('\n', f);
			lead = false;
		}
		for (int n = 0; n < CLSI_SUIVI_LISTS; n++) {
			const cls_strlist *l = clsi_suivi_list(s, n);
			if (!l->count)
				continue;
			fprintf(f, "%s%s :\n\n", lead ? "" : "\n",
			    clsi_suivi_list_title[n]);
			lead = false;
			for (size_t i = 0; i < l->count; i++) {
				fputs("- ", f);
				clsi_md_esc(f, l->items[i], true);
				fputc('\n', f);
			}
		}
	}
}

int clsi_render_span_markdown(FILE *f, const cls_report *r)
{
	mw w;
	start(&w, f, r);
	const cls_report_year *y0 = &w.s->years[0];
	const cls_plan *p = y0->plan;
	const cls_report_contract *k = cls_report_contract_of(r, 0);

	fprintf(f, "# Évaluation %d-%d — ", w.from, w.to);
	md_text(&w, p->nom ? p->nom : "Contrat Local de Santé");
	fputs("\n\n- **Territoire :** ", f);
	md_text(&w, p->territoire ? p->territoire : "—");
	fprintf(f,
	    "\n- **Période du contrat :** %d-%d\n"
	    "- **Années évaluées :** %d-%d (%zu année%s sur les %d du "
	    "contrat)\n",
	    p->debut, p->fin, w.from, w.to, w.nyears, w.nyears > 1 ? "s" : "",
	    p->fin - p->debut + 1);
	if (y0->errors) {
		cls_buf_reset(&w.a);
		clsi_fmt_span_invalid(&w.a, y0->errors, false);
		fputs("\n> **Attention :** ", f);
		md_text(&w, str(&w.a));
		fputc('\n', f);
	}

	fputs("\n## Synthèse\n\n### Fiches actions par statut en fin de "
	      "période\n\n",
	    f);
	statut_table(&w, k->periode.par_statut, k->periode.fiches,
	    "Fiches actions par statut en fin de période");
	fprintf(f,
	    "\nLe statut de chaque fiche est celui de son dernier suivi de %d "
	    "à %d ; « sans suivi » : aucun suivi pendant ces années.\n",
	    w.from, w.to);
	fputs("\n### Mouvements pendant la période\n\n", f);
	moves(&w, &k->moves);
	fputs("\n### Fiches actions par statut, année par année\n\n", f);
	statut_years(&w, k->annees, "Fiches actions par statut, par année");
	fputs("\n### Indicateurs\n\n", f);
	indicateurs_years(&w, k->annees, &k->periode);
	fputs("\n### Financements prévus par financeur\n\n", f);
	if (k->nfinanceurs)
		funders(&w, k->financeurs, k->nfinanceurs, &k->periode,
		    k->total_duree, k->duree_known, k->duree_unknown, false);
	else
		fputs("Aucun financement n'est inscrit dans les fiches.\n", f);
	fputs("\n### Financements prévus et dépenses réalisées\n\n", f);
	money_years(&w, k->annees, &k->periode);

	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		fputs("\n## Axe ", f);
		md_text(&w, ra->axe->id);
		fputs(" — ", f);
		md_text(&w, ra->axe->titre);
		fputc('\n', f);
		if (!ra->total)
			fputs("\nAucune fiche action dans cet axe.\n", f);
		else
			eval_tally(&w, i, 0, false, ra->axe->id);
		for (size_t n = 0; n < ra->n; n++)
			eval_fiche(&w, ra->fiches[n], 3);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			fputs("\n### Objectif ", f);
			md_text(&w, ro->obj->id);
			fputs(" — ", f);
			md_text(&w, ro->obj->titre);
			fputc('\n', f);
			if (!ro->n)
				fputs("\nAucune fiche action pour cet "
				      "objectif.\n",
				    f);
			else
				eval_tally(&w, i, o, true, ro->obj->id);
			for (size_t n = 0; n < ro->n; n++)
				eval_fiche(&w, ro->fiches[n], 4);
		}
	}
	if (y0->nhors) {
		fputs("\n## Fiches hors axe\n\nCes fiches ne sont rattachées à "
		      "aucun axe connu de cls.yaml.\n",
		    f);
		for (size_t n = 0; n < y0->nhors; n++)
			eval_fiche(&w, y0->hors_axe[n], 3);
	}

	fputs("\n## Ce qui manque\n", f);
	fprintf(f,
	    "\n### Fiches sans suivi une année de leur calendrier : %zu\n\n",
	    k->nsans_suivi);
	if (!k->nsans_suivi)
		fputs("Aucune.\n", f);
	for (size_t i = 0; i < k->nsans_suivi; i++) {
		const cls_report_absent *ab = &k->sans_suivi[i];
		fputs("- Fiche ", f);
		md_text(&w, ab->id);
		fputs(" — ", f);
		md_text(&w, ab->titre ? ab->titre : "(sans titre)");
		fputs(" (", f);
		md_text(&w, ab->fichier);
		fputs(") : ", f);
		for (size_t y = 0; y < ab->nannees; y++)
			fprintf(f, "%s%d", y ? ", " : "", ab->annees[y]);
		fputc('\n', f);
	}
	size_t total = 0;
	for (size_t y = 0; y < w.nyears; y++)
		total += k->annees[y].sans_valeur_n;
	fprintf(f, "\n### Valeurs manquantes des indicateurs : %zu\n\n", total);
	if (!total)
		fputs("Aucune.\n", f);
	for (size_t i = 0; i < w.s->ngaps; i++) {
		const cls_report_gap *g = &w.s->gaps[i];
		const cls_indicateur *ind
		    = y0->fiches[g->t->index].inds[g->ind].ind;
		cls_buf_reset(&w.a);
		clsi_fmt_gap(&w.a, w.s, g, &clsi_seps_plain);
		fputs("- Fiche ", f);
		md_text(&w, g->t->f->id);
		fputs(", ", f);
		md_text(&w, ind->id);
		fputs(" — ", f);
		md_text(&w, ind->libelle);
		fputs(" : ", f);
		md_text(&w, str(&w.a));
		fputc('\n', f);
	}
	fprintf(
	    f, "\n### Avertissements de validation : %zu\n\n", y0->warnings);
	if (!y0->warnings)
		fputs("Aucun.\n", f);
	for (size_t i = 0; i < y0->ndiags; i++) {
		const cls_diag *d = &y0->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		cls_buf_reset(&w.a);
		clsi_fmt_diag(&w.a, d);
		fputs("- ", f);
		md_text(&w, str(&w.a));
		fputc('\n', f);
	}
	return finish(&w);
}

/* ----------------------------------------------------- the synthesis */

static void region_contract(mw *w, const cls_report_contract *k)
{
	FILE *f = w->f;
	fputs("\n### ", f);
	md_text(w, k->dossier);
	fputs(" — ", f);
	md_text(w, k->nom ? k->nom : "Contrat Local de Santé");
	fputs("\n\n- **Territoire :** ", f);
	md_text(w, k->territoire ? k->territoire : "—");
	if (k->debut && k->fin)
		fprintf(f, "\n- **Période :** %d-%d\n", k->debut, k->fin);
	else
		fputs("\n- **Période :** inconnue\n", f);
	if (k->erreurs)
		fprintf(f,
		    "- **Validation :** %zu erreur%s : ses chiffres peuvent "
		    "être faux\n",
		    k->erreurs, k->erreurs > 1 ? "s" : "");
	if (!k->couvert) {
		cls_buf_reset(&w->a);
		clsi_fmt_span(&w->a, w->from, w->to);
		fprintf(f,
		    "- **Synthèse :** hors période : ne compte dans aucun "
		    "chiffre de %s\n",
		    str(&w->a));
		return;
	}
	cls_buf_reset(&w->a);
	clsi_fmt_statuts(&w->a, k->periode.par_statut);
	fprintf(f, "- **%s :** %s\n", w->nyears > 1 ? "Statut final" : "Fiches",
	    str(&w->a));
	if (w->nyears > 1) {
		cls_buf_reset(&w->a);
		clsi_fmt_moves(&w->a, &k->moves);
		fprintf(f, "- **Mouvements :** %s\n", str(&w->a));
	}
	cls_buf_reset(&w->a);
	clsi_fmt_part(&w->a, &k->periode, &clsi_seps_plain);
	fprintf(f, "- **Cible atteinte :** %s\n", str(&w->a));
	cls_buf_reset(&w->a);
	clsi_fmt_prevu_by(&w->a, k, &clsi_seps_plain);
	fputs("- **Prévu :** ", f);
	md_text(w, str(&w->a));
	cls_buf_reset(&w->a);
	clsi_fmt_depense(&w->a, &k->periode, &clsi_seps_plain);
	fprintf(f, "\n- **Dépensé :** %s\n", str(&w->a));
	if (w->nyears > 1) {
		const char *h[] = {"Année", "Fiches par statut",
		    "Cible atteinte", "Prévu", "Dépensé", "Sans suivi"};
		const int wd[] = {8, 30, 10, 12, 12, 8};
		fputc('\n', f);
		clsi_md_table_head(f, h, "llrrrr", wd, 6);
		for (size_t y = 0; y < w->nyears; y++) {
			const cls_report_figures *g = &k->annees[y];
			char yy[16], ss[24];
			snprintf(yy, sizeof(yy), "%d", w->from + (int)y);
			snprintf(ss, sizeof(ss), "%zu", g->sans_suivi);
			cls_buf_reset(&w->a);
			cls_buf_reset(&w->b);
			cls_buf_reset(&w->c);
			cls_buf_reset(&w->d);
			clsi_fmt_statuts(&w->a, g->par_statut);
			if (g->has_part)
				clsi_fmt_pct(&w->b, g->part, &clsi_seps_plain);
			clsi_fmt_prevu(&w->c, g, &clsi_seps_plain);
			if (g->depenses_n)
				clsi_fmt_money(
				    &w->d, g->depenses, &clsi_seps_plain);
			const char *row[] = {yy, str(&w->a), str(&w->b),
			    str(&w->c), str(&w->d), ss};
			clsi_md_table_row(f, row, 6, false);
		}
		fputs("\nTable: ", f);
		md_text(w, k->dossier);
		fputs(", année par année\n", f);
	}
	if (k->nsans_suivi) {
		fprintf(f, "\n**Fiches sans suivi : %zu**\n\n", k->nsans_suivi);
		for (size_t i = 0; i < k->nsans_suivi; i++) {
			const cls_report_absent *ab = &k->sans_suivi[i];
			fputs("- Fiche ", f);
			md_text(w, ab->id);
			fputs(" — ", f);
			md_text(w, ab->titre ? ab->titre : "(sans titre)");
			if (w->nyears > 1) {
				fputs(" : ", f);
				for (size_t y = 0; y < ab->nannees; y++)
					fprintf(f, "%s%d", y ? ", " : "",
					    ab->annees[y]);
			}
			fputc('\n', f);
		}
	}
}

static void dossier_list(mw *w, const char *label,
    bool (*keep)(const cls_report_contract *, size_t), size_t y)
{
	size_t n = 0;
	for (size_t i = 0; i < cls_report_contracts(w->r); i++)
		n += keep(cls_report_contract_of(w->r, i), y);
	fprintf(w->f, "- %s : %zu", label, n);
	for (size_t i = 0, m = 0; i < cls_report_contracts(w->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(w->r, i);
		if (!keep(k, y))
			continue;
		fputs(m++ ? ", " : " (", w->f);
		md_text(w, k->dossier);
	}
	fputs(n ? ")\n" : "\n", w->f);
}

int clsi_render_region_markdown(FILE *f, const cls_report *r)
{
	mw w;
	start(&w, f, r);
	const cls_report_region *g = cls_report_region_of(r);
	cls_buf_reset(&w.b);
	clsi_fmt_span(&w.b, w.from, w.to);
	const char *years = str(&w.b);

	fprintf(f,
	    "# Synthèse %s des contrats locaux de santé\n\n"
	    "- **Contrats :** %zu, dont %zu couvert%s par %s\n"
	    "- **%s :** %s\n",
	    years, g->contrats, g->couverts, g->couverts > 1 ? "s" : "", years,
	    w.nyears > 1 ? "Années" : "Année", years);
	if (g->erreurs)
		fprintf(f,
		    "\n> **Attention :** %zu contrat%s sur %zu %s des erreurs "
		    "de validation (%zu en tout) : leurs chiffres peuvent être "
		    "faux ou incomplets. Corrigez les erreurs que signale cls "
		    "validate avant de diffuser cette synthèse.\n",
		    g->invalides, g->invalides > 1 ? "s" : "", g->contrats,
		    g->invalides > 1 ? "ont" : "a", g->erreurs);

	fputs("\n## Synthèse\n\n### Contrats\n\n", f);
	fprintf(f, "- couverts par la synthèse : %zu\n", g->couverts);
	dossier_list(&w, "hors période", clsi_contract_hors, 0);
	dossier_list(
	    &w, "avec des erreurs de validation", clsi_contract_invalide, 0);
	for (size_t y = 0; y < w.nyears; y++) {
		char lab[64];
		snprintf(lab, sizeof(lab), "sans aucun suivi pour %d",
		    w.from + (int)y);
		dossier_list(&w, lab, clsi_contract_sans_suivi, y);
	}
	fprintf(f, "\n### Fiches actions par statut en %s\n\n",
	    w.nyears > 1 ? "fin de période" : years);
	statut_table(&w, g->periode.par_statut, g->periode.fiches,
	    "Fiches actions par statut");
	if (w.nyears > 1) {
		fputs("\n### Mouvements pendant la période\n\n", f);
		moves(&w, &g->moves);
		fputs(
		    "\n### Fiches actions par statut, année par année\n\n", f);
		statut_years(
		    &w, g->annees, "Fiches actions par statut, par année");
	}
	fputs("\n### Indicateurs\n\n", f);
	indicateurs_years(&w, g->annees, &g->periode);
	fputs("\n### Financements prévus par financeur\n\n", f);
	if (g->nfinanceurs) {
		funders(&w, g->financeurs, g->nfinanceurs, &g->periode,
		    g->total_duree, g->duree_known, g->duree_unknown, true);
		fputs(
		    "\nContrats : ceux où le financeur a des financements des "
		    "années de la synthèse ou de la durée du contrat.\n",
		    f);
	} else {
		fputs("Aucun financement n'est inscrit dans les fiches.\n", f);
	}
	fputs("\n### Financements prévus et dépenses réalisées\n\n", f);
	money_years(&w, g->annees, &g->periode);
	fputs("\n### Fiches actions par thème\n\n", f);
	if (!g->nthemes) {
		fputs("Aucune fiche n'indique de thème.\n", f);
	} else {
		const char *h[] = {"Thème", "Fiches", "Contrats"};
		const int wd[] = {40, 10, 10};
		clsi_md_table_head(f, h, "lrr", wd, 3);
		for (size_t i = 0; i < g->nthemes; i++) {
			char a[24], b[24];
			snprintf(a, sizeof(a), "%zu", g->themes[i].fiches);
			snprintf(b, sizeof(b), "%zu", g->themes[i].contrats);
			const char *row[] = {g->themes[i].theme, a, b};
			clsi_md_table_row(f, row, 3, false);
		}
		fputs("\nTable: Fiches actions par thème\n", f);
	}

	fputs("\n## Les contrats\n\n", f);
	const char *h[] = {"Dossier", "Territoire", "Période", "Fiches",
	    "Cible atteinte", "Prévu", "Dépensé", "Sans suivi"};
	const int wd[] = {14, 30, 10, 7, 9, 12, 12, 7};
	clsi_md_table_head(f, h, "lllrrrrr", wd, 8);
	for (size_t i = 0; i < cls_report_contracts(r); i++) {
		const cls_report_contract *k = cls_report_contract_of(r, i);
		char per[24], fi[24], ss[24];
		cls_buf_reset(&w.a);
		cls_buf_add(&w.a, k->dossier);
		if (k->erreurs)
			cls_buf_add(&w.a, " (!)");
		if (k->debut && k->fin)
			snprintf(per, sizeof(per), "%d-%d", k->debut, k->fin);
		else
			snprintf(per, sizeof(per), "inconnue");
		cls_buf_reset(&w.c);
		cls_buf_reset(&w.d);
		cls_buf e = {0};
		if (k->couvert) {
			snprintf(fi, sizeof(fi), "%zu", k->periode.fiches);
			snprintf(ss, sizeof(ss), "%zu", k->periode.sans_suivi);
			if (k->periode.has_part)
				clsi_fmt_pct(
				    &w.c, k->periode.part, &clsi_seps_plain);
			clsi_fmt_prevu(&w.d, &k->periode, &clsi_seps_plain);
			if (k->periode.depenses_n)
				clsi_fmt_money(
				    &e, k->periode.depenses, &clsi_seps_plain);
		} else {
			snprintf(fi, sizeof(fi), "—");
			snprintf(ss, sizeof(ss), "—");
			cls_buf_add(&w.c, "hors période");
		}
		const char *row[] = {str(&w.a), k->territoire, per, fi,
		    str(&w.c), str(&w.d), cls_buf_str(&e), ss};
		clsi_md_table_row(f, row, 8, false);
		w.a.oom |= e.oom;
		cls_buf_release(&e);
	}
	fputs("\nTable: Les contrats\n", f);
	if (g->invalides)
		fputs("\n(!) : le contrat a des erreurs de validation.\n", f);
	for (size_t i = 0; i < cls_report_contracts(r); i++)
		region_contract(&w, cls_report_contract_of(r, i));
	return finish(&w);
}
