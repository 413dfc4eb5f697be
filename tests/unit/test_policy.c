/*
 * test_policy.c - unit tests for the offline policy calculator
 * (src/session/policy.c: mtpm_policy_init, mtpm_policy_calc,
 * mtpm_policy_pcr_digest, mtpm_policy_ahash) and the sealed object's
 * authPolicy (src/seal/seal.c: mtpm_seal_policy_digest).
 *
 * Evidence, independent of the code under test:
 *   - two published constants: PolicyAuthValue's SHA-256 digest
 *     8fcd2169...dddb0e (SHA256(32 zero bytes || 0000016B); it is the
 *     authPolicy tpm2_policyauthvalue prints and the TCG uses), and the TCG
 *     EK Credential Profile's "PolicyA" 83719767...1469aa, which is
 *     PolicySecret(TPM_RH_ENDORSEMENT) from zero;
 *   - every other expected digest is recomputed here with OpenSSL's EVP
 *     from the formulas of Part 3 §23 (each step's "policyDigest_new" line
 *     and §23.2.3 PolicyUpdate), with the marshalling written out byte by
 *     byte, not through mtpm's marshal code;
 *   - the calculator runs on both backends (BearSSL, and OpenSSL through
 *     tests/support/crypto_openssl.c).
 * The calculator is compared with the TPM's own PolicyGetDigest in the
 * integration tests; here it is checked alone.
 *
 * Also here: the CLI's PCR selection parser (src/cli/util.c,
 * cli_parse_pcr_selection), the input of every PolicyPCR step the CLI
 * builds - its syntax, and a refusal for every bound it checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "crypto_openssl.h"
#include "mtpm/seal.h"
/* The CLI's PCR selection parser: CLI code, included whole (it depends on
 * nothing else in src/cli). */
#include "../../src/cli/util.c"

static const uint8_t auth_value_sha256[32] = {
	0x8f, 0xcd, 0x21, 0x69, 0xab, 0x92, 0x69, 0x4e, 0x0c, 0x63, 0x3f, 0x1a,
	0xb7, 0x72, 0x84, 0x2b, 0x82, 0x41, 0xbb, 0xc2, 0x02, 0x88, 0x98, 0x1f,
	0xc7, 0xac, 0x1e, 0xdd, 0xc1, 0xfd, 0xdb, 0x0e,
};

/* TCG EK Credential Profile 2.0, PolicyA (SHA-256) */
static const uint8_t ek_policy_a[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d,
	0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64,
	0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};

static const uint16_t algs[] = { MTPM_ALG_SHA1, MTPM_ALG_SHA256,
				 MTPM_ALG_SHA384, MTPM_ALG_SHA512 };
#define NALGS (sizeof(algs) / sizeof(algs[0]))

/* --- OpenSSL reference --------------------------------------------------- */

/* A message built byte by byte. */
typedef struct {
	uint8_t b[2048];
	size_t n;
} msg;

static void m_bytes(msg *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	if (n)
		memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void m_u32(msg *m, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
			 (uint8_t)v };
	m_bytes(m, b, 4);
}

static size_t ossl(uint16_t alg, const msg *m, uint8_t *out)
{
	const EVP_MD *md = EVP_get_digestbyname(test_openssl_md_name(alg));
	unsigned len = 0;

	assert_non_null(md);
	assert_int_equal(EVP_Digest(m->b, m->n, out, &len, md, NULL), 1);
	return len;
}

/* ref = H(ref || cc || extra) */
static void ref_extend(uint16_t alg, uint8_t *ref, uint32_t cc, const void *extra,
		       size_t n)
{
	msg m = { .n = 0 };
	size_t dl = mtpm_hash_size(alg);

	m_bytes(&m, ref, dl);
	m_u32(&m, cc);
	m_bytes(&m, extra, n);
	ossl(alg, &m, ref);
}

/* ref = H(ref || ref2) */
static void ref_extend_ref(uint16_t alg, uint8_t *ref, const void *r, size_t n)
{
	msg m = { .n = 0 };

	m_bytes(&m, ref, mtpm_hash_size(alg));
	m_bytes(&m, r, n);
	ossl(alg, &m, ref);
}

static const mtpm_crypto *backend(int i)
{
	return i ? test_crypto_openssl() : mtpm_crypto_bearssl();
}

static void calc_ok(int be, uint16_t alg, mtpm_TPM2B_DIGEST *d, const mtpm_policy_step *st)
{
	assert_int_equal(mtpm_policy_calc(backend(be), alg, d, st), MTPM_OK);
	assert_int_equal(d->size, mtpm_hash_size(alg));
}

static void fresh(uint16_t alg, mtpm_TPM2B_DIGEST *d, uint8_t *ref)
{
	assert_int_equal(mtpm_policy_init(alg, d), MTPM_OK);
	memset(ref, 0, MTPM_MAX_DIGEST);
}

/* --- known answers -------------------------------------------------------- */

static void test_init(void **state)
{
	mtpm_TPM2B_DIGEST d;
	unsigned i;
	(void)state;

	for (i = 0; i < NALGS; i++) {
		memset(&d, 0xA5, sizeof(d));
		assert_int_equal(mtpm_policy_init(algs[i], &d), MTPM_OK);
		assert_int_equal(d.size, mtpm_hash_size(algs[i]));
		assert_true(d.size == 20 || d.size == 32 || d.size == 48 || d.size == 64);
		for (unsigned k = 0; k < sizeof(d.buffer); k++)
			assert_int_equal(d.buffer[k], 0);
	}
	memset(&d, 0xA5, sizeof(d));
	assert_int_equal(mtpm_policy_init(MTPM_ALG_NULL, &d), MTPM_E_UNSUPPORTED);
	assert_int_equal(d.size, 0);
	assert_int_equal(d.buffer[0], 0);
}

static void test_auth_value(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	uint8_t ref[MTPM_MAX_DIGEST];
	msg m = { .n = 0 };
	unsigned i;
	int be;
	(void)state;

	/* the published constant is SHA256(0^32 || 0000016B) */
	memset(ref, 0, sizeof(ref));
	m_bytes(&m, ref, 32);
	m_u32(&m, 0x16B);
	assert_int_equal(ossl(MTPM_ALG_SHA256, &m, ref), 32);
	assert_memory_equal(ref, auth_value_sha256, 32);

	memset(&st, 0, sizeof(st));
	for (be = 0; be < 2; be++) {
		st.cc = MTPM_CC_PolicyAuthValue;
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		assert_memory_equal(d.buffer, auth_value_sha256, 32);
		/* PolicyPassword extends with CC_PolicyAuthValue too (Part 3
		 * §23.18), so the two are interchangeable in a policy */
		st.cc = MTPM_CC_PolicyPassword;
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		assert_memory_equal(d.buffer, auth_value_sha256, 32);
		/* every bank */
		for (i = 0; i < NALGS; i++) {
			fresh(algs[i], &d, ref);
			st.cc = MTPM_CC_PolicyAuthValue;
			calc_ok(be, algs[i], &d, &st);
			ref_extend(algs[i], ref, MTPM_CC_PolicyAuthValue, NULL, 0);
			assert_memory_equal(d.buffer, ref, d.size);
		}
	}
}

static void test_command_code(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	uint8_t ref[MTPM_MAX_DIGEST], code[4] = { 0, 0, 0x01, 0x5E };
	int be;
	(void)state;

	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyCommandCode;
	st.u.cc.code = MTPM_CC_Unseal;
	for (be = 0; be < 2; be++) {
		fresh(MTPM_ALG_SHA256, &d, ref);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ref_extend(MTPM_ALG_SHA256, ref, 0x16C, code, 4);
		assert_memory_equal(d.buffer, ref, 32);
		/* then PolicyAuthValue on top: order matters */
		st.cc = MTPM_CC_PolicyAuthValue;
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ref_extend(MTPM_ALG_SHA256, ref, 0x16B, NULL, 0);
		assert_memory_equal(d.buffer, ref, 32);
		st.cc = MTPM_CC_PolicyCommandCode;
	}
}

/* PCRs 0, 7 and 16 of SHA-256 and PCR 7 of SHA-1 */
static void pcr_sel(mtpm_TPML_PCR_SELECTION *s, msg *m)
{
	static const uint8_t wire[] = {
		0x00, 0x00, 0x00, 0x02,                       /* count */
		0x00, 0x0b, 0x03, 0x81, 0x00, 0x01,           /* sha256: 0, 7, 16 */
		0x00, 0x04, 0x03, 0x80, 0x00, 0x00,           /* sha1: 7 */
	};
	memset(s, 0, sizeof(*s));
	s->count = 2;
	s->pcrSelections[0].hash = MTPM_ALG_SHA256;
	s->pcrSelections[0].sizeofSelect = 3;
	s->pcrSelections[0].pcrSelect[0] = 0x81;
	s->pcrSelections[0].pcrSelect[2] = 0x01;
	s->pcrSelections[1].hash = MTPM_ALG_SHA1;
	s->pcrSelections[1].sizeofSelect = 3;
	s->pcrSelections[1].pcrSelect[0] = 0x80;
	m_bytes(m, wire, sizeof(wire));
}

static void test_pcr(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d, pd;
	mtpm_TPML_DIGEST vals[2];
	uint8_t ref[MTPM_MAX_DIGEST], refpd[MTPM_MAX_DIGEST];
	msg selm = { .n = 0 }, vm = { .n = 0 }, ext = { .n = 0 };
	unsigned i;
	int be;
	(void)state;

	/* PCR values: 3 SHA-256 values then one SHA-1, in selection order */
	memset(vals, 0, sizeof(vals));
	vals[0].count = 3;
	for (i = 0; i < 3; i++) {
		vals[0].digests[i].size = 32;
		memset(vals[0].digests[i].buffer, 0x10 + (int)i, 32);
		m_bytes(&vm, vals[0].digests[i].buffer, 32);
	}
	vals[1].count = 1;
	vals[1].digests[0].size = 20;
	memset(vals[1].digests[0].buffer, 0x77, 20);
	m_bytes(&vm, vals[1].digests[0].buffer, 20);

	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyPCR;
	pcr_sel(&st.u.pcr.pcrs, &selm);
	for (be = 0; be < 2; be++) {
		/* Part 3 §23.7: pcrDigest = H(values), then
		 * policyDigest_new = H(old || CC || pcrs || pcrDigest) */
		assert_int_equal(mtpm_policy_pcr_digest(backend(be), MTPM_ALG_SHA256, vals, 2,
							&pd), MTPM_OK);
		ossl(MTPM_ALG_SHA256, &vm, refpd);
		assert_int_equal(pd.size, 32);
		assert_memory_equal(pd.buffer, refpd, 32);

		st.u.pcr.pcrDigest = pd;
		fresh(MTPM_ALG_SHA256, &d, ref);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ext.n = 0;
		m_bytes(&ext, selm.b, selm.n);
		m_bytes(&ext, refpd, 32);
		ref_extend(MTPM_ALG_SHA256, ref, 0x17F, ext.b, ext.n);
		assert_memory_equal(d.buffer, ref, 32);
	}
	/* a SHA-384 policy: pcrDigest must be SHA-384 too */
	assert_int_equal(mtpm_policy_pcr_digest(mtpm_crypto_bearssl(), MTPM_ALG_SHA384, vals, 2,
						&pd), MTPM_OK);
	assert_int_equal(pd.size, 48);
	ossl(MTPM_ALG_SHA384, &vm, refpd);
	assert_memory_equal(pd.buffer, refpd, 48);
	st.u.pcr.pcrDigest = pd;
	fresh(MTPM_ALG_SHA384, &d, ref);
	calc_ok(0, MTPM_ALG_SHA384, &d, &st);
	ext.n = 0;
	m_bytes(&ext, selm.b, selm.n);
	m_bytes(&ext, refpd, 48);
	ref_extend(MTPM_ALG_SHA384, ref, 0x17F, ext.b, ext.n);
	assert_memory_equal(d.buffer, ref, 48);

	/* PCR values: nothing selected hashes the empty string */
	assert_int_equal(mtpm_policy_pcr_digest(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, vals, 0,
						&pd), MTPM_OK);
	vm.n = 0;
	ossl(MTPM_ALG_SHA256, &vm, refpd);
	assert_memory_equal(pd.buffer, refpd, 32);
	/* rejects: a list count over the bound, an unknown hash; out zero */
	vals[1].count = MTPM_MAX_DIGESTS + 1;
	memset(&pd, 0xA5, sizeof(pd));
	assert_int_equal(mtpm_policy_pcr_digest(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, vals, 2,
						&pd), MTPM_E_USAGE);
	assert_int_equal(pd.size, 0);
	vals[1].count = 1;
	memset(&pd, 0xA5, sizeof(pd));
	assert_int_not_equal(mtpm_policy_pcr_digest(mtpm_crypto_bearssl(), MTPM_ALG_NULL, vals, 2,
						    &pd), MTPM_OK);
	assert_int_equal(pd.size, 0);
}

static void test_or(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	uint8_t ref[MTPM_MAX_DIGEST];
	msg m;
	unsigned n, i;
	int be;
	(void)state;

	for (be = 0; be < 2; be++) {
		for (n = 2; n <= MTPM_MAX_POLICY_OR; n++) {
			memset(&st, 0, sizeof(st));
			st.cc = MTPM_CC_PolicyOR;
			st.u.or.pHashList.count = n;
			m.n = 0;
			for (i = 0; i < n; i++) {
				st.u.or.pHashList.digests[i].size = 32;
				memset(st.u.or.pHashList.digests[i].buffer, (int)(i * 17 + 1), 32);
				m_bytes(&m, st.u.or.pHashList.digests[i].buffer, 32);
			}
			/* PolicyOR starts from zero whatever came before */
			assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
			memset(d.buffer, 0x42, 32);
			memset(ref, 0, sizeof(ref));
			calc_ok(be, MTPM_ALG_SHA256, &d, &st);
			ref_extend(MTPM_ALG_SHA256, ref, 0x171, m.b, m.n);
			assert_memory_equal(d.buffer, ref, 32);
		}
	}
}

static void test_authorize(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d, ah;
	uint8_t ref[MTPM_MAX_DIGEST];
	msg m = { .n = 0 };
	int be;
	(void)state;

	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyAuthorize;
	/* keySign: a SHA-256 Name (the kernel vector SRK's, any will do) */
	{
		static const uint8_t name[34] = {
			0x00, 0x0b, 0xcb, 0x63, 0x9e, 0x66, 0x4d, 0x5a, 0x20, 0xdb,
			0x23, 0xad, 0x93, 0x4c, 0x58, 0xfd, 0x0f, 0x07, 0x3f, 0x3c,
			0x10, 0xb3, 0xf0, 0x0a, 0x5f, 0x8d, 0x37, 0xad, 0xf8, 0xf8,
			0x82, 0xd0, 0x81, 0x20,
		};
		st.u.authorize.keySign.size = 34;
		memcpy(st.u.authorize.keySign.buffer, name, 34);
	}
	st.u.authorize.policyRef.size = 5;
	memcpy(st.u.authorize.policyRef.buffer, "boot1", 5);
	for (be = 0; be < 2; be++) {
		/* Part 3 §23.16: from zero, H(0 || CC || keySign.name), then
		 * H(d || policyRef) */
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		memset(d.buffer, 0x42, 32);
		memset(ref, 0, sizeof(ref));
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ref_extend(MTPM_ALG_SHA256, ref, 0x16A, st.u.authorize.keySign.buffer, 34);
		ref_extend_ref(MTPM_ALG_SHA256, ref, "boot1", 5);
		assert_memory_equal(d.buffer, ref, 32);
		/* an empty policyRef still takes the second hash */
		st.u.authorize.policyRef.size = 0;
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		memset(ref, 0, sizeof(ref));
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ref_extend(MTPM_ALG_SHA256, ref, 0x16A, st.u.authorize.keySign.buffer, 34);
		ref_extend_ref(MTPM_ALG_SHA256, ref, NULL, 0);
		assert_memory_equal(d.buffer, ref, 32);
		st.u.authorize.policyRef.size = 5;
	}
	/* aHash = H(approvedPolicy || policyRef) */
	d.size = 32;
	memcpy(d.buffer, auth_value_sha256, 32);
	m_bytes(&m, auth_value_sha256, 32);
	m_bytes(&m, "boot1", 5);
	ossl(MTPM_ALG_SHA256, &m, ref);
	for (be = 0; be < 2; be++) {
		memset(&ah, 0xA5, sizeof(ah));
		assert_int_equal(mtpm_policy_ahash(backend(be), MTPM_ALG_SHA256, &d,
						   &st.u.authorize.policyRef, &ah), MTPM_OK);
		assert_int_equal(ah.size, 32);
		assert_memory_equal(ah.buffer, ref, 32);
	}
	memset(&ah, 0xA5, sizeof(ah));
	assert_int_not_equal(mtpm_policy_ahash(mtpm_crypto_bearssl(), MTPM_ALG_NULL, &d,
					       &st.u.authorize.policyRef, &ah), MTPM_OK);
	assert_int_equal(ah.size, 0);
}

static void test_secret(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	uint8_t ref[MTPM_MAX_DIGEST];
	static const uint8_t owner[4] = { 0x40, 0x00, 0x00, 0x01 };
	int be;
	(void)state;

	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicySecret;
	st.u.secret.authHandle = MTPM_RH_OWNER;
	mtpm_name_of_handle(MTPM_RH_ENDORSEMENT, &st.u.secret.authName);
	for (be = 0; be < 2; be++) {
		/* the EK profile's PolicyA */
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		assert_memory_equal(d.buffer, ek_policy_a, 32);
	}
	/* owner, with a policyRef, after PolicyAuthValue: not from zero */
	mtpm_name_of_handle(MTPM_RH_OWNER, &st.u.secret.authName);
	st.u.secret.policyRef.size = 3;
	memcpy(st.u.secret.policyRef.buffer, "ref", 3);
	for (be = 0; be < 2; be++) {
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		memcpy(d.buffer, auth_value_sha256, 32);
		memcpy(ref, auth_value_sha256, 32);
		calc_ok(be, MTPM_ALG_SHA256, &d, &st);
		ref_extend(MTPM_ALG_SHA256, ref, 0x151, owner, 4);
		ref_extend_ref(MTPM_ALG_SHA256, ref, "ref", 3);
		assert_memory_equal(d.buffer, ref, 32);
	}
}

/* --- rejects: the digest is left as it was ------------------------------- */

static void expect_reject(uint16_t alg, const mtpm_TPM2B_DIGEST *d0,
			  const mtpm_policy_step *st, mtpm_rc want)
{
	mtpm_TPM2B_DIGEST d = *d0;

	assert_int_equal(mtpm_policy_calc(mtpm_crypto_bearssl(), alg, &d, st), want);
	assert_memory_equal(&d, d0, sizeof(d));
}

static void test_rejects(void **state)
{
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	unsigned i;
	(void)state;

	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
	memcpy(d.buffer, auth_value_sha256, 32);

	/* PolicyOR with 0, 1 or 9 digests, or one of the wrong size */
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyOR;
	for (i = 0; i < MTPM_MAX_DIGESTS; i++)
		st.u.or.pHashList.digests[i].size = 32;
	st.u.or.pHashList.count = 0;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.count = 1;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.count = MTPM_MAX_POLICY_OR + 1;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.count = 0xFFFFFFFFu;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.count = 3;
	st.u.or.pHashList.digests[2].size = 20;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.digests[2].size = 33;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.or.pHashList.digests[2].size = 0;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);

	/* PolicyPCR without (or with a wrong-size) pcrDigest */
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyPCR;
	pcr_sel(&st.u.pcr.pcrs, &(msg){ .n = 0 });
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	st.u.pcr.pcrDigest.size = 20;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	/* ... or a selection that does not marshal */
	st.u.pcr.pcrDigest.size = 32;
	st.u.pcr.pcrs.count = MTPM_MAX_BANKS + 1;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);

	/* commands the calculator does not know */
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicySigned;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_UNSUPPORTED);
	st.cc = MTPM_CC_PolicyNV;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_UNSUPPORTED);
	st.cc = 0;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_UNSUPPORTED);

	/* a digest of the wrong size for alg, or of none; no crypto */
	st.cc = MTPM_CC_PolicyAuthValue;
	d.size = 20;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	d.size = 0;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	expect_reject(MTPM_ALG_NULL, &d, &st, MTPM_E_USAGE);
	d.size = 48;
	expect_reject(MTPM_ALG_SHA256, &d, &st, MTPM_E_USAGE);
	d.size = 32;
	{
		mtpm_TPM2B_DIGEST d2 = d;
		assert_int_equal(mtpm_policy_calc(NULL, MTPM_ALG_SHA256, &d2, &st), MTPM_E_USAGE);
		assert_memory_equal(&d2, &d, sizeof(d));
	}
}

/* --- mtpm_seal_policy_digest --------------------------------------------- */

static void test_seal_policy_digest(void **state)
{
	mtpm_keyfile_policy p;
	mtpm_TPM2B_DIGEST d, want;
	mtpm_TPM2B_NAME kname;
	mtpm_policy_step st;
	const mtpm_crypto *cr = mtpm_crypto_bearssl();
	unsigned i;
	(void)state;

	/* no policy: zeros, or PolicyAuthValue alone with a PIN */
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, NULL, 0, &d), MTPM_OK);
	assert_int_equal(d.size, 32);
	for (i = 0; i < 32; i++)
		assert_int_equal(d.buffer[i], 0);
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, NULL, 1, &d), MTPM_OK);
	assert_memory_equal(d.buffer, auth_value_sha256, 32);

	/* PCR, CommandCode, OR, CommandCode: the steps before the OR do not
	 * count; add_auth_value appends PolicyAuthValue */
	memset(&p, 0, sizeof(p));
	p.nsteps = 4;
	p.steps[0].cc = MTPM_CC_PolicyPCR;
	pcr_sel(&p.steps[0].u.pcr.pcrs, &(msg){ .n = 0 });
	p.steps[0].u.pcr.pcrDigest.size = 32;
	p.steps[1].cc = MTPM_CC_PolicyCommandCode;
	p.steps[1].u.cc.code = MTPM_CC_Create;
	p.steps[2].cc = MTPM_CC_PolicyOR;
	p.steps[2].u.or.pHashList.count = 2;
	p.steps[2].u.or.pHashList.digests[0].size = 32;
	p.steps[2].u.or.pHashList.digests[1].size = 32;
	memset(p.steps[2].u.or.pHashList.digests[1].buffer, 1, 32);
	p.steps[3].cc = MTPM_CC_PolicyCommandCode;
	p.steps[3].u.cc.code = MTPM_CC_Unseal;
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &want), MTPM_OK);
	calc_ok(0, MTPM_ALG_SHA256, &want, &p.steps[2]);
	calc_ok(0, MTPM_ALG_SHA256, &want, &p.steps[3]);
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);
	/* changing a step before the OR changes nothing */
	p.steps[1].u.cc.code = MTPM_CC_Load;
	p.steps[0].u.pcr.pcrDigest.buffer[0] = 1;
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyAuthValue;
	calc_ok(0, MTPM_ALG_SHA256, &want, &st);
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 1, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);
	/* without an OR every step counts, in order */
	p.nsteps = 2;
	p.steps[1].u.cc.code = MTPM_CC_Unseal;
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &want), MTPM_OK);
	calc_ok(0, MTPM_ALG_SHA256, &want, &p.steps[0]);
	calc_ok(0, MTPM_ALG_SHA256, &want, &p.steps[1]);
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);

	/* PolicyPCR, PolicyAuthorize: keySign is the Name of auth.key */
	memset(&p, 0, sizeof(p));
	p.nsteps = 2;
	p.steps[0].cc = MTPM_CC_PolicyPCR;
	pcr_sel(&p.steps[0].u.pcr.pcrs, &(msg){ .n = 0 });
	p.steps[0].u.pcr.pcrDigest.size = 32;
	p.steps[1].cc = MTPM_CC_PolicyAuthorize;
	p.steps[1].u.authorize.policyRef.size = 2;
	p.auth.key.publicArea.type = MTPM_ALG_ECC;
	p.auth.key.publicArea.nameAlg = MTPM_ALG_SHA256;
	p.auth.key.publicArea.objectAttributes = 0x00040072;
	p.auth.key.publicArea.parameters.eccDetail.symmetric.algorithm = MTPM_ALG_NULL;
	p.auth.key.publicArea.parameters.eccDetail.scheme.scheme = MTPM_ALG_ECDSA;
	p.auth.key.publicArea.parameters.eccDetail.scheme.hashAlg = MTPM_ALG_SHA256;
	p.auth.key.publicArea.parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
	p.auth.key.publicArea.parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
	p.auth.key.publicArea.unique.ecc.x.size = 32;
	p.auth.key.publicArea.unique.ecc.y.size = 32;
	assert_int_equal(mtpm_name_of_public(cr, &p.auth.key.publicArea, &kname), MTPM_OK);
	st = p.steps[1];
	st.u.authorize.keySign = kname;
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &want), MTPM_OK);
	calc_ok(0, MTPM_ALG_SHA256, &want, &st);
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);
	/* a keySign stored in the step is not what counts: the key is */
	p.steps[1].u.authorize.keySign.size = 4;
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	assert_memory_equal(d.buffer, want.buffer, 32);
	/* a key that has no Name */
	p.auth.key.publicArea.nameAlg = MTPM_ALG_NULL;
	assert_int_not_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_OK);
	p.auth.key.publicArea.nameAlg = MTPM_ALG_SHA256;

	/* too many steps; a step the calculator refuses */
	p.nsteps = MTPM_KEYFILE_MAX_STEPS + 1;
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_E_USAGE);
	p.nsteps = 1;
	p.steps[0].u.pcr.pcrDigest.size = 0;
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_SHA256, &p, 0, &d), MTPM_E_USAGE);
	/* an unknown bank */
	assert_int_equal(mtpm_seal_policy_digest(cr, MTPM_ALG_NULL, NULL, 1, &d),
			 MTPM_E_UNSUPPORTED);
}

/* --- PolicyPCR across banks and hashes, 24 PCRs ---------------------------- */

/*
 * A SHA-256 bank in a SHA-1 or SHA-384 policy (and a SHA-1 bank in a
 * SHA-256 one): pcrDigest is the policy's hash over the values, whatever
 * their bank (Part 3 §23.7). All 24 PCRs of a bank, handed to
 * mtpm_policy_pcr_digest as three lists of 8 (a TPML_DIGEST's room), hash
 * as the 768 bytes one after the other.
 */
static void test_pcr_any_bank_24(void **state)
{
	static const struct { uint16_t policy, bank; } cases[] = {
		{ MTPM_ALG_SHA1, MTPM_ALG_SHA256 }, { MTPM_ALG_SHA384, MTPM_ALG_SHA256 },
		{ MTPM_ALG_SHA256, MTPM_ALG_SHA1 }, { MTPM_ALG_SHA384, MTPM_ALG_SHA1 },
	};
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	mtpm_TPML_DIGEST lists[3];
	uint8_t ref[MTPM_MAX_DIGEST], refpd[MTPM_MAX_DIGEST];
	msg vm, ext;
	unsigned c, i;
	int be;
	(void)state;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint16_t pa = cases[c].policy, ba = cases[c].bank;
		uint16_t bl = mtpm_hash_size(ba), pl = mtpm_hash_size(pa);
		const uint8_t sel[] = { 0, 0, 0, 1, (uint8_t)(ba >> 8), (uint8_t)ba,
					3, 0xFF, 0xFF, 0xFF };

		vm.n = 0;
		memset(lists, 0, sizeof(lists));
		for (i = 0; i < 24; i++) {
			mtpm_TPM2B_DIGEST *v = &lists[i / 8].digests[i % 8];

			v->size = bl;
			memset(v->buffer, 0x40 + (int)i, bl);
			lists[i / 8].count++;
			m_bytes(&vm, v->buffer, bl);
		}
		assert_int_equal(vm.n, 24u * bl);
		ossl(pa, &vm, refpd);
		memset(&st, 0, sizeof(st));
		st.cc = MTPM_CC_PolicyPCR;
		st.u.pcr.pcrs.count = 1;
		st.u.pcr.pcrs.pcrSelections[0].hash = ba;
		st.u.pcr.pcrs.pcrSelections[0].sizeofSelect = 3;
		memset(st.u.pcr.pcrs.pcrSelections[0].pcrSelect, 0xFF, 3);
		for (be = 0; be < 2; be++) {
			assert_int_equal(mtpm_policy_pcr_digest(backend(be), pa, lists, 3,
								&st.u.pcr.pcrDigest), MTPM_OK);
			assert_int_equal(st.u.pcr.pcrDigest.size, pl);
			assert_memory_equal(st.u.pcr.pcrDigest.buffer, refpd, pl);
			fresh(pa, &d, ref);
			calc_ok(be, pa, &d, &st);
			ext.n = 0;
			m_bytes(&ext, sel, sizeof(sel));
			m_bytes(&ext, refpd, pl);
			ref_extend(pa, ref, 0x17F, ext.b, ext.n);
			assert_memory_equal(d.buffer, ref, pl);
		}
		/* a pcrDigest in the bank's hash instead is refused, untouched */
		if (bl != pl) {
			mtpm_TPM2B_DIGEST d0;

			fresh(pa, &d0, ref);
			st.u.pcr.pcrDigest.size = bl;
			expect_reject(pa, &d0, &st, MTPM_E_USAGE);
		}
	}
}

/* --- the CLI's PCR selection syntax (src/cli/util.c) ---------------------- */

/* Bits of one bank as a 24-bit number, PCR 0 the lowest. */
static uint32_t bits_of(const mtpm_TPMS_PCR_SELECTION *s)
{
	return (uint32_t)s->pcrSelect[0] | (uint32_t)s->pcrSelect[1] << 8 |
	       (uint32_t)s->pcrSelect[2] << 16;
}

static void sel_ok(const char *in, unsigned nbanks, uint16_t h0, uint32_t b0,
		   uint16_t h1, uint32_t b1)
{
	mtpm_TPML_PCR_SELECTION s;

	memset(&s, 0xA5, sizeof(s));
	if (cli_parse_pcr_selection(in, &s) != MTPM_OK)
		fail_msg("'%s' refused", in);
	assert_int_equal(s.count, nbanks);
	assert_int_equal(s.pcrSelections[0].hash, h0);
	assert_int_equal(s.pcrSelections[0].sizeofSelect, 3);
	assert_int_equal(s.pcrSelections[0].pcrSelect[3], 0);
	if (bits_of(&s.pcrSelections[0]) != b0)
		fail_msg("'%s': bank 0 has 0x%06x, not 0x%06x", in,
			 (unsigned)bits_of(&s.pcrSelections[0]), (unsigned)b0);
	if (nbanks > 1) {
		assert_int_equal(s.pcrSelections[1].hash, h1);
		assert_int_equal(s.pcrSelections[1].sizeofSelect, 3);
		if (bits_of(&s.pcrSelections[1]) != b1)
			fail_msg("'%s': bank 1 has 0x%06x, not 0x%06x", in,
				 (unsigned)bits_of(&s.pcrSelections[1]), (unsigned)b1);
	}
}

static void sel_bad(const char *in)
{
	mtpm_TPML_PCR_SELECTION s;
	unsigned char zero[sizeof(s)];

	memset(&s, 0xA5, sizeof(s));
	memset(zero, 0, sizeof(zero));
	if (cli_parse_pcr_selection(in, &s) != MTPM_E_USAGE)
		fail_msg("'%s' accepted", in);
	assert_memory_equal(&s, zero, sizeof(s));   /* nothing half-filled */
}

static void test_pcr_selection_syntax(void **state)
{
	const uint16_t s1 = MTPM_ALG_SHA1, s256 = MTPM_ALG_SHA256;
	char big[600];
	(void)state;

	/* tpm2-tools: banks joined by "+" */
	sel_ok("sha256:7", 1, s256, 1u << 7, 0, 0);
	sel_ok("sha256:0,1,7+sha1:all", 2, s256, 0x83, s1, 0xFFFFFF);
	sel_ok("sha1:0+sha256:7", 2, s1, 1, s256, 1u << 7);
	sel_ok("sha384:23", 1, MTPM_ALG_SHA384, 1u << 23, 0, 0);
	/* no bank: sha256 */
	sel_ok("7", 1, s256, 1u << 7, 0, 0);
	sel_ok("0,7", 1, s256, 0x81, 0, 0);
	sel_ok("07", 1, s256, 1u << 7, 0, 0);
	/* systemd: PCRs joined by "+" */
	sel_ok("0+7", 1, s256, 0x81, 0, 0);
	sel_ok("0+2+4+7", 1, s256, 0x95, 0, 0);
	sel_ok("sha1:0+7", 1, s1, 0x81, 0, 0);
	/* a "+" and a digit adds to the bank before it, a "+" and a name
	 * starts one */
	sel_ok("sha1:0+7+sha256:7", 2, s1, 0x81, s256, 1u << 7);
	sel_ok("7+sha1:0", 2, s256, 1u << 7, s1, 1);
	sel_ok("sha256:all+sha1:0+1", 2, s256, 0xFFFFFF, s1, 0x3);
	/* ranges */
	sel_ok("0-7", 1, s256, 0xFF, 0, 0);
	sel_ok("0-23", 1, s256, 0xFFFFFF, 0, 0);
	sel_ok("sha256:0-3,7", 1, s256, 0x8F, 0, 0);
	sel_ok("3-3", 1, s256, 1u << 3, 0, 0);
	sel_ok("16-23,0", 1, s256, 0xFF0001, 0, 0);
	sel_ok("sha1:0-1+4-5+sha256:8-9", 2, s1, 0x33, s256, 0x300);
	/* the same PCR twice is the same selection */
	sel_ok("7,7+7", 1, s256, 1u << 7, 0, 0);

	/* malformed: every bound the parser checks */
	sel_bad("");
	sel_bad(NULL);
	sel_bad("+");
	sel_bad("++");
	sel_bad("0+");
	sel_bad("+0");
	sel_bad("0++7");
	sel_bad("0-");
	sel_bad("-3");
	sel_bad("0--3");
	sel_bad("7-3");
	sel_bad("0-24");
	sel_bad("24");
	sel_bad("99");
	sel_bad("100");
	sel_bad("007");
	sel_bad("4294967303");             /* 2^32 + 7 */
	sel_bad("99999999999999999999999999");
	sel_bad("sha256:");
	sel_bad("sha256:+7");
	sel_bad("sha256:0+");
	sel_bad("sha256:1,,2");
	sel_bad("sha256:1,");
	sel_bad(",1");
	sel_bad("sha999:1");
	sel_bad("sha256");
	sel_bad("0+sha256");
	sel_bad("sha256:0+sha256:7");      /* a bank twice */
	sel_bad("7+sha256:1");             /* sha256 by default, then named */
	sel_bad("sha1:0+sha256:1+sha1:2");
	sel_bad("all");                    /* every bank: the caller's word */
	sel_bad("sha256:all,7");
	sel_bad("sha256:al");
	sel_bad("sha256:allx");
	sel_bad(" 7");
	sel_bad("7 ");
	sel_bad("sha256 :7");
	sel_bad("0x7");
	sel_bad("7=file");
	sel_bad("sha256:7:8");
	sel_bad("sha256sha256sha256sha256:7");
	/* the length bound: "7,7,...,7" of 511 characters parses, of 513
	 * it does not */
	{
		size_t n;

		memset(big, 0, sizeof(big));
		for (n = 0; n < 512; n += 2) {
			big[n] = '7';
			big[n + 1] = ',';
		}
		big[511] = '\0';
		sel_ok(big, 1, s256, 1u << 7, 0, 0);
		big[511] = ',';
		big[512] = '7';
		sel_bad(big);
	}
}

/* mtpm_keyfile_uses_auth: PolicyAuthValue or PolicyPassword in the main
 * sequence or in any signed entry up to nauthpol, and nowhere else. */
static void test_keyfile_uses_auth(void **state)
{
	static mtpm_keyfile kf;
	(void)state;

	memset(&kf, 0, sizeof(kf));
	kf.policy.nsteps = 1;
	kf.policy.steps[0].cc = MTPM_CC_PolicyPCR;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 0);
	kf.policy.nsteps = 2;
	kf.policy.steps[1].cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 1);
	kf.policy.steps[1].cc = MTPM_CC_PolicyPassword;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 1);
	/* past nsteps does not count */
	kf.policy.nsteps = 1;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 0);

	/* signed entries: each one up to nauthpol, the last one too */
	kf.nauthpol = 3;
	kf.authpol[0].nsteps = 1;
	kf.authpol[0].steps[0].cc = MTPM_CC_PolicyCommandCode;
	kf.authpol[1].nsteps = 1;
	kf.authpol[1].steps[0].cc = MTPM_CC_PolicyPCR;
	kf.authpol[2].nsteps = 2;
	kf.authpol[2].steps[1].cc = MTPM_CC_PolicyPassword;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 1);
	kf.authpol[2].steps[1].cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 1);
	kf.authpol[2].nsteps = 1;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 0);
	kf.authpol[2].nsteps = 2;
	kf.nauthpol = 2;   /* the entry past nauthpol does not count */
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 0);
	kf.authpol[0].steps[0].cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 1);
	kf.nauthpol = 0;
	assert_int_equal(mtpm_keyfile_uses_auth(&kf), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_auth_value),
		cmocka_unit_test(test_command_code),
		cmocka_unit_test(test_pcr),
		cmocka_unit_test(test_or),
		cmocka_unit_test(test_authorize),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_seal_policy_digest),
		cmocka_unit_test(test_keyfile_uses_auth),
		cmocka_unit_test(test_pcr_any_bank_24),
		cmocka_unit_test(test_pcr_selection_syntax),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
