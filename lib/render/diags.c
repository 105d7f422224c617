/* SPDX-License-Identifier: MIT */
/*
 * diags.c - diagnostics written for people and for CI, as cls validate
 * writes them (cls-validate(1), FORMATS): GCC-style text, JSON, GitHub
 * Actions workflow commands and SARIF 2.1.0, streamed one diagnostic at a
 * time so that a run over many contracts holds one in memory.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

struct cls_diags_writer {
	FILE *f;
	cls_format fmt;
	bool color;
	bool begun; /* the head of the document is written */
	size_t n; /* diagnostics written */
	size_t errors, warnings;
	cls_buf path, safe; /* reused for each diagnostic */
};

cls_diags_writer *cls_diags_begin(
    cls_format fmt, unsigned flags, FILE *out, cls_error *err)
{
	if (fmt != CLS_FORMAT_TEXT && fmt != CLS_FORMAT_JSON
	    && fmt != CLS_FORMAT_GITHUB && fmt != CLS_FORMAT_SARIF) {
		clsi_seterr(err,
		    _("diagnostics cannot be written as %s: use text, json, "
		      "github or sarif"),
		    cls_format_name(fmt));
		return NULL;
	}
	cls_diags_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		clsi_seterr(err, _("out of memory"));
		return NULL;
	}
	w->f = out;
	w->fmt = fmt;
	w->color = fmt == CLS_FORMAT_TEXT && (flags & CLS_RENDER_COLOR);
	return w;
}

/* The head of the document: nothing for text and github. */
static void head(cls_diags_writer *w)
{
	FILE *f = w->f;
	w->begun = true;
	if (w->fmt == CLS_FORMAT_JSON) {
		fprintf(f,
		    "{\n  \"tool\": \"cls\",\n  \"version\": \"%s\",\n"
		    "  \"diagnostics\": [",
		    CLS_VERSION);
	} else if (w->fmt == CLS_FORMAT_SARIF) {
		size_t nrules;
		const cls_rule *rules = cls_rules(&nrules);
		fprintf(f,
		    "{\n  \"$schema\": \"https://json.schemastore.org/"
		    "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
		    "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": "
		    "\"cls\", \"version\": \"%s\", \"informationUri\": "
		    "\"https://example.invalid/cls\",\n      \"rules\": [",
		    CLS_VERSION);
		for (size_t i = 0; i < nrules; i++) {
			fprintf(f, "%s\n        {\"id\": ", i ? "," : "");
			clsi_json_str(f, rules[i].id);
			fputs(", \"shortDescription\": {\"text\": ", f);
			clsi_json_str(f, _(rules[i].summary));
			fprintf(f,
			    "}, \"defaultConfiguration\": {\"level\": "
			    "\"%s\"}}",
			    rules[i].severity == CLS_ERROR         ? "error"
			        : rules[i].severity == CLS_WARNING ? "warning"
			                                           : "note");
		}
		fputs("]}},\n    \"columnKind\": \"unicodeCodePoints\",\n"
		      "    \"results\": [",
		    f);
	}
}

/* GitHub Actions escaping, after the text is made safe: data escapes
 * %, CR and LF (none is left but %); properties also : and ,. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			fputs(property ? "%3A" : ":", f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* A relative URI reference (RFC 3986): every byte but the unreserved
 * characters and the slashes between segments is percent-encoded, bytes
 * that are not UTF-8 included, so that any file name makes a valid URI. */
static void uri_escape(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
		    || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
	}
}

/* s made safe: s itself when it needs nothing (nearly always), else its
 * escaped copy in b ("?" when out of memory). */
static const char *safe(cls_buf *b, const char *s, bool *oom)
{
	if (!s)
		return "";
	if (!s[clsi_esc_span(s, 0)])
		return s;
	cls_buf_reset(b);
	cls_escape(b, s, 0);
	if (b->oom) {
		*oom = true;
		return "?";
	}
	return b->s ? b->s : "";
}

/* The prefix and the file, as one string in w->path. */
static const char *full_path(
    cls_diags_writer *w, const cls_diag *d, const char *prefix)
{
	cls_buf_reset(&w->path);
	cls_buf_add(&w->path, prefix ? prefix : "");
	cls_buf_add(&w->path, d->loc.file ? d->loc.file : "");
	return cls_buf_str(&w->path);
}

static void print_text(FILE *f, const cls_diag *d, const char *prefix,
    bool color, cls_buf *tmp, bool *oom)
{
	const bool err = d->severity == CLS_ERROR;
	const char *bold = color ? "\033[1m" : "",
	           *reset = color ? "\033[0m" : "",
	           *sev = color ? (err ? "\033[1;31m" : "\033[1;35m") : "";
	fputs(bold, f);
	fputs(safe(tmp, prefix, oom), f);
	fputs(safe(tmp, d->loc.file, oom), f);
	if (d->loc.line > 0)
		fprintf(f, ":%d:%d", d->loc.line, d->loc.column);
	/* TRANSLATORS: the severity of a diagnostic, after its location */
	const char *word = err ? _("error") : _("warning");
	fprintf(f, ":%s ", reset);
	const char *msg = safe(tmp, d->message, oom);
	cls_buf tmp2 = {0};
	/* TRANSLATORS: colour, severity, end of colour, message, rule id
	 * (after "file:line:column: "); keep the rule id in brackets */
	fprintf(f, _("%s%s:%s %s [%s]\n"), sev, word, reset, msg,
	    safe(&tmp2, d->rule, oom));
	cls_buf_release(&tmp2);
}

void cls_diag_print(
    FILE *f, const cls_diag *d, const char *prefix, unsigned flags)
{
	cls_buf tmp = {0};
	bool oom = false;
	print_text(f, d, prefix, flags & CLS_RENDER_COLOR, &tmp, &oom);
	cls_buf_release(&tmp);
}

void cls_diags_add(cls_diags_writer *w, const cls_diag *d, const char *prefix)
{
	FILE *f = w->f;
	const char *sev = d->severity == CLS_ERROR ? "error" : "warning";
	bool oom = false;
	if (!w->begun)
		head(w);
	switch (w->fmt) {
	case CLS_FORMAT_TEXT:
		print_text(f, d, prefix, w->color, &w->safe, &oom);
		break;
	case CLS_FORMAT_JSON:
		fprintf(f, "%s\n    {\"file\": ", w->n ? "," : "");
		clsi_json_str(f, full_path(w, d, prefix));
		fprintf(f,
		    ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
		    "\"rule\": ",
		    d->loc.line, d->loc.column, sev);
		clsi_json_str(f, d->rule);
		fputs(", \"message\": ", f);
		clsi_json_str(f, d->message);
		fputc('}', f);
		break;
	case CLS_FORMAT_GITHUB:
		fprintf(f, "::%s file=", sev);
		gh_escape(
		    f, safe(&w->safe, full_path(w, d, prefix), &oom), true);
		if (d->loc.line > 0)
			fprintf(
			    f, ",line=%d,col=%d", d->loc.line, d->loc.column);
		fputs(",title=", f);
		gh_escape(f, safe(&w->safe, d->rule, &oom), true);
		fputs("::", f);
		gh_escape(f, safe(&w->safe, d->message, &oom), false);
		fputc('\n', f);
		break;
	default: { /* CLS_FORMAT_SARIF */
		size_t nrules, idx = 0;
		const cls_rule *rules = cls_rules(&nrules);
		const cls_rule *r = d->rule ? cls_rule_find(d->rule) : NULL;
		if (r)
			idx = (size_t)(r - rules);
		fprintf(f, "%s\n      {\"ruleId\": ", w->n ? "," : "");
		clsi_json_str(f, d->rule);
		fprintf(f,
		    ", \"ruleIndex\": %zu, \"level\": \"%s\", "
		    "\"message\": {\"text\": ",
		    idx, sev);
		clsi_json_str(f, d->message);
		fputs("},\n       \"locations\": [{\"physicalLocation\": "
		      "{\"artifactLocation\": {\"uri\": \"",
		    f);
		uri_escape(f, full_path(w, d, prefix));
		fputs("\", \"uriBaseId\": \"%SRCROOT%\"}", f);
		if (d->loc.line > 0)
			fprintf(f,
			    ", \"region\": {\"startLine\": %d, "
			    "\"startColumn\": %d}",
			    d->loc.line, d->loc.column);
		fputs("}}]}", f);
		break;
	}
	}
	w->n++;
	if (d->severity == CLS_ERROR)
		w->errors++;
	else
		w->warnings++;
	if (oom || w->path.oom)
		w->safe.oom = true; /* said by cls_diags_end() */
}

size_t cls_diags_count(const cls_diags_writer *w, cls_severity s)
{
	return s == CLS_ERROR ? w->errors : w->warnings;
}

int cls_diags_end(cls_diags_writer *w, size_t files, cls_error *err)
{
	if (!w)
		return 0;
	FILE *f = w->f;
	if (!w->begun)
		head(w);
	switch (w->fmt) {
	case CLS_FORMAT_TEXT:
		if (w->errors || w->warnings) {
			char e[64], wn[64], fl[64];
			snprintf(e, sizeof(e),
			    P_("%zu error", "%zu errors", w->errors),
			    w->errors);
			snprintf(wn, sizeof(wn),
			    P_("%zu warning", "%zu warnings", w->warnings),
			    w->warnings);
			snprintf(fl, sizeof(fl),
			    P_("%zu file", "%zu files", files), files);
			/* TRANSLATORS: "2 errors, 1 warning in 3 files" */
			fprintf(f, _("%s, %s in %s\n"), e, wn, fl);
		} else {
			fprintf(f,
			    P_("%zu file checked: no problem found\n",
			        "%zu files checked: no problem found\n", files),
			    files);
		}
		break;
	case CLS_FORMAT_JSON:
		fprintf(f,
		    "%s],\n  \"files\": %zu,\n  \"errors\": %zu,\n"
		    "  \"warnings\": %zu\n}\n",
		    w->n ? "\n  " : "", files, w->errors, w->warnings);
		break;
	case CLS_FORMAT_SARIF:
		fprintf(f, "%s]\n  }]\n}\n", w->n ? "\n    " : "");
		break;
	default:
		break;
	}
	int rc = w->safe.oom || w->path.oom ? -1 : 0;
	if (rc)
		clsi_seterr(err, _("out of memory"));
	cls_diags_free(w);
	return rc;
}

void cls_diags_free(cls_diags_writer *w)
{
	if (!w)
		return;
	cls_buf_release(&w->path);
	cls_buf_release(&w->safe);
	free(w);
}
