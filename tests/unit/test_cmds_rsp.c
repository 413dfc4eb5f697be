/*
 * test_cmds_rsp.c - unit tests for every response parameter parser of
 * include/mtpm/cmds.h (src/cmds/{random,capability,pcr,object,context,nv,
 * signature,session}.c) and mtpm_PolicyGetDigest_rsp (src/session/
 * policy.c), plus the checks the command functions add after parsing.
 *
 * For each parser:
 *   - a golden parameter area parses and gives the exact outputs. Where the
 *     command was captured, the bytes are the parameter area of a frame in
 *     tests/unit/golden/frames.txt (swtpm 0.7.1/libtpms 0.9.2 driven by
 *     tpm2-tools 5.4, TSS2_LOG=tcti+trace; see golden/capture.sh), cut out
 *     after the handle area and, for SESSIONS frames, the parameterSize.
 *     GetRandom, Load, Unseal, VerifySignature and PolicyGetDigest were not
 *     captured: their areas are written by hand from Part 3 (the section is
 *     cited next to each);
 *   - every truncation fails (MTPM_E_MALFORMED) with every output zero,
 *     read from an exactly-sized heap copy so ASan sees any over-read;
 *   - one trailing byte fails the same way;
 *   - a leading TPM2B one byte over its bound fails;
 *   - mtpm_cur_valid() holds after every parse.
 * Outputs are filled with 0xA5 before each parse so "zeroed" is observed,
 * not assumed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/cmds.h"
#include "mtpm/session.h"

/* parameter area of frames.txt "cap_curves 17a rsp": TPM2_GetCapability(TPM_CAP_ECC_CURVES): moreData, TPMS_CAPABILITY_DATA with 8 curves */
static const uint8_t g_getcap_curves[25] = {
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00,
	0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x10, 0x00, 0x11, 0x00,
	0x20,
};

/* parameter area of frames.txt "cap_handles 17a rsp": TPM2_GetCapability(TPM_CAP_HANDLES, transient): an empty list */
static const uint8_t g_getcap_handles[9] = {
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
};

/* parameter area of frames.txt "cap_pcrs 17a rsp": TPM2_GetCapability(TPM_CAP_PCRS): the allocated banks */
static const uint8_t g_getcap_pcrs[33] = {
	0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x03,
	0xff, 0xff, 0xff, 0x00, 0x0b, 0x03, 0xff, 0xff, 0xff, 0x00, 0x0c, 0x03,
	0xff, 0xff, 0xff, 0x00, 0x0d, 0x03, 0xff, 0xff, 0xff,
};

/* parameter area of frames.txt "pcrread 17e rsp": TPM2_PCR_Read: pcrUpdateCounter, pcrSelectionOut, pcrValues */
static const uint8_t g_pcr_read[248] = {
	0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x04, 0x03, 0x07,
	0x00, 0x01, 0x00, 0x0b, 0x03, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08,
	0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0xf8, 0x7c, 0xfc, 0x25,
	0xe0, 0x47, 0xab, 0x7f, 0xa1, 0xc1, 0xd2, 0xcc, 0xa2, 0xc7, 0xff, 0xaa,
	0x70, 0x6c, 0xd2, 0x3a, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
	0xbb, 0x22, 0x75, 0xc4, 0x9f, 0x28, 0xad, 0x52, 0xca, 0xe6, 0xd5, 0x5e,
	0x34, 0xa9, 0x74, 0xa5, 0x8c, 0x7a, 0x3b, 0xa2, 0x6f, 0x97, 0x6e, 0x8e,
	0xcb, 0xbe, 0x7a, 0x53, 0x69, 0x18, 0xdc, 0x73,
};

/* parameter area of frames.txt "seal 153 rsp" #2: TPM2_Create of a sealed data object (second answer, after a RETRY): outPrivate, outPublic, creationData, creationHash, creationTicket */
static const uint8_t g_create_seal[424] = {
	0x00, 0x97, 0x00, 0x20, 0x3d, 0x78, 0xb0, 0xa4, 0x83, 0xea, 0x9b, 0x07,
	0x71, 0x38, 0x7f, 0xcb, 0x97, 0xf7, 0xc6, 0xd7, 0x79, 0x53, 0x2a, 0x19,
	0x33, 0x7e, 0x87, 0xd7, 0x18, 0x9a, 0x6a, 0x4e, 0x1d, 0x43, 0xbf, 0xd8,
	0x00, 0x10, 0xe0, 0xfd, 0x90, 0x8c, 0xb2, 0x85, 0x15, 0x2c, 0xa9, 0x47,
	0x0d, 0x8e, 0xd0, 0x2f, 0x18, 0x84, 0xcf, 0x6b, 0xad, 0x0c, 0xe3, 0xdf,
	0x39, 0xfa, 0x6d, 0xe9, 0x86, 0x5f, 0xd9, 0xf5, 0xc5, 0xa4, 0x66, 0xc9,
	0x62, 0xab, 0x39, 0xe2, 0xcf, 0xee, 0xe1, 0x9a, 0xff, 0x0f, 0x9a, 0x1d,
	0xb4, 0xe1, 0xb9, 0x77, 0xe6, 0xef, 0x88, 0xe3, 0xeb, 0x23, 0xf5, 0x45,
	0xb9, 0xce, 0xfc, 0xab, 0xc2, 0x58, 0xce, 0x71, 0xa3, 0x05, 0xac, 0x9e,
	0x04, 0xc9, 0x16, 0x7d, 0x86, 0x8b, 0x79, 0xce, 0x1f, 0x9b, 0x59, 0x90,
	0xeb, 0x12, 0x11, 0x3d, 0xfc, 0xa3, 0x78, 0xc5, 0x9c, 0xc3, 0x88, 0xd2,
	0xb4, 0xd3, 0xd0, 0xb8, 0x8a, 0x07, 0x50, 0x4f, 0xd5, 0xb0, 0x01, 0xcb,
	0x8f, 0xe5, 0x8f, 0x60, 0xa5, 0x9b, 0x67, 0x95, 0xcb, 0x00, 0x2e, 0x00,
	0x08, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x52, 0x00, 0x00, 0x00, 0x10, 0x00,
	0x20, 0xae, 0x02, 0x43, 0xcb, 0x5e, 0xba, 0x65, 0xaf, 0xb9, 0x2e, 0xc7,
	0x89, 0xeb, 0xaf, 0x8c, 0x88, 0x20, 0xe5, 0xc5, 0xa5, 0x05, 0xc5, 0x20,
	0x73, 0x83, 0xc0, 0x15, 0xc9, 0x87, 0xa1, 0x7b, 0x76, 0x00, 0x73, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x20, 0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c,
	0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41,
	0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8,
	0x55, 0x01, 0x00, 0x0b, 0x00, 0x22, 0x00, 0x0b, 0x01, 0xee, 0x9a, 0x8e,
	0xc4, 0x97, 0xe1, 0x9f, 0xa9, 0x12, 0x97, 0xe4, 0x70, 0x67, 0x7a, 0xa7,
	0x27, 0xf1, 0x41, 0x1e, 0x31, 0x7c, 0x1a, 0x13, 0x44, 0xf9, 0xb7, 0x35,
	0xd8, 0x0d, 0xc9, 0x5d, 0x00, 0x22, 0x00, 0x0b, 0x04, 0xef, 0xaf, 0x4c,
	0x00, 0x31, 0x77, 0xbd, 0xc6, 0x22, 0x03, 0xd8, 0xa5, 0xce, 0x18, 0x92,
	0x93, 0xdb, 0x05, 0xed, 0x5c, 0xdb, 0x45, 0xae, 0xe2, 0xd0, 0xd8, 0xa7,
	0x20, 0x78, 0x91, 0x36, 0x00, 0x00, 0x00, 0x20, 0xd4, 0xe8, 0x51, 0x8c,
	0x1c, 0xff, 0x0a, 0xe5, 0xd3, 0xfc, 0x65, 0x16, 0x64, 0x08, 0x2d, 0x86,
	0x94, 0x91, 0x5b, 0xd2, 0x03, 0x1f, 0x69, 0x8b, 0xbd, 0x66, 0xd8, 0x6c,
	0x16, 0xa2, 0x68, 0x32, 0x80, 0x21, 0x40, 0x00, 0x00, 0x01, 0x00, 0x40,
	0xac, 0x78, 0x6b, 0xb4, 0xc7, 0x41, 0x31, 0x3d, 0x3a, 0x98, 0xf5, 0xcd,
	0x1d, 0x50, 0xeb, 0x42, 0x23, 0x8f, 0xdd, 0x02, 0x2f, 0xf9, 0x16, 0xd9,
	0xfa, 0x0d, 0xdb, 0x22, 0xf9, 0x50, 0x6c, 0x0f, 0x47, 0x90, 0x5a, 0x97,
	0x5f, 0xa6, 0xed, 0x10, 0x54, 0xc3, 0x0e, 0xd9, 0x08, 0x67, 0xd0, 0xf6,
	0xa0, 0x21, 0x7b, 0xf8, 0x95, 0xad, 0x03, 0x71, 0xdf, 0x01, 0x0f, 0x0b,
	0xdd, 0x80, 0xab, 0x6a,
};

/* parameter area of frames.txt "ecc_primary 131 rsp": TPM2_CreatePrimary (ECC P-256): outPublic, creationData, creationHash, creationTicket, name */
static const uint8_t g_createprimary_ecc[291] = {
	0x00, 0x5a, 0x00, 0x23, 0x00, 0x0b, 0x00, 0x03, 0x00, 0x72, 0x00, 0x00,
	0x00, 0x06, 0x00, 0x80, 0x00, 0x43, 0x00, 0x10, 0x00, 0x03, 0x00, 0x10,
	0x00, 0x20, 0x75, 0xcb, 0x8e, 0x43, 0x75, 0x40, 0xb8, 0x49, 0x9d, 0xdf,
	0xe8, 0x01, 0xa2, 0xf1, 0xf5, 0x23, 0xa8, 0x5f, 0x35, 0x50, 0xae, 0x7e,
	0x6a, 0xfe, 0x1d, 0x40, 0x22, 0xa4, 0x01, 0x97, 0x51, 0x90, 0x00, 0x20,
	0xb8, 0xc1, 0xc5, 0xa6, 0xa1, 0x25, 0x97, 0x3d, 0x48, 0x71, 0x54, 0x7f,
	0x83, 0x1a, 0x4d, 0x48, 0x8a, 0x99, 0xca, 0x9f, 0x10, 0x03, 0x0c, 0x18,
	0x1d, 0xfd, 0x30, 0x05, 0x77, 0x1a, 0xdd, 0x41, 0x00, 0x37, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4,
	0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
	0x01, 0x00, 0x10, 0x00, 0x04, 0x40, 0x00, 0x00, 0x01, 0x00, 0x04, 0x40,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x20, 0x5d, 0xa0, 0x41, 0xba, 0xc0,
	0xee, 0x31, 0x35, 0xae, 0xbb, 0x0c, 0xad, 0xfb, 0xa4, 0x97, 0xc6, 0xa1,
	0x87, 0x7f, 0xae, 0x83, 0x2d, 0xd3, 0xd1, 0xf8, 0xf7, 0xa8, 0x71, 0xb8,
	0x25, 0xe8, 0x54, 0x80, 0x21, 0x40, 0x00, 0x00, 0x01, 0x00, 0x40, 0x5c,
	0xcb, 0xae, 0x91, 0x3e, 0xa2, 0x63, 0xaf, 0xaf, 0xb7, 0xe1, 0xa5, 0x4c,
	0x0f, 0xdf, 0x34, 0xda, 0xe8, 0x79, 0x67, 0xc2, 0x6b, 0x1b, 0x5c, 0x5a,
	0x0d, 0xeb, 0xb0, 0x71, 0x2e, 0x00, 0x8a, 0xe6, 0x44, 0xe3, 0xb1, 0x78,
	0xe8, 0x3e, 0xc1, 0x6f, 0x3e, 0x28, 0x15, 0x76, 0x22, 0xee, 0x5f, 0xda,
	0x49, 0x5b, 0x94, 0x88, 0x44, 0xcb, 0x4f, 0xd4, 0x84, 0x34, 0x66, 0x92,
	0x5a, 0x39, 0x45, 0x00, 0x22, 0x00, 0x0b, 0x01, 0xee, 0x9a, 0x8e, 0xc4,
	0x97, 0xe1, 0x9f, 0xa9, 0x12, 0x97, 0xe4, 0x70, 0x67, 0x7a, 0xa7, 0x27,
	0xf1, 0x41, 0x1e, 0x31, 0x7c, 0x1a, 0x13, 0x44, 0xf9, 0xb7, 0x35, 0xd8,
	0x0d, 0xc9, 0x5d,
};

/* parameter area of frames.txt "ecc_sign 173 rsp": TPM2_ReadPublic of an ECDSA key: outPublic, name, qualifiedName */
static const uint8_t g_readpublic_ecc[162] = {
	0x00, 0x58, 0x00, 0x23, 0x00, 0x0b, 0x00, 0x04, 0x00, 0x72, 0x00, 0x00,
	0x00, 0x10, 0x00, 0x18, 0x00, 0x0b, 0x00, 0x03, 0x00, 0x10, 0x00, 0x20,
	0xeb, 0x40, 0x3b, 0xb2, 0x2d, 0xff, 0x5d, 0x7d, 0x93, 0xcf, 0x4a, 0xd9,
	0x12, 0xf6, 0xc2, 0x1b, 0x3c, 0xe6, 0xde, 0xf9, 0x8d, 0x88, 0x1b, 0xca,
	0x02, 0xf8, 0xba, 0x69, 0x89, 0xd5, 0xb2, 0x5e, 0x00, 0x20, 0x78, 0xb5,
	0x82, 0x4e, 0xc3, 0xbb, 0xba, 0x4c, 0x50, 0xe4, 0xcb, 0x23, 0xf6, 0xa4,
	0x6d, 0x99, 0x0b, 0xb0, 0xf6, 0x99, 0xa8, 0xb1, 0xda, 0xa9, 0xa0, 0xc3,
	0x62, 0x61, 0x40, 0xd2, 0x14, 0x4a, 0x00, 0x22, 0x00, 0x0b, 0xad, 0x0d,
	0xb5, 0xe7, 0xf9, 0x4d, 0x53, 0xd5, 0x88, 0x86, 0x69, 0x61, 0x74, 0x9e,
	0xc7, 0x8f, 0x57, 0x29, 0xf9, 0x84, 0x4e, 0x9d, 0x2e, 0x16, 0x8a, 0x30,
	0x5c, 0x6e, 0x5a, 0x5f, 0x78, 0x7c, 0x00, 0x22, 0x00, 0x0b, 0x7e, 0x1a,
	0x3d, 0xac, 0x54, 0xeb, 0x43, 0x95, 0x20, 0x87, 0x66, 0xb8, 0xc3, 0x3f,
	0x62, 0x92, 0x83, 0x37, 0xb9, 0x9e, 0x46, 0xc8, 0xcf, 0x01, 0xfa, 0xa5,
	0x1f, 0x38, 0xf1, 0xc5, 0xb8, 0x00,
};

/* parameter area of frames.txt "ecc_primary 162 rsp": TPM2_ContextSave of the ECC primary: TPMS_CONTEXT */
static const uint8_t g_contextsave_ecc[458] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00,
	0x40, 0x00, 0x00, 0x01, 0x01, 0xb8, 0x00, 0x40, 0xe7, 0xde, 0xa3, 0x49,
	0xde, 0xe7, 0x99, 0xa9, 0x4e, 0xb9, 0x23, 0x09, 0x84, 0x31, 0x7f, 0xce,
	0xc2, 0x2c, 0x2c, 0x25, 0xe4, 0xb3, 0x5a, 0x3a, 0x63, 0xd3, 0x4b, 0x77,
	0x12, 0x4a, 0x2b, 0xc5, 0xad, 0x7f, 0x1f, 0x0b, 0x8e, 0xad, 0x79, 0xb8,
	0x7a, 0x20, 0xd7, 0xc6, 0x00, 0x58, 0xb2, 0x69, 0xdf, 0xdb, 0x57, 0x78,
	0x8b, 0x4e, 0x06, 0xcf, 0x35, 0x5a, 0x6d, 0xac, 0xe0, 0xe8, 0xdd, 0x16,
	0x85, 0xff, 0xd0, 0xb0, 0x86, 0xbe, 0x51, 0xc4, 0xcf, 0xf4, 0xea, 0xb0,
	0x67, 0x8a, 0xac, 0xa2, 0xd6, 0x80, 0xb0, 0x15, 0x92, 0xae, 0xff, 0x14,
	0xd6, 0xfa, 0x78, 0xe6, 0x3e, 0xaa, 0xad, 0x9c, 0x68, 0x72, 0x52, 0x8e,
	0xb6, 0x95, 0xf9, 0x13, 0x40, 0x12, 0x66, 0xe6, 0x3d, 0x6e, 0x94, 0x41,
	0x4c, 0x5c, 0xfd, 0x45, 0x5a, 0xe8, 0xec, 0xc1, 0x30, 0x3b, 0x9c, 0x1f,
	0x67, 0x5d, 0xf5, 0x0a, 0xc1, 0x91, 0x59, 0xbb, 0x9f, 0x3f, 0xed, 0xbe,
	0x1d, 0x1e, 0x82, 0x51, 0x48, 0x24, 0xf8, 0xb4, 0xab, 0x1c, 0xc1, 0x57,
	0xb2, 0xa1, 0xfc, 0xc2, 0x60, 0x06, 0x27, 0xf1, 0xc9, 0x45, 0xfc, 0x4d,
	0x5b, 0xef, 0x59, 0x3d, 0xc6, 0xa5, 0xec, 0xa1, 0x6f, 0x35, 0x38, 0xcc,
	0x3d, 0x30, 0x95, 0xea, 0x16, 0x61, 0x4f, 0x6b, 0xfb, 0xf1, 0xdd, 0x9a,
	0xb5, 0x99, 0xde, 0xd9, 0xbb, 0xb4, 0x5d, 0x84, 0xf8, 0x72, 0xb0, 0x2d,
	0xb9, 0x69, 0x2a, 0x0a, 0xe1, 0x2b, 0x46, 0x73, 0x69, 0xa3, 0x23, 0xc6,
	0x09, 0x16, 0xd8, 0xb3, 0x7a, 0x6a, 0xae, 0x54, 0x2e, 0x1a, 0xaf, 0x7e,
	0x62, 0xed, 0x90, 0x9c, 0x88, 0x44, 0xc5, 0xf4, 0x31, 0xf5, 0xdb, 0xfc,
	0x9d, 0x2c, 0xe7, 0xdb, 0x0a, 0x49, 0xa2, 0xec, 0xf1, 0x0b, 0xd5, 0xe9,
	0xf4, 0x29, 0xc1, 0xc5, 0x62, 0x07, 0x50, 0x8b, 0x4e, 0x7a, 0x14, 0xae,
	0xdb, 0x73, 0x9a, 0x86, 0xb4, 0x90, 0xc4, 0x25, 0xb1, 0xdf, 0xf0, 0x53,
	0xa6, 0x53, 0x27, 0x7b, 0x0a, 0x30, 0x10, 0x6f, 0x70, 0x6b, 0xeb, 0x6a,
	0x7d, 0x61, 0x5a, 0x67, 0xaa, 0x3d, 0x6e, 0x12, 0x67, 0xfa, 0x1c, 0xbf,
	0x8c, 0xf0, 0x17, 0x33, 0x70, 0x4a, 0x00, 0x5a, 0x75, 0x4c, 0x70, 0x85,
	0x83, 0xbe, 0x55, 0x7e, 0x53, 0x0b, 0x58, 0xb2, 0x8f, 0xc2, 0xf1, 0x33,
	0x31, 0x72, 0xf9, 0x6a, 0xb5, 0xb3, 0x98, 0x07, 0x8e, 0x70, 0xa5, 0x80,
	0x58, 0xd1, 0x43, 0x1f, 0x12, 0x1c, 0x35, 0xde, 0xa7, 0x09, 0x97, 0x68,
	0xfd, 0x77, 0x39, 0x6a, 0x91, 0xc0, 0x72, 0x66, 0x0d, 0x55, 0xe1, 0x17,
	0xbd, 0xe6, 0x4a, 0x86, 0x19, 0x60, 0x04, 0xc3, 0x8e, 0xe1, 0x47, 0x4b,
	0x6e, 0x35, 0x96, 0x13, 0x63, 0x09, 0xd6, 0xb1, 0x4f, 0x35, 0xb9, 0x6c,
	0x54, 0x79, 0xaf, 0x9e, 0x26, 0xb5, 0x35, 0xeb, 0xb8, 0xd4, 0xce, 0xb5,
	0x65, 0x1c, 0x1a, 0xd1, 0x13, 0x25, 0xd0, 0x54, 0x81, 0x8c, 0xc5, 0x1e,
	0x26, 0x7b, 0xb6, 0x96, 0xff, 0xf2, 0x41, 0x74, 0x2f, 0xe4, 0xaa, 0x2a,
	0xeb, 0xbd, 0x51, 0xf7, 0x98, 0x5a, 0x2e, 0xbc, 0xc5, 0xd0, 0xbe, 0xbf,
	0x15, 0xfe, 0x63, 0x92, 0xda, 0x35, 0x93, 0xde, 0x39, 0xec, 0x1a, 0xc0,
	0xd2, 0x8f,
};

/* parameter area of frames.txt "nvreadpublic 169 rsp": TPM2_NV_ReadPublic: nvPublic, nvName */
static const uint8_t g_nv_readpublic[52] = {
	0x00, 0x0e, 0x01, 0x50, 0x00, 0x16, 0x00, 0x0b, 0x20, 0x06, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x22, 0x00, 0x0b, 0x38, 0x5f, 0x19, 0x8c,
	0x23, 0xeb, 0xf9, 0xed, 0x68, 0xf0, 0xc0, 0x10, 0x79, 0xec, 0xa6, 0x8d,
	0x8e, 0x54, 0xf2, 0xd8, 0x1d, 0xd5, 0x3a, 0x17, 0x25, 0x88, 0xca, 0x5b,
	0xf3, 0xa3, 0x46, 0xda,
};

/* parameter area of frames.txt "nvread 14e rsp": TPM2_NV_Read (in a session): data */
static const uint8_t g_nv_read[18] = {
	0x00, 0x10, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
	0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};

/* parameter area of frames.txt "ecc_primary 176 rsp": TPM2_StartAuthSession: nonceTPM (handle area dropped) */
static const uint8_t g_startauthsession[34] = {
	0x00, 0x20, 0x4e, 0xf5, 0x0b, 0xf0, 0x30, 0x17, 0x77, 0x42, 0xb6, 0x8c,
	0xb8, 0x51, 0x84, 0x89, 0x5d, 0xa5, 0x62, 0xad, 0x57, 0x31, 0xf8, 0x62,
	0xfe, 0x3e, 0x73, 0x30, 0x3e, 0xb9, 0xc0, 0x3b, 0x9d, 0x90,
};


/* Part 3 §16.1 TPM2_GetRandom response: randomBytes (TPM2B_DIGEST) */
static const uint8_t h_getrandom[] = { 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF };

/* Part 3 §12.2 TPM2_Load response parameters: name (TPM2B_NAME); the
 * Name is the kernel vector K1's sealed object's (README.md) */
static const uint8_t h_load[] = {
	0x00, 0x22, 0x00, 0x0b, 0x21, 0x3f, 0xae, 0x7b, 0x70, 0x05, 0x9d, 0xa9,
	0xb9, 0xc0, 0xf6, 0x47, 0x2a, 0xcb, 0x8a, 0x75, 0x33, 0x7d, 0x1c, 0x91,
	0xa4, 0x03, 0x5d, 0x2d, 0xc0, 0x0b, 0xc2, 0xdf, 0x83, 0xdc, 0x7e, 0x6d,
};

/* Part 3 §12.7 TPM2_Unseal response: outData (TPM2B_SENSITIVE_DATA);
 * the data is the kernel vector K1's expected.bin */
static const uint8_t h_unseal[] = {
	0x00, 0x20, 0xd6, 0xab, 0x55, 0x84, 0x24, 0x60, 0x03, 0x66, 0xc0, 0x5e,
	0x79, 0xef, 0xab, 0xff, 0x09, 0xf5, 0x42, 0x24, 0xf1, 0xfb, 0xa6, 0xbf,
	0xc3, 0x95, 0x90, 0xe7, 0x7b, 0xc7, 0x1e, 0x65, 0xda, 0xf0,
};

/* Part 3 §20.1 TPM2_VerifySignature response: validation
 * (TPMT_TK_VERIFIED: tag TPM_ST_VERIFIED, hierarchy TPM_RH_OWNER,
 * digest of 32 bytes 0x00..0x1f) */
static const uint8_t h_verifysig[] = {
	0x80, 0x22, 0x40, 0x00, 0x00, 0x01, 0x00, 0x20,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* Part 3 §23.19 TPM2_PolicyGetDigest response: policyDigest; the value
 * is the SHA-256 digest after PolicyAuthValue */
static const uint8_t h_policygetdigest[] = {
	0x00, 0x20, 0x8f, 0xcd, 0x21, 0x69, 0xab, 0x92, 0x69, 0x4e, 0x0c, 0x63,
	0x3f, 0x1a, 0xb7, 0x72, 0x84, 0x2b, 0x82, 0x41, 0xbb, 0xc2, 0x02, 0x88,
	0x98, 0x1f, 0xc7, 0xac, 0x1e, 0xdd, 0xc1, 0xfd, 0xdb, 0x0e,
};

/* Part 3 §23.4 TPM2_PolicySecret response with expiration 0: an empty
 * timeout and the NULL ticket (TPMT_TK_AUTH: TPM_ST_AUTH_SECRET,
 * TPM_RH_NULL, empty digest), as swtpm answers the seal path's step. */
static const uint8_t h_policysecret[] = {
	0x00, 0x00,                          /* timeout: empty */
	0x80, 0x23, 0x40, 0x00, 0x00, 0x07,  /* tag, hierarchy */
	0x00, 0x00,                          /* digest: empty */
};

/* --- one table drives every parser ----------------------------------------- */

typedef struct { uint8_t more; mtpm_TPMS_CAPABILITY_DATA cap; } o_getcap;
typedef struct { uint32_t cnt; mtpm_TPML_PCR_SELECTION sel; mtpm_TPML_DIGEST vals; } o_pcrread;
typedef struct {
	mtpm_TPM2B_PRIVATE priv;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_CREATION_DATA cd;
	mtpm_TPM2B_DIGEST hash;
	mtpm_TPMT_TK tk;
	mtpm_TPM2B_NAME name;
} o_create;
typedef struct { mtpm_TPM2B_PUBLIC pub; mtpm_TPM2B_NAME name, qn; } o_readpublic;
typedef struct { mtpm_TPM2B_NV_PUBLIC pub; mtpm_TPM2B_NAME name; } o_nvreadpublic;

union outs {
	max_align_t align;
	mtpm_TPM2B_DIGEST digest;
	o_getcap getcap;
	o_pcrread pcrread;
	o_create create;
	mtpm_TPM2B_NAME name;
	o_readpublic readpublic;
	mtpm_TPM2B_SENSITIVE_DATA sens;
	mtpm_TPMS_CONTEXT context;
	o_nvreadpublic nvreadpublic;
	mtpm_TPM2B_MAX_NV_BUFFER nvbuf;
	mtpm_TPMT_TK tk;
	struct { mtpm_TPM2B_TIMEOUT timeout; mtpm_TPMT_TK tk; } psecret;
};
static union outs out;

typedef mtpm_rc (*parse_fn)(mtpm_cur *c);

static mtpm_rc p_getrandom(mtpm_cur *c) { return mtpm_GetRandom_rsp(c, &out.digest); }
static mtpm_rc p_getcap(mtpm_cur *c) { return mtpm_GetCapability_rsp(c, &out.getcap.more, &out.getcap.cap); }
static mtpm_rc p_pcrread(mtpm_cur *c)
{
	return mtpm_PCR_Read_rsp(c, &out.pcrread.cnt, &out.pcrread.sel, &out.pcrread.vals);
}
static mtpm_rc p_create(mtpm_cur *c)
{
	mtpm_create_out o = { &out.create.priv, &out.create.pub, &out.create.cd,
			      &out.create.hash, &out.create.tk, NULL };
	return mtpm_Create_rsp(c, &o);
}
static mtpm_rc p_createprimary(mtpm_cur *c)
{
	mtpm_create_out o = { NULL, &out.create.pub, &out.create.cd,
			      &out.create.hash, &out.create.tk, &out.create.name };
	return mtpm_CreatePrimary_rsp(c, &o);
}
static mtpm_rc p_load(mtpm_cur *c) { return mtpm_Load_rsp(c, &out.name); }
static mtpm_rc p_readpublic(mtpm_cur *c)
{
	return mtpm_ReadPublic_rsp(c, &out.readpublic.pub, &out.readpublic.name, &out.readpublic.qn);
}
static mtpm_rc p_unseal(mtpm_cur *c) { return mtpm_Unseal_rsp(c, &out.sens); }
static mtpm_rc p_contextsave(mtpm_cur *c) { return mtpm_ContextSave_rsp(c, &out.context); }
static mtpm_rc p_nvreadpublic(mtpm_cur *c)
{
	return mtpm_NV_ReadPublic_rsp(c, &out.nvreadpublic.pub, &out.nvreadpublic.name);
}
static mtpm_rc p_nvread(mtpm_cur *c) { return mtpm_NV_Read_rsp(c, &out.nvbuf); }
static mtpm_rc p_verifysig(mtpm_cur *c) { return mtpm_VerifySignature_rsp(c, &out.tk); }
static mtpm_rc p_startauthsession(mtpm_cur *c) { return mtpm_StartAuthSession_rsp(c, &out.digest); }
static mtpm_rc p_policygetdigest(mtpm_cur *c) { return mtpm_PolicyGetDigest_rsp(c, &out.digest); }
static mtpm_rc p_policysecret(mtpm_cur *c)
{
	return mtpm_PolicySecret_rsp(c, &out.psecret.timeout, &out.psecret.tk);
}

/* The output fields of a parser, so padding between them is not taken for
 * an output. */
typedef struct { size_t off, len; } field;
#define F(m) { offsetof(union outs, m), sizeof(out.m) }

typedef struct {
	const char *name;
	const uint8_t *b;
	size_t n;
	parse_fn parse;
	field f[6];
	size_t tpm2b_max;     /* bound of a leading TPM2B, 0 if none */
} rsp_case;

static const rsp_case cases[] = {
	{ "GetRandom", h_getrandom, sizeof(h_getrandom), p_getrandom,
	  { F(digest) }, MTPM_MAX_DIGEST },
	{ "GetCapability curves", g_getcap_curves, sizeof(g_getcap_curves), p_getcap,
	  { F(getcap.more), F(getcap.cap) }, 0 },
	{ "GetCapability handles", g_getcap_handles, sizeof(g_getcap_handles), p_getcap,
	  { F(getcap.more), F(getcap.cap) }, 0 },
	{ "GetCapability pcrs", g_getcap_pcrs, sizeof(g_getcap_pcrs), p_getcap,
	  { F(getcap.more), F(getcap.cap) }, 0 },
	{ "PCR_Read", g_pcr_read, sizeof(g_pcr_read), p_pcrread,
	  { F(pcrread.cnt), F(pcrread.sel), F(pcrread.vals) }, 0 },
	{ "Create", g_create_seal, sizeof(g_create_seal), p_create,
	  { F(create.priv), F(create.pub), F(create.cd), F(create.hash), F(create.tk) },
	  MTPM_MAX_PRIVATE },
	{ "CreatePrimary", g_createprimary_ecc, sizeof(g_createprimary_ecc), p_createprimary,
	  { F(create.pub), F(create.cd), F(create.hash), F(create.tk), F(create.name) }, 0 },
	{ "Load", h_load, sizeof(h_load), p_load, { F(name) }, MTPM_MAX_NAME },
	{ "ReadPublic", g_readpublic_ecc, sizeof(g_readpublic_ecc), p_readpublic,
	  { F(readpublic.pub), F(readpublic.name), F(readpublic.qn) }, 0 },
	{ "Unseal", h_unseal, sizeof(h_unseal), p_unseal, { F(sens) }, MTPM_MAX_SYM_DATA },
	{ "ContextSave", g_contextsave_ecc, sizeof(g_contextsave_ecc), p_contextsave,
	  { F(context) }, 0 },
	{ "NV_ReadPublic", g_nv_readpublic, sizeof(g_nv_readpublic), p_nvreadpublic,
	  { F(nvreadpublic.pub), F(nvreadpublic.name) }, 0 },
	{ "NV_Read", g_nv_read, sizeof(g_nv_read), p_nvread, { F(nvbuf) }, MTPM_MAX_NV_BUFFER },
	{ "VerifySignature", h_verifysig, sizeof(h_verifysig), p_verifysig, { F(tk) }, 0 },
	{ "StartAuthSession", g_startauthsession, sizeof(g_startauthsession),
	  p_startauthsession, { F(digest) }, MTPM_MAX_DIGEST },
	{ "PolicyGetDigest", h_policygetdigest, sizeof(h_policygetdigest),
	  p_policygetdigest, { F(digest) }, MTPM_MAX_DIGEST },
	{ "PolicySecret", h_policysecret, sizeof(h_policysecret), p_policysecret,
	  { F(psecret.timeout), F(psecret.tk) }, 8 },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static int outputs_zero(const rsp_case *k)
{
	unsigned i;

	for (i = 0; i < 6 && k->f[i].len; i++)
		if (!all_zero((const uint8_t *)&out + k->f[i].off, k->f[i].len))
			return 0;
	return 1;
}

/* Parse b[0..n) from an exactly-sized heap copy. */
static mtpm_rc run(const rsp_case *k, const uint8_t *b, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	mtpm_cur c;
	mtpm_rc rc;

	assert_non_null(copy);
	if (n)
		memcpy(copy, b, n);
	memset(&out, 0xA5, sizeof(out));
	mtpm_cur_init_ro(&c, copy, n);
	rc = k->parse(&c);
	assert_true(mtpm_cur_valid(&c));
	assert_int_equal(rc, c.err);
	if (rc != MTPM_OK && !outputs_zero(k))
		fail_msg("%s: outputs not zero after failure (len %zu)", k->name, n);
	free(copy);
	return rc;
}

static const rsp_case *find_case(const char *name)
{
	unsigned i;

	for (i = 0; i < NCASES; i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	fail_msg("no case %s", name);
	return NULL;
}

/* --- generic: golden, truncation, trailing, oversize ----------------------- */

static void test_golden_parse(void **state)
{
	unsigned i;
	(void)state;

	for (i = 0; i < NCASES; i++)
		if (run(&cases[i], cases[i].b, cases[i].n) != MTPM_OK)
			fail_msg("%s: golden area does not parse", cases[i].name);
}

static void test_truncated(void **state)
{
	unsigned i;
	size_t n;
	(void)state;

	for (i = 0; i < NCASES; i++)
		for (n = 0; n < cases[i].n; n++)
			if (run(&cases[i], cases[i].b, n) != MTPM_E_MALFORMED)
				fail_msg("%s: truncated to %zu not refused", cases[i].name, n);
}

static void test_trailing(void **state)
{
	static uint8_t b[4096];
	unsigned i;
	(void)state;

	for (i = 0; i < NCASES; i++) {
		memcpy(b, cases[i].b, cases[i].n);
		b[cases[i].n] = 0x00;
		if (run(&cases[i], b, cases[i].n + 1) != MTPM_E_MALFORMED)
			fail_msg("%s: trailing 00 accepted", cases[i].name);
		b[cases[i].n] = 0xFF;
		if (run(&cases[i], b, cases[i].n + 1) != MTPM_E_MALFORMED)
			fail_msg("%s: trailing ff accepted", cases[i].name);
	}
}

static void test_oversize_tpm2b(void **state)
{
	static uint8_t b[2 + MTPM_MAX_NV_BUFFER + 1 + 64];
	unsigned i;
	(void)state;

	for (i = 0; i < NCASES; i++) {
		size_t max = cases[i].tpm2b_max;

		if (!max)
			continue;
		/* max + 1 bytes, all present */
		memset(b, 0x11, sizeof(b));
		b[0] = (uint8_t)((max + 1) >> 8);
		b[1] = (uint8_t)(max + 1);
		if (run(&cases[i], b, 2 + max + 1) != MTPM_E_MALFORMED)
			fail_msg("%s: TPM2B of %zu accepted", cases[i].name, max + 1);
		/* 0xFFFF */
		b[0] = b[1] = 0xFF;
		if (run(&cases[i], b, 2 + max + 1) != MTPM_E_MALFORMED)
			fail_msg("%s: TPM2B of 0xffff accepted", cases[i].name);
	}
	/* exactly the bound is fine where the TPM2B is the whole area */
	memset(b, 0x11, sizeof(b));
	b[0] = 0;
	b[1] = MTPM_MAX_DIGEST;
	assert_int_equal(run(find_case("GetRandom"), b, 2 + MTPM_MAX_DIGEST), MTPM_OK);
	assert_int_equal(out.digest.size, MTPM_MAX_DIGEST);
	b[0] = 0;
	b[1] = MTPM_MAX_SYM_DATA;
	assert_int_equal(run(find_case("Unseal"), b, 2 + MTPM_MAX_SYM_DATA), MTPM_OK);
	b[0] = MTPM_MAX_NV_BUFFER >> 8;
	b[1] = MTPM_MAX_NV_BUFFER & 0xFF;
	assert_int_equal(run(find_case("NV_Read"), b, 2 + MTPM_MAX_NV_BUFFER), MTPM_OK);
	assert_int_equal(out.nvbuf.size, MTPM_MAX_NV_BUFFER);
}

/* --- exact outputs ---------------------------------------------------------- */

static void test_getrandom(void **state)
{
	(void)state;
	assert_int_equal(run(find_case("GetRandom"), h_getrandom, sizeof(h_getrandom)), MTPM_OK);
	assert_int_equal(out.digest.size, 4);
	assert_memory_equal(out.digest.buffer, h_getrandom + 2, 4);
	/* an empty answer is a valid parse (the command checks the count) */
	assert_int_equal(run(find_case("GetRandom"), h_getrandom, 0), MTPM_E_MALFORMED);
	{
		static const uint8_t empty[] = { 0, 0 };
		assert_int_equal(run(find_case("GetRandom"), empty, 2), MTPM_OK);
		assert_int_equal(out.digest.size, 0);
	}
}

static void test_getcapability(void **state)
{
	static const uint16_t curves[] = { 1, 2, 3, 4, 5, 0x10, 0x11, 0x20 };
	uint8_t b[sizeof(g_getcap_curves)];
	unsigned i;
	(void)state;

	assert_int_equal(run(find_case("GetCapability curves"), g_getcap_curves,
			     sizeof(g_getcap_curves)), MTPM_OK);
	assert_int_equal(out.getcap.more, 0);
	assert_int_equal(out.getcap.cap.capability, 8);   /* TPM_CAP_ECC_CURVES */
	assert_int_equal(out.getcap.cap.count, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(out.getcap.cap.data.eccCurves[i], curves[i]);
	assert_int_equal(run(find_case("GetCapability handles"), g_getcap_handles,
			     sizeof(g_getcap_handles)), MTPM_OK);
	assert_int_equal(out.getcap.cap.capability, 1);   /* TPM_CAP_HANDLES */
	assert_int_equal(out.getcap.cap.count, 0);
	assert_int_equal(run(find_case("GetCapability pcrs"), g_getcap_pcrs,
			     sizeof(g_getcap_pcrs)), MTPM_OK);
	assert_int_equal(out.getcap.cap.capability, 5);   /* TPM_CAP_PCRS */
	assert_int_equal(out.getcap.cap.count, 4);
	assert_int_equal(out.getcap.cap.data.assignedPCR[1].hash, MTPM_ALG_SHA256);
	assert_int_equal(out.getcap.cap.data.assignedPCR[1].sizeofSelect, 3);
	assert_int_equal(out.getcap.cap.data.assignedPCR[3].pcrSelect[2], 0xFF);
	/* moreData is a TPMI_YES_NO: 1 is fine, 2 is not */
	memcpy(b, g_getcap_curves, sizeof(b));
	b[0] = 1;
	assert_int_equal(run(find_case("GetCapability curves"), b, sizeof(b)), MTPM_OK);
	assert_int_equal(out.getcap.more, 1);
	b[0] = 2;
	assert_int_equal(run(find_case("GetCapability curves"), b, sizeof(b)), MTPM_E_MALFORMED);
	b[0] = 0xFF;
	assert_int_equal(run(find_case("GetCapability curves"), b, sizeof(b)), MTPM_E_MALFORMED);
}

static void test_pcr_read(void **state)
{
	unsigned i;
	(void)state;

	assert_int_equal(run(find_case("PCR_Read"), g_pcr_read, sizeof(g_pcr_read)), MTPM_OK);
	assert_int_equal(out.pcrread.cnt, 0x14);
	assert_int_equal(out.pcrread.sel.count, 2);
	assert_int_equal(out.pcrread.sel.pcrSelections[0].hash, MTPM_ALG_SHA1);
	assert_int_equal(out.pcrread.sel.pcrSelections[1].hash, MTPM_ALG_SHA256);
	assert_int_equal(out.pcrread.sel.pcrSelections[1].pcrSelect[0], 0x07);
	assert_int_equal(out.pcrread.sel.pcrSelections[1].pcrSelect[2], 0x01);
	assert_int_equal(out.pcrread.vals.count, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(out.pcrread.vals.digests[i].size, i < 4 ? 20 : 32);
	assert_memory_equal(out.pcrread.vals.digests[3].buffer, g_pcr_read + 24 + 3 * 22 + 2, 20);
}

static void test_create(void **state)
{
	mtpm_create_out none;
	mtpm_cur c;
	(void)state;

	assert_int_equal(run(find_case("Create"), g_create_seal, sizeof(g_create_seal)), MTPM_OK);
	assert_int_equal(out.create.priv.size, 151);
	assert_memory_equal(out.create.priv.buffer, g_create_seal + 2, 151);
	assert_int_equal(out.create.pub.size, 46);
	assert_int_equal(out.create.pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(out.create.pub.publicArea.nameAlg, MTPM_ALG_SHA256);
	assert_int_equal(out.create.pub.publicArea.objectAttributes, 0x52);
	assert_int_equal(out.create.cd.size, 115);
	assert_int_equal(out.create.hash.size, 32);
	assert_int_equal(out.create.tk.tag, MTPM_ST_CREATION);
	assert_int_equal(out.create.tk.hierarchy, MTPM_RH_OWNER);
	assert_int_equal(out.create.tk.digest.size, 64);
	/* the same with every output dropped */
	memset(&none, 0, sizeof(none));
	mtpm_cur_init_ro(&c, g_create_seal, sizeof(g_create_seal));
	assert_int_equal(mtpm_Create_rsp(&c, &none), MTPM_OK);
	mtpm_cur_init_ro(&c, g_create_seal, sizeof(g_create_seal) - 1);
	assert_int_equal(mtpm_Create_rsp(&c, &none), MTPM_E_MALFORMED);
}

static void test_createprimary(void **state)
{
	mtpm_TPM2B_NAME mine;
	mtpm_create_out none;
	mtpm_cur c;
	(void)state;

	assert_int_equal(run(find_case("CreatePrimary"), g_createprimary_ecc,
			     sizeof(g_createprimary_ecc)), MTPM_OK);
	assert_int_equal(out.create.pub.publicArea.type, MTPM_ALG_ECC);
	assert_int_equal(out.create.pub.publicArea.objectAttributes, 0x00030072);
	assert_int_equal(out.create.pub.publicArea.unique.ecc.x.size, 32);
	assert_int_equal(out.create.tk.tag, MTPM_ST_CREATION);
	assert_int_equal(out.create.name.size, 34);
	assert_memory_equal(out.create.name.buffer,
			    g_createprimary_ecc + sizeof(g_createprimary_ecc) - 34, 34);
	/* the Name the TPM sent is the one its outPublic gives */
	assert_int_equal(mtpm_name_of_public(mtpm_crypto_bearssl(),
					     &out.create.pub.publicArea, &mine), MTPM_OK);
	assert_memory_equal(mine.buffer, out.create.name.buffer, 34);
	memset(&none, 0, sizeof(none));
	mtpm_cur_init_ro(&c, g_createprimary_ecc, sizeof(g_createprimary_ecc));
	assert_int_equal(mtpm_CreatePrimary_rsp(&c, &none), MTPM_OK);
	/* a Create area is not a CreatePrimary area and vice versa */
	assert_int_equal(run(find_case("CreatePrimary"), g_create_seal, sizeof(g_create_seal)),
			 MTPM_E_MALFORMED);
	assert_int_equal(run(find_case("Create"), g_createprimary_ecc,
			     sizeof(g_createprimary_ecc)), MTPM_E_MALFORMED);
}

static void test_load_readpublic(void **state)
{
	mtpm_TPM2B_NAME mine;
	(void)state;

	assert_int_equal(run(find_case("Load"), h_load, sizeof(h_load)), MTPM_OK);
	assert_int_equal(out.name.size, 34);
	assert_memory_equal(out.name.buffer, h_load + 2, 34);

	assert_int_equal(run(find_case("ReadPublic"), g_readpublic_ecc,
			     sizeof(g_readpublic_ecc)), MTPM_OK);
	assert_int_equal(out.readpublic.pub.size, 0x58);
	assert_int_equal(out.readpublic.pub.publicArea.type, MTPM_ALG_ECC);
	assert_int_equal(out.readpublic.pub.publicArea.objectAttributes, 0x00040072);
	assert_int_equal(out.readpublic.name.size, 34);
	assert_int_equal(out.readpublic.qn.size, 34);
	assert_memory_equal(out.readpublic.qn.buffer,
			    g_readpublic_ecc + sizeof(g_readpublic_ecc) - 34, 34);
	assert_int_equal(mtpm_name_of_public(mtpm_crypto_bearssl(),
					     &out.readpublic.pub.publicArea, &mine), MTPM_OK);
	assert_memory_equal(mine.buffer, out.readpublic.name.buffer, 34);
}

static void test_unseal_nv(void **state)
{
	(void)state;
	assert_int_equal(run(find_case("Unseal"), h_unseal, sizeof(h_unseal)), MTPM_OK);
	assert_int_equal(out.sens.size, 32);
	assert_memory_equal(out.sens.buffer, h_unseal + 2, 32);

	assert_int_equal(run(find_case("NV_Read"), g_nv_read, sizeof(g_nv_read)), MTPM_OK);
	assert_int_equal(out.nvbuf.size, 16);
	assert_memory_equal(out.nvbuf.buffer, "0123456789abcdef", 16);

	assert_int_equal(run(find_case("NV_ReadPublic"), g_nv_readpublic,
			     sizeof(g_nv_readpublic)), MTPM_OK);
	assert_int_equal(out.nvreadpublic.pub.size, 14);
	assert_int_equal(out.nvreadpublic.pub.nvPublic.nvIndex, 0x01500016u);
	assert_int_equal(out.nvreadpublic.pub.nvPublic.nameAlg, MTPM_ALG_SHA256);
	assert_int_equal(out.nvreadpublic.pub.nvPublic.attributes, 0x20060006u);
	assert_int_equal(out.nvreadpublic.pub.nvPublic.authPolicy.size, 0);
	assert_int_equal(out.nvreadpublic.pub.nvPublic.dataSize, 16);
	assert_int_equal(out.nvreadpublic.name.size, 34);
}

static void test_context_session_sig(void **state)
{
	uint8_t b[sizeof(h_verifysig)];
	(void)state;

	assert_int_equal(run(find_case("ContextSave"), g_contextsave_ecc,
			     sizeof(g_contextsave_ecc)), MTPM_OK);
	assert_true(out.context.sequence == 1);
	assert_int_equal(out.context.savedHandle, 0x80000000u);
	assert_int_equal(out.context.hierarchy, MTPM_RH_OWNER);
	assert_int_equal(out.context.contextBlob.size, 0x1b8);

	assert_int_equal(run(find_case("StartAuthSession"), g_startauthsession,
			     sizeof(g_startauthsession)), MTPM_OK);
	assert_int_equal(out.digest.size, 32);
	assert_memory_equal(out.digest.buffer, g_startauthsession + 2, 32);

	assert_int_equal(run(find_case("PolicyGetDigest"), h_policygetdigest,
			     sizeof(h_policygetdigest)), MTPM_OK);
	assert_int_equal(out.digest.size, 32);
	assert_memory_equal(out.digest.buffer, h_policygetdigest + 2, 32);

	assert_int_equal(run(find_case("VerifySignature"), h_verifysig,
			     sizeof(h_verifysig)), MTPM_OK);
	assert_int_equal(out.tk.tag, MTPM_ST_VERIFIED);
	assert_int_equal(out.tk.hierarchy, MTPM_RH_OWNER);
	assert_int_equal(out.tk.digest.size, 32);
	assert_memory_equal(out.tk.digest.buffer, h_verifysig + 8, 32);
	/* a ticket of another kind (creation, hashcheck) is refused */
	memcpy(b, h_verifysig, sizeof(b));
	b[1] = 0x21;
	assert_int_equal(run(find_case("VerifySignature"), b, sizeof(b)), MTPM_E_MALFORMED);
	b[1] = 0x24;
	assert_int_equal(run(find_case("VerifySignature"), b, sizeof(b)), MTPM_E_MALFORMED);
}

/* --- the checks command functions add, over a scripted callback ------------ */

typedef struct { const uint8_t *f; size_t n; } canned;

static mtpm_rc canned_xfer(void *user, const uint8_t *cmd, size_t cmd_len,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	const canned *k = user;

	(void)cmd;
	(void)cmd_len;
	assert_true(k->n <= rsp_cap);
	memcpy(rsp, k->f, k->n);
	*rsp_len = k->n;
	return MTPM_OK;
}

static mtpm_transport tr;
static mtpm_ctx ctx;
static canned can;

static void script(const uint8_t *f, size_t n)
{
	can.f = f;
	can.n = n;
	mtpm_transport_callback(&tr, canned_xfer, &can);
	mtpm_ctx_init(&ctx, &tr, mtpm_crypto_bearssl());
}

/* Frame = header || [parameterSize] || params || [password response]. */
static uint8_t frame[512];
static size_t make_frame(int sessions, const uint8_t *p, size_t n)
{
	size_t at = 10;

	frame[0] = 0x80;
	frame[1] = sessions ? 0x02 : 0x01;
	memset(frame + 6, 0, 4);
	if (sessions) {
		frame[at++] = 0;
		frame[at++] = 0;
		frame[at++] = (uint8_t)(n >> 8);
		frame[at++] = (uint8_t)n;
	}
	memcpy(frame + at, p, n);
	at += n;
	if (sessions) {
		static const uint8_t pw[] = { 0, 0, 1, 0, 0 };
		memcpy(frame + at, pw, 5);
		at += 5;
	}
	frame[2] = 0;
	frame[3] = 0;
	frame[4] = (uint8_t)(at >> 8);
	frame[5] = (uint8_t)at;
	return at;
}

static void test_commands_wipe(void **state)
{
	mtpm_TPM2B_SENSITIVE_DATA sd;
	mtpm_TPM2B_MAX_NV_BUFFER nb;
	mtpm_TPM2B_DIGEST rnd;
	mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more, b[64];
	size_t n;
	(void)state;

	/* Unseal: good, then a trailing byte -> outData wiped */
	script(frame, make_frame(1, h_unseal, sizeof(h_unseal)));
	assert_int_equal(mtpm_Unseal(&ctx, 0x80000001, NULL, NULL, &sd), MTPM_OK);
	assert_int_equal(sd.size, 32);
	assert_memory_equal(sd.buffer, h_unseal + 2, 32);
	memcpy(b, h_unseal, sizeof(h_unseal));
	b[sizeof(h_unseal)] = 0;
	script(frame, make_frame(1, b, sizeof(h_unseal) + 1));
	memset(&sd, 0xA5, sizeof(sd));
	assert_int_equal(mtpm_Unseal(&ctx, 0x80000001, NULL, NULL, &sd), MTPM_E_MALFORMED);
	assert_true(all_zero(&sd, sizeof(sd)));
	assert_true(all_zero(ctx.rsp, sizeof(ctx.rsp)));

	/* NV_Read: the TPM's 16 bytes for a 16-byte read; a read of 17
	 * answered with 16 is refused and wiped */
	n = make_frame(1, g_nv_read, sizeof(g_nv_read));
	script(frame, n);
	assert_int_equal(mtpm_NV_Read(&ctx, 0x01500016, NULL, NULL, 0x01500016, NULL,
				      16, 0, &nb), MTPM_OK);
	assert_memory_equal(nb.buffer, "0123456789abcdef", 16);
	script(frame, n);
	memset(&nb, 0xA5, sizeof(nb));
	assert_int_equal(mtpm_NV_Read(&ctx, 0x01500016, NULL, NULL, 0x01500016, NULL,
				      17, 0, &nb), MTPM_E_MALFORMED);
	assert_true(all_zero(&nb, sizeof(nb)));

	/* GetRandom: more bytes than asked for */
	script(frame, make_frame(0, h_getrandom, sizeof(h_getrandom)));
	memset(&rnd, 0xA5, sizeof(rnd));
	assert_int_equal(mtpm_GetRandom(&ctx, NULL, 3, &rnd), MTPM_E_MALFORMED);
	assert_true(all_zero(&rnd, sizeof(rnd)));

	/* GetCapability: an answer about another capability */
	script(frame, make_frame(0, g_getcap_curves, sizeof(g_getcap_curves)));
	assert_int_equal(mtpm_GetCapability(&ctx, 8, 0, 8, &more, &cap), MTPM_OK);
	assert_int_equal(cap.count, 8);
	script(frame, make_frame(0, g_getcap_curves, sizeof(g_getcap_curves)));
	more = 0xA5;
	memset(&cap, 0xA5, sizeof(cap));
	assert_int_equal(mtpm_GetCapability(&ctx, 1, 0, 8, &more, &cap), MTPM_E_MALFORMED);
	assert_int_equal(more, 0);
	assert_true(all_zero(&cap, sizeof(cap)));
}

/* Issue 10 §1: NV_ReadPublic's Name must be H(nvPublic) (Part 1 §16,
 * Part 2 §13.5). The golden answer passes; a Name or a public area
 * changed on the way (each half still well formed) is MTPM_E_INTEGRITY,
 * an answer about another index MTPM_E_MALFORMED, both outputs zero. */
static void test_nv_readpublic_name(void **state)
{
	mtpm_TPM2B_NV_PUBLIC nvp;
	mtpm_TPM2B_NAME name;
	uint8_t b[sizeof(g_nv_readpublic)];
	size_t n;
	(void)state;

	script(frame, make_frame(0, g_nv_readpublic, sizeof(g_nv_readpublic)));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500016u, &nvp, &name), MTPM_OK);
	assert_int_equal(nvp.nvPublic.dataSize, 16);
	assert_int_equal(name.size, 34);
	assert_memory_equal(name.buffer, g_nv_readpublic + 18, 34);

	/* forged: the last byte of the Name's digest */
	memcpy(b, g_nv_readpublic, sizeof(b));
	b[sizeof(b) - 1] ^= 0x01;
	n = make_frame(0, b, sizeof(b));
	script(frame, n);
	memset(&nvp, 0xA5, sizeof(nvp));
	memset(&name, 0xA5, sizeof(name));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500016u, &nvp, &name), MTPM_E_INTEGRITY);
	assert_true(all_zero(&nvp, sizeof(nvp)));
	assert_true(all_zero(&name, sizeof(name)));
	assert_true(all_zero(ctx.rsp, sizeof(ctx.rsp)));

	/* forged: the attributes (TPMA_NV_WRITTEN cleared, so a written
	 * index looks blank), Name left as it was */
	memcpy(b, g_nv_readpublic, sizeof(b));
	b[8] ^= 0x20;
	script(frame, make_frame(0, b, sizeof(b)));
	memset(&nvp, 0xA5, sizeof(nvp));
	memset(&name, 0xA5, sizeof(name));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500016u, &nvp, &name), MTPM_E_INTEGRITY);
	assert_true(all_zero(&nvp, sizeof(nvp)));
	assert_true(all_zero(&name, sizeof(name)));

	/* forged: the Name's algorithm (sha256 -> sha384 id, same length) */
	memcpy(b, g_nv_readpublic, sizeof(b));
	b[19] = 0x0c;
	script(frame, make_frame(0, b, sizeof(b)));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500016u, &nvp, &name), MTPM_E_INTEGRITY);
	assert_true(all_zero(&name, sizeof(name)));

	/* the genuine answer, but about another index than asked */
	script(frame, make_frame(0, g_nv_readpublic, sizeof(g_nv_readpublic)));
	memset(&nvp, 0xA5, sizeof(nvp));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500017u, &nvp, &name), MTPM_E_MALFORMED);
	assert_true(all_zero(&nvp, sizeof(nvp)));
	assert_true(all_zero(&name, sizeof(name)));

	/* no crypto table: the Name cannot be checked, so nothing is returned */
	script(frame, make_frame(0, g_nv_readpublic, sizeof(g_nv_readpublic)));
	ctx.crypto = NULL;
	memset(&nvp, 0xA5, sizeof(nvp));
	assert_int_equal(mtpm_NV_ReadPublic(&ctx, 0x01500016u, &nvp, &name), MTPM_E_USAGE);
	assert_true(all_zero(&nvp, sizeof(nvp)));
	assert_true(all_zero(&name, sizeof(name)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_parse),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_oversize_tpm2b),
		cmocka_unit_test(test_getrandom),
		cmocka_unit_test(test_getcapability),
		cmocka_unit_test(test_pcr_read),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_createprimary),
		cmocka_unit_test(test_load_readpublic),
		cmocka_unit_test(test_unseal_nv),
		cmocka_unit_test(test_context_session_sig),
		cmocka_unit_test(test_commands_wipe),
		cmocka_unit_test(test_nv_readpublic_name),
	};
	return cmocka_run_group_tests_name("cmds_rsp", tests, NULL, NULL);
}
