/*
 * test_marshal.c - unit tests for the Part 2 put/get functions
 * (src/marshal/{tpm2b,basic,capability,algorithm,public,nv,context,
 * creation}.c).
 *
 * What is checked, for every type in MTPM_MARSHAL_DECL:
 *   - golden bytes from a real TPM (swtpm 0.7.1/libtpms 0.9.2 driven by
 *     tpm2-tools 5.4, see golden/capture.sh and golden/marshal_golden.h;
 *     plus the kernel trusted-key vector K1) parse completely, and the
 *     parameter area of each captured command/response frame is consumed
 *     exactly by the sequence of types Part 3 says it holds;
 *   - round trip: get then put gives the same bytes;
 *   - every proper prefix of every golden encoding fails with
 *     MTPM_E_MALFORMED and leaves the output all zero; a put into every
 *     too-small buffer fails with MTPM_E_SPACE;
 *   - every bound: TPM2B size max+1, list counts max+1 and 0xFFFFFFFF,
 *     sizeofSelect max+1, trailing/short bytes inside each nested sized
 *     structure, and an unknown selector for every union, on get
 *     (MALFORMED) and on put (USAGE);
 *   - mtpm_cur_valid() after every parse.
 * Arms the TPM did not produce in the capture (XOR, ECDAA, OAEP, HMAC and
 * NULL signatures, ...) are checked against bytes written by hand from
 * Part 2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/marshal.h"
#include "golden/marshal_golden.h"

/* --- a table of put/get pairs with uniform signatures --------------------- */

typedef void (*get_fn)(mtpm_cur *c, void *v);
typedef void (*put_fn)(mtpm_cur *c, const void *v);
struct ops {
	const char *name;
	size_t size;
	get_fn get;
	put_fn put;
};

/* Test-only adapters so one loop can drive every type. */
#define OPS(T)                                                              \
	static void g_##T(mtpm_cur *c, void *v) { mtpm_get_##T(c, v); }     \
	static void p_##T(mtpm_cur *c, const void *v) { mtpm_put_##T(c, v); } \
	static const struct ops ops_##T = { #T, sizeof(mtpm_##T), g_##T, p_##T }

OPS(TPM2B_DIGEST);
OPS(TPM2B_DATA);
OPS(TPM2B_EVENT);
OPS(TPM2B_NAME);
OPS(TPM2B_MAX_BUFFER);
OPS(TPM2B_MAX_NV_BUFFER);
OPS(TPM2B_SENSITIVE_DATA);
OPS(TPM2B_PUBLIC_KEY_RSA);
OPS(TPM2B_ECC_PARAMETER);
OPS(TPM2B_ENCRYPTED_SECRET);
OPS(TPM2B_PRIVATE);
OPS(TPM2B_CONTEXT_DATA);
OPS(TPMT_HA);
OPS(TPMS_PCR_SELECTION);
OPS(TPML_PCR_SELECTION);
OPS(TPML_DIGEST);
OPS(TPML_DIGEST_VALUES);
OPS(TPMT_SYM_DEF);
OPS(TPMT_SYM_DEF_OBJECT);
OPS(TPMS_SENSITIVE_CREATE);
OPS(TPM2B_SENSITIVE_CREATE);
OPS(TPMS_ECC_POINT);
OPS(TPM2B_ECC_POINT);
OPS(TPMT_PUBLIC);
OPS(TPM2B_PUBLIC);
OPS(TPMS_CREATION_DATA);
OPS(TPM2B_CREATION_DATA);
OPS(TPMT_TK);
OPS(TPMT_SIGNATURE);
OPS(TPMS_AUTH_COMMAND);
OPS(TPMS_AUTH_RESPONSE);
OPS(TPMS_CONTEXT);
OPS(TPMS_NV_PUBLIC);
OPS(TPM2B_NV_PUBLIC);
OPS(TPMS_CAPABILITY_DATA);

/* Plain integers that sit between structures in a parameter area. */
static void g_u8(mtpm_cur *c, void *v) { mtpm_get_u8(c, v); }
static void p_u8(mtpm_cur *c, const void *v) { mtpm_put_u8(c, *(const uint8_t *)v); }
static void g_u16(mtpm_cur *c, void *v) { mtpm_get_u16(c, v); }
static void p_u16(mtpm_cur *c, const void *v) { mtpm_put_u16(c, *(const uint16_t *)v); }
static void g_u32(mtpm_cur *c, void *v) { mtpm_get_u32(c, v); }
static void p_u32(mtpm_cur *c, const void *v) { mtpm_put_u32(c, *(const uint32_t *)v); }
static const struct ops ops_u8 = { "u8", 1, g_u8, p_u8 };
static const struct ops ops_u16 = { "u16", 2, g_u16, p_u16 };
static const struct ops ops_u32 = { "u32", 4, g_u32, p_u32 };

/* Scratch: one decoded structure and one encoding. */
static union {
	max_align_t align;
	uint8_t b[8192];
} obj, obj2;
static uint8_t out[8192];
static uint8_t scratch[8192];

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Parse b[0..len) as o, expecting failure rc; the output must be zero. */
static void expect_get_fail(const struct ops *o, const uint8_t *b, size_t len, mtpm_rc rc)
{
	mtpm_cur c;

	memset(obj.b, 0xA5, o->size);
	mtpm_cur_init_ro(&c, b, len);
	o->get(&c, obj.b);
	assert_true(mtpm_cur_valid(&c));
	assert_int_equal(c.err, rc);
	assert_true(all_zero(obj.b, o->size));
}

/* Put v as o, expecting failure rc. */
static void expect_put_fail(const struct ops *o, const void *v, mtpm_rc rc)
{
	mtpm_cur w;

	mtpm_cur_init(&w, out, sizeof out);
	o->put(&w, v);
	assert_true(mtpm_cur_valid(&w));
	assert_int_equal(w.err, rc);
}

/*
 * The core check for one encoding b[0..len) of type o: parses exactly,
 * round-trips byte for byte, every proper prefix fails with zeroed output,
 * every too-small output buffer fails with MTPM_E_SPACE. Leaves the decoded
 * structure in obj.
 */
static void check_golden(const struct ops *o, const uint8_t *b, size_t len)
{
	mtpm_cur c, w;
	size_t n;

	assert_true(len <= sizeof out);
	for (n = 0; n < len; n++)
		expect_get_fail(o, b, n, MTPM_E_MALFORMED);

	/* A getter on a cursor already in error does nothing but zero. */
	memset(obj.b, 0xA5, o->size);
	mtpm_cur_init_ro(&c, b, len);
	mtpm_rc_ignore(mtpm_cur_fail(&c, MTPM_E_TRANSPORT));
	o->get(&c, obj.b);
	assert_int_equal(c.err, MTPM_E_TRANSPORT);
	assert_int_equal(c.pos, 0);
	assert_true(all_zero(obj.b, o->size));

	memset(obj.b, 0xA5, o->size);
	mtpm_cur_init_ro(&c, b, len);
	o->get(&c, obj.b);
	assert_true(mtpm_cur_valid(&c));
	if (c.err != MTPM_OK)
		fail_msg("%s: golden encoding rejected (0x%08x at %zu)", o->name,
			 (unsigned)c.err, c.pos);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);

	mtpm_cur_init(&w, out, sizeof out);
	o->put(&w, obj.b);
	assert_true(mtpm_cur_valid(&w));
	assert_int_equal(w.err, MTPM_OK);
	assert_int_equal(w.pos, len);
	assert_memory_equal(out, b, len);

	for (n = 0; n < len; n++) {
		mtpm_cur_init(&w, out, n);
		o->put(&w, obj.b);
		assert_true(mtpm_cur_valid(&w));
		assert_int_equal(w.err, MTPM_E_SPACE);
	}
}

/* --- frames ------------------------------------------------------------- */

struct slice {
	const uint8_t *p;
	size_t n;
};

/* Split parameter bytes into one slice per type of seq and check each;
 * the area must be consumed exactly. */
static void check_seq(const uint8_t *p, size_t n, const struct ops *const *seq,
		      size_t nseq, struct slice *sl)
{
	mtpm_cur c;
	size_t i, start;

	mtpm_cur_init_ro(&c, p, n);
	for (i = 0; i < nseq; i++) {
		start = c.pos;
		seq[i]->get(&c, obj2.b);
		assert_true(mtpm_cur_valid(&c));
		if (c.err != MTPM_OK)
			fail_msg("item %zu (%s) rejected: 0x%08x", i, seq[i]->name,
				 (unsigned)c.err);
		check_golden(seq[i], p + start, c.pos - start);
		if (sl) {
			sl[i].p = p + start;
			sl[i].n = c.pos - start;
		}
	}
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
}

/* Open a frame (Part 1 §18 command / response layout) and check its
 * authorization area; returns the parameter area. */
static struct slice frame_params(const uint8_t *f, size_t len, unsigned nh, int is_cmd)
{
	mtpm_cur c, a;
	uint16_t tag;
	uint32_t size, code, asize;
	const uint8_t *p;
	struct slice r;
	unsigned nauth = 0;

	mtpm_cur_init_ro(&c, f, len);
	mtpm_get_u16(&c, &tag);
	mtpm_get_u32(&c, &size);
	mtpm_get_u32(&c, &code);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(size, len);
	if (!is_cmd)
		assert_int_equal(code, 0);
	assert_non_null(mtpm_get_skip(&c, 4 * (size_t)nh));
	if (tag == MTPM_ST_NO_SESSIONS) {
		r.p = mtpm_cur_here(&c);
		r.n = mtpm_cur_left(&c);
		return r;
	}
	assert_int_equal(tag, MTPM_ST_SESSIONS);
	mtpm_get_u32(&c, &asize);
	assert_int_equal(c.err, MTPM_OK);
	if (is_cmd) {
		/* authorizationSize, sessions, then the parameters */
		p = mtpm_get_skip(&c, asize);
		assert_non_null(p);
		mtpm_cur_init_ro(&a, p, asize);
		r.p = mtpm_cur_here(&c);
		r.n = mtpm_cur_left(&c);
	} else {
		/* parameterSize, the parameters, then the sessions */
		r.p = mtpm_get_skip(&c, asize);
		r.n = asize;
		assert_non_null(r.p);
		mtpm_cur_init_ro(&a, mtpm_cur_here(&c), mtpm_cur_left(&c));
	}
	while (mtpm_cur_left(&a) > 0) {
		size_t start = a.pos;
		const struct ops *o = is_cmd ? &ops_TPMS_AUTH_COMMAND : &ops_TPMS_AUTH_RESPONSE;

		o->get(&a, obj2.b);
		assert_true(mtpm_cur_valid(&a));
		assert_int_equal(a.err, MTPM_OK);
		check_golden(o, a.p + start, a.pos - start);
		nauth++;
	}
	assert_true(nauth >= 1);
	return r;
}

#define SEQ(...) ((const struct ops *const[]){ __VA_ARGS__ })
#define NSEQ(...) (sizeof(SEQ(__VA_ARGS__)) / sizeof(const struct ops *))
#define CHECK_FRAME(arr, nh, is_cmd, sl, ...)                                  \
	do {                                                                   \
		struct slice fp_ = frame_params(arr, sizeof arr, nh, is_cmd);  \
		check_seq(fp_.p, fp_.n, SEQ(__VA_ARGS__), NSEQ(__VA_ARGS__), sl); \
	} while (0)

/* Decode b as o into dst (must succeed). */
static void decode(const struct ops *o, const uint8_t *b, size_t n, void *dst)
{
	mtpm_cur c;

	mtpm_cur_init_ro(&c, b, n);
	o->get(&c, dst);
	assert_true(mtpm_cur_valid(&c));
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
}

/* --- golden frames -------------------------------------------------------- */

static void test_createprimary_ecc(void **state)
{
	struct slice sl[5];
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_CREATION_DATA cd;
	const mtpm_TPMS_ECC_PARMS *e = &pub.publicArea.parameters.eccDetail;

	(void)state;
	CHECK_FRAME(golden_createprimary_ecc_rsp, 1, 0, sl, &ops_TPM2B_PUBLIC,
		    &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST, &ops_TPMT_TK,
		    &ops_TPM2B_NAME);
	/* tpm2_createprimary -o wrote the same TPM2B_PUBLIC */
	assert_int_equal(sl[0].n, sizeof golden_file_ecc_primary_pub);
	assert_memory_equal(sl[0].p, golden_file_ecc_primary_pub, sl[0].n);
	decode(&ops_TPM2B_PUBLIC, sl[0].p, sl[0].n, &pub);
	assert_int_equal(pub.size, sl[0].n - 2);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_ECC);
	assert_int_equal(pub.publicArea.nameAlg, MTPM_ALG_SHA256);
	assert_int_equal(e->symmetric.algorithm, MTPM_ALG_AES);
	assert_int_equal(e->symmetric.keyBits, 128);
	assert_int_equal(e->symmetric.mode, MTPM_ALG_CFB);
	assert_int_equal(e->scheme.scheme, MTPM_ALG_NULL);
	assert_int_equal(e->curveID, MTPM_ECC_NIST_P256);
	assert_int_equal(e->kdf.scheme, MTPM_ALG_NULL);
	assert_int_equal(pub.publicArea.unique.ecc.x.size, 32);
	assert_int_equal(pub.publicArea.unique.ecc.y.size, 32);
	decode(&ops_TPM2B_CREATION_DATA, sl[1].p, sl[1].n, &cd);
	assert_int_equal(cd.creationData.pcrSelect.count, 0);
	assert_int_equal(cd.creationData.pcrDigest.size, 32);
	assert_int_equal(cd.creationData.parentNameAlg, MTPM_ALG_NULL);
	assert_int_equal(cd.creationData.parentName.size, 4); /* TPM_RH_OWNER */
	check_golden(&ops_TPM2B_PUBLIC, golden_file_ecc_primary_pub,
		     sizeof golden_file_ecc_primary_pub);
}

static void test_createprimary_rsa(void **state)
{
	struct slice sl[5];
	mtpm_TPM2B_PUBLIC pub;

	(void)state;
	CHECK_FRAME(golden_createprimary_rsa_rsp, 1, 0, sl, &ops_TPM2B_PUBLIC,
		    &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST, &ops_TPMT_TK,
		    &ops_TPM2B_NAME);
	decode(&ops_TPM2B_PUBLIC, sl[0].p, sl[0].n, &pub);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_RSA);
	assert_int_equal(pub.publicArea.parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(pub.publicArea.parameters.rsaDetail.exponent, 0);
	assert_int_equal(pub.publicArea.parameters.rsaDetail.scheme.scheme, MTPM_ALG_NULL);
	assert_int_equal(pub.publicArea.unique.rsa.size, 256);
}

static void test_createprimary_cmd(void **state)
{
	(void)state;
	CHECK_FRAME(golden_createprimary_ecc_cmd, 1, 1, NULL,
		    &ops_TPM2B_SENSITIVE_CREATE, &ops_TPM2B_PUBLIC, &ops_TPM2B_DATA,
		    &ops_TPML_PCR_SELECTION);
}

static void test_contextsave(void **state)
{
	struct slice sl[1];
	mtpm_TPMS_CONTEXT ctx;

	(void)state;
	CHECK_FRAME(golden_contextsave_ecc_rsp, 0, 0, sl, &ops_TPMS_CONTEXT);
	decode(&ops_TPMS_CONTEXT, sl[0].p, sl[0].n, &ctx);
	assert_int_equal(ctx.savedHandle, 0x80000000u);
	assert_int_equal(ctx.hierarchy, MTPM_RH_OWNER);
	CHECK_FRAME(golden_contextsave_rsa_rsp, 0, 0, NULL, &ops_TPMS_CONTEXT);
}

static void test_create_seal(void **state)
{
	static const char auth[] = "sealauth";
	static const char data[] = "mtpm golden sealed secret";
	struct slice sl[5];
	mtpm_TPM2B_SENSITIVE_CREATE sc;
	mtpm_TPM2B_PUBLIC pub;

	(void)state;
	CHECK_FRAME(golden_create_seal_cmd, 1, 1, sl, &ops_TPM2B_SENSITIVE_CREATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_DATA, &ops_TPML_PCR_SELECTION);
	decode(&ops_TPM2B_SENSITIVE_CREATE, sl[0].p, sl[0].n, &sc);
	assert_int_equal(sc.size, sl[0].n - 2);
	assert_int_equal(sc.sensitive.userAuth.size, sizeof auth - 1);
	assert_memory_equal(sc.sensitive.userAuth.buffer, auth, sizeof auth - 1);
	assert_int_equal(sc.sensitive.data.size, sizeof data - 1);
	assert_memory_equal(sc.sensitive.data.buffer, data, sizeof data - 1);

	CHECK_FRAME(golden_create_seal_rsp, 0, 0, sl, &ops_TPM2B_PRIVATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST,
		    &ops_TPMT_TK);
	/* the files tpm2_create wrote are the same bytes */
	assert_int_equal(sl[0].n, sizeof golden_file_seal_priv);
	assert_memory_equal(sl[0].p, golden_file_seal_priv, sl[0].n);
	assert_int_equal(sl[1].n, sizeof golden_file_seal_pub);
	assert_memory_equal(sl[1].p, golden_file_seal_pub, sl[1].n);
	decode(&ops_TPM2B_PUBLIC, sl[1].p, sl[1].n, &pub);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(pub.publicArea.parameters.keyedHashDetail.scheme.scheme, MTPM_ALG_NULL);
	assert_int_equal(pub.publicArea.unique.keyedHash.size, 32);
}

static void test_create_hmac_aes(void **state)
{
	struct slice sl[5];
	mtpm_TPM2B_PUBLIC pub;

	(void)state;
	CHECK_FRAME(golden_create_hmac_rsp, 0, 0, sl, &ops_TPM2B_PRIVATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST,
		    &ops_TPMT_TK);
	decode(&ops_TPM2B_PUBLIC, sl[1].p, sl[1].n, &pub);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(pub.publicArea.parameters.keyedHashDetail.scheme.scheme, MTPM_ALG_HMAC);
	assert_int_equal(pub.publicArea.parameters.keyedHashDetail.scheme.hashAlg, MTPM_ALG_SHA256);

	CHECK_FRAME(golden_create_aes_rsp, 0, 0, sl, &ops_TPM2B_PRIVATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST,
		    &ops_TPMT_TK);
	decode(&ops_TPM2B_PUBLIC, sl[1].p, sl[1].n, &pub);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_SYMCIPHER);
	assert_int_equal(pub.publicArea.parameters.symDetail.sym.algorithm, MTPM_ALG_AES);
	assert_int_equal(pub.publicArea.parameters.symDetail.sym.keyBits, 128);
	assert_int_equal(pub.publicArea.parameters.symDetail.sym.mode, MTPM_ALG_CFB);
}

static void test_sign(void **state)
{
	struct slice sl[3];
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPMT_SIGNATURE sig;
	mtpm_TPMT_TK tk;

	(void)state;
	CHECK_FRAME(golden_createloaded_ecdsa_rsp, 1, 0, sl, &ops_TPM2B_PRIVATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_NAME);
	decode(&ops_TPM2B_PUBLIC, sl[1].p, sl[1].n, &pub);
	assert_int_equal(pub.publicArea.parameters.eccDetail.scheme.scheme, MTPM_ALG_ECDSA);
	assert_int_equal(pub.publicArea.parameters.eccDetail.scheme.hashAlg, MTPM_ALG_SHA256);
	assert_int_equal(pub.publicArea.parameters.eccDetail.symmetric.algorithm, MTPM_ALG_NULL);

	CHECK_FRAME(golden_createloaded_rsassa_rsp, 1, 0, sl, &ops_TPM2B_PRIVATE,
		    &ops_TPM2B_PUBLIC, &ops_TPM2B_NAME);
	decode(&ops_TPM2B_PUBLIC, sl[1].p, sl[1].n, &pub);
	assert_int_equal(pub.publicArea.parameters.rsaDetail.scheme.scheme, MTPM_ALG_RSASSA);
	assert_int_equal(pub.publicArea.parameters.rsaDetail.scheme.hashAlg, MTPM_ALG_SHA256);

	CHECK_FRAME(golden_hash_rsp, 0, 0, sl, &ops_TPM2B_DIGEST, &ops_TPMT_TK);
	decode(&ops_TPMT_TK, sl[1].p, sl[1].n, &tk);
	assert_int_equal(tk.tag, MTPM_ST_HASHCHECK);

	CHECK_FRAME(golden_sign_ecdsa_rsp, 0, 0, sl, &ops_TPMT_SIGNATURE);
	assert_int_equal(sl[0].n, sizeof golden_file_ecdsa_sig);
	assert_memory_equal(sl[0].p, golden_file_ecdsa_sig, sl[0].n);
	decode(&ops_TPMT_SIGNATURE, sl[0].p, sl[0].n, &sig);
	assert_int_equal(sig.sigAlg, MTPM_ALG_ECDSA);
	assert_int_equal(sig.hash, MTPM_ALG_SHA256);
	assert_int_equal(sig.signature.ecc.r.size, 32);

	CHECK_FRAME(golden_sign_rsassa_rsp, 0, 0, sl, &ops_TPMT_SIGNATURE);
	assert_int_equal(sl[0].n, sizeof golden_file_rsassa_sig);
	assert_memory_equal(sl[0].p, golden_file_rsassa_sig, sl[0].n);
	decode(&ops_TPMT_SIGNATURE, sl[0].p, sl[0].n, &sig);
	assert_int_equal(sig.sigAlg, MTPM_ALG_RSASSA);
	assert_int_equal(sig.signature.rsa.size, 256);
}

static void test_ecdh_points(void **state)
{
	(void)state;
	CHECK_FRAME(golden_ecdh_keygen_rsp, 0, 0, NULL, &ops_TPM2B_ECC_POINT,
		    &ops_TPM2B_ECC_POINT);
}

static void test_pcr(void **state)
{
	struct slice sl[3];
	mtpm_TPML_DIGEST_VALUES dv;
	mtpm_TPML_DIGEST d;

	(void)state;
	CHECK_FRAME(golden_pcr_extend_cmd, 1, 1, sl, &ops_TPML_DIGEST_VALUES);
	decode(&ops_TPML_DIGEST_VALUES, sl[0].p, sl[0].n, &dv);
	assert_int_equal(dv.count, 2);
	assert_int_equal(dv.digests[0].hashAlg, MTPM_ALG_SHA1);
	assert_int_equal(dv.digests[1].hashAlg, MTPM_ALG_SHA256);
	assert_int_equal(dv.digests[1].digest[31], 0x1f);
	CHECK_FRAME(golden_pcr_read_cmd, 0, 1, NULL, &ops_TPML_PCR_SELECTION);
	CHECK_FRAME(golden_pcr_read_rsp, 0, 0, sl, &ops_u32,
		    &ops_TPML_PCR_SELECTION, &ops_TPML_DIGEST);
	decode(&ops_TPML_DIGEST, sl[2].p, sl[2].n, &d);
	assert_int_equal(d.count, 8);
}

static void test_getcap(void **state)
{
	struct slice sl[2];
	mtpm_TPMS_CAPABILITY_DATA *cd = (void *)obj2.b;

	(void)state;
	CHECK_FRAME(golden_getcap_algs_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	CHECK_FRAME(golden_getcap_commands_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	CHECK_FRAME(golden_getcap_pcrs_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	CHECK_FRAME(golden_getcap_props_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	decode(&ops_TPMS_CAPABILITY_DATA, sl[1].p, sl[1].n, cd);
	assert_int_equal(cd->capability, MTPM_CAP_TPM_PROPERTIES);
	assert_true(cd->count > 0);
	assert_int_equal(cd->data.tpmProperties[0].property, MTPM_PT_FAMILY_INDICATOR);
	assert_int_equal(cd->data.tpmProperties[0].value, 0x322e3000); /* "2.0" */
	CHECK_FRAME(golden_getcap_curves_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	CHECK_FRAME(golden_getcap_handles_rsp, 0, 0, sl, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
}

static void test_session_nv(void **state)
{
	struct slice sl[5];
	mtpm_TPM2B_NV_PUBLIC nv;

	(void)state;
	CHECK_FRAME(golden_startauthsession_cmd, 2, 1, NULL, &ops_TPM2B_DIGEST,
		    &ops_TPM2B_ENCRYPTED_SECRET, &ops_u8, &ops_TPMT_SYM_DEF, &ops_u16);
	CHECK_FRAME(golden_nv_readpublic_rsp, 0, 0, sl, &ops_TPM2B_NV_PUBLIC, &ops_TPM2B_NAME);
	decode(&ops_TPM2B_NV_PUBLIC, sl[0].p, sl[0].n, &nv);
	assert_int_equal(nv.nvPublic.nvIndex, 0x01500016);
	assert_int_equal(nv.nvPublic.dataSize, 16);
	assert_true(nv.nvPublic.attributes & MTPM_NV_WRITTEN);
	CHECK_FRAME(golden_nv_write_cmd, 2, 1, NULL, &ops_TPM2B_MAX_NV_BUFFER, &ops_u16);
	CHECK_FRAME(golden_nv_read_rsp, 0, 0, NULL, &ops_TPM2B_MAX_NV_BUFFER);
}

static void test_kernel_vector(void **state)
{
	mtpm_TPM2B_PUBLIC pub;

	(void)state;
	check_golden(&ops_TPM2B_PUBLIC, golden_kernel_srk_pub, sizeof golden_kernel_srk_pub);
	decode(&ops_TPM2B_PUBLIC, golden_kernel_srk_pub, sizeof golden_kernel_srk_pub, &pub);
	assert_int_equal(pub.publicArea.objectAttributes, 0x00030472);
	assert_int_equal(pub.publicArea.parameters.eccDetail.curveID, MTPM_ECC_NIST_P256);
	check_golden(&ops_TPM2B_PUBLIC, golden_kernel_seal_pub, sizeof golden_kernel_seal_pub);
	decode(&ops_TPM2B_PUBLIC, golden_kernel_seal_pub, sizeof golden_kernel_seal_pub, &pub);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(pub.publicArea.objectAttributes, MTPM_OA_USERWITHAUTH);
	check_golden(&ops_TPM2B_PRIVATE, golden_kernel_seal_priv, sizeof golden_kernel_seal_priv);
	check_golden(&ops_TPM2B_PUBLIC, golden_file_seal_pub, sizeof golden_file_seal_pub);
	check_golden(&ops_TPM2B_PRIVATE, golden_file_seal_priv, sizeof golden_file_seal_priv);
}

/* --- arms the capture did not produce: bytes written by hand from Part 2 -- */

struct hand {
	const struct ops *o;
	const uint8_t *b;
	size_t n;
};
#define HAND(T, ...) { &ops_##T, (const uint8_t[]){ __VA_ARGS__ }, \
		       sizeof((const uint8_t[]){ __VA_ARGS__ }) }

static const struct hand hands[] = {
	/* TPMT_SYM_DEF: XOR carries a hash in keyBits and no mode */
	HAND(TPMT_SYM_DEF, 0x00, 0x0a, 0x00, 0x0b),
	HAND(TPMT_SYM_DEF, 0x00, 0x10),
	HAND(TPMT_SYM_DEF, 0x00, 0x06, 0x01, 0x00, 0x00, 0x43),
	HAND(TPMT_SYM_DEF_OBJECT, 0x00, 0x26, 0x00, 0x80, 0x00, 0x42),
	/* TPMT_HA: NULL with no digest; SHA-1; SHA-384 */
	HAND(TPMT_HA, 0x00, 0x10),
	HAND(TPMT_HA, 0x00, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	     15, 16, 17, 18, 19, 20),
	/* TPMT_SIGNATURE: HMAC (TPMT_HA SHA-1), NULL, ECDAA, RSAPSS */
	HAND(TPMT_SIGNATURE, 0x00, 0x05, 0x00, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	     10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
	HAND(TPMT_SIGNATURE, 0x00, 0x10),
	HAND(TPMT_SIGNATURE, 0x00, 0x1a, 0x00, 0x0b, 0x00, 0x01, 0xaa, 0x00,
	     0x02, 0xbb, 0xcc),
	HAND(TPMT_SIGNATURE, 0x00, 0x16, 0x00, 0x0c, 0x00, 0x03, 1, 2, 3),
	/* TPMT_PUBLIC KEYEDHASH with XOR(SHA-256, KDF1_SP800_108), policy */
	HAND(TPMT_PUBLIC, 0x00, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x52,
	     0x00, 0x02, 0xde, 0xad,
	     0x00, 0x0a, 0x00, 0x0b, 0x00, 0x22,
	     0x00, 0x01, 0x99),
	/* TPMT_PUBLIC RSA, no symmetric, OAEP(SHA-384), 3072, e=65537 */
	HAND(TPMT_PUBLIC, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x60,
	     0x00, 0x00,
	     0x00, 0x10, 0x00, 0x17, 0x00, 0x0c, 0x0c, 0x00, 0x00, 0x01, 0x00, 0x01,
	     0x00, 0x02, 0x12, 0x34),
	/* TPMT_PUBLIC RSA with RSAES: no hash after the scheme */
	HAND(TPMT_PUBLIC, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x60,
	     0x00, 0x00,
	     0x00, 0x10, 0x00, 0x15, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
	     0x00, 0x00),
	/* TPMT_PUBLIC ECC: ECDAA(SHA-256, count 7), P-384, KDF MGF1(SHA-1) */
	HAND(TPMT_PUBLIC, 0x00, 0x23, 0x00, 0x0c, 0x00, 0x04, 0x00, 0x72,
	     0x00, 0x00,
	     0x00, 0x10, 0x00, 0x1a, 0x00, 0x0b, 0x00, 0x07, 0x00, 0x04,
	     0x00, 0x07, 0x00, 0x04,
	     0x00, 0x01, 0x01, 0x00, 0x01, 0x02),
	/* TPMT_PUBLIC SYMCIPHER SM4-128-CTR, empty unique */
	HAND(TPMT_PUBLIC, 0x00, 0x25, 0x00, 0x0b, 0x00, 0x03, 0x00, 0x60,
	     0x00, 0x00, 0x00, 0x13, 0x00, 0x80, 0x00, 0x40, 0x00, 0x00),
	/* TPM2B_ECC_POINT with empty coordinates; TPMS_ECC_POINT */
	HAND(TPM2B_ECC_POINT, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00),
	HAND(TPMS_ECC_POINT, 0x00, 0x01, 0x11, 0x00, 0x01, 0x22),
	/* TPMS_PCR_SELECTION with sizeofSelect 0 (legal) and 4 (max) */
	HAND(TPMS_PCR_SELECTION, 0x00, 0x0b, 0x00),
	HAND(TPMS_PCR_SELECTION, 0x00, 0x0b, 0x04, 0xff, 0xff, 0xff, 0xff),
	/* TPMT_TK_VERIFIED / AUTH tickets, NULL ticket */
	HAND(TPMT_TK, 0x80, 0x22, 0x40, 0x00, 0x00, 0x07, 0x00, 0x00),
	HAND(TPMT_TK, 0x80, 0x25, 0x40, 0x00, 0x00, 0x01, 0x00, 0x01, 0x5a),
	/* TPM2B_EVENT, TPM2B_MAX_BUFFER, TPMS_SENSITIVE_CREATE */
	HAND(TPM2B_EVENT, 0x00, 0x03, 'e', 'v', 't'),
	HAND(TPM2B_MAX_BUFFER, 0x00, 0x00),
	HAND(TPMS_SENSITIVE_CREATE, 0x00, 0x01, 'a', 0x00, 0x01, 'd'),
	/* TPMS_CREATION_DATA: one bank (SHA-256, PCR 0), empty digest,
	 * locality 1, parentNameAlg SHA-256, empty names and outsideInfo */
	HAND(TPMS_CREATION_DATA, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0b, 0x03, 0x01,
	     0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00,
	     0x00, 0x00),
	/* TPMS_NV_PUBLIC: index, SHA-256, ownerwrite|ownerread, no policy, 32 */
	HAND(TPMS_NV_PUBLIC, 0x01, 0x50, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x02,
	     0x00, 0x00, 0x00, 0x20),
	/* TPMS_CAPABILITY_DATA: handles, ECC curves arms by hand too */
	HAND(TPMS_CAPABILITY_DATA, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	     0x81, 0x00, 0x00, 0x01, 0x81, 0x00, 0x00, 0x02),
	HAND(TPMS_CAPABILITY_DATA, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,
	     0x00, 0x03),
};

static void test_hand_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof hands / sizeof hands[0]; i++)
		check_golden(hands[i].o, hands[i].b, hands[i].n);
}

static void test_hand_decoded(void **state)
{
	mtpm_TPMT_PUBLIC p;
	mtpm_TPMT_SIGNATURE s;
	mtpm_TPMT_SYM_DEF d;

	(void)state;
	decode(&ops_TPMT_PUBLIC, hands[10].b, hands[10].n, &p);
	assert_int_equal(p.parameters.keyedHashDetail.scheme.scheme, MTPM_ALG_XOR);
	assert_int_equal(p.parameters.keyedHashDetail.scheme.hashAlg, MTPM_ALG_SHA256);
	assert_int_equal(p.parameters.keyedHashDetail.xor_kdf, MTPM_ALG_KDF1_SP800_108);
	assert_int_equal(p.authPolicy.size, 2);
	decode(&ops_TPMT_PUBLIC, hands[13].b, hands[13].n, &p);
	assert_int_equal(p.parameters.eccDetail.scheme.scheme, MTPM_ALG_ECDAA);
	assert_int_equal(p.parameters.eccDetail.scheme.count, 7);
	assert_int_equal(p.parameters.eccDetail.kdf.scheme, MTPM_ALG_MGF1);
	assert_int_equal(p.parameters.eccDetail.kdf.hashAlg, MTPM_ALG_SHA1);
	decode(&ops_TPMT_PUBLIC, hands[12].b, hands[12].n, &p);
	assert_int_equal(p.parameters.rsaDetail.scheme.scheme, MTPM_ALG_RSAES);
	assert_int_equal(p.parameters.rsaDetail.scheme.hashAlg, 0);
	decode(&ops_TPMT_SIGNATURE, hands[6].b, hands[6].n, &s);
	assert_int_equal(s.signature.hmac.hashAlg, MTPM_ALG_SHA1);
	assert_int_equal(s.hash, MTPM_ALG_SHA1);
	assert_int_equal(s.signature.hmac.digest[19], 20);
	decode(&ops_TPMT_SYM_DEF, hands[0].b, hands[0].n, &d);
	assert_int_equal(d.keyBits, MTPM_ALG_SHA256);
	assert_int_equal(d.mode, 0);
}

/* --- bounds ------------------------------------------------------------------ */

/* Every plain TPM2B: size == max round-trips, max+1 is rejected both ways. */
static void test_tpm2b_bounds(void **state)
{
	static const struct {
		const struct ops *o;
		size_t max;
	} t[] = {
		{ &ops_TPM2B_DIGEST, MTPM_MAX_DIGEST },
		{ &ops_TPM2B_DATA, MTPM_MAX_DIGEST + 2 },
		{ &ops_TPM2B_EVENT, 1024 },
		{ &ops_TPM2B_NAME, MTPM_MAX_NAME },
		{ &ops_TPM2B_MAX_BUFFER, MTPM_MAX_BUFFER },
		{ &ops_TPM2B_MAX_NV_BUFFER, MTPM_MAX_NV_BUFFER },
		{ &ops_TPM2B_SENSITIVE_DATA, MTPM_MAX_SYM_DATA },
		{ &ops_TPM2B_PUBLIC_KEY_RSA, MTPM_MAX_RSA_BYTES },
		{ &ops_TPM2B_ECC_PARAMETER, MTPM_MAX_ECC_BYTES },
		{ &ops_TPM2B_ENCRYPTED_SECRET, MTPM_MAX_RSA_BYTES },
		{ &ops_TPM2B_PRIVATE, MTPM_MAX_PRIVATE },
		{ &ops_TPM2B_CONTEXT_DATA, MTPM_MAX_CONTEXT },
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = t[i].max;
		/* the max fits in the struct's buffer: size then bytes */
		assert_int_equal(t[i].o->size, ((2 + n + 1) / 2) * 2);
		memset(scratch, 0x5c, sizeof scratch);
		scratch[0] = (uint8_t)(n >> 8);
		scratch[1] = (uint8_t)n;
		check_golden(t[i].o, scratch, 2 + n);
		/* one past the max, with the bytes present */
		n = t[i].max + 1;
		scratch[0] = (uint8_t)(n >> 8);
		scratch[1] = (uint8_t)n;
		expect_get_fail(t[i].o, scratch, 2 + n, MTPM_E_MALFORMED);
		expect_get_fail(t[i].o, scratch, sizeof scratch, MTPM_E_MALFORMED);
		/* put with size max+1: a caller bug */
		memset(obj.b, 0, t[i].o->size);
		memcpy(obj.b, &(uint16_t){ (uint16_t)n }, 2);
		expect_put_fail(t[i].o, obj.b, MTPM_E_USAGE);
	}
}

/* A u32 count followed by enough filler for any element type. */
static size_t with_count(uint32_t count)
{
	memset(scratch, 0, sizeof scratch);
	scratch[0] = (uint8_t)(count >> 24);
	scratch[1] = (uint8_t)(count >> 16);
	scratch[2] = (uint8_t)(count >> 8);
	scratch[3] = (uint8_t)count;
	return sizeof scratch;
}

static void test_list_bounds(void **state)
{
	mtpm_TPML_PCR_SELECTION ps;
	mtpm_TPML_DIGEST dg;
	mtpm_TPML_DIGEST_VALUES dv;
	mtpm_cur c;
	size_t n;

	(void)state;
	/* max+1 and 0xFFFFFFFF, with bytes for many elements present */
	n = with_count(MTPM_MAX_BANKS + 1);
	expect_get_fail(&ops_TPML_PCR_SELECTION, scratch, n, MTPM_E_MALFORMED);
	n = with_count(0xFFFFFFFFu);
	expect_get_fail(&ops_TPML_PCR_SELECTION, scratch, n, MTPM_E_MALFORMED);
	n = with_count(MTPM_MAX_DIGESTS + 1);
	expect_get_fail(&ops_TPML_DIGEST, scratch, n, MTPM_E_MALFORMED);
	n = with_count(0xFFFFFFFFu);
	expect_get_fail(&ops_TPML_DIGEST, scratch, n, MTPM_E_MALFORMED);
	n = with_count(0xFFFFFFFFu);
	expect_get_fail(&ops_TPML_DIGEST_VALUES, scratch, n, MTPM_E_MALFORMED);
	/* max+1 digest values; the filler (alg 0) would itself fail, so put
	 * valid NULL-hash entries first to prove the count check fires */
	n = with_count(MTPM_MAX_BANKS + 1);
	for (size_t i = 0; i <= MTPM_MAX_BANKS; i++) {
		scratch[4 + 2 * i] = 0x00;
		scratch[5 + 2 * i] = 0x10;
	}
	expect_get_fail(&ops_TPML_DIGEST_VALUES, scratch, n, MTPM_E_MALFORMED);
	/* exactly max NULL-hash entries is fine */
	scratch[3] = MTPM_MAX_BANKS;
	mtpm_cur_init_ro(&c, scratch, 4 + 2 * MTPM_MAX_BANKS);
	mtpm_get_TPML_DIGEST_VALUES(&c, &dv);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
	assert_int_equal(dv.count, MTPM_MAX_BANKS);
	/* exactly max empty digests and max empty selections */
	n = with_count(MTPM_MAX_DIGESTS);
	check_golden(&ops_TPML_DIGEST, scratch, 4 + 2 * MTPM_MAX_DIGESTS);
	n = with_count(MTPM_MAX_BANKS);
	check_golden(&ops_TPML_PCR_SELECTION, scratch, 4 + 3 * MTPM_MAX_BANKS);
	(void)n;

	/* puts over the cap are caller bugs */
	memset(&ps, 0, sizeof ps);
	ps.count = MTPM_MAX_BANKS + 1;
	expect_put_fail(&ops_TPML_PCR_SELECTION, &ps, MTPM_E_USAGE);
	ps.count = 0xFFFFFFFFu;
	expect_put_fail(&ops_TPML_PCR_SELECTION, &ps, MTPM_E_USAGE);
	memset(&dg, 0, sizeof dg);
	dg.count = MTPM_MAX_DIGESTS + 1;
	expect_put_fail(&ops_TPML_DIGEST, &dg, MTPM_E_USAGE);
	memset(&dv, 0, sizeof dv);
	dv.count = MTPM_MAX_BANKS + 1;
	expect_put_fail(&ops_TPML_DIGEST_VALUES, &dv, MTPM_E_USAGE);
}

static void test_pcr_select_bounds(void **state)
{
	static const uint8_t over[] = { 0x00, 0x0b, MTPM_PCR_SELECT_MAX + 1,
					0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t big[] = { 0x00, 0x0b, 0xff, 0xff };
	mtpm_TPMS_PCR_SELECTION s;

	(void)state;
	expect_get_fail(&ops_TPMS_PCR_SELECTION, over, sizeof over, MTPM_E_MALFORMED);
	expect_get_fail(&ops_TPMS_PCR_SELECTION, big, sizeof big, MTPM_E_MALFORMED);
	memset(&s, 0, sizeof s);
	s.sizeofSelect = MTPM_PCR_SELECT_MAX + 1;
	expect_put_fail(&ops_TPMS_PCR_SELECTION, &s, MTPM_E_USAGE);
}

static void test_capability_bounds(void **state)
{
	static const struct {
		uint32_t cap;
		uint32_t max;
	} arms[] = {
		{ MTPM_CAP_ALGS, MTPM_MAX_CAP_ALGS },
		{ MTPM_CAP_HANDLES, MTPM_MAX_CAP_HANDLES },
		{ MTPM_CAP_COMMANDS, MTPM_MAX_CAP_CC },
		{ MTPM_CAP_PCRS, MTPM_MAX_BANKS },
		{ MTPM_CAP_TPM_PROPERTIES, MTPM_MAX_TPM_PROPERTIES },
		{ MTPM_CAP_ECC_CURVES, MTPM_MAX_CAP_DATA / 2 },
	};
	static const uint32_t unknown[] = { MTPM_CAP_PP_COMMANDS, MTPM_CAP_AUDIT_COMMANDS,
					    MTPM_CAP_PCR_PROPERTIES, 9, 0x100, 0xFFFFFFFFu };
	mtpm_TPMS_CAPABILITY_DATA *cd = (void *)obj2.b;
	size_t i, j, n;
	uint32_t counts[3];

	(void)state;
	for (i = 0; i < sizeof arms / sizeof arms[0]; i++) {
		counts[0] = arms[i].max + 1;
		counts[1] = 0xFFFFFFFFu;
		counts[2] = arms[i].max;
		for (j = 0; j < 3; j++) {
			memset(scratch, 0, sizeof scratch);
			scratch[3] = (uint8_t)arms[i].cap;
			scratch[4] = (uint8_t)(counts[j] >> 24);
			scratch[5] = (uint8_t)(counts[j] >> 16);
			scratch[6] = (uint8_t)(counts[j] >> 8);
			scratch[7] = (uint8_t)counts[j];
			n = sizeof scratch;
			if (j < 2) {
				expect_get_fail(&ops_TPMS_CAPABILITY_DATA, scratch, n,
						MTPM_E_MALFORMED);
			} else {
				/* max elements of zeros parse (PCRS: empty selections) */
				mtpm_cur c;

				mtpm_cur_init_ro(&c, scratch, n);
				mtpm_get_TPMS_CAPABILITY_DATA(&c, cd);
				assert_true(mtpm_cur_valid(&c));
				assert_int_equal(c.err, MTPM_OK);
				assert_int_equal(cd->count, arms[i].max);
			}
		}
		memset(cd, 0, sizeof *cd);
		cd->capability = arms[i].cap;
		cd->count = arms[i].max + 1;
		expect_put_fail(&ops_TPMS_CAPABILITY_DATA, cd, MTPM_E_USAGE);
	}
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		memset(scratch, 0, 16);
		scratch[0] = (uint8_t)(unknown[i] >> 24);
		scratch[1] = (uint8_t)(unknown[i] >> 16);
		scratch[2] = (uint8_t)(unknown[i] >> 8);
		scratch[3] = (uint8_t)unknown[i];
		expect_get_fail(&ops_TPMS_CAPABILITY_DATA, scratch, 16, MTPM_E_MALFORMED);
		memset(cd, 0, sizeof *cd);
		cd->capability = unknown[i];
		expect_put_fail(&ops_TPMS_CAPABILITY_DATA, cd, MTPM_E_USAGE);
	}
}

/* Nested sized structures: the inner size must match the content exactly. */
static void nested_size_cases(const struct ops *o, const uint8_t *b, size_t n)
{
	uint16_t sz = (uint16_t)((b[0] << 8) | b[1]);

	assert_int_equal(sz, n - 2);
	/* one trailing byte inside the sized block */
	memcpy(scratch, b, n);
	scratch[n] = 0;
	scratch[0] = (uint8_t)((sz + 1) >> 8);
	scratch[1] = (uint8_t)(sz + 1);
	expect_get_fail(o, scratch, n + 1, MTPM_E_MALFORMED);
	scratch[n] = 0xff;
	expect_get_fail(o, scratch, n + 1, MTPM_E_MALFORMED);
	/* size one short: the content overruns the block */
	memcpy(scratch, b, n);
	scratch[0] = (uint8_t)((sz - 1) >> 8);
	scratch[1] = (uint8_t)(sz - 1);
	expect_get_fail(o, scratch, n, MTPM_E_MALFORMED);
	/* size 0 */
	scratch[0] = scratch[1] = 0;
	expect_get_fail(o, scratch, n, MTPM_E_MALFORMED);
	/* size 0xFFFF: past the input */
	scratch[0] = scratch[1] = 0xff;
	expect_get_fail(o, scratch, n, MTPM_E_MALFORMED);
}

static void test_nested_exact(void **state)
{
	struct slice sl[5];
	struct slice fp;

	(void)state;
	nested_size_cases(&ops_TPM2B_PUBLIC, golden_kernel_srk_pub, sizeof golden_kernel_srk_pub);
	nested_size_cases(&ops_TPM2B_PUBLIC, golden_kernel_seal_pub, sizeof golden_kernel_seal_pub);
	fp = frame_params(golden_create_seal_cmd, sizeof golden_create_seal_cmd, 1, 1);
	check_seq(fp.p, fp.n, SEQ(&ops_TPM2B_SENSITIVE_CREATE, &ops_TPM2B_PUBLIC,
				  &ops_TPM2B_DATA, &ops_TPML_PCR_SELECTION), 4, sl);
	nested_size_cases(&ops_TPM2B_SENSITIVE_CREATE, sl[0].p, sl[0].n);
	fp = frame_params(golden_createprimary_ecc_rsp, sizeof golden_createprimary_ecc_rsp, 1, 0);
	check_seq(fp.p, fp.n, SEQ(&ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA,
				  &ops_TPM2B_DIGEST, &ops_TPMT_TK, &ops_TPM2B_NAME), 5, sl);
	nested_size_cases(&ops_TPM2B_CREATION_DATA, sl[1].p, sl[1].n);
	fp = frame_params(golden_ecdh_keygen_rsp, sizeof golden_ecdh_keygen_rsp, 0, 0);
	check_seq(fp.p, fp.n, SEQ(&ops_TPM2B_ECC_POINT, &ops_TPM2B_ECC_POINT), 2, sl);
	nested_size_cases(&ops_TPM2B_ECC_POINT, sl[0].p, sl[0].n);
	fp = frame_params(golden_nv_readpublic_rsp, sizeof golden_nv_readpublic_rsp, 0, 0);
	check_seq(fp.p, fp.n, SEQ(&ops_TPM2B_NV_PUBLIC, &ops_TPM2B_NAME), 2, sl);
	nested_size_cases(&ops_TPM2B_NV_PUBLIC, sl[0].p, sl[0].n);
}

/* On put the nested size comes from the content, never from v->size. */
static void test_nested_size_computed(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_SENSITIVE_CREATE sc;
	mtpm_cur w;

	(void)state;
	decode(&ops_TPM2B_PUBLIC, golden_kernel_srk_pub, sizeof golden_kernel_srk_pub, &pub);
	pub.size = 7;
	mtpm_cur_init(&w, out, sizeof out);
	mtpm_put_TPM2B_PUBLIC(&w, &pub);
	assert_int_equal(w.err, MTPM_OK);
	assert_int_equal(w.pos, sizeof golden_kernel_srk_pub);
	assert_memory_equal(out, golden_kernel_srk_pub, w.pos);

	memset(&sc, 0, sizeof sc);
	sc.size = 0xFFFF;
	sc.sensitive.userAuth.size = 2;
	sc.sensitive.userAuth.buffer[0] = 'p';
	sc.sensitive.userAuth.buffer[1] = 'w';
	mtpm_cur_init(&w, out, sizeof out);
	mtpm_put_TPM2B_SENSITIVE_CREATE(&w, &sc);
	assert_int_equal(w.err, MTPM_OK);
	assert_int_equal(w.pos, 8);
	assert_memory_equal(out, ((const uint8_t[]){ 0, 6, 0, 2, 'p', 'w', 0, 0 }), 8);
}

/* Overwrite the u16 at off of a copy of b and expect get to fail. */
static void mutate16(const struct ops *o, const uint8_t *b, size_t n, size_t off, uint16_t v)
{
	memcpy(scratch, b, n);
	scratch[off] = (uint8_t)(v >> 8);
	scratch[off + 1] = (uint8_t)v;
	expect_get_fail(o, scratch, n, MTPM_E_MALFORMED);
}

static void test_unknown_selectors_get(void **state)
{
	const uint8_t *srk = golden_kernel_srk_pub;
	size_t nsrk = sizeof golden_kernel_srk_pub;
	struct slice sl[5];
	struct slice fp;

	(void)state;
	/* SRK TPM2B_PUBLIC layout: size 0, type 2, nameAlg 4, attrs 6,
	 * authPolicy 10 (empty), sym 12/14/16, scheme 18, curve 20, kdf 22 */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 2, 0x0099);          /* type */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 2, MTPM_ALG_NULL);   /* type */
	mutate16(&ops_TPMT_PUBLIC, srk + 2, nsrk - 2, 0, 0x0099);
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 12, 0x0099);         /* symmetric */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 12, MTPM_ALG_XOR);   /* not a SYM_OBJECT */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 18, MTPM_ALG_RSASSA); /* not an ECC scheme */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 18, 0x0099);
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 22, MTPM_ALG_ECDSA); /* not a KDF */
	mutate16(&ops_TPM2B_PUBLIC, srk, nsrk, 22, 0x0099);
	/* sealed-object public: scheme at 12 */
	mutate16(&ops_TPM2B_PUBLIC, golden_kernel_seal_pub, sizeof golden_kernel_seal_pub,
		 12, MTPM_ALG_RSASSA);
	/* RSA primary: scheme at 18 */
	fp = frame_params(golden_createprimary_rsa_rsp, sizeof golden_createprimary_rsa_rsp, 1, 0);
	check_seq(fp.p, fp.n, SEQ(&ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA,
				  &ops_TPM2B_DIGEST, &ops_TPMT_TK, &ops_TPM2B_NAME), 5, sl);
	mutate16(&ops_TPM2B_PUBLIC, sl[0].p, sl[0].n, 18, MTPM_ALG_ECDSA);
	mutate16(&ops_TPM2B_PUBLIC, sl[0].p, sl[0].n, 18, 0x0099);
	/* ticket tag, signature, TPMT_HA, sym def */
	mutate16(&ops_TPMT_TK, sl[3].p, sl[3].n, 0, 0x0000);
	mutate16(&ops_TPMT_TK, sl[3].p, sl[3].n, 0, MTPM_ST_SESSIONS);
	mutate16(&ops_TPMT_SIGNATURE, golden_file_ecdsa_sig, sizeof golden_file_ecdsa_sig, 0, 0x0099);
	mutate16(&ops_TPMT_SIGNATURE, golden_file_ecdsa_sig, sizeof golden_file_ecdsa_sig, 0, MTPM_ALG_ECDH);
	mutate16(&ops_TPMT_HA, hands[5].b, hands[5].n, 0, 0x0099);
	mutate16(&ops_TPMT_HA, hands[5].b, hands[5].n, 0, MTPM_ALG_ERROR);
	mutate16(&ops_TPMT_SYM_DEF, hands[2].b, hands[2].n, 0, 0x0099);
	mutate16(&ops_TPMT_SYM_DEF_OBJECT, hands[0].b, hands[0].n, 0, MTPM_ALG_XOR);
	/* HMAC signature with an unknown hash inside its TPMT_HA */
	mutate16(&ops_TPMT_SIGNATURE, hands[6].b, hands[6].n, 2, 0x0099);
	/* keyed-hash public with an RSA scheme id in place of XOR */
	mutate16(&ops_TPMT_PUBLIC, hands[10].b, hands[10].n, 12, MTPM_ALG_OAEP);
}

static void test_unknown_selectors_put(void **state)
{
	mtpm_TPMT_PUBLIC p;
	mtpm_TPMT_SIGNATURE s;
	mtpm_TPMT_HA h;
	mtpm_TPMT_SYM_DEF d;
	mtpm_TPMT_TK tk;
	mtpm_TPM2B_PUBLIC pub;

	(void)state;
	decode(&ops_TPMT_PUBLIC, golden_kernel_srk_pub + 2, sizeof golden_kernel_srk_pub - 2, &p);
	p.type = 0x0099;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);
	decode(&ops_TPMT_PUBLIC, golden_kernel_srk_pub + 2, sizeof golden_kernel_srk_pub - 2, &p);
	p.parameters.eccDetail.scheme.scheme = MTPM_ALG_OAEP;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);
	decode(&ops_TPMT_PUBLIC, golden_kernel_srk_pub + 2, sizeof golden_kernel_srk_pub - 2, &p);
	p.parameters.eccDetail.kdf.scheme = 0x0099;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);
	decode(&ops_TPMT_PUBLIC, golden_kernel_srk_pub + 2, sizeof golden_kernel_srk_pub - 2, &p);
	p.parameters.eccDetail.symmetric.algorithm = MTPM_ALG_XOR;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);
	/* ... and through TPM2B_PUBLIC, whose reserved slot must not
	 * hide the error */
	memset(&pub, 0, sizeof pub);
	pub.publicArea = p;
	expect_put_fail(&ops_TPM2B_PUBLIC, &pub, MTPM_E_USAGE);
	decode(&ops_TPMT_PUBLIC, golden_kernel_seal_pub + 2, sizeof golden_kernel_seal_pub - 2, &p);
	p.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_ECDSA;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);
	memset(&p, 0, sizeof p);
	p.type = MTPM_ALG_RSA;
	p.parameters.rsaDetail.symmetric.algorithm = MTPM_ALG_NULL;
	p.parameters.rsaDetail.scheme.scheme = MTPM_ALG_ECDAA;
	expect_put_fail(&ops_TPMT_PUBLIC, &p, MTPM_E_USAGE);

	memset(&s, 0, sizeof s);
	s.sigAlg = 0x0099;
	expect_put_fail(&ops_TPMT_SIGNATURE, &s, MTPM_E_USAGE);
	s.sigAlg = MTPM_ALG_HMAC;
	s.signature.hmac.hashAlg = 0x0099;
	expect_put_fail(&ops_TPMT_SIGNATURE, &s, MTPM_E_USAGE);
	memset(&h, 0, sizeof h);
	h.hashAlg = 0x0099;
	expect_put_fail(&ops_TPMT_HA, &h, MTPM_E_USAGE);
	memset(&d, 0, sizeof d);
	d.algorithm = 0x0099;
	expect_put_fail(&ops_TPMT_SYM_DEF, &d, MTPM_E_USAGE);
	d.algorithm = MTPM_ALG_XOR;
	expect_put_fail(&ops_TPMT_SYM_DEF_OBJECT, &d, MTPM_E_USAGE);
	memset(&tk, 0, sizeof tk);
	expect_put_fail(&ops_TPMT_TK, &tk, MTPM_E_USAGE);
}

/* Output of a failing getter is zero even when the failure is deep. */
static void test_zero_on_deep_failure(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_cur c;

	(void)state;
	memcpy(scratch, golden_kernel_srk_pub, sizeof golden_kernel_srk_pub);
	/* corrupt the last coordinate's size: fails after everything else
	 * has been written into the output */
	scratch[sizeof golden_kernel_srk_pub - 33] = 0x21;
	memset(&pub, 0xA5, sizeof pub);
	mtpm_cur_init_ro(&c, scratch, sizeof golden_kernel_srk_pub);
	mtpm_get_TPM2B_PUBLIC(&c, &pub);
	assert_true(mtpm_cur_valid(&c));
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_true(all_zero(&pub, sizeof pub));
}

/* mtpm_hex_digit on every byte value and on -1 (EOF): the digits of
 * [0-9a-fA-F] map to their value, everything else to -1. Written out
 * independently of the implementation (a string search). */
static void test_hex_digit(void **state)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	int c, want;

	(void)state;
	assert_int_equal(mtpm_hex_digit(-1), -1);
	for (c = 0; c < 256; c++) {
		const char *l = c ? strchr(lo, c) : NULL, *u = c ? strchr(up, c) : NULL;

		want = l ? (int)(l - lo) : u ? (int)(u - up) : -1;
		assert_int_equal(mtpm_hex_digit(c), want);
	}
	assert_int_equal(mtpm_hex_digit(256 + '0'), -1);
	assert_int_equal(mtpm_hex_digit(-256 + 'a'), -1);
}

/* mtpm_scheme_details: every selector of each of the four families
 * (Part 2 §11.1.23, §11.2.4.2, §11.2.5.6, §11.2.3.3) against a table
 * written from the spec; every other 16-bit value is -1 except
 * TPM_ALG_NULL (0: nothing follows), and an unknown family is -1. */
static void test_scheme_details(void **state)
{
	static const struct { int kind; uint16_t alg; int det; } t[] = {
		{ MTPM_SCHEME_KEYEDHASH, MTPM_ALG_HMAC, 1 },
		{ MTPM_SCHEME_KEYEDHASH, MTPM_ALG_XOR, 3 },
		{ MTPM_SCHEME_RSA, MTPM_ALG_RSAES, 0 },
		{ MTPM_SCHEME_RSA, MTPM_ALG_RSASSA, 1 },
		{ MTPM_SCHEME_RSA, MTPM_ALG_RSAPSS, 1 },
		{ MTPM_SCHEME_RSA, MTPM_ALG_OAEP, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_ECDSA, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_ECDH, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_SM2, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_ECSCHNORR, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_ECMQV, 1 },
		{ MTPM_SCHEME_ECC, MTPM_ALG_ECDAA, 2 },
		{ MTPM_SCHEME_KDF, MTPM_ALG_MGF1, 1 },
		{ MTPM_SCHEME_KDF, MTPM_ALG_KDF1_SP800_56A, 1 },
		{ MTPM_SCHEME_KDF, MTPM_ALG_KDF2, 1 },
		{ MTPM_SCHEME_KDF, MTPM_ALG_KDF1_SP800_108, 1 },
	};
	int kind;
	uint32_t a;
	size_t i;

	(void)state;
	for (kind = MTPM_SCHEME_KEYEDHASH; kind <= MTPM_SCHEME_KDF; kind++) {
		for (a = 0; a <= 0xFFFF; a++) {
			int want = a == MTPM_ALG_NULL ? 0 : -1;

			for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
				if (t[i].kind == kind && t[i].alg == a)
					want = t[i].det;
			if (mtpm_scheme_details(kind, (uint16_t)a) != want)
				fail_msg("family %d scheme 0x%04x: %d, want %d", kind, (unsigned)a,
					 mtpm_scheme_details(kind, (uint16_t)a), want);
		}
	}
	assert_int_equal(mtpm_scheme_details(-1, MTPM_ALG_HMAC), -1);
	assert_int_equal(mtpm_scheme_details(MTPM_SCHEME_KDF + 1, MTPM_ALG_MGF1), -1);
	assert_int_equal(mtpm_scheme_details(MTPM_SCHEME_KDF + 1, MTPM_ALG_NULL), 0);
}

/* mtpm_cap_max: the bound of each TPMS_CAPABILITY_DATA arm is its C
 * array's capacity, and the getter takes count == max, not max + 1. */
static void test_cap_max(void **state)
{
	static const uint32_t caps[] = { MTPM_CAP_ALGS, MTPM_CAP_HANDLES, MTPM_CAP_COMMANDS,
					 MTPM_CAP_PCRS, MTPM_CAP_TPM_PROPERTIES, MTPM_CAP_ECC_CURVES };
	static mtpm_TPMS_CAPABILITY_DATA v;
	static uint8_t b[8];
	size_t i;

	(void)state;
	assert_int_equal(mtpm_cap_max(MTPM_CAP_ALGS), sizeof(v.data.algorithms) / sizeof(v.data.algorithms[0]));
	assert_int_equal(mtpm_cap_max(MTPM_CAP_HANDLES), sizeof(v.data.handles) / 4);
	assert_int_equal(mtpm_cap_max(MTPM_CAP_COMMANDS), sizeof(v.data.command) / 4);
	assert_int_equal(mtpm_cap_max(MTPM_CAP_PCRS), sizeof(v.data.assignedPCR) / sizeof(v.data.assignedPCR[0]));
	assert_int_equal(mtpm_cap_max(MTPM_CAP_TPM_PROPERTIES), sizeof(v.data.tpmProperties) / 8);
	assert_int_equal(mtpm_cap_max(MTPM_CAP_ECC_CURVES), sizeof(v.data.eccCurves) / 2);
	assert_int_equal(mtpm_cap_max(MTPM_CAP_PP_COMMANDS), 0);
	assert_int_equal(mtpm_cap_max(0xFFFFFFFFu), 0);
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		mtpm_cur c;
		uint32_t max = mtpm_cap_max(caps[i]);

		/* count max + 1: rejected at the count, before any element */
		b[0] = (uint8_t)(caps[i] >> 24); b[1] = (uint8_t)(caps[i] >> 16);
		b[2] = (uint8_t)(caps[i] >> 8); b[3] = (uint8_t)caps[i];
		b[4] = (uint8_t)((max + 1) >> 24); b[5] = (uint8_t)((max + 1) >> 16);
		b[6] = (uint8_t)((max + 1) >> 8); b[7] = (uint8_t)(max + 1);
		mtpm_cur_init_ro(&c, b, sizeof(b));
		mtpm_get_TPMS_CAPABILITY_DATA(&c, &v);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_int_equal(c.pos, 8);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_createprimary_ecc),
		cmocka_unit_test(test_createprimary_rsa),
		cmocka_unit_test(test_createprimary_cmd),
		cmocka_unit_test(test_contextsave),
		cmocka_unit_test(test_create_seal),
		cmocka_unit_test(test_create_hmac_aes),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_ecdh_points),
		cmocka_unit_test(test_pcr),
		cmocka_unit_test(test_getcap),
		cmocka_unit_test(test_session_nv),
		cmocka_unit_test(test_kernel_vector),
		cmocka_unit_test(test_hand_vectors),
		cmocka_unit_test(test_hand_decoded),
		cmocka_unit_test(test_tpm2b_bounds),
		cmocka_unit_test(test_list_bounds),
		cmocka_unit_test(test_pcr_select_bounds),
		cmocka_unit_test(test_capability_bounds),
		cmocka_unit_test(test_nested_exact),
		cmocka_unit_test(test_nested_size_computed),
		cmocka_unit_test(test_unknown_selectors_get),
		cmocka_unit_test(test_unknown_selectors_put),
		cmocka_unit_test(test_zero_on_deep_failure),
		cmocka_unit_test(test_hex_digit),
		cmocka_unit_test(test_scheme_details),
		cmocka_unit_test(test_cap_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
