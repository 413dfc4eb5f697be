/*
 * fuzz/fuzz_getters.c - every Part 2 getter of include/mtpm/marshal.h.
 *
 * Input: byte 0 picks the type (modulo the table size), the rest is its
 * wire form. A getter need not consume all its input: the round trip is
 * checked against the bytes it did consume.
 *
 * Oracle: the cursor is valid; on success the put of the same type gives
 * back exactly the consumed bytes; on failure the error is a local one,
 * the cursor did not move past the end and the whole output is zero.
 */
#include "fuzz.h"

typedef struct {
	const char *name;
	size_t size;
	void (*get)(mtpm_cur *c, void *v);
	void (*put)(mtpm_cur *c, const void *v);
} getter;

/* One adapter pair per type, so one table can drive them all. */
#define ADAPT(T)                                                       \
	static void get_##T(mtpm_cur *c, void *v) { mtpm_get_##T(c, v); } \
	static void put_##T(mtpm_cur *c, const void *v) { mtpm_put_##T(c, v); }
#define ROW(T) { #T, sizeof(mtpm_##T), get_##T, put_##T }

ADAPT(TPM2B_DIGEST)
ADAPT(TPM2B_DATA)
ADAPT(TPM2B_EVENT)
ADAPT(TPM2B_NAME)
ADAPT(TPM2B_MAX_BUFFER)
ADAPT(TPM2B_MAX_NV_BUFFER)
ADAPT(TPM2B_SENSITIVE_DATA)
ADAPT(TPM2B_PUBLIC_KEY_RSA)
ADAPT(TPM2B_ECC_PARAMETER)
ADAPT(TPM2B_ENCRYPTED_SECRET)
ADAPT(TPM2B_PRIVATE)
ADAPT(TPM2B_CONTEXT_DATA)
ADAPT(TPMT_HA)
ADAPT(TPMS_PCR_SELECTION)
ADAPT(TPML_PCR_SELECTION)
ADAPT(TPML_DIGEST)
ADAPT(TPML_DIGEST_VALUES)
ADAPT(TPMT_SYM_DEF)
ADAPT(TPMT_SYM_DEF_OBJECT)
ADAPT(TPMS_SENSITIVE_CREATE)
ADAPT(TPM2B_SENSITIVE_CREATE)
ADAPT(TPMS_ECC_POINT)
ADAPT(TPM2B_ECC_POINT)
ADAPT(TPMT_PUBLIC)
ADAPT(TPM2B_PUBLIC)
ADAPT(TPMS_CREATION_DATA)
ADAPT(TPM2B_CREATION_DATA)
ADAPT(TPMT_TK)
ADAPT(TPMT_SIGNATURE)
ADAPT(TPMS_AUTH_COMMAND)
ADAPT(TPMS_AUTH_RESPONSE)
ADAPT(TPMS_CONTEXT)
ADAPT(TPMS_NV_PUBLIC)
ADAPT(TPM2B_NV_PUBLIC)
ADAPT(TPMS_CAPABILITY_DATA)

/* Indexed by byte 0 of the input (fuzz.h, FUZZ_G_*). */
static const getter getters[FUZZ_G_COUNT] = {
	[FUZZ_G_TPM2B_DIGEST] = ROW(TPM2B_DIGEST),
	[FUZZ_G_TPM2B_DATA] = ROW(TPM2B_DATA),
	[FUZZ_G_TPM2B_EVENT] = ROW(TPM2B_EVENT),
	[FUZZ_G_TPM2B_NAME] = ROW(TPM2B_NAME),
	[FUZZ_G_TPM2B_MAX_BUFFER] = ROW(TPM2B_MAX_BUFFER),
	[FUZZ_G_TPM2B_MAX_NV_BUFFER] = ROW(TPM2B_MAX_NV_BUFFER),
	[FUZZ_G_TPM2B_SENSITIVE_DATA] = ROW(TPM2B_SENSITIVE_DATA),
	[FUZZ_G_TPM2B_PUBLIC_KEY_RSA] = ROW(TPM2B_PUBLIC_KEY_RSA),
	[FUZZ_G_TPM2B_ECC_PARAMETER] = ROW(TPM2B_ECC_PARAMETER),
	[FUZZ_G_TPM2B_ENCRYPTED_SECRET] = ROW(TPM2B_ENCRYPTED_SECRET),
	[FUZZ_G_TPM2B_PRIVATE] = ROW(TPM2B_PRIVATE),
	[FUZZ_G_TPM2B_CONTEXT_DATA] = ROW(TPM2B_CONTEXT_DATA),
	[FUZZ_G_TPMT_HA] = ROW(TPMT_HA),
	[FUZZ_G_TPMS_PCR_SELECTION] = ROW(TPMS_PCR_SELECTION),
	[FUZZ_G_TPML_PCR_SELECTION] = ROW(TPML_PCR_SELECTION),
	[FUZZ_G_TPML_DIGEST] = ROW(TPML_DIGEST),
	[FUZZ_G_TPML_DIGEST_VALUES] = ROW(TPML_DIGEST_VALUES),
	[FUZZ_G_TPMT_SYM_DEF] = ROW(TPMT_SYM_DEF),
	[FUZZ_G_TPMT_SYM_DEF_OBJECT] = ROW(TPMT_SYM_DEF_OBJECT),
	[FUZZ_G_TPMS_SENSITIVE_CREATE] = ROW(TPMS_SENSITIVE_CREATE),
	[FUZZ_G_TPM2B_SENSITIVE_CREATE] = ROW(TPM2B_SENSITIVE_CREATE),
	[FUZZ_G_TPMS_ECC_POINT] = ROW(TPMS_ECC_POINT),
	[FUZZ_G_TPM2B_ECC_POINT] = ROW(TPM2B_ECC_POINT),
	[FUZZ_G_TPMT_PUBLIC] = ROW(TPMT_PUBLIC),
	[FUZZ_G_TPM2B_PUBLIC] = ROW(TPM2B_PUBLIC),
	[FUZZ_G_TPMS_CREATION_DATA] = ROW(TPMS_CREATION_DATA),
	[FUZZ_G_TPM2B_CREATION_DATA] = ROW(TPM2B_CREATION_DATA),
	[FUZZ_G_TPMT_TK] = ROW(TPMT_TK),
	[FUZZ_G_TPMT_SIGNATURE] = ROW(TPMT_SIGNATURE),
	[FUZZ_G_TPMS_AUTH_COMMAND] = ROW(TPMS_AUTH_COMMAND),
	[FUZZ_G_TPMS_AUTH_RESPONSE] = ROW(TPMS_AUTH_RESPONSE),
	[FUZZ_G_TPMS_CONTEXT] = ROW(TPMS_CONTEXT),
	[FUZZ_G_TPMS_NV_PUBLIC] = ROW(TPMS_NV_PUBLIC),
	[FUZZ_G_TPM2B_NV_PUBLIC] = ROW(TPM2B_NV_PUBLIC),
	[FUZZ_G_TPMS_CAPABILITY_DATA] = ROW(TPMS_CAPABILITY_DATA),
};
#define NGETTERS FUZZ_G_COUNT

/* Big and aligned enough for any of them (checked below). */
static uint64_t out[8192 / sizeof(uint64_t)];
static uint8_t wbuf[FUZZ_OUT_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const getter *g;
	mtpm_cur c, w;

	if (size < 1)
		return 0;
	g = &getters[data[0] % NGETTERS];
	FUZZ_CHECK(g->size <= sizeof(out));
	memset(out, FUZZ_POISON, g->size);
	mtpm_cur_init_ro(&c, data + 1, size - 1);
	g->get(&c, out);
	FUZZ_CHECK(mtpm_cur_valid(&c));
	if (c.err != MTPM_OK) {
		FUZZ_CHECK(c.err == MTPM_E_MALFORMED);
		FUZZ_CHECK(fuzz_is_zero(out, g->size));
		return 0;
	}
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	g->put(&w, out);
	fuzz_check_same(&w, data + 1, c.pos);
	return 0;
}
