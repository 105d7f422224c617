/* SPDX-License-Identifier: MIT */
/*
 * report-doc.c - "cls report --format=odt|docx": the annual review as an
 * office document that the coordinator edits, sends and files.  The same
 * sections, tables and charts as the HTML report, walked once into the
 * document model of doc.h; doc-odt.c and doc-docx.c write it.  Headings
 * of the axes, objectifs and fiches carry outline levels 1 to 3, so the
 * table of contents and the navigator list them; every text from the
 * contract is a run of text, escaped by clsi_xml_escape().
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- the calls, recorded */

static void H(clsi_doc *d, int level)
{
	d->in_head = true;
	d->head_level = level;
	cls_buf_reset(&d->head);
	d->ops->heading(d, level);
}

static void P(clsi_doc *d, doc_para p)
{
	d->ops->para(d, p);
}

static void T(clsi_doc *d, doc_span s, const char *t)
{
	if (!t || !*t)
		return;
	if (d->in_head)
		cls_buf_add(&d->head, t);
	d->ops->text(d, s, t, strlen(t));
}

/* A text of the contract, its trailing blanks and line breaks dropped. */
static void T_trim(clsi_doc *d, doc_span s, const char *t)
{
	if (!t)
		return;
	size_t n = strlen(t);
	while (n
	    && (t[n - 1] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\r'
	        || t[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	if (d->in_head)
		cls_buf_addn(&d->head, t, n);
	d->ops->text(d, s, t, n);
}

static void E(clsi_doc *d)
{
	if (d->in_head) {
		d->in_head = false;
		doc_head *v = clsi_grow(d->heads, d->nheads, sizeof(*v));
		char *s = strdup(cls_buf_str(&d->head));
		if (!v || !s) {
			if (v)
				d->heads = v;
			free(s);
			d->oom = true;
		} else {
			d->heads = v;
			v[d->nheads++] = (doc_head){d->head_level, s};
		}
	}
	d->ops->end(d);
}

/* A paragraph of one run. */
static void para(clsi_doc *d, doc_para p, doc_span s, const char *t)
{
	P(d, p);
	T(d, s, t);
	E(d);
}

static void table(clsi_doc *d, doc_table t, const doc_col *cols, size_t n)
{
	d->cols = cols;
	d->ncols = n;
	d->tstyle = t;
	d->ops->table(d, t, cols, n);
}

static void row(clsi_doc *d, doc_row kind)
{
	d->row = kind;
	d->col = 0;
	d->ops->row(d, kind);
}

static void row_end(clsi_doc *d)
{
	d->ops->row_end(d);
}

/* Opens the next cell of the row and its paragraph, styled for its row
 * and column: headers, numbers to the right. */
static void cell_open(clsi_doc *d)
{
	bool num = d->col < d->ncols && d->cols[d->col].num;
	d->ops->cell(d);
	P(d,
	    d->row == DOC_R_HEAD ? (num ? DOC_P_CELL_HEAD_NUM : DOC_P_CELL_HEAD)
	        : num            ? DOC_P_CELL_NUM
	                         : DOC_P_CELL);
}

static void cell_close(clsi_doc *d)
{
	E(d);
	d->ops->cell_end(d);
	d->col++;
}

/* A cell of one run; the total row is bold, the row under another
 * italic, an empty cell a muted dash. */
static void cell(clsi_doc *d, doc_span s, const char *t)
{
	cell_open(d);
	if (!t || !*t) {
		T(d, DOC_S_MUTED, "—");
	} else {
		if (s == DOC_S_PLAIN && d->row == DOC_R_TOTAL)
			s = DOC_S_STRONG;
		else if (s == DOC_S_PLAIN && d->row == DOC_R_SUB)
			s = DOC_S_EM;
		T(d, s, t);
	}
	cell_close(d);
}

static void table_end(clsi_doc *d)
{
	d->ops->table_end(d);
	d->cols = NULL;
	d->ncols = 0;
}

/* The caption above a table or under a figure. */
static void caption(clsi_doc *d, const char *t)
{
	para(d, DOC_P_CAPTION, DOC_S_PLAIN, t);
}

/* The chart c as a picture of its own, 17 cm (the width of the text on
 * A4) for 720 px, and its caption (unless the table after it has the
 * same); c is released.  Nothing when drawn is false (an empty chart). */
static void picture(clsi_doc *d, clsi_chart *c, bool drawn, bool with_caption)
{
	if (!drawn) {
		d->oom |= clsi_chart_oom(c);
		clsi_chart_release(c);
		return;
	}
	doc_pic *v = clsi_grow(d->pics, d->npics, sizeof(*v));
	char *title = strdup(cls_buf_str(&c->title));
	char *desc = strdup(cls_buf_str(&c->desc));
	if (!v || !title || !desc || clsi_chart_oom(c)) {
		if (v)
			d->pics = v;
		free(title);
		free(desc);
		clsi_chart_release(c);
		d->oom = true;
		return;
	}
	d->pics = v;
	doc_pic *p = &v[d->npics++];
	memset(p, 0, sizeof(*p));
	p->svg = c->svg;
	memset(&c->svg, 0, sizeof(c->svg));
	p->wpx = c->width;
	p->hpx = c->height;
	p->wcm = 17.0 * c->width / 720.0;
	p->hcm = p->wcm * c->height / c->width;
	p->title = title;
	p->desc = desc;
	P(d, DOC_P_FIGURE);
	d->ops->picture(d, d->npics - 1);
	E(d);
	if (with_caption)
		caption(d, cls_buf_str(&c->caption));
	clsi_chart_release(c);
}

/* A chart of the annual review (chart.c). */
static void figure(clsi_doc *d,
    bool (*draw)(clsi_chart *, const cls_report_year *, int, bool),
    bool with_caption)
{
	clsi_chart c = {0};
	bool drawn = draw(&c, d->r, (int)d->npics + 1, true);
	picture(d, &c, drawn, with_caption);
}

/* Writes the container of d to f, or says why not, and releases d. */
static int doc_close(clsi_doc *d, FILE *f, bool oom, cls_error *err)
{
	int rc = -1;
	if (oom || d->oom || d->body.oom || d->head.oom)
		clsi_seterr(err, _("out of memory"));
	else
		rc = d->ops->finish(d, f, err);
	cls_buf_release(&d->body);
	cls_buf_release(&d->head);
	for (size_t i = 0; i < d->nheads; i++)
		free(d->heads[i].text);
	free(d->heads);
	for (size_t i = 0; i < d->npics; i++) {
		cls_buf_release(&d->pics[i].svg);
		free(d->pics[i].title);
		free(d->pics[i].desc);
	}
	free(d->pics);
	return rc;
}

/* ---------------------------------------------------------- the review */

typedef struct rw {
	clsi_doc *d;
	const cls_report_year *r;
	cls_buf b, c;
} rw;

/* b emptied, for the next text. */
static cls_buf *B(rw *w)
{
	cls_buf_reset(&w->b);
	return &w->b;
}

static void sum_cell(rw *w, const cls_report_sum *s)
{
	clsi_fmt_sum(B(w), s, &clsi_seps_html);
	cell(w->d, s->known ? DOC_S_PLAIN : DOC_S_MUTED, cls_buf_str(&w->b));
}

/* The money of v[0..n) by financeur and by statut (the statuts its
 * financements have), with its total, under its caption. */
static void money_table(rw *w, const cls_report_money *v, size_t n,
    const cls_report_sum *tot, double total, size_t known, size_t unknown,
    const char *cap)
{
	clsi_doc *d = w->d;
	doc_col cols[6] = {{0, false}};
	size_t nc = 1;
	for (int k = 0; k < 4; k++)
		nc += tot[k].known || tot[k].unknown;
	cols[0].width = 100 - 14 * (int)nc;
	for (size_t k = 1; k <= nc; k++)
		cols[k] = (doc_col){14, true};
	caption(d, cap);
	table(d, DOC_T_DATA, cols, nc + 1);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Financeur");
	for (int k = 0; k < 4; k++)
		if (tot[k].known || tot[k].unknown)
			cell(d, DOC_S_PLAIN, clsi_statut_fin_head[k]);
	cell(d, DOC_S_PLAIN, "Total");
	row_end(d);
	for (size_t i = 0; i <= n; i++) {
		row(d, i == n ? DOC_R_TOTAL : DOC_R_BODY);
		cls_buf_reset(&w->c);
		if (i == n)
			cls_buf_add(&w->c, "Total");
		else
			clsi_fmt_financeur(&w->c, v[i].entry, v[i].financeur);
		cell(d, DOC_S_PLAIN, cls_buf_str(&w->c));
		for (int k = 0; k < 4; k++)
			if (tot[k].known || tot[k].unknown)
				sum_cell(w, i == n ? &tot[k] : &v[i].statut[k]);
		cls_report_sum all = i == n
		    ? (cls_report_sum){total, known, unknown}
		    : (cls_report_sum){v[i].montant, v[i].known, v[i].unknown};
		sum_cell(w, &all);
		row_end(d);
	}
	table_end(d);
}

/* A key figure of the summary: the figure, and what it means. */
static void key(clsi_doc *d, const char *chiffre, const char *legende)
{
	d->ops->cell(d);
	para(d, DOC_P_KEY, DOC_S_PLAIN, chiffre);
	para(d, DOC_P_KEY_LEGEND, DOC_S_PLAIN, legende);
	d->ops->cell_end(d);
	d->col++;
}

static void keys(rw *w)
{
	const cls_report_year *r = w->r;
	static const doc_col cols[]
	    = {{25, false}, {25, false}, {25, false}, {25, false}};
	cls_buf l = {0};
	table(w->d, DOC_T_KEYS, cols, 4);
	row(w->d, DOC_R_BODY);

	cls_buf_printf(B(w), "%zu", r->nfiches);
	cls_buf_printf(&l, "fiche%s action%s", r->nfiches > 1 ? "s" : "",
	    r->nfiches > 1 ? "s" : "");
	bool first = true;
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		if (!r->par_statut[s])
			continue;
		cls_buf_printf(&l, "%s%zu %s", first ? " : " : ", ",
		    r->par_statut[s], cls_statut_label(s));
		first = false;
	}
	key(w->d, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(B(w));
	cls_buf_reset(&l);
	if (r->has_part) {
		clsi_fmt_pct(&w->b, r->part, &clsi_seps_html);
		cls_buf_printf(&l,
		    "des indicateurs chiffrés évalués atteignent leur "
		    "cible (%zu sur %zu)",
		    r->atteints, r->evalues);
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(&l,
		    "aucun indicateur chiffré n'a à la fois une cible "
		    "et une valeur pour %d",
		    r->year);
	}
	key(w->d, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(B(w));
	cls_buf_reset(&w->c);
	cls_buf_reset(&l);
	clsi_fmt_total(&w->c, r->total_contrat, r->known_contrat,
	    r->unknown_contrat, &clsi_seps_html);
	if (r->known_annee) {
		clsi_fmt_money(&w->b, r->total_annee, &clsi_seps_html);
		cls_buf_printf(&l,
		    "de financements prévus en %d (%s sur tout le "
		    "contrat)",
		    r->year, cls_buf_str(&w->c));
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(&l,
		    "aucun montant de financement précisé pour %d "
		    "(%s sur tout le contrat)",
		    r->year, cls_buf_str(&w->c));
	}
	key(w->d, cls_buf_str(&w->b), cls_buf_str(&l));

	cls_buf_reset(B(w));
	cls_buf_reset(&l);
	if (r->depenses_n) {
		clsi_fmt_money(&w->b, r->depenses, &clsi_seps_html);
		cls_buf_printf(&l,
		    "dépensés en %d (indiqués par %zu fiche%s sur %zu)",
		    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "",
		    r->nfiches);
	} else {
		cls_buf_add(&w->b, "—");
		cls_buf_printf(
		    &l, "dépenses %d non renseignées dans le suivi", r->year);
	}
	key(w->d, cls_buf_str(&w->b), cls_buf_str(&l));
	w->b.oom |= l.oom;
	cls_buf_release(&l);
	row_end(w->d);
	table_end(w->d);
}

static void synthese(rw *w)
{
	const cls_report_year *r = w->r;
	clsi_doc *d = w->d;
	H(d, 1);
	T(d, DOC_S_PLAIN, "Synthèse");
	E(d);
	keys(w);

	/* statuts: chart and table */
	/* the table under it has the same caption */
	figure(d, clsi_chart_statuts, false);
	cls_buf_printf(B(w), "Fiches actions par statut en %d", r->year);
	caption(d, cls_buf_str(&w->b));
	static const doc_col st_cols[] = {{70, false}, {30, true}};
	table(d, DOC_T_DATA, st_cols, 2);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Statut");
	cell(d, DOC_S_PLAIN, "Fiches");
	row_end(d);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		row(d, DOC_R_BODY);
		cell(d, DOC_S_PLAIN, cls_statut_label(s));
		cls_buf_printf(B(w), "%zu", r->par_statut[s]);
		cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		row_end(d);
	}
	row(d, DOC_R_TOTAL);
	cell(d, DOC_S_PLAIN, "Total");
	cls_buf_printf(B(w), "%zu", r->nfiches);
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	row_end(d);
	table_end(d);
	if (r->hors_calendrier) {
		cls_buf_printf(B(w),
		    "Dont %zu fiche%s dont le calendrier ne couvre pas %d.",
		    r->hors_calendrier, r->hors_calendrier > 1 ? "s" : "",
		    r->year);
		para(d, DOC_P_BODY, DOC_S_PLAIN, cls_buf_str(&w->b));
	}

	/* indicateurs */
	H(d, 2);
	T(d, DOC_S_PLAIN, "Indicateurs");
	E(d);
	if (!r->indicateurs) {
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucun indicateur n'est défini dans les fiches.");
		goto money;
	}
	cls_buf_printf(
	    B(w), "Indicateurs chiffrés ayant une cible pour %d", r->year);
	caption(d, cls_buf_str(&w->b));
	static const doc_col ind_cols[] = {{70, false}, {30, true}};
	table(d, DOC_T_PAIRS, ind_cols, 2);
	row(d, DOC_R_BODY);
	cls_buf_printf(B(w), "Indicateurs ayant une cible pour %d", r->year);
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	cls_buf_printf(B(w), "%zu", r->avec_cible);
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	row_end(d);
	row(d, DOC_R_BODY);
	cell(d, DOC_S_PLAIN, "évalués (cible et valeur)");
	cls_buf_printf(B(w), "%zu", r->evalues);
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	row_end(d);
	row(d, DOC_R_BODY);
	cell(d, DOC_S_PLAIN, "cible atteinte");
	cls_buf_printf(B(w), "%zu", r->atteints);
	if (r->has_part) {
		cls_buf_printf(&w->b, " sur %zu, soit ", r->evalues);
		clsi_fmt_pct(&w->b, r->part, &clsi_seps_html);
	}
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	row_end(d);
	row(d, DOC_R_BODY);
	cell(d, DOC_S_PLAIN, "sans valeur");
	cls_buf_printf(B(w), "%zu", r->sans_valeur);
	cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	row_end(d);
	table_end(d);
	figure(d, clsi_chart_indicateurs, true);

money:
	if (r->jalons[0] + r->jalons[1] + r->jalons[2]) {
		H(d, 2);
		T(d, DOC_S_PLAIN, "Jalons");
		E(d);
		cls_buf_printf(B(w), "À la fin de %d : ", r->year);
		clsi_fmt_jalons_summary(&w->b, r);
		cls_buf_add(&w->b, ".");
		para(d, DOC_P_BODY, DOC_S_PLAIN, cls_buf_str(&w->b));
	}

	/* money */
	H(d, 2);
	T(d, DOC_S_PLAIN, "Financements par financeur et par statut");
	E(d);
	if (!r->nfin_contrat) {
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucun financement n'est inscrit dans les fiches.");
	} else {
		char cap[96];
		figure(d, clsi_chart_money, true);
		snprintf(cap, sizeof(cap),
		    "Financements %d par financeur et par statut", r->year);
		if (r->nfin_annee) {
			money_table(w, r->fin_annee, r->nfin_annee,
			    r->statut_annee, r->total_annee, r->known_annee,
			    r->unknown_annee, cap);
		} else {
			cls_buf_printf(B(w),
			    "Aucun financement n'est inscrit pour %d.",
			    r->year);
			para(d, DOC_P_BODY, DOC_S_PLAIN, cls_buf_str(&w->b));
		}
		money_table(w, r->fin_contrat, r->nfin_contrat,
		    r->statut_contrat, r->total_contrat, r->known_contrat,
		    r->unknown_contrat,
		    "Financements sur toute la durée du contrat, par "
		    "financeur et par statut");
		if (r->unknown_contrat) {
			clsi_fmt_unknown(B(w), r);
			para(d, DOC_P_NOTE, DOC_S_PLAIN, cls_buf_str(&w->b));
		}
	}
	H(d, 2);
	T(d, DOC_S_PLAIN, "Dépenses");
	E(d);
	/* the sentence, its amount in bold: between two markers */
	clsi_fmt_depenses(B(w), r, &clsi_seps_html, "\x01", "\x02");
	const char *s = cls_buf_str(&w->b), *a = strchr(s, '\x01');
	const char *z = a ? strchr(a, '\x02') : NULL;
	P(d, DOC_P_BODY);
	if (a && z) {
		cls_buf_reset(&w->c);
		cls_buf_addn(&w->c, s, (size_t)(a - s));
		T(d, DOC_S_PLAIN, cls_buf_str(&w->c));
		cls_buf_reset(&w->c);
		cls_buf_addn(&w->c, a + 1, (size_t)(z - a - 1));
		T(d, DOC_S_STRONG, cls_buf_str(&w->c));
		T(d, DOC_S_PLAIN, z + 1);
	} else {
		T(d, DOC_S_PLAIN, s);
	}
	E(d);
}

static const char *ind_name(const cls_indicateur *ind)
{
	return ind->libelle ? ind->libelle : ind->id;
}

static void fiche_indicateurs(rw *w, const cls_report_fiche *rf)
{
	const cls_report_year *r = w->r;
	clsi_doc *d = w->d;
	size_t rows = rf->nind - rf->nqual;
	if (!rf->nind) {
		para(d, DOC_P_NOTE, DOC_S_PLAIN, "Indicateurs : aucun.");
		return;
	}
	if (rows) {
		cls_buf_printf(B(w), "Indicateurs de la fiche %s en %d",
		    rf->f->id, r->year);
		caption(d, cls_buf_str(&w->b));
		static const doc_col cols[]
		    = {{46, false}, {16, true}, {16, true}, {22, false}};
		table(d, DOC_T_DATA, cols, 4);
		row(d, DOC_R_HEAD);
		cell(d, DOC_S_PLAIN, "Indicateur");
		cls_buf_printf(B(w), "Cible %d", r->year);
		cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		cell(d, DOC_S_PLAIN, "Valeur");
		cell(d, DOC_S_PLAIN, "Réalisation");
		row_end(d);
	}
	for (size_t i = 0; rows && i < rf->nind; i++) {
		const cls_report_ind *ri = &rf->inds[i];
		if (ri->qualitative)
			continue;
		row(d, DOC_R_BODY);
		cell_open(d);
		T(d, DOC_S_PLAIN, ind_name(ri->ind));
		if (ri->ind->sens == CLS_BAISSE)
			T(d, DOC_S_MUTED, " (à la baisse)");
		cell_close(d);
		cls_buf_reset(B(w));
		if (ri->t.has_cible)
			clsi_fmt_cible(&w->b, &ri->t.cible, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		cls_buf_reset(B(w));
		clsi_fmt_valeur(&w->b, ri, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, ri->t.valeur ? cls_buf_str(&w->b) : NULL);
		cls_buf_reset(B(w));
		clsi_fmt_result(&w->b, ri, &clsi_seps_html);
		cell(d,
		    ri->t.atteint == 1       ? DOC_S_OK
		        : ri->t.atteint == 0 ? DOC_S_KO
		                             : DOC_S_MUTED,
		    cls_buf_str(&w->b));
		row_end(d);
		if (ri->t.has_cumul) {
			row(d, DOC_R_SUB);
			cls_buf_reset(B(w));
			if (r->year > r->plan->debut)
				cls_buf_printf(&w->b,
				    "cumul %d-%d / cible totale",
				    r->plan->debut, r->year);
			else
				cls_buf_printf(
				    &w->b, "cumul %d / cible totale", r->year);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			clsi_fmt_num(
			    B(w), ri->ind->cible_totale, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			clsi_fmt_num(B(w), ri->t.cumul, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			cls_buf_reset(B(w));
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &w->b, ri->t.taux_cumul, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			row_end(d);
		}
	}
	if (rows)
		table_end(d);
	if (rf->nqual) {
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, "Indicateurs qualitatifs");
		for (size_t i = 0; i < rf->nind; i++) {
			const cls_report_ind *ri = &rf->inds[i];
			if (!ri->qualitative)
				continue;
			P(d, DOC_P_ITEM);
			T(d, DOC_S_STRONG, ind_name(ri->ind));
			T(d, DOC_S_PLAIN, " : ");
			if (ri->t.valeur) {
				cls_buf_reset(B(w));
				clsi_fmt_valeur(&w->b, ri, &clsi_seps_html);
				T_trim(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			} else {
				cls_buf_printf(
				    B(w), "pas de valeur pour %d", r->year);
				T(d, DOC_S_MUTED, cls_buf_str(&w->b));
			}
			E(d);
		}
	}
}

static void fiche(rw *w, const cls_report_fiche *rf, int level)
{
	const cls_report_year *r = w->r;
	const cls_fiche *fi = rf->f;
	const cls_suivi *s = rf->suivi;
	clsi_doc *d = w->d;

	H(d, level);
	T(d, DOC_S_PLAIN, "Fiche ");
	T(d, DOC_S_PLAIN, fi->id);
	T(d, DOC_S_PLAIN, " — ");
	T(d, DOC_S_PLAIN, fi->titre ? fi->titre : "(sans titre)");
	E(d);

	P(d, DOC_P_BODY);
	cls_buf_printf(
	    B(w), "Statut %d : %s", r->year, cls_statut_label(rf->statut));
	T(d, DOC_S_STRONG, cls_buf_str(&w->b));
	if (s && s->has_avancement) {
		T(d, DOC_S_PLAIN, " · Avancement : ");
		clsi_fmt_pct(B(w), s->avancement, &clsi_seps_html);
		T(d, DOC_S_STRONG, cls_buf_str(&w->b));
	}
	if (s && s->has_depenses) {
		cls_buf_printf(B(w), " · Dépenses %d : ", r->year);
		T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		clsi_fmt_money(B(w), s->depenses, &clsi_seps_html);
		T(d, DOC_S_STRONG, cls_buf_str(&w->b));
	}
	E(d);
	if (!rf->runs) {
		P(d, DOC_P_BODY);
		T(d, DOC_S_MUTED, "Calendrier : ");
		cls_buf_printf(B(w),
		    "%d n'est pas dans le calendrier de la fiche (%d-%d)",
		    r->year, fi->first_year, fi->last_year);
		T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		E(d);
	}
	if (fi->porteurs.count) {
		P(d, DOC_P_BODY);
		T(d, DOC_S_MUTED, clsi_porteurs_label(fi));
		T(d, DOC_S_MUTED, " : ");
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			if (i)
				T(d, DOC_S_PLAIN, " ; ");
			T_trim(d, DOC_S_PLAIN, fi->porteurs.items[i]);
		}
		E(d);
	}
	if (fi->referent_count) {
		P(d, DOC_P_BODY);
		T(d, DOC_S_MUTED,
		    fi->referent_count > 1 ? "Référents : " : "Référent : ");
		for (size_t i = 0; i < fi->referent_count; i++) {
			if (i)
				T(d, DOC_S_PLAIN, " ; ");
			cls_buf_reset(B(w));
			clsi_fmt_referent(&w->b, &fi->referents[i]);
			T_trim(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		}
		E(d);
	}
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, "Fichier : ");
	T(d, DOC_S_CODE, fi->file);
	E(d);

	fiche_indicateurs(w, rf);

	if (rf->nfin) {
		cls_buf_printf(B(w), "Financements de la fiche %s pour %d",
		    fi->id, r->year);
		caption(d, cls_buf_str(&w->b));
		static const doc_col cols[] = {{28, false}, {16, true},
		    {18, false}, {12, false}, {26, false}};
		table(d, DOC_T_DATA, cols, 5);
		row(d, DOC_R_HEAD);
		cell(d, DOC_S_PLAIN, "Financeur");
		cell(d, DOC_S_PLAIN, "Montant");
		cell(d, DOC_S_PLAIN, "Période");
		cell(d, DOC_S_PLAIN, "Statut");
		cell(d, DOC_S_PLAIN, "Note");
		row_end(d);
		for (size_t i = 0; i < rf->nfin; i++) {
			const cls_financement *fin = rf->fins[i];
			row(d, DOC_R_BODY);
			cls_buf_reset(&w->c);
			clsi_fmt_financeur(&w->c, fin->ref, fin->financeur);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->c));
			clsi_fmt_fin_montant(B(w), fin, &clsi_seps_html);
			cell(d, fin->has_montant ? DOC_S_PLAIN : DOC_S_MUTED,
			    cls_buf_str(&w->b));
			cls_buf_reset(B(w));
			if (fin->annee)
				cls_buf_printf(&w->b, "%d", fin->annee);
			else
				cls_buf_add(&w->b, "sur la durée du contrat");
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			cell(d, DOC_S_PLAIN, cls_fin_statut_label(fin->statut));
			cell_open(d);
			T_trim(d, DOC_S_PLAIN, fin->note);
			cell_close(d);
			row_end(d);
		}
		table_end(d);
	}
	if (rf->njalons) {
		cls_buf_printf(B(w), "Jalons à la fin de %d", r->year);
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, cls_buf_str(&w->b));
		for (size_t i = 0; i < rf->njalons; i++) {
			const cls_report_jalon *j = &rf->jalons[i];
			P(d, DOC_P_ITEM);
			if (j->date) {
				T(d, DOC_S_PLAIN, j->date);
				T(d, DOC_S_PLAIN, " ");
			}
			T_trim(d, DOC_S_PLAIN, j->libelle);
			T(d, DOC_S_PLAIN, " : ");
			clsi_fmt_jalon_etat(B(w), j);
			T(d,
			    j->etat == CLS_JALON_ATTEINT         ? DOC_S_OK
			        : j->etat == CLS_JALON_EN_RETARD ? DOC_S_KO
			                                         : DOC_S_MUTED,
			    cls_buf_str(&w->b));
			E(d);
		}
	}
	if (s && s->commentaire && *s->commentaire) {
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, "Commentaire");
		P(d, DOC_P_QUOTE);
		T_trim(d, DOC_S_PLAIN, s->commentaire);
		E(d);
	}
	static const char *const titles[]
	    = {"Leviers", "Freins", "Perspectives"};
	for (int k = 0; s && k < 3; k++) {
		const cls_strlist *l = k == 0 ? &s->leviers
		    : k == 1                  ? &s->freins
		                              : &s->perspectives;
		if (!l->count)
			continue;
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, titles[k]);
		for (size_t i = 0; i < l->count; i++) {
			P(d, DOC_P_ITEM);
			T_trim(d, DOC_S_PLAIN, l->items[i]);
			E(d);
		}
	}
}

/* "Axe 1 — titre", "Objectif 1.2 — titre". */
static void section_head(
    clsi_doc *d, int level, const char *label, const char *id, const char *t)
{
	H(d, level);
	T(d, DOC_S_PLAIN, label);
	T(d, DOC_S_PLAIN, " ");
	T(d, DOC_S_PLAIN, id);
	if (t && *t) {
		T(d, DOC_S_PLAIN, " — ");
		T(d, DOC_S_PLAIN, t);
	}
	E(d);
}

/* The validation warnings of r: their count, and a table of them. */
static void warnings_of(clsi_doc *d, const cls_report_year *r, cls_buf *b)
{
	H(d, 2);
	cls_buf_reset(b);
	cls_buf_printf(b, "Avertissements de validation : %zu", r->warnings);
	T(d, DOC_S_PLAIN, cls_buf_str(b));
	E(d);
	if (!r->warnings) {
		para(d, DOC_P_BODY, DOC_S_PLAIN, "Aucun.");
		return;
	}
	caption(d, "Avertissements de validation");
	static const doc_col cols[] = {{30, false}, {52, false}, {18, false}};
	table(d, DOC_T_DATA, cols, 3);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Emplacement");
	cell(d, DOC_S_PLAIN, "Message");
	cell(d, DOC_S_PLAIN, "Règle");
	row_end(d);
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *g = &r->diags[i];
		if (g->severity != CLS_WARNING)
			continue;
		row(d, DOC_R_BODY);
		cls_buf_reset(b);
		cls_buf_add(b, g->loc.file ? g->loc.file : "");
		if (g->loc.line > 0)
			cls_buf_printf(b, ":%d", g->loc.line);
		cell(d, DOC_S_CODE, cls_buf_str(b));
		cell(d, DOC_S_PLAIN, g->message);
		cell(d, DOC_S_CODE, g->rule);
		row_end(d);
	}
	table_end(d);
}

static void manques(rw *w)
{
	const cls_report_year *r = w->r;
	clsi_doc *d = w->d;
	H(d, 1);
	T(d, DOC_S_PLAIN, "Ce qui manque");
	E(d);

	H(d, 2);
	cls_buf_printf(
	    B(w), "Fiches sans suivi pour %d : %zu", r->year, r->nsans_suivi);
	T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	E(d);
	if (!r->nsans_suivi)
		para(d, DOC_P_BODY, DOC_S_PLAIN, "Aucune.");
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *fi = r->sans_suivi[i]->f;
		P(d, DOC_P_ITEM);
		T(d, DOC_S_PLAIN, "Fiche ");
		T(d, DOC_S_PLAIN, fi->id);
		T(d, DOC_S_PLAIN, " — ");
		T(d, DOC_S_PLAIN, fi->titre ? fi->titre : "(sans titre)");
		T(d, DOC_S_PLAIN, " (");
		T(d, DOC_S_CODE, fi->file);
		T(d, DOC_S_PLAIN, ")");
		E(d);
	}

	H(d, 2);
	if (!r->indicateurs)
		cls_buf_printf(
		    B(w), "Indicateurs sans valeur pour %d", r->year);
	else
		cls_buf_printf(B(w), "Indicateurs sans valeur pour %d : %zu",
		    r->year, r->nsans_valeur_list);
	T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
	E(d);
	if (!r->indicateurs) {
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucun indicateur n'est défini.");
	} else if (!r->nsans_valeur_list) {
		para(d, DOC_P_BODY, DOC_S_PLAIN, "Aucun.");
	} else {
		cls_buf_printf(
		    B(w), "Indicateurs sans valeur pour %d", r->year);
		caption(d, cls_buf_str(&w->b));
		static const doc_col cols[]
		    = {{15, false}, {65, false}, {20, true}};
		table(d, DOC_T_DATA, cols, 3);
		row(d, DOC_R_HEAD);
		cell(d, DOC_S_PLAIN, "Fiche");
		cell(d, DOC_S_PLAIN, "Indicateur");
		cell(d, DOC_S_PLAIN, "Cible");
		row_end(d);
		for (size_t i = 0; i < r->nsans_valeur_list; i++) {
			const cls_report_missing *m = &r->sans_valeur_list[i];
			row(d, DOC_R_BODY);
			cell(d, DOC_S_PLAIN, m->rf->f->id);
			cell_open(d);
			T(d, DOC_S_PLAIN, m->ri->ind->libelle);
			T(d, DOC_S_MUTED, " (");
			T(d, DOC_S_MUTED, m->ri->ind->id);
			T(d, DOC_S_MUTED, ")");
			cell_close(d);
			cls_buf_reset(B(w));
			if (m->ri->t.has_cible)
				clsi_fmt_cible(
				    &w->b, &m->ri->t.cible, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, cls_buf_str(&w->b));
			row_end(d);
		}
		table_end(d);
	}

	if (r->jalons[CLS_JALON_EN_RETARD]) {
		H(d, 2);
		cls_buf_printf(B(w), "Jalons en retard à la fin de %d : %zu",
		    r->year, r->jalons[CLS_JALON_EN_RETARD]);
		T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		E(d);
		for (size_t i = 0; i < r->nfiches; i++) {
			const cls_report_fiche *rf = &r->fiches[i];
			for (size_t k = 0; k < rf->njalons; k++) {
				const cls_report_jalon *j = &rf->jalons[k];
				if (j->etat != CLS_JALON_EN_RETARD)
					continue;
				P(d, DOC_P_ITEM);
				cls_buf_printf(B(w), "Fiche %s — ", rf->f->id);
				T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
				T_trim(d, DOC_S_PLAIN, j->libelle);
				T(d, DOC_S_PLAIN, " (prévu ");
				T(d, DOC_S_PLAIN, j->date);
				T(d, DOC_S_PLAIN, ")");
				E(d);
			}
		}
	}

	warnings_of(d, r, &w->b);
}

/* The heading of the fiches that name no known axe. */
static void hors_axe_head(clsi_doc *d)
{
	H(d, 1);
	T(d, DOC_S_PLAIN, "Fiches hors axe");
	E(d);
	P(d, DOC_P_BODY);
	T(d, DOC_S_PLAIN,
	    "Ces fiches ne sont rattachées à aucun axe connu de ");
	T(d, DOC_S_CODE, "cls.yaml");
	T(d, DOC_S_PLAIN, ".");
	E(d);
}

/* The note at the end: who made the document, and where its rules are. */
static void footer(clsi_doc *d, const char *lead)
{
	P(d, DOC_P_NOTE);
	T(d, DOC_S_PLAIN, lead);
	T(d, DOC_S_CODE, "man cls-report");
	T(d, DOC_S_PLAIN, ".");
	E(d);
}

static void review(rw *w)
{
	const cls_report_year *r = w->r;
	const cls_plan *p = r->plan;
	clsi_doc *d = w->d;

	para(d, DOC_P_TITLE, DOC_S_PLAIN,
	    p->nom ? p->nom : "Contrat Local de Santé");
	cls_buf_printf(B(w), "Bilan annuel %d · comité de pilotage", r->year);
	para(d, DOC_P_SUBTITLE, DOC_S_PLAIN, cls_buf_str(&w->b));
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, "Territoire : ");
	T(d, DOC_S_STRONG, p->territoire ? p->territoire : "—");
	E(d);
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, "Période du contrat : ");
	cls_buf_reset(B(w));
	clsi_fmt_periode(&w->b, p);
	T(d, DOC_S_STRONG, cls_buf_str(&w->b));
	E(d);
	if (p->signature) {
		P(d, DOC_P_BODY);
		T(d, DOC_S_MUTED, "Signature : ");
		T(d, DOC_S_STRONG, p->signature);
		E(d);
	}
	for (size_t i = 0; i < p->avenant_count; i++) {
		P(d, DOC_P_BODY);
		T(d, DOC_S_MUTED, "Avenant : ");
		cls_buf_reset(B(w));
		clsi_fmt_avenant(&w->b, &p->avenants[i]);
		T_trim(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		E(d);
	}
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, "Année du bilan : ");
	cls_buf_printf(B(w), "%d", r->year);
	T(d, DOC_S_STRONG, cls_buf_str(&w->b));
	E(d);
	if (r->errors) {
		P(d, DOC_P_ALERT);
		T(d, DOC_S_STRONG, "Attention : ");
		clsi_fmt_invalid(B(w), r);
		T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
		E(d);
	}
	d->toc_at = d->body.len;
	d->has_toc = true;

	synthese(w);
	for (size_t i = 0; i < r->naxes; i++) {
		const cls_report_axe *ra = &r->axes[i];
		section_head(d, 1, "Axe", ra->axe->id, ra->axe->titre);
		if (!ra->total)
			para(d, DOC_P_NOTE, DOC_S_PLAIN,
			    "Aucune fiche action dans cet axe.");
		for (size_t k = 0; k < ra->n; k++)
			fiche(w, ra->fiches[k], 2);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			section_head(
			    d, 2, "Objectif", ro->obj->id, ro->obj->titre);
			if (!ro->n)
				para(d, DOC_P_NOTE, DOC_S_PLAIN,
				    "Aucune fiche action pour cet objectif.");
			for (size_t k = 0; k < ro->n; k++)
				fiche(w, ro->fiches[k], 3);
		}
	}
	if (r->nhors) {
		hors_axe_head(d);
		for (size_t k = 0; k < r->nhors; k++)
			fiche(w, r->hors_axe[k], 2);
	}
	manques(w);
	footer(d,
	    "Bilan établi par cls " CLS_VERSION " à partir des fiches "
	    "actions du contrat. Règles de calcul : ");
}

int clsi_render_report_doc(
    FILE *f, const cls_report_year *r, cls_format fmt, cls_error *err)
{
	clsi_doc d;
	memset(&d, 0, sizeof(d));
	d.ops = fmt == CLS_FORMAT_DOCX ? &clsi_doc_docx : &clsi_doc_odt;
	d.r = r;
	rw w = {.d = &d, .r = r};
	cls_buf title = {0};
	cls_buf_printf(&title, "Bilan annuel %d — %s", r->year,
	    r->plan->nom ? r->plan->nom : "Contrat Local de Santé");
	d.title = cls_buf_str(&title);

	review(&w);
	int rc = doc_close(&d, f, w.b.oom || w.c.oom || title.oom, err);
	cls_buf_release(&w.b);
	cls_buf_release(&w.c);
	cls_buf_release(&title);
	return rc;
}

/* ------------------------------------- the evaluation and the synthesis */

/* The evaluation over years and the synthesis of several contracts, with
 * the sections, tables and charts of their HTML pages
 * (report-span-html.c), in the same document model. */
typedef struct sw {
	clsi_doc *d;
	const cls_report *r;
	const cls_report_span *s; /* the evaluation's contract */
	int from, to;
	size_t nyears;
	cls_buf a, b;
} sw;

static const char *A(sw *w)
{
	return cls_buf_str(&w->a);
}

/* A key figure of the summary: a, and what it means: b. */
static void s_key(sw *w)
{
	key(w->d, cls_buf_str(&w->a), cls_buf_str(&w->b));
}

/* a emptied, for the next text. */
static cls_buf *SA(sw *w)
{
	cls_buf_reset(&w->a);
	return &w->a;
}

/* A paragraph "Label : value", the label muted. */
static void info(clsi_doc *d, const char *label, const char *v)
{
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, label);
	T(d, DOC_S_MUTED, " : ");
	T(d, DOC_S_STRONG, v && *v ? v : "—");
	E(d);
}

static void cell_zu(sw *w, size_t n)
{
	cls_buf_printf(SA(w), "%zu", n);
	cell(w->d, DOC_S_PLAIN, A(w));
}

static void cell_year(sw *w, size_t k)
{
	cls_buf_printf(SA(w), "%d", w->from + (int)k);
	cell(w->d, DOC_S_PLAIN, A(w));
}

/* A table's columns: the first of width `first`, the n others sharing
 * the rest, numbers or not. */
static doc_col *cols_of(sw *w, doc_col *v, size_t n, int first, bool num)
{
	v[0] = (doc_col){first, false};
	for (size_t i = 1; i < n; i++)
		v[i] = (doc_col){(100 - first) / (int)(n - 1), num};
	(void)w;
	return v;
}

static void span_stacked(sw *w, const char *title, const char *const *labels,
    const size_t (*counts)[CLS_STATUT_COUNT], size_t n)
{
	clsi_chart c = {0};
	bool drawn = clsi_chart_stacked(
	    &c, title, labels, counts, n, (int)w->d->npics + 1, true);
	picture(w->d, &c, drawn, true);
}

static void span_pairs(sw *w, const char *title, const clsi_pair *v, size_t n)
{
	clsi_chart c = {0};
	bool drawn = clsi_chart_pairs(
	    &c, title, "prévu", "dépensé", v, n, (int)w->d->npics + 1, true);
	picture(w->d, &c, drawn, true);
}

/* The fiches by statut year by year: the chart, then the table. */
static void s_statut_years(sw *w, const cls_report_figures *annees)
{
	clsi_doc *d = w->d;
	const char *labels[64] = {0};
	size_t counts[64][CLS_STATUT_COUNT];
	char years[64][16];
	size_t n = w->nyears < 64 ? w->nyears : 64;
	for (size_t k = 0; k < n; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		labels[k] = years[k];
		memcpy(counts[k], annees[k].par_statut, sizeof(counts[k]));
	}
	span_stacked(w, "Statut des fiches actions, année par année", labels,
	    (const size_t(*)[CLS_STATUT_COUNT])counts, n);
	doc_col cols[65];
	cols_of(w, cols, n + 1, 30, true);
	caption(d, "Fiches actions par statut, année par année");
	table(d, DOC_T_DATA, cols, n + 1);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Statut");
	for (size_t k = 0; k < n; k++)
		cell_year(w, k);
	row_end(d);
	for (int i = 0; i <= CLS_STATUT_COUNT; i++) {
		row(d, i == CLS_STATUT_COUNT ? DOC_R_TOTAL : DOC_R_BODY);
		cls_statut s = i < CLS_STATUT_COUNT ? clsi_statut_order[i] : 0;
		cell(d, DOC_S_PLAIN,
		    i < CLS_STATUT_COUNT ? cls_statut_label(s) : "Total");
		for (size_t k = 0; k < n; k++)
			cell_zu(w,
			    i < CLS_STATUT_COUNT ? annees[k].par_statut[s]
			                         : annees[k].fiches);
		row_end(d);
	}
	table_end(d);
}

/* The fiches by statut at the end, and how they moved. */
static void s_statut_end(sw *w, const size_t *par_statut, size_t total,
    const cls_report_moves *m, const char *cap)
{
	clsi_doc *d = w->d;
	static const doc_col cols[] = {{70, false}, {30, true}};
	caption(d, cap);
	table(d, DOC_T_DATA, cols, 2);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Statut");
	cell(d, DOC_S_PLAIN, "Fiches");
	row_end(d);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		row(d, DOC_R_BODY);
		cell(d, DOC_S_PLAIN, cls_statut_label(s));
		cell_zu(w, par_statut[s]);
		row_end(d);
	}
	row(d, DOC_R_TOTAL);
	cell(d, DOC_S_PLAIN, "Total");
	cell_zu(w, total);
	row_end(d);
	table_end(d);
	if (!m)
		return;
	const char *lab[]
	    = {"démarrées", "réalisées", "abandonnées", "reportées"};
	size_t v[] = {m->demarrees, m->realisees, m->abandonnees, m->reportees};
	caption(d, "Mouvements pendant la période");
	table(d, DOC_T_PAIRS, cols, 2);
	for (int i = 0; i < 4; i++) {
		row(d, DOC_R_BODY);
		cell(d, DOC_S_PLAIN, lab[i]);
		cell_zu(w, v[i]);
		row_end(d);
	}
	table_end(d);
}

static void s_ind_row(
    sw *w, const char *label, const cls_report_figures *g, doc_row kind)
{
	clsi_doc *d = w->d;
	row(d, kind);
	cell(d, DOC_S_PLAIN, label);
	cell_zu(w, g->avec_cible);
	cell_zu(w, g->evalues);
	cell_zu(w, g->atteints);
	cell_zu(w, g->sans_valeur);
	SA(w);
	if (g->has_part)
		clsi_fmt_pct(&w->a, g->part, &clsi_seps_html);
	cell(d, DOC_S_PLAIN, A(w));
	row_end(d);
}

static void s_indicateurs(
    sw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	clsi_doc *d = w->d;
	static const doc_col cols[] = {{20, false}, {16, true}, {16, true},
	    {16, true}, {16, true}, {16, true}};
	caption(d, "Indicateurs chiffrés ayant une cible, par année");
	table(d, DOC_T_DATA, cols, 6);
	row(d, DOC_R_HEAD);
	static const char *const head[] = {"Année", "Avec cible", "Évalués",
	    "Atteints", "Sans valeur", "Part atteinte"};
	for (int i = 0; i < 6; i++)
		cell(d, DOC_S_PLAIN, head[i]);
	row_end(d);
	char y[24];
	for (size_t k = 0; k < w->nyears; k++) {
		snprintf(y, sizeof(y), "%d", w->from + (int)k);
		s_ind_row(w, y, &annees[k], DOC_R_BODY);
	}
	if (w->nyears > 1) {
		snprintf(y, sizeof(y), "%d-%d", w->from, w->to);
		s_ind_row(w, y, periode, DOC_R_TOTAL);
	}
	table_end(d);
}

/* The money planned and spent year by year: the chart, the table. */
static void s_money_years(
    sw *w, const cls_report_figures *annees, const cls_report_figures *periode)
{
	clsi_doc *d = w->d;
	clsi_pair v[64];
	char years[64][16];
	size_t n = w->nyears < 64 ? w->nyears : 64;
	for (size_t k = 0; k < n; k++) {
		snprintf(years[k], sizeof(years[k]), "%d", w->from + (int)k);
		v[k] = (clsi_pair){years[k], annees[k].prevu_known > 0,
		    annees[k].depenses_n > 0, annees[k].prevu,
		    annees[k].depenses};
	}
	span_pairs(
	    w, "Financements prévus et dépenses réalisées, par année", v, n);
	static const doc_col cols[]
	    = {{25, false}, {25, true}, {25, true}, {25, true}};
	caption(d, "Financements prévus et dépenses réalisées, par année");
	table(d, DOC_T_DATA, cols, 4);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Année");
	cell(d, DOC_S_PLAIN, "Prévu");
	cell(d, DOC_S_PLAIN, "Dépensé");
	cell(d, DOC_S_PLAIN, "Suivis avec dépenses");
	row_end(d);
	for (size_t k = 0; k <= w->nyears; k++) {
		const cls_report_figures *g
		    = k < w->nyears ? &annees[k] : periode;
		if (k == w->nyears && w->nyears == 1)
			break;
		row(d, k < w->nyears ? DOC_R_BODY : DOC_R_TOTAL);
		if (k < w->nyears)
			cls_buf_printf(SA(w), "%d", w->from + (int)k);
		else
			cls_buf_printf(SA(w), "%d-%d", w->from, w->to);
		cell(d, DOC_S_PLAIN, A(w));
		clsi_fmt_prevu(SA(w), g, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
		SA(w);
		if (g->depenses_n)
			clsi_fmt_money(&w->a, g->depenses, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
		cell_zu(w, g->depenses_n);
		row_end(d);
	}
	table_end(d);
}

/* The money planned by financeur and year (and, for the synthesis, the
 * number of contracts). */
static void s_funders(sw *w, const cls_report_funder *v, size_t n,
    const cls_report_figures *annees, const cls_report_figures *periode,
    double duree, size_t dk, size_t du, bool count)
{
	clsi_doc *d = w->d;
	size_t ny = w->nyears < 60 ? w->nyears : 60;
	size_t nc = 1 + ny + (w->nyears > 1) + 1 + count;
	doc_col cols[64];
	cols_of(w, cols, nc, 24, true);
	caption(d, "Financements prévus par financeur et par année");
	table(d, DOC_T_DATA, cols, nc);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Financeur");
	for (size_t k = 0; k < ny; k++)
		cell_year(w, k);
	if (w->nyears > 1) {
		cls_buf_printf(SA(w), "Total %d-%d", w->from, w->to);
		cell(d, DOC_S_PLAIN, A(w));
	}
	cell(d, DOC_S_PLAIN, "Durée du contrat");
	if (count)
		cell(d, DOC_S_PLAIN, "Contrats");
	row_end(d);
	for (size_t i = 0; i < n; i++) {
		const cls_report_funder *u = &v[i];
		if (!u->periode.known && !u->periode.unknown && !u->duree.known
		    && !u->duree.unknown)
			continue;
		row(d, DOC_R_BODY);
		cell(d, DOC_S_PLAIN, u->financeur);
		for (size_t k = 0; k < ny; k++) {
			clsi_fmt_money_of(
			    SA(w), &u->annees[k], &clsi_seps_html);
			cell(d, u->annees[k].known ? DOC_S_PLAIN : DOC_S_MUTED,
			    A(w));
		}
		if (w->nyears > 1) {
			clsi_fmt_money_of(SA(w), &u->periode, &clsi_seps_html);
			cell(d, u->periode.known ? DOC_S_PLAIN : DOC_S_MUTED,
			    A(w));
		}
		clsi_fmt_money_of(SA(w), &u->duree, &clsi_seps_html);
		cell(d, u->duree.known ? DOC_S_PLAIN : DOC_S_MUTED, A(w));
		if (count)
			cell_zu(w, u->contrats);
		row_end(d);
	}
	row(d, DOC_R_TOTAL);
	cell(d, DOC_S_PLAIN, "Total");
	for (size_t k = 0; k <= ny; k++) {
		if (k == ny && w->nyears == 1)
			break;
		clsi_fmt_prevu(
		    SA(w), k < ny ? &annees[k] : periode, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
	}
	clsi_fmt_total(SA(w), duree, dk, du, &clsi_seps_html);
	cell(d, DOC_S_PLAIN, A(w));
	if (count)
		cell(d, DOC_S_MUTED, "");
	row_end(d);
	table_end(d);
	if (periode->prevu_unknown || du) {
		cls_buf_printf(SA(w),
		    "Montant non précisé pour %zu financement%s : les totaux "
		    "ne les comptent pas.",
		    periode->prevu_unknown + du,
		    periode->prevu_unknown + du > 1 ? "s" : "");
		para(d, DOC_P_NOTE, DOC_S_PLAIN, A(w));
	}
}

/* The fiches of an axe or objectif by statut, year by year. */
static void s_tally(sw *w, size_t axe, size_t obj, bool is_obj, const char *id)
{
	clsi_doc *d = w->d;
	static const doc_col cols[] = {{15, false}, {60, false}, {25, true}};
	cls_buf_printf(
	    SA(w), "%s %s, année par année", is_obj ? "Objectif" : "Axe", id);
	caption(d, A(w));
	table(d, DOC_T_DATA, cols, 3);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Année");
	cell(d, DOC_S_PLAIN, "Fiches par statut");
	cell(d, DOC_S_PLAIN, "Avancement moyen");
	row_end(d);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_axe *ra = &w->s->years[k].axes[axe];
		const cls_report_tally *t
		    = is_obj ? &ra->objs[obj].tally : &ra->tally;
		row(d, DOC_R_BODY);
		cell_year(w, k);
		clsi_fmt_statuts(SA(w), t->par_statut);
		cell(d, DOC_S_PLAIN, A(w));
		SA(w);
		if (t->avec_avancement) {
			clsi_fmt_pct(&w->a, t->avancement, &clsi_seps_html);
			cls_buf_printf(&w->a, " (%zu)", t->avec_avancement);
		}
		cell(d, DOC_S_PLAIN, A(w));
		row_end(d);
	}
	table_end(d);
}

static void s_indicateur(sw *w, const cls_report_trajectory *tr, size_t i)
{
	clsi_doc *d = w->d;
	const cls_report_span *s = w->s;
	const cls_indicateur *ind = s->years[0].fiches[tr->index].inds[i].ind;
	P(d, DOC_P_SUBHEAD);
	T(d, DOC_S_PLAIN, ind_name(ind));
	if (ind->unite && *ind->unite) {
		T(d, DOC_S_MUTED, " (");
		T(d, DOC_S_MUTED, ind->unite);
		T(d, DOC_S_MUTED, ")");
	}
	if (ind->sens == CLS_BAISSE)
		T(d, DOC_S_MUTED, " (à la baisse)");
	E(d);
	if (cls_indicateur_qualitative(ind)) {
		for (size_t k = 0; k < s->nyears; k++) {
			const cls_report_ind *ri
			    = &s->years[k].fiches[tr->index].inds[i];
			P(d, DOC_P_ITEM);
			cls_buf_printf(SA(w), "%d", s->years[k].year);
			T(d, DOC_S_STRONG, A(w));
			T(d, DOC_S_PLAIN, " : ");
			if (ri->t.valeur && ri->t.valeur->text)
				T_trim(d, DOC_S_PLAIN, ri->t.valeur->text);
			else
				T(d, DOC_S_MUTED, "—");
			E(d);
		}
		return;
	}
	bool cumul = ind->has_cible_totale;
	static const doc_col c4[]
	    = {{16, false}, {28, true}, {28, true}, {28, false}};
	static const doc_col c6[] = {{12, false}, {18, true}, {18, true},
	    {20, false}, {16, true}, {16, true}};
	cls_buf_printf(
	    SA(w), "Fiche %s, %s, année par année", tr->f->id, ind->id);
	if (cumul) {
		cls_buf_reset(&w->b);
		clsi_fmt_num(&w->b, ind->cible_totale, &clsi_seps_html);
		cls_buf_printf(&w->a, " (cible totale %s)", cls_buf_str(&w->b));
	}
	caption(d, A(w));
	table(d, DOC_T_DATA, cumul ? c6 : c4, cumul ? 6 : 4);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Année");
	cell(d, DOC_S_PLAIN, "Cible");
	cell(d, DOC_S_PLAIN, "Valeur");
	cell(d, DOC_S_PLAIN, "Réalisation");
	if (cumul) {
		cell(d, DOC_S_PLAIN, "Cumul");
		cell(d, DOC_S_PLAIN, "/ cible totale");
	}
	row_end(d);
	for (size_t k = 0; k < s->nyears; k++) {
		const cls_report_ind *ri
		    = &s->years[k].fiches[tr->index].inds[i];
		row(d, DOC_R_BODY);
		cls_buf_printf(SA(w), "%d", s->years[k].year);
		cell(d, DOC_S_PLAIN, A(w));
		SA(w);
		if (ri->t.has_cible)
			clsi_fmt_cible(&w->a, &ri->t.cible, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
		clsi_fmt_valeur(SA(w), ri, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, ri->t.valeur ? A(w) : "");
		clsi_fmt_result(SA(w), ri, &clsi_seps_html);
		cell(d,
		    ri->t.atteint == 1       ? DOC_S_OK
		        : ri->t.atteint == 0 ? DOC_S_KO
		                             : DOC_S_MUTED,
		    A(w));
		if (cumul) {
			clsi_fmt_num(SA(w), ri->t.cumul, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, A(w));
			SA(w);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &w->a, ri->t.taux_cumul, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, A(w));
		}
		row_end(d);
	}
	table_end(d);
	clsi_chart c = {0};
	bool drawn = clsi_chart_series(&c, s, tr, i, (int)d->npics + 1, true);
	picture(d, &c, drawn, true);
}

/* The commentaire of each year, then its leviers, freins and
 * perspectives. */
static void s_commentaires(sw *w, const cls_report_trajectory *tr)
{
	clsi_doc *d = w->d;
	bool any = false;
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_suivi *s = w->s->years[k].fiches[tr->index].suivi;
		if (!clsi_suivi_has_words(s))
			continue;
		if (!any)
			para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, "Commentaires");
		any = true;
		bool lead = true;
		cls_buf_printf(SA(w), "%d · ", w->from + (int)k);
		if (s->commentaire && *s->commentaire) {
			P(d, DOC_P_QUOTE);
			T(d, DOC_S_STRONG, A(w));
			T_trim(d, DOC_S_PLAIN, s->commentaire);
			E(d);
			lead = false;
		}
		for (int n = 0; n < CLSI_SUIVI_LISTS; n++) {
			const cls_strlist *l = clsi_suivi_list(s, n);
			if (!l->count)
				continue;
			P(d, DOC_P_BODY);
			if (lead)
				T(d, DOC_S_STRONG, A(w));
			T(d, DOC_S_PLAIN, clsi_suivi_list_title[n]);
			T(d, DOC_S_PLAIN, " :");
			E(d);
			lead = false;
			for (size_t i = 0; i < l->count; i++)
				para(d, DOC_P_ITEM, DOC_S_PLAIN, l->items[i]);
		}
	}
}

static void s_fiche(sw *w, const cls_report_fiche *rf0, int level)
{
	const cls_report_trajectory *tr
	    = &w->s->fiches[rf0 - w->s->years[0].fiches];
	const cls_fiche *fi = tr->f;
	clsi_doc *d = w->d;

	H(d, level);
	T(d, DOC_S_PLAIN, "Fiche ");
	T(d, DOC_S_PLAIN, fi->id);
	T(d, DOC_S_PLAIN, " — ");
	T(d, DOC_S_PLAIN, fi->titre ? fi->titre : "(sans titre)");
	E(d);
	P(d, DOC_P_BODY);
	cls_buf_printf(
	    SA(w), "Statut final : %s", cls_statut_label(tr->statut_fin));
	if (tr->annee_fin)
		cls_buf_printf(&w->a, " (%d)", tr->annee_fin);
	T(d, DOC_S_STRONG, A(w));
	clsi_fmt_parcours(SA(w), tr);
	if (w->a.len) {
		T(d, DOC_S_PLAIN, " · ");
		T(d, DOC_S_PLAIN, A(w));
	}
	E(d);
	if (fi->first_year) {
		cls_buf_printf(SA(w), "%d-%d", fi->first_year, fi->last_year);
		info(d, "Calendrier", A(w));
	}
	for (size_t i = 0; i < fi->porteurs.count; i++)
		info(d, fi->porteurs.count > 1 ? "Porteurs" : "Porteur",
		    fi->porteurs.items[i]);
	P(d, DOC_P_BODY);
	T(d, DOC_S_MUTED, "Fichier : ");
	T(d, DOC_S_CODE, fi->file);
	E(d);

	static const doc_col cols[]
	    = {{15, false}, {40, false}, {20, true}, {25, true}};
	cls_buf_printf(SA(w), "Fiche %s, année par année", fi->id);
	caption(d, A(w));
	table(d, DOC_T_DATA, cols, 4);
	row(d, DOC_R_HEAD);
	cell(d, DOC_S_PLAIN, "Année");
	cell(d, DOC_S_PLAIN, "Statut");
	cell(d, DOC_S_PLAIN, "Avancement");
	cell(d, DOC_S_PLAIN, "Dépenses");
	row_end(d);
	for (size_t k = 0; k < w->nyears; k++) {
		const cls_report_fiche *rf = &w->s->years[k].fiches[tr->index];
		const cls_suivi *s = rf->suivi;
		row(d, DOC_R_BODY);
		cell_year(w, k);
		cls_buf_add(SA(w), cls_statut_label(rf->statut));
		if (!rf->runs)
			cls_buf_add(&w->a, " (hors calendrier)");
		cell(d, DOC_S_PLAIN, A(w));
		SA(w);
		if (s && s->has_avancement)
			clsi_fmt_pct(&w->a, s->avancement, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
		SA(w);
		if (s && s->has_depenses)
			clsi_fmt_money(&w->a, s->depenses, &clsi_seps_html);
		cell(d, DOC_S_PLAIN, A(w));
		row_end(d);
	}
	table_end(d);

	if (!rf0->nind)
		para(d, DOC_P_NOTE, DOC_S_PLAIN, "Indicateurs : aucun.");
	else
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, "Indicateurs");
	for (size_t i = 0; i < rf0->nind; i++)
		s_indicateur(w, tr, i);
	if (tr->njalons)
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, "Jalons");
	for (size_t i = 0; i < tr->njalons; i++) {
		const cls_report_jalon *j = &tr->jalons[i];
		P(d, DOC_P_ITEM);
		T(d, DOC_S_PLAIN, j->libelle ? j->libelle : "(sans libellé)");
		if (j->date) {
			T(d, DOC_S_MUTED, " (prévu ");
			T(d, DOC_S_MUTED, j->date);
			T(d, DOC_S_MUTED, ")");
		}
		T(d, DOC_S_PLAIN, " : ");
		SA(w);
		if (j->etat == CLS_JALON_ATTEINT)
			cls_buf_printf(&w->a, "atteint en %d", j->atteint_en);
		else
			cls_buf_add(&w->a, clsi_jalon_label(j->etat));
		T(d,
		    j->etat == CLS_JALON_ATTEINT         ? DOC_S_OK
		        : j->etat == CLS_JALON_EN_RETARD ? DOC_S_KO
		                                         : DOC_S_MUTED,
		    A(w));
		E(d);
	}
	if (tr->nfin) {
		static const doc_col fc[] = {{28, false}, {16, true},
		    {18, false}, {14, false}, {24, false}};
		cls_buf_printf(SA(w), "Financements de la fiche %s, %d-%d",
		    fi->id, w->from, w->to);
		caption(d, A(w));
		table(d, DOC_T_DATA, fc, 5);
		row(d, DOC_R_HEAD);
		static const char *const head[]
		    = {"Financeur", "Montant", "Année", "Statut", "Note"};
		for (int i = 0; i < 5; i++)
			cell(d, DOC_S_PLAIN, head[i]);
		row_end(d);
		for (size_t i = 0; i < tr->nfin; i++) {
			const cls_financement *fin = tr->fins[i];
			row(d, DOC_R_BODY);
			cell(d, DOC_S_PLAIN, fin->financeur);
			clsi_fmt_fin_montant(SA(w), fin, &clsi_seps_html);
			cell(d, fin->has_montant ? DOC_S_PLAIN : DOC_S_MUTED,
			    A(w));
			SA(w);
			if (fin->annee)
				cls_buf_printf(&w->a, "%d", fin->annee);
			else
				cls_buf_add(&w->a, "sur la durée du contrat");
			cell(d, DOC_S_PLAIN, A(w));
			cell(d, DOC_S_PLAIN, cls_fin_statut_label(fin->statut));
			cell(d, DOC_S_PLAIN, fin->note);
			row_end(d);
		}
		table_end(d);
	}
	s_commentaires(w, tr);
}

static void s_manques(sw *w)
{
	clsi_doc *d = w->d;
	const cls_report_contract *k = cls_report_contract_of(w->r, 0);
	const cls_report_year *y0 = &w->s->years[0];
	H(d, 1);
	T(d, DOC_S_PLAIN, "Ce qui manque");
	E(d);
	H(d, 2);
	cls_buf_printf(SA(w),
	    "Fiches sans suivi une année de leur calendrier : %zu",
	    k->nsans_suivi);
	T(d, DOC_S_PLAIN, A(w));
	E(d);
	if (!k->nsans_suivi)
		para(d, DOC_P_BODY, DOC_S_PLAIN, "Aucune.");
	for (size_t i = 0; i < k->nsans_suivi; i++) {
		const cls_report_absent *ab = &k->sans_suivi[i];
		P(d, DOC_P_ITEM);
		T(d, DOC_S_PLAIN, "Fiche ");
		T(d, DOC_S_PLAIN, ab->id);
		T(d, DOC_S_PLAIN, " — ");
		T(d, DOC_S_PLAIN, ab->titre ? ab->titre : "(sans titre)");
		T(d, DOC_S_PLAIN, " (");
		T(d, DOC_S_CODE, ab->fichier);
		T(d, DOC_S_PLAIN, ") : ");
		SA(w);
		for (size_t y = 0; y < ab->nannees; y++)
			cls_buf_printf(
			    &w->a, "%s%d", y ? ", " : "", ab->annees[y]);
		T(d, DOC_S_PLAIN, A(w));
		E(d);
	}
	size_t total = 0;
	for (size_t y = 0; y < w->nyears; y++)
		total += k->annees[y].sans_valeur_n;
	H(d, 2);
	cls_buf_printf(
	    SA(w), "Valeurs manquantes des indicateurs : %zu", total);
	T(d, DOC_S_PLAIN, A(w));
	E(d);
	if (!total) {
		para(d, DOC_P_BODY, DOC_S_PLAIN, "Aucune.");
	} else {
		static const doc_col cols[]
		    = {{15, false}, {50, false}, {35, false}};
		caption(d, "Valeurs manquantes des indicateurs");
		table(d, DOC_T_DATA, cols, 3);
		row(d, DOC_R_HEAD);
		cell(d, DOC_S_PLAIN, "Fiche");
		cell(d, DOC_S_PLAIN, "Indicateur");
		cell(d, DOC_S_PLAIN, "Années sans valeur");
		row_end(d);
		for (size_t i = 0; i < w->s->ngaps; i++) {
			const cls_report_gap *g = &w->s->gaps[i];
			const cls_indicateur *ind
			    = y0->fiches[g->t->index].inds[g->ind].ind;
			row(d, DOC_R_BODY);
			cell(d, DOC_S_PLAIN, g->t->f->id);
			cls_buf_printf(SA(w), "%s (%s)",
			    ind->libelle ? ind->libelle : "", ind->id);
			cell(d, DOC_S_PLAIN, A(w));
			clsi_fmt_gap(SA(w), w->s, g, &clsi_seps_html);
			cell(d, DOC_S_PLAIN, A(w));
			row_end(d);
		}
		table_end(d);
	}
	warnings_of(d, y0, &w->a);
}

static void evaluation(sw *w)
{
	clsi_doc *d = w->d;
	const cls_report_year *y0 = &w->s->years[0];
	const cls_plan *p = y0->plan;
	const cls_report_contract *k = cls_report_contract_of(w->r, 0);

	para(d, DOC_P_TITLE, DOC_S_PLAIN,
	    p->nom ? p->nom : "Contrat Local de Santé");
	cls_buf_printf(SA(w),
	    "Évaluation %d-%d · %zu année%s sur les %d du contrat", w->from,
	    w->to, w->nyears, w->nyears > 1 ? "s" : "", p->fin - p->debut + 1);
	para(d, DOC_P_SUBTITLE, DOC_S_PLAIN, A(w));
	info(d, "Territoire", p->territoire);
	cls_buf_printf(SA(w), "%d-%d", p->debut, p->fin);
	info(d, "Période du contrat", A(w));
	cls_buf_printf(SA(w), "%d-%d", w->from, w->to);
	info(d, "Années évaluées", A(w));
	if (y0->errors) {
		P(d, DOC_P_ALERT);
		T(d, DOC_S_STRONG, "Attention : ");
		clsi_fmt_span_invalid(SA(w), y0->errors, false);
		T(d, DOC_S_PLAIN, A(w));
		E(d);
	}
	d->toc_at = d->body.len;
	d->has_toc = true;

	H(d, 1);
	T(d, DOC_S_PLAIN, "Synthèse");
	E(d);
	static const doc_col kc[]
	    = {{25, false}, {25, false}, {25, false}, {25, false}};
	table(d, DOC_T_KEYS, kc, 4);
	row(d, DOC_R_BODY);
	cls_buf_printf(SA(w), "%zu", k->periode.fiches);
	cls_buf_reset(&w->b);
	cls_buf_add(&w->b, "fiches actions en fin de période : ");
	clsi_fmt_statuts(&w->b, k->periode.par_statut);
	s_key(w);
	SA(w);
	cls_buf_reset(&w->b);
	if (k->periode.has_part) {
		clsi_fmt_pct(&w->a, k->periode.part, &clsi_seps_html);
		cls_buf_printf(&w->b,
		    "des indicateurs chiffrés évalués atteignent leur cible "
		    "de %d à %d (%zu sur %zu)",
		    w->from, w->to, k->periode.atteints, k->periode.evalues);
	} else {
		cls_buf_add(&w->a, "—");
		cls_buf_add(&w->b, "aucun indicateur chiffré évalué");
	}
	s_key(w);
	clsi_fmt_prevu(SA(w), &k->periode, &clsi_seps_html);
	cls_buf_reset(&w->b);
	cls_buf_printf(
	    &w->b, "de financements prévus de %d à %d", w->from, w->to);
	s_key(w);
	SA(w);
	cls_buf_reset(&w->b);
	if (k->periode.depenses_n) {
		clsi_fmt_money(&w->a, k->periode.depenses, &clsi_seps_html);
		cls_buf_printf(&w->b, "dépensés de %d à %d (%zu suivis)",
		    w->from, w->to, k->periode.depenses_n);
	} else {
		cls_buf_add(&w->a, "—");
		cls_buf_add(&w->b, "dépenses non renseignées dans le suivi");
	}
	s_key(w);
	row_end(d);
	table_end(d);

	H(d, 2);
	T(d, DOC_S_PLAIN, "Statut des fiches actions");
	E(d);
	s_statut_end(w, k->periode.par_statut, k->periode.fiches, &k->moves,
	    "Fiches actions par statut en fin de période");
	cls_buf_printf(SA(w),
	    "Le statut de chaque fiche est celui de son dernier suivi de %d "
	    "à %d.",
	    w->from, w->to);
	para(d, DOC_P_NOTE, DOC_S_PLAIN, A(w));
	s_statut_years(w, k->annees);
	H(d, 2);
	T(d, DOC_S_PLAIN, "Indicateurs");
	E(d);
	s_indicateurs(w, k->annees, &k->periode);
	H(d, 2);
	T(d, DOC_S_PLAIN, "Financements et dépenses");
	E(d);
	s_money_years(w, k->annees, &k->periode);
	if (k->nfinanceurs)
		s_funders(w, k->financeurs, k->nfinanceurs, k->annees,
		    &k->periode, k->total_duree, k->duree_known,
		    k->duree_unknown, false);
	else
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucun financement n'est inscrit dans les fiches.");

	for (size_t i = 0; i < y0->naxes; i++) {
		const cls_report_axe *ra = &y0->axes[i];
		section_head(d, 1, "Axe", ra->axe->id, ra->axe->titre);
		if (!ra->total)
			para(d, DOC_P_NOTE, DOC_S_PLAIN,
			    "Aucune fiche action dans cet axe.");
		else
			s_tally(w, i, 0, false, ra->axe->id);
		for (size_t n = 0; n < ra->n; n++)
			s_fiche(w, ra->fiches[n], 2);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			section_head(
			    d, 2, "Objectif", ro->obj->id, ro->obj->titre);
			if (!ro->n)
				para(d, DOC_P_NOTE, DOC_S_PLAIN,
				    "Aucune fiche action pour cet objectif.");
			else
				s_tally(w, i, o, true, ro->obj->id);
			for (size_t n = 0; n < ro->n; n++)
				s_fiche(w, ro->fiches[n], 3);
		}
	}
	if (y0->nhors) {
		hors_axe_head(d);
		for (size_t n = 0; n < y0->nhors; n++)
			s_fiche(w, y0->hors_axe[n], 2);
	}
	s_manques(w);
	footer(d,
	    "Évaluation établie par cls " CLS_VERSION
	    " à partir des fiches actions. Règles de calcul : ");
}

/* The synthesis: the contracts' row a fact ("hors période", with errors,
 * without any suivi for a year), and the folders it holds. */
static void s_dossiers(sw *w, const char *label,
    bool (*keep)(const cls_report_contract *, size_t), size_t y)
{
	clsi_doc *d = w->d;
	size_t n = 0, nc = cls_report_contracts(w->r);
	for (size_t i = 0; i < nc; i++)
		n += keep(cls_report_contract_of(w->r, i), y);
	row(d, DOC_R_BODY);
	cell(d, DOC_S_PLAIN, label);
	cell_zu(w, n);
	SA(w);
	for (size_t i = 0, m = 0; i < nc; i++) {
		const cls_report_contract *k = cls_report_contract_of(w->r, i);
		if (keep(k, y))
			cls_buf_printf(
			    &w->a, "%s%s", m++ ? ", " : "", k->dossier);
	}
	cell(d, DOC_S_PLAIN, A(w));
	row_end(d);
}

/* The contracts compared: fiches by statut, money planned and spent. */
static void s_region_charts(sw *w)
{
	clsi_chart a = {0}, b = {0};
	bool bd;
	bool ad = clsi_chart_contracts(
	    &a, &b, w->r, (int)w->d->npics + 1, true, &bd);
	picture(w->d, &a, ad, true);
	picture(w->d, &b, bd, true);
}

/* One figure of a contract's year or span in a row: "Cible atteinte",
 * "Prévu", "Dépensé", "Sans suivi". */
static void s_figures_cells(sw *w, const cls_report_figures *g)
{
	clsi_doc *d = w->d;
	SA(w);
	if (g->has_part)
		clsi_fmt_pct(&w->a, g->part, &clsi_seps_html);
	cell(d, DOC_S_PLAIN, A(w));
	clsi_fmt_prevu(SA(w), g, &clsi_seps_html);
	cell(d, DOC_S_PLAIN, A(w));
	SA(w);
	if (g->depenses_n)
		clsi_fmt_money(&w->a, g->depenses, &clsi_seps_html);
	cell(d, DOC_S_PLAIN, A(w));
	cell_zu(w, g->sans_suivi);
}

static void s_region_table(sw *w)
{
	clsi_doc *d = w->d;
	static const doc_col cols[] = {{14, false}, {22, false}, {11, false},
	    {8, true}, {10, true}, {13, true}, {12, true}, {10, true}};
	caption(d, "Les contrats");
	table(d, DOC_T_DATA, cols, 8);
	row(d, DOC_R_HEAD);
	static const char *const head[] = {"Contrat", "Territoire", "Période",
	    "Fiches", "Cible atteinte", "Prévu", "Dépensé", "Sans suivi"};
	for (int i = 0; i < 8; i++)
		cell(d, DOC_S_PLAIN, head[i]);
	row_end(d);
	for (size_t i = 0; i < cls_report_contracts(w->r); i++) {
		const cls_report_contract *k = cls_report_contract_of(w->r, i);
		row(d, DOC_R_BODY);
		cls_buf_add(SA(w), k->dossier);
		if (k->erreurs)
			cls_buf_printf(&w->a, " (%zu erreur%s)", k->erreurs,
			    k->erreurs > 1 ? "s" : "");
		cell(d, k->erreurs ? DOC_S_KO : DOC_S_PLAIN, A(w));
		cell(d, DOC_S_PLAIN, k->territoire);
		SA(w);
		if (k->debut && k->fin)
			cls_buf_printf(&w->a, "%d-%d", k->debut, k->fin);
		else
			cls_buf_add(&w->a, "inconnue");
		cell(d, DOC_S_PLAIN, A(w));
		if (!k->couvert) {
			for (int c = 0; c < 5; c++)
				cell(d, DOC_S_MUTED, c ? "" : "hors période");
			row_end(d);
			continue;
		}
		cell_zu(w, k->periode.fiches);
		s_figures_cells(w, &k->periode);
		row_end(d);
	}
	table_end(d);
	if (w->nyears > 1)
		cls_buf_printf(SA(w),
		    "Cible atteinte : les indicateurs des années %d à %d "
		    "ensemble. Sans suivi : les fiches sans suivi au moins une "
		    "année de leur calendrier.",
		    w->from, w->to);
	else
		cls_buf_printf(SA(w),
		    "Sans suivi : les fiches sans suivi pour %d dans leur "
		    "calendrier.",
		    w->from);
	para(d, DOC_P_NOTE, DOC_S_PLAIN, A(w));
}

static void s_region_contract(sw *w, size_t i)
{
	clsi_doc *d = w->d;
	const cls_report_contract *k = cls_report_contract_of(w->r, i);
	H(d, 2);
	T(d, DOC_S_PLAIN, k->dossier);
	T(d, DOC_S_PLAIN, " — ");
	T(d, DOC_S_PLAIN, k->nom ? k->nom : "Contrat Local de Santé");
	E(d);
	info(d, "Territoire", k->territoire);
	SA(w);
	if (k->debut && k->fin)
		cls_buf_printf(&w->a, "%d-%d", k->debut, k->fin);
	else
		cls_buf_add(&w->a, "inconnue");
	info(d, "Période", A(w));
	if (k->erreurs) {
		cls_buf_printf(SA(w),
		    "%zu erreur%s : ses chiffres peuvent être faux", k->erreurs,
		    k->erreurs > 1 ? "s" : "");
		P(d, DOC_P_ALERT);
		T(d, DOC_S_STRONG, "Validation : ");
		T(d, DOC_S_PLAIN, A(w));
		E(d);
	}
	if (!k->couvert) {
		clsi_fmt_span(SA(w), w->from, w->to);
		cls_buf_reset(&w->b);
		cls_buf_printf(&w->b,
		    "hors période : ne compte dans aucun chiffre de %s", A(w));
		info(d, "Synthèse", cls_buf_str(&w->b));
		return;
	}
	clsi_fmt_statuts(SA(w), k->periode.par_statut);
	info(d, w->nyears > 1 ? "Statut final" : "Fiches", A(w));
	if (w->nyears > 1) {
		clsi_fmt_moves(SA(w), &k->moves);
		info(d, "Mouvements", A(w));
	}
	clsi_fmt_part(SA(w), &k->periode, &clsi_seps_html);
	info(d, "Cible atteinte", A(w));
	clsi_fmt_prevu_by(SA(w), k, &clsi_seps_html);
	info(d, "Prévu", A(w));
	clsi_fmt_depense(SA(w), &k->periode, &clsi_seps_html);
	info(d, "Dépensé", A(w));
	if (w->nyears > 1) {
		static const doc_col cols[] = {{10, false}, {38, false},
		    {12, true}, {14, true}, {14, true}, {12, true}};
		cls_buf_printf(SA(w), "%s, année par année", k->dossier);
		caption(d, A(w));
		table(d, DOC_T_DATA, cols, 6);
		row(d, DOC_R_HEAD);
		static const char *const head[] = {"Année", "Fiches par statut",
		    "Cible atteinte", "Prévu", "Dépensé", "Sans suivi"};
		for (int c = 0; c < 6; c++)
			cell(d, DOC_S_PLAIN, head[c]);
		row_end(d);
		for (size_t y = 0; y < w->nyears; y++) {
			row(d, DOC_R_BODY);
			cell_year(w, y);
			clsi_fmt_statuts(SA(w), k->annees[y].par_statut);
			cell(d, DOC_S_PLAIN, A(w));
			s_figures_cells(w, &k->annees[y]);
			row_end(d);
		}
		table_end(d);
	}
	if (k->nsans_suivi) {
		cls_buf_printf(
		    SA(w), "Fiches sans suivi : %zu", k->nsans_suivi);
		para(d, DOC_P_SUBHEAD, DOC_S_PLAIN, A(w));
	}
	for (size_t j = 0; j < k->nsans_suivi; j++) {
		const cls_report_absent *ab = &k->sans_suivi[j];
		cls_buf_printf(SA(w), "Fiche %s — %s", ab->id,
		    ab->titre ? ab->titre : "(sans titre)");
		for (size_t y = 0; w->nyears > 1 && y < ab->nannees; y++)
			cls_buf_printf(
			    &w->a, "%s%d", y ? ", " : " : ", ab->annees[y]);
		para(d, DOC_P_ITEM, DOC_S_PLAIN, A(w));
	}
}

static void synthesis(sw *w, const char *years)
{
	clsi_doc *d = w->d;
	const cls_report_region *g = cls_report_region_of(w->r);

	cls_buf_printf(SA(w), "Contrats locaux de santé : synthèse %s", years);
	para(d, DOC_P_TITLE, DOC_S_PLAIN, A(w));
	cls_buf_printf(SA(w), "Synthèse %s · %zu contrat%s", years, g->contrats,
	    g->contrats > 1 ? "s" : "");
	para(d, DOC_P_SUBTITLE, DOC_S_PLAIN, A(w));
	cls_buf_printf(SA(w), "%zu", g->contrats);
	info(d, "Contrats", A(w));
	cls_buf_printf(SA(w), "%zu", g->couverts);
	info(d, "Couverts", A(w));
	info(d, w->nyears > 1 ? "Années" : "Année", years);
	if (g->erreurs) {
		cls_buf_printf(SA(w),
		    "%zu contrat%s sur %zu %s des erreurs de validation (%zu "
		    "en tout) : leurs chiffres peuvent être faux ou "
		    "incomplets. "
		    "Corrigez les erreurs que signale cls validate avant de "
		    "diffuser cette synthèse.",
		    g->invalides, g->invalides > 1 ? "s" : "", g->contrats,
		    g->invalides > 1 ? "ont" : "a", g->erreurs);
		P(d, DOC_P_ALERT);
		T(d, DOC_S_STRONG, "Attention : ");
		T(d, DOC_S_PLAIN, A(w));
		E(d);
	}
	d->toc_at = d->body.len;
	d->has_toc = true;

	H(d, 1);
	T(d, DOC_S_PLAIN, "Synthèse");
	E(d);
	static const doc_col kc[]
	    = {{25, false}, {25, false}, {25, false}, {25, false}};
	table(d, DOC_T_KEYS, kc, 4);
	row(d, DOC_R_BODY);
	cls_buf_printf(SA(w), "%zu", g->couverts);
	cls_buf_reset(&w->b);
	cls_buf_printf(&w->b,
	    "contrat%s couvert%s sur %zu (leur période comprend %s)",
	    g->couverts > 1 ? "s" : "", g->couverts > 1 ? "s" : "", g->contrats,
	    years);
	s_key(w);
	cls_buf_printf(SA(w), "%zu", g->periode.fiches);
	cls_buf_reset(&w->b);
	cls_buf_add(&w->b, "fiches actions : ");
	clsi_fmt_statuts(&w->b, g->periode.par_statut);
	s_key(w);
	SA(w);
	cls_buf_reset(&w->b);
	if (g->periode.has_part) {
		clsi_fmt_pct(&w->a, g->periode.part, &clsi_seps_html);
		cls_buf_printf(&w->b,
		    "des indicateurs chiffrés évalués atteignent leur cible "
		    "(%zu sur %zu)",
		    g->periode.atteints, g->periode.evalues);
	} else {
		cls_buf_add(&w->a, "—");
		cls_buf_add(&w->b, "aucun indicateur chiffré évalué");
	}
	s_key(w);
	clsi_fmt_prevu(SA(w), &g->periode, &clsi_seps_html);
	cls_buf_reset(&w->b);
	cls_buf_printf(&w->b, "de financements prévus pour %s", years);
	s_key(w);
	row_end(d);
	table_end(d);

	static const doc_col cc[] = {{40, false}, {12, true}, {48, false}};
	caption(d, "Contrats");
	table(d, DOC_T_PAIRS, cc, 3);
	row(d, DOC_R_BODY);
	cell(d, DOC_S_PLAIN, "couverts par la synthèse");
	cell_zu(w, g->couverts);
	cell(d, DOC_S_MUTED, "");
	row_end(d);
	s_dossiers(w, "hors période", clsi_contract_hors, 0);
	s_dossiers(
	    w, "avec des erreurs de validation", clsi_contract_invalide, 0);
	for (size_t y = 0; y < w->nyears; y++) {
		char lab[64];
		snprintf(lab, sizeof(lab), "sans aucun suivi pour %d",
		    w->from + (int)y);
		s_dossiers(w, lab, clsi_contract_sans_suivi, y);
	}
	table_end(d);

	H(d, 2);
	T(d, DOC_S_PLAIN, "Statut des fiches actions");
	E(d);
	if (w->nyears > 1) {
		s_statut_end(w, g->periode.par_statut, g->periode.fiches,
		    &g->moves, "Fiches actions par statut en fin de période");
		s_statut_years(w, g->annees);
	} else {
		cls_buf_printf(
		    &w->b, "Fiches actions par statut en %d", w->from);
		s_statut_end(w, g->periode.par_statut, g->periode.fiches, NULL,
		    cls_buf_str(&w->b));
	}
	H(d, 2);
	T(d, DOC_S_PLAIN, "Indicateurs");
	E(d);
	s_indicateurs(w, g->annees, &g->periode);
	H(d, 2);
	T(d, DOC_S_PLAIN, "Financements et dépenses");
	E(d);
	if (w->nyears > 1)
		s_money_years(w, g->annees, &g->periode);
	if (g->nfinanceurs) {
		s_funders(w, g->financeurs, g->nfinanceurs, g->annees,
		    &g->periode, g->total_duree, g->duree_known,
		    g->duree_unknown, true);
		para(d, DOC_P_NOTE, DOC_S_PLAIN,
		    "Contrats : ceux où le financeur a des financements des "
		    "années de la synthèse ou de la durée du contrat.");
	} else {
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucun financement n'est inscrit dans les fiches.");
	}
	cls_buf_reset(&w->b);
	if (w->nyears > 1)
		cls_buf_printf(&w->b, "de %d à %d", w->from, w->to);
	else
		cls_buf_printf(&w->b, "en %d", w->from);
	P(d, DOC_P_BODY);
	cls_buf_printf(SA(w), "Dépenses réalisées %s : ", cls_buf_str(&w->b));
	T(d, DOC_S_PLAIN, A(w));
	clsi_fmt_depense(SA(w), &g->periode, &clsi_seps_html);
	T(d, DOC_S_STRONG, A(w));
	cls_buf_printf(SA(w), " (%zu suivi%s).", g->periode.depenses_n,
	    g->periode.depenses_n > 1 ? "s" : "");
	T(d, DOC_S_PLAIN, A(w));
	E(d);
	H(d, 2);
	T(d, DOC_S_PLAIN, "Fiches actions par thème");
	E(d);
	if (!g->nthemes) {
		para(d, DOC_P_BODY, DOC_S_PLAIN,
		    "Aucune fiche n'indique de thème.");
	} else {
		static const doc_col tc[]
		    = {{60, false}, {20, true}, {20, true}};
		caption(d, "Fiches actions par thème");
		table(d, DOC_T_DATA, tc, 3);
		row(d, DOC_R_HEAD);
		cell(d, DOC_S_PLAIN, "Thème");
		cell(d, DOC_S_PLAIN, "Fiches");
		cell(d, DOC_S_PLAIN, "Contrats");
		row_end(d);
		for (size_t i = 0; i < g->nthemes; i++) {
			row(d, DOC_R_BODY);
			cell(d, DOC_S_PLAIN, g->themes[i].theme);
			cell_zu(w, g->themes[i].fiches);
			cell_zu(w, g->themes[i].contrats);
			row_end(d);
		}
		table_end(d);
	}

	H(d, 1);
	T(d, DOC_S_PLAIN, "Les contrats");
	E(d);
	s_region_charts(w);
	s_region_table(w);
	for (size_t i = 0; i < cls_report_contracts(w->r); i++)
		s_region_contract(w, i);
	footer(d,
	    "Synthèse établie par cls " CLS_VERSION
	    " à partir des fiches actions. Règles de calcul : ");
}

int clsi_render_span_doc(
    FILE *f, const cls_report *r, cls_format fmt, cls_error *err)
{
	bool region = cls_report_kind_of(r) == CLS_REPORT_SYNTHESIS;
	clsi_doc d;
	memset(&d, 0, sizeof(d));
	d.ops = fmt == CLS_FORMAT_DOCX ? &clsi_doc_docx : &clsi_doc_odt;
	sw w = {.d = &d,
	    .r = r,
	    .from = cls_report_from(r),
	    .to = cls_report_to(r)};
	w.nyears = (size_t)(w.to - w.from) + 1;
	cls_buf title = {0};
	char years[32];
	snprintf(years, sizeof(years), "%d", w.from);
	if (w.nyears > 1)
		snprintf(years, sizeof(years), "%d-%d", w.from, w.to);
	if (region) {
		cls_buf_printf(
		    &title, "Synthèse %s des contrats locaux de santé", years);
		d.title = cls_buf_str(&title);
		synthesis(&w, years);
	} else {
		w.s = cls_report_span_of(r);
		d.r = &w.s->years[0];
		const cls_plan *p = d.r->plan;
		cls_buf_printf(&title, "Évaluation %d-%d — %s", w.from, w.to,
		    p->nom ? p->nom : "Contrat Local de Santé");
		d.title = cls_buf_str(&title);
		evaluation(&w);
	}
	int rc = doc_close(&d, f, w.a.oom || w.b.oom || title.oom, err);
	cls_buf_release(&w.a);
	cls_buf_release(&w.b);
	cls_buf_release(&title);
	return rc;
}
