/*
 * pipeline.c - the one path every TPM command takes.
 *
 * Mirrors the command and response layouts of TPM 2.0 Library Part 1 §18
 * (§18.2 command/response structure, §18.7-18.8 sessions and the
 * authorization area) and Part 3 §4 (handle/parameter areas).
 *
 * Command:   tag | commandSize | commandCode | handles... |
 *            [authorizationSize | TPMS_AUTH_COMMAND...] | parameters
 * Response:  tag | responseSize | responseCode | handles... |
 *            [parameterSize] | parameters | [TPMS_AUTH_RESPONSE...]
 *
 * How to read it: every command starts from its row of the command table
 * (include/mtpm/table.h): mtpm_cmd_begin(&cmd, ctx, &mtpm_cmd_Unseal).
 * The row, never the builder, says how many handles there are, which of
 * them take authorization, whether the response carries a handle and
 * which parameters a session may encrypt. mtpm_cmd_begin/handle/auths/
 * params build the command in ctx->cmd through one cursor; mtpm_cmd_run
 * finishes it (header, parameter encryption, HMACs), sends it, retries the three transient warnings in
 * exactly one place, checks the response frame (mtpm_rsp_check), verifies
 * response HMACs before any parameter is touched, decrypts, and hands back a
 * cursor over the response parameters. mtpm_cmd_end wipes both buffers on
 * every path.
 *
 * Invariants:
 *   - no response byte is interpreted before its frame passed
 *     mtpm_rsp_check;
 *   - no response parameter is decrypted or parsed before every session's
 *     response HMAC verified (MTPM_E_INTEGRITY otherwise, never retried);
 *   - only TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING are retried, at
 *     most ctx->max_retries times;
 *   - ctx->cmd and ctx->rsp are wiped by mtpm_cmd_end whatever happened;
 *   - every wire byte is read and written through a cursor (mtpm_cur);
 *     only the transports read the 10-byte frame header by their one
 *     helper;
 *   - nothing is left loaded after a lost or corrupt response (below).
 *
 * Nothing left loaded (issue 10 §4). CreatePrimary, Load, LoadExternal,
 * StartAuthSession and ContextLoad make a transient object or a session
 * and name it only in the response's handle area. When that response is
 * lost (transport error, timeout) or unreadable (truncated, bad size,
 * corrupted tag or handle type, a replay), the TPM may well have run the
 * command: behind a resource manager (/dev/tpmrm0) the leak is confined
 * to our connection and flushed when it closes; without one (/dev/tpm0,
 * swtpm, fd:N, a bootloader's callback) the object or session stays,
 * taking one of the TPM's three or so slots until the next reset.
 *   Design: recover after the failure, never snapshot before. The
 * context keeps the handles it holds (ctx->held, a fixed array: the
 * commands above add theirs, FlushContext and continueSession-clear
 * remove them). mtpm_cmd_end_handle (context.c) runs the tail of every
 * such command: a failure whose response named a handle of the right type
 * flushes that handle, as before; a failure with no usable handle, after
 * the command went out and no TPM error code came back (a TPM error means
 * it created nothing), and with t->resource_manager clear, calls
 * mtpm_ctx_recover: GetCapability(TPM_CAP_HANDLES) of the kind the
 * command makes (0x80000000 objects, 0x02000000 loaded sessions), then
 * FlushContext of every listed handle the context does not hold. A
 * FlushContext of a held handle that the TPM says does not exist
 * (TPM_RC_HANDLE, or TPM_RC_VALUE for one past its slots) means the
 * response that named it had its handle area corrupted - the handle is
 * outside rpHash (Part 1 §18.8), so not even a session vouches for it -
 * and recovers the same way.
 *   Cost: nothing on the happy path, with or without a resource manager
 * (no extra round trip: the unseal stays at 5 commands). On a failure
 * without one: 1 GetCapability + 1 FlushContext per stray handle.
 *   Limits: (1) a transport that poisoned itself (stream or device after
 * a timeout, short frame or closed peer) cannot carry the recovery:
 * GetCapability fails at once and the stray stays until the caller
 * reopens and flushes (swtpm and tpm0 keep state across connections);
 * reconnecting is the caller's, out of scope here. (2) Without a resource
 * manager the context assumes it is the TPM's only user for its
 * lifetime, as /dev/tpm0 (single-open) and a bootloader guarantee: a
 * loaded handle it does not hold is a leak, its own or an earlier
 * program's, and is flushed. (3) Over MTPM_MAX_HELD handles held at once
 * (ctx->held_lost) recovery stands down: an incomplete list could flush
 * one of ours. (4) A corrupted handle that happens to name another
 * object we hold is not detectable here; a caller that must trust an
 * object checks its Name.
 */
#if __STDC_HOSTED__ && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* nanosleep, for the default backoff */
#endif
#include <string.h>
#include "mtpm/core.h"
#include "mtpm/tpm.h"

#if __STDC_HOSTED__
#include <errno.h>
#include <time.h>

/* The default backoff of a hosted build. A freestanding one
 * (-ffreestanding: __STDC_HOSTED__ == 0) has no libc to sleep with, so
 * the integrator supplies ctx->sleep_ms (docs/bootloader.md). */
static void posix_sleep_ms(unsigned ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000u);
	ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
#define DEFAULT_SLEEP posix_sleep_ms
#else
#define DEFAULT_SLEEP NULL
#endif

void mtpm_ctx_init(mtpm_ctx *ctx, mtpm_transport *tr, const mtpm_crypto *crypto)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->tr = tr;
	ctx->crypto = crypto;
	ctx->sleep_ms = DEFAULT_SLEEP;
	ctx->max_retries = MTPM_MAX_RETRIES;
}

int mtpm_ctx_holds(const mtpm_ctx *ctx, uint32_t h)
{
	unsigned i;

	for (i = 0; i < ctx->nheld; i++)
		if (ctx->held[i] == h)
			return 1;
	return 0;
}

void mtpm_ctx_hold(mtpm_ctx *ctx, uint32_t h)
{
	if (mtpm_ctx_holds(ctx, h))
		return;
	if (ctx->nheld < MTPM_MAX_HELD)
		ctx->held[ctx->nheld++] = h;
	else
		ctx->held_lost = 1;
}

void mtpm_ctx_release(mtpm_ctx *ctx, uint32_t h)
{
	unsigned i;

	for (i = 0; i < ctx->nheld; i++)
		if (ctx->held[i] == h)
			ctx->held[i] = ctx->held[--ctx->nheld]; /* held once at most */
}

void mtpm_cmd_begin(mtpm_cmd *cmd, mtpm_ctx *ctx, const mtpm_cmd_desc *desc)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->ctx = ctx;
	cmd->desc = desc;
	cmd->cc = desc->cc;
	mtpm_cur_init(&cmd->w, ctx->cmd, sizeof(ctx->cmd));
	/* tag, commandSize, commandCode: written by finish_command once the
	 * tag and size are known (Part 1 §18.2) */
	mtpm_put_zeros(&cmd->w, MTPM_HDR_LEN);
}

void mtpm_cmd_handle(mtpm_cmd *cmd, uint32_t h, const mtpm_TPM2B_NAME *name)
{
	/* Only the row's handles, and only straight after the header. */
	if (cmd->nh >= cmd->desc->nh ||
	    cmd->w.pos != MTPM_HDR_LEN + sizeof(uint32_t) * cmd->nh) {
		mtpm_cur_fail(&cmd->w, MTPM_E_USAGE);
		return;
	}
	cmd->h[cmd->nh] = h;
	cmd->names[cmd->nh] = name;
	cmd->nh++;
	mtpm_put_u32(&cmd->w, h);
}

void mtpm_cmd_auths(mtpm_cmd *cmd, const mtpm_auths *a)
{
	unsigned i, given = a ? a->n : 0, n_auth_handles = cmd->desc->nauth;

	/* Every handle the row declares, before the authorizations. */
	if (cmd->nh != cmd->desc->nh || given > MTPM_MAX_AUTHS) {
		mtpm_cur_fail(&cmd->w, MTPM_E_USAGE);
		return;
	}
	cmd->nauth = given > n_auth_handles ? given : n_auth_handles;
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_auth *au = &cmd->auth[i];
		const mtpm_auth *src = i < given ? a->a[i] : NULL;
		unsigned roles;

		if (src) {
			*au = *src;
		} else {
			/* Empty password: TPM_RS_PW with no value. */
			memset(au, 0, sizeof(*au));
			au->attrs = MTPM_SA_CONTINUESESSION;
		}
		roles = au->attrs & (MTPM_SA_DECRYPT | MTPM_SA_ENCRYPT | MTPM_SA_AUDIT);
		/* A session that authorizes no handle only encrypts or
		 * audits; a password cannot do that, and a session that
		 * does neither has no role (the TPM would answer
		 * TPM_RC_ATTRIBUTES). */
		if (i >= n_auth_handles && (au->sess == NULL || !roles))
			mtpm_cur_fail(&cmd->w, MTPM_E_USAGE);
		/* Part 1 §19.8.4: a password has no nonce and no key, so it
		 * can neither encrypt nor audit. Refuse here: the TPM would
		 * reject it too, but only after the secret it was meant to
		 * protect had crossed the bus in clear. */
		if (au->sess == NULL && roles)
			mtpm_cur_fail(&cmd->w, MTPM_E_USAGE);
		if (au->sess && (!au->sess->active || !cmd->ctx->sess_hooks))
			mtpm_cur_fail(&cmd->w, MTPM_E_STATE);
	}
}

/* Does this entry carry a password in clear in its hmac field: a
 * password authorization (Part 1 §19.8.4), or a policy session that saw
 * PolicyPassword (Part 1 §19.6.13)? Every other session sends an HMAC
 * of its hash's full size, computed by finish_command. */
static int sends_password(const mtpm_auth *au)
{
	return au->sess == NULL ||
	       (au->sess->type != MTPM_SE_HMAC && au->sess->policy_password);
}

/* Part 1 §18.7 / Part 2 §10.13.2: one TPMS_AUTH_COMMAND. An HMAC slot
 * is zeros here and filled by finish_command; its offset is kept. */
static void put_auth(mtpm_cmd *cmd, unsigned i)
{
	mtpm_ctx *ctx = cmd->ctx;
	mtpm_auth *au = &cmd->auth[i];
	mtpm_session *s = au->sess;
	mtpm_TPMS_AUTH_COMMAND ac;
	size_t hlen;
	int pw;

	memset(&ac, 0, sizeof(ac));
	ac.sessionAttributes = au->attrs;
	ac.sessionHandle = MTPM_RS_PW;          /* a password has no nonce */
	if (s) {
		mtpm_cur_fail(&cmd->w, ctx->sess_hooks->roll(ctx, s));
		ac.sessionHandle = s->handle;
		ac.nonce = s->nonce_caller;
	}
	pw = sends_password(au);
	hlen = pw ? au->value_len : mtpm_hash_size(s->hash_alg);
	if (hlen > sizeof(ac.hmac.buffer)) {
		mtpm_cur_fail(&cmd->w, MTPM_E_TOO_LARGE);
		return;
	}
	if (pw && hlen)   /* an empty one may have no buffer */
		memcpy(ac.hmac.buffer, au->value, hlen);
	ac.hmac.size = (uint16_t)hlen;
	mtpm_put_TPMS_AUTH_COMMAND(&cmd->w, &ac);
	cmd->hmac_off[i] = cmd->w.pos - hlen;
	mtpm_wipe(&ac, sizeof(ac));
}

mtpm_cur *mtpm_cmd_params(mtpm_cmd *cmd)
{
	unsigned i;

	if (cmd->nh != cmd->desc->nh)
		mtpm_cur_fail(&cmd->w, MTPM_E_USAGE);
	if (cmd->nauth > 0) {
		size_t slot = mtpm_put_reserve32(&cmd->w);   /* authorizationSize */

		for (i = 0; i < cmd->nauth && cmd->w.err == MTPM_OK; i++)
			put_auth(cmd, i);
		mtpm_put_fill32(&cmd->w, slot);
	}
	cmd->param_off = cmd->w.pos;
	return &cmd->w;
}

/* Is rc one of the three warnings that mean "send the same command again"
 * (Part 2 §6.6.3 TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING)? */
static int is_transient(mtpm_rc rc)
{
	switch (rc) {
	case MTPM_RC_RETRY:
	case MTPM_RC_YIELDED:
	case MTPM_RC_TESTING:
		return 1;
	default:
		return 0;
	}
}

mtpm_rc mtpm_rsp_check(mtpm_cmd *cmd, const uint8_t *rsp, size_t got,
		       mtpm_TPMS_AUTH_RESPONSE *auths, unsigned *nauths)
{
	mtpm_cur c;
	const uint8_t *p;
	uint16_t tag;
	uint32_t size, code, psize;
	unsigned i;

	cmd->tpm_rc = MTPM_OK;
	cmd->rsp_handle = 0;
	cmd->rparams = NULL;
	cmd->rparams_len = 0;
	*nauths = 0;
	/* The entries are outputs too: zero unless the frame checks out. */
	memset(auths, 0, cmd->nauth * sizeof(*auths));

	mtpm_cur_init_ro(&c, rsp, got);
	mtpm_get_u16(&c, &tag);   /* tag */
	mtpm_get_u32(&c, &size);  /* responseSize */
	mtpm_get_u32(&c, &code);  /* responseCode */
	if (c.err != MTPM_OK || size != got)
		return MTPM_E_MALFORMED;
	if (code != MTPM_OK) {
		/* An error response is the bare header (Part 1 §18.4). A
		 * TPM 1.2-style tag (0x00C4) comes back for a bad tag. */
		if ((tag != MTPM_ST_NO_SESSIONS && tag != MTPM_ST_RSP_COMMAND) ||
		    got != MTPM_HDR_LEN || code > 0xFFF)   /* Part 2 §6.6: 12 bits */
			return MTPM_E_MALFORMED;
		cmd->tpm_rc = code;
		return MTPM_OK;
	}
	if (tag != (cmd->nauth ? MTPM_ST_SESSIONS : MTPM_ST_NO_SESSIONS))
		return MTPM_E_MALFORMED;
	if (cmd->desc->rnh)
		mtpm_get_u32(&c, &cmd->rsp_handle);   /* handle area */
	/* Without sessions the parameters are the rest of the frame. */
	psize = (uint32_t)mtpm_cur_left(&c);
	if (tag == MTPM_ST_SESSIONS)
		mtpm_get_u32(&c, &psize);             /* parameterSize */
	if (c.err != MTPM_OK || psize > mtpm_cur_left(&c))
		return MTPM_E_MALFORMED;
	p = mtpm_get_skip(&c, psize);                 /* parameters */
	/* Authorization area: one entry per command session, ending exactly
	 * at the end of the frame. */
	for (i = 0; i < cmd->nauth && c.err == MTPM_OK; i++)
		mtpm_get_TPMS_AUTH_RESPONSE(&c, &auths[i]);
	if (mtpm_cur_done(&c) != MTPM_OK || i != cmd->nauth) {
		/* Entries that parsed before the frame turned out bad are
		 * not handed back (outputs zero on failure). */
		mtpm_wipe(auths, i * sizeof(*auths));
		return MTPM_E_MALFORMED;
	}
	cmd->rparams = p;
	cmd->rparams_len = psize;
	*nauths = i;
	return MTPM_OK;
}

/* The first parameter's TPM2B body in buf[0..len): its size field read
 * through a cursor, NULL if it does not fit. */
static uint8_t *tpm2b_body(uint8_t *buf, size_t len, uint16_t *n)
{
	mtpm_cur c;
	const uint8_t *body;

	mtpm_cur_init_ro(&c, buf, len);
	mtpm_get_u16(&c, n);
	body = mtpm_get_skip(&c, *n);
	return c.err == MTPM_OK ? (uint8_t *)(uintptr_t)body : NULL;
}

/* Finish the command frame: header, parameter encryption, HMACs. */
static mtpm_rc finish_command(mtpm_cmd *cmd)
{
	mtpm_ctx *ctx = cmd->ctx;
	size_t total = cmd->w.pos;
	mtpm_cur hdr;
	unsigned i;
	mtpm_rc rc;
	int crypted = 0;

	if (cmd->w.err != MTPM_OK)
		return cmd->w.err;
	mtpm_cur_init(&hdr, ctx->cmd, MTPM_HDR_LEN);
	mtpm_put_u16(&hdr, cmd->nauth ? MTPM_ST_SESSIONS : MTPM_ST_NO_SESSIONS); /* tag */
	mtpm_put_u32(&hdr, (uint32_t)total);                                     /* commandSize */
	mtpm_put_u32(&hdr, cmd->cc);                                             /* commandCode */
	if (hdr.err != MTPM_OK)
		return hdr.err;

	/* Part 1 §21.1: at most one session decrypts the first parameter,
	 * which must be a TPM2B (the row says); it is encrypted before
	 * cpHash is taken. */
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_auth *au = &cmd->auth[i];
		uint8_t *body;
		uint16_t n;

		if (!au->sess || !(au->attrs & MTPM_SA_DECRYPT))
			continue;
		if (crypted || !cmd->desc->enc_cmd)
			return MTPM_E_USAGE;
		body = tpm2b_body(ctx->cmd + cmd->param_off, total - cmd->param_off, &n);
		if (body == NULL)
			return MTPM_E_USAGE;
		rc = ctx->sess_hooks->crypt(ctx, cmd, i, MTPM_CRYPT_CMD, body, n);
		if (rc != MTPM_OK)
			return rc;
		crypted = 1;
	}
	/* Part 1 §21.1: response encryption needs a first response
	 * parameter that is a TPM2B. Refused before sending, so the caller
	 * learns at once that what it wanted protected would not be. */
	for (i = 0; i < cmd->nauth; i++)
		if (cmd->auth[i].sess && (cmd->auth[i].attrs & MTPM_SA_ENCRYPT) &&
		    !cmd->desc->enc_rsp)
			return MTPM_E_USAGE;
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_auth *au = &cmd->auth[i];

		if (!au->sess)
			continue;
		if (sends_password(au)) {
			/* The password travels in clear in this entry (Part 1
			 * §19.6.13); such a session neither encrypts nor
			 * audits, and its response carries no HMAC to check
			 * a decryption against. */
			if (au->attrs & (MTPM_SA_DECRYPT | MTPM_SA_ENCRYPT | MTPM_SA_AUDIT))
				return MTPM_E_USAGE;
			continue;
		}
		rc = ctx->sess_hooks->cmd_hmac(ctx, cmd, i, ctx->cmd + cmd->hmac_off[i]);
		if (rc != MTPM_OK)
			return rc;
	}
	return MTPM_OK;
}

/* Exponential backoff for the transient warnings: 10, 20, 40 ... 1000 ms. */
static void backoff(mtpm_ctx *ctx, unsigned attempt)
{
	unsigned ms = 10u << (attempt < 7 ? attempt : 7);

	if (ms > 1000)
		ms = 1000;
	if (ctx->sleep_ms)
		ctx->sleep_ms(ms);
}

mtpm_rc mtpm_cmd_run(mtpm_cmd *cmd)
{
	mtpm_ctx *ctx = cmd->ctx;
	mtpm_TPMS_AUTH_RESPONSE ra[MTPM_MAX_AUTHS];
	unsigned attempt, i, nra;
	size_t got = 0;
	mtpm_rc rc;

	memset(ra, 0, sizeof(ra));
	if (!ctx->tr || !ctx->tr->transmit)
		return MTPM_E_NOTPM;
	rc = finish_command(cmd);
	if (rc != MTPM_OK)
		return rc;

	/* The one retry loop: identical bytes are resent, which is what the
	 * TPM expects - a warning leaves session nonces unchanged. */
	for (attempt = 0;; attempt++) {
		if (ctx->trace)
			ctx->trace(ctx->trace_user, MTPM_TRACE_CMD, cmd->cc,
				   ctx->cmd, cmd->w.pos);
		ctx->commands_sent++;
		cmd->sent = 1;
		cmd->tpm_rc = MTPM_OK;   /* a lost answer must not keep the last try's code */
		got = 0;
		rc = ctx->tr->transmit(ctx->tr, ctx->cmd, cmd->w.pos, ctx->rsp,
				       sizeof(ctx->rsp), &got);
		if (rc != MTPM_OK)
			return rc;
		if (got > sizeof(ctx->rsp))
			return MTPM_E_TRANSPORT;
		if (ctx->trace)
			ctx->trace(ctx->trace_user, MTPM_TRACE_RSP, cmd->cc,
				   ctx->rsp, got);
		rc = mtpm_rsp_check(cmd, ctx->rsp, got, ra, &nra);
		if (rc != MTPM_OK)
			goto out;
		if (!is_transient(cmd->tpm_rc))
			break;
		if (attempt + 1 >= ctx->max_retries) {
			rc = MTPM_E_RETRY_EXHAUSTED;
			goto out;
		}
		backoff(ctx, attempt);
	}
	if (cmd->tpm_rc != MTPM_OK) {
		rc = cmd->tpm_rc;
		goto out;
	}

	/* Verify every session's response before anything else reads the
	 * parameters (Part 1 §19.6.18). */
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_auth *au = &cmd->auth[i];

		if (au->sess) {
			rc = ctx->sess_hooks->rsp_verify(ctx, cmd, i, &ra[i]);
			if (rc != MTPM_OK)
				goto out;
		} else if (ra[i].nonce.size != 0 || ra[i].hmac.size != 0) {
			/* A password response carries no nonce and no HMAC
			 * (Part 1 §19.8.4). */
			rc = MTPM_E_MALFORMED;
			goto out;
		}
	}

	/* Part 1 §21.1: the first response parameter, if a TPM2B, may be
	 * encrypted by one session. Decrypted in place after verification. */
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_auth *au = &cmd->auth[i];
		uint8_t *body;
		uint16_t n;

		if (!au->sess || !(au->attrs & MTPM_SA_ENCRYPT))
			continue;
		body = cmd->desc->enc_rsp ?
		       tpm2b_body((uint8_t *)(uintptr_t)cmd->rparams, cmd->rparams_len, &n) : NULL;
		if (body == NULL) {
			rc = MTPM_E_MALFORMED;
			goto out;
		}
		rc = ctx->sess_hooks->crypt(ctx, cmd, i, MTPM_CRYPT_RSP, body, n);
		if (rc != MTPM_OK)
			goto out;
		break;
	}
	mtpm_cur_init_ro(&cmd->rsp, cmd->rparams, cmd->rparams_len);
	rc = MTPM_OK;
out:
	mtpm_wipe(ra, sizeof(ra));
	return rc;
}

mtpm_rc mtpm_cmd_end(mtpm_cmd *cmd, mtpm_rc rc)
{
	mtpm_ctx *ctx = cmd->ctx;
	unsigned i;
	int any_session = 0;

	/* A parse that failed after a successful exchange is a malformed
	 * response. */
	if (rc == MTPM_OK && cmd->rsp.p && cmd->rsp.err != MTPM_OK)
		rc = cmd->rsp.err;
	for (i = 0; i < cmd->nauth; i++) {
		mtpm_session *s = cmd->auth[i].sess;

		any_session |= s != NULL;
		/* Success with continueSession clear: the TPM ended it. */
		if (s && rc == MTPM_OK && !(cmd->auth[i].attrs & MTPM_SA_CONTINUESESSION))
			mtpm_ctx_release(ctx, s->handle);
	}
	/* Wipe before the session engine may send FlushContext through the
	 * same buffers. */
	mtpm_wipe(ctx->cmd, sizeof(ctx->cmd));
	mtpm_wipe(ctx->rsp, sizeof(ctx->rsp));
	if (any_session && ctx->sess_hooks)
		ctx->sess_hooks->done(ctx, cmd, rc);
	memset(&cmd->rsp, 0, sizeof(cmd->rsp));
	return rc;
}

mtpm_rc mtpm_cmd_run_end(mtpm_cmd *cmd)
{
	mtpm_rc rc = mtpm_cmd_run(cmd);

	if (rc == MTPM_OK)
		rc = mtpm_cur_done(&cmd->rsp);   /* no response parameters */
	return mtpm_cmd_end(cmd, rc);
}

/* Part 1 §16: the Name of a PCR, a permanent handle or a session is the
 * handle itself, big-endian. */
void mtpm_name_of_handle(uint32_t h, mtpm_TPM2B_NAME *out)
{
	mtpm_cur c;

	memset(out, 0, sizeof(*out));
	mtpm_cur_init(&c, out->buffer, sizeof(uint32_t));
	mtpm_put_u32(&c, h);
	out->size = (uint16_t)c.pos;
}
