/* SPDX-License-Identifier: MIT */
/*
 * main.c - the cls program: its global options, the list of its commands
 * and the dispatch to the one named.  Each command is an entry (cmd.h,
 * cmd_entry) defined in its own file, cmd-NAME.c.
 */
#include "cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* In the order of cls --help. */
const cmd_entry *const cmd_table[] = {
    &cmd_validate_entry,
    &cmd_report_entry,
    &cmd_export_entry,
    &cmd_import_entry,
    &cmd_indicators_entry,
    &cmd_cache_entry,
    &cmd_init_entry,
    &cmd_new_entry,
    &cmd_schema_entry,
    &cmd_complete_entry,
    &cmd_help_entry,
    NULL,
};

const cmd_entry *cmd_find(const char *name)
{
	for (const cmd_entry *const *c = cmd_table; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* Parses "--name=value" or "--name value"; returns the value or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int main(int argc, char **argv)
{
	globals g = {NULL, false, -1};
	int i = 1;
	cmd_i18n();
#ifdef M_TRIM_THRESHOLD
	/* Each contract's memory is freed before the next is loaded: keep it
	 * for the next instead of giving it back to the system and faulting
	 * it in again (a third of the system time over 500 contracts). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	/* Past the file size limit (ulimit -f) a write fails with EFBIG,
	 * which is reported, instead of a signal killing the run half-way. */
	signal(SIGXFSZ, SIG_IGN);
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0
		    || strcmp(argv[i], "-h") == 0) {
			cmd_main_help(stdout);
			return cmd_check_output(stdout, "stdout");
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("cls %s (file format %d)\n%s\n", CLS_VERSION,
			    CLS_FORMAT_VERSION, cls_version_info());
			return cmd_check_output(stdout, "stdout");
		} else if (strcmp(argv[i], "--no-cache") == 0) {
			g.no_cache = true;
		} else if (strcmp(argv[i], "-C") == 0) {
			if (++i >= argc) {
				fputs(_("cls: -C needs a folder\n"), stderr);
				cmd_global_usage(stderr);
				return EXIT_FAIL;
			}
			g.dir = argv[i];
		} else if (strncmp(argv[i], "-C", 2) == 0) {
			g.dir = argv[i] + 2;
		} else if ((v = opt_value(argc, argv, &i, "--color"))) {
			if (strcmp(v, "auto") == 0)
				g.color = -1;
			else if (strcmp(v, "always") == 0)
				g.color = 1;
			else if (strcmp(v, "never") == 0)
				g.color = 0;
			else {
				cmd_msg(stderr,
				    _("cls: invalid --color \"%s\": use "
				      "auto, always or never\n"),
				    v);
				return EXIT_FAIL;
			}
		} else {
			cmd_msg(
			    stderr, _("cls: unknown option \"%s\"\n"), argv[i]);
			cmd_global_usage(stderr);
			return EXIT_FAIL;
		}
	}
	if (i >= argc) {
		cmd_global_usage(stderr);
		return EXIT_FAIL;
	}
	const cmd_entry *c = cmd_find(argv[i]);
	if (!c) {
		cmd_msg(stderr,
		    _("cls: \"%s\" is not a command: see cls --help\n"),
		    argv[i]);
		return EXIT_FAIL;
	}
	for (int j = i + 1; j < argc && !c->raw; j++) {
		if (strcmp(argv[j], "--") == 0)
			break;
		if (strcmp(argv[j], "--help") == 0
		    || strcmp(argv[j], "-h") == 0) {
			cmd_usage(stdout, c);
			return cmd_check_output(stdout, "stdout");
		}
	}
	int rc = cmd_memo_end(c->exec(c, &g, argc - i, argv + i));
	cmd_cleanup();
	return rc;
}
