/*
 * fuzz/fuzz_luks2_tokens.c - the tokens object of a LUKS2 JSON text,
 * mtpm_luks2_list_tokens (src/luks/token.c), and each listed token
 * through mtpm_luks_token_parse. The input is the JSON text.
 *
 * Oracle: failure leaves the list all zero; success lists only ids 0-31
 * whose spans lie in the text and are objects ('{' .. '}'), of a known
 * kind; a token listed as another type is refused by the token parser
 * as MTPM_E_UNSUPPORTED, a parsed token has the type it was listed with
 * and the same keyslots, and a failed parse leaves the token all zero.
 */
#include "luks_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	static mtpm_luks2_tokens l;
	static mtpm_luks_token tok;
	const char *js = (const char *)data;
	mtpm_luks_diag d;
	mtpm_rc rc;
	unsigned i;

	memset(&l, FUZZ_POISON, sizeof(l));
	rc = mtpm_luks2_list_tokens(js, size, t, MTPM_JSON_TOKENS, &l, &d);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_SPACE);
		FUZZ_CHECK(d.why != MTPM_LUKS_W_OK && d.why < MTPM_LUKS_W_COUNT);
		FUZZ_CHECK(fuzz_is_zero(&l, sizeof(l)));
		return 0;
	}
	for (i = 0; i < MTPM_LUKS2_TOKENS_MAX; i++) {
		const mtpm_luks2_tokref *r = &l.tok[i];

		if (!(l.present >> i & 1)) {
			FUZZ_CHECK(fuzz_is_zero(r, sizeof(*r)));
			continue;
		}
		FUZZ_CHECK(r->len >= 2 && r->off + r->len <= size);
		FUZZ_CHECK(js[r->off] == '{' && js[r->off + r->len - 1] == '}');
		FUZZ_CHECK(r->type >= MTPM_LUKS_TOKEN_OTHER && r->type <= MTPM_LUKS_TOKEN_CLEVIS);
		memset(&tok, FUZZ_POISON, sizeof(tok));
		rc = mtpm_luks_token_parse(js + r->off, r->len, t, MTPM_JSON_TOKENS, &tok, &d);
		if (r->type == MTPM_LUKS_TOKEN_OTHER)
			FUZZ_CHECK(rc == MTPM_E_UNSUPPORTED && d.why == MTPM_LUKS_W_TOKEN_TYPE);
		if (rc != MTPM_OK) {
			FUZZ_CHECK(fuzz_is_zero(&tok, sizeof(tok)));
			continue;
		}
		FUZZ_CHECK(tok.type == r->type && tok.keyslots == r->keyslots);
	}
	return 0;
}
