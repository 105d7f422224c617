/* SPDX-License-Identifier: MIT */
/*
 * fuzz-edit.c - libFuzzer harness for what cls import writes into fiche
 * files (lib/edit.c): the input is a fiche whose first indicateur gets a
 * valeur for a year, through clsi_edit_valeur(); the edited text must parse,
 * and read back the value written.  The same bytes are also written as a YAML
 * text with clsi_edit_text() and as a number with clsi_edit_number(), which
 * must read back as that same text (a text, not a number or a bool) and that
 * same number.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/edit/.
 */
#include "../../lib/edit/edit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT(c, what)                                                        \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-edit: %s: %s\n", what, #c);      \
			abort();                                               \
		}                                                              \
	} while (0)

/* The value of key "v" in the YAML text doc, parsed; NULL when it does
 * not parse. */
static node *value_of(arena *a, const char *doc, size_t len)
{
	dsink d;
	clsi_dsink_init(&d, a);
	node *r = clsi_yaml_parse(a, &d, "f.yaml", doc, len);
	clsi_dsink_release(&d);
	return r && r->kind == N_MAP ? clsi_map_get(r, "v") : NULL;
}

static void check_text(const char *s, size_t n)
{
	size_t bad;
	char msg[256];
	/* what a CSV cell may hold: UTF-8 text without NUL */
	if (memchr(s, 0, n)
	    || clsi_utf8_check(
	        (const unsigned char *)s, n, &bad, msg, sizeof(msg)))
		return;
	cls_buf out, doc;
	cls_buf_init(&out);
	cls_buf_init(&doc);
	clsi_edit_text(s, &out);
	cls_buf_add(&doc, "v: ");
	cls_buf_addn(&doc, out.s ? out.s : "", out.len);
	cls_buf_add(&doc, "\n");
	arena *a = clsi_arena_new();
	node *v = value_of(a, doc.s, doc.len);
	EXPECT(v, "clsi_edit_text() wrote YAML that does not parse");
	EXPECT(v->kind == N_STR,
	    "clsi_edit_text() wrote a text that reads back typed");
	EXPECT(strcmp(v->text, s) == 0,
	    "clsi_edit_text() wrote a text that reads back different");
	clsi_arena_free(a);
	cls_buf_release(&out);
	cls_buf_release(&doc);
}

static void check_number(const unsigned char *data, size_t size)
{
	double x;
	if (size < sizeof(x))
		return;
	memcpy(&x, data, sizeof(x));
	if (!isfinite(x))
		return;
	char num[64], doc[80];
	clsi_edit_number(x, num, sizeof(num));
	int n = snprintf(doc, sizeof(doc), "v: %s\n", num);
	arena *a = clsi_arena_new();
	node *v = value_of(a, doc, (size_t)n);
	EXPECT(v && (v->kind == N_INT || v->kind == N_FLOAT),
	    "clsi_edit_number() wrote something else than a number");
	EXPECT(v->num == x,
	    "clsi_edit_number() wrote a number that reads back different");
	clsi_arena_free(a);
}

/* The id of the first indicateur of the fiche in fr, or NULL. */
static const char *first_indicateur(const file_result *fr)
{
	node *inds = fr->root ? clsi_map_get(fr->root, "indicateurs") : NULL;
	if (!inds || inds->kind != N_SEQ || !inds->n)
		return NULL;
	node *id = clsi_map_get(inds->kids[0], "id");
	return id && id->kind != N_MAP && id->kind != N_SEQ ? id->text : NULL;
}

static void check_valeur(const unsigned char *data, size_t size)
{
	static const char *const vals[]
	    = {"42", "-3.5", "\"en cours\"", "\"a: b # c\"", "0", "1e3"};
	arena *a = clsi_arena_new();
	file_result fr;
	if (clsi_file_analyse(a, DOC_FICHE, "f.yaml", data, size, &fr) != 0) {
		clsi_arena_free(a);
		return;
	}
	const char *ind = first_indicateur(&fr);
	if (!ind) {
		clsi_arena_free(a);
		return;
	}
	int year = 2020 + (int)(size % 8);
	const char *val = vals[size % 6];
	cls_buf out;
	cls_buf_init(&out);
	char why[256];
	if (clsi_edit_valeur((const char *)data, size, ind, year, val, &out,
	        why, sizeof(why))
	    == 0) {
		file_result ed;
		EXPECT(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
		           (const unsigned char *)out.s, out.len, &ed)
		        == 0,
		    "out of memory");
		EXPECT(ed.root,
		    "clsi_edit_valeur() wrote a fiche that does not parse");
		EXPECT(first_indicateur(&ed)
		        && strcmp(first_indicateur(&ed), ind) == 0,
		    "clsi_edit_valeur() lost the indicateur");
		node *inds = clsi_map_get(ed.root, "indicateurs");
		node *vs = clsi_map_get(inds->kids[0], "valeurs");
		EXPECT(vs && vs->kind == N_MAP,
		    "clsi_edit_valeur() wrote no valeurs");
		char key[16];
		snprintf(key, sizeof(key), "%d", year);
		node *v = clsi_map_get(vs, key);
		EXPECT(v, "clsi_edit_valeur() wrote no value for the year");
		char want[64];
		snprintf(want, sizeof(want), "%s", val);
		if (want[0] == '"') { /* the text between the quotes */
			memmove(want, want + 1, strlen(want));
			want[strlen(want) - 1] = '\0';
		}
		EXPECT(strcmp(v->text, want) == 0,
		    "clsi_edit_valeur() wrote a value that reads back "
		    "different");
	}
	cls_buf_release(&out);
	clsi_arena_free(a);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (size <= 4096)
		check_text(s, size);
	check_number(data, size);
	check_valeur(data, size);
	free(s);
	return 0;
}
