/* SPDX-License-Identifier: MIT */
/*
 * num.c - a number written the one way libcls writes figures for
 * programs: the shortest decimal that reads back as the same double, with
 * a "." (the CSV cells, the values of the sheets' cells, the numbers the
 * sheets are read back as).
 */
#include "base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void clsi_shortest(char *out, size_t size, double x)
{
	if (x == 0)
		x = 0; /* no "-0" */
	if (fabs(x) < 1e21) {
		for (int d = 0; d <= 17; d++) {
			snprintf(out, size, "%.*f", d, x);
			if (strtod(out, NULL) == x)
				return;
		}
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(out, size, "%.*g", p, x);
		if (strtod(out, NULL) == x)
			return;
	}
}
