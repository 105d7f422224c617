/* SPDX-License-Identifier: MIT */
/*
 * cells.c - the one description of the tables that cls export and cls
 * indicators write: their columns (cls-export(1), TABLES) and the cells
 * of each row, each given its type once (text, number, year, money,
 * percent; a list is one text), whatever the writer: the CSV writer
 * (csv.c) and the sheet writer (sheet.c) both take them through a
 * clsi_sink.  Which rows a table has is the query's (lib/query/tables.c,
 * indicators.c).
 */
#include "render.h"

#include <math.h>
#include <string.h>

/* The columns every table starts with: the contract (so exports of several
 * contracts can be concatenated) and where the fiche sits in it. */
#define FICHE_COLS "contrat", "axe", "objectif", "fiche", "titre"

static const char *const fiches_cols[] = {FICHE_COLS, "porteurs", "partenaires",
    "public", "themes", "annee_debut", "annee_fin", "calendrier_debut",
    "calendrier_fin", "calendrier", "budget", "financeurs", "montant",
    "suivi_annee", "statut", "avancement", "depenses", "contexte", "objectifs",
    "description", "facilitateurs", "freins", "fichier"};
static const char *const financements_cols[] = {FICHE_COLS, "financeur",
    "annee", "montant", "statut", "note", "financeur_sigle", "financeur_ecrit"};
static const char *const suivi_cols[] = {FICHE_COLS, "porteurs", "annee",
    "statut", "avancement", "depenses", "commentaire", "jalons"};
static const char *const indicateur_cols[] = {FICHE_COLS, "porteurs",
    "indicateur", "libelle", "type", "unite", "sens", "source", "annee",
    "cible", "cible_min", "cible_max", "valeur", "atteint", "taux",
    "base_annee", "base_valeur", "cible_totale", "referents"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- cells */

/* A text cell; NULL is an empty one. */
static void text(clsi_sink *s, const char *t)
{
	if (t)
		s->text(s, t, strlen(t));
	else
		s->empty(s);
}

/* A number of kind k when has, else an empty cell. */
static void number(clsi_sink *s, clsi_kind k, bool has, double x)
{
	if (has && isfinite(x))
		s->number(s, k, x);
	else
		s->empty(s);
}

/* A year, or an empty cell for 0. */
static void year(clsi_sink *s, int y)
{
	number(s, CLSI_YEAR, y != 0, y);
}

/* A value: a number stays a number (so a spreadsheet sums the column), a
 * text (qualitative) is a text, which sums skip. */
static void value(clsi_sink *s, const cls_value *v)
{
	if (!v)
		s->empty(s);
	else if (v->is_text)
		text(s, v->text);
	else
		number(s, CLSI_NUMBER, true, v->number);
}

/* The n items of a list, one text cell: joined by " ; ". */
static void list(clsi_sink *s, const char *const *items, size_t n)
{
	if (!n) {
		s->empty(s);
		return;
	}
	cls_buf *b = &s->join;
	cls_buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			cls_buf_add(b, " ; ");
		cls_buf_add(b, items[i]);
	}
	if (b->oom)
		s->oom = true;
	s->text(s, cls_buf_str(b), b->len);
}

static void strlist(clsi_sink *s, const cls_strlist *l)
{
	list(s, l->items, l->count);
}

/* The référents of a fiche, one text cell: each "nom (fonction,
 * structure) — courriel, téléphone", joined by " ; ". */
static void referents(clsi_sink *s, const cls_fiche *f)
{
	if (!f->referent_count) {
		s->empty(s);
		return;
	}
	cls_buf *b = &s->join;
	cls_buf_reset(b);
	for (size_t i = 0; i < f->referent_count; i++) {
		if (i)
			cls_buf_add(b, " ; ");
		clsi_fmt_referent(b, &f->referents[i]);
	}
	if (b->oom)
		s->oom = true;
	s->text(s, cls_buf_str(b), b->len);
}

/* The first cells of every row. */
static void fiche_start(clsi_sink *s, const char *nom, const cls_fiche *f)
{
	text(s, nom);
	text(s, f->axe);
	text(s, f->objectif);
	text(s, f->id);
	text(s, f->titre);
}

static void suivi_cells(clsi_sink *s, const cls_suivi *v)
{
	text(s, v ? cls_statut_key(v->statut) : NULL);
	number(s, CLSI_PERCENT, v && v->has_avancement, v ? v->avancement : 0);
	number(s, CLSI_MONEY, v && v->has_depenses, v ? v->depenses : 0);
}

/* ----------------------------------------------------------------- rows */

static void fiches_row(clsi_sink *s, const char *nom, const cls_table_row *r)
{
	const cls_fiche *f = r->fiche;
	fiche_start(s, nom, f);
	strlist(s, &f->porteurs);
	strlist(s, &f->partenaires);
	strlist(s, &f->public_);
	strlist(s, &f->themes);
	year(s, f->first_year);
	year(s, f->last_year);
	text(s, f->cal_debut);
	text(s, f->cal_fin);
	text(s, f->cal_detail);
	text(s, f->budget);
	list(s, r->financeurs, r->nfinanceurs);
	number(s, CLSI_MONEY, r->has_montant, r->montant);
	year(s, r->year);
	suivi_cells(s, r->suivi);
	text(s, f->contexte);
	strlist(s, &f->objectifs);
	text(s, f->description);
	strlist(s, &f->facilitateurs);
	strlist(s, &f->freins);
	text(s, f->file);
	s->end_row(s);
}

static void financements_row(
    clsi_sink *s, const char *nom, const cls_table_row *r)
{
	const cls_financement *fin = r->fin;
	const cls_financeur *e = fin->ref;
	fiche_start(s, nom, r->fiche);
	/* the financeur as the directory (or the group) names it, so that a
	 * sum by financeur counts each once; as the fiche writes it last */
	text(s, e && e->nom ? e->nom : fin->financeur);
	year(s, fin->annee);
	number(s, CLSI_MONEY, fin->has_montant, fin->montant);
	text(s, cls_fin_statut_key(fin->statut));
	text(s, fin->note);
	text(s, e ? e->sigle : NULL);
	text(s, fin->financeur);
	s->end_row(s);
}

static void suivi_row(clsi_sink *s, const char *nom, const cls_table_row *r)
{
	const cls_suivi *v = r->suivi;
	fiche_start(s, nom, r->fiche);
	strlist(s, &r->fiche->porteurs);
	year(s, r->year);
	suivi_cells(s, v);
	text(s, v ? v->commentaire : NULL);
	if (v)
		strlist(s, &v->jalons);
	else
		s->empty(s);
	s->end_row(s);
}

static void indicateur_row(clsi_sink *s, const char *contrat,
    const cls_fiche *f, const cls_indicateur *ind, int y, const cls_taux *t)
{
	const cls_target *c = &t->cible;
	bool one = t->has_cible && !c->is_range;
	bool range = t->has_cible && c->is_range;
	fiche_start(s, contrat, f);
	strlist(s, &f->porteurs);
	text(s, ind->id);
	text(s, ind->libelle);
	text(s, cls_ind_type_key(ind->type));
	text(s, ind->unite);
	text(s, cls_sens_key(ind->sens));
	text(s, ind->source);
	year(s, y);
	/* A single number goes in cible, a range in its bounds. */
	number(s, CLSI_NUMBER, one, c->min);
	number(s, CLSI_NUMBER, range && c->has_min, c->min);
	number(s, CLSI_NUMBER, range && c->has_max, c->max);
	value(s, t->valeur);
	text(s, t->atteint < 0 ? NULL : t->atteint ? "oui" : "non");
	number(s, CLSI_PERCENT, t->has_taux, round(t->taux * 10) / 10);
	/* the columns added since: the baseline, the target over the
	 * contract, whom to ask */
	number(s, CLSI_YEAR, ind->has_base, ind->base_annee);
	value(s, ind->has_base ? &ind->base_valeur : NULL);
	number(s, CLSI_NUMBER, ind->has_cible_totale, ind->cible_totale);
	referents(s, f);
	s->end_row(s);
}

/* ----------------------------------------------------------- the tables */

void clsi_cells_table_head(clsi_sink *s, cls_table t)
{
	switch (t) {
	case CLS_TABLE_FICHES:
		s->head(s, fiches_cols, COUNT(fiches_cols));
		break;
	case CLS_TABLE_INDICATEURS:
		clsi_cells_indicateur_head(s);
		break;
	case CLS_TABLE_FINANCEMENTS:
		s->head(s, financements_cols, COUNT(financements_cols));
		break;
	case CLS_TABLE_SUIVI:
		s->head(s, suivi_cols, COUNT(suivi_cols));
		break;
	}
}

void clsi_cells_table_rows(
    clsi_sink *s, cls_table t, const cls_plan *p, const cls_table_rows *rows)
{
	for (size_t i = 0; i < rows->n && !s->oom; i++) {
		const cls_table_row *r = &rows->rows[i];
		switch (t) {
		case CLS_TABLE_FICHES:
			fiches_row(s, p->nom, r);
			break;
		case CLS_TABLE_INDICATEURS:
			indicateur_row(
			    s, p->nom, r->fiche, r->ind, r->year, &r->t);
			break;
		case CLS_TABLE_FINANCEMENTS:
			financements_row(s, p->nom, r);
			break;
		case CLS_TABLE_SUIVI:
			suivi_row(s, p->nom, r);
			break;
		}
	}
}

void clsi_cells_indicateur_head(clsi_sink *s)
{
	s->head(s, indicateur_cols, COUNT(indicateur_cols));
}

void clsi_cells_indicateur_row(
    clsi_sink *s, const char *contrat, const cls_indicator_row *r)
{
	indicateur_row(s, contrat, r->fiche, r->ind, r->year, &r->t);
}
