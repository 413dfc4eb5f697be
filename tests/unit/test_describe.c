/*
 * test_describe.c - src/marshal/describe.c: the field walkers
 * (mtpm_describe_*) against the marshaller they describe.
 *
 * The tie: for every structure a walker handles, the walk of a value is
 * checked against what mtpm_put_T writes for that same value (walk()):
 *   - the first event is an OPEN of the whole structure, as long as put's
 *     output, and the events nest (every CLOSE has its OPEN or GROUP);
 *   - every field starts where the previous one ended (off), so the INT,
 *     TPM2B and BYTES widths add up to exactly put's length;
 *   - each INT's value is the big-endian number put wrote at its offset,
 *     each TPM2B's size field and bytes are put's, each BYTES is put's;
 *   - every OPEN's length is the bytes its fields cover.
 * So a walker cannot drift from the put function (nor, through
 * test_marshal's round trips, from the getter) without failing here.
 *
 * Values: the golden frames of tests/unit/golden/marshal_golden.h (swtpm
 * 0.7.1 / libtpms 0.9.2, see its provenance), parsed by the getters, and
 * a hand-made value for every union arm (each public type and scheme
 * shape, each signature scheme, each capability, each hash of TPMT_HA,
 * each ticket), with the arm's fields named. Then the limits: the most
 * headings one walk has (MTPM_MAX_BANKS selections in creation data),
 * counts beyond their arrays and selectors put refuses (walked no further
 * than the C struct).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/describe.h"
#include "mtpm/marshal.h"
#include "golden/marshal_golden.h"

/* --- one table row per walker, with uniform signatures -------------------- */

struct ops {
	const char *name;     /* the Part 2 type: the first OPEN's type */
	void (*get)(mtpm_cur *c, void *v);
	void (*put)(mtpm_cur *c, const void *v);
	void (*describe)(const void *v, mtpm_field_fn *fn, void *arg);  /* NULL: skip */
};

#define OPS(T)                                                                  \
	static void g_##T(mtpm_cur *c, void *v) { mtpm_get_##T(c, v); }         \
	static void p_##T(mtpm_cur *c, const void *v) { mtpm_put_##T(c, v); }   \
	static void d_##T(const void *v, mtpm_field_fn *fn, void *arg)          \
	{ mtpm_describe_##T(v, "top", fn, arg); }                               \
	static const struct ops ops_##T = { #T, g_##T, p_##T, d_##T }
/* A parameter the walkers do not describe (a plain TPM2B or integer):
 * read past it. */
#define SKIP(T)                                                                 \
	static void g_##T(mtpm_cur *c, void *v) { mtpm_get_##T(c, v); }         \
	static const struct ops ops_##T = { #T, g_##T, NULL, NULL }

OPS(TPMT_HA);
OPS(TPMS_PCR_SELECTION);
OPS(TPML_PCR_SELECTION);
OPS(TPML_DIGEST);
OPS(TPML_DIGEST_VALUES);
OPS(TPMT_SYM_DEF);
OPS(TPMT_SYM_DEF_OBJECT);
OPS(TPM2B_SENSITIVE_CREATE);
OPS(TPMT_PUBLIC);
OPS(TPM2B_PUBLIC);
OPS(TPM2B_CREATION_DATA);
OPS(TPMT_SIGNATURE);
OPS(TPMS_AUTH_COMMAND);
OPS(TPMS_AUTH_RESPONSE);
OPS(TPMS_CONTEXT);
OPS(TPM2B_NV_PUBLIC);
OPS(TPMS_CAPABILITY_DATA);
SKIP(TPM2B_DIGEST);
SKIP(TPM2B_DATA);
SKIP(TPM2B_NAME);
SKIP(TPM2B_PRIVATE);

/* TPMT_TK takes the ticket's type from the caller (Part 2 has no TPMT_TK) */
static void g_TPMT_TK(mtpm_cur *c, void *v) { mtpm_get_TPMT_TK(c, v); }
static void p_TPMT_TK(mtpm_cur *c, const void *v) { mtpm_put_TPMT_TK(c, v); }
static void d_TPMT_TK(const void *v, mtpm_field_fn *fn, void *arg)
{
	mtpm_describe_TPMT_TK(v, "top", "TPMT_TK_CREATION", fn, arg);
}
static const struct ops ops_TPMT_TK = { "TPMT_TK_CREATION", g_TPMT_TK, p_TPMT_TK, d_TPMT_TK };

static void g_u8(mtpm_cur *c, void *v) { mtpm_get_u8(c, v); }
static void g_u32(mtpm_cur *c, void *v) { mtpm_get_u32(c, v); }
static const struct ops ops_u8 = { "UINT8", g_u8, NULL, NULL };
static const struct ops ops_u32 = { "UINT32", g_u32, NULL, NULL };

/* Room for the largest structure (TPMS_CONTEXT), aligned for any. */
union any {
	uint8_t b[4096];
	mtpm_TPMT_HA ha;
	mtpm_TPMS_PCR_SELECTION sel;
	mtpm_TPML_PCR_SELECTION sels;
	mtpm_TPML_DIGEST dig;
	mtpm_TPML_DIGEST_VALUES dv;
	mtpm_TPMT_SYM_DEF sym;
	mtpm_TPM2B_SENSITIVE_CREATE sc;
	mtpm_TPMT_PUBLIC pa;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_CREATION_DATA cd;
	mtpm_TPMT_TK tk;
	mtpm_TPMT_SIGNATURE sig;
	mtpm_TPMS_AUTH_COMMAND ac;
	mtpm_TPMS_AUTH_RESPONSE ar;
	mtpm_TPMS_CONTEXT ctx;
	mtpm_TPM2B_NV_PUBLIC nv;
	mtpm_TPMS_CAPABILITY_DATA cap;
};
static union any obj;
static uint8_t wire[4096];

/* --- the checker: a walk against put's bytes ------------------------------ */

struct check {
	const uint8_t *b;     /* put's output */
	size_t n;
	size_t pos;           /* where the next field must start */
	unsigned depth, events, opens;
	struct { size_t start, len; int open; } stack[8];
	const char *first_type;
	char names[4096];     /* "name:TYPE " per field and heading, in order */
	size_t nl;
	unsigned secret;      /* how many TPM2Bs were marked secret */
};

static void add_name(struct check *k, const mtpm_field *f)
{
	int r = snprintf(k->names + k->nl, sizeof k->names - k->nl, "%s:%s ", f->name, f->type);

	assert_true(r > 0 && (size_t)r < sizeof k->names - k->nl);
	k->nl += (size_t)r;
}

static uint64_t be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void on_event(const mtpm_field *f, void *arg)
{
	struct check *k = arg;

	if (k->events++ == 0) {
		assert_int_equal(f->what, MTPM_FIELD_OPEN);
		assert_int_equal(f->len, k->n);
		k->first_type = f->type;
	} else {
		assert_true(k->depth > 0);   /* nothing after the last CLOSE */
	}
	if (f->what == MTPM_FIELD_CLOSE) {
		assert_true(k->depth > 0);
		k->depth--;
		if (k->stack[k->depth].open)
			assert_int_equal(k->pos - k->stack[k->depth].start,
					 k->stack[k->depth].len);
		return;
	}
	assert_non_null(f->name);
	assert_non_null(f->type);
	add_name(k, f);
	assert_int_equal(f->off, k->pos);
	switch (f->what) {
	case MTPM_FIELD_OPEN:
	case MTPM_FIELD_GROUP:
		assert_true(k->depth < 8);
		k->stack[k->depth].start = k->pos;
		k->stack[k->depth].len = f->len;
		k->stack[k->depth].open = f->what == MTPM_FIELD_OPEN;
		if (f->what == MTPM_FIELD_OPEN) {
			assert_true(f->len <= k->n - k->pos);
			k->opens++;
		} else {
			assert_int_equal(f->len, 0);
		}
		k->depth++;
		return;
	case MTPM_FIELD_INT:
		assert_true(f->len == 1 || f->len == 2 || f->len == 4 || f->len == 8);
		assert_true(f->len <= k->n - k->pos);
		assert_true(f->show != MTPM_SHOW_BYTES && f->show != MTPM_SHOW_PCRS);
		assert_true(be(k->b + k->pos, f->len) == f->value);
		break;
	case MTPM_FIELD_TPM2B:
		assert_true(f->len >= 2 && f->len <= k->n - k->pos);
		assert_true(f->value == f->len - 2);
		assert_true(be(k->b + k->pos, 2) == f->value);
		if (f->len > 2)
			assert_memory_equal(k->b + k->pos + 2, f->bytes, f->len - 2);
		k->secret += f->secret;
		break;
	case MTPM_FIELD_BYTES:
		assert_true(f->len <= k->n - k->pos);
		assert_true(f->show == MTPM_SHOW_BYTES || f->show == MTPM_SHOW_PCRS);
		if (f->len > 0)
			assert_memory_equal(k->b + k->pos, f->bytes, f->len);
		break;
	default:
		fail_msg("unknown event %u", (unsigned)f->what);
	}
	k->pos += f->len;
}

/* Walk v (of type o) and hold it to what o->put writes for it. */
static void walk(const struct ops *o, const void *v, struct check *k)
{
	mtpm_cur c;

	mtpm_cur_init(&c, wire, sizeof wire);
	o->put(&c, v);
	if (c.err != MTPM_OK)
		fail_msg("mtpm_put_%s refuses the value: 0x%08x", o->name, (unsigned)c.err);
	memset(k, 0, sizeof *k);
	k->b = wire;
	k->n = c.pos;
	o->describe(v, on_event, k);
	assert_true(k->events > 0);
	assert_int_equal(k->depth, 0);
	assert_int_equal(k->pos, k->n);
	assert_string_equal(k->first_type, o->name);
}

static int has(const struct check *k, const char *s)
{
	return strstr(k->names, s) != NULL;
}

/* --- golden frames: every structure in them --------------------------------- */

static unsigned walked;   /* structures walked from golden frames */

/* Parse the items of seq from p[0..n) (all of it), walking each. */
static void walk_seq(const uint8_t *p, size_t n, const struct ops *const *seq, size_t nseq)
{
	static union any item;
	struct check k;
	mtpm_cur c;
	size_t i;

	mtpm_cur_init_ro(&c, p, n);
	for (i = 0; i < nseq; i++) {
		seq[i]->get(&c, &item);
		if (c.err != MTPM_OK)
			fail_msg("item %zu (%s) rejected", i, seq[i]->name);
		if (seq[i]->describe) {
			walk(seq[i], &item, &k);
			walked++;
		}
	}
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
}

/* A frame's parameters (Part 1 §18): after nh handles, and for a command
 * with sessions after its authorization area, for a response before it;
 * each authorization entry is walked too. */
static void walk_frame(const uint8_t *f, size_t len, unsigned nh, int is_cmd,
		       const struct ops *const *seq, size_t nseq)
{
	static union any item;
	const struct ops *ao = is_cmd ? &ops_TPMS_AUTH_COMMAND : &ops_TPMS_AUTH_RESPONSE;
	const uint8_t *p, *params;
	uint16_t tag;
	uint32_t size, code, asize;
	size_t np;
	mtpm_cur c, a;
	struct check k;

	mtpm_cur_init_ro(&c, f, len);
	mtpm_get_u16(&c, &tag);
	mtpm_get_u32(&c, &size);
	mtpm_get_u32(&c, &code);
	assert_non_null(mtpm_get_skip(&c, 4 * (size_t)nh));
	assert_int_equal(c.err, MTPM_OK);
	if (tag == MTPM_ST_NO_SESSIONS) {
		walk_seq(mtpm_cur_here(&c), mtpm_cur_left(&c), seq, nseq);
		return;
	}
	mtpm_get_u32(&c, &asize);
	p = mtpm_get_skip(&c, asize);
	assert_non_null(p);
	if (is_cmd) {
		mtpm_cur_init_ro(&a, p, asize);
		params = mtpm_cur_here(&c);
		np = mtpm_cur_left(&c);
	} else {
		params = p;
		np = asize;
		mtpm_cur_init_ro(&a, mtpm_cur_here(&c), mtpm_cur_left(&c));
	}
	while (mtpm_cur_left(&a) > 0) {
		ao->get(&a, &item);
		assert_int_equal(a.err, MTPM_OK);
		walk(ao, &item, &k);
		assert_int_equal(k.secret, 1);          /* hmac, never the nonce */
		walked++;
	}
	walk_seq(params, np, seq, nseq);
}

#define SEQ(...) ((const struct ops *const[]){ __VA_ARGS__ })
#define NSEQ(...) (sizeof(SEQ(__VA_ARGS__)) / sizeof(const struct ops *))
#define FRAME(arr, nh, is_cmd, ...) \
	walk_frame(arr, sizeof arr, nh, is_cmd, SEQ(__VA_ARGS__), NSEQ(__VA_ARGS__))

static void test_golden(void **state)
{
	(void)state;
	walked = 0;
	FRAME(golden_createprimary_ecc_cmd, 1, 1, &ops_TPM2B_SENSITIVE_CREATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_DATA, &ops_TPML_PCR_SELECTION);
	FRAME(golden_createprimary_ecc_rsp, 1, 0, &ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA,
	      &ops_TPM2B_DIGEST, &ops_TPMT_TK, &ops_TPM2B_NAME);
	FRAME(golden_createprimary_rsa_rsp, 1, 0, &ops_TPM2B_PUBLIC, &ops_TPM2B_CREATION_DATA,
	      &ops_TPM2B_DIGEST, &ops_TPMT_TK, &ops_TPM2B_NAME);
	FRAME(golden_contextsave_ecc_rsp, 0, 0, &ops_TPMS_CONTEXT);
	FRAME(golden_contextsave_rsa_rsp, 0, 0, &ops_TPMS_CONTEXT);
	FRAME(golden_create_seal_cmd, 1, 1, &ops_TPM2B_SENSITIVE_CREATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_DATA, &ops_TPML_PCR_SELECTION);
	FRAME(golden_create_seal_rsp, 0, 0, &ops_TPM2B_PRIVATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST, &ops_TPMT_TK);
	FRAME(golden_create_hmac_rsp, 0, 0, &ops_TPM2B_PRIVATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST, &ops_TPMT_TK);
	FRAME(golden_create_aes_rsp, 0, 0, &ops_TPM2B_PRIVATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_CREATION_DATA, &ops_TPM2B_DIGEST, &ops_TPMT_TK);
	FRAME(golden_createloaded_ecdsa_rsp, 1, 0, &ops_TPM2B_PRIVATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_NAME);
	FRAME(golden_createloaded_rsassa_rsp, 1, 0, &ops_TPM2B_PRIVATE, &ops_TPM2B_PUBLIC,
	      &ops_TPM2B_NAME);
	FRAME(golden_hash_rsp, 0, 0, &ops_TPM2B_DIGEST, &ops_TPMT_TK);
	FRAME(golden_sign_ecdsa_rsp, 0, 0, &ops_TPMT_SIGNATURE);
	FRAME(golden_sign_rsassa_rsp, 0, 0, &ops_TPMT_SIGNATURE);
	FRAME(golden_pcr_extend_cmd, 1, 1, &ops_TPML_DIGEST_VALUES);
	FRAME(golden_pcr_read_cmd, 0, 1, &ops_TPML_PCR_SELECTION);
	FRAME(golden_pcr_read_rsp, 0, 0, &ops_u32, &ops_TPML_PCR_SELECTION, &ops_TPML_DIGEST);
	FRAME(golden_getcap_algs_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_getcap_commands_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_getcap_pcrs_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_getcap_props_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_getcap_curves_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_getcap_handles_rsp, 0, 0, &ops_u8, &ops_TPMS_CAPABILITY_DATA);
	FRAME(golden_nv_readpublic_rsp, 0, 0, &ops_TPM2B_NV_PUBLIC, &ops_TPM2B_NAME);
	walk_seq(golden_file_ecc_primary_pub, sizeof golden_file_ecc_primary_pub,
		 SEQ(&ops_TPM2B_PUBLIC), 1);
	walk_seq(golden_file_seal_pub, sizeof golden_file_seal_pub, SEQ(&ops_TPM2B_PUBLIC), 1);
	walk_seq(golden_kernel_srk_pub, sizeof golden_kernel_srk_pub, SEQ(&ops_TPM2B_PUBLIC), 1);
	walk_seq(golden_file_ecdsa_sig, sizeof golden_file_ecdsa_sig, SEQ(&ops_TPMT_SIGNATURE), 1);
	walk_seq(golden_file_rsassa_sig, sizeof golden_file_rsassa_sig,
		 SEQ(&ops_TPMT_SIGNATURE), 1);
	assert_int_equal(walked, 56);   /* structures and auth entries above */
}

/* --- union arms, by hand ---------------------------------------------------- */

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 7 * i);
}

/* A TPM2B of n bytes. */
#define SET2B(x, n, seed) ((x).size = (n), fill((x).buffer, (n), (seed)))

static void test_public_arms(void **state)
{
	mtpm_TPMT_PUBLIC *pa = &obj.pa;
	mtpm_TPMS_RSA_PARMS *rsa = &pa->parameters.rsaDetail;
	mtpm_TPMS_ECC_PARMS *ecc = &pa->parameters.eccDetail;
	mtpm_TPMS_KEYEDHASH_PARMS *kh = &pa->parameters.keyedHashDetail;
	struct check k;

	(void)state;
	/* keyed hash: HMAC (a hash follows), XOR (hash + kdf), NULL (nothing) */
	memset(&obj, 0, sizeof obj);
	pa->type = MTPM_ALG_KEYEDHASH;
	pa->nameAlg = MTPM_ALG_SHA256;
	pa->objectAttributes = 0x00040072;
	SET2B(pa->authPolicy, 32, 1);
	kh->scheme.scheme = MTPM_ALG_HMAC;
	kh->scheme.hashAlg = MTPM_ALG_SHA384;
	SET2B(pa->unique.keyedHash, 32, 2);
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "parameters.keyedHashDetail:TPMS_KEYEDHASH_PARMS "
			   "scheme:TPMT_KEYEDHASH_SCHEME scheme:TPMI_ALG_KEYEDHASH_SCHEME "
			   "details.hashAlg:TPMI_ALG_HASH unique.keyedHash:TPM2B_DIGEST "));
	kh->scheme.scheme = MTPM_ALG_XOR;
	kh->xor_kdf = MTPM_ALG_KDF1_SP800_108;
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "details.hashAlg:TPMI_ALG_HASH details.kdf:TPMI_ALG_KDF "));
	kh->scheme.scheme = MTPM_ALG_NULL;
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_false(has(&k, "details."));

	/* symmetric cipher: AES, CAMELLIA (keyBits + mode), NULL */
	memset(&obj, 0, sizeof obj);
	pa->type = MTPM_ALG_SYMCIPHER;
	pa->nameAlg = MTPM_ALG_SHA1;
	pa->parameters.symDetail.sym = (mtpm_TPMT_SYM_DEF){ MTPM_ALG_AES, 256, MTPM_ALG_CFB };
	SET2B(pa->unique.sym, 20, 3);
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "parameters.symDetail:TPMS_SYMCIPHER_PARMS sym:TPMT_SYM_DEF_OBJECT "
			   "algorithm:TPMI_ALG_SYM_OBJECT keyBits:TPM_KEY_BITS "
			   "mode:TPMI_ALG_SYM_MODE unique.sym:TPM2B_DIGEST "));
	pa->parameters.symDetail.sym.algorithm = MTPM_ALG_CAMELLIA;
	walk(&ops_TPMT_PUBLIC, pa, &k);
	pa->parameters.symDetail.sym = (mtpm_TPMT_SYM_DEF){ MTPM_ALG_NULL, 0, 0 };
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_false(has(&k, "mode:"));

	/* RSA: every scheme shape (RSAES: nothing; OAEP, RSASSA, RSAPSS: hash) */
	memset(&obj, 0, sizeof obj);
	pa->type = MTPM_ALG_RSA;
	pa->nameAlg = MTPM_ALG_SHA256;
	rsa->symmetric = (mtpm_TPMT_SYM_DEF){ MTPM_ALG_AES, 128, MTPM_ALG_CFB };
	rsa->scheme.scheme = MTPM_ALG_RSAES;
	rsa->keyBits = 2048;
	rsa->exponent = 65537;
	SET2B(pa->unique.rsa, 256, 4);
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "parameters.rsaDetail:TPMS_RSA_PARMS symmetric:TPMT_SYM_DEF_OBJECT "));
	assert_true(has(&k, "scheme:TPMT_RSA_SCHEME scheme:TPMI_ALG_RSA_SCHEME "
			   "keyBits:TPMI_RSA_KEY_BITS exponent:UINT32 "
			   "unique.rsa:TPM2B_PUBLIC_KEY_RSA "));
	rsa->scheme.scheme = MTPM_ALG_OAEP;
	rsa->scheme.hashAlg = MTPM_ALG_SHA256;
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "scheme:TPMI_ALG_RSA_SCHEME details.hashAlg:TPMI_ALG_HASH "));
	rsa->scheme.scheme = MTPM_ALG_RSAPSS;
	walk(&ops_TPMT_PUBLIC, pa, &k);

	/* ECC: ECDAA (hash + count), ECDSA, a KDF scheme, NULL */
	memset(&obj, 0, sizeof obj);
	pa->type = MTPM_ALG_ECC;
	pa->nameAlg = MTPM_ALG_SHA256;
	ecc->symmetric.algorithm = MTPM_ALG_NULL;
	ecc->scheme = (mtpm_TPMT_SCHEME){ MTPM_ALG_ECDAA, MTPM_ALG_SHA256, 7 };
	ecc->curveID = MTPM_ECC_NIST_P256;
	ecc->kdf = (mtpm_TPMT_SCHEME){ MTPM_ALG_KDF2, MTPM_ALG_SHA256, 0 };
	SET2B(pa->unique.ecc.x, 32, 5);
	SET2B(pa->unique.ecc.y, 32, 6);
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_true(has(&k, "details.hashAlg:TPMI_ALG_HASH details.count:UINT16 "
			   "curveID:TPMI_ECC_CURVE kdf:TPMT_KDF_SCHEME scheme:TPMI_ALG_KDF "
			   "details.hashAlg:TPMI_ALG_HASH unique.ecc:TPMS_ECC_POINT "
			   "x:TPM2B_ECC_PARAMETER y:TPM2B_ECC_PARAMETER "));
	ecc->scheme = (mtpm_TPMT_SCHEME){ MTPM_ALG_ECDSA, MTPM_ALG_SHA384, 0 };
	ecc->kdf.scheme = MTPM_ALG_NULL;
	walk(&ops_TPMT_PUBLIC, pa, &k);
	assert_false(has(&k, "details.count"));

	/* the same area in its TPM2B: size is the area's length */
	memset(&obj.pub, 0, sizeof obj.pub);
	obj.pub.publicArea.type = MTPM_ALG_KEYEDHASH;
	obj.pub.publicArea.nameAlg = MTPM_ALG_SHA256;
	obj.pub.publicArea.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
	obj.pub.size = 999;   /* ignored, as by put */
	walk(&ops_TPM2B_PUBLIC, &obj.pub, &k);
	assert_true(has(&k, "top:TPM2B_PUBLIC size:UINT16 publicArea:TPMT_PUBLIC "));
}

static void test_sym_def_arms(void **state)
{
	static const uint16_t algs[] = { MTPM_ALG_AES, MTPM_ALG_SM4, MTPM_ALG_CAMELLIA,
					 MTPM_ALG_XOR, MTPM_ALG_NULL };
	struct check k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		obj.sym = (mtpm_TPMT_SYM_DEF){ algs[i], 128, MTPM_ALG_CFB };
		if (algs[i] == MTPM_ALG_XOR)
			obj.sym.keyBits = MTPM_ALG_SHA256;
		walk(&ops_TPMT_SYM_DEF, &obj.sym, &k);
		assert_int_equal(has(&k, "keyBits.xor:TPMI_ALG_HASH "), algs[i] == MTPM_ALG_XOR);
		if (algs[i] != MTPM_ALG_XOR)
			walk(&ops_TPMT_SYM_DEF_OBJECT, &obj.sym, &k);
	}
}

static void test_signature_arms(void **state)
{
	static const uint16_t rsa[] = { MTPM_ALG_RSASSA, MTPM_ALG_RSAPSS };
	static const uint16_t ecc[] = { MTPM_ALG_ECDSA, MTPM_ALG_ECDAA, MTPM_ALG_SM2,
					MTPM_ALG_ECSCHNORR };
	mtpm_TPMT_SIGNATURE *s = &obj.sig;
	struct check k;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(&obj, 0, sizeof obj);
		s->sigAlg = rsa[i];
		s->hash = MTPM_ALG_SHA256;
		SET2B(s->signature.rsa, 256, 9);
		walk(&ops_TPMT_SIGNATURE, s, &k);
		assert_true(has(&k, "sigAlg:TPMI_ALG_SIG_SCHEME signature.rsa.hash:TPMI_ALG_HASH "
				   "signature.rsa.sig:TPM2B_PUBLIC_KEY_RSA "));
	}
	for (i = 0; i < 4; i++) {
		memset(&obj, 0, sizeof obj);
		s->sigAlg = ecc[i];
		s->hash = MTPM_ALG_SHA384;
		SET2B(s->signature.ecc.r, 48, 10);
		SET2B(s->signature.ecc.s, 47, 11);
		walk(&ops_TPMT_SIGNATURE, s, &k);
		assert_true(has(&k, "signature.ecc.hash:TPMI_ALG_HASH "
				   "signature.ecc.signatureR:TPM2B_ECC_PARAMETER "
				   "signature.ecc.signatureS:TPM2B_ECC_PARAMETER "));
	}
	memset(&obj, 0, sizeof obj);
	s->sigAlg = MTPM_ALG_HMAC;
	s->signature.hmac.hashAlg = MTPM_ALG_SHA256;
	fill(s->signature.hmac.digest, 32, 12);
	walk(&ops_TPMT_SIGNATURE, s, &k);
	assert_true(has(&k, "signature.hmac:TPMT_HA hashAlg:TPMI_ALG_HASH digest:TPMU_HA "));
	s->sigAlg = MTPM_ALG_NULL;
	walk(&ops_TPMT_SIGNATURE, s, &k);
	assert_string_equal(k.names, "top:TPMT_SIGNATURE sigAlg:TPMI_ALG_SIG_SCHEME ");
}

static void test_capability_arms(void **state)
{
	mtpm_TPMS_CAPABILITY_DATA *c = &obj.cap;
	struct check k;
	uint32_t i;

	(void)state;
	memset(&obj, 0, sizeof obj);
	c->capability = MTPM_CAP_ALGS;
	c->count = 3;
	for (i = 0; i < 3; i++)
		c->data.algorithms[i] = (mtpm_TPMS_ALG_PROPERTY){ (uint16_t)(1 + i), 0x10 * i };
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "capability:TPM_CAP data:TPML_ALG_PROPERTY count:UINT32 "
			   "algProperties[]:TPMS_ALG_PROPERTY alg:TPM_ALG_ID "
			   "algProperties:TPMA_ALGORITHM "));
	c->capability = MTPM_CAP_HANDLES;
	for (i = 0; i < 3; i++)
		c->data.handles[i] = 0x81000000 + i;
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "data:TPML_HANDLE count:UINT32 handle[]:TPM_HANDLE "));
	c->capability = MTPM_CAP_COMMANDS;
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "data:TPML_CCA count:UINT32 commandAttributes[]:TPMA_CC "));
	c->capability = MTPM_CAP_TPM_PROPERTIES;
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "data:TPML_TAGGED_TPM_PROPERTY count:UINT32 "
			   "tpmProperty[]:TPMS_TAGGED_PROPERTY property:TPM_PT value:UINT32 "));
	c->capability = MTPM_CAP_ECC_CURVES;
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "data:TPML_ECC_CURVE count:UINT32 eccCurves[]:TPM_ECC_CURVE "));
	memset(&obj, 0, sizeof obj);
	c->capability = MTPM_CAP_PCRS;
	c->count = 2;
	c->data.assignedPCR[0] = (mtpm_TPMS_PCR_SELECTION){ MTPM_ALG_SHA1, 3, { 0xFF, 0x01, 0x80 } };
	c->data.assignedPCR[1] = (mtpm_TPMS_PCR_SELECTION){ MTPM_ALG_SHA256, 0, { 0 } };
	walk(&ops_TPMS_CAPABILITY_DATA, c, &k);
	assert_true(has(&k, "data:TPML_PCR_SELECTION count:UINT32 "
			   "pcrSelections[]:TPMS_PCR_SELECTION hash:TPMI_ALG_HASH "
			   "sizeofSelect:UINT8 pcrSelect:BYTE "));
	assert_int_equal(k.opens, 3);
}

static void test_small_arms(void **state)
{
	static const uint16_t hashes[] = { MTPM_ALG_SHA1, MTPM_ALG_SHA256, MTPM_ALG_SHA384,
					   MTPM_ALG_SHA512, MTPM_ALG_NULL };
	static const uint16_t tags[] = { MTPM_ST_CREATION, MTPM_ST_VERIFIED, MTPM_ST_AUTH_SECRET,
					 MTPM_ST_AUTH_SIGNED, MTPM_ST_HASHCHECK };
	struct check k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
		memset(&obj, 0, sizeof obj);
		obj.ha.hashAlg = hashes[i];
		fill(obj.ha.digest, sizeof obj.ha.digest, 13);
		walk(&ops_TPMT_HA, &obj.ha, &k);
		assert_int_equal(k.n, 2 + mtpm_hash_size(hashes[i]));
	}
	for (i = 0; i <= MTPM_PCR_SELECT_MAX; i++) {
		memset(&obj, 0, sizeof obj);
		obj.sel.hash = MTPM_ALG_SHA256;
		obj.sel.sizeofSelect = (uint8_t)i;
		fill(obj.sel.pcrSelect, i, 0x81);
		walk(&ops_TPMS_PCR_SELECTION, &obj.sel, &k);
		assert_int_equal(k.n, 3 + i);
	}
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		memset(&obj, 0, sizeof obj);
		obj.tk.tag = tags[i];
		obj.tk.hierarchy = MTPM_RH_OWNER;
		SET2B(obj.tk.digest, (uint16_t)(i * 8), 14);
		walk(&ops_TPMT_TK, &obj.tk, &k);
	}
	/* authorization entries: the hmac is secret, a password named so */
	memset(&obj, 0, sizeof obj);
	obj.ac.sessionHandle = MTPM_RS_PW;
	SET2B(obj.ac.hmac, 8, 15);
	walk(&ops_TPMS_AUTH_COMMAND, &obj.ac, &k);
	assert_int_equal(k.secret, 1);
	assert_true(has(&k, "hmac (password):TPM2B_AUTH "));
	obj.ac.sessionHandle = 0x02000000;
	SET2B(obj.ac.nonce, 16, 16);
	obj.ac.sessionAttributes = MTPM_SA_CONTINUESESSION;
	SET2B(obj.ac.hmac, 32, 17);
	walk(&ops_TPMS_AUTH_COMMAND, &obj.ac, &k);
	assert_string_equal(k.names, "top:TPMS_AUTH_COMMAND sessionHandle:TPMI_SH_AUTH_SESSION "
			    "nonce:TPM2B_NONCE sessionAttributes:TPMA_SESSION hmac:TPM2B_AUTH ");
	memset(&obj, 0, sizeof obj);
	SET2B(obj.ar.nonce, 32, 18);
	SET2B(obj.ar.hmac, 32, 19);
	walk(&ops_TPMS_AUTH_RESPONSE, &obj.ar, &k);
	assert_int_equal(k.secret, 1);
	/* sensitive create: both fields secret */
	memset(&obj, 0, sizeof obj);
	SET2B(obj.sc.sensitive.userAuth, 8, 20);
	SET2B(obj.sc.sensitive.data, 25, 21);
	walk(&ops_TPM2B_SENSITIVE_CREATE, &obj.sc, &k);
	assert_int_equal(k.secret, 2);
	/* NV public, context */
	memset(&obj, 0, sizeof obj);
	obj.nv.nvPublic = (mtpm_TPMS_NV_PUBLIC){ 0x01800001, MTPM_ALG_SHA256, 0x2000A,
						 { 0, { 0 } }, 64 };
	walk(&ops_TPM2B_NV_PUBLIC, &obj.nv, &k);
	memset(&obj, 0, sizeof obj);
	obj.ctx.sequence = 0x0123456789ABCDEFull;
	obj.ctx.savedHandle = 0x80000000;
	obj.ctx.hierarchy = MTPM_RH_OWNER;
	SET2B(obj.ctx.contextBlob, 1000, 22);
	walk(&ops_TPMS_CONTEXT, &obj.ctx, &k);
	assert_true(has(&k, "sequence:UINT64 "));
	/* lists */
	memset(&obj, 0, sizeof obj);
	obj.dig.count = MTPM_MAX_DIGESTS;
	for (i = 0; i < MTPM_MAX_DIGESTS; i++)
		SET2B(obj.dig.digests[i], (uint16_t)(4 * i), (uint8_t)i);
	walk(&ops_TPML_DIGEST, &obj.dig, &k);
	memset(&obj, 0, sizeof obj);
	obj.dv.count = MTPM_MAX_BANKS;
	for (i = 0; i < MTPM_MAX_BANKS; i++)
		obj.dv.digests[i].hashAlg = hashes[i % 5];
	walk(&ops_TPML_DIGEST_VALUES, &obj.dv, &k);
	assert_int_equal(k.opens, 1 + MTPM_MAX_BANKS);
}

/* The most headings one walk has: creation data with a selection for
 * every bank mtpm accepts. */
static void test_most_opens(void **state)
{
	mtpm_TPMS_CREATION_DATA *cr = &obj.cd.creationData;
	struct check k;
	size_t i;

	(void)state;
	memset(&obj, 0, sizeof obj);
	cr->pcrSelect.count = MTPM_MAX_BANKS;
	for (i = 0; i < MTPM_MAX_BANKS; i++) {
		cr->pcrSelect.pcrSelections[i].hash = MTPM_ALG_SHA256;
		cr->pcrSelect.pcrSelections[i].sizeofSelect = (uint8_t)(i % 5);
		fill(cr->pcrSelect.pcrSelections[i].pcrSelect, i % 5, (uint8_t)i);
	}
	SET2B(cr->pcrDigest, 32, 23);
	cr->locality = 1;
	cr->parentNameAlg = MTPM_ALG_SHA256;
	SET2B(cr->parentName, 34, 24);
	SET2B(cr->parentQualifiedName, 34, 25);
	SET2B(cr->outsideInfo, 3, 26);
	walk(&ops_TPM2B_CREATION_DATA, &obj.cd, &k);
	assert_int_equal(k.opens, 3 + MTPM_MAX_BANKS);
}

/* Values put refuses: the walk stays inside the C struct and nests. */
static void count_only(const mtpm_field *f, void *arg)
{
	unsigned *n = arg;

	if (f->what == MTPM_FIELD_TPM2B || f->what == MTPM_FIELD_BYTES)
		assert_true(f->len <= sizeof obj);
	(*n)++;
}

static void test_refused_values(void **state)
{
	unsigned n;

	(void)state;
	memset(&obj, 0xFF, sizeof obj);
	n = 0;
	mtpm_describe_TPML_PCR_SELECTION(&obj.sels, "x", count_only, &n);
	assert_int_equal(n, 2 + 1 + MTPM_MAX_BANKS * 5);     /* open, count, close */
	n = 0;
	mtpm_describe_TPML_DIGEST(&obj.dig, "x", count_only, &n);
	assert_int_equal(n, 3 + MTPM_MAX_DIGESTS);
	n = 0;
	mtpm_describe_TPMS_CAPABILITY_DATA(&obj.cap, "x", count_only, &n);
	assert_int_equal(n, 3);                               /* open, capability, close */
	n = 0;
	mtpm_describe_TPMT_PUBLIC(&obj.pa, "x", count_only, &n);
	assert_int_equal(n, 3);                               /* open, type, close */
	n = 0;
	mtpm_describe_TPMT_SIGNATURE(&obj.sig, "x", count_only, &n);
	assert_int_equal(n, 3);
	n = 0;
	mtpm_describe_TPMS_CONTEXT(&obj.ctx, "x", count_only, &n);
	assert_int_equal(n, 6);
	/* a NULL fn is a walk with no reader */
	mtpm_describe_TPM2B_CREATION_DATA(&obj.cd, "x", NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_public_arms),
		cmocka_unit_test(test_sym_def_arms),
		cmocka_unit_test(test_signature_arms),
		cmocka_unit_test(test_capability_arms),
		cmocka_unit_test(test_small_arms),
		cmocka_unit_test(test_most_opens),
		cmocka_unit_test(test_refused_values),
	};
	return cmocka_run_group_tests_name("describe", tests, NULL, NULL);
}
