/*
 * describe.c - field walkers (include/mtpm/describe.h): the fields of a
 * parsed Part 2 structure (rev 01.59), in wire order, with their Part 2
 * names and types, as the CLI's decoder shows them.
 *
 * How to read: one static function per structure, beside the section it
 * mirrors, one call per field in the order its put function in this
 * folder writes it (u: an integer, b2: a TPM2B, bytes: unsized bytes),
 * nested structures through their own function, union arms by the same
 * switch the put function takes. So a walker reads like its put
 * function, and test_describe.c holds each to it byte for byte.
 *
 * A heading's length is not computed by a second description of the
 * layout: each public function walks twice, the first pass only adding up
 * the field widths under every OPEN (fn is not called), the second calling
 * fn with them.
 *
 * Invariants: no allocation, no recursion (the walkers call each other in
 * one fixed order, never back), no copy of any byte of v. Every loop is
 * bounded by the C array it reads (a count beyond it walks the array), a
 * TPM2B's size by its buffer; a selector put refuses ends that
 * structure's walk after its own field.
 *
 * Compiled out under MTPM_TABLE_LEAN with mtpm_cc_name (src/cmds/table.c)
 * and names.c: the static initramfs build shows no structures.
 */
#include <string.h>
#include "mtpm/describe.h"
#include "mtpm/marshal.h"

#ifndef MTPM_TABLE_LEAN

/* The most OPENs one walk emits: TPM2B_CREATION_DATA, its TPMS, its TPML
 * and one TPMS_PCR_SELECTION a bank. The deepest nesting: four levels
 * (TPM2B_PUBLIC, TPMT_PUBLIC, a parameters arm, its scheme). */
#define MAX_OPENS (3 + MTPM_MAX_BANKS)
#define MAX_DEPTH 4

struct walk {
	mtpm_field_fn *fn;
	void *arg;
	int measuring;          /* first pass: lengths only, fn not called */
	int passes;
	size_t pos;             /* offset of the next field */
	unsigned opens;         /* OPENs so far in this pass */
	unsigned depth;
	struct {
		size_t start;
		unsigned open;  /* its OPEN's number, MAX_OPENS for a GROUP */
	} stack[MAX_DEPTH];
	size_t len[MAX_OPENS];  /* each OPEN's length, from the first pass */
};

/* The two passes: for (start(&w, fn, arg); pass(&w);) walk. */
static void start(struct walk *w, mtpm_field_fn *fn, void *arg)
{
	memset(w, 0, sizeof *w);
	w->fn = fn;
	w->arg = arg;
}

static int pass(struct walk *w)
{
	if (w->passes == 2)
		return 0;
	w->measuring = w->passes++ == 0;
	w->pos = 0;
	w->opens = 0;
	w->depth = 0;
	return 1;
}

/* One event at the current offset; a field moves the offset past it. */
static void emit(struct walk *w, mtpm_field *f)
{
	f->off = w->pos;
	if (f->what != MTPM_FIELD_OPEN)
		w->pos += f->len;
	if (!w->measuring && w->fn)
		w->fn(f, w->arg);
}

static void push(struct walk *w, unsigned open)
{
	if (w->depth < MAX_DEPTH) {
		w->stack[w->depth].start = w->pos;
		w->stack[w->depth].open = open;
	}
	w->depth++;
}

/* OPEN: returns its length (0 in the measuring pass). */
static size_t open_(struct walk *w, const char *name, const char *type)
{
	mtpm_field f = { MTPM_FIELD_OPEN, 0, 0, name, type, 0, 0, 0, NULL };
	unsigned n = w->opens < MAX_OPENS ? w->opens++ : MAX_OPENS;

	if (!w->measuring && n < MAX_OPENS)
		f.len = w->len[n];
	push(w, n);
	emit(w, &f);
	return f.len;
}

static void group(struct walk *w, const char *name, const char *type)
{
	mtpm_field f = { MTPM_FIELD_GROUP, 0, 0, name, type, 0, 0, 0, NULL };

	push(w, MAX_OPENS);
	emit(w, &f);
}

static void close_(struct walk *w)
{
	mtpm_field f = { MTPM_FIELD_CLOSE, 0, 0, NULL, NULL, 0, 0, 0, NULL };

	if (w->depth == 0)
		return;
	w->depth--;
	if (w->measuring && w->depth < MAX_DEPTH && w->stack[w->depth].open < MAX_OPENS)
		w->len[w->stack[w->depth].open] = w->pos - w->stack[w->depth].start;
	emit(w, &f);
}

/* An integer field of width bytes. */
static void u(struct walk *w, const char *name, const char *type, unsigned width,
	      enum mtpm_show show, uint64_t v)
{
	mtpm_field f = { MTPM_FIELD_INT, (uint8_t)show, 0, name, type, 0, width, v, NULL };

	emit(w, &f);
}

/* A TPM2B of size bytes at buf (a buffer of cap). */
static void b2(struct walk *w, const char *name, const char *type, uint16_t size,
	       const uint8_t *buf, size_t cap, int secret)
{
	size_t n = size <= cap ? size : cap;
	mtpm_field f = { MTPM_FIELD_TPM2B, 0, (uint8_t)secret, name, type, 0, n + 2, n, buf };

	emit(w, &f);
}
#define B2(w, name, type, x, secret) \
	b2(w, name, type, (x).size, (x).buffer, sizeof (x).buffer, secret)

static void bytes(struct walk *w, const char *name, const char *type, size_t n,
		  const uint8_t *p, enum mtpm_show show)
{
	mtpm_field f = { MTPM_FIELD_BYTES, (uint8_t)show, 0, name, type, 0, n, 0, p };

	emit(w, &f);
}

/* ---- Part 2 §10: digests, PCR selections, lists, tickets, auth entries ---- */

/* Part 2 §10.3.2 TPMT_HA: the digest is as long as hashAlg's (none for
 * TPM_ALG_NULL, and for an unknown one, which put refuses). */
static void ha(struct walk *w, const mtpm_TPMT_HA *v, const char *name)
{
	uint16_t n = mtpm_hash_size(v->hashAlg);

	open_(w, name, "TPMT_HA");
	u(w, "hashAlg", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->hashAlg);
	bytes(w, "digest", "TPMU_HA", n <= sizeof v->digest ? n : 0, v->digest, MTPM_SHOW_BYTES);
	close_(w);
}

/* Part 2 §10.6.2 TPMS_PCR_SELECTION */
static void pcr_sel(struct walk *w, const mtpm_TPMS_PCR_SELECTION *v, const char *name)
{
	size_t n = v->sizeofSelect <= sizeof v->pcrSelect ? v->sizeofSelect : 0;

	open_(w, name, "TPMS_PCR_SELECTION");
	u(w, "hash", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->hash);
	u(w, "sizeofSelect", "UINT8", 1, MTPM_SHOW_DEC, v->sizeofSelect);
	bytes(w, "pcrSelect", "BYTE", n, v->pcrSelect, MTPM_SHOW_PCRS);
	close_(w);
}

/* Part 2 §10.9.7 TPML_PCR_SELECTION */
static void pcr_sels(struct walk *w, const mtpm_TPML_PCR_SELECTION *v, const char *name)
{
	uint32_t i;

	open_(w, name, "TPML_PCR_SELECTION");
	u(w, "count", "UINT32", 4, MTPM_SHOW_DEC, v->count);
	for (i = 0; i < v->count && i < MTPM_MAX_BANKS; i++)
		pcr_sel(w, &v->pcrSelections[i], "pcrSelections[]");
	close_(w);
}

/* Part 2 §10.9.5 TPML_DIGEST */
static void digests(struct walk *w, const mtpm_TPML_DIGEST *v, const char *name)
{
	uint32_t i;

	open_(w, name, "TPML_DIGEST");
	u(w, "count", "UINT32", 4, MTPM_SHOW_DEC, v->count);
	for (i = 0; i < v->count && i < MTPM_MAX_DIGESTS; i++)
		B2(w, "digests[]", "TPM2B_DIGEST", v->digests[i], 0);
	close_(w);
}

/* Part 2 §10.9.6 TPML_DIGEST_VALUES */
static void digest_values(struct walk *w, const mtpm_TPML_DIGEST_VALUES *v, const char *name)
{
	uint32_t i;

	open_(w, name, "TPML_DIGEST_VALUES");
	u(w, "count", "UINT32", 4, MTPM_SHOW_DEC, v->count);
	for (i = 0; i < v->count && i < MTPM_MAX_BANKS; i++)
		ha(w, &v->digests[i], "digests[]");
	close_(w);
}

/* Part 2 §10.7 tickets: one layout (TPMT_TK_CREATION §10.7.3, _VERIFIED
 * §10.7.4, _AUTH §10.7.5, _HASHCHECK §10.7.6) */
static void tk(struct walk *w, const mtpm_TPMT_TK *v, const char *name, const char *type)
{
	open_(w, name, type);
	u(w, "tag", "TPM_ST", 2, MTPM_SHOW_ST, v->tag);
	u(w, "hierarchy", "TPMI_RH_HIERARCHY", 4, MTPM_SHOW_HANDLE, v->hierarchy);
	B2(w, "digest", "TPM2B_DIGEST", v->digest, 0);
	close_(w);
}

/* Part 2 §10.13.2 TPMS_AUTH_COMMAND. The hmac field holds the password
 * itself for TPM_RS_PW (Part 1 §19.8.4), an HMAC otherwise: secret
 * either way. */
static void auth_cmd(struct walk *w, const mtpm_TPMS_AUTH_COMMAND *v, const char *name)
{
	open_(w, name, "TPMS_AUTH_COMMAND");
	u(w, "sessionHandle", "TPMI_SH_AUTH_SESSION", 4, MTPM_SHOW_HANDLE, v->sessionHandle);
	B2(w, "nonce", "TPM2B_NONCE", v->nonce, 0);
	u(w, "sessionAttributes", "TPMA_SESSION", 1, MTPM_SHOW_SESSION, v->sessionAttributes);
	B2(w, v->sessionHandle == MTPM_RS_PW ? "hmac (password)" : "hmac", "TPM2B_AUTH",
	   v->hmac, 1);
	close_(w);
}

/* Part 2 §10.13.3 TPMS_AUTH_RESPONSE */
static void auth_rsp(struct walk *w, const mtpm_TPMS_AUTH_RESPONSE *v, const char *name)
{
	open_(w, name, "TPMS_AUTH_RESPONSE");
	B2(w, "nonce", "TPM2B_NONCE", v->nonce, 0);
	u(w, "sessionAttributes", "TPMA_SESSION", 1, MTPM_SHOW_SESSION, v->sessionAttributes);
	B2(w, "hmac", "TPM2B_AUTH", v->hmac, 1);
	close_(w);
}

/* Part 2 §10.10.2 TPMS_CAPABILITY_DATA: capability selects the §10.9
 * list of data (TPMU_CAPABILITIES, §10.10.1); the arms mtpm reads. */
static void cap_data(struct walk *w, const mtpm_TPMS_CAPABILITY_DATA *v, const char *name)
{
	uint32_t i, n = v->count;
	const char *list;

	open_(w, name, "TPMS_CAPABILITY_DATA");
	u(w, "capability", "TPM_CAP", 4, MTPM_SHOW_CAP, v->capability);
	switch (v->capability) {
	case MTPM_CAP_ALGS:            list = "TPML_ALG_PROPERTY"; break;          /* §10.9.8 */
	case MTPM_CAP_HANDLES:         list = "TPML_HANDLE"; break;                /* §10.9.4 */
	case MTPM_CAP_COMMANDS:        list = "TPML_CCA"; break;                   /* §10.9.2 */
	case MTPM_CAP_PCRS:            list = "TPML_PCR_SELECTION"; break;         /* §10.9.7 */
	case MTPM_CAP_TPM_PROPERTIES:  list = "TPML_TAGGED_TPM_PROPERTY"; break;   /* §10.9.9 */
	case MTPM_CAP_ECC_CURVES:      list = "TPML_ECC_CURVE"; break;             /* §10.9.11 */
	default:
		close_(w);
		return;
	}
	if (n > mtpm_cap_max(v->capability))
		n = mtpm_cap_max(v->capability);
	group(w, "data", list);
	u(w, "count", "UINT32", 4, MTPM_SHOW_DEC, v->count);
	for (i = 0; i < n; i++) {
		switch (v->capability) {
		case MTPM_CAP_ALGS:            /* Part 2 §10.8.1 TPMS_ALG_PROPERTY */
			group(w, "algProperties[]", "TPMS_ALG_PROPERTY");
			u(w, "alg", "TPM_ALG_ID", 2, MTPM_SHOW_ALG, v->data.algorithms[i].alg);
			u(w, "algProperties", "TPMA_ALGORITHM", 4, MTPM_SHOW_HEX,
			  v->data.algorithms[i].algProperties);
			close_(w);
			break;
		case MTPM_CAP_HANDLES:
			u(w, "handle[]", "TPM_HANDLE", 4, MTPM_SHOW_HANDLE, v->data.handles[i]);
			break;
		case MTPM_CAP_COMMANDS:
			u(w, "commandAttributes[]", "TPMA_CC", 4, MTPM_SHOW_CCA,
			  v->data.command[i]);
			break;
		case MTPM_CAP_PCRS:
			pcr_sel(w, &v->data.assignedPCR[i], "pcrSelections[]");
			break;
		case MTPM_CAP_TPM_PROPERTIES:  /* Part 2 §10.8.2 TPMS_TAGGED_PROPERTY */
			group(w, "tpmProperty[]", "TPMS_TAGGED_PROPERTY");
			u(w, "property", "TPM_PT", 4, MTPM_SHOW_HEX,
			  v->data.tpmProperties[i].property);
			u(w, "value", "UINT32", 4, MTPM_SHOW_HEX, v->data.tpmProperties[i].value);
			close_(w);
			break;
		default:                       /* MTPM_CAP_ECC_CURVES (the switch above) */
			u(w, "eccCurves[]", "TPM_ECC_CURVE", 2, MTPM_SHOW_CURVE,
			  v->data.eccCurves[i]);
			break;
		}
	}
	close_(w);
	close_(w);
}

/* ---- Part 2 §11: symmetric definitions, sensitive create, signatures ---- */

/* Part 2 §11.1.6 TPMT_SYM_DEF / §11.1.7 TPMT_SYM_DEF_OBJECT: XOR carries
 * a hash in keyBits and no mode, NULL neither. */
static void sym_def(struct walk *w, const mtpm_TPMT_SYM_DEF *v, const char *name, int object)
{
	open_(w, name, object ? "TPMT_SYM_DEF_OBJECT" : "TPMT_SYM_DEF");
	u(w, "algorithm", object ? "TPMI_ALG_SYM_OBJECT" : "TPMI_ALG_SYM", 2, MTPM_SHOW_ALG,
	  v->algorithm);
	switch (v->algorithm) {
	case MTPM_ALG_XOR:
		u(w, "keyBits.xor", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->keyBits);
		break;
	case MTPM_ALG_AES:
	case MTPM_ALG_SM4:
	case MTPM_ALG_CAMELLIA:
		u(w, "keyBits", "TPM_KEY_BITS", 2, MTPM_SHOW_DEC, v->keyBits);
		u(w, "mode", "TPMI_ALG_SYM_MODE", 2, MTPM_SHOW_ALG, v->mode);
		break;
	default:               /* TPM_ALG_NULL: nothing follows */
		break;
	}
	close_(w);
}

/* Part 2 §11.1.16 TPM2B_SENSITIVE_CREATE, §11.1.15 TPMS_SENSITIVE_CREATE:
 * both fields secret. Each sized structure's size is what put computes:
 * the length of what follows it. */
static void sens_create(struct walk *w, const mtpm_TPM2B_SENSITIVE_CREATE *v, const char *name)
{
	size_t n = open_(w, name, "TPM2B_SENSITIVE_CREATE");

	u(w, "size", "UINT16", 2, MTPM_SHOW_DEC, n >= 2 ? n - 2 : 0);
	open_(w, "sensitive", "TPMS_SENSITIVE_CREATE");
	B2(w, "userAuth", "TPM2B_AUTH", v->sensitive.userAuth, 1);
	B2(w, "data", "TPM2B_SENSITIVE_DATA", v->sensitive.data, 1);
	close_(w);
	close_(w);
}

/* Part 2 §11.3.4 TPMT_SIGNATURE: sigAlg selects TPMU_SIGNATURE (§11.3.3) */
static void signature(struct walk *w, const mtpm_TPMT_SIGNATURE *v, const char *name)
{
	open_(w, name, "TPMT_SIGNATURE");
	u(w, "sigAlg", "TPMI_ALG_SIG_SCHEME", 2, MTPM_SHOW_ALG, v->sigAlg);
	switch (v->sigAlg) {
	case MTPM_ALG_RSASSA:          /* §11.3.1 TPMS_SIGNATURE_RSA */
	case MTPM_ALG_RSAPSS:
		u(w, "signature.rsa.hash", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->hash);
		B2(w, "signature.rsa.sig", "TPM2B_PUBLIC_KEY_RSA", v->signature.rsa, 0);
		break;
	case MTPM_ALG_ECDSA:           /* §11.3.2 TPMS_SIGNATURE_ECC */
	case MTPM_ALG_ECDAA:
	case MTPM_ALG_SM2:
	case MTPM_ALG_ECSCHNORR:
		u(w, "signature.ecc.hash", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->hash);
		B2(w, "signature.ecc.signatureR", "TPM2B_ECC_PARAMETER", v->signature.ecc.r, 0);
		B2(w, "signature.ecc.signatureS", "TPM2B_ECC_PARAMETER", v->signature.ecc.s, 0);
		break;
	case MTPM_ALG_HMAC:
		ha(w, &v->signature.hmac, "signature.hmac");
		break;
	default:               /* TPM_ALG_NULL: no signature */
		break;
	}
	close_(w);
}

/* ---- Part 2 §12.2: the public area ---- */

/* Part 2 §11.1.23 TPMT_KEYEDHASH_SCHEME, §11.2.4.2 TPMT_RSA_SCHEME,
 * §11.2.5.6 TPMT_ECC_SCHEME, §11.2.3.3 TPMT_KDF_SCHEME: what follows the
 * id is mtpm_scheme_details', the table put and get read. */
static void scheme(struct walk *w, const mtpm_TPMT_SCHEME *v, uint16_t xor_kdf,
		   const char *name, enum mtpm_scheme_kind k)
{
	int det = mtpm_scheme_details(k, v->scheme);

	switch (k) {           /* k is the caller's, never a wire value */
	case MTPM_SCHEME_KEYEDHASH:
		group(w, name, "TPMT_KEYEDHASH_SCHEME");
		u(w, "scheme", "TPMI_ALG_KEYEDHASH_SCHEME", 2, MTPM_SHOW_ALG, v->scheme);
		break;
	case MTPM_SCHEME_RSA:
		group(w, name, "TPMT_RSA_SCHEME");
		u(w, "scheme", "TPMI_ALG_RSA_SCHEME", 2, MTPM_SHOW_ALG, v->scheme);
		break;
	case MTPM_SCHEME_ECC:
		group(w, name, "TPMT_ECC_SCHEME");
		u(w, "scheme", "TPMI_ALG_ECC_SCHEME", 2, MTPM_SHOW_ALG, v->scheme);
		break;
	default:
		group(w, name, "TPMT_KDF_SCHEME");
		u(w, "scheme", "TPMI_ALG_KDF", 2, MTPM_SHOW_ALG, v->scheme);
		break;
	}
	if (det >= 1)
		u(w, "details.hashAlg", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->hashAlg);
	if (det == 2)
		u(w, "details.count", "UINT16", 2, MTPM_SHOW_DEC, v->count);
	if (det == 3)
		u(w, "details.kdf", "TPMI_ALG_KDF", 2, MTPM_SHOW_ALG, xor_kdf);
	close_(w);
}

/* Part 2 §12.2.4 TPMT_PUBLIC: type selects both the parameters arm
 * (§12.2.3.2 TPMU_PUBLIC_PARMS) and the unique arm (§12.2.2
 * TPMU_PUBLIC_ID). */
static void public_area(struct walk *w, const mtpm_TPMT_PUBLIC *v, const char *name)
{
	const mtpm_TPMS_KEYEDHASH_PARMS *kh = &v->parameters.keyedHashDetail;
	const mtpm_TPMS_RSA_PARMS *rsa = &v->parameters.rsaDetail;
	const mtpm_TPMS_ECC_PARMS *ecc = &v->parameters.eccDetail;

	open_(w, name, "TPMT_PUBLIC");
	u(w, "type", "TPMI_ALG_PUBLIC", 2, MTPM_SHOW_ALG, v->type);
	switch (v->type) {
	case MTPM_ALG_KEYEDHASH:
	case MTPM_ALG_SYMCIPHER:
	case MTPM_ALG_RSA:
	case MTPM_ALG_ECC:
		break;
	default:
		close_(w);
		return;
	}
	u(w, "nameAlg", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, v->nameAlg);
	u(w, "objectAttributes", "TPMA_OBJECT", 4, MTPM_SHOW_OBJECT, v->objectAttributes);
	B2(w, "authPolicy", "TPM2B_DIGEST", v->authPolicy, 0);
	switch (v->type) {
	case MTPM_ALG_KEYEDHASH:       /* §12.2.3.3 TPMS_KEYEDHASH_PARMS */
		group(w, "parameters.keyedHashDetail", "TPMS_KEYEDHASH_PARMS");
		scheme(w, &kh->scheme, kh->xor_kdf, "scheme", MTPM_SCHEME_KEYEDHASH);
		close_(w);
		B2(w, "unique.keyedHash", "TPM2B_DIGEST", v->unique.keyedHash, 0);
		break;
	case MTPM_ALG_SYMCIPHER:       /* §11.1.9 TPMS_SYMCIPHER_PARMS */
		group(w, "parameters.symDetail", "TPMS_SYMCIPHER_PARMS");
		sym_def(w, &v->parameters.symDetail.sym, "sym", 1);
		close_(w);
		B2(w, "unique.sym", "TPM2B_DIGEST", v->unique.sym, 0);
		break;
	case MTPM_ALG_RSA:             /* §12.2.3.5 TPMS_RSA_PARMS */
		group(w, "parameters.rsaDetail", "TPMS_RSA_PARMS");
		sym_def(w, &rsa->symmetric, "symmetric", 1);
		scheme(w, &rsa->scheme, 0, "scheme", MTPM_SCHEME_RSA);
		u(w, "keyBits", "TPMI_RSA_KEY_BITS", 2, MTPM_SHOW_DEC, rsa->keyBits);
		u(w, "exponent", "UINT32", 4, MTPM_SHOW_DEC, rsa->exponent);
		close_(w);
		B2(w, "unique.rsa", "TPM2B_PUBLIC_KEY_RSA", v->unique.rsa, 0);
		break;
	default:                       /* MTPM_ALG_ECC, §12.2.3.6 TPMS_ECC_PARMS */
		group(w, "parameters.eccDetail", "TPMS_ECC_PARMS");
		sym_def(w, &ecc->symmetric, "symmetric", 1);
		scheme(w, &ecc->scheme, 0, "scheme", MTPM_SCHEME_ECC);
		u(w, "curveID", "TPMI_ECC_CURVE", 2, MTPM_SHOW_CURVE, ecc->curveID);
		scheme(w, &ecc->kdf, 0, "kdf", MTPM_SCHEME_KDF);
		close_(w);
		open_(w, "unique.ecc", "TPMS_ECC_POINT");   /* §11.2.5.2 */
		B2(w, "x", "TPM2B_ECC_PARAMETER", v->unique.ecc.x, 0);
		B2(w, "y", "TPM2B_ECC_PARAMETER", v->unique.ecc.y, 0);
		close_(w);
		break;
	}
	close_(w);
}

/* Part 2 §12.2.5 TPM2B_PUBLIC */
static void public2b(struct walk *w, const mtpm_TPM2B_PUBLIC *v, const char *name)
{
	size_t n = open_(w, name, "TPM2B_PUBLIC");

	u(w, "size", "UINT16", 2, MTPM_SHOW_DEC, n >= 2 ? n - 2 : 0);
	public_area(w, &v->publicArea, "publicArea");
	close_(w);
}

/* ---- Part 2 §13-§15: NV public area, context, creation data ---- */

/* Part 2 §13.6 TPM2B_NV_PUBLIC, §13.5 TPMS_NV_PUBLIC */
static void nv_public(struct walk *w, const mtpm_TPM2B_NV_PUBLIC *v, const char *name)
{
	const mtpm_TPMS_NV_PUBLIC *nv = &v->nvPublic;
	size_t n = open_(w, name, "TPM2B_NV_PUBLIC");

	u(w, "size", "UINT16", 2, MTPM_SHOW_DEC, n >= 2 ? n - 2 : 0);
	open_(w, "nvPublic", "TPMS_NV_PUBLIC");
	u(w, "nvIndex", "TPMI_RH_NV_INDEX", 4, MTPM_SHOW_HANDLE, nv->nvIndex);
	u(w, "nameAlg", "TPMI_ALG_HASH", 2, MTPM_SHOW_ALG, nv->nameAlg);
	u(w, "attributes", "TPMA_NV", 4, MTPM_SHOW_NV, nv->attributes);
	B2(w, "authPolicy", "TPM2B_DIGEST", nv->authPolicy, 0);
	u(w, "dataSize", "UINT16", 2, MTPM_SHOW_DEC, nv->dataSize);
	close_(w);
	close_(w);
}

/* Part 2 §14.5 TPMS_CONTEXT */
static void context(struct walk *w, const mtpm_TPMS_CONTEXT *v, const char *name)
{
	open_(w, name, "TPMS_CONTEXT");
	u(w, "sequence", "UINT64", 8, MTPM_SHOW_DEC_HEX, v->sequence);
	u(w, "savedHandle", "TPMI_DH_SAVED", 4, MTPM_SHOW_HANDLE, v->savedHandle);
	u(w, "hierarchy", "TPMI_RH_HIERARCHY", 4, MTPM_SHOW_HANDLE, v->hierarchy);
	B2(w, "contextBlob", "TPM2B_CONTEXT_DATA", v->contextBlob, 0);
	close_(w);
}

/* Part 2 §15.2 TPM2B_CREATION_DATA, §15.1 TPMS_CREATION_DATA */
static void creation(struct walk *w, const mtpm_TPM2B_CREATION_DATA *v, const char *name)
{
	const mtpm_TPMS_CREATION_DATA *cr = &v->creationData;
	size_t n = open_(w, name, "TPM2B_CREATION_DATA");

	u(w, "size", "UINT16", 2, MTPM_SHOW_DEC, n >= 2 ? n - 2 : 0);
	open_(w, "creationData", "TPMS_CREATION_DATA");
	pcr_sels(w, &cr->pcrSelect, "pcrSelect");
	B2(w, "pcrDigest", "TPM2B_DIGEST", cr->pcrDigest, 0);
	u(w, "locality", "TPMA_LOCALITY", 1, MTPM_SHOW_HEX, cr->locality);
	u(w, "parentNameAlg", "TPM_ALG_ID", 2, MTPM_SHOW_ALG, cr->parentNameAlg);
	B2(w, "parentName", "TPM2B_NAME", cr->parentName, 0);
	B2(w, "parentQualifiedName", "TPM2B_NAME", cr->parentQualifiedName, 0);
	B2(w, "outsideInfo", "TPM2B_DATA", cr->outsideInfo, 0);
	close_(w);
	close_(w);
}

/* ---- The entry points: each walks twice (measure, then describe) ---- */

void mtpm_describe_TPMT_HA(const mtpm_TPMT_HA *v, const char *name, mtpm_field_fn *fn,
			   void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		ha(&w, v, name);
}

void mtpm_describe_TPMS_PCR_SELECTION(const mtpm_TPMS_PCR_SELECTION *v, const char *name,
				      mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		pcr_sel(&w, v, name);
}

void mtpm_describe_TPML_PCR_SELECTION(const mtpm_TPML_PCR_SELECTION *v, const char *name,
				      mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		pcr_sels(&w, v, name);
}

void mtpm_describe_TPML_DIGEST(const mtpm_TPML_DIGEST *v, const char *name, mtpm_field_fn *fn,
			       void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		digests(&w, v, name);
}

void mtpm_describe_TPML_DIGEST_VALUES(const mtpm_TPML_DIGEST_VALUES *v, const char *name,
				      mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		digest_values(&w, v, name);
}

void mtpm_describe_TPMT_SYM_DEF(const mtpm_TPMT_SYM_DEF *v, const char *name,
				mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		sym_def(&w, v, name, 0);
}

void mtpm_describe_TPMT_SYM_DEF_OBJECT(const mtpm_TPMT_SYM_DEF_OBJECT *v, const char *name,
				       mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		sym_def(&w, v, name, 1);
}

void mtpm_describe_TPM2B_SENSITIVE_CREATE(const mtpm_TPM2B_SENSITIVE_CREATE *v,
					  const char *name, mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		sens_create(&w, v, name);
}

void mtpm_describe_TPMT_PUBLIC(const mtpm_TPMT_PUBLIC *v, const char *name, mtpm_field_fn *fn,
			       void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		public_area(&w, v, name);
}

void mtpm_describe_TPM2B_PUBLIC(const mtpm_TPM2B_PUBLIC *v, const char *name,
				mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		public2b(&w, v, name);
}

void mtpm_describe_TPM2B_CREATION_DATA(const mtpm_TPM2B_CREATION_DATA *v, const char *name,
				       mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		creation(&w, v, name);
}

void mtpm_describe_TPMT_TK(const mtpm_TPMT_TK *v, const char *name, const char *type,
			   mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		tk(&w, v, name, type);
}

void mtpm_describe_TPMT_SIGNATURE(const mtpm_TPMT_SIGNATURE *v, const char *name,
				  mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		signature(&w, v, name);
}

void mtpm_describe_TPMS_AUTH_COMMAND(const mtpm_TPMS_AUTH_COMMAND *v, const char *name,
				     mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		auth_cmd(&w, v, name);
}

void mtpm_describe_TPMS_AUTH_RESPONSE(const mtpm_TPMS_AUTH_RESPONSE *v, const char *name,
				      mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		auth_rsp(&w, v, name);
}

void mtpm_describe_TPMS_CONTEXT(const mtpm_TPMS_CONTEXT *v, const char *name,
				mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		context(&w, v, name);
}

void mtpm_describe_TPM2B_NV_PUBLIC(const mtpm_TPM2B_NV_PUBLIC *v, const char *name,
				   mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		nv_public(&w, v, name);
}

void mtpm_describe_TPMS_CAPABILITY_DATA(const mtpm_TPMS_CAPABILITY_DATA *v, const char *name,
					mtpm_field_fn *fn, void *arg)
{
	struct walk w;

	for (start(&w, fn, arg); pass(&w);)
		cap_data(&w, v, name);
}

#endif /* MTPM_TABLE_LEAN */
