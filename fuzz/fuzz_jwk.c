/*
 * fuzz/fuzz_jwk.c - the JWK the clevis tpm2 pin seals, mtpm_jwk_oct_key
 * (src/luks/jwe.c). The input is the unsealed text.
 *
 * Oracle: failure wipes the key; success: the key written back as
 * {"kty":"oct","k":BASE64URL} (own encoder) gives the same 32 bytes.
 */
#include "luks_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	uint8_t key[32], again[32];
	char s[128];
	mtpm_luks_diag d;
	mtpm_rc rc;
	size_t n;

	memset(key, FUZZ_POISON, sizeof(key));
	rc = mtpm_jwk_oct_key((const char *)data, size, t, MTPM_JSON_TOKENS, key, &d);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_SPACE);
		FUZZ_CHECK(fuzz_is_zero(key, sizeof(key)));
		return 0;
	}
	n = (size_t)sprintf(s, "{\"kty\":\"oct\",\"k\":\"");
	n += fuzz_b64(key, 32, s + n, 1, 0);
	n += (size_t)sprintf(s + n, "\"}");
	FUZZ_CHECK(mtpm_jwk_oct_key(s, n, t, MTPM_JSON_TOKENS, again, NULL) == MTPM_OK);
	FUZZ_CHECK(memcmp(key, again, 32) == 0);
	return 0;
}
