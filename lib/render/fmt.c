/* SPDX-License-Identifier: MIT */
/*
 * fmt.c - French numbers, money, percents and targets as the reports
 * write them ("18 000 €", "12,5", "83 %", "≥ 1", "2 à 4"), and the
 * sentences of the report built from them; one module, unit-tested.
 */
#include "render.h"

#include <math.h>
#include <string.h>

const cls_statut clsi_statut_order[CLS_STATUT_COUNT] = {
    CLS_STATUT_NON_DEMARREE,
    CLS_STATUT_EN_COURS,
    CLS_STATUT_REALISEE,
    CLS_STATUT_REPORTEE,
    CLS_STATUT_ABANDONNEE,
    CLS_STATUT_NONE,
};

const clsi_seps clsi_seps_plain = {" ", " "};
const clsi_seps clsi_seps_html
    = {"\xe2\x80\xaf", "\xc2\xa0"}; /* U+202F, U+00A0 */

double clsi_round(double x, int decimals)
{
	double m = 1;
	for (int i = 0; i < decimals; i++)
		m *= 10;
	double r = x < 0 ? -floor(-x * m + 0.5) / m : floor(x * m + 0.5) / m;
	return r == 0 ? 0 : r; /* never -0 */
}

/* Writes the whole number n (>= 0) with groups of three digits, a group
 * at a time: a table of indicateurs writes tens of thousands of them. */
static void group_digits(cls_buf *b, unsigned long long n, const clsi_seps *s)
{
	char d[24];
	size_t len = sizeof(d);
	do {
		d[--len] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	size_t digits = sizeof(d) - len, head = digits % 3 ? digits % 3 : 3;
	cls_buf_addn(b, d + len, head);
	for (size_t i = len + head; i < sizeof(d); i += 3) {
		cls_buf_add(b, s->group);
		cls_buf_addn(b, d + i, 3);
	}
}

/* x with exactly `decimals` decimals (0 to 2), French style. */
static void fixed_fmt(cls_buf *b, double x, int decimals, const clsi_seps *s)
{
	unsigned long long m = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
	double r = clsi_round(fabs(x), decimals) * (double)m;
	if (r > 9e17) { /* beyond what we group: plain */
		cls_buf_printf(b, "%.0f", x);
		return;
	}
	unsigned long long v = (unsigned long long)llround(r);
	if (x < 0 && v)
		cls_buf_add(b, "-");
	group_digits(b, v / m, s);
	if (decimals) {
		/* ",%0*llu" of v % m, without printf */
		unsigned f = (unsigned)(v % m);
		char t[3] = {',', 0, 0};
		if (decimals == 2) {
			t[1] = (char)('0' + f / 10);
			t[2] = (char)('0' + f % 10);
		} else {
			t[1] = (char)('0' + f);
		}
		cls_buf_addn(b, t, 1 + (size_t)decimals);
	}
}

void clsi_fmt_money(cls_buf *b, double x, const clsi_seps *s)
{
	double cents = clsi_round(x * 100, 0);
	fixed_fmt(b, x, fmod(cents, 100) != 0 ? 2 : 0, s);
	cls_buf_add(b, s->unit);
	cls_buf_add(b, "€");
}

void clsi_fmt_num(cls_buf *b, double x, const clsi_seps *s)
{
	double h = clsi_round(x * 100, 0);
	int dec = fmod(h, 100) == 0 ? 0 : fmod(h, 10) == 0 ? 1 : 2;
	fixed_fmt(b, x, dec, s);
}

void clsi_fmt_pct(cls_buf *b, double x, const clsi_seps *s)
{
	fixed_fmt(b, x, 0, s);
	cls_buf_add(b, s->unit);
	cls_buf_add(b, "%");
}

void clsi_fmt_cible(cls_buf *b, const cls_target *t, const clsi_seps *s)
{
	if (!t->is_range) {
		clsi_fmt_num(b, t->min, s);
	} else if (t->has_min && t->has_max) {
		clsi_fmt_num(b, t->min, s);
		cls_buf_add(b, " à ");
		clsi_fmt_num(b, t->max, s);
	} else if (t->has_min) {
		cls_buf_add(b, "≥ ");
		clsi_fmt_num(b, t->min, s);
	} else if (t->has_max) {
		cls_buf_add(b, "≤ ");
		clsi_fmt_num(b, t->max, s);
	} else {
		cls_buf_add(b, "toute valeur");
	}
}

void clsi_fmt_valeur(cls_buf *b, const cls_report_ind *ri, const clsi_seps *s)
{
	if (!ri->t.valeur)
		return;
	if (!ri->numeric) {
		cls_buf_add(b, ri->t.valeur->text ? ri->t.valeur->text : "");
		return;
	}
	clsi_fmt_num(b, ri->t.valeur->number, s);
	const char *u = ri->ind->unite;
	if (u && *u) {
		cls_buf_add(b, strcmp(u, "%") == 0 ? s->unit : " ");
		cls_buf_add(b, u);
	}
}

void clsi_fmt_result(cls_buf *b, const cls_report_ind *ri, const clsi_seps *s)
{
	if (!ri->t.has_cible)
		return;
	if (ri->t.atteint < 0) {
		cls_buf_add(b, ri->t.valeur ? "non évalué" : "sans valeur");
		return;
	}
	cls_buf_add(b, ri->t.atteint ? "atteint" : "non atteint");
	if (ri->t.has_taux) {
		cls_buf_add(b, " (");
		clsi_fmt_pct(b, ri->t.taux, s);
		cls_buf_add(b, ")");
	}
}

void clsi_fmt_total(
    cls_buf *b, double total, size_t known, size_t unknown, const clsi_seps *s)
{
	if (!known && unknown)
		cls_buf_add(b, "non précisé");
	else
		clsi_fmt_money(b, total, s);
}

void clsi_fmt_invalid(cls_buf *b, const cls_report_year *r)
{
	cls_buf_printf(b,
	    "ce bilan repose sur des données invalides (%zu erreur%s "
	    "de validation) : ses chiffres peuvent être faux ou incomplets. "
	    "Corrigez les erreurs que signale cls validate avant de le "
	    "diffuser.",
	    r->errors, r->errors > 1 ? "s" : "");
}

void clsi_fmt_unknown(cls_buf *b, const cls_report_year *r)
{
	cls_buf_printf(b, "Montant non précisé pour %zu financement%s",
	    r->unknown_contrat, r->unknown_contrat > 1 ? "s" : "");
	if (r->unknown_annee)
		cls_buf_printf(
		    b, " (dont %zu en %d)", r->unknown_annee, r->year);
	cls_buf_add(b, " : les totaux ne les comptent pas.");
}

void clsi_fmt_depenses(cls_buf *b, const cls_report_year *r, const clsi_seps *s,
    const char *em, const char *unem)
{
	cls_buf_printf(b, "Dépenses réalisées en %d : ", r->year);
	if (!r->depenses_n) {
		cls_buf_printf(b,
		    "non renseignées (aucune fiche n'indique ses "
		    "dépenses dans son suivi %d).",
		    r->year);
		return;
	}
	cls_buf_add(b, em);
	clsi_fmt_money(b, r->depenses, s);
	cls_buf_add(b, unem);
	cls_buf_printf(b,
	    " (somme des dépenses du suivi %d, indiquées par %zu "
	    "fiche%s sur %zu).",
	    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "", r->nfiches);
}

void clsi_fmt_fin_montant(
    cls_buf *b, const cls_financement *fin, const clsi_seps *s)
{
	if (fin->has_montant)
		clsi_fmt_money(b, fin->montant, s);
	else
		cls_buf_add(b, "non précisé");
}

void clsi_fmt_statuts(cls_buf *b, const size_t *par_statut)
{
	bool first = true;
	for (int i = 0; i < CLS_STATUT_COUNT; i++) {
		cls_statut s = clsi_statut_order[i];
		if (!par_statut[s])
			continue;
		cls_buf_printf(b, "%s%zu %s", first ? "" : ", ", par_statut[s],
		    cls_statut_label(s));
		first = false;
	}
	if (first)
		cls_buf_add(b, "aucune fiche");
}

void clsi_fmt_part(cls_buf *b, const cls_report_figures *g, const clsi_seps *s)
{
	if (!g->has_part) {
		cls_buf_add(b, "—");
		return;
	}
	clsi_fmt_pct(b, g->part, s);
	cls_buf_printf(b, " (%zu sur %zu)", g->atteints, g->evalues);
}

void clsi_fmt_span(cls_buf *b, int from, int to)
{
	if (from == to)
		cls_buf_printf(b, "%d", from);
	else
		cls_buf_printf(b, "%d-%d", from, to);
}

void clsi_fmt_money_of(
    cls_buf *b, const cls_report_money *m, const clsi_seps *s)
{
	if (!m || (!m->known && !m->unknown))
		cls_buf_add(b, "—");
	else if (!m->known)
		cls_buf_add(b, "non précisé");
	else
		clsi_fmt_money(b, m->montant, s);
}

void clsi_fmt_prevu(cls_buf *b, const cls_report_figures *g, const clsi_seps *s)
{
	clsi_fmt_total(b, g->prevu, g->prevu_known, g->prevu_unknown, s);
}

void clsi_fmt_depense(
    cls_buf *b, const cls_report_figures *g, const clsi_seps *s)
{
	if (g->depenses_n)
		clsi_fmt_money(b, g->depenses, s);
	else
		cls_buf_add(b, "non renseignées");
}

const char *clsi_jalon_label(cls_jalon_etat st)
{
	static const char *const labels[] = {"atteint", "en retard", "à venir"};
	return (unsigned)st < 3 ? labels[st] : "";
}

void clsi_fmt_jalon(cls_buf *b, const cls_report_jalon *j)
{
	cls_buf_add(
	    b, j->jalon->libelle ? j->jalon->libelle : "(sans libellé)");
	if (j->jalon->date)
		cls_buf_printf(b, " (prévu %s)", j->jalon->date);
	cls_buf_add(b, " : ");
	if (j->etat == CLS_JALON_ATTEINT)
		cls_buf_printf(b, "atteint en %d", j->atteint_en);
	else
		cls_buf_add(b, clsi_jalon_label(j->etat));
}

void clsi_fmt_span_invalid(cls_buf *b, size_t errors, bool several)
{
	cls_buf_printf(b,
	    "%s repose sur des données invalides (%zu erreur%s de "
	    "validation) : ses chiffres peuvent être faux ou incomplets. "
	    "Corrigez les erreurs que signale cls validate avant de la "
	    "diffuser.",
	    several ? "cette synthèse" : "cette évaluation", errors,
	    errors > 1 ? "s" : "");
}

void clsi_fmt_moves(cls_buf *b, const cls_report_moves *m)
{
	cls_buf_printf(b, "%zu démarrée%s, %zu réalisée%s, %zu abandonnée%s",
	    m->demarrees, m->demarrees > 1 ? "s" : "", m->realisees,
	    m->realisees > 1 ? "s" : "", m->abandonnees,
	    m->abandonnees > 1 ? "s" : "");
}

void clsi_fmt_parcours(cls_buf *b, const cls_report_trajectory *t)
{
	size_t at = b->len;
	if (t->demarrage)
		cls_buf_printf(b, "démarrée en %d", t->demarrage);
	if (t->realisation)
		cls_buf_printf(b, "%sréalisée en %d", b->len > at ? ", " : "",
		    t->realisation);
	if (t->abandon)
		cls_buf_printf(b, "%sabandonnée en %d", b->len > at ? ", " : "",
		    t->abandon);
	if (t->reportee)
		cls_buf_printf(b, "%sreportée pendant la période",
		    b->len > at ? ", " : "");
	if (b->len == at)
		cls_buf_add(b, "pas encore démarrée");
}

void clsi_fmt_prevu_by(
    cls_buf *b, const cls_report_contract *k, const clsi_seps *s)
{
	clsi_fmt_prevu(b, &k->periode, s);
	for (size_t i = 0, n = 0; i < k->nfinanceurs; i++) {
		const cls_report_money *m = &k->financeurs[i].periode;
		if (!m->known && !m->unknown)
			continue;
		cls_buf_printf(b, "%s%s ", n++ ? " ; " : " : ",
		    k->financeurs[i].financeur);
		clsi_fmt_money_of(b, m, s);
	}
}

void clsi_fmt_year_list(cls_buf *b, const int *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cls_buf_printf(b, "%s%d", i ? ", " : "", v[i]);
}

void clsi_fmt_gap(cls_buf *b, const cls_report_span *s, const cls_report_gap *g,
    const clsi_seps *seps)
{
	for (size_t i = 0; i < g->nannees; i++) {
		cls_buf_printf(b, "%s%d", i ? ", " : "", g->annees[i]);
		if (!g->avec_cible[i])
			continue;
		const cls_report_year *y = &s->years[g->annees[i] - s->from];
		cls_buf_add(b, " (cible ");
		clsi_fmt_cible(
		    b, &y->fiches[g->t->index].inds[g->ind].t.cible, seps);
		cls_buf_add(b, ")");
	}
}

void clsi_fmt_diag(cls_buf *b, const cls_diag *d)
{
	cls_escape(b, d->loc.file, 0); /* a name: one line */
	if (d->loc.line > 0)
		cls_buf_printf(b, ":%d", d->loc.line);
	cls_buf_printf(b, ": %s [%s]", d->message, d->rule);
}

size_t clsi_u8_width(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

size_t clsi_u8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	for (; p[i]; i++)
		if ((p[i] & 0xC0) != 0x80 && n-- == 0)
			break;
	return i;
}

void clsi_fmt_financeur(cls_buf *b, const cls_financeur *e, const char *name)
{
	if (!e) {
		cls_buf_add(b, name ? name : "");
		return;
	}
	cls_buf_add(b, e->nom);
	if (e->sigle && *e->sigle && strcmp(e->sigle, e->nom) != 0)
		cls_buf_printf(b, " (%s)", e->sigle);
}

void clsi_fmt_sum(cls_buf *b, const cls_report_sum *s, const clsi_seps *sp)
{
	if (!s->known && !s->unknown)
		cls_buf_add(b, "—");
	else if (!s->known)
		cls_buf_add(b, "non précisé");
	else
		clsi_fmt_money(b, s->montant, sp);
}

void clsi_fmt_periode(cls_buf *b, const cls_plan *p)
{
	cls_buf_printf(b, "%d-%d", p->debut, p->fin);
	if (p->fin != p->fin_initial && p->fin_initial)
		cls_buf_printf(b, " (%s par avenant ; période initiale %d-%d)",
		    p->fin > p->fin_initial ? "prolongée" : "réduite",
		    p->debut_initial, p->fin_initial);
}

void clsi_fmt_avenant(cls_buf *b, const cls_avenant *a)
{
	cls_buf_printf(b, "%s : %s", a->date, a->objet ? a->objet : "");
	if (a->fin)
		cls_buf_printf(b, " — fin portée à %d", a->fin);
	for (size_t i = 0; i < a->signataires.count; i++)
		cls_buf_printf(b, "%s%s",
		    i            ? ", "
		        : a->fin ? " ; signataires : "
		                 : " — signataires : ",
		    a->signataires.items[i]);
}

void clsi_fmt_referent(cls_buf *b, const cls_referent *r)
{
	cls_buf_add(b, r->nom);
	if (r->fonction || r->structure) {
		cls_buf_add(b, " (");
		if (r->fonction)
			cls_buf_add(b, r->fonction);
		if (r->fonction && r->structure)
			cls_buf_add(b, ", ");
		if (r->structure)
			cls_buf_add(b, r->structure);
		cls_buf_add(b, ")");
	}
	if (r->courriel || r->telephone) {
		cls_buf_add(b, " — ");
		if (r->courriel)
			cls_buf_add(b, r->courriel);
		if (r->courriel && r->telephone)
			cls_buf_add(b, ", ");
		if (r->telephone)
			cls_buf_add(b, r->telephone);
	}
}

void clsi_fmt_jalon_etat(cls_buf *b, const cls_report_jalon *j)
{
	if (j->etat == CLS_JALON_ATTEINT)
		cls_buf_printf(b, "atteint en %d", j->atteint_en);
	else
		cls_buf_add(b, cls_jalon_etat_label(j->etat));
	if (!j->jalon)
		cls_buf_add(b, " (absent du calendrier)");
}

void clsi_fmt_jalons_summary(cls_buf *b, const cls_report_year *r)
{
	cls_buf_printf(b, "%zu atteint%s, %zu en retard, %zu à venir",
	    r->jalons[CLS_JALON_ATTEINT],
	    r->jalons[CLS_JALON_ATTEINT] > 1 ? "s" : "",
	    r->jalons[CLS_JALON_EN_RETARD], r->jalons[CLS_JALON_A_VENIR]);
}

const char *clsi_porteurs_label(const cls_fiche *f)
{
	if (f->copilotage)
		return f->porteurs.count > 1 ? "Co-pilotes" : "Co-pilote";
	return f->porteurs.count > 1 ? "Porteurs" : "Porteur";
}

const char *const clsi_suivi_list_title[CLSI_SUIVI_LISTS]
    = {"Leviers", "Freins", "Perspectives"};

const cls_strlist *clsi_suivi_list(const cls_suivi *s, int k)
{
	return k == 0 ? &s->leviers : k == 1 ? &s->freins : &s->perspectives;
}

bool clsi_suivi_has_words(const cls_suivi *s)
{
	if (!s)
		return false;
	if (s->commentaire && *s->commentaire)
		return true;
	for (int k = 0; k < CLSI_SUIVI_LISTS; k++)
		if (clsi_suivi_list(s, k)->count)
			return true;
	return false;
}

const char *const clsi_statut_fin_head[4]
    = {"Prévu", "Sollicité", "Acquis", "Versé"};
