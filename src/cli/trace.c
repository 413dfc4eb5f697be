/*
 * trace.c - `mtpm --trace COMMAND` / MTPM_TRACE=1: every command and
 * response the CLI exchanges, decoded field by field on stderr, secrets
 * redacted (src/cli/decode.c does the work).
 *
 * The output is a capture `mtpm decode` reads back: one "> HEX" or
 * "< HEX" line per frame, with the bytes the decode hides (auth values,
 * HMACs, sensitive and unsealed data, NV data, the salt, parameters a
 * session encrypted) zeroed, followed by the decode as "# " lines.
 *
 * The pipeline calls the trace with the bytes that cross the bus (see
 * mtpm_cmd_run in src/cmds/pipeline.c): a response is traced before its
 * HMAC is verified or its parameter decrypted. A response is decoded
 * with the state its command left (commandCode, session attributes),
 * kept in the sink below. main.c installs cli_trace with the cli_env as
 * user data; one env per process, so one static sink serves it.
 */
#include "cli.h"
#include "decode.h"

#ifndef MTPM_CLI_MINIMAL
static cli_trace_sink sink;

void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	(void)user;
	if (!sink.out)
		cli_trace_sink_init(&sink, stderr, 1);
	cli_decode_trace(&sink, dir, cc, b, n);
}
#else
/* The initramfs build has no decoder: one line per frame, no contents
 * (so nothing to redact). */
void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	(void)user;
	(void)b;
	fprintf(stderr, "# mtpm trace: %s cc 0x%08x, %zu bytes\n",
		dir == MTPM_TRACE_CMD ? "> command" : "< response", cc, n);
}
#endif
