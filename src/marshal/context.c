/*
 * context.c - Part 2 §14 context data (rev 01.59): TPMS_CONTEXT, the
 * saved form of a session or object (TPM2_ContextSave/ContextLoad).
 *
 * The contextBlob is opaque (integrity-protected and encrypted by the
 * TPM); only its size is bounded here (MTPM_MAX_CONTEXT). A getter that
 * fails leaves its whole output zero.
 */
#include "marshal_int.h"

/* Part 2 §14.5 TPMS_CONTEXT */
void mtpm_put_TPMS_CONTEXT(mtpm_cur *c, const mtpm_TPMS_CONTEXT *v)
{
	mtpm_put_u64(c, v->sequence);                       /* sequence */
	mtpm_put_u32(c, v->savedHandle);                    /* savedHandle */
	mtpm_put_u32(c, v->hierarchy);                      /* hierarchy */
	mtpm_put_TPM2B_CONTEXT_DATA(c, &v->contextBlob);    /* contextBlob */
}

void mtpm_get_TPMS_CONTEXT(mtpm_cur *c, mtpm_TPMS_CONTEXT *v)
{
	mtpm_get_u64(c, &v->sequence);                      /* sequence */
	mtpm_get_u32(c, &v->savedHandle);                   /* savedHandle */
	mtpm_get_u32(c, &v->hierarchy);                     /* hierarchy */
	mtpm_get_TPM2B_CONTEXT_DATA(c, &v->contextBlob);    /* contextBlob */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
