/*
 * mtpm/seal.h - seal and unseal, the job mtpm exists for, with the
 * parent-trust model they share (docs: README "Trusting the parent").
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


/*
 * The parent of a sealed object (a storage key), resolved: its handle, its
 * public area and its Name. Every parent mtpm uses is checked against a
 * Name the caller trusts (a key file's record, a pinned-parent file, an
 * option); the Name the TPM reports is only ever compared, never believed
 * (threat-model/ T-PARENT-*).
 */
typedef struct {
	uint32_t handle;
	uint8_t transient;        /* created by mtpm_parent_resolve: flushed by release */
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_NAME name;
} mtpm_parent;

/* A Name a caller may pass as trusted: nameAlg || a digest of that
 * algorithm's size (Part 1 §16), nothing else (a handle-sized Name cannot
 * name a key). The one check every reader of a trusted Name uses. */
int mtpm_name_well_formed(const mtpm_TPM2B_NAME *n);

/* Flags for mtpm_parent_resolve, mtpm_seal_opts and mtpm_unseal_opts. */
/* INSECURE: with no expected Name, believe the parent the TPM presents
 * (or, at unseal, the public area a key file records). An active bus
 * interposer can then substitute its own key, learn the salt, read the
 * unsealed secret and test PINs offline. */
#define MTPM_TRUST_TPM_PARENT        0x1u
/* Let a recorded PolicyPassword run as PolicyPassword (the password in
 * clear in the authorization area). Off: mtpm_unseal runs
 * PolicyAuthValue in its place (same digest, Part 3 §23.18) and
 * mtpm_seal refuses to record it. */
#define MTPM_ALLOW_POLICY_PASSWORD   0x2u

/*
 * Find or create a parent and check it against expect.
 *   handle MTPM_RH_OWNER: create the TCG SRK (ECC P-256, or RSA-2048 with
 *     rsa) with CreatePrimary (Part 3 §24.1); the outPublic must be the
 *     template with unique filled in, and its Name the reported one.
 *   a persistent handle with pub: use pub (no round trip).
 *   a persistent handle without pub: ReadPublic (Part 3 §12.4).
 * expect NULL or empty: MTPM_E_NAME before any command, unless flags has
 * MTPM_TRUST_TPM_PARENT. A Name other than expect: MTPM_E_NAME, and a
 * created parent is flushed again. Not a storage key: MTPM_E_USAGE.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_parent_resolve(mtpm_ctx *ctx, uint32_t handle, int rsa,
			    const mtpm_TPM2B_PUBLIC *pub,
			    const mtpm_TPM2B_NAME *expect, unsigned flags,
			    mtpm_parent *pa);
/* The same with the primary's template given: handle MTPM_RH_OWNER
 * creates the primary from tmpl (another tool's storage-key template:
 * systemd's and clevis's primaries are tpm2-tools' default, see
 * mtpm_primary_template_tools); a persistent handle ignores tmpl. */
MTPM_MUST_CHECK mtpm_rc mtpm_parent_resolve_tmpl(mtpm_ctx *ctx, uint32_t handle,
				 const mtpm_TPM2B_PUBLIC *tmpl,
				 const mtpm_TPM2B_PUBLIC *pub,
				 const mtpm_TPM2B_NAME *expect, unsigned flags,
				 mtpm_parent *pa);
/* tpm2-tools' default storage primary (`tpm2_createprimary -G ecc|rsa -g
 * HASH`), which systemd-cryptenroll 252 and clevis-encrypt-tpm2 use:
 * restricted decrypt, fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth
 * (no noDA), AES-128-CFB, NULL scheme, P-256 or RSA-2048 with exponent 0,
 * unique zero-sized (docs/luks-formats.md has the bytes). */
void mtpm_primary_template_tools(mtpm_TPM2B_PUBLIC *t, int rsa, uint16_t name_alg);
/* The public area a create-type command returned is the template sent
 * (Part 3 §12.1, §24.1): equal when marshalled, but for unique, which is
 * the TPM's. MTPM_E_INTEGRITY when it differs. */
MTPM_MUST_CHECK mtpm_rc mtpm_public_is_template(const mtpm_TPM2B_PUBLIC *tmpl, const mtpm_TPM2B_PUBLIC *got);
/* Flush a transient parent; wipe pa. */
void mtpm_parent_release(mtpm_ctx *ctx, mtpm_parent *pa);

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
	/* The parent's trusted Name: the one the parent must have. NULL:
	 * trust on first use (whatever the TPM presents is recorded). */
	const mtpm_TPM2B_NAME *parent_name;
	/* A parent the caller already resolved (and releases): parent,
	 * parent_rsa and parent_name are then not used. */
	const mtpm_parent *resolved;
	/* The policy to record and replay, without the PolicyAuthValue a PIN
	 * adds (seal appends it). NULL or no steps: no policy, the object
	 * is used with its authValue through a salted HMAC session. */
	const mtpm_keyfile_policy *policy;
	unsigned flags;                 /* MTPM_ALLOW_POLICY_PASSWORD */
} mtpm_seal_opts;

/* The parent mtpm_seal uses when o->resolved is NULL: o->parent (0:
 * 0x81000001 when it holds a storage key with the trusted Name, else the
 * ECC SRK), held to o->parent_name, or trusted on first use without one.
 * Release it with mtpm_parent_release. */
MTPM_MUST_CHECK mtpm_rc mtpm_seal_parent(mtpm_ctx *ctx, const mtpm_seal_opts *o, mtpm_parent *pa);

/*
 * Seal: pick or create the parent, check it against parent_name, record
 * its Name and public area, compute the object's authPolicy offline from
 * the steps, and create a KEYEDHASH object holding the secret through a
 * session salted to the parent whose decrypt attribute keeps the secret
 * and the PIN encrypted on the bus. The outPublic must be the template
 * sent (Part 3 §12.1: only unique is the TPM's). Nothing stays loaded. kf
 * is filled for mtpm_keyfile_write_*.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_seal(mtpm_ctx *ctx, const mtpm_seal_opts *o, mtpm_keyfile *kf);

typedef struct {
	const uint8_t *pin;             /* NULL: no PIN */
	size_t pin_len;
	/* The Name the parent must have, from a source the caller trusts
	 * (usually kf->parent_name, a pinned-parent file or an option).
	 * NULL or empty: MTPM_E_NAME unless MTPM_TRUST_TPM_PARENT. */
	const mtpm_TPM2B_NAME *parent_name;
	/* The parent's public area when the caller has it (kf->parent_pub);
	 * saves the ReadPublic of a persistent parent. Checked against
	 * parent_name like any other. NULL: none. */
	const mtpm_TPM2B_PUBLIC *parent_pub;
	/* kf->parent MTPM_RH_OWNER: the primary's template; NULL: the TCG
	 * SRK (ECC, or RSA with kf->rsa_parent). */
	const mtpm_TPM2B_PUBLIC *parent_template;
	unsigned flags;                 /* MTPM_TRUST_TPM_PARENT, MTPM_ALLOW_POLICY_PASSWORD */
} mtpm_unseal_opts;

/*
 * Unseal: the parent checked against o->parent_name before any salt is
 * sent, Load under it, a policy session salted to it, the recorded policy
 * (PolicyPassword run as PolicyAuthValue), and Unseal with continueSession
 * clear and the response encrypted; then FlushContext. With a known
 * parent that is five commands. Whenever an HMAC session is used (a PIN,
 * or no policy) it also authorizes the Load, so a key at the parent handle
 * other than the trusted one fails there (MTPM_E_NAME) before the PIN
 * keys any HMAC. On failure *failed_cc (if not NULL) names the command
 * that failed, and nothing stays loaded.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_unseal(mtpm_ctx *ctx, const mtpm_keyfile *kf, const mtpm_unseal_opts *o,
		    uint8_t *out, size_t cap, size_t *out_len, uint32_t *failed_cc);

/*
 * Pinned-parent files: the trusted Names of parents, recorded once at
 * enrolment (mtpm parent pin) and carried into the initramfs. Text, one
 * entry a line, '#' starts a comment:
 *     KEY NAME_HEX
 * KEY is "ecc" or "rsa" (the transient TCG SRKs), a persistent handle as
 * 0x81xxxxxx, or another [a-z0-9-] word a caller defines. Find the Name
 * recorded for key: MTPM_OK; MTPM_E_POLICY when there is no such entry;
 * MTPM_E_MALFORMED for a line that does not parse or a key given twice.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_pinfile_find(const char *text, size_t n, const char *key,
			  mtpm_TPM2B_NAME *name);
/* The pinned-parent key of a key file's parent ("ecc", "rsa",
 * "0x81000001"); buf holds at least 11 bytes. */
void mtpm_pinfile_key(uint32_t parent, int rsa, char buf[11]);

/* Does the key file's policy (its sequence or a signed entry) use the
 * object's authValue (PolicyAuthValue, or PolicyPassword run as it)? */
int mtpm_keyfile_uses_auth(const mtpm_keyfile *kf);

/* The object's authPolicy the steps give (Part 3 §23): steps before the
 * last PolicyOR or PolicyAuthorize do not count, since both start from
 * zero. PolicyAuthorize's keySign is the Name of auth->key. */
MTPM_MUST_CHECK mtpm_rc mtpm_seal_policy_digest(const mtpm_crypto *cr, uint16_t alg,
				const mtpm_keyfile_policy *p, int add_auth_value,
				mtpm_TPM2B_DIGEST *digest);

/* Seal to any of n accepted PCR states (n from 2 to MTPM_MAX_POLICY_OR):
 * states[i] are PolicyPCR steps with their pcrDigest, all of one PCR
 * selection. out gets PolicyPCR on that selection with no digest (the TPM
 * takes its current values) then PolicyOR of each state's policy digest
 * in alg (Part 3 §23.7, §23.6). A selection that differs between states,
 * or n out of range, is MTPM_E_USAGE with out zeroed. */
MTPM_MUST_CHECK mtpm_rc mtpm_seal_pcr_or(const mtpm_crypto *cr, uint16_t alg,
					 const mtpm_policy_step *states, unsigned n,
					 mtpm_keyfile_policy *out);

#endif
