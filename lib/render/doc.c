/* SPDX-License-Identifier: MIT */
/*
 * doc.c - what the two writers of the document model (doc-odt.c,
 * doc-docx.c) share: a run of text cut where each format writes its own
 * line break or tab.
 */
#include "doc.h"

void clsi_doc_split(clsi_doc *d, const char *t, size_t n,
    void (*piece)(clsi_doc *, const char *, size_t),
    void (*brk)(clsi_doc *, char))
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c != '\n' && c != '\r' && c != '\t')
			continue;
		if (i > start)
			piece(d, t + start, i - start);
		if (c == '\r' && i + 1 < n && t[i + 1] == '\n')
			i++;
		brk(d, c == '\t' ? '\t' : '\n');
		start = i + 1;
	}
	if (n > start)
		piece(d, t + start, n - start);
}
