/* SPDX-License-Identifier: MIT */
/*
 * threads.c - how many threads a job may use, and running a job in them:
 * reading the files of a contract, surveying them for the memo, building
 * the years of an evaluation, writing its fiches.
 */
#include "base.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

size_t clsi_threads(void)
{
	const char *e = getenv("CLS_THREADS");
	long n = e && *e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 8 ? 8 : (size_t)n;
}

size_t clsi_threads_for(size_t items, size_t per)
{
	size_t n = clsi_threads(), most = items / (per ? per : 1);
	if (n > most)
		n = most;
	return n < 1 ? 1 : n;
}

typedef struct started {
	pthread_t t;
	void (*work)(void *, size_t);
	void *arg;
	size_t k;
} started;

static void *start(void *arg)
{
	started *s = arg;
	s->work(s->arg, s->k);
	return NULL;
}

void clsi_run_threads(size_t n, void (*work)(void *arg, size_t k), void *arg)
{
	started s[8];
	bool up[8] = {false};
	if (n > 8)
		n = 8;
	for (size_t k = 1; k < n; k++) {
		s[k] = (started){.work = work, .arg = arg, .k = k};
		up[k] = pthread_create(&s[k].t, NULL, start, &s[k]) == 0;
	}
	if (n)
		work(arg, 0);
	for (size_t k = 1; k < n; k++) {
		if (up[k])
			pthread_join(s[k].t, NULL);
		else
			work(arg, k); /* no thread: still done, later */
	}
}
