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

	fputs("\n### Financements prévus par financeur\n\n", f);
	if (r->nfin_contrat) {
		char y[16];
		snprintf(y, sizeof(y), "%d", r->year);
		const char *h[] = {"Financeur", y, "Tout le contrat"};
		const int wd[] = {40, 14, 14};
		clsi_md_table_head(f, h, "lrr", wd, 3);
		for (size_t i = 0; i < r->nfin_contrat; i++) {
			const cls_report_money *m = &r->fin_contrat[i];
			const cls_report_money *ma = cls_report_money_find(
			    r->fin_annee, r->nfin_annee, m->financeur);
			clsi_md_money_cell(&w->b, ma);
			clsi_md_money_cell(&w->c, m);
			const char *cells[] = {m->financeur, cls_buf_str(&w->b),
			    cls_buf_str(&w->c)};
			clsi_md_table_row(f, cells, 3, false);
		}
		cls_buf_reset(&w->b);
		cls_buf_reset(&w->c);
		clsi_fmt_total(&w->b, r->total_annee, r->known_annee,
		    r->unknown_annee, &clsi_seps_plain);
		clsi_fmt_total(&w->c, r->total_contrat, r->known_contrat,
		    r->unknown_contrat, &clsi_seps_plain);
		const char *tot[]
		    = {"Total", cls_buf_str(&w->b), cls_buf_str(&w->c)};
		clsi_md_table_row(f, tot, 3, true);
		fprintf(f,
		    "\nTable: Financements prévus en %d et sur tout "
		    "le contrat\n",
		    r->year);
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
		if (ri->t.valeur && !ri->numeric)
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
	if (rows)
		fprintf(f, "\nTable: Indicateurs de la fiche %s en %d\n",
		    rf->f->id, r->year);
	if (rf->nqual) {
		fputs("\n**Indicateurs qualitatifs**\n\n", f);
		for (size_t i = 0; i < rf->nind; i++) {
			const cls_report_ind *ri = &rf->inds[i];
			if (!ri->t.valeur || ri->numeric)
				continue;
			fputs("- *", f);
			clsi_md_esc(f,
			    ri->ind->libelle ? ri->ind->libelle : ri->ind->id,
			    true);
			fputs("* : ", f);
			clsi_md_esc(f, ri->t.valeur->text, true);
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
		fprintf(f, "- **%s :** ",
		    fi->porteurs.count > 1 ? "Porteurs" : "Porteur");
		for (size_t i = 0; i < fi->porteurs.count; i++) {
			if (i)
				fputs(" ; ", f);
			clsi_md_esc(f, fi->porteurs.items[i], true);
		}
		fputc('\n', f);
	}
	fputs("- **Fichier :** ", f);
	clsi_md_esc(f, fi->file, true);
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
			clsi_fmt_fin_montant(&w->b, fin, &clsi_seps_plain);
			const char *cells[]
			    = {fin->financeur, cls_buf_str(&w->b),
			        fin->annee ? y : "durée du contrat",
			        cls_fin_statut_label(fin->statut), fin->note};
			clsi_md_table_row(f, cells, 5, false);
		}
		fprintf(f, "\nTable: Financements de la fiche %s pour %d\n",
		    fi->id, r->year);
	}
	if (s && s->commentaire && *s->commentaire) {
		fputs("\n**Commentaire**\n\n", f);
		clsi_md_esc(f, s->commentaire, false);
		fputc('\n', f);
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
		clsi_md_esc(f, fi->file, true);
		fputs(")\n", f);
	}

	fprintf(f, "\n### Indicateurs sans valeur pour %d : %zu\n\n", r->year,
	    r->nsans_valeur_list);
	if (!r->nsans_valeur_list)
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
	fprintf(f,
	    "\n- **Période du contrat :** %d-%d\n"
	    "- **Année du bilan :** %d\n",
	    p->debut, p->fin, r->year);
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
