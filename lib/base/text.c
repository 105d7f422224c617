/* SPDX-License-Identifier: MIT */
/*
 * text.c - text helpers: UTF-8 checking (and naming the encoding a file
 * probably is in when it is not UTF-8), character columns, the edit distance
 * behind "did you mean", and the natural order of ids.
 */
#include "base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int clsi_utf8_columns(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cols++;
	return cols;
}

int clsi_utf8_check(
    const unsigned char *buf, size_t len, size_t *bad, char *msg, size_t msgsz)
{
	if (len >= 2
	    && ((buf[0] == 0xFF && buf[1] == 0xFE)
	        || (buf[0] == 0xFE && buf[1] == 0xFF))) {
		*bad = 0;
		snprintf(msg, msgsz,
		    _("file is not UTF-8: it looks like UTF-16 "
		      "(byte order mark %02X %02X); save it as UTF-8"),
		    buf[0], buf[1]);
		return -1;
	}
	for (size_t i = 0; i < len;) {
		/* Eight ASCII bytes at a time, none of them NUL. */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, buf + i, 8);
			const uint64_t lo = 0x0101010101010101ULL,
			               hi = 0x8080808080808080ULL;
			if (!((w | ((w - lo) & ~w)) & hi)) {
				i += 8;
				continue;
			}
		}
		if (buf[i] == 0) {
			*bad = i;
			snprintf(msg, msgsz,
			    _("file contains a NUL byte: it is "
			      "binary, not a text YAML file"));
			return -1;
		}
		size_t k = utf8_seq(buf + i, len - i);
		if (k) {
			i += k;
			continue;
		}
		*bad = i;
		/* Bytes 0x80-0x9F are printable in Windows-1252 only; the
		 * rest of 0xA0-0xFF read the same in ISO-8859-1/15. */
		int c1 = 0, ctl = 0;
		for (size_t j = 0; j < len; j++) {
			if (buf[j] >= 0x80 && buf[j] <= 0x9F)
				c1++;
			if (buf[j] < 0x20 && buf[j] != '\n' && buf[j] != '\r'
			    && buf[j] != '\t')
				ctl++;
		}
		if (ctl)
			snprintf(msg, msgsz,
			    _("file is not UTF-8 text (invalid "
			      "byte 0x%02X): it looks like a binary file"),
			    buf[i]);
		else
			snprintf(msg, msgsz,
			    _("file is not UTF-8 (invalid byte "
			      "0x%02X): it is probably %s; save it as UTF-8, "
			      "e.g. iconv -f WINDOWS-1252 -t UTF-8"),
			    buf[i],
			    c1 ? "Windows-1252"
			       : _("Windows-1252 or Latin-1 "
			           "(ISO-8859-1)"));
		return -1;
	}
	return 0;
}

size_t clsi_str_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return max + 1;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t rowmin = (size_t)-1;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2]
			    && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			return max + 1;
	}
	return d[la][lb];
}

const char *clsi_str_nearest(const char *s, const char *const *cands, size_t n)
{
	size_t len = strlen(s);
	size_t max = len < 4 ? 1 : len < 8 ? 2 : 3;
	const char *best = NULL;
	size_t bestd = max + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = clsi_str_distance(s, cands[i], max);
		/* "partenaire" vs "partenaires", and case slips */
		if (d <= max && d < bestd) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}

const char *cls_nearest(const char *s, const char *const *cands, size_t n)
{
	return clsi_str_nearest(s, cands, n);
}

int cls_id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			size_t na = 0, nb = 0;
			while (isdigit((unsigned char)a[na]))
				na++;
			while (isdigit((unsigned char)b[nb]))
				nb++;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = memcmp(a, b, na);
			if (c)
				return c < 0 ? -1 : 1;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/* ------------------------------------------------------------- names */

/* The base letter of a Latin-1 letter written as two UTF-8 bytes
 * (C3 xx), lower case; 0 when it is not one. */
static int fold_latin1(unsigned char c2)
{
	static const char map[65]
	    = "aaaaaaaceeeeiiiidnooooo/ouuuuyts" /* C3 80..9F, upper */
	      "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* C3 A0..BF, lower */
	if (c2 < 0x80 || c2 > 0xBF)
		return 0;
	return (unsigned char)map[c2 - 0x80];
}

static int fold_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	if (s[0] == 0xC3 && s[1]) {
		int c = fold_latin1(s[1]);
		if (c) {
			*p += 2;
			return c;
		}
	}
	*p += 1;
	return s[0] >= 'A' && s[0] <= 'Z' ? s[0] - 'A' + 'a' : s[0];
}

int cls_name_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a,
	                    *q = (const unsigned char *)b;
	while (*p && *q) {
		int x = fold_next(&p), y = fold_next(&q);
		if (x != y)
			return x < y ? -1 : 1;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return 0;
}

int cls_name_order(const char *a, const char *b)
{
	int c = cls_name_cmp(a, b);
	return c ? c : strcmp(a, b);
}

size_t clsi_name_fold(const char *s, char *out, size_t n)
{
	size_t o = 0;
	bool sep = false;
	if (!n)
		return 0;
	/* out full: nothing further is written, the rest is not read */
	for (const unsigned char *p = (const unsigned char *)s;
	     *p && o + 1 < n;) {
		int c = 0; /* a letter or digit to write, else a separator */
		size_t skip = 1;
		const char *two = NULL;
		if (*p < 0x80) {
			if ((*p >= 'a' && *p <= 'z')
			    || (*p >= '0' && *p <= '9'))
				c = *p;
			else if (*p >= 'A' && *p <= 'Z')
				c = *p - 'A' + 'a';
		} else if (p[0] == 0xC3 && p[1]) {
			skip = 2;
			c = fold_latin1(p[1]);
			if (c == '/')
				c = 0; /* the signs of multiplication, division
				        */
		} else if (p[0] == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {
			skip = 2;
			two = "oe";
		} else if (p[0] == 0xC2 && p[1]) {
			skip = 2; /* no-break space, guillemets, signs */
		} else if (p[0] == 0xE2 && p[1] == 0x80 && p[2]) {
			skip = 3; /* dashes, quotes, narrow spaces, ellipsis */
		} else {
			/* another letter: kept as written */
			size_t k = 1;
			while (p[k] && (p[k] & 0xC0) == 0x80)
				k++;
			if (sep && o && o + 1 < n)
				out[o++] = ' ';
			sep = false;
			for (size_t i = 0; i < k && o + 1 < n; i++)
				out[o++] = (char)p[i];
			p += k;
			continue;
		}
		p += skip;
		if (!c && !two) {
			sep = true;
			continue;
		}
		if (sep && o && o + 1 < n)
			out[o++] = ' ';
		sep = false;
		if (two) {
			for (; *two && o + 1 < n; two++)
				out[o++] = *two;
		} else if (o + 1 < n) {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

bool clsi_placeholder(const char *s)
{
	static const char *const words[]
	    = {"a completer", "a definir", "a preciser", "a renseigner",
	        "a determiner", "a confirmer", "non renseigne",
	        "non renseignee", "non defini", "non definie", "non precise",
	        "non precisee", "todo", "tbd", "tba", "fixme", "xxx"};
	/* the longest word and what follows it: a description of a page is
	 * not folded whole for its first words */
	char k[96];
	size_t n = clsi_name_fold(s, k, 24);
	if (!n) /* "...", "?", "-": punctuation alone */
		return *s != '\0';
	if (k[0] == 'x') /* "x x x ...": all of it, as far as k holds */
		n = clsi_name_fold(s, k, sizeof(k));
	size_t xs = 0;
	for (size_t i = 0; i < n; i++) {
		if (k[i] != 'x' && k[i] != ' ')
			break;
		xs += k[i] == 'x';
		if (i + 1 == n && xs >= 2)
			return true; /* "xx", "XXXX", "x x x" */
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t l = strlen(words[i]);
		if (strncmp(k, words[i], l) == 0
		    && (k[l] == '\0' || k[l] == ' '))
			return true;
	}
	return false;
}

/* ------------------------------------------------------ text made safe */

size_t clsi_u8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	/* a NUL is no continuation byte: the check stops at the end */
	size_t k = utf8_seq(p, 4);
	if (!k)
		return 0;
	uint32_t c = k == 1 ? p[0] : p[0] & (0x3F >> (k - 1));
	for (size_t i = 1; i < k; i++)
		c = (c << 6) | (p[i] & 0x3F);
	*cp = c;
	return k;
}

bool clsi_esc_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C
	    || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E)
	    || (c >= 0x2066 && c <= 0x2069);
}

/* Whether the character c (k bytes at p; k 0: an invalid byte) is
 * written escaped. */
static bool must_escape(uint32_t c, size_t k, unsigned flags)
{
	if (!k)
		return true;
	if ((c == '\n' || c == '\t') && (flags & CLS_ESCAPE_LINES))
		return false;
	return clsi_esc_control(c);
}

size_t clsi_esc_span(const char *s, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	for (;;) {
		/* printable ASCII goes fast: most text is nothing else */
		while (*p >= 0x20 && *p < 0x7F)
			p++;
		if (!*p)
			break;
		uint32_t c = 0;
		size_t k = clsi_u8_decode((const char *)p, &c);
		if (must_escape(c, k, flags))
			break;
		p += k;
	}
	return (size_t)((const char *)p - s);
}

size_t clsi_esc_one(const char *s, char out[12])
{
	uint32_t c = 0;
	size_t k = clsi_u8_decode(s, &c);
	if (!k) /* a byte, not a character: \xe9 of Latin-1 */
		snprintf(out, 12, "\\x%02x", (unsigned char)*s);
	else if (c == '\n')
		memcpy(out, "\\n", 3);
	else if (c == '\t')
		memcpy(out, "\\t", 3);
	else if (c == '\r')
		memcpy(out, "\\r", 3);
	else if (c < 0x80)
		snprintf(out, 12, "\\x%02x", (unsigned)c);
	else /* a character: U+0085, U+202E */
		snprintf(out, 12, "\\u%04x", (unsigned)c);
	return k ? k : 1;
}

void cls_escape(cls_buf *b, const char *s, unsigned flags)
{
	if (!s)
		return;
	for (;;) {
		size_t n = clsi_esc_span(s, flags);
		cls_buf_addn(b, s, n);
		s += n;
		if (!*s)
			break;
		char e[12];
		s += clsi_esc_one(s, e);
		cls_buf_add(b, e);
	}
}

/* Where a cut may fall in the escaped message s, at or before i (back) or
 * at or after it: never inside a character nor inside an escape that
 * cls_escape() wrote ("\xe9", "\u202e", "\n"). */
static size_t cut_point(const char *s, size_t len, size_t i, bool back)
{
	for (size_t k = 1; k <= 5 && k <= i; k++) {
		size_t j = i - k;
		if (s[j] != '\\')
			continue;
		char e = s[j + 1];
		size_t w = e == 'x'    ? 4
		    : e == 'u'         ? 6
		    : strchr("ntr", e) ? 2
		                       : 0;
		if (w && j + w > i && j + w <= len) {
			i = back ? j : j + w;
			break;
		}
	}
	if (back)
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
	else
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	return i;
}

void clsi_text_fit(char *dst, size_t cap, const char *msg)
{
	static const char ell[] = "…";
	const size_t el = sizeof(ell) - 1;
	size_t len = strlen(msg);
	if (!cap)
		return;
	char *s = len < cap ? NULL : malloc(len + 1);
	if (!s) {
		/* it fits, or out of memory: the first characters that do */
		size_t n = len < cap ? len : cut_point(msg, len, cap - 1, true);
		memcpy(dst, msg, n);
		dst[n] = '\0';
		return;
	}
	memcpy(s, msg, len + 1);
	/* The middle of the longest word goes (a path, a name: the words of
	 * the sentence around it and the reason at its end are short), 8
	 * bytes or more kept on each side, until the message fits; when no
	 * word is long enough, the middle of the message. */
	while (len >= cap) {
		size_t need = len - (cap - 1) + el, best = 0, at = 0;
		for (size_t i = 0; i < len;) {
			size_t j = i;
			while (j < len && s[j] != ' ')
				j++;
			if (j - i > best) {
				best = j - i;
				at = i;
			}
			i = j + 1;
		}
		size_t from, to;
		if (best > 16 + el) {
			size_t r = need < best - 16 ? need : best - 16;
			from = cut_point(s, len, at + (best - r) / 2, true);
			to = cut_point(s, len, from + r, false);
			if (to > at + best)
				to = at + best;
		} else if (cap > el + 1) {
			size_t keep = cap - 1 - el;
			from = cut_point(s, len, keep / 2, true);
			to = cut_point(s, len, len - (keep - keep / 2), false);
		} else {
			len = cut_point(s, len, cap - 1, true);
			s[len] = '\0';
			break;
		}
		memmove(s + from + el, s + to, len - to + 1);
		memcpy(s + from, ell, el);
		len = len - (to - from) + el;
	}
	memcpy(dst, s, len + 1);
	free(s);
}
