/* SPDX-License-Identifier: MIT */
/*
 * report.c - the figures of the review (cls-report(1) defines each): for
 * one contract and one year, every fiche with its statut, indicateurs and
 * financements placed under its axe and objectif, the counts of the
 * summary (and of each axe and objectif), the money by financeur, and what
 * is missing.  Built once; the renderers only read them.  The years of an
 * evaluation and the contracts of a synthesis are built from these
 * (span.c), and the report object holds them (review.c).
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static int money_name_cmp(const void *a, const void *b)
{
	return cls_name_order(((const cls_report_money *)a)->financeur,
	    ((const cls_report_money *)b)->financeur);
}

const cls_report_money *cls_report_money_find(
    const cls_report_money *v, size_t n, const char *financeur)
{
	cls_report_money key = {.financeur = financeur};
	return n ? bsearch(&key, v, n, sizeof(*v), money_name_cmp) : NULL;
}

/* Adds fin to the financements gathered in v, one entry each; money_sum()
 * then sums them by financeur.  Gathering then sorting keeps a hostile
 * flood of financeurs O(n log n). */
static int money_add(
    cls_report_money **v, size_t *n, const cls_financement *fin)
{
	cls_report_money *w = clsi_grow(*v, *n, sizeof(*w));
	if (!w)
		return -1;
	*v = w;
	cls_report_money *m = &w[*n];
	memset(m, 0, sizeof(*m));
	m->entry = fin->ref;
	m->financeur = fin->ref ? fin->ref->nom : fin->financeur;
	m->montant = fin->has_montant ? fin->montant : 0;
	m->known = fin->has_montant;
	m->unknown = !fin->has_montant;
	m->statut[fin->statut & 3]
	    = (cls_report_sum){m->montant, m->known, m->unknown};
	m->seq = *n;
	(*n)++;
	return 0;
}

static void sum_add(cls_report_sum *s, const cls_financement *fin)
{
	if (fin->has_montant) {
		s->montant += fin->montant;
		s->known++;
	} else {
		s->unknown++;
	}
}

static int money_seq_cmp(const void *a, const void *b)
{
	const cls_report_money *x = a, *y = b;
	/* most comparisons are between financements of one financeur: the
	 * same bytes need no folding (cls_name_order() would say 0) */
	int c = strcmp(x->financeur, y->financeur) == 0
	    ? 0
	    : cls_name_order(x->financeur, y->financeur);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts v by financeur and sums each financeur's entries into one, in the
 * order they were gathered (the same sum, to the last bit, as adding them
 * one by one). */
static void money_sum(cls_report_money *v, size_t *n)
{
	clsi_sort(v, *n, sizeof(*v), money_seq_cmp);
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		if (out && strcmp(v[out - 1].financeur, v[i].financeur) == 0) {
			v[out - 1].montant += v[i].montant;
			v[out - 1].known += v[i].known;
			v[out - 1].unknown += v[i].unknown;
			for (int k = 0; k < 4; k++) {
				v[out - 1].statut[k].montant
				    += v[i].statut[k].montant;
				v[out - 1].statut[k].known
				    += v[i].statut[k].known;
				v[out - 1].statut[k].unknown
				    += v[i].statut[k].unknown;
			}
		} else {
			v[out++] = v[i];
		}
	}
	*n = out;
}

static void compute_ind(
    cls_report_ind *ri, const cls_fiche *f, const cls_indicateur *ind, int year)
{
	ri->ind = ind;
	cls_indicateur_taux(f, ind, year, &ri->t);
	ri->numeric = ri->t.valeur && !ri->t.valeur->is_text;
	ri->qualitative = cls_indicateur_qualitative(ind) && !ri->t.has_cible;
}

/* The jalons of the fiche at the end of the year: the calendrier's, then
 * those a suivi of the year or before names that it does not list. */
static int compute_jalons(
    cls_report_year *r, cls_report_fiche *rf, const cls_fiche *f)
{
	size_t extra = 0;
	for (size_t i = 0; i < f->suivi_count && f->suivis[i].year <= r->year;
	     i++)
		extra += f->suivis[i].jalons.count;
	rf->jalons = calloc(f->jalon_count + extra + 1, sizeof(*rf->jalons));
	if (!rf->jalons)
		return -1;
	for (size_t i = 0; i < f->jalon_count; i++) {
		cls_report_jalon *j = &rf->jalons[rf->njalons++];
		j->jalon = &f->jalons[i];
		j->libelle = f->jalons[i].libelle;
		j->date = f->jalons[i].date;
		j->etat = cls_jalon_state(f, j->jalon, r->year, &j->atteint_en);
		r->jalons[j->etat]++;
	}
	for (size_t i = 0; i < f->suivi_count && f->suivis[i].year <= r->year;
	     i++)
		for (size_t k = 0; k < f->suivis[i].jalons.count; k++) {
			const char *l = f->suivis[i].jalons.items[k];
			bool known = false;
			for (size_t x = 0; x < rf->njalons && !known; x++)
				known = strcmp(rf->jalons[x].libelle, l) == 0;
			if (known)
				continue;
			cls_report_jalon *j = &rf->jalons[rf->njalons++];
			j->libelle = l;
			j->etat = CLS_JALON_ATTEINT;
			j->atteint_en = f->suivis[i].year;
			r->jalons[CLS_JALON_ATTEINT]++;
		}
	return 0;
}

static int compute_fiche(
    cls_report_year *r, cls_report_fiche *rf, const cls_fiche *f)
{
	int y = r->year;
	rf->f = f;
	rf->suivi = cls_fiche_suivi(f, y);
	rf->statut = rf->suivi ? rf->suivi->statut : CLS_STATUT_NONE;
	rf->runs = cls_fiche_runs(f, y);
	rf->inds = calloc(
	    f->indicateur_count ? f->indicateur_count : 1, sizeof(*rf->inds));
	rf->fins = calloc(
	    f->financement_count ? f->financement_count : 1, sizeof(*rf->fins));
	if (!rf->inds || !rf->fins || compute_jalons(r, rf, f))
		return -1;
	r->indicateurs += f->indicateur_count;
	for (size_t i = 0; i < f->indicateur_count; i++) {
		cls_report_ind *ri = &rf->inds[rf->nind++];
		compute_ind(ri, f, &f->indicateurs[i], y);
		rf->nqual += ri->qualitative;
		if (ri->t.has_cible) {
			r->avec_cible++;
			if (ri->numeric) {
				r->evalues++;
				r->atteints += ri->t.atteint == 1;
			} else {
				r->sans_valeur++;
			}
		}
	}
	/* The year's financements first, then those of the whole contract. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->financement_count; i++) {
			const cls_financement *fin = &f->financements[i];
			if (fin->annee == (pass ? 0 : y))
				rf->fins[rf->nfin++] = fin;
		}
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (!fin->financeur)
			continue;
		r->statut_used[fin->statut & 3] = true;
		sum_add(&r->statut_contrat[fin->statut & 3], fin);
		if (fin->annee == y) {
			sum_add(&r->statut_annee[fin->statut & 3], fin);
			if (money_add(&r->fin_annee, &r->nfin_annee, fin))
				return -1;
			if (fin->has_montant) {
				r->total_annee += fin->montant;
				r->known_annee++;
			} else {
				r->unknown_annee++;
			}
		}
		if (money_add(&r->fin_contrat, &r->nfin_contrat, fin))
			return -1;
		if (fin->has_montant) {
			r->total_contrat += fin->montant;
			r->known_contrat++;
		} else {
			r->unknown_contrat++;
		}
	}
	r->par_statut[rf->statut]++;
	r->hors_calendrier += !rf->runs;
	if (rf->suivi && rf->suivi->has_depenses) {
		r->depenses += rf->suivi->depenses;
		r->depenses_n++;
	}
	return 0;
}

static int push(cls_report_fiche ***v, size_t *n, cls_report_fiche *rf)
{
	cls_report_fiche **w = clsi_grow(*v, *n, sizeof(*w));
	if (!w)
		return -1;
	*v = w;
	w[(*n)++] = rf;
	return 0;
}

static int axe_cmp(const void *a, const void *b)
{
	const cls_report_axe *x = a, *y = b;
	return cls_id_cmp(x->axe->id, y->axe->id);
}

static int obj_cmp(const void *a, const void *b)
{
	const cls_report_objectif *x = a, *y = b;
	return cls_id_cmp(x->obj->id, y->obj->id);
}

/* Counts rf in its group: its statut, and its avancement summed (the mean
 * is taken by tally_end()). */
static void tally_add(cls_report_tally *t, const cls_report_fiche *rf)
{
	t->par_statut[rf->statut]++;
	if (rf->suivi && rf->suivi->has_avancement) {
		t->avancement += rf->suivi->avancement;
		t->avec_avancement++;
	}
}

static void tally_end(cls_report_tally *t)
{
	if (t->avec_avancement)
		t->avancement /= (double)t->avec_avancement;
}

/* Places every fiche under its axe and objectif, in plan order. */
static int build_plan(cls_report_year *r)
{
	const cls_plan *p = r->plan;
	r->axes = calloc(p->axe_count ? p->axe_count : 1, sizeof(*r->axes));
	if (!r->axes)
		return -1;
	for (size_t i = 0; i < p->axe_count; i++) {
		const cls_axe *ax = &p->axes[i];
		if (!ax->id)
			continue;
		cls_report_axe *ra = &r->axes[r->naxes++];
		ra->axe = ax;
		ra->objs = calloc(ax->objectif_count ? ax->objectif_count : 1,
		    sizeof(*ra->objs));
		if (!ra->objs)
			return -1;
		for (size_t j = 0; j < ax->objectif_count; j++)
			if (ax->objectifs[j].id)
				ra->objs[ra->nobj++].obj = &ax->objectifs[j];
		clsi_sort(ra->objs, ra->nobj, sizeof(*ra->objs), obj_cmp);
	}
	clsi_sort(r->axes, r->naxes, sizeof(*r->axes), axe_cmp);
	for (size_t i = 0; i < r->nfiches; i++) {
		cls_report_fiche *rf = &r->fiches[i];
		cls_report_axe *ra = NULL;
		for (size_t j = 0; rf->f->axe && j < r->naxes && !ra; j++)
			if (strcmp(r->axes[j].axe->id, rf->f->axe) == 0)
				ra = &r->axes[j];
		if (!ra) {
			if (push(&r->hors_axe, &r->nhors, rf))
				return -1;
			continue;
		}
		ra->total++;
		cls_report_objectif *ro = NULL;
		for (size_t j = 0; rf->f->objectif && j < ra->nobj && !ro; j++)
			if (strcmp(ra->objs[j].obj->id, rf->f->objectif) == 0)
				ro = &ra->objs[j];
		if (ro ? push(&ro->fiches, &ro->n, rf)
		       : push(&ra->fiches, &ra->n, rf))
			return -1;
		tally_add(&ra->tally, rf);
		if (ro)
			tally_add(&ro->tally, rf);
	}
	for (size_t i = 0; i < r->naxes; i++) {
		tally_end(&r->axes[i].tally);
		for (size_t j = 0; j < r->axes[i].nobj; j++)
			tally_end(&r->axes[i].objs[j].tally);
	}
	return 0;
}

void clsi_report_year_free(cls_report_year *r)
{
	for (size_t i = 0; i < r->nfiches; i++) {
		free(r->fiches[i].inds);
		free(r->fiches[i].fins);
		free(r->fiches[i].jalons);
	}
	free(r->fiches);
	for (size_t i = 0; i < r->naxes; i++) {
		for (size_t j = 0; j < r->axes[i].nobj; j++)
			free(r->axes[i].objs[j].fiches);
		free(r->axes[i].objs);
		free(r->axes[i].fiches);
	}
	free(r->axes);
	free(r->hors_axe);
	free(r->fin_annee);
	free(r->fin_contrat);
	free(r->sans_suivi);
	free(r->sans_valeur_list);
	memset(r, 0, sizeof(*r));
}

int clsi_report_year_build(cls_report_year *r, const cls_contract *c, int year)
{
	return clsi_report_year_build_like(r, c, year, NULL);
}

int clsi_report_year_build_like(cls_report_year *r, const cls_contract *c,
    int year, const cls_report_year *like)
{
	memset(r, 0, sizeof(*r));
	r->plan = cls_contract_plan(c);
	r->year = year;
	r->diags = cls_contract_diags(c, &r->ndiags);
	r->errors = cls_contract_count(c, CLS_ERROR);
	r->warnings = cls_contract_count(c, CLS_WARNING);
	const cls_plan *p = r->plan;
	r->fiches
	    = calloc(p->fiche_count ? p->fiche_count : 1, sizeof(*r->fiches));
	if (!r->fiches)
		return -1;
	for (size_t i = 0; i < p->fiche_count; i++)
		if (compute_fiche(r, &r->fiches[r->nfiches++], &p->fiches[i]))
			return -1;
	if (r->evalues) {
		r->has_part = true;
		r->part = (double)r->atteints / (double)r->evalues * 100;
	}
	money_sum(r->fin_annee, &r->nfin_annee);
	if (like) {
		/* every financement of the contract, as another year has them
		 * sorted and summed already */
		cls_report_money *v = malloc(
		    (like->nfin_contrat ? like->nfin_contrat : 1) * sizeof(*v));
		if (!v)
			return -1;
		if (like->nfin_contrat)
			memcpy(v, like->fin_contrat,
			    like->nfin_contrat * sizeof(*v));
		free(r->fin_contrat);
		r->fin_contrat = v;
		r->nfin_contrat = like->nfin_contrat;
	} else {
		money_sum(r->fin_contrat, &r->nfin_contrat);
	}
	if (build_plan(r))
		return -1;
	/* What is missing, in plan order. */
	for (size_t i = 0; i < r->nfiches; i++) {
		cls_report_fiche *rf = &r->fiches[i];
		if (!rf->runs)
			continue;
		if (!rf->suivi && push(&r->sans_suivi, &r->nsans_suivi, rf))
			return -1;
		for (size_t j = 0; j < rf->nind; j++) {
			if (rf->inds[j].t.valeur)
				continue;
			cls_report_missing *v = clsi_grow(r->sans_valeur_list,
			    r->nsans_valeur_list, sizeof(*v));
			if (!v)
				return -1;
			r->sans_valeur_list = v;
			v[r->nsans_valeur_list].rf = rf;
			v[r->nsans_valeur_list++].ri = &rf->inds[j];
		}
	}
	return 0;
}
