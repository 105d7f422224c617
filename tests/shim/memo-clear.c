/* SPDX-License-Identifier: MIT */
/*
 * memo-clear.c - an LD_PRELOAD shim for tests/suite-races.sh: every
 * rename() into a folder named memo succeeds, then its target is removed
 * at once, as a "cls cache clear" run by another process at that very
 * moment would.  It makes the race with cls cache clear happen on every
 * run instead of once in a thousand.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(
		    RTLD_NEXT, "rename");
	int rc = real(from, to);
	if (rc == 0 && strstr(to, "/memo/"))
		unlink(to);
	return rc;
}
