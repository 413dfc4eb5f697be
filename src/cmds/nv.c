/*
 * nv.c - Part 3 §31 (Non-volatile Storage).
 *
 * NV_Write's data and NV_Read's output are first-position TPM2Bs, so a
 * session with decrypt/encrypt protects them. NV_DefineSpace's auth is
 * also first, so the new index's authValue can cross encrypted.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Part 3 §31.3 TPM2_NV_DefineSpace: authHandle (@auth), auth, publicInfo */
mtpm_rc mtpm_NV_DefineSpace(mtpm_ctx *ctx, uint32_t authHandle,
			    const mtpm_auths *auths, const mtpm_TPM2B_AUTH *auth,
			    const mtpm_TPM2B_NV_PUBLIC *publicInfo)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_NV_DefineSpace);
	mtpm_cmd_handle(&cmd, authHandle, NULL);     /* @authHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, auth);              /* auth */
	mtpm_put_TPM2B_NV_PUBLIC(p, publicInfo);     /* publicInfo */
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §31.4 TPM2_NV_UndefineSpace: authHandle (@auth), nvIndex */
mtpm_rc mtpm_NV_UndefineSpace(mtpm_ctx *ctx, uint32_t authHandle,
			      const mtpm_auths *auths, uint32_t nvIndex,
			      const mtpm_TPM2B_NAME *nvName)
{
	mtpm_cmd cmd;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_NV_UndefineSpace);
	mtpm_cmd_handle(&cmd, authHandle, NULL);     /* @authHandle */
	mtpm_cmd_handle(&cmd, nvIndex, nvName);      /* nvIndex */
	mtpm_cmd_auths(&cmd, auths);
	(void)mtpm_cmd_params(&cmd);
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §31.6 response: nvPublic, nvName */
mtpm_rc mtpm_NV_ReadPublic_rsp(mtpm_cur *c, mtpm_TPM2B_NV_PUBLIC *nvPublic,
			       mtpm_TPM2B_NAME *nvName)
{
	mtpm_get_TPM2B_NV_PUBLIC(c, nvPublic);  /* nvPublic */
	mtpm_get_TPM2B_NAME(c, nvName);         /* nvName */
	if (mtpm_cur_done(c) != MTPM_OK) {
		memset(nvPublic, 0, sizeof(*nvPublic));
		memset(nvName, 0, sizeof(*nvName));
	}
	return c->err;
}

/*
 * Part 3 §31.6 TPM2_NV_ReadPublic: nvIndex
 *
 * The response carries the index's public area and its Name, which Part 1
 * §16 / Part 2 §13.5 define as nameAlg || H_nameAlg(marshalled
 * TPMS_NV_PUBLIC). The Name is what HMAC sessions bind and policies
 * (PolicyNV, PolicySecret) name, the public area is what a caller reads
 * the attributes from: both must describe the same index, so the Name is
 * recomputed here and compared (constant time). A TPM never sends halves
 * that disagree, so a mismatch is MTPM_E_INTEGRITY, the class of a Load
 * whose Name is not its public area's (src/seal/seal.c): the response was
 * altered on the way, not merely cut. An answer about another index is
 * MTPM_E_MALFORMED, as GetCapability's about another capability. This
 * makes the two halves consistent; it cannot make them authentic - an
 * interposer can forge both - which takes a Name the caller already
 * trusts. Needs ctx->crypto (else MTPM_E_USAGE); outputs zero on failure.
 */
mtpm_rc mtpm_NV_ReadPublic(mtpm_ctx *ctx, uint32_t nvIndex,
			   mtpm_TPM2B_NV_PUBLIC *nvPublic, mtpm_TPM2B_NAME *nvName)
{
	mtpm_TPM2B_NAME mine;
	mtpm_cmd cmd;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_NV_ReadPublic);
	mtpm_cmd_handle(&cmd, nvIndex, NULL);   /* nvIndex */
	mtpm_cmd_auths(&cmd, NULL);
	(void)mtpm_cmd_params(&cmd);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_NV_ReadPublic_rsp(&cmd.rsp, nvPublic, nvName);
	if (rc == MTPM_OK && nvPublic->nvPublic.nvIndex != nvIndex)
		rc = MTPM_E_MALFORMED;
	if (rc == MTPM_OK)
		rc = mtpm_name_of_nv(ctx->crypto, &nvPublic->nvPublic, &mine);
	if (rc == MTPM_OK && (mine.size != nvName->size ||
			      !mtpm_ct_equal(mine.buffer, nvName->buffer, mine.size)))
		rc = MTPM_E_INTEGRITY;
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK) {
		memset(nvPublic, 0, sizeof(*nvPublic));
		memset(nvName, 0, sizeof(*nvName));
	}
	return rc;
}

/* Part 3 §31.13 response: data */
mtpm_rc mtpm_NV_Read_rsp(mtpm_cur *c, mtpm_TPM2B_MAX_NV_BUFFER *data)
{
	mtpm_get_TPM2B_MAX_NV_BUFFER(c, data);  /* data */
	if (mtpm_cur_done(c) != MTPM_OK)
		mtpm_wipe(data, sizeof(*data));
	return c->err;
}

/* Part 3 §31.13 TPM2_NV_Read: authHandle (@auth), nvIndex, size, offset */
mtpm_rc mtpm_NV_Read(mtpm_ctx *ctx, uint32_t authHandle,
		     const mtpm_TPM2B_NAME *authName, const mtpm_auths *auths,
		     uint32_t nvIndex, const mtpm_TPM2B_NAME *nvName, uint16_t size,
		     uint16_t offset, mtpm_TPM2B_MAX_NV_BUFFER *data)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_NV_Read);
	mtpm_cmd_handle(&cmd, authHandle, authName);  /* @authHandle */
	mtpm_cmd_handle(&cmd, nvIndex, nvName);       /* nvIndex */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_u16(p, size);                        /* size */
	mtpm_put_u16(p, offset);                      /* offset */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_NV_Read_rsp(&cmd.rsp, data);
	if (rc == MTPM_OK && data->size != size)
		rc = MTPM_E_MALFORMED;
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK)
		mtpm_wipe(data, sizeof(*data));
	return rc;
}

/* Part 3 §31.7 TPM2_NV_Write: authHandle (@auth), nvIndex, data, offset */
mtpm_rc mtpm_NV_Write(mtpm_ctx *ctx, uint32_t authHandle,
		      const mtpm_TPM2B_NAME *authName, const mtpm_auths *auths,
		      uint32_t nvIndex, const mtpm_TPM2B_NAME *nvName,
		      const mtpm_TPM2B_MAX_NV_BUFFER *data, uint16_t offset)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_NV_Write);
	mtpm_cmd_handle(&cmd, authHandle, authName);  /* @authHandle */
	mtpm_cmd_handle(&cmd, nvIndex, nvName);       /* nvIndex */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_MAX_NV_BUFFER(p, data);        /* data */
	mtpm_put_u16(p, offset);                      /* offset */
	return mtpm_cmd_run_end(&cmd);
}
