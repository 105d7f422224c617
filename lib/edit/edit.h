/* SPDX-License-Identifier: MIT */
/*
 * edit.h - the text editing under cls_edit_values() (edit.c), for the
 * fuzzers and the unit tests.  Internal.
 */
#ifndef CLS_EDIT_H
#define CLS_EDIT_H

#include "../model/model.h"

/* ---------------------------------------------------------- editing text */

/* In buf, the text of a fiche file (a BOM is kept), sets the valeur of year
 * of the indicateur whose id is ind to val, a YAML scalar as written
 * (clsi_edit_number(), clsi_edit_text()), touching nothing else (see edit.c).
 * Appends the whole new text to out and returns 0, or returns -1 with why
 * filled. */
int clsi_edit_valeur(const char *buf, size_t len, const char *ind, int year,
    const char *val, cls_buf *out, char *why, size_t whysz);
/* A number as a YAML scalar: the shortest text that reads back as x. */
void clsi_edit_number(double x, char *out, size_t n);
/* A text as a YAML scalar: plain when it reads back as that same text in
 * any context, else double-quoted. */
void clsi_edit_text(const char *s, cls_buf *out);

#endif /* CLS_EDIT_H */
