/*
 * fileio.c - files, secrets and PINs for the CLI.
 *
 * Rules: a secret goes to a file created 0600 or to a stdout that is not a
 * terminal (unless the user asks); a PIN comes from a file, a file
 * descriptor or a no-echo prompt on /dev/tty, never from argv; every
 * buffer that held one is wiped by its owner.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "cli.h"

int cli_read_fd(int fd, uint8_t *buf, size_t cap, size_t *len)
{
	size_t got = 0;

	*len = 0;
	for (;;) {
		ssize_t r;

		if (got == cap) {
			/* one more byte means the input is too large */
			uint8_t extra;

			r = read(fd, &extra, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r > 0)
				return EXIT_TOO_LARGE;
			break;
		}
		r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return EXIT_FAIL;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*len = got;
	return EXIT_OK;
}

int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, const char *what)
{
	int fd, ret;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mtpm: cannot open %s '%s': %s\n", what, path, strerror(errno));
		return EXIT_USAGE;
	}
	ret = cli_read_fd(fd, buf, cap, len);
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret == EXIT_TOO_LARGE)
		fprintf(stderr, "mtpm: %s '%s' is larger than %zu bytes\n", what, path, cap);
	else if (ret)
		fprintf(stderr, "mtpm: cannot read %s '%s': %s\n", what, path, strerror(errno));
	return ret;
}

static int write_all(int fd, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int cli_write_file(const char *path, const uint8_t *b, size_t n, int secret, int allow_tty)
{
	int fd, ret;

	if (strcmp(path, "-") == 0) {
		if (secret && !allow_tty && isatty(STDOUT_FILENO)) {
			fprintf(stderr, "mtpm: refusing to write the secret to a terminal; "
					"use -o FILE, a pipe, or --tty\n");
			return EXIT_USAGE;
		}
		fflush(stdout);
		if (write_all(STDOUT_FILENO, b, n) != 0) {
			fprintf(stderr, "mtpm: cannot write to stdout: %s\n", strerror(errno));
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	/* 0600 from the start, for secrets and key files alike. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		fprintf(stderr, "mtpm: cannot create '%s': %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (secret)
		(void)fchmod(fd, 0600);   /* an existing file keeps no wider mode */
	ret = write_all(fd, b, n) == 0 && fsync(fd) == 0 ? EXIT_OK : EXIT_FAIL;
	if (close(fd) != 0)
		ret = EXIT_FAIL;
	if (ret)
		fprintf(stderr, "mtpm: cannot write '%s': %s\n", path, strerror(errno));
	return ret;
}

/* Drop one trailing newline (a PIN file written by echo). */
static void chomp(uint8_t *b, size_t *n)
{
	if (*n && b[*n - 1] == '\n')
		(*n)--;
	if (*n && b[*n - 1] == '\r')
		(*n)--;
}

int cli_read_pin(const char *file, int fd, int prompt, uint8_t *pin, size_t cap, size_t *len)
{
	int ret;

	*len = 0;
	if (file) {
		ret = cli_read_file(file, pin, cap, len, "PIN file");
	} else if (fd >= 0) {
		ret = cli_read_fd(fd, pin, cap, len);
		if (ret)
			fprintf(stderr, "mtpm: cannot read the PIN from fd %d\n", fd);
	} else if (prompt) {
		struct termios old, quiet;
		int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
		size_t n = 0;

		if (tty < 0) {
			fprintf(stderr, "mtpm: no terminal to ask for the PIN; use --pin-file or --pin-fd\n");
			return EXIT_USAGE;
		}
		if (tcgetattr(tty, &old) != 0) {
			close(tty);
			fprintf(stderr, "mtpm: cannot turn off echo; use --pin-file or --pin-fd\n");
			return EXIT_USAGE;
		}
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
		(void)write(tty, "PIN: ", 5);
		(void)tcsetattr(tty, TCSAFLUSH, &quiet);
		while (n < cap) {
			uint8_t ch;
			ssize_t r = read(tty, &ch, 1);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0 || ch == '\n')
				break;
			pin[n++] = ch;
		}
		(void)tcsetattr(tty, TCSAFLUSH, &old);
		(void)write(tty, "\n", 1);
		close(tty);
		*len = n;
		ret = EXIT_OK;
	} else {
		return EXIT_OK;
	}
	if (ret == EXIT_OK)
		chomp(pin, len);
	if (ret == EXIT_OK && *len == 0) {
		fprintf(stderr, "mtpm: empty PIN\n");
		ret = EXIT_USAGE;
	}
	return ret;
}
