/* SPDX-License-Identifier: MIT */
/*
 * yaml.c - unit tests of the YAML reader: scalars typed by the YAML 1.2 core
 * schema, positions in characters, hostile input bounded.
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

static void test_typing(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	node *r = parse(a, &d,
	    "a: 1\nb: \"1\"\nc: 1.10\nd: ~\ne: true\n"
	    "f: 0x1F\ng: 1e3\nh: .inf\ni: 18 000\nj: 'x'\nk: |\n  block\n"
	    "l: -2\nm: 0o17\nn: yes\n");
	CHECK(r && r->kind == N_MAP && r->n == 14);
	CHECK(clsi_map_get(r, "a")->kind == N_INT
	    && clsi_map_get(r, "a")->num == 1);
	CHECK(clsi_map_get(r, "b")->kind == N_STR);
	CHECK(clsi_map_get(r, "c")->kind == N_FLOAT);
	CHECK(strcmp(clsi_map_get(r, "c")->text, "1.10") == 0); /* text kept */
	CHECK(clsi_map_get(r, "d")->kind == N_NULL);
	CHECK(clsi_map_get(r, "e")->kind == N_BOOL);
	CHECK(clsi_map_get(r, "f")->kind == N_INT
	    && clsi_map_get(r, "f")->num == 31);
	CHECK(clsi_map_get(r, "g")->kind == N_FLOAT
	    && clsi_map_get(r, "g")->num == 1000);
	CHECK(clsi_map_get(r, "h")->kind == N_FLOAT
	    && isinf(clsi_map_get(r, "h")->num));
	CHECK(clsi_map_get(r, "i")->kind == N_STR);
	CHECK(clsi_map_get(r, "j")->kind == N_STR
	    && !clsi_map_get(r, "j")->plain);
	CHECK(clsi_map_get(r, "k")->kind == N_STR);
	CHECK(strcmp(clsi_map_get(r, "k")->text, "block\n") == 0);
	CHECK(clsi_map_get(r, "l")->num == -2);
	CHECK(clsi_map_get(r, "m")->num == 15);
	CHECK(clsi_map_get(r, "n")->kind == N_STR); /* YAML 1.2: yes is text */
	clsi_dsink_release(&d);
	clsi_arena_free(a);
}

static void test_positions(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	/* columns count characters: "é" is two bytes, one column */
	node *r = parse(a, &d, "titre: été\nliste: [é, à, x]\n");
	CHECK(r != NULL);
	node *l = clsi_map_get(r, "liste");
	CHECK(l && l->kind == N_SEQ && l->n == 3);
	CHECK(l->kids[2]->line == 2 && l->kids[2]->col == 15);
	CHECK(clsi_map_get(r, "titre")->col == 8);
	clsi_dsink_release(&d);
	clsi_arena_free(a);
}

static void test_hostile(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	CHECK(parse(a, &d, "a: &x [1, 2]\nb: *x\n") == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "yaml-alias") == 0);
	clsi_dsink_release(&d);
	CHECK(parse(a, &d, "a: 1\na: 2\n") != NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "duplicate-key") == 0
	    && d.v[0].loc.line == 2);
	clsi_dsink_release(&d);
	CHECK(parse(a, &d, "a: 1\n---\na: 2\n") == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "multiple-documents") == 0);
	clsi_dsink_release(&d);
	/* deep nesting stops at the limit, quickly */
	char deep[4096];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		deep[n++] = '[';
	for (int i = 0; i < 1000; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	CHECK(parse(a, &d, deep) == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "too-deep") == 0);
	clsi_dsink_release(&d);

	/* the whole per-file stage */
	file_result fr;
	CHECK(clsi_file_analyse(
	          a, DOC_FICHE, "f.yaml", (const unsigned char *)"", 0, &fr)
	        == 0
	    && has_rule(&fr, "empty-file", 1, 1));
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)"id: \"caf\xe9\"\n", 11, &fr)
	        == 0
	    && has_rule(&fr, "encoding", 1, 9) && fr.root == NULL);
	CHECK(strstr(fr.diags[0].message, "Windows-1252") != NULL);
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)"id: 1\0\n", 7, &fr)
	        == 0
	    && has_rule(&fr, "encoding", 1, 6));
	size_t big = CLS_MAX_FILE_SIZE + 1;
	unsigned char *huge = malloc(big);
	memset(huge, '#', big);
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml", huge, big, &fr) == 0
	    && has_rule(&fr, "file-too-large", 1, 1));
	free(huge);
	const char *bom = "\xEF\xBB\xBFid: \"1\"\r\ntitre: t\r\n";
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)bom, strlen(bom), &fr)
	        == 0
	    && fr.root && clsi_map_get(fr.root, "titre")->line == 2
	    && clsi_map_get(fr.root, "titre")->col == 8);
	clsi_arena_free(a);
}

void unit_yaml(void)
{
	test_typing();
	test_positions();
	test_hostile();
}
