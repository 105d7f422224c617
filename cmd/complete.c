/* SPDX-License-Identifier: MIT */
/*
 * complete.c - "cls complete": what the shell completions (completions/)
 * offer for the word being typed.  Options, their values and positional
 * arguments are read from each command's usage string, so a new command or
 * option completes with no change here; ids, years, financeurs and themes
 * come from the contract.  Hidden: not listed by cls --help.
 *
 *   cls complete -- WORD... CURRENT
 *
 * prints the candidates that start with CURRENT, one per line, or ":file"
 * (":dir") when the shell should complete file (folder) names.  It never
 * prints an error: a completion has nowhere to show one.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

static int complete_exec(
    const cmd_entry *self, const globals *g0, int argc, char **argv);

const cmd_entry cmd_complete_entry = {
    .name = "complete",
    .usage = "complete -- WORD...",
    .summary = NULL,
    .help = N_("  WORD...           the words after cls, the last one being\n"
               "                    completed; prints the candidates\n"),
    .raw = true,
    .exec = complete_exec,
};

/* One option or positional argument of a usage string. */
typedef struct arg {
	char name[48]; /* "--format", "-o", or "" for a positional */
	char value[96]; /* "text|json", "FILE", "YEAR", or "" for a flag */
	bool eq; /* written "--name=value" */
	bool repeat; /* PATH... */
} arg;

typedef struct spec {
	arg opts[32], pos[8];
	size_t nopts, npos;
} spec;

static void copy(char *dst, size_t n, const char *s, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static bool is_placeholder(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_'))
		k++;
	return k > 0;
}

/* Reads "validate [--strict] [--format=a|b] [PATH...]" into sp. */
static void parse_usage(const char *usage, spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	const char *s = usage + strcspn(usage, " ");
	arg *pending = NULL; /* an option whose value may follow */
	while (*s) {
		s += strspn(s, " [");
		size_t n = strcspn(s, " ");
		if (n == 0)
			break;
		bool closes = s[n - 1] == ']';
		size_t len = n;
		while (len > 0 && s[len - 1] == ']')
			len--;
		if (pending && is_placeholder(s, len)) {
			copy(pending->value, sizeof(pending->value), s, len);
			pending = NULL;
		} else if (s[0] == '-' && sp->nopts < 32) {
			arg *a = &sp->opts[sp->nopts++];
			size_t eq = strcspn(s, "=");
			if (eq < len) {
				copy(a->name, sizeof(a->name), s, eq);
				copy(a->value, sizeof(a->value), s + eq + 1,
				    len - eq - 1);
				a->eq = true;
				pending = NULL;
			} else {
				copy(a->name, sizeof(a->name), s, len);
				pending = closes ? NULL : a;
			}
		} else if (sp->npos < 8) {
			arg *a = &sp->pos[sp->npos++];
			pending = NULL;
			a->repeat
			    = len > 3 && strncmp(s + len - 3, "...", 3) == 0;
			copy(a->value, sizeof(a->value), s,
			    a->repeat ? len - 3 : len);
		}
		s += n;
	}
}

static const arg *find_opt(const spec *sp, const char *word, size_t n)
{
	for (size_t i = 0; i < sp->nopts; i++)
		if (strlen(sp->opts[i].name) == n
		    && strncmp(sp->opts[i].name, word, n) == 0)
			return &sp->opts[i];
	return NULL;
}

/* What the candidates are printed against. */
typedef struct ctx {
	const globals *g;
	const char *cur; /* the word being completed */
	const char *prefix; /* printed before each candidate: "--year=" */
	const char *axe; /* the --axe given, for --objectif */
	cls_contract *c; /* loaded at the first need */
	bool tried;
} ctx;

static void offer(ctx *x, const char *cand)
{
	size_t np = strlen(x->prefix);
	if (strncmp(x->cur, x->prefix, np) != 0)
		return;
	if (strncmp(cand, x->cur + np, strlen(x->cur + np)) == 0)
		printf("%s%s\n", x->prefix, cand);
}

static const cls_plan *plan(ctx *x)
{
	if (!x->tried) {
		x->tried = true;
		cls_error err;
		char *root = NULL;
		const char *start = x->g->dir ? x->g->dir : ".";
		if (cls_contract_find(start, &root, &err) == 0) {
			char *dir
			    = x->g->no_cache ? NULL : cls_cache_default_dir();
			cls_cache *cache = dir ? cls_cache_open(dir) : NULL;
			cls_load_options o = {.cache = cache};
			x->c = cls_contract_load(root, &o, &err);
			cls_cache_close(cache);
			free(dir);
		}
		free(root);
	}
	return x->c ? cls_contract_plan(x->c) : NULL;
}

/* Each distinct text of a list, once. */
static void offer_unique(
    ctx *x, const char **seen, size_t *nseen, const char *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < *nseen; i++)
		if (strcmp(seen[i], s) == 0)
			return;
	seen[(*nseen)++] = s;
	offer(x, s);
}

static void offer_from_contract(ctx *x, const char *what)
{
	const cls_plan *p = plan(x);
	if (!p)
		return;
	if (strcmp(what, "years") == 0) {
		char y[16];
		for (int i = p->debut; p->debut > 0 && i <= p->fin; i++) {
			snprintf(y, sizeof(y), "%d", i);
			offer(x, y);
		}
	} else if (strcmp(what, "fiches") == 0) {
		for (size_t i = 0; i < p->fiche_count; i++)
			if (p->fiches[i].id)
				offer(x, p->fiches[i].id);
	} else if (strcmp(what, "axes") == 0) {
		for (size_t i = 0; i < p->axe_count; i++)
			if (p->axes[i].id)
				offer(x, p->axes[i].id);
	} else if (strcmp(what, "objectifs") == 0) {
		for (size_t i = 0; i < p->axe_count; i++) {
			const cls_axe *a = &p->axes[i];
			if (x->axe && (!a->id || strcmp(a->id, x->axe) != 0))
				continue;
			for (size_t j = 0; j < a->objectif_count; j++)
				if (a->objectifs[j].id)
					offer(x, a->objectifs[j].id);
		}
	} else {
		size_t n = 0, nseen = 0;
		for (size_t i = 0; i < p->fiche_count; i++)
			n += p->fiches[i].financement_count
			    + p->fiches[i].themes.count;
		const char **seen = calloc(n + 1, sizeof(char *));
		for (size_t i = 0; seen && i < p->fiche_count; i++) {
			const cls_fiche *f = &p->fiches[i];
			if (strcmp(what, "financeurs") == 0)
				for (size_t j = 0; j < f->financement_count;
				     j++)
					offer_unique(x, seen, &nseen,
					    f->financements[j].financeur);
			else
				for (size_t j = 0; j < f->themes.count; j++)
					offer_unique(x, seen, &nseen,
					    f->themes.items[j]);
		}
		free(seen);
	}
}

static void offer_commands(ctx *x)
{
	for (const cmd_entry *const *c = cmd_table; *c; c++)
		if ((*c)->summary) /* not the hidden ones */
			offer(x, (*c)->name);
}

/* The values of an option (by its name) or of a positional (by its
 * placeholder or its list of words). */
static void offer_values(ctx *x, const char *opt, const char *value)
{
	static const struct {
		const char *name, *what;
	} sources[] = {
	    {"--year", "years"},
	    {"YEAR", "years"},
	    {"YEAR|FROM-TO", "years"},
	    {"--fiche", "fiches"},
	    {"--axe", "axes"},
	    {"--objectif", "objectifs"},
	    {"--financeur", "financeurs"},
	    {"--theme", "themes"},
	};
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		if ((opt && strcmp(opt, sources[i].name) == 0)
		    || strcmp(value, sources[i].name) == 0) {
			offer_from_contract(x, sources[i].what);
			return;
		}
	}
	if (strcmp(value, "TABLE") == 0) {
		/* The tables of cls export (cls-export(1)). */
		static const char *const tables[]
		    = {"fiches", "indicateurs", "financements", "suivi"};
		for (size_t i = 0; i < 4; i++)
			offer(x, tables[i]);
	} else if (strcmp(value, "COMMAND") == 0) {
		offer_commands(x);
	} else if (strncmp(value, "DIR", 3) == 0) {
		puts(":dir");
	} else if (strncmp(value, "FILE", 4) == 0
	    || strncmp(value, "PATH", 4) == 0) {
		puts(":file");
	} else if (!is_placeholder(value, strlen(value))) {
		char w[96];
		for (const char *s = value; *s;) {
			size_t n = strcspn(s, "|");
			copy(w, sizeof(w), s, n);
			offer(x, w);
			s += n + (s[n] == '|');
		}
	}
}

static const char *const global_opts[]
    = {"-C", "--no-cache", "--color=", "--help", "--version"};

static int complete_exec(
    const cmd_entry *self, const globals *g0, int argc, char **argv)
{
	(void)self;
	globals g = *g0;
	int i = 1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return EXIT_OK;
	char **w = argv + i;
	int n = argc - i - 1; /* the words before the current one */
	ctx x = {&g, w[n], "", NULL, NULL, false};

	/* The global options, then the command. */
	int k = 0;
	for (; k < n && w[k][0] == '-'; k++) {
		if (strcmp(w[k], "-C") == 0) {
			if (k + 1 == n)
				break; /* the folder is being typed */
			g.dir = w[++k];
		} else if (strncmp(w[k], "-C", 2) == 0)
			g.dir = w[k] + 2;
		else if (strcmp(w[k], "--no-cache") == 0)
			g.no_cache = true;
	}
	if (k == n || (k + 1 == n && strcmp(w[k], "-C") == 0)) {
		if (n > 0 && strcmp(w[n - 1], "-C") == 0) {
			puts(":dir");
		} else if (strncmp(x.cur, "--color=", 8) == 0) {
			x.prefix = "--color=";
			offer_values(&x, NULL, "auto|always|never");
		} else if (x.cur[0] == '-') {
			for (size_t j = 0; j < 5; j++)
				offer(&x, global_opts[j]);
		} else {
			offer_commands(&x);
		}
		return cmd_check_output(stdout, "stdout");
	}
	const cmd_entry *cmd = cmd_find(w[k]);
	if (!cmd)
		return EXIT_OK;
	spec sp;
	parse_usage(cmd->usage, &sp);

	/* The words typed after the command: which positional comes next,
	 * and whether the previous word is an option awaiting its value. */
	size_t npos = 0;
	bool dashdash = false;
	const arg *awaiting = NULL;
	for (int j = k + 1; j < n; j++) {
		const char *s = w[j];
		const arg *a;
		if (awaiting) {
			if (strcmp(awaiting->name, "--axe") == 0)
				x.axe = s;
			awaiting = NULL;
		} else if (!dashdash && strcmp(s, "--") == 0) {
			dashdash = true;
		} else if (!dashdash && s[0] == '-' && s[1]) {
			size_t len = strcspn(s, "=");
			a = find_opt(&sp, s, len);
			if (a && a->value[0] && !s[len])
				awaiting = a;
			else if (a && strcmp(a->name, "--axe") == 0 && s[len])
				x.axe = s + len + 1;
		} else {
			npos++;
		}
	}

	if (awaiting) {
		offer_values(&x, awaiting->name, awaiting->value);
	} else if (!dashdash && x.cur[0] == '-') {
		size_t len = strcspn(x.cur, "=");
		const arg *a = find_opt(&sp, x.cur, len);
		if (a && x.cur[len] == '=') {
			char pre[64];
			snprintf(pre, sizeof(pre), "%s=", a->name);
			x.prefix = pre;
			offer_values(&x, a->name, a->value);
		} else {
			char o[64];
			for (size_t j = 0; j < sp.nopts; j++) {
				/* "--format=" when written so, else "--axe" */
				snprintf(o, sizeof(o), "%s%s", sp.opts[j].name,
				    sp.opts[j].eq ? "=" : "");
				offer(&x, o);
			}
			offer(&x, "--help");
		}
	} else if (sp.npos > 0) {
		const arg *p
		    = npos < sp.npos ? &sp.pos[npos] : &sp.pos[sp.npos - 1];
		if (npos < sp.npos || p->repeat)
			offer_values(&x, NULL, p->value);
	}
	if (x.c)
		cls_contract_free(x.c);
	return cmd_check_output(stdout, "stdout");
}
