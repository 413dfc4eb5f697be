/*
 * bench/p256.c - the client's P-256 work for one unseal, timed, with one
 * packaged implementation chosen at build time. `make bench` builds one
 * static program per backend found on the machine and bench/run.sh puts
 * the figures in the "Proposal" section of bench/RESULTS.md.
 *
 *   $(BUILD)/bench/p256/LIBC-BACKEND [N]   (N iterations, default 200)
 *   prints "NAME us_per_op mulgen_us mul_us check"
 *   LIBC-none is the same program without any P-256 code: its size is the
 *   baseline the others of the same libc are measured from.
 *
 * One "op" is what src/crypto/bearssl.c does per salted session: an
 * ephemeral key (a scalar times the generator, mulgen) and the ECDH shared
 * point (that scalar times the TPM's public point, mul, which also
 * validates the point). Key generation's random draw is left out (the same
 * for every backend); the scalar varies with each iteration so no backend
 * can cache a result. CPU time is CLOCK_PROCESS_CPUTIME_ID.
 *
 * Backends (exactly one -DP256_xxx):
 *   BEARSSL_M31, _M15, _I31  Debian's libbearssl.a 0.6 (mtpm uses m31)
 *   NETTLE                   Debian's libhogweed.a + libgmp.a (nettle's
 *                            public ecc_point_mul{,_g}; GMP allocates)
 *   OPENSSL                  Debian's libcrypto.a (EC_POINT_mul on the
 *                            P-256 group; allocates)
 *   NONE                     no P-256 code (size baseline)
 *
 * "check" folds the leading bytes of every public key and shared point
 * into 32 bits: every backend must print the same value for the same N,
 * which bench/run.sh verifies, so a fast but wrong backend cannot win.
 *
 * This is a measuring tool, not library code: it is never linked into
 * mtpm, and the allocating backends are here only to be measured.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The TPM's point: 7 * G (any valid point will do; fixed so every backend
 * computes the same shared secrets). Each backend's own mulgen of 7 must
 * give these bytes, computed independently with textbook affine
 * arithmetic, before anything is timed. */
static const uint8_t g7[65] = {
	0x04,
	0x8e, 0x53, 0x3b, 0x6f, 0xa0, 0xbf, 0x7b, 0x46, 0x25, 0xbb, 0x30, 0x66,
	0x7c, 0x01, 0xfb, 0x60, 0x7e, 0xf9, 0xf8, 0xb8, 0xa8, 0x0f, 0xef, 0x5b,
	0x30, 0x06, 0x28, 0x70, 0x31, 0x87, 0xb2, 0xa3, 0x73, 0xeb, 0x1d, 0xbd,
	0xe0, 0x33, 0x18, 0x36, 0x6d, 0x06, 0x9f, 0x83, 0xa6, 0xf5, 0x90, 0x00,
	0x53, 0xc7, 0x36, 0x33, 0xcb, 0x04, 0x1b, 0x21, 0xc5, 0x5e, 0x1a, 0x86,
	0xc1, 0xf4, 0x00, 0xb4
};

static double cpu_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* A scalar for iteration i: well inside [1, n-1] for P-256. */
static void scalar_of(uint32_t i, uint8_t k[32])
{
	int j;

	for (j = 0; j < 32; j++)
		k[j] = (uint8_t)(0x5a ^ (j * 29) ^ (i >> (8 * (j & 3))));
	k[0] = 0x3f;
}

/* mulgen: out = k*G (65 bytes, uncompressed). mul: pt = k*pt in place,
 * 0 when pt is not a valid point. Both return 1 on success. */
static int bk_mulgen(uint8_t out[65], const uint8_t k[32]);
static int bk_mul(uint8_t pt[65], const uint8_t k[32]);
static const char *bk_name;

#if defined(P256_BEARSSL_M31) || defined(P256_BEARSSL_M15) || defined(P256_BEARSSL_I31)
#include <bearssl.h>
#if defined(P256_BEARSSL_M31)
#define BK (&br_ec_p256_m31)
static const char *bk_name = "bearssl-p256_m31";
#elif defined(P256_BEARSSL_M15)
#define BK (&br_ec_p256_m15)
static const char *bk_name = "bearssl-p256_m15";
#else
#define BK (&br_ec_prime_i31)
static const char *bk_name = "bearssl-prime_i31";
#endif
static int bk_mulgen(uint8_t out[65], const uint8_t k[32])
{
	return BK->mulgen(out, k, 32, BR_EC_secp256r1) == 65;
}
static int bk_mul(uint8_t pt[65], const uint8_t k[32])
{
	return BK->mul(pt, 65, k, 32, BR_EC_secp256r1) == 1;
}

#elif defined(P256_NETTLE)
#include <gmp.h>
#include <nettle/ecc.h>
#include <nettle/ecc-curve.h>
static const char *bk_name = "nettle-3.8-secp256r1";
static int nt_point_out(const struct ecc_point *p, uint8_t out[65])
{
	mpz_t x, y;
	size_t n;

	mpz_inits(x, y, NULL);
	ecc_point_get(p, x, y);
	memset(out, 0, 65);
	out[0] = 0x04;
	n = (mpz_sizeinbase(x, 2) + 7) / 8;
	mpz_export(out + 1 + 32 - n, NULL, 1, 1, 1, 0, x);
	n = (mpz_sizeinbase(y, 2) + 7) / 8;
	mpz_export(out + 33 + 32 - n, NULL, 1, 1, 1, 0, y);
	mpz_clears(x, y, NULL);
	return 1;
}
static void nt_scalar(struct ecc_scalar *s, const uint8_t k[32])
{
	mpz_t z;

	mpz_init(z);
	mpz_import(z, 32, 1, 1, 1, 0, k);
	ecc_scalar_init(s, nettle_get_secp_256r1());
	ecc_scalar_set(s, z);
	mpz_clear(z);
}
static int bk_mulgen(uint8_t out[65], const uint8_t k[32])
{
	struct ecc_scalar s;
	struct ecc_point r;

	nt_scalar(&s, k);
	ecc_point_init(&r, nettle_get_secp_256r1());
	ecc_point_mul_g(&r, &s);
	nt_point_out(&r, out);
	ecc_point_clear(&r);
	ecc_scalar_clear(&s);
	return 1;
}
static int bk_mul(uint8_t pt[65], const uint8_t k[32])
{
	struct ecc_scalar s;
	struct ecc_point p, r;
	mpz_t x, y;
	int ok;

	mpz_inits(x, y, NULL);
	mpz_import(x, 32, 1, 1, 1, 0, pt + 1);
	mpz_import(y, 32, 1, 1, 1, 0, pt + 33);
	ecc_point_init(&p, nettle_get_secp_256r1());
	ok = ecc_point_set(&p, x, y); /* 0 unless on the curve */
	if (ok) {
		nt_scalar(&s, k);
		ecc_point_init(&r, nettle_get_secp_256r1());
		ecc_point_mul(&r, &s, &p);
		nt_point_out(&r, pt);
		ecc_point_clear(&r);
		ecc_scalar_clear(&s);
	}
	ecc_point_clear(&p);
	mpz_clears(x, y, NULL);
	return ok;
}

#elif defined(P256_OPENSSL)
#define OPENSSL_API_COMPAT 0x10100000L
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
static const char *bk_name = "openssl-3.0-EC_POINT_mul";
static EC_GROUP *os_grp;
static BN_CTX *os_ctx;
static int os_out(const EC_POINT *p, uint8_t out[65])
{
	return EC_POINT_point2oct(os_grp, p, POINT_CONVERSION_UNCOMPRESSED,
				  out, 65, os_ctx) == 65;
}
static int bk_mulgen(uint8_t out[65], const uint8_t k[32])
{
	BIGNUM *s = BN_bin2bn(k, 32, NULL);
	EC_POINT *r = EC_POINT_new(os_grp);
	int ok;

	BN_set_flags(s, BN_FLG_CONSTTIME);
	ok = EC_POINT_mul(os_grp, r, s, NULL, NULL, os_ctx) && os_out(r, out);
	EC_POINT_free(r);
	BN_clear_free(s);
	return ok;
}
static int bk_mul(uint8_t pt[65], const uint8_t k[32])
{
	BIGNUM *s = BN_bin2bn(k, 32, NULL);
	EC_POINT *p = EC_POINT_new(os_grp), *r = EC_POINT_new(os_grp);
	int ok;

	BN_set_flags(s, BN_FLG_CONSTTIME);
	/* oct2point checks that the point is on the curve. */
	ok = EC_POINT_oct2point(os_grp, p, pt, 65, os_ctx) &&
	     EC_POINT_mul(os_grp, r, NULL, p, s, os_ctx) && os_out(r, pt);
	EC_POINT_free(p);
	EC_POINT_free(r);
	BN_clear_free(s);
	return ok;
}

#elif defined(P256_NONE)
static const char *bk_name = "none";
static int bk_mulgen(uint8_t out[65], const uint8_t k[32])
{
	memcpy(out, g7, 65);
	out[1] ^= k[0];
	return 1;
}
static int bk_mul(uint8_t pt[65], const uint8_t k[32])
{
	pt[1] ^= k[1];
	return 1;
}
#else
#error "choose a backend: -DP256_BEARSSL_M31 (or _M15, _I31), -DP256_NETTLE, -DP256_OPENSSL, -DP256_NONE"
#endif

int main(int argc, char **argv)
{
	uint8_t k[32], pub[65], pt[65];
	uint32_t check = 0;
	double t0, t_gen = 0, t_mul = 0;
	long i, n = argc > 1 ? atol(argv[1]) : 200;
	int j;

#if defined(P256_OPENSSL)
	os_grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	os_ctx = BN_CTX_new();
	if (!os_grp || !os_ctx)
		return 1;
#endif
	if (n < 1)
		return 2;
	/* The backend's own 7*G must be the known point. */
	memset(k, 0, 32);
	k[31] = 7;
	if (!bk_mulgen(pub, k))
		return 1;
#if !defined(P256_NONE)
	if (memcmp(pub, g7, 65) != 0) {
		fprintf(stderr, "p256 %s: 7*G is wrong\n", bk_name);
		return 1;
	}
	/* A point off the curve must be refused. */
	memcpy(pt, g7, 65);
	pt[64] ^= 1;
	if (bk_mul(pt, k)) {
		fprintf(stderr, "p256 %s: accepted a point off the curve\n", bk_name);
		return 1;
	}
#endif
	for (i = 0; i < n; i++) {
		scalar_of((uint32_t)i, k);
		t0 = cpu_us();
		if (!bk_mulgen(pub, k))
			return 1;
		t_gen += cpu_us() - t0;
		memcpy(pt, g7, 65);
		t0 = cpu_us();
		if (!bk_mul(pt, k))
			return 1;
		t_mul += cpu_us() - t0;
		check ^= pub[1] | (uint32_t)pub[2] << 8;
		for (j = 0; j < 4; j++)
			check = check * 31 + pt[1 + j];
	}
	printf("%s %.1f %.1f %.1f %08x\n", bk_name, (t_gen + t_mul) / (double)n,
	       t_gen / (double)n, t_mul / (double)n, (unsigned)check);
	return 0;
}
