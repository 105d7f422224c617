/* SPDX-License-Identifier: MIT */
/*
 * cmd-validate.c - "cls validate": checks one or more contracts (or single
 * fiche files) and reports every diagnostic, written by libcls
 * (cls_diags_begin()) as GCC-style text, JSON, GitHub Actions workflow
 * commands or SARIF 2.1.0.  The command only: its options, which files
 * to report on, one contract loaded at a time.
 */
#include "cmd.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_STRICT = 1, OPT_FORMAT };

static int validate_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_validate_entry = {
	.name = "validate",
	.usage = "validate [--strict] [--format=text|json|github|sarif] [PATH...]",
	.summary = N_("check the contract against the file format"),
	.help = N_("  --strict          exit 1 on warnings too\n"
           "  --format=FORMAT   text (default), json, github or sarif\n"
           "  PATH...           contract folders or fiche files (default:\n"
           "                    the contract at or above the current "
           "folder)\n"),
	.options = {
	    {"--strict", OPT_STRICT, false, NULL},
	    {"--format", OPT_FORMAT, true, NULL},
	},
	.exec = validate_exec,
};

/* One contract to check, and which of its files to report on. */
typedef struct target {
	char *root;
	char *prefix; /* how paths are shown: "" or "examples/x/" */
	char **only; /* relative paths; NULL: every file */
	size_t nonly;
} target;

static bool wanted(const target *t, const char *file)
{
	if (!t->only)
		return true;
	for (size_t i = 0; i < t->nonly; i++)
		if (strcmp(t->only[i], file) == 0)
			return true;
	return false;
}

/* Adds PATH (a folder or a fiche file) to the targets. */
static int add_path(target **ts, size_t *nts, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return cmd_fail("%s: %s", path, strerror(errno));
	bool is_file = !S_ISDIR(st.st_mode);
	/* A folder is made absolute by cls_contract_find(); a file needs
	 * its absolute path to be named relative to the root. */
	char *abs = is_file ? realpath(path, NULL) : strdup(path),
	     *start = NULL;
	if (!abs)
		return cmd_fail("%s: %s", path, strerror(errno));
	if (is_file) {
		start = strdup(abs);
		if (start)
			dirname(start);
	} else {
		start = strdup(abs);
	}
	cls_error err = {{0}};
	char *root = NULL;
	int rc = EXIT_FAIL;
	if (!start) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	if (cls_contract_find(start, &root, &err)) {
		cmd_fail("%s", err.message);
		goto out;
	}
	target *t = NULL;
	for (size_t i = 0; i < *nts; i++)
		if (strcmp((*ts)[i].root, root) == 0)
			t = &(*ts)[i];
	if (!t) {
		target *v = realloc(*ts, (*nts + 1) * sizeof(*v));
		if (!v) {
			cmd_fail(_("out of memory"));
			goto out;
		}
		*ts = v;
		t = &v[(*nts)++];
		memset(t, 0, sizeof(*t));
		t->root = root;
		t->prefix = cmd_display_prefix(root);
		root = NULL;
		if (is_file)
			t->only = calloc(1, sizeof(char *));
	}
	if (!is_file) {
		for (size_t i = 0; i < t->nonly; i++)
			free(t->only[i]);
		free(t->only);
		t->only = NULL;
		t->nonly = 0;
	} else if (t->only) {
		size_t n = strlen(t->root);
		const char *rel = abs + n + (abs[n] == '/');
		char **v = realloc(t->only, (t->nonly + 1) * sizeof(*v));
		if (!v) {
			cmd_fail(_("out of memory"));
			goto out;
		}
		t->only = v;
		t->only[t->nonly++] = strdup(rel);
	}
	rc = EXIT_OK;
out:
	free(root);
	free(start);
	free(abs);
	return rc;
}

static int validate_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	bool strict = false;
	cls_format fmt = CLS_FORMAT_TEXT;
	target *ts = NULL;
	size_t nts = 0;
	size_t errors = 0, warnings = 0, files = 0;
	int rc = EXIT_FAIL;
	outfile o = {0};
	cls_diags_writer *dw = NULL;
	cls_error err;
	char **paths = calloc((size_t)argc, sizeof(char *));
	size_t npaths = 0;

	if (!paths)
		return cmd_fail(_("out of memory"));
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		switch (id) {
		case CMD_ARGS_ERROR:
			goto out;
		case CMD_ARGS_OPERAND:
			paths[npaths++] = (char *)a.value;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_FORMAT:
			if (!cls_format_parse(a.value, &fmt)
			    || (fmt != CLS_FORMAT_TEXT && fmt != CLS_FORMAT_JSON
			        && fmt != CLS_FORMAT_GITHUB
			        && fmt != CLS_FORMAT_SARIF)) {
				rc = cmd_usage_error(self,
				    _("invalid --format "
				      "\"%s\": use text, json, github or "
				      "sarif"),
				    a.value);
				goto out;
			}
			break;
		}
	}

	if ((rc = cmd_memo_begin(
	         g, argc, argv, (const char *const *)paths, npaths, NULL))
	    >= 0)
		goto out;
	rc = EXIT_FAIL;
	if (npaths == 0) {
		ts = calloc(1, sizeof(*ts));
		if (!ts || !(ts[0].prefix = strdup(""))) {
			cmd_fail(_("out of memory"));
			goto out;
		}
		nts = 1; /* root NULL: -C DIR or the current folder */
	} else {
		for (size_t i = 0; i < npaths; i++)
			if (add_path(&ts, &nts, paths[i]))
				goto out;
	}

	if (out_open(&o, NULL))
		goto out;
	/* text goes to standard error, as a compiler's messages do */
	dw = cls_diags_begin(fmt,
	    fmt == CLS_FORMAT_TEXT && cmd_color(g, 2) ? CLS_RENDER_COLOR : 0,
	    fmt == CLS_FORMAT_TEXT ? cmd_err() : o.f, &err);
	if (!dw) {
		cmd_fail("%s", err.message);
		goto out;
	}
	for (size_t i = 0; i < nts; i++) {
		cls_contract *c = ts[i].root
		    ? cmd_load_root(g, ts[i].root, true)
		    : cmd_load(g, NULL, true);
		if (!c)
			goto out;
		/* A named file the contract does not read would otherwise
		 * pass as "no problem"; say so before any output. */
		size_t nread;
		const char *const *read = cls_contract_files(c, &nread);
		for (size_t k = 0; k < ts[i].nonly; k++) {
			bool found = false;
			for (size_t j = 0; j < nread && !found; j++)
				found = strcmp(ts[i].only[k], read[j]) == 0;
			if (!found) {
				cmd_fail(
				    _("%s%s: not a file of the contract "
				      "(fiches are fiches/*.yaml or *.yml)"),
				    ts[i].prefix, ts[i].only[k]);
				cls_contract_free(c);
				goto out;
			}
		}
		size_t n, nf;
		const cls_diag *d = cls_contract_diags(c, &n);
		const char *const *fl = cls_contract_files(c, &nf);
		for (size_t j = 0; j < nf; j++)
			files += wanted(&ts[i], fl[j]);
		for (size_t j = 0; j < n; j++) {
			if (!wanted(&ts[i], d[j].loc.file))
				continue;
			/* a hint is a warning under --strict, else unsaid */
			cls_diag dj = d[j];
			if (dj.severity == CLS_HINT && !strict)
				continue;
			if (dj.severity == CLS_HINT)
				dj.severity = CLS_WARNING;
			cls_diags_add(dw, &dj, ts[i].prefix);
		}
		cls_contract_free(c);
	}
	errors = cls_diags_count(dw, CLS_ERROR);
	warnings = cls_diags_count(dw, CLS_WARNING);
	int end = cls_diags_end(dw, files, &err);
	dw = NULL;
	if (end) {
		cmd_fail("%s", err.message);
		goto out;
	}
	rc = out_commit(&o);
	if (rc == EXIT_OK && (errors || (strict && warnings)))
		rc = EXIT_DATA;
out:
	cls_diags_free(dw); /* a run that failed: what it wrote stays */
	if (o.f)
		out_abort(&o);
	for (size_t i = 0; i < nts; i++) {
		free(ts[i].root);
		free(ts[i].prefix);
		for (size_t j = 0; j < ts[i].nonly; j++)
			free(ts[i].only[j]);
		free(ts[i].only);
	}
	free(ts);
	free(paths);
	return rc;
}
