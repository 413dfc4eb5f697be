/*
 * transport/device.c - the Linux TPM character device (/dev/tpmrm0,
 * /dev/tpm0).
 *
 * The kernel driver takes one whole command per write() and hands back
 * one whole response per read() (Documentation/security/tpm: the
 * resource-managed /dev/tpmrm0 is preferred, as it isolates our transient
 * objects and sessions from other users).
 *
 * Invariants:
 *   - one fd, opened O_RDWR | O_CLOEXEC | O_NONBLOCK, for the life of the
 *     transport. O_NONBLOCK puts the driver in its asynchronous mode
 *     (write queues the command, poll() says when the response is ready),
 *     so our deadline applies; older kernels ignore it and run the command
 *     inside write(), bounded by the driver's own timeouts;
 *   - the command goes out in exactly one write(); a short write is an
 *     error, not something to continue (the driver does not take pieces);
 *   - the response comes back in exactly one read() and passes
 *     mtpm_transport_check_frame; a header claiming more than rsp_cap is
 *     MTPM_E_SPACE;
 *   - any failure poisons the transport (mtpm_stream_poison, stream.c):
 *     after a timeout the driver may still deliver the late response,
 *     which must not answer the next command. Closing the fd makes the
 *     driver drop it;
 *   - the default device falls back from /dev/tpmrm0 to /dev/tpm0 only
 *     when /dev/tpmrm0 does not exist (ENOENT: a kernel older than 4.12,
 *     or no resource manager configured). Any other failure on tpmrm0
 *     (EACCES, EBUSY, not a character device, ...) is an error that names
 *     tpmrm0 and why: /dev/tpm0 has no resource manager, so reaching it
 *     because tpmrm0 was merely unusable would silently drop the
 *     isolation from other users' objects and sessions that tpmrm0 gives,
 *     and would take the raw device from whoever the kernel reserved it
 *     for (tpm0 is single-open);
 *   - t->resource_manager says whether the kernel's resource manager sits
 *     behind the fd (a /dev/tpmrm* node): src/cmds/pipeline.c recovers
 *     lost handles itself only when it does not.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <mtpm/crypto.h>
#include "stream.h"

/* A short, allocation-free reason for an open() failure, for t->desc. */
static const char *open_err(int e)
{
	switch (e) {
	case ENOENT: return "absent";
	case EACCES: return "permission denied";
	case EPERM: return "permission denied";
	case EBUSY: return "busy";
	case ENXIO: return "no device";
	case ENODEV: return "no device";
	case ENOTTY: return "not a character device";
	case ENOTDIR: return "a path component is not a directory";
	case EISDIR: return "a directory";
	default: return "cannot open";
	}
}

static mtpm_rc device_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	mtpm_stream_state *st = mtpm_stream_of(t);
	mtpm_deadline dl;
	ssize_t n;
	uint32_t size;
	mtpm_rc rc;

	rc = mtpm_transport_check_args(cmd, cmd_len, rsp, rsp_cap, rsp_len);
	if (rc != MTPM_OK)
		return rc;
	if (st->fd < 0)
		return MTPM_E_TRANSPORT;
	mtpm_deadline_start(&dl, t->timeout_ms);

	for (;;) {
		n = write(st->fd, cmd, cmd_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			rc = mtpm_stream_wait(st->fd, POLLOUT, &dl);
			if (rc != MTPM_OK)
				goto out;
			continue;
		}
		break;
	}
	if (n < 0 || (size_t)n != cmd_len) {
		rc = MTPM_E_TRANSPORT;
		goto out;
	}

	for (;;) {
		rc = mtpm_stream_wait(st->fd, POLLIN, &dl);
		if (rc != MTPM_OK)
			goto out;
		n = read(st->fd, rsp, rsp_cap);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		break;
	}
	if (n <= 0) {
		rc = MTPM_E_TRANSPORT;
		goto out;
	}
	/* The driver hands back at most rsp_cap bytes of a longer response:
	 * a header that claims more is a buffer too small (MTPM_E_SPACE),
	 * not a bad frame. Otherwise mtpm_transport_check_frame's test: a
	 * whole header whose size is the bytes read. */
	rc = mtpm_transport_frame_size(rsp, (size_t)n, rsp_cap, &size);
	if (rc == MTPM_OK && (size_t)size != (size_t)n)
		rc = MTPM_E_MALFORMED;
	if (rc != MTPM_OK)
		goto out;
	*rsp_len = (size_t)n;
	return MTPM_OK;

out:
	mtpm_wipe(rsp, rsp_cap);
	mtpm_stream_poison(t);
	return rc;
}

static int device_try(const char *path, int *err)
{
	struct stat st;
	int fd;

	do {
		fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	/* A TPM is a character device; refuse a regular file or a fifo
	 * that happens to be named like one. */
	if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
		(void)close(fd);
		*err = ENOTTY;
		return -1;
	}
	return fd;
}

/* Is path a resource-managed node (/dev/tpmrm<N>, by its last component)? */
static uint8_t is_rm_path(const char *path)
{
	const char *b = strrchr(path, '/');

	return strncmp(b != NULL ? b + 1 : path, "tpmrm", 5) == 0;
}

/* raw == NULL: rm is an explicit path, with no fallback. */
mtpm_rc mtpm_device_open_pair(mtpm_transport *t, const char *rm, const char *raw)
{
	mtpm_stream_state *st = mtpm_stream_of(t);
	int e1 = 0, e2 = 0;

	st->fd = device_try(rm, &e1);
	if (st->fd >= 0) {
		t->resource_manager = is_rm_path(rm);
		mtpm_transport_desc(t, "device:", rm, (char *)0);
	} else if (raw == NULL) {
		mtpm_transport_desc(t, "device: ", rm, ": ", open_err(e1), (char *)0);
		return MTPM_E_NOTPM;
	} else if (e1 != ENOENT) {
		/* It exists but cannot be used: say so, do not go around it. */
		mtpm_transport_desc(t, "device:", rm, ": ", open_err(e1), " (", raw,
				    " not tried: it has no resource manager)", (char *)0);
		return MTPM_E_NOTPM;
	} else if ((st->fd = device_try(raw, &e2)) < 0) {
		mtpm_transport_desc(t, "device: tried ", rm, " (", open_err(e1), "), ", raw,
				    " (", open_err(e2), ")", (char *)0);
		return MTPM_E_NOTPM;
	} else {
		mtpm_transport_desc(t, "device:", raw, " (", rm, ": ", open_err(e1),
				    "; no resource manager)", (char *)0);
	}
	t->transmit = device_transmit;
	t->close = mtpm_stream_close;
	return MTPM_OK;
}

mtpm_rc mtpm_device_open(mtpm_transport *t, const char *path)
{
	if (path == NULL || path[0] == '\0')
		return mtpm_device_open_pair(t, "/dev/tpmrm0", "/dev/tpm0");
	return mtpm_device_open_pair(t, path, NULL);
}
