/*
 * test_pinfile.c - the pinned-parent file parser (src/seal/pinfile.c):
 * entries found by key, comments and blanks skipped, every malformed line,
 * a key given twice and an absent key refused with zeroed output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <mtpm/seal.h>

#define N64 "000b0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"

static mtpm_rc find(const char *text, const char *key, mtpm_TPM2B_NAME *n)
{
	return mtpm_pinfile_find(text, strlen(text), key, n);
}

static void assert_zero(const mtpm_TPM2B_NAME *n)
{
	static const mtpm_TPM2B_NAME z;

	assert_memory_equal(n, &z, sizeof(z));
}

/* Each text is refused for key "ecc", with the Name left zeroed. */
static void all_malformed(const char *const *bad, size_t nbad)
{
	mtpm_TPM2B_NAME n;
	size_t i;

	for (i = 0; i < nbad; i++) {
		memset(&n, 0x5a, sizeof(n));
		if (find(bad[i], "ecc", &n) != MTPM_E_MALFORMED)
			fail_msg("bad[%zu] accepted", i);
		assert_zero(&n);
	}
}

static void test_pinfile_parse(void **state)
{
	static const char text[] =
		"# mtpm parent pin\n"
		"\n"
		"ecc " N64 "\n"
		"  rsa\t000bffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff  \r\n"
		"0x81000001 0004" "00112233445566778899aabbccddeeff00112233" "\n"
		"systemd-ecc " N64;
	mtpm_TPM2B_NAME n;

	(void)state;
	assert_int_equal(find(text, "ecc", &n), MTPM_OK);
	assert_int_equal(n.size, 34);
	assert_int_equal(n.buffer[0], 0x00);
	assert_int_equal(n.buffer[1], 0x0b);
	assert_int_equal(n.buffer[2], 0x01);
	assert_int_equal(n.buffer[33], 0x20);
	assert_int_equal(find(text, "rsa", &n), MTPM_OK);
	assert_int_equal(n.buffer[33], 0xff);
	assert_int_equal(find(text, "0x81000001", &n), MTPM_OK);   /* a SHA-1 Name */
	assert_int_equal(n.size, 22);
	assert_int_equal(find(text, "systemd-ecc", &n), MTPM_OK);   /* no final newline */
	assert_int_equal(find(text, "0x81000002", &n), MTPM_E_POLICY);
	assert_zero(&n);
	assert_int_equal(find(text, "ec", &n), MTPM_E_POLICY);      /* no prefix match */
	assert_int_equal(find("", "ecc", &n), MTPM_E_POLICY);
	assert_int_equal(find(text, "", &n), MTPM_E_USAGE);
}

static void test_pinfile_malformed(void **state)
{
	static const char *const bad[] = {
		"ecc\n",                                   /* no Name */
		"ecc " N64 " extra\n",                      /* trailing word */
		"ECC " N64 "\n",                            /* upper-case key */
		"ecc 000b0102\n",                           /* short digest */
		"ecc " N64 "00\n",                          /* long digest */
		"ecc 000b0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2\n", /* odd */
		"ecc 0099" "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\n", /* alg */
		"ecc " N64 "\necc " N64 "\n",               /* the key twice */
		"ecc 000g0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\n",
		"a-very-long-key-name-that-is-longer-than-32 " N64 "\n",
		"ecc=" N64 "\n",
	};
	mtpm_TPM2B_NAME n;

	(void)state;
	all_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	/* A NUL inside the text is malformed, not the end. */
	{
		static const char nul[] = "ecc " N64 "\n\0rsa " N64 "\n";

		assert_int_equal(mtpm_pinfile_find(nul, sizeof(nul) - 1, "ecc", &n),
				 MTPM_E_MALFORMED);
	}
}

/* The Name field's edges: digit counts around the nameAlg alone and the
 * buffer's size, a key of exactly PIN_KEY_MAX characters, a NUL hidden in
 * a comment. */
static void test_pinfile_edges(void **state)
{
	static const char *const bad[] = {
		"ecc 0\n", "ecc 00\n", "ecc 000\n", "ecc 000b\n", "ecc 000b0\n",
		"ecc \n", "ecc \t \n",
		/* 67 bytes: one past TPM2B_NAME's buffer */
		"ecc 000d" "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00\n",
	};
	static const char k32[] = "abcdefghijklmnopqrstuvwxyz012345";
	static const char comment_nul[] = "# a \0 comment\necc " N64 "\n";
	char line[128];
	mtpm_TPM2B_NAME n;

	(void)state;
	all_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	/* a key of 32 characters is one, of 33 is refused */
	strcpy(line, k32);
	strcat(line, " " N64 "\n");
	assert_int_equal(find(line, k32, &n), MTPM_OK);
	assert_int_equal(n.size, 34);
	strcpy(line, k32);
	strcat(line, "6 " N64 "\n");
	assert_int_equal(find(line, k32, &n), MTPM_E_MALFORMED);
	assert_zero(&n);
	/* a NUL is refused in a comment too */
	memset(&n, 0x5a, sizeof(n));
	assert_int_equal(mtpm_pinfile_find(comment_nul, sizeof(comment_nul) - 1, "ecc", &n),
			 MTPM_E_MALFORMED);
	assert_zero(&n);
}

static void test_pinfile_key(void **state)
{
	char k[11];

	(void)state;
	mtpm_pinfile_key(MTPM_RH_OWNER, 0, k);
	assert_string_equal(k, "ecc");
	mtpm_pinfile_key(MTPM_RH_OWNER, 1, k);
	assert_string_equal(k, "rsa");
	mtpm_pinfile_key(0x81000001u, 0, k);
	assert_string_equal(k, "0x81000001");
	mtpm_pinfile_key(0x81ABCDEFu, 0, k);
	assert_string_equal(k, "0x81abcdef");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinfile_parse),
		cmocka_unit_test(test_pinfile_malformed),
		cmocka_unit_test(test_pinfile_edges),
		cmocka_unit_test(test_pinfile_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
