/*
 * test_rc_decode.c - unit tests for src/cmds/rc_decode.c (mtpm_rc_str,
 * mtpm_rc_base).
 *
 * Expected strings are written out in full from the bit layout of TPM 2.0
 * Library Part 2 §6.6 (Table 16/17, "response code format"):
 *   bit 7 (F) set: format-1. bits 0-5 error number E (code = 0x080 + E),
 *     bit 6 (P): bits 8-11 number a parameter (1-15);
 *     P clear, bit 11 set: bits 8-10 number a session (1-7);
 *     P clear, bit 11 clear: bits 8-10 number a handle (1-7).
 *   bit 7 clear, bit 8 (V) set: format-0. bits 0-6 E, bit 10 (T) vendor,
 *     bit 11 (S) warning.
 *   bits 7 and 8 clear: a TPM 1.2 code (or not a TPM 2.0 code at all).
 * E.g. 0x98e = 1001 1000 1110b: F=1, P=0, N=9 (bit 11 set -> session 1),
 * E=0x0e -> TPM_RC_AUTH_FAIL; 0x1df = 0001 1101 1111b: F=1, P=1, N=1 ->
 * parameter 1, E=0x1f -> TPM_RC_INTEGRITY (the error the kernel vector's
 * README names for a Load under the wrong SRK).
 *
 * Also: every 16-bit value, the whole local range and random 32-bit values
 * decode without crashing, NUL-terminated, and a small buffer always holds
 * an exact prefix of the full text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/rc.h"
#include "mtpm/tpm.h"

static char buf[512];

static const char *str(mtpm_rc rc)
{
	memset(buf, 'X', sizeof(buf));
	return mtpm_rc_str(rc, buf, sizeof(buf));
}

static void test_success(void **state)
{
	(void)state;
	assert_string_equal(str(MTPM_OK), "success");
	assert_ptr_equal(mtpm_rc_str(MTPM_OK, buf, sizeof(buf)), buf);
	assert_int_equal(mtpm_rc_base(MTPM_OK), MTPM_OK);
}

static void test_format1(void **state)
{
	(void)state;
	/* session 1 */
	assert_string_equal(str(0x98e),
		"TPM_RC_AUTH_FAIL (0x98e): the authorization HMAC check failed "
		"and DA counter incremented, session 1");
	assert_int_equal(mtpm_rc_base(0x98e), MTPM_RC_AUTH_FAIL);
	/* parameter 1 */
	assert_string_equal(str(0x1df),
		"TPM_RC_INTEGRITY (0x1df): integrity check failed, parameter 1");
	assert_int_equal(mtpm_rc_base(0x1df), MTPM_RC_INTEGRITY);
	/* handle 1 */
	assert_string_equal(str(0x18b),
		"TPM_RC_HANDLE (0x18b): the handle is not correct for the use, handle 1");
	assert_int_equal(mtpm_rc_base(0x18b), MTPM_RC_HANDLE);
	/* handle 7, session 7 (N = 0xF, P clear), parameter 15 */
	assert_string_equal(str(0x78b),
		"TPM_RC_HANDLE (0x78b): the handle is not correct for the use, handle 7");
	assert_string_equal(str(0xf8e),
		"TPM_RC_AUTH_FAIL (0xf8e): the authorization HMAC check failed "
		"and DA counter incremented, session 7");
	assert_string_equal(str(0xfc4),
		"TPM_RC_VALUE (0xfc4): value is out of range or is not correct "
		"for the context, parameter 15");
	assert_int_equal(mtpm_rc_base(0xfc4), MTPM_RC_VALUE);
	assert_string_equal(str(0xac4),
		"TPM_RC_VALUE (0xac4): value is out of range or is not correct "
		"for the context, parameter 10");
	/* no number: the bare base code */
	assert_string_equal(str(0x08b),
		"TPM_RC_HANDLE (0x08b): the handle is not correct for the use");
	assert_string_equal(str(0x0a2),
		"TPM_RC_BAD_AUTH (0x0a2): authorization failure without DA implications");
	assert_int_equal(mtpm_rc_base(0x9a2), MTPM_RC_BAD_AUTH);
	/* P set with N = 0 names "parameter 0" (not a valid TPM answer, but
	 * the text says what the bits say) */
	assert_string_equal(str(0x0c4),
		"TPM_RC_VALUE (0x0c4): value is out of range or is not correct "
		"for the context, parameter 0");
	/* unknown error numbers */
	assert_string_equal(str(0x086), "TPM_RC_(format-1 unknown) (0x086): unknown error");
	assert_string_equal(str(0x2bf),
		"TPM_RC_(format-1 unknown) (0x2bf): unknown error, handle 2");
	assert_int_equal(mtpm_rc_base(0x2bf), 0xbf);
}

static void test_format0(void **state)
{
	(void)state;
	assert_string_equal(str(0x100),
		"TPM_RC_INITIALIZE (0x100): TPM not initialized by TPM2_Startup "
		"or already initialized");
	assert_string_equal(str(0x101),
		"TPM_RC_FAILURE (0x101): commands not being accepted because of a TPM failure");
	assert_string_equal(str(0x143),
		"TPM_RC_COMMAND_CODE (0x143): command code not supported");
	assert_string_equal(str(0x14c),
		"TPM_RC_NV_DEFINED (0x14c): NV Index or persistent object already defined");
	assert_int_equal(mtpm_rc_base(0x14c), MTPM_RC_NV_DEFINED);
	assert_string_equal(str(0x102), "TPM_RC_(format-0 unknown) (0x102)");
	assert_string_equal(str(0x17f), "TPM_RC_(format-0 unknown) (0x17f)");
}

static void test_warnings(void **state)
{
	(void)state;
	assert_string_equal(str(MTPM_RC_RETRY),
		"TPM_RC_RETRY (0x922): the TPM was not able to start the command");
	assert_string_equal(str(MTPM_RC_YIELDED),
		"TPM_RC_YIELDED (0x908): the TPM has suspended operation on the command");
	assert_string_equal(str(MTPM_RC_TESTING),
		"TPM_RC_TESTING (0x90a): TPM is performing self-tests");
	assert_string_equal(str(MTPM_RC_LOCKOUT),
		"TPM_RC_LOCKOUT (0x921): authorizations for objects subject to DA "
		"protection are not allowed at this time because the TPM is in DA "
		"lockout mode");
	assert_string_equal(str(MTPM_RC_OBJECT_MEMORY),
		"TPM_RC_OBJECT_MEMORY (0x902): out of memory for object contexts");
	assert_string_equal(str(0x90b), "TPM_RC_(format-0 unknown) (0x90b)");
	assert_int_equal(mtpm_rc_base(MTPM_RC_RETRY), MTPM_RC_RETRY);
	assert_int_equal(mtpm_rc_base(MTPM_RC_TESTING), MTPM_RC_TESTING);
}

static void test_vendor(void **state)
{
	(void)state;
	/* T (bit 10) set: vendor-defined, never looked up in the tables */
	assert_string_equal(str(0x500), "TPM vendor-defined code (0x500)");
	assert_string_equal(str(0x522), "TPM vendor-defined code (0x522)");
	/* warning + vendor */
	assert_string_equal(str(0xd22), "TPM vendor-defined code (0xd22)");
	assert_int_equal(mtpm_rc_base(0x522), 0x522);
}

static void test_tpm12(void **state)
{
	(void)state;
	/* TPM 1.2 TPM_BADTAG (0x1e), TPM_BAD_ORDINAL (0x0a),
	 * TPM_RETRY (0x800 = non-fatal 0) */
	assert_string_equal(str(0x1e), "TPM 1.2 or unknown response code (0x01e)");
	assert_string_equal(str(0x0a), "TPM 1.2 or unknown response code (0x00a)");
	assert_string_equal(str(0x800), "TPM 1.2 or unknown response code (0x800)");
	assert_string_equal(str(0x1), "TPM 1.2 or unknown response code (0x001)");
	assert_int_equal(mtpm_rc_base(0x1e), 0x1e);
	/* beyond 16 bits and not local: not a TPM code at all */
	assert_string_equal(str(0x12345), "unknown response code 0x12345");
	assert_string_equal(str(0x7fffffff), "unknown response code 0x7fffffff");
}

static void test_local(void **state)
{
	(void)state;
	assert_string_equal(str(MTPM_E_MALFORMED),
		"malformed response or input (MTPM_E_MALFORMED)");
	assert_string_equal(str(MTPM_E_INTEGRITY),
		"response failed verification: possible bus tampering (MTPM_E_INTEGRITY)");
	assert_string_equal(str(MTPM_E_RETRY_EXHAUSTED),
		"the TPM kept asking to retry (MTPM_E_RETRY_EXHAUSTED)");
	assert_string_equal(str(MTPM_E_STATE),
		"session or object not in a usable state (MTPM_E_STATE)");
	assert_string_equal(str(MTPM_E_LOCAL), "unknown local error (MTPM_E_?)");
	assert_string_equal(str(MTPM_E_ENTROPY),
		"no platform entropy source for the session's salt and nonces (MTPM_E_ENTROPY)");
	assert_string_equal(str(0x80000011u), "unknown local error (MTPM_E_?)");
	assert_string_equal(str(0xffffffffu), "unknown local error (MTPM_E_?)");
	/* every defined local code has its own name */
	for (mtpm_rc rc = MTPM_E_MALFORMED; rc <= MTPM_E_ENTROPY; rc++) {
		assert_non_null(strstr(str(rc), "(MTPM_E_"));
		assert_null(strstr(buf, "MTPM_E_?"));
		assert_int_equal(mtpm_rc_base(rc), rc);
		assert_true(!mtpm_rc_is_tpm(rc));
	}
	assert_true(mtpm_rc_is_tpm(0x98e));
	assert_true(!mtpm_rc_is_tpm(MTPM_OK));
}

/* Decode rc into buffers of every small size and check that each holds
 * an exact, terminated prefix of the full text and nothing is written
 * past len. */
static void check_one(mtpm_rc rc)
{
	static const size_t lens[] = { 1, 2, 5, 11, 17, 40 };
	char full[512], small[64];
	size_t n, i;

	memset(full, 'X', sizeof(full));
	assert_ptr_equal(mtpm_rc_str(rc, full, sizeof(full)), full);
	n = strnlen(full, sizeof(full));
	assert_true(n > 0 && n < 300);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i], want = n < len - 1 ? n : len - 1;

		memset(small, 'Y', sizeof(small));
		mtpm_rc_str(rc, small, len);
		assert_int_equal(small[want], '\0');
		if (memcmp(small, full, want) != 0)
			fail_msg("rc 0x%x len %zu: not a prefix", (unsigned)rc, len);
		assert_int_equal(small[len], 'Y');
	}
}

static void test_all_16bit(void **state)
{
	uint32_t v;
	(void)state;
	for (v = 0; v <= 0xFFFF; v++)
		check_one(v);
	for (v = 0; v <= 0xFFFF; v++)
		check_one(MTPM_E_LOCAL | v);
}

static void test_random_32bit(void **state)
{
	uint32_t x = 0x9e3779b9u;
	unsigned i;
	(void)state;
	for (i = 0; i < 200000; i++) {
		/* xorshift32: fixed seed, reproducible */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		check_one(x);
	}
}

static void test_tiny_buffers(void **state)
{
	char b[8];
	(void)state;
	/* len 0: nothing written, an empty string returned */
	memset(b, 'Z', sizeof(b));
	assert_string_equal(mtpm_rc_str(0x98e, b, 0), "");
	assert_int_equal(b[0], 'Z');
	assert_string_equal(mtpm_rc_str(0x98e, NULL, 16), "");
	/* len 1: just the terminator */
	memset(b, 'Z', sizeof(b));
	assert_ptr_equal(mtpm_rc_str(0x98e, b, 1), b);
	assert_int_equal(b[0], '\0');
	assert_int_equal(b[1], 'Z');
	/* len 5: four characters */
	memset(b, 'Z', sizeof(b));
	assert_string_equal(mtpm_rc_str(0x98e, b, 5), "TPM_");
	assert_int_equal(b[5], 'Z');
	memset(b, 'Z', sizeof(b));
	assert_string_equal(mtpm_rc_str(MTPM_OK, b, 5), "succ");
	memset(b, 'Z', sizeof(b));
	assert_string_equal(mtpm_rc_str(MTPM_E_USAGE, b, 5), "inva");
	memset(b, 'Z', sizeof(b));
	assert_string_equal(mtpm_rc_str(0x12345, b, 5), "unkn");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_format1),
		cmocka_unit_test(test_format0),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_vendor),
		cmocka_unit_test(test_tpm12),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_all_16bit),
		cmocka_unit_test(test_random_32bit),
		cmocka_unit_test(test_tiny_buffers),
	};
	return cmocka_run_group_tests_name("rc_decode", tests, NULL, NULL);
}
