# examples/examples.mk - builds for the places mtpm is meant to run:
#
#   make static       build/mtpm-static: musl, -Os, sections + --gc-sections,
#                     stripped, BearSSL from Debian (docs/static.md)
#   make freestanding the core (marshal, cmds, session, seal + the crypto
#                     helpers and the callback transport) built with
#                     -ffreestanding -fno-builtin, then the libc check
#   make bootloader   examples/bootloader/: the core linked -nostdlib with
#                     its own _start, mem* and a byte-level transport
#   make stack        -fstack-usage/-fcallgraph-info over src/, worst path
#                     per public entry point (docs/stack.md)
#
# Included by the top-level Makefile (whose header lists these targets
# too), before bench/bench.mk and tests/boot/boot.mk, which use STATIC_*;
# uses its LIB_SRC, CLI_SRC, WARN and BEARSSL_A. Every output goes under
# $(BUILD)/static, $(BUILD)/freestanding and $(BUILD)/bootloader, never
# into the main object tree.

# --- static -------------------------------------------------------------------
STATIC_CC     ?= musl-gcc
STATIC_DIR     = $(BUILD)/static
STATIC_BIN     = $(BUILD)/mtpm-static
# musl-gcc's specs drop /usr/include (glibc's headers); BearSSL's headers
# live there, so they are linked into a private include folder.
STATIC_INC     = $(STATIC_DIR)/inc
# -fstack-usage and -fcallgraph-info only write side files (.su, .ci)
# next to each object; the code is the same. No unwind tables (C only),
# no page padding between code and read-only data (-z noseparate-code).
# -z common-page-size=64: ld may otherwise start the data segment on a
# page boundary to save one page of memory for the large .bss, which pads
# the FILE with up to 4 KiB of zeros depending on where .rodata happens to
# end; with it the data follows the code in the file (same pages mapped).
# MTPM_TABLE_LEAN: command-table rows without their descriptive half.
STATIC_CFLAGS  = -std=c11 $(WARN) -Os -Iinclude -isystem $(STATIC_INC) \
                 -D_POSIX_C_SOURCE=200809L -DMTPM_CLI_MINIMAL -DMTPM_RC_NAMES_ONLY -DMTPM_NO_SHA512 -DMTPM_NO_IPV6 -DMTPM_TABLE_LEAN \
                 -ffunction-sections -fdata-sections \
                 -fno-asynchronous-unwind-tables -fno-unwind-tables \
                 -fstack-usage -fcallgraph-info=su
STATIC_LDFLAGS = -static -Wl,--gc-sections -s -Wl,-z,noseparate-code -Wl,-z,norelro \
                 -Wl,-z,common-page-size=64 \
                 -Wl,-Map=$(STATIC_DIR)/mtpm-static.map
STATIC_LIB_OBJ = $(LIB_SRC:%.c=$(STATIC_DIR)/obj/%.o)
STATIC_CLI_OBJ = $(CLI_SRC:%.c=$(STATIC_DIR)/obj/%.o)
STATIC_SHIM    = $(STATIC_DIR)/obj/examples/static/fortify_shim.o

.PHONY: static freestanding bootloader stack
static: $(STATIC_BIN)

$(STATIC_INC)/.stamp: examples/examples.mk
	@mkdir -p $(STATIC_INC)
	ln -sf /usr/include/bearssl.h $(STATIC_INC)/bearssl.h
	ln -sfn /usr/include/bearssl $(STATIC_INC)/bearssl
	ln -sf /usr/include/jsmn.h $(STATIC_INC)/jsmn.h
	@touch $@

$(STATIC_DIR)/obj/%.o: %.c $(STATIC_INC)/.stamp
	@mkdir -p $(dir $@)
	$(STATIC_CC) $(STATIC_CFLAGS) -MMD -MP -c $< -o $@

$(STATIC_BIN): $(STATIC_CLI_OBJ) $(STATIC_LIB_OBJ) $(STATIC_SHIM) | $(BEARSSL_CHECK)
	$(STATIC_CC) $(STATIC_LDFLAGS) -o $@ $(STATIC_CLI_OBJ) $(STATIC_LIB_OBJ) \
	    $(STATIC_SHIM) $(BEARSSL_A)
	@# Unwind tables serve nothing in a static C program (no exceptions,
	@# musl unwinds nothing): drop what musl's and BearSSL's objects bring.
	objcopy -R .eh_frame -R .comment $@
	@echo "static: $@ $$(stat -c %s $@) bytes"

# `make size` reports the static build and its budgets too.
size: $(STATIC_BIN)

# --- freestanding core ----------------------------------------------------------
# The core a bootloader links: everything but the hosted transports
# (device, sockets, TCTI strings) and the BearSSL backend, which the
# integrator replaces with its own driver and crypto table.
FS_DIR    = $(BUILD)/freestanding
FS_SRC    = $(sort $(foreach d,src/marshal src/cmds src/session src/seal,$(wildcard $(d)/*.c)) \
              src/crypto/ct.c src/crypto/hash.c src/crypto/kdf.c \
              transport/callback.c transport/frame.c)
FS_OBJ    = $(FS_SRC:%.c=$(FS_DIR)/obj/%.o)
FS_CFLAGS = -std=c11 $(WARN) -Os -Iinclude -ffreestanding -fno-builtin \
            -fno-stack-protector -fno-pic -ffunction-sections -fdata-sections

$(FS_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FS_CFLAGS) -MMD -MP -c $< -o $@

$(FS_DIR)/libmtpm-core.a: $(FS_OBJ)
	rm -f $@
	ar rcs $@ $^

freestanding: $(FS_DIR)/libmtpm-core.a
	@sh tests/lib/freestanding.sh $(FS_DIR)/obj

# --- bootloader example ----------------------------------------------------------
BL_DIR    = $(BUILD)/bootloader
BL_SRC    = examples/bootloader/main.c examples/bootloader/rt.c src/efi/mem.c
BL_OBJ    = $(BL_SRC:%.c=$(BL_DIR)/obj/%.o)
BL_BIN    = $(BL_DIR)/mtpm-boot-demo
BL_SHIM   = $(BL_DIR)/tpm-shim

$(BL_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FS_CFLAGS) -MMD -MP -c $< -o $@

$(BL_BIN): $(BL_OBJ) $(FS_DIR)/libmtpm-core.a
	$(CC) -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-e,_start \
	    -o $@ $(BL_OBJ) $(FS_DIR)/libmtpm-core.a -lgcc

$(BL_SHIM): examples/bootloader/shim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -D_POSIX_C_SOURCE=200809L -o $@ $<

bootloader: $(BL_BIN) $(BL_SHIM)

# --- stack ------------------------------------------------------------------------
stack: $(STATIC_BIN)
	@python3 tests/lib/stack.py $(STATIC_DIR)/obj

-include $(STATIC_LIB_OBJ:.o=.d) $(STATIC_CLI_OBJ:.o=.d) $(FS_OBJ:.o=.d) $(BL_OBJ:.o=.d)
