/*
 * random.c - Part 3 §16 (Random Number Generator).
 *
 * GetRandom's output and StirRandom's input are TPM2Bs in first position,
 * so either can travel encrypted when a session with the encrypt/decrypt
 * attribute is passed in `auths`.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §16.1 TPM2_GetRandom response: randomBytes */
mtpm_rc mtpm_GetRandom_rsp(mtpm_cur *c, mtpm_TPM2B_DIGEST *randomBytes)
{
	mtpm_get_TPM2B_DIGEST(c, randomBytes);   /* randomBytes */
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(randomBytes, 0, sizeof(*randomBytes));
	return c->err;
}

/* Part 3 §16.1 TPM2_GetRandom */
mtpm_rc mtpm_GetRandom(mtpm_ctx *ctx, const mtpm_auths *auths,
		       uint16_t bytesRequested, mtpm_TPM2B_DIGEST *randomBytes)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	memset(randomBytes, 0, sizeof(*randomBytes));
	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_GetRandom);
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u16(p, bytesRequested);         /* bytesRequested */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_GetRandom_rsp(&cmd.rsp, randomBytes);
	if (rc == MTPM_OK && randomBytes->size > bytesRequested)
		rc = MTPM_E_MALFORMED;           /* more than asked for */
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK)
		mtpm_wipe(randomBytes, sizeof(*randomBytes));
	return rc;
}

/* Part 3 §16.2 TPM2_StirRandom */
mtpm_rc mtpm_StirRandom(mtpm_ctx *ctx, const mtpm_auths *auths,
			const mtpm_TPM2B_SENSITIVE_DATA *inData)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_StirRandom);
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_SENSITIVE_DATA(p, inData); /* inData */
	return mtpm_cmd_run_end(&cmd);
}
