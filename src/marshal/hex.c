/*
 * hex.c - one hex digit decoder for every text form mtpm reads: the CLI's
 * hex arguments and `mtpm decode` captures, the pinned-parent file's
 * Names (src/seal/pinfile.c).
 *
 * Not a Part 2 type: hex is how mtpm's own files and arguments spell
 * bytes. Kept here, beside the cursor, so the library and the CLI share
 * one copy and the freestanding core needs no <ctype.h>.
 *
 * Invariant: no table indexed by the input; every byte value, including
 * negative chars and EOF, maps to -1 unless it is [0-9a-fA-F].
 */
#include "mtpm/marshal.h"

int mtpm_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
