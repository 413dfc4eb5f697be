/*
 * transport/callback.c - a transport over an integrator's byte-level
 * function, for bootloaders and firmware that have their own TIS/CRB/SPI
 * driver.
 *
 * Needs nothing from libc but memset/memcpy: the argument and response
 * checks are mtpm_transport_check_args / _check_frame (frame.c, which
 * reads the header through the cursor and does no I/O) and a bound on the
 * length the callback claims. fn and user live in the transport's private
 * state; t->user is left to code outside the library (a wrapper that
 * installs its own transmit after this call).
 *
 * Invariants: the callback's *rsp_len is never trusted past rsp_cap (more
 * is MTPM_E_SPACE); the response must be a whole frame (header size ==
 * length) or the result is MTPM_E_MALFORMED, which is also what a
 * response the callback cut to rsp_cap gets; on any failure *rsp_len is 0
 * and rsp is cleared (the pipeline wipes its buffers again; this keeps a
 * failed callback from leaving half a response behind for any other
 * caller).
 */
#include <string.h>
#include <mtpm/transport.h>

/* The callback transport's private state, in mtpm_transport.state. */
typedef struct callback_state {
	mtpm_xfer_fn fn;
	void *user;
} callback_state;

_Static_assert(sizeof(callback_state) <= sizeof(((mtpm_transport *)0)->state),
	       "callback_state must fit mtpm_transport.state");

static callback_state *callback_of(mtpm_transport *t)
{
	return (callback_state *)(void *)&t->state;
}

static mtpm_rc callback_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
				 uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	const callback_state *st = callback_of(t);
	size_t got = 0;
	mtpm_rc rc;

	if (st->fn == NULL) {
		if (rsp_len != NULL)
			*rsp_len = 0;
		return MTPM_E_USAGE;
	}
	rc = mtpm_transport_check_args(cmd, cmd_len, rsp, rsp_cap, rsp_len);
	if (rc != MTPM_OK)
		return rc;
	rc = st->fn(st->user, cmd, cmd_len, rsp, rsp_cap, &got);
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
	callback_state *st = callback_of(t);

	st->fn = NULL;
	st->user = NULL;
}

void mtpm_transport_callback(mtpm_transport *t, mtpm_xfer_fn fn, void *user)
{
	static const char desc[] = "callback";
	callback_state *st = callback_of(t);

	memset(t, 0, sizeof(*t));
	t->timeout_ms = MTPM_DEFAULT_TIMEOUT_MS;
	st->fn = fn;
	st->user = user;
	t->transmit = callback_transmit;
	t->close = callback_close;
	memcpy(t->desc, desc, sizeof(desc));
}
