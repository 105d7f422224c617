/* SPDX-License-Identifier: MIT */
/*
 * csv.c - the one CSV writer of libcls and of the cls program (cls export,
 * cls indicators --format=csv): dialects, and the cells that cells.c
 * gives (a clsi_sink) written through libcsv (quoting is libcsv's, never
 * built here); every type of cell is a number here but text.  What a file looks
 * like is in cls-export(1), CSV:
 *   - the default dialect: RFC 4180 fields, comma separator, "." decimals,
 *     UTF-8 without BOM, rows ended by LF (RFC 4180 says CRLF; LF is what
 *     shell tools and diff expect, and every CSV reader accepts it);
 *   - the French Excel preset: ";" separator, UTF-8 BOM, CRLF, decimal
 *     comma, no "sep=" line;
 *   - text cells are always quoted, by libcsv's csv_write2() (quotes
 *     doubled, CR and LF kept inside the quotes: multi-line text survives);
 *   - numbers are bare: the shortest decimal that reads back as the same
 *     double, never in exponent notation for ordinary amounts, with the
 *     dialect's decimal char; a number is quoted only when that char is the
 *     separator (decimal comma with --sep=,);
 *   - formula injection is neutralised: a text cell that a spreadsheet
 *     could run as a formula (cls_csv_neutralised()) gets a leading "'" so
 *     that it shows as text.  Numbers are never prefixed: -12.5 stays a
 *     number.  (Cells are C strings, so a NUL cannot begin or occur in
 *     one.)
 */
#include "render.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

cls_csv_dialect cls_csv_dialect_preset(bool excel)
{
	static const cls_csv_dialect rfc4180 = {',', '.', false, false};
	static const cls_csv_dialect excel_fr = {';', ',', true, true};
	return excel ? excel_fr : rfc4180;
}

/* The separator before every cell but the first of a row. */
static void next_cell(clsi_csv *w)
{
	if (w->col++)
		putc(w->d.sep, w->f);
}

/* Whether a spreadsheet could run the n bytes of s as a formula (see
 * cls_csv_neutralised(), and cls-export(1) for what was checked). */
static bool risky(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	if (n && (p[0] == '\t' || p[0] == '\r' || p[0] == '\n'))
		return true;
	/* blanks that a reader may trim before it evaluates */
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '=' || p[i] == '+' || p[i] == '-' || p[i] == '@'))
		return true;
	/* the full-width U+FF0B, U+FF0D, U+FF1D, U+FF20 in UTF-8 */
	return n - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBC
	    && (p[i + 2] == 0x8B || p[i + 2] == 0x8D || p[i + 2] == 0x9D
	        || p[i + 2] == 0xA0);
}

bool cls_csv_neutralised(const char *s)
{
	return risky(s, strlen(s));
}

/* Room for n bytes in the buffer *buf of *cap bytes. */
static bool grow(clsi_csv *w, char **buf, size_t *cap, size_t n)
{
	if (n <= *cap)
		return true;
	size_t c = *cap ? *cap : 256;
	while (c < n)
		c *= 2;
	char *p = realloc(*buf, c);
	if (!p) {
		w->oom = true;
		return false;
	}
	*buf = p;
	*cap = c;
	return true;
}

/* Room for n bytes in the writer's text buffer. */
static bool reserve(clsi_csv *w, size_t n)
{
	return grow(w, &w->buf, &w->cap, n);
}

/* Writes the n bytes of s as one quoted cell, "'" first when risky. */
static void quoted(clsi_csv *w, const char *s, size_t n)
{
	if (risky(s, n)) {
		if (!reserve(w, n + 1))
			return;
		memmove(w->buf + 1, s, n);
		w->buf[0] = '\'';
		s = w->buf;
		n++;
	}
	/* Quoted by libcsv into a buffer, then written in one go:
	 * csv_fwrite2() would write it byte by byte.  At most every byte
	 * is a doubled quote, plus the two around. */
	if (n > (SIZE_MAX - 2) / 2 || !grow(w, &w->out, &w->outcap, 2 * n + 2))
		return;
	size_t m = csv_write2(w->out, w->outcap, s, n, '"');
	fwrite(w->out, 1, m, w->f);
}

/* ---------------------------------------------------------- the sink */

static clsi_csv *csv_of(clsi_sink *s)
{
	return (clsi_csv *)s; /* the sink is its first member */
}

static void csv_text(clsi_sink *s, const char *t, size_t n)
{
	clsi_csv *w = csv_of(s);
	next_cell(w);
	if (t)
		quoted(w, t, n);
}

static void csv_number(clsi_sink *s, clsi_kind k, double x)
{
	clsi_csv *w = csv_of(s);
	char str[64];
	(void)k; /* every kind is a bare number in CSV */
	next_cell(w);
	if (!isfinite(x))
		return;
	clsi_shortest(str, sizeof(str), x);
	bool quote = false;
	for (char *p = str; *p; p++) {
		if (*p == '.')
			*p = w->d.decimal;
		if (*p == w->d.sep)
			quote = true;
	}
	if (quote)
		csv_fwrite2(w->f, str, strlen(str), '"');
	else
		fputs(str, w->f);
}

static void csv_empty(clsi_sink *s)
{
	next_cell(csv_of(s));
}

static void csv_end_row(clsi_sink *s)
{
	clsi_csv *w = csv_of(s);
	fputs(w->d.crlf ? "\r\n" : "\n", w->f);
	w->col = 0;
}

static void csv_head(clsi_sink *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_text(s, names[i], strlen(names[i]));
	csv_end_row(s);
}

void clsi_csv_init(clsi_csv *w, FILE *f, const cls_csv_dialect *d)
{
	memset(w, 0, sizeof(*w));
	w->sink.head = csv_head;
	w->sink.text = csv_text;
	w->sink.number = csv_number;
	w->sink.empty = csv_empty;
	w->sink.end_row = csv_end_row;
	w->f = f;
	w->d = *d;
	if (d->bom)
		fputs("\xEF\xBB\xBF", f);
}

int clsi_csv_release(clsi_csv *w)
{
	int rc = w->oom || w->sink.oom ? -1 : 0;
	free(w->buf);
	free(w->out);
	w->buf = w->out = NULL;
	w->cap = w->outcap = 0;
	cls_buf_release(&w->sink.join);
	return rc;
}
