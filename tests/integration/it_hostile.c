/*
 * it_hostile.c - a hostile TPM (issue 5 §2) against every command the
 * CLI and the seal path use.
 *
 * Each command below runs once per tamper mode, with the tampering aimed
 * at exactly the exchange of that command (set-up and clean-up exchanges
 * pass untouched):
 *   flip a bit (tag, size, responseCode, and body offsets 10..90),
 *   truncate, corrupt the size field, drop the connection, replay the
 *   response of another command, time out, answer RETRY forever, LOCKOUT,
 *   a format-1 session error (0x98e).
 * and the test asserts
 *   - a clear rc of the expected class: never MTPM_OK, except for a flip
 *     in the body of a response that no session protects (see
 *     body_flip_may_pass: without an HMAC session nothing can tell a
 *     flipped value byte from a genuine one - which is why the seal path
 *     always uses a salted session);
 *   - outputs zeroed on failure, sessions ended (s.active == 0, key wiped);
 *   - ctx.cmd and ctx.rsp all zero after the call (so no secret either);
 *   - nothing left loaded in the TPM, with no help from the test: when
 *     the response to a command that creates a transient object or a
 *     session (CreatePrimary, Load, ContextLoad, StartAuthSession) is
 *     lost, cut, resized, replayed or has its handle corrupted, the
 *     library itself lists and flushes what the TPM made (issue 10 §4,
 *     src/cmds/pipeline.c "Nothing left loaded"), and the test checks
 *     that it did (a GetCapability in the record) and that the TPM holds
 *     nothing afterwards.
 * The whole run is made twice: over the swtpm socket transport
 * (test_hostile) and over an fd:N stream to the same swtpm
 * (test_hostile_fd); neither has a resource manager.
 * Plus: RETRY twice then success retries in one place (commands_sent),
 * with and without a session, and waits the default backoff; a
 * successful create costs no extra round trip; behind a resource manager
 * the library does not recover (the RM flushes on close); a connection
 * that dies with the response is the documented limit (G-2).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "itest.h"

#define SRK_H   0x81000121u
#define EVICT_H 0x81000122u
#define NV_H    0x01500121u    /* defined in setup, holds nv_secret */
#define NV2_H   0x01500122u    /* defined/undefined by the NV ops under test */
#define MAX_RETRIES 4

static itest it;
static mtpm_TPM2B_PUBLIC srk_pub;
static mtpm_TPM2B_NAME srk_name;
static mtpm_TPM2B_PRIVATE sealed_priv;
static mtpm_TPM2B_PUBLIC sealed_pub;
static mtpm_TPM2B_NAME nv_name;
static mtpm_TPM2B_DIGEST pol_av;
static uint8_t secret[40];        /* sealed */
static uint8_t obj_auth[16];      /* sealed object's userAuth */
static uint8_t nv_secret[32];
static uint8_t nv_auth[16];

/* ------------------------------------------------------------------ */
/* modes                                                               */

enum { M_FLIP, M_TRUNC, M_SIZE, M_DROP, M_TIMEOUT, M_REPLAY, M_RETRY_FOREVER,
       M_RC };
typedef struct {
	const char *name;
	int kind;
	uint32_t arg;
} mode_t_;

static const mode_t_ modes[] = {
	{ "flip tag msb",      M_FLIP, 0 * 8 + 7 },
	{ "flip tag lsb",      M_FLIP, 1 * 8 + 0 },
	{ "flip size",         M_FLIP, 5 * 8 + 0 },
	{ "flip rc",           M_FLIP, 9 * 8 + 0 },
	{ "flip @10",          M_FLIP, 10 * 8 + 0 },
	{ "flip @11",          M_FLIP, 11 * 8 + 0 },
	{ "flip @13",          M_FLIP, 13 * 8 + 0 },
	{ "flip @15",          M_FLIP, 15 * 8 + 2 },
	{ "flip @20",          M_FLIP, 20 * 8 + 4 },
	{ "flip @40",          M_FLIP, 40 * 8 + 6 },
	{ "flip @90",          M_FLIP, 90 * 8 + 1 },
	{ "truncate 9",        M_TRUNC, 9 },
	{ "truncate 12",       M_TRUNC, 12 },
	{ "truncate 30",       M_TRUNC, 30 },
	{ "size 0",            M_SIZE, 0 },
	{ "size 9",            M_SIZE, 9 },
	{ "size 4095",         M_SIZE, 4095 },
	{ "size 0xffffffff",   M_SIZE, 0xFFFFFFFFu },
	{ "drop",              M_DROP, 0 },
	{ "timeout",           M_TIMEOUT, 0 },
	{ "replay other",      M_REPLAY, 0 },
	{ "retry forever",     M_RETRY_FOREVER, MTPM_RC_RETRY },
	{ "lockout",           M_RC, MTPM_RC_LOCKOUT },
	{ "auth fail s1",      M_RC, 0x98E },
	{ "failure",           M_RC, MTPM_RC_FAILURE },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

/* ------------------------------------------------------------------ */
/* a transport that answers the first `left` commands itself            */

typedef struct {
	mtpm_transport *inner;
	unsigned left;
	unsigned faked;
	uint32_t rc;
} rcfake_t;

static rcfake_t rcf;
static mtpm_transport rcf_tr;

static mtpm_rc rcf_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			    uint8_t *rsp, size_t cap, size_t *len)
{
	rcfake_t *f = t->user;

	if (f->left == 0)
		return f->inner->transmit(f->inner, cmd, cmd_len, rsp, cap, len);
	f->left--;
	f->faked++;
	assert_true(cap >= 10);
	rsp[0] = 0x80;
	rsp[1] = 0x01;
	rsp[2] = 0;
	rsp[3] = 0;
	rsp[4] = 0;
	rsp[5] = 10;
	rsp[6] = (uint8_t)(f->rc >> 24);
	rsp[7] = (uint8_t)(f->rc >> 16);
	rsp[8] = (uint8_t)(f->rc >> 8);
	rsp[9] = (uint8_t)f->rc;
	*len = 10;
	return MTPM_OK;
}

/* ------------------------------------------------------------------ */
/* arming the tamper at the command under test                          */

static const mode_t_ *cur;
static const char *cur_op;
static unsigned sent_before;
static int armed_replay_cc_is_random;

/* Called by each op right before the command under test. */
static void arm(void)
{
	mtpm_TPM2B_DIGEST r;
	uint32_t cnt;
	static mtpm_TPML_PCR_SELECTION sel, selout;
	static mtpm_TPML_DIGEST vals;

	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_NONE;
	if (cur->kind == M_REPLAY) {
		/* Exchange 1: a genuine response to another command. */
		if (armed_replay_cc_is_random) {
			memset(&sel, 0, sizeof(sel));
			sel.count = 1;
			sel.pcrSelections[0].hash = MTPM_ALG_SHA256;
			sel.pcrSelections[0].sizeofSelect = 3;
			sel.pcrSelections[0].pcrSelect[0] = 0x01;
			assert_int_equal(mtpm_PCR_Read(&it.ctx, &sel, &cnt, &selout, &vals),
					 MTPM_OK);
		} else {
			assert_int_equal(mtpm_GetRandom(&it.ctx, NULL, 8, &r), MTPM_OK);
		}
	}
	sent_before = it.ctx.commands_sent;
	switch (cur->kind) {
	case M_FLIP:    it.tp.mode = TAMPER_FLIP_BIT; break;
	case M_TRUNC:   it.tp.mode = TAMPER_TRUNCATE; break;
	case M_SIZE:    it.tp.mode = TAMPER_SIZE_FIELD; break;
	case M_DROP:    it.tp.mode = TAMPER_DROP; break;
	case M_TIMEOUT: it.tp.mode = TAMPER_TIMEOUT; break;
	case M_REPLAY:  it.tp.mode = TAMPER_REPLAY; break;
	case M_RC:      it.tp.mode = TAMPER_RC; break;
	case M_RETRY_FOREVER:
		rcf.inner = &it.tt;
		rcf.left = it.ctx.max_retries;
		rcf.faked = 0;
		rcf.rc = cur->arg;
		it.ctx.tr = &rcf_tr;
		return;
	default:
		fail();
	}
	it.tp.nth = it.tp.ncmd + 1;
	it.tp.arg = cur->kind == M_REPLAY ? 1 : cur->arg;
}

static void disarm(void)
{
	it.tp.mode = TAMPER_NONE;
	it.ctx.tr = &it.tt;
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

/* ------------------------------------------------------------------ */
/* the commands                                                         */

typedef struct {
	const char *name;
	int session;      /* the response is HMAC-protected */
	int creates;      /* the TPM creates a transient object or session */
	int replay_random;/* replay PCR_Read instead of GetRandom */
	mtpm_rc (*fn)(void);
	int checked;      /* the library checks the response's halves against
			   * each other (NV_ReadPublic: Name = H(nvPublic)) */
} op_t;

static mtpm_auth pw_auth(const uint8_t *v, size_t n)
{
	mtpm_auth a;

	memset(&a, 0, sizeof(a));
	a.value = v;
	a.value_len = n;
	a.attrs = MTPM_SA_CONTINUESESSION;
	return a;
}

/* A salted ECC session (to the SRK) that encrypts as asked. */
static void salted(mtpm_session *s)
{
	mtpm_session_opts o;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = SRK_H;
	o.salt_pub = &srk_pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, s, &o), MTPM_OK);
}

static uint32_t load_sealed(mtpm_TPM2B_NAME *name)
{
	uint32_t h = 0;

	assert_int_equal(mtpm_Load(&it.ctx, SRK_H, NULL, NULL, &sealed_priv, &sealed_pub,
				   &h, name), MTPM_OK);
	return h;
}

static void flush_if(uint32_t h)
{
	if (h)
		mtpm_rc_ignore(mtpm_FlushContext(&it.ctx, h));
}

static mtpm_rc op_GetRandom(void)
{
	mtpm_TPM2B_DIGEST r;
	mtpm_rc rc;

	memset(&r, 0xA5, sizeof(r));
	arm();
	rc = mtpm_GetRandom(&it.ctx, NULL, 32, &r);
	disarm();
	if (rc != MTPM_OK)
		assert_true(all_zero(&r, sizeof(r)));
	return rc;
}

/* GetRandom whose output comes back encrypted in a salted session. */
static mtpm_rc op_GetRandom_enc(void)
{
	mtpm_TPM2B_DIGEST r;
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_rc rc;

	salted(&s);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	memset(&r, 0xA5, sizeof(r));
	arm();
	rc = mtpm_GetRandom(&it.ctx, &as, 32, &r);
	disarm();
	if (rc != MTPM_OK) {
		assert_true(all_zero(&r, sizeof(r)));
		assert_int_equal(s.active, 0);
		assert_true(all_zero(&s, sizeof(s)));
	}
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	return rc;
}

static mtpm_rc op_GetCapability(void)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more = 0xA5;
	mtpm_rc rc;

	memset(&cap, 0xA5, sizeof(cap));
	arm();
	rc = mtpm_GetCapability(&it.ctx, MTPM_CAP_TPM_PROPERTIES, MTPM_PT_FIXED, 8,
				&more, &cap);
	disarm();
	if (rc != MTPM_OK) {
		assert_int_equal(more, 0);
		assert_true(all_zero(&cap, sizeof(cap)));
	}
	return rc;
}

static mtpm_rc op_PCR_Read(void)
{
	static mtpm_TPML_PCR_SELECTION sel, out;
	static mtpm_TPML_DIGEST vals;
	uint32_t cnt = 0xA5A5A5A5u;
	mtpm_rc rc;

	memset(&sel, 0, sizeof(sel));
	sel.count = 1;
	sel.pcrSelections[0].hash = MTPM_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[0] = 0x81;
	memset(&out, 0xA5, sizeof(out));
	memset(&vals, 0xA5, sizeof(vals));
	arm();
	rc = mtpm_PCR_Read(&it.ctx, &sel, &cnt, &out, &vals);
	disarm();
	if (rc != MTPM_OK) {
		assert_int_equal(cnt, 0);
		assert_true(all_zero(&out, sizeof(out)));
		assert_true(all_zero(&vals, sizeof(vals)));
	}
	return rc;
}

static mtpm_rc op_PCR_Extend(void)
{
	mtpm_TPML_DIGEST_VALUES d;
	mtpm_rc rc;

	memset(&d, 0, sizeof(d));
	d.count = 1;
	d.digests[0].hashAlg = MTPM_ALG_SHA256;
	memset(d.digests[0].digest, 0x11, 32);
	arm();
	rc = mtpm_PCR_Extend(&it.ctx, 16, NULL, &d);
	disarm();
	return rc;
}

static mtpm_rc op_CreatePrimary(void)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl, pub;
	mtpm_TPM2B_NAME name;
	mtpm_create_out out;
	uint32_t h = 0xA5A5A5A5u;
	mtpm_rc rc;

	memset(&sens, 0, sizeof(sens));
	/* A primary with an authValue: the secret the buffers must not keep. */
	sens.sensitive.userAuth.size = sizeof(obj_auth);
	memcpy(sens.sensitive.userAuth.buffer, obj_auth, sizeof(obj_auth));
	mtpm_srk_template_ecc(&tmpl);
	memset(&out, 0, sizeof(out));
	memset(&pub, 0xA5, sizeof(pub));
	memset(&name, 0xA5, sizeof(name));
	out.outPublic = &pub;
	out.name = &name;
	arm();
	rc = mtpm_CreatePrimary(&it.ctx, MTPM_RH_OWNER, NULL, &sens, &tmpl, NULL, NULL,
				&h, &out);
	disarm();
	if (rc != MTPM_OK) {
		assert_int_equal(h, 0);
		assert_true(all_zero(&pub, sizeof(pub)));
		assert_true(all_zero(&name, sizeof(name)));
	}
	if (rc == MTPM_OK)
		flush_if(h);
	return rc;
}

/* Create of a sealed object in a salted session that encrypts both
 * ways: the seal path's step. */
static mtpm_rc op_Create(void)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PRIVATE priv;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_create_out out;
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_rc rc;

	memset(&sens, 0, sizeof(sens));
	sens.sensitive.userAuth.size = sizeof(obj_auth);
	memcpy(sens.sensitive.userAuth.buffer, obj_auth, sizeof(obj_auth));
	sens.sensitive.data.size = sizeof(secret);
	memcpy(sens.sensitive.data.buffer, secret, sizeof(secret));
	salted(&s);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_DECRYPT | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	memset(&out, 0, sizeof(out));
	memset(&priv, 0xA5, sizeof(priv));
	memset(&pub, 0xA5, sizeof(pub));
	out.outPrivate = &priv;
	out.outPublic = &pub;
	arm();
	rc = mtpm_Create(&it.ctx, SRK_H, &srk_name, &as, &sens, &sealed_pub, NULL, NULL,
			 &out);
	disarm();
	if (rc != MTPM_OK) {
		assert_true(all_zero(&priv, sizeof(priv)));
		assert_true(all_zero(&pub, sizeof(pub)));
		assert_int_equal(s.active, 0);
		assert_true(all_zero(&s, sizeof(s)));
	}
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	mtpm_wipe(&sens, sizeof(sens));
	return rc;
}

static mtpm_rc op_Load(void)
{
	mtpm_TPM2B_NAME name;
	uint32_t h = 0xA5A5A5A5u;
	mtpm_rc rc;

	memset(&name, 0xA5, sizeof(name));
	arm();
	rc = mtpm_Load(&it.ctx, SRK_H, NULL, NULL, &sealed_priv, &sealed_pub, &h, &name);
	disarm();
	if (rc != MTPM_OK) {
		assert_int_equal(h, 0);
		assert_true(all_zero(&name, sizeof(name)));
	} else {
		flush_if(h);
	}
	return rc;
}

/* Unseal with a password: no response integrity (see body_flip_may_pass). */
static mtpm_rc op_Unseal_pw(void)
{
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_NAME name;
	mtpm_auth a = pw_auth(obj_auth, sizeof(obj_auth));
	mtpm_auths as = { { &a }, 1 };
	uint32_t h = load_sealed(&name);
	mtpm_rc rc;

	memset(&out, 0xA5, sizeof(out));
	arm();
	rc = mtpm_Unseal(&it.ctx, h, NULL, &as, &out);
	disarm();
	if (rc != MTPM_OK)
		assert_true(all_zero(&out, sizeof(out)));
	flush_if(h);
	mtpm_wipe(&out, sizeof(out));
	return rc;
}

/* Unseal the way the seal path does it: salted session, encrypted
 * output. Never a wrong secret: either the right bytes or an error. */
static mtpm_rc op_Unseal(void)
{
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	uint32_t h = load_sealed(&name);
	mtpm_rc rc;

	salted(&s);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.value = obj_auth;
	a.value_len = sizeof(obj_auth);
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	memset(&out, 0xA5, sizeof(out));
	arm();
	rc = mtpm_Unseal(&it.ctx, h, &name, &as, &out);
	disarm();
	if (rc == MTPM_OK) {
		assert_int_equal(out.size, sizeof(secret));
		assert_memory_equal(out.buffer, secret, sizeof(secret));
	} else {
		assert_true(all_zero(&out, sizeof(out)));
		assert_int_equal(s.active, 0);
		assert_true(all_zero(&s, sizeof(s)));
	}
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	flush_if(h);
	mtpm_wipe(&out, sizeof(out));
	return rc;
}

static mtpm_rc op_ReadPublic(void)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name, qn;
	mtpm_rc rc;

	memset(&pub, 0xA5, sizeof(pub));
	memset(&name, 0xA5, sizeof(name));
	memset(&qn, 0xA5, sizeof(qn));
	arm();
	rc = mtpm_ReadPublic(&it.ctx, SRK_H, NULL, &pub, &name, &qn);
	disarm();
	if (rc != MTPM_OK) {
		assert_true(all_zero(&pub, sizeof(pub)));
		assert_true(all_zero(&name, sizeof(name)));
		assert_true(all_zero(&qn, sizeof(qn)));
	}
	return rc;
}

static mtpm_rc op_FlushContext(void)
{
	mtpm_TPM2B_NAME name;
	uint32_t h = load_sealed(&name);
	mtpm_rc rc;

	arm();
	rc = mtpm_FlushContext(&it.ctx, h);
	disarm();
	/* Whatever the library was told, the object may still be there
	 * (RC modes: the TPM never saw the flush). The caller retries. */
	if (rc != MTPM_OK)
		mtpm_rc_ignore(mtpm_FlushContext(&it.ctx, h));
	return rc;
}

static mtpm_rc op_ContextSave(void)
{
	static mtpm_TPMS_CONTEXT c;
	mtpm_TPM2B_NAME name;
	uint32_t h = load_sealed(&name);
	mtpm_rc rc;

	memset(&c, 0xA5, sizeof(c));
	arm();
	rc = mtpm_ContextSave(&it.ctx, h, &c);
	disarm();
	if (rc != MTPM_OK)
		assert_true(all_zero(&c, sizeof(c)));
	flush_if(h);
	return rc;
}

static mtpm_rc op_ContextLoad(void)
{
	static mtpm_TPMS_CONTEXT c;
	mtpm_TPM2B_NAME name;
	uint32_t h = load_sealed(&name), h2 = 0xA5A5A5A5u;
	mtpm_rc rc;

	assert_int_equal(mtpm_ContextSave(&it.ctx, h, &c), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	arm();
	rc = mtpm_ContextLoad(&it.ctx, &c, &h2);
	disarm();
	if (rc != MTPM_OK)
		assert_int_equal(h2, 0);
	else
		flush_if(h2);
	return rc;
}

static mtpm_rc op_EvictControl(void)
{
	mtpm_TPM2B_NAME name;
	uint32_t h = load_sealed(&name);
	mtpm_rc rc;

	arm();
	rc = mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, h, NULL, EVICT_H);
	disarm();
	/* Persistent state is the caller's to check: take it out again
	 * whether or not the TPM did it. */
	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, EVICT_H, NULL, EVICT_H));
	flush_if(h);
	return rc;
}

static void nv2_public(mtpm_TPM2B_NV_PUBLIC *p)
{
	memset(p, 0, sizeof(*p));
	p->nvPublic.nvIndex = NV2_H;
	p->nvPublic.nameAlg = MTPM_ALG_SHA256;
	p->nvPublic.attributes = MTPM_NV_AUTHREAD | MTPM_NV_AUTHWRITE | MTPM_NV_NO_DA;
	p->nvPublic.dataSize = 8;
}

static mtpm_rc op_NV_DefineSpace(void)
{
	mtpm_TPM2B_NV_PUBLIC p;
	mtpm_TPM2B_AUTH a;
	mtpm_rc rc;

	nv2_public(&p);
	a.size = sizeof(nv_auth);
	memcpy(a.buffer, nv_auth, sizeof(nv_auth));
	arm();
	rc = mtpm_NV_DefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, &a, &p);
	disarm();
	mtpm_rc_ignore(mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV2_H, NULL));
	return rc;
}

static mtpm_rc op_NV_UndefineSpace(void)
{
	mtpm_TPM2B_NV_PUBLIC p;
	mtpm_TPM2B_AUTH a;
	mtpm_rc rc;

	nv2_public(&p);
	a.size = 0;
	assert_int_equal(mtpm_NV_DefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, &a, &p), MTPM_OK);
	arm();
	rc = mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV2_H, NULL);
	disarm();
	mtpm_rc_ignore(mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV2_H, NULL));
	return rc;
}

static mtpm_rc op_NV_ReadPublic(void)
{
	mtpm_TPM2B_NV_PUBLIC p;
	mtpm_TPM2B_NAME n;
	mtpm_rc rc;

	memset(&p, 0xA5, sizeof(p));
	memset(&n, 0xA5, sizeof(n));
	arm();
	rc = mtpm_NV_ReadPublic(&it.ctx, NV_H, &p, &n);
	disarm();
	if (rc != MTPM_OK) {
		assert_true(all_zero(&p, sizeof(p)));
		assert_true(all_zero(&n, sizeof(n)));
	}
	return rc;
}

static mtpm_rc op_NV_Write(void)
{
	mtpm_auth a = pw_auth(nv_auth, sizeof(nv_auth));
	mtpm_auths as = { { &a }, 1 };
	mtpm_TPM2B_MAX_NV_BUFFER d;
	mtpm_rc rc;

	memset(&d, 0, sizeof(d));
	d.size = sizeof(nv_secret);
	memcpy(d.buffer, nv_secret, sizeof(nv_secret));
	arm();
	rc = mtpm_NV_Write(&it.ctx, NV_H, NULL, &as, NV_H, NULL, &d, 0);
	disarm();
	mtpm_wipe(&d, sizeof(d));
	return rc;
}

/* NV_Read in a salted session with the output encrypted. */
static mtpm_rc op_NV_Read(void)
{
	mtpm_TPM2B_MAX_NV_BUFFER d;
	mtpm_session s;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_rc rc;

	salted(&s);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.value = nv_auth;
	a.value_len = sizeof(nv_auth);
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	memset(&d, 0xA5, sizeof(d));
	arm();
	rc = mtpm_NV_Read(&it.ctx, NV_H, &nv_name, &as, NV_H, &nv_name,
			  sizeof(nv_secret), 0, &d);
	disarm();
	if (rc == MTPM_OK) {
		assert_int_equal(d.size, sizeof(nv_secret));
		assert_memory_equal(d.buffer, nv_secret, sizeof(nv_secret));
	} else {
		assert_true(all_zero(&d, sizeof(d)));
		assert_int_equal(s.active, 0);
	}
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	mtpm_wipe(&d, sizeof(d));
	return rc;
}

/* mtpm_session_start: StartAuthSession salted to the SRK. */
static mtpm_rc op_StartAuthSession(void)
{
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_rc rc;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_POLICY;
	o.sym_bits = 128;
	o.salt_key = SRK_H;
	o.salt_pub = &srk_pub.publicArea;
	memset(&s, 0xA5, sizeof(s));
	arm();
	rc = mtpm_session_start(&it.ctx, &s, &o);
	disarm();
	if (rc != MTPM_OK)
		assert_true(all_zero(&s, sizeof(s)));
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	return rc;
}

/* Policy commands: the session is made clean; the step is tampered;
 * the caller (here) flushes the session whatever happened. */
static mtpm_rc policy_op(int which)
{
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_policy_step st;
	mtpm_TPM2B_DIGEST d;
	mtpm_rc rc;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_POLICY;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	memset(&st, 0, sizeof(st));
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &d), MTPM_OK);
	switch (which) {
	case 0:
		st.cc = MTPM_CC_PolicyAuthValue;
		arm();
		rc = mtpm_policy_run(&it.ctx, &s, &st, &d);
		disarm();
		if (rc != MTPM_OK)  /* the flag is only set on success */
			assert_int_equal(s.policy_auth_value, 0);
		break;
	case 1:
		st.cc = MTPM_CC_PolicyPCR;
		st.u.pcr.pcrs.count = 1;
		st.u.pcr.pcrs.pcrSelections[0].hash = MTPM_ALG_SHA256;
		st.u.pcr.pcrs.pcrSelections[0].sizeofSelect = 3;
		st.u.pcr.pcrs.pcrSelections[0].pcrSelect[0] = 0x01;
		arm();
		rc = mtpm_policy_run(&it.ctx, &s, &st, &d);
		disarm();
		break;
	case 2:
		arm();
		memset(&d, 0xA5, sizeof(d));
		rc = mtpm_PolicyGetDigest(&it.ctx, s.handle, &d);
		disarm();
		if (rc != MTPM_OK)
			assert_true(all_zero(&d, sizeof(d)));
		break;
	default:
		st.cc = MTPM_CC_PolicyPassword;
		assert_int_equal(mtpm_policy_run(&it.ctx, &s, &st, &d), MTPM_OK);
		arm();
		rc = mtpm_policy_restart(&it.ctx, &s);
		disarm();
		if (rc != MTPM_OK)   /* not known to be reset: still set */
			assert_int_equal(s.policy_password, 1);
		break;
	}
	mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	return rc;
}

static mtpm_rc op_PolicyAuthValue(void) { return policy_op(0); }
static mtpm_rc op_PolicyPCR(void) { return policy_op(1); }
static mtpm_rc op_PolicyGetDigest(void) { return policy_op(2); }
static mtpm_rc op_PolicyRestart(void) { return policy_op(3); }

static const op_t ops[] = {
	{ "GetRandom",        0, 0, 1, op_GetRandom, 0 },
	{ "GetRandom(enc)",   1, 0, 1, op_GetRandom_enc, 0 },
	{ "GetCapability",    0, 0, 0, op_GetCapability, 0 },
	{ "PCR_Read",         0, 0, 0, op_PCR_Read, 0 },
	{ "PCR_Extend",       0, 0, 0, op_PCR_Extend, 0 },
	{ "CreatePrimary",    0, 1, 0, op_CreatePrimary, 0 },
	{ "Create(salted)",   1, 0, 0, op_Create, 0 },
	{ "Load",             0, 1, 0, op_Load, 0 },
	{ "Unseal(pw)",       0, 0, 0, op_Unseal_pw, 0 },
	{ "Unseal(salted)",   1, 0, 0, op_Unseal, 0 },
	{ "ReadPublic",       0, 0, 0, op_ReadPublic, 0 },
	{ "FlushContext",     0, 0, 0, op_FlushContext, 0 },
	{ "ContextSave",      0, 0, 0, op_ContextSave, 0 },
	{ "ContextLoad",      0, 1, 0, op_ContextLoad, 0 },
	{ "EvictControl",     0, 0, 0, op_EvictControl, 0 },
	{ "NV_DefineSpace",   0, 0, 0, op_NV_DefineSpace, 0 },
	{ "NV_UndefineSpace", 0, 0, 0, op_NV_UndefineSpace, 0 },
	{ "NV_ReadPublic",    0, 0, 0, op_NV_ReadPublic, 1 },
	{ "NV_Write",         0, 0, 0, op_NV_Write, 0 },
	{ "NV_Read(salted)",  1, 0, 0, op_NV_Read, 0 },
	{ "StartAuthSession", 0, 1, 0, op_StartAuthSession, 0 },
	{ "PolicyAuthValue",  0, 0, 0, op_PolicyAuthValue, 0 },
	{ "PolicyPCR",        0, 0, 0, op_PolicyPCR, 0 },
	/* GetRandom's response has PolicyGetDigest's shape (one TPM2B):
	 * without a session nothing tells them apart, so replay PCR_Read. */
	{ "PolicyGetDigest",  0, 0, 1, op_PolicyGetDigest, 0 },
	{ "PolicyRestart",    0, 0, 0, op_PolicyRestart, 0 },
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* ------------------------------------------------------------------ */
/* expectations                                                         */

/*
 * A bit flipped in the body (past the 10-byte header) of a response no
 * session protects may go unnoticed: a flipped byte of random data, of a
 * PCR value or of a public key is as well-formed as the original. That is
 * the documented residual risk of commands without an HMAC session
 * (threat model: use a salted session for anything that matters), and
 * it is why the seal path (Create, Unseal, NV_Read rows marked
 * `session`) is held to the strict rule instead. A password response's
 * authorization area (nonce size 0, attributes, hmac size 0) carries
 * nothing to verify beyond its shape either.
 */
static int body_flip_may_pass(const op_t *op, const mode_t_ *m)
{
	return m->kind == M_FLIP && m->arg >= 80 && !op->session && !op->checked;
}

/* The TPM created an object or session and the library did not learn
 * its handle: the response was lost or could not be read far enough, or
 * its handle was corrupted (bytes 10..13: the handle is outside rpHash,
 * Part 1 §18.8, so not even a session can vouch for it). The library
 * must recover on its own. */
static int lost_handle(const op_t *op, const mode_t_ *m)
{
	if (!op->creates || it.tp.nmissed)
		return 0;
	switch (m->kind) {
	case M_DROP:
	case M_TIMEOUT:
	case M_TRUNC:
	case M_SIZE:
	case M_REPLAY:    /* the genuine response never arrived */
		return 1;
	case M_FLIP:
		return m->arg < 14 * 8;
	default:
		return 0;
	}
}

static unsigned recoveries_seen, passes_seen;

#define WANT(got, w) do { \
	mtpm_rc g_ = (got), w_ = (w); \
	if (g_ != w_) \
		fail_msg("%s / %s: rc 0x%x, want 0x%x", op->name, m->name, \
			 (unsigned)g_, (unsigned)w_); \
} while (0)

static void check_rc(const op_t *op, const mode_t_ *m, mtpm_rc rc)
{
	if (it.tp.nmissed) {
		/* The response is shorter than the offset or length: nothing was
		 * changed, so the command must simply work. */
		WANT(rc, MTPM_OK);
		return;
	}
	/* Regression: the type byte of a created object's or session's
	 * handle changed (0x80 -> 0x81, 0x03 -> 0x02) is a corrupted
	 * response, never an MTPM_OK naming someone else's handle. */
	if (m->kind == M_FLIP && m->arg / 8 == 10 && op->creates)
		WANT(rc, MTPM_E_MALFORMED);
	switch (m->kind) {
	case M_FLIP:
		if (m->arg >= 6 * 8 && m->arg < 80 && mtpm_rc_is_tpm(rc)) {
			/* responseCode flipped in a bare 10-byte success
			 * (FlushContext): a well-formed error response. A
			 * failure, and a clear one. */
			assert_true(rc != MTPM_OK);
		} else if (m->arg < 80) {
			WANT(rc, MTPM_E_MALFORMED);
		} else if (op->session || op->checked) {
			if (rc != MTPM_E_INTEGRITY && rc != MTPM_E_MALFORMED)
				fail_msg("%s / %s: rc 0x%x", op->name, m->name, (unsigned)rc);
		} else if (rc != MTPM_OK) {
			WANT(rc, MTPM_E_MALFORMED);
		} else {
			assert_true(body_flip_may_pass(op, m));
			passes_seen++;
		}
		break;
	case M_TRUNC:
	case M_SIZE:
		WANT(rc, MTPM_E_MALFORMED);
		break;
	case M_DROP:
		WANT(rc, MTPM_E_TRANSPORT);
		break;
	case M_TIMEOUT:
		WANT(rc, MTPM_E_TIMEOUT);
		break;
	case M_REPLAY:
		WANT(rc, MTPM_E_MALFORMED);
		break;
	case M_RETRY_FOREVER:
		WANT(rc, MTPM_E_RETRY_EXHAUSTED);
		/* Retried in one place, exactly max_retries times. */
		assert_int_equal(rcf.faked, it.ctx.max_retries);
		assert_int_equal(rcf.left, 0);
		break;
	case M_RC:
		WANT(rc, m->arg);
		break;
	default:
		fail();
	}
	if (m->kind != M_RETRY_FOREVER && m->kind != M_FLIP)
		assert_int_equal(it.tp.nacted, 1);
}

static void run_one(const op_t *op, const mode_t_ *m)
{
	unsigned left, caps;
	mtpm_rc rc;

	cur = m;
	cur_op = op->name;
	armed_replay_cc_is_random = op->replay_random;
	rc = op->fn();
	{
		char b[96];

		(void)mtpm_rc_str(rc, b, sizeof(b));
		assert_true(b[0] != 0);   /* a clear message for every rc */
	}
	check_rc(op, m, rc);
	/* No secret, no byte of anything, left in the library's buffers. */
	assert_true(all_zero(it.ctx.cmd, sizeof(it.ctx.cmd)));
	assert_true(all_zero(it.ctx.rsp, sizeof(it.ctx.rsp)));
	/* The library listed the handles itself when it lost one (the op
	 * under test sends no GetCapability of its own but op_GetCapability). */
	caps = tamper_count_cc(&it.tp, MTPM_CC_GetCapability);
	if (lost_handle(op, m)) {
		if (caps == 0)
			fail_msg("%s / %s: handle lost, no recovery", op->name, m->name);
		recoveries_seen++;
	}
	/* Nothing left, with no help from the test. */
	left = itest_loaded(&it);
	if (left != 0)
		fail_msg("%s / %s: %u handle(s) left in the TPM", op->name, m->name, left);
	assert_int_equal(it.ctx.held_lost, 0);
}

static void hostile_run(const char *what)
{
	unsigned o, m;

	recoveries_seen = passes_seen = 0;
	for (o = 0; o < NOPS; o++)
		for (m = 0; m < NMODES; m++)
			run_one(&ops[o], &modes[m]);
	/* 4 creating commands, each with at least the drop, timeout, cut,
	 * resize, replay and header/handle flip modes */
	assert_true(recoveries_seen >= 4 * 12);
	print_message("hostile (%s): %u commands x %u modes; %u unprotected body "
		      "flips passed (allowed), %u lost handles recovered by the library\n",
		      what, (unsigned)NOPS, (unsigned)NMODES, passes_seen, recoveries_seen);
}

static void test_hostile(void **state)
{
	(void)state;
	assert_int_equal(it.real.resource_manager, 0);
	hostile_run(it.real.desc);
}

/* A stream to the same swtpm, handed over as fd:N (as a caller passes an
 * already connected socket): the stream transport, not the socket one. */
static int connect_again(const mtpm_tcti *t)
{
	struct sockaddr_in in4;
	struct sockaddr_un un;
	int fd;

	if (t->kind == MTPM_TCTI_SWTPM_UNIX) {
		memset(&un, 0, sizeof(un));
		un.sun_family = AF_UNIX;
		assert_true(strlen(t->path) < sizeof(un.sun_path));
		strcpy(un.sun_path, t->path);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		assert_int_equal(connect(fd, (struct sockaddr *)&un, sizeof(un)), 0);
		return fd;
	}
	assert_int_equal(t->kind, MTPM_TCTI_SWTPM_TCP);
	memset(&in4, 0, sizeof(in4));
	in4.sin_family = AF_INET;
	in4.sin_port = htons(t->port);
	assert_int_equal(inet_pton(AF_INET, strcmp(t->host, "localhost") ? t->host
					 : "127.0.0.1", &in4.sin_addr), 1);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&in4, sizeof(in4)), 0);
	return fd;
}

static void test_hostile_fd(void **state)
{
	mtpm_tcti t;
	char s[32];

	(void)state;
	/* swtpm serves one connection at a time: hang up, then connect the
	 * stream the fd transport will own. */
	mtpm_transport_close(&it.real);
	snprintf(s, sizeof(s), "fd:%d", connect_again(&it.tcti));
	assert_int_equal(mtpm_tcti_parse(s, &t), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&it.real, &t), MTPM_OK);
	assert_int_equal(it.real.resource_manager, 0);
	assert_int_equal(itest_loaded(&it), 0);
	hostile_run(it.real.desc);
}

/* The happy path costs nothing: each create is one round trip, whether
 * or not a resource manager stands behind the transport. */
static void test_no_extra_round_trip(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	mtpm_session s;
	mtpm_session_opts o;
	uint32_t h1, h2;
	unsigned before, rm;

	(void)state;
	for (rm = 0; rm < 2; rm++) {
		it.tt.resource_manager = (uint8_t)rm;
		before = it.ctx.commands_sent;
		h1 = load_sealed(&name);
		assert_int_equal(it.ctx.commands_sent - before, 1);
		h2 = itest_srk(&it, 0, &pub, &name);
		assert_int_equal(it.ctx.commands_sent - before, 2);
		memset(&o, 0, sizeof(o));
		o.type = MTPM_SE_HMAC;
		assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
		assert_int_equal(it.ctx.commands_sent - before, 3);
		/* all three held, and released by their flushes */
		assert_int_equal(it.ctx.nheld, 3);
		assert_true(mtpm_ctx_holds(&it.ctx, h1) && mtpm_ctx_holds(&it.ctx, h2) &&
			    mtpm_ctx_holds(&it.ctx, s.handle));
		assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
		assert_int_equal(mtpm_FlushContext(&it.ctx, h1), MTPM_OK);
		assert_int_equal(mtpm_FlushContext(&it.ctx, h2), MTPM_OK);
		assert_int_equal(it.ctx.nheld, 0);
		assert_int_equal(it.ctx.commands_sent - before, 6);
	}
	it.tt.resource_manager = 0;
	assert_int_equal(itest_loaded(&it), 0);
}

/* Behind a resource manager the library leaves the stray to it (the RM
 * flushes everything of the connection on close): no GetCapability. */
static void test_rm_no_recovery(void **state)
{
	mtpm_TPM2B_NAME name;
	uint32_t h = 0xA5A5A5A5u;

	(void)state;
	it.tt.resource_manager = 1;
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_DROP;
	it.tp.nth = 1;
	assert_int_equal(mtpm_Load(&it.ctx, SRK_H, NULL, NULL, &sealed_priv, &sealed_pub,
				   &h, &name), MTPM_E_TRANSPORT);
	it.tp.mode = TAMPER_NONE;
	it.tt.resource_manager = 0;
	assert_int_equal(h, 0);
	assert_int_equal(it.tp.nacted, 1);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_GetCapability), 0);
	assert_int_equal(it.tp.ncmd, 1);
	/* what the RM would have done on close */
	assert_int_equal(itest_flush_all(&it), 1);
	assert_int_equal(itest_loaded(&it), 0);
}

/* The limit (SECURITY-GAP G-2): the connection dies with the response,
 * as a real stream or device transport closes itself on a timeout or a
 * short frame. Recovery cannot be sent; the library fails at once, and
 * the stray stays until the caller reconnects and flushes what it does
 * not own. */
static void test_hangup_gap(void **state)
{
	mtpm_TPM2B_NAME name;
	uint32_t h = 0xA5A5A5A5u;
	mtpm_rc rc;

	(void)state;
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_HANGUP;
	it.tp.nth = 1;
	rc = mtpm_Load(&it.ctx, SRK_H, NULL, NULL, &sealed_priv, &sealed_pub, &h, &name);
	it.tp.mode = TAMPER_NONE;
	itest_reopen(&it);   /* first, so a failure below leaves the rest a TPM */
	assert_int_equal(rc, MTPM_E_TRANSPORT);
	assert_int_equal(h, 0);
	/* the recovery was tried and could not be carried */
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_GetCapability), 1);
	assert_int_equal(it.tp.xfer[1].rc, MTPM_E_TRANSPORT);
	assert_int_equal(itest_flush_all(&it), 1);
	assert_int_equal(itest_loaded(&it), 0);
}

static long now_ms(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* RETRY twice, then the real answer: one call, three round trips, and
 * the default backoff of mtpm_ctx_init (10 + 20 ms) really waited. */
static void test_retry_then_success(void **state)
{
	mtpm_TPM2B_DIGEST r;
	unsigned before;
	long t0;

	(void)state;
	assert_non_null(it.ctx.sleep_ms);   /* itest_open: mtpm_ctx_init's */
	before = it.ctx.commands_sent;
	rcf.inner = &it.tt;
	rcf.left = 2;
	rcf.faked = 0;
	rcf.rc = MTPM_RC_RETRY;
	it.ctx.tr = &rcf_tr;
	t0 = now_ms();
	assert_int_equal(mtpm_GetRandom(&it.ctx, NULL, 16, &r), MTPM_OK);
	assert_true(now_ms() - t0 >= 10 + 20);
	it.ctx.tr = &it.tt;
	assert_int_equal(r.size, 16);
	assert_int_equal(rcf.faked, 2);
	assert_int_equal(it.ctx.commands_sent - before, 3);

	/* The same through the shared tamper: TAMPER_RC on the 1st only. */
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_RC;
	it.tp.nth = 1;
	it.tp.arg = MTPM_RC_YIELDED;
	before = it.ctx.commands_sent;
	assert_int_equal(mtpm_GetRandom(&it.ctx, NULL, 16, &r), MTPM_OK);
	it.tp.mode = TAMPER_NONE;
	assert_int_equal(it.tp.nacted, 1);
	assert_int_equal(it.ctx.commands_sent - before, 2);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_GetRandom), 2);
}

/* With a session: the resent command is byte-identical (the TPM saw
 * none of the faked tries), so its HMAC and nonces still verify. */
static void test_retry_with_session(void **state)
{
	const uint8_t *c1, *c2;
	size_t l1, l2;
	unsigned before;
	mtpm_rc rc;

	(void)state;
	cur = &modes[0];
	/* Two TESTING answers, then the genuine one. */
	rcf.inner = &it.tt;
	rcf.left = 0;
	tamper_reset(&it.tp);
	before = it.ctx.commands_sent;
	{
		mtpm_TPM2B_SENSITIVE_DATA out;
		mtpm_TPM2B_NAME name;
		mtpm_session s;
		mtpm_auth a;
		mtpm_auths as;
		uint32_t h = load_sealed(&name);

		salted(&s);
		memset(&a, 0, sizeof(a));
		a.sess = &s;
		a.value = obj_auth;
		a.value_len = sizeof(obj_auth);
		a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
		as.a[0] = &a;
		as.n = 1;
		tamper_reset(&it.tp);
		rcf.left = 2;
		rcf.faked = 0;
		rcf.rc = MTPM_RC_TESTING;
		/* Put the fake behind the recorder so both tries are seen. */
		rcf.inner = &it.real;
		it.tp.inner = &rcf_tr;
		before = it.ctx.commands_sent;
		rc = mtpm_Unseal(&it.ctx, h, &name, &as, &out);
		it.tp.inner = &it.real;
		assert_int_equal(rc, MTPM_OK);
		assert_int_equal(rcf.faked, 2);
		assert_int_equal(it.ctx.commands_sent - before, 3);
		assert_int_equal(out.size, sizeof(secret));
		assert_memory_equal(out.buffer, secret, sizeof(secret));
		c1 = tamper_cmd(&it.tp, 0, &l1);
		c2 = tamper_cmd(&it.tp, 2, &l2);
		assert_non_null(c1);
		assert_non_null(c2);
		assert_int_equal(l1, l2);
		assert_memory_equal(c1, c2, l1);
		assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
		flush_if(h);
		mtpm_wipe(&out, sizeof(out));
	}
	assert_int_equal(itest_loaded(&it), 0);
}

/* ------------------------------------------------------------------ */

static int setup(void **state)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_NV_PUBLIC np;
	mtpm_TPM2B_AUTH a;
	mtpm_TPM2B_MAX_NV_BUFFER d;
	mtpm_create_out out;
	mtpm_TPM2B_NAME qn;
	mtpm_policy_step st;
	mtpm_auth pa;
	mtpm_auths pas;
	uint32_t h;

	(void)state;
	itest_open(&it);
	it.ctx.max_retries = MAX_RETRIES;
	mtpm_transport_callback(&rcf_tr, NULL, NULL);
	rcf_tr.transmit = rcf_transmit;
	rcf_tr.user = &rcf;
	assert_int_equal(it.ctx.crypto->random(secret, sizeof(secret)), MTPM_OK);
	assert_int_equal(it.ctx.crypto->random(obj_auth, sizeof(obj_auth)), MTPM_OK);
	assert_int_equal(it.ctx.crypto->random(nv_secret, sizeof(nv_secret)), MTPM_OK);
	assert_int_equal(it.ctx.crypto->random(nv_auth, sizeof(nv_auth)), MTPM_OK);
	obj_auth[sizeof(obj_auth) - 1] |= 1;
	nv_auth[sizeof(nv_auth) - 1] |= 1;
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_policy_init(MTPM_ALG_SHA256, &pol_av), MTPM_OK);
	assert_int_equal(mtpm_policy_calc(it.ctx.crypto, MTPM_ALG_SHA256, &pol_av, &st),
			 MTPM_OK);

	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, SRK_H, NULL, SRK_H));
	mtpm_rc_ignore(mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV_H, NULL));
	h = itest_srk(&it, 0, &srk_pub, &srk_name);
	assert_int_equal(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, h, NULL, SRK_H),
			 MTPM_OK);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
	assert_int_equal(mtpm_ReadPublic(&it.ctx, SRK_H, NULL, &srk_pub, &srk_name, &qn),
			 MTPM_OK);

	/* The sealed object every Load/Unseal uses. */
	memset(&sens, 0, sizeof(sens));
	sens.sensitive.userAuth.size = sizeof(obj_auth);
	memcpy(sens.sensitive.userAuth.buffer, obj_auth, sizeof(obj_auth));
	sens.sensitive.data.size = sizeof(secret);
	memcpy(sens.sensitive.data.buffer, secret, sizeof(secret));
	memset(&sealed_pub, 0, sizeof(sealed_pub));
	sealed_pub.publicArea.type = MTPM_ALG_KEYEDHASH;
	sealed_pub.publicArea.nameAlg = MTPM_ALG_SHA256;
	sealed_pub.publicArea.objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
						 MTPM_OA_USERWITHAUTH | MTPM_OA_NODA;
	sealed_pub.publicArea.authPolicy = pol_av;
	sealed_pub.publicArea.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
	memset(&out, 0, sizeof(out));
	out.outPrivate = &sealed_priv;
	{
		mtpm_TPM2B_PUBLIC tmpl = sealed_pub;

		out.outPublic = &sealed_pub;
		assert_int_equal(mtpm_Create(&it.ctx, SRK_H, NULL, NULL, &sens, &tmpl, NULL,
					     NULL, &out), MTPM_OK);
	}
	mtpm_wipe(&sens, sizeof(sens));

	/* The NV index with a secret in it. */
	memset(&np, 0, sizeof(np));
	np.nvPublic.nvIndex = NV_H;
	np.nvPublic.nameAlg = MTPM_ALG_SHA256;
	np.nvPublic.attributes = MTPM_NV_AUTHREAD | MTPM_NV_AUTHWRITE | MTPM_NV_NO_DA;
	np.nvPublic.dataSize = sizeof(nv_secret);
	a.size = sizeof(nv_auth);
	memcpy(a.buffer, nv_auth, sizeof(nv_auth));
	assert_int_equal(mtpm_NV_DefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, &a, &np), MTPM_OK);
	pa = pw_auth(nv_auth, sizeof(nv_auth));
	pas.a[0] = &pa;
	pas.n = 1;
	memset(&d, 0, sizeof(d));
	d.size = sizeof(nv_secret);
	memcpy(d.buffer, nv_secret, sizeof(nv_secret));
	assert_int_equal(mtpm_NV_Write(&it.ctx, NV_H, NULL, &pas, NV_H, NULL, &d, 0), MTPM_OK);
	assert_int_equal(mtpm_NV_ReadPublic(&it.ctx, NV_H, &np, &nv_name), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	it.tp.mode = TAMPER_NONE;
	it.ctx.tr = &it.tt;
	mtpm_rc_ignore(mtpm_NV_UndefineSpace(&it.ctx, MTPM_RH_OWNER, NULL, NV_H, NULL));
	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, SRK_H, NULL, SRK_H));
	itest_close(&it);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_then_success),
		cmocka_unit_test(test_retry_with_session),
		cmocka_unit_test(test_no_extra_round_trip),
		cmocka_unit_test(test_rm_no_recovery),
		cmocka_unit_test(test_hangup_gap),
		cmocka_unit_test(test_hostile),
		/* last: it moves the connection to an fd:N stream */
		cmocka_unit_test(test_hostile_fd),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
