/*
 * marshal_int.h - helpers shared by the Part 2 marshal files only.
 *
 * Not installed, not part of the API. Everything here is static inline so
 * no symbol leaves the library unprefixed.
 */
#ifndef MTPM_MARSHAL_INT_H
#define MTPM_MARSHAL_INT_H

#include <string.h>
#include "mtpm/marshal.h"

/* The getter contract: on failure the whole output is zero, so no caller
 * can act on a half-parsed structure. Called at the single exit of every
 * Part 2 getter. */
static inline void mtpm_marshal_zero_on_err(const mtpm_cur *c, void *v, size_t n)
{
	if (c->err != MTPM_OK)
		memset(v, 0, n);
}

/* Put a TPM2B whose size field comes from the caller: a size larger than
 * the buffer is a caller bug (MTPM_E_USAGE), never a silent truncation. */
static inline void mtpm_marshal_put_2b(mtpm_cur *c, uint16_t size,
				       const uint8_t *buf, size_t max)
{
	if (size > max) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_tpm2b(c, buf, size);
}

#endif
