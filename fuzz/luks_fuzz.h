/*
 * fuzz/luks_fuzz.h - what the src/luks harnesses share: encoders written
 * here, independently of src/luks, so a decoder bug cannot hide behind
 * an encoder with the same bug; the fixed key of the fixture JWEs
 * (tests/unit/golden/luks/jwk.json: bytes 0x40..0x5f).
 *
 * Test code: may use libc freely; never linked into the library or CLI.
 */
#ifndef MTPM_LUKS_FUZZ_H
#define MTPM_LUKS_FUZZ_H

#include "fuzz.h"
#include "mtpm/luks.h"

static const uint8_t fuzz_jwk_key[32] = {
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
};

/* RFC 4648 §4 (url: §5, unpadded) of in[0..n) into out; its length. */
static inline size_t fuzz_b64(const uint8_t *in, size_t n, char *out, int url, int pad)
{
	const char *a = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
			    : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t k = n - i < 3 ? n - i : 3;

		if (k > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (k > 2)
			v |= in[i + 2];
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		if (k > 1)
			out[o++] = a[v >> 6 & 63];
		else if (pad)
			out[o++] = '=';
		if (k > 2)
			out[o++] = a[v & 63];
		else if (pad)
			out[o++] = '=';
	}
	out[o] = 0;
	return o;
}

static inline size_t fuzz_hex(const uint8_t *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = "0123456789abcdef"[in[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[in[i] & 15];
	}
	out[2 * n] = 0;
	return 2 * n;
}

/* "[0,7]" for a PCR mask */
static inline size_t fuzz_mask(uint32_t m, char *out)
{
	size_t o = 0;
	int i, first = 1;

	out[o++] = '[';
	for (i = 0; i < 32; i++) {
		if (!(m >> i & 1))
			continue;
		o += (size_t)sprintf(out + o, first ? "%d" : ",%d", i);
		first = 0;
	}
	out[o++] = ']';
	out[o] = 0;
	return o;
}

static inline int fuzz_is_hash(uint16_t a)
{
	return a == MTPM_ALG_SHA1 || a == MTPM_ALG_SHA256 || a == MTPM_ALG_SHA384 ||
	       a == MTPM_ALG_SHA512;
}

/* What every successful JWE parse must satisfy, and decryption under the
 * fixture key: plaintext only with a verified tag, else a zeroed buffer;
 * never under another key. */
static inline void fuzz_check_jwe(const mtpm_jwe *j, const uint8_t *in, size_t n)
{
	static uint8_t out[1 << 16];
	uint8_t key[32];
	size_t len = 1, dec;
	mtpm_rc rc;

	FUZZ_CHECK(j->prot >= (const char *)in && j->prot + j->prot_len <= (const char *)in + n);
	FUZZ_CHECK(j->ct >= (const char *)in && j->ct + j->ct_len <= (const char *)in + n);
	FUZZ_CHECK(mtpm_b64_decode(MTPM_B64_URL, j->ct, j->ct_len, NULL, 0, &dec) == MTPM_OK);
	FUZZ_CHECK(dec == j->pt_len);
	FUZZ_CHECK(j->hdr_len < sizeof(j->hdr) && j->hdr[j->hdr_len] == 0);
	FUZZ_CHECK(j->pcrs < (1u << 24) && (!j->pcrs || j->pcr_bank));
	FUZZ_CHECK(fuzz_is_hash(j->hash) && (j->key == MTPM_ALG_ECC || j->key == MTPM_ALG_RSA));
	FUZZ_CHECK(!j->pcr_bank || fuzz_is_hash(j->pcr_bank));
	FUZZ_CHECK(j->pub_len && j->pub_len <= sizeof(j->pub));
	FUZZ_CHECK(j->priv_len && j->priv_len <= sizeof(j->priv));
	if (j->pt_len > sizeof(out))
		return;
	memset(out, FUZZ_POISON, sizeof(out));
	rc = mtpm_jwe_decrypt(j, fuzz_jwk_key, out, sizeof(out), &len);
	FUZZ_CHECK(rc == MTPM_OK || rc == MTPM_E_INTEGRITY);
	if (rc) {
		FUZZ_CHECK(len == 0 && fuzz_is_zero(out, sizeof(out)));
		return;
	}
	FUZZ_CHECK(len == j->pt_len);
	memcpy(key, fuzz_jwk_key, 32);
	key[0] ^= 0x80;
	FUZZ_CHECK(mtpm_jwe_decrypt(j, key, out, sizeof(out), &len) == MTPM_E_INTEGRITY);
	FUZZ_CHECK(len == 0 && fuzz_is_zero(out, sizeof(out)));
}

#endif
