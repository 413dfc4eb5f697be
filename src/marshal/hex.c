/*
 * hex.c - one hex decoder for every text form mtpm reads: the CLI's
 * hex arguments and `mtpm decode` captures, the pinned-parent file's
 * Names (src/seal/pinfile.c) and the PEM key file's text fields
 * (src/seal/keyfile.c).
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

mtpm_rc mtpm_hex_decode(const uint8_t *s, size_t n, uint8_t *out, size_t cap,
			size_t *len)
{
	size_t i;

	*len = 0;
	if (n % 2 || n / 2 > cap)
		return MTPM_E_MALFORMED;
	for (i = 0; i < n; i += 2) {
		int hi = mtpm_hex_digit(s[i]), lo = mtpm_hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return MTPM_E_MALFORMED;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return MTPM_OK;
}
