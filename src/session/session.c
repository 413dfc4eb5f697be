/*
 * session.c - the HMAC/policy session engine.
 *
 * Implements TPM 2.0 Library Part 1 §19 (authorizations: §19.6.8 session
 * key, §19.6.5 HMAC key and trailing zeros, §19.6.10-11 bound sessions,
 * §19.6.13 policy sessions) and §21 (parameter encryption, AES-CFB), with
 * the KDFs of §11.4.10. Salting follows Part 1 Annex B.10.3 (RSA-OAEP,
 * label "SECRET") and Annex C.6.1 (ECDH one-pass with KDFe).
 *
 * DESIGN AND THREATS
 *   The attacker sits on the bus between us and the TPM (passive sniffer or
 *   active interposer; kernel Documentation/security/tpm/tpm-security.rst).
 *   - The session key is KDFa(authHash, bindAuth || salt, "ATH", nonceTPM,
 *     nonceCaller). The salt is encrypted to a TPM key whose public area
 *     the caller vouches for (the seal layer checks its Name), so a sniffer
 *     never learns the key and an interposer cannot substitute its own.
 *   - Command HMACs bind the cpHash (command code, Names, parameters as
 *     sent) to the rolling nonces; response HMACs bind the rpHash. A
 *     response whose HMAC does not verify is MTPM_E_INTEGRITY ("possible bus
 *     tampering"), is never retried, and no byte of its parameters is used:
 *     the pipeline calls rsp_verify before it decrypts or parses.
 *   - The first TPM2B parameter can be AES-CFB encrypted both ways; keys
 *     come from KDFa(authHash, sessionKey || authValue, "CFB", nonceNewer,
 *     nonceOlder).
 *   - Comparisons of HMACs and Names use mtpm_ct_equal; keys, salts and
 *     intermediate digests are wiped with mtpm_wipe on every path.
 *   - On any failure of a command that used a session, the session is
 *     flushed from the TPM and wiped here (hook `done`).
 *
 * The cpHash covers the parameters after encryption (Part 1 §21.1: the
 * TPM checks the HMAC first, then decrypts); the rpHash covers the response
 * parameters as received, before decryption.
 */
#include <string.h>
#include "mtpm/session.h"
#include "mtpm/cmds.h"

/* HMAC key room: sessionKey plus an authValue, each at most a digest. */
#define KEY_MAX (2 * MTPM_MAX_DIGEST)

/* Part 1 §19.6.5: trailing zero octets of an authValue are not used. */
static size_t strip_zeros(const uint8_t *v, size_t n)
{
	while (n > 0 && v[n - 1] == 0)
		n--;
	return n;
}

/* Name of handle i of cmd, for cpHash and for the bound-session check:
 * the caller's, or the one a handle of its type has (made in buf). */
static const mtpm_TPM2B_NAME *handle_name(const mtpm_cmd *cmd, unsigned i,
					  mtpm_TPM2B_NAME *buf)
{
	uint32_t h = cmd->h[i];

	if (cmd->names[i])
		return cmd->names[i];
	switch (MTPM_HANDLE_TYPE(h)) {
	case MTPM_HT_PCR:
	case MTPM_HT_PERMANENT:
	case MTPM_HT_HMAC_SESSION:
	case MTPM_HT_POLICY_SESSION:
		mtpm_name_of_handle(h, buf);
		return buf;
	default:
		/* An object's or NV index's Name must come from its public
		 * area; guessing would make a wrong cpHash. */
		return NULL;
	}
}

/* Does session i of cmd authorize the very entity it is bound to? Then the
 * authValue is already in the session key (Part 1 §19.6.11). The TPM
 * compares the Name and the authValue the session was bound with (Part 1
 * §19.6.11: "the entity's authValue has not changed"), so both are
 * compared here: after HierarchyChangeAuth or ObjectChangeAuth the same
 * entity takes its new authValue in the HMAC key like any other. */
static int is_bind_entity(const mtpm_cmd *cmd, unsigned i)
{
	const mtpm_auth *au = &cmd->auth[i];
	const mtpm_session *s = au->sess;
	const mtpm_TPM2B_NAME *n;
	mtpm_TPM2B_NAME buf;
	size_t alen;
	int same;

	if (!s->bound || s->type != MTPM_SE_HMAC || i >= cmd->desc->nauth)
		return 0;
	n = handle_name(cmd, i, &buf);
	alen = au->value ? strip_zeros(au->value, au->value_len) : 0;
	/* sizes are public; both contents compared in constant time */
	if (!n || n->size != s->bind_name.size || alen != s->bind_auth_len)
		return 0;
	same = mtpm_ct_equal(n->buffer, s->bind_name.buffer, n->size);
	same &= mtpm_ct_equal(au->value ? au->value : s->bind_auth, s->bind_auth, alen);
	return same;
}

/* Does the authValue of the entity session i authorizes go into the HMAC
 * key (command and response)? */
static int auth_in_hmac_key(const mtpm_cmd *cmd, unsigned i)
{
	const mtpm_session *s = cmd->auth[i].sess;

	if (i >= cmd->desc->nauth)
		return 0;               /* encrypt/audit-only session */
	if (s->type == MTPM_SE_HMAC)
		return !is_bind_entity(cmd, i);
	return s->policy_auth_value;
}

/* sessionKey || authValue (stripped) into key, its length in *klen.
 * rsp: the key for the response HMAC, which for a command that changed
 * the entity's authValue (cmd->rsp_auth0) uses the new value. An
 * authValue longer than a digest cannot be an entity's (the TPM limits
 * it to its nameAlg's digest size): MTPM_E_TOO_LARGE, never a key cut
 * short. */
static mtpm_rc make_key(const mtpm_cmd *cmd, unsigned i, int with_auth, int rsp,
			uint8_t key[KEY_MAX], size_t *klen)
{
	const mtpm_auth *au = &cmd->auth[i];
	const mtpm_session *s = au->sess;
	const uint8_t *v = au->value;
	size_t vlen = au->value_len;
	size_t n = s->key_len, a;

	if (rsp && cmd->rsp_auth0 && i == 0 && cmd->desc->nauth > 0) {
		v = cmd->rsp_auth0;
		vlen = cmd->rsp_auth0_len;
	}
	*klen = 0;
	memcpy(key, s->session_key, n);
	if (with_auth && v) {
		a = strip_zeros(v, vlen);
		if (a > KEY_MAX - n)
			return MTPM_E_TOO_LARGE;
		memcpy(key + n, v, a);
		n += a;
	}
	*klen = n;
	return MTPM_OK;
}

/* Index of the first session with attribute a; 0 also when there is
 * none, which for auth_hmac is the same: no nonce to add. */
static unsigned find_attr(const mtpm_cmd *cmd, uint8_t a)
{
	unsigned i;

	for (i = 0; i < cmd->nauth; i++)
		if (cmd->auth[i].sess && (cmd->auth[i].attrs & a))
			return i;
	return 0;
}

/* Part 1 §18.7 cpHash = H(commandCode || Name1 || Name2 || Name3 ||
 * parameters) */
mtpm_rc mtpm_cp_hash(const mtpm_cmd *cmd, uint16_t alg, uint8_t *out)
{
	mtpm_TPM2B_NAME names[3];   /* room for the Names handles have */
	const mtpm_TPM2B_NAME *nm;
	mtpm_iov parts[5];
	uint8_t cc[sizeof(uint32_t)];
	unsigned i, n = 0;
	mtpm_cur c;

	mtpm_cur_init(&c, cc, sizeof(cc));
	mtpm_put_u32(&c, cmd->cc);                    /* commandCode */
	parts[n].p = cc;
	parts[n++].n = c.pos;
	for (i = 0; i < cmd->nh; i++) {
		nm = handle_name(cmd, i, &names[i]);
		if (!nm)
			return MTPM_E_USAGE;
		parts[n].p = nm->buffer;
		parts[n++].n = nm->size;
	}
	parts[n].p = cmd->ctx->cmd + cmd->param_off;
	parts[n++].n = cmd->w.pos - cmd->param_off;
	return mtpm_hash(cmd->ctx->crypto, alg, parts, n, out);
}

/* Part 1 §18.8 rpHash = H(responseCode || commandCode || parameters) */
mtpm_rc mtpm_rp_hash(const mtpm_cmd *cmd, uint16_t alg, uint8_t *out)
{
	uint8_t hdr[2 * sizeof(uint32_t)];
	mtpm_iov parts[2];
	mtpm_cur c;

	mtpm_cur_init(&c, hdr, sizeof(hdr));
	mtpm_put_u32(&c, MTPM_OK);   /* responseCode: only a success is verified */
	mtpm_put_u32(&c, cmd->cc);   /* commandCode */
	parts[0].p = hdr;
	parts[0].n = c.pos;
	parts[1].p = cmd->rparams;
	parts[1].n = cmd->rparams_len;
	return mtpm_hash(cmd->ctx->crypto, alg, parts, 2, out);
}

static mtpm_rc hook_roll(mtpm_ctx *ctx, mtpm_session *s)
{
	if (!s->active)
		return MTPM_E_STATE;
	return ctx->crypto->random(s->nonce_caller.buffer, s->nonce_caller.size);
}

/* The authorization HMAC of session i, one definition for both ways:
 *   Part 1 §19.6.9 command HMAC: HMAC(sessionKey || authValue, cpHash ||
 *     nonceCaller || nonceTPM [|| nonceTPM_decrypt] [|| nonceTPM_encrypt]
 *     || sessionAttributes)
 *   Part 1 §19.6.18 response HMAC: HMAC(sessionKey || authValue, rpHash ||
 *     nonceTPM || nonceCaller || sessionAttributes)
 * rsp selects the response's: rpHash, its key (make_key), and newer, the
 * nonceTPM it brings, first; the command's has nonceCaller first. */
static mtpm_rc auth_hmac(mtpm_ctx *ctx, mtpm_cmd *cmd, unsigned i, int rsp,
			 const mtpm_TPM2B_NONCE *newer, const uint8_t *attrs,
			 uint8_t *out)
{
	mtpm_session *s = cmd->auth[i].sess;
	const mtpm_TPM2B_NONCE *older = rsp ? &s->nonce_caller : &s->nonce_tpm;
	/* the HMAC key, then cpHash or rpHash: one wipe for both */
	uint8_t buf[KEY_MAX + MTPM_MAX_DIGEST], *key = buf, *ph = buf + KEY_MAX;
	mtpm_iov parts[6];
	unsigned n = 0, k, j, prev;
	size_t klen;
	mtpm_rc rc;

	rc = rsp ? mtpm_rp_hash(cmd, s->hash_alg, ph) : mtpm_cp_hash(cmd, s->hash_alg, ph);
	if (rc == MTPM_OK)
		rc = make_key(cmd, i, auth_in_hmac_key(cmd, i), rsp, key, &klen);
	if (rc != MTPM_OK)
		goto out;
	parts[n].p = ph;
	parts[n++].n = mtpm_hash_size(s->hash_alg);
	parts[n].p = newer->buffer;
	parts[n++].n = newer->size;
	parts[n].p = older->buffer;
	parts[n++].n = older->size;
	/* Part 1 §19.6.9: the first authorization session's command HMAC
	 * also covers the nonces of separate decrypt and encrypt sessions,
	 * decrypt first; session 0's nonce is in already, and a session
	 * that does both counts once. */
	if (i == 0 && !rsp && cmd->desc->nauth > 0) {
		for (k = 0, prev = 0; k < 2; k++) {
			j = find_attr(cmd, k ? MTPM_SA_ENCRYPT : MTPM_SA_DECRYPT);
			if (j != 0 && j != prev) {
				parts[n].p = cmd->auth[j].sess->nonce_tpm.buffer;
				parts[n++].n = cmd->auth[j].sess->nonce_tpm.size;
			}
			prev = j;
		}
	}
	parts[n].p = attrs;
	parts[n++].n = 1;
	rc = mtpm_hmac(ctx->crypto, s->hash_alg, key, klen, parts, n, out);
out:
	mtpm_wipe(buf, sizeof(buf));
	return rc;
}

static mtpm_rc hook_cmd_hmac(mtpm_ctx *ctx, mtpm_cmd *cmd, unsigned i, uint8_t *out)
{
	return auth_hmac(ctx, cmd, i, 0, &cmd->auth[i].sess->nonce_caller,
			 &cmd->auth[i].attrs, out);
}

/* Does another session of cmd verify a response HMAC (a session that is
 * not a password policy session)? */
static int has_hmac_session(const mtpm_cmd *cmd)
{
	unsigned j;

	for (j = 0; j < cmd->nauth; j++) {
		const mtpm_session *o = cmd->auth[j].sess;

		if (o && !(o->type != MTPM_SE_HMAC && o->policy_password))
			return 1;
	}
	return 0;
}

/* Part 1 §19.6.18: the response HMAC of session i, compared in constant
 * time; only then does the session take the new nonceTPM. */
static mtpm_rc hook_rsp_verify(mtpm_ctx *ctx, mtpm_cmd *cmd, unsigned i,
			       const mtpm_TPMS_AUTH_RESPONSE *r)
{
	mtpm_session *s = cmd->auth[i].sess;
	uint8_t mac[MTPM_MAX_DIGEST];
	/* The attributes came back as sent, bar the bits the TPM owns. */
	int same_attrs = (r->sessionAttributes & MTPM_SA_CONTINUESESSION) ==
			 (cmd->auth[i].attrs & MTPM_SA_CONTINUESESSION);
	mtpm_rc rc;

	/* The new nonceTPM keeps the size fixed at session start. */
	if (r->nonce.size != s->nonce_tpm.size)
		return MTPM_E_INTEGRITY;
	if (s->type != MTPM_SE_HMAC && s->policy_password) {
		/* Part 1 §19.6.13: a password policy session answers with an
		 * empty HMAC, so nothing in its entry is authenticated. Check
		 * the shape and the attributes byte, and accept response
		 * parameters only when another session of the command checks
		 * an HMAC over them (rpHash); the pipeline refuses parameter
		 * encryption on such a session before sending. */
		if (r->hmac.size != 0 || !same_attrs)
			rc = MTPM_E_INTEGRITY;
		else if (cmd->rparams_len > 0 && !has_hmac_session(cmd))
			rc = MTPM_E_USAGE;
		else
			rc = MTPM_OK;
	} else if (mtpm_hash_size(s->hash_alg) != r->hmac.size) {
		rc = MTPM_E_INTEGRITY;
	} else {
		rc = auth_hmac(ctx, cmd, i, 1, &r->nonce, &r->sessionAttributes, mac);
		if (rc == MTPM_OK &&
		    (!mtpm_ct_equal(mac, r->hmac.buffer, r->hmac.size) || !same_attrs))
			rc = MTPM_E_INTEGRITY;
	}
	/* Only an accepted response moves the session on. */
	if (rc == MTPM_OK)
		s->nonce_tpm = r->nonce;
	mtpm_wipe(mac, sizeof(mac));
	return rc;
}

/* Part 1 §21.3 CFB parameter encryption. dir 0: command parameter
 * (nonceNewer = nonceCaller), dir 1: response (nonceNewer = nonceTPM). */
static mtpm_rc hook_crypt(mtpm_ctx *ctx, mtpm_cmd *cmd, unsigned i, int dir,
			  uint8_t *data, size_t len)
{
	mtpm_session *s = cmd->auth[i].sess;
	/* the KDFa key, then its output (AES key || IV): one wipe for both */
	uint8_t buf[KEY_MAX + MTPM_MAX_SYM_KEY_BYTES + 16], *key = buf, *kiv = buf + KEY_MAX;
	/* Part 1 §21 (CFB parameter encryption): the KDFa nonces are
	 * (newer, older) in the direction of travel: nonceCaller first for
	 * a command, nonceTPM first for a response. */
	int rsp = dir == MTPM_CRYPT_RSP;
	const mtpm_TPM2B_NONCE *newer = rsp ? &s->nonce_tpm : &s->nonce_caller;
	const mtpm_TPM2B_NONCE *older = rsp ? &s->nonce_caller : &s->nonce_tpm;
	size_t klen, kbytes = s->sym_bits / 8;
	int with_auth;
	mtpm_rc rc;

	if (s->sym_alg != MTPM_ALG_AES || s->sym_mode != MTPM_ALG_CFB ||
	    (kbytes != 16 && kbytes != 32))
		return MTPM_E_USAGE;   /* session started without encryption */
	/* Part 1 §21.1 (01.59; libtpms 0.9 ParseSessionBuffer): a session
	 * that authorizes an entity adds that entity's authValue to the
	 * encryption key, whether or not its HMAC key has it (bound
	 * sessions, policy sessions without PolicyAuthValue). Reference code
	 * before 01.59 added it only when the authValue was "available" for
	 * USER authorization (IsAuthValueAvailable), so a policy-only object
	 * with a PIN decrypts differently on such TPMs: SECURITY-GAP(G-1).
	 * mtpm_unseal steers clear of it (a separate encrypt-only session
	 * for that case); a library caller combining PolicyAuthValue,
	 * userWithAuth clear and encryption in one session is exposed. */
	with_auth = i < cmd->desc->nauth;
	rc = make_key(cmd, i, with_auth, 0, key, &klen);
	if (rc == MTPM_OK)
		rc = mtpm_kdfa(ctx->crypto, s->hash_alg, key, klen, "CFB",
			       newer->buffer, newer->size, older->buffer, older->size,
			       (uint32_t)(kbytes + 16) * 8, kiv);
	if (rc == MTPM_OK)   /* aes_cfb's first argument: 1 encrypts */
		rc = ctx->crypto->aes_cfb(!rsp, kiv, kbytes, kiv + kbytes,
					  data, len);
	mtpm_wipe(buf, sizeof(buf));
	return rc;
}

static void hook_done(mtpm_ctx *ctx, mtpm_cmd *cmd, mtpm_rc rc)
{
	unsigned i;

	for (i = 0; i < cmd->nauth; i++) {
		mtpm_session *s = cmd->auth[i].sess;

		if (!s || !s->active)
			continue;
		if (rc == MTPM_OK) {
			/* The TPM closed it (continueSession clear). */
			if (!(cmd->auth[i].attrs & MTPM_SA_CONTINUESESSION))
				mtpm_session_forget(s);
		} else {
			mtpm_rc_ignore(mtpm_session_flush(ctx, s));
		}
	}
}

static const mtpm_session_hooks engine = {
	hook_roll, hook_crypt, hook_cmd_hmac, hook_rsp_verify, hook_done,
};

const mtpm_session_hooks *mtpm_session_engine(void)
{
	return &engine;
}

void mtpm_session_forget(mtpm_session *s)
{
	mtpm_wipe(s, sizeof(*s));
}

mtpm_rc mtpm_session_flush(mtpm_ctx *ctx, mtpm_session *s)
{
	mtpm_rc rc = MTPM_OK;

	if (s->active) {
		s->active = 0;   /* no recursion if the flush itself fails */
		rc = mtpm_FlushContext(ctx, s->handle);
	}
	mtpm_session_forget(s);
	return rc;
}

/*
 * Salt to an ECC P-256 key: Part 1 Annex C.6.1. An ephemeral key Qe, Z =
 * x(de * Qs), salt = KDFe(nameAlg, Z, "SECRET", Qe.x, Qs.x, digest bits);
 * encryptedSalt = TPMS_ECC_POINT Qe.
 */
static mtpm_rc salt_ecc(const mtpm_crypto *cr, const mtpm_TPMT_PUBLIC *pub,
			uint8_t *salt, size_t salt_len,
			mtpm_TPM2B_ENCRYPTED_SECRET *enc)
{
	const mtpm_TPMS_ECC_POINT *q = &pub->unique.ecc;
	uint8_t dz[2 * MTPM_P256_BYTES];   /* de || Z: one wipe for both */
	uint8_t *d = dz, *z = dz + MTPM_P256_BYTES;
	mtpm_TPMS_ECC_POINT e;   /* Qe */
	mtpm_cur c;
	mtpm_rc rc;

	if (pub->parameters.eccDetail.curveID != MTPM_ECC_NIST_P256 ||
	    q->x.size != MTPM_P256_BYTES || q->y.size != MTPM_P256_BYTES)
		return MTPM_E_UNSUPPORTED;
	e.x.size = MTPM_P256_BYTES;   /* the keygen fills both buffers */
	e.y.size = MTPM_P256_BYTES;
	rc = cr->p256_keygen(d, e.x.buffer, e.y.buffer);
	if (rc == MTPM_OK)
		rc = cr->p256_ecdh(d, q->x.buffer, q->y.buffer, z);
	if (rc == MTPM_OK)
		rc = mtpm_kdfe(cr, pub->nameAlg, z, MTPM_P256_BYTES, "SECRET", e.x.buffer,
			       MTPM_P256_BYTES, q->x.buffer, MTPM_P256_BYTES,
			       (uint32_t)salt_len * 8, salt);
	mtpm_wipe(dz, sizeof(dz));   /* de and Z are spent */
	if (rc == MTPM_OK) {
		mtpm_cur_init(&c, enc->buffer, sizeof(enc->buffer));
		mtpm_put_TPMS_ECC_POINT(&c, &e);
		rc = c.err;
		enc->size = (uint16_t)c.pos;
	}
	return rc;
}

/* Salt to an RSA key: Part 1 Annex B.10.3, OAEP with the key's nameAlg
 * and the label "SECRET" including its NUL (hence sizeof). */
static const char secret_label[] = "SECRET";

static mtpm_rc salt_rsa(const mtpm_crypto *cr, const mtpm_TPMT_PUBLIC *pub,
			uint8_t *salt, size_t salt_len,
			mtpm_TPM2B_ENCRYPTED_SECRET *enc)
{
	uint32_t e = pub->parameters.rsaDetail.exponent;
	size_t out_len = 0;
	mtpm_rc rc;

	if (pub->unique.rsa.size < 128)
		return MTPM_E_UNSUPPORTED;
	rc = cr->random(salt, salt_len);
	if (rc == MTPM_OK)
		rc = cr->rsa_oaep_encrypt(pub->unique.rsa.buffer, pub->unique.rsa.size,
					  e ? e : 65537, pub->nameAlg, secret_label,
					  sizeof(secret_label),
					  salt, salt_len, enc->buffer,
					  sizeof(enc->buffer), &out_len);
	if (rc == MTPM_OK)
		enc->size = (uint16_t)out_len;
	return rc;
}

mtpm_rc mtpm_session_start(mtpm_ctx *ctx, mtpm_session *s,
			   const mtpm_session_opts *o)
{
	const mtpm_crypto *cr = ctx->crypto;
	uint16_t alg = o->hash_alg ? o->hash_alg : MTPM_ALG_SHA256;
	uint16_t dlen = mtpm_hash_size(alg);
	uint32_t salt_key = o->salt_key ? o->salt_key : MTPM_RH_NULL;
	uint32_t bind = o->bind ? o->bind : MTPM_RH_NULL;
	uint8_t kin[2 * MTPM_MAX_DIGEST];   /* bindAuth || salt */
	mtpm_TPM2B_ENCRYPTED_SECRET enc;
	mtpm_TPMT_SYM_DEF sym;
	size_t salt_len = 0, a = 0;
	mtpm_rc rc;

	memset(s, 0, sizeof(*s));
	enc.size = 0;   /* no salt: an empty encryptedSalt */
	/* Entropy before anything is sent (include/mtpm/crypto.h, random):
	 * no platform source, or a salt an interposer would choose without
	 * the caller's explicit opt-in, is refused here, so no
	 * StartAuthSession goes out with it. */
	if (cr && (!cr->random ||
		   (salt_key != MTPM_RH_NULL && cr->random_from_tpm && !ctx->tpm_entropy_ok)))
		return MTPM_E_ENTROPY;
	if (!cr || dlen == 0 ||
	    (o->type != MTPM_SE_HMAC && o->type != MTPM_SE_POLICY &&
	     o->type != MTPM_SE_TRIAL) ||
	    (o->sym_bits != 0 && o->sym_bits != 128 && o->sym_bits != 256) ||
	    o->bind_auth_len > MTPM_MAX_DIGEST ||
	    (salt_key != MTPM_RH_NULL && !o->salt_pub) ||
	    (bind != MTPM_RH_NULL && !o->bind_name))
		return MTPM_E_USAGE;

	/* Part 1 §19.6.8: sessionKey = KDFa(authHash, bindAuth || salt,
	 * "ATH", nonceTPM, nonceCaller, digest bits); empty when neither
	 * bound nor salted. Both halves are made in place in kin. */
	if (bind != MTPM_RH_NULL) {
		a = o->bind_auth ? strip_zeros(o->bind_auth, o->bind_auth_len) : 0;
		if (a) {
			memcpy(kin, o->bind_auth, a);
			memcpy(s->bind_auth, o->bind_auth, a);
		}
		s->bound = 1;
		s->bind_name = *o->bind_name;
		s->bind_auth_len = (uint8_t)a;
	}
	if (salt_key != MTPM_RH_NULL) {
		salt_len = mtpm_hash_size(o->salt_pub->nameAlg);
		if (salt_len == 0) {
			rc = MTPM_E_UNSUPPORTED;
			goto out;
		}
		if (o->salt_pub->type == MTPM_ALG_ECC)
			rc = salt_ecc(cr, o->salt_pub, kin + a, salt_len, &enc);
		else if (o->salt_pub->type == MTPM_ALG_RSA)
			rc = salt_rsa(cr, o->salt_pub, kin + a, salt_len, &enc);
		else
			rc = MTPM_E_UNSUPPORTED;
		if (rc != MTPM_OK)
			goto out;
	}

	s->type = o->type;
	s->hash_alg = alg;
	s->nonce_caller.size = dlen;
	rc = cr->random(s->nonce_caller.buffer, dlen);
	if (rc != MTPM_OK)
		goto out;
	/* AES-CFB when asked for, else TPM_ALG_NULL (no keyBits, no mode) */
	sym.algorithm = o->sym_bits ? MTPM_ALG_AES : MTPM_ALG_NULL;
	sym.keyBits = o->sym_bits;
	sym.mode = o->sym_bits ? MTPM_ALG_CFB : 0;
	s->sym_alg = sym.algorithm;
	s->sym_bits = sym.keyBits;
	s->sym_mode = sym.mode;

	rc = mtpm_StartAuthSession(ctx, salt_key, bind, &s->nonce_caller, &enc,
				   o->type, &sym, alg, &s->handle, &s->nonce_tpm);
	if (rc != MTPM_OK)
		goto out;
	s->active = 1;
	/* nonceTPM is as long as the session's digest (Part 3 §11.1). */
	if (s->nonce_tpm.size != dlen) {
		rc = MTPM_E_MALFORMED;
		goto out;
	}

	if (bind != MTPM_RH_NULL || salt_key != MTPM_RH_NULL) {
		rc = mtpm_kdfa(cr, alg, kin, a + salt_len, "ATH", s->nonce_tpm.buffer,
			       s->nonce_tpm.size, s->nonce_caller.buffer,
			       s->nonce_caller.size, (uint32_t)dlen * 8,
			       s->session_key);
		if (rc != MTPM_OK)
			goto out;
		s->key_len = dlen;
	}
	ctx->sess_hooks = &engine;
out:
	if (rc != MTPM_OK)
		mtpm_rc_ignore(mtpm_session_flush(ctx, s));
	mtpm_wipe(kin, sizeof(kin));
	return rc;
}
