/* SPDX-License-Identifier: MIT */
/*
 * indicators-text.c - the listing of cls indicators as text for the
 * terminal (French, 80 columns): for each contract its title block, then
 * each fiche with a table of its indicateurs (one year) or of each
 * indicateur's years; with --missing, the indicateurs lacking their value
 * grouped by porteur, with the coordination's contact: the list the
 * coordinator sends out (cls-indicators(1)).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* One contract being written. */
typedef struct ctr {
	const cls_plan *p;
	const char *dossier;
	size_t errors;
	size_t defined; /* indicateurs of its fiches, whatever the filters */
} ctr;

/* -------------------------------------------------------------- labels */

static const char *type_label(cls_ind_type t)
{
	return t == CLS_RESULTAT ? "résultat" : "processus";
}

static cls_report_ind rep_of(const cls_indicator_row *w)
{
	cls_report_ind ri = {.ind = w->ind,
	    .t = w->t,
	    .numeric = w->t.valeur && !w->t.valeur->is_text};
	return ri;
}

static void join(cls_buf *b, const cls_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			cls_buf_add(b, sep);
		cls_buf_add(b, l->items[i]);
	}
}

/* ---------------------------------------------------------------- text */

/* What a contract whose fiches have no indicateur says, instead of a list
 * that would read as "nothing missing". */
#define NONE_DEFINED "aucun indicateur n'est défini"
#define NONE_DEFINED_HOW                                                        \
	"Les indicateurs s'ajoutent aux fiches, sous la clé indicateurs (man " \
	"cls-format)."

/* The contract's title block: what is listed, its name, its periode, the
 * count ("what  count") and a warning when the contract has errors. */
static void text_title(
    clsi_text *t, const ctr *k, const char *what, const char *count)
{
	const cls_plan *p = k->p;
	const cls_indicators_options *q = t->q;
	cls_buf *b = &t->a;
	cls_buf_reset(b);
	if (q->missing)
		cls_buf_printf(b, "Indicateurs à renseigner pour %d", q->year);
	else if (q->year)
		cls_buf_printf(b, "Indicateurs %d", q->year);
	else
		cls_buf_add(b, "Indicateurs");
	clsi_tx_heading(&t->w, 0, cls_buf_str(b));
	clsi_tx_para_c(&t->w, TX_BOLD, "", 0, 0,
	    p->nom ? p->nom : "Contrat Local de Santé");
	clsi_tx_rule(&t->w, '=', NULL);
	if (p->territoire)
		clsi_tx_kv(&t->w, 0, 16, "Territoire", p->territoire, NULL);
	cls_buf_reset(b);
	if (p->debut && p->fin)
		cls_buf_printf(b, "%d-%d", p->debut, p->fin);
	else
		cls_buf_add(b, "inconnue");
	clsi_tx_kv(&t->w, 0, 16, "Période", cls_buf_str(b), NULL);
	if (t->folders)
		clsi_tx_kv(&t->w, 0, 16, "Dossier",
		    *k->dossier ? k->dossier : "./", NULL);
	if (q->missing) {
		/* whom the porteurs send their figures to */
		const char *parts[] = {p->coord_nom, p->coord_structure,
		    p->coord_courriel, p->coord_telephone};
		cls_buf_reset(b);
		for (size_t i = 0; i < 4; i++)
			if (parts[i] && *parts[i]) {
				if (b->len)
					cls_buf_add(b, ", ");
				cls_buf_add(b, parts[i]);
			}
		if (b->len)
			clsi_tx_kv(
			    &t->w, 0, 16, "Coordination", cls_buf_str(b), NULL);
	}
	clsi_tx_kv(&t->w, 0, 16, what, count, NULL);
	if (k->errors) {
		cls_buf_reset(b);
		cls_buf_printf(b,
		    "ATTENTION : ce contrat a %zu erreur%s de validation : "
		    "cette liste peut être fausse ou incomplète. Corrigez "
		    "les erreurs que signale cls validate.",
		    k->errors, k->errors > 1 ? "s" : "");
		fputc('\n', t->w.f);
		clsi_tx_para_c(
		    &t->w, "\033[1;31m", "!! ", 3, 3, cls_buf_str(b));
	}
}

/* "id · libellé (processus, à la baisse)". */
static void ind_label(cls_buf *b, const cls_indicateur *ind)
{
	cls_buf_printf(b, "%s · %s (%s", ind->id,
	    ind->libelle ? ind->libelle : "", type_label(ind->type));
	if (ind->sens == CLS_BAISSE)
		cls_buf_add(b, ", à la baisse");
	cls_buf_add(b, ")");
}

/* The cells of a row: cible, valeur, réalisation ("—" when none). */
static void row_cells(clsi_text *t, const cls_indicator_row *w)
{
	cls_report_ind ri = rep_of(w);
	cls_buf_reset(&t->b);
	cls_buf_reset(&t->c);
	cls_buf_reset(&t->d);
	if (w->t.has_cible)
		clsi_fmt_cible(&t->b, &w->t.cible, &clsi_seps_plain);
	else
		cls_buf_add(&t->b, "—");
	if (w->t.valeur)
		clsi_fmt_valeur(&t->c, &ri, &clsi_seps_plain);
	else
		cls_buf_add(&t->c, "—");
	clsi_fmt_result(&t->d, &ri, &clsi_seps_plain);
	if (!t->d.len)
		cls_buf_add(&t->d, "—");
}

/* A fiche, then for one year a table of its indicateurs; for every year,
 * each indicateur's label and a table of its years. */
static void text_fiche(clsi_text *t, const cls_indicator_row *v, size_t n)
{
	const cls_fiche *f = v[0].fiche;
	cls_buf *lab = &t->a;
	fputc('\n', t->w.f);
	cls_buf_reset(lab);
	cls_buf_printf(lab, "Fiche %s — ", f->id ? f->id : "?");
	size_t pw = clsi_u8_width(cls_buf_str(lab));
	clsi_tx_para_c(&t->w, TX_BOLD, cls_buf_str(lab), pw, pw,
	    f->titre ? f->titre : "(sans titre)");
	cls_buf_reset(lab);
	join(lab, &f->porteurs, ", ");
	clsi_tx_kv(&t->w, 2, 12, f->porteurs.count > 1 ? "Porteurs" : "Porteur",
	    f->porteurs.count ? cls_buf_str(lab) : "—", NULL);
	if (t->q->year) {
		const tcol cols[]
		    = {{"Indicateur", false, true}, {"Cible", false, false},
		        {"Valeur", false, true}, {"Réalisation", false, true}};
		ttab tt;
		clsi_tt_init(&tt, cols, 4);
		for (size_t i = 0; i < n; i++) {
			cls_buf_reset(lab);
			ind_label(lab, v[i].ind);
			row_cells(t, &v[i]);
			const char *cells[]
			    = {cls_buf_str(lab), cls_buf_str(&t->b),
			        cls_buf_str(&t->c), cls_buf_str(&t->d)};
			clsi_tt_row(&tt, cells);
		}
		fputc('\n', t->w.f);
		clsi_tt_print(&t->w, &tt, 4);
		clsi_tt_free(&tt);
		return;
	}
	const tcol cols[] = {{"Année", false, false}, {"Cible", false, false},
	    {"Valeur", false, true}, {"Réalisation", false, true}};
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].ind == v[i].ind)
			j++;
		fputc('\n', t->w.f);
		cls_buf_reset(lab);
		ind_label(lab, v[i].ind);
		clsi_tx_para(&t->w, "  ", 2, 2, cls_buf_str(lab));
		ttab tt;
		clsi_tt_init(&tt, cols, 4);
		for (size_t x = i; x < j; x++) {
			char y[16];
			snprintf(y, sizeof(y), "%d", v[x].year);
			row_cells(t, &v[x]);
			const char *cells[] = {y, cls_buf_str(&t->b),
			    cls_buf_str(&t->c), cls_buf_str(&t->d)};
			clsi_tt_row(&tt, cells);
		}
		clsi_tt_print(&t->w, &tt, 4);
		clsi_tt_free(&tt);
		i = j;
	}
}

static void text_listing(
    clsi_text *t, const ctr *k, const cls_indicator_row *v, size_t n)
{
	size_t nf = 0;
	for (size_t i = 0; i < n; i++)
		nf += i == 0 || v[i].fiche != v[i - 1].fiche;
	size_t ni = 0;
	for (size_t i = 0; i < n; i++)
		ni += i == 0 || v[i].ind != v[i - 1].ind;
	cls_buf count = {0};
	if (!k->defined)
		cls_buf_add(&count, NONE_DEFINED);
	else
		cls_buf_printf(&count, "%zu indicateur%s, %zu fiche%s", ni,
		    ni > 1 ? "s" : "", nf, nf > 1 ? "s" : "");
	text_title(t, k, "Listés", cls_buf_str(&count));
	t->w.oom |= count.oom;
	cls_buf_release(&count);
	if (!k->defined) {
		fputc('\n', t->w.f);
		clsi_tx_para(&t->w, "", 0, 0,
		    "Aucune fiche de ce contrat n'a "
		    "d'indicateur. " NONE_DEFINED_HOW);
	} else if (!n) {
		fputc('\n', t->w.f);
		clsi_tx_para(&t->w, "", 0, 0,
		    "Aucun indicateur ne correspond à la demande.");
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].fiche == v[i].fiche)
			j++;
		text_fiche(t, &v[i], j - i);
		i = j;
	}
}

/* A porteur and one of its rows, for the list grouped by porteur. */
typedef struct byp {
	const char *porteur; /* NULL: the fiche names none */
	size_t row;
} byp;

static int byp_cmp(const void *a, const void *b)
{
	const byp *x = a, *y = b;
	if (!x->porteur || !y->porteur) {
		if (x->porteur != y->porteur)
			return x->porteur ? -1 : 1;
	} else {
		int c = cls_name_order(x->porteur, y->porteur);
		if (c)
			return c;
	}
	return x->row < y->row ? -1 : x->row > y->row;
}

static bool same_porteur(const byp *x, const byp *y)
{
	return x->porteur == y->porteur
	    || (x->porteur && y->porteur
	        && strcmp(x->porteur, y->porteur) == 0);
}

/* One missing indicateur: "id — libellé (unité : u ; cible 2024 : 3 ;
 * source : s)". */
static void text_missing_ind(clsi_text *t, const cls_indicator_row *w)
{
	cls_buf *b = &t->b;
	cls_buf_reset(b);
	cls_buf_printf(
	    b, "%s — %s", w->ind->id, w->ind->libelle ? w->ind->libelle : "");
	const char *sep = " (";
	if (w->ind->unite && *w->ind->unite) {
		cls_buf_printf(b, "%sunité : %s", sep, w->ind->unite);
		sep = " ; ";
	}
	if (w->t.has_cible) {
		cls_buf_printf(b, "%scible %d : ", sep, w->year);
		clsi_fmt_cible(b, &w->t.cible, &clsi_seps_plain);
		sep = " ; ";
	}
	if (w->ind->sens == CLS_BAISSE) {
		cls_buf_printf(b, "%sà la baisse", sep);
		sep = " ; ";
	}
	if (w->ind->source && *w->ind->source) {
		cls_buf_printf(b, "%ssource : %s", sep, w->ind->source);
		sep = " ; ";
	}
	if (*sep == ' ' && sep[1] == ';')
		cls_buf_add(b, ")");
	clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(b));
}

/* Whether référent r of fiche f is a contact of its porteur p (NULL: the
 * fiche names none): r follows the fiche for p when the fiche has that
 * one porteur, or when r's structure is p, the names compared as those
 * of financeurs are (case, accents, punctuation, known sigles: "ARS" is
 * "Agence régionale de santé"). */
static bool contact_of(const cls_fiche *f, const cls_referent *r, const char *p)
{
	if (!p)
		return false;
	if (f->porteurs.count == 1)
		return true;
	return r->structure && cls_financeur_same(r->structure, p);
}

/* Whether référent r of fiche f is the contact of none of its porteurs:
 * then it is shown under the fiche, in every group of the fiche. */
static bool fiche_only(const cls_fiche *f, const cls_referent *r)
{
	for (size_t i = 0; i < f->porteurs.count; i++)
		if (contact_of(f, r, f->porteurs.items[i]))
			return false;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_person(const cls_referent *a, const cls_referent *b)
{
	return same_str(a->nom, b->nom) && same_str(a->courriel, b->courriel)
	    && same_str(a->telephone, b->telephone);
}

/* "Référent  Nom (fonction, structure) — courriel, téléphone", one line
 * per référent, the label on the first. */
static void referent_line(
    clsi_text *t, const cls_referent *r, size_t i, size_t n)
{
	cls_buf_reset(&t->c);
	clsi_fmt_referent(&t->c, r);
	clsi_tx_kv(&t->w, 2, 12,
	    i           ? ""
	        : n > 1 ? "Référents"
	                : "Référent",
	    cls_buf_str(&t->c), NULL);
}

/* Under a porteur's heading, whom to write to: the référents of its
 * fiches that follow them for that porteur, each once, in the order of
 * the fiches. */
static void group_contacts(clsi_text *t, const cls_indicator_row *v,
    const byp *g, size_t from, size_t to)
{
	const char *p = g[from].porteur;
	size_t cap = 0;
	for (size_t x = from; x < to; x++)
		cap += v[g[x].row].fiche->referent_count;
	if (!cap || !p)
		return;
	const cls_referent **r = malloc(cap * sizeof(*r));
	if (!r) {
		t->w.oom = true;
		return;
	}
	size_t n = 0;
	for (size_t x = from; x < to; x++) {
		const cls_fiche *f = v[g[x].row].fiche;
		if (x > from && f == v[g[x - 1].row].fiche)
			continue;
		for (size_t i = 0; i < f->referent_count; i++) {
			const cls_referent *re = &f->referents[i];
			size_t k = 0;
			if (!contact_of(f, re, p))
				continue;
			while (k < n && !same_person(r[k], re))
				k++;
			if (k == n)
				r[n++] = re;
		}
	}
	if (n)
		fputc('\n', t->w.f);
	for (size_t i = 0; i < n; i++)
		referent_line(t, r[i], i, n);
	free(r);
}

/* Under a fiche, the référents that follow it for none of its porteurs
 * in particular (a fiche of several porteurs, or of none). */
static void fiche_contacts(clsi_text *t, const cls_fiche *f)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < f->referent_count; i++)
		n += fiche_only(f, &f->referents[i]);
	for (size_t i = 0; i < f->referent_count; i++)
		if (fiche_only(f, &f->referents[i]))
			referent_line(t, &f->referents[i], k++, n);
}

static int text_missing(
    clsi_text *t, const ctr *k, const cls_indicator_row *v, size_t n)
{
	cls_buf *b = &t->a;
	size_t np = 0, nb = 0;
	for (size_t i = 0; i < n; i++)
		nb += v[i].fiche->porteurs.count ? v[i].fiche->porteurs.count
		                                 : 1;
	byp *g = calloc(nb ? nb : 1, sizeof(*g));
	if (!g)
		return -1;
	nb = 0;
	for (size_t i = 0; i < n; i++) {
		const cls_strlist *pl = &v[i].fiche->porteurs;
		for (size_t j = 0; j < (pl->count ? pl->count : 1); j++)
			g[nb++] = (byp){pl->count ? pl->items[j] : NULL, i};
	}
	clsi_sort(g, nb, sizeof(*g), byp_cmp);
	for (size_t i = 0; i < nb; i++)
		np += i == 0 || !same_porteur(&g[i], &g[i - 1]);
	cls_buf count = {0};
	if (n)
		cls_buf_printf(&count,
		    "%zu indicateur%s sans valeur, %zu porteur%s", n,
		    n > 1 ? "s" : "", np, np > 1 ? "s" : "");
	else if (!k->defined)
		cls_buf_add(&count, NONE_DEFINED);
	else
		cls_buf_add(&count, "aucun indicateur sans valeur");
	text_title(t, k, "À renseigner", cls_buf_str(&count));
	t->w.oom |= count.oom;
	cls_buf_release(&count);
	if (!k->defined) {
		fputc('\n', t->w.f);
		clsi_tx_para(&t->w, "", 0, 0,
		    "Aucune fiche de ce contrat n'a d'indicateur : il n'y a "
		    "donc aucune valeur à demander aux "
		    "porteurs. " NONE_DEFINED_HOW);
	}
	for (size_t i = 0; i < nb;) {
		size_t j = i + 1;
		while (j < nb && same_porteur(&g[j], &g[i]))
			j++;
		fputc('\n', t->w.f);
		clsi_tx_rule(&t->w, '-', NULL);
		cls_buf_reset(b);
		cls_buf_printf(b, "%s — %zu indicateur%s à renseigner",
		    g[i].porteur ? g[i].porteur : "Fiches sans porteur", j - i,
		    j - i > 1 ? "s" : "");
		clsi_tx_para_c(&t->w, TX_BOLD, "", 0, 0, cls_buf_str(b));
		clsi_tx_rule(&t->w, '-', NULL);
		group_contacts(t, v, g, i, j);
		for (size_t x = i; x < j; x++) {
			const cls_indicator_row *w = &v[g[x].row];
			if (x == i || w->fiche != v[g[x - 1].row].fiche) {
				const cls_fiche *f = w->fiche;
				fputc('\n', t->w.f);
				cls_buf_reset(b);
				cls_buf_printf(
				    b, "Fiche %s — ", f->id ? f->id : "?");
				size_t pw = 2 + clsi_u8_width(cls_buf_str(b));
				cls_buf_reset(&t->c);
				cls_buf_printf(&t->c, "%s (%s)",
				    f->titre ? f->titre : "(sans titre)",
				    f->file ? f->file : "");
				cls_buf_reset(&t->d);
				cls_buf_printf(&t->d, "  %s", cls_buf_str(b));
				clsi_tx_para_c(&t->w, TX_BOLD,
				    cls_buf_str(&t->d), pw, pw,
				    cls_buf_str(&t->c));
				if (f->porteurs.count > 1) {
					cls_buf_reset(b);
					join(b, &f->porteurs, ", ");
					clsi_tx_kv(&t->w, 2, 12, "Porteurs",
					    cls_buf_str(b), NULL);
				}
				fiche_contacts(t, f);
			}
			text_missing_ind(t, w);
		}
		i = j;
	}
	free(g);
	return 0;
}

int clsi_indicators_text(cls_writer *w, const cls_contract *c,
    const char *dossier, const cls_indicator_rows *rows)
{
	ctr k = {cls_contract_plan(c), dossier,
	    cls_contract_count(c, CLS_ERROR), rows->defined};
	if (!w->q->missing) {
		text_listing(&w->t, &k, rows->rows, rows->n);
		return 0;
	}
	return text_missing(&w->t, &k, rows->rows, rows->n);
}
