/*
 * mtpm/tpm.h - TPM 2.0 constants, as in TPM 2.0 Library Part 2.
 *
 * Only the values mtpm uses. Names keep the spec's spelling after an MTPM_
 * prefix so that this header can sit next to tpm2-tss's headers in one
 * program without clashing.
 */
#ifndef MTPM_TPM_H
#define MTPM_TPM_H

#include <stdint.h>

/* Part 2 §6.3 TPM_ALG_ID */
#define MTPM_ALG_ERROR      0x0000
#define MTPM_ALG_RSA        0x0001
#define MTPM_ALG_TDES       0x0003
#define MTPM_ALG_SHA1       0x0004
#define MTPM_ALG_HMAC       0x0005
#define MTPM_ALG_AES        0x0006
#define MTPM_ALG_MGF1       0x0007
#define MTPM_ALG_KEYEDHASH  0x0008
#define MTPM_ALG_XOR        0x000A
#define MTPM_ALG_SHA256     0x000B
#define MTPM_ALG_SHA384     0x000C
#define MTPM_ALG_SHA512     0x000D
#define MTPM_ALG_NULL       0x0010
#define MTPM_ALG_SM3_256    0x0012
#define MTPM_ALG_SM4        0x0013
#define MTPM_ALG_RSASSA     0x0014
#define MTPM_ALG_RSAES      0x0015
#define MTPM_ALG_RSAPSS     0x0016
#define MTPM_ALG_OAEP       0x0017
#define MTPM_ALG_ECDSA      0x0018
#define MTPM_ALG_ECDH       0x0019
#define MTPM_ALG_ECDAA      0x001A
#define MTPM_ALG_SM2        0x001B
#define MTPM_ALG_ECSCHNORR  0x001C
#define MTPM_ALG_ECMQV      0x001D
#define MTPM_ALG_KDF1_SP800_56A 0x0020
#define MTPM_ALG_KDF2       0x0021
#define MTPM_ALG_KDF1_SP800_108 0x0022
#define MTPM_ALG_ECC        0x0023
#define MTPM_ALG_SYMCIPHER  0x0025
#define MTPM_ALG_CAMELLIA   0x0026
#define MTPM_ALG_SHA3_256   0x0027
#define MTPM_ALG_SHA3_384   0x0028
#define MTPM_ALG_SHA3_512   0x0029
#define MTPM_ALG_CTR        0x0040
#define MTPM_ALG_OFB        0x0041
#define MTPM_ALG_CBC        0x0042
#define MTPM_ALG_CFB        0x0043
#define MTPM_ALG_ECB        0x0044

/* Part 2 §6.4 TPM_ECC_CURVE */
#define MTPM_ECC_NONE       0x0000
#define MTPM_ECC_NIST_P192  0x0001
#define MTPM_ECC_NIST_P224  0x0002
#define MTPM_ECC_NIST_P256  0x0003
#define MTPM_ECC_NIST_P384  0x0004
#define MTPM_ECC_NIST_P521  0x0005
#define MTPM_ECC_BN_P256    0x0010
#define MTPM_ECC_BN_P638    0x0011
#define MTPM_ECC_SM2_P256   0x0020

/* Part 2 §6.5 TPM_CC (the commands mtpm sends or decodes) */
#define MTPM_CC_NV_UndefineSpaceSpecial 0x0000011F
#define MTPM_CC_EvictControl        0x00000120
#define MTPM_CC_HierarchyControl    0x00000121
#define MTPM_CC_NV_UndefineSpace    0x00000122
#define MTPM_CC_ChangeEPS           0x00000124
#define MTPM_CC_ChangePPS           0x00000125
#define MTPM_CC_Clear               0x00000126
#define MTPM_CC_ClearControl        0x00000127
#define MTPM_CC_ClockSet            0x00000128
#define MTPM_CC_HierarchyChangeAuth 0x00000129
#define MTPM_CC_NV_DefineSpace      0x0000012A
#define MTPM_CC_PCR_Allocate        0x0000012B
#define MTPM_CC_PCR_SetAuthPolicy   0x0000012C
#define MTPM_CC_PP_Commands         0x0000012D
#define MTPM_CC_SetPrimaryPolicy    0x0000012E
#define MTPM_CC_FieldUpgradeStart   0x0000012F
#define MTPM_CC_ClockRateAdjust     0x00000130
#define MTPM_CC_CreatePrimary       0x00000131
#define MTPM_CC_NV_GlobalWriteLock  0x00000132
#define MTPM_CC_GetCommandAuditDigest 0x00000133
#define MTPM_CC_NV_Increment        0x00000134
#define MTPM_CC_NV_SetBits          0x00000135
#define MTPM_CC_NV_Extend           0x00000136
#define MTPM_CC_NV_Write            0x00000137
#define MTPM_CC_NV_WriteLock        0x00000138
#define MTPM_CC_DictionaryAttackLockReset 0x00000139
#define MTPM_CC_DictionaryAttackParameters 0x0000013A
#define MTPM_CC_NV_ChangeAuth       0x0000013B
#define MTPM_CC_PCR_Event           0x0000013C
#define MTPM_CC_PCR_Reset           0x0000013D
#define MTPM_CC_SequenceComplete    0x0000013E
#define MTPM_CC_SetAlgorithmSet     0x0000013F
#define MTPM_CC_SetCommandCodeAuditStatus 0x00000140
#define MTPM_CC_FieldUpgradeData    0x00000141
#define MTPM_CC_IncrementalSelfTest 0x00000142
#define MTPM_CC_SelfTest            0x00000143
#define MTPM_CC_Startup             0x00000144
#define MTPM_CC_Shutdown            0x00000145
#define MTPM_CC_StirRandom          0x00000146
#define MTPM_CC_ActivateCredential  0x00000147
#define MTPM_CC_Certify             0x00000148
#define MTPM_CC_PolicyNV            0x00000149
#define MTPM_CC_CertifyCreation     0x0000014A
#define MTPM_CC_Duplicate           0x0000014B
#define MTPM_CC_GetTime             0x0000014C
#define MTPM_CC_GetSessionAuditDigest 0x0000014D
#define MTPM_CC_NV_Read             0x0000014E
#define MTPM_CC_NV_ReadLock         0x0000014F
#define MTPM_CC_ObjectChangeAuth    0x00000150
#define MTPM_CC_PolicySecret        0x00000151
#define MTPM_CC_Rewrap              0x00000152
#define MTPM_CC_Create              0x00000153
#define MTPM_CC_ECDH_ZGen           0x00000154
#define MTPM_CC_HMAC                0x00000155
#define MTPM_CC_Import              0x00000156
#define MTPM_CC_Load                0x00000157
#define MTPM_CC_Quote               0x00000158
#define MTPM_CC_RSA_Decrypt         0x00000159
#define MTPM_CC_HMAC_Start          0x0000015B
#define MTPM_CC_SequenceUpdate      0x0000015C
#define MTPM_CC_Sign                0x0000015D
#define MTPM_CC_Unseal              0x0000015E
#define MTPM_CC_PolicySigned        0x00000160
#define MTPM_CC_ContextLoad         0x00000161
#define MTPM_CC_ContextSave         0x00000162
#define MTPM_CC_ECDH_KeyGen         0x00000163
#define MTPM_CC_EncryptDecrypt      0x00000164
#define MTPM_CC_FlushContext        0x00000165
#define MTPM_CC_LoadExternal        0x00000167
#define MTPM_CC_MakeCredential      0x00000168
#define MTPM_CC_NV_ReadPublic       0x00000169
#define MTPM_CC_PolicyAuthorize     0x0000016A
#define MTPM_CC_PolicyAuthValue     0x0000016B
#define MTPM_CC_PolicyCommandCode   0x0000016C
#define MTPM_CC_PolicyCounterTimer  0x0000016D
#define MTPM_CC_PolicyCpHash        0x0000016E
#define MTPM_CC_PolicyLocality      0x0000016F
#define MTPM_CC_PolicyNameHash      0x00000170
#define MTPM_CC_PolicyOR            0x00000171
#define MTPM_CC_PolicyTicket        0x00000172
#define MTPM_CC_ReadPublic          0x00000173
#define MTPM_CC_RSA_Encrypt         0x00000174
#define MTPM_CC_StartAuthSession    0x00000176
#define MTPM_CC_VerifySignature     0x00000177
#define MTPM_CC_ECC_Parameters      0x00000178
#define MTPM_CC_FirmwareRead        0x00000179
#define MTPM_CC_GetCapability       0x0000017A
#define MTPM_CC_GetRandom           0x0000017B
#define MTPM_CC_GetTestResult       0x0000017C
#define MTPM_CC_Hash                0x0000017D
#define MTPM_CC_PCR_Read            0x0000017E
#define MTPM_CC_PolicyPCR           0x0000017F
#define MTPM_CC_PolicyRestart       0x00000180
#define MTPM_CC_ReadClock           0x00000181
#define MTPM_CC_PCR_Extend          0x00000182
#define MTPM_CC_PCR_SetAuthValue    0x00000183
#define MTPM_CC_NV_Certify          0x00000184
#define MTPM_CC_EventSequenceComplete 0x00000185
#define MTPM_CC_HashSequenceStart   0x00000186
#define MTPM_CC_PolicyPhysicalPresence 0x00000187
#define MTPM_CC_PolicyDuplicationSelect 0x00000188
#define MTPM_CC_PolicyGetDigest     0x00000189
#define MTPM_CC_TestParms           0x0000018A
#define MTPM_CC_Commit              0x0000018B
#define MTPM_CC_PolicyPassword      0x0000018C
#define MTPM_CC_ZGen_2Phase         0x0000018D
#define MTPM_CC_EC_Ephemeral        0x0000018E
#define MTPM_CC_PolicyNvWritten     0x0000018F
#define MTPM_CC_PolicyTemplate      0x00000190
#define MTPM_CC_CreateLoaded        0x00000191
#define MTPM_CC_PolicyAuthorizeNV   0x00000192
#define MTPM_CC_EncryptDecrypt2     0x00000193

/* Part 2 §6.9 TPM_ST */
/* Every command and response starts with tag (u16), size (u32) and
 * commandCode / responseCode (u32): Part 1 §18.2. */
#define MTPM_HDR_LEN 10u

#define MTPM_ST_RSP_COMMAND         0x00C4
#define MTPM_ST_NULL                0x8000
#define MTPM_ST_NO_SESSIONS         0x8001
#define MTPM_ST_SESSIONS            0x8002
#define MTPM_ST_ATTEST_CREATION     0x801A
#define MTPM_ST_CREATION            0x8021
#define MTPM_ST_VERIFIED            0x8022
#define MTPM_ST_AUTH_SECRET         0x8023
#define MTPM_ST_HASHCHECK           0x8024
#define MTPM_ST_AUTH_SIGNED         0x8025

/* Part 2 §6.10 TPM_SU, §6.11 TPM_SE */
#define MTPM_SU_CLEAR               0x0000
#define MTPM_SU_STATE               0x0001
#define MTPM_SE_HMAC                0x00
#define MTPM_SE_POLICY              0x01
#define MTPM_SE_TRIAL               0x03

/* Part 2 §6.12 TPM_CAP */
#define MTPM_CAP_ALGS               0x00000000
#define MTPM_CAP_HANDLES            0x00000001
#define MTPM_CAP_COMMANDS           0x00000002
#define MTPM_CAP_PP_COMMANDS        0x00000003
#define MTPM_CAP_AUDIT_COMMANDS     0x00000004
#define MTPM_CAP_PCRS               0x00000005
#define MTPM_CAP_TPM_PROPERTIES     0x00000006
#define MTPM_CAP_PCR_PROPERTIES     0x00000007
#define MTPM_CAP_ECC_CURVES         0x00000008

/* Part 2 §6.13 TPM_PT (fixed group, PT_FIXED = 0x100) */
#define MTPM_PT_FIXED               0x00000100
#define MTPM_PT_FAMILY_INDICATOR    0x00000100
#define MTPM_PT_LEVEL               0x00000101
#define MTPM_PT_REVISION            0x00000102
#define MTPM_PT_DAY_OF_YEAR         0x00000103
#define MTPM_PT_YEAR                0x00000104
#define MTPM_PT_MANUFACTURER        0x00000105
#define MTPM_PT_VENDOR_STRING_1     0x00000106
#define MTPM_PT_VENDOR_STRING_2     0x00000107
#define MTPM_PT_VENDOR_STRING_3     0x00000108
#define MTPM_PT_VENDOR_STRING_4     0x00000109
#define MTPM_PT_FIRMWARE_VERSION_1  0x0000010B
#define MTPM_PT_FIRMWARE_VERSION_2  0x0000010C
#define MTPM_PT_INPUT_BUFFER        0x0000010D
#define MTPM_PT_HR_TRANSIENT_MIN    0x0000010E
#define MTPM_PT_HR_PERSISTENT_MIN   0x0000010F
#define MTPM_PT_PCR_COUNT           0x00000112
#define MTPM_PT_MAX_COMMAND_SIZE    0x0000011E
#define MTPM_PT_MAX_RESPONSE_SIZE   0x0000011F
#define MTPM_PT_MAX_DIGEST          0x00000120
#define MTPM_PT_NV_BUFFER_MAX       0x0000012C
#define MTPM_PT_VAR                 0x00000200
#define MTPM_PT_PERMANENT           0x00000200
#define MTPM_PT_LOCKOUT_COUNTER     0x0000020E
#define MTPM_PT_MAX_AUTH_FAIL       0x0000020F
#define MTPM_PT_LOCKOUT_INTERVAL    0x00000210
#define MTPM_PT_LOCKOUT_RECOVERY    0x00000211

/* Part 2 §7 handles */
#define MTPM_HT_PCR                 0x00
#define MTPM_HT_NV_INDEX            0x01
#define MTPM_HT_HMAC_SESSION        0x02
#define MTPM_HT_POLICY_SESSION      0x03
#define MTPM_HT_PERMANENT           0x40
#define MTPM_HT_TRANSIENT           0x80
#define MTPM_HT_PERSISTENT          0x81
/* The handle's type: its most significant octet (Part 2 §7.2). */
#define MTPM_HANDLE_TYPE(h)         ((uint32_t)(h) >> 24)

#define MTPM_RH_OWNER               0x40000001u
#define MTPM_RH_NULL                0x40000007u
#define MTPM_RS_PW                  0x40000009u
#define MTPM_RH_LOCKOUT             0x4000000Au
#define MTPM_RH_ENDORSEMENT         0x4000000Bu
#define MTPM_RH_PLATFORM            0x4000000Cu
#define MTPM_RH_PLATFORM_NV         0x4000000Du

/* Part 2 §8.3 TPMA_OBJECT */
#define MTPM_OA_FIXEDTPM             0x00000002u
#define MTPM_OA_STCLEAR              0x00000004u
#define MTPM_OA_FIXEDPARENT          0x00000010u
#define MTPM_OA_SENSITIVEDATAORIGIN  0x00000020u
#define MTPM_OA_USERWITHAUTH         0x00000040u
#define MTPM_OA_ADMINWITHPOLICY      0x00000080u
#define MTPM_OA_NODA                 0x00000400u
#define MTPM_OA_ENCRYPTEDDUPLICATION 0x00000800u
#define MTPM_OA_RESTRICTED           0x00010000u
#define MTPM_OA_DECRYPT              0x00020000u
#define MTPM_OA_SIGN_ENCRYPT         0x00040000u
#define MTPM_OA_RESERVED_MASK        0xFFF0F309u /* bits 0,3,8,9,12-15,20-31 */

/* Part 2 §8.4 TPMA_SESSION */
#define MTPM_SA_CONTINUESESSION     0x01
#define MTPM_SA_AUDITEXCLUSIVE      0x02
#define MTPM_SA_AUDITRESET          0x04
#define MTPM_SA_DECRYPT             0x20
#define MTPM_SA_ENCRYPT             0x40
#define MTPM_SA_AUDIT               0x80

/* Part 2 §13.4 TPMA_NV (the bits mtpm names) */
#define MTPM_NV_PPWRITE             0x00000001u
#define MTPM_NV_OWNERWRITE          0x00000002u
#define MTPM_NV_AUTHWRITE           0x00000004u
#define MTPM_NV_POLICYWRITE         0x00000008u
#define MTPM_NV_POLICY_DELETE       0x00000400u
#define MTPM_NV_WRITELOCKED         0x00000800u
#define MTPM_NV_WRITEALL            0x00001000u
#define MTPM_NV_WRITEDEFINE         0x00002000u
#define MTPM_NV_WRITE_STCLEAR       0x00004000u
#define MTPM_NV_GLOBALLOCK          0x00008000u
#define MTPM_NV_PPREAD              0x00010000u
#define MTPM_NV_OWNERREAD           0x00020000u
#define MTPM_NV_AUTHREAD            0x00040000u
#define MTPM_NV_POLICYREAD          0x00080000u
#define MTPM_NV_NO_DA               0x02000000u
#define MTPM_NV_ORDERLY             0x04000000u
#define MTPM_NV_CLEAR_STCLEAR       0x08000000u
#define MTPM_NV_READLOCKED          0x10000000u
#define MTPM_NV_WRITTEN             0x20000000u
#define MTPM_NV_PLATFORMCREATE      0x40000000u
#define MTPM_NV_READ_STCLEAR        0x80000000u
#define MTPM_NV_TPM_NT_SHIFT        4
#define MTPM_NV_TPM_NT_MASK         0x000000F0u

/* Part 2 §6.6 TPM_RC values mtpm acts on */
#define MTPM_RC_VER1                0x100
#define MTPM_RC_FMT1                0x080
#define MTPM_RC_WARN                0x900
#define MTPM_RC_INITIALIZE          0x100
#define MTPM_RC_FAILURE             0x101
#define MTPM_RC_AUTH_MISSING        0x125
#define MTPM_RC_POLICY              0x126
#define MTPM_RC_PCR_CHANGED         0x128 /* spec: TPM_RC_PCR_CHANGED (0x028 + VER1) */
#define MTPM_RC_NV_UNINITIALIZED    0x14A
#define MTPM_RC_NV_DEFINED          0x14C
#define MTPM_RC_VALUE               0x084
#define MTPM_RC_HANDLE              0x08B
#define MTPM_RC_SIZE                0x095
#define MTPM_RC_KEY                 0x09C
#define MTPM_RC_ECC_POINT           0x0A7
#define MTPM_RC_AUTH_FAIL           0x08E
#define MTPM_RC_BAD_AUTH            0x0A2
#define MTPM_RC_POLICY_FAIL         0x09D
#define MTPM_RC_INTEGRITY           0x09F
#define MTPM_RC_CONTEXT_GAP         0x901
#define MTPM_RC_OBJECT_MEMORY       0x902
#define MTPM_RC_SESSION_MEMORY      0x903
#define MTPM_RC_MEMORY              0x904
#define MTPM_RC_SESSION_HANDLES     0x905
#define MTPM_RC_OBJECT_HANDLES      0x906
#define MTPM_RC_LOCALITY            0x907
#define MTPM_RC_YIELDED             0x908
#define MTPM_RC_CANCELED            0x909
#define MTPM_RC_TESTING             0x90A
#define MTPM_RC_LOCKOUT             0x921
#define MTPM_RC_RETRY               0x922
#define MTPM_RC_NV_UNAVAILABLE      0x923

/* Sizes (the maxima mtpm accepts on the wire; Part 2 §10 and libtpms' own) */
#define MTPM_MAX_DIGEST             64    /* SHA-512 */
#define MTPM_MAX_SYM_DATA           128   /* TPM2B_SENSITIVE_DATA */
#define MTPM_MAX_RSA_BYTES          512   /* RSA-4096 modulus */
#define MTPM_MAX_ECC_BYTES          66    /* P-521 coordinate */
#define MTPM_MAX_SYM_KEY_BYTES      32
#define MTPM_MAX_NAME               (2 + MTPM_MAX_DIGEST)
#define MTPM_MAX_PRIVATE            1024  /* TPM2B_PRIVATE */
#define MTPM_MAX_BUFFER             1024  /* TPM2B_MAX_BUFFER */
#define MTPM_MAX_NV_BUFFER          2048  /* TPM2B_MAX_NV_BUFFER */
#define MTPM_MAX_CONTEXT            2688  /* TPM2B_CONTEXT_DATA (libtpms MAX_CONTEXT_SIZE 2680) */
#define MTPM_MAX_POLICY_OR          8     /* TPML_DIGEST in PolicyOR */
#define MTPM_MAX_DIGESTS            8     /* TPML_DIGEST */
#define MTPM_MAX_BANKS              8     /* TPML_PCR_SELECTION, TPML_DIGEST_VALUES */
#define MTPM_PCR_SELECT_MAX         4     /* 32 PCRs */
#define MTPM_MAX_CAP_DATA           1016  /* MAX_CAP_BUFFER 1024 - capability - count */
#define MTPM_MAX_CAP_HANDLES        (MTPM_MAX_CAP_DATA / 4)
#define MTPM_MAX_CAP_CC             (MTPM_MAX_CAP_DATA / 4)
#define MTPM_MAX_CAP_ALGS           (MTPM_MAX_CAP_DATA / 6)
#define MTPM_MAX_TPM_PROPERTIES     (MTPM_MAX_CAP_DATA / 8)

#endif
