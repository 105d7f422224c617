/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - what the commands of the cls program share.  The program is
 * laid out as tmux is:
 *
 *   main.c          the global options (-C, --no-cache, --color), the
 *                   list of commands (cmd_table[]) and the dispatch
 *   cmd-NAME.c      one command each: its entry (cmd_entry: name, usage,
 *                   summary, help, options, exec) and its code, which
 *                   checks only what is its own
 *   options.c       the one option parser, driven by an entry's options
 *                   (cmd_args_next()): long and short options, values,
 *                   "--", "-", unknown options and missing values
 *   common.c        loading contracts (and the -o guard), messages,
 *                   diagnostics, atomic output files (out_open())
 *   memo.c          answers kept in the cache, replayed without loading
 *   csv.c, office.c, embed.c, complete.c
 *                   CSV options, PDF through LibreOffice, the embedded
 *                   templates and schemas, the hidden cls complete
 *
 * The program uses libcls only through lib/cls.h.
 */
#ifndef CLS_CMD_H
#define CLS_CMD_H

#include "../lib/cls.h"

#include <libintl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* Messages in the user's language (gettext domain "cls", po/LANG.po): _()
 * translates a literal where it is printed, N_() marks one kept in a table
 * (the summary and help of commands[]) that is translated where printed.
 * Reports are French documents and are never translated. */
#define _(s) gettext(s)
#define N_(s) s

/* Exit statuses, for every command (cls(1)). */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_FAIL = 2 };

typedef struct globals {
	const char *dir; /* -C DIR, or NULL */
	bool no_cache;
	int color; /* -1 auto, 0 never, 1 always */
} globals;

/* One option of a command, as its entry declares it: the parser
 * (cmd_args_next(), options.c) returns its id for "--name", "--name=V" or
 * "--name V" (a long option with a value), "-o V" or "-oV" (a short one). */
typedef struct cmd_option {
	const char *name; /* "--format", "-o"; NULL ends the list */
	int id; /* > 0, returned by cmd_args_next() */
	bool value; /* takes a value */
	const char *missing; /* the usage error when the value is missing,
	                      * in N_() ("%s": the option); NULL: the
	                      * entry's unknown-option message */
} cmd_option;

enum { CMD_MAX_OPTIONS = 16 };

/* A command of the program: each cmd-NAME.c defines one, cmd_table[]
 * (main.c) lists them. */
typedef struct cmd_entry cmd_entry;
struct cmd_entry {
	const char *name;
	const char *usage; /* after "cls ": shared by --help and the man page
	                    * SYNOPSIS, never translated; cls complete reads
	                    * the options and operands it offers from it */
	const char *summary; /* one line for "cls --help", in N_(); NULL:
	                      * hidden */
	const char *help; /* the options, for "cls help NAME", in N_() */
	const char *unknown; /* the usage error for an unknown option, in
	                      * N_() ("%s": the word); NULL: "unknown option
	                      * \"%s\"" */
	bool raw; /* exec reads argv itself (cls complete: a shell's words) */
	cmd_option options[CMD_MAX_OPTIONS];
	int (*exec)(
	    const cmd_entry *self, const globals *g, int argc, char **argv);
};

/* The commands, in the order of cls --help, ending with NULL. */
extern const cmd_entry *const cmd_table[];

/* The command of that exact name, or NULL. */
const cmd_entry *cmd_find(const char *name);

/* The usage of the program (its global options), and its whole help:
 * that usage, the commands, the options (cmd-help.c). */
void cmd_global_usage(FILE *f);
void cmd_main_help(FILE *f);

/* The entries, one file each (cmd-NAME.c; complete.c for the hidden
 * complete). */
extern const cmd_entry cmd_validate_entry, cmd_report_entry, cmd_export_entry,
    cmd_import_entry, cmd_indicators_entry, cmd_cache_entry, cmd_init_entry,
    cmd_new_entry, cmd_schema_entry, cmd_complete_entry, cmd_help_entry;

/* ------------------------------------------------------------ options.c */

/* Walks the words of a command line, argv[1..argc) (argv[0] is the
 * command), as its entry's options say.  Zero-initialise, or use
 * cmd_args_init(). */
typedef struct cmd_args {
	const cmd_entry *entry;
	int argc;
	char **argv;
	int next; /* the index of the next word */
	bool dashdash; /* "--" was met: every word after it is an operand */
	const char *value; /* the value of the option, or the operand */
} cmd_args;

enum { CMD_ARGS_END = -1, CMD_ARGS_ERROR = -2, CMD_ARGS_OPERAND = 0 };

void cmd_args_init(cmd_args *a, const cmd_entry *e, int argc, char **argv);
/* The next word: the id of an option (its value, if it takes one, in
 * a->value: a repeated option is returned each time), CMD_ARGS_OPERAND
 * with the word in a->value (a word not starting with "-", "-" itself,
 * or any word after "--"), or CMD_ARGS_END.  An unknown option or one
 * without its value is reported as a usage error of the entry: returns
 * CMD_ARGS_ERROR, and the command exits with EXIT_FAIL. */
int cmd_args_next(cmd_args *a);

/* Chooses the language of messages from the locale variables (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG) and finds the catalogs; every other locale
 * category stays "C", so that no output but the words of messages depends
 * on the locale.  See cls(1), ENVIRONMENT. */
void cmd_i18n(void);
/* Binds the library's messages to the folder of the catalogs even when
 * cmd_i18n() chose English: for the French documents (the report), whose
 * diagnostics are French whatever the language. */
void cmd_i18n_catalogs(void);

/* Prints "usage: cls USAGE" and the options of cmd to f. */
void cmd_usage(FILE *f, const cmd_entry *cmd);
/* Reports a usage error for cmd and returns EXIT_FAIL. */
int cmd_usage_error(const cmd_entry *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same with the arguments in ap. */
int cmd_usage_verror(const cmd_entry *cmd, const char *fmt, va_list ap);
/* "cls: message" on stderr; returns EXIT_FAIL. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A message to f (stderr, cmd_err()): every message of the program goes
 * through it, cmd_fail() or cmd_usage_error(), which write the data it
 * quotes made safe for a terminal (cls_escape(): "\x1b", "\u202e"), on
 * one line; a final line feed of the format is kept. */
void cmd_msg(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Whether to colour output going to the stream fd. */
bool cmd_color(const globals *g, int fd);

/* Finds and loads the contract at or above start (NULL: -C DIR or the
 * current folder), through the process's cache unless --no-cache (a note
 * about the cache is printed once; what the load did to an interrupted
 * import is said on stderr).  Prints why and returns NULL on failure.
 * Caller frees with cls_contract_free(). */
cls_contract *cmd_load(const globals *g, const char *start, bool diags_only);
/* The same for a root that cls_contract_find() gave already (finding it
 * again would cost a command over many contracts a tenth of its time). */
cls_contract *cmd_load_root(
    const globals *g, const char *root, bool diags_only);
/* The same, with the diagnostics in French whatever the language of the
 * messages when french (for the report, a French document). */
cls_contract *cmd_load_as(
    const globals *g, const char *root, bool diags_only, bool french);
/* Makes every later cmd_load*() refuse a contract that reads out_path
 * (cls_contract_reads(): cls.yaml or a fiche, under that name, through a
 * symbolic link or as a hard link, or a name it would read once written):
 * it says so and returns NULL, so that the command fails with EXIT_FAIL
 * before its output is committed and the file is left as it was.  The
 * commands with -o FILE call it before their memo and their loads; NULL
 * or "-" guards nothing. */
void cmd_guard_output(const char *out_path);

/* Prints a diagnostic GCC-style to f: "prefixfile:line:col: error: msg
 * [rule]", as cls_diag_print() writes it. */
void cmd_print_diag(FILE *f, const cls_diag *d, const char *prefix, bool color);
/* The process's cache, opened at the first need (its note, if any, is
 * said then), or NULL with --no-cache or when there can be none. */
cls_cache *cmd_cache_open(const globals *g);
/* Its note (cls_cache_note()), or NULL when it has none or is not open. */
const char *cmd_cache_note(void);
/* Ends the batch of the process's cache (its rows are committed a few MiB
 * at a time), committing what the loads so far left pending; loads after
 * it commit their own.  Called before the output is written, which may
 * block on a pipe, so that no other cls finds the cache locked then. */
void cmd_cache_flush(void);
/* Closes the cache cmd_load() opened; main() calls it before exiting. */
void cmd_cleanup(void);

/* The soffice (LibreOffice) on the PATH, or the one $CLS_SOFFICE names,
 * or NULL.  Caller frees with
 * free(). */
char *cmd_soffice_find(void);
/* Writes report r as PDF to out: the ODT made by libcls, converted by
 * soffice in a scratch folder under a time limit (cmd/office.c).  Returns
 * EXIT_OK, or says why and returns EXIT_FAIL. */
int cmd_soffice_pdf(const char *soffice, const cls_report *r, FILE *out);

/* Checks that everything written to f reached it.  Returns EXIT_OK or
 * reports and returns EXIT_FAIL. */
int cmd_check_output(FILE *f, const char *name);

/* Output to a file written atomically: a temporary file in the same folder,
 * renamed over path by out_commit(); out_abort() removes it.  path NULL or
 * "-" means stdout. */
typedef struct outfile {
	FILE *f;
	char *path, *tmp;
	FILE *real; /* the target while f is the memo's capture, or NULL */
	bool to_stdout;
} outfile;
int out_open(outfile *o, const char *path);
/* Whether the output goes to stdout (f may be the memo's capture). */
bool out_is_stdout(const outfile *o);
int out_commit(outfile *o);
void out_abort(outfile *o);
/* For a file that must not exist yet: out_open_new() fails when path
 * exists (whatever it is), out_commit_new() when it appeared meanwhile;
 * both say so and return EXIT_FAIL with nothing written. */
int out_open_new(outfile *o, const char *path);
int out_commit_new(outfile *o);

/* How to show paths under root from the current folder: "" when root is
 * the current folder, "sub/dir/" below it, else "root/".  Caller frees with
 * free(); NULL when out of memory. */
char *cmd_display_prefix(const char *root);

/* A file embedded in the program (templates/NAME, schema/NAME.json), or
 * NULL; *len gets its length.  Borrowed: static storage. */
const char *embedded(const char *name, size_t *len);
/* Writes the embedded template name to f, each @KEY@ replaced by its value;
 * vars holds "KEY", "value" pairs and ends with NULL.  Returns -1 when
 * there is no such template. */
int tpl_write(FILE *f, const char *name, const char *const *vars);

/* Makes room for item n of an array v of items of size bytes that grows by
 * doubling (its capacity is implied by n), so that n pushes cost O(n) even
 * for a hostile flood: returns the array, perhaps moved, or NULL when out
 * of memory (v is then left as it was). */
void *cmd_grow(void *v, size_t n, size_t size);

/* The extension of a file name: what follows the last dot of its last
 * part when that is a word with a letter ("pdf", not "2024"), or NULL.
 * Borrowed: part of path.  A name whose extension no format has is a
 * usage error of the commands that write files (-o). */
const char *cmd_extension(const char *path);

/* Whether the output of -o out_path (NULL or "-": stdout) goes to a
 * terminal, where a binary file (a zip) is not to be written. */
bool cmd_to_terminal(const char *out_path);

/* Parses a YEAR argument: digits only, 1 to 99999. */
bool cmd_parse_year(const char *s, int *out);

/* What a run over several contracts (cls export, cls indicators) says of
 * the YEAR asked for: the library's account of which contracts hold it
 * (cls_year_cover), a warning for each contract that gives no rows
 * because its periode leaves it out, and a usage error when none holds
 * it.  Zero-initialise and set cover.year; free with year_cover_free(). */
typedef struct year_cover {
	cls_year_cover cover;
	char **outside; /* why each contract that left it out has no rows */
	size_t noutside;
	bool oom; /* a reason could not be kept */
} year_cover;
/* Notes that the contract of p, whose paths are shown with prefix, has
 * no rows: its periode leaves the year out. */
void year_cover_outside(year_cover *yc, const cls_plan *p, const char *prefix);
/* After the run: when no contract held the year (cls_year_cover_none()),
 * reports the usage error of self and returns EXIT_FAIL; else EXIT_OK. */
int year_cover_check(const year_cover *yc, const cmd_entry *self);
void year_cover_free(year_cover *yc);

/* The contracts of a command over several folders (cls export, cls
 * report): the contract at or above each folder is found before anything
 * is written (a folder without one is an error that leaves no output),
 * and kept once even when named twice; each is then loaded, used and
 * freed in turn, so that memory does not grow with their number.
 * Zero-initialise; free with cmd_roots_free(). */
typedef struct cmd_roots {
	char **roots; /* as cls_contract_find() gives them */
	char **prefix; /* how each one's paths are shown: "", "vans/" */
	size_t n;
} cmd_roots;
/* Adds the contract at or above start (NULL: -C DIR or the current
 * folder, shown without prefix).  Returns EXIT_OK, or EXIT_FAIL after
 * saying why. */
int cmd_roots_add(cmd_roots *r, const globals *g, const char *start);
void cmd_roots_free(cmd_roots *r);

/* Names for a message (the financeurs, fiches or themes a run met), each
 * a copy, kept once as cls_name_cmp() compares them.  Zero-initialise. */
typedef struct namelist {
	char **v;
	size_t n;
} namelist;
/* Adds a copy of s unless an equal name is there; -1 when out of memory. */
int namelist_add(namelist *l, const char *s);
void namelist_free(namelist *l);

/* ------------------------------------------------------------ memo.c */

/* Where messages go: stderr, or the capture of a run being memoised
 * (written to stderr as it goes out, and kept with its output). */
FILE *cmd_err(void);

/* Answers the command from the cache's memo (cls_memo_open()) when the
 * contracts at or above starts[0..n) (NULL: -C DIR or the current folder)
 * and everything else the output depends on (the command line, the
 * current folder, colours, the language, this build of cls) are those of
 * a stored run: writes its messages, then its output through out_open(
 * out_path), and returns its exit status.  Otherwise returns -1 and, when
 * a memo can be kept, captures the run's output and messages until
 * cmd_memo_end().  Call after the options are checked, before any load. */
int cmd_memo_begin(const globals *g, int argc, char **argv,
    const char *const *starts, size_t n, const char *out_path);
/* The key of what a command over several contracts writes of each of
 * them (cls_load_options.answer_key), into k (released by the caller):
 * what the memo's key holds, but the contracts, operands[0..n) of argv,
 * and whether there are any and more than one.  Returns 0, or -1 when no
 * answer is to be kept (--no-cache, no current folder, out of memory). */
int cmd_answer_key(cls_buf *k, const globals *g, int argc, char **argv,
    const char *const *operands, size_t n);
/* Loads the contract at or above start as cmd_load() does, asking for the
 * answer kept under key (cmd_answer_key(); NULL: none). */
cls_contract *cmd_load_answer(
    const globals *g, const char *start, const cls_buf *key);
/* A contract's part of a listing or a table: keeps what w wrote last of c,
 * with c's periode, for the next run over c unchanged
 * (cls_contract_keep()); then writes such a part again, kept for c
 * (cls_contract_kept()), setting debut and fin of *periode (what the cover
 * of a year needs of the plan).  Returns 0, or -1 with err filled when the
 * part is not one of w's: the contract is then to be loaded whole. */
void cmd_part_keep(const cls_contract *c, const cls_writer *w);
int cmd_part_again(
    const cls_contract *c, cls_writer *w, cls_plan *periode, cls_error *err);

/* Ends the capture: writes what is left of the messages and keeps the
 * run when its status is 0 or 1.  Returns status.  main() calls it. */
int cmd_memo_end(int status);

/* For out_open() and its commit: the stream a captured run writes its
 * output to, or NULL when none is being captured; the copy of what it
 * holds to the target (messages so far first), or its disposal. */
FILE *memo_output(void);
int memo_output_copy(FILE *cap, FILE *target);
void memo_output_drop(FILE *cap);

#endif
