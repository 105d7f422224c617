/* SPDX-License-Identifier: MIT */
/*
 * sheet.c - unit tests of the sheets (lib/render/sheet.c, which writes
 * them, and lib/base/sheet.c, which reads them back): what the writer puts
 * in each cell reads back with its type and its text; the parts of ODS and
 * XLSX as LibreOffice and Excel write them (repeated cells and rows,
 * annotations, shared strings, rich text, dates, percentages, escapes);
 * and what must be refused (not a zip, a DOCTYPE, limits).
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A sheet of fmt with a header and two rows, written to memory. */
static char *write_sheet(cls_format fmt, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	clsi_sheet *sh = clsi_sheet_new(fmt, "essai");
	clsi_sink *s = clsi_sheet_sink(sh);
	static const char *const head[]
	    = {"id", "annee", "montant", "taux", "valeur", "vide", "texte"};
	cls_error err;
	s->head(s, head, 7);
	s->text(s, "1.2.1", 5);
	s->number(s, CLSI_YEAR, 2024);
	s->number(s, CLSI_MONEY, 1234.5);
	s->number(s, CLSI_PERCENT, 66.7);
	s->number(s, CLSI_NUMBER, -0.125);
	s->empty(s);
	static const char hostile[] = "  <a> & \"b\"\r\nc\td =x _x0041_ ";
	s->text(s, hostile, strlen(hostile));
	s->end_row(s);
	s->text(s, "2", 1);
	s->end_row(s); /* a short row */
	CHECK(clsi_sheet_write(sh, f, &err) == 0);
	clsi_sheet_free(sh);
	fclose(f);
	return buf;
}

static void test_round_trip(cls_format fmt)
{
	size_t len;
	char *data = write_sheet(fmt, &len);
	cls_error err;
	cls_sheet *s = cls_sheet_read(data, len, &err);
	CHECK(s != NULL);
	if (!s) {
		free(data);
		return;
	}
	CHECK(strcmp(cls_sheet_kind(s), fmt == CLS_FORMAT_ODS ? "ods" : "xlsx")
	    == 0);
	size_t n;
	const cls_sheet_row *r = cls_sheet_rows(s, &n);
	CHECK(n == 3 && r[0].line == 1 && r[1].line == 2 && r[2].line == 3);
	CHECK(r[0].n == 7 && strcmp(r[0].cells[6].text, "texte") == 0);
	const cls_cell *c = r[1].cells;
	CHECK(r[1].n == 7);
	CHECK(c[0].kind == CLS_CELL_TEXT && strcmp(c[0].text, "1.2.1") == 0);
	CHECK(c[1].kind == CLS_CELL_NUMBER && c[1].number == 2024
	    && strcmp(c[1].text, "2024") == 0);
	CHECK(c[2].kind == CLS_CELL_NUMBER && c[2].number == 1234.5
	    && strcmp(c[2].text, "1234.5") == 0);
	CHECK(c[3].kind == CLS_CELL_PERCENT && fabs(c[3].number - 0.667) < 1e-12
	    && strcmp(c[3].text, "66.7") == 0);
	CHECK(c[4].kind == CLS_CELL_NUMBER && c[4].number == -0.125);
	CHECK(c[5].kind == CLS_CELL_EMPTY && strcmp(c[5].text, "") == 0);
	/* spaces, markup, the formula and the escape as written; CR LF: ODS
	 * has a paragraph a line (LF), XLSX keeps the CR */
	CHECK(c[6].kind == CLS_CELL_TEXT
	    && strcmp(c[6].text,
	           fmt == CLS_FORMAT_ODS ? "  <a> & \"b\"\nc\td =x _x0041_ "
	                                 : "  <a> & \"b\"\r\nc\td =x _x0041_ ")
	        == 0);
	CHECK(r[2].n == 1 && strcmp(r[2].cells[0].text, "2") == 0);
	cls_sheet_free(s);
	/* the same bytes again */
	size_t len2;
	char *again = write_sheet(fmt, &len2);
	CHECK(len2 == len && memcmp(again, data, len) == 0);
	free(again);
	free(data);
}

/* A sheet from its XML parts, as a LibreOffice or Excel would write. */
static cls_sheet *ods_of(const char *content, cls_error *err)
{
	const char *parts[] = {content};
	size_t lens[] = {strlen(content)};
	return clsi_sheet_from_parts(true, parts, lens, err);
}

#define ODS_HEAD                                                               \
	"<?xml version=\"1.0\"?><office:document-content "                     \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "   \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "     \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"       \
	"<office:body><office:spreadsheet>"
#define ODS_TAIL "</office:spreadsheet></office:body></office:document-content>"

static void test_ods(void)
{
	cls_error err;
	/* repeated empty rows and cells cost nothing; a repeated value is
	 * each of its cells; an annotation is not the cell's text; two
	 * paragraphs are two lines; text:s counts its spaces; the second
	 * sheet is not read */
	cls_sheet *s = ods_of(ODS_HEAD
	    "<table:table table:name=\"a\">"
	    "<table:table-row table:number-rows-repeated=\"3\">"
	    "<table:table-cell table:number-columns-repeated=\"1024\"/>"
	    "</table:table-row>"
	    "<table:table-row><table:table-cell "
	    "table:number-columns-repeated=\"2\"/>"
	    "<table:table-cell office:value-type=\"float\" "
	    "office:value=\"1e3\" table:number-columns-repeated=\"2\">"
	    "<text:p>1 000</text:p></table:table-cell>"
	    "<table:table-cell office:value-type=\"string\">"
	    "<office:annotation><text:p>note</text:p></office:annotation>"
	    "<text:p>a<text:s text:c=\"3\"/>b<text:span>c</text:span></text:p>"
	    "<text:p>d<text:tab/>e<text:line-break/>f</text:p>"
	    "</table:table-cell>"
	    "<table:table-cell office:value-type=\"date\" "
	    "office:date-value=\"2024-03-01\"><text:p>01/03/24</text:p>"
	    "</table:table-cell>"
	    "<table:table-cell office:value-type=\"percentage\" "
	    "office:value=\"0.5\"><text:p>50 %</text:p></table:table-cell>"
	    "<table:table-cell table:number-columns-repeated=\"1000000\"/>"
	    "</table:table-row>"
	    "<table:table-row table:number-rows-repeated=\"1048570\">"
	    "<table:table-cell/></table:table-row>"
	    "</table:table><table:table><table:table-row><table:table-cell "
	    "office:value-type=\"string\"><text:p>b</text:p>"
	    "</table:table-cell></table:table-row></table:table>" ODS_TAIL,
	    &err);
	CHECK(s != NULL);
	if (s) {
		size_t n;
		const cls_sheet_row *r = cls_sheet_rows(s, &n);
		CHECK(n == 1 && r[0].line == 4 && r[0].n == 7);
		if (n == 1 && r[0].n == 7) {
			const cls_cell *c = r[0].cells;
			CHECK(c[0].kind == CLS_CELL_EMPTY);
			CHECK(c[2].kind == CLS_CELL_NUMBER
			    && c[2].number == 1000
			    && strcmp(c[3].text, "1000") == 0);
			CHECK(strcmp(c[4].text, "a   bc\nd\te\nf") == 0);
			CHECK(c[5].kind == CLS_CELL_DATE
			    && strcmp(c[5].text, "2024-03-01") == 0);
			CHECK(c[6].kind == CLS_CELL_PERCENT
			    && strcmp(c[6].text, "50") == 0);
		}
		cls_sheet_free(s);
	}
	/* refused: a DOCTYPE, entities, not XML, past 1,024 columns, no
	 * table */
	CHECK(!ods_of("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", &err)
	    && strstr(err.message, "DOCTYPE"));
	CHECK(!ods_of("<x>&a;</x>", &err)
	    && strstr(err.message, "not well-formed"));
	CHECK(
	    !ods_of("<x", &err) && strstr(err.message, "content.xml, line 1"));
	CHECK(!ods_of(ODS_HEAD "<table:table><table:table-row>"
	                       "<table:table-cell "
	                       "table:number-columns-repeated=\"1024\"/>"
	                       "<table:table-cell office:value-type=\"string\">"
	                       "<text:p>x</text:p></table:table-cell>"
	                       "</table:table-row></table:table>" ODS_TAIL,
	          &err)
	    && strstr(err.message, "column 1024"));
	CHECK(!ods_of(ODS_HEAD ODS_TAIL, &err)
	    && strstr(err.message, "no sheet"));
	/* a value that is no decimal is read as the text shown */
	s = ods_of(ODS_HEAD "<table:table><table:table-row><table:table-cell "
	                    "office:value-type=\"float\" office:value=\"0x10\">"
	                    "<text:p>16</text:p></table:table-cell>"
	                    "</table:table-row></table:table>" ODS_TAIL,
	    &err);
	CHECK(s != NULL);
	if (s) {
		size_t n;
		const cls_sheet_row *r = cls_sheet_rows(s, &n);
		CHECK(n == 1 && r[0].cells[0].kind == CLS_CELL_TEXT
		    && strcmp(r[0].cells[0].text, "16") == 0);
		cls_sheet_free(s);
	}
}

#define XL_NS                                                                  \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static cls_sheet *xlsx_of(const char *sheet, const char *sst,
    const char *styles, const char *wb, cls_error *err)
{
	const char *parts[] = {sheet, sst, styles, wb};
	size_t lens[] = {strlen(sheet), sst ? strlen(sst) : 0,
	    styles ? strlen(styles) : 0, wb ? strlen(wb) : 0};
	return clsi_sheet_from_parts(false, parts, lens, err);
}

static void test_xlsx(void)
{
	cls_error err;
	/* shared strings (rich text, a phonetic reading left out, escapes),
	 * inline strings, a formula's cached value, a boolean, dates of the
	 * styles (built-in 14, a custom code), a percentage, cells out of
	 * order and without r, rows skipped */
	static const char sst[]
	    = "<sst " XL_NS "><si><t>fiche</t></si>"
	      "<si><r><t>a</t></r><r><t xml:space=\"preserve\"> b</t></r>"
	      "<rPh><t>xx</t></rPh></si>"
	      "<si><t>l1_x000D_\nl2 _x005F_x0041_ _x0041_</t></si></sst>";
	static const char styles[]
	    = "<styleSheet " XL_NS "><numFmts><numFmt numFmtId=\"164\" "
	      "formatCode=\"dd/mm/yyyy\\ hh:mm\"/><numFmt numFmtId=\"165\" "
	      "formatCode=\"&quot;m&quot;0.00\"/></numFmts>"
	      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
	      "<xf numFmtId=\"164\"/><xf numFmtId=\"10\"/><xf "
	      "numFmtId=\"165\"/>"
	      "</cellXfs></styleSheet>";
	static const char sheet[]
	    = "<worksheet " XL_NS "><sheetData>"
	      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	      "<c r=\"C1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c>"
	      "</row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>i</t>"
	      "</is></c><c><f>1+1</f><v>2</v></c><c t=\"b\"><v>1</v></c>"
	      "<c s=\"1\"><v>45352</v></c><c s=\"2\"><v>45352.5</v></c>"
	      "<c s=\"3\"><v>0.25</v></c><c s=\"4\"><v>7.5</v></c>"
	      "<c t=\"str\"><v>txt</v></c><c t=\"e\"><v>#N/A</v></c></row>"
	      "<row><c r=\"A4\"><v>1</v></c></row></sheetData></worksheet>";
	cls_sheet *s = xlsx_of(sheet, sst, styles, NULL, &err);
	CHECK(s != NULL);
	if (s) {
		size_t n;
		const cls_sheet_row *r = cls_sheet_rows(s, &n);
		CHECK(n == 3 && r[0].line == 1 && r[1].line == 3
		    && r[2].line == 4);
		if (n == 3 && r[0].n == 3 && r[1].n == 9) {
			CHECK(strcmp(r[0].cells[1].text, "l1\r\nl2 _x0041_ A")
			    == 0);
			CHECK(strcmp(r[0].cells[2].text, "a b") == 0);
			const cls_cell *c = r[1].cells;
			CHECK(strcmp(c[0].text, "i") == 0);
			CHECK(c[1].kind == CLS_CELL_NUMBER && c[1].number == 2);
			CHECK(c[2].kind == CLS_CELL_TEXT
			    && strcmp(c[2].text, "1") == 0);
			CHECK(c[3].kind == CLS_CELL_DATE
			    && strcmp(c[3].text, "2024-03-01") == 0);
			CHECK(c[4].kind == CLS_CELL_DATE
			    && strcmp(c[4].text, "2024-03-01T12:00:00") == 0);
			CHECK(c[5].kind == CLS_CELL_PERCENT
			    && strcmp(c[5].text, "25") == 0);
			/* a "m" in quotes makes no date */
			CHECK(
			    c[6].kind == CLS_CELL_NUMBER && c[6].number == 7.5);
			CHECK(strcmp(c[7].text, "txt") == 0
			    && strcmp(c[8].text, "#N/A") == 0);
		} else {
			CHECK(!"the rows of the workbook");
		}
		cls_sheet_free(s);
	}
	/* the 1904 system; a shared string that does not exist */
	s = xlsx_of("<worksheet " XL_NS "><sheetData><row><c s=\"1\"><v>0</v>"
	            "</c></row></sheetData></worksheet>",
	    NULL, styles,
	    "<workbook " XL_NS "><workbookPr date1904=\"1\"/></workbook>",
	    &err);
	CHECK(s != NULL);
	if (s) {
		size_t n;
		const cls_sheet_row *r = cls_sheet_rows(s, &n);
		CHECK(n == 1 && strcmp(r[0].cells[0].text, "1904-01-01") == 0);
		cls_sheet_free(s);
	}
	CHECK(
	    !xlsx_of("<worksheet " XL_NS "><sheetData><row><c t=\"s\"><v>9</v>"
	             "</c></row></sheetData></worksheet>",
	        sst, NULL, NULL, &err)
	    && strstr(err.message, "shared string"));
}

static void test_refused(void)
{
	cls_error err;
	CHECK(!cls_sheet_read("fiche,valeur\n", 13, &err)
	    && strstr(err.message, "not a zip"));
	CHECK(!cls_sheet_read("PK\x03\x04garbage", 11, &err)
	    && strstr(err.message, "damaged"));
}

void unit_sheet(void)
{
	test_round_trip(CLS_FORMAT_ODS);
	test_round_trip(CLS_FORMAT_XLSX);
	test_ods();
	test_xlsx();
	test_refused();
}
