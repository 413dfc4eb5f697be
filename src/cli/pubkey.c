/*
 * pubkey.c - an owner's public key (PEM "PUBLIC KEY", RFC 5280
 * SubjectPublicKeyInfo) as the TPM2B_PUBLIC mtpm loads with
 * TPM2_LoadExternal to check signed policies.
 *
 * The public area is fixed by this file, so seal, unseal and `policy
 * sign` agree on the key's Name, and it is the one systemd (signed PCR
 * policies) and tpm2_loadexternal use, so their PolicyAuthorize digests
 * agree with ours: nameAlg SHA-256, sign|decrypt|userWithAuth, no
 * symmetric, scheme NULL (the signature names its own scheme), the RSA
 * exponent written out (65537, not 0).
 * Accepted keys: EC P-256 (uncompressed point) and RSA 1024-4096.
 */
#include <string.h>
#include "cli.h"
#include "../seal/der.h"

/* 1.2.840.10045.2.1 id-ecPublicKey, 1.2.840.10045.3.1.7 prime256v1,
 * 1.2.840.113549.1.1.1 rsaEncryption */
static const uint8_t oid_ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };

static int is_oid(mtpm_cur *c, const uint8_t *oid, size_t n)
{
	return c->err == MTPM_OK && mtpm_cur_left(c) == n && memcmp(mtpm_cur_here(c), oid, n) == 0;
}

/* An unsigned DER INTEGER's magnitude, without the sign byte. */
static void get_uint(mtpm_cur *c, const uint8_t **p, size_t *n)
{
	mtpm_cur s;

	mtpm_der_get(c, MTPM_DER_INTEGER, &s);
	*n = mtpm_cur_left(&s);
	*p = mtpm_get_skip(&s, *n);
	mtpm_cur_close_sub(c, &s);
	if (c->err != MTPM_OK || *n == 0 || (**p & 0x80)) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		*n = 0;
		return;
	}
	if (**p == 0 && *n > 1) {
		(*p)++;
		(*n)--;
	}
}

/* The template systemd (tpm2-util.c) and tpm2_loadexternal use for a
 * policy-signing key, so one key has one Name for all three and a
 * PolicyAuthorize digest agrees (issue 11 §3): nameAlg SHA-256,
 * sign|decrypt|userWithAuth, no symmetric, NULL scheme (P-256, NULL kdf);
 * the caller fills the key and, for RSA, keyBits and the exponent, which
 * is written out (65537, not 0). */
void cli_signing_key_template(mtpm_TPMT_PUBLIC *p, uint16_t type)
{
	p->type = type;
	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = MTPM_OA_SIGN_ENCRYPT | MTPM_OA_DECRYPT | MTPM_OA_USERWITHAUTH;
	if (type == MTPM_ALG_ECC) {
		p->parameters.eccDetail.symmetric.algorithm = MTPM_ALG_NULL;
		p->parameters.eccDetail.scheme.scheme = MTPM_ALG_NULL;
		p->parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
		p->parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
	} else {
		p->parameters.rsaDetail.symmetric.algorithm = MTPM_ALG_NULL;
		p->parameters.rsaDetail.scheme.scheme = MTPM_ALG_NULL;
	}
}

mtpm_rc cli_spki_to_public(const uint8_t *der, size_t n, mtpm_TPM2B_PUBLIC *out)
{
	mtpm_TPMT_PUBLIC *p = &out->publicArea;
	mtpm_cur top, spki, alg, o, bits;
	uint8_t unused = 1;
	int ec;

	memset(out, 0, sizeof(*out));
	mtpm_cur_init_ro(&top, der, n);
	mtpm_der_get(&top, MTPM_DER_SEQUENCE, &spki);
	mtpm_der_get(&spki, MTPM_DER_SEQUENCE, &alg);
	mtpm_der_get(&alg, MTPM_DER_OID, &o);
	ec = is_oid(&o, oid_ec, sizeof(oid_ec));
	if (!ec && !is_oid(&o, oid_rsa, sizeof(oid_rsa)))
		mtpm_cur_fail(&o, MTPM_E_UNSUPPORTED);
	mtpm_get_skip(&o, mtpm_cur_left(&o));
	mtpm_cur_close_sub(&alg, &o);
	if (ec) {
		mtpm_der_get(&alg, MTPM_DER_OID, &o);      /* namedCurve */
		if (!is_oid(&o, oid_p256, sizeof(oid_p256)))
			mtpm_cur_fail(&o, MTPM_E_UNSUPPORTED);
		mtpm_get_skip(&o, mtpm_cur_left(&o));
		mtpm_cur_close_sub(&alg, &o);
	} else {
		mtpm_der_get(&alg, 0x05, &o);              /* NULL parameters */
		mtpm_cur_close_sub(&alg, &o);
	}
	mtpm_cur_close_sub(&spki, &alg);
	mtpm_der_get(&spki, 0x03, &bits);                  /* BIT STRING */
	mtpm_get_u8(&bits, &unused);
	if (bits.err == MTPM_OK && unused != 0)
		mtpm_cur_fail(&bits, MTPM_E_MALFORMED);
	cli_signing_key_template(p, ec ? MTPM_ALG_ECC : MTPM_ALG_RSA);
	if (ec) {
		uint8_t form = 0;

		mtpm_get_u8(&bits, &form);                 /* uncompressed point */
		if (bits.err == MTPM_OK && (form != 0x04 || mtpm_cur_left(&bits) != 64))
			mtpm_cur_fail(&bits, MTPM_E_UNSUPPORTED);
		p->unique.ecc.x.size = 32;
		mtpm_get_bytes(&bits, p->unique.ecc.x.buffer, 32);
		p->unique.ecc.y.size = 32;
		mtpm_get_bytes(&bits, p->unique.ecc.y.buffer, 32);
	} else {
		mtpm_cur rsa;
		const uint8_t *m = NULL, *e = NULL;
		size_t mn = 0, en = 0, i;
		uint32_t ev = 0;

		mtpm_der_get(&bits, MTPM_DER_SEQUENCE, &rsa);
		get_uint(&rsa, &m, &mn);
		get_uint(&rsa, &e, &en);
		mtpm_cur_close_sub(&bits, &rsa);
		if (bits.err == MTPM_OK && (mn < 128 || mn > 512 || mn % 8 || en > 4))
			mtpm_cur_fail(&bits, MTPM_E_UNSUPPORTED);
		if (bits.err == MTPM_OK) {
			for (i = 0; i < en; i++)
				ev = ev << 8 | e[i];
			p->parameters.rsaDetail.keyBits = (uint16_t)(mn * 8);
			p->parameters.rsaDetail.exponent = ev;
			p->unique.rsa.size = (uint16_t)mn;
			memcpy(p->unique.rsa.buffer, m, mn);
		}
	}
	mtpm_cur_close_sub(&spki, &bits);
	mtpm_cur_close_sub(&top, &spki);
	if (mtpm_cur_done(&top) != MTPM_OK) {
		memset(out, 0, sizeof(*out));
		return top.err == MTPM_E_UNSUPPORTED ? MTPM_E_UNSUPPORTED : MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}

int cli_load_pubkey(const char *path, mtpm_TPM2B_PUBLIC *out)
{
	static uint8_t pem[8192], der[4096];
	size_t n, dn;
	int ret;
	mtpm_rc rc;

	ret = cli_read_file(path, pem, sizeof(pem), &n, "public key");
	if (ret)
		return ret;
	rc = mtpm_pem_decode("PUBLIC KEY", pem, n, der, sizeof(der), &dn);
	if (rc != MTPM_OK) {
		fprintf(stderr, "mtpm: '%s' is not a PEM PUBLIC KEY\n", path);
		return EXIT_MALFORMED;
	}
	rc = cli_spki_to_public(der, dn, out);
	if (rc != MTPM_OK) {
		fprintf(stderr, "mtpm: '%s': %s\n", path, rc == MTPM_E_UNSUPPORTED ?
			"only EC P-256 and RSA public keys are supported" :
			"malformed SubjectPublicKeyInfo");
		return rc == MTPM_E_UNSUPPORTED ? EXIT_USAGE : EXIT_MALFORMED;
	}
	return EXIT_OK;
}
