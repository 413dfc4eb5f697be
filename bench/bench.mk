# bench/bench.mk - `make bench`: mtpm unseal (static and dynamic) against
# the tpm2-tss ESAPI program and the tpm2-tools sequence, on one swtpm;
# writes bench/RESULTS.md. Not part of make check. The ESAPI program is
# built here only; mtpm itself never depends on tpm2-tss.
BENCH_DIR = $(BUILD)/bench
BENCH_N  ?= 30
BENCH_CFLAGS = -std=c11 $(WARN) -O2

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

bench: all $(STATIC_BIN) $(BENCH_DIR)/proxy $(BENCH_DIR)/runner $(BENCH_DIR)/esapi_unseal
	sh bench/run.sh $(BUILD) $(BENCH_N)
