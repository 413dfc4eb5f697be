/*
 * fuzz/fuzz_pcr_selection.c - the CLI's PCR selection parser,
 * cli_parse_pcr_selection (src/cli/util.c, linked in without main.c).
 * The input, cut at its first NUL, is the argument string.
 *
 * Oracle:
 *   - failure: MTPM_E_USAGE and the selection all zero;
 *   - success: 1 to 4 banks, each a hash the CLI names, no bank twice,
 *     sizeofSelect 3, only PCRs 0-23; the string printed back from the
 *     result ("sha256:0,1,7+sha1:3") parses to the same selection; and
 *     the selection marshals and unmarshals to itself (TPML_PCR_SELECTION
 *     is what the commands send).
 */
#include "fuzz.h"
#include "cli.h"

#define INPUT_MAX 1024   /* past the parser's own 512-byte limit */

static void print_sel(const mtpm_TPML_PCR_SELECTION *sel, char *s, size_t cap)
{
	size_t len = 0;
	uint32_t b;
	unsigned pcr;
	int n;

	s[0] = '\0';
	for (b = 0; b < sel->count; b++) {
		const mtpm_TPMS_PCR_SELECTION *p = &sel->pcrSelections[b];
		const char *sep = ":";

		n = snprintf(s + len, cap - len, "%s%s", b ? "+" : "",
			     cli_hash_name(p->hash));
		FUZZ_CHECK(n > 0 && (size_t)n < cap - len);
		len += (size_t)n;
		for (pcr = 0; pcr < 24; pcr++) {
			if (!(p->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
				continue;
			n = snprintf(s + len, cap - len, "%s%u", sep, pcr);
			FUZZ_CHECK(n > 0 && (size_t)n < cap - len);
			len += (size_t)n;
			sep = ",";
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char in[INPUT_MAX + 1], again[1024];
	static uint8_t wbuf[256];
	mtpm_TPML_PCR_SELECTION sel, sel2, sel3;
	uint32_t b, b2;
	mtpm_cur w, r;
	mtpm_rc rc;

	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(in, data, size);
	in[size] = '\0';

	memset(&sel, FUZZ_POISON, sizeof(sel));
	rc = cli_parse_pcr_selection(in, &sel);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_USAGE);
		FUZZ_CHECK(fuzz_is_zero(&sel, sizeof(sel)));
		return 0;
	}

	FUZZ_CHECK(sel.count >= 1 && sel.count <= 4);
	for (b = 0; b < sel.count; b++) {
		const mtpm_TPMS_PCR_SELECTION *p = &sel.pcrSelections[b];

		FUZZ_CHECK(cli_hash_name(p->hash) != NULL);
		FUZZ_CHECK(p->sizeofSelect == 3);
		FUZZ_CHECK(p->pcrSelect[3] == 0);
		FUZZ_CHECK(p->pcrSelect[0] | p->pcrSelect[1] | p->pcrSelect[2]);
		for (b2 = 0; b2 < b; b2++)
			FUZZ_CHECK(sel.pcrSelections[b2].hash != p->hash);
	}

	print_sel(&sel, again, sizeof(again));
	memset(&sel2, FUZZ_POISON, sizeof(sel2));
	FUZZ_CHECK(cli_parse_pcr_selection(again, &sel2) == MTPM_OK);
	FUZZ_CHECK(memcmp(&sel, &sel2, sizeof(sel)) == 0);

	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	mtpm_put_TPML_PCR_SELECTION(&w, &sel);
	FUZZ_CHECK(w.err == MTPM_OK);
	mtpm_cur_init_ro(&r, wbuf, w.pos);
	mtpm_get_TPML_PCR_SELECTION(&r, &sel3);
	FUZZ_CHECK(mtpm_cur_valid(&r) && r.err == MTPM_OK && r.pos == w.pos);
	FUZZ_CHECK(memcmp(&sel, &sel3, sizeof(sel)) == 0);
	return 0;
}
