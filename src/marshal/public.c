/*
 * public.c - Part 2 §12.2 public area (rev 01.59): TPMT_PUBLIC and
 * TPM2B_PUBLIC, with the parameter structures of §12.2.3 and the schemes
 * they carry (§11.1.23 keyed-hash, §11.2.3.3 KDF, §11.2.4.2 RSA,
 * §11.2.5.6 ECC).
 *
 * How to read: type selects both the parameters arm and the unique arm;
 * each scheme's id selects whether a hash (and for ECDAA a count, for XOR
 * a KDF) follows. Every selector goes through a bounded switch whose
 * default rejects it: MTPM_E_MALFORMED on get, MTPM_E_USAGE on put.
 * Fields absent on the wire read back as zero.
 *
 * Not checked here (semantics, left to the caller): that nameAlg is a
 * known hash, that authPolicy has its digest size, reserved attribute
 * bits, key sizes. These are structural parsers.
 *
 * Invariant: a getter that fails leaves its whole output zero.
 */
#include "marshal_int.h"

/* Every scheme id each family takes, with what follows it on the wire
 * (details: 0 nothing, 1 hashAlg, 2 hashAlg + count, 3 hashAlg + kdf). */
static const struct {
	uint8_t kind;
	uint8_t details;
	uint16_t scheme;
} schemes[] = {
	/* Part 2 §11.1.23 TPMT_KEYEDHASH_SCHEME */
	{ MTPM_SCHEME_KEYEDHASH, 1, MTPM_ALG_HMAC },
	{ MTPM_SCHEME_KEYEDHASH, 3, MTPM_ALG_XOR },
	/* Part 2 §11.2.4.2 TPMT_RSA_SCHEME */
	{ MTPM_SCHEME_RSA, 0, MTPM_ALG_RSAES },
	{ MTPM_SCHEME_RSA, 1, MTPM_ALG_RSASSA },
	{ MTPM_SCHEME_RSA, 1, MTPM_ALG_RSAPSS },
	{ MTPM_SCHEME_RSA, 1, MTPM_ALG_OAEP },
	/* Part 2 §11.2.5.6 TPMT_ECC_SCHEME */
	{ MTPM_SCHEME_ECC, 1, MTPM_ALG_ECDSA },
	{ MTPM_SCHEME_ECC, 1, MTPM_ALG_ECDH },
	{ MTPM_SCHEME_ECC, 1, MTPM_ALG_SM2 },
	{ MTPM_SCHEME_ECC, 1, MTPM_ALG_ECSCHNORR },
	{ MTPM_SCHEME_ECC, 1, MTPM_ALG_ECMQV },
	{ MTPM_SCHEME_ECC, 2, MTPM_ALG_ECDAA },
	/* Part 2 §11.2.3.3 TPMT_KDF_SCHEME */
	{ MTPM_SCHEME_KDF, 1, MTPM_ALG_MGF1 },
	{ MTPM_SCHEME_KDF, 1, MTPM_ALG_KDF1_SP800_56A },
	{ MTPM_SCHEME_KDF, 1, MTPM_ALG_KDF2 },
	{ MTPM_SCHEME_KDF, 1, MTPM_ALG_KDF1_SP800_108 },
};

/* What follows the scheme id on the wire (include/mtpm/marshal.h): -1
 * unknown, 0 nothing (also TPM_ALG_NULL, in every family), else the
 * table's details. A search of the table by value, never an index by
 * it. Exported: describe.c, the field walkers `mtpm decode` prints,
 * walks the same table. */
int mtpm_scheme_details(int kind, uint16_t scheme)
{
	size_t i;

	if (scheme == MTPM_ALG_NULL)
		return 0;
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (schemes[i].kind == kind && schemes[i].scheme == scheme)
			return schemes[i].details;
	return -1;
}

/* A scheme: id, then its details. xor_kdf is the KDF of a keyed-hash XOR
 * scheme (only written/read when the details say so). */
static void put_scheme(mtpm_cur *c, enum mtpm_scheme_kind k, const mtpm_TPMT_SCHEME *v,
		       uint16_t xor_kdf)
{
	int d = mtpm_scheme_details(k, v->scheme);

	if (d < 0) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, v->scheme);              /* scheme */
	if (d >= 1)
		mtpm_put_u16(c, v->hashAlg);     /* details.hashAlg */
	if (d == 2)
		mtpm_put_u16(c, v->count);       /* details.ecdaa.count */
	if (d == 3)
		mtpm_put_u16(c, xor_kdf);        /* details.xor.kdf */
}

/* Only mtpm_get_TPMT_PUBLIC reads a scheme: it zeroes the whole public
 * area on entry and again on any failure, so this writes only what it
 * reads. */
static void get_scheme(mtpm_cur *c, enum mtpm_scheme_kind k, mtpm_TPMT_SCHEME *v,
		       uint16_t *xor_kdf)
{
	int d;

	mtpm_get_u16(c, &v->scheme);             /* scheme */
	if (c->err != MTPM_OK)
		return;
	d = mtpm_scheme_details(k, v->scheme);
	if (d < 0) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		return;
	}
	if (d >= 1)
		mtpm_get_u16(c, &v->hashAlg);    /* details.hashAlg */
	if (d == 2)
		mtpm_get_u16(c, &v->count);      /* details.ecdaa.count */
	if (d == 3 && xor_kdf)
		mtpm_get_u16(c, xor_kdf);        /* details.xor.kdf */
}

/* The types TPMI_ALG_PUBLIC takes (Part 2 §12.2.1): the selector of both
 * unions below. */
static int public_type_ok(uint16_t type)
{
	switch (type) {
	case MTPM_ALG_RSA:
	case MTPM_ALG_ECC:
	case MTPM_ALG_KEYEDHASH:
	case MTPM_ALG_SYMCIPHER:
		return 1;
	default:
		return 0;
	}
}

/* Part 2 §12.2.4 TPMT_PUBLIC. Its last two fields are the arms type
 * selects: parameters, Part 2 §12.2.3.2 TPMU_PUBLIC_PARMS (§12.2.3.3
 * TPMS_KEYEDHASH_PARMS, §11.1.9 TPMS_SYMCIPHER_PARMS, §12.2.3.5
 * TPMS_RSA_PARMS, §12.2.3.6 TPMS_ECC_PARMS), then unique, §12.2.2
 * TPMU_PUBLIC_ID; one switch writes (reads) both. */
void mtpm_put_TPMT_PUBLIC(mtpm_cur *c, const mtpm_TPMT_PUBLIC *v)
{
	const mtpm_TPMS_KEYEDHASH_PARMS *kh = &v->parameters.keyedHashDetail;
	const mtpm_TPMS_RSA_PARMS *rsa = &v->parameters.rsaDetail;
	const mtpm_TPMS_ECC_PARMS *ecc = &v->parameters.eccDetail;

	if (!public_type_ok(v->type)) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, v->type);                        /* type */
	mtpm_put_u16(c, v->nameAlg);                     /* nameAlg */
	mtpm_put_TPMA_OBJECT(c, v->objectAttributes);    /* objectAttributes */
	mtpm_put_TPM2B_DIGEST(c, &v->authPolicy);        /* authPolicy */
	switch (v->type) {
	case MTPM_ALG_KEYEDHASH:
		put_scheme(c, MTPM_SCHEME_KEYEDHASH, &kh->scheme, kh->xor_kdf); /* scheme */
		mtpm_put_TPM2B_DIGEST(c, &v->unique.keyedHash);    /* unique.keyedHash */
		break;
	case MTPM_ALG_SYMCIPHER:
		mtpm_put_TPMT_SYM_DEF_OBJECT(c, &v->parameters.symDetail.sym); /* sym */
		mtpm_put_TPM2B_DIGEST(c, &v->unique.sym);          /* unique.sym */
		break;
	case MTPM_ALG_RSA:
		mtpm_put_TPMT_SYM_DEF_OBJECT(c, &rsa->symmetric);  /* symmetric */
		put_scheme(c, MTPM_SCHEME_RSA, &rsa->scheme, 0);        /* scheme */
		mtpm_put_u16(c, rsa->keyBits);                     /* keyBits */
		mtpm_put_u32(c, rsa->exponent);                    /* exponent */
		mtpm_put_TPM2B_PUBLIC_KEY_RSA(c, &v->unique.rsa);  /* unique.rsa */
		break;
	case MTPM_ALG_ECC:
		mtpm_put_TPMT_SYM_DEF_OBJECT(c, &ecc->symmetric);  /* symmetric */
		put_scheme(c, MTPM_SCHEME_ECC, &ecc->scheme, 0);        /* scheme */
		mtpm_put_u16(c, ecc->curveID);                     /* curveID */
		put_scheme(c, MTPM_SCHEME_KDF, &ecc->kdf, 0);           /* kdf */
		mtpm_put_TPMS_ECC_POINT(c, &v->unique.ecc);        /* unique.ecc */
		break;
	default: /* not reached: public_type_ok above */
		mtpm_cur_fail(c, MTPM_E_USAGE);
		break;
	}
}

void mtpm_get_TPMT_PUBLIC(mtpm_cur *c, mtpm_TPMT_PUBLIC *v)
{
	mtpm_TPMS_KEYEDHASH_PARMS *kh = &v->parameters.keyedHashDetail;
	mtpm_TPMS_RSA_PARMS *rsa = &v->parameters.rsaDetail;
	mtpm_TPMS_ECC_PARMS *ecc = &v->parameters.eccDetail;

	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->type);                       /* type */
	if (c->err != MTPM_OK)
		goto out;
	if (!public_type_ok(v->type)) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		goto out;
	}
	mtpm_get_u16(c, &v->nameAlg);                    /* nameAlg */
	mtpm_get_TPMA_OBJECT(c, &v->objectAttributes);   /* objectAttributes */
	mtpm_get_TPM2B_DIGEST(c, &v->authPolicy);        /* authPolicy */
	switch (v->type) {
	case MTPM_ALG_KEYEDHASH:
		get_scheme(c, MTPM_SCHEME_KEYEDHASH, &kh->scheme, &kh->xor_kdf); /* scheme */
		mtpm_get_TPM2B_DIGEST(c, &v->unique.keyedHash);    /* unique.keyedHash */
		break;
	case MTPM_ALG_SYMCIPHER:
		mtpm_get_TPMT_SYM_DEF_OBJECT(c, &v->parameters.symDetail.sym); /* sym */
		mtpm_get_TPM2B_DIGEST(c, &v->unique.sym);          /* unique.sym */
		break;
	case MTPM_ALG_RSA:
		mtpm_get_TPMT_SYM_DEF_OBJECT(c, &rsa->symmetric);  /* symmetric */
		get_scheme(c, MTPM_SCHEME_RSA, &rsa->scheme, NULL);     /* scheme */
		mtpm_get_u16(c, &rsa->keyBits);                    /* keyBits */
		mtpm_get_u32(c, &rsa->exponent);                   /* exponent */
		mtpm_get_TPM2B_PUBLIC_KEY_RSA(c, &v->unique.rsa);  /* unique.rsa */
		break;
	case MTPM_ALG_ECC:
		mtpm_get_TPMT_SYM_DEF_OBJECT(c, &ecc->symmetric);  /* symmetric */
		get_scheme(c, MTPM_SCHEME_ECC, &ecc->scheme, NULL);     /* scheme */
		mtpm_get_u16(c, &ecc->curveID);                    /* curveID */
		get_scheme(c, MTPM_SCHEME_KDF, &ecc->kdf, NULL);        /* kdf */
		mtpm_get_TPMS_ECC_POINT(c, &v->unique.ecc);        /* unique.ecc */
		break;
	default: /* not reached: public_type_ok above */
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		break;
	}
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §12.2.5 TPM2B_PUBLIC; size computed on put (v->size ignored) */
void mtpm_put_TPM2B_PUBLIC(mtpm_cur *c, const mtpm_TPM2B_PUBLIC *v)
{
	size_t slot = mtpm_put_reserve16(c);             /* size */

	mtpm_put_TPMT_PUBLIC(c, &v->publicArea);         /* publicArea */
	mtpm_put_fill16(c, slot);
}

void mtpm_get_TPM2B_PUBLIC(mtpm_cur *c, mtpm_TPM2B_PUBLIC *v)
{
	mtpm_cur sub;

	mtpm_get_sub16(c, &sub);                         /* size */
	mtpm_get_TPMT_PUBLIC(&sub, &v->publicArea);      /* publicArea */
	mtpm_cur_close_sub(c, &sub);
	v->size = (uint16_t)sub.end;
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
