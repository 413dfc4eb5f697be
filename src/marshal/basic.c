/*
 * basic.c - Part 2 §10 structures (rev 01.59): digests (TPMT_HA), PCR
 * selections, the TPML lists mtpm uses, tickets and the authorization-area
 * entries. TPMS_CAPABILITY_DATA (§10.10) is in capability.c.
 *
 * How to read: every function lists the structure's fields in spec order,
 * one cursor call per field. A value that sizes or selects what follows
 * (a hash algorithm, sizeofSelect, a list count) is read, then c->err is
 * checked, then it is bounded by a switch or a compare against the C
 * array it will index, and only then used (a list's loop tests c->err on
 * every turn, so it never starts on a count that failed its bound).
 *
 * Invariants:
 *   - get: unknown selector or over-long count/size -> MTPM_E_MALFORMED;
 *     the whole output is zero on any failure.
 *   - put: the same bounds on the caller's values -> MTPM_E_USAGE.
 */
#include "marshal_int.h"

/* TPMT_HA digest length for alg: NULL carries no digest (the "+" of
 * TPMI_ALG_HASH+ where Part 2 allows it; mtpm accepts it everywhere and
 * leaves the check to the caller); an unknown alg returns -1. */
static int ha_len(uint16_t alg)
{
	uint16_t n = mtpm_hash_size(alg);

	if (alg == MTPM_ALG_NULL)
		return 0;
	return n != 0 ? n : -1;
}

/* Part 2 §10.3.2 TPMT_HA */
void mtpm_put_TPMT_HA(mtpm_cur *c, const mtpm_TPMT_HA *v)
{
	int n = ha_len(v->hashAlg);

	if (n < 0) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, v->hashAlg);                  /* hashAlg */
	mtpm_put_bytes(c, v->digest, (size_t)n);      /* digest (TPMU_HA) */
}

void mtpm_get_TPMT_HA(mtpm_cur *c, mtpm_TPMT_HA *v)
{
	int n;

	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->hashAlg);                 /* hashAlg */
	if (c->err != MTPM_OK)
		goto out;
	n = ha_len(v->hashAlg);
	if (n < 0) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		goto out;
	}
	mtpm_get_bytes(c, v->digest, (size_t)n);      /* digest (TPMU_HA) */
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.6.2 TPMS_PCR_SELECTION */
void mtpm_put_TPMS_PCR_SELECTION(mtpm_cur *c, const mtpm_TPMS_PCR_SELECTION *v)
{
	if (v->sizeofSelect > MTPM_PCR_SELECT_MAX) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, v->hash);                            /* hash */
	mtpm_put_u8(c, v->sizeofSelect);                     /* sizeofSelect */
	mtpm_put_bytes(c, v->pcrSelect, v->sizeofSelect);    /* pcrSelect */
}

void mtpm_get_TPMS_PCR_SELECTION(mtpm_cur *c, mtpm_TPMS_PCR_SELECTION *v)
{
	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->hash);                           /* hash */
	mtpm_get_u8(c, &v->sizeofSelect);                    /* sizeofSelect */
	if (c->err != MTPM_OK)
		goto out;
	/* 0..MAX: an empty selection is legal (a bank with no PCRs). */
	if (v->sizeofSelect > MTPM_PCR_SELECT_MAX) {
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
		goto out;
	}
	mtpm_get_bytes(c, v->pcrSelect, v->sizeofSelect);    /* pcrSelect */
out:
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.9.7 TPML_PCR_SELECTION */
void mtpm_put_TPML_PCR_SELECTION(mtpm_cur *c, const mtpm_TPML_PCR_SELECTION *v)
{
	uint32_t i;

	if (v->count > MTPM_MAX_BANKS) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u32(c, v->count);                                   /* count */
	for (i = 0; i < v->count; i++)
		mtpm_put_TPMS_PCR_SELECTION(c, &v->pcrSelections[i]); /* pcrSelections */
}

void mtpm_get_TPML_PCR_SELECTION(mtpm_cur *c, mtpm_TPML_PCR_SELECTION *v)
{
	uint32_t i;

	memset(v, 0, sizeof *v);
	mtpm_get_u32(c, &v->count);                                   /* count */
	if (c->err == MTPM_OK && v->count > MTPM_MAX_BANKS)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	for (i = 0; i < v->count && c->err == MTPM_OK; i++)
		mtpm_get_TPMS_PCR_SELECTION(c, &v->pcrSelections[i]); /* pcrSelections */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.9.5 TPML_DIGEST */
void mtpm_put_TPML_DIGEST(mtpm_cur *c, const mtpm_TPML_DIGEST *v)
{
	uint32_t i;

	if (v->count > MTPM_MAX_DIGESTS) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u32(c, v->count);                          /* count */
	for (i = 0; i < v->count; i++)
		mtpm_put_TPM2B_DIGEST(c, &v->digests[i]);   /* digests */
}

void mtpm_get_TPML_DIGEST(mtpm_cur *c, mtpm_TPML_DIGEST *v)
{
	uint32_t i;

	memset(v, 0, sizeof *v);
	mtpm_get_u32(c, &v->count);                         /* count */
	if (c->err == MTPM_OK && v->count > MTPM_MAX_DIGESTS)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	for (i = 0; i < v->count && c->err == MTPM_OK; i++)
		mtpm_get_TPM2B_DIGEST(c, &v->digests[i]);   /* digests */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.9.6 TPML_DIGEST_VALUES */
void mtpm_put_TPML_DIGEST_VALUES(mtpm_cur *c, const mtpm_TPML_DIGEST_VALUES *v)
{
	uint32_t i;

	if (v->count > MTPM_MAX_BANKS) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u32(c, v->count);                      /* count */
	for (i = 0; i < v->count; i++)
		mtpm_put_TPMT_HA(c, &v->digests[i]);    /* digests */
}

void mtpm_get_TPML_DIGEST_VALUES(mtpm_cur *c, mtpm_TPML_DIGEST_VALUES *v)
{
	uint32_t i;

	memset(v, 0, sizeof *v);
	mtpm_get_u32(c, &v->count);                     /* count */
	if (c->err == MTPM_OK && v->count > MTPM_MAX_BANKS)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	for (i = 0; i < v->count && c->err == MTPM_OK; i++)
		mtpm_get_TPMT_HA(c, &v->digests[i]);    /* digests */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* The ticket tags of Part 2 §10.7 (one C type serves all five tickets). */
static int tk_tag_ok(uint16_t tag)
{
	switch (tag) {
	case MTPM_ST_CREATION:
	case MTPM_ST_VERIFIED:
	case MTPM_ST_AUTH_SECRET:
	case MTPM_ST_AUTH_SIGNED:
	case MTPM_ST_HASHCHECK:
		return 1;
	default:
		return 0;
	}
}

/* Part 2 §10.7.3 TPMT_TK_CREATION, and §10.7.4-§10.7.6 (same layout) */
void mtpm_put_TPMT_TK(mtpm_cur *c, const mtpm_TPMT_TK *v)
{
	if (!tk_tag_ok(v->tag)) {
		mtpm_cur_fail(c, MTPM_E_USAGE);
		return;
	}
	mtpm_put_u16(c, v->tag);                   /* tag */
	mtpm_put_u32(c, v->hierarchy);             /* hierarchy */
	mtpm_put_TPM2B_DIGEST(c, &v->digest);      /* digest */
}

void mtpm_get_TPMT_TK(mtpm_cur *c, mtpm_TPMT_TK *v)
{
	memset(v, 0, sizeof *v);
	mtpm_get_u16(c, &v->tag);                  /* tag */
	if (c->err == MTPM_OK && !tk_tag_ok(v->tag))
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	mtpm_get_u32(c, &v->hierarchy);            /* hierarchy */
	mtpm_get_TPM2B_DIGEST(c, &v->digest);      /* digest */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.13.2 TPMS_AUTH_COMMAND */
void mtpm_put_TPMS_AUTH_COMMAND(mtpm_cur *c, const mtpm_TPMS_AUTH_COMMAND *v)
{
	mtpm_put_u32(c, v->sessionHandle);                 /* sessionHandle */
	mtpm_put_TPM2B_DIGEST(c, &v->nonce);               /* nonce */
	mtpm_put_TPMA_SESSION(c, v->sessionAttributes);    /* sessionAttributes */
	mtpm_put_TPM2B_DIGEST(c, &v->hmac);                /* hmac */
}

void mtpm_get_TPMS_AUTH_COMMAND(mtpm_cur *c, mtpm_TPMS_AUTH_COMMAND *v)
{
	mtpm_get_u32(c, &v->sessionHandle);                /* sessionHandle */
	mtpm_get_TPM2B_DIGEST(c, &v->nonce);               /* nonce */
	mtpm_get_TPMA_SESSION(c, &v->sessionAttributes);   /* sessionAttributes */
	mtpm_get_TPM2B_DIGEST(c, &v->hmac);                /* hmac */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}

/* Part 2 §10.13.3 TPMS_AUTH_RESPONSE */
void mtpm_put_TPMS_AUTH_RESPONSE(mtpm_cur *c, const mtpm_TPMS_AUTH_RESPONSE *v)
{
	mtpm_put_TPM2B_DIGEST(c, &v->nonce);               /* nonce */
	mtpm_put_TPMA_SESSION(c, v->sessionAttributes);    /* sessionAttributes */
	mtpm_put_TPM2B_DIGEST(c, &v->hmac);                /* hmac */
}

void mtpm_get_TPMS_AUTH_RESPONSE(mtpm_cur *c, mtpm_TPMS_AUTH_RESPONSE *v)
{
	mtpm_get_TPM2B_DIGEST(c, &v->nonce);               /* nonce */
	mtpm_get_TPMA_SESSION(c, &v->sessionAttributes);   /* sessionAttributes */
	mtpm_get_TPM2B_DIGEST(c, &v->hmac);                /* hmac */
	mtpm_marshal_zero_on_err(c, v, sizeof *v);
}
