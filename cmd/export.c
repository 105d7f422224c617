/*
 * export.c - "cls export TABLE": one table of one or more contracts as CSV
 * for funders and spreadsheets: fiches, indicateurs (long format: one row
 * per indicateur and year), financements, suivi (one row per fiche and
 * year).  Every column is documented in cls-export(1); how cells are
 * written (dialects, quoting, neutralised formulas) in csv.h.
 */
#include "csv.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The columns every table starts with: the contract (so exports of several
 * contracts can be concatenated) and where the fiche sits in it. */
#define FICHE_COLS "contrat", "axe", "objectif", "fiche", "titre"

static const char *const fiches_cols[] = {FICHE_COLS, "porteurs", "partenaires",
    "public", "themes", "annee_debut", "annee_fin", "calendrier_debut",
    "calendrier_fin", "calendrier", "budget", "financeurs", "montant",
    "suivi_annee", "statut", "avancement", "depenses", "contexte", "objectifs",
    "description", "facilitateurs", "freins", "fichier"};
static const char *const indicateurs_cols[] = {CSV_INDICATEUR_COLS};
static const char *const financements_cols[]
    = {FICHE_COLS, "financeur", "annee", "montant", "statut", "note"};
static const char *const suivi_cols[] = {FICHE_COLS, "porteurs", "annee",
    "statut", "avancement", "depenses", "commentaire", "jalons"};

typedef struct exporter exporter;

typedef struct table {
	const char *name;
	const char *const *cols;
	size_t ncols;
	void (*fiche)(exporter *ex, const cls_fiche *f); /* its rows */
} table;

struct exporter {
	csv_writer w;
	const table *t;
	int year; /* 0: every year */
	const char *financeur; /* NULL: every financeur */
	const cls_plan *plan; /* the contract being written */
	FILE *f;
	csv_dialect d;
	bool started; /* the header is written */
};

/* ---------------------------------------------------------- what is kept */

/* Whether fin is kept: of the financeur asked for, and of the year asked
 * for or of no year (an amount over the whole contract covers it too). */
static bool fin_kept(const exporter *ex, const cls_financement *fin)
{
	if (ex->financeur && cls_name_cmp(fin->financeur, ex->financeur) != 0)
		return false;
	return !ex->year || fin->annee == ex->year || fin->annee == 0;
}

/* Whether the fiche is exported: --financeur keeps the fiches the funder
 * finances (in the year, with --year), --year those with something in the
 * year. */
static bool fiche_kept(const exporter *ex, const cls_fiche *f)
{
	if (ex->year && !cls_fiche_has_year(f, ex->year))
		return false;
	if (!ex->financeur)
		return true;
	for (size_t i = 0; i < f->financement_count; i++)
		if (fin_kept(ex, &f->financements[i]))
			return true;
	return false;
}

/* The years of rows of a per-year table: the fiche's years, and any other
 * year that carries data (lo..hi, to be filtered with cls_fiche_runs() or the
 * data).  Widens *lo and *hi by year y. */
static void widen(int *lo, int *hi, int y)
{
	if (y < *lo)
		*lo = y;
	if (y > *hi)
		*hi = y;
}

static void years_of_fiche(const cls_fiche *f, int *lo, int *hi)
{
	*lo = INT_MAX;
	*hi = INT_MIN;
	if (f->first_year) {
		widen(lo, hi, f->first_year);
		widen(lo, hi, f->last_year);
	}
}

/* Narrows lo..hi to the year asked for. */
static void only_year(const exporter *ex, int *lo, int *hi)
{
	if (!ex->year)
		return;
	if (ex->year < *lo || ex->year > *hi) {
		*lo = 1;
		*hi = 0;
	} else {
		*lo = *hi = ex->year;
	}
}

/* ------------------------------------------------------------------ rows */

static void strlist(exporter *ex, const cls_strlist *l)
{
	csv_list(&ex->w, l->items, l->count);
}

static void start(exporter *ex);

/* The first cells of every row. */
static void fiche_start(exporter *ex, const cls_fiche *f)
{
	start(ex);
	csv_text(&ex->w, ex->plan->nom);
	csv_text(&ex->w, f->axe);
	csv_text(&ex->w, f->objectif);
	csv_text(&ex->w, f->id);
	csv_text(&ex->w, f->titre);
}

static void year_cell(exporter *ex, int y)
{
	csv_opt_number(&ex->w, y, y);
}

/* The kept financeurs of f, each once (case and accents folded), in the
 * order they first appear. */
static void financeurs_cell(exporter *ex, const cls_fiche *f)
{
	const char **names = NULL;
	size_t n = 0;
	if (f->financement_count
	    && !(names = malloc(f->financement_count * sizeof(*names)))) {
		ex->w.oom = true;
		csv_empty(&ex->w);
		return;
	}
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		size_t j = 0;
		if (!fin_kept(ex, fin))
			continue;
		while (j < n && cls_name_cmp(names[j], fin->financeur) != 0)
			j++;
		if (j == n)
			names[n++] = fin->financeur;
	}
	csv_list(&ex->w, names, n);
	free(names);
}

static void suivi_cells(exporter *ex, const cls_suivi *s)
{
	csv_text(&ex->w, s ? cls_statut_key(s->statut) : NULL);
	csv_opt_number(&ex->w, s && s->has_avancement, s ? s->avancement : 0);
	csv_opt_number(&ex->w, s && s->has_depenses, s ? s->depenses : 0);
}

static void fiches_rows(exporter *ex, const cls_fiche *f)
{
	fiche_start(ex, f);
	strlist(ex, &f->porteurs);
	strlist(ex, &f->partenaires);
	strlist(ex, &f->public_);
	strlist(ex, &f->themes);
	year_cell(ex, f->first_year);
	year_cell(ex, f->last_year);
	csv_text(&ex->w, f->cal_debut);
	csv_text(&ex->w, f->cal_fin);
	csv_text(&ex->w, f->cal_detail);
	csv_text(&ex->w, f->budget);
	financeurs_cell(ex, f);
	double sum = 0;
	size_t known = 0;
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (fin_kept(ex, fin) && fin->has_montant) {
			sum += fin->montant;
			known++;
		}
	}
	csv_opt_number(&ex->w, known, sum);
	/* The suivi of the year asked for, else the latest one. */
	const cls_suivi *s = ex->year ? cls_fiche_suivi(f, ex->year)
	    : f->suivi_count          ? &f->suivis[f->suivi_count - 1]
	                              : NULL;
	year_cell(ex, s ? s->year : 0);
	suivi_cells(ex, s);
	csv_text(&ex->w, f->contexte);
	strlist(ex, &f->objectifs);
	csv_text(&ex->w, f->description);
	strlist(ex, &f->facilitateurs);
	strlist(ex, &f->freins);
	csv_text(&ex->w, f->file);
	csv_end_row(&ex->w);
}

static void indicateur_row(
    exporter *ex, const cls_fiche *f, const cls_indicateur *ind, int y)
{
	cls_taux t;
	cls_indicateur_taux(f, ind, y, &t);
	start(ex);
	csv_indicateur_row(&ex->w, ex->plan->nom, f, ind, y, &t);
}

static void indicateurs_rows(exporter *ex, const cls_fiche *f)
{
	for (size_t i = 0; i < f->indicateur_count; i++) {
		const cls_indicateur *ind = &f->indicateurs[i];
		int lo, hi;
		years_of_fiche(f, &lo, &hi);
		for (size_t k = 0; k < ind->cible_count; k++)
			widen(&lo, &hi, ind->cibles[k].year);
		for (size_t k = 0; k < ind->valeur_count; k++)
			widen(&lo, &hi, ind->valeurs[k].year);
		only_year(ex, &lo, &hi);
		for (int y = lo; y <= hi && y > 0; y++) {
			cls_target t;
			if (cls_fiche_runs(f, y)
			    || cls_indicateur_valeur(ind, y)
			    || cls_indicateur_cible(f, ind, y, &t))
				indicateur_row(ex, f, ind, y);
		}
	}
}

static void financements_rows(exporter *ex, const cls_fiche *f)
{
	for (size_t i = 0; i < f->financement_count; i++) {
		const cls_financement *fin = &f->financements[i];
		if (!fin_kept(ex, fin))
			continue;
		fiche_start(ex, f);
		csv_text(&ex->w, fin->financeur);
		year_cell(ex, fin->annee);
		if (fin->has_montant)
			csv_number(&ex->w, fin->montant);
		else
			csv_empty(&ex->w);
		csv_text(&ex->w, cls_fin_statut_key(fin->statut));
		csv_text(&ex->w, fin->note);
		csv_end_row(&ex->w);
	}
}

static void suivi_rows(exporter *ex, const cls_fiche *f)
{
	int lo, hi;
	years_of_fiche(f, &lo, &hi);
	for (size_t k = 0; k < f->suivi_count; k++)
		widen(&lo, &hi, f->suivis[k].year);
	only_year(ex, &lo, &hi);
	for (int y = lo; y <= hi && y > 0; y++) {
		const cls_suivi *s = cls_fiche_suivi(f, y);
		if (!s && !cls_fiche_runs(f, y))
			continue;
		fiche_start(ex, f);
		strlist(ex, &f->porteurs);
		csv_number(&ex->w, y);
		suivi_cells(ex, s);
		csv_text(&ex->w, s ? s->commentaire : NULL);
		if (s)
			strlist(ex, &s->jalons);
		else
			csv_empty(&ex->w);
		csv_end_row(&ex->w);
	}
}

#define TABLE(name, rows)                                                      \
	{                                                                      \
#name, name##_cols,                                            \
		    sizeof(name##_cols) / sizeof(name##_cols[0]), rows         \
	}

static const table tables[] = {
    TABLE(fiches, fiches_rows),
    TABLE(indicateurs, indicateurs_rows),
    TABLE(financements, financements_rows),
    TABLE(suivi, suivi_rows),
};

/* ------------------------------------------------------------- command */

/* The contracts of the run: their roots are found before anything is
 * written (a folder without a contract is a usage error that leaves no
 * output), then each is loaded, written and freed in turn, so that memory
 * does not grow with the number of contracts. */
typedef struct run {
	cmd_roots dirs;
	/* what the usage checks need, gathered while writing */
	year_cover yc; /* which contracts hold --year */
	bool financeur_seen;
	char **names; /* the financeurs met, while financeur_seen is false */
	size_t nnames, cap;
	bool oom;
} run;

static void clsi_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void run_free(run *r)
{
	cmd_roots_free(&r->dirs);
	year_cover_free(&r->yc);
	clsi_strv_free(r->names, r->nnames);
}

/* Appends a copy of s to *v (of *n items); false when out of memory. */
static bool clsi_strv_push(char ***v, size_t *n, const char *s)
{
	char **w = realloc(*v, (*n + 1) * sizeof(*w));
	if (!w)
		return false;
	*v = w;
	if (!(w[*n] = strdup(s)))
		return false;
	++*n;
	return true;
}

/* Remembers the financeurs of p (for the message when --financeur names
 * none of them) and whether one is the financeur asked for. */
static void note_financeurs(run *r, const cls_plan *p, const char *wanted)
{
	for (size_t j = 0; j < p->fiche_count && !r->financeur_seen; j++) {
		const cls_fiche *f = &p->fiches[j];
		for (size_t k = 0; k < f->financement_count; k++) {
			const char *name = f->financements[k].financeur;
			size_t m = 0;
			if (cls_name_cmp(name, wanted) == 0) {
				r->financeur_seen = true;
				return;
			}
			while (m < r->nnames && cls_name_cmp(r->names[m], name))
				m++;
			if (m == r->nnames
			    && !clsi_strv_push(&r->names, &r->nnames, name))
				r->oom = true;
		}
	}
}

static int name_sort(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = cls_name_cmp(x, y);
	return c ? c : strcmp(x, y);
}

/* Says that no contract has the financeur, with those they have. */
static void unknown_financeur(run *r, const char *financeur)
{
	if (!r->nnames) {
		fprintf(cmd_err(),
		    _("cls: no financeur \"%s\": the contract has no "
		      "financements\n"),
		    financeur);
		return;
	}
	qsort(r->names, r->nnames, sizeof(*r->names), name_sort);
	fprintf(cmd_err(),
	    _("cls: no financeur \"%s\" in the contract: give one of these "
	      "(case and accents do not matter)\n"),
	    financeur);
	for (size_t i = 0; i < r->nnames; i++)
		fprintf(cmd_err(), "  %s\n", r->names[i]);
}

static void start(exporter *ex)
{
	if (ex->started)
		return;
	ex->started = true;
	csv_writer_init(&ex->w, ex->f, &ex->d);
	csv_header(&ex->w, ex->t->cols, ex->t->ncols);
}

/* Loads, checks and writes every contract of the run. */
static int write_all(exporter *ex, run *r, const globals *g)
{
	bool color = cmd_color(g, 2);
	int rc = EXIT_OK;
	for (size_t i = 0; i < r->dirs.n && !ex->w.oom && !r->oom; i++) {
		cls_contract *c = cmd_load(g, r->dirs.roots[i], false);
		if (!c)
			return EXIT_FAIL;
		size_t nd;
		const cls_diag *d = cls_contract_diags(c, &nd);
		/* The errors first: the rows below rest on them. */
		for (size_t j = 0; j < nd; j++)
			if (d[j].severity == CLS_ERROR)
				cmd_print_diag(
				    cmd_err(), &d[j], r->dirs.prefix[i], color);
		if (cls_contract_count(c, CLS_ERROR))
			rc = EXIT_DATA;
		const cls_plan *p = cls_contract_plan(c);
		if (p && ex->financeur && !r->financeur_seen)
			note_financeurs(r, p, ex->financeur);
		if (p && year_covers(&r->yc, p, r->dirs.prefix[i])) {
			ex->plan = p;
			for (size_t j = 0; j < p->fiche_count && !ex->w.oom;
			     j++)
				if (fiche_kept(ex, &p->fiches[j]))
					ex->t->fiche(ex, &p->fiches[j]);
		}
		cls_contract_free(c);
	}
	if (ex->w.oom || r->oom || r->yc.oom)
		return cmd_fail(_("out of memory"));
	return rc;
}

int cmd_export(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("export");
	const char *table_arg = NULL, *year_arg = NULL, *out_path = NULL;
	const char **dirs = NULL;
	size_t ndirs = 0;
	bool dashdash = false;
	csv_opts co = {false, false, 0};
	exporter ex;
	run r;
	outfile o = {0};
	int rc = EXIT_FAIL;

	memset(&ex, 0, sizeof(ex));
	memset(&r, 0, sizeof(r));
	if (argc > 1 && !(dirs = malloc((size_t)argc * sizeof(*dirs))))
		return cmd_fail(_("out of memory"));
	for (int i = 1; i < argc; i++) {
		const char *v;
		int k;
		if (dashdash || argv[i][0] != '-'
		    || strcmp(argv[i], "-") == 0) {
			if (!table_arg)
				table_arg = argv[i];
			else
				dirs[ndirs++] = argv[i];
		} else if (strcmp(argv[i], "--") == 0) {
			dashdash = true;
		} else if ((k = csv_opts_parse(&co, self, argc, argv, &i))) {
			if (k < 0)
				goto out;
		} else if ((v = opt_value(argc, argv, &i, "--year"))) {
			year_arg = v;
		} else if ((v = opt_value(argc, argv, &i, "--financeur"))) {
			ex.financeur = v;
		} else if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc) {
				cmd_usage_error(
				    self, _("-o needs a file name"));
				goto out;
			}
			out_path = argv[++i];
		} else if (strncmp(argv[i], "-o", 2) == 0) {
			out_path = argv[i] + 2;
		} else if (strcmp(argv[i], "--year") == 0
		    || strcmp(argv[i], "--financeur") == 0) {
			cmd_usage_error(self, _("%s needs a value"), argv[i]);
			goto out;
		} else {
			cmd_usage_error(
			    self, _("unknown option \"%s\""), argv[i]);
			goto out;
		}
	}
	if (!table_arg) {
		cmd_usage_error(self,
		    _("which table? give fiches, indicateurs, "
		      "financements or suivi"));
		goto out;
	}
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(table_arg, tables[i].name) == 0)
			ex.t = &tables[i];
	if (!ex.t) {
		cmd_usage_error(self,
		    _("no table \"%s\": give fiches, indicateurs, "
		      "financements or suivi"),
		    table_arg);
		goto out;
	}
	if (year_arg && !cmd_parse_year(year_arg, &ex.year)) {
		cmd_usage_error(self,
		    _("invalid --year \"%s\": give a year such as 2024"),
		    year_arg);
		goto out;
	}
	if (ex.financeur && !*ex.financeur) {
		cmd_usage_error(self, _("--financeur needs a name"));
		goto out;
	}
	if (out_path && !*out_path) {
		cmd_usage_error(self, _("-o needs a file name"));
		goto out;
	}
	ex.d = csv_opts_dialect(&co);

	if ((rc = cmd_memo_begin(
	         g, argc, argv, (const char *const *)dirs, ndirs, out_path))
	    >= 0)
		goto out;
	rc = EXIT_FAIL;
	if (!ndirs && cmd_roots_add(&r.dirs, g, NULL))
		goto out;
	for (size_t i = 0; i < ndirs; i++)
		if (cmd_roots_add(&r.dirs, g, dirs[i]))
			goto out;
	if (out_open(&o, out_path))
		goto out;
	ex.f = o.f;
	r.yc.year = ex.year;
	int wr = write_all(&ex, &r, g);
	/* A year or a financeur that no contract has: no row was written. */
	if (wr != EXIT_FAIL && year_cover_check(&r.yc, self)) {
		wr = EXIT_FAIL;
	} else if (wr != EXIT_FAIL && ex.financeur && !r.financeur_seen) {
		unknown_financeur(&r, ex.financeur);
		wr = EXIT_FAIL;
	}
	if (wr == EXIT_FAIL) {
		out_abort(&o);
		goto out;
	}
	for (size_t i = 0; i < r.yc.noutside; i++)
		fprintf(cmd_err(),
		    _("cls: warning: %s: no rows from this contract\n"),
		    r.yc.outside[i]);
	start(&ex);
	if (csv_writer_release(&ex.w)) {
		out_abort(&o);
		cmd_fail(_("out of memory"));
		goto out;
	}
	rc = out_commit(&o);
	if (rc == EXIT_OK)
		rc = wr;
out:
	run_free(&r);
	free(dirs);
	return rc;
}
