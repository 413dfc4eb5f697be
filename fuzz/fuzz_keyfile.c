/*
 * fuzz/fuzz_keyfile.c - the TPM 2.0 key file reader, mtpm_keyfile_read
 * (src/seal/keyfile.c): PEM with mtpm's lines before BEGIN, or DER.
 *
 * Oracle:
 *   - failure: MTPM_E_MALFORMED (MTPM_E_UNSUPPORTED for another key
 *     type) and the whole mtpm_keyfile zero;
 *   - success: what mtpm_keyfile_write_pem makes of the result reads back
 *     to the very same structure, and so does mtpm_keyfile_write_der (the
 *     DER has no room for mtpm's PEM lines: those fields aside). DER need
 *     not come back byte for byte - the reader takes the kernel's TRUE
 *     (0x01) and an absent emptyAuth - but writing is a fixed point:
 *     writing what was read from our own DER gives that DER again.
 */
#include "fuzz.h"
#include "mtpm/keyfile.h"

static mtpm_keyfile kf, kf2, zero;
static uint8_t pem[MTPM_KEYFILE_MAX_PEM * 2], der[MTPM_KEYFILE_MAX_DER * 2],
	       der2[MTPM_KEYFILE_MAX_DER * 2];

/* Fields only the PEM carries. */
static void drop_pem_lines(mtpm_keyfile *k)
{
	memset(&k->parent_name, 0, sizeof(k->parent_name));
	memset(&k->parent_pub, 0, sizeof(k->parent_pub));
	k->npcrs = 0;
	memset(k->pcrs, 0, sizeof(k->pcrs));
}

/* mtpm_keyfile_read's scratch: the caller's, wiped by the library. */
static uint8_t scratch[MTPM_KEYFILE_MAX_DER];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, n2;
	mtpm_rc rc;

	memset(&kf, FUZZ_POISON, sizeof(kf));
	memset(scratch, FUZZ_POISON, sizeof(scratch));
	rc = mtpm_keyfile_read(data, size, &kf, scratch, sizeof(scratch));
	/* nothing of a decoded body may stay: the scratch is untouched
	 * (no body was decoded) or wiped */
	{
		size_t i, poison = 0;

		for (i = 0; i < sizeof(scratch); i++)
			poison += scratch[i] == FUZZ_POISON;
		FUZZ_CHECK(poison == sizeof(scratch) || fuzz_is_zero(scratch, sizeof(scratch)));
	}
	if (rc != MTPM_OK) {
		/* MTPM_E_UNSUPPORTED: a well-formed key file of another type
		 * (not sealed data), which keyfile.h's "MTPM_E_MALFORMED on
		 * anything" does not mention. */
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_UNSUPPORTED);
		FUZZ_CHECK(memcmp(&kf, &zero, sizeof(kf)) == 0);
		return 0;
	}

	/* PEM, with every field. */
	rc = mtpm_keyfile_write_pem(&kf, pem, sizeof(pem), &n);
	FUZZ_CHECK(rc == MTPM_OK);
	memset(&kf2, FUZZ_POISON, sizeof(kf2));
	FUZZ_CHECK(mtpm_keyfile_read(pem, n, &kf2, scratch, sizeof(scratch)) == MTPM_OK);
	FUZZ_CHECK(memcmp(&kf, &kf2, sizeof(kf)) == 0);

	/* DER: the same but mtpm's PEM lines, and a fixed point. */
	FUZZ_CHECK(mtpm_keyfile_write_der(&kf, der, sizeof(der), &n) == MTPM_OK);
	memset(&kf2, FUZZ_POISON, sizeof(kf2));
	FUZZ_CHECK(mtpm_keyfile_read_der(der, n, &kf2) == MTPM_OK);
	drop_pem_lines(&kf);
	FUZZ_CHECK(memcmp(&kf, &kf2, sizeof(kf)) == 0);
	FUZZ_CHECK(mtpm_keyfile_write_der(&kf2, der2, sizeof(der2), &n2) == MTPM_OK);
	FUZZ_CHECK(n2 == n && memcmp(der, der2, n) == 0);
	return 0;
}
