/*
 * cmd-schema.c - "cls schema": prints the JSON Schema of cls.yaml or of a
 * fiche, carried by the program, so editors and other tools need no source
 * tree.
 */
#include "cmd.h"

#include <string.h>

int cmd_schema(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("schema");
	(void)g;
	if (argc > 2)
		return cmd_usage_error(self, _("too many arguments"));
	const char *which = argc == 2 ? argv[1] : "contrat";
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
