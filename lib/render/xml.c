/* SPDX-License-Identifier: MIT */
/*
 * xml.c - the one way libcls puts text into XML: the office documents
 * (ODT, DOCX; the sheets later) and the SVG charts all escape through
 * clsi_xml_escape(), which tests/fuzz/fuzz-xml.c attacks.  Whatever the
 * text holds, what comes out is character data that an XML 1.0 parser
 * reads back as that text: never markup, never a character the
 * specification forbids, always UTF-8.
 */
#include "render.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* The length of the well-formed UTF-8 sequence at s[0..n) (Unicode,
 * table 3-7: no overlong form, no surrogate, nothing past U+10FFFF), and
 * its code point in *cp; 0 when the bytes there are not one. */
static size_t u8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		unsigned b = s[i];
		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
			return 0;
		c = c << 6 | (b & 0x3F);
	}
	*cp = c;
	return len;
}

void clsi_xml_escape(cls_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0; /* bytes p[run..i) are copied as they are */
	while (i < n) {
		const char *rep = NULL;
		unsigned cp = 0;
		size_t len = u8_seq(p + i, n - i, &cp);
		if (!len) {
			rep = REPLACEMENT;
			len = 1;
		} else if (cp == '&') {
			rep = "&amp;";
		} else if (cp == '<') {
			rep = "&lt;";
		} else if (cp == '>') {
			rep = "&gt;"; /* so that "]]>" never reaches the text */
		} else if (cp == '"') {
			rep = "&quot;";
		} else if (cp == '\'') {
			rep = "&#39;";
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
		    || cp == 0xFFFE || cp == 0xFFFF) {
			rep = REPLACEMENT;
		}
		if (rep) {
			cls_buf_addn(b, s + run, i - run);
			cls_buf_add(b, rep);
			run = i + len;
		}
		i += len;
	}
	cls_buf_addn(b, s + run, i - run);
}

void clsi_xml_add(cls_buf *b, const char *s)
{
	if (s)
		clsi_xml_escape(b, s, strlen(s));
}

size_t clsi_xml_cut(const char *s, size_t n, size_t units)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, used = 0;
	while (i < n) {
		unsigned cp = 0;
		size_t len = u8_seq(p + i, n - i, &cp);
		size_t u = len == 4 ? 2 : 1; /* a stray byte: one U+FFFD */
		if (used + u > units)
			break;
		used += u;
		i += len ? len : 1;
	}
	return i;
}
