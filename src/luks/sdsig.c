/*
 * sdsig.c - systemd's PCR signature file (systemd-measure sign output,
 * what systemd-cryptsetup's tpm2-signature= reads):
 *
 *   { "sha256": [ { "pcrs": [11], "pkfp": "HEX", "pol": "HEX", "sig": "BASE64" }, ... ] }
 *
 * pol is an approved policy digest (PolicyPCR over the listed PCRs at the
 * values the signer expects), sig an RSASSA-PKCS1-v1_5 SHA-256 signature
 * over pol, which for an empty policyRef is the signature PolicyAuthorize
 * checks (aHash = H(pol), Part 3 §23.16). The file is untrusted: an entry
 * is only a candidate; the TPM verifies the signature (VerifySignature)
 * and PolicyAuthorize the rest. pkfp is not needed for that and is not
 * checked (docs/luks-formats.md).
 */
#include <string.h>
#include "luks_int.h"
#include "mtpm/luks_unlock.h"

typedef struct {
	uint32_t pcrs;
	uint16_t pol_len, sig_len;
	uint8_t pol[64];
	uint8_t sig[512];
} sig_entry;

static const mtpm_json_field entry_fields[] = {
	{ "pcrs", MTPM_F_PCRS | MTPM_F_REQ, offsetof(sig_entry, pcrs), 0, 0 },
	{ "pol", MTPM_F_HEX | MTPM_F_REQ, offsetof(sig_entry, pol), 64,
	  offsetof(sig_entry, pol_len) },
	{ "sig", MTPM_F_B64 | MTPM_F_REQ, offsetof(sig_entry, sig), 512,
	  offsetof(sig_entry, sig_len) },
};

mtpm_rc mtpm_luks_sig_find(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			   uint16_t bank, uint32_t pcrs, const mtpm_TPM2B_DIGEST *pol,
			   uint8_t *sig, size_t cap, size_t *sig_len)
{
	static const struct { const char *name; uint16_t alg; } banks[] = {
		{ "sha1", MTPM_ALG_SHA1 }, { "sha256", MTPM_ALG_SHA256 },
		{ "sha384", MTPM_ALG_SHA384 }, { "sha512", MTPM_ALG_SHA512 },
	};
	sig_entry e;
	mtpm_jdoc j;
	const char *bname = NULL;
	unsigned k;
	int arr, el, n;
	mtpm_rc rc;

	*sig_len = 0;
	for (k = 0; k < sizeof(banks) / sizeof(banks[0]); k++)
		if (banks[k].alg == bank)
			bname = banks[k].name;
	if (!bname)
		return MTPM_E_UNSUPPORTED;
	rc = mtpm_json_open(&j, json, len, t, nt, NULL);
	if (rc == MTPM_OK)
		rc = mtpm_json_key(&j, 0, bname, 0, &arr);
	if (rc != MTPM_OK)
		return MTPM_E_MALFORMED;
	if (arr < 0)
		return MTPM_E_POLICY;   /* nothing signed for this bank */
	if (mtpm_json_want(&j, arr, MTPM_J_ARRAY, bname) != MTPM_OK)
		return MTPM_E_MALFORMED;
	rc = MTPM_E_POLICY;   /* no entry for this PCR state */
	for (n = j.t[arr].size, el = arr + 1; n > 0; n--, el = mtpm_json_next(&j, el)) {
		memset(&e, 0, sizeof(e));
		if (mtpm_json_want(&j, el, MTPM_J_OBJECT, bname) != MTPM_OK ||
		    mtpm_json_fields(&j, el, entry_fields,
				     sizeof(entry_fields) / sizeof(entry_fields[0]), &e) != MTPM_OK) {
			rc = MTPM_E_MALFORMED;
			break;
		}
		if (e.pcrs != pcrs || e.pol_len != pol->size ||
		    !mtpm_ct_equal(e.pol, pol->buffer, pol->size))
			continue;
		if (e.sig_len > cap) {
			rc = MTPM_E_SPACE;
			break;
		}
		memcpy(sig, e.sig, e.sig_len);
		*sig_len = e.sig_len;
		rc = MTPM_OK;
		break;
	}
	mtpm_wipe(&e, sizeof(e));
	return rc;
}

mtpm_rc mtpm_luks2_keyslots(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			    uint32_t *mask)
{
	mtpm_jdoc j;
	int obj, k, n;
	long id;
	const char *p;
	size_t pl;
	mtpm_rc rc;

	*mask = 0;
	rc = mtpm_json_open(&j, json, len, t, nt, NULL);
	if (rc == MTPM_OK)
		rc = mtpm_json_key(&j, 0, "keyslots", 1, &obj);
	if (rc == MTPM_OK)
		rc = mtpm_json_want(&j, obj, MTPM_J_OBJECT, "keyslots");
	if (rc != MTPM_OK)
		return MTPM_E_MALFORMED;
	/* Keys of the keyslots object are the slot ids "0".."31" (LUKS2 §3.2). */
	for (n = j.t[obj].size, k = obj + 1; n > 0; n--, k = mtpm_json_next(&j, k)) {
		if (mtpm_json_raw(&j, k, "keyslots", &p, &pl) != MTPM_OK ||
		    (id = mtpm_json_dec(p, pl, 31)) < 0) {
			*mask = 0;   /* outputs zero on failure, as everywhere */
			return MTPM_E_MALFORMED;
		}
		*mask |= 1u << id;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_luks_token_name(const char *json, size_t len, mtpm_json_tok *t, size_t nt,
			     mtpm_TPM2B_NAME *name)
{
	uint16_t n = 0;
	mtpm_jdoc j;
	int v;
	mtpm_rc rc;

	memset(name, 0, sizeof(*name));
	rc = mtpm_json_open(&j, json, len, t, nt, NULL);
	if (rc == MTPM_OK)
		rc = mtpm_json_key(&j, 0, "mtpm-parent-name", 0, &v);
	if (rc != MTPM_OK)
		return MTPM_E_MALFORMED;
	if (v < 0)
		return MTPM_E_POLICY;
	rc = mtpm_json_hex(&j, v, "mtpm-parent-name", name->buffer, sizeof(name->buffer), &n);
	name->size = n;
	if (rc != MTPM_OK || !mtpm_name_well_formed(name)) {
		memset(name, 0, sizeof(*name));
		return MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}
