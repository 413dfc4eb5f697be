/*
 * mtpm/seal.h - seal and unseal, the job mtpm exists for.
 *
 * (The seal API proper is added with src/seal/seal.c.)
 */
#ifndef MTPM_SEAL_H
#define MTPM_SEAL_H

#include "session.h"

#define MTPM_SRK_HANDLE 0x81000001u   /* TCG-recommended persistent SRK */

/*
 * The TCG storage root key templates (TCG TPM v2.0 Provisioning Guidance,
 * §7.5 SRK template; the same as `tpm2_createprimary -G ecc256:aes128cfb`
 * with unique = 64 zero bytes, and systemd's): restricted decrypt key,
 * fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|noDA, nameAlg
 * SHA-256, AES-128-CFB, unique all zeros.
 */
void mtpm_srk_template_ecc(mtpm_TPM2B_PUBLIC *t);
void mtpm_srk_template_rsa(mtpm_TPM2B_PUBLIC *t);

#endif
