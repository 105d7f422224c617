/*
 * table.h - text for the terminal in 80 columns, counted in characters
 * (not bytes): wrapped paragraphs with a hanging indent, "label  value"
 * lines, rules with a title, and aligned tables that shrink their widest
 * columns to fit.  Used by the text report and by cls indicators.
 */
#ifndef CLS_TABLE_H
#define CLS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TX_WIDTH 80
#define TX_BOLD "\033[1m"
#define TX_RESET "\033[0m"

/* Where text goes: the stream, whether to colour it, and whether an
 * allocation failed (the output is then incomplete: discard it). */
typedef struct txw {
	FILE *f;
	bool color;
	bool oom;
} txw;

/* A list of strings, each owned (free with strv_free()). */
typedef struct strv {
	char **v;
	size_t n;
} strv;

void strv_free(strv *s);
/* Appends a copy of the n bytes at p; returns 0, or -1 when out of memory. */
int strv_push(strv *s, const char *p, size_t n);

/* Splits s into lines of at most width characters, breaking at spaces; a
 * word longer than a line is cut.  Line breaks written in s are kept, runs
 * of blanks collapse, trailing line breaks are dropped.  Returns 0, or -1
 * when out of memory. */
int tx_wrap(const char *s, size_t width, strv *out);

/* Writes n spaces. */
void tx_spaces(FILE *f, size_t n);

/* Writes text wrapped to TX_WIDTH: the first line after `first` (already
 * counted as first_w characters), the others indented by `indent`; in
 * color (an escape sequence, or NULL) when t->color. */
void tx_para_c(txw *t, const char *color, const char *first, size_t first_w,
    size_t indent, const char *text);
void tx_para(
    txw *t, const char *first, size_t first_w, size_t indent, const char *text);
/* "Label         value", the label in lw columns after indent, the value
 * wrapped under itself (in color when t->color). */
void tx_kv(txw *t, size_t indent, size_t lw, const char *label,
    const char *value, const char *color);
/* "== TITLE ====...": a rule of TX_WIDTH characters c, with a title in it
 * (or none: NULL). */
void tx_rule(txw *t, char c, const char *title);
/* A line in bold after indent spaces. */
void tx_heading(txw *t, size_t indent, const char *s);

/* A column of a table. */
typedef struct tcol {
	const char *head;
	bool right; /* numbers */
	bool wrap; /* the columns to narrow first */
} tcol;

/* A table of at most 8 columns, filled row by row then printed. */
typedef struct ttab {
	size_t ncol;
	const tcol *cols;
	char **cells; /* nrows * ncol; a SPAN row's text is its first cell */
	int *kind;
	size_t nrows;
	bool oom;
} ttab;

void tt_init(ttab *t, const tcol *cols, size_t ncol);
void tt_free(ttab *t);
/* A row of ncol cells (copied; NULL cells are empty). */
void tt_row(ttab *t, const char *const *cells);
/* A line of text under the previous row, across the table. */
void tt_span(ttab *t, const char *text);
/* A rule of dashes under each column (before a total). */
void tt_rule(ttab *t);
/* Prints the table after indent spaces: the header in bold, a rule, the
 * rows; columns narrowed (wrapping their cells) to fit in TX_WIDTH. */
void tt_print(txw *tw_, ttab *t, size_t indent);

#endif
