/*
 * fuzz/fuzz_keyfile_step.c - one policy step's commandPolicy as the key
 * file stores it, mtpm_keyfile_get_step (src/seal/keyfile.c).
 *
 * Input: byte 0 picks the command code (of the seven policy commands the
 * reader knows, and one it does not), byte 1 bit 0 whether the caller
 * passes room for PolicyAuthorize's key and signature; the rest is the
 * commandPolicy.
 *
 * Oracle: the cursor is valid; on success mtpm_keyfile_put_step gives
 * back exactly the consumed bytes; on failure the step and the auth
 * extras are zero.
 */
#include "fuzz.h"
#include "mtpm/keyfile.h"

static const uint32_t ccs[] = {
	MTPM_CC_PolicyPCR, MTPM_CC_PolicyAuthValue, MTPM_CC_PolicyPassword,
	MTPM_CC_PolicyCommandCode, MTPM_CC_PolicyOR, MTPM_CC_PolicyAuthorize,
	MTPM_CC_PolicySecret, MTPM_CC_Unseal,
};

static mtpm_policy_step st;
static mtpm_keyfile_auth auth;
static uint8_t wbuf[FUZZ_OUT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mtpm_keyfile_auth *a;
	mtpm_cur c, w;
	mtpm_rc rc;

	if (size < 2)
		return 0;
	a = (data[1] & 1) ? &auth : NULL;
	memset(&st, FUZZ_POISON, sizeof(st));
	memset(&auth, FUZZ_POISON, sizeof(auth));
	mtpm_cur_init_ro(&c, data + 2, size - 2);
	rc = mtpm_keyfile_get_step(&c, ccs[data[0] % (sizeof(ccs) / sizeof(ccs[0]))], &st, a);
	FUZZ_CHECK(mtpm_cur_valid(&c));
	FUZZ_CHECK(rc == c.err);
	if (rc != MTPM_OK) {
		/* Every failure path zeroes both outputs (the reader's two
		 * early returns used to leave st->cc set; fixed). */
		FUZZ_CHECK(fuzz_is_zero(&st, sizeof(st)));
		if (a)
			FUZZ_CHECK(fuzz_is_zero(a, sizeof(*a)));
		return 0;
	}
	FUZZ_CHECK(c.pos == size - 2);
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	FUZZ_CHECK(mtpm_keyfile_put_step(&w, &st, a) == MTPM_OK);
	fuzz_check_same(&w, data + 2, size - 2);
	return 0;
}
