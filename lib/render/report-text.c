/* SPDX-License-Identifier: MIT */
/*
 * report-text.c - "cls report --format=text": the annual review for the
 * terminal.  Every line fits in 80 columns, counted in characters (not
 * bytes): long titles and commentaires wrap with a hanging indent and
 * tables shrink their widest columns.  Colour (bold headings, the statut)
 * only when asked, that is on a terminal.  The text of the data is made
 * safe by the layout (layout.c); file names, joined here to other text,
 * are made one line first.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#define BOLD TX_BOLD
#define RESET TX_RESET

typedef struct tw {
	txw w; /* the stream, colour, out of memory */
	const cls_report_year *r;
	cls_buf tmp;
} tw;

/* ---------------------------------------------------------- the report */

static const char *tmp_money(tw *t, double x)
{
	cls_buf_reset(&t->tmp);
	clsi_fmt_money(&t->tmp, x, &clsi_seps_plain);
	return cls_buf_str(&t->tmp);
}

static void title_block(tw *t)
{
	const cls_report_year *r = t->r;
	const cls_plan *p = r->plan;
	char buf[64];
	snprintf(buf, sizeof(buf), "Bilan annuel %d", r->year);
	clsi_tx_heading(&t->w, 0, buf);
	clsi_tx_para_c(
	    &t->w, BOLD, "", 0, 0, p->nom ? p->nom : "Contrat Local de Santé");
	clsi_tx_rule(&t->w, '=', NULL);
	clsi_tx_kv(&t->w, 0, 16, "Territoire",
	    p->territoire ? p->territoire : "—", NULL);
	cls_buf pb = {0};
	clsi_fmt_periode(&pb, p);
	clsi_tx_kv(&t->w, 0, 16, "Période", cls_buf_str(&pb), NULL);
	if (p->signature)
		clsi_tx_kv(&t->w, 0, 16, "Signature", p->signature, NULL);
	for (size_t i = 0; i < p->avenant_count; i++) {
		cls_buf_reset(&pb);
		clsi_fmt_avenant(&pb, &p->avenants[i]);
		clsi_tx_kv(&t->w, 0, 16,
		    i                          ? ""
		        : p->avenant_count > 1 ? "Avenants"
		                               : "Avenant",
		    cls_buf_str(&pb), NULL);
	}
	t->w.oom |= pb.oom;
	cls_buf_release(&pb);
	snprintf(buf, sizeof(buf), "%d", r->year);
	clsi_tx_kv(&t->w, 0, 16, "Année du bilan", buf, NULL);
	if (r->errors) {
		cls_buf b = {0};
		cls_buf_add(&b, "ATTENTION : ");
		clsi_fmt_invalid(&b, r);
		fputc('\n', t->w.f);
		clsi_tx_para_c(
		    &t->w, "\033[1;31m", "!! ", 3, 3, cls_buf_str(&b));
		t->w.oom |= b.oom;
		cls_buf_release(&b);
	}
}

/* A sum in a money table of 80 columns: "n.p." for "non précisé". */
static void text_sum(cls_buf *b, const cls_report_sum *s)
{
	if (s->unknown && !s->known)
		cls_buf_add(b, "n.p.");
	else
		clsi_fmt_sum(b, s, &clsi_seps_plain);
}

/* The money of v[0..n) by financeur and by statut (the statuts its
 * financements have), with its total. */
static void money_table(tw *t, const cls_report_money *v, size_t n,
    const cls_report_sum *tot, double total, size_t known, size_t unknown)
{
	tcol cols[6] = {{"Financeur", false, true}};
	size_t nc = 1;
	int which[4];
	for (int k = 0; k < 4; k++)
		if (tot[k].known || tot[k].unknown) {
			which[nc - 1] = k;
			cols[nc++]
			    = (tcol){clsi_statut_fin_head[k], true, false};
		}
	cols[nc++] = (tcol){"Total", true, false};
	ttab tt;
	clsi_tt_init(&tt, cols, nc);
	cls_buf c[6] = {{0}};
	const char *cells[6];
	for (size_t i = 0; i <= n; i++) {
		for (size_t k = 0; k < nc; k++)
			cls_buf_reset(&c[k]);
		if (i == n) {
			clsi_tt_rule(&tt);
			cls_buf_add(&c[0], "Total");
		} else {
			clsi_fmt_financeur(&c[0], v[i].entry, v[i].financeur);
		}
		for (size_t k = 1; k + 1 < nc; k++)
			text_sum(&c[k],
			    i == n ? &tot[which[k - 1]]
			           : &v[i].statut[which[k - 1]]);
		cls_report_sum all = i == n
		    ? (cls_report_sum){total, known, unknown}
		    : (cls_report_sum){v[i].montant, v[i].known, v[i].unknown};
		text_sum(&c[nc - 1], &all);
		for (size_t k = 0; k < nc; k++)
			cells[k] = cls_buf_str(&c[k]);
		clsi_tt_row(&tt, cells);
	}
	clsi_tt_print(&t->w, &tt, 4);
	for (size_t k = 0; k < nc; k++) {
		t->w.oom |= c[k].oom;
		cls_buf_release(&c[k]);
	}
	clsi_tt_free(&tt);
}

static void synthese(tw *t)
{
	const cls_report_year *r = t->r;
	cls_buf b = {0};
	fputc('\n', t->w.f);
	clsi_tx_rule(&t->w, '=', "SYNTHÈSE");
	fputc('\n', t->w.f);

	cls_buf_printf(&b, "Fiches actions par statut en %d : %zu fiche%s",
	    r->year, r->nfiches, r->nfiches > 1 ? "s" : "");
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	const tcol cols[] = {{"Statut", false, false}, {"Fiches", true, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 2);
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		char n[32];
		snprintf(n, sizeof(n), "%zu", r->par_statut[s]);
		const char *cells[] = {cls_statut_label(s), n};
		clsi_tt_row(&tt, cells);
	}
	clsi_tt_print(&t->w, &tt, 4);
	clsi_tt_free(&tt);
	if (r->hors_calendrier) {
		cls_buf_reset(&b);
		cls_buf_printf(&b,
		    "Dont %zu fiche%s dont le calendrier ne couvre "
		    "pas %d.",
		    r->hors_calendrier, r->hors_calendrier > 1 ? "s" : "",
		    r->year);
		clsi_tx_para(&t->w, "    ", 4, 4, cls_buf_str(&b));
	}

	fputc('\n', t->w.f);
	cls_buf_reset(&b);
	if (!r->indicateurs) {
		clsi_tx_heading(&t->w, 0,
		    "Indicateurs : aucun indicateur n'est défini dans les "
		    "fiches.");
		goto money;
	}
	cls_buf_printf(&b, "Indicateurs chiffrés ayant une cible pour %d : %zu",
	    r->year, r->avec_cible);
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	cls_buf_reset(&b);
	cls_buf_printf(&b, "%zu", r->evalues);
	clsi_tx_kv(
	    &t->w, 4, 28, "évalués (cible et valeur)", cls_buf_str(&b), NULL);
	cls_buf_reset(&b);
	cls_buf_printf(&b, "%zu", r->atteints);
	if (r->has_part) {
		cls_buf_printf(&b, " sur %zu, soit ", r->evalues);
		clsi_fmt_pct(&b, r->part, &clsi_seps_plain);
	}
	clsi_tx_kv(&t->w, 4, 28, "cible atteinte", cls_buf_str(&b), NULL);
	cls_buf_reset(&b);
	cls_buf_printf(&b, "%zu", r->sans_valeur);
	clsi_tx_kv(&t->w, 4, 28, "sans valeur", cls_buf_str(&b), NULL);

money:
	if (r->jalons[0] + r->jalons[1] + r->jalons[2]) {
		fputc('\n', t->w.f);
		cls_buf_reset(&b);
		cls_buf_printf(&b, "Jalons à la fin de %d : ", r->year);
		clsi_fmt_jalons_summary(&b, r);
		clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	}

	fputc('\n', t->w.f);
	clsi_tx_heading(&t->w, 0, "Financements, par financeur et par statut");
	if (r->nfin_contrat) {
		cls_buf_reset(&b);
		cls_buf_printf(&b, "En %d", r->year);
		clsi_tx_heading(&t->w, 2, cls_buf_str(&b));
		if (r->nfin_annee)
			money_table(t, r->fin_annee, r->nfin_annee,
			    r->statut_annee, r->total_annee, r->known_annee,
			    r->unknown_annee);
		else {
			cls_buf_reset(&b);
			cls_buf_printf(&b,
			    "Aucun financement n'est inscrit pour %d.",
			    r->year);
			clsi_tx_para(&t->w, "    ", 4, 4, cls_buf_str(&b));
		}
		fputc('\n', t->w.f);
		clsi_tx_heading(&t->w, 2, "Sur toute la durée du contrat");
		money_table(t, r->fin_contrat, r->nfin_contrat,
		    r->statut_contrat, r->total_contrat, r->known_contrat,
		    r->unknown_contrat);
		if (r->unknown_contrat) {
			cls_buf_reset(&b);
			clsi_fmt_unknown(&b, r);
			cls_buf_add(&b, " (n.p. : non précisé)");
			clsi_tx_para(&t->w, "    ", 4, 4, cls_buf_str(&b));
		}
	} else {
		clsi_tx_para(&t->w, "    ", 4, 4,
		    "Aucun financement n'est inscrit dans "
		    "les fiches.");
	}

	fputc('\n', t->w.f);
	cls_buf_reset(&b);
	cls_buf_printf(&b, "Dépenses réalisées en %d : ", r->year);
	if (r->depenses_n)
		clsi_fmt_money(&b, r->depenses, &clsi_seps_plain);
	else
		cls_buf_add(&b, "non renseignées");
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	cls_buf_reset(&b);
	if (r->depenses_n)
		cls_buf_printf(&b,
		    "Somme des dépenses du suivi %d, indiquées par "
		    "%zu fiche%s sur %zu.",
		    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "",
		    r->nfiches);
	else
		cls_buf_printf(&b,
		    "Aucune fiche n'indique ses dépenses dans son "
		    "suivi %d.",
		    r->year);
	clsi_tx_para(&t->w, "    ", 4, 4, cls_buf_str(&b));
	t->w.oom |= b.oom;
	cls_buf_release(&b);
}

static void fiche_indicateurs(tw *t, const cls_report_fiche *rf)
{
	const cls_report_year *r = t->r;
	char cy[32];
	snprintf(cy, sizeof(cy), "Cible %d", r->year);
	const tcol cols[] = {{"Indicateur", false, true}, {cy, false, false},
	    {"Valeur", false, true}, {"Réalisation", false, true}};
	ttab tt;
	clsi_tt_init(&tt, cols, 4);
	cls_buf c = {0}, v = {0}, res = {0}, lab = {0};
	size_t rows = 0;
	for (size_t i = 0; i < rf->nind; i++) {
		const cls_report_ind *ri = &rf->inds[i];
		if (ri->qualitative)
			continue;
		cls_buf_reset(&c);
		cls_buf_reset(&v);
		cls_buf_reset(&res);
		cls_buf_reset(&lab);
		cls_buf_add(
		    &lab, ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
		if (ri->ind->sens == CLS_BAISSE)
			cls_buf_add(&lab, " (à la baisse)");
		if (ri->t.has_cible)
			clsi_fmt_cible(&c, &ri->t.cible, &clsi_seps_plain);
		else
			cls_buf_add(&c, "—");
		if (ri->t.valeur)
			clsi_fmt_valeur(&v, ri, &clsi_seps_plain);
		else
			cls_buf_add(&v, "—");
		clsi_fmt_result(&res, ri, &clsi_seps_plain);
		if (!res.len)
			cls_buf_add(&res, "—");
		const char *cells[] = {cls_buf_str(&lab), cls_buf_str(&c),
		    cls_buf_str(&v), cls_buf_str(&res)};
		clsi_tt_row(&tt, cells);
		rows++;
		if (ri->t.has_cumul) {
			cls_buf_reset(&c);
			cls_buf_reset(&v);
			cls_buf_reset(&res);
			cls_buf_reset(&lab);
			if (r->year > r->plan->debut)
				cls_buf_printf(&lab,
				    "  cumul %d-%d / cible totale",
				    r->plan->debut, r->year);
			else
				cls_buf_printf(
				    &lab, "  cumul %d / cible totale", r->year);
			clsi_fmt_num(
			    &c, ri->ind->cible_totale, &clsi_seps_plain);
			clsi_fmt_num(&v, ri->t.cumul, &clsi_seps_plain);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &res, ri->t.taux_cumul, &clsi_seps_plain);
			else
				cls_buf_add(&res, "—");
			const char *cc[] = {cls_buf_str(&lab), cls_buf_str(&c),
			    cls_buf_str(&v), cls_buf_str(&res)};
			clsi_tt_row(&tt, cc);
		}
	}
	if (rows) {
		fputc('\n', t->w.f);
		clsi_tx_heading(&t->w, 2, "Indicateurs");
		clsi_tt_print(&t->w, &tt, 4);
	}
	clsi_tt_free(&tt);
	if (rf->nqual) {
		fputc('\n', t->w.f);
		clsi_tx_heading(&t->w, 2, "Indicateurs qualitatifs");
		for (size_t i = 0; i < rf->nind; i++) {
			const cls_report_ind *ri = &rf->inds[i];
			if (!ri->qualitative)
				continue;
			cls_buf_reset(&lab);
			cls_buf_printf(&lab, "%s : ",
			    ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
			if (ri->t.valeur)
				clsi_fmt_valeur(&lab, ri, &clsi_seps_plain);
			else
				cls_buf_printf(
				    &lab, "pas de valeur pour %d", r->year);
			clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(&lab));
		}
	}
	if (!rf->nind) {
		fputc('\n', t->w.f);
		clsi_tx_para(&t->w, "  ", 2, 2, "Indicateurs : aucun.");
	}
	t->w.oom |= c.oom || v.oom || res.oom || lab.oom;
	cls_buf_release(&c);
	cls_buf_release(&v);
	cls_buf_release(&res);
	cls_buf_release(&lab);
}

static void fiche_financements(tw *t, const cls_report_fiche *rf)
{
	char h[48];
	if (!rf->nfin)
		return;
	snprintf(h, sizeof(h), "Financements %d", t->r->year);
	fputc('\n', t->w.f);
	clsi_tx_heading(&t->w, 2, h);
	const tcol cols[]
	    = {{"Financeur", false, true}, {"Montant", true, false},
	        {"Période", false, false}, {"Statut", false, false}};
	ttab tt;
	clsi_tt_init(&tt, cols, 4);
	cls_buf m = {0};
	char y[16];
	snprintf(y, sizeof(y), "%d", t->r->year);
	cls_buf who = {0};
	for (size_t i = 0; i < rf->nfin; i++) {
		const cls_financement *fin = rf->fins[i];
		cls_buf_reset(&m);
		cls_buf_reset(&who);
		clsi_fmt_fin_montant(&m, fin, &clsi_seps_plain);
		clsi_fmt_financeur(&who, fin->ref, fin->financeur);
		const char *cells[] = {cls_buf_str(&who), cls_buf_str(&m),
		    fin->annee ? y : "durée du contrat",
		    cls_fin_statut_label(fin->statut)};
		clsi_tt_row(&tt, cells);
		if (fin->note && *fin->note)
			clsi_tt_span(&tt, fin->note);
	}
	clsi_tt_print(&t->w, &tt, 4);
	t->w.oom |= m.oom || who.oom;
	cls_buf_release(&m);
	cls_buf_release(&who);
	clsi_tt_free(&tt);
}

static void fiche_jalons(tw *t, const cls_report_fiche *rf)
{
	if (!rf->njalons)
		return;
	cls_buf b = {0};
	fputc('\n', t->w.f);
	cls_buf_printf(&b, "Jalons à la fin de %d", t->r->year);
	clsi_tx_heading(&t->w, 2, cls_buf_str(&b));
	for (size_t i = 0; i < rf->njalons; i++) {
		const cls_report_jalon *j = &rf->jalons[i];
		cls_buf_reset(&b);
		cls_buf_printf(&b, "%s%s%s : ", j->date ? j->date : "",
		    j->date ? " " : "", j->libelle);
		clsi_fmt_jalon_etat(&b, j);
		clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(&b));
	}
	t->w.oom |= b.oom;
	cls_buf_release(&b);
}

/* A list of the suivi of the year: leviers, freins, perspectives. */
static void suivi_list(tw *t, const char *title, const cls_strlist *l)
{
	if (!l->count)
		return;
	fputc('\n', t->w.f);
	clsi_tx_heading(&t->w, 2, title);
	for (size_t i = 0; i < l->count; i++)
		clsi_tx_para(&t->w, "    - ", 6, 6, l->items[i]);
}

static void fiche(tw *t, const cls_report_fiche *rf)
{
	const cls_report_year *r = t->r;
	const cls_fiche *f = rf->f;
	const cls_suivi *s = rf->suivi;
	cls_buf b = {0};
	char lab[32];

	fputc('\n', t->w.f);
	cls_buf_printf(&b, "Fiche %s — ", f->id);
	size_t pw = clsi_u8_width(cls_buf_str(&b));
	clsi_tx_para_c(&t->w, BOLD, cls_buf_str(&b), pw, pw,
	    f->titre ? f->titre : "(sans titre)");
	snprintf(lab, sizeof(lab), "Statut %d", r->year);
	clsi_tx_kv(&t->w, 2, 16, lab, cls_statut_label(rf->statut),
	    clsi_statut_color[rf->statut]);
	if (!rf->runs) {
		cls_buf_reset(&b);
		cls_buf_printf(&b,
		    "%d n'est pas dans le calendrier de la fiche "
		    "(%d-%d)",
		    r->year, f->first_year, f->last_year);
		clsi_tx_kv(&t->w, 2, 16, "Calendrier", cls_buf_str(&b), NULL);
	}
	if (s && s->has_avancement) {
		cls_buf_reset(&b);
		clsi_fmt_pct(&b, s->avancement, &clsi_seps_plain);
		clsi_tx_kv(&t->w, 2, 16, "Avancement", cls_buf_str(&b), NULL);
	}
	if (s && s->has_depenses) {
		snprintf(lab, sizeof(lab), "Dépenses %d", r->year);
		clsi_tx_kv(&t->w, 2, 16, lab, tmp_money(t, s->depenses), NULL);
	}
	for (size_t i = 0; i < f->porteurs.count; i++)
		clsi_tx_kv(&t->w, 2, 16, i ? "" : clsi_porteurs_label(f),
		    f->porteurs.items[i], NULL);
	for (size_t i = 0; i < f->referent_count; i++) {
		cls_buf_reset(&b);
		clsi_fmt_referent(&b, &f->referents[i]);
		clsi_tx_kv(&t->w, 2, 16,
		    i                           ? ""
		        : f->referent_count > 1 ? "Référents"
		                                : "Référent",
		    cls_buf_str(&b), NULL);
	}
	clsi_tx_kv(&t->w, 2, 16, "Fichier", f->file, NULL);
	fiche_indicateurs(t, rf);
	fiche_financements(t, rf);
	fiche_jalons(t, rf);
	if (s && s->commentaire && *s->commentaire) {
		fputc('\n', t->w.f);
		clsi_tx_heading(&t->w, 2, "Commentaire");
		clsi_tx_para(&t->w, "    ", 4, 4, s->commentaire);
	}
	if (s) {
		for (int k = 0; k < CLSI_SUIVI_LISTS; k++)
			suivi_list(
			    t, clsi_suivi_list_title[k], clsi_suivi_list(s, k));
	}
	t->w.oom |= b.oom;
	cls_buf_release(&b);
}

static void plan(tw *t)
{
	const cls_report_year *r = t->r;
	cls_buf b = {0};
	for (size_t i = 0; i < r->naxes; i++) {
		const cls_report_axe *ra = &r->axes[i];
		fputc('\n', t->w.f);
		cls_buf_reset(&b);
		cls_buf_printf(&b, "AXE %s", ra->axe->id);
		clsi_tx_rule(&t->w, '=', cls_buf_str(&b));
		clsi_tx_para_c(&t->w, BOLD, "", 0, 0,
		    ra->axe->titre ? ra->axe->titre : "");
		if (!ra->total)
			clsi_tx_para(&t->w, "", 0, 0,
			    "Aucune fiche action dans cet axe.");
		for (size_t k = 0; k < ra->n; k++)
			fiche(t, ra->fiches[k]);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			fputc('\n', t->w.f);
			cls_buf_reset(&b);
			cls_buf_printf(&b, "Objectif %s", ro->obj->id);
			clsi_tx_rule(&t->w, '-', cls_buf_str(&b));
			clsi_tx_para(&t->w, "", 0, 0,
			    ro->obj->titre ? ro->obj->titre : "");
			if (!ro->n)
				clsi_tx_para(&t->w, "", 0, 0,
				    "Aucune fiche action pour "
				    "cet objectif.");
			for (size_t k = 0; k < ro->n; k++)
				fiche(t, ro->fiches[k]);
		}
	}
	if (r->nhors) {
		fputc('\n', t->w.f);
		clsi_tx_rule(&t->w, '=', "FICHES HORS AXE");
		clsi_tx_para(&t->w, "", 0, 0,
		    "Ces fiches ne sont rattachées à aucun axe "
		    "connu de cls.yaml.");
		for (size_t k = 0; k < r->nhors; k++)
			fiche(t, r->hors_axe[k]);
	}
	t->w.oom |= b.oom;
	cls_buf_release(&b);
}

static void manques(tw *t)
{
	const cls_report_year *r = t->r;
	cls_buf b = {0};
	fputc('\n', t->w.f);
	clsi_tx_rule(&t->w, '=', "CE QUI MANQUE");
	fputc('\n', t->w.f);

	cls_buf_printf(
	    &b, "Fiches sans suivi pour %d : %zu", r->year, r->nsans_suivi);
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *f = r->sans_suivi[i]->f;
		cls_buf_reset(&b);
		cls_buf_printf(&b, "Fiche %s — %s (", f->id,
		    f->titre ? f->titre : "(sans titre)");
		cls_escape(&b, f->file, 0); /* a name: one line */
		cls_buf_add(&b, ")");
		clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(&b));
	}

	fputc('\n', t->w.f);
	cls_buf_reset(&b);
	if (!r->indicateurs)
		cls_buf_printf(&b,
		    "Indicateurs sans valeur pour %d : aucun indicateur "
		    "n'est défini.",
		    r->year);
	else
		cls_buf_printf(&b, "Indicateurs sans valeur pour %d : %zu",
		    r->year, r->nsans_valeur_list);
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	for (size_t i = 0; i < r->nsans_valeur_list; i++) {
		const cls_report_missing *m = &r->sans_valeur_list[i];
		cls_buf_reset(&b);
		cls_buf_printf(&b, "Fiche %s, %s — %s", m->rf->f->id,
		    m->ri->ind->id,
		    m->ri->ind->libelle ? m->ri->ind->libelle : "");
		if (m->ri->t.has_cible) {
			cls_buf_add(&b, " (cible ");
			clsi_fmt_cible(&b, &m->ri->t.cible, &clsi_seps_plain);
			cls_buf_add(&b, ")");
		}
		clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(&b));
	}

	if (r->jalons[CLS_JALON_EN_RETARD]) {
		fputc('\n', t->w.f);
		cls_buf_reset(&b);
		cls_buf_printf(&b, "Jalons en retard à la fin de %d : %zu",
		    r->year, r->jalons[CLS_JALON_EN_RETARD]);
		clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
		for (size_t i = 0; i < r->nfiches; i++) {
			const cls_report_fiche *rf = &r->fiches[i];
			for (size_t k = 0; k < rf->njalons; k++) {
				const cls_report_jalon *j = &rf->jalons[k];
				if (j->etat != CLS_JALON_EN_RETARD)
					continue;
				cls_buf_reset(&b);
				cls_buf_printf(&b, "Fiche %s — %s (prévu %s)",
				    rf->f->id, j->libelle, j->date);
				clsi_tx_para(
				    &t->w, "    - ", 6, 6, cls_buf_str(&b));
			}
		}
	}

	fputc('\n', t->w.f);
	cls_buf_reset(&b);
	cls_buf_printf(&b, "Avertissements de validation : %zu", r->warnings);
	clsi_tx_heading(&t->w, 0, cls_buf_str(&b));
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		cls_buf_reset(&b);
		clsi_fmt_diag(&b, d);
		clsi_tx_para(&t->w, "    - ", 6, 6, cls_buf_str(&b));
	}
	t->w.oom |= b.oom;
	cls_buf_release(&b);
}

int clsi_render_report_text(FILE *f, const cls_report_year *r, bool color)
{
	tw t;
	memset(&t, 0, sizeof(t));
	t.w.f = f;
	t.r = r;
	t.w.color = color;
	title_block(&t);
	synthese(&t);
	plan(&t);
	manques(&t);
	t.w.oom |= t.tmp.oom;
	cls_buf_release(&t.tmp);
	return t.w.oom ? -1 : 0;
}
