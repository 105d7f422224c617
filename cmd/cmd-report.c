/* SPDX-License-Identifier: MIT */
/*
 * cmd-report.c - "cls report YEAR|FROM-TO [DIR...]": the annual review
 * (bilan annuel) of the contract for the comité de pilotage, its
 * evaluation over a span of years (the mid-term review, the final
 * evaluation), and the synthesis of several contracts for the ARS.  The
 * command only: its options, the loads, then the report built and
 * rendered by libcls (cls_report_new(), cls_report_add(),
 * cls_report_render()); the rules of every figure are in cls-report(1).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_FORMAT = 1, OPT_OUT };

static int report_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "report YEAR|FROM-TO [--format=text|markdown|html|json|odt|docx|pdf] "
        "[-o FILE] [DIR...]",
	.summary = N_("the annual review, the evaluation over years, or a synthesis"),
	.help = N_("  YEAR              the annual review (bilan annuel) of YEAR\n"
           "  FROM-TO           the evaluation over the years FROM to TO\n"
           "                    (2022-2024: mid-term; the whole periode)\n"
           "  --format=FORMAT   text (default), markdown, html, json, odt,\n"
           "                    docx or pdf (through LibreOffice); inferred\n"
           "                    from the -o extension when absent (odt,\n"
           "                    docx, pdf: the annual review only)\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            the synthesis of these contracts (default:\n"
           "                    the review of the contract at or above the\n"
           "                    current folder)\n"),
	.options = {
	    {"--format", OPT_FORMAT, true,
	        N_("--format needs a value: text, markdown, html, json, odt, docx or pdf")},
	    {"-o", OPT_OUT, true, N_("-o needs a file name")},
	},
	.exec = report_exec,
};

/* YEAR, or FROM-TO.  Returns 0 with the years (and whether a span was
 * written), or reports the usage error and returns EXIT_FAIL. */
static int parse_years(
    const cmd_entry *self, const char *arg, int *from, int *to, bool *span)
{
	const char *dash = strchr(arg, '-');
	*span = dash != NULL;
	if (!dash) {
		if (!cmd_parse_year(arg, from))
			return cmd_usage_error(self,
			    _("invalid YEAR \"%s\": give a year such as 2024, "
			      "or a span such as 2022-2026"),
			    arg);
		if (strlen(arg) != 4)
			return cmd_usage_error(self,
			    _("invalid YEAR \"%s\": give the year in four "
			      "digits, such as 2024"),
			    arg);
		*to = *from;
		return 0;
	}
	char *first = strndup(arg, (size_t)(dash - arg));
	if (!first)
		return cmd_fail(_("out of memory"));
	bool ok = strlen(first) == 4 && strlen(dash + 1) == 4
	    && cmd_parse_year(first, from) && cmd_parse_year(dash + 1, to);
	free(first);
	if (!ok)
		return cmd_usage_error(self,
		    _("invalid span \"%s\": give two years such as "
		      "2022-2026"),
		    arg);
	if (*from > *to)
		return cmd_usage_error(self,
		    _("the span %s runs backwards: give the first year "
		      "first, such as %d-%d"),
		    arg, *to, *from);
	return 0;
}

/* Writes the report r to out_path (or stdout) in format fmt; a PDF is
 * made by soffice (the annual review's only).  Returns the exit status. */
static int render(const globals *g, const cls_report *r, int fmt,
    const char *out_path, const char *soffice)
{
	outfile o = {0};
	cls_error err;
	char *pdf_bytes = NULL;
	size_t pdf_len = 0;
	int rc = EXIT_FAIL;
	if (soffice) {
		/* LibreOffice first: the output is opened once there is a
		 * PDF to put in it */
		FILE *pdf = open_memstream(&pdf_bytes, &pdf_len);
		if (!pdf)
			return cmd_fail(_("out of memory"));
		int st = cmd_soffice_pdf(soffice, r, pdf);
		if (fclose(pdf) != 0 || st != EXIT_OK) {
			if (st == EXIT_OK)
				cmd_fail(_("out of memory"));
			goto out;
		}
	}
	if (out_open(&o, out_path))
		goto out;
	bool to_stdout = out_is_stdout(&o);
	unsigned flags = to_stdout && cmd_color(g, 1) ? CLS_RENDER_COLOR : 0;
	if (soffice) {
		fwrite(pdf_bytes, 1, pdf_len, o.f);
	} else if (cls_report_render(r, (cls_format)fmt, flags, o.f, &err)) {
		if (!to_stdout)
			out_abort(&o);
		cmd_fail("%s", err.message);
		goto out;
	}
	rc = out_commit(&o);
out:
	free(pdf_bytes);
	return rc;
}

/* The annual review or the evaluation of the one contract at or above
 * the current folder (or -C DIR). */
static int report_one(const globals *g, const cmd_entry *self,
    cls_report_options *ro, bool span, int fmt, const char *out_path,
    const char *soffice)
{
	cls_contract *c = NULL;
	cls_report *r = NULL;
	cls_error err;
	int rc = EXIT_FAIL;
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
	if (!span && (ro->from < plan->debut || ro->from > plan->fin)) {
		rc = cmd_usage_error(self,
		    _("%d is outside the contract's "
		      "periode %d-%d"),
		    ro->from, plan->debut, plan->fin);
		goto out;
	}
	if (span && (ro->from < plan->debut || ro->to > plan->fin)) {
		rc = cmd_usage_error(self,
		    _("%d-%d is not within the contract's periode %d-%d: "
		      "give years from %d to %d"),
		    ro->from, ro->to, plan->debut, plan->fin, plan->debut,
		    plan->fin);
		goto out;
	}
	/* The errors first: the report below rests on them. */
	for (size_t i = 0; i < nd; i++)
		if (d[i].severity == CLS_ERROR)
			cmd_print_diag(cmd_err(), &d[i], NULL, color_err);

	/* The report is a French document: its warnings too, whatever the
	 * language of the messages on standard error. */
	if (cls_contract_count(c, CLS_WARNING)) {
		cmd_i18n_catalogs();
		if (!cls_contract_french(c)) {
			cls_contract *fr
			    = cmd_load_as(g, cls_contract_root(c), false, true);
			if (!fr)
				goto out;
			cls_contract_free(c);
			c = fr;
		}
	}
	ro->kind = span ? CLS_REPORT_EVALUATION : CLS_REPORT_ANNUAL;
	if (!(r = cls_report_new(ro, &err))
	    || cls_report_add(r, c, NULL, &err)) {
		cmd_fail("%s", err.message);
		goto out;
	}
	rc = render(g, r, fmt, out_path, soffice);
	if (rc == EXIT_OK && cls_contract_count(c, CLS_ERROR))
		rc = EXIT_DATA;
out:
	cls_report_free(r);
	cls_contract_free(c);
	return rc;
}

/* "2024" or "2022-2026", for messages. */
static void years_text(char *buf, size_t n, const cls_report_options *ro)
{
	if (ro->from == ro->to)
		snprintf(buf, n, "%d", ro->from);
	else
		snprintf(buf, n, "%d-%d", ro->from, ro->to);
}

/* The synthesis of the contracts at or above dirs[0..n): each is loaded,
 * its errors printed, its figures kept by the report, then freed. */
static int report_region(const globals *g, const cmd_entry *self,
    cls_report_options *ro, const char *const *dirs, size_t ndirs, int fmt,
    const char *out_path)
{
	cmd_roots rs = {0};
	cls_report *r = NULL;
	cls_error err;
	int rc = EXIT_FAIL;
	bool color = cmd_color(g, 2);
	size_t known = 0; /* contracts whose periode is known */
	char years[32];
	years_text(years, sizeof(years), ro);

	for (size_t i = 0; i < ndirs; i++)
		if (cmd_roots_add(&rs, g, dirs[i]))
			goto out;
	ro->kind = CLS_REPORT_SYNTHESIS;
	if (!(r = cls_report_new(ro, &err))) {
		cmd_fail("%s", err.message);
		goto out;
	}
	for (size_t i = 0; i < rs.n; i++) {
		cls_contract *c = cmd_load_root(g, rs.roots[i], false);
		if (!c)
			goto out;
		size_t nd;
		const cls_diag *d = cls_contract_diags(c, &nd);
		/* The errors first: the report below rests on them. */
		for (size_t j = 0; j < nd; j++)
			if (d[j].severity == CLS_ERROR)
				cmd_print_diag(
				    cmd_err(), &d[j], rs.prefix[i], color);
		const cls_plan *p = cls_contract_plan(c);
		known += p && p->debut && p->fin && p->debut <= p->fin;
		int added = cls_report_add(
		    r, c, *rs.prefix[i] ? rs.prefix[i] : "./", &err);
		cls_contract_free(c);
		if (added) {
			cmd_fail("%s", err.message);
			goto out;
		}
	}
	const cls_report_region *reg = cls_report_region_of(r);
	if (!reg->couverts && known) {
		if (rs.n == 1) {
			const cls_report_contract *k
			    = cls_report_contract_of(r, 0);
			rc = cmd_usage_error(self,
			    _("%s is outside the contract's periode %d-%d"),
			    years, k->debut, k->fin);
		} else {
			rc = cmd_usage_error(
			    self, _("no contract's periode holds %s"), years);
		}
		goto out;
	}
	if (!reg->couverts) {
		fputs(_("cls: cannot report: no contract's periode is known "
		        "(fix their cls.yaml)\n"),
		    cmd_err());
		rc = EXIT_DATA;
		goto out;
	}
	for (size_t i = 0; i < cls_report_contracts(r); i++) {
		const cls_report_contract *k = cls_report_contract_of(r, i);
		if (k->couvert)
			continue;
		if (k->debut && k->fin)
			fprintf(cmd_err(),
			    _("cls: warning: %scls.yaml: %s is outside the "
			      "periode %d-%d: the contract is left out of the "
			      "figures\n"),
			    rs.prefix[i], years, k->debut, k->fin);
		else
			fprintf(cmd_err(),
			    _("cls: warning: %scls.yaml: the periode is "
			      "unknown: the contract is left out of the "
			      "figures\n"),
			    rs.prefix[i]);
	}
	rc = render(g, r, fmt, out_path, NULL);
	if (rc == EXIT_OK && reg->erreurs)
		rc = EXIT_DATA;
out:
	cls_report_free(r);
	cmd_roots_free(&rs);
	return rc;
}

static int report_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *year_arg = NULL, *out_path = NULL;
	const char **dirs = NULL;
	size_t ndirs = 0;
	int fmt = -1, rc = EXIT_FAIL;
	bool span = false;
	cls_report_options ro = {0};
	char *soffice = NULL;

	if (argc > 1 && !(dirs = malloc((size_t)argc * sizeof(*dirs))))
		return cmd_fail(_("out of memory"));
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		switch (id) {
		case CMD_ARGS_ERROR:
			goto out;
		case CMD_ARGS_OPERAND:
			if (year_arg)
				dirs[ndirs++] = a.value;
			else
				year_arg = a.value;
			break;
		case OPT_FORMAT: {
			cls_format f;
			if (cls_format_parse(a.value, &f) && f != CLS_FORMAT_CSV
			    && f != CLS_FORMAT_GITHUB && f != CLS_FORMAT_SARIF
			    && f != CLS_FORMAT_ODS && f != CLS_FORMAT_XLSX) {
				fmt = (int)f;
				break;
			}
			rc = cmd_usage_error(self,
			    _("invalid --format "
			      "\"%s\": use text, markdown, html, "
			      "json, odt, docx or pdf"),
			    a.value);
			goto out;
		}
		case OPT_OUT:
			out_path = a.value;
			break;
		}
	}
	if (!year_arg) {
		rc = cmd_usage_error(self,
		    _("which year? give YEAR, such as 2024, or FROM-TO, "
		      "such as 2022-2026"));
		goto out;
	}
	if (parse_years(self, year_arg, &ro.from, &ro.to, &span))
		goto out;
	if (out_path && !*out_path) {
		rc = cmd_usage_error(self, _("-o needs a file name"));
		goto out;
	}
	if (fmt < 0 && out_path && strcmp(out_path, "-") != 0) {
		/* the name says the format, or no format at all */
		cls_format f;
		const char *ext = cmd_extension(out_path);
		if (cls_format_of_path(out_path, &f) && f != CLS_FORMAT_CSV
		    && f != CLS_FORMAT_ODS && f != CLS_FORMAT_XLSX) {
			fmt = (int)f;
		} else if (ext) {
			rc = cmd_usage_error(self,
			    _("cannot write a report as .%s: name the file "
			      ".txt (text), .md (markdown), .html (html), "
			      ".json (json), .odt (odt), .docx (docx) or .pdf "
			      "(pdf), or give --format"),
			    ext);
			goto out;
		}
	}
	if (fmt < 0)
		fmt = CLS_FORMAT_TEXT;
	bool binary = fmt == CLS_FORMAT_ODT || fmt == CLS_FORMAT_DOCX
	    || fmt == CLS_FORMAT_PDF;
	if (binary && (!out_path || strcmp(out_path, "-") == 0)
	    && isatty(STDOUT_FILENO)) {
		rc = cmd_usage_error(self,
		    _("a %s file is not for a terminal: give -o FILE, or "
		      "redirect the output"),
		    cls_format_name((cls_format)fmt));
		goto out;
	}
	/* Asked before the memo, which does not know the PATH: without
	 * LibreOffice there is no PDF, even one made before. */
	if (fmt == CLS_FORMAT_PDF && !(soffice = cmd_soffice_find())) {
		rc = cmd_usage_error(self,
		    _("a PDF is made by LibreOffice, and soffice is not on the "
		      "PATH: install LibreOffice (Debian: apt-get install "
		      "libreoffice-writer-nogui), or write --format=html and "
		      "print it to PDF from a browser, or --format=odt"));
		goto out;
	}

	cmd_guard_output(out_path);
	if ((rc = cmd_memo_begin(
	         g, argc, argv, (const char *const *)dirs, ndirs, out_path))
	    >= 0)
		goto out;
	rc = ndirs ? report_region(g, self, &ro, dirs, ndirs, fmt, out_path)
	           : report_one(g, self, &ro, span, fmt, out_path, soffice);
out:
	free(soffice);
	free(dirs);
	return rc;
}
