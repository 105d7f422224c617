/* SPDX-License-Identifier: MIT */
/*
 * fuzz-escape.c - libFuzzer harness for what the text writers of libcls
 * let reach a terminal.  The input, cut at its NUL bytes into texts, is
 * given to cls_escape(), to the 80-column layout (paragraphs, labels and
 * values, rules, headings, tables), to the four writers of diagnostics
 * (as a file name, a message and a rule) and to the text and Markdown
 * reports (as the name of the contract, its territoire, an axe, a fiche,
 * a porteur, a financeur, a libellé, a value and a commentaire).  Each
 * output must be valid UTF-8 and hold no C0 control, DEL, C1 control,
 * bidirectional control nor line or paragraph separator but the line
 * feeds a writer puts (and the tabs CLS_ESCAPE_LINES keeps); cls_escape()
 * must give the same bytes when run again; a JSON string must read back
 * as its text, each byte that is not UTF-8 as U+FFFD; a SARIF uri must be
 * made of unreserved characters, slashes and percent escapes only; a
 * GitHub workflow command must stay one line.  Any failure aborts.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`, and
 * with gcc and tests/fuzz/replay.c by `make check`, which replays the
 * inputs kept in tests/fuzz/regress/escape/.
 */
#include "../../lib/render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT(c, what, s, n)                                                  \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz-escape: %s: %.*s\n", what,       \
			    (int)(n), (const char *)(s));                      \
			abort();                                               \
		}                                                              \
	} while (0)

/* The code point at p (n bytes left) in *cp and its length, or 0 when p
 * does not start valid UTF-8: written here again, not taken from libcls,
 * so that the check does not share the code it checks. */
static size_t decode(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], min;
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, min = 0x10000;
	else
		return 0;
	if (n < k)
		return 0;
	c &= 0x3F >> (k - 1);
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return k;
}

static int forbidden(unsigned c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C
	    || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E)
	    || (c >= 0x2066 && c <= 0x2069);
}

/* Whether s[0..n) is valid UTF-8 without a forbidden character but line
 * feeds (lf) and tabs (tab). */
static void check_safe(
    const char *what, const char *s, size_t n, int lf, int tab)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c;
		size_t k = decode(p + i, n - i, &c);
		EXPECT(k, what, s, n);
		if (forbidden(c) && !(c == '\n' && lf) && !(c == '\t' && tab))
			EXPECT(0, what, s, n);
		i += k;
	}
}

/* What f wrote, NUL-terminated in *out (caller frees). */
typedef struct mem {
	char *s;
	size_t n;
	FILE *f;
} mem;

static void mem_open(mem *m)
{
	m->s = NULL;
	m->n = 0;
	m->f = open_memstream(&m->s, &m->n);
	if (!m->f)
		abort();
}

static void mem_close(mem *m)
{
	if (fclose(m->f))
		abort();
}

/* ------------------------------------------------------------ the checks */

static void check_escape(const char *s)
{
	for (unsigned flags = 0; flags <= CLS_ESCAPE_LINES; flags++) {
		cls_buf a = {0}, b = {0};
		cls_escape(&a, s, flags);
		if (a.oom)
			abort();
		check_safe("cls_escape", cls_buf_str(&a), a.len, flags, flags);
		cls_escape(&b, cls_buf_str(&a), flags);
		EXPECT(a.len == b.len
		        && memcmp(cls_buf_str(&a), cls_buf_str(&b), a.len) == 0,
		    "cls_escape twice", s, strlen(s));
		/* the stream form writes the same */
		mem m;
		mem_open(&m);
		clsi_esc_fputs(m.f, s, flags);
		mem_close(&m);
		EXPECT(m.n == a.len && memcmp(m.s, cls_buf_str(&a), a.len) == 0,
		    "clsi_esc_fputs", s, strlen(s));
		free(m.s);
		cls_buf_release(&a);
		cls_buf_release(&b);
	}
}

/* Reads the JSON string at *p (its quotes included) into out, as a JSON
 * parser would; aborts on anything a parser refuses. */
static void json_read(const char *s, size_t n, cls_buf *out)
{
	size_t i = 0;
	EXPECT(n >= 2 && s[0] == '"' && s[n - 1] == '"', "json quotes", s, n);
	for (i = 1; i < n - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		EXPECT(c >= 0x20, "json control", s, n);
		if (c != '\\') {
			EXPECT(c != '"', "json quote", s, n);
			cls_buf_addc(out, (char)c);
			continue;
		}
		char e = s[++i];
		if (e == 'u') {
			EXPECT(i + 4 < n - 1, "json \\u", s, n);
			char hex[5]
			    = {s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0};
			char *end;
			unsigned long v = strtoul(hex, &end, 16);
			EXPECT(*end == '\0' && !(v >= 0xD800 && v <= 0xDFFF),
			    "json \\u value", s, n);
			char u[4];
			size_t k = v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
			if (k == 1) {
				u[0] = (char)v;
			} else if (k == 2) {
				u[0] = (char)(0xC0 | (v >> 6));
				u[1] = (char)(0x80 | (v & 0x3F));
			} else {
				u[0] = (char)(0xE0 | (v >> 12));
				u[1] = (char)(0x80 | ((v >> 6) & 0x3F));
				u[2] = (char)(0x80 | (v & 0x3F));
			}
			cls_buf_addn(out, u, k);
			i += 4;
			continue;
		}
		const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
		const char *at = e ? strchr(from, e) : NULL;
		EXPECT(at, "json escape", s, n);
		cls_buf_addc(out, to[at - from]);
	}
}

static void check_json(const char *s)
{
	mem m;
	mem_open(&m);
	clsi_json_str(m.f, s);
	mem_close(&m);
	check_safe("clsi_json_str", m.s, m.n, 0, 0);
	cls_buf got = {0}, want = {0};
	json_read(m.s, m.n, &got);
	/* the text, each byte that is not UTF-8 as U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned c;
		size_t k = decode(p + i, n - i, &c);
		if (k)
			cls_buf_addn(&want, s + i, k);
		else
			cls_buf_add(&want, "\xEF\xBF\xBD");
		i += k ? k : 1;
	}
	EXPECT(got.len == want.len
	        && memcmp(cls_buf_str(&got), cls_buf_str(&want), got.len) == 0,
	    "json round trip", s, n);
	cls_buf_release(&got);
	cls_buf_release(&want);
	free(m.s);
}

static void check_layout(const char *const *t)
{
	mem m;
	mem_open(&m);
	txw w = {m.f, false, false};
	clsi_tx_para(&w, t[1], strlen(t[1]), 4, t[0]);
	clsi_tx_para_c(&w, TX_BOLD, "", 0, 0, t[2]);
	/* labels are the writers' own words: data goes in the value */
	clsi_tx_kv(&w, 2, 16, "Territoire", t[0], NULL);
	clsi_tx_kv(&w, 0, 12, "Porteurs", t[3], "\033[1m");
	clsi_tx_rule(&w, '=', t[4]);
	clsi_tx_heading(&w, 2, t[5]);
	static const tcol cols[] = {
	    {"Nom", false, true}, {"N", true, false}, {"Texte", false, true}};
	ttab tt;
	clsi_tt_init(&tt, cols, 3);
	const char *row[] = {t[0], t[6], t[7]};
	clsi_tt_row(&tt, row);
	clsi_tt_span(&tt, t[1]);
	clsi_tt_rule(&tt);
	const char *row2[] = {t[7], t[0], t[3]};
	clsi_tt_row(&tt, row2);
	clsi_tt_print(&w, &tt, 4);
	clsi_tt_free(&tt);
	mem_close(&m);
	if (!w.oom)
		check_safe("layout", m.s, m.n, 1, 0);
	free(m.s);
}

static void check_diags(const char *const *t)
{
	cls_diag d[2] = {
	    {{t[0], 3, 7}, CLS_ERROR, "unknown-key", t[1]},
	    {{t[2], 0, 0}, CLS_WARNING, t[3], t[0]},
	};
	static const cls_format fmts[] = {CLS_FORMAT_TEXT, CLS_FORMAT_JSON,
	    CLS_FORMAT_GITHUB, CLS_FORMAT_SARIF};
	for (size_t i = 0; i < 4; i++) {
		mem m;
		mem_open(&m);
		cls_error err;
		cls_diags_writer *w = cls_diags_begin(fmts[i], 0, m.f, &err);
		if (!w)
			abort();
		cls_diags_add(w, &d[0], t[4]);
		cls_diags_add(w, &d[1], NULL);
		int rc = cls_diags_end(w, 2, &err);
		mem_close(&m);
		if (rc == 0)
			check_safe(cls_format_name(fmts[i]), m.s, m.n, 1, 0);
		size_t lines = 0;
		for (size_t k = 0; k < m.n; k++)
			lines += m.s[k] == '\n';
		if (fmts[i] == CLS_FORMAT_TEXT)
			EXPECT(lines == 3, "text: one line each", m.s, m.n);
		if (fmts[i] == CLS_FORMAT_GITHUB) {
			EXPECT(lines == 2
			        && strncmp(m.s, "::error file=", 13) == 0,
			    "github: one line each", m.s, m.n);
			const char *second = strchr(m.s, '\n') + 1;
			EXPECT(strncmp(second, "::warning file=", 15) == 0,
			    "github: one line each", m.s, m.n);
		}
		if (fmts[i] == CLS_FORMAT_SARIF) {
			/* every uri: unreserved, "/" and %XX only */
			for (const char *u = m.s;
			     (u = strstr(u, "\"uri\": \""));) {
				u += 8;
				for (; *u != '"'; u++)
					EXPECT((*u >= 'a' && *u <= 'z')
					        || (*u >= 'A' && *u <= 'Z')
					        || (*u >= '0' && *u <= '9')
					        || strchr("-._~/%", *u),
					    "sarif uri", m.s, m.n);
			}
		}
		free(m.s);
	}
	mem m;
	mem_open(&m);
	cls_diag_print(m.f, &d[0], t[5], 0);
	mem_close(&m);
	check_safe("cls_diag_print", m.s, m.n, 1, 0);
	EXPECT(m.n && m.s[m.n - 1] == '\n' && !memchr(m.s, '\n', m.n - 1),
	    "cls_diag_print: one line", m.s, m.n);
	free(m.s);
}

/* A report of one fiche, every text of it from the input.  Built by
 * field name, so that fields the report model gains stay zero. */
static void check_reports(const char *const *t, int which)
{
	const char *porteurs[] = {t[4]};
	cls_value val = {.year = 2023, .is_text = true, .text = t[6]};
	cls_indicateur ind = {.id = t[7], .libelle = t[5]};
	ind.valeurs = &val;
	ind.valeur_count = 1;
	cls_value num = {.year = 2023, .number = 4};
	cls_indicateur ind2 = {.id = "n", .libelle = t[6], .unite = t[3]};
	ind2.valeurs = &num;
	ind2.valeur_count = 1;
	ind2.has_cible_all = true;
	ind2.cible_all.min = ind2.cible_all.max = 5;
	cls_suivi s = {.year = 2023, .statut = CLS_STATUT_EN_COURS};
	s.commentaire = t[0];
	cls_financement fin = {.financeur = t[4], .has_montant = true};
	fin.montant = 1000;
	fin.annee = 2023;
	fin.note = t[1];
	cls_fiche f = {.file = t[2], .id = "1.1", .titre = t[3], .axe = "1"};
	f.porteurs.items = porteurs;
	f.porteurs.count = 1;
	f.first_year = 2022;
	f.last_year = 2026;
	cls_axe axe = {.id = "1", .titre = t[2]};
	cls_plan p = {.nom = t[1], .territoire = t[0], .debut = 2022};
	p.fin = 2026;

	cls_report_ind ri[2] = {{.ind = &ind, .qualitative = true},
	    {.ind = &ind2, .numeric = true}};
	ri[0].t.valeur = &val;
	ri[0].t.atteint = -1;
	ri[1].t.has_cible = true;
	ri[1].t.cible = ind2.cible_all;
	ri[1].t.valeur = &num;
	ri[1].t.atteint = 0;
	ri[1].t.has_taux = true;
	ri[1].t.taux = 80;
	const cls_financement *fins[] = {&fin};
	cls_report_jalon jal = {.libelle = t[5], .date = t[7]};
	jal.etat = CLS_JALON_EN_RETARD;
	cls_report_fiche rf = {.f = &f, .suivi = &s};
	rf.statut = CLS_STATUT_EN_COURS;
	rf.runs = true;
	rf.inds = ri;
	rf.nind = 2;
	rf.nqual = 1;
	rf.fins = fins;
	rf.nfin = 1;
	rf.jalons = &jal;
	rf.njalons = 1;
	cls_report_fiche *rfs[] = {&rf};
	cls_report_axe ra = {.axe = &axe, .fiches = rfs, .n = 1, .total = 1};
	cls_report_money money = {.financeur = t[4], .montant = 1000};
	money.known = 1;
	money.statut[CLS_FIN_PREVU].montant = 1000;
	money.statut[CLS_FIN_PREVU].known = 1;
	cls_report_missing miss = {&rf, &ri[1]};
	cls_diag warn = {{t[2], 4, 1}, CLS_WARNING, "missing-value", t[7]};
	cls_report_year r = {.plan = &p, .year = 2023, .warnings = 1};
	r.diags = &warn;
	r.ndiags = 1;
	r.fiches = &rf;
	r.nfiches = 1;
	r.axes = &ra;
	r.naxes = 1;
	r.hors_axe = rfs;
	r.nhors = 1;
	r.par_statut[CLS_STATUT_EN_COURS] = 1;
	r.indicateurs = 2;
	r.fin_annee = &money;
	r.nfin_annee = 1;
	r.fin_contrat = &money;
	r.nfin_contrat = 1;
	r.total_annee = r.total_contrat = 1000;
	r.known_annee = r.known_contrat = 1;
	r.statut_annee[CLS_FIN_PREVU] = money.statut[CLS_FIN_PREVU];
	r.statut_contrat[CLS_FIN_PREVU] = money.statut[CLS_FIN_PREVU];
	r.statut_used[CLS_FIN_PREVU] = true;
	r.jalons[CLS_JALON_EN_RETARD] = 1;
	r.sans_suivi = rfs;
	r.nsans_suivi = 1;
	r.sans_valeur_list = &miss;
	r.nsans_valeur_list = 1;

	for (int k = 0; k < 2; k++) {
		if (!(which & (1 << k)))
			continue;
		mem m;
		mem_open(&m);
		int rc = k ? clsi_render_report_markdown(m.f, &r)
		           : clsi_render_report_text(m.f, &r, false);
		mem_close(&m);
		if (rc == 0)
			check_safe(k ? "markdown" : "text", m.s, m.n, 1, 0);
		free(m.s);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* the input cut at its NUL bytes: eight texts, the last ones
	 * repeating the first when there are fewer */
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	const char *t[8];
	size_t n = 0;
	for (size_t i = 0; n < 8;) {
		t[n++] = buf + i;
		i += strlen(buf + i) + 1;
		if (i > size)
			break;
	}
	for (size_t i = n; i < 8; i++)
		t[i] = t[i % n];
	for (size_t i = 0; i < n; i++) {
		check_escape(t[i]);
		check_json(t[i]);
	}
	/* The layout, the diagnostics and the two reports take the input
	 * whole, eight times over: every input goes through all four when
	 * replayed (replay.c sets CLS_FUZZ_FULL), else through the one its
	 * last byte names, so that libFuzzer reaches each a quarter of the
	 * time at four times the speed. */
	static int full = -1;
	if (full < 0) {
		const char *e = getenv("CLS_FUZZ_FULL");
		full = e && *e == '1';
	}
	unsigned sel = full ? 0xF : 1u << (size ? data[size - 1] % 4 : 0);
	if (sel & 1)
		check_layout(t);
	if (sel & 2)
		check_diags(t);
	if (sel & 12)
		check_reports(t, (int)(sel >> 2));
	free(buf);
	return 0;
}
