/*
 * parent.c - which parent key mtpm trusts, and `mtpm parent pin`.
 *
 * A sealed object is only as safe as the key its session is salted to.
 * If that key is whatever the TPM (or an interposer posing as it) says
 * sits at the parent handle, an active interposer presents its own key,
 * learns the salt and reads the secret (threat-model/ T-PARENT-1). So seal
 * and unseal hold the parent to a Name from a source the user trusts:
 *
 *   1. --parent-name HEX on the command line;
 *   2. the Name recorded with the key file (a PEM's mtpm-parent-name line,
 *      or FILE.name beside a DER key file: `seal --der` writes it), and
 *      for seal the Name recorded in --like OLD.pem;
 *   3. the pinned-parent file ($MTPM_PARENT_NAME_FILE, else
 *      /etc/mtpm/parents), written once by `mtpm parent pin` on a system
 *      the user trusts and carried into the initramfs.
 *
 * Every source that has an entry must agree; one disagreeing is exit 9
 * with the sources named. No source at all is exit 9 at unseal (fail
 * closed) and trust on first use at seal, unless
 * --insecure-trust-tpm-parent says otherwise.
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "cli.h"
#include "mtpm/seal.h"

#define DEFAULT_PINFILE "/etc/mtpm/parents"
#define PIN_HEADER "# mtpm: trusted parent Names (trust on first use)\n"

static char pinbuf[8192];

const char *cli_pinfile_path(int *explicit_path)
{
	const char *e = getenv("MTPM_PARENT_NAME_FILE");

	*explicit_path = e && *e;
	return *explicit_path ? e : DEFAULT_PINFILE;
}

/* Load the pinned-parent file into pinbuf. 0 and *n = 0 when the default
 * file does not exist; an explicitly named file must exist. */
static int load_pinfile(const char *cmd, size_t *n)
{
	int explicit_path;
	const char *path = cli_pinfile_path(&explicit_path);
	struct stat st;

	*n = 0;
	if (!explicit_path && stat(path, &st) != 0 && errno == ENOENT)
		return EXIT_OK;
	(void)cmd;
	return cli_read_file(path, (uint8_t *)pinbuf, sizeof(pinbuf) - 1, n,
			     "pinned-parent file");
}

int cli_parse_name(const char *hex, mtpm_TPM2B_NAME *name)
{
	long n;

	memset(name, 0, sizeof(*name));
	n = cli_hex_decode(hex, name->buffer, sizeof(name->buffer));
	name->size = n > 0 ? (uint16_t)n : 0;
	if (!mtpm_name_well_formed(name)) {
		memset(name, 0, sizeof(*name));
		return -1;
	}
	return 0;
}

static int same_name(const mtpm_TPM2B_NAME *a, const mtpm_TPM2B_NAME *b)
{
	return a->size == b->size && memcmp(a->buffer, b->buffer, a->size) == 0;
}

int cli_trusted_parent(const char *cmd, const cli_trust *t, uint32_t parent, int rsa,
		       mtpm_TPM2B_NAME *out)
{
	char key[11];

	mtpm_pinfile_key(parent, rsa, key);
	return cli_trusted_parent_key(cmd, t, key, out);
}

int cli_trusted_parent_key(const char *cmd, const cli_trust *t, const char *key,
			   mtpm_TPM2B_NAME *out)
{
	mtpm_TPM2B_NAME pinned;
	const char *from = NULL;
	size_t n;
	int ret;
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	if (t->opt_name.size) {
		*out = t->opt_name;
		from = "--parent-name";
	}
	if (t->recorded && t->recorded->size) {
		if (from && !same_name(out, t->recorded)) {
			fprintf(stderr, "mtpm %s: the parent Name in %s differs from the one %s "
					"gives: wrong TPM or parent key\n", cmd, t->recorded_from, from);
			return EXIT_WRONG_TPM;
		}
		*out = *t->recorded;
		from = t->recorded_from;
	}
	ret = load_pinfile(cmd, &n);
	if (ret)
		return ret;
	if (n) {
		int explicit_path;
		const char *path = cli_pinfile_path(&explicit_path);

		rc = mtpm_pinfile_find(pinbuf, n, key, &pinned);
		mtpm_wipe(pinbuf, sizeof(pinbuf));
		if (rc == MTPM_E_MALFORMED || rc == MTPM_E_USAGE) {
			fprintf(stderr, "mtpm %s: pinned-parent file '%s': not a valid list of "
					"KEY NAME lines\n", cmd, path);
			return EXIT_MALFORMED;
		}
		if (rc == MTPM_OK && from && !same_name(out, &pinned)) {
			fprintf(stderr, "mtpm %s: the parent Name pinned for %s in '%s' differs from "
					"the one %s gives: wrong TPM or parent key\n", cmd, key, path,
				from);
			return EXIT_WRONG_TPM;
		}
		if (rc == MTPM_OK)
			*out = pinned;
	}
	return EXIT_OK;
}

int cli_audit_session(cli_env *env, const mtpm_parent *pa, mtpm_session *s)
{
	mtpm_session_opts so;
	mtpm_rc rc;

	memset(&so, 0, sizeof(so));
	so.type = MTPM_SE_HMAC;
	so.hash_alg = MTPM_ALG_SHA256;
	so.salt_key = pa->handle;
	so.salt_pub = &pa->pub.publicArea;
	rc = mtpm_session_start(&env->ctx, s, &so);
	return rc == MTPM_OK ? EXIT_OK : cli_fail("audit session", rc);
}

/* "KEY HEX" (or just HEX) on stdout. */
void cli_print_name_line(const char *key, const mtpm_TPM2B_NAME *n)
{
	if (key)
		printf("%s ", key);
	cli_hex_print(stdout, n->buffer, n->size, 0);
	putchar('\n');
}

void cli_no_trust_msg(const char *cmd, uint32_t parent, int rsa)
{
	char key[11];

	mtpm_pinfile_key(parent, rsa, key);
	cli_no_trust_msg_key(cmd, key);
}

void cli_no_trust_msg_key(const char *cmd, const char *key)
{
	int explicit_path;

	fprintf(stderr, "mtpm %s: no trusted Name for the parent key (%s): give --parent-name "
			"HEX, or pin it once with 'mtpm parent pin' (file '%s')\n",
		cmd, key, cli_pinfile_path(&explicit_path));
}

#ifndef MTPM_CLI_MINIMAL   /* parent pin/name: enrolment tools */
/* --- mtpm parent pin --------------------------------------------------------- */

static void parent_help(void)
{
	printf("usage: mtpm parent pin [--parent SPEC]... [-o FILE]\n"
	       "       mtpm parent name --parent SPEC\n"
	       CLI_MORE("  SPEC: ecc, rsa (the TCG SRKs), tools-ecc, tools-rsa [-sha1|-sha384]\n"
	       "        (tpm2-tools' default primary: systemd's and clevis's), or a\n"
	       "        persistent handle such as 0x81000001\n"
	       "  pin:  record the Names of parent keys in the pinned-parent file that\n"
	       "        unseal (and seal) check the parent against: -o FILE, else\n"
	       "        $MTPM_PARENT_NAME_FILE, else " DEFAULT_PINFILE ". Entries for other\n"
	       "        keys already in the file are kept; --force replaces a changed one.\n"
	       "        Default: ecc and rsa (the transient TCG SRKs) and 0x81000001 when\n"
	       "        it holds a storage key.\n"
	       "  name: print the Name of one parent.\n"
	       "  TRUST ON FIRST USE: the Names are what this TPM reports now. Run this\n"
	       "  once, on a system you trust (no interposer on the bus), and carry the\n"
	       "  file into the initramfs; from then on a different key is refused.\n"));
}

/* A parent spec: ecc, rsa (the TCG SRKs), tools-ecc / tools-rsa with an
 * optional -sha1 / -sha384 (tpm2-tools' default primary, systemd's and
 * clevis's), or a persistent handle. */
static int parse_pin_parent(const char *s, uint32_t *h, mtpm_TPM2B_PUBLIC *tmpl,
			    char key[24])
{
	static const struct { const char *suffix; uint16_t alg; } algs[] = {
		{ "", MTPM_ALG_SHA256 }, { "-sha1", MTPM_ALG_SHA1 },
		{ "-sha384", MTPM_ALG_SHA384 }, { "-sha512", MTPM_ALG_SHA512 },
	};
	unsigned i;

	*h = MTPM_RH_OWNER;
	if (strcmp(s, "ecc") == 0 || strcmp(s, "rsa") == 0) {
		if (s[0] == 'r')
			mtpm_srk_template_rsa(tmpl);
		else
			mtpm_srk_template_ecc(tmpl);
		memcpy(key, s, 4);
		return 0;
	}
	if (strncmp(s, "tools-ecc", 9) == 0 || strncmp(s, "tools-rsa", 9) == 0) {
		for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
			if (strcmp(s + 9, algs[i].suffix) == 0) {
				mtpm_primary_template_tools(tmpl, s[6] == 'r', algs[i].alg);
				memcpy(key, s, strlen(s) + 1);
				return 0;
			}
		return -1;
	}
	memset(tmpl, 0, sizeof(*tmpl));
	if (cli_parse_u32(s, h) == 0 && MTPM_HANDLE_TYPE(*h) == MTPM_HT_PERSISTENT) {
		mtpm_pinfile_key(*h, 0, key);
		return 0;
	}
	return -1;
}

/* Append "KEY HEX\n" to buf at *pos. */
static int put_entry(char *buf, size_t cap, size_t *pos, const char *key,
		     const mtpm_TPM2B_NAME *nm)
{
	static const char hex[] = "0123456789abcdef";
	size_t need = strlen(key) + 2 + 2u * nm->size, i;

	if (*pos + need >= cap)
		return -1;
	memcpy(buf + *pos, key, strlen(key));
	*pos += strlen(key);
	buf[(*pos)++] = ' ';
	for (i = 0; i < nm->size; i++) {
		buf[(*pos)++] = hex[nm->buffer[i] >> 4];
		buf[(*pos)++] = hex[nm->buffer[i] & 15];
	}
	buf[(*pos)++] = '\n';
	return 0;
}

/* Is the line [p, p+len) an entry for one of e[0..n)'s keys? */
static int line_has_key(const char *p, size_t len, const cli_pin_entry *e, unsigned n)
{
	size_t kl = 0;
	unsigned i;

	while (kl < len && p[kl] != ' ' && p[kl] != '\t')
		kl++;
	for (i = 0; i < n; i++)
		if (strlen(e[i].key) == kl && memcmp(p, e[i].key, kl) == 0)
			return 1;
	return 0;
}

int cli_pin_store(const char *cmd, const char *out, const cli_pin_entry *e, unsigned n)
{
	static char outbuf[sizeof(pinbuf)];
	size_t old = 0, pos = 0;
	mtpm_TPM2B_NAME was;
	struct stat st;
	unsigned i;
	int ret, forced;

	if (stat(out, &st) == 0) {
		ret = cli_read_file(out, (uint8_t *)pinbuf, sizeof(pinbuf) - 1, &old,
				    "pinned-parent file");
		if (ret)
			return ret;
	}
	pos = sizeof(PIN_HEADER) - 1;
	memcpy(outbuf, PIN_HEADER, pos);
	for (i = 0; i < n; i++) {
		if (old && mtpm_pinfile_find(pinbuf, old, e[i].key, &was) == MTPM_OK &&
		    !same_name(&was, &e[i].name) && !cli_force) {
			fprintf(stderr, "mtpm %s: '%s' pins another Name for %s: the TPM or its "
					"owner seed changed? --force replaces it\n", cmd, out,
				e[i].key);
			return EXIT_WRONG_TPM;
		}
		if (put_entry(outbuf, sizeof(outbuf), &pos, e[i].key, &e[i].name) != 0)
			return cli_usage_error("%s: too many entries", cmd);
	}
	/* Keep the lines of the old file for keys not pinned now. */
	if (old) {
		const char *p = pinbuf, *end = pinbuf + old;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((nl ? nl : end) - p);

			if (len && p[0] != '#' && !line_has_key(p, len, e, n)) {
				if (pos + len + 1 >= sizeof(outbuf))
					return cli_usage_error("%s: pinned-parent file too large", cmd);
				memcpy(outbuf + pos, p, len);
				pos += len;
				outbuf[pos++] = '\n';
			}
			p = nl ? nl + 1 : end;
		}
	}
	mtpm_wipe(pinbuf, sizeof(pinbuf));
	if (strncmp(out, "/etc/mtpm/", 10) == 0)
		(void)mkdir("/etc/mtpm", 0755);
	/* The file is merged, so replacing the old one is the point. */
	forced = cli_force;
	cli_force = 1;
	ret = cli_write_file(out, (const uint8_t *)outbuf, pos, 0, 1);
	cli_force = forced;
	if (ret == EXIT_OK)
		fprintf(stderr, "mtpm %s: pinned in '%s' (trust on first use: this TPM's "
				"answer now)\n", cmd, out);
	return ret;
}


int cli_parent(cli_env *env, int argc, char **argv)
{
	static const char *const defaults[] = { "ecc", "rsa", "0x81000001" };
	static cli_pin_entry e[8];
	const char *specs[8], *out = NULL;
	unsigned ns = 0, i, got = 0;
	int k, ret, pin, explicit_path;
	mtpm_TPM2B_PUBLIC tmpl;
	mtpm_parent pa;
	uint32_t h;
	mtpm_rc rc;

	if (argc < 2 || cli_is_help(argv[1])) {
		parent_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "pin") != 0 && strcmp(argv[1], "name") != 0)
		return cli_usage_error("parent: unknown subcommand '%s' (pin, name)", argv[1]);
	pin = argv[1][0] == 'p';
	for (k = 2; k < argc; k++) {
		if (cli_is_help(argv[k])) {
			parent_help();
			return EXIT_OK;
		} else if (strcmp(argv[k], "--parent") == 0 && k + 1 < argc && ns < 8) {
			if (parse_pin_parent(argv[++k], &h, &tmpl, e[0].key) != 0)
				return cli_usage_error("parent: --parent takes ecc, rsa, tools-ecc, "
						       "tools-rsa (-sha1, -sha384) or a persistent "
						       "handle");
			specs[ns++] = argv[k];
		} else if (pin && strcmp(argv[k], "-o") == 0 && k + 1 < argc) {
			out = argv[++k];
		} else {
			return cli_usage_error("parent: unknown argument '%s'", argv[k]);
		}
	}
	if (!pin && ns != 1)
		return cli_usage_error("parent name: give one --parent");
	if (ns == 0)
		for (; ns < 3; ns++)
			specs[ns] = defaults[ns];
	if (pin && !out)
		out = cli_pinfile_path(&explicit_path);
	ret = cli_open(env);
	if (ret)
		return ret;
	for (i = 0; i < ns; i++) {
		int optional = pin && specs[i] == defaults[2];

		(void)parse_pin_parent(specs[i], &h, &tmpl, e[got].key);
		rc = mtpm_parent_resolve_tmpl(&env->ctx, h, h == MTPM_RH_OWNER ? &tmpl : NULL,
					      NULL, NULL, MTPM_TRUST_TPM_PARENT, &pa);
		if (rc != MTPM_OK && optional)
			continue;   /* no storage key at 0x81000001: nothing to pin */
		if (rc != MTPM_OK)
			return cli_fail("parent", rc);
		e[got].name = pa.name;
		mtpm_parent_release(&env->ctx, &pa);
		cli_print_name_line(pin ? e[got].key : NULL, &e[got].name);
		got++;
	}
	if (!pin)
		return EXIT_OK;
	return cli_pin_store("parent", out, e, got);
}

#else

int cli_parent(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	return cli_usage_error("parent is not in this build (pin parents with the full mtpm)");
}

#endif
