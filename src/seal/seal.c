/*
 * seal.c - seal a secret to a policy, unseal it, secure by default.
 *
 * Built on Part 3 §12.1 Create, §12.2 Load, §12.7 Unseal, §11.1
 * StartAuthSession and the policy commands of §23, with the session rules
 * of Part 1 §19 and §21.
 *
 * THREATS AND WHAT ANSWERS THEM HERE (threat-model/ has the full table)
 *   - A bus sniffer must not see the secret, the PIN or the unsealed data:
 *     Create runs in an HMAC session salted to the parent with the decrypt
 *     attribute (inSensitive, which carries both, is AES-CFB encrypted);
 *     Unseal runs in a policy (or HMAC) session salted to the parent with
 *     the encrypt attribute (outData is encrypted); a PIN only ever enters
 *     HMAC keys (PolicyAuthValue), never the wire.
 *   - An interposer presenting its own key, or a different TPM: the
 *     parent's Name and public area are recorded at seal time. Unseal
 *     salts its session to the recorded public area, so only the real
 *     parent can learn the session key; when it has to ask the TPM for the
 *     parent (no recorded public, or a primary re-created from its
 *     template), it compares the Name with the recorded one before any
 *     secret moves (MTPM_E_NAME).
 *   - A tampered Unseal response fails its HMAC (MTPM_E_INTEGRITY) before
 *     it is decrypted; no wrong bytes are ever returned as the secret.
 *   - Nothing stays loaded: every exit path flushes the object, the
 *     session and a transient parent.
 *   - Secrets (secret, PIN, unsealed data, session keys) are wiped from
 *     every buffer this file used, and the pipeline wipes its own.
 */
#include <string.h>
#include "mtpm/seal.h"
#include "mtpm/cmds.h"

static int is_storage_key(const mtpm_TPMT_PUBLIC *p)
{
	uint32_t need = MTPM_OA_RESTRICTED | MTPM_OA_DECRYPT;

	/* restricted and decrypt, and not sign */
	return (p->objectAttributes & (need | MTPM_OA_SIGN_ENCRYPT)) == need &&
	       (p->type == MTPM_ALG_ECC || p->type == MTPM_ALG_RSA);
}

static int name_equal(const mtpm_TPM2B_NAME *a, const mtpm_TPM2B_NAME *b)
{
	return a->size == b->size && mtpm_ct_equal(a->buffer, b->buffer, a->size);
}

/* Is name the Name of pub (Part 1 §16)? When not: mismatch. */
static mtpm_rc check_name(const mtpm_crypto *cr, const mtpm_TPMT_PUBLIC *pub,
			  const mtpm_TPM2B_NAME *name, mtpm_rc mismatch)
{
	mtpm_TPM2B_NAME mine;
	mtpm_rc rc = mtpm_name_of_public(cr, pub, &mine);

	if (rc == MTPM_OK && !name_equal(&mine, name))
		rc = mismatch;
	return rc;
}

int mtpm_name_well_formed(const mtpm_TPM2B_NAME *n)
{
	uint16_t alg, dlen;

	if (n->size < 2)
		return 0;
	alg = mtpm_name_alg(n);
	dlen = mtpm_hash_size(alg);
	return dlen && n->size == 2u + dlen;
}

/* Marshalled public areas equal, with the TPM's unique field taken from
 * got (Part 3 §12.1, §24.1: the TPM fills unique, the rest is ours). */
mtpm_rc mtpm_public_is_template(const mtpm_TPM2B_PUBLIC *tmpl,
				const mtpm_TPM2B_PUBLIC *got)
{
	mtpm_TPM2B_PUBLIC want;
	uint8_t a[sizeof(mtpm_TPM2B_PUBLIC) + 16], b[sizeof(mtpm_TPM2B_PUBLIC) + 16];
	mtpm_cur ca, cb;
	mtpm_rc rc;

	/* another type: its unique would not even fit the template's */
	if (tmpl->publicArea.type != got->publicArea.type)
		return MTPM_E_INTEGRITY;
	want = *tmpl;
	want.publicArea.unique = got->publicArea.unique;
	mtpm_cur_init(&ca, a, sizeof(a));
	mtpm_cur_init(&cb, b, sizeof(b));
	mtpm_put_TPMT_PUBLIC(&ca, &want.publicArea);
	mtpm_put_TPMT_PUBLIC(&cb, &got->publicArea);
	rc = ca.err ? ca.err : cb.err;
	if (rc == MTPM_OK && (ca.pos != cb.pos || !mtpm_ct_equal(a, b, ca.pos)))
		rc = MTPM_E_INTEGRITY;
	return rc;
}

/* CreatePrimary (Part 3 §24.1) of a storage key in the owner hierarchy
 * from tmpl (the TCG SRK templates, or another tool's, e.g. systemd's and
 * clevis's); mtpm_parent_resolve_tmpl checks what comes back. */
static mtpm_rc create_primary(mtpm_ctx *ctx, const mtpm_TPM2B_PUBLIC *tmpl, mtpm_parent *pa)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_create_out out;
	mtpm_rc rc;

	memset(&sens, 0, sizeof(sens));
	memset(&out, 0, sizeof(out));
	out.outPublic = &pa->pub;
	out.name = &pa->name;
	rc = mtpm_CreatePrimary(ctx, MTPM_RH_OWNER, NULL, &sens, tmpl, NULL, NULL,
				&pa->handle, &out);
	if (rc == MTPM_OK)
		pa->transient = 1;
	return rc;
}

void mtpm_parent_release(mtpm_ctx *ctx, mtpm_parent *pa)
{
	if (pa->transient && pa->handle)
		mtpm_rc_ignore(mtpm_FlushContext(ctx, pa->handle));
	mtpm_wipe(pa, sizeof(*pa));
}

mtpm_rc mtpm_parent_resolve(mtpm_ctx *ctx, uint32_t handle, int rsa,
			    const mtpm_TPM2B_PUBLIC *pub,
			    const mtpm_TPM2B_NAME *expect, unsigned flags,
			    mtpm_parent *pa)
{
	mtpm_TPM2B_PUBLIC tmpl;   /* the TCG SRK; a persistent handle ignores it */

	if (rsa)
		mtpm_srk_template_rsa(&tmpl);
	else
		mtpm_srk_template_ecc(&tmpl);
	return mtpm_parent_resolve_tmpl(ctx, handle, &tmpl, pub, expect, flags, pa);
}

mtpm_rc mtpm_parent_resolve_tmpl(mtpm_ctx *ctx, uint32_t handle,
				 const mtpm_TPM2B_PUBLIC *tmpl,
				 const mtpm_TPM2B_PUBLIC *pub,
				 const mtpm_TPM2B_NAME *expect, unsigned flags,
				 mtpm_parent *pa)
{
	int trusted = expect && expect->size;
	int asked = 1;            /* the public area and Name came from the TPM */
	mtpm_rc rc;

	memset(pa, 0, sizeof(*pa));
	if (!ctx->crypto)
		return MTPM_E_USAGE;
	/* Fail closed: no Name to hold the parent to, no session salted to
	 * it, unless the caller gave up that protection in so many words. */
	if (!trusted && !(flags & MTPM_TRUST_TPM_PARENT))
		return MTPM_E_NAME;
	if (trusted && !mtpm_name_well_formed(expect))
		return MTPM_E_USAGE;
	if (handle == MTPM_RH_OWNER) {
		rc = tmpl ? create_primary(ctx, tmpl, pa) : MTPM_E_USAGE;
	} else if (MTPM_HANDLE_TYPE(handle) != MTPM_HT_PERSISTENT) {
		rc = MTPM_E_USAGE;
	} else if (pub && pub->publicArea.type) {
		/* Known public area: no ReadPublic. Sessions are salted to
		 * it, so only the key holding its private part can follow. */
		pa->handle = handle;
		pa->pub = *pub;
		rc = mtpm_name_of_public(ctx->crypto, &pa->pub.publicArea, &pa->name);
		asked = 0;
	} else {
		/* ReadPublic of a persistent parent (Part 3 §12.4). */
		pa->handle = handle;
		rc = mtpm_ReadPublic(ctx, handle, NULL, &pa->pub, &pa->name, NULL);
	}
	/* The Name the TPM reports must be the one its public area gives,
	 * and a created primary's public area the template we asked for.
	 * Neither makes the key trusted (an interposer can forge both
	 * consistently): only the caller's expected Name does. */
	if (rc == MTPM_OK && asked)
		rc = check_name(ctx->crypto, &pa->pub.publicArea, &pa->name, MTPM_E_MALFORMED);
	if (rc == MTPM_OK && trusted && !name_equal(&pa->name, expect))
		rc = MTPM_E_NAME;
	if (rc == MTPM_OK && handle == MTPM_RH_OWNER)
		rc = mtpm_public_is_template(tmpl, &pa->pub);
	if (rc == MTPM_OK && !is_storage_key(&pa->pub.publicArea))
		rc = MTPM_E_USAGE;   /* not a storage key: cannot be a parent */
	if (rc != MTPM_OK)
		mtpm_parent_release(ctx, pa);
	return rc;
}

/* Start a session of `type` salted to the parent, AES-128-CFB. */
static mtpm_rc salted_session(mtpm_ctx *ctx, const mtpm_parent *pa, uint8_t type,
			      uint16_t hash, mtpm_session *s)
{
	mtpm_session_opts o;

	memset(&o, 0, sizeof(o));
	o.type = type;
	o.hash_alg = hash;
	o.sym_bits = 128;
	o.salt_key = pa->handle;
	o.salt_pub = &pa->pub.publicArea;
	return mtpm_session_start(ctx, s, &o);
}

/* Authorization k of as, and its last: session sess with attrs. */
static void set_auth(mtpm_auths *as, unsigned k, mtpm_auth *a, mtpm_session *sess,
		     uint8_t attrs)
{
	memset(a, 0, sizeof(*a));
	a->sess = sess;
	a->attrs = attrs;
	as->a[k] = a;
	as->n = k + 1;
}

/* The index of the last of the first n steps of p that is cc1 or cc2;
 * n when there is none. */
static unsigned last_step(const mtpm_keyfile_policy *p, unsigned n, uint32_t cc1,
			  uint32_t cc2)
{
	unsigned i, at = n;

	for (i = 0; i < n; i++)
		if (p->steps[i].cc == cc1 || p->steps[i].cc == cc2)
			at = i;
	return at;
}

/* Does p name cc1 or cc2 anywhere (its main sequence)? */
static int has_step(const mtpm_keyfile_policy *p, uint32_t cc1, uint32_t cc2)
{
	return last_step(p, p->nsteps, cc1, cc2) < p->nsteps;
}

/* The digest of the first n steps of p. */
static mtpm_rc policy_digest_n(const mtpm_crypto *cr, uint16_t alg,
			       const mtpm_keyfile_policy *p, unsigned n,
			       int add_auth_value, mtpm_TPM2B_DIGEST *digest)
{
	mtpm_policy_step st;
	unsigned i, first;
	mtpm_rc rc;

	rc = mtpm_policy_init(alg, digest);
	if (rc != MTPM_OK)
		return rc;
	if (p) {
		if (n > MTPM_KEYFILE_MAX_STEPS)
			return MTPM_E_USAGE;
		/* Both start from zero: what came before the last does not
		 * count. */
		first = last_step(p, n, MTPM_CC_PolicyOR, MTPM_CC_PolicyAuthorize);
		for (i = first < n ? first : 0; i < n && rc == MTPM_OK; i++) {
			st = p->steps[i];
			if (st.cc == MTPM_CC_PolicyAuthorize) {
				rc = mtpm_name_of_public(cr, &p->auth.key.publicArea,
							 &st.u.authorize.keySign);
				if (rc != MTPM_OK)
					break;
			}
			rc = mtpm_policy_calc(cr, alg, digest, &st);
		}
	}
	if (rc == MTPM_OK && add_auth_value) {
		memset(&st, 0, sizeof(st));
		st.cc = MTPM_CC_PolicyAuthValue;
		rc = mtpm_policy_calc(cr, alg, digest, &st);
	}
	return rc;
}

mtpm_rc mtpm_seal_policy_digest(const mtpm_crypto *cr, uint16_t alg,
				const mtpm_keyfile_policy *p, int add_auth_value,
				mtpm_TPM2B_DIGEST *digest)
{
	return policy_digest_n(cr, alg, p, p ? p->nsteps : 0, add_auth_value, digest);
}

mtpm_rc mtpm_seal_pcr_or(const mtpm_crypto *cr, uint16_t alg,
			 const mtpm_policy_step *states, unsigned n,
			 mtpm_keyfile_policy *out)
{
	mtpm_policy_step *orst = &out->steps[1];
	unsigned i;
	mtpm_rc rc = MTPM_OK;

	memset(out, 0, sizeof(*out));
	if (n < 2 || n > MTPM_MAX_POLICY_OR)
		return MTPM_E_USAGE;
	for (i = 0; i < n && rc == MTPM_OK; i++) {
		if (states[i].cc != MTPM_CC_PolicyPCR || states[i].u.pcr.pcrDigest.size == 0 ||
		    !mtpm_ct_equal(&states[i].u.pcr.pcrs, &states[0].u.pcr.pcrs,
				   sizeof(states[0].u.pcr.pcrs)))
			rc = MTPM_E_USAGE;
		if (rc == MTPM_OK)   /* each branch is a policy of its own */
			rc = mtpm_policy_init(alg, &orst->u.or.pHashList.digests[i]);
		if (rc == MTPM_OK)
			rc = mtpm_policy_calc(cr, alg, &orst->u.or.pHashList.digests[i],
					      &states[i]);
	}
	if (rc != MTPM_OK) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->steps[0].cc = MTPM_CC_PolicyPCR;           /* no digest: the TPM's values */
	out->steps[0].u.pcr.pcrs = states[0].u.pcr.pcrs;
	orst->cc = MTPM_CC_PolicyOR;
	orst->u.or.pHashList.count = n;
	out->nsteps = 2;
	return MTPM_OK;
}

/* Part 2 §12.2.4: the sealed data object's public template. */
static void sealed_template(mtpm_TPM2B_PUBLIC *t, int has_policy, int has_pin,
			    const mtpm_TPM2B_DIGEST *policy)
{
	mtpm_TPMT_PUBLIC *p = &t->publicArea;

	memset(t, 0, sizeof(*t));
	p->type = MTPM_ALG_KEYEDHASH;
	p->nameAlg = MTPM_ALG_SHA256;
	/* Without a policy the authValue authorizes; with one, only the
	 * policy does. A PIN-less object needs no dictionary-attack
	 * protection, a PIN does. */
	p->objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
			      (has_policy ? 0 : MTPM_OA_USERWITHAUTH) |
			      (has_pin ? 0 : MTPM_OA_NODA);
	if (has_policy)
		p->authPolicy = *policy;
	p->parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
}

mtpm_rc mtpm_seal_parent(mtpm_ctx *ctx, const mtpm_seal_opts *o, mtpm_parent *pa)
{
	unsigned tflags = (o->parent_name && o->parent_name->size) ? 0 : MTPM_TRUST_TPM_PARENT;
	mtpm_rc rc;

	/* A handle that can hold no parent is MTPM_E_USAGE there, pa zeroed. */
	rc = mtpm_parent_resolve(ctx, o->parent ? o->parent : MTPM_SRK_HANDLE, o->parent_rsa,
				 NULL, o->parent_name, tflags, pa);
	if (o->parent == 0 && rc != MTPM_OK &&
	    (mtpm_rc_is_tpm(rc) || rc == MTPM_E_USAGE || (rc == MTPM_E_NAME && !tflags)))
		/* no storage key at 0x81000001, or not the trusted one: the
		 * trusted Name may be the SRK's */
		rc = mtpm_parent_resolve(ctx, MTPM_RH_OWNER, 0, NULL, o->parent_name, tflags, pa);
	return rc;
}

mtpm_rc mtpm_seal(mtpm_ctx *ctx, const mtpm_seal_opts *o, mtpm_keyfile *kf)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_TPM2B_DIGEST digest;
	mtpm_create_out out;
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_parent own;
	const mtpm_parent *pa = o->resolved ? o->resolved : &own;
	int has_policy = o->policy && o->policy->nsteps;
	int has_pin = o->pin != NULL;
	mtpm_rc rc;

	memset(kf, 0, sizeof(*kf));
	memset(&own, 0, sizeof(own));
	memset(&s, 0, sizeof(s));
	memset(&sens, 0, sizeof(sens));
	if (!ctx->crypto || !o->secret || o->secret_len == 0)
		return MTPM_E_USAGE;
	if (o->secret_len > MTPM_SEAL_MAX_SECRET || (has_pin && o->pin_len > MTPM_MAX_DIGEST))
		return MTPM_E_TOO_LARGE;
	if (has_policy && o->policy->nsteps + (has_pin ? 1u : 0u) > MTPM_KEYFILE_MAX_STEPS)
		return MTPM_E_TOO_LARGE;
	/* A key file that says PolicyPassword tells every later unseal to
	 * send the PIN in clear; record PolicyAuthValue instead (same
	 * digest) unless the caller insists. (nsteps is in bounds: just
	 * checked.) */
	if (has_policy && has_step(o->policy, MTPM_CC_PolicyPassword, MTPM_CC_PolicyPassword) &&
	    !(o->flags & MTPM_ALLOW_POLICY_PASSWORD))
		return MTPM_E_USAGE;

	/* 1. The object's authPolicy, offline: nothing of it needs the TPM. */
	rc = mtpm_seal_policy_digest(ctx->crypto, MTPM_ALG_SHA256,
				     o->policy, has_pin, &digest);
	if (rc != MTPM_OK)
		goto out;

	/* 2. The parent, held to the caller's Name when there is one (trust
	 * on first use when there is none: seal records what it found). */
	if (o->resolved)
		rc = o->resolved->handle ? MTPM_OK : MTPM_E_USAGE;
	else
		rc = mtpm_seal_parent(ctx, o, &own);
	if (rc != MTPM_OK)
		goto out;

	/* 3. Create, with inSensitive encrypted in a session salted to the
	 * parent (which also authorizes it, with its empty authValue). */
	rc = salted_session(ctx, pa, MTPM_SE_HMAC, MTPM_ALG_SHA256, &s);
	if (rc != MTPM_OK)
		goto out;
	sealed_template(&tmpl, has_policy || has_pin, has_pin, &digest);
	if (has_pin) {
		sens.sensitive.userAuth.size = (uint16_t)o->pin_len;
		memcpy(sens.sensitive.userAuth.buffer, o->pin, o->pin_len);
	}
	sens.sensitive.data.size = (uint16_t)o->secret_len;
	memcpy(sens.sensitive.data.buffer, o->secret, o->secret_len);
	/* continueSession clear: the TPM ends the session */
	set_auth(&as, 0, &a, &s, MTPM_SA_DECRYPT);
	memset(&out, 0, sizeof(out));
	out.outPrivate = &kf->priv;
	out.outPublic = &kf->pub;
	rc = mtpm_Create(ctx, pa->handle, &pa->name, &as, &sens, &tmpl, NULL, NULL, &out);
	/* What we record is what we asked for: a TPM (or, under trust on
	 * first use, an interposer) that changed the attributes or the
	 * policy would otherwise get a weaker object written to disk. */
	if (rc == MTPM_OK)
		rc = mtpm_public_is_template(&tmpl, &kf->pub);
	if (rc != MTPM_OK)
		goto out;

	/* 4. What unseal needs to find and trust the parent again. */
	kf->parent = pa->transient ? MTPM_RH_OWNER : pa->handle;
	kf->rsa_parent = pa->transient && pa->pub.publicArea.type == MTPM_ALG_RSA;
	kf->parent_name = pa->name;
	kf->parent_pub = pa->pub;
	kf->empty_auth = !has_pin;
	if (has_policy)
		kf->policy = *o->policy;
	if (has_pin) {
		mtpm_policy_step *st = &kf->policy.steps[kf->policy.nsteps++];

		memset(st, 0, sizeof(*st));
		st->cc = MTPM_CC_PolicyAuthValue;
	}
out:
	/* flushes the session if still active, and wipes it */
	mtpm_rc_ignore(mtpm_session_flush(ctx, &s));
	if (!o->resolved)
		mtpm_parent_release(ctx, &own);
	mtpm_wipe(&sens, sizeof(sens));
	if (rc != MTPM_OK)
		mtpm_wipe(kf, sizeof(*kf));
	return rc;
}

/* Run steps [from, to) of a recorded policy sequence in session s.
 * PolicyPassword runs as PolicyAuthValue unless flags allow it: the two
 * give the same digest (Part 3 §23.18), so whoever can edit a key file can
 * turn one into the other, and only PolicyAuthValue keeps the PIN off the
 * bus (it keys the HMAC instead of travelling in clear). */
static mtpm_rc run_steps(mtpm_ctx *ctx, mtpm_session *s, const mtpm_keyfile_policy *p,
			 unsigned from, unsigned to, unsigned flags, uint32_t *failed_cc)
{
	mtpm_policy_step av;
	const mtpm_policy_step *st;
	unsigned i;
	mtpm_rc rc;

	memset(&av, 0, sizeof(av));
	av.cc = MTPM_CC_PolicyAuthValue;
	for (i = from; i < to && i < p->nsteps; i++) {
		st = &p->steps[i];
		if (st->cc == MTPM_CC_PolicyAuthorize)
			return MTPM_E_USAGE;   /* handled by run_authorized */
		if (st->cc == MTPM_CC_PolicyPassword && !(flags & MTPM_ALLOW_POLICY_PASSWORD))
			st = &av;
		rc = mtpm_policy_run(ctx, s, st, NULL);
		if (rc != MTPM_OK) {
			*failed_cc = st->cc;
			return rc;
		}
	}
	return MTPM_OK;
}

/*
 * A signed policy (Part 3 §23.16): run the approved steps of one authPolicy
 * entry, have the TPM check the owner's signature over them (LoadExternal,
 * VerifySignature) and turn the session's digest into the authorized one
 * (PolicyAuthorize).
 */
static mtpm_rc run_authorized(mtpm_ctx *ctx, mtpm_session *s,
			      const mtpm_keyfile_policy *main,
			      const mtpm_keyfile_policy *ap, unsigned flags,
			      uint32_t *failed_cc)
{
	const mtpm_policy_step *last = &ap->steps[ap->nsteps - 1];
	unsigned napproved = ap->nsteps - 1;   /* all but the PolicyAuthorize */
	mtpm_policy_step st;   /* the PolicyAuthorize to run, filled as we go */
	mtpm_TPM2B_DIGEST ahash;
	uint32_t kh = 0;
	mtpm_rc rc;

	if (!ap->auth.has_sig || ap->nsteps < 2 || last->cc != MTPM_CC_PolicyAuthorize)
		return MTPM_E_MALFORMED;
	memset(&st, 0, sizeof(st));
	/* The entry must be signed by the key the object's policy names. */
	rc = mtpm_name_of_public(ctx->crypto, &ap->auth.key.publicArea,
				 &st.u.authorize.keySign);
	if (rc == MTPM_OK)   /* else signed by some other key */
		rc = check_name(ctx->crypto, &main->auth.key.publicArea,
				&st.u.authorize.keySign, MTPM_E_POLICY);
	if (rc != MTPM_OK)
		return rc;
	/* approvedPolicy, computed offline from the same steps we run. */
	rc = policy_digest_n(ctx->crypto, s->hash_alg, ap, napproved, 0,
			     &st.u.authorize.approvedPolicy);
	if (rc == MTPM_OK)
		rc = run_steps(ctx, s, ap, 0, napproved, flags, failed_cc);
	if (rc != MTPM_OK)
		return rc;
	rc = mtpm_policy_ahash(ctx->crypto, ap->auth.key.publicArea.nameAlg,
			       &st.u.authorize.approvedPolicy, &last->u.authorize.policyRef,
			       &ahash);
	if (rc == MTPM_OK) {
		*failed_cc = MTPM_CC_LoadExternal;
		rc = mtpm_LoadExternal(ctx, &ap->auth.key, MTPM_RH_OWNER, &kh, NULL);
	}
	if (rc == MTPM_OK) {
		*failed_cc = MTPM_CC_VerifySignature;
		rc = mtpm_VerifySignature(ctx, kh, &ahash, &ap->auth.sig,
					  &st.u.authorize.checkTicket);
	}
	if (kh)
		mtpm_rc_ignore(mtpm_FlushContext(ctx, kh));
	if (rc != MTPM_OK)
		return rc;
	st.cc = MTPM_CC_PolicyAuthorize;
	st.u.authorize.policyRef = last->u.authorize.policyRef;
	*failed_cc = MTPM_CC_PolicyAuthorize;
	return mtpm_policy_run(ctx, s, &st, NULL);
}

int mtpm_keyfile_uses_auth(const mtpm_keyfile *kf)
{
	const mtpm_keyfile_policy *q = &kf->policy;   /* then each authPolicy */
	unsigned j = 0;

	/* PolicyPassword counts: it runs as PolicyAuthValue */
	while (!has_step(q, MTPM_CC_PolicyAuthValue, MTPM_CC_PolicyPassword)) {
		if (j == kf->nauthpol)
			return 0;
		q = &kf->authpol[j++];
	}
	return 1;
}

/* mtpm_rc_base is the identity for MTPM_OK and local codes
 * (include/mtpm/rc.h), so only a TPM's rc has a TPM base code: here,
 * in is_auth_failure and in mtpm_unseal no mtpm_rc_is_tpm comes first.
 *
 * StartAuthSession refused the salt (Part 3 §11.1: encryptedSalt is
 * parameter 2; VALUE, SIZE, KEY, ECC_POINT for a secret made
 * for another key or key type): the key at the parent handle is not the
 * public area the session was salted to. */
static mtpm_rc salt_refused(mtpm_rc rc)
{
	mtpm_rc b = mtpm_rc_base(rc);

	if ((rc & 0xC0u) == 0xC0u && ((rc >> 8) & 0xFu) == 2u &&
	    (b == MTPM_RC_VALUE || b == MTPM_RC_SIZE || b == MTPM_RC_KEY ||
	     b == MTPM_RC_ECC_POINT))
		return MTPM_E_NAME;
	return rc;
}

static int is_auth_failure(mtpm_rc rc)
{
	mtpm_rc b = mtpm_rc_base(rc);

	return b == MTPM_RC_AUTH_FAIL || b == MTPM_RC_BAD_AUTH;
}

mtpm_rc mtpm_unseal(mtpm_ctx *ctx, const mtpm_keyfile *kf, const mtpm_unseal_opts *o,
		    uint8_t *out, size_t cap, size_t *out_len, uint32_t *failed_cc)
{
	mtpm_TPM2B_SENSITIVE_DATA data;
	mtpm_TPM2B_NAME obj_name;
	mtpm_session s, enc;
	mtpm_session *hs = NULL;   /* the salted HMAC session that authorizes Load */
	mtpm_auth a, ae;
	mtpm_auths as;
	mtpm_parent pa;
	uint32_t obj = 0, fcc_local, *fcc = failed_cc ? failed_cc : &fcc_local;
	const mtpm_keyfile_policy *p = &kf->policy;
	const uint8_t *pin = o->pin;
	size_t pin_len = o->pin ? o->pin_len : 0;
	unsigned i, auth_at, from = 0;
	int has_policy = p->nsteps > 0;
	int enc_session = pin_len && has_policy &&
			  !(kf->pub.publicArea.objectAttributes & MTPM_OA_USERWITHAUTH);
	mtpm_rc rc;

	/* pa needs no zeroing: step 1 comes before any goto out, and
	 * mtpm_parent_resolve_tmpl zeroes it before anything can fail. */
	memset(&s, 0, sizeof(s));
	memset(&enc, 0, sizeof(enc));
	*out_len = 0;
	*fcc = 0;
	if (!ctx->crypto || pin_len > MTPM_MAX_DIGEST || p->nsteps > MTPM_KEYFILE_MAX_STEPS ||
	    kf->nauthpol > MTPM_KEYFILE_MAX_AUTHPOL)
		return MTPM_E_USAGE;
	/* A PIN for an object whose policy never asks for it would only
	 * fail the HMAC: say so instead of spending a try. */
	if (pin_len && has_policy && !mtpm_keyfile_uses_auth(kf))
		return MTPM_E_USAGE;
	auth_at = last_step(p, p->nsteps, MTPM_CC_PolicyAuthorize, MTPM_CC_PolicyAuthorize);

	/* 1. The parent, held to the trusted Name before any salt is sent. */
	*fcc = kf->parent == MTPM_RH_OWNER ? MTPM_CC_CreatePrimary :
	       (o->parent_pub && o->parent_pub->publicArea.type) ? 0 : MTPM_CC_ReadPublic;
	if (o->parent_template)   /* used for MTPM_RH_OWNER only */
		rc = mtpm_parent_resolve_tmpl(ctx, kf->parent, o->parent_template, o->parent_pub,
					      o->parent_name, o->flags, &pa);
	else
		rc = mtpm_parent_resolve(ctx, kf->parent, kf->rsa_parent, o->parent_pub,
					 o->parent_name, o->flags, &pa);
	if (rc != MTPM_OK)
		goto out;

	/* 2. The salted HMAC session, when one is used, comes first and
	 * authorizes Load (the parent's empty authValue): a key at the
	 * parent handle other than the trusted one cannot derive its key,
	 * so Load fails there, before the PIN has keyed any HMAC and
	 * counted towards lockout. It costs no round trip: the session is
	 * needed for Unseal anyway. */
	if (!has_policy || enc_session) {
		hs = has_policy ? &enc : &s;
		*fcc = MTPM_CC_StartAuthSession;
		rc = salt_refused(salted_session(ctx, &pa, MTPM_SE_HMAC, MTPM_ALG_SHA256, hs));
		if (rc != MTPM_OK)
			goto out;
	}

	/* 3. Load the sealed object; its Name must be the one its public
	 * area gives. */
	*fcc = MTPM_CC_Load;
	set_auth(&as, 0, &a, hs, MTPM_SA_CONTINUESESSION);
	rc = mtpm_Load(ctx, pa.handle, &pa.name, hs ? &as : NULL, &kf->priv, &kf->pub,
		       &obj, &obj_name);
	if (is_auth_failure(rc))
		rc = MTPM_E_NAME;
	if (rc != MTPM_OK)
		goto out;
	rc = check_name(ctx->crypto, &kf->pub.publicArea, &obj_name, MTPM_E_INTEGRITY);
	if (rc != MTPM_OK)
		goto out;

	/* 4. The policy session, salted to the parent. */
	if (has_policy) {
		*fcc = MTPM_CC_StartAuthSession;
		/* The policy digest is in the object's nameAlg (Part 1
		 * §19.7.1): a SHA-1 object (clevis "hash": "sha1") needs a
		 * SHA-1 policy session. */
		rc = salt_refused(salted_session(ctx, &pa, MTPM_SE_POLICY,
						 kf->pub.publicArea.nameAlg, &s));
		if (rc != MTPM_OK)
			goto out;
	}

	/* 5. The policy. A signed policy tries each authPolicy entry in
	 * turn, restarting the session after one that does not match; the
	 * steps after its PolicyAuthorize follow. */
	if (auth_at < p->nsteps) {
		/* PolicyAuthorize starts from zero, so nothing may come
		 * before it. */
		rc = auth_at == 0 ? MTPM_OK : MTPM_E_UNSUPPORTED;
		if (rc == MTPM_OK) {
			rc = MTPM_E_POLICY;   /* no signed policy matches */
			for (i = 0; i < kf->nauthpol; i++) {
				rc = run_authorized(ctx, &s, p, &kf->authpol[i], o->flags, fcc);
				if (rc == MTPM_OK || !s.active)
					break;
				if (mtpm_policy_restart(ctx, &s) != MTPM_OK)
					break;
			}
		}
		from = auth_at + 1;
	}
	if (rc == MTPM_OK)
		rc = run_steps(ctx, &s, p, from, p->nsteps, o->flags, fcc);
	if (rc != MTPM_OK) {
		if (mtpm_rc_base(rc) == MTPM_RC_VALUE)
			rc = MTPM_E_POLICY;   /* PolicyPCR / PolicyOR: PCRs differ */
		goto out;
	}

	/* 6. Unseal: the session ends with it (continueSession clear) and
	 * outData comes back encrypted.
	 *
	 * A PIN on a policy-only object is the one case where TPM revisions
	 * disagree on the response-encryption key (SECURITY-GAP(G-1) in
	 * session.c: 01.59 adds the authValue, earlier reference code does
	 * not, as userWithAuth is clear). Rather than decrypt garbage on some
	 * TPMs, that case encrypts through the second salted session (the
	 * one that authorized Load), whose key every revision derives the
	 * same way. */
	set_auth(&as, 0, &a, &s, enc_session ? 0 : MTPM_SA_ENCRYPT);
	a.value = pin;
	a.value_len = pin_len;
	if (enc_session)
		set_auth(&as, 1, &ae, &enc, MTPM_SA_ENCRYPT);
	*fcc = MTPM_CC_Unseal;
	rc = mtpm_Unseal(ctx, obj, &obj_name, &as, &data);
	if (rc == MTPM_OK) {
		if (data.size > cap) {
			rc = MTPM_E_SPACE;
		} else {
			memcpy(out, data.buffer, data.size);
			*out_len = data.size;
			*fcc = 0;
		}
	}
	if (mtpm_rc_base(rc) == MTPM_RC_POLICY_FAIL)
		rc = MTPM_E_POLICY;
	/* No PIN in play, yet the HMAC failed: the session key is not the
	 * TPM's, so the key at the parent handle is not the recorded one. */
	if (!pin_len && is_auth_failure(rc))
		rc = MTPM_E_NAME;
out:
	/* each session flushed if still active, and wiped */
	mtpm_rc_ignore(mtpm_session_flush(ctx, &s));
	mtpm_rc_ignore(mtpm_session_flush(ctx, &enc));
	if (obj)
		mtpm_rc_ignore(mtpm_FlushContext(ctx, obj));
	mtpm_parent_release(ctx, &pa);
	mtpm_wipe(&data, sizeof(data));
	if (rc != MTPM_OK) {
		mtpm_wipe(out, cap);
		*out_len = 0;
	}
	return rc;
}
