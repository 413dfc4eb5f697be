/*
 * fuzz/fuzz_rsp.c - one harness per command response parser.
 *
 * Built once per parser with -DFUZZ_RSP=FUZZ_RSP_<Command> (fuzz/fuzz.mk):
 * fuzz_GetRandom_rsp runs mtpm_GetRandom_rsp, and so on. The input is the
 * response parameter area exactly as the pipeline hands it to the parser
 * (after the header, handle area, parameterSize and authorization area
 * have been split off). The oracle is in fuzz/rsp_parsers.c.
 */
#include "fuzz.h"

#ifndef FUZZ_RSP
#error "build with -DFUZZ_RSP=FUZZ_RSP_<Command>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)fuzz_rsp_run(FUZZ_RSP, data, size);
	return 0;
}
