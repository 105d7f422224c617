/*
 * report.c - "cls report YEAR": the annual review (bilan annuel) of the
 * contract for the comité de pilotage.  This file reads the arguments,
 * computes every figure once (struct report) and hands it to one of the
 * writers; it also holds the helpers they share (a growable string, French
 * number formatting).  The rules for the figures are documented in
 * cls-report(1): keep the two in step.
 */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum format { F_TEXT, F_MARKDOWN, F_HTML, F_JSON };

const cls_statut rep_statut_order[CLS_STATUT_COUNT] = {
    CLS_STATUT_NON_DEMARREE,
    CLS_STATUT_EN_COURS,
    CLS_STATUT_REALISEE,
    CLS_STATUT_REPORTEE,
    CLS_STATUT_ABANDONNEE,
    CLS_STATUT_NONE,
};

const char *rep_fin_statut_label(cls_fin_statut s)
{
	static const char *const labels[]
	    = {"prévu", "sollicité", "acquis", "versé"};
	return (unsigned)s < 4 ? labels[s] : "";
}

/* ------------------------------------------------ French number writing */

const rep_seps rep_plain = {" ", " "};
const rep_seps rep_html = {"\xe2\x80\xaf", "\xc2\xa0"}; /* U+202F, U+00A0 */

double rep_round(double x, int decimals)
{
	double m = 1;
	for (int i = 0; i < decimals; i++)
		m *= 10;
	double r = x < 0 ? -floor(-x * m + 0.5) / m : floor(x * m + 0.5) / m;
	return r == 0 ? 0 : r; /* never -0 */
}

/* Writes the whole number n (>= 0) with groups of three digits. */
static void group_digits(cls_buf *b, unsigned long long n, const rep_seps *s)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%llu", n);
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			cls_buf_add(b, s->group);
		cls_buf_addn(b, &d[i], 1);
	}
}

/* x with exactly `decimals` decimals (0 to 2), French style. */
static void fixed_fmt(cls_buf *b, double x, int decimals, const rep_seps *s)
{
	unsigned long long m = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
	double r = rep_round(fabs(x), decimals) * (double)m;
	if (r > 9e17) { /* beyond what we group: plain */
		cls_buf_printf(b, "%.0f", x);
		return;
	}
	unsigned long long v = (unsigned long long)llround(r);
	if (x < 0 && v)
		cls_buf_add(b, "-");
	group_digits(b, v / m, s);
	if (decimals)
		cls_buf_printf(b, ",%0*llu", decimals, v % m);
}

void rep_money_fmt(cls_buf *b, double x, const rep_seps *s)
{
	double cents = rep_round(x * 100, 0);
	fixed_fmt(b, x, fmod(cents, 100) != 0 ? 2 : 0, s);
	cls_buf_add(b, s->unit);
	cls_buf_add(b, "€");
}

void rep_num_fmt(cls_buf *b, double x, const rep_seps *s)
{
	double h = rep_round(x * 100, 0);
	int dec = fmod(h, 100) == 0 ? 0 : fmod(h, 10) == 0 ? 1 : 2;
	fixed_fmt(b, x, dec, s);
}

void rep_pct_fmt(cls_buf *b, double x, const rep_seps *s)
{
	fixed_fmt(b, x, 0, s);
	cls_buf_add(b, s->unit);
	cls_buf_add(b, "%");
}

void rep_cible_fmt(cls_buf *b, const cls_target *t, const rep_seps *s)
{
	if (!t->is_range) {
		rep_num_fmt(b, t->min, s);
	} else if (t->has_min && t->has_max) {
		rep_num_fmt(b, t->min, s);
		cls_buf_add(b, " à ");
		rep_num_fmt(b, t->max, s);
	} else if (t->has_min) {
		cls_buf_add(b, "≥ ");
		rep_num_fmt(b, t->min, s);
	} else if (t->has_max) {
		cls_buf_add(b, "≤ ");
		rep_num_fmt(b, t->max, s);
	} else {
		cls_buf_add(b, "toute valeur");
	}
}

void rep_valeur_fmt(cls_buf *b, const rep_ind *ri, const rep_seps *s)
{
	if (!ri->t.valeur)
		return;
	if (!ri->numeric) {
		cls_buf_add(b, ri->t.valeur->text ? ri->t.valeur->text : "");
		return;
	}
	rep_num_fmt(b, ri->t.valeur->number, s);
	const char *u = ri->ind->unite;
	if (u && *u) {
		cls_buf_add(b, strcmp(u, "%") == 0 ? s->unit : " ");
		cls_buf_add(b, u);
	}
}

void rep_result_fmt(cls_buf *b, const rep_ind *ri, const rep_seps *s)
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
		rep_pct_fmt(b, ri->t.taux, s);
		cls_buf_add(b, ")");
	}
}

void rep_total_fmt(
    cls_buf *b, double total, size_t known, size_t unknown, const rep_seps *s)
{
	if (!known && unknown)
		cls_buf_add(b, "non précisé");
	else
		rep_money_fmt(b, total, s);
}

void rep_invalid_fmt(cls_buf *b, const report *r)
{
	cls_buf_printf(b,
	    "ce bilan repose sur des données invalides (%zu erreur%s "
	    "de validation) : ses chiffres peuvent être faux ou incomplets. "
	    "Corrigez les erreurs que signale cls validate avant de le "
	    "diffuser.",
	    r->errors, r->errors > 1 ? "s" : "");
}

static int money_name_cmp(const void *a, const void *b)
{
	return cls_name_order(((const rep_money *)a)->financeur,
	    ((const rep_money *)b)->financeur);
}

const rep_money *rep_money_find(
    const rep_money *v, size_t n, const char *financeur)
{
	rep_money key = {.financeur = financeur};
	return n ? bsearch(&key, v, n, sizeof(*v), money_name_cmp) : NULL;
}

void rep_unknown_fmt(cls_buf *b, const report *r)
{
	cls_buf_printf(b, "Montant non précisé pour %zu financement%s",
	    r->unknown_contrat, r->unknown_contrat > 1 ? "s" : "");
	if (r->unknown_annee)
		cls_buf_printf(
		    b, " (dont %zu en %d)", r->unknown_annee, r->year);
	cls_buf_add(b, " : les totaux ne les comptent pas.");
}

void rep_depenses_fmt(cls_buf *b, const report *r, const rep_seps *s,
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
	rep_money_fmt(b, r->depenses, s);
	cls_buf_add(b, unem);
	cls_buf_printf(b,
	    " (somme des dépenses du suivi %d, indiquées par %zu "
	    "fiche%s sur %zu).",
	    r->year, r->depenses_n, r->depenses_n > 1 ? "s" : "", r->nfiches);
}

void rep_fin_montant_fmt(
    cls_buf *b, const cls_financement *fin, const rep_seps *s)
{
	if (fin->has_montant)
		rep_money_fmt(b, fin->montant, s);
	else
		cls_buf_add(b, "non précisé");
}

void rep_json_num(FILE *f, double x)
{
	char buf[64];
	if (!isfinite(x))
		x = 0;
	if (x == 0)
		x = 0; /* never -0 */
	if (x > -1e15 && x < 1e15 && x == (double)(long long)x) {
		/* what %.15g writes for an integer, without printf */
		long long v = (long long)x;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
		                             : (unsigned long long)v;
		char *p = buf + sizeof(buf);
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			*--p = '-';
		fwrite(p, 1, (size_t)(buf + sizeof(buf) - p), f);
		return;
	}
	snprintf(buf, sizeof(buf), "%.15g", x);
	fputs(buf, f);
}

size_t rep_u8_width(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

size_t rep_u8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	for (; p[i]; i++)
		if ((p[i] & 0xC0) != 0x80 && n-- == 0)
			break;
	return i;
}

/* ------------------------------------------------------------- figures */

/* Adds fin to the financements gathered in v, one entry each; money_sum()
 * then sums them by financeur.  Gathering then sorting keeps a hostile
 * flood of financeurs O(n log n). */
static int money_add(rep_money **v, size_t *n, const cls_financement *fin)
{
	rep_money *w = cmd_grow(*v, *n, sizeof(*w));
	if (!w)
		return -1;
	*v = w;
	w[*n] = (rep_money){fin->financeur, fin->has_montant ? fin->montant : 0,
	    fin->has_montant, !fin->has_montant, *n};
	(*n)++;
	return 0;
}

static int money_seq_cmp(const void *a, const void *b)
{
	const rep_money *x = a, *y = b;
	int c = cls_name_order(x->financeur, y->financeur);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts v by financeur and sums each financeur's entries into one, in the
 * order they were gathered (the same sum, to the last bit, as adding them
 * one by one). */
static void money_sum(rep_money *v, size_t *n)
{
	if (*n > 1) /* qsort(NULL, 0) is undefined */
		qsort(v, *n, sizeof(*v), money_seq_cmp);
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		if (out && strcmp(v[out - 1].financeur, v[i].financeur) == 0) {
			v[out - 1].montant += v[i].montant;
			v[out - 1].known += v[i].known;
			v[out - 1].unknown += v[i].unknown;
		} else {
			v[out++] = v[i];
		}
	}
	*n = out;
}

static void compute_ind(
    rep_ind *ri, const cls_fiche *f, const cls_indicateur *ind, int year)
{
	ri->ind = ind;
	cls_indicateur_taux(f, ind, year, &ri->t);
	ri->numeric = ri->t.valeur && !ri->t.valeur->is_text;
}

static int compute_fiche(report *r, rep_fiche *rf, const cls_fiche *f)
{
	int y = r->year;
	rf->f = f;
	rf->suivi = cls_fiche_suivi(f, y);
	rf->statut = rf->suivi ? rf->suivi->statut : CLS_STATUT_NONE;
	rf->runs = cls_fiche_runs(f, y);
	rf->inds = calloc(
	    f->indicateur_count ? f->indicateur_count : 1, sizeof(*rf->inds));
	rf->fins = calloc(
	    f->financement_count ? f->financement_count : 1, sizeof(*rf->fins));
	if (!rf->inds || !rf->fins)
		return -1;
	for (size_t i = 0; i < f->indicateur_count; i++) {
		rep_ind *ri = &rf->inds[rf->nind++];
		compute_ind(ri, f, &f->indicateurs[i], y);
		rf->nqual += ri->t.valeur && !ri->numeric;
		if (ri->t.has_cible) {
			r->avec_cible++;
			if (ri->numeric) {
				r->evalues++;
				r->atteints += ri->t.atteint == 1;
			} else {
				r->sans_valeur++;
			}
		}
	}
	/* The year's financements first, then those of the whole contract. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->financement_count; i++) {
			const cls_financement *fin = &f->financements[i];
			if (fin->annee == (pass ? 0 : y))
				rf->fins[rf->nfin++] = fin;
		}
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (!fin->financeur)
			continue;
		if (fin->annee == y) {
			if (money_add(&r->fin_annee, &r->nfin_annee, fin))
				return -1;
			if (fin->has_montant) {
				r->total_annee += fin->montant;
				r->known_annee++;
			} else {
				r->unknown_annee++;
			}
		}
		if (money_add(&r->fin_contrat, &r->nfin_contrat, fin))
			return -1;
		if (fin->has_montant) {
			r->total_contrat += fin->montant;
			r->known_contrat++;
		} else {
			r->unknown_contrat++;
		}
	}
	r->par_statut[rf->statut]++;
	r->hors_calendrier += !rf->runs;
	if (rf->suivi && rf->suivi->has_depenses) {
		r->depenses += rf->suivi->depenses;
		r->depenses_n++;
	}
	return 0;
}

static int push(rep_fiche ***v, size_t *n, rep_fiche *rf)
{
	rep_fiche **w = cmd_grow(*v, *n, sizeof(*w));
	if (!w)
		return -1;
	*v = w;
	w[(*n)++] = rf;
	return 0;
}

static int axe_cmp(const void *a, const void *b)
{
	const rep_axe *x = a, *y = b;
	return cls_id_cmp(x->axe->id, y->axe->id);
}

static int obj_cmp(const void *a, const void *b)
{
	const rep_objectif *x = a, *y = b;
	return cls_id_cmp(x->obj->id, y->obj->id);
}

/* Places every fiche under its axe and objectif, in plan order. */
static int build_plan(report *r)
{
	const cls_plan *p = r->plan;
	r->axes = calloc(p->axe_count ? p->axe_count : 1, sizeof(*r->axes));
	if (!r->axes)
		return -1;
	for (size_t i = 0; i < p->axe_count; i++) {
		const cls_axe *ax = &p->axes[i];
		if (!ax->id)
			continue;
		rep_axe *ra = &r->axes[r->naxes++];
		ra->axe = ax;
		ra->objs = calloc(ax->objectif_count ? ax->objectif_count : 1,
		    sizeof(*ra->objs));
		if (!ra->objs)
			return -1;
		for (size_t j = 0; j < ax->objectif_count; j++)
			if (ax->objectifs[j].id)
				ra->objs[ra->nobj++].obj = &ax->objectifs[j];
		qsort(ra->objs, ra->nobj, sizeof(*ra->objs), obj_cmp);
	}
	qsort(r->axes, r->naxes, sizeof(*r->axes), axe_cmp);
	for (size_t i = 0; i < r->nfiches; i++) {
		rep_fiche *rf = &r->fiches[i];
		rep_axe *ra = NULL;
		for (size_t j = 0; rf->f->axe && j < r->naxes && !ra; j++)
			if (strcmp(r->axes[j].axe->id, rf->f->axe) == 0)
				ra = &r->axes[j];
		if (!ra) {
			if (push(&r->hors_axe, &r->nhors, rf))
				return -1;
			continue;
		}
		ra->total++;
		rep_objectif *ro = NULL;
		for (size_t j = 0; rf->f->objectif && j < ra->nobj && !ro; j++)
			if (strcmp(ra->objs[j].obj->id, rf->f->objectif) == 0)
				ro = &ra->objs[j];
		if (ro ? push(&ro->fiches, &ro->n, rf)
		       : push(&ra->fiches, &ra->n, rf))
			return -1;
	}
	return 0;
}

void rep_free(report *r)
{
	for (size_t i = 0; i < r->nfiches; i++) {
		free(r->fiches[i].inds);
		free(r->fiches[i].fins);
	}
	free(r->fiches);
	for (size_t i = 0; i < r->naxes; i++) {
		for (size_t j = 0; j < r->axes[i].nobj; j++)
			free(r->axes[i].objs[j].fiches);
		free(r->axes[i].objs);
		free(r->axes[i].fiches);
	}
	free(r->axes);
	free(r->hors_axe);
	free(r->fin_annee);
	free(r->fin_contrat);
	free(r->sans_suivi);
	free(r->sans_valeur_list);
	memset(r, 0, sizeof(*r));
}

int rep_build(report *r, const cls_contract *c, int year)
{
	memset(r, 0, sizeof(*r));
	r->plan = cls_contract_plan(c);
	r->year = year;
	r->diags = cls_contract_diags(c, &r->ndiags);
	r->errors = cls_contract_count(c, CLS_ERROR);
	r->warnings = cls_contract_count(c, CLS_WARNING);
	const cls_plan *p = r->plan;
	r->fiches
	    = calloc(p->fiche_count ? p->fiche_count : 1, sizeof(*r->fiches));
	if (!r->fiches)
		return -1;
	for (size_t i = 0; i < p->fiche_count; i++)
		if (compute_fiche(r, &r->fiches[r->nfiches++], &p->fiches[i]))
			return -1;
	if (r->evalues) {
		r->has_part = true;
		r->part = (double)r->atteints / (double)r->evalues * 100;
	}
	money_sum(r->fin_annee, &r->nfin_annee);
	money_sum(r->fin_contrat, &r->nfin_contrat);
	if (build_plan(r))
		return -1;
	/* What is missing, in plan order. */
	for (size_t i = 0; i < r->nfiches; i++) {
		rep_fiche *rf = &r->fiches[i];
		if (!rf->runs)
			continue;
		if (!rf->suivi && push(&r->sans_suivi, &r->nsans_suivi, rf))
			return -1;
		for (size_t j = 0; j < rf->nind; j++) {
			if (rf->inds[j].t.valeur)
				continue;
			rep_missing_ind *v = cmd_grow(r->sans_valeur_list,
			    r->nsans_valeur_list, sizeof(*v));
			if (!v)
				return -1;
			r->sans_valeur_list = v;
			v[r->nsans_valeur_list].rf = rf;
			v[r->nsans_valeur_list++].ri = &rf->inds[j];
		}
	}
	return 0;
}

/* ------------------------------------------------------------ command */

/* The format a file name asks for: .txt, .md/.markdown, .html/.htm,
 * .json; anything else is text. */
static enum format format_of_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	if (!dot)
		return F_TEXT;
	if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0)
		return F_MARKDOWN;
	if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
		return F_HTML;
	if (strcasecmp(dot, ".json") == 0)
		return F_JSON;
	return F_TEXT;
}

int cmd_report(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("report");
	const char *year_arg = NULL, *out_path = NULL;
	int fmt = -1, year = 0, rc = EXIT_FAIL;
	bool dashdash = false;
	cls_contract *c = NULL;
	report r;
	outfile o = {0};

	memset(&r, 0, sizeof(r));
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (dashdash || argv[i][0] != '-'
		    || strcmp(argv[i], "-") == 0) {
			if (year_arg)
				return cmd_usage_error(self,
				    _("unexpected "
				      "argument \"%s\": give one YEAR"),
				    argv[i]);
			year_arg = argv[i];
		} else if (strcmp(argv[i], "--") == 0) {
			dashdash = true;
		} else if ((v = opt_value(argc, argv, &i, "--format"))) {
			if (strcmp(v, "text") == 0)
				fmt = F_TEXT;
			else if (strcmp(v, "markdown") == 0)
				fmt = F_MARKDOWN;
			else if (strcmp(v, "html") == 0)
				fmt = F_HTML;
			else if (strcmp(v, "json") == 0)
				fmt = F_JSON;
			else
				return cmd_usage_error(self,
				    _("invalid --format "
				      "\"%s\": use text, markdown, html or "
				      "json"),
				    v);
		} else if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc)
				return cmd_usage_error(self,
				    _("-o needs a file "
				      "name"));
			out_path = argv[++i];
		} else if (strncmp(argv[i], "-o", 2) == 0) {
			out_path = argv[i] + 2;
		} else if (strcmp(argv[i], "--format") == 0) {
			return cmd_usage_error(self,
			    _("--format needs a value: "
			      "text, markdown, html or json"));
		} else {
			return cmd_usage_error(
			    self, _("unknown option \"%s\""), argv[i]);
		}
	}
	if (!year_arg)
		return cmd_usage_error(self,
		    _("which year? give YEAR, such as "
		      "2024"));
	if (!cmd_parse_year(year_arg, &year))
		return cmd_usage_error(self,
		    _("invalid YEAR \"%s\": give a "
		      "year such as 2024"),
		    year_arg);
	if (out_path && !*out_path)
		return cmd_usage_error(self, _("-o needs a file name"));
	if (fmt < 0)
		fmt = out_path ? (int)format_of_path(out_path) : F_TEXT;

	if ((rc = cmd_memo_begin(g, argc, argv, NULL, 0, out_path)) >= 0)
		return rc;
	rc = EXIT_FAIL;
	if (!(c = cmd_load(g, NULL, false)))
		return EXIT_FAIL;
	const cls_plan *plan = cls_contract_plan(c);
	size_t nd;
	const cls_diag *d = cls_contract_diags(c, &nd);
	bool color_err = cmd_color(g, 2);
	if (!plan || !plan->debut || !plan->fin || plan->debut > plan->fin) {
		for (size_t i = 0; i < nd; i++)
			if (d[i].severity == CLS_ERROR)
				cmd_print_diag(
				    cmd_err(), &d[i], NULL, color_err);
		fputs(_("cls: cannot report: the contract's periode is unknown "
		        "(fix cls.yaml)\n"),
		    cmd_err());
		rc = EXIT_DATA;
		goto out;
	}
	if (year < plan->debut || year > plan->fin) {
		rc = cmd_usage_error(self,
		    _("%d is outside the contract's "
		      "periode %d-%d"),
		    year, plan->debut, plan->fin);
		goto out;
	}
	/* The errors first: the report below rests on them. */
	for (size_t i = 0; i < nd; i++)
		if (d[i].severity == CLS_ERROR)
			cmd_print_diag(cmd_err(), &d[i], NULL, color_err);

	if (rep_build(&r, c, year)) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	if (out_open(&o, out_path))
		goto out;
	bool to_stdout = out_is_stdout(&o);
	int wr = -1;
	switch (fmt) {
	case F_TEXT:
		wr = rep_write_text(o.f, &r, to_stdout && cmd_color(g, 1));
		break;
	case F_MARKDOWN:
		wr = rep_write_markdown(o.f, &r);
		break;
	case F_HTML:
		wr = rep_write_html(o.f, &r);
		break;
	case F_JSON:
		wr = rep_write_json(o.f, &r);
		break;
	}
	if (wr) {
		if (!to_stdout)
			out_abort(&o);
		cmd_fail(_("out of memory"));
		goto out;
	}
	rc = out_commit(&o);
	if (rc == EXIT_OK && r.errors)
		rc = EXIT_DATA;
out:
	rep_free(&r);
	cls_contract_free(c);
	return rc;
}
