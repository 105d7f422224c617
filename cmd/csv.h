/* SPDX-License-Identifier: MIT */
/*
 * csv.h - the options shared by every command that writes CSV (cls
 * export, cls indicators --format=csv): --excel, --sep, --bom, and the
 * dialect they ask for (cls_csv_dialect).  The cells are written by
 * libcls's one CSV writer (cls-export(1), CSV).
 */
#ifndef CLS_CSV_H
#define CLS_CSV_H

#include "cmd.h"

#include <stdbool.h>

/* The options, as given: --excel, --sep=C (or --sep C), --bom. */
typedef struct csv_opts {
	bool excel;
	bool bom;
	char sep; /* 0 when --sep was not given */
} csv_opts;

/* The shared options, for the options of a command's entry, and their
 * ids (above those of any command). */
enum { CSV_OPT_EXCEL = 100, CSV_OPT_SEP, CSV_OPT_BOM };
#define CSV_OPTIONS                                                            \
	{"--excel", CSV_OPT_EXCEL, false, NULL},                               \
	    {"--sep", CSV_OPT_SEP, true,                                       \
	        N_("--sep needs a separator: ',', ';', tab (\\t) or '|'")},    \
	{                                                                      \
		"--bom", CSV_OPT_BOM, false, NULL                              \
	}

/* Records option id (cmd_args_next()) with its value v in o when it is
 * one of the shared options, and returns 1; returns 0 when it is not one
 * of them, and -1 after reporting a usage error for cmd (a bad --sep
 * value): the caller then exits with EXIT_FAIL. */
int csv_opts_take(csv_opts *o, const cmd_entry *cmd, int id, const char *v);

/* The dialect the options ask for, whatever their order: the default or
 * the --excel preset (cls_csv_dialect_preset()), then --sep and --bom on
 * top.  --excel with --sep=, keeps the decimal comma (numbers then get
 * quoted) and says so on stderr. */
cls_csv_dialect csv_opts_dialect(const csv_opts *o);

#endif
