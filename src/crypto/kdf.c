/*
 * src/crypto/kdf.c - the two TPM key derivation functions (TPM 2.0 Library
 * Part 1, revision 01.59).
 *
 * KDFa, Part 1 §11.4.10.2: SP 800-108 counter mode with HMAC as the PRF,
 *     K(i) = HMAC(key, [i]32 || Label || 0x00 || ContextU || ContextV || [L]32)
 *   for i = 1, 2, ... and L = bits. Session keys, parameter-encryption keys
 *   and the integrity/symmetric keys of duplication and credentials all come
 *   from here, e.g. sessionKey = KDFa(authHash, sessionValue, "ATH",
 *   nonceTPM, nonceCaller, digestBits) (Part 1 §19.6.8).
 * KDFe, Part 1 §11.4.10.3: SP 800-56A §5.8.1 concatenation KDF,
 *     K(i) = H([i]32 || Z || Use || PartyUInfo || PartyVInfo)
 *   used for ECC salts and secrets.
 *
 * In both, the label is a C string and its terminating NUL is part of the
 * input: for KDFa that NUL is the 0x00 separator SP 800-108 puts between
 * Label and Context; a NULL label counts as "" (that lone 0x00 byte).
 * Output: the first (bits + 7) / 8 bytes of K(1) || K(2) || ...; when bits
 * is not a multiple of 8 the unused high-order bits of the first byte are
 * cleared (Part 1 §11.4.10.2), as the reference implementation does.
 *
 * Invariants: no allocation; every K(i) block passes through one stack
 * buffer that is wiped on exit; on failure out is zeroed. out must not
 * overlap an input (it is written block by block while they are read).
 */
#include <string.h>

#include "mtpm/crypto.h"
#include "mtpm/marshal.h"

/* Largest digest among the supported hashes. */
#define KDF_MAX_DIGEST 64

static void kdf_be32(uint8_t b[4], uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* The label with its terminating NUL, as one input part. */
static mtpm_iov kdf_label(const char *label)
{
	mtpm_iov iov = { "", 1 };

	if (label != NULL) {
		size_t n = 0;

		/* a bounded strlen: the freestanding core uses no libc
		 * string functions (labels are short constants) */
		while (n < 64 && label[n])
			n++;
		iov.p = label;
		iov.n = n + 1;
	}
	return iov;
}

/*
 * The loop both KDFs share. hmac selects KDFa (HMAC keyed with key) or KDFe
 * (plain hash with key as Z after the counter); parts[0] is the counter slot,
 * filled in here for each block.
 */
static mtpm_rc kdf_run(const mtpm_crypto *cr, uint16_t alg, int hmac,
		       const uint8_t *key, size_t key_len, mtpm_iov *parts,
		       size_t nparts, uint32_t bits, uint8_t *out)
{
	size_t ds = mtpm_hash_size(alg);
	size_t len = ((size_t)bits + 7) / 8;
	size_t done = 0;
	uint8_t block[KDF_MAX_DIGEST];
	uint8_t counter[4];
	uint32_t i;
	mtpm_rc rc = MTPM_OK;

	if (ds == 0 || ds > sizeof(block))
		return MTPM_E_UNSUPPORTED;
	parts[0].p = counter;
	parts[0].n = sizeof(counter);
	/* len < 2^29 and ds >= 20, so i never wraps. */
	for (i = 1; done < len; i++) {
		size_t n = len - done < ds ? len - done : ds;

		kdf_be32(counter, i);
		if (hmac)
			rc = mtpm_hmac(cr, alg, key, key_len, parts, nparts,
				       block);
		else
			rc = mtpm_hash(cr, alg, parts, nparts, block);
		if (rc != MTPM_OK)
			break;
		memcpy(out + done, block, n);
		done += n;
	}
	if (rc != MTPM_OK)
		mtpm_wipe(out, len);
	else if (bits % 8 != 0)
		out[0] &= (uint8_t)((1u << (bits % 8)) - 1);
	mtpm_wipe(block, sizeof(block));
	return rc;
}

mtpm_rc mtpm_kdfa(const mtpm_crypto *cr, uint16_t alg, const uint8_t *key,
		  size_t key_len, const char *label, const uint8_t *ctx_u,
		  size_t u_len, const uint8_t *ctx_v, size_t v_len,
		  uint32_t bits, uint8_t *out)
{
	uint8_t lbits[4];
	mtpm_iov parts[5];

	kdf_be32(lbits, bits);
	parts[1] = kdf_label(label);		/* Label || 0x00 */
	parts[2].p = ctx_u;			/* ContextU */
	parts[2].n = u_len;
	parts[3].p = ctx_v;			/* ContextV */
	parts[3].n = v_len;
	parts[4].p = lbits;			/* [L]32 */
	parts[4].n = sizeof(lbits);
	return kdf_run(cr, alg, 1, key, key_len, parts, 5, bits, out);
}

mtpm_rc mtpm_kdfe(const mtpm_crypto *cr, uint16_t alg, const uint8_t *z,
		  size_t z_len, const char *label, const uint8_t *party_u,
		  size_t u_len, const uint8_t *party_v, size_t v_len,
		  uint32_t bits, uint8_t *out)
{
	mtpm_iov parts[5];

	parts[1].p = z;				/* Z */
	parts[1].n = z_len;
	parts[2] = kdf_label(label);		/* Use, with its NUL */
	parts[3].p = party_u;			/* PartyUInfo */
	parts[3].n = u_len;
	parts[4].p = party_v;			/* PartyVInfo */
	parts[4].n = v_len;
	return kdf_run(cr, alg, 0, NULL, 0, parts, 5, bits, out);
}
