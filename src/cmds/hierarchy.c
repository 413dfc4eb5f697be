/*
 * hierarchy.c - Part 3 §24 (Hierarchy Commands) and §25 (Dictionary Attack
 * Functions). CreatePrimary (§24.1) lives in object.c with Create.
 */
#include "mtpm/cmds.h"

/* Part 3 §24.8 TPM2_HierarchyChangeAuth: authHandle (@auth), newAuth */
mtpm_rc mtpm_HierarchyChangeAuth(mtpm_ctx *ctx, uint32_t authHandle,
				 const mtpm_auths *auths,
				 const mtpm_TPM2B_AUTH *newAuth)
{
	mtpm_cmd cmd;
	mtpm_cur *p;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_HierarchyChangeAuth);
	mtpm_cmd_handle(&cmd, authHandle, NULL);   /* @authHandle */
	mtpm_cmd_auths(&cmd, auths);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, newAuth);         /* newAuth */
	/* The TPM computes the response HMAC after the change, with the
	 * new authValue (it reads the hierarchy's value when it builds the
	 * response; tpm2-tss's Esys_HierarchyChangeAuth does the same).
	 * Verifying with the old one would report tampering for a change
	 * that did happen, leaving the caller locked out. */
	cmd.rsp_auth0 = newAuth->buffer;
	cmd.rsp_auth0_len = newAuth->size;
	return mtpm_cmd_run_end(&cmd);
}

/* Part 3 §25.2 TPM2_DictionaryAttackLockReset: lockHandle (@auth) */
mtpm_rc mtpm_DictionaryAttackLockReset(mtpm_ctx *ctx, const mtpm_auths *auths)
{
	mtpm_cmd cmd;

	mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_DictionaryAttackLockReset);
	mtpm_cmd_handle(&cmd, MTPM_RH_LOCKOUT, NULL);  /* @lockHandle */
	mtpm_cmd_auths(&cmd, auths);
	(void)mtpm_cmd_params(&cmd);
	return mtpm_cmd_run_end(&cmd);
}
