/*
 * context.c - Part 3 §28 (Context Management).
 *
 * FlushContext names its handle in the parameter area, not the handle area
 * (Part 3 §28.4), so it never takes a session.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §28.4 TPM2_FlushContext: flushHandle (parameter) */
mtpm_rc mtpm_FlushContext(mtpm_ctx *ctx, uint32_t flushHandle)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, MTPM_CC_FlushContext);
	mtpm_cmd_auths(&cmd, 0, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u32(p, flushHandle);   /* flushHandle */
	rc = mtpm_cmd_run(&cmd, 0);
	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd.rsp);
	return mtpm_cmd_end(&cmd, rc);
}

/* Part 3 §28.2 response: context */
mtpm_rc mtpm_ContextSave_rsp(mtpm_cur *c, mtpm_TPMS_CONTEXT *context)
{
	mtpm_get_TPMS_CONTEXT(c, context);   /* context */
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(context, 0, sizeof(*context));
	return c->err;
}

/* Part 3 §28.2 TPM2_ContextSave: saveHandle */
mtpm_rc mtpm_ContextSave(mtpm_ctx *ctx, uint32_t saveHandle,
			 mtpm_TPMS_CONTEXT *context)
{
	mtpm_cmd cmd;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, MTPM_CC_ContextSave);
	mtpm_cmd_handle(&cmd, saveHandle, NULL);   /* saveHandle */
	mtpm_cmd_auths(&cmd, 0, NULL);
	(void)mtpm_cmd_params(&cmd);
	rc = mtpm_cmd_run(&cmd, 0);
	if (rc == MTPM_OK)
		rc = mtpm_ContextSave_rsp(&cmd.rsp, context);
	else
		memset(context, 0, sizeof(*context));
	return mtpm_cmd_end(&cmd, rc);
}

/* Part 3 §28.3 TPM2_ContextLoad: context -> loadedHandle */
mtpm_rc mtpm_ContextLoad(mtpm_ctx *ctx, const mtpm_TPMS_CONTEXT *context,
			 uint32_t *loadedHandle)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;
	int ok;

	*loadedHandle = 0;
	mtpm_cmd_begin(&cmd, ctx, MTPM_CC_ContextLoad);
	mtpm_cmd_auths(&cmd, 0, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPMS_CONTEXT(p, context);   /* context */
	rc = mtpm_cmd_run(&cmd, 1);
	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd.rsp);
	/* The loaded handle has the saved one's type (a transient object,
	 * or the same session); anything else is a corrupted response. A
	 * context the TPM loaded but whose response then failed a check is
	 * flushed, as Load does; a lost response leaves it unnamed (gap G-2,
	 * see src/cmds/object.c). */
	ok = (cmd.rsp_handle >> 24) == (context->savedHandle >> 24) &&
	     ((cmd.rsp_handle >> 24) == MTPM_HT_TRANSIENT ||
	      cmd.rsp_handle == context->savedHandle);
	if (rc == MTPM_OK && !ok)
		rc = MTPM_E_MALFORMED;
	if (cmd.tpm_rc == MTPM_OK && ok)
		*loadedHandle = cmd.rsp_handle;
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK) {
		if (*loadedHandle)
			(void)mtpm_FlushContext(ctx, *loadedHandle);
		*loadedHandle = 0;
	}
	return rc;
}

/* Part 3 §28.5 TPM2_EvictControl: auth (@auth), objectHandle,
 * persistentHandle (parameter) */
mtpm_rc mtpm_EvictControl(mtpm_ctx *ctx, uint32_t auth, const mtpm_auths *auths,
			  uint32_t objectHandle, const mtpm_TPM2B_NAME *objectName,
			  uint32_t persistentHandle)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, MTPM_CC_EvictControl);
	mtpm_cmd_handle(&cmd, auth, NULL);                  /* @auth */
	mtpm_cmd_handle(&cmd, objectHandle, objectName);    /* objectHandle */
	mtpm_cmd_auths(&cmd, 1, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u32(p, persistentHandle);                  /* persistentHandle */
	rc = mtpm_cmd_run(&cmd, 0);
	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd.rsp);
	return mtpm_cmd_end(&cmd, rc);
}
