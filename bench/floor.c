/* SPDX-License-Identifier: MIT */
/*
 * floor.c - the physical floor of a libyaml-based tool: walks the contract
 * folders given, reads every *.yaml / *.yml file and pulls libyaml's parser
 * events from it, discarding them.  No tree, no check, no cache.  bench.sh
 * divides cls's times by this program's.
 *
 *   floor DIR...
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static long files, events;

static int yaml_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0)
	    || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Reads the whole file into memory (as cls does), then parses it. */
static int parse_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		perror(path);
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	unsigned char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -1;
	}
	ssize_t r;
	while (n < cap && (r = read(fd, buf + n, cap - n)) > 0)
		n += (size_t)r;
	close(fd);
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, rc = 0;
	if (!yaml_parser_initialize(&p)) {
		free(buf);
		return -1;
	}
	yaml_parser_set_input_string(&p, buf, n);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "%s: invalid YAML\n", path);
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	free(buf);
	files++;
	return rc;
}

static int walk(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(de->d_name) + 2;
		char *p = malloc(n);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, n, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc |= walk(p);
			else if (S_ISREG(st.st_mode) && yaml_name(de->d_name))
				rc |= parse_file(p);
		}
		free(p);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: floor DIR...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		rc |= walk(argv[i]);
	printf("%ld files, %ld events\n", files, events);
	return rc ? 1 : 0;
}
