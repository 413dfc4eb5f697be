/*
 * fileio.c - files, secrets and PINs for the CLI.
 *
 * Rules: a secret goes to a file created 0600 or to a stdout that is not a
 * terminal (unless the user asks); a PIN comes from a file, a file
 * descriptor or a no-echo prompt on /dev/tty, never from argv; every
 * buffer that held one is wiped by its owner.
 *
 * Output files (issue 10 §3). An existing regular file is never truncated
 * or written in place: that would keep its owner, its mode, its other hard
 * links and any reader that holds it open, and a root-made 0666 file would
 * hand the secret to its owner. Instead the bytes go to a fresh 0600
 * temporary in the target's directory (O_CREAT|O_EXCL|O_NOFOLLOW, so no
 * planted file or link is reused), which is written, fsync'ed and then
 * link()ed into place when the target must not exist (link fails with
 * EEXIST rather than replace anything, so a file that appears meanwhile
 * is not clobbered) or rename()d over it with --force. Any failure
 * unlinks the temporary: an ENOSPC halfway leaves no file behind.
 * A symlink at the target is replaced itself (rename does not follow it),
 * and only with --force, like any other existing name.
 *
 * Streams are the exception: a FIFO or character device (a pipe,
 * /dev/stdout, /dev/null, /dev/full) and "-" are written directly. There
 * is nothing to replace, so --force is not needed; they are never fsync'ed
 * (a pipe has nothing to sync and answers EINVAL) nor chmod'ed (their mode
 * is not ours). A symlink is followed to a stream only when root or we own
 * the link (/dev/stdout, /proc/self/fd/N), so a link planted by another
 * user cannot steer a secret into a device of its choice.
 *
 * Every file error is one line "mtpm COMMAND: WHAT 'F': why" and exit
 * status 5 (EXIT_MALFORMED), as README "Exit codes" says.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* strerror, but in the initramfs build a table of the errors a file or
 * device path gives (musl's full table is 2 KiB). */
const char *cli_strerror(int e)
{
#ifdef MTPM_CLI_MINIMAL
	switch (e) {
	case ENOENT: return "No such file or directory";
	case EACCES: return "Permission denied";
	case EPERM: return "Operation not permitted";
	case EISDIR: return "Is a directory";
	case ENOTDIR: return "Not a directory";
	case EEXIST: return "File exists";
	case ENOSPC: return "No space left on device";
	case EROFS: return "Read-only file system";
	case ELOOP: return "Too many levels of symbolic links";
	case EIO: return "I/O error";
	case EBUSY: return "Device or resource busy";
	case ENXIO: return "No such device or address";
	case EINVAL: return "Invalid argument";
	case EBADF: return "Bad file descriptor";
	case ENAMETOOLONG: return "File name too long";
	default: return "error";
	}
#else
	return strerror(e);
#endif
}

/* --force: main.c sets it when any command's arguments carry it. */
int cli_force;

/* "mtpm CMD: WHAT 'PATH': WHY", or "WHAT (stdin)" for "-". */
static void file_msg(const char *what, const char *path, const char *why)
{
	if (strcmp(path, "-") == 0)
		cli_err("%s (stdin): %s", what, why);
	else
		cli_err("%s '%s': %s", what, path, why);
}

static int file_error(const char *what, const char *path, int err)
{
	file_msg(what, path, cli_strerror(err));
	return EXIT_MALFORMED;
}

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
			if (r < 0)
				return EXIT_MALFORMED;
			break;
		}
		r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return EXIT_MALFORMED;   /* errno says why */
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*len = got;
	return EXIT_OK;
}

int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, const char *what)
{
	struct stat st;
	int fd, ret, err;

	*len = 0;
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return file_error(what, path, errno);
	/* A directory opens read-only but reads fail with EISDIR on Linux
	 * and return junk elsewhere: say so before reading. */
	if (fstat(fd, &st) != 0)
		err = errno;
	else
		err = S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (err) {
		if (fd != STDIN_FILENO)
			close(fd);
		return file_error(what, path, err);
	}
	ret = cli_read_fd(fd, buf, cap, len);
	err = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret == EXIT_TOO_LARGE) {
		/* the whole message, so the caller adds no second line */
		if (strcmp(path, "-") == 0)
			cli_err("%s (stdin): larger than %zu bytes", what, cap);
		else
			cli_err("%s '%s': larger than %zu bytes", what, path, cap);
	} else if (ret) {
		file_error(what, path, err);
	}
	return ret;
}

static int write_all(int fd, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = EIO;   /* no progress and no reason: do not spin */
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int out_error(const char *path, int err)
{
	return file_error("output", path, err);
}

static int is_stream(mode_t m)
{
	return S_ISFIFO(m) || S_ISCHR(m);
}

/* Write to an open stream (pipe, character device, stdout). */
static int write_stream(int fd, const char *path, const uint8_t *b, size_t n,
			int secret, int allow_tty)
{
	if (secret && !allow_tty && isatty(fd)) {
		cli_err("refusing to write the secret to a terminal; use -o FILE, a pipe, or --tty");
		return EXIT_USAGE;
	}
	if (write_all(fd, b, n) != 0)
		return out_error(path, errno);
	return EXIT_OK;
}

static int write_stdout(const uint8_t *b, size_t n, int secret, int allow_tty)
{
	fflush(stdout);   /* anything printf'ed goes first */
	return write_stream(STDOUT_FILENO, "-", b, n, secret, allow_tty);
}

/* Length of PATH's directory part, the final '/' included (0: cwd). */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

/*
 * Create DIR/.mtpm-XXXXXXXX beside path, 0600, O_EXCL|O_NOFOLLOW: never
 * an existing file or link. The name need not be secret, only fresh:
 * O_EXCL turns a collision into another try.
 */
static int open_temp(const char *path, char *tmp, size_t cap)
{
	static unsigned counter;
	static const char hex[] = "0123456789abcdef";
	size_t dl = dir_len(path);
	struct timespec ts;
	int tries, i;

	if (dl + sizeof(".mtpm-XXXXXXXX") > cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, dl);
	memcpy(tmp + dl, ".mtpm-", 6);
	for (tries = 0; tries < 64; tries++) {
		uint32_t v;
		int fd;

		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint32_t)getpid() * 2654435761u ^ (uint32_t)ts.tv_nsec ^
		    (++counter * 0x9E3779B9u);
		for (i = 0; i < 8; i++)
			tmp[dl + 6 + (size_t)i] = hex[(v >> (28 - 4 * i)) & 15];
		tmp[dl + 14] = '\0';
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;   /* errno EEXIST */
}

/* After a rename or link, the directory entry is what must reach the
 * disk. 0, or the errno of a failed fsync: EINVAL (a file system that
 * cannot sync a directory) and a directory we cannot open count as done,
 * the file's own data being synced already. */
static int sync_dir(const char *path)
{
	static char dir[PATH_MAX];
	size_t dl = dir_len(path);
	int fd, err = 0;

	if (dl == 0) {
		dir[0] = '.';
		dir[1] = '\0';
	} else if (dl < sizeof(dir)) {
		memcpy(dir, path, dl);
		dir[dl] = '\0';
	} else {
		return 0;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fsync(fd) != 0 && errno != EINVAL)
		err = errno;
	close(fd);
	return err;
}

/* Remove the temporary; a copy of the bytes that stays behind is reported
 * (one line naming it), never left silently. 0 when it is gone. */
static int remove_temp(const char *tmp)
{
	if (unlink(tmp) == 0 || errno == ENOENT)
		return 0;
	file_msg("temporary left behind", tmp, cli_strerror(errno));
	return -1;
}

/*
 * Write b[0..n) to a fresh temporary and move it to path: with replace,
 * rename() over whatever is there; without, link(), which refuses an
 * existing name (a file system without hard links - vfat - falls back to
 * rename after one more check, the only window where a file created at
 * the same instant could be replaced).
 */
static int write_via_temp(const char *path, const uint8_t *b, size_t n, int replace)
{
	static char tmp[PATH_MAX];
	struct stat st;
	int fd, err;

	fd = open_temp(path, tmp, sizeof(tmp));
	if (fd < 0)
		return out_error(path, errno);
	/* umask may have left it narrower; never wider than 0600 */
	if (fchmod(fd, 0600) != 0 || write_all(fd, b, n) != 0)
		goto fail;
	/* EINVAL: this file system cannot sync (nothing to wait for) */
	if (fsync(fd) != 0 && errno != EINVAL)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (replace) {
		if (rename(tmp, path) != 0)
			goto fail;
	} else if (link(tmp, path) == 0) {
		if (remove_temp(tmp) != 0)
			return EXIT_MALFORMED;
	} else {
		if (errno != EEXIST && errno != EPERM && errno != ENOTSUP &&
		    errno != EOPNOTSUPP && errno != EMLINK)
			goto fail;
		/* no hard links here (EPERM, ENOTSUP, EMLINK): rename, if the
		 * name is still free */
		if (errno == EEXIST || lstat(path, &st) == 0) {
			(void)remove_temp(tmp);
			cli_err("'%s' exists; use --force to replace it", path);
			return EXIT_MALFORMED;
		}
		if (errno != ENOENT || rename(tmp, path) != 0)
			goto fail;
	}
	err = sync_dir(path);
	return err ? out_error(path, err) : EXIT_OK;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	(void)remove_temp(tmp);   /* reports it if it stays */
	return out_error(path, err);
}

/*
 * Is path (known to exist, lstat in *lst) a stream to write directly?
 * 1: open it and write; 2: it is our stdout under another name
 * (/dev/stdout, /proc/self/fd/1 on a regular file); 0: no.
 */
static int stream_kind(const char *path, const struct stat *lst)
{
	struct stat st, out;

	if (is_stream(lst->st_mode))
		return 1;
	if (!S_ISLNK(lst->st_mode) || (lst->st_uid != 0 && lst->st_uid != geteuid()))
		return 0;
	if (stat(path, &st) != 0)
		return 0;
	if (is_stream(st.st_mode))
		return 1;
	if (S_ISREG(st.st_mode) && fstat(STDOUT_FILENO, &out) == 0 &&
	    out.st_dev == st.st_dev && out.st_ino == st.st_ino)
		return 2;
	return 0;
}

int cli_write_file(const char *path, const uint8_t *b, size_t n, int secret, int allow_tty)
{
	struct stat lst, st;
	int fd, ret, kind;

	if (strcmp(path, "-") == 0)
		return write_stdout(b, n, secret, allow_tty);
	if (path[0] == '\0')
		return out_error(path, ENOENT);
	if (lstat(path, &lst) != 0) {
		if (errno != ENOENT)
			return out_error(path, errno);
		return write_via_temp(path, b, n, cli_force);
	}
	kind = stream_kind(path, &lst);
	if (kind == 2)
		return write_stdout(b, n, secret, allow_tty);
	if (kind == 1) {
		/* No O_CREAT, no O_TRUNC: only ever an existing stream. A link
		 * is followed only when stream_kind vetted it. */
		fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY |
			  (S_ISLNK(lst.st_mode) ? 0 : O_NOFOLLOW));
		if (fd < 0)
			return out_error(path, errno);
		if (fstat(fd, &st) != 0 || !is_stream(st.st_mode)) {
			/* swapped for something else since lstat */
			close(fd);
			cli_err("output '%s': changed while being opened", path);
			return EXIT_MALFORMED;
		}
		ret = write_stream(fd, path, b, n, secret, allow_tty);
		if (close(fd) != 0 && ret == EXIT_OK)
			ret = out_error(path, errno);
		return ret;
	}
	if (S_ISDIR(lst.st_mode))
		return out_error(path, EISDIR);
	if (!S_ISREG(lst.st_mode) && !S_ISLNK(lst.st_mode)) {
		cli_err("output '%s': not a regular file", path);
		return EXIT_MALFORMED;
	}
	if (!cli_force) {
		cli_err("'%s' exists; use --force to replace it", path);
		return EXIT_MALFORMED;
	}
	return write_via_temp(path, b, n, 1);
}

int cli_update_file(const char *path, const uint8_t *b, size_t n)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return out_error(path, errno);
	/* Replacing a link would leave the file it names, the one just
	 * read, unchanged: ask for that file instead. */
	if (S_ISLNK(st.st_mode)) {
		cli_err("output '%s': a symbolic link; name the file it points to", path);
		return EXIT_MALFORMED;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_err("output '%s': not a regular file", path);
		return EXIT_MALFORMED;
	}
	return write_via_temp(path, b, n, 1);
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
		if (ret == EXIT_TOO_LARGE)
			cli_err("PIN from fd %d: larger than %zu bytes", fd, cap);
		else if (ret)
			cli_err("PIN from fd %d: %s", fd, cli_strerror(errno));
	} else if (prompt) {
		struct termios old, quiet;
		int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
		size_t n = 0;

		if (tty < 0) {
			cli_err("no terminal to ask for the PIN; use --pin-file or --pin-fd");
			return EXIT_USAGE;
		}
		if (tcgetattr(tty, &old) != 0) {
			close(tty);
			cli_err("cannot turn off echo; use --pin-file or --pin-fd");
			return EXIT_USAGE;
		}
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
		/* The PIN is read only once echo is off for certain:
		 * tcsetattr succeeds when any one change took, so read the
		 * state back. */
		if (tcsetattr(tty, TCSAFLUSH, &quiet) != 0 || tcgetattr(tty, &quiet) != 0 ||
		    (quiet.c_lflag & ECHO)) {
			(void)tcsetattr(tty, TCSAFLUSH, &old);
			close(tty);
			cli_err("cannot turn off echo; use --pin-file or --pin-fd");
			return EXIT_USAGE;
		}
		(void)write(tty, "PIN: ", 5);
		while (n < cap) {
			uint8_t ch;
			ssize_t r = read(tty, &ch, 1);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0 || ch == '\n')
				break;
			pin[n++] = ch;
		}
		if (tcsetattr(tty, TCSAFLUSH, &old) != 0)
			cli_err("could not turn the terminal's echo back on (stty echo)");
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
		cli_err("empty PIN");
		ret = EXIT_USAGE;
	}
	return ret;
}
