/*
 * test_names.c - src/marshal/names.c: the Part 2 names of constants and
 * attribute bits (mtpm_const_name, mtpm_attr_name).
 *
 * The expected values are written out from Part 2 rev 01.59 itself, not
 * from tpm.h (which names.c is built from): §6.3 Table 9 (TPM_ALG_ID),
 * §6.4 (TPM_ECC_CURVE), §6.9-§6.12 (TPM_ST, TPM_SU, TPM_SE, TPM_CAP),
 * §7.4 (TPM_RH), and the bit positions of §8.3 TPMA_OBJECT, §8.4
 * TPMA_SESSION and §13.4 TPMA_NV. A whole value range is then walked: a
 * name has its kind's prefix, no two values share one, and a value or
 * kind that is not listed gives NULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/names.h"

static void is(enum mtpm_const_kind k, uint32_t v, const char *want)
{
	const char *n = mtpm_const_name(k, v);

	if (!want) {
		assert_null(n);
		return;
	}
	assert_non_null(n);
	assert_string_equal(n, want);
}

static void test_const_values(void **state)
{
	(void)state;
	is(MTPM_CONST_ALG, 0x0001, "TPM_ALG_RSA");
	is(MTPM_CONST_ALG, 0x0004, "TPM_ALG_SHA1");
	is(MTPM_CONST_ALG, 0x000B, "TPM_ALG_SHA256");
	is(MTPM_CONST_ALG, 0x0010, "TPM_ALG_NULL");
	is(MTPM_CONST_ALG, 0x0023, "TPM_ALG_ECC");
	is(MTPM_CONST_ALG, 0x0043, "TPM_ALG_CFB");
	is(MTPM_CONST_ALG, 0x0002, NULL);           /* unassigned */
	is(MTPM_CONST_ECC_CURVE, 0x0003, "TPM_ECC_NIST_P256");
	is(MTPM_CONST_ECC_CURVE, 0x0020, "TPM_ECC_SM2_P256");
	is(MTPM_CONST_ST, 0x8001, "TPM_ST_NO_SESSIONS");
	is(MTPM_CONST_ST, 0x8002, "TPM_ST_SESSIONS");
	is(MTPM_CONST_ST, 0x8021, "TPM_ST_CREATION");
	is(MTPM_CONST_SU, 0x0001, "TPM_SU_STATE");
	is(MTPM_CONST_SE, 0x03, "TPM_SE_TRIAL");
	is(MTPM_CONST_SE, 0x02, NULL);
	is(MTPM_CONST_CAP, 0x00000005, "TPM_CAP_PCRS");
	is(MTPM_CONST_CAP, 0x00000008, "TPM_CAP_ECC_CURVES");
	is(MTPM_CONST_PERMANENT, 0x40000001, "TPM_RH_OWNER");
	is(MTPM_CONST_PERMANENT, 0x40000009, "TPM_RS_PW");
	is(MTPM_CONST_PERMANENT, 0x4000000C, "TPM_RH_PLATFORM");
	/* the same number, another kind: only the kind decides */
	is(MTPM_CONST_CAP, 0x000B, NULL);
	is(MTPM_CONST_ALG, 0x40000001, NULL);
	is((enum mtpm_const_kind)99, 0x000B, NULL);
}

/* Every value of kind k in [lo, hi]: n names, each with the prefix, none
 * twice. */
static void walk(enum mtpm_const_kind k, uint32_t lo, uint32_t hi, const char *prefix,
		 unsigned n)
{
	static const char *seen[64];
	unsigned got = 0, i;
	uint32_t v;

	for (v = lo; v <= hi; v++) {
		const char *s = mtpm_const_name(k, v);

		if (!s)
			continue;
		assert_int_equal(strncmp(s, prefix, strlen(prefix)), 0);
		for (i = 0; i < got; i++)
			assert_string_not_equal(seen[i], s);
		assert_true(got < 64);
		seen[got++] = s;
	}
	assert_int_equal(got, n);
}

static void test_const_walk(void **state)
{
	(void)state;
	walk(MTPM_CONST_ALG, 0, 0xFFFF, "TPM_ALG_", 39);
	walk(MTPM_CONST_ECC_CURVE, 0, 0xFFFF, "TPM_ECC_", 9);
	walk(MTPM_CONST_ST, 0, 0xFFFF, "TPM_ST_", 10);
	walk(MTPM_CONST_SU, 0, 0xFFFF, "TPM_SU_", 2);
	walk(MTPM_CONST_SE, 0, 0xFF, "TPM_SE_", 3);
	walk(MTPM_CONST_CAP, 0, 0xFFFF, "TPM_CAP_", 9);
	walk(MTPM_CONST_PERMANENT, 0x40000000, 0x4000FFFF, "TPM_R", 7);
}

/* The bits of kind k that have a name, and each name once. */
static uint32_t named_bits(enum mtpm_attr_kind k)
{
	const char *seen[32];
	uint32_t named = 0;
	unsigned i, j, got = 0;

	for (i = 0; i < 32; i++) {
		const char *s = mtpm_attr_name(k, 1u << i);

		if (!s)
			continue;
		for (j = 0; j < got; j++)
			assert_string_not_equal(seen[j], s);
		seen[got++] = s;
		named |= 1u << i;
	}
	return named;
}

static void test_attr(void **state)
{
	(void)state;
	/* §8.3: bits 1, 2, 4-7, 10, 11, 16-18 (19 x509sign: not named) */
	assert_int_equal(named_bits(MTPM_ATTR_OBJECT), 0x00070CF6);
	/* §8.4: bits 0-2, 5-7 */
	assert_int_equal(named_bits(MTPM_ATTR_SESSION), 0xE7);
	/* §13.4: bits 0-3, 10-19, 25-31; 4-7 are the TPM_NT field */
	assert_int_equal(named_bits(MTPM_ATTR_NV), 0xFE0FFC0F);
	assert_string_equal(mtpm_attr_name(MTPM_ATTR_OBJECT, 0x00000002), "fixedTPM");
	assert_string_equal(mtpm_attr_name(MTPM_ATTR_OBJECT, 0x00040000), "sign");
	assert_string_equal(mtpm_attr_name(MTPM_ATTR_SESSION, 0x40), "encrypt");
	assert_string_equal(mtpm_attr_name(MTPM_ATTR_NV, 0x00020000), "OWNERREAD");
	/* not one bit, or no such kind */
	assert_null(mtpm_attr_name(MTPM_ATTR_OBJECT, 0));
	assert_null(mtpm_attr_name(MTPM_ATTR_OBJECT, 0x00000006));
	assert_null(mtpm_attr_name(MTPM_ATTR_SESSION, 0xFFFFFFFFu));
	assert_null(mtpm_attr_name((enum mtpm_attr_kind)99, 0x2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_const_values),
		cmocka_unit_test(test_const_walk),
		cmocka_unit_test(test_attr),
	};
	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
