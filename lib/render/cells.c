/*
 * tables-csv.c - the four tables of cls export as CSV: their columns
 * (cls-export(1), TABLES) and the cells of each row.  Which rows a table
 * has is the query's (lib/query/tables.c); how a cell is written is
 * csv.c's.
 */
#include "render.h"

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

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void clsi_table_csv_header(cls_writer *w)
{
	switch (w->tq->table) {
	case CLS_TABLE_FICHES:
		clsi_csv_header(&w->csv, fiches_cols, COUNT(fiches_cols));
		break;
	case CLS_TABLE_INDICATEURS:
		clsi_csv_header(&w->csv, clsi_csv_indicateur_cols,
		    clsi_csv_indicateur_ncols);
		break;
	case CLS_TABLE_FINANCEMENTS:
		clsi_csv_header(
		    &w->csv, financements_cols, COUNT(financements_cols));
		break;
	case CLS_TABLE_SUIVI:
		clsi_csv_header(&w->csv, suivi_cols, COUNT(suivi_cols));
		break;
	}
}

static void strlist(clsi_csv *w, const cls_strlist *l)
{
	clsi_csv_list(w, l->items, l->count);
}

/* The first cells of every row. */
static void fiche_start(clsi_csv *w, const char *nom, const cls_fiche *f)
{
	clsi_csv_text(w, nom);
	clsi_csv_text(w, f->axe);
	clsi_csv_text(w, f->objectif);
	clsi_csv_text(w, f->id);
	clsi_csv_text(w, f->titre);
}

static void year_cell(clsi_csv *w, int y)
{
	clsi_csv_opt_number(w, y, y);
}

static void suivi_cells(clsi_csv *w, const cls_suivi *s)
{
	clsi_csv_text(w, s ? cls_statut_key(s->statut) : NULL);
	clsi_csv_opt_number(w, s && s->has_avancement, s ? s->avancement : 0);
	clsi_csv_opt_number(w, s && s->has_depenses, s ? s->depenses : 0);
}

static void fiches_row(clsi_csv *w, const char *nom, const cls_table_row *r)
{
	const cls_fiche *f = r->fiche;
	fiche_start(w, nom, f);
	strlist(w, &f->porteurs);
	strlist(w, &f->partenaires);
	strlist(w, &f->public_);
	strlist(w, &f->themes);
	year_cell(w, f->first_year);
	year_cell(w, f->last_year);
	clsi_csv_text(w, f->cal_debut);
	clsi_csv_text(w, f->cal_fin);
	clsi_csv_text(w, f->cal_detail);
	clsi_csv_text(w, f->budget);
	clsi_csv_list(w, r->financeurs, r->nfinanceurs);
	clsi_csv_opt_number(w, r->has_montant, r->montant);
	year_cell(w, r->year);
	suivi_cells(w, r->suivi);
	clsi_csv_text(w, f->contexte);
	strlist(w, &f->objectifs);
	clsi_csv_text(w, f->description);
	strlist(w, &f->facilitateurs);
	strlist(w, &f->freins);
	clsi_csv_text(w, f->file);
	clsi_csv_end_row(w);
}

static void financements_row(
    clsi_csv *w, const char *nom, const cls_table_row *r)
{
	const cls_financement *fin = r->fin;
	const cls_financeur *e = fin->ref;
	fiche_start(w, nom, r->fiche);
	/* the financeur as the directory (or the group) names it, so that a
	 * sum by financeur counts each once; as the fiche writes it last */
	clsi_csv_text(w, e && e->nom ? e->nom : fin->financeur);
	year_cell(w, fin->annee);
	clsi_csv_opt_number(w, fin->has_montant, fin->montant);
	clsi_csv_text(w, cls_fin_statut_key(fin->statut));
	clsi_csv_text(w, fin->note);
	clsi_csv_text(w, e ? e->sigle : NULL);
	clsi_csv_text(w, fin->financeur);
	clsi_csv_end_row(w);
}

static void suivi_row(clsi_csv *w, const char *nom, const cls_table_row *r)
{
	const cls_suivi *s = r->suivi;
	fiche_start(w, nom, r->fiche);
	strlist(w, &r->fiche->porteurs);
	clsi_csv_number(w, r->year);
	suivi_cells(w, s);
	clsi_csv_text(w, s ? s->commentaire : NULL);
	if (s)
		strlist(w, &s->jalons);
	else
		clsi_csv_empty(w);
	clsi_csv_end_row(w);
}

void clsi_table_csv_rows(
    cls_writer *w, const cls_plan *p, const cls_table_rows *rows)
{
	for (size_t i = 0; i < rows->n && !w->csv.oom; i++) {
		const cls_table_row *r = &rows->rows[i];
		switch (w->tq->table) {
		case CLS_TABLE_FICHES:
			fiches_row(&w->csv, p->nom, r);
			break;
		case CLS_TABLE_INDICATEURS:
			clsi_csv_indicateur_row(
			    &w->csv, p->nom, r->fiche, r->ind, r->year, &r->t);
			break;
		case CLS_TABLE_FINANCEMENTS:
			financements_row(&w->csv, p->nom, r);
			break;
		case CLS_TABLE_SUIVI:
			suivi_row(&w->csv, p->nom, r);
			break;
		}
	}
}
