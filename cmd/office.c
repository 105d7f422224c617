/* SPDX-License-Identifier: MIT */
/*
 * office.c - PDF through LibreOffice: libcls writes the ODT, and this
 * runs `soffice --headless --convert-to pdf` on it, in a scratch folder
 * of its own (the document, the PDF and a LibreOffice profile of its own,
 * so that a LibreOffice the user has open is neither used nor disturbed),
 * under a time limit, then hands the PDF's bytes to the caller.  Running
 * a program is the command's business, never the library's.
 */
#define _XOPEN_SOURCE 700 /* nftw() */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long LibreOffice may take (a cold start with a new profile takes
 * about 5 s on a small machine); CLS_SOFFICE_TIMEOUT (seconds) changes
 * it. */
#define SOFFICE_TIMEOUT 120

char *cmd_soffice_find(void)
{
	/* CLS_SOFFICE names another LibreOffice (one in /opt, not on the
	 * PATH); a name without a slash is looked for on the PATH */
	const char *name = getenv("CLS_SOFFICE");
	if (!name || !*name)
		name = "soffice";
	if (strchr(name, '/')) {
		struct stat st;
		return stat(name, &st) == 0 && S_ISREG(st.st_mode)
		        && access(name, X_OK) == 0
		    ? strdup(name)
		    : NULL;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		return NULL;
	for (const char *p = path;;) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *cand = malloc(n + strlen(name) + 3);
		if (!cand)
			return NULL;
		memcpy(cand, n ? p : ".", n ? n : 1);
		cand[n ? n : 1] = '/';
		strcpy(cand + (n ? n : 1) + 1, name);
		struct stat st;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)
		    && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!e)
			return NULL;
		p = e + 1;
	}
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	remove(p);
	return 0;
}

/* Runs soffice on dir/bilan.odt; 0 when dir/bilan.pdf was made. */
static int convert(const char *soffice, const char *dir, char *why, size_t n)
{
	char profile[4200], odt[4200], log[4200];
	snprintf(profile, sizeof(profile),
	    "-env:UserInstallation=file://%s/profile", dir);
	snprintf(odt, sizeof(odt), "%s/bilan.odt", dir);
	snprintf(log, sizeof(log), "%s/soffice.log", dir);
	int secs = SOFFICE_TIMEOUT;
	const char *t = getenv("CLS_SOFFICE_TIMEOUT");
	if (t && atoi(t) > 0)
		secs = atoi(t);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, n, "%s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* its own process group, so that a time-out ends every
		 * process LibreOffice starts */
		setpgid(0, 0);
		int in = open("/dev/null", O_RDONLY);
		int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		execl(soffice, "soffice", profile, "--headless", "--norestore",
		    "--nologo", "--nodefault", "--nolockcheck", "--convert-to",
		    "pdf", "--outdir", dir, odt, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	int status = 0;
	struct timespec tick = {0, 20 * 1000 * 1000};
	long waited = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			snprintf(why, n, "%s", strerror(errno));
			return -1;
		}
		if (waited >= (long)secs * 50) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(why, n, _("it took more than %d s"), secs);
			return -1;
		}
		nanosleep(&tick, NULL);
		waited++;
	}
	char pdf[4200];
	snprintf(pdf, sizeof(pdf), "%s/bilan.pdf", dir);
	struct stat st;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(pdf, &st) == 0
	    && st.st_size > 0)
		return 0;
	/* the last line LibreOffice said, if any */
	FILE *f = fopen(log, "r");
	char line[512] = "", last[512] = "";
	while (f && fgets(line, sizeof(line), f))
		if (line[0] != '\n')
			snprintf(last, sizeof(last), "%s", line);
	if (f)
		fclose(f);
	last[strcspn(last, "\n")] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(why, n, _("%s could not be run"), soffice);
	else
		snprintf(
		    why, n, _("no PDF was made%s%s"), *last ? ": " : "", last);
	return -1;
}

int cmd_soffice_pdf(const char *soffice, const cls_report *r, FILE *out)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(
	    dir, sizeof(dir), "%s/cls-pdf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return cmd_fail(
		    _("cannot make a PDF: cannot create a folder in "
		      "%s: %s"),
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	int rc = EXIT_FAIL;
	char path[4200], why[600] = "";
	cls_error err;
	snprintf(path, sizeof(path), "%s/bilan.odt", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		cmd_fail(_("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	int bad = cls_report_render(r, CLS_FORMAT_ODT, 0, f, &err);
	if (fclose(f) != 0 && !bad) {
		cmd_fail(_("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	if (bad) {
		cmd_fail("%s", err.message);
		goto out;
	}
	if (convert(soffice, dir, why, sizeof(why))) {
		cmd_fail(
		    _("LibreOffice could not convert the report to PDF (%s): "
		      "write --format=odt and convert it yourself, or print "
		      "the HTML report"),
		    why);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/bilan.pdf", dir);
	if (!(f = fopen(path, "rb"))) {
		cmd_fail(_("cannot read %s: %s"), path, strerror(errno));
		goto out;
	}
	char buf[16384];
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, got, out);
	fclose(f);
	rc = EXIT_OK;
out:
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
