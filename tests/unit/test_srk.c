/*
 * test_srk.c - unit tests for src/seal/srk.c, the TCG SRK templates.
 *
 * The Name of an SRK depends on the unique field the TPM fills in, so the
 * template cannot be checked by Name alone. Instead:
 *   - each template marshals to exactly the inPublic tpm2-tools sends for
 *     `tpm2_createprimary -C o -g sha256 -G ecc256:aes128cfb` (resp.
 *     rsa2048:aes128cfb) -a 'fixedtpm|fixedparent|sensitivedataorigin|
 *     userwithauth|noda|restricted|decrypt' -u <64 (256) zero bytes>,
 *     captured from swtpm 0.7.1/libtpms 0.9.2 with tpm2-tools 5.4 under
 *     TSS2_LOG=tcti+trace by tests/unit/golden/capture_srk.sh (frames in
 *     golden/srk_frames.txt). The ECC command is the one that made the
 *     kernel vector K1's SRK (its README, step 1);
 *   - the ECC template with the unique point of the kernel vector K1's
 *     srk.pub (the TPM's output) marshals to srk.pub byte for byte, and its
 *     Name is srk.name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/seal.h"
#include "mtpm/crypto.h"
#include "golden/marshal_golden.h"

/* golden/srk_frames.txt "srk_ecc 131 cmd" bytes 97..188: the inPublic (TPM2B_PUBLIC) tpm2_createprimary -C o -g sha256 -G ecc256:aes128cfb -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' -u <zeros> sent (ECC P-256 template) */
static const uint8_t g_srk_ecc_inpublic[92] = {
	0x00, 0x5a, 0x00, 0x23, 0x00, 0x0b, 0x00, 0x03, 0x04, 0x72, 0x00, 0x00,
	0x00, 0x06, 0x00, 0x80, 0x00, 0x43, 0x00, 0x10, 0x00, 0x03, 0x00, 0x10,
	0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* golden/srk_frames.txt "srk_rsa 131 cmd" bytes 97..380: the inPublic (TPM2B_PUBLIC) tpm2_createprimary -C o -g sha256 -G rsa2048:aes128cfb -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' -u <zeros> sent (RSA-2048 template) */
static const uint8_t g_srk_rsa_inpublic[284] = {
	0x01, 0x1a, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x03, 0x04, 0x72, 0x00, 0x00,
	0x00, 0x06, 0x00, 0x80, 0x00, 0x43, 0x00, 0x10, 0x08, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* kernel vector K1 srk.pub (sha256 3fc98f45...): TPM2B_PUBLIC of the SRK
 * at 0x81000001, tpm2_readpublic -o */
/* (the bytes are golden_kernel_srk_pub, tests/unit/golden/marshal_golden.h) */

/* kernel vector K1 srk.name (sha256 cb5c1d91...), tpm2_readpublic -n */
static const uint8_t k_srk_name[34] = {
	0x00, 0x0b, 0xcb, 0x63, 0x9e, 0x66, 0x4d, 0x5a, 0x20, 0xdb, 0x23, 0xad,
	0x93, 0x4c, 0x58, 0xfd, 0x0f, 0x07, 0x3f, 0x3c, 0x10, 0xb3, 0xf0, 0x0a,
	0x5f, 0x8d, 0x37, 0xad, 0xf8, 0xf8, 0x82, 0xd0, 0x81, 0x20,
};

static size_t marshal(const mtpm_TPM2B_PUBLIC *t, uint8_t *b, size_t cap)
{
	mtpm_cur c;

	mtpm_cur_init(&c, b, cap);
	mtpm_put_TPM2B_PUBLIC(&c, t);
	assert_int_equal(c.err, MTPM_OK);
	return c.pos;
}

static void test_ecc_template(void **state)
{
	mtpm_TPM2B_PUBLIC t, t2;
	uint8_t b[1024];
	size_t n;
	(void)state;

	memset(&t, 0xA5, sizeof(t));
	mtpm_srk_template_ecc(&t);
	n = marshal(&t, b, sizeof(b));
	assert_int_equal(n, sizeof(g_srk_ecc_inpublic));
	assert_memory_equal(b, g_srk_ecc_inpublic, n);
	/* the fields, as the TCG template names them */
	assert_int_equal(t.publicArea.type, MTPM_ALG_ECC);
	assert_int_equal(t.publicArea.nameAlg, MTPM_ALG_SHA256);
	assert_int_equal(t.publicArea.objectAttributes, 0x00030472);
	assert_int_equal(t.publicArea.authPolicy.size, 0);
	assert_int_equal(t.publicArea.parameters.eccDetail.curveID, MTPM_ECC_NIST_P256);
	/* whatever the memory held before, the same template */
	memset(&t2, 0x00, sizeof(t2));
	mtpm_srk_template_ecc(&t2);
	assert_memory_equal(&t, &t2, sizeof(t));
	/* it parses back to itself */
	{
		mtpm_cur c;

		mtpm_cur_init_ro(&c, g_srk_ecc_inpublic, sizeof(g_srk_ecc_inpublic));
		memset(&t2, 0, sizeof(t2));
		mtpm_get_TPM2B_PUBLIC(&c, &t2);
		assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
		t.size = t2.size;   /* the getter records the size it read */
		assert_memory_equal(&t.publicArea, &t2.publicArea, sizeof(t.publicArea));
	}
}

static void test_rsa_template(void **state)
{
	mtpm_TPM2B_PUBLIC t, t2;
	uint8_t b[1024];
	size_t n;
	(void)state;

	memset(&t, 0xA5, sizeof(t));
	mtpm_srk_template_rsa(&t);
	n = marshal(&t, b, sizeof(b));
	assert_int_equal(n, sizeof(g_srk_rsa_inpublic));
	assert_memory_equal(b, g_srk_rsa_inpublic, n);
	assert_int_equal(t.publicArea.type, MTPM_ALG_RSA);
	assert_int_equal(t.publicArea.objectAttributes, 0x00030472);
	assert_int_equal(t.publicArea.parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(t.publicArea.parameters.rsaDetail.exponent, 0);
	assert_int_equal(t.publicArea.unique.rsa.size, 256);
	memset(&t2, 0x00, sizeof(t2));
	mtpm_srk_template_rsa(&t2);
	assert_memory_equal(&t, &t2, sizeof(t));
}

/* The template with the TPM's unique point is the kernel SRK. */
static void test_kernel_srk(void **state)
{
	mtpm_TPM2B_PUBLIC t, k;
	mtpm_TPM2B_NAME name;
	uint8_t b[1024];
	mtpm_cur c;
	(void)state;

	mtpm_cur_init_ro(&c, golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub));
	mtpm_get_TPM2B_PUBLIC(&c, &k);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
	mtpm_srk_template_ecc(&t);
	/* everything but unique is the template's */
	assert_memory_not_equal(g_srk_ecc_inpublic, golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub));
	assert_memory_equal(g_srk_ecc_inpublic, golden_kernel_srk_pub, 26);
	t.publicArea.unique.ecc = k.publicArea.unique.ecc;
	assert_int_equal(marshal(&t, b, sizeof(b)), sizeof(golden_kernel_srk_pub));
	assert_memory_equal(b, golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub));
	assert_int_equal(mtpm_name_of_public(mtpm_crypto_bearssl(), &t.publicArea, &name),
			 MTPM_OK);
	assert_int_equal(name.size, sizeof(k_srk_name));
	assert_memory_equal(name.buffer, k_srk_name, sizeof(k_srk_name));
	/* the template's own Name (zero unique) is not the SRK's */
	mtpm_srk_template_ecc(&t);
	assert_int_equal(mtpm_name_of_public(mtpm_crypto_bearssl(), &t.publicArea, &name),
			 MTPM_OK);
	assert_memory_not_equal(name.buffer, k_srk_name, sizeof(k_srk_name));
}

/* What Create and CreatePrimary return must be the template sent, but for
 * unique: a TPM or an interposer that changes an attribute, the policy
 * or the parameters is refused (seal.c, threat-model T-PARENT-9). */
static void test_public_is_template(void **state)
{
	mtpm_TPM2B_PUBLIC t, got;

	(void)state;
	mtpm_srk_template_ecc(&t);
	got = t;
	memset(got.publicArea.unique.ecc.x.buffer, 0x11, 32);   /* the TPM's unique */
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_OK);
	got.publicArea.objectAttributes &= ~MTPM_OA_FIXEDTPM;
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_E_INTEGRITY);
	got = t;
	got.publicArea.parameters.eccDetail.symmetric.keyBits = 256;
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_E_INTEGRITY);
	got = t;
	got.publicArea.authPolicy.size = 32;
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_E_INTEGRITY);
	got = t;
	got.publicArea.nameAlg = MTPM_ALG_SHA1;
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_E_INTEGRITY);
	mtpm_srk_template_rsa(&got);   /* another type altogether */
	assert_int_equal(mtpm_public_is_template(&t, &got), MTPM_E_INTEGRITY);
}

/* A parent must be a storage key: restricted, decrypt, not sign, ECC or
 * RSA (seal.c is_storage_key). With its public area given at a
 * persistent handle, mtpm_parent_resolve_tmpl sends no command, so a
 * context without a transport shows the check alone. */
static mtpm_rc resolve_with_attrs(uint32_t set, uint32_t clear, uint16_t type)
{
	mtpm_ctx ctx;
	mtpm_parent pa;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_rc rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.crypto = mtpm_crypto_bearssl();
	mtpm_srk_template_ecc(&pub);
	pub.publicArea.objectAttributes = (pub.publicArea.objectAttributes | set) & ~clear;
	if (type)
		pub.publicArea.type = type;
	rc = mtpm_parent_resolve_tmpl(&ctx, 0x81000001u, NULL, &pub, NULL,
				      MTPM_TRUST_TPM_PARENT, &pa);
	if (rc == MTPM_OK)
		assert_int_equal(pa.handle, 0x81000001u);
	else
		assert_int_equal(pa.handle, 0);   /* released: wiped */
	return rc;
}

static void test_parent_storage_key(void **state)
{
	(void)state;
	assert_int_equal(resolve_with_attrs(0, 0, 0), MTPM_OK);
	assert_int_equal(resolve_with_attrs(0, 0, MTPM_ALG_RSA), MTPM_OK);
	assert_int_equal(resolve_with_attrs(MTPM_OA_SIGN_ENCRYPT, 0, 0), MTPM_E_USAGE);
	assert_int_equal(resolve_with_attrs(0, MTPM_OA_RESTRICTED, 0), MTPM_E_USAGE);
	assert_int_equal(resolve_with_attrs(0, MTPM_OA_DECRYPT, 0), MTPM_E_USAGE);
	assert_int_equal(resolve_with_attrs(MTPM_OA_SIGN_ENCRYPT, MTPM_OA_DECRYPT, 0),
			 MTPM_E_USAGE);
	assert_int_equal(resolve_with_attrs(0, 0, MTPM_ALG_KEYEDHASH), MTPM_E_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_is_template),
		cmocka_unit_test(test_ecc_template),
		cmocka_unit_test(test_rsa_template),
		cmocka_unit_test(test_kernel_srk),
		cmocka_unit_test(test_parent_storage_key),
	};
	return cmocka_run_group_tests_name("srk", tests, NULL, NULL);
}
