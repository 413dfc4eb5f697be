/*
 * tests/unit/test_crypto.c - the crypto layer: src/crypto/{bearssl,hash,kdf,
 * ct}.c.
 *
 * Three kinds of evidence:
 *   1. known answers produced by the openssl command line (OpenSSL 3.0.19,
 *      27 Jan 2026); the exact command sits next to each vector;
 *   2. differential tests: the BearSSL backend against the OpenSSL backend
 *      (tests/support/crypto_openssl.c) in both directions, and mtpm_kdfa /
 *      mtpm_kdfe against OpenSSL's own KBKDF / SSKDF, over many lengths;
 *   3. the failure cases: unsupported algorithms, bad key sizes, an invalid
 *      P-256 point, out-of-range scalars, a short output buffer.
 *
 * Inputs of the vectors are byte runs written seq(start, n): the n bytes
 * start, start+1, ... (mod 256), so `python3 -c "print(bytes((s+i)&255 for
 * i in range(n)).hex())"` regenerates every hex key and message used below.
 * Random tests use a fixed xorshift seed (MTPM_TEST_SEED overrides it) so a
 * failure can be replayed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto_openssl.h"
#include "mtpm/crypto.h"
#include "mtpm/marshal.h"
#include "mtpm/tpm.h"

static const uint16_t all_hashes[] = { MTPM_ALG_SHA1, MTPM_ALG_SHA256,
				       MTPM_ALG_SHA384, MTPM_ALG_SHA512 };
#define NHASH (sizeof(all_hashes) / sizeof(all_hashes[0]))

/* --- helpers --- */

static void seq(uint8_t *b, unsigned start, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(start + i);
}

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;

	while (hex[0] != '\0') {
		unsigned v;

		if (hex[0] == ':' || hex[0] == ' ') {
			hex++;
			continue;
		}
		assert_true(n < cap);
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *hex)
{
	uint8_t want[512];

	assert_int_equal(unhex(want, sizeof(want), hex), n);
	assert_memory_equal(got, want, n);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void rng_fill(uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(rng() >> 32);
}

static int setup_rng(void **state)
{
	const char *s = getenv("MTPM_TEST_SEED");

	(void)state;
	rng_state = s != NULL ? strtoull(s, NULL, 0) : 0x6d74706d2d637279ull;
	if (rng_state == 0)
		rng_state = 1;
	print_message("crypto tests: MTPM_TEST_SEED=0x%llx\n",
		      (unsigned long long)rng_state);
	return 0;
}

/* Lengths every length-driven test covers, then random ones. */
static const size_t edge_lens[] = { 0, 1, 15, 16, 17, 31, 32, 33, 63, 64,
				    65, 127, 128, 129, 1000 };
#define NEDGE (sizeof(edge_lens) / sizeof(edge_lens[0]))
#define NRANDOM 60

static size_t test_len(size_t i, size_t max)
{
	return i < NEDGE ? edge_lens[i] : (size_t)(rng() % (max + 1));
}

static const mtpm_crypto *backend(int i)
{
	return i == 0 ? mtpm_crypto_bearssl() : test_crypto_openssl();
}

/* --- hash --- */

/* FIPS 180-2 appendix B.1 "abc"; also `printf abc | openssl dgst -sha256`. */
static void test_hash_abc(void **state)
{
	mtpm_iov p = { "abc", 3 };
	uint8_t d[32];
	int b;

	(void)state;
	for (b = 0; b < 2; b++) {
		assert_int_equal(mtpm_hash(backend(b), MTPM_ALG_SHA256, &p, 1,
					   d), MTPM_OK);
		assert_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223"
				  "b00361a396177a9cb410ff61f20015ad");
	}
}

static void test_hash_diff(void **state)
{
	static uint8_t msg[2048];
	uint8_t d0[64], d1[64];
	size_t h, i;

	(void)state;
	for (h = 0; h < NHASH; h++) {
		uint16_t alg = all_hashes[h];
		size_t ds = mtpm_hash_size(alg);

		for (i = 0; i < NEDGE + NRANDOM; i++) {
			size_t n = test_len(i, sizeof(msg));
			size_t cut = n ? (size_t)(rng() % n) : 0;
			/* The same message in two parts for one backend. */
			mtpm_iov one = { msg, n };
			mtpm_iov two[2] = { { msg, cut }, { msg + cut, n - cut } };

			rng_fill(msg, n);
			assert_int_equal(mtpm_hash(backend(0), alg, two, 2, d0),
					 MTPM_OK);
			assert_int_equal(mtpm_hash(backend(1), alg, &one, 1, d1),
					 MTPM_OK);
			assert_memory_equal(d0, d1, ds);
		}
	}
}

static void test_hash_unsupported(void **state)
{
	static const uint16_t bad[] = { 0, MTPM_ALG_NULL, MTPM_ALG_SM3_256,
					MTPM_ALG_SHA3_256, 0xFFFF };
	uint8_t d[64] = { 0 }, zero[64] = { 0 };
	mtpm_hash_ctx h;
	size_t i;
	int b;

	(void)state;
	for (b = 0; b < 2; b++) {
		const mtpm_crypto *cr = backend(b);

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_int_equal(cr->hash_init(&h, bad[i]),
					 MTPM_E_UNSUPPORTED);
			/* A failed init leaves update/final harmless. */
			cr->hash_update(&h, "x", 1);
			cr->hash_final(&h, d);
			assert_memory_equal(d, zero, sizeof(d));
			assert_int_equal(mtpm_hash(cr, bad[i], NULL, 0, d),
					 MTPM_E_UNSUPPORTED);
		}
	}
}

/* hash_final wipes the state it kept in the caller's context. */
static void test_hash_final_wipes(void **state)
{
	mtpm_hash_ctx h, zero;
	uint8_t d[64];

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_equal(mtpm_crypto_bearssl()->hash_init(&h, MTPM_ALG_SHA512),
			 MTPM_OK);
	mtpm_crypto_bearssl()->hash_update(&h, "secret", 6);
	assert_true(memcmp(&h, &zero, sizeof(h)) != 0);
	mtpm_crypto_bearssl()->hash_final(&h, d);
	assert_memory_equal(&h, &zero, sizeof(h));
}

/* --- HMAC --- */

struct hmac_kat {
	uint16_t alg;
	unsigned key_start;
	size_t key_len;
	const char *msg;
	const char *mac;
};

/*
 * printf 'mtpm hmac vector' > m1; : > empty
 * openssl dgst -sha1   -mac HMAC -macopt hexkey:<seq(0x00, 20)>  -r m1
 * openssl dgst -sha256 -mac HMAC -macopt hexkey:<seq(0x40, 100)> -r m1
 *     (key longer than the 64-byte block: hashed first)
 * openssl dgst -sha384 -mac HMAC -macopt hexkey:<seq(0x80, 128)> -r m1
 *     (key exactly one 128-byte block: used as is)
 * openssl dgst -sha512 -mac HMAC -macopt hexkey:<seq(0x11, 129)> -r m1
 *     (one byte over the block: hashed first)
 * openssl dgst -sha256 -mac HMAC -macopt hexkey:<seq(0x00, 20)>  -r empty
 */
static const struct hmac_kat hmac_kats[] = {
	{ MTPM_ALG_SHA1, 0x00, 20, "mtpm hmac vector",
	  "289d5025515afba0f4119f9d525246ef6555d1e4" },
	{ MTPM_ALG_SHA256, 0x40, 100, "mtpm hmac vector",
	  "82e087327d44ae02578efa17eabb9c9e5b607bd0eecb09c65dc17d1248148ae2" },
	{ MTPM_ALG_SHA384, 0x80, 128, "mtpm hmac vector",
	  "ca94375cb0cc995f0f2d733c801fd9ef45b8088de4bede2b"
	  "e52e74305429955c27e80d569f609b6ddc878267e3978c3b" },
	{ MTPM_ALG_SHA512, 0x11, 129, "mtpm hmac vector",
	  "5dfa7aee7fc73784d8f0d80454e4d432b42698de86145468adfd2404ba29b7c1"
	  "deb5799f9160bb6e994965eb148462e29c2259423011032582526d1abfa69d74" },
	{ MTPM_ALG_SHA256, 0x00, 20, "",
	  "861952487624257afc7275113dbfac7eb8d9d8f3fb7009da12d0c7ee113efd10" },
};

static void test_hmac_kat(void **state)
{
	uint8_t key[160], mac[64];
	size_t i;
	int b;

	(void)state;
	for (b = 0; b < 2; b++) {
		for (i = 0; i < sizeof(hmac_kats) / sizeof(hmac_kats[0]); i++) {
			const struct hmac_kat *v = &hmac_kats[i];
			size_t ml = strlen(v->msg), cut = ml / 3;
			mtpm_iov parts[2] = { { v->msg, cut },
					      { v->msg + cut, ml - cut } };

			seq(key, v->key_start, v->key_len);
			assert_int_equal(mtpm_hmac(backend(b), v->alg, key,
						   v->key_len, parts, 2, mac),
					 MTPM_OK);
			assert_hex(mac, mtpm_hash_size(v->alg), v->mac);
		}
	}
}

/* out may be the key buffer itself (it is written last). */
static void test_hmac_out_aliases_key(void **state)
{
	uint8_t buf[64];
	mtpm_iov p = { "mtpm hmac vector", 16 };

	(void)state;
	seq(buf, 0x00, 20);
	assert_int_equal(mtpm_hmac(mtpm_crypto_bearssl(), MTPM_ALG_SHA1, buf,
				   20, &p, 1, buf), MTPM_OK);
	assert_hex(buf, 20, hmac_kats[0].mac);
}

static void test_hmac_unsupported(void **state)
{
	uint8_t mac[64];

	(void)state;
	assert_int_equal(mtpm_hmac(mtpm_crypto_bearssl(), MTPM_ALG_SM3_256,
				   (const uint8_t *)"k", 1, NULL, 0, mac),
			 MTPM_E_UNSUPPORTED);
	assert_int_equal(mtpm_hmac(mtpm_crypto_bearssl(), MTPM_ALG_SHA3_256,
				   (const uint8_t *)"k", 1, NULL, 0, mac),
			 MTPM_E_UNSUPPORTED);
}

/* --- KDFa, Part 1 §11.4.10.2 --- */

/*
 * The TPM's best-known KDFa: sessionKey = KDFa(authHash, key, "ATH",
 * nonceTPM, nonceCaller, digestBits), key = authValue || salt (here
 * seq(0x20, 32)), nonceTPM = seq(0x50, 32), nonceCaller = seq(0x90, 32).
 *
 * openssl kdf -keylen 32 -kdfopt mac:HMAC -kdfopt digest:SHA256 \
 *   -kdfopt hexkey:<seq(0x20,32)> -kdfopt hexsalt:415448 \
 *   -kdfopt hexinfo:<seq(0x50,32)><seq(0x90,32)> KBKDF
 * (KBKDF's default 0x00 separator is the NUL of the TPM's "ATH".)
 */
static void test_kdfa_session_key(void **state)
{
	uint8_t key[32], nt[32], nc[32], out[32];
	int b;

	(void)state;
	seq(key, 0x20, 32);
	seq(nt, 0x50, 32);
	seq(nc, 0x90, 32);
	for (b = 0; b < 2; b++) {
		assert_int_equal(mtpm_kdfa(backend(b), MTPM_ALG_SHA256, key, 32,
					   "ATH", nt, 32, nc, 32, 256, out),
				 MTPM_OK);
		assert_hex(out, 32, "76:C6:25:62:41:72:ED:93:68:B1:B8:FF:B8:F5:"
				    "C4:61:08:AD:A4:C4:70:1B:B9:A8:99:F9:17:E9:"
				    "D7:CC:AE:EC");
	}
}

/*
 * openssl kdf -keylen 32 -kdfopt mac:HMAC -kdfopt digest:SHA1 \
 *   -kdfopt hexkey:<seq(0x01,20)> -kdfopt hexsalt:434642 \
 *   -kdfopt hexinfo:<seq(0x30,20)><seq(0x60,20)> KBKDF
 * ("CFB", SHA-1: two HMAC blocks, the second truncated.)
 *
 * openssl kdf -keylen 64 -kdfopt mac:HMAC -kdfopt digest:SHA512 \
 *   -kdfopt hexkey:<seq(0xc0,64)> -kdfopt hexsalt:494e54454752495459 \
 *   -kdfopt hexinfo:000b<seq(0x10,32)> KBKDF
 * ("INTEGRITY" with a SHA-256 Name as ContextU and an empty ContextV.)
 */
static void test_kdfa_kat(void **state)
{
	uint8_t key[64], u[40], v[20], out[64];
	int b;

	(void)state;
	for (b = 0; b < 2; b++) {
		seq(key, 0x01, 20);
		seq(u, 0x30, 20);
		seq(v, 0x60, 20);
		assert_int_equal(mtpm_kdfa(backend(b), MTPM_ALG_SHA1, key, 20,
					   "CFB", u, 20, v, 20, 256, out),
				 MTPM_OK);
		assert_hex(out, 32, "8AECF0A485BEE48BB30E9CA599692914"
				    "D5D512F6B775CDC25B0DA4CE946E8E48");

		seq(key, 0xc0, 64);
		u[0] = 0x00;
		u[1] = 0x0b;
		seq(u + 2, 0x10, 32);
		assert_int_equal(mtpm_kdfa(backend(b), MTPM_ALG_SHA512, key, 64,
					   "INTEGRITY", u, 34, NULL, 0, 512,
					   out),
				 MTPM_OK);
		assert_hex(out, 64,
			   "4E6BD4523CA9A65BA80C7E3E8944AE49"
			   "83384152ECCEEC5766BC3D5987B7A702"
			   "E7B2EACDBF5A98235D2D6719C1CB5344"
			   "68169C4DAB776856C4CA33C602ACA43D");
	}
}

/*
 * bits not a multiple of 8: [L]32 = 254, so KBKDF (whose L is always a
 * whole number of bytes) cannot produce it; the single HMAC block is
 * computed over the input built by hand:
 *
 * printf "00000001%s00%s%s000000fe" 415448 <seq(0x50,32)> <seq(0x90,32)> \
 *   | xxd -r -p > a4.in
 * openssl dgst -sha256 -mac HMAC -macopt hexkey:<seq(0x20,32)> -r a4.in
 *   -> 751558cd422b7a79...c35762ca
 * and the first byte masked to its low 254 % 8 = 6 bits: 0x75 -> 0x35.
 */
static void test_kdfa_odd_bits(void **state)
{
	uint8_t key[32], nt[32], nc[32], out[33];
	int b;

	(void)state;
	seq(key, 0x20, 32);
	seq(nt, 0x50, 32);
	seq(nc, 0x90, 32);
	for (b = 0; b < 2; b++) {
		memset(out, 0xEE, sizeof(out));
		assert_int_equal(mtpm_kdfa(backend(b), MTPM_ALG_SHA256, key, 32,
					   "ATH", nt, 32, nc, 32, 254, out),
				 MTPM_OK);
		assert_hex(out, 32, "351558cd422b7a796b9f0f53c1b35ff0"
				    "d0da4c9ee22aa80d9b689b16c35762ca");
		assert_int_equal(out[32], 0xEE); /* nothing written past */
	}
}

/* bits == 0 writes nothing; an unsupported hash is refused. */
static void test_kdfa_edges(void **state)
{
	uint8_t out[4] = { 0xAA, 0xAA, 0xAA, 0xAA };

	(void)state;
	assert_int_equal(mtpm_kdfa(mtpm_crypto_bearssl(), MTPM_ALG_SHA256,
				   (const uint8_t *)"k", 1, "ATH", NULL, 0,
				   NULL, 0, 0, out),
			 MTPM_OK);
	assert_int_equal(out[0], 0xAA);
	assert_int_equal(mtpm_kdfa(mtpm_crypto_bearssl(), MTPM_ALG_SM3_256,
				   (const uint8_t *)"k", 1, "ATH", NULL, 0,
				   NULL, 0, 32, out),
			 MTPM_E_UNSUPPORTED);
	assert_int_equal(mtpm_kdfe(mtpm_crypto_bearssl(), MTPM_ALG_SHA3_256,
				   (const uint8_t *)"z", 1, "SECRET", NULL, 0,
				   NULL, 0, 32, out),
			 MTPM_E_UNSUPPORTED);
}

static const char *const labels[] = { "ATH", "CFB", "XOR", "INTEGRITY",
				      "STORAGE", "SECRET", "IDENTITY",
				      "DUPLICATE", "" };
#define NLABEL (sizeof(labels) / sizeof(labels[0]))

/* mtpm_kdfa on either backend against OpenSSL's KBKDF. */
static void test_kdfa_vs_kbkdf(void **state)
{
	static uint8_t key[200], u[80], v[80], a[1000], b[1000], c[1000];
	size_t h, i;

	(void)state;
	for (h = 0; h < NHASH; h++) {
		uint16_t alg = all_hashes[h];

		for (i = 0; i < NEDGE + NRANDOM; i++) {
			size_t n = test_len(i, sizeof(a));
			size_t kl = 1 + (size_t)(rng() % sizeof(key));
			size_t ul = (size_t)(rng() % sizeof(u));
			size_t vl = (size_t)(rng() % sizeof(v));
			const char *l = labels[rng() % NLABEL];

			if (n == 0)
				continue; /* KBKDF refuses an empty output */
			rng_fill(key, kl);
			rng_fill(u, ul);
			rng_fill(v, vl);
			assert_int_equal(test_openssl_kdfa(alg, key, kl, l, u, ul,
							   v, vl, a, n), 1);
			assert_int_equal(mtpm_kdfa(backend(0), alg, key, kl, l,
						   u, ul, v, vl,
						   (uint32_t)(8 * n), b),
					 MTPM_OK);
			assert_int_equal(mtpm_kdfa(backend(1), alg, key, kl, l,
						   u, ul, v, vl,
						   (uint32_t)(8 * n), c),
					 MTPM_OK);
			assert_memory_equal(a, b, n);
			assert_memory_equal(a, c, n);
		}
	}
}

/* --- KDFe, Part 1 §11.4.10.3 --- */

/*
 * openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:<seq(0x33,32)> \
 *   -kdfopt hexinfo:53454352455400<seq(0x70,32)><seq(0xd0,32)> SSKDF
 * ("SECRET\0", Z = seq(0x33, 32), PartyU = seq(0x70, 32),
 *  PartyV = seq(0xd0, 32): the ECC salt of StartAuthSession.)
 *
 * openssl kdf -keylen 100 -kdfopt digest:SHA384 -kdfopt hexkey:<seq(0x05,48)> \
 *   -kdfopt hexinfo:4455504c494341544500<seq(0x70,32)> SSKDF
 * ("DUPLICATE\0", three SHA-384 blocks, the last truncated, empty PartyV.)
 */
static void test_kdfe_kat(void **state)
{
	uint8_t z[48], pu[32], pv[32], out[100];
	int b;

	(void)state;
	seq(pu, 0x70, 32);
	seq(pv, 0xd0, 32);
	for (b = 0; b < 2; b++) {
		seq(z, 0x33, 32);
		assert_int_equal(mtpm_kdfe(backend(b), MTPM_ALG_SHA256, z, 32,
					   "SECRET", pu, 32, pv, 32, 256, out),
				 MTPM_OK);
		assert_hex(out, 32, "5D3933C24A420A31357AEB18551ADCCA"
				    "BA13E23206153680096BEBF56605EA6D");
		seq(z, 0x05, 48);
		assert_int_equal(mtpm_kdfe(backend(b), MTPM_ALG_SHA384, z, 48,
					   "DUPLICATE", pu, 32, NULL, 0, 800,
					   out),
				 MTPM_OK);
		assert_hex(out, 100,
			   "A9CD86352B262F55A95F31FDE1FD7C0DFF4A598DF8E38969"
			   "12A3DCA72394297C05285A136B615A5BAE9F816ABE2D58F0"
			   "1B01C5875E7AC09F71E79F64A81D34AE0C8AF0B4B8FDA9FF"
			   "6BCA9A796DD59FB9D1222D977FADB94575C841B01DF732E0"
			   "10385BF2");
	}
}

/* mtpm_kdfe on either backend against OpenSSL's SSKDF. */
static void test_kdfe_vs_sskdf(void **state)
{
	static uint8_t z[100], u[80], v[80], a[1000], b[1000], c[1000];
	size_t h, i;

	(void)state;
	for (h = 0; h < NHASH; h++) {
		uint16_t alg = all_hashes[h];

		for (i = 0; i < NEDGE + NRANDOM; i++) {
			size_t n = test_len(i, sizeof(a));
			size_t zl = 1 + (size_t)(rng() % sizeof(z));
			size_t ul = (size_t)(rng() % sizeof(u));
			size_t vl = (size_t)(rng() % sizeof(v));
			const char *l = labels[rng() % NLABEL];

			if (n == 0)
				continue; /* SSKDF refuses an empty output */
			rng_fill(z, zl);
			rng_fill(u, ul);
			rng_fill(v, vl);
			assert_int_equal(test_openssl_kdfe(alg, z, zl, l, u, ul,
							   v, vl, a, n), 1);
			assert_int_equal(mtpm_kdfe(backend(0), alg, z, zl, l, u,
						   ul, v, vl, (uint32_t)(8 * n),
						   b),
					 MTPM_OK);
			assert_int_equal(mtpm_kdfe(backend(1), alg, z, zl, l, u,
						   ul, v, vl, (uint32_t)(8 * n),
						   c),
					 MTPM_OK);
			assert_memory_equal(a, b, n);
			assert_memory_equal(a, c, n);
		}
	}
}

/* --- AES-CFB-128 --- */

/*
 * echo <seq(0x00,37)> | xxd -r -p > p37
 * openssl enc -aes-128-cfb -K 2b2c2d2e2f303132333435363738393a \
 *   -iv f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff -nopad -in p37 | xxd -p
 * echo <seq(0x80,45)> | xxd -r -p > p45
 * openssl enc -aes-256-cfb -K <seq(0x60,32)> \
 *   -iv f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff -nopad -in p45 | xxd -p
 * (37 = 2 blocks + 5, 45 = 2 blocks + 13: short last blocks.)
 */
static void test_aes_cfb_kat(void **state)
{
	uint8_t key[32], iv[16], buf[45];
	int b;

	(void)state;
	seq(iv, 0xf0, 16);
	for (b = 0; b < 2; b++) {
		const mtpm_crypto *cr = backend(b);

		seq(key, 0x2b, 16);
		seq(buf, 0x00, 37);
		assert_int_equal(cr->aes_cfb(1, key, 16, iv, buf, 37), MTPM_OK);
		assert_hex(buf, 37, "ae85879fcb571fcd783b639379b9bd6a"
				    "004dd7576cd4307af53bd6d1844875f2"
				    "2a53d1f5ed");
		assert_int_equal(cr->aes_cfb(0, key, 16, iv, buf, 37), MTPM_OK);
		assert_hex(buf, 37, "000102030405060708090a0b0c0d0e0f"
				    "101112131415161718191a1b1c1d1e1f"
				    "2021222324");

		seq(key, 0x60, 32);
		seq(buf, 0x80, 45);
		assert_int_equal(cr->aes_cfb(1, key, 32, iv, buf, 45), MTPM_OK);
		assert_hex(buf, 45, "e082b322f87e0038f926a549ae9c34c6"
				    "ac76d7b4b00fcc040ecd7ad6b71bed7e"
				    "6bee1572091d04365530c74de4");
		assert_int_equal(cr->aes_cfb(0, key, 32, iv, buf, 45), MTPM_OK);
		assert_hex(buf, 45, "808182838485868788898a8b8c8d8e8f"
				    "909192939495969798999a9b9c9d9e9f"
				    "a0a1a2a3a4a5a6a7a8a9aaabac");
	}
}

/* Encrypt with one backend, decrypt with the other, both ways. */
static void test_aes_cfb_diff(void **state)
{
	static uint8_t pt[2000], c0[2000], c1[2000];
	uint8_t key[32], iv[16];
	size_t i;
	int k;

	(void)state;
	for (k = 16; k <= 32; k += 16) {
		for (i = 0; i < NEDGE + NRANDOM; i++) {
			size_t n = test_len(i, sizeof(pt));

			rng_fill(key, (size_t)k);
			rng_fill(iv, 16);
			rng_fill(pt, n);
			memcpy(c0, pt, n);
			memcpy(c1, pt, n);
			assert_int_equal(backend(0)->aes_cfb(1, key, (size_t)k,
							     iv, c0, n),
					 MTPM_OK);
			assert_int_equal(backend(1)->aes_cfb(1, key, (size_t)k,
							     iv, c1, n),
					 MTPM_OK);
			assert_memory_equal(c0, c1, n);
			if (n >= 16)
				assert_true(memcmp(c0, pt, n) != 0);
			/* BearSSL's ciphertext through OpenSSL and back. */
			assert_int_equal(backend(1)->aes_cfb(0, key, (size_t)k,
							     iv, c0, n),
					 MTPM_OK);
			assert_int_equal(backend(0)->aes_cfb(0, key, (size_t)k,
							     iv, c1, n),
					 MTPM_OK);
			assert_memory_equal(c0, pt, n);
			assert_memory_equal(c1, pt, n);
		}
	}
}

static void test_aes_cfb_bad_key(void **state)
{
	uint8_t key[32] = { 0 }, iv[16] = { 0 }, buf[16] = { 0 };
	static const size_t bad[] = { 0, 8, 15, 17, 24, 31, 33, 64 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mtpm_crypto_bearssl()->aes_cfb(1, key, bad[i],
								iv, buf, 16),
				 MTPM_E_UNSUPPORTED);
}

/* --- P-256 ECDH --- */

static void test_ecdh_cross(void **state)
{
	uint8_t da[32], xa[32], ya[32], db[32], xb[32], yb[32];
	uint8_t z[4][32];
	int i, g;

	(void)state;
	for (i = 0; i < 8; i++) {
		/* g = 0: BearSSL makes A, OpenSSL makes B; g = 1: reverse. */
		for (g = 0; g < 2; g++) {
			const mtpm_crypto *ca = backend(g), *cb = backend(1 - g);

			assert_int_equal(ca->p256_keygen(da, xa, ya), MTPM_OK);
			assert_int_equal(cb->p256_keygen(db, xb, yb), MTPM_OK);
			assert_int_equal(ca->p256_ecdh(da, xb, yb, z[0]),
					 MTPM_OK);
			assert_int_equal(cb->p256_ecdh(db, xa, ya, z[1]),
					 MTPM_OK);
			assert_int_equal(cb->p256_ecdh(da, xb, yb, z[2]),
					 MTPM_OK);
			assert_int_equal(ca->p256_ecdh(db, xa, ya, z[3]),
					 MTPM_OK);
			assert_memory_equal(z[0], z[1], 32);
			assert_memory_equal(z[0], z[2], 32);
			assert_memory_equal(z[0], z[3], 32);
			assert_true(memcmp(da, db, 32) != 0);
		}
	}
	mtpm_wipe(da, sizeof(da));
	mtpm_wipe(db, sizeof(db));
}

/* P-256 prime p and group order n (SEC 2 §2.4.2), big-endian. */
static const char p256_p[] =
	"ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
static const char p256_n[] =
	"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

static void test_ecdh_invalid_point(void **state)
{
	uint8_t d[32], x[32], y[32], bx[32], by[32], z[32];
	int b, bit;

	(void)state;
	assert_int_equal(mtpm_crypto_bearssl()->p256_keygen(d, x, y), MTPM_OK);
	for (b = 0; b < 2; b++) {
		const mtpm_crypto *cr = backend(b);

		/* One flipped bit of y or of x: off the curve. */
		for (bit = 0; bit < 256; bit += 37) {
			memcpy(bx, x, 32);
			memcpy(by, y, 32);
			by[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			assert_int_equal(cr->p256_ecdh(d, bx, by, z),
					 MTPM_E_CRYPTO);
			memcpy(by, y, 32);
			bx[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			assert_int_equal(cr->p256_ecdh(d, bx, by, z),
					 MTPM_E_CRYPTO);
		}
		/* (0, 0), the usual stand-in for infinity. */
		memset(bx, 0, 32);
		memset(by, 0, 32);
		assert_int_equal(cr->p256_ecdh(d, bx, by, z), MTPM_E_CRYPTO);
		/* x = p: a coordinate outside the field. */
		unhex(bx, 32, p256_p);
		assert_int_equal(cr->p256_ecdh(d, bx, y, z), MTPM_E_CRYPTO);
	}
}

/* BearSSL's mul() is undefined for a scalar outside [1, n-1]: refused. */
static void test_ecdh_bad_scalar(void **state)
{
	uint8_t d[32], x[32], y[32], z[32], k[32];

	(void)state;
	assert_int_equal(mtpm_crypto_bearssl()->p256_keygen(d, x, y), MTPM_OK);
	memset(k, 0, 32);
	assert_int_equal(mtpm_crypto_bearssl()->p256_ecdh(k, x, y, z),
			 MTPM_E_CRYPTO);
	unhex(k, 32, p256_n);
	assert_int_equal(mtpm_crypto_bearssl()->p256_ecdh(k, x, y, z),
			 MTPM_E_CRYPTO);
	memset(k, 0xFF, 32);
	assert_int_equal(mtpm_crypto_bearssl()->p256_ecdh(k, x, y, z),
			 MTPM_E_CRYPTO);
	/* n - 1 is the largest valid scalar. */
	unhex(k, 32, p256_n);
	k[31]--;
	assert_int_equal(mtpm_crypto_bearssl()->p256_ecdh(k, x, y, z), MTPM_OK);
	memset(k, 0, 32);
	k[31] = 1;
	assert_int_equal(mtpm_crypto_bearssl()->p256_ecdh(k, x, y, z), MTPM_OK);
	assert_memory_equal(z, x, 32); /* 1 * Q = Q */
}

/* --- RSA-OAEP --- */

static void test_rsa_oaep(void **state)
{
	static const char label[] = "SECRET"; /* sizeof includes the NUL */
	uint8_t n[256], secret[64], ct[256], pt[256];
	size_t h, ct_len;
	EVP_PKEY *k;
	int b;

	(void)state;
	k = test_openssl_rsa_new(2048, n, sizeof(n));
	assert_non_null(k);
	for (h = 0; h < NHASH; h++) {
		uint16_t alg = all_hashes[h];

		for (b = 0; b < 2; b++) {
			size_t sl = mtpm_hash_size(alg);

			rng_fill(secret, sl);
			assert_int_equal(backend(b)->rsa_oaep_encrypt(
						 n, sizeof(n), 65537, alg, label,
						 sizeof(label), secret, sl, ct,
						 sizeof(ct), &ct_len),
					 MTPM_OK);
			assert_int_equal(ct_len, 256);
			assert_int_equal(test_openssl_rsa_oaep_decrypt(
						 k, alg, label, sizeof(label), ct,
						 ct_len, pt, sizeof(pt)),
					 (int)sl);
			assert_memory_equal(pt, secret, sl);
			/* The label is bound: without its NUL it fails. */
			assert_int_equal(test_openssl_rsa_oaep_decrypt(
						 k, alg, label, sizeof(label) - 1,
						 ct, ct_len, pt, sizeof(pt)),
					 -1);
		}
	}
	/* e == 0 is the TPM's spelling of 65537. */
	assert_int_equal(mtpm_crypto_bearssl()->rsa_oaep_encrypt(
				 n, sizeof(n), 0, MTPM_ALG_SHA256, label,
				 sizeof(label), secret, 32, ct, sizeof(ct),
				 &ct_len),
			 MTPM_OK);
	assert_int_equal(test_openssl_rsa_oaep_decrypt(k, MTPM_ALG_SHA256,
						       label, sizeof(label), ct,
						       ct_len, pt, sizeof(pt)),
			 32);
	/* Short output buffer; unsupported hash; message too long. */
	assert_int_equal(mtpm_crypto_bearssl()->rsa_oaep_encrypt(
				 n, sizeof(n), 65537, MTPM_ALG_SHA256, label,
				 sizeof(label), secret, 32, ct, 255, &ct_len),
			 MTPM_E_SPACE);
	assert_int_equal(ct_len, 0);
	assert_int_equal(mtpm_crypto_bearssl()->rsa_oaep_encrypt(
				 n, sizeof(n), 65537, MTPM_ALG_SM3_256, label,
				 sizeof(label), secret, 32, ct, sizeof(ct),
				 &ct_len),
			 MTPM_E_UNSUPPORTED);
	assert_int_equal(mtpm_crypto_bearssl()->rsa_oaep_encrypt(
				 n, sizeof(n), 65537, MTPM_ALG_SHA512, label,
				 sizeof(label), pt, 256 - 2 * 64 - 1, ct,
				 sizeof(ct), &ct_len),
			 MTPM_E_CRYPTO);
	EVP_PKEY_free(k);
}

/* --- random --- */

static void test_random(void **state)
{
	static uint8_t big[70000];
	uint8_t a[32], b[32], zero[32] = { 0 };
	size_t i, zeros = 0;

	(void)state;
	assert_int_equal(mtpm_crypto_bearssl()->random(a, sizeof(a)), MTPM_OK);
	assert_int_equal(mtpm_crypto_bearssl()->random(b, sizeof(b)), MTPM_OK);
	assert_true(memcmp(a, b, 32) != 0);
	assert_true(memcmp(a, zero, 32) != 0);
	assert_int_equal(mtpm_crypto_bearssl()->random(a, 0), MTPM_OK);
	/* More than one 64 KiB DRBG request. */
	assert_int_equal(mtpm_crypto_bearssl()->random(big, sizeof(big)),
			 MTPM_OK);
	for (i = 65536 - 32; i < sizeof(big); i++)
		zeros += big[i] == 0;
	assert_true(zeros < 100); /* ~17 expected over 4496 bytes */
}

/* --- ct.c --- */

static void test_ct_equal(void **state)
{
	uint8_t a[64], b[64];
	size_t i;

	(void)state;
	seq(a, 7, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_int_equal(mtpm_ct_equal(a, b, sizeof(a)), 1);
	assert_int_equal(mtpm_ct_equal(a, b, 0), 1);
	for (i = 0; i < sizeof(a); i++) {
		uint8_t bit;

		for (bit = 1; bit != 0; bit = (uint8_t)(bit << 1)) {
			b[i] ^= bit;
			assert_int_equal(mtpm_ct_equal(a, b, sizeof(a)), 0);
			/* Only the first n bytes count. */
			assert_int_equal(mtpm_ct_equal(a, b, i), 1);
			b[i] ^= bit;
		}
	}
}

static void test_wipe(void **state)
{
	uint8_t buf[100], zero[100] = { 0 };

	(void)state;
	memset(buf, 0xA5, sizeof(buf));
	mtpm_wipe(buf + 10, 80);
	assert_int_equal(buf[9], 0xA5);
	assert_memory_equal(buf + 10, zero, 80);
	assert_int_equal(buf[90], 0xA5);
	mtpm_wipe(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_abc),
		cmocka_unit_test(test_hash_diff),
		cmocka_unit_test(test_hash_unsupported),
		cmocka_unit_test(test_hash_final_wipes),
		cmocka_unit_test(test_hmac_kat),
		cmocka_unit_test(test_hmac_out_aliases_key),
		cmocka_unit_test(test_hmac_unsupported),
		cmocka_unit_test(test_kdfa_session_key),
		cmocka_unit_test(test_kdfa_kat),
		cmocka_unit_test(test_kdfa_odd_bits),
		cmocka_unit_test(test_kdfa_edges),
		cmocka_unit_test(test_kdfa_vs_kbkdf),
		cmocka_unit_test(test_kdfe_kat),
		cmocka_unit_test(test_kdfe_vs_sskdf),
		cmocka_unit_test(test_aes_cfb_kat),
		cmocka_unit_test(test_aes_cfb_diff),
		cmocka_unit_test(test_aes_cfb_bad_key),
		cmocka_unit_test(test_ecdh_cross),
		cmocka_unit_test(test_ecdh_invalid_point),
		cmocka_unit_test(test_ecdh_bad_scalar),
		cmocka_unit_test(test_rsa_oaep),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_ct_equal),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests(tests, setup_rng, NULL);
}
