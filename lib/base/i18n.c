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
#include <stdatomic.h>
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

const char *clsi_gettext(const char *msgid)
{
	if (!atomic_load(&bound))
		cls_i18n_init(NULL);
	return dgettext(CLS_DOMAIN, msgid);
}

const char *clsi_ngettext(const char *one, const char *many, unsigned long n)
{
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
