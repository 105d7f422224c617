/* SPDX-License-Identifier: MIT */
/*
 * contract.c - loads a contract directory: finds it like git finds a
 * repository, lists cls.yaml and the fiches, reads each file within bounds,
 * runs the per-file stage (or takes it from the cache), assembles the model
 * and sorts the diagnostics.  Failures to do the job (cls.yaml missing, a
 * folder or file that cannot be read) are cls_error; everything wrong in
 * the data is a diagnostic.
 */
#include "model.h"

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
	size_t counts[3]; /* by severity */
	bool french; /* diagnostics made in French, as asked */
	uint64_t catalog; /* the catalog they were made with */
	const char **files;
	size_t nfiles;
	/* each file's device and inode as listed (0 0: no stat), so that
	 * cls_contract_reads() knows a file under another name */
	struct file_id {
		dev_t dev;
		ino_t ino;
	} * ids;
	cls_recovery recovery; /* what the load's recovery did */
	/* the answer asked for (cls_load_options.answer_key): the cache and
	 * the fingerprint it is kept for, the key, and what was found */
	cls_cache *cache;
	uint64_t fp;
	void *key;
	size_t keylen;
	unsigned char *kept; /* malloc'd */
	size_t keptlen;
};

int clsi_file_analyse(arena *a, doc_kind kind, const char *file,
    const unsigned char *buf, size_t len, file_result *fr)
{
	dsink d;
	clsi_dsink_init(&d, a);
	/* A flood of problems (a wrong file, a generated one) would cost
	 * time and memory and help no one: past the limit, one says so. */
	d.limit = CLS_MAX_FILE_DIAGS;
	memset(fr, 0, sizeof(*fr));
	fr->file = file;
	if (len > CLS_MAX_FILE_SIZE) {
		clsi_diag_at(&d, file, 1, 1, "file-too-large",
		    _("file is larger than "
		      "%d KiB: a contract file is much smaller, is it the "
		      "right "
		      "file?"),
		    CLS_MAX_FILE_SIZE / 1024);
	} else if (len == 0) {
		clsi_diag_at(&d, file, 1, 1, "empty-file", "%s",
		    kind == DOC_CLS ? _("file is empty: write the contract's "
		                        "keys, or delete the file")
		                    : _("file is empty: write the fiche's "
		                        "keys, or delete the file"));
	} else {
		/* libyaml checks every byte it reads: a file it read whole is
		 * valid UTF-8, and only one it stopped in is checked again,
		 * to say what is wrong with its encoding, if that is it. */
		const char *text = (const char *)buf;
		size_t tlen = len;
		bool whole;
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			text += 3; /* BOM: columns are unaffected */
			tlen -= 3;
		}
		fr->root
		    = clsi_yaml_parse_whole(a, &d, file, text, tlen, &whole);
		size_t bad;
		char msg[256];
		if (!whole
		    && clsi_utf8_check(buf, len, &bad, msg, sizeof(msg)) != 0) {
			/* what the parse said of a file in another encoding
			 * is noise: the encoding alone is said */
			clsi_dsink_release(&d);
			clsi_dsink_init(&d, a);
			d.limit = CLS_MAX_FILE_DIAGS;
			fr->root = NULL;
			int line = 1;
			size_t bol = 0;
			for (size_t i = 0; i < bad; i++)
				if (buf[i] == '\n') {
					line++;
					bol = i + 1;
				}
			clsi_diag_at(&d, file, line,
			    clsi_utf8_columns(
			        (const char *)buf + bol, bad - bol)
			        + 1,
			    "encoding", "%s", msg);
		} else if (fr->root) {
			clsi_shape_check(&d, file, kind, fr->root);
		}
	}
	if (d.dropped) {
		d.limit = 0;
		clsi_diag_at(&d, file, d.drop_line, d.drop_col,
		    "too-many-problems",
		    _("%zu more problems in this file are not shown (the "
		      "limit is %d): fix the ones above, or check that it is "
		      "the right file"),
		    d.dropped, CLS_MAX_FILE_DIAGS);
	}
	int rc = d.failed ? -1 : 0;
	if (d.n) {
		fr->diags = clsi_arena_alloc(a, d.n * sizeof(cls_diag));
		if (fr->diags) {
			memcpy(fr->diags, d.v, d.n * sizeof(cls_diag));
			fr->ndiags = d.n;
		} else {
			rc = -1;
		}
	}
	clsi_dsink_release(&d);
	return rc;
}

/* ------------------------------------------------- the files, in parallel */

/* What the per-file stage does with one file the cache did not answer. */
typedef struct job {
	int hit; /* clsi_cache_get()'s answer: 1 done, 0 analyse, 2 read only */
	struct stat st; /* as listed; as opened once read */
	unsigned char *buf; /* kept for the cache's content check (hit 2) */
	size_t len;
	uint64_t hash; /* of the content, for the cache */
	cls_buf blob; /* the cache's row, when there is a cache */
	cls_cache_row row; /* hit 1: the cached blob, decoded in parallel */
	bool failed;
	cls_error err;
	atomic_bool done; /* set last by the thread that took the file */
} job;

typedef struct stage {
	const char *root;
	const file_list *names;
	const char *const *files;
	file_result *fr;
	job *jobs;
	size_t n;
	cls_cache *cache; /* NULL, or where the calling thread writes rows */
	bool french; /* messages in French whatever the locale */
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
			clsi_cache_put_blob(sg->cache, sg->files[sg->put],
			    &j->st, j->hash, &j->blob);
		cls_buf_release(&j->blob);
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
		char *path = clsi_path_join(sg->root, sg->names->v[i].path);
		if (!path) {
			clsi_seterr(&j->err, _("out of memory"));
			j->failed = true;
		} else {
			j->buf = clsi_read_file(
			    path, sg->files[i], &j->st, &j->len, &j->err);
			j->failed = !j->buf;
			free(path);
		}
		if (!j->failed && j->hit == 0) {
			if (clsi_file_analyse(a, i == 0 ? DOC_CLS : DOC_FICHE,
			        sg->files[i], j->buf, j->len, &sg->fr[i])) {
				clsi_seterr(&j->err, _("out of memory"));
				j->failed = true;
			} else if (sg->cache) {
				j->hash = clsi_hash(j->buf, j->len);
				clsi_cache_blob(&j->blob, &sg->fr[i]);
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
	clsi_i18n_force_french(h->sg->french);
	stage_work(h->sg, h->a, false);
	return NULL;
}

/* How many threads read and parse (1: no thread is started). */
static size_t stage_threads(size_t todo)
{
	/* a thread costs about as much as parsing a small file */
	return clsi_threads_for(todo, 2);
}

/* Runs the per-file stage over every file in sg, in this thread and as
 * many helpers as pay, this thread writing the cache rows as files are
 * done; what the helpers allocate ends up in a. */
static int stage_run(stage *sg, size_t todo, arena *a)
{
	helper hs[8];
	size_t nh = 0, want = stage_threads(todo) - 1;
	for (; nh < want; nh++) {
		hs[nh] = (helper){.sg = sg, .a = clsi_arena_new()};
		if (!hs[nh].a)
			break;
		if (pthread_create(&hs[nh].t, NULL, helper_main, &hs[nh])) {
			clsi_arena_free(hs[nh].a);
			break; /* fewer threads: still correct */
		}
	}
	stage_work(sg, a, true);
	for (size_t k = 0; k < nh; k++) {
		pthread_join(hs[k].t, NULL);
		clsi_arena_adopt(a, hs[k].a);
	}
	stage_put(sg);
	return 0;
}

/* ----------------------------------------- the cache's rows, in parallel */

typedef struct decoding {
	job *jobs;
	file_result *fr;
	const char *const *files;
	size_t n;
	arena *arenas[8]; /* one per thread, adopted by the contract's */
	bool french;
	atomic_size_t next;
	atomic_size_t missed; /* blobs the cache did not write */
} decoding;

static void decode_some(void *arg, size_t thread)
{
	decoding *d = arg;
	clsi_i18n_force_french(d->french);
	for (size_t i; (i = atomic_fetch_add(&d->next, 1)) < d->n;) {
		job *j = &d->jobs[i];
		if (j->hit != 1)
			continue;
		if (clsi_cache_decode(
		        d->arenas[thread], d->files[i], &j->row, &d->fr[i])) {
			memset(&d->fr[i], 0, sizeof(d->fr[i]));
			j->hit = 0; /* read it, as a miss */
			atomic_fetch_add(&d->missed, 1);
		}
	}
}

/* a cached file is decoded in a few microseconds: threads pay from this
 * many */
enum { ROWS_PER_THREAD = 32 };

/* Fills fr[i] for every file the cache answered (hit 1) from its row, in
 * as many threads as pay, allocating from a; a row that cannot be decoded
 * makes its file a miss (hit 0) and the cache is rebuilt.  Returns how
 * many became misses. */
static size_t decode_rows(cls_cache *ca, job *jobs, file_result *fr,
    const char *const *files, size_t n, size_t hits, arena *a)
{
	decoding d = {.jobs = jobs,
	    .fr = fr,
	    .files = files,
	    .n = n,
	    .french = clsi_i18n_forced_french()};
	atomic_init(&d.next, 0);
	atomic_init(&d.missed, 0);
	size_t nt = clsi_threads_for(hits, ROWS_PER_THREAD);
	d.arenas[0] = a;
	for (size_t k = 1; k < nt; k++)
		if (!(d.arenas[k] = clsi_arena_new()))
			nt = k; /* fewer threads: still correct */
	clsi_run_threads(nt, decode_some, &d);
	for (size_t k = 1; k < nt; k++)
		clsi_arena_adopt(a, d.arenas[k]);
	size_t missed = atomic_load(&d.missed);
	if (missed)
		clsi_cache_damaged(ca);
	return missed;
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
	clsi_sort(k, total, sizeof(*k), keyed_cmp);
	c->diags
	    = clsi_arena_alloc(c->a, (total ? total : 1) * sizeof(cls_diag));
	if (!c->diags) {
		free(k);
		return -1;
	}
	for (size_t i = 0; i < total; i++) {
		c->diags[i] = k[i].d;
		c->counts[k[i].d.severity % 3]++;
	}
	c->ndiags = total;
	free(k);
	return 0;
}

cls_contract *cls_contract_load(
    const char *root, const cls_load_options *opts, cls_error *err)
{
	cls_contract *c = calloc(1, sizeof(*c));
	file_list names = {0};
	file_result *fr = NULL;
	job *jobs = NULL;
	cls_cache *ca = opts ? opts->cache : NULL;
	bool have_fp = false, changed = false;
	uint64_t fp = 0;
	long long newest = 0;
	dsink model = {0}; /* released on every path, even before init */
	int ok = 0;
	bool was_french = clsi_i18n_forced_french();

	if (opts && opts->french)
		clsi_i18n_force_french(true);
	if (!c || !(c->a = clsi_arena_new()) || !(c->root = strdup(root))) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	clsi_dsink_init(&model, c->a);
	c->french = clsi_i18n_forced_french();
	c->catalog = clsi_catalog();
	/* an import killed on the way: finished or undone before a file is
	 * read */
	if (cls_contract_recover(root, &c->recovery, err)
	    || clsi_list_files(root, &names, err))
		goto out;

	c->files = clsi_arena_alloc(c->a, names.n * sizeof(char *));
	c->ids = clsi_arena_alloc(c->a, names.n * sizeof(*c->ids));
	fr = calloc(names.n, sizeof(*fr));
	if (!c->files || !c->ids || !fr) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < names.n; i++) {
		if (!(c->files[c->nfiles++]
		        = clsi_arena_strdup(c->a, names.v[i].path))) {
			clsi_seterr(err, _("out of memory"));
			goto out;
		}
		if (names.v[i].st_ok)
			c->ids[i] = (struct file_id){
			    names.v[i].st.st_dev, names.v[i].st.st_ino};
	}
	if (ca) {
		clsi_cache_begin(ca, root);
		have_fp = clsi_list_fingerprint(&names, &fp, &newest);
		/* Nothing changed since the last load: its diagnostics are
		 * the answer, without reading a single file's row. */
		if (have_fp && opts->answer_key
		    && !(
		        c->key = clsi_arena_alloc(c->a, opts->answer_keylen))) {
			clsi_seterr(err, _("out of memory"));
			goto out;
		}
		if (have_fp && c->key) {
			memcpy(c->key, opts->answer_key, opts->answer_keylen);
			c->keylen = opts->answer_keylen;
			c->cache = ca;
			c->fp = fp;
		}
		/* Nothing changed since the program stored its answer: that
		 * and the diagnostics are the whole load. */
		if (c->key
		    && clsi_cache_answer_get(ca, fp, newest, c->key, c->keylen,
		        &c->kept, &c->keptlen)
		    && !clsi_cache_result_get(ca, c->a, fp, newest, c->files,
		        c->nfiles, &c->diags, &c->ndiags)) {
			free(c->kept);
			c->kept = NULL;
		}
		if (c->kept
		    || (have_fp && opts->diags_only
		        && clsi_cache_result_get(ca, c->a, fp, newest, c->files,
		            c->nfiles, &c->diags, &c->ndiags))) {
			for (size_t i = 0; i < c->ndiags; i++)
				c->counts[c->diags[i].severity % 3]++;
			clsi_cache_commit(ca);
			ok = 1;
			goto out;
		}
	}

	/* The cache answers what it can by identity; the other files are
	 * read and analysed by every core while this thread writes their
	 * rows. */
	jobs = calloc(names.n, sizeof(*jobs));
	if (!jobs) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	size_t todo = 0;
	for (size_t i = 0; i < names.n; i++) {
		jobs[i].st = names.v[i].st;
		if (have_fp)
			jobs[i].hit = clsi_cache_get_row(
			    ca, c->a, c->files[i], &jobs[i].st, &jobs[i].row);
		changed |= jobs[i].hit != 1; /* read, or re-recorded */
		todo += jobs[i].hit != 1;
	}
	if (have_fp && todo < names.n) {
		size_t missed = decode_rows(
		    ca, jobs, fr, c->files, names.n, names.n - todo, c->a);
		changed |= missed > 0;
		todo += missed;
	}
	stage sg = {.root = root,
	    .names = &names,
	    .files = c->files,
	    .fr = fr,
	    .jobs = jobs,
	    .n = names.n,
	    .cache = ca,
	    .french = clsi_i18n_forced_french()};
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
			if (clsi_cache_get(
			        ca, c->a, rel, &j->st, j->buf, j->len, &fr[i])
			    != 1) {
				if (clsi_file_analyse(c->a,
				        i == 0 ? DOC_CLS : DOC_FICHE, rel,
				        j->buf, j->len, &fr[i])) {
					clsi_seterr(err, _("out of memory"));
					goto out;
				}
				clsi_cache_put(
				    ca, rel, &j->st, j->buf, j->len, &fr[i]);
			}
		}
	}
	if (clsi_model_build(c->a, &model, fr, names.n, &c->plan)
	    || collect(c, fr, names.n, &model)) {
		clsi_seterr(err, _("out of memory"));
		goto out;
	}
	if (ca) {
		/* A load that found everything as it was writes nothing:
		 * a write would cost a warm run more than it saves. */
		if (have_fp && (changed || !clsi_cache_result_current(ca, fp)))
			clsi_cache_result_put(
			    ca, fp, c->diags, c->ndiags, c->files, c->nfiles);
		clsi_cache_end(ca, c->files, c->nfiles);
	}
	ok = 1;
out:
	clsi_i18n_force_french(was_french);
	clsi_dsink_release(&model);
	for (size_t i = 0; jobs && i < names.n; i++) {
		free(jobs[i].buf);
		cls_buf_release(&jobs[i].blob);
	}
	free(jobs);
	free(fr);
	clsi_list_release(&names);
	if (!ok) {
		cls_contract_free(c);
		return NULL;
	}
	return c;
}

cls_contract *clsi_contract_load_memory(const char *const *files,
    const unsigned char *const *bufs, const size_t *lens, size_t n,
    cls_error *err)
{
	cls_contract *c = calloc(1, sizeof(*c));
	file_result *fr = calloc(n ? n : 1, sizeof(*fr));
	dsink model = {0};
	int ok = 0;
	if (!c || !fr || !(c->a = clsi_arena_new()) || !(c->root = strdup("."))
	    || !(c->files
	        = clsi_arena_alloc(c->a, (n ? n : 1) * sizeof(char *))))
		goto out;
	clsi_dsink_init(&model, c->a);
	for (size_t i = 0; i < n; i++) {
		if (!(c->files[c->nfiles++] = clsi_arena_strdup(c->a, files[i]))
		    || clsi_file_analyse(c->a, i == 0 ? DOC_CLS : DOC_FICHE,
		        c->files[i], bufs[i], lens[i], &fr[i]))
			goto out;
	}
	if (clsi_model_build(c->a, &model, fr, n, &c->plan)
	    || collect(c, fr, n, &model))
		goto out;
	ok = 1;
out:
	clsi_dsink_release(&model);
	free(fr);
	if (!ok) {
		clsi_seterr(err, _("out of memory"));
		cls_contract_free(c);
		return NULL;
	}
	return c;
}

const void *cls_contract_kept(const cls_contract *c, size_t *len)
{
	*len = c->kept ? c->keptlen : 0;
	return c->kept;
}

void cls_contract_keep(const cls_contract *c, const void *data, size_t len)
{
	if (c->cache && c->key && !c->kept)
		clsi_cache_answer_put(c->cache, c->root, c->catalog, c->fp,
		    c->key, c->keylen, data, len);
}

void cls_contract_free(cls_contract *c)
{
	if (!c)
		return;
	clsi_arena_free(c->a);
	free(c->kept);
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
	return (unsigned)s < 3 ? c->counts[s] : 0;
}

bool cls_contract_french(const cls_contract *c)
{
	return c->french || (c->catalog && c->catalog == clsi_catalog_french());
}

const cls_recovery *cls_contract_recovery(const cls_contract *c)
{
	return &c->recovery;
}

const char *const *cls_contract_files(const cls_contract *c, size_t *count)
{
	*count = c->nfiles;
	return c->files;
}

/* Whether name is one the listing of fiches/ would take: a .yaml or .yml
 * file, not hidden, in folders that are not hidden. */
static bool fiche_name(const char *rel)
{
	size_t n = strlen(rel);
	bool yaml = (n > 5 && strcmp(rel + n - 5, ".yaml") == 0)
	    || (n > 4 && strcmp(rel + n - 4, ".yml") == 0);
	for (const char *p = rel; yaml && *p; p = strchr(p, '/') + 1) {
		if (*p == '.')
			return false;
		if (!strchr(p, '/'))
			break;
	}
	return yaml;
}

char *cls_contract_reads(const cls_contract *c, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		for (size_t i = 0; c->ids && i < c->nfiles; i++)
			if ((c->ids[i].dev || c->ids[i].ino)
			    && c->ids[i].dev == st.st_dev
			    && c->ids[i].ino == st.st_ino)
				return strdup(c->files[i]);
		return NULL;
	}
	/* Not there: would the contract read it, once written?  Its folder
	 * and the root, made canonical, tell where it falls. */
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir = slash
	    ? strndup(path, (size_t)(slash - path) + (slash == path))
	    : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL;
	char *root = realpath(c->root, NULL);
	free(dir);
	char *hit = NULL;
	size_t rl = root ? strlen(root) : 0;
	if (real && root && strncmp(real, root, rl) == 0
	    && (real[rl] == '/' || real[rl] == '\0')) {
		const char *sub = real[rl] ? real + rl + 1 : "";
		size_t n = strlen(sub) + strlen(name) + 2;
		if ((hit = malloc(n))) {
			snprintf(hit, n, "%s%s%s", sub, *sub ? "/" : "", name);
			if (strcmp(hit, "cls.yaml") != 0
			    && !(strncmp(hit, "fiches/", 7) == 0
			        && fiche_name(hit + 7))) {
				free(hit);
				hit = NULL;
			}
		}
	}
	free(real);
	free(root);
	return hit;
}
