/*
 * mtpm/core.h - the context, authorizations and the one command pipeline.
 *
 * Every TPM command mtpm sends goes through the same linear path
 * (src/cmds/pipeline.c), starting from the command's row in the command
 * table (include/mtpm/table.h, src/cmds/table.c):
 *
 *   mtpm_cmd_begin    the row: handle count, authorizations, response
 *                     handle, which parameters may be encrypted
 *   mtpm_cmd_handle   the handle area, with each handle's Name; exactly
 *                     the row's handles (MTPM_E_USAGE otherwise)
 *   mtpm_cmd_auths    one authorization per handle the row marks @, then
 *                     optional encrypt/audit sessions
 *   mtpm_cmd_params   lays down the authorization area (nonces rolled, HMAC
 *                     slots reserved) and returns a cursor for parameters
 *   mtpm_cmd_run      header -> parameter encryption -> cpHash -> HMACs ->
 *                     send -> response header check -> response HMAC
 *                     verification -> response parameter decryption; on
 *                     success cmd->rsp reads the response parameters
 *   mtpm_cmd_end      wipes both buffers; on failure flushes the sessions
 *
 * The session engine (src/session) is reached only through the hooks in
 * mtpm_session_hooks, so a build with password authorization only does not
 * link it.
 */
#ifndef MTPM_CORE_H
#define MTPM_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "rc.h"
#include "types.h"
#include "marshal.h"
#include "transport.h"
#include "crypto.h"
#include "table.h"

#ifndef MTPM_BUF_SIZE
#define MTPM_BUF_SIZE 4096
#endif
#define MTPM_MAX_RETRIES 8
#define MTPM_MAX_AUTHS 3
/* Transient objects and sessions one context tracks as its own (see
 * mtpm_ctx.held). A TPM without a resource manager loads 3 objects and
 * 3 sessions at a time (PC Client minimum), so 8 is room to spare. */
#define MTPM_MAX_HELD 8
/* First handles of the TPM_CAP_HANDLES listings mtpm_ctx_recover uses
 * (Part 2 §7.4 TPM_HT_TRANSIENT, TPM_HT_LOADED_SESSION). */
#define MTPM_LIST_TRANSIENT 0x80000000u
#define MTPM_LIST_SESSIONS  0x02000000u

/*
 * An HMAC or policy session (Part 1 §19.6). The caller owns the memory;
 * mtpm_session_start fills it and every exit path of the engine wipes it.
 */
typedef struct mtpm_session {
	uint32_t handle;
	uint8_t type;           /* MTPM_SE_HMAC / POLICY / TRIAL */
	uint8_t active;
	uint16_t hash_alg;      /* authHash */
	uint16_t sym_alg;       /* MTPM_ALG_AES, XOR or NULL */
	uint16_t sym_bits;
	uint16_t sym_mode;
	uint16_t key_len;
	uint8_t session_key[MTPM_MAX_DIGEST];
	mtpm_TPM2B_NONCE nonce_caller;
	mtpm_TPM2B_NONCE nonce_tpm;
	/* bound session: Name of the bind entity and its authValue
	 * (Part 1 §19.6.10/§19.6.11) */
	uint8_t bound;
	mtpm_TPM2B_NAME bind_name;
	/* The bind entity's authValue at session start (trailing zeros
	 * stripped): the TPM binds to the Name AND this value, so once the
	 * entity's authValue changes it is no longer the bind entity. */
	uint8_t bind_auth_len;
	uint8_t bind_auth[MTPM_MAX_DIGEST];
	/* policy session: PolicyAuthValue / PolicyPassword seen (Part 1
	 * §19.6.13): the HMAC key gets the authValue, or the password is
	 * sent in the hmac field */
	uint8_t policy_auth_value;
	uint8_t policy_password;
} mtpm_session;

/* One entry of a command's authorization area. */
typedef struct mtpm_auth {
	mtpm_session *sess;      /* NULL: password authorization (TPM_RS_PW) */
	const uint8_t *value;    /* authValue of the entity (password or HMAC key part) */
	size_t value_len;
	uint8_t attrs;           /* TPMA_SESSION for this command */
} mtpm_auth;

/* The authorizations a command is called with: first one per auth
 * handle (missing ones default to an empty password), then extra
 * sessions used only for parameter encryption or audit. */
typedef struct mtpm_auths {
	mtpm_auth *a[MTPM_MAX_AUTHS];
	unsigned n;
} mtpm_auths;

struct mtpm_ctx;
struct mtpm_cmd;

/* What the pipeline asks of the session engine. */
typedef struct mtpm_session_hooks {
	/* Roll nonceCaller before the auth area is laid down. */
	mtpm_rc (*roll)(struct mtpm_ctx *ctx, mtpm_session *s);
	/* Encrypt (MTPM_CRYPT_CMD: the command's "decrypt" attribute) or
	 * decrypt (MTPM_CRYPT_RSP: the response's "encrypt" attribute) the
	 * first parameter's bytes in place, with session i of cmd. */
	mtpm_rc (*crypt)(struct mtpm_ctx *ctx, struct mtpm_cmd *cmd, unsigned i,
			 int dir, uint8_t *data, size_t len);
	/* Command HMAC of session i of cmd, written to out (digest size). */
	mtpm_rc (*cmd_hmac)(struct mtpm_ctx *ctx, struct mtpm_cmd *cmd,
			    unsigned i, uint8_t *out);
	/* Verify the response HMAC of session i in constant time; takes the
	 * new nonceTPM. MTPM_E_INTEGRITY on mismatch. */
	mtpm_rc (*rsp_verify)(struct mtpm_ctx *ctx, struct mtpm_cmd *cmd,
			      unsigned i, const mtpm_TPMS_AUTH_RESPONSE *r);
	/* The command ended: forget (continueSession clear, success) or
	 * flush (failure) sessions. */
	void (*done)(struct mtpm_ctx *ctx, struct mtpm_cmd *cmd, mtpm_rc rc);
} mtpm_session_hooks;

/* Direction of mtpm_session_hooks.crypt (Part 1 §21.1). */
#define MTPM_CRYPT_CMD 0   /* caller to TPM: encrypt a command parameter */
#define MTPM_CRYPT_RSP 1   /* TPM to caller: decrypt a response parameter */

/* Trace direction for ctx->trace. */
#define MTPM_TRACE_CMD 0
#define MTPM_TRACE_RSP 1

typedef struct mtpm_ctx {
	mtpm_transport *tr;
	const mtpm_crypto *crypto;           /* NULL: no sessions possible */
	const mtpm_session_hooks *sess_hooks;
	/* Backoff between the retries of TPM_RC_RETRY/YIELDED/TESTING (10,
	 * 20, 40 ... 1000 ms). mtpm_ctx_init sets a nanosleep() one in a
	 * hosted build. A freestanding build (-ffreestanding, so
	 * __STDC_HOSTED__ == 0: no libc to sleep with) leaves it NULL and
	 * the integrator MUST set it to a real delay (docs/bootloader.md):
	 * NULL retries at once, which burns every try in microseconds while
	 * a TPM that just started is still self-testing. */
	void (*sleep_ms)(unsigned ms);
	void (*trace)(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n);
	void *trace_user;
	unsigned max_retries;
	/* Explicit opt-in: start salted sessions even though the crypto
	 * table's random draws on TPM output alone (mtpm_crypto
	 * .random_from_tpm). Leave 0 unless the platform truly has no other
	 * source and the user was told (mtpm.efi --insecure-tpm-entropy). */
	uint8_t tpm_entropy_ok;
	unsigned commands_sent;              /* round trips, for tests and benchmarks */
	/* The transient objects and sessions this context created and has
	 * not flushed (nor seen end). Recovery after a lost response flushes
	 * only what is NOT here (src/cmds/pipeline.c, "Nothing left
	 * loaded"). held_lost: more than MTPM_MAX_HELD at once, so the list
	 * is incomplete and recovery stands down rather than flush
	 * something of ours. */
	uint32_t held[MTPM_MAX_HELD];
	uint8_t nheld;
	uint8_t held_lost;
	uint8_t cmd[MTPM_BUF_SIZE];
	uint8_t rsp[MTPM_BUF_SIZE];
} mtpm_ctx;

/* One command in flight. Lives on the caller's stack; holds pointers into
 * ctx->cmd and ctx->rsp. */
typedef struct mtpm_cmd {
	mtpm_ctx *ctx;
	const mtpm_cmd_desc *desc; /* the command's row: every structural fact */
	uint32_t cc;               /* desc->cc */
	mtpm_cur w;                /* writer over ctx->cmd */
	unsigned nh;               /* handles appended so far */
	uint32_t h[MTPM_MAX_HANDLES];
	const mtpm_TPM2B_NAME *names[MTPM_MAX_HANDLES];
	unsigned nauth;
	mtpm_auth auth[MTPM_MAX_AUTHS];
	size_t hmac_off[MTPM_MAX_AUTHS];   /* where each HMAC slot is */
	size_t param_off;
	uint32_t rsp_handle;
	mtpm_rc tpm_rc;            /* the response code as received (0 until one is) */
	uint8_t sent;              /* the command went to the transport at least once */
	const uint8_t *rparams;    /* response parameters */
	size_t rparams_len;
	mtpm_cur rsp;              /* reader over the response parameters */
	/* A command that changes the authValue of the entity its first
	 * session authorizes (TPM2_HierarchyChangeAuth): the TPM keys the
	 * response HMAC with the new value, since it reads the entity's
	 * authValue after the command ran. NULL: auth[0].value. */
	const uint8_t *rsp_auth0;
	size_t rsp_auth0_len;
} mtpm_cmd;

/* Set up a context over a transport. crypto may be NULL (password
 * authorization only). Hosted builds get a nanosleep() backoff in
 * ctx->sleep_ms; freestanding ones must set it (see mtpm_ctx.sleep_ms). */
void mtpm_ctx_init(mtpm_ctx *ctx, mtpm_transport *tr, const mtpm_crypto *crypto);

/* The handles a context holds (src/cmds: the commands that create a
 * transient object or session add it, FlushContext and a session ended
 * by continueSession clear remove it). Callers need not call these. */
void mtpm_ctx_hold(mtpm_ctx *ctx, uint32_t h);
void mtpm_ctx_release(mtpm_ctx *ctx, uint32_t h);
int mtpm_ctx_holds(const mtpm_ctx *ctx, uint32_t h);
/* Without a resource manager: flush every loaded handle of the kind of
 * first (0x80000000 transient objects, 0x02000000 loaded sessions) that
 * ctx does not hold. One GetCapability (Part 3 §30.2), one FlushContext
 * (§28.4) per handle found; nothing with a resource manager or when the
 * held list is incomplete. */
void mtpm_ctx_recover(mtpm_ctx *ctx, uint32_t first);
/* mtpm_cmd_end for a command that creates a transient object or a
 * session (handle area of the response), ok: the handle has the type the
 * command creates. On success *handle is it, held. On failure the handle
 * is flushed if the response named it, else, if the TPM may have run the
 * command (sent, no TPM error code came back), mtpm_ctx_recover(first);
 * *handle is 0. */
MTPM_MUST_CHECK mtpm_rc mtpm_cmd_end_handle(mtpm_cmd *cmd, mtpm_rc rc, int ok, uint32_t *handle,
			    uint32_t first);

/* Start the command a row describes (include/mtpm/table.h). */
void mtpm_cmd_begin(mtpm_cmd *cmd, mtpm_ctx *ctx, const mtpm_cmd_desc *desc);
/* name may be NULL for handles whose Name is the handle itself (PCR,
 * permanent, session); a transient, persistent or NV handle used with an
 * HMAC session needs its Name. More handles than the row declares is
 * MTPM_E_USAGE. */
void mtpm_cmd_handle(mtpm_cmd *cmd, uint32_t h, const mtpm_TPM2B_NAME *name);
/* The caller's authorizations (may be NULL): one per handle the row
 * marks @ (missing ones are an empty password), then encrypt/audit
 * sessions. Fewer handles than the row declares is MTPM_E_USAGE. */
void mtpm_cmd_auths(mtpm_cmd *cmd, const mtpm_auths *a);
mtpm_cur *mtpm_cmd_params(mtpm_cmd *cmd);
/* Send, check, verify, decrypt. */
MTPM_MUST_CHECK mtpm_rc mtpm_cmd_run(mtpm_cmd *cmd);
/* Finish: rc is the caller's result so far; returns it (or the first
 * parse error). Wipes ctx buffers; tells the session engine. */
MTPM_MUST_CHECK mtpm_rc mtpm_cmd_end(mtpm_cmd *cmd, mtpm_rc rc);
/* The tail of a command whose response has no parameters: mtpm_cmd_run,
 * any parameter byte is MTPM_E_MALFORMED, then mtpm_cmd_end. */
MTPM_MUST_CHECK mtpm_rc mtpm_cmd_run_end(mtpm_cmd *cmd);

/* Check a response frame's header against the command it answers
 * (Part 1 §18: the response structure and its authorization area):
 * tag, size == got, and, when rc is success and the tag says sessions, a
 * parameterSize inside the body and an authorization area that ends
 * exactly at the end. Fills cmd->tpm_rc, rsp_handle, rparams/rparams_len.
 * Public so it can be fuzzed alone. */
MTPM_MUST_CHECK mtpm_rc mtpm_rsp_check(mtpm_cmd *cmd, const uint8_t *rsp, size_t got,
				       mtpm_TPMS_AUTH_RESPONSE *auths, unsigned *nauths);

/* The Name of a handle whose Name is the handle (Part 1 §16). */
void mtpm_name_of_handle(uint32_t h, mtpm_TPM2B_NAME *out);
/* Name of an object or NV index from its public area: nameAlg ||
 * H(marshalled public) (Part 1 §16). Needs ctx->crypto. */
MTPM_MUST_CHECK mtpm_rc mtpm_name_of_public(const mtpm_crypto *cr, const mtpm_TPMT_PUBLIC *pub,
			    mtpm_TPM2B_NAME *out);
MTPM_MUST_CHECK /* The nameAlg of a Name that has one (its first two bytes), else 0. */
uint16_t mtpm_name_alg(const mtpm_TPM2B_NAME *n);
mtpm_rc mtpm_name_of_nv(const mtpm_crypto *cr, const mtpm_TPMS_NV_PUBLIC *pub,
			mtpm_TPM2B_NAME *out);

#endif
