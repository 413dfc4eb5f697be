/*
 * mtpm/session.h - HMAC, policy and trial sessions; parameter encryption;
 * policies with an offline calculator that shares each step's definition
 * with the command sent to the TPM.
 *
 * Threat: a passive or active interposer on the TPM bus (TPM Genie,
 * BitLocker sniffing). Mitigations here: salted sessions so the session
 * key never crosses the bus, AES-CFB on the first parameter both ways, and
 * response HMACs checked in constant time before any response parameter
 * is used. See threat-model/ for the full model.
 */
#ifndef MTPM_SESSION_H
#define MTPM_SESSION_H

#include "core.h"

typedef struct {
	uint8_t type;            /* MTPM_SE_HMAC, MTPM_SE_POLICY or MTPM_SE_TRIAL */
	uint16_t hash_alg;       /* authHash; 0 means SHA-256 */
	uint16_t sym_bits;       /* AES-CFB key bits (128 or 256); 0: no parameter encryption */
	/* Salt: a loaded decrypt key and its public area (RSA or ECC
	 * P-256). MTPM_RH_NULL (or 0) and NULL for an unsalted session. */
	uint32_t salt_key;
	const mtpm_TPMT_PUBLIC *salt_pub;
	/* Bind: an entity and its authValue; MTPM_RH_NULL (or 0) for none. */
	uint32_t bind;
	const mtpm_TPM2B_NAME *bind_name;
	const uint8_t *bind_auth;
	size_t bind_auth_len;
} mtpm_session_opts;

/* Part 3 §11.1 TPM2_StartAuthSession with the salt made here (Part 1
 * §19.6.8, Annex B.10 / C.6) and the session key derived by KDFa. On
 * failure s is wiped and nothing is left loaded. */
MTPM_MUST_CHECK mtpm_rc mtpm_session_start(mtpm_ctx *ctx, mtpm_session *s,
			   const mtpm_session_opts *opts);
/* Flush the session from the TPM (if still active) and wipe it. */
MTPM_MUST_CHECK mtpm_rc mtpm_session_flush(mtpm_ctx *ctx, mtpm_session *s);
/* Wipe without talking to the TPM. */
void mtpm_session_forget(mtpm_session *s);
/* The engine's pipeline hooks; mtpm_session_start installs them in the
 * context. Exposed for fuzz harnesses that drive the response
 * verification path with a fixed session key. */
const mtpm_session_hooks *mtpm_session_engine(void);

/* Part 1 §18.7 cpHash = H(commandCode || Names || parameters as sent) of
 * a command built through mtpm_cmd_params (its parameters written), and
 * Part 1 §18.8 rpHash = H(responseCode 0 || commandCode || response
 * parameters as received) of one mtpm_cmd_run accepted. out gets the
 * digest of alg. Exposed for known-answer tests and audit. */
MTPM_MUST_CHECK mtpm_rc mtpm_cp_hash(const mtpm_cmd *cmd, uint16_t alg, uint8_t *out);
MTPM_MUST_CHECK mtpm_rc mtpm_rp_hash(const mtpm_cmd *cmd, uint16_t alg, uint8_t *out);

/* --- policies (Part 3 §23) -------------------------------------------- */

/* One policy step. The same definition drives the command sent to the TPM
 * and the offline digest update, so the two cannot drift. */
typedef struct {
	uint32_t cc;    /* MTPM_CC_PolicyPCR, PolicyAuthValue, PolicyPassword,
			   PolicyOR, PolicyAuthorize, PolicySecret,
			   PolicyCommandCode */
	union {
		struct {
			mtpm_TPML_PCR_SELECTION pcrs;
			mtpm_TPM2B_DIGEST pcrDigest;  /* empty: the TPM's current values */
		} pcr;
		struct {
			mtpm_TPML_DIGEST pHashList;
		} or;
		struct {
			mtpm_TPM2B_DIGEST approvedPolicy;
			mtpm_TPM2B_NONCE policyRef;
			mtpm_TPM2B_NAME keySign;
			mtpm_TPMT_TK_VERIFIED checkTicket;
		} authorize;
		struct {
			uint32_t authHandle;
			mtpm_TPM2B_NAME authName;
			mtpm_TPM2B_NONCE policyRef;
			const mtpm_auths *auths;   /* authorization of authHandle */
		} secret;
		struct {
			uint32_t code;
		} cc;
	} u;
} mtpm_policy_step;

/* Offline: digest = update(digest, step), with the rules of Part 3 §23.
 * digest must already hold the starting value (all zeros, of alg's size).
 * PolicyPCR needs a non-empty pcrDigest offline. */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_calc(const mtpm_crypto *cr, uint16_t alg,
			 mtpm_TPM2B_DIGEST *digest, const mtpm_policy_step *step);
/* On the TPM: send the step's command in session s; when digest is not
 * NULL also apply the offline update to it (skipped for a PolicyPCR
 * without pcrDigest). Records PolicyAuthValue/PolicyPassword in s. */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_run(mtpm_ctx *ctx, mtpm_session *s,
			const mtpm_policy_step *step, mtpm_TPM2B_DIGEST *digest);
/* Start a fresh digest: alg's size, all zeros. */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_init(uint16_t alg, mtpm_TPM2B_DIGEST *digest);
/* Part 3 §23.7: pcrDigest = H(PCR values concatenated in selection order),
 * H the policy session's hash alg whatever the banks' (a SHA-256 bank in a
 * SHA-1 or SHA-384 policy hashes 32-byte values with that policy's hash).
 * The values may come in several lists (8 values each at most) in order:
 * 24 PCRs of a bank are three. */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_pcr_digest(const mtpm_crypto *cr, uint16_t alg,
			       const mtpm_TPML_DIGEST *values, unsigned nvalues,
			       mtpm_TPM2B_DIGEST *out);
/* The digest a PolicyAuthorize signer signs: aHash = H(approvedPolicy ||
 * policyRef) (Part 3 §23.16). */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_ahash(const mtpm_crypto *cr, uint16_t alg,
			  const mtpm_TPM2B_DIGEST *approvedPolicy,
			  const mtpm_TPM2B_NONCE *policyRef, mtpm_TPM2B_DIGEST *out);

/* TPM2_PolicyRestart (Part 3 §11.2) on s, and the host-side record of
 * PolicyAuthValue / PolicyPassword cleared with it. The raw policy
 * commands are in include/mtpm/cmds.h. */
MTPM_MUST_CHECK mtpm_rc mtpm_policy_restart(mtpm_ctx *ctx, mtpm_session *s);

#endif
