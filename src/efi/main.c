/*
 * src/efi/main.c - mtpm.efi: seal and unseal in the firmware, through
 * EFI_TCG2_PROTOCOL, with the same library and key files as Linux mtpm.
 *
 *   mtpm.efi seal [--pcrs 0,2,4,7|none] [--secret-file \F] [--force] -o \K.pem
 *   mtpm.efi unseal [--parent-name HEX] \K.pem
 *   mtpm.efi pcrs [LIST]
 *   mtpm.efi help
 * Global: --insecure-tpm-entropy (see entropy.c). Paths are on the volume
 * the image was loaded from. src/efi/README.md has the output lines a
 * harness parses; docs/bootloader.md "UEFI: mtpm.efi" the hand-off.
 *
 * The commands drive only the public API (mtpm_seal, mtpm_unseal,
 * mtpm_keyfile_*, mtpm_PCR_Read, mtpm_transport_efi), as src/cli/seal.c
 * does on Linux, so a key file written here is the file Linux writes.
 *
 * Invariants:
 *   - no secret is ever printed: only its SHA-256;
 *   - the unsealed secret leaves in one place, the volatile
 *     boot-services-only variable MtpmSecret (vendor GUID below), and
 *     every copy of ours is wiped: the state block (context buffers, key
 *     file, secret) is wiped before it is freed, on every path;
 *   - one error line `mtpm.efi COMMAND: what failed: why`, then
 *     `mtpm: failed` and a non-success EFI_STATUS; success ends with
 *     `mtpm: done`;
 *   - after a failure nothing of ours stays loaded in the TPM: the
 *     library flushes its own handles, and any transient object or
 *     session still loaded is flushed (mtpm_ctx_recover), since the
 *     application is the TPM's only user.
 */
#include <efi.h>
#include <string.h>
#include <mtpm/seal.h>
#include <mtpm/cmds.h>
#include <mtpm/transport_efi.h>
#include "efi_int.h"
#include "build_id.h"

/* The vendor GUID of the hand-off variable (docs/bootloader.md). */
#define MTPM_EFI_VENDOR_GUID \
	{ 0xf44cedbb, 0x43ba, 0x4ae9, { 0xb1, 0x81, 0x97, 0x75, 0x3a, 0xf6, 0xc6, 0x87 } }
/* EFI_TCG2_PROTOCOL_GUID (TCG EFI Protocol Specification §6.1). */
#define EFI_TCG2_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }

static EFI_GUID guid_vendor = MTPM_EFI_VENDOR_GUID;
static CHAR16 var_name[] = L"MtpmSecret";

#define MAX_ARGS 24

/* Everything large lives here, from AllocatePool: the image carries no
 * zero-filled 40 KiB, and one wipe covers every copy of a secret. */
struct efi_state {
	mtpm_ctx ctx;
	mtpm_transport tr;
	mtpm_keyfile kf;
	mtpm_keyfile_policy pol;
	mtpm_TPML_DIGEST vals[3];      /* 24 PCRs, 8 a list */
	uint8_t secret[MTPM_SEAL_MAX_SECRET];
	uint8_t file[MTPM_KEYFILE_MAX_PEM];
	uint8_t der[MTPM_KEYFILE_MAX_DER];   /* mtpm_keyfile_read's scratch */
	char args[1024];
};

static struct efi_state *S;
static const char *cmd_name = "";
static int insecure_entropy;
static enum efi_entropy_src entropy_src;   /* what efi_entropy_probe found */

/* --- messages ---------------------------------------------------------------- */
static void fail_line(const char *what, const char *why)
{
	efi_puts("mtpm.efi ");
	efi_puts(cmd_name);
	efi_puts(": ");
	efi_puts(what);
	efi_puts(": ");
	efi_puts(why);
	efi_nl();
}

static EFI_STATUS status_of(mtpm_rc rc)
{
	switch (rc) {
	case MTPM_E_USAGE:
		return EFI_INVALID_PARAMETER;
	case MTPM_E_POLICY:
	case MTPM_E_NAME:
	case MTPM_E_INTEGRITY:
		return EFI_SECURITY_VIOLATION;
	case MTPM_E_NOTPM:
	case MTPM_E_FILE:
		return EFI_NOT_FOUND;
	case MTPM_E_TIMEOUT:
		return EFI_TIMEOUT;
	default:
		return EFI_ABORTED;
	}
}

static EFI_STATUS fail(const char *what, mtpm_rc rc)
{
	char buf[160];

	fail_line(what, mtpm_rc_str(rc, buf, sizeof(buf)));
	return status_of(rc);
}

static EFI_STATUS usage_error(const char *why)
{
	fail_line("usage", why);
	return EFI_INVALID_PARAMETER;
}

static void usage(void)
{
	static const char *const lines[] = {
		"usage: mtpm.efi [--insecure-tpm-entropy] COMMAND ...",
		"  seal [--pcrs 0,2,4,7|none] [--secret-file \\F] [--force] -o \\K.pem",
		"      seal a secret (default: 32 random bytes) to the current sha256 PCR values",
		"  unseal [--parent-name HEX] \\K.pem",
		"      unseal into the boot-services variable MtpmSecret-f44cedbb-43ba-4ae9-b181-97753af6c687",
		"  pcrs [LIST]      print sha256 PCRs (default 0-7)",
		"  help             this text",
		"Paths are on the volume mtpm.efi was loaded from. Secrets are never printed.",
	};
	unsigned i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		efi_puts(lines[i]);
		efi_nl();
	}
}

/* --- arguments ------------------------------------------------------------------ */
/* The load options (the shell passes the whole command line, the image
 * path first) split at blanks into ASCII words; "..." groups. A first
 * word ending in .efi is the image and is skipped. */
static int split_args(char **argv)
{
	static EFI_GUID guid_li = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	const CHAR16 *o;
	size_t n, i, out = 0;
	int argc = 0, inword = 0, quoted = 0;

	if (EFI_ERROR(efi_bs->HandleProtocol(efi_image, &guid_li, (void **)&li)) || !li ||
	    !li->LoadOptions)
		return 0;
	o = li->LoadOptions;
	n = li->LoadOptionsSize / sizeof(CHAR16);
	for (i = 0; i < n && o[i]; i++) {
		CHAR16 c = o[i];

		if (c == L'"') {
			quoted = !quoted;
			if (!inword) {
				if (argc >= MAX_ARGS)
					return -1;
				argv[argc++] = &S->args[out];
				inword = 1;
			}
			continue;
		}
		if (!quoted && (c == L' ' || c == L'\t' || c == L'\r' || c == L'\n')) {
			if (inword) {
				if (out >= sizeof(S->args))
					return -1;
				S->args[out++] = '\0';
				inword = 0;
			}
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return -1;
		if (!inword) {
			if (argc >= MAX_ARGS)
				return -1;
			argv[argc++] = &S->args[out];
			inword = 1;
		}
		if (out + 1 >= sizeof(S->args))
			return -1;
		S->args[out++] = (char)c;
	}
	if (inword)
		S->args[out++] = '\0';
	if (argc > 0) {
		size_t l = efi_strlen(argv[0]);
		const char *e = l >= 4 ? argv[0] + l - 4 : "";

		if ((e[0] == '.') && (e[1] | 0x20) == 'e' && (e[2] | 0x20) == 'f' && (e[3] | 0x20) == 'i') {
			for (i = 1; i < (size_t)argc; i++)
				argv[i - 1] = argv[i];
			argc--;
		}
	}
	return argc;
}

/* "0,2,4,7", "0-7", "sha256:0,7", "none" -> a 24-bit mask. */
static int parse_pcrs(const char *s, uint32_t *mask)
{
	unsigned a, b;

	*mask = 0;
	if (efi_streq(s, "none"))
		return 0;
	if (s[0] == 's' && s[1] == 'h' && s[2] == 'a' && s[3] == '2' && s[4] == '5' &&
	    s[5] == '6' && s[6] == ':')
		s += 7;
	for (;;) {
		if (*s < '0' || *s > '9')
			return -1;
		for (a = 0; *s >= '0' && *s <= '9' && a < 100; s++)
			a = a * 10 + (unsigned)(*s - '0');
		b = a;
		if (*s == '-') {
			s++;
			if (*s < '0' || *s > '9')
				return -1;
			for (b = 0; *s >= '0' && *s <= '9' && b < 100; s++)
				b = b * 10 + (unsigned)(*s - '0');
		}
		if (a > b || b > 23)
			return -1;
		for (; a <= b; a++)
			*mask |= 1u << a;
		if (*s == '\0')
			return 0;
		if (*s != ',' && *s != '+')
			return -1;
		s++;
	}
}

/* --parent-name HEX: the library's hex decoder and Name check. */
static int parse_name(const char *s, mtpm_TPM2B_NAME *n)
{
	size_t len;

	memset(n, 0, sizeof(*n));
	if (mtpm_hex_decode((const uint8_t *)s, efi_strlen(s), n->buffer,
			    sizeof(n->buffer), &len) != MTPM_OK)
		return -1;
	n->size = (uint16_t)len;
	return mtpm_name_well_formed(n) ? 0 : -1;
}

/* --- TPM helpers ------------------------------------------------------------------ */
static void sel_of(uint32_t mask, mtpm_TPML_PCR_SELECTION *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->count = 1;
	sel->pcrSelections[0].hash = MTPM_ALG_SHA256;
	sel->pcrSelections[0].sizeofSelect = 3;
	sel->pcrSelections[0].pcrSelect[0] = (uint8_t)mask;
	sel->pcrSelections[0].pcrSelect[1] = (uint8_t)(mask >> 8);
	sel->pcrSelections[0].pcrSelect[2] = (uint8_t)(mask >> 16);
}

/* The sha256 values of mask, in PCR order, 8 a list (PCR_Read returns
 * at most 8 digests, Part 3 §22.4). Every value asked for must come back. */
static mtpm_rc read_pcrs(uint32_t mask, unsigned *nlists)
{
	unsigned p, k = 0, want;
	mtpm_rc rc;

	*nlists = 0;
	memset(S->vals, 0, sizeof(S->vals));
	for (p = 0; p < 24; ) {
		mtpm_TPML_PCR_SELECTION in, out;
		uint32_t part = 0, counter, i;

		for (want = 0; p < 24 && want < 8; p++)
			if (mask >> p & 1) {
				part |= 1u << p;
				want++;
			}
		if (!part)
			break;
		sel_of(part, &in);
		rc = mtpm_PCR_Read(&S->ctx, &in, &counter, &out, &S->vals[k]);
		if (rc != MTPM_OK)
			return rc;
		if (out.count != 1 || memcmp(&out.pcrSelections[0], &in.pcrSelections[0],
					     sizeof(in.pcrSelections[0])) != 0 ||
		    S->vals[k].count != want)
			return MTPM_E_UNSUPPORTED;   /* no sha256 bank, or PCRs missing */
		for (i = 0; i < want; i++)
			if (S->vals[k].digests[i].size != 32)
				return MTPM_E_MALFORMED;
		k++;
	}
	*nlists = k;
	return MTPM_OK;
}

/* The value of PCR p after read_pcrs(mask). */
static const mtpm_TPM2B_DIGEST *pcr_value(uint32_t mask, unsigned p)
{
	unsigned q, idx = 0;

	for (q = 0; q < p; q++)
		idx += mask >> q & 1;
	return &S->vals[idx / 8].digests[idx % 8];
}

static void print_sha256_of(const char *label, const uint8_t *b, size_t n)
{
	uint8_t d[32];
	mtpm_iov part;

	part.p = b;
	part.n = n;
	if (mtpm_hash(S->ctx.crypto, MTPM_ALG_SHA256, &part, 1, d) != MTPM_OK)
		return;
	efi_puts("mtpm: ");
	efi_puts(label);
	efi_puts(" sha256 ");
	efi_hex(d, sizeof(d));
	efi_nl();
}

/* Decide the entropy source before any session can start (each command
 * calls it once its own arguments and files have been checked, so a bad
 * file never reaches the TPM); mix TPM bytes
 * in (never alone unless the user opted in). */
static EFI_STATUS setup_entropy(void)
{
	enum efi_entropy_src src = entropy_src;
	mtpm_TPM2B_DIGEST t;
	mtpm_rc rc;

	if (src == EFI_ENT_NONE && !insecure_entropy) {
		efi_puts("mtpm.efi ");
		efi_puts(cmd_name);
		efi_puts(": entropy: no platform entropy source (");
		efi_puts(efi_entropy_seen());
		efi_puts("); --insecure-tpm-entropy would use the TPM's, which a bus interposer can choose");
		efi_nl();
		return EFI_UNSUPPORTED;
	}
	rc = mtpm_GetRandom(&S->ctx, NULL, 32, &t);
	if (rc == MTPM_OK && t.size == 32)
		efi_entropy_mix_tpm(t.buffer, t.size);
	else if (src == EFI_ENT_NONE)
		return fail("GetRandom", rc != MTPM_OK ? rc : MTPM_E_MALFORMED);
	mtpm_wipe(&t, sizeof(t));
	if (src == EFI_ENT_NONE)
		S->ctx.tpm_entropy_ok = 1;    /* the explicit opt-in, printed below */
	S->ctx.crypto = efi_crypto();
	efi_puts("mtpm: entropy from ");
	efi_puts(efi_entropy_name(src == EFI_ENT_NONE ? EFI_ENT_TPM_ONLY : src));
	efi_nl();
	return EFI_SUCCESS;
}

/* --- commands ------------------------------------------------------------------- */
static EFI_STATUS cmd_pcrs(int argc, char **argv)
{
	uint32_t mask = 0xff;
	unsigned n, p;
	mtpm_rc rc;

	if (argc > 2)
		return usage_error("pcrs takes one PCR list");
	if (argc == 2 && (parse_pcrs(argv[1], &mask) != 0 || mask == 0))
		return usage_error("bad PCR list (e.g. 0,2,4,7 or 0-7)");
	rc = read_pcrs(mask, &n);
	if (rc != MTPM_OK)
		return fail("PCR_Read", rc);
	for (p = 0; p < 24; p++)
		if (mask >> p & 1) {
			efi_puts("pcr sha256:");
			efi_dec(p);
			efi_puts(": ");
			efi_hex(pcr_value(mask, p)->buffer, 32);
			efi_nl();
		}
	return EFI_SUCCESS;
}

static EFI_STATUS cmd_seal(int argc, char **argv)
{
	const char *out = NULL, *secret_file = NULL;
	uint32_t mask = 0;
	int force = 0, i;
	size_t slen = 32, n;
	unsigned nlists = 0, p;
	mtpm_seal_opts o;
	EFI_STATUS st;
	mtpm_rc rc;

	for (i = 1; i < argc; i++) {
		if (efi_streq(argv[i], "--pcrs") && i + 1 < argc) {
			if (parse_pcrs(argv[++i], &mask) != 0)
				return usage_error("bad --pcrs list (e.g. 0,2,4,7, 0-7 or none)");
		} else if (efi_streq(argv[i], "--secret-file") && i + 1 < argc) {
			secret_file = argv[++i];
		} else if (efi_streq(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (efi_streq(argv[i], "--force")) {
			force = 1;
		} else {
			return usage_error("seal [--pcrs LIST|none] [--secret-file \\F] [--force] -o \\K.pem");
		}
	}
	if (!out)
		return usage_error("seal needs -o \\PATH\\key.pem");
	if (secret_file) {
		st = efi_file_read(secret_file, S->secret, sizeof(S->secret), &slen);
		if (st == EFI_BUFFER_TOO_SMALL)
			return fail("secret file", MTPM_E_TOO_LARGE);
		if (EFI_ERROR(st)) {
			fail_line("secret file", "cannot be read");
			return st;
		}
		if (slen == 0)
			return usage_error("the secret file is empty");
	}
	st = setup_entropy();
	if (st != EFI_SUCCESS)
		return st;
	if (!secret_file) {
		rc = S->ctx.crypto->random(S->secret, slen);
		if (rc != MTPM_OK)
			return fail("random secret", rc);
	}
	memset(&S->pol, 0, sizeof(S->pol));
	if (mask) {
		mtpm_policy_step *stp = &S->pol.steps[0];

		rc = read_pcrs(mask, &nlists);
		if (rc != MTPM_OK)
			return fail("PCR_Read", rc);
		stp->cc = MTPM_CC_PolicyPCR;
		sel_of(mask, &stp->u.pcr.pcrs);
		rc = mtpm_policy_pcr_digest(S->ctx.crypto, MTPM_ALG_SHA256, S->vals, nlists,
					    &stp->u.pcr.pcrDigest);
		if (rc != MTPM_OK)
			return fail("policy", rc);
		S->pol.nsteps = 1;
	}
	memset(&o, 0, sizeof(o));
	o.secret = S->secret;
	o.secret_len = slen;
	o.parent = 0;        /* as Linux `mtpm seal`: 0x81000001 if a storage key, else the ECC SRK */
	o.policy = mask ? &S->pol : NULL;
	rc = mtpm_seal(&S->ctx, &o, &S->kf);
	if (rc != MTPM_OK)
		return fail("seal", rc);
	/* Record the sealed values so a refused unseal names what changed. */
	for (p = 0; p < 24; p++)
		if ((mask >> p & 1) && S->kf.npcrs < MTPM_KEYFILE_MAX_PCRS) {
			mtpm_keyfile_pcr *r = &S->kf.pcrs[S->kf.npcrs++];

			r->hash = MTPM_ALG_SHA256;
			r->pcr = (uint8_t)p;
			r->value = *pcr_value(mask, p);
		}
	rc = mtpm_keyfile_write_pem(&S->kf, S->file, sizeof(S->file), &n);
	if (rc != MTPM_OK)
		return fail("key file", rc);
	st = efi_file_write(out, S->file, n, force);
	if (st == EFI_WRITE_PROTECTED) {
		fail_line("key file", "exists (give --force to replace it)");
		return st;
	}
	if (EFI_ERROR(st)) {
		fail_line("key file", "cannot be written");
		return st;
	}
	print_sha256_of("sealed secret", S->secret, slen);
	return EFI_SUCCESS;
}

/* After MTPM_E_POLICY: which recorded PCRs differ now (names only). */
static void name_changed_pcrs(void)
{
	uint32_t mask = 0;
	unsigned i, n, shown = 0;

	for (i = 0; i < S->kf.npcrs; i++)
		if (S->kf.pcrs[i].hash == MTPM_ALG_SHA256 && S->kf.pcrs[i].pcr < 24)
			mask |= 1u << S->kf.pcrs[i].pcr;
	if (!mask || read_pcrs(mask, &n) != MTPM_OK)
		return;
	for (i = 0; i < S->kf.npcrs; i++) {
		const mtpm_keyfile_pcr *r = &S->kf.pcrs[i];

		if (r->hash != MTPM_ALG_SHA256 || r->pcr >= 24)
			continue;
		if (r->value.size == 32 && mtpm_ct_equal(r->value.buffer, pcr_value(mask, r->pcr)->buffer, 32))
			continue;
		efi_puts(shown++ ? "," : "mtpm: changed PCRs: sha256:");
		efi_dec(r->pcr);
	}
	if (shown)
		efi_nl();
}

/* The key file is on the ESP, which anyone with the disk can edit. Its
 * policy steps must give the sealed object's authPolicy (Part 1 §19.7.1:
 * in the object's nameAlg), and a file with no steps must be for an
 * object its authValue alone opens (userWithAuth, and the empty auth
 * mtpm.efi sends): an edited step (a PCR selection, a digest, a step
 * swapped or removed) is refused here, offline, before any session is
 * started. The TPM would refuse such a policy too, but only after a
 * salted session and Load; this says which file is wrong. PolicyPassword
 * and PolicyAuthValue share a digest, which is why they are refused
 * above as PIN keys, not here. */
static EFI_STATUS policy_matches_object(void)
{
	const mtpm_TPMT_PUBLIC *pub = &S->kf.pub.publicArea;
	mtpm_TPM2B_DIGEST d;
	mtpm_rc rc;

	if (S->kf.policy.nsteps == 0) {
		if (pub->objectAttributes & MTPM_OA_USERWITHAUTH)
			return EFI_SUCCESS;
		fail_line("key file", "it records no policy, but the sealed object needs one "
			  "(the file was edited or is damaged)");
		return EFI_SECURITY_VIOLATION;
	}
	rc = mtpm_seal_policy_digest(mtpm_crypto_bearssl(), pub->nameAlg, &S->kf.policy, 0, &d);
	if (rc != MTPM_OK)
		return fail("key file policy", rc);
	if (d.size != pub->authPolicy.size || !mtpm_ct_equal(d.buffer, pub->authPolicy.buffer, d.size)) {
		fail_line("key file", "its policy does not give the sealed object's authPolicy "
			  "(the file was edited or is damaged)");
		return EFI_SECURITY_VIOLATION;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS cmd_unseal(int argc, char **argv)
{
	const char *path = NULL, *pname = NULL;
	mtpm_TPM2B_NAME opt_name;
	const mtpm_TPM2B_NAME *expect = NULL;
	mtpm_unseal_opts uo;
	uint32_t failed = 0;
	size_t n, olen = 0;
	EFI_STATUS st;
	mtpm_rc rc;
	int i;

	for (i = 1; i < argc; i++) {
		if (efi_streq(argv[i], "--parent-name") && i + 1 < argc)
			pname = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return usage_error("unseal [--parent-name HEX] \\K.pem");
	}
	if (!path)
		return usage_error("unseal needs a key file");
	/* A secret of an earlier run must not be mistaken for this one's. */
	efi_st->RuntimeServices->SetVariable(var_name, &guid_vendor,
					     EFI_VARIABLE_BOOTSERVICE_ACCESS, 0, NULL);
	st = efi_file_read(path, S->file, sizeof(S->file), &n);
	if (st == EFI_BUFFER_TOO_SMALL)
		return fail("key file", MTPM_E_TOO_LARGE);
	if (EFI_ERROR(st)) {
		fail_line("key file", "cannot be read");
		return st;
	}
	rc = mtpm_keyfile_read(S->file, n, &S->kf, S->der, sizeof(S->der));
	if (rc != MTPM_OK)
		return fail("key file", rc);
	if (pname) {
		if (parse_name(pname, &opt_name) != 0)
			return usage_error("--parent-name takes a Name in hex (nameAlg || digest)");
		if (S->kf.parent_name.size &&
		    (S->kf.parent_name.size != opt_name.size ||
		     !mtpm_ct_equal(S->kf.parent_name.buffer, opt_name.buffer, opt_name.size))) {
			fail_line("parent", "--parent-name differs from the Name the key file records");
			return EFI_SECURITY_VIOLATION;
		}
		expect = &opt_name;
	} else if (S->kf.parent_name.size) {
		expect = &S->kf.parent_name;
	}
	/* No PIN entry in the firmware: refuse here, before anything reaches
	 * the TPM, rather than send an empty authValue that fails the HMAC
	 * and counts towards dictionary-attack lockout (Part 1 §19.8). */
	if (mtpm_keyfile_uses_auth(&S->kf)) {
		fail_line("key file", "the key needs a PIN, which mtpm.efi cannot take "
			  "(unseal it where a PIN can be entered)");
		return EFI_UNSUPPORTED;
	}
	st = policy_matches_object();
	if (st != EFI_SUCCESS)
		return st;
	st = setup_entropy();
	if (st != EFI_SUCCESS)
		return st;
	memset(&uo, 0, sizeof(uo));
	uo.parent_name = expect;
	uo.parent_pub = S->kf.parent_pub.publicArea.type ? &S->kf.parent_pub : NULL;
	rc = mtpm_unseal(&S->ctx, &S->kf, &uo, S->secret, sizeof(S->secret), &olen, &failed);
	if (rc == MTPM_E_POLICY) {
		fail_line("unseal", "the PCR values differ from the policy the key was sealed to");
		name_changed_pcrs();
		return EFI_SECURITY_VIOLATION;
	}
	if (rc == MTPM_E_NAME && !expect) {
		fail_line("parent", "the key file records no parent Name; give --parent-name HEX");
		return EFI_SECURITY_VIOLATION;
	}
	if (rc == MTPM_E_NAME) {
		fail_line("parent", "the parent key is not the trusted one: wrong TPM or parent, "
			  "or an interposer on the bus");
		return EFI_SECURITY_VIOLATION;
	}
	if (rc != MTPM_OK)
		return fail("unseal", rc);
	st = efi_st->RuntimeServices->SetVariable(var_name, &guid_vendor,
						  EFI_VARIABLE_BOOTSERVICE_ACCESS, olen, S->secret);
	if (EFI_ERROR(st)) {
		fail_line("hand-off", "SetVariable MtpmSecret failed");
		return st;
	}
	print_sha256_of("unsealed secret", S->secret, olen);
	efi_puts("mtpm: secret in variable MtpmSecret-f44cedbb-43ba-4ae9-b181-97753af6c687 (boot services only)");
	efi_nl();
	return EFI_SUCCESS;
}

/* --- entry ------------------------------------------------------------------------ */
static void sleep_ms(unsigned ms)
{
	efi_bs->Stall((UINTN)ms * 1000);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	static EFI_GUID guid_tcg2 = EFI_TCG2_GUID;
	char *argv[MAX_ARGS];
	void *tcg2 = NULL;
	enum efi_entropy_src src;
	EFI_STATUS ret;
	uint32_t lo, hi;
	int argc;

	efi_image = image;
	efi_st = st;
	efi_bs = st->BootServices;
	if (MTPM_EFI_BUILD_ID[0]) {
		efi_puts("mtpm.efi build ");
		efi_puts(MTPM_EFI_BUILD_ID);
		efi_nl();
	}
	if (EFI_ERROR(efi_bs->AllocatePool(EfiLoaderData, sizeof(*S), (void **)&S))) {
		efi_puts("mtpm.efi: out of memory");
		efi_nl();
		efi_puts("mtpm: failed");
		efi_nl();
		return EFI_OUT_OF_RESOURCES;
	}
	memset(S, 0, sizeof(*S));
	/* Before any BearSSL code runs: its stack canary (rt.c). */
	src = efi_entropy_probe();
	entropy_src = src;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	efi_canary_on(efi_entropy_u64() ^ ((uint64_t)hi << 32 | lo));

	argc = split_args(argv);
	while (argc > 0 && efi_streq(argv[0], "--insecure-tpm-entropy")) {
		insecure_entropy = 1;
		argc--;
		memmove(argv, argv + 1, (size_t)argc * sizeof(argv[0]));
	}
	if (argc < 0) {
		cmd_name = "";
		ret = usage_error("command line too long or not ASCII");
		goto out;
	}
	if (argc == 0 || efi_streq(argv[0], "help") || efi_streq(argv[0], "--help") ||
	    efi_streq(argv[0], "-h")) {
		usage();
		ret = argc == 0 ? EFI_INVALID_PARAMETER : EFI_SUCCESS;
		goto out;
	}
	cmd_name = argv[0];
	if (argc > 1 && (efi_streq(argv[1], "--help") || efi_streq(argv[1], "help"))) {
		usage();
		ret = EFI_SUCCESS;
		goto out;
	}
	if (!efi_streq(cmd_name, "seal") && !efi_streq(cmd_name, "unseal") &&
	    !efi_streq(cmd_name, "pcrs")) {
		ret = usage_error("unknown command (seal, unseal, pcrs, help)");
		goto out;
	}
	if (EFI_ERROR(efi_bs->LocateProtocol(&guid_tcg2, NULL, &tcg2)) || !tcg2) {
		fail_line("TPM", "no EFI_TCG2_PROTOCOL: the firmware found no TPM 2.0");
		ret = EFI_NOT_FOUND;
		goto out;
	}
	mtpm_transport_efi(&S->tr, tcg2);
	mtpm_ctx_init(&S->ctx, &S->tr, mtpm_crypto_bearssl());
	S->ctx.sleep_ms = sleep_ms;  /* required: the retry backoff (docs/bootloader.md) */
	if (efi_streq(cmd_name, "pcrs")) {
		ret = cmd_pcrs(argc, argv);
		goto out;
	}
	S->ctx.crypto = NULL;        /* no random at all until setup_entropy decides */
	ret = efi_streq(cmd_name, "seal") ? cmd_seal(argc, argv) : cmd_unseal(argc, argv);
	if (ret != EFI_SUCCESS) {
		/* Nothing may stay loaded (we are the TPM's only user). */
		mtpm_ctx_recover(&S->ctx, MTPM_LIST_TRANSIENT);
		mtpm_ctx_recover(&S->ctx, MTPM_LIST_SESSIONS);
	}
out:
	efi_puts(ret == EFI_SUCCESS ? "mtpm: done" : "mtpm: failed");
	efi_nl();
	efi_entropy_wipe();
	mtpm_wipe(S, sizeof(*S));
	efi_bs->FreePool(S);
	efi_canary_off();
	return ret;
}
