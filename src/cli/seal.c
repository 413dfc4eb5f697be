/*
 * seal.c - mtpm seal and mtpm unseal: the initramfs job.
 *
 *   enrol:     mtpm seal --pcrs sha256:7 -i key.bin -o disk.pem
 *   initramfs: mtpm unseal -i disk.pem | cryptsetup open --key-file=- ...
 *
 * The library does the TPM work (src/seal/seal.c); this file reads and
 * writes files, asks for PINs, and turns failures into messages a user can
 * act on, each with its own exit code (cli.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

/* Large structures live in static storage, not on the stack. */
static mtpm_keyfile kf;
#ifndef MTPM_CLI_MINIMAL
static mtpm_keyfile_policy pol;
#endif
static uint8_t filebuf[MTPM_KEYFILE_MAX_PEM + 1];
static uint8_t secret[MTPM_SEAL_MAX_SECRET + 1];
static uint8_t pin[MTPM_MAX_DIGEST + 1];

typedef struct {
	const char *pin_file;
	int pin_fd;
	int pin_prompt;
} pin_src;

static int pin_arg(int argc, char **argv, int *i, pin_src *ps)
{
	if (strcmp(argv[*i], "--pin") == 0) {
		ps->pin_prompt = 1;
		return 1;
	}
	if (strcmp(argv[*i], "--pin-file") == 0 && *i + 1 < argc) {
		ps->pin_file = argv[++*i];
		return 1;
	}
	if (strcmp(argv[*i], "--pin-fd") == 0 && *i + 1 < argc) {
		uint32_t fd;

		if (cli_parse_u32(argv[++*i], &fd) != 0 || fd > 1024)
			return -1;
		ps->pin_fd = (int)fd;
		return 1;
	}
	return 0;
}

static int have_pin(const pin_src *ps)
{
	return ps->pin_file || ps->pin_fd >= 0 || ps->pin_prompt;
}

/* Resolve --parent: a persistent handle, "ecc", "rsa" or "auto". */
static int parse_parent(const char *s, uint32_t *h, uint8_t *rsa)
{
	*rsa = 0;
	if (strcmp(s, "auto") == 0) {
		*h = 0;
		return 0;
	}
	if (strcmp(s, "ecc") == 0 || strcmp(s, "rsa") == 0) {
		*h = MTPM_RH_OWNER;
		*rsa = s[0] == 'r';
		return 0;
	}
	if (cli_parse_u32(s, h) == 0 && MTPM_HANDLE_TYPE(*h) == MTPM_HT_PERSISTENT)
		return 0;
	return -1;
}

static void wipe_all(void)
{
	mtpm_wipe(secret, sizeof(secret));
	mtpm_wipe(pin, sizeof(pin));
	mtpm_wipe(filebuf, sizeof(filebuf));
	mtpm_wipe(&kf, sizeof(kf));
}

/* FILE.name: where a DER key file's parent Name lives (the DER format
 * has no field for it). */
static int name_file_path(const char *keyfile, char *buf, size_t cap)
{
	size_t n = strlen(keyfile);

	if (n + 6 > cap)
		return -1;
	memcpy(buf, keyfile, n);
	memcpy(buf + n, ".name", 6);
	return 0;
}

#ifndef MTPM_CLI_MINIMAL
static int write_name_file(const char *keyfile, const mtpm_TPM2B_NAME *nm)
{
	static const char hex[] = "0123456789abcdef";
	char path[4096], line[2 * sizeof(nm->buffer) + 2];
	size_t i, n = 0;
	int ret;

	if (name_file_path(keyfile, path, sizeof(path)) != 0)
		return cli_usage_error("seal: -o path too long");
	for (i = 0; i < nm->size; i++) {
		line[n++] = hex[nm->buffer[i] >> 4];
		line[n++] = hex[nm->buffer[i] & 15];
	}
	line[n++] = '\n';
	ret = cli_write_file(path, (const uint8_t *)line, n, 0, 1);
	if (ret == EXIT_OK)
		fprintf(stderr, "mtpm seal: parent Name written to '%s' (DER key files have no "
				"field for it; keep it with the key file, or pin the parent)\n", path);
	return ret;
}

#endif

/* Read a key file (PEM, DER, or the kernel's hex line) into *k; *recorded
 * gets the parent Name recorded with it (the PEM line, or FILE.name beside
 * a DER file), size 0 when none. Prints its errors. */
static int read_keyfile(const char *path, mtpm_keyfile *k, mtpm_TPM2B_NAME *recorded)
{
	size_t n;
	int ret, is_pem;
	mtpm_rc rc;

	memset(recorded, 0, sizeof(*recorded));
	ret = cli_read_file(path, filebuf, MTPM_KEYFILE_MAX_PEM, &n, "key file");
	if (ret)
		return ret;
	/* The kernel's keyctl print form: the DER as one hex line. */
	if (n > 2 && filebuf[0] == '3' && filebuf[1] == '0') {
		static uint8_t der[MTPM_KEYFILE_MAX_DER];
		long dn;

		while (n && (filebuf[n - 1] == '\n' || filebuf[n - 1] == '\r'))
			n--;
		filebuf[n] = '\0';
		dn = cli_hex_decode((const char *)filebuf, der, sizeof(der));
		if (dn > 0) {
			memcpy(filebuf, der, (size_t)dn);
			n = (size_t)dn;
		}
	}
	is_pem = n > 0 && filebuf[0] != 0x30;
	rc = cli_keyfile_parse(filebuf, n, k);
	if (rc != MTPM_OK) {
		cli_err("key file '%s': not a sealed TPM key file%s", path,
			rc == MTPM_E_UNSUPPORTED ? " (some other kind of TPM key, or a policy "
						   "mtpm cannot run)" : "");
		return EXIT_MALFORMED;
	}
	*recorded = k->parent_name;
	if (!is_pem && strcmp(path, "-") != 0) {
		char np[4096];
		uint8_t hex[2 * sizeof(recorded->buffer) + 4];
		struct stat st;

		if (name_file_path(path, np, sizeof(np)) == 0 && stat(np, &st) == 0) {
			ret = cli_read_file(np, hex, sizeof(hex) - 1, &n, "parent Name file");
			if (ret)
				return ret;
			while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r' || hex[n - 1] == ' '))
				n--;
			hex[n] = '\0';
			if (cli_parse_name((const char *)hex, recorded) != 0) {
				cli_err("parent Name file '%s': not a Name in hex", np);
				return EXIT_MALFORMED;
			}
		}
	}
	return EXIT_OK;
}

#ifndef MTPM_CLI_MINIMAL   /* sealing is enrolment: the full mtpm does it */
static int seal_name_fail(const mtpm_TPM2B_NAME *expect)
{
	(void)expect;
	cli_err("the parent key's Name differs from the trusted one: wrong TPM or parent "
		"key, or an interposer on the bus; nothing was sealed");
	return EXIT_WRONG_TPM;
}


static void seal_help(void)
{
	printf("usage: mtpm seal [--pcrs BANK:LIST[=FILE]] [--or BANK:LIST=FILE]...\n"
	       "                 [--pin | --pin-file F | --pin-fd N] [--authorize PUBKEY.pem[:REF_HEX]]\n"
	       "                 [--parent auto|HANDLE|ecc|rsa] [--parent-name HEX] [--like OLD.pem]\n"
	       "                 [-i FILE|-] [-o sealed.pem] [--der] [--public F --private F] [--force]\n"
	       CLI_MORE("  Seal up to 128 bytes (from -i, default stdin) to the TPM:\n"
	       "  --pcrs      PolicyPCR on the listed PCRs: their current values, or the\n"
	       "              values in FILE (digests concatenated in selection order, as\n"
	       "              tpm2_pcrread -o and mtpm pcrread -o write them: the 'seal to\n"
	       "              the next boot' case)\n"
	       "  --or        another accepted PCR state (PolicyOR), same selection\n"
	       "  --pin...    also require a PIN (PolicyAuthValue); never taken from argv\n"
	       "  --authorize a policy the owner of PUBKEY signs later (PolicyAuthorize);\n"
	       "              add approved PCR states with 'mtpm policy sign'\n"
	       "  --parent    auto (0x81000001 if it is a storage key, else a transient\n"
	       "              ECC SRK), a persistent handle, or a transient ecc/rsa SRK\n"
	       "  -o          TSS2 PRIVATE KEY file (PEM; --der for DER, the kernel's form,\n"
	       "              with the parent Name written beside it to FILE.name)\n"
	       "  --public/--private  also write raw TPM2B files for tpm2_load\n"
	       "  Parent trust: the parent must have the Name that --parent-name, --like\n"
	       "  OLD.pem (re-seal for the same parent) or the pinned-parent file\n"
	       "  ($MTPM_PARENT_NAME_FILE, else /etc/mtpm/parents; see 'mtpm parent pin')\n"
	       "  gives; a different one is refused (exit 9). With none of them, seal\n"
	       "  TRUSTS ON FIRST USE: it records whatever key the TPM presents, and an\n"
	       "  interposer present now could read the secret and the PIN.\n"
	       "  The secret crosses the bus only inside an encrypted Create parameter of\n"
	       "  a session salted to the parent.\n"
	       "  exit: 0 ok, 2 usage, 3 no TPM, 4 tampering, 5 bad file, 9 wrong parent,\n"
	       "        10 secret too large\n"));
}

int cli_seal(cli_env *env, int argc, char **argv)
{
	static cli_pcr_values vals[MTPM_MAX_BANKS];
	mtpm_session audit, *audited = NULL;
	const char *in = "-", *out = NULL, *pubf = NULL, *privf = NULL, *pcrs = NULL;
	const char *authorize = NULL, *ors[MTPM_MAX_POLICY_OR], *like = NULL;
	unsigned nors = 0, i;
	int der = 0, ret, k, explicit_parent = 0;
	cli_trust trust;
	mtpm_TPM2B_NAME expect, like_name;
	mtpm_parent pa;
	pin_src ps = { NULL, -1, 0 };
	mtpm_seal_opts o;
	size_t slen = 0, plen = 0, n;
	mtpm_rc rc;

	memset(&o, 0, sizeof(o));
	memset(&pol, 0, sizeof(pol));
	memset(&trust, 0, sizeof(trust));
	memset(&pa, 0, sizeof(pa));
	memset(&audit, 0, sizeof(audit));
	memset(&expect, 0, sizeof(expect));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		int pr = pin_arg(argc, argv, &k, &ps);

		if (pr < 0)
			return cli_usage_error("seal: bad --pin-fd");
		if (pr > 0)
			continue;
		if (cli_is_help(a)) {
			seal_help();
			return EXIT_OK;
		} else if (strcmp(a, "-i") == 0 && k + 1 < argc) {
			in = argv[++k];
		} else if (strcmp(a, "-o") == 0 && k + 1 < argc) {
			out = argv[++k];
		} else if (strcmp(a, "--der") == 0) {
			der = 1;
		} else if (strcmp(a, "--public") == 0 && k + 1 < argc) {
			pubf = argv[++k];
		} else if (strcmp(a, "--private") == 0 && k + 1 < argc) {
			privf = argv[++k];
		} else if (strcmp(a, "--pcrs") == 0 && k + 1 < argc && !pcrs) {
			pcrs = argv[++k];
		} else if (strcmp(a, "--or") == 0 && k + 1 < argc) {
			if (nors + 1 >= MTPM_MAX_POLICY_OR)
				return cli_usage_error("seal: at most %d PCR states", MTPM_MAX_POLICY_OR);
			ors[nors++] = argv[++k];
		} else if (strcmp(a, "--authorize") == 0 && k + 1 < argc) {
			authorize = argv[++k];
		} else if (strcmp(a, "--parent") == 0 && k + 1 < argc) {
			if (parse_parent(argv[++k], &o.parent, &o.parent_rsa) != 0)
				return cli_usage_error("seal: --parent takes auto, ecc, rsa or a persistent handle");
			explicit_parent = 1;
		} else if (strcmp(a, "--parent-name") == 0 && k + 1 < argc) {
			if (cli_parse_name(argv[++k], &trust.opt_name) != 0)
				return cli_usage_error("seal: --parent-name takes a Name in hex "
						       "(nameAlg and digest, e.g. 000b...)");
		} else if (strcmp(a, "--like") == 0 && k + 1 < argc) {
			like = argv[++k];
		} else {
			return cli_usage_error("seal: unknown argument '%s'", a);
		}
	}
	if (!out && !(pubf && privf))
		return cli_usage_error("seal: -o FILE (or --public and --private) is required");
	if ((pubf != NULL) != (privf != NULL))
		return cli_usage_error("seal: --public and --private go together");
	if (nors && !pcrs)
		return cli_usage_error("seal: --or needs --pcrs for the first state");
	if (authorize && pcrs)
		return cli_usage_error("seal: with --authorize, PCR states are signed later "
				       "(mtpm policy sign), not given here");

	ret = cli_read_file(in, secret, MTPM_SEAL_MAX_SECRET, &slen, "secret");
	if (ret)
		goto done;
	if (slen == 0) {
		ret = cli_usage_error("seal: the secret is empty");
		goto done;
	}
	if (have_pin(&ps)) {
		ret = cli_read_pin(ps.pin_file, ps.pin_fd, ps.pin_prompt, pin, MTPM_MAX_DIGEST, &plen);
		if (ret)
			goto done;
		o.pin = pin;
		o.pin_len = plen;
	}
	/* --like OLD: re-seal for the same parent, held to OLD's Name. */
	if (like) {
		ret = read_keyfile(like, &kf, &like_name);
		if (ret)
			goto done;
		if (!like_name.size) {
			fprintf(stderr, "mtpm seal: '%s' records no parent Name to hold the "
					"parent to\n", like);
			ret = EXIT_WRONG_TPM;
			goto done;
		}
		if (!explicit_parent) {
			o.parent = kf.parent;
			o.parent_rsa = kf.rsa_parent;
			explicit_parent = 1;
		}
		trust.recorded = &like_name;
		trust.recorded_from = like;
		mtpm_wipe(&kf, sizeof(kf));
	}
	/* Which pinned entry applies: auto means 0x81000001 if pinned, else
	 * the ECC SRK. */
	{
		uint32_t ph = o.parent;
		int prsa = o.parent_rsa;

		if (!explicit_parent || ph == 0) {
			ret = cli_trusted_parent("seal", &trust, MTPM_SRK_HANDLE, 0, &expect);
			ph = MTPM_SRK_HANDLE;
			if (ret == EXIT_OK && !expect.size && !trust.opt_name.size) {
				ret = cli_trusted_parent("seal", &trust, MTPM_RH_OWNER, 0, &expect);
				if (expect.size)
					ph = MTPM_RH_OWNER;
			}
			/* A pinned Name decides the parent; --parent-name alone
			 * may be either, and the library tries both. */
			o.parent = expect.size && !trust.opt_name.size ? ph : 0;
		} else {
			ret = cli_trusted_parent("seal", &trust, ph, prsa, &expect);
		}
		if (ret)
			goto done;
	}
	ret = cli_open(env);
	if (ret)
		goto done;
	/* The parent first: the PCR values read for the policy travel in a
	 * session salted to it. No trusted Name: trust on first use, the
	 * Name found is what the key file records. */
	o.parent_name = expect.size ? &expect : NULL;
	rc = mtpm_seal_parent(&env->ctx, &o, &pa);
	if (rc != MTPM_OK) {
		ret = rc == MTPM_E_NAME ? seal_name_fail(o.parent_name) : cli_fail("seal: parent", rc);
		goto done;
	}
	o.resolved = &pa;
	/* Current PCR values for the policy are read under an audit session
	 * salted to the trusted parent, so an interposer cannot choose the
	 * values the secret is sealed to (its HMAC covers them). Under trust
	 * on first use there is no key to trust yet (threat-model R-10). */
	if (expect.size && pcrs && !strchr(pcrs, '=')) {
		ret = cli_audit_session(env, &pa, &audit);
		if (ret)
			goto done;
		audited = &audit;
	}

	/* The policy to record. */
	if (authorize) {
		char path[512];
		const char *colon = strrchr(authorize, ':');
		mtpm_policy_step *st = &pol.steps[pol.nsteps++];
		size_t pl = colon ? (size_t)(colon - authorize) : strlen(authorize);

		if (pl >= sizeof(path)) {
			ret = cli_usage_error("seal: --authorize path too long");
			goto done;
		}
		memcpy(path, authorize, pl);
		path[pl] = '\0';
		st->cc = MTPM_CC_PolicyAuthorize;
		if (colon) {
			long rn = cli_hex_decode(colon + 1, st->u.authorize.policyRef.buffer,
						 sizeof(st->u.authorize.policyRef.buffer));
			if (rn < 0) {
				ret = cli_usage_error("seal: bad policyRef hex '%s'", colon + 1);
				goto done;
			}
			st->u.authorize.policyRef.size = (uint16_t)rn;
		}
		ret = cli_load_pubkey(path, &pol.auth.key);
		if (ret)
			goto done;
	} else if (pcrs && nors == 0) {
		ret = cli_pcr_step_ex(env, pcrs, 1, MTPM_ALG_SHA256, audited,
				      &pol.steps[pol.nsteps++], vals);
		if (ret)
			goto done;
	} else if (pcrs) {
		static mtpm_policy_step states[MTPM_MAX_POLICY_OR];

		/* Every accepted state (the first from --pcrs, read under the
		 * audit session when current), composed by the library into
		 * PolicyPCR + PolicyOR (mtpm_seal_pcr_or). */
		ret = cli_pcr_step_ex(env, pcrs, 1, MTPM_ALG_SHA256, audited, &states[0], NULL);
		for (i = 1; ret == EXIT_OK && i <= nors; i++) {
			if (!strchr(ors[i - 1], '=')) {
				ret = cli_usage_error("seal: --or needs SEL=FILE");
				goto done;
			}
			ret = cli_pcr_step(env, ors[i - 1], 1, &states[i], NULL);
		}
		if (ret)
			goto done;
		rc = mtpm_seal_pcr_or(env->ctx.crypto, MTPM_ALG_SHA256, states, nors + 1, &pol);
		if (rc == MTPM_E_USAGE) {
			ret = cli_usage_error("seal: every --or state must select the same PCRs as --pcrs");
			goto done;
		}
		if (rc != MTPM_OK) {
			ret = cli_fail("seal: policy", rc);
			goto done;
		}
	}
	o.secret = secret;
	o.secret_len = slen;
	o.policy = pol.nsteps ? &pol : NULL;
	rc = mtpm_seal(&env->ctx, &o, &kf);
	if (rc != MTPM_OK) {
		ret = cli_fail("seal", rc);
		goto done;
	}
	/* Record the sealed PCR values so a refused unseal can name the ones
	 * that changed. */
	if (pcrs && nors == 0) {
		const mtpm_TPML_PCR_SELECTION *sel = &pol.steps[0].u.pcr.pcrs;
		unsigned b, p2, v;

		for (b = 0; b < sel->count; b++)
			for (p2 = 0, v = 0; p2 < 8u * sel->pcrSelections[b].sizeofSelect; p2++)
				if ((sel->pcrSelections[b].pcrSelect[p2 / 8] >> (p2 % 8)) & 1) {
					mtpm_keyfile_pcr *rec = &kf.pcrs[kf.npcrs];

					if (kf.npcrs >= MTPM_KEYFILE_MAX_PCRS || v >= vals[b].count)
						break;
					rec->hash = sel->pcrSelections[b].hash;
					rec->pcr = (uint8_t)p2;
					rec->value = vals[b].digests[v++];
					kf.npcrs++;
				}
	}
	if (out) {
		if (der)
			rc = mtpm_keyfile_write_der(&kf, filebuf, sizeof(filebuf), &n);
		else
			rc = mtpm_keyfile_write_pem(&kf, filebuf, sizeof(filebuf), &n);
		if (rc != MTPM_OK) {
			ret = cli_fail("seal: key file", rc);
			goto done;
		}
		ret = cli_write_file(out, filebuf, n, 0, 1);
		if (ret)
			goto done;
		/* The kernel's DER has no field for the parent's Name: it goes
		 * beside the file, where unseal looks for it. */
		if (der && strcmp(out, "-") != 0) {
			ret = write_name_file(out, &kf.parent_name);
			if (ret)
				goto done;
		}
	}
	if (pubf) {
		mtpm_cur c;

		mtpm_cur_init(&c, filebuf, sizeof(filebuf));
		mtpm_put_TPM2B_PUBLIC(&c, &kf.pub);
		ret = c.err ? cli_fail("seal: public", c.err) : cli_write_file(pubf, filebuf, c.pos, 0, 1);
		if (ret)
			goto done;
		mtpm_cur_init(&c, filebuf, sizeof(filebuf));
		mtpm_put_TPM2B_PRIVATE(&c, &kf.priv);
		ret = c.err ? cli_fail("seal: private", c.err) : cli_write_file(privf, filebuf, c.pos, 0, 1);
	}
done:
	if (audit.active)
		mtpm_rc_ignore(mtpm_session_flush(&env->ctx, &audit));
	mtpm_parent_release(&env->ctx, &pa);
	wipe_all();
	return ret;
}

#else
int cli_seal(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	return cli_usage_error("seal is not in this build (the initramfs binary unseals; "
			       "seal with the full mtpm)");
}
#endif

/* --- unseal ---------------------------------------------------------------- */

static void unseal_help(void)
{
	printf("usage: mtpm unseal -i sealed.pem [-o FILE|-] [--pin | --pin-file F | --pin-fd N] [--tty]\n"
	       "                   [--parent-name HEX] [--insecure-trust-tpm-parent] [--force]\n"
	       "       mtpm unseal --public F --private F [--parent HANDLE|ecc|rsa] [--pcrs BANK:LIST[=FILE]]\n"
	       "                   [-o FILE|-] [--pin...] [--parent-name HEX]\n"
	       CLI_MORE("  Unseal a key file (PEM or DER, including the Linux kernel's trusted-key\n"
	       "  blobs) or raw tpm2_create files (--pcrs gives their PCR policy, checked\n"
	       "  offline against the object's before the TPM is asked; --parent defaults\n"
	       "  to 0x81000001). The secret goes to -o FILE (created 0600) or to stdout,\n"
	       "  never to a terminal unless --tty. The session is salted to the parent\n"
	       "  and the response encrypted.\n"
	       "  Parent trust (fail closed): the parent must have the Name recorded in\n"
	       "  the key file (PEM), in FILE.name beside a DER file, given by\n"
	       "  --parent-name, or pinned in $MTPM_PARENT_NAME_FILE (else\n"
	       "  /etc/mtpm/parents; see 'mtpm parent pin'). With none, unseal refuses\n"
	       "  (exit 9). --insecure-trust-tpm-parent believes the key the TPM presents\n"
	       "  instead: an active bus interposer can then read the secret and try PINs\n"
	       "  offline, without the TPM's lockout.\n"
	       "  exit: 0 ok, 2 usage, 3 no TPM, 4 tampering, 5 malformed or unusable file,\n"
	       "        6 PCRs or policy differ, 7 wrong PIN, 8 lockout, 9 wrong TPM or parent\n"));
}

/* After a policy failure: which recorded PCRs differ from the TPM's? */
static void name_changed_pcrs(cli_env *env)
{
	static mtpm_TPML_DIGEST cur[MTPM_MAX_BANKS];
	mtpm_TPML_PCR_SELECTION one;
	unsigned i, shown = 0;

	for (i = 0; i < kf.npcrs; i++) {
		const mtpm_keyfile_pcr *r = &kf.pcrs[i];

		memset(&one, 0, sizeof(one));
		one.count = 1;
		one.pcrSelections[0].hash = r->hash;
		one.pcrSelections[0].sizeofSelect = 3;
		one.pcrSelections[0].pcrSelect[r->pcr / 8] = (uint8_t)(1u << (r->pcr % 8));
		if (cli_read_pcrs(&env->ctx, &one, cur) != MTPM_OK || cur[0].count != 1)
			return;
		if (cur[0].digests[0].size != r->value.size ||
		    memcmp(cur[0].digests[0].buffer, r->value.buffer, r->value.size) != 0) {
			fprintf(stderr, "%s %s:%u", shown ? "," : "mtpm unseal: changed since sealing:",
				cli_hash_name(r->hash), r->pcr);
			shown++;
		}
	}
	if (shown)
		fputc('\n', stderr);
}

static void lockout_hint(cli_env *env)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	uint32_t i, interval = 0, recovery = 0;

	if (mtpm_GetCapability(&env->ctx, MTPM_CAP_TPM_PROPERTIES, MTPM_PT_LOCKOUT_INTERVAL,
			       2, &more, &cap) != MTPM_OK)
		return;
	for (i = 0; i < cap.count; i++) {
		if (cap.data.tpmProperties[i].property == MTPM_PT_LOCKOUT_INTERVAL)
			interval = cap.data.tpmProperties[i].value;
		if (cap.data.tpmProperties[i].property == MTPM_PT_LOCKOUT_RECOVERY)
			recovery = cap.data.tpmProperties[i].value;
	}
	fprintf(stderr, "mtpm unseal: the TPM forgives one failed attempt every %u s; "
			"retry in %u s or more (lockout recovery: %u s)\n",
		interval, interval, recovery);
}

/* "N tries left before the TPM locks out" after a wrong PIN, from
 * TPM_PT_LOCKOUT_COUNTER and TPM_PT_MAX_AUTH_FAIL (Part 2 §6.13):
 * informational, the TPM's unauthenticated word. */
void cli_tries_left(cli_env *env)
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

static int unseal_fail(cli_env *env, mtpm_rc rc, uint32_t cc, size_t plen)
{
	char buf[200];
	mtpm_rc base = mtpm_rc_base(rc);

	if (rc == MTPM_E_POLICY) {
		fprintf(stderr, "mtpm unseal: the TPM's PCR values do not match the sealed policy\n");
		name_changed_pcrs(env);
		return EXIT_POLICY;
	}
	if (rc == MTPM_E_NAME) {
		fprintf(stderr, "mtpm unseal: the parent key is not the trusted one (its Name "
				"differs, or it cannot derive the session key): wrong TPM or parent "
				"key, or an interposer on the bus\n");
		return EXIT_WRONG_TPM;
	}
	if (rc == MTPM_E_USAGE && plen) {
		fprintf(stderr, "mtpm unseal: a PIN was given, but this key has no PIN\n");
		return EXIT_USAGE;
	}
	if (cc == MTPM_CC_Load && (base == MTPM_RC_INTEGRITY || base == MTPM_RC_KEY)) {
		fprintf(stderr, "mtpm unseal: TPM2_Load: %s: the sealed object was not made by "
				"this TPM's parent key (wrong TPM or parent)\n",
			mtpm_rc_str(rc, buf, sizeof(buf)));
		return EXIT_WRONG_TPM;
	}
	if ((cc == MTPM_CC_Load || cc == MTPM_CC_ReadPublic || cc == MTPM_CC_StartAuthSession) &&
	    base == MTPM_RC_HANDLE) {
		fprintf(stderr, "mtpm unseal: %s: the parent key 0x%08x is not in this TPM\n",
			mtpm_rc_str(rc, buf, sizeof(buf)), kf.parent);
		return EXIT_WRONG_TPM;
	}
	if (base == MTPM_RC_AUTH_FAIL || base == MTPM_RC_BAD_AUTH) {
		fprintf(stderr, "mtpm unseal: wrong PIN (%s)\n", mtpm_rc_str(rc, buf, sizeof(buf)));
		cli_tries_left(env);
		return EXIT_AUTH;
	}
	if (base == MTPM_RC_LOCKOUT) {
		fprintf(stderr, "mtpm unseal: the TPM is in dictionary-attack lockout after too "
				"many wrong PINs\n");
		lockout_hint(env);
		return EXIT_LOCKOUT;
	}
	if (rc == MTPM_E_INTEGRITY) {
		fprintf(stderr, "mtpm unseal: response failed verification: possible bus "
				"tampering; no secret was returned\n");
		return EXIT_INTEGRITY;
	}
	return cli_fail("unseal", rc);
}

#ifndef MTPM_CLI_MINIMAL   /* raw tpm2_create files: the full build */
/* Hex of a digest for a message (one at a time: a static buffer). */
static const char *hexs(const uint8_t *b, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	static char buf[2 * MTPM_MAX_DIGEST + 1];
	size_t i;

	for (i = 0; i < n && i < MTPM_MAX_DIGEST; i++) {
		buf[2 * i] = hex[b[i] >> 4];
		buf[2 * i + 1] = hex[b[i] & 15];
	}
	buf[2 * i] = '\0';
	return buf;
}

/* "sha256:0,7 gives X, the object needs Y" for raw files, offline. */
static int check_raw_policy(cli_env *env, const char *pcrs, size_t plen)
{
	const mtpm_TPMT_PUBLIC *pub = &kf.pub.publicArea;
	mtpm_TPM2B_DIGEST d;
	mtpm_rc rc;

	if (!pub->authPolicy.size) {
		if (kf.policy.nsteps) {
			cli_err("the object has no policy, but --pcrs was given");
			return EXIT_POLICY;
		}
		return EXIT_OK;
	}
	if (!kf.policy.nsteps && !(pub->objectAttributes & MTPM_OA_USERWITHAUTH)) {
		cli_err("the object needs its policy (authPolicy %s): give --pcrs BANK:LIST "
			"(and a PIN if it was sealed with one)",
			hexs(pub->authPolicy.buffer, pub->authPolicy.size));
		return EXIT_POLICY;
	}
	if (!kf.policy.nsteps)
		return EXIT_OK;
	rc = mtpm_seal_policy_digest(env->ctx.crypto, pub->nameAlg, &kf.policy, 0, &d);
	if (rc != MTPM_OK)
		return cli_fail("unseal: policy", rc);
	if (d.size != pub->authPolicy.size || memcmp(d.buffer, pub->authPolicy.buffer, d.size)) {
		cli_err_head();
		fprintf(stderr, "--pcrs %s%s gives %s", pcrs ? pcrs : "", plen ? " with a PIN" : "",
			hexs(d.buffer, d.size));
		fprintf(stderr, ", the object needs %s\n",
			hexs(pub->authPolicy.buffer, pub->authPolicy.size));
		return EXIT_POLICY;
	}
	return EXIT_OK;
}

#endif

int cli_unseal(cli_env *env, int argc, char **argv)
{
	static uint8_t out[MTPM_SEAL_MAX_SECRET];
	const char *in = NULL, *outf = "-", *pubf = NULL, *privf = NULL, *pcrs = NULL;
	uint32_t parent = MTPM_SRK_HANDLE, failed = 0;
	uint8_t parent_rsa = 0;
	int tty = 0, ret, k, needs_pin = 0, insecure = 0, no_pin_key = 0;
	pin_src ps = { NULL, -1, 0 };
	size_t plen = 0, olen = 0;
#ifndef MTPM_CLI_MINIMAL
	size_t n;
#endif
	mtpm_TPM2B_NAME recorded, expect;
	mtpm_unseal_opts uo;
	cli_trust trust;
	mtpm_rc rc;

	memset(&kf, 0, sizeof(kf));
	memset(&trust, 0, sizeof(trust));
	memset(&recorded, 0, sizeof(recorded));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		int pr = pin_arg(argc, argv, &k, &ps);

		if (pr < 0)
			return cli_usage_error("unseal: bad --pin-fd");
		if (pr > 0)
			continue;
		if (cli_is_help(a)) {
			unseal_help();
			return EXIT_OK;
		} else if (strcmp(a, "-i") == 0 && k + 1 < argc) {
			in = argv[++k];
		} else if (strcmp(a, "-o") == 0 && k + 1 < argc) {
			outf = argv[++k];
		} else if (strcmp(a, "--tty") == 0) {
			tty = 1;
#ifndef MTPM_CLI_MINIMAL
		} else if (strcmp(a, "--public") == 0 && k + 1 < argc) {
			pubf = argv[++k];
		} else if (strcmp(a, "--private") == 0 && k + 1 < argc) {
			privf = argv[++k];
		} else if (strcmp(a, "--pcrs") == 0 && k + 1 < argc) {
			pcrs = argv[++k];
#endif
		} else if (strcmp(a, "--parent") == 0 && k + 1 < argc) {
			if (parse_parent(argv[++k], &parent, &parent_rsa) != 0 || parent == 0)
				return cli_usage_error("unseal: --parent takes a persistent handle, "
						       "ecc or rsa");
		} else if (strcmp(a, "--parent-name") == 0 && k + 1 < argc) {
			if (cli_parse_name(argv[++k], &trust.opt_name) != 0)
				return cli_usage_error("unseal: --parent-name takes a Name in hex "
						       "(nameAlg and digest, e.g. 000b...)");
		} else if (strcmp(a, "--insecure-trust-tpm-parent") == 0) {
			insecure = 1;
		} else {
			return cli_usage_error("unseal: unknown argument '%s'", a);
		}
	}
	if (!in == !(pubf && privf) || (pubf != NULL) != (privf != NULL))
		return cli_usage_error("unseal: give -i FILE%s", CLI_MORE(", or --public and --private"));
	if (in && pcrs)
		return cli_usage_error("unseal: --pcrs is for raw files; a key file carries its policy");

	if (in) {
		ret = read_keyfile(in, &kf, &recorded);
		if (ret)
			goto done;
		trust.recorded = &recorded;
		trust.recorded_from = in;
	}
#ifndef MTPM_CLI_MINIMAL
	else {
		ret = cli_read_file(pubf, filebuf, sizeof(filebuf), &n, "public file");
		if (ret)
			goto done;
		if (mtpm_keyfile_read_public(filebuf, n, &kf.pub) != MTPM_OK) {
			cli_err("public file '%s': not a TPM2B_PUBLIC", pubf);
			ret = EXIT_MALFORMED;
			goto done;
		}
		ret = cli_read_file(privf, filebuf, sizeof(filebuf), &n, "private file");
		if (ret)
			goto done;
		if (mtpm_keyfile_read_private(filebuf, n, &kf.priv) != MTPM_OK) {
			cli_err("private file '%s': not a TPM2B_PRIVATE", privf);
			ret = EXIT_MALFORMED;
			goto done;
		}
		kf.parent = parent;
		kf.rsa_parent = parent_rsa;
		kf.empty_auth = !have_pin(&ps);
	}
#endif

	/* The parent's trusted Name, before anything talks to the TPM. */
	ret = cli_trusted_parent("unseal", &trust, kf.parent, kf.rsa_parent, &expect);
	if (ret)
		goto done;
	if (!expect.size && !insecure) {
		cli_no_trust_msg("unseal", kf.parent, kf.rsa_parent);
		ret = EXIT_WRONG_TPM;
		goto done;
	}

	needs_pin = mtpm_keyfile_uses_auth(&kf) || (in && !kf.empty_auth && !kf.policy.nsteps);
	no_pin_key = in && !needs_pin;
	if (no_pin_key && have_pin(&ps)) {
		cli_err("a PIN was given, but '%s' has no PIN", in);
		ret = EXIT_USAGE;
		goto done;
	}
	if (needs_pin && !have_pin(&ps))
		ps.pin_prompt = 1;
	if (have_pin(&ps)) {
		ret = cli_read_pin(ps.pin_file, ps.pin_fd, ps.pin_prompt, pin, MTPM_MAX_DIGEST, &plen);
		if (ret)
			goto done;
	}
	ret = cli_open(env);
	if (ret)
		goto done;
#ifndef MTPM_CLI_MINIMAL
	if (pcrs) {
		ret = cli_pcr_step(env, pcrs, 1, &kf.policy.steps[0], NULL);
		if (ret)
			goto done;
		kf.policy.nsteps = 1;
	}
	if (!in && plen && (kf.policy.nsteps || !(kf.pub.publicArea.objectAttributes &
						  MTPM_OA_USERWITHAUTH))) {
		kf.policy.steps[kf.policy.nsteps].cc = MTPM_CC_PolicyAuthValue;
		kf.policy.nsteps++;
	}
	if (!in) {
		ret = check_raw_policy(env, pcrs, plen);
		if (ret)
			goto done;
	}
#endif
	memset(&uo, 0, sizeof(uo));
	uo.pin = plen ? pin : NULL;
	uo.pin_len = plen;
	uo.parent_name = expect.size ? &expect : NULL;
	uo.parent_pub = kf.parent_pub.publicArea.type ? &kf.parent_pub : NULL;
	uo.flags = insecure ? MTPM_TRUST_TPM_PARENT : 0;
	rc = mtpm_unseal(&env->ctx, &kf, &uo, out, sizeof(out), &olen, &failed);
	if (rc != MTPM_OK) {
		ret = unseal_fail(env, rc, failed, plen);
		goto done;
	}
	ret = cli_write_file(outf, out, olen, 1, tty);
done:
	mtpm_wipe(out, sizeof(out));
	wipe_all();
	return ret;
}
