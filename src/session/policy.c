/*
 * policy.c - policy commands (TPM 2.0 Library Part 3 §23) and the offline
 * policy calculator, from one definition per step.
 *
 * Each step kind has exactly one function here that knows both its command
 * parameters and its digest update. mtpm_policy_run sends the command and,
 * with the same step, calls the same update the calculator uses, so a
 * digest computed offline cannot drift from what the TPM computes: the
 * tests compare both with TPM2_PolicyGetDigest on swtpm.
 *
 * Digest updates (Part 3 §23.2.3 PolicyUpdate and each command's
 * "policyDigest_new" line):
 *   PolicyPCR         H(d || CC || pcrs || pcrDigest), pcrDigest = H(values)
 *                     in the policy's hash whatever the banks' (§23.7)
 *   PolicyAuthValue   H(d || CC_PolicyAuthValue)
 *   PolicyPassword    H(d || CC_PolicyAuthValue)       (same as AuthValue)
 *   PolicyCommandCode H(d || CC || code)
 *   PolicyOR          H(0...0 || CC || digest1 || ... || digestN)
 *   PolicyAuthorize   d = H(0...0 || CC || keySign.name); H(d || policyRef)
 *   PolicySecret      d = H(d || CC || authName); H(d || policyRef)
 */
#include <string.h>
#include "mtpm/session.h"
#include "mtpm/cmds.h"

mtpm_rc mtpm_policy_init(uint16_t alg, mtpm_TPM2B_DIGEST *digest)
{
	uint16_t n = mtpm_hash_size(alg);

	memset(digest, 0, sizeof(*digest));
	if (n == 0)
		return MTPM_E_UNSUPPORTED;
	digest->size = n;
	return MTPM_OK;
}

/* PolicyUpdate's hash (Part 3 §23.2.3): d = H(d || b). */
static mtpm_rc update(const mtpm_crypto *cr, uint16_t alg, mtpm_TPM2B_DIGEST *d,
		      const uint8_t *b, size_t n)
{
	mtpm_iov parts[2] = { { d->buffer, d->size }, { b, n } };

	return mtpm_hash(cr, alg, parts, 2, d->buffer);
}

mtpm_rc mtpm_policy_calc(const mtpm_crypto *cr, uint16_t alg,
			 mtpm_TPM2B_DIGEST *d, const mtpm_policy_step *st)
{
	uint8_t buf[sizeof(mtpm_TPML_PCR_SELECTION) + MTPM_MAX_DIGESTS * MTPM_MAX_DIGEST + 8];
	const mtpm_TPM2B_NONCE *ref = NULL;   /* a policyRef half to follow */
	int reset = 0;                        /* the step starts from zeros */
	mtpm_cur c;
	unsigned i;
	mtpm_rc rc;

	if (!cr || d->size != mtpm_hash_size(alg) || d->size == 0)
		return MTPM_E_USAGE;
	/* buf = commandCode || what each case marshals after it.
	 * PolicyPassword updates as PolicyAuthValue does (§23.18). */
	mtpm_cur_init(&c, buf, sizeof(buf));
	mtpm_put_u32(&c, st->cc == MTPM_CC_PolicyPassword ? MTPM_CC_PolicyAuthValue : st->cc);
	switch (st->cc) {
	case MTPM_CC_PolicyPCR:                        /* Part 3 §23.7 */
		if (st->u.pcr.pcrDigest.size != d->size)
			return MTPM_E_USAGE;  /* offline needs the values */
		mtpm_put_TPML_PCR_SELECTION(&c, &st->u.pcr.pcrs);
		mtpm_put_bytes(&c, st->u.pcr.pcrDigest.buffer, st->u.pcr.pcrDigest.size);
		break;
	case MTPM_CC_PolicyAuthValue:                  /* Part 3 §23.17 */
	case MTPM_CC_PolicyPassword:                   /* Part 3 §23.18 */
		break;
	case MTPM_CC_PolicyCommandCode:                /* Part 3 §23.11 */
		mtpm_put_u32(&c, st->u.cc.code);
		break;
	case MTPM_CC_PolicyOR:                         /* Part 3 §23.6 */
		if (st->u.or.pHashList.count < 2 ||
		    st->u.or.pHashList.count > MTPM_MAX_POLICY_OR)
			return MTPM_E_USAGE;
		for (i = 0; i < st->u.or.pHashList.count; i++) {
			const mtpm_TPM2B_DIGEST *b = &st->u.or.pHashList.digests[i];

			if (b->size != d->size)
				return MTPM_E_USAGE;
			mtpm_put_bytes(&c, b->buffer, b->size);
		}
		reset = 1;
		break;
	case MTPM_CC_PolicyAuthorize:                  /* Part 3 §23.16 */
		mtpm_put_bytes(&c, st->u.authorize.keySign.buffer, st->u.authorize.keySign.size);
		ref = &st->u.authorize.policyRef;
		reset = 1;
		break;
	case MTPM_CC_PolicySecret:                     /* Part 3 §23.4 */
		mtpm_put_bytes(&c, st->u.secret.authName.buffer, st->u.secret.authName.size);
		ref = &st->u.secret.policyRef;
		break;
	default:
		return MTPM_E_UNSUPPORTED;
	}
	if (c.err != MTPM_OK)
		return c.err;
	if (reset)
		memset(d->buffer, 0, d->size);
	rc = update(cr, alg, d, buf, c.pos);
	if (rc == MTPM_OK && ref)     /* the policyRef half */
		rc = update(cr, alg, d, ref->buffer, ref->size);
	return rc;
}

/* The command half of each step: the step's command (src/cmds/policy.c)
 * on the session's handle. */
static mtpm_rc send_step(mtpm_ctx *ctx, mtpm_session *s, const mtpm_policy_step *st)
{
	static const mtpm_TPM2B_DIGEST empty;

	switch (st->cc) {
	case MTPM_CC_PolicyPCR:
		return mtpm_PolicyPCR(ctx, s->handle, &st->u.pcr.pcrDigest, &st->u.pcr.pcrs);
	case MTPM_CC_PolicyAuthValue:
		return mtpm_PolicyAuthValue(ctx, s->handle);
	case MTPM_CC_PolicyPassword:
		return mtpm_PolicyPassword(ctx, s->handle);
	case MTPM_CC_PolicyCommandCode:
		return mtpm_PolicyCommandCode(ctx, s->handle, st->u.cc.code);
	case MTPM_CC_PolicyOR:
		return mtpm_PolicyOR(ctx, s->handle, &st->u.or.pHashList);
	case MTPM_CC_PolicyAuthorize:
		return mtpm_PolicyAuthorize(ctx, s->handle, &st->u.authorize.approvedPolicy,
					    &st->u.authorize.policyRef,
					    &st->u.authorize.keySign,
					    &st->u.authorize.checkTicket);
	case MTPM_CC_PolicySecret:
		/* No nonceTPM, cpHashA or expiration: the plain "the
		 * caller knows the entity's authValue" step. The timeout
		 * and ticket it returns serve nothing here (no expiration
		 * asked) and are dropped after their check. */
		return mtpm_PolicySecret(ctx, st->u.secret.authHandle,
					 st->u.secret.authName.size ? &st->u.secret.authName : NULL,
					 s->handle, st->u.secret.auths, &empty, &empty,
					 &st->u.secret.policyRef, 0, NULL, NULL);
	default:
		return MTPM_E_UNSUPPORTED;
	}
}

mtpm_rc mtpm_policy_run(mtpm_ctx *ctx, mtpm_session *s,
			const mtpm_policy_step *st, mtpm_TPM2B_DIGEST *digest)
{
	mtpm_rc rc;

	if (!s->active || (s->type != MTPM_SE_POLICY && s->type != MTPM_SE_TRIAL))
		return MTPM_E_STATE;
	rc = send_step(ctx, s, st);
	if (rc != MTPM_OK)
		return rc;
	/* Part 1 §19.6.13: how the session authorizes from now on. */
	if (st->cc == MTPM_CC_PolicyAuthValue) {
		s->policy_auth_value = 1;
		s->policy_password = 0;
	} else if (st->cc == MTPM_CC_PolicyPassword) {
		s->policy_password = 1;
		s->policy_auth_value = 0;
	}
	if (digest && !(st->cc == MTPM_CC_PolicyPCR && st->u.pcr.pcrDigest.size == 0))
		rc = mtpm_policy_calc(ctx->crypto, s->hash_alg, digest, st);
	return rc;
}

mtpm_rc mtpm_policy_pcr_digest(const mtpm_crypto *cr, uint16_t alg,
			       const mtpm_TPML_DIGEST *values, unsigned nvalues,
			       mtpm_TPM2B_DIGEST *out)
{
	mtpm_hash_ctx h;
	unsigned i;
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nvalues; i++)
		if (values[i].count > MTPM_MAX_DIGESTS)
			return MTPM_E_USAGE;
	rc = cr->hash_init(&h, alg);
	if (rc != MTPM_OK)
		return rc;
	for (i = 0; i < nvalues; i++) {
		unsigned j;

		for (j = 0; j < values[i].count; j++)
			cr->hash_update(&h, values[i].digests[j].buffer,
					values[i].digests[j].size);
	}
	cr->hash_final(&h, out->buffer);
	out->size = mtpm_hash_size(alg);
	return MTPM_OK;
}

mtpm_rc mtpm_policy_ahash(const mtpm_crypto *cr, uint16_t alg,
			  const mtpm_TPM2B_DIGEST *approvedPolicy,
			  const mtpm_TPM2B_NONCE *policyRef, mtpm_TPM2B_DIGEST *out)
{
	mtpm_iov parts[2] = { { approvedPolicy->buffer, approvedPolicy->size },
			      { policyRef->buffer, policyRef->size } };
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	rc = mtpm_hash(cr, alg, parts, 2, out->buffer);
	if (rc == MTPM_OK)
		out->size = mtpm_hash_size(alg);
	return rc;
}

/* Part 3 §11.2 TPM2_PolicyRestart on a session: the TPM's policy state
 * and the host's record of PolicyAuthValue / PolicyPassword both reset. */
mtpm_rc mtpm_policy_restart(mtpm_ctx *ctx, mtpm_session *s)
{
	mtpm_rc rc = mtpm_PolicyRestart(ctx, s->handle);

	if (rc == MTPM_OK) {
		s->policy_auth_value = 0;
		s->policy_password = 0;
	}
	return rc;
}
