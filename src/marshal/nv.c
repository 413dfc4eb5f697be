/*
 * nv.c - Part 2 §13 NV storage structures (rev 01.59): TPMS_NV_PUBLIC and
 * TPM2B_NV_PUBLIC.
 *
 * Invariants: TPM2B_NV_PUBLIC is read through a sub-cursor that must be
 * consumed exactly and written with a computed size (v->size ignored);
 * a getter that fails leaves its whole output zero. Attributes and
 * nameAlg are not interpreted here.
 */
#include "marshal_int.h"

/* Part 2 §13.5 TPMS_NV_PUBLIC */
void mtpm_put_TPMS_NV_PUBLIC(mtpm_cur *c, const mtpm_TPMS_NV_PUBLIC *v)
{
	mtpm_put_u32(c, v->nvIndex);                  /* nvIndex */
	mtpm_put_u16(c, v->nameAlg);                  /* nameAlg */
	mtpm_put_TPMA_NV(c, v->attributes);           /* attributes */
	mtpm_put_TPM2B_DIGEST(c, &v->authPolicy);     /* authPolicy */
	mtpm_put_u16(c, v->dataSize);                 /* dataSize */
}

void mtpm_get_TPMS_NV_PUBLIC(mtpm_cur *c, mtpm_TPMS_NV_PUBLIC *v)
{
	mtpm_get_u32(c, &v->nvIndex);                 /* nvIndex */
	mtpm_get_u16(c, &v->nameAlg);                 /* nameAlg */
	mtpm_get_TPMA_NV(c, &v->attributes);          /* attributes */
	mtpm_get_TPM2B_DIGEST(c, &v->authPolicy);     /* authPolicy */
	mtpm_get_u16(c, &v->dataSize);                /* dataSize */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §13.6 TPM2B_NV_PUBLIC; size computed on put */
void mtpm_put_TPM2B_NV_PUBLIC(mtpm_cur *c, const mtpm_TPM2B_NV_PUBLIC *v)
{
	size_t slot = mtpm_put_reserve16(c);          /* size */

	mtpm_put_TPMS_NV_PUBLIC(c, &v->nvPublic);     /* nvPublic */
	mtpm_put_fill16(c, slot);
}

void mtpm_get_TPM2B_NV_PUBLIC(mtpm_cur *c, mtpm_TPM2B_NV_PUBLIC *v)
{
	mtpm_cur sub;

	mtpm_get_sub16(c, &sub);                      /* size */
	mtpm_get_TPMS_NV_PUBLIC(&sub, &v->nvPublic);  /* nvPublic */
	mtpm_cur_close_sub(c, &sub);
	v->size = (uint16_t)sub.end;
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
