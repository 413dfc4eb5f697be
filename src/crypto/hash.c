/*
 * src/crypto/hash.c - hashing and HMAC over several parts, written once on
 * top of the backend's hash functions.
 *
 * mtpm_hmac() is RFC 2104 (FIPS 198-1): HMAC(K, m) = H((K0 ^ opad) ||
 * H((K0 ^ ipad) || m)), where K0 is K padded with zeros to the hash's block
 * size B, or H(K) padded, when K is longer than B. This is the HMAC the TPM
 * uses for session authorization (Part 1 §19.6) and inside KDFa
 * (Part 1 §11.4.10.2).
 *
 * Invariants: no allocation; the padded key, the inner digest and the hash
 * states are wiped on every exit; out is written last, so it may overlap
 * the key or a part. Only SHA-1/256/384/512 are accepted (bounded switch).
 */
#include <string.h>

#include "mtpm/crypto.h"
#include "mtpm/marshal.h"
#include "mtpm/tpm.h"

/* Largest block size and digest size among the supported hashes. */
#define HMAC_MAX_BLOCK 128
#define HMAC_MAX_DIGEST 64

/* The hash's input block size B (FIPS 180-4 §1), 0 when unsupported. */
static size_t hmac_block_size(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1:
	case MTPM_ALG_SHA256:
		return 64;
	case MTPM_ALG_SHA384:
	case MTPM_ALG_SHA512:
		return 128;
	default:
		return 0;
	}
}

mtpm_rc mtpm_hash(const mtpm_crypto *cr, uint16_t alg, const mtpm_iov *parts,
		  size_t nparts, uint8_t *out)
{
	mtpm_hash_ctx h;
	size_t i;
	mtpm_rc rc;

	if (hmac_block_size(alg) == 0)
		return MTPM_E_UNSUPPORTED;
	rc = cr->hash_init(&h, alg);
	if (rc != MTPM_OK)
		goto out;
	for (i = 0; i < nparts; i++)
		cr->hash_update(&h, parts[i].p, parts[i].n);
	cr->hash_final(&h, out);
out:
	mtpm_wipe(&h, sizeof(h));
	return rc;
}

mtpm_rc mtpm_hmac(const mtpm_crypto *cr, uint16_t alg, const uint8_t *key,
		  size_t key_len, const mtpm_iov *parts, size_t nparts,
		  uint8_t *out)
{
	size_t bs = hmac_block_size(alg);
	size_t ds = mtpm_hash_size(alg);
	uint8_t k0[HMAC_MAX_BLOCK];	/* the key padded to B bytes */
	uint8_t inner[HMAC_MAX_DIGEST];
	mtpm_hash_ctx h;
	size_t i;
	mtpm_rc rc;

	memset(k0, 0, sizeof(k0));
	if (bs == 0 || ds == 0 || ds > sizeof(inner)) {
		rc = MTPM_E_UNSUPPORTED;
		goto out;
	}
	if (key_len > bs) {
		mtpm_iov kp = { key, key_len };

		rc = mtpm_hash(cr, alg, &kp, 1, k0);
		if (rc != MTPM_OK)
			goto out;
	} else if (key_len > 0) {
		memcpy(k0, key, key_len);
	}

	/* inner = H((K0 ^ ipad) || parts) */
	for (i = 0; i < bs; i++)
		k0[i] ^= 0x36;
	rc = cr->hash_init(&h, alg);
	if (rc != MTPM_OK)
		goto out;
	cr->hash_update(&h, k0, bs);
	for (i = 0; i < nparts; i++)
		cr->hash_update(&h, parts[i].p, parts[i].n);
	cr->hash_final(&h, inner);

	/* out = H((K0 ^ opad) || inner); 0x36 ^ 0x5c turns ipad into opad. */
	for (i = 0; i < bs; i++)
		k0[i] ^= 0x36 ^ 0x5c;
	rc = cr->hash_init(&h, alg);
	if (rc != MTPM_OK)
		goto out;
	cr->hash_update(&h, k0, bs);
	cr->hash_update(&h, inner, ds);
	cr->hash_final(&h, out);
out:
	mtpm_wipe(k0, sizeof(k0));
	mtpm_wipe(inner, sizeof(inner));
	mtpm_wipe(&h, sizeof(h));
	return rc;
}
