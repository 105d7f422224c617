/* SPDX-License-Identifier: MIT */
/*
 * sheet.c - one table as a spreadsheet, for funders and porteurs: the
 * cells cells.c gives (a clsi_sink), each written with its type, in
 * OpenDocument 1.2 (.ods: what LibreOffice writes, and Excel 2010 and
 * later open) or Office Open XML (.xlsx: what Excel writes), in a zip made
 * by zip.c (libzip).  What a file holds is in cls-export(1), SHEETS:
 *   - one sheet, named as the table ("fiches"), whose first row is the
 *     header: bold, frozen (it stays in view when scrolling) and, in ODS,
 *     repeated on every printed page;
 *   - typed cells: a number is a number cell (ODS float, XLSX numeric)
 *     whatever the locale, so no spreadsheet guesses a decimal comma or a
 *     date; a year an integer shown without grouping ("2024"); an amount
 *     a currency cell in euros ("22 000,00 €"); a rate or an avancement a
 *     percentage (66.7 % is the value 0.667); every other cell a text,
 *     ids such as "1.2.1" included, which no reader turns into a date;
 *   - no formula, ever: a text that starts with "=" is a text cell, shown
 *     as written (the CSV writer's "'" is not needed and not written);
 *   - text goes into XML through clsi_xml_escape() only (xml.c, fuzzed):
 *     markup, "]]>", quotes arrive as text, each control character XML
 *     forbids as U+FFFD; line breaks are kept (ODS: a paragraph a line;
 *     XLSX: LF, and CR as Excel's "_x000D_", a literal "_xHHHH_" escaped
 *     as "_x005F_xHHHH_" so that Excel does not decode it), runs of spaces
 *     and tabs as ODF writes them (text:s, text:tab);
 *   - an XLSX cell holds at most 32,767 characters, Excel's limit: a
 *     longer text is cut there, and ends with "…" (ODS has no such limit);
 *   - columns as wide as their widest cell (its longest line), between 6
 *     and 60 characters; a text that is longer or holds a line break is
 *     wrapped in its cell;
 *   - the same bytes for the same rows: no date, no generator but "cls"
 *     and its version, parts in a fixed order (zip.c fixes their dates).
 */
#include "render.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MIN_WIDTH 6 /* characters */
#define MAX_WIDTH 60
#define WRAP_AT 60 /* a longer text wraps in its cell */
#define XLSX_MAX_CELL 32767 /* UTF-16 units in an Excel cell */

/* The cell styles, the same five in both formats. */
enum { ST_TEXT, ST_HEAD, ST_YEAR, ST_MONEY, ST_PERCENT, ST_WRAP };

/* A string of the XLSX shared-string table, found by its hash. */
typedef struct sstr {
	uint64_t hash;
	size_t off, len; /* in pool */
	size_t idx;
	bool used;
} sstr;

struct clsi_sheet {
	clsi_sink sink; /* first: a clsi_sheet is a sink */
	cls_format fmt;
	char *name;
	size_t ncols;
	size_t col; /* cells written in the current row */
	size_t rows; /* rows written, the header included */
	size_t *width; /* per column, in characters */
	cls_buf body; /* the rows, as XML */
	cls_buf tmp;
	/* XLSX: the shared strings, each once */
	cls_buf sst; /* their <si> elements */
	cls_buf pool; /* their bytes, to compare */
	sstr *tab; /* open addressing, a power of two */
	size_t tabcap, nstrings, nrefs;
};

/* ------------------------------------------------------------- helpers */

static clsi_sheet *sheet_of(clsi_sink *s)
{
	return (clsi_sheet *)s;
}

/* The width of the n bytes of UTF-8 text at t: its longest line, in
 * characters; *lines gets whether it holds a line break. */
static size_t text_width(const char *t, size_t n, bool *lines)
{
	size_t best = 0, cur = 0;
	*lines = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == '\n' || c == '\r') {
			*lines = true;
			cur = 0;
			continue;
		}
		if ((c & 0xC0) != 0x80 && ++cur > best)
			best = cur;
	}
	return best;
}

static void widen(clsi_sheet *sh, size_t w)
{
	if (sh->col < sh->ncols && w > sh->width[sh->col])
		sh->width[sh->col] = w;
}

/* The column letters of column i (0: "A", 26: "AA"). */
static void col_name(char *out, size_t i)
{
	char tmp[8];
	size_t n = 0;
	i++;
	while (i && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = tmp[n - 1 - k];
	out[n] = '\0';
}

/* The final width of column i, in characters. */
static size_t col_width(const clsi_sheet *sh, size_t i)
{
	size_t w = sh->width[i];
	return w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
}

/* ----------------------------------------------------------------- ODS */

/* One line of text in an ODF paragraph: a single space between two other
 * characters is kept as it is, every other run of spaces is a
 * <text:s/>, a tab a <text:tab/> (ODF collapses white space). */
static void ods_line(cls_buf *b, const char *t, size_t n)
{
	size_t start = 0, i = 0;
	while (i < n) {
		if (t[i] != ' ' && t[i] != '\t') {
			i++;
			continue;
		}
		clsi_xml_escape(b, t + start, i - start);
		if (t[i] == '\t') {
			cls_buf_add(b, "<text:tab/>");
			start = ++i;
			continue;
		}
		size_t k = i;
		while (k < n && t[k] == ' ')
			k++;
		if (k - i == 1 && i > 0 && k < n && t[k] != '\t')
			cls_buf_add(b, " ");
		else if (k - i == 1)
			cls_buf_add(b, "<text:s/>");
		else
			cls_buf_printf(b, "<text:s text:c=\"%zu\"/>", k - i);
		start = i = k;
	}
	clsi_xml_escape(b, t + start, n - start);
}

/* Text as ODF paragraphs, one a line (LF, CR LF or CR). */
static void ods_paras(cls_buf *b, const char *t, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && t[i] != '\n' && t[i] != '\r')
			continue;
		cls_buf_add(b, "<text:p>");
		ods_line(b, t + start, i - start);
		cls_buf_add(b, "</text:p>");
		if (i < n && t[i] == '\r' && i + 1 < n && t[i + 1] == '\n')
			i++;
		start = i + 1;
	}
}

static const char *const ods_style[] = {
    [ST_TEXT] = NULL,
    [ST_HEAD] = "En-tete",
    [ST_YEAR] = "Annee",
    [ST_MONEY] = "Montant",
    [ST_PERCENT] = "Taux",
    [ST_WRAP] = "Texte_20_long",
};

static void ods_cell_open(clsi_sheet *sh, const char *type, int style)
{
	cls_buf_printf(
	    &sh->body, "<table:table-cell office:value-type=\"%s\"", type);
	if (ods_style[style])
		cls_buf_printf(
		    &sh->body, " table:style-name=\"%s\"", ods_style[style]);
}

static void ods_text(clsi_sheet *sh, const char *t, size_t n, int style)
{
	ods_cell_open(sh, "string", style);
	cls_buf_add(&sh->body, ">");
	ods_paras(&sh->body, t, n);
	cls_buf_add(&sh->body, "</table:table-cell>");
}

static void ods_number(
    clsi_sheet *sh, clsi_kind k, const char *value, const char *shown)
{
	static const char *const type[] = {[CLSI_NUMBER] = "float",
	    [CLSI_YEAR] = "float",
	    [CLSI_MONEY] = "currency",
	    [CLSI_PERCENT] = "percentage"};
	static const int style[] = {[CLSI_NUMBER] = ST_TEXT,
	    [CLSI_YEAR] = ST_YEAR,
	    [CLSI_MONEY] = ST_MONEY,
	    [CLSI_PERCENT] = ST_PERCENT};
	ods_cell_open(sh, type[k], style[k]);
	if (k == CLSI_MONEY)
		cls_buf_add(&sh->body, " office:currency=\"EUR\"");
	cls_buf_printf(&sh->body, " office:value=\"%s\"><text:p>", value);
	clsi_xml_add(&sh->body, shown);
	cls_buf_add(&sh->body, "</text:p></table:table-cell>");
}

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define ODS_XMLNS                                                              \
	" xmlns:office=\"" NS_OFFICE "\""                                      \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""     \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""       \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""     \
	" xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:"               \
	"datastyle:1.0\""                                                      \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"                   \
	"xsl-fo-compatible:1.0\""

/* The width of a column in centimetres, for about w characters of the
 * default font (Liberation Sans 10 pt). */
static double ods_cm(size_t w)
{
	return 0.21 * (double)w + 0.3;
}

static void ods_content(clsi_sheet *sh, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-content" ODS_XMLNS " office:version=\"1.2\">\n"
	    "<office:automatic-styles>\n");
	/* one column style per width used, named by it */
	bool used[MAX_WIDTH + 1] = {false};
	for (size_t i = 0; i < sh->ncols; i++)
		used[col_width(sh, i)] = true;
	for (size_t w = 0; w <= MAX_WIDTH; w++)
		if (used[w])
			cls_buf_printf(b,
			    "<style:style style:name=\"co%zu\" "
			    "style:family=\"table-column\">"
			    "<style:table-column-properties "
			    "fo:break-before=\"auto\" "
			    "style:column-width=\"%.2fcm\"/></style:style>\n",
			    w, ods_cm(w));
	cls_buf_add(b,
	    "</office:automatic-styles>\n<office:body><office:spreadsheet>\n"
	    "<table:table table:name=\"");
	clsi_xml_add(b, sh->name);
	cls_buf_add(b, "\">\n");
	for (size_t i = 0; i < sh->ncols; i++)
		cls_buf_printf(b,
		    "<table:table-column table:style-name=\"co%zu\" "
		    "table:default-cell-style-name=\"Default\"/>\n",
		    col_width(sh, i));
	cls_buf_addn(b, sh->body.s ? sh->body.s : "", sh->body.len);
	cls_buf_add(b,
	    "</table:table>\n</office:spreadsheet></office:body>\n"
	    "</office:document-content>\n");
}

static void ods_styles(cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-styles" ODS_XMLNS " office:version=\"1.2\">\n"
	    "<office:styles>\n"
	    /* a year: an integer, never grouped */
	    "<number:number-style style:name=\"N-annee\">"
	    "<number:number number:decimal-places=\"0\" "
	    "number:min-integer-digits=\"1\"/></number:number-style>\n"
	    /* euros, the French way: 22 000,00 € */
	    "<number:currency-style style:name=\"N-euros\" "
	    "number:language=\"fr\" number:country=\"FR\">"
	    "<number:number number:decimal-places=\"2\" "
	    "number:min-integer-digits=\"1\" number:grouping=\"true\"/>"
	    "<number:text> </number:text><number:currency-symbol "
	    "number:language=\"fr\" number:country=\"FR\">€"
	    "</number:currency-symbol></number:currency-style>\n"
	    /* a rate: 66,7 % */
	    "<number:percentage-style style:name=\"N-taux\">"
	    "<number:number number:decimal-places=\"1\" "
	    "number:min-integer-digits=\"1\"/><number:text> %</number:text>"
	    "</number:percentage-style>\n"
	    "<style:default-style style:family=\"table-cell\">"
	    "<style:text-properties style:font-name=\"Liberation Sans\" "
	    "fo:font-size=\"10pt\" fo:language=\"fr\" fo:country=\"FR\"/>"
	    "</style:default-style>\n"
	    "<style:style style:name=\"Default\" style:family=\"table-cell\">"
	    "<style:table-cell-properties style:vertical-align=\"top\"/>"
	    "</style:style>\n"
	    "<style:style style:name=\"En-tete\" "
	    "style:display-name=\"En-tête\" "
	    "style:family=\"table-cell\" style:parent-style-name=\"Default\">"
	    "<style:text-properties fo:font-weight=\"bold\" "
	    "style:font-weight-asian=\"bold\" "
	    "style:font-weight-complex=\"bold\"/></style:style>\n"
	    "<style:style style:name=\"Annee\" style:display-name=\"Année\" "
	    "style:family=\"table-cell\" style:parent-style-name=\"Default\" "
	    "style:data-style-name=\"N-annee\"/>\n"
	    "<style:style style:name=\"Montant\" style:family=\"table-cell\" "
	    "style:parent-style-name=\"Default\" "
	    "style:data-style-name=\"N-euros\"/>\n"
	    "<style:style style:name=\"Taux\" style:family=\"table-cell\" "
	    "style:parent-style-name=\"Default\" "
	    "style:data-style-name=\"N-taux\"/>\n"
	    "<style:style style:name=\"Texte_20_long\" "
	    "style:display-name=\"Texte long\" style:family=\"table-cell\" "
	    "style:parent-style-name=\"Default\">"
	    "<style:table-cell-properties fo:wrap-option=\"wrap\"/>"
	    "</style:style>\n"
	    "</office:styles>\n</office:document-styles>\n");
}

/* The view: the header row frozen (split at row 1, the lower pane
 * active), as LibreOffice keeps it. */
static void ods_settings(clsi_sheet *sh, cls_buf *b)
{
	static const struct {
		const char *name, *type;
		int v;
	} items[] = {
	    {"HorizontalSplitMode", "short", 0},
	    {"VerticalSplitMode", "short", 2},
	    {"HorizontalSplitPosition", "int", 0},
	    {"VerticalSplitPosition", "int", 1},
	    {"ActiveSplitRange", "short", 2},
	    {"PositionLeft", "int", 0},
	    {"PositionRight", "int", 0},
	    {"PositionTop", "int", 0},
	    {"PositionBottom", "int", 1},
	};
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-settings xmlns:office=\"" NS_OFFICE "\" "
	    "xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" "
	    "office:version=\"1.2\"><office:settings>"
	    "<config:config-item-set config:name=\"ooo:view-settings\">"
	    "<config:config-item-map-indexed config:name=\"Views\">"
	    "<config:config-item-map-entry>"
	    "<config:config-item config:name=\"ViewId\" "
	    "config:type=\"string\">view1</config:config-item>"
	    "<config:config-item-map-named config:name=\"Tables\">"
	    "<config:config-item-map-entry config:name=\"");
	clsi_xml_add(b, sh->name);
	cls_buf_add(b, "\">");
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		cls_buf_printf(b,
		    "<config:config-item config:name=\"%s\" "
		    "config:type=\"%s\">%d</config:config-item>",
		    items[i].name, items[i].type, items[i].v);
	cls_buf_add(b,
	    "</config:config-item-map-entry></config:config-item-map-named>"
	    "<config:config-item config:name=\"ActiveTable\" "
	    "config:type=\"string\">");
	clsi_xml_add(b, sh->name);
	cls_buf_add(b,
	    "</config:config-item></config:config-item-map-entry>"
	    "</config:config-item-map-indexed></config:config-item-set>"
	    "</office:settings></office:document-settings>\n");
}

static void ods_meta(clsi_sheet *sh, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-meta xmlns:office=\"" NS_OFFICE "\" "
	    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "office:version=\"1.2\"><office:meta>"
	    "<meta:generator>cls " CLS_VERSION "</meta:generator><dc:title>");
	clsi_xml_add(b, sh->name);
	cls_buf_add(b,
	    "</dc:title><dc:language>fr-FR</dc:language></office:meta>"
	    "</office:document-meta>\n");
}

static void ods_manifest(cls_buf *b)
{
	static const char *const parts[]
	    = {"content.xml", "styles.xml", "settings.xml", "meta.xml"};
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:"
	    "opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
	    "<manifest:file-entry manifest:full-path=\"/\" "
	    "manifest:version=\"1.2\" manifest:media-type=\"application/"
	    "vnd.oasis.opendocument.spreadsheet\"/>\n");
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		cls_buf_printf(b,
		    "<manifest:file-entry manifest:full-path=\"%s\" "
		    "manifest:media-type=\"text/xml\"/>\n",
		    parts[i]);
	cls_buf_add(b, "</manifest:manifest>\n");
}

static void ods_write(clsi_sheet *sh, clsi_zip *z)
{
	static const char mt[]
	    = "application/vnd.oasis.opendocument.spreadsheet";
	cls_buf b = {0};
	clsi_zip_add(z, "mimetype", mt, sizeof(mt) - 1, true);
	ods_content(sh, &b);
	clsi_zip_add_buf(z, "content.xml", &b, false);
	ods_styles(&b);
	clsi_zip_add_buf(z, "styles.xml", &b, false);
	ods_settings(sh, &b);
	clsi_zip_add_buf(z, "settings.xml", &b, false);
	ods_meta(sh, &b);
	clsi_zip_add_buf(z, "meta.xml", &b, false);
	ods_manifest(&b);
	clsi_zip_add_buf(z, "META-INF/manifest.xml", &b, false);
}

/* ---------------------------------------------------------------- XLSX */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R                                                                   \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL                                                             \
	"http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_OOXML "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* Text for an OOXML string: escaped for XML, each CR written "_x000D_"
 * (XML readers turn a CR into a LF), and the "_" of a literal "_xHHHH_"
 * written "_x005F_" so that Excel reads it back as written ("_xHHHH"
 * before a CR is one too, once the CR is "_x000D_"). */
static void xlsx_escape(cls_buf *b, const char *t, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		bool hex = t[i] == '_' && i + 6 < n && t[i + 1] == 'x'
		    && (t[i + 6] == '_' || t[i + 6] == '\r');
		for (size_t k = 2; hex && k < 6; k++)
			hex = (t[i + k] >= '0' && t[i + k] <= '9')
			    || (t[i + k] >= 'a' && t[i + k] <= 'f')
			    || (t[i + k] >= 'A' && t[i + k] <= 'F');
		if (t[i] != '\r' && !hex)
			continue;
		clsi_xml_escape(b, t + start, i - start);
		cls_buf_add(b, t[i] == '\r' ? "_x000D_" : "_x005F_");
		start = i + 1;
	}
	clsi_xml_escape(b, t + start, n - start);
}

/* The index of string t[0..n) in the shared-string table, added once. */
static size_t xlsx_string(clsi_sheet *sh, const char *t, size_t n)
{
	if (sh->nstrings * 2 >= sh->tabcap) {
		size_t cap = sh->tabcap ? sh->tabcap * 2 : 256;
		sstr *tab = calloc(cap, sizeof(*tab));
		if (!tab) {
			sh->sink.oom = true;
			return 0;
		}
		for (size_t i = 0; i < sh->tabcap; i++) {
			if (!sh->tab[i].used)
				continue;
			size_t j = sh->tab[i].hash & (cap - 1);
			while (tab[j].used)
				j = (j + 1) & (cap - 1);
			tab[j] = sh->tab[i];
		}
		free(sh->tab);
		sh->tab = tab;
		sh->tabcap = cap;
	}
	uint64_t h = clsi_hash(t, n);
	size_t j = h & (sh->tabcap - 1);
	for (; sh->tab[j].used; j = (j + 1) & (sh->tabcap - 1)) {
		const sstr *e = &sh->tab[j];
		if (e->hash == h && e->len == n
		    && memcmp(sh->pool.s + e->off, t, n) == 0)
			return e->idx;
	}
	sstr *e = &sh->tab[j];
	*e = (sstr){h, sh->pool.len, n, sh->nstrings++, true};
	cls_buf_addn(&sh->pool, t, n);
	cls_buf_add(&sh->sst, "<si><t xml:space=\"preserve\">");
	xlsx_escape(&sh->sst, t, n);
	cls_buf_add(&sh->sst, "</t></si>\n");
	if (sh->pool.oom || sh->sst.oom)
		sh->sink.oom = true;
	return e->idx;
}

static void xlsx_ref(clsi_sheet *sh)
{
	char c[8];
	col_name(c, sh->col);
	cls_buf_printf(&sh->body, "<c r=\"%s%zu\"", c, sh->rows + 1);
}

static void xlsx_text(clsi_sheet *sh, const char *t, size_t n, int style)
{
	/* Excel's limit, counted as the XML will hold the text */
	size_t keep = clsi_xml_cut(t, n, XLSX_MAX_CELL - 1);
	bool cut = keep < n && clsi_xml_cut(t, n, XLSX_MAX_CELL) < n;
	size_t idx;
	if (cut) {
		cls_buf_reset(&sh->tmp);
		cls_buf_addn(&sh->tmp, t, keep);
		cls_buf_add(&sh->tmp, "…");
		idx = xlsx_string(sh, sh->tmp.s ? sh->tmp.s : "", sh->tmp.len);
	} else {
		idx = xlsx_string(sh, t, n);
	}
	xlsx_ref(sh);
	if (style != ST_TEXT)
		cls_buf_printf(&sh->body, " s=\"%d\"", style);
	cls_buf_printf(&sh->body, " t=\"s\"><v>%zu</v></c>", idx);
	sh->nrefs++;
}

static void xlsx_number(clsi_sheet *sh, clsi_kind k, const char *value)
{
	static const int style[] = {[CLSI_NUMBER] = ST_TEXT,
	    [CLSI_YEAR] = ST_YEAR,
	    [CLSI_MONEY] = ST_MONEY,
	    [CLSI_PERCENT] = ST_PERCENT};
	xlsx_ref(sh);
	if (style[k] != ST_TEXT)
		cls_buf_printf(&sh->body, " s=\"%d\"", style[k]);
	cls_buf_printf(&sh->body, "><v>%s</v></c>", value);
}

static void xlsx_sheet(clsi_sheet *sh, cls_buf *b)
{
	char last[8];
	col_name(last, sh->ncols ? sh->ncols - 1 : 0);
	cls_buf_printf(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
	    "<dimension ref=\"A1:%s%zu\"/>"
	    "<sheetViews><sheetView workbookViewId=\"0\">"
	    "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
	    "state=\"frozen\"/><selection pane=\"bottomLeft\" "
	    "activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
	    "<sheetFormatPr defaultRowHeight=\"12.8\"/>\n<cols>",
	    last, sh->rows ? sh->rows : 1);
	for (size_t i = 0; i < sh->ncols; i++)
		cls_buf_printf(b,
		    "<col min=\"%zu\" max=\"%zu\" width=\"%zu.5\" "
		    "customWidth=\"1\"/>",
		    i + 1, i + 1, col_width(sh, i) + 1);
	cls_buf_add(b, "</cols>\n<sheetData>\n");
	cls_buf_addn(b, sh->body.s ? sh->body.s : "", sh->body.len);
	cls_buf_add(b, "</sheetData></worksheet>\n");
}

static void xlsx_styles(cls_buf *b)
{
#define XF " fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<styleSheet xmlns=\"" NS_MAIN "\">"
	    "<numFmts count=\"2\">"
	    "<numFmt numFmtId=\"164\" formatCode=\"#,##0.00\\ &quot;€&quot;\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></numFmts>"
	    "<fonts count=\"2\"><font><sz val=\"10\"/>"
	    "<name val=\"Liberation Sans\"/><family val=\"2\"/></font>"
	    "<font><b/><sz val=\"10\"/><name val=\"Liberation Sans\"/>"
	    "<family val=\"2\"/></font></fonts>"
	    "<fills count=\"2\"><fill><patternFill "
	    "patternType=\"none\"/></fill>"
	    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	    "<borders count=\"1\"><border><left/><right/><top/><bottom/>"
	    "<diagonal/></border></borders>"
	    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
	    "fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	    "<cellXfs count=\"6\">"
	    /* ST_TEXT, ST_HEAD, ST_YEAR, ST_MONEY, ST_PERCENT, ST_WRAP */
	    "<xf numFmtId=\"0\"" XF "><alignment vertical=\"top\"/></xf>"
	    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyFont=\"1\"><alignment vertical=\"top\"/></xf>"
	    "<xf numFmtId=\"1\"" XF " applyNumberFormat=\"1\">"
	    "<alignment vertical=\"top\"/></xf>"
	    "<xf numFmtId=\"164\"" XF " applyNumberFormat=\"1\">"
	    "<alignment vertical=\"top\"/></xf>"
	    "<xf numFmtId=\"165\"" XF " applyNumberFormat=\"1\">"
	    "<alignment vertical=\"top\"/></xf>"
	    "<xf numFmtId=\"0\"" XF " applyAlignment=\"1\">"
	    "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
	    "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" "
	    "xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>\n");
#undef XF
}

static void xlsx_write(clsi_sheet *sh, clsi_zip *z)
{
	cls_buf b = {0};
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	    "content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/"
	    "vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/xl/workbook.xml\" "
	    "ContentType=\"" CT_OOXML "sheet.main+xml\"/>"
	    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
	    "ContentType=\"" CT_OOXML "worksheet+xml\"/>"
	    "<Override PartName=\"/xl/styles.xml\" "
	    "ContentType=\"" CT_OOXML "styles+xml\"/>"
	    "<Override PartName=\"/xl/sharedStrings.xml\" "
	    "ContentType=\"" CT_OOXML "sharedStrings+xml\"/>"
	    "</Types>\n");
	clsi_zip_add_buf(z, "[Content_Types].xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"" NS_PKG_REL "\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" "
	    "Target=\"xl/workbook.xml\"/></Relationships>\n");
	clsi_zip_add_buf(z, "_rels/.rels", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
	    "<bookViews><workbookView activeTab=\"0\"/></bookViews>"
	    "<sheets><sheet name=\"");
	clsi_xml_add(&b, sh->name);
	cls_buf_add(
	    &b, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n");
	clsi_zip_add_buf(z, "xl/workbook.xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"" NS_PKG_REL "\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_R "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_R "/styles\" "
	    "Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_R "/sharedStrings\" "
	    "Target=\"sharedStrings.xml\"/></Relationships>\n");
	clsi_zip_add_buf(z, "xl/_rels/workbook.xml.rels", &b, false);
	xlsx_sheet(sh, &b);
	clsi_zip_add_buf(z, "xl/worksheets/sheet1.xml", &b, false);
	xlsx_styles(&b);
	clsi_zip_add_buf(z, "xl/styles.xml", &b, false);
	cls_buf_printf(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<sst xmlns=\"" NS_MAIN "\" count=\"%zu\" uniqueCount=\"%zu\">\n",
	    sh->nrefs, sh->nstrings);
	cls_buf_addn(&b, sh->sst.s ? sh->sst.s : "", sh->sst.len);
	cls_buf_add(&b, "</sst>\n");
	clsi_zip_add_buf(z, "xl/sharedStrings.xml", &b, false);
}

/* ------------------------------------------------------------ the sink */

static void row_open(clsi_sheet *sh)
{
	if (sh->col)
		return;
	if (sh->fmt == CLS_FORMAT_ODS)
		cls_buf_add(&sh->body, "<table:table-row>");
	else
		cls_buf_printf(&sh->body, "<row r=\"%zu\">", sh->rows + 1);
}

static void sheet_text(clsi_sink *s, const char *t, size_t n)
{
	clsi_sheet *sh = sheet_of(s);
	bool lines;
	size_t w = text_width(t, n, &lines);
	int style = lines || w > WRAP_AT ? ST_WRAP : ST_TEXT;
	row_open(sh);
	widen(sh, w);
	if (sh->fmt == CLS_FORMAT_ODS)
		ods_text(sh, t, n, style);
	else
		xlsx_text(sh, t, n, style);
	sh->col++;
}

static void sheet_number(clsi_sink *s, clsi_kind k, double x)
{
	clsi_sheet *sh = sheet_of(s);
	char value[64];
	/* the value held: a percent as its fraction (66.7 % is 0.667) */
	clsi_shortest(value, sizeof(value), k == CLSI_PERCENT ? x / 100 : x);
	cls_buf *shown = &sh->tmp;
	cls_buf_reset(shown);
	switch (k) {
	case CLSI_YEAR:
		cls_buf_printf(shown, "%.0f", x);
		break;
	case CLSI_MONEY:
		clsi_fmt_money(shown, x, &clsi_seps_plain);
		break;
	case CLSI_PERCENT:
		clsi_fmt_num(shown, x, &clsi_seps_plain);
		cls_buf_add(shown, " %");
		break;
	default:
		/* as French LibreOffice shows a number of its general format:
		 * all its decimals, after a comma */
		cls_buf_add(shown, value);
		if (shown->s)
			for (char *p = shown->s; *p; p++)
				if (*p == '.')
					*p = ',';
		break;
	}
	row_open(sh);
	/* as shown: "22 000,00 €" has the two decimals of its style */
	widen(
	    sh, clsi_u8_width(cls_buf_str(shown)) + (k == CLSI_MONEY ? 3 : 0));
	if (sh->fmt == CLS_FORMAT_ODS)
		ods_number(sh, k, value, cls_buf_str(shown));
	else
		xlsx_number(sh, k, value);
	sh->col++;
}

static void sheet_empty(clsi_sink *s)
{
	clsi_sheet *sh = sheet_of(s);
	row_open(sh);
	if (sh->fmt == CLS_FORMAT_ODS)
		cls_buf_add(&sh->body, "<table:table-cell/>");
	sh->col++;
}

static void sheet_end_row(clsi_sink *s)
{
	clsi_sheet *sh = sheet_of(s);
	row_open(sh); /* a row without cells is a row too */
	if (sh->fmt == CLS_FORMAT_ODS) {
		cls_buf_add(&sh->body, "</table:table-row>\n");
		if (sh->rows == 0)
			cls_buf_add(&sh->body, "</table:table-header-rows>\n");
	} else {
		cls_buf_add(&sh->body, "</row>\n");
	}
	sh->rows++;
	sh->col = 0;
	if (sh->body.oom || sh->tmp.oom)
		s->oom = true;
}

static void sheet_head(clsi_sink *s, const char *const *names, size_t n)
{
	clsi_sheet *sh = sheet_of(s);
	free(sh->width);
	sh->ncols = n;
	sh->width = calloc(n ? n : 1, sizeof(*sh->width));
	if (!sh->width) {
		s->oom = true;
		sh->ncols = 0;
		return;
	}
	if (sh->fmt == CLS_FORMAT_ODS)
		cls_buf_add(&sh->body, "<table:table-header-rows>");
	row_open(sh);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		widen(sh, len + 2); /* bold, and room for a filter's arrow */
		if (sh->fmt == CLS_FORMAT_ODS)
			ods_text(sh, names[i], len, ST_HEAD);
		else
			xlsx_text(sh, names[i], len, ST_HEAD);
		sh->col++;
	}
	sheet_end_row(s);
}

/* ------------------------------------------------------------- the file */

clsi_sheet *clsi_sheet_new(cls_format fmt, const char *name)
{
	clsi_sheet *sh = calloc(1, sizeof(*sh));
	if (!sh)
		return NULL;
	sh->sink.head = sheet_head;
	sh->sink.text = sheet_text;
	sh->sink.number = sheet_number;
	sh->sink.empty = sheet_empty;
	sh->sink.end_row = sheet_end_row;
	sh->fmt = fmt == CLS_FORMAT_XLSX ? CLS_FORMAT_XLSX : CLS_FORMAT_ODS;
	if (!(sh->name = strdup(name))) {
		free(sh);
		return NULL;
	}
	return sh;
}

void clsi_sheet_free(clsi_sheet *sh)
{
	if (!sh)
		return;
	free(sh->name);
	free(sh->width);
	free(sh->tab);
	cls_buf_release(&sh->body);
	cls_buf_release(&sh->tmp);
	cls_buf_release(&sh->sst);
	cls_buf_release(&sh->pool);
	cls_buf_release(&sh->sink.join);
	free(sh);
}

clsi_sink *clsi_sheet_sink(clsi_sheet *sh)
{
	return &sh->sink;
}

int clsi_sheet_write(clsi_sheet *sh, FILE *out, cls_error *err)
{
	if (sh->sink.oom) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	clsi_zip *z = clsi_zip_new();
	if (!z) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	if (sh->fmt == CLS_FORMAT_ODS)
		ods_write(sh, z);
	else
		xlsx_write(sh, z);
	int rc = clsi_zip_write(z, out, err);
	clsi_zip_free(z);
	return rc;
}
