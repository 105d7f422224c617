/* SPDX-License-Identifier: MIT */
/*
 * embed.c - the files the program carries (templates/ and the JSON Schemas,
 * embedded at build time by tools/embed.sh), and the writing of a template
 * with its @NAME@ placeholders filled in.
 */
#include "cmd.h"

#include "embedded.h"

#include <string.h>

static const struct {
	const char *name;
	const unsigned char *data;
	size_t len;
} files[] = {EMBED_TABLE};

const char *embedded(const char *name, size_t *len)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i].name, name) == 0) {
			if (len)
				*len = files[i].len;
			return (const char *)files[i].data;
		}
	}
	return NULL;
}

int tpl_write(FILE *f, const char *name, const char *const *vars)
{
	size_t len;
	const char *s = embedded(name, &len);
	if (!s)
		return -1;
	const char *end = s + len;
	while (s < end) {
		const char *at = memchr(s, '@', (size_t)(end - s));
		if (!at) {
			fwrite(s, 1, (size_t)(end - s), f);
			break;
		}
		fwrite(s, 1, (size_t)(at - s), f);
		s = at + 1;
		bool done = false;
		for (size_t i = 0; vars && vars[i] && !done; i += 2) {
			size_t n = strlen(vars[i]);
			if ((size_t)(end - s) > n && memcmp(s, vars[i], n) == 0
			    && s[n] == '@') {
				fputs(vars[i + 1], f);
				s += n + 1;
				done = true;
			}
		}
		if (!done)
			fputc('@', f);
	}
	return 0;
}
