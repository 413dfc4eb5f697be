/*
 * mtpm/describe.h - field walkers: the fields of a parsed Part 2
 * structure, in wire order, with their Part 2 names and types, for
 * programs that show TPM structures to people (the CLI's frame decoder).
 *
 * mtpm_describe_T(v, name, fn, arg) calls fn once per event of the
 * structure v (what mtpm_get_T filled, or what mtpm_put_T would write):
 *   OPEN   a structure with its wire length (len); its fields follow, up
 *          to the matching CLOSE;
 *   GROUP  a union arm or a list entry whose fields follow, up to the
 *          matching CLOSE, shown without a length of its own (len 0);
 *   INT    an integer field of len bytes (1, 2, 4 or 8), its value and
 *          how to show it;
 *   TPM2B  a sized buffer: len = 2 + its size, value = its size, bytes =
 *          the struct's copy of them, secret when it carries one;
 *   BYTES  bytes without a size field of their own (a PCR bitmap, a
 *          TPMU_HA digest): len of them at bytes;
 *   CLOSE  ends the innermost OPEN or GROUP.
 * off is each event's offset from the structure's first byte: the INT,
 * TPM2B and BYTES lengths add up, in order, to exactly what mtpm_put_T
 * marshals, and each field's bytes there are what put wrote
 * (tests/unit/test_describe.c holds the walkers to that).
 *
 * A walker only reads v: it copies nothing (bytes points into v), holds
 * no secret, allocates nothing and never recurses. It trusts no count or
 * selector: a list walks at most its C array, and a selector put would
 * refuse ends the walk of that structure after the selector's field.
 *
 * Not in a MTPM_TABLE_LEAN build, like mtpm_const_name (names.h): the
 * static initramfs build shows no structures.
 */
#ifndef MTPM_DESCRIBE_H
#define MTPM_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>
#include "names.h"
#include "types.h"

enum mtpm_field_what {
	MTPM_FIELD_OPEN,
	MTPM_FIELD_GROUP,
	MTPM_FIELD_INT,
	MTPM_FIELD_TPM2B,
	MTPM_FIELD_BYTES,
	MTPM_FIELD_CLOSE
};

/* How a value is best shown. A constant kind of names.h is shown by
 * mtpm_const_name; the other values follow them. */
enum mtpm_show {
	MTPM_SHOW_ALG = MTPM_CONST_ALG,             /* TPM_ALG_ID */
	MTPM_SHOW_CURVE = MTPM_CONST_ECC_CURVE,     /* TPM_ECC_CURVE */
	MTPM_SHOW_ST = MTPM_CONST_ST,               /* TPM_ST */
	MTPM_SHOW_CAP = MTPM_CONST_CAP,             /* TPM_CAP */
	MTPM_SHOW_DEC = 32,     /* a number, in decimal */
	MTPM_SHOW_HEX,          /* bits or an id, in hex: all 2 * len digits */
	MTPM_SHOW_DEC_HEX,      /* a 64-bit counter: both */
	MTPM_SHOW_HANDLE,       /* a TPM_HANDLE (Part 2 §7) */
	MTPM_SHOW_CCA,          /* TPMA_CC: commandIndex (bits 0-15) is a TPM_CC */
	MTPM_SHOW_OBJECT,       /* TPMA_OBJECT bits: mtpm_attr_name(MTPM_ATTR_OBJECT) */
	MTPM_SHOW_NV,           /* TPMA_NV bits and its TPM_NT field */
	MTPM_SHOW_SESSION,      /* TPMA_SESSION bits */
	MTPM_SHOW_BYTES,        /* BYTES: plain bytes */
	MTPM_SHOW_PCRS          /* BYTES: a pcrSelect bitmap, bit i of byte i / 8 = PCR i */
};

typedef struct mtpm_field {
	uint8_t what;           /* enum mtpm_field_what */
	uint8_t show;           /* INT, BYTES: enum mtpm_show */
	uint8_t secret;         /* TPM2B: carries a secret (an authValue, sensitive data) */
	const char *name;       /* Part 2 field name ("objectAttributes", "unique.rsa") */
	const char *type;       /* its Part 2 type; BYTES: the element type */
	size_t off;             /* from the described structure's first byte */
	size_t len;             /* wire bytes: OPEN, INT, TPM2B, BYTES; else 0 */
	uint64_t value;         /* INT: the value; TPM2B: the size */
	const uint8_t *bytes;   /* TPM2B, BYTES: len - 2 (TPM2B) or len bytes in v */
} mtpm_field;

typedef void mtpm_field_fn(const mtpm_field *f, void *arg);

/* Each walks v, the first event an OPEN named name (the Part 3 parameter
 * name, say) of type T; the Part 2 section is cited in describe.c. */
#define MTPM_DESCRIBE_DECL(T) \
	void mtpm_describe_##T(const mtpm_##T *v, const char *name, mtpm_field_fn *fn, void *arg)

MTPM_DESCRIBE_DECL(TPMT_HA);
MTPM_DESCRIBE_DECL(TPMS_PCR_SELECTION);
MTPM_DESCRIBE_DECL(TPML_PCR_SELECTION);
MTPM_DESCRIBE_DECL(TPML_DIGEST);
MTPM_DESCRIBE_DECL(TPML_DIGEST_VALUES);
MTPM_DESCRIBE_DECL(TPMT_SYM_DEF);
MTPM_DESCRIBE_DECL(TPMT_SYM_DEF_OBJECT);
MTPM_DESCRIBE_DECL(TPM2B_SENSITIVE_CREATE);
MTPM_DESCRIBE_DECL(TPMT_PUBLIC);
MTPM_DESCRIBE_DECL(TPM2B_PUBLIC);
MTPM_DESCRIBE_DECL(TPM2B_CREATION_DATA);
MTPM_DESCRIBE_DECL(TPMT_SIGNATURE);
MTPM_DESCRIBE_DECL(TPMS_AUTH_COMMAND);
MTPM_DESCRIBE_DECL(TPMS_AUTH_RESPONSE);
MTPM_DESCRIBE_DECL(TPMS_CONTEXT);
MTPM_DESCRIBE_DECL(TPM2B_NV_PUBLIC);
MTPM_DESCRIBE_DECL(TPMS_CAPABILITY_DATA);

/* Part 2 has no TPMT_TK: one layout, four types (§10.7: TPMT_TK_CREATION,
 * _VERIFIED, _AUTH, _HASHCHECK). type names which one the caller holds. */
void mtpm_describe_TPMT_TK(const mtpm_TPMT_TK *v, const char *name, const char *type,
			   mtpm_field_fn *fn, void *arg);

#endif
