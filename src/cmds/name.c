/*
 * name.c - Names of objects and NV indices (TPM 2.0 Library Part 1 §16).
 *
 * Name = nameAlg (u16, big-endian) || H_nameAlg(marshalled public area).
 * The public area is re-marshalled from the parsed structure; for a
 * structure that parsed, the getter/putter round trip is exact (tested in
 * test_marshal.c), so the Name matches the TPM's.
 */
#include <string.h>
#include "mtpm/core.h"

/* The Name of the public area marshalled into c (its first c->pos
 * bytes), or c's error if marshalling failed. out is zero on failure. */
static mtpm_rc name_of_cur(const mtpm_crypto *cr, uint16_t alg, const mtpm_cur *c,
			   mtpm_TPM2B_NAME *out)
{
	mtpm_iov part = { c->p, c->pos };
	mtpm_cur w;
	uint16_t dlen = mtpm_hash_size(alg);
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	if (c->err != MTPM_OK)
		return c->err;
	if (!cr)
		return MTPM_E_USAGE;
	if (dlen == 0)
		return MTPM_E_UNSUPPORTED;
	rc = mtpm_hash(cr, alg, &part, 1, out->buffer + 2);
	if (rc != MTPM_OK) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	mtpm_cur_init(&w, out->buffer, 2);
	mtpm_put_u16(&w, alg);                      /* nameAlg */
	out->size = (uint16_t)(2 + dlen);
	return MTPM_OK;
}

mtpm_rc mtpm_name_of_public(const mtpm_crypto *cr, const mtpm_TPMT_PUBLIC *pub,
			    mtpm_TPM2B_NAME *out)
{
	uint8_t buf[sizeof(mtpm_TPMT_PUBLIC) + 64];
	mtpm_cur c;

	mtpm_cur_init(&c, buf, sizeof(buf));
	mtpm_put_TPMT_PUBLIC(&c, pub);
	return name_of_cur(cr, pub->nameAlg, &c, out);
}

mtpm_rc mtpm_name_of_nv(const mtpm_crypto *cr, const mtpm_TPMS_NV_PUBLIC *pub,
			mtpm_TPM2B_NAME *out)
{
	uint8_t buf[sizeof(mtpm_TPMS_NV_PUBLIC) + 16];
	mtpm_cur c;

	mtpm_cur_init(&c, buf, sizeof(buf));
	mtpm_put_TPMS_NV_PUBLIC(&c, pub);
	return name_of_cur(cr, pub->nameAlg, &c, out);
}

/* Part 1 §16: a Name of an entity with a public area is nameAlg ||
 * digest. Its nameAlg, read through the cursor; 0 when it has none. */
uint16_t mtpm_name_alg(const mtpm_TPM2B_NAME *n)
{
	mtpm_cur c;
	uint16_t alg = 0;

	mtpm_cur_init_ro(&c, n->buffer, n->size < sizeof(n->buffer) ? n->size : sizeof(n->buffer));
	mtpm_get_u16(&c, &alg);
	return alg;
}
