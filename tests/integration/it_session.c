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

/* A session bound to the owner hierarchy stays usable after the owner's
 * authValue changes through it: the engine compares the bind authValue
 * as well as the Name (Part 1 §19.6.11), so the next command keys its
 * HMAC with the new value. Treating the owner as still the bind entity
 * gave TPM_RC_BAD_AUTH, which counts towards lockout on DA entities. */
static void test_bound_after_auth_change(void **state)
{
	static const mtpm_TPM2B_NAME owner_name = { 4, { 0x40, 0, 0, 1 } };
	static const uint8_t newv[] = "bound-new-auth";
	mtpm_TPM2B_AUTH na, empty;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth a, pw;
	mtpm_auths as, pws;
	mtpm_rc rc;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.bind = MTPM_RH_OWNER;
	o.bind_name = &owner_name;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	memset(&na, 0, sizeof(na));
	memset(&empty, 0, sizeof(empty));
	na.size = sizeof(newv) - 1;
	memcpy(na.buffer, newv, na.size);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION;
	as.a[0] = &a;
	as.n = 1;
	/* empty -> newv, through the bound session (the bind entity). */
	assert_int_equal(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &as, &na), MTPM_OK);
	/* newv -> empty, through the same session: no longer the bind
	 * entity, its new authValue keys the HMAC. */
	a.value = newv;
	a.value_len = sizeof(newv) - 1;
	rc = mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &as, &empty);
	if (rc != MTPM_OK) {
		/* put the owner back whatever happened, then fail */
		memset(&pw, 0, sizeof(pw));
		pw.value = newv;
		pw.value_len = sizeof(newv) - 1;
		pw.attrs = MTPM_SA_CONTINUESESSION;
		pws.a[0] = &pw;
		pws.n = 1;
		mtpm_rc_ignore(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &pws, &empty));
	}
	assert_int_equal(rc, MTPM_OK);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	assert_int_equal(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, NULL, &empty), MTPM_OK);
}

/* A policy session that saw PolicyPassword sends the password in clear:
 * it may not encrypt, decrypt or audit, refused before anything is sent
 * (Part 1 §19.6.13). */
static void test_policy_password_no_crypt(void **state)
{
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_TPM2B_DIGEST r;
	uint8_t attrs[3] = { MTPM_SA_ENCRYPT, MTPM_SA_DECRYPT, MTPM_SA_AUDIT };
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		itest_password_session(&it, &s, 0, NULL, NULL);
		memset(&a, 0, sizeof(a));
		a.sess = &s;
		a.attrs = MTPM_SA_CONTINUESESSION | attrs[i];
		as.a[0] = &a;
		as.n = 1;
		tamper_reset(&it.tp);
		assert_int_equal(mtpm_GetRandom(&it.ctx, &as, 16, &r), MTPM_E_USAGE);
		assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_GetRandom), 0);
		assert_int_equal(r.size, 0);
		if (s.active)
			mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	}
	assert_int_equal(itest_loaded(&it), 0);
}

/* Entropy (include/mtpm/crypto.h, random; threat E-1): a crypto table
 * with no platform source starts no session at all, and one whose random
 * draws on TPM output alone starts no SALTED session unless the caller
 * opted in - refused before a StartAuthSession goes out. */
static mtpm_rc tpm_pool_random(uint8_t *out, size_t len)
{
	/* Stands in for bytes an integrator fetched with TPM2_GetRandom. */
	static uint8_t ctr;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (uint8_t)(0xA5 ^ ctr++);
	return MTPM_OK;
}

static void test_entropy_source(void **state)
{
	const mtpm_crypto *real = it.ctx.crypto;
	mtpm_crypto none = *real, tpm_only = *real;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_session_opts o;
	uint32_t h = itest_srk(&it, 0, &pub, &name);
	unsigned sent;

	(void)state;
	none.random = NULL;
	tpm_only.random = tpm_pool_random;
	tpm_only.random_from_tpm = 1;
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = h;
	o.salt_pub = &pub.publicArea;

	sent = it.ctx.commands_sent;
	it.ctx.crypto = &none;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_E_ENTROPY);
	o.salt_key = 0;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_E_ENTROPY);
	o.salt_key = h;
	it.ctx.crypto = &tpm_only;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_E_ENTROPY);
	assert_int_equal(it.ctx.commands_sent, sent);   /* nothing went out */
	assert_int_equal(s.active, 0);

	/* The explicit opt-in, and an unsalted session, are allowed. */
	it.ctx.tpm_entropy_ok = 1;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	it.ctx.tpm_entropy_ok = 0;
	o.salt_key = 0;
	o.salt_pub = NULL;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	it.ctx.crypto = real;
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_srk_name),
		cmocka_unit_test(test_salted_ecc),
		cmocka_unit_test(test_salted_rsa),
		cmocka_unit_test(test_salted_ecc_aes256),
		cmocka_unit_test(test_tampered_response),
		cmocka_unit_test(test_bound_after_auth_change),
		cmocka_unit_test(test_policy_password_no_crypt),
		cmocka_unit_test(test_entropy_source),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
