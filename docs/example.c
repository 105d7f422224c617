/* SPDX-License-Identifier: MIT */
/* example.c - lists the fiches of the contract at or above a folder, with
 * libcls.  Build: cc example.c $(pkg-config --cflags --libs cls) */
#include <cls.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	cls_error err;
	char *root = NULL;
	cls_contract *c = NULL;
	if (cls_contract_find(argc > 1 ? argv[1] : ".", &root, &err) != 0
	    || !(c = cls_contract_load(root, NULL, &err))) {
		fprintf(stderr, "%s\n", err.message);
		free(root);
		return 2;
	}
	const cls_plan *p = cls_contract_plan(c);
	for (size_t i = 0; i < p->fiche_count; i++)
		printf("%s\t%s\n", p->fiches[i].id, p->fiches[i].titre);
	int status = cls_contract_count(c, CLS_ERROR) ? 1 : 0;
	cls_contract_free(c);
	free(root);
	return status;
}
