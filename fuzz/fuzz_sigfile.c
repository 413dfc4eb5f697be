/*
 * fuzz/fuzz_sigfile.c - the JSON readers of src/luks/sdsig.c on arbitrary
 * text: systemd's PCR signature file (mtpm_luks_sig_find), a LUKS2 JSON
 * area's keyslots (mtpm_luks2_keyslots) and a token's mtpm-parent-name
 * (mtpm_luks_token_name).
 *
 * Oracle: every failure zeroes its outputs; a signature found fits its
 * buffer; a Name found is well formed.
 */
#include "luks_fuzz.h"
#include "mtpm/luks_unlock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	static const uint8_t zpol[32];
	mtpm_TPM2B_DIGEST pol;
	mtpm_TPM2B_NAME n;
	uint8_t sig[512];
	size_t sl = 99;
	uint32_t mask = 0xffffffffu, pcrs;
	mtpm_rc rc;

	/* the approved policy to look for: the first 32 bytes, or zeros */
	memset(&pol, 0, sizeof(pol));
	pol.size = 32;
	memcpy(pol.buffer, size >= 32 ? data : zpol, 32);
	for (pcrs = 1u << 11; pcrs; pcrs = pcrs == (1u << 11) ? 0x80u : 0) {
		rc = mtpm_luks_sig_find((const char *)data, size, t, MTPM_JSON_TOKENS,
					MTPM_ALG_SHA256, pcrs, &pol, sig, sizeof(sig), &sl);
		if (rc != MTPM_OK)
			FUZZ_CHECK(sl == 0);
		else
			FUZZ_CHECK(sl > 0 && sl <= sizeof(sig));
	}
	rc = mtpm_luks2_keyslots((const char *)data, size, t, MTPM_JSON_TOKENS, &mask);
	if (rc != MTPM_OK)
		FUZZ_CHECK(mask == 0);
	memset(&n, FUZZ_POISON, sizeof(n));
	rc = mtpm_luks_token_name((const char *)data, size, t, MTPM_JSON_TOKENS, &n);
	if (rc != MTPM_OK)
		FUZZ_CHECK(fuzz_is_zero(&n, sizeof(n)));
	else
		FUZZ_CHECK(n.size >= 2 &&
			   mtpm_hash_size((uint16_t)(n.buffer[0] << 8 | n.buffer[1])) + 2u == n.size);
	return 0;
}
