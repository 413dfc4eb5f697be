/*
 * fuzz/fuzz_spki.c - the owner public key reader, cli_spki_to_public
 * (src/cli/pubkey.c): a DER SubjectPublicKeyInfo (EC P-256 or RSA) into
 * the TPM2B_PUBLIC that PolicyAuthorize names.
 *
 * Oracle: failure leaves the output zero; success gives a public area
 * that marshals (mtpm_put_TPM2B_PUBLIC) and reads back to itself.
 */
#include "fuzz.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_TPM2B_PUBLIC pub, pub2;
	static uint8_t wbuf[FUZZ_OUT_MAX];
	mtpm_cur w, r;
	mtpm_rc rc;

	memset(&pub, FUZZ_POISON, sizeof(pub));
	rc = cli_spki_to_public(data, size, &pub);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(fuzz_is_zero(&pub, sizeof(pub)));
		return 0;
	}
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	mtpm_put_TPM2B_PUBLIC(&w, &pub);
	FUZZ_CHECK(w.err == MTPM_OK);
	mtpm_cur_init_ro(&r, wbuf, w.pos);
	mtpm_get_TPM2B_PUBLIC(&r, &pub2);
	FUZZ_CHECK(r.err == MTPM_OK && r.pos == w.pos);
	FUZZ_CHECK(pub2.size == w.pos - 2);
	pub.size = pub2.size;   /* the put computes it */
	FUZZ_CHECK(memcmp(&pub, &pub2, sizeof(pub)) == 0);
	return 0;
}
