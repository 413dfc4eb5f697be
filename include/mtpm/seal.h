/*
 * mtpm/seal.h - seal and unseal, the job mtpm exists for.
 *
 * (The seal API proper is added with src/seal/seal.c.)
 */
#ifndef MTPM_SEAL_H
#define MTPM_SEAL_H

#include "session.h"
#include "keyfile.h"

#define MTPM_SRK_HANDLE 0x81000001u   /* TCG-recommended persistent SRK */
#define MTPM_SEAL_MAX_SECRET MTPM_MAX_SYM_DATA   /* 128 bytes (Part 2 §11.1.14) */

/*
 * The TCG storage root key templates (TCG TPM v2.0 Provisioning Guidance,
 * §7.5 SRK template; the same as `tpm2_createprimary -G ecc256:aes128cfb`
 * with unique = 64 zero bytes, and systemd's): restricted decrypt key,
 * fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|noDA, nameAlg
 * SHA-256, AES-128-CFB, unique all zeros.
 */
void mtpm_srk_template_ecc(mtpm_TPM2B_PUBLIC *t);
void mtpm_srk_template_rsa(mtpm_TPM2B_PUBLIC *t);


typedef struct {
	const uint8_t *secret;          /* 1 to MTPM_SEAL_MAX_SECRET bytes */
	size_t secret_len;
	const uint8_t *pin;             /* NULL: no PIN */
	size_t pin_len;                 /* at most 64 */
	/* 0: 0x81000001 when it holds a storage key, else a transient ECC
	 * SRK; a persistent handle; or MTPM_RH_OWNER for a transient SRK
	 * (ECC, or RSA-2048 with parent_rsa). */
	uint32_t parent;
	uint8_t parent_rsa;
	/* The policy to record and replay, without the PolicyAuthValue a PIN
	 * adds (seal appends it). NULL or no steps: no policy, the object
	 * is used with its authValue through a salted HMAC session. */
	const mtpm_keyfile_policy *policy;
} mtpm_seal_opts;

/*
 * Seal: pick or create the parent, record its Name and public area,
 * compute the object's authPolicy offline from the steps, and create a
 * KEYEDHASH object holding the secret through a session salted to the
 * parent whose decrypt attribute keeps the secret and the PIN encrypted on
 * the bus. Nothing stays loaded. kf is filled for mtpm_keyfile_write_*.
 */
mtpm_rc mtpm_seal(mtpm_ctx *ctx, const mtpm_seal_opts *o, mtpm_keyfile *kf);

/*
 * Unseal: Load under the parent (its Name checked against the one recorded
 * before any secret moves), a policy session salted to the parent, the
 * recorded policy, and Unseal with continueSession clear and the response
 * encrypted; then FlushContext. With a known parent that is five
 * commands. On failure *failed_cc (if not NULL) names the command that
 * failed, and nothing stays loaded.
 */
mtpm_rc mtpm_unseal(mtpm_ctx *ctx, const mtpm_keyfile *kf, const uint8_t *pin,
		    size_t pin_len, uint8_t *out, size_t cap, size_t *out_len,
		    uint32_t *failed_cc);

/* The object's authPolicy the steps give (Part 3 §23): steps before the
 * last PolicyOR or PolicyAuthorize do not count, since both start from
 * zero. PolicyAuthorize's keySign is the Name of auth->key. */
mtpm_rc mtpm_seal_policy_digest(const mtpm_crypto *cr, uint16_t alg,
				const mtpm_keyfile_policy *p, int add_auth_value,
				mtpm_TPM2B_DIGEST *digest);

#endif
