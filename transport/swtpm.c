/*
 * transport/swtpm.c - the swtpm emulator over TCP or a unix socket, and an
 * already-connected stream (fd:N, e.g. a socketpair to `swtpm chardev
 * --tpm2 --fd N`).
 *
 * Data channel: raw TPM 2.0 frames both ways, no extra framing (swtpm also
 * accepts the Microsoft simulator's TPM_SEND_COMMAND envelope, which we do
 * not use). One connection is opened and kept for every command; swtpm
 * serves one client at a time and keeps its state per TPM, not per
 * connection. Frames move through stream.c.
 *
 * Control channel (swtpm's "ctrl", the protocol swtpm_ioctl speaks; see
 * swtpm's man page swtpm_ioctls(3)): big-endian u32 command code, then the
 * command's body; the answer starts with a big-endian u32 result, 0 for
 * success. We send only CMD_INIT (2) with init_flags 0, which is what
 * `swtpm_ioctl -i` does: power the TPM on (the caller then sends
 * TPM2_Startup). For TCP the control port is the data port + 1; for a unix
 * data socket it is the ctrl= socket if the TCTI names one.
 *
 * Invariants: sockets are CLOEXEC and non-blocking (stream.c polls before
 * every transfer); connect() is bounded by the timeout too; a refused or
 * missing server is MTPM_E_NOTPM, anything later MTPM_E_TRANSPORT.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "stream.h"

int mtpm_ipv4_parse(const char *s, uint8_t a[4])
{
	unsigned i, v, digits;

	for (i = 0; i < 4; i++) {
		for (v = 0, digits = 0; *s >= '0' && *s <= '9'; s++, digits++) {
			if (digits == 3 || (digits == 1 && v == 0))
				return -1; /* a fourth digit, or a leading zero */
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (digits == 0 || v > 255)
			return -1;
		a[i] = (uint8_t)v;
		/* a '.' after each of the first three numbers, the end after the last */
		if (*s++ != (i < 3 ? '.' : '\0'))
			return -1;
	}
	return 0;
}

#define SWTPM_CMD_INIT 2u

/* Connect fd to sa before the deadline (non-blocking connect + poll). */
static mtpm_rc connect_bounded(int fd, const struct sockaddr *sa, socklen_t len,
			       const mtpm_deadline *dl)
{
	int err;
	socklen_t elen = sizeof(err);
	mtpm_rc rc;

	if (connect(fd, sa, len) == 0)
		return MTPM_OK;
	err = errno;
	if (err == EINPROGRESS || err == EINTR || err == EAGAIN) {
		rc = mtpm_stream_wait(fd, POLLOUT, dl);
		if (rc != MTPM_OK)
			return rc;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
			return MTPM_E_TRANSPORT;
		if (err == 0)
			return MTPM_OK;
	}
	/* Nobody listening (or no such socket): no TPM there. */
	return (err == ECONNREFUSED || err == ENOENT) ? MTPM_E_NOTPM : MTPM_E_TRANSPORT;
}

static int stream_socket(int family)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
#ifdef SO_NOSIGPIPE
	if (fd >= 0) {
		int one = 1;
		(void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
	}
#endif
	return fd;
}

/* A CLOEXEC, non-blocking stream socket connected to sa before a
 * deadline timeout_ms away, in *out (left alone on failure). */
static mtpm_rc connect_sa(const struct sockaddr *sa, socklen_t len, int timeout_ms, int *out)
{
	mtpm_deadline dl;
	int fd, one = 1;
	mtpm_rc rc;

	fd = stream_socket(sa->sa_family);
	if (fd < 0)
		return MTPM_E_TRANSPORT;
	/* Request/response: send each command at once, not after an ACK. */
	if (sa->sa_family != AF_UNIX)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	mtpm_deadline_start(&dl, timeout_ms);
	rc = connect_bounded(fd, sa, len, &dl);
	if (rc != MTPM_OK) {
		(void)close(fd);
		return rc;
	}
	*out = fd;
	return MTPM_OK;
}

/* host is what mtpm_tcti_parse accepted: numeric IPv4/IPv6 or localhost. */
static mtpm_rc connect_tcp(const char *host, unsigned port, int timeout_ms, int *out)
{
	struct sockaddr_in in4;
#ifndef MTPM_NO_IPV6
	struct sockaddr_in6 in6;
#endif

	if (port == 0 || port > 65535u)
		return MTPM_E_USAGE;
	memset(&in4, 0, sizeof(in4));
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (mtpm_ipv4_parse(host, (uint8_t *)&in4.sin_addr) == 0) {
		in4.sin_family = AF_INET;
		in4.sin_port = htons((uint16_t)port);
		return connect_sa((const struct sockaddr *)&in4, sizeof(in4), timeout_ms, out);
	}
#ifndef MTPM_NO_IPV6
	memset(&in6, 0, sizeof(in6));
	if (inet_pton(AF_INET6, host, &in6.sin6_addr) == 1) {
		in6.sin6_family = AF_INET6;
		in6.sin6_port = htons((uint16_t)port);
		return connect_sa((const struct sockaddr *)&in6, sizeof(in6), timeout_ms, out);
	}
#endif
	return MTPM_E_USAGE;
}

static mtpm_rc connect_unix(const char *path, int timeout_ms, int *out)
{
	struct sockaddr_un un;
	size_t n = strlen(path);

	memset(&un, 0, sizeof(un));
	if (n == 0 || n >= sizeof(un.sun_path))
		return MTPM_E_USAGE;
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, path, n + 1);
	return connect_sa((const struct sockaddr *)&un, sizeof(un), timeout_ms, out);
}

/* Connect to swtpm's data channel, or with ctrl to its control channel:
 * for TCP port + 1, for a unix socket the ctrl= path. *fd is the socket,
 * or -1 on failure. */
static mtpm_rc swtpm_connect(const mtpm_tcti *tcti, int ctrl, int timeout_ms, int *fd)
{
	*fd = -1;
	if (tcti->kind == MTPM_TCTI_SWTPM_TCP)
		return connect_tcp(tcti->host, (unsigned)tcti->port + (ctrl ? 1u : 0u), timeout_ms,
				   fd);
	return connect_unix(ctrl ? tcti->ctrl_path : tcti->path, timeout_ms, fd);
}

/* The end of t->desc after a connect: "" when it worked, else why not. */
static const char *rc_word(mtpm_rc rc)
{
	switch (rc) {
	case MTPM_OK: return "";
	case MTPM_E_NOTPM: return ": no server";
	case MTPM_E_TIMEOUT: return ": timed out";
	case MTPM_E_USAGE: return ": bad address";
	default: return ": connect failed";
	}
}

mtpm_rc mtpm_swtpm_open(mtpm_transport *t, const mtpm_tcti *tcti)
{
	mtpm_stream_state *st = mtpm_stream_of(t);
	mtpm_decimal num;
	const char *why;
	mtpm_rc rc;

	if (tcti->kind != MTPM_TCTI_SWTPM_TCP && tcti->kind != MTPM_TCTI_SWTPM_UNIX)
		return MTPM_E_USAGE;
	rc = swtpm_connect(tcti, 0, t->timeout_ms, &st->fd);
	why = rc_word(rc);
	if (tcti->kind == MTPM_TCTI_SWTPM_TCP)
		mtpm_transport_desc(t, "swtpm:host=", tcti->host, ",port=",
				    mtpm_transport_desc_num(&num, tcti->port), why, (char *)0);
	else
		mtpm_transport_desc(t, "swtpm:path=", tcti->path, why, (char *)0);
	if (rc != MTPM_OK)
		return rc;
	t->transmit = mtpm_stream_transmit;
	t->close = mtpm_stream_close;
	return MTPM_OK;
}

mtpm_rc mtpm_fdstream_open(mtpm_transport *t, int fd)
{
	mtpm_decimal num;
	int is_open = fd >= 0 && fcntl(fd, F_GETFD) != -1;

	mtpm_transport_desc(t, "fd:", mtpm_transport_desc_num(&num, fd),
			    is_open ? "" : ": not open", (char *)0);
	if (!is_open)
		return MTPM_E_NOTPM;
	/* The transport owns the fd from here: close() closes it. */
	mtpm_stream_of(t)->fd = fd;
	t->transmit = mtpm_stream_transmit;
	t->close = mtpm_stream_close;
	return MTPM_OK;
}

mtpm_rc mtpm_swtpm_power_on(const mtpm_tcti *tcti)
{
	/* CMD_INIT, init_flags 0: both big-endian u32 (swtpm_ioctls(3)). */
	static const uint8_t req[8] = { 0, 0, 0, SWTPM_CMD_INIT, 0, 0, 0, 0 };
	uint8_t res[4];
	mtpm_deadline dl;
	int fd;
	mtpm_rc rc;

	if (tcti == NULL)
		return MTPM_E_USAGE;
	switch (tcti->kind) {
	case MTPM_TCTI_SWTPM_TCP:
		break;
	case MTPM_TCTI_SWTPM_UNIX:
		if (tcti->ctrl_path[0] == '\0')
			return MTPM_OK; /* no control channel known */
		break;
	case MTPM_TCTI_DEVICE:
	case MTPM_TCTI_FD:
		return MTPM_OK; /* a real TPM, or someone else's stream */
	default:
		return MTPM_E_USAGE;
	}
	rc = swtpm_connect(tcti, 1, MTPM_DEFAULT_TIMEOUT_MS, &fd);
	if (rc != MTPM_OK)
		return rc;
	mtpm_deadline_start(&dl, MTPM_DEFAULT_TIMEOUT_MS);
	rc = mtpm_stream_write_all(fd, req, sizeof(req), &dl);
	if (rc == MTPM_OK)
		rc = mtpm_stream_read_exact(fd, res, sizeof(res), &dl);
	if (rc == MTPM_OK && (res[0] | res[1] | res[2] | res[3]) != 0)
		rc = MTPM_E_TRANSPORT; /* swtpm could not start the TPM */
	(void)close(fd);
	return rc;
}
