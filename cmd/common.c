/* SPDX-License-Identifier: MIT */
/*
 * common.c - helpers every subcommand uses: messages (made safe for the
 * terminal) and usage, colour, loading the contract through the cache,
 * GCC-style diagnostics, checked and atomic output, years.
 */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h" /* CLS_BUILD_LOCALEDIR: where `make install` puts the
                     * catalogs, made by the Makefile */

/* The first of LC_ALL, LC_MESSAGES, LANG that is set: the locale the user
 * named for messages, or NULL. */
static const char *named_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static bool is_c_locale(const char *l)
{
	return strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0
	    || strncmp(l, "C.", 2) == 0;
}

/* Whether dir holds an installed catalog: the French one, shipped with
 * every cls, tells a folder of catalogs from an unrelated one. */
static bool has_catalog(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	return snprintf(p, sizeof(p), "%s/fr/LC_MESSAGES/cls.mo", dir)
	    < (int)sizeof(p)
	    && stat(p, &st) == 0;
}

/* The catalogs: $CLS_LOCALEDIR; else the build tree's locale/ beside the
 * uninstalled binary; else the installed ones, where `make install` put
 * them or at ../share/locale from the binary (a tree moved or staged with
 * DESTDIR).  NULL: the library's default. */
static const char *catalog_dir(char *buf, size_t n)
{
	const char *env = getenv("CLS_LOCALEDIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	if (len <= 0 || !(exe[len] = '\0', slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	struct stat st;
	if (snprintf(buf, n, "%s/locale", exe) < (int)n && stat(buf, &st) == 0
	    && S_ISDIR(st.st_mode))
		return buf;
	if (has_catalog(CLS_BUILD_LOCALEDIR))
		return CLS_BUILD_LOCALEDIR;
	if (snprintf(buf, n, "%s/../share/locale", exe) < (int)n
	    && has_catalog(buf))
		return buf;
	return NULL;
}

void cmd_i18n_catalogs(void)
{
	static bool done;
	char buf[PATH_MAX];
	if (done)
		return;
	done = true;
	cls_i18n_init(catalog_dir(buf, sizeof(buf)));
}

void cmd_i18n(void)
{
	const char *language = getenv("LANGUAGE");
	const char *named = named_locale();
	bool want_language = language && *language;
	/* No locale but C's and no LANGUAGE: English, without even asking
	 * the C library (which would read its locale files for nothing). */
	if ((!named || is_c_locale(named)) && !want_language)
		return;
	const char *lm = setlocale(LC_MESSAGES, "");
	if (!lm && named && !is_c_locale(named)) {
		/* The named locale is not installed (fr_FR.UTF-8 on a minimal
		 * system): its language still chooses the messages, as
		 * LANGUAGE would; C.UTF-8 lets gettext read LANGUAGE. */
		if (!want_language) {
			char l[64];
			snprintf(l, sizeof(l), "%.*s",
			    (int)strcspn(named, ".@"), named);
			setenv("LANGUAGE", l, 1);
			want_language = true;
		}
		lm = setlocale(LC_MESSAGES, "C.UTF-8");
	} else if (lm && strcmp(lm, "C") == 0 && want_language && !named) {
		/* gettext ignores LANGUAGE in the C locale, for scripts that
		 * set LC_ALL=C; a user who set LANGUAGE alone asked for it. */
		lm = setlocale(LC_MESSAGES, "C.UTF-8");
	}
	if (!lm || (is_c_locale(lm) && !(want_language && strcmp(lm, "C"))))
		return; /* English: the sources' messages, nothing to find */
	char buf[PATH_MAX];
	cls_i18n_init(catalog_dir(buf, sizeof(buf)));
	textdomain("cls");
	/* strerror() speaks the messages' language too, in UTF-8 */
	bind_textdomain_codeset("libc", "UTF-8");
}

void cmd_usage(FILE *f, const cmd_entry *cmd)
{
	fprintf(f, _("usage: cls %s\n"), cmd->usage);
	if (cmd->help && *cmd->help)
		fprintf(f, "\n%s", _(cmd->help));
}

/* Every message of the program is written here: the data it quotes (a
 * name from the command line, a file name, a cell of a CSV file) made
 * safe by cls_escape(), on one line.  A format that ends with a line
 * feed keeps it. */
static void vmsg(FILE *f, const char *head, const char *fmt, va_list ap)
{
	cls_buf raw = {0}, safe = {0};
	size_t n = strlen(fmt);
	bool nl = n && fmt[n - 1] == '\n';
	cls_buf_vprintf(&raw, fmt, ap);
	if (nl && raw.len && raw.s[raw.len - 1] == '\n')
		raw.s[--raw.len] = '\0';
	cls_escape(&safe, cls_buf_str(&raw), 0);
	fputs(head, f);
	fputs(raw.oom || safe.oom ? _("out of memory") : cls_buf_str(&safe), f);
	if (nl)
		fputc('\n', f);
	cls_buf_release(&raw);
	cls_buf_release(&safe);
}

void cmd_msg(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(f, "", fmt, ap);
	va_end(ap);
}

int cmd_usage_verror(const cmd_entry *cmd, const char *fmt, va_list ap)
{
	vmsg(cmd_err(), _("cls: "), fmt, ap);
	fputc('\n', cmd_err());
	fprintf(cmd_err(), _("usage: cls %s\n"), cmd->usage);
	return EXIT_FAIL;
}

int cmd_usage_error(const cmd_entry *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cmd_usage_verror(cmd, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int cmd_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(cmd_err(), _("cls: "), fmt, ap);
	va_end(ap);
	fputc('\n', cmd_err());
	return EXIT_FAIL;
}

bool cmd_color(const globals *g, int fd)
{
	if (g->color >= 0)
		return g->color == 1;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}

/* The one cache of the process, opened at the first load. */
static cls_cache *shared_cache;
static bool cache_tried, note_shown;

static cls_contract *load(const globals *g, const char *root, bool diags_only,
    bool french, const cls_buf *key);

/* Finds the contract at or above start, then loads it. */
static cls_contract *find_load(
    const globals *g, const char *start, bool diags_only, const cls_buf *key)
{
	cls_error err = {{0}};
	char *root = NULL;
	if (!start)
		start = g->dir ? g->dir : ".";
	if (cls_contract_find(start, &root, &err)) {
		cmd_fail("%s", err.message);
		return NULL;
	}
	cls_contract *c = load(g, root, diags_only, false, key);
	free(root);
	return c;
}

cls_contract *cmd_load_answer(
    const globals *g, const char *start, const cls_buf *key)
{
	return find_load(g, start, false, key);
}

cls_contract *cmd_load(const globals *g, const char *start, bool diags_only)
{
	return find_load(g, start, diags_only, NULL);
}

/* Says the cache's note once, if it has one. */
static void show_note(void)
{
	const char *note = cls_cache_note(shared_cache);
	if (note && !note_shown) {
		cmd_msg(cmd_err(), _("cls: warning: %s\n"), note);
		note_shown = true;
	}
}

cls_cache *cmd_cache_open(const globals *g)
{
	if (!g->no_cache && !cache_tried) {
		char *dir = cls_cache_default_dir();
		cache_tried = true;
		shared_cache = cls_cache_open(dir);
		/* committed by cmd_cache_flush() or cmd_cleanup() */
		cls_cache_batch(shared_cache, true);
		free(dir);
		show_note();
	}
	return g->no_cache ? NULL : shared_cache;
}

const char *cmd_cache_note(void)
{
	return cls_cache_note(shared_cache);
}

cls_contract *cmd_load_root(const globals *g, const char *root, bool diags_only)
{
	return cmd_load_as(g, root, diags_only, false);
}

/* The -o FILE of the run (cmd_guard_output()), or NULL. */
static const char *guarded;

void cmd_guard_output(const char *out_path)
{
	guarded = out_path && *out_path && strcmp(out_path, "-") != 0 ? out_path
	                                                              : NULL;
}

/* Whether c reads the -o FILE of the run: then says so and returns
 * true, and the caller fails before any output is committed. */
static bool reads_output(const cls_contract *c)
{
	char *hit = guarded ? cls_contract_reads(c, guarded) : NULL;
	if (!hit)
		return false;
	char *prefix = cmd_display_prefix(cls_contract_root(c));
	cmd_fail(_("-o %s would replace %s%s, a file of the contract: "
	           "nothing was written (name another file)"),
	    guarded, prefix ? prefix : "", hit);
	free(prefix);
	free(hit);
	return true;
}

static cls_contract *load(const globals *g, const char *root, bool diags_only,
    bool french, const cls_buf *key)
{
	cls_error err = {{0}};
	cls_load_options opts = {.cache = cmd_cache_open(g),
	    .diags_only = diags_only,
	    .french = french,
	    .answer_key = key && !key->oom ? key->s : NULL,
	    .answer_keylen = key && !key->oom ? key->len : 0};
	cls_contract *c = cls_contract_load(root, &opts, &err);
	if (!c)
		cmd_fail("%s", err.message);
	/* straight to stderr, never into a memoised answer: it is said
	 * once, by the run that recovered */
	const cls_recovery *rec = c ? cls_contract_recovery(c) : NULL;
	if (rec && rec->kind != CLS_RECOVERED_NOTHING) {
		fflush(cmd_err());
		cmd_msg(stderr, "%s%s\n", _("cls: "), rec->message);
	}
	show_note();
	if (c && reads_output(c)) {
		cls_contract_free(c);
		return NULL;
	}
	return c;
}

cls_contract *cmd_load_as(
    const globals *g, const char *root, bool diags_only, bool french)
{
	return load(g, root, diags_only, french, NULL);
}

/* A part: "CMDP", the periode's debut and fin (4 bytes each), the
 * writer's part. */
#define PART_HEAD 12

void cmd_part_keep(const cls_contract *c, const cls_writer *w)
{
	size_t n;
	const void *part = cls_writer_section(w, &n);
	const cls_plan *p = cls_contract_plan(c);
	int32_t periode[2] = {p->debut, p->fin};
	char *b = part ? malloc(PART_HEAD + n) : NULL;
	if (!b)
		return;
	memcpy(b, "CMDP", 4);
	memcpy(b + 4, periode, sizeof(periode));
	memcpy(b + PART_HEAD, part, n);
	cls_contract_keep(c, b, PART_HEAD + n);
	free(b);
}

int cmd_part_again(
    const cls_contract *c, cls_writer *w, cls_plan *periode, cls_error *err)
{
	size_t n;
	const char *b = cls_contract_kept(c, &n);
	int32_t v[2];
	if (!b || n < PART_HEAD || memcmp(b, "CMDP", 4) != 0) {
		snprintf(err->message, sizeof(err->message), "%s",
		    _("the part kept in the cache is damaged"));
		return -1;
	}
	memcpy(v, b + 4, sizeof(v));
	memset(periode, 0, sizeof(*periode));
	periode->debut = v[0];
	periode->fin = v[1];
	return cls_writer_again(w, b + PART_HEAD, n - PART_HEAD, err);
}

void cmd_cache_flush(void)
{
	cls_cache_batch(shared_cache, false);
}

void cmd_cleanup(void)
{
	cls_cache_close(shared_cache);
	shared_cache = NULL;
}

char *cmd_display_prefix(const char *root)
{
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	size_t n = strlen(cwd);
	if (strcmp(root, cwd) == 0)
		return strdup("");
	const char *rest = root;
	if (n && strncmp(root, cwd, n) == 0 && root[n] == '/')
		rest = root + n + 1;
	else if (n == 1 && cwd[0] == '/')
		rest = root + 1;
	size_t m = strlen(rest) + 2;
	char *p = malloc(m);
	if (p)
		snprintf(p, m, "%s/", rest);
	return p;
}

void cmd_print_diag(FILE *f, const cls_diag *d, const char *prefix, bool color)
{
	cls_diag_print(f, d, prefix, color ? CLS_RENDER_COLOR : 0);
}

int cmd_check_output(FILE *f, const char *name)
{
	if (fflush(f) != 0 || ferror(f))
		return cmd_fail(_("cannot write to %s: %s"), name,
		    strerror(errno ? errno : EIO));
	return EXIT_OK;
}

/* The temporary file being written, removed if a signal ends the run: an
 * interrupted report leaves neither a half-written target nor litter. */
static char pending_tmp[4096];
static volatile sig_atomic_t pending_set;

static void remove_pending(int sig)
{
	if (pending_set)
		unlink(pending_tmp); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

/* Creates the temporary file with the signals that would end the run held
 * back, so that none can land between its creation and its tracking. */
static int make_pending(char *tmp)
{
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++)
		sigaddset(&block, fatal_sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	int fd = mkstemp(tmp);
	if (fd >= 0 && strlen(tmp) < sizeof(pending_tmp)) {
		strcpy(pending_tmp, tmp);
		pending_set = 1;
		for (size_t i = 0;
		     i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++)
			signal(fatal_sigs[i], remove_pending);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

static int open_target(outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		/* One thread writes: skip stdio's lock on each of the many
		 * small writes of a report. */
		__fsetlocking(o->f, FSETLOCKING_BYCALLER);
		return 0;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return cmd_fail(
		    _("cannot write %s: it is a folder: name a file"), path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a pipe (-o /dev/stdout, /dev/null, a fifo) is
		 * written to as it is: renaming a file over it would replace
		 * the device itself, for everyone, when cls runs as root. */
		if (!(o->path = strdup(path)))
			return cmd_fail(_("out of memory"));
		if (!(o->f = fopen(path, "w"))) {
			int e = errno;
			out_abort(o);
			return cmd_fail(
			    _("cannot write %s: %s"), path, strerror(e));
		}
		return 0;
	}
	/* A symbolic link to a file: its target is replaced, the link kept. */
	char *real = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = realpath(path, NULL);
	const char *target = real ? real : path;
	size_t n = strlen(target) + 32;
	o->path = strdup(target);
	o->tmp = malloc(n);
	free(real);
	if (!o->path || !o->tmp) {
		out_abort(o);
		return cmd_fail(_("out of memory"));
	}
	/* The temporary file sits beside the target so rename() is atomic. */
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", o->path);
	int fd = make_pending(o->tmp);
	if (fd < 0) {
		int e = errno;
		free(o->tmp);
		o->tmp = NULL;
		out_abort(o);
		return cmd_fail(_("cannot write %s: %s"), path, strerror(e));
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		out_abort(o);
		return cmd_fail(
		    _("cannot write %s: %s"), path, strerror(errno));
	}
	__fsetlocking(o->f, FSETLOCKING_BYCALLER);
	/* mkstemp makes it 0600; a report is an ordinary file. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	return 0;
}

int out_open(outfile *o, const char *path)
{
	int rc = open_target(o, path);
	o->to_stdout = rc == 0 && o->f == stdout;
	/* A run being memoised writes into the memo's capture; its commit
	 * copies that to the target. */
	FILE *cap = rc == 0 ? memo_output() : NULL;
	if (cap) {
		o->real = o->f;
		o->f = cap;
	}
	return rc;
}

bool out_is_stdout(const outfile *o)
{
	return o->to_stdout;
}

/* Puts the finished temporary file in place: over the target, or only
 * where nothing exists yet (link() fails on an existing name, atomically;
 * on file systems without hard links, a check then rename()). */
static int place(const char *tmp, const char *path, bool keep_existing)
{
	if (!keep_existing)
		return rename(tmp, path);
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS)
		return -1;
	struct stat st;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, path);
}

static int exists_fail(const char *path)
{
	return cmd_fail(_("%s already exists: nothing was written (remove it, "
	                  "or choose another name)"),
	    path);
}

int out_open_new(outfile *o, const char *path)
{
	/* Checked first, or out_open() would write into a device or block
	 * on a fifo of that name; commit checks again, atomically. */
	struct stat st;
	if (lstat(path, &st) == 0) {
		memset(o, 0, sizeof(*o));
		return exists_fail(path);
	}
	return out_open(o, path);
}

static int commit(outfile *o, bool keep_existing)
{
	if (o->real) {
		FILE *cap = o->f;
		o->f = o->real;
		o->real = NULL;
		if (memo_output_copy(cap, o->f)) {
			out_abort(o);
			return cmd_fail(_("out of memory"));
		}
	}
	if (o->f == stdout) {
		o->f = NULL;
		return cmd_check_output(stdout, "stdout");
	}
	int bad = fflush(o->f) != 0 || ferror(o->f)
	    || (o->tmp && fsync(fileno(o->f)));
	int e = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	o->f = NULL;
	if (!o->tmp && !bad && keep_existing) { /* a device exists */
		bad = 1;
		e = EEXIST;
	}
	if (bad || (o->tmp && place(o->tmp, o->path, keep_existing) != 0)) {
		if (!bad)
			e = errno;
		if (e == EEXIST)
			exists_fail(o->path);
		else
			cmd_fail(
			    _("cannot write %s: %s"), o->path, strerror(e));
		out_abort(o);
		return EXIT_FAIL;
	}
	pending_set = 0;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return EXIT_OK;
}

int out_commit(outfile *o)
{
	return commit(o, false);
}

int out_commit_new(outfile *o)
{
	return commit(o, true);
}

void out_abort(outfile *o)
{
	if (o->real) {
		memo_output_drop(o->f);
		o->f = o->real;
	}
	pending_set = 0;
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

void *cmd_grow(void *v, size_t n, size_t size)
{
	if (n & (n - 1))
		return v; /* not a power of two: there is room */
	size_t cap = n ? 2 * n : 1;
	if (size && cap > SIZE_MAX / size)
		return NULL;
	return realloc(v, cap * size);
}

/* A year written as digits only, in a sane range. */
bool cmd_parse_year(const char *s, int *out)
{
	long v = 0;
	if (!*s || strlen(s) > 6)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > 99999)
		return false;
	*out = (int)v;
	return true;
}

void year_cover_outside(year_cover *yc, const cls_plan *p, const char *prefix)
{
	cls_buf msg = {0};
	cls_buf_printf(&msg, _("%scls.yaml: %d is outside the periode %d-%d"),
	    prefix, yc->cover.year, p->debut, p->fin);
	char **v = realloc(yc->outside, (yc->noutside + 1) * sizeof(*v));
	if (v)
		yc->outside = v;
	if (!v || msg.oom || !msg.s) {
		yc->oom = true;
		cls_buf_release(&msg);
	} else {
		v[yc->noutside++] = msg.s; /* taken: not released */
	}
}

int year_cover_check(const year_cover *yc, const cmd_entry *self)
{
	const cls_year_cover *c = &yc->cover;
	if (!cls_year_cover_none(c))
		return EXIT_OK;
	if (c->with_periode == 1)
		return cmd_usage_error(self,
		    _("%d is outside the contract's periode %d-%d"), c->year,
		    c->debut, c->fin);
	return cmd_usage_error(
	    self, _("%d is outside the periode of every contract"), c->year);
}

void year_cover_free(year_cover *yc)
{
	for (size_t i = 0; i < yc->noutside; i++)
		free(yc->outside[i]);
	free(yc->outside);
}

/* ------------------------------------------------ several contracts */

void cmd_roots_free(cmd_roots *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->roots[i]);
		free(r->prefix[i]);
	}
	free(r->roots);
	free(r->prefix);
	memset(r, 0, sizeof(*r));
}

int cmd_roots_add(cmd_roots *r, const globals *g, const char *start)
{
	cls_error err = {{0}};
	char *root = NULL;
	if (cls_contract_find(start ? start
	            : g->dir        ? g->dir
	                            : ".",
	        &root, &err))
		return cmd_fail("%s", err.message);
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->roots[i], root) == 0) {
			free(root);
			return EXIT_OK;
		}
	char *pre = start ? cmd_display_prefix(root) : strdup("");
	char **v = realloc(r->roots, (r->n + 1) * sizeof(*v));
	if (v)
		r->roots = v;
	char **w = v ? realloc(r->prefix, (r->n + 1) * sizeof(*w)) : NULL;
	if (w)
		r->prefix = w;
	if (!pre || !v || !w) {
		free(root);
		free(pre);
		return cmd_fail(_("out of memory"));
	}
	r->roots[r->n] = root;
	r->prefix[r->n++] = pre;
	return EXIT_OK;
}

int namelist_add(namelist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (cls_name_cmp(l->v[i], s) == 0)
			return 0;
	char **v = cmd_grow(l->v, l->n, sizeof(*v));
	if (!v)
		return -1;
	l->v = v;
	if (!(v[l->n] = strdup(s)))
		return -1;
	l->n++;
	return 0;
}

void namelist_free(namelist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The extension of a file name: what follows the last dot of its last
 * part when that is a word with a letter ("pdf", not "2024"), or NULL. */
const char *cmd_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1] || strlen(dot + 1) > 10)
		return NULL;
	bool letter = false;
	for (const char *p = dot + 1; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
		        || (*p >= '0' && *p <= '9')))
			return NULL;
		letter |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
	}
	return letter ? dot + 1 : NULL;
}

bool cmd_to_terminal(const char *out_path)
{
	return (!out_path || strcmp(out_path, "-") == 0)
	    && isatty(STDOUT_FILENO);
}
