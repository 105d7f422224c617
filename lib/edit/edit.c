/* SPDX-License-Identifier: MIT */
/*
 * edit.c - writes yearly values (an indicateur's valeurs) into fiche files
 * the way a careful person would by hand: only the value's line changes,
 * or one line is added among its siblings, and every comment, blank line,
 * quote style, indentation, line end and byte order mark stays as it was.
 *
 * libyaml's marks locate the nodes (they count characters, which a table
 * turns into byte offsets); the text is then spliced.  Every edited file is
 * parsed and checked again and compared, node by node, with what was asked:
 * an edit that reads back differently is refused, never written.
 */
#include "edit.h"

#include <errno.h>
#include <math.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

/* ------------------------------------------------ a tree of byte ranges */

/* A node with its place in the text: [start, end) in bytes.  A block
 * collection's end is where libyaml saw it close (the next token, past any
 * comments): use content_end() for where its text stops. */
typedef struct enode {
	uint8_t kind; /* N_STR (any scalar), N_MAP or N_SEQ */
	uint8_t flow; /* {...} or [...] */
	uint8_t style; /* scalar: yaml_scalar_style_t */
	size_t start, end;
	const char *text; /* scalar value */
	uint32_t n; /* map: pairs; seq: items */
	struct enode **kids;
} enode;

typedef struct etree {
	arena *a;
	const char *buf;
	size_t len;
	size_t *cpo; /* byte offset of each character, and len at the end */
	size_t ncp;
	enode *root;
} etree;

typedef struct eframe {
	enode *n;
	enode **kids;
	size_t count, cap;
} eframe;

static size_t mark_off(const etree *t, yaml_mark_t m)
{
	return t->cpo[m.index < t->ncp ? m.index : t->ncp];
}

static int eadd(eframe *f, enode *n)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;
		enode **k = realloc(f->kids, cap * sizeof(*k));
		if (!k)
			return -1;
		f->kids = k;
		f->cap = cap;
	}
	f->kids[f->count++] = n;
	return 0;
}

/* Parses t->buf into t->root.  Returns 0, or -1 (the text does not parse
 * as the single plain document cls reads, or out of memory). */
static int eparse(etree *t)
{
	eframe st[CLS_MAX_DEPTH + 1];
	int depth = 0, rc = -1, done = 0;
	yaml_parser_t yp;
	yaml_event_t ev;
	size_t k = 0;

	t->cpo = malloc((t->len + 1) * sizeof(size_t));
	if (!t->cpo)
		return -1;
	for (size_t i = 0; i < t->len; i++)
		if (((unsigned char)t->buf[i] & 0xC0) != 0x80)
			t->cpo[k++] = i;
	t->cpo[k] = t->len;
	t->ncp = k;
	if (!yaml_parser_initialize(&yp))
		return -1;
	yaml_parser_set_input_string(
	    &yp, (const unsigned char *)t->buf, t->len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev))
			goto out;
		enode *n = NULL;
		int bad = 0;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_ALIAS_EVENT:
			bad = 1;
			break;
		case YAML_SCALAR_EVENT:
			n = clsi_arena_alloc(t->a, sizeof(*n));
			if (!n
			    || !(n->text = clsi_arena_strndup(t->a,
			             (const char *)ev.data.scalar.value,
			             ev.data.scalar.length))) {
				bad = 1;
				break;
			}
			n->kind = N_STR;
			n->style = (uint8_t)ev.data.scalar.style;
			n->start = mark_off(t, ev.start_mark);
			n->end = mark_off(t, ev.end_mark);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= CLS_MAX_DEPTH
			    || !(n = clsi_arena_alloc(t->a, sizeof(*n)))) {
				bad = 1;
				break;
			}
			n->kind = ev.type == YAML_MAPPING_START_EVENT ? N_MAP
			                                              : N_SEQ;
			n->flow = ev.type == YAML_MAPPING_START_EVENT
			    ? ev.data.mapping_start.style
			        == YAML_FLOW_MAPPING_STYLE
			    : ev.data.sequence_start.style
			        == YAML_FLOW_SEQUENCE_STYLE;
			n->start = mark_off(t, ev.start_mark);
			st[depth++] = (eframe){.n = n};
			n = NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			eframe *f = &st[--depth];
			n = f->n;
			n->end = mark_off(t, ev.end_mark);
			n->n = (uint32_t)(n->kind == N_MAP ? f->count / 2
			                                   : f->count);
			n->kids = clsi_arena_alloc(
			    t->a, (f->count ? f->count : 1) * sizeof(enode *));
			if (n->kids && f->count)
				memcpy(n->kids, f->kids,
				    f->count * sizeof(enode *));
			free(f->kids);
			if (!n->kids)
				bad = 1;
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (bad)
			goto out;
		if (n) {
			if (depth == 0)
				t->root = n;
			else if (eadd(&st[depth - 1], n))
				goto out;
		}
	}
	rc = t->root ? 0 : -1;
out:
	while (depth > 0)
		free(st[--depth].kids);
	yaml_parser_delete(&yp);
	return rc;
}

static bool is_key(const enode *k, const char *s)
{
	return k->kind == N_STR && strcmp(k->text, s) == 0;
}

/* The pair index of key in map m, or -1. */
static long epair(const enode *m, const char *key)
{
	if (!m || m->kind != N_MAP)
		return -1;
	for (uint32_t i = 0; i < m->n; i++)
		if (is_key(m->kids[2 * i], key))
			return (long)i;
	return -1;
}

/* The year a plain key such as 2024 names, or 0. */
static int key_year(const enode *k)
{
	if (k->kind != N_STR || k->style != YAML_PLAIN_SCALAR_STYLE
	    || strlen(k->text) != 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (k->text[i] < '0' || k->text[i] > '9')
			return 0;
	return atoi(k->text);
}

/* The indicateur mapping of that id in a fiche, or NULL. */
static enode *find_indicateur(const enode *root, const char *id)
{
	long i = epair(root, "indicateurs");
	if (i < 0)
		return NULL;
	const enode *seq = root->kids[2 * i + 1];
	for (uint32_t j = 0; seq->kind == N_SEQ && j < seq->n; j++) {
		enode *m = seq->kids[j];
		long k = epair(m, "id");
		if (k >= 0 && m->kids[2 * k + 1]->kind == N_STR
		    && strcmp(m->kids[2 * k + 1]->text, id) == 0)
			return m;
	}
	return NULL;
}

/* ------------------------------------------------------- text positions */

static bool empty_scalar(const enode *n)
{
	return n->kind == N_STR && n->start == n->end;
}

/* Just past the ':' that follows key k, or the key's end when it has none
 * (a bare key in a flow mapping, {a, b: 1}): only blanks may come between
 * (found by fuzz-edit: the search ran on to a colon further on). */
static size_t after_colon(const etree *t, const enode *k)
{
	size_t i = k->end;
	while (i < t->len
	    && (t->buf[i] == ' ' || t->buf[i] == '\t' || t->buf[i] == '\r'
	        || t->buf[i] == '\n'))
		i++;
	return i < t->len && t->buf[i] == ':' ? i + 1 : k->end;
}

static size_t content_end(const etree *t, const enode *n);

/* Where the text of a pair stops: its value's, or the key's colon when the
 * value is empty. */
static size_t pair_end(const etree *t, const enode *k, const enode *v)
{
	return empty_scalar(v) ? after_colon(t, k) : content_end(t, v);
}

static size_t content_end(const etree *t, const enode *n)
{
	if (n->kind == N_STR || n->flow || n->n == 0)
		return n->end;
	if (n->kind == N_MAP)
		return pair_end(
		    t, n->kids[2 * n->n - 2], n->kids[2 * n->n - 1]);
	return content_end(t, n->kids[n->n - 1]);
}

static size_t line_begin(const etree *t, size_t off)
{
	while (off > 0 && t->buf[off - 1] != '\n')
		off--;
	return off;
}

/* The start of the line after the one holding off (off itself when it
 * starts a line already, as after a block scalar); len at the end. */
static size_t next_line(const etree *t, size_t off)
{
	if (off > 0 && off <= t->len && t->buf[off - 1] == '\n')
		return off;
	while (off < t->len && t->buf[off] != '\n')
		off++;
	return off < t->len ? off + 1 : t->len;
}

/* The column of n in characters: the indentation of a block key. */
static int column(const etree *t, const enode *n)
{
	size_t b = line_begin(t, n->start);
	return clsi_utf8_columns(t->buf + b, n->start - b);
}

static void add_spaces(cls_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		cls_buf_addc(b, ' ');
}

/* How far this file indents a block collection under its key: the first
 * such step found in m, else 2. */
static int indent_step(const etree *t, const enode *m)
{
	for (uint32_t i = 0; m->kind == N_MAP && i < m->n; i++) {
		const enode *v = m->kids[2 * i + 1];
		if (v->flow || v->kind == N_STR || v->n == 0)
			continue;
		int d = column(t, v->kind == N_MAP ? v->kids[0] : v)
		    - column(t, m->kids[2 * i]);
		if (d > 0)
			return d;
	}
	return 2;
}

/* ------------------------------------------------------------ splicing */

/* out = t's text with [from, to) replaced by what. */
static void splice(
    const etree *t, size_t from, size_t to, const char *what, cls_buf *out)
{
	cls_buf_addn(out, t->buf, from);
	cls_buf_add(out, what);
	cls_buf_addn(out, t->buf + to, t->len - to);
}

/* A new line at pos (the start of a line, or the end of the text). */
static void insert_line(
    const etree *t, size_t pos, const char *line, const char *eol, cls_buf *out)
{
	cls_buf b;
	cls_buf_init(&b);
	if (pos == t->len && t->len > 0 && t->buf[t->len - 1] != '\n')
		cls_buf_add(&b, eol);
	cls_buf_add(&b, line);
	cls_buf_add(&b, eol);
	splice(t, pos, pos, cls_buf_str(&b), out);
	cls_buf_release(&b);
}

/* Sets valeurs[year] in the text of t, which parsed; see clsi_edit_valeur(). */
static int edit_tree(const etree *t, const char *ind, int year, const char *val,
    const char *eol, cls_buf *out, char *why, size_t whysz)
{
	enode *m = find_indicateur(t->root, ind);
	if (!m || m->kind != N_MAP || m->n == 0) {
		clsi_message_fit(
		    why, whysz, _("no indicateur \"%s\" in the file"), ind);
		return -1;
	}
	cls_buf line;
	cls_buf_init(&line);
	long vi = epair(m, "valeurs");
	const enode *vk = vi >= 0 ? m->kids[2 * vi] : NULL;
	const enode *vv = vi >= 0 ? m->kids[2 * vi + 1] : NULL;
	int rc = 0;
	if (!vv) {
		/* no valeurs yet: a new key after the indicateur's others */
		const enode *lk = m->kids[2 * m->n - 2],
		            *lv = m->kids[2 * m->n - 1];
		size_t end = pair_end(t, lk, lv);
		if (m->flow) {
			cls_buf_printf(&line, ", valeurs: {%d: %s}", year, val);
			splice(t, end, end, cls_buf_str(&line), out);
		} else {
			int col = column(t, m->kids[0]);
			add_spaces(&line, col);
			cls_buf_printf(&line, "valeurs:%s", eol);
			add_spaces(&line, col + indent_step(t, m));
			cls_buf_printf(&line, "%d: %s", year, val);
			insert_line(
			    t, next_line(t, end), cls_buf_str(&line), eol, out);
		}
	} else if (vv->kind == N_STR && vv->style == YAML_PLAIN_SCALAR_STYLE
	    && (vv->start == vv->end || strcmp(vv->text, "~") == 0
	        || strcasecmp(vv->text, "null") == 0)) {
		/* valeurs: (empty or null): the first year */
		if (m->flow) {
			cls_buf_printf(&line, "%s{%d: %s}",
			    vv->start == vv->end ? " " : "", year, val);
			size_t at = vv->start == vv->end ? after_colon(t, vk)
			                                 : vv->start;
			splice(t, at, vv->end, cls_buf_str(&line), out);
		} else {
			/* drop the null, keep a comment on the line, and
			 * put the year on the next line */
			size_t from = vv->start, to = vv->end;
			if (from == to) {
				from = to = after_colon(t, vk);
			} else {
				size_t e = to;
				while (e < t->len && t->buf[e] == ' ')
					e++;
				if (e < t->len && t->buf[e] == '#')
					to = e;
				else
					while (
					    from > 0 && t->buf[from - 1] == ' ')
						from--;
			}
			size_t eolpos = to;
			while (eolpos < t->len && t->buf[eolpos] != '\n')
				eolpos++;
			if (eolpos > to && t->buf[eolpos - 1] == '\r')
				eolpos--;
			cls_buf_addn(&line, t->buf + to, eolpos - to);
			cls_buf_add(&line, eol);
			add_spaces(&line, column(t, vk) + indent_step(t, m));
			cls_buf_printf(&line, "%d: %s", year, val);
			splice(t, from, eolpos, cls_buf_str(&line), out);
		}
	} else if (vv->kind != N_MAP) {
		clsi_message_fit(why, whysz,
		    _("valeurs of indicateur \"%s\" is not a mapping of years"),
		    ind);
		rc = -1;
	} else {
		const enode *prev = NULL, *prevk = NULL, *next = NULL,
		            *same = NULL, *samek = NULL;
		int py = 0, ny = 0;
		for (uint32_t i = 0; i < vv->n; i++) {
			const enode *k = vv->kids[2 * i];
			int y = key_year(k);
			if (y == year && samek) {
				/* the parser keeps the first: which to write?
				 * (found by fuzz-edit) */
				clsi_message_fit(why, whysz,
				    _("%d appears twice in the valeurs of "
				      "indicateur \"%s\": keep one"),
				    year, ind);
				cls_buf_release(&line);
				return -1;
			} else if (y == year) {
				samek = k;
				same = vv->kids[2 * i + 1];
			} else if (y && y < year && y > py) {
				py = y;
				prevk = k;
				prev = vv->kids[2 * i + 1];
			} else if (y > year && (!ny || y < ny)) {
				ny = y;
				next = k;
			}
		}
		if (same && empty_scalar(same)) {
			size_t at = after_colon(t, samek);
			cls_buf_printf(&line, " %s", val);
			splice(t, at, at, cls_buf_str(&line), out);
		} else if (same && same->kind == N_STR) {
			size_t to = same->end;
			if (same->style == YAML_LITERAL_SCALAR_STYLE
			    || same->style == YAML_FOLDED_SCALAR_STYLE) {
				/* a block scalar ends past its line break */
				while (to > same->start
				    && (t->buf[to - 1] == '\n'
				        || t->buf[to - 1] == '\r'))
					to--;
			}
			splice(t, same->start, to, val, out);
		} else if (same) {
			clsi_message_fit(why, whysz,
			    _("the valeur of %d is not a single value"), year);
			rc = -1;
		} else if (vv->flow) {
			if (prev) {
				size_t at = pair_end(t, prevk, prev);
				cls_buf_printf(&line, ", %d: %s", year, val);
				splice(t, at, at, cls_buf_str(&line), out);
			} else if (next) {
				cls_buf_printf(&line, "%d: %s, ", year, val);
				splice(t, next->start, next->start,
				    cls_buf_str(&line), out);
			} else {
				/* first in the braces; other keys, not years,
				 * may follow (found by fuzz-edit) */
				cls_buf_printf(&line, "%d: %s%s", year, val,
				    vv->n ? ", " : "");
				splice(t, vv->start + 1, vv->start + 1,
				    cls_buf_str(&line), out);
			}
		} else {
			const enode *sib = vv->kids[0];
			add_spaces(&line, column(t, sib));
			cls_buf_printf(&line, "%d: %s", year, val);
			size_t at = prev
			    ? next_line(t, pair_end(t, prevk, prev))
			    : line_begin(t, next ? next->start : sib->start);
			insert_line(t, at, cls_buf_str(&line), eol, out);
		}
	}
	if (line.oom)
		out->oom = true; /* the line is not all there */
	cls_buf_release(&line);
	return rc;
}

int clsi_edit_valeur(const char *buf, size_t len, const char *ind, int year,
    const char *val, cls_buf *out, char *why, size_t whysz)
{
	size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	arena *a = clsi_arena_new();
	etree t = {a, buf + bom, len - bom, NULL, 0, NULL};
	int rc = -1;
	if (!a) {
		clsi_message_fit(why, whysz, _("out of memory"));
		return -1;
	}
	if (eparse(&t) != 0) {
		clsi_message_fit(
		    why, whysz, _("the file does not parse as YAML"));
		goto out;
	}
	/* YAML reads a CR alone as a line end, the splicing below does not
	 * (found by fuzz-edit) */
	for (const char *cr = memchr(t.buf, '\r', t.len); cr;
	     cr = memchr(cr + 1, '\r', t.len - (size_t)(cr + 1 - t.buf)))
		if (cr + 1 == t.buf + t.len || cr[1] != '\n') {
			clsi_message_fit(why, whysz,
			    _("the file has line ends made of a CR alone (old "
			      "Mac OS): save it with LF or CRLF line ends"));
			goto out;
		}
	const char *nl = memchr(t.buf, '\n', t.len);
	const char *eol = nl && nl > t.buf && nl[-1] == '\r' ? "\r\n" : "\n";
	cls_buf body;
	cls_buf_init(&body);
	rc = edit_tree(&t, ind, year, val, eol, &body, why, whysz);
	if (rc == 0) {
		cls_buf_addn(out, buf, bom);
		cls_buf_addn(out, cls_buf_str(&body), body.len);
		if (body.oom || out->oom) {
			clsi_message_fit(why, whysz, _("out of memory"));
			rc = -1;
		}
	}
	cls_buf_release(&body);
out:
	free(t.cpo);
	clsi_arena_free(a);
	return rc;
}

/* ------------------------------------------------------- writing values */

void clsi_edit_number(double x, char *out, size_t n)
{
	if (x == 0)
		x = 0; /* no "-0" */
	if (x == floor(x) && fabs(x) < 1e15) {
		snprintf(out, n, "%.0f", x);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, n, "%.*g", prec, x);
		if (strtod(out, NULL) == x)
			break;
	}
}

/* Whether s, written plain, reads back as this very text in a block and
 * in a flow context. */
static bool plain_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || strchr("-?:.", s[0]))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F
		    || strchr("#:,[]{}\"'&*!|>%@`\\", *p)
		    || (p[0] == 0xC2 && p[1] == 0x85)
		    || (p[0] == 0xE2 && p[1] == 0x80
		        && (p[2] == 0xA8 || p[2] == 0xA9)))
			return false;
	bool ok = true;
	for (int ctx = 0; ctx < 2 && ok; ctx++) {
		arena *a = clsi_arena_new();
		dsink d;
		if (!a)
			return false;
		clsi_dsink_init(&d, a);
		char *doc = clsi_arena_printf(a, ctx ? "[%s]" : "k: %s", s);
		node *r = doc ? clsi_yaml_parse(a, &d, "-", doc, strlen(doc))
		              : NULL;
		node *v = !r ? NULL
		    : ctx ? (r->kind == N_SEQ && r->n == 1 ? r->kids[0] : NULL)
		          : clsi_map_get(r, "k");
		ok = v && v->kind == N_STR && strcmp(v->text, s) == 0;
		clsi_dsink_release(&d);
		clsi_arena_free(a);
	}
	return ok;
}

void clsi_edit_text(const char *s, cls_buf *out)
{
	if (plain_ok(s)) {
		cls_buf_add(out, s);
		return;
	}
	cls_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			cls_buf_addc(out, '\\');
			cls_buf_addc(out, (char)*p);
		} else if (*p == '\n') {
			cls_buf_add(out, "\\n");
		} else if (*p == '\t') {
			cls_buf_add(out, "\\t");
		} else if (*p < 0x20 || *p == 0x7F) {
			cls_buf_printf(out, "\\x%02X", *p);
		} else if (p[0] == 0xC2 && p[1] == 0x85) {
			cls_buf_add(out, "\\N");
			p++;
		} else if (p[0] == 0xE2 && p[1] == 0x80
		    && (p[2] == 0xA8 || p[2] == 0xA9)) {
			cls_buf_add(out, p[2] == 0xA8 ? "\\L" : "\\P");
			p += 2;
		} else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			/* C1 controls: not printable for YAML */
			cls_buf_printf(out, "\\x%02X", p[1]);
			p++;
		} else if (p[0] == 0xEF
		    && ((p[1] == 0xBB && p[2] == 0xBF)
		        || (p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)))) {
			/* U+FEFF (a BOM inside a text), U+FFFE, U+FFFF: not
			 * printable either (found by fuzz-edit) */
			cls_buf_printf(out, "\\u%s",
			    p[1] == 0xBB       ? "FEFF"
			        : p[2] == 0xBE ? "FFFE"
			                       : "FFFF");
			p += 2;
		} else {
			cls_buf_addc(out, (char)*p);
		}
	}
	cls_buf_addc(out, '"');
}

/* ------------------------------------------------- the library's entry */

struct cls_edit {
	arena *a;
	const char *root; /* the contract's */
	cls_set_result *res;
	size_t n, refused;
	cls_file_text *files;
	struct stat *ids; /* each file's stat when it was read */
	size_t nfiles;
};

static void refuse(cls_edit *e, size_t i, const char *fmt, ...)
    CLS_PRINTF(3, 4);

static void refuse(cls_edit *e, size_t i, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	e->res[i].status = CLS_SET_REFUSED;
	e->res[i].message = clsi_arena_message(e->a, fmt, ap);
	va_end(ap);
	e->refused++;
}

/* ", did you mean \"x\"?" or "", from the candidates. */
static const char *suggest(
    arena *a, const char *s, const char *const *cands, size_t n)
{
	/* "3" is one letter from "1", but not a slip of the finger */
	const char *near
	    = strlen(s) >= 3 ? clsi_str_nearest(s, cands, n) : NULL;
	return near ? clsi_arena_printf(a, _(" (did you mean \"%s\"?)"), near)
	            : "";
}

static bool file_has_errors(const cls_contract *c, const char *file)
{
	size_t n;
	const cls_diag *d = cls_contract_diags(c, &n);
	for (size_t i = 0; i < n; i++)
		if (d[i].severity == CLS_ERROR && d[i].loc.file
		    && strcmp(d[i].loc.file, file) == 0)
			return true;
	return false;
}

static bool same_value(const cls_setval *a, const cls_setval *b)
{
	return a->is_text == b->is_text
	    && (a->is_text ? strcmp(a->text, b->text) == 0
	                   : a->number == b->number);
}

/* Checks change i against the model. */
static void check_change(cls_edit *e, const cls_contract *c, size_t i,
    const cls_setval *v, const char **fids)
{
	const cls_plan *p = cls_contract_plan(c);
	const cls_fiche *f = NULL;
	for (size_t k = 0; k < p->fiche_count && !f; k++)
		if (p->fiches[k].id && strcmp(p->fiches[k].id, v->fiche) == 0)
			f = &p->fiches[k];
	if (!f) {
		refuse(e, i,
		    _("no fiche \"%s\" in the contract%s: use the id written "
		      "after \"id:\" in the fiche's file%s"),
		    v->fiche, suggest(e->a, v->fiche, fids, p->fiche_count),
		    cls_contract_count(c, CLS_ERROR)
		        ? _(" (the contract has errors that may hide it: see "
		            "cls validate)")
		        : "");
		return;
	}
	e->res[i].file = f->file;
	const cls_indicateur *ind = NULL;
	for (size_t k = 0; k < f->indicateur_count && !ind; k++)
		if (strcmp(f->indicateurs[k].id, v->indicateur) == 0)
			ind = &f->indicateurs[k];
	if (!ind) {
		const char **ids = clsi_arena_alloc(
		    e->a, (f->indicateur_count + 1) * sizeof(char *));
		cls_buf list;
		cls_buf_init(&list);
		for (size_t k = 0; ids && k < f->indicateur_count; k++) {
			ids[k] = f->indicateurs[k].id;
			cls_buf_printf(
			    &list, _("%s\"%s\""), k ? ", " : "", ids[k]);
		}
		if (f->indicateur_count)
			refuse(e, i,
			    _("fiche \"%s\" has no indicateur \"%s\"%s: its "
			      "indicateurs are %s"),
			    f->id, v->indicateur,
			    ids ? suggest(
			        e->a, v->indicateur, ids, f->indicateur_count)
			        : "",
			    cls_buf_str(&list));
		else
			refuse(e, i,
			    _("fiche \"%s\" has no indicateurs: add \"%s\" to "
			      "%s first"),
			    f->id, v->indicateur, f->file);
		cls_buf_release(&list);
		return;
	}
	if (file_has_errors(c, f->file)) {
		refuse(e, i,
		    _("%s has errors: fix them first (see cls validate), then "
		      "import again"),
		    f->file);
		return;
	}
	if (!p->debut) {
		refuse(e, i,
		    _("the contract's periode is missing or invalid: fix "
		      "cls.yaml first (see cls validate)"));
		return;
	}
	if (v->year < p->debut || v->year > p->fin) {
		refuse(e, i,
		    _("year %d is outside the contract's periode %d-%d: check "
		      "the year"),
		    v->year, p->debut, p->fin);
		return;
	}
	if (!cls_fiche_runs(f, v->year)) {
		refuse(e, i,
		    _("fiche \"%s\" runs %d-%d (its calendrier), not in %d: "
		      "check the year, or widen the calendrier in %s"),
		    f->id, f->first_year, f->last_year, v->year, f->file);
		return;
	}
	if (v->is_text
	    && (ind->has_cible_all || ind->cible_count
	        || ind->has_cible_totale)) {
		refuse(e, i,
		    _("indicateur \"%s\" of fiche \"%s\" has a numeric target, "
		      "so its valeur must be a number, not \"%s\": write a "
		      "number such as 12 or 12,5"),
		    ind->id, f->id, v->text);
		return;
	}
	if (!v->is_text
	    && !(v->number >= -CLS_MAX_FIGURE && v->number <= CLS_MAX_FIGURE)) {
		refuse(e, i,
		    _("the valeur %g is beyond the largest figure a contract "
		      "holds (1000000000000): check it"),
		    v->number);
		return;
	}
	e->res[i].status = CLS_SET_NEW;
}

/* The order in which changes are grouped: by file, then as given. */
typedef struct slot {
	const cls_setval *v;
	size_t i;
	const char *file;
} slot;

static int slot_by_target(const void *a, const void *b)
{
	const slot *x = a, *y = b;
	int c = strcmp(x->v->fiche, y->v->fiche);
	if (!c)
		c = strcmp(x->v->indicateur, y->v->indicateur);
	if (!c)
		c = x->v->year - y->v->year;
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int slot_by_file(const void *a, const void *b)
{
	const slot *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* ---------------------------------------------------- reading back */

static bool node_equal(const node *a, const node *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == N_SEQ) {
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++)
			if (!node_equal(a->kids[i], b->kids[i]))
				return false;
		return true;
	}
	if (a->kind == N_MAP) {
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++) {
			const node *bv = clsi_map_get(b, MAP_KEY(a, i)->text);
			if (!bv || !node_equal(MAP_VAL(a, i), bv))
				return false;
		}
		return true;
	}
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static bool value_matches(const node *n, const cls_setval *v)
{
	if (!n)
		return false;
	if (v->is_text)
		return n->kind == N_STR && strcmp(n->text, v->text) == 0;
	return (n->kind == N_INT || n->kind == N_FLOAT) && n->num == v->number;
}

/* The changes of one file. */
typedef struct group {
	const slot *s;
	size_t n;
} group;

static const cls_setval *wanted(const group *g, const char *ind, int year)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->s[i].v->indicateur, ind) == 0
		    && g->s[i].v->year == year)
			return g->s[i].v;
	return NULL;
}

static bool ind_changed(const group *g, const char *ind)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->s[i].v->indicateur, ind) == 0)
			return true;
	return false;
}

/* Whether the new indicateur is the old one with the asked valeurs. */
static bool verify_indicateur(const node *o, const node *nw, const group *g)
{
	const node *id = o->kind == N_MAP ? clsi_map_get(o, "id") : NULL;
	if (!id || !ind_changed(g, id->text))
		return node_equal(o, nw);
	if (nw->kind != N_MAP)
		return false;
	const node *ov = clsi_map_get(o, "valeurs"),
	           *nv = clsi_map_get(nw, "valeurs");
	if (!nv || nv->kind != N_MAP || nw->n != o->n + (ov ? 0 : 1))
		return false;
	for (uint32_t i = 0; i < o->n; i++) {
		const node *k = MAP_KEY(o, i), *b = clsi_map_get(nw, k->text);
		if (strcmp(k->text, "valeurs") != 0
		    && (!b || !node_equal(MAP_VAL(o, i), b)))
			return false;
	}
	uint32_t expect = 0;
	for (uint32_t i = 0; ov && ov->kind == N_MAP && i < ov->n; i++) {
		int y;
		const node *k = MAP_KEY(ov, i), *b = clsi_map_get(nv, k->text);
		const cls_setval *w
		    = clsi_node_year(k, &y) ? wanted(g, id->text, y) : NULL;
		if (!b
		    || (w ? !value_matches(b, w)
		          : !node_equal(MAP_VAL(ov, i), b)))
			return false;
		expect++;
	}
	for (size_t i = 0; i < g->n; i++) {
		const cls_setval *w = g->s[i].v;
		char key[16];
		snprintf(key, sizeof(key), "%d", w->year);
		if (strcmp(w->indicateur, id->text) != 0
		    || wanted(g, w->indicateur, w->year) != w)
			continue; /* another indicateur, or a duplicate */
		if (ov && ov->kind == N_MAP && clsi_map_get(ov, key))
			continue;
		if (!value_matches(clsi_map_get(nv, key), w))
			return false;
		expect++;
	}
	return nv->n == expect;
}

static bool verify(const node *o, const node *nw, const group *g)
{
	if (o->kind != N_MAP || nw->kind != N_MAP || o->n != nw->n)
		return false;
	for (uint32_t i = 0; i < o->n; i++) {
		const node *k = MAP_KEY(o, i), *a = MAP_VAL(o, i),
		           *b = clsi_map_get(nw, k->text);
		if (!b)
			return false;
		if (strcmp(k->text, "indicateurs") != 0 || a->kind != N_SEQ) {
			if (!node_equal(a, b))
				return false;
			continue;
		}
		if (b->kind != N_SEQ || a->n != b->n)
			return false;
		for (uint32_t j = 0; j < a->n; j++)
			if (!verify_indicateur(a->kids[j], b->kids[j], g))
				return false;
	}
	return true;
}

/* The node of valeurs[year] of indicateur ind in a fiche's tree, or NULL. */
static const node *old_value(const node *root, const char *ind, int year)
{
	const node *seq = clsi_map_get(root, "indicateurs");
	for (uint32_t i = 0; seq && seq->kind == N_SEQ && i < seq->n; i++) {
		const node *m = seq->kids[i], *id;
		if (m->kind != N_MAP || !(id = clsi_map_get(m, "id"))
		    || strcmp(id->text, ind) != 0)
			continue;
		const node *vals = clsi_map_get(m, "valeurs");
		for (uint32_t k = 0; vals && vals->kind == N_MAP && k < vals->n;
		     k++) {
			int y;
			if (clsi_node_year(MAP_KEY(vals, k), &y) && y == year)
				return MAP_VAL(vals, k);
		}
	}
	return NULL;
}

static size_t count_sev(const file_result *fr, cls_severity s)
{
	size_t n = 0;
	for (size_t i = 0; i < fr->ndiags; i++)
		n += fr->diags[i].severity == s;
	return n;
}

/* Computes the new text of one file from its changes g. */
static int edit_file(
    cls_edit *e, const cls_contract *c, const group *g, cls_error *err)
{
	const char *file = g->s[0].file;
	const char *root = cls_contract_root(c);
	char *path = clsi_arena_printf(e->a, "%s/%s", root, file);
	struct stat st;
	size_t len = 0;
	unsigned char *buf
	    = path ? clsi_read_file(path, file, &st, &len, err) : NULL;
	cls_buf cur, next;
	cls_buf_init(&cur);
	cls_buf_init(&next);
	file_result old, nw;
	int rc = -1;
	bool edited = false;
	char why[256];
	if (!buf) {
		if (!path)
			clsi_seterr(err, _("out of memory"));
		return -1;
	}
	if (clsi_file_analyse(e->a, DOC_FICHE, file, buf, len, &old) != 0) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	if (!old.root || count_sev(&old, CLS_ERROR)) {
		clsi_seterr(err,
		    _("%s: changed since it was read and no longer checks: run "
		      "cls validate, then import again"),
		    file);
		goto out;
	}
	cls_buf_addn(&cur, (const char *)buf, len);
	if (cur.oom) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < g->n; i++) {
		const cls_setval *v = g->s[i].v;
		cls_set_result *r = &e->res[g->s[i].i];
		const node *ov = old_value(old.root, v->indicateur, v->year);
		if (ov && ov->kind != N_NULL) {
			r->old = ov->text;
			r->status = value_matches(ov, v) ? CLS_SET_SAME
			                                 : CLS_SET_CHANGED;
		}
		if (wanted(g, v->indicateur, v->year) != v)
			r->status = CLS_SET_SAME; /* asked before */
		if (r->status == CLS_SET_SAME)
			continue;
		cls_buf val;
		cls_buf_init(&val);
		if (v->is_text) {
			clsi_edit_text(v->text, &val);
		} else {
			char num[64];
			clsi_edit_number(v->number, num, sizeof(num));
			cls_buf_add(&val, num);
		}
		cls_buf_reset(&next);
		int erc = val.oom
		    ? -1
		    : clsi_edit_valeur(cur.s, cur.len, v->indicateur, v->year,
		        cls_buf_str(&val), &next, why, sizeof(why));
		if (val.oom)
			clsi_message_fit(why, sizeof(why), _("out of memory"));
		cls_buf_release(&val);
		if (erc != 0) {
			clsi_seterr(err,
			    _("%s: cannot write the valeur of %d of indicateur "
			      "\"%s\": %s"),
			    file, v->year, v->indicateur, why);
			goto out;
		}
		cls_buf t = cur;
		cur = next;
		next = t;
		edited = true;
	}
	if (!edited) {
		rc = 0;
		goto out;
	}
	if (clsi_file_analyse(e->a, DOC_FICHE, file,
	        (const unsigned char *)cur.s, cur.len, &nw)
	    != 0) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	if (!nw.root || count_sev(&nw, CLS_ERROR)
	    || count_sev(&nw, CLS_WARNING) > count_sev(&old, CLS_WARNING)
	    || !verify(old.root, nw.root, g)) {
		clsi_seterr(err,
		    _("%s: the edited text did not read back as asked, so "
		      "nothing was written (a bug in cls: please report it "
		      "with the fiche and the CSV)"),
		    file);
		goto out;
	}
	cls_file_text *ft = &e->files[e->nfiles];
	ft->file = file;
	ft->len = cur.len;
	ft->text = clsi_arena_strndup(e->a, cur.s, cur.len);
	ft->old = clsi_arena_strndup(e->a, (const char *)buf, len);
	ft->old_len = len;
	e->ids[e->nfiles] = st;
	if (!ft->text || !ft->old) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	e->nfiles++;
	rc = 0;
out:
	free(buf);
	cls_buf_release(&cur);
	cls_buf_release(&next);
	return rc;
}

cls_edit *cls_edit_values(
    const cls_contract *c, const cls_setval *changes, size_t n, cls_error *err)
{
	cls_edit *e = calloc(1, sizeof(*e));
	slot *s = NULL;
	const char **fids = NULL;
	const cls_plan *p = cls_contract_plan(c);
	if (!e || !(e->a = clsi_arena_new())
	    || !(e->res = clsi_arena_alloc(e->a, (n ? n : 1) * sizeof(*e->res)))
	    || !(e->files
	        = clsi_arena_alloc(e->a, (n ? n : 1) * sizeof(*e->files)))
	    || !(e->ids = clsi_arena_alloc(e->a, (n ? n : 1) * sizeof(*e->ids)))
	    || !(e->root = clsi_arena_strdup(e->a, cls_contract_root(c)))
	    || !(s = malloc((n ? n : 1) * sizeof(*s)))
	    || !(fids = malloc((p->fiche_count + 1) * sizeof(*fids)))) {
		clsi_seterr(err, _("out of memory"));
		goto fail;
	}
	e->n = n;
	for (size_t k = 0; k < p->fiche_count; k++)
		fids[k] = p->fiches[k].id ? p->fiches[k].id : "";
	for (size_t i = 0; i < n; i++)
		check_change(e, c, i, &changes[i], fids);
	/* the same value asked twice differently */
	for (size_t i = 0; i < n; i++)
		s[i] = (slot){&changes[i], i, NULL};
	clsi_sort(s, n, sizeof(*s), slot_by_target);
	for (size_t i = 1; i < n; i++) {
		const slot *a = &s[i - 1], *b = &s[i];
		if (slot_by_target(
		        &(slot){a->v, 0, NULL}, &(slot){b->v, 0, NULL})
		        == 0
		    && !same_value(a->v, b->v)
		    && e->res[b->i].status != CLS_SET_REFUSED)
			refuse(e, b->i,
			    _("a different valeur is given for the same fiche, "
			      "indicateur and year (change %zu): keep one"),
			    a->i + 1);
	}
	if (e->refused) {
		for (size_t i = 0; i < n; i++)
			if (e->res[i].status == CLS_SET_NEW)
				e->res[i].status = CLS_SET_CHECKED;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		s[i] = (slot){&changes[i], i, e->res[i].file};
	clsi_sort(s, n, sizeof(*s), slot_by_file);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(s[j].file, s[i].file) == 0)
			j++;
		group g = {s + i, j - i};
		if (edit_file(e, c, &g, err) != 0)
			goto fail;
		i = j;
	}
done:
	free(s);
	free(fids);
	return e;
fail:
	free(s);
	free(fids);
	cls_edit_free(e);
	return NULL;
}

const cls_set_result *cls_edit_results(const cls_edit *e)
{
	return e->res;
}

size_t cls_edit_refused(const cls_edit *e)
{
	return e->refused;
}

const cls_file_text *cls_edit_files(const cls_edit *e, size_t *count)
{
	*count = e->refused ? 0 : e->nfiles;
	return e->files;
}

int cls_edit_write(const cls_edit *e, cls_error *err)
{
	if (e->refused) {
		clsi_seterr(err,
		    P_("nothing was written: %zu change was refused",
		        "nothing was written: %zu changes were refused",
		        e->refused),
		    e->refused);
		return -1;
	}
	clsi_txn_file *f = malloc((e->nfiles ? e->nfiles : 1) * sizeof(*f));
	if (!f) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < e->nfiles; i++)
		f[i] = (clsi_txn_file){e->files[i].file, e->files[i].text,
		    e->files[i].len, e->files[i].old, e->files[i].old_len,
		    e->ids[i]};
	int rc = clsi_txn_replace(e->root, f, e->nfiles, err);
	free(f);
	return rc;
}

void cls_edit_free(cls_edit *e)
{
	if (!e)
		return;
	clsi_arena_free(e->a);
	free(e);
}
