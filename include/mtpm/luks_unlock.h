/*
 * mtpm/luks_unlock.h - turn a parsed LUKS2 TPM token (mtpm/luks.h) into
 * the volume's passphrase, with the same parent trust and bus protection
 * as mtpm_unseal (mtpm/seal.h), which does the TPM work.
 *
 *   systemd-tpm2 (systemd-cryptenroll 252): tpm2-blob is TPM2B_PRIVATE ||
 *     TPM2B_PUBLIC under tpm2-tools' default primary (tpm2-primary-alg,
 *     SHA-256); policy PolicyPCR(tpm2-pcr-bank: tpm2-pcrs) [PolicyAuthValue
 *     with authValue SHA-256(PIN)]; the passphrase is the base64 (RFC 4648
 *     §4, padded) of the unsealed bytes.
 *   clevis tpm2 pin (clevis 19): jwk_pub/jwk_priv under tpm2-tools' default
 *     primary (key, nameAlg hash); policy PolicyPCR(pcr_bank: pcr_ids) in
 *     hash, or none; the unsealed bytes are a JWK whose k decrypts the JWE
 *     (AES-256-GCM); the passphrase is the JWE plaintext.
 * docs/luks-formats.md has every fact and how it was checked.
 *
 * Tokens carry no parent Name (systemd 252, clevis): the caller supplies
 * the trusted one, usually from the pinned-parent file under the key
 * mtpm_luks_token_parent names.
 */
#ifndef MTPM_LUKS_UNLOCK_H
#define MTPM_LUKS_UNLOCK_H

#include "luks.h"
#include "seal.h"

#define MTPM_LUKS_PASS_MAX 512   /* the longest passphrase produced */

typedef struct {
	const uint8_t *pin;             /* the PIN as typed; NULL: none */
	size_t pin_len;
	const mtpm_TPM2B_NAME *parent_name;   /* trusted Name of the primary */
	/* pcrDigest of the token's PCR policy (the policy hash over the
	 * current values, Part 3 §23.7) when the caller read them: the
	 * whole policy is then computed offline and compared with the
	 * token's and the object's before Load (MTPM_E_POLICY when the PCRs
	 * changed). NULL or size 0: the TPM takes its current values. */
	const mtpm_TPM2B_DIGEST *pcr_digest;
	/* A signed PCR policy (tpm2_pubkey): the signing key as systemd
	 * loads it (mtpm_luks_sign_key_template), the pcrDigest of the
	 * current values of tpm2_pubkey_pcrs, and the signature of the
	 * approved policy they give (mtpm_luks_sig_find). */
	const mtpm_TPM2B_PUBLIC *sign_key;
	const mtpm_TPM2B_DIGEST *pubkey_pcr_digest;
	const uint8_t *sig;
	size_t sig_len;
	unsigned flags;                 /* MTPM_TRUST_TPM_PARENT */
} mtpm_luks_unlock_opts;

/* What the token's policy reads: its PCR selection (count 0: none) and the
 * policy hash algorithm pcrDigest must use; and whether it needs a PIN. */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_token_pcrs(const mtpm_luks_token *tok, mtpm_TPML_PCR_SELECTION *sel,
			     uint16_t *policy_alg, int *needs_pin);

/* The primary template a token's object lives under, and its key in a
 * pinned-parent file ("tools-ecc", "tools-rsa", with "-sha1" or
 * "-sha384" for another nameAlg); key holds at least 24 bytes. */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_token_parent(const mtpm_luks_token *tok, mtpm_TPM2B_PUBLIC *tmpl,
			       char key[24]);

/*
 * Unseal the token and write the passphrase (no terminator) to
 * pass[0..cap). MTPM_E_UNSUPPORTED for another token type; a signed
 * systemd policy needs sign_key, pubkey_pcr_digest and sig (MTPM_E_USAGE
 * without them); MTPM_E_MALFORMED when the token's policy hash is
 * not the sealed object's; MTPM_E_POLICY when the PCRs differ;
 * MTPM_E_NAME for an untrusted or wrong parent; a GCM tag that does not
 * verify is MTPM_E_INTEGRITY. Nothing stays loaded; pass is wiped on
 * failure; failed_cc as for mtpm_unseal. work is the caller's scratch (a
 * key file is ~30 KB: static storage, not the stack); wiped on return.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_unlock(mtpm_ctx *ctx, const mtpm_luks_token *tok,
			 const mtpm_luks_unlock_opts *o, mtpm_keyfile *work,
			 uint8_t *pass, size_t cap, size_t *len, uint32_t *failed_cc);

/* systemd's template for the key of a signed PCR policy (tpm2-util.c, as
 * LoadExternal'd in the owner hierarchy; tpm2_loadexternal -G rsa gives
 * the same Name): nameAlg SHA-256, sign|decrypt|userWithAuth, no
 * symmetric, NULL scheme, the RSA exponent written out (65537). Applied
 * to an RSA public area from the key's PEM. */
void mtpm_luks_sign_key_template(mtpm_TPM2B_PUBLIC *k);

/*
 * systemd's PCR signature file: the signature of the entry for bank whose
 * PCR set is pcrs and whose approved policy is pol (the PolicyPCR digest
 * of the current values). MTPM_E_POLICY: no such entry (the PCRs are not
 * in a signed state); MTPM_E_MALFORMED: not such a file. t is scratch.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_sig_find(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			   uint16_t bank, uint32_t pcrs, const mtpm_TPM2B_DIGEST *pol,
			   uint8_t *sig, size_t cap, size_t *sig_len);

/* The LUKS2 keyslots in use (bit i: slot "i"). t is scratch. */
MTPM_MUST_CHECK mtpm_rc mtpm_luks2_keyslots(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			    uint32_t *mask);

/* The parent Name a token written by `mtpm luks enrol` records in its
 * "mtpm-parent-name" field (systemd 252 ignores keys it does not know;
 * 254+ records the primary in its own tpm2_srk). MTPM_E_POLICY when the
 * token has none, MTPM_E_MALFORMED when it is not a Name. */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_token_name(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			     mtpm_TPM2B_NAME *name);

/* Standard base64 with padding (RFC 4648 §4) of in[0..n) into out, which
 * holds 4 * ceil(n / 3) bytes; returns that length. */
size_t mtpm_b64_encode(const uint8_t *in, size_t n, char *out);

#endif
