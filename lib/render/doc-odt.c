/* SPDX-License-Identifier: MIT */
/*
 * doc-odt.c - the document model of doc.h as OpenDocument Text 1.2 (what
 * LibreOffice writes and Word 2013 and later open): content.xml, styles.xml
 * (every paragraph, text and list style named and defined once, the
 * default in French, an A4 page whose footer numbers the pages),
 * meta.xml, the charts as SVG pictures in Pictures/, and the manifest
 * that lists every part, in a zip whose "mimetype" comes first, stored.
 * LibreOffice and Word 2016 and later draw SVG pictures; no PNG fallback
 * is written, since drawing one would take a rasterizer and its fonts.
 */
#include "doc.h"

#include <string.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define XMLNS                                                                  \
	" xmlns:office=\"" NS_OFFICE "\""                                      \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""     \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""       \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""     \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""    \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"                   \
	"xsl-fo-compatible:1.0\""                                              \
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\""                        \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:"                  \
	"svg-compatible:1.0\""

/* The styles of doc.h's paragraphs and runs, by name. */
static const char *const para_style[DOC_P_COUNT] = {
    [DOC_P_BODY] = "Text_20_body",
    [DOC_P_TITLE] = "Title",
    [DOC_P_SUBTITLE] = "Subtitle",
    [DOC_P_ALERT] = "Alerte",
    [DOC_P_SUBHEAD] = "Intertitre",
    [DOC_P_CAPTION] = "Caption",
    [DOC_P_FIGURE] = "Graphique",
    [DOC_P_ITEM] = "Puce",
    [DOC_P_QUOTE] = "Quotations",
    [DOC_P_NOTE] = "Note",
    [DOC_P_KEY] = "Chiffre_20_cle",
    [DOC_P_KEY_LEGEND] = "Legende_20_du_20_chiffre",
    [DOC_P_CELL] = "Table_20_Contents",
    [DOC_P_CELL_NUM] = "Tableau_20_nombre",
    [DOC_P_CELL_HEAD] = "Table_20_Heading",
    [DOC_P_CELL_HEAD_NUM] = "Tableau_20_en-tete_20_nombre",
};

static const char *const span_style[DOC_S_COUNT] = {
    [DOC_S_PLAIN] = NULL,
    [DOC_S_STRONG] = "Strong_20_Emphasis",
    [DOC_S_EM] = "Emphasis",
    [DOC_S_MUTED] = "Discret",
    [DOC_S_CODE] = "Source_20_Text",
    [DOC_S_OK] = "Atteint",
    [DOC_S_KO] = "Non_20_atteint",
};

#define HEADING DOC_P_COUNT /* d->cur while a heading is open */

/* --------------------------------------------------------------- body */

static void heading(clsi_doc *d, int level)
{
	d->cur = HEADING;
	cls_buf_printf(&d->body,
	    "<text:h text:style-name=\"Heading_20_%d\" "
	    "text:outline-level=\"%d\">",
	    level, level);
}

static void para(clsi_doc *d, doc_para p)
{
	d->cur = p;
	if (p == DOC_P_ITEM)
		cls_buf_add(&d->body,
		    "<text:list text:style-name=\"Puces\"><text:list-item>");
	cls_buf_printf(
	    &d->body, "<text:p text:style-name=\"%s\">", para_style[p]);
}

/* Text with its spaces kept: ODF collapses a run of spaces, so each space
 * after another (or first in the run) is a <text:s/>. */
static void piece(clsi_doc *d, const char *t, size_t n)
{
	size_t start = 0, i = 0;
	while (i < n) {
		if (t[i] != ' ' || (i > 0 && t[i - 1] != ' ')) {
			i++;
			continue;
		}
		clsi_xml_escape(&d->body, t + start, i - start);
		size_t k = i;
		while (k < n && t[k] == ' ')
			k++;
		if (k - i == 1)
			cls_buf_add(&d->body, "<text:s/>");
		else
			cls_buf_printf(
			    &d->body, "<text:s text:c=\"%zu\"/>", k - i);
		start = i = k;
	}
	clsi_xml_escape(&d->body, t + start, n - start);
}

static void brk(clsi_doc *d, char c)
{
	cls_buf_add(&d->body, c == '\t' ? "<text:tab/>" : "<text:line-break/>");
}

static void text(clsi_doc *d, doc_span s, const char *t, size_t n)
{
	if (span_style[s])
		cls_buf_printf(&d->body, "<text:span text:style-name=\"%s\">",
		    span_style[s]);
	clsi_doc_split(d, t, n, piece, brk);
	if (span_style[s])
		cls_buf_add(&d->body, "</text:span>");
}

static void end(clsi_doc *d)
{
	if (d->cur == HEADING)
		cls_buf_add(&d->body, "</text:h>");
	else if (d->cur == DOC_P_ITEM)
		cls_buf_add(&d->body, "</text:p></text:list-item></text:list>");
	else
		cls_buf_add(&d->body, "</text:p>");
	cls_buf_add(&d->body, "\n");
}

static void picture(clsi_doc *d, size_t n)
{
	const doc_pic *p = &d->pics[n];
	cls_buf_printf(&d->body,
	    "<draw:frame draw:style-name=\"Image\" draw:name=\"Graphique "
	    "%zu\" text:anchor-type=\"as-char\" svg:width=\"%.2fcm\" "
	    "svg:height=\"%.2fcm\" draw:z-index=\"%zu\"><draw:image "
	    "xlink:href=\"Pictures/graphique-%zu.svg\" xlink:type=\"simple\" "
	    "xlink:show=\"embed\" xlink:actuate=\"onLoad\"/><svg:title>",
	    n + 1, p->wcm, p->hcm, n, n + 1);
	clsi_xml_add(&d->body, p->title);
	cls_buf_add(&d->body, "</svg:title><svg:desc>");
	clsi_xml_add(&d->body, p->desc);
	cls_buf_add(&d->body, "</svg:desc></draw:frame>");
}

static void table(clsi_doc *d, doc_table t, const doc_col *cols, size_t n)
{
	cls_buf_printf(&d->body,
	    "<table:table table:name=\"Tableau%d\" "
	    "table:style-name=\"%s\">\n",
	    ++d->tables, t == DOC_T_KEYS ? "Chiffres" : "Tableau");
	for (size_t i = 0; i < n; i++) {
		int w = cols[i].width < 1 ? 1
		    : cols[i].width > 100 ? 100
		                          : cols[i].width;
		d->widths[w] = true;
		cls_buf_printf(&d->body,
		    "<table:table-column table:style-name=\"Col%d\"/>", w);
	}
	cls_buf_add(&d->body, "\n");
}

static void row(clsi_doc *d, doc_row kind)
{
	if (kind == DOC_R_HEAD && !d->head_rows) {
		cls_buf_add(&d->body, "<table:table-header-rows>");
		d->head_rows = true;
	} else if (kind != DOC_R_HEAD && d->head_rows) {
		cls_buf_add(&d->body, "</table:table-header-rows>\n");
		d->head_rows = false;
	}
	cls_buf_add(&d->body, "<table:table-row>");
}

static void cell(clsi_doc *d)
{
	const char *st = d->tstyle == DOC_T_KEYS ? "CelluleChiffre"
	    : d->row == DOC_R_HEAD               ? "CelluleEntete"
	    : d->row == DOC_R_TOTAL              ? "CelluleTotal"
	                                         : "Cellule";
	cls_buf_printf(&d->body,
	    "<table:table-cell table:style-name=\"%s\" "
	    "office:value-type=\"string\">",
	    st);
}

static void cell_end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</table:table-cell>");
}

static void row_end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</table:table-row>\n");
}

static void table_end(clsi_doc *d)
{
	if (d->head_rows)
		cls_buf_add(&d->body, "</table:table-header-rows>\n");
	d->head_rows = false;
	cls_buf_add(&d->body, "</table:table>\n");
}

/* ------------------------------------------------------------ the parts */

/* The table of contents: LibreOffice rebuilds it, page numbers and all,
 * with Tools > Update; until then it lists the headings as written. */
static void toc(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<text:table-of-content text:name=\"Sommaire\">"
	    "<text:table-of-content-source text:outline-level=\"3\" "
	    "text:use-index-marks=\"false\">"
	    "<text:index-title-template "
	    "text:style-name=\"Contents_20_Heading\">"
	    "Sommaire</text:index-title-template>");
	for (int l = 1; l <= 3; l++)
		cls_buf_printf(b,
		    "<text:table-of-content-entry-template "
		    "text:outline-level=\"%d\" "
		    "text:style-name=\"Contents_20_%d\">"
		    "<text:index-entry-link-start/><text:index-entry-text/>"
		    "<text:index-entry-tab-stop style:type=\"right\" "
		    "style:leader-char=\".\"/><text:index-entry-page-number/>"
		    "<text:index-entry-link-end/>"
		    "</text:table-of-content-entry-template>",
		    l, l);
	cls_buf_add(b,
	    "</text:table-of-content-source><text:index-body>"
	    "<text:index-title text:name=\"Sommaire_Titre\">"
	    "<text:p text:style-name=\"Contents_20_Heading\">Sommaire</text:p>"
	    "</text:index-title>\n");
	for (size_t i = 0; i < d->nheads; i++) {
		cls_buf_printf(b, "<text:p text:style-name=\"Contents_20_%d\">",
		    d->heads[i].level);
		clsi_xml_add(b, d->heads[i].text);
		cls_buf_add(b, "</text:p>\n");
	}
	cls_buf_add(b, "</text:index-body></text:table-of-content>\n");
}

static void content(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-content" XMLNS " office:version=\"1.2\">\n"
	    "<office:automatic-styles>\n"
	    "<style:style style:name=\"Tableau\" style:family=\"table\">"
	    "<style:table-properties style:width=\"17cm\" "
	    "table:align=\"margins\" fo:margin-top=\"0.1cm\" "
	    "fo:margin-bottom=\"0.35cm\"/></style:style>\n"
	    "<style:style style:name=\"Chiffres\" style:family=\"table\">"
	    "<style:table-properties style:width=\"17cm\" "
	    "table:align=\"margins\" fo:margin-top=\"0.2cm\" "
	    "fo:margin-bottom=\"0.4cm\"/></style:style>\n");
	for (int w = 1; w <= 100; w++)
		if (d->widths[w])
			cls_buf_printf(b,
			    "<style:style style:name=\"Col%d\" "
			    "style:family=\"table-column\">"
			    "<style:table-column-properties "
			    "style:rel-column-width=\"%d*\"/></style:style>\n",
			    w, w * 100);
	cls_buf_add(b,
	    "<style:style style:name=\"Cellule\" style:family=\"table-cell\">"
	    "<style:table-cell-properties fo:padding=\"0.08cm\" "
	    "fo:border-left=\"none\" fo:border-right=\"none\" "
	    "fo:border-top=\"none\" fo:border-bottom=\"0.5pt solid #d5dae1\"/>"
	    "</style:style>\n"
	    "<style:style style:name=\"CelluleEntete\" "
	    "style:family=\"table-cell\">"
	    "<style:table-cell-properties fo:padding=\"0.08cm\" "
	    "fo:background-color=\"#f4f6f9\" fo:border-left=\"none\" "
	    "fo:border-right=\"none\" fo:border-top=\"none\" "
	    "fo:border-bottom=\"1.5pt solid #5a6472\"/></style:style>\n"
	    "<style:style style:name=\"CelluleTotal\" "
	    "style:family=\"table-cell\">"
	    "<style:table-cell-properties fo:padding=\"0.08cm\" "
	    "fo:border-left=\"none\" fo:border-right=\"none\" "
	    "fo:border-top=\"1.5pt solid #5a6472\" "
	    "fo:border-bottom=\"0.5pt solid #d5dae1\"/></style:style>\n"
	    "<style:style style:name=\"CelluleChiffre\" "
	    "style:family=\"table-cell\">"
	    "<style:table-cell-properties fo:padding=\"0.2cm\" "
	    "fo:background-color=\"#f4f6f9\" fo:border-left=\"3pt solid "
	    "#ffffff\" fo:border-right=\"3pt solid #ffffff\" "
	    "fo:border-top=\"3pt solid #2a6cb0\" fo:border-bottom=\"none\"/>"
	    "</style:style>\n"
	    "<style:style style:name=\"Image\" style:family=\"graphic\" "
	    "style:parent-style-name=\"Graphics\"><style:graphic-properties "
	    "style:vertical-pos=\"top\" style:vertical-rel=\"baseline\" "
	    "fo:padding=\"0cm\" fo:border=\"none\"/></style:style>\n"
	    "</office:automatic-styles>\n<office:body>\n<office:text>\n");
	size_t at = d->toc_at <= d->body.len ? d->toc_at : d->body.len;
	cls_buf_addn(b, cls_buf_str(&d->body), at);
	if (d->has_toc)
		toc(d, b);
	cls_buf_addn(b, cls_buf_str(&d->body) + at, d->body.len - at);
	cls_buf_add(
	    b, "</office:text>\n</office:body>\n</office:document-content>\n");
}

/* A paragraph style: name, display name (NULL: the name), parent, next,
 * then its paragraph and text properties. */
static void pstyle(cls_buf *b, const char *name, const char *display,
    const char *parent, const char *pp, const char *tp)
{
	cls_buf_printf(b, "<style:style style:name=\"%s\"", name);
	if (display)
		cls_buf_printf(b, " style:display-name=\"%s\"", display);
	cls_buf_printf(b, " style:family=\"paragraph\"");
	if (parent)
		cls_buf_printf(b, " style:parent-style-name=\"%s\"", parent);
	cls_buf_add(b, ">");
	if (pp)
		cls_buf_printf(b, "<style:paragraph-properties %s/>", pp);
	if (tp)
		cls_buf_printf(b, "<style:text-properties %s/>", tp);
	cls_buf_add(b, "</style:style>\n");
}

static void tstyle(
    cls_buf *b, const char *name, const char *display, const char *tp)
{
	cls_buf_printf(b, "<style:style style:name=\"%s\"", name);
	if (display)
		cls_buf_printf(b, " style:display-name=\"%s\"", display);
	cls_buf_printf(b,
	    " style:family=\"text\"><style:text-properties %s/>"
	    "</style:style>\n",
	    tp);
}

#define KEEP "fo:keep-with-next=\"always\""
#define BOLD                                                                   \
	"fo:font-weight=\"bold\" style:font-weight-asian=\"bold\" "            \
	"style:font-weight-complex=\"bold\""
#define ITALIC                                                                 \
	"fo:font-style=\"italic\" style:font-style-asian=\"italic\" "          \
	"style:font-style-complex=\"italic\""

static void styles(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-styles" XMLNS " office:version=\"1.2\">\n"
	    "<office:font-face-decls>"
	    "<style:font-face style:name=\"Liberation Sans\" "
	    "svg:font-family=\"&apos;Liberation Sans&apos;\" "
	    "style:font-family-generic=\"swiss\" "
	    "style:font-pitch=\"variable\"/>"
	    "<style:font-face style:name=\"Liberation Mono\" "
	    "svg:font-family=\"&apos;Liberation Mono&apos;\" "
	    "style:font-family-generic=\"modern\" style:font-pitch=\"fixed\"/>"
	    "</office:font-face-decls>\n<office:styles>\n"
	    "<style:default-style style:family=\"paragraph\">"
	    "<style:paragraph-properties style:tab-stop-distance=\"1.25cm\" "
	    "style:writing-mode=\"lr-tb\"/>"
	    "<style:text-properties style:font-name=\"Liberation Sans\" "
	    "fo:font-size=\"10pt\" fo:language=\"fr\" fo:country=\"FR\" "
	    "fo:hyphenate=\"false\"/></style:default-style>\n"
	    "<style:default-style style:family=\"table\">"
	    "<style:table-properties table:border-model=\"collapsing\"/>"
	    "</style:default-style>\n"
	    "<style:style style:name=\"Graphics\" style:family=\"graphic\">"
	    "<style:graphic-properties text:anchor-type=\"as-char\" "
	    "style:vertical-pos=\"top\" style:vertical-rel=\"baseline\"/>"
	    "</style:style>\n");
	pstyle(b, "Standard", NULL, NULL, NULL, NULL);
	pstyle(b, "Text_20_body", "Text body", "Standard",
	    "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.18cm\" "
	    "fo:line-height=\"120%\"",
	    NULL);
	pstyle(b, "Heading", NULL, "Standard",
	    "fo:margin-top=\"0.5cm\" fo:margin-bottom=\"0.2cm\" " KEEP,
	    "fo:color=\"#1d3a5f\" " BOLD);
	pstyle(b, "Heading_20_1", "Heading 1", "Heading",
	    "fo:margin-top=\"0.8cm\" fo:padding-bottom=\"0.08cm\" "
	    "fo:border-bottom=\"2.25pt solid #1d3a5f\" "
	    "style:default-outline-level=\"1\"",
	    "fo:font-size=\"17pt\"");
	pstyle(b, "Heading_20_2", "Heading 2", "Heading",
	    "style:default-outline-level=\"2\"", "fo:font-size=\"14pt\"");
	pstyle(b, "Heading_20_3", "Heading 3", "Heading",
	    "style:default-outline-level=\"3\"",
	    "fo:font-size=\"12pt\" fo:color=\"#1b2430\"");
	pstyle(b, "Title", NULL, "Standard",
	    "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.2cm\" "
	    "fo:padding=\"0.4cm\" fo:background-color=\"#1d3a5f\"",
	    "fo:font-size=\"22pt\" fo:color=\"#ffffff\" " BOLD);
	pstyle(b, "Subtitle", NULL, "Standard",
	    "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.4cm\"",
	    "fo:font-size=\"11pt\" fo:color=\"#5a6472\" "
	    "fo:text-transform=\"uppercase\" fo:letter-spacing=\"0.05cm\"");
	pstyle(b, "Alerte", NULL, "Text_20_body",
	    "fo:margin-top=\"0.3cm\" fo:margin-bottom=\"0.3cm\" "
	    "fo:padding=\"0.25cm\" fo:border=\"1.5pt solid #b3261e\" "
	    "fo:background-color=\"#fdecea\"",
	    "fo:color=\"#6e1510\"");
	pstyle(b, "Intertitre", NULL, "Text_20_body",
	    "fo:margin-top=\"0.3cm\" fo:margin-bottom=\"0.1cm\" " KEEP, BOLD);
	pstyle(b, "Caption", NULL, "Standard",
	    "fo:margin-top=\"0.25cm\" fo:margin-bottom=\"0.1cm\" " KEEP,
	    "fo:font-size=\"9.5pt\" " BOLD);
	pstyle(b, "Graphique", NULL, "Standard",
	    "fo:margin-top=\"0.2cm\" fo:margin-bottom=\"0cm\" "
	    "fo:text-align=\"center\" " KEEP,
	    NULL);
	pstyle(b, "Puce", NULL, "Text_20_body", "fo:margin-bottom=\"0.08cm\"",
	    NULL);
	pstyle(b, "Quotations", NULL, "Text_20_body",
	    "fo:margin-left=\"0.5cm\" fo:padding-left=\"0.3cm\" "
	    "fo:border-left=\"2.25pt solid #d5dae1\"",
	    "fo:color=\"#2c3643\" " ITALIC);
	pstyle(b, "Note", NULL, "Text_20_body", NULL,
	    "fo:font-size=\"9pt\" fo:color=\"#5a6472\"");
	pstyle(b, "Chiffre_20_cle", "Chiffre clé", "Standard",
	    "fo:margin-bottom=\"0.05cm\"",
	    "fo:font-size=\"18pt\" fo:color=\"#1d3a5f\" " BOLD);
	pstyle(b, "Legende_20_du_20_chiffre", "Légende du chiffre", "Standard",
	    NULL, "fo:font-size=\"8.5pt\" fo:color=\"#5a6472\"");
	pstyle(b, "Table_20_Contents", "Table Contents", "Standard", NULL,
	    "fo:font-size=\"9pt\"");
	pstyle(b, "Tableau_20_nombre", "Tableau nombre", "Table_20_Contents",
	    "fo:text-align=\"end\"", NULL);
	pstyle(b, "Table_20_Heading", "Table Heading", "Table_20_Contents",
	    NULL, BOLD);
	pstyle(b, "Tableau_20_en-tete_20_nombre", "Tableau en-tête nombre",
	    "Table_20_Heading", "fo:text-align=\"end\"", NULL);
	pstyle(b, "Contents_20_Heading", "Contents Heading", "Heading", NULL,
	    "fo:font-size=\"14pt\"");
	for (int l = 1; l <= 3; l++) {
		char name[32], disp[32], pp[160];
		snprintf(name, sizeof(name), "Contents_20_%d", l);
		snprintf(disp, sizeof(disp), "Contents %d", l);
		snprintf(pp, sizeof(pp),
		    "fo:margin-left=\"%.1fcm\" fo:margin-bottom=\"0.05cm\"",
		    0.5 * (l - 1));
		pstyle(b, name, disp, "Standard", pp,
		    l == 1 ? BOLD : "fo:font-size=\"9.5pt\"");
	}
	pstyle(b, "Footer", NULL, "Standard", NULL,
	    "fo:font-size=\"8pt\" fo:color=\"#5a6472\"");
	tstyle(b, "Strong_20_Emphasis", "Strong Emphasis", BOLD);
	tstyle(b, "Emphasis", NULL, ITALIC);
	tstyle(b, "Discret", NULL, "fo:color=\"#5a6472\"");
	tstyle(b, "Source_20_Text", "Source Text",
	    "style:font-name=\"Liberation Mono\" fo:font-size=\"8.5pt\"");
	tstyle(b, "Atteint", NULL, "fo:color=\"#2e7d45\" " BOLD);
	tstyle(
	    b, "Non_20_atteint", "Non atteint", "fo:color=\"#c2541b\" " BOLD);
	cls_buf_add(b,
	    "<text:outline-style style:name=\"Outline\">"
	    "<text:outline-level-style text:level=\"1\" style:num-format=\"\"/>"
	    "<text:outline-level-style text:level=\"2\" style:num-format=\"\"/>"
	    "<text:outline-level-style text:level=\"3\" style:num-format=\"\"/>"
	    "</text:outline-style>\n"
	    "<text:list-style style:name=\"Puces\">"
	    "<text:list-level-style-bullet text:level=\"1\" "
	    "text:bullet-char=\"•\"><style:list-level-properties "
	    "text:list-level-position-and-space-mode=\"label-alignment\">"
	    "<style:list-level-label-alignment "
	    "text:label-followed-by=\"listtab\" "
	    "text:list-tab-stop-position=\"0.6cm\" fo:text-indent=\"-0.4cm\" "
	    "fo:margin-left=\"0.6cm\"/></style:list-level-properties>"
	    "</text:list-level-style-bullet></text:list-style>\n"
	    "</office:styles>\n<office:automatic-styles>"
	    "<style:page-layout style:name=\"A4\">"
	    "<style:page-layout-properties fo:page-width=\"21cm\" "
	    "fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" "
	    "fo:margin-top=\"1.8cm\" fo:margin-bottom=\"1.2cm\" "
	    "fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/>"
	    "<style:footer-style><style:header-footer-properties "
	    "fo:min-height=\"0.6cm\" fo:margin-top=\"0.4cm\"/>"
	    "</style:footer-style></style:page-layout>"
	    "<style:style style:name=\"PiedDePage\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"Footer\"><style:paragraph-properties>"
	    "<style:tab-stops><style:tab-stop style:position=\"17cm\" "
	    "style:type=\"right\"/></style:tab-stops>"
	    "</style:paragraph-properties></style:style>"
	    "</office:automatic-styles>\n<office:master-styles>"
	    "<style:master-page style:name=\"Standard\" "
	    "style:page-layout-name=\"A4\"><style:footer>"
	    "<text:p text:style-name=\"PiedDePage\">");
	clsi_xml_add(b, d->title);
	cls_buf_add(b,
	    "<text:tab/>Page <text:page-number text:select-page=\"current\">1"
	    "</text:page-number> / <text:page-count>1</text:page-count>"
	    "</text:p></style:footer></style:master-page>"
	    "</office:master-styles>\n</office:document-styles>\n");
}

static void meta(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-meta xmlns:office=\"" NS_OFFICE "\" "
	    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "office:version=\"1.2\"><office:meta>"
	    "<meta:generator>cls " CLS_VERSION "</meta:generator><dc:title>");
	clsi_xml_add(b, d->title);
	cls_buf_add(b,
	    "</dc:title><dc:language>fr-FR</dc:language></office:meta>"
	    "</office:document-meta>\n");
}

static void manifest(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:"
	    "opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
	    "<manifest:file-entry manifest:full-path=\"/\" "
	    "manifest:version=\"1.2\" manifest:media-type=\"application/"
	    "vnd.oasis.opendocument.text\"/>\n"
	    "<manifest:file-entry manifest:full-path=\"content.xml\" "
	    "manifest:media-type=\"text/xml\"/>\n"
	    "<manifest:file-entry manifest:full-path=\"styles.xml\" "
	    "manifest:media-type=\"text/xml\"/>\n"
	    "<manifest:file-entry manifest:full-path=\"meta.xml\" "
	    "manifest:media-type=\"text/xml\"/>\n");
	for (size_t i = 0; i < d->npics; i++)
		cls_buf_printf(b,
		    "<manifest:file-entry manifest:full-path=\"Pictures/"
		    "graphique-%zu.svg\" "
		    "manifest:media-type=\"image/svg+xml\"/>"
		    "\n",
		    i + 1);
	cls_buf_add(b, "</manifest:manifest>\n");
}

static int finish(clsi_doc *d, FILE *out, cls_error *err)
{
	clsi_zip *z = clsi_zip_new();
	if (!z) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	cls_buf b = {0};
	clsi_zip_add(z, "mimetype", mt, sizeof(mt) - 1, true);
	content(d, &b);
	clsi_zip_add_buf(z, "content.xml", &b, false);
	styles(d, &b);
	clsi_zip_add_buf(z, "styles.xml", &b, false);
	meta(d, &b);
	clsi_zip_add_buf(z, "meta.xml", &b, false);
	for (size_t i = 0; i < d->npics; i++) {
		char name[64];
		snprintf(
		    name, sizeof(name), "Pictures/graphique-%zu.svg", i + 1);
		clsi_zip_add_buf(z, name, &d->pics[i].svg, false);
	}
	manifest(d, &b);
	clsi_zip_add_buf(z, "META-INF/manifest.xml", &b, false);
	int rc = clsi_zip_write(z, out, err);
	clsi_zip_free(z);
	return rc;
}

const doc_ops clsi_doc_odt = {
    heading,
    para,
    text,
    end,
    picture,
    table,
    row,
    cell,
    cell_end,
    row_end,
    table_end,
    finish,
};
