/* SPDX-License-Identifier: MIT */
/*
 * cmd-cache.c - "cls cache": where the cache is, and clearing it.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

static int cache_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv);

const cmd_entry cmd_cache_entry = {
    .name = "cache",
    .usage = "cache clear|path",
    .summary = N_("clear the cache, or print where it is"),
    .help = N_("  clear             delete the cache files\n"
               "  path              print the cache folder\n"),
    .exec = cache_exec,
};

static int cache_exec(
    const cmd_entry *self, const globals *g, int argc, char **argv)
{
	const char *action = NULL;
	size_t n = 0;
	cmd_args a;
	(void)g;
	cmd_args_init(&a, self, argc, argv);
	for (int id; (id = cmd_args_next(&a)) != CMD_ARGS_END; n++) {
		if (id == CMD_ARGS_ERROR)
			return EXIT_FAIL;
		action = a.value;
	}
	if (n != 1)
		return cmd_usage_error(self, _("cache needs one action"));
	char *dir = cls_cache_default_dir();
	if (!dir)
		return cmd_fail(
		    _("no cache folder: set CLS_CACHE_DIR or HOME"));
	int rc = EXIT_OK;
	if (strcmp(action, "path") == 0) {
		printf("%s\n", dir);
		rc = cmd_check_output(stdout, "stdout");
	} else if (strcmp(action, "clear") == 0) {
		cls_error err = {{0}};
		if (cls_cache_clear(dir, &err))
			rc = cmd_fail(
			    _("cannot clear the cache: %s"), err.message);
	} else {
		rc = cmd_usage_error(self,
		    _("unknown action \"%s\": use clear "
		      "or path"),
		    action);
	}
	free(dir);
	return rc;
}
