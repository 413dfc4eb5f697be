/*
 * fuzz/fuzz_decode.c - the CLI's TPM frame decoder behind `mtpm decode`
 * and --trace (src/cli/decode.c), which reads whatever a capture file or
 * a hostile TPM hands it.
 *
 * Input: byte 0 bit 0 response (else command), bit 1 redact; bytes 1-4
 * the commandCode a response answers; the rest is the frame.
 *
 * Oracle: both entry points (cli_decode_frame and, with a scrub copy,
 * cli_decode_command/cli_decode_response) return 0 or 1 and agree; the
 * input is never written; the scrub copy differs from the frame only in
 * bytes it zeroed; with redact, the frame's bytes may be hidden but never
 * invented; without redact nothing is hidden (the scrub copy is the
 * frame); the offset of the first problem is inside the frame and is 0
 * exactly when the frame parsed.
 */
#include "fuzz.h"
#include "cli.h"
#include "decode.h"

static FILE *sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	FUZZ_CHECK(f != NULL);
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[CLI_DECODE_MAX_FRAME], copy[CLI_DECODE_MAX_FRAME],
		       scrub[CLI_DECODE_MAX_FRAME];
	int rsp, redact, r1, r2;
	uint32_t cc;
	size_t n, i, bad = 0;
	cli_decode_state st;

	if (size < 5 || size - 5 > CLI_DECODE_MAX_FRAME)
		return 0;
	rsp = data[0] & 1;
	redact = (data[0] >> 1) & 1;
	cc = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 |
	     (uint32_t)data[3] << 8 | data[4];
	n = size - 5;
	memcpy(frame, data + 5, n);
	memcpy(copy, data + 5, n);

	r1 = cli_decode_frame(sink(), frame, n, rsp, cc, redact);
	FUZZ_CHECK(r1 == 0 || r1 == 1);
	memcpy(scrub, frame, n);
	if (rsp) {
		memset(&st, 0, sizeof(st));
		st.cc = cc;
		r2 = cli_decode_response(sink(), frame, n, redact, cc, "# ", scrub,
					 &st, &bad);
	} else {
		memset(&st, 0, sizeof(st));
		r2 = cli_decode_command(sink(), frame, n, redact, "", scrub, &st, &bad);
	}
	FUZZ_CHECK(r2 == 0 || r2 == 1);
	FUZZ_CHECK(r1 == r2);
	FUZZ_CHECK(n == 0 || memcmp(frame, copy, n) == 0);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(scrub[i] == frame[i] || scrub[i] == 0);
	FUZZ_CHECK(bad <= n);
	FUZZ_CHECK(r2 == 1 || bad == 0);
	FUZZ_CHECK(redact || n == 0 || memcmp(scrub, frame, n) == 0);
	return 0;
}
