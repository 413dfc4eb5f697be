/*
 * luks.c - mtpm luks unlock / pin: open LUKS2 volumes the way
 * systemd-cryptenroll and clevis enrolled them.
 *
 *   enrolment (trusted system):  mtpm luks pin /dev/sda2
 *   initramfs:                   mtpm luks unlock /dev/sda2 | cryptsetup open --key-file - ...
 *
 * The header is read directly (src/luks: both copies, checksums, no
 * libcryptsetup), each TPM token in id order is tried (or the one named),
 * and the passphrase goes to stdout without a newline, as `cryptsetup
 * --key-file -` takes every byte. The tokens carry no parent Name, so the
 * primary is held to the pinned-parent file's entry for its template
 * ("tools-ecc", ...: `mtpm luks pin` writes them) or --parent-name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"
#include "mtpm/luks_unlock.h"

static char json[MTPM_LUKS2_JSON_BUF];
static mtpm_json_tok toks[MTPM_JSON_TOKENS];
static mtpm_luks_token tok;
static mtpm_keyfile work;
static uint8_t pin[MTPM_MAX_DIGEST + 1];
static uint8_t pass[MTPM_LUKS_PASS_MAX];

static mtpm_rc read_at(void *io, uint64_t off, uint8_t *buf, size_t len)
{
	int fd = *(int *)io;
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? MTPM_E_MALFORMED : MTPM_E_FILE;
		got += (size_t)r;
	}
	return MTPM_OK;
}

static void luks_help(void)
{
	printf("usage: mtpm luks unlock [--token-id N | --token FILE|-] [--pin-file F | --pin-fd N | --pin]\n"
	       "                        [--signature FILE] [--parent-name HEX] [--insecure-trust-tpm-parent]\n"
	       "                        [-o FILE|-] [--tty] DEVICE|IMAGE\n"
	       "       mtpm luks pin [-o FILE] DEVICE|IMAGE\n"
	       CLI_MORE("  unlock: the passphrase of a LUKS2 volume enrolled by systemd-cryptenroll\n"
	       "    (systemd-tpm2 token) or clevis (tpm2 pin), to stdout without a newline\n"
	       "    (cryptsetup open --key-file -); every TPM token in id order, or the\n"
	       "    one named. A signed PCR policy (tpm2_pubkey) takes the systemd-measure\n"
	       "    signature file (default /run/systemd/tpm2-pcr-signature.json).\n"
	       "    The header is read and checksummed here; the secret is\n"
	       "    unsealed in a session salted to the token's primary and encrypted.\n"
	       "    The primary must have the Name pinned for it (tools-ecc, tools-rsa,\n"
	       "    ...) in $MTPM_PARENT_NAME_FILE or /etc/mtpm/parents, or --parent-name:\n"
	       "    tokens record none. Without one: exit 9.\n"
	       "  pin: on a trusted system, at enrolment: pin the Names of the primaries\n"
	       "    DEVICE's TPM tokens need (trust on first use).\n"
	       "  exit: 0 ok, 2 usage, 3 no TPM, 4 tampering or GCM tag, 5 bad header,\n"
	       "        token or file, 6 PCRs differ, 7 wrong PIN, 8 lockout, 9 parent\n"));
}

/* Read the header of path and list its tokens; prints its errors. */
static int read_tokens(const char *path, mtpm_luks2_tokens *list, size_t *jlen)
{
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	int fd;
	mtpm_rc rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_err("'%s': %s", path, cli_strerror(errno));
		return EXIT_MALFORMED;
	}
	memset(&d, 0, sizeof(d));
	rc = mtpm_luks2_read(mtpm_crypto_bearssl(), read_at, &fd, json, sizeof(json), &h, &d);
	close(fd);
	if (rc != MTPM_OK) {
		cli_err("'%s': not a usable LUKS2 header (primary: %s; secondary: %s)", path,
			mtpm_luks_why_str(d.why), mtpm_luks_why_str(d.why2));
		return EXIT_MALFORMED;
	}
	*jlen = h.json_len;
	rc = mtpm_luks2_list_tokens(json, h.json_len, toks, MTPM_JSON_TOKENS, list, &d);
	if (rc != MTPM_OK) {
		cli_err("'%s': LUKS2 JSON: %s%s%s", path, mtpm_luks_why_str(d.why),
			d.field ? " at " : "", d.field ? d.field : "");
		return EXIT_MALFORMED;
	}
	return EXIT_OK;
}

/* "token N" (no snprintf: the static build has no printf family). */
static void token_label(char what[24], int id)
{
	memcpy(what, "token ", 6);
	if (id >= 10)
		what[6] = (char)('0' + id / 10), what[7] = (char)('0' + id % 10), what[8] = 0;
	else
		what[6] = (char)('0' + id), what[7] = 0;
}

/* Parse token JSON [off, off+len) into tok; prints its errors. */
static int parse_token(const char *what, const char *s, size_t len)
{
	mtpm_luks_diag d;
	mtpm_rc rc;

	memset(&d, 0, sizeof(d));
	rc = mtpm_luks_token_parse(s, len, toks, MTPM_JSON_TOKENS, &tok, &d);
	if (rc == MTPM_E_UNSUPPORTED) {
		cli_err("%s: %s", what, mtpm_luks_why_str(d.why));
		return EXIT_MALFORMED;
	}
	if (rc != MTPM_OK) {
		cli_err("%s: malformed token: %s%s%s", what, mtpm_luks_why_str(d.why),
			d.field ? " in " : "", d.field ? d.field : "");
		return EXIT_MALFORMED;
	}
	return EXIT_OK;
}

/* The trust sources for one token: the caller's, plus the Name a token
 * written by mtpm luks enrol records (as a PEM key file does). */
static int token_trust(const char *what, const char *s, size_t len, const cli_trust *in,
		       cli_trust *out)
{
	static mtpm_TPM2B_NAME rec;
	mtpm_rc rc;

	*out = *in;
	rc = mtpm_luks_token_name(s, len, toks, MTPM_JSON_TOKENS, &rec);
	if (rc == MTPM_E_MALFORMED) {
		cli_err("%s: mtpm-parent-name is not a Name", what);
		return EXIT_MALFORMED;
	}
	if (rc == MTPM_OK) {
		out->recorded = &rec;
		out->recorded_from = what;
	}
	return EXIT_OK;
}

/* pcrDigest over the current values of sel, in alg. Read without
 * authentication: it only lets a changed PCR be named before Load; the
 * TPM enforces the policy itself. */
static mtpm_rc pcr_digest(cli_env *env, const mtpm_TPML_PCR_SELECTION *sel, uint16_t alg,
			  mtpm_TPM2B_DIGEST *d)
{
	static cli_pcr_values vals[MTPM_MAX_BANKS];
	mtpm_rc rc;

	memset(d, 0, sizeof(*d));
	if (sel->count == 0)
		return MTPM_OK;
	rc = cli_read_pcr_values(&env->ctx, sel, vals);
	if (rc == MTPM_OK)
		rc = cli_pcr_values_digest(alg, sel, vals, d);
	mtpm_wipe(vals, sizeof(vals));
	return rc;
}

/* One line for a failed token; the exit code. */
static int token_fail(cli_env *env, int id, mtpm_rc rc, uint32_t cc)
{
	char buf[160];
	mtpm_rc base = mtpm_rc_base(rc);

	switch (rc) {
	case MTPM_E_NAME:
		cli_err("token %d: the TPM's primary key is not the trusted one (wrong TPM, "
			"or an interposer)", id);
		return EXIT_WRONG_TPM;
	case MTPM_E_POLICY:
		cli_err("token %d: the TPM's PCR values differ from those it was enrolled with", id);
		return EXIT_POLICY;
	case MTPM_E_MALFORMED:
		cli_err("token %d: its fields do not describe its sealed object", id);
		return EXIT_MALFORMED;
	case MTPM_E_UNSUPPORTED:
		cli_err("token %d: a token mtpm cannot unlock", id);
		return EXIT_MALFORMED;
	case MTPM_E_INTEGRITY:
		cli_err("token %d: a response or the JWE failed verification: possible "
			"tampering; no passphrase was returned", id);
		return EXIT_INTEGRITY;
	default:
		break;
	}
	if (cc == MTPM_CC_Load && (base == MTPM_RC_INTEGRITY || base == MTPM_RC_KEY)) {
		cli_err("token %d: TPM2_Load: %s: the token was enrolled on another TPM", id,
			mtpm_rc_str(rc, buf, sizeof(buf)));
		return EXIT_WRONG_TPM;
	}
	if (base == MTPM_RC_AUTH_FAIL || base == MTPM_RC_BAD_AUTH) {
		cli_err("token %d: wrong PIN", id);
		cli_tries_left(env);
		return EXIT_AUTH;
	}
	if (base == MTPM_RC_LOCKOUT) {
		cli_err("token %d: the TPM is in dictionary-attack lockout", id);
		return EXIT_LOCKOUT;
	}
	return cli_fail("luks unlock", rc);
}

/* A signed systemd policy: the key from tpm2_pubkey, the digest of the
 * current values of tpm2_pubkey_pcrs, and the signature file's entry for
 * that state. Prints its errors. */
static int signed_policy(cli_env *env, int id, const char *sigfile, mtpm_TPM2B_PUBLIC *key,
			 mtpm_TPM2B_DIGEST *pd, uint8_t *sig, size_t cap, size_t *sig_len)
{
	static uint8_t der[1024];
	static char sigjson[16384];
	static mtpm_keyfile_policy one;
	const mtpm_luks_systemd *sd = &tok.u.sd;
	uint16_t bank = sd->pcr_bank ? sd->pcr_bank : MTPM_ALG_SHA256;
	mtpm_TPM2B_DIGEST approved;
	mtpm_TPML_PCR_SELECTION sel;
	size_t n;
	int ret;
	mtpm_rc rc;

	if (mtpm_pem_decode("PUBLIC KEY", sd->pubkey, sd->pubkey_len, der, sizeof(der), &n) !=
		    MTPM_OK ||
	    cli_spki_to_public(der, n, key) != MTPM_OK || key->publicArea.type != MTPM_ALG_RSA) {
		cli_err("token %d: tpm2_pubkey is not an RSA public key", id);
		return EXIT_MALFORMED;
	}
	mtpm_luks_sign_key_template(key);
	memset(&sel, 0, sizeof(sel));
	sel.count = 1;
	sel.pcrSelections[0].hash = bank;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[0] = (uint8_t)sd->pubkey_pcrs;
	sel.pcrSelections[0].pcrSelect[1] = (uint8_t)(sd->pubkey_pcrs >> 8);
	sel.pcrSelections[0].pcrSelect[2] = (uint8_t)(sd->pubkey_pcrs >> 16);
	rc = pcr_digest(env, &sel, MTPM_ALG_SHA256, pd);
	if (rc != MTPM_OK)
		return cli_fail("luks unlock: PCR_Read", rc);
	memset(&one, 0, sizeof(one));
	one.nsteps = 1;
	one.steps[0].cc = MTPM_CC_PolicyPCR;
	one.steps[0].u.pcr.pcrs = sel;
	one.steps[0].u.pcr.pcrDigest = *pd;
	rc = mtpm_seal_policy_digest(env->ctx.crypto, MTPM_ALG_SHA256, &one, 0, &approved);
	if (rc != MTPM_OK)
		return cli_fail("luks unlock", rc);
	ret = cli_read_file(sigfile, (uint8_t *)sigjson, sizeof(sigjson) - 1, &n, "signature file");
	if (ret)
		return ret;
	rc = mtpm_luks_sig_find(sigjson, n, toks, MTPM_JSON_TOKENS, bank, sd->pubkey_pcrs,
				&approved, sig, cap, sig_len);
	if (rc == MTPM_E_POLICY) {
		cli_err("token %d: '%s' signs no policy for the current values of the signed PCRs",
			id, sigfile);
		return EXIT_POLICY;
	}
	if (rc != MTPM_OK) {
		cli_err("token %d: '%s' is not a systemd PCR signature file", id, sigfile);
		return EXIT_MALFORMED;
	}
	return EXIT_OK;
}

/* Try the token in tok. */
static int try_token(cli_env *env, int id, const cli_trust *trust, int insecure,
		     const char *pin_file, int pin_fd, int pin_prompt, const char *sigfile,
		     size_t *plen)
{
	static mtpm_TPM2B_PUBLIC skey;
	static uint8_t sig[512];
	mtpm_TPM2B_DIGEST spd;
	size_t sig_len = 0;
	mtpm_luks_unlock_opts o;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_TPM2B_NAME expect;
	mtpm_TPM2B_DIGEST pd;
	mtpm_TPML_PCR_SELECTION sel;
	uint16_t alg;
	int needs_pin, ret;
	uint32_t failed = 0;
	char key[24];
	size_t pinlen = 0;
	mtpm_rc rc;

	*plen = 0;
	rc = mtpm_luks_token_parent(&tok, &tmpl, key);
	if (rc == MTPM_OK)
		rc = mtpm_luks_token_pcrs(&tok, &sel, &alg, &needs_pin);
	if (rc != MTPM_OK)
		return token_fail(env, id, rc, 0);
	ret = cli_trusted_parent_key("luks unlock", trust, key, &expect);
	if (ret)
		return ret;
	if (!expect.size && !insecure) {
		cli_no_trust_msg_key("luks unlock", key);
		return EXIT_WRONG_TPM;
	}
	if (!needs_pin && (pin_file || pin_fd >= 0 || pin_prompt)) {
		cli_err("token %d: a PIN was given, but this token has no PIN", id);
		return EXIT_USAGE;
	}
	if (needs_pin) {
		ret = cli_read_pin(pin_file, pin_fd, pin_prompt || (!pin_file && pin_fd < 0), pin,
				   MTPM_MAX_DIGEST, &pinlen);
		if (ret)
			return ret;
	}
	ret = cli_open(env);
	if (ret)
		return ret;
	rc = pcr_digest(env, &sel, alg, &pd);
	if (rc != MTPM_OK)
		return token_fail(env, id, rc, MTPM_CC_PCR_Read);
	memset(&o, 0, sizeof(o));
	if (tok.type == MTPM_LUKS_TOKEN_SYSTEMD_TPM2 && tok.u.sd.pubkey_len) {
		ret = signed_policy(env, id, sigfile, &skey, &spd, sig, sizeof(sig), &sig_len);
		if (ret)
			return ret;
		o.sign_key = &skey;
		o.pubkey_pcr_digest = &spd;
		o.sig = sig;
		o.sig_len = sig_len;
	}
	o.pin = pinlen ? pin : NULL;
	o.pin_len = pinlen;
	o.parent_name = expect.size ? &expect : NULL;
	o.pcr_digest = pd.size ? &pd : NULL;
	o.flags = insecure ? MTPM_TRUST_TPM_PARENT : 0;
	rc = mtpm_luks_unlock(&env->ctx, &tok, &o, &work, pass, sizeof(pass), plen, &failed);
	mtpm_wipe(pin, sizeof(pin));
	if (rc != MTPM_OK)
		return token_fail(env, id, rc, failed);
	return EXIT_OK;
}

static int luks_unlock(cli_env *env, int argc, char **argv)
{
	const char *dev = NULL, *tokfile = NULL, *outf = "-", *pin_file = NULL;
	const char *sigfile = "/run/systemd/tpm2-pcr-signature.json";
	int k, ret = EXIT_MALFORMED, id = -1, tty = 0, insecure = 0, pin_fd = -1, pin_prompt = 0;
	int tried = 0, first = EXIT_OK;
	mtpm_luks2_tokens list;
	cli_trust trust, tt;
	size_t jlen = 0, plen = 0, n;
	uint32_t v;

	memset(&trust, 0, sizeof(trust));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (cli_is_help(a)) {
			luks_help();
			return EXIT_OK;
		} else if (strcmp(a, "--token-id") == 0 && k + 1 < argc) {
			if (cli_parse_u32(argv[++k], &v) != 0 || v >= MTPM_LUKS2_TOKENS_MAX)
				return cli_usage_error("luks unlock: --token-id takes 0 to 31");
			id = (int)v;
		} else if (strcmp(a, "--token") == 0 && k + 1 < argc) {
			tokfile = argv[++k];
		} else if (strcmp(a, "--pin-file") == 0 && k + 1 < argc) {
			pin_file = argv[++k];
		} else if (strcmp(a, "--pin-fd") == 0 && k + 1 < argc) {
			if (cli_parse_u32(argv[++k], &v) != 0 || v > 1024)
				return cli_usage_error("luks unlock: bad --pin-fd");
			pin_fd = (int)v;
		} else if (strcmp(a, "--pin") == 0) {
			pin_prompt = 1;
		} else if (strcmp(a, "--signature") == 0 && k + 1 < argc) {
			sigfile = argv[++k];
		} else if (strcmp(a, "--parent-name") == 0 && k + 1 < argc) {
			if (cli_parse_name(argv[++k], &trust.opt_name) != 0)
				return cli_usage_error("luks unlock: --parent-name takes a Name in hex");
		} else if (strcmp(a, "--insecure-trust-tpm-parent") == 0) {
			insecure = 1;
		} else if (strcmp(a, "-o") == 0 && k + 1 < argc) {
			outf = argv[++k];
		} else if (strcmp(a, "--tty") == 0) {
			tty = 1;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("luks unlock: unknown argument '%s'", a);
		} else if (!dev) {
			dev = a;
		} else {
			return cli_usage_error("luks unlock: one DEVICE");
		}
	}
	if (!dev == !tokfile)
		return cli_usage_error("luks unlock: give DEVICE|IMAGE, or --token FILE");
	if (tokfile && id >= 0)
		return cli_usage_error("luks unlock: --token-id goes with a DEVICE");
	if (tokfile) {
		ret = cli_read_file(tokfile, (uint8_t *)json, sizeof(json) - 1, &n, "token");
		if (ret)
			return ret;
		json[n] = '\0';
		ret = parse_token(tokfile, json, n);
		if (ret == EXIT_OK)
			ret = token_trust(tokfile, json, n, &trust, &tt);
		if (ret == EXIT_OK)
			ret = try_token(env, 0, &tt, insecure, pin_file, pin_fd, pin_prompt, sigfile, &plen);
		if (ret == EXIT_OK)
			ret = cli_write_file(outf, pass, plen, 1, tty);
		mtpm_wipe(pass, sizeof(pass));
		return ret;
	}
	ret = read_tokens(dev, &list, &jlen);
	if (ret)
		return ret;
	for (k = 0; k < MTPM_LUKS2_TOKENS_MAX; k++) {
		const mtpm_luks2_tokref *r = &list.tok[k];
		char what[24];

		if (!(list.present & (1u << k)) || (id >= 0 && k != id))
			continue;
		if (r->type != MTPM_LUKS_TOKEN_SYSTEMD_TPM2 && r->type != MTPM_LUKS_TOKEN_CLEVIS) {
			if (id >= 0) {
				cli_err("token %d is not a TPM token (systemd-tpm2 or clevis)", k);
				return EXIT_MALFORMED;
			}
			continue;
		}
		token_label(what, k);
		tried++;
		ret = parse_token(what, json + r->off, r->len);
		if (ret == EXIT_OK)
			ret = token_trust(what, json + r->off, r->len, &trust, &tt);
		if (ret == EXIT_OK)
			ret = try_token(env, k, &tt, insecure, pin_file, pin_fd, pin_prompt, sigfile, &plen);
		if (ret == EXIT_OK)
			break;
		if (first == EXIT_OK)
			first = ret;
	}
	mtpm_wipe(&tok, sizeof(tok));
	if (!tried) {
		cli_err("'%s': %s", dev, id >= 0 ? "no such token" :
			"no TPM token (systemd-tpm2 or clevis tpm2)");
		return EXIT_MALFORMED;
	}
	if (ret == EXIT_OK)
		ret = cli_write_file(outf, pass, plen, 1, tty);
	else
		ret = first;
	mtpm_wipe(pass, sizeof(pass));
	mtpm_wipe(json, sizeof(json));
	return ret;
}

#ifndef MTPM_CLI_MINIMAL   /* pinning is enrolment */
static int luks_pin(cli_env *env, int argc, char **argv)
{
	static cli_pin_entry e[MTPM_LUKS2_TOKENS_MAX];
	const char *dev = NULL, *out = NULL;
	mtpm_luks2_tokens list;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_parent pa;
	unsigned got = 0, i;
	size_t jlen;
	int k, ret, explicit_path;
	mtpm_rc rc;

	for (k = 1; k < argc; k++) {
		if (cli_is_help(argv[k])) {
			luks_help();
			return EXIT_OK;
		} else if (strcmp(argv[k], "-o") == 0 && k + 1 < argc) {
			out = argv[++k];
		} else if (argv[k][0] == '-' && argv[k][1]) {
			return cli_usage_error("luks pin: unknown argument '%s'", argv[k]);
		} else if (!dev) {
			dev = argv[k];
		} else {
			return cli_usage_error("luks pin: one DEVICE");
		}
	}
	if (!dev)
		return cli_usage_error("luks pin: give DEVICE|IMAGE");
	if (!out)
		out = cli_pinfile_path(&explicit_path);
	ret = read_tokens(dev, &list, &jlen);
	if (ret)
		return ret;
	for (k = 0; k < MTPM_LUKS2_TOKENS_MAX; k++) {
		const mtpm_luks2_tokref *r = &list.tok[k];
		char what[24], key[24];
		int dup = 0;

		if (!(list.present & (1u << k)) ||
		    (r->type != MTPM_LUKS_TOKEN_SYSTEMD_TPM2 && r->type != MTPM_LUKS_TOKEN_CLEVIS))
			continue;
		token_label(what, k);
		ret = parse_token(what, json + r->off, r->len);
		if (ret == EXIT_OK && mtpm_luks_token_parent(&tok, &tmpl, key) != MTPM_OK)
			ret = cli_usage_error("luks pin: token %d: unsupported primary", k);
		if (ret)
			return ret;
		for (i = 0; i < got; i++)
			dup |= strcmp(e[i].key, key) == 0;
		if (dup)
			continue;
		ret = cli_open(env);
		if (ret)
			return ret;
		rc = mtpm_parent_resolve_tmpl(&env->ctx, MTPM_RH_OWNER, &tmpl, NULL, NULL,
					      MTPM_TRUST_TPM_PARENT, &pa);
		if (rc != MTPM_OK)
			return cli_fail("luks pin", rc);
		memcpy(e[got].key, key, sizeof(key));
		e[got].name = pa.name;
		mtpm_parent_release(&env->ctx, &pa);
		cli_print_name_line(e[got].key, &e[got].name);
		got++;
	}
	if (!got) {
		cli_err("'%s': no TPM token (systemd-tpm2 or clevis tpm2)", dev);
		return EXIT_MALFORMED;
	}
	return cli_pin_store("luks pin", out, e, got);
}


/* --- enrol ----------------------------------------------------------------------- */

/* Run argv with stdin from in[0..n) and, when fd3 is not NULL, the bytes
 * fd3[0..n3) readable on descriptor 3 (a pipe: no file holds them). The
 * exit status, or -1. */
static int run_with(char *const argv[], const uint8_t *in, size_t n, const uint8_t *fd3,
		    size_t n3)
{
	int p0[2], p3[2] = { -1, -1 }, wst = 0, bad = 0;
	pid_t pid;

	if (pipe(p0) != 0)
		return -1;
	if (fd3 && pipe(p3) != 0) {
		close(p0[0]);
		close(p0[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p0[0], 0);
		if (fd3)
			dup2(p3[0], 3);
		close(p0[1]);
		if (fd3)
			close(p3[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p0[0]);
	if (fd3)
		close(p3[0]);
	/* Small writes into fresh pipes (below PIPE_BUF): no deadlock. */
	if (fd3 && n3 && write(p3[1], fd3, n3) != (ssize_t)n3)
		bad = 1;
	if (fd3)
		close(p3[1]);
	if (n && write(p0[1], in, n) != (ssize_t)n)
		bad = 1;
	close(p0[1]);
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	if (bad || !WIFEXITED(wst))
		return -1;
	return WEXITSTATUS(wst);
}

/* A bounded writer for the token's JSON (no printf in this CLI). */
typedef struct {
	char *b;
	size_t n, cap;
	int over;
} jw;

static void jw_put(jw *w, const char *s)
{
	size_t l = strlen(s);

	if (w->over || w->cap - w->n <= l) {
		w->over = 1;
		return;
	}
	memcpy(w->b + w->n, s, l);
	w->n += l;
}

static void jw_hex(jw *w, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	char two[3] = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		two[0] = hx[p[i] >> 4];
		two[1] = hx[p[i] & 15];
		jw_put(w, two);
	}
}

/* A PCR mask as a JSON array of numbers, [0,7]. */
static void jw_pcrs(jw *w, uint32_t mask)
{
	char num[4] = { 0, 0, 0, 0 };
	unsigned p;
	int first = 1;

	jw_put(w, "[");
	for (p = 0; p < 24; p++) {
		if (!((mask >> p) & 1))
			continue;
		num[0] = (char)('0' + p / 10);
		num[1] = (char)('0' + p % 10);
		if (!first)
			jw_put(w, ",");
		jw_put(w, p >= 10 ? num : num + 1);
		first = 0;
	}
	jw_put(w, "]");
}

static void enrol_help(void)
{
	printf("usage: mtpm luks enrol DEVICE|IMAGE [--pcrs BANK:LIST] [--pin | --pin-file F | --pin-fd N]\n"
	       "                       [--authorize PUBKEY.pem [--authorize-pcrs LIST]]\n"
	       "                       [--key-file FILE] [--parent-name HEX]\n"
	       CLI_MORE("  Add a keyslot and a systemd-tpm2 token that systemd-cryptsetup (and\n"
	       "  mtpm luks unlock) can open: 32 random bytes sealed under tpm2-tools'\n"
	       "  default ECC primary (as systemd-cryptenroll does), the passphrase their\n"
	       "  base64. --pcrs: PolicyPCR on their current values (default sha256:7);\n"
	       "  --pin: PolicyAuthValue with SHA-256(PIN), as systemd does; --authorize:\n"
	       "  a policy signed by PUBKEY's owner with systemd-measure (PCR 11 by\n"
	       "  default). The existing passphrase comes from --key-file, else a\n"
	       "  no-echo prompt. Runs cryptsetup luksAddKey and token import.\n"
	       "  The primary's Name is recorded in the token (mtpm-parent-name) and\n"
	       "  checked against --parent-name or the pinned tools-ecc entry when there\n"
	       "  is one (else trust on first use).\n"));
}

static int luks_enrol(cli_env *env, int argc, char **argv)
{
	static mtpm_keyfile_policy pol;
	static mtpm_keyfile kfo;
	static char tokjson[8192];
	static uint8_t blob[MTPM_LUKS_BLOB_MAX], pem[2048];
	static char b64blob[4 * (MTPM_LUKS_BLOB_MAX / 3 + 1) + 1], b64pem[4 * 700];
	static uint8_t oldpass[512];
	const char *dev = NULL, *pcrs = "sha256:7", *authorize = NULL, *keyfile = NULL;
	const char *pin_file = NULL, *apcrs = "11";
	int k, ret, pin_fd = -1, pin_prompt = 0, slot = -1;
	uint8_t secret[32], pinhash[32];
	char passb64[45], slotstr[4];
	mtpm_TPML_PCR_SELECTION asel;
	mtpm_TPM2B_PUBLIC tmpl, akey;
	mtpm_TPM2B_NAME expect;
	mtpm_TPM2B_DIGEST dig;
	mtpm_luks2_tokens list;
	mtpm_seal_opts o;
	mtpm_session audit;
	mtpm_parent pa;
	cli_trust trust;
	uint32_t used = 0, amask = 0;
	size_t jlen, plen = 0, oldlen = 0, bl, pl = 0, tl;
	mtpm_cur c;
	mtpm_rc rc;

	memset(&trust, 0, sizeof(trust));
	memset(&pa, 0, sizeof(pa));
	memset(&pol, 0, sizeof(pol));
	memset(&audit, 0, sizeof(audit));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (cli_is_help(a)) {
			enrol_help();
			return EXIT_OK;
		} else if (strcmp(a, "--pcrs") == 0 && k + 1 < argc) {
			pcrs = argv[++k];
		} else if (strcmp(a, "--authorize") == 0 && k + 1 < argc) {
			authorize = argv[++k];
		} else if (strcmp(a, "--authorize-pcrs") == 0 && k + 1 < argc) {
			apcrs = argv[++k];
		} else if (strcmp(a, "--key-file") == 0 && k + 1 < argc) {
			keyfile = argv[++k];
		} else if (strcmp(a, "--pin-file") == 0 && k + 1 < argc) {
			pin_file = argv[++k];
		} else if (strcmp(a, "--pin-fd") == 0 && k + 1 < argc) {
			uint32_t v;

			if (cli_parse_u32(argv[++k], &v) != 0 || v > 1024)
				return cli_usage_error("luks enrol: bad --pin-fd");
			pin_fd = (int)v;
		} else if (strcmp(a, "--pin") == 0) {
			pin_prompt = 1;
		} else if (strcmp(a, "--parent-name") == 0 && k + 1 < argc) {
			if (cli_parse_name(argv[++k], &trust.opt_name) != 0)
				return cli_usage_error("luks enrol: --parent-name takes a Name in hex");
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("luks enrol: unknown argument '%s'", a);
		} else if (!dev) {
			dev = a;
		} else {
			return cli_usage_error("luks enrol: one DEVICE");
		}
	}
	if (!dev)
		return cli_usage_error("luks enrol: give DEVICE|IMAGE");
	ret = read_tokens(dev, &list, &jlen);
	if (ret)
		return ret;
	if (mtpm_luks2_keyslots(json, jlen, toks, MTPM_JSON_TOKENS, &used) != MTPM_OK) {
		cli_err("'%s': LUKS2 keyslots do not parse", dev);
		return EXIT_MALFORMED;
	}
	for (k = 0; k < 32 && slot < 0; k++)
		if (!(used & (1u << k)))
			slot = k;
	if (slot < 0) {
		cli_err("'%s': no free keyslot", dev);
		return EXIT_MALFORMED;
	}
	/* The existing passphrase, to authorize luksAddKey. */
	if (keyfile)
		ret = cli_read_file(keyfile, oldpass, sizeof(oldpass), &oldlen, "key file");
	else
		ret = cli_read_pin(NULL, -1, 1, oldpass, sizeof(oldpass), &oldlen);
	if (ret)
		goto done;
	if (pin_file || pin_fd >= 0 || pin_prompt) {
		mtpm_iov part;

		ret = cli_read_pin(pin_file, pin_fd, pin_prompt, pin, MTPM_MAX_DIGEST, &plen);
		if (ret)
			goto done;
		part.p = pin;
		part.n = plen;
		if (mtpm_hash(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, &part, 1, pinhash) != MTPM_OK) {
			ret = cli_fail("luks enrol", MTPM_E_CRYPTO);
			goto done;
		}
		/* systemd 252 strips trailing zeros of the authValue and then
		 * fails its own check: a PIN whose hash ends in 00 (1 in 256)
		 * would enrol a token systemd-cryptsetup cannot open. */
		if (pinhash[31] == 0) {
			ret = cli_usage_error("luks enrol: systemd 252 cannot use this PIN "
					      "(its SHA-256 ends in 00); choose another");
			goto done;
		}
	}
	ret = cli_open(env);
	if (ret)
		goto done;
	/* The primary, held to a pinned Name when there is one. */
	mtpm_primary_template_tools(&tmpl, 0, MTPM_ALG_SHA256);
	ret = cli_trusted_parent_key("luks enrol", &trust, "tools-ecc", &expect);
	if (ret)
		goto done;
	rc = mtpm_parent_resolve_tmpl(&env->ctx, MTPM_RH_OWNER, &tmpl, NULL,
				      expect.size ? &expect : NULL,
				      expect.size ? 0 : MTPM_TRUST_TPM_PARENT, &pa);
	if (rc != MTPM_OK) {
		ret = rc == MTPM_E_NAME ? (cli_err("the TPM's primary is not the trusted one"),
					   EXIT_WRONG_TPM) : cli_fail("luks enrol", rc);
		goto done;
	}
	/* The policy, systemd's order: [PolicyAuthorize] PolicyPCR [PolicyAuthValue,
	 * which mtpm_seal appends for the PIN]. */
	if (authorize) {
		size_t n;

		ret = cli_load_pubkey(authorize, &akey);
		if (ret)
			goto done;
		if (akey.publicArea.type != MTPM_ALG_RSA) {
			ret = cli_usage_error("luks enrol: systemd signs PCR policies with RSA keys");
			goto done;
		}
		mtpm_luks_sign_key_template(&akey);
		pol.steps[pol.nsteps++].cc = MTPM_CC_PolicyAuthorize;
		pol.auth.key = akey;
		ret = cli_read_file(authorize, pem, sizeof(pem), &n, "public key");
		if (ret)
			goto done;
		pl = n;
		if (cli_parse_pcr_selection(apcrs, &asel) != MTPM_OK || asel.count != 1) {
			ret = cli_usage_error("luks enrol: bad --authorize-pcrs '%s'", apcrs);
			goto done;
		}
		amask = (uint32_t)asel.pcrSelections[0].pcrSelect[0] |
			(uint32_t)asel.pcrSelections[0].pcrSelect[1] << 8 |
			(uint32_t)asel.pcrSelections[0].pcrSelect[2] << 16;
	}
	if (*pcrs) {
		/* With a trusted primary the values are read under an audit
		 * session salted to it, so an interposer cannot choose them. */
		if (expect.size) {
			ret = cli_audit_session(env, &pa, &audit);
			if (ret)
				goto done;
		}
		ret = cli_pcr_step_ex(env, pcrs, 1, MTPM_ALG_SHA256, audit.active ? &audit : NULL,
				      &pol.steps[pol.nsteps], NULL);
		if (audit.active)
			mtpm_rc_ignore(mtpm_session_flush(&env->ctx, &audit));
		if (ret)
			goto done;
		if (pol.steps[pol.nsteps].u.pcr.pcrs.count != 1) {
			ret = cli_usage_error("luks enrol: --pcrs takes one bank (systemd's tpm2-pcr-bank)");
			goto done;
		}
		pol.nsteps++;
	}
	if (pol.nsteps == 0 && !plen) {
		ret = cli_usage_error("luks enrol: nothing to bind to (give --pcrs, --pin or --authorize)");
		goto done;
	}
	if (env->ctx.crypto->random(secret, sizeof(secret)) != MTPM_OK) {
		ret = cli_fail("luks enrol: random", MTPM_E_CRYPTO);
		goto done;
	}
	memset(&o, 0, sizeof(o));
	o.secret = secret;
	o.secret_len = sizeof(secret);
	o.pin = plen ? pinhash : NULL;
	o.pin_len = plen ? sizeof(pinhash) : 0;
	o.resolved = &pa;
	o.policy = pol.nsteps ? &pol : NULL;
	rc = mtpm_seal(&env->ctx, &o, &kfo);
	if (rc != MTPM_OK) {
		ret = cli_fail("luks enrol: seal", rc);
		goto done;
	}
	rc = mtpm_seal_policy_digest(env->ctx.crypto, MTPM_ALG_SHA256, &kfo.policy, 0, &dig);
	mtpm_cur_init(&c, blob, sizeof(blob));
	mtpm_put_TPM2B_PRIVATE(&c, &kfo.priv);
	mtpm_put_TPM2B_PUBLIC(&c, &kfo.pub);
	if (rc != MTPM_OK || c.err != MTPM_OK) {
		ret = cli_fail("luks enrol", rc ? rc : c.err);
		goto done;
	}
	bl = mtpm_b64_encode(blob, c.pos, b64blob);
	b64blob[bl] = '\0';
	/* The token, systemd 252's fields (docs/luks-formats.md). */
	{
		const mtpm_TPMS_PCR_SELECTION *ps = pol.nsteps && pol.steps[pol.nsteps - 1].cc ==
			MTPM_CC_PolicyPCR ? &pol.steps[pol.nsteps - 1].u.pcr.pcrs.pcrSelections[0] : NULL;
		uint32_t pmask = ps ? (uint32_t)ps->pcrSelect[0] | (uint32_t)ps->pcrSelect[1] << 8 |
				      (uint32_t)ps->pcrSelect[2] << 16 : 0;
		jw w = { tokjson, 0, sizeof(tokjson), 0 };

		slotstr[0] = (char)('0' + slot / 10);
		slotstr[1] = (char)('0' + slot % 10);
		slotstr[2] = '\0';
		jw_put(&w, "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"");
		jw_put(&w, slot >= 10 ? slotstr : slotstr + 1);
		jw_put(&w, "\"],\"tpm2-blob\":\"");
		jw_put(&w, b64blob);
		jw_put(&w, "\",\"tpm2-pcrs\":");
		jw_pcrs(&w, pmask);
		jw_put(&w, ",\"tpm2-pcr-bank\":\"");
		jw_put(&w, cli_hash_name(ps ? ps->hash : MTPM_ALG_SHA256));
		jw_put(&w, "\",\"tpm2-primary-alg\":\"ecc\",\"tpm2-policy-hash\":\"");
		jw_hex(&w, dig.buffer, dig.size);
		jw_put(&w, plen ? "\",\"tpm2-pin\":true" : "\",\"tpm2-pin\":false");
		if (authorize) {
			jw_put(&w, ",\"tpm2_pubkey_pcrs\":");
			jw_pcrs(&w, amask);
			jw_put(&w, ",\"tpm2_pubkey\":\"");
			tl = mtpm_b64_encode(pem, pl, b64pem);
			b64pem[tl] = '\0';
			jw_put(&w, b64pem);
			jw_put(&w, "\"");
		}
		jw_put(&w, ",\"mtpm-parent-name\":\"");
		jw_hex(&w, pa.name.buffer, pa.name.size);
		jw_put(&w, "\"}");
		if (w.over) {
			ret = cli_usage_error("luks enrol: token too large");
			goto done;
		}
		tl = w.n;
	}
	/* The keyslot: cryptsetup reads the existing passphrase from fd 3
	 * and the new one (the secret's base64) from stdin; neither ever
	 * touches a file. */
	mtpm_b64_encode(secret, sizeof(secret), passb64);
	{
		/* A 256-bit random passphrase needs no key stretching:
		 * PBKDF2 with the minimum iterations, as systemd-cryptenroll
		 * does for TPM2 keyslots. */
		char *add[] = { "cryptsetup", "luksAddKey", "--batch-mode", "--key-file",
				"/dev/fd/3", "--key-slot", slotstr + (slot < 10), "--pbkdf",
				"pbkdf2", "--pbkdf-force-iterations", "1000", (char *)dev,
				"/dev/stdin", NULL };
		char *imp[] = { "cryptsetup", "token", "import", "--json-file", "-",
				"--key-slot", slotstr + (slot < 10), (char *)dev, NULL };
		int st;

		st = run_with(add, (const uint8_t *)passb64, 44, oldpass, oldlen);
		if (st != 0) {
			cli_err("cryptsetup luksAddKey failed (exit %d): wrong passphrase?", st);
			ret = EXIT_FAIL;
			goto done;
		}
		st = run_with(imp, (const uint8_t *)tokjson, tl, NULL, 0);
		if (st != 0) {
			char *kill_[] = { "cryptsetup", "luksKillSlot", "--batch-mode", (char *)dev,
					  slotstr + (slot < 10), NULL };

			if (run_with(kill_, NULL, 0, NULL, 0) == 0)
				cli_err("cryptsetup token import failed (exit %d); keyslot %d removed",
					st, slot);
			else
				cli_err("cryptsetup token import failed (exit %d), and keyslot %d could "
					"not be removed: cryptsetup luksKillSlot it", st, slot);
			ret = EXIT_FAIL;
			goto done;
		}
	}
	fprintf(stderr, "mtpm luks enrol: keyslot %d and a systemd-tpm2 token added to '%s'\n",
		slot, dev);
	ret = EXIT_OK;
done:
	mtpm_parent_release(&env->ctx, &pa);
	mtpm_wipe(secret, sizeof(secret));
	mtpm_wipe(pinhash, sizeof(pinhash));
	mtpm_wipe(passb64, sizeof(passb64));
	mtpm_wipe(oldpass, sizeof(oldpass));
	mtpm_wipe(pin, sizeof(pin));
	mtpm_wipe(&kfo, sizeof(kfo));
	return ret;
}
#endif

int cli_luks(cli_env *env, int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		luks_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "unlock") == 0)
		return luks_unlock(env, argc - 1, argv + 1);
#ifndef MTPM_CLI_MINIMAL
	if (strcmp(argv[1], "pin") == 0)
		return luks_pin(env, argc - 1, argv + 1);
	if (strcmp(argv[1], "enrol") == 0 || strcmp(argv[1], "enroll") == 0)
		return luks_enrol(env, argc - 1, argv + 1);
#endif
	return cli_usage_error("luks: unknown subcommand '%s' (unlock, pin, enrol)", argv[1]);
}
