/*
 * fuzz/rsp_parsers.c - the oracle around each command response parser
 * (mtpm_<Command>_rsp in include/mtpm/cmds.h). Each entry is the parser's
 * command row (include/mtpm/table.h), which gives its name, code,
 * response handle and whether its first response parameter may be
 * encrypted.
 *
 * Each runner fills the parser's outputs with FUZZ_POISON, parses d[0..n)
 * through a read cursor and checks (fuzz.h):
 *   - the cursor is valid and its error is the parser's result;
 *   - success: the whole area was consumed (every _rsp parser requires
 *     that) and putting the outputs back gives exactly d[0..n);
 *   - failure: every output is all zero.
 * Create/CreatePrimary are parsed a second time with every output NULL
 * (the parser then uses scratch space), which must give the same result.
 */
#include "fuzz.h"

const fuzz_rsp_info fuzz_rsp_table[FUZZ_RSP_COUNT] = {
	[FUZZ_RSP_GetRandom] = { &mtpm_cmd_GetRandom },
	[FUZZ_RSP_GetCapability] = { &mtpm_cmd_GetCapability },
	[FUZZ_RSP_PCR_Read] = { &mtpm_cmd_PCR_Read },
	[FUZZ_RSP_Create] = { &mtpm_cmd_Create },
	[FUZZ_RSP_CreatePrimary] = { &mtpm_cmd_CreatePrimary },
	[FUZZ_RSP_Load] = { &mtpm_cmd_Load },
	[FUZZ_RSP_ReadPublic] = { &mtpm_cmd_ReadPublic },
	[FUZZ_RSP_Unseal] = { &mtpm_cmd_Unseal },
	[FUZZ_RSP_ContextSave] = { &mtpm_cmd_ContextSave },
	[FUZZ_RSP_NV_ReadPublic] = { &mtpm_cmd_NV_ReadPublic },
	[FUZZ_RSP_NV_Read] = { &mtpm_cmd_NV_Read },
	[FUZZ_RSP_VerifySignature] = { &mtpm_cmd_VerifySignature },
	[FUZZ_RSP_StartAuthSession] = { &mtpm_cmd_StartAuthSession },
	[FUZZ_RSP_PolicyGetDigest] = { &mtpm_cmd_PolicyGetDigest },
	[FUZZ_RSP_PolicySecret] = { &mtpm_cmd_PolicySecret },
};

/* Outputs live in static storage: some are several KiB. */
static struct {
	uint8_t moreData;
	uint32_t counter;
	mtpm_TPM2B_DIGEST digest;
	mtpm_TPMS_CAPABILITY_DATA cap;
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_TPML_DIGEST values;
	mtpm_TPM2B_PRIVATE priv;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_CREATION_DATA cd;
	mtpm_TPMT_TK tk;
	mtpm_TPM2B_NAME name;
	mtpm_TPM2B_NAME qname;
	mtpm_TPM2B_SENSITIVE_DATA sens;
	mtpm_TPMS_CONTEXT context;
	mtpm_TPM2B_NV_PUBLIC nvpub;
	mtpm_TPM2B_MAX_NV_BUFFER nvdata;
	mtpm_TPM2B_TIMEOUT timeout;
} o;

static uint8_t wbuf[FUZZ_OUT_MAX];

#define ZERO(x) FUZZ_CHECK(fuzz_is_zero(&(x), sizeof(x)))

/* Oracle 1 and the shape of a successful parse. */
static void after_parse(const mtpm_cur *c, mtpm_rc rc, size_t n)
{
	FUZZ_CHECK(mtpm_cur_valid(c));
	FUZZ_CHECK(rc == c->err);
	if (rc == MTPM_OK)
		FUZZ_CHECK(c->pos == n);
	else
		FUZZ_CHECK(rc == MTPM_E_MALFORMED);
}

static void create_out(int primary, mtpm_create_out *out)
{
	memset(out, 0, sizeof(*out));
	out->outPrivate = primary ? NULL : &o.priv;
	out->outPublic = &o.pub;
	out->creationData = &o.cd;
	out->creationHash = &o.digest;
	out->creationTicket = &o.tk;
	out->name = primary ? &o.name : NULL;
}

mtpm_rc fuzz_rsp_run(unsigned which, const uint8_t *d, size_t n)
{
	mtpm_create_out co, none;
	mtpm_cur c, w;
	mtpm_rc rc = MTPM_E_USAGE, rc2;
	size_t pos;
	int primary;

	memset(&o, FUZZ_POISON, sizeof(o));
	mtpm_cur_init_ro(&c, d, n);
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));

	switch (which) {
	case FUZZ_RSP_GetRandom:
		rc = mtpm_GetRandom_rsp(&c, &o.digest);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.digest);
			break;
		}
		mtpm_put_TPM2B_DIGEST(&w, &o.digest);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_GetCapability:
		rc = mtpm_GetCapability_rsp(&c, &o.moreData, &o.cap);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.moreData);
			ZERO(o.cap);
			break;
		}
		FUZZ_CHECK(o.moreData <= 1);
		mtpm_put_u8(&w, o.moreData);
		mtpm_put_TPMS_CAPABILITY_DATA(&w, &o.cap);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_PCR_Read:
		rc = mtpm_PCR_Read_rsp(&c, &o.counter, &o.sel, &o.values);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.counter);
			ZERO(o.sel);
			ZERO(o.values);
			break;
		}
		mtpm_put_u32(&w, o.counter);
		mtpm_put_TPML_PCR_SELECTION(&w, &o.sel);
		mtpm_put_TPML_DIGEST(&w, &o.values);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_Create:
	case FUZZ_RSP_CreatePrimary:
		primary = which == FUZZ_RSP_CreatePrimary;
		create_out(primary, &co);
		rc = primary ? mtpm_CreatePrimary_rsp(&c, &co) : mtpm_Create_rsp(&c, &co);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			if (!primary)
				ZERO(o.priv);
			ZERO(o.pub);
			ZERO(o.cd);
			ZERO(o.digest);
			ZERO(o.tk);
			if (primary)
				ZERO(o.name);
		} else {
			if (!primary)
				mtpm_put_TPM2B_PRIVATE(&w, &o.priv);
			mtpm_put_TPM2B_PUBLIC(&w, &o.pub);
			mtpm_put_TPM2B_CREATION_DATA(&w, &o.cd);
			mtpm_put_TPM2B_DIGEST(&w, &o.digest);
			mtpm_put_TPMT_TK(&w, &o.tk);
			if (primary)
				mtpm_put_TPM2B_NAME(&w, &o.name);
			fuzz_check_same(&w, d, n);
		}
		/* Unwanted outputs go to scratch: same verdict, same bytes. */
		pos = c.pos;
		memset(&none, 0, sizeof(none));
		mtpm_cur_init_ro(&c, d, n);
		rc2 = primary ? mtpm_CreatePrimary_rsp(&c, &none) : mtpm_Create_rsp(&c, &none);
		FUZZ_CHECK(mtpm_cur_valid(&c));
		FUZZ_CHECK(rc2 == rc);
		FUZZ_CHECK(c.pos == pos);
		break;

	case FUZZ_RSP_Load:
		rc = mtpm_Load_rsp(&c, &o.name);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.name);
			break;
		}
		mtpm_put_TPM2B_NAME(&w, &o.name);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_ReadPublic:
		rc = mtpm_ReadPublic_rsp(&c, &o.pub, &o.name, &o.qname);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.pub);
			ZERO(o.name);
			ZERO(o.qname);
			break;
		}
		mtpm_put_TPM2B_PUBLIC(&w, &o.pub);
		mtpm_put_TPM2B_NAME(&w, &o.name);
		mtpm_put_TPM2B_NAME(&w, &o.qname);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_Unseal:
		rc = mtpm_Unseal_rsp(&c, &o.sens);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.sens);
			break;
		}
		mtpm_put_TPM2B_SENSITIVE_DATA(&w, &o.sens);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_ContextSave:
		rc = mtpm_ContextSave_rsp(&c, &o.context);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.context);
			break;
		}
		mtpm_put_TPMS_CONTEXT(&w, &o.context);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_NV_ReadPublic:
		rc = mtpm_NV_ReadPublic_rsp(&c, &o.nvpub, &o.name);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.nvpub);
			ZERO(o.name);
			break;
		}
		mtpm_put_TPM2B_NV_PUBLIC(&w, &o.nvpub);
		mtpm_put_TPM2B_NAME(&w, &o.name);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_NV_Read:
		rc = mtpm_NV_Read_rsp(&c, &o.nvdata);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.nvdata);
			break;
		}
		mtpm_put_TPM2B_MAX_NV_BUFFER(&w, &o.nvdata);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_VerifySignature:
		rc = mtpm_VerifySignature_rsp(&c, &o.tk);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.tk);
			break;
		}
		FUZZ_CHECK(o.tk.tag == MTPM_ST_VERIFIED);
		mtpm_put_TPMT_TK(&w, &o.tk);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_StartAuthSession:
		rc = mtpm_StartAuthSession_rsp(&c, &o.digest);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.digest);
			break;
		}
		mtpm_put_TPM2B_DIGEST(&w, &o.digest);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_PolicyGetDigest:
		rc = mtpm_PolicyGetDigest_rsp(&c, &o.digest);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.digest);
			break;
		}
		mtpm_put_TPM2B_DIGEST(&w, &o.digest);
		fuzz_check_same(&w, d, n);
		break;

	case FUZZ_RSP_PolicySecret:
		rc = mtpm_PolicySecret_rsp(&c, &o.timeout, &o.tk);
		after_parse(&c, rc, n);
		if (rc != MTPM_OK) {
			ZERO(o.timeout);
			ZERO(o.tk);
			break;
		}
		FUZZ_CHECK(o.timeout.size <= sizeof(o.timeout.buffer));
		mtpm_put_tpm2b(&w, o.timeout.buffer, o.timeout.size);
		mtpm_put_TPMT_TK(&w, &o.tk);
		fuzz_check_same(&w, d, n);
		break;

	default:
		FUZZ_CHECK(which < FUZZ_RSP_COUNT);
		break;
	}
	return rc;
}
