/* SPDX-License-Identifier: MIT */
/*
 * lz.h - libzip, opened at run time (libzip.c): the functions of it that
 * the office documents and the sheets are written with (lib/render/zip.c)
 * and the sheets read back with (sheet.c).  Internal to libcls; only the
 * files that handle zip containers include it, and <zip.h> with it.
 */
#ifndef CLS_LZ_H
#define CLS_LZ_H

#include "base.h"

#include <zip.h>

typedef struct clsi_lz {
	/* writing */
	zip_source_t *(*source_buffer_create)(
	    const void *, zip_uint64_t, int, zip_error_t *);
	zip_t *(*open_from_source)(zip_source_t *, int, zip_error_t *);
	void (*source_keep)(zip_source_t *);
	void (*source_free)(zip_source_t *);
	zip_source_t *(*source_buffer)(
	    zip_t *, const void *, zip_uint64_t, int);
	zip_int64_t (*file_add)(
	    zip_t *, const char *, zip_source_t *, zip_flags_t);
	int (*set_file_compression)(
	    zip_t *, zip_uint64_t, zip_int32_t, zip_uint32_t);
	int (*file_set_dostime)(
	    zip_t *, zip_uint64_t, zip_uint16_t, zip_uint16_t, zip_flags_t);
	int (*close)(zip_t *);
	void (*discard)(zip_t *);
	const char *(*strerror)(zip_t *);
	int (*source_open)(zip_source_t *);
	zip_int64_t (*source_read)(zip_source_t *, void *, zip_uint64_t);
	int (*source_close)(zip_source_t *);
	void (*error_init)(zip_error_t *);
	void (*error_fini)(zip_error_t *);
	const char *(*error_strerror)(zip_error_t *);
	/* reading */
	zip_int64_t (*get_num_entries)(zip_t *, zip_flags_t);
	int (*stat_index)(zip_t *, zip_uint64_t, zip_flags_t, zip_stat_t *);
	zip_int64_t (*name_locate)(zip_t *, const char *, zip_flags_t);
	zip_file_t *(*fopen_index)(zip_t *, zip_uint64_t, zip_flags_t);
	zip_int64_t (*fread)(zip_file_t *, void *, zip_uint64_t);
	int (*fclose)(zip_file_t *);
	zip_error_t *(*file_get_error)(zip_file_t *);
} clsi_lz;

/* libzip, opened with dlopen() at the first call (thread-safe), or NULL
 * when it cannot be: then why (n bytes) says what dlopen() or dlsym()
 * said.  Borrowed: static storage. */
const clsi_lz *clsi_libzip(char *why, size_t n);

#endif /* CLS_LZ_H */
