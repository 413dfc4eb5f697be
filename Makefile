# mtpm - a minimal TPM 2.0 command stack.
#
#   make            library build/libmtpm.a and CLI build/mtpm
#   make check      every test (unit, integration on a private swtpm, the
#                   sanitizer run, corpus replay, threat-check)
#   make demo       the seal/unseal story on a private swtpm
#   make deps       install the Debian packages the build and tests need
#   make lint       no allocation, no unprefixed global symbol
#   make size       .text per module and of the CLI
#
# BUILD=dir puts every output under dir (default build). SAN=1 builds with
# ASan/UBSan. CC=clang works as well as gcc.

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

BEARSSL_A ?= /usr/lib/x86_64-linux-gnu/libbearssl.a

# The library: every .c under these folders.
LIB_DIRS = src/marshal src/cmds src/session src/seal src/crypto src/luks transport
LIB_SRC  = $(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c)))
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

.PHONY: all deps check check-unit check-integration check-san check-clang demo lint size \
        clean install fuzz fuzz-build threat-check static boot-test bench \
        spec-coverage check-valgrind tools
all: $(LIB) $(CLI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(BEARSSL_A)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB) $(TSUP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/support -o $@ $< $(TSUP_OBJ) $(LIB) $(BEARSSL_A) \
	      $(LDFLAGS) -lcmocka -lcrypto

$(BUILD)/tests/it_%: tests/integration/it_%.c $(LIB) $(TSUP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/support -o $@ $< $(TSUP_OBJ) $(LIB) $(BEARSSL_A) \
	      $(LDFLAGS) -lcmocka -lcrypto

tools: $(UNIT_BIN) $(IT_BIN)

# --- dependencies -----------------------------------------------------------
DEB_PKGS = build-essential clang libclang-rt-14-dev pkg-config \
           libbearssl-dev libcmocka-dev libssl-dev openssl libjsmn-dev \
           swtpm swtpm-tools tpm2-tools libtss2-dev \
           afl++ musl-tools busybox-static qemu-system-x86 cpio xxd valgrind \
           cryptsetup-bin systemd clevis clevis-tpm2 clevis-luks jose \
           libtss2-tcti-swtpm0 python3 iproute2 util-linux \
           initramfs-tools cryptsetup-initramfs dracut-core e2fsprogs kmod
deps:
	@sh tests/lib/deps.sh $(DEB_PKGS)

# --- tests ------------------------------------------------------------------
check: deps
	$(MAKE) --no-print-directory all tools
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-clang
	sh tests/run.sh $(BUILD)
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

clean:
	rm -rf $(BUILD)

# Areas with their own targets keep them in their own fragment.
-include fuzz/fuzz.mk bench/bench.mk examples/examples.mk tests/boot/boot.mk \
         threat-model/threat.mk docs/docs.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TSUP_OBJ:.o=.d)
