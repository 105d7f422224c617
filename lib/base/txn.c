/* SPDX-License-Identifier: MIT */
/*
 * txn.c - replaces a set of a contract's files all or nothing, even when
 * the process is killed or the power cut on the way, as git's lock files
 * and SQLite's rollback journal do; and finishes or undoes such a
 * replacement that was interrupted.  Knows files, not YAML.
 *
 * In the contract's root, while a replacement runs:
 *   .cls-import.lock     held with flock(2) (so it dies with its process),
 *                        holding "PID START-TIME WHAT" for the message of
 *                        whoever waits; removed when released
 *   .cls-import.journal  the plan, then its commit point
 * and beside each file replaced (a symlink's target), hidden:
 *   .NAME.cls-new-TOKEN  the new content, written and synced
 *   .NAME.cls-old-TOKEN  a hard link to the old one (or a copy)
 *
 * The journal is text (cls-import(1), INTERRUPTED IMPORTS):
 *   cls-import-journal 1
 *   file REL TMPNAME BAKNAME        one a file, %XX for odd bytes
 *   prepared N CRC                  CRC-32 (zlib's) of every byte before
 *   commit CRC                      the commit point
 *   rollback CRC                    a check failed after it: undo
 * Before "commit" no file was touched: recovery removes the temporaries
 * and backups.  After it, recovery renames the temporaries left; after
 * "rollback", it puts back the backups of the files already renamed.
 * Then the journal goes.  A journal whose "prepared" record is torn was
 * being written: nothing else exists yet.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOCK_NAME ".cls-import.lock"
#define JOURNAL_NAME ".cls-import.journal"
#define MAGIC "cls-import-journal 1\n"
#define LOCK_WAIT_MS 2000
#define TOKEN_LEN 10
#define JOURNAL_MAX (64 * 1024 * 1024)

/* ------------------------------------------------------------ test hook */

/* Whether spec ("STEP" or "STEP:N") names this step. */
static bool hook_matches(const char *spec, const char *step, size_t n)
{
	size_t k = strlen(step);
	if (!spec || strncmp(spec, step, k) != 0)
		return false;
	if (spec[k] == '\0')
		return true;
	return spec[k] == ':' && strtoul(spec + k + 1, NULL, 10) == n;
}

void clsi_test_hook(const char *step, size_t n)
{
	/* read at every step, not once: the unit tests change them */
	if (hook_matches(getenv("CLS_TEST_CRASH_AT"), step, n))
		kill(getpid(), SIGKILL);
	static bool paused;
	const char *file = getenv("CLS_TEST_PAUSE_FILE");
	if (paused || !file || !*file
	    || !hook_matches(getenv("CLS_TEST_PAUSE_AT"), step, n))
		return;
	paused = true;
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	close(fd);
	/* until the test removes it, a minute at most */
	struct timespec ts = {0, 10 * 1000000L};
	for (int i = 0; i < 6000 && access(file, F_OK) == 0; i++)
		nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------- bytes */

/* CRC-32 as zlib computes it (reflected, polynomial 0xEDB88320), so that
 * any tool can check a journal. */
static uint32_t crc32_of(const char *s, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)s[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return c ^ 0xFFFFFFFFu;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t r = write(fd, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Syncs a folder, so that the names made or removed in it last.  File
 * systems that cannot sync a folder say EINVAL: nothing to do there. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	if (rc != 0 && (e == EINVAL || e == ENOTSUP || e == EROFS))
		rc = 0;
	errno = e;
	return rc;
}

/* Whether the file at path holds exactly text. */
static bool same_content(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	char buf[8192];
	size_t off = 0;
	bool same = true;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			same = false;
			break;
		}
		if (n == 0)
			break;
		if (off + (size_t)n > len
		    || memcmp(buf, text + off, (size_t)n) != 0) {
			same = false;
			break;
		}
		off += (size_t)n;
	}
	close(fd);
	return same && off == len;
}

static bool same_identity(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino
	    && a->st_size == b->st_size && clsi_mtime_ns(a) == clsi_mtime_ns(b)
	    && clsi_ctime_ns(a) == clsi_ctime_ns(b);
}

static bool writable(const char *path, const struct stat *st)
{
	/* the write bits count even for root: a read-only file or folder
	 * says "do not change" */
	return access(path, W_OK) == 0 && (st->st_mode & 0222);
}

static bool dir_writable(const char *dir)
{
	struct stat st;
	return stat(dir, &st) == 0 && writable(dir, &st);
}

/* ----------------------------------------------------------------- lock */

typedef struct lock {
	int fd;
	char *path;
} lock;

/* Takes the lock at path without waiting: 0, 1 when another process
 * holds it, -1 with errno. */
static int lock_try(const char *path, int *out)
{
	for (;;) {
		int fd = open(path,
		    O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
		    0666);
		if (fd < 0)
			return -1;
		struct stat a, b;
		if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;
			close(fd);
			if (e == EWOULDBLOCK || e == EINTR)
				return 1;
			errno = e;
			return -1;
		}
		/* its holder removes it when done: the file we locked must
		 * still be the one named so */
		if (lstat(path, &b) == 0 && a.st_ino == b.st_ino
		    && a.st_dev == b.st_dev) {
			*out = fd;
			return 0;
		}
		close(fd);
	}
}

/* Who holds the lock at path, for a message: "process 12, for 3 s". */
static void lock_holder(const char *path, char *out, size_t n)
{
	char buf[128] = "";
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t k = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[k > 0 ? k : 0] = '\0';
	long pid = 0;
	long long since = 0;
	if (sscanf(buf, "%ld %lld", &pid, &since) == 2 && pid > 0) {
		long long now = (long long)time(NULL);
		snprintf(out, n, _("process %ld, for %lld s"), pid,
		    now > since ? now - since : 0);
	} else {
		snprintf(out, n, _("its lock is %s"), LOCK_NAME);
	}
}

/* Takes the contract's lock, waiting up to wait_ms for another holder;
 * import: for cls import, else for the recovery of a load (what the
 * message says to run again).  Returns 0, 1 when it stays held (err says
 * by whom, and what to do), -1 with err filled. */
static int lock_take(
    const char *root, int wait_ms, bool import, lock *lk, cls_error *err)
{
	lk->fd = -1;
	if (!(lk->path = clsi_path_join(root, LOCK_NAME))) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	struct timespec step = {0, 20 * 1000000L};
	long long until = clsi_now_ns() + (long long)wait_ms * 1000000LL;
	for (;;) {
		int r = lock_try(lk->path, &lk->fd);
		if (r == 0)
			break;
		if (r < 0) {
			clsi_seterr(err, _("cannot lock the contract (%s): %s"),
			    LOCK_NAME, strerror(errno));
			goto fail;
		}
		if (clsi_now_ns() >= until) {
			char who[96];
			lock_holder(lk->path, who, sizeof(who));
			if (import)
				clsi_seterr(err,
				    _("another cls import is writing this "
				      "contract (%s): wait for it to end, then "
				      "run cls import again"),
				    who);
			else
				clsi_seterr(err,
				    _("another cls import is writing this "
				      "contract (%s): wait for it to end, then "
				      "run cls again"),
				    who);
			free(lk->path);
			lk->path = NULL;
			return 1;
		}
		nanosleep(&step, NULL);
	}
	char info[96];
	int k = snprintf(info, sizeof(info), "%ld %lld %s\n", (long)getpid(),
	    (long long)time(NULL), import ? "import" : "recover");
	if (ftruncate(lk->fd, 0) == 0 && k > 0)
		(void)!write_all(lk->fd, info, (size_t)k);
	return 0;
fail:
	free(lk->path);
	lk->path = NULL;
	return -1;
}

/* Removes the lock file, then lets it go: whoever opened it meanwhile
 * sees that it is no longer the one named so, and opens it again. */
static void lock_release(lock *lk)
{
	if (lk->fd >= 0) {
		unlink(lk->path);
		close(lk->fd);
	}
	lk->fd = -1;
	free(lk->path);
	lk->path = NULL;
}

/* -------------------------------------------------------------- entries */

/* One file of a replacement. */
typedef struct tfile {
	char *rel; /* relative to the root, as the journal names it */
	char *target; /* the file replaced: a symlink's target */
	char *dir; /* its folder */
	char *tmpname, *bakname; /* beside it, as the journal names them */
	char *tmp, *bak; /* their paths */
	bool tmp_made, bak_made, renamed;
	struct stat id; /* what it must still be when it is replaced */
} tfile;

static void tfiles_free(tfile *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		free(t[i].rel);
		free(t[i].target);
		free(t[i].dir);
		free(t[i].tmpname);
		free(t[i].bakname);
		free(t[i].tmp);
		free(t[i].bak);
	}
	free(t);
}

/* Whether rel names a file of a contract: cls.yaml, or a .yaml or .yml
 * under fiches/, with no empty, hidden, "." or ".." part. */
static bool contract_path(const char *rel)
{
	if (strcmp(rel, "cls.yaml") == 0)
		return true;
	size_t n = strlen(rel);
	if (strncmp(rel, "fiches/", 7) != 0 || n >= PATH_MAX
	    || !((n > 5 && strcmp(rel + n - 5, ".yaml") == 0)
	        || (n > 4 && strcmp(rel + n - 4, ".yml") == 0)))
		return false;
	for (const char *p = rel + 7; *p;) {
		const char *e = strchr(p, '/');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == 0 || p[0] == '.')
			return false;
		p += k + (e != NULL);
		if (e && !*p)
			return false;
	}
	return true;
}

/* Where the file rel of the contract at root really is (a symlink's
 * target), and its folder: 0, or -1 with errno. */
static int resolve(const char *root, tfile *t)
{
	char *abs = clsi_path_join(root, t->rel);
	if (!abs)
		return -1;
	t->target = realpath(abs, NULL);
	if (!t->target && errno == ENOENT) {
		/* gone (or a dangling link): its folder, then */
		char *slash = strrchr(abs, '/');
		*slash = '\0';
		char *dir = realpath(abs, NULL);
		if (dir) {
			t->target = clsi_path_join(dir, slash + 1);
			free(dir);
		}
	}
	free(abs);
	if (!t->target)
		return -1;
	char *slash = strrchr(t->target, '/');
	t->dir = slash == t->target
	    ? strdup("/")
	    : strndup(t->target, (size_t)(slash - t->target));
	return t->dir ? 0 : -1;
}

static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The temporary's and backup's names for token. */
static int name_aside(tfile *t, const char *token)
{
	const char *b = base_of(t->target);
	size_t n = strlen(b) + TOKEN_LEN + 16;
	t->tmpname = malloc(n);
	t->bakname = malloc(n);
	if (!t->tmpname || !t->bakname)
		return -1;
	snprintf(t->tmpname, n, ".%s.cls-new-%s", b, token);
	snprintf(t->bakname, n, ".%s.cls-old-%s", b, token);
	t->tmp = clsi_path_join(t->dir, t->tmpname);
	t->bak = clsi_path_join(t->dir, t->bakname);
	return t->tmp && t->bak ? 0 : -1;
}

/* Whether the names a journal gives are those name_aside() makes for its
 * file: a journal never makes cls touch another file. */
static bool names_ok(const tfile *t)
{
	const char *b = base_of(t->target);
	size_t bl = strlen(b), n = strlen(t->tmpname);
	if (n != bl + 10 + TOKEN_LEN || strlen(t->bakname) != n
	    || t->tmpname[0] != '.' || strncmp(t->tmpname + 1, b, bl) != 0
	    || strncmp(t->tmpname + 1 + bl, ".cls-new-", 9) != 0
	    || strncmp(t->bakname, t->tmpname, bl + 1) != 0
	    || strncmp(t->bakname + 1 + bl, ".cls-old-", 9) != 0
	    || strcmp(t->bakname + 10 + bl, t->tmpname + 10 + bl) != 0)
		return false;
	for (const char *p = t->tmpname + 10 + bl; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

static void make_token(char *out, size_t i)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	long long seed[3] = {(long long)getpid(), clsi_now_ns(), (long long)i};
	uint64_t h = clsi_hash(seed, sizeof(seed));
	for (int k = 0; k < TOKEN_LEN; k++) {
		out[k] = digits[h % 36];
		h = h / 36 ^ (h << 47) ^ (uint64_t)k * 0x9e3779b97f4a7c15ULL;
	}
	out[TOKEN_LEN] = '\0';
}

/* -------------------------------------------------------------- journal */

static void enc(cls_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7F || *p == '%')
			cls_buf_printf(b, "%%%02X", *p);
		else
			cls_buf_addc(b, (char)*p);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	    : c >= 'A' && c <= 'F'  ? c - 'A' + 10
	                            : -1;
}

/* Decodes one %XX-encoded field of n bytes; NULL when it is not one (or
 * holds a NUL, a space or a line break written as they are). */
static char *dec(const char *s, size_t n)
{
	char *o = malloc(n + 1), *q = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= ' ') {
			free(o);
			return NULL;
		}
		if (s[i] != '%') {
			*q++ = s[i];
			continue;
		}
		int hi = i + 2 < n ? hexval(s[i + 1]) : -1,
		    lo = i + 2 < n ? hexval(s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(o);
			return NULL;
		}
		*q++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*q = '\0';
	if (q == o) {
		free(o);
		return NULL;
	}
	return o;
}

/* Appends a record "WORD CRC\n" (or "WORD N CRC\n") checking every byte
 * before it, writes it at the journal's end and syncs. */
static int record(int fd, cls_buf *j, const char *word, long count)
{
	size_t at = j->len;
	uint32_t crc = crc32_of(j->s, j->len);
	if (count >= 0)
		cls_buf_printf(j, "%s %ld %08x\n", word, count, (unsigned)crc);
	else
		cls_buf_printf(j, "%s %08x\n", word, (unsigned)crc);
	if (j->oom) {
		errno = ENOMEM;
		return -1;
	}
	if (write_all(fd, j->s + at, j->len - at) != 0 || fsync(fd) != 0)
		return -1;
	return 0;
}

typedef enum jstate { J_TORN, J_PREPARED, J_COMMITTED, J_ROLLBACK } jstate;

/* Whether line [s, e) is the record "word [N] CRC" that checks every byte
 * of all before it. */
static bool is_record(
    const char *all, const char *s, const char *e, const char *word, long count)
{
	size_t wl = strlen(word);
	/* the CRC only for a line that may be one: not for every file line */
	if ((size_t)(e - s) <= wl || memcmp(s, word, wl) != 0 || s[wl] != ' ')
		return false;
	char want[64];
	uint32_t crc = crc32_of(all, (size_t)(s - all));
	if (count >= 0)
		snprintf(want, sizeof(want), "%s %ld %08x", word, count,
		    (unsigned)crc);
	else
		snprintf(want, sizeof(want), "%s %08x", word, (unsigned)crc);
	return (size_t)(e - s) == strlen(want)
	    && memcmp(s, want, (size_t)(e - s)) == 0;
}

/* Reads a journal: its state and files (rel, tmpname, bakname set).
 * Returns 0; -1 with err filled when it is not a journal cls wrote
 * (hostile: nothing may be done after it). */
static int journal_parse(const char *jpath, const char *buf, size_t len,
    jstate *state, tfile **out, size_t *nout, cls_error *err)
{
	size_t ml = strlen(MAGIC), n = 0, cap = 0;
	tfile *t = NULL;
	*state = J_TORN;
	*out = NULL;
	*nout = 0;
	if (len < ml) {
		if (memcmp(buf, MAGIC, len) == 0)
			return 0; /* torn in its first line */
		goto hostile;
	}
	if (memcmp(buf, MAGIC, ml) != 0)
		goto hostile;
	const char *p = buf + ml, *end = buf + len;
	/* the file lines, up to the prepared record */
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			goto torn;
		if (is_record(buf, p, nl, "prepared", (long)n)) {
			p = nl + 1;
			*state = J_PREPARED;
			break;
		}
		if (n > CLS_MAX_FICHES)
			goto hostile;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			tfile *v = realloc(t, nc * sizeof(*t));
			if (!v)
				goto hostile;
			t = v;
			cap = nc;
		}
		memset(&t[n], 0, sizeof(*t));
		/* "file REL TMP BAK": three fields, two spaces; any other
		 * line stays an entry without names, which the checks below
		 * refuse if a record follows */
		const char *a = p + 5, *s1 = NULL, *s2 = NULL;
		if ((size_t)(nl - p) > 5 && memcmp(p, "file ", 5) == 0
		    && (s1 = memchr(a, ' ', (size_t)(nl - a)))
		    && (s2 = memchr(s1 + 1, ' ', (size_t)(nl - s1 - 1)))
		    && !memchr(s2 + 1, ' ', (size_t)(nl - s2 - 1))) {
			t[n].rel = dec(a, (size_t)(s1 - a));
			t[n].tmpname = dec(s1 + 1, (size_t)(s2 - s1 - 1));
			t[n].bakname = dec(s2 + 1, (size_t)(nl - s2 - 1));
		}
		n++;
		p = nl + 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!t[i].rel || !t[i].tmpname || !t[i].bakname
		    || !contract_path(t[i].rel) || strchr(t[i].tmpname, '/')
		    || strchr(t[i].bakname, '/')) {
			clsi_seterr(err,
			    _("%s names \"%s\", which is not a file of the "
			      "contract: cls import did not write it; look at "
			      "it, remove it, then run cls again"),
			    jpath, t[i].rel ? t[i].rel : "?");
			tfiles_free(t, n);
			return -1;
		}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (nl && is_record(buf, p, nl, "commit", -1)) {
		*state = J_COMMITTED;
		p = nl + 1;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl && is_record(buf, p, nl, "rollback", -1))
			*state = J_ROLLBACK;
	}
	*out = t;
	*nout = n;
	return 0;
torn:
	/* the prepared record never made it: nothing else exists yet */
	tfiles_free(t, n);
	return 0;
hostile:
	tfiles_free(t, n);
	clsi_seterr(err,
	    _("%s is not a journal of cls import: look at it, remove it, "
	      "then run cls again"),
	    jpath);
	return -1;
}

/* Reads the journal at path into a buffer (caller frees): NULL with err
 * filled, *gone true when there is none. */
static char *journal_read(
    const char *path, const char *name, size_t *len, bool *gone, cls_error *err)
{
	*gone = false;
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT) {
			*gone = true;
			return NULL;
		}
		clsi_seterr(err, "%s: %s", name, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > JOURNAL_MAX) {
		clsi_seterr(err,
		    _("%s is not a journal of cls import: look at it, remove "
		      "it, then run cls again"),
		    name);
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char *buf = fd >= 0 ? malloc((size_t)st.st_size + 1) : NULL;
	size_t n = 0;
	while (buf && n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (!buf) {
		clsi_seterr(err, "%s: %s", name, strerror(fd < 0 ? e : ENOMEM));
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Whether the entry name of root exists (or cannot be told: out of
 * memory, a folder that cannot be searched). */
static bool exists_in(const char *root, const char *name)
{
	char *p = clsi_path_join(root, name);
	struct stat st;
	bool r = !p || lstat(p, &st) == 0 || errno != ENOENT;
	free(p);
	return r;
}

bool clsi_txn_pending(const char *root)
{
	return exists_in(root, JOURNAL_NAME) || exists_in(root, LOCK_NAME);
}

/* A folder as messages name it: relative to the contract's root when it
 * lies under it, NULL for the root itself. */
static const char *shown_dir(const char *croot, const char *dir)
{
	size_t n = croot ? strlen(croot) : 0;
	if (croot && strcmp(dir, croot) == 0)
		return NULL;
	if (croot && strncmp(dir, croot, n) == 0 && dir[n] == '/')
		return dir + n + 1;
	return dir;
}

static void say_read_only(cls_error *err, const char *shown)
{
	if (shown)
		clsi_seterr(err,
		    _("cannot finish the interrupted import: %s is read-only; "
		      "make it writable (chmod u+w), then run cls again"),
		    shown);
	else
		clsi_seterr(err,
		    _("cannot finish the interrupted import: the contract's "
		      "folder is read-only; make it writable (chmod u+w), then "
		      "run cls again"));
}

/* ------------------------------------------------------------- recovery */

/* Finishes or undoes the replacement of journal jpath, under the lock. */
static int recover_locked(const char *root, cls_recovery *out, cls_error *err)
{
	char *jpath = clsi_path_join(root, JOURNAL_NAME);
	size_t len = 0, n = 0;
	bool gone;
	tfile *t = NULL;
	jstate state;
	int rc = -1;
	char *buf = NULL;
	if (!jpath) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	buf = journal_read(jpath, JOURNAL_NAME, &len, &gone, err);
	if (!buf) {
		rc = gone ? 0 : -1;
		goto out;
	}
	if (journal_parse(JOURNAL_NAME, buf, len, &state, &t, &n, err))
		goto out;
	/* every name checked and every folder writable before anything is
	 * touched */
	for (size_t i = 0; i < n; i++) {
		if (resolve(root, &t[i]) != 0) {
			clsi_seterr(err,
			    _("%s: cannot finish the interrupted import: %s: "
			      "%s"),
			    JOURNAL_NAME, t[i].rel, strerror(errno));
			goto out;
		}
		if (!names_ok(&t[i])) {
			clsi_seterr(err,
			    _("%s names \"%s\", which is not a file of the "
			      "contract: cls import did not write it; look at "
			      "it, remove it, then run cls again"),
			    JOURNAL_NAME, t[i].tmpname);
			goto out;
		}
		if (!(t[i].tmp = clsi_path_join(t[i].dir, t[i].tmpname))
		    || !(t[i].bak = clsi_path_join(t[i].dir, t[i].bakname))) {
			clsi_seterr(err, _("out of memory"));
			goto out;
		}
		if (!dir_writable(t[i].dir)) {
			char *croot = realpath(root, NULL);
			say_read_only(err, shown_dir(croot, t[i].dir));
			free(croot);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		bool tmp = lstat(t[i].tmp, &st) == 0;
		int r = 0;
		if (state == J_COMMITTED) {
			if (tmp)
				r = rename(t[i].tmp, t[i].target);
		} else if (state == J_ROLLBACK) {
			if (tmp)
				r = unlink(t[i].tmp); /* never renamed */
			else if (lstat(t[i].bak, &st) == 0)
				r = rename(t[i].bak, t[i].target);
		} else if (tmp) {
			r = unlink(t[i].tmp);
		}
		if (r == 0 && unlink(t[i].bak) != 0 && errno != ENOENT)
			r = -1;
		if (r != 0) {
			clsi_seterr(err,
			    _("cannot finish the interrupted import: %s: %s; "
			      "run cls again to go on"),
			    t[i].rel, strerror(errno));
			goto out;
		}
		clsi_test_hook("recover", i + 1);
	}
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || strcmp(t[i].dir, t[i - 1].dir) != 0)
		    && sync_dir(t[i].dir) != 0) {
			clsi_seterr(err, "%s: %s", t[i].dir, strerror(errno));
			goto out;
		}
	if (unlink(jpath) != 0 || sync_dir(root) != 0) {
		clsi_seterr(err, "%s: %s", JOURNAL_NAME, strerror(errno));
		goto out;
	}
	out->kind = state == J_COMMITTED ? CLS_RECOVERED_FINISHED
	                                 : CLS_RECOVERED_ROLLED_BACK;
	out->files = n;
	if (state == J_COMMITTED)
		snprintf(out->message, sizeof(out->message),
		    P_("finished an interrupted import of %zu fiche",
		        "finished an interrupted import of %zu fiches", n),
		    n);
	else
		snprintf(out->message, sizeof(out->message), "%s",
		    _("rolled back an interrupted import: every fiche is as "
		      "it was before it; run cls import again"));
	rc = 0;
out:
	tfiles_free(t, n);
	free(buf);
	free(jpath);
	return rc;
}

/* Removes the lock file that an import killed before its journal left
 * (no other trace of it), unless a process holds it. */
static void drop_stale_lock(const char *root)
{
	char *p = clsi_path_join(root, LOCK_NAME);
	struct stat st;
	int fd;
	if (p && lstat(p, &st) == 0 && S_ISREG(st.st_mode) && dir_writable(root)
	    && lock_try(p, &fd) == 0) {
		unlink(p);
		close(fd);
	}
	free(p);
}

int cls_contract_recover(const char *root, cls_recovery *out, cls_error *err)
{
	cls_recovery none = {CLS_RECOVERED_NOTHING, 0, ""};
	cls_recovery *r = out ? out : &none;
	*r = none;
	if (!exists_in(root, JOURNAL_NAME)) {
		drop_stale_lock(root);
		return 0;
	}
	if (!dir_writable(root)) {
		say_read_only(err, NULL);
		return -1;
	}
	lock lk;
	int got = lock_take(root, 0, false, &lk, err);
	if (got == 1) {
		/* a live import: before its commit point no file has
		 * changed, and the files can be read as they are */
		char *jpath = clsi_path_join(root, JOURNAL_NAME);
		size_t len = 0, n = 0;
		bool gone = false;
		char *buf = jpath
		    ? journal_read(jpath, JOURNAL_NAME, &len, &gone, NULL)
		    : NULL;
		jstate state = J_TORN;
		tfile *t = NULL;
		bool parsed = buf
		    && journal_parse(
		           JOURNAL_NAME, buf, len, &state, &t, &n, NULL)
		        == 0;
		tfiles_free(t, n);
		free(buf);
		free(jpath);
		if (gone || (parsed && state < J_COMMITTED))
			return 0;
		got = lock_take(root, LOCK_WAIT_MS, false, &lk, err);
	}
	if (got != 0)
		return -1;
	int rc = recover_locked(root, r, err);
	lock_release(&lk);
	return rc;
}

/* ---------------------------------------------------------- replacement */

/* Prepares t for file f: where it is, and that it is still the file read,
 * writable in a writable folder.  Returns 0 or fills err. */
static int check_one(
    const char *root, tfile *t, const clsi_txn_file *f, cls_error *err)
{
	struct stat st;
	if (!(t->rel = strdup(f->rel))) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	if (resolve(root, t) != 0 || stat(t->target, &st) != 0) {
		clsi_seterr(
		    err, _("cannot write %s: %s"), f->rel, strerror(errno));
		return -1;
	}
	if (!same_identity(&st, &f->st)
	    || !same_content(t->target, f->old, f->old_len)) {
		clsi_seterr(err,
		    _("%s changed while cls import ran: run it "
		      "again"),
		    f->rel);
		return -1;
	}
	if (!writable(t->target, &st)) {
		clsi_seterr(err,
		    _("cannot write %s: the file is read-only; make it "
		      "writable (chmod u+w) or leave its rows out of the "
		      "CSV"),
		    f->rel);
		return -1;
	}
	if (!dir_writable(t->dir)) {
		clsi_seterr(err,
		    _("cannot write %s: its folder is read-only; make it "
		      "writable (chmod u+w)"),
		    f->rel);
		return -1;
	}
	t->id = st;
	return 0;
}

/* Writes the temporary of t (synced, with the original's mode and
 * owner) and keeps the original under its backup name. */
static int make_aside(tfile *t, const clsi_txn_file *f, cls_error *err)
{
	int fd = open(
	    t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		clsi_seterr(
		    err, _("cannot write %s: %s"), f->rel, strerror(errno));
		return -1;
	}
	t->tmp_made = true;
	if (fchown(fd, t->id.st_uid, t->id.st_gid) != 0) {
		/* not ours to give away: the file becomes the user's */
	}
	int e = 0;
	if (fchmod(fd, t->id.st_mode & 07777) != 0
	    || write_all(fd, f->text, f->len) != 0 || fsync(fd) != 0)
		e = errno ? errno : EIO;
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		clsi_seterr(err, _("cannot write %s: %s"), f->rel, strerror(e));
		return -1;
	}
	/* the backup: a second name of the original, or else a copy */
	if (link(t->target, t->bak) == 0) {
		t->bak_made = true;
	} else {
		fd = open(t->bak,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			t->bak_made = true;
			if (fchmod(fd, t->id.st_mode & 07777) != 0
			    || write_all(fd, f->old, f->old_len) != 0
			    || fsync(fd) != 0)
				e = errno ? errno : EIO;
			if (close(fd) != 0 && !e)
				e = errno;
		} else {
			e = errno;
		}
		if (e) {
			clsi_seterr(
			    err, _("cannot write %s: %s"), f->rel, strerror(e));
			return -1;
		}
	}
	/* a new link changed its ctime: what it must be when replaced */
	struct stat st;
	if (stat(t->target, &st) != 0) {
		clsi_seterr(
		    err, _("cannot write %s: %s"), f->rel, strerror(errno));
		return -1;
	}
	if (!same_identity(&st, &t->id)) {
		t->id.st_ctim = st.st_ctim;
		if (!same_identity(&st, &t->id)) {
			clsi_seterr(err,
			    _("%s changed while cls import ran: run it again"),
			    f->rel);
			return -1;
		}
	}
	return 0;
}

static int sync_dirs(const tfile *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(t[k].dir, t[i].dir) == 0;
		if (!seen && sync_dir(t[i].dir) != 0)
			return -1;
	}
	return 0;
}

/* Removes what was made aside, after a failure before the commit point. */
static void undo_aside(tfile *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].tmp_made)
			unlink(t[i].tmp);
		if (t[i].bak_made)
			unlink(t[i].bak);
	}
	(void)!sync_dirs(t, n);
}

/* After the commit point, a check failed or a rename did: puts back the
 * files already renamed.  Returns 0, or -1 with err filled when one could
 * not be (the journal then stays for the next command). */
static int roll_back(
    int jfd, cls_buf *j, tfile *t, size_t n, size_t done, cls_error *err)
{
	/* without the record (a full disk), a kill now would roll forward:
	 * the files are put back all the same */
	(void)!record(jfd, j, "rollback", -1);
	clsi_test_hook("rollback", 0);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < done && rename(t[i].bak, t[i].target) != 0) {
			clsi_seterr(err,
			    _("%s could not be put back as it was: check it "
			      "(git diff)"),
			    t[i].rel);
			rc = -1;
			continue;
		}
		if (i >= done)
			unlink(t[i].tmp);
		unlink(t[i].bak);
	}
	if (sync_dirs(t, n) != 0)
		rc = -1;
	return rc;
}

int clsi_txn_replace(
    const char *root, const clsi_txn_file *f, size_t n, cls_error *err)
{
	if (!n)
		return 0;
	if (!dir_writable(root)) {
		clsi_seterr(err,
		    _("cannot write %s: the contract's folder is read-only "
		      "(cls import keeps its lock there); make it writable "
		      "(chmod u+w)"),
		    f[0].rel);
		return -1;
	}
	lock lk;
	if (lock_take(root, LOCK_WAIT_MS, true, &lk, err) != 0)
		return -1;
	/* signals that would end the run wait until it is over; a kill
	 * leaves the journal to the next command */
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&block, sigs[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	clsi_test_hook("locked", 0);

	int rc = -1, jfd = -1;
	bool journal = false, committed = false;
	size_t made = 0, done = 0;
	cls_buf j;
	cls_buf_init(&j);
	char *jpath = clsi_path_join(root, JOURNAL_NAME);
	tfile *t = calloc(n, sizeof(*t));
	if (!jpath || !t) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	/* an import killed since this one's load: settled first */
	cls_recovery rec;
	if (exists_in(root, JOURNAL_NAME)
	    && recover_locked(root, &rec, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (check_one(root, &t[i], &f[i], err) != 0)
			goto out;
		for (size_t k = 0; k < i; k++)
			if (t[k].id.st_ino == t[i].id.st_ino
			    && t[k].id.st_dev == t[i].id.st_dev) {
				clsi_seterr(err,
				    _("cannot write %s: it is the same file "
				      "as %s (a link); keep one of the two"),
				    f[i].rel, f[k].rel);
				goto out;
			}
		char token[TOKEN_LEN + 1];
		make_token(token, i);
		if (name_aside(&t[i], token) != 0) {
			clsi_seterr(err, _("out of memory"));
			goto out;
		}
	}
	/* the plan, durable before anything it names exists */
	cls_buf_add(&j, MAGIC);
	for (size_t i = 0; i < n; i++) {
		cls_buf_add(&j, "file ");
		enc(&j, t[i].rel);
		cls_buf_addc(&j, ' ');
		enc(&j, t[i].tmpname);
		cls_buf_addc(&j, ' ');
		enc(&j, t[i].bakname);
		cls_buf_addc(&j, '\n');
	}
	jfd = open(
	    jpath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (jfd < 0) {
		clsi_seterr(err, _("cannot write %s: %s"), JOURNAL_NAME,
		    strerror(errno));
		goto out;
	}
	journal = true;
	if (j.oom || write_all(jfd, j.s, j.len) != 0
	    || record(jfd, &j, "prepared", (long)n) != 0
	    || sync_dir(root) != 0) {
		clsi_seterr(err, _("cannot write %s: %s"), JOURNAL_NAME,
		    strerror(j.oom ? ENOMEM : errno));
		goto out;
	}
	clsi_test_hook("journal", 0);
	for (; made < n; made++) {
		if (make_aside(&t[made], &f[made], err) != 0) {
			made++;
			goto out;
		}
		clsi_test_hook("temp", made + 1);
	}
	if (sync_dirs(t, n) != 0) {
		clsi_seterr(
		    err, _("cannot write %s: %s"), f[0].rel, strerror(errno));
		goto out;
	}
	/* the commit point: from here the next command finishes the job */
	if (record(jfd, &j, "commit", -1) != 0) {
		clsi_seterr(err, _("cannot write %s: %s"), JOURNAL_NAME,
		    strerror(errno));
		goto out;
	}
	committed = true;
	clsi_test_hook("commit", 0);
	for (; done < n; done++) {
		struct stat st;
		if (stat(t[done].target, &st) != 0
		    || !same_identity(&st, &t[done].id)
		    || !same_content(
		        t[done].target, f[done].old, f[done].old_len)) {
			clsi_seterr(err,
			    _("%s changed while cls import ran: run it again"),
			    f[done].rel);
			break;
		}
		if (rename(t[done].tmp, t[done].target) != 0) {
			clsi_seterr(err, _("cannot write %s: %s"), f[done].rel,
			    strerror(errno));
			break;
		}
		t[done].renamed = true;
		clsi_test_hook("rename", done + 1);
	}
	if (done < n) {
		cls_error why = *err;
		if (roll_back(jfd, &j, t, n, done, err) == 0)
			*err = why;
		else
			journal = false; /* kept for the next command */
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		unlink(t[i].bak);
	if (sync_dirs(t, n) != 0) {
		clsi_seterr(
		    err, _("cannot write %s: %s"), f[0].rel, strerror(errno));
		journal = false; /* the next command finishes */
		goto out;
	}
	clsi_test_hook("renamed", 0);
	rc = 0;
out:
	if (!committed && t)
		undo_aside(t, made);
	if (jfd >= 0)
		close(jfd);
	if (journal && (unlink(jpath) != 0 || sync_dir(root) != 0) && rc == 0) {
		clsi_seterr(err, _("cannot write %s: %s"), JOURNAL_NAME,
		    strerror(errno));
		rc = -1;
	}
	cls_buf_release(&j);
	free(jpath);
	tfiles_free(t, n);
	lock_release(&lk);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
