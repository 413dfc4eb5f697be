/*
 * src/luks/luks_int.h - what the files of src/luks share and nobody else
 * uses: the JSON document walker (json.c) over jsmn's tokens (jsmn.c),
 * and the streaming base64 core (base64.c).
 *
 * Tokens are in document (pre-)order; each has its parent's index. A key
 * is a string token whose one child is its value. An index < 0 means
 * "absent" wherever an index is taken.
 */
#ifndef MTPM_LUKS_INT_H
#define MTPM_LUKS_INT_H

#include "mtpm/luks.h"

/* jsmn's token types (jsmntype_t), checked in jsmn.c */
#define MTPM_J_OBJECT 1
#define MTPM_J_ARRAY  2
#define MTPM_J_STRING 3
#define MTPM_J_PRIM   4

/* jsmn_parse over t[0..nt): the token count, or jsmn's negative error
 * (-1 out of tokens, -2 invalid, -3 incomplete); *pos where it stopped. */
int mtpm_json_tokenize(const char *s, size_t n, mtpm_json_tok *t, unsigned nt,
		       unsigned *pos);

/* Record why, field and at in d (may be NULL); the mtpm_rc of why:
 * MTPM_E_SPACE for our bounds, MTPM_E_UNSUPPORTED for well-formed input
 * mtpm does not handle, MTPM_E_MALFORMED for everything else. */
mtpm_rc mtpm_luks_fail(mtpm_luks_diag *d, unsigned why, const char *field, uint32_t at);

typedef struct {
	const char *s;
	const mtpm_json_tok *t;
	int n;                  /* tokens in use */
	mtpm_luks_diag *d;      /* may be NULL */
} mtpm_jdoc;

/* Tokenize and check s[0..len) (the structural rules of luks.h); token 0
 * is the top-level object. */
mtpm_rc mtpm_json_open(mtpm_jdoc *j, const char *s, size_t len,
		       mtpm_json_tok *t, size_t nt, mtpm_luks_diag *d);
/* Record why (and field, token i's offset) in j->d; the mtpm_rc for why. */
mtpm_rc mtpm_json_fail(const mtpm_jdoc *j, unsigned why, const char *field, int i);
/* The first token after i and everything inside it (a key: and its value). */
int mtpm_json_next(const mtpm_jdoc *j, int i);
/* *v = the value of key name in object obj, -1 when absent; absent and
 * required, or present twice: failure. */
mtpm_rc mtpm_json_key(const mtpm_jdoc *j, int obj, const char *name, int required,
		      int *v);
/* Token i (>= 0) is of JSON type type, else a W_TYPE failure. */
mtpm_rc mtpm_json_want(const mtpm_jdoc *j, int i, int type, const char *field);
/* String token i equals lit once unescaped (ASCII case folded when nocase). */
int mtpm_json_streq(const mtpm_jdoc *j, int i, const char *lit, int nocase);
/* String token i's raw bytes, which must hold no escape. */
mtpm_rc mtpm_json_raw(const mtpm_jdoc *j, int i, const char *field,
		      const char **p, size_t *n);
/* Decimal 0..max in p[0..n): no sign, no leading zero; -1 otherwise. */
long mtpm_json_dec(const char *p, size_t n, long max);

/* A table of fields of one object, decoded into a struct at base:
 * kind is one F_* plus F_REQ (required) and F_ONE (a one-element array
 * stands for its element; more elements: MTPM_E_UNSUPPORTED). Outputs
 * are at base + off (bytes: cap of them, their uint16_t length at
 * base + len; bool: uint8_t; PCR mask: uint32_t; alg: uint16_t). */
enum { MTPM_F_B64, MTPM_F_B64URL, MTPM_F_HEX, MTPM_F_BOOL, MTPM_F_PCRS,
       MTPM_F_PCRS_STR, MTPM_F_HASH, MTPM_F_ALG };
#define MTPM_F_REQ 0x10
#define MTPM_F_ONE 0x20

typedef struct {
	char name[17];
	uint8_t kind;
	uint16_t off, cap, len;
} mtpm_json_field;

mtpm_rc mtpm_json_fields(const mtpm_jdoc *j, int obj, const mtpm_json_field *f,
			 unsigned n, void *base);
/* Key name of obj is the string lit, else a why failure. */
mtpm_rc mtpm_json_is(const mtpm_jdoc *j, int obj, const char *name, const char *lit,
		     unsigned why);

/* Value decoders; i < 0 (absent, optional) leaves the output as it is. */
mtpm_rc mtpm_json_b64(const mtpm_jdoc *j, int i, const char *field, unsigned flags,
		      uint8_t *out, size_t cap, uint16_t *len);
mtpm_rc mtpm_json_hex(const mtpm_jdoc *j, int i, const char *field, uint8_t *out,
		      size_t cap, uint16_t *len);
/* An array of decimal strings 0-31 (LUKS2 keyslot names): a mask. */
mtpm_rc mtpm_json_slots(const mtpm_jdoc *j, int i, const char *field, uint32_t *mask);

/* Streaming base64 (the core of mtpm_b64_decode). */
typedef struct {
	uint8_t *out;
	size_t cap, o;
	uint32_t acc, bad;
	unsigned bits, pad, n, flags;
} mtpm_b64;

void mtpm_b64_init(mtpm_b64 *b, unsigned flags, uint8_t *out, size_t cap);
void mtpm_b64_push(mtpm_b64 *b, unsigned c);
/* Ends the input: MTPM_OK and *len, or MALFORMED/SPACE with the output
 * wiped. b is wiped either way (it held key bits). */
mtpm_rc mtpm_b64_end(mtpm_b64 *b, size_t *len);


#endif
