/*
 * src/crypto/ct.c - constant-time compare and secret wiping.
 *
 * mtpm_ct_equal() is how HMACs, auth values and Names are compared: its
 * running time depends on n only, never on where the buffers differ.
 * mtpm_wipe() is the one helper that erases secrets; it writes through a
 * volatile pointer, which the C abstract machine must perform, so the
 * compiler cannot drop it as a dead store (memset before free or return
 * can be and is removed).
 */
#include "mtpm/crypto.h"

int mtpm_ct_equal(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a;
	const volatile uint8_t *y = b;
	uint32_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= (uint32_t)(x[i] ^ y[i]);
	/* diff is 0..255: (diff - 1) >> 8 is 1 only for diff == 0, without
	 * a data-dependent branch. */
	return (int)(((diff - 1) >> 8) & 1);
}

void mtpm_wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = 0;
}
