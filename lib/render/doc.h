/* SPDX-License-Identifier: MIT */
/*
 * doc.h - the office document the review is written into (report-doc.c),
 * whatever its format: headings with outline levels, paragraphs of named
 * styles made of runs, bullet items, tables, pictures, a table of
 * contents.  The review is walked once, into these calls; doc-odt.c
 * turns them into OpenDocument Text and doc-docx.c into Office Open XML.
 * Each backend keeps its body in d->body and writes the whole container
 * in finish().  Internal to lib/render.
 */
#ifndef CLS_DOC_H
#define CLS_DOC_H

#include "render.h"

/* The paragraph styles, each named and defined once in the document
 * (styles.xml), so that a user restyles every paragraph of a kind by
 * editing its style. */
typedef enum doc_para {
	DOC_P_BODY, /* ordinary text */
	DOC_P_TITLE, /* the name of the contract, on top */
	DOC_P_SUBTITLE, /* "Bilan annuel 2024 · comité de pilotage" */
	DOC_P_ALERT, /* the warning on invalid data */
	DOC_P_SUBHEAD, /* "Commentaire", "Indicateurs qualitatifs": no
	                  outline level, so the navigator stays readable */
	DOC_P_CAPTION, /* the caption of a table or figure */
	DOC_P_FIGURE, /* the paragraph that holds a picture */
	DOC_P_ITEM, /* a bullet item */
	DOC_P_QUOTE, /* a commentaire */
	DOC_P_NOTE, /* a note in small muted type */
	DOC_P_KEY, /* a key figure of the summary */
	DOC_P_KEY_LEGEND, /* what it means */
	DOC_P_CELL, /* table cells */
	DOC_P_CELL_NUM, /* a cell holding a number: right-aligned */
	DOC_P_CELL_HEAD, /* a header cell */
	DOC_P_CELL_HEAD_NUM,
	DOC_P_COUNT
} doc_para;

/* Character styles of runs. */
typedef enum doc_span {
	DOC_S_PLAIN,
	DOC_S_STRONG,
	DOC_S_EM,
	DOC_S_MUTED,
	DOC_S_CODE, /* file names, rule ids */
	DOC_S_OK, /* "atteint" */
	DOC_S_KO, /* "non atteint" */
	DOC_S_COUNT
} doc_span;

/* Rows of a table. */
typedef enum doc_row {
	DOC_R_HEAD, /* the header, repeated on each page */
	DOC_R_BODY,
	DOC_R_TOTAL, /* a total: bold, a rule above */
	DOC_R_SUB /* a row under the previous one (cumul): italic */
} doc_row;

/* A column: its share of the table's width, in percent, and whether it
 * holds numbers. */
typedef struct doc_col {
	int width;
	bool num;
} doc_col;

/* A table style: data under a header row, labelled figures without one,
 * or the key figures of the summary. */
typedef enum doc_table { DOC_T_DATA, DOC_T_PAIRS, DOC_T_KEYS } doc_table;

/* A picture: an SVG file. */
typedef struct doc_pic {
	cls_buf svg;
	int wpx, hpx; /* its size in px */
	double wcm, hcm; /* as shown */
	char *title, *desc; /* its alternative text */
} doc_pic;

/* A heading, for the table of contents. */
typedef struct doc_head {
	int level;
	char *text;
} doc_head;

typedef struct clsi_doc clsi_doc;

typedef struct doc_ops {
	/* Opens a heading of outline level 1 to 3, or a paragraph. */
	void (*heading)(clsi_doc *d, int level);
	void (*para)(clsi_doc *d, doc_para p);
	/* A run of text: line breaks and tabs become the format's own,
	 * spaces are kept. */
	void (*text)(clsi_doc *d, doc_span s, const char *t, size_t n);
	/* Closes the heading or paragraph. */
	void (*end)(clsi_doc *d);
	/* Picture number n (d->pics[n]), inline in an open paragraph. */
	void (*picture)(clsi_doc *d, size_t n);
	void (*table)(clsi_doc *d, doc_table t, const doc_col *cols, size_t n);
	void (*row)(clsi_doc *d, doc_row kind);
	void (*cell)(clsi_doc *d);
	void (*cell_end)(clsi_doc *d);
	void (*row_end)(clsi_doc *d);
	void (*table_end)(clsi_doc *d);
	/* The whole container, its table of contents at d->toc_at. */
	int (*finish)(clsi_doc *d, FILE *out, cls_error *err);
} doc_ops;

struct clsi_doc {
	const doc_ops *ops;
	const cls_report_year *r;
	const char *title; /* the document's title (metadata) */
	cls_buf body;
	size_t toc_at; /* where the table of contents goes in body */
	bool has_toc;
	doc_head *heads;
	size_t nheads;
	doc_pic *pics;
	size_t npics;
	cls_buf head; /* the text of the heading being written */
	bool in_head;
	int head_level;
	/* the table being written */
	const doc_col *cols;
	size_t ncols, col;
	doc_row row;
	doc_table tstyle;
	/* the backends' own state */
	int tables; /* tables written, for their names */
	bool head_rows; /* a header row is open (ODF's table-header-rows) */
	bool widths[101]; /* the column widths used, in percent */
	doc_para cur; /* the style of the open paragraph */
	bool oom;
};

extern const doc_ops clsi_doc_odt, clsi_doc_docx;

/* The table of contents, from d->heads: how each backend writes one. */

/* ---------------------------------------------- helpers for the backends */

/* Text of a NUL-terminated run, escaped into b through clsi_xml_escape(),
 * cut where the backend must write a line break ('\n', "\r\n", '\r') or
 * a tab: each piece is passed to piece(), each break to brk(). */
void clsi_doc_split(clsi_doc *d, const char *t, size_t n,
    void (*piece)(clsi_doc *, const char *, size_t),
    void (*brk)(clsi_doc *, char));

#endif /* CLS_DOC_H */
