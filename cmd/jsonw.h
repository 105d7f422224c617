/*
 * jsonw.h - a small JSON pretty-printer shared by the commands that write
 * JSON documents (cls report, cls indicators): two spaces per level, like
 * python -m json.tool; numbers in the shortest "%.15g" form; null for what
 * is unknown.
 */
#ifndef CLS_JSONW_H
#define CLS_JSONW_H

#include "cmd.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct jw {
	FILE *f;
	int depth;
	bool first[40];
} jw;

/* Before a value in an array: the comma and the indent. */
void jw_sep(jw *j);
/* Opens ('{' or '[') and closes ('}' or ']') an object or array. */
void jw_open(jw *j, char c);
void jw_close(jw *j, char c);
/* "key": , then the caller writes the value. */
void jw_key(jw *j, const char *k);
/* "key": "text", or null when s is NULL. */
void jw_str(jw *j, const char *k, const char *s);
/* "key": an array of the texts of l. */
void jw_strlist(jw *j, const char *k, const cls_strlist *l);
/* "key": number, or null when !has. */
void jw_num(jw *j, const char *k, bool has, double x);
void jw_count(jw *j, const char *k, size_t n);
/* "key": true / false, or null when b < 0. */
void jw_bool(jw *j, const char *k, int b);

/* "cible" (a number, {"min", "max"} or null), "valeur" (a number, a text
 * or null), "taux" (rounded to one decimal, or null) and "atteint" (true,
 * false or null): an indicateur in a year, as cls report and cls
 * indicators write it. */
void jw_taux(jw *j, const cls_taux *t);

#endif
