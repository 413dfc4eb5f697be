/*
 * bench/proxy.c - a recording proxy between a TPM client and swtpm's TCP
 * ports, so the benchmark counts the commands each client really sends
 * (issue 6: "count through a recording transport, not by reading code").
 *
 *   proxy LISTEN_PORT UPSTREAM_PORT LOGFILE
 *
 * Listens on 127.0.0.1:LISTEN_PORT (data) and LISTEN_PORT+1 (control) and
 * relays each connection to 127.0.0.1:UPSTREAM_PORT / +1. On the data
 * channel it parses the client's bytes as TPM 2.0 frames (10-byte header,
 * size field) and appends one line "cc XXXXXXXX" per command to LOGFILE
 * (O_APPEND, one write per line). One forked child per connection. Runs
 * until killed (by PID).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int listen_on(int port)
{
	struct sockaddr_in a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 8) != 0) {
		perror("proxy: listen");
		exit(1);
	}
	return fd;
}

static int connect_to(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		return -1;
	return fd;
}

/* Frame parser state for the client->TPM direction. */
struct framer {
	uint8_t hdr[10];
	size_t have;      /* header bytes collected */
	uint32_t left;    /* body bytes still to pass */
};

static void count(struct framer *f, const uint8_t *p, size_t n, int log)
{
	while (n > 0) {
		if (f->left > 0) {
			size_t k = n < f->left ? n : f->left;
			f->left -= (uint32_t)k;
			p += k;
			n -= k;
			continue;
		}
		f->hdr[f->have++] = *p++;
		n--;
		if (f->have == 10) {
			uint32_t size = (uint32_t)f->hdr[2] << 24 | (uint32_t)f->hdr[3] << 16 |
					(uint32_t)f->hdr[4] << 8 | f->hdr[5];
			uint32_t cc = (uint32_t)f->hdr[6] << 24 | (uint32_t)f->hdr[7] << 16 |
				      (uint32_t)f->hdr[8] << 8 | f->hdr[9];
			char line[32];
			int len = snprintf(line, sizeof(line), "cc %08x\n", cc);

			if (write(log, line, (size_t)len) != len)
				_exit(1);
			f->have = 0;
			f->left = size > 10 ? size - 10 : 0;
		}
	}
}

static void relay(int cli, int up, int log)
{
	struct pollfd p[2] = { { cli, POLLIN, 0 }, { up, POLLIN, 0 } };
	struct framer f = { { 0 }, 0, 0 };
	uint8_t buf[8192];

	for (;;) {
		if (poll(p, 2, -1) < 0)
			return;
		for (int i = 0; i < 2; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof(buf));
			if (n <= 0)
				return;
			if (i == 0 && log >= 0)
				count(&f, buf, (size_t)n, log);
			for (ssize_t off = 0; off < n;) {
				ssize_t w = write(p[1 - i].fd, buf + off, (size_t)(n - off));
				if (w <= 0)
					return;
				off += w;
			}
		}
	}
}

int main(int argc, char **argv)
{
	int lp, upp, log, ls[2];

	if (argc != 4) {
		fprintf(stderr, "usage: proxy LISTEN_PORT UPSTREAM_PORT LOGFILE\n");
		return 2;
	}
	lp = atoi(argv[1]);
	upp = atoi(argv[2]);
	log = open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (log < 0) {
		perror("proxy: log");
		return 1;
	}
	signal(SIGCHLD, SIG_IGN); /* children reaped automatically */
	ls[0] = listen_on(lp);
	ls[1] = listen_on(lp + 1);
	for (;;) {
		struct pollfd p[2] = { { ls[0], POLLIN, 0 }, { ls[1], POLLIN, 0 } };

		if (poll(p, 2, -1) < 0)
			continue;
		for (int i = 0; i < 2; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			int c = accept(ls[i], NULL, NULL);
			if (c < 0)
				continue;
			if (fork() == 0) {
				int u = connect_to(upp + i);
				close(ls[0]);
				close(ls[1]);
				if (u >= 0)
					relay(c, u, i == 0 ? log : -1);
				_exit(0);
			}
			close(c);
		}
	}
}
