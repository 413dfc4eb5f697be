/*
 * creation.c - Part 2 §15 creation data (rev 01.59): TPMS_CREATION_DATA
 * and TPM2B_CREATION_DATA, returned by TPM2_Create and CreatePrimary.
 *
 * Invariants: TPM2B_CREATION_DATA is read through a sub-cursor that must
 * be consumed exactly and written with a computed size (v->size ignored);
 * a getter that fails leaves its whole output zero.
 */
#include "marshal_int.h"

/* Part 2 §15.1 TPMS_CREATION_DATA */
void mtpm_put_TPMS_CREATION_DATA(mtpm_cur *c, const mtpm_TPMS_CREATION_DATA *v)
{
	mtpm_put_TPML_PCR_SELECTION(c, &v->pcrSelect);        /* pcrSelect */
	mtpm_put_TPM2B_DIGEST(c, &v->pcrDigest);              /* pcrDigest */
	mtpm_put_u8(c, v->locality);                          /* locality (TPMA_LOCALITY) */
	mtpm_put_u16(c, v->parentNameAlg);                    /* parentNameAlg */
	mtpm_put_TPM2B_NAME(c, &v->parentName);               /* parentName */
	mtpm_put_TPM2B_NAME(c, &v->parentQualifiedName);      /* parentQualifiedName */
	mtpm_put_TPM2B_DATA(c, &v->outsideInfo);              /* outsideInfo */
}

void mtpm_get_TPMS_CREATION_DATA(mtpm_cur *c, mtpm_TPMS_CREATION_DATA *v)
{
	mtpm_get_TPML_PCR_SELECTION(c, &v->pcrSelect);        /* pcrSelect */
	mtpm_get_TPM2B_DIGEST(c, &v->pcrDigest);              /* pcrDigest */
	mtpm_get_u8(c, &v->locality);                         /* locality (TPMA_LOCALITY) */
	mtpm_get_u16(c, &v->parentNameAlg);                   /* parentNameAlg */
	mtpm_get_TPM2B_NAME(c, &v->parentName);               /* parentName */
	mtpm_get_TPM2B_NAME(c, &v->parentQualifiedName);      /* parentQualifiedName */
	mtpm_get_TPM2B_DATA(c, &v->outsideInfo);              /* outsideInfo */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §15.2 TPM2B_CREATION_DATA; size computed on put */
void mtpm_put_TPM2B_CREATION_DATA(mtpm_cur *c, const mtpm_TPM2B_CREATION_DATA *v)
{
	size_t slot = mtpm_put_reserve16(c);                  /* size */

	mtpm_put_TPMS_CREATION_DATA(c, &v->creationData);     /* creationData */
	mtpm_put_fill16(c, slot);
}

void mtpm_get_TPM2B_CREATION_DATA(mtpm_cur *c, mtpm_TPM2B_CREATION_DATA *v)
{
	mtpm_cur sub;

	mtpm_get_sub16(c, &sub);                              /* size */
	mtpm_get_TPMS_CREATION_DATA(&sub, &v->creationData);  /* creationData */
	mtpm_cur_close_sub(c, &sub);
	v->size = (uint16_t)sub.end;
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
