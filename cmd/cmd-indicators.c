/* SPDX-License-Identifier: MIT */
/*
 * cmd-indicators.c - "cls indicators": every indicateur of one or more
 * contracts, with its cible and valeur per year and its rate of
 * achievement, filtered by fiche, axe, type or theme; with --missing
 * --year Y, only those that still lack a value for Y: the list the
 * coordinator sends out to the porteurs, grouped by porteur.  The command
 * only: its options, the loads, then for each contract the listing asked
 * of libcls (cls_indicators_query()) and written by its writer (text,
 * CSV through the one CSV writer, JSON: cls_indicators_writer_new()), the
 * messages and the exit status.  The rules are in cls-indicators(1).
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

enum {
	OPT_MISSING = 1,
	OPT_YEAR,
	OPT_FICHE,
	OPT_AXE,
	OPT_THEME,
	OPT_TYPE,
	OPT_FORMAT,
	OPT_OUT
};

static int indicators_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_indicators_entry = {
	.name = "indicators",
	.usage = "indicators [--year=Y] [--fiche=ID] [--axe=ID] "
        "[--type=processus|resultat] [--theme=T] [--missing] "
        "[--format=text|csv|json|ods|xlsx] [--excel] [--sep=C] [--bom] "
        "[-o FILE] [DIR...]",
	.summary = N_("every indicateur with its cible, valeur and rate, per year"),
	.help = N_("  --year=Y          only the year Y (a year of the periode)\n"
           "  --fiche=ID        only the indicateurs of that fiche\n"
           "  --axe=ID          only the fiches of that axe\n"
           "  --type=TYPE       processus or resultat\n"
           "  --theme=T         only the fiches with that theme (case and\n"
           "                    accents ignored)\n"
           "  --missing         only those lacking a value for Y (needs\n"
           "                    --year), grouped by porteur in text\n"
           "  --format=FORMAT   text (default), csv, json, ods or xlsx;\n"
           "                    inferred from the -o extension when absent\n"
           "  --excel           French Excel: ';', decimal comma, UTF-8 BOM, "
           "CRLF\n"
           "  --sep=C           separator: ',' (default), ';', tab (\\t) or "
           "'|'\n"
           "  --bom             start the file with the UTF-8 BOM\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            contracts to list (default: the contract at\n"
           "                    or above the current folder)\n"),
	.options = {
	    {"--missing", OPT_MISSING, false, NULL},
	    {"--year", OPT_YEAR, true, N_("%s needs a value")},
	    {"--fiche", OPT_FICHE, true, N_("%s needs a value")},
	    {"--axe", OPT_AXE, true, N_("%s needs a value")},
	    {"--theme", OPT_THEME, true, N_("%s needs a value")},
	    {"--type", OPT_TYPE, true, N_("%s needs a value")},
	    {"--format", OPT_FORMAT, true, N_("%s needs a value")},
	    {"-o", OPT_OUT, true, N_("-o needs a file name")},
	    CSV_OPTIONS,
	},
	.exec = indicators_exec,
};

/* --fiche, --axe, --theme */
enum what { W_FICHE, W_AXE, W_THEME };

/* Contracts are read, listed and freed one at a time, so that a run over
 * hundreds of them holds one in memory.  What the run keeps: */
typedef struct run {
	const cls_indicators_options *q;
	cls_writer *w;
	char **roots; /* the contracts listed, each once */
	size_t nroots;
	cls_indicator_rows rows; /* of the contract being listed */
	/* --fiche, --axe, --theme: found in some contract; else the names
	 * seen, for a suggestion */
	bool found[3];
	namelist names[3];
	year_cover yc; /* which contracts hold --year */
	bool errors, oom;
	/* each contract's part is kept, under this key (cmd_answer_key()) */
	bool keyed;
	cls_buf key;
} run;

static const char *filter_of(const cls_indicators_options *q, enum what w)
{
	return w == W_FICHE ? q->fiche : w == W_AXE ? q->axe : q->theme;
}

/* Notes the names of p that a filter not found yet may have meant (at
 * most 4096 of each kind). */
static void note_names(run *x, const cls_plan *p)
{
	for (int w = W_FICHE; w <= W_THEME; w++) {
		namelist *v = &x->names[w];
		if (!filter_of(x->q, (enum what)w) || x->found[w])
			continue;
		size_t m = w == W_AXE ? p->axe_count : p->fiche_count;
		for (size_t j = 0; j < m && v->n < 4096; j++) {
			const cls_fiche *f = &p->fiches[j];
			if (w == W_AXE) {
				if (p->axes[j].id
				    && namelist_add(v, p->axes[j].id))
					x->oom = true;
			} else if (w == W_FICHE) {
				if (f->id && namelist_add(v, f->id))
					x->oom = true;
			} else {
				for (size_t t = 0;
				     t < f->themes.count && v->n < 4096; t++)
					if (namelist_add(v, f->themes.items[t]))
						x->oom = true;
			}
		}
	}
}

/* Loads the contract at or above dir (NULL: -C DIR or the current folder),
 * prints its errors, lists it, frees it.  Returns 0, or EXIT_FAIL after
 * saying why. */
static int run_contract(run *x, const globals *g, const char *dir)
{
	cls_error err = {{0}};
	cls_contract *c = cmd_load_answer(g, dir, x->keyed ? &x->key : NULL);
	char *prefix = NULL;
	int rc = EXIT_FAIL;
	size_t nkept;
	if (!c)
		return EXIT_FAIL;
	const char *root = cls_contract_root(c);
	for (size_t i = 0; i < x->nroots; i++)
		if (strcmp(x->roots[i], root) == 0) {
			cls_contract_free(c); /* named twice: listed once */
			return 0;
		}
	char **v = realloc(x->roots, (x->nroots + 1) * sizeof(*v));
	if (v)
		x->roots = v;
	prefix = dir ? cmd_display_prefix(root) : strdup("");
	if (!v || !(v[x->nroots] = strdup(root)) || !prefix) {
		rc = cmd_fail(_("out of memory"));
		goto out;
	}
	x->nroots++;
	/* The errors first: the listing rests on them. */
	size_t nd;
	const cls_diag *d = cls_contract_diags(c, &nd);
	for (size_t i = 0; i < nd; i++)
		if (d[i].severity == CLS_ERROR)
			cmd_print_diag(
			    cmd_err(), &d[i], prefix, cmd_color(g, 2));
	x->errors |= cls_contract_count(c, CLS_ERROR) > 0;
	const cls_plan *p = cls_contract_plan(c);
	cls_plan periode;
	/* Unchanged since its part was kept: that is its listing.  A part
	 * that cannot be read is built again from the whole contract. */
	bool again = cls_contract_kept(c, &nkept)
	    && cmd_part_again(c, x->w, &periode, &err) == 0;
	if (!again && cls_contract_kept(c, &nkept)) {
		cls_contract_free(c);
		if (!(c = cmd_load(g, dir, false)))
			goto out;
		p = cls_contract_plan(c);
	}
	if (again) {
		p = &periode;
		x->rows.in_periode = cls_year_cover_add(&x->yc.cover, p);
	} else {
		note_names(x, p);
		if (cls_indicators_query(c, x->q, &x->yc.cover, &x->rows, &err)
		    || cls_writer_indicators(x->w, c, prefix, &x->rows, &err)) {
			rc = cmd_fail("%s", err.message);
			goto out;
		}
		if (x->keyed)
			cmd_part_keep(c, x->w);
	}
	x->found[W_FICHE] |= x->q->fiche && x->rows.has_fiche;
	x->found[W_AXE] |= x->q->axe && x->rows.has_axe;
	x->found[W_THEME] |= x->q->theme && x->rows.has_theme;
	if (!x->rows.in_periode)
		year_cover_outside(&x->yc, p, prefix);
	rc = x->oom || x->yc.oom ? cmd_fail(_("out of memory")) : 0;
out:
	cls_indicator_rows_release(&x->rows);
	cls_contract_free(c);
	free(prefix);
	return rc;
}

/* The usage error for a --fiche, --axe or --theme that no contract has,
 * with the nearest name, or the first few. */
static int unknown_name(const run *x, enum what w)
{
	static const char *const what_s[] = {"fiche", "axe", "theme"};
	const char *name = filter_of(x->q, w);
	const namelist *v = &x->names[w];
	const char *where
	    = x->nroots > 1 ? _("in these contracts") : _("in the contract");
	const char *near = cls_nearest(name, (const char *const *)v->v, v->n);
	if (near)
		return cmd_fail(_("no %s \"%s\" %s: did you mean \"%s\"?"),
		    what_s[w], name, where, near);
	cls_buf b = {0};
	for (size_t i = 0; i < v->n && i < 8; i++)
		cls_buf_printf(&b, "%s\"%s\"", i ? ", " : "", v->v[i]);
	if (v->n > 8)
		cls_buf_add(&b, ", ...");
	cmd_fail(_("no %s \"%s\" %s: use one of %s"), what_s[w], name, where,
	    v->n ? cls_buf_str(&b) : "(none)");
	cls_buf_release(&b);
	return EXIT_FAIL;
}

static void run_free(run *x)
{
	for (size_t i = 0; i < x->nroots; i++)
		free(x->roots[i]);
	free(x->roots);
	cls_indicator_rows_release(&x->rows);
	cls_buf_release(&x->key);
	for (int w = 0; w < 3; w++)
		namelist_free(&x->names[w]);
	year_cover_free(&x->yc);
	cls_writer_free(x->w);
}

/* ------------------------------------------------------------- command */

/* Whether the listing can be written as f. */
static bool listing_format(cls_format f)
{
	return f == CLS_FORMAT_TEXT || f == CLS_FORMAT_CSV
	    || f == CLS_FORMAT_JSON || f == CLS_FORMAT_ODS
	    || f == CLS_FORMAT_XLSX;
}

/* The format the name of the -o file asks for: the one of its extension
 * (.txt, .csv, .json, .ods, .xlsx), or -1 without one; -2 after the usage
 * error of an extension that no format of the listing has. */
static int format_of_path(const cmd_entry *self, const char *path)
{
	cls_format f;
	const char *ext = cmd_extension(path);
	if (strcmp(path, "-") == 0 || !ext)
		return -1;
	if (cls_format_of_path(path, &f) && listing_format(f))
		return (int)f;
	cmd_usage_error(self,
	    _("cannot write the listing as .%s: name the file .txt (text), "
	      ".csv (csv), .json (json), .ods (ods) or .xlsx (xlsx), or give "
	      "--format"),
	    ext);
	return -2;
}

static int indicators_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	cls_indicators_options q = {0};
	csv_opts co = {false, false, 0};
	cls_csv_dialect dialect;
	cls_error err = {{0}};
	const char *year_arg = NULL, *out_path = NULL;
	int fmt = -1, rc = EXIT_FAIL;
	bool csv_asked = false;
	char **dirs = calloc((size_t)argc, sizeof(char *));
	size_t ndirs = 0;
	run x;
	outfile o = {0};

	memset(&x, 0, sizeof(x));
	if (!dirs)
		return cmd_fail(_("out of memory"));
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		const char *v = a.value;
		switch (id) {
		case CMD_ARGS_ERROR:
			goto out;
		case CMD_ARGS_OPERAND:
			dirs[ndirs++] = (char *)v;
			break;
		case OPT_MISSING:
			q.missing = true;
			break;
		case OPT_YEAR:
			year_arg = v;
			break;
		case OPT_FICHE:
			q.fiche = v;
			break;
		case OPT_AXE:
			q.axe = v;
			break;
		case OPT_THEME:
			q.theme = v;
			break;
		case OPT_TYPE:
			q.has_type = true;
			if (strcmp(v, "processus") == 0)
				q.type = CLS_PROCESSUS;
			else if (strcmp(v, "resultat") == 0)
				q.type = CLS_RESULTAT;
			else {
				rc = cmd_usage_error(self,
				    _("invalid --type \"%s\": use processus or "
				      "resultat"),
				    v);
				goto out;
			}
			break;
		case OPT_FORMAT: {
			cls_format f;
			if (cls_format_parse(v, &f) && listing_format(f)) {
				fmt = (int)f;
				break;
			}
			rc = cmd_usage_error(self,
			    _("invalid --format \"%s\": use text, csv, "
			      "json, ods or xlsx"),
			    v);
			goto out;
		}
		case OPT_OUT:
			out_path = v;
			break;
		default:
			if (csv_opts_take(&co, self, id, v) < 0)
				goto out;
			csv_asked = true;
			break;
		}
	}
	if (year_arg && !cmd_parse_year(year_arg, &q.year)) {
		rc = cmd_usage_error(self,
		    _("invalid --year \"%s\": give a year such as 2024"),
		    year_arg);
		goto out;
	}
	if (year_arg && strlen(year_arg) != 4) {
		rc = cmd_usage_error(self,
		    _("invalid --year \"%s\": give the year in four digits, "
		      "such as 2024"),
		    year_arg);
		goto out;
	}
	if (q.missing && !q.year) {
		rc = cmd_usage_error(self,
		    _("--missing needs a year: add --year, such as "
		      "--missing --year 2024"));
		goto out;
	}
	if (out_path && !*out_path) {
		rc = cmd_usage_error(self, _("-o needs a file name"));
		goto out;
	}
	/* --format, else the extension of -o FILE, else CSV when a CSV
	 * option is given, else text */
	if (fmt < 0 && out_path
	    && (fmt = format_of_path(self, out_path)) == -2) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (fmt < 0)
		fmt = csv_asked ? CLS_FORMAT_CSV : CLS_FORMAT_TEXT;
	if (csv_asked && fmt != CLS_FORMAT_CSV) {
		rc = cmd_usage_error(self,
		    _("--excel, --sep and --bom apply to CSV: add "
		      "--format=csv"));
		goto out;
	}
	if ((fmt == CLS_FORMAT_ODS || fmt == CLS_FORMAT_XLSX)
	    && cmd_to_terminal(out_path)) {
		rc = cmd_usage_error(self,
		    _("a %s file is not for a terminal: give -o FILE, or "
		      "redirect the output"),
		    cls_format_name((cls_format)fmt));
		goto out;
	}
	x.q = &q;
	x.yc.cover.year = q.year;
	if (fmt == CLS_FORMAT_CSV)
		dialect = csv_opts_dialect(&co);

	cmd_guard_output(out_path);
	if ((rc = cmd_memo_begin(
	         g, argc, argv, (const char *const *)dirs, ndirs, out_path))
	    >= 0)
		goto out;
	rc = EXIT_FAIL;
	if (out_open(&o, out_path))
		goto out;
	unsigned flags
	    = out_is_stdout(&o) && cmd_color(g, 1) ? CLS_RENDER_COLOR : 0;
	if (ndirs > 1)
		flags |= CLS_RENDER_FOLDERS;
	if (!(x.w = cls_indicators_writer_new(&q, (cls_format)fmt, flags,
	          fmt == CLS_FORMAT_CSV ? &dialect : NULL, o.f, &err))) {
		out_abort(&o);
		cmd_fail("%s", err.message);
		goto out;
	}
	/* Each contract's part is kept, so that a run after a change builds
	 * only the contracts that changed; not with a filter by name, which
	 * gathers the names of every contract for its message. */
	x.keyed = !q.fiche && !q.axe && !q.theme && cls_writer_sections(x.w)
	    && cmd_answer_key(
	           &x.key, g, argc, argv, (const char *const *)dirs, ndirs)
	        == 0;
	int wr = 0;
	for (size_t i = 0; i < (ndirs ? ndirs : 1) && !wr; i++)
		wr = run_contract(&x, g, ndirs ? dirs[i] : NULL);
	/* A year or a name that no contract has: no row was written. */
	if (!wr)
		wr = year_cover_check(&x.yc, self);
	for (int w = W_FICHE; w <= W_THEME && !wr; w++)
		if (filter_of(&q, (enum what)w) && !x.found[w])
			wr = unknown_name(&x, (enum what)w);
	if (!wr && cls_writer_end(x.w, &err))
		wr = cmd_fail("%s", err.message);
	if (wr) {
		out_abort(&o);
		goto out;
	}
	for (size_t i = 0; i < x.yc.noutside; i++)
		cmd_msg(cmd_err(), _("cls: warning: %s: not listed\n"),
		    x.yc.outside[i]);
	rc = out_commit(&o);
	if (rc == EXIT_OK && x.errors)
		rc = EXIT_DATA;
out:
	run_free(&x);
	free(dirs);
	return rc;
}
