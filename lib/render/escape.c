/* SPDX-License-Identifier: MIT */
/*
 * escape.c - data written to a terminal made safe on the way out: the
 * stream form of cls_escape() (lib/base/text.c), which every text writer
 * of lib/render/ puts the data it writes through.
 */
#include "render.h"

void clsi_esc_fputs(FILE *f, const char *s, unsigned flags)
{
	if (!s)
		return;
	for (;;) {
		size_t n = clsi_esc_span(s, flags);
		fwrite(s, 1, n, f);
		s += n;
		if (!*s)
			break;
		char e[12];
		s += clsi_esc_one(s, e);
		fputs(e, f);
	}
}
