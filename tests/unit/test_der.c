/*
 * test_der.c - unit tests for src/seal/der.c, the DER subset the key file
 * uses (ITU-T X.690 §8.1.3 lengths, §8.2 BOOLEAN, §8.3 INTEGER, §10.1
 * definite minimal lengths).
 *
 * Expected encodings are written out from X.690 by hand. The kernel
 * vector K1's INTEGER parent (02 05 00 81 00 00 01) and BOOLEAN TRUE as
 * 0x01 (a0 03 01 01 01) come from /work/shared/vectors/kernel-trusted-key/
 * blob.der (Linux 6.12.95 trusted_tpm2.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/seal/der.h"

static mtpm_cur rd(const uint8_t *b, size_t n)
{
	mtpm_cur c;

	mtpm_cur_init_ro(&c, b, n);
	return c;
}

/* A reader over a compound literal (lives to the end of the enclosing block). */
#define RD(...) rd((const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* Read a u32 from the bytes; returns the cursor's error. */
static mtpm_rc get_u32(const uint8_t *b, size_t n, uint32_t *v)
{
	mtpm_cur c = rd(b, n);

	*v = 0xA5A5A5A5u;
	mtpm_der_get_u32(&c, v);
	mtpm_rc_ignore(mtpm_cur_done(&c));   /* the result is c.err, checked below */
	assert_true(mtpm_cur_valid(&c));
	if (c.err != MTPM_OK)
		assert_int_equal(*v, 0);
	return c.err;
}

static void test_lengths(void **state)
{
	uint8_t b[3 + 300];
	mtpm_cur c, sub;
	(void)state;

	/* short form */
	memset(b, 0x55, sizeof(b));
	b[0] = 0x04;
	b[1] = 0x7F;
	c = rd(b, 2 + 0x7F);
	mtpm_der_get(&c, 0x04, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(mtpm_cur_left(&sub), 0x7F);
	assert_ptr_equal(sub.p, b + 2);
	assert_int_equal(mtpm_cur_left(&c), 0);
	/* 0x81 for 128..255 */
	b[1] = 0x81;
	b[2] = 0x80;
	c = rd(b, 3 + 0x80);
	mtpm_der_get(&c, 0x04, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(mtpm_cur_left(&sub), 0x80);
	/* 0x82 for 256.. */
	b[1] = 0x82;
	b[2] = 0x01;
	b[3] = 0x00;
	c = rd(b, 4 + 0x100);
	mtpm_der_get(&c, 0x04, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(mtpm_cur_left(&sub), 0x100);
	/* zero length */
	c = RD(0x30, 0x00);
	mtpm_der_get(&c, 0x30, &sub);
	assert_int_equal(c.err, MTPM_OK);
	assert_int_equal(mtpm_cur_left(&sub), 0);
}

static void expect_get_fail(mtpm_cur c, uint8_t tag)
{
	mtpm_cur sub;

	mtpm_der_get(&c, tag, &sub);
	assert_int_equal(c.err, MTPM_E_MALFORMED);
	assert_int_equal(sub.err, MTPM_E_MALFORMED);
	assert_int_equal(mtpm_cur_left(&sub), 0);
	assert_true(mtpm_cur_valid(&c));
	assert_int_equal(mtpm_der_peek(&c), -1);
}

static void test_length_rejects(void **state)
{
	(void)state;
	/* non-minimal: 0x81 below 128, 0x82 below 256 */
	expect_get_fail(RD(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), 0x04);
	expect_get_fail(RD(0x04, 0x81, 0x7F), 0x04);
	expect_get_fail(RD(0x04, 0x82, 0x00, 0x05, 1, 2, 3, 4, 5), 0x04);
	expect_get_fail(RD(0x04, 0x82, 0x00, 0xFF), 0x04);
	/* indefinite, and more than two length bytes */
	expect_get_fail(RD(0x30, 0x80, 0x04, 0x00, 0x00, 0x00), 0x30);
	expect_get_fail(RD(0x04, 0x83, 0x00, 0x00, 0x01, 0xAA), 0x04);
	expect_get_fail(RD(0x04, 0x84, 0x00, 0x00, 0x00, 0x01, 0xAA), 0x04);
	expect_get_fail(RD(0x04, 0xFF), 0x04);
	/* past the end, by one */
	expect_get_fail(RD(0x04, 0x03, 1, 2), 0x04);
	expect_get_fail(RD(0x04, 0x81, 0x80), 0x04);
	/* truncated header */
	expect_get_fail(RD(0x04), 0x04);
	expect_get_fail(RD(0x04, 0x81), 0x04);
	expect_get_fail(RD(0x04, 0x82, 0x01), 0x04);
	expect_get_fail(rd(NULL, 0), 0x04);
	/* wrong tag */
	expect_get_fail(RD(0x04, 0x00), 0x30);
	expect_get_fail(RD(0xA1, 0x00), 0xA0);
}

static void test_peek(void **state)
{
	mtpm_cur c = RD(0xA3, 0x00, 0x02, 0x01, 0x00), sub;
	(void)state;

	assert_int_equal(mtpm_der_peek(&c), 0xA3);
	mtpm_der_get(&c, 0xA3, &sub);
	assert_int_equal(mtpm_der_peek(&c), 0x02);
	mtpm_der_get(&c, 0x02, &sub);
	assert_int_equal(mtpm_der_peek(&c), -1);   /* at the end */
	c = RD(0x02, 0x01, 0x00);
	mtpm_cur_fail(&c, MTPM_E_MALFORMED);
	assert_int_equal(mtpm_der_peek(&c), -1);   /* after an error */
}

static void test_u32(void **state)
{
	static const struct { uint8_t b[8]; size_t n; uint32_t v; } ok[] = {
		{ { 0x02, 0x01, 0x00 }, 3, 0 },
		{ { 0x02, 0x01, 0x7F }, 3, 0x7F },
		{ { 0x02, 0x02, 0x00, 0x80 }, 4, 0x80 },
		{ { 0x02, 0x02, 0x01, 0x00 }, 4, 0x100 },
		{ { 0x02, 0x04, 0x7F, 0xFF, 0xFF, 0xFF }, 6, 0x7FFFFFFF },
		{ { 0x02, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01 }, 7, 0x81000001 },   /* kernel */
		{ { 0x02, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF }, 7, 0xFFFFFFFF },
		{ { 0x02, 0x04, 0x40, 0x00, 0x00, 0x01 }, 6, 0x40000001 },
	};
	static const struct { uint8_t b[9]; size_t n; } bad[] = {
		{ { 0x02, 0x00 }, 2 },                                      /* empty */
		{ { 0x02, 0x01, 0x80 }, 3 },                                /* -128 */
		{ { 0x02, 0x01, 0xFF }, 3 },                                /* -1 */
		{ { 0x02, 0x04, 0x81, 0x00, 0x00, 0x01 }, 6 },              /* negative */
		{ { 0x02, 0x02, 0x00, 0x01 }, 4 },                          /* not minimal */
		{ { 0x02, 0x02, 0x00, 0x7F }, 4 },
		{ { 0x02, 0x05, 0x00, 0x00, 0x81, 0x00, 0x01 }, 7 },
		{ { 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, 7 },        /* 2^32 */
		{ { 0x02, 0x06, 0x00, 0x81, 0x00, 0x00, 0x01, 0x00 }, 8 },  /* 6 bytes */
		{ { 0x02, 0x06, 0x00, 0x00, 0x81, 0x00, 0x00, 0x01 }, 8 },
		{ { 0x04, 0x01, 0x00 }, 3 },                                /* not an INTEGER */
		{ { 0x02, 0x02, 0x01 }, 3 },                                /* short */
	};
	uint32_t v;
	unsigned i;
	(void)state;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(get_u32(ok[i].b, ok[i].n, &v), MTPM_OK);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (get_u32(bad[i].b, bad[i].n, &v) != MTPM_E_MALFORMED)
			fail_msg("bad INTEGER %u accepted", i);
}

static void test_put_u32(void **state)
{
	static const uint32_t vals[] = { 0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000,
					 0xFFFF, 0x7FFFFF, 0x800000, 0x7FFFFFFF,
					 0x80000000, 0x81000001, 0xFFFFFFFF, 0x40000001 };
	static const uint8_t k_parent[] = { 0x02, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01 };
	uint8_t b[16];
	mtpm_cur c;
	uint32_t v;
	unsigned i;
	(void)state;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		mtpm_cur_init(&c, b, sizeof(b));
		mtpm_der_put_u32(&c, vals[i]);
		assert_int_equal(c.err, MTPM_OK);
		/* minimal: the reader, which refuses anything else, agrees */
		assert_int_equal(get_u32(b, c.pos, &v), MTPM_OK);
		assert_int_equal(v, vals[i]);
	}
	mtpm_cur_init(&c, b, sizeof(b));
	mtpm_der_put_u32(&c, 0x81000001);
	assert_int_equal(c.pos, sizeof(k_parent));
	assert_memory_equal(b, k_parent, sizeof(k_parent));
	mtpm_cur_init(&c, b, sizeof(b));
	mtpm_der_put_u32(&c, 0);
	assert_int_equal(c.pos, 3);
	assert_int_equal(b[2], 0);
	/* too small a buffer: the sticky error */
	mtpm_cur_init(&c, b, 6);
	mtpm_der_put_u32(&c, 0x81000001);
	assert_int_equal(c.err, MTPM_E_SPACE);
}

static void test_bool(void **state)
{
	static const struct { uint8_t b[5]; size_t n; mtpm_rc rc; uint8_t v; } k[] = {
		{ { 0x01, 0x01, 0xFF }, 3, MTPM_OK, 1 },
		{ { 0x01, 0x01, 0x01 }, 3, MTPM_OK, 1 },        /* the kernel's TRUE */
		{ { 0x01, 0x01, 0x00 }, 3, MTPM_OK, 0 },
		{ { 0x01, 0x02, 0xFF, 0xFF }, 4, MTPM_E_MALFORMED, 0 },
		{ { 0x01, 0x02, 0x00, 0x01 }, 4, MTPM_E_MALFORMED, 0 },
		{ { 0x01, 0x00 }, 2, MTPM_E_MALFORMED, 0 },
		{ { 0x02, 0x01, 0x01 }, 3, MTPM_E_MALFORMED, 0 },
		{ { 0x01, 0x01 }, 2, MTPM_E_MALFORMED, 0 },
	};
	unsigned i;
	(void)state;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		mtpm_cur c = rd(k[i].b, k[i].n);
		uint8_t v = 0xA5;

		mtpm_der_get_bool(&c, &v);
		assert_int_equal(c.err, k[i].rc);
		assert_int_equal(v, k[i].v);
	}
}

/* open/close: the minimal length form for every boundary, content moved
 * into place, and read back by mtpm_der_get. */
static void test_open_close(void **state)
{
	static const size_t lens[] = { 0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x1234, 0xFFFF };
	static uint8_t b[0x10010], content[0x10000];
	unsigned i;
	size_t j;
	(void)state;

	for (j = 0; j < sizeof(content); j++)
		content[j] = (uint8_t)(j * 7 + 3);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t n = lens[i], hdr = n < 0x80 ? 2 : n < 0x100 ? 3 : 4, slot;
		mtpm_cur c, r, sub;

		mtpm_cur_init(&c, b, sizeof(b));
		slot = mtpm_der_open(&c, 0x04);
		assert_int_equal(slot, 0);
		mtpm_put_bytes(&c, content, n);
		mtpm_der_close(&c, slot);
		assert_int_equal(c.err, MTPM_OK);
		assert_int_equal(c.pos, hdr + n);
		assert_int_equal(b[0], 0x04);
		if (hdr == 2)
			assert_int_equal(b[1], n);
		else if (hdr == 3)
			assert_true(b[1] == 0x81 && b[2] == n);
		else
			assert_true(b[1] == 0x82 && b[2] == (n >> 8) && b[3] == (n & 0xFF));
		assert_memory_equal(b + hdr, content, n);
		mtpm_cur_init_ro(&r, b, c.pos);
		mtpm_der_get(&r, 0x04, &sub);
		assert_int_equal(r.err, MTPM_OK);
		assert_int_equal(mtpm_cur_left(&sub), n);
		assert_int_equal(mtpm_cur_left(&r), 0);
		/* the same through put_bytes */
		mtpm_cur_init(&c, b, sizeof(b));
		mtpm_der_put_bytes(&c, 0x04, content, n);
		assert_int_equal(c.pos, hdr + n);
	}
	/* nested: SEQUENCE { [0] { BOOLEAN TRUE } } */
	{
		static const uint8_t want[] = { 0x30, 0x05, 0xA0, 0x03, 0x01, 0x01, 0xFF };
		uint8_t t = 0xFF;
		mtpm_cur c;
		size_t s1, s2;

		mtpm_cur_init(&c, b, sizeof(b));
		s1 = mtpm_der_open(&c, 0x30);
		s2 = mtpm_der_open(&c, MTPM_DER_CTX(0));
		mtpm_der_put_bytes(&c, MTPM_DER_BOOLEAN, &t, 1);
		mtpm_der_close(&c, s2);
		mtpm_der_close(&c, s1);
		assert_int_equal(c.err, MTPM_OK);
		assert_int_equal(c.pos, sizeof(want));
		assert_memory_equal(b, want, sizeof(want));
	}
	/* 64 KiB of content does not fit a two-byte length */
	{
		mtpm_cur c;
		size_t s;

		mtpm_cur_init(&c, b, sizeof(b));
		s = mtpm_der_open(&c, 0x04);
		mtpm_put_bytes(&c, content, sizeof(content));
		mtpm_der_close(&c, s);
		assert_int_equal(c.err, MTPM_E_SPACE);
		/* a slot that is not one */
		mtpm_cur_init(&c, b, sizeof(b));
		mtpm_put_u8(&c, 0);
		mtpm_der_close(&c, 0);
		assert_int_equal(c.err, MTPM_E_USAGE);
		/* too small for the header */
		mtpm_cur_init(&c, b, 3);
		mtpm_der_put_bytes(&c, 0x04, content, 0);
		assert_int_equal(c.err, MTPM_E_SPACE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_length_rejects),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_put_u32),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_open_close),
	};
	return cmocka_run_group_tests_name("der", tests, NULL, NULL);
}
