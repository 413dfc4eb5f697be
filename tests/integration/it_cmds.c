/*
 * it_cmds.c - the commands no other integration test drives, each against
 * swtpm: Shutdown / Startup across a power cycle (swtpm's control
 * channel), SelfTest, StirRandom (its input encrypted), LoadExternal and
 * VerifySignature with a signature OpenSSL made, DictionaryAttackLockReset,
 * and ContextSave / ContextLoad round trips; and the command table
 * against the TPM's TPM_CAP_COMMANDS attributes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include "itest.h"

static itest it;

/* Part 3 §9.4 / §9.3: Shutdown(CLEAR), power cycle, Startup(CLEAR). */
static void test_shutdown_startup(void **state)
{
	mtpm_TPM2B_DIGEST r;

	(void)state;
	assert_int_equal(mtpm_Startup(&it.ctx, MTPM_SU_CLEAR), MTPM_RC_INITIALIZE);
	assert_int_equal(mtpm_Shutdown(&it.ctx, MTPM_SU_CLEAR), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(&it.tcti), MTPM_OK);
	itest_reopen(&it);
	/* After _TPM_Init the TPM takes nothing but Startup. */
	assert_int_equal(mtpm_GetRandom(&it.ctx, NULL, 8, &r), MTPM_RC_INITIALIZE);
	assert_int_equal(r.size, 0);
	assert_int_equal(mtpm_Startup(&it.ctx, MTPM_SU_CLEAR), MTPM_OK);
	assert_int_equal(mtpm_GetRandom(&it.ctx, NULL, 8, &r), MTPM_OK);
	assert_int_equal(r.size, 8);
}

/* Part 3 §10.2 */
static void test_selftest(void **state)
{
	(void)state;
	assert_int_equal(mtpm_SelfTest(&it.ctx, 1), MTPM_OK);
	assert_int_equal(mtpm_SelfTest(&it.ctx, 0), MTPM_OK);
}

/* Part 3 §16.2, with inData encrypted by a salted session: the bytes
 * never cross the bus in clear. */
static void test_stirrandom(void **state)
{
	mtpm_TPM2B_SENSITIVE_DATA in;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth a;
	mtpm_auths as;
	uint32_t h;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.size = 24;
	memcpy(in.buffer, "stir-random-entropy-1234", 24);
	assert_int_equal(mtpm_StirRandom(&it.ctx, NULL, &in), MTPM_OK);
	h = itest_srk(&it, 0, &pub, &name);
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = h;
	o.salt_pub = &pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_DECRYPT;    /* session ends with the command */
	as.a[0] = &a;
	as.n = 1;
	tamper_reset(&it.tp);
	assert_int_equal(mtpm_StirRandom(&it.ctx, &as, &in), MTPM_OK);
	assert_false(itest_seen(&it, in.buffer, in.size));
	assert_int_equal(s.active, 0);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

/* An OpenSSL P-256 key as the TPM2B_PUBLIC LoadExternal takes. */
static EVP_PKEY *make_key(mtpm_TPM2B_PUBLIC *pub)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	BIGNUM *x = NULL, *y = NULL;
	mtpm_TPMT_PUBLIC *p = &pub->publicArea;

	assert_non_null(k);
	assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, &y), 1);
	memset(pub, 0, sizeof(*pub));
	p->type = MTPM_ALG_ECC;
	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = MTPM_OA_SIGN_ENCRYPT | MTPM_OA_USERWITHAUTH;
	p->parameters.eccDetail.symmetric.algorithm = MTPM_ALG_NULL;
	p->parameters.eccDetail.scheme.scheme = MTPM_ALG_NULL;
	p->parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
	p->unique.ecc.x.size = 32;
	p->unique.ecc.y.size = 32;
	assert_int_equal(BN_bn2binpad(x, p->unique.ecc.x.buffer, 32), 32);
	assert_int_equal(BN_bn2binpad(y, p->unique.ecc.y.buffer, 32), 32);
	BN_free(x);
	BN_free(y);
	return k;
}

/* ECDSA over a raw 32-byte digest, as TPMT_SIGNATURE r and s. */
static void sign_digest(EVP_PKEY *k, const uint8_t d[32], mtpm_TPMT_SIGNATURE *sig)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
	uint8_t der[80];
	const uint8_t *pp = der;
	size_t n = sizeof(der);
	ECDSA_SIG *es;
	const BIGNUM *r, *s;

	assert_non_null(c);
	assert_int_equal(EVP_PKEY_sign_init(c), 1);
	assert_int_equal(EVP_PKEY_sign(c, der, &n, d, 32), 1);
	EVP_PKEY_CTX_free(c);
	es = d2i_ECDSA_SIG(NULL, &pp, (long)n);
	assert_non_null(es);
	ECDSA_SIG_get0(es, &r, &s);
	memset(sig, 0, sizeof(*sig));
	sig->sigAlg = MTPM_ALG_ECDSA;
	sig->hash = MTPM_ALG_SHA256;
	sig->signature.ecc.r.size = 32;
	sig->signature.ecc.s.size = 32;
	assert_int_equal(BN_bn2binpad(r, sig->signature.ecc.r.buffer, 32), 32);
	assert_int_equal(BN_bn2binpad(s, sig->signature.ecc.s.buffer, 32), 32);
	ECDSA_SIG_free(es);
}

/* Part 3 §12.3 and §20.1: a good signature gets a ticket, a bad one
 * TPM_RC_SIGNATURE; the Name LoadExternal returns is the one we compute. */
static void test_loadexternal_verifysignature(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name, mine;
	mtpm_TPM2B_DIGEST digest;
	mtpm_TPMT_SIGNATURE sig;
	mtpm_TPMT_TK_VERIFIED tk;
	EVP_PKEY *k;
	uint32_t h = 0;
	mtpm_rc rc;

	(void)state;
	k = make_key(&pub);
	assert_int_equal(mtpm_LoadExternal(&it.ctx, &pub, MTPM_RH_OWNER, &h, &name), MTPM_OK);
	assert_int_equal(mtpm_name_of_public(it.ctx.crypto, &pub.publicArea, &mine), MTPM_OK);
	assert_int_equal(name.size, mine.size);
	assert_memory_equal(name.buffer, mine.buffer, name.size);

	memset(&digest, 0, sizeof(digest));
	digest.size = 32;
	memset(digest.buffer, 0x5a, 32);
	sign_digest(k, digest.buffer, &sig);
	EVP_PKEY_free(k);

	assert_int_equal(mtpm_VerifySignature(&it.ctx, h, &digest, &sig, &tk), MTPM_OK);
	assert_int_equal(tk.tag, MTPM_ST_VERIFIED);
	assert_int_equal(tk.hierarchy, MTPM_RH_OWNER);
	assert_true(tk.digest.size >= 32);   /* an HMAC under the TPM's proof value */
	digest.buffer[0] ^= 1;
	rc = mtpm_VerifySignature(&it.ctx, h, &digest, &sig, &tk);
	assert_int_equal(mtpm_rc_base(rc), 0x09B);   /* TPM_RC_SIGNATURE */
	assert_int_equal(tk.tag, 0);                  /* output zeroed */
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

/* Part 3 §25.2 with the (empty) lockout authorization. */
static void test_da_lock_reset(void **state)
{
	(void)state;
	assert_int_equal(mtpm_DictionaryAttackLockReset(&it.ctx, NULL), MTPM_OK);
}

/* Part 3 §28.2 / §28.3: save an object, flush it, load it back. */
static void test_context_save_load(void **state)
{
	static mtpm_TPMS_CONTEXT c;
	mtpm_TPM2B_PUBLIC pub, pub2;
	mtpm_TPM2B_NAME name, name2;
	uint32_t h = itest_srk(&it, 0, &pub, &name), h2 = 0;

	(void)state;
	assert_int_equal(mtpm_ContextSave(&it.ctx, h, &c), MTPM_OK);
	assert_int_equal(c.savedHandle >> 24, MTPM_HT_TRANSIENT);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
	assert_int_equal(mtpm_ContextLoad(&it.ctx, &c, &h2), MTPM_OK);
	assert_int_equal(h2 >> 24, MTPM_HT_TRANSIENT);
	assert_int_equal(mtpm_ReadPublic(&it.ctx, h2, NULL, &pub2, &name2, NULL), MTPM_OK);
	assert_int_equal(name2.size, name.size);
	assert_memory_equal(name2.buffer, name.buffer, name.size);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h2), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
}

/* The command table against the TPM's own description of its commands
 * (Part 3 §30.2 TPM2_GetCapability(TPM_CAP_COMMANDS); Part 2 §8.9
 * TPMA_CC: commandIndex bits 0-15, cHandles bits 25-27, rHandle bit
 * 28). Every row must name a command the TPM implements, with the
 * handle count and response handle the TPM reports. */
static void test_table_vs_capability(void **state)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	static uint32_t attr[0x200];   /* by commandIndex; 0: not reported */
	uint32_t next = MTPM_CC_NV_UndefineSpaceSpecial;
	uint8_t more = 1;
	size_t i, checked = 0;

	(void)state;
	memset(attr, 0, sizeof(attr));
	while (more) {
		uint32_t k;

		assert_int_equal(mtpm_GetCapability(&it.ctx, MTPM_CAP_COMMANDS, next,
						    MTPM_MAX_CAP_CC, &more, &cap), MTPM_OK);
		assert_int_equal(cap.capability, MTPM_CAP_COMMANDS);
		assert_true(cap.count > 0 || !more);
		for (k = 0; k < cap.count; k++) {
			uint32_t idx = cap.data.command[k] & 0xFFFFu;

			assert_true(idx < 0x200);
			attr[idx] = cap.data.command[k] | 0x80000000u;   /* mark seen */
			next = idx + 1;
		}
		if (cap.count == 0)
			break;
	}
	for (i = 0; i < mtpm_cmd_table_len; i++) {
		const mtpm_cmd_desc *d = mtpm_cmd_table[i];
		uint32_t a = attr[d->cc & 0x1FFu];

		assert_true(d->cc < 0x200);
		if (!(a & 0x80000000u))
			fail_msg("row %s (0x%03x): the TPM does not implement it", d->name,
				 (unsigned)d->cc);
		if (((a >> 25) & 7u) != d->nh)
			fail_msg("row %s: %u handles, the TPM says cHandles %u", d->name,
				 (unsigned)d->nh, (unsigned)((a >> 25) & 7u));
		if (((a >> 28) & 1u) != d->rnh)
			fail_msg("row %s: %u response handles, the TPM says rHandle %u",
				 d->name, (unsigned)d->rnh, (unsigned)((a >> 28) & 1u));
		checked++;
	}
	assert_int_equal(checked, mtpm_cmd_table_len);
	assert_true(checked >= 36);
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
		cmocka_unit_test(test_shutdown_startup),
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_stirrandom),
		cmocka_unit_test(test_loadexternal_verifysignature),
		cmocka_unit_test(test_da_lock_reset),
		cmocka_unit_test(test_context_save_load),
		cmocka_unit_test(test_table_vs_capability),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
