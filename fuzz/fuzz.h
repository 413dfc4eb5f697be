/*
 * fuzz/fuzz.h - what every mtpm fuzz harness shares.
 *
 * A harness is one libFuzzer entry point, LLVMFuzzerTestOneInput, over
 * one parser entry point of the library. The same object links three
 * ways: with libFuzzer (clang -fsanitize=fuzzer), with AFL++
 * (afl-clang-fast -fsanitize=fuzzer) and with replay_main.c, the plain
 * driver `make check` uses to replay the committed corpora.
 *
 * The oracle (STYLE.md, "Fuzzing"), checked by every harness:
 *   1. the cursor is valid after the parse (mtpm_cur_valid);
 *   2. a parse that succeeded gives back exactly the bytes it consumed
 *      when its outputs are marshalled again with the mtpm_put_* functions;
 *   3. a parse that failed leaves every output all zero (memcmp against a
 *      zero buffer, after the outputs were filled with FUZZ_POISON first).
 * A violation aborts (FUZZ_CHECK), which every driver reports as a crash.
 *
 * Test code: may use libc freely; never linked into the library or CLI.
 */
#ifndef MTPM_FUZZ_H
#define MTPM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mtpm/mtpm.h"

/* Outputs are filled with this before each parse, so "zero on failure"
 * and "every byte the round trip reads was written" can fail. */
#define FUZZ_POISON 0xA5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: oracle violated: %s\n",    \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* 1 when p[0..n) is all zero. */
static inline int fuzz_is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Room for any re-marshalled structure: the largest response parameter
 * area fits in a 4 KiB response buffer. */
#define FUZZ_OUT_MAX (2 * MTPM_BUF_SIZE)

/* Oracle 2: w (a writer that re-marshalled the outputs) holds exactly
 * want[0..n). */
static inline void fuzz_check_same(const mtpm_cur *w, const uint8_t *want, size_t n)
{
	FUZZ_CHECK(mtpm_cur_valid(w));
	FUZZ_CHECK(w->err == MTPM_OK);
	FUZZ_CHECK(w->pos == n);
	FUZZ_CHECK(n == 0 || memcmp(w->p, want, n) == 0);
}

/* The Part 2 types fuzz_getters covers; the value is the input's byte 0.
 * Append only: committed corpora depend on the numbering. */
enum {
	FUZZ_G_TPM2B_DIGEST,
	FUZZ_G_TPM2B_DATA,
	FUZZ_G_TPM2B_EVENT,
	FUZZ_G_TPM2B_NAME,
	FUZZ_G_TPM2B_MAX_BUFFER,
	FUZZ_G_TPM2B_MAX_NV_BUFFER,
	FUZZ_G_TPM2B_SENSITIVE_DATA,
	FUZZ_G_TPM2B_PUBLIC_KEY_RSA,
	FUZZ_G_TPM2B_ECC_PARAMETER,
	FUZZ_G_TPM2B_ENCRYPTED_SECRET,
	FUZZ_G_TPM2B_PRIVATE,
	FUZZ_G_TPM2B_CONTEXT_DATA,
	FUZZ_G_TPMT_HA,
	FUZZ_G_TPMS_PCR_SELECTION,
	FUZZ_G_TPML_PCR_SELECTION,
	FUZZ_G_TPML_DIGEST,
	FUZZ_G_TPML_DIGEST_VALUES,
	FUZZ_G_TPMT_SYM_DEF,
	FUZZ_G_TPMT_SYM_DEF_OBJECT,
	FUZZ_G_TPMS_SENSITIVE_CREATE,
	FUZZ_G_TPM2B_SENSITIVE_CREATE,
	FUZZ_G_TPMS_ECC_POINT,
	FUZZ_G_TPM2B_ECC_POINT,
	FUZZ_G_TPMT_PUBLIC,
	FUZZ_G_TPM2B_PUBLIC,
	FUZZ_G_TPMS_CREATION_DATA,
	FUZZ_G_TPM2B_CREATION_DATA,
	FUZZ_G_TPMT_TK,
	FUZZ_G_TPMT_SIGNATURE,
	FUZZ_G_TPMS_AUTH_COMMAND,
	FUZZ_G_TPMS_AUTH_RESPONSE,
	FUZZ_G_TPMS_CONTEXT,
	FUZZ_G_TPMS_NV_PUBLIC,
	FUZZ_G_TPM2B_NV_PUBLIC,
	FUZZ_G_TPMS_CAPABILITY_DATA,
	FUZZ_G_COUNT
};

/* The command response parsers of cmds.h and session.h, one index each
 * (fuzz/rsp_parsers.c). fuzz_<Name>_rsp harnesses run one each; the
 * session harness picks one after verification and decryption. */
enum {
	FUZZ_RSP_GetRandom,
	FUZZ_RSP_GetCapability,
	FUZZ_RSP_PCR_Read,
	FUZZ_RSP_Create,
	FUZZ_RSP_CreatePrimary,
	FUZZ_RSP_Load,
	FUZZ_RSP_ReadPublic,
	FUZZ_RSP_Unseal,
	FUZZ_RSP_ContextSave,
	FUZZ_RSP_NV_ReadPublic,
	FUZZ_RSP_NV_Read,
	FUZZ_RSP_VerifySignature,
	FUZZ_RSP_StartAuthSession,
	FUZZ_RSP_PolicyGetDigest,
	FUZZ_RSP_PolicySecret,
	FUZZ_RSP_COUNT
};

/* A response parser's command: its row of the command table
 * (include/mtpm/table.h) gives the name, code, response handle count and
 * whether the first response parameter may be encrypted. */
typedef struct {
	const mtpm_cmd_desc *desc;
} fuzz_rsp_info;

extern const fuzz_rsp_info fuzz_rsp_table[FUZZ_RSP_COUNT];

/* Run parser `which` on d[0..n) with the full oracle. Returns its rc. */
mtpm_rc fuzz_rsp_run(unsigned which, const uint8_t *d, size_t n);

#endif
