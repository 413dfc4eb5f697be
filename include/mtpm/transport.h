/*
 * mtpm/transport.h - how command bytes reach a TPM.
 *
 * A transport moves one complete command frame to the TPM and brings one
 * complete response frame back. It knows nothing of TPM structures beyond
 * the 10-byte header's size field (Part 1 §18 / Part 2 §6.x: tag u16,
 * size u32, code u32), which it uses to find the end of a response on a
 * stream.
 *
 * A bootloader plugs in its own byte-level driver by filling in one
 * mtpm_transport with a transmit callback. Nothing here allocates: each
 * implementation keeps its state inside the mtpm_transport the caller owns.
 *
 * Contract of transmit():
 *   - send cmd[0..cmd_len), receive at most rsp_cap bytes into rsp;
 *   - on success set *rsp_len to the number of bytes received, which is the
 *     header's size field (a stream transport reads exactly that many);
 *   - a response larger than rsp_cap, a peer that closes mid-frame, a
 *     header size < 10 or one that disagrees with the bytes received:
 *     MTPM_E_TRANSPORT or MTPM_E_MALFORMED, never a partial success;
 *   - never block forever: MTPM_E_TIMEOUT after timeout_ms.
 */
#ifndef MTPM_TRANSPORT_H
#define MTPM_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"

#define MTPM_TCTI_MAX 256
#define MTPM_DEFAULT_TIMEOUT_MS 120000 /* long commands (RSA keygen) on slow TPMs */

typedef struct mtpm_transport mtpm_transport;

/* Byte-level callback, for bootloaders: the integrator's function sends a
 * frame and receives one, under the transmit() contract below. */
typedef mtpm_rc (*mtpm_xfer_fn)(void *user, const uint8_t *cmd, size_t cmd_len,
				uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

struct mtpm_transport {
	mtpm_rc (*transmit)(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);
	void (*close)(mtpm_transport *t);
	/* Implementation state. fd transports use fd/ctrl_fd; a callback
	 * transport uses user. */
	int fd;
	int ctrl_fd;
	int timeout_ms;
	void *user;
	mtpm_xfer_fn xfer;
	/* A transport that wraps another (recording, tampering) points here. */
	mtpm_transport *inner;
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
	char desc[MTPM_TCTI_MAX];
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
mtpm_rc mtpm_tcti_parse(const char *s, mtpm_tcti *out);

/* Open the transport a TCTI names. For the device kind with no explicit
 * path, /dev/tpmrm0 is used, and /dev/tpm0 only when /dev/tpmrm0 does not
 * exist (ENOENT); tpmrm0 present but unusable (EACCES, EBUSY, ...) is
 * MTPM_E_NOTPM naming tpmrm0 and why, never a silent step down to the
 * device without a resource manager. For swtpm kinds the control channel
 * is not touched (see mtpm_swtpm_power_on). */
mtpm_rc mtpm_transport_open(mtpm_transport *t, const mtpm_tcti *tcti);
void mtpm_transport_close(mtpm_transport *t);

/* swtpm control channel (swtpm_ioctl's CMD_INIT): power the TPM on. For
 * TCP, the control port is port + 1; for a unix data socket it is the
 * ctrl= socket if one was given, else there is no control channel and this
 * is a no-op. */
mtpm_rc mtpm_swtpm_power_on(const mtpm_tcti *tcti);

/* Wrap an integrator's callback as a transport (no libc needed). */
void mtpm_transport_callback(mtpm_transport *t, mtpm_xfer_fn fn, void *user);

/* Shared frame check used by every transport: the header's size field
 * equals got, and 10 <= got <= cap. */
mtpm_rc mtpm_transport_check_frame(const uint8_t *rsp, size_t got);

#endif
