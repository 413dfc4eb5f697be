/*
 * transport/stream.h - internal to transport/: the pieces every fd-based
 * transport shares (deadline, poll-wait, argument checks, the stream
 * transmit loop). Not installed; nothing outside transport/ includes it.
 */
#ifndef MTPM_TRANSPORT_STREAM_H
#define MTPM_TRANSPORT_STREAM_H

#include <time.h>
#include <mtpm/transport.h>

#define MTPM_HDR_LEN 10u

/* An absolute CLOCK_MONOTONIC point after which every wait gives up. */
typedef struct mtpm_deadline {
	struct timespec at;
} mtpm_deadline;

/* Start a deadline timeout_ms from now; timeout_ms <= 0 means
 * MTPM_DEFAULT_TIMEOUT_MS (there is no "wait forever"). */
void mtpm_deadline_start(mtpm_deadline *d, int timeout_ms);

/* poll() fd for events until the deadline. MTPM_OK when ready (including
 * POLLHUP/POLLERR, which the following read or write then reports),
 * MTPM_E_TIMEOUT when the deadline passed, MTPM_E_TRANSPORT on a poll
 * failure or an invalid fd. EINTR is retried with the remaining time. */
mtpm_rc mtpm_fd_wait(int fd, short events, const mtpm_deadline *d);

/* The transmit() preconditions every transport checks before touching the
 * wire: non-NULL buffers, a command whose header size equals cmd_len, room
 * for at least a header. Zeroes *rsp_len. */
mtpm_rc mtpm_transmit_args(const uint8_t *cmd, size_t cmd_len,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/* Close t->fd and set it to -1: after any failure in the middle of a frame
 * the stream position is unknown, and a late response must never be taken
 * as the answer to the next command. */
void mtpm_transport_poison(mtpm_transport *t);

/* transmit() for stream sockets and fds (swtpm TCP/unix, fd:N): one
 * write of the whole command, then header, size check, body. */
mtpm_rc mtpm_stream_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/* Write all n bytes to a stream fd before the deadline (short writes,
 * EINTR, EAGAIN handled; never SIGPIPE on a socket). */
mtpm_rc mtpm_stream_write_all(int fd, const uint8_t *p, size_t n, const mtpm_deadline *d);

/* Read exactly n bytes before the deadline; a peer that closes first is
 * MTPM_E_TRANSPORT. */
mtpm_rc mtpm_stream_read_exact(int fd, uint8_t *p, size_t n, const mtpm_deadline *d);

/* Close callback shared by the fd-owning transports. */
void mtpm_fd_close(mtpm_transport *t);

/* transmit() of a transport that is not open (failed open, or closed):
 * always MTPM_E_TRANSPORT, so a caller that ignored the open result
 * cannot call through a NULL pointer. */
mtpm_rc mtpm_closed_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/* Transport implementations, dispatched from open.c. Each fills t->fd,
 * t->transmit, t->close and t->desc. */
/* t->desc = the concatenation of the strings given, up to a NULL;
 * truncated to fit. (Not snprintf: it would link printf's 5 KiB into the
 * static initramfs binary for a one-line description.) */
void mtpm_desc(mtpm_transport *t, ...);
/* v in decimal, into buf (at least 12 bytes); returns buf. */
const char *mtpm_desc_num(char *buf, long v);

mtpm_rc mtpm_device_open(mtpm_transport *t, const char *path);
/* An IPv4 address in dotted-decimal form (four decimals 0-255, no
 * leading zeros, nothing else) into a[4]; 0, or -1. inet_pton's IPv4
 * half, written out so the static build need not link musl's. */
int mtpm_ipv4_parse(const char *s, uint8_t a[4]);
/* The default device as a pair: rm (a resource-managed node) first; raw
 * only when rm does not exist (ENOENT). Any other failure on rm is
 * MTPM_E_NOTPM with rm and the reason in t->desc. raw NULL: rm alone (an
 * explicit path). mtpm_device_open(t, NULL) is this with /dev/tpmrm0 and
 * /dev/tpm0; tests point it elsewhere. */
mtpm_rc mtpm_device_open_pair(mtpm_transport *t, const char *rm, const char *raw);
mtpm_rc mtpm_swtpm_open(mtpm_transport *t, const mtpm_tcti *tcti);
mtpm_rc mtpm_fdstream_open(mtpm_transport *t, int fd);

#endif
