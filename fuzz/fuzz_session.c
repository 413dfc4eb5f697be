/*
 * fuzz/fuzz_session.c - the session response path of the pipeline:
 * mtpm_rsp_check, then the session engine's rsp_verify (Part 1 §19.6.18),
 * then response parameter decryption (crypt, dir 1; Part 1 §21.3) and the
 * response parser, in the order mtpm_cmd_run uses them.
 *
 * The session is fixed: a known session key, nonceCaller and nonceTPM, so
 * inputs replay the same way every time. The command carried one session
 * (MTPM_MAX_AUTHS entries are covered by fuzz_rsp_check).
 *
 * Input:
 *   byte 0  bit 0    mode: 0 = the rest is a raw response frame;
 *                          1 = the harness builds the frame, with a valid
 *                              response HMAC, around fuzzed parameters
 *           bit 1-2  authHash: SHA-1, SHA-256, SHA-384, SHA-512
 *           bit 3    AES-128 or AES-256 CFB
 *           bit 4    the session authorizes a handle (else it only encrypts)
 *           bit 5    HMAC session or policy session with PolicyAuthValue
 *           bit 6    the command asked for response encryption
 *           bit 7    continueSession in the command
 *   byte 1  which response parser runs afterwards (fuzz.h, FUZZ_RSP_*),
 *           which also fixes commandCode and the handle area
 *   mode 0: bytes 2.. the response frame
 *   mode 1: byte 2   sessionAttributes of the response (covered by the HMAC)
 *           byte 3   bit 0 clear: nonceTPM of the session's size; set:
 *                    size (byte 3 >> 1) % 65
 *           bytes 4-7 the response handle (if the command has one)
 *           bytes 8.. the response parameters
 *
 * Oracle, besides the parser's own (fuzz/rsp_parsers.c):
 *   - mode 1: the frame we built passes mtpm_rsp_check; rsp_verify
 *     accepts it exactly when the nonce has the session's size and
 *     continueSession came back as sent; on success the session holds the
 *     new nonceTPM, on failure it kept the old one;
 *   - mode 0: a response HMAC is accepted only if it is the right one
 *     (which a random frame never has) - a frame that gets through must
 *     carry the HMAC the harness computes itself.
 */
#include "fuzz.h"

static mtpm_ctx ctx;              /* 8 KiB of buffers: static */
static uint8_t frame[MTPM_BUF_SIZE * 4];

static const uint8_t auth_value[] = "fuzz-auth";
static const uint16_t hash_algs[4] = {
	MTPM_ALG_SHA1, MTPM_ALG_SHA256, MTPM_ALG_SHA384, MTPM_ALG_SHA512
};

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 7u * i);
}

/* The response HMAC the TPM would send (Part 1 §19.6.18), the message laid
 * out here, not by the engine (only the hash and HMAC primitives are
 * shared): HMAC(sessionKey || authValue,
 * rpHash || nonceTPM || nonceCaller || sessionAttributes), rpHash =
 * H(responseCode || commandCode || parameters). */
static void rsp_hmac(const mtpm_cmd *cmd, const mtpm_session *s, int with_auth,
		     const uint8_t *params, size_t plen,
		     const mtpm_TPM2B_NONCE *nonce_tpm, uint8_t attrs, uint8_t *out)
{
	const mtpm_crypto *cr = mtpm_crypto_bearssl();
	uint8_t hdr[8] = { 0, 0, 0, 0, (uint8_t)(cmd->cc >> 24),
			   (uint8_t)(cmd->cc >> 16), (uint8_t)(cmd->cc >> 8),
			   (uint8_t)cmd->cc };
	uint8_t rph[MTPM_MAX_DIGEST], key[2 * MTPM_MAX_DIGEST];
	mtpm_iov rp[2] = { { hdr, 8 }, { params, plen } };
	mtpm_iov m[4];
	size_t klen = s->key_len;

	FUZZ_CHECK(mtpm_hash(cr, s->hash_alg, rp, 2, rph) == MTPM_OK);
	memcpy(key, s->session_key, klen);
	if (with_auth) {
		memcpy(key + klen, auth_value, sizeof(auth_value) - 1);
		klen += sizeof(auth_value) - 1;
	}
	m[0].p = rph;
	m[0].n = mtpm_hash_size(s->hash_alg);
	m[1].p = nonce_tpm->buffer;
	m[1].n = nonce_tpm->size;
	m[2].p = s->nonce_caller.buffer;
	m[2].n = s->nonce_caller.size;
	m[3].p = &attrs;
	m[3].n = 1;
	FUZZ_CHECK(mtpm_hmac(cr, s->hash_alg, key, klen, m, 4, out) == MTPM_OK);
}

/* Response parameter decryption as mtpm_cmd_run does it, then the parser. */
static void decrypt_and_parse(mtpm_cmd *cmd, unsigned which)
{
	const mtpm_session_hooks *hk = mtpm_session_engine();
	uint8_t *p = (uint8_t *)(uintptr_t)cmd->rparams;
	uint16_t n;

	if (cmd->auth[0].attrs & MTPM_SA_ENCRYPT) {
		if (!cmd->desc->enc_rsp || cmd->rparams_len < 2)
			return;              /* the pipeline's MTPM_E_MALFORMED */
		n = (uint16_t)((p[0] << 8) | p[1]);
		if ((size_t)n + 2 > cmd->rparams_len)
			return;              /* likewise */
		FUZZ_CHECK(hk->crypt(&ctx, cmd, 0, MTPM_CRYPT_RSP, p + 2, n) == MTPM_OK);
	}
	(void)fuzz_rsp_run(which, cmd->rparams, cmd->rparams_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const mtpm_session_hooks *hk = mtpm_session_engine();
	mtpm_TPMS_AUTH_RESPONSE ra[MTPM_MAX_AUTHS];
	mtpm_TPM2B_NONCE old_nonce, nonce;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_cmd cmd;
	mtpm_cmd_desc row;
	const fuzz_rsp_info *info;
	uint8_t flags, attrs = 0, mac[MTPM_MAX_DIGEST];
	unsigned which, nra;
	uint16_t dlen;
	mtpm_cur w;
	mtpm_rc rc;
	int with_auth, expect;

	if (size < 2)
		return 0;
	flags = data[0];
	which = data[1] % FUZZ_RSP_COUNT;
	info = &fuzz_rsp_table[which];

	mtpm_ctx_init(&ctx, NULL, mtpm_crypto_bearssl());
	ctx.sess_hooks = hk;

	/* The fixed session. */
	memset(&s, 0, sizeof(s));
	s.handle = (flags & 0x20) ? 0x03000000u : 0x02000000u;
	s.type = (flags & 0x20) ? MTPM_SE_POLICY : MTPM_SE_HMAC;
	s.policy_auth_value = (flags & 0x20) != 0;
	s.active = 1;
	s.hash_alg = hash_algs[(flags >> 1) & 3];
	dlen = mtpm_hash_size(s.hash_alg);
	s.sym_alg = MTPM_ALG_AES;
	s.sym_mode = MTPM_ALG_CFB;
	s.sym_bits = (flags & 0x08) ? 256 : 128;
	s.key_len = dlen;
	fill(s.session_key, dlen, 0x11);
	s.nonce_caller.size = dlen;
	fill(s.nonce_caller.buffer, dlen, 0x22);
	s.nonce_tpm.size = dlen;
	fill(s.nonce_tpm.buffer, dlen, 0x33);
	old_nonce = s.nonce_tpm;

	/* The command it answers: one session, maybe one authorized handle
	 * (a transient object whose Name we state). */
	memset(&cmd, 0, sizeof(cmd));
	row = *info->desc;
	row.nh = row.nauth = (flags & 0x10) ? 1 : 0;
	cmd.desc = &row;
	cmd.ctx = &ctx;
	cmd.cc = row.cc;
	memset(&name, 0, sizeof(name));
	name.size = 34;
	name.buffer[1] = 0x0B;
	fill(name.buffer + 2, 32, 0x44);
	if (flags & 0x10) {
		cmd.nh = 1;
		cmd.h[0] = 0x80000001u;
		cmd.names[0] = &name;
	}
	cmd.nauth = 1;
	cmd.auth[0].sess = &s;
	cmd.auth[0].value = auth_value;
	cmd.auth[0].value_len = sizeof(auth_value) - 1;
	cmd.auth[0].attrs = (uint8_t)(((flags & 0x40) ? MTPM_SA_ENCRYPT : 0) |
				      ((flags & 0x80) ? MTPM_SA_CONTINUESESSION : 0));
	/* Part 1 §19.6.5: the authValue is in the HMAC key when the
	 * session authorizes the entity (not bound to it). */
	with_auth = row.nauth > 0;

	if (!(flags & 1)) {
		/* Mode 0: a raw frame. Copied: decryption works in place. */
		size_t n = size - 2;

		if (n > sizeof(frame))
			return 0;
		memcpy(frame, data + 2, n);
		memset(ra, 0, sizeof(ra));
		rc = mtpm_rsp_check(&cmd, frame, n, ra, &nra);
		if (rc != MTPM_OK || cmd.tpm_rc != MTPM_OK)
			return 0;
		FUZZ_CHECK(nra == 1);
		rc = hk->rsp_verify(&ctx, &cmd, 0, &ra[0]);
		if (rc != MTPM_OK) {
			FUZZ_CHECK(rc == MTPM_E_INTEGRITY);
			FUZZ_CHECK(memcmp(&s.nonce_tpm, &old_nonce, sizeof(old_nonce)) == 0);
			return 0;
		}
		/* Accepted: it must be the HMAC we compute ourselves. */
		rsp_hmac(&cmd, &s, with_auth, cmd.rparams, cmd.rparams_len,
			 &ra[0].nonce, ra[0].sessionAttributes, mac);
		FUZZ_CHECK(ra[0].hmac.size == dlen &&
			   memcmp(ra[0].hmac.buffer, mac, dlen) == 0);
		decrypt_and_parse(&cmd, which);
		return 0;
	}

	/* Mode 1: build the frame the TPM would send. */
	if (size < 8)
		return 0;
	attrs = data[2];
	memset(&nonce, 0, sizeof(nonce));
	nonce.size = (data[3] & 1) ? (uint16_t)((data[3] >> 1) % (MTPM_MAX_DIGEST + 1)) : dlen;
	fill(nonce.buffer, nonce.size, 0x55);
	if (size - 8 > sizeof(frame) - 256)
		return 0;
	rsp_hmac(&cmd, &s, with_auth, data + 8, size - 8, &nonce, attrs, mac);

	mtpm_cur_init(&w, frame, sizeof(frame));
	mtpm_put_u16(&w, MTPM_ST_SESSIONS);                 /* tag */
	mtpm_rc_ignore(mtpm_put_reserve32(&w));                       /* responseSize */
	mtpm_put_u32(&w, MTPM_OK);                          /* responseCode */
	if (row.rnh)                                        /* handle area */
		mtpm_put_bytes(&w, data + 4, 4);
	mtpm_put_u32(&w, (uint32_t)(size - 8));             /* parameterSize */
	mtpm_put_bytes(&w, data + 8, size - 8);             /* parameters */
	mtpm_put_TPM2B_DIGEST(&w, &nonce);                  /* nonceTPM */
	mtpm_put_u8(&w, attrs);                             /* sessionAttributes */
	mtpm_put_tpm2b(&w, mac, dlen);                      /* hmac */
	FUZZ_CHECK(w.err == MTPM_OK);
	frame[2] = (uint8_t)(w.pos >> 24);
	frame[3] = (uint8_t)(w.pos >> 16);
	frame[4] = (uint8_t)(w.pos >> 8);
	frame[5] = (uint8_t)w.pos;

	memset(ra, 0, sizeof(ra));
	rc = mtpm_rsp_check(&cmd, frame, w.pos, ra, &nra);
	FUZZ_CHECK(rc == MTPM_OK && cmd.tpm_rc == MTPM_OK && nra == 1);
	FUZZ_CHECK(cmd.rparams_len == size - 8);

	rc = hk->rsp_verify(&ctx, &cmd, 0, &ra[0]);
	expect = nonce.size == dlen &&
		 (attrs & MTPM_SA_CONTINUESESSION) ==
		 (cmd.auth[0].attrs & MTPM_SA_CONTINUESESSION);
	if (!expect) {
		FUZZ_CHECK(rc == MTPM_E_INTEGRITY);
		FUZZ_CHECK(memcmp(&s.nonce_tpm, &old_nonce, sizeof(old_nonce)) == 0);
		return 0;
	}
	FUZZ_CHECK(rc == MTPM_OK);
	FUZZ_CHECK(s.nonce_tpm.size == nonce.size &&
		   memcmp(s.nonce_tpm.buffer, nonce.buffer, nonce.size) == 0);
	decrypt_and_parse(&cmd, which);
	return 0;
}
