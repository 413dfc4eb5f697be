/*
 * tests/support/tamper.h - a recording, tampering transport for tests.
 *
 * It sits between the pipeline and the real transport (tp->inner), the
 * place a bus interposer sits, and
 *   - records every command and every response as the inner transport
 *     returned it (what a sniffer on the bus sees), for greps ("the secret
 *     never crosses the bus in clear") and for counting round trips;
 *   - acts on the Nth response (1-based; nth = 0: on every response) as
 *     `mode` says, with `arg` as its parameter.
 *
 * Usage:
 *   static tamper_t tp;          // ~200 KiB: keep it static, not on the stack
 *   mtpm_transport tt;
 *   tamper_init(&tp, &tt, &real);
 *   tp.mode = TAMPER_FLIP_BIT; tp.nth = 3; tp.arg = 8 * 12 + 0;
 *   mtpm_ctx_init(&ctx, &tt, crypto);
 *   ... ; assert_int_equal(tp.nacted, 1);
 *
 * Test-only code: never linked into the library or the CLI.
 */
#ifndef MTPM_TEST_TAMPER_H
#define MTPM_TEST_TAMPER_H

#include <stddef.h>
#include <stdint.h>
#include <mtpm/transport.h>

#define TAMPER_REC_SIZE (192u * 1024u)
#define TAMPER_MAX_XFER 512u

typedef enum tamper_mode {
	TAMPER_NONE = 0,  /* record only */
	TAMPER_FLIP_BIT,  /* flip bit arg of the response (byte arg / 8, bit arg % 8, 0 = LSB) */
	TAMPER_TRUNCATE,  /* deliver only the first arg bytes (header size left as it was) */
	TAMPER_SIZE_FIELD,/* overwrite the header's size field with arg */
	TAMPER_DROP,      /* the TPM runs the command, the response is lost: MTPM_E_TRANSPORT */
	TAMPER_REPLAY,    /* deliver instead the response of exchange #arg (1-based, recorded) */
	TAMPER_TIMEOUT,   /* the TPM runs the command, the answer comes too late: MTPM_E_TIMEOUT
			   * at once, no real waiting */
	TAMPER_RC,        /* the TPM never sees the command; answer a bare 10-byte
			   * response with responseCode arg (e.g. 0x922 RETRY, 0x921
			   * LOCKOUT, 0x98e) */
	TAMPER_HANGUP     /* the TPM runs the command, then the connection dies:
			   * MTPM_E_TRANSPORT and the inner transport closed, as a
			   * real stream or device transport poisons itself */
} tamper_mode;

/* One exchange; offsets point into tamper_t.rec. */
typedef struct tamper_xfer {
	uint32_t cc;          /* commandCode of the command */
	mtpm_rc rc;           /* what the inner transport returned */
	uint32_t rsp_code;    /* responseCode as received (0 if no response) */
	size_t cmd_off, cmd_len;
	size_t rsp_off, rsp_len;  /* as received from inner, before tampering */
	int acted;            /* the tamper mode was applied to this one */
} tamper_xfer;

typedef struct tamper {
	mtpm_transport *inner;
	tamper_mode mode;
	unsigned nth;         /* 1-based exchange to act on; 0 = every exchange */
	uint32_t arg;
	unsigned ncmd;        /* commands that went through (all, recorded or not) */
	unsigned nacted;      /* responses tampered with */
	unsigned nmissed;     /* acts that could not apply (bit or index out of range) */
	unsigned nxfer;       /* entries in xfer[] */
	int rec_full;         /* recording stopped: rec or xfer[] ran out */
	size_t rec_len;
	tamper_xfer xfer[TAMPER_MAX_XFER];
	uint8_t rec[TAMPER_REC_SIZE];
} tamper_t;

/* Zero tp, point it at inner and make *out a transport that goes through
 * it (tp->inner = inner, out->user = tp; out->resource_manager and
 * out->timeout_ms are inner's). Closing *out does not close inner. */
void tamper_init(tamper_t *tp, mtpm_transport *out, mtpm_transport *inner);

/* Forget the record and counters; keep inner, mode, nth and arg. */
void tamper_reset(tamper_t *tp);

/* The recorded command / response of exchange i (0-based), or NULL. */
const uint8_t *tamper_cmd(const tamper_t *tp, unsigned i, size_t *len);
const uint8_t *tamper_rsp(const tamper_t *tp, unsigned i, size_t *len);

/* How many times needle[0..n) occurs in all recorded bytes (commands and
 * responses, each searched on its own so a match never spans two). */
unsigned tamper_count(const tamper_t *tp, const void *needle, size_t n);

/* Exchanges recorded whose commandCode is cc. */
unsigned tamper_count_cc(const tamper_t *tp, uint32_t cc);

#endif
