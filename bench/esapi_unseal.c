/*
 * bench/esapi_unseal.c - the tpm2-tss ESAPI peer of `mtpm unseal` for the
 * benchmark: one process, the same sealed object, the same session
 * protection mtpm uses. Built by bench/bench.mk only; never a dependency
 * of mtpm. Written for this benchmark from the ESAPI specification's API.
 *
 *   esapi_unseal TCTI PUBLIC PRIVATE      (secret to stdout)
 *
 * Steps: Esys_TR_FromTPMPublic(0x81000001) for the SRK; a policy session
 * salted to the SRK with AES-128-CFB; PolicyPCR(sha256:0,7) with the
 * TPM's current values; Load under the SRK (the policy session is not
 * used for that; password); Unseal in the policy session with response
 * encryption; FlushContext of the object. The session ends with Unseal
 * (continueSession clear).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_tctildr.h>

static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	*len = fread(buf, 1, cap, f);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	TSS2_TCTI_CONTEXT *tcti = NULL;
	ESYS_CONTEXT *ctx = NULL;
	ESYS_TR srk = ESYS_TR_NONE, sess = ESYS_TR_NONE, obj = ESYS_TR_NONE;
	TPM2B_PUBLIC pub;
	TPM2B_PRIVATE priv;
	TPM2B_SENSITIVE_DATA *out = NULL;
	uint8_t buf[4096];
	size_t len, off;
	int ret = 1;
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_AES, .keyBits.aes = 128, .mode.aes = TPM2_ALG_CFB };
	TPML_PCR_SELECTION pcrs = { .count = 1 };
	TPM2B_DIGEST empty = { .size = 0 };
	TSS2_RC rc;

	if (argc != 4) {
		fprintf(stderr, "usage: esapi_unseal TCTI PUBLIC PRIVATE\n");
		return 2;
	}
	memset(&pub, 0, sizeof(pub));
	memset(&priv, 0, sizeof(priv));
	off = 0;
	if (read_file(argv[2], buf, sizeof(buf), &len) ||
	    Tss2_MU_TPM2B_PUBLIC_Unmarshal(buf, len, &off, &pub) != TSS2_RC_SUCCESS)
		return fprintf(stderr, "bad public\n"), 1;
	off = 0;
	if (read_file(argv[3], buf, sizeof(buf), &len) ||
	    Tss2_MU_TPM2B_PRIVATE_Unmarshal(buf, len, &off, &priv) != TSS2_RC_SUCCESS)
		return fprintf(stderr, "bad private\n"), 1;
	pcrs.pcrSelections[0].hash = TPM2_ALG_SHA256;
	pcrs.pcrSelections[0].sizeofSelect = 3;
	pcrs.pcrSelections[0].pcrSelect[0] = 0x81; /* PCRs 0 and 7 */

	if ((rc = Tss2_TctiLdr_Initialize(argv[1], &tcti)) != TSS2_RC_SUCCESS ||
	    (rc = Esys_Initialize(&ctx, tcti, NULL)) != TSS2_RC_SUCCESS)
		goto out;
	if ((rc = Esys_TR_FromTPMPublic(ctx, 0x81000001, ESYS_TR_NONE, ESYS_TR_NONE,
					ESYS_TR_NONE, &srk)) != TSS2_RC_SUCCESS)
		goto out;
	if ((rc = Esys_StartAuthSession(ctx, srk, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &sym,
					TPM2_ALG_SHA256, &sess)) != TSS2_RC_SUCCESS)
		goto out;
	if ((rc = Esys_PolicyPCR(ctx, sess, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				 &empty, &pcrs)) != TSS2_RC_SUCCESS)
		goto out;
	if ((rc = Esys_Load(ctx, srk, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
			    &priv, &pub, &obj)) != TSS2_RC_SUCCESS)
		goto out;
	/* response encryption, session ends with the command */
	if ((rc = Esys_TRSess_SetAttributes(ctx, sess, TPMA_SESSION_ENCRYPT,
					    TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION)) != TSS2_RC_SUCCESS)
		goto out;
	if ((rc = Esys_Unseal(ctx, obj, sess, ESYS_TR_NONE, ESYS_TR_NONE, &out)) != TSS2_RC_SUCCESS)
		goto out;
	sess = ESYS_TR_NONE;
	fwrite(out->buffer, 1, out->size, stdout);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "esapi_unseal: 0x%x\n", rc);
	if (out) {
		memset(out, 0, sizeof(*out));
		Esys_Free(out);
	}
	if (obj != ESYS_TR_NONE)
		Esys_FlushContext(ctx, obj);
	if (sess != ESYS_TR_NONE)
		Esys_FlushContext(ctx, sess);
	if (ctx)
		Esys_Finalize(&ctx);
	if (tcti)
		Tss2_TctiLdr_Finalize(&tcti);
	return ret;
}
