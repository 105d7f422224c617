/* SPDX-License-Identifier: MIT */
/*
 * model.h - reading a contract (yaml.c, shape.c, model.c, contract.c): a
 * file's text to a positioned node tree, checked against the table of
 * keys, then the trees of every file to the model, with the checks that
 * need the whole contract.  Internal.
 */
#ifndef CLS_MODEL_H
#define CLS_MODEL_H

#include "../store/store.h"

/* Reads nothing: parses and shape-checks buf (which may be hostile) into fr,
 * allocating from a.  Returns 0, or -1 when out of memory. */
int clsi_file_analyse(arena *a, doc_kind kind, const char *file,
    const unsigned char *buf, size_t len, file_result *fr);

/* Parses YAML text into a node tree (see yaml.c).  Problems go to d. */
node *clsi_yaml_parse(
    arena *a, dsink *d, const char *file, const char *buf, size_t len);
/* The same, and *whole tells whether libyaml read buf to its end: every
 * byte of it then was valid UTF-8 (libyaml's reader checks each, and
 * refuses more than clsi_utf8_check() does). */
node *clsi_yaml_parse_whole(arena *a, dsink *d, const char *file,
    const char *buf, size_t len, bool *whole);

/* Checks a document against the table of keys and types (see shape.c),
 * marking bad nodes and reporting to d. */
void clsi_shape_check(dsink *d, const char *file, doc_kind kind, node *root);

/* Writes the key table as "<doc> <path> <required|optional>[ <enum>]"
 * lines, sorted, for the test that proves the schemas agree (shape.c).
 * Caller frees with free(). */
char *clsi_shape_dump(void);

/* Types a plain scalar by the YAML 1.2 core schema: sets n->kind (left as
 * N_STR when it is none of null, bool, int, float) and n->num from n->text. */
void clsi_yaml_type_plain(node *n);

/* Typed scalar readers shared by shape.c and model.c. */
bool clsi_node_is_scalar(const node *n);
bool clsi_node_year(const node *n, int *year);
bool clsi_date_valid(const char *s, int *year); /* YYYY-MM-DD */
bool clsi_caldate_valid(
    const node *n, int *year); /* YYYY, YYYY-MM, YYYY-MM-DD */
/* Whether a cible mapping is a map from year to target (any key a year; the
 * other keys are then faults) rather than a range {min:, max:}.  The one
 * place that decides, for the check and the model alike. */
bool clsi_cible_is_yearmap(const node *c);

/* What a text written where a number is expected may have meant
 * (shape.c): a number in quotes ("18000"), written the French way ("18
 * 000", "12,5", "18 000 €"), with a percent sign ("50 %") or with its
 * unit ("20 ateliers"). */
enum {
	CLSI_NH_NONE,
	CLSI_NH_QUOTED,
	CLSI_NH_PLAIN,
	CLSI_NH_PERCENT,
	CLSI_NH_UNIT
};
/* Whether the text of n reads as a number meant: *kind gets which of the
 * above, num the number as the format writes it ("12.5"), unit the word
 * after it. */
bool clsi_number_hint(const node *n, char *num, size_t numsz, char *unit,
    size_t unitsz, int *kind);

/* ---------------------------------------------------------- financeurs */

/* The longest key a financeur name is compared by (longer ones are cut). */
#define CLSI_KEY_MAX 256
/* Writes to out the key of a financeur's name: folded (clsi_name_fold())
 * and a known sigle, alone or as the first word, read as the name it
 * stands for (rules.c).  Two names with the same key are one financeur.
 * Returns its length. */
size_t clsi_financeur_key(const char *name, char *out, size_t n);
/* Whether e is named key (a clsi_financeur_key()) by its nom, sigle or one
 * of autres_noms. */
bool clsi_financeur_names(const cls_financeur *e, const char *key);

/* ------------------------------------------------------- model assembly */

/* Builds the model from the checked trees and runs the checks that need the
 * whole contract.  files[0] is cls.yaml. */
int clsi_model_build(
    arena *a, dsink *d, file_result *files, size_t nfiles, cls_plan *plan);

/* Loads a contract from files held in memory, as cls_contract_load() would
 * without a cache: files[0] is cls.yaml (bufs[i] of lens[i] bytes, which may
 * be hostile).  For the fuzzers and the tests.  Returns NULL when out of
 * memory, with err filled.  Caller frees with cls_contract_free(). */
cls_contract *clsi_contract_load_memory(const char *const *files,
    const unsigned char *const *bufs, const size_t *lens, size_t n,
    cls_error *err);

#endif /* CLS_MODEL_H */
