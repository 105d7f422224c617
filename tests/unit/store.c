/* SPDX-License-Identifier: MIT */
/*
 * store.c - unit tests of the store: contracts loaded through the cache,
 * batches, the memo's answers.
 */
#include "unit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void test_contract_and_cache(void)
{
	char dir[] = "/tmp/cls-unit.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char sub[600], cdir[600];
	snprintf(sub, sizeof(sub), "%s/fiches", dir);
	snprintf(cdir, sizeof(cdir), "%s/cache", dir);
	mkdir(sub, 0755);
	write_tmp(dir, "cls.yaml",
	    "version: 1\nnom: N\nterritoire: T\n"
	    "periode: {debut: 2022, fin: 2026}\nsignataires: [ARS]\n"
	    "axes:\n  - {id: 1, titre: A}\n");
	write_tmp(sub, "b.yaml",
	    "id: 1.10\ntitre: B\naxe: 1\nporteurs: [X]\n"
	    "indicateurs:\n  - {id: i, libelle: L, type: processus, cible: 2,"
	    " valeurs: {2022: 3}}\nsuivi:\n  2022: {statut: realisee}\n");
	write_tmp(sub, "a.yaml",
	    "id: 1.2\ntitre: A\naxe: \"1\"\n"
	    "porteurs: [X]\nindicateurs: []\n");

	/* a.yaml an hour ahead: "just written" for the cache whatever the
	 * time the loads below take (a loaded machine under valgrind can
	 * take seconds), so that no check depends on timing */
	char apath[700];
	snprintf(apath, sizeof(apath), "%s/a.yaml", sub);
	struct timespec ahead[2];
	clock_gettime(CLOCK_REALTIME, &ahead[0]);
	ahead[0].tv_sec += 3600;
	ahead[1] = ahead[0];
	CHECK(utimensat(AT_FDCWD, apath, ahead, 0) == 0);

	cls_error err;
	cls_cache *cache = cls_cache_open(cdir);
	CHECK(cache != NULL);
	cls_load_options o = {.cache = cache};
	for (int pass = 0; pass < 2; pass++) { /* cold, then warm */
		cls_contract *c = cls_contract_load(dir, &o, &err);
		CHECK(c != NULL);
		if (!c)
			break;
		const cls_plan *p = cls_contract_plan(c);
		CHECK(p->fiche_count == 2);
		CHECK(strcmp(p->fiches[0].id, "1.2") == 0); /* natural order */
		CHECK(strcmp(p->fiches[1].id, "1.10") == 0);
		CHECK(p->debut == 2022 && p->fin == 2026);
		CHECK(cls_contract_count(c, CLS_ERROR) == 0);
		CHECK(cls_contract_count(c, CLS_WARNING) == 1); /* no indic. */
		const cls_fiche *f = &p->fiches[1];
		CHECK(f->indicateur_count == 1
		    && cls_indicateur_valeur(&f->indicateurs[0], 2022)->number
		        == 3);
		CHECK(cls_fiche_suivi(f, 2022)->statut == CLS_STATUT_REALISEE);
		cls_contract_free(c);
	}
	CHECK(cls_cache_note(cache) == NULL);

	/* the cache answers from stat alone once a file is old enough */
	arena *a = clsi_arena_new();
	clsi_cache_begin(cache, dir);
	char path[700];
	snprintf(path, sizeof(path), "%s/a.yaml", sub);
	struct stat st;
	stat(path, &st);
	file_result fr;
	int hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st, NULL, 0, &fr);
	CHECK(hit == 2); /* just written: racy, so the content decides */
	const char *text = "id: 1.2\ntitre: A\naxe: \"1\"\n"
	                   "porteurs: [X]\nindicateurs: []\n";
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st,
	    (const unsigned char *)text, strlen(text), &fr);
	CHECK(hit == 1 && fr.root && clsi_map_get(fr.root, "titre"));
	/* same size, different content: the hash catches it */
	const char *other = "id: 1.3\ntitre: A\naxe: \"1\"\n"
	                    "porteurs: [X]\nindicateurs: []\n";
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st,
	    (const unsigned char *)other, strlen(other), &fr);
	CHECK(hit == 0);
	/* an old file is trusted on its stat alone */
	st.st_mtim.tv_sec -= 3660;
	st.st_ctim.tv_sec -= 3660;
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st, NULL, 0, &fr);
	CHECK(hit == 2); /* new identity: the content decides, once */
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st,
	    (const unsigned char *)text, strlen(text), &fr);
	CHECK(hit == 1);
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st, NULL, 0, &fr);
	CHECK(hit == 1); /* recorded: no content needed any more */
	/* a new ctime alone (replaced under its old mtime) is a new identity */
	st.st_ctim.tv_sec += 30;
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st, NULL, 0, &fr);
	CHECK(hit == 2);
	hit = clsi_cache_get(cache, a, "fiches/a.yaml", &st,
	    (const unsigned char *)text, strlen(text), &fr);
	CHECK(hit == 1);
	clsi_cache_end(cache, NULL, 0);
	CHECK(
	    clsi_cache_get(cache, a, "fiches/a.yaml", &st, NULL, 0, &fr) == 0);
	cls_cache_close(cache);
	clsi_arena_free(a);

	/* a corrupt cache file is rebuilt, with one note */
	char cmd[1400];
	snprintf(cmd, sizeof(cmd),
	    "printf 'garbage%%.0s' $(seq 1 600) > "
	    "%s/cls.db",
	    cdir);
	CHECK(system(cmd) == 0);
	cache = cls_cache_open(cdir);
	o.cache = cache;
	cls_contract *c = cls_contract_load(dir, &o, &err);
	CHECK(cache && cls_cache_note(cache) != NULL);
	CHECK(c && cls_contract_plan(c)->fiche_count == 2);
	cls_contract_free(c);
	cls_cache_close(cache);
	cache = cls_cache_open(cdir);
	o.cache = cache;
	c = cls_contract_load(dir, &o, &err);
	CHECK(c && cls_cache_note(cache) == NULL);
	cls_contract_free(c);
	cls_cache_close(cache);
	/* an impossible location means no cache, not a failure */
	CHECK(cls_cache_open("/proc/no/such/dir") == NULL);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

/* Whether another handle on the cache folder (another process, say) sees
 * the row of the contract's fiche a.yaml. */
static bool row_seen(const char *cdir, const char *dir, const char *sub)
{
	cls_cache *other = cls_cache_open(cdir);
	arena *a = clsi_arena_new();
	char path[700];
	snprintf(path, sizeof(path), "%s/a.yaml", sub);
	struct stat st;
	file_result fr;
	bool seen = false;
	if (other && a && stat(path, &st) == 0) {
		clsi_cache_begin(other, dir);
		seen = clsi_cache_get(
		           other, a, "fiches/a.yaml", &st, NULL, 0, &fr)
		    != 0;
		clsi_cache_commit(other);
	}
	cls_cache_close(other);
	clsi_arena_free(a);
	return seen;
}

/* A load commits its rows before it returns, unless a batch is on: then
 * they are committed by the batch's end or the cache's close, and the next
 * loads' rows with them. */
static void test_cache_batch(void)
{
	char d1[] = "/tmp/cls-unit.XXXXXX", d2[] = "/tmp/cls-unit.XXXXXX";
	char s1[600], s2[600], cdir[600], cmd[4096];
	new_contract(d1, 2026, s1, sizeof(s1));
	new_contract(d2, 2026, s2, sizeof(s2));
	const char *fiche = "id: 1.1\ntitre: A\naxe: 1\nporteurs: [X]\n";
	write_tmp(s1, "a.yaml", fiche);
	write_tmp(s2, "a.yaml", fiche);
	snprintf(cdir, sizeof(cdir), "%s/cache", d1);
	cls_error err;

	cls_cache *cache = cls_cache_open(cdir);
	CHECK(cache != NULL);
	cls_load_options o = {.cache = cache};
	cls_contract *c = cls_contract_load(d1, &o, &err);
	CHECK(c != NULL);
	cls_contract_free(c);
	CHECK(row_seen(cdir, d1, s1)); /* committed: the cache is still open */

	cls_cache_batch(cache, true);
	c = cls_contract_load(d2, &o, &err);
	CHECK(c != NULL);
	cls_contract_free(c);
	CHECK(!row_seen(cdir, d2, s2)); /* pending in the batch */
	cls_cache_batch(cache, false);
	CHECK(row_seen(cdir, d2, s2));

	/* closing the cache commits what a batch holds (a.yaml rewritten to
	 * another size: its old row is no answer) */
	write_tmp(s2, "a.yaml", "id: 1.2\ntitre: Bb\naxe: 1\nporteurs: [X]\n");
	cls_cache_batch(cache, true);
	c = cls_contract_load(d2, &o, &err);
	CHECK(c != NULL
	    && strcmp(cls_contract_plan(c)->fiches[0].id, "1.2") == 0);
	cls_contract_free(c);
	CHECK(!row_seen(cdir, d2, s2));
	cls_cache_close(cache);
	CHECK(row_seen(cdir, d2, s2));

	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", d1, d2);
	CHECK(system(cmd) == 0);
}

/* The memo's API: an answer kept is found for the same key and files, with
 * its parts and status; another key, another file or no contract finds
 * none. */
static void test_memo(void)
{
	char dir[] = "/tmp/cls-unit-memo.XXXXXX", sub[600], cdir[600];
	new_contract(dir, 2024, sub, sizeof(sub));
	write_tmp(sub, "a.yaml", "id: 1\ntitre: A\naxe: 1\nporteurs: [X]\n");
	snprintf(cdir, sizeof(cdir), "%s/cache", dir);
	mkdir(cdir, 0700);
	setenv("CLS_MEMO_RACY_MS", "0", 1);
	const char *starts[] = {dir};
	int st = -1;
	char buf[700];
	CHECK(cls_memo_open(NULL, "k", 1, starts, 1) == NULL);
	CHECK(cls_memo_open(cdir, "k", 1, starts, 0) == NULL);
	const char *nowhere[] = {"/proc/no/such/dir"};
	CHECK(cls_memo_open(cdir, "k", 1, nowhere, 1) == NULL);
	cls_memo *m = cls_memo_open(cdir, "k", 1, starts, 1);
	CHECK(m && !cls_memo_found(m, &st));
	CHECK(m && cls_memo_put(m, 1, "output", 6, "msg", 3) == 0);
	cls_memo_free(m);
	m = cls_memo_open(cdir, "k", 1, starts, 1);
	CHECK(m && cls_memo_found(m, &st) && st == 1);
	CHECK(m && cls_memo_size(m, CLS_MEMO_OUTPUT) == 6
	    && cls_memo_size(m, CLS_MEMO_MESSAGES) == 3);
	snprintf(buf, sizeof(buf), "%s/out", dir);
	int fd = open(buf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && m && cls_memo_copy(m, CLS_MEMO_OUTPUT, fd) == 0);
	close(fd);
	FILE *f = fopen(buf, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	CHECK(n == 6 && memcmp(buf, "output", 6) == 0);
	cls_memo_free(m);
	m = cls_memo_open(cdir, "K", 1, starts, 1); /* another key */
	CHECK(m && !cls_memo_found(m, &st));
	cls_memo_free(m);
	write_tmp(sub, "b.yaml", "id: 2\n"); /* another file */
	m = cls_memo_open(cdir, "k", 1, starts, 1);
	CHECK(m && !cls_memo_found(m, &st));
	cls_memo_free(m);
	/* clearing the cache forgets the answers */
	cls_error err;
	CHECK(cls_cache_clear(cdir, &err) == 0);
	snprintf(buf, sizeof(buf), "%s/memo", cdir);
	CHECK(access(buf, F_OK) != 0);
	unsetenv("CLS_MEMO_RACY_MS");
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

/* A range written once, {min: 1}, is a target for every year of the
 * fiche, not an empty map of years. */

void unit_store(void)
{
	test_contract_and_cache();
	test_cache_batch();
	test_memo();
}
