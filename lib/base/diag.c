/* SPDX-License-Identifier: MIT */
/*
 * diag.c - the table of rules (one stable id each, shared by every output
 * format and the man page), the sink that collects diagnostics, and the
 * keywords and French labels of the format's enums.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cls_rule rules[] = {
    /* the file itself */
    {"encoding", CLS_ERROR, N_("file is not UTF-8 text")},
    {"empty-file", CLS_ERROR, N_("file holds no YAML document")},
    {"file-too-large", CLS_ERROR, N_("file is larger than 1 MiB")},
    {"yaml-syntax", CLS_ERROR, N_("YAML that does not parse")},
    {"multiple-documents", CLS_ERROR,
        N_("more than one YAML document in a file")},
    {"yaml-alias", CLS_ERROR, N_("YAML anchors and aliases are not allowed")},
    {"too-deep", CLS_ERROR, N_("nesting deeper than 32 levels")},
    {"duplicate-key", CLS_ERROR, N_("a key appears twice in one mapping")},
    {"too-many-problems", CLS_ERROR,
        N_("more than 1000 problems in one file: the rest are not shown")},
    /* keys and types */
    {"unknown-key", CLS_ERROR, N_("a key the format does not define")},
    {"missing-key", CLS_ERROR, N_("a required key is missing or empty")},
    {"wrong-type", CLS_ERROR, N_("a value of the wrong type")},
    {"invalid-enum", CLS_ERROR,
        N_("a value outside its list of allowed values")},
    {"empty-list", CLS_ERROR,
        N_("a list that must hold at least one item is empty")},
    {"invalid-id", CLS_ERROR,
        N_("an id that is not a token of letters, digits, '.', '-', '_'")},
    {"invalid-date", CLS_ERROR,
        N_("a date that is not a valid YYYY-MM-DD (or YYYY, YYYY-MM)")},
    {"negative-amount", CLS_ERROR, N_("an amount below zero")},
    {"number-too-large", CLS_ERROR, N_("a figure beyond a thousand billion")},
    {"percent-range", CLS_ERROR, N_("a percent outside 0..100")},
    {"invalid-range", CLS_ERROR,
        N_("a target range whose min is above its max")},
    {"invalid-periode", CLS_ERROR,
        N_("a periode whose debut is after its fin")},
    /* across the contract */
    {"duplicate-id", CLS_ERROR, N_("an id used twice")},
    {"unknown-axe", CLS_ERROR,
        N_("a fiche names an axe that cls.yaml does not define")},
    {"unknown-objectif", CLS_ERROR,
        N_("a fiche names an objectif its axe does not define")},
    {"year-outside-periode", CLS_ERROR,
        N_("a year outside the contract's periode")},
    {"text-value", CLS_ERROR,
        N_("a text value for an indicateur that has a numeric target")},
    /* warnings */
    {"no-indicateurs", CLS_WARNING, N_("a fiche without indicateurs")},
    {"calendrier-outside-periode", CLS_WARNING,
        N_("a calendrier date outside the periode")},
    {"missing-value", CLS_WARNING,
        N_("a suivi year in which an indicateur with a target has no value")},
    {"unknown-jalon", CLS_WARNING,
        N_("a suivi names a jalon the calendrier does not list")},
    {"placeholder", CLS_WARNING,
        N_("a placeholder such as \"À compléter\" in a required field")},
    {"number-as-text", CLS_WARNING,
        N_("a valeur that reads as a text but was meant as a number")},
    {"similar-financeurs", CLS_WARNING,
        N_("two financeur names that may be the same financeur")},
    {"unknown-financeur", CLS_WARNING,
        N_("a financeur that the financeurs of cls.yaml do not list")},
    /* hints, shown by cls validate --strict only */
    {"several-structures", CLS_HINT,
        N_("a list item that seems to name several structures")},
};

const cls_rule *cls_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const cls_rule *cls_rule_find(const char *id)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

void clsi_dsink_init(dsink *d, arena *a)
{
	memset(d, 0, sizeof(*d));
	d->a = a;
}

bool clsi_dsink_full(const dsink *d)
{
	return d->limit && d->n >= d->limit;
}

void clsi_dsink_release(dsink *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static void vdiag(dsink *d, const char *file, int line, int col,
    const char *rule, const char *fmt, va_list ap)
{
	const cls_rule *r = cls_rule_find(rule);
	if (clsi_dsink_full(d)) {
		if (!d->dropped++) {
			d->drop_line = line;
			d->drop_col = col;
		}
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		cls_diag *v = realloc(d->v, cap * sizeof(*v));
		if (!v) {
			d->failed = 1;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	cls_diag *g = &d->v[d->n];
	g->loc.file = file;
	g->loc.line = line;
	g->loc.column = col;
	g->severity = r ? r->severity : CLS_ERROR;
	g->rule = r ? r->id : rule;
	g->message = clsi_arena_message(d->a, fmt, ap);
	if (!g->message) {
		d->failed = 1;
		return;
	}
	d->n++;
}

void clsi_diag_at(dsink *d, const char *file, int line, int col,
    const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(d, file, line, col, rule, fmt, ap);
	va_end(ap);
}

void clsi_diag_node(dsink *d, const char *file, const node *at,
    const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(d, file, at ? at->line : 0, at ? at->col : 0, rule, fmt, ap);
	va_end(ap);
}

node *clsi_map_get(const node *m, const char *key)
{
	if (!m || m->kind != N_MAP)
		return NULL;
	size_t len = strlen(key);
	for (uint32_t i = 0; i < m->n; i++) {
		const node *k = MAP_KEY(m, i);
		if (k->len == len && k->text[0] == key[0]
		    && memcmp(k->text, key, len) == 0)
			return MAP_VAL(m, i);
	}
	return NULL;
}

/* ----------------------------------------------------------------- enums */

static const char *const statut_keys[]
    = {"", "non_demarree", "en_cours", "realisee", "reportee", "abandonnee"};
static const char *const statut_labels[] = {"sans suivi", "non démarrée",
    "en cours", "réalisée", "reportée", "abandonnée"};
static const char *const fin_keys[] = {"prevu", "sollicite", "acquis", "verse"};
static const char *const type_keys[] = {"processus", "resultat"};
static const char *const sens_keys[] = {"hausse", "baisse"};

const char *cls_statut_key(cls_statut s)
{
	return (unsigned)s < CLS_STATUT_COUNT ? statut_keys[s] : "";
}

const char *cls_statut_label(cls_statut s)
{
	return (unsigned)s < CLS_STATUT_COUNT ? statut_labels[s] : "";
}

const char *cls_fin_statut_key(cls_fin_statut s)
{
	return (unsigned)s < 4 ? fin_keys[s] : "";
}

const char *cls_ind_type_key(cls_ind_type t)
{
	return (unsigned)t < 2 ? type_keys[t] : "";
}

const char *cls_sens_key(cls_sens s)
{
	return (unsigned)s < 2 ? sens_keys[s] : "";
}

const char *cls_fin_statut_label(cls_fin_statut s)
{
	static const char *const labels[]
	    = {"prévu", "sollicité", "acquis", "versé"};
	return (unsigned)s < 4 ? labels[s] : "";
}

/* ---------------------------------------------------------- messages */

void clsi_vmessage(cls_buf *b, const char *fmt, va_list ap)
{
	cls_buf raw = {0};
	cls_buf_vprintf(&raw, fmt, ap);
	if (raw.oom)
		b->oom = true;
	else
		cls_escape(b, cls_buf_str(&raw), 0);
	cls_buf_release(&raw);
}

char *clsi_arena_message(arena *a, const char *fmt, va_list ap)
{
	char *p = clsi_arena_vprintf(a, fmt, ap);
	if (!p || !p[clsi_esc_span(p, 0)])
		return p; /* nothing to escape: almost every message */
	cls_buf b = {0};
	cls_escape(&b, p, 0);
	p = b.oom ? NULL : clsi_arena_strndup(a, b.s, b.len);
	cls_buf_release(&b);
	return p;
}

/* Out of memory, a message can still be said: its format with the data
 * it quotes, anything but printable ASCII or UTF-8 replaced. */
static void vmessage_raw(char *dst, size_t cap, const char *fmt, va_list ap)
{
	vsnprintf(dst, cap, fmt, ap);
	for (char *p = dst; *p;) {
		uint32_t c = 0;
		size_t k = clsi_u8_decode(p, &c);
		if (!k || clsi_esc_control(c)) {
			*p++ = '?';
			continue;
		}
		p += k;
	}
}

static void vmessage_fit(char *dst, size_t cap, const char *fmt, va_list ap)
{
	cls_buf b = {0};
	va_list aq;
	va_copy(aq, ap);
	clsi_vmessage(&b, fmt, aq);
	va_end(aq);
	if (b.oom)
		vmessage_raw(dst, cap, fmt, ap);
	else
		clsi_text_fit(dst, cap, cls_buf_str(&b));
	cls_buf_release(&b);
}

void clsi_message_fit(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage_fit(dst, cap, fmt, ap);
	va_end(ap);
}

void clsi_seterr(cls_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage_fit(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}
