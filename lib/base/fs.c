/* SPDX-License-Identifier: MIT */
/*
 * fs.c - the files of a contract as the file system shows them: the
 * contract found the way git finds a repository, its files listed with the
 * stat taken once (the identity the cache and the memo key on), and a file
 * read within bounds.  Knows nothing of YAML.
 */
#include "base.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		clsi_seterr(err, "%s: %s", start, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n = strlen(dir);
		char *probe = malloc(n + sizeof("/cls.yaml"));
		if (!probe) {
			free(dir);
			clsi_seterr(err, _("out of memory"));
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
	clsi_seterr(err,
	    _("no cls.yaml found in %s or any folder above it: run cls "
	      "inside a contract, or name one with -C DIR"),
	    start);
	return -1;
}

/* --------------------------------------------------------- listing files */

static int list_add(file_list *l, char *s, const struct stat *st)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		file_entry *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	file_entry *e = &l->v[l->n++];
	e->path = s;
	e->st_ok = st != NULL;
	if (st)
		e->st = *st;
	return 0;
}

void clsi_list_release(file_list *l)
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

char *clsi_path_join(const char *a, const char *b)
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
static int walk(const char *root, const char *rel, int depth, file_list *out,
    cls_error *err)
{
	char *abs = clsi_path_join(root, rel);
	if (!abs) {
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	DIR *dir = opendir(abs);
	if (!dir) {
		int e = errno;
		free(abs);
		if (e == ENOENT && depth == 0)
			return 0; /* no fiches yet */
		clsi_seterr(
		    err, _("%s: cannot read folder: %s"), rel, strerror(e));
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
		char *r = clsi_path_join(rel, de->d_name);
		if (!r) {
			clsi_seterr(err, _("out of memory"));
			goto out;
		}
		if (is_dir) {
			if (depth + 1 > CLS_MAX_DIR_DEPTH) {
				clsi_seterr(err,
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
			clsi_seterr(err,
			    _("fiches: more than %d fiche files: a contract "
			      "holds far fewer, check that this is the right "
			      "folder"),
			    CLS_MAX_FICHES);
			free(r);
			goto out;
		}
		if (list_add(out, r, &st)) {
			free(r);
			clsi_seterr(err, _("out of memory"));
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
	return strcmp((*(const file_entry *const *)a)->path,
	    (*(const file_entry *const *)b)->path);
}

/* Sorts v by path: the pointers, then the entries (each holds a struct
 * stat: moving them at every step of the sort cost more than comparing
 * them).  Returns 0, or -1 with err filled. */
static int sort_entries(file_entry *v, size_t n, cls_error *err)
{
	const file_entry **p = malloc((n ? n : 1) * sizeof(*p));
	file_entry *t = malloc((n ? n : 1) * sizeof(*t));
	if (!p || !t) {
		free(p);
		free(t);
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	clsi_sort(p, n, sizeof(*p), path_ptr_cmp);
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
int clsi_list_files(const char *root, file_list *names, cls_error *err)
{
	char *first = strdup("cls.yaml"),
	     *clspath = clsi_path_join(root, "cls.yaml");
	struct stat clsst;
	bool clsok = clspath && stat(clspath, &clsst) == 0;
	free(clspath);
	if (!first || list_add(names, first, clsok ? &clsst : NULL)) {
		free(first);
		clsi_seterr(err, _("out of memory"));
		return -1;
	}
	if (walk(root, "fiches", 0, names, err))
		return -1;
	return sort_entries(names->v + 1, names->n - 1, err);
}

/* Hashes every file's path and stat identity (as listed) into the
 * contract's fingerprint.  Returns false when a file has no stat (the load
 * will then say why, file by file). */
bool clsi_list_fingerprint(
    const file_list *names, uint64_t *fp, long long *newest)
{
	*newest = 0;
	uint64_t h = clsi_hash(CLS_VERSION, strlen(CLS_VERSION));
	for (size_t i = 0; i < names->n; i++) {
		const file_entry *e = &names->v[i];
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
		/* chained, file_entry by file_entry: no copy of the whole
		 * listing */
		uint64_t link[6] = {h};
		memcpy(link + 1, id, sizeof(id));
		h = clsi_hash(link, sizeof(link))
		    ^ clsi_hash(e->path, strlen(e->path));
	}
	*fp = h;
	return true;
}

int clsi_contract_identity(
    const char *root, uint64_t *fp, long long *newest, cls_error *err)
{
	file_list names = {0};
	int rc = clsi_list_files(root, &names, err);
	if (rc == 0 && !clsi_list_fingerprint(&names, fp, newest))
		rc = 1;
	clsi_list_release(&names);
	return rc;
}

/* ---------------------------------------------------------- reading files */

unsigned char *clsi_read_file(const char *path, const char *rel,
    struct stat *st, size_t *len, cls_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		clsi_seterr(
		    err, _("%s: cannot open: %s"), rel, strerror(errno));
		return NULL;
	}
	unsigned char *buf = NULL;
	if (fstat(fd, st) != 0) {
		clsi_seterr(
		    err, _("%s: cannot stat: %s"), rel, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		clsi_seterr(err, _("%s: not a regular file"), rel);
		goto fail;
	}
	size_t cap = (size_t)st->st_size < CLS_MAX_FILE_SIZE
	    ? (size_t)st->st_size + 1
	    : CLS_MAX_FILE_SIZE + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		clsi_seterr(err, _("out of memory"));
		goto fail;
	}
	size_t n = 0;
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			clsi_seterr(err, _("%s: cannot read: %s"), rel,
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

bool clsi_own_dir(const char *path, bool follow)
{
	struct stat st;
	int rc = follow ? stat(path, &st) : lstat(path, &st);
	return rc == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid();
}
