/*
 * rc_decode.c - the one place an mtpm_rc becomes text.
 *
 * TPM response codes follow Part 2 §6.6: bit 7 set is format-1 (an error
 * about a handle, parameter or session, numbered in bits 8-11); bit 7 clear
 * with bit 8 set is format-0 (bit 11: warning, bit 10: vendor). Every lookup
 * is a bounded search of a const table for a masked value, so no wire
 * value can index anything (the mistake behind CVE-2023-22745).
 */
#include <string.h>
#include "mtpm/rc.h"
#include "mtpm/tpm.h"

/* A local error's name and sentence; a static build keeps both. */
struct local_text {
	mtpm_rc code;
	const char *name;
	const char *what;
};

static const struct local_text local_texts[] = {
	{ MTPM_E_MALFORMED, "MTPM_E_MALFORMED", "malformed response or input" },
	{ MTPM_E_TRANSPORT, "MTPM_E_TRANSPORT", "I/O with the TPM failed" },
	{ MTPM_E_TIMEOUT, "MTPM_E_TIMEOUT", "the TPM did not answer in time" },
	{ MTPM_E_USAGE, "MTPM_E_USAGE", "invalid argument" },
	{ MTPM_E_SPACE, "MTPM_E_SPACE", "buffer too small" },
	{ MTPM_E_INTEGRITY, "MTPM_E_INTEGRITY", "response failed verification: possible bus tampering" },
	{ MTPM_E_CRYPTO, "MTPM_E_CRYPTO", "cryptographic operation failed" },
	{ MTPM_E_NAME, "MTPM_E_NAME", "the key's Name differs from the one recorded: wrong TPM or parent, or an interposer" },
	{ MTPM_E_UNSUPPORTED, "MTPM_E_UNSUPPORTED", "algorithm or feature not supported" },
	{ MTPM_E_NOTPM, "MTPM_E_NOTPM", "no TPM found" },
	{ MTPM_E_RETRY_EXHAUSTED, "MTPM_E_RETRY_EXHAUSTED", "the TPM kept asking to retry" },
	{ MTPM_E_POLICY, "MTPM_E_POLICY", "the policy cannot be satisfied" },
	{ MTPM_E_FILE, "MTPM_E_FILE", "file could not be read or written" },
	{ MTPM_E_TOO_LARGE, "MTPM_E_TOO_LARGE", "input too large" },
	{ MTPM_E_STATE, "MTPM_E_STATE", "session or object not in a usable state" },
	{ MTPM_E_ENTROPY, "MTPM_E_ENTROPY", "no platform entropy source for the session's salt and nonces" },
};

/* A TPM code's name and sentence, keyed by its masked code: the error
 * number plus 0x80 for format-1, with VER1 (0x100) or the warning bits
 * (0x900) for format-0, so the two ranges never meet. MTPM_RC_NAMES_ONLY
 * (the static initramfs build, examples/examples.mk) keeps the names
 * without their sentences, 4.5 KiB less; local errors keep theirs. */
struct rc_text {
	uint16_t code;
	const char *name;
#ifndef MTPM_RC_NAMES_ONLY
	const char *what;
#endif
};

#ifdef MTPM_RC_NAMES_ONLY
#define RC(code, name, what) { code, name }
#define WHAT(t) NULL
#else
#define RC(code, name, what) { code, name, what }
#define WHAT(t) ((t)->what)
#endif

static const struct rc_text rc_texts[] = {
	/* Part 2 §6.6.3 format-1 errors (0x080 + number) */
	RC(0x081, "TPM_RC_ASYMMETRIC", "asymmetric algorithm not supported or not correct"),
	RC(0x082, "TPM_RC_ATTRIBUTES", "inconsistent attributes"),
	RC(0x083, "TPM_RC_HASH", "hash algorithm not supported or not appropriate"),
	RC(0x084, "TPM_RC_VALUE", "value is out of range or is not correct for the context"),
	RC(0x085, "TPM_RC_HIERARCHY", "hierarchy is not enabled or is not correct for the use"),
	RC(0x087, "TPM_RC_KEY_SIZE", "key size is not supported"),
	RC(0x088, "TPM_RC_MGF", "mask generation function not supported"),
	RC(0x089, "TPM_RC_MODE", "mode of operation not supported"),
	RC(0x08A, "TPM_RC_TYPE", "the type of the value is not appropriate for the use"),
	RC(0x08B, "TPM_RC_HANDLE", "the handle is not correct for the use"),
	RC(0x08C, "TPM_RC_KDF", "unsupported key derivation function"),
	RC(0x08D, "TPM_RC_RANGE", "value was out of allowed range"),
	RC(0x08E, "TPM_RC_AUTH_FAIL", "the authorization HMAC check failed and DA counter incremented"),
	RC(0x08F, "TPM_RC_NONCE", "invalid nonce size or nonce value mismatch"),
	RC(0x090, "TPM_RC_PP", "authorization requires assertion of PP"),
	RC(0x092, "TPM_RC_SCHEME", "unsupported or incompatible scheme"),
	RC(0x095, "TPM_RC_SIZE", "structure is the wrong size"),
	RC(0x096, "TPM_RC_SYMMETRIC", "unsupported symmetric algorithm or key size, or not appropriate for instance"),
	RC(0x097, "TPM_RC_TAG", "incorrect structure tag"),
	RC(0x098, "TPM_RC_SELECTOR", "union selector is incorrect"),
	RC(0x09A, "TPM_RC_INSUFFICIENT", "the TPM was unable to unmarshal a value because there were not enough octets in the input buffer"),
	RC(0x09B, "TPM_RC_SIGNATURE", "the signature is not valid"),
	RC(0x09C, "TPM_RC_KEY", "key fields are not compatible with the selected use"),
	RC(0x09D, "TPM_RC_POLICY_FAIL", "a policy check failed"),
	RC(0x09F, "TPM_RC_INTEGRITY", "integrity check failed"),
	RC(0x0A0, "TPM_RC_TICKET", "invalid ticket"),
	RC(0x0A1, "TPM_RC_RESERVED_BITS", "reserved bits not set to zero as required"),
	RC(0x0A2, "TPM_RC_BAD_AUTH", "authorization failure without DA implications"),
	RC(0x0A3, "TPM_RC_EXPIRED", "the policy has expired"),
	RC(0x0A4, "TPM_RC_POLICY_CC", "the commandCode in the policy is not the commandCode of the command"),
	RC(0x0A5, "TPM_RC_BINDING", "public and sensitive portions of an object are not cryptographically bound"),
	RC(0x0A6, "TPM_RC_CURVE", "curve not supported"),
	RC(0x0A7, "TPM_RC_ECC_POINT", "point is not on the required curve"),
	/* Part 2 §6.6.3 format-0 errors (VER1 0x100 + number) */
	RC(0x100, "TPM_RC_INITIALIZE", "TPM not initialized by TPM2_Startup or already initialized"),
	RC(0x101, "TPM_RC_FAILURE", "commands not being accepted because of a TPM failure"),
	RC(0x103, "TPM_RC_SEQUENCE", "improper use of a sequence handle"),
	RC(0x10B, "TPM_RC_PRIVATE", "not currently used"),
	RC(0x119, "TPM_RC_HMAC", "not currently used"),
	RC(0x120, "TPM_RC_DISABLED", "the command is disabled"),
	RC(0x121, "TPM_RC_EXCLUSIVE", "command failed because audit sequence required exclusivity"),
	RC(0x124, "TPM_RC_AUTH_TYPE", "authorization handle is not correct for command"),
	RC(0x125, "TPM_RC_AUTH_MISSING", "command requires an authorization session for handle and it is not present"),
	RC(0x126, "TPM_RC_POLICY", "policy failure in math operation or an invalid authPolicy value"),
	RC(0x127, "TPM_RC_PCR", "PCR check fail"),
	RC(0x128, "TPM_RC_PCR_CHANGED", "PCR have changed since checked"),
	RC(0x12D, "TPM_RC_UPGRADE", "the TPM is in field upgrade mode"),
	RC(0x12E, "TPM_RC_TOO_MANY_CONTEXTS", "context ID counter is at maximum"),
	RC(0x12F, "TPM_RC_AUTH_UNAVAILABLE", "authValue or authPolicy is not available for selected entity"),
	RC(0x130, "TPM_RC_REBOOT", "a _TPM_Init and Startup(CLEAR) is required before the TPM can resume operation"),
	RC(0x131, "TPM_RC_UNBALANCED", "the protection algorithms (hash and symmetric) are not reasonably balanced"),
	RC(0x142, "TPM_RC_COMMAND_SIZE", "command commandSize value is inconsistent with contents of the command buffer"),
	RC(0x143, "TPM_RC_COMMAND_CODE", "command code not supported"),
	RC(0x144, "TPM_RC_AUTHSIZE", "the value of authorizationSize is out of range"),
	RC(0x145, "TPM_RC_AUTH_CONTEXT", "use of an authorization session with a context command or another command that cannot have an authorization session"),
	RC(0x146, "TPM_RC_NV_RANGE", "NV offset+size is out of range"),
	RC(0x147, "TPM_RC_NV_SIZE", "requested allocation size is larger than allowed"),
	RC(0x148, "TPM_RC_NV_LOCKED", "NV access locked"),
	RC(0x149, "TPM_RC_NV_AUTHORIZATION", "NV access authorization fails in command actions"),
	RC(0x14A, "TPM_RC_NV_UNINITIALIZED", "an NV Index is used before being initialized"),
	RC(0x14B, "TPM_RC_NV_SPACE", "insufficient space for NV allocation"),
	RC(0x14C, "TPM_RC_NV_DEFINED", "NV Index or persistent object already defined"),
	RC(0x150, "TPM_RC_BAD_CONTEXT", "context in TPM2_ContextLoad is not valid"),
	RC(0x151, "TPM_RC_CPHASH", "cpHash value already set or not correct for use"),
	RC(0x152, "TPM_RC_PARENT", "handle for parent is not a valid parent"),
	RC(0x153, "TPM_RC_NEEDS_TEST", "some function needs testing"),
	RC(0x154, "TPM_RC_NO_RESULT", "an internal function cannot process a request due to an unspecified problem"),
	RC(0x155, "TPM_RC_SENSITIVE", "the sensitive area did not unmarshal correctly after decryption"),
	/* warnings (0x900 + number) */
	RC(0x901, "TPM_RC_CONTEXT_GAP", "gap for context ID is too large"),
	RC(0x902, "TPM_RC_OBJECT_MEMORY", "out of memory for object contexts"),
	RC(0x903, "TPM_RC_SESSION_MEMORY", "out of memory for session contexts"),
	RC(0x904, "TPM_RC_MEMORY", "out of shared object/session memory or need space for internal operations"),
	RC(0x905, "TPM_RC_SESSION_HANDLES", "out of session handles; a session must be flushed before a new session may be created"),
	RC(0x906, "TPM_RC_OBJECT_HANDLES", "out of object handles; flush an object first"),
	RC(0x907, "TPM_RC_LOCALITY", "bad locality"),
	RC(0x908, "TPM_RC_YIELDED", "the TPM has suspended operation on the command"),
	RC(0x909, "TPM_RC_CANCELED", "the command was canceled"),
	RC(0x90A, "TPM_RC_TESTING", "TPM is performing self-tests"),
	RC(0x920, "TPM_RC_NV_RATE", "the TPM is rate-limiting accesses to prevent wearout of NV"),
	RC(0x921, "TPM_RC_LOCKOUT", "authorizations for objects subject to DA protection are not allowed at this time because the TPM is in DA lockout mode"),
	RC(0x922, "TPM_RC_RETRY", "the TPM was not able to start the command"),
	RC(0x923, "TPM_RC_NV_UNAVAILABLE", "the command may require writing of NV and NV is not current accessible"),
};

/* The entry for a masked code, NULL if there is none. */
static const struct rc_text *tpm_text(unsigned key)
{
	size_t i;

	for (i = 0; i < sizeof(rc_texts) / sizeof(rc_texts[0]); i++)
		if (rc_texts[i].code == key)
			return &rc_texts[i];
	return NULL;
}

mtpm_rc mtpm_rc_base(mtpm_rc rc)
{
	if (rc == MTPM_OK || (rc & MTPM_E_LOCAL))
		return rc;
	if (rc & MTPM_RC_FMT1)
		return rc & 0xBF;       /* drop the N and P fields */
	return rc & 0xFFF;
}

/* The caller's buffer, filled from the start; at < len always, and
 * buf[at] is the terminator. */
struct out {
	char *buf;
	size_t len;
	size_t at;
};

/* Append s (bounded, always terminated). */
static void cat(struct out *o, const char *s)
{
	while (*s && o->at + 1 < o->len)
		o->buf[o->at++] = *s++;
	o->buf[o->at] = '\0';
}

/* Append v in hex, "0x" and at least three digits. */
static void cat_hex(struct out *o, uint32_t v)
{
	char h[11], *p = h + sizeof(h) - 1;
	unsigned n;

	*p = '\0';
	for (n = 0; n < 3 || v; n++, v >>= 4)   /* at most 8 digits */
		*--p = "0123456789abcdef"[v & 0xF];
	*--p = 'x';
	*--p = '0';
	cat(o, p);
}

const char *mtpm_rc_str(mtpm_rc rc, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	const struct rc_text *t = NULL;
	const char *name, *what = NULL;
	size_t i;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (rc == MTPM_OK) {
		cat(&o, "success");
		return buf;
	}
	if (rc & MTPM_E_LOCAL) {
		const struct local_text *l = NULL;

		for (i = 0; i < sizeof(local_texts) / sizeof(local_texts[0]); i++)
			if (local_texts[i].code == rc)
				l = &local_texts[i];
		cat(&o, l ? l->what : "unknown local error");
		cat(&o, " (");
		cat(&o, l ? l->name : "MTPM_E_?");
		cat(&o, ")");
		return buf;
	}
	if (rc > 0xFFF) {   /* TPM codes have 12 bits (Part 2 §6.6) */
		cat(&o, "unknown response code ");
		cat_hex(&o, rc);
		return buf;
	}
	/* Every TPM code reads "name (0x...)", then ": sentence" when
	 * there is one, then for format-1 what it is about. */
	if (rc & MTPM_RC_FMT1) {
		t = tpm_text(rc & 0xBF);
		name = t ? t->name : "TPM_RC_(format-1 unknown)";
		what = t ? WHAT(t) : "unknown error";
	} else if (!(rc & MTPM_RC_VER1)) {
		name = "TPM 1.2 or unknown response code";
	} else if (rc & 0x400) {
		name = "TPM vendor-defined code";
	} else {
		t = tpm_text(rc & 0xF7F);
		name = t ? t->name : "TPM_RC_(format-0 unknown)";
		what = t ? WHAT(t) : NULL;
	}
	cat(&o, name);
	cat(&o, " (");
	cat_hex(&o, rc);
	cat(&o, ")");
	if (what) {
		cat(&o, ": ");
		cat(&o, what);
	}
	if (rc & MTPM_RC_FMT1) {
		unsigned n = (rc >> 8) & 0xF;
		char num[3];

		if (rc & 0x40) {                    /* P: parameter number */
			cat(&o, ", parameter ");
		} else if (n & 0x8) {               /* session number */
			cat(&o, ", session ");
			n &= 0x7;
		} else if (n) {                     /* handle number */
			cat(&o, ", handle ");
		}
		if (n || (rc & 0x40)) {
			num[0] = (char)('0' + n / 10);
			num[1] = (char)('0' + n % 10);
			num[2] = '\0';
			cat(&o, num + (n < 10));
		}
	}
	return buf;
}
