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

/* The parent of a sealed object, resolved. */
typedef struct {
	uint32_t handle;
	uint8_t transient;        /* created here: flush at the end */
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
} parent_t;

static int is_storage_key(const mtpm_TPMT_PUBLIC *p)
{
	uint32_t need = MTPM_OA_RESTRICTED | MTPM_OA_DECRYPT;

	return (p->objectAttributes & need) == need &&
	       !(p->objectAttributes & MTPM_OA_SIGN_ENCRYPT) &&
	       (p->type == MTPM_ALG_ECC || p->type == MTPM_ALG_RSA);
}

static int name_equal(const mtpm_TPM2B_NAME *a, const mtpm_TPM2B_NAME *b)
{
	return a->size == b->size && mtpm_ct_equal(a->buffer, b->buffer, a->size);
}

/* Create the TCG SRK from its template (ECC P-256 or RSA-2048). */
static mtpm_rc create_srk(mtpm_ctx *ctx, int rsa, parent_t *pa)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_create_out out;
	mtpm_TPM2B_NAME mine;
	mtpm_rc rc;

	memset(&sens, 0, sizeof(sens));
	memset(&out, 0, sizeof(out));
	if (rsa)
		mtpm_srk_template_rsa(&tmpl);
	else
		mtpm_srk_template_ecc(&tmpl);
	out.outPublic = &pa->pub;
	out.name = &pa->name;
	rc = mtpm_CreatePrimary(ctx, MTPM_RH_OWNER, NULL, &sens, &tmpl, NULL, NULL,
				&pa->handle, &out);
	if (rc != MTPM_OK)
		return rc;
	pa->transient = 1;
	/* The Name the TPM reports must be the one its public area gives. */
	rc = mtpm_name_of_public(ctx->crypto, &pa->pub.publicArea, &mine);
	if (rc == MTPM_OK && !name_equal(&mine, &pa->name))
		rc = MTPM_E_MALFORMED;
	return rc;
}

/* ReadPublic of a persistent parent, checked for consistency. */
static mtpm_rc read_parent(mtpm_ctx *ctx, uint32_t h, parent_t *pa)
{
	mtpm_TPM2B_NAME mine;
	mtpm_rc rc;

	rc = mtpm_ReadPublic(ctx, h, NULL, &pa->pub, &pa->name, NULL);
	if (rc != MTPM_OK)
		return rc;
	pa->handle = h;
	rc = mtpm_name_of_public(ctx->crypto, &pa->pub.publicArea, &mine);
	if (rc == MTPM_OK && !name_equal(&mine, &pa->name))
		rc = MTPM_E_MALFORMED;
	if (rc == MTPM_OK && !is_storage_key(&pa->pub.publicArea))
		rc = MTPM_E_USAGE;   /* not a storage key: cannot be a parent */
	return rc;
}

static void release_parent(mtpm_ctx *ctx, parent_t *pa)
{
	if (pa->transient && pa->handle)
		(void)mtpm_FlushContext(ctx, pa->handle);
	pa->handle = 0;
	pa->transient = 0;
}

/* Start a session of `type` salted to the parent, AES-128-CFB. */
static mtpm_rc salted_session(mtpm_ctx *ctx, const parent_t *pa, uint8_t type,
			      mtpm_session *s)
{
	mtpm_session_opts o;

	memset(&o, 0, sizeof(o));
	o.type = type;
	o.hash_alg = MTPM_ALG_SHA256;
	o.sym_bits = 128;
	o.salt_key = pa->handle;
	o.salt_pub = &pa->pub.publicArea;
	return mtpm_session_start(ctx, s, &o);
}

static int resets_digest(uint32_t cc)
{
	return cc == MTPM_CC_PolicyOR || cc == MTPM_CC_PolicyAuthorize;
}

/* The digest of the first n steps of p. */
static mtpm_rc policy_digest_n(const mtpm_crypto *cr, uint16_t alg,
			       const mtpm_keyfile_policy *p, unsigned n,
			       int add_auth_value, mtpm_TPM2B_DIGEST *digest)
{
	mtpm_policy_step st;
	unsigned i, first = 0;
	mtpm_rc rc;

	rc = mtpm_policy_init(alg, digest);
	if (rc != MTPM_OK)
		return rc;
	if (p) {
		if (n > MTPM_KEYFILE_MAX_STEPS)
			return MTPM_E_USAGE;
		for (i = 0; i < n; i++)
			if (resets_digest(p->steps[i].cc))
				first = i;
		for (i = first; i < n && rc == MTPM_OK; i++) {
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

/* Part 2 §12.2.4: the sealed data object's public template. */
static void sealed_template(mtpm_TPM2B_PUBLIC *t, int has_policy, int has_pin,
			    const mtpm_TPM2B_DIGEST *policy)
{
	mtpm_TPMT_PUBLIC *p = &t->publicArea;

	memset(t, 0, sizeof(*t));
	p->type = MTPM_ALG_KEYEDHASH;
	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT;
	/* Without a policy the authValue authorizes; with one, only the
	 * policy does. A PIN-less object needs no dictionary-attack
	 * protection, a PIN does. */
	if (!has_policy)
		p->objectAttributes |= MTPM_OA_USERWITHAUTH;
	if (!has_pin)
		p->objectAttributes |= MTPM_OA_NODA;
	if (has_policy)
		p->authPolicy = *policy;
	p->parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
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
	parent_t pa;
	int has_policy = o->policy && o->policy->nsteps;
	int has_pin = o->pin != NULL;
	mtpm_rc rc;

	memset(kf, 0, sizeof(*kf));
	memset(&pa, 0, sizeof(pa));
	memset(&s, 0, sizeof(s));
	memset(&sens, 0, sizeof(sens));
	if (!ctx->crypto || !o->secret || o->secret_len == 0)
		return MTPM_E_USAGE;
	if (o->secret_len > MTPM_SEAL_MAX_SECRET || (has_pin && o->pin_len > MTPM_MAX_DIGEST))
		return MTPM_E_TOO_LARGE;
	if (has_policy && o->policy->nsteps + (has_pin ? 1u : 0u) > MTPM_KEYFILE_MAX_STEPS)
		return MTPM_E_TOO_LARGE;

	/* 1. The object's authPolicy, offline: nothing of it needs the TPM. */
	rc = mtpm_seal_policy_digest(ctx->crypto, MTPM_ALG_SHA256,
				     has_policy ? o->policy : NULL, has_pin, &digest);
	if (rc != MTPM_OK)
		goto out;

	/* 2. The parent. */
	if (o->parent == 0) {
		rc = read_parent(ctx, MTPM_SRK_HANDLE, &pa);
		if (rc != MTPM_OK && mtpm_rc_is_tpm(rc)) {
			memset(&pa, 0, sizeof(pa));   /* no SRK there: make one */
			rc = create_srk(ctx, 0, &pa);
		}
	} else if (o->parent == MTPM_RH_OWNER) {
		rc = create_srk(ctx, o->parent_rsa, &pa);
	} else if ((o->parent >> 24) == MTPM_HT_PERSISTENT) {
		rc = read_parent(ctx, o->parent, &pa);
	} else {
		rc = MTPM_E_USAGE;
	}
	if (rc != MTPM_OK)
		goto out;

	/* 3. Create, with inSensitive encrypted in a session salted to the
	 * parent (which also authorizes it, with its empty authValue). */
	rc = salted_session(ctx, &pa, MTPM_SE_HMAC, &s);
	if (rc != MTPM_OK)
		goto out;
	sealed_template(&tmpl, has_policy || has_pin, has_pin, &digest);
	if (has_pin) {
		sens.sensitive.userAuth.size = (uint16_t)o->pin_len;
		memcpy(sens.sensitive.userAuth.buffer, o->pin, o->pin_len);
	}
	sens.sensitive.data.size = (uint16_t)o->secret_len;
	memcpy(sens.sensitive.data.buffer, o->secret, o->secret_len);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_DECRYPT;          /* continueSession clear: the TPM ends it */
	as.a[0] = &a;
	as.n = 1;
	memset(&out, 0, sizeof(out));
	out.outPrivate = &kf->priv;
	out.outPublic = &kf->pub;
	rc = mtpm_Create(ctx, pa.handle, &pa.name, &as, &sens, &tmpl, NULL, NULL, &out);
	if (rc != MTPM_OK)
		goto out;

	/* 4. What unseal needs to find and trust the parent again. */
	kf->parent = pa.transient ? MTPM_RH_OWNER : pa.handle;
	kf->rsa_parent = pa.transient && pa.pub.publicArea.type == MTPM_ALG_RSA;
	kf->parent_name = pa.name;
	kf->parent_pub = pa.pub;
	kf->empty_auth = !has_pin;
	if (has_policy)
		kf->policy = *o->policy;
	if (has_pin) {
		mtpm_policy_step *st = &kf->policy.steps[kf->policy.nsteps++];

		memset(st, 0, sizeof(*st));
		st->cc = MTPM_CC_PolicyAuthValue;
	}
out:
	if (s.active)
		(void)mtpm_session_flush(ctx, &s);
	release_parent(ctx, &pa);
	mtpm_wipe(&sens, sizeof(sens));
	mtpm_wipe(&s, sizeof(s));
	if (rc != MTPM_OK)
		mtpm_wipe(kf, sizeof(*kf));
	return rc;
}

/* Run steps [from, to) of a recorded policy sequence in session s. */
static mtpm_rc run_steps(mtpm_ctx *ctx, mtpm_session *s, const mtpm_keyfile_policy *p,
			 unsigned from, unsigned to, uint32_t *failed_cc)
{
	unsigned i;
	mtpm_rc rc;

	for (i = from; i < to && i < p->nsteps; i++) {
		if (p->steps[i].cc == MTPM_CC_PolicyAuthorize)
			return MTPM_E_USAGE;   /* handled by run_authorized */
		rc = mtpm_policy_run(ctx, s, &p->steps[i], NULL);
		if (rc != MTPM_OK) {
			*failed_cc = p->steps[i].cc;
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
			      const mtpm_keyfile_policy *ap, uint32_t *failed_cc)
{
	const mtpm_policy_step *last = &ap->steps[ap->nsteps - 1];
	unsigned napproved = ap->nsteps - 1;   /* all but the PolicyAuthorize */
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST ahash;
	mtpm_TPM2B_NAME kname;
	mtpm_TPMT_TK_VERIFIED ticket;
	uint32_t kh = 0;
	mtpm_rc rc;

	if (ap->nsteps < 2 || last->cc != MTPM_CC_PolicyAuthorize || !ap->auth.has_sig)
		return MTPM_E_MALFORMED;
	/* The entry must be signed by the key the object's policy names. */
	rc = mtpm_name_of_public(ctx->crypto, &ap->auth.key.publicArea, &kname);
	if (rc == MTPM_OK) {
		mtpm_TPM2B_NAME want;

		rc = mtpm_name_of_public(ctx->crypto, &main->auth.key.publicArea, &want);
		if (rc == MTPM_OK && !name_equal(&kname, &want))
			rc = MTPM_E_POLICY;   /* signed by some other key */
	}
	if (rc != MTPM_OK)
		return rc;
	/* approvedPolicy, computed offline from the same steps we run. */
	memset(&st, 0, sizeof(st));
	rc = policy_digest_n(ctx->crypto, s->hash_alg, ap, napproved, 0,
			     &st.u.authorize.approvedPolicy);
	if (rc == MTPM_OK)
		rc = run_steps(ctx, s, ap, 0, napproved, failed_cc);
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
		rc = mtpm_VerifySignature(ctx, kh, &ahash, &ap->auth.sig, &ticket);
	}
	if (kh)
		(void)mtpm_FlushContext(ctx, kh);
	if (rc != MTPM_OK)
		return rc;
	st.cc = MTPM_CC_PolicyAuthorize;
	st.u.authorize.policyRef = last->u.authorize.policyRef;
	st.u.authorize.keySign = kname;
	st.u.authorize.checkTicket = ticket;
	*failed_cc = MTPM_CC_PolicyAuthorize;
	return mtpm_policy_run(ctx, s, &st, NULL);
}

mtpm_rc mtpm_unseal(mtpm_ctx *ctx, const mtpm_keyfile *kf, const uint8_t *pin,
		    size_t pin_len, uint8_t *out, size_t cap, size_t *out_len,
		    uint32_t *failed_cc)
{
	mtpm_TPM2B_SENSITIVE_DATA data;
	mtpm_TPM2B_NAME obj_name, mine;
	mtpm_session s, enc;
	mtpm_auth a, ae;
	mtpm_auths as;
	parent_t pa;
	uint32_t obj = 0, fcc_local = 0, *fcc = failed_cc ? failed_cc : &fcc_local;
	const mtpm_keyfile_policy *p = &kf->policy;
	unsigned i, auth_at = p->nsteps;
	mtpm_rc rc;

	memset(&pa, 0, sizeof(pa));
	memset(&s, 0, sizeof(s));
	memset(&enc, 0, sizeof(enc));
	memset(&data, 0, sizeof(data));
	*out_len = 0;
	*fcc = 0;
	if (!ctx->crypto || pin_len > MTPM_MAX_DIGEST || (pin_len && !pin))
		return MTPM_E_USAGE;
	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].cc == MTPM_CC_PolicyAuthorize)
			auth_at = i;

	/* 1. The parent, trusted only as far as the recorded Name allows. */
	if (kf->parent == MTPM_RH_OWNER) {
		*fcc = MTPM_CC_CreatePrimary;
		rc = create_srk(ctx, kf->rsa_parent, &pa);
	} else if ((kf->parent >> 24) != MTPM_HT_PERSISTENT) {
		rc = MTPM_E_MALFORMED;
	} else if (kf->parent_pub.publicArea.type) {
		/* Known parent: no ReadPublic. The session below is salted to
		 * this public area, so only the real key can follow. */
		pa.handle = kf->parent;
		pa.pub = kf->parent_pub;
		rc = mtpm_name_of_public(ctx->crypto, &pa.pub.publicArea, &pa.name);
	} else {
		*fcc = MTPM_CC_ReadPublic;
		rc = read_parent(ctx, kf->parent, &pa);
	}
	if (rc == MTPM_OK && kf->parent_name.size && !name_equal(&pa.name, &kf->parent_name))
		rc = MTPM_E_NAME;
	if (rc == MTPM_OK && !is_storage_key(&pa.pub.publicArea))
		rc = MTPM_E_MALFORMED;
	if (rc != MTPM_OK)
		goto out;

	/* 2. Load the sealed object; its Name must be the one its public
	 * area gives. */
	*fcc = MTPM_CC_Load;
	rc = mtpm_Load(ctx, pa.handle, &pa.name, NULL, &kf->priv, &kf->pub, &obj, &obj_name);
	if (rc != MTPM_OK)
		goto out;
	rc = mtpm_name_of_public(ctx->crypto, &kf->pub.publicArea, &mine);
	if (rc == MTPM_OK && !name_equal(&mine, &obj_name))
		rc = MTPM_E_INTEGRITY;
	if (rc != MTPM_OK)
		goto out;

	/* 3. A session salted to the parent: policy when the object has a
	 * policy, else HMAC with its authValue. */
	*fcc = MTPM_CC_StartAuthSession;
	rc = salted_session(ctx, &pa, p->nsteps ? MTPM_SE_POLICY : MTPM_SE_HMAC, &s);
	if (rc != MTPM_OK)
		goto out;

	/* 4. The policy. A signed policy tries each authPolicy entry in
	 * turn, restarting the session after one that does not match. */
	if (auth_at < p->nsteps) {
		/* PolicyAuthorize starts from zero, so nothing may come
		 * before it. */
		rc = auth_at == 0 ? MTPM_OK : MTPM_E_UNSUPPORTED;
		if (rc == MTPM_OK) {
			rc = MTPM_E_POLICY;   /* no signed policy matches */
			for (i = 0; i < kf->nauthpol; i++) {
				rc = run_authorized(ctx, &s, p, &kf->authpol[i], fcc);
				if (rc == MTPM_OK || !s.active)
					break;
				if (mtpm_PolicyRestart(ctx, &s) != MTPM_OK)
					break;
			}
		}
		if (rc == MTPM_OK)
			rc = run_steps(ctx, &s, p, auth_at + 1, p->nsteps, fcc);
	} else {
		rc = run_steps(ctx, &s, p, 0, p->nsteps, fcc);
	}
	if (rc != MTPM_OK) {
		if (mtpm_rc_is_tpm(rc) && (mtpm_rc_base(rc) == MTPM_RC_VALUE))
			rc = MTPM_E_POLICY;   /* PolicyPCR / PolicyOR: PCRs differ */
		goto out;
	}

	/* 5. Unseal: the session ends with it (continueSession clear) and
	 * outData comes back encrypted.
	 *
	 * A PIN on a policy-only object is the one case where TPM revisions
	 * disagree on the response-encryption key (SECURITY-GAP(G-1) in
	 * session.c: 01.59 adds the authValue, earlier reference code does
	 * not, as userWithAuth is clear). Rather than decrypt garbage on some
	 * TPMs, that case encrypts through a second salted session that
	 * authorizes nothing, whose key every revision derives the same way:
	 * one more StartAuthSession, only when a PIN is in play. */
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_ENCRYPT;
	a.value = pin;
	a.value_len = pin_len;
	as.a[0] = &a;
	as.n = 1;
	if (pin_len && !(kf->pub.publicArea.objectAttributes & MTPM_OA_USERWITHAUTH)) {
		*fcc = MTPM_CC_StartAuthSession;
		rc = salted_session(ctx, &pa, MTPM_SE_HMAC, &enc);
		if (rc != MTPM_OK)
			goto out;
		a.attrs = 0;
		memset(&ae, 0, sizeof(ae));
		ae.sess = &enc;
		ae.attrs = MTPM_SA_ENCRYPT;
		as.a[1] = &ae;
		as.n = 2;
	}
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
	if (rc != MTPM_OK && mtpm_rc_base(rc) == MTPM_RC_POLICY_FAIL)
		rc = MTPM_E_POLICY;
out:
	if (s.active)
		(void)mtpm_session_flush(ctx, &s);
	if (enc.active)
		(void)mtpm_session_flush(ctx, &enc);
	if (obj)
		(void)mtpm_FlushContext(ctx, obj);
	release_parent(ctx, &pa);
	mtpm_wipe(&data, sizeof(data));
	mtpm_wipe(&s, sizeof(s));
	mtpm_wipe(&enc, sizeof(enc));
	if (rc != MTPM_OK) {
		mtpm_wipe(out, cap);
		*out_len = 0;
	}
	return rc;
}
