/*
 * mtpm/rc.h - the one result type of mtpm.
 *
 * Every function that can fail returns mtpm_rc. Two ranges that can never be
 * confused:
 *
 *   0x00000000            MTPM_OK
 *   0x00000001-0x0000FFFF a TPM response code, passed through verbatim
 *                         (TPM 2.0 Library Part 2 §6.6; format-0 and format-1
 *                         codes all fit below 0x1000 plus the N/P/S fields)
 *   0x80000000-0x8000FFFF a local mtpm error (below)
 *
 * mtpm_rc_str() in src/cmds/rc_decode.c is the one place that turns either
 * kind into text.
 */
#ifndef MTPM_RC_H
#define MTPM_RC_H

#include <stdint.h>
#include <stddef.h>

typedef uint32_t mtpm_rc;

/* Marks every library function that returns an mtpm_rc: a caller that
 * drops the result gets a warning, an error under WERROR=1. A result
 * dropped on purpose (a flush on a path that already failed) goes
 * through mtpm_rc_ignore, so the choice is written down. gcc warns even
 * through a (void) cast, which is why a function and not a cast. */
#if defined(__GNUC__) || defined(__clang__)
#define MTPM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define MTPM_MUST_CHECK
#endif

/* Drop an mtpm_rc on purpose (see MTPM_MUST_CHECK). */
static inline void mtpm_rc_ignore(mtpm_rc rc)
{
	(void)rc;
}

#define MTPM_OK               0x00000000u
#define MTPM_E_LOCAL          0x80000000u  /* base of the local range */

/* Local errors: what went wrong on our side of the bus. */
#define MTPM_E_MALFORMED      0x80000001u  /* a response or file does not parse */
#define MTPM_E_TRANSPORT      0x80000002u  /* I/O with the TPM failed */
#define MTPM_E_TIMEOUT        0x80000003u  /* the TPM did not answer in time */
#define MTPM_E_USAGE          0x80000004u  /* bad argument from the caller */
#define MTPM_E_SPACE          0x80000005u  /* a buffer or bound is too small */
#define MTPM_E_INTEGRITY      0x80000006u  /* response failed verification: possible bus tampering */
#define MTPM_E_CRYPTO         0x80000007u  /* the crypto backend failed */
#define MTPM_E_NAME           0x80000008u  /* an entity's Name is not the one expected: wrong TPM or parent, or an interposer */
#define MTPM_E_UNSUPPORTED    0x80000009u  /* algorithm or feature not supported by mtpm */
#define MTPM_E_NOTPM          0x8000000Au  /* no TPM device or server could be opened */
#define MTPM_E_RETRY_EXHAUSTED 0x8000000Bu /* TPM kept answering RETRY/YIELDED/TESTING */
#define MTPM_E_POLICY         0x8000000Cu  /* a policy cannot be satisfied (e.g. PCRs differ) */
#define MTPM_E_FILE           0x8000000Du  /* a file could not be read or written */
#define MTPM_E_TOO_LARGE      0x8000000Eu  /* input larger than the TPM allows */
#define MTPM_E_STATE          0x8000000Fu  /* call made in the wrong state (e.g. session already ended) */
#define MTPM_E_ENTROPY        0x80000010u  /* no platform entropy source for a session's salt or nonces */

/* True when rc came from the TPM rather than from mtpm itself. */
static inline int mtpm_rc_is_tpm(mtpm_rc rc)
{
	return rc != MTPM_OK && (rc & MTPM_E_LOCAL) == 0;
}

/*
 * Decode any mtpm_rc to text into buf (always NUL-terminated). Returns buf.
 * TPM codes are decoded as in Part 2 §6.6: format-0 (VER1/warning/vendor)
 * and format-1 with the handle, parameter or session number they name.
 */
const char *mtpm_rc_str(mtpm_rc rc, char *buf, size_t len);

/* The format-1 base code (Part 2 §6.6.3) or the format-0 code, with the
 * N/P/S fields removed; the identity for local codes. */
MTPM_MUST_CHECK mtpm_rc mtpm_rc_base(mtpm_rc rc);

#endif
