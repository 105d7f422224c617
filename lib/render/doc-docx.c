/* SPDX-License-Identifier: MIT */
/*
 * doc-docx.c - the document model of doc.h as Office Open XML
 * (WordprocessingML, what Word writes): word/document.xml, its styles
 * (Word's own built-in names where there is one, "heading 1" to
 * "heading 3" with their outline levels, so that Word shows them as
 * "Titre 1"... in French; the others named once), a bullet numbering, a
 * footer that numbers the pages of A4 sections, the document's settings
 * in French, its properties, and the charts as SVG pictures in
 * word/media/.  A picture names its SVG through the asvg:svgBlip
 * extension that Word 2016 and later read, and through the blip itself,
 * which LibreOffice reads; cls draws no PNG fallback (that would take a
 * rasterizer and its fonts), so Word 2013 and older show no chart: the
 * tables beside each chart give the same figures.
 */
#include "doc.h"

#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS                                                                   \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE R_NS "/"

/* The text width on A4 with margins of 2 cm, in twips (1/1440 in). */
#define TEXT_TWIPS 9638
#define EMU_PER_CM 360000.0

static const char *const para_style[DOC_P_COUNT] = {
    [DOC_P_BODY] = "BodyText",
    [DOC_P_TITLE] = "Title",
    [DOC_P_SUBTITLE] = "Subtitle",
    [DOC_P_ALERT] = "Alerte",
    [DOC_P_SUBHEAD] = "Intertitre",
    [DOC_P_CAPTION] = "Caption",
    [DOC_P_FIGURE] = "Graphique",
    [DOC_P_ITEM] = "ListBullet",
    [DOC_P_QUOTE] = "Quote",
    [DOC_P_NOTE] = "Note",
    [DOC_P_KEY] = "Chiffrecle",
    [DOC_P_KEY_LEGEND] = "Legendeduchiffre",
    [DOC_P_CELL] = "TableContents",
    [DOC_P_CELL_NUM] = "Tableaunombre",
    [DOC_P_CELL_HEAD] = "TableHeading",
    [DOC_P_CELL_HEAD_NUM] = "Tableauentetenombre",
};

static const char *const span_style[DOC_S_COUNT] = {
    [DOC_S_PLAIN] = NULL,
    [DOC_S_STRONG] = "Strong",
    [DOC_S_EM] = "Emphasis",
    [DOC_S_MUTED] = "Discret",
    [DOC_S_CODE] = "SourceText",
    [DOC_S_OK] = "Atteint",
    [DOC_S_KO] = "Nonatteint",
};

/* --------------------------------------------------------------- body */

static void heading(clsi_doc *d, int level)
{
	cls_buf_printf(&d->body,
	    "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/></w:pPr>", level);
}

static void para(clsi_doc *d, doc_para p)
{
	d->cur = p;
	cls_buf_printf(&d->body, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>",
	    para_style[p]);
}

static void piece(clsi_doc *d, const char *t, size_t n)
{
	cls_buf_add(&d->body, "<w:t xml:space=\"preserve\">");
	clsi_xml_escape(&d->body, t, n);
	cls_buf_add(&d->body, "</w:t>");
}

static void brk(clsi_doc *d, char c)
{
	cls_buf_add(&d->body, c == '\t' ? "<w:tab/>" : "<w:br/>");
}

static void text(clsi_doc *d, doc_span s, const char *t, size_t n)
{
	cls_buf_add(&d->body, "<w:r>");
	if (span_style[s])
		cls_buf_printf(&d->body,
		    "<w:rPr><w:rStyle w:val=\"%s\"/></w:rPr>", span_style[s]);
	clsi_doc_split(d, t, n, piece, brk);
	cls_buf_add(&d->body, "</w:r>");
}

static void end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</w:p>\n");
}

static void picture(clsi_doc *d, size_t n)
{
	const doc_pic *p = &d->pics[n];
	long cx = (long)(p->wcm * EMU_PER_CM), cy = (long)(p->hcm * EMU_PER_CM);
	cls_buf *b = &d->body;
	cls_buf_printf(b,
	    "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" "
	    "distR=\"0\"><wp:extent cx=\"%ld\" cy=\"%ld\"/>"
	    "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
	    "<wp:docPr id=\"%zu\" name=\"Graphique %zu\" descr=\"",
	    cx, cy, n + 1, n + 1);
	clsi_xml_add(b, p->title);
	cls_buf_add(b, ". ");
	clsi_xml_add(b, p->desc);
	cls_buf_printf(b,
	    "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks "
	    "noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
	    "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org"
	    "/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr "
	    "id=\"%zu\" name=\"graphique-%zu.svg\"/><pic:cNvPicPr/>"
	    "</pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg%zu\">"
	    "<a:extLst><a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\">"
	    "<asvg:svgBlip r:embed=\"rIdImg%zu\"/></a:ext></a:extLst>"
	    "</a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
	    "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" "
	    "cy=\"%ld\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/>"
	    "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
	    "</wp:inline></w:drawing></w:r>",
	    n + 1, n + 1, n + 1, n + 1, cx, cy);
}

static void table(clsi_doc *d, doc_table t, const doc_col *cols, size_t n)
{
	cls_buf_printf(&d->body,
	    "<w:tbl><w:tblPr><w:tblStyle w:val=\"%s\"/>"
	    "<w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout "
	    "w:type=\"fixed\"/>"
	    "<w:tblLook w:val=\"%s\" w:firstRow=\"%d\" w:lastRow=\"0\" "
	    "w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" "
	    "w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
	    t == DOC_T_KEYS ? "Chiffres" : "Tableau",
	    t == DOC_T_DATA ? "0620" : "0600", t == DOC_T_DATA);
	for (size_t i = 0; i < n; i++)
		cls_buf_printf(&d->body, "<w:gridCol w:w=\"%d\"/>",
		    TEXT_TWIPS * cols[i].width / 100);
	cls_buf_add(&d->body, "</w:tblGrid>\n");
}

static void row(clsi_doc *d, doc_row kind)
{
	cls_buf_add(&d->body,
	    kind == DOC_R_HEAD ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/>"
	                         "</w:trPr>"
	                       : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
}

static void cell(clsi_doc *d)
{
	int w = d->col < d->ncols ? d->cols[d->col].width : 10;
	cls_buf_printf(&d->body,
	    "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"pct\"/>", w * 50);
	if (d->row == DOC_R_TOTAL && d->tstyle != DOC_T_KEYS)
		cls_buf_add(&d->body,
		    "<w:tcBorders><w:top w:val=\"single\" w:sz=\"12\" "
		    "w:space=\"0\" w:color=\"5A6472\"/></w:tcBorders>");
	cls_buf_add(&d->body, "</w:tcPr>");
}

static void cell_end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</w:tc>");
}

static void row_end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</w:tr>\n");
}

static void table_end(clsi_doc *d)
{
	cls_buf_add(&d->body, "</w:tbl>\n");
}

/* ------------------------------------------------------------ the parts */

/* The table of contents, a TOC field whose result lists the headings as
 * written; Word fills in the page numbers when its fields are updated
 * (F9), LibreOffice with Tools > Update. */
static void toc(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery "
	    "w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj>"
	    "</w:sdtPr><w:sdtContent>\n"
	    "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:t>"
	    "Sommaire</w:t></w:r></w:p>\n");
	for (size_t i = 0; i < d->nheads; i++) {
		cls_buf_printf(b,
		    "<w:p><w:pPr><w:pStyle w:val=\"TOC%d\"/>"
		    "</w:pPr>",
		    d->heads[i].level);
		if (i == 0)
			cls_buf_add(b,
			    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
			    "<w:r><w:instrText xml:space=\"preserve\"> TOC "
			    "\\o &quot;1-3&quot; \\h \\z \\u </w:instrText>"
			    "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
			    "</w:r>");
		cls_buf_add(b, "<w:r><w:t xml:space=\"preserve\">");
		clsi_xml_add(b, d->heads[i].text);
		cls_buf_add(b, "</w:t></w:r>");
		if (i + 1 == d->nheads)
			cls_buf_add(
			    b, "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
		cls_buf_add(b, "</w:p>\n");
	}
	cls_buf_add(b, "</w:sdtContent></w:sdt>\n");
}

static void document(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\" "
	    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/"
	    "wordprocessingDrawing\" "
	    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
	    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/"
	    "picture\" "
	    "xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/"
	    "SVG/main\">\n<w:body>\n");
	size_t at = d->toc_at <= d->body.len ? d->toc_at : d->body.len;
	cls_buf_addn(b, cls_buf_str(&d->body), at);
	if (d->has_toc && d->nheads)
		toc(d, b);
	cls_buf_addn(b, cls_buf_str(&d->body) + at, d->body.len - at);
	cls_buf_add(b,
	    "<w:sectPr><w:footerReference w:type=\"default\" "
	    "r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	    "<w:pgMar w:top=\"1021\" w:right=\"1134\" w:bottom=\"907\" "
	    "w:left=\"1134\" w:header=\"567\" w:footer=\"340\" w:gutter=\"0\"/>"
	    "<w:cols w:space=\"708\"/></w:sectPr>\n</w:body>\n</w:document>\n");
}

/* A style: its type, id, name, parent, then what goes in it (pPr, rPr,
 * tblPr... in the order the schema wants), built-in names marked by
 * Word's own lower case ("heading 1"). */
static void style(cls_buf *b, const char *type, const char *id,
    const char *name, const char *parent, const char *body)
{
	cls_buf_printf(b,
	    "<w:style w:type=\"%s\" w:styleId=\"%s\">"
	    "<w:name w:val=\"%s\"/>",
	    type, id, name);
	if (parent)
		cls_buf_printf(b, "<w:basedOn w:val=\"%s\"/>", parent);
	cls_buf_printf(b, "<w:qFormat/>%s</w:style>\n", body ? body : "");
}

#define B_ "<w:b/><w:bCs/>"
#define SZ(n) "<w:sz w:val=\"" #n "\"/><w:szCs w:val=\"" #n "\"/>"
#define COLOR(c) "<w:color w:val=\"" c "\"/>"
#define KEEP "<w:keepNext/>"

static void styles(cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:styles xmlns:w=\"" W_NS "\">\n"
	    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts "
	    "w:ascii=\"Liberation Sans\" w:hAnsi=\"Liberation Sans\" "
	    "w:eastAsia=\"Liberation Sans\" w:cs=\"Liberation Sans\"/>" SZ(
	        20) "<w:lang w:val=\"fr-FR\" w:eastAsia=\"fr-FR\" "
	            "w:bidi=\"ar-SA\"/>"
	            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	            "<w:spacing w:after=\"0\" w:line=\"264\" "
	            "w:lineRule=\"auto\"/>"
	            "</w:pPr></w:pPrDefault></w:docDefaults>\n"
	            "<w:style w:type=\"paragraph\" w:default=\"1\" "
	            "w:styleId=\"Normal\">"
	            "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n"
	            "<w:style w:type=\"character\" w:default=\"1\" "
	            "w:styleId=\"DefaultParagraphFont\"><w:name "
	            "w:val=\"Default "
	            "Paragraph Font\"/><w:uiPriority "
	            "w:val=\"1\"/><w:semiHidden/>"
	            "<w:unhideWhenUsed/></w:style>\n"
	            "<w:style w:type=\"table\" w:default=\"1\" "
	            "w:styleId=\"TableNormal\">"
	            "<w:name w:val=\"Normal Table\"/><w:uiPriority "
	            "w:val=\"99\"/>"
	            "<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd "
	            "w:w=\"0\" "
	            "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
	            "w:type=\"dxa\"/>"
	            "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
	            "w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
	            "</w:tblCellMar></w:tblPr></w:style>\n"
	            "<w:style w:type=\"numbering\" w:default=\"1\" "
	            "w:styleId=\"NoList\">"
	            "<w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/>"
	            "<w:semiHidden/><w:unhideWhenUsed/></w:style>\n");
	style(b, "paragraph", "BodyText", "Body Text", "Normal",
	    "<w:pPr><w:spacing w:after=\"100\"/></w:pPr>");
	static const char *const hsize[] = {"34", "28", "24"};
	for (int l = 1; l <= 3; l++) {
		char id[16], name[16], body[512];
		snprintf(id, sizeof(id), "Heading%d", l);
		snprintf(name, sizeof(name), "heading %d", l);
		snprintf(body, sizeof(body),
		    "<w:pPr>" KEEP "<w:keepLines/>%s<w:spacing w:before=\"%d\" "
		    "w:after=\"120\"/><w:outlineLvl w:val=\"%d\"/></w:pPr>"
		    "<w:rPr>" B_ "<w:color w:val=\"%s\"/><w:sz w:val=\"%s\"/>"
		    "<w:szCs w:val=\"%s\"/></w:rPr>",
		    l == 1 ? "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"18\" "
		             "w:space=\"1\" w:color=\"1D3A5F\"/></w:pBdr>"
		           : "",
		    l == 1 ? 480 : 300, l - 1, l == 3 ? "1B2430" : "1D3A5F",
		    hsize[l - 1], hsize[l - 1]);
		style(b, "paragraph", id, name, "Normal", body);
	}
	style(b, "paragraph", "Title", "Title", "Normal",
	    "<w:pPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"1D3A5F\"/>"
	    "<w:spacing w:after=\"120\"/></w:pPr><w:rPr>" B_ COLOR("FFFFFF")
	        SZ(44) "</w:rPr>");
	style(b, "paragraph", "Subtitle", "Subtitle", "Normal",
	    "<w:pPr><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:caps/>" COLOR(
	        "5A6472") SZ(22) "</w:rPr>");
	style(b, "paragraph", "Alerte", "Alerte", "BodyText",
	    "<w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"12\" w:space=\"4\" "
	    "w:color=\"B3261E\"/><w:left w:val=\"single\" w:sz=\"12\" "
	    "w:space=\"4\" w:color=\"B3261E\"/><w:bottom w:val=\"single\" "
	    "w:sz=\"12\" w:space=\"4\" w:color=\"B3261E\"/><w:right "
	    "w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"B3261E\"/>"
	    "</w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" "
	    "w:fill=\"FDECEA\"/>"
	    "<w:spacing w:before=\"160\" w:after=\"160\"/></w:pPr>"
	    "<w:rPr>" COLOR("6E1510") "</w:rPr>");
	style(b, "paragraph", "Intertitre", "Intertitre", "BodyText",
	    "<w:pPr>" KEEP "<w:spacing w:before=\"160\" w:after=\"60\"/>"
	    "</w:pPr><w:rPr>" B_ "</w:rPr>");
	style(b, "paragraph", "Caption", "caption", "Normal",
	    "<w:pPr>" KEEP "<w:spacing w:before=\"140\" w:after=\"60\"/>"
	    "</w:pPr><w:rPr>" B_ SZ(19) "</w:rPr>");
	style(b, "paragraph", "Graphique", "Graphique", "Normal",
	    "<w:pPr>" KEEP "<w:spacing w:before=\"120\"/><w:jc "
	    "w:val=\"center\"/></w:pPr>");
	style(b, "paragraph", "ListBullet", "List Bullet", "BodyText",
	    "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing "
	    "w:after=\"40\"/><w:ind w:left=\"340\" "
	    "w:hanging=\"227\"/></w:pPr>");
	style(b, "paragraph", "Quote", "Quote", "BodyText",
	    "<w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" "
	    "w:color=\"D5DAE1\"/></w:pBdr><w:ind w:left=\"340\"/></w:pPr>"
	    "<w:rPr><w:i/><w:iCs/>" COLOR("2C3643") "</w:rPr>");
	style(b, "paragraph", "Note", "Note", "BodyText",
	    "<w:rPr>" COLOR("5A6472") SZ(18) "</w:rPr>");
	style(b, "paragraph", "Chiffrecle", "Chiffre clé", "Normal",
	    "<w:pPr><w:spacing w:before=\"60\" w:after=\"20\"/></w:pPr>"
	    "<w:rPr>" B_ COLOR("1D3A5F") SZ(36) "</w:rPr>");
	style(b, "paragraph", "Legendeduchiffre", "Légende du chiffre",
	    "Normal",
	    "<w:pPr><w:spacing w:after=\"60\"/></w:pPr><w:rPr>" COLOR("5A6472")
	        SZ(17) "</w:rPr>");
	style(b, "paragraph", "TableContents", "Table Contents", "Normal",
	    "<w:pPr><w:spacing w:before=\"40\" w:after=\"40\"/></w:pPr>"
	    "<w:rPr>" SZ(18) "</w:rPr>");
	style(b, "paragraph", "Tableaunombre", "Tableau nombre",
	    "TableContents", "<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
	style(b, "paragraph", "TableHeading", "Table Heading", "TableContents",
	    "<w:pPr>" KEEP "</w:pPr><w:rPr>" B_ "</w:rPr>");
	style(b, "paragraph", "Tableauentetenombre", "Tableau en-tête nombre",
	    "TableHeading", "<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
	style(b, "paragraph", "TOCHeading", "TOC Heading", "Normal",
	    "<w:pPr>" KEEP "<w:spacing w:before=\"240\" w:after=\"120\"/>"
	    "</w:pPr><w:rPr>" B_ COLOR("1D3A5F") SZ(28) "</w:rPr>");
	for (int l = 1; l <= 3; l++) {
		char id[8], name[8], body[200];
		snprintf(id, sizeof(id), "TOC%d", l);
		snprintf(name, sizeof(name), "toc %d", l);
		snprintf(body, sizeof(body),
		    "<w:pPr><w:spacing w:after=\"40\"/><w:ind w:left=\"%d\"/>"
		    "</w:pPr><w:rPr>%s</w:rPr>",
		    283 * (l - 1), l == 1 ? B_ : SZ(19));
		style(b, "paragraph", id, name, "Normal", body);
	}
	style(b, "paragraph", "Footer", "footer", "Normal",
	    "<w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs>"
	    "</w:pPr><w:rPr>" COLOR("5A6472") SZ(16) "</w:rPr>");
	style(
	    b, "character", "Strong", "Strong", NULL, "<w:rPr>" B_ "</w:rPr>");
	style(b, "character", "Emphasis", "Emphasis", NULL,
	    "<w:rPr><w:i/><w:iCs/></w:rPr>");
	style(b, "character", "Discret", "Discret", NULL,
	    "<w:rPr>" COLOR("5A6472") "</w:rPr>");
	style(b, "character", "SourceText", "Source Text", NULL,
	    "<w:rPr><w:rFonts w:ascii=\"Liberation Mono\" "
	    "w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/>" SZ(
	        17) "</w:rPr>");
	style(b, "character", "Atteint", "Atteint", NULL,
	    "<w:rPr>" B_ COLOR("2E7D45") "</w:rPr>");
	style(b, "character", "Nonatteint", "Non atteint", NULL,
	    "<w:rPr>" B_ COLOR("C2541B") "</w:rPr>");
	style(b, "table", "Tableau", "Tableau du bilan", "TableNormal",
	    "<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:tblPr><w:tblBorders>"
	    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
	    "w:color=\"D5DAE1\"/><w:insideH w:val=\"single\" w:sz=\"4\" "
	    "w:space=\"0\" w:color=\"D5DAE1\"/></w:tblBorders><w:tblCellMar>"
	    "<w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" "
	    "w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right "
	    "w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
	    "<w:tblStylePr w:type=\"firstRow\"><w:rPr>" B_ "</w:rPr><w:tblPr/>"
	    "<w:tcPr><w:tcBorders><w:bottom w:val=\"single\" w:sz=\"12\" "
	    "w:space=\"0\" w:color=\"5A6472\"/></w:tcBorders><w:shd "
	    "w:val=\"clear\" w:color=\"auto\" w:fill=\"F4F6F9\"/></w:tcPr>"
	    "</w:tblStylePr>");
	style(b, "table", "Chiffres", "Chiffres clés", "TableNormal",
	    "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"24\" "
	    "w:space=\"0\" w:color=\"2A6CB0\"/><w:insideV w:val=\"single\" "
	    "w:sz=\"24\" w:space=\"0\" w:color=\"FFFFFF\"/></w:tblBorders>"
	    "<w:tblCellMar><w:top w:w=\"100\" w:type=\"dxa\"/><w:left "
	    "w:w=\"120\" w:type=\"dxa\"/><w:bottom w:w=\"100\" w:type=\"dxa\"/>"
	    "<w:right w:w=\"120\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
	    "<w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" "
	    "w:fill=\"F4F6F9\"/></w:tcPr>");
	cls_buf_add(b, "</w:styles>\n");
}

static void footer(clsi_doc *d, cls_buf *b)
{
	cls_buf_add(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:ftr xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\"><w:p><w:pPr>"
	    "<w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t "
	    "xml:space=\"preserve\">");
	clsi_xml_add(b, d->title);
	cls_buf_add(b,
	    "</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">"
	    "Page </w:t></w:r>");
	static const char *const fields[] = {"PAGE", "NUMPAGES"};
	for (int i = 0; i < 2; i++) {
		if (i)
			cls_buf_add(b,
			    "<w:r><w:t xml:space=\"preserve\"> / "
			    "</w:t></w:r>");
		cls_buf_printf(b,
		    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>"
		    "<w:instrText xml:space=\"preserve\"> %s </w:instrText>"
		    "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		    "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar "
		    "w:fldCharType=\"end\"/></w:r>",
		    fields[i]);
	}
	cls_buf_add(b, "</w:p></w:ftr>\n");
}

static int finish(clsi_doc *d, FILE *out, cls_error *err)
{
	clsi_zip *z = clsi_zip_new();
	if (!z) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	cls_buf b = {0};
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	    "content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/"
	    "vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>"
	    "<Override PartName=\"/word/document.xml\" "
	    "ContentType=\"application"
	    "/vnd.openxmlformats-officedocument.wordprocessingml.document."
	    "main+xml\"/>"
	    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	    "<Override PartName=\"/word/settings.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "settings+xml\"/>"
	    "<Override PartName=\"/word/numbering.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "numbering+xml\"/>"
	    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application"
	    "/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	    "<Override PartName=\"/docProps/core.xml\" ContentType=\""
	    "application/vnd.openxmlformats-package.core-properties+xml\"/>"
	    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application"
	    "/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	    "</Types>\n");
	clsi_zip_add_buf(z, "[Content_Types].xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"" REL_NS "\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" "
	    "Target=\"word/document.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org"
	    "/package/2006/relationships/metadata/core-properties\" "
	    "Target=\"docProps/core.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" REL_TYPE
	    "extended-properties\" "
	    "Target=\"docProps/app.xml\"/></Relationships>\n");
	clsi_zip_add_buf(z, "_rels/.rels", &b, false);
	document(d, &b);
	clsi_zip_add_buf(z, "word/document.xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Relationships xmlns=\"" REL_NS "\">"
	    "<Relationship Id=\"rIdStyles\" Type=\"" REL_TYPE "styles\" "
	    "Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rIdSettings\" Type=\"" REL_TYPE "settings\" "
	    "Target=\"settings.xml\"/>"
	    "<Relationship Id=\"rIdNumbering\" Type=\"" REL_TYPE "numbering\" "
	    "Target=\"numbering.xml\"/>"
	    "<Relationship Id=\"rIdFooter\" Type=\"" REL_TYPE "footer\" "
	    "Target=\"footer1.xml\"/>");
	for (size_t i = 0; i < d->npics; i++)
		cls_buf_printf(&b,
		    "<Relationship Id=\"rIdImg%zu\" Type=\"" REL_TYPE "image\" "
		    "Target=\"media/graphique-%zu.svg\"/>",
		    i + 1, i + 1);
	cls_buf_add(&b, "</Relationships>\n");
	clsi_zip_add_buf(z, "word/_rels/document.xml.rels", &b, false);
	styles(&b);
	clsi_zip_add_buf(z, "word/styles.xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:settings xmlns:w=\"" W_NS "\"><w:defaultTabStop w:val=\"709\"/>"
	    "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
	    "<w:compatSetting w:name=\"compatibilityMode\" "
	    "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	    "</w:compat><w:themeFontLang w:val=\"fr-FR\"/>"
	    "<w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/>"
	    "</w:settings>\n");
	clsi_zip_add_buf(z, "word/settings.xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<w:numbering xmlns:w=\"" W_NS "\"><w:abstractNum "
	    "w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
	    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt "
	    "w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc "
	    "w:val=\"left\"/>"
	    "<w:pPr><w:ind w:left=\"340\" w:hanging=\"227\"/></w:pPr></w:lvl>"
	    "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
	    "w:val=\"0\"/>"
	    "</w:num></w:numbering>\n");
	clsi_zip_add_buf(z, "word/numbering.xml", &b, false);
	footer(d, &b);
	clsi_zip_add_buf(z, "word/footer1.xml", &b, false);
	for (size_t i = 0; i < d->npics; i++) {
		char name[64];
		snprintf(
		    name, sizeof(name), "word/media/graphique-%zu.svg", i + 1);
		clsi_zip_add_buf(z, name, &d->pics[i].svg, false);
	}
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
	    "package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
	clsi_xml_add(&b, d->title);
	cls_buf_add(&b,
	    "</dc:title><dc:language>fr-FR</dc:language>"
	    "</cp:coreProperties>\n");
	clsi_zip_add_buf(z, "docProps/core.xml", &b, false);
	cls_buf_add(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<Properties xmlns=\"http://schemas.openxmlformats.org/"
	    "officeDocument/2006/extended-properties\"><Application>cls "
	    "" CLS_VERSION "</Application></Properties>\n");
	clsi_zip_add_buf(z, "docProps/app.xml", &b, false);
	int rc = clsi_zip_write(z, out, err);
	clsi_zip_free(z);
	return rc;
}

const doc_ops clsi_doc_docx = {
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
