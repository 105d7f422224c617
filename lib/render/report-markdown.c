/* SPDX-License-Identifier: MIT */
/*
 * report-markdown.c - "cls report --format=markdown": the annual review as
 * Markdown that pastes into a wiki or converts with pandoc to .docx/.odt:
 * ATX headings, bullet lists and pipe tables only, no raw HTML.  Every
 * text from the contract is escaped so that it reads as plain text
 * (md.c, shared with the evaluation and the synthesis).
 */
#include "render.h"

#include <string.h>

typedef struct mw {
	FILE *f;
	const cls_report_year *r;
	cls_buf b, c;
} mw;

/* The money of v[0..n) by financeur and by statut (the statuts its
 * financements have), with its total, and its caption. */
static void money_table(mw *w, const cls_report_money *v, size_t n,
    const cls_report_sum *tot, double total, size_t known, size_t unknown,
    const char *caption)
{
	FILE *f = w->f;
	const char *h[6] = {"Financeur"};
	char al[7] = "l";
	int wd[6] = {34}, which[4];
	size_t nc = 1;
	for (int k = 0; k < 4; k++)
		if (tot[k].known || tot[k].unknown) {
			which[nc - 1] = k;
			wd[nc] = 11;
			al[nc] = 'r';
			h[nc++] = clsi_statut_fin_head[k];
		}
	wd[nc] = 11;
	al[nc] = 'r';
	h[nc++] = "Total";
	al[nc] = '\0';
	clsi_md_table_head(f, h, al, wd, nc);
	cls_buf c[6] = {{0}};
	const char *cells[6];
	for (size_t i = 0; i <= n; i++) {
		for (size_t k = 0; k < nc; k++)
			cls_buf_reset(&c[k]);
		if (i == n)
			cls_buf_add(&c[0], "Total");
		else
			clsi_fmt_financeur(&c[0], v[i].entry, v[i].financeur);
		for (size_t k = 1; k + 1 < nc; k++)
			clsi_fmt_sum(&c[k],
			    i == n ? &tot[which[k - 1]]
			           : &v[i].statut[which[k - 1]],
			    &clsi_seps_plain);
		if (i == n)
			clsi_fmt_total(&c[nc - 1], total, known, unknown,
			    &clsi_seps_plain);
		else
			clsi_fmt_total(&c[nc - 1], v[i].montant, v[i].known,
			    v[i].unknown, &clsi_seps_plain);
		for (size_t k = 0; k < nc; k++)
			cells[k] = cls_buf_str(&c[k]);
		clsi_md_table_row(f, cells, nc, i == n);
	}
	fprintf(f, "\nTable: %s\n", caption);
	for (size_t k = 0; k < nc; k++) {
		w->b.oom |= c[k].oom;
		cls_buf_release(&c[k]);
	}
}

static void synthese(mw *w)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	fputs("\n## Synthèse\n\n", f);

	fprintf(f, "### Fiches actions par statut en %d\n\n", r->year);
	{
		const char *h[] = {"Statut", "Fiches"};
		const int wd[] = {30, 10};
		clsi_md_table_head(f, h, "lr", wd, 2);
		for (int i = 0; i < CLS_STATUT_COUNT; i++) {
			cls_statut s = clsi_statut_order[i];
			char n[32];
			snprintf(n, sizeof(n), "%zu", r->par_statut[s]);
			const char *cells[] = {cls_statut_label(s), n};
			clsi_md_table_row(f, cells, 2, false);
		}
		char n[32];
		snprintf(n, sizeof(n), "%zu", r->nfiches);
		const char *tot[] = {"Total", n};
		clsi_md_table_row(f, tot, 2, true);
		fprintf(
		    f, "\nTable: Fiches actions par statut en %d\n", r->year);
	}
	if (r->hors_calendrier)
		fprintf(f,
		    "\nDont %zu fiche%s dont le calendrier ne couvre "
		    "pas %d.\n",
		    r->hors_calendrier, r->hors_calendrier > 1 ? "s" : "",
		    r->year);

	fprintf(f, "\n### Indicateurs\n\n");
	if (!r->indicateurs) {
		fputs("Aucun indicateur n'est défini dans les fiches.\n", f);
		goto money;
	}
	fprintf(f, "- Indicateurs chiffrés ayant une cible pour %d : **%zu**\n",
	    r->year, r->avec_cible);
	fprintf(f, "- évalués (cible et valeur) : %zu\n", r->evalues);
	cls_buf_reset(&w->b);
	cls_buf_printf(&w->b, "%zu", r->atteints);
	if (r->has_part) {
		cls_buf_printf(&w->b, " sur %zu, soit **", r->evalues);
		clsi_fmt_pct(&w->b, r->part, &clsi_seps_plain);
		cls_buf_add(&w->b, "**");
	}
	fprintf(f, "- cible atteinte : %s\n", cls_buf_str(&w->b));
	fprintf(f, "- sans valeur : %zu\n", r->sans_valeur);

money:
	if (r->jalons[0] + r->jalons[1] + r->jalons[2]) {
		cls_buf_reset(&w->b);
		clsi_fmt_jalons_summary(&w->b, r);
		fprintf(f, "\n### Jalons\n\nÀ la fin de %d : %s.\n", r->year,
		    cls_buf_str(&w->b));
	}

	fputs("\n### Financements par financeur et par statut\n\n", f);
	if (r->nfin_contrat) {
		char cap[96];
		fprintf(f, "**En %d**\n\n", r->year);
		if (r->nfin_annee) {
			snprintf(cap, sizeof(cap),
			    "Financements %d par financeur et par statut",
			    r->year);
			money_table(w, r->fin_annee, r->nfin_annee,
			    r->statut_annee, r->total_annee, r->known_annee,
			    r->unknown_annee, cap);
		} else {
			fprintf(f, "Aucun financement n'est inscrit pour %d.\n",
			    r->year);
		}
		fputs("\n**Sur toute la durée du contrat**\n\n", f);
		money_table(w, r->fin_contrat, r->nfin_contrat,
		    r->statut_contrat, r->total_contrat, r->known_contrat,
		    r->unknown_contrat,
		    "Financements sur toute la durée du contrat, par "
		    "financeur et par statut");
		if (r->unknown_contrat) {
			cls_buf_reset(&w->b);
			clsi_fmt_unknown(&w->b, r);
			fprintf(f, "\n%s\n", cls_buf_str(&w->b));
		}
	} else {
		fputs("Aucun financement n'est inscrit dans les fiches.\n", f);
	}

	fputs("\n### Dépenses\n\n", f);
	cls_buf_reset(&w->b);
	clsi_fmt_depenses(&w->b, r, &clsi_seps_plain, "**", "**");
	fprintf(f, "%s\n", cls_buf_str(&w->b));
}

static void fiche_indicateurs(mw *w, const cls_report_fiche *rf)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	cls_buf lab = {0}, c = {0}, v = {0}, res = {0};
	size_t rows = rf->nind - rf->nqual;
	if (!rf->nind)
		fputs("\nIndicateurs : aucun.\n", f);
	if (rows) {
		char cy[32];
		snprintf(cy, sizeof(cy), "Cible %d", r->year);
		const char *h[] = {"Indicateur", cy, "Valeur", "Réalisation"};
		const int wd[] = {40, 12, 18, 18};
		fputs("\n**Indicateurs**\n\n", f);
		clsi_md_table_head(f, h, "llll", wd, 4);
	}
	for (size_t i = 0; rows && i < rf->nind; i++) {
		const cls_report_ind *ri = &rf->inds[i];
		if (ri->qualitative)
			continue;
		cls_buf_reset(&lab);
		cls_buf_reset(&c);
		cls_buf_reset(&v);
		cls_buf_reset(&res);
		cls_buf_add(
		    &lab, ri->ind->libelle ? ri->ind->libelle : ri->ind->id);
		if (ri->ind->sens == CLS_BAISSE)
			cls_buf_add(&lab, " (à la baisse)");
		if (ri->t.has_cible)
			clsi_fmt_cible(&c, &ri->t.cible, &clsi_seps_plain);
		clsi_fmt_valeur(&v, ri, &clsi_seps_plain);
		clsi_fmt_result(&res, ri, &clsi_seps_plain);
		const char *cells[] = {cls_buf_str(&lab), cls_buf_str(&c),
		    cls_buf_str(&v), cls_buf_str(&res)};
		clsi_md_table_row(f, cells, 4, false);
		if (ri->t.has_cumul) {
			cls_buf_reset(&lab);
			cls_buf_reset(&c);
			cls_buf_reset(&v);
			cls_buf_reset(&res);
			if (r->year > r->plan->debut)
				cls_buf_printf(&lab,
				    "cumul %d-%d / cible totale",
				    r->plan->debut, r->year);
			else
				cls_buf_printf(
				    &lab, "cumul %d / cible totale", r->year);
			clsi_fmt_num(
			    &c, ri->ind->cible_totale, &clsi_seps_plain);
			clsi_fmt_num(&v, ri->t.cumul, &clsi_seps_plain);
			if (ri->t.has_taux_cumul)
				clsi_fmt_pct(
				    &res, ri->t.taux_cumul, &clsi_seps_plain);
			const char *cc[] = {cls_buf_str(&lab), cls_buf_str(&c),
			    cls_buf_str(&v), cls_buf_str(&res)};
			clsi_md_table_row(f, cc, 4, false);
		}
	}
	if (rows) {
		fputs("\nTable: Indicateurs de la fiche ", f);
		clsi_md_esc(f, rf->f->id, true);
		fprintf(f, " en %d\n", r->year);
	}
	if (rf->nqual) {
		fputs("\n**Indicateurs qualitatifs**\n\n", f);
		for (size_t i = 0; i < rf->nind; i++) {
			const cls_report_ind *ri = &rf->inds[i];
			if (!ri->qualitative)
				continue;
			fputs("- *", f);
			clsi_md_esc(f,
			    ri->ind->libelle ? ri->ind->libelle : ri->ind->id,
			    true);
			fputs("* : ", f);
			cls_buf_reset(&v);
			if (ri->t.valeur)
				clsi_fmt_valeur(&v, ri, &clsi_seps_plain);
			else
				cls_buf_printf(
				    &v, "pas de valeur pour %d", r->year);
			clsi_md_esc(f, cls_buf_str(&v), true);
			fputc('\n', f);
		}
	}
	cls_buf_release(&lab);
	cls_buf_release(&c);
	cls_buf_release(&v);
	cls_buf_release(&res);
}

static void fiche(mw *w, const cls_report_fiche *rf, int level)
{
	const cls_report_year *r = w->r;
	const cls_fiche *fi = rf->f;
	const cls_suivi *s = rf->suivi;
	FILE *f = w->f;

	fputc('\n', f);
	for (int i = 0; i < level; i++)
		fputc('#', f);
	fputs(" Fiche ", f);
	clsi_md_esc(f, fi->id, true);
	fputs(" — ", f);
	clsi_md_esc(f, fi->titre ? fi->titre : "(sans titre)", true);
	fputs("\n\n", f);
	fprintf(
	    f, "- **Statut %d :** %s\n", r->year, cls_statut_label(rf->statut));
	if (!rf->runs)
		fprintf(f,
		    "- **Calendrier :** %d n'est pas dans le calendrier "
		    "de la fiche (%d-%d)\n",
		    r->year, fi->first_year, fi->last_year);
	if (s && s->has_avancement) {
		cls_buf_reset(&w->b);
		clsi_fmt_pct(&w->b, s->avancement, &clsi_seps_plain);
		fprintf(f, "- **Avancement :** %s\n", cls_buf_str(&w->b));
	}
	if (s && s->has_depenses) {
		cls_buf_reset(&w->b);
		clsi_fmt_money(&w->b, s->depenses, &clsi_seps_plain);
		fprintf(
		    f, "- **Dépenses %d :** %s\n", r->year, cls_buf_str(&w->b));
	}
	if (fi->porteurs.count) {
		fprintf(f, "- **%s :** ", clsi_porteurs_label(fi));
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			if (i)
				fputs(" ; ", f);
			clsi_md_esc(f, fi->porteurs.items[i], true);
		}
		fputc('\n', f);
	}
	if (fi->referent_count) {
		fprintf(f, "- **%s :** ",
		    fi->referent_count > 1 ? "Référents" : "Référent");
		for (size_t i = 0; i < fi->referent_count; i++) {
			cls_buf_reset(&w->b);
			clsi_fmt_referent(&w->b, &fi->referents[i]);
			if (i)
				fputs(" ; ", f);
			clsi_md_esc(f, cls_buf_str(&w->b), true);
		}
		fputc('\n', f);
	}
	fputs("- **Fichier :** ", f);
	clsi_md_esc_name(f, fi->file);
	fputc('\n', f);

	fiche_indicateurs(w, rf);

	if (rf->nfin) {
		char y[16];
		snprintf(y, sizeof(y), "%d", r->year);
		fprintf(f, "\n**Financements %d**\n\n", r->year);
		const char *h[]
		    = {"Financeur", "Montant", "Période", "Statut", "Note"};
		const int wd[] = {26, 12, 12, 9, 30};
		clsi_md_table_head(f, h, "lrlll", wd, 5);
		for (size_t i = 0; i < rf->nfin; i++) {
			const cls_financement *fin = rf->fins[i];
			cls_buf_reset(&w->b);
			cls_buf_reset(&w->c);
			clsi_fmt_fin_montant(&w->b, fin, &clsi_seps_plain);
			clsi_fmt_financeur(&w->c, fin->ref, fin->financeur);
			const char *cells[]
			    = {cls_buf_str(&w->c), cls_buf_str(&w->b),
			        fin->annee ? y : "durée du contrat",
			        cls_fin_statut_label(fin->statut), fin->note};
			clsi_md_table_row(f, cells, 5, false);
		}
		fputs("\nTable: Financements de la fiche ", f);
		clsi_md_esc(f, fi->id, true);
		fprintf(f, " pour %d\n", r->year);
	}
	if (rf->njalons) {
		fprintf(f, "\n**Jalons à la fin de %d**\n\n", r->year);
		for (size_t i = 0; i < rf->njalons; i++) {
			const cls_report_jalon *j = &rf->jalons[i];
			cls_buf_reset(&w->b);
			cls_buf_printf(&w->b,
			    "%s%s%s : ", j->date ? j->date : "",
			    j->date ? " " : "", j->libelle);
			clsi_fmt_jalon_etat(&w->b, j);
			fputs("- ", f);
			clsi_md_esc(f, cls_buf_str(&w->b), true);
			fputc('\n', f);
		}
	}
	if (s && s->commentaire && *s->commentaire) {
		fputs("\n**Commentaire**\n\n", f);
		clsi_md_esc(f, s->commentaire, false);
		fputc('\n', f);
	}
	for (int k = 0; s && k < CLSI_SUIVI_LISTS; k++) {
		const cls_strlist *l = clsi_suivi_list(s, k);
		if (!l->count)
			continue;
		fprintf(f, "\n**%s**\n\n", clsi_suivi_list_title[k]);
		for (size_t i = 0; i < l->count; i++) {
			fputs("- ", f);
			clsi_md_esc(f, l->items[i], true);
			fputc('\n', f);
		}
	}
}

static void manques(mw *w)
{
	const cls_report_year *r = w->r;
	FILE *f = w->f;
	fputs("\n## Ce qui manque\n", f);

	fprintf(f, "\n### Fiches sans suivi pour %d : %zu\n\n", r->year,
	    r->nsans_suivi);
	if (!r->nsans_suivi)
		fputs("Aucune.\n", f);
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *fi = r->sans_suivi[i]->f;
		fputs("- Fiche ", f);
		clsi_md_esc(f, fi->id, true);
		fputs(" — ", f);
		clsi_md_esc(f, fi->titre ? fi->titre : "(sans titre)", true);
		fputs(" (", f);
		clsi_md_esc_name(f, fi->file);
		fputs(")\n", f);
	}

	if (!r->indicateurs)
		fprintf(f,
		    "\n### Indicateurs sans valeur pour %d\n\nAucun "
		    "indicateur n'est défini.\n",
		    r->year);
	else
		fprintf(f, "\n### Indicateurs sans valeur pour %d : %zu\n\n",
		    r->year, r->nsans_valeur_list);
	if (r->indicateurs && !r->nsans_valeur_list)
		fputs("Aucun.\n", f);
	for (size_t i = 0; i < r->nsans_valeur_list; i++) {
		const cls_report_missing *m = &r->sans_valeur_list[i];
		fputs("- Fiche ", f);
		clsi_md_esc(f, m->rf->f->id, true);
		fputs(", ", f);
		clsi_md_esc(f, m->ri->ind->id, true);
		fputs(" — ", f);
		clsi_md_esc(f, m->ri->ind->libelle, true);
		if (m->ri->t.has_cible) {
			cls_buf_reset(&w->b);
			clsi_fmt_cible(
			    &w->b, &m->ri->t.cible, &clsi_seps_plain);
			fputs(" (cible ", f);
			clsi_md_esc(f, cls_buf_str(&w->b), true);
			fputc(')', f);
		}
		fputc('\n', f);
	}

	if (r->jalons[CLS_JALON_EN_RETARD]) {
		fprintf(f, "\n### Jalons en retard à la fin de %d : %zu\n\n",
		    r->year, r->jalons[CLS_JALON_EN_RETARD]);
		for (size_t i = 0; i < r->nfiches; i++) {
			const cls_report_fiche *rf = &r->fiches[i];
			for (size_t k = 0; k < rf->njalons; k++) {
				const cls_report_jalon *j = &rf->jalons[k];
				if (j->etat != CLS_JALON_EN_RETARD)
					continue;
				cls_buf_reset(&w->b);
				cls_buf_printf(&w->b,
				    "Fiche %s — %s (prévu %s)", rf->f->id,
				    j->libelle, j->date);
				fputs("- ", f);
				clsi_md_esc(f, cls_buf_str(&w->b), true);
				fputc('\n', f);
			}
		}
	}

	fprintf(f, "\n### Avertissements de validation : %zu\n\n", r->warnings);
	if (!r->warnings)
		fputs("Aucun.\n", f);
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		cls_buf_reset(&w->b);
		clsi_fmt_diag(&w->b, d);
		fputs("- ", f);
		clsi_md_esc(f, cls_buf_str(&w->b), true);
		fputc('\n', f);
	}
}

int clsi_render_report_markdown(FILE *f, const cls_report_year *r)
{
	mw w;
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.r = r;
	const cls_plan *p = r->plan;

	fprintf(f, "# Bilan annuel %d — ", r->year);
	clsi_md_esc(f, p->nom ? p->nom : "Contrat Local de Santé", true);
	fputs("\n\n- **Territoire :** ", f);
	clsi_md_esc(f, p->territoire ? p->territoire : "—", true);
	cls_buf_reset(&w.b);
	clsi_fmt_periode(&w.b, p);
	fprintf(f, "\n- **Période du contrat :** %s\n", cls_buf_str(&w.b));
	if (p->signature) {
		fputs("- **Signature :** ", f);
		clsi_md_esc(f, p->signature, true);
		fputc('\n', f);
	}
	for (size_t i = 0; i < p->avenant_count; i++) {
		cls_buf_reset(&w.b);
		clsi_fmt_avenant(&w.b, &p->avenants[i]);
		fputs("- **Avenant :** ", f);
		clsi_md_esc(f, cls_buf_str(&w.b), true);
		fputc('\n', f);
	}
	fprintf(f, "- **Année du bilan :** %d\n", r->year);
	if (r->errors) {
		cls_buf_reset(&w.b);
		clsi_fmt_invalid(&w.b, r);
		fputs("\n> **Attention :** ", f);
		clsi_md_esc(f, cls_buf_str(&w.b), true);
		fputc('\n', f);
	}

	synthese(&w);

	for (size_t i = 0; i < r->naxes; i++) {
		const cls_report_axe *ra = &r->axes[i];
		fputs("\n## Axe ", f);
		clsi_md_esc(f, ra->axe->id, true);
		fputs(" — ", f);
		clsi_md_esc(f, ra->axe->titre, true);
		fputc('\n', f);
		if (!ra->total)
			fputs("\nAucune fiche action dans cet axe.\n", f);
		for (size_t k = 0; k < ra->n; k++)
			fiche(&w, ra->fiches[k], 3);
		for (size_t o = 0; o < ra->nobj; o++) {
			const cls_report_objectif *ro = &ra->objs[o];
			fputs("\n### Objectif ", f);
			clsi_md_esc(f, ro->obj->id, true);
			fputs(" — ", f);
			clsi_md_esc(f, ro->obj->titre, true);
			fputc('\n', f);
			if (!ro->n)
				fputs("\nAucune fiche action pour cet "
				      "objectif.\n",
				    f);
			for (size_t k = 0; k < ro->n; k++)
				fiche(&w, ro->fiches[k], 4);
		}
	}
	if (r->nhors) {
		fputs("\n## Fiches hors axe\n\nCes fiches ne sont rattachées à "
		      "aucun axe connu de cls.yaml.\n",
		    f);
		for (size_t k = 0; k < r->nhors; k++)
			fiche(&w, r->hors_axe[k], 3);
	}
	manques(&w);
	int rc = w.b.oom || w.c.oom ? -1 : 0;
	cls_buf_release(&w.b);
	cls_buf_release(&w.c);
	return rc;
}
