/*
 * cursor.c - the one buffer cursor every wire byte passes through.
 *
 * Implements the primitives declared in mtpm/marshal.h: big-endian integers,
 * raw bytes, TPM2B size prefixes, reserve-then-fill size slots and
 * sub-cursors for nested sized structures (TPM 2.0 Library Part 1 §18.2
 * big-endian command encoding; Part 2 §10.4 TPM2B layout).
 *
 * Invariants:
 *   - 0 <= pos <= end at all times; no read or write outside [p, p+end).
 *   - after the first error every operation is a no-op and getters write
 *     zeros, so callers check err once at the end.
 *   - the length checks are written as "n > end - pos", which cannot
 *     overflow because pos <= end.
 */
#include <string.h>
#include "mtpm/marshal.h"

void mtpm_cur_init(mtpm_cur *c, uint8_t *buf, size_t cap)
{
	c->p = buf;
	c->end = buf ? cap : 0;
	c->pos = 0;
	c->err = MTPM_OK;
}

void mtpm_cur_init_ro(mtpm_cur *c, const uint8_t *buf, size_t len)
{
	/* Read-only use never writes through p; the cast only lets one
	 * cursor type serve both directions. */
	mtpm_cur_init(c, (uint8_t *)(uintptr_t)buf, len);
}

mtpm_rc mtpm_cur_fail(mtpm_cur *c, mtpm_rc rc)
{
	if (c->err == MTPM_OK)
		c->err = rc;
	return c->err;
}

int mtpm_cur_valid(const mtpm_cur *c)
{
	if (c->pos > c->end)
		return 0;
	if (c->p == NULL && c->end != 0)
		return 0;
	return c->err == MTPM_OK || (c->err & MTPM_E_LOCAL) != 0;
}

mtpm_rc mtpm_cur_done(mtpm_cur *c)
{
	if (c->err == MTPM_OK && c->pos != c->end)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	return c->err;
}

/* The place of the next n bytes, with pos moved past them; NULL, and the
 * error why (the first error wins), when there is no room for them.
 * Also NULL for n == 0 on a cursor without a buffer: no arithmetic on a
 * NULL pointer. */
static uint8_t *advance(mtpm_cur *c, size_t n, mtpm_rc why)
{
	uint8_t *at;

	if (c->err != MTPM_OK)
		return NULL;
	if (n > c->end - c->pos) {
		mtpm_cur_fail(c, why);
		return NULL;
	}
	if (c->p == NULL)
		return NULL;
	at = c->p + c->pos;
	c->pos += n;
	return at;
}

void mtpm_put_bytes(mtpm_cur *c, const void *src, size_t n)
{
	uint8_t *at = advance(c, n, MTPM_E_SPACE);

	if (at != NULL && n)
		memcpy(at, src, n);
}

void mtpm_put_zeros(mtpm_cur *c, size_t n)
{
	uint8_t *at = advance(c, n, MTPM_E_SPACE);

	if (at != NULL && n)
		memset(at, 0, n);
}

void mtpm_put_u8(mtpm_cur *c, uint8_t v)
{
	mtpm_put_bytes(c, &v, 1);
}

void mtpm_put_u16(mtpm_cur *c, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	mtpm_put_bytes(c, b, 2);
}

void mtpm_put_u32(mtpm_cur *c, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };
	mtpm_put_bytes(c, b, 4);
}

void mtpm_put_u64(mtpm_cur *c, uint64_t v)
{
	mtpm_put_u32(c, (uint32_t)(v >> 32));
	mtpm_put_u32(c, (uint32_t)v);
}

void mtpm_put_tpm2b(mtpm_cur *c, const void *src, size_t n)
{
	if (n > 0xFFFF) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, (uint16_t)n);
	mtpm_put_bytes(c, src, n);
}

size_t mtpm_put_reserve16(mtpm_cur *c)
{
	size_t slot = c->pos;
	mtpm_put_u16(c, 0);
	return slot;
}

/* Write into the w-byte size slot at slot (a reserve16/32 offset) the
 * number of bytes appended since, big-endian; more than max does not fit
 * the field (MTPM_E_SPACE). */
static void put_fill(mtpm_cur *c, size_t slot, size_t w, size_t max)
{
	size_t n, i;

	if (c->err != MTPM_OK)
		return;
	if (slot + w > c->pos) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	n = c->pos - slot - w;
	if (n > max) {
		mtpm_cur_fail(c, MTPM_E_SPACE);
		return;
	}
	for (i = w; i-- > 0; n >>= 8)
		c->p[slot + i] = (uint8_t)n;
}

void mtpm_put_fill16(mtpm_cur *c, size_t slot)
{
	put_fill(c, slot, 2, 0xFFFF);
}

size_t mtpm_put_reserve32(mtpm_cur *c)
{
	size_t slot = c->pos;
	mtpm_put_u32(c, 0);
	return slot;
}

void mtpm_put_fill32(mtpm_cur *c, size_t slot)
{
	put_fill(c, slot, 4, 0xFFFFFFFFu);
}

void mtpm_get_bytes(mtpm_cur *c, void *dst, size_t n)
{
	const uint8_t *at = advance(c, n, MTPM_E_MALFORMED);

	if (n == 0)
		return;
	if (at != NULL)
		memcpy(dst, at, n);
	else
		memset(dst, 0, n); /* no room, or an earlier error */
}

void mtpm_get_u8(mtpm_cur *c, uint8_t *v)
{
	mtpm_get_bytes(c, v, 1);
}

void mtpm_get_u16(mtpm_cur *c, uint16_t *v)
{
	uint8_t b[2];

	mtpm_get_bytes(c, b, 2);
	*v = (uint16_t)((b[0] << 8) | b[1]);
}

void mtpm_get_u32(mtpm_cur *c, uint32_t *v)
{
	uint8_t b[4];

	mtpm_get_bytes(c, b, 4);
	*v = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	     ((uint32_t)b[2] << 8) | b[3];
}

void mtpm_get_u64(mtpm_cur *c, uint64_t *v)
{
	uint32_t hi, lo;

	mtpm_get_u32(c, &hi);
	mtpm_get_u32(c, &lo);
	/* hi may have been read before lo failed: zero the whole output */
	*v = c->err == MTPM_OK ? ((uint64_t)hi << 32) | lo : 0;
}

void mtpm_get_tpm2b(mtpm_cur *c, uint16_t *size, uint8_t *dst, size_t max)
{
	uint16_t n;

	/* All of dst is zero first: the bytes past the size stay so, and a
	 * failure leaves nothing but zeros (mtpm_get_bytes zeroes its part). */
	memset(dst, 0, max);
	mtpm_get_u16(c, &n);
	if (c->err == MTPM_OK && n > max)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	if (c->err == MTPM_OK)
		mtpm_get_bytes(c, dst, n);
	*size = c->err == MTPM_OK ? n : 0;
}

const uint8_t *mtpm_get_skip(mtpm_cur *c, size_t n)
{
	return advance(c, n, MTPM_E_MALFORMED);
}

void mtpm_get_sub16(mtpm_cur *c, mtpm_cur *sub)
{
	uint16_t n;
	const uint8_t *at;

	mtpm_get_u16(c, &n);
	at = mtpm_get_skip(c, n);
	mtpm_cur_init_ro(sub, at, at ? n : 0);
	if (c->err != MTPM_OK)
		sub->err = c->err;
}

void mtpm_cur_close_sub(mtpm_cur *c, mtpm_cur *sub)
{
	if (mtpm_cur_done(sub) != MTPM_OK)
		mtpm_cur_fail(c, sub->err);
}

/* Part 2 §10.1 TPMI_ALG_HASH digest sizes. */
uint16_t mtpm_hash_size(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1:
		return 20;
	case MTPM_ALG_SHA256:
	case MTPM_ALG_SM3_256:
	case MTPM_ALG_SHA3_256:
		return 32;
	case MTPM_ALG_SHA384:
	case MTPM_ALG_SHA3_384:
		return 48;
	case MTPM_ALG_SHA512:
	case MTPM_ALG_SHA3_512:
		return 64;
	default:
		return 0;
	}
}
