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
#include "cli.h"

/* Large structures live in static storage, not on the stack. */
static mtpm_keyfile kf;
static mtpm_keyfile_policy pol;
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
	if (cli_parse_u32(s, h) == 0 && (*h >> 24) == MTPM_HT_PERSISTENT)
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

static void seal_help(void)
{
	printf("usage: mtpm seal [--pcrs BANK:LIST[=FILE]] [--or BANK:LIST=FILE]...\n"
	       "                 [--pin | --pin-file F | --pin-fd N] [--authorize PUBKEY.pem[:REF_HEX]]\n"
	       "                 [--parent auto|HANDLE|ecc|rsa] [-i FILE|-] [-o sealed.pem] [--der]\n"
	       "                 [--public F --private F]\n"
	       "  Seal up to 128 bytes (from -i, default stdin) to the TPM:\n"
	       "  --pcrs      PolicyPCR on the listed PCRs: their current values, or the\n"
	       "              values in FILE (digests concatenated in selection order, as\n"
	       "              tpm2_pcrread -o writes them: the 'seal to the next boot' case)\n"
	       "  --or        another accepted PCR state (PolicyOR), same selection\n"
	       "  --pin...    also require a PIN (PolicyAuthValue); never taken from argv\n"
	       "  --authorize a policy the owner of PUBKEY signs later (PolicyAuthorize);\n"
	       "              add approved PCR states with 'mtpm policy sign'\n"
	       "  --parent    auto (0x81000001 if it is a storage key, else a transient\n"
	       "              ECC SRK), a persistent handle, or a transient ecc/rsa SRK\n"
	       "  -o          TSS2 PRIVATE KEY file (PEM; --der for DER, the kernel's form)\n"
	       "  --public/--private  also write raw TPM2B files for tpm2_load\n"
	       "  The secret crosses the bus only inside an encrypted Create parameter of\n"
	       "  a session salted to the parent.\n");
}

int cli_seal(cli_env *env, int argc, char **argv)
{
	static mtpm_TPML_DIGEST vals[MTPM_MAX_BANKS];
	const char *in = "-", *out = NULL, *pubf = NULL, *privf = NULL, *pcrs = NULL;
	const char *authorize = NULL, *ors[MTPM_MAX_POLICY_OR];
	unsigned nors = 0, i;
	int der = 0, ret, k;
	pin_src ps = { NULL, -1, 0 };
	mtpm_seal_opts o;
	size_t slen = 0, plen = 0, n;
	mtpm_rc rc;

	memset(&o, 0, sizeof(o));
	memset(&pol, 0, sizeof(pol));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		int pa = pin_arg(argc, argv, &k, &ps);

		if (pa < 0)
			return cli_usage_error("seal: bad --pin-fd");
		if (pa > 0)
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
	if (ret == EXIT_TOO_LARGE) {
		fprintf(stderr, "mtpm seal: the secret is larger than %d bytes, the most a "
				"sealed object holds\n", MTPM_SEAL_MAX_SECRET);
		goto done;
	}
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
	ret = cli_open(env);
	if (ret)
		goto done;

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
		ret = cli_pcr_step(env, pcrs, 1, &pol.steps[pol.nsteps++], vals);
		if (ret)
			goto done;
	} else if (pcrs) {
		mtpm_policy_step *orst, branch;
		mtpm_TPM2B_DIGEST d;

		/* PolicyPCR with no digest (the TPM takes its current values),
		 * then PolicyOR of every accepted state's digest. */
		ret = cli_pcr_step(env, pcrs, 1, &branch, NULL);
		if (ret)
			goto done;
		pol.steps[0] = branch;
		memset(&pol.steps[0].u.pcr.pcrDigest, 0, sizeof(pol.steps[0].u.pcr.pcrDigest));
		orst = &pol.steps[1];
		pol.nsteps = 2;
		orst->cc = MTPM_CC_PolicyOR;
		for (i = 0; i <= nors; i++) {
			if (i > 0) {
				if (!strchr(ors[i - 1], '=')) {
					ret = cli_usage_error("seal: --or needs SEL=FILE");
					goto done;
				}
				ret = cli_pcr_step(env, ors[i - 1], 1, &branch, NULL);
				if (ret)
					goto done;
				if (memcmp(&branch.u.pcr.pcrs, &pol.steps[0].u.pcr.pcrs,
					   sizeof(branch.u.pcr.pcrs)) != 0) {
					ret = cli_usage_error("seal: every --or state must select the same PCRs as --pcrs");
					goto done;
				}
			}
			mtpm_policy_init(MTPM_ALG_SHA256, &d);
			rc = mtpm_policy_calc(env->ctx.crypto, MTPM_ALG_SHA256, &d, &branch);
			if (rc != MTPM_OK) {
				ret = cli_fail("seal: policy", rc);
				goto done;
			}
			orst->u.or.pHashList.digests[orst->u.or.pHashList.count++] = d;
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
	wipe_all();
	return ret;
}

/* --- unseal ---------------------------------------------------------------- */

static void unseal_help(void)
{
	printf("usage: mtpm unseal -i sealed.pem [-o FILE|-] [--pin | --pin-file F | --pin-fd N] [--tty]\n"
	       "       mtpm unseal --public F --private F [--parent HANDLE] [--pcrs BANK:LIST]\n"
	       "                   [-o FILE|-] [--pin...]\n"
	       "  Unseal a key file (PEM or DER, including the Linux kernel's trusted-key\n"
	       "  blobs) or raw tpm2_create files (--pcrs gives their PCR policy; --parent\n"
	       "  defaults to 0x81000001). The secret goes to -o FILE (created 0600) or to\n"
	       "  stdout, never to a terminal unless --tty. The session is salted to the\n"
	       "  parent and the response encrypted; the parent's recorded Name is checked\n"
	       "  before any secret moves.\n"
	       "  exit: 0 ok, 3 no TPM, 4 tampering, 5 malformed file, 6 PCRs differ,\n"
	       "        7 wrong PIN, 8 lockout, 9 wrong TPM or parent\n");
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

static int unseal_fail(cli_env *env, mtpm_rc rc, uint32_t cc)
{
	char buf[200];
	mtpm_rc base = mtpm_rc_base(rc);

	if (rc == MTPM_E_POLICY) {
		fprintf(stderr, "mtpm unseal: the TPM's PCR values do not match the sealed policy\n");
		name_changed_pcrs(env);
		return EXIT_POLICY;
	}
	if (rc == MTPM_E_NAME) {
		fprintf(stderr, "mtpm unseal: the parent key's Name differs from the one recorded "
				"at seal time: wrong TPM or parent key, or an interposer on the bus\n");
		return EXIT_WRONG_TPM;
	}
	if (cc == MTPM_CC_Load && (base == MTPM_RC_INTEGRITY || base == 0x9C /* KEY */)) {
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

int cli_unseal(cli_env *env, int argc, char **argv)
{
	static uint8_t out[MTPM_SEAL_MAX_SECRET];
	const char *in = NULL, *outf = "-", *pubf = NULL, *privf = NULL, *pcrs = NULL;
	uint32_t parent = MTPM_SRK_HANDLE, failed = 0;
	int tty = 0, ret, k, needs_pin = 0;
	pin_src ps = { NULL, -1, 0 };
	size_t n, plen = 0, olen = 0;
	unsigned i;
	mtpm_rc rc;

	memset(&kf, 0, sizeof(kf));
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		int pa = pin_arg(argc, argv, &k, &ps);

		if (pa < 0)
			return cli_usage_error("unseal: bad --pin-fd");
		if (pa > 0)
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
		} else if (strcmp(a, "--public") == 0 && k + 1 < argc) {
			pubf = argv[++k];
		} else if (strcmp(a, "--private") == 0 && k + 1 < argc) {
			privf = argv[++k];
		} else if (strcmp(a, "--pcrs") == 0 && k + 1 < argc) {
			pcrs = argv[++k];
		} else if (strcmp(a, "--parent") == 0 && k + 1 < argc) {
			if (cli_parse_u32(argv[++k], &parent) != 0 ||
			    (parent >> 24) != MTPM_HT_PERSISTENT)
				return cli_usage_error("unseal: --parent takes a persistent handle");
		} else {
			return cli_usage_error("unseal: unknown argument '%s'", a);
		}
	}
	if (!in == !(pubf && privf) || (pubf != NULL) != (privf != NULL))
		return cli_usage_error("unseal: give -i FILE, or --public and --private");
	if (in && pcrs)
		return cli_usage_error("unseal: --pcrs is for raw files; a key file carries its policy");

	if (in) {
		ret = cli_read_file(in, filebuf, MTPM_KEYFILE_MAX_PEM, &n, "key file");
		if (ret)
			goto done;
		/* The kernel's keyctl print form: the DER as one hex line. */
		if (n > 2 && n % 2 <= 1 && filebuf[0] == '3' && filebuf[1] == '0') {
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
		rc = mtpm_keyfile_read(filebuf, n, &kf);
		if (rc != MTPM_OK) {
			fprintf(stderr, "mtpm unseal: '%s' is not a sealed TPM key file%s\n", in,
				rc == MTPM_E_UNSUPPORTED ? " (it is some other kind of TPM key)" : "");
			ret = EXIT_MALFORMED;
			goto done;
		}
	} else {
		ret = cli_read_file(pubf, filebuf, sizeof(filebuf), &n, "public file");
		if (ret)
			goto done;
		if (mtpm_read_public_file(filebuf, n, &kf.pub) != MTPM_OK) {
			fprintf(stderr, "mtpm unseal: '%s' is not a TPM2B_PUBLIC file\n", pubf);
			ret = EXIT_MALFORMED;
			goto done;
		}
		ret = cli_read_file(privf, filebuf, sizeof(filebuf), &n, "private file");
		if (ret)
			goto done;
		if (mtpm_read_private_file(filebuf, n, &kf.priv) != MTPM_OK) {
			fprintf(stderr, "mtpm unseal: '%s' is not a TPM2B_PRIVATE file\n", privf);
			ret = EXIT_MALFORMED;
			goto done;
		}
		kf.parent = parent;
		kf.empty_auth = !have_pin(&ps);
	}

	for (i = 0; i < kf.policy.nsteps; i++)
		needs_pin |= kf.policy.steps[i].cc == MTPM_CC_PolicyAuthValue;
	needs_pin |= in && !kf.empty_auth && !kf.policy.nsteps;
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
	if (pcrs) {
		ret = cli_pcr_step(env, pcrs, 0, &kf.policy.steps[0], NULL);
		if (ret)
			goto done;
		kf.policy.nsteps = 1;
	}
	if (!in && plen && kf.policy.nsteps) {
		kf.policy.steps[kf.policy.nsteps].cc = MTPM_CC_PolicyAuthValue;
		kf.policy.nsteps++;
	}
	rc = mtpm_unseal(&env->ctx, &kf, plen ? pin : NULL, plen, out, sizeof(out), &olen, &failed);
	if (rc != MTPM_OK) {
		ret = unseal_fail(env, rc, failed);
		goto done;
	}
	ret = cli_write_file(outf, out, olen, 1, tty);
done:
	mtpm_wipe(out, sizeof(out));
	wipe_all();
	return ret;
}
