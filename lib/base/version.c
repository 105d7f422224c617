/* SPDX-License-Identifier: MIT */
/*
 * version.c - the versions of the libraries libcls runs with, for
 * "cls --version" and bug reports: libyaml's and SQLite's as the linked
 * libraries report them (they may differ from the headers libcls was built
 * with), libcsv's from its header, since it has no function that says.
 */
#include "base.h"

#include <csv.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <yaml.h>

#define STR_(x) #x
#define STR(x) STR_(x)

static char info[128];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void fill(void)
{
	snprintf(info, sizeof(info), "libyaml %s, SQLite %s, libcsv %s",
	    yaml_get_version_string(), sqlite3_libversion(),
	    STR(CSV_MAJOR) "." STR(CSV_MINOR) "." STR(CSV_RELEASE));
}

const char *cls_version_info(void)
{
	pthread_once(&once, fill);
	return info;
}
