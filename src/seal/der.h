/*
 * der.h - the small DER subset the key file needs (X.690 §8, §10): tag,
 * definite length, nested constructed values, over the same cursor as the
 * TPM marshalling. Internal to src/seal.
 */
#ifndef MTPM_SEAL_DER_H
#define MTPM_SEAL_DER_H

#include "mtpm/marshal.h"

#define MTPM_DER_BOOLEAN     0x01
#define MTPM_DER_INTEGER     0x02
#define MTPM_DER_OCTETSTRING 0x04
#define MTPM_DER_OID         0x06
#define MTPM_DER_UTF8STRING  0x0C
#define MTPM_DER_SEQUENCE    0x30
#define MTPM_DER_CTX(n)      (0xA0 | (n))   /* [n] EXPLICIT, constructed */

/* The tag of the next value, or -1 at the end or after an error. */
int mtpm_der_peek(const mtpm_cur *c);
/* Read one value with tag `tag`; sub reads its content. Lengths must be
 * definite and minimally encoded, at most 0xFFFF. */
void mtpm_der_get(mtpm_cur *c, uint8_t tag, mtpm_cur *sub);
/* A non-negative INTEGER that fits in 32 bits (minimal encoding). */
void mtpm_der_get_u32(mtpm_cur *c, uint32_t *v);
/* BOOLEAN: any non-zero content byte is TRUE (the kernel writes 0x01). */
void mtpm_der_get_bool(mtpm_cur *c, uint8_t *v);

/* Start a value with tag; returns the slot mtpm_der_close needs. */
size_t mtpm_der_open(mtpm_cur *c, uint8_t tag);
/* Finish it: writes the minimal length and moves the content up. */
void mtpm_der_close(mtpm_cur *c, size_t slot);
void mtpm_der_put_u32(mtpm_cur *c, uint32_t v);
void mtpm_der_put_bytes(mtpm_cur *c, uint8_t tag, const void *b, size_t n);

#endif
