/*
 * fuzz/fuzz_base64.c - the strict base64/base64url decoder,
 * mtpm_b64_decode (src/luks/base64.c). Byte 0: flags (bits 0-2:
 * MTPM_B64_URL, _PAD, _WS); the rest is the text.
 *
 * Oracle: failure leaves n = 0 and the whole output buffer zero;
 * success: the output encoded again here (own encoder, padded unless
 * url, unpadded when the input was) equals the input with its
 * whitespace removed (the encoding is canonical); counting with a NULL
 * output gives the same length; one byte less room is MTPM_E_SPACE with
 * that buffer zero.
 */
#include "luks_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[4096], small[4096];
	static char in[8192], canon[8192], again[8192];
	unsigned flags;
	size_t n = 1, m, k, c = 0, i;
	mtpm_rc rc;

	if (size < 1 || size - 1 > sizeof(in))
		return 0;
	flags = data[0] & 7;
	m = size - 1;
	memcpy(in, data + 1, m);
	memset(out, FUZZ_POISON, sizeof(out));
	rc = mtpm_b64_decode(flags, in, m, out, sizeof(out), &n);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_SPACE);
		FUZZ_CHECK(n == 0 && fuzz_is_zero(out, sizeof(out)));
		return 0;
	}
	for (i = 0; i < m; i++)
		if (!((flags & MTPM_B64_WS) && strchr(" \t\r\n", in[i]) && in[i]))
			canon[c++] = in[i];
	k = fuzz_b64(out, n, again, flags & MTPM_B64_URL, !(flags & MTPM_B64_URL) &&
		     (c == 0 || canon[c - 1] == '=' || (flags & MTPM_B64_PAD)));
	FUZZ_CHECK(k == c && memcmp(again, canon, c) == 0);
	FUZZ_CHECK(mtpm_b64_decode(flags, in, m, NULL, 0, &k) == MTPM_OK && k == n);
	if (n) {
		memset(small, FUZZ_POISON, sizeof(small));
		FUZZ_CHECK(mtpm_b64_decode(flags, in, m, small, n - 1, &k) == MTPM_E_SPACE);
		FUZZ_CHECK(k == 0 && fuzz_is_zero(small, n - 1) && small[n - 1] == FUZZ_POISON);
	}
	return 0;
}
