/*
 * unit.c - unit tests of libcls: scalar typing, ids, UTF-8, suggestions,
 * dates, positions, hostile input, the model's queries, the cache and the
 * layout-preserving edit of values.
 * Prints one line per failed check and a final "N passed, N failed".
 * `unit --shape` prints the key table, for tests/suite-schema.sh.
 */
#include "../lib/edit/edit.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static void check(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
}

/* Parses text as a fiche; returns the tree, diagnostics in *d. */
static node *parse(arena *a, dsink *d, const char *text)
{
	clsi_dsink_init(d, a);
	return clsi_yaml_parse(a, d, "f.yaml", text, strlen(text));
}

static bool has_rule(const file_result *fr, const char *rule, int line, int col)
{
	for (size_t i = 0; i < fr->ndiags; i++)
		if (strcmp(fr->diags[i].rule, rule) == 0
		    && (line == 0 || fr->diags[i].loc.line == line)
		    && (col == 0 || fr->diags[i].loc.column == col))
			return true;
	return false;
}

static void test_typing(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	node *r = parse(a, &d,
	    "a: 1\nb: \"1\"\nc: 1.10\nd: ~\ne: true\n"
	    "f: 0x1F\ng: 1e3\nh: .inf\ni: 18 000\nj: 'x'\nk: |\n  block\n"
	    "l: -2\nm: 0o17\nn: yes\n");
	CHECK(r && r->kind == N_MAP && r->n == 14);
	CHECK(clsi_map_get(r, "a")->kind == N_INT
	    && clsi_map_get(r, "a")->num == 1);
	CHECK(clsi_map_get(r, "b")->kind == N_STR);
	CHECK(clsi_map_get(r, "c")->kind == N_FLOAT);
	CHECK(strcmp(clsi_map_get(r, "c")->text, "1.10") == 0); /* text kept */
	CHECK(clsi_map_get(r, "d")->kind == N_NULL);
	CHECK(clsi_map_get(r, "e")->kind == N_BOOL);
	CHECK(clsi_map_get(r, "f")->kind == N_INT
	    && clsi_map_get(r, "f")->num == 31);
	CHECK(clsi_map_get(r, "g")->kind == N_FLOAT
	    && clsi_map_get(r, "g")->num == 1000);
	CHECK(clsi_map_get(r, "h")->kind == N_FLOAT
	    && isinf(clsi_map_get(r, "h")->num));
	CHECK(clsi_map_get(r, "i")->kind == N_STR);
	CHECK(clsi_map_get(r, "j")->kind == N_STR
	    && !clsi_map_get(r, "j")->plain);
	CHECK(clsi_map_get(r, "k")->kind == N_STR);
	CHECK(strcmp(clsi_map_get(r, "k")->text, "block\n") == 0);
	CHECK(clsi_map_get(r, "l")->num == -2);
	CHECK(clsi_map_get(r, "m")->num == 15);
	CHECK(clsi_map_get(r, "n")->kind == N_STR); /* YAML 1.2: yes is text */
	clsi_dsink_release(&d);
	clsi_arena_free(a);
}

static void test_positions(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	/* columns count characters: "é" is two bytes, one column */
	node *r = parse(a, &d, "titre: été\nliste: [é, à, x]\n");
	CHECK(r != NULL);
	node *l = clsi_map_get(r, "liste");
	CHECK(l && l->kind == N_SEQ && l->n == 3);
	CHECK(l->kids[2]->line == 2 && l->kids[2]->col == 15);
	CHECK(clsi_map_get(r, "titre")->col == 8);
	clsi_dsink_release(&d);
	clsi_arena_free(a);
}

static void test_hostile(void)
{
	arena *a = clsi_arena_new();
	dsink d;
	CHECK(parse(a, &d, "a: &x [1, 2]\nb: *x\n") == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "yaml-alias") == 0);
	clsi_dsink_release(&d);
	CHECK(parse(a, &d, "a: 1\na: 2\n") != NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "duplicate-key") == 0
	    && d.v[0].loc.line == 2);
	clsi_dsink_release(&d);
	CHECK(parse(a, &d, "a: 1\n---\na: 2\n") == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "multiple-documents") == 0);
	clsi_dsink_release(&d);
	/* deep nesting stops at the limit, quickly */
	char deep[4096];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		deep[n++] = '[';
	for (int i = 0; i < 1000; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	CHECK(parse(a, &d, deep) == NULL);
	CHECK(d.n == 1 && strcmp(d.v[0].rule, "too-deep") == 0);
	clsi_dsink_release(&d);

	/* the whole per-file stage */
	file_result fr;
	CHECK(clsi_file_analyse(
	          a, DOC_FICHE, "f.yaml", (const unsigned char *)"", 0, &fr)
	        == 0
	    && has_rule(&fr, "empty-file", 1, 1));
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)"id: \"caf\xe9\"\n", 11, &fr)
	        == 0
	    && has_rule(&fr, "encoding", 1, 9) && fr.root == NULL);
	CHECK(strstr(fr.diags[0].message, "Windows-1252") != NULL);
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)"id: 1\0\n", 7, &fr)
	        == 0
	    && has_rule(&fr, "encoding", 1, 6));
	size_t big = CLS_MAX_FILE_SIZE + 1;
	unsigned char *huge = malloc(big);
	memset(huge, '#', big);
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml", huge, big, &fr) == 0
	    && has_rule(&fr, "file-too-large", 1, 1));
	free(huge);
	const char *bom = "\xEF\xBB\xBFid: \"1\"\r\ntitre: t\r\n";
	CHECK(clsi_file_analyse(a, DOC_FICHE, "f.yaml",
	          (const unsigned char *)bom, strlen(bom), &fr)
	        == 0
	    && fr.root && clsi_map_get(fr.root, "titre")->line == 2
	    && clsi_map_get(fr.root, "titre")->col == 8);
	clsi_arena_free(a);
}

static void test_text(void)
{
	CHECK(cls_id_cmp("1.2", "1.10") < 0);
	CHECK(cls_id_cmp("1.10", "2") < 0);
	CHECK(cls_id_cmp("A", "B") < 0);
	CHECK(cls_id_cmp("10", "9") > 0);
	CHECK(cls_id_cmp("1.1", "1.1") == 0);
	const char *keys[] = {"partenaires", "porteurs", "public"};
	CHECK(strcmp(clsi_str_nearest("partenaire", keys, 3), "partenaires")
	    == 0);
	CHECK(strcmp(clsi_str_nearest("porteur", keys, 3), "porteurs") == 0);
	CHECK(clsi_str_nearest("zzzzzz", keys, 3) == NULL);
	CHECK(clsi_str_distance("ab", "ba", 3) == 1); /* transposition */
	CHECK(clsi_utf8_columns("été", strlen("été")) == 3);
	size_t bad;
	char msg[256];
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"ok é", 5, &bad, msg, sizeof(msg))
	    == 0);
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"\xC0\x80", 2, &bad, msg, sizeof(msg))
	    != 0); /* overlong */
	CHECK(clsi_utf8_check((const unsigned char *)"\xED\xA0\x80", 3, &bad,
	          msg, sizeof(msg))
	    != 0); /* surrogate */
	CHECK(clsi_utf8_check(
	          (const unsigned char *)"\xFF\xFEx", 3, &bad, msg, sizeof(msg))
	        != 0
	    && strstr(msg, "UTF-16"));
	CHECK(clsi_date_valid("2024-02-29", NULL));
	CHECK(!clsi_date_valid("2023-02-29", NULL));
	CHECK(!clsi_date_valid("2023-13-01", NULL));
	CHECK(!clsi_date_valid("2023-1-01", NULL));
	CHECK(clsi_date_valid("2000-02-29", NULL)
	    && !clsi_date_valid("1900-02-29", NULL));
}

static void test_model(void)
{
	cls_fiche f = {0};
	cls_indicateur ind = {0};
	f.first_year = 2022;
	f.last_year = 2024;
	ind.has_cible_all = true;
	ind.cible_all.has_min = ind.cible_all.has_max = true;
	ind.cible_all.min = ind.cible_all.max = 6;
	cls_target t;
	CHECK(cls_indicateur_cible(&f, &ind, 2023, &t) && t.min == 6);
	CHECK(!cls_indicateur_cible(&f, &ind, 2025, &t));
	CHECK(cls_target_reached(&t, CLS_HAUSSE, 6));
	CHECK(!cls_target_reached(&t, CLS_HAUSSE, 5));
	CHECK(cls_target_reached(&t, CLS_BAISSE, 5));
	CHECK(!cls_target_reached(&t, CLS_BAISSE, 7));
	cls_target r = {.is_range = true,
	    .has_min = true,
	    .min = 2,
	    .has_max = true,
	    .max = 3};
	CHECK(cls_target_reached(&r, CLS_HAUSSE, 2));
	CHECK(cls_target_reached(&r, CLS_HAUSSE, 3));
	CHECK(!cls_target_reached(&r, CLS_HAUSSE, 4));
	cls_year_target yt
	    = {2025, {.has_min = true, .has_max = true, .min = 1, .max = 1}};
	ind.cibles = &yt;
	ind.cible_count = 1;
	CHECK(cls_indicateur_cible(&f, &ind, 2025, &t) && t.min == 1);
	const char *ids[] = {"1.1", "2.3", "coordination"};
	CHECK(cls_nearest("2.4", ids, 3) == ids[1]);
	CHECK(cls_nearest("coordinaton", ids, 3) == ids[2]);
	CHECK(cls_nearest("zzz", ids, 3) == NULL);
}

/* The rate of achievement and "atteint", rule by rule (cls-report(1)). */
static void test_taux(void)
{
	cls_fiche f = {.first_year = 2022, .last_year = 2024};
	cls_value v[2] = {{.year = 2022, .number = 4}, {.year = 2023}};
	cls_indicateur ind = {.has_cible_all = true,
	    .cible_all = {.has_min = true, .has_max = true, .min = 5, .max = 5},
	    .valeurs = v,
	    .valeur_count = 2};
	cls_taux t;
	/* hausse: valeur / cible */
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.has_cible
	    && t.valeur == &v[0] && t.atteint == 0 && fabs(t.taux - 80) < 1e-9);
	/* baisse: cible / valeur, reached at or below; none for a valeur 0 */
	ind.sens = CLS_BAISSE;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1
	    && fabs(t.taux - 125) < 1e-9);
	CHECK(!cls_indicateur_taux(&f, &ind, 2023, &t) && t.atteint == 1);
	/* no value: not evaluated; no target: not evaluated either */
	CHECK(!cls_indicateur_taux(&f, &ind, 2024, &t) && t.has_cible
	    && !t.valeur && t.atteint == -1);
	ind.has_cible_all = false;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && !t.has_cible
	    && t.valeur == &v[0] && t.atteint == -1);
	/* a target of 0 gives no rate */
	ind.sens = CLS_HAUSSE;
	ind.has_cible_all = true;
	ind.cible_all.min = ind.cible_all.max = 0;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1);
	/* a range: against its min (hausse); past its max, no rate */
	ind.cible_all = (cls_target){.is_range = true,
	    .has_min = true,
	    .min = 2,
	    .has_max = true,
	    .max = 3};
	v[0].number = 3;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1
	    && fabs(t.taux - 150) < 1e-9);
	v[0].number = 4;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0);
	/* baisse: against its max; below its min, no rate */
	ind.sens = CLS_BAISSE;
	CHECK(cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0
	    && fabs(t.taux - 75) < 1e-9);
	v[0].number = 1;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 0);
	/* a range without the bound the sens needs: no rate */
	ind.cible_all.has_max = false;
	v[0].number = 2;
	CHECK(!cls_indicateur_taux(&f, &ind, 2022, &t) && t.atteint == 1);
	/* cible_totale: the numeric values up to the year */
	v[1].number = 6;
	ind.has_cible_totale = true;
	ind.cible_totale = 16;
	cls_indicateur_taux(&f, &ind, 2023, &t);
	CHECK(t.has_cumul && t.cumul == 8 && t.has_taux_cumul
	    && fabs(t.taux_cumul - 50) < 1e-9);
	v[1].is_text = true;
	cls_indicateur_taux(&f, &ind, 2024, &t);
	CHECK(t.has_cumul && t.cumul == 2);
	ind.cible_totale = 0;
	cls_indicateur_taux(&f, &ind, 2024, &t);
	CHECK(t.has_cumul && !t.has_taux_cumul);
}

static const char *write_tmp(
    const char *dir, const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Makes a contract in the folder mkdtemp() makes of dir: cls.yaml (periode
 * 2022 to fin, one axe "1") and an empty fiches/, whose path goes to sub. */
static void new_contract(char *dir, int fin, char *sub, size_t subsz)
{
	char cls[256];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, subsz, "%s/fiches", dir);
	mkdir(sub, 0755);
	snprintf(cls, sizeof(cls),
	    "version: 1\nnom: N\nterritoire: T\n"
	    "periode: {debut: 2022, fin: %d}\nsignataires: [ARS]\n"
	    "axes:\n  - {id: 1, titre: A}\n",
	    fin);
	write_tmp(dir, "cls.yaml", cls);
}

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

	cls_error err;
	cls_cache *cache = cls_cache_open(cdir);
	CHECK(cache != NULL);
	cls_load_options o = {cache, false};
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
	st.st_mtim.tv_sec -= 60;
	st.st_ctim.tv_sec -= 60;
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
	cls_load_options o = {cache, false};
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
static void test_cible_range(void)
{
	char dir[] = "/tmp/cls-unit-range.XXXXXX", sub[600];
	new_contract(dir, 2024, sub, sizeof(sub));
	write_tmp(sub, "a.yaml",
	    "id: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
	    "indicateurs:\n  - {id: r, libelle: L, type: processus, "
	    "cible: {min: 1}}\n  - {id: y, libelle: L, type: processus, "
	    "cible: {2023: {max: 5}}}\n");
	cls_error err;
	cls_contract *c = cls_contract_load(dir, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		const cls_fiche *f = &cls_contract_plan(c)->fiches[0];
		cls_target t;
		CHECK(cls_contract_count(c, CLS_ERROR) == 0);
		CHECK(cls_indicateur_cible(f, &f->indicateurs[0], 2022, &t)
		    && t.is_range && t.has_min && t.min == 1 && !t.has_max);
		CHECK(cls_indicateur_cible(f, &f->indicateurs[0], 2024, &t));
		CHECK(!cls_indicateur_cible(f, &f->indicateurs[1], 2022, &t));
		CHECK(cls_indicateur_cible(f, &f->indicateurs[1], 2023, &t)
		    && t.is_range && t.has_max && t.max == 5 && !t.has_min);
	}
	cls_contract_free(c);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

/* ------------------------------------------------ writing values (edit.c) */

/* The text after setting valeurs[year] of ind to val, or NULL. */
static char *edited(
    const char *text, const char *ind, int year, const char *val)
{
	cls_buf out;
	char why[256];
	cls_buf_init(&out);
	if (clsi_edit_valeur(
	        text, strlen(text), ind, year, val, &out, why, sizeof(why))
	    != 0) {
		cls_buf_release(&out);
		return NULL;
	}
	return out.s;
}

/* A fiche with comments everywhere, and its valeurs as the last lines. */
#define HEAD                                                                   \
	"# en-tête: gardé\nid: \"1\"\nindicateurs:\n  - id: a # premier\n"   \
	"    valeurs:\n"
#define YEARS                                                                  \
	"      2022: 3   # provisoire\n      # à confirmer\n      2024: 5\n"

static void test_edit_layouts(void)
{
	static const struct {
		const char *in, *ind;
		int year;
		const char *val, *want;
	} t[] = {
	    /* an existing year: only the value changes, the comment stays */
	    {HEAD YEARS, "a", 2022, "12.5",
	        HEAD "      2022: 12.5   # provisoire\n      # à confirmer\n"
	             "      2024: 5\n"},
	    /* a new year between two: after the earlier one, before the
	     * comment that goes with the later one */
	    {HEAD YEARS, "a", 2023, "4",
	        HEAD "      2022: 3   # provisoire\n      2023: 4\n"
	             "      # à confirmer\n      2024: 5\n"},
	    /* before the first, after the last */
	    {HEAD YEARS, "a", 2021, "1", HEAD "      2021: 1\n" YEARS},
	    {HEAD YEARS, "a", 2025, "6", HEAD YEARS "      2025: 6\n"},
	    /* the last line without its line end */
	    {"indicateurs:\n- id: a\n  valeurs:\n    2023: 3", "a", 2024, "7",
	        "indicateurs:\n- id: a\n  valeurs:\n    2023: 3\n    2024: "
	        "7\n"},
	    /* a flow mapping stays one */
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2022, "2",
	        "indicateurs:\n  - id: f\n    valeurs: {2022: 2, 2023: 3}  # "
	        "c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2024, "7",
	        "indicateurs:\n  - id: f\n    valeurs: {2023: 3, 2024: 7}  # "
	        "c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {2023: 3}  # c\n", "f",
	        2023, "9",
	        "indicateurs:\n  - id: f\n    valeurs: {2023: 9}  # c\n"},
	    {"indicateurs:\n  - id: f\n    valeurs: {}\n", "f", 2024, "1",
	        "indicateurs:\n  - id: f\n    valeurs: {2024: 1}\n"},
	    /* no valeurs yet: a block key after the indicateur's others,
	     * before the comment of the next one, indented like the file */
	    {"indicateurs:\n  - id: n\n    cible:\n        min: 1\n"
	     "    # le suivant\n  - id: m\n",
	        "n", 2024, "2",
	        "indicateurs:\n  - id: n\n    cible:\n        min: 1\n"
	        "    valeurs:\n        2024: 2\n    # le suivant\n  - id: m\n"},
	    {"indicateurs:\n  - id: n\n    libelle: L # c\n", "n", 2024, "2",
	        "indicateurs:\n  - id: n\n    libelle: L # c\n    valeurs:\n"
	        "      2024: 2\n"},
	    /* an indicateur written as a flow mapping */
	    {"indicateurs:\n  - {id: f, libelle: L}\n", "f", 2024, "2",
	        "indicateurs:\n  - {id: f, libelle: L, valeurs: {2024: 2}}\n"},
	    /* valeurs: left empty, or null with a comment; a year left empty */
	    {"indicateurs:\n  - id: q\n    valeurs:\n  - id: r\n", "q", 2024,
	        "oui",
	        "indicateurs:\n  - id: q\n    valeurs:\n      2024: oui\n"
	        "  - id: r\n"},
	    {"indicateurs:\n  - id: q\n    valeurs: ~ # rien\n", "q", 2024,
	        "oui",
	        "indicateurs:\n  - id: q\n    valeurs: # rien\n"
	        "      2024: oui\n"},
	    {"indicateurs:\n  - id: q\n    valeurs:\n      2024:\n", "q", 2024,
	        "3", "indicateurs:\n  - id: q\n    valeurs:\n      2024: 3\n"},
	    /* CRLF line ends and a byte order mark are kept */
	    {"\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    valeurs:\r\n"
	     "      2022: 1\r\n",
	        "c", 2023, "2",
	        "\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    valeurs:\r\n"
	        "      2022: 1\r\n      2023: 2\r\n"},
	    {"\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    type: x\r\n", "c",
	        2023, "2",
	        "\xEF\xBB\xBFindicateurs:\r\n  - id: c\r\n    type: x\r\n"
	        "    valeurs:\r\n      2023: 2\r\n"},
	    /* accents before the place: marks count characters, not bytes */
	    {"indicateurs:\n  - id: é\n    libellé: « élevé »\n"
	     "    valeurs: {2022: 1}\n",
	        "é", 2022, "2",
	        "indicateurs:\n  - id: é\n    libellé: « élevé »\n"
	        "    valeurs: {2022: 2}\n"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = edited(t[i].in, t[i].ind, t[i].year, t[i].val);
		CHECK(got && strcmp(got, t[i].want) == 0);
		if (got && strcmp(got, t[i].want) != 0)
			printf("  case %zu gave:\n%s", i, got);
		free(got);
	}
	/* what cannot be edited is said, not guessed */
	CHECK(edited("indicateurs:\n  - id: a\n", "b", 2022, "1") == NULL);
	CHECK(edited("indicateurs: [\n", "a", 2022, "1") == NULL);
	CHECK(edited(
	          "indicateurs:\n  - id: a\n    valeurs: [1]\n", "a", 2022, "1")
	    == NULL);
}

static void test_edit_scalars(void)
{
	char num[64];
	clsi_edit_number(12.5, num, sizeof(num));
	CHECK(strcmp(num, "12.5") == 0);
	clsi_edit_number(1234, num, sizeof(num));
	CHECK(strcmp(num, "1234") == 0);
	clsi_edit_number(-0.0, num, sizeof(num));
	CHECK(strcmp(num, "0") == 0);
	clsi_edit_number(0.1, num, sizeof(num));
	CHECK(strcmp(num, "0.1") == 0);
	clsi_edit_number(1e20, num, sizeof(num));
	CHECK(strtod(num, NULL) == 1e20);
	static const struct {
		const char *text, *yaml;
	} t[] = {
	    {"oui", "oui"},
	    {"Mise en place partielle", "Mise en place partielle"},
	    {"Oui: partiel", "\"Oui: partiel\""},
	    {"true", "\"true\""},
	    {"12", "\"12\""},
	    {"a # b", "\"a # b\""},
	    {"", "\"\""},
	    {"- non", "\"- non\""},
	    {"dit \"oui\"", "\"dit \\\"oui\\\"\""},
	    {"deux\nlignes", "\"deux\\nlignes\""},
	    {"null", "\"null\""},
	    {"été", "été"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cls_buf b;
		cls_buf_init(&b);
		clsi_edit_text(t[i].text, &b);
		CHECK(b.s && strcmp(b.s, t[i].yaml) == 0);
		if (b.s && strcmp(b.s, t[i].yaml) != 0)
			printf("  text \"%s\" gave %s\n", t[i].text, b.s);
		cls_buf_release(&b);
	}
}

/* cls_edit_values on a contract: statuses, refusals, and the read back */
static void test_edit_contract(void)
{
	char dir[] = "/tmp/cls-unit-edit.XXXXXX", sub[600];
	new_contract(dir, 2026, sub, sizeof(sub));
	const char *a = "# garde\nid: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
	                "calendrier: {debut: 2023, fin: 2025}\n"
	                "indicateurs:\n  - id: n\n    libelle: L\n"
	                "    type: processus\n    cible: 3\n"
	                "    valeurs:\n      2023: 3 # vu\n"
	                "  - id: q\n    libelle: Q\n    type: resultat\n";
	write_tmp(sub, "a.yaml", a);
	write_tmp(sub, "b.yaml",
	    "id: 2\ntitre: B\naxe: 1\nporteurs: [X]\npartenaire: [Y]\n"
	    "indicateurs:\n  - {id: n, libelle: L, type: processus}\n");
	cls_error err;
	cls_contract *c = cls_contract_load(dir, NULL, &err);
	CHECK(c != NULL);
	if (!c)
		return;
	cls_setval ok[] = {
	    {"1", "n", 2023, false, 3, NULL}, /* the same */
	    {"1", "n", 2024, false, 4.5, NULL}, /* new */
	    {"1", "q", 2024, true, 0, "en cours: 2 sur 3"},
	};
	cls_edit *e = cls_edit_values(c, ok, 3, &err);
	CHECK(e && cls_edit_refused(e) == 0);
	if (e) {
		const cls_set_result *r = cls_edit_results(e);
		size_t nf;
		const cls_file_text *f = cls_edit_files(e, &nf);
		CHECK(
		    r[0].status == CLS_SET_SAME && strcmp(r[0].old, "3") == 0);
		CHECK(r[1].status == CLS_SET_NEW && r[1].old == NULL);
		CHECK(r[2].status == CLS_SET_NEW);
		CHECK(nf == 1 && strcmp(f[0].file, "fiches/a.yaml") == 0);
		/* the old text, with exactly two lines added */
		const char *want
		    = "# garde\nid: 1\ntitre: A\naxe: 1\nporteurs: [X]\n"
		      "calendrier: {debut: 2023, fin: 2025}\n"
		      "indicateurs:\n  - id: n\n    libelle: L\n"
		      "    type: processus\n    cible: 3\n"
		      "    valeurs:\n      2023: 3 # vu\n      2024: 4.5\n"
		      "  - id: q\n    libelle: Q\n    type: resultat\n"
		      "    valeurs:\n      2024: \"en cours: 2 sur 3\"\n";
		CHECK(nf == 1 && strcmp(f[0].text, want) == 0
		    && f[0].len == strlen(want));
	}
	cls_edit_free(e);
	cls_setval bad[] = {
	    {"1", "n", 2024, true, 0, "beaucoup"}, /* numeric target */
	    {"1", "n", 2022, false, 1, NULL}, /* before the calendrier */
	    {"1", "n", 2027, false, 1, NULL}, /* outside the periode */
	    {"1", "x", 2024, false, 1, NULL}, /* no such indicateur */
	    {"9", "n", 2024, false, 1, NULL}, /* no such fiche */
	    {"2", "n", 2024, false, 1, NULL}, /* its file has an error */
	    {"1", "q", 2024, false, 1, NULL}, /* fine, but others are not */
	    {"1", "q", 2024, false, 2, NULL}, /* asked differently */
	};
	e = cls_edit_values(c, bad, 8, &err);
	CHECK(e && cls_edit_refused(e) == 7);
	if (e) {
		const cls_set_result *r = cls_edit_results(e);
		size_t nf;
		for (int i = 0; i < 6; i++)
			CHECK(r[i].status == CLS_SET_REFUSED && r[i].message);
		CHECK(r[6].status == CLS_SET_CHECKED);
		CHECK(r[7].status == CLS_SET_REFUSED);
		CHECK(strstr(r[0].message, "must be a number") != NULL);
		CHECK(strstr(r[1].message, "runs 2023-2025") != NULL);
		CHECK(strstr(r[2].message, "periode 2022-2026") != NULL);
		CHECK(strstr(r[5].message, "fiches/b.yaml has errors") != NULL);
		cls_edit_files(e, &nf);
		CHECK(nf == 0);
	}
	cls_edit_free(e);
	cls_contract_free(c);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

static void test_rules(void)
{
	size_t n;
	const cls_rule *r = cls_rules(&n);
	CHECK(n > 20);
	for (size_t i = 0; i < n; i++) {
		CHECK(cls_rule_find(r[i].id) == &r[i]);
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(r[i].id, r[j].id) != 0);
	}
	CHECK(cls_rule_find("nope") == NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--shape") == 0) {
		char *s = clsi_shape_dump();
		fputs(s, stdout);
		free(s);
		return 0;
	}
	test_typing();
	test_positions();
	test_hostile();
	test_text();
	test_model();
	test_taux();
	test_rules();
	test_cible_range();
	test_contract_and_cache();
	test_cache_batch();
	test_memo();
	test_edit_layouts();
	test_edit_scalars();
	test_edit_contract();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
