/* SPDX-License-Identifier: MIT */
/*
 * fuzz-scalar.c - libFuzzer harness for the typing of plain scalars (the
 * YAML 1.2 core schema, lib/yaml.c) and the scalar readers built on it
 * (years, dates): differential, against the schema's own regular
 * expressions (YAML 1.2.2, 10.3.2) compiled with POSIX regcomp.  Any
 * disagreement, or a value that is not the one strtod/strtoull give, aborts.
 * The same text is also parsed as the value of a key, plain, so the
 * parser's path to the typing is covered too.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/scalar/.
 */
#include "../../lib/edit/edit.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	nkind kind;
	const char *re;
} schema[] = {
    {N_NULL, "^(null|Null|NULL|~|)$"},
    {N_BOOL, "^(true|True|TRUE|false|False|FALSE)$"},
    {N_INT, "^[-+]?[0-9]+$"},
    {N_INT, "^0o[0-7]+$"},
    {N_INT, "^0x[0-9a-fA-F]+$"},
    {N_FLOAT, "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"},
    {N_FLOAT, "^[-+]?(\\.inf|\\.Inf|\\.INF)$"},
    {N_FLOAT, "^(\\.nan|\\.NaN|\\.NAN)$"},
};
#define NSCHEMA (sizeof(schema) / sizeof(schema[0]))
static regex_t res[NSCHEMA];

#define EXPECT(c)                                                              \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-scalar: \"%s\": %s\n", s, #c);   \
			abort();                                               \
		}                                                              \
	} while (0)

static void check_one(const char *s)
{
	nkind want = N_STR;
	size_t which = NSCHEMA;
	for (size_t i = 0; i < NSCHEMA && which == NSCHEMA; i++)
		if (regexec(&res[i], s, 0, NULL, 0) == 0) {
			want = schema[i].kind;
			which = i;
		}
	node n = {.kind = N_STR, .text = s, .len = (uint32_t)strlen(s)};
	clsi_yaml_type_plain(&n);
	EXPECT(n.kind == want);
	if (which == 2 || which == 5)
		EXPECT(n.num == strtod(s, NULL));
	else if (which == 3 || which == 4)
		EXPECT(n.num
		    == (double)strtoull(s + 2, NULL, which == 3 ? 8 : 16));
	else if (which == 6)
		EXPECT(isinf(n.num) && (n.num < 0) == (s[0] == '-'));
	else if (which == 7)
		EXPECT(isnan(n.num));
	else if (which == 1)
		EXPECT(n.num == (s[0] == 't' || s[0] == 'T'));

	int y = 0;
	if (clsi_node_year(&n, &y))
		EXPECT(n.kind == N_INT && y >= 1000 && y <= 9999 && y == n.num);
	/* a year is its four digits: no other text is the same year */
	bool four = strlen(s) == 4 && s[0] >= '1' && s[0] <= '9';
	for (size_t i = 0; four && i < 4; i++)
		four = s[i] >= '0' && s[i] <= '9';
	EXPECT(clsi_node_year(&n, &y) == four);
	if (clsi_date_valid(s, &y))
		EXPECT(
		    strlen(s) == 10 && y >= 1000 && s[4] == '-' && s[7] == '-');
	if (clsi_caldate_valid(&n, &y))
		EXPECT(n.kind == N_INT || n.kind == N_STR);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int ready;
	if (!ready) {
		for (size_t i = 0; i < NSCHEMA; i++)
			if (regcomp(&res[i], schema[i].re,
			        REG_EXTENDED | REG_NOSUB))
				abort();
		ready = 1;
	}
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_one(s);

	/* As the value of a key: "v: TEXT\n", typed by the parser. */
	arena *a = clsi_arena_new();
	char *doc = malloc(size + 5);
	if (a && doc) {
		dsink d;
		clsi_dsink_init(&d, a);
		memcpy(doc, "v: ", 3);
		memcpy(doc + 3, s, size);
		doc[size + 3] = '\n';
		doc[size + 4] = '\0';
		node *r = clsi_yaml_parse(a, &d, "f.yaml", doc, size + 4);
		node *v = r && r->kind == N_MAP ? clsi_map_get(r, "v") : NULL;
		/* A value the parser saw as one plain scalar, whole, must be
		 * typed as the schema says (the parser trims spaces). */
		if (v && v->plain && v->len == size
		    && memcmp(v->text, s, size) == 0
		    && !memchr(s, '\0', size)) {
			node m = *v;
			m.kind = N_STR;
			clsi_yaml_type_plain(&m);
			EXPECT(m.kind == v->kind);
		}
		clsi_dsink_release(&d);
	}
	free(doc);
	clsi_arena_free(a);
	free(s);
	return 0;
}
