/* SPDX-License-Identifier: MIT */
/*
 * spawn.c - runs one command and prints what it cost: its wall time from
 * fork to exit, its CPU time (user + system, all threads) and its peak
 * resident memory.  measure.py runs every measured command through it.
 *
 *   spawn CMD [ARG...]    prints "WALL_US CPU_US MAXRSS_KIB STATUS"
 *
 * Why not Python's subprocess: the child of a fork carries the RSS of its
 * parent until it execs, and Linux keeps that peak in the child's
 * ru_maxrss, so every command measured from Python "used" the 14 MiB of
 * the Python interpreter.  Forked from this small program, the child's
 * peak is its own (to within this program's few hundred KiB); the wall
 * time no longer includes forking a large process either.  The command's
 * output goes to /dev/null.  STATUS is its exit status, or 128 + the
 * signal that killed it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long tv_us(struct timeval tv)
{
	return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: spawn CMD [ARG...]\n");
		return 2;
	}
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0) {
		perror("/dev/null");
		return 2;
	}
	long long t0 = now_us();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		if (dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(127);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int status;
	struct rusage ru;
	pid_t w;
	while ((w = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	long long wall = now_us() - t0;
	if (w < 0) {
		perror("wait4");
		return 2;
	}
	int code
	    = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%lld %lld %ld %d\n", wall,
	    tv_us(ru.ru_utime) + tv_us(ru.ru_stime), ru.ru_maxrss, code);
	return 0;
}
