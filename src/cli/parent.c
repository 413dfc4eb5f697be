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
	uint16_t alg;

	memset(name, 0, sizeof(*name));
	n = cli_hex_decode(hex, name->buffer, sizeof(name->buffer));
	if (n < 2)
		return -1;
	name->size = (uint16_t)n;
	alg = (uint16_t)(name->buffer[0] << 8 | name->buffer[1]);
	if (mtpm_hash_size(alg) == 0 || (size_t)n != 2u + mtpm_hash_size(alg)) {
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
	mtpm_TPM2B_NAME pinned;
	const char *from = NULL;
	char key[11];
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

		mtpm_pinfile_key(parent, rsa, key);
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

/* Print a Name as hex. */
static void print_name(FILE *f, const mtpm_TPM2B_NAME *n)
{
	cli_hex_print(f, n->buffer, n->size, 0);
}

void cli_no_trust_msg(const char *cmd, uint32_t parent, int rsa)
{
	int explicit_path;
	char key[11];

	mtpm_pinfile_key(parent, rsa, key);
	fprintf(stderr, "mtpm %s: no trusted Name for the parent key (%s): give --parent-name "
			"HEX, or pin it once with 'mtpm parent pin' (file '%s')\n",
		cmd, key, cli_pinfile_path(&explicit_path));
}

/* --- mtpm parent pin --------------------------------------------------------- */

static void parent_help(void)
{
	printf("usage: mtpm parent pin [--parent ecc|rsa|HANDLE]... [-o FILE]\n"
	       "       mtpm parent name [--parent ecc|rsa|HANDLE]\n"
	       "  pin:  record the Names of parent keys in the pinned-parent file that\n"
	       "        unseal (and seal) check the parent against: -o FILE, else\n"
	       "        $MTPM_PARENT_NAME_FILE, else " DEFAULT_PINFILE ". Entries for other\n"
	       "        keys already in the file are kept; --force replaces a changed one.\n"
	       "        Default: ecc and rsa (the transient TCG SRKs) and 0x81000001 when\n"
	       "        it holds a storage key.\n"
	       "  name: print the Name of one parent.\n"
	       "  TRUST ON FIRST USE: the Names are what this TPM reports now. Run this\n"
	       "  once, on a system you trust (no interposer on the bus), and carry the\n"
	       "  file into the initramfs; from then on a different key is refused.\n");
}

static int parse_pin_parent(const char *s, uint32_t *h, int *rsa)
{
	*rsa = 0;
	if (strcmp(s, "ecc") == 0 || strcmp(s, "rsa") == 0) {
		*h = MTPM_RH_OWNER;
		*rsa = s[0] == 'r';
		return 0;
	}
	return (cli_parse_u32(s, h) == 0 && (*h >> 24) == MTPM_HT_PERSISTENT) ? 0 : -1;
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

int cli_parent(cli_env *env, int argc, char **argv)
{
	static char outbuf[sizeof(pinbuf)];
	uint32_t hs[8];
	int rsas[8], k, ret, pin, explicit_path, forced = 0;
	unsigned nh = 0, i, got = 0;
	const char *out = NULL;
	size_t n = 0, pos = 0;
	mtpm_parent pa;
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
		} else if (strcmp(argv[k], "--parent") == 0 && k + 1 < argc && nh < 8) {
			if (parse_pin_parent(argv[++k], &hs[nh], &rsas[nh]) != 0)
				return cli_usage_error("parent: --parent takes ecc, rsa or a "
						       "persistent handle");
			nh++;
		} else if (pin && strcmp(argv[k], "-o") == 0 && k + 1 < argc) {
			out = argv[++k];
		} else {
			return cli_usage_error("parent: unknown argument '%s'", argv[k]);
		}
	}
	if (!pin && nh != 1)
		return cli_usage_error("parent name: give one --parent");
	if (pin)
		pos = (size_t)snprintf(outbuf, sizeof(outbuf),
				       "# mtpm parent pin: trusted parent Names (trust on first use)\n");
	if (nh == 0) {
		hs[0] = MTPM_RH_OWNER, rsas[0] = 0;
		hs[1] = MTPM_RH_OWNER, rsas[1] = 1;
		hs[2] = MTPM_SRK_HANDLE, rsas[2] = 0;
		nh = 3;
	}
	if (pin && !out)
		out = cli_pinfile_path(&explicit_path);
	/* Keep the entries of keys not pinned now. */
	if (pin) {
		struct stat st;

		if (stat(out, &st) == 0) {
			ret = cli_read_file(out, (uint8_t *)pinbuf, sizeof(pinbuf) - 1, &n,
					    "pinned-parent file");
			if (ret)
				return ret;
		}
	}
	ret = cli_open(env);
	if (ret)
		return ret;
	for (i = 0; i < nh; i++) {
		mtpm_TPM2B_NAME old;
		char key[11];
		int optional = pin && hs[i] == MTPM_SRK_HANDLE && nh == 3 && i == 2;

		mtpm_pinfile_key(hs[i], rsas[i], key);
		rc = mtpm_parent_resolve(&env->ctx, hs[i], rsas[i], NULL, NULL,
					 MTPM_TRUST_TPM_PARENT, &pa);
		if (rc != MTPM_OK && optional)
			continue;   /* no storage key at 0x81000001: nothing to pin */
		if (rc != MTPM_OK) {
			ret = cli_fail("parent", rc);
			goto done;
		}
		if (!pin) {
			print_name(stdout, &pa.name);
			putchar('\n');
			mtpm_parent_release(&env->ctx, &pa);
			return EXIT_OK;
		}
		if (n && mtpm_pinfile_find(pinbuf, n, key, &old) == MTPM_OK &&
		    !same_name(&old, &pa.name)) {
			if (!cli_force) {
				fprintf(stderr, "mtpm parent: '%s' pins another Name for %s: the "
						"TPM or its owner seed changed? --force replaces it\n",
					out, key);
				mtpm_parent_release(&env->ctx, &pa);
				ret = EXIT_WRONG_TPM;
				goto done;
			}
		}
		if (put_entry(outbuf, sizeof(outbuf), &pos, key, &pa.name) != 0) {
			mtpm_parent_release(&env->ctx, &pa);
			ret = cli_usage_error("parent: too many entries");
			goto done;
		}
		printf("%s ", key);
		print_name(stdout, &pa.name);
		putchar('\n');
		got++;
		mtpm_parent_release(&env->ctx, &pa);
	}
	/* Lines of the old file whose key was not pinned now. */
	if (n) {
		const char *p = pinbuf, *end = pinbuf + n;

		while (p < end) {
			const char *e = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((e ? e : end) - p), kl = 0;
			int keep = 1;

			while (kl < len && p[kl] != ' ' && p[kl] != '\t')
				kl++;
			for (i = 0; i < pos && keep; ) {
				/* compare with each key written: outbuf lines */
				const char *q = outbuf + i, *qe = memchr(q, '\n', pos - i);
				size_t ql = 0;

				while (q[ql] != ' ')
					ql++;
				if (kl == ql && memcmp(p, q, kl) == 0)
					keep = 0;
				i = (unsigned)(qe - outbuf) + 1;
			}
			if (keep && len && p[0] != '#' && pos + len + 1 < sizeof(outbuf)) {
				memcpy(outbuf + pos, p, len);
				pos += len;
				outbuf[pos++] = '\n';
			}
			p = e ? e + 1 : end;
		}
	}
	if (got == 0) {
		ret = cli_fail("parent", MTPM_E_USAGE);
		goto done;
	}
	{
		char dir[512];
		const char *slash = strrchr(out, '/');

		if (slash && (size_t)(slash - out) < sizeof(dir) && slash != out) {
			memcpy(dir, out, (size_t)(slash - out));
			dir[slash - out] = '\0';
			if (strcmp(dir, "/etc/mtpm") == 0)
				(void)mkdir(dir, 0755);
		}
	}
	/* The file is merged, so replacing the old one is the point. */
	forced = cli_force;
	cli_force = 1;
	ret = cli_write_file(out, (const uint8_t *)outbuf, pos, 0, 1);
	cli_force = forced;
	if (ret == EXIT_OK)
		fprintf(stderr, "mtpm parent: pinned in '%s' (trust on first use: this TPM's "
				"answer now)\n", out);
done:
	return ret;
}
