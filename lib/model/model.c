/* SPDX-License-Identifier: MIT */
/*
 * model.c - assembles the typed model (cls_plan) from the checked node trees
 * of every file, and runs the checks that need the whole contract: ids used
 * twice, axes and objectifs that cls.yaml does not define, years outside the
 * periode, and the warnings about indicateurs and the calendrier.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

typedef struct build {
	arena *a;
	dsink *d;
	cls_plan *plan;
	const char *file; /* the file being read */
	int oom;
	/* the directory of financeurs, as cls.yaml lists it; keyed: the
	 * keys of the names of each entry, sorted */
	cls_financeur *dir;
	size_t ndir;
	struct fkey *dkeys;
	size_t ndkeys;
} build;

/* A key a financeur is known by (clsi_financeur_key()), and whose. */
typedef struct fkey {
	const char *key;
	size_t entry;
	int line;
} fkey;

static void *alloc(build *b, size_t n)
{
	void *p = clsi_arena_alloc(b->a, n ? n : 1);
	if (!p)
		b->oom = 1;
	return p;
}

static cls_loc loc_of(build *b, const node *n)
{
	cls_loc l = {b->file, n ? n->line : 0, n ? n->col : 0};
	return l;
}

/* The value of key when present and well-formed. */
static node *get(const node *m, const char *key)
{
	if (!m || m->bad)
		return NULL;
	node *v = clsi_map_get(m, key);
	return v && !v->bad && v->kind != N_NULL ? v : NULL;
}

static const char *text(const node *m, const char *key)
{
	node *v = get(m, key);
	return v ? v->text : NULL;
}

static cls_strlist strlist(build *b, const node *m, const char *key)
{
	cls_strlist l = {NULL, 0};
	node *v = get(m, key);
	if (!v || v->kind != N_SEQ)
		return l;
	l.items = alloc(b, v->n * sizeof(char *));
	if (!l.items)
		return l;
	for (uint32_t i = 0; i < v->n; i++)
		if (!v->kids[i]->bad && v->kids[i]->kind != N_NULL)
			l.items[l.count++] = v->kids[i]->text;
	return l;
}

static bool year_ok(build *b, const node *at, int y, const char *what)
{
	const cls_plan *p = b->plan;
	if (!p->debut || (y >= p->debut && y <= p->fin))
		return true;
	clsi_diag_node(b->d, b->file, at, "year-outside-periode",
	    _("%s %d is outside "
	      "the contract's periode %d-%d"),
	    _(what), y, p->debut, p->fin);
	return false;
}

/* An id and its rank, for finding copies and looking up by sorting. */
typedef struct ranked {
	const char *id;
	size_t rank;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->rank > y->rank) - (x->rank < y->rank);
}

/* Sets first[i] to the rank of the first of ids[0..n) with the same text
 * as ids[i] (i itself for that first one), by sorting: a hostile flood of
 * ids costs O(n log n), not O(n^2).  Returns -1 when out of memory. */
static int first_copies(build *b, node *const *ids, size_t n, size_t *first)
{
	ranked *r = malloc((n ? n : 1) * sizeof(*r));
	if (!r) {
		b->oom = 1;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		r[i] = (ranked){ids[i]->text, i};
	if (n > 1)
		clsi_sort(r, n, sizeof(*r), ranked_cmp);
	for (size_t i = 0, start = 0; i < n; i++) {
		if (strcmp(r[i].id, r[start].id) != 0)
			start = i;
		first[r[i].rank] = r[start].rank;
	}
	free(r);
	return 0;
}

/* A sorted index of ids, for lookups in O(log n). */
typedef struct index {
	ranked *v;
	size_t n;
} idindex;

static int ranked_id_cmp(const void *a, const void *b)
{
	return strcmp(((const ranked *)a)->id, ((const ranked *)b)->id);
}

static void index_add(idindex *x, const char *id, size_t rank)
{
	x->v[x->n++] = (ranked){id, rank};
}

static void index_sort(idindex *x)
{
	if (x->n > 1)
		clsi_sort(x->v, x->n, sizeof(*x->v), ranked_cmp);
}

static const ranked *find_id(const idindex *x, const char *id)
{
	ranked key = {id, 0};
	return x->n ? bsearch(&key, x->v, x->n, sizeof(*x->v), ranked_id_cmp)
	            : NULL;
}

/* Appends "a", "b", "c" to s: the ids of the n structs at v, each stride
 * bytes and starting with its id; past 10, how many more. */
static void list_ids(cls_buf *s, const void *v, size_t n, size_t stride)
{
	for (size_t i = 0; i < n && i < 10; i++)
		/* TRANSLATORS: ", " or "", then an id quoted in a list of
		 * ids */
		cls_buf_printf(s, _("%s\"%s\""), i ? ", " : "",
		    *(const char *const *)((const char *)v + i * stride));
	if (n > 10)
		cls_buf_printf(s, _(" (and %zu more)"), n - 10);
}

/* ------------------------------------------------------------ cls.yaml */

/* A calendar date as a number that sorts as dates do, the missing month or
 * day as 0: "2016" < "2016-12" < "2016-12-31". */
static long date_rank(const char *s)
{
	long y = atol(s), m = 0, d = 0;
	if (strlen(s) >= 7)
		m = atol(s + 5);
	if (strlen(s) >= 10)
		d = atol(s + 8);
	return y * 10000 + m * 100 + d;
}

typedef struct ranked_av {
	cls_avenant av;
	long rank;
	size_t seq;
	node *fin;
} ranked_av;

static int avenant_cmp(const void *a, const void *b)
{
	const ranked_av *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The avenants, sorted by date (then as written); the periode in force
 * ends with the fin of the latest that gives one. */
static void build_avenants(build *b, node *root)
{
	cls_plan *p = b->plan;
	node *avs = get(root, "avenants");
	if (!avs || avs->kind != N_SEQ || !avs->n)
		return;
	ranked_av *v = malloc(avs->n * sizeof(*v));
	p->avenants = alloc(b, avs->n * sizeof(cls_avenant));
	if (!v || !p->avenants) {
		b->oom = 1;
		free(v);
		return;
	}
	size_t n = 0;
	for (uint32_t i = 0; i < avs->n; i++) {
		node *an = avs->kids[i], *dn = get(an, "date");
		if (an->bad || !dn || !get(an, "objet"))
			continue;
		ranked_av *r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->av.date = dn->text;
		r->av.objet = text(an, "objet");
		r->av.signataires = strlist(b, an, "signataires");
		r->av.loc = loc_of(b, an);
		r->rank = date_rank(dn->text);
		r->seq = i;
		r->fin = get(an, "fin");
	}
	clsi_sort(v, n, sizeof(*v), avenant_cmp);
	for (size_t i = 0; i < n; i++) {
		node *fn = v[i].fin;
		if (fn && p->debut && fn->num < p->debut) {
			clsi_diag_node(b->d, b->file, fn, "invalid-periode",
			    _("avenant of %s ends the contract in %s, before "
			      "its periode starts (%d): write a fin of %d or "
			      "after"),
			    v[i].av.date, fn->text, p->debut, p->debut);
		} else if (fn) {
			v[i].av.fin = (int)fn->num;
			if (p->debut)
				p->fin = v[i].av.fin;
		}
		p->avenants[p->avenant_count++] = v[i].av;
	}
	free(v);
}

static int fkey_cmp(const void *a, const void *b)
{
	const fkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->entry > y->entry) - (x->entry < y->entry);
}

/* Adds the key of name, a name of entry e, to the directory's keys. */
static void dir_key(build *b, const char *name, size_t e, int line)
{
	char k[CLSI_KEY_MAX];
	if (!name || !*name)
		return;
	fkey *v = clsi_grow(b->dkeys, b->ndkeys, sizeof(*v));
	if (!v) {
		b->oom = 1;
		return;
	}
	b->dkeys = v;
	clsi_financeur_key(name, k, sizeof(k));
	v[b->ndkeys].key = clsi_arena_strdup(b->a, k);
	v[b->ndkeys].entry = e;
	v[b->ndkeys].line = line;
	if (!v[b->ndkeys].key)
		b->oom = 1;
	else
		b->ndkeys++;
}

/* The directory of financeurs of cls.yaml: each entry, and the keys of
 * its names; a name two entries share is an error. */
static void build_directory(build *b, node *root)
{
	node *fs = get(root, "financeurs");
	if (!fs || fs->kind != N_SEQ || !fs->n)
		return;
	b->dir = alloc(b, fs->n * sizeof(cls_financeur));
	if (!b->dir)
		return;
	for (uint32_t i = 0; i < fs->n; i++) {
		node *fn = fs->kids[i];
		if (fn->bad || !get(fn, "nom"))
			continue;
		cls_financeur *e = &b->dir[b->ndir];
		e->nom = text(fn, "nom");
		e->sigle = text(fn, "sigle");
		e->autres_noms = strlist(b, fn, "autres_noms");
		e->declared = true;
		e->loc = loc_of(b, fn);
		dir_key(b, e->nom, b->ndir, get(fn, "nom")->line);
		if (e->sigle)
			dir_key(b, e->sigle, b->ndir, get(fn, "sigle")->line);
		for (size_t k = 0; k < e->autres_noms.count; k++)
			dir_key(b, e->autres_noms.items[k], b->ndir, fn->line);
		b->ndir++;
	}
	clsi_sort(b->dkeys, b->ndkeys, sizeof(*b->dkeys), fkey_cmp);
	/* the first entry keeps a name it shares with a later one */
	size_t out = 0;
	for (size_t i = 0; i < b->ndkeys; i++) {
		if (out
		    && strcmp(b->dkeys[out - 1].key, b->dkeys[i].key) == 0) {
			if (b->dkeys[out - 1].entry != b->dkeys[i].entry)
				clsi_diag_at(b->d, b->file, b->dkeys[i].line,
				    b->dir[b->dkeys[i].entry].loc.column,
				    "duplicate-id",
				    _("financeur \"%s\" of financeurs names "
				      "the financeur of line %d too: list "
				      "each financeur once, with all its "
				      "names"),
				    b->dir[b->dkeys[i].entry].nom,
				    b->dir[b->dkeys[out - 1].entry].loc.line);
			continue;
		}
		b->dkeys[out++] = b->dkeys[i];
	}
	b->ndkeys = out;
}

static void build_plan(build *b, node *root)
{
	cls_plan *p = b->plan;
	node *v;
	p->version = (v = get(root, "version")) ? (int)v->num : 0;
	p->nom = text(root, "nom");
	p->territoire = text(root, "territoire");
	node *per = get(root, "periode");
	node *d = get(per, "debut"), *f = get(per, "fin");
	if (d && f) {
		if (d->num > f->num)
			clsi_diag_node(b->d, b->file, per, "invalid-periode",
			    _("periode starts in %s and ends in %s: debut must "
			      "not be after fin"),
			    d->text, f->text);
		else {
			p->debut = (int)d->num;
			p->fin = (int)f->num;
		}
	}
	p->debut_initial = p->debut;
	p->fin_initial = p->fin;
	p->signature = text(root, "signature");
	p->signataires = strlist(b, root, "signataires");
	build_avenants(b, root);
	build_directory(b, root);
	node *co = get(root, "coordination");
	p->coord_nom = text(co, "nom");
	p->coord_structure = text(co, "structure");
	p->coord_courriel = text(co, "courriel");
	p->coord_telephone = text(co, "telephone");
	p->objectif_general = text(root, "objectif_general");

	node *axes = get(root, "axes");
	if (!axes || axes->kind != N_SEQ)
		return;
	p->axes = alloc(b, axes->n * sizeof(cls_axe));
	/* The ids of the axes, then of the objectifs of the axes kept: the
	 * first of each id is kept, its copies reported. */
	size_t cap = axes->n;
	for (uint32_t i = 0; i < axes->n; i++) {
		node *objs = get(axes->kids[i], "objectifs");
		if (objs && objs->kind == N_SEQ)
			cap += objs->n;
	}
	node **ids = malloc((cap ? cap : 1) * sizeof(*ids));
	node **of = malloc((cap ? cap : 1) * sizeof(*of));
	size_t *owner = malloc((cap ? cap : 1) * sizeof(*owner));
	size_t *first = malloc((cap ? cap : 1) * sizeof(*first));
	node **kept = malloc((axes->n ? axes->n : 1) * sizeof(*kept));
	size_t n = 0;
	if (!p->axes || !ids || !of || !owner || !first || !kept) {
		b->oom = 1;
		goto out;
	}
	for (uint32_t i = 0; i < axes->n; i++) {
		node *an = axes->kids[i], *idn = get(an, "id");
		if (!an->bad && idn) {
			of[n] = an;
			ids[n++] = idn;
		}
	}
	if (first_copies(b, ids, n, first))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (first[i] != i) {
			clsi_diag_node(b->d, b->file, ids[i], "duplicate-id",
			    _("axe id \"%s\" is used twice (first at line %d): "
			      "give each axe its own id"),
			    ids[i]->text, ids[first[i]]->line);
			continue;
		}
		kept[p->axe_count] = of[i];
		cls_axe *ax = &p->axes[p->axe_count++];
		ax->id = ids[i]->text;
		ax->titre = text(of[i], "titre");
		ax->contexte = text(of[i], "contexte");
		ax->loc = loc_of(b, ids[i]);
	}
	n = 0;
	for (size_t x = 0; x < p->axe_count; x++) {
		node *objs = get(kept[x], "objectifs");
		if (!objs || objs->kind != N_SEQ)
			continue;
		if (!(p->axes[x].objectifs
		        = alloc(b, objs->n * sizeof(cls_objectif))))
			goto out;
		for (uint32_t k = 0; k < objs->n; k++) {
			node *on = objs->kids[k], *oid = get(on, "id");
			if (!on->bad && oid) {
				of[n] = on;
				owner[n] = x;
				ids[n++] = oid;
			}
		}
	}
	if (first_copies(b, ids, n, first))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (first[i] != i) {
			clsi_diag_node(b->d, b->file, ids[i], "duplicate-id",
			    _("objectif id \"%s\" is used twice (first at line "
			      "%d): objectif ids are unique in the contract"),
			    ids[i]->text, ids[first[i]]->line);
			continue;
		}
		cls_axe *ax = &p->axes[owner[i]];
		cls_objectif *o = &ax->objectifs[ax->objectif_count++];
		o->id = ids[i]->text;
		o->titre = text(of[i], "titre");
		o->contexte = text(of[i], "contexte");
		o->loc = loc_of(b, ids[i]);
	}
out:
	free(ids);
	free(of);
	free(owner);
	free(first);
	free(kept);
}

/* ----------------------------------------------------------------- fiche */

static cls_target read_target(build *b, const node *n)
{
	cls_target t = {0};
	t.loc = loc_of(b, n);
	if (n->kind == N_MAP) {
		node *mn = get(n, "min"), *mx = get(n, "max");
		t.is_range = true;
		if (mn) {
			t.has_min = true;
			t.min = mn->num;
		}
		if (mx) {
			t.has_max = true;
			t.max = mx->num;
		}
	} else {
		t.has_min = t.has_max = true;
		t.min = t.max = n->num;
	}
	return t;
}

static cls_value read_value(build *b, const node *n, int year)
{
	cls_value v = {0};
	v.year = year;
	v.loc = loc_of(b, n);
	if (n->kind == N_INT || n->kind == N_FLOAT) {
		v.number = n->num;
	} else {
		v.is_text = true;
	}
	v.text = n->text;
	return v;
}

static int value_cmp(const void *a, const void *b)
{
	return ((const cls_value *)a)->year - ((const cls_value *)b)->year;
}

static int suivi_cmp(const void *a, const void *b)
{
	return ((const cls_suivi *)a)->year - ((const cls_suivi *)b)->year;
}

static int ytarget_cmp(const void *a, const void *b)
{
	return ((const cls_year_target *)a)->year
	    - ((const cls_year_target *)b)->year;
}

/* A text valeur of an indicateur that has a numeric target, with what
 * it was meant to be when that can be told. */
static void text_value(build *b, const cls_indicateur *ind, node *t, int y)
{
	char num[64], unit[64];
	int kind;
	if (!clsi_number_hint(t, num, sizeof(num), unit, sizeof(unit), &kind))
		clsi_diag_node(b->d, b->file, t, "text-value",
		    _("indicateur \"%s\" has a numeric target, "
		      "so "
		      "its valeur for %d must be a number, not "
		      "\"%s\""),
		    ind->id, y, t->text);
	else if (kind == CLSI_NH_UNIT || kind == CLSI_NH_PERCENT)
		clsi_diag_node(b->d, b->file, t, "text-value",
		    _("indicateur \"%s\" has a numeric target, so its valeur "
		      "for %d must be a number, not \"%s\": write %s and put "
		      "the unit in unite"),
		    ind->id, y, t->text, num);
	else
		clsi_diag_node(b->d, b->file, t, "text-value",
		    _("indicateur \"%s\" has a numeric target, so its valeur "
		      "for %d must be a number, not \"%s\": write %s (no "
		      "quotes, no spaces, a dot for decimals)"),
		    ind->id, y, t->text, num);
}

/* A text valeur (or base, year 0) that reads as a number meant: it makes
 * the indicateur qualitative, which is seldom what was meant. */
static void number_as_text(build *b, const cls_indicateur *ind, node *t, int y)
{
	char num[64], unit[64], when[32];
	int kind;
	if (!clsi_number_hint(t, num, sizeof(num), unit, sizeof(unit), &kind))
		return;
	if (y)
		snprintf(when, sizeof(when), "%d", y);
	else
		snprintf(when, sizeof(when), "%s", "base");
	if (kind == CLSI_NH_UNIT || kind == CLSI_NH_PERCENT)
		clsi_diag_node(b->d, b->file, t, "number-as-text",
		    _("valeur \"%s\" (%s) of indicateur \"%s\" is a text, "
		      "which makes the indicateur qualitative: if it is a "
		      "number, write %s and put the unit in unite"),
		    t->text, when, ind->id, num);
	else
		clsi_diag_node(b->d, b->file, t, "number-as-text",
		    _("valeur \"%s\" (%s) of indicateur \"%s\" is a text, "
		      "which makes the indicateur qualitative: if it is a "
		      "number, write %s (no quotes, no spaces, a dot for "
		      "decimals)"),
		    t->text, when, ind->id, num);
}

static void build_indicateur(
    build *b, cls_fiche *f, node *in, cls_indicateur *ind)
{
	node *v;
	ind->id = text(in, "id");
	ind->libelle = text(in, "libelle");
	ind->type = (v = get(in, "type")) && strcmp(v->text, "resultat") == 0
	    ? CLS_RESULTAT
	    : CLS_PROCESSUS;
	ind->unite = text(in, "unite");
	ind->source = text(in, "source");
	ind->sens = (v = get(in, "sens")) && strcmp(v->text, "baisse") == 0
	    ? CLS_BAISSE
	    : CLS_HAUSSE;
	ind->loc = loc_of(b, get(in, "id"));
	node *base = get(in, "base");
	if (base && get(base, "annee") && get(base, "valeur")) {
		ind->has_base = true;
		ind->base_annee = (int)get(base, "annee")->num;
		ind->base_valeur
		    = read_value(b, get(base, "valeur"), ind->base_annee);
		if (ind->base_valeur.is_text)
			number_as_text(b, ind, get(base, "valeur"), 0);
	}
	node *c = get(in, "cible");
	if (c) {
		if (clsi_cible_is_yearmap(c)) {
			ind->cibles = alloc(b, c->n * sizeof(cls_year_target));
			for (uint32_t i = 0; ind->cibles && i < c->n; i++) {
				node *k = MAP_KEY(c, i), *t = MAP_VAL(c, i);
				int y;
				if (t->bad || !clsi_node_year(k, &y))
					continue;
				if (!year_ok(b, k, y, N_("cible year")))
					continue;
				cls_year_target *yt
				    = &ind->cibles[ind->cible_count++];
				yt->year = y;
				yt->target = read_target(b, t);
			}
			if (ind->cibles)
				clsi_sort(ind->cibles, ind->cible_count,
				    sizeof(*ind->cibles), ytarget_cmp);
		} else {
			ind->has_cible_all = true;
			ind->cible_all = read_target(b, c);
		}
	}
	node *ct = get(in, "cible_totale");
	if (ct) {
		ind->has_cible_totale = true;
		ind->cible_totale = ct->num;
	}
	bool numeric
	    = ind->has_cible_all || ind->cible_count || ind->has_cible_totale;
	node *vals = get(in, "valeurs");
	if (vals && vals->kind == N_MAP) {
		ind->valeurs = alloc(b, vals->n * sizeof(cls_value));
		for (uint32_t i = 0; ind->valeurs && i < vals->n; i++) {
			node *k = MAP_KEY(vals, i), *t = MAP_VAL(vals, i);
			int y;
			if (t->bad || !clsi_node_year(k, &y))
				continue;
			if (!year_ok(b, k, y, N_("valeur year")))
				continue;
			cls_value val = read_value(b, t, y);
			if (val.is_text && numeric) {
				text_value(b, ind, t, y);
				continue;
			}
			if (val.is_text)
				number_as_text(b, ind, t, y);
			ind->valeurs[ind->valeur_count++] = val;
		}
		if (ind->valeurs)
			clsi_sort(ind->valeurs, ind->valeur_count,
			    sizeof(*ind->valeurs), value_cmp);
	}
	(void)f;
}

/* The years a fiche runs: its calendrier within the periode, or the
 * periode. */
static void fiche_years(build *b, cls_fiche *f, node *cal)
{
	int y, first = b->plan->debut, last = b->plan->fin;
	node *d = get(cal, "debut"), *e = get(cal, "fin");
	if (d && clsi_caldate_valid(d, &y) && (!first || y > first))
		first = y;
	if (e && clsi_caldate_valid(e, &y) && (!last || y < last))
		last = y;
	f->first_year = first;
	f->last_year = last;
}

static void check_caldate(build *b, node *n, const char *what)
{
	int y;
	if (!n || !clsi_caldate_valid(n, &y) || !b->plan->debut)
		return;
	if (y < b->plan->debut || y > b->plan->fin)
		clsi_diag_node(b->d, b->file, n, "calendrier-outside-periode",
		    _("%s %s is outside the contract's periode %d-%d"), _(what),
		    n->text, b->plan->debut, b->plan->fin);
}

/* Whether a year map holds the year as a key, whatever its value. */
static bool has_year_key(const node *m, int year)
{
	int y;
	for (uint32_t i = 0; m && m->kind == N_MAP && i < m->n; i++)
		if (clsi_node_year(MAP_KEY(m, i), &y) && y == year)
			return true;
	return false;
}

static void build_fiche(build *b, node *root, cls_fiche *f)
{
	node **written = NULL; /* each indicateur's valeurs, as written */
	node *v;
	f->file = b->file;
	f->id = text(root, "id");
	f->titre = text(root, "titre");
	f->axe = text(root, "axe");
	f->objectif = text(root, "objectif");
	f->loc = loc_of(b, get(root, "id"));
	f->porteurs = strlist(b, root, "porteurs");
	f->copilotage
	    = (v = get(root, "copilotage")) && v->kind == N_BOOL && v->num != 0;
	node *rs = get(root, "referents");
	if (rs && rs->kind == N_SEQ) {
		f->referents = alloc(b, rs->n * sizeof(cls_referent));
		for (uint32_t i = 0; f->referents && i < rs->n; i++) {
			node *rn = rs->kids[i];
			if (rn->bad || !get(rn, "nom"))
				continue;
			cls_referent *r = &f->referents[f->referent_count++];
			r->nom = text(rn, "nom");
			r->fonction = text(rn, "fonction");
			r->structure = text(rn, "structure");
			r->courriel = text(rn, "courriel");
			r->telephone = text(rn, "telephone");
			r->loc = loc_of(b, rn);
		}
	}
	f->partenaires = strlist(b, root, "partenaires");
	f->public_ = strlist(b, root, "public");
	f->themes = strlist(b, root, "themes");
	f->contexte = text(root, "contexte");
	f->objectifs = strlist(b, root, "objectifs");
	f->description = text(root, "description");
	f->facilitateurs = strlist(b, root, "facilitateurs");
	f->freins = strlist(b, root, "freins");
	f->budget = text(root, "budget");

	node *cal = get(root, "calendrier");
	f->cal_debut = text(cal, "debut");
	f->cal_fin = text(cal, "fin");
	f->cal_detail = text(cal, "detail");
	check_caldate(b, get(cal, "debut"), N_("calendrier debut"));
	check_caldate(b, get(cal, "fin"), N_("calendrier fin"));
	int y1, y2;
	if (get(cal, "debut") && get(cal, "fin")
	    && clsi_caldate_valid(get(cal, "debut"), &y1)
	    && clsi_caldate_valid(get(cal, "fin"), &y2) && y1 >= y2
	    && strncmp(f->cal_debut, f->cal_fin,
	           strlen(f->cal_debut) < strlen(f->cal_fin)
	               ? strlen(f->cal_debut)
	               : strlen(f->cal_fin))
	        > 0)
		clsi_diag_node(b->d, b->file, get(cal, "fin"), "invalid-date",
		    _("calendrier ends (%s) before it starts (%s)"), f->cal_fin,
		    f->cal_debut);
	fiche_years(b, f, cal);
	node *js = get(cal, "jalons");
	if (js && js->kind == N_SEQ) {
		f->jalons = alloc(b, js->n * sizeof(cls_jalon));
		for (uint32_t i = 0; f->jalons && i < js->n; i++) {
			node *jn = js->kids[i];
			if (jn->bad || !get(jn, "libelle"))
				continue;
			cls_jalon *j = &f->jalons[f->jalon_count++];
			j->libelle = text(jn, "libelle");
			j->date = text(jn, "date");
			j->loc = loc_of(b, jn);
			check_caldate(b, get(jn, "date"), N_("jalon date"));
		}
	}

	node *fins = get(root, "financements");
	if (fins && fins->kind == N_SEQ) {
		f->financements = alloc(b, fins->n * sizeof(cls_financement));
		for (uint32_t i = 0; f->financements && i < fins->n; i++) {
			node *fn = fins->kids[i];
			if (fn->bad || !get(fn, "financeur"))
				continue;
			cls_financement *x
			    = &f->financements[f->financement_count];
			x->financeur = text(fn, "financeur");
			x->note = text(fn, "note");
			x->loc = loc_of(b, fn);
			if ((v = get(fn, "montant"))) {
				x->has_montant = true;
				x->montant = v->num;
			}
			if ((v = get(fn, "annee"))) {
				if (!year_ok(b, v, (int)v->num,
				        N_("financement year")))
					continue;
				x->annee = (int)v->num;
			}
			x->statut = CLS_FIN_PREVU;
			if ((v = get(fn, "statut")))
				for (int s = 0; s < 4; s++)
					if (strcmp(v->text,
					        cls_fin_statut_key(
					            (cls_fin_statut)s))
					    == 0)
						x->statut = (cls_fin_statut)s;
			f->financement_count++;
		}
	}

	node *inds = get(root, "indicateurs");
	if (!inds || (inds->kind == N_SEQ && inds->n == 0))
		clsi_diag_node(b->d, b->file,
		    get(root, "id") ? get(root, "id") : root, "no-indicateurs",
		    _("fiche \"%s\" has no indicateurs: "
		      "add how the action will be measured"),
		    f->id ? f->id : "?");
	if (inds && inds->kind == N_SEQ) {
		f->indicateurs = alloc(b, inds->n * sizeof(cls_indicateur));
		written = alloc(b, inds->n * sizeof(node *));
		node **ids = malloc((inds->n + 1) * sizeof(*ids));
		node **of = malloc((inds->n + 1) * sizeof(*of));
		size_t *first = malloc((inds->n + 1) * sizeof(*first)), n = 0;
		if (!ids || !of || !first)
			b->oom = 1;
		for (uint32_t i = 0; ids && of && i < inds->n; i++) {
			node *in = inds->kids[i], *idn = get(in, "id");
			if (!in->bad && idn) {
				of[n] = in;
				ids[n++] = idn;
			}
		}
		if (f->indicateurs && written && ids && of && first
		    && first_copies(b, ids, n, first) == 0)
			for (size_t i = 0; i < n; i++) {
				if (first[i] != i) {
					clsi_diag_node(b->d, b->file, ids[i],
					    "duplicate-id",
					    _("indicateur id \"%s\" is used "
					      "twice in this fiche (first at "
					      "line %d)"),
					    ids[i]->text, ids[first[i]]->line);
					continue;
				}
				written[f->indicateur_count]
				    = get(of[i], "valeurs");
				build_indicateur(b, f, of[i],
				    &f->indicateurs[f->indicateur_count++]);
			}
		free(ids);
		free(of);
		free(first);
	}

	node *su = get(root, "suivi");
	if (su && su->kind == N_MAP) {
		f->suivis = alloc(b, su->n * sizeof(cls_suivi));
		for (uint32_t i = 0; f->suivis && i < su->n; i++) {
			node *k = MAP_KEY(su, i), *sn = MAP_VAL(su, i);
			int y;
			if (sn->bad || !clsi_node_year(k, &y)
			    || !get(sn, "statut"))
				continue;
			if (!year_ok(b, k, y, N_("suivi year")))
				continue;
			cls_suivi *s = &f->suivis[f->suivi_count++];
			s->year = y;
			s->loc = loc_of(b, k);
			const char *st = get(sn, "statut")->text;
			for (int x = 1; x < CLS_STATUT_COUNT; x++)
				if (strcmp(st, cls_statut_key((cls_statut)x))
				    == 0)
					s->statut = (cls_statut)x;
			if ((v = get(sn, "avancement"))) {
				s->has_avancement = true;
				s->avancement = v->num;
			}
			if ((v = get(sn, "depenses"))) {
				s->has_depenses = true;
				s->depenses = v->num;
			}
			s->commentaire = text(sn, "commentaire");
			s->jalons = strlist(b, sn, "jalons");
			s->leviers = strlist(b, sn, "leviers");
			s->freins = strlist(b, sn, "freins");
			s->perspectives = strlist(b, sn, "perspectives");
			/* A calendrier that failed its check lists no jalon:
			 * saying each one is unknown would be noise. */
			node *sj = get(sn, "jalons"),
			     *cn = clsi_map_get(root, "calendrier");
			if (cn && cn->bad)
				sj = NULL;
			for (size_t x = 0; sj && x < sj->n; x++) {
				node *jl = sj->kids[x];
				if (jl->bad)
					continue;
				bool known = false;
				for (size_t z = 0; z < f->jalon_count; z++)
					known |= strcmp(f->jalons[z].libelle,
					             jl->text)
					    == 0;
				if (!known)
					clsi_diag_node(b->d, b->file, jl,
					    "unknown-jalon",
					    _("jalon \"%s\" is "
					      "not one of the calendrier's "
					      "jalons: "
					      "write its libelle exactly"),
					    jl->text);
			}
		}
		clsi_sort(
		    f->suivis, f->suivi_count, sizeof(*f->suivis), suivi_cmp);
	}

	/* A year with a suivi is a year reviewed: every indicateur with a
	 * target that year should have its value. */
	for (size_t i = 0; i < f->suivi_count; i++) {
		int y = f->suivis[i].year;
		for (size_t j = 0; j < f->indicateur_count; j++) {
			cls_indicateur *ind = &f->indicateurs[j];
			cls_target t;
			/* a value written but faulty has its own error */
			if (cls_indicateur_cible(f, ind, y, &t)
			    && !cls_indicateur_valeur(ind, y)
			    && !has_year_key(written[j], y))
				clsi_diag_at(b->d, b->file, ind->loc.line,
				    ind->loc.column, "missing-value",
				    _("indicateur \"%s\" has a cible for %d "
				      "and "
				      "the fiche has a suivi for %d, but no "
				      "valeur for %d: add it under valeurs"),
				    ind->id, y, y, y);
		}
	}
}

/* ---------------------------------------------------------- financeurs */

/* A financement, for grouping those the directory does not list. */
typedef struct finref {
	cls_financement *fin;
	const char *key;
	size_t seq; /* in plan order: fiches by id, then as written */
	size_t group;
} finref;

static int finref_cmp(const void *a, const void *b)
{
	const finref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (!c)
		c = strcmp(x->fin->financeur, y->fin->financeur);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static const fkey *dir_find(const build *b, const char *key)
{
	fkey k = {key, 0, 0};
	size_t lo = 0, hi = b->ndkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(k.key, b->dkeys[mid].key);
		if (!c)
			return &b->dkeys[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Appends to s the names of the financeurs v[at[0..n)], with where each is
 * first written: "\"ARS Occitanie\" (fiches/a.yaml:12)". */
static void list_groups(
    cls_buf *s, const cls_financeur *v, const size_t *at, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const cls_financeur *g = &v[at[i]];
		/* TRANSLATORS: ", " or "", a financeur, where it is written */
		cls_buf_printf(s, _("%s\"%s\" (%s:%d)"), i ? ", " : "", g->nom,
		    g->loc.file, g->loc.line);
	}
}

/* The financeurs: the directory's entries, then one for each financeur
 * the fiches name that it does not list (names with the same key are one,
 * shown as most of its financements write it); each financement points to
 * its own.  Then the warnings: a name the directory does not list, or,
 * without a directory, names that may be one financeur. */
static void build_financeurs(build *b)
{
	cls_plan *p = b->plan;
	size_t nfin = 0;
	for (size_t i = 0; i < p->fiche_count; i++)
		nfin += p->fiches[i].financement_count;
	finref *v = malloc((nfin ? nfin : 1) * sizeof(*v));
	size_t *first = NULL;
	char k[CLSI_KEY_MAX];
	if (!v) {
		b->oom = 1;
		return;
	}
	size_t n = 0, seq = 0;
	for (size_t i = 0; i < p->fiche_count; i++)
		for (size_t j = 0; j < p->fiches[i].financement_count; j++) {
			cls_financement *fin = &p->fiches[i].financements[j];
			clsi_financeur_key(fin->financeur, k, sizeof(k));
			const fkey *hit = dir_find(b, k);
			seq++;
			if (hit) {
				fin->ref = &b->dir[hit->entry];
				b->dir[hit->entry].financements++;
				continue;
			}
			if (!(v[n].key = clsi_arena_strdup(b->a, k))) {
				b->oom = 1;
				goto out;
			}
			v[n].fin = fin;
			v[n++].seq = seq;
		}
	clsi_sort(v, n, sizeof(*v), finref_cmp);
	/* the groups: runs of one key; each shown as its most used
	 * spelling, the first one written among equals */
	size_t ngroups = 0;
	for (size_t i = 0; i < n; i++)
		ngroups += !i || strcmp(v[i].key, v[i - 1].key) != 0;
	p->financeurs = alloc(b, (b->ndir + ngroups) * sizeof(cls_financeur));
	first = malloc((ngroups ? ngroups : 1) * sizeof(*first));
	if (!p->financeurs || !first) {
		b->oom = 1;
		goto out;
	}
	/* the directory's entries move: their financements follow */
	for (size_t i = 0; i < b->ndir; i++)
		p->financeurs[i] = b->dir[i];
	for (size_t i = 0; i < p->fiche_count; i++)
		for (size_t j = 0; j < p->fiches[i].financement_count; j++) {
			cls_financement *fin = &p->fiches[i].financements[j];
			if (fin->ref)
				fin->ref = &p->financeurs[fin->ref - b->dir];
		}
	p->financeur_count = p->financeur_declared = b->ndir;
	for (size_t i = 0; i < n;) {
		size_t end = i, best = i, best_n = 0, min_seq = v[i].seq;
		size_t g = p->financeur_count++;
		first[g - b->ndir] = i;
		while (end < n && strcmp(v[end].key, v[i].key) == 0) {
			size_t r = end;
			while (end < n && strcmp(v[end].key, v[i].key) == 0
			    && strcmp(
			           v[end].fin->financeur, v[r].fin->financeur)
			        == 0) {
				v[end].group = g;
				end++;
			}
			if (v[r].seq < min_seq)
				min_seq = v[r].seq;
			if (end - r > best_n
			    || (end - r == best_n && v[r].seq < v[best].seq)) {
				best = r;
				best_n = end - r;
			}
		}
		cls_financeur *e = &p->financeurs[g];
		e->nom = v[best].fin->financeur;
		e->financements = end - i;
		for (size_t x = i; x < end; x++)
			if (v[x].seq == min_seq) {
				e->loc = v[x].fin->loc;
				first[g - b->ndir] = x;
			}
		i = end;
	}
	for (size_t i = 0; i < n; i++)
		v[i].fin->ref = &p->financeurs[v[i].group];

	if (b->ndir) {
		/* names the directory does not list: one warning each */
		const char **names = malloc(2 * b->ndir * sizeof(*names));
		size_t nn = 0;
		for (size_t i = 0; names && i < b->ndir; i++) {
			names[nn++] = b->dir[i].nom;
			if (b->dir[i].sigle)
				names[nn++] = b->dir[i].sigle;
		}
		for (size_t g = b->ndir; g < p->financeur_count; g++) {
			const cls_financeur *e = &p->financeurs[g];
			const char *near = names
			    ? clsi_str_nearest(e->nom, names, nn)
			    : NULL;
			cls_buf more;
			cls_buf_init(&more);
			if (e->financements > 1)
				cls_buf_printf(&more,
				    P_(" (and %zu more financement)",
				        " (and %zu more financements)",
				        e->financements - 1),
				    e->financements - 1);
			if (near)
				clsi_diag_at(b->d, e->loc.file, e->loc.line,
				    e->loc.column, "unknown-financeur",
				    _("financeur \"%s\"%s is not in the "
				      "financeurs of cls.yaml (did you mean "
				      "\"%s\"?): write a nom or a sigle it "
				      "lists, or add it there"),
				    e->nom, cls_buf_str(&more), near);
			else
				clsi_diag_at(b->d, e->loc.file, e->loc.line,
				    e->loc.column, "unknown-financeur",
				    _("financeur \"%s\"%s is not in the "
				      "financeurs of cls.yaml: write a nom or "
				      "a "
				      "sigle it lists, or add it there"),
				    e->nom, cls_buf_str(&more));
			cls_buf_release(&more);
		}
		free(names);
		goto out;
	}
	/* without a directory: a name whose key begins another's ("ARS",
	 * "ARS Occitanie"), or one letter away from the next, may be the
	 * same financeur */
	for (size_t g = 0; g < ngroups; g++) {
		const char *key = v[first[g]].key;
		size_t kl = strlen(key), rel[3], nrel = 0, total = 0;
		for (size_t h = g + 1; h < ngroups; h++) {
			const char *o = v[first[h]].key;
			bool prefix = strncmp(o, key, kl) == 0 && o[kl] == ' ';
			bool typo = h == g + 1 && kl >= 8 && strlen(o) >= 8
			    && !strpbrk(key, "0123456789")
			    && !strpbrk(o, "0123456789")
			    && clsi_str_distance(key, o, 1) <= 1;
			if (!prefix && !typo && strncmp(o, key, kl) != 0)
				break;
			if (!prefix && !typo)
				continue;
			if (nrel < 3)
				rel[nrel++] = h + b->ndir;
			total++;
		}
		if (!total)
			continue;
		const cls_financeur *e = &p->financeurs[g + b->ndir];
		cls_buf l;
		cls_buf_init(&l);
		list_groups(&l, p->financeurs, rel, nrel);
		if (total > 3)
			cls_buf_printf(&l, _(" (and %zu more)"), total - 3);
		clsi_diag_at(b->d, e->loc.file, e->loc.line, e->loc.column,
		    "similar-financeurs",
		    _("financeur \"%s\" may be the same as %s: write one "
		      "financeur the same way everywhere, or list the "
		      "financeurs in cls.yaml (financeurs:, see cls-format(5)) "
		      "to say which is which"),
		    e->nom, cls_buf_str(&l));
		cls_buf_release(&l);
	}
out:
	free(first);
	free(v);
}

/* ---------------------------------------------------- the whole contract */

static int fiche_cmp(const void *a, const void *b)
{
	const cls_fiche *x = a, *y = b;
	int c = cls_id_cmp(x->id, y->id);
	return c ? c : strcmp(x->file, y->file);
}

/* A fiche's id node and its file, for finding ids used twice. */
int clsi_model_build(
    arena *a, dsink *d, file_result *files, size_t nfiles, cls_plan *plan)
{
	build b = {.a = a, .d = d, .plan = plan};
	memset(plan, 0, sizeof(*plan));
	b.file = files[0].file;
	if (files[0].root)
		build_plan(&b, files[0].root);
	plan->fiches = alloc(&b, nfiles * sizeof(cls_fiche));
	/* Ids across fiches (a hostile folder may hold many files): the
	 * first in file order keeps the id, the others point to it in
	 * dup_of[file]. */
	size_t nf = nfiles ? nfiles : 1, nids = 0, nobj = 0;
	node **ids = malloc(nf * sizeof(*ids));
	size_t *file_of = malloc(nf * sizeof(*file_of));
	size_t *first = malloc(nf * sizeof(*first));
	size_t *dup_of = calloc(nf, sizeof(*dup_of));
	/* The axes and the objectifs by id, for the fiches' lookups. */
	for (size_t j = 0; j < plan->axe_count; j++)
		nobj += plan->axes[j].objectif_count;
	idindex axidx = {malloc((plan->axe_count + 1) * sizeof(ranked)), 0};
	idindex obidx = {malloc((nobj + 1) * sizeof(ranked)), 0};
	if (!plan->fiches || !ids || !file_of || !first || !dup_of || !axidx.v
	    || !obidx.v) {
		free(ids);
		free(file_of);
		free(first);
		free(dup_of);
		free(axidx.v);
		free(obidx.v);
		return -1;
	}
	for (size_t j = 0; j < plan->axe_count; j++) {
		index_add(&axidx, plan->axes[j].id, j);
		for (size_t k = 0; k < plan->axes[j].objectif_count; k++)
			index_add(&obidx, plan->axes[j].objectifs[k].id, j);
	}
	index_sort(&axidx);
	index_sort(&obidx);
	for (size_t i = 1; i < nfiles; i++) {
		node *root = files[i].root, *idn;
		if (root && !root->bad && root->kind == N_MAP
		    && (idn = get(root, "id"))) {
			file_of[nids] = i;
			ids[nids++] = idn;
		}
	}
	if (first_copies(&b, ids, nids, first) == 0)
		for (size_t k = 0; k < nids; k++)
			if (first[k] != k)
				dup_of[file_of[k]] = file_of[first[k]];
	free(ids);
	free(file_of);
	free(first);
	for (size_t i = 1; i < nfiles; i++) {
		node *root = files[i].root;
		if (!root || root->bad || root->kind != N_MAP)
			continue;
		b.file = files[i].file;
		node *idn = get(root, "id");
		if (!idn)
			continue;
		if (dup_of[i]) {
			node *fid = get(files[dup_of[i]].root, "id");
			clsi_diag_node(d, b.file, idn, "duplicate-id",
			    _("fiche id \"%s\" is already used by %s:%d: give "
			      "each fiche its own id"),
			    idn->text, files[dup_of[i]].file, fid->line);
			continue;
		}
		cls_fiche *f = &plan->fiches[plan->fiche_count++];
		build_fiche(&b, root, f);
		if (!f->titre)
			f->titre = "";
		/* the axe and objectif it belongs to */
		node *axn = get(root, "axe");
		const ranked *hit = axn ? find_id(&axidx, axn->text) : NULL;
		const cls_axe *ax = hit ? &plan->axes[hit->rank] : NULL;
		if (axn && !ax && get(files[0].root, "axes")) {
			cls_buf s;
			cls_buf_init(&s);
			list_ids(
			    &s, plan->axes, plan->axe_count, sizeof(cls_axe));
			clsi_diag_node(d, b.file, axn, "unknown-axe",
			    _("axe \"%s\" is "
			      "not defined in cls.yaml: use one of %s"),
			    axn->text, s.s ? s.s : _("(no axe defined)"));
			cls_buf_release(&s);
			f->axe = NULL;
		}
		node *obn = get(root, "objectif");
		if (obn && ax) {
			/* objectif ids are unique in the contract */
			hit = find_id(&obidx, obn->text);
			bool found
			    = hit && hit->rank == (size_t)(ax - plan->axes);
			cls_buf s;
			cls_buf_init(&s);
			if (!found) {
				list_ids(&s, ax->objectifs, ax->objectif_count,
				    sizeof(cls_objectif));
				clsi_diag_node(d, b.file, obn,
				    "unknown-objectif",
				    _("objectif \"%s\" is not defined under "
				      "axe "
				      "\"%s\" in cls.yaml%s%s"),
				    obn->text, ax->id,
				    s.s ? _(": use one of ")
				        : _(" (it has no objectifs)"),
				    s.s ? s.s : "");
				f->objectif = NULL;
			}
			cls_buf_release(&s);
		}
	}
	free(dup_of);
	free(axidx.v);
	free(obidx.v);
	clsi_sort(
	    plan->fiches, plan->fiche_count, sizeof(cls_fiche), fiche_cmp);
	build_financeurs(&b);
	free(b.dkeys);
	return b.oom || d->failed ? -1 : 0;
}
