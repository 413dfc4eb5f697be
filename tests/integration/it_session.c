/*
 * it_session.c - the session engine against swtpm: salted (ECC and RSA),
 * bound and unsalted HMAC sessions, parameter encryption both ways, and
 * response verification; the Names we compute equal the TPM's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"

static itest it;

/* The Name we compute from the public area equals the one the TPM
 * returned (Part 1 §16). */
static void test_srk_name(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name, mine;
	int rsa;

	(void)state;
	for (rsa = 0; rsa < 2; rsa++) {
		uint32_t h = itest_srk(&it, rsa, &pub, &name);

		assert_int_equal(mtpm_name_of_public(it.ctx.crypto, &pub.publicArea, &mine), MTPM_OK);
		assert_int_equal(mine.size, name.size);
		assert_memory_equal(mine.buffer, name.buffer, name.size);
		assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	}
}

/* GetRandom through a salted session that encrypts the response. */
static void salted_getrandom(int rsa, uint16_t sym_bits)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_TPM2B_DIGEST r;
	uint32_t h = itest_srk(&it, rsa, &pub, &name);
	int i;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = sym_bits;
	o.salt_key = h;
	o.salt_pub = &pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	assert_int_equal(s.key_len, 32);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	for (i = 0; i < 3; i++) {
		assert_int_equal(mtpm_GetRandom(&it.ctx, &as, 32, &r), MTPM_OK);
		assert_int_equal(r.size, 32);
		/* The bytes we got never crossed the bus in clear. */
		assert_false(itest_seen(&it, r.buffer, 32));
	}
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

static void test_salted_ecc(void **state) { (void)state; salted_getrandom(0, 128); }
static void test_salted_rsa(void **state) { (void)state; salted_getrandom(1, 128); }
static void test_salted_ecc_aes256(void **state) { (void)state; salted_getrandom(0, 256); }

/* A flipped bit in the response HMAC is MTPM_E_INTEGRITY, and the
 * session is flushed. */
static void test_tampered_response(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_TPM2B_DIGEST r;
	uint32_t h = itest_srk(&it, 0, &pub, &name);

	(void)state;
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = h;
	o.salt_pub = &pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_FLIP_BIT;
	it.tp.nth = 1;
	it.tp.arg = 8 * 20;   /* inside the encrypted randomBytes */
	assert_int_equal(mtpm_GetRandom(&it.ctx, &as, 32, &r), MTPM_E_INTEGRITY);
	assert_int_equal(r.size, 0);
	assert_int_equal(s.active, 0);
	it.tp.mode = TAMPER_NONE;
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

static int setup(void **state)
{
	(void)state;
	itest_open(&it);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	itest_close(&it);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_srk_name),
		cmocka_unit_test(test_salted_ecc),
		cmocka_unit_test(test_salted_rsa),
		cmocka_unit_test(test_salted_ecc_aes256),
		cmocka_unit_test(test_tampered_response),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
