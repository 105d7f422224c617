# SPDX-License-Identifier: MIT
# cls - a plain Makefile.  `make` builds ./cls; `make check` runs every test
# (also under ASan/UBSan); `make install` honours PREFIX and DESTDIR.

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/cls
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
LOCALEDIR ?= $(PREFIX)/share/locale
DOCDIR ?= $(PREFIX)/share/doc/cls
CFLAGS ?= -O2 -g
WERROR ?= -Werror

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith \
       -Wundef -Wwrite-strings -Wold-style-definition $(WERROR)
# expat parses the XML of the sheets cls import reads back
# (lib/base/sheet.c).
DEPS = yaml-0.1 sqlite3 expat
# libzip writes the containers of the office documents and the sheets
# (lib/render/zip.c) and reads the sheets back (lib/base/sheet.c).  Only
# its header is used at build time: libcls opens libzip.so with dlopen()
# when it handles a container, because Debian ships no static libzip and
# linking the shared one (which brings libcrypto) would cost every run of
# cls 1.2 ms at start-up, a third of a warm report (see
# lib/base/libzip.c).  LIBZIP_SONAME names the library it opens, read
# from the one installed, whose ABI zip.h describes.
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) libzip 2>/dev/null)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null || echo -lyaml -lsqlite3 -lexpat) -lcsv -lm -pthread -ldl
LIBZIP_SONAME := $(shell objdump -p "$$($(CC) -print-file-name=libzip.so)" 2>/dev/null | sed -n 's/^ *SONAME *//p')
# The cls program takes libyaml, SQLite, libcsv and expat from their
# static archives, which their -dev packages ship: a warm run takes a few
# milliseconds, and mapping and relocating three shared libraries was a
# sixth of them.  LINK=shared (or archives not found) links them shared.
# libcls.so and cls.pc always name the shared ones.
LINK ?= static
HAVE_ARCHIVES := $(shell for a in libyaml.a libsqlite3.a libcsv.a libexpat.a; do \
    f=$$($(CC) -print-file-name=$$a); [ -f "$$f" ] || exit 0; done; echo yes)
ifeq ($(LINK)$(HAVE_ARCHIVES),staticyes)
CLS_LIBS := $(shell $(PKG_CONFIG) --libs-only-L $(DEPS) 2>/dev/null) \
    -Wl,-Bstatic -lyaml -lsqlite3 -lcsv -lexpat -Wl,-Bdynamic -lm -pthread -ldl
else
CLS_LIBS := $(DEPS_LIBS)
endif
ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             $(WARN) $(DEPS_CFLAGS) $(CPPFLAGS) $(CFLAGS)

# Messages in other languages: po/LANG.po, compiled by msgfmt into
# locale/LANG/LC_MESSAGES/cls.mo beside ./cls and each build's cls (where
# the uninstalled program finds them).  Without msgfmt, cls is built
# English only.  `make po` extracts the marked messages into po/cls.pot and
# merges them into every po/LANG.po.
LINGUAS = fr
MSGFMT ?= msgfmt
XGETTEXT ?= xgettext
MSGMERGE ?= msgmerge
HAVE_MSGFMT := $(shell command -v $(MSGFMT) 2>/dev/null)
ifneq ($(HAVE_MSGFMT),)
MO = $(LINGUAS:%=locale/%/LC_MESSAGES/cls.mo)
endif

# libcls is layered, one folder a layer, each using only those below it
# (tests/suite-layers.sh checks it): base (arena, text, hash, files),
# store (cache, memo), model (YAML, shape, model, contract, rules),
# query (the report, the listing of indicateurs, the tables of export),
# edit (values written into fiches), render (text, markdown, HTML, JSON,
# CSV, the office documents and the sheets).  The sheets cls import reads
# back are read in base (lib/base/sheet.c, with libzip.c): they know no
# model.
LAYERS = base store model query edit render
LIB_SRC = $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c))
CMD_SRC = $(wildcard cmd/*.c)
HDRS = $(wildcard lib/*.h lib/*/*.h cmd/*.h)
FUZZ = fuzz-contract fuzz-scalar fuzz-edit fuzz-xml fuzz-escape fuzz-sheet fuzz-csv

# Normal and sanitized builds live side by side: build/release, build/asan.
# `make VARIANT=asan variant` builds the sanitized cls and unit tests.
VARIANT ?= release
B := build/$(VARIANT)

all: cls man-fr

cls: $(B)/cls $(MO)
	cp $(B)/cls $@

variant: $(B)/cls $(B)/tests/unit $(addprefix $(B)/,$(MO)) \
    $(FUZZ:%=$(B)/tests/%)

ifeq ($(VARIANT),asan)
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=address,undefined
endif

# ThreadSanitizer, for the threads that read and parse a contract's files.
ifeq ($(VARIANT),tsan)
ALL_CFLAGS += -O1 -fsanitize=thread -fno-omit-frame-pointer
SAN_LDFLAGS = -fsanitize=thread
endif

LIB_OBJ = $(LIB_SRC:%.c=$(B)/%.o)
CMD_OBJ = $(CMD_SRC:%.c=$(B)/%.o)

# Each object depends on the headers it includes, as the compiler lists
# them (-MMD -MP); the generated headers are made first.
GEN_HDRS = $(B)/cache_sql.h $(B)/paths.h $(B)/embedded.h $(B)/build_id.h \
    $(B)/libzip_soname.h
$(B)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -I$(B) -c -o $@ $<

# The templates of cls init and cls new, and the JSON Schemas cls schema
# prints, are files; the program carries their bytes (tools/embed.sh).
EMBED = schema/cls.schema.json schema/fiche.schema.json $(wildcard templates/*)
$(B)/embedded.h: tools/embed.sh $(EMBED)
	@mkdir -p $(dir $@)
	sh tools/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

# Where make install puts the schemas, the man pages and the message
# catalogs: cls init writes the schemas' path in its modelines, cls help
# gives the pages to man(1), cls and libcls look for their catalogs there.
# Rewritten only when PREFIX (or DATADIR, MANDIR, LOCALEDIR) changes.
$(B)/paths.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define CLS_SCHEMADIR "%s"\n#define CLS_MANDIR "%s"\n#define CLS_BUILD_LOCALEDIR "%s"\n' \
	    '$(DATADIR)/schema' '$(MANDIR)' '$(LOCALEDIR)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi


# The soname of the libzip that zip.c opens (libzip.so.4 on Debian 12);
# rewritten only when it changes.
$(B)/libzip_soname.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define CLS_LIBZIP_SONAME "%s"\n' '$(or $(LIBZIP_SONAME),libzip.so)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# The identity of this build, part of the key of every memoised run
# (cmd/memo.c): a hash of everything the output of a command depends on.
MEMO_INPUTS = $(LIB_SRC) $(CMD_SRC) $(HDRS) $(EMBED) schema/cache.sql \
	$(wildcard po/*.po)
$(B)/build_id.h: $(MEMO_INPUTS)
	@mkdir -p $(dir $@)
	@printf '#define CLS_BUILD_ID "%s"\n' \
	    "$$(cat $(sort $(MEMO_INPUTS)) | cksum | tr ' ' -)" > $@
FORCE:

# The cache's schema lives in schema/cache.sql; the code embeds it.
$(B)/cache_sql.h: schema/cache.sql
	@mkdir -p $(dir $@)
	{ echo '#define CACHE_SQL \'; sed -e 's/--.*//' -e '/^ *$$/d' \
	    -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n" \\/' $<; \
	  echo '""'; } > $@

$(B)/libcls.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The shared library: position-independent objects of their own, only the
# cls_ functions exported (lib/libcls.map), a soname that changes with the
# major version, linked with the shared libyaml, SQLite and libcsv (the
# CSV writer, lib/render/csv.c).
VERSION := $(shell sed -n 's/^\#define CLS_VERSION "\(.*\)"/\1/p' lib/cls.h)
SOMAJOR = $(firstword $(subst ., ,$(VERSION)))
LIB_PIC_OBJ = $(LIB_SRC:%.c=$(B)/pic/%.o)

$(B)/pic/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -fPIC -I$(B) -c -o $@ $<

$(B)/libcls.so: $(LIB_PIC_OBJ) lib/libcls.map
	$(CC) -shared -Wl,-soname,libcls.so.$(SOMAJOR) \
	    -Wl,--version-script=lib/libcls.map -Wl,--as-needed $(LDFLAGS) \
	    -o $@ $(LIB_PIC_OBJ) $(DEPS_LIBS)

# pkg-config's description of the installed library.
$(B)/cls.pc: lib/cls.pc.in lib/cls.h FORCE
	@mkdir -p $(dir $@)
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/cls.pc.in > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# What make install puts besides the program.
library: $(B)/libcls.a $(B)/libcls.so $(B)/cls.pc

$(B)/cls: $(CMD_OBJ) $(B)/libcls.a
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $(CMD_OBJ) $(B)/libcls.a $(CLS_LIBS)

# The unit tests, one file per module of libcls (tests/unit/unit.h).
# Their objects go to $(B)/unit-obj/, beside the program $(B)/tests/unit.
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(B)/unit-obj/%.o)
$(B)/unit-obj/%.o: tests/unit/%.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -I$(B) -c -o $@ $<
$(B)/tests/unit: $(UNIT_OBJ) $(B)/libcls.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $(UNIT_OBJ) $(B)/libcls.a \
	    $(DEPS_LIBS)

locale/%/LC_MESSAGES/cls.mo: po/%.po
	@mkdir -p $(dir $@)
	$(MSGFMT) --check -o $@ $<

$(B)/locale/%/LC_MESSAGES/cls.mo: po/%.po
	@mkdir -p $(dir $@)
	$(MSGFMT) --check -o $@ $<

# The template is made reproducible (no creation date, file names without
# line numbers) so that it changes only when the messages do.
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=P_:1,2 --add-comments=TRANSLATORS: --add-location=file \
    --sort-by-file --package-name=cls --package-version=$(VERSION) \
    --msgid-bugs-address=https://example.invalid/cls --copyright-holder=

po:
	$(XGETTEXT) $(XGETTEXT_FLAGS) -o po/cls.pot.tmp $(sort $(LIB_SRC) $(CMD_SRC) $(HDRS))
	sed '/^"POT-Creation-Date:/d' po/cls.pot.tmp > po/cls.pot && rm -f po/cls.pot.tmp
	for l in $(LINGUAS); do \
	    $(MSGMERGE) --quiet --update --backup=none --add-location=file \
	        --sort-by-file po/$$l.po po/cls.pot || exit 1; done

# The man pages in other languages, translated with po4a from those of
# man/: po/man/po4a.cfg names the pages, po/man/LANG.po holds the
# translations of their paragraphs, and tools/man-fixup.awk finishes what
# po4a writes.  They are made in build/man/LANG/manN/, beside copies of the
# English pages in build/man/manN/: the man folder the uninstalled ./cls
# shows its pages from (cls help).  Without po4a only the English pages
# are made and installed.  A translation that lags behind the English page
# still makes a page, its new paragraphs in English; tests/suite-man-fr.sh
# fails until they are translated.  `make po-man` extracts the paragraphs
# of the English pages into po/man/cls-man.pot and merges them into every
# po/man/LANG.po.
MAN_LINGUAS = fr
PO4A ?= po4a
HAVE_PO4A := $(shell command -v $(PO4A) 2>/dev/null)
MAN_PAGES = $(wildcard man/*.1 man/*.5)
# The pages po4a translates, those po/man/po4a.cfg lists: a page it does
# not list yet is installed in English only (and the test says so).
MAN_L10N_PAGES := $(shell sed -n 's/^\[type: *man\] \([^ ]*\) .*/\1/p' po/man/po4a.cfg)
# build/man/$(1)manN/PAGE for every page man/PAGE of section N in $(2)
man_built = $(foreach p,$(2),build/man/$(1)man$(subst .,,$(suffix $(p)))/$(notdir $(p)))
MAN_EN = $(call man_built,,$(MAN_PAGES))
ifneq ($(HAVE_PO4A),)
MAN_L10N = $(foreach l,$(MAN_LINGUAS),$(call man_built,$(l)/,$(MAN_L10N_PAGES)))
endif

man-fr: $(MAN_EN) $(MAN_L10N)

build/man/man1/%: man/%
	@mkdir -p $(dir $@)
	cp $< $@
build/man/man5/%: man/%
	@mkdir -p $(dir $@)
	cp $< $@

# One run of po4a writes every page of every language.
$(MAN_L10N) &: $(MAN_L10N_PAGES) $(MAN_LINGUAS:%=po/man/%.po) po/man/po4a.cfg \
    tools/man-fixup.awk
	$(PO4A) --no-update --force --keep 0 --quiet po/man/po4a.cfg
	@for p in $(MAN_L10N); do l=$${p#build/man/}; \
	    awk -v lang=$${l%%/*} -f tools/man-fixup.awk $$p > $$p.tmp && \
	    mv $$p.tmp $$p || exit 1; done

po-man:
	$(PO4A) --force --no-translations --package-version $(VERSION) \
	    po/man/po4a.cfg

# The fuzz harnesses (tests/fuzz/), built with a main() that replays the
# inputs kept in tests/fuzz/regress/ for `make check`.  They link libcls
# alone: the contract harness renders the reports of what it loads through
# the library, as any program would.

$(B)/tests/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(B)/libcls.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(filter %.o,$^) $(B)/libcls.a $(DEPS_LIBS)

# `make fuzz` builds them with clang and libFuzzer (build/fuzz) and runs
# each for FUZZ_SECONDS, from a corpus seeded with the examples and the
# test cases; see tests/fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

# Installs the Debian packages the build and the tests need (as root), or
# prints the command to run.
deps:
	@sh tests/deps.sh

# Every test on the release and the ASan/UBSan builds, then the cases, the
# unit tests and the fuzz regressions again under valgrind (memory errors
# and definite leaks fail).  CHECK_VALGRIND=no skips that last pass.
check: cls
	@$(MAKE) --no-print-directory VARIANT=release variant
	@$(MAKE) --no-print-directory VARIANT=asan variant
	@sh tests/run.sh build/release build/asan
	@if [ "$(CHECK_VALGRIND)" != no ]; then echo "valgrind:"; \
	    CLS_VALGRIND=1 sh tests/run.sh build/release; fi

asan:
	@$(MAKE) --no-print-directory VARIANT=asan variant
	@sh tests/run.sh build/asan

# The cases under ThreadSanitizer, with more threads than cores.
tsan:
	@$(MAKE) --no-print-directory VARIANT=tsan variant
	@CLS_THREADS=4 sh tests/run.sh build/tsan

valgrind: cls
	@$(MAKE) --no-print-directory VARIANT=release variant
	@CLS_VALGRIND=1 sh tests/run.sh build/release

# The national-scale benchmark (bench/README.md): cls against libyaml's
# bare event parser (bench/floor.c) and a Python peer, every run timed by
# bench/spawn.c.  Not part of check.
$(B)/bench/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/floor.c $(DEPS_LIBS)

$(B)/bench/spawn: bench/spawn.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/spawn.c

bench: cls $(B)/bench/floor $(B)/bench/spawn
	@BENCH_SPAWN=$(B)/bench/spawn sh bench/bench.sh $(B)/cls $(B)/bench/floor

# Installs what $(B) holds, built for this PREFIX (make install PREFIX=...
# rebuilds what depends on it).
install: $(B)/cls $(B)/libcls.a $(B)/libcls.so $(B)/cls.pc $(MO) $(MAN_L10N)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/schema \
	    $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(B)/cls $(DESTDIR)$(BINDIR)/cls
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5
	install -m 644 schema/*.json schema/*.sql $(DESTDIR)$(DATADIR)/schema
	install -m 644 $(B)/libcls.a $(DESTDIR)$(LIBDIR)/libcls.a
	install -m 755 $(B)/libcls.so $(DESTDIR)$(LIBDIR)/libcls.so.$(VERSION)
	ln -sf libcls.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libcls.so.$(SOMAJOR)
	ln -sf libcls.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libcls.so
	install -m 644 lib/cls.h $(DESTDIR)$(INCLUDEDIR)/cls.h
	install -m 644 $(B)/cls.pc $(DESTDIR)$(PKGCONFIGDIR)/cls.pc
	install -m 644 completions/cls.bash $(DESTDIR)$(BASHCOMPDIR)/cls
	install -m 644 completions/_cls $(DESTDIR)$(ZSHCOMPDIR)/_cls
	install -m 644 completions/cls.fish $(DESTDIR)$(FISHCOMPDIR)/cls.fish
	install -m 644 LICENSE $(DESTDIR)$(DOCDIR)/LICENSE
	for mo in $(MO); do l=$${mo#locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cls.mo \
	    || exit 1; done
	for p in $(MAN_L10N); do d=$${p#build/man/}; \
	    install -d $(DESTDIR)$(MANDIR)/$${d%/*} && \
	    install -m 644 $$p $(DESTDIR)$(MANDIR)/$$d || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cls $(DESTDIR)$(MANDIR)/man1/cls*.1 \
	    $(DESTDIR)$(MANDIR)/man5/cls-format.5 \
	    $(DESTDIR)$(LIBDIR)/libcls.a $(DESTDIR)$(LIBDIR)/libcls.so* \
	    $(DESTDIR)$(INCLUDEDIR)/cls.h $(DESTDIR)$(PKGCONFIGDIR)/cls.pc \
	    $(DESTDIR)$(BASHCOMPDIR)/cls $(DESTDIR)$(ZSHCOMPDIR)/_cls \
	    $(DESTDIR)$(FISHCOMPDIR)/cls.fish $(DESTDIR)$(DOCDIR)/LICENSE
	rm -rf $(DESTDIR)$(DATADIR)
	for l in $(LINGUAS); do \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cls.mo; done
	for l in $(MAN_LINGUAS); do rm -f $(DESTDIR)$(MANDIR)/$$l/man1/cls*.1 \
	    $(DESTDIR)$(MANDIR)/$$l/man5/cls-format.5; done

# The Debian packages cls, libcls0 and libcls-dev (debian/), built by
# dpkg-buildpackage from a copy of the sources in build/deb/, where the
# .deb files land, then checked by lintian (tools/deb.sh).  Installs the
# packaging tools first (as root; else prints the apt-get line).
deb:
	@sh tests/deps.sh deb
	@sh tools/deb.sh

# The packages built, installed, used and purged (tests/suite-deb.sh, as
# root): not part of check, which never installs anything.
check-deb: deb
	@sh tests/suite-deb.sh

format:
	clang-format -i $$(find lib cmd tests/unit -name '*.[ch]') tests/fuzz/*.c

clean:
	rm -rf build cls locale


# The main job on the bundled example: check it, then its 2024 review
# (installing the packages the build needs first, only when some are
# missing).
demo:
	@sh tests/deps.sh build
	@$(MAKE) --no-print-directory cls
	./cls -C examples/pays-des-vans validate
	./cls -C examples/pays-des-vans report 2024

.PHONY: all variant deps check asan tsan valgrind bench install uninstall \
    clean format fuzz po po-man man-fr demo library deb check-deb FORCE

-include $(shell find $(B) -name '*.d' 2>/dev/null)
