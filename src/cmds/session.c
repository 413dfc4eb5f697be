/*
 * session.c - Part 3 §11.1 TPM2_StartAuthSession, the raw command. The
 * session engine (src/session) wraps it: it makes the salt, derives the
 * session key and keeps the nonces.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §11.1 response: sessionHandle (handle area), nonceTPM */
mtpm_rc mtpm_StartAuthSession_rsp(mtpm_cur *c, mtpm_TPM2B_NONCE *nonceTPM)
{
	mtpm_get_TPM2B_DIGEST(c, nonceTPM);   /* nonceTPM */
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(nonceTPM, 0, sizeof(*nonceTPM));
	return c->err;
}

/* Part 3 §11.1 TPM2_StartAuthSession: tpmKey, bind, nonceCaller,
 * encryptedSalt, sessionType, symmetric, authHash */
mtpm_rc mtpm_StartAuthSession(mtpm_ctx *ctx, uint32_t tpmKey, uint32_t bind,
			      const mtpm_TPM2B_NONCE *nonceCaller,
			      const mtpm_TPM2B_ENCRYPTED_SECRET *encryptedSalt,
			      uint8_t sessionType, const mtpm_TPMT_SYM_DEF *symmetric,
			      uint16_t authHash, uint32_t *sessionHandle,
			      mtpm_TPM2B_NONCE *nonceTPM)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;
	uint32_t want;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_StartAuthSession);
	mtpm_cmd_handle(&cmd, tpmKey, NULL);                /* tpmKey */
	mtpm_cmd_handle(&cmd, bind, NULL);                  /* bind */
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, nonceCaller);              /* nonceCaller */
	mtpm_put_TPM2B_ENCRYPTED_SECRET(p, encryptedSalt);  /* encryptedSalt */
	mtpm_put_u8(p, sessionType);                        /* sessionType */
	mtpm_put_TPMT_SYM_DEF(p, symmetric);                /* symmetric */
	mtpm_put_u16(p, authHash);                          /* authHash */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_StartAuthSession_rsp(&cmd.rsp, nonceTPM);
	/* Only a handle of the session type asked for is taken (and flushed
	 * if anything failed): a corrupted handle area must not make us
	 * flush something of the caller's. A lost response is recovered
	 * (src/cmds/pipeline.c, "Nothing left loaded"; gap G-2 in
	 * src/cmds/object.c for what recovery cannot reach). */
	want = sessionType == MTPM_SE_HMAC ? MTPM_HT_HMAC_SESSION : MTPM_HT_POLICY_SESSION;
	rc = mtpm_cmd_end_handle(&cmd, rc, MTPM_HANDLE_TYPE(cmd.rsp_handle) == want, sessionHandle,
				 MTPM_LIST_SESSIONS);
	if (rc != MTPM_OK)
		memset(nonceTPM, 0, sizeof(*nonceTPM));
	return rc;
}
