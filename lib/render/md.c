/* SPDX-License-Identifier: MIT */
/*
 * md.c - what the Markdown renderers share (see render.h): text escaped
 * so that it reads as written, and pipe tables that pandoc reads with
 * their relative column widths.  Every text from the contract is made
 * safe for a terminal (cls_escape()), then escaped for Markdown so that it
 * reads as plain text.
 */
#include "render.h"

#include <string.h>

/* Writes s, made safe already, escaped for Markdown: see clsi_md_esc(). */
static void esc_markup(FILE *f, const char *s, bool inline_)
{
	bool bol = !inline_, space = false;
	if (!s)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') {
			const char *q = p;
			while (
			    *q == '\n' || *q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (!*q)
				break;
			if (inline_) {
				space = true;
			} else {
				fputs("\\\n", f);
				bol = true;
				space = false;
			}
			p = q - 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			space = !bol;
			continue;
		}
		if (space) {
			fputc(' ', f);
			space = false;
		}
		if (bol && (c == '-' || c == '+' || c == '=')) {
			fputc('\\', f);
		} else if (bol && c >= '0' && c <= '9') {
			/* "1." or "1)" would start an ordered list */
			const char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '.' || *q == ')') {
				fwrite(p, 1, (size_t)(q - p), f);
				fputc('\\', f);
				fputc(*q, f);
				p = q;
				bol = false;
				continue;
			}
		}
		bol = false;
		if (strchr("\\`*_[]<>|#~^$&@{}", c))
			fputc('\\', f);
		fputc(c, f);
	}
}

/* Writes s from the data: made safe for a terminal (cls_escape(), line
 * breaks kept for esc_markup() to lay out, or shown when one_line: a file
 * name), then escaped for Markdown, so that it reads as plain text. */
static void esc_text(FILE *f, const char *s, bool inline_, bool one_line)
{
	unsigned flags = one_line ? 0 : CLS_ESCAPE_LINES;
	if (!s || !s[clsi_esc_span(s, flags)]) {
		esc_markup(f, s, inline_);
		return;
	}
	cls_buf safe = {0};
	cls_escape(&safe, s, flags);
	esc_markup(f, safe.oom ? "?" : cls_buf_str(&safe), inline_);
	cls_buf_release(&safe);
}

void clsi_md_esc(FILE *f, const char *s, bool inline_)
{
	esc_text(f, s, inline_, false);
}

void clsi_md_esc_name(FILE *f, const char *s)
{
	esc_text(f, s, true, true);
}

/* A pipe table: the header, and the alignment row whose dash counts give
 * pandoc the relative widths of the columns. */
void clsi_md_table_head(FILE *f, const char *const *heads, const char *aligns,
    const int *widths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? " | " : "| ", f);
		clsi_md_esc(f, heads[i], true);
	}
	fputs(" |\n", f);
	for (size_t i = 0; i < n; i++) {
		fputc('|', f);
		fputc(aligns[i] == 'r' ? '-' : ':', f);
		for (int k = 0; k < widths[i]; k++)
			fputc('-', f);
		fputc(aligns[i] == 'r' ? ':' : '-', f);
	}
	fputs("|\n", f);
}

void clsi_md_table_row(FILE *f, const char *const *cells, size_t n, bool bold)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? " | " : "| ", f);
		const char *s = cells[i] && *cells[i] ? cells[i] : "—";
		if (bold)
			fputs("**", f);
		clsi_md_esc(f, s, true);
		if (bold)
			fputs("**", f);
	}
	fputs(" |\n", f);
}

void clsi_md_money_cell(cls_buf *b, const cls_report_money *m)
{
	cls_buf_reset(b);
	if (!m)
		cls_buf_add(b, "—");
	else if (m->known)
		clsi_fmt_money(b, m->montant, &clsi_seps_plain);
	else
		cls_buf_add(b, "non précisé");
}
