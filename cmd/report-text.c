/*
 * report-text.c - "cls report --format=text": the annual review for the
 * terminal.  Every line fits in 80 columns, counted in characters (not
 * bytes): long titles and commentaires wrap with a hanging indent and
 * tables shrink their widest columns.  Colour (bold headings, the statut)
 * only when asked, that is on a terminal.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 80

/* Bold, then one colour per statut (in cls_statut order). */
#define BOLD "\033[1m"
#define RESET "\033[0m"
static const char *const statut_color[CLS_STATUT_COUNT] = {
    "\033[2m",
    "\033[33m",
    "\033[34m",
    "\033[32m",
    "\033[35m",
    "\033[31m",
};

typedef struct tw {
	FILE *f;
	const report *r;
	bool color;
	bool oom;
	rbuf tmp;
} tw;

/* ------------------------------------------------------------ wrapping */

typedef struct strv {
	char **v;
	size_t n;
} strv;

static void strv_free(strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int strv_push(strv *s, const char *p, size_t n)
{
	char **v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	s->v = v;
	if (!(v[s->n] = malloc(n + 1)))
		return -1;
	memcpy(v[s->n], p, n);
	v[s->n++][n] = '\0';
	return 0;
}

/* Splits s into lines of at most width characters, breaking at spaces; a
 * word longer than a line is cut.  Line breaks written in s are kept, runs
 * of blanks collapse, trailing line breaks are dropped. */
static int wrap_text(const char *s, size_t width, strv *out)
{
	rbuf line = {0};
	size_t lw = 0;
	int rc = -1;
	if (width < 1)
		width = 1;
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
		rb_reset(&line);
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
				rb_add(&line, " ");
				rb_addn(&line, w, wlen);
				lw += 1 + ww;
				continue;
			}
			if (lw) {
				if (strv_push(out, rb_str(&line), line.len))
					goto out;
				rb_reset(&line);
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
				if (strv_push(out, w, cut))
					goto out;
				w += cut;
				wlen -= cut;
				ww -= width;
			}
			rb_addn(&line, w, wlen);
			lw = ww;
		}
		if (lw || pe == i)
			if (strv_push(out, rb_str(&line), line.len))
				goto out;
		i = pe + 1;
	}
	rc = line.oom ? -1 : 0;
out:
	rb_free(&line);
	return rc;
}

static void spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* Writes text wrapped to WIDTH: the first line after `first` (already
 * counted as first_w characters), the others indented by `indent`. */
static void para_c(tw *t, const char *color, const char *first, size_t first_w,
    size_t indent, const char *text)
{
	strv l = {0};
	if (!text)
		text = "";
	size_t w = WIDTH > indent ? WIDTH - indent : 1;
	if (first_w > indent && WIDTH > first_w) {
		/* a hanging first line shorter than the rest */
		w = WIDTH - first_w;
	}
	if (wrap_text(text, w, &l)) {
		t->oom = true;
		strv_free(&l);
		return;
	}
	bool c = color && t->color;
	if (c)
		fputs(color, t->f);
	fputs(first, t->f);
	if (first_w < indent && l.n)
		spaces(t->f, indent - first_w);
	for (size_t i = 0; i < l.n; i++) {
		if (i) {
			if (c)
				fputs(RESET, t->f);
			fputc('\n', t->f);
			if (*l.v[i])
				spaces(t->f, indent);
			if (c)
				fputs(color, t->f);
		}
		fputs(l.v[i], t->f);
	}
	if (c)
		fputs(RESET, t->f);
	fputc('\n', t->f);
	strv_free(&l);
}

static void para(
    tw *t, const char *first, size_t first_w, size_t indent, const char *text)
{
	para_c(t, NULL, first, first_w, indent, text);
}

/* "Label         value", the value wrapped under itself. */
static void kv(tw *t, size_t indent, size_t lw, const char *label,
    const char *value, const char *color)
{
	size_t n = rep_u8_width(label);
	spaces(t->f, indent);
	fputs(label, t->f);
	spaces(t->f, n < lw ? lw - n : 1);
	size_t at = indent + (n < lw ? lw : n + 1);
	strv l = {0};
	if (wrap_text(value, WIDTH > at ? WIDTH - at : 1, &l)) {
		t->oom = true;
		strv_free(&l);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (i) {
			fputc('\n', t->f);
			spaces(t->f, at);
		}
		if (color && t->color)
			fprintf(t->f, "%s%s%s", color, l.v[i], RESET);
		else
			fputs(l.v[i], t->f);
	}
	fputc('\n', t->f);
	strv_free(&l);
}

/* "== TITLE ====...": a rule of WIDTH characters with a title in it. */
static void rule(tw *t, char c, const char *title)
{
	size_t n = 0;
	if (t->color)
		fputs(BOLD, t->f);
	if (title) {
		fprintf(t->f, "%c%c %s ", c, c, title);
		n = 4 + rep_u8_width(title);
	}
	for (; n < WIDTH; n++)
		fputc(c, t->f);
	if (t->color)
		fputs(RESET, t->f);
	fputc('\n', t->f);
}

static void heading(tw *t, size_t indent, const char *s)
{
	spaces(t->f, indent);
	fprintf(
	    t->f, "%s%s%s\n", t->color ? BOLD : "", s, t->color ? RESET : "");
}

/* -------------------------------------------------------------- tables */

typedef struct tcol {
	const char *head;
	bool right; /* numbers */
	bool wrap; /* the columns to narrow first */
} tcol;

enum { ROW, SPAN, RULE };

typedef struct ttab {
	size_t ncol;
	const tcol *cols;
	char **cells; /* nrows * ncol; a SPAN row's text is its first cell */
	int *kind;
	size_t nrows;
	bool oom;
} ttab;

static void tt_init(ttab *t, const tcol *cols, size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncol = ncol;
}

static void tt_free(ttab *t)
{
	for (size_t i = 0; i < t->nrows * t->ncol; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->kind);
}

static void tt_push(ttab *t, int kind, const char *const *cells)
{
	if (t->oom)
		return;
	char **c = realloc(t->cells, (t->nrows + 1) * t->ncol * sizeof(*c));
	if (c)
		t->cells = c;
	int *k = realloc(t->kind, (t->nrows + 1) * sizeof(*k));
	if (k)
		t->kind = k;
	if (!c || !k) {
		t->oom = true;
		return;
	}
	for (size_t i = 0; i < t->ncol; i++) {
		const char *s = cells && cells[i] ? cells[i] : "";
		if (!(c[t->nrows * t->ncol + i] = strdup(s)))
			t->oom = true;
	}
	k[t->nrows++] = kind;
}

static void tt_row(ttab *t, const char *const *cells)
{
	tt_push(t, ROW, cells);
}

static void tt_span(ttab *t, const char *text)
{
	const char *cells[8] = {text};
	if (t->ncol <= 8)
		tt_push(t, SPAN, cells);
}

static void tt_rule(ttab *t)
{
	tt_push(t, RULE, NULL);
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
	spaces(f, indent);
	for (size_t c = 0; c < nc; c++) {
		for (size_t i = 0; i < w[c]; i++)
			fputc('-', f);
		if (c + 1 < nc)
			fputs("  ", f);
	}
	fputc('\n', f);
}

static void tt_print(tw *tw_, ttab *t, size_t indent)
{
	FILE *f = tw_->f;
	size_t nc = t->ncol, w[8] = {0}, minw[8] = {0};
	strv *cl = NULL;
	rbuf line = {0};
	if (t->oom || nc > 8)
		goto oom;
	for (size_t c = 0; c < nc; c++) {
		w[c] = rep_u8_width(t->cols[c].head);
		minw[c] = longest_word(t->cols[c].head);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->kind[r] != ROW)
			continue;
		for (size_t c = 0; c < nc; c++) {
			const char *s = t->cells[r * nc + c];
			size_t n = rep_u8_width(s), m = longest_word(s);
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
			if (wrap_text(t->cells[(r - 1) * nc], WIDTH - in, &l)) {
				strv_free(&l);
				goto oom;
			}
			for (size_t i = 0; i < l.n; i++) {
				spaces(f, in);
				fprintf(f, "%s\n", l.v[i]);
			}
			strv_free(&l);
			continue;
		}
		if (kind == RULE) {
			dashes(f, w, nc, indent);
			continue;
		}
		size_t nl = 0;
		for (size_t c = 0; c < nc; c++) {
			const char *s = r == 0 ? t->cols[c].head
			                       : t->cells[(r - 1) * nc + c];
			if (wrap_text(s, w[c], &cl[c]))
				goto oom;
			if (cl[c].n > nl)
				nl = cl[c].n;
		}
		for (size_t i = 0; i < nl; i++) {
			rb_reset(&line);
			for (size_t c = 0; c < nc; c++) {
				const char *s = i < cl[c].n ? cl[c].v[i] : "";
				size_t n = rep_u8_width(s);
				size_t pad = w[c] > n ? w[c] - n : 0;
				if (t->cols[c].right)
					for (size_t x = 0; x < pad; x++)
						rb_add(&line, " ");
				rb_add(&line, s);
				if (!t->cols[c].right)
					for (size_t x = 0; x < pad; x++)
						rb_add(&line, " ");
				if (c + 1 < nc)
					rb_add(&line, "  ");
			}
			if (line.oom)
				goto oom;
			size_t len = line.len;
			while (len && line.s[len - 1] == ' ')
				len--;
			spaces(f, indent);
			if (r == 0 && tw_->color)
				fputs(BOLD, f);
			fwrite(line.s, 1, len, f);
			if (r == 0 && tw_->color)
				fputs(RESET, f);
			fputc('\n', f);
		}
		for (size_t c = 0; c < nc; c++)
			strv_free(&cl[c]);
		if (r == 0)
			dashes(f, w, nc, indent);
	}
	goto done;
oom:
	tw_->oom = true;
done:
	if (cl)
		for (size_t c = 0; c < nc; c++)
			strv_free(&cl[c]);
	free(cl);
	rb_free(&line);
}

/* ---------------------------------------------------------- the report */

static const char *tmp_money(tw *t, double x)
{
	rb_reset(&t->tmp);
	rep_money_fmt(&t->tmp, x, &rep_plain);
	return rb_str(&t->tmp);
}

static void title_block(tw *t)
{
	const report *r = t->r;
	const cls_plan *p = r->plan;
	char buf[64];
	snprintf(buf, sizeof(buf), "Bilan annuel %d", r->year);
	heading(t, 0, buf);
	para_c(t, BOLD, "", 0, 0, p->nom ? p->nom : "Contrat Local de Santé");
	rule(t, '=', NULL);
	kv(t, 0, 16, "Territoire", p->territoire ? p->territoire : "—", NULL);
	snprintf(buf, sizeof(buf), "%d-%d", p->debut, p->fin);
	kv(t, 0, 16, "Période", buf, NULL);
	snprintf(buf, sizeof(buf), "%d", r->year);
	kv(t, 0, 16, "Année du bilan", buf, NULL);
	if (r->errors) {
		rbuf b = {0};
		rb_add(&b, "ATTENTION : ");
		rep_invalid_fmt(&b, r);
		fputc('\n', t->f);
		para_c(t, "\033[1;31m", "!! ", 3, 3, rb_str(&b));
		t->oom |= b.oom;
		rb_free(&b);
	}
}

static void money_table(tw *t)
{
	const report *r = t->r;
	char y[16];
	snprintf(y, sizeof(y), "%d", r->year);
	const tcol cols[] = {{"Financeur", false, true}, {y, true, false},
	    {"Tout le contrat", true, false}};
	ttab tt;
	tt_init(&tt, cols, 3);
	rbuf a = {0}, b = {0};
	for (size_t i = 0; i < r->nfin_contrat; i++) {
		const rep_money *m = &r->fin_contrat[i];
		const rep_money *ma
		    = rep_money_find(r->fin_annee, r->nfin_annee, m->financeur);
		rb_reset(&a);
		rb_reset(&b);
		if (!ma)
			rb_add(&a, "—");
		else if (ma->known)
			rep_money_fmt(&a, ma->montant, &rep_plain);
		else
			rb_add(&a, "non précisé");
		if (m->known)
			rep_money_fmt(&b, m->montant, &rep_plain);
		else
			rb_add(&b, "non précisé");
		const char *cells[] = {m->financeur, rb_str(&a), rb_str(&b)};
		tt_row(&tt, cells);
	}
	tt_rule(&tt);
	rb_reset(&a);
	rb_reset(&b);
	rep_total_fmt(
	    &a, r->total_annee, r->known_annee, r->unknown_annee, &rep_plain);
	rep_total_fmt(&b, r->total_contrat, r->known_contrat,
	    r->unknown_contrat, &rep_plain);
	const char *tot[] = {"Total", rb_str(&a), rb_str(&b)};
	tt_row(&tt, tot);
	tt_print(t, &tt, 4);
	t->oom |= a.oom || b.oom;
	tt_free(&tt);
	rb_free(&a);
	rb_free(&b);
}

static void synthese(tw *t)
{
	const report *r = t->r;
	rbuf b = {0};
	fputc('\n', t->f);
	rule(t, '=', "SYNTHÈSE");
	fputc('\n', t->f);

	rb_printf(&b, "Fiches actions par statut en %d : %zu fiche%s", r->year,
	    r->nfiches, r->nfiches > 1 ? "s" : "");
	heading(t, 0, rb_str(&b));
	const tcol cols[] = {{"Statut", false, false}, {"Fiches", true, false}};
	ttab tt;
	tt_init(&tt, cols, 2);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = rep_statut_order[i];
		char n[32];
		snprintf(n, sizeof(n), "%zu", r->par_statut[s]);
		const char *cells[] = {cls_statut_label(s), n};
		tt_row(&tt, cells);
	}
	tt_print(t, &tt, 4);
	tt_free(&tt);
	if (r->hors_calendrier) {
		rb_reset(&b);
		rb_printf(&b,
		    "Dont %zu fiche%s dont le calendrier ne couvre "
		    "pas %d.",
		    r->hors_calendrier, r->hors_calendrier > 1 ? "s" : "",
		    r->year);
		para(t, "    ", 4, 4, rb_str(&b));
	}

	fputc('\n', t->f);
	rb_reset(&b);
	rb_printf(&b, "Indicateurs chiffrés ayant une cible pour %d : %zu",
	    r->year, r->avec_cible);
	heading(t, 0, rb_str(&b));
	rb_reset(&b);
	rb_printf(&b, "%zu", r->evalues);
	kv(t, 4, 28, "évalués (cible et valeur)", rb_str(&b), NULL);
	rb_reset(&b);
	rb_printf(&b, "%zu", r->atteints);
	if (r->has_part) {
		rb_printf(&b, " sur %zu, soit ", r->evalues);
		rep_pct_fmt(&b, r->part, &rep_plain);
	}
	kv(t, 4, 28, "cible atteinte", rb_str(&b), NULL);
	rb_reset(&b);
	rb_printf(&b, "%zu", r->sans_valeur);
	kv(t, 4, 28, "sans valeur", rb_str(&b), NULL);

	fputc('\n', t->f);
	heading(t, 0, "Financements prévus, par financeur");
	if (r->nfin_contrat) {
		money_table(t);
		if (r->unknown_contrat) {
			rb_reset(&b);
			rep_unknown_fmt(&b, r);
			para(t, "    ", 4, 4, rb_str(&b));
		}
	} else {
		para(t, "    ", 4, 4,
		    "Aucun financement n'est inscrit dans "
		    "les fiches.");
	}

	fputc('\n', t->f);
	rb_reset(&b);
	rb_printf(&b, "Dépenses réalisées en %d : ", r->year);
	if (r->depenses_n)
		rep_money_fmt(&b, r->depenses, &rep_plain);
	else
		rb_add(&b, "non renseignées");
	heading(t, 0, rb_str(&b));
	rb_reset(&b);
	if (r->depenses_n)
		rb_printf(&b,
		    "Somme des dépenses du suivi %d, indiquées par "
		    "%zu fiche%s sur %zu.",
		    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "",
		    r->nfiches);
	else
		rb_printf(&b,
		    "Aucune fiche n'indique ses dépenses dans son "
		    "suivi %d.",
		    r->year);
	para(t, "    ", 4, 4, rb_str(&b));
	t->oom |= b.oom;
	rb_free(&b);
}

static void fiche_indicateurs(tw *t, const rep_fiche *rf)
{
	const report *r = t->r;
	char cy[32];
	snprintf(cy, sizeof(cy), "Cible %d", r->year);
	const tcol cols[] = {{"Indicateur", false, true}, {cy, false, false},
	    {"Valeur", false, true}, {"Réalisation", false, true}};
	ttab tt;
	tt_init(&tt, cols, 4);
	rbuf c = {0}, v = {0}, res = {0}, lab = {0};
	size_t rows = 0;
	for (size_t i = 0; i < rf->nind; i++) {
		const rep_ind *ri = &rf->inds[i];
		if (ri->t.valeur && !ri->numeric)
			continue;
		rb_reset(&c);
		rb_reset(&v);
		rb_reset(&res);
		rb_reset(&lab);
		rb_add(&lab, ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
		if (ri->ind->sens == CLS_BAISSE)
			rb_add(&lab, " (à la baisse)");
		if (ri->t.has_cible)
			rep_cible_fmt(&c, &ri->t.cible, &rep_plain);
		else
			rb_add(&c, "—");
		if (ri->t.valeur)
			rep_valeur_fmt(&v, ri, &rep_plain);
		else
			rb_add(&v, "—");
		rep_result_fmt(&res, ri, &rep_plain);
		if (!res.len)
			rb_add(&res, "—");
		const char *cells[]
		    = {rb_str(&lab), rb_str(&c), rb_str(&v), rb_str(&res)};
		tt_row(&tt, cells);
		rows++;
		if (ri->t.has_cumul) {
			rb_reset(&c);
			rb_reset(&v);
			rb_reset(&res);
			rb_reset(&lab);
			if (r->year > r->plan->debut)
				rb_printf(&lab, "  cumul %d-%d / cible totale",
				    r->plan->debut, r->year);
			else
				rb_printf(
				    &lab, "  cumul %d / cible totale", r->year);
			rep_num_fmt(&c, ri->ind->cible_totale, &rep_plain);
			rep_num_fmt(&v, ri->t.cumul, &rep_plain);
			if (ri->t.has_taux_cumul)
				rep_pct_fmt(&res, ri->t.taux_cumul, &rep_plain);
			else
				rb_add(&res, "—");
			const char *cc[] = {
			    rb_str(&lab), rb_str(&c), rb_str(&v), rb_str(&res)};
			tt_row(&tt, cc);
		}
	}
	if (rows) {
		fputc('\n', t->f);
		heading(t, 2, "Indicateurs");
		tt_print(t, &tt, 4);
	}
	tt_free(&tt);
	if (rf->nqual) {
		fputc('\n', t->f);
		heading(t, 2, "Indicateurs qualitatifs");
		for (size_t i = 0; i < rf->nind; i++) {
			const rep_ind *ri = &rf->inds[i];
			if (!ri->t.valeur || ri->numeric)
				continue;
			rb_reset(&lab);
			rb_printf(&lab, "%s : %s",
			    ri->ind->libelle ? ri->ind->libelle : ri->ind->id,
			    ri->t.valeur->text ? ri->t.valeur->text : "");
			para(t, "    - ", 6, 6, rb_str(&lab));
		}
	}
	if (!rf->nind) {
		fputc('\n', t->f);
		para(t, "  ", 2, 2, "Indicateurs : aucun.");
	}
	t->oom |= c.oom || v.oom || res.oom || lab.oom;
	rb_free(&c);
	rb_free(&v);
	rb_free(&res);
	rb_free(&lab);
}

static void fiche_financements(tw *t, const rep_fiche *rf)
{
	char h[48];
	if (!rf->nfin)
		return;
	snprintf(h, sizeof(h), "Financements %d", t->r->year);
	fputc('\n', t->f);
	heading(t, 2, h);
	const tcol cols[]
	    = {{"Financeur", false, true}, {"Montant", true, false},
	        {"Période", false, false}, {"Statut", false, false}};
	ttab tt;
	tt_init(&tt, cols, 4);
	rbuf m = {0};
	char y[16];
	snprintf(y, sizeof(y), "%d", t->r->year);
	for (size_t i = 0; i < rf->nfin; i++) {
		const cls_financement *fin = rf->fins[i];
		rb_reset(&m);
		rep_fin_montant_fmt(&m, fin, &rep_plain);
		const char *cells[] = {fin->financeur, rb_str(&m),
		    fin->annee ? y : "durée du contrat",
		    rep_fin_statut_label(fin->statut)};
		tt_row(&tt, cells);
		if (fin->note && *fin->note)
			tt_span(&tt, fin->note);
	}
	tt_print(t, &tt, 4);
	t->oom |= m.oom;
	rb_free(&m);
	tt_free(&tt);
}

static void fiche(tw *t, const rep_fiche *rf)
{
	const report *r = t->r;
	const cls_fiche *f = rf->f;
	const cls_suivi *s = rf->suivi;
	rbuf b = {0};
	char lab[32];

	fputc('\n', t->f);
	rb_printf(&b, "Fiche %s — ", f->id);
	size_t pw = rep_u8_width(rb_str(&b));
	para_c(
	    t, BOLD, rb_str(&b), pw, pw, f->titre ? f->titre : "(sans titre)");
	snprintf(lab, sizeof(lab), "Statut %d", r->year);
	kv(t, 2, 16, lab, cls_statut_label(rf->statut),
	    statut_color[rf->statut]);
	if (!rf->runs) {
		rb_reset(&b);
		rb_printf(&b,
		    "%d n'est pas dans le calendrier de la fiche "
		    "(%d-%d)",
		    r->year, f->first_year, f->last_year);
		kv(t, 2, 16, "Calendrier", rb_str(&b), NULL);
	}
	if (s && s->has_avancement) {
		rb_reset(&b);
		rep_pct_fmt(&b, s->avancement, &rep_plain);
		kv(t, 2, 16, "Avancement", rb_str(&b), NULL);
	}
	if (s && s->has_depenses) {
		snprintf(lab, sizeof(lab), "Dépenses %d", r->year);
		kv(t, 2, 16, lab, tmp_money(t, s->depenses), NULL);
	}
	for (size_t i = 0; i < f->porteurs.count; i++)
		kv(t, 2, 16,
		    i                           ? ""
		        : f->porteurs.count > 1 ? "Porteurs"
		                                : "Porteur",
		    f->porteurs.items[i], NULL);
	kv(t, 2, 16, "Fichier", f->file, NULL);
	fiche_indicateurs(t, rf);
	fiche_financements(t, rf);
	if (s && s->commentaire && *s->commentaire) {
		fputc('\n', t->f);
		heading(t, 2, "Commentaire");
		para(t, "    ", 4, 4, s->commentaire);
	}
	t->oom |= b.oom;
	rb_free(&b);
}

static void plan(tw *t)
{
	const report *r = t->r;
	rbuf b = {0};
	for (size_t i = 0; i < r->naxes; i++) {
		const rep_axe *ra = &r->axes[i];
		fputc('\n', t->f);
		rb_reset(&b);
		rb_printf(&b, "AXE %s", ra->axe->id);
		rule(t, '=', rb_str(&b));
		para_c(t, BOLD, "", 0, 0, ra->axe->titre ? ra->axe->titre : "");
		if (!ra->total)
			para(t, "", 0, 0, "Aucune fiche action dans cet axe.");
		for (size_t k = 0; k < ra->n; k++)
			fiche(t, ra->fiches[k]);
		for (size_t o = 0; o < ra->nobj; o++) {
			const rep_objectif *ro = &ra->objs[o];
			fputc('\n', t->f);
			rb_reset(&b);
			rb_printf(&b, "Objectif %s", ro->obj->id);
			rule(t, '-', rb_str(&b));
			para(t, "", 0, 0, ro->obj->titre ? ro->obj->titre : "");
			if (!ro->n)
				para(t, "", 0, 0,
				    "Aucune fiche action pour "
				    "cet objectif.");
			for (size_t k = 0; k < ro->n; k++)
				fiche(t, ro->fiches[k]);
		}
	}
	if (r->nhors) {
		fputc('\n', t->f);
		rule(t, '=', "FICHES HORS AXE");
		para(t, "", 0, 0,
		    "Ces fiches ne sont rattachées à aucun axe "
		    "connu de cls.yaml.");
		for (size_t k = 0; k < r->nhors; k++)
			fiche(t, r->hors_axe[k]);
	}
	t->oom |= b.oom;
	rb_free(&b);
}

static void manques(tw *t)
{
	const report *r = t->r;
	rbuf b = {0};
	fputc('\n', t->f);
	rule(t, '=', "CE QUI MANQUE");
	fputc('\n', t->f);

	rb_printf(
	    &b, "Fiches sans suivi pour %d : %zu", r->year, r->nsans_suivi);
	heading(t, 0, rb_str(&b));
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *f = r->sans_suivi[i]->f;
		rb_reset(&b);
		rb_printf(&b, "Fiche %s — %s (%s)", f->id,
		    f->titre ? f->titre : "(sans titre)", f->file);
		para(t, "    - ", 6, 6, rb_str(&b));
	}

	fputc('\n', t->f);
	rb_reset(&b);
	rb_printf(&b, "Indicateurs sans valeur pour %d : %zu", r->year,
	    r->nsans_valeur_list);
	heading(t, 0, rb_str(&b));
	for (size_t i = 0; i < r->nsans_valeur_list; i++) {
		const rep_missing_ind *m = &r->sans_valeur_list[i];
		rb_reset(&b);
		rb_printf(&b, "Fiche %s, %s — %s", m->rf->f->id, m->ri->ind->id,
		    m->ri->ind->libelle ? m->ri->ind->libelle : "");
		if (m->ri->t.has_cible) {
			rb_add(&b, " (cible ");
			rep_cible_fmt(&b, &m->ri->t.cible, &rep_plain);
			rb_add(&b, ")");
		}
		para(t, "    - ", 6, 6, rb_str(&b));
	}

	fputc('\n', t->f);
	rb_reset(&b);
	rb_printf(&b, "Avertissements de validation : %zu", r->warnings);
	heading(t, 0, rb_str(&b));
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		rb_reset(&b);
		if (d->loc.line > 0)
			rb_printf(&b, "%s:%d: %s [%s]", d->loc.file,
			    d->loc.line, d->message, d->rule);
		else
			rb_printf(&b, "%s: %s [%s]", d->loc.file, d->message,
			    d->rule);
		para(t, "    - ", 6, 6, rb_str(&b));
	}
	t->oom |= b.oom;
	rb_free(&b);
}

int rep_write_text(FILE *f, const report *r, bool color)
{
	tw t;
	memset(&t, 0, sizeof(t));
	t.f = f;
	t.r = r;
	t.color = color;
	title_block(&t);
	synthese(&t);
	plan(&t);
	manques(&t);
	t.oom |= t.tmp.oom;
	rb_free(&t.tmp);
	return t.oom ? -1 : 0;
}
