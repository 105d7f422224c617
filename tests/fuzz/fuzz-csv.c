/* SPDX-License-Identifier: MIT */
/*
 * fuzz-csv.c - libFuzzer harness for the reader of the CSV that porteurs
 * return to cls import (lib/base/csvread.c).  The input is, by its first
 * byte:
 *   - even: the rest is the bytes of a CSV file, read as cls import reads
 *     them: a BOM dropped, text (after it) that is not UTF-8 read as
 *     Windows-1252,
 *     the separator guessed from the first line, the rows split, each
 *     cell trimmed, read as a header word and as a number;
 *   - odd: the rest is rows of cells (0x1E between rows, 0x1F between
 *     cells), written by libcsv as a spreadsheet would, with the
 *     separator and line end the first byte chooses, and read back.
 * What a user relies on: no crash, leak or undefined behaviour; the
 * library's UTF-8 check agrees with one of this harness; Windows-1252
 * text becomes valid UTF-8, and every cell is UTF-8; the
 * guessed separator is one of , ; and tab; rows start on increasing
 * lines; a NUL byte is always reported; a trimmed cell has no blank at
 * either end; a header word has no capital, space or quote; a number
 * read keeps the sign, digits and exponent written (its canonical text
 * reads back as its value, and printed with %.15g it reads back as the
 * same value when it has at most 15 digits); and a CSV written by libcsv
 * reads back as the same cells, each row on the line it was written on.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/csv/.
 */
#include "../../lib/cls.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT(c, what)                                                        \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-csv: %s: %s\n", what, #c);       \
			abort();                                               \
		}                                                              \
	} while (0)

/* UTF-8 as RFC 3629 says, written here again for the comparison. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i], k, cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			k = 1, cp = c & 0x1F;
		else if ((c & 0xF0) == 0xE0)
			k = 2, cp = c & 0x0F;
		else if ((c & 0xF8) == 0xF0)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (i + k >= n)
			return false;
		for (unsigned j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		static const unsigned least[] = {0, 0x80, 0x800, 0x10000};
		if (cp < least[k] || cp > 0x10FFFF
		    || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

static bool is_blank_end(const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return false;
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == ' ' || u[0] == '\t' || u[n - 1] == ' ' || u[n - 1] == '\t')
		return true;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return true;
	if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
		return true;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80
	    && (u[2] == 0xAF || u[2] == 0x89))
		return true;
	if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80
	    && (u[n - 1] == 0xAF || u[n - 1] == 0x89))
		return true;
	return false;
}

/* The digits of the mantissa of s (up to an e or E) in out; their count,
 * or -1 when more than cap. */
static long mantissa_digits(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && *s != 'e' && *s != 'E'; s++)
		if (*s >= '0' && *s <= '9') {
			if (n == cap)
				return -1;
			out[n++] = *s;
		}
	return (long)n;
}

/* A cell read as a number: what was written, and nothing else. */
static void check_number(const char *s)
{
	double x;
	char canon[64];
	if (!cls_csv_number(s, &x, canon, sizeof(canon)))
		return;
	EXPECT(isfinite(x), "a number read is finite");
	char *end;
	EXPECT(strtod(canon, &end) == x && *end == '\0',
	    "the canonical text reads back as the value");
	/* the canonical text is a plain number: -?D+(.D+)?(e[+-]?D+)? */
	const char *p = canon + (canon[0] == '-');
	EXPECT(*p >= '0' && *p <= '9', "canonical: a digit first");
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		EXPECT(*p >= '0' && *p <= '9', "canonical: a digit after .");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '+' || *p == '-';
		EXPECT(*p >= '0' && *p <= '9', "canonical: an exponent");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	EXPECT(*p == '\0', "canonical: nothing after the number");
	/* the sign as written */
	bool neg = s[0] == '-' || strncmp(s, "\xE2\x88\x92", 3) == 0;
	EXPECT((canon[0] == '-') == neg, "the sign as written");
	/* the digits as written, but trailing decimal zeros */
	char din[160], dc[160];
	long nin = mantissa_digits(s, din, sizeof(din));
	long nc = mantissa_digits(canon, dc, sizeof(dc));
	EXPECT(nin >= 0 && nc >= 0 && nc <= nin
	        && memcmp(din, dc, (size_t)nc) == 0,
	    "the digits as written");
	for (long i = nc; i < nin; i++)
		EXPECT(din[i] == '0', "only zeros dropped");
	/* the exponent as written */
	const char *es = strpbrk(s, "eE"), *ec = strpbrk(canon, "eE");
	EXPECT((!es && !ec) || (es && ec && strcmp(es, ec) == 0),
	    "the exponent as written");
	/* at most 15 significant digits: %.15g gives the same value */
	long sig = 0, lead = 1;
	for (long i = 0; i < nc; i++) {
		lead = lead && dc[i] == '0';
		sig += !lead;
	}
	if (sig <= 15) {
		char g[64];
		snprintf(g, sizeof(g), "%.15g", x);
		EXPECT(strtod(g, NULL) == x, "%.15g reads back as the value");
	}
}

static void check_cell(char *cell)
{
	EXPECT(valid_utf8((const unsigned char *)cell, strlen(cell)),
	    "every cell is UTF-8");
	char w[64];
	cls_csv_header_word(cell, w, sizeof(w));
	EXPECT(strlen(w) < sizeof(w), "a header word fits");
	for (const char *p = w; *p; p++)
		EXPECT(!(*p >= 'A' && *p <= 'Z') && *p != ' ' && *p != '"',
		    "a header word: no capital, space or quote");
	char *t = cls_csv_trim(cell);
	EXPECT(t >= cell && t <= cell + strlen(cell), "trim stays inside");
	EXPECT(!is_blank_end(t), "a trimmed cell has no blank at its ends");
	check_number(t);
}

/* Where each line of text starts counting as the reader does: LF, CR
 * LF, or a lone CR ends a line.  The number of line ends before i. */
static int lines_before(const char *text, size_t i)
{
	int n = 0;
	for (size_t k = 0; k < i; k++)
		n += text[k] == '\n'
		    || (text[k] == '\r' && (k + 1 == i || text[k + 1] != '\n'));
	return n;
}

/* The bytes of a CSV file, as cls import reads them. */
static void read_file(const unsigned char *data, size_t size)
{
	/* the library's UTF-8 check against this harness's */
	EXPECT(cls_csv_is_utf8(data, size) == valid_utf8(data, size),
	    "cls_csv_is_utf8() agrees");
	/* a text, NUL-terminated as cls import's buffer is */
	char *raw = malloc(size + 1), *conv = NULL;
	if (!raw)
		return;
	memcpy(raw, data, size);
	raw[size] = '\0';
	const char *text = raw;
	size_t len = size;
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (!cls_csv_is_utf8(text, len)) {
		size_t n;
		if (!(conv = cls_csv_from_cp1252(text, len, &n))) {
			free(raw);
			return;
		}
		EXPECT(conv[n] == '\0' && n >= len && n <= 3 * len,
		    "Windows-1252: a NUL after it, 1 to 3 bytes a byte");
		EXPECT(memchr(text, 0, len) || strlen(conv) == n,
		    "Windows-1252: no NUL made");
		EXPECT(valid_utf8((const unsigned char *)conv, n),
		    "Windows-1252 becomes UTF-8");
		text = conv;
		len = n;
	}
	unsigned char sep = cls_csv_guess_sep(text);
	EXPECT(sep == ',' || sep == ';' || sep == '\t',
	    "the separator is , ; or tab");
	cls_csv_rows r;
	int rc = cls_csv_split(text, len, sep, 1, &r);
	EXPECT(rc == 0 || rc == 1 || rc == -1, "split returns 0, 1 or -1");
	int last = lines_before(text, len) + 1;
	if (rc == 1)
		EXPECT(r.bad_line >= 1 && r.bad_line <= last, "a bad line");
	if (r.nul || (rc == 0 && memchr(text, 0, len)))
		EXPECT(memchr(text, 0, len) && r.nul,
		    "a NUL byte is reported, and only it");
	for (size_t i = 0; i < r.n; i++) {
		EXPECT(r.rows[i].line >= 1 && r.rows[i].line <= last,
		    "a row's line is in the file");
		EXPECT(i == 0 || r.rows[i].line > r.rows[i - 1].line,
		    "rows start on increasing lines");
		EXPECT(r.rows[i].n >= 1, "a row has a cell");
		for (size_t j = 0; j < r.rows[i].n; j++)
			check_cell(r.rows[i].cells[j]);
	}
	cls_csv_rows_release(&r);
	free(conv);
	free(raw);
}

/* Rows of cells written by libcsv, then read back. */
static void round_trip(
    unsigned char how, const unsigned char *data, size_t size)
{
	static const unsigned char seps[] = {',', ';', '\t'};
	unsigned char sep = seps[(how >> 1) % 3];
	const char *eol = how & 8 ? "\r\n" : "\n";
	if (memchr(data, 0, size))
		return; /* a cell is a C string */
	cls_buf out = {0};
	size_t cap = 2 * size + 3, nrow = 1;
	for (size_t i = 0; i < size; i++)
		nrow += data[i] == 0x1E;
	size_t *start = malloc(nrow * sizeof(*start));
	char *q = malloc(cap);
	if (!start || !q) {
		free(start);
		free(q);
		return;
	}
	/* each row: its cells quoted, as libcsv writes them */
	size_t row = 0, i = 0;
	start[row] = 0;
	for (;;) {
		size_t j = i;
		while (j < size && data[j] != 0x1E && data[j] != 0x1F)
			j++;
		size_t w = csv_write(q, cap, data + i, j - i);
		cls_buf_addn(&out, q, w);
		if (j < size && data[j] == 0x1F) {
			cls_buf_addn(&out, (const char *)&sep, 1);
		} else {
			cls_buf_add(&out, eol);
			if (j == size)
				break;
			start[++row] = out.len;
		}
		i = j + 1;
	}
	free(q);
	const char *text = cls_buf_str(&out);
	cls_csv_rows r;
	int rc = cls_csv_split(text, out.len, sep, 1, &r);
	if (rc == -1 || out.oom) {
		cls_csv_rows_release(&r);
		cls_buf_release(&out);
		free(start);
		return;
	}
	EXPECT(rc == 0, "libcsv's own CSV reads");
	EXPECT(r.n == nrow, "as many rows as written");
	EXPECT(!r.nul, "no NUL written");
	row = 0;
	i = 0;
	for (size_t k = 0; k < r.n; k++) {
		EXPECT(r.rows[k].line == lines_before(text, start[k]) + 1,
		    "a row starts on the line it was written on");
		for (size_t c = 0;; c++) {
			size_t j = i;
			while (j < size && data[j] != 0x1E && data[j] != 0x1F)
				j++;
			EXPECT(c < r.rows[k].n, "as many cells as written");
			const char *got = r.rows[k].cells[c];
			EXPECT(strlen(got) == j - i
			        && memcmp(got, data + i, j - i) == 0,
			    "a cell reads back as written");
			bool end = j == size || data[j] == 0x1E;
			i = j + 1;
			if (end) {
				EXPECT(c + 1 == r.rows[k].n,
				    "as many cells as written");
				break;
			}
		}
	}
	cls_csv_rows_release(&r);
	cls_buf_release(&out);
	free(start);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!size)
		return 0;
	/* copied, so that reading one byte too far is caught */
	unsigned char *in = malloc(size);
	if (!in)
		return 0;
	memcpy(in, data, size);
	if (in[0] & 1)
		round_trip(in[0], in + 1, size - 1);
	else
		read_file(in + 1, size - 1);
	free(in);
	return 0;
}
