/*
 * context.c - Part 3 §28 (Context Management), and the recovery that
 * keeps a lost response from leaving anything loaded (the design is at
 * the top of pipeline.c, "Nothing left loaded").
 *
 * FlushContext names its handle in the parameter area, not the handle area
 * (Part 3 §28.4), so it never takes a session.
 */
#include <string.h>
#include "cmds_int.h"

/* The first handle of the capability query that lists h's kind. */
static uint32_t kind_of(uint32_t h)
{
	return MTPM_HANDLE_TYPE(h) == MTPM_HT_TRANSIENT ? MTPM_LIST_TRANSIENT : MTPM_LIST_SESSIONS;
}

/* Part 3 §28.4 TPM2_FlushContext: flushHandle (parameter) */
mtpm_rc mtpm_FlushContext(mtpm_ctx *ctx, uint32_t flushHandle)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc, base;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_FlushContext);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u32(p, flushHandle);   /* flushHandle */
	rc = mtpm_cmd_run_end(&cmd);
	base = mtpm_rc_base(rc);
	if (rc == MTPM_OK || base == MTPM_RC_HANDLE || base == MTPM_RC_VALUE) {
		/* Gone, or never there: (no longer) ours. When the TPM says
		 * a held handle does not exist (HANDLE: not loaded; VALUE:
		 * past its slots), the response that created it had its
		 * handle area corrupted (it is outside rpHash), and what the
		 * TPM did create sits under another handle. */
		if (rc != MTPM_OK && mtpm_ctx_holds(ctx, flushHandle))
			mtpm_ctx_recover(ctx, kind_of(flushHandle));
		mtpm_ctx_release(ctx, flushHandle);
	}
	return rc;
}

/* Is h a loaded handle of the kind the query starting at first lists?
 * The loaded-session query lists HMAC (0x02) and policy (0x03) sessions
 * alike. Nothing else - a persistent object, an NV index - is ever
 * flushed, whatever the response claims. */
static int same_kind(uint32_t h, uint32_t first)
{
	uint32_t t = MTPM_HANDLE_TYPE(h);

	if (first == MTPM_LIST_TRANSIENT)
		return t == MTPM_HT_TRANSIENT;
	return t == MTPM_HT_HMAC_SESSION || t == MTPM_HT_POLICY_SESSION;
}

/*
 * Part 3 §30.2 TPM2_GetCapability(TPM_CAP_HANDLES, first, MTPM_MAX_HELD),
 * read straight into h[MTPM_MAX_HELD]: mtpm_TPMS_CAPABILITY_DATA is 1 KiB,
 * and this runs beneath the failure path of every command (a session's
 * flush), so it keeps the stack where it was. Response: moreData,
 * capability (must be TPM_CAP_HANDLES), TPML_HANDLE (count <= asked).
 * One listing is enough: a TPM without a resource manager loads a few
 * objects and sessions at a time (PC Client: 3 of each), and moreData
 * past MTPM_MAX_HELD is left for the next recovery. Returns the count,
 * 0 on any failure.
 */
static unsigned list_handles(mtpm_ctx *ctx, uint32_t first, uint32_t *h)
{
	mtpm_cmd cmd;
	uint32_t cap, n = 0, i;
	uint8_t more;
	mtpm_rc rc;

	rc = mtpm_cap_run(&cmd, ctx, MTPM_CAP_HANDLES, first, MTPM_MAX_HELD);
	if (rc == MTPM_OK) {
		mtpm_get_u8(&cmd.rsp, &more);     /* moreData */
		mtpm_get_u32(&cmd.rsp, &cap);     /* capabilityData.capability */
		mtpm_get_u32(&cmd.rsp, &n);       /* capabilityData.data.handles.count */
		if (cap != MTPM_CAP_HANDLES || n > MTPM_MAX_HELD)
			mtpm_cur_fail(&cmd.rsp, MTPM_E_MALFORMED);
		for (i = 0; i < n && cmd.rsp.err == MTPM_OK; i++)
			mtpm_get_u32(&cmd.rsp, &h[i]); /* handle[i] */
		rc = mtpm_cur_done(&cmd.rsp);
	}
	return mtpm_cmd_end(&cmd, rc) == MTPM_OK ? n : 0;
}

void mtpm_ctx_recover(mtpm_ctx *ctx, uint32_t first)
{
	uint32_t h[MTPM_MAX_HELD];
	unsigned i, n;

	if (ctx->tr == NULL || ctx->tr->resource_manager || ctx->held_lost)
		return;
	n = list_handles(ctx, first, h);
	for (i = 0; i < n; i++)
		if (same_kind(h[i], first) && !mtpm_ctx_holds(ctx, h[i]))
			mtpm_rc_ignore(mtpm_FlushContext(ctx, h[i]));
}

mtpm_rc mtpm_cmd_end_handle(mtpm_cmd *cmd, mtpm_rc rc, int ok, uint32_t *handle,
			    uint32_t first)
{
	mtpm_ctx *ctx = cmd->ctx;
	/* The TPM may have run it: it went out, and no TPM error came back
	 * (an error response means nothing was created). */
	int may_exist = cmd->sent && cmd->tpm_rc == MTPM_OK;

	if (rc == MTPM_OK && !ok)
		rc = MTPM_E_MALFORMED;
	/* A handle of the right type from a success is taken, and flushed
	 * below if anything failed, even a later check of this response. */
	*handle = may_exist && ok ? cmd->rsp_handle : 0;
	if (*handle)
		mtpm_ctx_hold(ctx, *handle);
	rc = mtpm_cmd_end(cmd, rc);
	if (rc != MTPM_OK) {
		if (*handle)
			mtpm_rc_ignore(mtpm_FlushContext(ctx, *handle));
		else if (may_exist)
			mtpm_ctx_recover(ctx, first);
		*handle = 0;
	}
	return rc;
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

	/* Zero until parsed; the parser zeroes it again if it fails. */
	memset(context, 0, sizeof(*context));
	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_ContextSave);
	mtpm_cmd_handle(&cmd, saveHandle, NULL);   /* saveHandle */
	mtpm_cmd_auths(&cmd, NULL);
	(void)mtpm_cmd_params(&cmd);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_ContextSave_rsp(&cmd.rsp, context);
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
	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_ContextLoad);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPMS_CONTEXT(p, context);   /* context */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd.rsp);
	/* The loaded handle has the saved one's type (a transient object,
	 * or the same session); anything else is a corrupted response. A
	 * context the TPM loaded but whose response then failed a check is
	 * flushed, as Load does; one whose response was lost is recovered
	 * (pipeline.c, "Nothing left loaded"). */
	ok = MTPM_HANDLE_TYPE(cmd.rsp_handle) == MTPM_HANDLE_TYPE(context->savedHandle) &&
	     (MTPM_HANDLE_TYPE(cmd.rsp_handle) == MTPM_HT_TRANSIENT ||
	      cmd.rsp_handle == context->savedHandle);
	return mtpm_cmd_end_handle(&cmd, rc, ok, loadedHandle,
				   kind_of(context->savedHandle));
}

/* Part 3 §28.5 TPM2_EvictControl: auth (@auth), objectHandle,
 * persistentHandle (parameter) */
mtpm_rc mtpm_EvictControl(mtpm_ctx *ctx, uint32_t auth, const mtpm_auths *auths,
			  uint32_t objectHandle, const mtpm_TPM2B_NAME *objectName,
			  uint32_t persistentHandle)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_EvictControl);
	mtpm_cmd_handle(&cmd, auth, NULL);                  /* @auth */
	mtpm_cmd_handle(&cmd, objectHandle, objectName);    /* objectHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u32(p, persistentHandle);                  /* persistentHandle */
	return mtpm_cmd_run_end(&cmd);
}
