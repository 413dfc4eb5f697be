/*
 * tests/support/crypto_openssl.h - a second mtpm_crypto backend on OpenSSL
 * libcrypto, for differential tests only (never linked into the library or
 * the CLI). It may allocate: a hash context holds an EVP_MD_CTX pointer that
 * hash_final frees, so every hash_init that succeeds must be finalized.
 *
 * Besides the table, helpers that compute with OpenSSL's own primitives what
 * src/crypto/ builds by hand: KDFa through EVP_KDF "KBKDF" and KDFe through
 * EVP_KDF "SSKDF", and the RSA/ECDH halves a TPM would do.
 */
#ifndef TEST_CRYPTO_OPENSSL_H
#define TEST_CRYPTO_OPENSSL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "mtpm/crypto.h"

const mtpm_crypto *test_crypto_openssl(void);

/* OpenSSL digest name for a TPM hash algorithm, NULL if unknown. */
const char *test_openssl_md_name(uint16_t alg);

/* KDFa (Part 1 §11.4.10.2) of out_len bytes with OpenSSL's KBKDF (counter
 * mode, HMAC, 32-bit counter, separator and [L]32 on). label is given
 * without its NUL: KBKDF's 0x00 separator is the TPM label's NUL.
 * Returns 1 on success. */
int test_openssl_kdfa(uint16_t alg, const uint8_t *key, size_t key_len,
		      const char *label, const uint8_t *ctx_u, size_t u_len,
		      const uint8_t *ctx_v, size_t v_len, uint8_t *out,
		      size_t out_len);

/* KDFe (Part 1 §11.4.10.3) of out_len bytes with OpenSSL's SSKDF (hash
 * variant): FixedInfo = label incl. NUL || partyU || partyV. Returns 1 on
 * success. */
int test_openssl_kdfe(uint16_t alg, const uint8_t *z, size_t z_len,
		      const char *label, const uint8_t *party_u, size_t u_len,
		      const uint8_t *party_v, size_t v_len, uint8_t *out,
		      size_t out_len);

/* A fresh RSA key of bits bits with e = 65537; n gets the big-endian
 * modulus (bits / 8 bytes). Free with EVP_PKEY_free. */
EVP_PKEY *test_openssl_rsa_new(unsigned bits, uint8_t *n, size_t n_cap);

/* RSA-OAEP decryption with alg for OAEP and MGF1 and the given label.
 * Returns the plaintext length, or -1. */
int test_openssl_rsa_oaep_decrypt(EVP_PKEY *key, uint16_t alg,
				  const void *label, size_t label_len,
				  const uint8_t *in, size_t in_len,
				  uint8_t *out, size_t out_cap);

#endif
