/*
 * mtpm/types.h - the Part 2 structures mtpm marshals, as C structs.
 *
 * Every TPM2B holds its bytes inline, sized to the maximum mtpm accepts on
 * the wire (mtpm/tpm.h). Type names are the spec's, behind an mtpm_ prefix.
 * Unions carry the selector that picks their arm in the enclosing struct, as
 * in the spec; the getters reject a selector they do not know.
 */
#ifndef MTPM_TYPES_H
#define MTPM_TYPES_H

#include <stdint.h>
#include "tpm.h"

#define MTPM_TPM2B(name, max) \
	typedef struct { uint16_t size; uint8_t buffer[max]; } name

/* Part 2 §10.4 */
MTPM_TPM2B(mtpm_TPM2B_DIGEST, MTPM_MAX_DIGEST);
MTPM_TPM2B(mtpm_TPM2B_DATA, MTPM_MAX_DIGEST + 2);
MTPM_TPM2B(mtpm_TPM2B_EVENT, 1024);
MTPM_TPM2B(mtpm_TPM2B_MAX_BUFFER, MTPM_MAX_BUFFER);
MTPM_TPM2B(mtpm_TPM2B_MAX_NV_BUFFER, MTPM_MAX_NV_BUFFER);
MTPM_TPM2B(mtpm_TPM2B_NAME, MTPM_MAX_NAME);
MTPM_TPM2B(mtpm_TPM2B_SENSITIVE_DATA, MTPM_MAX_SYM_DATA);
MTPM_TPM2B(mtpm_TPM2B_PUBLIC_KEY_RSA, MTPM_MAX_RSA_BYTES);
MTPM_TPM2B(mtpm_TPM2B_PRIVATE_KEY_RSA, MTPM_MAX_RSA_BYTES / 2);
MTPM_TPM2B(mtpm_TPM2B_ECC_PARAMETER, MTPM_MAX_ECC_BYTES);
MTPM_TPM2B(mtpm_TPM2B_ENCRYPTED_SECRET, MTPM_MAX_RSA_BYTES);
MTPM_TPM2B(mtpm_TPM2B_PRIVATE, MTPM_MAX_PRIVATE);
MTPM_TPM2B(mtpm_TPM2B_CONTEXT_DATA, MTPM_MAX_CONTEXT);
MTPM_TPM2B(mtpm_TPM2B_SYM_KEY, MTPM_MAX_SYM_KEY_BYTES);
MTPM_TPM2B(mtpm_TPM2B_TIMEOUT, 8);
typedef mtpm_TPM2B_DIGEST mtpm_TPM2B_NONCE;
typedef mtpm_TPM2B_DIGEST mtpm_TPM2B_AUTH;
typedef mtpm_TPM2B_DIGEST mtpm_TPM2B_OPERAND;

/* Part 2 §10.3 TPMT_HA */
typedef struct {
	uint16_t hashAlg;
	uint8_t digest[MTPM_MAX_DIGEST];
} mtpm_TPMT_HA;

/* Part 2 §10.6 PCR selection */
typedef struct {
	uint16_t hash;
	uint8_t sizeofSelect;
	uint8_t pcrSelect[MTPM_PCR_SELECT_MAX];
} mtpm_TPMS_PCR_SELECTION;

/* Part 2 §10.9 lists */
typedef struct {
	uint32_t count;
	mtpm_TPMS_PCR_SELECTION pcrSelections[MTPM_MAX_BANKS];
} mtpm_TPML_PCR_SELECTION;

typedef struct {
	uint32_t count;
	mtpm_TPM2B_DIGEST digests[MTPM_MAX_DIGESTS];
} mtpm_TPML_DIGEST;

typedef struct {
	uint32_t count;
	mtpm_TPMT_HA digests[MTPM_MAX_BANKS];
} mtpm_TPML_DIGEST_VALUES;

/* Part 2 §11.1 symmetric */
typedef struct {
	uint16_t algorithm; /* TPM_ALG_NULL, AES, XOR, ... */
	uint16_t keyBits;   /* for XOR: the hash algorithm */
	uint16_t mode;      /* absent on the wire for XOR and NULL */
} mtpm_TPMT_SYM_DEF;
typedef mtpm_TPMT_SYM_DEF mtpm_TPMT_SYM_DEF_OBJECT;

/* Part 2 §11.1.13 TPMS_SENSITIVE_CREATE */
typedef struct {
	mtpm_TPM2B_AUTH userAuth;
	mtpm_TPM2B_SENSITIVE_DATA data;
} mtpm_TPMS_SENSITIVE_CREATE;

/* Part 2 §11.2.5 ECC point */
typedef struct {
	mtpm_TPM2B_ECC_PARAMETER x;
	mtpm_TPM2B_ECC_PARAMETER y;
} mtpm_TPMS_ECC_POINT;

/* Part 2 §11.2 schemes, reduced to what a public area carries:
 * scheme id plus one hash (or the KDF's hash) */
typedef struct {
	uint16_t scheme;
	uint16_t hashAlg;   /* absent on the wire for NULL and RSAES */
	uint16_t count;     /* ECDAA only */
} mtpm_TPMT_SCHEME;

/* Part 2 §12.2.3 public parameters */
typedef struct {
	mtpm_TPMT_SCHEME scheme;       /* TPMT_KEYEDHASH_SCHEME; XOR carries hash + kdf */
	uint16_t xor_kdf;              /* only for scheme XOR */
} mtpm_TPMS_KEYEDHASH_PARMS;

typedef struct {
	mtpm_TPMT_SYM_DEF_OBJECT sym;
} mtpm_TPMS_SYMCIPHER_PARMS;

typedef struct {
	mtpm_TPMT_SYM_DEF_OBJECT symmetric;
	mtpm_TPMT_SCHEME scheme;
	uint16_t keyBits;
	uint32_t exponent;
} mtpm_TPMS_RSA_PARMS;

typedef struct {
	mtpm_TPMT_SYM_DEF_OBJECT symmetric;
	mtpm_TPMT_SCHEME scheme;
	uint16_t curveID;
	mtpm_TPMT_SCHEME kdf;
} mtpm_TPMS_ECC_PARMS;

/* Part 2 §12.2.4 TPMT_PUBLIC; the union arms are selected by type */
typedef struct {
	uint16_t type;
	uint16_t nameAlg;
	uint32_t objectAttributes;
	mtpm_TPM2B_DIGEST authPolicy;
	union {
		mtpm_TPMS_KEYEDHASH_PARMS keyedHashDetail;
		mtpm_TPMS_SYMCIPHER_PARMS symDetail;
		mtpm_TPMS_RSA_PARMS rsaDetail;
		mtpm_TPMS_ECC_PARMS eccDetail;
	} parameters;
	union {
		mtpm_TPM2B_DIGEST keyedHash;
		mtpm_TPM2B_DIGEST sym;
		mtpm_TPM2B_PUBLIC_KEY_RSA rsa;
		mtpm_TPMS_ECC_POINT ecc;
	} unique;
} mtpm_TPMT_PUBLIC;

typedef struct {
	uint16_t size;
	mtpm_TPMT_PUBLIC publicArea;
} mtpm_TPM2B_PUBLIC;

typedef struct {
	uint16_t size;
	mtpm_TPMS_SENSITIVE_CREATE sensitive;
} mtpm_TPM2B_SENSITIVE_CREATE;

typedef struct {
	uint16_t size;
	mtpm_TPMS_ECC_POINT point;
} mtpm_TPM2B_ECC_POINT;

/* Part 2 §15.1 TPMS_CREATION_DATA */
typedef struct {
	mtpm_TPML_PCR_SELECTION pcrSelect;
	mtpm_TPM2B_DIGEST pcrDigest;
	uint8_t locality;
	uint16_t parentNameAlg;
	mtpm_TPM2B_NAME parentName;
	mtpm_TPM2B_NAME parentQualifiedName;
	mtpm_TPM2B_DATA outsideInfo;
} mtpm_TPMS_CREATION_DATA;

typedef struct {
	uint16_t size;
	mtpm_TPMS_CREATION_DATA creationData;
} mtpm_TPM2B_CREATION_DATA;

/* Part 2 §10.7 tickets */
typedef struct {
	uint16_t tag;
	uint32_t hierarchy;
	mtpm_TPM2B_DIGEST digest;
} mtpm_TPMT_TK;
typedef mtpm_TPMT_TK mtpm_TPMT_TK_CREATION;
typedef mtpm_TPMT_TK mtpm_TPMT_TK_VERIFIED;
typedef mtpm_TPMT_TK mtpm_TPMT_TK_AUTH;

/* Part 2 §11.3 signatures */
typedef struct {
	uint16_t sigAlg;
	uint16_t hash;
	union {
		mtpm_TPM2B_PUBLIC_KEY_RSA rsa;                   /* RSASSA, RSAPSS */
		struct { mtpm_TPM2B_ECC_PARAMETER r, s; } ecc; /* ECDSA etc. */
		mtpm_TPMT_HA hmac;                               /* HMAC */
	} signature;
} mtpm_TPMT_SIGNATURE;

/* Part 2 §8.4 / §10.13 authorization area entries */
typedef struct {
	uint32_t sessionHandle;
	mtpm_TPM2B_NONCE nonce;
	uint8_t sessionAttributes;
	mtpm_TPM2B_AUTH hmac;
} mtpm_TPMS_AUTH_COMMAND;

typedef struct {
	mtpm_TPM2B_NONCE nonce;
	uint8_t sessionAttributes;
	mtpm_TPM2B_AUTH hmac;
} mtpm_TPMS_AUTH_RESPONSE;

/* Part 2 §14.3 TPMS_CONTEXT */
typedef struct {
	uint64_t sequence;
	uint32_t savedHandle;
	uint32_t hierarchy;
	mtpm_TPM2B_CONTEXT_DATA contextBlob;
} mtpm_TPMS_CONTEXT;

/* Part 2 §13.5 TPMS_NV_PUBLIC */
typedef struct {
	uint32_t nvIndex;
	uint16_t nameAlg;
	uint32_t attributes;
	mtpm_TPM2B_DIGEST authPolicy;
	uint16_t dataSize;
} mtpm_TPMS_NV_PUBLIC;

typedef struct {
	uint16_t size;
	mtpm_TPMS_NV_PUBLIC nvPublic;
} mtpm_TPM2B_NV_PUBLIC;

/* Part 2 §10.8 capability structures */
typedef struct {
	uint16_t alg;
	uint32_t algProperties;
} mtpm_TPMS_ALG_PROPERTY;

typedef struct {
	uint32_t property;
	uint32_t value;
} mtpm_TPMS_TAGGED_PROPERTY;

typedef struct {
	uint32_t capability;
	uint32_t count;
	union {
		mtpm_TPMS_ALG_PROPERTY algorithms[MTPM_MAX_CAP_ALGS];
		uint32_t handles[MTPM_MAX_CAP_HANDLES];
		uint32_t command[MTPM_MAX_CAP_CC];               /* TPMA_CC */
		mtpm_TPMS_TAGGED_PROPERTY tpmProperties[MTPM_MAX_TPM_PROPERTIES];
		mtpm_TPMS_PCR_SELECTION assignedPCR[MTPM_MAX_BANKS];
		uint16_t eccCurves[MTPM_MAX_CAP_DATA / 2];
	} data;
} mtpm_TPMS_CAPABILITY_DATA;

#endif
