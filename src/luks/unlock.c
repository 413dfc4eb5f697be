/*
 * unlock.c - a LUKS2 TPM token to a passphrase: systemd-tpm2 (systemd 252)
 * and clevis's tpm2 pin, through mtpm_unseal.
 *
 * The token is attacker-editable (it sits on the disk in the clear), so
 * nothing in it is trusted further than the TPM will enforce:
 *   - the object's authPolicy (inside the TPM-protected blob's public
 *     area, bound to the private part by the TPM at Load) must equal the
 *     policy the token's fields give, computed offline here; a token whose
 *     fields were edited to run a weaker policy fails before Load;
 *   - the parent is held to the caller's trusted Name (the tokens carry
 *     none), as for every other unseal;
 *   - the secret comes back encrypted in a session salted to that parent,
 *     where systemd 252 also salts but clevis (tpm2-tools) sends the JWK in
 *     clear on the bus (docs/luks-formats.md);
 *   - the JWE's GCM tag is checked before a byte of plaintext is written.
 * Facts and formats: docs/luks-formats.md.
 */
#include <string.h>
#include "mtpm/luks_unlock.h"
#include "mtpm/cmds.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t mtpm_b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		out[o++] = b64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	return o;
}

/* PCR bit mask (bit i: PCR i) into a one-bank selection. */
static void one_bank(mtpm_TPML_PCR_SELECTION *sel, uint16_t bank, uint32_t pcrs)
{
	memset(sel, 0, sizeof(*sel));
	if (!pcrs)
		return;
	sel->count = 1;
	sel->pcrSelections[0].hash = bank;
	sel->pcrSelections[0].sizeofSelect = 3;
	sel->pcrSelections[0].pcrSelect[0] = (uint8_t)pcrs;
	sel->pcrSelections[0].pcrSelect[1] = (uint8_t)(pcrs >> 8);
	sel->pcrSelections[0].pcrSelect[2] = (uint8_t)(pcrs >> 16);
}

mtpm_rc mtpm_luks_token_pcrs(const mtpm_luks_token *tok, mtpm_TPML_PCR_SELECTION *sel,
			     uint16_t *policy_alg, int *needs_pin)
{
	memset(sel, 0, sizeof(*sel));
	*policy_alg = MTPM_ALG_SHA256;
	*needs_pin = 0;
	if (tok->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2) {
		const mtpm_luks_systemd *sd = &tok->u.sd;

		/* systemd 252 picks the bank itself when the field is absent:
		 * SHA-256 where the TPM has it, which swtpm and every TPM
		 * we target do. */
		one_bank(sel, sd->pcr_bank ? sd->pcr_bank : MTPM_ALG_SHA256, sd->pcrs);
		*needs_pin = sd->pin;
		return MTPM_OK;
	}
	if (tok->type == MTPM_LUKS_TOKEN_CLEVIS) {
		one_bank(sel, tok->u.jwe.pcr_bank, tok->u.jwe.pcrs);
		*policy_alg = tok->u.jwe.hash;
		return MTPM_OK;
	}
	return MTPM_E_UNSUPPORTED;
}

mtpm_rc mtpm_luks_token_parent(const mtpm_luks_token *tok, mtpm_TPM2B_PUBLIC *tmpl,
			       char key[24])
{
	uint16_t alg = MTPM_ALG_SHA256;
	int rsa;
	size_t n;

	if (tok->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2) {
		rsa = tok->u.sd.primary_alg == MTPM_ALG_RSA;
	} else if (tok->type == MTPM_LUKS_TOKEN_CLEVIS) {
		rsa = tok->u.jwe.key == MTPM_ALG_RSA;
		alg = tok->u.jwe.hash;
	} else {
		return MTPM_E_UNSUPPORTED;
	}
	if (!mtpm_hash_size(alg))
		return MTPM_E_UNSUPPORTED;
	mtpm_primary_template_tools(tmpl, rsa, alg);
	memcpy(key, rsa ? "tools-rsa" : "tools-ecc", 10);
	n = 9;
	if (alg == MTPM_ALG_SHA1)
		memcpy(key + n, "-sha1", 6);
	else if (alg == MTPM_ALG_SHA384)
		memcpy(key + n, "-sha384", 8);
	else if (alg == MTPM_ALG_SHA512)
		memcpy(key + n, "-sha512", 8);
	return MTPM_OK;
}

static int digest_equal(const mtpm_TPM2B_DIGEST *a, const uint8_t *b, size_t n)
{
	return a->size == n && mtpm_ct_equal(a->buffer, b, n);
}

/* Every PolicyPCR step after the last PolicyAuthorize carries a digest
 * (so the policy can be computed offline). */
static int pcr_digests_known(const mtpm_keyfile_policy *p)
{
	unsigned i;

	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].cc == MTPM_CC_PolicyPCR && !p->steps[i].u.pcr.pcrDigest.size)
			return 0;
	return 1;
}

static int has_pcr_step(const mtpm_keyfile_policy *p)
{
	unsigned i;

	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].cc == MTPM_CC_PolicyPCR)
			return 1;
	return 0;
}

void mtpm_luks_sign_key_template(mtpm_TPM2B_PUBLIC *k)
{
	mtpm_TPMT_PUBLIC *p = &k->publicArea;

	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = MTPM_OA_SIGN_ENCRYPT | MTPM_OA_DECRYPT | MTPM_OA_USERWITHAUTH;
	p->authPolicy.size = 0;
	if (p->type == MTPM_ALG_RSA) {
		p->parameters.rsaDetail.symmetric.algorithm = MTPM_ALG_NULL;
		p->parameters.rsaDetail.scheme.scheme = MTPM_ALG_NULL;
		if (p->parameters.rsaDetail.exponent == 0)
			p->parameters.rsaDetail.exponent = 65537;
	}
}

/* The token as a key file: object, primary, policy. */
static mtpm_rc token_keyfile(const mtpm_luks_token *tok, const mtpm_luks_unlock_opts *o,
			     mtpm_keyfile *kf, uint16_t *alg)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_policy_step *st;
	int needs_pin;
	mtpm_rc rc;

	rc = mtpm_luks_token_pcrs(tok, &sel, alg, &needs_pin);
	if (rc != MTPM_OK)
		return rc;
	kf->parent = MTPM_RH_OWNER;
	if (tok->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2) {
		const mtpm_luks_systemd *sd = &tok->u.sd;
		mtpm_cur c;

		/* tpm2-blob: TPM2B_PRIVATE then TPM2B_PUBLIC, nothing after */
		mtpm_cur_init_ro(&c, sd->blob, sd->blob_len);
		mtpm_get_TPM2B_PRIVATE(&c, &kf->priv);
		mtpm_get_TPM2B_PUBLIC(&c, &kf->pub);
		rc = mtpm_cur_done(&c);
		if (rc != MTPM_OK)
			return MTPM_E_MALFORMED;
		/* The token's policy hash must be the object's: the TPM
		 * enforces the object's, the token only says which it is. */
		if (!digest_equal(&kf->pub.publicArea.authPolicy, sd->policy_hash,
				  sd->policy_hash_len))
			return MTPM_E_MALFORMED;
	} else {
		const mtpm_jwe *j = &tok->u.jwe;

		if (mtpm_keyfile_read_public(j->pub, j->pub_len, &kf->pub) != MTPM_OK ||
		    mtpm_keyfile_read_private(j->priv, j->priv_len, &kf->priv) != MTPM_OK)
			return MTPM_E_MALFORMED;
	}
	/* The policy the token's fields name: systemd's order (tpm2-util.c
	 * tpm2_make_policy_session): [PolicyPCR(tpm2_pubkey_pcrs) →
	 * PolicyAuthorize] → PolicyPCR(tpm2-pcrs) → PolicyAuthValue. */
	if (tok->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2 && tok->u.sd.pubkey_len) {
		const mtpm_luks_systemd *sd = &tok->u.sd;
		mtpm_keyfile_policy *ap = &kf->authpol[0];
		mtpm_TPMT_SIGNATURE *sig = &ap->auth.sig;

		if (!o->sign_key || !o->pubkey_pcr_digest || !o->pubkey_pcr_digest->size ||
		    !o->sig || !o->sig_len || o->sig_len > sizeof(sig->signature.rsa.buffer))
			return MTPM_E_USAGE;
		st = &kf->policy.steps[kf->policy.nsteps++];
		st->cc = MTPM_CC_PolicyAuthorize;       /* policyRef empty */
		kf->policy.auth.key = *o->sign_key;
		/* The signed entry: PolicyPCR at the current values of
		 * tpm2_pubkey_pcrs; run_authorized derives the approved
		 * policy from it and the TPM checks the signature over it. */
		one_bank(&ap->steps[0].u.pcr.pcrs, sd->pcr_bank ? sd->pcr_bank : MTPM_ALG_SHA256,
			 sd->pubkey_pcrs);
		ap->steps[0].cc = MTPM_CC_PolicyPCR;
		ap->steps[0].u.pcr.pcrDigest = *o->pubkey_pcr_digest;
		ap->steps[1].cc = MTPM_CC_PolicyAuthorize;
		ap->nsteps = 2;
		ap->auth.key = *o->sign_key;
		sig->sigAlg = MTPM_ALG_RSASSA;
		sig->hash = MTPM_ALG_SHA256;
		sig->signature.rsa.size = (uint16_t)o->sig_len;
		memcpy(sig->signature.rsa.buffer, o->sig, o->sig_len);
		ap->auth.has_sig = 1;
		kf->nauthpol = 1;
	}
	if (sel.count) {
		st = &kf->policy.steps[kf->policy.nsteps++];
		st->cc = MTPM_CC_PolicyPCR;
		st->u.pcr.pcrs = sel;
		if (o->pcr_digest && o->pcr_digest->size) {
			if (o->pcr_digest->size != mtpm_hash_size(*alg))
				return MTPM_E_USAGE;
			st->u.pcr.pcrDigest = *o->pcr_digest;
		}
	}
	if (needs_pin) {
		st = &kf->policy.steps[kf->policy.nsteps++];
		st->cc = MTPM_CC_PolicyAuthValue;
	}
	kf->empty_auth = !needs_pin;
	return MTPM_OK;
}

mtpm_rc mtpm_luks_unlock(mtpm_ctx *ctx, const mtpm_luks_token *tok,
			 const mtpm_luks_unlock_opts *o, mtpm_keyfile *kf,
			 uint8_t *pass, size_t cap, size_t *len, uint32_t *failed_cc)
{
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_TPM2B_DIGEST d;
	mtpm_unseal_opts uo;
	mtpm_json_tok t[32];
	uint8_t secret[MTPM_SEAL_MAX_SECRET], pinhash[32], cek[32];
	size_t slen = 0;
	uint16_t alg = MTPM_ALG_SHA256;
	char key[24];
	mtpm_rc rc;

	*len = 0;
	if (failed_cc)
		*failed_cc = 0;
	memset(kf, 0, sizeof(*kf));
	memset(&uo, 0, sizeof(uo));
	if (!ctx->crypto || (o->pin_len && !o->pin))
		return MTPM_E_USAGE;
	rc = mtpm_luks_token_parent(tok, &tmpl, key);
	if (rc == MTPM_OK)
		rc = token_keyfile(tok, o, kf, &alg);
	if (rc != MTPM_OK)
		goto out;
	if (kf->pub.publicArea.nameAlg != alg && kf->policy.nsteps) {
		rc = MTPM_E_MALFORMED;   /* policy hash is the object's nameAlg */
		goto out;
	}
	/* The whole policy, offline, against the object's: with the
	 * caller's pcrDigest this tells "PCRs changed" before any Load;
	 * without one it still checks the structure where the policy has
	 * no PCRs. */
	if (kf->policy.nsteps && pcr_digests_known(&kf->policy)) {
		rc = mtpm_seal_policy_digest(ctx->crypto, alg, &kf->policy, 0, &d);
		if (rc == MTPM_OK && !digest_equal(&d, kf->pub.publicArea.authPolicy.buffer,
						   kf->pub.publicArea.authPolicy.size))
			rc = has_pcr_step(&kf->policy) ? MTPM_E_POLICY : MTPM_E_MALFORMED;
		if (rc != MTPM_OK)
			goto out;
	} else if (!kf->policy.nsteps && kf->pub.publicArea.authPolicy.size &&
		   !(kf->pub.publicArea.objectAttributes & MTPM_OA_USERWITHAUTH)) {
		rc = MTPM_E_MALFORMED;   /* a policy the token does not describe */
		goto out;
	}

	/* systemd 252: authValue = SHA-256(PIN) (tpm2-util.c hashes it). */
	uo.parent_name = o->parent_name;
	uo.parent_template = &tmpl;
	uo.flags = o->flags & MTPM_TRUST_TPM_PARENT;
	if (!kf->empty_auth) {
		mtpm_iov part = { o->pin, o->pin_len };

		if (!o->pin_len) {
			rc = MTPM_E_USAGE;
			goto out;
		}
		rc = mtpm_hash(ctx->crypto, MTPM_ALG_SHA256, &part, 1, pinhash);
		if (rc != MTPM_OK)
			goto out;
		uo.pin = pinhash;
		uo.pin_len = sizeof(pinhash);
	} else if (o->pin_len) {
		rc = MTPM_E_USAGE;   /* a PIN for a token that has none */
		goto out;
	}
	rc = mtpm_unseal(ctx, kf, &uo, secret, sizeof(secret), &slen, failed_cc);
	if (rc != MTPM_OK)
		goto out;

	if (tok->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2) {
		/* systemd-cryptsetup: the passphrase is base64 of the secret */
		if (4 * ((slen + 2) / 3) > cap) {
			rc = MTPM_E_SPACE;
			goto out;
		}
		*len = mtpm_b64_encode(secret, slen, (char *)pass);
	} else {
		rc = mtpm_jwk_oct_key((const char *)secret, slen, t, sizeof(t) / sizeof(t[0]),
				      cek, NULL);
		if (rc == MTPM_OK)
			rc = mtpm_jwe_decrypt(&tok->u.jwe, cek, pass, cap, len);
	}
out:
	mtpm_wipe(secret, sizeof(secret));
	mtpm_wipe(pinhash, sizeof(pinhash));
	mtpm_wipe(cek, sizeof(cek));
	mtpm_wipe(t, sizeof(t));
	mtpm_wipe(kf, sizeof(*kf));
	if (rc != MTPM_OK) {
		mtpm_wipe(pass, cap);
		*len = 0;
	}
	return rc;
}
