/* SPDX-License-Identifier: MIT */
/*
 * rules.c - the rules of the model, each written once and named, that
 * every command and every program over libcls asks instead of writing its
 * own: the years of a fiche and of an indicateur, a fiche running in a
 * year, the target and the value of a year, the rate of achievement (the
 * rules of cls-report(1)), an indicateur lacking its value
 * (cls-indicators(1), MISSING VALUES), the financeur a name means (the
 * directory of cls.yaml, and the names that are one financeur without
 * it), where a jalon stands.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

/* ----------------------------------------------------------- the years */

bool cls_fiche_runs(const cls_fiche *f, int year)
{
	return f->first_year && year >= f->first_year && year <= f->last_year;
}

bool cls_fiche_has_year(const cls_fiche *f, int year)
{
	if (cls_fiche_runs(f, year) || cls_fiche_suivi(f, year))
		return true;
	for (size_t i = 0; i < f->financement_count; i++)
		if (f->financements[i].annee == year)
			return true;
	for (size_t i = 0; i < f->indicateur_count; i++)
		if (cls_indicateur_valeur(&f->indicateurs[i], year))
			return true;
	return false;
}

bool cls_indicateur_has_year(
    const cls_plan *p, const cls_fiche *f, const cls_indicateur *ind, int year)
{
	int lo = f->first_year, hi = f->last_year;
	if (p->debut && p->fin) {
		lo = lo > p->debut ? lo : p->debut;
		hi = hi && hi < p->fin ? hi : p->fin;
	}
	if (f->first_year && year >= lo && year <= hi)
		return true;
	for (size_t i = 0; i < ind->cible_count; i++)
		if (ind->cibles[i].year == year)
			return true;
	return cls_indicateur_valeur(ind, year) != NULL;
}

void cls_indicateur_years(const cls_plan *p, const cls_fiche *f,
    const cls_indicateur *ind, int *from, int *to)
{
	*from = f->first_year ? f->first_year : 0;
	*to = f->last_year;
	if (p->debut && p->fin && *from) {
		*from = *from > p->debut ? *from : p->debut;
		*to = *to < p->fin ? *to : p->fin;
	}
	for (size_t i = 0; i < ind->cible_count; i++) {
		int y = ind->cibles[i].year;
		*from = !*from || y < *from ? y : *from;
		*to = y > *to ? y : *to;
	}
	for (size_t i = 0; i < ind->valeur_count; i++) {
		int y = ind->valeurs[i].year;
		*from = !*from || y < *from ? y : *from;
		*to = y > *to ? y : *to;
	}
}

/* ------------------------------------------------- targets and values */

bool cls_indicateur_cible(
    const cls_fiche *f, const cls_indicateur *ind, int year, cls_target *out)
{
	for (size_t i = 0; i < ind->cible_count; i++)
		if (ind->cibles[i].year == year) {
			*out = ind->cibles[i].target;
			return true;
		}
	if (ind->has_cible_all && cls_fiche_runs(f, year)) {
		*out = ind->cible_all;
		return true;
	}
	return false;
}

const cls_value *cls_indicateur_valeur(const cls_indicateur *ind, int year)
{
	for (size_t i = 0; i < ind->valeur_count; i++)
		if (ind->valeurs[i].year == year)
			return &ind->valeurs[i];
	return NULL;
}

bool cls_target_reached(const cls_target *t, cls_sens s, double v)
{
	if (t->is_range)
		return (!t->has_min || v >= t->min)
		    && (!t->has_max || v <= t->max);
	return s == CLS_BAISSE ? v <= t->min : v >= t->min;
}

/* The rate of achievement of a value against a target, in percent. */
static bool rate_of(const cls_target *t, cls_sens s, double v, double *out)
{
	double c;
	if (!t->is_range) {
		c = t->min;
	} else if ((s == CLS_HAUSSE && t->has_max && v > t->max)
	    || (s == CLS_BAISSE && t->has_min && v < t->min)) {
		/* past the far bound: a rate over 100 % would read as a
		 * success, and the range is missed */
		return false;
	} else if (s == CLS_HAUSSE && t->has_min && t->min > 0) {
		c = t->min;
	} else if (s == CLS_BAISSE && t->has_max && t->max > 0) {
		c = t->max;
	} else {
		return false;
	}
	if (c == 0)
		return false;
	if (s == CLS_BAISSE) {
		if (v == 0)
			return false;
		*out = c / v * 100;
	} else {
		*out = v / c * 100;
	}
	return true;
}

bool cls_indicateur_taux(
    const cls_fiche *f, const cls_indicateur *ind, int year, cls_taux *out)
{
	memset(out, 0, sizeof(*out));
	out->atteint = -1;
	out->has_cible = cls_indicateur_cible(f, ind, year, &out->cible);
	out->valeur = cls_indicateur_valeur(ind, year);
	if (out->has_cible && out->valeur && !out->valeur->is_text) {
		double v = out->valeur->number;
		out->atteint = cls_target_reached(&out->cible, ind->sens, v);
		/* a rate past what a double holds (a target of 1e-300) is
		 * no rate: absent in every format, never "inf %" */
		out->has_taux = rate_of(&out->cible, ind->sens, v, &out->taux)
		    && isfinite(out->taux);
	}
	if (ind->has_cible_totale) {
		out->has_cumul = true;
		for (size_t i = 0; i < ind->valeur_count; i++)
			if (ind->valeurs[i].year <= year
			    && !ind->valeurs[i].is_text)
				out->cumul += ind->valeurs[i].number;
		if (ind->cible_totale != 0) {
			out->taux_cumul = out->cumul / ind->cible_totale * 100;
			out->has_taux_cumul = isfinite(out->taux_cumul);
		}
	}
	return out->has_taux;
}

const cls_suivi *cls_fiche_suivi(const cls_fiche *f, int year)
{
	for (size_t i = 0; i < f->suivi_count; i++)
		if (f->suivis[i].year == year)
			return &f->suivis[i];
	return NULL;
}

bool cls_indicateur_qualitative(const cls_indicateur *ind)
{
	if (ind->has_base && ind->base_valeur.is_text)
		return true;
	for (size_t i = 0; i < ind->valeur_count; i++)
		if (ind->valeurs[i].is_text)
			return true;
	return false;
}

bool cls_indicateur_lacks(
    const cls_fiche *f, const cls_indicateur *ind, int year)
{
	cls_target t;
	if (cls_indicateur_valeur(ind, year))
		return false;
	return cls_indicateur_cible(f, ind, year, &t)
	    || (cls_fiche_suivi(f, year) && !cls_indicateur_qualitative(ind));
}

/* ---------------------------------------------------------- financeurs */

/* The sigles a financeur is known by, and the names they stand for, as
 * clsi_name_fold() writes them (cls-format(5), FINANCEURS). */
static const struct {
	const char *sigle, *nom;
} sigles[] = {
    {"anah", "agence nationale de l habitat"},
    {"anct", "agence nationale de la cohesion des territoires"},
    {"ars", "agence regionale de sante"},
    {"caf", "caisse d allocations familiales"},
    {"carsat", "caisse d assurance retraite et de la sante au travail"},
    {"ccas", "centre communal d action sociale"},
    {"cd", "conseil departemental"},
    {"cnsa", "caisse nationale de solidarite pour l autonomie"},
    {"cpam", "caisse primaire d assurance maladie"},
    {"cpts", "communaute professionnelle territoriale de sante"},
    {"ddets",
        "direction departementale de l emploi du travail et des "
        "solidarites"},
    {"dreets",
        "direction regionale de l economie de l emploi du travail "
        "et des solidarites"},
    {"fir", "fonds d intervention regional"},
    {"ireps",
        "instance regionale d education et de promotion de la "
        "sante"},
    {"mildeca",
        "mission interministerielle de lutte contre les drogues "
        "et les conduites addictives"},
    {"msa", "mutualite sociale agricole"},
};

size_t clsi_financeur_key(const char *name, char *out, size_t n)
{
	char k[CLSI_KEY_MAX];
	size_t len = clsi_name_fold(name, k, sizeof(k));
	size_t w = strcspn(k, " ");
	for (size_t i = 0; i < sizeof(sigles) / sizeof(sigles[0]); i++)
		if (strlen(sigles[i].sigle) == w
		    && memcmp(k, sigles[i].sigle, w) == 0) {
			int m = snprintf(out, n, "%s%s", sigles[i].nom, k + w);
			return m < 0 ? 0 : (size_t)m < n ? (size_t)m : n - 1;
		}
	if (n) {
		len = len < n ? len : n - 1;
		memcpy(out, k, len);
		out[len] = '\0';
	}
	return len;
}

bool cls_financeur_same(const char *a, const char *b)
{
	char x[CLSI_KEY_MAX], y[CLSI_KEY_MAX];
	clsi_financeur_key(a, x, sizeof(x));
	clsi_financeur_key(b, y, sizeof(y));
	return strcmp(x, y) == 0;
}

bool clsi_financeur_names(const cls_financeur *e, const char *key)
{
	char k[CLSI_KEY_MAX];
	if (e->nom && (clsi_financeur_key(e->nom, k, sizeof(k)), 1)
	    && strcmp(k, key) == 0)
		return true;
	if (e->sigle && (clsi_financeur_key(e->sigle, k, sizeof(k)), 1)
	    && strcmp(k, key) == 0)
		return true;
	for (size_t i = 0; i < e->autres_noms.count; i++) {
		clsi_financeur_key(e->autres_noms.items[i], k, sizeof(k));
		if (strcmp(k, key) == 0)
			return true;
	}
	return false;
}

const cls_financeur *cls_financeur_find(const cls_plan *p, const char *name)
{
	char key[CLSI_KEY_MAX];
	if (!name)
		return NULL;
	clsi_financeur_key(name, key, sizeof(key));
	for (size_t i = 0; i < p->financeur_count; i++)
		if (clsi_financeur_names(&p->financeurs[i], key))
			return &p->financeurs[i];
	return NULL;
}

/* -------------------------------------------------------------- jalons */

cls_jalon_etat cls_jalon_state(
    const cls_fiche *f, const cls_jalon *j, int year, int *reached_in)
{
	if (reached_in)
		*reached_in = 0;
	for (size_t i = 0; i < f->suivi_count && f->suivis[i].year <= year;
	     i++) {
		const cls_strlist *l = &f->suivis[i].jalons;
		for (size_t k = 0; k < l->count; k++)
			if (j->libelle
			    && strcmp(l->items[k], j->libelle) == 0) {
				if (reached_in)
					*reached_in = f->suivis[i].year;
				return CLS_JALON_ATTEINT;
			}
	}
	if (j->date && j->date[0] >= '0' && j->date[0] <= '9'
	    && atoi(j->date) <= year)
		return CLS_JALON_EN_RETARD;
	return CLS_JALON_A_VENIR;
}

const char *cls_jalon_etat_key(cls_jalon_etat e)
{
	static const char *const keys[] = {"atteint", "en_retard", "a_venir"};
	return (unsigned)e < 3 ? keys[e] : "";
}

const char *cls_jalon_etat_label(cls_jalon_etat e)
{
	static const char *const labels[] = {"atteint", "en retard", "à venir"};
	return (unsigned)e < 3 ? labels[e] : "";
}
