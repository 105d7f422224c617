/* SPDX-License-Identifier: MIT */
/*
 * shape.c - the table of every key of cls.yaml and of a fiche, with its
 * type, whether it is required and its allowed values, and the walk that
 * checks a document against it.  The JSON Schemas in schema/ describe the
 * same table for editors; tests/suite-schema.sh proves the two agree by
 * comparing clsi_shape_dump() with the schemas.
 */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum kkind {
	K_TEXT,
	K_ID,
	K_YEAR,
	K_AMOUNT, /* number >= 0 */
	K_NUMBER, /* any finite number */
	K_PERCENT, /* number in 0..100 */
	K_DATE, /* YYYY-MM-DD */
	K_CALDATE, /* YYYY, YYYY-MM or YYYY-MM-DD */
	K_ENUM,
	K_VERSION,
	K_MAP,
	K_LIST,
	K_YEARMAP, /* map from year to item */
	K_TARGET, /* number or range */
	K_CIBLE, /* target, or year map of targets */
	K_VALUE, /* number or text */
	K_BOOL /* true or false */
} kkind;

typedef struct shape shape;

typedef struct field {
	const char *key;
	bool required;
	const shape *shape;
} field;

struct shape {
	kkind kind;
	const char *what; /* "a list of texts", for messages */
	const field *fields;
	size_t nfields;
	const shape *item;
	bool nonempty;
	const char *const *enumv; /* NULL-terminated */
	bool names; /* text naming structures: one each (several-structures) */
};

#define FIELDS(f) .fields = f, .nfields = sizeof(f) / sizeof(f[0])

static const shape sh_text = {K_TEXT, N_("a text"), .fields = NULL};
static const shape sh_id
    = {K_ID, N_("an id (a token such as \"1.2\")"), .fields = NULL};
static const shape sh_year = {K_YEAR, N_("a year (2024)"), .fields = NULL};
static const shape sh_amount
    = {K_AMOUNT, N_("an amount in euros (18000)"), .fields = NULL};
static const shape sh_number = {K_NUMBER, N_("a number"), .fields = NULL};
static const shape sh_percent
    = {K_PERCENT, N_("a percent (0 to 100)"), .fields = NULL};
static const shape sh_caldate
    = {K_CALDATE, N_("a date (YYYY, YYYY-MM or YYYY-MM-DD)"), .fields = NULL};
static const shape sh_value
    = {K_VALUE, N_("a number or a text"), .fields = NULL};
static const shape sh_version
    = {K_VERSION, N_("the format version (1)"), .fields = NULL};
static const shape sh_texts = {K_LIST, N_("a list of texts"), .item = &sh_text};
static const shape sh_bool = {K_BOOL, N_("true or false"), .fields = NULL};
/* A structure (porteur, partenaire, signataire, financeur): one a text. */
static const shape sh_structure
    = {K_TEXT, N_("a text"), .fields = NULL, .names = true};
static const shape sh_structures
    = {K_LIST, N_("a list of texts"), .item = &sh_structure};
static const shape sh_structures1
    = {K_LIST, N_("a list of texts"), .item = &sh_structure, .nonempty = true};

static const char *const statut_suivi[]
    = {"non_demarree", "en_cours", "realisee", "reportee", "abandonnee", NULL};
static const char *const statut_fin[]
    = {"prevu", "sollicite", "acquis", "verse", NULL};
static const char *const types[] = {"processus", "resultat", NULL};
static const char *const sens[] = {"hausse", "baisse", NULL};

static const shape sh_e_statut_suivi
    = {K_ENUM, N_("a statut"), .enumv = statut_suivi};
static const shape sh_e_statut_fin
    = {K_ENUM, N_("a statut"), .enumv = statut_fin};
static const shape sh_e_type = {K_ENUM, N_("a type"), .enumv = types};
static const shape sh_e_sens = {K_ENUM, N_("a sens"), .enumv = sens};

/* ------------------------------------------------------------ cls.yaml */

static const field periode_f[] = {
    {"debut", true, &sh_year},
    {"fin", true, &sh_year},
};
static const shape sh_periode
    = {K_MAP, N_("a mapping {debut:, fin:}"), FIELDS(periode_f)};

static const field coordination_f[] = {
    {"nom", false, &sh_text},
    {"structure", false, &sh_text},
    {"courriel", false, &sh_text},
    {"telephone", false, &sh_text},
};
static const shape sh_coordination
    = {K_MAP, N_("a mapping {nom:, structure:, courriel:, telephone:}"),
        FIELDS(coordination_f)};

static const field objectif_f[] = {
    {"id", true, &sh_id},
    {"titre", true, &sh_text},
    {"contexte", false, &sh_text},
};
static const shape sh_objectif
    = {K_MAP, N_("a mapping {id:, titre:}"), FIELDS(objectif_f)};
static const shape sh_objectifs
    = {K_LIST, N_("a list of objectifs"), .item = &sh_objectif};

static const field axe_f[] = {
    {"id", true, &sh_id},
    {"titre", true, &sh_text},
    {"contexte", false, &sh_text},
    {"objectifs", false, &sh_objectifs},
};
static const shape sh_axe
    = {K_MAP, N_("a mapping {id:, titre:}"), FIELDS(axe_f)};
static const shape sh_axes
    = {K_LIST, N_("a list of axes"), .item = &sh_axe, .nonempty = true};

static const field financeur_f[] = {
    {"sigle", false, &sh_text},
    {"nom", true, &sh_text},
    {"autres_noms", false, &sh_texts},
};
static const shape sh_financeur = {
    K_MAP, N_("a mapping {sigle:, nom:, autres_noms:}"), FIELDS(financeur_f)};
static const shape sh_financeurs
    = {K_LIST, N_("a list of financeurs"), .item = &sh_financeur};

static const field avenant_f[] = {
    {"date", true, &sh_caldate},
    {"objet", true, &sh_text},
    {"fin", false, &sh_year},
    {"signataires", false, &sh_structures},
};
static const shape sh_avenant = {K_MAP,
    N_("a mapping {date:, objet:, fin:, signataires:}"), FIELDS(avenant_f)};
static const shape sh_avenants
    = {K_LIST, N_("a list of avenants"), .item = &sh_avenant};

static const field cls_f[] = {
    {"version", true, &sh_version},
    {"nom", true, &sh_text},
    {"territoire", true, &sh_text},
    {"periode", true, &sh_periode},
    {"signature", false, &sh_caldate},
    {"signataires", true, &sh_structures1},
    {"avenants", false, &sh_avenants},
    {"coordination", false, &sh_coordination},
    {"financeurs", false, &sh_financeurs},
    {"objectif_general", false, &sh_text},
    {"axes", true, &sh_axes},
};
static const shape sh_cls_doc
    = {K_MAP, N_("a mapping of the contract's keys"), FIELDS(cls_f)};

/* ---------------------------------------------------------------- fiche */

static const field jalon_f[] = {
    {"date", false, &sh_caldate},
    {"libelle", true, &sh_text},
};
static const shape sh_jalon
    = {K_MAP, N_("a mapping {date:, libelle:}"), FIELDS(jalon_f)};
static const shape sh_jalons
    = {K_LIST, N_("a list of jalons"), .item = &sh_jalon};

static const field calendrier_f[] = {
    {"debut", false, &sh_caldate},
    {"fin", false, &sh_caldate},
    {"detail", false, &sh_text},
    {"jalons", false, &sh_jalons},
};
static const shape sh_calendrier = {K_MAP,
    N_("a mapping {debut:, fin:, detail:, jalons:}"), FIELDS(calendrier_f)};

static const field financement_f[] = {
    {"financeur", true, &sh_structure},
    {"montant", false, &sh_amount},
    {"annee", false, &sh_year},
    {"statut", false, &sh_e_statut_fin},
    {"note", false, &sh_text},
};
static const shape sh_financement
    = {K_MAP, N_("a mapping {financeur:, montant:, annee:, statut:}"),
        FIELDS(financement_f)};
static const shape sh_financements
    = {K_LIST, N_("a list of financements"), .item = &sh_financement};

static const field range_f[] = {
    {"min", false, &sh_number},
    {"max", false, &sh_number},
};
static const shape sh_range
    = {K_MAP, N_("a range {min:, max:}"), FIELDS(range_f)};
static const shape sh_target
    = {K_TARGET, N_("a target (a number or {min:, max:})"), .item = &sh_range};
static const shape sh_cibles
    = {K_YEARMAP, N_("a map from year to target"), .item = &sh_target};
static const shape sh_cible = {K_CIBLE,
    N_("a target (a number, {min:, max:}, or a map from year to target)"),
    .item = &sh_cibles};
static const shape sh_valeurs
    = {K_YEARMAP, N_("a map from year to value"), .item = &sh_value};

static const field base_f[] = {
    {"annee", true, &sh_year},
    {"valeur", true, &sh_value},
};
static const shape sh_base
    = {K_MAP, N_("a mapping {annee:, valeur:}"), FIELDS(base_f)};

static const field indicateur_f[] = {
    {"id", true, &sh_id},
    {"libelle", true, &sh_text},
    {"type", true, &sh_e_type},
    {"unite", false, &sh_text},
    {"source", false, &sh_text},
    {"sens", false, &sh_e_sens},
    {"base", false, &sh_base},
    {"cible", false, &sh_cible},
    {"cible_totale", false, &sh_number},
    {"valeurs", false, &sh_valeurs},
};
static const shape sh_indicateur
    = {K_MAP, N_("a mapping {id:, libelle:, type:}"), FIELDS(indicateur_f)};
static const shape sh_indicateurs
    = {K_LIST, N_("a list of indicateurs"), .item = &sh_indicateur};

static const field suivi_year_f[] = {
    {"statut", true, &sh_e_statut_suivi},
    {"avancement", false, &sh_percent},
    {"depenses", false, &sh_amount},
    {"commentaire", false, &sh_text},
    {"leviers", false, &sh_texts},
    {"freins", false, &sh_texts},
    {"perspectives", false, &sh_texts},
    {"jalons", false, &sh_texts},
};
static const shape sh_suivi_year
    = {K_MAP, N_("a mapping {statut:, avancement:, depenses:, commentaire:}"),
        FIELDS(suivi_year_f)};
static const shape sh_suivi
    = {K_YEARMAP, N_("a map from year to suivi"), .item = &sh_suivi_year};

static const field referent_f[] = {
    {"nom", true, &sh_text},
    {"fonction", false, &sh_text},
    {"structure", false, &sh_text},
    {"courriel", false, &sh_text},
    {"telephone", false, &sh_text},
};
static const shape sh_referent = {K_MAP,
    N_("a mapping {nom:, fonction:, structure:, courriel:, telephone:}"),
    FIELDS(referent_f)};
static const shape sh_referents
    = {K_LIST, N_("a list of referents"), .item = &sh_referent};

static const field fiche_f[] = {
    {"id", true, &sh_id},
    {"titre", true, &sh_text},
    {"axe", true, &sh_id},
    {"objectif", false, &sh_id},
    {"porteurs", true, &sh_structures1},
    {"copilotage", false, &sh_bool},
    {"referents", false, &sh_referents},
    {"partenaires", false, &sh_structures},
    {"public", false, &sh_texts},
    {"themes", false, &sh_texts},
    {"contexte", false, &sh_text},
    {"objectifs", false, &sh_texts},
    {"description", false, &sh_text},
    {"facilitateurs", false, &sh_texts},
    {"freins", false, &sh_texts},
    {"calendrier", false, &sh_calendrier},
    {"budget", false, &sh_text},
    {"financements", false, &sh_financements},
    {"indicateurs", false, &sh_indicateurs},
    {"suivi", false, &sh_suivi},
};
static const shape sh_fiche_doc
    = {K_MAP, N_("a mapping of the fiche's keys"), FIELDS(fiche_f)};

/* ------------------------------------------------------- scalar readers */

bool clsi_node_is_scalar(const node *n)
{
	return n && n->kind != N_MAP && n->kind != N_SEQ;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A year is written in four plain digits, as a key and as a value: YAML
 * reads +2023, 02023, 0x7E7 and 0o3747 as the integer 2023 too, and two
 * keys written so would be one year, one of them dropped unseen.  Then a
 * year is its text, and keys that are one year are one text, which the
 * reader's duplicate check sees. */
bool clsi_node_year(const node *n, int *y)
{
	if (!n || n->kind != N_INT || n->len != 4 || !digits(n->text, 4)
	    || n->num < 1000)
		return false;
	*y = (int)n->num;
	return true;
}

/* An integer that is a year written another way (+2023, 0x7E7): the
 * year, for the hint; else 0. */
static int aliased_year(const node *n)
{
	return n->kind == N_INT && n->num >= 1000 && n->num <= 9999
	        && !clsi_node_year(n, &(int){0})
	    ? (int)n->num
	    : 0;
}

/* Checks YYYY[-MM[-DD]] with at least `parts` parts. */
static bool ymd_valid(const char *s, int minparts, int *year)
{
	size_t len = strlen(s);
	if (!(len == 4 || len == 7 || len == 10) || !digits(s, 4))
		return false;
	int parts = len == 4 ? 1 : len == 7 ? 2 : 3;
	if (parts < minparts)
		return false;
	int y = atoi(s);
	if (y < 1000)
		return false;
	if (parts >= 2) {
		if (s[4] != '-' || !digits(s + 5, 2))
			return false;
		int m = atoi(s + 5);
		if (m < 1 || m > 12)
			return false;
		if (parts == 3) {
			if (s[7] != '-' || !digits(s + 8, 2))
				return false;
			static const int mdays[]
			    = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
			int d = atoi(s + 8);
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			int max = mdays[m - 1] + (m == 2 && leap);
			if (d < 1 || d > max)
				return false;
		}
	}
	if (year)
		*year = y;
	return true;
}

bool clsi_date_valid(const char *s, int *year)
{
	return ymd_valid(s, 3, year);
}

bool clsi_caldate_valid(const node *n, int *year)
{
	if (!clsi_node_is_scalar(n) || n->kind == N_NULL || n->kind == N_BOOL
	    || n->kind == N_FLOAT)
		return false;
	return ymd_valid(n->text, 1, year);
}

bool clsi_cible_is_yearmap(const node *c)
{
	/* A key that is a year, or a year written in quotes (which the year
	 * map's check then explains), makes it a year map. */
	for (uint32_t i = 0; c->kind == N_MAP && i < c->n; i++) {
		const node *k = MAP_KEY(c, i);
		if (k->kind == N_INT
		    || (k->kind == N_STR && strlen(k->text) == 4
		        && digits(k->text, 4)))
			return true;
	}
	return false;
}

static bool id_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
		        || (*s >= '0' && *s <= '9') || *s == '.' || *s == '-'
		        || *s == '_'))
			return false;
	return true;
}

static bool is_number(const node *n)
{
	return n && (n->kind == N_INT || n->kind == N_FLOAT)
	    && isfinite(n->num);
}

/* ------------------------------------------------------------ the walk */

typedef struct walk {
	dsink *d;
	const char *file;
} walk;

static const char *kind_name(const node *n)
{
	switch (n->kind) {
	case N_NULL:
		return _("empty");
	case N_BOOL:
		return _("true/false");
	case N_INT:
	case N_FLOAT:
		return _("a number");
	case N_STR:
		return _("a text");
	case N_MAP:
		return _("a mapping");
	default:
		return _("a list");
	}
}

static bool fail(walk *w, node *n, const char *rule, const char *fmt, ...)
    CLS_PRINTF(4, 5);

static bool fail(walk *w, node *n, const char *rule, const char *fmt, ...)
{
	char *msg = NULL;
	if (!clsi_dsink_full(w->d)) {
		va_list ap;
		va_start(ap, fmt);
		msg = clsi_arena_vprintf(w->d->a, fmt, ap);
		va_end(ap);
	}
	clsi_diag_node(w->d, w->file, n, rule, "%s", msg ? msg : rule);
	n->bad = 1;
	return false;
}

static bool wrong(walk *w, node *n, const char *key, const shape *s)
{
	return fail(w, n, "wrong-type", _("\"%s\" must be %s, not %s"), key,
	    _(s->what), kind_name(n));
}

/* ---------------------------------------------------------------- hints */

/* What a text written where a number is expected could have meant. */
typedef enum nhint {
	NH_NONE = CLSI_NH_NONE,
	NH_QUOTED = CLSI_NH_QUOTED,
	NH_PLAIN = CLSI_NH_PLAIN,
	NH_PERCENT = CLSI_NH_PERCENT,
	NH_UNIT = CLSI_NH_UNIT
} nhint;

/* Skips the blanks a Word user types: spaces, no-break spaces. */
static const char *skip_blanks(const char *s)
{
	for (;;) {
		const unsigned char *p = (const unsigned char *)s;
		if (*p == ' ' || *p == '\t')
			s++;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			s += 2;
		else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
			s += 3;
		else
			return s;
	}
}

/* Whether the text from s on is one word of letters (a unit: "ateliers",
 * "réunions", "jours-homme"), up to blanks at its end. */
static bool one_word(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\t') {
		if (!((p[n] >= 'a' && p[n] <= 'z')
		        || (p[n] >= 'A' && p[n] <= 'Z') || p[n] >= 0x80
		        || p[n] == '-' || p[n] == '\''))
			return false;
		n++;
	}
	*len = n;
	return n > 0 && !*skip_blanks(s + n);
}

/* Reads the number a text was meant to be: num gets it as the format
 * writes numbers ("18000.5"), unit the word after it (NH_UNIT). */
static nhint number_hint(
    const node *n, char *num, size_t numsz, char *unit, size_t unitsz)
{
	if (n->kind != N_STR)
		return NH_NONE;
	const char *s = skip_blanks(n->text);
	size_t o = 0;
	bool changed = false, digit = false, dot = false;
	if (*s == '-' || *s == '+') {
		if (*s == '-')
			num[o++] = '-';
		s++;
	}
	for (;;) {
		const char *t = skip_blanks(s);
		if (*s >= '0' && *s <= '9') {
			if (o + 2 >= numsz)
				return NH_NONE;
			num[o++] = *s++;
			digit = true;
		} else if (digit && t != s && *t >= '0' && *t <= '9' && !dot) {
			s = t; /* "18 000": a space between thousands */
			changed = true;
		} else if (digit && (*s == '\'' || *s == '_') && s[1] >= '0'
		    && s[1] <= '9' && !dot) {
			s++;
			changed = true;
		} else if (digit && (*s == ',' || *s == '.') && !dot
		    && *skip_blanks(s + 1) >= '0'
		    && *skip_blanks(s + 1) <= '9') {
			if (o + 2 >= numsz)
				return NH_NONE;
			changed |= *s == ',' || skip_blanks(s + 1) != s + 1;
			num[o++] = '.';
			dot = true;
			s = skip_blanks(s + 1);
		} else {
			break;
		}
	}
	num[o] = '\0';
	if (!digit)
		return NH_NONE;
	const char *rest = skip_blanks(s);
	changed |= rest != s && !*rest;
	if (!*rest)
		return changed || n->plain ? NH_PLAIN : NH_QUOTED;
	if (strcmp(rest, "%") == 0)
		return NH_PERCENT;
	size_t wl;
	if (strcmp(rest, "€") == 0 || strcmp(rest, "EUR") == 0)
		return NH_PLAIN;
	if (one_word(rest, &wl)) {
		char w[16];
		snprintf(w, sizeof(w), "%.*s", (int)wl, rest);
		for (char *c = w; *c; c++)
			*c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a')
			                            : *c;
		if (strcmp(w, "euros") == 0 || strcmp(w, "euro") == 0
		    || strcmp(w, "eur") == 0)
			return NH_PLAIN;
		snprintf(unit, unitsz, "%.*s", (int)wl, rest);
		return NH_UNIT;
	}
	return NH_NONE;
}

/* The French month a word names ("mars", "sept", "août"), 1 to 12, or 0. */
static int month_of(const char *w, size_t len)
{
	static const char *const months[]
	    = {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
	        "aout", "septembre", "octobre", "novembre", "decembre"};
	static const struct {
		const char *w;
		int m;
	} short_[] = {{"janv", 1}, {"jan", 1}, {"fevr", 2}, {"fev", 2},
	    {"avr", 4}, {"juil", 7}, {"sept", 9}, {"sep", 9}, {"oct", 10},
	    {"nov", 11}, {"dec", 12}};
	for (int i = 0; i < 12; i++)
		if (strlen(months[i]) == len && memcmp(w, months[i], len) == 0)
			return i + 1;
	for (size_t i = 0; i < sizeof(short_) / sizeof(short_[0]); i++)
		if (strlen(short_[i].w) == len
		    && memcmp(w, short_[i].w, len) == 0)
			return short_[i].m;
	return 0;
}

/* The date a text was meant to be, as the format writes it: "mars 2024"
 * -> "2024-03", "31/12/2016" -> "2016-12-31", "1er mars 2024" ->
 * "2024-03-01", "2024/3" -> "2024-03".  False when it is none. */
static bool date_hint(const char *s, char *out, size_t outsz)
{
	char k[64];
	clsi_name_fold(s, k, sizeof(k));
	const char *tok[4];
	size_t len[4], nt = 0;
	for (const char *p = k; *p && nt < 4;) {
		size_t l = strcspn(p, " ");
		tok[nt] = p;
		len[nt++] = l;
		p += l;
		while (*p == ' ')
			p++;
	}
	if (nt < 2 || nt > 3 || (nt == 3 && k[strlen(k) - 1] == ' '))
		return false;
	int y = 0, m = 0, d = 0;
	/* which token is the year: four digits, first or last */
	size_t yi = len[0] == 4 && digits(tok[0], 4)     ? 0
	    : len[nt - 1] == 4 && digits(tok[nt - 1], 4) ? nt - 1
	                                                 : 9;
	if (yi == 9)
		return false;
	y = atoi(tok[yi]);
	/* the others: month (a number or a name) and day */
	size_t mi = yi == 0 ? 1 : nt - 2, di = yi == 0 ? 2 : 0;
	if (len[mi] <= 2 && digits(tok[mi], len[mi]))
		m = atoi(tok[mi]);
	else
		m = month_of(tok[mi], len[mi]);
	if (nt == 3) {
		const char *t = tok[di];
		size_t l = len[di];
		if (l == 3 && memcmp(t, "1er", 3) == 0)
			d = 1;
		else if (l <= 2 && digits(t, l))
			d = atoi(t);
		else
			return false;
	}
	if (m < 1 || m > 12 || (nt == 3 && d < 1))
		return false;
	if (nt == 3)
		snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(out, outsz, "%04d-%02d", y, m);
	return ymd_valid(out, 1, NULL) && strcmp(out, s) != 0;
}

/* Whether a part of a list item names a structure by its first word: a
 * sigle ("ARS", "CPAM") or a word that starts the name of one ("Mairie",
 * "Syndicat", "Centre"...). */
static bool structure_word(const char *p)
{
	static const char *const nouns[] = {"agence", "association", "cabinet",
	    "caisse", "ccas", "centre", "clinique", "college", "collectif",
	    "comite", "commune", "communaute", "conseil", "departement",
	    "direction", "ecole", "ehpad", "etablissement", "federation",
	    "fondation", "groupement", "hopital", "institut", "lycee", "mairie",
	    "maison", "mission", "mutuelle", "office", "plateforme",
	    "prefecture", "region", "reseau", "service", "syndicat", "union",
	    "ville"};
	size_t n = strcspn(p, " ,;/()"), caps = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z')
			caps++;
		if ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')
		    || (unsigned char)p[i] >= 0x80)
			letters++;
	}
	if (n >= 2 && caps >= 2 && caps == letters)
		return true;
	char w[32], f[32];
	snprintf(w, sizeof(w), "%.*s", (int)(n < 31 ? n : 31), p);
	clsi_name_fold(w, f, sizeof(f));
	for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
		if (strcmp(f, nouns[i]) == 0)
			return true;
	return false;
}

/* How many structures an item such as "ARS, CPAM, MSA" or "ARS et
 * Syndicat mixte" names: its parts between ",", ";" and "/" outside
 * brackets, each starting with a capital or a digit, or, split by " et "
 * alone, each starting with a sigle or a word such as "Mairie" (so that
 * "associations de quartier et d'insertion" and "CPTS Entre Cèze et
 * Gardon" are one).  0 when it names one. */
static size_t several_structures(const char *s)
{
	const char *part[16];
	size_t parts = 0, depth = 0;
	bool marks = false; /* split by , ; or / */
	part[parts++] = s;
	for (const char *p = s; *p && parts < 16; p++) {
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == ']' || *p == '}') && depth)
			depth--;
		else if (!depth && (*p == ',' || *p == ';' || *p == '/')) {
			part[parts++] = p + 1;
			marks = true;
		} else if (!depth && strncmp(p, " et ", 4) == 0) {
			part[parts++] = p + 4;
			p += 3;
		}
	}
	if (parts < 2 || parts >= 16)
		return 0;
	for (size_t i = 0; i < parts; i++) {
		const unsigned char *p = (const unsigned char *)part[i];
		while (*p == ' ')
			p++;
		bool cap = (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
		    || (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E);
		if (!cap || (!marks && !structure_word((const char *)p)))
			return 0;
	}
	return parts;
}

/* The checks of a text once its type is right: a placeholder where the
 * value is required, several structures in one. */
static void check_text(
    walk *w, const shape *s, node *n, const char *key, bool required)
{
	if (!clsi_node_is_scalar(n) || n->kind == N_NULL)
		return;
	if (required && clsi_placeholder(n->text)) {
		clsi_diag_node(w->d, w->file, n, "placeholder",
		    _("\"%s\" is \"%s\", a placeholder: write the real value"),
		    key, n->text);
		return;
	}
	size_t k;
	if (s->names && n->kind == N_STR && (k = several_structures(n->text))) {
		if (strcmp(key, "financeur") == 0)
			clsi_diag_node(w->d, w->file, n, "several-structures",
			    _("financeur \"%s\" seems to name %zu financeurs: "
			      "write one financement for each"),
			    n->text, k);
		else if (strcmp(key, "porteurs") == 0)
			clsi_diag_node(w->d, w->file, n, "several-structures",
			    _("\"%s\" seems to name %zu structures in one "
			      "item of porteurs: write each on its own line "
			      "starting with \"- \", and add copilotage: true "
			      "if they lead jointly"),
			    n->text, k);
		else
			clsi_diag_node(w->d, w->file, n, "several-structures",
			    _("\"%s\" seems to name %zu structures in one "
			      "item of %s: write each on its own line starting "
			      "with \"- \""),
			    n->text, k, key);
	}
}

static bool check(walk *w, const shape *s, node *n, const char *key);

static bool check_number(walk *w, const shape *s, node *n, const char *key)
{
	if (is_number(n) && fabs(n->num) > CLS_MAX_FIGURE)
		return fail(w, n, "number-too-large",
		    _("\"%s\" is %s, beyond the largest figure a contract "
		      "holds (1000000000000): check it"),
		    key, n->text);
	if (is_number(n))
		return true;
	char num[64], unit[64];
	switch (number_hint(n, num, sizeof(num), unit, sizeof(unit))) {
	case NH_QUOTED:
		return fail(w, n, "wrong-type",
		    _("\"%s\" is a number: write %s without quotes"), key, num);
	case NH_PLAIN:
		if (s->kind == K_AMOUNT)
			return fail(w, n, "wrong-type",
			    _("\"%s\" must be a "
			      "number, not \"%s\": write %s (no spaces, no "
			      "currency sign, a dot for decimals)"),
			    key, n->text, num);
		return fail(w, n, "wrong-type",
		    _("\"%s\" must be a number, not \"%s\": write %s (no "
		      "spaces, a dot for decimals)"),
		    key, n->text, num);
	case NH_PERCENT:
		if (s->kind == K_PERCENT)
			return fail(w, n, "wrong-type",
			    _("\"%s\" is a percent: write %s, without the "
			      "%% sign"),
			    key, num);
		if (s->kind == K_AMOUNT)
			break;
		return fail(w, n, "wrong-type",
		    _("\"%s\" must be a number, not \"%s\": write %s and put "
		      "the unit in unite (unite: \"%%\")"),
		    key, n->text, num);
	case NH_UNIT:
		if (s->kind == K_AMOUNT)
			return fail(w, n, "wrong-type",
			    _("\"%s\" must be an amount in euros, not \"%s\": "
			      "write %s"),
			    key, n->text, num);
		if (s->kind == K_PERCENT)
			break;
		return fail(w, n, "wrong-type",
		    _("\"%s\" must be a number, not \"%s\": write %s and put "
		      "the unit in unite (unite: \"%s\")"),
		    key, n->text, num, unit);
	case NH_NONE:
		break;
	}
	if (n->kind == N_FLOAT)
		return fail(w, n, "wrong-type",
		    _("\"%s\" must be a finite "
		      "number, not %s"),
		    key, n->text);
	return wrong(w, n, key, s);
}

bool clsi_number_hint(const node *n, char *num, size_t numsz, char *unit,
    size_t unitsz, int *kind)
{
	*kind = (int)number_hint(n, num, numsz, unit, unitsz);
	return *kind != NH_NONE;
}

static bool check_map(walk *w, const shape *s, node *n, const char *key)
{
	if (n->kind != N_MAP)
		return wrong(w, n, key, s);
	bool ok = true;
	const char *names[32];
	bool suggested[32] = {false}; /* a misspelling already points here */
	node *found[32] = {NULL}; /* each field's value */
	for (size_t i = 0; i < s->nfields; i++)
		names[i] = s->fields[i].key;
	for (uint32_t i = 0; i < n->n; i++) {
		node *k = MAP_KEY(n, i), *v = MAP_VAL(n, i);
		const field *f = NULL;
		for (size_t j = 0; j < s->nfields; j++)
			if (names[j][0] == k->text[0]
			    && strcmp(names[j], k->text) == 0) {
				f = &s->fields[j];
				found[j] = v; /* keys are unique (yaml.c) */
				break;
			}
		if (!f) {
			const char *near
			    = clsi_str_nearest(k->text, names, s->nfields);
			if (near) {
				fail(w, k, "unknown-key",
				    _("unknown key \"%s\" "
				      "(did you mean \"%s\"?)"),
				    k->text, near);
				for (size_t j = 0; j < s->nfields; j++)
					if (names[j] == near) {
						suggested[j] = true;
						/* what it holds is checked as
						 * what it was meant to be, so
						 * that one round fixes both */
						if (v->kind != N_NULL)
							check(w,
							    s->fields[j].shape,
							    v, near);
					}
			} else {
				cls_buf b;
				cls_buf_init(&b);
				for (size_t j = 0;
				     j < s->nfields && !clsi_dsink_full(w->d);
				     j++)
					cls_buf_printf(&b, "%s%s",
					    j ? ", " : "", names[j]);
				fail(w, k, "unknown-key",
				    _("unknown key \"%s\": "
				      "the keys of %s are %s"),
				    k->text, key, cls_buf_str(&b));
				cls_buf_release(&b);
			}
			v->bad = 1;
			ok = false;
			continue;
		}
		if (v->kind == N_NULL) {
			/* "budget:" left empty reads as absent */
			v->bad = 1;
			continue;
		}
		if (!check(w, f->shape, v, f->key))
			ok = false;
		else if (f->shape->kind == K_TEXT)
			check_text(w, f->shape, v, f->key, f->required);
	}
	for (size_t j = 0; j < s->nfields; j++) {
		if (!s->fields[j].required)
			continue;
		node *v = found[j];
		const shape *fs = s->fields[j].shape;
		if (v && v->kind != N_NULL)
			continue; /* the common case: nothing to say */
		/* the values an enum takes, for the messages that list them */
		cls_buf vals;
		cls_buf_init(&vals);
		for (size_t e = 0; fs->kind == K_ENUM && fs->enumv[e]; e++)
			cls_buf_printf(
			    &vals, "%s%s", e ? ", " : "", fs->enumv[e]);
		if (!v && suggested[j]) {
			ok = false; /* "porteur": one message says it all */
		} else if (!v && fs->kind == K_ENUM) {
			clsi_diag_node(w->d, w->file, n, "missing-key",
			    _("missing required key \"%s\" in %s: add %s: "
			      "with one of %s"),
			    s->fields[j].key, key, s->fields[j].key,
			    cls_buf_str(&vals));
			ok = false;
		} else if (!v) {
			clsi_diag_node(w->d, w->file, n, "missing-key",
			    _("missing "
			      "required key \"%s\" in %s (%s)"),
			    s->fields[j].key, key, _(fs->what));
			ok = false;
		} else if (v->kind == N_NULL && fs->kind == K_ENUM) {
			clsi_diag_node(w->d, w->file, v, "missing-key",
			    _("required key \"%s\" has no value: write one "
			      "of %s"),
			    s->fields[j].key, cls_buf_str(&vals));
			ok = false;
		} else if (v->kind == N_NULL) {
			clsi_diag_node(w->d, w->file, v, "missing-key",
			    _("required "
			      "key \"%s\" has no value: write %s"),
			    s->fields[j].key, _(fs->what));
			ok = false;
		}
		cls_buf_release(&vals);
	}
	/* A mapping that lacks a required key is not marked bad: the model
	 * keeps what it can use of it, so later checks still run. */
	return ok;
}

static bool check_range(walk *w, node *n, const char *key)
{
	if (!check_map(w, &sh_range, n, key))
		return false;
	node *mn = clsi_map_get(n, "min"), *mx = clsi_map_get(n, "max");
	if (mn && mx && !mn->bad && !mx->bad && mn->num > mx->num)
		return fail(w, n, "invalid-range",
		    _("range of \"%s\" has min %s "
		      "above max %s: swap them"),
		    key, mn->text, mx->text);
	return true;
}

static bool check_yearmap(walk *w, const shape *s, node *n, const char *key)
{
	if (n->kind != N_MAP)
		return wrong(w, n, key, s);
	bool ok = true;
	for (uint32_t i = 0; i < n->n; i++) {
		node *k = MAP_KEY(n, i), *v = MAP_VAL(n, i);
		int y;
		if (!clsi_node_year(k, &y)) {
			if (k->kind == N_STR && !k->plain
			    && ymd_valid(k->text, 1, NULL)
			    && strlen(k->text) == 4)
				fail(w, k, "wrong-type",
				    _("the years of \"%s\" "
				      "are numbers: write %s without quotes"),
				    key, k->text);
			else if (aliased_year(k))
				fail(w, k, "wrong-type",
				    _("the years of \"%s\" are written in four "
				      "digits: write %d, not %s"),
				    key, aliased_year(k), k->text);
			else
				fail(w, k, "wrong-type",
				    _("the keys of \"%s\" "
				      "must be years (2024), not \"%s\""),
				    key, k->text);
			v->bad = 1;
			ok = false;
			continue;
		}
		if (v->kind == N_NULL) {
			v->bad = 1; /* "2025:" left empty: nothing yet */
			continue;
		}
		if (!check(w, s->item, v, key))
			ok = false;
	}
	return ok;
}

static bool check(walk *w, const shape *s, node *n, const char *key)
{
	switch (s->kind) {
	case K_TEXT:
		if (!clsi_node_is_scalar(n))
			return wrong(w, n, key, s);
		return true;
	case K_ID:
		if (!clsi_node_is_scalar(n) || n->kind == N_BOOL)
			return wrong(w, n, key, s);
		if (!id_token(n->text))
			return fail(w, n, "invalid-id",
			    _("\"%s\" is not a valid "
			      "id: use letters, digits, \".\", \"-\" and \"_\" "
			      "only (\"1.2\", \"A\")"),
			    n->text);
		return true;
	case K_YEAR:
		if (n->kind == N_STR && strlen(n->text) == 4
		    && digits(n->text, 4))
			return fail(w, n, "wrong-type",
			    _("\"%s\" is a year: "
			      "write %s without quotes"),
			    key, n->text);
		if (aliased_year(n))
			return fail(w, n, "wrong-type",
			    _("\"%s\" is a year in four digits: write %d, "
			      "not %s"),
			    key, aliased_year(n), n->text);
		if (n->kind == N_INT && (n->num < 1000 || n->num > 9999))
			return fail(w, n, "wrong-type",
			    _("\"%s\" must be a year "
			      "with 4 digits (2024), not %s"),
			    key, n->text);
		if (n->kind != N_INT)
			return wrong(w, n, key, s);
		return true;
	case K_AMOUNT:
		if (!check_number(w, s, n, key))
			return false;
		if (n->num < 0)
			return fail(w, n, "negative-amount",
			    _("\"%s\" is "
			      "negative (%s): amounts are 0 or more"),
			    key, n->text);
		return true;
	case K_NUMBER:
		return check_number(w, s, n, key);
	case K_PERCENT:
		if (!check_number(w, s, n, key))
			return false;
		if (n->num < 0 || n->num > 100)
			return fail(w, n, "percent-range",
			    _("\"%s\" is %s: a "
			      "percent lies between 0 and 100"),
			    key, n->text);
		return true;
	case K_DATE:
		if (!clsi_node_is_scalar(n) || !clsi_date_valid(n->text, NULL))
			return fail(w, n, "invalid-date",
			    _("\"%s\" is not a "
			      "valid date: write YYYY-MM-DD (2022-03-15)"),
			    clsi_node_is_scalar(n) ? n->text : key);
		return true;
	case K_CALDATE: {
		char hint[32];
		if (clsi_caldate_valid(n, NULL))
			return true;
		if (n->kind == N_STR && date_hint(n->text, hint, sizeof(hint)))
			return fail(w, n, "invalid-date",
			    _("\"%s\" is not a valid date: write %s (YYYY, "
			      "YYYY-MM or YYYY-MM-DD)"),
			    n->text, hint);
		return fail(w, n, "invalid-date",
		    _("\"%s\" is not a "
		      "valid date: write YYYY, YYYY-MM or YYYY-MM-DD"),
		    clsi_node_is_scalar(n) ? n->text : key);
	}
	case K_ENUM: {
		if (!clsi_node_is_scalar(n))
			return wrong(w, n, key, s);
		size_t cnt = 0;
		for (; s->enumv[cnt]; cnt++)
			if (strcmp(s->enumv[cnt], n->text) == 0)
				return true;
		cls_buf b;
		cls_buf_init(&b);
		for (size_t j = 0; j < cnt; j++)
			cls_buf_printf(&b, "%s%s", j ? ", " : "", s->enumv[j]);
		const char *near = clsi_str_nearest(n->text, s->enumv, cnt);
		if (near)
			fail(w, n, "invalid-enum",
			    _("invalid %s \"%s\" (did you "
			      "mean \"%s\"?): use one of %s"),
			    key, n->text, near, cls_buf_str(&b));
		else
			fail(w, n, "invalid-enum",
			    _("invalid %s \"%s\": use one "
			      "of %s"),
			    key, n->text, cls_buf_str(&b));
		cls_buf_release(&b);
		return false;
	}
	case K_VERSION:
		if (n->kind == N_STR && strcmp(n->text, "1") == 0)
			return fail(w, n, "wrong-type",
			    _("the version is a number: write version: %d "
			      "without quotes"),
			    CLS_FORMAT_VERSION);
		if (n->kind != N_INT || n->num != CLS_FORMAT_VERSION)
			return fail(w, n, "invalid-enum",
			    _("unsupported version "
			      "\"%s\": this cls reads format version %d"),
			    clsi_node_is_scalar(n) ? n->text : "?",
			    CLS_FORMAT_VERSION);
		return true;
	case K_MAP:
		return check_map(w, s, n, key);
	case K_LIST: {
		if (n->kind != N_SEQ) {
			if (clsi_node_is_scalar(n) && s->item->kind == K_TEXT)
				return fail(w, n, "wrong-type",
				    _("\"%s\" must be "
				      "a list: write each item on its own line "
				      "starting with \"- \""),
				    key);
			return wrong(w, n, key, s);
		}
		if (n->n == 0 && s->nonempty)
			return fail(w, n, "empty-list",
			    _("\"%s\" is empty: "
			      "write at least one item"),
			    key);
		bool ok = true;
		for (uint32_t i = 0; i < n->n; i++) {
			node *v = n->kids[i];
			if (v->kind == N_NULL) {
				fail(w, v, "wrong-type",
				    _("empty item in \"%s\": "
				      "write a value or remove the \"-\""),
				    key);
				ok = false;
			} else if (!check(w, s->item, v, key)) {
				ok = false;
			} else if (s->item->kind == K_TEXT) {
				check_text(w, s->item, v, key, s->nonempty);
			}
		}
		return ok;
	}
	case K_YEARMAP:
		return check_yearmap(w, s, n, key);
	case K_TARGET:
		if (n->kind == N_MAP)
			return check_range(w, n, key);
		return check_number(w, s, n, key);
	case K_CIBLE:
		if (clsi_cible_is_yearmap(n))
			return check_yearmap(w, s->item, n, key);
		if (n->kind == N_MAP)
			return check_range(w, n, key);
		return check_number(w, s, n, key);
	case K_BOOL:
		if (n->kind == N_BOOL)
			return true;
		if (n->kind == N_STR) {
			char f[16];
			clsi_name_fold(n->text, f, sizeof(f));
			bool yes = !strcmp(f, "oui") || !strcmp(f, "vrai")
			    || !strcmp(f, "yes"),
			     no = !strcmp(f, "non") || !strcmp(f, "faux")
			    || !strcmp(f, "no");
			if (yes || no)
				return fail(w, n, "wrong-type",
				    _("\"%s\" is true or false: write %s, "
				      "not \"%s\""),
				    key, yes ? "true" : "false", n->text);
		}
		return wrong(w, n, key, s);
	case K_VALUE:
		if (!clsi_node_is_scalar(n))
			return wrong(w, n, key, s);
		if (n->kind == N_FLOAT && !isfinite(n->num))
			return fail(w, n, "wrong-type",
			    _("\"%s\" must be a finite "
			      "number or a text, not %s"),
			    key, n->text);
		if (is_number(n))
			return check_number(w, s, n, key);
		return true;
	}
	return true;
}

void clsi_shape_check(dsink *d, const char *file, doc_kind kind, node *root)
{
	walk w = {d, file};
	if (root->kind != N_MAP) {
		fail(&w, root, "wrong-type",
		    _("%s must be a mapping of keys such "
		      "as \"%s\", not %s"),
		    kind == DOC_CLS ? "cls.yaml" : _("a fiche"),
		    kind == DOC_CLS ? "nom: ..." : "titre: ...",
		    kind_name(root));
		return;
	}
	check(&w, kind == DOC_CLS ? &sh_cls_doc : &sh_fiche_doc, root,
	    kind == DOC_CLS ? "cls.yaml" : _("the fiche"));
}

/* ------------------------------------------------------------------ dump */

static void dump(cls_buf *b, const char *doc, const char *path, const shape *s)
{
	char sub[256];
	switch (s->kind) {
	case K_MAP:
		for (size_t i = 0; i < s->nfields; i++) {
			const field *f = &s->fields[i];
			snprintf(sub, sizeof(sub), "%s%s%s", path,
			    *path ? "." : "", f->key);
			cls_buf_printf(b, "%s %s %s", doc, sub,
			    f->required ? "required" : "optional");
			if (f->shape->kind == K_ENUM)
				for (size_t j = 0; f->shape->enumv[j]; j++)
					cls_buf_printf(b, "%c%s", j ? ',' : ' ',
					    f->shape->enumv[j]);
			if (f->shape->kind == K_VERSION)
				cls_buf_printf(b, " %d", CLS_FORMAT_VERSION);
			cls_buf_addc(b, '\n');
			dump(b, doc, sub, f->shape);
		}
		break;
	case K_LIST:
		snprintf(sub, sizeof(sub), "%s[]", path);
		dump(b, doc, sub, s->item);
		break;
	case K_YEARMAP:
		snprintf(sub, sizeof(sub), "%s{}", path);
		dump(b, doc, sub, s->item);
		break;
	case K_TARGET:
	case K_CIBLE:
		dump(b, doc, path, s->item);
		if (s->kind == K_CIBLE)
			dump(b, doc, path, &sh_range);
		break;
	default:
		break;
	}
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *clsi_shape_dump(void)
{
	cls_buf b;
	cls_buf_init(&b);
	dump(&b, "cls", "", &sh_cls_doc);
	dump(&b, "fiche", "", &sh_fiche_doc);
	/* sort the lines */
	size_t n = 0;
	for (size_t i = 0; i < b.len; i++)
		n += b.s[i] == '\n';
	char **lines = b.oom ? NULL : malloc((n ? n : 1) * sizeof(*lines));
	if (!lines) {
		cls_buf_release(&b);
		return NULL;
	}
	char *p = b.s;
	for (size_t i = 0; i < n; i++) {
		lines[i] = p;
		p = strchr(p, '\n');
		*p++ = '\0';
	}
	clsi_sort(lines, n, sizeof(*lines), line_cmp);
	cls_buf out;
	cls_buf_init(&out);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
			cls_buf_printf(&out, "%s\n", lines[i]);
	free(lines);
	cls_buf_release(&b);
	if (out.oom)
		cls_buf_release(&out);
	return out.s;
}
