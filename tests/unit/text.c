/* SPDX-License-Identifier: MIT */
/*
 * text.c - unit tests of the text helpers: ids in natural order, UTF-8,
 * suggestions, names compared as people read them.
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

void unit_text(void)
{
	test_text();
	test_names();
}
