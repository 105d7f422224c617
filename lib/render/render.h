/* SPDX-License-Identifier: MIT */
/*
 * render.h - what the renderers of libcls share (lib/render/): French
 * numbers, money and targets (fmt.c), text laid out in 80 columns
 * (layout.c), JSON written pretty (json.c), the cells of the tables
 * (cells.c) written as CSV (csv.c) or as sheets (sheet.c, in zip.c's
 * containers, their text through xml.c), and the writers of listings and
 * tables over several contracts (writer.c).  Each
 * renderer reads only the model and the query answers, never the files.
 * Internal.
 */
#ifndef CLS_RENDER_H
#define CLS_RENDER_H

#include "../query/query.h"

#include <stdio.h>

/* The statuts in the order reports list them (NONE last). */
extern const cls_statut clsi_statut_order[CLS_STATUT_COUNT];

/* ------------------------------------------------ French number writing */

/* Separators for French numbers: between thousands and before a unit
 * ("18 000 €", "83 %").  Text and markdown use plain spaces; HTML uses
 * U+202F and U+00A0 so a figure never breaks across lines. */
typedef struct clsi_seps {
	const char *group;
	const char *unit;
} clsi_seps;
extern const clsi_seps clsi_seps_plain, clsi_seps_html;

/* "18 000 €", "18 000,50 €": cents only when not whole. */
void clsi_fmt_money(cls_buf *b, double x, const clsi_seps *s);
/* "1 234", "12,5", "0,25": up to 2 decimals, trailing zeros dropped. */
void clsi_fmt_num(cls_buf *b, double x, const clsi_seps *s);
/* A percent rounded to a whole number: "83 %". */
void clsi_fmt_pct(cls_buf *b, double x, const clsi_seps *s);
/* A target: "6", "≥ 1", "≤ 10", "2 à 3". */
void clsi_fmt_cible(cls_buf *b, const cls_target *t, const clsi_seps *s);
/* The value with its unit: "3 réunions", "83 %", or the text. */
void clsi_fmt_valeur(cls_buf *b, const cls_report_ind *ri, const clsi_seps *s);
/* The result of an indicateur: "atteint (120 %)", "non atteint (83 %)",
 * "atteint", "sans valeur", or "" when it has no target. */
void clsi_fmt_result(cls_buf *b, const cls_report_ind *ri, const clsi_seps *s);
/* A total of money: the amount, or "non précisé" when only financements
 * without montant make it up. */
void clsi_fmt_total(
    cls_buf *b, double total, size_t known, size_t unknown, const clsi_seps *s);
/* The warning that heads a report on invalid data, after "Attention :". */
void clsi_fmt_invalid(cls_buf *b, const cls_report_year *r);
/* The financeur's row in v[0..n), sorted as clsi_report_year_build() leaves it,
 * or NULL (the year's money of a financeur listed over the whole contract). */
const cls_report_money *cls_report_money_find(
    const cls_report_money *v, size_t n, const char *financeur);
/* The note under the money table when financements have no montant:
 * "Montant non précisé pour 3 financements (dont 1 en 2024) : ...". */
void clsi_fmt_unknown(cls_buf *b, const cls_report_year *r);
/* The sentence on the money spent in the year, the amount between em and
 * unem ("<strong>", "**"); all its text is plain, no escaping needed. */
void clsi_fmt_depenses(cls_buf *b, const cls_report_year *r, const clsi_seps *s,
    const char *em, const char *unem);
/* The montant of a financement, or "non précisé" when it has none. */
void clsi_fmt_fin_montant(
    cls_buf *b, const cls_financement *fin, const clsi_seps *s);

/* "3 en cours, 1 réalisée, 2 sans suivi": the statuts that have fiches,
 * in report order, or "aucune fiche". */
void clsi_fmt_statuts(cls_buf *b, const size_t *par_statut);
/* The share on target: "67 % (6 sur 9)", or "—" without one. */
void clsi_fmt_part(cls_buf *b, const cls_report_figures *g, const clsi_seps *s);
/* "2024" or "2022-2024". */
void clsi_fmt_span(cls_buf *b, int from, int to);
/* The money of m: the amount, "non précisé" when its financements have
 * none, "—" when it has none (or m is NULL). */
void clsi_fmt_money_of(
    cls_buf *b, const cls_report_money *m, const clsi_seps *s);
/* The money planned and spent of g: amounts, or "non précisé" / "non
 * renseignées". */
void clsi_fmt_prevu(
    cls_buf *b, const cls_report_figures *g, const clsi_seps *s);
void clsi_fmt_depense(
    cls_buf *b, const cls_report_figures *g, const clsi_seps *s);
/* The state of a jalon in words ("en retard"), and the whole line:
 * "Premier bilan (prévu 2023-06) : atteint en 2023". */
const char *clsi_jalon_label(cls_jalon_etat st);

void clsi_fmt_jalon(cls_buf *b, const cls_report_jalon *j);
/* The warning that heads an evaluation (or, several, a synthesis) on
 * invalid data, after "Attention :". */
void clsi_fmt_span_invalid(cls_buf *b, size_t errors, bool several);

/* "3 démarrées, 1 réalisée, 0 abandonnée". */
void clsi_fmt_moves(cls_buf *b, const cls_report_moves *m);
/* How a fiche went: "démarrée en 2022, réalisée en 2024", or "pas encore
 * démarrée". */
void clsi_fmt_parcours(cls_buf *b, const cls_report_trajectory *t);
/* The money planned of a contract over the span, then by financeur:
 * "18 000 € : ARS 12 000 € ; CAF 6 000 €" (plain text: escape it). */
void clsi_fmt_prevu_by(
    cls_buf *b, const cls_report_contract *k, const clsi_seps *s);
/* "2022, 2024". */
void clsi_fmt_year_list(cls_buf *b, const int *v, size_t n);
/* The years of a gap, with the target of each that had one:
 * "2023 (cible 10), 2024". */
void clsi_fmt_gap(cls_buf *b, const cls_report_span *s, const cls_report_gap *g,
    const clsi_seps *seps);
/* A validation warning in a list: "file:line: message [rule]". */
void clsi_fmt_diag(cls_buf *b, const cls_diag *d);

/* A financeur as the report names it: its nom, and its sigle in brackets
 * ("Agence Régionale de Santé (ARS)"); name when e is NULL. */
void clsi_fmt_financeur(cls_buf *b, const cls_financeur *e, const char *name);
/* A sum of money: "—" when no financement makes it, "non précisé" when
 * none of them has a montant, else the amount. */
void clsi_fmt_sum(cls_buf *b, const cls_report_sum *s, const clsi_seps *sp);
/* The periode in force, and how avenants changed it: "2014-2018
 * (prolongée par avenant ; période initiale 2014-2016)". */
void clsi_fmt_periode(cls_buf *b, const cls_plan *p);
/* "2016-12 : Prolongation tacite — fin portée à 2018 ; signataires : X". */
void clsi_fmt_avenant(cls_buf *b, const cls_avenant *a);
/* "Camille Martin (coordinatrice, Reseda) — c.martin@exemple.fr, 04 00". */
void clsi_fmt_referent(cls_buf *b, const cls_referent *r);
/* "atteint en 2023", "en retard", "à venir", and "(absent du calendrier)"
 * for a jalon only a suivi names. */
void clsi_fmt_jalon_etat(cls_buf *b, const cls_report_jalon *j);
/* "3 atteints, 1 en retard, 2 à venir". */
void clsi_fmt_jalons_summary(cls_buf *b, const cls_report_year *r);
/* "Porteur", "Porteurs", or "Co-pilote(s)" when they lead jointly. */
const char *clsi_porteurs_label(const cls_fiche *f);
/* The lists of a suivi, in the order the reports show them: k = 0
 * leviers, 1 freins, 2 perspectives; their titles ("Leviers"...). */
#define CLSI_SUIVI_LISTS 3
extern const char *const clsi_suivi_list_title[CLSI_SUIVI_LISTS];
const cls_strlist *clsi_suivi_list(const cls_suivi *s, int k);
/* Whether a suivi says anything in words: a commentaire, or a levier, a
 * frein or a perspective (the evaluation's "Commentaires" of a year). */
bool clsi_suivi_has_words(const cls_suivi *s);
/* The column heads of the money by statut, in cls_fin_statut order. */
extern const char *const clsi_statut_fin_head[4];

/* A number rounded half away from zero to the given decimals. */
double clsi_round(double x, int decimals);

/* The number of characters (code points) of UTF-8 text. */
size_t clsi_u8_width(const char *s);
/* The byte length of the first n characters of s (or all of s). */
size_t clsi_u8_prefix(const char *s, size_t n);

/* ------------------------------------------------------------ safe text */

/* Writes s to f made safe for a terminal (cls_escape(), with flags), in
 * runs, without allocating: what every writer of text puts data through. */
void clsi_esc_fputs(FILE *f, const char *s, unsigned flags);

/* ------------------------------------------------------------ layout.c */

/* Text for the terminal in 80 columns, counted in characters (not
 * bytes): wrapped paragraphs with a hanging indent, "label  value" lines,
 * rules with a title, and aligned tables that shrink their widest columns
 * to fit. */

#define TX_WIDTH 80
#define TX_BOLD "\033[1m"
#define TX_RESET "\033[0m"

/* Where text goes: the stream, whether to colour it, and whether an
 * allocation failed (the output is then incomplete: discard it). */
typedef struct txw {
	FILE *f;
	bool color;
	bool oom;
} txw;

/* A list of strings, each owned (free with clsi_strv_free()). */
typedef struct strv {
	char **v;
	size_t n;
} strv;

void clsi_strv_free(strv *s);
/* Appends a copy of the n bytes at p; returns 0, or -1 when out of memory. */
int clsi_strv_push(strv *s, const char *p, size_t n);

/* Splits s into lines of at most width characters, breaking at spaces; a
 * word longer than a line is cut.  Line breaks written in s are kept, runs
 * of blanks collapse, trailing line breaks are dropped.  Returns 0, or -1
 * when out of memory. */
int clsi_tx_wrap(const char *s, size_t width, strv *out);

/* Writes n spaces. */
void clsi_tx_spaces(FILE *f, size_t n);

/* Writes text wrapped to TX_WIDTH: the first line after `first` (already
 * counted as first_w characters), the others indented by `indent`; in
 * color (an escape sequence, or NULL) when t->color. */
void clsi_tx_para_c(txw *t, const char *color, const char *first,
    size_t first_w, size_t indent, const char *text);
void clsi_tx_para(
    txw *t, const char *first, size_t first_w, size_t indent, const char *text);
/* "Label         value", the label in lw columns after indent, the value
 * wrapped under itself (in color when t->color). */
void clsi_tx_kv(txw *t, size_t indent, size_t lw, const char *label,
    const char *value, const char *color);
/* "== TITLE ====...": a rule of TX_WIDTH characters c, with a title in it
 * (or none: NULL). */
void clsi_tx_rule(txw *t, char c, const char *title);
/* A line in bold after indent spaces. */
void clsi_tx_heading(txw *t, size_t indent, const char *s);
/* The ANSI colour of each statut (in cls_statut order). */
extern const char *const clsi_statut_color[CLS_STATUT_COUNT];

/* A column of a table. */
typedef struct tcol {
	const char *head;
	bool right; /* numbers */
	bool wrap; /* the columns to narrow first */
} tcol;

/* A table of at most 8 columns, filled row by row then printed. */
typedef struct ttab {
	size_t ncol;
	const tcol *cols;
	cls_buf text; /* every cell, each ended by a NUL */
	size_t *cells; /* nrows * ncol offsets in text; a SPAN row's text is
	                * its first cell */
	int *kind;
	size_t nrows;
	bool oom;
} ttab;

void clsi_tt_init(ttab *t, const tcol *cols, size_t ncol);
void clsi_tt_free(ttab *t);
/* A row of ncol cells (copied; NULL cells are empty). */
void clsi_tt_row(ttab *t, const char *const *cells);
/* A line of text under the previous row, across the table. */
void clsi_tt_span(ttab *t, const char *text);
/* A rule of dashes under each column (before a total). */
void clsi_tt_rule(ttab *t);
/* Prints the table after indent spaces: the header in bold, a rule, the
 * rows; columns narrowed (wrapping their cells) to fit in TX_WIDTH. */
void clsi_tt_print(txw *tw_, ttab *t, size_t indent);

/* -------------------------------------------------------------- json.c */

/* A small JSON pretty-printer: two spaces per level, like python -m
 * json.tool; numbers in the shortest "%.15g" form; null for what is
 * unknown.  What it writes is gathered in its buffer and reaches f when
 * the outermost object or array closes, or by clsi_jw_flush(): write to
 * f only through it while a document is open.  Zero-initialise, then set
 * f. */

typedef struct jw {
	FILE *f;
	int depth;
	bool first[40];
	bool inl[40]; /* the value open at that depth is on one line */
	size_t n; /* bytes in buf */
	char buf[8192];
} jw;

/* Hands what buf holds to f. */
void clsi_jw_flush(jw *j);

/* Before a value in an array: the comma and the indent. */
void clsi_jw_sep(jw *j);
/* Opens ('{' or '[') and closes ('}' or ']') an object or array. */
void clsi_jw_open(jw *j, char c);
/* The same for a value written on one line, what it holds included:
 * {"annee": 2024, "cible": 3}. */
void clsi_jw_open_inline(jw *j, char c);
void clsi_jw_close(jw *j, char c);
/* "key": , then the caller writes the value.  Every k of these functions
 * is a key of the documented JSON: a literal that needs no escaping. */
void clsi_jw_key(jw *j, const char *k);
/* "key": "text", or null when s is NULL. */
void clsi_jw_str(jw *j, const char *k, const char *s);
/* "key": an array of the texts of l. */
void clsi_jw_strlist(jw *j, const char *k, const cls_strlist *l);
/* "key": number, or null when !has. */
void clsi_jw_num(jw *j, const char *k, bool has, double x);
void clsi_jw_count(jw *j, const char *k, size_t n);
/* "key": true / false, or null when b < 0. */
void clsi_jw_bool(jw *j, const char *k, int b);
/* A text or a number as a value, after clsi_jw_key() or clsi_jw_sep(). */
void clsi_jw_value_str(jw *j, const char *s);
void clsi_jw_value_num(jw *j, double x);

/* Writes the items [0, n) of the array being written, item i by
 * item(j, ctx, i) after its clsi_jw_sep(): in as many threads as pay
 * (clsi_threads()), each part gathered in memory and handed to j in
 * order, so that the bytes are those of one thread writing them all.
 * item must only read ctx and what it points to.  A part that cannot
 * have its thread or its memory is written by the caller in its turn. */
void clsi_jw_items(
    jw *j, size_t n, void (*item)(jw *, const void *, size_t), const void *ctx);

/* "cible" (a number, {"min", "max"} or null), "valeur" (a number, a text
 * or null), "taux" (rounded to one decimal, or null) and "atteint" (true,
 * false or null): an indicateur in a year, as cls report and cls
 * indicators write it. */
void clsi_jw_taux(jw *j, const cls_taux *t);
/* "contrat": the contract's nom, territoire, periode in force and as
 * signed, signature, avenants and directory of financeurs, as every JSON
 * report heads itself (cls-report(1)). */
void clsi_jw_contrat(jw *j, const cls_plan *p);
/* "referents": the référents of fiche f, each an object of nom,
 * fonction, structure, courriel and telephone (null when absent). */
void clsi_jw_referents(jw *j, const cls_fiche *f);

/* A financement of a fiche in a list: financeur, montant, annee, statut,
 * note. */
void clsi_jw_financement(jw *j, const cls_financement *fin);

/* Writes s as a JSON string (with quotes) to f: the one JSON string
 * writer of libcls.  What comes out is valid UTF-8 whatever s holds: each
 * byte of s that is not part of valid UTF-8 becomes U+FFFD (written
 * "\ufffd"); the controls, DEL, C1 controls and the bidirectional
 * controls and separators cls_escape() names are written as \u escapes,
 * which read back as the same characters, so the text is kept exactly
 * and no terminal obeys it when the document is shown. */
void clsi_json_str(FILE *f, const char *s);
/* JSON: a number in the shortest "%.15g" form ("18000", "0.5"). */
void clsi_json_num(FILE *f, double x);

/* --------------------------------------------------------------- xml.c */

/* Appends the n bytes of s to b as XML character data, fit for an
 * attribute value too: & < > " ' become entities (so "]]>" cannot occur),
 * and each character XML 1.0 forbids (the C0 controls but tab, line feed
 * and carriage return; U+FFFE, U+FFFF) and each byte that is not part of
 * well-formed UTF-8 (truncated, overlong, a surrogate, past U+10FFFF)
 * becomes U+FFFD.  Every XML writer of libcls escapes through it. */
void clsi_xml_escape(cls_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated s; NULL adds nothing. */
void clsi_xml_add(cls_buf *b, const char *s);
/* The bytes of the longest start of s[0..n) whose text, escaped so,
 * holds at most units UTF-16 code units (a character past U+FFFF is two,
 * each byte that becomes U+FFFD one): where a text is cut to fit a
 * limit counted so, such as Excel's 32,767 in a cell. */
size_t clsi_xml_cut(const char *s, size_t n, size_t units);

/* --------------------------------------------------------------- zip.c */

/* A zip container (ODF, Office Open XML), built by libzip: parts added in
 * order, then written at once.  Byte-stable: fixed dates, the order kept. */
typedef struct clsi_zip clsi_zip;

/* NULL when out of memory.  Free with clsi_zip_free(). */
clsi_zip *clsi_zip_new(void);
void clsi_zip_free(clsi_zip *z);
/* Adds a part named name holding a copy of data[0..len), stored as it is
 * when store, else compressed (deflate).  Out of memory is kept for
 * clsi_zip_write() to report. */
void clsi_zip_add(
    clsi_zip *z, const char *name, const char *data, size_t len, bool store);
/* The same with the text of b, which is released. */
void clsi_zip_add_buf(clsi_zip *z, const char *name, cls_buf *b, bool store);
/* Writes the archive to out.  Returns 0, or -1 with err filled (libzip
 * missing, out of memory).  Write errors are left in out. */
int clsi_zip_write(clsi_zip *z, FILE *out, cls_error *err);

/* ------------------------------------------------------------- chart.c */

/* A chart of the review in SVG, with its words; zero-initialise it. */
typedef struct clsi_chart {
	cls_buf svg; /* the <svg> element (a whole file when standalone) */
	cls_buf title, desc, caption; /* plain text; desc: its figures */
	int width, height; /* its size in px (the viewBox) */
} clsi_chart;

/* Each draws its chart into c, its ids numbered id ("g3-t"): inline in
 * HTML, or standalone (an SVG file of its own: XML declaration, size,
 * font).  False when the chart would be empty (then nothing is drawn):
 * no indicateur with both cible and valeur, no financement with a
 * montant. */
bool clsi_chart_statuts(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone);
bool clsi_chart_indicateurs(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone);
bool clsi_chart_money(
    clsi_chart *c, const cls_report_year *r, int id, bool standalone);
/* The <svg> element and its <title> and <desc>, from c->title and
 * c->desc (plain text, escaped here), c->width and c->height. */
void clsi_chart_open(clsi_chart *c, int id, bool standalone);
/* The colour of each statut in charts (in cls_statut order). */
extern const char *const clsi_statut_fill[CLS_STATUT_COUNT];
/* s cut to n characters, with an ellipsis when cut, escaped for XML. */
void clsi_xml_trunc(cls_buf *out, const char *s, size_t n);

/* The charts of the evaluation and the synthesis (chart-span.c).  The
 * fiches by statut as a stacked bar for each of n rows (a year, a
 * contract): labels[i] and counts[i]. */
bool clsi_chart_stacked(clsi_chart *c, const char *title,
    const char *const *labels, const size_t (*counts)[CLS_STATUT_COUNT],
    size_t n, int id, bool standalone);
/* Two amounts for each of n rows, as paired bars: planned (la) and
 * spent (lb); false when no row has an amount above 0. */
typedef struct clsi_pair {
	const char *label;
	bool has_a, has_b;
	double a, b;
} clsi_pair;
bool clsi_chart_pairs(clsi_chart *c, const char *title, const char *la,
    const char *lb, const clsi_pair *v, size_t n, int id, bool standalone);
/* The cible and valeur of indicateur i of the fiche of trajectory tr,
 * year by year; false when it has neither a numeric value nor a cible in
 * any year. */
bool clsi_chart_series(clsi_chart *c, const cls_report_span *s,
    const cls_report_trajectory *tr, size_t i, int id, bool standalone);
/* The covered contracts of the synthesis r compared: their fiches by
 * statut (into statuts, id; the result says whether it was drawn) and
 * their money planned and spent (into money, the next id; *money_drawn
 * says whether it was drawn).  Out of memory shows in statuts. */
bool clsi_chart_contracts(clsi_chart *statuts, clsi_chart *money,
    const cls_report *r, int id, bool standalone, bool *money_drawn);
/* Whether an allocation failed while drawing c. */
bool clsi_chart_oom(const clsi_chart *c);
void clsi_chart_release(clsi_chart *c);

/* --------------------------------------------------------------- html.c */

/* Writes s with & < > " ' escaped; with br, line breaks become <br>.
 * Trailing blanks and line breaks are dropped. */
void clsi_html_esc(FILE *f, const char *s, bool br);
/* The same without br. */
void clsi_html(FILE *f, const char *s);
/* prefix, then id as an attribute value (other bytes than letters,
 * digits, "-_." written _hh). */
void clsi_html_id(FILE *f, const char *prefix, const char *id);
/* The class name of a statut: its key, or "sans_suivi". */
const char *clsi_html_statut_class(cls_statut s);
/* The style sheet of every HTML report, NULL-terminated. */
extern const char *const clsi_html_style[];
/* A <td> of money: the amount, "non précisé", or "—" when m is NULL
 * (b is scratch). */
void clsi_html_money_cell(FILE *f, cls_buf *b, const cls_report_money *m);
/* One summary card: its figure and the legend that says what it means
 * (both plain text made by the report, nothing to escape). */
void clsi_html_card(FILE *f, const char *chiffre, const char *legende);
/* <section class="axe" id="axe-1"><h2><span class="num">Axe 1</span>
 * titre</h2>, and the same for an objectif one level down. */
void clsi_html_section_open(FILE *f, const char *kind, const char *label,
    const char *id, const char *titre, int level);

/* The cells of an indicateur in a year: its cible, its valeur and its
 * result, classed ok, ko or muet (b is scratch). */
void clsi_html_ind_cells(FILE *f, cls_buf *b, const cls_report_ind *ri);
/* The validation warnings of r: a heading with their number, and a table
 * of them (or "Aucun."). */
void clsi_html_warnings(FILE *f, const cls_report_year *r);

/* ----------------------------------------------------------------- md.c */

/* Writes s escaped for Markdown, made safe for a terminal first
 * (cls_escape(), line breaks kept).  In a table cell or a heading (inline),
 * line breaks become spaces; in a paragraph, which s starts, they stay
 * as hard line breaks and a line never starts with something that would
 * open a list or a heading.  Blanks collapse. */
void clsi_md_esc(FILE *f, const char *s, bool inline_);
/* A file name from the data: the same, on one line whatever it holds. */
void clsi_md_esc_name(FILE *f, const char *s);
/* A pipe table: the header, and the alignment row ('l' or 'r' for each
 * column) whose dash counts give pandoc the relative widths. */
void clsi_md_table_head(FILE *f, const char *const *heads, const char *aligns,
    const int *widths, size_t n);
/* A row of n cells ("—" for empty ones), in bold when asked. */
void clsi_md_table_row(FILE *f, const char *const *cells, size_t n, bool bold);
/* Money as a cell: the amount, "non précisé", or "—" when m is NULL. */
void clsi_md_money_cell(cls_buf *b, const cls_report_money *m);

/* ------------------------------------------------------------- cells */

/* What a number cell of a table is, given once for every writer
 * (cells.c): CSV writes them all as bare numbers; the sheets give each
 * its cell type and number format (sheet.c). */
typedef enum clsi_kind {
	CLSI_NUMBER, /* a figure: a cible, a valeur */
	CLSI_YEAR, /* a year: an integer, never grouped ("2024") */
	CLSI_MONEY, /* an amount in euros */
	CLSI_PERCENT /* a percent, given in percent: 66.7 for 66.7 % */
} clsi_kind;

/* Where the cells of a table go, row by row, cell by cell: the CSV writer
 * (csv.c) and the sheet writer (sheet.c) implement it, cells.c feeds
 * it. */
typedef struct clsi_sink clsi_sink;
struct clsi_sink {
	/* the header row: the names of the n columns */
	void (*head)(clsi_sink *s, const char *const *names, size_t n);
	/* a text cell: the n bytes at t */
	void (*text)(clsi_sink *s, const char *t, size_t n);
	/* a number cell; x is finite */
	void (*number)(clsi_sink *s, clsi_kind k, double x);
	/* an empty cell: a value that is absent */
	void (*empty)(clsi_sink *s);
	void (*end_row)(clsi_sink *s);
	cls_buf join; /* cells.c's: a cell made of several texts */
	bool oom; /* an allocation failed: the output is incomplete */
};

/* The header of table t, and the cells of the rows of one contract of
 * plan p (cells.c: the columns of cls-export(1), TABLES). */
void clsi_cells_table_head(clsi_sink *s, cls_table t);
void clsi_cells_table_rows(
    clsi_sink *s, cls_table t, const cls_plan *p, const cls_table_rows *rows);
/* The table of indicateurs, one row per indicateur and year, that both
 * "cls export indicateurs" and "cls indicators --format=csv|ods|xlsx"
 * write, so that either file goes back in through "cls import": its
 * header, and one row, of the contract named contrat. */
void clsi_cells_indicateur_head(clsi_sink *s);
void clsi_cells_indicateur_row(
    clsi_sink *s, const char *contrat, const cls_indicator_row *r);

/* --------------------------------------------------------------- csv.c */

/* Writes one CSV file row by row, cell by cell (the rules are in csv.c).
 * Write errors are left in the stream. */
typedef struct clsi_csv {
	clsi_sink sink; /* first: a clsi_csv is a sink */
	FILE *f;
	cls_csv_dialect d;
	size_t col; /* cells written in the current row */
	char *buf; /* room for a neutralised text */
	size_t cap;
	char *out; /* room for a quoted cell */
	size_t outcap;
	bool oom; /* an allocation failed: the output is incomplete */
} clsi_csv;

/* Starts a file on f (writing the BOM if the dialect has one). */
void clsi_csv_init(clsi_csv *w, FILE *f, const cls_csv_dialect *d);
/* Frees what the writer holds; returns 0, or -1 if it ran out of memory
 * (the output must then be discarded). */
int clsi_csv_release(clsi_csv *w);

/* ------------------------------------------------------------- sheet.c */

/* A sheet of one table, OpenDocument (.ods) or Office Open XML (.xlsx),
 * its cells typed as cells.c gives them: gathered row by row, then
 * written whole, in a zip by libzip (the rules are in sheet.c). */
typedef struct clsi_sheet clsi_sheet;

/* A sheet named name (a table: "fiches") in fmt, CLS_FORMAT_ODS or
 * CLS_FORMAT_XLSX; NULL when out of memory.  Free with
 * clsi_sheet_free(). */
clsi_sheet *clsi_sheet_new(cls_format fmt, const char *name);
void clsi_sheet_free(clsi_sheet *sh);
/* Where the cells go.  Borrowed: valid until clsi_sheet_free(). */
clsi_sink *clsi_sheet_sink(clsi_sheet *sh);
/* Writes the whole file to out.  Returns 0, or -1 with err filled (out of
 * memory, libzip missing).  Write errors are left in out. */
int clsi_sheet_write(clsi_sheet *sh, FILE *out, cls_error *err);

/* ------------------------------------------------------------ the writers */

/* What a writer keeps of each contract it was given, for the end of a
 * JSON listing. */
typedef struct clsi_seen {
	char *nom;
	char *dossier;
	int debut, fin;
	size_t errors;
	size_t indicateurs; /* of its fiches, whatever the filters */
} clsi_seen;

/* The buffers of the text listing, kept from one contract to the next. */
typedef struct clsi_text {
	txw w;
	const cls_indicators_options *q;
	bool folders; /* name each contract's folder */
	cls_buf a, b, c, d;
} clsi_text;

struct cls_writer {
	bool table; /* a table of cls export, else the listing */
	cls_format fmt;
	unsigned flags;
	FILE *f;
	cls_csv_dialect d;
	const cls_indicators_options *q; /* the listing's */
	const cls_table_options *tq; /* the table's */
	bool started; /* the CSV header or the head of the JSON is out */
	size_t nrows, nblocks;
	clsi_csv csv;
	clsi_sheet *sheet; /* ods, xlsx */
	clsi_sink *sink; /* &csv.sink, or the sheet's */
	jw j;
	clsi_text t;
	clsi_seen *seen;
	size_t nseen;
	bool oom;
	/* cls_writer_sections(): the part of the last contract, as
	 * cls_writer_section() lends it */
	bool sections;
	char *part;
	size_t partlen;
};

/* The text listing of one contract (indicators-text.c), the list of the
 * missing values grouped by porteur with w->q->missing, written to w->t.w
 * (the blank line before it is the caller's).  Returns 0, or -1 when out
 * of memory. */
int clsi_indicators_text(cls_writer *w, const cls_contract *c,
    const char *dossier, const cls_indicator_rows *rows);

/* ----------------------------------------------------- the report writers */

/* Each writes the whole report to f and returns 0, or -1 when out of
 * memory (the caller then discards what was written). */
int clsi_render_report_text(FILE *f, const cls_report_year *r, bool color);
int clsi_render_report_markdown(FILE *f, const cls_report_year *r);
int clsi_render_report_html(FILE *f, const cls_report_year *r);
int clsi_render_report_json(FILE *f, const cls_report_year *r);
/* The office documents (report-doc.c): fmt is CLS_FORMAT_ODT or
 * CLS_FORMAT_DOCX.  Returns 0, or -1 with err filled. */
int clsi_render_report_doc(
    FILE *f, const cls_report_year *r, cls_format fmt, cls_error *err);
/* The evaluation (r has a span) or the synthesis as an office document,
 * the same way. */
int clsi_render_span_doc(
    FILE *f, const cls_report *r, cls_format fmt, cls_error *err);
/* The evaluation of one contract over years (r has a span), and the
 * synthesis of several contracts (report-span-*.c). */
int clsi_render_span_text(FILE *f, const cls_report *r, bool color);
int clsi_render_span_markdown(FILE *f, const cls_report *r);
int clsi_render_span_html(FILE *f, const cls_report *r);
int clsi_render_span_json(FILE *f, const cls_report *r);
int clsi_render_region_text(FILE *f, const cls_report *r, bool color);
int clsi_render_region_markdown(FILE *f, const cls_report *r);
int clsi_render_region_html(FILE *f, const cls_report *r);
int clsi_render_region_json(FILE *f, const cls_report *r);

#endif /* CLS_RENDER_H */
