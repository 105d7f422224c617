/*
 * csv.c - the one CSV writer of libcls and of the cls program (cls export,
 * cls indicators --format=csv): dialects, and cells written through
 * libcsv (quoting is libcsv's, never built here).  What a file looks like
 * is in cls-export(1), CSV:
 *   - the default dialect: RFC 4180 fields, comma separator, "." decimals,
 *     UTF-8 without BOM, rows ended by LF (RFC 4180 says CRLF; LF is what
 *     shell tools and diff expect, and every CSV reader accepts it);
 *   - the French Excel preset: ";" separator, UTF-8 BOM, CRLF, decimal
 *     comma, no "sep=" line;
 *   - text cells are always quoted, by libcsv's csv_write2() (quotes
 *     doubled, CR and LF kept inside the quotes: multi-line text survives);
 *   - numbers are bare: the shortest decimal that reads back as the same
 *     double, never in exponent notation for ordinary amounts, with the
 *     dialect's decimal char; a number is quoted only when that char is the
 *     separator (decimal comma with --sep=,);
 *   - formula injection is neutralised: a text cell that a spreadsheet
 *     could run as a formula (cls_csv_neutralised()) gets a leading "'" so
 *     that it shows as text.  Numbers are never prefixed: -12.5 stays a
 *     number.  (Cells are C strings, so a NUL cannot begin or occur in
 *     one.)
 */
#include "render.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

cls_csv_dialect cls_csv_dialect_preset(bool excel)
{
	static const cls_csv_dialect rfc4180 = {',', '.', false, false};
	static const cls_csv_dialect excel_fr = {';', ',', true, true};
	return excel ? excel_fr : rfc4180;
}

void clsi_csv_init(clsi_csv *w, FILE *f, const cls_csv_dialect *d)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->d = *d;
	if (d->bom)
		fputs("\xEF\xBB\xBF", f);
}

int clsi_csv_release(clsi_csv *w)
{
	int rc = w->oom ? -1 : 0;
	free(w->buf);
	free(w->out);
	cls_buf_release(&w->tmp);
	w->buf = w->out = NULL;
	w->cap = w->outcap = 0;
	return rc;
}

/* The separator before every cell but the first of a row. */
static void next_cell(clsi_csv *w)
{
	if (w->col++)
		putc(w->d.sep, w->f);
}

/* Whether a spreadsheet could run the n bytes of s as a formula (see
 * cls_csv_neutralised(), and cls-export(1) for what was checked). */
static bool risky(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	if (n && (p[0] == '\t' || p[0] == '\r' || p[0] == '\n'))
		return true;
	/* blanks that a reader may trim before it evaluates */
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '=' || p[i] == '+' || p[i] == '-' || p[i] == '@'))
		return true;
	/* the full-width U+FF0B, U+FF0D, U+FF1D, U+FF20 in UTF-8 */
	return n - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBC
	    && (p[i + 2] == 0x8B || p[i + 2] == 0x8D || p[i + 2] == 0x9D
	        || p[i + 2] == 0xA0);
}

bool cls_csv_neutralised(const char *s)
{
	return risky(s, strlen(s));
}

/* Room for n bytes in the buffer *buf of *cap bytes. */
static bool grow(clsi_csv *w, char **buf, size_t *cap, size_t n)
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
static bool reserve(clsi_csv *w, size_t n)
{
	return grow(w, &w->buf, &w->cap, n);
}

/* Writes the n bytes of s as one quoted cell, "'" first when risky.  s may
 * be w->buf + 1 (a text built in the buffer). */
static void quoted(clsi_csv *w, const char *s, size_t n)
{
	if (risky(s, n)) {
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

void clsi_csv_text(clsi_csv *w, const char *s)
{
	next_cell(w);
	if (s)
		quoted(w, s, strlen(s));
}

void clsi_csv_list(clsi_csv *w, const char *const *items, size_t n)
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

void clsi_csv_number(clsi_csv *w, double x)
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

void clsi_csv_opt_number(clsi_csv *w, bool has, double x)
{
	if (has)
		clsi_csv_number(w, x);
	else
		clsi_csv_empty(w);
}

void clsi_csv_empty(clsi_csv *w)
{
	next_cell(w);
}

void clsi_csv_end_row(clsi_csv *w)
{
	fputs(w->d.crlf ? "\r\n" : "\n", w->f);
	w->col = 0;
}

void clsi_csv_header(clsi_csv *w, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		clsi_csv_text(w, names[i]);
	clsi_csv_end_row(w);
}

const char *const clsi_csv_indicateur_cols[]
    = {"contrat", "axe", "objectif", "fiche", "titre", "porteurs", "indicateur",
        "libelle", "type", "unite", "sens", "source", "annee", "cible",
        "cible_min", "cible_max", "valeur", "atteint", "taux", "base_annee",
        "base_valeur", "cible_totale", "referents"};
const size_t clsi_csv_indicateur_ncols
    = sizeof(clsi_csv_indicateur_cols) / sizeof(*clsi_csv_indicateur_cols);

void clsi_csv_indicateur_row(clsi_csv *w, const char *contrat,
    const cls_fiche *f, const cls_indicateur *ind, int year, const cls_taux *t)
{
	const cls_target *c = &t->cible;
	bool one = t->has_cible && !c->is_range;
	bool range = t->has_cible && c->is_range;
	clsi_csv_text(w, contrat);
	clsi_csv_text(w, f->axe);
	clsi_csv_text(w, f->objectif);
	clsi_csv_text(w, f->id);
	clsi_csv_text(w, f->titre);
	clsi_csv_list(w, f->porteurs.items, f->porteurs.count);
	clsi_csv_text(w, ind->id);
	clsi_csv_text(w, ind->libelle);
	clsi_csv_text(w, cls_ind_type_key(ind->type));
	clsi_csv_text(w, ind->unite);
	clsi_csv_text(w, cls_sens_key(ind->sens));
	clsi_csv_text(w, ind->source);
	clsi_csv_number(w, year);
	/* A single number goes in cible, a range in its bounds. */
	clsi_csv_opt_number(w, one, c->min);
	clsi_csv_opt_number(w, range && c->has_min, c->min);
	clsi_csv_opt_number(w, range && c->has_max, c->max);
	/* One valeur column: a number stays a number (so a spreadsheet sums
	 * the column), a qualitative value is a text (which sums skip). */
	if (!t->valeur)
		clsi_csv_empty(w);
	else if (t->valeur->is_text)
		clsi_csv_text(w, t->valeur->text);
	else
		clsi_csv_number(w, t->valeur->number);
	clsi_csv_text(w, t->atteint < 0 ? NULL : t->atteint ? "oui" : "non");
	clsi_csv_opt_number(w, t->has_taux, round(t->taux * 10) / 10);
	/* the columns added since: the baseline, the target over the
	 * contract, whom to ask */
	clsi_csv_opt_number(w, ind->has_base, ind->base_annee);
	if (!ind->has_base)
		clsi_csv_empty(w);
	else if (ind->base_valeur.is_text)
		clsi_csv_text(w, ind->base_valeur.text);
	else
		clsi_csv_number(w, ind->base_valeur.number);
	clsi_csv_opt_number(w, ind->has_cible_totale, ind->cible_totale);
	cls_buf *b = &w->tmp;
	cls_buf_reset(b);
	for (size_t i = 0; i < f->referent_count; i++) {
		if (i)
			cls_buf_add(b, " ; ");
		clsi_fmt_referent(b, &f->referents[i]);
	}
	if (b->oom)
		w->oom = true;
	clsi_csv_text(w, f->referent_count ? cls_buf_str(b) : NULL);
	clsi_csv_end_row(w);
}
