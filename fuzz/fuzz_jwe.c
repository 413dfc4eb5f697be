/*
 * fuzz/fuzz_jwe.c - clevis JWEs: mtpm_jwe_parse_compact (as jwe_compact)
 * and, built with -DFUZZ_JWE_JSON, mtpm_jwe_parse_json (as jwe_json)
 * (src/luks/jwe.c), each followed by mtpm_jwe_decrypt. The input is the
 * serialization.
 *
 * Oracle: failure leaves the JWE all zero with a why code; success
 * satisfies fuzz_check_jwe (luks_fuzz.h): prot/ct inside the input,
 * the clevis.tpm2 fields in range, and AES-256-GCM under the fixture key
 * either verifies (only the seeds made with it can) or returns
 * MTPM_E_INTEGRITY with the output all zero; never a plaintext under
 * another key.
 */
#include "luks_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	static mtpm_jwe j;
	mtpm_luks_diag d;
	mtpm_rc rc;

	memset(&j, FUZZ_POISON, sizeof(j));
#ifdef FUZZ_JWE_JSON
	rc = mtpm_jwe_parse_json((const char *)data, size, t, MTPM_JSON_TOKENS, &j, &d);
#else
	rc = mtpm_jwe_parse_compact((const char *)data, size, t, MTPM_JSON_TOKENS, &j, &d);
#endif
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_SPACE || rc == MTPM_E_UNSUPPORTED);
		FUZZ_CHECK(d.why != MTPM_LUKS_W_OK && d.why < MTPM_LUKS_W_COUNT);
		FUZZ_CHECK(fuzz_is_zero(&j, sizeof(j)));
		return 0;
	}
	fuzz_check_jwe(&j, data, size);
	return 0;
}
