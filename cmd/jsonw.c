/*
 * jsonw.c - a small JSON pretty-printer (see jsonw.h).
 */
#include "jsonw.h"

#include "report.h"

/* A new line and the indentation of depth, in one write (a report of
 * 1,000 fiches writes 100,000 lines). */
static void jw_indent(jw *j, int depth)
{
	static const char spaces[]
	    = "\n                                        "
	      "                                        ";
	fwrite(spaces, 1, 1 + 2 * (size_t)depth, j->f);
}

void jw_sep(jw *j)
{
	if (j->depth == 0)
		return;
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	jw_indent(j, j->depth);
}

void jw_open(jw *j, char c)
{
	fputc(c, j->f);
	if (j->depth + 1 < (int)(sizeof(j->first) / sizeof(j->first[0])))
		j->depth++;
	j->first[j->depth] = true;
}

void jw_close(jw *j, char c)
{
	bool empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		jw_indent(j, j->depth);
	fputc(c, j->f);
}

/* "key": , then the caller writes the value. */
void jw_key(jw *j, const char *k)
{
	jw_sep(j);
	json_str(j->f, k);
	fputs(": ", j->f);
}

void jw_str(jw *j, const char *k, const char *s)
{
	jw_key(j, k);
	if (s)
		json_str(j->f, s);
	else
		fputs("null", j->f);
}

void jw_strlist(jw *j, const char *k, const cls_strlist *l)
{
	jw_key(j, k);
	jw_open(j, '[');
	for (size_t i = 0; i < l->count; i++) {
		jw_sep(j);
		json_str(j->f, l->items[i]);
	}
	jw_close(j, ']');
}

void jw_num(jw *j, const char *k, bool has, double x)
{
	jw_key(j, k);
	if (has)
		rep_json_num(j->f, x);
	else
		fputs("null", j->f);
}

void jw_count(jw *j, const char *k, size_t n)
{
	jw_key(j, k);
	fprintf(j->f, "%zu", n);
}

void jw_bool(jw *j, const char *k, int b)
{
	jw_key(j, k);
	fputs(b < 0 ? "null" : b ? "true" : "false", j->f);
}

void jw_taux(jw *j, const cls_taux *t)
{
	jw_key(j, "cible");
	if (!t->has_cible) {
		fputs("null", j->f);
	} else if (!t->cible.is_range) {
		rep_json_num(j->f, t->cible.min);
	} else {
		jw_open(j, '{');
		jw_num(j, "min", t->cible.has_min, t->cible.min);
		jw_num(j, "max", t->cible.has_max, t->cible.max);
		jw_close(j, '}');
	}
	jw_key(j, "valeur");
	if (!t->valeur)
		fputs("null", j->f);
	else if (t->valeur->is_text)
		json_str(j->f, t->valeur->text);
	else
		rep_json_num(j->f, t->valeur->number);
	jw_num(j, "taux", t->has_taux, rep_round(t->taux, 1));
	jw_bool(j, "atteint", t->atteint);
}
