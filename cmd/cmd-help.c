/* SPDX-License-Identifier: MIT */
/*
 * cmd-help.c - "cls help [COMMAND]": the help of the program, made from
 * the entries of cmd_table[], or the page cls-COMMAND(1) through man(1)
 * on a terminal, as git help does.
 */
#include "cmd.h"

#include "paths.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int help_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_help_entry = {
    .name = "help",
    .usage = "help [COMMAND]",
    .summary = N_("show the help of a command"),
    .help = "",
    .exec = help_exec,
};

void cmd_global_usage(FILE *f)
{
	/* TRANSLATORS: the second line starts with as many spaces as the
	 * first has characters before "cls" */
	fprintf(f, _("usage: %s\n       %s\n"),
	    "cls [-C DIR] [--no-cache] [--color=auto|always|never] COMMAND "
	    "[ARGS...]",
	    "cls --help | --version | help COMMAND");
}

void cmd_main_help(FILE *f)
{
	cmd_global_usage(f);
	fputs(_("\ncls reads and checks a Contrat Local de Santé kept as YAML "
	        "files.\n\ncommands:\n"),
	    f);
	for (const cmd_entry *const *c = cmd_table; *c; c++)
		if ((*c)->summary)
			fprintf(
			    f, "  %-10s %s\n", (*c)->name, _((*c)->summary));
	fputs(
	    _("\noptions:\n"
	      "  -C DIR            look for the contract from DIR, not the "
	      "current folder\n"
	      "  --no-cache        read every file, neither use nor fill the "
	      "cache\n"
	      "  --color=WHEN      auto (default), always or never\n"
	      "  --help, --version\n"
	      "\nexit status: 0 success, 1 the data has errors, 2 usage error "
	      "or failure.\nsee cls(1), cls-validate(1), cls-report(1), "
	      "cls-export(1), cls-format(5).\n"),
	    f);
}

/* Appends dir and a ":" to path (of size n) when dir is a man folder (it
 * has man1/) other than skip. */
static void add_mandir(char *path, size_t n, const char *dir, const char *skip)
{
	char man1[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	struct stat st;
	size_t len = strlen(path);
	if (snprintf(man1, sizeof(man1), "%s/man1", dir) >= (int)sizeof(man1)
	    || stat(man1, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if (skip && realpath(dir, a) && realpath(skip, b) && !strcmp(a, b))
		return;
	snprintf(path + len, n - len, "%s:", dir);
}

/* The language of the messages when LANGUAGE chose it and the locale does
 * not name it, so that man(1) would not see it: LANGUAGE=fr with no locale
 * set, or a locale that is not installed (cmd_i18n() then reads the
 * messages in C.UTF-8).  Else "", as for a name that is not plainly a
 * language tag. */
static const char *language_for_man(char *buf, size_t n)
{
	const char *lm = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	size_t len = language ? strcspn(language, ":") : 0;
	buf[0] = '\0';
	if (!lm || strncmp(lm, "C.", 2) != 0 || len == 0 || len >= n)
		return buf;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)language[i])
		    && !strchr("_@.-", language[i]))
			return buf;
	memcpy(buf, language, len);
	buf[len] = '\0';
	return buf;
}

/* Shows cls-NAME(1) with man(1), as git help does.  The man folders, first
 * to last: build/man beside the uninstalled ./cls of a built source tree
 * (the pages and their translations, made by make), the folder make
 * install put the pages in, ../share/man from the binary (an installed
 * tree moved elsewhere, or staged with DESTDIR), then MANPATH, or man's
 * usual path.  man looks in each for the page in the language of the
 * locale (fr/man1/ before man1/), or of -L.  False when man is missing or
 * finds no page: the caller then prints the built-in help.  NAME is a
 * command of the table, so it is safe in a shell command. */
static bool show_man(const char *name)
{
	const char *old = getenv("MANPATH");
	size_t n
	    = 2 * PATH_MAX + strlen(CLS_MANDIR) + (old ? strlen(old) : 0) + 4;
	char *path = malloc(n), exe[PATH_MAX], dir[PATH_MAX];
	if (!path)
		return false;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = len > 0 ? (exe[len] = '\0', strrchr(exe, '/')) : NULL;
	if (slash)
		*slash = '\0';
	path[0] = '\0';
	if (slash && snprintf(dir, sizeof(dir), "%s/build/man", exe) < PATH_MAX)
		add_mandir(path, n, dir, NULL);
	snprintf(path + strlen(path), n - strlen(path), "%s:", CLS_MANDIR);
	if (slash
	    && snprintf(dir, sizeof(dir), "%s/../share/man", exe) < PATH_MAX)
		add_mandir(path, n, dir, CLS_MANDIR);
	/* A trailing ":" has man append its usual path. */
	snprintf(path + strlen(path), n - strlen(path), "%s", old ? old : "");
	bool set = setenv("MANPATH", path, 1) == 0;
	free(path);
	char lang[32], opt[40] = "", cmd[192];
	if (*language_for_man(lang, sizeof(lang)))
		snprintf(opt, sizeof(opt), "-L %s ", lang);
	snprintf(
	    cmd, sizeof(cmd), "man %s-w cls-%s >/dev/null 2>&1", opt, name);
	if (!set || system(cmd) != 0)
		return false;
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "man %scls-%s", opt, name);
	return system(cmd) == 0;
}

static int help_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *name = NULL;
	cmd_args a;
	(void)g;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		if (!name)
			name = a.value;
	}
	if (!name) {
		cmd_main_help(stdout);
		return cmd_check_output(stdout, "stdout");
	}
	const cmd_entry *c = cmd_find(name);
	if (!c)
		return cmd_fail(_("no command \"%s\": see cls --help"), name);
	if (isatty(STDOUT_FILENO) && show_man(c->name))
		return EXIT_OK;
	cmd_usage(stdout, c);
	return cmd_check_output(stdout, "stdout");
}
