/*
 * decode.h - the TPM 2.0 wire decoder behind `mtpm decode` and `--trace`
 * (frames: src/cli/decode.c; captures and the trace sink: src/cli/trace.c).
 * CLI-side: prints with stdio, never part of libmtpm.
 *
 * Entry points:
 *   cli_decode_frame     one frame, stateless (the fuzz target)
 *   cli_decode_command   one command; remembers what the response needs
 *   cli_decode_response  one response, paired with that state
 *   cli_decode_capture   a capture file: "> HEX" / "< HEX" lines or a
 *                        swtpm --log level=20 dump (format in trace.c)
 *   cli_decode_trace     a ctx->trace callback writing the capture format,
 *                        each frame followed by its decode as # comments
 *
 * Every function reads only b[0..n), never writes to it, and returns 0
 * when the whole frame parsed, 1 when some bytes did not (the output then
 * names the offset where parsing stopped).
 *
 * With redact set, secrets (sensitive-create data, unsealed data, NV
 * data, new authValues, the salt, every hmac/password of an authorization
 * area) print as "<redacted N bytes>", parameters a session encrypted as
 * "<encrypted N bytes>", and bytes the decoder cannot attribute to a
 * known public field (unknown layouts, what follows a parse error) are
 * redacted as well.
 */
#ifndef MTPM_CLI_DECODE_H
#define MTPM_CLI_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mtpm/core.h"

/* Longest frame the decoder accepts from a file (a TPM's is 4096). */
#define CLI_DECODE_MAX_FRAME 65536u

/* What a response decode needs from the command it answers. */
typedef struct cli_decode_state {
	uint32_t cc;          /* commandCode of the last command */
	uint8_t have_cmd;     /* a command header was decoded */
	uint8_t nauth;        /* sessions in its authorization area */
	uint8_t rsp_encrypt;  /* one of them had the encrypt attribute */
} cli_decode_state;

/* Stateless: cc is the command a response answers (0: unknown). */
int cli_decode_frame(FILE *out, const uint8_t *b, size_t n, int is_response,
		     uint32_t cc, int redact);

/* scrub: NULL, or a copy of b[0..n) in which every byte the decode hides
 * is zeroed (the trace's hex line). st may be NULL. prefix starts every
 * output line ("" or "# "). bad_off (may be NULL) gets the offset where
 * parsing stopped, else that of the first problem (a size field). */
int cli_decode_command(FILE *out, const uint8_t *b, size_t n, int redact,
		       const char *prefix, uint8_t *scrub,
		       cli_decode_state *st, size_t *bad_off);
int cli_decode_response(FILE *out, const uint8_t *b, size_t n, int redact,
			uint32_t cc, const char *prefix, uint8_t *scrub,
			const cli_decode_state *st, size_t *bad_off);

/* A whole capture (text, not NUL-terminated). cc_hint: commandCode for a
 * response no command precedes (0: none). *nframes and *nbad (may be
 * NULL) count frames and frames that did not parse. Returns 0 when every
 * frame parsed and every line was understood. */
int cli_decode_capture(FILE *out, const char *text, size_t len, int redact,
		       uint32_t cc_hint, unsigned *nframes, unsigned *nbad);

/* Text that holds a "> " / "< " line or a swtpm frame header: a capture,
 * not one hex frame. */
int cli_decode_is_capture(const uint8_t *t, size_t len);

/* "GetRandom", "TPM2_GetRandom", "TPM_CC_GetRandom" (any case), "0x17b"
 * or "17b" -> commandCode. 0 on success, -1 if not a command. */
int cli_cc_parse(const char *s, uint32_t *cc);
/* (A commandCode's Part 3 name is mtpm_cc_name's, include/mtpm/table.h.) */

/* The trace printer: ctx->trace = cli_decode_trace, ctx->trace_user =
 * a sink. Each frame becomes a "> HEX" or "< HEX" line (secrets zeroed
 * when redact is set) followed by its decode as "# " lines, so the trace
 * is itself a capture `mtpm decode` reads back. */
typedef struct cli_trace_sink {
	FILE *out;
	int redact;
	unsigned seq;                    /* frames traced */
	cli_decode_state st;             /* the last command, for its response */
	uint8_t scrub[MTPM_BUF_SIZE];    /* the frame with hidden bytes zeroed */
} cli_trace_sink;

void cli_trace_sink_init(cli_trace_sink *s, FILE *out, int redact);
void cli_decode_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n);

#endif
