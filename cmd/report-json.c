/*
 * report-json.c - "cls report --format=json": every figure of the annual
 * review as one JSON document for scripts.  Keys are French snake_case and
 * documented one by one in cls-report(1); absent values are null; numbers
 * are plain ("%.15g"), rates rounded to one decimal.
 */
#include "jsonw.h"
#include "report.h"

#include <string.h>

static void write_money(jw *j, const char *k, const rep_money *m, size_t n)
{
	jw_key(j, k);
	jw_open(j, '[');
	for (size_t i = 0; i < n; i++) {
		jw_sep(j);
		jw_open(j, '{');
		jw_str(j, "financeur", m[i].financeur);
		jw_num(j, "montant", m[i].known > 0, m[i].montant);
		jw_count(j, "sans_montant", m[i].unknown);
		jw_close(j, '}');
	}
	jw_close(j, ']');
}

static void write_ind(jw *j, const rep_ind *ri)
{
	const cls_indicateur *ind = ri->ind;
	jw_open(j, '{');
	jw_str(j, "id", ind->id);
	jw_str(j, "libelle", ind->libelle);
	jw_str(j, "type", cls_ind_type_key(ind->type));
	jw_str(j, "unite", ind->unite);
	jw_str(j, "sens", cls_sens_key(ind->sens));
	jw_taux(j, &ri->t);
	jw_num(j, "cible_totale", ind->has_cible_totale, ind->cible_totale);
	jw_num(j, "cumul", ri->t.has_cumul, ri->t.cumul);
	jw_num(j, "taux_cumul", ri->t.has_taux_cumul,
	    rep_round(ri->t.taux_cumul, 1));
	jw_close(j, '}');
}

static void write_fiche(jw *j, const report *r, const rep_fiche *rf)
{
	const cls_fiche *f = rf->f;
	const cls_suivi *s = rf->suivi;
	(void)r;
	jw_sep(j);
	jw_open(j, '{');
	jw_str(j, "id", f->id);
	jw_str(j, "titre", f->titre);
	jw_str(j, "fichier", f->file);
	jw_str(j, "axe", f->axe);
	jw_str(j, "objectif", f->objectif);
	jw_str(j, "statut",
	    rf->statut == CLS_STATUT_NONE ? "sans_suivi"
	                                  : cls_statut_key(rf->statut));
	jw_str(j, "statut_libelle", cls_statut_label(rf->statut));
	jw_bool(j, "dans_calendrier", rf->runs);
	jw_num(j, "avancement", s && s->has_avancement, s ? s->avancement : 0);
	jw_num(j, "depenses", s && s->has_depenses, s ? s->depenses : 0);
	jw_strlist(j, "porteurs", &f->porteurs);
	jw_str(j, "commentaire", s ? s->commentaire : NULL);
	jw_key(j, "indicateurs");
	jw_open(j, '[');
	for (size_t i = 0; i < rf->nind; i++) {
		jw_sep(j);
		write_ind(j, &rf->inds[i]);
	}
	jw_close(j, ']');
	jw_key(j, "financements");
	jw_open(j, '[');
	for (size_t i = 0; i < rf->nfin; i++) {
		const cls_financement *fin = rf->fins[i];
		jw_sep(j);
		jw_open(j, '{');
		jw_str(j, "financeur", fin->financeur);
		jw_num(j, "montant", fin->has_montant, fin->montant);
		jw_num(j, "annee", fin->annee != 0, fin->annee);
		jw_str(j, "statut", cls_fin_statut_key(fin->statut));
		jw_str(j, "note", fin->note);
		jw_close(j, '}');
	}
	jw_close(j, ']');
	jw_close(j, '}');
}

static void write_fiches(
    jw *j, const report *r, const char *k, rep_fiche *const *v, size_t n)
{
	jw_key(j, k);
	jw_open(j, '[');
	for (size_t i = 0; i < n; i++)
		write_fiche(j, r, v[i]);
	jw_close(j, ']');
}

int rep_write_json(FILE *f, const report *r)
{
	jw j;
	memset(&j, 0, sizeof(j));
	j.f = f;
	const cls_plan *p = r->plan;

	jw_open(&j, '{');
	jw_key(&j, "contrat");
	jw_open(&j, '{');
	jw_str(&j, "nom", p->nom);
	jw_str(&j, "territoire", p->territoire);
	jw_key(&j, "periode");
	jw_open(&j, '{');
	jw_num(&j, "debut", true, p->debut);
	jw_num(&j, "fin", true, p->fin);
	jw_close(&j, '}');
	jw_close(&j, '}');
	jw_num(&j, "annee", true, r->year);
	jw_bool(&j, "donnees_valides", r->errors == 0);
	jw_count(&j, "erreurs", r->errors);
	jw_count(&j, "avertissements", r->warnings);

	jw_key(&j, "synthese");
	jw_open(&j, '{');
	jw_count(&j, "fiches", r->nfiches);
	jw_key(&j, "fiches_par_statut");
	jw_open(&j, '{');
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = rep_statut_order[i];
		jw_count(&j,
		    s == CLS_STATUT_NONE ? "sans_suivi" : cls_statut_key(s),
		    r->par_statut[s]);
	}
	jw_close(&j, '}');
	jw_count(&j, "fiches_hors_calendrier", r->hors_calendrier);
	jw_key(&j, "indicateurs");
	jw_open(&j, '{');
	jw_count(&j, "avec_cible", r->avec_cible);
	jw_count(&j, "evalues", r->evalues);
	jw_count(&j, "atteints", r->atteints);
	jw_count(&j, "sans_valeur", r->sans_valeur);
	jw_num(&j, "part_atteinte", r->has_part, rep_round(r->part, 1));
	jw_close(&j, '}');
	write_money(&j, "financements_annee", r->fin_annee, r->nfin_annee);
	/* null, like "non précisé" in the other formats, when financements
	 * exist but none has a montant */
	jw_num(&j, "total_annee", r->known_annee || !r->unknown_annee,
	    r->total_annee);
	jw_count(&j, "financements_annee_sans_montant", r->unknown_annee);
	write_money(
	    &j, "financements_contrat", r->fin_contrat, r->nfin_contrat);
	jw_num(&j, "total_contrat", r->known_contrat || !r->unknown_contrat,
	    r->total_contrat);
	jw_count(&j, "financements_contrat_sans_montant", r->unknown_contrat);
	/* null, like "non renseignées", when no fiche gave its depenses */
	jw_num(&j, "depenses_annee", r->depenses_n > 0, r->depenses);
	jw_count(&j, "fiches_avec_depenses", r->depenses_n);
	jw_close(&j, '}');

	jw_key(&j, "axes");
	jw_open(&j, '[');
	for (size_t i = 0; i < r->naxes; i++) {
		const rep_axe *ra = &r->axes[i];
		jw_sep(&j);
		jw_open(&j, '{');
		jw_str(&j, "id", ra->axe->id);
		jw_str(&j, "titre", ra->axe->titre);
		write_fiches(&j, r, "fiches", ra->fiches, ra->n);
		jw_key(&j, "objectifs");
		jw_open(&j, '[');
		for (size_t k = 0; k < ra->nobj; k++) {
			const rep_objectif *ro = &ra->objs[k];
			jw_sep(&j);
			jw_open(&j, '{');
			jw_str(&j, "id", ro->obj->id);
			jw_str(&j, "titre", ro->obj->titre);
			write_fiches(&j, r, "fiches", ro->fiches, ro->n);
			jw_close(&j, '}');
		}
		jw_close(&j, ']');
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	write_fiches(&j, r, "fiches_hors_axe", r->hors_axe, r->nhors);

	jw_key(&j, "manques");
	jw_open(&j, '{');
	jw_key(&j, "fiches_sans_suivi");
	jw_open(&j, '[');
	for (size_t i = 0; i < r->nsans_suivi; i++) {
		const cls_fiche *fi = r->sans_suivi[i]->f;
		jw_sep(&j);
		jw_open(&j, '{');
		jw_str(&j, "id", fi->id);
		jw_str(&j, "titre", fi->titre);
		jw_str(&j, "fichier", fi->file);
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_key(&j, "indicateurs_sans_valeur");
	jw_open(&j, '[');
	for (size_t i = 0; i < r->nsans_valeur_list; i++) {
		const rep_missing_ind *m = &r->sans_valeur_list[i];
		jw_sep(&j);
		jw_open(&j, '{');
		jw_str(&j, "fiche", m->rf->f->id);
		jw_str(&j, "id", m->ri->ind->id);
		jw_str(&j, "libelle", m->ri->ind->libelle);
		jw_bool(&j, "avec_cible", m->ri->t.has_cible);
		jw_str(&j, "fichier", m->rf->f->file);
		jw_num(&j, "ligne", true, m->ri->ind->loc.line);
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_key(&j, "avertissements");
	jw_open(&j, '[');
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		jw_sep(&j);
		jw_open(&j, '{');
		jw_str(&j, "fichier", d->loc.file);
		jw_num(&j, "ligne", true, d->loc.line);
		jw_num(&j, "colonne", true, d->loc.column);
		jw_str(&j, "regle", d->rule);
		jw_str(&j, "message", d->message);
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_close(&j, '}');
	jw_close(&j, '}');
	fputc('\n', f);
	return 0;
}
