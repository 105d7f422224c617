/* SPDX-License-Identifier: MIT */
/*
 * base.h - the bottom layer of libcls, which knows no YAML and no cache:
 * messages, the arena, text helpers, the node tree and the diagnostics
 * sink every layer above fills, the hash and the clocks, and the files of
 * a contract as the file system lists them.  Internal: the program never
 * sees it.  Every global here is named clsi_ (cls_ when public).
 */
#ifndef CLS_BASE_H
#define CLS_BASE_H

#include "../cls.h"

#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>

/* Limits that keep hostile input bounded in time and memory. */
#define CLS_MAX_FILE_SIZE (1024 * 1024) /* bytes in one YAML file */
#define CLS_MAX_DEPTH 32 /* nesting of maps and lists */
#define CLS_MAX_FICHES 10000 /* fiche files in a contract */
#define CLS_MAX_FILE_DIAGS 1000 /* diagnostics shown for one file */
#define CLS_MAX_DIR_DEPTH 16 /* sub-folders under fiches/ */
/* The largest figure (amount, target, value) a contract holds: ten
 * thousand times a region's health budget, so that no sum of a contract
 * (at most 10,000 files of 1 MiB) can overflow. */
#define CLS_MAX_FIGURE 1e12

/* -------------------------------------------------------------- messages */

/* Every message of the library goes through the "cls" gettext domain
 * (i18n.c): _() translates a literal where it is used, N_() marks one kept
 * in a table and translated with _() where it is shown, P_() chooses a
 * plural.  xgettext finds them (make po). */
#define CLS_DOMAIN "cls"
const char *clsi_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *clsi_ngettext(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
#define _(s) clsi_gettext(s)
#define N_(s) s
#define P_(one, many, n) clsi_ngettext(one, many, n)
/* 0 when messages are the sources' English, else an id of the catalog in
 * use: what the cache keys its stored messages with. */
uint64_t clsi_catalog(void);
/* With on, the messages this thread makes are French whatever the locale
 * (read from the French catalog itself, as gettext cannot without
 * changing the process's locale): for the loads behind a French document,
 * the report.  Without a French catalog they stay English. */
void clsi_i18n_force_french(bool on);
bool clsi_i18n_forced_french(void);
/* The id (as clsi_catalog() gives it) of the French catalog, read at the
 * first call; 0 when there is none. */
uint64_t clsi_catalog_french(void);

/* ----------------------------------------------------------------- arena */

typedef struct arena arena;

arena *clsi_arena_new(void);
void clsi_arena_free(arena *a);
/* Moves every block of from into a, and frees from: what was allocated
 * from it now lives as long as a.  Not thread-safe: a and from must not be
 * in use elsewhere. */
void clsi_arena_adopt(arena *a, arena *from);
/* Zeroed memory; aborts the load through a NULL return only. */
void *clsi_arena_alloc(arena *a, size_t n);
char *clsi_arena_strndup(arena *a, const char *s, size_t n);
char *clsi_arena_strdup(arena *a, const char *s);
char *clsi_arena_printf(arena *a, const char *fmt, ...) CLS_PRINTF(2, 3);
char *clsi_arena_vprintf(arena *a, const char *fmt, va_list ap);

/* ---------------------------------------------------------------- arrays */

/* Makes room for item n of an array v of items of size bytes that grows by
 * doubling (its capacity is implied by n), so that n pushes cost O(n) even
 * for a hostile flood: returns the array, perhaps moved, or NULL when out
 * of memory (v is then left as it was). */
void *clsi_grow(void *v, size_t n, size_t size);

/* Sorts n items of v as qsort() does; nothing to do for fewer than two,
 * so an empty list (v NULL) is never handed to qsort(), whose arguments
 * must not be NULL.  Every sort of libcls goes through it. */
void clsi_sort(
    void *v, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* --------------------------------------------------------------- numbers */

/* x as the shortest "%.Nf" that reads back as x (0.1 is "0.1", 18000 is
 * "18000", never "-0"), or the shortest "%.Ng" for what has no such form
 * below 1e21 or with up to 17 decimals; "." is the decimal point (num.c).
 * x must be finite; 64 bytes always hold it. */
void clsi_shortest(char *out, size_t size, double x);

/* ---------------------------------------------------------------- sheets */

/* A sheet read from its XML parts (sheet.c; cls_sheet_read() finds them
 * in the zip; tests/fuzz/fuzz-sheet.c feeds them alone).  ods: parts[0]
 * is content.xml.  xlsx: parts[0] the sheet, [1] xl/sharedStrings.xml,
 * [2] xl/styles.xml, [3] xl/workbook.xml, each NULL when absent (but the
 * sheet).  Returns NULL with err filled. */
cls_sheet *clsi_sheet_from_parts(
    bool ods, const char *const *parts, const size_t *lens, cls_error *err);

/* --------------------------------------------------------------- strings */

/* Edit distance (optimal string alignment); stops early past max. */
size_t clsi_str_distance(const char *a, const char *b, size_t max);
/* The candidate nearest to s, or NULL when none is close enough. */
const char *clsi_str_nearest(const char *s, const char *const *cands, size_t n);

/* Writes to out (n bytes, NUL-terminated, cut if longer) the name s as
 * names are compared: lower case, accents off, every run of spaces,
 * punctuation, dashes and apostrophes one space, none at either end
 * ("Agence Régionale de Santé -  ARA" -> "agence regionale de sante
 * ara").  Returns the length written. */
size_t clsi_name_fold(const char *s, char *out, size_t n);
/* Whether text s is a placeholder, not data: "À compléter", "à définir",
 * "non renseigné", "TODO", "xxx"... (cls-validate(1), placeholder). */
bool clsi_placeholder(const char *s);

/* Length in characters of the first n bytes of UTF-8 text s. */
int clsi_utf8_columns(const char *s, size_t n);
/* Checks that buf is UTF-8 without NUL bytes.  Returns 0, or -1 with the
 * byte offset of the first fault in *bad and a message naming the likely
 * encoding in msg. */
int clsi_utf8_check(
    const unsigned char *buf, size_t len, size_t *bad, char *msg, size_t msgsz);

/* ------------------------------------------------------ text made safe */

/* The code point of the UTF-8 character at s in *cp, and its length in
 * bytes; 0 when s starts with a byte that is not valid UTF-8 (or at the
 * NUL). */
size_t clsi_u8_decode(const char *s, uint32_t *cp);
/* Whether the code point is one cls_escape() writes escaped: a C0 or C1
 * control, DEL, a bidirectional control, a line or paragraph separator. */
bool clsi_esc_control(uint32_t c);
/* How many bytes at the start of s cls_escape() would copy as they are. */
size_t clsi_esc_span(const char *s, unsigned flags);
/* The escape of the character (or invalid byte) at s, which must need one,
 * in out ("\x1b", "\u202e"); returns how many bytes of s it stands for. */
size_t clsi_esc_one(const char *s, char out[12]);
/* Copies msg, a message made safe, into dst of cap bytes; one too long
 * loses the middle of its longest word (a path, most often), then the
 * middle of the message, for "…": its reason, at its end, stays whole,
 * and no character or escape is cut. */
void clsi_text_fit(char *dst, size_t cap, const char *msg);

/* --------------------------------------------------------- hash and time */

/* A 64-bit hash of n bytes (hash.c): content, blobs, identities. */
uint64_t clsi_hash(const void *p, size_t n);
/* The time now, and a file's mtime and ctime, in ns. */
long long clsi_now_ns(void);
long long clsi_mtime_ns(const struct stat *st);
long long clsi_ctime_ns(const struct stat *st);

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
node *clsi_map_get(const node *m, const char *key);

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

void clsi_dsink_init(dsink *d, arena *a);
/* Whether the sink is past its limit: a diagnostic is then only counted,
 * so its message need not be built. */
bool clsi_dsink_full(const dsink *d);
void clsi_dsink_release(dsink *d);
void clsi_diag_at(dsink *d, const char *file, int line, int col,
    const char *rule, const char *fmt, ...) CLS_PRINTF(6, 7);
void clsi_diag_node(dsink *d, const char *file, const node *at,
    const char *rule, const char *fmt, ...) CLS_PRINTF(5, 6);

/* Every message of libcls is made here, from its (translated) format and
 * the data it quotes: the data made safe with cls_escape(), on one line
 * (see cls.h, "Text made safe").  In b; in the arena a (NULL when out of
 * memory); in a buffer of cap bytes, shortened as clsi_text_fit() does. */
void clsi_vmessage(cls_buf *b, const char *fmt, va_list ap) CLS_PRINTF(2, 0);
char *clsi_arena_message(arena *a, const char *fmt, va_list ap)
    CLS_PRINTF(2, 0);
void clsi_message_fit(char *dst, size_t cap, const char *fmt, ...)
    CLS_PRINTF(3, 4);

/* Fills err (when not NULL) with why a job failed: clsi_message_fit(). */
void clsi_seterr(cls_error *err, const char *fmt, ...) CLS_PRINTF(2, 3);

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

/* ----------------------------------------------------------------- files */

/* The files of a contract (fs.c), with the stat taken when they were
 * listed (the cache's identity check and fingerprint use it; no second
 * lookup). */
typedef struct file_entry {
	char *path; /* relative to the root */
	struct stat st;
	bool st_ok;
} file_entry;

typedef struct file_list {
	file_entry *v;
	size_t n, cap;
} file_list;

/* Lists cls.yaml (first, even when missing: then without stat) and the
 * fiches under fiches/, sorted by path, into names (zero-initialised).
 * Returns 0, or -1 with err filled.  Release with clsi_list_release(). */
int clsi_list_files(const char *root, file_list *names, cls_error *err);
void clsi_list_release(file_list *l);
/* Whether path is a folder of the user's (same owner as the process's
 * effective user): the cache and the memo write only there.  With follow
 * false, a symlink to a folder is not one. */
bool clsi_own_dir(const char *path, bool follow);
/* "a/b": a malloc'd path (caller frees), or NULL when out of memory. */
char *clsi_path_join(const char *a, const char *b);
/* Hashes every file's path and stat identity into the contract's
 * fingerprint, *newest the latest mtime or ctime.  False when a file has
 * no stat. */
bool clsi_list_fingerprint(
    const file_list *names, uint64_t *fp, long long *newest);

/* The identity of the files of the contract at root, as a load would list
 * them: *fp hashes every path and stat (the whole-contract fingerprint),
 * *newest is the latest mtime or ctime.  Reads no file.  Returns 0; 1 when
 * a file has no stat (cls.yaml missing); -1 with err filled when the
 * folders cannot be listed. */
int clsi_contract_identity(
    const char *root, uint64_t *fp, long long *newest, cls_error *err);

/* Reads a file of at most CLS_MAX_FILE_SIZE + 1 bytes (enough to know it
 * is too big); rel names it in messages, st receives its stat.  Returns a
 * NUL-terminated buffer (caller frees with free()), or NULL with err
 * filled. */
struct stat;
unsigned char *clsi_read_file(const char *path, const char *rel,
    struct stat *st, size_t *len, cls_error *err);

/* ------------------------------------------------------ replacing files */

/* One file to replace (txn.c), as read before: what it must still be
 * (identity and content) when it is replaced. */
typedef struct clsi_txn_file {
	const char *rel; /* relative to the root: cls.yaml or fiches/... */
	const char *text; /* the new content */
	size_t len;
	const char *old; /* the content it was read with */
	size_t old_len;
	struct stat st; /* the stat it was read with (a symlink's target) */
} clsi_txn_file;

/* Replaces the n files f under root all or nothing, under the contract's
 * lock (waiting up to 2 s for another holder), through a journal that
 * cls_contract_recover() finishes or undoes after a kill or a power cut
 * (cls-import(1), INTERRUPTED IMPORTS).  A symlink's target is replaced,
 * with the original's mode and owner.  Each file is checked, once locked
 * and again just before it is replaced, to be still the file read
 * (identity and content): if not, nothing more is written and those done
 * are put back.  Signals that end a process wait until it is over.
 * Returns 0, or -1 with err filled and every file as it was. */
int clsi_txn_replace(
    const char *root, const clsi_txn_file *f, size_t n, cls_error *err);

/* Whether root holds the journal or the lock of a replacement: an import
 * runs, or was killed (two lstats).  While it does, no answer may come
 * from the files' identities alone (the memo): a load must recover it. */
bool clsi_txn_pending(const char *root);

/* The test hook of txn.c, for tests/suite-faults.sh and the unit tests:
 * at step (its n-th time for a counted step) it kills the process with
 * SIGKILL when $CLS_TEST_CRASH_AT is "STEP" or "STEP:N", or, when
 * $CLS_TEST_PAUSE_AT names it so, creates the file $CLS_TEST_PAUSE_FILE
 * and waits (a minute at most) until it is removed.  The steps: locked,
 * journal, temp:N, commit, rename:N, rollback, renamed, recover:N. */
void clsi_test_hook(const char *step, size_t n);

/* How many threads a job over many files may use: one per processor, at
 * most 8, or $CLS_THREADS. */
size_t clsi_threads(void);
/* As many of those as pay for a job of `items` items, a thread for
 * every `per` of them: at least 1. */
size_t clsi_threads_for(size_t items, size_t per);

/* Runs work(arg, k) for every k in [0, n) (n at most 8): k = 0 in the
 * calling thread, the others each in a thread of its own, or, when that
 * thread cannot be started, in the calling thread once k = 0 is done.
 * Returns when every one has returned. */
void clsi_run_threads(size_t n, void (*work)(void *arg, size_t k), void *arg);

#endif /* CLS_BASE_H */
