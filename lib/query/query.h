/*
 * query.h - what is asked of a loaded model (lib/query/): the report of
 * contracts over years (report.c), the listing of cls indicators
 * (indicators.c), the tables of cls export (tables.c) and which contracts
 * hold the year asked for (cover.c).  Internal.
 */
#ifndef CLS_QUERY_H
#define CLS_QUERY_H

#include "../model/model.h"

/* Computes the figures of year from the loaded contract c (borrowed: it
 * must outlive r).  Returns 0, or -1 when out of memory; either way release
 * r with clsi_report_year_free(). */
int clsi_report_year_build(cls_report_year *r, const cls_contract *c, int year);
void clsi_report_year_free(cls_report_year *r);

#endif /* CLS_QUERY_H */
