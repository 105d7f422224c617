/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a main() for the fuzz harnesses, so that `make check` can run
 * them with gcc, without clang or libFuzzer: every file named (or every
 * file of every folder named) is fed once to LLVMFuzzerTestOneInput().
 * Prints "N inputs" and exits 0; a crash or an abort in the harness is the
 * failure.  It sets CLS_FUZZ_FULL=1 (unless set): the harnesses then run
 * their costly checks on every input, not on the share that libFuzzer's
 * speed allows (CLS_FUZZ_FULL=0 replays as libFuzzer runs).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			unsigned char *b = realloc(buf, cap);
			if (!b) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = b;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		if (r == 0)
			break;
		len += r;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		perror(path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	/* every input takes every path: the harnesses keep their costly
	 * checks for a share of the inputs only when libFuzzer runs them */
	setenv("CLS_FUZZ_FULL", "1", 0);
	size_t n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]))
				return 2;
			n++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			return 2;
		}
		char **names = NULL;
		size_t count = 0;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char **v = realloc(names, (count + 1) * sizeof(*v));
			size_t len = strlen(argv[i]) + strlen(de->d_name) + 2;
			if (!v || !(v[count] = malloc(len))) {
				free(v ? v : names);
				closedir(d);
				return 2;
			}
			names = v;
			snprintf(
			    names[count++], len, "%s/%s", argv[i], de->d_name);
		}
		closedir(d);
		if (count > 1)
			qsort(names, count, sizeof(*names), cmp);
		int rc = 0;
		for (size_t j = 0; j < count; j++) {
			if (!rc && replay_file(names[j]))
				rc = 2;
			n += !rc;
			free(names[j]);
		}
		free(names);
		if (rc)
			return rc;
	}
	printf("%zu inputs\n", n);
	return 0;
}
