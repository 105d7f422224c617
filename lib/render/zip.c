/* SPDX-License-Identifier: MIT */
/*
 * zip.c - the zip container of the office documents (ODT and DOCX now,
 * the sheets later), written by libzip: the parts are gathered, then one
 * call builds the archive in memory and writes it to the caller's stream.
 * The bytes depend only on the parts: every entry has the same fixed DOS
 * date (1980-01-01 00:00, never the clock, and no time zone in between),
 * entries keep the order they were added in, and a part may be stored
 * uncompressed (ODF wants its "mimetype" first and stored).
 *
 * libzip is opened with dlopen() the first time a container is written,
 * not linked (lib/base/libzip.c says why).
 */
#include "render.h"

#include "../base/lz.h"

#include <stdlib.h>
#include <string.h>

typedef struct zpart {
	char *name;
	char *data;
	size_t len;
	bool store;
} zpart;

struct clsi_zip {
	zpart *v;
	size_t n;
	bool oom;
};

/* --------------------------------------------------------------- parts */

clsi_zip *clsi_zip_new(void)
{
	return calloc(1, sizeof(clsi_zip));
}

void clsi_zip_free(clsi_zip *z)
{
	if (!z)
		return;
	for (size_t i = 0; i < z->n; i++) {
		free(z->v[i].name);
		free(z->v[i].data);
	}
	free(z->v);
	free(z);
}

void clsi_zip_add(
    clsi_zip *z, const char *name, const char *data, size_t len, bool store)
{
	if (z->oom)
		return;
	zpart *v = clsi_grow(z->v, z->n, sizeof(*v));
	char *nm = strdup(name);
	char *copy = malloc(len ? len : 1);
	if (!v || !nm || !copy) {
		if (v)
			z->v = v;
		free(nm);
		free(copy);
		z->oom = true;
		return;
	}
	z->v = v;
	if (len)
		memcpy(copy, data, len);
	v[z->n++] = (zpart){nm, copy, len, store};
}

void clsi_zip_add_buf(clsi_zip *z, const char *name, cls_buf *b, bool store)
{
	if (b->oom)
		z->oom = true;
	clsi_zip_add(z, name, b->s ? b->s : "", b->len, store);
	cls_buf_release(b);
}

int clsi_zip_write(clsi_zip *z, FILE *out, cls_error *err)
{
	if (z->oom) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	char why[256];
	const clsi_lz *lzp = clsi_libzip(why, sizeof(why));
	if (!lzp) {
		clsi_seterr(err,
		    _("cannot write an office document: libzip cannot be "
		      "loaded (%s); install it (Debian: apt-get install "
		      "libzip4)"),
		    why);
		return -1;
	}
	const clsi_lz lz = *lzp;
	int rc = -1;
	zip_error_t ze;
	lz.error_init(&ze);
	zip_t *za = NULL;
	zip_source_t *src = lz.source_buffer_create(NULL, 0, 0, &ze);
	if (!src || !(za = lz.open_from_source(src, ZIP_TRUNCATE, &ze))) {
		clsi_seterr(err, _("cannot make a zip container: %s"),
		    lz.error_strerror(&ze));
		goto out;
	}
	lz.source_keep(src); /* it holds the archive after zip_close() */
	for (size_t i = 0; i < z->n; i++) {
		const zpart *p = &z->v[i];
		zip_source_t *s = lz.source_buffer(za, p->data, p->len, 0);
		zip_int64_t idx = s ? lz.file_add(za, p->name, s, 0) : -1;
		if (idx < 0) {
			lz.source_free(s);
			goto fail;
		}
		/* 1980-01-01 00:00: the DOS date 1 January 1980 is
		 * (0 << 9) | (1 << 5) | 1 */
		if (lz.set_file_compression(za, (zip_uint64_t)idx,
		        p->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0)
		    || lz.file_set_dostime(za, (zip_uint64_t)idx, 0, 0x21, 0))
			goto fail;
	}
	if (lz.close(za) != 0)
		goto fail;
	za = NULL;
	if (lz.source_open(src) != 0) {
		clsi_seterr(err, _("cannot read the zip container back"));
		goto out;
	}
	char buf[16384];
	zip_int64_t got;
	while ((got = lz.source_read(src, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)got, out);
	lz.source_close(src);
	if (got < 0) {
		clsi_seterr(err, _("cannot read the zip container back"));
		goto out;
	}
	rc = 0;
	goto out;
fail:
	clsi_seterr(err, _("cannot make a zip container: %s"), lz.strerror(za));
out:
	if (za)
		lz.discard(za);
	lz.source_free(src);
	lz.error_fini(&ze);
	return rc;
}
