/*
 * src/luks/jwe.c - the JWE clevis keeps in a LUKS2 token (RFC 7516), its
 * tpm2 pin parameters, AES-256-GCM decryption, and the JWK the pin seals.
 *
 * What clevis does (clevis-encrypt-tpm2, clevis-decrypt-tpm2,
 * clevis-luks-common-functions): `jose jwk gen -i '{"alg":"A256GCM"}'`
 * makes the content key; the JWK's JSON text (plus a newline) is sealed
 * with tpm2_create under a primary made by tpm2_createprimary -g HASH
 * -G KEY; `jose jwe enc` encrypts the LUKS passphrase with alg "dir", enc
 * "A256GCM", and a protected header carrying clevis.pin "tpm2" and
 * clevis.tpm2 {hash, key, pcr_bank, pcr_ids, jwk_pub, jwk_priv} (the last
 * two: base64url of the tpm2_create -u / -r files). `clevis luks bind`
 * stores the flattened JSON form in the token; `clevis luks unlock`
 * turns it back into the compact form.
 *
 * Decryption (RFC 7516 §5.2): the AAD is the ASCII of the base64url
 * protected header exactly as stored (so both forms must keep it
 * unescaped), the IV 96 bits, the tag 128 bits. BearSSL's br_gcm on the
 * constant-time bitsliced AES (br_aes_ct, as src/crypto/bearssl.c uses)
 * and br_ghash_ctmul64; the tag is compared by br_gcm_check_tag in
 * constant time. GCM is not in the mtpm_crypto table: a bootloader that
 * replaces the table would replace this call too.
 */
#include <stddef.h>
#include <string.h>

#include <bearssl.h>

#include "mtpm/tpm.h"
#include "luks_int.h"

enum { PROT, EK, IV, CT, TAG, NPART };

typedef struct {
	const char *p[NPART];
	size_t n[NPART];
} parts;

/* a fixed-size base64url field: exactly n bytes */
static mtpm_rc fixed(const parts *pa, int k, uint8_t *out, size_t n, unsigned why,
		     const char *field, mtpm_luks_diag *d)
{
	size_t got;
	mtpm_rc rc = mtpm_b64_decode(MTPM_B64_URL, pa->p[k], pa->n[k], out, n, &got);

	if (rc == MTPM_E_MALFORMED)
		return mtpm_luks_fail(d, MTPM_LUKS_W_BASE64, field, 0);
	if (rc || got != n)
		return mtpm_luks_fail(d, why, field, 0);
	return MTPM_OK;
}

#define JW(m) offsetof(mtpm_jwe, m)
#define JWB(m) JW(m), sizeof(((mtpm_jwe *)0)->m), JW(m##_len)

/* clevis.tpm2, as clevis-decrypt-tpm2 requires it (pcr_bank checked
 * apart: required only with PCRs) */
static const mtpm_json_field tpm2_fields[] = {
	{ "hash", MTPM_F_HASH | MTPM_F_REQ, JW(hash), 0, 0 },
	{ "key", MTPM_F_ALG | MTPM_F_REQ, JW(key), 0, 0 },
	{ "jwk_pub", MTPM_F_B64URL | MTPM_F_REQ, JWB(pub) },
	{ "jwk_priv", MTPM_F_B64URL | MTPM_F_REQ, JWB(priv) },
	{ "pcr_ids", MTPM_F_PCRS_STR, JW(pcrs), 0, 0 },
	{ "pcr_bank", MTPM_F_HASH, JW(pcr_bank), 0, 0 },
};

/* The protected header's parameters (RFC 7516 §4.1, RFC 7518 §4.5, §5.3). */
static mtpm_rc header(mtpm_jwe *j, mtpm_json_tok *t, size_t nt, mtpm_luks_diag *d)
{
	mtpm_jdoc h;
	mtpm_rc rc;
	int c, tp, v;

	if ((rc = mtpm_json_open(&h, j->hdr, j->hdr_len, t, nt, d)) ||
	    (rc = mtpm_json_is(&h, 0, "alg", "dir", MTPM_LUKS_W_JWE_ALG)) ||
	    (rc = mtpm_json_is(&h, 0, "enc", "A256GCM", MTPM_LUKS_W_JWE_ENC)))
		return rc;
	/* a critical extension or compression we would ignore: refuse */
	if ((rc = mtpm_json_key(&h, 0, "crit", 0, &c)) ||
	    (rc = mtpm_json_key(&h, 0, "zip", 0, &v)))
		return rc;
	if (c >= 0 || v >= 0)
		return mtpm_json_fail(&h, MTPM_LUKS_W_JWE_CRIT, c >= 0 ? "crit" : "zip", 0);
	if ((rc = mtpm_json_key(&h, 0, "clevis", 1, &c)) ||
	    (rc = mtpm_json_want(&h, c, MTPM_J_OBJECT, "clevis")) ||
	    (rc = mtpm_json_is(&h, c, "pin", "tpm2", MTPM_LUKS_W_PIN)) ||
	    (rc = mtpm_json_key(&h, c, "tpm2", 1, &tp)) ||
	    (rc = mtpm_json_want(&h, tp, MTPM_J_OBJECT, "tpm2")) ||
	    (rc = mtpm_json_fields(&h, tp, tpm2_fields, sizeof(tpm2_fields) / sizeof(tpm2_fields[0]), j)))
		return rc;
	if (j->pcrs && !j->pcr_bank)
		return mtpm_json_fail(&h, MTPM_LUKS_W_MISSING, "pcr_bank", tp);
	if (!j->pub_len || !j->priv_len)
		return mtpm_json_fail(&h, MTPM_LUKS_W_VALUE, j->pub_len ? "jwk_priv" : "jwk_pub", 0);
	return MTPM_OK;
}

/* Both forms end here with the five parts located. */
static mtpm_rc finish(const parts *pa, mtpm_json_tok *t, size_t nt, mtpm_jwe *j,
		      mtpm_luks_diag *d)
{
	mtpm_rc rc;
	size_t n;

	j->prot = pa->p[PROT];
	j->prot_len = pa->n[PROT];
	j->ct = pa->p[CT];
	j->ct_len = pa->n[CT];
	if (pa->n[EK])              /* alg "dir": no encrypted key (RFC 7518 §4.5) */
		return mtpm_luks_fail(d, MTPM_LUKS_W_JWE_ALG, "encrypted_key", 0);
	if ((rc = fixed(pa, IV, j->iv, sizeof(j->iv), MTPM_LUKS_W_JWE_IV, "iv", d)) ||
	    (rc = fixed(pa, TAG, j->tag, sizeof(j->tag), MTPM_LUKS_W_JWE_TAG, "tag", d)))
		return rc;
	if (mtpm_b64_decode(MTPM_B64_URL, j->ct, j->ct_len, NULL, 0, &j->pt_len))
		return mtpm_luks_fail(d, MTPM_LUKS_W_BASE64, "ciphertext", 0);
	rc = mtpm_b64_decode(MTPM_B64_URL, j->prot, j->prot_len, (uint8_t *)j->hdr,
			     sizeof(j->hdr) - 1, &n);
	if (rc)
		return mtpm_luks_fail(d, rc == MTPM_E_SPACE ? MTPM_LUKS_W_SIZE : MTPM_LUKS_W_BASE64,
				      "protected", 0);
	j->hdr_len = (uint16_t)n;
	j->hdr[n] = 0;
	return header(j, t, nt, d);
}

mtpm_rc mtpm_jwe_parse_compact(const char *s, size_t n, mtpm_json_tok *t,
			       size_t nt, mtpm_jwe *j, mtpm_luks_diag *d)
{
	parts pa;
	size_t i, st = 0;
	unsigned k = 0;
	mtpm_rc rc;

	if (d)
		memset(d, 0, sizeof(*d));
	if (!j)
		return MTPM_E_USAGE;
	memset(j, 0, sizeof(*j));
	if (!s)
		return MTPM_E_USAGE;
	/* RFC 7516 §7.1: five parts, four dots */
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (k == NPART)
			return mtpm_luks_fail(d, MTPM_LUKS_W_JWE_FORM, NULL, (uint32_t)i);
		pa.p[k] = s + st;
		pa.n[k++] = i - st;
		st = i + 1;
	}
	if (k != NPART)
		return mtpm_luks_fail(d, MTPM_LUKS_W_JWE_FORM, NULL, 0);
	if ((rc = finish(&pa, t, nt, j, d)))
		memset(j, 0, sizeof(*j));
	return rc;
}

mtpm_rc mtpm_jwe_parse_json(const char *json, size_t len, mtpm_json_tok *t,
			    size_t nt, mtpm_jwe *j, mtpm_luks_diag *d)
{
	/* RFC 7516 §7.2.2, in the order of enum PROT..TAG */
	static const char *const member[NPART] = { "protected", "encrypted_key", "iv",
						   "ciphertext", "tag" };
	/* what clevis never writes and we would have to honour */
	static const char *const refused[] = { "aad", "unprotected", "header", "recipients" };
	mtpm_jdoc h;
	parts pa;
	mtpm_rc rc;
	unsigned k;
	int v;

	if (d)
		memset(d, 0, sizeof(*d));
	if (!j)
		return MTPM_E_USAGE;
	memset(j, 0, sizeof(*j));
	if ((rc = mtpm_json_open(&h, json, len, t, nt, d)))
		goto out;
	for (k = 0; k < NPART; k++) {
		pa.p[k] = "";
		pa.n[k] = 0;
		if ((rc = mtpm_json_key(&h, 0, member[k], k != EK, &v)) ||
		    (v >= 0 && (rc = mtpm_json_raw(&h, v, member[k], &pa.p[k], &pa.n[k]))))
			goto out;
	}
	for (k = 0; k < sizeof(refused) / sizeof(refused[0]); k++) {
		if ((rc = mtpm_json_key(&h, 0, refused[k], 0, &v)))
			goto out;
		if (v >= 0) {
			rc = mtpm_json_fail(&h, MTPM_LUKS_W_JWE_FORM, refused[k], v);
			goto out;
		}
	}
	rc = finish(&pa, t, nt, j, d);
out:
	if (rc)
		memset(j, 0, sizeof(*j));
	return rc;
}

mtpm_rc mtpm_jwe_decrypt(const mtpm_jwe *j, const uint8_t key[32], uint8_t *out,
			 size_t cap, size_t *len)
{
	br_aes_ct_ctr_keys aes;
	br_gcm_context gcm;
	size_t n;
	uint32_t ok;
	mtpm_rc rc;

	if (len)
		*len = 0;
	if (!j || !j->ct || !key || !out || !len)
		return MTPM_E_USAGE;
	memset(out, 0, cap);
	if (cap < j->pt_len)
		return MTPM_E_SPACE;
	if ((rc = mtpm_b64_decode(MTPM_B64_URL, j->ct, j->ct_len, out, cap, &n)))
		return rc;
	br_aes_ct_ctr_init(&aes, key, 32);
	br_gcm_init(&gcm, &aes.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gcm, j->iv, sizeof(j->iv));
	br_gcm_aad_inject(&gcm, j->prot, j->prot_len);
	br_gcm_flip(&gcm);
	br_gcm_run(&gcm, 0, out, n);
	ok = br_gcm_check_tag(&gcm, j->tag);
	mtpm_wipe(&aes, sizeof(aes));
	mtpm_wipe(&gcm, sizeof(gcm));
	if (!ok) {
		/* fail closed: the unauthenticated plaintext never leaves */
		mtpm_wipe(out, cap);
		return MTPM_E_INTEGRITY;
	}
	*len = n;
	return MTPM_OK;
}

mtpm_rc mtpm_jwk_oct_key(const char *json, size_t len, mtpm_json_tok *t,
			 size_t nt, uint8_t key[32], mtpm_luks_diag *d)
{
	mtpm_jdoc h;
	mtpm_rc rc;
	uint16_t n = 0;
	int v;

	if (d)
		memset(d, 0, sizeof(*d));
	if (!key)
		return MTPM_E_USAGE;
	memset(key, 0, 32);
	if ((rc = mtpm_json_open(&h, json, len, t, nt, d)) ||
	    (rc = mtpm_json_is(&h, 0, "kty", "oct", MTPM_LUKS_W_JWK)) ||
	    (rc = mtpm_json_key(&h, 0, "alg", 0, &v)))
		goto out;
	if (v >= 0 && !mtpm_json_streq(&h, v, "A256GCM", 0)) {
		rc = mtpm_json_fail(&h, MTPM_LUKS_W_JWK, "alg", v);
		goto out;
	}
	if ((rc = mtpm_json_key(&h, 0, "k", 1, &v)) ||
	    (rc = mtpm_json_b64(&h, v, "k", MTPM_B64_URL, key, 32, &n)))
		goto out;
	if (n != 32)
		rc = mtpm_json_fail(&h, MTPM_LUKS_W_JWK, "k", v);
out:
	if (rc)
		mtpm_wipe(key, 32);
	return rc;
}
