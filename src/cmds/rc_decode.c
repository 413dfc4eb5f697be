/*
 * rc_decode.c - the one place an mtpm_rc becomes text.
 *
 * TPM response codes follow Part 2 §6.6: bit 7 set is format-1 (an error
 * about a handle, parameter or session, numbered in bits 8-11); bit 7 clear
 * with bit 8 set is format-0 (bit 11: warning, bit 10: vendor). Every lookup
 * is a bounded switch on a masked value, so no wire value can index
 * anything (the mistake behind CVE-2023-22745).
 */
#include <string.h>
#include "mtpm/rc.h"
#include "mtpm/tpm.h"

struct rc_text {
	const char *name;
	const char *what;
};

static const struct rc_text *local_text(mtpm_rc rc)
{
	static const struct rc_text t[] = {
		{ "MTPM_E_MALFORMED", "malformed response or input" },
		{ "MTPM_E_TRANSPORT", "I/O with the TPM failed" },
		{ "MTPM_E_TIMEOUT", "the TPM did not answer in time" },
		{ "MTPM_E_USAGE", "invalid argument" },
		{ "MTPM_E_SPACE", "buffer too small" },
		{ "MTPM_E_INTEGRITY", "response failed verification: possible bus tampering" },
		{ "MTPM_E_CRYPTO", "cryptographic operation failed" },
		{ "MTPM_E_NAME", "the key's Name differs from the one recorded: wrong TPM or parent, or an interposer" },
		{ "MTPM_E_UNSUPPORTED", "algorithm or feature not supported" },
		{ "MTPM_E_NOTPM", "no TPM found" },
		{ "MTPM_E_RETRY_EXHAUSTED", "the TPM kept asking to retry" },
		{ "MTPM_E_POLICY", "the policy cannot be satisfied" },
		{ "MTPM_E_FILE", "file could not be read or written" },
		{ "MTPM_E_TOO_LARGE", "input too large" },
		{ "MTPM_E_STATE", "session or object not in a usable state" },
		{ "MTPM_E_ENTROPY", "no platform entropy source for the session's salt and nonces" },
	};
	switch (rc) {
	case MTPM_E_MALFORMED: return &t[0];
	case MTPM_E_TRANSPORT: return &t[1];
	case MTPM_E_TIMEOUT: return &t[2];
	case MTPM_E_USAGE: return &t[3];
	case MTPM_E_SPACE: return &t[4];
	case MTPM_E_INTEGRITY: return &t[5];
	case MTPM_E_CRYPTO: return &t[6];
	case MTPM_E_NAME: return &t[7];
	case MTPM_E_UNSUPPORTED: return &t[8];
	case MTPM_E_NOTPM: return &t[9];
	case MTPM_E_RETRY_EXHAUSTED: return &t[10];
	case MTPM_E_POLICY: return &t[11];
	case MTPM_E_FILE: return &t[12];
	case MTPM_E_TOO_LARGE: return &t[13];
	case MTPM_E_STATE: return &t[14];
	case MTPM_E_ENTROPY: return &t[15];
	default: return NULL;
	}
}

/* MTPM_RC_NAMES_ONLY (the static initramfs build, examples/examples.mk):
 * the TPM codes' names without their sentences, 4.5 KiB less; local
 * errors keep theirs. */
#ifdef MTPM_RC_NAMES_ONLY
#define RC(code, name, what) case code: { static const struct rc_text x = { name, NULL }; return &x; }
#else
#define RC(code, name, what) case code: { static const struct rc_text x = { name, what }; return &x; }
#endif

/* Part 2 §6.6.3 format-1 errors, by the 6-bit error number plus 0x80. */
static const struct rc_text *fmt1_text(unsigned e)
{
	switch (e) {
	RC(0x081, "TPM_RC_ASYMMETRIC", "asymmetric algorithm not supported or not correct")
	RC(0x082, "TPM_RC_ATTRIBUTES", "inconsistent attributes")
	RC(0x083, "TPM_RC_HASH", "hash algorithm not supported or not appropriate")
	RC(0x084, "TPM_RC_VALUE", "value is out of range or is not correct for the context")
	RC(0x085, "TPM_RC_HIERARCHY", "hierarchy is not enabled or is not correct for the use")
	RC(0x087, "TPM_RC_KEY_SIZE", "key size is not supported")
	RC(0x088, "TPM_RC_MGF", "mask generation function not supported")
	RC(0x089, "TPM_RC_MODE", "mode of operation not supported")
	RC(0x08A, "TPM_RC_TYPE", "the type of the value is not appropriate for the use")
	RC(0x08B, "TPM_RC_HANDLE", "the handle is not correct for the use")
	RC(0x08C, "TPM_RC_KDF", "unsupported key derivation function")
	RC(0x08D, "TPM_RC_RANGE", "value was out of allowed range")
	RC(0x08E, "TPM_RC_AUTH_FAIL", "the authorization HMAC check failed and DA counter incremented")
	RC(0x08F, "TPM_RC_NONCE", "invalid nonce size or nonce value mismatch")
	RC(0x090, "TPM_RC_PP", "authorization requires assertion of PP")
	RC(0x092, "TPM_RC_SCHEME", "unsupported or incompatible scheme")
	RC(0x095, "TPM_RC_SIZE", "structure is the wrong size")
	RC(0x096, "TPM_RC_SYMMETRIC", "unsupported symmetric algorithm or key size, or not appropriate for instance")
	RC(0x097, "TPM_RC_TAG", "incorrect structure tag")
	RC(0x098, "TPM_RC_SELECTOR", "union selector is incorrect")
	RC(0x09A, "TPM_RC_INSUFFICIENT", "the TPM was unable to unmarshal a value because there were not enough octets in the input buffer")
	RC(0x09B, "TPM_RC_SIGNATURE", "the signature is not valid")
	RC(0x09C, "TPM_RC_KEY", "key fields are not compatible with the selected use")
	RC(0x09D, "TPM_RC_POLICY_FAIL", "a policy check failed")
	RC(0x09F, "TPM_RC_INTEGRITY", "integrity check failed")
	RC(0x0A0, "TPM_RC_TICKET", "invalid ticket")
	RC(0x0A1, "TPM_RC_RESERVED_BITS", "reserved bits not set to zero as required")
	RC(0x0A2, "TPM_RC_BAD_AUTH", "authorization failure without DA implications")
	RC(0x0A3, "TPM_RC_EXPIRED", "the policy has expired")
	RC(0x0A4, "TPM_RC_POLICY_CC", "the commandCode in the policy is not the commandCode of the command")
	RC(0x0A5, "TPM_RC_BINDING", "public and sensitive portions of an object are not cryptographically bound")
	RC(0x0A6, "TPM_RC_CURVE", "curve not supported")
	RC(0x0A7, "TPM_RC_ECC_POINT", "point is not on the required curve")
	default: return NULL;
	}
}

/* Part 2 §6.6.3 format-0 errors (VER1 0x100 + number). */
static const struct rc_text *fmt0_text(unsigned e)
{
	switch (e) {
	RC(0x100, "TPM_RC_INITIALIZE", "TPM not initialized by TPM2_Startup or already initialized")
	RC(0x101, "TPM_RC_FAILURE", "commands not being accepted because of a TPM failure")
	RC(0x103, "TPM_RC_SEQUENCE", "improper use of a sequence handle")
	RC(0x10B, "TPM_RC_PRIVATE", "not currently used")
	RC(0x119, "TPM_RC_HMAC", "not currently used")
	RC(0x120, "TPM_RC_DISABLED", "the command is disabled")
	RC(0x121, "TPM_RC_EXCLUSIVE", "command failed because audit sequence required exclusivity")
	RC(0x124, "TPM_RC_AUTH_TYPE", "authorization handle is not correct for command")
	RC(0x125, "TPM_RC_AUTH_MISSING", "command requires an authorization session for handle and it is not present")
	RC(0x126, "TPM_RC_POLICY", "policy failure in math operation or an invalid authPolicy value")
	RC(0x127, "TPM_RC_PCR", "PCR check fail")
	RC(0x128, "TPM_RC_PCR_CHANGED", "PCR have changed since checked")
	RC(0x12D, "TPM_RC_UPGRADE", "the TPM is in field upgrade mode")
	RC(0x12E, "TPM_RC_TOO_MANY_CONTEXTS", "context ID counter is at maximum")
	RC(0x12F, "TPM_RC_AUTH_UNAVAILABLE", "authValue or authPolicy is not available for selected entity")
	RC(0x130, "TPM_RC_REBOOT", "a _TPM_Init and Startup(CLEAR) is required before the TPM can resume operation")
	RC(0x131, "TPM_RC_UNBALANCED", "the protection algorithms (hash and symmetric) are not reasonably balanced")
	RC(0x142, "TPM_RC_COMMAND_SIZE", "command commandSize value is inconsistent with contents of the command buffer")
	RC(0x143, "TPM_RC_COMMAND_CODE", "command code not supported")
	RC(0x144, "TPM_RC_AUTHSIZE", "the value of authorizationSize is out of range")
	RC(0x145, "TPM_RC_AUTH_CONTEXT", "use of an authorization session with a context command or another command that cannot have an authorization session")
	RC(0x146, "TPM_RC_NV_RANGE", "NV offset+size is out of range")
	RC(0x147, "TPM_RC_NV_SIZE", "requested allocation size is larger than allowed")
	RC(0x148, "TPM_RC_NV_LOCKED", "NV access locked")
	RC(0x149, "TPM_RC_NV_AUTHORIZATION", "NV access authorization fails in command actions")
	RC(0x14A, "TPM_RC_NV_UNINITIALIZED", "an NV Index is used before being initialized")
	RC(0x14B, "TPM_RC_NV_SPACE", "insufficient space for NV allocation")
	RC(0x14C, "TPM_RC_NV_DEFINED", "NV Index or persistent object already defined")
	RC(0x150, "TPM_RC_BAD_CONTEXT", "context in TPM2_ContextLoad is not valid")
	RC(0x151, "TPM_RC_CPHASH", "cpHash value already set or not correct for use")
	RC(0x152, "TPM_RC_PARENT", "handle for parent is not a valid parent")
	RC(0x153, "TPM_RC_NEEDS_TEST", "some function needs testing")
	RC(0x154, "TPM_RC_NO_RESULT", "an internal function cannot process a request due to an unspecified problem")
	RC(0x155, "TPM_RC_SENSITIVE", "the sensitive area did not unmarshal correctly after decryption")
	/* warnings (0x900 + number) */
	RC(0x901, "TPM_RC_CONTEXT_GAP", "gap for context ID is too large")
	RC(0x902, "TPM_RC_OBJECT_MEMORY", "out of memory for object contexts")
	RC(0x903, "TPM_RC_SESSION_MEMORY", "out of memory for session contexts")
	RC(0x904, "TPM_RC_MEMORY", "out of shared object/session memory or need space for internal operations")
	RC(0x905, "TPM_RC_SESSION_HANDLES", "out of session handles; a session must be flushed before a new session may be created")
	RC(0x906, "TPM_RC_OBJECT_HANDLES", "out of object handles; flush an object first")
	RC(0x907, "TPM_RC_LOCALITY", "bad locality")
	RC(0x908, "TPM_RC_YIELDED", "the TPM has suspended operation on the command")
	RC(0x909, "TPM_RC_CANCELED", "the command was canceled")
	RC(0x90A, "TPM_RC_TESTING", "TPM is performing self-tests")
	RC(0x920, "TPM_RC_NV_RATE", "the TPM is rate-limiting accesses to prevent wearout of NV")
	RC(0x921, "TPM_RC_LOCKOUT", "authorizations for objects subject to DA protection are not allowed at this time because the TPM is in DA lockout mode")
	RC(0x922, "TPM_RC_RETRY", "the TPM was not able to start the command")
	RC(0x923, "TPM_RC_NV_UNAVAILABLE", "the command may require writing of NV and NV is not current accessible")
	default: return NULL;
	}
}

mtpm_rc mtpm_rc_base(mtpm_rc rc)
{
	if (rc == MTPM_OK || (rc & MTPM_E_LOCAL))
		return rc;
	if (rc & MTPM_RC_FMT1)
		return rc & 0xBF;       /* drop the N and P fields */
	return rc & 0xFFF;
}

/* Append s to buf (bounded, always terminated). */
static void cat(char *buf, size_t len, size_t *at, const char *s)
{
	while (*s && *at + 1 < len)
		buf[(*at)++] = *s++;
	if (len)
		buf[*at < len ? *at : len - 1] = '\0';
}

static void cat_hex(char *buf, size_t len, size_t *at, uint32_t v)
{
	char h[11];
	int i;

	h[0] = '0';
	h[1] = 'x';
	for (i = 0; i < 8; i++)
		h[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xF];
	h[10] = '\0';
	/* drop leading zeros but keep at least three digits */
	for (i = 2; i < 7 && h[i] == '0'; i++)
		;
	h[i - 2] = '0';
	h[i - 1] = 'x';
	cat(buf, len, at, h + i - 2);
}

const char *mtpm_rc_str(mtpm_rc rc, char *buf, size_t len)
{
	const struct rc_text *t;
	size_t at = 0;
	char num[2] = { 0, 0 };

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (rc == MTPM_OK) {
		cat(buf, len, &at, "success");
		return buf;
	}
	if (rc & MTPM_E_LOCAL) {
		t = local_text(rc);
		cat(buf, len, &at, t ? t->what : "unknown local error");
		cat(buf, len, &at, " (");
		cat(buf, len, &at, t ? t->name : "MTPM_E_?");
		cat(buf, len, &at, ")");
		return buf;
	}
	if (rc > 0xFFF) {   /* TPM codes have 12 bits (Part 2 §6.6) */
		cat(buf, len, &at, "unknown response code ");
		cat_hex(buf, len, &at, rc);
		return buf;
	}
	if (rc & MTPM_RC_FMT1) {
		unsigned n = (rc >> 8) & 0xF;

		t = fmt1_text(rc & 0xBF);
		cat(buf, len, &at, t ? t->name : "TPM_RC_(format-1 unknown)");
		cat(buf, len, &at, " (");
		cat_hex(buf, len, &at, rc);
		cat(buf, len, &at, ")");
		if (!t || t->what) {
			cat(buf, len, &at, ": ");
			cat(buf, len, &at, t ? t->what : "unknown error");
		}
		if (rc & 0x40) {                    /* P: parameter number */
			cat(buf, len, &at, ", parameter ");
		} else if (n & 0x8) {               /* session number */
			cat(buf, len, &at, ", session ");
			n &= 0x7;
		} else if (n) {                     /* handle number */
			cat(buf, len, &at, ", handle ");
		}
		if (n || (rc & 0x40)) {
			if (n >= 10) {
				num[0] = '1';
				cat(buf, len, &at, num);
				n -= 10;
			}
			num[0] = (char)('0' + n);
			cat(buf, len, &at, num);
		}
		return buf;
	}
	if (rc & MTPM_RC_VER1) {
		t = (rc & 0x400) ? NULL : fmt0_text(rc & 0xF7F);
		cat(buf, len, &at, t ? t->name
			: (rc & 0x400) ? "TPM vendor-defined code" : "TPM_RC_(format-0 unknown)");
		cat(buf, len, &at, " (");
		cat_hex(buf, len, &at, rc);
		cat(buf, len, &at, ")");
		if (t && t->what) {
			cat(buf, len, &at, ": ");
			cat(buf, len, &at, t->what);
		}
		return buf;
	}
	cat(buf, len, &at, "TPM 1.2 or unknown response code (");
	cat_hex(buf, len, &at, rc);
	cat(buf, len, &at, ")");
	return buf;
}
