/* SPDX-License-Identifier: MIT */
/*
 * fuzz-sheet.c - libFuzzer harness for the sheets: the reader of the .ods
 * and .xlsx files cls import takes from porteurs (lib/base/sheet.c, over
 * libzip and expat), which reads hostile files, and the writer of cls
 * export (lib/render/sheet.c), whose every text must read back as
 * written.  The input is, by its first byte:
 *   - "PK": a whole file, for cls_sheet_read();
 *   - else the rest, by the first byte modulo 3: an ODS content.xml; the
 *     parts of an XLSX (the sheet, the shared strings, the styles, the
 *     workbook, separated by form feeds); or the texts of the cells of a
 *     row (separated by form feeds), written as ODS and as XLSX and read
 *     back.
 * What is read must keep the reader's promises (cls.h): rows in sheet
 * order, at most 1,024 cells, a text for every cell, a number cell whose
 * text is its number; and a round trip must give each text as the XML
 * holds it (a character XML forbids, a stray byte as U+FFFD; ODS: a line
 * ended by CR or CR LF as LF), each number as written.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/sheet/.
 */
#include "../../lib/render/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT(c, what)                                                        \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-sheet: %s: %s\n", what, #c);     \
			abort();                                               \
		}                                                              \
	} while (0)

/* The reader's promises, on any sheet it gives. */
static void check_sheet(const cls_sheet *s)
{
	size_t n;
	const cls_sheet_row *r = cls_sheet_rows(s, &n);
	for (size_t i = 0; i < n; i++) {
		EXPECT(r[i].line >= 1, "a row's line");
		EXPECT(i == 0 || r[i].line > r[i - 1].line, "rows in order");
		EXPECT(r[i].n >= 1 && r[i].n <= 1024, "a row's cells");
		EXPECT(r[i].cells[r[i].n - 1].kind != CLS_CELL_EMPTY,
		    "a row ends with a cell that is not empty");
		for (size_t j = 0; j < r[i].n; j++) {
			const cls_cell *c = &r[i].cells[j];
			EXPECT(c->text != NULL, "a cell's text");
			EXPECT(
			    (c->kind == CLS_CELL_EMPTY) == (*c->text == '\0'),
			    "an empty cell, and only it, has no text");
			if (c->kind == CLS_CELL_NUMBER)
				EXPECT(strtod(c->text, NULL) == c->number,
				    "a number's text is its number");
			if (c->kind == CLS_CELL_PERCENT)
				EXPECT(fabs(strtod(c->text, NULL)
				           - c->number * 100)
				        <= 1e-9 * (1 + fabs(c->number * 100)),
				    "a percentage's text is its percent");
		}
	}
}

/* The parts of in[0..n), separated by form feeds, at most max. */
static size_t split(
    const char *in, size_t n, const char **parts, size_t *lens, size_t max)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n && k < max; i++)
		if (i == n || in[i] == '\f') {
			parts[k] = in + start;
			lens[k++] = i - start;
			start = i + 1;
		}
	return k;
}

/* ----------------------------------------------------------- round trip */

/* The UTF-8 code point at s[0..n) (well-formed only: RFC 3629), its
 * length in *len; -1 when there is none. */
static long utf8(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80      ? 1
	    : (c & 0xE0) == 0xC0 ? 2
	    : (c & 0xF0) == 0xE0 ? 3
	    : (c & 0xF8) == 0xF0 ? 4
	                         : 0;
	if (!k || k > n)
		return -1;
	long cp = k == 1 ? (long)c : (long)(c & (0x7F >> k));
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = k;
	return cp;
}

/* What a text reads back as from a sheet of fmt: each character XML
 * forbids and each stray byte U+FFFD; in ODS, CR LF and CR a LF; in XLSX,
 * cut past 32,767 UTF-16 units (Excel's limit) to 32,766 and a "…". */
static void expected(cls_buf *b, const char *t, size_t n, bool ods)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t units = 0, cut = 0, cut_len = 0;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		long cp = utf8(s + i, n - i, &len);
		units += cp > 0xFFFF ? 2 : 1;
		if (units <= 32766)
			cut = i + len;
		i += len;
	}
	if (!ods && units > 32767) {
		cut_len = cut;
		n = cut_len;
	}
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		long cp = utf8(s + i, n - i, &len);
		bool ok = cp == 0x9 || cp == 0xA || cp == 0xD
		    || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
		if (cp < 0 || !ok) {
			cls_buf_add(b, "\xef\xbf\xbd");
		} else if (ods && cp == '\r') {
			cls_buf_addc(b, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				len = 2;
		} else {
			cls_buf_addn(b, t + i, len);
		}
		i += len;
	}
	if (cut_len)
		cls_buf_add(b, "…");
}

static void round_trip(const char *in, size_t n)
{
	const char *texts[16];
	size_t lens[16];
	size_t k = split(in, n, texts, lens, 16);
	/* a number from the last 8 bytes, when they make a finite one */
	double x = 0;
	bool has_x = n >= 8;
	if (has_x)
		memcpy(&x, in + n - 8, 8);
	has_x = has_x && isfinite(x) && fabs(x) < 1e300 && fabs(x) > 1e-300;
	static const char *const head[]
	    = {"h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9",
	        "h10", "h11", "h12", "h13", "h14", "h15", "nombre", "taux"};
	for (int f = 0; f < 2; f++) {
		cls_format fmt = f ? CLS_FORMAT_XLSX : CLS_FORMAT_ODS;
		clsi_sheet *sh = clsi_sheet_new(fmt, "t");
		EXPECT(sh != NULL, "a sheet");
		clsi_sink *s = clsi_sheet_sink(sh);
		s->head(s, head, 18);
		for (size_t i = 0; i < 16; i++)
			if (i < k)
				s->text(s, texts[i], lens[i]);
			else
				s->empty(s);
		if (has_x) {
			s->number(s, CLSI_NUMBER, x);
			s->number(s, CLSI_PERCENT, x);
		}
		s->end_row(s);
		char *data = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&data, &len);
		cls_error err;
		EXPECT(out && clsi_sheet_write(sh, out, &err) == 0, "written");
		fclose(out);
		clsi_sheet_free(sh);
		cls_sheet *r = cls_sheet_read(data, len, &err);
		if (!r)
			fprintf(stderr, "fuzz-sheet: %s\n", err.message);
		EXPECT(r != NULL, "what cls writes reads back");
		check_sheet(r);
		size_t nr;
		const cls_sheet_row *rows = cls_sheet_rows(r, &nr);
		/* a row whose every cell reads back empty is left out */
		cls_buf want = {0};
		bool any = has_x;
		for (size_t i = 0; i < k && !any; i++) {
			cls_buf_reset(&want);
			expected(&want, texts[i], lens[i], !f);
			any = want.len > 0;
		}
		EXPECT(nr == (any ? 2u : 1u) && rows[0].n == 18,
		    "the header and the row");
		for (size_t i = 0; i < 16; i++) {
			cls_buf_reset(&want);
			if (i < k)
				expected(&want, texts[i], lens[i], !f);
			const char *got = nr < 2 ? ""
			    : i < rows[1].n      ? rows[1].cells[i].text
			                         : "";
			EXPECT(strcmp(got, cls_buf_str(&want)) == 0,
			    "a text reads back as written");
		}
		cls_buf_release(&want);
		if (has_x) {
			EXPECT(rows[1].n == 18, "the numbers");
			EXPECT(rows[1].cells[16].kind == CLS_CELL_NUMBER
			        && rows[1].cells[16].number == x,
			    "a number reads back as written");
			EXPECT(rows[1].cells[17].kind == CLS_CELL_PERCENT
			        && rows[1].cells[17].number == x / 100,
			    "a percent reads back as its fraction");
		}
		cls_sheet_free(r);
		free(data);
	}
}

/* ---------------------------------------------------------------- entry */

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	cls_error err;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		cls_sheet *s = cls_sheet_read(data, size, &err);
		if (s)
			check_sheet(s);
		cls_sheet_free(s);
		return 0;
	}
	if (size < 1)
		return 0;
	const char *in = (const char *)data + 1;
	size_t n = size - 1;
	const char *parts[4] = {NULL, NULL, NULL, NULL};
	size_t lens[4] = {0, 0, 0, 0};
	cls_sheet *s = NULL;
	switch (data[0] % 3) {
	case 0:
		parts[0] = in;
		lens[0] = n;
		s = clsi_sheet_from_parts(true, parts, lens, &err);
		break;
	case 1:
		split(in, n, parts, lens, 4);
		s = clsi_sheet_from_parts(false, parts, lens, &err);
		break;
	default:
		round_trip(in, n);
		break;
	}
	if (s)
		check_sheet(s);
	cls_sheet_free(s);
	return 0;
}
