/* SPDX-License-Identifier: MIT */
/*
 * text.c - unit tests of the text helpers: ids in natural order, UTF-8,
 * suggestions, names compared as people read them, text made safe for a
 * terminal and messages fitted to a buffer.
 */
#include "unit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void test_text(void)
{
	CHECK(cls_id_cmp("1.2", "1.10") < 0);
	CHECK(cls_id_cmp("1.10", "2") < 0);
	CHECK(cls_id_cmp("A", "B") < 0);
	CHECK(cls_id_cmp("10", "9") > 0);
	CHECK(cls_id_cmp("1.1", "1.1") == 0);
	const char *keys[] = {"partenaires", "porteurs", "public"};
	CHECK(strcmp(clsi_str_nearest("partenaire", keys, 3), "partenaires")
	    == 0);
	CHECK(strcmp(clsi_str_nearest("porteur", keys, 3), "porteurs") == 0);
	CHECK(clsi_str_nearest("zzzzzz", keys, 3) == NULL);
	CHECK(clsi_str_distance("ab", "ba", 3) == 1); /* transposition */
	CHECK(clsi_utf8_columns("été", strlen("été")) == 3);
	size_t bad;
	char msg[256];
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"ok é", 5, &bad, msg, sizeof(msg))
	    == 0);
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"\xC0\x80", 2, &bad, msg, sizeof(msg))
	    != 0); /* overlong */
	CHECK(clsi_utf8_check((const unsigned char *)"\xED\xA0\x80", 3, &bad,
	          msg, sizeof(msg))
	    != 0); /* surrogate */
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"\xFF\xFEx", 3, &bad, msg, sizeof(msg))
	        != 0
	    && strstr(msg, "UTF-16"));
	CHECK(clsi_date_valid("2024-02-29", NULL));
	CHECK(!clsi_date_valid("2023-02-29", NULL));
	CHECK(!clsi_date_valid("2023-13-01", NULL));
	CHECK(!clsi_date_valid("2023-1-01", NULL));
	CHECK(clsi_date_valid("2000-02-29", NULL)
	    && !clsi_date_valid("1900-02-29", NULL));
}

/* Names folded as financeurs are compared, and placeholders. */
static void test_names(void)
{
	char k[64];
	clsi_name_fold("  Agence Régionale de Santé -  ARA ", k, sizeof(k));
	CHECK(strcmp(k, "agence regionale de sante ara") == 0);
	clsi_name_fold("Caisse d’Allocations « Familiales »", k, sizeof(k));
	CHECK(strcmp(k, "caisse d allocations familiales") == 0);
	clsi_name_fold("Œuvre", k, sizeof(k));
	CHECK(strcmp(k, "oeuvre") == 0);
	CHECK(clsi_name_fold("...", k, sizeof(k)) == 0 && !*k);
	clsi_name_fold("abcdefghij", k, 5); /* cut, NUL-terminated */
	CHECK(strcmp(k, "abcd") == 0);
	CHECK(clsi_placeholder("À compléter"));
	CHECK(clsi_placeholder("[à compléter par le porteur]"));
	CHECK(clsi_placeholder("TODO"));
	CHECK(clsi_placeholder("xxx") && clsi_placeholder("X X X"));
	CHECK(clsi_placeholder("Non renseignée") && clsi_placeholder("?"));
	CHECK(clsi_placeholder("A définir."));
	CHECK(!clsi_placeholder("Actions à définir avec les partenaires"));
	CHECK(!clsi_placeholder("x") && !clsi_placeholder(""));
	CHECK(!clsi_placeholder("Centre social"));
}

/* cls_escape(s, flags) as a string (static storage). */
static const char *esc(const char *s, unsigned flags)
{
	static char out[256];
	cls_buf b = {0};
	cls_escape(&b, s, flags);
	snprintf(out, sizeof(out), "%s", cls_buf_str(&b));
	cls_buf_release(&b);
	return out;
}

static void test_escape(void)
{
	CHECK(strcmp(esc("Santé, 100 %", 0), "Santé, 100 %") == 0);
	CHECK(strcmp(esc("\033]52;c;SGk=\a", 0), "\\x1b]52;c;SGk=\\x07") == 0);
	CHECK(strcmp(esc("a\r\nb\tc\x7f", 0), "a\\r\\nb\\tc\\x7f") == 0);
	CHECK(strcmp(esc("a\nb\tc\r", CLS_ESCAPE_LINES), "a\nb\tc\\r") == 0);
	/* C1, bidirectional controls, separators: code points */
	CHECK(strcmp(esc("\xC2\x85\xE2\x80\xAE"
	                 "abc\xE2\x81\xA6\xD8\x9C",
	                 0),
	          "\\u0085\\u202eabc\\u2066\\u061c")
	    == 0);
	CHECK(strcmp(esc("\xE2\x80\xA8", CLS_ESCAPE_LINES), "\\u2028") == 0);
	/* bytes that are not UTF-8: overlong, surrogate, Latin-1, cut */
	CHECK(strcmp(esc("caf\xE9 \xC0\x80 \xED\xA0\x80 \xE2\x80", 0),
	          "caf\\xe9 \\xc0\\x80 \\xed\\xa0\\x80 \\xe2\\x80")
	    == 0);
	/* escaping again changes nothing; backslashes are copied */
	char once[256];
	snprintf(once, sizeof(once), "%s", esc("C:\\x \033[2J\xE9", 0));
	CHECK(strcmp(esc(once, 0), once) == 0);
	CHECK(strcmp(once, "C:\\x \\x1b[2J\\xe9") == 0);
	CHECK(clsi_esc_span("abc\033", 0) == 3);
}

static void test_fit(void)
{
	char m[64], path[300];
	/* a short message is copied */
	clsi_text_fit(m, sizeof(m), "fiches/a.yaml: cannot open: EACCES");
	CHECK(strcmp(m, "fiches/a.yaml: cannot open: EACCES") == 0);
	/* a long path loses its middle; the reason stays whole */
	memset(path, 'd', sizeof(path));
	memcpy(path + sizeof(path) - 30, "é/é/é/é/fin.yaml: cannot open", 29);
	path[sizeof(path) - 1] = '\0';
	char msg[400];
	snprintf(msg, sizeof(msg), "%s: Permission denied", path);
	clsi_text_fit(m, sizeof(m), msg);
	CHECK(strlen(m) < sizeof(m));
	CHECK(strstr(m, "…") != NULL);
	CHECK(strncmp(m, "dddddddd", 8) == 0);
	size_t n = strlen(m);
	CHECK(n > 20 && strcmp(m + n - 19, ": Permission denied") == 0);
	size_t bad;
	char why[128];
	CHECK(
	    clsi_utf8_check((const unsigned char *)m, n, &bad, why, sizeof(why))
	    == 0);
	/* never inside an escape: "\\xe9" stays whole or goes whole */
	char e[200], out[64];
	memset(e, 0, sizeof(e));
	for (int i = 0; i < 30; i++)
		memcpy(e + 4 * i, "\\xe9", 4);
	strcat(e, ": No such file or directory");
	clsi_text_fit(out, sizeof(out), e);
	const char *cut = strstr(out, "…");
	CHECK(strlen(out) < sizeof(out) && cut);
	CHECK(cut && (cut - out) % 4 == 0 && cut[3] == '\\');
	CHECK(strstr(out, "\\xe9: No such file or directory") != NULL);
	/* no word long enough: the middle of the message */
	clsi_text_fit(out, 12, "aa bb cc dd ee ff gg hh");
	CHECK(strlen(out) < 12 && strstr(out, "…"));
	clsi_text_fit(out, 3, "abcdef");
	CHECK(strcmp(out, "ab") == 0);
}

void unit_text(void)
{
	test_text();
	test_names();
	test_escape();
	test_fit();
}
