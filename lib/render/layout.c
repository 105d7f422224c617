/* SPDX-License-Identifier: MIT */
/*
 * layout.c - text for the terminal in 80 columns (see render.h): wrapping,
 * paragraphs, rules and aligned tables.  Every text given to them is made
 * safe here, on its way in (cls_escape()): a paragraph or a cell keeps its
 * line breaks, a label, a value, a heading or a title is one line.  The
 * colours are the layout's own, never the data's.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH TX_WIDTH
#define BOLD TX_BOLD
#define RESET TX_RESET

enum { ROW, SPAN, RULE };

/* One colour per statut (in cls_statut order). */
const char *const clsi_statut_color[CLS_STATUT_COUNT] = {
    "\033[2m",
    "\033[33m",
    "\033[34m",
    "\033[32m",
    "\033[35m",
    "\033[31m",
};

/* ------------------------------------------------------------ wrapping */

void clsi_strv_free(strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int clsi_strv_push(strv *s, const char *p, size_t n)
{
	char **v = clsi_grow(s->v, s->n, sizeof(*v));
	if (!v)
		return -1;
	s->v = v;
	if (!(v[s->n] = malloc(n + 1)))
		return -1;
	memcpy(v[s->n], p, n);
	v[s->n++][n] = '\0';
	return 0;
}

/* Whether s, made safe, is one line of the wrapping as it is: no line
 * break, tab or run of blanks, nothing to trim, no wider than width (most
 * cells of a table); its length in *len. */
static bool one_line(const char *s, size_t width, size_t *len)
{
	size_t chars = 0, n = 0;
	if (s[0] == ' ')
		return false;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		if (c == '\n' || c == '\t' || c == '\r'
		    || (c == ' ' && (s[n + 1] == ' ' || !s[n + 1])))
			return false;
		chars += (c & 0xC0) != 0x80;
	}
	*len = n;
	return chars <= width;
}

/* Splits s into lines of at most width characters, breaking at spaces; a
 * word longer than a line is cut.  Line breaks written in s are kept, runs
 * of blanks collapse, trailing line breaks are dropped. */
int clsi_tx_wrap(const char *s, size_t width, strv *out)
{
	cls_buf line = {0}, safe = {0};
	size_t lw = 0;
	int rc = -1;
	if (width < 1)
		width = 1;
	if (s[clsi_esc_span(s, CLS_ESCAPE_LINES)]) {
		cls_escape(&safe, s, CLS_ESCAPE_LINES);
		if (safe.oom)
			goto out;
		s = cls_buf_str(&safe);
	}
	size_t len;
	if (one_line(s, width, &len)) {
		rc = clsi_strv_push(out, s, len);
		goto out;
	}
	size_t end = strlen(s);
	while (end
	    && (s[end - 1] == '\n' || s[end - 1] == ' ' || s[end - 1] == '\r'
	        || s[end - 1] == '\t'))
		end--;
	size_t i = 0;
	while (i <= end) {
		/* one paragraph: up to the next '\n' */
		size_t pe = i;
		while (pe < end && s[pe] != '\n')
			pe++;
		cls_buf_reset(&line);
		lw = 0;
		size_t k = i;
		while (k < pe) {
			while (k < pe
			    && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
				k++;
			size_t ws = k;
			while (k < pe && s[k] != ' ' && s[k] != '\t'
			    && s[k] != '\r')
				k++;
			if (k == ws)
				break;
			size_t wlen = k - ws;
			const char *w = s + ws;
			/* width of the word */
			size_t ww = 0;
			for (size_t x = 0; x < wlen; x++)
				ww += ((unsigned char)w[x] & 0xC0) != 0x80;
			if (lw && lw + 1 + ww <= width) {
				cls_buf_add(&line, " ");
				cls_buf_addn(&line, w, wlen);
				lw += 1 + ww;
				continue;
			}
			if (lw) {
				if (clsi_strv_push(
				        out, cls_buf_str(&line), line.len))
					goto out;
				cls_buf_reset(&line);
				lw = 0;
			}
			/* cut a word wider than the line */
			while (ww > width) {
				size_t cut = 0, n = 0;
				while (n < width) {
					cut++;
					while (cut < wlen
					    && ((unsigned char)w[cut] & 0xC0)
					        == 0x80)
						cut++;
					n++;
				}
				if (clsi_strv_push(out, w, cut))
					goto out;
				w += cut;
				wlen -= cut;
				ww -= width;
			}
			cls_buf_addn(&line, w, wlen);
			lw = ww;
		}
		if (lw || pe == i)
			if (clsi_strv_push(out, cls_buf_str(&line), line.len))
				goto out;
		i = pe + 1;
	}
	rc = line.oom ? -1 : 0;
out:
	cls_buf_release(&line);
	cls_buf_release(&safe);
	return rc;
}

enum { RUN = 40 };
static const char spaces[RUN + 1] = "                                        ";
static const char dashes_[RUN + 1] = "----------------------------------------";

/* n times the character of run (RUN of it), to f or, without f, to b. */
static void repeat(FILE *f, cls_buf *b, const char *run, size_t n)
{
	for (size_t k; n; n -= k) {
		k = n < RUN ? n : RUN;
		if (f)
			fwrite(run, 1, k, f);
		else
			cls_buf_addn(b, run, k);
	}
}

void clsi_tx_spaces(FILE *f, size_t n)
{
	repeat(f, NULL, spaces, n);
}

/* Writes text wrapped to WIDTH: the first line after `first` (already
 * counted as first_w characters), the others indented by `indent`. */
void clsi_tx_para_c(txw *t, const char *color, const char *first,
    size_t first_w, size_t indent, const char *text)
{
	strv l = {0};
	if (!text)
		text = "";
	size_t w = WIDTH > indent ? WIDTH - indent : 1;
	if (first_w > indent && WIDTH > first_w) {
		/* a hanging first line shorter than the rest */
		w = WIDTH - first_w;
	}
	if (clsi_tx_wrap(text, w, &l)) {
		t->oom = true;
		clsi_strv_free(&l);
		return;
	}
	bool c = color && t->color;
	if (c)
		fputs(color, t->f);
	clsi_esc_fputs(t->f, first, 0);
	if (first_w < indent && l.n)
		clsi_tx_spaces(t->f, indent - first_w);
	for (size_t i = 0; i < l.n; i++) {
		if (i) {
			if (c)
				fputs(RESET, t->f);
			fputc('\n', t->f);
			if (*l.v[i])
				clsi_tx_spaces(t->f, indent);
			if (c)
				fputs(color, t->f);
		}
		fputs(l.v[i], t->f);
	}
	if (c)
		fputs(RESET, t->f);
	fputc('\n', t->f);
	clsi_strv_free(&l);
}

void clsi_tx_para(
    txw *t, const char *first, size_t first_w, size_t indent, const char *text)
{
	clsi_tx_para_c(t, NULL, first, first_w, indent, text);
}

/* "Label         value", the value wrapped under itself. */
void clsi_tx_kv(txw *t, size_t indent, size_t lw, const char *label,
    const char *value, const char *color)
{
	cls_buf one = {0};
	cls_escape(&one, label, 0);
	size_t n = clsi_u8_width(cls_buf_str(&one));
	clsi_tx_spaces(t->f, indent);
	fputs(cls_buf_str(&one), t->f);
	clsi_tx_spaces(t->f, n < lw ? lw - n : 1);
	size_t at = indent + (n < lw ? lw : n + 1);
	strv l = {0};
	/* a value is one line: its line breaks are shown, not obeyed */
	cls_buf_reset(&one);
	cls_escape(&one, value ? value : "", 0);
	int rc = one.oom
	    ? -1
	    : clsi_tx_wrap(cls_buf_str(&one), WIDTH > at ? WIDTH - at : 1, &l);
	cls_buf_release(&one);
	if (rc) {
		t->oom = true;
		clsi_strv_free(&l);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (i) {
			fputc('\n', t->f);
			clsi_tx_spaces(t->f, at);
		}
		if (color && t->color)
			fprintf(t->f, "%s%s%s", color, l.v[i], RESET);
		else
			fputs(l.v[i], t->f);
	}
	fputc('\n', t->f);
	clsi_strv_free(&l);
}

/* "== TITLE ====...": a rule of WIDTH characters with a title in it. */
void clsi_tx_rule(txw *t, char c, const char *title)
{
	size_t n = 0;
	if (t->color)
		fputs(BOLD, t->f);
	if (title) {
		fprintf(t->f, "%c%c ", c, c);
		cls_buf one = {0};
		cls_escape(&one, title, 0);
		fputs(cls_buf_str(&one), t->f);
		fputc(' ', t->f);
		n = 4 + clsi_u8_width(cls_buf_str(&one));
		t->oom |= one.oom;
		cls_buf_release(&one);
	}
	for (; n < WIDTH; n++)
		fputc(c, t->f);
	if (t->color)
		fputs(RESET, t->f);
	fputc('\n', t->f);
}

void clsi_tx_heading(txw *t, size_t indent, const char *s)
{
	clsi_tx_spaces(t->f, indent);
	fputs(t->color ? BOLD : "", t->f);
	clsi_esc_fputs(t->f, s, 0);
	fprintf(t->f, "%s\n", t->color ? RESET : "");
}

/* -------------------------------------------------------------- tables */

void clsi_tt_init(ttab *t, const tcol *cols, size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncol = ncol;
}

void clsi_tt_free(ttab *t)
{
	cls_buf_release(&t->text);
	free(t->cells);
	free(t->kind);
}

static void clsi_tt_push(ttab *t, int kind, const char *const *cells)
{
	if (t->oom)
		return;
	size_t *c = clsi_grow(t->cells, t->nrows, t->ncol * sizeof(*c));
	if (c)
		t->cells = c;
	int *k = clsi_grow(t->kind, t->nrows, sizeof(*k));
	if (k)
		t->kind = k;
	if (!c || !k) {
		t->oom = true;
		return;
	}
	/* kept made safe, so that widths are those of what is printed */
	for (size_t i = 0; i < t->ncol; i++) {
		const char *s = cells && cells[i] ? cells[i] : "";
		c[t->nrows * t->ncol + i] = t->text.len;
		cls_escape(&t->text, s, CLS_ESCAPE_LINES);
		cls_buf_addn(&t->text, "", 1);
	}
	if (t->text.oom)
		t->oom = true;
	k[t->nrows++] = kind;
}

void clsi_tt_row(ttab *t, const char *const *cells)
{
	clsi_tt_push(t, ROW, cells);
}

void clsi_tt_span(ttab *t, const char *text)
{
	const char *cells[8] = {text};
	if (t->ncol <= 8)
		clsi_tt_push(t, SPAN, cells);
}

void clsi_tt_rule(ttab *t)
{
	clsi_tt_push(t, RULE, NULL);
}

/* The text of cell c of row r. */
static const char *cell(const ttab *t, size_t r, size_t c)
{
	return t->text.s + t->cells[r * t->ncol + c];
}

/* The longest word of s, in characters. */
static size_t longest_word(const char *s)
{
	size_t best = 0, cur = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '\n') {
			cur = 0;
			continue;
		}
		if ((*p & 0xC0) != 0x80 && ++cur > best)
			best = cur;
	}
	return best;
}

/* The rule under the header: dashes as wide as each column. */
static void dashes(FILE *f, const size_t *w, size_t nc, size_t indent)
{
	clsi_tx_spaces(f, indent);
	for (size_t c = 0; c < nc; c++) {
		repeat(f, NULL, dashes_, w[c]);
		if (c + 1 < nc)
			fputs("  ", f);
	}
	fputc('\n', f);
}

void clsi_tt_print(txw *tw_, ttab *t, size_t indent)
{
	FILE *f = tw_->f;
	size_t nc = t->ncol, w[8] = {0}, minw[8] = {0};
	strv *cl = NULL;
	cls_buf line = {0};
	if (t->oom || nc > 8)
		goto oom;
	for (size_t c = 0; c < nc; c++) {
		w[c] = clsi_u8_width(t->cols[c].head);
		minw[c] = longest_word(t->cols[c].head);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->kind[r] != ROW)
			continue;
		for (size_t c = 0; c < nc; c++) {
			const char *s = cell(t, r, c);
			size_t n = clsi_u8_width(s), m = longest_word(s);
			if (n > w[c])
				w[c] = n;
			if (m > minw[c])
				minw[c] = m;
		}
	}
	/* Narrow the widest column until the table fits: first the wrapping
	 * columns, down to their longest word (at most 12); then any column
	 * the same way; last, any column down to 4 (long words get cut). */
	size_t avail = WIDTH - indent - 2 * (nc - 1);
	for (int phase = 0; phase < 3; phase++) {
		for (;;) {
			size_t sum = 0, best = nc;
			for (size_t c = 0; c < nc; c++)
				sum += w[c];
			if (sum <= avail)
				break;
			for (size_t c = 0; c < nc; c++) {
				size_t least = minw[c] < 12 ? minw[c] : 12;
				if (phase == 2)
					least = 4;
				if (phase == 0 && !t->cols[c].wrap)
					continue;
				if (w[c] > least
				    && (best == nc || w[c] > w[best]))
					best = c;
			}
			if (best == nc)
				break;
			w[best]--;
		}
	}
	if (!(cl = calloc(nc, sizeof(*cl))))
		goto oom;
	for (size_t r = 0; r <= t->nrows; r++) {
		int kind = r == 0 ? ROW : t->kind[r - 1];
		if (kind == SPAN) {
			strv l = {0};
			size_t in = indent + 2;
			if (clsi_tx_wrap(cell(t, r - 1, 0), WIDTH - in, &l)) {
				clsi_strv_free(&l);
				goto oom;
			}
			for (size_t i = 0; i < l.n; i++) {
				clsi_tx_spaces(f, in);
				fprintf(f, "%s\n", l.v[i]);
			}
			clsi_strv_free(&l);
			continue;
		}
		if (kind == RULE) {
			dashes(f, w, nc, indent);
			continue;
		}
		size_t nl = 0, one;
		const char *only[8]; /* a cell that is one line as it is */
		for (size_t c = 0; c < nc; c++) {
			const char *s
			    = r == 0 ? t->cols[c].head : cell(t, r - 1, c);
			only[c] = one_line(s, w[c], &one) ? s : NULL;
			if (!only[c] && clsi_tx_wrap(s, w[c], &cl[c]))
				goto oom;
			size_t n = only[c] ? 1 : cl[c].n;
			if (n > nl)
				nl = n;
		}
		for (size_t i = 0; i < nl; i++) {
			cls_buf_reset(&line);
			for (size_t c = 0; c < nc; c++) {
				const char *s = only[c] ? (i ? "" : only[c])
				    : i < cl[c].n       ? cl[c].v[i]
				                        : "";
				size_t n = clsi_u8_width(s);
				size_t pad = w[c] > n ? w[c] - n : 0;
				if (t->cols[c].right)
					repeat(NULL, &line, spaces, pad);
				cls_buf_add(&line, s);
				if (!t->cols[c].right)
					repeat(NULL, &line, spaces, pad);
				if (c + 1 < nc)
					cls_buf_addn(&line, "  ", 2);
			}
			if (line.oom)
				goto oom;
			size_t len = line.len;
			while (len && line.s[len - 1] == ' ')
				len--;
			clsi_tx_spaces(f, indent);
			if (r == 0 && tw_->color)
				fputs(BOLD, f);
			fwrite(line.s, 1, len, f);
			if (r == 0 && tw_->color)
				fputs(RESET, f);
			fputc('\n', f);
		}
		for (size_t c = 0; c < nc; c++)
			clsi_strv_free(&cl[c]);
		if (r == 0)
			dashes(f, w, nc, indent);
	}
	goto done;
oom:
	tw_->oom = true;
done:
	if (cl)
		for (size_t c = 0; c < nc; c++)
			clsi_strv_free(&cl[c]);
	free(cl);
	cls_buf_release(&line);
}
