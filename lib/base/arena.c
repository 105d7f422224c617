/* SPDX-License-Identifier: MIT */
/*
 * arena.c - the bump allocator behind every loaded contract, so that freeing
 * a contract is one call and nothing in the model can leak.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[]; /* keeps every allocation aligned */
};

struct arena {
	struct chunk *head;
};

arena *clsi_arena_new(void)
{
	return calloc(1, sizeof(arena));
}

void clsi_arena_free(arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void clsi_arena_adopt(arena *a, arena *from)
{
	if (!from)
		return;
	struct chunk *c = from->head;
	while (c) {
		struct chunk *next = c->next;
		/* behind the current chunk, which keeps its free space */
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
		}
		c = next;
	}
	free(from);
}

void *clsi_arena_alloc(arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	struct chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = size;
		/* A big one-off block goes behind the current chunk so the
		 * free space of the current one is not wasted. */
		if (a->head && n > CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *clsi_arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = clsi_arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *clsi_arena_strdup(arena *a, const char *s)
{
	return s ? clsi_arena_strndup(a, s, strlen(s)) : NULL;
}

char *clsi_arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *p = clsi_arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *clsi_arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = clsi_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
