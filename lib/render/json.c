/*
 * json.c - JSON written pretty, strings escaped (see render.h).
 */
#include "render.h"

#include <math.h>

/* A new line and the indentation of depth, in one write (a report of
 * 1,000 fiches writes 100,000 lines). */
static void clsi_jw_indent(jw *j, int depth)
{
	static const char spaces[]
	    = "\n                                        "
	      "                                        ";
	fwrite(spaces, 1, 1 + 2 * (size_t)depth, j->f);
}

void clsi_jw_sep(jw *j)
{
	if (j->depth == 0)
		return;
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	clsi_jw_indent(j, j->depth);
}

void clsi_jw_open(jw *j, char c)
{
	fputc(c, j->f);
	if (j->depth + 1 < (int)(sizeof(j->first) / sizeof(j->first[0])))
		j->depth++;
	j->first[j->depth] = true;
}

void clsi_jw_close(jw *j, char c)
{
	bool empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		clsi_jw_indent(j, j->depth);
	fputc(c, j->f);
}

/* "key": , then the caller writes the value. */
void clsi_jw_key(jw *j, const char *k)
{
	clsi_jw_sep(j);
	clsi_json_str(j->f, k);
	fputs(": ", j->f);
}

void clsi_jw_str(jw *j, const char *k, const char *s)
{
	clsi_jw_key(j, k);
	if (s)
		clsi_json_str(j->f, s);
	else
		fputs("null", j->f);
}

void clsi_jw_strlist(jw *j, const char *k, const cls_strlist *l)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < l->count; i++) {
		clsi_jw_sep(j);
		clsi_json_str(j->f, l->items[i]);
	}
	clsi_jw_close(j, ']');
}

void clsi_jw_num(jw *j, const char *k, bool has, double x)
{
	clsi_jw_key(j, k);
	if (has)
		clsi_json_num(j->f, x);
	else
		fputs("null", j->f);
}

void clsi_jw_count(jw *j, const char *k, size_t n)
{
	clsi_jw_key(j, k);
	fprintf(j->f, "%zu", n);
}

void clsi_jw_bool(jw *j, const char *k, int b)
{
	clsi_jw_key(j, k);
	fputs(b < 0 ? "null" : b ? "true" : "false", j->f);
}

void clsi_jw_taux(jw *j, const cls_taux *t)
{
	clsi_jw_key(j, "cible");
	if (!t->has_cible) {
		fputs("null", j->f);
	} else if (!t->cible.is_range) {
		clsi_json_num(j->f, t->cible.min);
	} else {
		clsi_jw_open(j, '{');
		clsi_jw_num(j, "min", t->cible.has_min, t->cible.min);
		clsi_jw_num(j, "max", t->cible.has_max, t->cible.max);
		clsi_jw_close(j, '}');
	}
	clsi_jw_key(j, "valeur");
	if (!t->valeur)
		fputs("null", j->f);
	else if (t->valeur->is_text)
		clsi_json_str(j->f, t->valeur->text);
	else
		clsi_json_num(j->f, t->valeur->number);
	clsi_jw_num(j, "taux", t->has_taux, clsi_round(t->taux, 1));
	clsi_jw_bool(j, "atteint", t->atteint);
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

void clsi_json_str(FILE *f, const char *s)
{
	const char *run = s ? s : "";
	const unsigned char *p = (const unsigned char *)run;
	fputc('"', f);
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
		fwrite(run, 1, (size_t)((const char *)p - run), f);
		if (!*p)
			break;
		if (!k)
			fputs("\\ufffd", f);
		else if (c == '"')
			fputs("\\\"", f);
		else if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else
			fprintf(f, "\\u%04x", (unsigned)c);
		p += k ? k : 1;
		run = (const char *)p;
	}
	fputc('"', f);
}

void clsi_json_num(FILE *f, double x)
{
	char buf[64];
	if (!isfinite(x))
		x = 0;
	if (x == 0)
		x = 0; /* never -0 */
	if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
		/* what %.15g writes for an integer, without printf */
		long long v = (long long)x;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
		                             : (unsigned long long)v;
		char *p = buf + sizeof(buf);
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			*--p = '-';
		fwrite(p, 1, (size_t)(buf + sizeof(buf) - p), f);
		return;
	}
	snprintf(buf, sizeof(buf), "%.15g", x);
	fputs(buf, f);
}
