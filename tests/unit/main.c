/* SPDX-License-Identifier: MIT */
/*
 * main.c - the unit tests of libcls, one file per module (unit.h lists
 * them): prints one line per failed check and a final "N passed, N
 * failed".  `unit --shape` prints the key table, for tests/suite-schema.sh.
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

static int passed, failed;

void unit_check(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
}

/* Parses text as a fiche; returns the tree, diagnostics in *d. */
node *parse(arena *a, dsink *d, const char *text)
{
	clsi_dsink_init(d, a);
	return clsi_yaml_parse(a, d, "f.yaml", text, strlen(text));
}

bool has_rule(const file_result *fr, const char *rule, int line, int col)
{
	for (size_t i = 0; i < fr->ndiags; i++)
		if (strcmp(fr->diags[i].rule, rule) == 0
		    && (line == 0 || fr->diags[i].loc.line == line)
		    && (col == 0 || fr->diags[i].loc.column == col))
			return true;
	return false;
}

const char *write_tmp(const char *dir, const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Makes a contract in the folder mkdtemp() makes of dir: cls.yaml (periode
 * 2022 to fin, one axe "1") and an empty fiches/, whose path goes to sub. */
void new_contract(char *dir, int fin, char *sub, size_t subsz)
{
	char cls[256];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, subsz, "%s/fiches", dir);
	mkdir(sub, 0755);
	snprintf(cls, sizeof(cls),
	    "version: 1\nnom: N\nterritoire: T\n"
	    "periode: {debut: 2022, fin: %d}\nsignataires: [ARS]\n"
	    "axes:\n  - {id: 1, titre: A}\n",
	    fin);
	write_tmp(dir, "cls.yaml", cls);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--shape") == 0) {
		char *s = clsi_shape_dump();
		fputs(s, stdout);
		free(s);
		return 0;
	}
	unit_yaml();
	unit_text();
	unit_model();
	unit_fmt();
	unit_report();
	unit_listing();
	unit_csv();
	unit_sheet();
	unit_store();
	unit_edit();
	unit_txn();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
