/* SPDX-License-Identifier: MIT */
/*
 * unit.h - what the unit tests of libcls share (tests/unit/): the CHECK
 * macro and its counts, a few helpers, and one entry per module's file.
 */
#ifndef CLS_UNIT_H
#define CLS_UNIT_H

#include "../../lib/render/render.h"
#include "../../lib/edit/edit.h"

#include <stdbool.h>

#define CHECK(cond) unit_check((cond), #cond, __FILE__, __LINE__)
void unit_check(int ok, const char *what, const char *file, int line);

/* Parses text as a fiche; returns the tree, diagnostics in *d. */
node *parse(arena *a, dsink *d, const char *text);
/* Whether fr has a diagnostic of rule at line and col (0: any). */
bool has_rule(const file_result *fr, const char *rule, int line, int col);
/* Writes text to dir/name; returns the path (static storage). */
const char *write_tmp(const char *dir, const char *name, const char *text);
/* Makes a contract in the folder mkdtemp() makes of dir: cls.yaml (periode
 * 2022 to fin, one axe "1") and an empty fiches/, whose path goes to sub. */
void new_contract(char *dir, int fin, char *sub, size_t subsz);

/* The tests of each module, one file each. */
void unit_yaml(void); /* yaml.c: scalar typing, positions, hostile input */
void unit_text(void); /* text.c: ids, UTF-8, suggestions, names */
void unit_model(void); /* model.c: the model, its rules and queries */
void unit_store(void); /* store.c: the cache and the memo */
void unit_edit(void); /* edit.c: values written into fiche text */
void unit_fmt(void); /* fmt.c: French numbers, money, targets */
void unit_report(void); /* report.c: the figures of the review */
void unit_txn(void); /* txn.c: files replaced all or nothing, recovered */
void unit_listing(void); /* listing.c: the rows of indicators and export */
void unit_csv(void); /* csv.c: CSV cells and the writers of listings */
void unit_sheet(void); /* sheet.c: sheets written, and read back */

/* The text of dir/rel (caller frees), or NULL; how many hidden entries
 * (temporaries, backups, journal, lock) a contract's folders hold. */
char *txn_slurp(const char *dir, const char *rel);
int txn_leftovers(const char *dir);

#endif
