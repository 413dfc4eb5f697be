/*
 * algorithm.c - Part 2 §11 algorithm structures (rev 01.59): symmetric
 * definitions, the sensitive-create area, ECC points and signatures.
 * The schemes that only occur inside a public area are in public.c.
 *
 * How to read: one cursor call per field, in spec order. A selector
 * (algorithm, sigAlg) is read, c->err is checked, and then it picks the
 * union arm in a bounded switch whose default is MTPM_E_MALFORMED (get)
 * or MTPM_E_USAGE (put). Nested sized structures are written with a
 * reserved size slot filled afterwards (the struct's size field is
 * ignored) and read through a sub-cursor that must be consumed exactly.
 *
 * Invariant: a getter that fails leaves its whole output zero.
 */
#include "marshal_int.h"

/* TPMT_SYM_DEF and TPMT_SYM_DEF_OBJECT differ only in which algorithms
 * the selector may take: XOR is a TPMI_ALG_SYM but not a
 * TPMI_ALG_SYM_OBJECT (Part 2 §9, interface types), so object != 0
 * rejects it. */
static void put_sym_def(mtpm_cur *c, const mtpm_TPMT_SYM_DEF *v, int object)
{
	switch (v->algorithm) {
	case MTPM_ALG_NULL:
		mtpm_put_u16(c, v->algorithm);   /* algorithm; keyBits, mode empty */
		break;
	case MTPM_ALG_XOR:
		if (object) {
			mtpm_cur_fail(c, MTPM_E_USAGE);
			break;
		}
		mtpm_put_u16(c, v->algorithm);   /* algorithm */
		mtpm_put_u16(c, v->keyBits);     /* keyBits.xor: a TPMI_ALG_HASH; no mode */
		break;
	case MTPM_ALG_AES:
	case MTPM_ALG_SM4:
	case MTPM_ALG_CAMELLIA:
		mtpm_put_u16(c, v->algorithm);   /* algorithm */
		mtpm_put_u16(c, v->keyBits);     /* keyBits */
		mtpm_put_u16(c, v->mode);        /* mode */
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_USAGE);
		break;
	}
}

static void get_sym_def(mtpm_cur *c, mtpm_TPMT_SYM_DEF *v, int object)
{
	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->algorithm);          /* algorithm */
	if (c->err != MTPM_OK)
		goto out;
	switch (v->algorithm) {
	case MTPM_ALG_NULL:
		break;                           /* keyBits, mode empty */
	case MTPM_ALG_XOR:
		if (object) {
			mtpm_cur_fail(c, MTPM_E_MALFORMED);
			break;
		}
		mtpm_get_u16(c, &v->keyBits);    /* keyBits.xor: a TPMI_ALG_HASH; no mode */
		break;
	case MTPM_ALG_AES:
	case MTPM_ALG_SM4:
	case MTPM_ALG_CAMELLIA:
		mtpm_get_u16(c, &v->keyBits);    /* keyBits */
		mtpm_get_u16(c, &v->mode);       /* mode */
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		break;
	}
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §11.1.6 TPMT_SYM_DEF */
void mtpm_put_TPMT_SYM_DEF(mtpm_cur *c, const mtpm_TPMT_SYM_DEF *v)
{
	put_sym_def(c, v, 0);
}

void mtpm_get_TPMT_SYM_DEF(mtpm_cur *c, mtpm_TPMT_SYM_DEF *v)
{
	get_sym_def(c, v, 0);
}

/* Part 2 §11.1.7 TPMT_SYM_DEF_OBJECT */
void mtpm_put_TPMT_SYM_DEF_OBJECT(mtpm_cur *c, const mtpm_TPMT_SYM_DEF_OBJECT *v)
{
	put_sym_def(c, v, 1);
}

void mtpm_get_TPMT_SYM_DEF_OBJECT(mtpm_cur *c, mtpm_TPMT_SYM_DEF_OBJECT *v)
{
	get_sym_def(c, v, 1);
}

/* Part 2 §11.1.15 TPMS_SENSITIVE_CREATE (secrets: the caller wipes) */
void mtpm_put_TPMS_SENSITIVE_CREATE(mtpm_cur *c, const mtpm_TPMS_SENSITIVE_CREATE *v)
{
	mtpm_put_TPM2B_DIGEST(c, &v->userAuth);          /* userAuth */
	mtpm_put_TPM2B_SENSITIVE_DATA(c, &v->data);      /* data */
}

void mtpm_get_TPMS_SENSITIVE_CREATE(mtpm_cur *c, mtpm_TPMS_SENSITIVE_CREATE *v)
{
	mtpm_get_TPM2B_DIGEST(c, &v->userAuth);          /* userAuth */
	mtpm_get_TPM2B_SENSITIVE_DATA(c, &v->data);      /* data */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §11.1.16 TPM2B_SENSITIVE_CREATE; size computed on put */
void mtpm_put_TPM2B_SENSITIVE_CREATE(mtpm_cur *c, const mtpm_TPM2B_SENSITIVE_CREATE *v)
{
	size_t slot = mtpm_put_reserve16(c);             /* size */

	mtpm_put_TPMS_SENSITIVE_CREATE(c, &v->sensitive); /* sensitive */
	mtpm_put_fill16(c, slot);
}

void mtpm_get_TPM2B_SENSITIVE_CREATE(mtpm_cur *c, mtpm_TPM2B_SENSITIVE_CREATE *v)
{
	mtpm_cur sub;

	mtpm_get_sub16(c, &sub);                          /* size */
	mtpm_get_TPMS_SENSITIVE_CREATE(&sub, &v->sensitive); /* sensitive */
	mtpm_cur_close_sub(c, &sub);
	v->size = (uint16_t)sub.end;
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §11.2.5.2 TPMS_ECC_POINT */
void mtpm_put_TPMS_ECC_POINT(mtpm_cur *c, const mtpm_TPMS_ECC_POINT *v)
{
	mtpm_put_TPM2B_ECC_PARAMETER(c, &v->x);          /* x */
	mtpm_put_TPM2B_ECC_PARAMETER(c, &v->y);          /* y */
}

void mtpm_get_TPMS_ECC_POINT(mtpm_cur *c, mtpm_TPMS_ECC_POINT *v)
{
	mtpm_get_TPM2B_ECC_PARAMETER(c, &v->x);          /* x */
	mtpm_get_TPM2B_ECC_PARAMETER(c, &v->y);          /* y */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §11.2.5.3 TPM2B_ECC_POINT; size computed on put */
void mtpm_put_TPM2B_ECC_POINT(mtpm_cur *c, const mtpm_TPM2B_ECC_POINT *v)
{
	size_t slot = mtpm_put_reserve16(c);             /* size */

	mtpm_put_TPMS_ECC_POINT(c, &v->point);           /* point */
	mtpm_put_fill16(c, slot);
}

void mtpm_get_TPM2B_ECC_POINT(mtpm_cur *c, mtpm_TPM2B_ECC_POINT *v)
{
	mtpm_cur sub;

	mtpm_get_sub16(c, &sub);                         /* size */
	mtpm_get_TPMS_ECC_POINT(&sub, &v->point);        /* point */
	mtpm_cur_close_sub(c, &sub);
	v->size = (uint16_t)sub.end;
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §11.3.4 TPMT_SIGNATURE (arms: §11.3.1 TPMS_SIGNATURE_RSA,
 * §11.3.2 TPMS_SIGNATURE_ECC, §10.3.2 TPMT_HA for HMAC) */
void mtpm_put_TPMT_SIGNATURE(mtpm_cur *c, const mtpm_TPMT_SIGNATURE *v)
{
	switch (v->sigAlg) {
	case MTPM_ALG_RSASSA:
	case MTPM_ALG_RSAPSS:
		mtpm_put_u16(c, v->sigAlg);                          /* sigAlg */
		mtpm_put_u16(c, v->hash);                            /* rsa.hash */
		mtpm_put_TPM2B_PUBLIC_KEY_RSA(c, &v->signature.rsa); /* rsa.sig */
		break;
	case MTPM_ALG_ECDSA:
	case MTPM_ALG_ECDAA:
	case MTPM_ALG_SM2:
	case MTPM_ALG_ECSCHNORR:
		mtpm_put_u16(c, v->sigAlg);                          /* sigAlg */
		mtpm_put_u16(c, v->hash);                            /* ecc.hash */
		mtpm_put_TPM2B_ECC_PARAMETER(c, &v->signature.ecc.r); /* ecc.signatureR */
		mtpm_put_TPM2B_ECC_PARAMETER(c, &v->signature.ecc.s); /* ecc.signatureS */
		break;
	case MTPM_ALG_HMAC:
		mtpm_put_u16(c, v->sigAlg);                          /* sigAlg */
		mtpm_put_TPMT_HA(c, &v->signature.hmac);             /* hmac */
		break;
	case MTPM_ALG_NULL:
		mtpm_put_u16(c, v->sigAlg);                          /* sigAlg; no signature */
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_USAGE);
		break;
	}
}

void mtpm_get_TPMT_SIGNATURE(mtpm_cur *c, mtpm_TPMT_SIGNATURE *v)
{
	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->sigAlg);                                 /* sigAlg */
	if (c->err != MTPM_OK)
		goto out;
	switch (v->sigAlg) {
	case MTPM_ALG_RSASSA:
	case MTPM_ALG_RSAPSS:
		mtpm_get_u16(c, &v->hash);                           /* rsa.hash */
		mtpm_get_TPM2B_PUBLIC_KEY_RSA(c, &v->signature.rsa); /* rsa.sig */
		break;
	case MTPM_ALG_ECDSA:
	case MTPM_ALG_ECDAA:
	case MTPM_ALG_SM2:
	case MTPM_ALG_ECSCHNORR:
		mtpm_get_u16(c, &v->hash);                           /* ecc.hash */
		mtpm_get_TPM2B_ECC_PARAMETER(c, &v->signature.ecc.r); /* ecc.signatureR */
		mtpm_get_TPM2B_ECC_PARAMETER(c, &v->signature.ecc.s); /* ecc.signatureS */
		break;
	case MTPM_ALG_HMAC:
		mtpm_get_TPMT_HA(c, &v->signature.hmac);             /* hmac */
		/* mirror the HMAC's hash so v->hash means the same for every arm */
		v->hash = v->signature.hmac.hashAlg;
		break;
	case MTPM_ALG_NULL:
		break;                                               /* no signature */
	default:
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		break;
	}
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
