/*
 * test_decode.c - the wire decoder of `mtpm decode` / `--trace`
 * (src/cli/decode.c) on fixed frames.
 *
 * The decoder is CLI code, which the Makefile does not link into unit
 * tests (they get libmtpm.a and tests/support only), so it is included
 * here whole: decode.c (frames) and trace.c (captures, the trace sink,
 * cli_trace, `mtpm decode`) depend on nothing else in src/cli.
 *
 * Golden frames: tests/unit/golden/frames.txt, captured from swtpm 0.7.1
 * / libtpms 0.9.2 by tests/unit/golden/capture.sh (tpm2-tools' TCTI trace:
 * the TPM's own bytes, not mtpm's). Its "seal" Create command carries
 * userAuth "sealauth" and data "mtpm golden sealed secret": the redaction
 * tests look for those. The GetRandom and hostile frames are built here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/cli/decode.c"
#include "../../src/cli/trace.c"

#define GOLDEN "tests/unit/golden/frames.txt"

/* Decode into memory; returns the decoder's result, *text the output. */
static int run(const uint8_t *b, size_t n, int rsp, uint32_t cc, int redact, char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	int r;

	assert_non_null(f);
	r = cli_decode_frame(f, b, n, rsp, cc, redact);
	fclose(f);
	return r;
}

/* memmem is a GNU extension; the build is POSIX. */
static int contains(const uint8_t *h, size_t hn, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= hn; i++)
		if (memcmp(h + i, needle, n) == 0)
			return 1;
	return 0;
}

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (h[0] && h[1] && n < cap) {
		int hi = mtpm_hex_digit((unsigned char)h[0]), lo = mtpm_hex_digit((unsigned char)h[1]);

		assert_true(hi >= 0 && lo >= 0);
		out[n++] = (uint8_t)(hi << 4 | lo);
		h += 2;
	}
	return n;
}

/* One golden frame: name, cc, "cmd"/"rsp", bytes. */
struct gframe {
	char name[32];
	uint32_t cc;
	int rsp;
	size_t n;
	uint8_t b[2048];
};

static struct gframe gf[200];
static unsigned ngf;

static int load_golden(void **state)
{
	FILE *f = fopen(GOLDEN, "r");
	static char line[8192];

	(void)state;
	if (!f)
		return -1;
	ngf = 0;
	while (fgets(line, sizeof(line), f) && ngf < 200) {
		char name[32], dir[8];
		unsigned cc;
		static char hex[8192];

		if (sscanf(line, "%31s %x %7s %8191s", name, &cc, dir, hex) != 4)
			continue;
		strcpy(gf[ngf].name, name);
		gf[ngf].cc = cc;
		gf[ngf].rsp = strcmp(dir, "rsp") == 0;
		gf[ngf].n = unhex(hex, gf[ngf].b, sizeof(gf[ngf].b));
		ngf++;
	}
	fclose(f);
	return ngf > 0 ? 0 : -1;
}

static const struct gframe *golden(const char *name, uint32_t cc, int rsp)
{
	unsigned i;

	for (i = 0; i < ngf; i++)
		if (strcmp(gf[i].name, name) == 0 && gf[i].cc == cc && gf[i].rsp == rsp)
			return &gf[i];
	fail_msg("no golden frame %s %x", name, cc);
	return NULL;
}

/* GetRandom(32): bytesRequested = 32 at offset 10, length 2. */
static void test_getrandom_fields(void **state)
{
	static const uint8_t cmd[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 32 };
	static const uint8_t rsp[] = { 0x80, 0x01, 0, 0, 0, 16, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4 };
	char *t = NULL;

	(void)state;
	assert_int_equal(run(cmd, sizeof(cmd), 0, 0, 1, &t), 0);
	assert_non_null(strstr(t, "TPM2_GetRandom command (Part 3 §16.1), 12 bytes"));
	assert_non_null(strstr(t, "     0     2  tag: TPMI_ST_COMMAND_TAG = TPM_ST_NO_SESSIONS (0x8001)\n"));
	assert_non_null(strstr(t, "     6     4  commandCode: TPM_CC = TPM_CC_GetRandom (0x0000017b)\n"));
	assert_non_null(strstr(t, "    10     2  bytesRequested: UINT16 = 32\n"));
	assert_null(strstr(t, "!!"));
	free(t);
	assert_int_equal(run(rsp, sizeof(rsp), 1, MTPM_CC_GetRandom, 1, &t), 0);
	assert_non_null(strstr(t, "    10     6  randomBytes: TPM2B_DIGEST size=4 = 01020304\n"));
	free(t);
}

/* Attribute bits without a Part 2 name are shown as other bits, each
 * once: TPMA_SESSION's reserved bit 4 too, and TPMA_NV's TPM_NT field
 * (bits 4-7, printed as TPM_NT=) never among them. */
static void test_attr_bits(void **state)
{
	/* GetRandom(32) with one TPM_RS_PW session, attributes 0x11 */
	static const uint8_t cmd[] = { 0x80, 0x02, 0, 0, 0, 25, 0, 0, 0x01, 0x7b,
				       0, 0, 0, 9, 0x40, 0, 0, 9, 0, 0, 0x11, 0, 0, 0, 32 };
	/* NV_ReadPublic response: attributes 0x112 (TPM_NT 1, OWNERWRITE,
	 * reserved bit 8), empty authPolicy and nvName */
	static const uint8_t rsp[] = { 0x80, 0x01, 0, 0, 0, 28, 0, 0, 0, 0,
				       0, 14, 0x01, 0, 0, 0, 0, 0x0b, 0, 0, 0x01, 0x12,
				       0, 0, 0, 8, 0, 0 };
	char *t = NULL;

	(void)state;
	assert_int_equal(run(cmd, sizeof(cmd), 0, 0, 0, &t), 0);
	assert_non_null(strstr(t, "sessionAttributes: TPMA_SESSION = 0x11 continueSession "
				  "(other bits 0x10)\n"));
	free(t);
	assert_int_equal(run(rsp, sizeof(rsp), 1, MTPM_CC_NV_ReadPublic, 0, &t), 0);
	assert_non_null(strstr(t, "attributes: TPMA_NV = 0x00000112 TPM_NT=1 OWNERWRITE "
				  "(other bits 0x100)\n"));
	free(t);
}

/* Every golden frame parses, each response paired with its command;
 * names and offsets of a few fields checked against the bytes. */
static void test_golden_all(void **state)
{
	cli_decode_state st;
	unsigned i, ok = 0;
	char *t = NULL;
	size_t len = 0;

	(void)state;
	assert_true(ngf >= 100);
	memset(&st, 0, sizeof(st));
	for (i = 0; i < ngf; i++) {
		FILE *f = open_memstream(&t, &len);
		int r;

		if (gf[i].rsp)
			r = cli_decode_response(f, gf[i].b, gf[i].n, 1, gf[i].cc, "", NULL, &st, NULL);
		else
			r = cli_decode_command(f, gf[i].b, gf[i].n, 1, "", NULL, &st, NULL);
		fclose(f);
		if (r != 0)
			fail_msg("%s %x %s does not decode:\n%s", gf[i].name, gf[i].cc,
				 gf[i].rsp ? "rsp" : "cmd", t);
		assert_null(strstr(t, "!!"));
		free(t);
		t = NULL;
		ok++;
	}
	assert_int_equal(ok, ngf);

	/* ECC primary response: the point and the creation ticket. */
	assert_int_equal(run(golden("ecc_primary", 0x131, 1)->b, golden("ecc_primary", 0x131, 1)->n,
			     1, MTPM_CC_CreatePrimary, 1, &t), 0);
	assert_non_null(strstr(t, "    10     4  objectHandle: TPM_HANDLE = 0x80000000 (transient object)\n"));
	assert_non_null(strstr(t, "    38     2        curveID: TPMI_ECC_CURVE = TPM_ECC_NIST_P256 (0x0003)\n"));
	assert_non_null(strstr(t, "    42    34        x: TPM2B_ECC_PARAMETER size=32 = 75cb8e43"));
	assert_non_null(strstr(t, "   201     2    tag: TPM_ST = TPM_ST_CREATION (0x8021)\n"));
	assert_non_null(strstr(t, "hmac: TPM2B_AUTH size=32 = <redacted 32 bytes>"));
	free(t);
	/* GetCapability response: TPM_CAP_ALGS. */
	assert_int_equal(run(golden("seal", 0x17a, 1)->b, golden("seal", 0x17a, 1)->n, 1,
			     MTPM_CC_GetCapability, 1, &t), 0);
	assert_non_null(strstr(t, "capability: TPM_CAP = TPM_CAP_ALGS (0x00000000)"));
	assert_non_null(strstr(t, "alg: TPM_ALG_ID = TPM_ALG_SHA256 (0x000b)"));
	free(t);
}

/* The secrets of the golden Create never show with redaction, and do
 * without it; the scrub copy has them zeroed. */
static void test_redaction(void **state)
{
	const struct gframe *g = golden("seal", 0x153, 0);
	static const char *secrets[] = { "7365616c61757468", "sealauth",
					 "6d74706d20676f6c64656e", "mtpm golden" };
	uint8_t scrub[2048];
	char *t = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)state;
	assert_int_equal(run(g->b, g->n, 0, 0, 1, &t), 0);
	for (i = 0; i < 4; i++)
		assert_null(strstr(t, secrets[i]));
	assert_non_null(strstr(t, "    93    10      userAuth: TPM2B_AUTH size=8 = <redacted 8 bytes>\n"));
	assert_non_null(strstr(t, "   103    27      data: TPM2B_SENSITIVE_DATA size=25 = <redacted 25 bytes>\n"));
	free(t);
	assert_int_equal(run(g->b, g->n, 0, 0, 0, &t), 0);
	assert_non_null(strstr(t, "7365616c61757468"));
	assert_non_null(strstr(t, "6d74706d20676f6c64656e"));
	free(t);

	memcpy(scrub, g->b, g->n);
	f = open_memstream(&t, &len);
	assert_int_equal(cli_decode_command(f, g->b, g->n, 1, "", scrub, NULL, NULL), 0);
	fclose(f);
	free(t);
	assert_false(contains(scrub, g->n, "sealauth"));
	assert_false(contains(scrub, g->n, "mtpm golden"));
	assert_true(contains(g->b, g->n, "sealauth"));   /* the input is untouched */
	/* the HMAC slot (57..91) is zeroed, the public part (130..) kept */
	for (i = 59; i < 91; i++)
		assert_int_equal(scrub[i], 0);
	assert_memory_equal(scrub + 130, g->b + 130, g->n - 130);
}

/* A session's encrypt / decrypt attribute makes the first parameter
 * "<encrypted N bytes>". */
static void test_encrypted(void **state)
{
	/* Unseal response, one session with encrypt (0x41), outData "ABCD" */
	static const uint8_t rsp[] = { 0x80, 0x02, 0, 0, 0, 25, 0, 0, 0, 0, 0, 0, 0, 6,
				       0, 4, 'A', 'B', 'C', 'D', 0, 0, 0x41, 0, 0 };
	/* NV_Write with an HMAC session with decrypt (0x21), data de ad be ef */
	static const uint8_t cmd[] = { 0x80, 0x02, 0, 0, 0, 39, 0, 0, 0x01, 0x37,
				       0x01, 0x50, 0, 1, 0x01, 0x50, 0, 1, 0, 0, 0, 9,
				       0x02, 0, 0, 0, 0, 0, 0x21, 0, 0,
				       0, 4, 0xde, 0xad, 0xbe, 0xef, 0, 0 };
	char *t = NULL;

	(void)state;
	assert_int_equal(run(rsp, sizeof(rsp), 1, MTPM_CC_Unseal, 1, &t), 0);
	assert_non_null(strstr(t, "outData: TPM2B_SENSITIVE_DATA size=4 = <encrypted 4 bytes>"));
	assert_null(strstr(t, "41424344"));
	free(t);
	assert_int_equal(run(rsp, sizeof(rsp), 1, MTPM_CC_Unseal, 0, &t), 0);
	assert_non_null(strstr(t, "(encrypted) 41424344"));
	free(t);
	assert_int_equal(run(cmd, sizeof(cmd), 0, 0, 1, &t), 0);
	assert_non_null(strstr(t, "data: TPM2B_MAX_NV_BUFFER size=4 = <encrypted 4 bytes>"));
	assert_non_null(strstr(t, "sessionAttributes: TPMA_SESSION = 0x21 continueSession decrypt"));
	assert_null(strstr(t, "deadbeef"));
	free(t);
}

/* Every truncation of every golden frame: reported, never a crash. */
static void test_truncated(void **state)
{
	unsigned i;
	size_t L;
	char *t = NULL;

	(void)state;
	for (i = 0; i < ngf; i++) {
		for (L = 0; L < gf[i].n; L++) {
			assert_int_equal(run(gf[i].b, L, gf[i].rsp, gf[i].cc, i & 1, &t), 1);
			assert_non_null(strstr(t, "!! "));
			if (L < 10)
				assert_non_null(strstr(t, "does not parse at offset"));
			free(t);
			t = NULL;
		}
	}
}

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* Random frames and mutated golden frames, as command and response,
 * redacted or not: 0 or 1, nothing else (ASan checks the rest in
 * make check-san). */
static void test_hostile(void **state)
{
	static const uint32_t ccs[] = { 0x131, 0x153, 0x157, 0x167, 0x15e, 0x17a, 0x17e,
					0x182, 0x162, 0x161, 0x12a, 0x169, 0x14e, 0x137,
					0x176, 0x177, 0x171, 0x16a, 0x151, 0x17f, 0x1ff };
	static uint8_t b[4096];
	FILE *null = fopen("/dev/null", "w");
	unsigned i;

	(void)state;
	assert_non_null(null);
	for (i = 0; i < 30000; i++) {
		size_t n = rnd() % 600, k;
		uint32_t cc = ccs[rnd() % (sizeof(ccs) / sizeof(ccs[0]))];
		int r;

		if (i % 2 && ngf) {
			const struct gframe *g = &gf[rnd() % ngf];

			n = g->n;
			memcpy(b, g->b, n);
			cc = g->cc;
			for (k = 0; k < 1 + rnd() % 4; k++)
				b[rnd() % n] ^= (uint8_t)(1u << (rnd() % 8));
		} else {
			for (k = 0; k < n; k++)
				b[k] = (uint8_t)rnd();
			if (n >= 10 && rnd() % 2) {
				b[0] = 0x80;
				b[1] = rnd() % 2 ? 0x01 : 0x02;
				b[2] = b[3] = 0;
				b[4] = (uint8_t)(n >> 8);
				b[5] = (uint8_t)n;
				b[6] = 0;
				b[7] = 0;
				b[8] = (uint8_t)(cc >> 8);
				b[9] = (uint8_t)cc;
			}
		}
		r = cli_decode_frame(null, b, n, 0, 0, (int)(i & 1));
		assert_true(r == 0 || r == 1);
		if (n >= 10 && rnd() % 2)
			b[6] = b[7] = b[8] = b[9] = 0;   /* success code: go into the body */
		r = cli_decode_frame(null, b, n, 1, cc, (int)(i & 2));
		assert_true(r == 0 || r == 1);
	}
	/* A huge size field: noted, the frame still decodes what it has. */
	{
		static const uint8_t huge[] = { 0x80, 0x01, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 0x7b, 0, 8 };
		char *t = NULL;

		assert_int_equal(run(huge, sizeof(huge), 0, 0, 1, &t), 1);
		assert_non_null(strstr(t, "!! offset 2: commandSize 4294967295 but the frame has 12 bytes"));
		assert_non_null(strstr(t, "bytesRequested: UINT16 = 8"));
		free(t);
	}
	fclose(null);
}

/* Error responses, unknown commands, bad tags, list counts. */
static void test_edges(void **state)
{
	static const uint8_t err[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x8e };
	static const uint8_t err_long[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x09, 0x8e, 1, 2 };
	static const uint8_t unk[] = { 0x80, 0x01, 0, 0, 0, 14, 0, 0, 0x01, 0xff, 0xca, 0xfe, 0xba, 0xbe };
	static const uint8_t badtag[] = { 0x12, 0x34, 0, 0, 0, 12, 0, 0, 1, 0x7b, 0, 8 };
	/* PCR_Read with count 0xFFFFFFFF */
	static const uint8_t bigcount[] = { 0x80, 0x01, 0, 0, 0, 14, 0, 0, 1, 0x7e, 0xff, 0xff, 0xff, 0xff };
	/* PCR_Read, one bank whose sizeofSelect (200) exceeds the 4 bytes
	 * mtpm_get_TPMS_PCR_SELECTION takes */
	static const uint8_t badsel[] = { 0x80, 0x01, 0, 0, 0, 19, 0, 0, 1, 0x7e, 0, 0, 0, 1,
					  0, 0x0b, 200, 0xff, 0xff };
	char *t = NULL;

	(void)state;
	assert_int_equal(run(err, sizeof(err), 1, MTPM_CC_Unseal, 1, &t), 0);
	assert_non_null(strstr(t, "responseCode: TPM_RC = TPM_RC_AUTH_FAIL (0x98e): "));
	free(t);
	assert_int_equal(run(err_long, sizeof(err_long), 1, MTPM_CC_Unseal, 1, &t), 1);
	assert_non_null(strstr(t, "!! does not parse at offset 10: an error response"));
	free(t);
	assert_int_equal(run(unk, sizeof(unk), 0, 0, 1, &t), 0);
	assert_non_null(strstr(t, "layout unknown"));
	assert_non_null(strstr(t, "body: <redacted 4 bytes>"));
	free(t);
	assert_int_equal(run(unk, sizeof(unk), 0, 0, 0, &t), 0);
	assert_non_null(strstr(t, "body: cafebabe"));
	free(t);
	assert_int_equal(run(badtag, sizeof(badtag), 0, 0, 0, &t), 1);
	assert_non_null(strstr(t, "does not parse at offset 0: tag 0x1234"));
	free(t);
	assert_int_equal(run(bigcount, sizeof(bigcount), 0, 0, 0, &t), 1);
	assert_non_null(strstr(t, "does not parse at offset 10: count 4294967295 exceeds"));
	free(t);
	/* A structure its library getter rejects stops the decode at its
	 * first byte, named by the getter; the rest is unparsed (and hidden
	 * when redacting). */
	assert_int_equal(run(badsel, sizeof(badsel), 0, 0, 1, &t), 1);
	assert_non_null(strstr(t, "!! does not parse at offset 10: "
				  "mtpm_get_TPML_PCR_SELECTION rejects this TPML_PCR_SELECTION\n"));
	assert_non_null(strstr(t, "    10     9  unparsed: <redacted 9 bytes>"));
	assert_null(strstr(t, "pcrSelections[]"));
	free(t);
}

/* cc names and codes. */
static void test_cc_parse(void **state)
{
	uint32_t cc = 0;

	(void)state;
	assert_int_equal(cli_cc_parse("GetRandom", &cc), 0);
	assert_int_equal(cc, 0x17b);
	assert_int_equal(cli_cc_parse("TPM2_unseal", &cc), 0);
	assert_int_equal(cc, 0x15e);
	assert_int_equal(cli_cc_parse("TPM_CC_NV_Read", &cc), 0);
	assert_int_equal(cc, 0x14e);
	assert_int_equal(cli_cc_parse("0x131", &cc), 0);
	assert_int_equal(cc, 0x131);
	assert_int_equal(cli_cc_parse("17e", &cc), 0);
	assert_int_equal(cc, 0x17e);
	assert_int_equal(cli_cc_parse("bogus", &cc), -1);
	assert_int_equal(cli_cc_parse("", &cc), -1);
	assert_int_equal(cli_cc_parse("0x123456789", &cc), -1);
	assert_string_equal(mtpm_cc_name(MTPM_CC_PolicyAuthorize), "PolicyAuthorize");
	assert_null(mtpm_cc_name(0x1ff));
}

/* Capture files: our format (with wrapped hex and comments) and a
 * swtpm --log level=20 dump (format seen from swtpm 0.7.1). */
static void test_capture(void **state)
{
	static const char ours[] =
		"# two exchanges\n"
		"> 80010000000c0000017b0008\n"
		"< 8001 0000 0014 0000 0000\n"
		"  0008 3b709b1453691e40\n"
		"\n"
		"> 80010000000a00000000\n";
	static const char swtpm_log[] =
		" SWTPM_IO_Read: length 12\n"
		" 80 01 00 00 00 0C 00 00 01 7B 00 08 \n"
		" SWTPM_IO_Write: length 20\n"
		" 80 01 00 00 00 14 00 00 00 00 00 08 3B 70 9B 14 \n"
		" 53 69 1E 40 \n"
		"Data client disconnected\n";
	static const char badhex[] = "> 80010000000c0000017b00zz\n";
	char *t = NULL;
	size_t len = 0;
	unsigned nf = 0, nb = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&t, &len);
	/* the third frame (cc 0) is a command mtpm does not know: it parses */
	assert_int_equal(cli_decode_capture(f, ours, strlen(ours), 1, 0, &nf, &nb), 0);
	fclose(f);
	assert_int_equal(nf, 3);
	assert_int_equal(nb, 0);
	assert_non_null(strstr(t, "TPM2_GetRandom response (Part 3 §16.1), 20 bytes"));
	assert_non_null(strstr(t, "randomBytes: TPM2B_DIGEST size=8 = 3b709b1453691e40"));
	free(t);

	f = open_memstream(&t, &len);
	assert_int_equal(cli_decode_capture(f, swtpm_log, strlen(swtpm_log), 1, 0, &nf, &nb), 0);
	fclose(f);
	assert_int_equal(nf, 2);
	assert_non_null(strstr(t, "bytesRequested: UINT16 = 8"));
	assert_non_null(strstr(t, "randomBytes: TPM2B_DIGEST size=8 = 3b709b1453691e40"));
	free(t);

	f = open_memstream(&t, &len);
	assert_int_equal(cli_decode_capture(f, badhex, strlen(badhex), 1, 0, &nf, &nb), 1);
	fclose(f);
	assert_non_null(strstr(t, "line 1 column 24: 'z' is not a hex digit"));
	free(t);
}

/* The trace sink writes a capture with the secrets zeroed, which decodes
 * back without them. */
static void test_trace_sink(void **state)
{
	const struct gframe *c = golden("seal", 0x153, 0);
	static cli_trace_sink sink;
	char *t = NULL;
	size_t len = 0;
	unsigned nf = 0, nb = 0;
	FILE *f = open_memstream(&t, &len);
	char *t2 = NULL;
	size_t len2 = 0;
	FILE *f2;

	(void)state;
	cli_trace_sink_init(&sink, f, 1);
	cli_decode_trace(&sink, MTPM_TRACE_CMD, MTPM_CC_Create, c->b, c->n);
	fclose(f);
	assert_non_null(strstr(t, "\n> 8002000000980000015380000000"));
	assert_null(strstr(t, "7365616c61757468"));
	assert_null(strstr(t, "sealauth"));
	assert_non_null(strstr(t, "# TPM2_Create command (Part 3 §12.1), 152 bytes"));
	f2 = open_memstream(&t2, &len2);
	assert_int_equal(cli_decode_capture(f2, t, strlen(t), 0, 0, &nf, &nb), 0);
	fclose(f2);
	assert_int_equal(nf, 1);
	/* decoded without redaction, the zeroed secret is zeros */
	assert_non_null(strstr(t2, "userAuth: TPM2B_AUTH size=8 = 0000000000000000"));
	free(t);
	free(t2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getrandom_fields),
		cmocka_unit_test(test_golden_all),
		cmocka_unit_test(test_attr_bits),
		cmocka_unit_test(test_redaction),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_cc_parse),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_trace_sink),
	};

	return cmocka_run_group_tests(tests, load_golden, NULL);
}
