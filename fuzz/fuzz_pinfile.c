/*
 * fuzz/fuzz_pinfile.c - the pinned-parent file parser, mtpm_pinfile_find
 * (src/seal/pinfile.c), on arbitrary text.
 *
 * Oracle: failure leaves the Name zero; success gives a well-formed Name
 * (nameAlg || digest of its size), and a file written back as "KEY HEX"
 * (own encoder) for that key gives the same Name.
 */
#include <stdio.h>
#include "fuzz.h"
#include "mtpm/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "ecc", "rsa", "0x81000001", "tools-ecc",
					     "tools-ecc-sha1" };
	mtpm_TPM2B_NAME n, again;
	char line[256];
	size_t i, k, o;
	mtpm_rc rc;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		memset(&n, FUZZ_POISON, sizeof(n));
		rc = mtpm_pinfile_find((const char *)data, size, keys[k], &n);
		if (rc != MTPM_OK) {
			FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_POLICY);
			FUZZ_CHECK(fuzz_is_zero(&n, sizeof(n)));
			continue;
		}
		FUZZ_CHECK(n.size >= 2 && n.size <= sizeof(n.buffer));
		FUZZ_CHECK(mtpm_hash_size((uint16_t)(n.buffer[0] << 8 | n.buffer[1])) + 2u == n.size);
		o = (size_t)sprintf(line, "%s ", keys[k]);
		for (i = 0; i < n.size; i++)
			o += (size_t)sprintf(line + o, "%02x", n.buffer[i]);
		line[o++] = '\n';
		FUZZ_CHECK(mtpm_pinfile_find(line, o, keys[k], &again) == MTPM_OK);
		FUZZ_CHECK(again.size == n.size && memcmp(again.buffer, n.buffer, n.size) == 0);
	}
	return 0;
}
