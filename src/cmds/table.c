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

#ifdef MTPM_TABLE_LEAN
#define TXT(s) NULL
#define PARAMS(...) NULL
#else
#define TXT(s) s
#define PARAMS(...) ((const mtpm_param_desc[]){ __VA_ARGS__, { NULL, NULL, MTPM_K_END, 0 } })
#endif
#define NONE NULL
#define H(n, t, r) { TXT(n), TXT(t), MTPM_ROLE_##r }
#define P(n, t, k) { TXT(n), TXT(t), MTPM_K_##k, 0 }
#define SECRET(n, t, k) { TXT(n), TXT(t), MTPM_K_##k, 1 }

/* Response parameters Create and CreatePrimary share (Part 3 §12.1,
 * §24.1). */
#define CREATE_RSP_TAIL \
	P("outPublic", "TPM2B_PUBLIC", PUBLIC), \
	P("creationData", "TPM2B_CREATION_DATA", CREATION_DATA), \
	P("creationHash", "TPM2B_DIGEST", DIGEST), \
	P("creationTicket", "TPMT_TK_CREATION", TK)

/* Part 3 §28.5 TPM2_EvictControl */
const mtpm_cmd_desc mtpm_cmd_EvictControl = {
	.cc = MTPM_CC_EvictControl, .name = TXT("EvictControl"), .section = TXT("28.5"),
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("auth", "TPMI_RH_PROVISION", USER), H("objectHandle", "TPMI_DH_OBJECT", NONE) },
	.p = PARAMS(
		P("persistentHandle", "TPMI_DH_PERSISTENT", HANDLE)),
	.rp = NONE,
};

/* Part 3 §31.4 TPM2_NV_UndefineSpace */
const mtpm_cmd_desc mtpm_cmd_NV_UndefineSpace = {
	.cc = MTPM_CC_NV_UndefineSpace, .name = TXT("NV_UndefineSpace"), .section = TXT("31.4"),
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("authHandle", "TPMI_RH_PROVISION", USER), H("nvIndex", "TPMI_RH_NV_INDEX", NONE) },
	.p = NONE,
	.rp = NONE,
};

/* Part 3 §24.8 TPM2_HierarchyChangeAuth */
const mtpm_cmd_desc mtpm_cmd_HierarchyChangeAuth = {
	.cc = MTPM_CC_HierarchyChangeAuth, .name = TXT("HierarchyChangeAuth"), .section = TXT("24.8"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("authHandle", "TPMI_RH_HIERARCHY_AUTH", USER) },
	.p = PARAMS(
		SECRET("newAuth", "TPM2B_AUTH", DIGEST)),
	.rp = NONE,
};

/* Part 3 §31.3 TPM2_NV_DefineSpace */
const mtpm_cmd_desc mtpm_cmd_NV_DefineSpace = {
	.cc = MTPM_CC_NV_DefineSpace, .name = TXT("NV_DefineSpace"), .section = TXT("31.3"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("authHandle", "TPMI_RH_PROVISION", USER) },
	.p = PARAMS(
		SECRET("auth", "TPM2B_AUTH", DIGEST),
		P("publicInfo", "TPM2B_NV_PUBLIC", NV_PUBLIC)),
	.rp = NONE,
};

/* Part 3 §24.1 TPM2_CreatePrimary */
const mtpm_cmd_desc mtpm_cmd_CreatePrimary = {
	.cc = MTPM_CC_CreatePrimary, .name = TXT("CreatePrimary"), .section = TXT("24.1"),
	.nh = 1, .nauth = 1, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.h = { H("primaryHandle", "TPMI_RH_HIERARCHY+", USER) },
	.rh = H("objectHandle", "TPM_HANDLE", NONE),
	.p = PARAMS(
		SECRET("inSensitive", "TPM2B_SENSITIVE_CREATE", SENS_CREATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("outsideInfo", "TPM2B_DATA", DATA),
		P("creationPCR", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		CREATE_RSP_TAIL,
		P("name", "TPM2B_NAME", NAME)),
};

/* Part 3 §31.7 TPM2_NV_Write */
const mtpm_cmd_desc mtpm_cmd_NV_Write = {
	.cc = MTPM_CC_NV_Write, .name = TXT("NV_Write"), .section = TXT("31.7"),
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("authHandle", "TPMI_RH_NV_AUTH", USER), H("nvIndex", "TPMI_RH_NV_INDEX", NONE) },
	.p = PARAMS(
		SECRET("data", "TPM2B_MAX_NV_BUFFER", MAX_NV),
		P("offset", "UINT16", U16)),
	.rp = NONE,
};

/* Part 3 §25.2 TPM2_DictionaryAttackLockReset */
const mtpm_cmd_desc mtpm_cmd_DictionaryAttackLockReset = {
	.cc = MTPM_CC_DictionaryAttackLockReset, .name = TXT("DictionaryAttackLockReset"), .section = TXT("25.2"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("lockHandle", "TPMI_RH_LOCKOUT", USER) },
	.p = NONE,
	.rp = NONE,
};

/* Part 3 §10.2 TPM2_SelfTest */
const mtpm_cmd_desc mtpm_cmd_SelfTest = {
	.cc = MTPM_CC_SelfTest, .name = TXT("SelfTest"), .section = TXT("10.2"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("fullTest", "TPMI_YES_NO", YESNO)),
	.rp = NONE,
};

/* Part 3 §9.3 TPM2_Startup */
const mtpm_cmd_desc mtpm_cmd_Startup = {
	.cc = MTPM_CC_Startup, .name = TXT("Startup"), .section = TXT("9.3"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("startupType", "TPM_SU", SU)),
	.rp = NONE,
};

/* Part 3 §9.4 TPM2_Shutdown */
const mtpm_cmd_desc mtpm_cmd_Shutdown = {
	.cc = MTPM_CC_Shutdown, .name = TXT("Shutdown"), .section = TXT("9.4"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("shutdownType", "TPM_SU", SU)),
	.rp = NONE,
};

/* Part 3 §16.2 TPM2_StirRandom */
const mtpm_cmd_desc mtpm_cmd_StirRandom = {
	.cc = MTPM_CC_StirRandom, .name = TXT("StirRandom"), .section = TXT("16.2"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.p = PARAMS(
		SECRET("inData", "TPM2B_SENSITIVE_DATA", SENS_DATA)),
	.rp = NONE,
};

/* Part 3 §31.13 TPM2_NV_Read */
const mtpm_cmd_desc mtpm_cmd_NV_Read = {
	.cc = MTPM_CC_NV_Read, .name = TXT("NV_Read"), .section = TXT("31.13"),
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.h = { H("authHandle", "TPMI_RH_NV_AUTH", USER), H("nvIndex", "TPMI_RH_NV_INDEX", NONE) },
	.p = PARAMS(
		P("size", "UINT16", U16),
		P("offset", "UINT16", U16)),
	.rp = PARAMS(
		SECRET("data", "TPM2B_MAX_NV_BUFFER", MAX_NV)),
};

/* Part 3 §23.4 TPM2_PolicySecret */
const mtpm_cmd_desc mtpm_cmd_PolicySecret = {
	.cc = MTPM_CC_PolicySecret, .name = TXT("PolicySecret"), .section = TXT("23.4"),
	.nh = 2, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 1,
	.h = { H("authHandle", "TPMI_DH_ENTITY", USER), H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = PARAMS(
		P("nonceTPM", "TPM2B_NONCE", DIGEST),
		P("cpHashA", "TPM2B_DIGEST", DIGEST),
		P("policyRef", "TPM2B_NONCE", DIGEST),
		P("expiration", "INT32", I32)),
	.rp = PARAMS(
		P("timeout", "TPM2B_TIMEOUT", TIMEOUT),
		P("policyTicket", "TPMT_TK_AUTH", TK)),
};

/* Part 3 §12.1 TPM2_Create */
const mtpm_cmd_desc mtpm_cmd_Create = {
	.cc = MTPM_CC_Create, .name = TXT("Create"), .section = TXT("12.1"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 1, .enc_rsp = 1,
	.h = { H("parentHandle", "TPMI_DH_OBJECT", USER) },
	.p = PARAMS(
		SECRET("inSensitive", "TPM2B_SENSITIVE_CREATE", SENS_CREATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("outsideInfo", "TPM2B_DATA", DATA),
		P("creationPCR", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		P("outPrivate", "TPM2B_PRIVATE", PRIVATE),
		CREATE_RSP_TAIL),
};

/* Part 3 §12.2 TPM2_Load */
const mtpm_cmd_desc mtpm_cmd_Load = {
	.cc = MTPM_CC_Load, .name = TXT("Load"), .section = TXT("12.2"),
	.nh = 1, .nauth = 1, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.h = { H("parentHandle", "TPMI_DH_OBJECT", USER) },
	.rh = H("objectHandle", "TPM_HANDLE", NONE),
	.p = PARAMS(
		P("inPrivate", "TPM2B_PRIVATE", PRIVATE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC)),
	.rp = PARAMS(
		P("name", "TPM2B_NAME", NAME)),
};

/* Part 3 §12.7 TPM2_Unseal */
const mtpm_cmd_desc mtpm_cmd_Unseal = {
	.cc = MTPM_CC_Unseal, .name = TXT("Unseal"), .section = TXT("12.7"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.h = { H("itemHandle", "TPMI_DH_OBJECT", USER) },
	.p = NONE,
	.rp = PARAMS(
		SECRET("outData", "TPM2B_SENSITIVE_DATA", SENS_DATA)),
};

/* Part 3 §28.3 TPM2_ContextLoad */
const mtpm_cmd_desc mtpm_cmd_ContextLoad = {
	.cc = MTPM_CC_ContextLoad, .name = TXT("ContextLoad"), .section = TXT("28.3"),
	.nh = 0, .nauth = 0, .rnh = 1, .enc_cmd = 0, .enc_rsp = 0,
	.rh = H("loadedHandle", "TPMI_DH_CONTEXT", NONE),
	.p = PARAMS(
		P("context", "TPMS_CONTEXT", CONTEXT)),
	.rp = NONE,
};

/* Part 3 §28.2 TPM2_ContextSave */
const mtpm_cmd_desc mtpm_cmd_ContextSave = {
	.cc = MTPM_CC_ContextSave, .name = TXT("ContextSave"), .section = TXT("28.2"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("saveHandle", "TPMI_DH_CONTEXT", NONE) },
	.p = NONE,
	.rp = PARAMS(
		P("context", "TPMS_CONTEXT", CONTEXT)),
};

/* Part 3 §28.4 TPM2_FlushContext */
const mtpm_cmd_desc mtpm_cmd_FlushContext = {
	.cc = MTPM_CC_FlushContext, .name = TXT("FlushContext"), .section = TXT("28.4"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("flushHandle", "TPMI_DH_CONTEXT", HANDLE)),
	.rp = NONE,
};

/* Part 3 §12.3 TPM2_LoadExternal */
const mtpm_cmd_desc mtpm_cmd_LoadExternal = {
	.cc = MTPM_CC_LoadExternal, .name = TXT("LoadExternal"), .section = TXT("12.3"),
	.nh = 0, .nauth = 0, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.rh = H("objectHandle", "TPM_HANDLE", NONE),
	.p = PARAMS(
		SECRET("inPrivate", "TPM2B_SENSITIVE", SENSITIVE),
		P("inPublic", "TPM2B_PUBLIC", PUBLIC),
		P("hierarchy", "TPMI_RH_HIERARCHY+", HANDLE)),
	.rp = PARAMS(
		P("name", "TPM2B_NAME", NAME)),
};

/* Part 3 §31.6 TPM2_NV_ReadPublic */
const mtpm_cmd_desc mtpm_cmd_NV_ReadPublic = {
	.cc = MTPM_CC_NV_ReadPublic, .name = TXT("NV_ReadPublic"), .section = TXT("31.6"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.h = { H("nvIndex", "TPMI_RH_NV_INDEX", NONE) },
	.p = NONE,
	.rp = PARAMS(
		P("nvPublic", "TPM2B_NV_PUBLIC", NV_PUBLIC),
		P("nvName", "TPM2B_NAME", NAME)),
};

/* Part 3 §23.16 TPM2_PolicyAuthorize */
const mtpm_cmd_desc mtpm_cmd_PolicyAuthorize = {
	.cc = MTPM_CC_PolicyAuthorize, .name = TXT("PolicyAuthorize"), .section = TXT("23.16"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = PARAMS(
		P("approvedPolicy", "TPM2B_DIGEST", DIGEST),
		P("policyRef", "TPM2B_NONCE", DIGEST),
		P("keySign", "TPM2B_NAME", NAME),
		P("checkTicket", "TPMT_TK_VERIFIED", TK)),
	.rp = NONE,
};

/* Part 3 §23.17 TPM2_PolicyAuthValue */
const mtpm_cmd_desc mtpm_cmd_PolicyAuthValue = {
	.cc = MTPM_CC_PolicyAuthValue, .name = TXT("PolicyAuthValue"), .section = TXT("23.17"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = NONE,
	.rp = NONE,
};

/* Part 3 §23.11 TPM2_PolicyCommandCode */
const mtpm_cmd_desc mtpm_cmd_PolicyCommandCode = {
	.cc = MTPM_CC_PolicyCommandCode, .name = TXT("PolicyCommandCode"), .section = TXT("23.11"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = PARAMS(
		P("code", "TPM_CC", CC)),
	.rp = NONE,
};

/* Part 3 §23.6 TPM2_PolicyOR */
const mtpm_cmd_desc mtpm_cmd_PolicyOR = {
	.cc = MTPM_CC_PolicyOR, .name = TXT("PolicyOR"), .section = TXT("23.6"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = PARAMS(
		P("pHashList", "TPML_DIGEST", DIGESTS)),
	.rp = NONE,
};

/* Part 3 §12.4 TPM2_ReadPublic */
const mtpm_cmd_desc mtpm_cmd_ReadPublic = {
	.cc = MTPM_CC_ReadPublic, .name = TXT("ReadPublic"), .section = TXT("12.4"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.h = { H("objectHandle", "TPMI_DH_OBJECT", NONE) },
	.p = NONE,
	.rp = PARAMS(
		P("outPublic", "TPM2B_PUBLIC", PUBLIC),
		P("name", "TPM2B_NAME", NAME),
		P("qualifiedName", "TPM2B_NAME", NAME)),
};

/* Part 3 §11.1 TPM2_StartAuthSession */
const mtpm_cmd_desc mtpm_cmd_StartAuthSession = {
	.cc = MTPM_CC_StartAuthSession, .name = TXT("StartAuthSession"), .section = TXT("11.1"),
	.nh = 2, .nauth = 0, .rnh = 1, .enc_cmd = 1, .enc_rsp = 1,
	.h = { H("tpmKey", "TPMI_DH_OBJECT+", NONE), H("bind", "TPMI_DH_ENTITY+", NONE) },
	.rh = H("sessionHandle", "TPMI_SH_AUTH_SESSION", NONE),
	.p = PARAMS(
		P("nonceCaller", "TPM2B_NONCE", DIGEST),
		SECRET("encryptedSalt", "TPM2B_ENCRYPTED_SECRET", ENC_SECRET),
		P("sessionType", "TPM_SE", SE),
		P("symmetric", "TPMT_SYM_DEF+", SYM_DEF),
		P("authHash", "TPMI_ALG_HASH", ALG_HASH)),
	.rp = PARAMS(
		P("nonceTPM", "TPM2B_NONCE", DIGEST)),
};

/* Part 3 §20.1 TPM2_VerifySignature */
const mtpm_cmd_desc mtpm_cmd_VerifySignature = {
	.cc = MTPM_CC_VerifySignature, .name = TXT("VerifySignature"), .section = TXT("20.1"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("keyHandle", "TPMI_DH_OBJECT", NONE) },
	.p = PARAMS(
		P("digest", "TPM2B_DIGEST", DIGEST),
		P("signature", "TPMT_SIGNATURE", SIGNATURE)),
	.rp = PARAMS(
		P("validation", "TPMT_TK_VERIFIED", TK)),
};

/* Part 3 §30.2 TPM2_GetCapability */
const mtpm_cmd_desc mtpm_cmd_GetCapability = {
	.cc = MTPM_CC_GetCapability, .name = TXT("GetCapability"), .section = TXT("30.2"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("capability", "TPM_CAP", CAP),
		P("property", "UINT32", PT),
		P("propertyCount", "UINT32", U32)),
	.rp = PARAMS(
		P("moreData", "TPMI_YES_NO", YESNO),
		P("capabilityData", "TPMS_CAPABILITY_DATA", CAP_DATA)),
};

/* Part 3 §16.1 TPM2_GetRandom */
const mtpm_cmd_desc mtpm_cmd_GetRandom = {
	.cc = MTPM_CC_GetRandom, .name = TXT("GetRandom"), .section = TXT("16.1"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.p = PARAMS(
		P("bytesRequested", "UINT16", U16)),
	.rp = PARAMS(
		P("randomBytes", "TPM2B_DIGEST", DIGEST)),
};

/* Part 3 §22.4 TPM2_PCR_Read */
const mtpm_cmd_desc mtpm_cmd_PCR_Read = {
	.cc = MTPM_CC_PCR_Read, .name = TXT("PCR_Read"), .section = TXT("22.4"),
	.nh = 0, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.p = PARAMS(
		P("pcrSelectionIn", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = PARAMS(
		P("pcrUpdateCounter", "UINT32", U32),
		P("pcrSelectionOut", "TPML_PCR_SELECTION", PCR_SELS),
		P("pcrValues", "TPML_DIGEST", DIGESTS)),
};

/* Part 3 §23.7 TPM2_PolicyPCR */
const mtpm_cmd_desc mtpm_cmd_PolicyPCR = {
	.cc = MTPM_CC_PolicyPCR, .name = TXT("PolicyPCR"), .section = TXT("23.7"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 1, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = PARAMS(
		P("pcrDigest", "TPM2B_DIGEST", DIGEST),
		P("pcrs", "TPML_PCR_SELECTION", PCR_SELS)),
	.rp = NONE,
};

/* Part 3 §11.2 TPM2_PolicyRestart */
const mtpm_cmd_desc mtpm_cmd_PolicyRestart = {
	.cc = MTPM_CC_PolicyRestart, .name = TXT("PolicyRestart"), .section = TXT("11.2"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("sessionHandle", "TPMI_SH_POLICY", NONE) },
	.p = NONE,
	.rp = NONE,
};

/* Part 3 §22.2 TPM2_PCR_Extend */
const mtpm_cmd_desc mtpm_cmd_PCR_Extend = {
	.cc = MTPM_CC_PCR_Extend, .name = TXT("PCR_Extend"), .section = TXT("22.2"),
	.nh = 1, .nauth = 1, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("pcrHandle", "TPMI_DH_PCR+", USER) },
	.p = PARAMS(
		P("digests", "TPML_DIGEST_VALUES", DIGEST_VALUES)),
	.rp = NONE,
};

/* Part 3 §23.19 TPM2_PolicyGetDigest */
const mtpm_cmd_desc mtpm_cmd_PolicyGetDigest = {
	.cc = MTPM_CC_PolicyGetDigest, .name = TXT("PolicyGetDigest"), .section = TXT("23.19"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 1,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = NONE,
	.rp = PARAMS(
		P("policyDigest", "TPM2B_DIGEST", DIGEST)),
};

/* Part 3 §23.18 TPM2_PolicyPassword */
const mtpm_cmd_desc mtpm_cmd_PolicyPassword = {
	.cc = MTPM_CC_PolicyPassword, .name = TXT("PolicyPassword"), .section = TXT("23.18"),
	.nh = 1, .nauth = 0, .rnh = 0, .enc_cmd = 0, .enc_rsp = 0,
	.h = { H("policySession", "TPMI_SH_POLICY", NONE) },
	.p = NONE,
	.rp = NONE,
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

/* Names of the other commands of Part 2 §6.5.2 (so a capture of another
 * stack's traffic at least names them). A case label per code: nothing
 * here is computed from the wire value. */
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
