/*
 * pcr.c - Part 3 §22 (Integrity Collection): PCR_Read and PCR_Extend.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §22.4 response: pcrUpdateCounter, pcrSelectionOut, pcrValues */
mtpm_rc mtpm_PCR_Read_rsp(mtpm_cur *c, uint32_t *pcrUpdateCounter,
			  mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
			  mtpm_TPML_DIGEST *pcrValues)
{
	mtpm_get_u32(c, pcrUpdateCounter);                 /* pcrUpdateCounter */
	mtpm_get_TPML_PCR_SELECTION(c, pcrSelectionOut);   /* pcrSelectionOut */
	mtpm_get_TPML_DIGEST(c, pcrValues);                /* pcrValues */
	if (mtpm_cur_done(c) != MTPM_OK) {
		*pcrUpdateCounter = 0;
		memset(pcrSelectionOut, 0, sizeof(*pcrSelectionOut));
		memset(pcrValues, 0, sizeof(*pcrValues));
	}
	return c->err;
}

/* Part 3 §22.4 TPM2_PCR_Read, with sessions: PCR_Read has no auth handle,
 * so any session given only audits or encrypts (an audit session makes
 * the TPM vouch for the values with its response HMAC). */
mtpm_rc mtpm_PCR_Read_auths(mtpm_ctx *ctx, const mtpm_auths *auths,
			    const mtpm_TPML_PCR_SELECTION *pcrSelectionIn,
			    uint32_t *pcrUpdateCounter,
			    mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
			    mtpm_TPML_DIGEST *pcrValues)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_PCR_Read);
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPML_PCR_SELECTION(p, pcrSelectionIn);   /* pcrSelectionIn */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_PCR_Read_rsp(&cmd.rsp, pcrUpdateCounter,
				       pcrSelectionOut, pcrValues);
	else {
		*pcrUpdateCounter = 0;
		memset(pcrSelectionOut, 0, sizeof(*pcrSelectionOut));
		memset(pcrValues, 0, sizeof(*pcrValues));
	}
	return mtpm_cmd_end(&cmd, rc);
}

/* Part 3 §22.4 TPM2_PCR_Read, no session */
mtpm_rc mtpm_PCR_Read(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *pcrSelectionIn,
		      uint32_t *pcrUpdateCounter,
		      mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
		      mtpm_TPML_DIGEST *pcrValues)
{
	return mtpm_PCR_Read_auths(ctx, NULL, pcrSelectionIn, pcrUpdateCounter,
				   pcrSelectionOut, pcrValues);
}

/* Part 3 §22.2 TPM2_PCR_Extend: pcrHandle (@auth), digests */
mtpm_rc mtpm_PCR_Extend(mtpm_ctx *ctx, uint32_t pcrHandle, const mtpm_auths *auths,
			const mtpm_TPML_DIGEST_VALUES *digests)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_PCR_Extend);
	mtpm_cmd_handle(&cmd, pcrHandle, NULL);          /* @pcrHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPML_DIGEST_VALUES(p, digests);          /* digests */
	return mtpm_cmd_run_end(&cmd);
}
