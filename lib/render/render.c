/* SPDX-License-Identifier: MIT */
/*
 * render.c - the formats the renderers write, by name and by file
 * extension, and the one call that renders a report in any of them.
 */
#include "render.h"

#include <string.h>
#include <strings.h>

static const char *const names[] = {"text", "markdown", "html", "json", "csv",
    "odt", "docx", "pdf", "github", "sarif", "ods", "xlsx"};

bool cls_format_parse(const char *name, cls_format *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (cls_format)i;
			return true;
		}
	return false;
}

const char *cls_format_name(cls_format f)
{
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "";
}

bool cls_format_of_path(const char *path, cls_format *out)
{
	static const struct {
		const char *ext;
		cls_format f;
	} exts[] = {
	    {".txt", CLS_FORMAT_TEXT},
	    {".md", CLS_FORMAT_MARKDOWN},
	    {".markdown", CLS_FORMAT_MARKDOWN},
	    {".html", CLS_FORMAT_HTML},
	    {".htm", CLS_FORMAT_HTML},
	    {".json", CLS_FORMAT_JSON},
	    {".csv", CLS_FORMAT_CSV},
	    {".odt", CLS_FORMAT_ODT},
	    {".docx", CLS_FORMAT_DOCX},
	    {".pdf", CLS_FORMAT_PDF},
	    {".ods", CLS_FORMAT_ODS},
	    {".xlsx", CLS_FORMAT_XLSX},
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	for (size_t i = 0; dot && i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcasecmp(dot, exts[i].ext) == 0) {
			*out = exts[i].f;
			return true;
		}
	return false;
}

int cls_report_render(const cls_report *r, cls_format fmt, unsigned flags,
    FILE *out, cls_error *err)
{
	static int (*const span[])(FILE *, const cls_report *)
	    = {NULL, clsi_render_span_markdown, clsi_render_span_html,
	        clsi_render_span_json};
	static int (*const region[])(FILE *, const cls_report *)
	    = {NULL, clsi_render_region_markdown, clsi_render_region_html,
	        clsi_render_region_json};
	cls_report_kind kind = cls_report_kind_of(r);
	bool color = flags & CLS_RENDER_COLOR;
	int rc = -1;
	bool doc = fmt == CLS_FORMAT_ODT || fmt == CLS_FORMAT_DOCX;
	if (fmt != CLS_FORMAT_TEXT && fmt != CLS_FORMAT_MARKDOWN
	    && fmt != CLS_FORMAT_HTML && fmt != CLS_FORMAT_JSON && !doc) {
		clsi_seterr(err,
		    _("a report cannot be written as %s: use "
		      "text, markdown, html, json, odt or docx"),
		    cls_format_name(fmt));
		return -1;
	}
	if (kind != CLS_REPORT_SYNTHESIS && !cls_report_span_of(r)) {
		clsi_seterr(err, _("the report holds no contract"));
		return -1;
	}
	if (doc && kind != CLS_REPORT_ANNUAL) {
		/* says why itself: libzip may be missing */
		return clsi_render_span_doc(out, r, fmt, err);
	} else if (kind == CLS_REPORT_SYNTHESIS) {
		rc = fmt == CLS_FORMAT_TEXT
		    ? clsi_render_region_text(out, r, color)
		    : region[fmt](out, r);
	} else if (kind == CLS_REPORT_EVALUATION) {
		rc = fmt == CLS_FORMAT_TEXT
		    ? clsi_render_span_text(out, r, color)
		    : span[fmt](out, r);
	} else {
		const cls_report_year *y
		    = cls_report_year_of(r, 0, cls_report_from(r));
		switch (fmt) {
		case CLS_FORMAT_TEXT:
			rc = clsi_render_report_text(out, y, color);
			break;
		case CLS_FORMAT_MARKDOWN:
			rc = clsi_render_report_markdown(out, y);
			break;
		case CLS_FORMAT_HTML:
			rc = clsi_render_report_html(out, y);
			break;
		case CLS_FORMAT_JSON:
			rc = clsi_render_report_json(out, y);
			break;
		default:
			/* says why itself: libzip may be missing */
			return clsi_render_report_doc(out, y, fmt, err);
		}
	}
	if (rc)
		clsi_seterr(err, _("out of memory"));
	return rc;
}
