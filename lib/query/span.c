/* SPDX-License-Identifier: MIT */
/*
 * span.c - the figures of a report over years and over contracts
 * (cls-report(1), THE EVALUATION and THE SYNTHESIS): each fiche's
 * trajectory over the years reviewed, what a report keeps of a contract
 * (its figures of every year and of the span, its money by financeur, its
 * fiches without suivi: copies, so that the contract can be freed), and
 * the sums over the contracts of a synthesis.  Built from the figures of
 * each year (report.c), so that a year reads the same in every kind.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ the trajectory */

int clsi_date_year(const char *d)
{
	int y = 0, n = 0;
	for (; d && n < 4 && d[n] >= '0' && d[n] <= '9'; n++)
		y = y * 10 + (d[n] - '0');
	return n == 4 && (!d[4] || d[4] == '-') ? y : 0;
}

static int trajectory_build(cls_report_trajectory *t, const cls_fiche *f,
    size_t index, int from, int to)
{
	t->f = f;
	t->index = index;
	for (size_t i = 0; i < f->suivi_count; i++) {
		const cls_suivi *s = &f->suivis[i];
		bool in = s->year >= from && s->year <= to;
		if (in) {
			t->statut_fin = s->statut;
			t->annee_fin = s->year;
			t->reportee |= s->statut == CLS_STATUT_REPORTEE;
		}
		if (!t->demarrage
		    && (s->statut == CLS_STATUT_EN_COURS
		        || s->statut == CLS_STATUT_REALISEE))
			t->demarrage = s->year;
		if (!t->realisation && s->statut == CLS_STATUT_REALISEE)
			t->realisation = s->year;
		if (!t->abandon && s->statut == CLS_STATUT_ABANDONNEE)
			t->abandon = s->year;
	}
	for (int y = from; y <= to; y++)
		t->annees_sans_suivi
		    += cls_fiche_runs(f, y) && !cls_fiche_suivi(f, y);
	if (f->jalon_count
	    && !(t->jalons = calloc(f->jalon_count, sizeof(*t->jalons))))
		return -1;
	for (size_t i = 0; i < f->jalon_count; i++) {
		cls_report_jalon *j = &t->jalons[t->njalons++];
		j->jalon = &f->jalons[i];
		j->libelle = f->jalons[i].libelle;
		j->date = f->jalons[i].date;
		j->etat = cls_jalon_state(f, j->jalon, to, &j->atteint_en);
	}
	if (f->financement_count
	    && !(t->fins = calloc(f->financement_count, sizeof(*t->fins))))
		return -1;
	for (int y = from; y <= to; y++)
		for (size_t i = 0; i < f->financement_count; i++)
			if (f->financements[i].annee == y)
				t->fins[t->nfin++] = &f->financements[i];
	for (size_t i = 0; i < f->financement_count; i++)
		if (f->financements[i].annee == 0)
			t->fins[t->nfin++] = &f->financements[i];
	return 0;
}

void clsi_span_free(cls_report_span *s)
{
	for (size_t i = 0; i < s->nfiches; i++) {
		free(s->fiches[i].jalons);
		free(s->fiches[i].fins);
	}
	for (size_t i = 0; i < s->ngaps; i++) {
		free((int *)s->gaps[i].annees);
		free((bool *)s->gaps[i].avec_cible);
	}
	free(s->fiches);
	free(s->gaps);
	memset(s, 0, sizeof(*s));
}

/* The values missing over the span: for each fiche and indicateur, the
 * years it runs without one (cls-report(1), What is missing over the
 * span). */
static int gaps_build(cls_report_span *s)
{
	for (size_t i = 0; i < s->nfiches; i++) {
		const cls_report_fiche *rf0 = &s->years[0].fiches[i];
		for (size_t n = 0; n < rf0->nind; n++) {
			int *years = NULL;
			bool *cible = NULL;
			size_t m = 0;
			for (size_t k = 0; k < s->nyears; k++) {
				const cls_report_fiche *rf
				    = &s->years[k].fiches[i];
				if (!rf->runs || rf->inds[n].t.valeur)
					continue;
				if (!years) {
					years
					    = calloc(s->nyears, sizeof(*years));
					cible
					    = calloc(s->nyears, sizeof(*cible));
					if (!years || !cible) {
						free(years);
						free(cible);
						return -1;
					}
				}
				years[m] = s->years[k].year;
				cible[m++] = rf->inds[n].t.has_cible;
			}
			if (!m)
				continue;
			cls_report_gap *g
			    = clsi_grow(s->gaps, s->ngaps, sizeof(*g));
			if (!g) {
				free(years);
				free(cible);
				return -1;
			}
			s->gaps = g;
			g[s->ngaps++] = (cls_report_gap){
			    &s->fiches[i], n, years, cible, m};
		}
	}
	return 0;
}

int clsi_span_build(
    cls_report_span *s, const cls_report_year *years, size_t nyears)
{
	memset(s, 0, sizeof(*s));
	s->from = years[0].year;
	s->to = years[nyears - 1].year;
	s->nyears = nyears;
	s->years = years;
	size_t n = years[0].nfiches;
	if (!(s->fiches = calloc(n ? n : 1, sizeof(*s->fiches))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		s->nfiches++;
		if (trajectory_build(
		        &s->fiches[i], years[0].fiches[i].f, i, s->from, s->to))
			return -1;
	}
	return gaps_build(s);
}

/* ------------------------------------------------- what a contract keeps */

static void set_part(cls_report_figures *g)
{
	g->has_part = g->evalues > 0;
	g->part
	    = g->has_part ? (double)g->atteints / (double)g->evalues * 100 : 0;
}

static void figures_of_year(cls_report_figures *g, const cls_report_year *y)
{
	g->fiches = y->nfiches;
	memcpy(g->par_statut, y->par_statut, sizeof(g->par_statut));
	g->hors_calendrier = y->hors_calendrier;
	g->avec_suivi = y->nfiches - y->par_statut[CLS_STATUT_NONE];
	g->definis = y->indicateurs;
	g->avec_cible = y->avec_cible;
	g->evalues = y->evalues;
	g->atteints = y->atteints;
	g->sans_valeur = y->sans_valeur;
	g->has_part = y->has_part;
	g->part = y->part;
	g->prevu = y->total_annee;
	g->prevu_known = y->known_annee;
	g->prevu_unknown = y->unknown_annee;
	g->depenses = y->depenses;
	g->depenses_n = y->depenses_n;
	g->sans_suivi = y->nsans_suivi;
	g->sans_valeur_n = y->nsans_valeur_list;
}

/* Adds the counts and sums of a year (or of a contract) to g; the share
 * is taken again by set_part(). */
static void figures_add(cls_report_figures *g, const cls_report_figures *x)
{
	g->fiches += x->fiches;
	for (int i = 0; i < CLS_STATUT_COUNT; i++)
		g->par_statut[i] += x->par_statut[i];
	g->hors_calendrier += x->hors_calendrier;
	g->avec_suivi += x->avec_suivi;
	g->definis += x->definis;
	g->avec_cible += x->avec_cible;
	g->evalues += x->evalues;
	g->atteints += x->atteints;
	g->sans_valeur += x->sans_valeur;
	g->prevu += x->prevu;
	g->prevu_known += x->prevu_known;
	g->prevu_unknown += x->prevu_unknown;
	g->depenses += x->depenses;
	g->depenses_n += x->depenses_n;
	g->sans_suivi += x->sans_suivi;
	g->sans_valeur_n += x->sans_valeur_n;
}

/* The span's figures: its years' sums, but the fiches counted once (by
 * statut_fin, running in no year, with a suivi or without one in some
 * year). */
static void figures_of_span(cls_report_figures *g,
    const cls_report_figures *annees, const cls_report_span *s)
{
	memset(g, 0, sizeof(*g));
	for (size_t k = 0; k < s->nyears; k++)
		figures_add(g, &annees[k]);
	g->definis = 0; /* a count of a year, not a sum over years */
	memset(g->par_statut, 0, sizeof(g->par_statut));
	g->fiches = s->nfiches;
	g->hors_calendrier = g->avec_suivi = g->sans_suivi = 0;
	for (size_t i = 0; i < s->nfiches; i++) {
		const cls_report_trajectory *t = &s->fiches[i];
		bool runs = false;
		for (int y = s->from; y <= s->to && !runs; y++)
			runs = cls_fiche_runs(t->f, y);
		g->par_statut[t->statut_fin]++;
		g->hors_calendrier += !runs;
		g->avec_suivi += t->annee_fin != 0;
		g->sans_suivi += t->annees_sans_suivi > 0;
	}
	set_part(g);
}

static void moves_of_span(cls_report_moves *m, const cls_report_span *s)
{
	for (size_t i = 0; i < s->nfiches; i++) {
		const cls_report_trajectory *t = &s->fiches[i];
#define IN(y) ((y) && (y) >= s->from && (y) <= s->to)
		m->demarrees += IN(t->demarrage);
		m->realisees += IN(t->realisation);
		m->abandonnees += IN(t->abandon);
#undef IN
		m->reportees += t->reportee;
	}
}

static void money_add(
    cls_report_money *m, const char *name, const cls_financement *fin)
{
	m->financeur = name;
	m->montant += fin->has_montant ? fin->montant : 0;
	m->known += fin->has_montant;
	m->unknown += !fin->has_montant;
}

typedef struct gathered {
	const cls_financement *fin;
	size_t seq;
} gathered;

/* The financeur a financement's money goes to: its entry in the
 * directory (cls.yaml's, or the one made of names that are one financeur),
 * as the annual review groups it. */
static const char *fin_name(const cls_financement *fin)
{
	return fin->ref && fin->ref->nom ? fin->ref->nom : fin->financeur;
}

static int gathered_cmp(const void *a, const void *b)
{
	const gathered *x = a, *y = b;
	const char *xn = fin_name(x->fin), *yn = fin_name(y->fin);
	int c = strcmp(xn, yn) == 0 ? 0 : cls_name_order(xn, yn);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The contract's money by financeur (grouped by directory entry, as each
 * year's is, and summed in the order of the fiches). */
static int funders_build(arena *a, cls_report_contract *k, const cls_plan *p,
    size_t nyears, int from)
{
	gathered *v = NULL;
	size_t n = 0;
	int rc = -1;
	for (size_t i = 0; i < p->fiche_count; i++)
		for (size_t j = 0; j < p->fiches[i].financement_count; j++) {
			const cls_financement *fin
			    = &p->fiches[i].financements[j];
			if (!fin->financeur)
				continue;
			gathered *w = clsi_grow(v, n, sizeof(*w));
			if (!w)
				goto out;
			v = w;
			v[n] = (gathered){fin, n};
			n++;
			if (!fin->annee) {
				k->total_duree
				    += fin->has_montant ? fin->montant : 0;
				k->duree_known += fin->has_montant;
				k->duree_unknown += !fin->has_montant;
			}
		}
	clsi_sort(v, n, sizeof(*v), gathered_cmp);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++)
		groups
		    += !i || strcmp(fin_name(v[i - 1].fin), fin_name(v[i].fin));
	if (groups
	    && !(k->financeurs
	        = clsi_arena_alloc(a, groups * sizeof(*k->financeurs))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const cls_financement *fin = v[i].fin;
		if (!i || strcmp(fin_name(v[i - 1].fin), fin_name(fin))) {
			cls_report_funder *u = &k->financeurs[k->nfinanceurs++];
			if (!(u->financeur
			        = clsi_arena_strdup(a, fin_name(fin)))
			    || !(u->annees = clsi_arena_alloc(
			             a, nyears * sizeof(*u->annees))))
				goto out;
		}
		cls_report_funder *u = &k->financeurs[k->nfinanceurs - 1];
		money_add(&u->contrat, u->financeur, fin);
		if (!fin->annee) {
			money_add(&u->duree, u->financeur, fin);
		} else if (fin->annee >= from
		    && (size_t)(fin->annee - from) < nyears) {
			money_add(
			    &u->annees[fin->annee - from], u->financeur, fin);
			money_add(&u->periode, u->financeur, fin);
		}
	}
	rc = 0;
out:
	free(v);
	return rc;
}

static const char *dup_or_null(arena *a, const char *s, bool *oom)
{
	char *d = s ? clsi_arena_strdup(a, s) : NULL;
	*oom |= s && !d;
	return d;
}

int clsi_contract_keep(arena *a, cls_report_contract *k, const cls_contract *c,
    const char *label, const cls_report_span *s, size_t nyears, int from)
{
	const cls_plan *p = cls_contract_plan(c);
	bool oom = false;
	memset(k, 0, sizeof(*k));
	k->dossier = dup_or_null(a, label ? label : cls_contract_root(c), &oom);
	k->nom = dup_or_null(a, p ? p->nom : NULL, &oom);
	k->territoire = dup_or_null(a, p ? p->territoire : NULL, &oom);
	k->debut = p ? p->debut : 0;
	k->fin = p ? p->fin : 0;
	k->erreurs = cls_contract_count(c, CLS_ERROR);
	k->avertissements = cls_contract_count(c, CLS_WARNING);
	if (oom)
		return -1;
	if (!s)
		return 0;
	k->couvert = true;
	if (!(k->annees = clsi_arena_alloc(a, nyears * sizeof(*k->annees))))
		return -1;
	for (size_t y = 0; y < nyears; y++)
		figures_of_year(&k->annees[y], &s->years[y]);
	figures_of_span(&k->periode, k->annees, s);
	moves_of_span(&k->moves, s);
	if (funders_build(a, k, p, nyears, from))
		return -1;
	for (size_t i = 0; i < s->nfiches; i++)
		k->nsans_suivi += s->fiches[i].annees_sans_suivi > 0;
	if (k->nsans_suivi
	    && !(k->sans_suivi
	        = clsi_arena_alloc(a, k->nsans_suivi * sizeof(*k->sans_suivi))))
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < s->nfiches; i++) {
		const cls_report_trajectory *t = &s->fiches[i];
		if (!t->annees_sans_suivi)
			continue;
		cls_report_absent *ab = &k->sans_suivi[m++];
		int *years = clsi_arena_alloc(
		    a, t->annees_sans_suivi * sizeof(*years));
		if (!years)
			return -1;
		for (int y = s->from; y <= s->to; y++)
			if (cls_fiche_runs(t->f, y)
			    && !cls_fiche_suivi(t->f, y))
				years[ab->nannees++] = y;
		ab->annees = years;
		ab->id = dup_or_null(a, t->f->id, &oom);
		ab->titre = dup_or_null(a, t->f->titre, &oom);
		ab->fichier = dup_or_null(a, t->f->file, &oom);
	}
	return oom ? -1 : 0;
}

/* ----------------------------------------------------- the synthesis */

int clsi_region_init(clsi_region *g, arena *a, size_t nyears)
{
	memset(g, 0, sizeof(*g));
	g->a = a;
	g->nyears = nyears;
	g->pub.annees = calloc(nyears, sizeof(*g->pub.annees));
	g->pub.sans_suivi = calloc(nyears, sizeof(*g->pub.sans_suivi));
	return g->pub.annees && g->pub.sans_suivi ? 0 : -1;
}

void clsi_region_release(clsi_region *g)
{
	free(g->pub.annees);
	free(g->pub.sans_suivi);
	free(g->pub.financeurs);
	free(g->pub.themes);
	free(g->tv);
	memset(g, 0, sizeof(*g));
}

static void money_merge(
    cls_report_money *m, const char *name, const cls_report_money *x)
{
	if (!x->known && !x->unknown)
		return;
	m->financeur = name;
	m->montant += x->montant;
	m->known += x->known;
	m->unknown += x->unknown;
}

static int funder_cmp(const void *a, const void *b)
{
	return cls_name_order(((const cls_report_funder *)a)->financeur,
	    ((const cls_report_funder *)b)->financeur);
}

/* The region's row of financeur, made (in its sorted place) when new. */
static cls_report_funder *region_funder(clsi_region *g, const char *name)
{
	cls_report_region *r = &g->pub;
	size_t lo = 0, hi = r->nfinanceurs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cls_name_order(r->financeurs[mid].financeur, name);
		if (c == 0)
			return &r->financeurs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	cls_report_funder *w
	    = clsi_grow(r->financeurs, r->nfinanceurs, sizeof(*w));
	if (!w)
		return NULL;
	r->financeurs = w;
	memmove(&w[lo + 1], &w[lo], (r->nfinanceurs - lo) * sizeof(*w));
	memset(&w[lo], 0, sizeof(*w));
	r->nfinanceurs++;
	if (!(w[lo].financeur = clsi_arena_strdup(g->a, name))
	    || !(w[lo].annees
	        = clsi_arena_alloc(g->a, g->nyears * sizeof(*w[lo].annees)))) {
		memmove(
		    &w[lo], &w[lo + 1], (--r->nfinanceurs - lo) * sizeof(*w));
		return NULL;
	}
	return &w[lo];
}

/* The region's entry of theme (case and accents folded), made when new. */
static clsi_theme *region_theme(clsi_region *g, const char *theme)
{
	size_t lo = 0, hi = g->ntv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cls_name_cmp(g->tv[mid].theme, theme);
		if (c == 0)
			return &g->tv[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	clsi_theme *w = clsi_grow(g->tv, g->ntv, sizeof(*w));
	if (!w)
		return NULL;
	g->tv = w;
	memmove(&w[lo + 1], &w[lo], (g->ntv - lo) * sizeof(*w));
	memset(&w[lo], 0, sizeof(*w));
	if (!(w[lo].theme = clsi_arena_strdup(g->a, theme))) {
		memmove(&w[lo], &w[lo + 1], (g->ntv - lo) * sizeof(*w));
		return NULL;
	}
	w[lo].contract = (size_t)-1;
	g->ntv++;
	return &w[lo];
}

static int theme_rank(const void *a, const void *b)
{
	const cls_report_theme *x = a, *y = b;
	if (x->fiches != y->fiches)
		return x->fiches < y->fiches ? 1 : -1;
	return cls_name_order(x->theme, y->theme);
}

static int region_themes(clsi_region *g, const cls_plan *p, size_t index)
{
	for (size_t i = 0; i < p->fiche_count; i++) {
		const cls_fiche *f = &p->fiches[i];
		for (size_t j = 0; j < f->themes.count; j++) {
			const char *t = f->themes.items[j];
			if (!t || !*t)
				continue;
			clsi_theme *e = region_theme(g, t);
			if (!e)
				return -1;
			if (e->contract == index && e->fiche == i)
				continue; /* named twice by the fiche */
			if (e->contract != index)
				e->contrats++;
			e->contract = index;
			e->fiche = i;
			e->fiches++;
		}
	}
	cls_report_theme *v
	    = realloc(g->pub.themes, (g->ntv ? g->ntv : 1) * sizeof(*v));
	if (!v)
		return -1;
	g->pub.themes = v;
	g->pub.nthemes = g->ntv;
	for (size_t i = 0; i < g->ntv; i++)
		v[i] = (cls_report_theme){
		    g->tv[i].theme, g->tv[i].fiches, g->tv[i].contrats};
	clsi_sort(v, g->ntv, sizeof(*v), theme_rank);
	return 0;
}

bool clsi_contract_hors(const cls_report_contract *k, size_t y)
{
	(void)y;
	return !k->couvert;
}

bool clsi_contract_invalide(const cls_report_contract *k, size_t y)
{
	(void)y;
	return k->erreurs > 0;
}

bool clsi_contract_sans_suivi(const cls_report_contract *k, size_t y)
{
	return k->couvert && k->annees[y].avec_suivi == 0;
}

int clsi_region_add(clsi_region *g, const cls_report_contract *k,
    const cls_plan *p, size_t index)
{
	cls_report_region *r = &g->pub;
	r->contrats++;
	r->invalides += clsi_contract_invalide(k, 0);
	r->erreurs += k->erreurs;
	r->avertissements += k->avertissements;
	if (clsi_contract_hors(k, 0))
		return 0;
	r->couverts++;
	for (size_t y = 0; y < g->nyears; y++) {
		figures_add(&r->annees[y], &k->annees[y]);
		set_part(&r->annees[y]);
		r->sans_suivi[y] += clsi_contract_sans_suivi(k, y);
	}
	figures_add(&r->periode, &k->periode);
	set_part(&r->periode);
	r->moves.demarrees += k->moves.demarrees;
	r->moves.realisees += k->moves.realisees;
	r->moves.abandonnees += k->moves.abandonnees;
	r->moves.reportees += k->moves.reportees;
	r->total_duree += k->total_duree;
	r->duree_known += k->duree_known;
	r->duree_unknown += k->duree_unknown;
	for (size_t i = 0; i < k->nfinanceurs; i++) {
		const cls_report_funder *x = &k->financeurs[i];
		cls_report_funder *u = region_funder(g, x->financeur);
		if (!u)
			return -1;
		for (size_t y = 0; y < g->nyears; y++)
			money_merge(&u->annees[y], u->financeur, &x->annees[y]);
		money_merge(&u->periode, u->financeur, &x->periode);
		money_merge(&u->duree, u->financeur, &x->duree);
		money_merge(&u->contrat, u->financeur, &x->contrat);
		u->contrats += x->periode.known + x->periode.unknown
		        + x->duree.known + x->duree.unknown
		    > 0;
	}
	return p ? region_themes(g, p, index) : 0;
}

const cls_report_funder *cls_report_funder_find(
    const cls_report_funder *v, size_t n, const char *financeur)
{
	cls_report_funder key = {.financeur = financeur};
	return n ? bsearch(&key, v, n, sizeof(*v), funder_cmp) : NULL;
}
