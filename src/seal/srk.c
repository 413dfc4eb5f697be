/*
 * srk.c - the TCG SRK templates (TCG "TPM v2.0 Provisioning Guidance"
 * §7.5; Part 2 §12.2.4 TPMT_PUBLIC). With an all-zero unique field the
 * TPM derives the same key from the owner seed every time, so the Name is
 * stable and matches what tpm2-tools and systemd create.
 */
#include <string.h>
#include "mtpm/seal.h"

#define SRK_ATTRS (MTPM_OA_FIXEDTPM | MTPM_OA_FIXEDPARENT | \
		   MTPM_OA_SENSITIVEDATAORIGIN | MTPM_OA_USERWITHAUTH | \
		   MTPM_OA_NODA | MTPM_OA_RESTRICTED | MTPM_OA_DECRYPT)

static void srk_common(mtpm_TPMT_PUBLIC *p, uint16_t type)
{
	p->type = type;
	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = SRK_ATTRS;
	p->authPolicy.size = 0;
}

void mtpm_srk_template_ecc(mtpm_TPM2B_PUBLIC *t)
{
	mtpm_TPMT_PUBLIC *p = &t->publicArea;

	memset(t, 0, sizeof(*t));
	srk_common(p, MTPM_ALG_ECC);
	p->parameters.eccDetail.symmetric.algorithm = MTPM_ALG_AES;
	p->parameters.eccDetail.symmetric.keyBits = 128;
	p->parameters.eccDetail.symmetric.mode = MTPM_ALG_CFB;
	p->parameters.eccDetail.scheme.scheme = MTPM_ALG_NULL;
	p->parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
	p->unique.ecc.x.size = 32;   /* zeros */
	p->unique.ecc.y.size = 32;
}

void mtpm_srk_template_rsa(mtpm_TPM2B_PUBLIC *t)
{
	mtpm_TPMT_PUBLIC *p = &t->publicArea;

	memset(t, 0, sizeof(*t));
	srk_common(p, MTPM_ALG_RSA);
	p->parameters.rsaDetail.symmetric.algorithm = MTPM_ALG_AES;
	p->parameters.rsaDetail.symmetric.keyBits = 128;
	p->parameters.rsaDetail.symmetric.mode = MTPM_ALG_CFB;
	p->parameters.rsaDetail.scheme.scheme = MTPM_ALG_NULL;
	p->parameters.rsaDetail.keyBits = 2048;
	p->parameters.rsaDetail.exponent = 0;
	p->unique.rsa.size = 256;    /* zeros */
}

/* tpm2-tools' default storage primary, as `tpm2_createprimary -C o -G
 * ecc|rsa -g HASH` sends it and systemd-cryptenroll 252 and
 * clevis-encrypt-tpm2 create it (captured on the wire, docs/luks-formats.md):
 * the SRK attributes without noDA, and unique left empty, so its Name
 * differs from the TCG SRK's. */
void mtpm_primary_template_tools(mtpm_TPM2B_PUBLIC *t, int rsa, uint16_t name_alg)
{
	if (rsa)
		mtpm_srk_template_rsa(t);
	else
		mtpm_srk_template_ecc(t);
	t->publicArea.nameAlg = name_alg;
	t->publicArea.objectAttributes &= ~MTPM_OA_NODA;
	memset(&t->publicArea.unique, 0, sizeof(t->publicArea.unique));
}
