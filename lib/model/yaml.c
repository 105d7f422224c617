/* SPDX-License-Identifier: MIT */
/*
 * yaml.c - turns YAML text into a node tree with the line and column of
 * every node, through libyaml's event API.  It types plain scalars by the
 * YAML 1.2 core schema itself (libyaml leaves that to us), and it is where
 * hostile input stops: aliases, anchors, deep nesting, several documents
 * and duplicate keys are refused here, before any memory can blow up.
 */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* An open map or list: its children are kids[base..] of the parse. */
typedef struct frame {
	node *n;
	size_t base;
} frame;

typedef struct parse {
	arena *a;
	dsink *d;
	const char *file;
	const char *buf;
	size_t len;
	frame stack[CLS_MAX_DEPTH + 1];
	int depth;
	node **kids; /* the children of every open collection, as a stack */
	size_t nkids, capkids;
	node *root;
	int stop; /* an error ends the file */
} parse;

static bool is_digits(const char *s, const char *digits)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr(digits, *s))
			return false;
	return true;
}

/* A decimal integer as strtod() reads it: exact below 2^53, so the digits
 * of anything up to 15 of them are summed; longer ones go to strtod(). */
static double decimal(const char *s, const char *digits, size_t n)
{
	if (n > 15)
		return strtod(s, NULL);
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(digits[i] - '0');
	return *s == '-' ? -(double)v : (double)v;
}

/* YAML 1.2 core schema, for plain scalars (see model.h).  Most plain
 * scalars are words: only those whose first byte can start a null, a bool
 * or a number go further than one switch. */
void clsi_yaml_type_plain(node *n)
{
	const char *s = n->text;
	switch (s[0]) {
	case '\0':
		n->kind = N_NULL;
		return;
	case '~':
	case 'n':
	case 'N':
		if (strcmp(s, "~") == 0 || strcmp(s, "null") == 0
		    || strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
			n->kind = N_NULL;
		return;
	case 't':
	case 'T':
		if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0
		    || strcmp(s, "TRUE") == 0) {
			n->kind = N_BOOL;
			n->num = 1;
		}
		return;
	case 'f':
	case 'F':
		if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0
		    || strcmp(s, "FALSE") == 0) {
			n->kind = N_BOOL;
			n->num = 0;
		}
		return;
	case '+':
	case '-':
	case '.':
		break;
	default:
		if (s[0] < '0' || s[0] > '9')
			return;
	}
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	size_t nd = 0;
	while (p[nd] >= '0' && p[nd] <= '9')
		nd++;
	if (nd && !p[nd]) {
		n->kind = N_INT;
		n->num = decimal(s, p, nd);
		return;
	}
	if ((s[0] == '0' && s[1] == 'o' && is_digits(s + 2, "01234567"))
	    || (s[0] == '0' && s[1] == 'x'
	        && is_digits(s + 2, "0123456789abcdefABCDEF"))) {
		n->kind = N_INT;
		n->num = (double)strtoull(s + 2, NULL, s[1] == 'o' ? 8 : 16);
		return;
	}
	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0
	    || strcmp(p, ".INF") == 0) {
		n->kind = N_FLOAT;
		n->num = *s == '-' ? -INFINITY : INFINITY;
		return;
	}
	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0
	    || strcmp(s, ".NAN") == 0) {
		n->kind = N_FLOAT;
		n->num = NAN;
		return;
	}
	/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
	const char *q = p;
	size_t intd = 0, fracd = 0;
	while (*q >= '0' && *q <= '9')
		q++, intd++;
	if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9')
			q++, fracd++;
		if (intd == 0 && fracd == 0)
			return;
	} else if (intd == 0) {
		return;
	}
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '-' || *q == '+')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q)
		return;
	n->kind = N_FLOAT;
	n->num = strtod(s, NULL);
}

static node *new_node(parse *p, nkind kind, yaml_mark_t m)
{
	node *n = clsi_arena_alloc(p->a, sizeof(*n));
	if (!n) {
		p->stop = 1;
		p->d->failed = 1;
		return NULL;
	}
	n->kind = (uint8_t)kind;
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	n->text = "";
	return n;
}

static void add_child(parse *p, node *n)
{
	if (p->depth == 0) {
		p->root = n;
		return;
	}
	if (p->nkids == p->capkids) {
		size_t cap = p->capkids ? p->capkids * 2 : 256;
		node **k = realloc(p->kids, cap * sizeof(*k));
		if (!k) {
			p->stop = 1;
			p->d->failed = 1;
			return;
		}
		p->kids = k;
		p->capkids = cap;
	}
	p->kids[p->nkids++] = n;
}

static int key_order(const void *a, const void *b)
{
	const node *x = *(node *const *)a, *y = *(node *const *)b;
	int c = strcmp(x->text, y->text);
	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1)
	                          : (x->col < y->col ? -1 : x->col > y->col);
}

static void dup_key(parse *p, node *k, const node *first)
{
	clsi_diag_node(p->d, p->file, k, "duplicate-key",
	    _("duplicate key \"%s\" (first at line %d): keep one of them"),
	    k->text, first->line);
	k->bad = 1;
}

/* Finds later copies of a key by sorting, for a map too big to compare
 * every pair. */
static void dup_keys_sorted(parse *p, node **kv, size_t pairs)
{
	node **keys = malloc(pairs * sizeof(*keys));
	if (!keys) {
		p->stop = 1;
		p->d->failed = 1;
		return;
	}
	size_t nk = 0;
	for (size_t i = 0; i < pairs; i++)
		if (!kv[2 * i]->bad)
			keys[nk++] = kv[2 * i];
	clsi_sort(keys, nk, sizeof(*keys), key_order);
	/* first: where the run of equal keys starts (linear, even for a
	 * hostile flood of one key). */
	for (size_t i = 1, first = 0; i < nk; i++) {
		if (strcmp(keys[i]->text, keys[first]->text) != 0) {
			first = i;
			continue;
		}
		dup_key(p, keys[i], keys[first]);
	}
	free(keys);
}

/* Drops, and reports, later copies of a key and non-scalar keys.  The
 * children are kv[0..*count). */
static void close_map(parse *p, node **kv, size_t *count)
{
	size_t pairs = *count / 2;
	bool dropped = false;
	for (size_t i = 0; i < pairs; i++) {
		node *k = kv[2 * i];
		if (k->kind == N_MAP || k->kind == N_SEQ) {
			clsi_diag_node(p->d, p->file, k, "wrong-type",
			    _("a key must be "
			      "a plain word, not a list or a mapping"));
			k->bad = 1;
			dropped = true;
		}
	}
	if (pairs > 16) {
		dup_keys_sorted(p, kv, pairs);
	} else {
		/* Keys come in document order: the first copy is the
		 * earliest one still standing. */
		for (size_t i = 1; i < pairs; i++) {
			node *k = kv[2 * i];
			for (size_t j = 0; j < i && !k->bad; j++) {
				const node *o = kv[2 * j];
				if (!o->bad && o->len == k->len
				    && strcmp(o->text, k->text) == 0)
					dup_key(p, k, o);
			}
		}
	}
	size_t out = 0;
	for (size_t i = 0; i < pairs; i++) {
		if (kv[2 * i]->bad) {
			dropped = true;
			continue;
		}
		if (dropped) {
			kv[out] = kv[2 * i];
			kv[out + 1] = kv[2 * i + 1];
		}
		out += 2;
	}
	*count = out;
}

static void close_collection(parse *p)
{
	frame *f = &p->stack[--p->depth];
	/* (no child yet anywhere: kids is still NULL, and NULL + 0 is
	 * undefined) */
	node **kv = p->kids ? p->kids + f->base : NULL;
	size_t count = p->nkids - f->base;
	if (f->n->kind == N_MAP)
		close_map(p, kv, &count);
	if (!p->stop && count) {
		f->n->kids = clsi_arena_alloc(p->a, count * sizeof(node *));
		if (f->n->kids) {
			memcpy(f->n->kids, kv, count * sizeof(node *));
			f->n->n = (uint32_t)(f->n->kind == N_MAP ? count / 2
			                                         : count);
		} else {
			p->stop = 1;
			p->d->failed = 1;
		}
	}
	p->nkids = f->base;
	if (!p->stop)
		add_child(p, f->n);
}

static void refuse_anchor(parse *p, yaml_mark_t m, const yaml_char_t *anchor)
{
	clsi_diag_at(p->d, p->file, (int)m.line + 1, (int)m.column + 1,
	    "yaml-alias",
	    _("YAML anchors and aliases are not allowed (\"%s\"): write the "
	      "value out in full"),
	    (const char *)anchor);
	p->stop = 1;
}

/* The byte at a libyaml mark, whose column counts characters. */
static int byte_at(const parse *p, yaml_mark_t m)
{
	size_t i = 0, line = 0, col = 0;
	while (i < p->len && line < m.line)
		if (p->buf[i++] == '\n')
			line++;
	while (i < p->len && col < m.column && p->buf[i] != '\n') {
		i++;
		while (i < p->len && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
			i++;
		col++;
	}
	return i < p->len ? (unsigned char)p->buf[i] : -1;
}

/* libyaml's problems, which it gives in English only: the ones it can
 * report while parsing, translated when shown (xgettext finds them here;
 * a problem not listed stays in English). */
static const char *const yaml_problems[] = {
    N_("alias value must contain alphanumerical characters only"),
    N_("alias value must not be empty"),
    N_("anchor value must contain alphanumerical characters only"),
    N_("anchor value must not be empty"),
    N_("block sequence entries are not allowed in this context"),
    N_("control characters are not allowed"),
    N_("could not find expected ':'"),
    N_("could not find expected directive name"),
    N_("did not find URI escaped octet"),
    N_("did not find expected '!'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected digit or '.' character"),
    N_("did not find expected hexdecimal number"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected tag URI"),
    N_("did not find expected version number"),
    N_("did not find expected whitespace"),
    N_("did not find expected whitespace or line break"),
    N_("did not find the expected '>'"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an incorrect leading UTF-8 octet"),
    N_("found an incorrect trailing UTF-8 octet"),
    N_("found an indentation indicator equal to 0"),
    N_("found character that cannot start any token"),
    N_("found duplicate %TAG directive"),
    N_("found duplicate %YAML directive"),
    N_("found extremely long version number"),
    N_("found incompatible YAML document"),
    N_("found invalid Unicode character escape code"),
    N_("found undefined tag handle"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unexpected end of stream"),
    N_("found unexpected non-alphabetical character"),
    N_("found unknown directive name"),
    N_("found unknown escape character"),
    N_("incomplete UTF-16 character"),
    N_("incomplete UTF-16 surrogate pair"),
    N_("incomplete UTF-8 octet sequence"),
    N_("input error"),
    N_("input is too long"),
    N_("invalid Unicode character"),
    N_("invalid leading UTF-8 octet"),
    N_("invalid length of a UTF-8 sequence"),
    N_("invalid trailing UTF-8 octet"),
    N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"),
    N_("tag handle must contain alphanumerical characters only"),
    N_("tag handle must end with '!'"),
    N_("tag handle must not be empty"),
    N_("tag handle must start with '!'"),
    N_("tag prefix must not be empty"),
    N_("tag value must not be empty"),
    N_("unexpected low surrogate area"),
    N_("unexpected high surrogate area"),
    N_("invalid YAML"),
};

static void syntax_error(parse *p, yaml_parser_t *yp)
{
	yaml_mark_t m = yp->problem_mark;
	const char *what = yp->problem ? yp->problem : "invalid YAML";
	const char *hint = "";
	if (byte_at(p, m) == '\t')
		hint = _(": tabs cannot indent YAML, use spaces");
	else if (strstr(what, "mapping values are not allowed"))
		hint = _(": a value holding \": \" must be quoted, or a key is "
		         "misplaced");
	else if (strstr(what, "did not find expected"))
		hint
		    = _(": check the indentation and the \"- \" of list items");
	else if (strstr(what, "found unexpected end of stream")
	    || strstr(what, "found unknown escape"))
		hint = _(": check the quotes");
	int line = (int)m.line + 1, col = (int)m.column + 1;
	if (yp->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a line. */
		line = 1;
		col = 1;
		for (size_t i = 0; i < yp->problem_offset && i < p->len; i++)
			if (p->buf[i] == '\n')
				line++;
	}
	for (size_t i = 0; i < sizeof(yaml_problems) / sizeof(*yaml_problems);
	     i++)
		if (strcmp(what, yaml_problems[i]) == 0)
			what = _(yaml_problems[i]);
	clsi_diag_at(p->d, p->file, line, col, "yaml-syntax",
	    _("invalid YAML: %s%s"), what, hint);
	p->stop = 1;
}

node *clsi_yaml_parse(
    arena *a, dsink *d, const char *file, const char *buf, size_t len)
{
	bool whole;
	return clsi_yaml_parse_whole(a, d, file, buf, len, &whole);
}

node *clsi_yaml_parse_whole(arena *a, dsink *d, const char *file,
    const char *buf, size_t len, bool *whole)
{
	parse p = {.a = a, .d = d, .file = file, .buf = buf, .len = len};
	yaml_parser_t yp;
	yaml_event_t ev;
	int docs = 0, done = 0;

	*whole = false;
	if (!yaml_parser_initialize(&yp)) {
		d->failed = 1;
		return NULL;
	}
	yaml_parser_set_input_string(&yp, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);

	while (!done && !p.stop) {
		if (!yaml_parser_parse(&yp, &ev)) {
			syntax_error(&p, &yp);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				clsi_diag_at(d, file,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "multiple-documents",
				    _("a second YAML "
				      "document starts here: keep one document "
				      "per file (remove the \"---\" line)"));
				p.stop = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			refuse_anchor(&p, ev.start_mark, ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT: {
			if (ev.data.scalar.anchor) {
				refuse_anchor(
				    &p, ev.start_mark, ev.data.scalar.anchor);
				break;
			}
			node *n = new_node(&p, N_STR, ev.start_mark);
			if (!n)
				break;
			n->text = clsi_arena_strndup(a,
			    (const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->len = (uint32_t)ev.data.scalar.length;
			if (!n->text) {
				p.stop = 1;
				d->failed = 1;
				break;
			}
			if (memchr(n->text, 0, n->len)) {
				clsi_diag_node(d, file, n, "encoding",
				    _("text holds "
				      "a NUL character (\\0): remove it"));
				n->len = (uint32_t)strlen(n->text);
			}
			const char *tag = (const char *)ev.data.scalar.tag;
			bool str_tag = tag
			    && (strcmp(tag, YAML_STR_TAG) == 0
			        || strcmp(tag, "!") == 0);
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
			    && !str_tag) {
				n->plain = 1;
				clsi_yaml_type_plain(n);
			}
			add_child(&p, n);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool map = ev.type == YAML_MAPPING_START_EVENT;
			yaml_char_t *anchor = map
			    ? ev.data.mapping_start.anchor
			    : ev.data.sequence_start.anchor;
			if (anchor) {
				refuse_anchor(&p, ev.start_mark, anchor);
				break;
			}
			if (p.depth >= CLS_MAX_DEPTH) {
				clsi_diag_at(d, file,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1, "too-deep",
				    _("nesting deeper than %d levels: no "
				      "contract "
				      "needs that many, check the indentation"),
				    CLS_MAX_DEPTH);
				p.stop = 1;
				break;
			}
			node *n
			    = new_node(&p, map ? N_MAP : N_SEQ, ev.start_mark);
			if (!n)
				break;
			p.stack[p.depth++] = (frame){.n = n, .base = p.nkids};
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			close_collection(&p);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	free(p.kids);
	yaml_parser_delete(&yp);
	*whole = done;
	if (p.stop)
		return NULL;
	if (docs == 0 || !p.root
	    || (p.root->kind == N_NULL && p.root->text[0] == '\0')) {
		clsi_diag_at(d, file, 1, 1, "empty-file", "%s",
		    strcmp(file, "cls.yaml") == 0
		        ? _("file holds no YAML document: write the contract's "
		            "keys, or delete the file")
		        : _("file holds no YAML document: write the fiche's "
		            "keys, or delete the file"));
		return NULL;
	}
	return p.root;
}
