/*
 * csv.c - the one CSV writer of the program: dialects, the shared options
 * --excel, --sep, --bom, and cells written through libcsv (quoting is
 * libcsv's, never built here).  The rules are in csv.h.
 */
#include "csv.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const csv_dialect rfc4180 = {',', '.', false, false};
static const csv_dialect excel_fr = {';', ',', true, true};

int csv_opts_parse(
    csv_opts *o, const command *cmd, int argc, char **argv, int *i)
{
	const char *v;
	if (strcmp(argv[*i], "--excel") == 0) {
		o->excel = true;
		return 1;
	}
	if (strcmp(argv[*i], "--bom") == 0) {
		o->bom = true;
		return 1;
	}
	if (strcmp(argv[*i], "--sep") == 0 && *i + 1 >= argc) {
		cmd_usage_error(cmd,
		    _("--sep needs a separator: ',', ';', tab (\\t) "
		      "or '|'"));
		return -1;
	}
	if (!(v = opt_value(argc, argv, i, "--sep")))
		return 0;
	if (strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "|") == 0)
		o->sep = v[0];
	else if (strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0
	    || strcmp(v, "tab") == 0)
		o->sep = '\t';
	else {
		cmd_usage_error(cmd,
		    _("invalid --sep \"%s\": use ',', ';', tab (\\t) or '|'"),
		    v);
		return -1;
	}
	return 1;
}

csv_dialect csv_opts_dialect(const csv_opts *o)
{
	csv_dialect d = o->excel ? excel_fr : rfc4180;
	if (o->sep)
		d.sep = o->sep;
	if (o->bom)
		d.bom = true;
	if (d.sep == d.decimal)
		fputs(_("cls: warning: --sep=, with --excel's decimal comma: "
		        "numbers with decimals are quoted; use --sep=';' to "
		        "keep them bare\n"),
		    cmd_err());
	return d;
}

void csv_writer_init(csv_writer *w, FILE *f, const csv_dialect *d)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->d = *d;
	if (d->bom)
		fputs("\xEF\xBB\xBF", f);
}

int csv_writer_release(csv_writer *w)
{
	int rc = w->oom ? -1 : 0;
	free(w->buf);
	free(w->out);
	w->buf = w->out = NULL;
	w->cap = w->outcap = 0;
	return rc;
}

/* The separator before every cell but the first of a row. */
static void next_cell(csv_writer *w)
{
	if (w->col++)
		putc(w->d.sep, w->f);
}

/* Whether a spreadsheet would read a text starting with c as a formula
 * (or strip it before doing so). */
static bool risky(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t'
	    || c == '\r' || c == '\n';
}

/* Room for n bytes in the buffer *buf of *cap bytes. */
static bool grow(csv_writer *w, char **buf, size_t *cap, size_t n)
{
	if (n <= *cap)
		return true;
	size_t c = *cap ? *cap : 256;
	while (c < n)
		c *= 2;
	char *p = realloc(*buf, c);
	if (!p) {
		w->oom = true;
		return false;
	}
	*buf = p;
	*cap = c;
	return true;
}

/* Room for n bytes in the writer's text buffer. */
static bool reserve(csv_writer *w, size_t n)
{
	return grow(w, &w->buf, &w->cap, n);
}

/* Writes the n bytes of s as one quoted cell, "'" first when risky.  s may
 * be w->buf + 1 (a text built in the buffer). */
static void quoted(csv_writer *w, const char *s, size_t n)
{
	if (n && risky(s[0])) {
		if (!reserve(w, n + 1))
			return;
		memmove(w->buf + 1, s, n);
		w->buf[0] = '\'';
		s = w->buf;
		n++;
	}
	/* Quoted by libcsv into a buffer, then written in one go:
	 * csv_fwrite2() would write it byte by byte.  At most every byte
	 * is a doubled quote, plus the two around. */
	if (n > (SIZE_MAX - 2) / 2 || !grow(w, &w->out, &w->outcap, 2 * n + 2))
		return;
	size_t m = csv_write2(w->out, w->outcap, s, n, '"');
	fwrite(w->out, 1, m, w->f);
}

void csv_text(csv_writer *w, const char *s)
{
	next_cell(w);
	if (s)
		quoted(w, s, strlen(s));
}

void csv_list(csv_writer *w, const char *const *items, size_t n)
{
	static const char joiner[] = " ; ";
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i]) + (i ? sizeof(joiner) - 1 : 0);
	next_cell(w);
	if (!n)
		return;
	/* Built at offset 1, leaving room for quoted()'s prefix. */
	if (!reserve(w, len + 2))
		return;
	char *p = w->buf + 1;
	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(items[i]);
		if (i) {
			memcpy(p, joiner, sizeof(joiner) - 1);
			p += sizeof(joiner) - 1;
		}
		memcpy(p, items[i], m);
		p += m;
	}
	quoted(w, w->buf + 1, len);
}

/* x as the shortest "%.Nf" that reads back as x (so 0.1 is "0.1", 18000
 * is "18000"), or the shortest "%.Ng" for what has no such form below
 * 1e21 or with up to 17 decimals. */
static void shortest(char *out, size_t size, double x)
{
	if (fabs(x) < 1e21) {
		for (int d = 0; d <= 17; d++) {
			snprintf(out, size, "%.*f", d, x);
			if (strtod(out, NULL) == x)
				return;
		}
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(out, size, "%.*g", p, x);
		if (strtod(out, NULL) == x)
			return;
	}
}

void csv_number(csv_writer *w, double x)
{
	char s[64];
	next_cell(w);
	if (!isfinite(x))
		return;
	if (x == 0)
		x = 0; /* no "-0" */
	shortest(s, sizeof(s), x);
	bool quote = false;
	for (char *p = s; *p; p++) {
		if (*p == '.')
			*p = w->d.decimal;
		if (*p == w->d.sep)
			quote = true;
	}
	if (quote)
		csv_fwrite2(w->f, s, strlen(s), '"');
	else
		fputs(s, w->f);
}

void csv_opt_number(csv_writer *w, bool has, double x)
{
	if (has)
		csv_number(w, x);
	else
		csv_empty(w);
}

void csv_empty(csv_writer *w)
{
	next_cell(w);
}

void csv_end_row(csv_writer *w)
{
	fputs(w->d.crlf ? "\r\n" : "\n", w->f);
	w->col = 0;
}

void csv_header(csv_writer *w, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_text(w, names[i]);
	csv_end_row(w);
}

void csv_indicateur_row(csv_writer *w, const char *contrat, const cls_fiche *f,
    const cls_indicateur *ind, int year, const cls_taux *t)
{
	const cls_target *c = &t->cible;
	bool one = t->has_cible && !c->is_range;
	bool range = t->has_cible && c->is_range;
	csv_text(w, contrat);
	csv_text(w, f->axe);
	csv_text(w, f->objectif);
	csv_text(w, f->id);
	csv_text(w, f->titre);
	csv_list(w, f->porteurs.items, f->porteurs.count);
	csv_text(w, ind->id);
	csv_text(w, ind->libelle);
	csv_text(w, cls_ind_type_key(ind->type));
	csv_text(w, ind->unite);
	csv_text(w, cls_sens_key(ind->sens));
	csv_text(w, ind->source);
	csv_number(w, year);
	/* A single number goes in cible, a range in its bounds. */
	csv_opt_number(w, one, c->min);
	csv_opt_number(w, range && c->has_min, c->min);
	csv_opt_number(w, range && c->has_max, c->max);
	/* One valeur column: a number stays a number (so a spreadsheet sums
	 * the column), a qualitative value is a text (which sums skip). */
	if (!t->valeur)
		csv_empty(w);
	else if (t->valeur->is_text)
		csv_text(w, t->valeur->text);
	else
		csv_number(w, t->valeur->number);
	csv_text(w, t->atteint < 0 ? NULL : t->atteint ? "oui" : "non");
	csv_opt_number(w, t->has_taux, round(t->taux * 10) / 10);
	csv_end_row(w);
}
