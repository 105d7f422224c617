/* SPDX-License-Identifier: MIT */
/*
 * cmd-init.c - "cls init": starts a new contract (cls.yaml, fiches/ with one
 * sample fiche, .gitignore) from the templates the program carries.  It
 * writes everything or nothing, and never replaces a file.
 */
#include "cmd.h"

#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int init_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_init_entry = {
    .name = "init",
    .usage = "init [DIR]",
    .summary = N_("start a new contract in DIR (default: the current folder)"),
    .help
    = N_("  DIR               the folder of the new contract, created if\n"
         "                    needed; nothing in it is ever replaced\n"),
    .exec = init_exec,
};

/* What was created so far, undone in reverse order on failure. */
typedef struct created {
	char *path[64];
	bool is_dir[64];
	size_t n;
} created;

static void undo(created *c)
{
	while (c->n > 0) {
		c->n--;
		if (c->is_dir[c->n])
			rmdir(c->path[c->n]);
		else
			unlink(c->path[c->n]);
		free(c->path[c->n]);
	}
}

static void forget(created *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->path[i]);
	c->n = 0;
}

static int track(created *c, const char *path, bool is_dir)
{
	char *p = strdup(path);
	if (!p || c->n == sizeof(c->path) / sizeof(c->path[0])) {
		free(p);
		return cmd_fail(_("out of memory"));
	}
	c->path[c->n] = p;
	c->is_dir[c->n++] = is_dir;
	return EXIT_OK;
}

/* mkdir -p, remembering each folder it made. */
static int make_dirs(created *c, const char *dir)
{
	char *p = strdup(dir);
	int rc = EXIT_FAIL;
	if (!p)
		return cmd_fail(_("out of memory"));
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char was = *s;
		*s = '\0';
		struct stat st;
		if (stat(p, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				cmd_fail(_("%s is not a folder: choose another "
				           "place for the contract"),
				    p);
				goto out;
			}
		} else if (mkdir(p, 0777) != 0) {
			cmd_fail(_("cannot create %s: %s"), p, strerror(errno));
			goto out;
		} else if (track(c, p, true)) {
			goto out;
		}
		*s = was;
		if (!was)
			break;
	}
	rc = EXIT_OK;
out:
	free(p);
	return rc;
}

/* The year cls init starts the periode with: this year, or the one of
 * SOURCE_DATE_EPOCH, the reproducible-builds convention. */
static int this_year(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	time_t t = time(NULL);
	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			t = (time_t)v;
	}
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return 2025;
	return tm.tm_year + 1900;
}

/* Writes template tpl to path, never over an existing file. */
static int write_new(
    created *c, const char *path, const char *tpl, const char *const *vars)
{
	outfile o;
	if (out_open_new(&o, path))
		return EXIT_FAIL;
	tpl_write(o.f, tpl, vars);
	if (out_commit_new(&o))
		return EXIT_FAIL;
	return track(c, path, false);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, *dir ? "/" : "", name);
	return p;
}

#define SAMPLE "fiches/1.1.1-exemple.yaml"

static int init_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *dir = NULL;
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		else if (dir)
			return cmd_usage_error(self, _("one folder at most"));
		else
			dir = a.value;
	}
	/* -C DIR: the folder is taken from DIR, as with git -C DIR init. */
	if (g->dir && chdir(g->dir) != 0)
		return cmd_fail(
		    _("cannot use -C %s: %s"), g->dir, strerror(errno));
	char *trimmed = strdup(dir ? dir : ".");
	if (!trimmed)
		return cmd_fail(_("out of memory"));
	for (size_t n = strlen(trimmed); n > 1 && trimmed[n - 1] == '/'; n--)
		trimmed[n - 1] = '\0';
	dir = strcmp(trimmed, ".") == 0 ? "" : trimmed;

	int rc = EXIT_FAIL;
	created made = {{0}, {0}, 0};
	char *cls_yaml = join(dir, "cls.yaml"), *fiches = join(dir, "fiches"),
	     *sample = join(dir, SAMPLE), *gitignore = join(dir, ".gitignore");
	if (!cls_yaml || !fiches || !sample || !gitignore) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	/* Everything is checked before anything is written. */
	struct stat st;
	const char *taken[] = {cls_yaml, fiches};
	for (size_t i = 0; i < 2; i++) {
		if (lstat(taken[i], &st) == 0) {
			cmd_fail(
			    _("%s already exists: nothing was written (cls "
			      "init starts a new contract in an empty "
			      "place: give another folder, cls init DIR)"),
			    taken[i]);
			goto out;
		}
	}
	bool keep_gitignore = lstat(gitignore, &st) == 0;

	char debut[16], fin[16], finplus[16];
	int year = this_year();
	snprintf(debut, sizeof(debut), "%d", year);
	snprintf(fin, sizeof(fin), "%d", year + 4);
	snprintf(finplus, sizeof(finplus), "%d", year + 5);
	const char *vars[] = {"SCHEMADIR", CLS_SCHEMADIR, "DEBUT", debut, "FIN",
	    fin, "FINPLUS", finplus, NULL};
	if (*dir && make_dirs(&made, dir))
		goto out;
	if (mkdir(fiches, 0777) != 0) {
		cmd_fail(_("cannot create %s: %s"), fiches, strerror(errno));
		goto out;
	}
	if (track(&made, fiches, true)
	    || write_new(&made, cls_yaml, "templates/cls.yaml", vars)
	    || write_new(&made, sample, "templates/fiche.yaml", vars)
	    || (!keep_gitignore
	        && write_new(&made, gitignore, "templates/gitignore", vars)))
		goto out;

	printf("%s\n%s\n", cls_yaml, sample);
	if (!keep_gitignore)
		printf("%s\n", gitignore);
	rc = cmd_check_output(stdout, "stdout");
	if (rc == EXIT_OK && *dir)
		cmd_msg(stderr,
		    _("cls: new contract in %s: edit cls.yaml, add fiches with "
		      "\"cls new --axe 1 TITLE\", check with \"cls "
		      "validate\"\n"),
		    dir);
	else if (rc == EXIT_OK)
		fputs(_("cls: new contract in the current folder: edit "
		        "cls.yaml, add fiches with \"cls new --axe 1 TITLE\", "
		        "check with \"cls validate\"\n"),
		    stderr);
	if (rc == EXIT_OK && keep_gitignore)
		fputs(_("cls: the existing .gitignore was kept as it was\n"),
		    stderr);
out:
	if (rc == EXIT_OK)
		forget(&made);
	else
		undo(&made);
	free(cls_yaml);
	free(fiches);
	free(sample);
	free(gitignore);
	free(trimmed);
	return rc;
}
