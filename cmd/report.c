#include "cmd.h"
int cmd_report(const globals *g, int argc, char **argv) { (void)g; (void)argc; (void)argv; return cmd_fail("report: not yet"); }
int cmd_cache(const globals *g, int argc, char **argv) { (void)g; (void)argc; (void)argv; return cmd_fail("cache: not yet"); }
