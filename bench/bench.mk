# bench/bench.mk - `make bench`: mtpm unseal (static and dynamic) against
# the tpm2-tss ESAPI program and the tpm2-tools sequence, on one swtpm,
# with the swtpm's own CPU per unseal (the floor); plus the client's P-256
# work on each packaged backend found (bench/p256.c); writes
# bench/RESULTS.md. Not part of make check. The ESAPI program and the P-256
# programs are built here only; mtpm itself never depends on tpm2-tss,
# nettle or OpenSSL. Every output goes under $(BUILD)/bench.
BENCH_DIR = $(BUILD)/bench
BENCH_N  ?= 30
# Runs per peer in the TPM-CPU batch: /proc/PID/stat counts in clock
# ticks (10 ms), so the batch must be long enough for its total to dwarf
# one tick. tpm2-tools, 40 times slower per run, gets BENCH_N.
BENCH_TPM_N ?= 200
BENCH_CFLAGS = -std=c11 $(WARN) -O2
# The static build (examples/examples.mk, included before this file).
BENCH_STATIC_BIN  = $(STATIC_BIN)
BENCH_STATIC_DEPS = $(STATIC_INC)/.stamp $(STATIC_SHIM)

$(BENCH_DIR)/proxy: bench/proxy.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/runner: bench/runner.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/esapi_unseal: bench/esapi_unseal.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< \
	    $$(pkg-config --cflags --libs tss2-esys tss2-mu tss2-tctildr)

# --- P-256 backends (bench/p256.c) -------------------------------------------
# Static, --gc-sections, stripped, no unwind tables: linked the way
# mtpm-static is, so the size over the "none" baseline of the same libc is
# what the backend would add to a static mtpm. BearSSL under musl with the
# static build's include folder and fortify shim (examples/examples.mk);
# nettle and OpenSSL only link under glibc, so they and a glibc BearSSL
# m31 are measured against a glibc baseline. A backend whose Debian
# archive is absent is skipped (bench/run.sh says so).
P256_DIR     = $(BENCH_DIR)/p256
# Debian's static archives: the multiarch folder (the top Makefile).
P256_LIBDIR  = $(MULTIARCH_LIBDIR)
P256_CFLAGS  = -std=c11 $(WARN) -O2 -ffunction-sections -fdata-sections \
               -fno-asynchronous-unwind-tables -fno-unwind-tables
P256_LDFLAGS = -static -Wl,--gc-sections -s -Wl,-z,noseparate-code
P256_BIN     = $(P256_DIR)/musl-none $(P256_DIR)/musl-bearssl-m31 \
               $(P256_DIR)/musl-bearssl-m15 $(P256_DIR)/musl-bearssl-i31 \
               $(P256_DIR)/glibc-none $(P256_DIR)/glibc-bearssl-m31 \
               $(if $(wildcard $(P256_LIBDIR)/libhogweed.a $(P256_LIBDIR)/libgmp.a),$(P256_DIR)/glibc-nettle) \
               $(if $(wildcard $(P256_LIBDIR)/libcrypto.a),$(P256_DIR)/glibc-openssl)
P256_STRIP   = objcopy -R .eh_frame -R .comment $@

$(P256_DIR)/musl-none: bench/p256.c
	@mkdir -p $(dir $@)
	$(STATIC_CC) $(P256_CFLAGS) $(P256_LDFLAGS) -DP256_NONE -o $@ $<
	$(P256_STRIP)
$(P256_DIR)/musl-bearssl-%: bench/p256.c $(BENCH_STATIC_DEPS) | $(BEARSSL_CHECK)
	@mkdir -p $(dir $@)
	$(STATIC_CC) $(P256_CFLAGS) -isystem $(STATIC_INC) $(P256_LDFLAGS) \
	    -DP256_BEARSSL_$(shell echo $* | tr a-z A-Z) -o $@ $< $(STATIC_SHIM) $(BEARSSL_A)
	$(P256_STRIP)
$(P256_DIR)/glibc-none: bench/p256.c
	@mkdir -p $(dir $@)
	$(CC) $(P256_CFLAGS) $(P256_LDFLAGS) -DP256_NONE -o $@ $<
	$(P256_STRIP)
$(P256_DIR)/glibc-bearssl-m31: bench/p256.c | $(BEARSSL_CHECK)
	@mkdir -p $(dir $@)
	$(CC) $(P256_CFLAGS) $(P256_LDFLAGS) -DP256_BEARSSL_M31 -o $@ $< $(BEARSSL_A)
	$(P256_STRIP)
$(P256_DIR)/glibc-nettle: bench/p256.c
	@mkdir -p $(dir $@)
	$(CC) $(P256_CFLAGS) $(P256_LDFLAGS) -DP256_NETTLE -o $@ $< \
	    $(P256_LIBDIR)/libhogweed.a $(P256_LIBDIR)/libnettle.a $(P256_LIBDIR)/libgmp.a
	$(P256_STRIP)
# OpenSSL's static archive warns that getaddrinfo & co. need glibc's shared
# NSS modules at run time; this program never resolves a name.
$(P256_DIR)/glibc-openssl: bench/p256.c
	@mkdir -p $(dir $@)
	$(CC) $(P256_CFLAGS) $(P256_LDFLAGS) -DP256_OPENSSL -o $@ $< \
	    $(P256_LIBDIR)/libcrypto.a -lpthread 2>$@.ld-warnings || \
	    { cat $@.ld-warnings >&2; exit 1; }
	$(P256_STRIP)

.PHONY: bench
bench: all $(BENCH_STATIC_BIN) $(BENCH_DIR)/proxy $(BENCH_DIR)/runner $(BENCH_DIR)/esapi_unseal $(P256_BIN)
	sh bench/run.sh $(BUILD) $(BENCH_N) $(BENCH_TPM_N)
