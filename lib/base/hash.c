/* SPDX-License-Identifier: MIT */
/*
 * hash.c - the hash and the clocks every layer keys things on: a fast
 * 64-bit hash of bytes (content, blobs, identities), the time now, and a
 * file's mtime and ctime in nanoseconds.
 */
#include "base.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A 64-bit hash of content and blobs: four independent FNV-style lanes over
 * 32-byte blocks (so the multiplies overlap), folded and avalanched.  Fast
 * enough that checking a blob costs far less than parsing the YAML it
 * stands for. */
static uint64_t hash64(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	const uint64_t k = 0x100000001b3ULL;
	uint64_t l[4] = {h, h ^ 0x9e3779b97f4a7c15ULL, h + k, h - k};
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int j = 0; j < 4; j++) {
			uint64_t w;
			memcpy(&w, s + i + 8 * j, 8);
			l[j] = (l[j] ^ w) * k;
			l[j] ^= l[j] >> 29;
		}
	h = l[0] ^ (l[1] * 3) ^ (l[2] * 5) ^ (l[3] * 7);
	for (; i < n; i++)
		h = (h ^ s[i]) * k;
	h ^= n;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

uint64_t clsi_hash(const void *p, size_t n)
{
	return hash64(p, n, 0xcbf29ce484222325ULL);
}

long long clsi_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long clsi_mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL
	    + st->st_mtim.tv_nsec;
}

long long clsi_ctime_ns(const struct stat *st)
{
	return (long long)st->st_ctim.tv_sec * 1000000000LL
	    + st->st_ctim.tv_nsec;
}
