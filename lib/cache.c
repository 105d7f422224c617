/*
 * cache.c - memoises the per-file stage (parse + shape check) in SQLite, so
 * that a second run over an unchanged contract parses nothing.  A file is
 * taken from the cache when its stat identity (size, mtime in ns, inode,
 * device) is unchanged; when its mtime is too close to the time its row was
 * written to trust (git's "racy clean" problem), its content hash decides.
 * The cache is an aid: every failure here means "no cache", never a wrong
 * answer.  A corrupt database is deleted and rebuilt, with one note.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache_sql.h" /* CACHE_SQL: schema/cache.sql, made by the Makefile */

#define CACHE_USER_VERSION 1
#define RACY_NS 2000000000LL /* coarse file systems have 2 s mtimes */
#define BLOB_MAGIC "CLS1"

struct cache {
	sqlite3 *db;
	char *path;
	char *root;
	arena *a;
	const char **note;
	sqlite3_stmt *get, *put, *touch;
	int in_tx;    /* a write transaction is open */
	int readonly; /* writes failed: stop trying */
};

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define FNV_INIT 0xcbf29ce484222325ULL

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

/* ------------------------------------------------------- serialisation */

typedef struct wbuf {
	strbuf b;
} wbuf;

static void put_u32(strbuf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	sb_addn(b, (const char *)x, 4);
}

static void put_str(strbuf *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	sb_addn(b, s, n);
}

static void put_node(strbuf *b, const node *n)
{
	unsigned char k[3] = {n->kind, n->plain, n->bad};
	sb_addn(b, (const char *)k, 3);
	put_u32(b, (uint32_t)n->line);
	put_u32(b, (uint32_t)n->col);
	put_str(b, n->text, n->len);
	sb_addn(b, (const char *)&n->num, sizeof(double));
	put_u32(b, n->n);
	uint32_t kids = n->kind == N_MAP ? 2 * n->n : n->kind == N_SEQ ? n->n
	    : 0;
	for (uint32_t i = 0; i < kids; i++)
		put_node(b, n->kids[i]);
}

static void serialise(strbuf *b, const file_result *fr)
{
	sb_addn(b, BLOB_MAGIC, 4);
	sb_addn(b, "\0\0\0\0\0\0\0\0", 8); /* checksum, filled below */
	put_u32(b, (uint32_t)fr->ndiags);
	for (size_t i = 0; i < fr->ndiags; i++) {
		const cls_diag *d = &fr->diags[i];
		put_u32(b, (uint32_t)d->loc.line);
		put_u32(b, (uint32_t)d->loc.column);
		put_str(b, d->rule, strlen(d->rule));
		put_str(b, d->message, strlen(d->message));
	}
	sb_addc(b, fr->root ? 1 : 0);
	if (fr->root)
		put_node(b, fr->root);
	uint64_t sum = fnv1a(b->s + 12, b->len - 12, FNV_INIT);
	memcpy(b->s + 4, &sum, 8);
}

typedef struct rbuf {
	const unsigned char *p, *end;
	arena *a;
	int bad;
} rbuf;

static uint32_t get_u32(rbuf *r)
{
	if (r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	    (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static const char *get_str(rbuf *r, uint32_t *len)
{
	uint32_t n = get_u32(r);
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	const char *s = arena_strndup(r->a, (const char *)r->p, n);
	r->p += n;
	if (!s)
		r->bad = 1;
	if (len)
		*len = n;
	return s;
}

static node *get_node(rbuf *r, int depth)
{
	if (depth > CLS_MAX_DEPTH + 2 || r->end - r->p < 3) {
		r->bad = 1;
		return NULL;
	}
	node *n = arena_alloc(r->a, sizeof(*n));
	if (!n) {
		r->bad = 1;
		return NULL;
	}
	n->kind = r->p[0];
	n->plain = r->p[1];
	n->bad = r->p[2];
	r->p += 3;
	if (n->kind > N_SEQ) {
		r->bad = 1;
		return NULL;
	}
	n->line = (int)get_u32(r);
	n->col = (int)get_u32(r);
	n->text = get_str(r, &n->len);
	if (r->bad || r->end - r->p < (long)sizeof(double)) {
		r->bad = 1;
		return NULL;
	}
	memcpy(&n->num, r->p, sizeof(double));
	r->p += sizeof(double);
	n->n = get_u32(r);
	uint32_t kids = n->kind == N_MAP ? 2 * n->n : n->kind == N_SEQ ? n->n
	    : 0;
	/* every child takes at least 27 bytes: refuse impossible counts */
	if (r->bad || (n->kind == N_MAP && n->n > UINT32_MAX / 2) ||
	    (size_t)(r->end - r->p) / 27 < kids) {
		r->bad = 1;
		return NULL;
	}
	n->kids = arena_alloc(r->a, (kids ? kids : 1) * sizeof(node *));
	if (!n->kids) {
		r->bad = 1;
		return NULL;
	}
	for (uint32_t i = 0; i < kids && !r->bad; i++)
		n->kids[i] = get_node(r, depth + 1);
	return r->bad ? NULL : n;
}

/* Returns 0, or -1 when the blob is not one we wrote (corruption). */
static int deserialise(arena *a, const char *file, const void *blob,
    size_t len, file_result *fr)
{
	const unsigned char *p = blob;
	if (len < 12 || memcmp(p, BLOB_MAGIC, 4) != 0)
		return -1;
	uint64_t sum;
	memcpy(&sum, p + 4, 8);
	if (fnv1a(p + 12, len - 12, FNV_INIT) != sum)
		return -1;
	rbuf r = {p + 12, p + len, a, 0};
	memset(fr, 0, sizeof(*fr));
	fr->file = file;
	uint32_t nd = get_u32(&r);
	if (r.bad || nd > len / 16)
		return -1;
	fr->diags = arena_alloc(a, (nd ? nd : 1) * sizeof(cls_diag));
	if (!fr->diags)
		return -1;
	for (uint32_t i = 0; i < nd && !r.bad; i++) {
		cls_diag *d = &fr->diags[i];
		d->loc.file = file;
		d->loc.line = (int)get_u32(&r);
		d->loc.column = (int)get_u32(&r);
		const char *rule = get_str(&r, NULL);
		d->message = get_str(&r, NULL);
		const cls_rule *ru = rule ? cls_rule_find(rule) : NULL;
		if (!ru || !d->message)
			return -1;
		d->rule = ru->id;
		d->severity = ru->severity;
	}
	fr->ndiags = nd;
	if (r.bad || r.p >= r.end)
		return -1;
	if (*r.p++)
		fr->root = get_node(&r, 0);
	return r.bad || r.p != r.end ? -1 : 0;
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
		char buf[4096];
		snprintf(buf, sizeof(buf), "%s%s", path, suffix[i]);
		unlink(buf);
	}
}

static void finalize_all(cache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_finalize(c->touch);
	c->get = c->put = c->touch = NULL;
}

/* Opens the database and makes its schema current.  Returns SQLITE_OK, or
 * an error code: SQLITE_CORRUPT / SQLITE_NOTADB mean "rebuild". */
static int open_db(cache *c, const char *root)
{
	int rc = sqlite3_open_v2(c->path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_stmt *st = NULL;
	int version = -1;
	rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	char *stored = NULL;
	if (version == CACHE_USER_VERSION &&
	    sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = "
	    "'cls_version'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			stored = strdup((const char *)sqlite3_column_text(st,
			    0));
		sqlite3_finalize(st);
	}
	bool current = stored && strcmp(stored, CLS_VERSION) == 0;
	free(stored);
	/* WAL lets readers and one writer work at once; several cls runs
	 * over the same contract never corrupt or block each other's reads. */
	if ((rc = exec(c->db, "PRAGMA journal_mode=WAL")) != SQLITE_OK)
		return rc;
	exec(c->db, "PRAGMA synchronous=NORMAL");
	if (!current) {
		rc = exec(c->db, "BEGIN IMMEDIATE; DROP TABLE IF EXISTS file; "
		    "DROP TABLE IF EXISTS meta;");
		if (rc == SQLITE_OK)
			rc = exec(c->db, CACHE_SQL);
		if (rc == SQLITE_OK) {
			char *sql = sqlite3_mprintf("INSERT INTO meta VALUES "
			    "('cls_version', %Q), ('root', %Q); PRAGMA "
			    "user_version = %d; COMMIT;", CLS_VERSION, root,
			    CACHE_USER_VERSION);
			rc = sql ? exec(c->db, sql) : SQLITE_NOMEM;
			sqlite3_free(sql);
		}
		if (rc != SQLITE_OK) {
			exec(c->db, "ROLLBACK");
			return rc;
		}
	}
	rc = sqlite3_prepare_v2(c->db, "SELECT size, mtime_ns, ino, dev, hash, "
	    "written_ns, data FROM file WHERE path = ?", -1, &c->get, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO file "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &c->put, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "UPDATE file SET size = ?, "
		    "mtime_ns = ?, ino = ?, dev = ?, written_ns = ? WHERE "
		    "path = ?", -1, &c->touch, NULL);
	return rc;
}

static bool corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static void close_db(cache *c)
{
	finalize_all(c);
	sqlite3_close(c->db);
	c->db = NULL;
}

/* Deletes a corrupt database and starts an empty one. */
static int rebuild(cache *c, const char *root)
{
	close_db(c);
	remove_db(c->path);
	if (!*c->note)
		*c->note = arena_printf(c->a, "the cache %s was corrupt: it has "
		    "been rebuilt", c->path);
	int rc = open_db(c, root);
	if (rc != SQLITE_OK)
		close_db(c);
	return rc;
}

cache *cache_open(const char *dir, const char *root, arena *a,
    const char **note)
{
	*note = NULL;
	if (!dir || !*dir || mkdirs(dir) != 0 || access(dir, W_OK) != 0)
		return NULL; /* unwritable location: run without cache */
	cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->a = a;
	c->note = note;
	c->root = strdup(root);
	uint64_t h = fnv1a(root, strlen(root), FNV_INIT);
	size_t n = strlen(dir) + 32;
	c->path = malloc(n);
	if (!c->path || !c->root) {
		free(c->path);
		free(c->root);
		free(c);
		return NULL;
	}
	snprintf(c->path, n, "%s/%016llx.db", dir, (unsigned long long)h);
	int rc = open_db(c, root);
	if (corrupt(rc))
		rc = rebuild(c, root);
	if (rc != SQLITE_OK) {
		close_db(c);
		free(c->path);
		free(c->root);
		free(c);
		return NULL;
	}
	return c;
}

void cache_close(cache *c)
{
	if (!c)
		return;
	if (c->in_tx && exec(c->db, "COMMIT") != SQLITE_OK)
		exec(c->db, "ROLLBACK");
	close_db(c);
	free(c->path);
	free(c->root);
	free(c);
}

/* ------------------------------------------------------------ get / put */

int cache_get(cache *c, arena *a, const char *file, const void *stp,
    const unsigned char *buf, size_t len, file_result *fr)
{
	const struct stat *st = stp;
	if (!c->db)
		return 0;
	sqlite3_reset(c->get);
	sqlite3_bind_text(c->get, 1, file, -1, SQLITE_STATIC);
	int rc = sqlite3_step(c->get);
	if (rc != SQLITE_ROW) {
		if (corrupt(rc) || corrupt(sqlite3_extended_errcode(c->db)))
			rebuild(c, c->root);
		return 0;
	}
	bool same = sqlite3_column_int64(c->get, 0) == (long long)st->st_size
	    && sqlite3_column_int64(c->get, 1) == mtime_ns(st) &&
	    sqlite3_column_int64(c->get, 2) == (long long)st->st_ino &&
	    sqlite3_column_int64(c->get, 3) == (long long)st->st_dev;
	long long written = sqlite3_column_int64(c->get, 5);
	bool racy = mtime_ns(st) >= written - RACY_NS;
	if (!same && sqlite3_column_int64(c->get, 0) != (long long)st->st_size)
		return 0; /* a new size is a new content */
	if (!same || racy) {
		if (!buf)
			return 2; /* ask for the content */
		if (sqlite3_column_int64(c->get, 4) !=
		    (long long)fnv1a(buf, len, FNV_INIT))
			return 0;
	}
	const void *blob = sqlite3_column_blob(c->get, 6);
	int blen = sqlite3_column_bytes(c->get, 6);
	if (!blob || deserialise(a, file, blob, (size_t)blen, fr) != 0) {
		sqlite3_reset(c->get);
		rebuild(c, c->root);
		return 0;
	}
	if ((!same || racy) && !c->readonly) {
		/* Same content under a new identity, or a racy entry now
		 * verified: record the identity so the next run trusts stat. */
		sqlite3_reset(c->get);
		if (!c->in_tx && exec(c->db, "BEGIN IMMEDIATE") == SQLITE_OK)
			c->in_tx = 1;
		if (c->in_tx) {
			sqlite3_reset(c->touch);
			sqlite3_bind_int64(c->touch, 1, (long long)st->st_size);
			sqlite3_bind_int64(c->touch, 2, mtime_ns(st));
			sqlite3_bind_int64(c->touch, 3, (long long)st->st_ino);
			sqlite3_bind_int64(c->touch, 4, (long long)st->st_dev);
			sqlite3_bind_int64(c->touch, 5, now_ns());
			sqlite3_bind_text(c->touch, 6, file, -1, SQLITE_STATIC);
			sqlite3_step(c->touch);
		}
	}
	sqlite3_reset(c->get);
	return 1;
}

void cache_put(cache *c, const char *file, const void *stp,
    const unsigned char *buf, size_t len, const file_result *fr)
{
	const struct stat *st = stp;
	if (!c->db || c->readonly)
		return;
	if (!c->in_tx) {
		if (exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
			c->readonly = 1; /* locked or read-only: skip writes */
			return;
		}
		c->in_tx = 1;
	}
	strbuf b;
	sb_init(&b);
	serialise(&b, fr);
	sqlite3_reset(c->put);
	sqlite3_bind_text(c->put, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->put, 2, (long long)st->st_size);
	sqlite3_bind_int64(c->put, 3, mtime_ns(st));
	sqlite3_bind_int64(c->put, 4, (long long)st->st_ino);
	sqlite3_bind_int64(c->put, 5, (long long)st->st_dev);
	sqlite3_bind_int64(c->put, 6, (long long)fnv1a(buf, len, FNV_INIT));
	sqlite3_bind_int64(c->put, 7, now_ns());
	sqlite3_bind_blob(c->put, 8, b.s, (int)b.len, SQLITE_STATIC);
	if (sqlite3_step(c->put) != SQLITE_DONE)
		c->readonly = 1;
	sqlite3_reset(c->put);
	sb_release(&b);
}

void cache_prune(cache *c, const char *const *files, size_t n)
{
	if (!c->db || c->readonly)
		return;
	sqlite3_stmt *st = NULL, *del = NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT path FROM file", -1, &st, NULL)
	    != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "DELETE FROM file WHERE path = ?", -1,
	    &del, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(files[i], p) == 0;
		if (known)
			continue;
		if (!c->in_tx && exec(c->db, "BEGIN IMMEDIATE") != SQLITE_OK)
			break;
		c->in_tx = 1;
		sqlite3_reset(del);
		sqlite3_bind_text(del, 1, p, -1, SQLITE_TRANSIENT);
		sqlite3_step(del);
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(del);
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
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		snprintf(err->message, sizeof(err->message), "%.400s: %s",
		    dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		/* only our own files: 16 hex digits + .db[-wal|-shm] */
		if (n < 19 || strspn(de->d_name, "0123456789abcdef") != 16 ||
		    strncmp(de->d_name + 16, ".db", 3) != 0)
			continue;
		char p[4096];
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (unlink(p) != 0 && errno != ENOENT) {
			snprintf(err->message, sizeof(err->message), "%.400s: "
			    "%s", p, strerror(errno));
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}
