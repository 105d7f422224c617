/* SPDX-License-Identifier: MIT */
/*
 * cover.c - which contracts of a run hold the year asked for: a contract
 * whose periode leaves it out gives no rows, and a year that no periode
 * holds is the caller's usage error (cls-export(1), cls-indicators(1)).
 */
#include "query.h"

bool cls_year_cover_add(cls_year_cover *yc, const cls_plan *p)
{
	int y = yc->year;
	if (!y || !p->debut || !p->fin)
		return true;
	yc->with_periode++;
	if (y >= p->debut && y <= p->fin) {
		yc->covering++;
		return true;
	}
	yc->debut = p->debut;
	yc->fin = p->fin;
	return false;
}

bool cls_year_cover_none(const cls_year_cover *yc)
{
	return yc->year && yc->with_periode && !yc->covering;
}
