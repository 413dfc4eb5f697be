/*
 * test_cphash.c - known answers for cpHash and rpHash (Part 1 §18.7,
 * §18.8), the digests every session HMAC covers, from an independent
 * implementation: tpm2-tools' --cphash / --rphash options.
 *
 * Provenance (2026-11-28, swtpm 0.7.1 / libtpms 0.9.2, tpm2-tools 5.4 on
 * tpm2-tss 3.2.1, TPM2TOOLS_TCTI=swtpm:...):
 *   tpm2_createprimary -C o -c p.ctx
 *   echo -n cphash-kat-secret | tpm2_create -C p.ctx -i - -u o.pub -r o.priv
 *   tpm2_load -C p.ctx -u o.pub -r o.priv -c o.ctx
 *   tpm2_evictcontrol -C o -c o.ctx 0x81000010
 *   tpm2_readpublic -c 0x81000010 -n n.bin                 -> UNSEAL_NAME
 *   tpm2_unseal -c 0x81000010 --cphash cp.bin              -> UNSEAL_CP
 *   tpm2_unseal -c 0x81000010 --rphash rp.bin -o out.bin   -> UNSEAL_RP
 *   tpm2_nvdefine 0x01000010 -C o -s 16 -a "ownerread|ownerwrite"
 *   tpm2_nvreadpublic 0x01000010 (name:)                   -> NV_NAME
 *   printf nv-kat-0123 >d
 *   tpm2_nvwrite 0x01000010 -C o -i d --offset 3 --cphash cp2.bin -> NVWRITE_CP
 * (the files hold a TPM2B: 0x0020 then the digest; the digest is below.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <mtpm/mtpm.h>

static const uint8_t UNSEAL_NAME[34] = {
	0x00, 0x0b, 0xe1, 0x76, 0xc6, 0x60, 0xb5, 0x3c, 0x83, 0xb6, 0x66, 0x49,
	0x2e, 0xfc, 0x32, 0x8c, 0x44, 0x86, 0xe0, 0x95, 0x52, 0x6d, 0xf7, 0xd1,
	0xd9, 0xda, 0x69, 0x48, 0xa0, 0xe1, 0x86, 0x49, 0xed, 0x46 };
static const uint8_t UNSEAL_CP[32] = {
	0x25, 0xfd, 0x0e, 0xeb, 0x8b, 0x60, 0x0a, 0x6c, 0x2f, 0x0d, 0xbe, 0xf4,
	0x8d, 0xce, 0x9b, 0xdf, 0x11, 0x37, 0xdb, 0x39, 0x39, 0x64, 0x09, 0xe3,
	0x86, 0x2e, 0x3a, 0xb3, 0xf5, 0x4d, 0x80, 0xc2 };
static const uint8_t UNSEAL_RP[32] = {
	0xb5, 0xc1, 0xd8, 0xf2, 0x3d, 0x0e, 0xf1, 0xab, 0x4d, 0x14, 0xa8, 0xc1,
	0xe5, 0xe4, 0x57, 0x59, 0xd6, 0x91, 0xcd, 0x0d, 0x5d, 0x60, 0xdf, 0x8b,
	0x46, 0x0c, 0x13, 0x72, 0xe4, 0x7b, 0xe7, 0x81 };
static const char SECRET[] = "cphash-kat-secret";
static const uint8_t NV_NAME[34] = {
	0x00, 0x0b, 0xa5, 0xfc, 0xb7, 0x58, 0x32, 0x2e, 0x3a, 0x31, 0x80, 0x79,
	0xa6, 0x37, 0x8d, 0x2c, 0x85, 0xbc, 0x1f, 0xda, 0xca, 0x4c, 0x12, 0x9b,
	0xf5, 0x89, 0x04, 0x4f, 0xab, 0x6c, 0x2a, 0x75, 0xbc, 0xed };
static const uint8_t NVWRITE_CP[32] = {
	0xb2, 0x9e, 0xf6, 0xbe, 0xf9, 0x71, 0xb6, 0x81, 0x7c, 0x07, 0x86, 0xab,
	0x32, 0x3d, 0xb0, 0xa3, 0xf4, 0xd0, 0xc8, 0xa3, 0xd3, 0x5f, 0xde, 0xf8,
	0x9b, 0xa0, 0x4a, 0xb9, 0x81, 0x82, 0xb2, 0x90 };

static mtpm_ctx ctx;

static void name_of(mtpm_TPM2B_NAME *n, const uint8_t *b, size_t len)
{
	memset(n, 0, sizeof(*n));
	n->size = (uint16_t)len;
	memcpy(n->buffer, b, len);
}

/* TPM2_Unseal(itemHandle): no parameters, one Name. */
static void test_unseal_cphash(void **state)
{
	mtpm_TPM2B_NAME n;
	mtpm_cmd cmd;
	uint8_t d[32];

	(void)state;
	name_of(&n, UNSEAL_NAME, sizeof(UNSEAL_NAME));
	mtpm_cmd_begin(&cmd, &ctx, &mtpm_cmd_Unseal);
	mtpm_cmd_handle(&cmd, 0x81000010, &n);
	mtpm_cmd_auths(&cmd, NULL);
	(void)mtpm_cmd_params(&cmd);
	assert_int_equal(cmd.w.err, MTPM_OK);
	assert_int_equal(mtpm_cp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_OK);
	assert_memory_equal(d, UNSEAL_CP, 32);
	/* A different Name gives a different cpHash: the test can fail. */
	n.buffer[5] ^= 1;
	assert_int_equal(mtpm_cp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_OK);
	assert_memory_not_equal(d, UNSEAL_CP, 32);
	mtpm_rc_ignore(mtpm_cmd_end(&cmd, MTPM_OK));
}

/* TPM2_NV_Write(@authHandle = owner, nvIndex; data, offset): two Names,
 * the owner's being its handle, and parameters. */
static void test_nvwrite_cphash(void **state)
{
	mtpm_TPM2B_NAME n;
	mtpm_TPM2B_MAX_NV_BUFFER data;
	mtpm_cmd cmd;
	mtpm_cur *p;
	uint8_t d[32];

	(void)state;
	name_of(&n, NV_NAME, sizeof(NV_NAME));
	memset(&data, 0, sizeof(data));
	data.size = 11;
	memcpy(data.buffer, "nv-kat-0123", 11);
	mtpm_cmd_begin(&cmd, &ctx, &mtpm_cmd_NV_Write);
	mtpm_cmd_handle(&cmd, MTPM_RH_OWNER, NULL);
	mtpm_cmd_handle(&cmd, 0x01000010, &n);
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_MAX_NV_BUFFER(p, &data);
	mtpm_put_u16(p, 3);
	assert_int_equal(cmd.w.err, MTPM_OK);
	assert_int_equal(mtpm_cp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_OK);
	assert_memory_equal(d, NVWRITE_CP, 32);
	mtpm_rc_ignore(mtpm_cmd_end(&cmd, MTPM_OK));
}

/* rpHash of Unseal's response: outData as a TPM2B. */
static void test_unseal_rphash(void **state)
{
	uint8_t params[2 + sizeof(SECRET) - 1];
	mtpm_cmd cmd;
	uint8_t d[32];

	(void)state;
	params[0] = 0;
	params[1] = (uint8_t)(sizeof(SECRET) - 1);
	memcpy(params + 2, SECRET, sizeof(SECRET) - 1);
	mtpm_cmd_begin(&cmd, &ctx, &mtpm_cmd_Unseal);
	cmd.rparams = params;
	cmd.rparams_len = sizeof(params);
	assert_int_equal(mtpm_rp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_OK);
	assert_memory_equal(d, UNSEAL_RP, 32);
	params[5] ^= 1;
	assert_int_equal(mtpm_rp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_OK);
	assert_memory_not_equal(d, UNSEAL_RP, 32);
	mtpm_rc_ignore(mtpm_cmd_end(&cmd, MTPM_OK));
}

/* A transient/persistent handle without its Name cannot be hashed: the
 * engine refuses rather than guess. */
static void test_missing_name(void **state)
{
	mtpm_cmd cmd;
	uint8_t d[32];

	(void)state;
	mtpm_cmd_begin(&cmd, &ctx, &mtpm_cmd_Unseal);
	mtpm_cmd_handle(&cmd, 0x81000010, NULL);
	mtpm_cmd_auths(&cmd, NULL);
	(void)mtpm_cmd_params(&cmd);
	assert_int_equal(mtpm_cp_hash(&cmd, MTPM_ALG_SHA256, d), MTPM_E_USAGE);
	mtpm_rc_ignore(mtpm_cmd_end(&cmd, MTPM_OK));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unseal_cphash),
		cmocka_unit_test(test_nvwrite_cphash),
		cmocka_unit_test(test_unseal_rphash),
		cmocka_unit_test(test_missing_name),
	};
	mtpm_ctx_init(&ctx, NULL, mtpm_crypto_bearssl());
	return cmocka_run_group_tests(tests, NULL, NULL);
}
