/* SPDX-License-Identifier: MIT */
/*
 * i18n.c - the library's messages in the program's language.  libcls
 * translates its diagnostics and errors through its own gettext domain,
 * "cls", so any program that links it and calls setlocale(LC_MESSAGES, "")
 * gets them in its user's language; the library itself never sets the
 * locale.  Messages come in UTF-8 whatever LC_CTYPE says, so no program
 * has to change LC_CTYPE (and with it its output) to read them.
 */
#include "base.h"

#include <libintl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h" /* CLS_BUILD_LOCALEDIR: where `make install` puts the
                     * catalogs, made by the Makefile */

static atomic_int bound;

void cls_i18n_init(const char *localedir)
{
	if (!localedir || !*localedir)
		localedir = getenv("CLS_LOCALEDIR");
	if (!localedir || !*localedir)
		localedir = CLS_BUILD_LOCALEDIR;
	bindtextdomain(CLS_DOMAIN, localedir);
	bind_textdomain_codeset(CLS_DOMAIN, "UTF-8");
	atomic_store(&bound, 1);
}

static const char *fr_gettext(const char *msgid);
static const char *fr_ngettext(
    const char *one, const char *many, unsigned long n);
static _Thread_local bool force_fr;

const char *clsi_gettext(const char *msgid)
{
	if (force_fr)
		return fr_gettext(msgid);
	if (!atomic_load(&bound))
		cls_i18n_init(NULL);
	return dgettext(CLS_DOMAIN, msgid);
}

const char *clsi_ngettext(const char *one, const char *many, unsigned long n)
{
	if (force_fr)
		return fr_ngettext(one, many, n);
	if (!atomic_load(&bound))
		cls_i18n_init(NULL);
	return dngettext(CLS_DOMAIN, one, many, n);
}

uint64_t clsi_catalog(void)
{
	/* gettext("") is the header of the catalog in use: "" when messages
	 * are the English of the sources.  Its hash tells catalogs (and
	 * their revisions) apart. */
	const char *h = clsi_gettext("");
	return *h ? clsi_hash(h, strlen(h)) : 0;
}

/* ------------------------------------------------ French, whatever the locale
 */

/* The French catalog, read once from the folder the domain is bound to
 * (fr/LC_MESSAGES/cls.mo): a sorted table of msgids, searched by halves.
 * For the French documents (the report) whose diagnostics must be French
 * whatever the locale, which gettext cannot give without changing the
 * process's locale or environment. */
static struct {
	unsigned char *data;
	size_t len, n;
	uint32_t orig, trans; /* offsets of the two tables */
	bool swap; /* written on a machine of the other byte order */
} fr;
static pthread_once_t fr_once = PTHREAD_ONCE_INIT;

static uint32_t fr_u32(size_t off)
{
	uint32_t v;
	memcpy(&v, fr.data + off, 4);
	if (fr.swap)
		v = (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u)
		    | (v << 24);
	return v;
}

/* Whether entry i of table at off (length, offset) lies in the file. */
static bool fr_entry(uint32_t table, size_t i, const char **s, uint32_t *len)
{
	size_t at = (size_t)table + 8 * i;
	if (at + 8 > fr.len)
		return false;
	uint32_t l = fr_u32(at), o = fr_u32(at + 4);
	if ((size_t)o + l >= fr.len)
		return false;
	*s = (const char *)fr.data + o;
	*len = l;
	return true;
}

static void fr_load(void)
{
	if (!atomic_load(&bound))
		cls_i18n_init(NULL);
	const char *dir = bindtextdomain(CLS_DOMAIN, NULL);
	char path[4096];
	if (!dir
	    || snprintf(path, sizeof(path), "%s/fr/LC_MESSAGES/%s.mo", dir,
	           CLS_DOMAIN)
	        >= (int)sizeof(path))
		return;
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *b
			    = ncap <= (64u << 20) ? realloc(buf, ncap) : NULL;
			if (!b) {
				free(buf);
				fclose(f);
				return;
			}
			buf = b;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	uint32_t magic;
	if (len < 28 || (memcpy(&magic, buf, 4), 0)
	    || (magic != 0x950412deu && magic != 0xde120495u)) {
		free(buf);
		return;
	}
	fr.data = buf;
	fr.len = len;
	fr.swap = magic == 0xde120495u;
	fr.n = fr_u32(8);
	fr.orig = fr_u32(12);
	fr.trans = fr_u32(16);
}

/* The French of msgid (of the key "one\0many" for a plural, klen bytes),
 * or NULL when the catalog lacks it. */
static const char *fr_find(const char *key, size_t klen, uint32_t *tlen)
{
	pthread_once(&fr_once, fr_load);
	size_t lo = 0, hi = fr.data ? fr.n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s;
		uint32_t l;
		if (!fr_entry(fr.orig, mid, &s, &l))
			return NULL;
		int c = memcmp(key, s, klen < l ? klen : l);
		if (!c)
			c = klen < l ? -1 : klen > l;
		if (c < 0) {
			hi = mid;
		} else if (c > 0) {
			lo = mid + 1;
		} else {
			const char *t;
			if (!fr_entry(fr.trans, mid, &t, tlen) || !*tlen)
				return NULL;
			return t;
		}
	}
	return NULL;
}

void clsi_i18n_force_french(bool on)
{
	force_fr = on;
}

bool clsi_i18n_forced_french(void)
{
	return force_fr;
}

static const char *fr_gettext(const char *msgid)
{
	uint32_t tl;
	const char *t = fr_find(msgid, strlen(msgid), &tl);
	return t ? t : msgid;
}

static const char *fr_ngettext(
    const char *one, const char *many, unsigned long n)
{
	/* the key of a plural entry is "one\0many" */
	size_t l1 = strlen(one), l2 = strlen(many);
	char stack[512],
	    *key = l1 + l2 + 1 <= sizeof(stack) ? stack : malloc(l1 + l2 + 1);
	const char *t = NULL;
	uint32_t tl = 0;
	if (key) {
		memcpy(key, one, l1 + 1);
		memcpy(key + l1 + 1, many, l2);
		t = fr_find(key, l1 + 1 + l2, &tl);
		if (key != stack)
			free(key);
	}
	if (!t)
		return n == 1 ? one : many;
	/* French: the singular for 0 and 1 (plural=(n > 1)) */
	if (n > 1) {
		size_t l = strlen(t);
		if (l + 1 < tl)
			return t + l + 1;
	}
	return t;
}

uint64_t clsi_catalog_french(void)
{
	uint32_t tl;
	const char *f = fr_find("", 0, &tl);
	return f && *f ? clsi_hash(f, strlen(f)) : 0;
}
