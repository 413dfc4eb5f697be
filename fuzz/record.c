/*
 * fuzz/record.c - record seed corpora from a real TPM (fuzz/seeds.sh runs
 * it against a private swtpm).
 *
 *   fuzz-record OUTDIR        (MTPM_TCTI names the TPM)
 *
 * Runs the commands mtpm sends in real use - GetRandom, GetCapability of
 * each kind, PCR_Read/Extend, CreatePrimary (ECC and RSA SRK), Create,
 * Load, ReadPublic, Unseal, ContextSave, the NV commands, Sign and
 * VerifySignature, salted HMAC sessions with response encryption, a
 * policy session and PolicyGetDigest - through the recording transport of
 * tests/support/tamper.h, then cuts every recorded response into the
 * inputs of each harness (fuzz/README.md):
 *   rsp_check        config byte + the whole response frame
 *   <Command>_rsp    the response parameter area
 *   session          raw frames of session commands (mode 0) and, for
 *                    every parameter area, the mode-1 header around it
 *   getters          type byte + each Part 2 structure seen on the bus
 *                    (parsed from responses, and the command inputs)
 * Files are named <harness>/<command>-<n>; seeds.sh minimizes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "mtpm/mtpm.h"
#include "mtpm/keyfile.h"
#include "tamper.h"
#include "fuzz.h"

static const char *outdir;
static unsigned nfiles;
static tamper_t tp;
static mtpm_ctx ctx;

static void die(const char *what, mtpm_rc rc)
{
	char b[128];

	fprintf(stderr, "fuzz-record: %s: %s\n", what, mtpm_rc_str(rc, b, sizeof(b)));
	exit(1);
}

#define OK(call) do { mtpm_rc rc_ = (call); if (rc_ != MTPM_OK) die(#call, rc_); } while (0)

static void save(const char *harness, const char *tag, const void *p1, size_t n1,
		 const void *p2, size_t n2)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, harness);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s-%u", outdir, harness, tag, nfiles++);
	f = fopen(path, "wb");
	if (!f || fwrite(p1, 1, n1, f) != n1 || (n2 && fwrite(p2, 1, n2, f) != n2) ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* A getter seed: type byte + the structure put by the library. */
static void save_getter(unsigned type, const char *tag,
			void (*put)(mtpm_cur *, const void *), const void *v)
{
	static uint8_t buf[8192];
	uint8_t t = (uint8_t)type;
	mtpm_cur w;

	mtpm_cur_init(&w, buf, sizeof(buf));
	put(&w, v);
	if (w.err == MTPM_OK)
		save("getters", tag, &t, 1, buf, w.pos);
}

#define PUTTER(T) static void put_##T(mtpm_cur *c, const void *v) { mtpm_put_##T(c, v); }
#define GETTER(T, tag, v) save_getter(FUZZ_G_##T, tag, put_##T, v)
PUTTER(TPM2B_DIGEST)
PUTTER(TPM2B_NAME)
PUTTER(TPM2B_MAX_NV_BUFFER)
PUTTER(TPM2B_SENSITIVE_DATA)
PUTTER(TPM2B_PUBLIC_KEY_RSA)
PUTTER(TPM2B_ECC_PARAMETER)
PUTTER(TPM2B_PRIVATE)
PUTTER(TPM2B_CONTEXT_DATA)
PUTTER(TPMT_HA)
PUTTER(TPMS_PCR_SELECTION)
PUTTER(TPML_PCR_SELECTION)
PUTTER(TPML_DIGEST)
PUTTER(TPML_DIGEST_VALUES)
PUTTER(TPMT_SYM_DEF)
PUTTER(TPMT_SYM_DEF_OBJECT)
PUTTER(TPMS_SENSITIVE_CREATE)
PUTTER(TPM2B_SENSITIVE_CREATE)
PUTTER(TPMS_ECC_POINT)
PUTTER(TPM2B_ECC_POINT)
PUTTER(TPMT_PUBLIC)
PUTTER(TPM2B_PUBLIC)
PUTTER(TPMS_CREATION_DATA)
PUTTER(TPM2B_CREATION_DATA)
PUTTER(TPMT_TK)
PUTTER(TPMT_SIGNATURE)
PUTTER(TPMS_AUTH_RESPONSE)
PUTTER(TPMS_CONTEXT)
PUTTER(TPMS_NV_PUBLIC)
PUTTER(TPM2B_NV_PUBLIC)
PUTTER(TPMS_CAPABILITY_DATA)

/* Which response parser (and so which harness) a command code has. */
static int parser_of(uint32_t cc)
{
	unsigned i;

	for (i = 0; i < FUZZ_RSP_COUNT; i++)
		if (fuzz_rsp_table[i].desc->cc == cc)
			return (int)i;
	return -1;
}

/* Every Part 2 structure in a (plaintext) response parameter area. */
static void getters_of(int which, const uint8_t *p, size_t n)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	static mtpm_TPMS_CONTEXT context;
	static mtpm_TPM2B_CREATION_DATA cd;
	static mtpm_TPM2B_PUBLIC pub;
	static mtpm_TPM2B_PRIVATE priv;
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_TPML_DIGEST vals;
	mtpm_TPM2B_DIGEST d;
	mtpm_TPM2B_NAME name;
	mtpm_TPMT_TK tk;
	mtpm_TPM2B_NV_PUBLIC nvp;
	mtpm_TPM2B_MAX_NV_BUFFER nvd;
	mtpm_TPM2B_SENSITIVE_DATA sd;
	mtpm_create_out co;
	uint32_t u32;
	uint8_t more;
	mtpm_cur c;
	unsigned i;

	mtpm_cur_init_ro(&c, p, n);
	memset(&co, 0, sizeof(co));
	co.outPrivate = &priv;
	co.outPublic = &pub;
	co.creationData = &cd;
	co.creationHash = &d;
	co.creationTicket = &tk;
	co.name = &name;
	switch (which) {
	case FUZZ_RSP_GetRandom:
	case FUZZ_RSP_StartAuthSession:
	case FUZZ_RSP_PolicyGetDigest:
		if (mtpm_GetRandom_rsp(&c, &d) == MTPM_OK)
			GETTER(TPM2B_DIGEST, "digest", &d);
		break;
	case FUZZ_RSP_GetCapability:
		if (mtpm_GetCapability_rsp(&c, &more, &cap) == MTPM_OK) {
			GETTER(TPMS_CAPABILITY_DATA, "cap", &cap);
			if (cap.capability == MTPM_CAP_PCRS)
				for (i = 0; i < cap.count; i++)
					GETTER(TPMS_PCR_SELECTION, "sel", &cap.data.assignedPCR[i]);
		}
		break;
	case FUZZ_RSP_PCR_Read:
		if (mtpm_PCR_Read_rsp(&c, &u32, &sel, &vals) == MTPM_OK) {
			GETTER(TPML_PCR_SELECTION, "sel", &sel);
			GETTER(TPML_DIGEST, "values", &vals);
		}
		break;
	case FUZZ_RSP_Create:
	case FUZZ_RSP_CreatePrimary:
		if (which == FUZZ_RSP_Create)
			co.name = NULL;
		else
			co.outPrivate = NULL;
		if ((which == FUZZ_RSP_Create ? mtpm_Create_rsp(&c, &co)
					      : mtpm_CreatePrimary_rsp(&c, &co)) != MTPM_OK)
			break;
		if (which == FUZZ_RSP_Create)
			GETTER(TPM2B_PRIVATE, "priv", &priv);
		GETTER(TPM2B_PUBLIC, "pub", &pub);
		GETTER(TPMT_PUBLIC, "pub", &pub.publicArea);
		GETTER(TPM2B_CREATION_DATA, "cd", &cd);
		GETTER(TPMS_CREATION_DATA, "cd", &cd.creationData);
		GETTER(TPML_PCR_SELECTION, "sel", &cd.creationData.pcrSelect);
		GETTER(TPMT_TK, "tk", &tk);
		if (pub.publicArea.type == MTPM_ALG_ECC) {
			GETTER(TPMS_ECC_POINT, "point", &pub.publicArea.unique.ecc);
			GETTER(TPM2B_ECC_PARAMETER, "ecc", &pub.publicArea.unique.ecc.x);
		} else if (pub.publicArea.type == MTPM_ALG_RSA) {
			GETTER(TPM2B_PUBLIC_KEY_RSA, "rsa", &pub.publicArea.unique.rsa);
		}
		GETTER(TPMT_SYM_DEF_OBJECT, "sym", &pub.publicArea.parameters.rsaDetail.symmetric);
		if (which == FUZZ_RSP_CreatePrimary)
			GETTER(TPM2B_NAME, "name", &name);
		break;
	case FUZZ_RSP_Load:
		if (mtpm_Load_rsp(&c, &name) == MTPM_OK)
			GETTER(TPM2B_NAME, "name", &name);
		break;
	case FUZZ_RSP_ReadPublic:
		if (mtpm_ReadPublic_rsp(&c, &pub, &name, &name) == MTPM_OK) {
			GETTER(TPM2B_PUBLIC, "pub", &pub);
			GETTER(TPMT_PUBLIC, "pub", &pub.publicArea);
		}
		break;
	case FUZZ_RSP_Unseal:
		if (mtpm_Unseal_rsp(&c, &sd) == MTPM_OK)
			GETTER(TPM2B_SENSITIVE_DATA, "sd", &sd);
		break;
	case FUZZ_RSP_ContextSave:
		if (mtpm_ContextSave_rsp(&c, &context) == MTPM_OK) {
			GETTER(TPMS_CONTEXT, "ctx", &context);
			GETTER(TPM2B_CONTEXT_DATA, "ctx", &context.contextBlob);
		}
		break;
	case FUZZ_RSP_NV_ReadPublic:
		if (mtpm_NV_ReadPublic_rsp(&c, &nvp, &name) == MTPM_OK) {
			GETTER(TPM2B_NV_PUBLIC, "nv", &nvp);
			GETTER(TPMS_NV_PUBLIC, "nv", &nvp.nvPublic);
			GETTER(TPM2B_NAME, "name", &name);
		}
		break;
	case FUZZ_RSP_NV_Read:
		if (mtpm_NV_Read_rsp(&c, &nvd) == MTPM_OK)
			GETTER(TPM2B_MAX_NV_BUFFER, "nvdata", &nvd);
		break;
	case FUZZ_RSP_VerifySignature:
		if (mtpm_VerifySignature_rsp(&c, &tk) == MTPM_OK)
			GETTER(TPMT_TK, "tk", &tk);
		break;
	default:
		break;
	}
}

/*
 * Cut every recorded response into seeds. The response layout depends on
 * the command (sessions, handle area): try each and keep what
 * mtpm_rsp_check accepts, which is how the pipeline itself reads it.
 */
static void cut_all(void)
{
	static uint8_t rsp[MTPM_BUF_SIZE], hdr[8];
	mtpm_TPMS_AUTH_RESPONSE ra[MTPM_MAX_AUTHS];
	unsigned i, nauth, nh, nra;
	mtpm_cmd cmd;
	mtpm_cmd_desc row;
	size_t n;

	for (i = 0; i < tp.nxfer; i++) {
		const uint8_t *r = tamper_rsp(&tp, i, &n);
		uint32_t cc = tp.xfer[i].cc;
		int which = parser_of(cc), done = 0;
		char tag[64];
		size_t cn;
		const uint8_t *cf = tamper_cmd(&tp, i, &cn);

		/* decode: byte 0 response/redact, commandCode, the frame */
		hdr[1] = (uint8_t)(cc >> 24);
		hdr[2] = (uint8_t)(cc >> 16);
		hdr[3] = (uint8_t)(cc >> 8);
		hdr[4] = (uint8_t)cc;
		if (cf) {
			hdr[0] = 2;
			save("decode", "cmd", hdr, 5, cf, cn);
		}
		if (r) {
			hdr[0] = 3;
			save("decode", "rsp", hdr, 5, r, n);
		}

		if (!r || n > sizeof(rsp))
			continue;
		snprintf(tag, sizeof(tag), "cc%03x", (unsigned)(cc & 0xFFF));
		if (which >= 0)
			snprintf(tag, sizeof(tag), "%s", fuzz_rsp_table[which].desc->name);
		memcpy(rsp, r, n);
		for (nauth = 0; nauth <= MTPM_MAX_AUTHS && !done; nauth++) {
			for (nh = 0; nh <= 1 && !done; nh++) {
				uint8_t cfg = (uint8_t)(nauth | nh << 2);

				memset(&cmd, 0, sizeof(cmd));
				memset(&row, 0, sizeof(row));
				row.cc = cc;
				row.rnh = (uint8_t)nh;
				cmd.desc = &row;
				cmd.cc = cc;
				cmd.nauth = nauth;
				if (which >= 0 && fuzz_rsp_table[which].desc->rnh != nh)
					continue;
				if (mtpm_rsp_check(&cmd, rsp, n, ra, &nra) != MTPM_OK)
					continue;
				if (cmd.tpm_rc == MTPM_OK && nauth && nra != nauth)
					continue;
				done = 1;
				save("rsp_check", tag, &cfg, 1, rsp, n);
				if (cmd.tpm_rc != MTPM_OK || which < 0)
					break;
				{
					char h[64];

					snprintf(h, sizeof(h), "%s_rsp", fuzz_rsp_table[which].desc->name);
					save(h, tag, cmd.rparams, cmd.rparams_len, NULL, 0);
				}
				getters_of(which, cmd.rparams, cmd.rparams_len);
				for (unsigned k = 0; k < nra; k++)
					GETTER(TPMS_AUTH_RESPONSE, "auth", &ra[k]);
				/* session, mode 0: the real frame, one session. */
				if (nauth == 1) {
					uint8_t s0[2] = { 0x02 | 0x10 | 0x80, (uint8_t)which };

					save("session", tag, s0, 2, rsp, n);
				}
				/* session, mode 1: SHA-256, a handle, continueSession;
				 * and the same with response encryption. */
				hdr[0] = 0x01 | 0x02 | 0x10 | 0x80;
				hdr[1] = (uint8_t)which;
				hdr[2] = MTPM_SA_CONTINUESESSION;
				hdr[3] = 0;
				hdr[4] = (uint8_t)(cmd.rsp_handle >> 24);
				hdr[5] = (uint8_t)(cmd.rsp_handle >> 16);
				hdr[6] = (uint8_t)(cmd.rsp_handle >> 8);
				hdr[7] = (uint8_t)cmd.rsp_handle;
				save("session", tag, hdr, 8, cmd.rparams, cmd.rparams_len);
				if (fuzz_rsp_table[which].desc->enc_rsp) {
					hdr[0] |= 0x40;
					save("session", tag, hdr, 8, cmd.rparams, cmd.rparams_len);
				}
			}
		}
	}
}

/* keyfile_step: byte 0 the index of cc in fuzz_keyfile_step.c's table,
 * byte 1 bit 0 auth room, then the commandPolicy. */
static void save_step(uint8_t idx, const mtpm_policy_step *st, const mtpm_keyfile_auth *auth)
{
	static uint8_t buf[4096];
	uint8_t h[2] = { idx, 1 };
	mtpm_cur w;

	mtpm_cur_init(&w, buf, sizeof(buf));
	if (mtpm_keyfile_put_step(&w, st, auth) == MTPM_OK)
		save("keyfile_step", "step", h, 2, buf, w.pos);
}

/* TPM2_Sign (Part 3 §20.2) through the pipeline: the library has no
 * wrapper, but the response is a TPMT_SIGNATURE that VerifySignature
 * takes back. */
/* Part 3 §20.2 TPM2_Sign: mtpm sends it only here, so its row is the
 * recorder's own. */
static const mtpm_cmd_desc row_Sign = {
	.cc = MTPM_CC_Sign, .nh = 1, .nauth = 1, .enc_cmd = 1,
	.role = { MTPM_ROLE_USER },
	.h = { { "keyHandle", "TPMI_DH_OBJECT" } },
};

static void sign(uint32_t key, const mtpm_TPM2B_NAME *name,
		 const mtpm_TPM2B_DIGEST *digest, mtpm_TPMT_SIGNATURE *sig)
{
	mtpm_cmd cmd;
	mtpm_cur *p;
	mtpm_rc rc;

	mtpm_cmd_begin(&cmd, &ctx, &row_Sign);
	mtpm_cmd_handle(&cmd, key, name);              /* @keyHandle */
	mtpm_cmd_auths(&cmd, NULL);
	p = mtpm_cmd_params(&cmd);
	mtpm_put_TPM2B_DIGEST(p, digest);              /* digest */
	mtpm_put_u16(p, MTPM_ALG_ECDSA);               /* inScheme.scheme */
	mtpm_put_u16(p, MTPM_ALG_SHA256);              /* inScheme.hashAlg */
	mtpm_put_u16(p, MTPM_ST_HASHCHECK);            /* validation.tag */
	mtpm_put_u32(p, MTPM_RH_NULL);                 /* validation.hierarchy */
	mtpm_put_u16(p, 0);                            /* validation.digest */
	rc = mtpm_cmd_run(&cmd);
	if (rc == MTPM_OK) {
		mtpm_get_TPMT_SIGNATURE(&cmd.rsp, sig);
		rc = mtpm_cur_done(&cmd.rsp);
	}
	OK(mtpm_cmd_end(&cmd, rc));
}

static void keyedhash_template(mtpm_TPM2B_PUBLIC *t, const mtpm_TPM2B_DIGEST *policy)
{
	memset(t, 0, sizeof(*t));
	t->publicArea.type = MTPM_ALG_KEYEDHASH;
	t->publicArea.nameAlg = MTPM_ALG_SHA256;
	t->publicArea.objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
					 MTPM_OA_USERWITHAUTH | MTPM_OA_NODA;
	if (policy)
		t->publicArea.authPolicy = *policy;
	t->publicArea.parameters.keyedHashDetail.scheme.scheme = MTPM_ALG_NULL;
}

static void ecc_sign_template(mtpm_TPM2B_PUBLIC *t)
{
	memset(t, 0, sizeof(*t));
	t->publicArea.type = MTPM_ALG_ECC;
	t->publicArea.nameAlg = MTPM_ALG_SHA256;
	t->publicArea.objectAttributes = MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT |
					 MTPM_OA_SENSITIVEDATAORIGIN |
					 MTPM_OA_USERWITHAUTH | MTPM_OA_NODA |
					 MTPM_OA_SIGN_ENCRYPT;
	t->publicArea.parameters.eccDetail.symmetric.algorithm = MTPM_ALG_NULL;
	t->publicArea.parameters.eccDetail.scheme.scheme = MTPM_ALG_ECDSA;
	t->publicArea.parameters.eccDetail.scheme.hashAlg = MTPM_ALG_SHA256;
	t->publicArea.parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
	t->publicArea.parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
}

int main(int argc, char **argv)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	static mtpm_TPMS_CONTEXT context;
	static mtpm_TPM2B_PUBLIC srk_pub, rsa_pub, tmpl, obj_pub, key_pub;
	static mtpm_TPM2B_PRIVATE obj_priv, key_priv;
	static const uint32_t caps[][2] = {
		{ MTPM_CAP_ALGS, 0 }, { MTPM_CAP_HANDLES, 0x80000000u },
		{ MTPM_CAP_HANDLES, 0x81000000u }, { MTPM_CAP_HANDLES, 0 },
		{ MTPM_CAP_COMMANDS, 0x11f }, { MTPM_CAP_PCRS, 0 },
		{ MTPM_CAP_TPM_PROPERTIES, MTPM_PT_FIXED },
		{ MTPM_CAP_TPM_PROPERTIES, 0x200 }, { MTPM_CAP_ECC_CURVES, 0 },
	};
	const char *tcti = getenv("MTPM_TCTI");
	mtpm_tcti t;
	mtpm_transport real, tt;
	mtpm_TPM2B_DIGEST d, policy;
	mtpm_TPM2B_NAME srk_name, rsa_name, obj_name, key_name, nv_name;
	mtpm_TPM2B_SENSITIVE_CREATE sens;
	mtpm_TPM2B_SENSITIVE_DATA out;
	mtpm_TPML_PCR_SELECTION sel;
	mtpm_TPML_DIGEST vals;
	mtpm_TPML_DIGEST_VALUES ext;
	mtpm_TPM2B_NV_PUBLIC nvpub;
	mtpm_TPM2B_MAX_NV_BUFFER nvd;
	mtpm_TPMT_SIGNATURE sig;
	mtpm_TPMT_TK tk;
	mtpm_create_out co;
	mtpm_session s;
	mtpm_session_opts so;
	mtpm_policy_step step;
	mtpm_auth a, pw;
	mtpm_auths as;
	uint32_t srk, rsa, obj, key, cnt;
	uint8_t more;
	unsigned i;

	if (argc != 2 || !tcti) {
		fprintf(stderr, "usage: MTPM_TCTI=... fuzz-record OUTDIR\n");
		return 2;
	}
	outdir = argv[1];
	OK(mtpm_tcti_parse(tcti, &t));
	OK(mtpm_transport_open(&real, &t));
	tamper_init(&tp, &tt, &real);
	mtpm_ctx_init(&ctx, &tt, mtpm_crypto_bearssl());

	OK(mtpm_GetRandom(&ctx, NULL, 32, &d));
	OK(mtpm_GetRandom(&ctx, NULL, 7, &d));
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		OK(mtpm_GetCapability(&ctx, caps[i][0], caps[i][1], 64, &more, &cap));

	memset(&sel, 0, sizeof(sel));
	sel.count = 2;
	sel.pcrSelections[0].hash = MTPM_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[0] = 0x83;
	sel.pcrSelections[0].pcrSelect[2] = 0x01;
	sel.pcrSelections[1].hash = MTPM_ALG_SHA1;
	sel.pcrSelections[1].sizeofSelect = 3;
	sel.pcrSelections[1].pcrSelect[0] = 0x07;
	GETTER(TPML_PCR_SELECTION, "cmd", &sel);
	OK(mtpm_PCR_Read(&ctx, &sel, &cnt, &sel, &vals));
	memset(&ext, 0, sizeof(ext));
	ext.count = 2;
	ext.digests[0].hashAlg = MTPM_ALG_SHA256;
	memset(ext.digests[0].digest, 0x5a, 32);
	ext.digests[1].hashAlg = MTPM_ALG_SHA1;
	memset(ext.digests[1].digest, 0xa5, 20);
	GETTER(TPML_DIGEST_VALUES, "cmd", &ext);
	GETTER(TPMT_HA, "cmd", &ext.digests[0]);
	OK(mtpm_PCR_Extend(&ctx, 16, NULL, &ext));
	sel.count = 1;
	memset(sel.pcrSelections[0].pcrSelect, 0, 3);
	sel.pcrSelections[0].pcrSelect[2] = 0x01;
	OK(mtpm_PCR_Read(&ctx, &sel, &cnt, &sel, &vals));

	/* SRKs (ECC and RSA) and a sealed object under the ECC one. */
	memset(&sens, 0, sizeof(sens));
	memset(&co, 0, sizeof(co));
	co.outPublic = &srk_pub;
	co.name = &srk_name;
	mtpm_srk_template_ecc(&tmpl);
	OK(mtpm_CreatePrimary(&ctx, MTPM_RH_OWNER, NULL, &sens, &tmpl, NULL, NULL, &srk, &co));
	co.outPublic = &rsa_pub;
	co.name = &rsa_name;
	mtpm_srk_template_rsa(&tmpl);
	OK(mtpm_CreatePrimary(&ctx, MTPM_RH_OWNER, NULL, &sens, &tmpl, NULL, NULL, &rsa, &co));
	OK(mtpm_ReadPublic(&ctx, srk, NULL, &srk_pub, &srk_name, NULL));
	OK(mtpm_ReadPublic(&ctx, rsa, NULL, &rsa_pub, &rsa_name, NULL));

	sens.sensitive.userAuth.size = 4;
	memcpy(sens.sensitive.userAuth.buffer, "pin1", 4);
	sens.sensitive.data.size = 20;
	memcpy(sens.sensitive.data.buffer, "a sealed secret here", 20);
	GETTER(TPM2B_SENSITIVE_CREATE, "cmd", &sens);
	GETTER(TPMS_SENSITIVE_CREATE, "cmd", &sens.sensitive);
	keyedhash_template(&tmpl, NULL);
	memset(&co, 0, sizeof(co));
	co.outPrivate = &obj_priv;
	co.outPublic = &obj_pub;
	OK(mtpm_Create(&ctx, srk, &srk_name, NULL, &sens, &tmpl, NULL, &sel, &co));
	OK(mtpm_Load(&ctx, srk, &srk_name, NULL, &obj_priv, &obj_pub, &obj, &obj_name));
	OK(mtpm_ReadPublic(&ctx, obj, NULL, &obj_pub, &obj_name, NULL));
	memset(&pw, 0, sizeof(pw));
	pw.value = (const uint8_t *)"pin1";
	pw.value_len = 4;
	pw.attrs = MTPM_SA_CONTINUESESSION;
	as.a[0] = &pw;
	as.n = 1;
	OK(mtpm_Unseal(&ctx, obj, &obj_name, &as, &out));
	OK(mtpm_ContextSave(&ctx, obj, &context));

	/* A salted HMAC session with response encryption: Unseal and
	 * GetRandom come back encrypted. */
	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_HMAC;
	so.sym_bits = 128;
	so.salt_key = srk;
	so.salt_pub = &srk_pub.publicArea;
	OK(mtpm_session_start(&ctx, &s, &so));
	{
		mtpm_TPMT_SYM_DEF sd = { MTPM_ALG_AES, 128, MTPM_ALG_CFB };
		mtpm_TPM2B_ECC_POINT ep;

		GETTER(TPMT_SYM_DEF, "cmd", &sd);
		sd.algorithm = MTPM_ALG_XOR;
		sd.keyBits = MTPM_ALG_SHA256;
		GETTER(TPMT_SYM_DEF, "cmd", &sd);
		memset(&ep, 0, sizeof(ep));
		ep.point = srk_pub.publicArea.unique.ecc;
		GETTER(TPM2B_ECC_POINT, "pub", &ep);
	}
	memset(&a, 0, sizeof(a));
	a.sess = &s;
	a.value = (const uint8_t *)"pin1";
	a.value_len = 4;
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	as.a[0] = &a;
	OK(mtpm_Unseal(&ctx, obj, &obj_name, &as, &out));
	OK(mtpm_GetRandom(&ctx, &as, 16, &d));
	a.attrs = MTPM_SA_CONTINUESESSION;
	OK(mtpm_Unseal(&ctx, obj, &obj_name, &as, &out));
	OK(mtpm_session_flush(&ctx, &s));
	/* Salted to the RSA SRK, SHA-1, AES-256. */
	so.salt_key = rsa;
	so.salt_pub = &rsa_pub.publicArea;
	so.hash_alg = MTPM_ALG_SHA1;
	so.sym_bits = 256;
	OK(mtpm_session_start(&ctx, &s, &so));
	a.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_ENCRYPT;
	OK(mtpm_Unseal(&ctx, obj, &obj_name, &as, &out));
	OK(mtpm_session_flush(&ctx, &s));
	OK(mtpm_FlushContext(&ctx, rsa));

	/* A policy session: PolicyAuthValue, PolicyGetDigest. */
	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_POLICY;
	OK(mtpm_session_start(&ctx, &s, &so));
	OK(mtpm_policy_init(MTPM_ALG_SHA256, &policy));
	memset(&step, 0, sizeof(step));
	step.cc = MTPM_CC_PolicyAuthValue;
	OK(mtpm_policy_run(&ctx, &s, &step, &policy));
	OK(mtpm_PolicyGetDigest(&ctx, s.handle, &d));
	OK(mtpm_ContextSave(&ctx, s.handle, &context));
	OK(mtpm_session_flush(&ctx, &s));
	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_TRIAL;
	so.hash_alg = MTPM_ALG_SHA384;
	OK(mtpm_session_start(&ctx, &s, &so));
	OK(mtpm_PolicyGetDigest(&ctx, s.handle, &d));
	OK(mtpm_session_flush(&ctx, &s));

	/* Sign and VerifySignature with an ECC key under the SRK. */
	ecc_sign_template(&tmpl);
	memset(&sens, 0, sizeof(sens));
	memset(&co, 0, sizeof(co));
	co.outPrivate = &key_priv;
	co.outPublic = &key_pub;
	OK(mtpm_Create(&ctx, srk, &srk_name, NULL, &sens, &tmpl, NULL, NULL, &co));
	OK(mtpm_Load(&ctx, srk, &srk_name, NULL, &key_priv, &key_pub, &key, &key_name));
	d.size = 32;
	memset(d.buffer, 0x42, 32);
	sign(key, &key_name, &d, &sig);
	GETTER(TPMT_SIGNATURE, "sig", &sig);
	GETTER(TPM2B_ECC_PARAMETER, "sig", &sig.signature.ecc.r);
	OK(mtpm_VerifySignature(&ctx, key, &d, &sig, &tk));

	/* The policy steps a key file stores, as commandPolicy. */
	{
		static mtpm_keyfile_auth ka;
		mtpm_policy_step ps;

		memset(&ps, 0, sizeof(ps));
		ps.cc = MTPM_CC_PolicyPCR;
		ps.u.pcr.pcrs = sel;
		ps.u.pcr.pcrDigest = d;
		save_step(0, &ps, NULL);
		memset(&ps, 0, sizeof(ps));
		ps.cc = MTPM_CC_PolicyAuthValue;
		save_step(1, &ps, NULL);
		ps.cc = MTPM_CC_PolicyCommandCode;
		ps.u.cc.code = MTPM_CC_Unseal;
		save_step(3, &ps, NULL);
		memset(&ps, 0, sizeof(ps));
		ps.cc = MTPM_CC_PolicyOR;
		ps.u.or.pHashList.count = 2;
		ps.u.or.pHashList.digests[0] = d;
		ps.u.or.pHashList.digests[1] = policy;
		save_step(4, &ps, NULL);
		memset(&ps, 0, sizeof(ps));
		ps.cc = MTPM_CC_PolicyAuthorize;
		ps.u.authorize.policyRef.size = 2;
		memset(&ka, 0, sizeof(ka));
		ka.key = key_pub;
		save_step(5, &ps, &ka);
		ka.sig = sig;
		ka.has_sig = 1;
		save_step(5, &ps, &ka);
	}

	/* NV: define, write, read, read public, undefine. */
	memset(&nvpub, 0, sizeof(nvpub));
	nvpub.nvPublic.nvIndex = 0x01500016u;
	nvpub.nvPublic.nameAlg = MTPM_ALG_SHA256;
	nvpub.nvPublic.attributes = MTPM_NV_OWNERWRITE | MTPM_NV_OWNERREAD |
				    MTPM_NV_AUTHREAD | MTPM_NV_AUTHWRITE | MTPM_NV_NO_DA;
	nvpub.nvPublic.dataSize = 32;
	memset(&policy, 0, sizeof(policy));   /* the index's empty authValue */
	OK(mtpm_NV_DefineSpace(&ctx, MTPM_RH_OWNER, NULL, &policy, &nvpub));
	OK(mtpm_NV_ReadPublic(&ctx, nvpub.nvPublic.nvIndex, &nvpub, &nv_name));
	memset(&nvd, 0, sizeof(nvd));
	nvd.size = 32;
	memset(nvd.buffer, 0x6e, 32);
	OK(mtpm_NV_Write(&ctx, MTPM_RH_OWNER, NULL, NULL, nvpub.nvPublic.nvIndex,
			 &nv_name, &nvd, 0));
	OK(mtpm_NV_ReadPublic(&ctx, nvpub.nvPublic.nvIndex, &nvpub, &nv_name));
	OK(mtpm_NV_Read(&ctx, MTPM_RH_OWNER, NULL, NULL, nvpub.nvPublic.nvIndex,
			&nv_name, 32, 0, &nvd));
	OK(mtpm_NV_Read(&ctx, MTPM_RH_OWNER, NULL, NULL, nvpub.nvPublic.nvIndex,
			&nv_name, 5, 3, &nvd));
	OK(mtpm_NV_UndefineSpace(&ctx, MTPM_RH_OWNER, NULL, nvpub.nvPublic.nvIndex,
				 &nv_name));

	/* Error answers are responses too. */
	mtpm_rc_ignore(mtpm_NV_ReadPublic(&ctx, nvpub.nvPublic.nvIndex, &nvpub, &nv_name));
	pw.value = (const uint8_t *)"nope";
	as.a[0] = &pw;
	mtpm_rc_ignore(mtpm_Unseal(&ctx, obj, &obj_name, &as, &out));

	OK(mtpm_FlushContext(&ctx, key));
	OK(mtpm_FlushContext(&ctx, obj));
	OK(mtpm_FlushContext(&ctx, srk));
	mtpm_transport_close(&real);

	cut_all();
	printf("fuzz-record: %u exchanges, %u files in %s\n", tp.nxfer, nfiles, outdir);
	return 0;
}
