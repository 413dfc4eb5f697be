/*
 * mtpm/marshal.h - the cursor every wire byte goes through, and the Part 2
 * put/get functions built on it.
 *
 * A cursor is a window [p, p+end) over caller-owned memory and a position.
 * Writers advance pos up to end (the capacity); readers advance pos up to end
 * (the bytes available). The first failure is kept in err and makes every
 * later operation a no-op, so a builder can append twenty fields and check
 * once, and a parser can never index by a value it failed to read.
 *
 * Invariants (checked by mtpm_cur_valid(), the fuzz oracle):
 *   pos <= end; err == MTPM_OK or a local error code.
 *   A getter that fails leaves its output zeroed.
 *   A nested TPM2B is read through a sub-cursor which must be consumed
 *   exactly (mtpm_cur_close_sub()).
 */
#ifndef MTPM_MARSHAL_H
#define MTPM_MARSHAL_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"
#include "types.h"

typedef struct mtpm_cur {
	uint8_t *p;
	size_t end;
	size_t pos;
	mtpm_rc err;
} mtpm_cur;

/* Set up a cursor to write into buf[0..cap) or to read buf[0..len). */
void mtpm_cur_init(mtpm_cur *c, uint8_t *buf, size_t cap);
void mtpm_cur_init_ro(mtpm_cur *c, const uint8_t *buf, size_t len);
/* Record the first error; later ones are ignored. Returns c->err. */
mtpm_rc mtpm_cur_fail(mtpm_cur *c, mtpm_rc rc);   /* its effect is on c: the result may be dropped */
int mtpm_cur_valid(const mtpm_cur *c);
static inline size_t mtpm_cur_left(const mtpm_cur *c) { return c->end - c->pos; }
static inline uint8_t *mtpm_cur_here(const mtpm_cur *c) { return c->p + c->pos; }
/* Reader: fail with MTPM_E_MALFORMED unless every byte was consumed. */
MTPM_MUST_CHECK mtpm_rc mtpm_cur_done(mtpm_cur *c);

/* Primitive writers (big-endian). */
void mtpm_put_u8(mtpm_cur *c, uint8_t v);
void mtpm_put_u16(mtpm_cur *c, uint16_t v);
void mtpm_put_u32(mtpm_cur *c, uint32_t v);
void mtpm_put_u64(mtpm_cur *c, uint64_t v);
void mtpm_put_bytes(mtpm_cur *c, const void *src, size_t n);
/* n zero bytes: a slot filled in later (an HMAC, say). */
void mtpm_put_zeros(mtpm_cur *c, size_t n);
/* A TPM2B given as size + bytes; fails if n > 0xFFFF. */
void mtpm_put_tpm2b(mtpm_cur *c, const void *src, size_t n);
/* Reserve a u16 size slot; mtpm_put_fill16 later writes the number of
 * bytes appended since. Returns the slot's offset. */
size_t mtpm_put_reserve16(mtpm_cur *c);
void mtpm_put_fill16(mtpm_cur *c, size_t slot);
size_t mtpm_put_reserve32(mtpm_cur *c);
void mtpm_put_fill32(mtpm_cur *c, size_t slot);

/* Primitive readers; outputs zeroed on failure. */
void mtpm_get_u8(mtpm_cur *c, uint8_t *v);
void mtpm_get_u16(mtpm_cur *c, uint16_t *v);
void mtpm_get_u32(mtpm_cur *c, uint32_t *v);
void mtpm_get_u64(mtpm_cur *c, uint64_t *v);
void mtpm_get_bytes(mtpm_cur *c, void *dst, size_t n);
/* Read a u16-sized TPM2B into dst (capacity max); *size gets its size.
 * Fails (MTPM_E_MALFORMED) if the size exceeds max or the bytes. */
void mtpm_get_tpm2b(mtpm_cur *c, uint16_t *size, uint8_t *dst, size_t max);
/* Skip n bytes; returns a pointer to them (or NULL on failure). */
const uint8_t *mtpm_get_skip(mtpm_cur *c, size_t n);
/* Open a sub-cursor over the next u16-sized block (zero size allowed).
 * The parent advances past the block at once. */
void mtpm_get_sub16(mtpm_cur *c, mtpm_cur *sub);
/* Close a sub-cursor: its error, or MTPM_E_MALFORMED if not fully
 * consumed, becomes the parent's error. */
void mtpm_cur_close_sub(mtpm_cur *c, mtpm_cur *sub);

/*
 * Part 2 types. Every put/get pair below is one line per field of the
 * structure it names; the section is cited at its definition.
 */
#define MTPM_MARSHAL_DECL(T) \
	void mtpm_put_##T(mtpm_cur *c, const mtpm_##T *v); \
	void mtpm_get_##T(mtpm_cur *c, mtpm_##T *v)

MTPM_MARSHAL_DECL(TPM2B_DIGEST);
MTPM_MARSHAL_DECL(TPM2B_DATA);
MTPM_MARSHAL_DECL(TPM2B_EVENT);
MTPM_MARSHAL_DECL(TPM2B_NAME);
MTPM_MARSHAL_DECL(TPM2B_MAX_BUFFER);
MTPM_MARSHAL_DECL(TPM2B_MAX_NV_BUFFER);
MTPM_MARSHAL_DECL(TPM2B_SENSITIVE_DATA);
MTPM_MARSHAL_DECL(TPM2B_PUBLIC_KEY_RSA);
MTPM_MARSHAL_DECL(TPM2B_ECC_PARAMETER);
MTPM_MARSHAL_DECL(TPM2B_ENCRYPTED_SECRET);
MTPM_MARSHAL_DECL(TPM2B_PRIVATE);
MTPM_MARSHAL_DECL(TPM2B_CONTEXT_DATA);
MTPM_MARSHAL_DECL(TPMT_HA);
MTPM_MARSHAL_DECL(TPMS_PCR_SELECTION);
MTPM_MARSHAL_DECL(TPML_PCR_SELECTION);
MTPM_MARSHAL_DECL(TPML_DIGEST);
MTPM_MARSHAL_DECL(TPML_DIGEST_VALUES);
MTPM_MARSHAL_DECL(TPMT_SYM_DEF);
MTPM_MARSHAL_DECL(TPMT_SYM_DEF_OBJECT);
MTPM_MARSHAL_DECL(TPMS_SENSITIVE_CREATE);
MTPM_MARSHAL_DECL(TPM2B_SENSITIVE_CREATE);
MTPM_MARSHAL_DECL(TPMS_ECC_POINT);
MTPM_MARSHAL_DECL(TPM2B_ECC_POINT);
MTPM_MARSHAL_DECL(TPMT_PUBLIC);
MTPM_MARSHAL_DECL(TPM2B_PUBLIC);
MTPM_MARSHAL_DECL(TPMS_CREATION_DATA);
MTPM_MARSHAL_DECL(TPM2B_CREATION_DATA);
MTPM_MARSHAL_DECL(TPMT_TK);
MTPM_MARSHAL_DECL(TPMT_SIGNATURE);
MTPM_MARSHAL_DECL(TPMS_AUTH_COMMAND);
MTPM_MARSHAL_DECL(TPMS_AUTH_RESPONSE);
MTPM_MARSHAL_DECL(TPMS_CONTEXT);
MTPM_MARSHAL_DECL(TPMS_NV_PUBLIC);
MTPM_MARSHAL_DECL(TPM2B_NV_PUBLIC);
MTPM_MARSHAL_DECL(TPMS_CAPABILITY_DATA);

/* TPMA_* are plain integers on the wire (Part 2 §8): u32 except
 * TPMA_SESSION and TPMA_LOCALITY (u8). */
#define mtpm_put_TPMA_OBJECT  mtpm_put_u32
#define mtpm_get_TPMA_OBJECT  mtpm_get_u32
#define mtpm_put_TPMA_NV      mtpm_put_u32
#define mtpm_get_TPMA_NV      mtpm_get_u32
#define mtpm_put_TPMA_SESSION mtpm_put_u8
#define mtpm_get_TPMA_SESSION mtpm_get_u8

/* Digest size of a hash algorithm, 0 if mtpm does not know it. Bounded
 * switch: safe on any wire value. */
uint16_t mtpm_hash_size(uint16_t alg);

/* Which scheme family a TPMT_*_SCHEME selector belongs to (they share
 * one C type, mtpm_TPMT_SCHEME, but not their selector sets). */
enum mtpm_scheme_kind {
	MTPM_SCHEME_KEYEDHASH,   /* Part 2 §11.1.23 TPMT_KEYEDHASH_SCHEME */
	MTPM_SCHEME_RSA,         /* Part 2 §11.2.4.2 TPMT_RSA_SCHEME */
	MTPM_SCHEME_ECC,         /* Part 2 §11.2.5.6 TPMT_ECC_SCHEME */
	MTPM_SCHEME_KDF          /* Part 2 §11.2.3.3 TPMT_KDF_SCHEME */
};

/* What follows scheme id `scheme` of family `kind` on the wire: -1 not a
 * scheme of that family (the getters reject it), 0 nothing, 1 hashAlg,
 * 2 hashAlg + count (ECDAA), 3 hashAlg + kdf (keyed-hash XOR). The table
 * mtpm_get_TPMT_PUBLIC parses with; describe.c walks it too. A bounded
 * search of a const table by value (never an index by it): safe on any
 * wire value. */
int mtpm_scheme_details(int kind, uint16_t scheme);

/* How many entries the TPMS_CAPABILITY_DATA arm of `capability` holds
 * (the getter rejects a larger count), 0 for a capability mtpm does not
 * parse. Bounded switch: safe on any wire value. */
uint32_t mtpm_cap_max(uint32_t capability);

/* Value of one hex digit [0-9a-fA-F], else -1 (any int, EOF included). */
int mtpm_hex_digit(int c);
/* Exactly n hex digits (n even, n / 2 <= cap) into out, *len bytes; any
 * other input is MTPM_E_MALFORMED with *len 0 (out may hold a prefix). */
MTPM_MUST_CHECK mtpm_rc mtpm_hex_decode(const uint8_t *s, size_t n, uint8_t *out,
					size_t cap, size_t *len);

#endif
