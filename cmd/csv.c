/* SPDX-License-Identifier: MIT */
/*
 * csv.c - the options shared by the commands that write CSV: --excel,
 * --sep, --bom, and the dialect they ask for (see csv.h).
 */
#include "csv.h"

#include <string.h>

int csv_opts_take(csv_opts *o, const cmd_entry *cmd, int id, const char *v)
{
	switch (id) {
	case CSV_OPT_EXCEL:
		o->excel = true;
		return 1;
	case CSV_OPT_BOM:
		o->bom = true;
		return 1;
	case CSV_OPT_SEP:
		break;
	default:
		return 0;
	}
	if (strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "|") == 0)
		o->sep = v[0];
	else if (strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0
	    || strcmp(v, "tab") == 0)
		o->sep = '\t';
	else {
		cmd_usage_error(cmd,
		    _("invalid --sep \"%s\": use ',', ';', tab (\\t) or '|'"),
		    v);
		return -1;
	}
	return 1;
}

cls_csv_dialect csv_opts_dialect(const csv_opts *o)
{
	cls_csv_dialect d = cls_csv_dialect_preset(o->excel);
	if (o->sep)
		d.sep = o->sep;
	if (o->bom)
		d.bom = true;
	if (d.sep == d.decimal)
		fputs(_("cls: warning: --sep=, with --excel's decimal comma: "
		        "numbers with decimals are quoted; use --sep=';' to "
		        "keep them bare\n"),
		    cmd_err());
	return d;
}
