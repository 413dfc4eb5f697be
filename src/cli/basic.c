/*
 * basic.c - the foundation subcommands: getrandom, pcrread, pcrextend,
 * info, handles, flush, startup.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* --- getrandom ---------------------------------------------------------- */

int cli_getrandom(cli_env *env, int argc, char **argv)
{
	static uint8_t out[4096];
	uint32_t n = 0, got = 0;
	int hex = 0, i, ret;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: mtpm getrandom N [--hex]\n"
			       CLI_MORE("  N random bytes (1-4096) from the TPM (Part 3 §16.1 TPM2_GetRandom),\n"
			       "  raw on stdout, or as hex with --hex. Requests larger than the TPM's\n"
			       "  digest size are split into several commands.\n"));
			return EXIT_OK;
		} else if (strcmp(argv[i], "--hex") == 0) {
			hex = 1;
		} else if (n == 0 && cli_parse_u32(argv[i], &n) == 0 && n > 0) {
			/* count */
		} else {
			return cli_usage_error("getrandom: bad argument '%s'", argv[i]);
		}
	}
	if (n == 0 || n > sizeof(out))
		return cli_usage_error("getrandom: N must be 1 to %u", (unsigned)sizeof(out));
	ret = cli_open(env);
	if (ret)
		return ret;
	while (got < n) {
		mtpm_TPM2B_DIGEST r;
		uint32_t want = n - got > 64 ? 64 : n - got;
		mtpm_rc rc = mtpm_GetRandom(&env->ctx, NULL, (uint16_t)want, &r);

		if (rc != MTPM_OK)
			return cli_fail("getrandom: TPM2_GetRandom", rc);
		if (r.size == 0)
			return cli_fail("getrandom: TPM2_GetRandom returned no bytes",
					MTPM_E_MALFORMED);
		memcpy(out + got, r.buffer, r.size);
		got += r.size;
	}
	if (hex) {
		cli_hex_print(stdout, out, n, 0);
		putchar('\n');
	} else if (fwrite(out, 1, n, stdout) != n) {
		return cli_fail("getrandom: write", MTPM_E_FILE);
	}
	return fflush(stdout) == 0 ? EXIT_OK : cli_fail("getrandom: write", MTPM_E_FILE);
}

/* --- pcrread ------------------------------------------------------------ */

/* Banks the TPM has allocated, as a selection of all 24 PCRs each. */
static mtpm_rc allocated_banks(mtpm_ctx *ctx, mtpm_TPML_PCR_SELECTION *sel)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	unsigned i;
	mtpm_rc rc;

	memset(sel, 0, sizeof(*sel));
	rc = mtpm_GetCapability(ctx, MTPM_CAP_PCRS, 0, 1, &more, &cap);
	if (rc != MTPM_OK)
		return rc;
	for (i = 0; i < cap.count && i < MTPM_MAX_BANKS; i++)
		sel->pcrSelections[sel->count++] = cap.data.assignedPCR[i];
	return MTPM_OK;
}

static int is_selected(const mtpm_TPMS_PCR_SELECTION *s, unsigned pcr)
{
	return pcr / 8 < s->sizeofSelect && (s->pcrSelect[pcr / 8] >> (pcr % 8)) & 1;
}

/*
 * Part 3 §22.4 TPM2_PCR_Read with an HMAC session attached for audit
 * (Part 2 §8.4 TPMA_SESSION.audit).
 * PCR_Read has no handle to authorize and its first response parameter
 * (pcrUpdateCounter) is not a TPM2B, so the session can neither authorize
 * nor encrypt here; audit is the role that makes the TPM answer with an
 * HMAC over the rpHash, which covers pcrUpdateCounter, pcrSelectionOut
 * and every value. The pipeline verifies it before the parser sees a byte
 * (MTPM_E_INTEGRITY otherwise).
 */
static mtpm_rc pcr_read_audited(mtpm_ctx *ctx, mtpm_session *s,
				const mtpm_TPML_PCR_SELECTION *in, uint32_t *counter,
				mtpm_TPML_PCR_SELECTION *out, mtpm_TPML_DIGEST *vals)
{
	mtpm_auth au;
	mtpm_auths as;

	memset(&au, 0, sizeof(au));
	au.sess = s;
	au.attrs = MTPM_SA_CONTINUESESSION | MTPM_SA_AUDIT;
	memset(&as, 0, sizeof(as));
	as.a[0] = &au;
	as.n = 1;
	return mtpm_PCR_Read_auths(ctx, &as, in, counter, out, vals);
}

/*
 * Read the PCRs of sel (any number of banks, any PCRs) into vals[b], one
 * list per bank in PCR order. Each PCR_Read asks for one bank and one
 * select byte, so at most 8 digests come back (a TPML_DIGEST's room) and
 * every reply can be checked exactly: the TPM must return the selection we
 * asked for, with digests of the bank's size. A selection takes several
 * commands, so pcrUpdateCounter must be the same in all of them, or the
 * values could mix two states: the whole read is then done again, at most
 * four times (Part 3 §22.4: the counter changes with every extend).
 * With audit, every reply is covered by that session's response HMAC.
 */
static mtpm_rc read_pcrs(mtpm_ctx *ctx, mtpm_session *audit,
			 const mtpm_TPML_PCR_SELECTION *sel,
			 cli_pcr_values vals[MTPM_MAX_BANKS])
{
	mtpm_TPML_PCR_SELECTION one, out;
	mtpm_TPML_DIGEST got;
	uint32_t counter = 0, first = 0;
	unsigned b, byte, k, bits, attempt, calls;
	int changed;
	mtpm_rc rc = MTPM_OK;

	memset(vals, 0, sizeof(cli_pcr_values) * MTPM_MAX_BANKS);
	if (sel->count > MTPM_MAX_BANKS)
		return MTPM_E_USAGE;
	for (attempt = 0; attempt < 4; attempt++) {
		memset(vals, 0, sizeof(cli_pcr_values) * MTPM_MAX_BANKS);
		calls = 0;
		changed = 0;
		for (b = 0; b < sel->count && !changed; b++) {
			const mtpm_TPMS_PCR_SELECTION *s = &sel->pcrSelections[b];

			for (byte = 0; byte < s->sizeofSelect && byte < MTPM_PCR_SELECT_MAX;
			     byte++) {
				if (!s->pcrSelect[byte])
					continue;
				memset(&one, 0, sizeof(one));
				one.count = 1;
				one.pcrSelections[0].hash = s->hash;
				one.pcrSelections[0].sizeofSelect = s->sizeofSelect;
				one.pcrSelections[0].pcrSelect[byte] = s->pcrSelect[byte];
				if (audit)
					rc = pcr_read_audited(ctx, audit, &one, &counter, &out, &got);
				else
					rc = mtpm_PCR_Read(ctx, &one, &counter, &out, &got);
				if (rc != MTPM_OK)
					goto out;
				if (out.count != 1 || out.pcrSelections[0].hash != s->hash ||
				    out.pcrSelections[0].sizeofSelect != s->sizeofSelect ||
				    memcmp(out.pcrSelections[0].pcrSelect,
					   one.pcrSelections[0].pcrSelect,
					   sizeof(one.pcrSelections[0].pcrSelect)) != 0) {
					rc = MTPM_E_POLICY;   /* bank or PCR not allocated */
					goto out;
				}
				for (bits = 0, k = 0; k < 8; k++)
					bits += (s->pcrSelect[byte] >> k) & 1u;
				if (got.count != bits) {
					rc = MTPM_E_MALFORMED;
					goto out;
				}
				for (k = 0; k < got.count; k++) {
					if (got.digests[k].size != mtpm_hash_size(s->hash)) {
						rc = MTPM_E_MALFORMED;
						goto out;
					}
					if (vals[b].count >= CLI_MAX_PCRS) {
						rc = MTPM_E_SPACE;
						goto out;
					}
					vals[b].digests[vals[b].count++] = got.digests[k];
				}
				if (calls++ == 0) {
					first = counter;
				} else if (counter != first) {
					changed = 1;
					break;
				}
			}
		}
		if (!changed)
			goto out;   /* every value from one state */
	}
	rc = MTPM_E_RETRY_EXHAUSTED;   /* the PCRs kept changing while read */
out:
	if (rc != MTPM_OK)
		memset(vals, 0, sizeof(cli_pcr_values) * MTPM_MAX_BANKS);
	return rc;
}

mtpm_rc cli_read_pcr_values(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *sel,
			    cli_pcr_values vals[MTPM_MAX_BANKS])
{
	return read_pcrs(ctx, NULL, sel, vals);
}

mtpm_rc cli_read_pcrs_audited(mtpm_ctx *ctx, mtpm_session *s,
			      const mtpm_TPML_PCR_SELECTION *sel,
			      cli_pcr_values vals[MTPM_MAX_BANKS])
{
	/* An HMAC session with a key: an unsalted, unbound session has an
	 * empty one, and a response HMAC anyone can compute proves nothing.
	 * Whether the key is secret is the caller's part: salted to a key
	 * whose Name it trusts. */
	if (!s || !s->active || s->type != MTPM_SE_HMAC || s->key_len == 0) {
		memset(vals, 0, sizeof(cli_pcr_values) * MTPM_MAX_BANKS);
		return MTPM_E_USAGE;
	}
	return read_pcrs(ctx, s, sel, vals);
}

mtpm_rc cli_read_pcrs(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *sel,
		      mtpm_TPML_DIGEST values[MTPM_MAX_BANKS])
{
	static cli_pcr_values all[MTPM_MAX_BANKS];
	unsigned b;
	mtpm_rc rc;

	memset(values, 0, sizeof(mtpm_TPML_DIGEST) * MTPM_MAX_BANKS);
	rc = read_pcrs(ctx, NULL, sel, all);
	for (b = 0; rc == MTPM_OK && b < sel->count; b++)
		if (all[b].count > MTPM_MAX_DIGESTS)
			rc = MTPM_E_SPACE;   /* more than a TPML_DIGEST holds */
	for (b = 0; rc == MTPM_OK && b < sel->count; b++) {
		values[b].count = all[b].count;
		memcpy(values[b].digests, all[b].digests,
		       all[b].count * sizeof(all[b].digests[0]));
	}
	memset(all, 0, sizeof(all));
	return rc;
}

int cli_pcrread(cli_env *env, int argc, char **argv)
{
	static cli_pcr_values values[MTPM_MAX_BANKS];
	static uint8_t file[MTPM_MAX_BANKS * CLI_MAX_PCRS * MTPM_MAX_DIGEST];
	mtpm_TPML_PCR_SELECTION sel;
	const char *spec = NULL, *outf = NULL;
	size_t n = 0;
	unsigned b, p, k;
	int i, ret;
	mtpm_rc rc;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			printf("usage: mtpm pcrread [-o FILE] [SEL|all]\n"
			       CLI_MORE("  Read PCRs (Part 3 §22.4 TPM2_PCR_Read) and print them as tpm2_pcrread\n"
			       "  does. SEL is BANK:LIST[+BANK:LIST...]: BANK sha1, sha256, sha384 or\n"
			       "  sha512 (sha256 when left out); LIST 'all', or PCRs and ranges as in\n"
			       "  7, 0,7, 0+7, 0-7, 0-3,7. A '+' then a bank name starts a bank, a '+'\n"
			       "  then a digit is another PCR. Default: every allocated bank.\n"
			       "  -o FILE: also write the values, concatenated in selection order (banks\n"
			       "  as given, PCRs ascending), as tpm2_pcrread -o does: the file that\n"
			       "  'seal --pcrs SEL=FILE' and 'policy pcr:SEL=FILE' read.\n"));
			return EXIT_OK;
		}
		if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc || outf)
				return cli_usage_error("pcrread: -o needs one FILE");
			outf = argv[++i];
			continue;
		}
		if (spec)
			return cli_usage_error("pcrread: one selection argument only");
		spec = argv[i];
	}
	if (spec && strcmp(spec, "all") != 0 &&
	    cli_parse_pcr_selection(spec, &sel) != MTPM_OK)
		return cli_usage_error("pcrread: bad PCR selection '%s'", spec);
	ret = cli_open(env);
	if (ret)
		return ret;
	if (!spec || strcmp(spec, "all") == 0) {
		rc = allocated_banks(&env->ctx, &sel);
		if (rc != MTPM_OK)
			return cli_fail("pcrread: TPM2_GetCapability(PCRS)", rc);
	}
	/* All of it first (one PCR state), then print and write. */
	rc = cli_read_pcr_values(&env->ctx, &sel, values);
	if (rc != MTPM_OK)
		return cli_fail("pcrread: TPM2_PCR_Read", rc);
	for (b = 0; b < sel.count; b++) {
		printf("  %s:\n", cli_hash_name(sel.pcrSelections[b].hash) ?
		       cli_hash_name(sel.pcrSelections[b].hash) : "unknown");
		for (p = 0, k = 0; p < 8u * MTPM_PCR_SELECT_MAX && k < values[b].count; p++) {
			const mtpm_TPM2B_DIGEST *v = &values[b].digests[k];

			if (!is_selected(&sel.pcrSelections[b], p))
				continue;
			printf("    %-2u: 0x", p);
			cli_hex_print(stdout, v->buffer, v->size, 1);
			putchar('\n');
			if (n + v->size <= sizeof(file)) {   /* always: 8 banks x 24 x 64 */
				memcpy(file + n, v->buffer, v->size);
				n += v->size;
			}
			k++;
		}
	}
	if (fflush(stdout) != 0)
		return cli_fail("pcrread: write", MTPM_E_FILE);
	if (outf)
		return cli_write_file(outf, file, n, 0, 1);
	return EXIT_OK;
}

/* --- pcrextend ---------------------------------------------------------- */

int cli_pcrextend(cli_env *env, int argc, char **argv)
{
	mtpm_TPML_DIGEST_VALUES d;
	uint32_t pcr;
	char *arg, *colon, *item, *save = NULL;
	int ret;
	mtpm_rc rc;

	if (argc == 2 && cli_is_help(argv[1])) {
		printf("usage: mtpm pcrextend PCR:ALG=HEX[,ALG=HEX...]\n"
		       CLI_MORE("  Extend PCR with one digest per bank (Part 3 §22.2 TPM2_PCR_Extend),\n"
		       "  e.g. 7:sha256=<64 hex digits>. Uses an empty password for the PCR.\n"));
		return EXIT_OK;
	}
	if (argc != 2)
		return cli_usage_error("pcrextend: expected PCR:ALG=HEX[,ALG=HEX...]");
	arg = argv[1];
	colon = strchr(arg, ':');
	if (!colon)
		return cli_usage_error("pcrextend: missing ':' in '%s'", arg);
	*colon = '\0';
	if (cli_parse_u32(arg, &pcr) != 0 || pcr > 23)
		return cli_usage_error("pcrextend: bad PCR index '%s'", arg);
	memset(&d, 0, sizeof(d));
	for (item = strtok_r(colon + 1, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		mtpm_TPMT_HA *ha;
		long n;

		if (!eq || d.count >= MTPM_MAX_BANKS)
			return cli_usage_error("pcrextend: expected ALG=HEX, got '%s'", item);
		*eq = '\0';
		ha = &d.digests[d.count];
		ha->hashAlg = cli_hash_alg(item);
		if (!ha->hashAlg)
			return cli_usage_error("pcrextend: unknown bank '%s'", item);
		n = cli_hex_decode(eq + 1, ha->digest, sizeof(ha->digest));
		if (n != (long)mtpm_hash_size(ha->hashAlg))
			return cli_usage_error("pcrextend: %s digest must be %u hex bytes",
					       item, mtpm_hash_size(ha->hashAlg));
		d.count++;
	}
	if (d.count == 0)
		return cli_usage_error("pcrextend: no digest given");
	ret = cli_open(env);
	if (ret)
		return ret;
	rc = mtpm_PCR_Extend(&env->ctx, pcr, NULL, &d);
	if (rc != MTPM_OK)
		return cli_fail("pcrextend: TPM2_PCR_Extend", rc);
	return EXIT_OK;
}

#ifndef MTPM_CLI_MINIMAL   /* a report for people: not in the initramfs build */
/* --- info --------------------------------------------------------------- */

static void print_chars(uint32_t v)
{
	int i;

	for (i = 24; i >= 0; i -= 8) {
		char ch = (char)(v >> i);

		if (ch >= 0x20 && ch < 0x7f)
			putchar(ch);
	}
}

static uint32_t prop(const mtpm_TPMS_CAPABILITY_DATA *c, uint32_t p)
{
	uint32_t i;

	for (i = 0; i < c->count && i < MTPM_MAX_TPM_PROPERTIES; i++)
		if (c->data.tpmProperties[i].property == p)
			return c->data.tpmProperties[i].value;
	return 0;
}

static const char *alg_name(uint16_t a)
{
	switch (a) {
	case MTPM_ALG_RSA: return "rsa";
	case MTPM_ALG_TDES: return "tdes";
	case MTPM_ALG_SHA1: return "sha1";
	case MTPM_ALG_HMAC: return "hmac";
	case MTPM_ALG_AES: return "aes";
	case MTPM_ALG_MGF1: return "mgf1";
	case MTPM_ALG_KEYEDHASH: return "keyedhash";
	case MTPM_ALG_XOR: return "xor";
	case MTPM_ALG_SHA256: return "sha256";
	case MTPM_ALG_SHA384: return "sha384";
	case MTPM_ALG_SHA512: return "sha512";
	case MTPM_ALG_NULL: return "null";
	case MTPM_ALG_SM3_256: return "sm3_256";
	case MTPM_ALG_SM4: return "sm4";
	case MTPM_ALG_RSASSA: return "rsassa";
	case MTPM_ALG_RSAES: return "rsaes";
	case MTPM_ALG_RSAPSS: return "rsapss";
	case MTPM_ALG_OAEP: return "oaep";
	case MTPM_ALG_ECDSA: return "ecdsa";
	case MTPM_ALG_ECDH: return "ecdh";
	case MTPM_ALG_ECDAA: return "ecdaa";
	case MTPM_ALG_SM2: return "sm2";
	case MTPM_ALG_ECSCHNORR: return "ecschnorr";
	case MTPM_ALG_ECMQV: return "ecmqv";
	case MTPM_ALG_KDF1_SP800_56A: return "kdf1_sp800_56a";
	case MTPM_ALG_KDF2: return "kdf2";
	case MTPM_ALG_KDF1_SP800_108: return "kdf1_sp800_108";
	case MTPM_ALG_ECC: return "ecc";
	case MTPM_ALG_SYMCIPHER: return "symcipher";
	case MTPM_ALG_CAMELLIA: return "camellia";
	case MTPM_ALG_SHA3_256: return "sha3_256";
	case MTPM_ALG_SHA3_384: return "sha3_384";
	case MTPM_ALG_SHA3_512: return "sha3_512";
	case MTPM_ALG_CTR: return "ctr";
	case MTPM_ALG_OFB: return "ofb";
	case MTPM_ALG_CBC: return "cbc";
	case MTPM_ALG_CFB: return "cfb";
	case MTPM_ALG_ECB: return "ecb";
	default: return NULL;
	}
}

#endif

/*
 * Is h of the kind the capability query starting at first lists? The two
 * session queries (Part 2 §7.2: 0x02 loaded, 0x03 saved) list HMAC and
 * policy sessions alike, each with its own type byte.
 */
static int same_kind(uint32_t h, uint32_t first)
{
	uint32_t t = MTPM_HANDLE_TYPE(h), q = MTPM_HANDLE_TYPE(first);

	if (q == MTPM_HT_HMAC_SESSION || q == MTPM_HT_POLICY_SESSION)
		return t == MTPM_HT_HMAC_SESSION || t == MTPM_HT_POLICY_SESSION;
	return t == q;
}

/* Print every handle of one kind; returns rc. Sessions (at most a few
 * dozen) come in one reply; objects page on. */
static mtpm_rc print_handles(mtpm_ctx *ctx, uint32_t first, const char *indent)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint32_t next = first, i;
	uint8_t more = 1;
	unsigned rounds = 0;
	mtpm_rc rc;

	while (more && rounds++ < 64) {
		rc = mtpm_GetCapability(ctx, MTPM_CAP_HANDLES, next, MTPM_MAX_CAP_HANDLES,
					&more, &cap);
		if (rc != MTPM_OK)
			return rc;
		for (i = 0; i < cap.count; i++) {
			uint32_t h = cap.data.handles[i];

			if (!same_kind(h, first))
				return MTPM_OK;
			printf("%s0x%08x\n", indent, h);
			next = h + 1;
		}
		if (cap.count == 0 || same_kind(first, MTPM_HT_HMAC_SESSION << 24))
			break;
	}
	return MTPM_OK;
}

#ifndef MTPM_CLI_MINIMAL
int cli_info(cli_env *env, int argc, char **argv)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	uint32_t i, v;
	int ret;
	mtpm_rc rc;

	if (argc > 1) {
		if (cli_is_help(argv[1])) {
			printf("usage: mtpm info\n"
			       CLI_MORE("  Manufacturer, firmware version, spec level, algorithms, PCR banks,\n"
			       "  maximum command and response sizes, loaded and persistent handles\n"
			       "  (Part 3 §30.2 TPM2_GetCapability).\n"));
			return EXIT_OK;
		}
		return cli_usage_error("info: no arguments expected");
	}
	ret = cli_open(env);
	if (ret)
		return ret;
	rc = mtpm_GetCapability(&env->ctx, MTPM_CAP_TPM_PROPERTIES, MTPM_PT_FIXED,
				MTPM_MAX_TPM_PROPERTIES, &more, &cap);
	if (rc != MTPM_OK)
		return cli_fail("info: TPM2_GetCapability(TPM_PROPERTIES)", rc);
	printf("manufacturer: ");
	print_chars(prop(&cap, MTPM_PT_MANUFACTURER));
	printf("\nvendor: ");
	for (i = MTPM_PT_VENDOR_STRING_1; i <= MTPM_PT_VENDOR_STRING_4; i++)
		print_chars(prop(&cap, i));
	v = prop(&cap, MTPM_PT_FIRMWARE_VERSION_1);
	printf("\nfirmware: %u.%u.%u.%u\n", v >> 16, v & 0xFFFF,
	       prop(&cap, MTPM_PT_FIRMWARE_VERSION_2) >> 16,
	       prop(&cap, MTPM_PT_FIRMWARE_VERSION_2) & 0xFFFF);
	printf("family: ");
	print_chars(prop(&cap, MTPM_PT_FAMILY_INDICATOR));
	v = prop(&cap, MTPM_PT_REVISION);
	printf("\nspec: level %u, revision %u.%02u, %u day %u\n",
	       prop(&cap, MTPM_PT_LEVEL), v / 100, v % 100,
	       prop(&cap, MTPM_PT_YEAR), prop(&cap, MTPM_PT_DAY_OF_YEAR));
	printf("max command size: %u\nmax response size: %u\n",
	       prop(&cap, MTPM_PT_MAX_COMMAND_SIZE), prop(&cap, MTPM_PT_MAX_RESPONSE_SIZE));
	printf("pcr count: %u\n", prop(&cap, MTPM_PT_PCR_COUNT));

	rc = mtpm_GetCapability(&env->ctx, MTPM_CAP_ALGS, 0, MTPM_MAX_CAP_ALGS, &more, &cap);
	if (rc != MTPM_OK)
		return cli_fail("info: TPM2_GetCapability(ALGS)", rc);
	printf("algorithms:");
	for (i = 0; i < cap.count; i++) {
		const char *n = alg_name(cap.data.algorithms[i].alg);

		if (n)
			printf(" %s", n);
		else
			printf(" 0x%04x", cap.data.algorithms[i].alg);
	}
	rc = mtpm_GetCapability(&env->ctx, MTPM_CAP_PCRS, 0, 1, &more, &cap);
	if (rc != MTPM_OK)
		return cli_fail("info: TPM2_GetCapability(PCRS)", rc);
	printf("\npcr banks:");
	for (i = 0; i < cap.count; i++) {
		const mtpm_TPMS_PCR_SELECTION *s = &cap.data.assignedPCR[i];
		unsigned p, n = 0;

		for (p = 0; p < 8u * s->sizeofSelect; p++)
			n += (unsigned)is_selected(s, p);
		if (n)
			printf(" %s(%u)", cli_hash_name(s->hash) ? cli_hash_name(s->hash) : "?", n);
	}
	printf("\ntransient handles:\n");
	rc = print_handles(&env->ctx, 0x80000000u, "  ");
	if (rc == MTPM_OK) {
		printf("persistent handles:\n");
		rc = print_handles(&env->ctx, 0x81000000u, "  ");
	}
	if (rc != MTPM_OK)
		return cli_fail("info: TPM2_GetCapability(HANDLES)", rc);
	return EXIT_OK;
}

#else
int cli_info(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	return cli_usage_error("info is not in this build (use the full mtpm)");
}
#endif

/* --- handles / flush ---------------------------------------------------- */

int cli_handles(cli_env *env, int argc, char **argv)
{
	const char *which = argc > 1 ? argv[1] : "transient";
	int ret;
	mtpm_rc rc;

	if (argc > 2 || (argc == 2 && cli_is_help(argv[1]))) {
		if (argc == 2) {
			printf("usage: mtpm handles [transient|persistent|sessions]\n"
			       CLI_MORE("  List handles of one kind, one per line (Part 3 §30.2,\n"
			       "  TPM2_GetCapability(HANDLES)). Default: transient.\n"));
			return EXIT_OK;
		}
		return cli_usage_error("handles: one argument at most");
	}
	if (strcmp(which, "transient") && strcmp(which, "persistent") &&
	    strcmp(which, "sessions"))
		return cli_usage_error("handles: unknown kind '%s'", which);
	ret = cli_open(env);
	if (ret)
		return ret;
	if (strcmp(which, "transient") == 0)
		rc = print_handles(&env->ctx, 0x80000000u, "");
	else if (strcmp(which, "persistent") == 0)
		rc = print_handles(&env->ctx, 0x81000000u, "");
	else {
		rc = print_handles(&env->ctx, 0x02000000u, "");
		if (rc == MTPM_OK)
			rc = print_handles(&env->ctx, 0x03000000u, "");
	}
	if (rc != MTPM_OK)
		return cli_fail("handles: TPM2_GetCapability(HANDLES)", rc);
	return EXIT_OK;
}

/* Flush every handle of one type (range starting at first). */
static mtpm_rc flush_all(mtpm_ctx *ctx, uint32_t first, unsigned *count)
{
	static mtpm_TPMS_CAPABILITY_DATA cap;
	uint8_t more;
	uint32_t i;
	mtpm_rc rc;

	rc = mtpm_GetCapability(ctx, MTPM_CAP_HANDLES, first, MTPM_MAX_CAP_HANDLES,
				&more, &cap);
	if (rc != MTPM_OK)
		return rc;
	for (i = 0; i < cap.count; i++) {
		uint32_t h = cap.data.handles[i];

		if (!same_kind(h, first))
			break;
		rc = mtpm_FlushContext(ctx, h);
		if (rc != MTPM_OK)
			return rc;
		(*count)++;
	}
	return MTPM_OK;
}

int cli_flush(cli_env *env, int argc, char **argv)
{
	unsigned count = 0;
	uint32_t h;
	int ret;
	mtpm_rc rc;

	if (argc != 2 || cli_is_help(argv[1])) {
		printf("usage: mtpm flush HANDLE|--transient|--sessions\n"
		       CLI_MORE("  Flush one transient object or session, or all of them\n"
		       "  (Part 3 §28.4 TPM2_FlushContext).\n"));
		return argc == 2 ? EXIT_OK : EXIT_USAGE;
	}
	if (strcmp(argv[1], "--transient") && strcmp(argv[1], "--sessions") &&
	    (cli_parse_u32(argv[1], &h) != 0 ||
	     (MTPM_HANDLE_TYPE(h) != MTPM_HT_TRANSIENT &&
	      MTPM_HANDLE_TYPE(h) != MTPM_HT_HMAC_SESSION &&
	      MTPM_HANDLE_TYPE(h) != MTPM_HT_POLICY_SESSION)))
		return cli_usage_error("flush: '%s' is not a transient or session handle", argv[1]);
	ret = cli_open(env);
	if (ret)
		return ret;
	if (strcmp(argv[1], "--transient") == 0) {
		rc = flush_all(&env->ctx, 0x80000000u, &count);
	} else if (strcmp(argv[1], "--sessions") == 0) {
		rc = flush_all(&env->ctx, 0x02000000u, &count);
		if (rc == MTPM_OK)
			rc = flush_all(&env->ctx, 0x03000000u, &count);
	} else {
		rc = mtpm_FlushContext(&env->ctx, h);
		count = 1;
	}
	if (rc != MTPM_OK)
		return cli_fail("flush: TPM2_FlushContext", rc);
	return EXIT_OK;
}

/* --- startup ------------------------------------------------------------ */

int cli_startup(cli_env *env, int argc, char **argv)
{
	uint16_t su = MTPM_SU_CLEAR;
	int ret;
	mtpm_rc rc;

	if (argc > 2 || (argc == 2 && cli_is_help(argv[1]))) {
		printf("usage: mtpm startup [--clear|--state]\n"
		       CLI_MORE("  Send TPM2_Startup (Part 3 §9.3), CLEAR by default. A TPM that is\n"
		       "  already started answers TPM_RC_INITIALIZE.\n"));
		return argc == 2 ? EXIT_OK : EXIT_USAGE;
	}
	if (argc == 2) {
		if (strcmp(argv[1], "--state") == 0)
			su = MTPM_SU_STATE;
		else if (strcmp(argv[1], "--clear") != 0)
			return cli_usage_error("startup: unknown option '%s'", argv[1]);
	}
	ret = cli_open(env);
	if (ret)
		return ret;
	rc = mtpm_Startup(&env->ctx, su);
	if (rc != MTPM_OK)
		return cli_fail("startup: TPM2_Startup", rc);
	return EXIT_OK;
}
