/*
 * examples/bootloader/shim.c - the host side of the bootloader demo: it
 * plays the part of the firmware's TPM bus by handing the freestanding
 * program an already-connected stream to swtpm.
 *
 *   tpm-shim tcp:PORT|unix:PATH [PUBLIC PRIVATE] -- PROGRAM [ARGS...]
 *
 * Connects to swtpm's data channel (TCP on 127.0.0.1 only, or a unix
 * socket), puts the connection on fd 3, PUBLIC and PRIVATE (TPM2B files,
 * e.g. from tpm2_create -u/-r) on fds 4 and 5, and execs PROGRAM. The
 * freestanding program then needs only read() and write() on fd 3: that
 * is its "byte-level transport".
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int connect_to(const char *spec)
{
	int fd;

	if (strncmp(spec, "tcp:", 4) == 0) {
		struct sockaddr_in a;
		long port = strtol(spec + 4, NULL, 10);

		if (port <= 0 || port > 65535)
			return -1;
		memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET;
		a.sin_port = htons((uint16_t)port);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
			return fd;
	} else if (strncmp(spec, "unix:", 5) == 0) {
		struct sockaddr_un a;

		if (strlen(spec + 5) >= sizeof(a.sun_path))
			return -1;
		memset(&a, 0, sizeof(a));
		a.sun_family = AF_UNIX;
		memcpy(a.sun_path, spec + 5, strlen(spec + 5));
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
			return fd;
	} else {
		return -1;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Move fd to number want. Everything passes through fds >= 10 first, so
 * moving one descriptor never closes another we still need. */
static int put_on(int fd, int want)
{
	int high;

	if (fd < 0)
		return -1;
	high = fcntl(fd, F_DUPFD, 10);
	close(fd);
	if (high < 0 || dup2(high, want) < 0)
		return -1;
	close(high);
	return 0;
}

int main(int argc, char **argv)
{
	int i, sep = -1, fd;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	if (sep < 0 || sep + 1 >= argc || (sep != 2 && sep != 4)) {
		fprintf(stderr, "usage: tpm-shim tcp:PORT|unix:PATH [PUBLIC PRIVATE] -- PROGRAM [ARGS...]\n");
		return 2;
	}
	fd = connect_to(argv[1]);
	if (fd < 0 || put_on(fd, 3) != 0) {
		fprintf(stderr, "tpm-shim: cannot connect to %s\n", argv[1]);
		return 1;
	}
	if (sep == 4) {
		int pub = fcntl(open(argv[2], O_RDONLY), F_DUPFD, 10);
		int priv = fcntl(open(argv[3], O_RDONLY), F_DUPFD, 10);

		if (pub < 0 || priv < 0 || put_on(pub, 4) != 0 || put_on(priv, 5) != 0) {
			fprintf(stderr, "tpm-shim: cannot open %s / %s\n", argv[2], argv[3]);
			return 1;
		}
	}
	execv(argv[sep + 1], argv + sep + 1);
	perror("tpm-shim: exec");
	return 1;
}
