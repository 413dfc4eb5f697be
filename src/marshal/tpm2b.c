/*
 * tpm2b.c - the plain sized buffers of TPM 2.0 Library Part 2 (rev 01.59):
 * a u16 size followed by that many bytes (Part 2 §10.4.1).
 *
 * Invariants:
 *   - get: a size larger than mtpm's buffer for that type is
 *     MTPM_E_MALFORMED before any byte is copied (mtpm_get_tpm2b checks
 *     it); the bytes past size are zero; on failure size and buffer are 0.
 *   - put: a size larger than the buffer is MTPM_E_USAGE.
 *
 * Each pair is a single field on the wire, so each function is one line
 * around the cursor primitive. Nested sized structures (TPM2B_PUBLIC, ...)
 * live with their structure, not here.
 */
#include "marshal_int.h"

/* One put/get pair per type; the body is the same for all of them and is
 * spelled out rather than generated so a debugger can step into it. */

/* Part 2 §10.4.2 TPM2B_DIGEST */
void mtpm_put_TPM2B_DIGEST(mtpm_cur *c, const mtpm_TPM2B_DIGEST *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_DIGEST(mtpm_cur *c, mtpm_TPM2B_DIGEST *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §10.4.3 TPM2B_DATA */
void mtpm_put_TPM2B_DATA(mtpm_cur *c, const mtpm_TPM2B_DATA *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_DATA(mtpm_cur *c, mtpm_TPM2B_DATA *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §10.4.7 TPM2B_EVENT */
void mtpm_put_TPM2B_EVENT(mtpm_cur *c, const mtpm_TPM2B_EVENT *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_EVENT(mtpm_cur *c, mtpm_TPM2B_EVENT *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §10.4.8 TPM2B_MAX_BUFFER */
void mtpm_put_TPM2B_MAX_BUFFER(mtpm_cur *c, const mtpm_TPM2B_MAX_BUFFER *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_MAX_BUFFER(mtpm_cur *c, mtpm_TPM2B_MAX_BUFFER *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §10.4.9 TPM2B_MAX_NV_BUFFER */
void mtpm_put_TPM2B_MAX_NV_BUFFER(mtpm_cur *c, const mtpm_TPM2B_MAX_NV_BUFFER *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_MAX_NV_BUFFER(mtpm_cur *c, mtpm_TPM2B_MAX_NV_BUFFER *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §10.5.3 TPM2B_NAME (a handle or nameAlg || digest; not parsed
 * further here: the Name is compared as bytes) */
void mtpm_put_TPM2B_NAME(mtpm_cur *c, const mtpm_TPM2B_NAME *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_NAME(mtpm_cur *c, mtpm_TPM2B_NAME *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §11.1.14 TPM2B_SENSITIVE_DATA */
void mtpm_put_TPM2B_SENSITIVE_DATA(mtpm_cur *c, const mtpm_TPM2B_SENSITIVE_DATA *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_SENSITIVE_DATA(mtpm_cur *c, mtpm_TPM2B_SENSITIVE_DATA *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §11.2.4.5 TPM2B_PUBLIC_KEY_RSA */
void mtpm_put_TPM2B_PUBLIC_KEY_RSA(mtpm_cur *c, const mtpm_TPM2B_PUBLIC_KEY_RSA *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_PUBLIC_KEY_RSA(mtpm_cur *c, mtpm_TPM2B_PUBLIC_KEY_RSA *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §11.2.5.1 TPM2B_ECC_PARAMETER */
void mtpm_put_TPM2B_ECC_PARAMETER(mtpm_cur *c, const mtpm_TPM2B_ECC_PARAMETER *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_ECC_PARAMETER(mtpm_cur *c, mtpm_TPM2B_ECC_PARAMETER *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §11.4.33 TPM2B_ENCRYPTED_SECRET */
void mtpm_put_TPM2B_ENCRYPTED_SECRET(mtpm_cur *c, const mtpm_TPM2B_ENCRYPTED_SECRET *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_ENCRYPTED_SECRET(mtpm_cur *c, mtpm_TPM2B_ENCRYPTED_SECRET *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §12.3.7 TPM2B_PRIVATE (opaque to the host: integrity HMAC plus
 * encrypted sensitive area, only the TPM can read it) */
void mtpm_put_TPM2B_PRIVATE(mtpm_cur *c, const mtpm_TPM2B_PRIVATE *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_PRIVATE(mtpm_cur *c, mtpm_TPM2B_PRIVATE *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}

/* Part 2 §14.4 TPM2B_CONTEXT_DATA (opaque: the TPM's protected context) */
void mtpm_put_TPM2B_CONTEXT_DATA(mtpm_cur *c, const mtpm_TPM2B_CONTEXT_DATA *v)
{
	mtpm_marshal_put_2b(c, v->size, v->buffer, sizeof v->buffer);
}

void mtpm_get_TPM2B_CONTEXT_DATA(mtpm_cur *c, mtpm_TPM2B_CONTEXT_DATA *v)
{
	mtpm_get_tpm2b(c, &v->size, v->buffer, sizeof v->buffer);
}
