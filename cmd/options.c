/* SPDX-License-Identifier: MIT */
/*
 * options.c - the one option parser of the program: every command walks
 * its words with cmd_args_next() against the options its entry declares
 * (cmd.h, cmd_option), as tmux's commands do with their args template.
 * Long options take "--name=V" or "--name V", short ones "-o V" or "-oV";
 * "--" ends the options and "-" is an operand.  Unknown options and
 * missing values are reported here, in the words the entry gives, so that
 * each command keeps only its own checks.
 */
#include "cmd.h"

#include <string.h>

void cmd_args_init(cmd_args *a, const cmd_entry *e, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->entry = e;
	a->argc = argc;
	a->argv = argv;
	a->next = 1;
}

/* A usage error whose format comes from a table (not a literal). */
static int usage_error(const cmd_entry *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cmd_usage_verror(e, fmt, ap);
	va_end(ap);
	return CMD_ARGS_ERROR;
}

static int unknown(const cmd_entry *e, const char *word)
{
	return usage_error(
	    e, e->unknown ? _(e->unknown) : _("unknown option \"%s\""), word);
}

int cmd_args_next(cmd_args *a)
{
	while (a->next < a->argc) {
		char *w = a->argv[a->next++];
		a->value = NULL;
		if (a->dashdash || w[0] != '-' || strcmp(w, "-") == 0) {
			a->value = w;
			return CMD_ARGS_OPERAND;
		}
		if (strcmp(w, "--") == 0) {
			a->dashdash = true;
			continue;
		}
		for (const cmd_option *o = a->entry->options; o->name; o++) {
			size_t n = strlen(o->name);
			bool is_short = o->name[1] != '-';
			if (strncmp(w, o->name, n) != 0)
				continue;
			if (w[n] == '\0' && !o->value)
				return o->id;
			if (!o->value)
				continue;
			if (w[n] == '\0' && a->next < a->argc) {
				a->value = a->argv[a->next++];
				return o->id;
			}
			if (w[n] == '\0')
				return o->missing
				    ? usage_error(a->entry, _(o->missing), w)
				    : unknown(a->entry, w);
			if (is_short || w[n] == '=') {
				a->value = w + n + !is_short;
				return o->id;
			}
		}
		return unknown(a->entry, w);
	}
	return CMD_ARGS_END;
}
