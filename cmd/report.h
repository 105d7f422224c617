/*
 * report.h - "cls report": the figures of the annual review (bilan annuel),
 * computed once from the contract by report.c, and the four writers that
 * show them (report-text.c, report-markdown.c, report-html.c,
 * report-json.c).  The rules for every figure are in cls-report(1).
 */
#ifndef CLS_REPORT_H
#define CLS_REPORT_H

#include "cmd.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ------------------------------------------------------------- figures */

/* One indicateur of a fiche, seen in the year reviewed. */
typedef struct rep_ind {
	const cls_indicateur *ind;
	cls_taux t; /* target, value, rate for the year */
	bool numeric; /* t.valeur is a number */
} rep_ind;

/* One fiche in the year reviewed. */
typedef struct rep_fiche {
	const cls_fiche *f;
	const cls_suivi *suivi; /* the year's suivi, or NULL */
	cls_statut statut; /* CLS_STATUT_NONE without suivi */
	bool runs; /* the year lies in the fiche's years */
	rep_ind *inds;
	size_t nind;
	size_t nqual; /* indicateurs whose value is a text */
	const cls_financement **fins; /* annee == year, then annee 0 */
	size_t nfin;
} rep_fiche;

typedef struct rep_objectif {
	const cls_objectif *obj;
	rep_fiche **fiches;
	size_t n;
} rep_objectif;

typedef struct rep_axe {
	const cls_axe *axe;
	rep_fiche **fiches; /* those that name no objectif */
	size_t n;
	rep_objectif *objs; /* sorted by id */
	size_t nobj;
	size_t total; /* every fiche of the axe */
} rep_axe;

/* Money of one financeur: the sum of the known montants, and how many
 * financements had none. */
typedef struct rep_money {
	const char *financeur;
	double montant;
	size_t known, unknown;
	size_t seq; /* while gathering: the financement's rank */
} rep_money;

typedef struct rep_missing_ind {
	const rep_fiche *rf;
	const rep_ind *ri;
} rep_missing_ind;

typedef struct report {
	const cls_plan *plan;
	int year;
	size_t errors, warnings;
	const cls_diag *diags;
	size_t ndiags;

	rep_fiche *fiches; /* in the order of plan->fiches */
	size_t nfiches;
	rep_axe *axes; /* sorted by id */
	size_t naxes;
	rep_fiche **hors_axe;
	size_t nhors;

	size_t par_statut[CLS_STATUT_COUNT];
	size_t hors_calendrier; /* fiches whose years leave out the year */
	size_t avec_cible, evalues, atteints, sans_valeur;
	bool has_part;
	double part; /* atteints / evalues, percent */

	rep_money *fin_annee; /* sorted by financeur (see cls_name_order) */
	size_t nfin_annee;
	double total_annee;
	size_t unknown_annee; /* financements of the year without montant */
	size_t known_annee; /* and with one */
	rep_money *fin_contrat; /* every financement, every year */
	size_t nfin_contrat;
	double total_contrat;
	size_t unknown_contrat;
	size_t known_contrat;
	double depenses; /* sum of the year's suivi depenses */
	size_t depenses_n; /* fiches that gave their depenses */

	rep_fiche **sans_suivi;
	size_t nsans_suivi;
	rep_missing_ind *sans_valeur_list;
	size_t nsans_valeur_list;
} report;

/* The statuts in the order reports list them (NONE last). */
extern const cls_statut rep_statut_order[CLS_STATUT_COUNT];

/* The French label of a financement statut: "prévu", "versé"... */
const char *rep_fin_statut_label(cls_fin_statut s);

/* ------------------------------------------------ French number writing */

/* Separators for French numbers: between thousands and before a unit
 * ("18 000 €", "83 %").  Text and markdown use plain spaces; HTML uses
 * U+202F and U+00A0 so a figure never breaks across lines. */
typedef struct rep_seps {
	const char *group;
	const char *unit;
} rep_seps;
extern const rep_seps rep_plain, rep_html;

/* "18 000 €", "18 000,50 €": cents only when not whole. */
void rep_money_fmt(cls_buf *b, double x, const rep_seps *s);
/* "1 234", "12,5", "0,25": up to 2 decimals, trailing zeros dropped. */
void rep_num_fmt(cls_buf *b, double x, const rep_seps *s);
/* A percent rounded to a whole number: "83 %". */
void rep_pct_fmt(cls_buf *b, double x, const rep_seps *s);
/* A target: "6", "≥ 1", "≤ 10", "2 à 3". */
void rep_cible_fmt(cls_buf *b, const cls_target *t, const rep_seps *s);
/* The value with its unit: "3 réunions", "83 %", or the text. */
void rep_valeur_fmt(cls_buf *b, const rep_ind *ri, const rep_seps *s);
/* The result of an indicateur: "atteint (120 %)", "non atteint (83 %)",
 * "atteint", "sans valeur", or "" when it has no target. */
void rep_result_fmt(cls_buf *b, const rep_ind *ri, const rep_seps *s);
/* A total of money: the amount, or "non précisé" when only financements
 * without montant make it up. */
void rep_total_fmt(
    cls_buf *b, double total, size_t known, size_t unknown, const rep_seps *s);
/* The warning that heads a report on invalid data, after "Attention :". */
void rep_invalid_fmt(cls_buf *b, const report *r);
/* The financeur's row in v[0..n), sorted as rep_build() leaves it, or NULL
 * (the year's money of a financeur listed over the whole contract). */
const rep_money *rep_money_find(
    const rep_money *v, size_t n, const char *financeur);
/* The note under the money table when financements have no montant:
 * "Montant non précisé pour 3 financements (dont 1 en 2024) : ...". */
void rep_unknown_fmt(cls_buf *b, const report *r);
/* The sentence on the money spent in the year, the amount between em and
 * unem ("<strong>", "**"); all its text is plain, no escaping needed. */
void rep_depenses_fmt(cls_buf *b, const report *r, const rep_seps *s,
    const char *em, const char *unem);
/* The montant of a financement, or "non précisé" when it has none. */
void rep_fin_montant_fmt(
    cls_buf *b, const cls_financement *fin, const rep_seps *s);

/* A number rounded half away from zero to the given decimals. */
double rep_round(double x, int decimals);
/* JSON: a number in the shortest "%.15g" form ("18000", "0.5"). */
void rep_json_num(FILE *f, double x);

/* The number of characters (code points) of UTF-8 text. */
size_t rep_u8_width(const char *s);
/* The byte length of the first n characters of s (or all of s). */
size_t rep_u8_prefix(const char *s, size_t n);

/* Computes the figures of year from the loaded contract c (borrowed: it
 * must outlive r).  Returns 0, or -1 when out of memory; either way release
 * r with rep_free(). */
int rep_build(report *r, const cls_contract *c, int year);
void rep_free(report *r);

/* ---------------------------------------------------------- the writers */

/* Each writes the whole report to f and returns 0, or -1 when out of
 * memory (the caller then discards what was written). */
int rep_write_text(FILE *f, const report *r, bool color);
int rep_write_markdown(FILE *f, const report *r);
int rep_write_html(FILE *f, const report *r);
int rep_write_json(FILE *f, const report *r);

#endif
