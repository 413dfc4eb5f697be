/*
 * fuzz/fuzz_tpm2b_file.c - the raw TPM2B file readers of
 * src/seal/keyfile.c, as tpm2_create -u / -r write them:
 * mtpm_keyfile_read_public (built as fuzz_public_file) and
 * mtpm_keyfile_read_private (fuzz_private_file), chosen by -DFUZZ_PRIVATE.
 *
 * Oracle: failure is MTPM_E_MALFORMED with the output zero; success means
 * the whole file was one structure, so putting it back gives the file.
 */
#include "fuzz.h"
#include "mtpm/keyfile.h"

static uint8_t wbuf[FUZZ_OUT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef FUZZ_PRIVATE
	static mtpm_TPM2B_PRIVATE out;
#else
	static mtpm_TPM2B_PUBLIC out;
#endif
	mtpm_cur w;
	mtpm_rc rc;

	memset(&out, FUZZ_POISON, sizeof(out));
#ifdef FUZZ_PRIVATE
	rc = mtpm_keyfile_read_private(data, size, &out);
#else
	rc = mtpm_keyfile_read_public(data, size, &out);
#endif
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED);
		FUZZ_CHECK(fuzz_is_zero(&out, sizeof(out)));
		return 0;
	}
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
#ifdef FUZZ_PRIVATE
	mtpm_put_TPM2B_PRIVATE(&w, &out);
#else
	mtpm_put_TPM2B_PUBLIC(&w, &out);
#endif
	fuzz_check_same(&w, data, size);
	return 0;
}
