/*
 * it_trace.c - the redaction proof for `--trace` (src/cli/decode.c)
 * against swtpm: flows that carry secrets run with ctx->trace set to the
 * decoder in redacting mode, and no secret byte may reach the trace, in
 * hex or raw, while the redaction markers must.
 *
 *   Create of a sealed object (sensitive data + userAuth), Load, Unseal
 *   with a password and again through a salted session that encrypts the
 *   response; NV_DefineSpace with an auth, NV_Write / NV_Read of a
 *   secret; HierarchyChangeAuth to a secret and back.
 *
 * The same exchanges, as the recording transport saw them, are written as
 * a capture (tests/support/capture.c): decoded without redaction it shows
 * the secrets - so the test can fail - and with redaction it does not.
 * The decoder is CLI code, included whole (it depends on nothing else in
 * src/cli).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"
#include "capture.h"
#include "../../src/cli/decode.c"
#include "../../src/cli/trace.c"

static itest it;
static cli_trace_sink sink;

static const char seal_secret[] = "IT-TRACE-SEAL-SECRET-0123456789";      /* 31 */
static const char seal_pw[] = "it-trace-pw-42";                          /* 14 */
static const char nv_auth[] = "it-trace-nv-auth";                        /* 16 */
static const char nv_secret[] = "IT-TRACE-NV-SECRET-abcdefghijklm";      /* 32 */
static const char owner_auth[] = "it-trace-owner-auth";                  /* 19 */

static void hexof(const char *s, char *out, int upper)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	const char *d = upper ? up : lo;
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		out[2 * i] = d[(unsigned char)s[i] >> 4];
		out[2 * i + 1] = d[(unsigned char)s[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Neither s nor its hex (either case) in text; returns 1 if one is. */
static int leaks(const char *text, const char *s)
{
	char hex[2 * 64 + 1];

	if (strstr(text, s))
		return 1;
	hexof(s, hex, 0);
	if (strstr(text, hex))
		return 1;
	hexof(s, hex, 1);
	return strstr(text, hex) != NULL;
}

static void run_flows(void)
{
	mtpm_ctx *ctx = &it.ctx;
	mtpm_TPM2B_PUBLIC srk_pub, pub, out_pub;
	mtpm_TPM2B_NAME srk_name, name;
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_PRIVATE priv;
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPM2B_AUTH a2b;
	mtpm_TPM2B_NV_PUBLIC nvpub;
	mtpm_TPM2B_MAX_NV_BUFFER nvd, nvr;
	mtpm_create_out co;
	mtpm_auth pw, nvpw, own;
	mtpm_auths as, asnv, asown;
	mtpm_session s;
	mtpm_session_opts o;
	mtpm_auth sa;
	mtpm_auths sas;
	uint32_t srk, h;
	const uint32_t nvi = 0x01500123u;

	srk = itest_srk(&it, 0, &srk_pub, &srk_name);

	/* Create a sealed object: both halves of inSensitive are secrets. */
	memset(&sens, 0, sizeof(sens));
	sens.sensitive.userAuth.size = (uint16_t)strlen(seal_pw);
	memcpy(sens.sensitive.userAuth.buffer, seal_pw, strlen(seal_pw));
	sens.sensitive.data.size = (uint16_t)strlen(seal_secret);
	memcpy(sens.sensitive.data.buffer, seal_secret, strlen(seal_secret));
	memset(&pub, 0, sizeof(pub));
	pub.publicArea.type = MTPM_ALG_KEYEDHASH;
	pub.publicArea.nameAlg = MTPM_ALG_SHA256;
	pub.publicArea.objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
					  MTPM_OA_USERWITHAUTH | MTPM_OA_NODA;
	pub.publicArea.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
	memset(&co, 0, sizeof(co));
	co.outPrivate = &priv;
	co.outPublic = &out_pub;
	assert_int_equal(mtpm_Create(ctx, srk, &srk_name, NULL, &sens, &pub, NULL, NULL, &co),
			 MTPM_OK);
	assert_int_equal(mtpm_Load(ctx, srk, &srk_name, NULL, &priv, &out_pub, &h, &name), MTPM_OK);

	/* Unseal with the password. */
	memset(&pw, 0, sizeof(pw));
	pw.value = (const uint8_t *)seal_pw;
	pw.value_len = strlen(seal_pw);
	pw.attrs = MTPM_SA_CONTINUESESSION;
	as.a[0] = &pw;
	as.n = 1;
	assert_int_equal(mtpm_Unseal(ctx, h, &name, &as, &out), MTPM_OK);
	assert_int_equal(out.size, strlen(seal_secret));
	assert_memory_equal(out.buffer, seal_secret, out.size);

	/* Unseal through a salted HMAC session that encrypts outData. */
	memset(&o, 0, sizeof(o));
	o.type = MTPM_SE_HMAC;
	o.sym_bits = 128;
	o.salt_key = srk;
	o.salt_pub = &srk_pub.publicArea;
	assert_int_equal(mtpm_session_start(ctx, &s, &o), MTPM_OK);
	memset(&sa, 0, sizeof(sa));
	sa.sess = &s;
	sa.value = (const uint8_t *)seal_pw;
	sa.value_len = strlen(seal_pw);
	sa.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	sas.a[0] = &sa;
	sas.n = 1;
	memset(&out, 0, sizeof(out));
	assert_int_equal(mtpm_Unseal(ctx, h, &name, &sas, &out), MTPM_OK);
	assert_memory_equal(out.buffer, seal_secret, strlen(seal_secret));
	assert_int_equal(mtpm_session_flush(ctx, &s), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(ctx, h), MTPM_OK);
	assert_int_equal(mtpm_FlushContext(ctx, srk), MTPM_OK);

	/* NV: an index with an auth, a secret written and read back. */
	memset(&a2b, 0, sizeof(a2b));
	a2b.size = (uint16_t)strlen(nv_auth);
	memcpy(a2b.buffer, nv_auth, a2b.size);
	memset(&nvpub, 0, sizeof(nvpub));
	nvpub.nvPublic.nvIndex = nvi;
	nvpub.nvPublic.nameAlg = MTPM_ALG_SHA256;
	nvpub.nvPublic.attributes = MTPM_NV_AUTHWRITE | MTPM_NV_AUTHREAD | MTPM_NV_NO_DA;
	nvpub.nvPublic.dataSize = (uint16_t)strlen(nv_secret);
	assert_int_equal(mtpm_NV_DefineSpace(ctx, MTPM_RH_OWNER, NULL, &a2b, &nvpub), MTPM_OK);
	memset(&nvpw, 0, sizeof(nvpw));
	nvpw.value = (const uint8_t *)nv_auth;
	nvpw.value_len = strlen(nv_auth);
	nvpw.attrs = MTPM_SA_CONTINUESESSION;
	asnv.a[0] = &nvpw;
	asnv.n = 1;
	memset(&nvd, 0, sizeof(nvd));
	nvd.size = (uint16_t)strlen(nv_secret);
	memcpy(nvd.buffer, nv_secret, nvd.size);
	assert_int_equal(mtpm_NV_Write(ctx, nvi, NULL, &asnv, nvi, NULL, &nvd, 0), MTPM_OK);
	assert_int_equal(mtpm_NV_Read(ctx, nvi, NULL, &asnv, nvi, NULL, nvd.size, 0, &nvr),
			 MTPM_OK);
	assert_memory_equal(nvr.buffer, nv_secret, nvd.size);
	assert_int_equal(mtpm_NV_UndefineSpace(ctx, MTPM_RH_OWNER, NULL, nvi, NULL), MTPM_OK);

	/* Owner auth to a secret and back (authorized with that secret). */
	memset(&a2b, 0, sizeof(a2b));
	a2b.size = (uint16_t)strlen(owner_auth);
	memcpy(a2b.buffer, owner_auth, a2b.size);
	assert_int_equal(mtpm_HierarchyChangeAuth(ctx, MTPM_RH_OWNER, NULL, &a2b), MTPM_OK);
	memset(&own, 0, sizeof(own));
	own.value = (const uint8_t *)owner_auth;
	own.value_len = strlen(owner_auth);
	own.attrs = MTPM_SA_CONTINUESESSION;
	asown.a[0] = &own;
	asown.n = 1;
	memset(&a2b, 0, sizeof(a2b));
	assert_int_equal(mtpm_HierarchyChangeAuth(ctx, MTPM_RH_OWNER, &asown, &a2b), MTPM_OK);
}

static void test_trace_redacts(void **state)
{
	static const char *const secrets[] = { seal_secret, seal_pw, nv_auth, nv_secret, owner_auth };
	static const char *const markers[] = {
		"userAuth: TPM2B_AUTH size=14 = <redacted 14 bytes>",
		"data: TPM2B_SENSITIVE_DATA size=31 = <redacted 31 bytes>",
		"outData: TPM2B_SENSITIVE_DATA size=31 = <redacted 31 bytes>",
		"outData: TPM2B_SENSITIVE_DATA size=31 = <encrypted 31 bytes>",
		"hmac (password): TPM2B_AUTH size=14 = <redacted 14 bytes>",
		"hmac: TPM2B_AUTH size=32 = <redacted 32 bytes>",
		"encryptedSalt: TPM2B_ENCRYPTED_SECRET size=",
		"auth: TPM2B_AUTH size=16 = <redacted 16 bytes>",
		"data: TPM2B_MAX_NV_BUFFER size=32 = <redacted 32 bytes>",
		"newAuth: TPM2B_AUTH size=19 = <redacted 19 bytes>",
		"hmac (password): TPM2B_AUTH size=19 = <redacted 19 bytes>",
		"TPM2_Unseal response (Part 3 §12.7)",
		"TPM2_NV_Read response (Part 3 §31.13)",
	};
	char *tr = NULL, *cap = NULL, *dec = NULL;
	size_t trn = 0, capn = 0, decn = 0, i;
	unsigned nf = 0, nb = 0;
	FILE *f;

	(void)state;
	itest_open(&it);
	f = open_memstream(&tr, &trn);
	assert_non_null(f);
	cli_trace_sink_init(&sink, f, 1);
	it.ctx.trace = cli_decode_trace;
	it.ctx.trace_user = &sink;
	run_flows();
	it.ctx.trace = NULL;
	fclose(f);

	/* The secrets crossed the bus (the raw record has them)... */
	assert_true(itest_seen(&it, seal_secret, strlen(seal_secret)));
	assert_true(itest_seen(&it, nv_secret, strlen(nv_secret)));
	/* ...but not the trace, in any form. */
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (leaks(tr, secrets[i]))
			fail_msg("secret '%s' in the trace", secrets[i]);
	for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (!strstr(tr, markers[i]))
			fail_msg("no '%s' in the trace", markers[i]);
	assert_null(strstr(tr, "!!"));
	assert_true(sink.seq >= 30);

	/* The trace is a capture: it decodes back, still without secrets
	 * (they were zeroed in its hex lines), even unredacted. */
	f = open_memstream(&dec, &decn);
	assert_int_equal(cli_decode_capture(f, tr, trn, 0, 0, &nf, &nb), 0);
	fclose(f);
	assert_int_equal(nf, sink.seq);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		assert_false(leaks(dec, secrets[i]));
	free(dec);
	dec = NULL;

	/* The recording transport's capture: unredacted the decoder shows
	 * the secrets (so the checks above can fail), redacted it does not. */
	f = open_memstream(&cap, &capn);
	assert_true(capture_write_tamper(&it.tp, f) >= 30);
	fclose(f);
	f = open_memstream(&dec, &decn);
	assert_int_equal(cli_decode_capture(f, cap, capn, 0, 0, &nf, &nb), 0);
	fclose(f);
	assert_true(leaks(dec, seal_secret));
	assert_true(leaks(dec, nv_secret));
	assert_true(leaks(dec, owner_auth));
	free(dec);
	dec = NULL;
	f = open_memstream(&dec, &decn);
	assert_int_equal(cli_decode_capture(f, cap, capn, 1, 0, &nf, &nb), 0);
	fclose(f);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (leaks(dec, secrets[i]))
			fail_msg("secret '%s' in the redacted decode of the record", secrets[i]);
	free(dec);
	free(cap);
	free(tr);
	itest_close(&it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_redacts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
