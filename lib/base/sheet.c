/* SPDX-License-Identifier: MIT */
/*
 * sheet.c - a spreadsheet read back: the first sheet of the .ods or .xlsx
 * file a porteur returns (cls import), as rows of cells, each with its
 * type (text, number, percentage, date).  The file may be hostile, so:
 *   - the zip is read by libzip (libzip.c opens it), never by hand; each
 *     part is checked against the size the archive declares for it before
 *     it is read, refused past SHEET_MAX_PART (a zip bomb declares a huge
 *     size and is refused unread; one that lies about it is cut there,
 *     and libzip's CRC check refuses it); encrypted parts are refused;
 *   - the XML is parsed by expat, a well-kept parser, with namespaces; a
 *     document type declaration (DOCTYPE) stops it: no spreadsheet
 *     writes one, and without one no entity can be declared, so no entity
 *     is ever expanded (no billion laughs) and none is fetched (expat
 *     loads no external entity unless asked, and it is not);
 *   - what is kept is bounded: SHEET_MAX_COLS columns, SHEET_MAX_ROWS rows,
 *     SHEET_MAX_CELLS cells, SHEET_MAX_CELL bytes of text in a cell,
 *     SHEET_MAX_TEXT in all; a
 *     row or cell repeated (ODF writes the empty end of a sheet as one
 *     row repeated a million times) costs nothing while it is empty;
 *   - the part to read is found as the format says: ODF's content.xml;
 *     OOXML's first sheet of xl/workbook.xml through its relationships,
 *     with the shared strings and, for dates and percentages, the styles.
 * tests/fuzz/fuzz-sheet.c attacks the parsers of the parts
 * (clsi_sheet_from_parts()) and the whole of cls_sheet_read().
 */
#include "lz.h"

#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SHEET_MAX_PART (16u * 1024 * 1024) /* bytes of one XML part */
#define SHEET_MAX_ENTRIES 10000 /* files in the zip */
#define SHEET_MAX_COLS 1024
#define SHEET_MAX_ROWS 100000
#define SHEET_MAX_CELLS 2000000 /* in every row, empty ones included */
#define SHEET_MAX_CELL (1024 * 1024) /* bytes of text in one cell */
#define SHEET_MAX_TEXT (64u * 1024 * 1024) /* in every cell */
#define SHEET_MAX_STRINGS 1000000 /* shared strings, styles */

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
/* the transitional and the strict namespaces of OOXML */
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_MAIN_STRICT "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define NS_R                                                                   \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_R_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_PKG_REL                                                             \
	"http://schemas.openxmlformats.org/package/2006/relationships"

/* A row while reading: its cells are those of s->cells from first. */
typedef struct rrow {
	int line;
	size_t first, n;
} rrow;

struct cls_sheet {
	const char *kind; /* "ods", "xlsx" */
	arena *a; /* the cells' texts */
	cls_cell *cells;
	size_t ncells;
	rrow *rr;
	cls_sheet_row *rows; /* made from rr at the end */
	size_t nrows;
	size_t text; /* bytes of text kept */
};

/* ------------------------------------------------------------ the XML */

/* What every parse shares: expat, the sheet being filled, the error. */
typedef struct px {
	XML_Parser p;
	cls_sheet *s;
	const char *part; /* its name, for messages */
	cls_error *err;
	bool failed;
	/* the element being read: its namespace and local name */
	const char *ns, *name;
	size_t nslen;
	/* the text being gathered (a cell, a shared string) */
	cls_buf t;
	bool keep; /* char data goes to t */
} px;

/* Stops the parse with a message (the first one wins). */
static void px_fail(px *x, const char *fmt, ...) CLS_PRINTF(2, 3);

static void px_fail(px *x, const char *fmt, ...)
{
	if (x->failed)
		return;
	x->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->err->message, sizeof(x->err->message), fmt, ap);
	va_end(ap);
	XML_StopParser(x->p, XML_FALSE);
}

static void px_oom(px *x)
{
	px_fail(x, "%s", _("out of memory"));
}

/* Splits an expanded name "URI local" (expat's, with ' ' between them)
 * into x->ns and x->name. */
static void px_name(px *x, const char *qn)
{
	const char *sp = strrchr(qn, ' ');
	x->ns = sp ? qn : "";
	x->nslen = sp ? (size_t)(sp - qn) : 0;
	x->name = sp ? sp + 1 : qn;
}

static bool px_is(const px *x, const char *ns, const char *name)
{
	return x->nslen == strlen(ns) && memcmp(x->ns, ns, x->nslen) == 0
	    && strcmp(x->name, name) == 0;
}

/* The value of the attribute of namespace ns (NULL: none) and local name
 * name, or NULL. */
static const char *px_attr(const char **atts, const char *ns, const char *name)
{
	size_t nl = ns ? strlen(ns) : 0;
	for (size_t i = 0; atts[i]; i += 2) {
		const char *a = atts[i];
		const char *sp = strrchr(a, ' ');
		if (ns ? sp && (size_t)(sp - a) == nl && memcmp(a, ns, nl) == 0
		            && strcmp(sp + 1, name) == 0
		       : !sp && strcmp(a, name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static void XMLCALL px_doctype(void *ud, const XML_Char *name,
    const XML_Char *sysid, const XML_Char *pubid, int has_internal)
{
	px *x = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	px_fail(x,
	    _("%s declares a document type (DOCTYPE), which no spreadsheet "
	      "writes: refused"),
	    x->part);
}

static void XMLCALL px_entity(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	px *x = ud;
	(void)name, (void)is_param, (void)value, (void)len, (void)base,
	    (void)sysid, (void)pubid, (void)notation;
	px_fail(x, _("%s declares an entity: refused"), x->part);
}

static void XMLCALL px_text(void *ud, const XML_Char *s, int len)
{
	px *x = ud;
	if (!x->keep || x->failed || len <= 0)
		return;
	if (x->t.len + (size_t)len > SHEET_MAX_CELL) {
		px_fail(x, _("%s: a cell holds more than %d MiB of text"),
		    x->part, SHEET_MAX_CELL / (1024 * 1024));
		return;
	}
	cls_buf_addn(&x->t, s, (size_t)len);
	if (x->t.oom)
		px_oom(x);
}

/* Parses xml[0..len) with the handlers, user data x.  Returns 0, or -1
 * with x->err filled. */
static int px_run(px *x, const char *xml, size_t len,
    XML_StartElementHandler start, XML_EndElementHandler end)
{
	int rc = -1;
	x->p = XML_ParserCreateNS(NULL, ' ');
	if (!x->p) {
		clsi_seterr(x->err, _("out of memory"));
		return -1;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, px_text);
	XML_SetStartDoctypeDeclHandler(x->p, px_doctype);
	XML_SetEntityDeclHandler(x->p, px_entity);
	if (len > SHEET_MAX_PART) {
		clsi_seterr(x->err, _("%s is larger than %u MiB"), x->part,
		    SHEET_MAX_PART / (1024 * 1024));
	} else if (XML_Parse(x->p, xml, (int)len, 1) == XML_STATUS_ERROR
	    && !x->failed) {
		clsi_seterr(x->err, _("%s, line %lu: not well-formed XML: %s"),
		    x->part, (unsigned long)XML_GetCurrentLineNumber(x->p),
		    XML_ErrorString(XML_GetErrorCode(x->p)));
	} else if (!x->failed) {
		rc = 0;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	cls_buf_release(&x->t);
	return rc;
}

/* ---------------------------------------------------------- the cells */

/* Adds a row numbered line; -1 when the sheet has too many. */
static int row_add(px *x, int line)
{
	cls_sheet *s = x->s;
	if (s->nrows >= SHEET_MAX_ROWS) {
		px_fail(
		    x, _("%s has more than %d rows"), x->part, SHEET_MAX_ROWS);
		return -1;
	}
	rrow *v = clsi_grow(s->rr, s->nrows, sizeof(*v));
	if (!v) {
		px_oom(x);
		return -1;
	}
	s->rr = v;
	v[s->nrows++] = (rrow){line, s->ncells, 0};
	return 0;
}

/* Adds cell c (its text copied) as column col of the last row, after
 * empty cells up to it. */
static void cell_add(px *x, size_t col, cls_cell_kind kind, double number,
    const char *text, size_t len)
{
	cls_sheet *s = x->s;
	rrow *r = &s->rr[s->nrows - 1];
	if (col >= SHEET_MAX_COLS) {
		px_fail(x, _("%s has a cell past column %d"), x->part,
		    SHEET_MAX_COLS);
		return;
	}
	if (col < r->n) {
		/* a cell written out of order fills its place; one given
		 * twice: the first one holds */
		cls_cell *c = &s->cells[r->first + col];
		if (c->kind != CLS_CELL_EMPTY)
			return;
		char *t = clsi_arena_strndup(
		    s->a, text ? text : "", text ? len : 0);
		if (!t) {
			px_oom(x);
			return;
		}
		s->text += len;
		*c = (cls_cell){kind, number, t};
		return;
	}
	if (s->text + len > SHEET_MAX_TEXT) {
		px_fail(x, _("%s holds more than %u MiB of text"), x->part,
		    SHEET_MAX_TEXT / (1024 * 1024));
		return;
	}
	if (s->ncells + (col - r->n) >= SHEET_MAX_CELLS) {
		px_fail(x, _("%s has more than %d cells"), x->part,
		    SHEET_MAX_CELLS);
		return;
	}
	while (r->n <= col) {
		cls_cell *v = clsi_grow(s->cells, s->ncells, sizeof(*v));
		if (!v) {
			px_oom(x);
			return;
		}
		s->cells = v;
		v[s->ncells++] = (cls_cell){CLS_CELL_EMPTY, 0, ""};
		r->n++;
	}
	cls_cell *c = &s->cells[s->ncells - 1];
	char *t = clsi_arena_strndup(s->a, text ? text : "", text ? len : 0);
	if (!t) {
		px_oom(x);
		return;
	}
	s->text += len;
	*c = (cls_cell){kind, number, t};
}

/* A number cell from its written value: NUMBER, or PERCENT (the value a
 * fraction, the text the percent shown).  False when v is no number. */
static bool number_cell(
    px *x, size_t col, const char *v, bool percent, size_t repeat)
{
	/* a decimal, as ODF and OOXML write them: no hexadecimal, no "inf" */
	if (v[strspn(v, "0123456789.eE+- ")] != '\0')
		return false;
	char *end;
	double d = strtod(v, &end);
	while (*end == ' ')
		end++;
	if (end == v || *end || !isfinite(d))
		return false;
	char t[64];
	if (percent) {
		char r[64];
		snprintf(r, sizeof(r), "%.15g", d * 100);
		clsi_shortest(t, sizeof(t), strtod(r, NULL));
	} else {
		clsi_shortest(t, sizeof(t), d);
	}
	for (size_t i = 0; i < repeat && !x->failed; i++)
		cell_add(x, col + i,
		    percent ? CLS_CELL_PERCENT : CLS_CELL_NUMBER, d, t,
		    strlen(t));
	return true;
}

/* ---------------------------------------------------------------- ODS */

typedef struct ods {
	px x;
	int tables; /* table:table open; 0 before the first */
	bool done; /* the first table is read */
	int row_line; /* the line of the row being read */
	size_t row_repeat;
	size_t col; /* the column of the next cell */
	bool in_cell;
	size_t cell_repeat;
	char vtype[16];
	char *value; /* office:value, date-value... (malloc'd) */
	char *string_value;
	int paras; /* text:p read in the cell */
	int para_depth; /* inside a text:p or text:h */
	int skip; /* inside an office:annotation: not the cell's text */
	bool keep_saved;
	size_t rows_before; /* rows of the sheet before this one */
} ods;

static size_t repeat_of(const char *v, size_t max)
{
	if (!v)
		return 1;
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	if (*end || n < 1)
		return 1;
	return n > max ? max : (size_t)n;
}

static void XMLCALL ods_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	ods *o = ud;
	px *x = &o->x;
	if (x->failed || o->done)
		return;
	px_name(x, qn);
	if (px_is(x, NS_TABLE, "table")) {
		o->tables++;
		return;
	}
	if (o->tables != 1)
		return;
	if (o->skip) {
		o->skip++;
		return;
	}
	if (px_is(x, NS_OFFICE, "annotation")) {
		o->skip = 1;
		o->keep_saved = x->keep;
		x->keep = false;
		return;
	}
	if (px_is(x, NS_TABLE, "table-row")) {
		o->row_repeat = repeat_of(
		    px_attr(atts, NS_TABLE, "number-rows-repeated"), 1u << 24);
		o->row_line = (int)o->rows_before + 1;
		o->col = 0;
		if (row_add(x, o->row_line))
			return;
	} else if (px_is(x, NS_TABLE, "table-cell")
	    || px_is(x, NS_TABLE, "covered-table-cell")) {
		const char *vt = px_attr(atts, NS_OFFICE, "value-type");
		const char *v = NULL;
		o->in_cell = true;
		o->cell_repeat = repeat_of(
		    px_attr(atts, NS_TABLE, "number-columns-repeated"),
		    SHEET_MAX_COLS + 1);
		snprintf(o->vtype, sizeof(o->vtype), "%s", vt ? vt : "");
		if (vt && strcmp(vt, "date") == 0)
			v = px_attr(atts, NS_OFFICE, "date-value");
		else if (vt && strcmp(vt, "time") == 0)
			v = px_attr(atts, NS_OFFICE, "time-value");
		else if (vt && strcmp(vt, "boolean") == 0)
			v = px_attr(atts, NS_OFFICE, "boolean-value");
		else if (vt && strcmp(vt, "string") != 0)
			v = px_attr(atts, NS_OFFICE, "value");
		const char *sv = px_attr(atts, NS_OFFICE, "string-value");
		free(o->value);
		free(o->string_value);
		o->value = v ? strdup(v) : NULL;
		o->string_value = sv ? strdup(sv) : NULL;
		if ((v && !o->value) || (sv && !o->string_value))
			px_oom(x);
		o->paras = 0;
		cls_buf_reset(&x->t);
	} else if (o->in_cell
	    && (px_is(x, NS_TEXT, "p") || px_is(x, NS_TEXT, "h"))) {
		x->keep = true;
		if (o->para_depth++ == 0 && o->paras++)
			px_text(x, "\n", 1);
	} else if (o->in_cell && o->para_depth) {
		if (px_is(x, NS_TEXT, "s")) {
			size_t c = repeat_of(
			    px_attr(atts, NS_TEXT, "c"), SHEET_MAX_CELL);
			for (size_t i = 0; i < c && !x->failed; i++)
				px_text(x, " ", 1);
		} else if (px_is(x, NS_TEXT, "tab")) {
			px_text(x, "\t", 1);
		} else if (px_is(x, NS_TEXT, "line-break")) {
			px_text(x, "\n", 1);
		}
	}
}

/* The cell just read, as cells (repeated, when it is not empty). */
static void ods_cell(ods *o)
{
	px *x = &o->x;
	const char *vt = o->vtype;
	size_t rep = o->cell_repeat;
	bool numeric = strcmp(vt, "float") == 0 || strcmp(vt, "currency") == 0;
	if (o->value && (numeric || strcmp(vt, "percentage") == 0)
	    && number_cell(x, o->col, o->value, vt[0] == 'p', rep)) {
		/* its value, not its text: no locale guesses it */
	} else if (o->value && *o->value
	    && (strcmp(vt, "date") == 0 || strcmp(vt, "time") == 0)) {
		for (size_t i = 0; i < rep && !x->failed; i++)
			cell_add(x, o->col + i, CLS_CELL_DATE, 0, o->value,
			    strlen(o->value));
	} else {
		const char *t = o->string_value ? o->string_value
		    : x->t.len                  ? cls_buf_str(&x->t)
		    : o->value                  ? o->value
		                                : "";
		size_t n = strlen(t);
		for (size_t i = 0; n && i < rep && !x->failed; i++)
			cell_add(x, o->col + i, CLS_CELL_TEXT, 0, t, n);
	}
	o->col += rep;
}

static void XMLCALL ods_end(void *ud, const XML_Char *qn)
{
	ods *o = ud;
	px *x = &o->x;
	if (x->failed || o->done)
		return;
	px_name(x, qn);
	if (px_is(x, NS_TABLE, "table")) {
		if (--o->tables == 0)
			o->done = true; /* only the first sheet */
		return;
	}
	if (o->tables != 1)
		return;
	if (o->skip) {
		if (--o->skip == 0)
			x->keep = o->keep_saved;
		return;
	}
	if (px_is(x, NS_TABLE, "table-row")) {
		cls_sheet *s = x->s;
		rrow *r = &s->rr[s->nrows - 1];
		size_t rep = o->row_repeat;
		if (!r->n) {
			s->nrows--; /* an empty row: only counted */
		} else {
			/* a row repeated with cells: each one a row */
			for (size_t i = 1; i < rep && !x->failed; i++) {
				size_t first = s->rr[s->nrows - 1].first;
				size_t n = s->rr[s->nrows - 1].n;
				if (row_add(x, o->row_line + (int)i))
					break;
				for (size_t k = 0; k < n && !x->failed; k++) {
					cls_cell c = s->cells[first + k];
					cell_add(x, k, c.kind, c.number, c.text,
					    strlen(c.text));
				}
			}
		}
		o->rows_before += rep;
		if (o->rows_before > (size_t)1 << 24)
			px_fail(
			    x, _("%s has more than %d rows"), x->part, 1 << 24);
	} else if (px_is(x, NS_TABLE, "table-cell")
	    || px_is(x, NS_TABLE, "covered-table-cell")) {
		o->in_cell = false;
		x->keep = false;
		ods_cell(o);
	} else if (px_is(x, NS_TEXT, "p") || px_is(x, NS_TEXT, "h")) {
		if (o->para_depth && --o->para_depth == 0)
			x->keep = false;
	}
}

static int ods_parse(cls_sheet *s, const char *xml, size_t len, cls_error *err)
{
	ods o;
	memset(&o, 0, sizeof(o));
	o.x.s = s;
	o.x.part = "content.xml";
	o.x.err = err;
	int rc = px_run(&o.x, xml, len, ods_start, ods_end);
	free(o.value);
	free(o.string_value);
	if (!rc && !o.done && !o.tables && !s->nrows) {
		clsi_seterr(err, _("content.xml holds no sheet"));
		rc = -1;
	}
	return rc;
}

/* --------------------------------------------------------------- XLSX */

static bool ns_main(const px *x, const char *name)
{
	return px_is(x, NS_MAIN, name) || px_is(x, NS_MAIN_STRICT, name);
}

/* The text of an OOXML string with its "_xHHHH_" escapes decoded: a
 * character written as its UTF-16 code (Excel writes a CR "_x000D_"), and
 * "_x005F_" a "_" (cls writes one before a literal "_xHHHH_"). */
static void ooxml_decode(cls_buf *b)
{
	if (!b->s || !memchr(b->s, '_', b->len))
		return;
	char *o = b->s;
	for (size_t i = 0; i < b->len;) {
		const char *p = b->s + i;
		unsigned v = 0;
		bool esc = i + 7 <= b->len && p[0] == '_' && p[1] == 'x'
		    && p[6] == '_';
		for (int k = 2; esc && k < 6; k++) {
			char c = p[k];
			unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			    : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			    : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
			                           : 16;
			esc = d < 16;
			v = v * 16 + d;
		}
		/* a code of one UTF-16 unit alone; NUL and the surrogates
		 * stay as written */
		if (!esc || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) {
			*o++ = b->s[i++];
			continue;
		}
		if (v < 0x80) {
			*o++ = (char)v;
		} else if (v < 0x800) {
			*o++ = (char)(0xC0 | v >> 6);
			*o++ = (char)(0x80 | (v & 0x3F));
		} else {
			*o++ = (char)(0xE0 | v >> 12);
			*o++ = (char)(0x80 | ((v >> 6) & 0x3F));
			*o++ = (char)(0x80 | (v & 0x3F));
		}
		i += 7; /* 7 bytes read, at most 3 written: o stays behind */
	}
	b->len = (size_t)(o - b->s);
	b->s[b->len] = '\0';
}

/* The shared strings, and the styles' formats. */
typedef struct xl {
	px x;
	/* xl/workbook.xml and its relationships: the first sheet */
	char *sheet_rid, *sheet_target;
	bool date1904;
	/* xl/sharedStrings.xml */
	char **strings;
	size_t nstrings;
	int in_si, in_rph, in_t;
	/* xl/styles.xml: per cell format, 'd' date, 'p' percent, 0 */
	char *xf;
	size_t nxf;
	int in_xfs;
	struct {
		unsigned id;
		char kind;
	} * fmts;
	size_t nfmts;
	/* the sheet */
	int line, next_line;
	size_t col, next_col;
	bool in_c, in_v, in_is;
	char ctype[16];
	int cstyle;
	cls_buf v;
} xl;

static void XMLCALL wb_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	xl *w = ud;
	px *x = &w->x;
	px_name(x, qn);
	if (ns_main(x, "workbookPr")) {
		const char *d = px_attr(atts, NULL, "date1904");
		w->date1904
		    = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (ns_main(x, "sheet") && !w->sheet_rid) {
		const char *id = px_attr(atts, NS_R, "id");
		if (!id)
			id = px_attr(atts, NS_R_STRICT, "id");
		if (id && !(w->sheet_rid = strdup(id)))
			px_oom(x);
	}
}

static void XMLCALL rel_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	xl *w = ud;
	px *x = &w->x;
	px_name(x, qn);
	if (!px_is(x, NS_PKG_REL, "Relationship") || w->sheet_target
	    || !w->sheet_rid)
		return;
	const char *id = px_attr(atts, NULL, "Id");
	const char *t = px_attr(atts, NULL, "Target");
	if (id && t && strcmp(id, w->sheet_rid) == 0
	    && !(w->sheet_target = strdup(t)))
		px_oom(x);
}

static void XMLCALL no_end(void *ud, const XML_Char *qn)
{
	(void)ud, (void)qn;
}

static void XMLCALL sst_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	xl *w = ud;
	px *x = &w->x;
	(void)atts;
	px_name(x, qn);
	if (ns_main(x, "si")) {
		w->in_si = 1;
		cls_buf_reset(&x->t);
	} else if (ns_main(x, "rPh")) {
		w->in_rph++; /* a phonetic reading, not the text */
	} else if (ns_main(x, "t") && w->in_si && !w->in_rph) {
		x->keep = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *qn)
{
	xl *w = ud;
	px *x = &w->x;
	px_name(x, qn);
	if (ns_main(x, "t")) {
		x->keep = false;
	} else if (ns_main(x, "rPh")) {
		if (w->in_rph)
			w->in_rph--;
	} else if (ns_main(x, "si") && w->in_si) {
		w->in_si = 0;
		if (w->nstrings >= SHEET_MAX_STRINGS) {
			px_fail(x, _("%s has more than %d strings"), x->part,
			    SHEET_MAX_STRINGS);
			return;
		}
		ooxml_decode(&x->t);
		char **v = clsi_grow(w->strings, w->nstrings, sizeof(*v));
		char *s = v ? strdup(cls_buf_str(&x->t)) : NULL;
		if (!s) {
			if (v)
				w->strings = v;
			px_oom(x);
			return;
		}
		w->strings = v;
		v[w->nstrings++] = s;
	}
}

/* Whether a number format code shows a date or time: it has a d, m, y,
 * h or s outside quotes, escapes and brackets (but "[h]", an elapsed
 * time, is one); 'p' when it has a % there, 0 for neither. */
static char code_kind(const char *c)
{
	bool date = false, pct = false;
	for (const char *p = c; *p; p++) {
		char ch = *p;
		if (ch == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (ch == '\\' || ch == '_' || ch == '*') {
			if (p[1])
				p++;
		} else if (ch == '[') {
			const char *e = strchr(p, ']');
			if (!e)
				break;
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm'
			    || p[1] == 'M' || p[1] == 's' || p[1] == 'S')
				date = true;
			p = e;
		} else if (ch == '%') {
			pct = true;
		} else if (strchr("dDmMyYhHsS", ch)) {
			date = true;
		} else if ((ch == 'G' || ch == 'g')
		    && strncmp(p + 1, "eneral", 6) == 0) {
			p += 6;
		}
	}
	return date ? 'd' : pct ? 'p' : 0;
}

/* The kind of the built-in number formats (ECMA-376, 18.8.30). */
static char builtin_kind(unsigned id)
{
	if (id == 9 || id == 10)
		return 'p';
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36)
	    || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return 'd';
	return 0;
}

static void XMLCALL sty_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	xl *w = ud;
	px *x = &w->x;
	px_name(x, qn);
	if (ns_main(x, "cellXfs")) {
		w->in_xfs = 1;
	} else if (ns_main(x, "numFmt")) {
		const char *id = px_attr(atts, NULL, "numFmtId");
		const char *code = px_attr(atts, NULL, "formatCode");
		if (!id || !code)
			return;
		if (w->nfmts >= SHEET_MAX_STRINGS) {
			px_fail(x, _("%s has more than %d strings"), x->part,
			    SHEET_MAX_STRINGS);
			return;
		}
		void *v = clsi_grow(w->fmts, w->nfmts, sizeof(*w->fmts));
		if (!v) {
			px_oom(x);
			return;
		}
		w->fmts = v;
		w->fmts[w->nfmts].id = (unsigned)strtoul(id, NULL, 10);
		w->fmts[w->nfmts++].kind = code_kind(code);
	} else if (ns_main(x, "xf") && w->in_xfs) {
		const char *id = px_attr(atts, NULL, "numFmtId");
		unsigned n = id ? (unsigned)strtoul(id, NULL, 10) : 0;
		char k = builtin_kind(n);
		for (size_t i = 0; i < w->nfmts; i++)
			if (w->fmts[i].id == n)
				k = w->fmts[i].kind;
		if (w->nxf >= SHEET_MAX_STRINGS) {
			px_fail(x, _("%s has more than %d strings"), x->part,
			    SHEET_MAX_STRINGS);
			return;
		}
		char *v = clsi_grow(w->xf, w->nxf, 1);
		if (!v) {
			px_oom(x);
			return;
		}
		w->xf = v;
		v[w->nxf++] = k;
	}
}

static void XMLCALL sty_end(void *ud, const XML_Char *qn)
{
	xl *w = ud;
	px_name(&w->x, qn);
	if (ns_main(&w->x, "cellXfs"))
		w->in_xfs = 0;
}

/* The column and row of a reference such as "AB12": false when it is
 * not one. */
static bool cell_ref(const char *r, size_t *col, int *row)
{
	size_t c = 0, letters = 0;
	for (; *r >= 'A' && *r <= 'Z'; r++, letters++)
		if ((c = c * 26 + (size_t)(*r - 'A' + 1)) > SHEET_MAX_COLS * 26)
			return false;
	if (!letters || !(*r >= '1' && *r <= '9'))
		return false;
	char *end;
	unsigned long n = strtoul(r, &end, 10);
	if (*end || n > 1u << 24)
		return false;
	*col = c - 1;
	*row = (int)n;
	return true;
}

/* A date serial of the 1900 or 1904 system as ISO 8601: "2024-03-01",
 * with the time when it has one. */
static void iso_date(double serial, bool d1904, char *out, size_t n)
{
	double day = floor(serial);
	long secs = lround((serial - day) * 86400);
	if (secs >= 86400) {
		day += 1;
		secs -= 86400;
	}
	/* days since 1970-01-01: the 1900 system counts 1900-02-29, which
	 * never was, so from 1 March 1900 its epoch is 1899-12-30 */
	long z = (long)day + (d1904 ? -24107 : day < 61 ? -25568 : -25569);
	/* civil from days (H. Hinnant) */
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (secs)
		snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02d", (int)y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60));
	else
		snprintf(out, n, "%04d-%02u-%02u", (int)y, m, d);
}

static void XMLCALL ws_start(
    void *ud, const XML_Char *qn, const XML_Char **atts)
{
	xl *w = ud;
	px *x = &w->x;
	if (x->failed)
		return;
	px_name(x, qn);
	if (ns_main(x, "row")) {
		const char *r = px_attr(atts, NULL, "r");
		unsigned long n = r ? strtoul(r, NULL, 10) : 0;
		w->line = n >= 1 && n <= 1u << 24 ? (int)n : w->next_line;
		w->next_line = w->line + 1;
		w->next_col = 0;
		row_add(x, w->line);
	} else if (ns_main(x, "c") && x->s->nrows) {
		const char *r = px_attr(atts, NULL, "r");
		const char *t = px_attr(atts, NULL, "t");
		const char *st = px_attr(atts, NULL, "s");
		int line;
		if (!r || !cell_ref(r, &w->col, &line))
			w->col = w->next_col;
		w->next_col = w->col + 1;
		snprintf(w->ctype, sizeof(w->ctype), "%s", t ? t : "n");
		w->cstyle = st ? (int)strtol(st, NULL, 10) : 0;
		w->in_c = true;
		cls_buf_reset(&x->t);
		cls_buf_reset(&w->v);
	} else if (w->in_c && ns_main(x, "v")) {
		w->in_v = true;
		x->keep = true;
	} else if (w->in_c && ns_main(x, "is")) {
		w->in_is = true;
	} else if (w->in_is && ns_main(x, "rPh")) {
		w->in_rph++;
	} else if (w->in_is && !w->in_rph && ns_main(x, "t")) {
		x->keep = true;
	}
}

/* The cell just read. */
static void ws_cell(xl *w)
{
	px *x = &w->x;
	const char *t = w->ctype;
	char fmt = w->cstyle >= 0 && (size_t)w->cstyle < w->nxf
	    ? w->xf[w->cstyle]
	    : 0;
	const char *v = cls_buf_str(&w->v);
	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (end == v || *end || i >= w->nstrings) {
			px_fail(x, _("%s: shared string \"%s\" does not exist"),
			    x->part, v);
			return;
		}
		const char *s = w->strings[i];
		if (*s)
			cell_add(x, w->col, CLS_CELL_TEXT, 0, s, strlen(s));
	} else if (strcmp(t, "inlineStr") == 0) {
		ooxml_decode(&x->t);
		if (x->t.len)
			cell_add(x, w->col, CLS_CELL_TEXT, 0,
			    cls_buf_str(&x->t), x->t.len);
	} else if (strcmp(t, "n") == 0 && *v && fmt == 'd') {
		char *end, iso[96];
		double d = strtod(v, &end);
		if (*end || !isfinite(d) || d < 0 || d > 2958465) {
			cell_add(x, w->col, CLS_CELL_TEXT, 0, v, strlen(v));
			return;
		}
		iso_date(d, w->date1904, iso, sizeof(iso));
		cell_add(x, w->col, CLS_CELL_DATE, 0, iso, strlen(iso));
	} else if (strcmp(t, "n") == 0 && *v) {
		if (!number_cell(x, w->col, v, fmt == 'p', 1))
			cell_add(x, w->col, CLS_CELL_TEXT, 0, v, strlen(v));
	} else if (*v) {
		/* a formula's text, a boolean (1, 0), an error (#N/A), an
		 * ISO date: as written */
		ooxml_decode(&w->v);
		v = cls_buf_str(&w->v);
		cell_add(x, w->col,
		    strcmp(t, "d") == 0 ? CLS_CELL_DATE : CLS_CELL_TEXT, 0, v,
		    strlen(v));
	}
}

static void XMLCALL ws_end(void *ud, const XML_Char *qn)
{
	xl *w = ud;
	px *x = &w->x;
	if (x->failed)
		return;
	px_name(x, qn);
	if (ns_main(x, "v") && w->in_v) {
		w->in_v = false;
		x->keep = false;
		cls_buf_addn(&w->v, x->t.s ? x->t.s : "", x->t.len);
		cls_buf_reset(&x->t);
		if (w->v.oom)
			px_oom(x);
	} else if (ns_main(x, "t") && w->in_is) {
		x->keep = false;
	} else if (ns_main(x, "rPh") && w->in_rph) {
		w->in_rph--;
	} else if (ns_main(x, "is")) {
		w->in_is = false;
	} else if (ns_main(x, "c") && w->in_c) {
		w->in_c = false;
		x->keep = false;
		ws_cell(w);
	} else if (ns_main(x, "row") && x->s->nrows) {
		cls_sheet *s = x->s;
		if (!s->rr[s->nrows - 1].n)
			s->nrows--; /* an empty row */
	}
}

static void xl_free(xl *w)
{
	free(w->sheet_rid);
	free(w->sheet_target);
	for (size_t i = 0; i < w->nstrings; i++)
		free(w->strings[i]);
	free(w->strings);
	free(w->xf);
	free(w->fmts);
	cls_buf_release(&w->v);
}

/* ---------------------------------------------------------- the sheet */

static cls_sheet *sheet_new(const char *kind)
{
	cls_sheet *s = calloc(1, sizeof(*s));
	if (s && !(s->a = clsi_arena_new())) {
		free(s);
		return NULL;
	}
	if (s)
		s->kind = kind;
	return s;
}

/* The rows made from s->rr, once every cell is in s->cells. */
static int sheet_finish(cls_sheet *s, cls_error *err)
{
	s->rows = malloc((s->nrows ? s->nrows : 1) * sizeof(*s->rows));
	if (!s->rows) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < s->nrows; i++) {
		const rrow *r = &s->rr[i];
		size_t n = r->n;
		/* trailing empty cells left out */
		while (n && s->cells[r->first + n - 1].kind == CLS_CELL_EMPTY)
			n--;
		s->rows[i] = (cls_sheet_row){
		    r->line, n ? s->cells + r->first : NULL, n};
	}
	return 0;
}

void cls_sheet_free(cls_sheet *s)
{
	if (!s)
		return;
	clsi_arena_free(s->a);
	free(s->cells);
	free(s->rr);
	free(s->rows);
	free(s);
}

cls_sheet *clsi_sheet_from_parts(
    bool ods_kind, const char *const *parts, const size_t *lens, cls_error *err)
{
	cls_sheet *s = sheet_new(ods_kind ? "ods" : "xlsx");
	if (!s) {
		clsi_seterr(err, _("out of memory"));
		return NULL;
	}
	int rc;
	if (ods_kind) {
		rc = ods_parse(s, parts[0], lens[0], err);
	} else {
		/* parts: the sheet, its shared strings, its styles (NULL
		 * when the workbook has none) */
		xl w;
		memset(&w, 0, sizeof(w));
		w.x.s = s;
		w.x.err = err;
		rc = 0;
		if (parts[1]) {
			w.x.part = "xl/sharedStrings.xml";
			rc = px_run(
			    &w.x, parts[1], lens[1], sst_start, sst_end);
		}
		if (!rc && parts[2]) {
			w.x.part = "xl/styles.xml";
			rc = px_run(
			    &w.x, parts[2], lens[2], sty_start, sty_end);
		}
		if (!rc && parts[3]) {
			w.x.part = "xl/workbook.xml";
			rc = px_run(&w.x, parts[3], lens[3], wb_start, no_end);
		}
		if (!rc) {
			w.x.part = "the sheet";
			w.next_line = 1;
			rc = px_run(&w.x, parts[0], lens[0], ws_start, ws_end);
		}
		xl_free(&w);
	}
	if (rc || sheet_finish(s, err)) {
		cls_sheet_free(s);
		return NULL;
	}
	return s;
}

/* ------------------------------------------------------------ the zip */

typedef struct zread {
	const clsi_lz *lz;
	zip_t *za;
	cls_error *err;
} zread;

/* The part named name, read whole (caller frees), or NULL: *absent set
 * when the archive has no such part, else err filled. */
static char *part_read(zread *z, const char *name, size_t *len, bool *absent)
{
	*absent = false;
	zip_int64_t idx = z->lz->name_locate(z->za, name, 0);
	if (idx < 0) {
		*absent = true;
		return NULL;
	}
	zip_stat_t st;
	memset(&st, 0, sizeof(st));
	if (z->lz->stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0
	    || !(st.valid & ZIP_STAT_SIZE)) {
		clsi_seterr(z->err, _("%s: the zip archive is damaged"), name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD)
	    && st.encryption_method != ZIP_EM_NONE) {
		clsi_seterr(z->err,
		    _("%s is encrypted: save the file without a password"),
		    name);
		return NULL;
	}
	/* checked before anything is inflated: a zip bomb is refused here */
	if (st.size > SHEET_MAX_PART) {
		clsi_seterr(z->err,
		    _("%s is %llu bytes once uncompressed, more than the %u "
		      "MiB "
		      "a sheet of values may be: refused"),
		    name, (unsigned long long)st.size,
		    SHEET_MAX_PART / (1024 * 1024));
		return NULL;
	}
	zip_file_t *f = z->lz->fopen_index(z->za, (zip_uint64_t)idx, 0);
	char *buf = malloc((size_t)st.size + 1);
	if (!f || !buf) {
		if (f)
			z->lz->fclose(f);
		free(buf);
		if (buf)
			clsi_seterr(
			    z->err, _("%s: the zip archive is damaged"), name);
		else
			clsi_seterr(z->err, _("out of memory"));
		return NULL;
	}
	/* never more than it declared (libzip checks the CRC at the end) */
	size_t n = 0;
	zip_int64_t got = 0;
	while (n < st.size && (got = z->lz->fread(f, buf + n, st.size - n)) > 0)
		n += (size_t)got;
	char one;
	if (got >= 0 && n == st.size)
		got = z->lz->fread(
		    f, &one, 1); /* 0 at the end, after the CRC */
	z->lz->fclose(f);
	if (got != 0 || n != st.size) {
		free(buf);
		clsi_seterr(z->err,
		    _("%s: the zip archive is damaged (its data does not match "
		      "its size or checksum)"),
		    name);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The path of the sheet target of xl/workbook.xml's relationships. */
static char *sheet_path(const char *target)
{
	const char *t = target;
	char *p;
	if (t[0] == '/') {
		p = strdup(t + 1);
	} else {
		p = malloc(strlen(t) + 4);
		if (p) {
			strcpy(p, "xl/");
			strcat(p, t);
		}
	}
	return p;
}

cls_sheet *cls_sheet_read(const void *data, size_t len, cls_error *err)
{
	const unsigned char *d = data;
	if (len < 4 || memcmp(d, "PK\x03\x04", 4) != 0) {
		clsi_seterr(
		    err, _("not a zip archive, as an .ods or .xlsx file is"));
		return NULL;
	}
	char why[256];
	const clsi_lz *lz = clsi_libzip(why, sizeof(why));
	if (!lz) {
		clsi_seterr(err,
		    _("libzip cannot be loaded (%s); install it (Debian: "
		      "apt-get install libzip4)"),
		    why);
		return NULL;
	}
	cls_sheet *s = NULL;
	char *parts[4] = {NULL, NULL, NULL, NULL};
	size_t lens[4] = {0, 0, 0, 0};
	char *rels = NULL, *path = NULL, *mt = NULL;
	zip_error_t ze;
	lz->error_init(&ze);
	zread z = {lz, NULL, err};
	zip_source_t *src = lz->source_buffer_create(data, len, 0, &ze);
	if (!src
	    || !(z.za
	        = lz->open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) {
		clsi_seterr(err, _("the zip archive is damaged: %s"),
		    lz->error_strerror(&ze));
		if (src)
			lz->source_free(src);
		goto out;
	}
	zip_int64_t entries = lz->get_num_entries(z.za, 0);
	if (entries < 0 || entries > SHEET_MAX_ENTRIES) {
		clsi_seterr(err, _("the zip archive holds more than %d files"),
		    SHEET_MAX_ENTRIES);
		goto out;
	}
	bool absent;
	size_t n;
	/* ODF: a "mimetype" naming a spreadsheet, and content.xml */
	mt = part_read(&z, "mimetype", &n, &absent);
	if (!mt && !absent)
		goto out;
	if (mt) {
		static const char ods_mt[]
		    = "application/vnd.oasis.opendocument.spreadsheet";
		if (strncmp(mt, ods_mt, sizeof(ods_mt) - 1) != 0) {
			clsi_seterr(err,
			    _("an OpenDocument file, but not a spreadsheet "
			      "(.ods): save it as a sheet"));
			goto out;
		}
		if (!(parts[0]
		        = part_read(&z, "content.xml", &lens[0], &absent))) {
			if (absent)
				clsi_seterr(err,
				    _("the spreadsheet has no content.xml"));
			goto out;
		}
		s = clsi_sheet_from_parts(
		    true, (const char *const *)parts, lens, err);
		goto out;
	}
	/* OOXML: the first sheet of the workbook, through its
	 * relationships */
	parts[3] = part_read(&z, "xl/workbook.xml", &lens[3], &absent);
	if (!parts[3]) {
		if (absent)
			clsi_seterr(err,
			    _("neither an OpenDocument spreadsheet (.ods) nor "
			      "an Excel workbook (.xlsx)"));
		goto out;
	}
	xl w;
	memset(&w, 0, sizeof(w));
	w.x.err = err;
	w.x.part = "xl/workbook.xml";
	int rc = px_run(&w.x, parts[3], lens[3], wb_start, no_end);
	size_t rlen;
	if (!rc && w.sheet_rid
	    && (rels = part_read(
	            &z, "xl/_rels/workbook.xml.rels", &rlen, &absent))) {
		w.x.part = "xl/_rels/workbook.xml.rels";
		rc = px_run(&w.x, rels, rlen, rel_start, no_end);
	} else if (!rc && w.sheet_rid && !absent) {
		rc = -1;
	}
	if (!rc)
		path = sheet_path(
		    w.sheet_target ? w.sheet_target : "worksheets/sheet1.xml");
	xl_free(&w);
	if (rc)
		goto out;
	if (!path) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	if (!(parts[0] = part_read(&z, path, &lens[0], &absent))) {
		if (absent)
			clsi_seterr(
			    err, _("the workbook has no sheet %s"), path);
		goto out;
	}
	parts[1] = part_read(&z, "xl/sharedStrings.xml", &lens[1], &absent);
	if (!parts[1] && !absent)
		goto out;
	parts[2] = part_read(&z, "xl/styles.xml", &lens[2], &absent);
	if (!parts[2] && !absent)
		goto out;
	s = clsi_sheet_from_parts(false, (const char *const *)parts, lens, err);
out:
	if (z.za)
		lz->discard(z.za); /* frees src too */
	lz->error_fini(&ze);
	for (int i = 0; i < 4; i++)
		free(parts[i]);
	free(rels);
	free(path);
	free(mt);
	return s;
}

const char *cls_sheet_kind(const cls_sheet *s)
{
	return s->kind;
}

const cls_sheet_row *cls_sheet_rows(const cls_sheet *s, size_t *n)
{
	*n = s->nrows;
	return s->rows;
}
