/*
 * tests/support/itest.c - see itest.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"

void itest_open(itest *it)
{
	const char *t = getenv("MTPM_TCTI");

	memset(it, 0, sizeof(*it));
	assert_non_null(t);
	assert_int_equal(mtpm_tcti_parse(t, &it->tcti), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&it->real, &it->tcti), MTPM_OK);
	tamper_init(&it->tp, &it->tt, &it->real);
	mtpm_ctx_init(&it->ctx, &it->tt, mtpm_crypto_bearssl());
}

void itest_close(itest *it)
{
	mtpm_transport_close(&it->real);
}

uint32_t itest_srk(itest *it, int rsa, mtpm_TPM2B_PUBLIC *pub, mtpm_TPM2B_NAME *name)
{
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_create_out out;
	uint32_t h = 0;

	memset(&sens, 0, sizeof(sens));
	memset(&out, 0, sizeof(out));
	if (rsa)
		mtpm_srk_template_rsa(&tmpl);
	else
		mtpm_srk_template_ecc(&tmpl);
	out.outPublic = pub;
	out.name = name;
	assert_int_equal(mtpm_CreatePrimary(&it->ctx, MTPM_RH_OWNER, NULL, &sens,
					    &tmpl, NULL, NULL, &h, &out), MTPM_OK);
	assert_int_equal(h >> 24, MTPM_HT_TRANSIENT);
	return h;
}

/* Is h of the kind the capability query starting at first lists? The
 * session queries (0x02 loaded, 0x03 saved) list HMAC and policy
 * sessions alike, each with its own type byte: a loaded policy session
 * comes back as 0x03xxxxxx from the 0x02 query. */
static int same_kind(uint32_t h, uint32_t first)
{
	uint32_t t = h >> 24, q = first >> 24;

	if (q == MTPM_HT_HMAC_SESSION || q == MTPM_HT_POLICY_SESSION)
		return t == MTPM_HT_HMAC_SESSION || t == MTPM_HT_POLICY_SESSION;
	return t == q;
}

static unsigned count_handles(itest *it, uint32_t first)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	unsigned i, n = 0;

	assert_int_equal(mtpm_GetCapability(&it->ctx, MTPM_CAP_HANDLES, first, 64,
					    &more, &cap), MTPM_OK);
	for (i = 0; i < cap.count; i++)
		if (same_kind(cap.data.handles[i], first))
			n++;
	return n;
}

unsigned itest_loaded(itest *it)
{
	return count_handles(it, 0x80000000u) + count_handles(it, 0x02000000u) +
	       count_handles(it, 0x03000000u);
}

int itest_seen(const itest *it, const void *needle, size_t n)
{
	size_t i;

	if (n == 0 || it->tp.rec_len < n)
		return 0;
	for (i = 0; i + n <= it->tp.rec_len; i++)
		if (memcmp(it->tp.rec + i, needle, n) == 0)
			return 1;
	return 0;
}

void itest_reopen(itest *it)
{
	mtpm_transport_close(&it->real);
	assert_int_equal(mtpm_transport_open(&it->real, &it->tcti), MTPM_OK);
}

static unsigned flush_kind(itest *it, uint32_t first)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	unsigned i, n = 0;

	assert_int_equal(mtpm_GetCapability(&it->ctx, MTPM_CAP_HANDLES, first, 64,
					    &more, &cap), MTPM_OK);
	for (i = 0; i < cap.count; i++) {
		if (!same_kind(cap.data.handles[i], first))
			continue;
		assert_int_equal(mtpm_FlushContext(&it->ctx, cap.data.handles[i]), MTPM_OK);
		n++;
	}
	return n;
}

unsigned itest_flush_all(itest *it)
{
	return flush_kind(it, 0x80000000u) + flush_kind(it, 0x02000000u) +
	       flush_kind(it, 0x03000000u);
}

void itest_password_session(itest *it, mtpm_session *s, uint32_t salt_key,
			    const mtpm_TPMT_PUBLIC *salt_pub, mtpm_TPM2B_DIGEST *d)
{
	mtpm_session_opts o;
	mtpm_policy_step st;

	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_POLICY;
	o.sym_bits = 128;
	if (salt_pub) {
		o.salt_key = salt_key;
		o.salt_pub = salt_pub;
	}
	assert_int_equal(mtpm_session_start(&it->ctx, s, &o), MTPM_OK);
	memset(&st, 0, sizeof(st));
	st.cc = MTPM_CC_PolicyPassword;
	assert_int_equal(mtpm_policy_run(&it->ctx, s, &st, d), MTPM_OK);
	assert_int_equal(s->policy_password, 1);
}
