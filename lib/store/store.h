/* SPDX-License-Identifier: MIT */
/*
 * store.h - what the layers above ask of the store (cache.c, memo.c):
 * per-file results kept by identity, one load at a time, and the memo's
 * answers cleared with the cache.  Internal.
 */
#ifndef CLS_STORE_H
#define CLS_STORE_H

#include "../base/base.h"

/* ------------------------------------------------------------------ cache */

/* What contract.c asks of the cache (cache.c), one load at a time:
 * clsi_cache_begin(), then clsi_cache_get()/clsi_cache_put() per file, then
 * clsi_cache_end(). */
void clsi_cache_begin(cls_cache *c, const char *root);
/* Looks up a file by identity, or by content when buf is given; fills fr
 * (allocating from a).  Returns 1 on a hit, 0 on a miss, 2 when only the
 * content can decide (call again with buf). */
int clsi_cache_get(cls_cache *c, arena *a, const char *file, const void *st,
    const unsigned char *buf, size_t len, file_result *fr);
/* The same in two steps, so that the decoding can run in any thread: the
 * row's blob, checked by nothing yet, copied into a as *row (returns 1; 0
 * and 2 as clsi_cache_get(), row untouched); then fr filled from it,
 * allocating from the caller's arena, 0 or -1 when the blob is not one the
 * cache wrote: then the file is to be read, and clsi_cache_damaged() said
 * by the thread that owns the cache, which rebuilds it. */
typedef struct cls_cache_row {
	const unsigned char *blob;
	size_t len;
} cls_cache_row;
int clsi_cache_get_row(cls_cache *c, arena *a, const char *file, const void *st,
    cls_cache_row *row);
int clsi_cache_decode(
    arena *a, const char *file, const cls_cache_row *row, file_result *fr);
void clsi_cache_damaged(cls_cache *c);
/* Records fr for the file (errors are ignored: the cache is an aid). */
void clsi_cache_put(cls_cache *c, const char *file, const void *st,
    const unsigned char *buf, size_t len, const file_result *fr);
/* The same in two steps, so that the first can run in any thread: the
 * blob of fr (into b, which the caller releases) and the content's hash;
 * then the row, written by the thread that owns the cache. */
void clsi_cache_blob(cls_buf *b, const file_result *fr);
void clsi_cache_put_blob(cls_cache *c, const char *file, const void *st,
    uint64_t content_hash, const cls_buf *blob);
/* Forgets the contract's files not in files[0..n) (cls.yaml, then the
 * fiches sorted by path) and ends the load: its rows are committed, or,
 * in a batch (cls_cache_batch()), with those of the next loads. */
void clsi_cache_end(cls_cache *c, const char *const *files, size_t n);
/* Ends the load, as clsi_cache_end(), when the list of files is known
 * unchanged. */
void clsi_cache_commit(cls_cache *c);

/* The whole-contract memo, for a load that wants diagnostics only.  The
 * fingerprint hashes every file's path and stat identity; a row is used
 * only when it matches and no file is recent enough to have changed unseen
 * since the row was written.  get returns 1 on a hit, with diags allocated
 * from a and naming files[]. */
int clsi_cache_result_get(cls_cache *c, arena *a, uint64_t fingerprint,
    long long newest_mtime_ns, const char *const *files, size_t nfiles,
    cls_diag **diags, size_t *n);
void clsi_cache_result_put(cls_cache *c, uint64_t fingerprint,
    const cls_diag *diags, size_t n, const char *const *files, size_t nfiles);
/* Whether the stored row is the one for this fingerprint already. */
bool clsi_cache_result_current(cls_cache *c, uint64_t fingerprint);

/* What a program made of a contract (cls_contract_keep()), kept under its
 * key for the contract's fingerprint: get answers only when it matches and
 * no file is recent enough to have changed unseen since the row was
 * written, with 1 and the bytes in *data (the caller frees it) and *len.  Put
 * stores data for the contract at root, loaded with the catalog lang, and
 * forgets its answers for other fingerprints. */
int clsi_cache_answer_get(cls_cache *c, uint64_t fingerprint,
    long long newest_mtime_ns, const void *key, size_t keylen,
    unsigned char **data, size_t *len);
void clsi_cache_answer_put(cls_cache *c, const char *root, uint64_t lang,
    uint64_t fingerprint, const void *key, size_t keylen, const void *data,
    size_t len);

/* Deletes the memo's answers in the cache folder dir (cls_cache_clear()).
 * Returns 0, or -1 with errno set. */
int clsi_memo_clear(const char *dir);

#endif /* CLS_STORE_H */
