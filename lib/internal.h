/*
 * internal.h - what the pieces of libcls share and cmd/ never sees: the
 * arena, the positioned YAML node tree, the diagnostics sink and the
 * per-file pipeline (read, parse, check shape) that the cache memoises.
 */
#ifndef CLS_INTERNAL_H
#define CLS_INTERNAL_H

#include "cls.h"

#include <stdarg.h>
#include <stdint.h>

/* Limits that keep hostile input bounded in time and memory. */
#define CLS_MAX_FILE_SIZE (1024 * 1024) /* bytes in one YAML file */
#define CLS_MAX_DEPTH 32 /* nesting of maps and lists */
#define CLS_MAX_FICHES 10000 /* fiche files in a contract */
#define CLS_MAX_FILE_DIAGS 1000 /* diagnostics shown for one file */
#define CLS_MAX_DIR_DEPTH 16 /* sub-folders under fiches/ */

#if defined(__GNUC__)
#define CLS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLS_PRINTF(a, b)
#endif

/* -------------------------------------------------------------- messages */

/* Every message of the library goes through the "cls" gettext domain
 * (i18n.c): _() translates a literal where it is used, N_() marks one kept
 * in a table and translated with _() where it is shown, P_() chooses a
 * plural.  xgettext finds them (make po). */
#define CLS_DOMAIN "cls"
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
#define _(s) i18n_gettext(s)
#define N_(s) s
#define P_(one, many, n) i18n_ngettext(one, many, n)
/* 0 when messages are the sources' English, else an id of the catalog in
 * use: what the cache keys its stored messages with. */
uint64_t i18n_catalog(void);

/* ----------------------------------------------------------------- arena */

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Moves every block of from into a, and frees from: what was allocated
 * from it now lives as long as a.  Not thread-safe: a and from must not be
 * in use elsewhere. */
void arena_adopt(arena *a, arena *from);
/* Zeroed memory; aborts the load through a NULL return only. */
void *arena_alloc(arena *a, size_t n);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...) CLS_PRINTF(2, 3);
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* --------------------------------------------------------------- strings */

/* A growable malloc'd string, for building output and messages. */
typedef struct strbuf {
	char *s;
	size_t len, cap;
} strbuf;

void sb_init(strbuf *b);
void sb_release(strbuf *b);
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_adds(strbuf *b, const char *s);
void sb_addc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) CLS_PRINTF(2, 3);

/* Edit distance (optimal string alignment); stops early past max. */
size_t str_distance(const char *a, const char *b, size_t max);
/* The candidate nearest to s, or NULL when none is close enough. */
const char *str_nearest(const char *s, const char *const *cands, size_t n);

/* Length in characters of the first n bytes of UTF-8 text s. */
int utf8_columns(const char *s, size_t n);
/* Checks that buf is UTF-8 without NUL bytes.  Returns 0, or -1 with the
 * byte offset of the first fault in *bad and a message naming the likely
 * encoding in msg. */
int utf8_check(
    const unsigned char *buf, size_t len, size_t *bad, char *msg, size_t msgsz);

/* --------------------------------------------------------- YAML node tree */

typedef enum nkind {
	N_NULL,
	N_BOOL,
	N_INT,
	N_FLOAT,
	N_STR,
	N_MAP,
	N_SEQ
} nkind;

/* A YAML node typed by the YAML 1.2 core schema: plain scalars may be null,
 * bool, int or float; quoted and block scalars are always N_STR.  A map holds
 * n keys and n values in kids[0..2n) as key, value, key, value. */
typedef struct node {
	uint8_t kind; /* nkind */
	uint8_t plain; /* scalar was written plain (not quoted, not block) */
	uint8_t bad; /* failed its shape check: the model ignores it */
	int line, col; /* 1-based, characters */
	const char *text; /* scalar: the text as written (NUL-terminated) */
	uint32_t len; /* scalar: text length in bytes */
	uint32_t n; /* map: pairs; seq: items */
	double num; /* N_INT / N_FLOAT value */
	struct node **kids;
} node;

#define MAP_KEY(m, i) ((m)->kids[2 * (i)])
#define MAP_VAL(m, i) ((m)->kids[2 * (i) + 1])

/* The value for key in map m, or NULL. */
node *map_get(const node *m, const char *key);

/* ----------------------------------------------------------- diagnostics */

/* A diagnostic as collected: owned by the sink's arena. */
typedef struct dsink {
	arena *a;
	cls_diag *v;
	size_t n, cap;
	int failed; /* out of memory */
	size_t limit; /* 0, or the most diagnostics kept */
	size_t dropped; /* those past the limit, counted only */
	int drop_line, drop_col; /* where the first dropped one was */
} dsink;

void dsink_init(dsink *d, arena *a);
/* Whether the sink is past its limit: a diagnostic is then only counted,
 * so its message need not be built. */
bool dsink_full(const dsink *d);
void dsink_release(dsink *d);
void diag_at(dsink *d, const char *file, int line, int col, const char *rule,
    const char *fmt, ...) CLS_PRINTF(6, 7);
void diag_node(dsink *d, const char *file, const node *at, const char *rule,
    const char *fmt, ...) CLS_PRINTF(5, 6);

/* Fills err (when not NULL) with why a job failed. */
void seterr(cls_error *err, const char *fmt, ...) CLS_PRINTF(2, 3);

/* ---------------------------------------------------- the per-file stage */

typedef enum doc_kind { DOC_CLS, DOC_FICHE } doc_kind;

/* What one file yields on its own, before the contract is assembled: its
 * node tree (NULL when it could not be parsed) with shape faults marked, and
 * its file-local diagnostics.  This is what the cache stores. */
typedef struct file_result {
	const char *file; /* relative to the root */
	node *root;
	cls_diag *diags;
	size_t ndiags;
} file_result;

/* Reads nothing: parses and shape-checks buf (which may be hostile) into fr,
 * allocating from a.  Returns 0, or -1 when out of memory. */
int file_analyse(arena *a, doc_kind kind, const char *file,
    const unsigned char *buf, size_t len, file_result *fr);

/* Reads a file of at most CLS_MAX_FILE_SIZE + 1 bytes (enough to know it
 * is too big); rel names it in messages, st receives its stat.  Returns a
 * NUL-terminated buffer (caller frees with free()), or NULL with err
 * filled. */
struct stat;
unsigned char *read_file(const char *path, const char *rel, struct stat *st,
    size_t *len, cls_error *err);

/* Parses YAML text into a node tree (see yaml.c).  Problems go to d. */
node *yaml_parse(
    arena *a, dsink *d, const char *file, const char *buf, size_t len);

/* Checks a document against the table of keys and types (see shape.c),
 * marking bad nodes and reporting to d. */
void shape_check(dsink *d, const char *file, doc_kind kind, node *root);

/* Writes the key table as "<doc> <path> <required|optional>[ <enum>]"
 * lines, sorted, for the test that proves the schemas agree (shape.c).
 * Caller frees with free(). */
char *shape_dump(void);

/* Types a plain scalar by the YAML 1.2 core schema: sets n->kind (left as
 * N_STR when it is none of null, bool, int, float) and n->num from n->text. */
void yaml_type_plain(node *n);

/* Typed scalar readers shared by shape.c and model.c. */
bool node_is_scalar(const node *n);
bool node_year(const node *n, int *year);
bool date_valid(const char *s, int *year); /* YYYY-MM-DD */
bool caldate_valid(const node *n, int *year); /* YYYY, YYYY-MM, YYYY-MM-DD */
/* Whether a cible mapping is a map from year to target (any key a year; the
 * other keys are then faults) rather than a range {min:, max:}.  The one
 * place that decides, for the check and the model alike. */
bool cible_is_yearmap(const node *c);

/* ------------------------------------------------------- model assembly */

/* Builds the model from the checked trees and runs the checks that need the
 * whole contract.  files[0] is cls.yaml. */
int model_build(
    arena *a, dsink *d, file_result *files, size_t nfiles, cls_plan *plan);

/* ---------------------------------------------------------- editing text */

/* In buf, the text of a fiche file (a BOM is kept), sets the valeur of year
 * of the indicateur whose id is ind to val, a YAML scalar as written
 * (edit_number(), edit_text()), touching nothing else (see edit.c).
 * Appends the whole new text to out and returns 0, or returns -1 with why
 * filled. */
int edit_valeur(const char *buf, size_t len, const char *ind, int year,
    const char *val, strbuf *out, char *why, size_t whysz);
/* A number as a YAML scalar: the shortest text that reads back as x. */
void edit_number(double x, char *out, size_t n);
/* A text as a YAML scalar: plain when it reads back as that same text in
 * any context, else double-quoted. */
void edit_text(const char *s, strbuf *out);

/* Loads a contract from files held in memory, as cls_contract_load() would
 * without a cache: files[0] is cls.yaml (bufs[i] of lens[i] bytes, which may
 * be hostile).  For the fuzzers and the tests.  Returns NULL when out of
 * memory, with err filled.  Caller frees with cls_contract_free(). */
cls_contract *contract_load_memory(const char *const *files,
    const unsigned char *const *bufs, const size_t *lens, size_t n,
    cls_error *err);

/* ------------------------------------------------------------------ cache */

/* What contract.c asks of the cache (cache.c), one load at a time:
 * cache_begin(), then cache_get()/cache_put() per file, then cache_end(). */
void cache_begin(cls_cache *c, const char *root);
/* Looks up a file by identity, or by content when buf is given; fills fr
 * (allocating from a).  Returns 1 on a hit, 0 on a miss, 2 when only the
 * content can decide (call again with buf). */
int cache_get(cls_cache *c, arena *a, const char *file, const void *st,
    const unsigned char *buf, size_t len, file_result *fr);
/* Records fr for the file (errors are ignored: the cache is an aid). */
void cache_put(cls_cache *c, const char *file, const void *st,
    const unsigned char *buf, size_t len, const file_result *fr);
/* The same in two steps, so that the first can run in any thread: the
 * blob of fr (into b, which the caller releases) and the content's hash;
 * then the row, written by the thread that owns the cache. */
void cache_blob(strbuf *b, const file_result *fr);
void cache_put_blob(cls_cache *c, const char *file, const void *st,
    uint64_t content_hash, const strbuf *blob);
/* Forgets the contract's files not in files[0..n) (cls.yaml, then the
 * fiches sorted by path) and ends the load: its rows are committed, or,
 * in a batch (cls_cache_batch()), with those of the next loads. */
void cache_end(cls_cache *c, const char *const *files, size_t n);
/* Ends the load, as cache_end(), when the list of files is known
 * unchanged. */
void cache_commit(cls_cache *c);

/* The whole-contract memo, for a load that wants diagnostics only.  The
 * fingerprint hashes every file's path and stat identity; a row is used
 * only when it matches and no file is recent enough to have changed unseen
 * since the row was written.  get returns 1 on a hit, with diags allocated
 * from a and naming files[]. */
uint64_t cache_hash(const void *p, size_t n);
int cache_result_get(cls_cache *c, arena *a, uint64_t fingerprint,
    long long newest_mtime_ns, const char *const *files, size_t nfiles,
    cls_diag **diags, size_t *n);
void cache_result_put(cls_cache *c, uint64_t fingerprint, const cls_diag *diags,
    size_t n, const char *const *files, size_t nfiles);
/* Whether the stored row is the one for this fingerprint already. */
bool cache_result_current(cls_cache *c, uint64_t fingerprint);

/* How many threads a job over many files may use: one per processor, at
 * most 8, or $CLS_THREADS. */
size_t lib_threads(void);

/* The identity of the files of the contract at root, as a load would list
 * them: *fp hashes every path and stat (the whole-contract fingerprint),
 * *newest is the latest mtime or ctime.  Reads no file.  Returns 0; 1 when
 * a file has no stat (cls.yaml missing); -1 with err filled when the
 * folders cannot be listed. */
int contract_identity(
    const char *root, uint64_t *fp, long long *newest, cls_error *err);

/* For the command memo (memo.c): the time now, in ns. */
long long cache_now_ns(void);
/* Deletes the memo's answers in the cache folder dir (cls_cache_clear()).
 * Returns 0, or -1 with errno set. */
int memo_clear(const char *dir);

#endif /* CLS_INTERNAL_H */
