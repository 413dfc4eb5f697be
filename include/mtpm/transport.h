/*
 * mtpm/transport.h - how command bytes reach a TPM.
 *
 * A transport moves one complete command frame to the TPM and brings one
 * complete response frame back. It knows nothing of TPM structures beyond
 * the 10-byte header (Part 1 §18.2 command/response header fields: tag
 * u16, commandSize/responseSize u32, commandCode/responseCode u32), whose
 * size field it uses to find the end of a response on a stream.
 *
 * The interface is the first few fields of struct mtpm_transport:
 * transmit/close, timeout_ms, resource_manager, desc, and user for code
 * outside the library. Each implementation keeps its own state (an fd, a
 * function pointer) in the opaque `state` area, which only that
 * implementation's file reads. Nothing here allocates: all of it lives in
 * the mtpm_transport the caller owns.
 *
 * Contract of transmit():
 *   - send cmd[0..cmd_len), receive at most rsp_cap bytes into rsp;
 *   - on success set *rsp_len to the number of bytes received, which is the
 *     header's size field (a stream transport reads exactly that many);
 *   - a response whose header size exceeds rsp_cap: MTPM_E_SPACE (the
 *     callback transport: when the callback reports more than rsp_cap
 *     bytes; a response it cut to fit then fails the size check below);
 *     a header size < MTPM_HDR_LEN, or one that disagrees with the bytes
 *     received: MTPM_E_MALFORMED; a peer that closes mid-frame:
 *     MTPM_E_TRANSPORT; never a partial success;
 *   - never block forever: MTPM_E_TIMEOUT after timeout_ms.
 */
#ifndef MTPM_TRANSPORT_H
#define MTPM_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"
#include "tpm.h" /* MTPM_HDR_LEN: the header's length, Part 1 §18.2 */

#define MTPM_TCTI_MAX 256
#define MTPM_DEFAULT_TIMEOUT_MS 120000 /* long commands (RSA keygen) on slow TPMs */

/* Pointer-sized words of private state an implementation may keep inside
 * its mtpm_transport (the library's own need one fd or two pointers). */
#define MTPM_TRANSPORT_STATE_WORDS 4

typedef struct mtpm_transport mtpm_transport;

/* Byte-level callback, for bootloaders: the integrator's function sends a
 * frame and receives one, under the transmit() contract above. */
typedef mtpm_rc (*mtpm_xfer_fn)(void *user, const uint8_t *cmd, size_t cmd_len,
				uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

struct mtpm_transport {
	mtpm_rc (*transmit)(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);
	void (*close)(mtpm_transport *t);
	/* Bound on one exchange in ms; <= 0 means MTPM_DEFAULT_TIMEOUT_MS.
	 * Open sets the default; a caller may lower it after open. The
	 * fd-based transports enforce it; a callback's driver keeps its own
	 * timeouts. */
	int timeout_ms;
	/* 1 when a resource manager stands between us and the TPM (the
	 * kernel's /dev/tpmrm*): it isolates our transient objects and
	 * sessions from other users and flushes them when we close. 0 (the
	 * default: /dev/tpm0, swtpm, fd:N, a callback) means whatever a
	 * command leaves loaded stays in the TPM, so the library recovers
	 * handles a lost response would leak (src/cmds/pipeline.c,
	 * "Nothing left loaded"). An integrator whose driver does sit
	 * behind a resource manager may set it; a wrapping transport copies
	 * its inner one's. */
	uint8_t resource_manager;
	/* What was opened, or what was tried and why it failed, for the
	 * caller's messages ("swtpm:host=127.0.0.1,port=2321: no server"). */
	char desc[MTPM_TCTI_MAX];
	/* For a transmit function written outside the library (a test's
	 * recording or tampering wrapper, an integrator's own transport):
	 * its context. The library's transports only zero it on open. */
	void *user;
	/* Private to the implementation that opened t: only its own file
	 * reads it, through its own struct (with a compile-time check that
	 * the struct fits). The members only give the area its size and
	 * alignment. */
	union {
		void *word[MTPM_TRANSPORT_STATE_WORDS];
		long long align_ll;
		void (*align_fn)(void);
	} state;
};

/* A parsed TCTI string: "device:/dev/tpmrm0", "swtpm:host=H,port=P",
 * "swtpm:path=/run/swtpm.sock", "fd:N". */
typedef struct {
	enum { MTPM_TCTI_DEVICE, MTPM_TCTI_SWTPM_TCP, MTPM_TCTI_SWTPM_UNIX,
	       MTPM_TCTI_FD } kind;
	char path[MTPM_TCTI_MAX];  /* device path or unix socket path */
	char host[64];             /* swtpm TCP host (numeric or localhost) */
	uint16_t port;             /* swtpm data port; control is port + 1 */
	int fd;                    /* fd: an already-connected stream */
	char ctrl_path[MTPM_TCTI_MAX]; /* swtpm:path=..,ctrl=P: unix control socket, or "" */
} mtpm_tcti;

/* Parse a TCTI string. NULL or "" means the default device. Strict: an
 * unknown kind or key (also after a device path: "device:/dev/tpmrm0,a=1"),
 * a relative device path, a missing value, a bad port or an over-long
 * field is MTPM_E_USAGE. */
MTPM_MUST_CHECK mtpm_rc mtpm_tcti_parse(const char *s, mtpm_tcti *out);

/* Open the transport a TCTI names. For the device kind with no explicit
 * path, /dev/tpmrm0 is used, and /dev/tpm0 only when /dev/tpmrm0 does not
 * exist (ENOENT); tpmrm0 present but unusable (EACCES, EBUSY, ...) is
 * MTPM_E_NOTPM naming tpmrm0 and why, never a silent step down to the
 * device without a resource manager. For swtpm kinds the control channel
 * is not touched (see mtpm_swtpm_power_on). */
MTPM_MUST_CHECK mtpm_rc mtpm_transport_open(mtpm_transport *t, const mtpm_tcti *tcti);
void mtpm_transport_close(mtpm_transport *t);

/* swtpm control channel (swtpm_ioctl's CMD_INIT): power the TPM on. For
 * TCP, the control port is port + 1; for a unix data socket it is the
 * ctrl= socket if one was given, else there is no control channel and this
 * is a no-op. */
MTPM_MUST_CHECK mtpm_rc mtpm_swtpm_power_on(const mtpm_tcti *tcti);

/* Wrap an integrator's callback as a transport (no libc needed). */
void mtpm_transport_callback(mtpm_transport *t, mtpm_xfer_fn fn, void *user);

/* The header's size field (commandSize or responseSize) of the frame
 * starting at buf[0..len), read through the cursor: the one place a
 * transport reads a wire value. MTPM_E_MALFORMED when len < MTPM_HDR_LEN
 * (then *size is 0) or the size is below MTPM_HDR_LEN; MTPM_E_SPACE when
 * it exceeds cap (a frame that would not fit the caller's buffer). */
MTPM_MUST_CHECK mtpm_rc mtpm_transport_frame_size(const uint8_t *buf, size_t len, size_t cap, uint32_t *size);

/* Shared frame check used by every transport: MTPM_HDR_LEN <= got and the
 * header's size field equals got (callers have already bounded got by
 * their capacity). */
MTPM_MUST_CHECK mtpm_rc mtpm_transport_check_frame(const uint8_t *rsp, size_t got);

/* The transmit() preconditions every transport checks before touching the
 * wire (an integrator's own transmit should too): non-NULL rsp and
 * rsp_len, a command whose header size equals cmd_len (else
 * MTPM_E_USAGE), room for at least a header (else MTPM_E_SPACE). Zeroes
 * *rsp_len. */
MTPM_MUST_CHECK mtpm_rc mtpm_transport_check_args(const uint8_t *cmd, size_t cmd_len,
				  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

#endif
