/* SPDX-License-Identifier: MIT */
/*
 * report-span-text.c - "cls report FROM-TO" and "cls report YEAR|FROM-TO
 * DIR..." for the terminal: the evaluation of a contract over years, and
 * the synthesis of several contracts.  As the annual review, in 80
 * columns counted in characters, tables narrowed to fit: what runs over
 * the years runs down the page (a row a year), so that a span of any
 * length fits.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#define BOLD TX_BOLD

typedef struct sw {
	txw w;
	const cls_report *r;
	const cls_report_span *s; /* the evaluation's detail */
	int from, to;
	size_t nyears;
	cls_buf a, b, c, d; /* scratch */
} sw;

static const char *str(cls_buf *b)
{
	return cls_buf_str(b);
}

static void nl(sw *t)
{
	fputc('\n', t->w.f);
}

/* A table from column heads and rows of cells, printed at indent 4. */
static void print_table(sw *t, ttab *tt)
{
	clsi_tt_print(&t->w, tt, 4);
	clsi_tt_free(tt);
}

/* ------------------------------------------------- pieces of both views */

/* The fiches by statut, one column a year (at most 6 a table). */
static void statut_years(sw *t, const cls_report_figures *annees)
{
	for (size_t k0 = 0; k0 < t->nyears; k0 += 6) {
		size_t nk = t->nyears - k0 < 6 ? t->nyears - k0 : 6;
		char heads[6][16];
		tcol cols[7] = {{"Statut", false, false}};
		for (size_t k = 0; k < nk; k++) {
			snprintf(heads[k], sizeof(heads[k]), "%d",
			    t->from + (int)(k0 + k));
			cols[k + 1] = (tcol){heads[k], true, false};
		}
		ttab tt;
		clsi_tt_init(&tt, cols, nk + 1);
		char cells[7][24];
		const char *row[7];
		for (int i = 0; i <= CLS_STATUT_COUNT; i++) {
			cls_statut s = i < CLS_STATUT_COUNT
			    ? clsi_statut_order[i]
			    : CLS_STATUT_NONE;
			if (i == CLS_STATUT_COUNT)
				clsi_tt_rule(&tt);
			row[0] = i < CLS_STATUT_COUNT ? cls_statut_label(s)
			                              : "Total";
			for (size_t k = 0; k < nk; k++) {
				const cls_report_figures *g = &annees[k0 + k];
				snprintf(cells[k], sizeof(cells[k]), "%zu",
				    i < CLS_STATUT_COUNT ? g->par_statut[s]
				                         : g->fiches);
				row[k + 1] = cells[k];
			}
			clsi_tt_row(&tt, row);
		}
		print_table(t, &tt);
	}
}

/* A row of the figures of a year (or of the span) in the tables of
 * indicateurs and of money. */
static void ind_row(
    ttab *tt, const char *label, const cls_report_figures *g, cls_buf *b)
{
	char n[4][24];
	snprintf(n[0], sizeof(n[0]), "%zu", g->avec_cible);
	snprintf(n[1], sizeof(n[1]), "%zu", g->evalues);
	snprintf(n[2], sizeof(n[2]), "%zu", g->atteints);
	snprintf(n[3], sizeof(n[3]), "%zu", g->sans_valeur);
	cls_buf_reset(b);
	if (g->has_part)
		clsi_fmt_pct(b, g->part, &clsi_seps_plain);
	else
		cls_buf_add(b, "—");
	const char *row[] = {label, n[0], n[1], n[2], n[3], str(b)};
	clsi_tt_row(tt, row);
}

static void indicateurs_years(
    sw *t, const cls_report_figures *annees, const cls_report_figures *periode)
{
	const tcol cols[]
	    = {{"Année", false, false}, {"Avec cible", true, false},
	        {"Évalués", true, false}, {"Atteints", true, false},
	        {"Sans valeur", true, false}, {"Part atteinte", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 6);
	char y[16];
	for (size_t k = 0; k < t->nyears; k++) {
		snprintf(y, sizeof(y), "%d", t->from + (int)k);
		ind_row(&tt, y, &annees[k], &t->a);
	}
	if (t->nyears > 1) {
		clsi_tt_rule(&tt);
		snprintf(y, sizeof(y), "%d-%d", t->from, t->to);
		ind_row(&tt, y, periode, &t->a);
	}
	print_table(t, &tt);
}

static void money_years(
    sw *t, const cls_report_figures *annees, const cls_report_figures *periode)
{
	const tcol cols[] = {{"Année", false, false}, {"Prévu", true, false},
	    {"Dépensé", true, false}, {"Suivis avec dépenses", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 4);
	char y[16], n[24];
	for (size_t k = 0; k <= t->nyears; k++) {
		const cls_report_figures *g
		    = k < t->nyears ? &annees[k] : periode;
		if (k == t->nyears) {
			if (t->nyears == 1)
				break;
			clsi_tt_rule(&tt);
			snprintf(y, sizeof(y), "%d-%d", t->from, t->to);
		} else {
			snprintf(y, sizeof(y), "%d", t->from + (int)k);
		}
		cls_buf_reset(&t->a);
		cls_buf_reset(&t->b);
		clsi_fmt_prevu(&t->a, g, &clsi_seps_plain);
		if (g->depenses_n)
			clsi_fmt_money(&t->b, g->depenses, &clsi_seps_plain);
		else
			cls_buf_add(&t->b, "—");
		snprintf(n, sizeof(n), "%zu", g->depenses_n);
		const char *row[] = {y, str(&t->a), str(&t->b), n};
		clsi_tt_row(&tt, row);
	}
	print_table(t, &tt);
}

/* The money by financeur and by year, a row each (a financeur's years
 * without financements left out), with its total over the span and what
 * it gives for the whole contract. */
static void funders(
    sw *t, const cls_report_funder *v, size_t n, bool count_contracts)
{
	const tcol cols[] = {{"Financeur", false, true},
	    {"Année", false, false}, {"Montant", true, false},
	    {count_contracts ? "Contrats" : "", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, count_contracts ? 4 : 3);
	char y[48], nc[24];
	for (size_t i = 0; i < n; i++) {
		const cls_report_funder *u = &v[i];
		bool first = true;
		for (size_t k = 0; k <= t->nyears + 1; k++) {
			const cls_report_money *m = k < t->nyears
			    ? &u->annees[k]
			    : k == t->nyears ? &u->periode
			                     : &u->duree;
			/* a financeur of other years only is not listed */
			if (!m->known && !m->unknown)
				continue;
			if (k < t->nyears)
				snprintf(y, sizeof(y), "%d", t->from + (int)k);
			else if (k == t->nyears && t->nyears == 1)
				continue; /* the year again */
			else if (k == t->nyears)
				snprintf(y, sizeof(y), "total %d-%d", t->from,
				    t->to);
			else
				snprintf(y, sizeof(y), "durée du contrat");
			cls_buf_reset(&t->a);
			clsi_fmt_money_of(&t->a, m, &clsi_seps_plain);
			snprintf(nc, sizeof(nc), "%zu", u->contrats);
			const char *row[] = {first ? u->financeur : "", y,
			    str(&t->a), first && count_contracts ? nc : ""};
			clsi_tt_row(&tt, row);
			first = false;
		}
	}
	print_table(t, &tt);
}

static void unknown_note(
    sw *t, const cls_report_figures *periode, size_t duree_unknown)
{
	if (!periode->prevu_unknown && !duree_unknown)
		return;
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a,
	    "Montant non précisé pour %zu financement%s : les totaux ne "
	    "les comptent pas.",
	    periode->prevu_unknown + duree_unknown,
	    periode->prevu_unknown + duree_unknown > 1 ? "s" : "");
	clsi_tx_para(&t->w, "    ", 4, 4, str(&t->a));
}

static void moves(sw *t, const cls_report_moves *m)
{
	char n[24];
	snprintf(n, sizeof(n), "%zu", m->demarrees);
	clsi_tx_kv(&t->w, 4, 16, "démarrées", n, NULL);
	snprintf(n, sizeof(n), "%zu", m->realisees);
	clsi_tx_kv(&t->w, 4, 16, "réalisées", n, NULL);
	snprintf(n, sizeof(n), "%zu", m->abandonnees);
	clsi_tx_kv(&t->w, 4, 16, "abandonnées", n, NULL);
	snprintf(n, sizeof(n), "%zu", m->reportees);
	clsi_tx_kv(&t->w, 4, 16, "reportées", n, NULL);
}

static void statut_table(sw *t, const size_t *par_statut, size_t total)
{
	const tcol cols[] = {{"Statut", false, false}, {"Fiches", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 2);
	char n[24];
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		snprintf(n, sizeof(n), "%zu", par_statut[s]);
		const char *row[] = {cls_statut_label(s), n};
		clsi_tt_row(&tt, row);
	}
	clsi_tt_rule(&tt);
	snprintf(n, sizeof(n), "%zu", total);
	const char *row[] = {"Total", n};
	clsi_tt_row(&tt, row);
	print_table(t, &tt);
}

/* ---------------------------------------------------- the evaluation */

static void eval_title(sw *t)
{
	const cls_report_year *y0 = &t->s->years[0];
	const cls_plan *p = y0->plan;
	char buf[96];
	snprintf(buf, sizeof(buf), "Évaluation %d-%d", t->from, t->to);
	clsi_tx_heading(&t->w, 0, buf);
	clsi_tx_para_c(
	    &t->w, BOLD, "", 0, 0, p->nom ? p->nom : "Contrat Local de Santé");
	clsi_tx_rule(&t->w, '=', NULL);
	clsi_tx_kv(&t->w, 0, 18, "Territoire",
	    p->territoire ? p->territoire : "—", NULL);
	snprintf(buf, sizeof(buf), "%d-%d", p->debut, p->fin);
	clsi_tx_kv(&t->w, 0, 18, "Période", buf, NULL);
	snprintf(buf, sizeof(buf), "%d-%d (%zu année%s sur les %d du contrat)",
	    t->from, t->to, t->nyears, t->nyears > 1 ? "s" : "",
	    p->fin - p->debut + 1);
	clsi_tx_kv(&t->w, 0, 18, "Années évaluées", buf, NULL);
	if (y0->errors) {
		cls_buf_reset(&t->a);
		cls_buf_add(&t->a, "ATTENTION : ");
		clsi_fmt_span_invalid(&t->a, y0->errors, false);
		nl(t);
		clsi_tx_para_c(&t->w, "\033[1;31m", "!! ", 3, 3, str(&t->a));
	}
}

static void eval_synthese(sw *t)
{
	const cls_report_contract *k = cls_report_contract_of(t->r, 0);
	nl(t);
	clsi_tx_rule(&t->w, '=', "SYNTHÈSE");
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a,
	    "Fiches actions par statut en fin de période : %zu fiche%s",
	    k->periode.fiches, k->periode.fiches > 1 ? "s" : "");
	clsi_tx_heading(&t->w, 0, str(&t->a));
	statut_table(t, k->periode.par_statut, k->periode.fiches);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a,
	    "Le statut de chaque fiche est celui de son dernier suivi de %d "
	    "à %d ; «\u00a0sans suivi\u00a0» : aucun suivi pendant ces "
	    "années.",
	    t->from, t->to);
	clsi_tx_para(&t->w, "    ", 4, 4, str(&t->a));

	nl(t);
	clsi_tx_heading(&t->w, 0, "Mouvements pendant la période");
	moves(t, &k->moves);

	nl(t);
	clsi_tx_heading(&t->w, 0, "Fiches actions par statut, année par année");
	statut_years(t, k->annees);

	nl(t);
	clsi_tx_heading(&t->w, 0, "Indicateurs chiffrés ayant une cible");
	indicateurs_years(t, k->annees, &k->periode);

	nl(t);
	clsi_tx_heading(
	    &t->w, 0, "Financements prévus, par financeur et par année");
	if (k->nfinanceurs) {
		funders(t, k->financeurs, k->nfinanceurs, false);
		unknown_note(t, &k->periode, k->duree_unknown);
	} else {
		clsi_tx_para(&t->w, "    ", 4, 4,
		    "Aucun financement n'est inscrit dans les fiches.");
	}
	nl(t);
	clsi_tx_heading(&t->w, 0, "Financements prévus et dépenses réalisées");
	money_years(t, k->annees, &k->periode);
}

/* One indicateur: a row a year. */
static void eval_indicateur(sw *t, const cls_report_trajectory *tr, size_t i)
{
	const cls_report_ind *r0 = &t->s->years[0].fiches[tr->index].inds[i];
	const cls_indicateur *ind = r0->ind;
	bool qual = cls_indicateur_qualitative(ind);
	cls_buf_reset(&t->d);
	cls_buf_add(&t->d, ind->libelle ? ind->libelle : ind->id);
	if (ind->unite && *ind->unite)
		cls_buf_printf(&t->d, " (%s)", ind->unite);
	if (ind->sens == CLS_BAISSE)
		cls_buf_add(&t->d, ", à la baisse");
	clsi_tx_para(&t->w, "    ", 4, 6, str(&t->d));
	if (qual) {
		for (size_t k = 0; k < t->nyears; k++) {
			const cls_report_ind *ri
			    = &t->s->years[k].fiches[tr->index].inds[i];
			char y[24];
			snprintf(y, sizeof(y), "      %d  ", t->from + (int)k);
			clsi_tx_para(&t->w, y, 12, 12,
			    ri->t.valeur && ri->t.valeur->text
			        ? ri->t.valeur->text
			        : "—");
		}
		return;
	}
	bool cumul = ind->has_cible_totale;
	const tcol cols[] = {{"Année", false, false}, {"Cible", false, false},
	    {"Valeur", false, true}, {"Réalisation", false, true},
	    {"Cumul", true, false}, {"Cumul / cible totale", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, cumul ? 6 : 4);
	for (size_t k = 0; k < t->nyears; k++) {
		const cls_report_ind *ri
		    = &t->s->years[k].fiches[tr->index].inds[i];
		char y[16];
		snprintf(y, sizeof(y), "%d", t->from + (int)k);
		cls_buf_reset(&t->a);
		cls_buf_reset(&t->b);
		cls_buf_reset(&t->c);
		cls_buf_reset(&t->d);
		if (ri->t.has_cible)
			clsi_fmt_cible(&t->a, &ri->t.cible, &clsi_seps_plain);
		else
			cls_buf_add(&t->a, "—");
		if (ri->t.valeur)
			clsi_fmt_valeur(&t->b, ri, &clsi_seps_plain);
		else
			cls_buf_add(&t->b, "—");
		clsi_fmt_result(&t->c, ri, &clsi_seps_plain);
		if (!t->c.len)
			cls_buf_add(&t->c, "—");
		cls_buf t5 = {0};
		if (cumul) {
			clsi_fmt_num(&t->d, ri->t.cumul, &clsi_seps_plain);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &t5, ri->t.taux_cumul, &clsi_seps_plain);
			else
				cls_buf_add(&t5, "—");
		}
		const char *row[] = {y, str(&t->a), str(&t->b), str(&t->c),
		    str(&t->d), cls_buf_str(&t5)};
		clsi_tt_row(&tt, row);
		t->w.oom |= t5.oom;
		cls_buf_release(&t5);
	}
	clsi_tt_print(&t->w, &tt, 6);
	clsi_tt_free(&tt);
	if (cumul) {
		cls_buf_reset(&t->a);
		cls_buf_add(&t->a, "Cible totale : ");
		clsi_fmt_num(&t->a, ind->cible_totale, &clsi_seps_plain);
		cls_buf_add(&t->a, " (cumul depuis le début du contrat).");
		clsi_tx_para(&t->w, "      ", 6, 6, str(&t->a));
	}
}

static void eval_fiche(sw *t, const cls_report_fiche *rf0)
{
	const cls_report_trajectory *tr
	    = &t->s->fiches[rf0 - t->s->years[0].fiches];
	const cls_fiche *f = tr->f;
	char lab[64];
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a, "Fiche %s — ", f->id);
	size_t pw = clsi_u8_width(str(&t->a));
	clsi_tx_para_c(&t->w, BOLD, str(&t->a), pw, pw,
	    f->titre ? f->titre : "(sans titre)");
	cls_buf_reset(&t->a);
	cls_buf_add(&t->a, cls_statut_label(tr->statut_fin));
	if (tr->annee_fin)
		cls_buf_printf(&t->a, " (%d)", tr->annee_fin);
	clsi_tx_kv(&t->w, 2, 18, "Statut final", str(&t->a),
	    clsi_statut_color[tr->statut_fin]);
	cls_buf_reset(&t->a);
	clsi_fmt_parcours(&t->a, tr);
	clsi_tx_kv(&t->w, 2, 18, "Parcours", str(&t->a), NULL);
	if (f->first_year) {
		snprintf(
		    lab, sizeof(lab), "%d-%d", f->first_year, f->last_year);
		clsi_tx_kv(&t->w, 2, 18, "Calendrier", lab, NULL);
	}
	for (size_t i = 0; i < f->porteurs.count; i++)
		clsi_tx_kv(&t->w, 2, 18,
		    i                           ? ""
		        : f->porteurs.count > 1 ? "Porteurs"
		                                : "Porteur",
		    f->porteurs.items[i], NULL);
	clsi_tx_kv(&t->w, 2, 18, "Fichier", f->file, NULL);

	nl(t);
	clsi_tx_heading(&t->w, 2, "Année par année");
	const tcol cols[] = {{"Année", false, false}, {"Statut", false, true},
	    {"Avancement", true, false}, {"Dépenses", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 4);
	for (size_t k = 0; k < t->nyears; k++) {
		const cls_report_fiche *rf = &t->s->years[k].fiches[tr->index];
		const cls_suivi *s = rf->suivi;
		char y[16];
		snprintf(y, sizeof(y), "%d", t->from + (int)k);
		cls_buf_reset(&t->a);
		cls_buf_reset(&t->b);
		cls_buf_reset(&t->c);
		cls_buf_add(&t->a, cls_statut_label(rf->statut));
		if (!rf->runs)
			cls_buf_add(&t->a, " (hors calendrier)");
		if (s && s->has_avancement)
			clsi_fmt_pct(&t->b, s->avancement, &clsi_seps_plain);
		else
			cls_buf_add(&t->b, "—");
		if (s && s->has_depenses)
			clsi_fmt_money(&t->c, s->depenses, &clsi_seps_plain);
		else
			cls_buf_add(&t->c, "—");
		const char *row[] = {y, str(&t->a), str(&t->b), str(&t->c)};
		clsi_tt_row(&tt, row);
	}
	print_table(t, &tt);

	if (rf0->nind) {
		nl(t);
		clsi_tx_heading(&t->w, 2, "Indicateurs");
		for (size_t i = 0; i < rf0->nind; i++) {
			if (i)
				nl(t);
			eval_indicateur(t, tr, i);
		}
	} else {
		nl(t);
		clsi_tx_para(&t->w, "  ", 2, 2, "Indicateurs : aucun.");
	}
	if (tr->njalons) {
		nl(t);
		clsi_tx_heading(&t->w, 2, "Jalons");
		for (size_t i = 0; i < tr->njalons; i++) {
			cls_buf_reset(&t->a);
			clsi_fmt_jalon(&t->a, &tr->jalons[i]);
			clsi_tx_para(&t->w, "    - ", 6, 6, str(&t->a));
		}
	}
	if (tr->nfin) {
		nl(t);
		snprintf(
		    lab, sizeof(lab), "Financements %d-%d", t->from, t->to);
		clsi_tx_heading(&t->w, 2, lab);
		const tcol fc[]
		    = {{"Financeur", false, true}, {"Montant", true, false},
		        {"Année", false, false}, {"Statut", false, false}};
		clsi_tt_init(&tt, fc, 4);
		for (size_t i = 0; i < tr->nfin; i++) {
			const cls_financement *fin = tr->fins[i];
			char y[16];
			snprintf(y, sizeof(y), "%d", fin->annee);
			cls_buf_reset(&t->a);
			clsi_fmt_fin_montant(&t->a, fin, &clsi_seps_plain);
			const char *row[] = {fin->financeur, str(&t->a),
			    fin->annee ? y : "durée du contrat",
			    cls_fin_statut_label(fin->statut)};
			clsi_tt_row(&tt, row);
			if (fin->note && *fin->note)
				clsi_tt_span(&tt, fin->note);
		}
		print_table(t, &tt);
	}
	bool any = false;
	for (size_t k = 0; k < t->nyears; k++) {
		const cls_suivi *s = t->s->years[k].fiches[tr->index].suivi;
		if (!clsi_suivi_has_words(s))
			continue;
		if (!any) {
			nl(t);
			clsi_tx_heading(&t->w, 2, "Commentaires");
			any = true;
		}
		/* the year before the first line it has, then the leviers,
		 * freins and perspectives of that year under its commentaire */
		char y[24];
		snprintf(y, sizeof(y), "    %d  ", t->from + (int)k);
		const char *lead = y;
		if (s->commentaire && *s->commentaire) {
			clsi_tx_para(&t->w, lead, 10, 10, s->commentaire);
			lead = "          ";
		}
		for (int n = 0; n < CLSI_SUIVI_LISTS; n++) {
			const cls_strlist *l = clsi_suivi_list(s, n);
			if (!l->count)
				continue;
			clsi_tx_para(
			    &t->w, lead, 10, 10, clsi_suivi_list_title[n]);
			lead = "          ";
			for (size_t i = 0; i < l->count; i++)
				clsi_tx_para(&t->w, "            - ", 14, 14,
				    l->items[i]);
		}
	}
}

static void eval_tally(sw *t, size_t axe, size_t obj, bool is_obj)
{
	const tcol cols[]
	    = {{"Année", false, false}, {"Fiches par statut", false, true},
	        {"Avancement moyen", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 3);
	for (size_t k = 0; k < t->nyears; k++) {
		const cls_report_axe *ra = &t->s->years[k].axes[axe];
		const cls_report_tally *ty
		    = is_obj ? &ra->objs[obj].tally : &ra->tally;
		char y[16];
		snprintf(y, sizeof(y), "%d", t->from + (int)k);
		cls_buf_reset(&t->a);
		cls_buf_reset(&t->b);
		clsi_fmt_statuts(&t->a, ty->par_statut);
		if (ty->avec_avancement) {
			clsi_fmt_pct(&t->b, ty->avancement, &clsi_seps_plain);
			cls_buf_printf(&t->b, " (%zu)", ty->avec_avancement);
		} else {
			cls_buf_add(&t->b, "—");
		}
		const char *row[] = {y, str(&t->a), str(&t->b)};
		clsi_tt_row(&tt, row);
	}
	print_table(t, &tt);
}

static void eval_plan(sw *t)
{
	const cls_report_year *y0 = &t->s->years[0];
	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		nl(t);
		cls_buf_reset(&t->a);
		cls_buf_printf(&t->a, "AXE %s", ra->axe->id);
		clsi_tx_rule(&t->w, '=', str(&t->a));
		clsi_tx_para_c(&t->w, BOLD, "", 0, 0,
		    ra->axe->titre ? ra->axe->titre : "");
		if (!ra->total) {
			clsi_tx_para(&t->w, "", 0, 0,
			    "Aucune fiche action dans cet axe.");
		} else {
			nl(t);
			eval_tally(t, i, 0, false);
		}
		for (size_t k = 0; k < ra->n; k++)
			eval_fiche(t, ra->fiches[k]);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			nl(t);
			cls_buf_reset(&t->a);
			cls_buf_printf(&t->a, "Objectif %s", ro->obj->id);
			clsi_tx_rule(&t->w, '-', str(&t->a));
			clsi_tx_para(&t->w, "", 0, 0,
			    ro->obj->titre ? ro->obj->titre : "");
			if (!ro->n) {
				clsi_tx_para(&t->w, "", 0, 0,
				    "Aucune fiche action pour cet objectif.");
			} else {
				nl(t);
				eval_tally(t, i, o, true);
			}
			for (size_t k = 0; k < ro->n; k++)
				eval_fiche(t, ro->fiches[k]);
		}
	}
	if (y0->nhors) {
		nl(t);
		clsi_tx_rule(&t->w, '=', "FICHES HORS AXE");
		clsi_tx_para(&t->w, "", 0, 0,
		    "Ces fiches ne sont rattachées à aucun axe connu de "
		    "cls.yaml.");
		for (size_t k = 0; k < y0->nhors; k++)
			eval_fiche(t, y0->hors_axe[k]);
	}
}

static void eval_manques(sw *t)
{
	const cls_report_contract *k = cls_report_contract_of(t->r, 0);
	const cls_report_year *y0 = &t->s->years[0];
	nl(t);
	clsi_tx_rule(&t->w, '=', "CE QUI MANQUE");
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a,
	    "Fiches sans suivi une année de leur calendrier : %zu",
	    k->nsans_suivi);
	clsi_tx_heading(&t->w, 0, str(&t->a));
	for (size_t i = 0; i < k->nsans_suivi; i++) {
		const cls_report_absent *ab = &k->sans_suivi[i];
		cls_buf_reset(&t->a);
		cls_buf_printf(&t->a, "Fiche %s — %s (%s) : ", ab->id,
		    ab->titre ? ab->titre : "(sans titre)", ab->fichier);
		for (size_t y = 0; y < ab->nannees; y++)
			cls_buf_printf(
			    &t->a, "%s%d", y ? ", " : "", ab->annees[y]);
		clsi_tx_para(&t->w, "    - ", 6, 6, str(&t->a));
	}
	nl(t);
	size_t total = 0;
	for (size_t y = 0; y < t->nyears; y++)
		total += k->annees[y].sans_valeur_n;
	cls_buf_reset(&t->a);
	cls_buf_printf(
	    &t->a, "Valeurs manquantes des indicateurs : %zu", total);
	clsi_tx_heading(&t->w, 0, str(&t->a));
	for (size_t i = 0; i < t->s->ngaps; i++) {
		const cls_report_gap *g = &t->s->gaps[i];
		const cls_indicateur *ind
		    = y0->fiches[g->t->index].inds[g->ind].ind;
		cls_buf_reset(&t->a);
		clsi_fmt_gap(&t->a, t->s, g, &clsi_seps_plain);
		cls_buf_reset(&t->b);
		cls_buf_printf(&t->b, "Fiche %s, %s — %s : %s", g->t->f->id,
		    ind->id, ind->libelle ? ind->libelle : "", str(&t->a));
		clsi_tx_para(&t->w, "    - ", 6, 6, str(&t->b));
	}
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(
	    &t->a, "Avertissements de validation : %zu", y0->warnings);
	clsi_tx_heading(&t->w, 0, str(&t->a));
	for (size_t i = 0; i < y0->ndiags; i++) {
		const cls_diag *d = &y0->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		cls_buf_reset(&t->a);
		clsi_fmt_diag(&t->a, d);
		clsi_tx_para(&t->w, "    - ", 6, 6, str(&t->a));
	}
}

static int finish(sw *t)
{
	bool oom = t->w.oom || t->a.oom || t->b.oom || t->c.oom || t->d.oom;
	cls_buf_release(&t->a);
	cls_buf_release(&t->b);
	cls_buf_release(&t->c);
	cls_buf_release(&t->d);
	return oom ? -1 : 0;
}

static void start(sw *t, FILE *f, const cls_report *r, bool color)
{
	memset(t, 0, sizeof(*t));
	t->w.f = f;
	t->w.color = color;
	t->r = r;
	t->s = cls_report_span_of(r);
	t->from = cls_report_from(r);
	t->to = cls_report_to(r);
	t->nyears = (size_t)(t->to - t->from) + 1;
}

int clsi_render_span_text(FILE *f, const cls_report *r, bool color)
{
	sw t;
	start(&t, f, r, color);
	eval_title(&t);
	eval_synthese(&t);
	eval_plan(&t);
	eval_manques(&t);
	return finish(&t);
}

/* ----------------------------------------------------- the synthesis */

static void region_title(sw *t)
{
	const cls_report_region *g = cls_report_region_of(t->r);
	char buf[96];
	cls_buf_reset(&t->a);
	clsi_fmt_span(&t->a, t->from, t->to);
	snprintf(buf, sizeof(buf), "Synthèse %s des contrats locaux de santé",
	    str(&t->a));
	clsi_tx_heading(&t->w, 0, buf);
	clsi_tx_rule(&t->w, '=', NULL);
	snprintf(buf, sizeof(buf), "%zu, dont %zu couvert%s par %s",
	    g->contrats, g->couverts, g->couverts > 1 ? "s" : "", str(&t->a));
	clsi_tx_kv(&t->w, 0, 18, "Contrats", buf, NULL);
	clsi_tx_kv(
	    &t->w, 0, 18, t->nyears > 1 ? "Années" : "Année", str(&t->a), NULL);
	if (g->erreurs) {
		cls_buf_reset(&t->b);
		cls_buf_printf(&t->b,
		    "ATTENTION : %zu contrat%s sur %zu %s des erreurs de "
		    "validation (%zu en tout) : ",
		    g->invalides, g->invalides > 1 ? "s" : "", g->contrats,
		    g->invalides > 1 ? "ont" : "a", g->erreurs);
		cls_buf_add(&t->b,
		    "leurs chiffres peuvent être faux ou incomplets. Corrigez "
		    "les erreurs que signale cls validate avant de diffuser "
		    "cette synthèse.");
		nl(t);
		clsi_tx_para_c(&t->w, "\033[1;31m", "!! ", 3, 3, str(&t->b));
	}
}

/* The dossiers of the contracts that keep(k, y), after "label : ". */
static void dossiers(sw *t, const char *label,
    bool (*keep)(const cls_report_contract *, size_t, cls_buf *), size_t y)
{
	size_t n = 0;
	cls_buf_reset(&t->c);
	for (size_t i = 0; i < cls_report_contracts(t->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(t->r, i);
		cls_buf_reset(&t->d);
		if (!keep(k, y, &t->d))
			continue;
		cls_buf_printf(
		    &t->c, "%s%s%s", n++ ? ", " : "", k->dossier, str(&t->d));
	}
	char c[24];
	snprintf(c, sizeof(c), "%zu", n);
	cls_buf_reset(&t->b);
	cls_buf_add(&t->b, c);
	if (n)
		cls_buf_printf(&t->b, " : %s", str(&t->c));
	clsi_tx_kv(&t->w, 4, 34, label, str(&t->b), NULL);
}

static bool hors_periode(const cls_report_contract *k, size_t y, cls_buf *why)
{
	if (!clsi_contract_hors(k, y))
		return false;
	if (k->debut && k->fin)
		cls_buf_printf(why, " (%d-%d)", k->debut, k->fin);
	else
		cls_buf_add(why, " (période inconnue)");
	return true;
}

static bool invalide(const cls_report_contract *k, size_t y, cls_buf *why)
{
	if (!clsi_contract_invalide(k, y))
		return false;
	cls_buf_printf(
	    why, " (%zu erreur%s)", k->erreurs, k->erreurs > 1 ? "s" : "");
	return true;
}

static bool sans_suivi(const cls_report_contract *k, size_t y, cls_buf *why)
{
	(void)why;
	return clsi_contract_sans_suivi(k, y);
}

static void region_synthese(sw *t)
{
	const cls_report_region *g = cls_report_region_of(t->r);
	char buf[96];
	nl(t);
	clsi_tx_rule(&t->w, '=', "SYNTHÈSE");
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a, "Contrats : %zu", g->contrats);
	clsi_tx_heading(&t->w, 0, str(&t->a));
	snprintf(buf, sizeof(buf), "%zu", g->couverts);
	clsi_tx_kv(&t->w, 4, 34, "couverts par la synthèse", buf, NULL);
	dossiers(t, "hors période", hors_periode, 0);
	dossiers(t, "avec des erreurs de validation", invalide, 0);
	for (size_t y = 0; y < t->nyears; y++) {
		snprintf(buf, sizeof(buf), "sans aucun suivi pour %d",
		    t->from + (int)y);
		dossiers(t, buf, sans_suivi, y);
	}

	nl(t);
	cls_buf_reset(&t->a);
	if (t->nyears == 1)
		cls_buf_printf(&t->a,
		    "Fiches actions par statut en %d : %zu fiche%s", t->from,
		    g->periode.fiches, g->periode.fiches > 1 ? "s" : "");
	else
		cls_buf_printf(&t->a,
		    "Fiches actions par statut en fin de période : %zu "
		    "fiche%s",
		    g->periode.fiches, g->periode.fiches > 1 ? "s" : "");
	clsi_tx_heading(&t->w, 0, str(&t->a));
	statut_table(t, g->periode.par_statut, g->periode.fiches);
	if (t->nyears > 1) {
		nl(t);
		clsi_tx_heading(&t->w, 0, "Mouvements pendant la période");
		moves(t, &g->moves);
		nl(t);
		clsi_tx_heading(
		    &t->w, 0, "Fiches actions par statut, année par année");
		statut_years(t, g->annees);
	}
	nl(t);
	clsi_tx_heading(&t->w, 0, "Indicateurs chiffrés ayant une cible");
	indicateurs_years(t, g->annees, &g->periode);
	nl(t);
	clsi_tx_heading(&t->w, 0,
	    t->nyears > 1 ? "Financements prévus, par financeur et par année"
	                  : "Financements prévus, par financeur");
	if (g->nfinanceurs) {
		funders(t, g->financeurs, g->nfinanceurs, true);
		unknown_note(t, &g->periode, g->duree_unknown);
		clsi_tx_para(&t->w, "    ", 4, 4,
		    "Contrats : ceux où le financeur a des financements des "
		    "années de la synthèse ou de la durée du contrat.");
	} else {
		clsi_tx_para(&t->w, "    ", 4, 4,
		    "Aucun financement n'est inscrit dans les fiches.");
	}
	nl(t);
	clsi_tx_heading(&t->w, 0, "Financements prévus et dépenses réalisées");
	money_years(t, g->annees, &g->periode);

	nl(t);
	clsi_tx_heading(&t->w, 0, "Fiches actions par thème");
	if (!g->nthemes) {
		clsi_tx_para(
		    &t->w, "    ", 4, 4, "Aucune fiche n'indique de thème.");
		return;
	}
	const tcol cols[] = {{"Thème", false, true}, {"Fiches", true, false},
	    {"Contrats", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 3);
	for (size_t i = 0; i < g->nthemes; i++) {
		char a[24], b[24];
		snprintf(a, sizeof(a), "%zu", g->themes[i].fiches);
		snprintf(b, sizeof(b), "%zu", g->themes[i].contrats);
		const char *row[] = {g->themes[i].theme, a, b};
		clsi_tt_row(&tt, row);
	}
	print_table(t, &tt);
}

static void region_table(sw *t)
{
	nl(t);
	clsi_tx_rule(&t->w, '=', "LES CONTRATS");
	nl(t);
	const tcol cols[] = {{"Contrat", false, false},
	    {"Période", false, false}, {"Fiches", true, false},
	    {"Cible atteinte", true, true}, {"Prévu", true, false},
	    {"Dépensé", true, false}, {"Sans suivi", true, true}};
	ttab tt;
	clsi_tt_init(&tt, cols, 7);
	for (size_t i = 0; i < cls_report_contracts(t->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(t->r, i);
		char per[24], fi[24], ss[24];
		cls_buf_reset(&t->a);
		cls_buf_add(&t->a, k->dossier);
		if (k->erreurs)
			cls_buf_add(&t->a, " (!)");
		if (k->debut && k->fin)
			snprintf(per, sizeof(per), "%d-%d", k->debut, k->fin);
		else
			snprintf(per, sizeof(per), "inconnue");
		cls_buf_reset(&t->b);
		cls_buf_reset(&t->c);
		cls_buf_reset(&t->d);
		if (k->couvert) {
			snprintf(fi, sizeof(fi), "%zu", k->periode.fiches);
			snprintf(ss, sizeof(ss), "%zu", k->periode.sans_suivi);
			if (k->periode.has_part)
				clsi_fmt_pct(
				    &t->b, k->periode.part, &clsi_seps_plain);
			else
				cls_buf_add(&t->b, "—");
			clsi_fmt_prevu(&t->c, &k->periode, &clsi_seps_plain);
			if (k->periode.depenses_n)
				clsi_fmt_money(&t->d, k->periode.depenses,
				    &clsi_seps_plain);
			else
				cls_buf_add(&t->d, "—");
		} else {
			snprintf(fi, sizeof(fi), "—");
			snprintf(ss, sizeof(ss), "—");
			cls_buf_add(&t->b, "hors période");
		}
		const char *row[] = {str(&t->a), per, fi, str(&t->b),
		    str(&t->c), str(&t->d), ss};
		clsi_tt_row(&tt, row);
		if (k->territoire || k->nom)
			clsi_tt_span(
			    &tt, k->territoire ? k->territoire : k->nom);
	}
	print_table(t, &tt);
	cls_buf_reset(&t->a);
	if (cls_report_region_of(t->r)->invalides)
		cls_buf_add(
		    &t->a, "(!) : le contrat a des erreurs de validation. ");
	if (t->nyears > 1)
		cls_buf_printf(&t->a,
		    "Cible atteinte : sur les années %d à %d ensemble. "
		    "Sans suivi : fiches sans suivi au moins une année de "
		    "leur calendrier.",
		    t->from, t->to);
	else
		cls_buf_printf(&t->a,
		    "Sans suivi : fiches sans suivi pour %d dans leur "
		    "calendrier.",
		    t->from);
	clsi_tx_para(&t->w, "    ", 4, 4, str(&t->a));
}

static void region_contract(sw *t, const cls_report_contract *k)
{
	char buf[96];
	nl(t);
	cls_buf_reset(&t->a);
	cls_buf_printf(&t->a, "%s", k->dossier);
	clsi_tx_rule(&t->w, '-', str(&t->a));
	clsi_tx_para_c(
	    &t->w, BOLD, "", 0, 0, k->nom ? k->nom : "Contrat Local de Santé");
	clsi_tx_kv(&t->w, 2, 18, "Territoire",
	    k->territoire ? k->territoire : "—", NULL);
	if (k->debut && k->fin)
		snprintf(buf, sizeof(buf), "%d-%d", k->debut, k->fin);
	else
		snprintf(buf, sizeof(buf), "inconnue");
	clsi_tx_kv(&t->w, 2, 18, "Période", buf, NULL);
	if (k->erreurs) {
		snprintf(buf, sizeof(buf),
		    "%zu erreur%s : ses chiffres peuvent être faux", k->erreurs,
		    k->erreurs > 1 ? "s" : "");
		clsi_tx_kv(&t->w, 2, 18, "Validation", buf, "\033[1;31m");
	}
	if (!k->couvert) {
		cls_buf_reset(&t->a);
		clsi_fmt_span(&t->a, t->from, t->to);
		cls_buf_reset(&t->b);
		cls_buf_printf(&t->b,
		    "hors période : ne compte dans aucun chiffre de %s",
		    str(&t->a));
		clsi_tx_kv(&t->w, 2, 18, "Synthèse", str(&t->b), NULL);
		return;
	}
	cls_buf_reset(&t->a);
	clsi_fmt_statuts(&t->a, k->periode.par_statut);
	clsi_tx_kv(&t->w, 2, 18, t->nyears > 1 ? "Statut final" : "Fiches",
	    str(&t->a), NULL);
	if (t->nyears > 1) {
		cls_buf_reset(&t->a);
		clsi_fmt_moves(&t->a, &k->moves);
		clsi_tx_kv(&t->w, 2, 18, "Mouvements", str(&t->a), NULL);
	}
	cls_buf_reset(&t->a);
	clsi_fmt_part(&t->a, &k->periode, &clsi_seps_plain);
	clsi_tx_kv(&t->w, 2, 18, "Cible atteinte", str(&t->a), NULL);
	cls_buf_reset(&t->a);
	clsi_fmt_prevu_by(&t->a, k, &clsi_seps_plain);
	clsi_tx_kv(&t->w, 2, 18, "Prévu", str(&t->a), NULL);
	cls_buf_reset(&t->a);
	clsi_fmt_depense(&t->a, &k->periode, &clsi_seps_plain);
	if (k->periode.depenses_n)
		cls_buf_printf(&t->a, " (%zu suivi%s)", k->periode.depenses_n,
		    k->periode.depenses_n > 1 ? "s" : "");
	clsi_tx_kv(&t->w, 2, 18, "Dépensé", str(&t->a), NULL);
	if (t->nyears > 1) {
		nl(t);
		const tcol cols[] = {{"Année", false, false},
		    {"Fiches par statut", false, true},
		    {"Cible atteinte", true, false}, {"Prévu", true, false},
		    {"Dépensé", true, false}, {"Sans suivi", true, false}};
		ttab tt;
		clsi_tt_init(&tt, cols, 6);
		for (size_t y = 0; y < t->nyears; y++) {
			const cls_report_figures *g = &k->annees[y];
			char yy[16], ss[24];
			snprintf(yy, sizeof(yy), "%d", t->from + (int)y);
			snprintf(ss, sizeof(ss), "%zu", g->sans_suivi);
			cls_buf_reset(&t->a);
			cls_buf_reset(&t->b);
			cls_buf_reset(&t->c);
			cls_buf_reset(&t->d);
			clsi_fmt_statuts(&t->a, g->par_statut);
			if (g->has_part)
				clsi_fmt_pct(&t->b, g->part, &clsi_seps_plain);
			else
				cls_buf_add(&t->b, "—");
			clsi_fmt_prevu(&t->c, g, &clsi_seps_plain);
			if (g->depenses_n)
				clsi_fmt_money(
				    &t->d, g->depenses, &clsi_seps_plain);
			else
				cls_buf_add(&t->d, "—");
			const char *row[] = {yy, str(&t->a), str(&t->b),
			    str(&t->c), str(&t->d), ss};
			clsi_tt_row(&tt, row);
		}
		clsi_tt_print(&t->w, &tt, 2);
		clsi_tt_free(&tt);
	}
	if (k->nsans_suivi) {
		nl(t);
		cls_buf_reset(&t->a);
		cls_buf_printf(
		    &t->a, "Fiches sans suivi : %zu", k->nsans_suivi);
		clsi_tx_heading(&t->w, 2, str(&t->a));
		for (size_t i = 0; i < k->nsans_suivi; i++) {
			const cls_report_absent *ab = &k->sans_suivi[i];
			cls_buf_reset(&t->a);
			cls_buf_printf(&t->a, "Fiche %s — %s", ab->id,
			    ab->titre ? ab->titre : "(sans titre)");
			if (t->nyears > 1) {
				cls_buf_add(&t->a, " : ");
				for (size_t y = 0; y < ab->nannees; y++)
					cls_buf_printf(&t->a, "%s%d",
					    y ? ", " : "", ab->annees[y]);
			}
			clsi_tx_para(&t->w, "    - ", 6, 6, str(&t->a));
		}
	}
}

int clsi_render_region_text(FILE *f, const cls_report *r, bool color)
{
	sw t;
	start(&t, f, r, color);
	region_title(&t);
	region_synthese(&t);
	region_table(&t);
	for (size_t i = 0; i < cls_report_contracts(r); i++)
		region_contract(&t, cls_report_contract_of(r, i));
	return finish(&t);
}
