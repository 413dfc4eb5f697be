/*
 * der.c - DER reading and writing for the key file (ITU-T X.690 §8.1 and
 * §10: definite, minimal lengths).
 *
 * Invariant: every length read is checked against what the cursor has
 * left before anything is sized by it; a value is read through a
 * sub-cursor that its caller must consume exactly (mtpm_cur_close_sub).
 */
#include <string.h>
#include "der.h"

int mtpm_der_peek(const mtpm_cur *c)
{
	if (c->err != MTPM_OK || c->pos >= c->end)
		return -1;
	return c->p[c->pos];
}

void mtpm_der_get(mtpm_cur *c, uint8_t tag, mtpm_cur *sub)
{
	uint8_t t, l0, b;
	uint16_t v;
	size_t len = 0, min = 0;
	const uint8_t *at;

	/* after a failure every get is a no-op that reads 0, and every
	 * later failure keeps the first one */
	mtpm_get_u8(c, &t);
	mtpm_get_u8(c, &l0);
	if (t != tag)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	if (l0 < 0x80) {
		len = l0;
	} else if (l0 == 0x81) {          /* one length byte, >= 128 */
		mtpm_get_u8(c, &b);
		len = b;
		min = 0x80;
	} else if (l0 == 0x82) {          /* two length bytes, >= 256 */
		mtpm_get_u16(c, &v);
		len = v;
		min = 0x100;
	} else {                          /* indefinite or too long */
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	}
	if (len < min)                    /* not the minimal encoding */
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	at = mtpm_get_skip(c, len);
	mtpm_cur_init_ro(sub, at, at ? len : 0);
	if (c->err != MTPM_OK)
		sub->err = c->err;
}

void mtpm_der_get_u32(mtpm_cur *c, uint32_t *v)
{
	mtpm_cur s;
	uint8_t b;
	uint32_t x = 0;
	size_t n;

	*v = 0;
	mtpm_der_get(c, MTPM_DER_INTEGER, &s);
	n = mtpm_cur_left(&s);
	/* 1 to 4 bytes, or 5 with a leading zero (values from 2^31 up) */
	if (s.err == MTPM_OK && (n == 0 || n > 5 || (n == 5 && s.p[0] != 0) ||
				 (s.p[0] & 0x80) ||
				 (n > 1 && s.p[0] == 0 && !(s.p[1] & 0x80))))
		mtpm_cur_fail(&s, MTPM_E_MALFORMED);   /* too large, negative or not minimal */
	while (s.err == MTPM_OK && mtpm_cur_left(&s)) {
		mtpm_get_u8(&s, &b);
		x = (x << 8) | b;
	}
	mtpm_cur_close_sub(c, &s);
	if (c->err == MTPM_OK)
		*v = x;
}

void mtpm_der_get_bool(mtpm_cur *c, uint8_t *v)
{
	mtpm_cur s;
	uint8_t b = 0;

	mtpm_der_get(c, MTPM_DER_BOOLEAN, &s);
	mtpm_get_u8(&s, &b);
	mtpm_cur_close_sub(c, &s);
	*v = c->err == MTPM_OK && b != 0;
}

size_t mtpm_der_open(mtpm_cur *c, uint8_t tag)
{
	size_t slot = c->pos;

	mtpm_put_u8(c, tag);
	mtpm_put_zeros(c, 3);   /* room for the longest length we write */
	return slot;
}

void mtpm_der_close(mtpm_cur *c, size_t slot)
{
	size_t content = slot + 4, len;
	uint8_t *at;

	if (c->err != MTPM_OK)
		return;
	if (slot + 4 > c->pos) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	len = c->pos - content;
	if (len > 0xFFFF) {
		mtpm_cur_fail(c, MTPM_E_SPACE);
		return;
	}
	at = c->p + slot + 1;
	if (len >= 0x100) {               /* two length bytes */
		*at++ = 0x82;
		*at++ = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {         /* one length byte */
		*at++ = 0x81;
	}
	*at++ = (uint8_t)len;
	memmove(at, c->p + content, len);
	c->pos = (size_t)(at - c->p) + len;
}

void mtpm_der_put_u32(mtpm_cur *c, uint32_t v)
{
	uint8_t b[5];
	size_t n = 0, i;
	int k;

	b[n++] = 0;                       /* sign byte, dropped if not needed */
	for (k = 24; k >= 0; k -= 8)
		b[n++] = (uint8_t)(v >> k);
	for (i = 0; i + 1 < n && b[i] == 0 && !(b[i + 1] & 0x80); i++)
		;
	mtpm_der_put_bytes(c, MTPM_DER_INTEGER, b + i, n - i);
}

void mtpm_der_put_bytes(mtpm_cur *c, uint8_t tag, const void *b, size_t n)
{
	size_t slot = mtpm_der_open(c, tag);

	mtpm_put_bytes(c, b, n);
	mtpm_der_close(c, slot);
}
