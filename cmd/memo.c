/* SPDX-License-Identifier: MIT */
/*
 * memo.c - runs the commands whose output depends on nothing but their
 * contracts and their command line (validate, report, indicators, export)
 * through the cache's memo (lib/memo.c): when nothing they depend on has
 * changed since a stored run, that run's messages and output are written
 * again, through the same atomic output, with its exit status; otherwise
 * the run's output and messages are captured as they are written and
 * kept.  A warm run then costs what stating the files costs.
 *
 * What the output depends on, besides the files of the contracts: the
 * command line, the current folder (paths are shown relative to it), -C,
 * whether colours are on for stdout and stderr, the language of messages
 * (lib/memo.c adds it) and this very build of cls (CLS_BUILD_ID hashes the
 * sources).  Nothing else is read: no clock, no terminal size.
 */
#include "cmd.h"

#include "build_id.h" /* CLS_BUILD_ID, made by the Makefile */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The status of a stored run that wrote its output (and not only
 * messages): a run that failed before opening it must not create -o. */
#define WROTE_OUTPUT 0x100

/* The run being captured: one per process. */
static struct {
	cls_memo *m;
	FILE *err; /* the messages, as written */
	char *errbuf;
	size_t errlen, errshown; /* captured, already copied to stderr */
	FILE *out; /* the output, from out_open() to its commit */
	char *outbuf;
	size_t outlen;
	bool wrote; /* the output was committed to its target */
	bool spoilt; /* something went uncaptured: keep nothing */
	bool noted; /* the cache had a note before the run */
} cap;

FILE *cmd_err(void)
{
	return cap.err ? cap.err : stderr;
}

/* The key: each text with its NUL, so that ("ab", "c") and ("a", "bc")
 * differ. */
static void key_str(cls_buf *k, const char *s)
{
	cls_buf_addn(k, s ? s : "", strlen(s ? s : "") + 1);
}

/* What the output of a run depends on besides its command line and its
 * contracts: this build, the current folder (paths are shown relative to
 * it), -C, the colours.  Returns 0, or -1 when the current folder is not
 * known. */
static int key_run(cls_buf *k, const globals *g)
{
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	key_str(k, CLS_BUILD_ID);
	key_str(k, cwd);
	key_str(k, g->dir);
	bool colors[2] = {cmd_color(g, 1), cmd_color(g, 2)};
	cls_buf_addn(k, (const char *)colors, sizeof(colors));
	return 0;
}

int cmd_answer_key(cls_buf *k, const globals *g, int argc, char **argv,
    const char *const *operands, size_t n)
{
	cls_buf_init(k);
	if (g->no_cache || key_run(k, g))
		return -1;
	for (int i = 0; i < argc; i++) {
		bool operand = false;
		for (size_t j = 0; j < n && !operand; j++)
			operand = operands[j] == argv[i];
		if (!operand)
			key_str(k, argv[i]);
	}
	/* whether folders are named (then shown), and more than one */
	key_str(k, n == 0 ? "" : n == 1 ? "1" : "n");
	return k->oom ? -1 : 0;
}

/* Writes the messages captured since the last call to stderr. */
static void show_messages(void)
{
	if (!cap.err || fflush(cap.err) != 0) {
		cap.spoilt = true;
		return;
	}
	if (cap.errlen > cap.errshown) {
		fwrite(cap.errbuf + cap.errshown, 1, cap.errlen - cap.errshown,
		    stderr);
		fflush(stderr);
		cap.errshown = cap.errlen;
	}
}

/* Writes the stored run again: its messages, then its output.  Returns
 * its status, or EXIT_FAIL after saying why. */
static int replay(cls_memo *m, int status, const char *out_path)
{
	/* As stdio does, a stderr that cannot be written is no failure. */
	fflush(stderr);
	cls_memo_copy(m, CLS_MEMO_MESSAGES, STDERR_FILENO);
	if (!(status & WROTE_OUTPUT))
		return status;
	outfile o;
	if (out_open(&o, out_path))
		return EXIT_FAIL;
	fflush(o.f);
	if (cls_memo_copy(m, CLS_MEMO_OUTPUT, fileno(o.f)) != 0) {
		int e = errno;
		out_abort(&o);
		return cmd_fail(_("cannot write %s: %s"),
		    out_path ? out_path : "stdout", strerror(e));
	}
	int rc = out_commit(&o);
	return rc ? rc : status & ~WROTE_OUTPUT;
}

/* Whether a stored answer may be written to -o out_path without loading
 * the contracts, which alone can say whether they read it (the guard of
 * cmd_guard_output()).  The rule: stdout, a device or a pipe; or a name
 * that is not a YAML file (every file a contract reads is a .yaml or
 * .yml) and is nothing yet, or a plain file, not a symbolic link, with
 * one link.  A hard link or a symbolic link may be a contract's file
 * under another name, and a YAML name may be one or become one: those
 * runs load their contracts, and keep no answer. */
static bool may_replay_to(const char *out_path)
{
	if (!out_path || strcmp(out_path, "-") == 0)
		return true;
	const char *base = strrchr(out_path, '/');
	base = base ? base + 1 : out_path;
	size_t len = strlen(base);
	if ((len >= 5 && strcasecmp(base + len - 5, ".yaml") == 0)
	    || (len >= 4 && strcasecmp(base + len - 4, ".yml") == 0))
		return false;
	struct stat st;
	if (lstat(out_path, &st) != 0)
		return errno == ENOENT;
	if (S_ISLNK(st.st_mode))
		return false;
	return !S_ISREG(st.st_mode) || st.st_nlink == 1;
}

int cmd_memo_begin(const globals *g, int argc, char **argv,
    const char *const *starts, size_t n, const char *out_path)
{
	if (cap.m || g->no_cache || !may_replay_to(out_path))
		return -1;
	const char *here[1] = {g->dir ? g->dir : "."};
	if (!n) {
		starts = here;
		n = 1;
	}
	cls_buf k = {0};
	if (key_run(&k, g)) {
		cls_buf_release(&k);
		return -1;
	}
	for (int i = 0; i < argc; i++)
		key_str(&k, argv[i]);
	char *dir = cls_cache_default_dir();
	cls_memo *m = k.oom ? NULL : cls_memo_open(dir, k.s, k.len, starts, n);
	free(dir);
	cls_buf_release(&k);
	if (!m)
		return -1;
	int status;
	if (cls_memo_found(m, &status)) {
		int rc = replay(m, status, out_path);
		cls_memo_free(m);
		return rc;
	}
	if (!(cap.err = open_memstream(&cap.errbuf, &cap.errlen))) {
		cls_memo_free(m);
		return -1;
	}
	cap.m = m;
	cap.noted = cmd_cache_note() != NULL;
	return -1;
}

FILE *memo_output(void)
{
	if (!cap.m || cap.spoilt)
		return NULL;
	if (cap.out) { /* a second output: not this memo's business */
		cap.spoilt = true;
		return NULL;
	}
	cap.out = open_memstream(&cap.outbuf, &cap.outlen);
	cap.spoilt = !cap.out;
	return cap.out;
}

int memo_output_copy(FILE *capf, FILE *target)
{
	if (fflush(capf) != 0 || ferror(capf)) {
		cap.spoilt = true;
		return -1;
	}
	cmd_cache_flush();
	/* The messages came first: the output rests on them. */
	show_messages();
	fwrite(cap.outbuf, 1, cap.outlen, target);
	cap.wrote = true;
	return 0;
}

void memo_output_drop(FILE *capf)
{
	(void)capf;
	cap.spoilt = true;
}

int cmd_memo_end(int status)
{
	cmd_cache_flush();
	if (!cap.m)
		return status;
	show_messages();
	/* A note about the cache said during the run ("rebuilt") is about
	 * this run only. */
	bool keep = (status == EXIT_OK || status == EXIT_DATA) && !cap.spoilt
	    && (cmd_cache_note() != NULL) == cap.noted
	    && (!cap.out || cap.wrote);
	if (keep)
		cls_memo_put(cap.m, status | (cap.wrote ? WROTE_OUTPUT : 0),
		    cap.outbuf, cap.wrote ? cap.outlen : 0, cap.errbuf,
		    cap.errlen);
	cls_memo_free(cap.m);
	fclose(cap.err);
	if (cap.out)
		fclose(cap.out);
	free(cap.errbuf);
	free(cap.outbuf);
	memset(&cap, 0, sizeof(cap));
	return status;
}
