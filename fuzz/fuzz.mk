# fuzz/fuzz.mk - fuzz harnesses (fuzz/README.md). Included by the Makefile.
#
#   make fuzz-build            libFuzzer builds of every harness (clang,
#                              ASan+UBSan) in $(FUZZ_DIR)
#   make fuzz FUZZ_SECONDS=N   run each harness N seconds (default 10) on
#                              a scratch copy of its committed corpus
#   make fuzz-replay-build     plain replay drivers with $(CC)/$(CFLAGS) (and
#                              SAN=1), what fuzz/replay.sh runs in make check
#
# AFL++: make fuzz-build FUZZ_CC=afl-clang-fast FUZZ_DIR=build/afl
# (afl-clang-fast takes -fsanitize=fuzzer unchanged).

FUZZ_RSP_PARSERS = GetRandom GetCapability PCR_Read Create CreatePrimary Load \
                   ReadPublic Unseal ContextSave NV_ReadPublic NV_Read \
                   VerifySignature StartAuthSession PolicyGetDigest PolicySecret
FUZZ_LUKS      = luks2_header luks2_tokens luks_token jwe_compact jwe_json jwk base64 sigfile
FUZZ_HARNESSES = rsp_check getters session tcti pcr_selection \
                 keyfile public_file private_file keyfile_step policy_step \
                 decode decode_capture spki pinfile $(FUZZ_RSP_PARSERS:%=%_rsp) $(FUZZ_LUKS)
# Longest input per harness (libFuzzer -max_len): 4096, but a LUKS2 image
# pair is 32 KiB and a header's JSON text several KiB. fuzz_max_len NAME.
fuzz_max_len = case $(1) in luks2_header) echo 65536;; luks2_tokens) echo 16384;; *) echo 4096;; esac

FUZZ_CC      ?= clang
FUZZ_DIR     ?= $(BUILD)/fuzz
FUZZ_SECONDS ?= 10
FUZZ_SANFLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  = $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer -Iinclude \
               -Isrc/cli -Ifuzz -D_POSIX_C_SOURCE=200809L \
               -fsanitize=fuzzer-no-link $(FUZZ_SANFLAGS)
FUZZ_LDFLAGS = -fsanitize=fuzzer $(FUZZ_SANFLAGS)

# Harness-side objects every harness links: the response parser oracle and
# the CLI's code without main.c (fuzz/cli_stubs.c stands in for it).
FUZZ_COMMON   = fuzz/rsp_parsers.c fuzz/cli_stubs.c \
                $(filter-out src/cli/main.c,$(sort $(wildcard src/cli/*.c)))
FUZZ_LIB_OBJ  = $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_COM_OBJ  = $(FUZZ_COMMON:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS     = $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-replay-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/obj/fuzz/fuzz_%_rsp.o: fuzz/fuzz_rsp.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_RSP=FUZZ_RSP_$* -c $< -o $@

$(FUZZ_DIR)/obj/fuzz/fuzz_public_file.o: fuzz/fuzz_tpm2b_file.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/obj/fuzz/fuzz_private_file.o: fuzz/fuzz_tpm2b_file.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_PRIVATE -c $< -o $@

$(FUZZ_DIR)/obj/fuzz/fuzz_jwe_compact.o: fuzz/fuzz_jwe.c fuzz/fuzz.h fuzz/luks_fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/obj/fuzz/fuzz_jwe_json.o: fuzz/fuzz_jwe.c fuzz/fuzz.h fuzz/luks_fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_JWE_JSON -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz/fuzz_%.o $(FUZZ_COM_OBJ) $(FUZZ_LIB_OBJ) | $(BEARSSL_CHECK)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ $(BEARSSL_A)

# Each harness N seconds on a scratch copy of its corpus; new inputs stay in
# $(FUZZ_DIR)/work/<harness> (minimize and commit the useful ones by hand),
# crashes in $(FUZZ_DIR)/crash/<harness>-*.
fuzz: fuzz-build
	@set -e; for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ_DIR)/work/$$h $(FUZZ_DIR)/crash; \
		echo "== fuzz_$$h ($(FUZZ_SECONDS) s)"; \
		$(FUZZ_DIR)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$$($(call fuzz_max_len,$$h)) \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/crash/$$h- \
			$(FUZZ_DIR)/work/$$h fuzz/corpus/$$h 2>&1 | \
			grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss|==|SUMMARY|.*oracle violated)' || true; \
		test -z "$$(ls $(FUZZ_DIR)/crash/$$h-* 2>/dev/null)" || \
			{ echo "fuzz_$$h: crash saved in $(FUZZ_DIR)/crash"; exit 1; }; \
	done

# --- replay drivers: normal compiler and flags, linked with $(LIB) ---------
FUZZ_RDIR     = $(BUILD)/fuzz-replay
FUZZ_RCOM_OBJ = $(FUZZ_RDIR)/obj/fuzz/replay_main.o \
                $(FUZZ_COMMON:%.c=$(FUZZ_RDIR)/obj/%.o)
FUZZ_RBINS    = $(FUZZ_HARNESSES:%=$(FUZZ_RDIR)/fuzz_%)

fuzz-replay-build: $(FUZZ_RBINS)

$(FUZZ_RDIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc/cli -Ifuzz -MMD -MP -c $< -o $@

$(FUZZ_RDIR)/obj/fuzz/fuzz_%_rsp.o: fuzz/fuzz_rsp.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -DFUZZ_RSP=FUZZ_RSP_$* -c $< -o $@

$(FUZZ_RDIR)/obj/fuzz/fuzz_public_file.o: fuzz/fuzz_tpm2b_file.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -c $< -o $@

$(FUZZ_RDIR)/obj/fuzz/fuzz_private_file.o: fuzz/fuzz_tpm2b_file.c fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -DFUZZ_PRIVATE -c $< -o $@

$(FUZZ_RDIR)/obj/fuzz/fuzz_jwe_compact.o: fuzz/fuzz_jwe.c fuzz/fuzz.h fuzz/luks_fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -c $< -o $@

$(FUZZ_RDIR)/obj/fuzz/fuzz_jwe_json.o: fuzz/fuzz_jwe.c fuzz/fuzz.h fuzz/luks_fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -DFUZZ_JWE_JSON -c $< -o $@

$(FUZZ_RDIR)/fuzz_%: $(FUZZ_RDIR)/obj/fuzz/fuzz_%.o $(FUZZ_RCOM_OBJ) $(LIB) | $(BEARSSL_CHECK)
	$(CC) $(LDFLAGS) -o $@ $(FUZZ_RDIR)/obj/fuzz/fuzz_$*.o $(FUZZ_RCOM_OBJ) \
	      $(LIB) $(BEARSSL_A)

# Seed recorder (fuzz/seeds.sh): talks to a real swtpm through the
# recording transport of tests/support.
$(BUILD)/fuzz-record: fuzz/record.c fuzz/rsp_parsers.c $(LIB) $(BUILD)/obj/tests/support/tamper.o | $(BEARSSL_CHECK)
	$(CC) $(CFLAGS) -Itests/support -Ifuzz -o $@ fuzz/record.c fuzz/rsp_parsers.c \
	      $(BUILD)/obj/tests/support/tamper.o $(LIB) \
	      $(BEARSSL_A) $(LDFLAGS)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_COM_OBJ:.o=.d) $(FUZZ_RCOM_OBJ:.o=.d)
