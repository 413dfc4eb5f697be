/*
 * fuzz/fuzz_decode_capture.c - the capture-file reader of `mtpm decode
 * FILE` (cli_decode_capture, src/cli/trace.c): "> HEX" / "< HEX" lines,
 * "# " comments, or a swtpm --log level=20 dump, as text of any length.
 *
 * Oracle: the result is 0 or 1 and the same with and without redaction;
 * the frame counts agree between the two runs, no more frames failed than
 * were seen, and 0 means none failed.
 */
#include "fuzz.h"
#include "cli.h"
#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	unsigned nf1 = 0, nb1 = 0, nf2 = 0, nb2 = 0;
	int r1, r2;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(devnull != NULL);
	r1 = cli_decode_capture(devnull, (const char *)data, size, 0, 0, &nf1, &nb1);
	r2 = cli_decode_capture(devnull, (const char *)data, size, 1, 0, &nf2, &nb2);
	FUZZ_CHECK(r1 == 0 || r1 == 1);
	FUZZ_CHECK(r1 == r2 && nf1 == nf2 && nb1 == nb2);
	FUZZ_CHECK(nb1 <= nf1);
	FUZZ_CHECK(r1 == 1 || nb1 == 0);
	return 0;
}
