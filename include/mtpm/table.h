/*
 * mtpm/table.h - one row per TPM command mtpm sends: the single source of
 * every wire fact about it.
 *
 * A row (src/cmds/table.c) says, for one Part 3 command:
 *   - its commandCode, Part 3 name and section;
 *   - its handles, in order, each with its authorization role (Part 3
 *     §4.4 "Auth Role": a handle marked @ needs a USER or ADMIN
 *     authorization; the others need none), and the handle the response
 *     carries, if any;
 *   - its parameters and response parameters with their Part 2 types,
 *     each flagged when it carries a secret (trace redaction);
 *   - whether the first command parameter and the first response
 *     parameter are TPM2Bs, the only ones a session may encrypt
 *     (Part 1 §21.1).
 *
 * Who reads the rows:
 *   - the pipeline (src/cmds/pipeline.c): mtpm_cmd_begin(&cmd, ctx, row)
 *     takes the handle count, the authorizations, the response handle
 *     and what may be encrypted from the row, and refuses a builder that
 *     appends other handles (MTPM_E_USAGE);
 *   - the decoder and trace redaction (src/cli/decode.c);
 *   - the response-parser fuzz table (fuzz/rsp_parsers.c);
 *   - spec coverage (tests/lib/spec-coverage.sh) and the cross-check
 *     against TPM2_GetCapability(TPM_CAP_COMMANDS) (tests/integration/
 *     it_cmds.c: cHandles and rHandle of every row).
 *
 * The builders and parsers in src/cmds stay hand-written field-by-field
 * transcriptions of Part 3; a row describes them, it does not interpret.
 *
 * MTPM_TABLE_LEAN (the static initramfs build): rows keep only the facts
 * the pipeline reads (12 bytes a row); names, sections, handle and
 * parameter descriptions are compiled out, and mtpm_cc_name with them.
 * Every object of a program must agree on it.
 */
#ifndef MTPM_TABLE_H
#define MTPM_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Authorization role of a handle (Part 3 §4.4). */
#define MTPM_ROLE_NONE  0
#define MTPM_ROLE_USER  1
#define MTPM_ROLE_ADMIN 2

/* How a parameter is laid out: its Part 2 type, as far as decoding it
 * needs. The TPM2B kinds differ by their maximum size. */
enum mtpm_pkind {
	MTPM_K_END = 0,                 /* ends a parameter list */
	MTPM_K_U8, MTPM_K_YESNO, MTPM_K_SE,                         /* 1 byte */
	MTPM_K_U16, MTPM_K_SU, MTPM_K_ALG_HASH,                     /* 2 bytes */
	MTPM_K_U32, MTPM_K_I32, MTPM_K_CAP, MTPM_K_PT, MTPM_K_CC,
	MTPM_K_HANDLE,                                              /* 4 bytes */
	/* TPM2Bs of plain bytes */
	MTPM_K_DIGEST, MTPM_K_DATA, MTPM_K_NAME, MTPM_K_MAX_BUFFER,
	MTPM_K_MAX_NV, MTPM_K_SENS_DATA, MTPM_K_ENC_SECRET, MTPM_K_PRIVATE,
	MTPM_K_TIMEOUT, MTPM_K_SENSITIVE,
	/* structures */
	MTPM_K_PCR_SELS, MTPM_K_DIGESTS, MTPM_K_DIGEST_VALUES, MTPM_K_SYM_DEF,
	MTPM_K_SENS_CREATE, MTPM_K_PUBLIC, MTPM_K_CREATION_DATA, MTPM_K_TK,
	MTPM_K_SIGNATURE, MTPM_K_CONTEXT, MTPM_K_NV_PUBLIC, MTPM_K_CAP_DATA
};

typedef struct mtpm_param_desc {
	const char *name;     /* Part 3 name */
	const char *type;     /* Part 2 type, as Part 3 writes it ("+" = may be NULL) */
	uint8_t kind;         /* enum mtpm_pkind */
	uint8_t secret;       /* carries a secret: redacted in traces */
} mtpm_param_desc;

typedef struct mtpm_handle_desc {
	const char *name;     /* Part 3 name, without the "@" */
	const char *type;     /* Part 2 interface type */
} mtpm_handle_desc;

#define MTPM_MAX_HANDLES 3   /* Part 3: no command has more */

typedef struct mtpm_cmd_desc {
	uint32_t cc;                  /* Part 2 §6.5.2 TPM_CC */
	uint8_t nh;                   /* handles in the command (0..3) */
	uint8_t nauth;                /* authorized handles: always the first nauth */
	uint8_t rnh;                  /* handles in the response (0 or 1) */
	uint8_t enc_cmd;              /* first command parameter is a TPM2B */
	uint8_t enc_rsp;              /* first response parameter is a TPM2B */
	uint8_t role[MTPM_MAX_HANDLES]; /* each handle's MTPM_ROLE_* */
#ifndef MTPM_TABLE_LEAN
	const char *name;             /* Part 3 name without "TPM2_" */
	const char *section;          /* Part 3 section, "12.7" */
	mtpm_handle_desc h[MTPM_MAX_HANDLES];
	mtpm_handle_desc rh;          /* the response's handle (rnh == 1) */
	const mtpm_param_desc *p;     /* command parameters, MTPM_K_END ends */
	const mtpm_param_desc *rp;    /* response parameters, MTPM_K_END ends */
#endif
} mtpm_cmd_desc;

/* The rows, one object each, so a program links only the commands it
 * sends. */
#define MTPM_TABLE_ROWS(X) \
	X(Startup) X(Shutdown) X(SelfTest) X(StartAuthSession) X(PolicyRestart) \
	X(Create) X(Load) X(LoadExternal) X(ReadPublic) X(Unseal) X(GetRandom) \
	X(StirRandom) X(VerifySignature) X(PCR_Extend) X(PCR_Read) \
	X(PolicySecret) X(PolicyOR) X(PolicyPCR) X(PolicyCommandCode) \
	X(PolicyAuthorize) X(PolicyAuthValue) X(PolicyPassword) \
	X(PolicyGetDigest) X(CreatePrimary) X(HierarchyChangeAuth) \
	X(DictionaryAttackLockReset) X(ContextSave) X(ContextLoad) \
	X(FlushContext) X(EvictControl) X(GetCapability) X(NV_DefineSpace) \
	X(NV_UndefineSpace) X(NV_ReadPublic) X(NV_Write) X(NV_Read)

#define MTPM_TABLE_DECLARE(n) extern const mtpm_cmd_desc mtpm_cmd_##n;
MTPM_TABLE_ROWS(MTPM_TABLE_DECLARE)
#undef MTPM_TABLE_DECLARE

/* Every row, in MTPM_TABLE_ROWS order, for the walkers (decoder, fuzz,
 * cross-check); linking it links every row. */
extern const mtpm_cmd_desc *const mtpm_cmd_table[];
extern const size_t mtpm_cmd_table_len;

/* The row of cc, or NULL. */
const mtpm_cmd_desc *mtpm_cmd_lookup(uint32_t cc);

/* The Part 3 name of any command code Part 2 §6.5.2 lists (rows first,
 * then the commands mtpm does not send), or NULL. Not in a
 * MTPM_TABLE_LEAN build. */
const char *mtpm_cc_name(uint32_t cc);

#endif
