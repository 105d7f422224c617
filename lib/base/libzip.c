/* SPDX-License-Identifier: MIT */
/*
 * libzip.c - libzip, opened with dlopen() the first time a zip container
 * is written (the office documents, the sheets: lib/render/zip.c) or read
 * (the sheets cls import reads back: sheet.c), not linked: Debian ships no
 * static libzip, and the shared one brings libcrypto, whose mapping and
 * relocation cost every run of cls 1.2 ms (measured: 1,000 runs of an
 * empty program, 1.07 s without and 2.25 s linked with -lzip), a third of
 * a warm report.  Only the runs that handle a container pay it.
 * CLS_LIBZIP_SONAME is the soname of the libzip cls was built against
 * (the Makefile reads it), whose ABI zip.h describes.
 */
#include "lz.h"

#include "libzip_soname.h" /* CLS_LIBZIP_SONAME, made by the Makefile */

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static clsi_lz lz;
static bool lz_ok;
static char lz_why[256];
static pthread_once_t lz_once = PTHREAD_ONCE_INIT;

static void lz_load(void)
{
	/* dlsym() gives an object pointer; copying its bytes into the
	 * function pointer is how POSIX means it to be used. */
	struct {
		const char *name;
		void *slot;
	} syms[] = {
	    {"zip_source_buffer_create", &lz.source_buffer_create},
	    {"zip_open_from_source", &lz.open_from_source},
	    {"zip_source_keep", &lz.source_keep},
	    {"zip_source_free", &lz.source_free},
	    {"zip_source_buffer", &lz.source_buffer},
	    {"zip_file_add", &lz.file_add},
	    {"zip_set_file_compression", &lz.set_file_compression},
	    {"zip_file_set_dostime", &lz.file_set_dostime},
	    {"zip_close", &lz.close},
	    {"zip_discard", &lz.discard},
	    {"zip_strerror", &lz.strerror},
	    {"zip_source_open", &lz.source_open},
	    {"zip_source_read", &lz.source_read},
	    {"zip_source_close", &lz.source_close},
	    {"zip_error_init", &lz.error_init},
	    {"zip_error_fini", &lz.error_fini},
	    {"zip_error_strerror", &lz.error_strerror},
	    {"zip_get_num_entries", &lz.get_num_entries},
	    {"zip_stat_index", &lz.stat_index},
	    {"zip_name_locate", &lz.name_locate},
	    {"zip_fopen_index", &lz.fopen_index},
	    {"zip_fread", &lz.fread},
	    {"zip_fclose", &lz.fclose},
	    {"zip_file_get_error", &lz.file_get_error},
	};
	void *h = dlopen(CLS_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lz_why, sizeof(lz_why), "%s", dlerror());
		return;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(lz_why, sizeof(lz_why), "%s: no %s",
			    CLS_LIBZIP_SONAME, syms[i].name);
			return; /* h stays open: harmless, and rare */
		}
		memcpy(syms[i].slot, &p, sizeof(p));
	}
	lz_ok = true;
}

const clsi_lz *clsi_libzip(char *why, size_t n)
{
	pthread_once(&lz_once, lz_load);
	if (!lz_ok && n)
		snprintf(why, n, "%s", lz_why);
	return lz_ok ? &lz : NULL;
}
