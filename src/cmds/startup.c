/*
 * startup.c - Part 3 §9 (Start-up) and §10 (Testing).
 *
 * None of these carries a parameter or session; the response is the bare
 * header, so the only parsing is the pipeline's header check.
 */
#include "mtpm/cmds.h"

static mtpm_rc no_params(mtpm_ctx *ctx, const mtpm_cmd_desc *desc, int has_u8, uint8_t u8,
			 uint16_t u16)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, desc);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	if (has_u8)
		mtpm_put_u8(p, u8);
	else
		mtpm_put_u16(p, u16);
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §9.3 TPM2_Startup(startupType) */
mtpm_rc mtpm_Startup(mtpm_ctx *ctx, uint16_t startupType)
{
	mtpm_rc rc = no_params(ctx, &mtpm_cmd_Startup, 0, 0, startupType);

	/* Startup follows _TPM_Init: no object or session is loaded any
	 * more, and a handle held from before could be reused for a new one
	 * that recovery must then not mistake for ours. */
	if (rc == MTPM_OK) {
		ctx->nheld = 0;
		ctx->held_lost = 0;
	}
	return rc;
}

/* Part 3 §9.4 TPM2_Shutdown(shutdownType) */
mtpm_rc mtpm_Shutdown(mtpm_ctx *ctx, uint16_t shutdownType)
{
	return no_params(ctx, &mtpm_cmd_Shutdown, 0, 0, shutdownType);
}

/* Part 3 §10.2 TPM2_SelfTest(fullTest) */
mtpm_rc mtpm_SelfTest(mtpm_ctx *ctx, uint8_t fullTest)
{
	return no_params(ctx, &mtpm_cmd_SelfTest, 1, fullTest ? 1 : 0, 0);
}
