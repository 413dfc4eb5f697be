/*
 * transport/open.c - open and close the transport a parsed TCTI names.
 *
 * The one place that maps mtpm_tcti kinds to implementations. Every path
 * leaves t in a usable state: on failure t->transmit answers
 * MTPM_E_TRANSPORT and t->desc says what was tried, so a caller that
 * ignores the result can neither crash nor talk to the wrong thing.
 */
#include <string.h>
#include "stream.h"

mtpm_rc mtpm_transport_open(mtpm_transport *t, const mtpm_tcti *tcti)
{
	mtpm_rc rc = MTPM_E_USAGE;

	if (t == NULL)
		return MTPM_E_USAGE;
	memset(t, 0, sizeof(*t));
	t->timeout_ms = MTPM_DEFAULT_TIMEOUT_MS;

	if (tcti != NULL) {
		switch (tcti->kind) {
		case MTPM_TCTI_DEVICE:
			rc = mtpm_device_open(t, tcti->path);
			break;
		case MTPM_TCTI_SWTPM_TCP:
		case MTPM_TCTI_SWTPM_UNIX:
			rc = mtpm_swtpm_open(t, tcti);
			break;
		case MTPM_TCTI_FD:
			rc = mtpm_fdstream_open(t, tcti->fd);
			break;
		default:
			break; /* MTPM_E_USAGE */
		}
	}
	if (rc != MTPM_OK) {
		/* Whatever the implementation got to: not open, and safe to
		 * call and to close. */
		mtpm_stream_of(t)->fd = -1;
		t->transmit = mtpm_transport_closed_transmit;
		t->close = mtpm_stream_close;
	}
	return rc;
}

void mtpm_transport_close(mtpm_transport *t)
{
	if (t != NULL && t->close != NULL)
		t->close(t);
}
