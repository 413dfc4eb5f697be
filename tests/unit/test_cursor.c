/*
 * test_cursor.c - unit tests for src/marshal/cursor.c, the one buffer
 * cursor every wire byte passes through.
 *
 * Checked: big-endian layout of every primitive; the bounds (write past
 * capacity -> MTPM_E_SPACE, read past the end -> MTPM_E_MALFORMED, TPM2B
 * size over the caller's max -> MTPM_E_MALFORMED, put_tpm2b over 0xFFFF
 * -> MTPM_E_USAGE, fill16 over 0xFFFF -> MTPM_E_SPACE, bad slot ->
 * MTPM_E_USAGE); the sticky first error; zeroed outputs on failure;
 * reserve/fill; sub-cursors consumed exactly; mtpm_cur_valid() as a
 * predicate; mtpm_hash_size().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/marshal.h"

static uint8_t big[70000];
static uint8_t src[0x10000]; /* a source that never overlaps big */

static void test_put_be(void **state)
{
	static const uint8_t want[] = {
		0xab,
		0x12, 0x34,
		0xde, 0xad, 0xbe, 0xef,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		'x', 'y',
		0x00, 0x03, 'a', 'b', 'c',
	};
	uint8_t buf[sizeof want];
	mtpm_cur c;

	(void)state;
	mtpm_cur_init(&c, buf, sizeof buf);
	mtpm_put_u8(&c, 0xab);
	mtpm_put_u16(&c, 0x1234);
	mtpm_put_u32(&c, 0xdeadbeef);
	mtpm_put_u64(&c, 0x0102030405060708ull);
	mtpm_put_bytes(&c, "xy", 2);
	mtpm_put_tpm2b(&c, "abc", 3);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(c.pos, sizeof want);
	assert_true(mtpm_cur_valid(&c));
	assert_memory_equal(buf, want, sizeof want);
	assert_int_equal(mtpm_cur_left(&c), 0);

	/* one more byte does not fit, and the error sticks */
	mtpm_put_u8(&c, 0);
	assert_int_equal(c.err, MTPM_E_SPACE);
	assert_int_equal(c.pos, sizeof want);
	assert_true(mtpm_cur_valid(&c));
	assert_memory_equal(buf, want, sizeof want);
}

static void test_get_be(void **state)
{
	static const uint8_t in[] = {
		0xab, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 'x', 'y',
	};
	mtpm_cur c;
	uint8_t u8, b[2];
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	(void)state;
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_get_u8(&c, &u8);
	mtpm_get_u16(&c, &u16);
	mtpm_get_u32(&c, &u32);
	mtpm_get_u64(&c, &u64);
	mtpm_get_bytes(&c, b, 2);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(u8, 0xab);
	assert_int_equal(u16, 0x1234);
	assert_int_equal(u32, 0xdeadbeef);
	assert_true(u64 == 0x0102030405060708ull);
	assert_memory_equal(b, "xy", 2);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
	assert_true(mtpm_cur_valid(&c));
}

/* Every primitive getter, at every too-short length: MALFORMED, zero
 * output, position unchanged. */
static void test_get_short(void **state)
{
	static const uint8_t in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	mtpm_cur c;
	size_t n;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	uint8_t b[8];

	(void)state;
	for (n = 0; n < 8; n++) {
		mtpm_cur_init_ro(&c, in, n);
		u64 = ~0ull;
		mtpm_get_u64(&c, &u64);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_true(u64 == 0);
		assert_true(mtpm_cur_valid(&c));
		/* sticky: later reads are no-ops returning zero */
		u8 = 0xff;
		mtpm_get_u8(&c, &u8);
		assert_int_equal(u8, 0);
		assert_int_equal(c.err, MTPM_E_MALFORMED);

		mtpm_cur_init_ro(&c, in, n);
		memset(b, 0xff, sizeof b);
		mtpm_get_bytes(&c, b, 8);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_int_equal(c.pos, 0);
		for (size_t i = 0; i < 8; i++)
			assert_int_equal(b[i], 0);
	}
	for (n = 0; n < 4; n++) {
		mtpm_cur_init_ro(&c, in, n);
		u32 = 1;
		mtpm_get_u32(&c, &u32);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_int_equal(u32, 0);
	}
	for (n = 0; n < 2; n++) {
		mtpm_cur_init_ro(&c, in, n);
		u16 = 1;
		mtpm_get_u16(&c, &u16);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_int_equal(u16, 0);
	}
	mtpm_cur_init_ro(&c, in, 0);
	u8 = 1;
	mtpm_get_u8(&c, &u8);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(u8, 0);
}

static void test_sticky_first_error(void **state)
{
	uint8_t buf[4];
	mtpm_cur c;

	(void)state;
	mtpm_cur_init(&c, buf, sizeof buf);
	assert_int_equal(mtpm_cur_fail(&c, MTPM_E_USAGE), MTPM_E_USAGE);
	assert_int_equal(mtpm_cur_fail(&c, MTPM_E_SPACE), MTPM_E_USAGE);
	mtpm_put_u32(&c, 1);
	assert_int_equal(c.pos, 0);
	assert_int_equal(c.err, MTPM_E_USAGE);
	assert_int_equal(mtpm_cur_done(&c), MTPM_E_USAGE);
}

static void test_put_tpm2b_bounds(void **state)
{
	mtpm_cur c;

	(void)state;
	mtpm_cur_init(&c, big, sizeof big);
	mtpm_put_tpm2b(&c, src, sizeof src);
	assert_int_equal(c.err, MTPM_E_USAGE);
	assert_int_equal(c.pos, 0);
	mtpm_cur_init(&c, big, sizeof big);
	mtpm_put_tpm2b(&c, src, 0xFFFF);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(c.pos, 2 + 0xFFFF);
	assert_int_equal(big[0], 0xff);
	assert_int_equal(big[1], 0xff);
	/* no room for the bytes after the size */
	mtpm_cur_init(&c, big, 4);
	mtpm_put_tpm2b(&c, "abc", 3);
	assert_int_equal(c.err, MTPM_E_SPACE);
}

static void test_get_tpm2b(void **state)
{
	static const uint8_t in[] = { 0x00, 0x03, 'a', 'b', 'c', 0xee };
	static const uint8_t over[] = { 0x00, 0x05, 1, 2, 3, 4, 5 };
	uint8_t dst[4];
	uint16_t size;
	mtpm_cur c;
	size_t n;

	(void)state;
	mtpm_cur_init_ro(&c, in, sizeof in);
	memset(dst, 0xff, sizeof dst);
	mtpm_get_tpm2b(&c, &size, dst, sizeof dst);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(size, 3);
	assert_memory_equal(dst, ((const uint8_t[]){ 'a', 'b', 'c', 0 }), 4);
	assert_int_equal(c.pos, 5);
	assert_int_equal(mtpm_cur_done(&c), MTPM_E_MALFORMED); /* trailing 0xee */

	/* size over the caller's max, bytes present: MALFORMED, zeroed */
	mtpm_cur_init_ro(&c, over, sizeof over);
	memset(dst, 0xff, sizeof dst);
	size = 7;
	mtpm_get_tpm2b(&c, &size, dst, sizeof dst);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(size, 0);
	assert_memory_equal(dst, ((const uint8_t[]){ 0, 0, 0, 0 }), 4);
	/* size == max is fine */
	mtpm_cur_init_ro(&c, over, sizeof over);
	mtpm_get_tpm2b(&c, &size, big, 5);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(size, 5);

	/* every truncation */
	for (n = 0; n < 5; n++) {
		mtpm_cur_init_ro(&c, in, n);
		memset(dst, 0xff, sizeof dst);
		size = 7;
		mtpm_get_tpm2b(&c, &size, dst, sizeof dst);
		assert_int_equal(c.err, MTPM_E_MALFORMED);
		assert_int_equal(size, 0);
		assert_memory_equal(dst, ((const uint8_t[]){ 0, 0, 0, 0 }), 4);
		assert_true(mtpm_cur_valid(&c));
	}
}

static void test_reserve_fill(void **state)
{
	uint8_t buf[16];
	mtpm_cur c;
	size_t s16, s32;

	(void)state;
	mtpm_cur_init(&c, buf, sizeof buf);
	s32 = mtpm_put_reserve32(&c);
	s16 = mtpm_put_reserve16(&c);
	mtpm_put_u16(&c, 0xaaaa);
	mtpm_put_u8(&c, 0xbb);
	mtpm_put_fill16(&c, s16);
	mtpm_put_fill32(&c, s32);
	assert_int_equal(c.err, MTPM_OK);
	assert_memory_equal(buf, ((const uint8_t[]){ 0, 0, 0, 5, 0, 3, 0xaa, 0xaa, 0xbb }), 9);

	/* a slot that is not behind pos is a caller bug */
	mtpm_cur_init(&c, buf, sizeof buf);
	mtpm_put_fill16(&c, 0);
	assert_int_equal(c.err, MTPM_E_USAGE);
	mtpm_cur_init(&c, buf, sizeof buf);
	mtpm_put_u16(&c, 0);
	mtpm_put_fill32(&c, 0);
	assert_int_equal(c.err, MTPM_E_USAGE);

	/* more than 0xFFFF bytes behind a 16-bit slot */
	mtpm_cur_init(&c, big, sizeof big);
	s16 = mtpm_put_reserve16(&c);
	mtpm_put_bytes(&c, src, sizeof src);
	mtpm_put_fill16(&c, s16);
	assert_int_equal(c.err, MTPM_E_SPACE);

	/* reserve with no room: SPACE, fill is then a no-op */
	mtpm_cur_init(&c, buf, 1);
	s16 = mtpm_put_reserve16(&c);
	mtpm_put_fill16(&c, s16);
	assert_int_equal(c.err, MTPM_E_SPACE);
	assert_true(mtpm_cur_valid(&c));
}

static void test_skip(void **state)
{
	static const uint8_t in[] = { 1, 2, 3 };
	const uint8_t *p;
	mtpm_cur c;

	(void)state;
	mtpm_cur_init_ro(&c, in, sizeof in);
	p = mtpm_get_skip(&c, 2);
	assert_ptr_equal(p, in);
	assert_int_equal(c.pos, 2);
	p = mtpm_get_skip(&c, 2);
	assert_null(p);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(c.pos, 2);
	/* SIZE_MAX cannot wrap the bound check */
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_get_u8(&c, &(uint8_t){ 0 });
	assert_null(mtpm_get_skip(&c, (size_t)-1));
	assert_int_equal(c.err, MTPM_E_MALFORMED);
}

static void test_sub_cursor(void **state)
{
	static const uint8_t in[] = { 0x00, 0x03, 0xaa, 0xbb, 0xcc, 0x99 };
	static const uint8_t empty[] = { 0x00, 0x00, 0x77 };
	mtpm_cur c, sub;
	uint16_t v16;
	uint8_t v8;

	(void)state;
	/* consumed exactly */
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_get_sub16(&c, &sub);
	assert_int_equal(c.pos, 5);    /* parent moved past the block at once */
	mtpm_get_u16(&sub, &v16);
	mtpm_get_u8(&sub, &v8);
	mtpm_cur_close_sub(&c, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(v16, 0xaabb);
	assert_int_equal(v8, 0xcc);
	mtpm_get_u8(&c, &v8);
	assert_int_equal(v8, 0x99);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);

	/* a byte left over inside the block */
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_get_sub16(&c, &sub);
	mtpm_get_u16(&sub, &v16);
	mtpm_cur_close_sub(&c, &sub);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_true(mtpm_cur_valid(&c));

	/* reading past the block does not reach the parent's bytes */
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_get_sub16(&c, &sub);
	mtpm_get_u32(&sub, &(uint32_t){ 0 });
	assert_int_equal(sub.err, MTPM_E_MALFORMED);
	mtpm_cur_close_sub(&c, &sub);
	assert_int_equal(c.err, MTPM_E_MALFORMED);

	/* a block longer than the input: both fail, sub is empty */
	mtpm_cur_init_ro(&c, in, 4);
	mtpm_get_sub16(&c, &sub);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(sub.err, MTPM_E_MALFORMED);
	assert_int_equal(sub.end, 0);
	assert_true(mtpm_cur_valid(&sub));

	/* zero-size block */
	mtpm_cur_init_ro(&c, empty, sizeof empty);
	mtpm_get_sub16(&c, &sub);
	assert_int_equal(sub.end, 0);
	mtpm_cur_close_sub(&c, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(c.pos, 2);

	/* parent already failed: the sub inherits the error */
	mtpm_cur_init_ro(&c, in, sizeof in);
	mtpm_cur_fail(&c, MTPM_E_TRANSPORT);
	mtpm_get_sub16(&c, &sub);
	assert_int_equal(sub.err, MTPM_E_TRANSPORT);
	mtpm_cur_close_sub(&c, &sub);
	assert_int_equal(c.err, MTPM_E_TRANSPORT);
}

/* A cursor without a buffer (mtpm_cur_init with NULL) has room for
 * nothing: zero-length operations succeed without touching the NULL
 * (clang's UBSan flags NULL + 0), anything longer fails. */
static void test_null_buffer(void **state)
{
	uint8_t out[2] = { 0xA5, 0xA5 }, z[1] = { 0 };
	mtpm_cur c;

	(void)state;
	mtpm_cur_init(&c, NULL, 0);
	mtpm_put_bytes(&c, z, 0);
	mtpm_put_zeros(&c, 0);
	assert_int_equal(c.err, MTPM_OK);
	mtpm_cur_init_ro(&c, NULL, 0);
	mtpm_get_bytes(&c, out, 0);
	assert_null(mtpm_get_skip(&c, 0));
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(c.pos, 0);
	assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
	assert_true(mtpm_cur_valid(&c));
	mtpm_get_bytes(&c, out, 2);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(out[0] | out[1], 0);
	mtpm_cur_init(&c, NULL, 0);
	mtpm_put_zeros(&c, 1);
	assert_int_equal(c.err, MTPM_E_SPACE);
}

static void test_valid_predicate(void **state)
{
	uint8_t buf[4];
	mtpm_cur c;

	(void)state;
	mtpm_cur_init(&c, buf, sizeof buf);
	assert_true(mtpm_cur_valid(&c));
	c.pos = 5;
	assert_false(mtpm_cur_valid(&c));
	mtpm_cur_init(&c, buf, sizeof buf);
	c.err = MTPM_RC_FAILURE;       /* a TPM code is never a cursor error */
	assert_false(mtpm_cur_valid(&c));
	mtpm_cur_init(&c, NULL, 16);   /* no buffer: capacity forced to 0 */
	assert_int_equal(c.end, 0);
	assert_true(mtpm_cur_valid(&c));
	mtpm_put_u8(&c, 1);
	assert_int_equal(c.err, MTPM_E_SPACE);
	c.end = 1;
	assert_false(mtpm_cur_valid(&c));
}

static void test_hash_size(void **state)
{
	unsigned alg;
	unsigned known = 0;

	(void)state;
	assert_int_equal(mtpm_hash_size(MTPM_ALG_SHA1), 20);
	assert_int_equal(mtpm_hash_size(MTPM_ALG_SHA256), 32);
	assert_int_equal(mtpm_hash_size(MTPM_ALG_SHA384), 48);
	assert_int_equal(mtpm_hash_size(MTPM_ALG_SHA512), 64);
	assert_int_equal(mtpm_hash_size(MTPM_ALG_SM3_256), 32);
	assert_int_equal(mtpm_hash_size(MTPM_ALG_NULL), 0);
	/* every wire value maps to 0 or a size that fits TPMU_HA */
	for (alg = 0; alg <= 0xFFFF; alg++) {
		uint16_t n = mtpm_hash_size((uint16_t)alg);

		assert_true(n <= MTPM_MAX_DIGEST);
		known += n != 0;
	}
	assert_int_equal(known, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_be),
		cmocka_unit_test(test_get_be),
		cmocka_unit_test(test_get_short),
		cmocka_unit_test(test_sticky_first_error),
		cmocka_unit_test(test_put_tpm2b_bounds),
		cmocka_unit_test(test_get_tpm2b),
		cmocka_unit_test(test_reserve_fill),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_sub_cursor),
		cmocka_unit_test(test_null_buffer),
		cmocka_unit_test(test_valid_predicate),
		cmocka_unit_test(test_hash_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
