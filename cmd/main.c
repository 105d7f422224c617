/*
 * main.c - the cls program: global options, the table of subcommands, and
 * help generated from that table.
 */
#include "cmd.h"
#include "csv.h"

#include "paths.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

static int cmd_help(const globals *g, int argc, char **argv);

const command commands[] = {
    {"validate", cmd_validate,
        "validate [--strict] [--format=text|json|github|sarif] [PATH...]",
        N_("check the contract against the file format"),
        N_("  --strict          exit 1 on warnings too\n"
           "  --format=FORMAT   text (default), json, github or sarif\n"
           "  PATH...           contract folders or fiche files (default:\n"
           "                    the contract at or above the current "
           "folder)\n")},
    {"report", cmd_report,
        "report YEAR|FROM-TO [--format=text|markdown|html|json|odt|docx|pdf] "
        "[-o FILE] [DIR...]",
        N_("the annual review, the evaluation over years, or a synthesis"),
        N_("  YEAR              the annual review (bilan annuel) of YEAR\n"
           "  FROM-TO           the evaluation over the years FROM to TO\n"
           "                    (2022-2024: mid-term; the whole periode)\n"
           "  --format=FORMAT   text (default), markdown, html, json, odt,\n"
           "                    docx or pdf (through LibreOffice); inferred\n"
           "                    from the -o extension when absent (odt,\n"
           "                    docx, pdf: the annual review only)\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            the synthesis of these contracts (default:\n"
           "                    the review of the contract at or above the\n"
           "                    current folder)\n")},
    {"export", cmd_export,
        "export TABLE [--year=Y] [--financeur=NAME] "
        "[--format=csv|ods|xlsx] [--excel] [--sep=C] [--bom] [-o FILE] "
        "[DIR...]",
        N_("a table (fiches, indicateurs, financements, suivi) as CSV or "
           "sheet"),
        N_("  TABLE             fiches, indicateurs, financements or suivi\n"
           "  --year=Y          only the rows of year Y\n"
           "  --financeur=NAME  only what NAME finances: its sigle or its\n"
           "                    name (case and accents do not matter)\n"
           "  --format=FORMAT   csv (default), ods or xlsx (a sheet of typed\n"
           "                    cells); inferred from the -o extension\n"
           "  --excel           French Excel: ';', decimal comma, UTF-8 BOM, "
           "CRLF\n"
           "  --sep=C           separator: ',' (default), ';', tab (\\t) or "
           "'|'\n"
           "  --bom             start the file with the UTF-8 BOM\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            contracts to export into one table (default:\n"
           "                    the contract at or above the current "
           "folder)\n")},
    {"import", cmd_import, "import [--dry-run] FILE",
        N_("write the yearly values of a CSV or a sheet into the fiches"),
        N_("  --dry-run         print what would change, write nothing\n"
           "  FILE              a CSV (- for stdin), .ods or .xlsx with the\n"
           "                    columns fiche, indicateur, annee and valeur,\n"
           "                    as cls indicators --missing writes them\n")},
    {"indicators", cmd_indicators,
        "indicators [--year=Y] [--fiche=ID] [--axe=ID] "
        "[--type=processus|resultat] [--theme=T] [--missing] "
        "[--format=text|csv|json|ods|xlsx] [--excel] [--sep=C] [--bom] "
        "[-o FILE] [DIR...]",
        N_("every indicateur with its cible, valeur and rate, per year"),
        N_("  --year=Y          only the year Y (a year of the periode)\n"
           "  --fiche=ID        only the indicateurs of that fiche\n"
           "  --axe=ID          only the fiches of that axe\n"
           "  --type=TYPE       processus or resultat\n"
           "  --theme=T         only the fiches with that theme (case and\n"
           "                    accents ignored)\n"
           "  --missing         only those lacking a value for Y (needs\n"
           "                    --year), grouped by porteur in text\n"
           "  --format=FORMAT   text (default), csv, json, ods or xlsx;\n"
           "                    inferred from the -o extension when absent\n"
           "  --excel           French Excel: ';', decimal comma, UTF-8 BOM, "
           "CRLF\n"
           "  --sep=C           separator: ',' (default), ';', tab (\\t) or "
           "'|'\n"
           "  --bom             start the file with the UTF-8 BOM\n"
           "  -o FILE           write to FILE atomically instead of stdout\n"
           "  DIR...            contracts to list (default: the contract at\n"
           "                    or above the current folder)\n")},
    {"cache", cmd_cache, "cache clear|path",
        N_("clear the cache, or print where it is"),
        N_("  clear             delete the cache files\n"
           "  path              print the cache folder\n")},
    {"init", cmd_init, "init [DIR]",
        N_("start a new contract in DIR (default: the current folder)"),
        N_("  DIR               the folder of the new contract, created if\n"
           "                    needed; nothing in it is ever replaced\n")},
    {"new", cmd_new, "new --axe ID [--objectif ID] TITLE",
        N_("add the next fiche action of an axe or objectif"),
        N_("  --axe ID          the axe of the fiche, an id of cls.yaml\n"
           "  --objectif ID     one of that axe's objectifs\n"
           "  TITLE             the titre of the fiche; the file is named\n"
           "                    after its id and this title\n")},
    {"schema", cmd_schema, "schema [contrat|fiche]",
        N_("print the JSON Schema of cls.yaml or of a fiche"),
        N_("  contrat           the schema of cls.yaml (the default)\n"
           "  fiche             the schema of a fiche action\n")},
    /* Hidden (no summary): for the shell completions, see cls(1). */
    {"complete", cmd_complete, "complete -- WORD...", NULL,
        N_("  WORD...           the words after cls, the last one being\n"
           "                    completed; prints the candidates\n")},
    {"help", cmd_help, "help [COMMAND]", N_("show the help of a command"), ""},
    {NULL, NULL, NULL, NULL, NULL},
};

const command *cmd_find(const char *name)
{
	for (const command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void global_usage(FILE *f)
{
	/* TRANSLATORS: the second line starts with as many spaces as the
	 * first has characters before "cls" */
	fprintf(f, _("usage: %s\n       %s\n"),
	    "cls [-C DIR] [--no-cache] [--color=auto|always|never] COMMAND "
	    "[ARGS...]",
	    "cls --help | --version | help COMMAND");
}

static void main_help(FILE *f)
{
	global_usage(f);
	fputs(_("\ncls reads and checks a Contrat Local de Santé kept as YAML "
	        "files.\n\ncommands:\n"),
	    f);
	for (const command *c = commands; c->name; c++)
		if (c->summary)
			fprintf(f, "  %-10s %s\n", c->name, _(c->summary));
	fputs(
	    _("\noptions:\n"
	      "  -C DIR            look for the contract from DIR, not the "
	      "current folder\n"
	      "  --no-cache        read every file, neither use nor fill the "
	      "cache\n"
	      "  --color=WHEN      auto (default), always or never\n"
	      "  --help, --version\n"
	      "\nexit status: 0 success, 1 the data has errors, 2 usage error "
	      "or failure.\nsee cls(1), cls-validate(1), cls-report(1), "
	      "cls-export(1), cls-format(5).\n"),
	    f);
}

/* Appends dir and a ":" to path (of size n) when dir is a man folder (it
 * has man1/) other than skip. */
static void add_mandir(char *path, size_t n, const char *dir, const char *skip)
{
	char man1[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	struct stat st;
	size_t len = strlen(path);
	if (snprintf(man1, sizeof(man1), "%s/man1", dir) >= (int)sizeof(man1)
	    || stat(man1, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if (skip && realpath(dir, a) && realpath(skip, b) && !strcmp(a, b))
		return;
	snprintf(path + len, n - len, "%s:", dir);
}

/* The language of the messages when LANGUAGE chose it and the locale does
 * not name it, so that man(1) would not see it: LANGUAGE=fr with no locale
 * set, or a locale that is not installed (cmd_i18n() then reads the
 * messages in C.UTF-8).  Else "", as for a name that is not plainly a
 * language tag. */
static const char *language_for_man(char *buf, size_t n)
{
	const char *lm = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	size_t len = language ? strcspn(language, ":") : 0;
	buf[0] = '\0';
	if (!lm || strncmp(lm, "C.", 2) != 0 || len == 0 || len >= n)
		return buf;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)language[i])
		    && !strchr("_@.-", language[i]))
			return buf;
	memcpy(buf, language, len);
	buf[len] = '\0';
	return buf;
}

/* Shows cls-NAME(1) with man(1), as git help does.  The man folders, first
 * to last: build/man beside the uninstalled ./cls of a built source tree
 * (the pages and their translations, made by make), the folder make
 * install put the pages in, ../share/man from the binary (an installed
 * tree moved elsewhere, or staged with DESTDIR), then MANPATH, or man's
 * usual path.  man looks in each for the page in the language of the
 * locale (fr/man1/ before man1/), or of -L.  False when man is missing or
 * finds no page: the caller then prints the built-in help.  NAME is a
 * command of the table, so it is safe in a shell command. */
static bool show_man(const char *name)
{
	const char *old = getenv("MANPATH");
	size_t n
	    = 2 * PATH_MAX + strlen(CLS_MANDIR) + (old ? strlen(old) : 0) + 4;
	char *path = malloc(n), exe[PATH_MAX], dir[PATH_MAX];
	if (!path)
		return false;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = len > 0 ? (exe[len] = '\0', strrchr(exe, '/')) : NULL;
	if (slash)
		*slash = '\0';
	path[0] = '\0';
	if (slash && snprintf(dir, sizeof(dir), "%s/build/man", exe) < PATH_MAX)
		add_mandir(path, n, dir, NULL);
	snprintf(path + strlen(path), n - strlen(path), "%s:", CLS_MANDIR);
	if (slash
	    && snprintf(dir, sizeof(dir), "%s/../share/man", exe) < PATH_MAX)
		add_mandir(path, n, dir, CLS_MANDIR);
	/* A trailing ":" has man append its usual path. */
	snprintf(path + strlen(path), n - strlen(path), "%s", old ? old : "");
	bool set = setenv("MANPATH", path, 1) == 0;
	free(path);
	char lang[32], opt[40] = "", cmd[192];
	if (*language_for_man(lang, sizeof(lang)))
		snprintf(opt, sizeof(opt), "-L %s ", lang);
	snprintf(
	    cmd, sizeof(cmd), "man %s-w cls-%s >/dev/null 2>&1", opt, name);
	if (!set || system(cmd) != 0)
		return false;
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "man %scls-%s", opt, name);
	return system(cmd) == 0;
}

static int cmd_help(const globals *g, int argc, char **argv)
{
	(void)g;
	if (argc < 2) {
		main_help(stdout);
		return cmd_check_output(stdout, "stdout");
	}
	const command *c = cmd_find(argv[1]);
	if (!c)
		return cmd_fail(
		    _("no command \"%s\": see cls --help"), argv[1]);
	if (isatty(STDOUT_FILENO) && show_man(c->name))
		return EXIT_OK;
	cmd_usage(stdout, c);
	return cmd_check_output(stdout, "stdout");
}

int main(int argc, char **argv)
{
	globals g = {NULL, false, -1};
	int i = 1;
	cmd_i18n();
#ifdef M_TRIM_THRESHOLD
	/* Each contract's memory is freed before the next is loaded: keep it
	 * for the next instead of giving it back to the system and faulting
	 * it in again (a third of the system time over 500 contracts). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	/* Past the file size limit (ulimit -f) a write fails with EFBIG,
	 * which is reported, instead of a signal killing the run half-way. */
	signal(SIGXFSZ, SIG_IGN);
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0
		    || strcmp(argv[i], "-h") == 0) {
			main_help(stdout);
			return cmd_check_output(stdout, "stdout");
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("cls %s (file format %d)\n%s\n", CLS_VERSION,
			    CLS_FORMAT_VERSION, cls_version_info());
			return cmd_check_output(stdout, "stdout");
		} else if (strcmp(argv[i], "--no-cache") == 0) {
			g.no_cache = true;
		} else if (strcmp(argv[i], "-C") == 0) {
			if (++i >= argc) {
				fputs(_("cls: -C needs a folder\n"), stderr);
				global_usage(stderr);
				return EXIT_FAIL;
			}
			g.dir = argv[i];
		} else if (strncmp(argv[i], "-C", 2) == 0) {
			g.dir = argv[i] + 2;
		} else if ((v = opt_value(argc, argv, &i, "--color"))) {
			if (strcmp(v, "auto") == 0)
				g.color = -1;
			else if (strcmp(v, "always") == 0)
				g.color = 1;
			else if (strcmp(v, "never") == 0)
				g.color = 0;
			else {
				cmd_msg(stderr,
				    _("cls: invalid --color \"%s\": use "
				      "auto, always or never\n"),
				    v);
				return EXIT_FAIL;
			}
		} else {
			cmd_msg(
			    stderr, _("cls: unknown option \"%s\"\n"), argv[i]);
			global_usage(stderr);
			return EXIT_FAIL;
		}
	}
	if (i >= argc) {
		global_usage(stderr);
		return EXIT_FAIL;
	}
	const command *c = cmd_find(argv[i]);
	if (!c) {
		cmd_msg(stderr,
		    _("cls: \"%s\" is not a command: see cls --help\n"),
		    argv[i]);
		return EXIT_FAIL;
	}
	for (int j = i + 1; j < argc; j++) {
		if (strcmp(argv[j], "--") == 0)
			break;
		if (strcmp(argv[j], "--help") == 0
		    || strcmp(argv[j], "-h") == 0) {
			cmd_usage(stdout, c);
			return cmd_check_output(stdout, "stdout");
		}
	}
	int rc = cmd_memo_end(c->run(&g, argc - i, argv + i));
	cmd_cleanup();
	return rc;
}
