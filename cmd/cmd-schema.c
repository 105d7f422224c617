/* SPDX-License-Identifier: MIT */
/*
 * cmd-schema.c - "cls schema": prints the JSON Schema of cls.yaml or of a
 * fiche, carried by the program, so editors and other tools need no source
 * tree.
 */
#include "cmd.h"

#include <string.h>

static int schema_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_schema_entry = {
    .name = "schema",
    .usage = "schema [contrat|fiche]",
    .summary = N_("print the JSON Schema of cls.yaml or of a fiche"),
    .help = N_("  contrat           the schema of cls.yaml (the default)\n"
               "  fiche             the schema of a fiche action\n"),
    .exec = schema_exec,
};

static int schema_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *which = NULL;
	cmd_args a;
	(void)g;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END;) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		if (which)
			return cmd_usage_error(self, _("too many arguments"));
		which = a.value;
	}
	if (!which)
		which = "contrat";
	const char *file;
	if (strcmp(which, "contrat") == 0)
		file = "schema/cls.schema.json";
	else if (strcmp(which, "fiche") == 0)
		file = "schema/fiche.schema.json";
	else
		return cmd_usage_error(self,
		    _("unknown schema \"%s\": use contrat (cls.yaml) or fiche"),
		    which);
	size_t len;
	const char *s = embedded(file, &len);
	fwrite(s, 1, len, stdout);
	return cmd_check_output(stdout, "stdout");
}
