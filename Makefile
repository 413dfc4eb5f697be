# mtpm - a minimal TPM 2.0 command stack.
#
# Every target, with the file that defines it (`make help` prints this
# list, and fails when a phony target of any fragment is missing from it):
#
# Makefile (this file): the products and the test entry points
#   make all            library build/libmtpm.a and CLI build/mtpm (default)
#   make tools          the unit and C integration test programs
#   make check          every test: unit, integration on a private swtpm,
#                       corpus replay, efi-test, clang build, sanitizer
#                       run, valgrind, threat-check, and `make help` (the
#                       README's test command; .ci/run runs it with
#                       WERROR=1)
#   make check-clang    the same sources built with clang (part of check)
#   make check-san      every test again under ASan/UBSan (part of check)
#   make check-valgrind unit and C integration tests under valgrind memcheck
#                       (part of check)
#   make deps           the Debian packages the build and tests need: a
#                       no-op when all are installed, else apt-get for the
#                       missing ones only (as root; otherwise it prints the
#                       command). check and demo run it first
#   make efi-test       build/mtpm.efi in OVMF under QEMU on a private
#                       swtpm: seal, unseal, a changed image refused, a
#                       host-sealed key, a swapped parent (part of check)
#   make demo           the seal/unseal story on a private swtpm
#   make lint           no allocation, no unprefixed global symbol
#   make size           .text per module and of the CLI, and the static
#                       build's budgets
#   make install        [PREFIX=/usr/local] [DESTDIR=]: build/mtpm,
#                       build/libmtpm.a, include/mtpm/*.h, man/mtpm.1 and a
#                       generated mtpm.pc; DESTDIR is never written into
#                       mtpm.pc
#   make clean          rm -rf $(BUILD)
#   make help           this list
#
# Areas with their own build keep its targets in their own fragment, which
# this file includes; the build/mtpm-static rules stay in
# examples/examples.mk beside the fortify shim and the other builds for
# the places mtpm runs (the sources cite that file for its flags).
# examples/examples.mk
#   make static         build/mtpm-static: musl, -Os, gc-sections, stripped
#   make freestanding   the core built -ffreestanding, then the libc check
#   make bootloader     examples/bootloader: the core linked -nostdlib
#   make stack          worst stack path per public entry point
# fuzz/fuzz.mk
#   make fuzz-build     libFuzzer builds of every harness (clang)
#   make fuzz           each harness FUZZ_SECONDS (10) on its corpus
#   make fuzz-replay-build  the replay drivers make check runs
# tests/boot/boot.mk
#   make boot-test      build/mtpm-static in a Debian kernel under QEMU
# bench/bench.mk
#   make bench          unseal against tpm2-tss and tpm2-tools; writes
#                       bench/RESULTS.md (not part of check)
# threat-model/threat.mk
#   make threat-check   every threat names a test that exists (part of check)
# docs/docs.mk
#   make spec-coverage  the Part 3 commands with their citations and tests;
#                       fails on an uncited one or a placeholder section
# src/efi/efi.mk
#   make efi            build/mtpm.efi, the UEFI application (gnu-efi)
#
# BUILD=dir puts every output under dir (default build). SAN=1 builds with
# ASan/UBSan. CC=clang works as well as gcc. WERROR=1 turns warnings into
# errors. BEARSSL_A=path names Debian's libbearssl.a when the multiarch
# folder does not hold it.

BUILD   ?= build
CC      ?= cc
SAN     ?= 0
WERROR  ?= 0
V       ?= 0

CSTD     = -std=c11
WARN     = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN    += -Werror
endif
OPT     ?= -O2 -g
CFLAGS_BASE = $(CSTD) $(WARN) $(OPT) -Iinclude -D_POSIX_C_SOURCE=200809L \
              -ffunction-sections -fdata-sections
ifeq ($(SAN),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined
LDFLAGS_SAN  = -fsanitize=address,undefined
endif
CFLAGS  := $(CFLAGS_BASE) $(EXTRA_CFLAGS)
LDFLAGS += $(LDFLAGS_SAN)

# Debian's static archives live in the multiarch folder
# (/usr/lib/x86_64-linux-gnu on amd64, /usr/lib/aarch64-linux-gnu on
# arm64): the compiler names the triplet, else dpkg. BEARSSL_A=PATH
# overrides the guess. Every program that links BearSSL has
# $(BEARSSL_CHECK) as an order-only prerequisite: empty when the archive
# exists, else a target that stops the build with one clear line (after
# `tools`) instead of a linker error.
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
ifeq ($(MULTIARCH),)
MULTIARCH := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
endif
MULTIARCH_LIBDIR = /usr/lib/$(MULTIARCH)
BEARSSL_A ?= $(MULTIARCH_LIBDIR)/libbearssl.a
BEARSSL_CHECK = $(if $(wildcard $(BEARSSL_A)),,no-bearssl-archive)

# The library: every .c under these folders.
LIB_DIRS = src/marshal src/cmds src/session src/seal src/crypto src/luks transport
# transport/efi.c is the UEFI transport: only src/efi/efi.mk builds it
# (with gnu-efi's headers); the hosted library has no use for it.
LIB_SRC  = $(filter-out transport/efi.c,$(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)

# Test support code (OpenSSL backend, tampering transport, ...), linked into
# every test program but never into the library or the CLI.
TSUP_SRC = $(sort $(wildcard tests/support/*.c))
TSUP_OBJ = $(TSUP_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
IT_SRC   = $(sort $(wildcard tests/integration/it_*.c))
IT_BIN   = $(IT_SRC:tests/integration/%.c=$(BUILD)/tests/%)

LIB = $(BUILD)/libmtpm.a
CLI = $(BUILD)/mtpm

# Each fragment declares its own phony targets.
.PHONY: all tools deps check check-san check-clang check-valgrind efi-test \
        demo lint size install clean help
all: $(LIB) $(CLI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB) | $(BEARSSL_CHECK)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(BEARSSL_A)

# -MMD: a test that #includes a source (test_decode includes decode.c)
# or any header is rebuilt when that file changes; $@.d lists them.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB) $(TSUP_OBJ) | $(BEARSSL_CHECK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -Itests/support -o $@ $< $(TSUP_OBJ) $(LIB) $(BEARSSL_A) \
	      $(LDFLAGS) -lcmocka -lcrypto

$(BUILD)/tests/it_%: tests/integration/it_%.c $(LIB) $(TSUP_OBJ) | $(BEARSSL_CHECK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -Itests/support -o $@ $< $(TSUP_OBJ) $(LIB) $(BEARSSL_A) \
	      $(LDFLAGS) -lcmocka -lcrypto

tools: $(UNIT_BIN) $(IT_BIN)

.PHONY: no-bearssl-archive
no-bearssl-archive:
	@echo "mtpm: no BearSSL archive at $(BEARSSL_A)$(if $(MULTIARCH),, (no multiarch triplet: neither $(CC) -print-multiarch nor dpkg-architecture -qDEB_HOST_MULTIARCH named one)): make deps installs libbearssl-dev; elsewhere set BEARSSL_A=/path/to/libbearssl.a" >&2
	@exit 1

# --- dependencies -----------------------------------------------------------
# ovmf, gnu-efi and mtools: the UEFI application and its QEMU test.
DEB_PKGS = build-essential clang libclang-rt-14-dev pkg-config \
           libbearssl-dev libcmocka-dev libssl-dev openssl libjsmn-dev \
           swtpm swtpm-tools tpm2-tools libtss2-dev \
           afl++ musl-tools busybox-static qemu-system-x86 cpio xxd valgrind \
           cryptsetup-bin systemd clevis clevis-tpm2 clevis-luks jose \
           libtss2-tcti-swtpm0 python3 iproute2 util-linux \
           initramfs-tools cryptsetup-initramfs dracut-core e2fsprogs kmod \
           ovmf gnu-efi mtools
deps:
	@sh tests/lib/deps.sh $(DEB_PKGS)

# --- tests ------------------------------------------------------------------
check: deps
	$(MAKE) --no-print-directory all tools
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory help >/dev/null
	$(MAKE) --no-print-directory check-clang
	sh tests/run.sh $(BUILD)
	$(MAKE) --no-print-directory efi-test
	$(MAKE) --no-print-directory check-san
	$(MAKE) --no-print-directory check-valgrind
	@if [ -f threat-model/check.sh ]; then $(MAKE) --no-print-directory threat-check; fi

check-san:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 all tools
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh $(BUILD)/san

# The same sources, warning-free under clang too (built, not run twice).
check-clang:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=clang all tools

# mtpm.efi (src/efi/efi.mk) booted in OVMF under QEMU against a private
# swtpm, with the host's build/mtpm on the same TPM state
# (tests/efi/efi-test.sh, which prints each boot's time and the total).
# Run once in make check, like the QEMU boot test (tests/run.sh's
# boot_test.sh): mtpm.efi has no sanitizer build, so the sanitizer pass
# would boot the same image again.
efi-test: efi all
	sh tests/efi/efi-test.sh $(BUILD)

# Unit and C integration tests under valgrind memcheck.
check-valgrind: all tools
	WRAP="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite" \
	    ONLY=c sh tests/run.sh $(BUILD)

demo: deps all
	sh tests/demo.sh $(BUILD)

# --- lint: no allocator, every global symbol prefixed --------------------------
lint: $(LIB) $(CLI)
	@sh tests/lib/lint.sh $(LIB) $(CLI)

size: all
	@sh tests/lib/size.sh $(BUILD)

# --- install ----------------------------------------------------------------
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

clean:
	rm -rf $(BUILD)

# --- help: the header above, and a check that it names every target ---------
# Every phony target (make's own list, all fragments included) must have a
# "#   make TARGET" line in the header; HELP_INTERNAL are helpers no one
# types.
HELP_INTERNAL = FORCE_PC no-bearssl-archive efi-build-id
help:
	@sed -n '1,/^[^#]/{/^#/s/^# \{0,1\}//p}' $(firstword $(MAKEFILE_LIST))
	@missing=; \
	for t in $$($(MAKE) --no-print-directory -pRrq -f $(firstword $(MAKEFILE_LIST)) : 2>/dev/null | \
	            sed -n 's/^\.PHONY: //p'); do \
		case " $(HELP_INTERNAL) " in *" $$t "*) continue;; esac; \
		grep -Eq "^#   make $$t( |$$)" $(firstword $(MAKEFILE_LIST)) || missing="$$missing $$t"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "help: targets missing from the Makefile header:$$missing" >&2; exit 1; \
	fi

# Areas with their own targets keep them in their own fragment. `include`,
# not `-include`: a fragment that is missing must stop make, not silently
# drop its targets. examples.mk comes before bench.mk and boot.mk, which
# name its static build in their prerequisites.
include examples/examples.mk fuzz/fuzz.mk bench/bench.mk tests/boot/boot.mk \
        threat-model/threat.mk docs/docs.mk
include src/efi/efi.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TSUP_OBJ:.o=.d) $(UNIT_BIN:=.d) $(IT_BIN:=.d)
