/*
 * policy.c - mtpm policy: compute a policy digest offline or on the TPM
 * (trial session), and sign an approved PCR policy for PolicyAuthorize.
 *
 *   mtpm policy [--hash ALG] [--tpm] STEP...
 *   mtpm policy sign --key OWNER.pem [--ref HEX] STEP... (--add sealed.pem | -o FILE)
 *
 * Both paths go through the library's one definition of each step
 * (src/session/policy.c): offline through mtpm_policy_calc, on the TPM
 * through mtpm_policy_run, which applies the same update as it sends the
 * command - so the offline digest cannot drift from the TPM's.
 */
#include <bearssl.h>
#include <string.h>
#include "cli.h"
#include "mtpm/table.h"
#include "../seal/der.h"

/* --- PolicyPCR steps from the command line ---------------------------- */

/*
 * pcrDigest = H(values of sel, concatenated in selection order) in alg
 * (Part 3 §23.7: the policy session's hash, whatever the banks). The
 * library's one definition (mtpm_policy_pcr_digest) takes TPML_DIGESTs,
 * 8 values each, so the values go to it in lists of 8, in order. Also the
 * initramfs build's (luks unlock).
 */
mtpm_rc cli_pcr_values_digest(uint16_t alg, const mtpm_TPML_PCR_SELECTION *sel,
			      const cli_pcr_values vals[MTPM_MAX_BANKS],
			      mtpm_TPM2B_DIGEST *out)
{
	static mtpm_TPML_DIGEST lists[MTPM_MAX_BANKS * CLI_MAX_PCRS / MTPM_MAX_DIGESTS];
	unsigned b, k, n = 0;
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	memset(lists, 0, sizeof(lists));
	if (sel->count > MTPM_MAX_BANKS)
		return MTPM_E_USAGE;
	for (b = 0; b < sel->count; b++) {
		if (vals[b].count > CLI_MAX_PCRS)
			return MTPM_E_USAGE;
		for (k = 0; k < vals[b].count; k++) {
			if (n == 0 || lists[n - 1].count == MTPM_MAX_DIGESTS)
				n++;   /* n <= 8 banks * 24 / 8: the array's size */
			lists[n - 1].digests[lists[n - 1].count++] = vals[b].digests[k];
		}
	}
	rc = mtpm_policy_pcr_digest(mtpm_crypto_bearssl(), alg, lists, n, out);
	memset(lists, 0, sizeof(lists));
	return rc;
}

#ifndef MTPM_CLI_MINIMAL   /* PCR policy steps: sealing, raw files, policy */

int cli_pcr_step_ex(cli_env *env, const char *spec, int need_digest, uint16_t alg,
		    mtpm_session *audit, mtpm_policy_step *st,
		    cli_pcr_values vals[MTPM_MAX_BANKS])
{
	static cli_pcr_values local[MTPM_MAX_BANKS];
	static uint8_t file[MTPM_MAX_BANKS * CLI_MAX_PCRS * MTPM_MAX_DIGEST];
	cli_pcr_values *v = vals ? vals : local;
	const mtpm_TPML_PCR_SELECTION *s = &st->u.pcr.pcrs;
	char sel[256];
	const char *eq = strchr(spec, '=');
	size_t sl = eq ? (size_t)(eq - spec) : strlen(spec), n, need = 0, off = 0;
	unsigned b, p;
	int ret;
	mtpm_rc rc;

	memset(st, 0, sizeof(*st));
	memset(v, 0, sizeof(cli_pcr_values) * MTPM_MAX_BANKS);
	st->cc = MTPM_CC_PolicyPCR;
	if (mtpm_hash_size(alg) == 0)
		return cli_usage_error("policy hash 0x%04x unknown", alg);
	if (sl >= sizeof(sel))
		return cli_usage_error("PCR selection too long");
	memcpy(sel, spec, sl);
	sel[sl] = '\0';
	if (cli_parse_pcr_selection(sel, &st->u.pcr.pcrs) != MTPM_OK)
		return cli_usage_error("bad PCR selection '%s'", sel);
	if (!need_digest && !eq)
		return EXIT_OK;   /* the TPM takes its current values */
	if (eq) {
		/* Values in selection order, as tpm2_pcrread -o and mtpm
		 * pcrread -o write them: up to 24 a bank. */
		for (b = 0; b < s->count; b++)
			for (p = 0; p < 24; p++)
				if ((s->pcrSelections[b].pcrSelect[p / 8] >> (p % 8)) & 1)
					need += mtpm_hash_size(s->pcrSelections[b].hash);
		ret = cli_read_file(eq + 1, file, sizeof(file), &n, "PCR values file");
		if (ret)
			return ret;
		if (n != need) {
			cli_err("PCR values file '%s' holds %zu bytes; the selection '%s' "
				"takes %zu", eq + 1, n, sel, need);
			return EXIT_USAGE;
		}
		for (b = 0; b < s->count; b++) {
			uint16_t dl = mtpm_hash_size(s->pcrSelections[b].hash);

			for (p = 0; p < 24; p++) {
				if (!((s->pcrSelections[b].pcrSelect[p / 8] >> (p % 8)) & 1))
					continue;
				v[b].digests[v[b].count].size = dl;
				memcpy(v[b].digests[v[b].count].buffer, file + off, dl);
				v[b].count++;
				off += dl;
			}
		}
	} else {
		ret = cli_open(env);
		if (ret)
			return ret;
		if (audit)
			rc = cli_read_pcrs_audited(&env->ctx, audit, s, v);
		else
			rc = cli_read_pcr_values(&env->ctx, s, v);
		if (rc != MTPM_OK)
			return cli_fail("policy: TPM2_PCR_Read", rc);
	}
	rc = cli_pcr_values_digest(alg, s, v, &st->u.pcr.pcrDigest);
	if (rc != MTPM_OK)
		return cli_fail("policy: PCR digest", rc);
	return EXIT_OK;
}

int cli_pcr_step(cli_env *env, const char *spec, int need_digest,
		 mtpm_policy_step *st, mtpm_TPML_DIGEST vals[MTPM_MAX_BANKS])
{
	static cli_pcr_values all[MTPM_MAX_BANKS];
	unsigned b, k;
	int ret;

	ret = cli_pcr_step_ex(env, spec, need_digest, MTPM_ALG_SHA256, NULL, st, all);
	if (vals) {
		/* A TPML_DIGEST has room for 8: the first 8 of each bank. */
		memset(vals, 0, sizeof(mtpm_TPML_DIGEST) * MTPM_MAX_BANKS);
		for (b = 0; ret == EXIT_OK && b < MTPM_MAX_BANKS; b++)
			for (k = 0; k < all[b].count && k < MTPM_MAX_DIGESTS; k++)
				vals[b].digests[vals[b].count++] = all[b].digests[k];
	}
	memset(all, 0, sizeof(all));
	return ret;
}

#endif

#ifndef MTPM_CLI_MINIMAL   /* mtpm policy is an enrolment tool: not in the initramfs build */

/* --- STEP parsing ---------------------------------------------------------- */

/* commandcode:CC - any Part 2 §6.5.2 command name as mtpm_cc_name spells
 * it (case-sensitive, with or without TPM2_CC_ / TPM_CC_), or a code in
 * 0x11F..0x1FF (hex or decimal). 0 if neither. */
static uint32_t cc_by_name(const char *s)
{
	uint32_t v;

	if (strncmp(s, "TPM2_CC_", 8) == 0)
		s += 8;
	else if (strncmp(s, "TPM_CC_", 7) == 0)
		s += 7;
	for (v = 0x11F; v <= 0x1FF; v++) {
		const char *n = mtpm_cc_name(v);

		if (n && strcmp(s, n) == 0)
			return v;
	}
	if (cli_parse_u32(s, &v) == 0 && v >= 0x11F && v <= 0x1FF)
		return v;
	return 0;
}

/*
 * One STEP of `mtpm policy` into st (and auth for authorize:). Exported
 * for the fuzz harness: it never touches the TPM unless a step needs
 * current PCR values or a handle's Name.
 */
int cli_parse_policy_step(cli_env *env, const char *s, mtpm_policy_step *st,
			  mtpm_keyfile_auth *auth);
static int parse_step(cli_env *env, const char *s, mtpm_policy_step *st,
		      mtpm_keyfile_auth *auth, uint16_t alg, mtpm_session *audit);

/* The same for a policy of hash alg (pcrDigest in alg), current PCR values
 * read under audit when not NULL. */
static int parse_step_alg(cli_env *env, const char *s, mtpm_policy_step *st,
			  mtpm_keyfile_auth *auth, uint16_t alg, mtpm_session *audit)
{
	int ret = parse_step(env, s, st, auth, alg, audit);

	if (ret != EXIT_OK) {   /* no half-filled step on failure */
		memset(st, 0, sizeof(*st));
		if (auth)
			memset(auth, 0, sizeof(*auth));
	}
	return ret;
}

int cli_parse_policy_step(cli_env *env, const char *s, mtpm_policy_step *st,
			  mtpm_keyfile_auth *auth)
{
	return parse_step_alg(env, s, st, auth, MTPM_ALG_SHA256, NULL);
}

static int parse_step(cli_env *env, const char *s, mtpm_policy_step *st,
		      mtpm_keyfile_auth *auth, uint16_t alg, mtpm_session *audit)
{
	memset(st, 0, sizeof(*st));
	if (strncmp(s, "pcr:", 4) == 0)
		return cli_pcr_step_ex(env, s + 4, 1, alg, audit, st, NULL);
	if (strcmp(s, "authvalue") == 0) {
		st->cc = MTPM_CC_PolicyAuthValue;
		return EXIT_OK;
	}
	if (strcmp(s, "password") == 0) {
		st->cc = MTPM_CC_PolicyPassword;
		return EXIT_OK;
	}
	if (strncmp(s, "commandcode:", 12) == 0) {
		st->cc = MTPM_CC_PolicyCommandCode;
		st->u.cc.code = cc_by_name(s + 12);
		return st->u.cc.code ? EXIT_OK : cli_usage_error("unknown command code '%s'", s + 12);
	}
	if (strncmp(s, "or:", 3) == 0) {
		char hex[2 * MTPM_MAX_DIGEST + 1];
		const char *p = s + 3;
		mtpm_TPML_DIGEST *l = &st->u.or.pHashList;

		st->cc = MTPM_CC_PolicyOR;
		while (*p) {
			const char *c = strchr(p, ',');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			long dn;

			if (n >= sizeof(hex) || l->count >= MTPM_MAX_POLICY_OR)
				return cli_usage_error("or: at most %d digests of at most %d bytes",
						       MTPM_MAX_POLICY_OR, MTPM_MAX_DIGEST);
			memcpy(hex, p, n);
			hex[n] = '\0';
			dn = cli_hex_decode(hex, l->digests[l->count].buffer, MTPM_MAX_DIGEST);
			if (dn <= 0)
				return cli_usage_error("or: bad digest '%s'", hex);
			l->digests[l->count++].size = (uint16_t)dn;
			p += n;
			if (*p == ',' && *++p == '\0')
				return cli_usage_error("or: trailing comma");
		}
		return l->count >= 2 ? EXIT_OK : cli_usage_error("or: needs two digests or more");
	}
	if (strncmp(s, "authorize:", 10) == 0) {
		char path[512];
		const char *arg = s + 10, *colon = strrchr(arg, ':');
		size_t pl = colon ? (size_t)(colon - arg) : strlen(arg);
		int ret;

		st->cc = MTPM_CC_PolicyAuthorize;
		if (pl >= sizeof(path) || !auth)
			return cli_usage_error("authorize: bad argument");
		memcpy(path, arg, pl);
		path[pl] = '\0';
		if (colon) {
			long rn = cli_hex_decode(colon + 1, st->u.authorize.policyRef.buffer,
						 sizeof(st->u.authorize.policyRef.buffer));
			if (rn < 0)
				return cli_usage_error("authorize: bad policyRef hex");
			st->u.authorize.policyRef.size = (uint16_t)rn;
		}
		ret = cli_load_pubkey(path, &auth->key);
		if (ret)
			return ret;
		if (mtpm_name_of_public(mtpm_crypto_bearssl(), &auth->key.publicArea,
					&st->u.authorize.keySign) != MTPM_OK)
			return EXIT_FAIL;
		/* The Name the digest binds (the same tpm2_loadexternal and
		 * systemd give the key): on stderr, for checking by hand. */
		fprintf(stderr, "mtpm policy: %s: key Name ", path);
		cli_hex_print(stderr, st->u.authorize.keySign.buffer, st->u.authorize.keySign.size, 0);
		fputc('\n', stderr);
		return EXIT_OK;
	}
	if (strncmp(s, "secret:", 7) == 0) {
		uint32_t h;

		st->cc = MTPM_CC_PolicySecret;
		if (cli_parse_u32(s + 7, &h) != 0)
			return cli_usage_error("secret: bad handle '%s'", s + 7);
		st->u.secret.authHandle = h;
		if (MTPM_HANDLE_TYPE(h) == MTPM_HT_PERMANENT) {
			mtpm_name_of_handle(h, &st->u.secret.authName);
			return EXIT_OK;
		}
		if (MTPM_HANDLE_TYPE(h) == MTPM_HT_PERSISTENT || MTPM_HANDLE_TYPE(h) == MTPM_HT_TRANSIENT) {
			mtpm_TPM2B_PUBLIC pub;
			int ret = cli_open(env);
			mtpm_rc rc;

			if (ret)
				return ret;
			rc = mtpm_ReadPublic(&env->ctx, h, NULL, &pub, &st->u.secret.authName, NULL);
			return rc == MTPM_OK ? EXIT_OK : cli_fail("policy: TPM2_ReadPublic", rc);
		}
		return cli_usage_error("secret: handle 0x%08x is not a hierarchy or a key", h);
	}
	return cli_usage_error("unknown policy step '%s'", s);
}

static void policy_help(void)
{
	printf("usage: mtpm policy [--hash ALG] [--tpm] STEP...\n"
	       "       mtpm policy sign --key OWNER.pem [--ref HEX] [--parent-name HEX] STEP...\n"
	       "                        (--add sealed.pem | -o FILE)\n"
	       "  Print a policy digest in hex, computed offline (default) or by the TPM\n"
	       "  in a trial session (--tpm). --hash: sha1, sha256 (default), sha384 or\n"
	       "  sha512; PolicyPCR works over any bank in any of them. Steps (Part 3 §23):\n"
	       "    pcr:SEL                PolicyPCR with the TPM's current values\n"
	       "    pcr:SEL=FILE           ... with values from FILE (mtpm pcrread -o,\n"
	       "                           tpm2_pcrread -o: selection order, 24 a bank at most)\n"
	       "    authvalue | password   PolicyAuthValue | PolicyPassword\n"
	       "    commandcode:NAME|HEX   PolicyCommandCode (e.g. Unseal)\n"
	       "    secret:HANDLE          PolicySecret (empty password for the handle)\n"
	       "    authorize:PUBKEY.pem[:REF_HEX]  PolicyAuthorize by that key\n"
	       "    or:HEX,HEX[,HEX...]    PolicyOR of those digests\n"
	       "  SEL: BANK:LIST[+BANK:LIST...]; BANK sha1|sha256|sha384|sha512, sha256\n"
	       "  when left out; LIST 'all' or PCRs and ranges: 7, 0,7, 0+7, 0-7, 0-3,7.\n"
	       "  A '+' then a bank name starts a bank, a '+' then a digit is another PCR.\n"
	       "  sign: the steps form an approved policy; it is signed with the owner's\n"
	       "  EC P-256 or RSA private key (aHash = SHA-256(approvedPolicy || ref)) and\n"
	       "  added to the authPolicy list of a key file sealed with --authorize, or\n"
	       "  written as DER to FILE. The ref is --ref, else the one sealed.pem\n"
	       "  records; a --ref other than the recorded one is refused, and so is a\n"
	       "  file whose recorded policy does not give its object's authPolicy. The\n"
	       "  ref and aHash are printed on stderr before signing. Current PCR values\n"
	       "  (pcr:SEL without FILE) are read under a session salted to the SRK\n"
	       "  (0x81000001, else a transient ECC one) whose response HMAC covers\n"
	       "  them; the SRK must have the Name --parent-name or the pinned-parent\n"
	       "  file gives (exit 9), else it is trusted on first use.\n"
	       "  An approval cannot be revoked (only PolicyNV could): give every\n"
	       "  object its own ref, and rotate the owner key to withdraw them all.\n"
	       "  The equivalent with openssl: write the digest (binary) followed by\n"
	       "  ref to m.bin and run\n"
	       "    openssl dgst -sha256 -sign OWNER.pem -out sig.der m.bin\n");
}

/* --- signing ------------------------------------------------------------ */

/*
 * The static initramfs build (MTPM_CLI_MINIMAL) signs nothing: its
 * policy_sign, at the end of this section, only says so. What follows up
 * to there is the full build's.
 */

/*
 * The public exponent of an RSA private key, read from the key's own DER
 * (RFC 8017 A.1.2 RSAPrivateKey, inside RFC 5208 PKCS#8 when pkcs8):
 * BearSSL's br_rsa_i31_compute_pubexp cannot recover it from keys whose d
 * is reduced mod lcm(p-1, q-1), as OpenSSL 3 makes them.
 */
static uint32_t rsa_exponent(const uint8_t *der, size_t n, int pkcs8)
{
	mtpm_cur top, seq, inner, os, skip;
	uint32_t v = 0, e = 0;
	const uint8_t *p;
	size_t len;

	mtpm_cur_init_ro(&top, der, n);
	mtpm_der_get(&top, MTPM_DER_SEQUENCE, &seq);
	if (pkcs8) {
		mtpm_der_get_u32(&seq, &v);                       /* version */
		mtpm_der_get(&seq, MTPM_DER_SEQUENCE, &skip);     /* algorithm */
		mtpm_der_get(&seq, MTPM_DER_OCTETSTRING, &os);    /* privateKey */
		mtpm_der_get(&os, MTPM_DER_SEQUENCE, &inner);
	} else {
		inner = seq;
	}
	mtpm_der_get_u32(&inner, &v);                             /* version */
	mtpm_der_get(&inner, MTPM_DER_INTEGER, &skip);            /* modulus */
	mtpm_der_get(&inner, MTPM_DER_INTEGER, &os);              /* publicExponent */
	len = mtpm_cur_left(&os);
	p = mtpm_get_skip(&os, len);
	if (inner.err != MTPM_OK || !p || len == 0 || len > 5 || (len == 5 && p[0]))
		return 0;
	while (len--)
		e = e << 8 | *p++;
	return e;
}

/* Sign aHash with the owner's private key; the TPM2B_PUBLIC of the same
 * key goes to pub, as cli_load_pubkey would build it. */
static int sign_ahash(const char *keyfile, const mtpm_TPM2B_DIGEST *ahash,
		      mtpm_TPMT_SIGNATURE *sig, mtpm_TPM2B_PUBLIC *pub)
{
	static uint8_t pem[16384], der[8192];
	static br_skey_decoder_context dc;
	static const char *labels[] = { "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY" };
	size_t n, dn = 0, i;
	int ret = EXIT_MALFORMED;

	memset(sig, 0, sizeof(*sig));
	memset(pub, 0, sizeof(*pub));
	if (cli_read_file(keyfile, pem, sizeof(pem), &n, "private key") != EXIT_OK)
		return EXIT_USAGE;
	for (i = 0; i < 3; i++)
		if (mtpm_pem_decode(labels[i], pem, n, der, sizeof(der), &dn) == MTPM_OK)
			break;
	if (i == 3) {
		fprintf(stderr, "mtpm: '%s' holds no PEM private key\n", keyfile);
		goto out;
	}
	br_skey_decoder_init(&dc);
	br_skey_decoder_push(&dc, der, dn);
	if (br_skey_decoder_last_error(&dc) != 0) {
		fprintf(stderr, "mtpm: '%s': cannot decode the private key\n", keyfile);
		goto out;
	}
	if (br_skey_decoder_key_type(&dc) == BR_KEYTYPE_EC) {
		const br_ec_private_key *sk = br_skey_decoder_get_ec(&dc);
		const br_ec_impl *ec = &br_ec_p256_m31;   /* P-256 only: not every curve's code */
		uint8_t raw[64], q[BR_EC_KBUF_PUB_MAX_SIZE];
		br_ec_public_key pk;
		mtpm_TPMT_PUBLIC *p = &pub->publicArea;

		if (sk->curve != BR_EC_secp256r1 ||
		    br_ec_compute_pub(ec, &pk, q, sk) != 65 ||
		    br_ecdsa_i31_sign_raw(ec, &br_sha256_vtable, ahash->buffer, sk, raw) != 64) {
			fprintf(stderr, "mtpm: '%s': only P-256 EC keys are supported\n", keyfile);
			ret = EXIT_USAGE;
			goto out;
		}
		sig->sigAlg = MTPM_ALG_ECDSA;
		sig->hash = MTPM_ALG_SHA256;
		sig->signature.ecc.r.size = 32;
		memcpy(sig->signature.ecc.r.buffer, raw, 32);
		sig->signature.ecc.s.size = 32;
		memcpy(sig->signature.ecc.s.buffer, raw + 32, 32);
		cli_signing_key_template(p, MTPM_ALG_ECC);
		p->unique.ecc.x.size = 32;
		memcpy(p->unique.ecc.x.buffer, q + 1, 32);
		p->unique.ecc.y.size = 32;
		memcpy(p->unique.ecc.y.buffer, q + 33, 32);
		ret = EXIT_OK;
	} else if (br_skey_decoder_key_type(&dc) == BR_KEYTYPE_RSA) {
		const br_rsa_private_key *sk = br_skey_decoder_get_rsa(&dc);
		const unsigned char *oid = BR_HASH_OID_SHA256;
		mtpm_TPMT_PUBLIC *p = &pub->publicArea;
		size_t mlen = br_rsa_i31_compute_modulus(NULL, sk);
		uint32_t e = rsa_exponent(der, dn, i == 0);

		if (mlen < 128 || mlen > 512 || e == 0 ||
		    br_rsa_i31_compute_modulus(p->unique.rsa.buffer, sk) != mlen ||
		    !br_rsa_i31_pkcs1_sign(oid, ahash->buffer, ahash->size, sk,
					   sig->signature.rsa.buffer)) {
			fprintf(stderr, "mtpm: '%s': RSA signing failed\n", keyfile);
			goto out;
		}
		sig->sigAlg = MTPM_ALG_RSASSA;
		sig->hash = MTPM_ALG_SHA256;
		sig->signature.rsa.size = (uint16_t)mlen;
		cli_signing_key_template(p, MTPM_ALG_RSA);
		p->parameters.rsaDetail.keyBits = (uint16_t)(mlen * 8);
		p->parameters.rsaDetail.exponent = e;
		p->unique.rsa.size = (uint16_t)mlen;
		ret = EXIT_OK;
	} else {
		fprintf(stderr, "mtpm: '%s': unsupported private key type\n", keyfile);
	}
out:
	mtpm_wipe(&dc, sizeof(dc));
	mtpm_wipe(der, sizeof(der));
	mtpm_wipe(pem, sizeof(pem));
	return ret;
}

/* --- current PCR values for policy sign, authenticated ---------------- */

/*
 * `policy sign pcr:SEL` approves the PCR values this TPM has now. Read in
 * the clear, an interposer would choose what the owner signs; so they are
 * read with an HMAC session attached for audit (cli_read_pcrs_audited),
 * salted to the SRK as seal picks it: 0x81000001 when it holds a storage
 * key, else the transient ECC P-256 SRK (flushed at the end). The salt is
 * only as good as that key, so it is held to the Name --parent-name or
 * the pinned-parent file gives (exit 9 if it differs); with neither, the
 * key the TPM presents is trusted on first use, which still makes an
 * interposer substitute that key, not just rewrite PCR_Read responses.
 */
typedef struct {
	mtpm_session s;
	mtpm_parent pa;
} pcr_audit;

static int audit_start(cli_env *env, pcr_audit *a, const cli_trust *trust)
{
	mtpm_TPM2B_NAME expect;
	mtpm_session_opts o;
	uint32_t ph = 0;        /* 0: auto, 0x81000001 else the ECC SRK */
	unsigned fl;
	int ret;
	mtpm_rc rc;

	if (a->s.active)
		return EXIT_OK;
	/* Which pinned entry applies, as for seal: 0x81000001 if pinned,
	 * else the ECC SRK's. */
	ret = cli_trusted_parent("policy sign", trust, MTPM_SRK_HANDLE, 0, &expect);
	if (ret == EXIT_OK && expect.size && !trust->opt_name.size)
		ph = MTPM_SRK_HANDLE;
	if (ret == EXIT_OK && !expect.size && !trust->opt_name.size) {
		ret = cli_trusted_parent("policy sign", trust, MTPM_RH_OWNER, 0, &expect);
		if (expect.size)
			ph = MTPM_RH_OWNER;
	}
	if (ret)
		return ret;
	ret = cli_open(env);
	if (ret)
		return ret;
	fl = expect.size ? 0 : MTPM_TRUST_TPM_PARENT;
	if (ph) {
		rc = mtpm_parent_resolve(&env->ctx, ph, 0, NULL, expect.size ? &expect : NULL,
					 fl, &a->pa);
	} else {
		rc = mtpm_parent_resolve(&env->ctx, MTPM_SRK_HANDLE, 0, NULL,
					 expect.size ? &expect : NULL, fl, &a->pa);
		if (rc != MTPM_OK && (mtpm_rc_is_tpm(rc) || rc == MTPM_E_USAGE ||
				      (rc == MTPM_E_NAME && !fl)))
			rc = mtpm_parent_resolve(&env->ctx, MTPM_RH_OWNER, 0, NULL,
						 expect.size ? &expect : NULL, fl, &a->pa);
	}
	if (rc == MTPM_E_NAME) {
		cli_err("the SRK's Name differs from the trusted one: wrong TPM, or an "
			"interposer on the bus; nothing was signed");
		return EXIT_WRONG_TPM;
	}
	if (rc != MTPM_OK)
		return cli_fail("policy sign: the SRK to salt the PCR reads to", rc);
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.hash_alg = MTPM_ALG_SHA256;
	o.salt_key = a->pa.handle;
	o.salt_pub = &a->pa.pub.publicArea;
	rc = mtpm_session_start(&env->ctx, &a->s, &o);
	if (rc != MTPM_OK)
		return cli_fail("policy sign: TPM2_StartAuthSession", rc);
	return EXIT_OK;
}

static void audit_end(cli_env *env, pcr_audit *a)
{
	if (a->s.active)
		mtpm_rc_ignore(mtpm_session_flush(&env->ctx, &a->s));
	mtpm_session_forget(&a->s);
	mtpm_parent_release(&env->ctx, &a->pa);
}

/* --- policy sign ---------------------------------------------------------- */

static void hex_or_empty(const uint8_t *b, size_t n)
{
	if (n == 0)
		fputs("(empty)", stderr);
	else
		cli_hex_print(stderr, b, n, 0);
}

static int same_ref(const mtpm_TPM2B_NONCE *a, const mtpm_TPM2B_NONCE *b)
{
	return a->size == b->size && memcmp(a->buffer, b->buffer, a->size) == 0;
}

/* The key file to add an approval to: sealed with --authorize, room left. */
static int load_target(const char *add, mtpm_keyfile *kf, uint8_t *buf)
{
	size_t n;
	int ret;

	ret = cli_read_file(add, buf, MTPM_KEYFILE_MAX_PEM, &n, "key file");
	if (ret)
		return ret;
	if (cli_keyfile_parse(buf, n, kf) != MTPM_OK) {
		fprintf(stderr, "mtpm policy sign: '%s' is not a sealed key file\n", add);
		return EXIT_MALFORMED;
	}
	/* A PIN (PolicyAuthValue after PolicyAuthorize) stays in the
	 * object's own policy; the approved part is the PCR state. */
	if (kf->policy.nsteps == 0 || kf->policy.steps[0].cc != MTPM_CC_PolicyAuthorize) {
		fprintf(stderr, "mtpm policy sign: '%s' was not sealed with --authorize\n", add);
		return EXIT_USAGE;
	}
	if (kf->nauthpol >= MTPM_KEYFILE_MAX_AUTHPOL) {
		fprintf(stderr, "mtpm policy sign: '%s' already holds %d signed policies\n",
			add, MTPM_KEYFILE_MAX_AUTHPOL);
		return EXIT_TOO_LARGE;
	}
	return EXIT_OK;
}

/*
 * The policyRef recorded in a key file is bound to nothing else in the
 * file's PEM text: edited alone, it would turn an approval "for A" into
 * one for whichever object uses that ref. But the object's authPolicy
 * (in its public area, which the TPM checks against the private part at
 * Load) was made with the real ref, so the recorded policy must give it.
 */
static int check_recorded_ref(const char *add, const mtpm_keyfile *kf)
{
	const mtpm_TPMT_PUBLIC *pub = &kf->pub.publicArea;
	const mtpm_TPM2B_NONCE *r = &kf->policy.steps[0].u.authorize.policyRef;
	mtpm_TPM2B_DIGEST d;

	if (mtpm_seal_policy_digest(mtpm_crypto_bearssl(), pub->nameAlg, &kf->policy, 0,
				    &d) == MTPM_OK &&
	    d.size == pub->authPolicy.size &&
	    memcmp(d.buffer, pub->authPolicy.buffer, d.size) == 0)
		return EXIT_OK;
	fprintf(stderr, "mtpm policy sign: '%s': the recorded policy (policyRef ", add);
	hex_or_empty(r->buffer, r->size);
	fputs(") does not give the object's authPolicy: the file was edited\n", stderr);
	return EXIT_MALFORMED;
}

static int policy_sign_run(cli_env *env, int argc, char **argv, pcr_audit *au)
{
	static mtpm_keyfile kfile;
	static mtpm_keyfile_policy ap;
	static uint8_t buf[MTPM_KEYFILE_MAX_PEM + 1];
	const char *key = NULL, *add = NULL, *outf = NULL;
	mtpm_TPM2B_NONCE ref;
	mtpm_TPM2B_DIGEST approved, ahash;
	mtpm_policy_step *last;
	mtpm_TPM2B_NAME want, have;
	cli_trust trust;
	int k, ret, have_ref = 0, nsteps = 0;
	size_t n;
	mtpm_rc rc;

	memset(&ap, 0, sizeof(ap));
	memset(&ref, 0, sizeof(ref));
	memset(&trust, 0, sizeof(trust));
	/* Options first, wherever they are: the steps may need --parent-name. */
	for (k = 1; k < argc; k++) {
		if (cli_is_help(argv[k])) {
			policy_help();
			return EXIT_OK;
		} else if (strcmp(argv[k], "--key") == 0 && k + 1 < argc) {
			key = argv[++k];
		} else if (strcmp(argv[k], "--add") == 0 && k + 1 < argc) {
			add = argv[++k];
		} else if (strcmp(argv[k], "-o") == 0 && k + 1 < argc) {
			outf = argv[++k];
		} else if (strcmp(argv[k], "--ref") == 0 && k + 1 < argc) {
			long rn = cli_hex_decode(argv[++k], ref.buffer, sizeof(ref.buffer));

			if (rn < 0)
				return cli_usage_error("policy sign: bad --ref '%s'", argv[k]);
			ref.size = (uint16_t)rn;
			have_ref = 1;
		} else if (strcmp(argv[k], "--parent-name") == 0 && k + 1 < argc) {
			if (cli_parse_name(argv[++k], &trust.opt_name) != 0)
				return cli_usage_error("policy sign: bad --parent-name '%s' (nameAlg "
						       "and digest, e.g. 000b...)", argv[k]);
		} else if (argv[k][0] == '-') {
			return cli_usage_error("policy sign: unknown option '%s'", argv[k]);
		} else {
			nsteps++;
		}
	}
	if (!key || nsteps == 0 || (!add == !outf))
		return cli_usage_error("policy sign: needs --key, at least one STEP, and --add or -o");
	if (nsteps + 1 > MTPM_KEYFILE_MAX_STEPS)
		return cli_usage_error("policy sign: at most %d steps", MTPM_KEYFILE_MAX_STEPS - 1);
	if (add) {
		ret = load_target(add, &kfile, buf);
		if (ret)
			return ret;
		/* The ref comes from the signer (--ref) or the record; the
		 * two must agree. */
		if (have_ref && !same_ref(&ref, &kfile.policy.steps[0].u.authorize.policyRef)) {
			fputs("mtpm policy sign: --ref ", stderr);
			hex_or_empty(ref.buffer, ref.size);
			fputs(" differs from the policyRef ", stderr);
			hex_or_empty(kfile.policy.steps[0].u.authorize.policyRef.buffer,
				     kfile.policy.steps[0].u.authorize.policyRef.size);
			fprintf(stderr, " recorded in '%s'\n", add);
			return EXIT_USAGE;
		}
		ret = check_recorded_ref(add, &kfile);
		if (ret)
			return ret;
		ref = kfile.policy.steps[0].u.authorize.policyRef;
	}
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (strcmp(a, "--key") == 0 || strcmp(a, "--add") == 0 || strcmp(a, "-o") == 0 ||
		    strcmp(a, "--ref") == 0 || strcmp(a, "--parent-name") == 0) {
			k++;
			continue;
		}
		if (strncmp(a, "pcr:", 4) == 0 && !strchr(a, '=')) {
			ret = audit_start(env, au, &trust);
			if (ret)
				return ret;
		}
		ret = parse_step_alg(env, a, &ap.steps[ap.nsteps], NULL, MTPM_ALG_SHA256,
				     au->s.active ? &au->s : NULL);
		if (ret)
			return ret;
		if (ap.steps[ap.nsteps].cc == MTPM_CC_PolicyAuthorize ||
		    ap.steps[ap.nsteps].cc == MTPM_CC_PolicySecret)
			return cli_usage_error("policy sign: '%s' cannot be in an approved policy", a);
		ap.nsteps++;
	}
	audit_end(env, au);
	rc = mtpm_seal_policy_digest(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, &ap, 0, &approved);
	if (rc == MTPM_OK)
		rc = mtpm_policy_ahash(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, &approved, &ref, &ahash);
	if (rc != MTPM_OK)
		return cli_fail("policy sign", rc);
	/* What is about to be signed, for the owner to see. */
	fputs("mtpm policy sign: policyRef ", stderr);
	hex_or_empty(ref.buffer, ref.size);
	fputs(", approvedPolicy ", stderr);
	cli_hex_print(stderr, approved.buffer, approved.size, 0);
	fputs(", aHash ", stderr);
	cli_hex_print(stderr, ahash.buffer, ahash.size, 0);
	fputc('\n', stderr);
	ret = sign_ahash(key, &ahash, &ap.auth.sig, &ap.auth.key);
	if (ret)
		return ret;
	ap.auth.has_sig = 1;
	last = &ap.steps[ap.nsteps++];
	last->cc = MTPM_CC_PolicyAuthorize;
	last->u.authorize.policyRef = ref;
	if (outf) {
		mtpm_cur c;

		/* The authPolicy entry's policy: the TPMPolicy commandPolicy
		 * form of the PolicyAuthorize step, for scripts. */
		mtpm_cur_init(&c, buf, sizeof(buf));
		rc = mtpm_keyfile_put_step(&c, last, &ap.auth);
		if (rc != MTPM_OK)
			return cli_fail("policy sign", rc);
		return cli_write_file(outf, buf, c.pos, 0, 1);
	}
	/* The signer must be the key the sealed object's policy names. */
	if (mtpm_name_of_public(mtpm_crypto_bearssl(), &kfile.policy.auth.key.publicArea, &want) ||
	    mtpm_name_of_public(mtpm_crypto_bearssl(), &ap.auth.key.publicArea, &have) ||
	    want.size != have.size || memcmp(want.buffer, have.buffer, want.size) != 0) {
		fprintf(stderr, "mtpm policy sign: '%s' is not the key '%s' was sealed to\n", key, add);
		return EXIT_USAGE;
	}
	kfile.authpol[kfile.nauthpol++] = ap;
	rc = mtpm_keyfile_write_pem(&kfile, buf, sizeof(buf), &n);
	if (rc != MTPM_OK)
		return cli_fail("policy sign: key file", rc);
	return cli_update_file(add, buf, n);   /* the file just read, replaced whole */
}

static int policy_sign(cli_env *env, int argc, char **argv)
{
	static pcr_audit au;
	int ret;

	memset(&au, 0, sizeof(au));
	ret = policy_sign_run(env, argc, argv, &au);
	audit_end(env, &au);   /* on every path: nothing stays loaded */
	return ret;
}



int cli_policy(cli_env *env, int argc, char **argv)
{
	static mtpm_policy_step steps[16];
	static mtpm_keyfile_auth auths[16];
	uint8_t current[16];   /* a pcr: step with the TPM's current values */
	mtpm_TPM2B_DIGEST d, tpmd;
	uint16_t alg = MTPM_ALG_SHA256;
	unsigned nsteps = 0, i;
	int tpm = 0, k, ret;
	mtpm_rc rc;

	if (argc >= 2 && strcmp(argv[1], "sign") == 0)
		return policy_sign(env, argc - 1, argv + 1);
	/* Options first, wherever they are: a pcr: step's pcrDigest is in
	 * the --hash given. */
	for (k = 1; k < argc; k++) {
		if (cli_is_help(argv[k])) {
			policy_help();
			return EXIT_OK;
		} else if (strcmp(argv[k], "--tpm") == 0) {
			tpm = 1;
		} else if (strcmp(argv[k], "--hash") == 0 && k + 1 < argc) {
			alg = cli_hash_alg(argv[++k]);
			if (!alg)
				return cli_usage_error("policy: unknown hash '%s'", argv[k]);
		} else if (argv[k][0] == '-') {
			return cli_usage_error("policy: unknown option '%s'", argv[k]);
		} else if (++nsteps > 16) {
			return cli_usage_error("policy: at most 16 steps");
		}
	}
	if (nsteps == 0)
		return cli_usage_error("policy: no STEP given");
	for (k = 1, nsteps = 0; k < argc; k++) {
		if (strcmp(argv[k], "--hash") == 0) {
			k++;
			continue;
		}
		if (argv[k][0] == '-')
			continue;
		ret = parse_step_alg(env, argv[k], &steps[nsteps], &auths[nsteps], alg, NULL);
		if (ret)
			return ret;
		current[nsteps] = strncmp(argv[k], "pcr:", 4) == 0 && !strchr(argv[k], '=');
		nsteps++;
	}
	rc = mtpm_policy_init(alg, &d);
	if (rc != MTPM_OK)
		return cli_fail("policy", rc);
	if (!tpm) {
		for (i = 0; i < nsteps; i++) {
			rc = mtpm_policy_calc(mtpm_crypto_bearssl(), alg, &d, &steps[i]);
			if (rc != MTPM_OK)
				return cli_fail("policy", rc);
		}
	} else {
		mtpm_session s;
		mtpm_session_opts o;

		ret = cli_open(env);
		if (ret)
			return ret;
		memset(&o, 0, sizeof(o));
		o.type = MTPM_SE_TRIAL;
		o.hash_alg = alg;
		rc = mtpm_session_start(&env->ctx, &s, &o);
		if (rc != MTPM_OK)
			return cli_fail("policy: TPM2_StartAuthSession", rc);
		for (i = 0; i < nsteps && rc == MTPM_OK; i++) {
			if (steps[i].cc == MTPM_CC_PolicyAuthorize) {
				/* A trial session does not check the ticket
				 * (Part 3 §23.16); approvedPolicy is the
				 * digest so far. */
				steps[i].u.authorize.approvedPolicy = d;
				steps[i].u.authorize.checkTicket.tag = MTPM_ST_VERIFIED;
				steps[i].u.authorize.checkTicket.hierarchy = MTPM_RH_NULL;
			}
			if (current[i]) {
				/* Sent with an empty pcrDigest, so the TPM
				 * hashes its own PCR values in the session's
				 * hash (Part 3 §23.7, trial session): its digest
				 * then checks ours, values and all. */
				mtpm_policy_step sent = steps[i];

				memset(&sent.u.pcr.pcrDigest, 0, sizeof(sent.u.pcr.pcrDigest));
				rc = mtpm_policy_run(&env->ctx, &s, &sent, NULL);
				if (rc == MTPM_OK)
					rc = mtpm_policy_calc(mtpm_crypto_bearssl(), alg, &d,
							      &steps[i]);
				continue;
			}
			rc = mtpm_policy_run(&env->ctx, &s, &steps[i], &d);
		}
		if (rc == MTPM_OK)
			rc = mtpm_PolicyGetDigest(&env->ctx, s.handle, &tpmd);
		mtpm_rc_ignore(mtpm_session_flush(&env->ctx, &s));
		if (rc != MTPM_OK)
			return cli_fail("policy: trial session", rc);
		/* The TPM's answer is what we print; our own must agree. */
		if (tpmd.size != d.size || memcmp(tpmd.buffer, d.buffer, d.size) != 0) {
			fprintf(stderr, "mtpm policy: the TPM's digest differs from mtpm's offline one\n");
			d = tpmd;
			cli_hex_print(stdout, d.buffer, d.size, 0);
			putchar('\n');
			return EXIT_FAIL;
		}
	}
	cli_hex_print(stdout, d.buffer, d.size, 0);
	putchar('\n');
	return EXIT_OK;
}

#else /* MTPM_CLI_MINIMAL */

int cli_policy(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	return cli_usage_error("policy is not in this build (compute and sign policies with "
			       "the full mtpm)");
}

#endif /* MTPM_CLI_MINIMAL */
