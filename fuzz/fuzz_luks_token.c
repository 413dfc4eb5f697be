/*
 * fuzz/fuzz_luks_token.c - one token's JSON, mtpm_luks_token_parse
 * (src/luks/token.c, src/luks/jwe.c): systemd-tpm2 and clevis. The input
 * is the JSON text (as `cryptsetup token export` prints it).
 *
 * Oracle: failure leaves the token all zero with a why code; success:
 *   systemd-tpm2: every length within its field, PCR masks within 0-23,
 *     algorithm ids from the lists, a non-empty blob, and the token
 *     written back as JSON here (own base64/hex) parses to the very same
 *     struct;
 *   clevis: the JWE checks of luks_fuzz.h (pointers inside the input,
 *     decryption under the fixture key fails closed or verifies, never
 *     under another key).
 */
#include "luks_fuzz.h"

static void round_trip(const mtpm_luks_token *t)
{
	static mtpm_json_tok toks[MTPM_JSON_TOKENS];
	static mtpm_luks_token again;
	static char s[32768];
	const mtpm_luks_systemd *sd = &t->u.sd;
	size_t o;
	int i;

	o = (size_t)sprintf(s, "{\"type\":\"systemd-tpm2\",\"keyslots\":[");
	for (i = 0; i < 32; i++)
		if (t->keyslots >> i & 1)
			o += (size_t)sprintf(s + o, "%s\"%d\"", s[o - 1] == '[' ? "" : ",", i);
	o += (size_t)sprintf(s + o, "],\"tpm2-blob\":\"");
	o += fuzz_b64(sd->blob, sd->blob_len, s + o, 0, 1);
	o += (size_t)sprintf(s + o, "\",\"tpm2-pcrs\":");
	o += fuzz_mask(sd->pcrs, s + o);
	if (sd->pcr_bank)
		o += (size_t)sprintf(s + o, ",\"tpm2-pcr-bank\":\"%s\"",
				     sd->pcr_bank == MTPM_ALG_SHA1 ? "sha1" :
				     sd->pcr_bank == MTPM_ALG_SHA256 ? "sha256" :
				     sd->pcr_bank == MTPM_ALG_SHA384 ? "sha384" : "sha512");
	o += (size_t)sprintf(s + o, ",\"tpm2-primary-alg\":\"%s\",\"tpm2-policy-hash\":\"",
			     sd->primary_alg == MTPM_ALG_RSA ? "rsa" : "ecc");
	o += fuzz_hex(sd->policy_hash, sd->policy_hash_len, s + o);
	o += (size_t)sprintf(s + o, "\",\"tpm2-pin\":%s,\"tpm2_salt\":\"", sd->pin ? "true" : "false");
	o += fuzz_b64(sd->salt, sd->salt_len, s + o, 0, 0);
	o += (size_t)sprintf(s + o, "\",\"tpm2_pubkey_pcrs\":");
	o += fuzz_mask(sd->pubkey_pcrs, s + o);
	o += (size_t)sprintf(s + o, ",\"tpm2_pubkey\":\"");
	o += fuzz_b64(sd->pubkey, sd->pubkey_len, s + o, 0, 1);
	o += (size_t)sprintf(s + o, "\",\"tpm2_srk\":\"");
	o += fuzz_b64(sd->srk, sd->srk_len, s + o, 0, 1);
	o += (size_t)sprintf(s + o, "\",\"tpm2_pcrlock\":false}");
	FUZZ_CHECK(o < sizeof(s));
	memset(&again, FUZZ_POISON, sizeof(again));
	FUZZ_CHECK(mtpm_luks_token_parse(s, o, toks, MTPM_JSON_TOKENS, &again, NULL) == MTPM_OK);
	FUZZ_CHECK(memcmp(&again, t, sizeof(again)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	static mtpm_luks_token tok;
	const mtpm_luks_systemd *sd = &tok.u.sd;
	mtpm_luks_diag d;
	mtpm_rc rc;

	memset(&tok, FUZZ_POISON, sizeof(tok));
	rc = mtpm_luks_token_parse((const char *)data, size, t, MTPM_JSON_TOKENS, &tok, &d);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_MALFORMED || rc == MTPM_E_SPACE || rc == MTPM_E_UNSUPPORTED);
		FUZZ_CHECK(d.why != MTPM_LUKS_W_OK && d.why < MTPM_LUKS_W_COUNT);
		FUZZ_CHECK(fuzz_is_zero(&tok, sizeof(tok)));
		return 0;
	}
	if (tok.type == MTPM_LUKS_TOKEN_CLEVIS) {
		fuzz_check_jwe(&tok.u.jwe, data, size);
		return 0;
	}
	FUZZ_CHECK(tok.type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2);
	FUZZ_CHECK(sd->blob_len && sd->blob_len <= sizeof(sd->blob));
	FUZZ_CHECK(sd->policy_hash_len <= sizeof(sd->policy_hash));
	FUZZ_CHECK(sd->pubkey_len <= sizeof(sd->pubkey) && sd->salt_len <= sizeof(sd->salt) &&
		   sd->srk_len <= sizeof(sd->srk));
	FUZZ_CHECK(sd->pcrs < (1u << 24) && sd->pubkey_pcrs < (1u << 24));
	FUZZ_CHECK(!sd->pubkey_pcrs || sd->pubkey_len);
	FUZZ_CHECK(!sd->pcr_bank || fuzz_is_hash(sd->pcr_bank));
	FUZZ_CHECK(sd->primary_alg == MTPM_ALG_ECC || sd->primary_alg == MTPM_ALG_RSA);
	FUZZ_CHECK(sd->pin <= 1);
	round_trip(&tok);
	return 0;
}
