/*
 * mtpm/cmds.h - TPM2 commands, one function each, named as in Part 3.
 *
 * Common shape: mtpm_<CommandName>(ctx, handles..., auths, inputs...,
 * outputs...). `auths` may be NULL: each auth handle then gets an empty
 * password. Outputs are zeroed when the call fails. Names (mtpm_TPM2B_NAME)
 * of transient, persistent and NV handles are needed only when an HMAC
 * session authorizes or encrypts the command; pass NULL otherwise.
 */
#ifndef MTPM_CMDS_H
#define MTPM_CMDS_H

#include "core.h"

/* Part 3 §9.3, §9.4 */
MTPM_MUST_CHECK mtpm_rc mtpm_Startup(mtpm_ctx *ctx, uint16_t startupType);
MTPM_MUST_CHECK mtpm_rc mtpm_Shutdown(mtpm_ctx *ctx, uint16_t shutdownType);
/* Part 3 §10.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_SelfTest(mtpm_ctx *ctx, uint8_t fullTest);

/* Part 3 §16.1, §16.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_GetRandom(mtpm_ctx *ctx, const mtpm_auths *auths,
		       uint16_t bytesRequested, mtpm_TPM2B_DIGEST *randomBytes);
MTPM_MUST_CHECK mtpm_rc mtpm_StirRandom(mtpm_ctx *ctx, const mtpm_auths *auths,
			const mtpm_TPM2B_SENSITIVE_DATA *inData);

/* Part 3 §30.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_GetCapability(mtpm_ctx *ctx, uint32_t capability, uint32_t property,
			   uint32_t propertyCount, uint8_t *moreData,
			   mtpm_TPMS_CAPABILITY_DATA *capabilityData);

/* Part 3 §22.4, §22.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_PCR_Read_auths(mtpm_ctx *ctx, const mtpm_auths *auths,
			    const mtpm_TPML_PCR_SELECTION *pcrSelectionIn,
			    uint32_t *pcrUpdateCounter,
			    mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
			    mtpm_TPML_DIGEST *pcrValues);
MTPM_MUST_CHECK mtpm_rc mtpm_PCR_Read(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *pcrSelectionIn,
		      uint32_t *pcrUpdateCounter,
		      mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
		      mtpm_TPML_DIGEST *pcrValues);
MTPM_MUST_CHECK mtpm_rc mtpm_PCR_Extend(mtpm_ctx *ctx, uint32_t pcrHandle, const mtpm_auths *auths,
			const mtpm_TPML_DIGEST_VALUES *digests);

/* Part 3 §12.4 */
MTPM_MUST_CHECK mtpm_rc mtpm_ReadPublic(mtpm_ctx *ctx, uint32_t objectHandle,
			const mtpm_auths *auths, mtpm_TPM2B_PUBLIC *outPublic,
			mtpm_TPM2B_NAME *name, mtpm_TPM2B_NAME *qualifiedName);

/* Outputs of CreatePrimary / Create; any pointer may be NULL. */
typedef struct {
	mtpm_TPM2B_PRIVATE *outPrivate;         /* Create only */
	mtpm_TPM2B_PUBLIC *outPublic;
	mtpm_TPM2B_CREATION_DATA *creationData;
	mtpm_TPM2B_DIGEST *creationHash;
	mtpm_TPMT_TK_CREATION *creationTicket;
	mtpm_TPM2B_NAME *name;                  /* CreatePrimary only */
} mtpm_create_out;

/* CreatePrimary, Load, LoadExternal, ContextLoad and StartAuthSession
 * leave nothing loaded when they fail: a handle the response named is
 * flushed, and without a resource manager one it could not name (response
 * lost, cut or corrupted) is found and flushed (src/cmds/pipeline.c,
 * "Nothing left loaded"). */

/* Part 3 §24.1 */
MTPM_MUST_CHECK mtpm_rc mtpm_CreatePrimary(mtpm_ctx *ctx, uint32_t primaryHandle,
			   const mtpm_auths *auths,
			   const mtpm_TPM2B_SENSITIVE_CREATE *inSensitive,
			   const mtpm_TPM2B_PUBLIC *inPublic,
			   const mtpm_TPM2B_DATA *outsideInfo,
			   const mtpm_TPML_PCR_SELECTION *creationPCR,
			   uint32_t *objectHandle, mtpm_create_out *out);
/* Part 3 §12.1 */
MTPM_MUST_CHECK mtpm_rc mtpm_Create(mtpm_ctx *ctx, uint32_t parentHandle,
		    const mtpm_TPM2B_NAME *parentName, const mtpm_auths *auths,
		    const mtpm_TPM2B_SENSITIVE_CREATE *inSensitive,
		    const mtpm_TPM2B_PUBLIC *inPublic,
		    const mtpm_TPM2B_DATA *outsideInfo,
		    const mtpm_TPML_PCR_SELECTION *creationPCR,
		    mtpm_create_out *out);
/* Part 3 §12.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_Load(mtpm_ctx *ctx, uint32_t parentHandle,
		  const mtpm_TPM2B_NAME *parentName, const mtpm_auths *auths,
		  const mtpm_TPM2B_PRIVATE *inPrivate,
		  const mtpm_TPM2B_PUBLIC *inPublic, uint32_t *objectHandle,
		  mtpm_TPM2B_NAME *name);
/* Part 3 §12.3: public part only (inPrivate empty). */
MTPM_MUST_CHECK mtpm_rc mtpm_LoadExternal(mtpm_ctx *ctx, const mtpm_TPM2B_PUBLIC *inPublic,
			  uint32_t hierarchy, uint32_t *objectHandle,
			  mtpm_TPM2B_NAME *name);
/* Part 3 §12.7 */
MTPM_MUST_CHECK mtpm_rc mtpm_Unseal(mtpm_ctx *ctx, uint32_t itemHandle,
		    const mtpm_TPM2B_NAME *itemName, const mtpm_auths *auths,
		    mtpm_TPM2B_SENSITIVE_DATA *outData);

/* Part 3 §28.4, §28.2, §28.3, §28.5 */
MTPM_MUST_CHECK mtpm_rc mtpm_FlushContext(mtpm_ctx *ctx, uint32_t flushHandle);
MTPM_MUST_CHECK mtpm_rc mtpm_ContextSave(mtpm_ctx *ctx, uint32_t saveHandle,
			 mtpm_TPMS_CONTEXT *context);
MTPM_MUST_CHECK mtpm_rc mtpm_ContextLoad(mtpm_ctx *ctx, const mtpm_TPMS_CONTEXT *context,
			 uint32_t *loadedHandle);
MTPM_MUST_CHECK mtpm_rc mtpm_EvictControl(mtpm_ctx *ctx, uint32_t auth, const mtpm_auths *auths,
			  uint32_t objectHandle, const mtpm_TPM2B_NAME *objectName,
			  uint32_t persistentHandle);

/* Part 3 §31.3, §31.4, §31.6, §31.13, §31.7 */
MTPM_MUST_CHECK mtpm_rc mtpm_NV_DefineSpace(mtpm_ctx *ctx, uint32_t authHandle,
			    const mtpm_auths *auths, const mtpm_TPM2B_AUTH *auth,
			    const mtpm_TPM2B_NV_PUBLIC *publicInfo);
MTPM_MUST_CHECK mtpm_rc mtpm_NV_UndefineSpace(mtpm_ctx *ctx, uint32_t authHandle,
			      const mtpm_auths *auths, uint32_t nvIndex,
			      const mtpm_TPM2B_NAME *nvName);
/* NV_ReadPublic checks the answer: nvPublic is nvIndex's and nvName is
 * nameAlg || H(nvPublic) (Part 1 §16), else MTPM_E_MALFORMED /
 * MTPM_E_INTEGRITY with both outputs zero. Needs ctx->crypto for the hash
 * (MTPM_E_USAGE without). */
MTPM_MUST_CHECK mtpm_rc mtpm_NV_ReadPublic(mtpm_ctx *ctx, uint32_t nvIndex,
			   mtpm_TPM2B_NV_PUBLIC *nvPublic, mtpm_TPM2B_NAME *nvName);
MTPM_MUST_CHECK mtpm_rc mtpm_NV_Read(mtpm_ctx *ctx, uint32_t authHandle,
		     const mtpm_TPM2B_NAME *authName, const mtpm_auths *auths,
		     uint32_t nvIndex, const mtpm_TPM2B_NAME *nvName, uint16_t size,
		     uint16_t offset, mtpm_TPM2B_MAX_NV_BUFFER *data);
MTPM_MUST_CHECK mtpm_rc mtpm_NV_Write(mtpm_ctx *ctx, uint32_t authHandle,
		      const mtpm_TPM2B_NAME *authName, const mtpm_auths *auths,
		      uint32_t nvIndex, const mtpm_TPM2B_NAME *nvName,
		      const mtpm_TPM2B_MAX_NV_BUFFER *data, uint16_t offset);

/* Part 3 §24.8 */
MTPM_MUST_CHECK mtpm_rc mtpm_HierarchyChangeAuth(mtpm_ctx *ctx, uint32_t authHandle,
				 const mtpm_auths *auths,
				 const mtpm_TPM2B_AUTH *newAuth);
/* Part 3 §25.2 */
MTPM_MUST_CHECK mtpm_rc mtpm_DictionaryAttackLockReset(mtpm_ctx *ctx, const mtpm_auths *auths);

/* Part 3 §20.1 */
MTPM_MUST_CHECK mtpm_rc mtpm_VerifySignature(mtpm_ctx *ctx, uint32_t keyHandle,
			     const mtpm_TPM2B_DIGEST *digest,
			     const mtpm_TPMT_SIGNATURE *signature,
			     mtpm_TPMT_TK_VERIFIED *validation);

/* Part 3 §11.1: raw StartAuthSession; the session engine's
 * mtpm_session_start wraps it with salt and key derivation. */
MTPM_MUST_CHECK mtpm_rc mtpm_StartAuthSession(mtpm_ctx *ctx, uint32_t tpmKey, uint32_t bind,
			      const mtpm_TPM2B_NONCE *nonceCaller,
			      const mtpm_TPM2B_ENCRYPTED_SECRET *encryptedSalt,
			      uint8_t sessionType, const mtpm_TPMT_SYM_DEF *symmetric,
			      uint16_t authHash, uint32_t *sessionHandle,
			      mtpm_TPM2B_NONCE *nonceTPM);

/* Part 3 §23 policy commands and §11.2 PolicyRestart (src/cmds/policy.c).
 * The session engine runs them as policy steps (mtpm_policy_run). */
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyPCR(mtpm_ctx *ctx, uint32_t policySession,
		       const mtpm_TPM2B_DIGEST *pcrDigest,
		       const mtpm_TPML_PCR_SELECTION *pcrs);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyAuthValue(mtpm_ctx *ctx, uint32_t policySession);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyPassword(mtpm_ctx *ctx, uint32_t policySession);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyRestart(mtpm_ctx *ctx, uint32_t sessionHandle);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyCommandCode(mtpm_ctx *ctx, uint32_t policySession, uint32_t code);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyOR(mtpm_ctx *ctx, uint32_t policySession,
		      const mtpm_TPML_DIGEST *pHashList);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyAuthorize(mtpm_ctx *ctx, uint32_t policySession,
			     const mtpm_TPM2B_DIGEST *approvedPolicy,
			     const mtpm_TPM2B_DIGEST *policyRef,
			     const mtpm_TPM2B_NAME *keySign,
			     const mtpm_TPMT_TK *checkTicket);
/* timeout and policyTicket may be NULL (dropped after their check). */
MTPM_MUST_CHECK mtpm_rc mtpm_PolicySecret(mtpm_ctx *ctx, uint32_t authHandle,
			  const mtpm_TPM2B_NAME *authName, uint32_t policySession,
			  const mtpm_auths *auths,
			  const mtpm_TPM2B_NONCE *nonceTPM,
			  const mtpm_TPM2B_DIGEST *cpHashA,
			  const mtpm_TPM2B_NONCE *policyRef, int32_t expiration,
			  mtpm_TPM2B_TIMEOUT *timeout, mtpm_TPMT_TK *policyTicket);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyGetDigest(mtpm_ctx *ctx, uint32_t policySession,
			     mtpm_TPM2B_DIGEST *policyDigest);

/*
 * Response parsers, one per command that returns parameters. Each reads the
 * response parameter area through c, requires it to be consumed exactly,
 * and zeroes its outputs on failure. The command functions above call
 * them; fuzz harnesses and unit tests call them on raw bytes.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_GetRandom_rsp(mtpm_cur *c, mtpm_TPM2B_DIGEST *randomBytes);
MTPM_MUST_CHECK mtpm_rc mtpm_GetCapability_rsp(mtpm_cur *c, uint8_t *moreData,
			       mtpm_TPMS_CAPABILITY_DATA *capabilityData);
MTPM_MUST_CHECK mtpm_rc mtpm_PCR_Read_rsp(mtpm_cur *c, uint32_t *pcrUpdateCounter,
			  mtpm_TPML_PCR_SELECTION *pcrSelectionOut,
			  mtpm_TPML_DIGEST *pcrValues);
MTPM_MUST_CHECK mtpm_rc mtpm_Create_rsp(mtpm_cur *c, mtpm_create_out *out);
MTPM_MUST_CHECK mtpm_rc mtpm_CreatePrimary_rsp(mtpm_cur *c, mtpm_create_out *out);
MTPM_MUST_CHECK mtpm_rc mtpm_Load_rsp(mtpm_cur *c, mtpm_TPM2B_NAME *name);
MTPM_MUST_CHECK mtpm_rc mtpm_ReadPublic_rsp(mtpm_cur *c, mtpm_TPM2B_PUBLIC *outPublic,
			    mtpm_TPM2B_NAME *name, mtpm_TPM2B_NAME *qualifiedName);
MTPM_MUST_CHECK mtpm_rc mtpm_Unseal_rsp(mtpm_cur *c, mtpm_TPM2B_SENSITIVE_DATA *outData);
MTPM_MUST_CHECK mtpm_rc mtpm_ContextSave_rsp(mtpm_cur *c, mtpm_TPMS_CONTEXT *context);
MTPM_MUST_CHECK mtpm_rc mtpm_NV_ReadPublic_rsp(mtpm_cur *c, mtpm_TPM2B_NV_PUBLIC *nvPublic,
			       mtpm_TPM2B_NAME *nvName);
MTPM_MUST_CHECK mtpm_rc mtpm_NV_Read_rsp(mtpm_cur *c, mtpm_TPM2B_MAX_NV_BUFFER *data);
MTPM_MUST_CHECK mtpm_rc mtpm_VerifySignature_rsp(mtpm_cur *c, mtpm_TPMT_TK_VERIFIED *validation);
MTPM_MUST_CHECK mtpm_rc mtpm_StartAuthSession_rsp(mtpm_cur *c, mtpm_TPM2B_NONCE *nonceTPM);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicySecret_rsp(mtpm_cur *c, mtpm_TPM2B_TIMEOUT *timeout,
			      mtpm_TPMT_TK *policyTicket);
MTPM_MUST_CHECK mtpm_rc mtpm_PolicyGetDigest_rsp(mtpm_cur *c, mtpm_TPM2B_DIGEST *policyDigest);

#endif
