/* SPDX-License-Identifier: MIT */
/*
 * memo.c - the answer of a whole command, kept in the cache folder: a run
 * over unchanged contracts is answered by stating their files (which the
 * cache needs to see a change anyway) and copying what the last run wrote,
 * with no load, no model, no formatting and not even the database: each
 * answer is one file, DIR/memo/KEY, read with two system calls and copied
 * in large blocks.  The files of many contracts are listed and stat'ed on
 * every core: that is all a warm run does.
 *
 * An answer file: a 40-byte header ("CLSMEMO1", when it was written in ns,
 * the status, a check of the header, the length of the messages, the
 * length of the output), the messages, the output.  It is written beside its
 * place and renamed there, so that a reader sees a whole answer or none; one
 * whose length does not add up is ignored.  Past 64 answers or 256 MiB, the
 * oldest go.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEMO_MAGIC "CLSMEMO1"
#define MEMO_HEADER 40
#define MEMO_FILES 64
#define MEMO_BYTES (256LL << 20)

struct cls_memo {
	char *dir; /* DIR/memo */
	char path[64]; /* the answer's name in dir */
	uint64_t key;
	long long newest; /* the latest mtime or ctime of every file */
	long long surveyed; /* when their stat was taken: the answer is as of
	                     * then, however long it took to compute */
	int fd; /* the answer found, or -1 */
	int status;
	size_t len[2]; /* output, messages */
};

/* Whether a file changed at newest may have changed again, unseen by its
 * stat, since written_ns: within 2 s (the mtime of FAT file systems), or
 * $CLS_MEMO_RACY_MS, which the tests set to 0 to see answers replayed. */
static bool racy(long long newest, long long written_ns)
{
	static long long window = -1;
	if (window < 0) {
		const char *e = getenv("CLS_MEMO_RACY_MS");
		long long ms = e && *e ? strtoll(e, NULL, 10) : 2000;
		window = (ms < 0 ? 0 : ms) * 1000000LL;
	}
	return newest >= written_ns - window;
}

/* One start, as a worker resolved it. */
typedef struct slot {
	char *root;
	uint64_t fp;
	long long newest;
	int rc; /* 0 when root, fp and newest are set */
} slot;

typedef struct survey {
	const char *const *starts;
	slot *v;
	size_t n;
	atomic_size_t next;
} survey;

static void survey_one(const char *start, slot *s)
{
	cls_error err = {{0}};
	s->rc = -1;
	/* an import's journal or lock: its files are being replaced, or
	 * were when it was killed; the load finishes or undoes it (and
	 * removes a lock left), never the memo */
	if (cls_contract_find(start, &s->root, &err) == 0
	    && !clsi_txn_pending(s->root))
		s->rc
		    = clsi_contract_identity(s->root, &s->fp, &s->newest, &err);
}

static void survey_some(void *arg, size_t thread)
{
	(void)thread; /* each takes the next start not yet taken */
	survey *sv = arg;
	size_t i;
	while ((i = atomic_fetch_add(&sv->next, 1)) < sv->n)
		survey_one(sv->starts[i], &sv->v[i]);
}

/* Resolves and stats every start, with as many threads as pay. */
static void survey_run(survey *sv)
{
	clsi_run_threads(clsi_threads_for(sv->n, 1), survey_some, sv);
}

/* The 40-byte header, little or big endian as the machine writes it: the
 * folder is per user and per machine. */
typedef struct header {
	char magic[8];
	long long written_ns; /* as of: when the files were surveyed */
	int32_t status;
	uint32_t check; /* of the header with check 0: a damaged status or
	                 * length is never believed */
	uint64_t msglen, outlen;
} header;
_Static_assert(sizeof(header) == MEMO_HEADER, "the header is 40 bytes");

static uint32_t header_check(header h)
{
	h.check = 0;
	return (uint32_t)clsi_hash(&h, sizeof(h));
}

/* Opens the answer of m->key, if there is one whose header adds up and
 * that no file is too recent for. */
static void find(cls_memo *m)
{
	char p[4200];
	header h;
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", m->dir, m->path);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h)
	    && memcmp(h.magic, MEMO_MAGIC, 8) == 0 && h.check == header_check(h)
	    && fstat(fd, &st) == 0 && h.msglen <= (uint64_t)MEMO_BYTES
	    && h.outlen <= (uint64_t)MEMO_BYTES
	    && (uint64_t)st.st_size == MEMO_HEADER + h.msglen + h.outlen
	    && !racy(m->newest, h.written_ns)) {
		m->fd = fd;
		m->status = h.status;
		m->len[CLS_MEMO_OUTPUT] = (size_t)h.outlen;
		m->len[CLS_MEMO_MESSAGES] = (size_t)h.msglen;
		return;
	}
	close(fd);
}

cls_memo *cls_memo_open(const char *dir, const void *key, size_t keylen,
    const char *const *starts, size_t n)
{
	/* only in a folder of the user's, as the cache (which may not have
	 * made it yet: then cls_memo_put() looks again) */
	if (!dir || !*dir || !n
	    || (access(dir, F_OK) == 0 && !clsi_own_dir(dir, true)))
		return NULL;
	survey sv = {starts, calloc(n, sizeof(slot)), n, 0};
	cls_memo *m = calloc(1, sizeof(*m));
	size_t dl = strlen(dir) + sizeof("/memo");
	char *mdir = malloc(dl);
	cls_buf b;
	cls_buf_init(&b);
	bool ok = sv.v && m && mdir;
	if (ok) {
		snprintf(mdir, dl, "%s/memo", dir);
		atomic_init(&sv.next, 0);
		m->surveyed = clsi_now_ns();
		survey_run(&sv);
		/* The key: the caller's, the language of messages, then each
		 * contract's root and fingerprint, in the caller's order. */
		uint64_t lang = clsi_catalog();
		cls_buf_addn(&b, (const char *)&keylen, sizeof(keylen));
		cls_buf_addn(&b, key, keylen);
		cls_buf_addn(&b, (const char *)&lang, sizeof(lang));
		for (size_t i = 0; i < n && ok; i++) {
			slot *s = &sv.v[i];
			ok = s->rc == 0;
			if (!ok)
				break;
			cls_buf_addn(&b, s->root, strlen(s->root) + 1);
			cls_buf_addn(&b, (const char *)&s->fp, sizeof(s->fp));
			if (s->newest > m->newest)
				m->newest = s->newest;
		}
	}
	for (size_t i = 0; sv.v && i < n; i++)
		free(sv.v[i].root);
	free(sv.v);
	if (!ok || b.oom) {
		cls_buf_release(&b);
		free(mdir);
		free(m);
		return NULL;
	}
	m->dir = mdir;
	m->fd = -1;
	m->key = clsi_hash(b.s, b.len);
	cls_buf_release(&b);
	snprintf(
	    m->path, sizeof(m->path), "%016llx", (unsigned long long)m->key);
	find(m);
	return m;
}

bool cls_memo_found(const cls_memo *m, int *status)
{
	if (m->fd >= 0)
		*status = m->status;
	return m->fd >= 0;
}

size_t cls_memo_size(const cls_memo *m, int part)
{
	return m->fd >= 0 && (part == 0 || part == 1) ? m->len[part] : 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

int cls_memo_copy(cls_memo *m, int part, int fd)
{
	if (m->fd < 0 || (part != 0 && part != 1))
		return -1;
	/* the messages come first in the file */
	off_t at = MEMO_HEADER
	    + (off_t)(part == CLS_MEMO_OUTPUT ? m->len[CLS_MEMO_MESSAGES] : 0);
	size_t left = m->len[part];
	/* In the kernel, page cache to output, when it can. */
	while (left) {
		ssize_t k = sendfile(fd, m->fd, &at, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		left -= (size_t)k;
	}
	static char buf[1 << 18];
	while (left) {
		size_t want = left < sizeof(buf) ? left : sizeof(buf);
		ssize_t k = pread(m->fd, buf, want, at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || write_all(fd, buf, (size_t)k))
			return -1;
		at += k;
		left -= (size_t)k;
	}
	return 0;
}

typedef struct aged {
	char name[32];
	long long mtime;
	long long size;
} aged;

static int aged_cmp(const void *a, const void *b)
{
	const aged *x = a, *y = b; /* newest first */
	return x->mtime != y->mtime ? (x->mtime < y->mtime ? 1 : -1)
	                            : strcmp(x->name, y->name);
}

/* Forgets the oldest answers past MEMO_FILES or MEMO_BYTES, and the
 * temporary files of runs killed before their rename. */
static void trim(const char *mdir)
{
	DIR *d = opendir(mdir);
	if (!d)
		return;
	aged *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int fd = dirfd(d);
	long long now = clsi_now_ns();
	while ((de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.' && de->d_name[1] != 't')
			continue; /* ".", ".." */
		if (strlen(de->d_name) >= sizeof(v->name)
		    || fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0
		    || !S_ISREG(st.st_mode))
			continue;
		long long mt = (long long)st.st_mtim.tv_sec * 1000000000LL
		    + st.st_mtim.tv_nsec;
		if (de->d_name[0] == '.') { /* ".tmp-": a killed run's */
			if (mt < now - 3600LL * 1000000000LL)
				unlinkat(fd, de->d_name, 0);
			continue;
		}
		if (n == cap) {
			size_t c = cap ? 2 * cap : 64;
			aged *w = realloc(v, c * sizeof(*v));
			if (!w)
				break;
			v = w;
			cap = c;
		}
		memcpy(v[n].name, de->d_name, strlen(de->d_name) + 1);
		v[n].mtime = mt;
		v[n].size = (long long)st.st_size;
		n++;
	}
	clsi_sort(v, n, sizeof(*v), aged_cmp);
	long long total = 0;
	for (size_t i = 0; i < n; i++) {
		total += v[i].size;
		if (i >= MEMO_FILES || total > MEMO_BYTES)
			unlinkat(fd, v[i].name, 0);
	}
	free(v);
	closedir(d);
}

int cls_memo_put(cls_memo *m, int status, const void *out, size_t outlen,
    const void *msg, size_t msglen)
{
	/* The answer is as of the survey: a file changed within the racy
	 * window of it may have changed again unseen while the command ran
	 * (however long it ran), and would never let the answer be found;
	 * keeping it would only push a useful one out.  One over the size
	 * of the memo would push out all. */
	if (racy(m->newest, m->surveyed) || outlen > (size_t)MEMO_BYTES
	    || msglen > (size_t)MEMO_BYTES - outlen)
		return -1;
	char parent[4200];
	snprintf(parent, sizeof(parent), "%.*s",
	    (int)(strlen(m->dir) - strlen("/memo")), m->dir);
	if (!clsi_own_dir(parent, true)
	    || (mkdir(m->dir, 0700) != 0 && errno != EEXIST)
	    || !clsi_own_dir(m->dir, false))
		return -1;
	char tmp[4200], dst[4200];
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", m->dir, m->path);
	snprintf(dst, sizeof(dst), "%s/%s", m->dir, m->path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	header h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MEMO_MAGIC, 8);
	h.written_ns = m->surveyed;
	h.status = status;
	h.msglen = msglen;
	h.outlen = outlen;
	h.check = header_check(h);
	int rc = write_all(fd, &h, sizeof(h)) || write_all(fd, msg, msglen)
	        || write_all(fd, out, outlen)
	    ? -1
	    : 0;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, dst) != 0)
		rc = -1;
	if (rc)
		unlink(tmp);
	else
		trim(m->dir);
	return rc;
}

void cls_memo_free(cls_memo *m)
{
	if (!m)
		return;
	if (m->fd >= 0)
		close(m->fd);
	free(m->dir);
	free(m);
}

int clsi_memo_clear(const char *dir)
{
	char mdir[4200];
	snprintf(mdir, sizeof(mdir), "%s/memo", dir);
	DIR *d = opendir(mdir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")
		    && unlinkat(dirfd(d), de->d_name, 0) != 0
		    && errno != ENOENT)
			rc = -1;
	closedir(d);
	if (rc == 0 && rmdir(mdir) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}
