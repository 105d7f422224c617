/* SPDX-License-Identifier: MIT */
/* figures.c - two figures of the annual review of a contract, from libcls:
 * the share of indicateurs on target and the money planned by financeur
 * for the year, computed by the library as cls report computes them (no
 * rule written again here).
 *   cc figures.c $(pkg-config --cflags --libs cls)
 *   ./a.out examples/pays-des-vans 2024 */
#include <cls.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	cls_error err;
	char *root = NULL;
	cls_contract *c = NULL;
	cls_report *r = NULL;
	int year = argc > 2 ? atoi(argv[2]) : 0, status = 2;
	if (argc != 3 || year <= 0) {
		fprintf(stderr, "usage: figures DIR YEAR\n");
		return 2;
	}
	cls_report_options opts = {.from = year, .to = year};
	if (cls_contract_find(argv[1], &root, &err) != 0
	    || !(c = cls_contract_load(root, NULL, &err))
	    || !(r = cls_report_build(
	             (const cls_contract *const *)&c, 1, &opts, &err))) {
		fprintf(stderr, "%s\n", err.message);
		goto out;
	}
	const cls_report_year *y = cls_report_year_of(r, 0, year);
	if (y->has_part)
		printf("indicateurs atteints\t%.1f %%\t(%zu sur %zu)\n", y->part,
		    y->atteints, y->evalues);
	else
		printf("indicateurs atteints\t-\n");
	for (size_t i = 0; i < y->nfin_annee; i++)
		printf("%s\t%.2f\n", y->fin_annee[i].financeur,
		    y->fin_annee[i].montant);
	status = cls_contract_count(c, CLS_ERROR) ? 1 : 0;
out:
	cls_report_free(r);
	cls_contract_free(c);
	free(root);
	return status;
}
