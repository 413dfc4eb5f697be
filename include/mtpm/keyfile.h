/*
 * mtpm/keyfile.h - the TPM 2.0 key file ("TSS2 PRIVATE KEY"), as in
 * draft-bottomley-tpm2-keys, for sealed data (OID 2.23.133.10.1.5):
 *
 *   TPMKey ::= SEQUENCE {
 *     type        OBJECT IDENTIFIER,                     -- 2.23.133.10.1.5
 *     emptyAuth   [0] EXPLICIT BOOLEAN OPTIONAL,
 *     policy      [1] EXPLICIT SEQUENCE OF TPMPolicy OPTIONAL,
 *     secret      [2] EXPLICIT OCTET STRING OPTIONAL,    -- refused: not for sealed data
 *     authPolicy  [3] EXPLICIT SEQUENCE OF TPMAuthPolicy OPTIONAL,
 *     description [4] EXPLICIT UTF8String OPTIONAL,
 *     rsaParent   [5] EXPLICIT BOOLEAN OPTIONAL,
 *     parent      INTEGER,
 *     pubkey      OCTET STRING,                          -- TPM2B_PUBLIC
 *     privkey     OCTET STRING }                         -- TPM2B_PRIVATE
 *   TPMPolicy ::= SEQUENCE {
 *     commandCode   [0] EXPLICIT INTEGER,
 *     commandPolicy [1] EXPLICIT OCTET STRING }          -- the command's parameters
 *   TPMAuthPolicy ::= SEQUENCE {
 *     name   [0] EXPLICIT UTF8String OPTIONAL,
 *     policy [1] EXPLICIT SEQUENCE OF TPMPolicy }
 *
 * commandPolicy holds the policy command's parameters after the session
 * handle, marshalled as on the wire: PolicyPCR pcrDigest || pcrs; PolicyOR
 * pHashList; PolicyCommandCode code; PolicyAuthValue and PolicyPassword
 * nothing. PolicyAuthorize: policyRef (TPM2B) || the signing key's
 * TPM2B_PUBLIC, and in an authPolicy entry also || TPMT_SIGNATURE over
 * aHash = H(approvedPolicy || policyRef).
 *
 * The writer emits the kernel's layout for a policy-free key (type,
 * emptyAuth, parent, pubkey, privkey: the kernel's tpm2key.asn1 has no
 * other field). The reader is strict DER but accepts what real writers emit
 * (the kernel encodes TRUE as 0x01).
 *
 * mtpm's own additions ride in the PEM's explanatory text before the BEGIN
 * line (RFC 7468 §5.2 lets parsers ignore it, and OpenSSL does), so every
 * consumer can still read the file:
 *   mtpm-parent-name: HEX        the parent's Name at seal time
 *   mtpm-parent-public: BASE64   the parent's TPM2B_PUBLIC, for salting
 *                                without a ReadPublic round trip
 *   mtpm-pcr: BANK:PCR=HEX       a sealed PCR value, to name a mismatch
 */
#ifndef MTPM_KEYFILE_H
#define MTPM_KEYFILE_H

#include "session.h"

#define MTPM_KEYFILE_MAX_STEPS 6     /* policy steps in one sequence */
#define MTPM_KEYFILE_MAX_AUTHPOL 3   /* signed policies in authPolicy */
#define MTPM_KEYFILE_MAX_PCRS 24     /* mtpm-pcr lines */
#define MTPM_KEYFILE_MAX_DER 8192
#define MTPM_KEYFILE_MAX_PEM 16384

/* A PolicyAuthorize step's extras: the signing key, and in an authPolicy
 * entry the signature over the approved policy. */
typedef struct {
	mtpm_TPM2B_PUBLIC key;
	mtpm_TPMT_SIGNATURE sig;
	uint8_t has_sig;
} mtpm_keyfile_auth;

typedef struct {
	unsigned nsteps;
	mtpm_policy_step steps[MTPM_KEYFILE_MAX_STEPS];
	mtpm_keyfile_auth auth;           /* for a PolicyAuthorize step (at most one) */
} mtpm_keyfile_policy;

typedef struct {
	uint16_t hash;
	uint8_t pcr;
	mtpm_TPM2B_DIGEST value;
} mtpm_keyfile_pcr;

typedef struct {
	uint8_t empty_auth;
	uint8_t rsa_parent;
	uint32_t parent;                  /* persistent handle, or MTPM_RH_OWNER for the SRK template */
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_PRIVATE priv;
	mtpm_keyfile_policy policy;       /* [1] */
	unsigned nauthpol;                /* [3] */
	mtpm_keyfile_policy authpol[MTPM_KEYFILE_MAX_AUTHPOL];
	/* mtpm's PEM additions; size 0 / count 0 when absent */
	mtpm_TPM2B_NAME parent_name;
	mtpm_TPM2B_PUBLIC parent_pub;
	unsigned npcrs;
	mtpm_keyfile_pcr pcrs[MTPM_KEYFILE_MAX_PCRS];
} mtpm_keyfile;

/* Parse a key file: PEM (with optional mtpm lines before BEGIN), or DER.
 * Strict; with kf zeroed, MTPM_E_UNSUPPORTED for a well-formed TPM key of
 * another kind (not sealed data) or a policy command mtpm cannot run, and
 * MTPM_E_MALFORMED for anything else it does not understand.
 *
 * scratch: the caller's work space for the DER a PEM body decodes to (up
 * to MTPM_KEYFILE_MAX_DER bytes; a smaller one is enough for a smaller
 * file, else MTPM_E_SPACE), so that reading a key file needs no large
 * stack frame and the structure carries no buffer: a bootloader passes
 * what it can spare. May be NULL (cap 0) for DER input. Wiped before
 * return. */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_read(const uint8_t *in, size_t n, mtpm_keyfile *kf,
					  uint8_t *scratch, size_t scratch_cap);
/* DER only. */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_read_der(const uint8_t *in, size_t n, mtpm_keyfile *kf);
/* Encode as DER into out (capacity cap); *len gets the size. */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_write_der(const mtpm_keyfile *kf, uint8_t *out, size_t cap,
			       size_t *len);
/* Encode as PEM with the mtpm lines; *len excludes the NUL it writes. */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_write_pem(const mtpm_keyfile *kf, uint8_t *out, size_t cap,
			       size_t *len);

/* The base64 body between -----BEGIN label----- and -----END label-----
 * (RFC 7468), decoded into out. */
MTPM_MUST_CHECK mtpm_rc mtpm_pem_decode(const char *label, const uint8_t *in, size_t n,
			uint8_t *out, size_t cap, size_t *len);

/* Raw files as tpm2_create -u / -r write them: one TPM2B_PUBLIC or one
 * TPM2B_PRIVATE, nothing after it. */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_read_public(const uint8_t *in, size_t n, mtpm_TPM2B_PUBLIC *pub);
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_read_private(const uint8_t *in, size_t n, mtpm_TPM2B_PRIVATE *priv);

/* Marshal/unmarshal one policy step's commandPolicy (used by the key file
 * and by mtpm policy). */
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_put_step(mtpm_cur *c, const mtpm_policy_step *st,
			      const mtpm_keyfile_auth *auth);
MTPM_MUST_CHECK mtpm_rc mtpm_keyfile_get_step(mtpm_cur *c, uint32_t cc, mtpm_policy_step *st,
			      mtpm_keyfile_auth *auth);

#endif
