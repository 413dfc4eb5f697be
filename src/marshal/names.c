/*
 * names.c - the Part 2 names of constants and attribute bits
 * (include/mtpm/names.h), as the CLI's decoder shows them.
 *
 * One case label per constant, spelled as Part 2 spells it: NM(ALG_SHA256)
 * is `case MTPM_ALG_SHA256: return "TPM_ALG_SHA256";`, so the name and the
 * value come from the same tpm.h constant and cannot drift apart. Nothing
 * is computed from the value looked up: every lookup is a bounded switch
 * with a default, safe for a value straight off the wire.
 *
 * Compiled out under MTPM_TABLE_LEAN with mtpm_cc_name (src/cmds/table.c):
 * the static initramfs build prints no names.
 */
#include <stddef.h>
#include "mtpm/names.h"
#include "mtpm/tpm.h"

#ifndef MTPM_TABLE_LEAN

#define NM(x) case MTPM_##x: return "TPM_" #x;

const char *mtpm_const_name(enum mtpm_const_kind k, uint32_t v)
{
	switch (k) {
	case MTPM_CONST_ALG:            /* Part 2 §6.3 TPM_ALG_ID */
		switch (v) {
		NM(ALG_ERROR) NM(ALG_RSA) NM(ALG_TDES) NM(ALG_SHA1) NM(ALG_HMAC) NM(ALG_AES)
		NM(ALG_MGF1) NM(ALG_KEYEDHASH) NM(ALG_XOR) NM(ALG_SHA256) NM(ALG_SHA384)
		NM(ALG_SHA512) NM(ALG_NULL) NM(ALG_SM3_256) NM(ALG_SM4) NM(ALG_RSASSA)
		NM(ALG_RSAES) NM(ALG_RSAPSS) NM(ALG_OAEP) NM(ALG_ECDSA) NM(ALG_ECDH)
		NM(ALG_ECDAA) NM(ALG_SM2) NM(ALG_ECSCHNORR) NM(ALG_ECMQV)
		NM(ALG_KDF1_SP800_56A) NM(ALG_KDF2) NM(ALG_KDF1_SP800_108) NM(ALG_ECC)
		NM(ALG_SYMCIPHER) NM(ALG_CAMELLIA) NM(ALG_SHA3_256) NM(ALG_SHA3_384)
		NM(ALG_SHA3_512) NM(ALG_CTR) NM(ALG_OFB) NM(ALG_CBC) NM(ALG_CFB) NM(ALG_ECB)
		default: return NULL;
		}
	case MTPM_CONST_ECC_CURVE:      /* Part 2 §6.4 TPM_ECC_CURVE */
		switch (v) {
		NM(ECC_NONE) NM(ECC_NIST_P192) NM(ECC_NIST_P224) NM(ECC_NIST_P256)
		NM(ECC_NIST_P384) NM(ECC_NIST_P521) NM(ECC_BN_P256) NM(ECC_BN_P638)
		NM(ECC_SM2_P256)
		default: return NULL;
		}
	case MTPM_CONST_ST:             /* Part 2 §6.9 TPM_ST */
		switch (v) {
		NM(ST_RSP_COMMAND) NM(ST_NULL) NM(ST_NO_SESSIONS) NM(ST_SESSIONS)
		NM(ST_ATTEST_CREATION) NM(ST_CREATION) NM(ST_VERIFIED) NM(ST_AUTH_SECRET)
		NM(ST_HASHCHECK) NM(ST_AUTH_SIGNED)
		default: return NULL;
		}
	case MTPM_CONST_SU:             /* Part 2 §6.10 TPM_SU */
		switch (v) {
		NM(SU_CLEAR) NM(SU_STATE)
		default: return NULL;
		}
	case MTPM_CONST_SE:             /* Part 2 §6.11 TPM_SE */
		switch (v) {
		NM(SE_HMAC) NM(SE_POLICY) NM(SE_TRIAL)
		default: return NULL;
		}
	case MTPM_CONST_CAP:            /* Part 2 §6.12 TPM_CAP */
		switch (v) {
		NM(CAP_ALGS) NM(CAP_HANDLES) NM(CAP_COMMANDS) NM(CAP_PP_COMMANDS)
		NM(CAP_AUDIT_COMMANDS) NM(CAP_PCRS) NM(CAP_TPM_PROPERTIES)
		NM(CAP_PCR_PROPERTIES) NM(CAP_ECC_CURVES)
		default: return NULL;
		}
	case MTPM_CONST_PERMANENT:      /* Part 2 §7.4 TPM_RH */
		switch (v) {
		NM(RH_OWNER) NM(RH_NULL) NM(RS_PW) NM(RH_LOCKOUT) NM(RH_ENDORSEMENT)
		NM(RH_PLATFORM) NM(RH_PLATFORM_NV)
		default: return NULL;
		}
	default:
		return NULL;
	}
}
#undef NM

#define AT(x, name) case x: return name;

const char *mtpm_attr_name(enum mtpm_attr_kind k, uint32_t bit)
{
	switch (k) {
	case MTPM_ATTR_OBJECT:          /* Part 2 §8.3 TPMA_OBJECT */
		switch (bit) {
		AT(MTPM_OA_FIXEDTPM, "fixedTPM") AT(MTPM_OA_STCLEAR, "stClear")
		AT(MTPM_OA_FIXEDPARENT, "fixedParent")
		AT(MTPM_OA_SENSITIVEDATAORIGIN, "sensitiveDataOrigin")
		AT(MTPM_OA_USERWITHAUTH, "userWithAuth")
		AT(MTPM_OA_ADMINWITHPOLICY, "adminWithPolicy") AT(MTPM_OA_NODA, "noDA")
		AT(MTPM_OA_ENCRYPTEDDUPLICATION, "encryptedDuplication")
		AT(MTPM_OA_RESTRICTED, "restricted") AT(MTPM_OA_DECRYPT, "decrypt")
		AT(MTPM_OA_SIGN_ENCRYPT, "sign")
		default: return NULL;
		}
	case MTPM_ATTR_SESSION:         /* Part 2 §8.4 TPMA_SESSION */
		switch (bit) {
		AT(MTPM_SA_CONTINUESESSION, "continueSession")
		AT(MTPM_SA_AUDITEXCLUSIVE, "auditExclusive") AT(MTPM_SA_AUDITRESET, "auditReset")
		AT(MTPM_SA_DECRYPT, "decrypt") AT(MTPM_SA_ENCRYPT, "encrypt")
		AT(MTPM_SA_AUDIT, "audit")
		default: return NULL;
		}
	case MTPM_ATTR_NV:              /* Part 2 §13.4 TPMA_NV */
		switch (bit) {
		AT(MTPM_NV_PPWRITE, "PPWRITE") AT(MTPM_NV_OWNERWRITE, "OWNERWRITE")
		AT(MTPM_NV_AUTHWRITE, "AUTHWRITE") AT(MTPM_NV_POLICYWRITE, "POLICYWRITE")
		AT(MTPM_NV_POLICY_DELETE, "POLICY_DELETE") AT(MTPM_NV_WRITELOCKED, "WRITELOCKED")
		AT(MTPM_NV_WRITEALL, "WRITEALL") AT(MTPM_NV_WRITEDEFINE, "WRITEDEFINE")
		AT(MTPM_NV_WRITE_STCLEAR, "WRITE_STCLEAR") AT(MTPM_NV_GLOBALLOCK, "GLOBALLOCK")
		AT(MTPM_NV_PPREAD, "PPREAD") AT(MTPM_NV_OWNERREAD, "OWNERREAD")
		AT(MTPM_NV_AUTHREAD, "AUTHREAD") AT(MTPM_NV_POLICYREAD, "POLICYREAD")
		AT(MTPM_NV_NO_DA, "NO_DA") AT(MTPM_NV_ORDERLY, "ORDERLY")
		AT(MTPM_NV_CLEAR_STCLEAR, "CLEAR_STCLEAR") AT(MTPM_NV_READLOCKED, "READLOCKED")
		AT(MTPM_NV_WRITTEN, "WRITTEN") AT(MTPM_NV_PLATFORMCREATE, "PLATFORMCREATE")
		AT(MTPM_NV_READ_STCLEAR, "READ_STCLEAR")
		default: return NULL;
		}
	default:
		return NULL;
	}
}
#undef AT

#endif /* MTPM_TABLE_LEAN */
