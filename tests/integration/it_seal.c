/*
 * it_seal.c - mtpm_seal / mtpm_unseal through the library against swtpm,
 * watched by the recording transport (the place a bus interposer sits):
 *   - an unseal with a known parent is exactly Load, StartAuthSession,
 *     PolicyPCR, Unseal, FlushContext (5 commands);
 *   - neither the secret nor the PIN ever crosses the bus in clear, during
 *     seal or unseal (with a negative control that the grep can fail);
 *   - a tampered Unseal response yields MTPM_E_INTEGRITY, never bytes;
 *   - nothing is left in the TPM or in the library's buffers afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"
#include <mtpm/seal.h>

static itest it;
static mtpm_keyfile kf;
static const uint8_t secret[32] = "mtpm-it-seal-secret-0123456789!";
static const uint8_t pin[] = "4711-pin-x";

static void pcr_policy(mtpm_keyfile_policy *p)
{
	static mtpm_TPML_DIGEST vals[MTPM_MAX_BANKS];
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_TPML_PCR_SELECTION out;
	uint32_t counter;

	memset(p, 0, sizeof(*p));
	memset(&sel, 0, sizeof(sel));
	sel.count = 1;
	sel.pcrSelections[0].hash = MTPM_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[0] = 0x81;   /* PCR 0 and 7 */
	assert_int_equal(mtpm_PCR_Read(&it.ctx, &sel, &counter, &out, &vals[0]), MTPM_OK);
	assert_int_equal(vals[0].count, 2);
	p->nsteps = 1;
	p->steps[0].cc = MTPM_CC_PolicyPCR;
	p->steps[0].u.pcr.pcrs = sel;
	assert_int_equal(mtpm_policy_pcr_digest(it.ctx.crypto, MTPM_ALG_SHA256, vals, 1,
						&p->steps[0].u.pcr.pcrDigest), MTPM_OK);
}

/* A persistent ECC SRK at 0x81000001, as enrolment would leave it. */
static void persistent_srk(void)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
	uint32_t h;

	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, MTPM_SRK_HANDLE, NULL,
				MTPM_SRK_HANDLE));   /* remove a leftover, if any */
	h = itest_srk(&it, 0, &pub, &name);
	assert_int_equal(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, h, &name,
					   MTPM_SRK_HANDLE), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(&it.ctx, h), MTPM_OK);
}

/* Exchanges the TPM answered with TPM_RC_RETRY. */
/* mtpm_unseal with the parent held to the Name the key file records. */
static mtpm_rc unseal_kf(const mtpm_keyfile *k, const uint8_t *p, size_t plen,
			 uint8_t *o, size_t cap, size_t *n, uint32_t *failed)
{
	mtpm_unseal_opts uo;

	memset(&uo, 0, sizeof(uo));
	uo.pin = p;
	uo.pin_len = plen;
	uo.parent_name = &k->parent_name;
	uo.parent_pub = k->parent_pub.publicArea.type ? &k->parent_pub : NULL;
	return mtpm_unseal(&it.ctx, k, &uo, o, cap, n, failed);
}

static unsigned retries(void)
{
	unsigned i, n = 0;

	for (i = 0; i < it.tp.nxfer; i++)
		n += it.tp.xfer[i].rsp_code == MTPM_RC_RETRY;
	return n;
}

static int buffers_clean(void)
{
	size_t i;

	for (i = 0; i < sizeof(it.ctx.cmd); i++)
		if (it.ctx.cmd[i] || it.ctx.rsp[i])
			return 0;
	return 1;
}

static void test_round_trips_and_sniffing(void **state)
{
	static mtpm_keyfile_policy pol;
	uint8_t out[MTPM_SEAL_MAX_SECRET];
	size_t n = 0;
	uint32_t failed = 1;
	mtpm_seal_opts o;
	unsigned before;

	(void)state;
	persistent_srk();
	pcr_policy(&pol);
	memset(&o, 0, sizeof(o));
	o.secret = secret;
	o.secret_len = sizeof(secret);
	o.pin = pin;
	o.pin_len = sizeof(pin) - 1;
	o.policy = &pol;
	tamper_reset(&it.tp);
	assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_OK);
	assert_int_equal(kf.parent, MTPM_SRK_HANDLE);
	assert_int_equal(kf.parent_name.size, 34);
	/* Seal: the secret and the PIN were inside an encrypted parameter. */
	assert_false(itest_seen(&it, secret, sizeof(secret)));
	assert_false(itest_seen(&it, secret, 8));
	assert_false(itest_seen(&it, pin, sizeof(pin) - 1));
	assert_true(buffers_clean());

	tamper_reset(&it.tp);
	before = it.ctx.commands_sent;
	assert_int_equal(unseal_kf(&kf, pin, sizeof(pin) - 1, out, sizeof(out),
				     &n, &failed), MTPM_OK);
	assert_int_equal(failed, 0);
	assert_int_equal(n, sizeof(secret));
	assert_memory_equal(out, secret, sizeof(secret));
	/* Load, StartAuthSession, PolicyPCR, PolicyAuthValue,
	 * StartAuthSession, Unseal, FlushContext: a PIN adds its policy
	 * command and, on a policy-only object, the encrypt-only session that
	 * keeps the response key the same on every TPM revision (seal.c,
	 * SECURITY-GAP G-1). The first use
	 * of a DA-protected authValue after startup may be answered
	 * TPM_RC_RETRY once (libtpms' daUsed write); that resend is the
	 * pipeline's one retry loop, not another command. */
	assert_int_equal(it.ctx.commands_sent - before - retries(), 7);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_Load), 1);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_StartAuthSession), 2);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_PolicyPCR), 1);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_Unseal), 1 + retries());
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_FlushContext), 1);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_ReadPublic), 0);
	/* Unseal: the secret came back encrypted, the PIN never left. */
	assert_false(itest_seen(&it, secret, sizeof(secret)));
	assert_false(itest_seen(&it, secret, 8));
	assert_false(itest_seen(&it, pin, sizeof(pin) - 1));
	assert_true(buffers_clean());
	assert_int_equal(itest_loaded(&it), 0);
}

/* Without PIN: exactly five commands, the number in the README. */
static void test_five_commands(void **state)
{
	static mtpm_keyfile_policy pol;
	uint8_t out[MTPM_SEAL_MAX_SECRET];
	size_t n = 0;
	mtpm_seal_opts o;
	unsigned before;

	(void)state;
	pcr_policy(&pol);
	memset(&o, 0, sizeof(o));
	o.secret = secret;
	o.secret_len = sizeof(secret);
	o.policy = &pol;
	assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_OK);
	before = it.ctx.commands_sent;
	assert_int_equal(unseal_kf(&kf, NULL, 0, out, sizeof(out), &n, NULL), MTPM_OK);
	assert_int_equal(it.ctx.commands_sent - before, 5);   /* the number in README.md */
	assert_memory_equal(out, secret, sizeof(secret));
	assert_int_equal(itest_loaded(&it), 0);
}

/* Negative control: a plain password-session Unseal shows the secret on
 * the bus, so the greps above can fail. */
static void test_sniff_control(void **state)
{
	mtpm_TPM2B_SENSITIVE_DATA d;
	mtpm_TPM2B_NAME name;
	uint32_t obj = 0;

	(void)state;
	memset(&kf, 0, sizeof(kf));
	{
		mtpm_seal_opts o;

		memset(&o, 0, sizeof(o));
		o.secret = secret;
		o.secret_len = sizeof(secret);
		assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_OK);
	}
	tamper_reset(&it.tp);
	assert_int_equal(mtpm_Load(&it.ctx, MTPM_SRK_HANDLE, NULL, NULL, &kf.priv, &kf.pub,
				   &obj, &name), MTPM_OK);
	assert_int_equal(mtpm_Unseal(&it.ctx, obj, NULL, NULL, &d), MTPM_OK);
	assert_true(itest_seen(&it, secret, sizeof(secret)));
	assert_int_equal(mtpm_FlushContext(&it.ctx, obj), MTPM_OK);
}

/* Tampering with Unseal's response: integrity error, no bytes. */
static void test_tampered_unseal(void **state)
{
	static mtpm_keyfile_policy pol;
	uint8_t out[MTPM_SEAL_MAX_SECRET];
	size_t n = 7, off;
	uint32_t failed = 0;
	mtpm_seal_opts o;
	mtpm_rc rc;
	unsigned i;

	(void)state;
	pcr_policy(&pol);
	memset(&o, 0, sizeof(o));
	o.secret = secret;
	o.secret_len = sizeof(secret);
	o.policy = &pol;
	assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_OK);
	/* Exchange 4 is Unseal (Load, StartAuthSession, PolicyPCR, Unseal).
	 * Flip bits in its parameters, its nonce, its HMAC. Its response:
	 * header 10, parameterSize 4, outData 2 + 32, then nonceTPM. */
	for (i = 0; i < 3; i++) {
		static const size_t offs[] = { 16 + 5, 14 + 34 + 2 + 3, 14 + 34 + 2 + 32 + 1 + 2 + 9 };

		off = offs[i];
		memset(out, 0xAA, sizeof(out));
		tamper_reset(&it.tp);
		it.tp.mode = TAMPER_FLIP_BIT;
		it.tp.nth = 4;
		it.tp.arg = (uint32_t)(8 * off);
		rc = unseal_kf(&kf, NULL, 0, out, sizeof(out), &n, &failed);
		it.tp.mode = TAMPER_NONE;
		assert_int_equal(it.tp.nacted, 1);
		assert_int_equal(tamper_cmd(&it.tp, 3, &off) != NULL, 1);
		assert_int_equal(rc, MTPM_E_INTEGRITY);
		assert_int_equal(failed, MTPM_CC_Unseal);
		assert_int_equal(n, 0);
		for (off = 0; off < sizeof(out); off++)
			assert_int_equal(out[off], 0);   /* wiped, not the secret */
		assert_true(buffers_clean());
		assert_int_equal(itest_loaded(&it), 0);
	}
	/* A replayed earlier response in place of Unseal's. */
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_REPLAY;
	it.tp.nth = 4;
	it.tp.arg = 3;
	rc = unseal_kf(&kf, NULL, 0, out, sizeof(out), &n, &failed);
	it.tp.mode = TAMPER_NONE;
	assert_true(rc == MTPM_E_INTEGRITY || rc == MTPM_E_MALFORMED);
	assert_int_equal(n, 0);
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
	mtpm_rc_ignore(mtpm_EvictControl(&it.ctx, MTPM_RH_OWNER, NULL, MTPM_SRK_HANDLE, NULL,
				MTPM_SRK_HANDLE));
	itest_close(&it);
	return 0;
}

/* The object's policy is PolicyPassword, PolicyAuthValue (the PIN seal
 * adds); the same digest in the other order leaves the session in
 * password mode (Part 1 §19.6.13: the last of the two decides). */
static void run_pav_then_pp(mtpm_session *s)
{
	mtpm_policy_step st;

	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyAuthValue;
	assert_int_equal(mtpm_policy_run(&it.ctx, s, &st, NULL), MTPM_OK);
	st.cc = MTPM_CC_PolicyPassword;
	assert_int_equal(mtpm_policy_run(&it.ctx, s, &st, NULL), MTPM_OK);
	assert_int_equal(s->policy_password, 1);
}

/* PolicyPassword (Part 3 §23.18) has PolicyAuthValue's digest. Seal will
 * not record it unless asked; unseal runs PolicyAuthValue in its place, so
 * the PIN stays off the bus; and a response through a password policy
 * session, which carries no HMAC, is accepted only with another session
 * that verifies one. */
static void test_policy_password(void **state)
{
	mtpm_keyfile_policy pol;
	mtpm_seal_opts o;
	mtpm_session s, h;
	mtpm_session_opts so;
	mtpm_auth a, ah;
	mtpm_auths as;
	mtpm_TPM2B_SENSITIVE_DATA data;
	mtpm_TPM2B_NAME oname;
	mtpm_parent pa;
	uint8_t out[64];
	size_t n = 0;
	uint32_t obj = 0;

	(void)state;
	memset(&pol, 0, sizeof(pol));
	pol.nsteps = 1;
	pol.steps[0].cc = MTPM_CC_PolicyPassword;
	memset(&o, 0, sizeof(o));
	o.secret = secret;
	o.secret_len = sizeof(secret);
	o.pin = pin;
	o.pin_len = sizeof(pin) - 1;
	o.policy = &pol;
	o.parent = MTPM_RH_OWNER;
	tamper_reset(&it.tp);
	assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_E_USAGE);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_Create), 0);
	o.flags = MTPM_ALLOW_POLICY_PASSWORD;
	assert_int_equal(mtpm_seal(&it.ctx, &o, &kf), MTPM_OK);
	assert_int_equal(kf.policy.steps[0].cc, MTPM_CC_PolicyPassword);

	/* The default unseal sends PolicyAuthValue, never the PIN. */
	tamper_reset(&it.tp);
	assert_int_equal(unseal_kf(&kf, pin, sizeof(pin) - 1, out, sizeof(out), &n, NULL),
			 MTPM_OK);
	assert_int_equal(n, sizeof(secret));
	assert_memory_equal(out, secret, sizeof(secret));
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_PolicyPassword), 0);
	assert_false(itest_seen(&it, pin, sizeof(pin) - 1));
	/* By hand: Unseal through the password session alone. The TPM
	 * answers in clear with no HMAC: refused. */
	assert_int_equal(mtpm_parent_resolve(&it.ctx, MTPM_RH_OWNER, 0, NULL, &kf.parent_name,
					     0, &pa), MTPM_OK);
	assert_int_equal(mtpm_Load(&it.ctx, pa.handle, &pa.name, NULL, &kf.priv, &kf.pub, &obj,
				   &oname), MTPM_OK);
	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_POLICY;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &so), MTPM_OK);
	run_pav_then_pp(&s);
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION;
	a.value = pin;
	a.value_len = sizeof(pin) - 1;
	as.a[0] = &a;
	as.n = 1;
	assert_int_equal(mtpm_Unseal(&it.ctx, obj, &oname, &as, &data), MTPM_E_USAGE);
	assert_int_equal(data.size, 0);
	/* With a salted HMAC session that encrypts the response and so
	 * verifies its HMAC: accepted. */
	if (!s.active) {
		assert_int_equal(mtpm_session_start(&it.ctx, &s, &so), MTPM_OK);
		run_pav_then_pp(&s);
	}
	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_HMAC;
	so.sym_bits = 128;
	so.salt_key = pa.handle;
	so.salt_pub = &pa.pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &h, &so), MTPM_OK);
	memset(&ah, 0, sizeof(ah));
	ah.sess = &h;
	ah.attrs = MTPM_SA_ENCRYPT;
	a.attrs = 0;
	as.a[1] = &ah;
	as.n = 2;
	assert_int_equal(mtpm_Unseal(&it.ctx, obj, &oname, &as, &data), MTPM_OK);
	assert_int_equal(data.size, sizeof(secret));
	assert_memory_equal(data.buffer, secret, sizeof(secret));
	mtpm_wipe(&data, sizeof(data));
	if (s.active)
		mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &s));
	if (h.active)
		mtpm_rc_ignore(mtpm_session_flush(&it.ctx, &h));
	assert_int_equal(mtpm_FlushContext(&it.ctx, obj), MTPM_OK);
	mtpm_parent_release(&it.ctx, &pa);
	assert_int_equal(itest_loaded(&it), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips_and_sniffing),
		cmocka_unit_test(test_five_commands),
		cmocka_unit_test(test_sniff_control),
		cmocka_unit_test(test_tampered_unseal),
		cmocka_unit_test(test_policy_password),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
