# docs/docs.mk - targets owned by the documentation area; the top Makefile
# includes this file after it has defined BUILD, LIB and CLI.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]
#        installs build/libmtpm.a, include/mtpm/*.h, build/mtpm,
#        man/mtpm.1 and a generated mtpm.pc (pkg-config). DESTDIR is
#        prepended to every path and never written into mtpm.pc, so a
#        staged install gives the same .pc as a real one.
#   make spec-coverage
#        which Part 3 commands mtpm implements, with their section and
#        tests; fails when a command or Part 2 type function has no
#        `Part N §x.y` citation (tests/lib/spec-coverage.sh).

PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL     ?= install
# What an external program links after -lmtpm. The library is static and
# calls BearSSL, so BearSSL must follow it on the link line.
MTPM_PC_BEARSSL ?= -lbearssl

MTPM_PC = $(BUILD)/mtpm.pc
MTPM_PC_VERSION = $(shell sed -n 's/^\#define MTPM_VERSION "\(.*\)"/\1/p' include/mtpm/mtpm.h)

$(MTPM_PC): docs/mtpm.pc.in include/mtpm/mtpm.h FORCE_PC
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(MTPM_PC_VERSION)|' \
	    -e 's|@BEARSSL_LIBS@|$(MTPM_PC_BEARSSL)|' docs/mtpm.pc.in > $@

# The paths in mtpm.pc depend on PREFIX and friends, which make cannot see
# change: regenerate it on every install.
.PHONY: FORCE_PC
FORCE_PC:

install: $(LIB) $(CLI) $(MTPM_PC)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/mtpm $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 0755 $(CLI) $(DESTDIR)$(BINDIR)/mtpm
	$(INSTALL) -m 0644 $(LIB) $(DESTDIR)$(LIBDIR)/libmtpm.a
	$(INSTALL) -m 0644 include/mtpm/*.h $(DESTDIR)$(INCLUDEDIR)/mtpm/
	$(INSTALL) -m 0644 man/mtpm.1 $(DESTDIR)$(MANDIR)/man1/mtpm.1
	$(INSTALL) -m 0644 $(MTPM_PC) $(DESTDIR)$(PKGCONFIGDIR)/mtpm.pc

spec-coverage:
	@sh tests/lib/spec-coverage.sh .
