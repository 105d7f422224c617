/* SPDX-License-Identifier: MIT */
/*
 * html.c - what the HTML renderers share (see render.h): escaping, the
 * style sheet (screen and print on A4) and the pieces of their pages.
 * The annual review's bytes depend on it: a change here changes every
 * HTML report.
 */
#include "render.h"

#include <string.h>

/* ------------------------------------------------------------ escaping */

void clsi_html_esc(FILE *f, const char *s, bool br)
{
	if (!s)
		return;
	size_t end = strlen(s);
	while (end && (s[end - 1] == '\n' || s[end - 1] == ' '))
		end--;
	for (size_t i = 0; i < end; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\n':
			fputs(br ? "<br>\n" : " ", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
}

void clsi_html(FILE *f, const char *s)
{
	clsi_html_esc(f, s, false);
}

/* An id attribute value: ids are tokens, but escape anyway. */
void clsi_html_id(FILE *f, const char *prefix, const char *id)
{
	fputs(prefix, f);
	for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p;
	     p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
		    || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
		    || *p == '.')
			fputc(*p, f);
		else
			fprintf(f, "_%02x", *p);
	}
}

const char *clsi_html_statut_class(cls_statut s)
{
	return s == CLS_STATUT_NONE ? "sans_suivi" : cls_statut_key(s);
}

/* ---------------------------------------------------------------- style */

const char *const clsi_html_style[] = {
    ":root{--encre:#1b2430;--doux:#5a6472;--trait:#d5dae1;--fond:#f4f6f9;"
    "--marine:#1d3a5f;--accent:#2a6cb0;--ok:#2e7d45;--ko:#c2541b;}\n",
    "*{box-sizing:border-box;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}\n",
    "html{font-size:15px}\n",
    "body{margin:0;color:var(--encre);background:#fff;font-family:"
    "Marianne,system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif;"
    "line-height:1.45}\n",
    ".page{max-width:60rem;margin:0 auto;padding:0 1.5rem 3rem}\n",
    "header.titre{background:var(--marine);color:#fff;padding:2rem 1.5rem "
    "1.6rem;margin:0 -1.5rem 1.5rem}\n",
    "header.titre .surtitre{margin:0;text-transform:uppercase;"
    "letter-spacing:.08em;font-size:.8rem;opacity:.85}\n",
    "header.titre h1{margin:.3rem 0 1rem;font-size:1.9rem;line-height:1.2}"
    "\n",
    "header.titre dl{display:flex;flex-wrap:wrap;gap:.4rem 2.2rem;"
    "margin:0}\n",
    "header.titre dt{font-size:.75rem;text-transform:uppercase;"
    "letter-spacing:.06em;opacity:.8}\n",
    "header.titre dd{margin:0;font-weight:600}\n",
    ".alerte{border:2px solid #b3261e;background:#fdecea;color:#6e1510;"
    "padding:.8rem 1rem;border-radius:6px;margin:1rem 0 1.5rem}\n",
    "h2{font-size:1.45rem;color:var(--marine);margin:2.4rem 0 .8rem;"
    "padding-bottom:.3rem;border-bottom:3px solid var(--marine);"
    "break-after:avoid}\n",
    "h2 .num,h3 .num,h4 .num{display:inline-block;background:var(--marine);"
    "color:#fff;border-radius:4px;padding:0 .45em;margin-right:.4em;"
    "font-size:.85em}\n",
    "h3 .num,h4 .num{background:var(--accent)}\n",
    "h3{font-size:1.2rem;margin:1.8rem 0 .6rem;color:var(--marine);"
    "break-after:avoid}\n",
    "h4{font-size:1.08rem;margin:1.4rem 0 .5rem;break-after:avoid}\n",
    "h5,h6{font-size:.95rem;margin:1rem 0 .4rem;color:var(--doux);"
    "text-transform:uppercase;letter-spacing:.04em;break-after:avoid}\n",
    "nav.sommaire{background:var(--fond);border-radius:6px;"
    "padding:.6rem 1.2rem;margin:1rem 0}\n",
    "nav.sommaire h2{border:0;font-size:1rem;margin:.4rem 0;padding:0}\n",
    "nav.sommaire ol{margin:.2rem 0 .4rem;padding-left:1.4rem}\n",
    "nav a{color:var(--accent)}\n",
    ".cartes{display:grid;grid-template-columns:repeat(4,1fr);gap:.8rem;"
    "margin:1rem 0 1.4rem}\n",
    ".carte{background:var(--fond);border-top:4px solid var(--accent);"
    "border-radius:6px;padding:.8rem 1rem;break-inside:avoid}\n",
    ".carte .chiffre{font-size:1.6rem;font-weight:700;margin:0;"
    "color:var(--marine);white-space:nowrap}\n",
    ".carte .legende{margin:.2rem 0 0;font-size:.85rem;color:var(--doux)}"
    "\n",
    ".grille{display:grid;grid-template-columns:3fr 2fr;gap:1.2rem;"
    "align-items:start}\n",
    "figure{margin:1rem 0;break-inside:avoid}\n",
    "figcaption{font-weight:600;margin-bottom:.4rem}\n",
    "svg{width:100%;height:auto;display:block}\n",
    "svg text{font-family:inherit;fill:var(--encre)}\n",
    "table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;"
    "font-size:.9rem;break-inside:avoid}\n",
    "caption{text-align:left;font-weight:600;padding:.3rem 0;"
    "caption-side:top}\n",
    "th,td{border-bottom:1px solid var(--trait);padding:.35rem .5rem;"
    "text-align:left;vertical-align:top}\n",
    "thead th{background:var(--fond);border-bottom:2px solid var(--doux);"
    "font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}\n",
    "tbody th{font-weight:normal}\n",
    "td.n,th.n{text-align:right;white-space:nowrap}\n",
    "tr.total th,tr.total td{font-weight:700;border-top:2px solid "
    "var(--doux)}\n",
    "tr.cumul th{padding-left:1.5rem;font-style:italic}\n",
    ".fiche{border:1px solid var(--trait);border-left:5px solid "
    "var(--accent);border-radius:6px;padding:.2rem 1.2rem .6rem;"
    "margin:1.2rem 0}\n",
    ".entete>h3,.entete>h4{margin-top:.9rem}\n",
    ".entete{break-inside:avoid}\n",
    ".fiche .sous{font-size:.9rem;font-weight:600;margin:.9rem 0 .3rem;"
    "color:var(--encre);text-transform:none;letter-spacing:0}\n",
    ".etat{display:flex;flex-wrap:wrap;align-items:center;gap:.6rem 1.4rem;"
    "margin:.4rem 0 .6rem}\n",
    ".badge{display:inline-block;border-radius:999px;padding:.1rem .7rem;"
    "font-size:.85rem;font-weight:600;border:1px solid transparent}\n",
    ".s-non_demarree{background:#eceef1;color:#3d434b;border-color:#b7bdc6}"
    "\n",
    ".s-en_cours{background:#e3eefa;color:#124a7a;border-color:#8db5de}\n",
    ".s-realisee{background:#e2f2e6;color:#1e5e2c;border-color:#8cc79c}\n",
    ".s-reportee{background:#fdf0d9;color:#7a4d00;border-color:#e5b45c}\n",
    ".s-abandonnee{background:#fbe3e0;color:#8e2317;border-color:#e39a90}"
    "\n",
    ".s-sans_suivi{background:#fff;color:#5a6069;border:1px dashed "
    "#8a8f98}\n",
    ".fiche.f-non_demarree{border-left-color:#8a8f98}\n",
    ".fiche.f-en_cours{border-left-color:#2a6cb0}\n",
    ".fiche.f-realisee{border-left-color:#2e7d45}\n",
    ".fiche.f-reportee{border-left-color:#d98c00}\n",
    ".fiche.f-abandonnee{border-left-color:#c0392b}\n",
    ".fiche.f-sans_suivi{border-left-color:#c8ccd2;border-left-style:"
    "dashed}\n",
    ".avancement{display:inline-flex;align-items:center;gap:.5rem}\n",
    ".barre{display:inline-block;width:8rem;height:.6rem;background:"
    "var(--trait);border-radius:999px;overflow:hidden}\n",
    ".barre span{display:block;height:100%;background:var(--accent)}\n",
    "dl.infos{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.15rem 1rem;margin:.4rem 0 .8rem;font-size:.92rem}\n",
    "dl.infos dt{color:var(--doux)}\n",
    "dl.infos dd{margin:0}\n",
    "dl.infos ul{margin:0;padding:0;list-style:none}\n",
    ".ok{color:var(--ok);font-weight:600}\n",
    ".ko{color:var(--ko);font-weight:600}\n",
    ".muet{color:var(--doux)}\n",
    "ul.qualitatifs{margin:.3rem 0 .8rem;padding-left:1.2rem}\n",
    "ul.qualitatifs li{margin:.2rem 0}\n",
    ".commentaire{border-left:3px solid var(--trait);margin:.4rem 0 .6rem;"
    "padding:.1rem 0 .1rem 1rem;color:#2c3643;font-style:italic}\n",
    "footer{margin-top:3rem;padding-top:.6rem;border-top:1px solid "
    "var(--trait);font-size:.8rem;color:var(--doux)}\n",
    "code{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,"
    "monospace;font-size:.85em}\n",
    "@media screen and (max-width:48rem){"
    ".cartes{grid-template-columns:repeat(2,1fr)}"
    ".grille{grid-template-columns:1fr}}\n",
    "@page{size:A4;margin:15mm 14mm 16mm}\n",
    "@page{@bottom-right{content:counter(page) \" / \" counter(pages);"
    "font-size:8pt;color:#5a6472}}\n",
    "@media print{html{font-size:10pt}.page{max-width:none;padding:0}"
    "header.titre{margin:0 0 1rem;border-radius:0}"
    "nav a{color:inherit;"
    "text-decoration:none}"
    ".fiche{break-inside:auto}tr,figure,.carte,dl.infos{break-inside:"
    "avoid}thead{display:table-header-group}"
    "h2,h3,h4,h5,caption{break-after:avoid;break-inside:avoid}}\n",
    NULL,
};

/* ---------------------------------------------------------- pieces */

void clsi_html_money_cell(FILE *f, cls_buf *b, const cls_report_money *m)
{
	cls_buf_reset(b);
	if (!m)
		fputs("<td class=\"n muet\">—</td>", f);
	else if (m->known) {
		clsi_fmt_money(b, m->montant, &clsi_seps_html);
		fprintf(f, "<td class=\"n\">%s</td>", cls_buf_str(b));
	} else {
		fputs("<td class=\"n muet\">non précisé</td>", f);
	}
}

/* One summary card: its figure and the legend that says what it means
 * (both plain text made by the report, nothing to escape). */
void clsi_html_card(FILE *f, const char *chiffre, const char *legende)
{
	fprintf(f,
	    "<div class=\"carte\"><p class=\"chiffre\">%s</p>"
	    "<p class=\"legende\">%s</p></div>\n",
	    chiffre, legende);
}

/* <section class="axe" id="axe-1"><h2><span class="num">Axe 1</span>
 * titre</h2>, and the same for an objectif one level down. */
void clsi_html_section_open(FILE *f, const char *kind, const char *label,
    const char *id, const char *titre, int level)
{
	fprintf(f, "<section class=\"%s\" id=\"", kind);
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "%s-", kind);
	clsi_html_id(f, prefix, id);
	fprintf(f, "\">\n<h%d><span class=\"num\">%s ", level, label);
	clsi_html(f, id);
	fputs("</span>", f);
	clsi_html(f, titre);
	fprintf(f, "</h%d>\n", level);
}

void clsi_html_warnings(FILE *f, const cls_report_year *r)
{
	fprintf(
	    f, "<h3>Avertissements de validation : %zu</h3>\n", r->warnings);
	if (!r->warnings) {
		fputs("<p>Aucun.</p>\n", f);
		return;
	}
	fputs("<table>\n<caption>Avertissements de validation"
	      "</caption>\n<thead><tr><th scope=\"col\">Emplacement</th>"
	      "<th scope=\"col\">Message</th><th scope=\"col\">Règle"
	      "</th></tr></thead>\n<tbody>\n",
	    f);
	for (size_t i = 0; i < r->ndiags; i++) {
		const cls_diag *d = &r->diags[i];
		if (d->severity != CLS_WARNING)
			continue;
		fputs("<tr><th scope=\"row\"><code>", f);
		clsi_html(f, d->loc.file);
		if (d->loc.line > 0)
			fprintf(f, ":%d", d->loc.line);
		fputs("</code></th><td>", f);
		clsi_html(f, d->message);
		fputs("</td><td><code>", f);
		clsi_html(f, d->rule);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

void clsi_html_ind_cells(FILE *f, cls_buf *b, const cls_report_ind *ri)
{
	cls_buf_reset(b);
	if (ri->t.has_cible)
		clsi_fmt_cible(b, &ri->t.cible, &clsi_seps_html);
	fprintf(f, "<td class=\"n\">%s</td>",
	    ri->t.has_cible ? cls_buf_str(b) : "<span class=\"muet\">—</span>");
	cls_buf_reset(b);
	clsi_fmt_valeur(b, ri, &clsi_seps_html);
	fputs("<td class=\"n\">", f);
	if (ri->t.valeur)
		clsi_html(f, cls_buf_str(b));
	else
		fputs("<span class=\"muet\">—</span>", f);
	fputs("</td>", f);
	cls_buf_reset(b);
	clsi_fmt_result(b, ri, &clsi_seps_html);
	fprintf(f, "<td class=\"%s\">%s</td>",
	    ri->t.atteint == 1       ? "ok"
	        : ri->t.atteint == 0 ? "ko"
	                             : "muet",
	    b->len ? cls_buf_str(b) : "—");
}
