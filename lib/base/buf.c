/* SPDX-License-Identifier: MIT */
/*
 * buf.c - the one growable string of libcls and of the cls program
 * (cls_buf, see cls.h), in which messages, cache blobs, edited files and
 * reports are built: an allocation that fails is recorded, never fatal,
 * and the caller checks oom once, when the text is complete.  And the
 * arrays of the library: grown by doubling, sorted without ever handing
 * qsort() an empty (NULL) list.
 */
#include "base.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cls_buf_init(cls_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void cls_buf_release(cls_buf *b)
{
	free(b->s);
	cls_buf_init(b);
}

void cls_buf_reset(cls_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

bool cls_buf_grow(cls_buf *b, size_t more)
{
	if (b->oom)
		return false;
	if (more < b->cap && b->len < b->cap - more)
		return true; /* room for more bytes and the NUL */
	if (more > SIZE_MAX / 4 - b->len) {
		b->oom = true;
		return false;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void cls_buf_addn(cls_buf *b, const char *s, size_t n)
{
	if (!cls_buf_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void cls_buf_add(cls_buf *b, const char *s)
{
	cls_buf_addn(b, s, strlen(s));
}

void cls_buf_addc(cls_buf *b, char c)
{
	cls_buf_addn(b, &c, 1);
}

void cls_buf_vprintf(cls_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (!cls_buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void cls_buf_printf(cls_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cls_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *cls_buf_str(const cls_buf *b)
{
	return b->s && !b->oom ? b->s : "";
}

void *clsi_grow(void *v, size_t n, size_t size)
{
	if (n & (n - 1))
		return v; /* not a power of two: there is room */
	size_t cap = n ? 2 * n : 1;
	if (size && cap > SIZE_MAX / size)
		return NULL;
	return realloc(v, cap * size);
}

void clsi_sort(
    void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}
