/*
 * tests/support/tamper.c - the recording, tampering transport (see
 * tamper.h). Written to be obviously right rather than small: every mode
 * is one case of one switch, and the record is append-only.
 */
#include <string.h>
#include "tamper.h"

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Append n bytes to the record; returns their offset or SIZE_MAX. */
static size_t rec_put(tamper_t *tp, const uint8_t *p, size_t n)
{
	size_t off = tp->rec_len;

	if (tp->rec_full || n > sizeof(tp->rec) - tp->rec_len) {
		tp->rec_full = 1;
		return SIZE_MAX;
	}
	if (n > 0)
		memcpy(tp->rec + off, p, n);
	tp->rec_len += n;
	return off;
}

static mtpm_rc tamper_transmit(mtpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	tamper_t *tp = t->user;
	tamper_xfer *x = NULL;
	const tamper_xfer *old;
	size_t got = 0, off;
	int act;
	mtpm_rc rc;

	if (rsp_len == NULL || rsp == NULL || cmd == NULL)
		return MTPM_E_USAGE;
	*rsp_len = 0;
	tp->ncmd++;
	act = tp->mode != TAMPER_NONE && (tp->nth == 0 || tp->nth == tp->ncmd);

	if (!tp->rec_full && tp->nxfer < TAMPER_MAX_XFER) {
		x = &tp->xfer[tp->nxfer];
		memset(x, 0, sizeof(*x));
		off = rec_put(tp, cmd, cmd_len);
		if (off == SIZE_MAX) {
			x = NULL;
		} else {
			x->cmd_off = off;
			x->cmd_len = cmd_len;
			x->cc = cmd_len >= 10 ? be32_at(cmd + 6) : 0;
			tp->nxfer++;
		}
	} else {
		tp->rec_full = 1;
	}

	if (act && tp->mode == TAMPER_RC) {
		/* The TPM never sees this command. */
		if (rsp_cap < 10)
			return MTPM_E_SPACE;
		rsp[0] = 0x80;
		rsp[1] = 0x01; /* TPM_ST_NO_SESSIONS */
		put_be32(rsp + 2, 10);
		put_be32(rsp + 6, tp->arg);
		*rsp_len = 10;
		tp->nacted++;
		if (x != NULL) {
			x->rsp_code = tp->arg;
			x->acted = 1;
		}
		return MTPM_OK;
	}

	rc = tp->inner->transmit(tp->inner, cmd, cmd_len, rsp, rsp_cap, &got);
	if (x != NULL) {
		x->rc = rc;
		if (rc == MTPM_OK) {
			off = rec_put(tp, rsp, got);
			if (off != SIZE_MAX) {
				x->rsp_off = off;
				x->rsp_len = got;
			}
			x->rsp_code = got >= 10 ? be32_at(rsp + 6) : 0;
		}
	}
	if (rc != MTPM_OK || !act) {
		*rsp_len = rc == MTPM_OK ? got : 0;
		return rc;
	}

	switch (tp->mode) {
	case TAMPER_FLIP_BIT:
		if (tp->arg / 8u >= got) {
			tp->nmissed++;
			break;
		}
		rsp[tp->arg / 8u] ^= (uint8_t)(1u << (tp->arg % 8u));
		goto acted;
	case TAMPER_TRUNCATE:
		if (tp->arg >= got) {
			tp->nmissed++;
			break;
		}
		got = tp->arg;
		goto acted;
	case TAMPER_SIZE_FIELD:
		if (got < 6) {
			tp->nmissed++;
			break;
		}
		put_be32(rsp + 2, tp->arg);
		goto acted;
	case TAMPER_DROP:
		memset(rsp, 0, rsp_cap);
		tp->nacted++;
		if (x != NULL)
			x->acted = 1;
		return MTPM_E_TRANSPORT;
	case TAMPER_HANGUP:
		memset(rsp, 0, rsp_cap);
		tp->nacted++;
		if (x != NULL)
			x->acted = 1;
		if (tp->inner->close != NULL)
			tp->inner->close(tp->inner);
		return MTPM_E_TRANSPORT;
	case TAMPER_TIMEOUT:
		memset(rsp, 0, rsp_cap);
		tp->nacted++;
		if (x != NULL)
			x->acted = 1;
		return MTPM_E_TIMEOUT;
	case TAMPER_REPLAY:
		if (tp->arg == 0 || tp->arg > tp->nxfer) {
			tp->nmissed++;
			break;
		}
		old = &tp->xfer[tp->arg - 1u];
		if (old->rsp_len == 0 || old->rsp_len > rsp_cap) {
			tp->nmissed++;
			break;
		}
		memcpy(rsp, tp->rec + old->rsp_off, old->rsp_len);
		got = old->rsp_len;
		goto acted;
	default:
		break;
	}
	*rsp_len = got;
	return MTPM_OK;

acted:
	tp->nacted++;
	if (x != NULL)
		x->acted = 1;
	*rsp_len = got;
	return MTPM_OK;
}

static void tamper_close(mtpm_transport *t)
{
	(void)t; /* inner belongs to the test */
}

void tamper_init(tamper_t *tp, mtpm_transport *out, mtpm_transport *inner)
{
	memset(tp, 0, sizeof(*tp));
	tp->inner = inner;
	memset(out, 0, sizeof(*out));
	out->timeout_ms = inner != NULL ? inner->timeout_ms : MTPM_DEFAULT_TIMEOUT_MS;
	out->resource_manager = inner != NULL ? inner->resource_manager : 0;
	out->user = tp;
	out->transmit = tamper_transmit;
	out->close = tamper_close;
	memcpy(out->desc, "tamper", sizeof("tamper"));
}

void tamper_reset(tamper_t *tp)
{
	tp->ncmd = 0;
	tp->nacted = 0;
	tp->nmissed = 0;
	tp->nxfer = 0;
	tp->rec_full = 0;
	tp->rec_len = 0;
	memset(tp->xfer, 0, sizeof(tp->xfer));
	memset(tp->rec, 0, sizeof(tp->rec));
}

const uint8_t *tamper_cmd(const tamper_t *tp, unsigned i, size_t *len)
{
	if (len != NULL)
		*len = 0;
	if (i >= tp->nxfer)
		return NULL;
	if (len != NULL)
		*len = tp->xfer[i].cmd_len;
	return tp->rec + tp->xfer[i].cmd_off;
}

const uint8_t *tamper_rsp(const tamper_t *tp, unsigned i, size_t *len)
{
	if (len != NULL)
		*len = 0;
	if (i >= tp->nxfer || tp->xfer[i].rsp_len == 0)
		return NULL;
	if (len != NULL)
		*len = tp->xfer[i].rsp_len;
	return tp->rec + tp->xfer[i].rsp_off;
}

static unsigned count_in(const uint8_t *h, size_t hn, const uint8_t *nd, size_t n)
{
	unsigned c = 0;
	size_t i;

	if (n == 0 || hn < n)
		return 0;
	for (i = 0; i + n <= hn; i++)
		if (memcmp(h + i, nd, n) == 0)
			c++;
	return c;
}

unsigned tamper_count(const tamper_t *tp, const void *needle, size_t n)
{
	unsigned i, c = 0;

	for (i = 0; i < tp->nxfer; i++) {
		c += count_in(tp->rec + tp->xfer[i].cmd_off, tp->xfer[i].cmd_len, needle, n);
		c += count_in(tp->rec + tp->xfer[i].rsp_off, tp->xfer[i].rsp_len, needle, n);
	}
	return c;
}

unsigned tamper_count_cc(const tamper_t *tp, uint32_t cc)
{
	unsigned i, c = 0;

	for (i = 0; i < tp->nxfer; i++)
		if (tp->xfer[i].cc == cc)
			c++;
	return c;
}
