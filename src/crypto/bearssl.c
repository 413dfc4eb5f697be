/*
 * src/crypto/bearssl.c - the default crypto backend, on BearSSL.
 *
 * Fills in the mtpm_crypto table (include/mtpm/crypto.h) with:
 *   - SHA-1/256/384/512: BearSSL's hash contexts live inside
 *     mtpm_hash_ctx.state (checked by a static_assert below);
 *   - AES-CFB-128 (Part 1 §11.4.6.3, SP 800-38A §6.3 with s = 128): built
 *     on the constant-time bitsliced AES (br_aes_ct). CFB only needs the
 *     forward cipher; one CBC encryption of one block under a zero IV is the
 *     raw block encryption E(K, x). (Not br_aes_ct64: its one-block CBC path
 *     computes on three uninitialised lanes, which valgrind reports.);
 *   - P-256 key generation and ECDH (br_ec_p256_m31, constant time). The
 *     peer point is validated by BearSSL's mul(), which rejects anything
 *     that is not a point of the curve (SP 800-56A §5.6.2.3 public-key
 *     validation);
 *   - RSA-OAEP encryption (br_rsa_i31_oaep_encrypt) with SHA-1/256/384/512
 *     for both the OAEP hash and MGF1;
 *   - random bytes from an HMAC_DRBG(SHA-256) seeded by
 *     br_prng_seeder_system, plus getrandom() on Linux; or, built with
 *     -DMTPM_CRYPTO_EXTERNAL_RANDOM (firmware: mtpm.efi, src/efi/), seeded
 *     only by mtpm_crypto_external_random(), which the integrator defines
 *     over its platform sources (no OS seeder exists there).
 *
 * Invariants:
 *   - no allocation, no global mutable state: every call instantiates what
 *     it needs on its own stack, so the table is safe to use from several
 *     threads at once;
 *   - every key schedule, DRBG state, shared point and keystream block is
 *     wiped (mtpm_wipe) on every exit path: once a function holds a secret
 *     it leaves only through its one exit;
 *   - every algorithm identifier is looked up with a bounded switch whose
 *     default is an error, so a wire value can never index a table.
 *
 * The DRBG is instantiated and seeded afresh for each request. That costs
 * a seeder call and one getrandom() per request and buys freedom from
 * shared state, fork-safety problems and reseed bookkeeping.
 */
#include <assert.h>
#include <string.h>
#if defined(__linux__) && !defined(MTPM_CRYPTO_EXTERNAL_RANDOM)
#include <errno.h>
#include <sys/random.h>
#endif

#include <bearssl.h>

#include "mtpm/crypto.h"
#include "mtpm/tpm.h"

/* BearSSL's largest hash context must fit in the caller-owned state, and be
 * suitably aligned there. */
static_assert(sizeof(br_hash_compat_context) <=
		      sizeof(((mtpm_hash_ctx *)0)->state),
	      "mtpm_hash_ctx.state too small for BearSSL hash contexts");
static_assert(_Alignof(br_hash_compat_context) <= _Alignof(uint64_t),
	      "mtpm_hash_ctx.state not aligned enough for BearSSL");

/* The BearSSL class of a TPM hash algorithm; NULL when not supported. */
static const br_hash_class *bssl_hash_of(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1:
		return &br_sha1_vtable;
	case MTPM_ALG_SHA256:
		return &br_sha256_vtable;
#ifndef MTPM_NO_SHA512   /* the static initramfs build: SHA-1 and SHA-256 only */
	case MTPM_ALG_SHA384:
		return &br_sha384_vtable;
	case MTPM_ALG_SHA512:
		return &br_sha512_vtable;
#endif
	default:
		return NULL;
	}
}

/* The BearSSL context inside the caller's mtpm_hash_ctx. The storage is
 * only ever accessed through BearSSL's own functions. */
static const br_hash_class **bssl_hash_state(mtpm_hash_ctx *h)
{
	return (const br_hash_class **)(void *)h->state;
}

static mtpm_rc bssl_hash_init(mtpm_hash_ctx *h, uint16_t alg)
{
	const br_hash_class *cls = bssl_hash_of(alg);

	mtpm_wipe(h, sizeof(*h));
	if (cls == NULL)
		return MTPM_E_UNSUPPORTED;
	h->alg = alg;
	cls->init(bssl_hash_state(h));
	return MTPM_OK;
}

/* A context whose init failed (alg 0) makes update and final no-ops:
 * the class is chosen from h->alg through the bounded switch, never
 * from a pointer stored in the state. */
static void bssl_hash_update(mtpm_hash_ctx *h, const void *data, size_t len)
{
	const br_hash_class *cls = bssl_hash_of(h->alg);

	if (cls == NULL || len == 0)
		return;
	cls->update(bssl_hash_state(h), data, len);
}

static void bssl_hash_final(mtpm_hash_ctx *h, uint8_t *out)
{
	const br_hash_class *cls = bssl_hash_of(h->alg);

	if (cls != NULL)
		cls->out((const br_hash_class *const *)bssl_hash_state(h), out);
	mtpm_wipe(h, sizeof(*h));
}

#ifdef MTPM_CRYPTO_EXTERNAL_RANDOM
/*
 * The integrator's entropy (a firmware build has no OS to ask): fill out
 * with len bytes from PLATFORM sources (include/mtpm/crypto.h, random),
 * or fail. Called once per DRBG instantiation with len = 48 (a 256-bit
 * seed plus a nonce, SP 800-90A §10.1.2.3).
 */
mtpm_rc mtpm_crypto_external_random(uint8_t *out, size_t len);

static mtpm_rc bssl_drbg_open(br_hmac_drbg_context *drbg)
{
	uint8_t seed[48];
	mtpm_rc rc = mtpm_crypto_external_random(seed, sizeof(seed));

	if (rc == MTPM_OK)
		br_hmac_drbg_init(drbg, &br_sha256_vtable, seed, sizeof(seed));
	else
		memset(drbg, 0, sizeof(*drbg));
	mtpm_wipe(seed, sizeof(seed));
	return rc;
}
#else
/*
 * On x86 BearSSL's system seeder is RDRAND alone when the CPU has it. The
 * kernel pool is mixed in as well, so that neither source has to be
 * trusted on its own; adding input to HMAC_DRBG never lowers its entropy.
 */
static mtpm_rc bssl_os_entropy(br_hmac_drbg_context *drbg)
{
#if defined(__linux__)
	uint8_t buf[32];
	size_t got = 0;
	mtpm_rc rc = MTPM_OK;

	while (got < sizeof(buf)) {
		ssize_t r = getrandom(buf + got, sizeof(buf) - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = MTPM_E_CRYPTO;
			break;
		}
		got += (size_t)r;
	}
	if (rc == MTPM_OK)
		br_hmac_drbg_update(drbg, buf, sizeof(buf));
	mtpm_wipe(buf, sizeof(buf));
	return rc;
#else
	(void)drbg;
	return MTPM_OK;
#endif
}

/* Instantiate an HMAC_DRBG and seed it from the system; no seeder, no
 * randomness (MTPM_E_CRYPTO), never a predictable fallback. */
static mtpm_rc bssl_drbg_open(br_hmac_drbg_context *drbg)
{
	br_prng_seeder seeder = br_prng_seeder_system(NULL);

	br_hmac_drbg_init(drbg, &br_sha256_vtable, NULL, 0);
	if (seeder == 0 || !seeder(&drbg->vtable))
		return MTPM_E_CRYPTO;
	return bssl_os_entropy(drbg);
}
#endif /* MTPM_CRYPTO_EXTERNAL_RANDOM */

static mtpm_rc bssl_random(uint8_t *out, size_t len)
{
	br_hmac_drbg_context drbg;
	mtpm_rc rc = bssl_drbg_open(&drbg);

	if (rc != MTPM_OK)
		goto out;
	/* SP 800-90A caps one HMAC_DRBG request at 2^19 bits. */
	while (len > 0) {
		size_t n = len < 65536 ? len : 65536;

		br_hmac_drbg_generate(&drbg, out, n);
		out += n;
		len -= n;
	}
out:
	mtpm_wipe(&drbg, sizeof(drbg));
	return rc;
}

/* AES-CFB-128, Part 1 §11.4.6.3: C[i] = P[i] ^ E(K, C[i-1]), C[0] = IV;
 * the last block may be short, and then only its leading keystream bytes
 * are used. Decryption feeds back the ciphertext it reads. */
static mtpm_rc bssl_aes_cfb(int encrypt, const uint8_t *key, size_t key_len,
			    const uint8_t iv[16], uint8_t *data, size_t len)
{
	br_aes_ct_cbcenc_keys ks;
	uint8_t reg[16];	/* feedback register: previous ciphertext */
	uint8_t zero[16];	/* CBC IV, reset before every block; the
				 * run leaves keystream in it: wiped too */
	size_t i;

	if (key_len != 16 && key_len != 32)
		return MTPM_E_UNSUPPORTED;
	br_aes_ct_cbcenc_init(&ks, key, key_len);
	memcpy(reg, iv, 16);
	while (len > 0) {
		size_t n = len < 16 ? len : 16;

		memset(zero, 0, sizeof(zero));
		br_aes_ct_cbcenc_run(&ks, zero, reg, 16); /* reg = E(reg) */
		for (i = 0; i < n; i++) {
			uint8_t in = data[i];

			data[i] = (uint8_t)(in ^ reg[i]);
			reg[i] = encrypt ? data[i] : in;
		}
		data += n;
		len -= n;
	}
	mtpm_wipe(&ks, sizeof(ks));
	mtpm_wipe(reg, sizeof(reg));
	mtpm_wipe(zero, sizeof(zero));
	return MTPM_OK;
}

/* 1 when 0 < k < order (both 32-byte big-endian), in constant time. */
static uint32_t bssl_p256_scalar_ok(const uint8_t k[32])
{
	size_t olen;
	const uint8_t *order = br_ec_p256_m31.order(BR_EC_secp256r1, &olen);
	uint32_t borrow = 0, nz = 0;
	int i;

	if (olen != 32)
		return 0;
	for (i = 31; i >= 0; i--) {
		uint32_t d = (uint32_t)k[i] - order[i] - borrow;

		borrow = (d >> 31) & 1;
		nz |= k[i];
	}
	/* borrow set: k < order. nz != 0: k > 0. */
	return borrow & ((nz + 0xFF) >> 8);
}

static mtpm_rc bssl_p256_keygen(uint8_t priv[32], uint8_t x[32],
				uint8_t y[32])
{
	br_hmac_drbg_context drbg;
	br_ec_private_key sk;
	uint8_t kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	uint8_t pub[65];
	mtpm_rc rc = bssl_drbg_open(&drbg);

	if (rc != MTPM_OK)
		goto out;
	rc = MTPM_E_CRYPTO;
	if (br_ec_keygen(&drbg.vtable, &br_ec_p256_m31, &sk, kbuf,
			 BR_EC_secp256r1) != 32)
		goto out;
	if (br_ec_p256_m31.mulgen(pub, sk.x, sk.xlen, BR_EC_secp256r1) != 65 ||
	    pub[0] != 0x04)
		goto out;
	memcpy(priv, sk.x, 32);
	memcpy(x, pub + 1, 32);
	memcpy(y, pub + 33, 32);
	rc = MTPM_OK;
out:
	mtpm_wipe(&drbg, sizeof(drbg));
	mtpm_wipe(&sk, sizeof(sk));
	mtpm_wipe(kbuf, sizeof(kbuf));
	mtpm_wipe(pub, sizeof(pub));
	return rc;
}

/* ECDH (SP 800-56A §5.7.1.2): Z = x(priv * Q). BearSSL's mul() checks that Q is
 * on the curve (P-256 has cofactor 1, so on the curve means in the
 * subgroup) and not the point at infinity, in constant time. */
static mtpm_rc bssl_p256_ecdh(const uint8_t priv[32], const uint8_t x[32],
			      const uint8_t y[32], uint8_t zx[32])
{
	uint8_t pt[65];
	mtpm_rc rc = MTPM_E_CRYPTO;

	pt[0] = 0x04; /* uncompressed point */
	memcpy(pt + 1, x, 32);
	memcpy(pt + 33, y, 32);
	/* mul() is undefined for a scalar outside [1, n-1]; refuse it. */
	if (!bssl_p256_scalar_ok(priv))
		goto out;
	if (br_ec_p256_m31.mul(pt, sizeof(pt), priv, 32, BR_EC_secp256r1) != 1)
		goto out;
	memcpy(zx, pt + 1, 32);
	rc = MTPM_OK;
out:
	mtpm_wipe(pt, sizeof(pt));
	return rc;
}

/* RSAES-OAEP (PKCS #1 v2.2 §7.1.1) as the TPM expects it for salted
 * sessions and secrets, Part 1 §B.10.3. e == 0 means the TPM's default
 * exponent 2^16 + 1 (Part 2 §12.2.3.5). */
static mtpm_rc bssl_rsa_oaep(const uint8_t *n, size_t n_len, uint32_t e,
			     uint16_t hash_alg, const void *label,
			     size_t label_len, const uint8_t *in, size_t in_len,
			     uint8_t *out, size_t out_cap, size_t *out_len)
{
	const br_hash_class *dig = bssl_hash_of(hash_alg);
	br_hmac_drbg_context drbg;
	br_rsa_public_key pk;
	uint8_t eb[4];
	size_t len;
	mtpm_rc rc;

	*out_len = 0;
	if (dig == NULL)
		return MTPM_E_UNSUPPORTED;
	if (out_cap < n_len)
		return MTPM_E_SPACE;
	if (e == 0)
		e = 65537;
	eb[0] = (uint8_t)(e >> 24);
	eb[1] = (uint8_t)(e >> 16);
	eb[2] = (uint8_t)(e >> 8);
	eb[3] = (uint8_t)e;
	/* BearSSL reads but never writes through these pointers. */
	pk.n = (unsigned char *)(uintptr_t)n;
	pk.nlen = n_len;
	pk.e = eb;
	pk.elen = sizeof(eb);
	rc = bssl_drbg_open(&drbg);
	if (rc != MTPM_OK)
		goto out;
	len = br_rsa_i31_oaep_encrypt(&drbg.vtable, dig, label, label_len, &pk,
				      out, out_cap, in, in_len);
	if (len == 0) {
		rc = MTPM_E_CRYPTO;
		goto out;
	}
	*out_len = len;
out:
	mtpm_wipe(&drbg, sizeof(drbg));
	return rc;
}

static const mtpm_crypto bssl_backend = {
	.hash_init = bssl_hash_init,
	.hash_update = bssl_hash_update,
	.hash_final = bssl_hash_final,
	.aes_cfb = bssl_aes_cfb,
	.p256_keygen = bssl_p256_keygen,
	.p256_ecdh = bssl_p256_ecdh,
	.rsa_oaep_encrypt = bssl_rsa_oaep,
	.random = bssl_random,
};

const mtpm_crypto *mtpm_crypto_bearssl(void)
{
	return &bssl_backend;
}
