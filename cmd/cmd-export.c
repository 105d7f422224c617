/* SPDX-License-Identifier: MIT */
/*
 * cmd-export.c - "cls export TABLE": one table of one or more contracts as CSV
 * or a sheet (ods, xlsx) for funders and spreadsheets: fiches, indicateurs
 * (long format: one row per indicateur and year), financements, suivi (one row
 * per fiche and year).  The command only: its options, the loads, then for each
 * contract the rows asked of libcls (cls_table_query()) and written by its
 * writer (cls_table_writer_new()), the messages and the exit status.
 * Every column is documented in cls-export(1).
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_FORMAT = 1, OPT_YEAR, OPT_FINANCEUR, OPT_OUT };

static int export_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "export TABLE [--year=Y] [--financeur=NAME] "
        "[--format=csv|ods|xlsx] [--excel] [--sep=C] [--bom] [-o FILE] "
        "[DIR...]",
	.summary = N_("a table (fiches, indicateurs, financements, suivi) as CSV or "
           "sheet"),
	.help = N_("  TABLE             fiches, indicateurs, financements or suivi\n"
           "  --year=Y          only the rows of year Y\n"
           "  --financeur=NAME  only what NAME finances: its sigle or its\n"
           "                    name (case and accents do not matter)\n"
           "  --format=FORMAT   csv (default), ods or xlsx (a sheet of typed\n"
           "                    cells); inferred from the -o extension\n"
           "  --excel           French Excel: ';', decimal comma, UTF-8 BOM, "
           "CRLF\n"
           "  --sep=C           separator: ',' (default), ';', tab (\\t) or "
           "'|'\n"
           "  --bom             start the file with the UTF-8 BOM\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            contracts to export into one table (default:\n"
           "                    the contract at or above the current "
           "folder)\n"),
	.options = {
	    {"--format", OPT_FORMAT, true, N_("%s needs a value")},
	    {"--year", OPT_YEAR, true, N_("%s needs a value")},
	    {"--financeur", OPT_FINANCEUR, true, N_("%s needs a value")},
	    {"-o", OPT_OUT, true, N_("-o needs a file name")},
	    CSV_OPTIONS,
	},
	.exec = export_exec,
};

/* The contracts of the run: their roots are found before anything is
 * written (a folder without a contract is a usage error that leaves no
 * output), then each is loaded, written and freed in turn, so that memory
 * does not grow with the number of contracts. */
typedef struct run {
	cmd_roots dirs;
	/* what the usage checks need, gathered while writing */
	year_cover yc; /* which contracts hold --year */
	bool financeur_seen;
	namelist names; /* the financeurs met, while financeur_seen is false */
	bool oom;
	/* each contract's part is kept, under this key (cmd_answer_key()) */
	bool keyed;
	cls_buf key;
} run;

static void run_free(run *r)
{
	cmd_roots_free(&r->dirs);
	cls_buf_release(&r->key);
	year_cover_free(&r->yc);
	namelist_free(&r->names);
}

/* Remembers the financeurs of p (those of its directory and of its
 * financements, each once, "nom (sigle)"), for the message when
 * --financeur names none of them. */
static void note_financeurs(run *r, const cls_plan *p)
{
	cls_buf b = {0};
	for (size_t i = 0; i < p->financeur_count; i++) {
		const cls_financeur *e = &p->financeurs[i];
		cls_buf_reset(&b);
		cls_buf_add(&b, e->nom);
		if (e->sigle)
			cls_buf_printf(&b, " (%s)", e->sigle);
		if (b.oom || namelist_add(&r->names, cls_buf_str(&b)))
			r->oom = true;
	}
	cls_buf_release(&b);
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
	if (!r->names.n) {
		cmd_msg(cmd_err(),
		    _("cls: no financeur \"%s\": the contract has no "
		      "financements\n"),
		    financeur);
		return;
	}
	qsort(r->names.v, r->names.n, sizeof(*r->names.v), name_sort);
	cmd_msg(cmd_err(),
	    _("cls: no financeur \"%s\" in the contract: give one of these, "
	      "by its nom or its sigle (case and accents do not matter)\n"),
	    financeur);
	for (size_t i = 0; i < r->names.n; i++)
		cmd_msg(cmd_err(), "  %s\n", r->names.v[i]);
}

/* Loads, checks and writes every contract of the run. */
static int write_all(
    cls_writer *w, const cls_table_options *q, run *r, const globals *g)
{
	cls_error err = {{0}};
	cls_table_rows rows = {0};
	bool color = cmd_color(g, 2);
	int rc = EXIT_OK;
	for (size_t i = 0; i < r->dirs.n && !r->oom; i++) {
		const char *root = r->dirs.roots[i];
		cls_contract *c
		    = cmd_load_answer(g, root, r->keyed ? &r->key : NULL);
		if (!c) {
			rc = EXIT_FAIL;
			break;
		}
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
		cls_plan periode;
		size_t nkept;
		/* Unchanged since its part was kept: that is its rows.  A
		 * part that cannot be read is built again from the whole
		 * contract. */
		bool again = cls_contract_kept(c, &nkept)
		    && cmd_part_again(c, w, &periode, &err) == 0;
		if (!again && cls_contract_kept(c, &nkept)) {
			cls_contract_free(c);
			if (!(c = cmd_load(g, root, false))) {
				rc = EXIT_FAIL;
				break;
			}
			p = cls_contract_plan(c);
		}
		if (again) {
			p = &periode;
			rows.in_periode = cls_year_cover_add(&r->yc.cover, p);
		}
		int bad = !again
		    && (cls_table_query(c, q, &r->yc.cover, &rows, &err)
		        || cls_writer_table(w, c, &rows, &err));
		if (!again && !bad && r->keyed)
			cmd_part_keep(c, w);
		if (!bad && q->financeur && !r->financeur_seen) {
			if (rows.has_financeur)
				r->financeur_seen = true;
			else
				note_financeurs(r, p);
		}
		if (!bad && !rows.in_periode)
			year_cover_outside(&r->yc, p, r->dirs.prefix[i]);
		cls_table_rows_release(&rows);
		cls_contract_free(c);
		if (bad) {
			cmd_fail("%s", err.message);
			rc = EXIT_FAIL;
			break;
		}
	}
	if (rc != EXIT_FAIL && (r->oom || r->yc.oom))
		return cmd_fail(_("out of memory"));
	return rc;
}

static int export_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *table_arg = NULL, *year_arg = NULL, *out_path = NULL;
	int fmt = -1;
	bool csv_asked = false;
	const char **dirs = NULL;
	size_t ndirs = 0;
	csv_opts co = {false, false, 0};
	cls_table_options q = {0};
	cls_csv_dialect dialect;
	cls_writer *w = NULL;
	cls_error err = {{0}};
	run r;
	outfile o = {0};
	int rc = EXIT_FAIL;

	memset(&r, 0, sizeof(r));
	if (argc > 1 && !(dirs = malloc((size_t)argc * sizeof(*dirs))))
		return cmd_fail(_("out of memory"));
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		switch (id) {
		case CMD_ARGS_ERROR:
			goto out;
		case CMD_ARGS_OPERAND:
			if (!table_arg)
				table_arg = a.value;
			else
				dirs[ndirs++] = a.value;
			break;
		case OPT_FORMAT: {
			cls_format f;
			if (!cls_format_parse(a.value, &f)
			    || (f != CLS_FORMAT_CSV && f != CLS_FORMAT_ODS
			        && f != CLS_FORMAT_XLSX)) {
				cmd_usage_error(self,
				    _("invalid --format \"%s\": use csv, ods "
				      "or xlsx"),
				    a.value);
				goto out;
			}
			fmt = (int)f;
			break;
		}
		case OPT_YEAR:
			year_arg = a.value;
			break;
		case OPT_FINANCEUR:
			q.financeur = a.value;
			break;
		case OPT_OUT:
			out_path = a.value;
			break;
		default:
			if (csv_opts_take(&co, self, id, a.value) < 0)
				goto out;
			csv_asked = true;
			break;
		}
	}
	if (!table_arg) {
		cmd_usage_error(self,
		    _("which table? give fiches, indicateurs, "
		      "financements or suivi"));
		goto out;
	}
	if (!cls_table_parse(table_arg, &q.table)) {
		cmd_usage_error(self,
		    _("no table \"%s\": give fiches, indicateurs, "
		      "financements or suivi"),
		    table_arg);
		goto out;
	}
	if (year_arg && !cmd_parse_year(year_arg, &q.year)) {
		cmd_usage_error(self,
		    _("invalid --year \"%s\": give a year such as 2024"),
		    year_arg);
		goto out;
	}
	if (year_arg && strlen(year_arg) != 4) {
		cmd_usage_error(self,
		    _("invalid --year \"%s\": give the year in four digits, "
		      "such as 2024"),
		    year_arg);
		goto out;
	}
	if (q.financeur && !*q.financeur) {
		cmd_usage_error(self, _("--financeur needs a name"));
		goto out;
	}
	if (out_path && !*out_path) {
		cmd_usage_error(self, _("-o needs a file name"));
		goto out;
	}
	/* --format, else the extension of -o FILE (one that asks for another
	 * format is not given a CSV), else CSV */
	const char *ext = out_path ? cmd_extension(out_path) : NULL;
	if (fmt < 0 && ext && strcmp(out_path, "-") != 0) {
		cls_format asked;
		if (!cls_format_of_path(out_path, &asked)
		    || (asked != CLS_FORMAT_CSV && asked != CLS_FORMAT_ODS
		        && asked != CLS_FORMAT_XLSX)) {
			cmd_usage_error(self,
			    _("cannot write a table as .%s: name the file .csv "
			      "(csv), .ods (ods) or .xlsx (xlsx), or give "
			      "--format"),
			    ext);
			goto out;
		}
		fmt = (int)asked;
	}
	if (fmt < 0)
		fmt = CLS_FORMAT_CSV;
	if (csv_asked && fmt != CLS_FORMAT_CSV) {
		cmd_usage_error(self,
		    _("--excel, --sep and --bom apply to CSV: a sheet (%s) has "
		      "typed cells, no separator"),
		    cls_format_name((cls_format)fmt));
		goto out;
	}
	if (fmt != CLS_FORMAT_CSV && cmd_to_terminal(out_path)) {
		cmd_usage_error(self,
		    _("a %s file is not for a terminal: give -o FILE, or "
		      "redirect the output"),
		    cls_format_name((cls_format)fmt));
		goto out;
	}
	dialect = csv_opts_dialect(&co);

	cmd_guard_output(out_path);
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
	if (!(w = cls_table_writer_new(
	          &q, (cls_format)fmt, &dialect, o.f, &err))) {
		out_abort(&o);
		cmd_fail("%s", err.message);
		goto out;
	}
	r.yc.cover.year = q.year;
	/* Each contract's part is kept, so that a run after a change builds
	 * only the contracts that changed; not with --financeur, which
	 * gathers the financeurs of every contract for its message. */
	r.keyed = !q.financeur && cls_writer_sections(w)
	    && cmd_answer_key(
	           &r.key, g, argc, argv, (const char *const *)dirs, ndirs)
	        == 0;
	int wr = write_all(w, &q, &r, g);
	/* A year or a financeur that no contract has: no row was written. */
	if (wr != EXIT_FAIL && year_cover_check(&r.yc, self)) {
		wr = EXIT_FAIL;
	} else if (wr != EXIT_FAIL && q.financeur && !r.financeur_seen) {
		unknown_financeur(&r, q.financeur);
		wr = EXIT_FAIL;
	}
	if (wr == EXIT_FAIL) {
		out_abort(&o);
		goto out;
	}
	for (size_t i = 0; i < r.yc.noutside; i++)
		cmd_msg(cmd_err(),
		    _("cls: warning: %s: no rows from this contract\n"),
		    r.yc.outside[i]);
	if (cls_writer_end(w, &err)) {
		out_abort(&o);
		cmd_fail("%s", err.message);
		goto out;
	}
	rc = out_commit(&o);
	if (rc == EXIT_OK)
		rc = wr;
out:
	cls_writer_free(w);
	run_free(&r);
	free(dirs);
	return rc;
}
