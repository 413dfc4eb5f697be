/*
 * trace.c - --trace / MTPM_TRACE=1: one line per command and response on
 * stderr. Contents are not printed here; the field-by-field decoder with
 * redaction (src/cli/decode.c) replaces this summary when it lands.
 */
#include "cli.h"

void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	(void)user;
	(void)b;
	fprintf(stderr, "mtpm trace: %s cc=0x%08x %zu bytes\n",
		dir == MTPM_TRACE_CMD ? ">>" : "<<", cc, n);
}
