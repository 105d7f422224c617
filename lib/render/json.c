/* SPDX-License-Identifier: MIT */
/*
 * json.c - JSON written pretty, strings escaped (see render.h).  A
 * writer gathers what it writes in its own buffer and hands it to stdio a
 * few KiB at a time: a report of 1,000 fiches writes 100,000 keys, and a
 * call to stdio for each piece of each cost more than the bytes.
 */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the buffer */

void clsi_jw_flush(jw *j)
{
	if (j->n)
		fwrite(j->buf, 1, j->n, j->f);
	j->n = 0;
}

static void put(jw *j, const char *s, size_t n)
{
	if (j->n + n > sizeof(j->buf)) {
		clsi_jw_flush(j);
		if (n > sizeof(j->buf)) {
			fwrite(s, 1, n, j->f);
			return;
		}
	}
	memcpy(j->buf + j->n, s, n);
	j->n += n;
}

static void putc_(jw *j, char c)
{
	if (j->n == sizeof(j->buf))
		clsi_jw_flush(j);
	j->buf[j->n++] = c;
}

static void puts_(jw *j, const char *s)
{
	put(j, s, strlen(s));
}

/* A number in the shortest "%.15g" form into buf (at least 32 bytes);
 * returns its length. */
static size_t num_text(char *buf, double x)
{
	if (!isfinite(x))
		x = 0;
	if (x == 0)
		x = 0; /* never -0 */
	if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
		/* what %.15g writes for an integer, without printf */
		char d[24], *p = d + sizeof(d);
		long long v = (long long)x;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
		                             : (unsigned long long)v;
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			*--p = '-';
		size_t n = (size_t)(d + sizeof(d) - p);
		memcpy(buf, p, n);
		return n;
	}
	/* one decimal (rates, as clsi_round() leaves them; amounts with
	 * tenths), without printf: x is then the double nearest to t / 10,
	 * whose shortest "%.15g" form is t / 10 itself */
	double t10 = x * 10;
	if (t10 > -1e14 && t10 < 1e14) {
		long long t = llround(t10);
		if ((double)t / 10 == x) {
			unsigned long long u = t < 0
			    ? 0ULL - (unsigned long long)t
			    : (unsigned long long)t;
			char d[24], *p = d + sizeof(d);
			*--p = (char)('0' + u % 10);
			*--p = '.';
			u /= 10;
			do {
				*--p = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			if (t < 0)
				*--p = '-';
			size_t n = (size_t)(d + sizeof(d) - p);
			memcpy(buf, p, n);
			return n;
		}
	}
	return (size_t)snprintf(buf, 32, "%.15g", x);
}

static void put_num(jw *j, double x)
{
	char buf[32];
	put(j, buf, num_text(buf, x));
}

static void put_count(jw *j, size_t n)
{
	char buf[24], *p = buf + sizeof(buf);
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	put(j, p, (size_t)(buf + sizeof(buf) - p));
}

/* s as a JSON string, with its quotes; NULL as "". */
static void put_str(jw *j, const char *s)
{
	const char *run = s ? s : "";
	const unsigned char *p = (const unsigned char *)run;
	putc_(j, '"');
	for (;;) {
		/* plain bytes go out in runs; only these need a look */
		if (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		uint32_t c = *p;
		size_t k = *p < 0x80 ? 1 : clsi_u8_decode((const char *)p, &c);
		if (*p >= 0x80 && k && !clsi_esc_control(c)) {
			p += k;
			continue;
		}
		put(j, run, (size_t)((const char *)p - run));
		if (!*p)
			break;
		if (!k) {
			put(j, "\\ufffd", 6);
		} else if (c == '"') {
			put(j, "\\\"", 2);
		} else if (c == '\\') {
			put(j, "\\\\", 2);
		} else if (c == '\n') {
			put(j, "\\n", 2);
		} else if (c == '\r') {
			put(j, "\\r", 2);
		} else if (c == '\t') {
			put(j, "\\t", 2);
		} else {
			char u[8];
			snprintf(u, sizeof(u), "\\u%04x", (unsigned)c);
			put(j, u, 6);
		}
		p += k ? k : 1;
		run = (const char *)p;
	}
	putc_(j, '"');
}

/* --------------------------------------------------------- the writer */

/* A new line and the indentation of depth; with comma, the comma
 * first. */
static void indent(jw *j, int depth, bool comma)
{
	static const char spaces[]
	    = ",\n                                        "
	      "                                        ";
	put(j, spaces + !comma, 1 + comma + 2 * (size_t)depth);
}

void clsi_jw_sep(jw *j)
{
	if (j->depth == 0)
		return;
	bool comma = !j->first[j->depth];
	j->first[j->depth] = false;
	if (j->inl[j->depth]) {
		if (comma)
			put(j, ", ", 2);
		return;
	}
	indent(j, j->depth, comma);
}

static void open_(jw *j, char c, bool inl)
{
	bool outer = j->inl[j->depth];
	putc_(j, c);
	if (j->depth + 1 < (int)(sizeof(j->first) / sizeof(j->first[0])))
		j->depth++;
	j->first[j->depth] = true;
	j->inl[j->depth] = inl || outer;
}

void clsi_jw_open(jw *j, char c)
{
	open_(j, c, false);
}

void clsi_jw_open_inline(jw *j, char c)
{
	open_(j, c, true);
}

void clsi_jw_close(jw *j, char c)
{
	bool empty = j->first[j->depth], inl = j->inl[j->depth];
	j->depth--;
	if (!empty && !inl)
		indent(j, j->depth, false);
	putc_(j, c);
	if (j->depth <= 0)
		clsi_jw_flush(j);
}

void clsi_jw_key(jw *j, const char *k)
{
	/* keys are the literals of the documented JSON, which need no
	 * escaping: written in place with their separator and indentation,
	 * in a few copies (a report of 1,000 fiches over five years writes
	 * 400,000 of them) */
	static const char spaces[] = "                                        "
	                             "                                        ";
	size_t kl = strlen(k), d = 2 * (size_t)j->depth;
	if (j->depth > 0 && kl <= 64 && j->inl[j->depth]) {
		if (j->n + kl + 6 > sizeof(j->buf))
			clsi_jw_flush(j);
		char *p = j->buf + j->n;
		if (!j->first[j->depth]) {
			*p++ = ',';
			*p++ = ' ';
		}
		j->first[j->depth] = false;
		*p++ = '"';
		memcpy(p, k, kl);
		p += kl;
		memcpy(p, "\": ", 3);
		j->n = (size_t)(p + 3 - j->buf);
		return;
	}
	if (j->depth <= 0 || kl > 64) {
		clsi_jw_sep(j);
		put_str(j, k);
		put(j, ": ", 2);
		return;
	}
	if (j->n + d + kl + 6 > sizeof(j->buf))
		clsi_jw_flush(j);
	char *p = j->buf + j->n;
	*p = ',';
	p += !j->first[j->depth];
	j->first[j->depth] = false;
	*p++ = '\n';
	memcpy(p, spaces, d);
	p += d;
	*p++ = '"';
	memcpy(p, k, kl);
	p += kl;
	memcpy(p, "\": ", 3);
	j->n = (size_t)(p + 3 - j->buf);
}

void clsi_jw_value_str(jw *j, const char *s)
{
	put_str(j, s);
}

void clsi_jw_value_num(jw *j, double x)
{
	put_num(j, x);
}

void clsi_jw_str(jw *j, const char *k, const char *s)
{
	clsi_jw_key(j, k);
	if (s)
		put_str(j, s);
	else
		put(j, "null", 4);
}

void clsi_jw_strlist(jw *j, const char *k, const cls_strlist *l)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < l->count; i++) {
		clsi_jw_sep(j);
		put_str(j, l->items[i]);
	}
	clsi_jw_close(j, ']');
}

void clsi_jw_num(jw *j, const char *k, bool has, double x)
{
	clsi_jw_key(j, k);
	if (has)
		put_num(j, x);
	else
		put(j, "null", 4);
}

void clsi_jw_count(jw *j, const char *k, size_t n)
{
	clsi_jw_key(j, k);
	put_count(j, n);
}

void clsi_jw_bool(jw *j, const char *k, int b)
{
	clsi_jw_key(j, k);
	puts_(j, b < 0 ? "null" : b ? "true" : "false");
}

void clsi_jw_taux(jw *j, const cls_taux *t)
{
	clsi_jw_key(j, "cible");
	if (!t->has_cible) {
		put(j, "null", 4);
	} else if (!t->cible.is_range) {
		put_num(j, t->cible.min);
	} else {
		clsi_jw_open(j, '{');
		clsi_jw_num(j, "min", t->cible.has_min, t->cible.min);
		clsi_jw_num(j, "max", t->cible.has_max, t->cible.max);
		clsi_jw_close(j, '}');
	}
	clsi_jw_key(j, "valeur");
	if (!t->valeur)
		put(j, "null", 4);
	else if (t->valeur->is_text)
		put_str(j, t->valeur->text);
	else
		put_num(j, t->valeur->number);
	clsi_jw_num(j, "taux", t->has_taux, clsi_round(t->taux, 1));
	clsi_jw_bool(j, "atteint", t->atteint);
}

void clsi_jw_contrat(jw *j, const cls_plan *p)
{
	clsi_jw_key(j, "contrat");
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "nom", p->nom);
	clsi_jw_str(j, "territoire", p->territoire);
	clsi_jw_key(j, "periode");
	clsi_jw_open(j, '{');
	clsi_jw_num(j, "debut", true, p->debut);
	clsi_jw_num(j, "fin", true, p->fin);
	clsi_jw_close(j, '}');
	clsi_jw_key(j, "periode_initiale");
	clsi_jw_open(j, '{');
	clsi_jw_num(j, "debut", true, p->debut_initial);
	clsi_jw_num(j, "fin", true, p->fin_initial);
	clsi_jw_close(j, '}');
	clsi_jw_str(j, "signature", p->signature);
	clsi_jw_key(j, "avenants");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < p->avenant_count; i++) {
		const cls_avenant *a = &p->avenants[i];
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "date", a->date);
		clsi_jw_str(j, "objet", a->objet);
		clsi_jw_num(j, "fin", a->fin != 0, a->fin);
		clsi_jw_strlist(j, "signataires", &a->signataires);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "financeurs");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < p->financeur_count; i++) {
		const cls_financeur *e = &p->financeurs[i];
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "nom", e->nom);
		clsi_jw_str(j, "sigle", e->sigle);
		clsi_jw_strlist(j, "autres_noms", &e->autres_noms);
		clsi_jw_bool(j, "declare", e->declared);
		clsi_jw_count(j, "financements", e->financements);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');
}

void clsi_jw_referents(jw *j, const cls_fiche *f)
{
	clsi_jw_key(j, "referents");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < f->referent_count; i++) {
		const cls_referent *re = &f->referents[i];
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "nom", re->nom);
		clsi_jw_str(j, "fonction", re->fonction);
		clsi_jw_str(j, "structure", re->structure);
		clsi_jw_str(j, "courriel", re->courriel);
		clsi_jw_str(j, "telephone", re->telephone);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
}

void clsi_jw_financement(jw *j, const cls_financement *fin)
{
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "financeur", fin->financeur);
	clsi_jw_str(
	    j, "financeur_nom", fin->ref ? fin->ref->nom : fin->financeur);
	clsi_jw_num(j, "montant", fin->has_montant, fin->montant);
	clsi_jw_num(j, "annee", fin->annee != 0, fin->annee);
	clsi_jw_str(j, "statut", cls_fin_statut_key(fin->statut));
	clsi_jw_str(j, "note", fin->note);
	clsi_jw_close(j, '}');
}

/* ------------------------------------------------- items in parallel */

/* One part of the items: its own writer, at the depth of the array, into
 * a buffer in memory; the first part, the caller's writer itself. */
typedef struct part {
	jw own;
	jw *j;
	size_t from, to;
	char *bytes;
	size_t len;
} part;

typedef struct parts {
	part *v;
	void (*item)(jw *, const void *, size_t);
	const void *ctx;
	bool french; /* the caller's, for any message an item looks up */
} parts;

static void write_items(const parts *ps, jw *j, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		clsi_jw_sep(j);
		ps->item(j, ps->ctx, i);
	}
}

static void write_part(void *arg, size_t k)
{
	const parts *ps = arg;
	part *p = &ps->v[k];
	if (!p->j)
		return; /* no memory for it: the caller writes it in turn */
	clsi_i18n_force_french(ps->french);
	write_items(ps, p->j, p->from, p->to);
	if (k)
		clsi_jw_flush(p->j);
}

/* an item of a report is a few KiB: below this many, a thread costs more
 * than it saves */
enum { ITEMS_PER_PART = 64 };

void clsi_jw_items(
    jw *j, size_t n, void (*item)(jw *, const void *, size_t), const void *ctx)
{
	size_t np = clsi_threads_for(n, ITEMS_PER_PART);
	parts ps = {np > 1 ? calloc(np, sizeof(part)) : NULL, item, ctx,
	    clsi_i18n_forced_french()};
	if (!ps.v) {
		write_items(&ps, j, 0, n);
		return;
	}
	for (size_t k = 0; k < np; k++) {
		part *p = &ps.v[k];
		p->from = n * k / np;
		p->to = n * (k + 1) / np;
		if (k == 0) {
			p->j = j;
			continue;
		}
		/* where j will be once the parts before are written: the same
		 * depth, an item already in the array */
		p->own.depth = j->depth;
		memcpy(p->own.first, j->first, sizeof(j->first));
		memcpy(p->own.inl, j->inl, sizeof(j->inl));
		p->own.first[j->depth] = false;
		p->own.f = open_memstream(&p->bytes, &p->len);
		p->j = p->own.f ? &p->own : NULL;
	}
	clsi_run_threads(np, write_part, &ps);
	for (size_t k = 1; k < np; k++) {
		part *p = &ps.v[k];
		if (p->j && fclose(p->own.f) == 0)
			put(j, p->bytes, p->len);
		else /* its bytes may be short */
			write_items(&ps, j, p->from, p->to);
		free(p->bytes);
	}
	free(ps.v);
}

/* ------------------------------------------------- straight to a stream */

void clsi_json_str(FILE *f, const char *s)
{
	jw j;
	j.f = f;
	j.n = 0;
	put_str(&j, s);
	clsi_jw_flush(&j);
}

void clsi_json_num(FILE *f, double x)
{
	char buf[32];
	fwrite(buf, 1, num_text(buf, x), f);
}
