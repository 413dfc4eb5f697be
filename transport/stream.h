/*
 * transport/stream.h - internal to transport/: the pieces every fd-based
 * transport shares (their private state, deadline, poll-wait, the stream
 * transmit loop). Not installed; nothing outside transport/ includes it
 * but its unit test.
 */
#ifndef MTPM_TRANSPORT_STREAM_H
#define MTPM_TRANSPORT_STREAM_H

#include <mtpm/transport.h>

/* The private state of the fd-based transports (device, swtpm, fd:N),
 * kept in mtpm_transport.state: the one fd, -1 once closed or poisoned. */
typedef struct mtpm_stream_state {
	int fd;
} mtpm_stream_state;

_Static_assert(sizeof(mtpm_stream_state) <= sizeof(((mtpm_transport *)0)->state),
	       "mtpm_stream_state must fit mtpm_transport.state");

/* t's state, for a transport that device.c, swtpm.c or open.c set up. */
static inline mtpm_stream_state *mtpm_stream_of(mtpm_transport *t)
{
	return (mtpm_stream_state *)(void *)&t->state;
}

/* An absolute CLOCK_MONOTONIC point, in ms, after which every wait gives
 * up; -1 when there was no clock to start it from. */
typedef struct mtpm_deadline {
	long long at_ms;
} mtpm_deadline;

/* Start a deadline timeout_ms from now; timeout_ms <= 0 means
 * MTPM_DEFAULT_TIMEOUT_MS (there is no "wait forever"). */
void mtpm_deadline_start(mtpm_deadline *d, int timeout_ms);

/* poll() fd for events until the deadline. MTPM_OK when ready (including
 * POLLHUP/POLLERR, which the following read or write then reports),
 * MTPM_E_TIMEOUT when the deadline passed, MTPM_E_TRANSPORT on a poll
 * failure or an invalid fd. EINTR is retried with the remaining time. */
mtpm_rc mtpm_stream_wait(int fd, short events, const mtpm_deadline *d);

/* Close t's fd and set it to -1: after any failure in the middle of a
 * frame the stream position is unknown, and a late response must never be
 * taken as the answer to the next command. */
void mtpm_stream_poison(mtpm_transport *t);

/* transmit() for stream sockets and fds (swtpm TCP/unix, fd:N): one
 * write of the whole command, then header, size check, body. */
mtpm_rc mtpm_stream_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/* Move exactly n bytes over a stream fd before the deadline: sent from src
 * when src is not NULL, else received into dst. Short transfers, EINTR and
 * EAGAIN are handled; never SIGPIPE on a socket; a peer that closes first
 * is MTPM_E_TRANSPORT. One loop for both directions, so the two cannot
 * drift apart. */
mtpm_rc mtpm_stream_move(int fd, const uint8_t *src, uint8_t *dst, size_t n,
			 const mtpm_deadline *d);

static inline mtpm_rc mtpm_stream_write_all(int fd, const uint8_t *p, size_t n,
					    const mtpm_deadline *d)
{
	return mtpm_stream_move(fd, p, NULL, n, d);
}

static inline mtpm_rc mtpm_stream_read_exact(int fd, uint8_t *p, size_t n,
					     const mtpm_deadline *d)
{
	return mtpm_stream_move(fd, NULL, p, n, d);
}

/* Close callback shared by the fd-owning transports. */
void mtpm_stream_close(mtpm_transport *t);

/* transmit() of a transport that is not open (failed open, or closed):
 * always MTPM_E_TRANSPORT, so a caller that ignored the open result
 * cannot call through a NULL pointer. */
mtpm_rc mtpm_transport_closed_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
				       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/* t->desc = the concatenation of the strings given, up to a NULL;
 * truncated to fit. (Not snprintf: it would link printf's 5 KiB into the
 * static initramfs binary for a one-line description.) */
void mtpm_transport_desc(mtpm_transport *t, ...);

/* Room for any long in decimal: up to 20 digits (64 bits), a sign and
 * the NUL. A type rather than a char pointer, so no caller can hand
 * mtpm_transport_desc_num a buffer that is too short. */
typedef struct mtpm_decimal {
	char s[24];
} mtpm_decimal;

/* v in decimal, written into d; returns the string (inside d->s). */
const char *mtpm_transport_desc_num(mtpm_decimal *d, long v);

/* Transport implementations, dispatched from open.c. Each sets its
 * state's fd, t->transmit, t->close and t->desc. */
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
