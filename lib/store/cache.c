/* SPDX-License-Identifier: MIT */
/*
 * cache.c - memoises the per-file stage (parse + shape check) in SQLite, so
 * that a second run over an unchanged contract parses nothing.  A file is
 * taken from the cache when its stat identity (size, mtime in ns, inode,
 * device) is unchanged; when its mtime is too close to the time its row was
 * written to trust (git's "racy clean" problem), its content hash decides.
 * The cache is an aid: every failure here means "no cache", never a wrong
 * answer.  A corrupt database is deleted and rebuilt, with one note.
 * One database (DIR/cls.db) holds every contract, keyed on the contract's
 * root and the file's path, and is opened once per process.
 */
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache_sql.h" /* CACHE_SQL: schema/cache.sql, made by the Makefile */

/* 8: the messages of the diagnostics kept are made safe (cls_escape()) */
#define CACHE_USER_VERSION 9
#define RACY_NS 2000000000LL /* coarse file systems have 2 s mtimes */
#define BLOB_MAGIC "CLS2"

struct cls_cache {
	sqlite3 *db;
	char *path; /* DIR/cls.db */
	char *root; /* the contract being loaded */
	sqlite3_stmt *get, *put, *touch, *list, *del, *rget, *rput;
	sqlite3_stmt *aget, *aput, *adel; /* answer */
	int in_tx; /* a transaction is open */
	size_t pending; /* bytes of file rows written in it */
	bool batch; /* cls_cache_batch(): commit by BATCH_BYTES */
	int readonly; /* writes failed: stop trying until the next load */
	char note[600]; /* "" or the one warning about the cache */
	const char *why; /* why open_db() wants a rebuild, or NULL */
};

/* ------------------------------------------------------- serialisation */

/* A node is written as: one byte of kind | plain << 3 | bad << 4, its line
 * and column as varints, then for a scalar its text (varint length, bytes,
 * NUL) and for a number or a bool its value (8 bytes), for a map or a list
 * its count (varint) and its children.  Small, so that a cold run writes
 * little more than the YAML it read, and written through one pointer. */

#define VARINT_MAX 5 /* bytes of a 32-bit varint */

static unsigned char *put_varint(unsigned char *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/* Room for n more bytes at the end of b, or NULL when out of memory (then
 * b->oom is set, and the blob is never stored). */
static unsigned char *room(cls_buf *b, size_t n)
{
	return cls_buf_grow(b, n) ? (unsigned char *)b->s + b->len : NULL;
}

static void put_u32(cls_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	cls_buf_addn(b, (const char *)x, 4);
}

/* Strings keep their NUL so that a loaded blob can be pointed into. */
static void put_str(cls_buf *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	cls_buf_addn(b, s, n);
	cls_buf_addc(b, '\0');
}

static bool has_num(unsigned kind)
{
	return kind == N_INT || kind == N_FLOAT || kind == N_BOOL;
}

static void put_node(cls_buf *b, const node *n)
{
	bool coll = n->kind == N_MAP || n->kind == N_SEQ;
	size_t len = coll ? 0 : n->len;
	unsigned char *p0 = room(b, 1 + 3 * VARINT_MAX + len + 1 + 8), *p = p0;
	if (!p0)
		return;
	*p++ = (unsigned char)(n->kind | n->plain << 3 | n->bad << 4);
	p = put_varint(p, (uint32_t)n->line);
	p = put_varint(p, (uint32_t)n->col);
	if (coll) {
		p = put_varint(p, n->n);
	} else {
		p = put_varint(p, n->len);
		memcpy(p, n->text, len);
		p += len;
		*p++ = '\0';
		if (has_num(n->kind)) {
			memcpy(p, &n->num, 8);
			p += 8;
		}
	}
	b->len += (size_t)(p - p0);
	uint32_t kids = n->kind == N_MAP ? 2 * n->n
	    : n->kind == N_SEQ           ? n->n
	                                 : 0;
	for (uint32_t i = 0; i < kids; i++)
		put_node(b, n->kids[i]);
}

/* Diagnostics name their file by its index in files[] (one file for a
 * per-file blob, the contract's list for a memoised result). */
static void put_diags(cls_buf *b, const cls_diag *v, size_t n,
    const char *const *files, size_t nfiles)
{
	put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		const cls_diag *d = &v[i];
		uint32_t f = 0;
		for (size_t j = 0; j < nfiles; j++)
			if (files[j] == d->loc.file
			    || strcmp(files[j], d->loc.file) == 0) {
				f = (uint32_t)j;
				break;
			}
		put_u32(b, f);
		put_u32(b, (uint32_t)d->loc.line);
		put_u32(b, (uint32_t)d->loc.column);
		put_str(b, d->rule, strlen(d->rule));
		put_str(b, d->message, strlen(d->message));
	}
}

/* The magic, then room for the checksum of what follows. */
static void blob_begin(cls_buf *b)
{
	cls_buf_addn(b, BLOB_MAGIC, 4);
	cls_buf_addn(b, "\0\0\0\0\0\0\0\0", 8);
}

static void blob_end(cls_buf *b)
{
	if (b->oom)
		return;
	uint64_t sum = clsi_hash(b->s + 12, b->len - 12);
	memcpy(b->s + 4, &sum, 8);
}

static void serialise(cls_buf *b, const file_result *fr)
{
	blob_begin(b);
	put_diags(b, fr->diags, fr->ndiags, &fr->file, 1);
	cls_buf_addc(b, fr->root ? 1 : 0);
	if (fr->root)
		put_node(b, fr->root);
	blob_end(b);
}

typedef struct reader {
	const unsigned char *p, *end;
	arena *a;
	int bad;
} reader;

static uint32_t get_u32(reader *r)
{
	if (r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8
	    | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static uint32_t get_varint(reader *r)
{
	uint32_t v = 0;
	for (int shift = 0; shift < 35; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		unsigned char c = *r->p++;
		v |= (uint32_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

/* Points into the arena's copy of the blob: no allocation per string. */
static const char *get_bytes(reader *r, uint32_t n)
{
	if (r->bad || (size_t)(r->end - r->p) <= n || r->p[n] != '\0') {
		r->bad = 1;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += n + 1;
	return s;
}

static const char *get_str(reader *r, uint32_t *len)
{
	uint32_t n = get_u32(r);
	const char *s = get_bytes(r, n);
	if (s && len)
		*len = n;
	return s;
}

static node *get_node(reader *r, int depth)
{
	if (depth > CLS_MAX_DEPTH + 2 || r->p >= r->end) {
		r->bad = 1;
		return NULL;
	}
	node *n = clsi_arena_alloc(r->a, sizeof(*n));
	if (!n) {
		r->bad = 1;
		return NULL;
	}
	unsigned char flags = *r->p++;
	n->kind = flags & 7;
	n->plain = (flags >> 3) & 1;
	n->bad = (flags >> 4) & 1;
	if (n->kind > N_SEQ || flags >> 5) {
		r->bad = 1;
		return NULL;
	}
	n->line = (int)get_varint(r);
	n->col = (int)get_varint(r);
	n->text = "";
	uint32_t kids = 0;
	if (n->kind == N_MAP || n->kind == N_SEQ) {
		n->n = get_varint(r);
		kids = n->kind == N_MAP ? 2 * n->n : n->n;
		/* every child takes at least 4 bytes: refuse impossible
		 * counts */
		if (r->bad || (n->kind == N_MAP && n->n > UINT32_MAX / 2)
		    || (size_t)(r->end - r->p) / 4 < kids) {
			r->bad = 1;
			return NULL;
		}
	} else {
		n->len = get_varint(r);
		n->text = get_bytes(r, n->len);
		if (r->bad)
			return NULL;
		if (has_num(n->kind)) {
			if (r->end - r->p < 8) {
				r->bad = 1;
				return NULL;
			}
			memcpy(&n->num, r->p, 8);
			r->p += 8;
		}
	}
	if (!kids)
		return n;
	n->kids = clsi_arena_alloc(r->a, kids * sizeof(node *));
	if (!n->kids) {
		r->bad = 1;
		return NULL;
	}
	for (uint32_t i = 0; i < kids && !r->bad; i++)
		n->kids[i] = get_node(r, depth + 1);
	return r->bad ? NULL : n;
}

/* Whether a blob is one we wrote: its magic and its checksum. */
static bool blob_ok(const unsigned char *p, size_t len)
{
	if (len < 12 || memcmp(p, BLOB_MAGIC, 4) != 0)
		return false;
	uint64_t sum;
	memcpy(&sum, p + 4, 8);
	return clsi_hash(p + 12, len - 12) == sum;
}

static int get_diags(reader *r, const char *const *files, size_t nfiles,
    cls_diag **out, size_t *n)
{
	uint32_t nd = get_u32(r);
	if (r->bad || nd > (size_t)(r->end - r->p) / 18)
		return -1;
	*out = clsi_arena_alloc(r->a, (nd ? nd : 1) * sizeof(cls_diag));
	if (!*out)
		return -1;
	for (uint32_t i = 0; i < nd && !r->bad; i++) {
		cls_diag *d = &(*out)[i];
		uint32_t f = get_u32(r);
		if (f >= nfiles)
			return -1;
		d->loc.file = files[f];
		d->loc.line = (int)get_u32(r);
		d->loc.column = (int)get_u32(r);
		const char *rule = get_str(r, NULL);
		d->message = get_str(r, NULL);
		const cls_rule *ru = rule ? cls_rule_find(rule) : NULL;
		if (!ru || !d->message)
			return -1;
		d->rule = ru->id;
		d->severity = ru->severity;
	}
	*n = nd;
	return r->bad ? -1 : 0;
}

/* Returns 0, or -1 when the blob is not one we wrote (corruption). */
/* Fills fr from copy, a blob that stays in a (the strings of what it
 * holds point into it).  -1: not a blob we wrote. */
static int decode(arena *a, const char *file, const unsigned char *copy,
    size_t len, file_result *fr)
{
	if (!blob_ok(copy, len))
		return -1;
	reader r = {copy + 12, copy + len, a, 0};
	memset(fr, 0, sizeof(*fr));
	fr->file = file;
	if (get_diags(&r, &fr->file, 1, &fr->diags, &fr->ndiags) != 0)
		return -1;
	if (r.p >= r.end)
		return -1;
	if (*r.p++)
		fr->root = get_node(&r, 0);
	return r.bad || r.p != r.end ? -1 : 0;
}

int clsi_cache_decode(
    arena *a, const char *file, const cls_cache_row *row, file_result *fr)
{
	return decode(a, file, row->blob, row->len, fr);
}

/* --------------------------------------------------------------- opening */

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int mkdirs(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0700) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char buf[4200];
		snprintf(buf, sizeof(buf), "%s%s", path, suffix[i]);
		unlink(buf);
	}
}

static bool corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static void close_db(cls_cache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->touch);
	sqlite3_finalize(c->list);
	sqlite3_finalize(c->del);
	sqlite3_finalize(c->rget);
	sqlite3_finalize(c->rput);
	sqlite3_finalize(c->aget);
	sqlite3_finalize(c->aput);
	sqlite3_finalize(c->adel);
	c->get = c->put = c->touch = c->list = c->del = NULL;
	c->rget = c->rput = c->aget = c->aput = c->adel = NULL;
	sqlite3_close(c->db);
	c->db = NULL;
	c->in_tx = 0;
}

/* Opens the database and makes its schema current.  Returns SQLITE_OK, or
 * an error code: corrupt() ones mean "rebuild". */
static int open_db(cls_cache *c)
{
	/* NOFOLLOW: a symlink put there since own_files() looked is refused
	 * too */
	int rc = sqlite3_open_v2(c->path, &c->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
	        | SQLITE_OPEN_NOFOLLOW,
	    NULL);
	if (rc != SQLITE_OK)
		return rc;
	/* A locked cache is waited for; past that, the run goes on without
	 * writing to it. */
	sqlite3_busy_timeout(c->db, 5000);
	/* Keep the WAL file between runs: creating and deleting it on every
	 * run would cost more than the warm run itself. */
	int one = 1;
	sqlite3_file_control(c->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	sqlite3_stmt *st = NULL;
	int version = -1, tables = 0;
	/* One statement, one snapshot: a parallel run creating the schema
	 * cannot be seen half-way. */
	rc = sqlite3_prepare_v2(c->db,
	    "SELECT user_version, EXISTS (SELECT 1 FROM sqlite_master) FROM "
	    "pragma_user_version",
	    -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		tables = sqlite3_column_int(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	/* Written by a newer cls, or not by cls at all (tables, yet no
	 * version: ours sets it in the transaction that creates them): it is
	 * not ours to reuse or to alter piecemeal.  An older cache is
	 * rebuilt in place, silently: that is what an upgrade does. */
	if (version > CACHE_USER_VERSION) {
		c->why = N_("was written by a newer version of cls");
		return SQLITE_NOTADB;
	}
	if (version == 0 && tables) {
		c->why = N_("is not a cls cache");
		return SQLITE_NOTADB;
	}
	char *stored = NULL;
	if (version == CACHE_USER_VERSION
	    && sqlite3_prepare_v2(c->db,
	           "SELECT value FROM meta WHERE key = "
	           "'cls_version'",
	           -1, &st, NULL)
	        == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			stored
			    = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	bool current = stored && strcmp(stored, CLS_VERSION) == 0;
	free(stored);
	/* WAL lets readers and one writer work at once: parallel runs never
	 * corrupt it nor block each other's reads. */
	/* A row holds a file's tree (about 5 KiB): with 4 KiB pages each one
	 * spilled onto a half-empty overflow page.  Large pages hold a dozen
	 * rows each: a cold fill writes 13% fewer bytes in a fifth of the
	 * system calls.  A database takes it only when new (before WAL). */
	exec(c->db, "PRAGMA page_size=65536");
	if ((rc = exec(c->db, "PRAGMA journal_mode=WAL")) != SQLITE_OK)
		return rc;
	/* The kept WAL file is emptied when the last run closes: no stale
	 * frames outlive a run.  No fsync: this is a cache, and what a crash
	 * could damage is detected (SQLite's errors, the blobs' checksums)
	 * and rebuilt, while an fsync at every fill would double a first
	 * run. */
	exec(c->db, "PRAGMA synchronous=OFF; PRAGMA journal_size_limit=0");
	/* SQLite sized its page cache (2 MiB) in pages of the size it knew
	 * at open, 4 KiB: 500 pages, which at 64 KiB let the cache grow to
	 * 32 MiB over a long run.  Sizing it again in bytes keeps a run over
	 * hundreds of contracts in constant memory. */
	exec(c->db, "PRAGMA cache_size=-2048");
	if (!current) {
		rc = exec(c->db,
		    "BEGIN IMMEDIATE; DROP TABLE IF EXISTS file; DROP TABLE IF "
		    "EXISTS result; DROP TABLE IF EXISTS answer; "
		    "DROP TABLE IF EXISTS meta;");
		if (rc == SQLITE_OK)
			rc = exec(c->db, CACHE_SQL);
		if (rc == SQLITE_OK) {
			char *sql = sqlite3_mprintf(
			    "INSERT INTO meta VALUES "
			    "('cls_version', %Q); PRAGMA user_version = %d; "
			    "COMMIT;",
			    CLS_VERSION, CACHE_USER_VERSION);
			rc = sql ? exec(c->db, sql) : SQLITE_NOMEM;
			sqlite3_free(sql);
		}
		if (rc != SQLITE_OK) {
			exec(c->db, "ROLLBACK");
			return rc;
		}
	}
	static const char *const sql[] = {
	    "SELECT size, mtime_ns, ino, dev, hash, written_ns, data, "
	    "ctime_ns FROM file WHERE root = ?1 AND path = ?2",
	    "INSERT OR REPLACE INTO file VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10)",
	    "UPDATE file SET size = ?3, mtime_ns = ?4, ino = ?5, dev = ?6, "
	    "written_ns = ?7, ctime_ns = ?10 WHERE root = ?1 AND path = ?2",
	    "SELECT path FROM file WHERE root = ?1",
	    "DELETE FROM file WHERE root = ?1 AND path = ?2",
	    "SELECT fingerprint, written_ns, data FROM result WHERE root = ?1",
	    "INSERT OR REPLACE INTO result VALUES (?1, ?2, ?3, ?4)",
	    "SELECT fingerprint, written_ns, data FROM answer WHERE root = ?1 "
	    "AND key = ?2",
	    "INSERT OR REPLACE INTO answer VALUES (?1, ?2, ?3, ?4, ?5)",
	    "DELETE FROM answer WHERE root = ?1 AND fingerprint != ?2",
	};
	sqlite3_stmt **out[] = {&c->get, &c->put, &c->touch, &c->list, &c->del,
	    &c->rget, &c->rput, &c->aget, &c->aput, &c->adel};
	for (size_t i = 0; i < sizeof(out) / sizeof(*out) && rc == SQLITE_OK;
	     i++)
		rc = sqlite3_prepare_v2(c->db, sql[i], -1, out[i], NULL);
	return rc;
}

/* Deletes a corrupt database and starts an empty one; says so once. */
static void rebuild(cls_cache *c)
{
	close_db(c);
	remove_db(c->path);
	if (!c->note[0])
		clsi_message_fit(c->note, sizeof(c->note),
		    _("the cache %s %s: it has been rebuilt"), c->path,
		    c->why ? _(c->why) : _("was corrupt"));
	c->why = NULL;
	if (open_db(c) != SQLITE_OK)
		close_db(c); /* go on without cache */
}

/* Whether the cache's folder and files are the user's own: the folder a
 * folder of the user's, and cls.db and SQLite's files beside it, where
 * they exist, regular files of the user's, not symlinks.  Else SQLite would
 * write (its journal too) beside or into what they point to: a device,
 * another user's file.  Fills why when they are not. */
static bool own_files(const cls_cache *c, const char *dir, char *why, size_t n)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	uid_t me = geteuid();
	struct stat st;
	if (!clsi_own_dir(dir, true)) {
		clsi_message_fit(why, n,
		    _("the cache folder %s is not a folder of yours: "
		      "running without the cache (set CLS_CACHE_DIR to a "
		      "folder of yours)"),
		    dir);
		return false;
	}
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s%s", c->path, ext[i]);
		if (lstat(path, &st) != 0)
			continue; /* not there: SQLite creates it */
		if (!S_ISREG(st.st_mode) || st.st_uid != me) {
			clsi_message_fit(why, n,
			    _("the cache file %s is not a regular file of "
			      "yours (a symlink, a device or another user's "
			      "file): running without the cache (remove it, "
			      "or set CLS_CACHE_DIR)"),
			    path);
			return false;
		}
	}
	return true;
}

cls_cache *cls_cache_open(const char *dir)
{
	if (!dir || !*dir || mkdirs(dir) != 0 || access(dir, W_OK) != 0)
		return NULL; /* unwritable location: run without cache */
	cls_cache *c = calloc(1, sizeof(*c));
	size_t n = strlen(dir) + sizeof("/cls.db");
	if (!c || !(c->path = malloc(n))) {
		free(c);
		return NULL;
	}
	snprintf(c->path, n, "%s/cls.db", dir);
	/* refused: a cache without a database, which answers nothing and
	 * says why once */
	if (!own_files(c, dir, c->note, sizeof(c->note)))
		return c;
	int rc = open_db(c);
	if (corrupt(rc) || corrupt(sqlite3_extended_errcode(c->db))) {
		rebuild(c);
		rc = c->db ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc != SQLITE_OK) {
		close_db(c);
		free(c->path);
		free(c);
		return NULL;
	}
	return c;
}

static void commit(cls_cache *c)
{
	if (c->in_tx && exec(c->db, "COMMIT") != SQLITE_OK)
		exec(c->db, "ROLLBACK");
	c->in_tx = 0;
	c->pending = 0;
}

/* In a batch, rows are committed by the few MiB, not by contract: each
 * commit writes the pages of the table and index trees it touched again
 * (64 KiB each), so that filling the cache for 500 contracts of 20 fiches,
 * one commit each, wrote 284 MB for a 43 MB database; by 4 MiB, 90 MB, and
 * a cold run takes a third less time.  A run killed before its last commit
 * loses rows of a cache, nothing else. */
#define BATCH_BYTES (4u << 20)

/* Ends the transaction of a load, unless a batch is on and the next
 * load's rows may be added to it. */
static void commit_soon(cls_cache *c)
{
	if (!c->batch || c->readonly || c->pending == 0
	    || c->pending >= BATCH_BYTES)
		commit(c);
}

void cls_cache_batch(cls_cache *c, bool on)
{
	if (!c)
		return;
	c->batch = on;
	if (!on && c->db)
		commit(c);
}

void cls_cache_close(cls_cache *c)
{
	if (!c)
		return;
	if (c->db)
		commit(c);
	close_db(c);
	free(c->path);
	free(c->root);
	free(c);
}

const char *cls_cache_note(const cls_cache *c)
{
	return c && c->note[0] ? c->note : NULL;
}

/* ------------------------------------------------------------ get / put */

/* The key of a contract's rows, or NULL when out of memory.  Stored
 * diagnostics are in the language of the run that stored them: each
 * catalog has its own rows, keyed on the root and its id (English, the
 * sources' messages, keeps the bare root). */
static char *root_key(const char *root, uint64_t lang)
{
	size_t n = strlen(root) + 18;
	char *k = malloc(n);
	if (k && lang)
		snprintf(k, n, "%s\n%016llx", root, (unsigned long long)lang);
	else if (k)
		memcpy(k, root, n - 17);
	return k;
}

void clsi_cache_begin(cls_cache *c, const char *root)
{
	if (c->db)
		commit_soon(c);
	free(c->root);
	c->root = root_key(root, clsi_catalog());
	c->readonly = !c->root;
	/* One read transaction for the whole load: one lock, not one per
	 * file.  A write inside it that finds the database busy fails, and
	 * the load goes on without writing. */
	if (c->db && c->root && !c->in_tx && exec(c->db, "BEGIN") == SQLITE_OK)
		c->in_tx = 1;
}

/* Opens the write transaction on first need; false when the database is
 * locked past the busy timeout or read-only: the load goes on without
 * writing. */
static bool writing(cls_cache *c)
{
	if (!c->db || c->readonly)
		return false;
	if (!c->in_tx) {
		if (exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
			c->readonly = 1;
			return false;
		}
		c->in_tx = 1;
	}
	return true;
}

static void bind_identity(sqlite3_stmt *st, const struct stat *s)
{
	sqlite3_bind_int64(st, 3, (long long)s->st_size);
	sqlite3_bind_int64(st, 4, clsi_mtime_ns(s));
	sqlite3_bind_int64(st, 5, (long long)s->st_ino);
	sqlite3_bind_int64(st, 6, (long long)s->st_dev);
	sqlite3_bind_int64(st, 10, clsi_ctime_ns(s));
}

/* clsi_cache_get(), and clsi_cache_get_row() when row is given: a hit
 * then copies the row's blob into a, fr untouched. */
static int lookup(cls_cache *c, arena *a, const char *file, const void *stp,
    const unsigned char *buf, size_t len, file_result *fr, cls_cache_row *row)
{
	const struct stat *st = stp;
	if (!c->db || !c->root)
		return 0;
	sqlite3_reset(c->get);
	sqlite3_bind_text(c->get, 1, c->root, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->get, 2, file, -1, SQLITE_STATIC);
	int rc = sqlite3_step(c->get);
	if (rc != SQLITE_ROW) {
		if (corrupt(rc) || corrupt(sqlite3_extended_errcode(c->db)))
			rebuild(c);
		else
			sqlite3_reset(c->get);
		return 0;
	}
	long long size = sqlite3_column_int64(c->get, 0);
	bool same = size == (long long)st->st_size
	    && sqlite3_column_int64(c->get, 1) == clsi_mtime_ns(st)
	    && sqlite3_column_int64(c->get, 2) == (long long)st->st_ino
	    && sqlite3_column_int64(c->get, 3) == (long long)st->st_dev
	    && sqlite3_column_int64(c->get, 7) == clsi_ctime_ns(st);
	/* git's "racy clean": a file changed within the timestamp granularity
	 * of the moment its row was written may have changed again without
	 * its stat changing; only its content can tell. */
	long long changed = clsi_mtime_ns(st) > clsi_ctime_ns(st)
	    ? clsi_mtime_ns(st)
	    : clsi_ctime_ns(st);
	bool racy = changed >= sqlite3_column_int64(c->get, 5) - RACY_NS;
	if (size != (long long)st->st_size) {
		sqlite3_reset(c->get);
		return 0; /* a new size is a new content */
	}
	if (!same || racy) {
		if (!buf) {
			sqlite3_reset(c->get);
			return 2;
		}
		if (sqlite3_column_int64(c->get, 4)
		    != (long long)clsi_hash(buf, len)) {
			sqlite3_reset(c->get);
			return 0;
		}
	}
	const void *blob = sqlite3_column_blob(c->get, 6);
	size_t blen = (size_t)sqlite3_column_bytes(c->get, 6);
	unsigned char *copy = blob ? clsi_arena_alloc(a, blen) : NULL;
	if (copy)
		memcpy(copy, blob, blen);
	sqlite3_reset(c->get);
	if (copy && row) { /* same and not racy: else 2 was returned */
		*row = (cls_cache_row){copy, blen};
		return 1; /* decoded by the caller, in any thread */
	}
	if (!copy || decode(a, file, copy, blen, fr) != 0) {
		rebuild(c);
		return 0;
	}
	if ((!same || racy) && writing(c)) {
		/* Same content under a new identity, or a racy row now
		 * verified: record when, so that the next run can trust stat
		 * once the file is old enough. */
		sqlite3_reset(c->touch);
		sqlite3_bind_text(c->touch, 1, c->root, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->touch, 2, file, -1, SQLITE_STATIC);
		bind_identity(c->touch, st);
		sqlite3_bind_int64(c->touch, 7, clsi_now_ns());
		if (sqlite3_step(c->touch) != SQLITE_DONE)
			c->readonly = 1;
		sqlite3_reset(c->touch);
	}
	return 1;
}

int clsi_cache_get(cls_cache *c, arena *a, const char *file, const void *st,
    const unsigned char *buf, size_t len, file_result *fr)
{
	return lookup(c, a, file, st, buf, len, fr, NULL);
}

int clsi_cache_get_row(cls_cache *c, arena *a, const char *file, const void *st,
    cls_cache_row *row)
{
	file_result fr;
	return lookup(c, a, file, st, NULL, 0, &fr, row);
}

void clsi_cache_damaged(cls_cache *c)
{
	if (c->db)
		rebuild(c);
}

void clsi_cache_blob(cls_buf *b, const file_result *fr)
{
	cls_buf_init(b);
	serialise(b, fr);
}

void clsi_cache_put_blob(cls_cache *c, const char *file, const void *stp,
    uint64_t content_hash, const cls_buf *blob)
{
	const struct stat *st = stp;
	if (blob->oom || !writing(c))
		return;
	sqlite3_reset(c->put);
	sqlite3_bind_text(c->put, 1, c->root, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, file, -1, SQLITE_STATIC);
	bind_identity(c->put, st);
	sqlite3_bind_int64(c->put, 7, (long long)content_hash);
	sqlite3_bind_int64(c->put, 8, clsi_now_ns());
	sqlite3_bind_blob(c->put, 9, blob->s, (int)blob->len, SQLITE_STATIC);
	if (sqlite3_step(c->put) != SQLITE_DONE)
		c->readonly = 1;
	else
		c->pending += blob->len;
	sqlite3_reset(c->put);
}

void clsi_cache_put(cls_cache *c, const char *file, const void *st,
    const unsigned char *buf, size_t len, const file_result *fr)
{
	if (!writing(c))
		return;
	cls_buf b;
	clsi_cache_blob(&b, fr);
	clsi_cache_put_blob(c, file, st, clsi_hash(buf, len), &b);
	cls_buf_release(&b);
}

void clsi_cache_commit(cls_cache *c)
{
	if (c->db)
		commit_soon(c);
}

/* Whether p is one of files[0..n): cls.yaml, then the fiches sorted by
 * path (contract.c), so a binary search: a contract of thousands of fiches
 * must not cost a comparison of every pair. */
static bool file_known(const char *const *files, size_t n, const char *p)
{
	if (n && strcmp(files[0], p) == 0)
		return true;
	size_t lo = 1, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(files[mid], p);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void clsi_cache_end(cls_cache *c, const char *const *files, size_t n)
{
	if (!c->db || !c->root)
		return;
	sqlite3_reset(c->list);
	sqlite3_bind_text(c->list, 1, c->root, -1, SQLITE_STATIC);
	while (sqlite3_step(c->list) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(c->list, 0);
		bool known = p && file_known(files, n, p);
		if (known || !writing(c))
			continue;
		sqlite3_reset(c->del);
		sqlite3_bind_text(c->del, 1, c->root, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->del, 2, p, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(c->del) != SQLITE_DONE)
			c->readonly = 1;
		sqlite3_reset(c->del);
	}
	sqlite3_reset(c->list);
	commit_soon(c);
}

/* --------------------------------------------------- whole-contract memo */

/* The end of a lookup by st, whose step gave rc: hit, or a miss; a row
 * found damaged, or a step that failed on a damaged database, rebuilds
 * the cache. */
static int got(cls_cache *c, sqlite3_stmt *st, int rc, bool hit, bool damaged)
{
	damaged = damaged
	    || (rc != SQLITE_ROW && rc != SQLITE_DONE
	        && corrupt(sqlite3_extended_errcode(c->db)));
	sqlite3_reset(st);
	if (damaged)
		rebuild(c);
	return hit && !damaged;
}

int clsi_cache_result_get(cls_cache *c, arena *a, uint64_t fingerprint,
    long long newest_mtime_ns, const char *const *files, size_t nfiles,
    cls_diag **diags, size_t *n)
{
	if (!c->db || !c->root)
		return 0;
	sqlite3_reset(c->rget);
	sqlite3_bind_text(c->rget, 1, c->root, -1, SQLITE_STATIC);
	int rc = sqlite3_step(c->rget), hit = 0;
	if (rc == SQLITE_ROW
	    && (uint64_t)sqlite3_column_int64(c->rget, 0) == fingerprint &&
	    /* a file as recent as the row may have changed unseen */
	    newest_mtime_ns < sqlite3_column_int64(c->rget, 1) - RACY_NS) {
		size_t len = (size_t)sqlite3_column_bytes(c->rget, 2);
		const unsigned char *blob = sqlite3_column_blob(c->rget, 2);
		unsigned char *copy = blob && blob_ok(blob, len)
		    ? clsi_arena_alloc(a, len)
		    : NULL;
		if (copy)
			memcpy(copy, blob, len);
		reader r
		    = {copy ? copy + 12 : NULL, copy ? copy + len : NULL, a, 0};
		hit = copy && get_diags(&r, files, nfiles, diags, n) == 0
		    && r.p == r.end;
		if (!hit)
			return got(c, c->rget, rc, false, true);
	}
	return got(c, c->rget, rc, hit, false);
}

bool clsi_cache_result_current(cls_cache *c, uint64_t fingerprint)
{
	if (!c->db || !c->root)
		return false;
	sqlite3_reset(c->rget);
	sqlite3_bind_text(c->rget, 1, c->root, -1, SQLITE_STATIC);
	bool same = sqlite3_step(c->rget) == SQLITE_ROW
	    && (uint64_t)sqlite3_column_int64(c->rget, 0) == fingerprint;
	sqlite3_reset(c->rget);
	return same;
}

void clsi_cache_result_put(cls_cache *c, uint64_t fingerprint,
    const cls_diag *diags, size_t n, const char *const *files, size_t nfiles)
{
	if (!writing(c))
		return;
	cls_buf b;
	cls_buf_init(&b);
	blob_begin(&b);
	put_diags(&b, diags, n, files, nfiles);
	blob_end(&b);
	if (b.oom) {
		cls_buf_release(&b);
		return;
	}
	sqlite3_reset(c->rput);
	sqlite3_bind_text(c->rput, 1, c->root, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->rput, 2, (long long)fingerprint);
	sqlite3_bind_int64(c->rput, 3, clsi_now_ns());
	sqlite3_bind_blob(c->rput, 4, b.s, (int)b.len, SQLITE_STATIC);
	if (sqlite3_step(c->rput) != SQLITE_DONE)
		c->readonly = 1;
	sqlite3_reset(c->rput);
	cls_buf_release(&b);
}

/* ------------------------------------------------ a program's answers */

int clsi_cache_answer_get(cls_cache *c, uint64_t fingerprint,
    long long newest_mtime_ns, const void *key, size_t keylen,
    unsigned char **data, size_t *len)
{
	if (!c->db || !c->root || keylen > INT_MAX)
		return 0;
	sqlite3_reset(c->aget);
	sqlite3_bind_text(c->aget, 1, c->root, -1, SQLITE_STATIC);
	sqlite3_bind_blob(c->aget, 2, key, (int)keylen, SQLITE_STATIC);
	int rc = sqlite3_step(c->aget), hit = 0;
	if (rc == SQLITE_ROW
	    && (uint64_t)sqlite3_column_int64(c->aget, 0) == fingerprint
	    && newest_mtime_ns < sqlite3_column_int64(c->aget, 1) - RACY_NS) {
		size_t n = (size_t)sqlite3_column_bytes(c->aget, 2);
		const unsigned char *blob = sqlite3_column_blob(c->aget, 2);
		if (!blob || !blob_ok(blob, n))
			return got(c, c->aget, rc, false, true);
		/* not from an arena, which would clear it first: a part
		 * of a listing is tens of KiB, and 500 of them make the
		 * run */
		unsigned char *copy = malloc(n - 12 + 1);
		if (copy) {
			memcpy(copy, blob + 12, n - 12);
			*data = copy;
			*len = n - 12;
			hit = 1;
		}
	}
	return got(c, c->aget, rc, hit, false);
}

void clsi_cache_answer_put(cls_cache *c, const char *root, uint64_t lang,
    uint64_t fingerprint, const void *key, size_t keylen, const void *data,
    size_t len)
{
	char *rk = root_key(root, lang);
	cls_buf b;
	cls_buf_init(&b);
	blob_begin(&b);
	cls_buf_addn(&b, data, len);
	blob_end(&b);
	if (!rk || b.oom || b.len > INT_MAX || keylen > INT_MAX
	    || !writing(c)) {
		free(rk);
		cls_buf_release(&b);
		return;
	}
	/* the answers for what the contract was are of no more use */
	sqlite3_reset(c->adel);
	sqlite3_bind_text(c->adel, 1, rk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->adel, 2, (long long)fingerprint);
	if (sqlite3_step(c->adel) != SQLITE_DONE)
		c->readonly = 1;
	sqlite3_reset(c->adel);
	sqlite3_reset(c->aput);
	sqlite3_bind_text(c->aput, 1, rk, -1, SQLITE_STATIC);
	sqlite3_bind_blob(c->aput, 2, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_int64(c->aput, 3, (long long)fingerprint);
	sqlite3_bind_int64(c->aput, 4, clsi_now_ns());
	sqlite3_bind_blob(c->aput, 5, b.s, (int)b.len, SQLITE_STATIC);
	if (c->readonly || sqlite3_step(c->aput) != SQLITE_DONE)
		c->readonly = 1;
	else
		c->pending += b.len;
	sqlite3_reset(c->aput);
	free(rk);
	cls_buf_release(&b);
}

/* ----------------------------------------------------------- public API */

char *cls_cache_default_dir(void)
{
	const char *e = getenv("CLS_CACHE_DIR");
	if (e && *e)
		return strdup(e);
	e = getenv("XDG_CACHE_HOME");
	char buf[4096];
	if (e && *e == '/') {
		snprintf(buf, sizeof(buf), "%s/cls", e);
		return strdup(buf);
	}
	e = getenv("HOME");
	if (e && *e) {
		snprintf(buf, sizeof(buf), "%s/.cache/cls", e);
		return strdup(buf);
	}
	return NULL;
}

int cls_cache_clear(const char *dir, cls_error *err)
{
	static const char *const names[]
	    = {"cls.db", "cls.db-wal", "cls.db-shm", "cls.db-journal"};
	int rc = 0;
	for (size_t i = 0; i < 4; i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			clsi_seterr(err, "%s: %s", p, strerror(errno));
			rc = -1;
		}
	}
	if (clsi_memo_clear(dir) != 0) {
		clsi_seterr(err, "%s/memo: %s", dir, strerror(errno));
		rc = -1;
	}
	return rc;
}
