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
	       "  unlock: the passphrase of a LUKS2 volume enrolled by systemd-cryptenroll\n"
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
	       "        token or file, 6 PCRs differ, 7 wrong PIN, 8 lockout, 9 parent\n");
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
		cli_err("'%s': %s", path, strerror(errno));
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

/* pcrDigest over the current values of sel, in alg. Read without
 * authentication: it only lets a changed PCR be named before Load; the
 * TPM enforces the policy itself. */
static mtpm_rc pcr_digest(cli_env *env, const mtpm_TPML_PCR_SELECTION *sel, uint16_t alg,
			  mtpm_TPM2B_DIGEST *d)
{
	static cli_pcr_values vals[MTPM_MAX_BANKS];
	mtpm_hash_ctx h;
	unsigned i;
	mtpm_rc rc;

	memset(d, 0, sizeof(*d));
	if (sel->count == 0)
		return MTPM_OK;
	rc = cli_read_pcr_values(&env->ctx, sel, vals);
	if (rc == MTPM_OK)
		rc = env->ctx.crypto->hash_init(&h, alg);
	if (rc != MTPM_OK)
		return rc;
	for (i = 0; i < vals[0].count && i < CLI_MAX_PCRS; i++)
		env->ctx.crypto->hash_update(&h, vals[0].digests[i].buffer,
					     vals[0].digests[i].size);
	env->ctx.crypto->hash_final(&h, d->buffer);
	d->size = mtpm_hash_size(alg);
	return MTPM_OK;
}

static void tries_left(cli_env *env)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	uint32_t i, count = 0, max = 0;
	int have = 0;

	if (mtpm_GetCapability(&env->ctx, MTPM_CAP_TPM_PROPERTIES, MTPM_PT_LOCKOUT_COUNTER,
			       2, &more, &cap) != MTPM_OK)
		return;
	for (i = 0; i < cap.count && i < 2; i++) {
		if (cap.data.tpmProperties[i].property == MTPM_PT_LOCKOUT_COUNTER)
			count = cap.data.tpmProperties[i].value, have |= 1;
		if (cap.data.tpmProperties[i].property == MTPM_PT_MAX_AUTH_FAIL)
			max = cap.data.tpmProperties[i].value, have |= 2;
	}
	if (have == 3)
		cli_err("%u tr%s left before the TPM locks out", max > count ? max - count : 0,
			max - count == 1 ? "y" : "ies");
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
	if (cc == MTPM_CC_Load && (base == MTPM_RC_INTEGRITY || base == 0x9C)) {
		cli_err("token %d: TPM2_Load: %s: the token was enrolled on another TPM", id,
			mtpm_rc_str(rc, buf, sizeof(buf)));
		return EXIT_WRONG_TPM;
	}
	if (base == MTPM_RC_AUTH_FAIL || base == MTPM_RC_BAD_AUTH) {
		cli_err("token %d: wrong PIN", id);
		tries_left(env);
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
	cli_trust trust;
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
			ret = try_token(env, 0, &trust, insecure, pin_file, pin_fd, pin_prompt, sigfile, &plen);
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
		if (ret == EXIT_OK && tok.type == MTPM_LUKS_TOKEN_CLEVIS) {
			/* the JWE points into json, which outlives it here */
		}
		if (ret == EXIT_OK)
			ret = try_token(env, k, &trust, insecure, pin_file, pin_fd, pin_prompt, sigfile, &plen);
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
#endif
	return cli_usage_error("luks: unknown subcommand '%s' (unlock, pin)", argv[1]);
}
