/*
 * transport/callback.c - a transport over an integrator's byte-level
 * function, for bootloaders and firmware that have their own TIS/CRB/SPI
 * driver.
 *
 * Needs nothing from libc but memset: the response checks are
 * mtpm_transport_check_frame (frame.c, free-standing) and a bound on the
 * length the callback claims.
 *
 * Invariants: the callback's *rsp_len is never trusted past rsp_cap; the
 * response must be a whole frame (header size == length) or the result is
 * MTPM_E_MALFORMED; on any failure *rsp_len is 0 and rsp is cleared (the
 * pipeline wipes its buffers again; this keeps a failed callback from
 * leaving half a response behind for any other caller).
 */
#include <string.h>
#include <mtpm/transport.h>

static mtpm_rc callback_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
				 uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	size_t got = 0;
	mtpm_rc rc;

	if (rsp_len == NULL)
		return MTPM_E_USAGE;
	*rsp_len = 0;
	if (rsp == NULL || t->xfer == NULL ||
	    mtpm_transport_check_frame(cmd, cmd_len) != MTPM_OK)
		return MTPM_E_USAGE;
	if (rsp_cap < 10)
		return MTPM_E_SPACE;
	rc = t->xfer(t->user, cmd, cmd_len, rsp, rsp_cap, &got);
	if (rc == MTPM_OK && got > rsp_cap)
		rc = MTPM_E_SPACE; /* it wrote past our buffer or lies */
	if (rc == MTPM_OK)
		rc = mtpm_transport_check_frame(rsp, got);
	if (rc != MTPM_OK) {
		memset(rsp, 0, rsp_cap);
		return rc;
	}
	*rsp_len = got;
	return MTPM_OK;
}

static void callback_close(mtpm_transport *t)
{
	t->xfer = NULL;
	t->user = NULL;
}

void mtpm_transport_callback(mtpm_transport *t, mtpm_xfer_fn fn, void *user)
{
	static const char desc[] = "callback";

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->ctrl_fd = -1;
	t->timeout_ms = MTPM_DEFAULT_TIMEOUT_MS;
	t->xfer = fn;
	t->user = user;
	t->transmit = callback_transmit;
	t->close = callback_close;
	memcpy(t->desc, desc, sizeof(desc));
}
