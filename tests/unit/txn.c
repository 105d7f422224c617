/* SPDX-License-Identifier: MIT */
/*
 * txn.c - unit tests of the all-or-nothing replacement of files
 * (lib/base/txn.c): three files replaced, then children killed at its
 * steps (CLS_TEST_CRASH_AT) and the next recovery checked, torn and
 * damaged journals, hostile ones, and the lock.
 */
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------ replacing files (txn) */

/* The files of the txn tests: fiches/a.yaml, fiches/b.yaml and
 * fiches/c.yaml, a symlink to ../ailleurs/c.yaml, whose target is what
 * is replaced. */
static const char *const txn_rel[3]
    = {"fiches/a.yaml", "fiches/b.yaml", "fiches/c.yaml"};
static const char *const txn_old[3] = {"a: 1\n", "b: 1\n", "c: 1\n"};
static const char *const txn_new[3] = {"a: 2\n", "b: 2 # new\n", "c: 2\n"};

char *txn_slurp(const char *dir, const char *rel)
{
	char path[700];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 4096);
	if (buf && fread(buf, 1, 4095, f) == 0)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static bool txn_holds(const char *dir, const char *rel, const char *want)
{
	char *s = txn_slurp(dir, rel);
	bool ok = s && strcmp(s, want) == 0;
	free(s);
	return ok;
}

/* Whether every file holds the old (which 0) or the new (1) text. */
static bool txn_all(const char *dir, int which)
{
	for (int i = 0; i < 3; i++)
		if (!txn_holds(
		        dir, txn_rel[i], which ? txn_new[i] : txn_old[i]))
			return false;
	return true;
}

/* How many hidden entries (temporaries, backups, journal, lock) the
 * contract's folders hold. */
int txn_leftovers(const char *dir)
{
	const char *subs[] = {"", "/fiches", "/ailleurs"};
	int n = 0;
	for (int k = 0; k < 3; k++) {
		char path[700];
		snprintf(path, sizeof(path), "%s%s", dir, subs[k]);
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (de->d_name[0] == '.' && strcmp(de->d_name, ".")
			    && strcmp(de->d_name, ".."))
				n++;
		if (d)
			closedir(d);
	}
	return n;
}

static void txn_setup(char *dir)
{
	char sub[700], cmd[800];
	strcpy(dir, "/tmp/cls-unit-txn.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/fiches", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/ailleurs", dir);
	mkdir(sub, 0755);
	write_tmp(dir, "cls.yaml", "version: 1\n");
	write_tmp(dir, txn_rel[0], txn_old[0]);
	write_tmp(dir, txn_rel[1], txn_old[1]);
	write_tmp(dir, "ailleurs/c.yaml", txn_old[2]);
	snprintf(
	    cmd, sizeof(cmd), "ln -s ../ailleurs/c.yaml %s/fiches/c.yaml", dir);
	CHECK(system(cmd) == 0);
}

static void txn_files(const char *dir, clsi_txn_file *f)
{
	for (int i = 0; i < 3; i++) {
		char path[700];
		snprintf(path, sizeof(path), "%s/%s", dir, txn_rel[i]);
		f[i] = (clsi_txn_file){txn_rel[i], txn_new[i],
		    strlen(txn_new[i]), txn_old[i], strlen(txn_old[i]), {0}};
		CHECK(stat(path, &f[i].st) == 0);
	}
}

/* Runs the replacement in a child killed at step (CLS_TEST_CRASH_AT);
 * true when it was killed so. */
static bool txn_crash(const char *dir, const char *step)
{
	clsi_txn_file f[3];
	txn_files(dir, f);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setenv("CLS_TEST_CRASH_AT", step, 1);
		cls_error err;
		clsi_txn_replace(dir, f, 3, &err);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

static void txn_clean(const char *dir)
{
	char cmd[800];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

/* Cuts the journal of dir down to keep bytes. */
static void txn_cut(const char *dir, long keep_from_end)
{
	char path[700];
	struct stat st;
	snprintf(path, sizeof(path), "%s/.cls-import.journal", dir);
	CHECK(stat(path, &st) == 0);
	CHECK(truncate(path, st.st_size - keep_from_end) == 0);
}

/* Damages the byte back bytes before the newline that ends the journal,
 * keeping its length: a zero with zero, else another hex digit. */
static void txn_damage(const char *dir, long back, bool zero)
{
	char path[700], b[1] = {0};
	snprintf(path, sizeof(path), "%s/.cls-import.journal", dir);
	int fd = open(path, O_RDWR);
	off_t at = lseek(fd, 0, SEEK_END) - 1 - back;
	CHECK(fd >= 0 && pread(fd, b, 1, at) == 1);
	b[0] = zero ? '\0' : b[0] == '0' ? '1' : '0';
	CHECK(pwrite(fd, b, 1, at) == 1);
	close(fd);
}

/* CRC-32 of zlib, written again here: the journal's checksum is the
 * standard one, not the library's own idea of it. */
static unsigned long zcrc32(const char *s, size_t n)
{
	unsigned long c = 0xFFFFFFFFul;
	while (n--) {
		c ^= (unsigned char)*s++;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xEDB88320ul : c >> 1;
	}
	return c ^ 0xFFFFFFFFul;
}

void unit_txn(void)
{
	char dir[64];
	cls_error err;
	cls_recovery rec;
	clsi_txn_file f[3];

	/* three files replaced: the symlink stays, its target changes */
	txn_setup(dir);
	txn_files(dir, f);
	CHECK(clsi_txn_replace(dir, f, 3, &err) == 0);
	CHECK(txn_all(dir, 1));
	char link[700];
	struct stat st;
	snprintf(link, sizeof(link), "%s/fiches/c.yaml", dir);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(txn_holds(dir, "ailleurs/c.yaml", txn_new[2]));
	CHECK(txn_leftovers(dir) == 0);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_NOTHING && rec.message[0] == '\0');
	/* read again since: every file as it is, nothing written */
	write_tmp(dir, txn_rel[1], "b: 3\n");
	CHECK(clsi_txn_replace(dir, f, 3, &err) == -1);
	CHECK(strstr(err.message, "fiches/a.yaml changed while") != NULL);
	CHECK(txn_holds(dir, txn_rel[1], "b: 3\n"));
	CHECK(txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* killed before the commit point: rolled back */
	txn_setup(dir);
	CHECK(txn_crash(dir, "temp:2"));
	CHECK(txn_leftovers(dir) > 0 && txn_all(dir, 0));
	CHECK(cls_contract_recover(dir, &rec, &err) == 0);
	CHECK(rec.kind == CLS_RECOVERED_ROLLED_BACK && rec.files == 3);
	CHECK(strstr(rec.message, "rolled back") != NULL);
	CHECK(txn_all(dir, 0) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* killed after it, between two renames: rolled forward */
	txn_setup(dir);
	CHECK(txn_crash(dir, "rename:2"));
	CHECK(txn_holds(dir, txn_rel[0], txn_new[0])
	    && txn_holds(dir, txn_rel[2], txn_old[2]));
	/* the journal's checksum is zlib's CRC-32 of what comes before */
	char *j = txn_slurp(dir, ".cls-import.journal");
	char *commit = j ? strstr(j, "\ncommit ") : NULL;
	char want[32];
	if (commit) {
		snprintf(want, sizeof(want), "%08lx",
		    zcrc32(j, (size_t)(commit + 1 - j)));
		CHECK(strncmp(commit + 8, want, 8) == 0);
	}
	CHECK(commit != NULL);
	free(j);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0);
	CHECK(rec.kind == CLS_RECOVERED_FINISHED && rec.files == 3);
	CHECK(strcmp(rec.message, "finished an interrupted import of 3 fiches")
	    == 0);
	CHECK(txn_all(dir, 1) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* a recovery killed in turn is recovered by the next one */
	txn_setup(dir);
	CHECK(txn_crash(dir, "rename:1"));
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setenv("CLS_TEST_CRASH_AT", "recover:2", 1);
		cls_contract_recover(dir, NULL, NULL);
		_exit(0);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	CHECK(WIFSIGNALED(ws));
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_FINISHED);
	CHECK(txn_all(dir, 1) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* a torn commit record: not committed, rolled back */
	txn_setup(dir);
	CHECK(txn_crash(dir, "commit"));
	txn_cut(dir, 4);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_ROLLED_BACK);
	CHECK(txn_all(dir, 0) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* a commit record whose length made it to the disk but not its
	 * bytes (a power cut): its checksum says so, rolled back */
	txn_setup(dir);
	CHECK(txn_crash(dir, "commit"));
	txn_damage(dir, 3, false);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_ROLLED_BACK && rec.files == 3);
	CHECK(txn_all(dir, 0) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* the same for the plan: zeros where its last bytes were */
	txn_setup(dir);
	CHECK(txn_crash(dir, "journal"));
	txn_damage(dir, 6, true);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_ROLLED_BACK && rec.files == 0);
	CHECK(txn_all(dir, 0) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* a journal torn while it was written: nothing else exists yet */
	txn_setup(dir);
	CHECK(txn_crash(dir, "journal"));
	txn_cut(dir, 12);
	CHECK(cls_contract_recover(dir, &rec, &err) == 0
	    && rec.kind == CLS_RECOVERED_ROLLED_BACK && rec.files == 0);
	CHECK(txn_all(dir, 0) && txn_leftovers(dir) == 0);
	txn_clean(dir);

	/* a journal naming a file outside the contract: refused, with its
	 * checksums right; nothing touched */
	txn_setup(dir);
	char jt[512], path[700];
	int k = snprintf(jt, sizeof(jt),
	    "cls-import-journal 1\nfile fiches/../../x.yaml .x.yaml.cls-new-"
	    "aaaaaaaaaa .x.yaml.cls-old-aaaaaaaaaa\n");
	k += snprintf(jt + k, sizeof(jt) - (size_t)k, "prepared 1 %08lx\n",
	    zcrc32(jt, (size_t)k));
	snprintf(jt + k, sizeof(jt) - (size_t)k, "commit %08lx\n",
	    zcrc32(jt, (size_t)k));
	write_tmp(dir, ".cls-import.journal", jt);
	CHECK(cls_contract_recover(dir, &rec, &err) == -1);
	CHECK(strstr(err.message, "not a file of the contract") != NULL);
	snprintf(path, sizeof(path), "%s/.cls-import.journal", dir);
	CHECK(access(path, F_OK) == 0 && txn_all(dir, 0));
	CHECK(cls_contract_load(dir, NULL, &err) == NULL);
	/* and one that is not a journal at all */
	write_tmp(dir, ".cls-import.journal", "rm -rf /\n");
	CHECK(cls_contract_recover(dir, &rec, &err) == -1);
	CHECK(strstr(err.message, "is not a journal") != NULL);
	unlink(path);
	txn_clean(dir);

	/* the lock held by another process: 2 s, then who holds it */
	txn_setup(dir);
	/* one pipe each way: a byte the child writes is not for it to read */
	int up[2], down[2];
	CHECK(pipe(up) == 0 && pipe(down) == 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		snprintf(path, sizeof(path), "%s/.cls-import.lock", dir);
		int fd = open(path, O_RDWR | O_CREAT, 0644);
		flock(fd, LOCK_EX);
		dprintf(fd, "%ld %lld import\n", (long)getpid(),
		    (long long)time(NULL));
		char c = 0;
		(void)!write(up[1], &c, 1);
		(void)!read(down[0], &c, 1); /* until the parent is done */
		_exit(0);
	}
	char c;
	CHECK(read(up[0], &c, 1) == 1);
	txn_files(dir, f);
	long long t0 = clsi_now_ns();
	CHECK(clsi_txn_replace(dir, f, 3, &err) == -1);
	CHECK(clsi_now_ns() - t0 >= 1900000000LL);
	char holder[64];
	snprintf(holder, sizeof(holder), "(process %ld, for ", (long)pid);
	CHECK(strstr(err.message, "another cls import is writing") != NULL
	    && strstr(err.message, holder) != NULL);
	CHECK(txn_all(dir, 0));
	c = 0;
	CHECK(write(down[1], &c, 1) == 1);
	waitpid(pid, &ws, 0);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	/* its holder gone, the lock file left is no obstacle */
	txn_files(dir, f);
	CHECK(clsi_txn_replace(dir, f, 3, &err) == 0 && txn_all(dir, 1));
	CHECK(txn_leftovers(dir) == 0);
	txn_clean(dir);
}
