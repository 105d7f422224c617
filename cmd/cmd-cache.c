/*
 * cmd-cache.c - "cls cache": where the cache is, and clearing it.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

int cmd_cache(const globals *g, int argc, char **argv)
{
	const command *self = cmd_find("cache");
	(void)g;
	if (argc != 2)
		return cmd_usage_error(self, _("cache needs one action"));
	char *dir = cls_cache_default_dir();
	if (!dir)
		return cmd_fail(
		    _("no cache folder: set CLS_CACHE_DIR or HOME"));
	int rc = EXIT_OK;
	if (strcmp(argv[1], "path") == 0) {
		printf("%s\n", dir);
		rc = cmd_check_output(stdout, "stdout");
	} else if (strcmp(argv[1], "clear") == 0) {
		cls_error err = {{0}};
		if (cls_cache_clear(dir, &err))
			rc = cmd_fail(
			    _("cannot clear the cache: %s"), err.message);
	} else {
		rc = cmd_usage_error(self,
		    _("unknown action \"%s\": use clear "
		      "or path"),
		    argv[1]);
	}
	free(dir);
	return rc;
}
