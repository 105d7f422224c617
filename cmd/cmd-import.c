/* SPDX-License-Identifier: MIT */
/*
 * cmd-import.c - cls import: reads back the CSV of yearly values that porteurs
 * filled in (as Excel or LibreOffice save it: comma or semicolon, BOM,
 * CRLF, decimal comma, spaces between thousands), or the sheet (.ods,
 * .xlsx, read by libcls: cls_sheet_read()), and writes the values into
 * the fiche files through the library's layout-preserving edit.  All or
 * nothing: every bad row is reported with its line, and then no file is
 * touched; the library writes the files (cls_edit_write(): locked,
 * checked, journaled).
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_DRY_RUN = 1 };

static int import_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [--dry-run] FILE",
	.summary = N_("write the yearly values of a CSV or a sheet into the fiches"),
	.help = N_("  --dry-run         print what would change, write nothing\n"
           "  FILE              a CSV (- for stdin), .ods or .xlsx with the\n"
           "                    columns fiche, indicateur, annee and valeur,\n"
           "                    as cls indicators --missing writes them\n"),
	.options = {
	    {"--dry-run", OPT_DRY_RUN, false, NULL},
	},
	.exec = import_exec,
};

/* The most refused rows shown, as validate shows at most 1,000 problems
 * of a file. */
#define ROWS_SHOWN 1000

#define CSV_MAX_SIZE (64 * 1024 * 1024)

/* One row of the CSV, as read. */
typedef struct row {
	int line; /* where the row starts in the CSV, 1-based; a sheet's row */
	char **f; /* its fields, NUL-terminated */
	size_t n;
	unsigned char *kind; /* a sheet's: cls_cell_kind of each field */
} row;

typedef struct reader {
	row *rows;
	size_t n;
	bool nul;
	int bad_line; /* where a quote is misplaced */
} reader;

static void reader_release(reader *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->rows[i].n; j++)
			free(r->rows[i].f[j]);
		free(r->rows[i].f);
		free(r->rows[i].kind);
	}
	free(r->rows);
}

/* The rows of a CSV, split by libcls (cls_csv_split()), as this reads
 * them.  Returns 0; 1 for a misplaced or unclosed quote, on line
 * r->bad_line; -1 when out of memory. */
static int csv_rows(
    const char *text, size_t len, unsigned char sep, int first_line, reader *r)
{
	cls_csv_rows cr;
	int rc = cls_csv_split(text, len, sep, first_line, &cr);
	r->nul = cr.nul;
	r->bad_line = cr.bad_line;
	r->rows = calloc(cr.n ? cr.n : 1, sizeof(*r->rows));
	for (size_t i = 0; r->rows && i < cr.n; i++) {
		r->rows[i] = (row){
		    cr.rows[i].line, cr.rows[i].cells, cr.rows[i].n, NULL};
		cr.rows[i].cells = NULL;
		cr.rows[i].n = 0;
	}
	r->n = r->rows ? cr.n : 0;
	cls_csv_rows_release(&cr);
	return r->rows ? rc : -1;
}

/* ----------------------------------------------------------- the sheets */

/* The rows of an .ods or .xlsx file (read by libcls, cls_sheet_read()) as
 * those of a CSV: each cell's text, and its type.  Returns 0, or -1 after
 * saying why (EXIT_FAIL). */
static int sheet_rows(const char *data, size_t len, const char *name, reader *r)
{
	cls_error err = {{0}};
	cls_sheet *s = cls_sheet_read(data, len, &err);
	if (!s) {
		cmd_fail(_("cannot read %s: %s"), name, err.message);
		return -1;
	}
	size_t n;
	const cls_sheet_row *v = cls_sheet_rows(s, &n);
	int rc = 0;
	r->rows = calloc(n ? n : 1, sizeof(*r->rows));
	for (size_t i = 0; r->rows && i < n; i++) {
		row *w = &r->rows[r->n];
		w->line = v[i].line;
		w->f = calloc(v[i].n ? v[i].n : 1, sizeof(*w->f));
		w->kind = malloc(v[i].n ? v[i].n : 1);
		r->n++;
		for (size_t j = 0; w->f && w->kind && j < v[i].n; j++) {
			if (!(w->f[j] = strdup(v[i].cells[j].text)))
				break;
			w->kind[j] = (unsigned char)v[i].cells[j].kind;
			w->n++;
		}
		if (w->n != v[i].n) {
			rc = -1;
			break;
		}
	}
	if (!r->rows || rc)
		cmd_fail(_("out of memory"));
	cls_sheet_free(s);
	return r->rows && !rc ? 0 : -1;
}

/* Whether the file is a spreadsheet's own format, which is not CSV: a zip
 * (.ods, .xlsx), or a name saying so. */
static bool is_sheet(const char *path, const char *raw, size_t len)
{
	cls_format f;
	return (len >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0)
	    || (cls_format_of_path(path, &f)
	        && (f == CLS_FORMAT_ODS || f == CLS_FORMAT_XLSX));
}

/* ------------------------------------------------------------ the text */

/* Reads all of path ("-": stdin).  Returns a malloc'd buffer, or NULL
 * after saying why. */
static char *slurp(const char *path, const char *name, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cmd_fail(_("cannot read %s: %s"), name, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		cmd_fail(_("cannot read %s: it is a folder: name the CSV file"),
		    name);
		if (fd)
			close(fd);
		return NULL;
	}
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap + 1);
	int e = 0;
	while (buf) {
		if (n == cap) {
			if (cap >= CSV_MAX_SIZE) {
				e = EFBIG;
				break;
			}
			cap *= 2;
			char *b = realloc(buf, cap + 1);
			if (!b)
				break;
			buf = b;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			break;
		}
		if (r == 0) {
			buf[n] = '\0';
			*len = n;
			if (fd)
				close(fd);
			return buf;
		}
		n += (size_t)r;
	}
	if (fd)
		close(fd);
	free(buf);
	if (e == EFBIG)
		cmd_fail(
		    _("cannot read %s: larger than %d MiB, which no CSV of "
		      "values is"),
		    name, CSV_MAX_SIZE / (1024 * 1024));
	else
		cmd_fail(_("cannot read %s: %s"), name,
		    e ? strerror(e) : _("out of memory"));
	return NULL;
}

/* ------------------------------------------------------------- the rows */

/* A value to write, with where it came from. */
typedef struct entry {
	int line;
	char *fiche, *ind, *valeur; /* borrowed from the rows */
	const char *contrat; /* "" when not given */
	char canon[64]; /* a number as read, "12.5" */
	cls_setval v;
	char *error; /* malloc'd */
} entry;

static void entry_error(entry *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void entry_error(entry *e, const char *fmt, ...)
{
	if (e->error)
		return;
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n >= 0 && (e->error = malloc((size_t)n + 1)))
		vsnprintf(e->error, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* The four columns a CSV must have, and "contrat", whose rows must name
 * this contract when it is there. */
static const char *const columns[]
    = {"fiche", "indicateur", "annee", "valeur", "contrat"};
#define NEEDED 4

static int entry_order(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->contrat, y->contrat);
	if (!c)
		c = strcmp(x->fiche, y->fiche);
	if (!c)
		c = strcmp(x->ind, y->ind);
	if (!c)
		c = x->v.year - y->v.year;
	return c ? c : x->line - y->line;
}

static int line_order(const void *a, const void *b)
{
	return ((const entry *)a)->line - ((const entry *)b)->line;
}

static bool same_setval(const cls_setval *a, const cls_setval *b)
{
	return a->is_text == b->is_text
	    && (a->is_text ? strcmp(a->text, b->text) == 0
	                   : a->number == b->number);
}

/* Reads the year of a row: four digits. */
static bool parse_year(const char *s, int *y)
{
	if (strlen(s) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*y = atoi(s);
	return true;
}

/* A text cell that cls export wrote with a quote before it, so that a
 * spreadsheet would not run it (cls_csv_neutralised()), without it. */
static const char *unneutralised(const char *s)
{
	return s[0] == '\'' && cls_csv_neutralised(s + 1) ? s + 1 : s;
}

/* Turns the rows after the header into entries; problems of a row alone
 * are its error. */
static void read_entry(entry *e, const row *r, const long *col)
{
	const char *cells[NEEDED + 1];
	for (int k = 0; k <= NEEDED; k++)
		cells[k] = col[k] >= 0 && (size_t)col[k] < r->n
		    ? cls_csv_trim(r->f[col[k]])
		    : "";
	/* a sheet's cell is as typed: no "'" was put before a formula */
	const bool sheet = r->kind != NULL;
	e->line = r->line;
	e->fiche = (char *)(sheet ? cells[0] : unneutralised(cells[0]));
	e->ind = (char *)(sheet ? cells[1] : unneutralised(cells[1]));
	e->valeur = (char *)cells[3];
	e->contrat = sheet ? cells[4] : unneutralised(cells[4]);
	e->v.fiche = e->fiche;
	e->v.indicateur = e->ind;
	if (!*e->fiche)
		entry_error(e,
		    _("the fiche column is empty: write the fiche's "
		      "id (as after \"id:\" in its file)"));
	else if (!*e->ind)
		entry_error(e,
		    _("the indicateur column is empty: write the "
		      "indicateur's id"));
	else if (!parse_year(cells[2], &e->v.year))
		entry_error(e,
		    _("annee \"%s\" is not a year: write it as four digits, "
		      "such as 2024"),
		    cells[2]);
	const char *v = e->valeur;
	cls_cell_kind k
	    = sheet && (size_t)col[3] < r->n ? r->kind[col[3]] : CLS_CELL_TEXT;
	if (k == CLS_CELL_NUMBER || k == CLS_CELL_PERCENT) {
		/* a number cell: its value, whatever the locale shows */
		e->v.is_text = false;
		e->v.number = strtod(v, NULL);
		snprintf(e->canon, sizeof(e->canon), "%s", v);
	} else if (!sheet && unneutralised(v) != v) {
		/* a text that a spreadsheet would have run as a formula,
		 * neutralised with a quote by cls export */
		e->v.is_text = true;
		e->v.text = v + 1;
	} else if (cls_csv_number(
	               v, &e->v.number, e->canon, sizeof(e->canon))) {
		e->v.is_text = false;
	} else {
		e->v.is_text = true;
		e->v.text = v;
	}
	if (e->v.is_text) {
		/* a line break typed in a cell: LF, as YAML reads it */
		char *o = e->valeur;
		for (const char *p = e->valeur; *p; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				*o++ = *p;
		*o = '\0';
	}
}

/* ---------------------------------------------------------- the command */

static void show_value(FILE *f, const entry *e)
{
	if (e->v.is_text) {
		cmd_msg(f, "\"%s\"", e->v.text);
	} else {
		fputs(e->canon, f);
	}
}

/* Prints the errors of the contract in the files the refused rows name. */
static void show_file_errors(const cls_contract *c, const entry *es,
    const cls_set_result *res, size_t n, bool color)
{
	size_t nd;
	const cls_diag *d = cls_contract_diags(c, &nd);
	for (size_t i = 0; i < nd; i++) {
		if (d[i].severity != CLS_ERROR)
			continue;
		bool named = false;
		for (size_t k = 0; k < n && !named; k++)
			named = res[k].status == CLS_SET_REFUSED && res[k].file
			    && strcmp(res[k].file, d[i].loc.file) == 0;
		if (named)
			cmd_print_diag(stderr, &d[i], NULL, color);
	}
	(void)es;
}

static int import_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	bool dry = false;
	const char *path = NULL;
	cmd_args args;
	cmd_args_init(&args, self, argc, argv);
	for (int id; (id = cmd_args_next(&args)) != CMD_ARGS_END;) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		else if (id == OPT_DRY_RUN)
			dry = true;
		else if (path)
			return cmd_usage_error(self,
			    _("one file at a time (\"%s\" and \"%s\")"), path,
			    args.value);
		else
			path = args.value;
	}
	if (!path)
		return cmd_usage_error(self,
		    _("name the file to import: a CSV (- for stdin), .ods or "
		      ".xlsx"));
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	if (strcmp(path, "-") == 0 && isatty(0))
		return cmd_usage_error(self,
		    _("stdin is a terminal: pipe the CSV in (cls import - < "
		      "valeurs.csv)"));
	const bool color = cmd_color(g, 2);

	int rc = EXIT_FAIL;
	size_t len = 0;
	char *raw = slurp(path, name, &len), *text = raw;
	reader r = {0};
	entry *es = NULL;
	cls_setval *vals = NULL;
	size_t *vidx = NULL;
	cls_contract *c = NULL;
	cls_edit *ed = NULL;
	char *converted = NULL;
	unsigned char sep = ',';
	bool sheet = false;
	if (!raw)
		goto out;
	if (len >= 8
	    && memcmp(raw, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		cmd_fail(_("%s is an Excel 97-2003 workbook (.xls), which cls "
		           "does not read: save it as .xlsx, .ods or \"CSV "
		           "UTF-8\""),
		    name);
		goto out;
	}
	if (is_sheet(path, raw, len)) {
		sheet = true;
		if (sheet_rows(raw, len, name, &r))
			goto out;
		goto rows;
	}
	if (len >= 2
	    && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE)
	    && ((unsigned char)raw[1] == 0xFE
	        || (unsigned char)raw[1] == 0xFF)) {
		cmd_fail(_("%s is UTF-16, not a CSV this reads: save it as "
		           "\"CSV UTF-8\""),
		    name);
		goto out;
	}
	if (memchr(raw, 0, len)) {
		cmd_fail(
		    _("%s holds NUL bytes: it is not a CSV text file; save "
		      "the sheet as \"CSV UTF-8\""),
		    name);
		goto out;
	}
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (!cls_csv_is_utf8(text, len)) {
		converted = cls_csv_from_cp1252(text, len, &len);
		if (!converted) {
			cmd_fail(_("out of memory"));
			goto out;
		}
		text = converted;
		cmd_msg(stderr,
		    _("cls: note: %s is not UTF-8: read as Windows-1252, the "
		      "encoding of Excel's plain \"CSV\"\n"),
		    name);
	}
	/* Excel's "sep=;" line names the separator */
	int first = 1;
	if (strncmp(text, "sep=", 4) == 0 && text[4] && text[4] != '\n'
	    && text[4] != '\r'
	    && (text[5] == '\n' || text[5] == '\r' || !text[5])) {
		sep = (unsigned char)text[4];
		size_t skip = 5;
		while (skip < len && text[skip] != '\n')
			skip++;
		skip += skip < len;
		text += skip;
		len -= skip;
		first = 2;
	} else {
		sep = cls_csv_guess_sep(text);
	}
	int parsed = csv_rows(text, len, sep, first, &r);
	if (parsed == 1) {
		cmd_msg(stderr,
		    _("%s:%d: error: a quote (\") is misplaced or never "
		      "closed: "
		      "a field holding quotes, separators or line breaks is "
		      "written in quotes as a whole, with its quotes doubled "
		      "(\"\")\n"),
		    name, r.bad_line);
		rc = EXIT_DATA;
		goto out;
	} else if (parsed != 0) {
		cmd_fail(_("%s: cannot read it as CSV (out of memory)"), name);
		goto out;
	}
	if (r.nul) {
		cmd_fail(
		    _("%s holds NUL bytes: it is not a CSV text file"), name);
		goto out;
	}
rows:
	if (r.n == 0) {
		cmd_msg(stderr,
		    _("%s: error: the file is empty: export the list with cls "
		      "indicators --missing --format=csv and fill in its "
		      "valeur column\n"),
		    name);
		rc = EXIT_DATA;
		goto out;
	}

	/* the header: columns found by name */
	long col[NEEDED + 1] = {-1, -1, -1, -1, -1};
	const row *h = &r.rows[0];
	for (size_t j = 0; j < h->n; j++) {
		char w[64];
		cls_csv_header_word(h->f[j], w, sizeof(w));
		for (int k = 0; k <= NEEDED; k++)
			if (strcmp(w, columns[k]) == 0) {
				if (col[k] >= 0) {
					cmd_msg(stderr,
					    _("%s:%d: error: two \"%s\" "
					      "columns: keep one\n"),
					    name, h->line, columns[k]);
					rc = EXIT_DATA;
					goto out;
				}
				col[k] = (long)j;
			}
	}
	for (int k = 0; k < NEEDED; k++)
		if (col[k] < 0 && sheet) {
			cmd_msg(stderr,
			    _("%s:%d: error: no \"%s\" column: the first row "
			      "must name the columns fiche, indicateur, annee "
			      "and valeur, as cls indicators --missing -o "
			      "a-remplir.xlsx writes them\n"),
			    name, h->line, columns[k]);
			rc = EXIT_DATA;
			goto out;
		} else if (col[k] < 0) {
			cmd_msg(stderr,
			    _("%s:%d: error: no \"%s\" column: the first line "
			      "must name the columns fiche, indicateur, annee "
			      "and valeur (separated by \"%c\"), as cls "
			      "indicators --missing --format=csv writes "
			      "them\n"),
			    name, h->line, columns[k], sep == '\t' ? ' ' : sep);
			rc = EXIT_DATA;
			goto out;
		}

	size_t ne = 0, skipped = 0, dups = 0, bad = 0;
	es = calloc(r.n, sizeof(*es));
	if (!es) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	for (size_t i = 1; i < r.n; i++) {
		const row *rw = &r.rows[i];
		bool blank = true;
		for (size_t j = 0; j < rw->n && blank; j++)
			blank = !*cls_csv_trim(rw->f[j]);
		if (blank)
			continue; /* an empty line, or ";;;" */
		if ((size_t)col[3] >= rw->n || !*cls_csv_trim(rw->f[col[3]])) {
			skipped++;
			continue;
		}
		read_entry(&es[ne++], rw, col);
	}
	/* the same value given twice: once is enough; differently, an error */
	qsort(es, ne, sizeof(*es), entry_order);
	for (size_t i = 1; i < ne; i++) {
		entry *a = &es[i - 1], *b = &es[i];
		if (a->error || b->error || strcmp(a->contrat, b->contrat)
		    || strcmp(a->fiche, b->fiche) || strcmp(a->ind, b->ind)
		    || a->v.year != b->v.year)
			continue;
		if (same_setval(&a->v, &b->v)) {
			b->line = -b->line; /* given before: dropped */
			dups++;
			continue;
		}
		entry_error(b,
		    _("fiche \"%s\", indicateur \"%s\", %d is already given "
		      "on line %d with the valeur \"%s\" (here \"%s\"): keep "
		      "one of the two rows"),
		    b->fiche, b->ind, b->v.year, abs(a->line), a->valeur,
		    b->valeur);
	}
	qsort(es, ne, sizeof(*es), line_order);

	c = cmd_load(g, NULL, false);
	if (!c)
		goto out;
	/* the CSV is read, the fiches are written: never one file both */
	char *itself = strcmp(path, "-") ? cls_contract_reads(c, path) : NULL;
	if (itself) {
		cmd_fail(
		    _("%s is %s of the contract, not a CSV of values: name "
		      "the CSV file the porteurs sent back"),
		    name, itself);
		free(itself);
		goto out;
	}
	/* a table of several contracts (cls export DIR...) brings rows of
	 * others, whose ids may well exist here too */
	const char *nom = cls_contract_plan(c)->nom;
	for (size_t i = 0; nom && i < ne; i++)
		if (*es[i].contrat && strcmp(es[i].contrat, nom) != 0)
			entry_error(&es[i],
			    _("this row is for the contract \"%s\", not for "
			      "\"%s\": import it in that contract's folder "
			      "(cls -C DIR import), or empty its contrat cell"),
			    es[i].contrat, nom);
	vals = calloc(ne ? ne : 1, sizeof(*vals));
	vidx = calloc(ne ? ne : 1, sizeof(*vidx));
	if (!vals || !vidx) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	size_t nv = 0;
	for (size_t i = 0; i < ne; i++)
		if (es[i].line > 0 && !es[i].error) {
			vidx[nv] = i;
			vals[nv++] = es[i].v;
		}
	cls_error err = {{0}};
	ed = cls_edit_values(c, vals, nv, &err);
	if (!ed) {
		cmd_fail("%s", err.message);
		goto out;
	}
	const cls_set_result *res = cls_edit_results(ed);
	for (size_t k = 0; k < nv; k++)
		if (res[k].status == CLS_SET_REFUSED)
			entry_error(&es[vidx[k]], "%s", res[k].message);
	/* a CSV of a million bad rows says so in a thousand lines, not in
	 * 100 MB */
	for (size_t i = 0; i < ne; i++)
		if (es[i].line > 0 && es[i].error && bad++ < ROWS_SHOWN)
			cmd_msg(stderr, _("%s:%d: error: %s\n"), name,
			    es[i].line, es[i].error);
	if (bad > ROWS_SHOWN)
		cmd_msg(stderr,
		    _("%s: %zu more rows are refused and not shown (the limit "
		      "is %d): fix the ones above, or check that it is the "
		      "right file\n"),
		    name, bad - ROWS_SHOWN, ROWS_SHOWN);
	if (bad) {
		show_file_errors(c, es, res, nv, color);
		cmd_msg(stderr,
		    ngettext("cls: %zu row refused: nothing was written; fix "
		             "it and run cls import again\n",
		        "cls: %zu rows refused: nothing was written; fix them "
		        "and run cls import again\n",
		        bad),
		    bad);
		rc = EXIT_DATA;
		goto out;
	}

	size_t nfiles, written = 0, same = 0;
	cls_edit_files(ed, &nfiles);
	for (size_t k = 0; k < nv; k++) {
		if (res[k].status == CLS_SET_SAME) {
			same++;
			continue;
		}
		written++;
		if (!dry)
			continue;
		const entry *e = &es[vidx[k]];
		cmd_msg(stdout, _("%s: fiche \"%s\", indicateur \"%s\", %d: "),
		    res[k].file, e->fiche, e->ind, e->v.year);
		cmd_msg(
		    stdout, "%s -> ", res[k].old ? res[k].old : _("(none)"));
		show_value(stdout, e);
		putchar('\n');
	}
	if (!dry && cls_edit_write(ed, &err) != 0) {
		cmd_fail("%s", err.message);
		goto out;
	}
	char nw[96], nf[64], ns[64], nk[96];
	snprintf(nw, sizeof(nw),
	    dry ? ngettext(
	        "would write %zu value", "would write %zu values", written)
	        : ngettext("%zu value written", "%zu values written", written),
	    written);
	snprintf(nf, sizeof(nf),
	    ngettext("in %zu file", "in %zu files", nfiles), nfiles);
	snprintf(ns, sizeof(ns),
	    ngettext("%zu unchanged", "%zu unchanged", same), same);
	snprintf(nk, sizeof(nk),
	    ngettext(
	        "%zu empty row skipped", "%zu empty rows skipped", skipped),
	    skipped);
	/* TRANSLATORS: "3 values written", "in 2 files", "0 unchanged", "1
	 * empty row skipped" */
	printf(_("%s %s, %s, %s"), nw, nf, ns, nk);
	if (dups)
		printf(ngettext(
		           ", %zu duplicate row", ", %zu duplicate rows", dups),
		    dups);
	putchar('\n');
	rc = cmd_check_output(stdout, "stdout");
out:
	for (size_t i = 0; es && i < r.n; i++)
		free(es[i].error);
	cls_edit_free(ed);
	cls_contract_free(c);
	free(vals);
	free(vidx);
	free(es);
	reader_release(&r);
	free(converted);
	free(raw);
	return rc;
}
