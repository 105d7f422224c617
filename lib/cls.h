/* SPDX-License-Identifier: MIT */
/*
 * cls.h - the one public header of libcls.
 *
 * libcls reads a Contrat Local de Santé (a directory holding cls.yaml and
 * fiches/NAME.yaml, see cls-format(5)) into an in-memory model, checks it and
 * reports every problem as a diagnostic.  It never prints and never exits:
 * every function returns a status, and problems in the user's data are
 * diagnostics attached to the loaded contract.
 *
 * Ownership: a cls_contract owns one arena; every string, array and struct
 * reachable from it (model, diagnostics, locations) is borrowed by the caller
 * and stays valid until cls_contract_free().  Functions that return memory
 * the caller must free say so.
 */
#ifndef CLS_H
#define CLS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CLS_VERSION "0.1.0"
#define CLS_FORMAT_VERSION 1

/* Lets the compiler check the printf-like functions' arguments. */
#if defined(__GNUC__)
#define CLS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLS_PRINTF(fmt, args)
#endif

/* The libraries libcls runs with and their versions, in one line:
 * "libyaml 0.2.5, SQLite 3.40.1, libcsv 3.0.3" (libyaml's and SQLite's
 * from the linked libraries, libcsv's from the header it was built with).
 * Borrowed: a static string, valid for the life of the program; safe to
 * call from any thread. */
const char *cls_version_info(void);

/* -------------------------------------------------------------- messages */

/* libcls writes its diagnostics and errors in English, or in the language
 * of the program's messages locale when the program has called
 * setlocale(LC_MESSAGES, "") and a catalog for that language is installed
 * (gettext domain "cls", always UTF-8).  Binds the domain to localedir
 * (NULL: $CLS_LOCALEDIR, else the folder libcls was built for,
 * PREFIX/share/locale).  Optional: the first message binds the default.
 * Call it before loading anything. */
void cls_i18n_init(const char *localedir);

/* ---------------------------------------------------------------- errors */

/* Why a function failed to do its job (not a problem in the data: those are
 * diagnostics).  Maps onto exit status 2 in the program.  The message is
 * lower case, without a final full stop, path first, and safe text: one
 * line of valid UTF-8 in which the file names and data it quotes are
 * escaped (see "Text made safe").  One too long for the buffer loses the
 * middle of its longest word (a path, most often) for "…": its reason
 * ("Permission denied"), at its end, is always whole. */
typedef struct cls_error {
	char message[512];
} cls_error;

/* ----------------------------------------------------------- text buffer */

/* A growable string, the one libcls and the cls program build text in.
 * It never fails loudly: an allocation that fails sets oom, and what is
 * added after it is dropped, so a caller builds a whole text and checks
 * oom once.  Zero-initialise it (or cls_buf_init()); s is NUL-terminated
 * once something was added (NULL before).  Release with cls_buf_release(),
 * which frees s. */
typedef struct cls_buf {
	char *s;
	size_t len, cap;
	bool oom;
} cls_buf;

void cls_buf_init(cls_buf *b);
void cls_buf_release(cls_buf *b);
/* Empties b, keeping its memory. */
void cls_buf_reset(cls_buf *b);
/* Makes room for more bytes (and the NUL) after b->len; false when out of
 * memory (b->oom is then set). */
bool cls_buf_grow(cls_buf *b, size_t more);
void cls_buf_addn(cls_buf *b, const char *s, size_t n);
void cls_buf_add(cls_buf *b, const char *s);
void cls_buf_addc(cls_buf *b, char c);
void cls_buf_printf(cls_buf *b, const char *fmt, ...) CLS_PRINTF(2, 3);
void cls_buf_vprintf(cls_buf *b, const char *fmt, va_list ap) CLS_PRINTF(2, 0);
/* The text, "" when empty or out of memory.  Borrowed: valid until b
 * changes. */
const char *cls_buf_str(const cls_buf *b);

/* ----------------------------------------------------------- diagnostics */

/* A hint (a list item that seems to name several structures) is for
 * those who asked for every remark: cls validate shows it, as a warning,
 * only under --strict; reports leave it out. */
typedef enum cls_severity {
	CLS_ERROR = 0,
	CLS_WARNING = 1,
	CLS_HINT = 2
} cls_severity;

/* A place in a file.  Lines and columns are 1-based; columns count
 * characters, not bytes.  line == 0 means "the whole file". */
typedef struct cls_loc {
	const char *file; /* relative to the contract root: "fiches/a.yaml" */
	int line;
	int column;
} cls_loc;

typedef struct cls_diag {
	cls_loc loc; /* loc.file is data: a name as the folder holds it */
	cls_severity severity;
	const char *rule; /* stable id: "unknown-key", see cls_rules() */
	const char *message; /* lower case, says how to fix it; safe text,
	                      * as cls_error's message (no length limit) */
} cls_diag;

/* One entry of the table of rules the validator applies. */
typedef struct cls_rule {
	const char *id;
	cls_severity severity;
	const char *summary; /* one line, English: translate with
	                      * dgettext("cls", summary) */
} cls_rule;

/* The table of every rule, in a stable order.  Borrowed: static storage. */
const cls_rule *cls_rules(size_t *count);
/* The rule with that id, or NULL.  Borrowed: static storage. */
const cls_rule *cls_rule_find(const char *id);

/* -------------------------------------------------------- text made safe */

/* Text from the data (a titre, a key, a value, a file name) may hold what
 * a terminal obeys: escape sequences that write the clipboard (OSC 52),
 * clear the screen or retitle the window, carriage returns and line feeds
 * that forge a line of output, bidirectional controls that show it in
 * another order, and bytes that are not UTF-8.  Every text output of
 * libcls (the text and Markdown reports, the text and GitHub forms of
 * diagnostics, the tables of the text writers) and every message it makes
 * go through cls_escape(); cls(1), "SAFE OUTPUT", says what it writes. */

/* Keep line feeds and tabs: for a text shown as paragraphs (a commentaire
 * over several lines), which its writer then lays out. */
#define CLS_ESCAPE_LINES 0x1u

/* Appends s to b with every C0 control, DEL, C1 control (U+0080-U+009F),
 * bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069) and line or paragraph separator (U+2028, U+2029)
 * written visibly: "\n", "\r", "\t", "\x1b" for a control of ASCII,
 * "\u0085", "\u202e" for the others; a byte that is not part of valid
 * UTF-8 as "\xe9".  The rest, backslashes included, is copied: what comes
 * out is valid UTF-8 without a control (but line feeds and tabs with
 * CLS_ESCAPE_LINES), and escaping it again changes nothing.  s NULL adds
 * nothing. */
void cls_escape(cls_buf *b, const char *s, unsigned flags);

/* ----------------------------------------------------------------- model */

typedef enum cls_statut {
	CLS_STATUT_NONE = 0, /* no suivi entry for the year */
	CLS_STATUT_NON_DEMARREE,
	CLS_STATUT_EN_COURS,
	CLS_STATUT_REALISEE,
	CLS_STATUT_REPORTEE,
	CLS_STATUT_ABANDONNEE
} cls_statut;
#define CLS_STATUT_COUNT 6

typedef enum cls_fin_statut {
	CLS_FIN_PREVU = 0,
	CLS_FIN_SOLLICITE,
	CLS_FIN_ACQUIS,
	CLS_FIN_VERSE
} cls_fin_statut;

typedef enum cls_ind_type { CLS_PROCESSUS = 0, CLS_RESULTAT } cls_ind_type;
typedef enum cls_sens { CLS_HAUSSE = 0, CLS_BAISSE } cls_sens;

/* The written keyword of an enum value ("en_cours"), and its French label
 * ("en cours").  Borrowed: static storage. */
const char *cls_statut_key(cls_statut s);
const char *cls_statut_label(cls_statut s);
const char *cls_fin_statut_key(cls_fin_statut s);
const char *cls_ind_type_key(cls_ind_type t);
const char *cls_sens_key(cls_sens s);

/* A list of text values. */
typedef struct cls_strlist {
	const char **items;
	size_t count;
} cls_strlist;

/* A target: a number (is_range false, min == max == the number) or a range
 * {min, max} where either bound may be absent. */
typedef struct cls_target {
	bool is_range;
	bool has_min, has_max;
	double min, max;
	cls_loc loc;
} cls_target;

typedef struct cls_year_target {
	int year;
	cls_target target;
} cls_year_target;

/* A measured value: a number, or a text for a qualitative indicateur. */
typedef struct cls_value {
	int year;
	bool is_text;
	double number;
	const char *text;
	cls_loc loc;
} cls_value;

typedef struct cls_indicateur {
	const char *id;
	const char *libelle;
	cls_ind_type type;
	const char *unite; /* NULL when absent */
	const char *source; /* NULL when absent */
	cls_sens sens;
	bool has_base;
	int base_annee;
	cls_value base_valeur;
	/* cible: one target for every year of the fiche (cible_all), or a
	 * target per year (cibles); use cls_indicateur_cible() to ask. */
	bool has_cible_all;
	cls_target cible_all;
	cls_year_target *cibles;
	size_t cible_count;
	bool has_cible_totale;
	double cible_totale;
	cls_value *valeurs; /* sorted by year */
	size_t valeur_count;
	cls_loc loc;
} cls_indicateur;

/* A financeur: an entry of the directory of cls.yaml (financeurs:), or,
 * for the names the directory does not list (or without one), the names
 * of the fiches that are the same financeur (cls_financeur_same()). */
typedef struct cls_financeur {
	const char *nom; /* the name shown: the directory's nom, else the
	                  * spelling most of its financements use */
	const char *sigle; /* NULL when absent */
	cls_strlist autres_noms; /* the directory's other names */
	bool declared; /* an entry of cls.yaml's financeurs */
	size_t financements; /* how many financements name it */
	cls_loc loc; /* the entry, or its first financement */
} cls_financeur;

typedef struct cls_financement {
	const char *financeur; /* as written in the fiche */
	/* the financeur it names, in plan->financeurs; NULL only while the
	 * model is built.  Borrowed. */
	const cls_financeur *ref;
	bool has_montant;
	double montant;
	int annee; /* 0: the amount covers the whole contract */
	cls_fin_statut statut;
	const char *note;
	cls_loc loc;
} cls_financement;

typedef struct cls_jalon {
	const char *date; /* YYYY, YYYY-MM or YYYY-MM-DD; NULL when absent */
	const char *libelle;
	cls_loc loc;
} cls_jalon;

typedef struct cls_suivi {
	int year;
	cls_statut statut;
	bool has_avancement;
	double avancement;
	bool has_depenses;
	double depenses;
	const char *commentaire;
	cls_strlist jalons;
	/* the year's review, as annual reviews write it: what helped, what
	 * held back, what comes next */
	cls_strlist leviers, freins, perspectives;
	cls_loc loc;
} cls_suivi;

/* A person who follows a fiche for its porteurs: whom the coordination
 * writes to.  Every field but nom may be NULL. */
typedef struct cls_referent {
	const char *nom, *fonction, *structure, *courriel, *telephone;
	cls_loc loc;
} cls_referent;

typedef struct cls_fiche {
	const char *file; /* relative to the contract root */
	const char *id;
	const char *titre;
	const char *axe;
	const char *objectif; /* NULL when absent */
	cls_strlist porteurs, partenaires, public_, themes;
	bool copilotage; /* the porteurs lead jointly: no first lead */
	cls_referent *referents;
	size_t referent_count;
	const char *contexte;
	cls_strlist objectifs;
	const char *description;
	cls_strlist facilitateurs, freins;
	const char *cal_debut, *cal_fin, *cal_detail; /* NULL when absent */
	cls_jalon *jalons;
	size_t jalon_count;
	const char *budget;
	cls_financement *financements;
	size_t financement_count;
	cls_indicateur *indicateurs;
	size_t indicateur_count;
	cls_suivi *suivis; /* sorted by year */
	size_t suivi_count;
	int first_year,
	    last_year; /* the fiche's years: calendrier or periode */
	cls_loc loc;
} cls_fiche;

typedef struct cls_objectif {
	const char *id;
	const char *titre;
	const char *contexte;
	cls_loc loc;
} cls_objectif;

typedef struct cls_axe {
	const char *id;
	const char *titre;
	const char *contexte;
	cls_objectif *objectifs;
	size_t objectif_count;
	cls_loc loc;
} cls_axe;

/* An amendment of the contract (avenant): it may extend or shorten it (a
 * new fin) and bring new signataires. */
typedef struct cls_avenant {
	const char *date; /* YYYY, YYYY-MM or YYYY-MM-DD */
	const char *objet;
	int fin; /* the new last year; 0 when it gives none */
	cls_strlist signataires; /* who signs it */
	cls_loc loc;
} cls_avenant;

typedef struct cls_plan {
	int version;
	const char *nom;
	const char *territoire;
	/* The periode in force, which every command uses: cls.yaml's periode,
	 * its fin that of the latest avenant giving one.  0 when missing or
	 * invalid. */
	int debut, fin;
	int debut_initial, fin_initial; /* the periode as first signed */
	const char *signature; /* YYYY, YYYY-MM or YYYY-MM-DD; NULL */
	cls_strlist signataires;
	cls_avenant *avenants; /* sorted by date, then as written */
	size_t avenant_count;
	/* The financeurs: the directory of cls.yaml first
	 * (financeur_declared entries, as written), then one for each
	 * financeur the fiches name that it does not list. */
	cls_financeur *financeurs;
	size_t financeur_count, financeur_declared;
	const char *coord_nom, *coord_structure, *coord_courriel,
	    *coord_telephone;
	const char *objectif_general;
	cls_axe *axes;
	size_t axe_count;
	cls_fiche *fiches; /* in natural order of id: 1.2 before 1.10 */
	size_t fiche_count;
} cls_plan;

/* ----------------------------------------------------------- the contract */

typedef struct cls_contract cls_contract;

/* The cache of what libcls parsed and checked (see cls_cache_open()). */
typedef struct cls_cache cls_cache;

typedef struct cls_load_options {
	/* The cache to read through and fill, or NULL to read every file. */
	cls_cache *cache;
	/* Only the diagnostics and the list of files are wanted: for a
	 * contract unchanged since its last load the cache then answers them
	 * alone, and the model (cls_contract_plan()) may be empty. */
	bool diags_only;
	/* The diagnostics in French whatever the locale (from the French
	 * catalog), for a French document such as the report; English when
	 * no French catalog is installed. */
	bool french;
	/* What the program makes of the contract, as a key: its command line
	 * and whatever else that depends on (answer_keylen bytes).  When the
	 * contract has not changed since cls_contract_keep() stored an answer
	 * under the same key, the load returns that answer
	 * (cls_contract_kept()) with the diagnostics and the list of files,
	 * without reading one file's row: the model is then empty, as with
	 * diags_only.  NULL: no answer is looked for. */
	const void *answer_key;
	size_t answer_keylen;
} cls_load_options;

/* Finds the contract the way git finds a repository: the nearest directory
 * at or above start that holds cls.yaml.  Returns 0 and a path in *root
 * (caller frees with free()), or -1 with err filled. */
int cls_contract_find(const char *start, char **root, cls_error *err);

/* Loads and checks the contract whose root directory (holding cls.yaml) is
 * root, after finishing or rolling back an import that was interrupted
 * there (cls_contract_recover(); what it did: cls_contract_recovery()).
 * Returns NULL only when the job cannot be done (cls.yaml or a folder
 * cannot be read, an interrupted import cannot be recovered, out of
 * memory), with err filled; problems in the data are diagnostics of the
 * returned contract.  Caller frees with cls_contract_free().  opts may be
 * NULL. */
cls_contract *cls_contract_load(
    const char *root, const cls_load_options *opts, cls_error *err);

/* Frees the contract and everything borrowed from it.  NULL is a no-op. */
void cls_contract_free(cls_contract *c);

/* The answer that the load found for its answer_key, as stored by
 * cls_contract_keep() (*len bytes, borrowed from c), or NULL when it found
 * none: the model is then the contract's. */
const void *cls_contract_kept(const cls_contract *c, size_t *len);
/* Stores len bytes of data as the answer for answer_key to the contract as
 * it was loaded, in the cache it was loaded through, so that a later load
 * of it unchanged returns them.  Nothing is stored without a cache and a
 * key, nor when the cache cannot be written: it is an aid, and the program
 * goes on. */
void cls_contract_keep(const cls_contract *c, const void *data, size_t len);

/* The root directory as given to cls_contract_load().  Borrowed. */
const char *cls_contract_root(const cls_contract *c);

/* The model.  Parts that failed to check are left out or NULL.  Borrowed. */
const cls_plan *cls_contract_plan(const cls_contract *c);

/* Every diagnostic, sorted by file (cls.yaml first, then fiches by path),
 * line and column.  Borrowed. */
const cls_diag *cls_contract_diags(const cls_contract *c, size_t *count);
size_t cls_contract_count(const cls_contract *c, cls_severity s);

/* Whether the contract's diagnostics are in French (asked for, or the
 * language of the messages). */
bool cls_contract_french(const cls_contract *c);

/* The files read, relative to the root (cls.yaml first).  Borrowed. */
const char *const *cls_contract_files(const cls_contract *c, size_t *count);

/* Whether writing path would replace the contract's data: path is one of
 * the files it read (under that name, through a symbolic link or as a
 * hard link: the same file), or, when there is no file at path, a name
 * the contract would read once written (cls.yaml at its root, a .yaml or
 * .yml file under fiches/).  Returns that file as the contract names it
 * ("fiches/a.yaml"; caller frees with free()), or NULL.  For programs that
 * write an output the user names: refuse those. */
char *cls_contract_reads(const cls_contract *c, const char *path);

/* What cls_contract_recover() did. */
typedef enum cls_recovery_kind {
	CLS_RECOVERED_NOTHING = 0, /* no import had been interrupted */
	CLS_RECOVERED_ROLLED_BACK, /* one was, before its commit point (or
	                            * after a check failed): every file is
	                            * as it was before it */
	CLS_RECOVERED_FINISHED /* one was, after its commit point: every file
	                        * holds what it was writing */
} cls_recovery_kind;

typedef struct cls_recovery {
	cls_recovery_kind kind;
	size_t files; /* the files that import was replacing (0 when its
	               * journal was torn: it had not begun) */
	char message[256]; /* for people, in the language of messages:
	                    * "finished an interrupted import of 3 fiches";
	                    * "" with CLS_RECOVERED_NOTHING */
} cls_recovery;

/* Finishes or rolls back a cls import (cls_edit_write()) that a kill, a
 * crash or a power cut interrupted in the contract at root, as its journal
 * says (cls-import(1), INTERRUPTED IMPORTS), and removes its temporary
 * files and the journal, under the contract's lock.  The journal of an
 * import still running is left to it: before its commit point its files
 * have not changed and nothing is done; after it, this waits up to 2 s
 * for it to end.  A lock file that a killed import left alone (no process
 * holds it) is removed.  Costs two lstats when no import ran.
 * cls_contract_load() calls it first; a program may call it alone.
 * Returns 0 with *out saying what was done (out may be NULL), or -1 with
 * err filled and nothing touched: the folder is read-only, the journal
 * names a file outside the contract or is not one cls wrote, a running
 * import did not end in time. */
int cls_contract_recover(const char *root, cls_recovery *out, cls_error *err);

/* What the load's cls_contract_recover() did: a program that shows
 * messages says its message when kind is not CLS_RECOVERED_NOTHING.
 * Borrowed. */
const cls_recovery *cls_contract_recovery(const cls_contract *c);

/* ---------------------------------------------------------- model queries */

/* The rules below are each written once, here; cls report, indicators,
 * export and import ask them (lib/model/rules.c). */

/* Whether year is one of the fiche's years: first_year..last_year, from
 * its calendrier, else the periode. */
bool cls_fiche_runs(const cls_fiche *f, int year);

/* Whether the fiche has something for year: it runs then, or has a suivi,
 * a financement or a value of that year. */
bool cls_fiche_has_year(const cls_fiche *f, int year);

/* The years an indicateur of fiche f has rows for: the fiche's years
 * within the periode p, widened by every year that has its own cible or a
 * valeur.  *from is 0 when there is none. */
void cls_indicateur_years(const cls_plan *p, const cls_fiche *f,
    const cls_indicateur *ind, int *from, int *to);

/* Whether year is one of those years, and lies in the fiche's years
 * within the periode or has its own cible or a valeur. */
bool cls_indicateur_has_year(
    const cls_plan *p, const cls_fiche *f, const cls_indicateur *ind, int year);

/* Whether the indicateur is qualitative: its values (or baseline) are
 * texts. */
bool cls_indicateur_qualitative(const cls_indicateur *ind);

/* Whether ind of fiche f lacks its value for year: it has none, and it
 * has a cible for year, or it is numeric and the fiche has a suivi for
 * year (cls-indicators(1), MISSING VALUES). */
bool cls_indicateur_lacks(
    const cls_fiche *f, const cls_indicateur *ind, int year);

/* Compares names as a person reads them, case and accents folded, so
 * "Département" equals "departement" and "CPAM" equals "cpam": 0 when
 * they are equal so, else their order.  Never depends on the locale.
 * This is how a financeur, a theme or a name given on the command line is
 * matched. */
int cls_name_cmp(const char *a, const char *b);
/* The same, then byte order: a total order for sorting names. */
int cls_name_order(const char *a, const char *b);

/* Whether two names of financeurs name the same one, whatever the
 * directory of cls.yaml says: equal once case, accents, spaces and
 * punctuation are folded and a known sigle ("ARS", "CAF", "CPAM"...: the
 * table of cls-format(5), FINANCEURS) is read as the name it stands for,
 * alone or as the first word.  "ARS", "arS", "Agence Régionale de Santé"
 * and "agence regionale de sante" are one; "ARS Occitanie" is "Agence
 * régionale de santé Occitanie", not "ARS". */
bool cls_financeur_same(const char *a, const char *b);

/* The financeur that name means in plan p: the entry of the directory
 * whose sigle, nom or one of autres_noms is the same (cls_financeur_same),
 * else the financeur of the fiches' financements so named; NULL when none.
 * This is how a financeur given on the command line is found.  Borrowed:
 * one of p->financeurs. */
const cls_financeur *cls_financeur_find(const cls_plan *p, const char *name);

/* Where a jalon of a fiche stands at the end of a year (cls-report(1),
 * Jalons). */
typedef enum cls_jalon_etat {
	CLS_JALON_ATTEINT = 0, /* a suivi of the year or before names it */
	CLS_JALON_EN_RETARD, /* not reached, and due that year or before */
	CLS_JALON_A_VENIR /* not reached, due later or without a date */
} cls_jalon_etat;

/* The state of jalon j of fiche f at the end of year; *reached_in (when
 * not NULL) gets the first year whose suivi names it, 0 when none up to
 * year. */
cls_jalon_etat cls_jalon_state(
    const cls_fiche *f, const cls_jalon *j, int year, int *reached_in);
/* "atteint", "en_retard", "a_venir", and the French labels "atteint",
 * "en retard", "à venir".  Borrowed: static storage. */
const char *cls_jalon_etat_key(cls_jalon_etat e);
const char *cls_jalon_etat_label(cls_jalon_etat e);

/* The target of ind for year, from cible (one target for every year of the
 * fiche, or the year's entry of a per-year cible).  Returns false when the
 * indicateur has no target for that year. */
bool cls_indicateur_cible(
    const cls_fiche *f, const cls_indicateur *ind, int year, cls_target *out);

/* The value measured in year, or NULL.  Borrowed. */
const cls_value *cls_indicateur_valeur(const cls_indicateur *ind, int year);

/* Whether value v reaches target t for an indicateur going in direction s
 * (hausse: at or above; baisse: at or below; a range: within it). */
bool cls_target_reached(const cls_target *t, cls_sens s, double v);

/* What an indicateur achieved in a year: its target, its value, whether the
 * value reaches the target and the rate of achievement (the rules are in
 * cls-report(1), "Rate of achievement" and "Cible totale"). */
typedef struct cls_taux {
	bool has_cible; /* a target for the year (cls_indicateur_cible) */
	cls_target cible;
	const cls_value *valeur; /* the year's value, or NULL; borrowed */
	/* -1: not evaluated (no target, or no numeric value); else 0 or 1 */
	int atteint;
	bool has_taux; /* a rate of achievement exists */
	double taux; /* in percent, not rounded */
	/* with a cible_totale: the sum of the numeric values of every year up
	 * to and including the year, and that sum against the cible_totale */
	bool has_cumul;
	double cumul;
	bool has_taux_cumul; /* false when the cible_totale is 0 */
	double taux_cumul; /* in percent, not rounded */
} cls_taux;

/* Fills *out with what ind of fiche f achieved in year.  Returns
 * out->has_taux: whether a rate of achievement exists. */
bool cls_indicateur_taux(
    const cls_fiche *f, const cls_indicateur *ind, int year, cls_taux *out);

/* The suivi entry of year, or NULL.  Borrowed. */
const cls_suivi *cls_fiche_suivi(const cls_fiche *f, int year);

/* The candidate nearest to s, for a "did you mean" (a few typing slips
 * away, case slips included), or NULL when none is close.  Borrowed: one of
 * cands. */
const char *cls_nearest(const char *s, const char *const *cands, size_t n);

/* Compares ids in natural order ("1.2" < "1.10" < "2"); for qsort-like use. */
int cls_id_cmp(const char *a, const char *b);

/* -------------------------------------------------------- writing values */

/* One yearly value to write: valeurs[year] of an indicateur of a fiche. */
typedef struct cls_setval {
	const char *fiche; /* fiche id */
	const char *indicateur; /* indicateur id within that fiche */
	int year;
	bool is_text; /* a text (qualitative) value */
	double number; /* the value when !is_text */
	const char *text; /* the value when is_text, UTF-8 */
} cls_setval;

typedef enum cls_set_status {
	CLS_SET_REFUSED = 0, /* see message: then no file is given */
	CLS_SET_NEW, /* the year had no value */
	CLS_SET_CHANGED, /* replaces another value */
	CLS_SET_SAME, /* the file says so already, or asked before */
	CLS_SET_CHECKED /* passed the checks; no file was read because
	                   another change was refused */
} cls_set_status;

/* What became of one cls_setval. */
typedef struct cls_set_result {
	cls_set_status status;
	const char *file; /* the fiche's file; NULL for an unknown fiche */
	const char *old; /* CHANGED, SAME: the value as it was written */
	const char *message; /* REFUSED: why, lower case, how to fix it */
} cls_set_result;

/* The new content of one fiche file. */
typedef struct cls_file_text {
	const char *file; /* relative to the contract root */
	const char *text; /* the whole file, NUL-terminated */
	size_t len;
	const char *old; /* the file as it was read, to check before writing
	                    that nobody changed it meanwhile */
	size_t old_len;
} cls_file_text;

typedef struct cls_edit cls_edit;

/* Checks each change against the contract (the fiche and indicateur exist,
 * the year lies in the periode and in the fiche's years, a text only where
 * no numeric target is set, no value asked twice differently, the fiche's
 * file has no error), then computes the new text of every fiche file the
 * changes touch, from the files as they are on disk now.  Only the value
 * lines change (a line is added in year order, or a valeurs key after the
 * indicateur's other keys); comments, layout, quotes, CRLF and BOM stay.
 * Each new text is parsed and checked again and must read back as the old
 * one with exactly the asked values, without a new diagnostic.
 *
 * Nothing is written here: cls_edit_write() writes the files, all or
 * nothing (cls_edit_files() shows them first).  Returns NULL when the job
 * cannot be done (a file unreadable or changed into invalid YAML since c
 * was loaded, out of memory, or an edit that did not read back as asked),
 * with err filled.  Otherwise the result of each change; when any is
 * refused no file is given.  Caller frees with cls_edit_free(). */
cls_edit *cls_edit_values(
    const cls_contract *c, const cls_setval *changes, size_t n, cls_error *err);

/* The result of changes[i] for i < n.  Borrowed: valid until
 * cls_edit_free(). */
const cls_set_result *cls_edit_results(const cls_edit *e);
/* How many changes were refused. */
size_t cls_edit_refused(const cls_edit *e);
/* The files to write, sorted by path: none when a change was refused or
 * nothing changes.  Borrowed: valid until cls_edit_free(). */
const cls_file_text *cls_edit_files(const cls_edit *e, size_t *count);
/* Writes the files of e (cls_edit_files()) all or nothing, which is what
 * cls import does:
 *   - under the contract's lock (.cls-import.lock in its root, flock(2)):
 *     another cls_edit_write() waits up to 2 s, then fails saying which
 *     process holds it;
 *   - each file checked, once locked and again just before it is
 *     replaced, to be still the one cls_edit_values() read (device,
 *     inode, size, mtime, ctime and content): one that changed meanwhile
 *     ("run it again") stops the write and puts back those done;
 *   - the new texts written beside the files and synced, then renamed over
 *     them through a journal (.cls-import.journal), so that a kill, a
 *     crash or a power cut leaves work that the next cls_contract_load()
 *     (cls_contract_recover()) finishes or undoes: never a part of the
 *     values, never a temporary file left (cls-import(1), INTERRUPTED
 *     IMPORTS);
 *   - a symlink's target replaced, with the original's mode and owner;
 *   - SIGINT, SIGTERM, SIGHUP and SIGPIPE held back for the calling thread
 *     until it is over.
 * Returns 0 when every file was written (at once when there is none), or
 * -1 with err filled (the file and what to do, as cls import says it)
 * and every file as it was: a change was refused, a file or folder is
 * read-only, a file changed meanwhile, the lock stayed held, a write
 * failed. */
int cls_edit_write(const cls_edit *e, cls_error *err);
/* NULL is a no-op. */
void cls_edit_free(cls_edit *e);

/* ---------------------------------------------------------------- sheets */

/* A spreadsheet read back: the first sheet of an OpenDocument spreadsheet
 * (.ods) or of an Office Open XML workbook (.xlsx), such as a porteur
 * returns to cls import, as rows of cells, each with its type.  The file
 * is read as hostile (cls-import(1), SHEETS): the zip by libzip (opened
 * with dlopen() at the first need), every part checked against the size
 * it declares before it is read, and refused past 16 MiB (a zip bomb);
 * the XML by expat, refused when it declares a document type (so no
 * entity is ever declared, expanded or fetched); at most 1,024 columns,
 * 100,000 rows, 2 million cells, 1 MiB of text in a cell and 64 MiB in
 * all. */

typedef enum cls_cell_kind {
	CLS_CELL_EMPTY = 0,
	CLS_CELL_TEXT, /* a string cell, or what a cell holds that is no
	                  number (a boolean, an error such as "#N/A") */
	CLS_CELL_NUMBER, /* a number (float, currency): number; text its
	                    shortest decimal, with a "." ("12.5") */
	CLS_CELL_PERCENT, /* a percentage: number the fraction it holds
	                     (0.6), text the percent it shows ("60") */
	CLS_CELL_DATE /* a date or a time: text ISO 8601 ("2024-03-01") */
} cls_cell_kind;

typedef struct cls_cell {
	cls_cell_kind kind;
	double number; /* NUMBER, PERCENT */
	const char *text; /* never NULL; "" when empty */
} cls_cell;

/* A row that has a cell that is not empty (the empty rows are left out;
 * line says where each row is). */
typedef struct cls_sheet_row {
	int line; /* its number in the sheet, 1-based, as shown */
	const cls_cell *cells; /* column A first */
	size_t n; /* up to its last cell that is not empty */
} cls_sheet_row;

typedef struct cls_sheet cls_sheet;

/* Reads the len bytes at data (a whole file) as a sheet.  Returns NULL
 * with err filled (lower case, says what is wrong: not a zip, neither
 * ods nor xlsx, a part too large or damaged, XML not well-formed or with
 * a DOCTYPE, past a limit, libzip missing, out of memory).  Caller frees
 * with cls_sheet_free(). */
cls_sheet *cls_sheet_read(const void *data, size_t len, cls_error *err);
/* "ods" or "xlsx".  Borrowed: static storage. */
const char *cls_sheet_kind(const cls_sheet *s);
/* The rows, in sheet order.  Borrowed: valid until cls_sheet_free(). */
const cls_sheet_row *cls_sheet_rows(const cls_sheet *s, size_t *n);
/* NULL is a no-op. */
void cls_sheet_free(cls_sheet *s);

/* -------------------------------------------------------- CSV read back */

/* The CSV of yearly values a porteur returns to cls import, read as
 * Excel or LibreOffice save it (cls-import(1)); lib/base/csvread.c.  The
 * bytes are hostile: any input gives rows or an error, never a crash. */

/* A row of the CSV. */
typedef struct cls_csv_row {
	int line; /* where the row starts, 1-based (a quoted field may span
	             lines) */
	char **cells; /* NUL-terminated; owned by the rows, which the caller
	                 may change in place (cls_csv_trim()) */
	size_t n;
} cls_csv_row;

typedef struct cls_csv_rows {
	cls_csv_row *rows;
	size_t n;
	bool nul; /* a field holds a NUL byte */
	int bad_line; /* after a return of 1: where the quote is */
} cls_csv_rows;

/* Splits the len bytes of text into rows with libcsv (strict: a quote
 * inside an unquoted field, or one never closed, is an error), sep the
 * separator, only the space blank around fields, LF, CRLF or a lone CR
 * ending a line; first_line is the number of text's first line.  Returns
 * 0; 1 for a misplaced or unclosed quote (out->bad_line says where); -1
 * when out of memory.  out holds what was read whatever it returns: the
 * caller releases it with cls_csv_rows_release(). */
int cls_csv_split(const char *text, size_t len, unsigned char sep,
    int first_line, cls_csv_rows *out);
/* Frees the rows and zeroes *r; NULL is a no-op. */
void cls_csv_rows_release(cls_csv_rows *r);
/* Whether the n bytes at s are valid UTF-8 (no overlong form, surrogate
 * or code point past U+10FFFF). */
bool cls_csv_is_utf8(const void *s, size_t n);
/* The n bytes at s, read as Windows-1252 (what Excel's plain "CSV" saves
 * in France; its five unassigned bytes as U+FFFD), in UTF-8 with a NUL
 * after it, its length in *outlen.  NULL when out of memory; caller
 * frees with free(). */
char *cls_csv_from_cp1252(const void *s, size_t n, size_t *outlen);
/* The separator of a CSV whose text starts at s: the one of ';' ',' and
 * tab that its first line holds most outside quotes (',' by default). */
unsigned char cls_csv_guess_sep(const char *s);
/* Trims the blanks a spreadsheet leaves around a cell (space, tab,
 * NBSP, narrow NBSP, thin space) at both ends of s, in place; returns
 * where the text now starts, within s. */
char *cls_csv_trim(char *s);
/* A header cell as a plain lower-case ASCII word, in out (n bytes, NUL
 * terminated): "Année " -> "annee". */
void cls_csv_header_word(const char *s, char *out, size_t n);
/* Reads s as a number as a spreadsheet writes it, French or English: 12,
 * -3, 12,5, 12.5, 1 234,5 (space, NBSP or narrow NBSP between thousands),
 * 1.234,5, 1,234.5, 1,5E+03.  Returns true with the finite value in *x
 * and its canonical text ("1234.5", what strtod() reads as *x) in canon
 * (cn bytes); false when s is no such number or canon is too short. */
bool cls_csv_number(const char *s, double *x, char *canon, size_t cn);

/* ---------------------------------------------------------------- report */

/* The review of contracts over years (cls-report(1) defines every figure),
 * in one of three kinds:
 *   - the annual review (bilan annuel) of one contract for one year;
 *   - the evaluation of one contract over a span of years (the mid-term
 *     review, the final evaluation): every year's figures, and each
 *     fiche's trajectory over them;
 *   - the synthesis of several contracts (what the ARS follows), over a
 *     year or a span: a summary figure set per contract and their sums.
 * Built by cls_report_build() from loaded contracts, or one contract at a
 * time by cls_report_new() and cls_report_add(), then read through the
 * structs below or written by cls_report_render().  The annual review and
 * the evaluation borrow their contract, which must outlive the report; a
 * synthesis copies what it keeps of each contract, which the caller may
 * free as soon as cls_report_add() returns, so that a region's contracts
 * need not all be loaded at once.  Everything a report gives is borrowed
 * from it, valid until cls_report_free(). */

/* One indicateur of a fiche, seen in the year reviewed. */
typedef struct cls_report_ind {
	const cls_indicateur *ind;
	cls_taux t; /* target, value, rate for the year */
	bool numeric; /* t.valeur is a number */
	/* shown among the qualitative ones, with or without a value for the
	 * year: cls_indicateur_qualitative() and no target for the year */
	bool qualitative;
} cls_report_ind;

/* A jalon of a fiche at the end of the year reviewed: one of its
 * calendrier (jalon set), or one a suivi names that the calendrier does
 * not list (jalon NULL, always reached). */
typedef struct cls_report_jalon {
	const cls_jalon *jalon;
	const char *libelle;
	const char *date; /* NULL when it has none */
	cls_jalon_etat etat;
	int atteint_en; /* the year it was reached, else 0 */
} cls_report_jalon;

/* One fiche in the year reviewed. */
typedef struct cls_report_fiche {
	const cls_fiche *f;
	const cls_suivi *suivi; /* the year's suivi, or NULL */
	cls_statut statut; /* CLS_STATUT_NONE without suivi */
	bool runs; /* the year lies in the fiche's years */
	cls_report_ind *inds;
	size_t nind;
	size_t nqual; /* indicateurs whose value is a text */
	const cls_financement **fins; /* annee == year, then annee 0 */
	size_t nfin;
	cls_report_jalon *jalons; /* the calendrier's, as written, then
	                           * those only a suivi names */
	size_t njalons;
} cls_report_fiche;

/* A group of fiches (an axe, an objectif) in the year reviewed: how many
 * have each statut, and the mean avancement of those whose suivi gives
 * one. */
typedef struct cls_report_tally {
	size_t par_statut[CLS_STATUT_COUNT];
	size_t avec_avancement; /* fiches whose suivi gives an avancement */
	double avancement; /* their mean, in percent; 0 when there is none */
} cls_report_tally;

typedef struct cls_report_objectif {
	const cls_objectif *obj;
	cls_report_fiche **fiches;
	size_t n;
	cls_report_tally tally; /* its fiches */
} cls_report_objectif;

typedef struct cls_report_axe {
	const cls_axe *axe;
	cls_report_fiche **fiches; /* those that name no objectif */
	size_t n;
	cls_report_objectif *objs; /* sorted by id */
	size_t nobj;
	size_t total; /* every fiche of the axe */
	cls_report_tally tally; /* every fiche of the axe */
} cls_report_axe;

/* A sum of money: of the known montants, and how many financements had
 * one and had none. */
typedef struct cls_report_sum {
	double montant;
	size_t known, unknown;
} cls_report_sum;

/* Money of one financeur: the sum of the known montants, and how many
 * financements had none; the same by statut (cls_fin_statut order). */
typedef struct cls_report_money {
	const char *financeur; /* the financeur's nom (cls_financeur) */
	const cls_financeur *entry;
	double montant;
	size_t known, unknown;
	cls_report_sum statut[4];
	size_t seq; /* while gathering: the financement's rank */
} cls_report_money;

typedef struct cls_report_missing {
	const cls_report_fiche *rf;
	const cls_report_ind *ri;
} cls_report_missing;

typedef struct cls_report_year {
	const cls_plan *plan;
	int year;
	size_t errors, warnings;
	const cls_diag *diags;
	size_t ndiags;

	cls_report_fiche *fiches; /* in the order of plan->fiches */
	size_t nfiches;
	cls_report_axe *axes; /* sorted by id */
	size_t naxes;
	cls_report_fiche **hors_axe;
	size_t nhors;

	size_t par_statut[CLS_STATUT_COUNT];
	size_t hors_calendrier; /* fiches whose years leave out the year */
	size_t indicateurs; /* every indicateur of every fiche */
	size_t avec_cible, evalues, atteints, sans_valeur;
	bool has_part;
	double part; /* atteints / evalues, percent */

	cls_report_money
	    *fin_annee; /* sorted by financeur (see cls_name_order) */
	size_t nfin_annee;
	double total_annee;
	size_t unknown_annee; /* financements of the year without montant */
	size_t known_annee; /* and with one */
	cls_report_money *fin_contrat; /* every financement, every year */
	size_t nfin_contrat;
	double total_contrat;
	size_t unknown_contrat;
	size_t known_contrat;
	cls_report_sum statut_annee[4]; /* the year's money by statut */
	cls_report_sum statut_contrat[4]; /* all of it, by statut */
	bool statut_used[4]; /* statuts some financement has */
	double depenses; /* sum of the year's suivi depenses */
	size_t depenses_n; /* fiches that gave their depenses */
	/* the jalons of every fiche at the end of the year, by state */
	size_t jalons[3];

	cls_report_fiche **sans_suivi;
	size_t nsans_suivi;
	cls_report_missing *sans_valeur_list;
	size_t nsans_valeur_list;
} cls_report_year;

/* The kind of a report. */
typedef enum cls_report_kind {
	/* cls_report_build(): the annual review for one contract and
	 * from == to, the evaluation for one contract and from < to, the
	 * synthesis for several; cls_report_new(): the synthesis */
	CLS_REPORT_AUTO = 0,
	CLS_REPORT_ANNUAL, /* one contract, from == to */
	CLS_REPORT_EVALUATION, /* one contract, any span (even of one year) */
	CLS_REPORT_SYNTHESIS /* any number of contracts, any span */
} cls_report_kind;

/* The options of a report.  Zero-initialise, then set the years. */
typedef struct cls_report_options {
	int from, to; /* the years reviewed, from <= to */
	cls_report_kind kind;
} cls_report_options;

typedef struct cls_report cls_report;

/* Builds the report of the n contracts cs[0..n) over the years of opts:
 * cls_report_new(), then cls_report_add() for each contract (labelled by
 * its root).  Returns NULL when it cannot be built, with err filled.
 * Caller frees with cls_report_free(). */
cls_report *cls_report_build(const cls_contract *const *cs, size_t n,
    const cls_report_options *opts, cls_error *err);

/* An empty report over the years of opts, to which contracts are added
 * one by one.  Returns NULL with err filled when the years are not a span
 * (from > to, or not years) or out of memory.  Caller frees with
 * cls_report_free(). */
cls_report *cls_report_new(const cls_report_options *opts, cls_error *err);

/* Adds the contract c, named by label (how the caller shows its folder:
 * "vans"; NULL: its root), and computes its figures.  An annual review
 * or an evaluation takes one contract, whose periode must hold the years
 * reviewed, and borrows it: c must outlive r.  A synthesis takes any
 * number, copies what it keeps and borrows nothing: the caller may free c
 * as soon as this returns.  A contract whose periode is unknown or does
 * not hold every year reviewed is kept in a synthesis, not covered (see
 * cls_report_contract.couvert), and counted in none of its figures.
 * Returns 0, or -1 with err filled (out of memory; for an annual review
 * or an evaluation, a second contract or a periode that does not hold the
 * years); r is then left as it was. */
int cls_report_add(
    cls_report *r, const cls_contract *c, const char *label, cls_error *err);

/* NULL is a no-op. */
void cls_report_free(cls_report *r);

/* The kind of the report (never CLS_REPORT_AUTO), how many contracts it
 * holds, and its years. */
cls_report_kind cls_report_kind_of(const cls_report *r);
size_t cls_report_contracts(const cls_report *r);
int cls_report_from(const cls_report *r);
int cls_report_to(const cls_report *r);
/* The figures of contract i (in the order of cls_report_add()) for year,
 * or NULL when year is not one of the report's, or r is a synthesis
 * (which keeps no contract: see cls_report_contract_of()).  Borrowed. */
const cls_report_year *cls_report_year_of(
    const cls_report *r, size_t i, int year);

/* ----------------------------------------- the years and the contracts */

/* One fiche over the years reviewed: its place in every year's figures,
 * where it stood at the end, and how it moved. */
typedef struct cls_report_trajectory {
	const cls_fiche *f;
	size_t index; /* its cls_report_year.fiches[index], in every year */
	/* the statut of its latest suivi among the years reviewed, and that
	 * year; CLS_STATUT_NONE and 0 when it has none then */
	cls_statut statut_fin;
	int annee_fin;
	/* the first year (of any) whose suivi says en_cours or realisee, says
	 * realisee, says abandonnee; 0 when none does */
	int demarrage, realisation, abandon;
	bool reportee; /* a suivi of the years reviewed says reportee */
	size_t annees_sans_suivi; /* years reviewed it runs without suivi */
	cls_report_jalon *jalons; /* in the order of its calendrier */
	size_t njalons;
	/* its financements of the years reviewed, by year, then those of the
	 * whole contract */
	const cls_financement **fins;
	size_t nfin;
} cls_report_trajectory;

/* An indicateur without a value in years of the span its fiche runs. */
typedef struct cls_report_gap {
	const cls_report_trajectory *t; /* its fiche */
	size_t ind; /* its rank among the fiche's indicateurs */
	const int *annees; /* those years, in order */
	const bool *avec_cible; /* whether it had a target in each */
	size_t nannees;
} cls_report_gap;

/* The evaluation's detail: every year's figures, and every fiche's
 * trajectory, in the order of plan->fiches. */
typedef struct cls_report_span {
	int from, to;
	size_t nyears;
	const cls_report_year *years; /* years[k].year == from + k */
	cls_report_trajectory *fiches;
	size_t nfiches;
	/* the values missing over the span, by fiche (in the order above)
	 * and indicateur */
	cls_report_gap *gaps;
	size_t ngaps;
} cls_report_span;

/* The detail of an annual review or an evaluation, or NULL for a
 * synthesis.  Borrowed. */
const cls_report_span *cls_report_span_of(const cls_report *r);

/* What the summary says of a year, or of the whole span, for one contract
 * or summed over the contracts of a synthesis (cls-report(1), THE
 * EVALUATION and THE SYNTHESIS, say each rule). */
typedef struct cls_report_figures {
	size_t fiches;
	/* a year: by the year's statut; the span: by statut_fin */
	size_t par_statut[CLS_STATUT_COUNT];
	/* a year: fiches whose years leave it out; the span: those whose
	 * years leave out every year reviewed */
	size_t hors_calendrier;
	/* fiches with a suivi in the year, or in a year of the span */
	size_t avec_suivi;
	/* a year: the indicateurs defined (of every fiche, whatever it
	 * runs); the span: not kept (0) */
	size_t definis;
	/* the year's indicateurs; the span: the sums over its years */
	size_t avec_cible, evalues, atteints, sans_valeur;
	bool has_part;
	double part; /* atteints / evalues, percent */
	/* money planned: financements of the year (of the span's years) */
	double prevu;
	size_t prevu_known, prevu_unknown; /* financements with, without */
	double depenses; /* the depenses of the suivi of the year(s) */
	size_t depenses_n; /* suivi entries that gave theirs */
	/* fiches without a suivi in a year they run (the span: in at least
	 * one year); indicateurs without a value in a year their fiche runs
	 * (the span: summed over its years) */
	size_t sans_suivi;
	size_t sans_valeur_n;
} cls_report_figures;

/* How the fiches moved during the span (see cls_report_trajectory). */
typedef struct cls_report_moves {
	size_t demarrees; /* demarrage within the span */
	size_t realisees; /* realisation within the span */
	size_t abandonnees; /* abandon within the span */
	size_t reportees; /* reportee in a year of the span */
} cls_report_moves;

/* The money of one financeur over the years reviewed. */
typedef struct cls_report_funder {
	const char *financeur;
	/* each year's financements: montant summed, known and unknown
	 * counted (financeur is NULL, and the counts 0, in a year it has
	 * none) */
	cls_report_money *annees;
	cls_report_money periode; /* summed over the years */
	cls_report_money duree; /* annee absent: the whole contract */
	cls_report_money contrat; /* every financement, of every year */
	/* in a synthesis: the covered contracts where it has financements
	 * of the years reviewed, or without annee */
	size_t contrats;
} cls_report_funder;

/* A fiche without a suivi in years it runs. */
typedef struct cls_report_absent {
	const char *id, *titre, *fichier;
	const int *annees; /* the years, in order */
	size_t nannees;
} cls_report_absent;

/* What a report keeps of one contract: every kind has it; a synthesis
 * has nothing else of the contract.  Strings are copies. */
typedef struct cls_report_contract {
	const char *dossier; /* the label given to cls_report_add() */
	const char *nom, *territoire; /* NULL when absent */
	int debut, fin; /* its periode; 0 when unknown */
	/* its periode holds every year reviewed: only then is it counted
	 * in the figures below and in the synthesis */
	bool couvert;
	size_t erreurs, avertissements; /* validation diagnostics */
	/* one per year reviewed; NULL, and what follows zero, when it is not
	 * covered */
	cls_report_figures *annees;
	cls_report_figures periode; /* the span */
	cls_report_moves moves;
	cls_report_funder *financeurs; /* sorted by cls_name_order() */
	size_t nfinanceurs;
	double total_duree; /* the known montants without annee */
	size_t duree_known, duree_unknown;
	cls_report_absent *sans_suivi; /* in plan order */
	size_t nsans_suivi;
} cls_report_contract;

/* What contract i keeps, in the order of cls_report_add(), or NULL.
 * Borrowed. */
const cls_report_contract *cls_report_contract_of(
    const cls_report *r, size_t i);

/* A theme of the fiches, as first written (themes are grouped with case
 * and accents folded, see cls_name_cmp()). */
typedef struct cls_report_theme {
	const char *theme;
	size_t fiches; /* fiches of the covered contracts naming it */
	size_t contrats; /* covered contracts with such a fiche */
} cls_report_theme;

/* The synthesis: the figures of the covered contracts, summed. */
typedef struct cls_report_region {
	size_t contrats; /* every contract added */
	size_t couverts; /* those counted */
	size_t invalides; /* those with validation errors */
	size_t erreurs, avertissements; /* summed over every contract */
	cls_report_figures *annees; /* one per year reviewed */
	cls_report_figures periode;
	/* per year: covered contracts without any suivi for it */
	size_t *sans_suivi;
	cls_report_moves moves;
	cls_report_funder *financeurs; /* sorted by cls_name_order() */
	size_t nfinanceurs;
	double total_duree;
	size_t duree_known, duree_unknown;
	cls_report_theme *themes; /* most fiches first, then by name */
	size_t nthemes;
} cls_report_region;

/* The sums over the contracts of r (of any kind).  Borrowed. */
const cls_report_region *cls_report_region_of(const cls_report *r);

/* The row of financeur in v[0..n) (fin_annee or fin_contrat, which are
 * sorted by cls_name_order()), or NULL.  Borrowed: one of v. */
const cls_report_money *cls_report_money_find(
    const cls_report_money *v, size_t n, const char *financeur);

/* The row of financeur in v[0..n) (the financeurs of a cls_report_contract or
 * of the cls_report_region, sorted by cls_name_order()), or NULL.
 * Borrowed: one of v. */
const cls_report_funder *cls_report_funder_find(
    const cls_report_funder *v, size_t n, const char *financeur);

/* The French label of a financement statut: "prévu", "versé"...  Borrowed:
 * static storage. */
const char *cls_fin_statut_label(cls_fin_statut s);

/* ------------------------------------------------- listings and tables */

/* The indicateurs listed by cls indicators and the four tables written by
 * cls export, asked of one loaded contract at a time: a run over many
 * contracts loads one, asks, writes its rows and frees it, so that its
 * memory does not grow with their number.  Every row borrows from the
 * contract it was asked of: it stays valid until cls_contract_free() of
 * that contract, or until the list is asked again or released, whichever
 * comes first. */

/* Which contracts of a run hold the year asked for.  A contract whose
 * periode leaves the year out gives no rows; a year that no contract's
 * periode holds is the caller's usage error (cls-export(1),
 * cls-indicators(1)).  A plain value: zero-initialise, set year, then add
 * each contract (the queries below do it for theirs). */
typedef struct cls_year_cover {
	int year; /* the year asked for; 0: none, which every contract holds */
	size_t with_periode; /* contracts added that have a periode */
	size_t covering; /* and whose periode holds the year */
	int debut, fin; /* the periode of the last one that left it out */
} cls_year_cover;

/* Adds the contract of plan p to the account: returns whether its periode
 * holds yc->year (true when no year is asked, and when the periode is
 * unknown: its rows are then filtered one by one). */
bool cls_year_cover_add(cls_year_cover *yc, const cls_plan *p);
/* Whether a year was asked and none of the contracts added holds it,
 * though some of them had a periode: then yc->with_periode says whether
 * it was one contract (1) or several, and debut and fin the periode that
 * left it out last. */
bool cls_year_cover_none(const cls_year_cover *yc);

/* What cls indicators lists (cls-indicators(1)).  Zero-initialise: every
 * filter is then off.  The strings are borrowed: they must outlive the
 * calls that take the options. */
typedef struct cls_indicators_options {
	int year; /* 0: every year of each indicateur */
	const char *fiche; /* a fiche id, exact; NULL: any */
	const char *axe; /* an axe id, exact; NULL: any */
	const char *theme; /* a theme, case and accents folded; NULL: any */
	bool has_type; /* only the indicateurs of type: */
	cls_ind_type type;
	/* only those lacking their value for year (cls_indicateur_lacks());
	 * year must then be set */
	bool missing;
} cls_indicators_options;

/* One row of the listing: an indicateur of a fiche in a year. */
typedef struct cls_indicator_row {
	const cls_fiche *fiche;
	const cls_indicateur *ind;
	int year;
	cls_taux t; /* its target, value and rate in that year */
} cls_indicator_row;

/* The listing of one contract.  Zero-initialise once; each
 * cls_indicators_query() replaces what it holds; release with
 * cls_indicator_rows_release(). */
typedef struct cls_indicator_rows {
	/* whether the contract has the fiche, the axe (among the axes of
	 * cls.yaml) and the theme asked for; true for a filter not given */
	bool has_fiche, has_axe, has_theme;
	/* false when the contract's periode leaves the year asked out; only
	 * asked of a contract that has every name asked for */
	bool in_periode;
	/* whether the contract is listed: it has every name asked for and its
	 * periode holds the year.  Only then can it have rows, and in text
	 * its heading. */
	bool listed;
	/* how many indicateurs the contract's fiches have, whatever the
	 * filters: 0 when none is defined, so that nothing can be missing */
	size_t defined;
	/* in plan order: fiches by id, their indicateurs as written, years
	 * ascending (cls_indicateur_years(), cls_indicateur_has_year()) */
	cls_indicator_row *rows;
	size_t n;
} cls_indicator_rows;

/* Lists the indicateurs of contract c that opts asks for into *out.  yc
 * (NULL, or the account of the run, whose year is opts->year) gets the
 * contract when it has every name asked for.  Returns 0, or -1 with err
 * filled (out of memory: *out is then empty). */
int cls_indicators_query(const cls_contract *c,
    const cls_indicators_options *opts, cls_year_cover *yc,
    cls_indicator_rows *out, cls_error *err);
/* Frees the rows, leaving *l empty.  Safe on an empty list. */
void cls_indicator_rows_release(cls_indicator_rows *l);

/* The tables of cls export (cls-export(1) documents their rows and
 * columns). */
typedef enum cls_table {
	CLS_TABLE_FICHES = 0, /* one row per fiche */
	CLS_TABLE_INDICATEURS, /* one row per indicateur and year */
	CLS_TABLE_FINANCEMENTS, /* one row per financement */
	CLS_TABLE_SUIVI /* one row per fiche and year */
} cls_table;

/* The table named name ("fiches", "indicateurs", "financements",
 * "suivi"): true and *out set, or false. */
bool cls_table_parse(const char *name, cls_table *out);
/* The name of a table.  Borrowed: static storage. */
const char *cls_table_name(cls_table t);

/* What a table keeps.  Zero-initialise (the fiches table, every year,
 * every financeur).  The financeur is borrowed. */
typedef struct cls_table_options {
	cls_table table;
	int year; /* 0: every year */
	/* NULL: every financeur; else the financeur that name means in
	 * each contract (cls_financeur_find(): a sigle, a nom or an other
	 * name of the directory of cls.yaml, or a name of the fiches, as
	 * cls_financeur_same() compares them) */
	const char *financeur;
} cls_table_options;

/* One row of a table; which fields are set depends on the table. */
typedef struct cls_table_row {
	const cls_fiche *fiche; /* every table */
	/* indicateurs, suivi: the row's year; fiches: the year of the suivi
	 * shown (0: none) */
	int year;
	const cls_indicateur *ind; /* indicateurs */
	cls_taux t; /* indicateurs: target, value and rate in year */
	const cls_financement *fin; /* financements */
	/* suivi: the suivi of year, or NULL; fiches: the one shown, that of
	 * the year asked for, else the latest, or NULL */
	const cls_suivi *suivi;
	/* fiches: the financeurs of the financements kept, each once, by the
	 * nom of their cls_financeur (the directory's, or the spelling most
	 * of its financements use), in the order they first appear; and the
	 * sum of the montants of those financements (has_montant false when
	 * none has one) */
	const char *const *financeurs;
	size_t nfinanceurs;
	bool has_montant;
	double montant;
} cls_table_row;

/* The rows of one contract.  Zero-initialise once; each cls_table_query()
 * replaces what it holds; release with cls_table_rows_release(). */
typedef struct cls_table_rows {
	/* whether the contract knows the financeur asked for: its directory
	 * lists it, or a financement names it (in any year); true when none
	 * is asked */
	bool has_financeur;
	/* false when the contract's periode leaves the year asked out: it
	 * then has no rows */
	bool in_periode;
	/* fiches in plan order, then for each one its indicateurs,
	 * financements or years in the order of its file, years ascending */
	cls_table_row *rows;
	size_t n;
	const char **names_; /* where the financeurs of the rows are kept */
} cls_table_rows;

/* Fills *out with the rows of contract c that opts asks for.  yc (NULL,
 * or the account of the run, whose year is opts->year) gets the contract.
 * Returns 0, or -1 with err filled (out of memory: *out is then empty). */
int cls_table_query(const cls_contract *c, const cls_table_options *opts,
    cls_year_cover *yc, cls_table_rows *out, cls_error *err);
/* Frees the rows, leaving *l empty.  Safe on an empty list. */
void cls_table_rows_release(cls_table_rows *l);

/* -------------------------------------------------------------- rendering */

/* What a renderer writes. */
typedef enum cls_format {
	CLS_FORMAT_TEXT = 0, /* for a terminal: 80 columns, French */
	CLS_FORMAT_MARKDOWN, /* for pandoc */
	CLS_FORMAT_HTML, /* one self-contained page, charts in SVG */
	CLS_FORMAT_JSON, /* every figure, keys documented in the man pages */
	CLS_FORMAT_CSV, /* a table, for spreadsheets */
	CLS_FORMAT_ODT, /* OpenDocument Text: styles, outline, SVG charts */
	CLS_FORMAT_DOCX, /* the same document in Office Open XML, for Word */
	CLS_FORMAT_PDF, /* not written by libcls: a program converts the ODT
	                   (cls report runs LibreOffice) */
	CLS_FORMAT_GITHUB, /* diagnostics: GitHub Actions workflow commands */
	CLS_FORMAT_SARIF, /* diagnostics: SARIF 2.1.0, for code scanning */
	CLS_FORMAT_ODS, /* a table as an OpenDocument sheet, typed cells */
	CLS_FORMAT_XLSX /* the same sheet in Office Open XML, for Excel */
} cls_format;

/* The format named name ("text", "markdown", "html", "json", "csv",
 * "odt", "docx", "pdf", "github", "sarif", "ods", "xlsx"): true and *out
 * set, or false. */
bool cls_format_parse(const char *name, cls_format *out);
/* The name of a format.  Borrowed: static storage. */
const char *cls_format_name(cls_format f);
/* The format the extension of a file name asks for (.txt, .md,
 * .markdown, .html, .htm, .json, .csv, .odt, .docx, .pdf, .ods, .xlsx;
 * any case): true and *out set, or false when the name has none of
 * them. */
bool cls_format_of_path(const char *path, cls_format *out);

/* Flags of the renderers.  CLS_RENDER_COLOR: text, bold headings and
 * coloured severities (ANSI escapes). */
#define CLS_RENDER_COLOR 0x1u

/* Writes the whole report in format fmt to out: text, markdown, html,
 * json, odt or docx, in French whatever the locale.  The office documents
 * (odt, docx) are zip files written by libzip, opened at the first need
 * (dlopen()); their bytes depend only on the report.  Returns 0, or -1
 * with err filled (out of memory, libzip missing, or a format the report
 * has no renderer for, such as pdf): the caller then discards what was
 * written.  Write errors are left in out (check ferror()). */
int cls_report_render(const cls_report *r, cls_format fmt, unsigned flags,
    FILE *out, cls_error *err);

/* How a CSV file is written (cls-export(1), CSV): the separator, the
 * decimal char of numbers, the line ends and the byte order mark.  Text
 * cells are always quoted (by libcsv), numbers bare, and a text that a
 * spreadsheet could run as a formula gets a "'" first
 * (cls_csv_neutralised()). */
typedef struct cls_csv_dialect {
	char sep; /* ',' ';' '\t' or '|' */
	char decimal; /* '.' or ',' */
	bool crlf; /* rows end with CR LF, else LF */
	bool bom; /* the file starts with the UTF-8 BOM EF BB BF */
} cls_csv_dialect;

/* The default dialect (RFC 4180 with LF line ends: ',', '.', no BOM), or
 * with excel the French Excel preset (';', decimal comma, CRLF, BOM). */
cls_csv_dialect cls_csv_dialect_preset(bool excel);

/* Whether the CSV writer puts a "'" before text s so that a spreadsheet
 * shows it as text instead of running it as a formula: s starts with "=",
 * "+", "-", "@", a tab, CR or LF, with one of the full-width "＝", "＋",
 * "－", "＠" (U+FF1D, U+FF0B, U+FF0D, U+FF20), or with spaces or tabs
 * before any of those eight (cls-export(1), Formula injection).  A
 * program reading such a file back (cls import) drops a "'" that comes
 * before such a text. */
bool cls_csv_neutralised(const char *s);

/* Several contracts written one after the other as one document: the
 * listing of cls indicators or a table of cls export.  Made for one
 * query, fed each contract in turn with its rows, then ended, which
 * writes what closes the document (the list of contracts and the count in
 * JSON; the header of a CSV without rows; the whole of a sheet, ods or
 * xlsx, which is a zip written at once).  Nothing is written before the
 * first rows or the end, so a caller that stops on an error leaves its
 * output empty.  Write errors are left in out (check ferror()).
 *
 * A sheet (CLS_FORMAT_ODS, CLS_FORMAT_XLSX) holds the table's rows in one
 * sheet of typed cells, as cls-export(1), SHEETS says: numbers are
 * numbers, amounts currency cells in euros, years integers, rates
 * percentages, every other cell text (an id such as "1.2.1" too), never a
 * formula; a bold header row, frozen; columns as wide as their cells.
 * Written with libzip, opened at the first need (dlopen()); the bytes
 * depend only on the rows. */
typedef struct cls_writer cls_writer;

/* Flags of the writers, besides CLS_RENDER_COLOR. */
#define CLS_RENDER_FOLDERS 0x2u /* text: name each contract's folder */

/* A writer of the listing of indicateurs asked by opts (borrowed: it must
 * outlive the writer), in fmt: text (French, 80 columns; with
 * opts->missing the list grouped by porteur, each with the contacts of its
 * référents), csv in dialect d (NULL: the default), json, or the table of
 * csv as a sheet (ods, xlsx).  Returns NULL with err filled (another
 * format, out of memory).  Caller frees with cls_writer_free(). */
cls_writer *cls_indicators_writer_new(const cls_indicators_options *opts,
    cls_format fmt, unsigned flags, const cls_csv_dialect *d, FILE *out,
    cls_error *err);

/* Writes the listing of contract c, rows (from cls_indicators_query() of
 * c with the writer's options); dossier is how its folder is shown (""
 * for the current folder, shown "./").  Give every contract of the run,
 * listed or not: the JSON names each one.  Returns 0, or -1 with err
 * filled (out of memory, a writer of another kind). */
int cls_writer_indicators(cls_writer *w, const cls_contract *c,
    const char *dossier, const cls_indicator_rows *rows, cls_error *err);

/* A writer of the table asked by opts (borrowed) in fmt: CSV in dialect
 * d (NULL: the default), or a sheet, CLS_FORMAT_ODS or CLS_FORMAT_XLSX
 * (d unused).  Returns NULL with err filled (another format, out of
 * memory).  Caller frees with cls_writer_free(). */
cls_writer *cls_table_writer_new(const cls_table_options *opts, cls_format fmt,
    const cls_csv_dialect *d, FILE *out, cls_error *err);

/* Writes the rows (from cls_table_query() of c with the writer's
 * options) of contract c.  Returns 0, or -1 with err filled. */
int cls_writer_table(cls_writer *w, const cls_contract *c,
    const cls_table_rows *rows, cls_error *err);

/* A contract's part of the document, as bytes, so that a program can keep
 * each contract's part (cls_contract_keep()) and build again only those of
 * the contracts that changed.  A text or CSV writer told to keep parts
 * (cls_writer_sections(), which returns false for a format that has none:
 * JSON, sheets) keeps what it wrote of the last contract given, lent by
 * cls_writer_section() until the next (NULL before the first, after a
 * failed write and after cls_writer_again()).  A writer of the same
 * format, options, flags and dialect writes such a part again with
 * cls_writer_again() in the place of that contract's rows: the document is
 * the same.  Returns 0, or -1 with err filled (not a part of a writer of
 * this kind, out of memory). */
bool cls_writer_sections(cls_writer *w);
const void *cls_writer_section(const cls_writer *w, size_t *len);
int cls_writer_again(
    cls_writer *w, const void *part, size_t len, cls_error *err);

/* Ends the document.  Returns 0, or -1 with err filled (out of memory
 * while writing: the caller then discards what was written). */
int cls_writer_end(cls_writer *w, cls_error *err);
/* NULL is a no-op. */
void cls_writer_free(cls_writer *w);

/* Diagnostics written as cls validate writes them (cls-validate(1),
 * FORMATS): CLS_FORMAT_TEXT (GCC style, one line each, then a summary, in
 * the language of messages), CLS_FORMAT_JSON, CLS_FORMAT_GITHUB or
 * CLS_FORMAT_SARIF.  A stream, so that a program checking many contracts
 * holds one at a time: cls_diags_begin(), cls_diags_add() for each
 * diagnostic to show, of as many contracts as wanted, cls_diags_end().
 * Nothing is written before the first diagnostic or the end, so a run
 * that fails before either leaves out untouched.  Write errors are left
 * in out (check ferror()). */
typedef struct cls_diags_writer cls_diags_writer;

/* Starts writing to out in fmt; flags: CLS_RENDER_COLOR (text only).
 * Returns NULL with err filled when fmt is not one of the four or out of
 * memory.  Caller ends with cls_diags_end(). */
cls_diags_writer *cls_diags_begin(
    cls_format fmt, unsigned flags, FILE *out, cls_error *err);
/* Writes d, its file shown after prefix: how the folder of its contract is
 * shown ("" or NULL, "examples/pays-des-vans/"). */
void cls_diags_add(cls_diags_writer *w, const cls_diag *d, const char *prefix);
/* How many diagnostics of severity s were written so far. */
size_t cls_diags_count(const cls_diags_writer *w, cls_severity s);
/* Ends the output (the summary of the text format, the closing of the
 * JSON and SARIF documents), files being the number of files checked, and
 * frees w.  Returns 0, or -1 with err filled when out of memory (the
 * output is then incomplete: discard it).  NULL is a no-op. */
int cls_diags_end(cls_diags_writer *w, size_t files, cls_error *err);
/* Frees w without ending the output: for a run that fails before its end.
 * NULL is a no-op. */
void cls_diags_free(cls_diags_writer *w);

/* Writes one diagnostic in the text format, as cls_diags_add() does:
 * "prefixfile:line:column: error: message [rule]" and a line feed. */
void cls_diag_print(
    FILE *out, const cls_diag *d, const char *prefix, unsigned flags);

/* ------------------------------------------------------------------ cache */

/* The default cache directory: $CLS_CACHE_DIR, else $XDG_CACHE_HOME/cls,
 * else $HOME/.cache/cls.  Returns NULL when none can be named.  Caller frees
 * with free(). */
char *cls_cache_default_dir(void);

/* Opens (creating, or rebuilding when corrupt or of another version) the
 * cache database in dir, to be shared by every cls_contract_load() of the
 * process.  Returns NULL when no cache can be used there (unwritable, not a
 * folder): the caller then loads without one.  Caller frees with
 * cls_cache_close(). */
cls_cache *cls_cache_open(const char *dir);

/* Closes the cache, committing what it holds.  NULL is a no-op. */
void cls_cache_close(cls_cache *c);

/* With on, lets the loads that follow commit their rows together, a few
 * MiB at a time: for a program that loads many contracts in a row (filling
 * the cache for 500 contracts then writes a third as many bytes).  Rows
 * still pending are committed by cls_cache_batch(c, false) or
 * cls_cache_close(); until then other processes do not see them, and find
 * the cache locked (they go on without filling it).  Off by default: each
 * load commits its rows before it returns. */
void cls_cache_batch(cls_cache *c, bool on);

/* A warning about the cache itself ("it was corrupt and has been rebuilt"),
 * or NULL.  It never means a result changed.  Borrowed: valid until
 * cls_cache_close(). */
const char *cls_cache_note(const cls_cache *c);

/* Deletes the cache files in dir, the memo's answers included.  Returns 0,
 * or -1 with err filled. */
int cls_cache_clear(const char *dir, cls_error *err);

/* ------------------------------------------------------------------- memo */

/* What a program over libcls wrote last time, kept in the cache folder,
 * so that running it again on unchanged contracts costs a look at their
 * files' identities instead of a load (cls report, export, indicators and
 * validate use it).  A stored answer is found when the caller's key (the
 * command and everything else its output depends on), the language of
 * messages and the identity of every file of its contracts (path, size,
 * mtime, ctime, inode) are those of the run that stored it; a file changed
 * less than two seconds before that run never lets it be found (its stat
 * might not show a second change).  The 64 latest answers are kept, up to
 * 256 MiB. */
typedef struct cls_memo cls_memo;

/* The parts of an answer. */
enum { CLS_MEMO_OUTPUT, CLS_MEMO_MESSAGES };

/* Finds the contract at or above each of starts[0..n) and lists and stats
 * its files (in parallel, CLS_THREADS), then looks for the answer in the
 * cache folder dir (cls_cache_default_dir()).  Returns NULL when no memo
 * can be used (dir NULL, a start in no contract, a folder that cannot be
 * read, a contract holding the journal of an import, out of memory): the
 * caller just runs, and its own load says what is wrong (or recovers the
 * import).  Caller frees with cls_memo_free(). */
cls_memo *cls_memo_open(const char *dir, const void *key, size_t keylen,
    const char *const *starts, size_t n);

/* Whether an answer was found; then *status is the status it was stored
 * with, and cls_memo_size() and cls_memo_copy() give its parts. */
bool cls_memo_found(const cls_memo *m, int *status);
size_t cls_memo_size(const cls_memo *m, int part);
/* Writes part to the file descriptor fd (in the kernel where it can: flush
 * what is buffered for fd first).  Returns 0, or -1 when the answer could
 * not be read or fd not written, errno set. */
int cls_memo_copy(cls_memo *m, int part, int fd);

/* Keeps the answer of a run that found none, under the identities listed
 * by cls_memo_open() (taken before the run: a file changed during it has
 * another identity now, so the answer cannot be mistaken for its), with
 * the caller's status.  Returns 0, or -1 when it was not kept (folder not
 * writable, answer over 256 MiB, a file too recent), which changes
 * nothing else. */
int cls_memo_put(cls_memo *m, int status, const void *out, size_t outlen,
    const void *msg, size_t msglen);

/* Frees m.  NULL is a no-op. */
void cls_memo_free(cls_memo *m);

#ifdef __cplusplus
}
#endif

#endif /* CLS_H */
