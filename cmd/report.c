/*
 * report.c - "cls report YEAR": the annual review (bilan annuel) of the
 * contract for the comité de pilotage.  The command only: its options,
 * the load, then the report built and rendered by libcls
 * (cls_report_build(), cls_report_render()); the rules of every figure
 * are in cls-report(1).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_report(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("report");
	const char *year_arg = NULL, *out_path = NULL;
	int fmt = -1, year = 0, rc = EXIT_FAIL;
	bool dashdash = false;
	cls_contract *c = NULL;
	cls_report *r = NULL;
	cls_error err;
	outfile o = {0};
	char *pdf_bytes = NULL;
	size_t pdf_len = 0;

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
			cls_format f;
			if (cls_format_parse(v, &f) && f != CLS_FORMAT_CSV
			    && f != CLS_FORMAT_GITHUB && f != CLS_FORMAT_SARIF
			    && f != CLS_FORMAT_ODS && f != CLS_FORMAT_XLSX)
				fmt = (int)f;
			else
				return cmd_usage_error(self,
				    _("invalid --format "
				      "\"%s\": use text, markdown, html, "
				      "json, odt, docx or pdf"),
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
			      "text, markdown, html, json, odt, docx or pdf"));
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
	if (strlen(year_arg) != 4)
		return cmd_usage_error(self,
		    _("invalid YEAR \"%s\": give the year in four digits, "
		      "such as 2024"),
		    year_arg);
	if (out_path && !*out_path)
		return cmd_usage_error(self, _("-o needs a file name"));
	if (fmt < 0 && out_path && strcmp(out_path, "-") != 0) {
		/* the name says the format, or no format at all */
		cls_format f;
		const char *ext = cmd_extension(out_path);
		if (cls_format_of_path(out_path, &f) && f != CLS_FORMAT_CSV
		    && f != CLS_FORMAT_ODS && f != CLS_FORMAT_XLSX)
			fmt = (int)f;
		else if (ext)
			return cmd_usage_error(self,
			    _("cannot write a report as .%s: name the file "
			      ".txt (text), .md (markdown), .html (html), "
			      ".json (json), .odt (odt), .docx (docx) or .pdf "
			      "(pdf), or give --format"),
			    ext);
	}
	if (fmt < 0)
		fmt = CLS_FORMAT_TEXT;
	bool binary = fmt == CLS_FORMAT_ODT || fmt == CLS_FORMAT_DOCX
	    || fmt == CLS_FORMAT_PDF;
	if (binary && (!out_path || strcmp(out_path, "-") == 0)
	    && isatty(STDOUT_FILENO))
		return cmd_usage_error(self,
		    _("a %s file is not for a terminal: give -o FILE, or "
		      "redirect the output"),
		    cls_format_name((cls_format)fmt));
	/* Asked before the memo, which does not know the PATH: without
	 * LibreOffice there is no PDF, even one made before. */
	char *soffice = NULL;
	if (fmt == CLS_FORMAT_PDF && !(soffice = cmd_soffice_find()))
		return cmd_usage_error(self,
		    _("a PDF is made by LibreOffice, and soffice is not on the "
		      "PATH: install LibreOffice (Debian: apt-get install "
		      "libreoffice-writer-nogui), or write --format=html and "
		      "print it to PDF from a browser, or --format=odt"));

	if ((rc = cmd_memo_begin(g, argc, argv, NULL, 0, out_path)) >= 0) {
		free(soffice);
		return rc;
	}
	rc = EXIT_FAIL;
	if (!(c = cmd_load(g, NULL, false))) {
		free(soffice);
		return EXIT_FAIL;
	}
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
	cls_report_options ro = {.from = year, .to = year};
	const cls_contract *cs[] = {c};
	if (!(r = cls_report_build(cs, 1, &ro, &err))) {
		cmd_fail("%s", err.message);
		goto out;
	}
	if (soffice) {
		/* LibreOffice first: the output is opened once there is a
		 * PDF to put in it */
		FILE *pdf = open_memstream(&pdf_bytes, &pdf_len);
		if (!pdf) {
			cmd_fail(_("out of memory"));
			goto out;
		}
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
	if (rc == EXIT_OK && cls_contract_count(c, CLS_ERROR))
		rc = EXIT_DATA;
out:
	free(pdf_bytes);
	free(soffice);
	cls_report_free(r);
	cls_contract_free(c);
	return rc;
}
