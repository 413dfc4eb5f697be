/*
 * capability.c - Part 2 §10.10.2 TPMS_CAPABILITY_DATA (rev 01.59), the
 * answer of TPM2_GetCapability, with the lists it selects (§10.9).
 *
 * The capability value selects the arm of TPMU_CAPABILITIES. mtpm knows
 * six arms; any other capability is rejected (MTPM_E_MALFORMED on get,
 * MTPM_E_USAGE on put) by the default of one bounded switch, which also
 * yields the C array bound the count is checked against before any loop.
 *
 * Invariants: count <= the bound of the arm's C array; on get failure the
 * whole structure is zero.
 */
#include "marshal_int.h"

/* Capacity of the C array behind each arm, 0 for an arm mtpm does not
 * decode. Exported: `mtpm decode` names a count beyond it. */
uint32_t mtpm_cap_max(uint32_t capability)
{
	switch (capability) {
	case MTPM_CAP_ALGS:
		return MTPM_MAX_CAP_ALGS;
	case MTPM_CAP_HANDLES:
		return MTPM_MAX_CAP_HANDLES;
	case MTPM_CAP_COMMANDS:
		return MTPM_MAX_CAP_CC;
	case MTPM_CAP_PCRS:
		return MTPM_MAX_BANKS;
	case MTPM_CAP_TPM_PROPERTIES:
		return MTPM_MAX_TPM_PROPERTIES;
	case MTPM_CAP_ECC_CURVES:
		return MTPM_MAX_CAP_DATA / 2;
	default:
		return 0;
	}
}

/* Part 2 §10.8.1 TPMS_ALG_PROPERTY */
static void put_alg_property(mtpm_cur *c, const mtpm_TPMS_ALG_PROPERTY *v)
{
	mtpm_put_u16(c, v->alg);                  /* alg */
	mtpm_put_u32(c, v->algProperties);        /* algProperties (TPMA_ALGORITHM) */
}

static void get_alg_property(mtpm_cur *c, mtpm_TPMS_ALG_PROPERTY *v)
{
	mtpm_get_u16(c, &v->alg);                 /* alg */
	mtpm_get_u32(c, &v->algProperties);       /* algProperties (TPMA_ALGORITHM) */
}

/* Part 2 §10.8.2 TPMS_TAGGED_PROPERTY */
static void put_tagged_property(mtpm_cur *c, const mtpm_TPMS_TAGGED_PROPERTY *v)
{
	mtpm_put_u32(c, v->property);             /* property */
	mtpm_put_u32(c, v->value);                /* value */
}

static void get_tagged_property(mtpm_cur *c, mtpm_TPMS_TAGGED_PROPERTY *v)
{
	mtpm_get_u32(c, &v->property);            /* property */
	mtpm_get_u32(c, &v->value);               /* value */
}

/* One element i of the arm selected by capability (already bounded). */
static void put_elem(mtpm_cur *c, const mtpm_TPMS_CAPABILITY_DATA *v, uint32_t i)
{
	switch (v->capability) {
	case MTPM_CAP_ALGS:            /* §10.9.8 TPML_ALG_PROPERTY */
		put_alg_property(c, &v->data.algorithms[i]);
		break;
	case MTPM_CAP_HANDLES:         /* §10.9.4 TPML_HANDLE */
		mtpm_put_u32(c, v->data.handles[i]);
		break;
	case MTPM_CAP_COMMANDS:        /* §10.9.2 TPML_CCA (TPMA_CC) */
		mtpm_put_u32(c, v->data.command[i]);
		break;
	case MTPM_CAP_PCRS:            /* §10.9.7 TPML_PCR_SELECTION */
		mtpm_put_TPMS_PCR_SELECTION(c, &v->data.assignedPCR[i]);
		break;
	case MTPM_CAP_TPM_PROPERTIES:  /* §10.9.9 TPML_TAGGED_TPM_PROPERTY */
		put_tagged_property(c, &v->data.tpmProperties[i]);
		break;
	case MTPM_CAP_ECC_CURVES:      /* §10.9.11 TPML_ECC_CURVE */
		mtpm_put_u16(c, v->data.eccCurves[i]);
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_USAGE);
		break;
	}
}

static void get_elem(mtpm_cur *c, mtpm_TPMS_CAPABILITY_DATA *v, uint32_t i)
{
	switch (v->capability) {
	case MTPM_CAP_ALGS:            /* §10.9.8 TPML_ALG_PROPERTY */
		get_alg_property(c, &v->data.algorithms[i]);
		break;
	case MTPM_CAP_HANDLES:         /* §10.9.4 TPML_HANDLE */
		mtpm_get_u32(c, &v->data.handles[i]);
		break;
	case MTPM_CAP_COMMANDS:        /* §10.9.2 TPML_CCA (TPMA_CC) */
		mtpm_get_u32(c, &v->data.command[i]);
		break;
	case MTPM_CAP_PCRS:            /* §10.9.7 TPML_PCR_SELECTION */
		mtpm_get_TPMS_PCR_SELECTION(c, &v->data.assignedPCR[i]);
		break;
	case MTPM_CAP_TPM_PROPERTIES:  /* §10.9.9 TPML_TAGGED_TPM_PROPERTY */
		get_tagged_property(c, &v->data.tpmProperties[i]);
		break;
	case MTPM_CAP_ECC_CURVES:      /* §10.9.11 TPML_ECC_CURVE */
		mtpm_get_u16(c, &v->data.eccCurves[i]);
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		break;
	}
}

/* Part 2 §10.10.2 TPMS_CAPABILITY_DATA */
void mtpm_put_TPMS_CAPABILITY_DATA(mtpm_cur *c, const mtpm_TPMS_CAPABILITY_DATA *v)
{
	uint32_t i, max = mtpm_cap_max(v->capability);

	if (max == 0 || v->count > max) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u32(c, v->capability);          /* capability */
	mtpm_put_u32(c, v->count);               /* data: the TPML's count */
	for (i = 0; i < v->count; i++)
		put_elem(c, v, i);               /* data: the TPML's elements */
}

void mtpm_get_TPMS_CAPABILITY_DATA(mtpm_cur *c, mtpm_TPMS_CAPABILITY_DATA *v)
{
	uint32_t i, max;

	memset(v, 0, sizeof *v);
	mtpm_get_u32(c, &v->capability);         /* capability */
	if (c->err != MTPM_OK)
		goto out;
	max = mtpm_cap_max(v->capability);
	if (max == 0) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		goto out;
	}
	mtpm_get_u32(c, &v->count);              /* data: the TPML's count */
	if (c->err != MTPM_OK)
		goto out;
	if (v->count > max) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		goto out;
	}
	for (i = 0; i < v->count && c->err == MTPM_OK; i++)
		get_elem(c, v, i);               /* data: the TPML's elements */
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
