/*
 * mtpm/luks.h - LUKS2 headers and the unlock tokens systemd-cryptenroll and
 * clevis store in them, read with no allocation and no TPM.
 *
 * What is here (src/luks/, README there):
 *   mtpm_luks2_read        the binary header and JSON area of a LUKS2
 *                          device or image, both copies, checksum verified;
 *   mtpm_luks2_list_tokens the "tokens" object of that JSON: id, type,
 *                          keyslots and where each token's JSON is;
 *   mtpm_luks_token_parse  one token ("systemd-tpm2" or "clevis") into
 *                          fixed-size fields;
 *   mtpm_jwe_parse_*       a clevis JWE (compact or flattened JSON), its
 *                          protected header and clevis.tpm2 parameters;
 *   mtpm_jwe_decrypt       AES-256-GCM, fail closed;
 *   mtpm_jwk_oct_key       the key in the JWK the clevis tpm2 pin seals;
 *   mtpm_b64_decode        strict base64 / base64url.
 * Nothing here talks to a TPM: unsealing is the caller's job.
 *
 * Citations: "LUKS2 §x" is the LUKS2 On-Disk Format Specification,
 * version 1.1.4 (cryptsetup docs/on-disk-format-luks2.pdf); JWE is
 * RFC 7516, base64 RFC 4648.
 *
 * Everything the disk holds is attacker-editable: the LUKS2 checksum
 * detects corruption, not forgery. Every parser here bounds what it reads,
 * refuses what it does not fully understand, and on any failure leaves its
 * outputs all zero. Callers own every buffer; sizes are below.
 *
 * JSON goes through jsmn (Debian libjsmn-dev, strict mode, parent links)
 * over a caller-supplied token array, then a structural pass of ours:
 * one top-level object, keys with exactly one value, the separators
 * between tokens, number and literal grammar, no control characters in
 * strings, nesting at most MTPM_JSON_DEPTH_MAX, no duplicate key among
 * those read. No recursion anywhere.
 */
#ifndef MTPM_LUKS_H
#define MTPM_LUKS_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"
#include "crypto.h"

/* --- limits ---------------------------------------------------------------- */

#define MTPM_LUKS2_TOKENS_MAX  32        /* token ids 0-31 (cryptsetup's limit) */
#define MTPM_LUKS2_KEYSLOTS_MAX 32       /* keyslot ids 0-31 */
#define MTPM_JSON_DEPTH_MAX    16        /* objects/arrays inside each other */
#define MTPM_JSON_TEXT_MAX     0x400000u /* the largest LUKS2 JSON area (4 MiB - 4 KiB) fits */
/* JSON text buffer the CLI uses for mtpm_luks2_read: any header's JSON
 * area (12 KiB - 4092 KiB) is read and checksummed; its text (up to the
 * NUL) must fit. cryptsetup's default area is 12 KiB. */
#define MTPM_LUKS2_JSON_BUF    65536
/* Tokens (jsmn tokens: every key, value and container counts one) the
 * CLI provides: a header with 32 keyslots and 32 tokens needs ~2000. */
#define MTPM_JSON_TOKENS       4096

#define MTPM_LUKS_BLOB_MAX     2048      /* tpm2-blob: TPM2B_PRIVATE || TPM2B_PUBLIC */
#define MTPM_LUKS_PUBKEY_MAX   2048      /* tpm2_pubkey: the PEM file systemd read */
#define MTPM_LUKS_SRK_MAX      1024      /* tpm2_srk: tpm2-tss Esys_TR_Serialize output */
#define MTPM_LUKS_SALT_MAX     64        /* tpm2_salt */
#define MTPM_JWE_HDR_MAX       4096      /* decoded JWE protected header */
#define MTPM_JWE_PUB_MAX       1024      /* clevis jwk_pub: TPM2B_PUBLIC */
#define MTPM_JWE_PRIV_MAX      (2 + 1024) /* clevis jwk_priv: TPM2B_PRIVATE */

/* --- diagnostics ------------------------------------------------------------ */

/* Why a parse failed, for a one-line message (mtpm_luks_why_str). The
 * mtpm_rc says what kind of failure it was: MTPM_E_MALFORMED,
 * MTPM_E_SPACE (a bound of ours), MTPM_E_UNSUPPORTED (well formed, not
 * something mtpm does), or the read callback's own code. */
enum {
	MTPM_LUKS_W_OK,
	/* LUKS2 header, per copy (LUKS2 §2.1, §2.2) */
	MTPM_LUKS_W_READ,        /* the read callback failed (short device?) */
	MTPM_LUKS_W_MAGIC,
	MTPM_LUKS_W_VERSION,
	MTPM_LUKS_W_HDR_SIZE,    /* hdr_size not one of LUKS2 §2.1 Table 1 */
	MTPM_LUKS_W_OFFSET,      /* hdr_offset is not where the copy was found */
	MTPM_LUKS_W_STRINGS,     /* label, checksum_alg, uuid or subsystem unterminated */
	MTPM_LUKS_W_CSUM_ALG,    /* checksum algorithm other than sha256 */
	MTPM_LUKS_W_CHECKSUM,
	MTPM_LUKS_W_JSON_START,  /* JSON area does not start with '{' */
	MTPM_LUKS_W_JSON_NUL,    /* JSON area holds no terminating NUL */
	MTPM_LUKS_W_JSON_TAIL,   /* non-zero bytes after the NUL */
	MTPM_LUKS_W_JSON_SPACE,  /* JSON text larger than the caller's buffer */
	/* JSON */
	MTPM_LUKS_W_SYNTAX,
	MTPM_LUKS_W_DEPTH,       /* nested deeper than MTPM_JSON_DEPTH_MAX */
	MTPM_LUKS_W_TOKENS,      /* more JSON tokens than the caller's array */
	MTPM_LUKS_W_DUP,         /* a key appears twice */
	MTPM_LUKS_W_MISSING,     /* a required key is absent */
	MTPM_LUKS_W_TYPE,        /* a value of the wrong JSON type */
	MTPM_LUKS_W_STRING,      /* a bad escape or control character in a string */
	MTPM_LUKS_W_VALUE,       /* a number, id or name out of range */
	MTPM_LUKS_W_SIZE,        /* a value larger than its field */
	MTPM_LUKS_W_BASE64,
	MTPM_LUKS_W_HEX,
	/* tokens */
	MTPM_LUKS_W_TOKEN_TYPE,  /* neither systemd-tpm2 nor clevis */
	MTPM_LUKS_W_PCRLOCK,     /* systemd-pcrlock policy (tpm2_pcrlock: true) */
	MTPM_LUKS_W_MULTI,       /* several tpm2-blob / tpm2-policy-hash entries */
	/* JWE / JWK */
	MTPM_LUKS_W_JWE_FORM,    /* not compact (5 parts) or flattened JSON, or aad/header/recipients */
	MTPM_LUKS_W_JWE_ALG,     /* alg not "dir", or an encrypted_key */
	MTPM_LUKS_W_JWE_ENC,     /* enc not "A256GCM" */
	MTPM_LUKS_W_JWE_CRIT,    /* "crit" or "zip" in the header */
	MTPM_LUKS_W_PIN,         /* clevis pin other than tpm2 (tang, sss, ...) */
	MTPM_LUKS_W_JWE_IV,      /* iv not 96 bits */
	MTPM_LUKS_W_JWE_TAG,     /* tag not 128 bits */
	MTPM_LUKS_W_JWK,         /* not an oct JWK with a 256-bit k */
	MTPM_LUKS_W_COUNT
};

typedef struct {
	uint8_t why;         /* MTPM_LUKS_W_*; mtpm_luks2_read: the primary copy's */
	uint8_t why2;        /* mtpm_luks2_read: the secondary copy's */
	uint32_t at;         /* byte offset in the JSON text of the failure */
	const char *field;   /* the JSON key being read (a static string), or NULL */
} mtpm_luks_diag;

/* A short lower-case phrase for a why code; "?" for an unknown one. */
const char *mtpm_luks_why_str(unsigned why);

/* --- base64 (RFC 4648) --------------------------------------------------------- */

#define MTPM_B64_URL  0x1u   /* §5 alphabet (-_); '=' refused (RFC 7515 §2) */
#define MTPM_B64_PAD  0x2u   /* '=' padding required (otherwise optional) */
#define MTPM_B64_WS   0x4u   /* skip spaces, tabs and line breaks (PEM bodies) */

/*
 * Decode in[0..n). Strict: any character outside the alphabet, '=' other
 * than one or two at the end completing a 4-character group, a group of
 * one character, and non-zero bits left over in the last character are
 * all MTPM_E_MALFORMED, so every byte string has exactly one accepted
 * encoding (two when padding is optional). Output larger than cap:
 * MTPM_E_SPACE. out may be NULL with cap 0 to validate and count only.
 * The character-to-value step has no branch or table lookup on the data
 * (keys come through here). On failure out[0..cap) is wiped and *len 0.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_b64_decode(unsigned flags, const char *in, size_t n, uint8_t *out,
			size_t cap, size_t *len);

/* --- LUKS2 header (LUKS2 §2) ------------------------------------------------------ */

/* Read len bytes at byte offset off of the device or image into buf.
 * MTPM_OK only when all len bytes were read: a short read must fail. */
typedef mtpm_rc (*mtpm_luks2_read_fn)(void *io, uint64_t off, uint8_t *buf, size_t len);

typedef struct {
	uint64_t hdr_size;      /* binary header + JSON area (LUKS2 §2.1 Table 1) */
	uint64_t seqid;
	uint64_t hdr_offset;    /* 0: the primary copy was used; else the secondary's offset */
	char label[48];         /* NUL-terminated, as on disk */
	char uuid[40];
	char subsystem[48];
	size_t json_len;        /* strlen of the JSON text in the caller's buffer */
} mtpm_luks2_hdr;

/*
 * Read a LUKS2 header: the primary copy at 0; the secondary at the
 * primary's hdr_size when the primary is valid, else probed at every
 * offset of LUKS2 §2.1 Table 1. A copy is valid when its magic, version
 * 2, hdr_size, hdr_offset, NUL-terminated strings and checksum_alg
 * "sha256" check, the SHA-256 over its hdr_size bytes with the checksum
 * field zeroed (LUKS2 §2.1) equals the stored one (cr's hash), and its
 * JSON area is '{' ... NUL then zeros (LUKS2 §2.2). Of two valid copies the
 * higher seqid wins, the primary on a tie (LUKS2 §4.5); a copy that fails
 * any check is never used. The winner's JSON text goes to json
 * (NUL-terminated; cap must exceed its length, else MTPM_E_SPACE: the
 * area itself may be up to 4 MiB, it is streamed through the checksum
 * 512 bytes at a time).
 * Errors: MTPM_E_MALFORMED no valid copy; MTPM_E_UNSUPPORTED when a copy
 * was refused for its checksum algorithm; the callback's code when not
 * even the primary could be read. d (may be NULL) says why each copy was
 * refused, also on success (a damaged primary behind a good secondary).
 * On failure *h and json[0..cap) are zero.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_luks2_read(const mtpm_crypto *cr, mtpm_luks2_read_fn rd, void *io,
			char *json, size_t cap, mtpm_luks2_hdr *h,
			mtpm_luks_diag *d);

/* --- JSON ------------------------------------------------------------------------ */

/* Storage for the JSON tokenizer: jsmn's jsmntok_t with parent links,
 * layout-identical (static_assert in src/luks/jsmn.c). Callers only
 * provide the array; every parse overwrites it. */
typedef struct {
	int type, start, end, size, parent;
} mtpm_json_tok;

/* --- tokens (LUKS2 §3.6) ------------------------------------------------------------ */

enum {
	MTPM_LUKS_TOKEN_OTHER = 1,     /* any other type: listed, never parsed */
	MTPM_LUKS_TOKEN_SYSTEMD_TPM2,  /* "systemd-tpm2" (systemd-cryptenroll) */
	MTPM_LUKS_TOKEN_CLEVIS         /* "clevis" (clevis luks bind) */
};

typedef struct {
	uint8_t type;          /* MTPM_LUKS_TOKEN_* */
	uint32_t keyslots;     /* bit i: keyslot "i" is listed */
	uint32_t off, len;     /* the token's JSON object: json[off .. off + len) */
} mtpm_luks2_tokref;

typedef struct {
	uint32_t present;      /* bit i: token "i" exists */
	mtpm_luks2_tokref tok[MTPM_LUKS2_TOKENS_MAX];   /* indexed by token id */
} mtpm_luks2_tokens;

/*
 * The "tokens" object of a LUKS2 JSON text (from mtpm_luks2_read): every
 * token's id (a decimal 0-31, LUKS2 §3), type and keyslots (both
 * mandatory, LUKS2 §3.6). Iterate ids 0-31 in order to try tokens the way
 * cryptsetup does. t[0..nt) is scratch.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_luks2_list_tokens(const char *json, size_t len, mtpm_json_tok *t,
			       size_t nt, mtpm_luks2_tokens *out,
			       mtpm_luks_diag *d);

/* A systemd-tpm2 token, field by field (systemd 252-257 write these;
 * systemd's src/shared/tpm2-util.c tpm2_make_luks2_json). */
typedef struct {
	uint32_t pcrs;             /* tpm2-pcrs, bit i: PCR i (0-23) */
	uint32_t pubkey_pcrs;      /* tpm2_pubkey_pcrs (signed policy), 0 if absent */
	uint16_t pcr_bank;         /* tpm2-pcr-bank as MTPM_ALG_SHA*; 0 absent (systemd: pick automatically) */
	uint16_t primary_alg;      /* tpm2-primary-alg: MTPM_ALG_ECC (also when absent) or MTPM_ALG_RSA */
	uint8_t pin;               /* tpm2-pin */
	uint16_t blob_len;         /* tpm2-blob: TPM2B_PRIVATE then TPM2B_PUBLIC */
	uint16_t policy_hash_len;  /* tpm2-policy-hash */
	uint16_t pubkey_len;       /* tpm2_pubkey: the PEM systemd was given, 0 if absent */
	uint16_t salt_len;         /* tpm2_salt (systemd 254+), 0 if absent */
	uint16_t srk_len;          /* tpm2_srk (systemd 254+), 0 if absent */
	uint8_t blob[MTPM_LUKS_BLOB_MAX];
	uint8_t policy_hash[64];
	uint8_t pubkey[MTPM_LUKS_PUBKEY_MAX];
	uint8_t salt[MTPM_LUKS_SALT_MAX];
	uint8_t srk[MTPM_LUKS_SRK_MAX];
} mtpm_luks_systemd;

/* A clevis JWE (RFC 7516) with the tpm2 pin's parameters. prot and ct
 * point into the text that was parsed: keep it until mtpm_jwe_decrypt. */
typedef struct {
	const char *prot;          /* BASE64URL(protected header) exactly as stored: the AAD */
	size_t prot_len;
	const char *ct;            /* BASE64URL(ciphertext) */
	size_t ct_len;
	size_t pt_len;             /* plaintext bytes mtpm_jwe_decrypt writes */
	uint8_t iv[12];
	uint8_t tag[16];
	/* clevis.tpm2 (clevis-encrypt-tpm2) */
	uint16_t hash;             /* "hash": nameAlg of the primary and object, MTPM_ALG_SHA* */
	uint16_t key;              /* "key": primary type, MTPM_ALG_ECC or MTPM_ALG_RSA */
	uint16_t pcr_bank;         /* "pcr_bank", MTPM_ALG_SHA*; 0 when no PCRs */
	uint32_t pcrs;             /* "pcr_ids" ("0,7" or [0,7]), bit i: PCR i */
	uint16_t pub_len, priv_len;
	uint8_t pub[MTPM_JWE_PUB_MAX];    /* "jwk_pub": TPM2B_PUBLIC as tpm2_create -u wrote it */
	uint8_t priv[MTPM_JWE_PRIV_MAX];  /* "jwk_priv": TPM2B_PRIVATE as tpm2_create -r wrote it */
	uint16_t hdr_len;
	char hdr[MTPM_JWE_HDR_MAX];       /* the protected header, decoded, NUL-terminated */
} mtpm_jwe;

typedef struct {
	uint8_t type;              /* MTPM_LUKS_TOKEN_SYSTEMD_TPM2 or _CLEVIS */
	uint32_t keyslots;         /* bit i: keyslot "i" */
	union {
		mtpm_luks_systemd sd;
		mtpm_jwe jwe;      /* clevis: "jwe", flattened JSON or compact string */
	} u;
} mtpm_luks_token;

/*
 * One token's JSON object (a tokref's span, or `cryptsetup token export`
 * output). systemd-tpm2: tpm2-blob, tpm2-pcrs, tpm2-policy-hash required;
 * tpm2-blob and tpm2-policy-hash may be one-element arrays (systemd 255+),
 * more elements are MTPM_E_UNSUPPORTED, as is tpm2_pcrlock: true;
 * tpm2_pubkey_pcrs without tpm2_pubkey is malformed (as in systemd).
 * Unknown keys are ignored (systemd ignores them too; a key that changes
 * the policy changes tpm2-policy-hash, which the caller must check).
 * clevis: "jwe" as for mtpm_jwe_parse_*. Other types: MTPM_E_UNSUPPORTED.
 * t[0..nt) is scratch. For a clevis token, json must outlive out.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_luks_token_parse(const char *json, size_t len, mtpm_json_tok *t,
			      size_t nt, mtpm_luks_token *out,
			      mtpm_luks_diag *d);

/* --- JWE (RFC 7516), as clevis writes it ---------------------------------------------- */

/*
 * Compact serialization (RFC 7516 §7.1): five base64url parts joined by
 * '.', no whitespace. Flattened JSON serialization (§7.2.2), as
 * `clevis luks bind` stores it in the token: protected, iv, ciphertext,
 * tag (strings without escapes), encrypted_key absent or empty; aad,
 * unprotected, header and recipients are refused. Either way the
 * protected header must say alg "dir", enc "A256GCM", no crit or zip,
 * clevis.pin "tpm2" (another pin: MTPM_E_UNSUPPORTED) and clevis.tpm2
 * hash, key, jwk_pub, jwk_priv, and pcr_bank when pcr_ids is non-empty
 * (clevis-decrypt-tpm2's requirements).
 */
MTPM_MUST_CHECK mtpm_rc mtpm_jwe_parse_compact(const char *s, size_t n, mtpm_json_tok *t,
			       size_t nt, mtpm_jwe *j, mtpm_luks_diag *d);
MTPM_MUST_CHECK mtpm_rc mtpm_jwe_parse_json(const char *json, size_t len, mtpm_json_tok *t,
			    size_t nt, mtpm_jwe *j, mtpm_luks_diag *d);

/*
 * AES-256-GCM decryption (NIST SP 800-38D; BearSSL br_gcm over the
 * constant-time br_aes_ct) with the 96-bit iv and the ASCII protected
 * header as AAD (RFC 7516 §5.2 steps 14-16). Writes j->pt_len bytes to out
 * only when the tag verifies (constant-time compare); otherwise
 * MTPM_E_INTEGRITY with out[0..cap) wiped and *len 0. cap < j->pt_len:
 * MTPM_E_SPACE. The plaintext is the caller's to wipe.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_jwe_decrypt(const mtpm_jwe *j, const uint8_t key[32], uint8_t *out,
			 size_t cap, size_t *len);

/*
 * The content encryption key from the JWK clevis-encrypt-tpm2 sealed
 * (`jose jwk gen -i '{"alg":"A256GCM"}'`, RFC 7518 §6.4): kty "oct", k a
 * base64url 256-bit key, alg "A256GCM" if present. Whitespace around the
 * object (clevis seals a trailing newline) is fine. On failure key is
 * wiped. t[0..nt) is scratch, and holds only offsets afterwards.
 */
MTPM_MUST_CHECK mtpm_rc mtpm_jwk_oct_key(const char *json, size_t len, mtpm_json_tok *t,
			 size_t nt, uint8_t key[32], mtpm_luks_diag *d);

#endif
