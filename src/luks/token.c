/*
 * src/luks/token.c - the "tokens" object of a LUKS2 header (LUKS2 §3.6)
 * and the two token types mtpm unlocks with.
 *
 * systemd-tpm2 (written by systemd-cryptenroll; the field list and their
 * optionality follow systemd's tpm2_make_luks2_json / tpm2_parse_luks2_json,
 * src/shared/tpm2-util.c, v252-v257):
 *   tpm2-blob          required  base64: TPM2B_PRIVATE || TPM2B_PUBLIC
 *                                (255+: may be an array, one per policy)
 *   tpm2-pcrs          required  array of PCR numbers 0-23
 *   tpm2-pcr-bank      optional  sha1|sha256|sha384|sha512 (absent: systemd
 *                                picks a bank at unlock)
 *   tpm2-primary-alg   optional  ecc|rsa (absent: ecc, systemd < 250)
 *   tpm2-policy-hash   required  hex (255+: may be an array)
 *   tpm2-pin           optional  bool
 *   tpm2_salt          optional  base64 (PIN salting, 254+)
 *   tpm2_pubkey_pcrs   optional  array of PCR numbers (signed policy)
 *   tpm2_pubkey        optional  base64 of the PEM public key file;
 *                                required when tpm2_pubkey_pcrs is non-empty
 *   tpm2_srk           optional  base64 of Esys_TR_Serialize(SRK) (254+)
 *   tpm2_pcrlock       optional  bool; true is refused (pcrlock policies
 *                                use PolicyAuthorizeNV, not done here)
 * Names are compared case-insensitively where systemd does (bank, alg).
 *
 * clevis (clevis luks bind: {"type":"clevis","keyslots":[..],"jwe":{..}},
 * the JWE in flattened JSON form, `jose jwe fmt` output); a compact
 * string is accepted too. See jwe.c.
 */
#include <stddef.h>
#include <string.h>

#include "mtpm/tpm.h"
#include "luks_int.h"

/* "type" and "keyslots", mandatory in every token (LUKS2 §3.6) */
static mtpm_rc common(const mtpm_jdoc *j, int tok, uint8_t *type, uint32_t *slots)
{
	mtpm_rc rc;
	int v;

	if ((rc = mtpm_json_want(j, tok, MTPM_J_OBJECT, "tokens")) ||
	    (rc = mtpm_json_key(j, tok, "type", 1, &v)) ||
	    (rc = mtpm_json_want(j, v, MTPM_J_STRING, "type")))
		return rc;
	*type = mtpm_json_streq(j, v, "systemd-tpm2", 0) ? MTPM_LUKS_TOKEN_SYSTEMD_TPM2 :
		mtpm_json_streq(j, v, "clevis", 0) ? MTPM_LUKS_TOKEN_CLEVIS :
		MTPM_LUKS_TOKEN_OTHER;
	if ((rc = mtpm_json_key(j, tok, "keyslots", 1, &v)))
		return rc;
	return mtpm_json_slots(j, v, "keyslots", slots);
}

mtpm_rc mtpm_luks2_list_tokens(const char *json, size_t len, mtpm_json_tok *t,
			       size_t nt, mtpm_luks2_tokens *out,
			       mtpm_luks_diag *d)
{
	mtpm_luks2_tokref *r;
	mtpm_jdoc j;
	mtpm_rc rc;
	long id;
	int v, k;

	if (d)
		memset(d, 0, sizeof(*d));
	if (!out)
		return MTPM_E_USAGE;
	memset(out, 0, sizeof(*out));
	if ((rc = mtpm_json_open(&j, json, len, t, nt, d)) ||
	    (rc = mtpm_json_key(&j, 0, "tokens", 1, &v)) ||
	    (rc = mtpm_json_want(&j, v, MTPM_J_OBJECT, "tokens")))
		goto out;
	for (k = v + 1; k < j.n && t[k].start < t[v].end; k = mtpm_json_next(&j, k)) {
		/* names are decimal strings (LUKS2 §3), escapes refused */
		id = mtpm_json_dec(json + t[k].start, (size_t)(t[k].end - t[k].start),
				   MTPM_LUKS2_TOKENS_MAX - 1);
		if (id < 0 || (out->present >> id & 1)) {
			rc = mtpm_json_fail(&j, id < 0 ? MTPM_LUKS_W_VALUE : MTPM_LUKS_W_DUP,
					    "tokens", k);
			goto out;
		}
		r = &out->tok[id];
		if ((rc = common(&j, k + 1, &r->type, &r->keyslots)))
			goto out;
		r->off = (uint32_t)t[k + 1].start;
		r->len = (uint32_t)(t[k + 1].end - t[k + 1].start);
		out->present |= 1u << id;
	}
out:
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

#define SD(m) offsetof(mtpm_luks_systemd, m)
#define SDB(m) SD(m), sizeof(((mtpm_luks_systemd *)0)->m), SD(m##_len)

static const mtpm_json_field sd_fields[] = {
	{ "tpm2-blob", MTPM_F_B64 | MTPM_F_REQ | MTPM_F_ONE, SDB(blob) },
	{ "tpm2-pcrs", MTPM_F_PCRS | MTPM_F_REQ, SD(pcrs), 0, 0 },
	{ "tpm2-pcr-bank", MTPM_F_HASH, SD(pcr_bank), 0, 0 },
	{ "tpm2-primary-alg", MTPM_F_ALG, SD(primary_alg), 0, 0 },
	{ "tpm2-policy-hash", MTPM_F_HEX | MTPM_F_REQ | MTPM_F_ONE, SDB(policy_hash) },
	{ "tpm2-pin", MTPM_F_BOOL, SD(pin), 0, 0 },
	{ "tpm2_salt", MTPM_F_B64, SDB(salt) },
	{ "tpm2_pubkey_pcrs", MTPM_F_PCRS, SD(pubkey_pcrs), 0, 0 },
	{ "tpm2_pubkey", MTPM_F_B64, SDB(pubkey) },
	{ "tpm2_srk", MTPM_F_B64, SDB(srk) },
};

static mtpm_rc systemd(const mtpm_jdoc *j, mtpm_luks_systemd *sd)
{
	static const mtpm_json_field lock_field = { "tpm2_pcrlock", MTPM_F_BOOL, 0, 0, 0 };
	uint8_t lock = 0;
	mtpm_rc rc;

	sd->primary_alg = MTPM_ALG_ECC;     /* systemd < 250 wrote no tpm2-primary-alg */
	if ((rc = mtpm_json_fields(j, 0, sd_fields, sizeof(sd_fields) / sizeof(sd_fields[0]), sd)) ||
	    (rc = mtpm_json_fields(j, 0, &lock_field, 1, &lock)))
		return rc;
	if (lock)
		return mtpm_json_fail(j, MTPM_LUKS_W_PCRLOCK, lock_field.name, 0);
	/* as systemd: a signed-policy PCR mask needs its key */
	if (sd->pubkey_pcrs && !sd->pubkey_len)
		return mtpm_json_fail(j, MTPM_LUKS_W_MISSING, "tpm2_pubkey", 0);
	if (!sd->blob_len)
		return mtpm_json_fail(j, MTPM_LUKS_W_VALUE, "tpm2-blob", 0);
	return MTPM_OK;
}

mtpm_rc mtpm_luks_token_parse(const char *json, size_t len, mtpm_json_tok *t,
			      size_t nt, mtpm_luks_token *out,
			      mtpm_luks_diag *d)
{
	mtpm_jdoc j;
	mtpm_rc rc;
	const char *p;
	size_t n;
	int v;

	if (d)
		memset(d, 0, sizeof(*d));
	if (!out)
		return MTPM_E_USAGE;
	memset(out, 0, sizeof(*out));
	if ((rc = mtpm_json_open(&j, json, len, t, nt, d)) ||
	    (rc = common(&j, 0, &out->type, &out->keyslots)))
		goto out;
	if (out->type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2) {
		rc = systemd(&j, &out->u.sd);
	} else if (out->type == MTPM_LUKS_TOKEN_CLEVIS) {
		if ((rc = mtpm_json_key(&j, 0, "jwe", 1, &v)))
			goto out;
		/* the JWE is parsed on its own text; the tokens are reused */
		p = json + t[v].start;
		n = (size_t)(t[v].end - t[v].start);
		if (t[v].type == MTPM_J_OBJECT)
			rc = mtpm_jwe_parse_json(p, n, t, nt, &out->u.jwe, d);
		else if (!(rc = mtpm_json_raw(&j, v, "jwe", &p, &n)))
			rc = mtpm_jwe_parse_compact(p, n, t, nt, &out->u.jwe, d);
	} else {
		rc = mtpm_json_fail(&j, MTPM_LUKS_W_TOKEN_TYPE, "type", 0);
	}
out:
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}
