/*
 * it_pcr_audit.c - PCR values read for sealing are authenticated: the
 * CLI's cli_read_pcrs_audited (src/cli/basic.c) against swtpm.
 *
 * PCR_Read (Part 3 §22.4) has no handle to authorize and its first
 * response parameter is not a TPM2B, so an HMAC session rides along for
 * audit only (TPMA_SESSION.audit, Part 2 §8.4); the TPM then answers with
 * an HMAC over the rpHash, which covers pcrUpdateCounter, the selection
 * and every value. Shown here:
 *   - audited and plain reads agree, for 24 PCRs of a bank (three
 *     PCR_Reads) and PCRs of a second bank, and every PCR_Read carries the
 *     session;
 *   - one bit changed in a value, the counter or the HMAC of any of those
 *     responses is MTPM_E_INTEGRITY, with nothing returned and nothing
 *     left loaded - while the same change to a plain read goes unnoticed
 *     (the attack the audit session stops);
 *   - a session whose HMAC key anyone could compute (unsalted, unbound),
 *     a policy session, or none is refused before a command is sent;
 *   - the session keeps working for other roles afterwards (the caller
 *     may go on to use it for Create);
 *   - the values come from one PCR state: an extend between two of the
 *     PCR_Reads makes the whole read start again; PCRs that never stop
 *     changing end in MTPM_E_RETRY_EXHAUSTED.
 * The function is CLI code: basic.c and util.c are included whole, with
 * the few CLI entry points they call stubbed below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"
#include "../../src/cli/util.c"
#include "../../src/cli/basic.c"

/* --- what basic.c needs from main.c and fileio.c ------------------------ */

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_fail(const char *what, mtpm_rc rc)
{
	(void)what;
	return rc == MTPM_OK ? EXIT_OK : EXIT_FAIL;
}

int cli_usage_error(const char *fmt, ...)
{
	(void)fmt;
	return EXIT_USAGE;
}

int cli_open(cli_env *env)
{
	(void)env;
	return EXIT_NOTPM;
}

int cli_write_file(const char *path, const uint8_t *b, size_t n, int secret, int allow_tty)
{
	(void)path;
	(void)b;
	(void)n;
	(void)secret;
	(void)allow_tty;
	return EXIT_MALFORMED;
}

/* --- set-up --------------------------------------------------------------- */

static itest it;
static uint32_t srk;
static mtpm_TPM2B_PUBLIC srk_pub;
static cli_pcr_values plain[MTPM_MAX_BANKS], audited[MTPM_MAX_BANKS];
static const cli_pcr_values zero_vals[MTPM_MAX_BANKS];

static void salted(mtpm_session *s)
{
	mtpm_session_opts o;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.salt_key = srk;
	o.salt_pub = &srk_pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, s, &o), MTPM_OK);
	assert_int_equal(s->key_len, 32);
}

static void extend(uint32_t pcr, uint8_t fill)
{
	mtpm_TPML_DIGEST_VALUES d;

	memset(&d, 0, sizeof(d));
	d.count = 2;
	d.digests[0].hashAlg = MTPM_ALG_SHA256;
	memset(d.digests[0].digest, fill, 32);
	d.digests[1].hashAlg = MTPM_ALG_SHA1;
	memset(d.digests[1].digest, fill, 20);
	assert_int_equal(mtpm_PCR_Extend(&it.ctx, pcr, NULL, &d), MTPM_OK);
}

static void parse(const char *spec, mtpm_TPML_PCR_SELECTION *sel)
{
	assert_int_equal(cli_parse_pcr_selection(spec, sel), MTPM_OK);
}

/* The first bank of a and b: n values, equal. */
static void same_values(const cli_pcr_values *a, const cli_pcr_values *b, unsigned n)
{
	unsigned i;

	assert_int_equal(a[0].count, n);
	assert_int_equal(b[0].count, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(a[0].digests[i].size, b[0].digests[i].size);
		assert_memory_equal(a[0].digests[i].buffer, b[0].digests[i].buffer,
				    a[0].digests[i].size);
	}
}

/* --- audited equals plain ------------------------------------------------ */

static void test_audited_equals_plain(void **state)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_session s;
	unsigned i, b;
	(void)state;

	extend(7, 0x11);
	extend(16, 0x22);
	extend(23, 0x33);
	parse("sha256:0-23+sha1:0,7,16", &sel);
	assert_int_equal(cli_read_pcr_values(&it.ctx, &sel, plain), MTPM_OK);
	assert_int_equal(plain[0].count, 24);
	assert_int_equal(plain[1].count, 3);
	/* the extends show: not all zeros */
	assert_memory_not_equal(plain[0].digests[7].buffer, zero_vals[0].digests[0].buffer, 32);

	salted(&s);
	tamper_reset(&it.tp);
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_OK);
	for (b = 0; b < 2; b++) {
		assert_int_equal(audited[b].count, plain[b].count);
		for (i = 0; i < plain[b].count; i++) {
			assert_int_equal(audited[b].digests[i].size, b ? 20 : 32);
			assert_memory_equal(audited[b].digests[i].buffer, plain[b].digests[i].buffer,
					    audited[b].digests[i].size);
		}
	}
	/* 3 + 2 PCR_Reads (one per bank and select byte), each with one
	 * session (tag ST_SESSIONS) whose handle is ours and whose
	 * attributes are continueSession|audit */
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_PCR_Read), 5);
	assert_int_equal(it.tp.nxfer, 5);
	for (i = 0; i < it.tp.nxfer; i++) {
		size_t n;
		const uint8_t *c = tamper_cmd(&it.tp, i, &n);
		uint32_t h;

		assert_non_null(c);
		assert_true(n > 19 + 32);
		assert_int_equal(c[0] << 8 | c[1], MTPM_ST_SESSIONS);
		/* header 10, authorizationSize 4, sessionHandle 4, nonce 2+32 */
		h = (uint32_t)c[14] << 24 | (uint32_t)c[15] << 16 | (uint32_t)c[16] << 8 | c[17];
		assert_int_equal(h, s.handle);
		assert_int_equal(c[18] << 8 | c[19], 32);
		assert_int_equal(c[20 + 32], MTPM_SA_CONTINUESESSION | MTPM_SA_AUDIT);
	}
	assert_int_equal(s.active, 1);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
}

/* --- a changed response byte --------------------------------------------- */

/*
 * Offsets in a PCR_Read response with one session: header 10,
 * parameterSize 4, pcrUpdateCounter 4 (14), TPML_PCR_SELECTION 4+2+1+3
 * (18), TPML_DIGEST count 4 (28), first digest size 2 (32) and value (34).
 */
#define OFF_COUNTER 17
#define OFF_SELECT 25
#define OFF_VALUE0 34

static void tamper_one(unsigned nth, uint32_t bit, int audit)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_session s;
	mtpm_rc rc;

	parse("sha256:0-23", &sel);
	if (audit)
		salted(&s);
	tamper_reset(&it.tp);
	it.tp.mode = TAMPER_FLIP_BIT;
	it.tp.nth = nth;
	it.tp.arg = bit;
	memset(audited, 0xA5, sizeof(audited));
	if (audit)
		rc = cli_read_pcrs_audited(&it.ctx, &s, &sel, audited);
	else
		rc = cli_read_pcr_values(&it.ctx, &sel, audited);
	it.tp.mode = TAMPER_NONE;
	assert_int_equal(it.tp.nacted, 1);
	if (audit) {
		/* detected, nothing handed back, the session gone from the
		 * TPM and from s */
		assert_int_equal(rc, MTPM_E_INTEGRITY);
		assert_memory_equal(audited, zero_vals, sizeof(audited));
		assert_int_equal(s.active, 0);
		assert_int_equal(itest_loaded(&it), 1);   /* the SRK only */
	}
}

static void test_tampered_value_detected(void **state)
{
	mtpm_TPML_PCR_SELECTION sel;
	unsigned nth;
	size_t n;
	(void)state;

	parse("sha256:0-23", &sel);
	assert_int_equal(cli_read_pcr_values(&it.ctx, &sel, plain), MTPM_OK);
	/* a value, in each of the three responses */
	for (nth = 1; nth <= 3; nth++)
		tamper_one(nth, 8 * OFF_VALUE0 + 3, 1);
	/* the last byte of the last value of the third response */
	tamper_one(3, 8 * (OFF_VALUE0 + 8 * (2 + 32) - 2 - 1), 1);
	/* pcrUpdateCounter, the selection */
	tamper_one(2, 8 * OFF_COUNTER, 1);
	tamper_one(1, 8 * OFF_SELECT + 1, 1);
	/* the response HMAC itself (the frame's last byte) */
	tamper_reset(&it.tp);
	{
		mtpm_session s;

		salted(&s);
		tamper_reset(&it.tp);
		assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_OK);
		assert_non_null(tamper_rsp(&it.tp, 0, &n));
		assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	}
	tamper_one(2, 8 * (uint32_t)(n - 1), 1);

	/* The same change to a plain read goes through: the value the
	 * caller gets is the interposer's. */
	tamper_one(2, 8 * OFF_VALUE0 + 3, 0);
	assert_int_equal(audited[0].count, 24);
	assert_memory_equal(audited[0].digests[0].buffer, plain[0].digests[0].buffer, 32);
	assert_memory_not_equal(audited[0].digests[8].buffer, plain[0].digests[8].buffer, 32);
	assert_int_equal(itest_loaded(&it), 1);
}

/* --- sessions that prove nothing ------------------------------------------ */

static void test_refused_sessions(void **state)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_session s;
	mtpm_session_opts o;
	(void)state;

	parse("sha256:7", &sel);
	tamper_reset(&it.tp);
	memset(audited, 0xA5, sizeof(audited));
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, NULL, &sel, audited), MTPM_E_USAGE);
	assert_memory_equal(audited, zero_vals, sizeof(audited));

	/* unsalted, unbound: an empty HMAC key */
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	assert_int_equal(s.key_len, 0);
	tamper_reset(&it.tp);
	memset(audited, 0xA5, sizeof(audited));
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_E_USAGE);
	assert_memory_equal(audited, zero_vals, sizeof(audited));
	assert_int_equal(it.tp.ncmd, 0);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);

	/* a (salted) policy session cannot audit */
	o.type = MTPM_SE_POLICY;
	o.salt_key = srk;
	o.salt_pub = &srk_pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	tamper_reset(&it.tp);
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_E_USAGE);
	assert_int_equal(it.tp.ncmd, 0);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);

	/* an ended session */
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_E_USAGE);
	assert_int_equal(itest_loaded(&it), 1);
}

/* --- the session afterwards ------------------------------------------------ */

static void test_session_reusable(void **state)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth a;
	mtpm_auths as;
	mtpm_TPM2B_DIGEST r;
	(void)state;

	parse("7", &sel);
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = srk;
	o.salt_pub = &srk_pub.publicArea;
	assert_int_equal(mtpm_session_start(&it.ctx, &s, &o), MTPM_OK);
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_OK);
	assert_int_equal(audited[0].count, 1);
	/* then as an encrypt session, as seal's Create would use it */
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	as.n = 1;
	assert_int_equal(mtpm_GetRandom(&it.ctx, &as, 16, &r), MTPM_OK);
	assert_int_equal(r.size, 16);
	/* and for audit again */
	assert_int_equal(cli_read_pcrs_audited(&it.ctx, &s, &sel, audited), MTPM_OK);
	assert_int_equal(mtpm_session_flush(&it.ctx, &s), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 1);
}

/* --- one PCR state ----------------------------------------------------------- */

/* A transport that extends PCR 9 (through the same connection, with a
 * context of its own) after each of the first `left` PCR_Read responses:
 * a PCR changing between the commands of one read. */
typedef struct {
	mtpm_transport *inner;
	unsigned left;
	mtpm_ctx side;
} racer_t;

static racer_t racer;

static mtpm_rc racer_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			      uint8_t *rsp, size_t cap, size_t *got)
{
	racer_t *r = t->user;
	mtpm_rc rc = r->inner->transmit(r->inner, cmd, cmd_len, rsp, cap, got);
	uint32_t cc = cmd_len >= 10 ? (uint32_t)cmd[6] << 24 | (uint32_t)cmd[7] << 16 |
					      (uint32_t)cmd[8] << 8 | cmd[9] : 0;

	if (rc == MTPM_OK && cc == MTPM_CC_PCR_Read && r->left > 0) {
		mtpm_TPML_DIGEST_VALUES d;

		r->left--;
		memset(&d, 0, sizeof(d));
		d.count = 1;
		d.digests[0].hashAlg = MTPM_ALG_SHA256;
		memset(d.digests[0].digest, 0x5A, 32);
		if (mtpm_PCR_Extend(&r->side, 9, NULL, &d) != MTPM_OK)
			return MTPM_E_TRANSPORT;
	}
	return rc;
}

static void test_one_pcr_state(void **state)
{
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_transport rt;
	mtpm_ctx ctx2;
	mtpm_session s;
	(void)state;

	parse("sha256:0-23", &sel);
	memset(&racer, 0, sizeof(racer));
	racer.inner = &it.tt;
	mtpm_ctx_init(&racer.side, &it.real, mtpm_crypto_bearssl());
	memset(&rt, 0, sizeof(rt));
	rt.user = &racer;
	rt.transmit = racer_transmit;
	mtpm_ctx_init(&ctx2, &rt, mtpm_crypto_bearssl());
	salted(&s);
	ctx2.sess_hooks = mtpm_session_engine();   /* s was started on it.ctx */

	/* One extend after the first PCR_Read: the second one sees another
	 * counter, and the read starts over (2 + 3 PCR_Reads). */
	racer.left = 1;
	tamper_reset(&it.tp);
	assert_int_equal(cli_read_pcrs_audited(&ctx2, &s, &sel, audited), MTPM_OK);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_PCR_Read), 5);
	assert_int_equal(cli_read_pcr_values(&it.ctx, &sel, plain), MTPM_OK);
	same_values(audited, plain, 24);

	/* PCRs that never settle: four attempts, then a refusal. */
	racer.left = 100;
	tamper_reset(&it.tp);
	memset(audited, 0xA5, sizeof(audited));
	assert_int_equal(cli_read_pcrs_audited(&ctx2, &s, &sel, audited),
			 MTPM_E_RETRY_EXHAUSTED);
	assert_int_equal(tamper_count_cc(&it.tp, MTPM_CC_PCR_Read), 8);
	assert_memory_equal(audited, zero_vals, sizeof(audited));
	/* unaudited, the same */
	racer.left = 100;
	assert_int_equal(cli_read_pcr_values(&ctx2, &sel, audited), MTPM_E_RETRY_EXHAUSTED);
	racer.left = 0;
	assert_int_equal(mtpm_session_flush(&ctx2, &s), MTPM_OK);
	assert_int_equal(itest_loaded(&it), 1);
}

static int setup(void **state)
{
	mtpm_TPM2B_NAME name;

	(void)state;
	itest_open(&it);
	srk = itest_srk(&it, 0, &srk_pub, &name);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(mtpm_FlushContext(&it.ctx, srk), MTPM_OK);
	itest_close(&it);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audited_equals_plain),
		cmocka_unit_test(test_tampered_value_detected),
		cmocka_unit_test(test_refused_sessions),
		cmocka_unit_test(test_session_reusable),
		cmocka_unit_test(test_one_pcr_state),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
