/*
 * object.c - Part 3 §12 (Object Commands) and §24.1 CreatePrimary, which
 * shares Create's parameters and outputs.
 *
 * Create and CreatePrimary carry inSensitive (the new object's authValue
 * and, for a sealed object, the secret) as their first parameter, so a
 * session with the decrypt attribute encrypts it on the bus. Unseal's
 * outData is its first response parameter, so a session with the encrypt
 * attribute protects it.
 */
#include <string.h>
#include "mtpm/cmds.h"

static void clear_create_out(mtpm_create_out *o)
{
	if (o->outPrivate)
		memset(o->outPrivate, 0, sizeof(*o->outPrivate));
	if (o->outPublic)
		memset(o->outPublic, 0, sizeof(*o->outPublic));
	if (o->creationData)
		memset(o->creationData, 0, sizeof(*o->creationData));
	if (o->creationHash)
		memset(o->creationHash, 0, sizeof(*o->creationHash));
	if (o->creationTicket)
		memset(o->creationTicket, 0, sizeof(*o->creationTicket));
	if (o->name)
		memset(o->name, 0, sizeof(*o->name));
}

/* Parse the outputs Create (§12.1) and CreatePrimary (§24.1) share,
 * consuming the parameters exactly; all zero on failure. Outputs not
 * wanted are parsed into scratch space and dropped. */
static mtpm_rc get_create_out(mtpm_cur *c, int primary, mtpm_create_out *o)
{
	union {
		mtpm_TPM2B_PRIVATE priv;
		mtpm_TPM2B_PUBLIC pub;
		mtpm_TPM2B_CREATION_DATA cd;
		mtpm_TPM2B_DIGEST d;
		mtpm_TPMT_TK tk;
		mtpm_TPM2B_NAME name;
	} scratch;

	if (!primary)                                            /* outPrivate */
		mtpm_get_TPM2B_PRIVATE(c, o->outPrivate ? o->outPrivate : &scratch.priv);
	mtpm_get_TPM2B_PUBLIC(c, o->outPublic ? o->outPublic : &scratch.pub);       /* outPublic */
	mtpm_get_TPM2B_CREATION_DATA(c, o->creationData ? o->creationData : &scratch.cd); /* creationData */
	mtpm_get_TPM2B_DIGEST(c, o->creationHash ? o->creationHash : &scratch.d);   /* creationHash */
	mtpm_get_TPMT_TK(c, o->creationTicket ? o->creationTicket : &scratch.tk);   /* creationTicket */
	if (primary)                                             /* name */
		mtpm_get_TPM2B_NAME(c, o->name ? o->name : &scratch.name);
	mtpm_wipe(&scratch, sizeof(scratch));
	if (mtpm_cur_done(c) != MTPM_OK)
		clear_create_out(o);
	return c->err;
}

/* Part 3 §12.1 TPM2_Create response: outPrivate, outPublic, creationData,
 * creationHash, creationTicket */
mtpm_rc mtpm_Create_rsp(mtpm_cur *c, mtpm_create_out *out)
{
	return get_create_out(c, 0, out);
}

/* Part 3 §24.1 TPM2_CreatePrimary response: objectHandle (handle area),
 * outPublic, creationData, creationHash, creationTicket, name */
mtpm_rc mtpm_CreatePrimary_rsp(mtpm_cur *c, mtpm_create_out *out)
{
	return get_create_out(c, 1, out);
}

/*
 * Is the handle a response to CreatePrimary, Load or LoadExternal names
 * a transient object's? A success naming anything else is a corrupted
 * response (MTPM_E_MALFORMED, mtpm_cmd_end_handle), and only such a
 * handle is ever flushed after a later failure, so a corrupted handle
 * area cannot make mtpm flush a persistent object, a session or an NV
 * index of the caller's. A response lost or unreadable before its handle
 * could be taken is recovered without one (src/cmds/pipeline.c, "Nothing
 * left loaded").
 *
 * SECURITY-GAP(G-2): what recovery cannot reach. (1) A transport that
 * closed itself on the failure (stream or device: timeout, short frame,
 * peer gone) carries no GetCapability: the object or session stays in a
 * TPM without a resource manager until the caller reopens and flushes
 * what it does not own (on /dev/tpmrm0 the kernel flushes on close).
 * (2) The handle area is outside rpHash (Part 1 §18.8): not even an HMAC
 * session vouches for a returned handle. A flipped bit that names no
 * object is caught when its flush fails (TPM_RC_HANDLE) and recovered;
 * one that names another object the caller holds is not detectable, and
 * the caller acts on the wrong object until then. A caller that must
 * trust the object checks its Name (ReadPublic) first.
 * tests/integration/it_hostile.c shows both.
 */
static int object_handle(const mtpm_cmd *cmd)
{
	return MTPM_HANDLE_TYPE(cmd->rsp_handle) == MTPM_HT_TRANSIENT;
}

/*
 * Send Create (§12.1) or CreatePrimary (§24.1, which also returns
 * objectHandle): the same parameters, the same outputs but for
 * outPrivate and name, all zero on failure.
 */
static mtpm_rc create(mtpm_ctx *ctx, const mtpm_cmd_desc *row, uint32_t parent,
		      const mtpm_TPM2B_NAME *parentName, const mtpm_auths *auths,
		      const mtpm_TPM2B_SENSITIVE_CREATE *inSensitive,
		      const mtpm_TPM2B_PUBLIC *inPublic,
		      const mtpm_TPM2B_DATA *outsideInfo,
		      const mtpm_TPML_PCR_SELECTION *creationPCR,
		      uint32_t *objectHandle, mtpm_create_out *out)
{
	static const mtpm_TPM2B_DATA no_info;
	static const mtpm_TPML_PCR_SELECTION no_pcrs;
	int primary = row == &mtpm_cmd_CreatePrimary;
	mtpm_create_out none;
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	memset(&none, 0, sizeof(none));
	if (!out)
		out = &none;
	mtpm_cmd_begin(&cmd, ctx, row);
	mtpm_cmd_handle(&cmd, parent, parentName);  /* @parentHandle, @primaryHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_SENSITIVE_CREATE(p, inSensitive);            /* inSensitive */
	mtpm_put_TPM2B_PUBLIC(p, inPublic);                         /* inPublic */
	mtpm_put_TPM2B_DATA(p, outsideInfo ? outsideInfo : &no_info); /* outsideInfo */
	mtpm_put_TPML_PCR_SELECTION(p, creationPCR ? creationPCR : &no_pcrs); /* creationPCR */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = get_create_out(&cmd.rsp, primary, out);
	/* A primary created but whose response failed a check, or was
	 * lost, must not stay loaded (see object_handle). */
	if (primary)
		rc = mtpm_cmd_end_handle(&cmd, rc, object_handle(&cmd),
					 objectHandle, MTPM_LIST_TRANSIENT);
	else
		rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK)
		clear_create_out(out);
	return rc;
}

/* Part 3 §24.1 TPM2_CreatePrimary: primaryHandle (@auth) -> objectHandle */
mtpm_rc mtpm_CreatePrimary(mtpm_ctx *ctx, uint32_t primaryHandle,
			   const mtpm_auths *auths,
			   const mtpm_TPM2B_SENSITIVE_CREATE *inSensitive,
			   const mtpm_TPM2B_PUBLIC *inPublic,
			   const mtpm_TPM2B_DATA *outsideInfo,
			   const mtpm_TPML_PCR_SELECTION *creationPCR,
			   uint32_t *objectHandle, mtpm_create_out *out)
{
	return create(ctx, &mtpm_cmd_CreatePrimary, primaryHandle, NULL, auths,
		      inSensitive, inPublic, outsideInfo, creationPCR,
		      objectHandle, out);
}

/* Part 3 §12.1 TPM2_Create: parentHandle (@auth) */
mtpm_rc mtpm_Create(mtpm_ctx *ctx, uint32_t parentHandle,
		    const mtpm_TPM2B_NAME *parentName, const mtpm_auths *auths,
		    const mtpm_TPM2B_SENSITIVE_CREATE *inSensitive,
		    const mtpm_TPM2B_PUBLIC *inPublic,
		    const mtpm_TPM2B_DATA *outsideInfo,
		    const mtpm_TPML_PCR_SELECTION *creationPCR,
		    mtpm_create_out *out)
{
	return create(ctx, &mtpm_cmd_Create, parentHandle, parentName, auths,
		      inSensitive, inPublic, outsideInfo, creationPCR, NULL, out);
}

/* Part 3 §12.2 response: objectHandle (handle area), name */
mtpm_rc mtpm_Load_rsp(mtpm_cur *c, mtpm_TPM2B_NAME *name)
{
	mtpm_get_TPM2B_NAME(c, name);   /* name */
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(name, 0, sizeof(*name));
	return c->err;
}

/* Shared tail of Load and LoadExternal: nothing stays loaded when
 * anything after sending failed (see object_handle). */
static mtpm_rc load_tail(mtpm_cmd *cmd, mtpm_rc rc, uint32_t *objectHandle,
			 mtpm_TPM2B_NAME *name)
{
	mtpm_TPM2B_NAME scratch;

	if (rc == MTPM_OK)
		rc = mtpm_Load_rsp(&cmd->rsp, name ? name : &scratch);
	rc = mtpm_cmd_end_handle(cmd, rc, object_handle(cmd), objectHandle,
				 MTPM_LIST_TRANSIENT);
	if (rc != MTPM_OK && name)
		memset(name, 0, sizeof(*name));
	return rc;
}

/* Part 3 §12.2 TPM2_Load: parentHandle (@auth), inPrivate, inPublic */
mtpm_rc mtpm_Load(mtpm_ctx *ctx, uint32_t parentHandle,
		  const mtpm_TPM2B_NAME *parentName, const mtpm_auths *auths,
		  const mtpm_TPM2B_PRIVATE *inPrivate,
		  const mtpm_TPM2B_PUBLIC *inPublic, uint32_t *objectHandle,
		  mtpm_TPM2B_NAME *name)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_Load);
	mtpm_cmd_handle(&cmd, parentHandle, parentName); /* @parentHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_PRIVATE(p, inPrivate);             /* inPrivate */
	mtpm_put_TPM2B_PUBLIC(p, inPublic);               /* inPublic */
	return load_tail(&cmd, mtpm_cmd_run(&cmd), objectHandle, name);
}

/* Part 3 §12.3 TPM2_LoadExternal: inPrivate (empty), inPublic, hierarchy */
mtpm_rc mtpm_LoadExternal(mtpm_ctx *ctx, const mtpm_TPM2B_PUBLIC *inPublic,
			  uint32_t hierarchy, uint32_t *objectHandle,
			  mtpm_TPM2B_NAME *name)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_LoadExternal);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u16(p, 0);                   /* inPrivate: TPM2B_SENSITIVE, empty */
	mtpm_put_TPM2B_PUBLIC(p, inPublic);   /* inPublic */
	mtpm_put_u32(p, hierarchy);           /* hierarchy */
	return load_tail(&cmd, mtpm_cmd_run(&cmd), objectHandle, name);
}

/* Part 3 §12.4 response: outPublic, name, qualifiedName */
mtpm_rc mtpm_ReadPublic_rsp(mtpm_cur *c, mtpm_TPM2B_PUBLIC *outPublic,
			    mtpm_TPM2B_NAME *name, mtpm_TPM2B_NAME *qualifiedName)
{
	mtpm_get_TPM2B_PUBLIC(c, outPublic);       /* outPublic */
	mtpm_get_TPM2B_NAME(c, name);              /* name */
	mtpm_get_TPM2B_NAME(c, qualifiedName);     /* qualifiedName */
	if (mtpm_cur_done(c) != MTPM_OK) {
		memset(outPublic, 0, sizeof(*outPublic));
		memset(name, 0, sizeof(*name));
		memset(qualifiedName, 0, sizeof(*qualifiedName));
	}
	return c->err;
}

/* Part 3 §12.4 TPM2_ReadPublic: objectHandle */
mtpm_rc mtpm_ReadPublic(mtpm_ctx *ctx, uint32_t objectHandle,
			const mtpm_auths *auths, mtpm_TPM2B_PUBLIC *outPublic,
			mtpm_TPM2B_NAME *name, mtpm_TPM2B_NAME *qualifiedName)
{
	mtpm_TPM2B_NAME qn_scratch;
	mtpm_cmd cmd;
	mtpm_rc rc;

	if (!qualifiedName)
		qualifiedName = &qn_scratch;
	/* Zero until parsed; the parser zeroes them again if it fails. */
	memset(outPublic, 0, sizeof(*outPublic));
	memset(name, 0, sizeof(*name));
	memset(qualifiedName, 0, sizeof(*qualifiedName));
	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_ReadPublic);
	mtpm_cmd_handle(&cmd, objectHandle, NULL);    /* objectHandle */
	mtpm_cmd_auths(&cmd, auths);
	(void)mtpm_cmd_params(&cmd);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_ReadPublic_rsp(&cmd.rsp, outPublic, name, qualifiedName);
	return mtpm_cmd_end(&cmd, rc);
}

/* Part 3 §12.7 response: outData */
mtpm_rc mtpm_Unseal_rsp(mtpm_cur *c, mtpm_TPM2B_SENSITIVE_DATA *outData)
{
	mtpm_get_TPM2B_SENSITIVE_DATA(c, outData);  /* outData */
	if (mtpm_cur_done(c) != MTPM_OK)
		mtpm_wipe(outData, sizeof(*outData));
	return c->err;
}

/* Part 3 §12.7 TPM2_Unseal: itemHandle (@auth) */
mtpm_rc mtpm_Unseal(mtpm_ctx *ctx, uint32_t itemHandle,
		    const mtpm_TPM2B_NAME *itemName, const mtpm_auths *auths,
		    mtpm_TPM2B_SENSITIVE_DATA *outData)
{
	mtpm_cmd cmd;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_Unseal);
	mtpm_cmd_handle(&cmd, itemHandle, itemName);  /* @itemHandle */
	mtpm_cmd_auths(&cmd, auths);
	(void)mtpm_cmd_params(&cmd);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_Unseal_rsp(&cmd.rsp, outData);
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK)
		mtpm_wipe(outData, sizeof(*outData));
	return rc;
}
