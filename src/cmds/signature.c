/*
 * signature.c - Part 3 §20.1 TPM2_VerifySignature, used to get the
 * TPMT_TK_VERIFIED ticket that PolicyAuthorize needs.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §20.1 response: validation */
mtpm_rc mtpm_VerifySignature_rsp(mtpm_cur *c, mtpm_TPMT_TK_VERIFIED *validation)
{
	mtpm_get_TPMT_TK(c, validation);   /* validation */
	if (c->err == MTPM_OK && validation->tag != MTPM_ST_VERIFIED)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(validation, 0, sizeof(*validation));
	return c->err;
}

/* Part 3 §20.1 TPM2_VerifySignature: keyHandle, digest, signature */
mtpm_rc mtpm_VerifySignature(mtpm_ctx *ctx, uint32_t keyHandle,
			     const mtpm_TPM2B_DIGEST *digest,
			     const mtpm_TPMT_SIGNATURE *signature,
			     mtpm_TPMT_TK_VERIFIED *validation)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_VerifySignature);
	mtpm_cmd_handle(&cmd, keyHandle, NULL);    /* keyHandle */
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, digest);          /* digest */
	mtpm_put_TPMT_SIGNATURE(p, signature);     /* signature */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_VerifySignature_rsp(&cmd.rsp, validation);
	else
		memset(validation, 0, sizeof(*validation));
	return mtpm_cmd_end(&cmd, rc);
}
