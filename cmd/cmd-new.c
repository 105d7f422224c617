/* SPDX-License-Identifier: MIT */
/*
 * cmd-new.c - "cls new": writes the next fiche action of an axe (or of one of
 * its objectifs) from the template the program carries, every optional key
 * in comments, and prints its path.  The id follows the contract's scheme;
 * the file is named after the id and the title.
 */
#include "cmd.h"

#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { OPT_AXE = 1, OPT_OBJECTIF };

static int new_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_new_entry = {
	.name = "new",
	.usage = "new --axe ID [--objectif ID] TITLE",
	.summary = N_("add the next fiche action of an axe or objectif"),
	.help = N_("  --axe ID          the axe of the fiche, an id of cls.yaml\n"
           "  --objectif ID     one of that axe's objectifs\n"
           "  TITLE             the titre of the fiche; the file is named\n"
           "                    after its id and this title\n"),
	.unknown = N_("unknown option \"%s\" (or an option without its value)"),
	.options = {
	    {"--axe", OPT_AXE, true, NULL},
	    {"--objectif", OPT_OBJECTIF, true, NULL},
	},
	.exec = new_exec,
};

/* A number of at most 9 digits, or -1. */
static long small_uint(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 9 || s[n])
		return -1;
	return strtol(s, NULL, 10);
}

static bool id_used(const cls_plan *p, const char *id)
{
	for (size_t i = 0; i < p->fiche_count; i++)
		if (p->fiches[i].id && strcmp(p->fiches[i].id, id) == 0)
			return true;
	for (size_t i = 0; i < p->axe_count; i++) {
		const cls_axe *a = &p->axes[i];
		if (a->id && strcmp(a->id, id) == 0)
			return true;
		for (size_t j = 0; j < a->objectif_count; j++)
			if (a->objectifs[j].id
			    && strcmp(a->objectifs[j].id, id) == 0)
				return true;
	}
	return false;
}

/* The next free id.  Two schemes are in use (cls-new(1)): fiches numbered
 * through the whole contract ("1" to "12"), or under their objectif or axe
 * ("1.1.1", "1.1.2" under objectif "1.1").  The first when every fiche id
 * is a plain number, the second otherwise and for a contract without
 * fiches.  An id already taken by a fiche, an axe or an objectif is skipped. */
static void next_id(const cls_plan *p, const char *parent, char *out, size_t n)
{
	bool flat = p->fiche_count > 0;
	long max = 0;
	for (size_t i = 0; i < p->fiche_count && flat; i++) {
		long v = small_uint(p->fiches[i].id ? p->fiches[i].id : "");
		flat = v >= 0;
		if (v > max)
			max = v;
	}
	if (!flat) {
		size_t pl = strlen(parent);
		max = 0;
		for (size_t i = 0; i < p->fiche_count; i++) {
			const char *id = p->fiches[i].id;
			if (!id || strncmp(id, parent, pl) != 0
			    || id[pl] != '.')
				continue;
			long v = small_uint(id + pl + 1);
			if (v > max)
				max = v;
		}
	}
	for (long k = max + 1;; k++) {
		if (flat)
			snprintf(out, n, "%ld", k);
		else
			snprintf(out, n, "%s.%ld", parent, k);
		if (!id_used(p, out))
			return;
	}
}

/* The ASCII for the Latin letters of French (and a few neighbours): what
 * a slug keeps of an accented title.  Each group lists UTF-8 letters. */
static const struct {
	const char *from, *to;
} folds[] = {
    {"àâäáãåÀÂÄÁÃÅ", "a"},
    {"æÆ", "ae"},
    {"çÇ", "c"},
    {"éèêëÉÈÊË", "e"},
    {"îïíìÎÏÍÌ", "i"},
    {"ñÑ", "n"},
    {"ôöóòõøÔÖÓÒÕØ", "o"},
    {"œŒ", "oe"},
    {"ùûüúÙÛÜÚ", "u"},
    {"ÿŸýÝ", "y"},
    {"ß", "ss"},
};

/* The length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	size_t n = 1;
	while (((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* The ASCII letters for the non-ASCII character of n bytes at s, or NULL. */
static const char *fold(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++)
		for (const char *f = folds[i].from; *f; f += char_len(f))
			if (char_len(f) == n && strncmp(f, s, n) == 0)
				return folds[i].to;
	return NULL;
}

/* The slug of a title: ASCII letters and digits in lower case, accents
 * folded, every other run of characters one "-", at most max bytes, cut
 * at a "-" when it can.  "fiche" when nothing is left. */
static void slugify(const char *title, char *out, size_t max)
{
	size_t n = 0;
	bool dash = false, cut = false;
	for (const char *s = title; *s && !cut;) {
		const char *add = NULL;
		char one[2] = {0, 0};
		size_t len = 1;
		unsigned char c = (unsigned char)*s;
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				one[0] = (char)c;
			else if (c >= 'A' && c <= 'Z')
				one[0] = (char)(c - 'A' + 'a');
			add = one[0] ? one : NULL;
		} else {
			len = char_len(s);
			add = fold(s, len);
		}
		s += len;
		if (!add) {
			dash = n > 0;
			continue;
		}
		if (n + dash + strlen(add) > max) {
			cut = true;
			break;
		}
		if (dash)
			out[n++] = '-';
		dash = false;
		while (*add)
			out[n++] = *add++;
	}
	out[n] = '\0';
	if (cut) { /* end at the last whole word */
		char *d = strrchr(out, '-');
		if (d && d > out)
			*d = '\0';
	}
	if (!out[0])
		snprintf(out, max + 1, "fiche");
}

/* Whether s is valid UTF-8 without control characters other than tab. */
static bool text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int k = *p < 0x80         ? 0
		    : (*p & 0xE0) == 0xC0 ? 1
		    : (*p & 0xF0) == 0xE0 ? 2
		    : (*p & 0xF8) == 0xF0 ? 3
		                          : -1;
		if (k < 0 || (*p < 0x20 && *p != '\t') || *p == 0x7F)
			return false;
		for (p++; k > 0; k--, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

/* s as a YAML double-quoted scalar.  Caller frees with free(). */
static char *yaml_quoted(const char *s)
{
	char *q = malloc(2 * strlen(s) + 3), *d = q;
	if (!q)
		return NULL;
	*d++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*d++ = '\\';
		*d++ = *s == '\t' ? ' ' : *s;
	}
	*d++ = '"';
	*d = '\0';
	return q;
}

/* The ids as "\"1\", \"2\", \"3\"" for a message.  Caller frees with
 * free(). */
static char *id_list(const char *const *ids, size_t n)
{
	/* "1", "2" in English, « 1 », « 2 » in French, as cls import lists */
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(ids[i]) + strlen(_("%s\"%s\"")) + 2;
	char *s = malloc(len), *d = s;
	for (size_t i = 0; s && i < n; i++)
		d += sprintf(d, _("%s\"%s\""), i ? ", " : "", ids[i]);
	if (s)
		*d = '\0';
	return s;
}

static int new_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *axe = NULL, *obj = NULL, *title = NULL;
	cmd_args a;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		else if (id == OPT_AXE)
			axe = a.value;
		else if (id == OPT_OBJECTIF)
			obj = a.value;
		else if (title)
			return cmd_usage_error(self,
			    _("one title only: quote it, \"%s %s\""), title,
			    a.value);
		else
			title = a.value;
	}
	if (!axe)
		return cmd_usage_error(self, _("which axe? give --axe ID"));
	if (!title || !title[strspn(title, " \t")])
		return cmd_usage_error(self, _("the fiche needs a title"));
	if (!text_ok(title))
		return cmd_fail(
		    _("the title is not UTF-8 text: write it in UTF-8, "
		      "on one line"));

	cls_contract *c = cmd_load(g, NULL, false);
	if (!c)
		return EXIT_FAIL;
	const cls_plan *p = cls_contract_plan(c);
	int rc = EXIT_FAIL;
	char *prefix = NULL, *path = NULL, *titre = NULL;
	const char **ids = calloc(p->axe_count + 1, sizeof(char *));
	const cls_axe *ax = NULL;
	const cls_objectif *ob = NULL;
	size_t nids = 0;
	if (!ids) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < p->axe_count; i++) {
		if (p->axes[i].id && strcmp(p->axes[i].id, axe) == 0)
			ax = &p->axes[i];
		if (p->axes[i].id)
			ids[nids++] = p->axes[i].id;
	}
	if (!ax) {
		char *list = id_list(ids, nids);
		cmd_fail(_("unknown axe \"%s\": the axes of cls.yaml are %s"),
		    axe, list ? list : "");
		free(list);
		goto out;
	}
	if (obj) {
		const char **oids
		    = realloc(ids, (ax->objectif_count + 1) * sizeof(char *));
		if (!oids) {
			cmd_fail(_("out of memory"));
			goto out;
		}
		ids = oids;
		nids = 0;
		for (size_t i = 0; i < ax->objectif_count; i++) {
			const cls_objectif *o = &ax->objectifs[i];
			if (o->id && strcmp(o->id, obj) == 0)
				ob = o;
			if (o->id)
				ids[nids++] = o->id;
		}
		if (!ob && nids == 0) {
			cmd_fail(_("unknown objectif \"%s\": axe \"%s\" has no "
			           "objectifs in cls.yaml"),
			    obj, axe);
			goto out;
		} else if (!ob) {
			char *list = id_list(ids, nids);
			cmd_fail(
			    _("unknown objectif \"%s\": the objectifs of axe "
			      "\"%s\" are %s"),
			    obj, axe, list ? list : "");
			free(list);
			goto out;
		}
	}

	char id[256], slug[48], debut[16], fin[16];
	next_id(p, ob ? ob->id : ax->id, id, sizeof(id));
	if (strspn(id,
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	        "0123456789._-")
	    != strlen(id)) {
		cmd_fail(_("cannot make an id under \"%s\": fix the ids of "
		           "cls.yaml first (cls validate)"),
		    ob ? ob->id : ax->id);
		goto out;
	}
	slugify(title, slug, sizeof(slug) - 1);
	int year = p->debut ? p->debut : 2000;
	snprintf(debut, sizeof(debut), "%d", year);
	snprintf(fin, sizeof(fin), "%d", p->fin ? p->fin : year + 4);

	prefix = cmd_display_prefix(cls_contract_root(c));
	size_t n
	    = (prefix ? strlen(prefix) : 0) + strlen(id) + strlen(slug) + 32;
	path = prefix ? malloc(n) : NULL;
	if (!path) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	snprintf(path, n, "%sfiches", prefix);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		cmd_fail(_("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
	snprintf(path, n, "%sfiches/%s-%s.yaml", prefix, id, slug);

	/* The objectif line: the chosen one, or a commented example. */
	char objline[256];
	if (ob)
		snprintf(objline, sizeof(objline), "objectif: \"%s\"", ob->id);
	else if (ax->objectif_count && ax->objectifs[0].id)
		snprintf(objline, sizeof(objline), "# objectif: \"%s\"",
		    ax->objectifs[0].id);
	else
		snprintf(objline, sizeof(objline),
		    "# objectif: (l'axe \"%s\" n'a pas d'objectifs dans "
		    "cls.yaml)",
		    ax->id);

	titre = yaml_quoted(title);
	if (!titre) {
		cmd_fail(_("out of memory"));
		goto out;
	}
	const char *vars[]
	    = {"SCHEMADIR", CLS_SCHEMADIR, "ID", id, "TITRE", titre, "AXE",
	        ax->id, "OBJECTIF", objline, "DEBUT", debut, "FIN", fin, NULL};
	outfile o;
	if (out_open_new(&o, path))
		goto out;
	tpl_write(o.f, "templates/new-fiche.yaml", vars);
	if (out_commit_new(&o))
		goto out;
	printf("%s\n", path);
	rc = cmd_check_output(stdout, "stdout");
out:
	free(titre);
	free(path);
	free(prefix);
	free(ids);
	cls_contract_free(c);
	return rc;
}
