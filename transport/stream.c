/*
 * transport/stream.c - moving one TPM frame over a byte stream.
 *
 * Used by the swtpm TCP and unix-socket transports and by fd:N; the
 * device transport shares the private state, deadline, wait, poison and
 * close.
 *
 * How a response is found on a stream (Part 1 §18.2 header fields): read
 * exactly the MTPM_HDR_LEN-byte header, take responseSize from it
 * (mtpm_transport_frame_size, frame.c: the cursor reads it), require
 * MTPM_HDR_LEN <= responseSize <= rsp_cap, then read exactly the rest.
 * Nothing past the frame is read.
 *
 * Invariants:
 *   - every wait is a poll() bounded by one deadline for the whole
 *     exchange (t->timeout_ms), so a peer that trickles bytes cannot stretch
 *     a command past its timeout; nothing ever blocks without a bound on a
 *     socket (all socket I/O is MSG_DONTWAIT after a poll);
 *   - a closed peer is MTPM_E_TRANSPORT, never SIGPIPE (MSG_NOSIGNAL);
 *   - any failure after the first command byte was sent poisons the
 *     transport (mtpm_stream_poison): the stream position is unknown and
 *     a late response must not answer the next command. Reopen to go on;
 *   - bytes waiting before a command is sent are unsolicited: the stream is
 *     poisoned rather than letting them pass as the next response;
 *   - on failure *rsp_len is 0 and the bytes already received are wiped.
 *
 * The command goes out in one send() when the socket buffer allows (it
 * always does for a 4 KiB frame): swtpm takes whatever one read() returns
 * as the whole command, so a command split across writes would be cut.
 *
 * For an fd that is not a socket (a pipe or tty handed over as fd:N) send()
 * fails with ENOTSOCK and plain read()/write() are used after poll(); such
 * an fd should be non-blocking for the timeout to hold on writes larger
 * than the pipe buffer, and SIGPIPE is then the caller's to ignore.
 */
#include <stdarg.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <mtpm/crypto.h>
#include "stream.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* BSDs: SO_NOSIGPIPE is set on our own sockets instead */
#endif

/* CLOCK_MONOTONIC in whole ms (rounded down); -1 when there is no clock. */
static long long now_ms(void)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return -1;
	return (long long)now.tv_sec * 1000LL + now.tv_nsec / 1000000L;
}

void mtpm_deadline_start(mtpm_deadline *d, int timeout_ms)
{
	if (timeout_ms <= 0)
		timeout_ms = MTPM_DEFAULT_TIMEOUT_MS;
	/* The clock is read rounded down, here and in deadline_left_ms: one
	 * ms more than asked, so a wait never ends early. No clock (-1): one
	 * poll of the whole timeout. */
	d->at_ms = now_ms();
	if (d->at_ms >= 0)
		d->at_ms += (long long)timeout_ms + 1;
}

/* Milliseconds left, never fewer than there are; 0 when past. */
static int deadline_left_ms(const mtpm_deadline *d)
{
	long long now, ms;

	if (d->at_ms < 0)
		return MTPM_DEFAULT_TIMEOUT_MS;
	now = now_ms();
	if (now < 0)
		return 0;
	ms = d->at_ms - now;
	if (ms <= 0)
		return 0;
	if (ms > MTPM_DEFAULT_TIMEOUT_MS * 2LL)
		ms = MTPM_DEFAULT_TIMEOUT_MS * 2LL; /* clock jumped: stay bounded */
	return (int)ms;
}

mtpm_rc mtpm_stream_wait(int fd, short events, const mtpm_deadline *d)
{
	/* poll() sets revents on every return it reports */
	struct pollfd pfd = { .fd = fd, .events = events, .revents = 0 };
	int left, n;

	for (;;) {
		left = deadline_left_ms(d);
		if (left == 0)
			return MTPM_E_TIMEOUT;
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return MTPM_E_TRANSPORT;
		if (n == 0 && d->at_ms < 0)
			return MTPM_E_TIMEOUT; /* no clock: one full wait was all */
		if (n == 0)
			continue; /* re-check the clock; poll may wake early */
		if (pfd.revents & POLLNVAL)
			return MTPM_E_TRANSPORT;
		return MTPM_OK;
	}
}

void mtpm_stream_poison(mtpm_transport *t)
{
	mtpm_stream_state *st = mtpm_stream_of(t);

	if (st->fd >= 0)
		(void)close(st->fd);
	st->fd = -1;
}

void mtpm_stream_close(mtpm_transport *t)
{
	mtpm_stream_poison(t);
	t->transmit = mtpm_transport_closed_transmit;
}

mtpm_rc mtpm_transport_closed_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
				       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	(void)t;
	(void)cmd;
	(void)cmd_len;
	(void)rsp;
	(void)rsp_cap;
	if (rsp_len != NULL)
		*rsp_len = 0;
	return MTPM_E_TRANSPORT;
}

mtpm_rc mtpm_stream_move(int fd, const uint8_t *src, uint8_t *dst, size_t n,
			 const mtpm_deadline *d)
{
	const int out = src != NULL;
	const short events = out ? POLLOUT : POLLIN;
	/* One position for either direction; written through only when
	 * receiving (dst), never when sending (src). */
	uint8_t *p = out ? (uint8_t *)(uintptr_t)src : dst;
	int is_sock = 1;
	ssize_t k;
	mtpm_rc rc;

	while (n > 0) {
		if (is_sock) {
			k = out ? send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT)
				: recv(fd, p, n, MSG_DONTWAIT);
			if (k < 0 && errno == ENOTSOCK) {
				is_sock = 0;
				continue;
			}
		} else {
			rc = mtpm_stream_wait(fd, events, d);
			if (rc != MTPM_OK)
				return rc;
			k = out ? write(fd, p, n) : read(fd, p, n);
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			rc = mtpm_stream_wait(fd, events, d);
			if (rc != MTPM_OK)
				return rc;
			continue;
		}
		/* write: EPIPE, ECONNRESET, ...; read: 0 is the peer closing
		 * mid-frame. */
		if (k <= 0)
			return MTPM_E_TRANSPORT;
		p += (size_t)k;
		n -= (size_t)k;
	}
	return MTPM_OK;
}

/* True when the stream has bytes (or a hangup) nobody asked for yet. */
static int stream_has_unsolicited(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN, .revents = 0 };
	int n;

	do {
		n = poll(&pfd, 1, 0);
	} while (n < 0 && errno == EINTR);
	return n != 0; /* readable, hung up, error, or poll failed */
}

mtpm_rc mtpm_stream_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	mtpm_stream_state *st = mtpm_stream_of(t);
	mtpm_deadline dl;
	uint32_t size;
	mtpm_rc rc;

	rc = mtpm_transport_check_args(cmd, cmd_len, rsp, rsp_cap, rsp_len);
	if (rc != MTPM_OK)
		return rc; /* nothing sent: the stream is still in step */
	if (st->fd < 0)
		return MTPM_E_TRANSPORT;

	mtpm_deadline_start(&dl, t->timeout_ms);
	if (stream_has_unsolicited(st->fd)) {
		rc = MTPM_E_TRANSPORT;
		goto out;
	}
	rc = mtpm_stream_write_all(st->fd, cmd, cmd_len, &dl);
	if (rc != MTPM_OK)
		goto out;

	rc = mtpm_stream_read_exact(st->fd, rsp, MTPM_HDR_LEN, &dl);
	if (rc != MTPM_OK)
		goto out;
	/* size < MTPM_HDR_LEN: MTPM_E_MALFORMED; over rsp_cap: MTPM_E_SPACE.
	 * The rest could be drained, but a peer that lies about sizes is not
	 * one to stay in step with: close instead. */
	rc = mtpm_transport_frame_size(rsp, MTPM_HDR_LEN, rsp_cap, &size);
	if (rc != MTPM_OK)
		goto out;
	/* Exactly the rest of the frame: header size == bytes read, which is
	 * mtpm_transport_check_frame's condition, by construction. */
	rc = mtpm_stream_read_exact(st->fd, rsp + MTPM_HDR_LEN, size - MTPM_HDR_LEN, &dl);
	if (rc != MTPM_OK)
		goto out;
	*rsp_len = size;
	return MTPM_OK;

out:
	/* Bytes of a partial frame may belong to a secret-bearing response.
	 * Which of rsp[0..rsp_cap) the reads touched is not tracked; the
	 * whole capacity is the caller's to have written, and this is the
	 * error path only. */
	mtpm_wipe(rsp, rsp_cap);
	mtpm_stream_poison(t);
	return rc;
}

void mtpm_transport_desc(mtpm_transport *t, ...)
{
	va_list ap;
	const char *s;
	size_t at = 0;

	va_start(ap, t);
	while ((s = va_arg(ap, const char *)) != NULL)
		while (*s && at + 1 < sizeof(t->desc))
			t->desc[at++] = *s++;
	va_end(ap);
	t->desc[at] = '\0';
}

_Static_assert(sizeof(long) <= 8 && sizeof(((mtpm_decimal *)0)->s) >= 22,
	       "mtpm_decimal holds a 64-bit long's 20 digits, its sign and a NUL");

const char *mtpm_transport_desc_num(mtpm_decimal *d, long v)
{
	size_t at = sizeof(d->s);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	/* Right to left from the end of d->s: at most 22 of its 24 bytes. */
	d->s[--at] = '\0';
	do {
		d->s[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d->s[--at] = '-';
	return d->s + at;
}
