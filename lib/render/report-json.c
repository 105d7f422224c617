/* SPDX-License-Identifier: MIT */
/*
 * report-json.c - "cls report --format=json": every figure of the annual
 * review as one JSON document for scripts.  Keys are French snake_case and
 * documented one by one in cls-report(1); absent values are null; numbers
 * are plain ("%.15g"), rates rounded to one decimal.
 */
#include "render.h"

#include <string.h>

/* "key": {"prevu": ..., "sollicite": ..., "acquis": ..., "verse": ...},
 * each the sum of the known montants, null when its financements have
 * none, 0 when it has none. */
static void write_statuts(jw *j, const char *k, const cls_report_sum *v)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '{');
	for (int i = 0; i < 4; i++)
		clsi_jw_num(j, cls_fin_statut_key((cls_fin_statut)i),
		    v[i].known || !v[i].unknown, v[i].montant);
	clsi_jw_close(j, '}');
}

static void write_money(
    jw *j, const char *k, const cls_report_money *m, size_t n)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "financeur", m[i].financeur);
		clsi_jw_str(j, "sigle", m[i].entry ? m[i].entry->sigle : NULL);
		clsi_jw_bool(j, "declare", m[i].entry && m[i].entry->declared);
		clsi_jw_num(j, "montant", m[i].known > 0, m[i].montant);
		clsi_jw_count(j, "sans_montant", m[i].unknown);
		write_statuts(j, "par_statut", m[i].statut);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
}

static void write_ind(jw *j, const cls_report_ind *ri)
{
	const cls_indicateur *ind = ri->ind;
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "id", ind->id);
	clsi_jw_str(j, "libelle", ind->libelle);
	clsi_jw_str(j, "type", cls_ind_type_key(ind->type));
	clsi_jw_str(j, "unite", ind->unite);
	clsi_jw_str(j, "sens", cls_sens_key(ind->sens));
	clsi_jw_bool(j, "qualitatif", ri->qualitative);
	clsi_jw_taux(j, &ri->t);
	clsi_jw_num(
	    j, "cible_totale", ind->has_cible_totale, ind->cible_totale);
	clsi_jw_num(j, "cumul", ri->t.has_cumul, ri->t.cumul);
	clsi_jw_num(j, "taux_cumul", ri->t.has_taux_cumul,
	    clsi_round(ri->t.taux_cumul, 1));
	clsi_jw_close(j, '}');
}

static void write_fiche(
    jw *j, const cls_report_year *r, const cls_report_fiche *rf)
{
	const cls_fiche *f = rf->f;
	const cls_suivi *s = rf->suivi;
	(void)r;
	clsi_jw_sep(j);
	clsi_jw_open(j, '{');
	clsi_jw_str(j, "id", f->id);
	clsi_jw_str(j, "titre", f->titre);
	clsi_jw_str(j, "fichier", f->file);
	clsi_jw_str(j, "axe", f->axe);
	clsi_jw_str(j, "objectif", f->objectif);
	clsi_jw_str(j, "statut",
	    rf->statut == CLS_STATUT_NONE ? "sans_suivi"
	                                  : cls_statut_key(rf->statut));
	clsi_jw_str(j, "statut_libelle", cls_statut_label(rf->statut));
	clsi_jw_bool(j, "dans_calendrier", rf->runs);
	clsi_jw_num(
	    j, "avancement", s && s->has_avancement, s ? s->avancement : 0);
	clsi_jw_num(j, "depenses", s && s->has_depenses, s ? s->depenses : 0);
	clsi_jw_strlist(j, "porteurs", &f->porteurs);
	clsi_jw_bool(j, "copilotage", f->copilotage);
	clsi_jw_referents(j, f);
	clsi_jw_str(j, "commentaire", s ? s->commentaire : NULL);
	const cls_strlist none = {NULL, 0};
	clsi_jw_strlist(j, "leviers", s ? &s->leviers : &none);
	clsi_jw_strlist(j, "freins", s ? &s->freins : &none);
	clsi_jw_strlist(j, "perspectives", s ? &s->perspectives : &none);
	clsi_jw_key(j, "jalons");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < rf->njalons; i++) {
		const cls_report_jalon *jl = &rf->jalons[i];
		clsi_jw_sep(j);
		clsi_jw_open(j, '{');
		clsi_jw_str(j, "libelle", jl->libelle);
		clsi_jw_str(j, "date", jl->date);
		clsi_jw_str(j, "etat", cls_jalon_etat_key(jl->etat));
		clsi_jw_num(
		    j, "atteint_en", jl->atteint_en != 0, jl->atteint_en);
		clsi_jw_bool(j, "dans_calendrier", jl->jalon != NULL);
		clsi_jw_close(j, '}');
	}
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "indicateurs");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < rf->nind; i++) {
		clsi_jw_sep(j);
		write_ind(j, &rf->inds[i]);
	}
	clsi_jw_close(j, ']');
	clsi_jw_key(j, "financements");
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < rf->nfin; i++) {
		const cls_financement *fin = rf->fins[i];
		clsi_jw_financement(j, fin);
	}
	clsi_jw_close(j, ']');
	clsi_jw_close(j, '}');
}

static void write_fiches(jw *j, const cls_report_year *r, const char *k,
    cls_report_fiche *const *v, size_t n)
{
	clsi_jw_key(j, k);
	clsi_jw_open(j, '[');
	for (size_t i = 0; i < n; i++)
		write_fiche(j, r, v[i]);
	clsi_jw_close(j, ']');
}

int clsi_render_report_json(FILE *f, const cls_report_year *r)
{
	jw j;
	memset(&j, 0, sizeof(j));
	j.f = f;
	const cls_plan *p = r->plan;

	clsi_jw_open(&j, '{');
	clsi_jw_contrat(&j, p);
	clsi_jw_num(&j, "annee", true, r->year);
	clsi_jw_bool(&j, "donnees_valides", r->errors == 0);
	clsi_jw_count(&j, "erreurs", r->errors);
	clsi_jw_count(&j, "avertissements", r->warnings);

	clsi_jw_key(&j, "synthese");
	clsi_jw_open(&j, '{');
	clsi_jw_count(&j, "fiches", r->nfiches);
	clsi_jw_key(&j, "fiches_par_statut");
	clsi_jw_open(&j, '{');
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		clsi_jw_count(&j,
		    s == CLS_STATUT_NONE ? "sans_suivi" : cls_statut_key(s),
		    r->par_statut[s]);
	}
	clsi_jw_close(&j, '}');
	clsi_jw_count(&j, "fiches_hors_calendrier", r->hors_calendrier);
	clsi_jw_key(&j, "indicateurs");
	clsi_jw_open(&j, '{');
	clsi_jw_count(&j, "definis", r->indicateurs);
	clsi_jw_count(&j, "avec_cible", r->avec_cible);
	clsi_jw_count(&j, "evalues", r->evalues);
	clsi_jw_count(&j, "atteints", r->atteints);
	clsi_jw_count(&j, "sans_valeur", r->sans_valeur);
	clsi_jw_num(&j, "part_atteinte", r->has_part, clsi_round(r->part, 1));
	clsi_jw_close(&j, '}');
	clsi_jw_key(&j, "jalons");
	clsi_jw_open(&j, '{');
	clsi_jw_count(&j, "atteints", r->jalons[CLS_JALON_ATTEINT]);
	clsi_jw_count(&j, "en_retard", r->jalons[CLS_JALON_EN_RETARD]);
	clsi_jw_count(&j, "a_venir", r->jalons[CLS_JALON_A_VENIR]);
	clsi_jw_close(&j, '}');
	write_money(&j, "financements_annee", r->fin_annee, r->nfin_annee);
	/* null, like "non précisé" in the other formats, when financements
	 * exist but none has a montant */
	clsi_jw_num(&j, "total_annee", r->known_annee || !r->unknown_annee,
	    r->total_annee);
	clsi_jw_count(&j, "financements_annee_sans_montant", r->unknown_annee);
	write_statuts(&j, "total_annee_par_statut", r->statut_annee);
	write_money(
	    &j, "financements_contrat", r->fin_contrat, r->nfin_contrat);
	clsi_jw_num(&j, "total_contrat",
	    r->known_contrat || !r->unknown_contrat, r->total_contrat);
	clsi_jw_count(
	    &j, "financements_contrat_sans_montant", r->unknown_contrat);
	write_statuts(&j, "total_contrat_par_statut", r->statut_contrat);
	/* null, like "non renseignées", when no fiche gave its depenses */
	clsi_jw_num(&j, "depenses_annee", r->depenses_n > 0, r->depenses);
	clsi_jw_count(&j, "fiches_avec_depenses", r->depenses_n);
	clsi_jw_close(&j, '}');

	clsi_jw_key(&j, "axes");
	clsi_jw_open(&j, '[');
	for (size_t i = 0; i < r->naxes; i++) {
		const cls_report_axe *ra = &r->axes[i];
		clsi_jw_sep(&j);
		clsi_jw_open(&j, '{');
		clsi_jw_str(&j, "id", ra->axe->id);
		clsi_jw_str(&j, "titre", ra->axe->titre);
		write_fiches(&j, r, "fiches", ra->fiches, ra->n);
		clsi_jw_key(&j, "objectifs");
		clsi_jw_open(&j, '[');
		for (size_t k = 0; k < ra->nobj; k++) {
			const cls_report_objectif *ro = &ra->objs[k];
			clsi_jw_sep(&j);
			clsi_jw_open(&j, '{');
			clsi_jw_str(&j, "id", ro->obj->id);
			clsi_jw_str(&j, "titre", ro->obj->titre);
			write_fiches(&j, r, "fiches", ro->fiches, ro->n);
			clsi_jw_close(&j, '}');
		}
		clsi_jw_close(&j, ']');
		clsi_jw_close(&j, '}');
	}
	clsi_jw_close(&j, ']');
	write_fiches(&j, r, "fiches_hors_axe", r->hors_axe, r->nhors);

	clsi_jw_key(&j, "manques");
	clsi_jw_open(&j, '{');
	clsi_jw_key(&j, "fiches_sans_suivi");
	clsi_jw_open(&j, '[');
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *fi = r->sans_suivi[i]->f;
		clsi_jw_sep(&j);
		clsi_jw_open(&j, '{');
		clsi_jw_str(&j, "id", fi->id);
		clsi_jw_str(&j, "titre", fi->titre);
		clsi_jw_str(&j, "fichier", fi->file);
		clsi_jw_close(&j, '}');
	}
	clsi_jw_close(&j, ']');
	clsi_jw_key(&j, "indicateurs_sans_valeur");
	clsi_jw_open(&j, '[');
	for (size_t i = 0; i < r->nsans_valeur_list; i++) {
		const cls_report_missing *m = &r->sans_valeur_list[i];
		clsi_jw_sep(&j);
		clsi_jw_open(&j, '{');
		clsi_jw_str(&j, "fiche", m->rf->f->id);
		clsi_jw_str(&j, "id", m->ri->ind->id);
		clsi_jw_str(&j, "libelle", m->ri->ind->libelle);
		clsi_jw_bool(&j, "avec_cible", m->ri->t.has_cible);
		clsi_jw_str(&j, "fichier", m->rf->f->file);
		clsi_jw_num(&j, "ligne", true, m->ri->ind->loc.line);
		clsi_jw_close(&j, '}');
	}
	clsi_jw_close(&j, ']');
	clsi_jw_key(&j, "jalons_en_retard");
	clsi_jw_open(&j, '[');
	for (size_t i = 0; i < r->nfiches; i++) {
		const cls_report_fiche *rf = &r->fiches[i];
		for (size_t k = 0; k < rf->njalons; k++) {
			const cls_report_jalon *jl = &rf->jalons[k];
			if (jl->etat != CLS_JALON_EN_RETARD)
				continue;
			clsi_jw_sep(&j);
			clsi_jw_open(&j, '{');
			clsi_jw_str(&j, "fiche", rf->f->id);
			clsi_jw_str(&j, "libelle", jl->libelle);
			clsi_jw_str(&j, "date", jl->date);
			clsi_jw_str(&j, "fichier", rf->f->file);
			clsi_jw_close(&j, '}');
		}
	}
	clsi_jw_close(&j, ']');
	clsi_jw_key(&j, "avertissements");
	clsi_jw_open(&j, '[');
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		clsi_jw_sep(&j);
		clsi_jw_open(&j, '{');
		clsi_jw_str(&j, "fichier", d->loc.file);
		clsi_jw_num(&j, "ligne", true, d->loc.line);
		clsi_jw_num(&j, "colonne", true, d->loc.column);
		clsi_jw_str(&j, "regle", d->rule);
		clsi_jw_str(&j, "message", d->message);
		clsi_jw_close(&j, '}');
	}
	clsi_jw_close(&j, ']');
	clsi_jw_close(&j, '}');
	clsi_jw_close(&j, '}');
	fputc('\n', f);
	return 0;
}
