/*
 * table.c - one row per TPM command mtpm sends (include/mtpm/table.h).
 *
 * Each row transcribes the command's Part 3 tables ("Command" and
 * "Response"): TPM 2.0 Library Specification, Part 3: Commands, rev 01.59,
 * at the section the row names. Handle roles are Part 3's "Auth Role";
 * parameter types are Part 2's as Part 3 writes them ("+" where the
 * type may take its NULL value). A secret flag marks a parameter whose
 * bytes a trace must not show.
 *
 * The builders in src/cmds start from their row (mtpm_cmd_begin), so a
 * row that disagrees with its builder fails at once in every test that
 * sends the command; tests/integration/it_cmds.c compares every row with
 * the TPM's own TPM_CAP_COMMANDS attributes (cHandles, rHandle), and
 * tests/unit/test_pipeline.c checks the rows' internal consistency.
 */
#include "mtpm/table.h"
#include "mtpm/tpm.h"

/* A row's descriptive half (names, sections, handle and parameter
 * descriptions) is compiled only without MTPM_TABLE_LEAN. */
#ifdef MTPM_TABLE_LEAN
#define DESCRIBE(...)
#else
#define DESCRIBE(...) __VA_ARGS__
#endif
#define PARAMS(...) ((const mtpm_param_desc[]){ __VA_ARGS__, { NULL, NULL, MTPM_K_END, 0 } })
#define NONE NULL
#define H(n, t) { n, t }
#define P(n, t, k) { n, t, MTPM_K_##k, 0 }
#define SECRET(n, t, k) { n, t, MTPM_K_##k, 1 }

/* Response parameters Create and CreatePrimary share (Part 3 §12.1,
 * §24.1). */
#define CREATE_RSP_TAIL \
	P("outPublic", "TPM2B_PUBLIC", PUBLIC), \
	P("creationData", "TPM2B_CREATION_DATA", CREATION_DATA), \
	P("creationHash", "TPM2B_DIGEST", DIGEST), \
	P("creationTicket", "TPMT_TK_CREATION", TK)

/* Part 3 §28.5 TPM2_EvictControl */
const mtpm_cmd_desc mtpm_cmd_EvictControl = {
	.cc = MTPM_CC_EvictControl,
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "EvictControl", .section = "28.5",
	.h = { H("auth", "TPMI_RH_PROVISION"), H("objectHandle", "TPMI_DH_OBJECT") },
	.p = PARAMS(
		P("persistentHandle", "TPMI_DH_PERSISTENT", HANDLE)),
	.rp = NONE,
	)
};

/* Part 3 §31.4 TPM2_NV_UndefineSpace */
const mtpm_cmd_desc mtpm_cmd_NV_UndefineSpace = {
	.cc = MTPM_CC_NV_UndefineSpace,
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "NV_UndefineSpace", .section = "31.4",
	.h = { H("authHandle", "TPMI_RH_PROVISION"), H("nvIndex", "TPMI_RH_NV_INDEX") },
	.p = NONE,
	.rp = NONE,
	)
};

/* Part 3 §24.8 TPM2_HierarchyChangeAuth */
const mtpm_cmd_desc mtpm_cmd_HierarchyChangeAuth = {
	.cc = MTPM_CC_HierarchyChangeAuth,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "HierarchyChangeAuth", .section = "24.8",
	.h = { H("authHandle", "TPMI_RH_HIERARCHY_AUTH") },
	.p = PARAMS(
		SECRET("newAuth", "TPM2B_AUTH", DIGEST)),
	.rp = NONE,
	)
};

/* Part 3 §31.3 TPM2_NV_DefineSpace */
const mtpm_cmd_desc mtpm_cmd_NV_DefineSpace = {
	.cc = MTPM_CC_NV_DefineSpace,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "NV_DefineSpace", .section = "31.3",
	.h = { H("authHandle", "TPMI_RH_PROVISION") },
	.p = PARAMS(
		SECRET("auth", "TPM2B_AUTH", DIGEST),
		P("publicInfo", "TPM2B_NV_PUBLIC", NV_PUBLIC)),
	.rp = NONE,
	)
};

/* Part 3 §24.1 TPM2_CreatePrimary */
const mtpm_cmd_desc mtpm_cmd_CreatePrimary = {
	.cc = MTPM_CC_CreatePrimary,
	.nh = 1, .nauth = 1, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "CreatePrimary", .section = "24.1",
	.h = { H("primaryHandle", "TPMI_RH_HIERARCHY+") },
	.rh = H("objectHandle", "TPM_HANDLE"),
	.p = PARAMS(
		SECRET("inSensitive", "TPM2B_SENSITIVE_CREATE", SENS_CREATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("outsideInfo", "TPM2B_DATA", DATA),
		P("creationPCR", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		CREATE_RSP_TAIL,
		P("name", "TPM2B_NAME", NAME)),
	)
};

/* Part 3 §31.7 TPM2_NV_Write */
const mtpm_cmd_desc mtpm_cmd_NV_Write = {
	.cc = MTPM_CC_NV_Write,
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "NV_Write", .section = "31.7",
	.h = { H("authHandle", "TPMI_RH_NV_AUTH"), H("nvIndex", "TPMI_RH_NV_INDEX") },
	.p = PARAMS(
		SECRET("data", "TPM2B_MAX_NV_BUFFER", MAX_NV),
		P("offset", "UINT16", U16)),
	.rp = NONE,
	)
};

/* Part 3 §25.2 TPM2_DictionaryAttackLockReset */
const mtpm_cmd_desc mtpm_cmd_DictionaryAttackLockReset = {
	.cc = MTPM_CC_DictionaryAttackLockReset,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "DictionaryAttackLockReset", .section = "25.2",
	.h = { H("lockHandle", "TPMI_RH_LOCKOUT") },
	.p = NONE,
	.rp = NONE,
	)
};

/* Part 3 §10.2 TPM2_SelfTest */
const mtpm_cmd_desc mtpm_cmd_SelfTest = {
	.cc = MTPM_CC_SelfTest,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "SelfTest", .section = "10.2",
	.p = PARAMS(
		P("fullTest", "TPMI_YES_NO", YESNO)),
	.rp = NONE,
	)
};

/* Part 3 §9.3 TPM2_Startup */
const mtpm_cmd_desc mtpm_cmd_Startup = {
	.cc = MTPM_CC_Startup,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "Startup", .section = "9.3",
	.p = PARAMS(
		P("startupType", "TPM_SU", SU)),
	.rp = NONE,
	)
};

/* Part 3 §9.4 TPM2_Shutdown */
const mtpm_cmd_desc mtpm_cmd_Shutdown = {
	.cc = MTPM_CC_Shutdown,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "Shutdown", .section = "9.4",
	.p = PARAMS(
		P("shutdownType", "TPM_SU", SU)),
	.rp = NONE,
	)
};

/* Part 3 §16.2 TPM2_StirRandom */
const mtpm_cmd_desc mtpm_cmd_StirRandom = {
	.cc = MTPM_CC_StirRandom,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	DESCRIBE(
	.name = "StirRandom", .section = "16.2",
	.p = PARAMS(
		SECRET("inData", "TPM2B_SENSITIVE_DATA", SENS_DATA)),
	.rp = NONE,
	)
};

/* Part 3 §31.13 TPM2_NV_Read */
const mtpm_cmd_desc mtpm_cmd_NV_Read = {
	.cc = MTPM_CC_NV_Read,
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "NV_Read", .section = "31.13",
	.h = { H("authHandle", "TPMI_RH_NV_AUTH"), H("nvIndex", "TPMI_RH_NV_INDEX") },
	.p = PARAMS(
		P("size", "UINT16", U16),
		P("offset", "UINT16", U16)),
	.rp = PARAMS(
		SECRET("data", "TPM2B_MAX_NV_BUFFER", MAX_NV)),
	)
};

/* Part 3 §23.4 TPM2_PolicySecret */
const mtpm_cmd_desc mtpm_cmd_PolicySecret = {
	.cc = MTPM_CC_PolicySecret,
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicySecret", .section = "23.4",
	.h = { H("authHandle", "TPMI_DH_ENTITY"), H("policySession", "TPMI_SH_POLICY") },
	.p = PARAMS(
		P("nonceTPM", "TPM2B_NONCE", DIGEST),
		P("cpHashA", "TPM2B_DIGEST", DIGEST),
		P("policyRef", "TPM2B_NONCE", DIGEST),
		P("expiration", "INT32", I32)),
	.rp = PARAMS(
		P("timeout", "TPM2B_TIMEOUT", TIMEOUT),
		P("policyTicket", "TPMT_TK_AUTH", TK)),
	)
};

/* Part 3 §12.1 TPM2_Create */
const mtpm_cmd_desc mtpm_cmd_Create = {
	.cc = MTPM_CC_Create,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "Create", .section = "12.1",
	.h = { H("parentHandle", "TPMI_DH_OBJECT") },
	.p = PARAMS(
		SECRET("inSensitive", "TPM2B_SENSITIVE_CREATE", SENS_CREATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("outsideInfo", "TPM2B_DATA", DATA),
		P("creationPCR", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		P("outPrivate", "TPM2B_PRIVATE", PRIVATE),
		CREATE_RSP_TAIL),
	)
};

/* Part 3 §12.2 TPM2_Load */
const mtpm_cmd_desc mtpm_cmd_Load = {
	.cc = MTPM_CC_Load,
	.nh = 1, .nauth = 1, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "Load", .section = "12.2",
	.h = { H("parentHandle", "TPMI_DH_OBJECT") },
	.rh = H("objectHandle", "TPM_HANDLE"),
	.p = PARAMS(
		P("inPrivate", "TPM2B_PRIVATE", PRIVATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC)),
	.rp = PARAMS(
		P("name", "TPM2B_NAME", NAME)),
	)
};

/* Part 3 §12.7 TPM2_Unseal */
const mtpm_cmd_desc mtpm_cmd_Unseal = {
	.cc = MTPM_CC_Unseal,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "Unseal", .section = "12.7",
	.h = { H("itemHandle", "TPMI_DH_OBJECT") },
	.p = NONE,
	.rp = PARAMS(
		SECRET("outData", "TPM2B_SENSITIVE_DATA", SENS_DATA)),
	)
};

/* Part 3 §28.3 TPM2_ContextLoad */
const mtpm_cmd_desc mtpm_cmd_ContextLoad = {
	.cc = MTPM_CC_ContextLoad,
	.nh = 0, .nauth = 0, .rnh = 1, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "ContextLoad", .section = "28.3",
	.rh = H("loadedHandle", "TPMI_DH_CONTEXT"),
	.p = PARAMS(
		P("context", "TPMS_CONTEXT", CONTEXT)),
	.rp = NONE,
	)
};

/* Part 3 §28.2 TPM2_ContextSave */
const mtpm_cmd_desc mtpm_cmd_ContextSave = {
	.cc = MTPM_CC_ContextSave,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "ContextSave", .section = "28.2",
	.h = { H("saveHandle", "TPMI_DH_CONTEXT") },
	.p = NONE,
	.rp = PARAMS(
		P("context", "TPMS_CONTEXT", CONTEXT)),
	)
};

/* Part 3 §28.4 TPM2_FlushContext */
const mtpm_cmd_desc mtpm_cmd_FlushContext = {
	.cc = MTPM_CC_FlushContext,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "FlushContext", .section = "28.4",
	.p = PARAMS(
		P("flushHandle", "TPMI_DH_CONTEXT", HANDLE)),
	.rp = NONE,
	)
};

/* Part 3 §12.3 TPM2_LoadExternal */
const mtpm_cmd_desc mtpm_cmd_LoadExternal = {
	.cc = MTPM_CC_LoadExternal,
	.nh = 0, .nauth = 0, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	DESCRIBE(
	.name = "LoadExternal", .section = "12.3",
	.rh = H("objectHandle", "TPM_HANDLE"),
	.p = PARAMS(
		SECRET("inPrivate", "TPM2B_SENSITIVE", SENSITIVE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("hierarchy", "TPMI_RH_HIERARCHY+", HANDLE)),
	.rp = PARAMS(
		P("name", "TPM2B_NAME", NAME)),
	)
};

/* Part 3 §31.6 TPM2_NV_ReadPublic */
const mtpm_cmd_desc mtpm_cmd_NV_ReadPublic = {
	.cc = MTPM_CC_NV_ReadPublic,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "NV_ReadPublic", .section = "31.6",
	.h = { H("nvIndex", "TPMI_RH_NV_INDEX") },
	.p = NONE,
	.rp = PARAMS(
		P("nvPublic", "TPM2B_NV_PUBLIC", NV_PUBLIC),
		P("nvName", "TPM2B_NAME", NAME)),
	)
};

/* Part 3 §23.16 TPM2_PolicyAuthorize */
const mtpm_cmd_desc mtpm_cmd_PolicyAuthorize = {
	.cc = MTPM_CC_PolicyAuthorize,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyAuthorize", .section = "23.16",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = PARAMS(
		P("approvedPolicy", "TPM2B_DIGEST", DIGEST),
		P("policyRef", "TPM2B_NONCE", DIGEST),
		P("keySign", "TPM2B_NAME", NAME),
		P("checkTicket", "TPMT_TK_VERIFIED", TK)),
	.rp = NONE,
	)
};

/* Part 3 §23.17 TPM2_PolicyAuthValue */
const mtpm_cmd_desc mtpm_cmd_PolicyAuthValue = {
	.cc = MTPM_CC_PolicyAuthValue,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyAuthValue", .section = "23.17",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = NONE,
	.rp = NONE,
	)
};

/* Part 3 §23.11 TPM2_PolicyCommandCode */
const mtpm_cmd_desc mtpm_cmd_PolicyCommandCode = {
	.cc = MTPM_CC_PolicyCommandCode,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyCommandCode", .section = "23.11",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = PARAMS(
		P("code", "TPM_CC", CC)),
	.rp = NONE,
	)
};

/* Part 3 §23.6 TPM2_PolicyOR */
const mtpm_cmd_desc mtpm_cmd_PolicyOR = {
	.cc = MTPM_CC_PolicyOR,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyOR", .section = "23.6",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = PARAMS(
		P("pHashList", "TPML_DIGEST", DIGESTS)),
	.rp = NONE,
	)
};

/* Part 3 §12.4 TPM2_ReadPublic */
const mtpm_cmd_desc mtpm_cmd_ReadPublic = {
	.cc = MTPM_CC_ReadPublic,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "ReadPublic", .section = "12.4",
	.h = { H("objectHandle", "TPMI_DH_OBJECT") },
	.p = NONE,
	.rp = PARAMS(
		P("outPublic", "TPM2B_PUBLIC", PUBLIC),
		P("name", "TPM2B_NAME", NAME),
		P("qualifiedName", "TPM2B_NAME", NAME)),
	)
};

/* Part 3 §11.1 TPM2_StartAuthSession */
const mtpm_cmd_desc mtpm_cmd_StartAuthSession = {
	.cc = MTPM_CC_StartAuthSession,
	.nh = 2, .nauth = 0, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.role = { MTPM_ROLE_NONE, MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "StartAuthSession", .section = "11.1",
	.h = { H("tpmKey", "TPMI_DH_OBJECT+"), H("bind", "TPMI_DH_ENTITY+") },
	.rh = H("sessionHandle", "TPMI_SH_AUTH_SESSION"),
	.p = PARAMS(
		P("nonceCaller", "TPM2B_NONCE", DIGEST),
		SECRET("encryptedSalt", "TPM2B_ENCRYPTED_SECRET", ENC_SECRET),
		P("sessionType", "TPM_SE", SE),
		P("symmetric", "TPMT_SYM_DEF+", SYM_DEF),
		P("authHash", "TPMI_ALG_HASH", ALG_HASH)),
	.rp = PARAMS(
		P("nonceTPM", "TPM2B_NONCE", DIGEST)),
	)
};

/* Part 3 §20.1 TPM2_VerifySignature */
const mtpm_cmd_desc mtpm_cmd_VerifySignature = {
	.cc = MTPM_CC_VerifySignature,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "VerifySignature", .section = "20.1",
	.h = { H("keyHandle", "TPMI_DH_OBJECT") },
	.p = PARAMS(
		P("digest", "TPM2B_DIGEST", DIGEST),
		P("signature", "TPMT_SIGNATURE", SIGNATURE)),
	.rp = PARAMS(
		P("validation", "TPMT_TK_VERIFIED", TK)),
	)
};

/* Part 3 §30.2 TPM2_GetCapability */
const mtpm_cmd_desc mtpm_cmd_GetCapability = {
	.cc = MTPM_CC_GetCapability,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "GetCapability", .section = "30.2",
	.p = PARAMS(
		P("capability", "TPM_CAP", CAP),
		P("property", "UINT32", PT),
		P("propertyCount", "UINT32", U32)),
	.rp = PARAMS(
		P("moreData", "TPMI_YES_NO", YESNO),
		P("capabilityData", "TPMS_CAPABILITY_DATA", CAP_DATA)),
	)
};

/* Part 3 §16.1 TPM2_GetRandom */
const mtpm_cmd_desc mtpm_cmd_GetRandom = {
	.cc = MTPM_CC_GetRandom,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	DESCRIBE(
	.name = "GetRandom", .section = "16.1",
	.p = PARAMS(
		P("bytesRequested", "UINT16", U16)),
	.rp = PARAMS(
		P("randomBytes", "TPM2B_DIGEST", DIGEST)),
	)
};

/* Part 3 §22.4 TPM2_PCR_Read */
const mtpm_cmd_desc mtpm_cmd_PCR_Read = {
	.cc = MTPM_CC_PCR_Read,
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	DESCRIBE(
	.name = "PCR_Read", .section = "22.4",
	.p = PARAMS(
		P("pcrSelectionIn", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		P("pcrUpdateCounter", "UINT32", U32),
		P("pcrSelectionOut", "TPML_PCR_SELECTION", PCR_SELS),
		P("pcrValues", "TPML_DIGEST", DIGESTS)),
	)
};

/* Part 3 §23.7 TPM2_PolicyPCR */
const mtpm_cmd_desc mtpm_cmd_PolicyPCR = {
	.cc = MTPM_CC_PolicyPCR,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyPCR", .section = "23.7",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = PARAMS(
		P("pcrDigest", "TPM2B_DIGEST", DIGEST),
		P("pcrs", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = NONE,
	)
};

/* Part 3 §11.2 TPM2_PolicyRestart */
const mtpm_cmd_desc mtpm_cmd_PolicyRestart = {
	.cc = MTPM_CC_PolicyRestart,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyRestart", .section = "11.2",
	.h = { H("sessionHandle", "TPMI_SH_POLICY") },
	.p = NONE,
	.rp = NONE,
	)
};

/* Part 3 §22.2 TPM2_PCR_Extend */
const mtpm_cmd_desc mtpm_cmd_PCR_Extend = {
	.cc = MTPM_CC_PCR_Extend,
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_USER },
	DESCRIBE(
	.name = "PCR_Extend", .section = "22.2",
	.h = { H("pcrHandle", "TPMI_DH_PCR+") },
	.p = PARAMS(
		P("digests", "TPML_DIGEST_VALUES", DIGEST_VALUES)),
	.rp = NONE,
	)
};

/* Part 3 §23.19 TPM2_PolicyGetDigest */
const mtpm_cmd_desc mtpm_cmd_PolicyGetDigest = {
	.cc = MTPM_CC_PolicyGetDigest,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyGetDigest", .section = "23.19",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = NONE,
	.rp = PARAMS(
		P("policyDigest", "TPM2B_DIGEST", DIGEST)),
	)
};

/* Part 3 §23.18 TPM2_PolicyPassword */
const mtpm_cmd_desc mtpm_cmd_PolicyPassword = {
	.cc = MTPM_CC_PolicyPassword,
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.role = { MTPM_ROLE_NONE },
	DESCRIBE(
	.name = "PolicyPassword", .section = "23.18",
	.h = { H("policySession", "TPMI_SH_POLICY") },
	.p = NONE,
	.rp = NONE,
	)
};

#define ROW(n) &mtpm_cmd_##n,
const mtpm_cmd_desc *const mtpm_cmd_table[] = { MTPM_TABLE_ROWS(ROW) };
#undef ROW
const size_t mtpm_cmd_table_len = sizeof(mtpm_cmd_table) / sizeof(mtpm_cmd_table[0]);

const mtpm_cmd_desc *mtpm_cmd_lookup(uint32_t cc)
{
	size_t i;

	for (i = 0; i < mtpm_cmd_table_len; i++)
		if (mtpm_cmd_table[i]->cc == cc)
			return mtpm_cmd_table[i];
	return NULL;
}

#ifndef MTPM_TABLE_LEAN
/* Names of the other commands of Part 2 §6.5.2 (so a capture of another
 * stack's traffic at least names them). A case label per code: nothing
 * here is computed from the wire value. The lean build has no names. */
#define CC_NAME(x) case MTPM_CC_##x: return #x;
const char *mtpm_cc_name(uint32_t cc)
{
	const mtpm_cmd_desc *d = mtpm_cmd_lookup(cc);

	if (d)
		return d->name;
	switch (cc) {
	CC_NAME(NV_UndefineSpaceSpecial) CC_NAME(HierarchyControl) CC_NAME(ChangeEPS)
	CC_NAME(ChangePPS) CC_NAME(Clear) CC_NAME(ClearControl) CC_NAME(ClockSet)
	CC_NAME(PCR_Allocate) CC_NAME(PCR_SetAuthPolicy) CC_NAME(PP_Commands)
	CC_NAME(SetPrimaryPolicy) CC_NAME(FieldUpgradeStart) CC_NAME(ClockRateAdjust)
	CC_NAME(NV_GlobalWriteLock) CC_NAME(GetCommandAuditDigest) CC_NAME(NV_Increment)
	CC_NAME(NV_SetBits) CC_NAME(NV_Extend) CC_NAME(NV_WriteLock)
	CC_NAME(DictionaryAttackParameters) CC_NAME(NV_ChangeAuth) CC_NAME(PCR_Event)
	CC_NAME(PCR_Reset) CC_NAME(SequenceComplete) CC_NAME(SetAlgorithmSet)
	CC_NAME(SetCommandCodeAuditStatus) CC_NAME(FieldUpgradeData)
	CC_NAME(IncrementalSelfTest) CC_NAME(ActivateCredential) CC_NAME(Certify)
	CC_NAME(PolicyNV) CC_NAME(CertifyCreation) CC_NAME(Duplicate) CC_NAME(GetTime)
	CC_NAME(GetSessionAuditDigest) CC_NAME(NV_ReadLock) CC_NAME(ObjectChangeAuth)
	CC_NAME(Rewrap) CC_NAME(ECDH_ZGen) CC_NAME(HMAC) CC_NAME(Import) CC_NAME(Quote)
	CC_NAME(RSA_Decrypt) CC_NAME(HMAC_Start) CC_NAME(SequenceUpdate) CC_NAME(Sign)
	CC_NAME(PolicySigned) CC_NAME(ECDH_KeyGen) CC_NAME(EncryptDecrypt)
	CC_NAME(MakeCredential) CC_NAME(PolicyCounterTimer) CC_NAME(PolicyCpHash)
	CC_NAME(PolicyLocality) CC_NAME(PolicyNameHash) CC_NAME(PolicyTicket)
	CC_NAME(RSA_Encrypt) CC_NAME(ECC_Parameters) CC_NAME(FirmwareRead)
	CC_NAME(GetTestResult) CC_NAME(Hash) CC_NAME(ReadClock) CC_NAME(PCR_SetAuthValue)
	CC_NAME(NV_Certify) CC_NAME(EventSequenceComplete) CC_NAME(HashSequenceStart)
	CC_NAME(PolicyPhysicalPresence) CC_NAME(PolicyDuplicationSelect) CC_NAME(TestParms)
	CC_NAME(Commit) CC_NAME(ZGen_2Phase) CC_NAME(EC_Ephemeral) CC_NAME(PolicyNvWritten)
	CC_NAME(PolicyTemplate) CC_NAME(CreateLoaded) CC_NAME(PolicyAuthorizeNV)
	CC_NAME(EncryptDecrypt2)
	default: return NULL;
	}
}
#undef CC_NAME
#endif
