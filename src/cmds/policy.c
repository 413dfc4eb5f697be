/*
 * policy.c - Part 3 §23 (Enhanced Authorization commands) mtpm sends, and
 * §11.2 TPM2_PolicyRestart: the raw commands, one function each, like
 * every other command in src/cmds.
 *
 * The session engine (src/session/policy.c) runs a policy step by calling
 * one of these with the session's handle and then mirrors the step in the
 * host-side digest; a caller can also use them directly.
 *
 * PolicySecret is the one with response parameters worth reading
 * (timeout, policyTicket); PolicyGetDigest returns the digest. The
 * others answer with no parameters, which their _rsp check requires.
 */
#include <string.h>
#include "mtpm/cmds.h"

/* Every policy command but PolicySecret names only the policy session,
 * which no authorization covers: the command up to its parameters. */
static mtpm_cur *policy_begin(mtpm_cmd *cmd, mtpm_ctx *ctx, const mtpm_cmd_desc *desc,
			      uint32_t policySession)
{
	mtpm_cmd_begin(cmd, ctx, desc);
	mtpm_cmd_handle(cmd, policySession, NULL);    /* policySession */
	mtpm_cmd_auths(cmd, NULL);
	return mtpm_cmd_params(cmd);
}

/* Part 3 §23.7 TPM2_PolicyPCR: policySession; pcrDigest, pcrs */
mtpm_rc mtpm_PolicyPCR(mtpm_ctx *ctx, uint32_t policySession,
		       const mtpm_TPM2B_DIGEST *pcrDigest,
		       const mtpm_TPML_PCR_SELECTION *pcrs)
{
	mtpm_cmd cmd;
	mtpm_cur *p = policy_begin(&cmd, ctx, &mtpm_cmd_PolicyPCR, policySession);

	mtpm_put_TPM2B_DIGEST(p, pcrDigest);          /* pcrDigest */
	mtpm_put_TPML_PCR_SELECTION(p, pcrs);         /* pcrs */
	return mtpm_cmd_run_end(&cmd);
}

/* The policy commands with no parameters. */
static mtpm_rc session_only(mtpm_ctx *ctx, const mtpm_cmd_desc *desc,
			    uint32_t policySession)
{
	mtpm_cmd cmd;

	(void)policy_begin(&cmd, ctx, desc, policySession);
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §23.17 TPM2_PolicyAuthValue: policySession */
mtpm_rc mtpm_PolicyAuthValue(mtpm_ctx *ctx, uint32_t policySession)
{
	return session_only(ctx, &mtpm_cmd_PolicyAuthValue, policySession);
}

/* Part 3 §23.18 TPM2_PolicyPassword: policySession */
mtpm_rc mtpm_PolicyPassword(mtpm_ctx *ctx, uint32_t policySession)
{
	return session_only(ctx, &mtpm_cmd_PolicyPassword, policySession);
}

/* Part 3 §11.2 TPM2_PolicyRestart: sessionHandle */
mtpm_rc mtpm_PolicyRestart(mtpm_ctx *ctx, uint32_t sessionHandle)
{
	return session_only(ctx, &mtpm_cmd_PolicyRestart, sessionHandle);
}

/* Part 3 §23.11 TPM2_PolicyCommandCode: policySession; code */
mtpm_rc mtpm_PolicyCommandCode(mtpm_ctx *ctx, uint32_t policySession, uint32_t code)
{
	mtpm_cmd cmd;
	mtpm_cur *p = policy_begin(&cmd, ctx, &mtpm_cmd_PolicyCommandCode, policySession);

	mtpm_put_u32(p, code);                        /* code */
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §23.6 TPM2_PolicyOR: policySession; pHashList */
mtpm_rc mtpm_PolicyOR(mtpm_ctx *ctx, uint32_t policySession,
		      const mtpm_TPML_DIGEST *pHashList)
{
	mtpm_cmd cmd;
	mtpm_cur *p = policy_begin(&cmd, ctx, &mtpm_cmd_PolicyOR, policySession);

	mtpm_put_TPML_DIGEST(p, pHashList);           /* pHashList */
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §23.16 TPM2_PolicyAuthorize: policySession; approvedPolicy,
 * policyRef, keySign, checkTicket */
mtpm_rc mtpm_PolicyAuthorize(mtpm_ctx *ctx, uint32_t policySession,
			     const mtpm_TPM2B_DIGEST *approvedPolicy,
			     const mtpm_TPM2B_DIGEST *policyRef,
			     const mtpm_TPM2B_NAME *keySign,
			     const mtpm_TPMT_TK *checkTicket)
{
	mtpm_cmd cmd;
	mtpm_cur *p = policy_begin(&cmd, ctx, &mtpm_cmd_PolicyAuthorize, policySession);

	mtpm_put_TPM2B_DIGEST(p, approvedPolicy);     /* approvedPolicy */
	mtpm_put_TPM2B_DIGEST(p, policyRef);          /* policyRef */
	mtpm_put_TPM2B_NAME(p, keySign);              /* keySign */
	mtpm_put_TPMT_TK(p, checkTicket);             /* checkTicket */
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §23.4 TPM2_PolicySecret response: timeout, policyTicket */
mtpm_rc mtpm_PolicySecret_rsp(mtpm_cur *c, mtpm_TPM2B_TIMEOUT *timeout,
			      mtpm_TPMT_TK *policyTicket)
{
	mtpm_get_tpm2b(c, &timeout->size, timeout->buffer,
		       sizeof(timeout->buffer));  /* timeout */
	mtpm_get_TPMT_TK(c, policyTicket);            /* policyTicket */
	if (mtpm_cur_done(c) != MTPM_OK) {
		memset(timeout, 0, sizeof(*timeout));
		memset(policyTicket, 0, sizeof(*policyTicket));
	}
	return c->err;
}

/* Part 3 §23.4 TPM2_PolicySecret: @authHandle, policySession; nonceTPM,
 * cpHashA, policyRef, expiration -> timeout, policyTicket. authName is
 * the Name of authHandle (NULL when it is the handle: a hierarchy). */
mtpm_rc mtpm_PolicySecret(mtpm_ctx *ctx, uint32_t authHandle,
			  const mtpm_TPM2B_NAME *authName, uint32_t policySession,
			  const mtpm_auths *auths,
			  const mtpm_TPM2B_NONCE *nonceTPM,
			  const mtpm_TPM2B_DIGEST *cpHashA,
			  const mtpm_TPM2B_NONCE *policyRef, int32_t expiration,
			  mtpm_TPM2B_TIMEOUT *timeout, mtpm_TPMT_TK *policyTicket)
{
	mtpm_TPM2B_TIMEOUT t_scratch;
	mtpm_TPMT_TK tk_scratch;
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	if (!timeout)
		timeout = &t_scratch;
	if (!policyTicket)
		policyTicket = &tk_scratch;
	/* Zero until parsed; the parser zeroes them again if it fails. */
	memset(timeout, 0, sizeof(*timeout));
	memset(policyTicket, 0, sizeof(*policyTicket));
	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_PolicySecret);
	mtpm_cmd_handle(&cmd, authHandle, authName);  /* @authHandle */
	mtpm_cmd_handle(&cmd, policySession, NULL);   /* policySession */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, nonceTPM);           /* nonceTPM */
	mtpm_put_TPM2B_DIGEST(p, cpHashA);            /* cpHashA */
	mtpm_put_TPM2B_DIGEST(p, policyRef);          /* policyRef */
	mtpm_put_u32(p, (uint32_t)expiration);        /* expiration (INT32) */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_PolicySecret_rsp(&cmd.rsp, timeout, policyTicket);
	return mtpm_cmd_end(&cmd, rc);
}

/* Part 3 §23.19 TPM2_PolicyGetDigest response: policyDigest */
mtpm_rc mtpm_PolicyGetDigest_rsp(mtpm_cur *c, mtpm_TPM2B_DIGEST *policyDigest)
{
	mtpm_get_TPM2B_DIGEST(c, policyDigest);       /* policyDigest */
	if (mtpm_cur_done(c) != MTPM_OK)
		memset(policyDigest, 0, sizeof(*policyDigest));
	return c->err;
}

/* Part 3 §23.19 TPM2_PolicyGetDigest: policySession -> policyDigest */
mtpm_rc mtpm_PolicyGetDigest(mtpm_ctx *ctx, uint32_t policySession,
			     mtpm_TPM2B_DIGEST *policyDigest)
{
	mtpm_cmd cmd;
	mtpm_rc rc;

	/* Zero until parsed; the parser zeroes it again if it fails. */
	memset(policyDigest, 0, sizeof(*policyDigest));
	(void)policy_begin(&cmd, ctx, &mtpm_cmd_PolicyGetDigest, policySession);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_PolicyGetDigest_rsp(&cmd.rsp, policyDigest);
	return mtpm_cmd_end(&cmd, rc);
}
