/*
 * transport/stream.c - moving one TPM frame over a byte stream.
 *
 * Used by the swtpm TCP and unix-socket transports and by fd:N; the
 * device transport shares the deadline, wait and argument checks.
 *
 * How a response is found on a stream (Part 1 §18.8): read exactly the
 * 10-byte header, take responseSize (big-endian u32 at offset 2), require
 * 10 <= responseSize <= rsp_cap, then read exactly responseSize - 10 more
 * bytes. Nothing past the frame is read.
 *
 * Invariants:
 *   - every wait is a poll() bounded by one deadline for the whole
 *     exchange (t->timeout_ms), so a peer that trickles bytes cannot stretch
 *     a command past its timeout; nothing ever blocks without a bound on a
 *     socket (all socket I/O is MSG_DONTWAIT after a poll);
 *   - a closed peer is MTPM_E_TRANSPORT, never SIGPIPE (MSG_NOSIGNAL);
 *   - any failure after the first command byte was sent poisons the
 *     transport (mtpm_transport_poison): the stream position is unknown and
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

void mtpm_deadline_start(mtpm_deadline *d, int timeout_ms)
{
	if (timeout_ms <= 0)
		timeout_ms = MTPM_DEFAULT_TIMEOUT_MS;
	if (clock_gettime(CLOCK_MONOTONIC, &d->at) != 0) {
		/* No clock: fall back to one poll of the whole timeout. */
		d->at.tv_sec = 0;
		d->at.tv_nsec = -1;
		return;
	}
	d->at.tv_sec += timeout_ms / 1000;
	d->at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (d->at.tv_nsec >= 1000000000L) {
		d->at.tv_sec += 1;
		d->at.tv_nsec -= 1000000000L;
	}
}

/* Milliseconds left, rounded up so a wait never ends early; 0 when past. */
static int deadline_left_ms(const mtpm_deadline *d)
{
	struct timespec now;
	long long ms;

	if (d->at.tv_nsec < 0)
		return MTPM_DEFAULT_TIMEOUT_MS;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	ms = (long long)(d->at.tv_sec - now.tv_sec) * 1000LL +
	     (d->at.tv_nsec - now.tv_nsec + 999999L) / 1000000L;
	if (ms <= 0)
		return 0;
	if (ms > MTPM_DEFAULT_TIMEOUT_MS * 2LL)
		ms = MTPM_DEFAULT_TIMEOUT_MS * 2LL; /* clock jumped: stay bounded */
	return (int)ms;
}

mtpm_rc mtpm_fd_wait(int fd, short events, const mtpm_deadline *d)
{
	struct pollfd pfd;
	int left, n;

	for (;;) {
		left = deadline_left_ms(d);
		if (left == 0)
			return MTPM_E_TIMEOUT;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return MTPM_E_TRANSPORT;
		if (n == 0 && d->at.tv_nsec < 0)
			return MTPM_E_TIMEOUT; /* no clock: one full wait was all */
		if (n == 0)
			continue; /* re-check the clock; poll may wake early */
		if (pfd.revents & POLLNVAL)
			return MTPM_E_TRANSPORT;
		return MTPM_OK;
	}
}

mtpm_rc mtpm_transmit_args(const uint8_t *cmd, size_t cmd_len,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	if (rsp_len == NULL)
		return MTPM_E_USAGE;
	*rsp_len = 0;
	if (rsp == NULL)
		return MTPM_E_USAGE;
	/* A command is a frame too: its header size must be its length. */
	if (mtpm_transport_check_frame(cmd, cmd_len) != MTPM_OK)
		return MTPM_E_USAGE;
	if (rsp_cap < MTPM_HDR_LEN)
		return MTPM_E_SPACE;
	return MTPM_OK;
}

void mtpm_transport_poison(mtpm_transport *t)
{
	if (t->fd >= 0)
		(void)close(t->fd);
	t->fd = -1;
}

void mtpm_fd_close(mtpm_transport *t)
{
	mtpm_transport_poison(t);
	if (t->ctrl_fd >= 0)
		(void)close(t->ctrl_fd);
	t->ctrl_fd = -1;
	t->transmit = mtpm_closed_transmit;
}

mtpm_rc mtpm_closed_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
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

mtpm_rc mtpm_stream_write_all(int fd, const uint8_t *p, size_t n, const mtpm_deadline *d)
{
	int is_sock = 1;
	ssize_t w;
	mtpm_rc rc;

	while (n > 0) {
		if (is_sock) {
			w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w < 0 && errno == ENOTSOCK) {
				is_sock = 0;
				continue;
			}
		} else {
			rc = mtpm_fd_wait(fd, POLLOUT, d);
			if (rc != MTPM_OK)
				return rc;
			w = write(fd, p, n);
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			rc = mtpm_fd_wait(fd, POLLOUT, d);
			if (rc != MTPM_OK)
				return rc;
			continue;
		}
		if (w <= 0)
			return MTPM_E_TRANSPORT; /* EPIPE, ECONNRESET, ... */
		p += (size_t)w;
		n -= (size_t)w;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_stream_read_exact(int fd, uint8_t *p, size_t n, const mtpm_deadline *d)
{
	int is_sock = 1;
	ssize_t r;
	mtpm_rc rc;

	while (n > 0) {
		if (is_sock) {
			r = recv(fd, p, n, MSG_DONTWAIT);
			if (r < 0 && errno == ENOTSOCK) {
				is_sock = 0;
				continue;
			}
		} else {
			rc = mtpm_fd_wait(fd, POLLIN, d);
			if (rc != MTPM_OK)
				return rc;
			r = read(fd, p, n);
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			rc = mtpm_fd_wait(fd, POLLIN, d);
			if (rc != MTPM_OK)
				return rc;
			continue;
		}
		if (r <= 0)
			return MTPM_E_TRANSPORT; /* 0: the peer closed mid-frame */
		p += (size_t)r;
		n -= (size_t)r;
	}
	return MTPM_OK;
}

/* True when the stream has bytes (or a hangup) nobody asked for yet. */
static int stream_has_unsolicited(int fd)
{
	struct pollfd pfd;
	int n;

	do {
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, 0);
	} while (n < 0 && errno == EINTR);
	return n != 0; /* readable, hung up, error, or poll failed */
}

mtpm_rc mtpm_stream_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	mtpm_deadline dl;
	uint32_t size;
	mtpm_rc rc;

	rc = mtpm_transmit_args(cmd, cmd_len, rsp, rsp_cap, rsp_len);
	if (rc != MTPM_OK)
		return rc; /* nothing sent: the stream is still in step */
	if (t->fd < 0)
		return MTPM_E_TRANSPORT;

	mtpm_deadline_start(&dl, t->timeout_ms);
	if (stream_has_unsolicited(t->fd)) {
		rc = MTPM_E_TRANSPORT;
		goto out;
	}
	rc = mtpm_stream_write_all(t->fd, cmd, cmd_len, &dl);
	if (rc != MTPM_OK)
		goto out;

	rc = mtpm_stream_read_exact(t->fd, rsp, MTPM_HDR_LEN, &dl);
	if (rc != MTPM_OK)
		goto out;
	size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 |
	       (uint32_t)rsp[4] << 8 | (uint32_t)rsp[5];
	if (size < MTPM_HDR_LEN) {
		rc = MTPM_E_MALFORMED;
		goto out;
	}
	if ((size_t)size > rsp_cap) {
		/* Could be drained, but a peer that lies about sizes is not
		 * one to stay in step with: close instead. */
		rc = MTPM_E_SPACE;
		goto out;
	}
	rc = mtpm_stream_read_exact(t->fd, rsp + MTPM_HDR_LEN, size - MTPM_HDR_LEN, &dl);
	if (rc != MTPM_OK)
		goto out;
	rc = mtpm_transport_check_frame(rsp, size);
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
	mtpm_transport_poison(t);
	return rc;
}

void mtpm_desc(mtpm_transport *t, ...)
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

const char *mtpm_desc_num(char *buf, long v)
{
	char tmp[24];
	size_t n = 0, i = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < 20);
	if (v < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}
