/*
 * trace.c - the decoder's two front ends (src/cli/decode.c does the
 * work): `mtpm --trace COMMAND` / MTPM_TRACE=1, and `mtpm decode`.
 *
 * The trace is every command and response the CLI exchanges, decoded
 * field by field on stderr, secrets redacted: a capture `mtpm decode`
 * reads back (format in decode.c, cli_decode_trace). main.c installs
 * cli_trace with the cli_env as user data; one env per process, so one
 * static sink serves it.
 *
 * `mtpm decode [FILE|-]` reads at most 16 MiB into static storage (no
 * allocator in the static build) and decodes it as a capture, one hex
 * frame or one binary frame.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include "cli.h"
#include "decode.h"
#include "mtpm/table.h"

#ifndef MTPM_CLI_MINIMAL

#if defined(__GNUC__)
#define TRACE_PRINTF(f, a) __attribute__((format(__printf__, f, a)))
#else
#define TRACE_PRINTF(f, a)
#endif

static cli_trace_sink g_sink;

void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	(void)user;
	if (!g_sink.out)
		cli_trace_sink_init(&g_sink, stderr, 1);
	cli_decode_trace(&g_sink, dir, cc, b, n);
}

/* --cc: a Part 3 command name ("GetRandom", "TPM2_Unseal",
 * "TPM_CC_Clear") or a hex code. */
int cli_cc_parse(const char *s, uint32_t *cc)
{
	uint32_t c;
	char *end;
	unsigned long v;

	if (!s || !*s)
		return -1;
	if (strncmp(s, "TPM2_", 5) == 0 || strncmp(s, "tpm2_", 5) == 0)
		s += 5;
	else if (strncmp(s, "TPM_CC_", 7) == 0 || strncmp(s, "tpm_cc_", 7) == 0)
		s += 7;
	/* A name first: "Clear" and "Create" are not hex, but "ECDH_ZGen" is
	 * not either; only a string that is a name is taken as one. */
	for (c = MTPM_CC_NV_UndefineSpaceSpecial; c <= MTPM_CC_EncryptDecrypt2; c++) {
		const char *n = mtpm_cc_name(c);

		if (n && strcasecmp(n, s) == 0) {
			*cc = c;
			return 0;
		}
	}
	if (strlen(s) > 10)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (v = 0, end = (char *)(uintptr_t)s; *end; end++) {
		int d = mtpm_hex_digit((unsigned char)*end);

		if (d < 0)
			return -1;
		v = v << 4 | (unsigned long)d;
	}
	if (end == s || v > 0xFFFFFFFFul)
		return -1;
	*cc = (uint32_t)v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* mtpm decode                                                         */
/* ------------------------------------------------------------------ */

#define DECODE_MAX_INPUT (16u << 20)

static void decode_usage(FILE *f)
{
	fprintf(f,
		"usage: mtpm decode [--command | --response] [--cc NAME|HEX] [--no-redact] [FILE|-]\n"
		"  Decode TPM 2.0 frames field by field: each field's Part 2/3 name, type,\n"
		"  value, byte offset and length; the response code; the Part 3 section.\n"
		"  Input (FILE or stdin): one frame as hex (whitespace allowed) or binary,\n"
		"  or a capture of many frames: lines '> HEX' (command) and '< HEX'\n"
		"  (response, paired with the command before it), as `mtpm --trace`\n"
		"  writes them, or a swtpm log (--log file=F,level=20).\n"
		"  --command, --response  what a single frame is (default: guessed)\n"
		"  --cc NAME|HEX          the command a response answers (GetRandom, 0x17b)\n"
		"  --no-redact            show secrets (auth values, HMACs, sensitive and\n"
		"                         unsealed data, NV data, the salt) and bytes of\n"
		"                         unknown layout; by default they are redacted\n"
		"  Exit: 0 every frame parsed, 5 a frame or the input is malformed\n"
		"  (the output names the offset), 2 usage.\n");
}

static int decode_err(int code, const char *fmt, ...) TRACE_PRINTF(2, 3);
static int decode_err(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("mtpm decode: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	return code;
}

/* Read all of fd (at most DECODE_MAX_INPUT bytes) into static storage:
 * no allocator, so the static binary links none (and .bss costs nothing
 * on disk). */
static uint8_t *read_all(int fd, size_t *len, int *too_big)
{
	static uint8_t buf[DECODE_MAX_INPUT + 1];
	size_t n = 0;

	*too_big = 0;
	*len = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return NULL;
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > DECODE_MAX_INPUT) {
			*too_big = 1;
			return NULL;
		}
	}
	*len = n;
	return buf;
}

int cli_decode(cli_env *env, int argc, char **argv)
{
	const char *file = NULL, *ccs = NULL;
	int want = 0;           /* 0 guess, 1 command, 2 response */
	int redact = 1, i, r, too_big, ret = EXIT_OK;
	uint32_t cc = 0;
	uint8_t *in = NULL;
	size_t len = 0, k, n = 0, bad_off = 0;
	int fd = 0;   /* stdin */
	int binary = 0;

	(void)env;
	for (i = 1; i < argc; i++) {
		/* cli_is_help's test, spelled out: decode.c links on its own
		 * into the unit and integration tests. */
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			decode_usage(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--command") == 0) {
			want = 1;
		} else if (strcmp(argv[i], "--response") == 0) {
			want = 2;
		} else if (strcmp(argv[i], "--no-redact") == 0) {
			redact = 0;
		} else if (strcmp(argv[i], "--cc") == 0 && i + 1 < argc) {
			ccs = argv[++i];
		} else if (strncmp(argv[i], "--cc=", 5) == 0) {
			ccs = argv[i] + 5;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return decode_err(EXIT_USAGE, "unknown option '%s' (see mtpm decode --help)",
					  argv[i]);
		} else if (file) {
			return decode_err(EXIT_USAGE, "one input at a time ('%s')", argv[i]);
		} else {
			file = argv[i];
		}
	}
	if (ccs && cli_cc_parse(ccs, &cc) != 0)
		return decode_err(EXIT_USAGE, "--cc '%s' is not a command name or code", ccs);
	if (ccs && want == 1)
		return decode_err(EXIT_USAGE, "%s", "--cc names the command a response answers; "
				  "a command carries its own");
	if (file && strcmp(file, "-") != 0) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return decode_err(EXIT_MALFORMED, "cannot open '%s'", file);
	}
	in = read_all(fd, &len, &too_big);
	if (fd != 0)
		close(fd);
	if (!in)
		return too_big ? decode_err(EXIT_TOO_LARGE, "%s", "input larger than 16 MiB")
			       : decode_err(EXIT_MALFORMED, "%s", "cannot read the input");
	/* Text is ASCII plus UTF-8 (the "§" of a trace); a control byte
	 * other than whitespace makes it binary (a frame starts 80 01/02). */
	for (k = 0; k < len; k++)
		if ((in[k] < 0x20 && !isspace(in[k])) || in[k] == 0x7f)
			binary = 1;
	if (!binary && cli_decode_is_capture(in, len)) {
		unsigned nf = 0, nb = 0;

		if (want)
			fprintf(stderr, "mtpm decode: a capture says what each frame is; "
				"--command/--response ignored\n");
		r = cli_decode_capture(stdout, (const char *)in, len, redact, cc, &nf, &nb);
		if (nf == 0) {
			fprintf(stderr, "mtpm decode: no frame in the capture\n");
			ret = EXIT_MALFORMED;
		} else if (r) {
			fprintf(stderr, "mtpm decode: %u of %u frame(s) do not parse (see the "
				"'!!' lines for the offsets)\n", nb, nf);
			ret = EXIT_MALFORMED;
		}
		goto out;
	}
	if (binary) {
		n = len;
	} else {
		/* One frame in hex: decode in place (n <= len / 2). */
		int nib = -1;
		size_t line = 1, col = 0;

		for (k = 0; k < len; k++) {
			int v = mtpm_hex_digit(in[k]);

			col++;
			if (in[k] == '\n') {
				line++;
				col = 0;
				continue;
			}
			if (isspace(in[k]))
				continue;
			if (v < 0) {
				fprintf(stderr, "mtpm decode: line %zu column %zu: not a hex digit\n",
					line, col);
				ret = EXIT_MALFORMED;
				goto out;
			}
			if (nib < 0) {
				nib = v;
			} else {
				in[n++] = (uint8_t)(nib << 4 | v);
				nib = -1;
			}
		}
		if (nib >= 0) {
			fprintf(stderr, "mtpm decode: odd number of hex digits\n");
			ret = EXIT_MALFORMED;
			goto out;
		}
	}
	if (n == 0) {
		fprintf(stderr, "mtpm decode: no frame: the input is empty "
			"(does not parse at offset 0)\n");
		ret = EXIT_MALFORMED;
		goto out;
	}
	if (n > CLI_DECODE_MAX_FRAME) {
		fprintf(stderr, "mtpm decode: a %zu-byte frame: more than %u\n", n,
			CLI_DECODE_MAX_FRAME);
		ret = EXIT_TOO_LARGE;
		goto out;
	}
	if (want == 0) {
		/* A commandCode in bytes 6-9 that mtpm knows makes a command;
		 * else a response. */
		mtpm_cur pk;
		uint32_t code = 0;

		mtpm_cur_init_ro(&pk, in, n);
		mtpm_get_skip(&pk, 6);
		mtpm_get_u32(&pk, &code);
		want = (pk.err == MTPM_OK && mtpm_cc_name(code)) ? 1 : 2;
		printf("(guessed: a %s; say --command or --response)\n",
		       want == 1 ? "command" : "response");
	}
	if (want == 1)
		r = cli_decode_command(stdout, in, n, redact, "", NULL, NULL, &bad_off);
	else
		r = cli_decode_response(stdout, in, n, redact, cc, "", NULL, NULL, &bad_off);
	if (r) {
		fprintf(stderr, "mtpm decode: malformed frame: does not parse at offset %zu "
			"(see the '!!' lines)\n", bad_off);
		ret = EXIT_MALFORMED;
	}
out:
	if (in)
		mtpm_wipe(in, len);
	return ret;
}

#else
/* The initramfs build has no decoder: one line per frame, no contents
 * (so nothing to redact). */
void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	(void)user;
	(void)b;
	fprintf(stderr, "# mtpm trace: %s cc 0x%08x, %zu bytes\n",
		dir == MTPM_TRACE_CMD ? "> command" : "< response", cc, n);
}

int cli_decode(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	fputs("mtpm decode: not in this build (the static initramfs build leaves the "
	      "decoder out); use the full mtpm\n", stderr);
	return EXIT_USAGE;
}

#endif /* MTPM_CLI_MINIMAL */
