/* SPDX-License-Identifier: MIT */
/*
 * query.h - what is asked of a loaded model (lib/query/): the report of
 * contracts over years: the figures of a year (report.c), over years and
 * contracts (span.c), the report object (review.c); the listing of cls
 * indicators (indicators.c), the tables of cls export (tables.c) and which
 * contracts hold the year asked for (cover.c).  Internal.
 */
#ifndef CLS_QUERY_H
#define CLS_QUERY_H

#include "../model/model.h"

/* Computes the figures of year from the loaded contract c (borrowed: it
 * must outlive r).  Returns 0, or -1 when out of memory; either way release
 * r with clsi_report_year_free(). */
int clsi_report_year_build(cls_report_year *r, const cls_contract *c, int year);
void clsi_report_year_free(cls_report_year *r);
/* The same, taking the money of the whole contract (fin_contrat, the
 * same every year) from like, a year of the same contract built already:
 * the evaluation builds five years, and sorting every financement five
 * times was most of it. */
int clsi_report_year_build_like(cls_report_year *r, const cls_contract *c,
    int year, const cls_report_year *like);

/* The year of a calendar date "2024", "2024-06" or "2024-06-15", or 0. */
int clsi_date_year(const char *d);

/* span.c: each fiche's trajectory over years[0..nyears) (one contract's
 * figures of consecutive years, which must outlive s).  Returns 0, or -1
 * when out of memory; either way release s with clsi_span_free(). */
int clsi_span_build(
    cls_report_span *s, const cls_report_year *years, size_t nyears);
void clsi_span_free(cls_report_span *s);

/* Fills k with what a report keeps of contract c (labelled label), every
 * string and array copied into a: its figures over the span s (NULL: the
 * contract is not covered, only who it is is kept), whose years run from
 * from over nyears.  Returns 0, or -1 when out of memory. */
int clsi_contract_keep(arena *a, cls_report_contract *k, const cls_contract *c,
    const char *label, const cls_report_span *s, size_t nyears, int from);

/* A theme of the synthesis as it is gathered. */
typedef struct clsi_theme {
	const char *theme;
	size_t fiches, contrats;
	size_t contract, fiche; /* the last contract and fiche counted */
} clsi_theme;

/* The sums of a synthesis, gathered contract by contract. */
typedef struct clsi_region {
	cls_report_region pub;
	arena *a; /* the report's: names are copied there */
	size_t nyears;
	clsi_theme *tv; /* sorted by cls_name_cmp() */
	size_t ntv;
} clsi_region;

/* Returns 0, or -1 when out of memory (then release g all the same). */
int clsi_region_init(clsi_region *g, arena *a, size_t nyears);
void clsi_region_release(clsi_region *g);
/* Adds the contract k (the index-th, whose model is p, or NULL when it
 * has none) to the sums.  Returns 0, or -1 when out of memory. */
int clsi_region_add(clsi_region *g, const cls_report_contract *k,
    const cls_plan *p, size_t index);

/* The lists of contracts the synthesis names, one rule each, for the year
 * of index y of the span (ignored by the first two): a contract whose
 * periode misses the span ("hors période", counted in no figure), one
 * with validation errors, and one covered that has no suivi at all in
 * year y. */
bool clsi_contract_hors(const cls_report_contract *k, size_t y);
bool clsi_contract_invalide(const cls_report_contract *k, size_t y);
bool clsi_contract_sans_suivi(const cls_report_contract *k, size_t y);

#endif /* CLS_QUERY_H */
