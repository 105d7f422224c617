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

/* A chart of chart.c as a picture of its own, 17 cm (the width of the
 * text on A4) for 720 px, and its caption (unless the table after it
 * has the same). */
static void figure(clsi_doc *d,
    bool (*draw)(clsi_chart *, const cls_report_year *, int, bool),
    bool with_caption)
{
	clsi_chart c = {0};
	int id = (int)d->npics + 1;
	if (!draw(&c, d->r, id, true)) {
		clsi_chart_release(&c);
		return;
	}
	doc_pic *v = clsi_grow(d->pics, d->npics, sizeof(*v));
	char *title = strdup(cls_buf_str(&c.title));
	char *desc = strdup(cls_buf_str(&c.desc));
	if (!v || !title || !desc || clsi_chart_oom(&c)) {
		if (v)
			d->pics = v;
		free(title);
		free(desc);
		clsi_chart_release(&c);
		d->oom = true;
		return;
	}
	d->pics = v;
	doc_pic *p = &v[d->npics++];
	memset(p, 0, sizeof(*p));
	p->svg = c.svg;
	memset(&c.svg, 0, sizeof(c.svg));
	p->wpx = c.width;
	p->hpx = c.height;
	p->wcm = 17.0 * c.width / 720.0;
	p->hcm = p->wcm * c.height / c.width;
	p->title = title;
	p->desc = desc;
	P(d, DOC_P_FIGURE);
	d->ops->picture(d, d->npics - 1);
	E(d);
	if (with_caption)
		caption(d, cls_buf_str(&c.caption));
	clsi_chart_release(&c);
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
static void key(rw *w, const char *chiffre, const char *legende)
{
	clsi_doc *d = w->d;
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
	key(w, cls_buf_str(&w->b), cls_buf_str(&l));

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
	key(w, cls_buf_str(&w->b), cls_buf_str(&l));

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
	key(w, cls_buf_str(&w->b), cls_buf_str(&l));

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
	key(w, cls_buf_str(&w->b), cls_buf_str(&l));
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

	H(d, 2);
	cls_buf_printf(B(w), "Avertissements de validation : %zu", r->warnings);
	T(d, DOC_S_PLAIN, cls_buf_str(&w->b));
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
		cls_buf_reset(B(w));
		cls_buf_add(&w->b, g->loc.file ? g->loc.file : "");
		if (g->loc.line > 0)
			cls_buf_printf(&w->b, ":%d", g->loc.line);
		cell(d, DOC_S_CODE, cls_buf_str(&w->b));
		cell(d, DOC_S_PLAIN, g->message);
		cell(d, DOC_S_CODE, g->rule);
		row_end(d);
	}
	table_end(d);
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
		H(d, 1);
		T(d, DOC_S_PLAIN, "Fiches hors axe");
		E(d);
		P(d, DOC_P_BODY);
		T(d, DOC_S_PLAIN,
		    "Ces fiches ne sont rattachées à aucun axe connu de ");
		T(d, DOC_S_CODE, "cls.yaml");
		T(d, DOC_S_PLAIN, ".");
		E(d);
		for (size_t k = 0; k < r->nhors; k++)
			fiche(w, r->hors_axe[k], 2);
	}
	manques(w);
	P(d, DOC_P_NOTE);
	T(d, DOC_S_PLAIN,
	    "Bilan établi par cls " CLS_VERSION " à partir des fiches "
	    "actions du contrat. Règles de calcul : ");
	T(d, DOC_S_CODE, "man cls-report");
	T(d, DOC_S_PLAIN, ".");
	E(d);
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
	int rc = -1;
	if (d.oom || d.body.oom || d.head.oom || w.b.oom || w.c.oom
	    || title.oom)
		clsi_seterr(err, _("out of memory"));
	else
		rc = d.ops->finish(&d, f, err);

	cls_buf_release(&w.b);
	cls_buf_release(&w.c);
	cls_buf_release(&title);
	cls_buf_release(&d.body);
	cls_buf_release(&d.head);
	for (size_t i = 0; i < d.nheads; i++)
		free(d.heads[i].text);
	free(d.heads);
	for (size_t i = 0; i < d.npics; i++) {
		cls_buf_release(&d.pics[i].svg);
		free(d.pics[i].title);
		free(d.pics[i].desc);
	}
	free(d.pics);
	return rc;
}
