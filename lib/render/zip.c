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
 * not linked: Debian ships no static libzip, and the shared one brings
 * libcrypto, whose mapping and relocation cost every run of cls 1.2 ms
 * (measured: 1,000 runs of an empty program, 1.07 s without and 2.25 s
 * linked with -lzip), a third of a warm report.  Only the runs that
 * write a document pay it.  CLS_LIBZIP_SONAME is the soname of the
 * libzip cls was built against (the Makefile reads it), whose ABI zip.h
 * describes.
 */
#include "render.h"

#include "libzip_soname.h" /* CLS_LIBZIP_SONAME, made by the Makefile */

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

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

/* ------------------------------------------------------ libzip, opened */

static struct {
	bool ok;
	char why[256];
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
} lz;

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
	};
	void *h = dlopen(CLS_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lz.why, sizeof(lz.why), "%s", dlerror());
		return;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(lz.why, sizeof(lz.why), "%s: no %s",
			    CLS_LIBZIP_SONAME, syms[i].name);
			return; /* h stays open: harmless, and rare */
		}
		memcpy(syms[i].slot, &p, sizeof(p));
	}
	lz.ok = true;
}

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
	pthread_once(&lz_once, lz_load);
	if (!lz.ok) {
		clsi_seterr(err,
		    _("cannot write an office document: libzip cannot be "
		      "loaded (%s); install it (Debian: apt-get install "
		      "libzip4)"),
		    lz.why);
		return -1;
	}
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
