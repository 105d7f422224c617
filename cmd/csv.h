/*
 * csv.h - the one CSV writer of the program (cls export, cls indicators
 * --format=csv): the dialect, the options that choose it, and cells written
 * through libcsv.
 *
 * What a file written here looks like (cls-export(1) documents it for
 * users):
 *   - the default dialect: RFC 4180 fields, comma separator, "." decimals,
 *     UTF-8 without BOM, rows ended by LF (RFC 4180 says CRLF; LF is what
 *     shell tools and diff expect, and every CSV reader accepts it);
 *   - --excel, the French Excel preset: ";" separator, UTF-8 BOM, CRLF,
 *     decimal comma, no "sep=" line;
 *   - text cells are always quoted, by libcsv's csv_write2() (quotes
 *     doubled, CR and LF kept inside the quotes: multi-line text survives);
 *   - numbers are bare: the shortest decimal that reads back as the same
 *     double, never in exponent notation for ordinary amounts, with the
 *     dialect's decimal char; a number is quoted only when that char is the
 *     separator (decimal comma with --sep=,);
 *   - formula injection is neutralised: a text cell beginning with "=",
 *     "+", "-", "@", tab, CR or LF gets a leading "'" so a spreadsheet
 *     shows it as text.  Numbers are never prefixed: -12.5 stays a number.
 *     (Cells are C strings, so a NUL cannot begin or occur in one.)
 */
#ifndef CLS_CSV_H
#define CLS_CSV_H

#include "cmd.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How the file is written. */
typedef struct csv_dialect {
	char sep; /* ',' ';' '\t' or '|' */
	char decimal; /* '.' or ',' */
	bool crlf; /* rows end with CR LF, else LF */
	bool bom; /* the file starts with the UTF-8 BOM EF BB BF */
} csv_dialect;

/* The options shared by every command that writes CSV, as given:
 * --excel, --sep=C (or --sep C), --bom. */
typedef struct csv_opts {
	bool excel;
	bool bom;
	char sep; /* 0 when --sep was not given */
} csv_opts;

/* Reads argv[*i] if it is one of the shared options: records it in o,
 * moves *i past a separate value ("--sep ;"), and returns 1.  Returns 0
 * when argv[*i] is not one of them, and -1 after reporting a usage error
 * for cmd (a bad --sep value): the caller then exits with EXIT_FAIL. */
int csv_opts_parse(
    csv_opts *o, const command *cmd, int argc, char **argv, int *i);

/* The dialect the options ask for, whatever their order: the default or
 * the --excel preset, then --sep and --bom on top.  --excel with --sep=,
 * keeps the decimal comma (numbers then get quoted) and says so on
 * stderr. */
csv_dialect csv_opts_dialect(const csv_opts *o);

/* Writes one CSV file row by row.  Write errors are left in the stream
 * (check with out_commit() or cmd_check_output()). */
typedef struct csv_writer {
	FILE *f;
	csv_dialect d;
	size_t col; /* cells written in the current row */
	char *buf; /* room for a neutralised text */
	size_t cap;
	char *out; /* room for a quoted cell */
	size_t outcap;
	bool oom; /* an allocation failed: the output is incomplete */
} csv_writer;

/* Starts a file on f (writing the BOM if the dialect has one). */
void csv_writer_init(csv_writer *w, FILE *f, const csv_dialect *d);
/* Frees what the writer holds; returns 0, or -1 if it ran out of memory
 * (the caller must then discard the output). */
int csv_writer_release(csv_writer *w);

/* A text cell (quoted, neutralised).  NULL is an empty cell. */
void csv_text(csv_writer *w, const char *s);
/* A text cell of the items of a list joined by " ; ". */
void csv_list(csv_writer *w, const char *const *items, size_t n);
/* A number cell.  A NaN or infinity (never in a checked model) is empty. */
void csv_number(csv_writer *w, double x);
/* A number cell when has, else an empty cell (a value that is absent). */
void csv_opt_number(csv_writer *w, bool has, double x);
/* An empty cell. */
void csv_empty(csv_writer *w);
/* Ends the row. */
void csv_end_row(csv_writer *w);
/* A header row: the given column names, then the end of the row. */
void csv_header(csv_writer *w, const char *const *names, size_t n);

/* The table of indicateurs, one row per indicateur and year, that both
 * "cls export indicateurs" and "cls indicators --format=csv" write, so that
 * either file goes back in through "cls import".  Its columns (documented
 * in cls-export(1)), for a header array: */
#define CSV_INDICATEUR_COLS                                                    \
	"contrat", "axe", "objectif", "fiche", "titre", "porteurs",            \
	    "indicateur", "libelle", "type", "unite", "sens", "source",        \
	    "annee", "cible", "cible_min", "cible_max", "valeur", "atteint",   \
	    "taux"
/* One row of that table: ind of fiche f, of the contract named contrat, in
 * year, where t is what cls_indicateur_taux() says of that year. */
void csv_indicateur_row(csv_writer *w, const char *contrat, const cls_fiche *f,
    const cls_indicateur *ind, int year, const cls_taux *t);

#endif
