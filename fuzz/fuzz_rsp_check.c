/*
 * fuzz/fuzz_rsp_check.c - the response header check, mtpm_rsp_check
 * (src/cmds/pipeline.c; Part 1 §18 response structure).
 *
 * Input: byte 0 sets up the command the response answers - bits 0-1 the
 * number of sessions it carried (0-3), bit 2 whether the response has a
 * handle area - and the rest is the response frame.
 *
 * Oracle:
 *   - success with a TPM error: the frame was a bare 10-byte header;
 *   - success: rparams lies inside the frame, one authorization entry came
 *     back per session, and marshalling header, handle, parameterSize,
 *     parameters and TPMS_AUTH_RESPONSE entries again gives the frame;
 *   - failure: MTPM_E_MALFORMED, nothing handed out (rparams, nauths,
 *     tpm_rc) and the authorization entries zero;
 *   - never a write past the entries the command had sessions for.
 */
#include "fuzz.h"

static uint8_t wbuf[FUZZ_OUT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mtpm_TPMS_AUTH_RESPONSE ra[MTPM_MAX_AUTHS + 1];
	mtpm_cmd cmd;
	mtpm_cmd_desc row;
	mtpm_cur w;
	const uint8_t *f;
	unsigned nra, i;
	size_t n;
	mtpm_rc rc;
	uint16_t tag;

	if (size < 1)
		return 0;
	memset(&cmd, 0, sizeof(cmd));
	memset(&row, 0, sizeof(row));
	row.cc = MTPM_CC_GetRandom;
	row.rnh = (data[0] >> 2) & 1u;
	cmd.desc = &row;
	cmd.cc = row.cc;
	cmd.nauth = data[0] & 3u;
	f = data + 1;
	n = size - 1;

	memset(ra, FUZZ_POISON, sizeof(ra));
	nra = 0xA5A5A5A5u;
	cmd.tpm_rc = 0xA5A5A5A5u;
	rc = mtpm_rsp_check(&cmd, f, n, ra, &nra);

	/* Entries past the command's sessions are never touched. */
	for (i = cmd.nauth; i < MTPM_MAX_AUTHS + 1; i++) {
		mtpm_TPMS_AUTH_RESPONSE p;

		memset(&p, FUZZ_POISON, sizeof(p));
		FUZZ_CHECK(memcmp(&ra[i], &p, sizeof(p)) == 0);
	}
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED);
		FUZZ_CHECK(nra == 0);
		FUZZ_CHECK(cmd.rparams == NULL && cmd.rparams_len == 0);
		FUZZ_CHECK(cmd.tpm_rc == MTPM_OK);
		FUZZ_CHECK(fuzz_is_zero(ra, cmd.nauth * sizeof(ra[0])));
		return 0;
	}

	FUZZ_CHECK(n >= 10);
	tag = (uint16_t)((f[0] << 8) | f[1]);
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	if (cmd.tpm_rc != MTPM_OK) {
		/* An error answer: the bare header, nothing else handed out. */
		FUZZ_CHECK(n == 10);
		FUZZ_CHECK(cmd.tpm_rc <= 0xFFFF);
		FUZZ_CHECK(nra == 0 && cmd.rparams == NULL && cmd.rparams_len == 0);
		mtpm_put_u16(&w, tag);
		mtpm_put_u32(&w, (uint32_t)n);
		mtpm_put_u32(&w, cmd.tpm_rc);
		fuzz_check_same(&w, f, n);
		return 0;
	}

	FUZZ_CHECK(cmd.rparams != NULL || cmd.rparams_len == 0);
	if (cmd.rparams) {
		FUZZ_CHECK(cmd.rparams >= f && cmd.rparams <= f + n);
		FUZZ_CHECK(cmd.rparams_len <= (size_t)(f + n - cmd.rparams));
	}
	FUZZ_CHECK(nra == cmd.nauth);
	FUZZ_CHECK(tag == (cmd.nauth ? MTPM_ST_SESSIONS : MTPM_ST_NO_SESSIONS));
	mtpm_put_u16(&w, tag);                              /* tag */
	mtpm_put_u32(&w, (uint32_t)n);                      /* responseSize */
	mtpm_put_u32(&w, MTPM_OK);                          /* responseCode */
	if (row.rnh)
		mtpm_put_u32(&w, cmd.rsp_handle);           /* handle area */
	if (cmd.nauth)
		mtpm_put_u32(&w, (uint32_t)cmd.rparams_len); /* parameterSize */
	mtpm_put_bytes(&w, cmd.rparams, cmd.rparams_len);   /* parameters */
	for (i = 0; i < nra; i++)
		mtpm_put_TPMS_AUTH_RESPONSE(&w, &ra[i]);    /* authorizations */
	fuzz_check_same(&w, f, n);
	return 0;
}
