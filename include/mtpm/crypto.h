/*
 * mtpm/crypto.h - the crypto mtpm needs, as one small table of functions.
 *
 * The session engine needs hashing, AES-CFB, P-256 ECDH, RSA-OAEP and
 * random bytes; nothing else. A backend fills in an mtpm_crypto; the default
 * one (src/crypto/bearssl.c) sits on BearSSL, and a bootloader can supply its
 * own. Everything above the table - HMAC, KDFa, KDFe, constant-time compare
 * and wipe - is written once in src/crypto/ on top of it.
 *
 * Conventions: every function returns MTPM_OK or MTPM_E_CRYPTO /
 * MTPM_E_UNSUPPORTED; no function allocates; secret outputs are the
 * caller's to wipe (mtpm_wipe).
 */
#ifndef MTPM_CRYPTO_H
#define MTPM_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"

/* Big enough for any backend's SHA-512 state (BearSSL's is 208 bytes). */
typedef struct {
	uint16_t alg;
	uint64_t state[48];
} mtpm_hash_ctx;

/* One piece of a message that is hashed or MACed in parts. */
typedef struct {
	const void *p;
	size_t n;
} mtpm_iov;

#define MTPM_P256_BYTES 32

typedef struct mtpm_crypto {
	/* SHA-1/256/384/512; MTPM_E_UNSUPPORTED for anything else. */
	mtpm_rc (*hash_init)(mtpm_hash_ctx *h, uint16_t alg);
	void (*hash_update)(mtpm_hash_ctx *h, const void *data, size_t len);
	/* Writes mtpm_hash_size(alg) bytes and wipes the state. */
	void (*hash_final)(mtpm_hash_ctx *h, uint8_t *out);
	/* AES-CFB-128 in place, full-block feedback with a short last block
	 * (Part 1 §11.4.6 / SP 800-38A). key_len 16 or 32. */
	mtpm_rc (*aes_cfb)(int encrypt, const uint8_t *key, size_t key_len,
			   const uint8_t iv[16], uint8_t *data, size_t len);
	/* P-256: an ephemeral key pair (x, y big-endian, 32 bytes each). */
	mtpm_rc (*p256_keygen)(uint8_t priv[32], uint8_t x[32], uint8_t y[32]);
	/* P-256 ECDH: the shared point's x coordinate. Must reject a peer
	 * point not on the curve (MTPM_E_CRYPTO). */
	mtpm_rc (*p256_ecdh)(const uint8_t priv[32], const uint8_t x[32],
			     const uint8_t y[32], uint8_t zx[32]);
	/* RSA-OAEP encryption with hash_alg for both OAEP hash and MGF1; the
	 * label includes its terminating NUL as the TPM expects
	 * (Part 1 §B.10.3). out gets n_len bytes. */
	mtpm_rc (*rsa_oaep_encrypt)(const uint8_t *n, size_t n_len, uint32_t e,
				    uint16_t hash_alg, const void *label,
				    size_t label_len, const uint8_t *in,
				    size_t in_len, uint8_t *out, size_t out_cap,
				    size_t *out_len);
	/*
	 * Cryptographically strong random bytes from a PLATFORM source:
	 * getrandom() on Linux, EFI_RNG_PROTOCOL or RDSEED/RDRAND in
	 * firmware. The salt (the ECDH scalar of p256_keygen, which must
	 * draw on the same source, or the RSA-OAEP salt) and nonceCaller
	 * come from here. They must not come from TPM2_GetRandom alone: that
	 * answer crosses the same bus as the session, so an interposer that
	 * chooses it knows the salt, derives the session key and reads every
	 * encrypted parameter (threat E-1 in threat-model/). TPM output may
	 * only be mixed into a platform source.
	 *
	 * NULL: the platform has no source; mtpm_session_start refuses every
	 * session with MTPM_E_ENTROPY.
	 */
	mtpm_rc (*random)(uint8_t *out, size_t len);
	/* 1 when random draws on TPM output alone (a platform with no
	 * entropy source whose integrator fetched TPM2_GetRandom bytes
	 * ahead). mtpm_session_start then refuses a SALTED session with
	 * MTPM_E_ENTROPY unless the caller opted in with
	 * mtpm_ctx.tpm_entropy_ok, since that salt protects nothing against
	 * an interposer. */
	uint8_t random_from_tpm;
} mtpm_crypto;

/* The default backend (BearSSL). */
const mtpm_crypto *mtpm_crypto_bearssl(void);

/* --- written once on top of the table (src/crypto/) --- */

/* Hash of several parts. out gets mtpm_hash_size(alg) bytes. */
MTPM_MUST_CHECK mtpm_rc mtpm_hash(const mtpm_crypto *cr, uint16_t alg, const mtpm_iov *parts,
		  size_t nparts, uint8_t *out);
/* HMAC (RFC 2104) over several parts. */
MTPM_MUST_CHECK mtpm_rc mtpm_hmac(const mtpm_crypto *cr, uint16_t alg, const uint8_t *key,
		  size_t key_len, const mtpm_iov *parts, size_t nparts,
		  uint8_t *out);
/* KDFa, Part 1 §11.4.10.2 (SP 800-108 counter mode with HMAC). label is a
 * NUL-terminated string whose NUL is part of the input. bits is the
 * output length in bits; out gets (bits + 7) / 8 bytes. */
MTPM_MUST_CHECK mtpm_rc mtpm_kdfa(const mtpm_crypto *cr, uint16_t alg, const uint8_t *key,
		  size_t key_len, const char *label, const uint8_t *ctx_u,
		  size_t u_len, const uint8_t *ctx_v, size_t v_len,
		  uint32_t bits, uint8_t *out);
/* KDFe, Part 1 §11.4.10.3 (SP 800-56A concatenation KDF). */
MTPM_MUST_CHECK mtpm_rc mtpm_kdfe(const mtpm_crypto *cr, uint16_t alg, const uint8_t *z,
		  size_t z_len, const char *label, const uint8_t *party_u,
		  size_t u_len, const uint8_t *party_v, size_t v_len,
		  uint32_t bits, uint8_t *out);
/* 1 when equal. Time depends on n only. */
int mtpm_ct_equal(const void *a, const void *b, size_t n);
/* Zero memory through a volatile pointer the compiler cannot drop. */
void mtpm_wipe(void *p, size_t n);

#endif
