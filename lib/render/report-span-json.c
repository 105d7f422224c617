/* SPDX-License-Identifier: MIT */
/*
 * report-span-json.c - "cls report FROM-TO --format=json" and "cls report
 * YEAR|FROM-TO --format=json DIR...": every figure of the evaluation of a
 * contract over years, and of the synthesis of several contracts, as one
 * JSON document each.  Their keys are documented one by one in
 * cls-report(1) (JSON KEYS OF THE EVALUATION, OF THE SYNTHESIS); a year
 * of either reads as the annual review's figures of that year.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const char *statut_key(cls_statut s)
{
	return s == CLS_STATUT_NONE ? "sans_suivi" : cls_statut_key(s);
}

static void write_statuts(jw *j, const char *k, const size_t *par_statut)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '{');
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		clsi_jw_count(j, statut_key(s), par_statut[s]);
	}
	clsi_jw_close(j, '}');
}

static void write_years(jw *j, int from, int to)
{
	clsi_jw_num(j, "debut", true, from);
	clsi_jw_num(j, "fin", true, to);
	clsi_jw_key(j, "annees");
	clsi_jw_open_inline(j, '[');
	for (int y = from; y <= to; y++) {
		clsi_jw_sep(j);
		clsi_jw_value_num(j, y);
	}
	clsi_jw_close(j, ']');
}

/* The figures of a year (year > 0) or of the span (year 0), as keys of
 * the object being written. */
static void write_figures(jw *j, const cls_report_figures *g, int year)
{
	if (year)
		clsi_jw_num(j, "annee", true, year);
	clsi_jw_count(j, "fiches", g->fiches);
	write_statuts(j, year ? "fiches_par_statut" : "fiches_par_statut_fin",
	    g->par_statut);
	clsi_jw_count(j, "fiches_hors_calendrier", g->hors_calendrier);
	clsi_jw_count(j, "fiches_avec_suivi", g->avec_suivi);
	clsi_jw_key(j, "indicateurs");
	clsi_jw_open(j, '{');
	if (year)
		clsi_jw_count(j, "definis", g->definis);
	clsi_jw_count(j, "avec_cible", g->avec_cible);
	clsi_jw_count(j, "evalues", g->evalues);
	clsi_jw_count(j, "atteints", g->atteints);
	clsi_jw_count(j, "sans_valeur", g->sans_valeur);
	clsi_jw_num(j, "part_atteinte", g->has_part, clsi_round(g->part, 1));
	clsi_jw_close(j, '}');
	/* null, like "non précisé", when financements exist but none has a
	 * montant */
	clsi_jw_num(
	    j, "total_prevu", g->prevu_known || !g->prevu_unknown, g->prevu);
	clsi_jw_count(j, "financements_sans_montant", g->prevu_unknown);
	clsi_jw_num(j, "depenses", g->depenses_n > 0, g->depenses);
	clsi_jw_count(j, year ? "fiches_avec_depenses" : "suivis_avec_depenses",
	    g->depenses_n);
	clsi_jw_count(j, "fiches_sans_suivi", g->sans_suivi);
	clsi_jw_count(j, "indicateurs_sans_valeur", g->sans_valeur_n);
}

static void write_moves(jw *j, const cls_report_moves *m)
{
	clsi_jw_key(j, "mouvements");
	clsi_jw_open(j, '{');
	clsi_jw_count(j, "demarrees", m->demarrees);
	clsi_jw_count(j, "realisees", m->realisees);
	clsi_jw_count(j, "abandonnees", m->abandonnees);
	clsi_jw_count(j, "reportees", m->reportees);
	clsi_jw_close(j, '}');
}

/* "montant": the known sum or null, and how many had none. */
static void write_money(
    jw *j, const char *k, const char *ksans, const cls_report_money *m)
{
	clsi_jw_num(j, k, m->known > 0, m->montant);
	clsi_jw_count(j, ksans, m->unknown);
}

static void write_funder(
    jw *j, const cls_report_funder *u, size_t nyears, int from)
{
	clsi_jw_str(j, "financeur", u->financeur);
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t k = 0; k < nyears; k++) {
		const cls_report_money *m = &u->annees[k];
		clsi_jw_sep(j);
		clsi_jw_open_inline(j, '{');
		clsi_jw_num(j, "annee", true, from + (int)k);
		clsi_jw_num(j, "montant", m->known > 0, m->montant);
		clsi_jw_count(j, "financements", m->known + m->unknown);
		clsi_jw_count(j, "sans_montant", m->unknown);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	write_money(j, "montant_periode", "sans_montant_periode", &u->periode);
	write_money(j, "montant_duree_contrat", "sans_montant_duree_contrat",
	    &u->duree);
	write_money(j, "montant_contrat", "sans_montant_contrat", &u->contrat);
}

/* The money of a contract (or of the synthesis): by financeur, then the
 * totals of the whole contract and of the financements without annee. */
static void write_funders(jw *j, const cls_report_funder *v, size_t n,
    size_t nyears, int from, bool region, const cls_report *r)
{
	double contrat = 0;
	size_t ck = 0, cu = 0;
	clsi_jw_key(j, "financements");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		write_funder(j, &v[i], nyears, from);
		if (region) {
			clsi_jw_count(j, "contrats", v[i].contrats);
			clsi_jw_key(j, "par_contrat");
			clsi_jw_open(j, '[');
			for (size_t c = 0; c < cls_report_contracts(r); c++) {
				const cls_report_contract *k
				    = cls_report_contract_of(r, c);
				const cls_report_funder *u = k->couvert
				    ? cls_report_funder_find(k->financeurs,
				        k->nfinanceurs, v[i].financeur)
				    : NULL;
				if (!u
				    || !(u->periode.known + u->periode.unknown
				        + u->duree.known + u->duree.unknown))
					continue;
				clsi_jw_sep(j);
				clsi_jw_open_inline(j, '{');
				clsi_jw_str(j, "dossier", k->dossier);
				write_money(j, "montant_periode",
				    "sans_montant_periode", &u->periode);
				write_money(j, "montant_duree_contrat",
				    "sans_montant_duree_contrat", &u->duree);
				clsi_jw_close(j, '}');
			}
			clsi_jw_close(j, ']');
		}
		clsi_jw_close(j, '}');
		contrat += v[i].contrat.montant;
		ck += v[i].contrat.known;
		cu += v[i].contrat.unknown;
	}
	clsi_jw_close(j, ']');
	clsi_jw_num(j, "total_contrat", ck || !cu, contrat);
	clsi_jw_count(j, "financements_contrat_sans_montant", cu);
}

static void write_duree(jw *j, double total, size_t known, size_t unknown)
{
	clsi_jw_num(j, "total_duree_contrat", known || !unknown, total);
	clsi_jw_count(j, "financements_duree_contrat_sans_montant", unknown);
}

static void write_absents(
    jw *j, const char *k, const cls_report_absent *v, size_t n)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "id", v[i].id);
		clsi_jw_str(j, "titre", v[i].titre);
		clsi_jw_str(j, "fichier", v[i].fichier);
		clsi_jw_key(j, "annees");
		clsi_jw_open_inline(j, '[');
		for (size_t y = 0; y < v[i].nannees; y++) {
			clsi_jw_sep(j);
			clsi_jw_value_num(j, v[i].annees[y]);
		}
		clsi_jw_close(j, ']');
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
}

static void write_warnings(jw *j, const cls_report_year *y)
{
	clsi_jw_key(j, "avertissements");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < y->ndiags; i++) {
		const cls_diag *d = &y->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "fichier", d->loc.file);
		clsi_jw_num(j, "ligne", true, d->loc.line);
		clsi_jw_num(j, "colonne", true, d->loc.column);
		clsi_jw_str(j, "regle", d->rule);
		clsi_jw_str(j, "message", d->message);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
}

/* ------------------------------------------------------- the evaluation */

typedef struct ew {
	jw j;
	const cls_report_span *s;
} ew;

static void write_tallies(ew *w, size_t axe, size_t obj, bool is_obj)
{
	jw *j = &w->j;
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t k = 0; k < w->s->nyears; k++) {
		const cls_report_axe *ra = &w->s->years[k].axes[axe];
		const cls_report_tally *t
		    = is_obj ? &ra->objs[obj].tally : &ra->tally;
		clsi_jw_sep(j);
		clsi_jw_open_inline(j, '{');
		clsi_jw_num(j, "annee", true, w->s->years[k].year);
		write_statuts(j, "fiches_par_statut", t->par_statut);
		clsi_jw_num(j, "avancement_moyen", t->avec_avancement > 0,
		    clsi_round(t->avancement, 1));
		clsi_jw_count(j, "fiches_avec_avancement", t->avec_avancement);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
}

static const char *const jalon_keys[] = {
    "atteint",
    "en_retard",
    "a_venir",
};

static void write_year_of_fiche(jw *j, const cls_report_fiche *rf, int year)
{
	const cls_suivi *s = rf->suivi;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_num(j, "annee", true, year);
	clsi_jw_str(j, "statut", statut_key(rf->statut));
	clsi_jw_str(j, "statut_libelle", cls_statut_label(rf->statut));
	clsi_jw_bool(j, "dans_calendrier", rf->runs);
	clsi_jw_num(
	    j, "avancement", s && s->has_avancement, s ? s->avancement : 0);
	clsi_jw_num(j, "depenses", s && s->has_depenses, s ? s->depenses : 0);
	clsi_jw_str(j, "commentaire", s ? s->commentaire : NULL);
	static const cls_strlist none = {NULL, 0};
	clsi_jw_strlist(j, "leviers", s ? &s->leviers : &none);
	clsi_jw_strlist(j, "freins", s ? &s->freins : &none);
	clsi_jw_strlist(j, "perspectives", s ? &s->perspectives : &none);
	clsi_jw_strlist(j, "jalons", s ? &s->jalons : &none);
	clsi_jw_close(j, '}');
}

static void write_indicateur(
    jw *j, const cls_report_span *sp, const cls_report_trajectory *t, size_t i)
{
	const cls_report_ind *r0 = &sp->years[0].fiches[t->index].inds[i];
	const cls_indicateur *ind = r0->ind;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "id", ind->id);
	clsi_jw_str(j, "libelle", ind->libelle);
	clsi_jw_str(j, "type", cls_ind_type_key(ind->type));
	clsi_jw_str(j, "unite", ind->unite);
	clsi_jw_str(j, "sens", cls_sens_key(ind->sens));
	clsi_jw_num(
	    j, "cible_totale", ind->has_cible_totale, ind->cible_totale);
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t k = 0; k < sp->nyears; k++) {
		const cls_report_ind *ri
		    = &sp->years[k].fiches[t->index].inds[i];
		clsi_jw_sep(j);
		clsi_jw_open_inline(j, '{');
		clsi_jw_num(j, "annee", true, sp->years[k].year);
		clsi_jw_taux(j, &ri->t);
		clsi_jw_num(j, "cumul", ri->t.has_cumul, ri->t.cumul);
		clsi_jw_num(j, "taux_cumul", ri->t.has_taux_cumul,
		    clsi_round(ri->t.taux_cumul, 1));
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');
}

/* A fiche over the span: an item of clsi_jw_items() over v, the fiches
 * of the first year in plan order. */
typedef struct fiche_list {
	const cls_report_span *s;
	const cls_report_fiche **v;
} fiche_list;

static void write_fiche(jw *j, const void *ctx, size_t at)
{
	const fiche_list *l = ctx;
	const cls_report_span *sp = l->s;
	const cls_report_fiche *rf0 = l->v[at];
	const cls_report_trajectory *t = &sp->fiches[rf0 - sp->years[0].fiches];
	const cls_fiche *f = t->f;
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "id", f->id);
	clsi_jw_str(j, "titre", f->titre);
	clsi_jw_str(j, "fichier", f->file);
	clsi_jw_str(j, "axe", f->axe);
	clsi_jw_str(j, "objectif", f->objectif);
	clsi_jw_strlist(j, "porteurs", &f->porteurs);
	clsi_jw_num(j, "annee_debut", f->first_year != 0, f->first_year);
	clsi_jw_num(j, "annee_fin", f->last_year != 0, f->last_year);
	clsi_jw_str(j, "statut_fin", statut_key(t->statut_fin));
	clsi_jw_str(j, "statut_fin_libelle", cls_statut_label(t->statut_fin));
	clsi_jw_num(j, "annee_statut_fin", t->annee_fin != 0, t->annee_fin);
	clsi_jw_num(j, "demarrage", t->demarrage != 0, t->demarrage);
	clsi_jw_num(j, "realisation", t->realisation != 0, t->realisation);
	clsi_jw_num(j, "abandon", t->abandon != 0, t->abandon);
	clsi_jw_bool(j, "reportee", t->reportee);
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t k = 0; k < sp->nyears; k++)
		write_year_of_fiche(
		    j, &sp->years[k].fiches[t->index], sp->years[k].year);
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "jalons");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < t->njalons; i++) {
		const cls_report_jalon *jl = &t->jalons[i];
		clsi_jw_sep(j);
		clsi_jw_open_inline(j, '{');
		int due = clsi_date_year(jl->date);
		clsi_jw_str(j, "libelle", jl->libelle);
		clsi_jw_str(j, "date", jl->date);
		clsi_jw_num(j, "annee_prevue", due != 0, due);
		clsi_jw_num(
		    j, "annee_atteinte", jl->atteint_en != 0, jl->atteint_en);
		clsi_jw_str(j, "etat", jalon_keys[jl->etat]);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "indicateurs");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < rf0->nind; i++)
		write_indicateur(j, sp, t, i);
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "financements");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < t->nfin; i++) {
		const cls_financement *fin = t->fins[i];
		clsi_jw_financement(j, fin);
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');
}

/* The ids of the fiches v[0..n). */
static void write_ids(
    jw *j, const char *k, cls_report_fiche *const *v, size_t n)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		clsi_jw_sep(j);
		clsi_jw_value_str(j, v[i]->f->id);
	}
	clsi_jw_close(j, ']');
}

static void gather(const cls_report_fiche **v, size_t *n,
    cls_report_fiche *const *of, size_t nof)
{
	for (size_t i = 0; i < nof; i++)
		v[(*n)++] = of[i];
}

/* Every fiche, in plan order: the fiches of each axe that name no
 * objectif, then those of each objectif, then those outside any axe;
 * they are most of the document, written in parallel. */
static int write_plan_fiches(ew *w, const cls_report_year *y0)
{
	const cls_report_fiche **v
	    = malloc((y0->nfiches ? y0->nfiches : 1) * sizeof(*v));
	if (!v)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		gather(v, &n, ra->fiches, ra->n);
		for (size_t o = 0; o < ra->nobj; o++)
			gather(v, &n, ra->objs[o].fiches, ra->objs[o].n);
	}
	gather(v, &n, y0->hors_axe, y0->nhors);
	clsi_jw_key(&w->j, "fiches");
	clsi_jw_open(&w->j, '[');
	clsi_jw_items(&w->j, n, write_fiche, &(fiche_list){w->s, v});
	clsi_jw_close(&w->j, ']');
	free(v);
	return 0;
}

/* What is missing over the span: the fiches and the indicateurs, each
 * with the years it lacks. */
static void write_manques(ew *w, const cls_report_contract *k)
{
	jw *j = &w->j;
	const cls_report_span *s = w->s;
	clsi_jw_key(j, "manques");
	clsi_jw_open(j, '{');
	write_absents(j, "fiches_sans_suivi", k->sans_suivi, k->nsans_suivi);
	clsi_jw_key(j, "indicateurs_sans_valeur");
	clsi_jw_open(j, '[');
	/* in plan order, as each year lists them */
	const cls_report_year *y0 = &s->years[0];
	for (size_t i = 0; i < y0->nfiches; i++) {
		const cls_report_trajectory *t = &s->fiches[i];
		for (size_t n = 0; n < y0->fiches[i].nind; n++) {
			bool open = false;
			for (size_t yk = 0; yk < s->nyears; yk++) {
				const cls_report_fiche *rf
				    = &s->years[yk].fiches[i];
				const cls_report_ind *ri = &rf->inds[n];
				if (!rf->runs || ri->t.valeur)
					continue;
				if (!open) {
					clsi_jw_sep(j);
					clsi_jw_open(j, '{');
					clsi_jw_str(j, "fiche", t->f->id);
					clsi_jw_str(j, "id", ri->ind->id);
					clsi_jw_str(
					    j, "libelle", ri->ind->libelle);
					clsi_jw_str(j, "fichier", t->f->file);
					clsi_jw_num(j, "ligne", true,
					    ri->ind->loc.line);
					clsi_jw_key(j, "annees");
					clsi_jw_open(j, '[');
					open = true;
				}
				clsi_jw_sep(j);
				clsi_jw_open_inline(j, '{');
				clsi_jw_num(
				    j, "annee", true, s->years[yk].year);
				clsi_jw_bool(j, "avec_cible", ri->t.has_cible);
				clsi_jw_close(j, '}');
			}
			if (open) {
				clsi_jw_close(j, ']');
				clsi_jw_close(j, '}');
			}
		}
	}
	clsi_jw_close(j, ']');
	write_warnings(j, y0);
	clsi_jw_close(j, '}');
}

int clsi_render_span_json(FILE *f, const cls_report *r)
{
	ew w;
	memset(&w, 0, sizeof(w));
	w.j.f = f;
	w.s = cls_report_span_of(r);
	jw *j = &w.j;
	const cls_report_contract *k = cls_report_contract_of(r, 0);
	const cls_report_year *y0 = &w.s->years[0];
	const cls_plan *p = y0->plan;

	clsi_jw_open(j, '{');
	clsi_jw_str(j, "rapport", "evaluation");
	clsi_jw_contrat(j, p);
	write_years(j, w.s->from, w.s->to);
	clsi_jw_bool(j, "donnees_valides", y0->errors == 0);
	clsi_jw_count(j, "erreurs", y0->errors);
	clsi_jw_count(j, "avertissements", y0->warnings);

	clsi_jw_key(j, "synthese");
	clsi_jw_open(j, '{');
	write_figures(j, &k->periode, 0);
	write_moves(j, &k->moves);
	write_funders(
	    j, k->financeurs, k->nfinanceurs, w.s->nyears, w.s->from, false, r);
	write_duree(j, k->total_duree, k->duree_known, k->duree_unknown);
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t y = 0; y < w.s->nyears; y++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		write_figures(j, &k->annees[y], w.s->years[y].year);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');

	clsi_jw_key(j, "axes");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "id", ra->axe->id);
		clsi_jw_str(j, "titre", ra->axe->titre);
		write_tallies(&w, i, 0, false);
		write_ids(j, "fiches", ra->fiches, ra->n);
		clsi_jw_key(j, "objectifs");
		clsi_jw_open(j, '[');
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			clsi_jw_sep(j);
			clsi_jw_open(j, '{');
			clsi_jw_str(j, "id", ro->obj->id);
			clsi_jw_str(j, "titre", ro->obj->titre);
			write_tallies(&w, i, o, true);
			write_ids(j, "fiches", ro->fiches, ro->n);
			clsi_jw_close(j, '}');
		}
		clsi_jw_close(j, ']');
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	write_ids(j, "fiches_hors_axe", y0->hors_axe, y0->nhors);
	if (write_plan_fiches(&w, y0))
		return -1;
	write_manques(&w, k);
	clsi_jw_close(j, '}');
	fputc('\n', f);
	return 0;
}

/* -------------------------------------------------------- the synthesis */

static void write_dossiers(jw *j, const char *key, const cls_report *r,
    bool (*keep)(const cls_report_contract *, size_t), size_t y)
{
	clsi_jw_key(j, key);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < cls_report_contracts(r); i++) {
		const cls_report_contract *k = cls_report_contract_of(r, i);
		if (keep(k, y)) {
			clsi_jw_sep(j);
			clsi_jw_value_str(j, k->dossier);
		}
	}
	clsi_jw_close(j, ']');
}

static void write_contract(
    jw *j, const cls_report *r, const cls_report_contract *k)
{
	size_t nyears = (size_t)(cls_report_to(r) - cls_report_from(r)) + 1;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "dossier", k->dossier);
	clsi_jw_str(j, "nom", k->nom);
	clsi_jw_str(j, "territoire", k->territoire);
	clsi_jw_key(j, "periode");
	clsi_jw_open(j, '{');
	clsi_jw_num(j, "debut", k->debut != 0, k->debut);
	clsi_jw_num(j, "fin", k->fin != 0, k->fin);
	clsi_jw_close(j, '}');
	clsi_jw_bool(j, "couvert", k->couvert);
	clsi_jw_bool(j, "donnees_valides", k->erreurs == 0);
	clsi_jw_count(j, "erreurs", k->erreurs);
	clsi_jw_count(j, "avertissements", k->avertissements);
	if (k->couvert) {
		write_figures(j, &k->periode, 0);
		write_moves(j, &k->moves);
		write_funders(j, k->financeurs, k->nfinanceurs, nyears,
		    cls_report_from(r), false, r);
		write_duree(
		    j, k->total_duree, k->duree_known, k->duree_unknown);
		clsi_jw_key(j, "annees");
		clsi_jw_open(j, '[');
		for (size_t y = 0; y < nyears; y++) {
			clsi_jw_sep(j);
			clsi_jw_open(j, '{');
			write_figures(
			    j, &k->annees[y], cls_report_from(r) + (int)y);
			clsi_jw_close(j, '}');
		}
		clsi_jw_close(j, ']');
		write_absents(j, "sans_suivi", k->sans_suivi, k->nsans_suivi);
	}
	clsi_jw_close(j, '}');
}

int clsi_render_region_json(FILE *f, const cls_report *r)
{
	jw jj;
	memset(&jj, 0, sizeof(jj));
	jj.f = f;
	jw *j = &jj;
	const cls_report_region *g = cls_report_region_of(r);
	int from = cls_report_from(r), to = cls_report_to(r);
	size_t nyears = (size_t)(to - from) + 1;

	clsi_jw_open(j, '{');
	clsi_jw_str(j, "rapport", "synthese");
	write_years(j, from, to);
	clsi_jw_bool(j, "donnees_valides", g->erreurs == 0);
	clsi_jw_count(j, "erreurs", g->erreurs);
	clsi_jw_count(j, "avertissements", g->avertissements);

	clsi_jw_key(j, "synthese");
	clsi_jw_open(j, '{');
	clsi_jw_count(j, "contrats", g->contrats);
	clsi_jw_count(j, "contrats_couverts", g->couverts);
	write_dossiers(j, "contrats_hors_periode", r, clsi_contract_hors, 0);
	write_dossiers(j, "contrats_invalides", r, clsi_contract_invalide, 0);
	write_figures(j, &g->periode, 0);
	write_moves(j, &g->moves);
	write_funders(j, g->financeurs, g->nfinanceurs, nyears, from, true, r);
	write_duree(j, g->total_duree, g->duree_known, g->duree_unknown);
	clsi_jw_key(j, "themes");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < g->nthemes; i++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "theme", g->themes[i].theme);
		clsi_jw_count(j, "fiches", g->themes[i].fiches);
		clsi_jw_count(j, "contrats", g->themes[i].contrats);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "annees");
	clsi_jw_open(j, '[');
	for (size_t y = 0; y < nyears; y++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		write_figures(j, &g->annees[y], from + (int)y);
		write_dossiers(
		    j, "contrats_sans_suivi", r, clsi_contract_sans_suivi, y);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');

	clsi_jw_key(j, "contrats");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < cls_report_contracts(r); i++)
		write_contract(j, r, cls_report_contract_of(r, i));
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');
	fputc('\n', f);
	return 0;
}
