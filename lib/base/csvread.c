/* SPDX-License-Identifier: MIT */
/*
 * csvread.c - the CSV of yearly values that porteurs fill in, read back
 * for cls import (cls-import(1)) as Excel or LibreOffice save it: bytes
 * to rows of cells (libcsv, strict), Windows-1252 to UTF-8, the separator
 * guessed from the header line, the header words, and numbers written
 * the French or the English way.  The file is hostile: it knows no model,
 * and tests/fuzz/fuzz-csv.c feeds it anything.
 */
#include "base.h"

#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the rows */

typedef struct reader {
	cls_csv_rows *out;
	size_t cap;
	char **f; /* the row being read */
	size_t nf, fcap;
	int line, rec_line;
	bool in_rec;
	bool oom;
} reader;

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	if (r->oom)
		return;
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? 2 * r->fcap : 8;
		char **f = realloc(r->f, cap * sizeof(*f));
		if (!f) {
			r->oom = true;
			return;
		}
		r->f = f;
		r->fcap = cap;
	}
	char *v = malloc(len + 1);
	if (!v) {
		r->oom = true;
		return;
	}
	if (len)
		memcpy(v, s, len);
	v[len] = '\0';
	if (memchr(v, 0, len))
		r->out->nul = true;
	r->f[r->nf++] = v;
}

static void on_record(int c, void *data)
{
	reader *r = data;
	(void)c;
	r->in_rec = false;
	if (r->oom)
		return;
	if (r->out->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		cls_csv_row *v = realloc(r->out->rows, cap * sizeof(*v));
		if (!v) {
			r->oom = true;
			return;
		}
		r->out->rows = v;
		r->cap = cap;
	}
	r->out->rows[r->out->n++] = (cls_csv_row){r->rec_line, r->f, r->nf};
	r->f = NULL;
	r->nf = r->fcap = 0;
}

/* Only the space is blank around fields: a tab may be the separator. */
static int is_space(unsigned char c)
{
	return c == ' ';
}

static int is_term(unsigned char c)
{
	return c == '\n' || c == '\r';
}

/* Fed to libcsv one byte at a time so that each row knows the line it
 * starts on (a quoted field may span lines). */
int cls_csv_split(const char *text, size_t len, unsigned char sep,
    int first_line, cls_csv_rows *out)
{
	*out = (cls_csv_rows){0};
	reader rd = {.out = out}, *r = &rd;
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&p, sep);
	csv_set_space_func(&p, is_space);
	csv_set_term_func(&p, is_term);
	r->line = first_line;
	int rc = 0;
	for (size_t i = 0; i < len && !r->oom && !rc; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!r->in_rec && c != '\n' && c != '\r') {
			r->in_rec = true;
			r->rec_line = r->line;
		}
		if (csv_parse(&p, text + i, 1, on_field, on_record, r) != 1) {
			rc = csv_error(&p) == CSV_EPARSE ? 1 : -1;
			out->bad_line = r->line;
		}
		if (c == '\n'
		    || (c == '\r' && (i + 1 == len || text[i + 1] != '\n')))
			r->line++; /* LF, CRLF, or an old Mac's lone CR */
	}
	if (rc == 0 && csv_fini(&p, on_field, on_record, r) != 0) {
		rc = csv_error(&p) == CSV_EPARSE ? 1 : -1;
		out->bad_line = r->rec_line; /* where the open quote is */
	}
	csv_free(&p);
	for (size_t j = 0; j < r->nf; j++)
		free(r->f[j]);
	free(r->f);
	return r->oom ? -1 : rc;
}

void cls_csv_rows_release(cls_csv_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->rows[i].n; j++)
			free(r->rows[i].cells[j]);
		free(r->rows[i].cells);
	}
	free(r->rows);
	*r = (cls_csv_rows){0};
}

/* ------------------------------------------------------------ the text */

/* Windows-1252's 0x80-0x9F; the rest of the high half is Latin-1. */
static const uint16_t cp1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E,
    0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
    0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
    0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

bool cls_csv_is_utf8(const void *data, size_t n)
{
	const unsigned char *s = data;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k = c < 0x80          ? 1
		    : c >= 0xC2 && c <= 0xDF ? 2
		    : c >= 0xE0 && c <= 0xEF ? 3
		    : c >= 0xF0 && c <= 0xF4 ? 4
		                             : 0;
		if (!k || i + k > n)
			return false;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		if ((c == 0xE0 && s[i + 1] < 0xA0)
		    || (c == 0xED && s[i + 1] >= 0xA0)
		    || (c == 0xF0 && s[i + 1] < 0x90)
		    || (c == 0xF4 && s[i + 1] >= 0x90))
			return false;
		i += k;
	}
	return true;
}

char *cls_csv_from_cp1252(const void *data, size_t n, size_t *outlen)
{
	const unsigned char *s = data;
	char *o = malloc(3 * n + 1);
	size_t k = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned cp
		    = s[i] >= 0x80 && s[i] < 0xA0 ? cp1252[s[i] - 0x80] : s[i];
		if (cp < 0x80) {
			o[k++] = (char)cp;
		} else if (cp < 0x800) {
			o[k++] = (char)(0xC0 | cp >> 6);
			o[k++] = (char)(0x80 | (cp & 0x3F));
		} else {
			o[k++] = (char)(0xE0 | cp >> 12);
			o[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			o[k++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	o[k] = '\0';
	*outlen = k;
	return o;
}

/* --------------------------------------------------------- the numbers */

/* Spaces that spreadsheets put around and inside numbers: space, NBSP,
 * narrow NBSP, thin space.  Returns the length of the one at s, or 0. */
static size_t blank_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
		return 3;
	return 0;
}

char *cls_csv_trim(char *s)
{
	size_t k;
	while ((k = blank_at(s)))
		s += k;
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2
		    && (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else if (n >= 3 && blank_at(s + n - 3) == 3)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* Whether the digit groups after the first are of three digits. */
static bool groups_of_three(const char *digits, const size_t *cuts, size_t n)
{
	(void)digits;
	for (size_t i = 1; i < n; i++)
		if (cuts[i] - cuts[i - 1] != 3)
			return false;
	return n == 0 || cuts[0] > 0;
}

bool cls_csv_number(const char *s, double *x, char *canon, size_t cn)
{
	char digits[128];
	size_t nd = 0, cuts[64], ncut = 0, seps[64], nsep = 0;
	char sepc[64];
	bool neg = false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	else if (strncmp(p, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus */
		neg = true;
		p += 3;
	}
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p) {
		size_t k;
		if (*p >= '0' && *p <= '9') {
			if (nd + 1 >= sizeof(digits))
				return false;
			digits[nd++] = *p++;
		} else if (*p == '.' || *p == ',') {
			if (nsep == 64 || !(p[1] >= '0' && p[1] <= '9'))
				return false;
			seps[nsep] = nd;
			sepc[nsep++] = *p++;
		} else if ((k = blank_at(p)) && *p != '\t') {
			/* a thousands space: between digits, before a group
			 * of three */
			if (ncut == 64 || !(p[k] >= '0' && p[k] <= '9'))
				return false;
			cuts[ncut++] = nd;
			p += k;
		} else {
			break;
		}
	}
	const char *exp = p;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return false;
	/* which separator is the decimal one: the last, when it occurs
	 * once; every other one groups thousands */
	long dec = -1;
	if (nsep) {
		char last = sepc[nsep - 1];
		size_t same = 0;
		for (size_t i = 0; i < nsep; i++)
			same += sepc[i] == last;
		if (same == 1)
			dec = (long)seps[nsep - 1];
		size_t ng = 0, g[64];
		for (size_t i = 0; i < nsep; i++)
			if (dec < 0 || i != nsep - 1)
				g[ng++] = seps[i];
		/* grouping marks of one kind only, before the decimal */
		for (size_t i = 1; i < ng; i++)
			if (sepc[i] != sepc[0])
				return false;
		if (ncut && ng)
			return false;
		size_t gcut[65];
		for (size_t i = 0; i < ng; i++)
			gcut[i] = g[i];
		if (ng) {
			size_t end = dec >= 0 ? (size_t)dec : nd;
			gcut[ng] = end;
			if (!groups_of_three(digits, gcut, ng + 1))
				return false;
		}
	}
	if (ncut) {
		size_t end = dec >= 0 ? (size_t)dec : nd;
		if (cuts[ncut - 1] > end)
			return false;
		cuts[ncut] = end;
		if (!groups_of_three(digits, cuts, ncut + 1))
			return false;
	}
	size_t intd = dec >= 0 ? (size_t)dec : nd;
	if (!*exp) /* 2001,0 is 2001 */
		while (nd > intd && digits[nd - 1] == '0')
			nd--;
	if (nd == intd)
		dec = -1;
	int w = snprintf(canon, cn, "%s%.*s%s%.*s%s", neg ? "-" : "", (int)intd,
	    digits, dec >= 0 ? "." : "", (int)(nd - intd), digits + intd, exp);
	if (w < 0 || (size_t)w >= cn)
		return false;
	char *end;
	*x = strtod(canon, &end);
	return *end == '\0' && *x - *x == 0; /* finite */
}

/* ---------------------------------------------------------- the header */

unsigned char cls_csv_guess_sep(const char *s)
{
	size_t semi = 0, comma = 0, tab = 0;
	bool q = false;
	for (; *s && (q || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			q = !q;
		else if (!q)
			semi += *s == ';', comma += *s == ',',
			    tab += *s == '\t';
	}
	return semi > comma && semi >= tab ? ';' : tab > comma ? '\t' : ',';
}

void cls_csv_header_word(const char *s, char *out, size_t n)
{
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 1 < n;
	     p++) {
		if (p[0] == 0xC3 && (p[1] == 0xA9 || p[1] == 0x89)) {
			out[k++] = 'e'; /* é É */
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			out[k++] = (char)(*p - 'A' + 'a');
		} else if (*p != ' ' && *p != '"') {
			out[k++] = (char)*p;
		}
	}
	out[k] = '\0';
}
