/*
 * tests/support/capture.h - write what the recording transport saw as a
 * capture file `mtpm decode` reads (the format is in src/cli/decode.c):
 * one "> HEX" line per command and "< HEX" per response, in order.
 *
 * The record is raw: secrets that crossed the bus are in it. Test-only.
 */
#ifndef MTPM_TEST_CAPTURE_H
#define MTPM_TEST_CAPTURE_H

#include <stdio.h>
#include "tamper.h"

/* Every recorded exchange of tp to f. Returns the number of frames. */
unsigned capture_write_tamper(const tamper_t *tp, FILE *f);

#endif
