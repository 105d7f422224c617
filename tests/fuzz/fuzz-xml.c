/* SPDX-License-Identifier: MIT */
/*
 * fuzz-xml.c - libFuzzer harness for the one XML escaping of libcls
 * (clsi_xml_escape(), lib/render/xml.c), through which every text of the
 * office documents and the SVG charts goes.  Whatever the input bytes,
 * the output must be valid UTF-8 holding no character XML 1.0 forbids,
 * no '<', no '>', no quote, and no '&' but those of the five entities it
 * writes, so that it is well-formed character data (and "]]>" cannot
 * occur); and reading it back (the entities decoded) must give the input
 * itself wherever the input was allowed UTF-8, each forbidden character
 * or stray byte as one U+FFFD.  (fuzz-contract.c renders whole reports
 * as ODT and DOCX through it; tests/suite-office.sh reads documents back
 * with LibreOffice.)
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/xml/.
 */
#include "../../lib/render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT(c, what)                                                        \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-xml: %s: %s\n", what, #c);       \
			abort();                                               \
		}                                                              \
	} while (0)

/* The code point of the well-formed UTF-8 sequence at s (an independent
 * reading: RFC 3629), its length in *len; -1 when there is none. */
static long utf8(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80      ? 1
	    : (c & 0xE0) == 0xC0 ? 2
	    : (c & 0xF0) == 0xE0 ? 3
	    : (c & 0xF8) == 0xF0 ? 4
	                         : 0;
	if (!k || k > n)
		return -1;
	long cp = k == 1 ? (long)c : (long)(c & (0x7F >> k));
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = k;
	return cp;
}

static int allowed(long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD
	    || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	cls_buf out = {0}, back = {0}, want = {0};
	clsi_xml_escape(&out, (const char *)data, size);
	EXPECT(!out.oom, "out of memory");
	const unsigned char *o = (const unsigned char *)(out.s ? out.s : "");
	/* the output: valid UTF-8, allowed characters, entities only */
	for (size_t i = 0; i < out.len;) {
		size_t k = 0;
		long cp = utf8(o + i, out.len - i, &k);
		EXPECT(cp >= 0, "the output is not UTF-8");
		EXPECT(allowed(cp), "the output holds a forbidden character");
		EXPECT(cp != '<' && cp != '>' && cp != '"' && cp != '\'',
		    "markup or a quote left as it is");
		if (cp == '&') {
			static const struct {
				const char *ent;
				char c;
			} ents[] = {{"&amp;", '&'}, {"&lt;", '<'},
			    {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
			size_t e = 0;
			while (e < 5
			    && strncmp((const char *)o + i, ents[e].ent,
			        strlen(ents[e].ent)))
				e++;
			EXPECT(e < 5, "an '&' that starts no entity");
			cls_buf_addc(&back, ents[e].c);
			i += strlen(ents[e].ent);
			continue;
		}
		cls_buf_addn(&back, (const char *)o + i, k);
		i += k;
	}
	/* what it must read back as */
	for (size_t i = 0; i < size;) {
		size_t k = 0;
		long cp = utf8(data + i, size - i, &k);
		if (cp < 0 || !allowed(cp)) {
			cls_buf_add(&want, "\xef\xbf\xbd");
			i += cp < 0 ? 1 : k;
			continue;
		}
		cls_buf_addn(&want, (const char *)data + i, k);
		i += k;
	}
	EXPECT(back.len == want.len
	        && memcmp(cls_buf_str(&back), cls_buf_str(&want), back.len)
	            == 0,
	    "the output does not read back as the input");
	cls_buf_release(&out);
	cls_buf_release(&back);
	cls_buf_release(&want);
	return 0;
}
