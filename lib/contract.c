/*
 * contract.c - loads a contract directory: finds it like git finds a
 * repository, lists cls.yaml and the fiches, reads each file within bounds,
 * runs the per-file stage (or takes it from the cache), assembles the model
 * and sorts the diagnostics.  Failures to do the job (cls.yaml missing, a
 * folder or file that cannot be read) are cls_error; everything wrong in
 * the data is a diagnostic.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cls_contract {
	arena *a;
	char *root;
	cls_plan plan;
	cls_diag *diags;
	size_t ndiags;
	size_t counts[2];
	const char **files;
	size_t nfiles;
};

/* ------------------------------------------------------------ discovery */

/* The canonical path of start, as realpath() gives it.  realpath() reads
 * the link of every component (a system call each); on Linux the kernel
 * names an open folder in one.  Falls back on realpath(). */
static char *canonical(const char *start)
{
#ifdef __linux__
	int fd = open(start, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		char link[64], buf[PATH_MAX];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, buf, sizeof(buf));
		close(fd);
		/* a folder deleted, or out of reach of the process's root,
		 * is named differently: then realpath() decides */
		static const char gone[] = " (deleted)";
		size_t g = sizeof(gone) - 1;
		if (n > 0 && (size_t)n < sizeof(buf) && buf[0] == '/'
		    && !((size_t)n >= g && memcmp(buf + n - g, gone, g) == 0)) {
			buf[n] = '\0';
			return strdup(buf);
		}
	}
#endif
	return realpath(start, NULL);
}

int cls_contract_find(const char *start, char **root, cls_error *err)
{
	char *dir = canonical(start);
	if (!dir) {
		seterr(err, "%s: %s", start, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n = strlen(dir);
		char *probe = malloc(n + sizeof("/cls.yaml"));
		if (!probe) {
			free(dir);
			seterr(err, _("out of memory"));
			return -1;
		}
		snprintf(probe, n + sizeof("/cls.yaml"), "%s/cls.yaml",
		    strcmp(dir, "/") == 0 ? "" : dir);
		struct stat st;
		int found = stat(probe, &st) == 0;
		free(probe);
		if (found) {
			*root = dir;
			return 0;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || strcmp(dir, "/") == 0)
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
	seterr(err,
	    _("no cls.yaml found in %s or any folder above it: run cls "
	      "inside a contract, or name one with -C DIR"),
	    start);
	return -1;
}

/* --------------------------------------------------------- listing files */

/* The files of a contract, with the stat taken when they were listed (the
 * cache's identity check and fingerprint use it; no second lookup). */
typedef struct entry {
	char *path; /* relative to the root */
	struct stat st;
	bool st_ok;
} entry;

typedef struct list {
	entry *v;
	size_t n, cap;
} list;

static int list_add(list *l, char *s, const struct stat *st)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		entry *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	entry *e = &l->v[l->n++];
	e->path = s;
	e->st_ok = st != NULL;
	if (st)
		e->st = *st;
	return 0;
}

static void list_release(list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
}

static bool yaml_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0)
	    || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = malloc(na + nb + 2);
	if (s) { /* once per file of a contract: no printf */
		memcpy(s, a, na);
		s[na] = '/';
		memcpy(s + na + 1, b, nb + 1);
	}
	return s;
}

/* Collects the fiche files under rel (relative to root), skipping hidden
 * entries and never following a symlink to a folder (no loops).  Each file
 * is stat'ed once, relative to its open folder. */
static int walk(
    const char *root, const char *rel, int depth, list *out, cls_error *err)
{
	char *abs = join(root, rel);
	if (!abs) {
		seterr(err, _("out of memory"));
		return -1;
	}
	DIR *dir = opendir(abs);
	if (!dir) {
		int e = errno;
		free(abs);
		if (e == ENOENT && depth == 0)
			return 0; /* no fiches yet */
		seterr(err, _("%s: cannot read folder: %s"), rel, strerror(e));
		return -1;
	}
	int rc = -1, fd = dirfd(dir);
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		bool is_dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			struct stat lst;
			if (fstatat(fd, de->d_name, &lst, AT_SYMLINK_NOFOLLOW))
				continue;
			is_dir = S_ISDIR(lst.st_mode);
		}
		if (!is_dir && !yaml_name(de->d_name))
			continue;
		char *r = join(rel, de->d_name);
		if (!r) {
			seterr(err, _("out of memory"));
			goto out;
		}
		if (is_dir) {
			if (depth + 1 > CLS_MAX_DIR_DEPTH) {
				seterr(err,
				    _("%s: folders nested more than %d levels "
				      "deep under fiches/: move the fiches up"),
				    r, CLS_MAX_DIR_DEPTH);
				free(r);
				goto out;
			}
			int w = walk(root, r, depth + 1, out, err);
			free(r);
			if (w)
				goto out;
			continue;
		}
		/* Follows a symlink to a file; a dangling one, or one to a
		 * folder, a fifo or a device, is not a fiche. */
		struct stat st;
		if (fstatat(fd, de->d_name, &st, 0) != 0
		    || !S_ISREG(st.st_mode)) {
			free(r);
			continue;
		}
		if (out->n > CLS_MAX_FICHES) { /* out holds cls.yaml too */
			seterr(err,
			    _("fiches: more than %d fiche files: a contract "
			      "holds far fewer, check that this is the right "
			      "folder"),
			    CLS_MAX_FICHES);
			free(r);
			goto out;
		}
		if (list_add(out, r, &st)) {
			free(r);
			seterr(err, _("out of memory"));
			goto out;
		}
	}
	rc = 0;
out:
	closedir(dir);
	free(abs);
	return rc;
}

static int path_ptr_cmp(const void *a, const void *b)
{
	return strcmp(
	    (*(const entry *const *)a)->path, (*(const entry *const *)b)->path);
}

/* Sorts v by path: the pointers, then the entries (each holds a struct
 * stat: moving them at every step of the sort cost more than comparing
 * them).  Returns 0, or -1 with err filled. */
static int sort_entries(entry *v, size_t n, cls_error *err)
{
	const entry **p = malloc((n ? n : 1) * sizeof(*p));
	entry *t = malloc((n ? n : 1) * sizeof(*t));
	if (!p || !t) {
		free(p);
		free(t);
		seterr(err, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	qsort(p, n, sizeof(*p), path_ptr_cmp);
	for (size_t i = 0; i < n; i++)
		t[i] = *p[i];
	memcpy(v, t, n * sizeof(*v));
	free(p);
	free(t);
	return 0;
}

/* Lists the files of the contract at root as a load reads them: cls.yaml
 * first (with or without a stat: a missing one is said by the load), then
 * the fiches sorted by path.  Returns 0, or -1 with err filled. */
static int list_files(const char *root, list *names, cls_error *err)
{
	char *first = strdup("cls.yaml"), *clspath = join(root, "cls.yaml");
	struct stat clsst;
	bool clsok = clspath && stat(clspath, &clsst) == 0;
	free(clspath);
	if (!first || list_add(names, first, clsok ? &clsst : NULL)) {
		free(first);
		seterr(err, _("out of memory"));
		return -1;
	}
	if (walk(root, "fiches", 0, names, err))
		return -1;
	return sort_entries(names->v + 1, names->n - 1, err);
}

/* Hashes every file's path and stat identity (as listed) into the
 * contract's fingerprint.  Returns false when a file has no stat (the load
 * will then say why, file by file). */
static bool fingerprint(const list *names, uint64_t *fp, long long *newest)
{
	*newest = 0;
	uint64_t h = cache_hash(CLS_VERSION, strlen(CLS_VERSION));
	for (size_t i = 0; i < names->n; i++) {
		const entry *e = &names->v[i];
		if (!e->st_ok)
			return false;
		/* the ctime too: a file put back with its old mtime on a
		 * reused inode has a new one */
		long long id[5] = {(long long)e->st.st_size,
		    (long long)e->st.st_mtim.tv_sec * 1000000000LL
		        + e->st.st_mtim.tv_nsec,
		    (long long)e->st.st_ino, (long long)e->st.st_dev,
		    (long long)e->st.st_ctim.tv_sec * 1000000000LL
		        + e->st.st_ctim.tv_nsec};
		if (id[1] > *newest)
			*newest = id[1];
		if (id[4] > *newest)
			*newest = id[4];
		/* chained, entry by entry: no copy of the whole listing */
		uint64_t link[6] = {h};
		memcpy(link + 1, id, sizeof(id));
		h = cache_hash(link, sizeof(link))
		    ^ cache_hash(e->path, strlen(e->path));
	}
	*fp = h;
	return true;
}

int contract_identity(
    const char *root, uint64_t *fp, long long *newest, cls_error *err)
{
	list names = {0};
	int rc = list_files(root, &names, err);
	if (rc == 0 && !fingerprint(&names, fp, newest))
		rc = 1;
	list_release(&names);
	return rc;
}

/* ---------------------------------------------------------- reading files */

/* Reads at most CLS_MAX_FILE_SIZE + 1 bytes (enough to know it is too
 * big).  Returns a malloc'd buffer or NULL with err filled. */
unsigned char *read_file(const char *path, const char *rel, struct stat *st,
    size_t *len, cls_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, _("%s: cannot open: %s"), rel, strerror(errno));
		return NULL;
	}
	unsigned char *buf = NULL;
	if (fstat(fd, st) != 0) {
		seterr(err, _("%s: cannot stat: %s"), rel, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		seterr(err, _("%s: not a regular file"), rel);
		goto fail;
	}
	size_t cap = (size_t)st->st_size < CLS_MAX_FILE_SIZE
	    ? (size_t)st->st_size + 1
	    : CLS_MAX_FILE_SIZE + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		seterr(err, _("out of memory"));
		goto fail;
	}
	size_t n = 0;
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			seterr(err, _("%s: cannot read: %s"), rel,
			    strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

int file_analyse(arena *a, doc_kind kind, const char *file,
    const unsigned char *buf, size_t len, file_result *fr)
{
	dsink d;
	dsink_init(&d, a);
	/* A flood of problems (a wrong file, a generated one) would cost
	 * time and memory and help no one: past the limit, one says so. */
	d.limit = CLS_MAX_FILE_DIAGS;
	memset(fr, 0, sizeof(*fr));
	fr->file = file;
	if (len > CLS_MAX_FILE_SIZE) {
		diag_at(&d, file, 1, 1, "file-too-large",
		    _("file is larger than "
		      "%d KiB: a contract file is much smaller, is it the "
		      "right "
		      "file?"),
		    CLS_MAX_FILE_SIZE / 1024);
	} else if (len == 0) {
		diag_at(&d, file, 1, 1, "empty-file", "%s",
		    kind == DOC_CLS ? _("file is empty: write the contract's "
		                        "keys, or delete the file")
		                    : _("file is empty: write the fiche's "
		                        "keys, or delete the file"));
	} else {
		size_t bad;
		char msg[256];
		if (utf8_check(buf, len, &bad, msg, sizeof(msg)) != 0) {
			int line = 1;
			size_t bol = 0;
			for (size_t i = 0; i < bad; i++)
				if (buf[i] == '\n') {
					line++;
					bol = i + 1;
				}
			diag_at(&d, file, line,
			    utf8_columns((const char *)buf + bol, bad - bol)
			        + 1,
			    "encoding", "%s", msg);
		} else {
			const char *text = (const char *)buf;
			if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
				text += 3; /* BOM: columns are unaffected */
				len -= 3;
			}
			fr->root = yaml_parse(a, &d, file, text, len);
			if (fr->root)
				shape_check(&d, file, kind, fr->root);
		}
	}
	if (d.dropped) {
		d.limit = 0;
		diag_at(&d, file, d.drop_line, d.drop_col, "too-many-problems",
		    _("%zu more problems in this file are not shown (the "
		      "limit is %d): fix the ones above, or check that it is "
		      "the right file"),
		    d.dropped, CLS_MAX_FILE_DIAGS);
	}
	int rc = d.failed ? -1 : 0;
	if (d.n) {
		fr->diags = arena_alloc(a, d.n * sizeof(cls_diag));
		if (fr->diags) {
			memcpy(fr->diags, d.v, d.n * sizeof(cls_diag));
			fr->ndiags = d.n;
		} else {
			rc = -1;
		}
	}
	dsink_release(&d);
	return rc;
}

/* ------------------------------------------------- the files, in parallel */

/* What the per-file stage does with one file the cache did not answer. */
typedef struct job {
	int hit; /* cache_get()'s answer: 1 done, 0 analyse, 2 read only */
	struct stat st; /* as listed; as opened once read */
	unsigned char *buf; /* kept for the cache's content check (hit 2) */
	size_t len;
	uint64_t hash; /* of the content, for the cache */
	strbuf blob; /* the cache's row, when there is a cache */
	bool failed;
	cls_error err;
	atomic_bool done; /* set last by the thread that took the file */
} job;

typedef struct stage {
	const char *root;
	const list *names;
	const char *const *files;
	file_result *fr;
	job *jobs;
	size_t n;
	cls_cache *cache; /* NULL, or where the calling thread writes rows */
	atomic_size_t next; /* the next file to take */
	size_t put; /* the calling thread's: rows written up to here */
} stage;

/* Writes the cache rows of the files done so far, in order, so that the
 * writes overlap the parsing of the other files.  The calling thread only:
 * it alone uses SQLite. */
static void stage_put(stage *sg)
{
	for (; sg->put < sg->n; sg->put++) {
		job *j = &sg->jobs[sg->put];
		if (j->hit != 0)
			continue; /* answered by the cache, or checked later */
		if (!atomic_load_explicit(&j->done, memory_order_acquire))
			return;
		if (!j->failed && sg->cache)
			cache_put_blob(sg->cache, sg->files[sg->put], &j->st,
			    j->hash, &j->blob);
		sb_release(&j->blob);
	}
}

/* Takes files until none is left, allocating from a.  Runs in every
 * thread of the stage: it touches only its own files' job and fr.  A
 * failure does not stop the others, so that the error reported is always
 * that of the first file in order. */
static void stage_work(stage *sg, arena *a, bool caller)
{
	for (;;) {
		if (caller)
			stage_put(sg);
		size_t i = atomic_fetch_add(&sg->next, 1);
		if (i >= sg->n)
			return;
		job *j = &sg->jobs[i];
		if (j->hit == 1)
			continue;
		char *path = join(sg->root, sg->names->v[i].path);
		if (!path) {
			seterr(&j->err, _("out of memory"));
			j->failed = true;
		} else {
			j->buf = read_file(
			    path, sg->files[i], &j->st, &j->len, &j->err);
			j->failed = !j->buf;
			free(path);
		}
		if (!j->failed && j->hit == 0) {
			if (file_analyse(a, i == 0 ? DOC_CLS : DOC_FICHE,
			        sg->files[i], j->buf, j->len, &sg->fr[i])) {
				seterr(&j->err, _("out of memory"));
				j->failed = true;
			} else if (sg->cache) {
				j->hash = cache_hash(j->buf, j->len);
				cache_blob(&j->blob, &sg->fr[i]);
			}
			free(j->buf);
			j->buf = NULL;
		}
		atomic_store_explicit(&j->done, true, memory_order_release);
	}
}

typedef struct helper {
	pthread_t t;
	stage *sg;
	arena *a;
} helper;

static void *helper_main(void *arg)
{
	helper *h = arg;
	stage_work(h->sg, h->a, false);
	return NULL;
}

size_t lib_threads(void)
{
	const char *e = getenv("CLS_THREADS");
	long n = e && *e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 8 ? 8 : (size_t)n;
}

/* How many threads read and parse (1: no thread is started). */
static size_t stage_threads(size_t todo)
{
	size_t n = lib_threads();
	/* a thread costs about as much as parsing a small file */
	if (n > todo / 2)
		n = todo / 2;
	return n < 1 ? 1 : n;
}

/* Runs the per-file stage over every file in sg, in this thread and as
 * many helpers as pay, this thread writing the cache rows as files are
 * done; what the helpers allocate ends up in a. */
static int stage_run(stage *sg, size_t todo, arena *a)
{
	helper hs[8];
	size_t nh = 0, want = stage_threads(todo) - 1;
	for (; nh < want; nh++) {
		hs[nh] = (helper){.sg = sg, .a = arena_new()};
		if (!hs[nh].a)
			break;
		if (pthread_create(&hs[nh].t, NULL, helper_main, &hs[nh])) {
			arena_free(hs[nh].a);
			break; /* fewer threads: still correct */
		}
	}
	stage_work(sg, a, true);
	for (size_t k = 0; k < nh; k++) {
		pthread_join(hs[k].t, NULL);
		arena_adopt(a, hs[k].a);
	}
	stage_put(sg);
	return 0;
}

/* -------------------------------------------------------------- loading */

typedef struct keyed {
	size_t file, seq;
	cls_diag d;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->d.loc.line != y->d.loc.line)
		return x->d.loc.line < y->d.loc.line ? -1 : 1;
	if (x->d.loc.column != y->d.loc.column)
		return x->d.loc.column < y->d.loc.column ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Gathers the per-file and whole-contract diagnostics in file, line and
 * column order. */
static int collect(cls_contract *c, file_result *fr, size_t n, dsink *model)
{
	size_t total = model->n;
	for (size_t i = 0; i < n; i++)
		total += fr[i].ndiags;
	keyed *k = malloc((total ? total : 1) * sizeof(*k));
	if (!k)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < fr[i].ndiags; j++, m++)
			k[m] = (keyed){i, m, fr[i].diags[j]};
	for (size_t j = 0; j < model->n; j++, m++) {
		size_t f = 0;
		for (size_t i = 0; i < n; i++)
			if (fr[i].file == model->v[j].loc.file)
				f = i;
		k[m] = (keyed){f, m, model->v[j]};
	}
	qsort(k, total, sizeof(*k), keyed_cmp);
	c->diags = arena_alloc(c->a, (total ? total : 1) * sizeof(cls_diag));
	if (!c->diags) {
		free(k);
		return -1;
	}
	for (size_t i = 0; i < total; i++) {
		c->diags[i] = k[i].d;
		c->counts[k[i].d.severity == CLS_WARNING]++;
	}
	c->ndiags = total;
	free(k);
	return 0;
}

cls_contract *cls_contract_load(
    const char *root, const cls_load_options *opts, cls_error *err)
{
	cls_contract *c = calloc(1, sizeof(*c));
	list names = {0};
	file_result *fr = NULL;
	job *jobs = NULL;
	cls_cache *ca = opts ? opts->cache : NULL;
	bool have_fp = false, changed = false;
	uint64_t fp = 0;
	long long newest = 0;
	dsink model = {0}; /* released on every path, even before init */
	int ok = 0;

	if (!c || !(c->a = arena_new()) || !(c->root = strdup(root))) {
		seterr(err, _("out of memory"));
		goto out;
	}
	dsink_init(&model, c->a);
	if (list_files(root, &names, err))
		goto out;

	c->files = arena_alloc(c->a, names.n * sizeof(char *));
	fr = calloc(names.n, sizeof(*fr));
	if (!c->files || !fr) {
		seterr(err, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < names.n; i++)
		if (!(c->files[c->nfiles++]
		        = arena_strdup(c->a, names.v[i].path))) {
			seterr(err, _("out of memory"));
			goto out;
		}
	if (ca) {
		cache_begin(ca, root);
		have_fp = fingerprint(&names, &fp, &newest);
		/* Nothing changed since the last load: its diagnostics are
		 * the answer, without reading a single file's row. */
		if (have_fp && opts->diags_only
		    && cache_result_get(ca, c->a, fp, newest, c->files,
		        c->nfiles, &c->diags, &c->ndiags)) {
			for (size_t i = 0; i < c->ndiags; i++)
				c->counts[c->diags[i].severity
				    == CLS_WARNING]++;
			cache_commit(ca);
			ok = 1;
			goto out;
		}
	}

	/* The cache answers what it can by identity; the other files are
	 * read and analysed by every core while this thread writes their
	 * rows. */
	jobs = calloc(names.n, sizeof(*jobs));
	if (!jobs) {
		seterr(err, _("out of memory"));
		goto out;
	}
	size_t todo = 0;
	for (size_t i = 0; i < names.n; i++) {
		jobs[i].st = names.v[i].st;
		if (have_fp)
			jobs[i].hit = cache_get(ca, c->a, c->files[i],
			    &jobs[i].st, NULL, 0, &fr[i]);
		changed |= jobs[i].hit != 1; /* read, or re-recorded */
		todo += jobs[i].hit != 1;
	}
	stage sg = {.root = root,
	    .names = &names,
	    .files = c->files,
	    .fr = fr,
	    .jobs = jobs,
	    .n = names.n,
	    .cache = ca};
	atomic_init(&sg.next, 0);
	for (size_t i = 0; i < names.n; i++)
		atomic_init(&jobs[i].done, false);
	stage_run(&sg, todo, c->a);
	for (size_t i = 0; i < names.n; i++)
		if (jobs[i].failed) {
			*err = jobs[i].err;
			goto out;
		}
	for (size_t i = 0; i < names.n; i++) {
		job *j = &jobs[i];
		const char *rel = c->files[i];
		if (j->hit == 2) {
			/* racy or moved: only the content can tell */
			if (cache_get(
			        ca, c->a, rel, &j->st, j->buf, j->len, &fr[i])
			    != 1) {
				if (file_analyse(c->a,
				        i == 0 ? DOC_CLS : DOC_FICHE, rel,
				        j->buf, j->len, &fr[i])) {
					seterr(err, _("out of memory"));
					goto out;
				}
				cache_put(
				    ca, rel, &j->st, j->buf, j->len, &fr[i]);
			}
		}
	}
	if (model_build(c->a, &model, fr, names.n, &c->plan)
	    || collect(c, fr, names.n, &model)) {
		seterr(err, _("out of memory"));
		goto out;
	}
	if (ca) {
		/* A load that found everything as it was writes nothing:
		 * a write would cost a warm run more than it saves. */
		if (have_fp && (changed || !cache_result_current(ca, fp)))
			cache_result_put(
			    ca, fp, c->diags, c->ndiags, c->files, c->nfiles);
		cache_end(ca, c->files, c->nfiles);
	}
	ok = 1;
out:
	dsink_release(&model);
	for (size_t i = 0; jobs && i < names.n; i++) {
		free(jobs[i].buf);
		sb_release(&jobs[i].blob);
	}
	free(jobs);
	free(fr);
	list_release(&names);
	if (!ok) {
		cls_contract_free(c);
		return NULL;
	}
	return c;
}

cls_contract *contract_load_memory(const char *const *files,
    const unsigned char *const *bufs, const size_t *lens, size_t n,
    cls_error *err)
{
	cls_contract *c = calloc(1, sizeof(*c));
	file_result *fr = calloc(n ? n : 1, sizeof(*fr));
	dsink model = {0};
	int ok = 0;
	if (!c || !fr || !(c->a = arena_new()) || !(c->root = strdup("."))
	    || !(c->files = arena_alloc(c->a, (n ? n : 1) * sizeof(char *))))
		goto out;
	dsink_init(&model, c->a);
	for (size_t i = 0; i < n; i++) {
		if (!(c->files[c->nfiles++] = arena_strdup(c->a, files[i]))
		    || file_analyse(c->a, i == 0 ? DOC_CLS : DOC_FICHE,
		        c->files[i], bufs[i], lens[i], &fr[i]))
			goto out;
	}
	if (model_build(c->a, &model, fr, n, &c->plan)
	    || collect(c, fr, n, &model))
		goto out;
	ok = 1;
out:
	dsink_release(&model);
	free(fr);
	if (!ok) {
		seterr(err, _("out of memory"));
		cls_contract_free(c);
		return NULL;
	}
	return c;
}

void cls_contract_free(cls_contract *c)
{
	if (!c)
		return;
	arena_free(c->a);
	free(c->root);
	free(c);
}

const char *cls_contract_root(const cls_contract *c)
{
	return c->root;
}

const cls_plan *cls_contract_plan(const cls_contract *c)
{
	return &c->plan;
}

const cls_diag *cls_contract_diags(const cls_contract *c, size_t *count)
{
	*count = c->ndiags;
	return c->diags;
}

size_t cls_contract_count(const cls_contract *c, cls_severity s)
{
	return c->counts[s == CLS_WARNING];
}

const char *const *cls_contract_files(const cls_contract *c, size_t *count)
{
	*count = c->nfiles;
	return c->files;
}
