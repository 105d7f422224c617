/*
 * validate.c - "cls validate": checks one or more contracts (or single fiche
 * files) and reports every diagnostic as GCC-style text, JSON, GitHub
 * Actions workflow commands or SARIF 2.1.0.
 */
/* until its writers move into libcls beside the report's */
#include "../lib/render/render.h"
#undef _
#undef N_

#include "cmd.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum format { F_TEXT, F_JSON, F_GITHUB, F_SARIF };

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

/* The output formats, streamed: begin, one call per diagnostic, end.  One
 * contract is in memory at a time, whatever the number of PATHs. */
typedef struct printer {
	FILE *f;
	enum format fmt;
	bool color;
	size_t n; /* diagnostics printed so far */
} printer;

static void print_begin(printer *p)
{
	if (p->fmt == F_JSON) {
		fprintf(p->f,
		    "{\n  \"tool\": \"cls\",\n  \"version\": \"%s\",\n"
		    "  \"diagnostics\": [",
		    CLS_VERSION);
	} else if (p->fmt == F_SARIF) {
		size_t nrules;
		const cls_rule *rules = cls_rules(&nrules);
		fprintf(p->f,
		    "{\n  \"$schema\": \"https://json.schemastore.org/"
		    "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
		    "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": "
		    "\"cls\", \"version\": \"%s\", \"informationUri\": "
		    "\"https://example.invalid/cls\",\n      \"rules\": [",
		    CLS_VERSION);
		for (size_t i = 0; i < nrules; i++) {
			fprintf(p->f, "%s\n        {\"id\": ", i ? "," : "");
			clsi_json_str(p->f, rules[i].id);
			fputs(", \"shortDescription\": {\"text\": ", p->f);
			clsi_json_str(p->f, _(rules[i].summary));
			fprintf(p->f,
			    "}, \"defaultConfiguration\": {\"level\": "
			    "\"%s\"}}",
			    rules[i].severity == CLS_ERROR         ? "error"
			        : rules[i].severity == CLS_WARNING ? "warning"
			                                           : "note");
		}
		fputs("]}},\n    \"columnKind\": \"unicodeCodePoints\",\n"
		      "    \"results\": [",
		    p->f);
	}
}

/* GitHub Actions escaping: data escapes % CR LF; properties also : and ,. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			fputs(property ? "%3A" : ":", f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* A relative URI: the few reserved characters a file name may hold are
 * percent-encoded. */
static void uri_escape(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '%' || *p == '#' || *p == '?'
		    || *p == '"' || *p == '\\' || *p < 0x20)
			fprintf(f, "%%%02X", *p);
		else
			fputc(*p, f);
	}
}

static void print_diag(printer *p, const cls_diag *d, const char *prefix)
{
	const char *sev = d->severity == CLS_ERROR ? "error" : "warning";
	switch (p->fmt) {
	case F_TEXT:
		cmd_print_diag(cmd_err(), d, prefix, p->color);
		break;
	case F_JSON:
		fprintf(p->f, "%s\n    {\"file\": ", p->n ? "," : "");
		{ /* the prefix and the path, as one JSON string */
			size_t n = strlen(prefix) + strlen(d->loc.file) + 1;
			char *path = malloc(n);
			if (path)
				snprintf(path, n, "%s%s", prefix, d->loc.file);
			clsi_json_str(p->f, path ? path : d->loc.file);
			free(path);
		}
		fprintf(p->f,
		    ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
		    "\"rule\": ",
		    d->loc.line, d->loc.column, sev);
		clsi_json_str(p->f, d->rule);
		fputs(", \"message\": ", p->f);
		clsi_json_str(p->f, d->message);
		fputc('}', p->f);
		break;
	case F_GITHUB:
		fprintf(p->f, "::%s file=", sev);
		gh_escape(p->f, prefix, true);
		gh_escape(p->f, d->loc.file, true);
		if (d->loc.line > 0)
			fprintf(p->f, ",line=%d,col=%d", d->loc.line,
			    d->loc.column);
		fputs(",title=", p->f);
		gh_escape(p->f, d->rule, true);
		fputs("::", p->f);
		gh_escape(p->f, d->message, false);
		fputc('\n', p->f);
		break;
	case F_SARIF: {
		size_t nrules, idx = 0;
		const cls_rule *rules = cls_rules(&nrules);
		for (size_t r = 0; r < nrules; r++)
			if (strcmp(rules[r].id, d->rule) == 0)
				idx = r;
		fprintf(p->f, "%s\n      {\"ruleId\": ", p->n ? "," : "");
		clsi_json_str(p->f, d->rule);
		fprintf(p->f,
		    ", \"ruleIndex\": %zu, \"level\": \"%s\", "
		    "\"message\": {\"text\": ",
		    idx, sev);
		clsi_json_str(p->f, d->message);
		fputs("},\n       \"locations\": [{\"physicalLocation\": "
		      "{\"artifactLocation\": {\"uri\": \"",
		    p->f);
		uri_escape(p->f, prefix);
		uri_escape(p->f, d->loc.file);
		fputs("\", \"uriBaseId\": \"%SRCROOT%\"}", p->f);
		if (d->loc.line > 0)
			fprintf(p->f,
			    ", \"region\": {\"startLine\": %d, "
			    "\"startColumn\": %d}",
			    d->loc.line, d->loc.column);
		fputs("}}]}", p->f);
		break;
	}
	}
	p->n++;
}

static void print_end(printer *p, size_t errors, size_t warnings, size_t files)
{
	switch (p->fmt) {
	case F_TEXT:
		if (errors || warnings) {
			char e[64], w[64], f[64];
			snprintf(e, sizeof(e),
			    ngettext("%zu error", "%zu errors", errors),
			    errors);
			snprintf(w, sizeof(w),
			    ngettext("%zu warning", "%zu warnings", warnings),
			    warnings);
			snprintf(f, sizeof(f),
			    ngettext("%zu file", "%zu files", files), files);
			/* TRANSLATORS: "2 errors, 1 warning in 3 files" */
			fprintf(cmd_err(), _("%s, %s in %s\n"), e, w, f);
		} else {
			fprintf(cmd_err(),
			    ngettext("%zu file checked: no problem found\n",
			        "%zu files checked: no problem found\n", files),
			    files);
		}
		break;
	case F_JSON:
		fprintf(p->f,
		    "%s],\n  \"files\": %zu,\n  \"errors\": %zu,\n"
		    "  \"warnings\": %zu\n}\n",
		    p->n ? "\n  " : "", files, errors, warnings);
		break;
	case F_SARIF:
		fprintf(p->f, "%s]\n  }]\n}\n", p->n ? "\n    " : "");
		break;
	case F_GITHUB:
		break;
	}
}

int cmd_validate(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("validate");
	bool strict = false;
	enum format fmt = F_TEXT;
	target *ts = NULL;
	size_t nts = 0;
	size_t errors = 0, warnings = 0, files = 0;
	int rc = EXIT_FAIL;
	outfile o = {0};
	char **paths = calloc((size_t)argc, sizeof(char *));
	size_t npaths = 0;
	bool dashdash = false;

	if (!paths)
		return cmd_fail(_("out of memory"));
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (dashdash || argv[i][0] != '-'
		    || strcmp(argv[i], "-") == 0) {
			paths[npaths++] = argv[i];
		} else if (strcmp(argv[i], "--") == 0) {
			dashdash = true;
		} else if (strcmp(argv[i], "--strict") == 0) {
			strict = true;
		} else if ((v = opt_value(argc, argv, &i, "--format"))) {
			if (strcmp(v, "text") == 0)
				fmt = F_TEXT;
			else if (strcmp(v, "json") == 0)
				fmt = F_JSON;
			else if (strcmp(v, "github") == 0)
				fmt = F_GITHUB;
			else if (strcmp(v, "sarif") == 0)
				fmt = F_SARIF;
			else {
				rc = cmd_usage_error(self,
				    _("invalid --format "
				      "\"%s\": use text, json, github or "
				      "sarif"),
				    v);
				goto out;
			}
		} else {
			rc = cmd_usage_error(
			    self, _("unknown option \"%s\""), argv[i]);
			goto out;
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
	printer pr = {o.f, fmt, fmt == F_TEXT && cmd_color(g, 2), 0};
	bool begun = false;
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
		if (!begun) {
			print_begin(&pr);
			begun = true;
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
			print_diag(&pr, &dj, ts[i].prefix);
			if (d[j].severity == CLS_ERROR)
				errors++;
			else
				warnings++;
		}
		cls_contract_free(c);
	}
	print_end(&pr, errors, warnings, files);
	rc = out_commit(&o);
	if (rc == EXIT_OK && (errors || (strict && warnings)))
		rc = EXIT_DATA;
out:
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
