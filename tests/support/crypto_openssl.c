/*
 * tests/support/crypto_openssl.c - the mtpm_crypto table on OpenSSL 3
 * libcrypto (EVP), and OpenSSL-side helpers for differential tests.
 *
 * Test-only: this file allocates and is never part of libmtpm or the CLI.
 * It shares no code with src/crypto/, so agreement between the two backends
 * (and between mtpm_kdfa/mtpm_kdfe and OpenSSL's KBKDF/SSKDF) is evidence
 * that both are right, not that one was copied from the other.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "crypto_openssl.h"
#include "mtpm/marshal.h"
#include "mtpm/tpm.h"

const char *test_openssl_md_name(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1:
		return "SHA1";
	case MTPM_ALG_SHA256:
		return "SHA256";
	case MTPM_ALG_SHA384:
		return "SHA384";
	case MTPM_ALG_SHA512:
		return "SHA512";
	default:
		return NULL;
	}
}

/* --- hash: the EVP_MD_CTX pointer lives in mtpm_hash_ctx.state --- */

static EVP_MD_CTX *ossl_md_ctx(const mtpm_hash_ctx *h)
{
	EVP_MD_CTX *c;

	memcpy(&c, h->state, sizeof(c));
	return c;
}

static mtpm_rc ossl_hash_init(mtpm_hash_ctx *h, uint16_t alg)
{
	const char *name = test_openssl_md_name(alg);
	EVP_MD_CTX *c = NULL;

	memset(h, 0, sizeof(*h));
	if (name == NULL)
		return MTPM_E_UNSUPPORTED;
	c = EVP_MD_CTX_new();
	if (c == NULL || !EVP_DigestInit_ex(c, EVP_get_digestbyname(name),
					    NULL)) {
		EVP_MD_CTX_free(c);
		return MTPM_E_CRYPTO;
	}
	h->alg = alg;
	memcpy(h->state, &c, sizeof(c));
	return MTPM_OK;
}

static void ossl_hash_update(mtpm_hash_ctx *h, const void *data, size_t len)
{
	if (h->alg != 0)
		EVP_DigestUpdate(ossl_md_ctx(h), data, len);
}

static void ossl_hash_final(mtpm_hash_ctx *h, uint8_t *out)
{
	EVP_MD_CTX *c = ossl_md_ctx(h);

	if (h->alg != 0) {
		EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
	}
	memset(h, 0, sizeof(*h));
}

/* --- AES-CFB-128: OpenSSL's cfb128 mode handles a short last block --- */

static mtpm_rc ossl_aes_cfb(int encrypt, const uint8_t *key, size_t key_len,
			    const uint8_t iv[16], uint8_t *data, size_t len)
{
	const EVP_CIPHER *ciph;
	EVP_CIPHER_CTX *c;
	int outl = 0, ok;

	if (key_len == 16)
		ciph = EVP_aes_128_cfb128();
	else if (key_len == 32)
		ciph = EVP_aes_256_cfb128();
	else
		return MTPM_E_UNSUPPORTED;
	if (len > INT_MAX)
		return MTPM_E_CRYPTO;
	c = EVP_CIPHER_CTX_new();
	ok = c != NULL &&
	     EVP_CipherInit_ex(c, ciph, NULL, key, iv, encrypt ? 1 : 0) &&
	     EVP_CipherUpdate(c, data, &outl, data, (int)len) &&
	     (size_t)outl == len &&
	     EVP_CipherFinal_ex(c, data + outl, &outl) && outl == 0;
	EVP_CIPHER_CTX_free(c);
	return ok ? MTPM_OK : MTPM_E_CRYPTO;
}

/* --- P-256 --- */

static int ossl_bn_out(const EVP_PKEY *k, const char *name, uint8_t out[32])
{
	BIGNUM *bn = NULL;
	int ok = EVP_PKEY_get_bn_param(k, name, &bn) &&
		 BN_bn2binpad(bn, out, 32) == 32;

	BN_clear_free(bn);
	return ok;
}

static mtpm_rc ossl_p256_keygen(uint8_t priv[32], uint8_t x[32],
				uint8_t y[32])
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	int ok = k != NULL &&
		 ossl_bn_out(k, OSSL_PKEY_PARAM_PRIV_KEY, priv) &&
		 ossl_bn_out(k, OSSL_PKEY_PARAM_EC_PUB_X, x) &&
		 ossl_bn_out(k, OSSL_PKEY_PARAM_EC_PUB_Y, y);

	EVP_PKEY_free(k);
	return ok ? MTPM_OK : MTPM_E_CRYPTO;
}

/* An EC P-256 EVP_PKEY from a private scalar or a public point. */
static EVP_PKEY *ossl_p256_key(const uint8_t *priv, const uint8_t *x,
			       const uint8_t *y)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p = NULL;
	EVP_PKEY_CTX *pc = NULL;
	EVP_PKEY *k = NULL;
	BIGNUM *d = NULL;
	uint8_t pt[65];
	int sel;

	if (b == NULL ||
	    !OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0))
		goto out;
	if (priv != NULL) {
		d = BN_bin2bn(priv, 32, NULL);
		if (d == NULL ||
		    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, d))
			goto out;
		sel = EVP_PKEY_KEYPAIR;
	} else {
		pt[0] = 0x04;
		memcpy(pt + 1, x, 32);
		memcpy(pt + 33, y, 32);
		if (!OSSL_PARAM_BLD_push_octet_string(
			    b, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt)))
			goto out;
		sel = EVP_PKEY_PUBLIC_KEY;
	}
	p = OSSL_PARAM_BLD_to_param(b);
	pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (p == NULL || pc == NULL || EVP_PKEY_fromdata_init(pc) <= 0 ||
	    EVP_PKEY_fromdata(pc, &k, sel, p) <= 0)
		k = NULL;
out:
	EVP_PKEY_CTX_free(pc);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	BN_clear_free(d);
	return k;
}

static mtpm_rc ossl_p256_ecdh(const uint8_t priv[32], const uint8_t x[32],
			      const uint8_t y[32], uint8_t zx[32])
{
	EVP_PKEY *mine = ossl_p256_key(priv, NULL, NULL);
	EVP_PKEY *peer = ossl_p256_key(NULL, x, y);
	EVP_PKEY_CTX *c = NULL;
	size_t zlen = 32;
	int ok = 0;

	if (mine == NULL || peer == NULL)
		goto out;
	c = EVP_PKEY_CTX_new(mine, NULL);
	/* derive_set_peer_ex(..., 1) validates the peer's public key. */
	ok = c != NULL && EVP_PKEY_derive_init(c) > 0 &&
	     EVP_PKEY_derive_set_peer_ex(c, peer, 1) > 0 &&
	     EVP_PKEY_derive(c, zx, &zlen) > 0 && zlen == 32;
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(mine);
	EVP_PKEY_free(peer);
	return ok ? MTPM_OK : MTPM_E_CRYPTO;
}

/* --- RSA-OAEP --- */

static int ossl_oaep_setup(EVP_PKEY_CTX *c, uint16_t alg, const void *label,
			   size_t label_len)
{
	const char *md = test_openssl_md_name(alg);
	void *l = NULL;

	if (md == NULL ||
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md_name(c, md, NULL) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md_name(c, md, NULL) <= 0)
		return 0;
	if (label_len == 0)
		return 1;
	l = OPENSSL_memdup(label, label_len);
	/* set0 takes ownership of l on success. */
	if (l == NULL ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, (int)label_len) <= 0) {
		OPENSSL_free(l);
		return 0;
	}
	return 1;
}

static mtpm_rc ossl_rsa_oaep(const uint8_t *n, size_t n_len, uint32_t e,
			     uint16_t hash_alg, const void *label,
			     size_t label_len, const uint8_t *in,
			     size_t in_len, uint8_t *out, size_t out_cap,
			     size_t *out_len)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p = NULL;
	EVP_PKEY_CTX *pc = NULL, *ec = NULL;
	EVP_PKEY *k = NULL;
	BIGNUM *bn = BN_bin2bn(n, (int)n_len, NULL);
	BIGNUM *be = BN_new();
	size_t len = out_cap;
	mtpm_rc rc = MTPM_E_CRYPTO;

	*out_len = 0;
	if (test_openssl_md_name(hash_alg) == NULL) {
		rc = MTPM_E_UNSUPPORTED;
		goto out;
	}
	if (out_cap < n_len) {
		rc = MTPM_E_SPACE;
		goto out;
	}
	if (b == NULL || bn == NULL || be == NULL ||
	    !BN_set_word(be, e == 0 ? 65537 : e) ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, be))
		goto out;
	p = OSSL_PARAM_BLD_to_param(b);
	pc = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (p == NULL || pc == NULL || EVP_PKEY_fromdata_init(pc) <= 0 ||
	    EVP_PKEY_fromdata(pc, &k, EVP_PKEY_PUBLIC_KEY, p) <= 0)
		goto out;
	ec = EVP_PKEY_CTX_new(k, NULL);
	if (ec == NULL || EVP_PKEY_encrypt_init(ec) <= 0 ||
	    !ossl_oaep_setup(ec, hash_alg, label, label_len) ||
	    EVP_PKEY_encrypt(ec, out, &len, in, in_len) <= 0)
		goto out;
	*out_len = len;
	rc = MTPM_OK;
out:
	EVP_PKEY_CTX_free(ec);
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(k);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	BN_free(bn);
	BN_free(be);
	return rc;
}

static mtpm_rc ossl_random(uint8_t *out, size_t len)
{
	if (len > INT_MAX)
		return MTPM_E_CRYPTO;
	return RAND_bytes(out, (int)len) == 1 ? MTPM_OK : MTPM_E_CRYPTO;
}

static const mtpm_crypto ossl_backend = {
	.hash_init = ossl_hash_init,
	.hash_update = ossl_hash_update,
	.hash_final = ossl_hash_final,
	.aes_cfb = ossl_aes_cfb,
	.p256_keygen = ossl_p256_keygen,
	.p256_ecdh = ossl_p256_ecdh,
	.rsa_oaep_encrypt = ossl_rsa_oaep,
	.random = ossl_random,
};

const mtpm_crypto *test_crypto_openssl(void)
{
	return &ossl_backend;
}

/* --- OpenSSL's own KDFs --- */

static int ossl_kdf(const char *kdf_name, OSSL_PARAM *params, uint8_t *out,
		    size_t out_len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, kdf_name, NULL);
	EVP_KDF_CTX *c = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	int ok = c != NULL && EVP_KDF_derive(c, out, out_len, params) > 0;

	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	return ok;
}

/* a || b in a fresh buffer (at least one byte, so never NULL on success). */
static uint8_t *ossl_cat(const uint8_t *a, size_t an, const uint8_t *b,
			 size_t bn, const uint8_t *c, size_t cn)
{
	uint8_t *r = malloc(an + bn + cn + 1);

	if (r == NULL)
		return NULL;
	if (an)
		memcpy(r, a, an);
	if (bn)
		memcpy(r + an, b, bn);
	if (cn)
		memcpy(r + an + bn, c, cn);
	return r;
}

int test_openssl_kdfa(uint16_t alg, const uint8_t *key, size_t key_len,
		      const char *label, const uint8_t *ctx_u, size_t u_len,
		      const uint8_t *ctx_v, size_t v_len, uint8_t *out,
		      size_t out_len)
{
	const char *md = test_openssl_md_name(alg);
	uint8_t *info = ossl_cat(ctx_u, u_len, ctx_v, v_len, NULL, 0);
	size_t ln = label != NULL ? strlen(label) : 0;
	OSSL_PARAM p[7], *q = p;
	int ok;

	if (md == NULL || info == NULL) {
		free(info);
		return 0;
	}
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE,
						(char *)"counter", 0);
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC,
						(char *)"HMAC", 0);
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)md, 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)key, key_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
						 (void *)label, ln);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
						 u_len + v_len);
	*q = OSSL_PARAM_construct_end();
	ok = ossl_kdf("KBKDF", p, out, out_len);
	free(info);
	return ok;
}

int test_openssl_kdfe(uint16_t alg, const uint8_t *z, size_t z_len,
		      const char *label, const uint8_t *party_u, size_t u_len,
		      const uint8_t *party_v, size_t v_len, uint8_t *out,
		      size_t out_len)
{
	const char *md = test_openssl_md_name(alg);
	const char *use = label != NULL ? label : "";
	size_t ln = strlen(use) + 1;
	uint8_t *info = ossl_cat((const uint8_t *)use, ln, party_u, u_len,
				 party_v, v_len);
	OSSL_PARAM p[4], *q = p;
	int ok;

	if (md == NULL || info == NULL) {
		free(info);
		return 0;
	}
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)md, 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)z, z_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
						 ln + u_len + v_len);
	*q = OSSL_PARAM_construct_end();
	ok = ossl_kdf("SSKDF", p, out, out_len);
	free(info);
	return ok;
}

/* --- the TPM's half of RSA-OAEP --- */

EVP_PKEY *test_openssl_rsa_new(unsigned bits, uint8_t *n, size_t n_cap)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	BIGNUM *bn = NULL;

	if (k == NULL || n_cap < bits / 8 ||
	    !EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &bn) ||
	    BN_bn2binpad(bn, n, (int)(bits / 8)) != (int)(bits / 8)) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	BN_free(bn);
	return k;
}

int test_openssl_rsa_oaep_decrypt(EVP_PKEY *key, uint16_t alg,
				  const void *label, size_t label_len,
				  const uint8_t *in, size_t in_len,
				  uint8_t *out, size_t out_cap)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	size_t len = out_cap;
	int ok = c != NULL && EVP_PKEY_decrypt_init(c) > 0 &&
		 ossl_oaep_setup(c, alg, label, label_len) &&
		 EVP_PKEY_decrypt(c, out, &len, in, in_len) > 0;

	EVP_PKEY_CTX_free(c);
	return ok && len <= INT_MAX ? (int)len : -1;
}
