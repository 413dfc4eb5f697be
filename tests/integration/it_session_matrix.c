/*
 * it_session_matrix.c - the session engine against swtpm (issue 3 §4).
 *
 * 1. The matrix: every session kind
 *      password, HMAC unsalted, HMAC salted ECC, HMAC salted RSA,
 *      HMAC bound, policy (PolicyAuthValue)
 *    times every encryption setting
 *      none, decrypt, encrypt, both
 *    over the commands that take auth and carry secrets:
 *      Create (sealed data + userAuth), Unseal, NV_DefineSpace (index
 *      authValue), NV_Write, NV_Read, HierarchyChangeAuth (set, use, back
 *      to empty), GetRandom (encrypt/audit-only session).
 *    A combination the spec rules out (a password that encrypts, decrypt
 *    on a command whose first parameter is no TPM2B, encrypt on a response
 *    whose first parameter is no TPM2B, an extra session that neither
 *    encrypts nor audits) must be refused by mtpm with MTPM_E_USAGE before
 *    a byte goes to the TPM - never silently sent in clear.
 * 2. Bus sniffing: every exchange is grepped for the secrets it carries;
 *    an encrypted direction never shows them in clear, an unencrypted one
 *    does (so the grep can fail). Plus whole-transcript tests: salted
 *    sessions in the right directions leave no secret anywhere on the bus;
 *    a password run shows every one.
 * 3. Tampering: a flipped bit in the response parameters, HMAC, nonce or
 *    attributes, or a replayed response, is MTPM_E_INTEGRITY (or
 *    MTPM_E_MALFORMED where the frame no longer parses), flushes the
 *    session and returns no secret bytes.
 *
 * After every case nothing is left loaded (itest_loaded() == 0).
 * Persistent objects made in setup are evicted in teardown.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"

enum { K_PW, K_HMAC, K_SALT_ECC, K_SALT_RSA, K_BOUND, K_POLICY, K_N };
/* Encryption settings are bits; E_AUTO picks, per command, every
 * direction that is allowed (for the sniffing tests). */
enum { E_NONE = 0, E_DEC = 1, E_ENC = 2, E_BOTH = 3, E_AUTO = 4 };

static const char *const kind_name[K_N] = {
	"password", "hmac", "salted-ecc", "salted-rsa", "bound", "policy",
};
static const char *const enc_name[5] = { "none", "decrypt", "encrypt", "both", "auto" };

#define PARENT_H  0x81000111u   /* storage parent with authValue and a policy */
#define SRK_ECC_H 0x81000112u   /* salt keys */
#define SRK_RSA_H 0x81000113u
#define NV_H      0x01500111u
#define NV_SIZE   32

typedef struct {
	uint32_t h;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
} key_t_;

static itest it;
static key_t_ parent, srk_ecc, srk_rsa;
static mtpm_TPM2B_DIGEST pol_av;   /* PolicyAuthValue digest (SHA-256) */
static const uint8_t parent_auth[] = { 'p', 'a', 'r', 'e', 'n', 't', '-', 'a', 'u', 't', 'h', 0x91, 0x07 };

/* The case being run, for failure messages. */
static int cur_kind, cur_enc;
static const char *cur_op = "";

#define CHECK_RC(got, want) do { \
	mtpm_rc g_ = (got), w_ = (want); \
	if (g_ != w_) \
		print_error("case %s x %s, %s: rc 0x%x, want 0x%x\n", \
			    kind_name[cur_kind], enc_name[cur_enc], cur_op, \
			    (unsigned)g_, (unsigned)w_); \
	assert_int_equal(g_, w_); \
} while (0)

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static int buf_has(const uint8_t *h, size_t hn, const void *nd, size_t n)
{
	size_t i;

	if (n == 0 || hn < n)
		return 0;
	for (i = 0; i + n <= hn; i++)
		if (memcmp(h + i, nd, n) == 0)
			return 1;
	return 0;
}

/* Does needle occur in the last recorded exchange with command code cc
 * (command or response)? Fails the test if there was none. */
static int seen_in_last(uint32_t cc, const void *nd, size_t n)
{
	unsigned i = it.tp.nxfer;
	const uint8_t *p;
	size_t len;

	assert_false(it.tp.rec_full);
	while (i > 0) {
		i--;
		if (it.tp.xfer[i].cc != cc)
			continue;
		p = tamper_cmd(&it.tp, i, &len);
		if (p && buf_has(p, len, nd, n))
			return 1;
		p = tamper_rsp(&it.tp, i, &len);
		return p && buf_has(p, len, nd, n);
	}
	fail_msg("no exchange with cc 0x%x recorded", (unsigned)cc);
	return 0;
}

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static void fill_secret(uint8_t *b, size_t n, const char *label)
{
	size_t l = strlen(label);

	assert_int_equal(it.ctx.crypto->random(b, n), MTPM_OK);
	/* A readable prefix for hexdumps; the random tail makes it unique. */
	memcpy(b, label, l < n / 2 ? l : n / 2);
}

/* Part 3 §24.6 TPM2_SetPrimaryPolicy: authHandle (@auth), authPolicy,
 * hashAlg. mtpm has no wrapper for it (the seal path does not need one);
 * the test builds it through the public pipeline, from a row of its own,
 * so the policy kind can authorize the owner hierarchy. */
static const mtpm_cmd_desc row_SetPrimaryPolicy = {
	.cc = MTPM_CC_SetPrimaryPolicy, .nh = 1, .nauth = 1, .enc_cmd = 1,
	.role = { MTPM_ROLE_USER },
	.h = { { "authHandle", "TPMI_RH_HIERARCHY_POLICY" } },
};

static mtpm_rc SetPrimaryPolicy(uint32_t authHandle, const mtpm_TPM2B_DIGEST *pol,
				uint16_t alg)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, &it.ctx, &row_SetPrimaryPolicy);
	mtpm_cmd_handle(&cmd, authHandle, NULL);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, pol);
	mtpm_put_u16(p, alg);
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd.rsp);
	return mtpm_cmd_end(&cmd, rc);
}

static void sealed_template(mtpm_TPM2B_PUBLIC *t)
{
	memset(t, 0, sizeof(*t));
	t->publicArea.type = MTPM_ALG_KEYEDHASH;
	t->publicArea.nameAlg = MTPM_ALG_SHA256;
	t->publicArea.objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
					 MTPM_OA_USERWITHAUTH | MTPM_OA_NODA;
	t->publicArea.authPolicy = pol_av;
	t->publicArea.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
}

static void persist(key_t_ *k, uint32_t transient, uint32_t ph)
{
	assert_int_equal(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, transient,
					   NULL, ph), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(&it.ctx, transient), MTPM_OK);
	k->h = ph;
}

static void unpersist(uint32_t ph)
{
	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, ph, NULL, ph));
}

/* ------------------------------------------------------------------ */
/* authorizations of one case                                          */

typedef struct {
	uint32_t h;                   /* MTPM_RH_NULL: unbound */
	const mtpm_TPM2B_NAME *name;
	const uint8_t *auth;
	size_t len;
} bind_spec;

typedef struct {
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
} authz;

static uint8_t enc_attrs(int enc)
{
	return (uint8_t)(((enc & E_DEC) ? MTPM_SA_DECRYPT : 0) |
			 ((enc & E_ENC) ? MTPM_SA_ENCRYPT : 0));
}

/* Authorization of kind `kind` for an entity whose authValue is val, with
 * extra session attributes attrs. b: the entity a bound session binds to. */
static void authz_begin(authz *z, int kind, uint8_t attrs, const void *val,
			size_t vlen, const bind_spec *b)
{
	mtpm_session_opts o;

	memset(z, 0, sizeof(*z));
	z->a.value = val;
	z->a.value_len = vlen;
	z->a.attrs = (uint8_t)(MTPM_SA_CONTINUESESSION | attrs);
	z->as.a[0] = &z->a;
	z->as.n = 1;
	if (kind == K_PW)
		return;
	memset(&o, 0, sizeof(o));
	o.type = kind == K_POLICY ? MTPM_SE_POLICY : MTPM_SE_HMAC;
	o.sym_bits = 128;
	if (kind == K_SALT_ECC || kind == K_SALT_RSA) {
		const key_t_ *k = kind == K_SALT_ECC ? &srk_ecc : &srk_rsa;

		o.salt_key = k->h;
		o.salt_pub = &k->pub.publicArea;
	}
	if (kind == K_BOUND) {
		assert_non_null(b);
		o.bind = b->h;
		o.bind_name = b->name;
		o.bind_auth = b->auth;
		o.bind_auth_len = b->len;
	}
	CHECK_RC(mtpm_session_start(&it.ctx, &z->s, &o), MTPM_OK);
	if (kind == K_POLICY) {
		mtpm_policy_step st;
		mtpm_TPM2B_DIGEST d;

		memset(&st, 0, sizeof(st));
		st.cc = MTPM_CC_PolicyAuthValue;
		assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
		CHECK_RC(mtpm_policy_run(&it.ctx, &z->s, &st, &d), MTPM_OK);
		assert_memory_equal(d.buffer, pol_av.buffer, pol_av.size);
	}
	z->a.sess = &z->s;
}

static void authz_end(authz *z)
{
	if (z->a.sess && z->s.active)
		CHECK_RC(mtpm_session_flush(&it.ctx, &z->s), MTPM_OK);
	mtpm_session_forget(&z->s);
}

/* The settings a command allows: p1 / r1 say whether its first command /
 * response parameter is a TPM2B. E_AUTO: all that are allowed. */
static int eff_enc(int enc, int p1, int r1)
{
	if (enc == E_AUTO)
		return (p1 ? E_DEC : 0) | (r1 ? E_ENC : 0);
	return enc;
}

/* Must mtpm refuse this combination (Part 1 §19.8.4: a password session
 * has no nonce and no key, so it can neither encrypt nor decrypt; Part 1
 * §21.1: only a first parameter that is a TPM2B can be encrypted)? */
static int refused(int kind, int enc, int p1, int r1)
{
	if (kind == K_PW && enc != E_NONE)
		return 1;
	if ((enc & E_DEC) && !p1)
		return 1;
	if ((enc & E_ENC) && !r1)
		return 1;
	return 0;
}

/* Check the outcome of one command of the matrix: refused (not sent, the
 * session ended) or succeeded. Returns 1 if it ran. */
static int outcome(mtpm_rc rc, int refuse, authz *z, uint32_t cc, unsigned sent_before)
{
	if (refuse) {
		CHECK_RC(rc, MTPM_E_USAGE);
		/* Not a byte of it reached the bus. */
		assert_int_equal(tamper_count_cc(&it.tp, cc), sent_before);
		/* The engine ends the session on any failure. */
		assert_int_equal(z->s.active, 0);
		return 0;
	}
	CHECK_RC(rc, MTPM_OK);
	return 1;
}

/* ------------------------------------------------------------------ */
/* one matrix case                                                     */

typedef struct {
	uint8_t data[48];           /* sealed secret */
	uint8_t objauth[20];        /* sealed object's userAuth */
	uint8_t nvdata[NV_SIZE];    /* NV secret */
	uint8_t nvauth[20];         /* NV index authValue */
	uint8_t owner[20];          /* temporary owner authValue */
	mtpm_TPM2B_PRIVATE priv;
	mtpm_TPM2B_PUBLIC pub;
} secrets;

static void op_create(secrets *S, int kind, int enc)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_create_out out;
	bind_spec b = { PARENT_H, &parent.name, parent_auth, sizeof(parent_auth) };
	int e = eff_enc(enc, 1, 1), refuse = refused(kind, e, 1, 1);
	unsigned before = tamper_count_cc(&it.tp, MTPM_CC_Create);
	authz z;
	mtpm_rc rc;

	cur_op = "Create";
	memset(&sens, 0, sizeof(sens));
	sens.sensitive.userAuth.size = sizeof(S->objauth);
	memcpy(sens.sensitive.userAuth.buffer, S->objauth, sizeof(S->objauth));
	sens.sensitive.data.size = sizeof(S->data);
	memcpy(sens.sensitive.data.buffer, S->data, sizeof(S->data));
	sealed_template(&tmpl);
	memset(&out, 0, sizeof(out));
	out.outPrivate = &S->priv;
	out.outPublic = &S->pub;

	authz_begin(&z, kind, enc_attrs(e), parent_auth, sizeof(parent_auth), &b);
	rc = mtpm_Create(&it.ctx, parent.h, &parent.name, &z.as, &sens, &tmpl,
			 NULL, NULL, &out);
	if (outcome(rc, refuse, &z, MTPM_CC_Create, before)) {
		/* inSensitive is hidden exactly when the command is encrypted. */
		assert_int_equal(seen_in_last(MTPM_CC_Create, S->data, sizeof(S->data)),
				 !(e & E_DEC));
		assert_int_equal(seen_in_last(MTPM_CC_Create, S->objauth, sizeof(S->objauth)),
				 !(e & E_DEC));
		/* The parent's authValue crosses only as a password. */
		assert_int_equal(seen_in_last(MTPM_CC_Create, parent_auth, sizeof(parent_auth)),
				 kind == K_PW);
	} else {
		/* The rest of the case needs the object: make it in clear. */
		mtpm_auth pa = { NULL, parent_auth, sizeof(parent_auth), MTPM_SA_CONTINUESESSION };
		mtpm_auths pas = { { &pa }, 1 };

		assert_int_equal(mtpm_Create(&it.ctx, parent.h, NULL, &pas, &sens, &tmpl,
					     NULL, NULL, &out), MTPM_OK);
	}
	authz_end(&z);
	mtpm_wipe(&sens, sizeof(sens));
}

static void op_unseal(secrets *S, int kind, int enc)
{
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_NAME name;
	uint32_t h = 0;
	int e = eff_enc(enc, 0, 1), refuse = refused(kind, e, 0, 1);
	unsigned before;
	bind_spec b;
	authz z;
	mtpm_rc rc;

	/* Load, authorized by the parent's authValue in the same kind of
	 * session (no secret parameter: no encryption). */
	cur_op = "Load";
	b.h = PARENT_H;
	b.name = &parent.name;
	b.auth = parent_auth;
	b.len = sizeof(parent_auth);
	authz_begin(&z, kind, 0, parent_auth, sizeof(parent_auth), &b);
	CHECK_RC(mtpm_Load(&it.ctx, parent.h, &parent.name, &z.as, &S->priv, &S->pub,
			   &h, &name), MTPM_OK);
	assert_int_equal(seen_in_last(MTPM_CC_Load, parent_auth, sizeof(parent_auth)),
			 kind == K_PW);
	authz_end(&z);
	/* Bound to the very object it unseals: its authValue is in the
	 * session key, not in the HMAC key (Part 1 §19.6.11). */
	b.h = h;
	b.name = &name;
	b.auth = S->objauth;
	b.len = sizeof(S->objauth);
	cur_op = "Unseal";
	before = tamper_count_cc(&it.tp, MTPM_CC_Unseal);
	authz_begin(&z, kind, enc_attrs(e), S->objauth, sizeof(S->objauth), &b);
	memset(&out, 0xA5, sizeof(out));
	rc = mtpm_Unseal(&it.ctx, h, &name, &z.as, &out);
	if (outcome(rc, refuse, &z, MTPM_CC_Unseal, before)) {
		assert_int_equal(out.size, sizeof(S->data));
		assert_memory_equal(out.buffer, S->data, sizeof(S->data));
		assert_int_equal(seen_in_last(MTPM_CC_Unseal, S->data, sizeof(S->data)),
				 !(e & E_ENC));
		assert_int_equal(seen_in_last(MTPM_CC_Unseal, S->objauth, sizeof(S->objauth)),
				 kind == K_PW);
	} else {
		/* Refused: the output is zero, not stale. */
		assert_true(all_zero(&out, sizeof(out)));
	}
	authz_end(&z);
	mtpm_wipe(&out, sizeof(out));
	CHECK_RC(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
}

static void nv_public(mtpm_TPM2B_NV_PUBLIC *p)
{
	memset(p, 0, sizeof(*p));
	p->nvPublic.nvIndex = NV_H;
	p->nvPublic.nameAlg = MTPM_ALG_SHA256;
	p->nvPublic.attributes = MTPM_NV_AUTHREAD | MTPM_NV_AUTHWRITE |
				 MTPM_NV_POLICYREAD | MTPM_NV_POLICYWRITE | MTPM_NV_NO_DA;
	p->nvPublic.authPolicy = pol_av;
	p->nvPublic.dataSize = NV_SIZE;
}

/* owner_auth: the owner's authValue now (empty). */
static void op_nv(secrets *S, int kind, int enc)
{
	static const mtpm_TPM2B_NAME owner_name = { 4, { 0x40, 0, 0, 1 } };
	mtpm_TPM2B_NV_PUBLIC np, rp;
	mtpm_TPM2B_AUTH a;
	mtpm_TPM2B_NAME nvname;
	mtpm_TPM2B_MAX_NV_BUFFER wr, rd;
	bind_spec bo = { MTPM_RH_OWNER, &owner_name, NULL, 0 };
	bind_spec bn;
	int e;
	unsigned before;
	authz z;
	mtpm_rc rc;

	/* NV_DefineSpace: the index authValue is the secret (first param). */
	cur_op = "NV_DefineSpace";
	nv_public(&np);
	a.size = sizeof(S->nvauth);
	memcpy(a.buffer, S->nvauth, sizeof(S->nvauth));
	e = eff_enc(enc, 1, 0);
	before = tamper_count_cc(&it.tp, MTPM_CC_NV_DefineSpace);
	authz_begin(&z, kind, enc_attrs(e), NULL, 0, &bo);
	rc = mtpm_NV_DefineSpace(&it.ctx, MTPM_RH_OWNER, &z.as, &a, &np);
	if (outcome(rc, refused(kind, e, 1, 0), &z, MTPM_CC_NV_DefineSpace, before))
		assert_int_equal(seen_in_last(MTPM_CC_NV_DefineSpace, S->nvauth,
					      sizeof(S->nvauth)), !(e & E_DEC));
	else
		assert_int_equal(mtpm_NV_DefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, &a, &np),
				 MTPM_OK);
	authz_end(&z);
	CHECK_RC(mtpm_NV_ReadPublic(&it.ctx, NV_H, &rp, &nvname), MTPM_OK);

	/* NV_Write with the index's own authValue. */
	cur_op = "NV_Write";
	bn.h = NV_H;
	bn.name = &nvname;
	bn.auth = S->nvauth;
	bn.len = sizeof(S->nvauth);
	memset(&wr, 0, sizeof(wr));
	wr.size = NV_SIZE;
	memcpy(wr.buffer, S->nvdata, NV_SIZE);
	e = eff_enc(enc, 1, 0);
	before = tamper_count_cc(&it.tp, MTPM_CC_NV_Write);
	authz_begin(&z, kind, enc_attrs(e), S->nvauth, sizeof(S->nvauth), &bn);
	rc = mtpm_NV_Write(&it.ctx, NV_H, &nvname, &z.as, NV_H, &nvname, &wr, 0);
	if (outcome(rc, refused(kind, e, 1, 0), &z, MTPM_CC_NV_Write, before)) {
		assert_int_equal(seen_in_last(MTPM_CC_NV_Write, S->nvdata, NV_SIZE),
				 !(e & E_DEC));
		assert_int_equal(seen_in_last(MTPM_CC_NV_Write, S->nvauth, sizeof(S->nvauth)),
				 kind == K_PW);
	} else {
		mtpm_auth pa = { NULL, S->nvauth, sizeof(S->nvauth), MTPM_SA_CONTINUESESSION };
		mtpm_auths pas = { { &pa }, 1 };

		assert_int_equal(mtpm_NV_Write(&it.ctx, NV_H, NULL, &pas, NV_H, NULL, &wr, 0),
				 MTPM_OK);
	}
	authz_end(&z);
	/* The first write sets TPMA_NV_WRITTEN, which changes the Name. */
	CHECK_RC(mtpm_NV_ReadPublic(&it.ctx, NV_H, &rp, &nvname), MTPM_OK);
	assert_true(rp.nvPublic.attributes & MTPM_NV_WRITTEN);

	/* NV_Read. Bound to the index as it was (pre-write Name): the TPM
	 * and mtpm must agree that this is no longer the bind entity. */
	cur_op = "NV_Read";
	e = eff_enc(enc, 0, 1);
	before = tamper_count_cc(&it.tp, MTPM_CC_NV_Read);
	authz_begin(&z, kind, enc_attrs(e), S->nvauth, sizeof(S->nvauth), &bn);
	memset(&rd, 0x5A, sizeof(rd));
	rc = mtpm_NV_Read(&it.ctx, NV_H, &nvname, &z.as, NV_H, &nvname, NV_SIZE, 0, &rd);
	if (outcome(rc, refused(kind, e, 0, 1), &z, MTPM_CC_NV_Read, before)) {
		assert_int_equal(rd.size, NV_SIZE);
		assert_memory_equal(rd.buffer, S->nvdata, NV_SIZE);
		assert_int_equal(seen_in_last(MTPM_CC_NV_Read, S->nvdata, NV_SIZE),
				 !(e & E_ENC));
	} else {
		assert_true(all_zero(&rd, sizeof(rd)));
	}
	authz_end(&z);
	mtpm_wipe(&rd, sizeof(rd));

	cur_op = "NV_UndefineSpace";
	CHECK_RC(mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV_H, NULL), MTPM_OK);
}

/* HierarchyChangeAuth: empty -> S->owner (authorized by the empty
 * value), use S->owner, S->owner -> empty (authorized by S->owner). */
static void op_hca(secrets *S, int kind, int enc)
{
	static const mtpm_TPM2B_NAME owner_name = { 4, { 0x40, 0, 0, 1 } };
	mtpm_TPM2B_AUTH na, empty;
	bind_spec b0 = { MTPM_RH_OWNER, &owner_name, NULL, 0 };
	bind_spec b1 = { MTPM_RH_OWNER, &owner_name, S->owner, sizeof(S->owner) };
	mtpm_auth pw = { NULL, S->owner, sizeof(S->owner), MTPM_SA_CONTINUESESSION };
	mtpm_auths pws = { { &pw }, 1 };
	int e = eff_enc(enc, 1, 0), refuse = refused(kind, e, 1, 0);
	unsigned before;
	authz z;
	mtpm_rc rc;

	memset(&empty, 0, sizeof(empty));
	na.size = sizeof(S->owner);
	memcpy(na.buffer, S->owner, sizeof(S->owner));

	cur_op = "HierarchyChangeAuth(set)";
	before = tamper_count_cc(&it.tp, MTPM_CC_HierarchyChangeAuth);
	authz_begin(&z, kind, enc_attrs(e), NULL, 0, &b0);
	rc = mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &z.as, &na);
	if (outcome(rc, refuse, &z, MTPM_CC_HierarchyChangeAuth, before))
		assert_int_equal(seen_in_last(MTPM_CC_HierarchyChangeAuth, S->owner,
					      sizeof(S->owner)), !(e & E_DEC));
	else
		CHECK_RC(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, NULL, &na), MTPM_OK);
	authz_end(&z);

	/* In force: the empty password is now refused by the TPM. */
	cur_op = "HierarchyChangeAuth(old auth)";
	rc = mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, NULL, &empty);
	assert_true(mtpm_rc_is_tpm(rc));
	assert_int_equal(mtpm_rc_base(rc), MTPM_RC_BAD_AUTH);

	cur_op = "HierarchyChangeAuth(reset)";
	before = tamper_count_cc(&it.tp, MTPM_CC_HierarchyChangeAuth);
	authz_begin(&z, kind, enc_attrs(e), S->owner, sizeof(S->owner), &b1);
	rc = mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &z.as, &empty);
	if (outcome(rc, refuse, &z, MTPM_CC_HierarchyChangeAuth, before)) {
		/* A session never shows the authValue it uses. */
		assert_int_equal(seen_in_last(MTPM_CC_HierarchyChangeAuth, S->owner,
					      sizeof(S->owner)), kind == K_PW);
	} else {
		CHECK_RC(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, &pws, &empty),
			 MTPM_OK);
	}
	authz_end(&z);
	/* Back to empty: an empty password works again. */
	CHECK_RC(mtpm_HierarchyChangeAuth(&it.ctx, MTPM_RH_OWNER, NULL, &empty), MTPM_OK);
}

/* GetRandom with an extra session that only encrypts and/or audits. */
static void op_getrandom(int kind, int enc)
{
	static const mtpm_TPM2B_NAME owner_name = { 4, { 0x40, 0, 0, 1 } };
	bind_spec b = { MTPM_RH_OWNER, &owner_name, NULL, 0 };
	int e = eff_enc(enc, 0, 1);
	/* Audit needs an HMAC session (Part 2 §8.4 TPMA_SESSION.audit: the
	 * TPM refuses it on a policy session); the policy kind only
	 * encrypts. */
	uint8_t attrs = (uint8_t)(enc_attrs(e) | (kind != K_POLICY ? MTPM_SA_AUDIT : 0));
	/* Refused: a password in a session-only slot; decrypt (bytesRequested
	 * is a UINT16); a session with no role at all. */
	int refuse = kind == K_PW || (e & E_DEC) ||
		     !(attrs & (MTPM_SA_ENCRYPT | MTPM_SA_AUDIT));
	unsigned before = tamper_count_cc(&it.tp, MTPM_CC_GetRandom);
	mtpm_TPM2B_DIGEST r;
	authz z;
	mtpm_rc rc;

	cur_op = "GetRandom";
	authz_begin(&z, kind, attrs, NULL, 0, &b);
	rc = mtpm_GetRandom(&it.ctx, &z.as, 32, &r);
	if (outcome(rc, refuse, &z, MTPM_CC_GetRandom, before)) {
		assert_int_equal(r.size, 32);
		assert_int_equal(seen_in_last(MTPM_CC_GetRandom, r.buffer, 32), !(e & E_ENC));
		/* A second command in the same session: nonces rolled. */
		CHECK_RC(mtpm_GetRandom(&it.ctx, &z.as, 16, &r), MTPM_OK);
		assert_int_equal(r.size, 16);
	} else {
		assert_true(all_zero(&r, sizeof(r)));
	}
	authz_end(&z);
}

static void run_case(int kind, int enc)
{
	static secrets S;
	char tag[32];

	cur_kind = kind;
	cur_enc = enc;
	tamper_reset(&it.tp);
	snprintf(tag, sizeof(tag), "SEAL%d%d", kind, enc);
	fill_secret(S.data, sizeof(S.data), tag);
	snprintf(tag, sizeof(tag), "OBJA%d%d", kind, enc);
	fill_secret(S.objauth, sizeof(S.objauth), tag);
	snprintf(tag, sizeof(tag), "NVDT%d%d", kind, enc);
	fill_secret(S.nvdata, sizeof(S.nvdata), tag);
	snprintf(tag, sizeof(tag), "NVAU%d%d", kind, enc);
	fill_secret(S.nvauth, sizeof(S.nvauth), tag);
	snprintf(tag, sizeof(tag), "OWNR%d%d", kind, enc);
	fill_secret(S.owner, sizeof(S.owner), tag);
	/* No trailing zero: the TPM would strip it (Part 1 §19.6.5) and
	 * the greps would look for one byte too many. */
	S.objauth[sizeof(S.objauth) - 1] |= 1;
	S.nvauth[sizeof(S.nvauth) - 1] |= 1;
	S.owner[sizeof(S.owner) - 1] |= 1;

	if (kind == K_POLICY)
		CHECK_RC(SetPrimaryPolicy(MTPM_RH_OWNER, &pol_av, MTPM_ALG_SHA256), MTPM_OK);
	op_create(&S, kind, enc);
	assert_int_equal(itest_loaded(&it), 0);
	op_unseal(&S, kind, enc);
	assert_int_equal(itest_loaded(&it), 0);
	op_nv(&S, kind, enc);
	assert_int_equal(itest_loaded(&it), 0);
	op_hca(&S, kind, enc);
	assert_int_equal(itest_loaded(&it), 0);
	op_getrandom(kind, enc);
	assert_int_equal(itest_loaded(&it), 0);
	if (kind == K_POLICY) {
		mtpm_TPM2B_DIGEST none;

		memset(&none, 0, sizeof(none));
		CHECK_RC(SetPrimaryPolicy(MTPM_RH_OWNER, &none, MTPM_ALG_NULL), MTPM_OK);
	}
	assert_false(it.tp.rec_full);

	/* E_AUTO protects every secret in the direction it travels: with a
	 * salted session not one of them may appear anywhere on the bus. */
	if (enc == E_AUTO && (kind == K_SALT_ECC || kind == K_SALT_RSA)) {
		assert_false(itest_seen(&it, S.data, sizeof(S.data)));
		assert_false(itest_seen(&it, S.objauth, sizeof(S.objauth)));
		assert_false(itest_seen(&it, S.nvdata, sizeof(S.nvdata)));
		assert_false(itest_seen(&it, S.nvauth, sizeof(S.nvauth)));
		assert_false(itest_seen(&it, S.owner, sizeof(S.owner)));
		assert_false(itest_seen(&it, parent_auth, sizeof(parent_auth)));
	}
	/* The negative control: in clear, every one of them is there. */
	if (enc == E_NONE && kind == K_PW) {
		assert_true(itest_seen(&it, S.data, sizeof(S.data)));
		assert_true(itest_seen(&it, S.objauth, sizeof(S.objauth)));
		assert_true(itest_seen(&it, S.nvdata, sizeof(S.nvdata)));
		assert_true(itest_seen(&it, S.nvauth, sizeof(S.nvauth)));
		assert_true(itest_seen(&it, S.owner, sizeof(S.owner)));
		assert_true(itest_seen(&it, parent_auth, sizeof(parent_auth)));
	}
	mtpm_wipe(&S, sizeof(S));
}

#define CASE(k, e) \
	static void test_##k##_##e(void **state) { (void)state; run_case(k, e); }
#define ROW(k) CASE(k, E_NONE) CASE(k, E_DEC) CASE(k, E_ENC) CASE(k, E_BOTH) CASE(k, E_AUTO)
ROW(K_PW)
ROW(K_HMAC)
ROW(K_SALT_ECC)
ROW(K_SALT_RSA)
ROW(K_BOUND)
ROW(K_POLICY)

/* ------------------------------------------------------------------ */
/* PolicyPassword: the password crosses in the HMAC field, in clear     */

static void test_policy_password(void **state)
{
	static secrets S;
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_NAME name;
	mtpm_TPM2B_DIGEST d;
	mtpm_auth pa = { NULL, parent_auth, sizeof(parent_auth), MTPM_SA_CONTINUESESSION };
	mtpm_auths pas = { { &pa }, 1 };
	mtpm_session_opts o;
	mtpm_session enc;
	mtpm_auth ae;
	authz z;
	uint32_t h;
	unsigned before;
	mtpm_rc rc;

	(void)state;
	memset(&enc, 0, sizeof(enc));
	cur_kind = K_POLICY;
	cur_enc = E_ENC;
	tamper_reset(&it.tp);
	fill_secret(S.data, sizeof(S.data), "PPW-SEAL");
	fill_secret(S.objauth, sizeof(S.objauth), "PPW-AUTH");
	S.objauth[sizeof(S.objauth) - 1] |= 1;
	op_create(&S, K_PW, E_NONE);
	CHECK_RC(mtpm_Load(&it.ctx, parent.h, NULL, &pas, &S.priv, &S.pub, &h, &name),
		 MTPM_OK);
	/* The object's policy is PolicyAuthValue; PolicyPassword gives the
	 * same digest (Part 3 §23.18). */
	memset(&z, 0, sizeof(z));
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
	itest_password_session(&it, &z.s, srk_ecc.h, &srk_ecc.pub.publicArea, &d);
	assert_memory_equal(d.buffer, pol_av.buffer, pol_av.size);
	z.a.sess = &z.s;
	z.a.value = S.objauth;
	z.a.value_len = sizeof(S.objauth);
	z.a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	z.as.a[0] = &z.a;
	z.as.n = 1;
	/* A password policy session may not encrypt (issue 10 §2): its
	 * response has no HMAC to check a decryption against, and its
	 * password crosses in clear anyway. Refused before anything is
	 * sent; the failed command ends the session. */
	cur_op = "Unseal(PolicyPassword, encrypt)";
	before = tamper_count_cc(&it.tp, MTPM_CC_Unseal);
	rc = mtpm_Unseal(&it.ctx, h, &name, &z.as, &out);
	CHECK_RC(rc, MTPM_E_USAGE);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_Unseal), before);
	assert_int_equal(out.size, 0);
	/* The allowed form: the password session authorizes, a salted HMAC
	 * session encrypts the response and its HMAC covers it. */
	if (!z.s.active)
		itest_password_session(&it, &z.s, srk_ecc.h, &srk_ecc.pub.publicArea, NULL);
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = srk_ecc.h;
	o.salt_pub = &srk_ecc.pub.publicArea;
	CHECK_RC(mtpm_session_start(&it.ctx, &enc, &o), MTPM_OK);
	z.a.attrs = MTPM_SA_CONTINUESESSION;
	memset(&ae, 0, sizeof(ae));
	ae.sess = &enc;
	ae.attrs = MTPM_SA_ENCRYPT;
	z.as.a[1] = &ae;
	z.as.n = 2;
	cur_op = "Unseal(PolicyPassword + encrypting HMAC session)";
	CHECK_RC(mtpm_Unseal(&it.ctx, h, &name, &z.as, &out), MTPM_OK);
	assert_int_equal(out.size, sizeof(S.data));
	assert_memory_equal(out.buffer, S.data, sizeof(S.data));
	/* The output was encrypted; the password is, by design, not. */
	assert_false(seen_in_last(MTPM_CC_Unseal, S.data, sizeof(S.data)));
	assert_true(seen_in_last(MTPM_CC_Unseal, S.objauth, sizeof(S.objauth)));
	if (enc.active)
		mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &enc));
	authz_end(&z);
	CHECK_RC(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
	mtpm_wipe(&out, sizeof(out));
	mtpm_wipe(&S, sizeof(S));
}

/* ------------------------------------------------------------------ */
/* tampering (issue 3 §4)                                               */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

enum { T_PARAM, T_PARAM_SIZE, T_PSIZE, T_NONCE, T_NONCE_SIZE, T_ATTR, T_HMAC,
       T_REPLAY_SAME, T_REPLAY_OTHER, T_N };
static const char *const tname[T_N] = {
	"param byte", "param TPM2B size", "parameterSize", "nonce", "nonce size",
	"continueSession attr", "hmac", "replay same cc", "replay other cc",
};

/* One tampered Unseal through a salted ECC session that encrypts the
 * response. The clean Unseal just before it (exchange 2) gives both the
 * layout and the response to replay. */
static void tamper_unseal(int t)
{
	static secrets S;
	mtpm_auth pa = { NULL, parent_auth, sizeof(parent_auth), MTPM_SA_CONTINUESESSION };
	mtpm_auths pas = { { &pa }, 1 };
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_NAME name;
	const uint8_t *r;
	size_t rlen, auth_off, nonce_off;
	uint32_t psize, h;
	authz z;
	mtpm_rc rc, want;

	cur_kind = K_SALT_ECC;
	cur_enc = E_ENC;
	cur_op = tname[t];
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_NONE;
	fill_secret(S.data, sizeof(S.data), "TAMPER-SEAL");
	fill_secret(S.objauth, sizeof(S.objauth), "TAMPER-AUTH");
	S.objauth[sizeof(S.objauth) - 1] |= 1;
	op_create(&S, K_PW, E_NONE);
	CHECK_RC(mtpm_Load(&it.ctx, parent.h, NULL, &pas, &S.priv, &S.pub, &h, &name),
		 MTPM_OK);
	authz_begin(&z, K_SALT_ECC, MTPM_SA_ENCRYPT, S.objauth, sizeof(S.objauth), NULL);

	/* Clean run: exchange k. */
	tamper_reset(&it.tp);
	CHECK_RC(mtpm_Unseal(&it.ctx, h, &name, &z.as, &out), MTPM_OK);
	assert_memory_equal(out.buffer, S.data, sizeof(S.data));
	r = tamper_rsp(&it.tp, 0, &rlen);
	assert_non_null(r);
	/* header(10) | parameterSize | outData | nonce | attrs | hmac */
	psize = be32(r + 10);
	auth_off = 14 + psize;
	nonce_off = auth_off + 2;
	assert_int_equal(be32(r + 2), rlen);
	assert_int_equal(rlen, auth_off + 2 + 32 + 1 + 2 + 32);

	it.tp.nth = 2;
	want = MTPM_E_INTEGRITY;
	switch (t) {
	case T_PARAM:        /* a byte of the encrypted secret */
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = 8 * 20 + 3;
		break;
	case T_PARAM_SIZE:   /* outData.size 48 -> 49: still inside psize,
			      * still HMAC'd: the HMAC check comes first */
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = 8 * 15;
		break;
	case T_PSIZE:        /* parameterSize: the frame no longer adds up */
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = 8 * 13 + 1;
		want = MTPM_E_MALFORMED;
		break;
	case T_NONCE:
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = (uint32_t)(8 * (nonce_off + 7) + 5);
		break;
	case T_NONCE_SIZE:   /* 32 -> 33: the auth area no longer ends at the end */
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = (uint32_t)(8 * (auth_off + 1));
		want = MTPM_E_MALFORMED;
		break;
	case T_ATTR:         /* continueSession cleared: covered by the HMAC */
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = (uint32_t)(8 * (nonce_off + 32));
		break;
	case T_HMAC:
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.arg = (uint32_t)(8 * (rlen - 1) + 7);
		break;
	case T_REPLAY_SAME:  /* the earlier, genuine Unseal response */
		it.tp.mode = TAMPER_REPLAY;
		it.tp.arg = 1;
		break;
	case T_REPLAY_OTHER: /* a genuine response to another command: the
			      * FlushContext error of exchange 2 */
		assert_true(mtpm_rc_is_tpm(mtpm_FlushContext(&it.ctx, 0x80fffffeu)));
		it.tp.nth = 3;
		it.tp.mode = TAMPER_REPLAY;
		it.tp.arg = 2;
		break;
	default:
		fail();
	}
	memset(&out, 0xA5, sizeof(out));
	rc = mtpm_Unseal(&it.ctx, h, &name, &z.as, &out);
	if (t == T_REPLAY_OTHER) {
		/* An error response to FlushContext, replayed: its code comes
		 * back verbatim, which is a failure the caller sees. */
		assert_true(mtpm_rc_is_tpm(rc));
	} else {
		CHECK_RC(rc, want);
	}
	assert_int_equal(it.tp.nacted, 1);
	/* Never a wrong secret: the output is all zeros. */
	assert_true(all_zero(&out, sizeof(out)));
	/* The session is over, here and in the TPM. */
	assert_int_equal(z.s.active, 0);
	assert_true(all_zero(z.s.session_key, sizeof(z.s.session_key)));
	/* No secret stays in the library's buffers. */
	assert_true(all_zero(it.ctx.cmd, sizeof(it.ctx.cmd)));
	assert_true(all_zero(it.ctx.rsp, sizeof(it.ctx.rsp)));
	it.tp.mode = TAMPER_NONE;
	authz_end(&z);
	CHECK_RC(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
	mtpm_wipe(&S, sizeof(S));
}

static void test_tamper_unseal(void **state)
{
	int t;

	(void)state;
	for (t = 0; t < T_N; t++)
		tamper_unseal(t);
}

/* Tampering with Create (session decrypts and encrypts) and NV_Read:
 * flips in the parameter area, nonce and HMAC. */
static void test_tamper_create(void **state)
{
	static secrets S;
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_create_out out;
	const uint8_t *r;
	size_t rlen, offs[4];
	unsigned i;
	authz z;
	mtpm_rc rc;

	(void)state;
	cur_kind = K_SALT_RSA;
	cur_enc = E_BOTH;
	cur_op = "tampered Create";
	fill_secret(S.data, sizeof(S.data), "TC-SEAL");
	memset(&sens, 0, sizeof(sens));
	sens.sensitive.data.size = sizeof(S.data);
	memcpy(sens.sensitive.data.buffer, S.data, sizeof(S.data));
	sealed_template(&tmpl);
	memset(&out, 0, sizeof(out));
	out.outPrivate = &S.priv;
	out.outPublic = &S.pub;
	for (i = 0; i < 4; i++) {
		authz_begin(&z, K_SALT_RSA, MTPM_SA_DECRYPT | MTPM_SA_ENCRYPT, parent_auth,
			    sizeof(parent_auth), NULL);
		tamper_reset(&it.tp);
		it.tp.mode = TAMPER_NONE;
		if (i == 0) {
			CHECK_RC(mtpm_Create(&it.ctx, parent.h, &parent.name, &z.as, &sens,
					     &tmpl, NULL, NULL, &out), MTPM_OK);
			r = tamper_rsp(&it.tp, 0, &rlen);
			assert_non_null(r);
			offs[0] = 8 * 16;                        /* outPrivate */
			offs[1] = 8 * (14 + be32(r + 10) - 1);   /* last param byte */
			offs[2] = 8 * (14 + be32(r + 10) + 2 + 4); /* nonce */
			offs[3] = 8 * (rlen - 3);                /* hmac */
			authz_end(&z);
			continue;
		}
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.nth = 1;
		it.tp.arg = (uint32_t)offs[i];
		rc = mtpm_Create(&it.ctx, parent.h, &parent.name, &z.as, &sens, &tmpl,
				 NULL, NULL, &out);
		CHECK_RC(rc, MTPM_E_INTEGRITY);
		assert_int_equal(it.tp.nacted, 1);
		assert_true(all_zero(&S.priv, sizeof(S.priv)));
		assert_true(all_zero(&S.pub, sizeof(S.pub)));
		assert_int_equal(z.s.active, 0);
		assert_true(all_zero(it.ctx.cmd, sizeof(it.ctx.cmd)));
		assert_true(all_zero(it.ctx.rsp, sizeof(it.ctx.rsp)));
		/* The sensitive data crossed encrypted even so. */
		assert_false(itest_seen(&it, S.data, sizeof(S.data)));
		it.tp.mode = TAMPER_NONE;
		authz_end(&z);
		assert_int_equal(itest_loaded(&it), 0);
	}
	mtpm_wipe(&sens, sizeof(sens));
	mtpm_wipe(&S, sizeof(S));
}

/* ------------------------------------------------------------------ */

static int setup(void **state)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl, pub;
	mtpm_TPM2B_NAME name, qn;
	mtpm_policy_step st;
	mtpm_create_out out;
	uint32_t h;

	(void)state;
	itest_open(&it);
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &pol_av), MTPM_OK);
	assert_int_equal(mtpm_policy_calc(it.ctx.crypto, MTPM_ALG_SHA256, &pol_av, &st),
			 MTPM_OK);

	/* Clean up after an earlier, aborted run on the same TPM. */
	unpersist(PARENT_H);
	unpersist(SRK_ECC_H);
	unpersist(SRK_RSA_H);

	h = itest_srk(&it, 0, &pub, &name);
	persist(&srk_ecc, h, SRK_ECC_H);
	h = itest_srk(&it, 1, &pub, &name);
	persist(&srk_rsa, h, SRK_RSA_H);

	/* The parent: an ECC storage key with an authValue and the
	 * PolicyAuthValue policy, so every kind can authorize Create. */
	mtpm_srk_template_ecc(&tmpl);
	tmpl.publicArea.authPolicy = pol_av;
	memset(&sens, 0, sizeof(sens));
	sens.sensitive.userAuth.size = sizeof(parent_auth);
	memcpy(sens.sensitive.userAuth.buffer, parent_auth, sizeof(parent_auth));
	memset(&out, 0, sizeof(out));
	assert_int_equal(mtpm_CreatePrimary(&it.ctx, MTPM_RH_OWNER, NULL, &sens, &tmpl,
					    NULL, NULL, &h, &out), MTPM_OK);
	persist(&parent, h, PARENT_H);

	assert_int_equal(mtpm_ReadPublic(&it.ctx, PARENT_H, NULL, &parent.pub,
					 &parent.name, &qn), MTPM_OK);
	assert_int_equal(mtpm_ReadPublic(&it.ctx, SRK_ECC_H, NULL, &srk_ecc.pub,
					 &srk_ecc.name, &qn), MTPM_OK);
	assert_int_equal(mtpm_ReadPublic(&it.ctx, SRK_RSA_H, NULL, &srk_rsa.pub,
					 &srk_rsa.name, &qn), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	it.tp.mode = TAMPER_NONE;
	unpersist(PARENT_H);
	unpersist(SRK_ECC_H);
	unpersist(SRK_RSA_H);
	itest_close(&it);
	return 0;
}

#define T(k) cmocka_unit_test(test_##k##_E_NONE), cmocka_unit_test(test_##k##_E_DEC), \
	cmocka_unit_test(test_##k##_E_ENC), cmocka_unit_test(test_##k##_E_BOTH), \
	cmocka_unit_test(test_##k##_E_AUTO)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(K_PW), T(K_HMAC), T(K_SALT_ECC), T(K_SALT_RSA), T(K_BOUND), T(K_POLICY),
		cmocka_unit_test(test_policy_password),
		cmocka_unit_test(test_tamper_unseal),
		cmocka_unit_test(test_tamper_create),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
