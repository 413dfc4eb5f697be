/*
 * trace.c - the decoder's two front ends (src/cli/decode.c decodes one
 * frame): `mtpm --trace COMMAND` / MTPM_TRACE=1 with its trace sink, and
 * `mtpm decode` with its capture reader.
 *
 * The trace is every command and response the CLI exchanges, decoded
 * field by field on stderr, secrets redacted: a capture `mtpm decode`
 * reads back (format below, before cli_decode_capture). main.c installs
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
/* Trace                                                               */
/* ------------------------------------------------------------------ */

void cli_trace_sink_init(cli_trace_sink *s, FILE *out, int redact)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->redact = redact;
}

static void pr_hexline(FILE *f, char dir, const uint8_t *b, size_t n)
{
	size_t i;

	fputc(dir, f);
	fputc(' ', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc('\n', f);
}

/*
 * ctx->trace callback. The pipeline calls it with the bytes that cross
 * the bus: commands after parameter encryption and HMACs, responses as
 * received, before verification and decryption. Two passes per frame: a
 * silent one that zeroes in scrub whatever the decode hides, then the
 * "> HEX" / "< HEX" line from scrub and the decode as comments.
 */
void cli_decode_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n)
{
	cli_trace_sink *s = user;
	const uint8_t *hex = b;
	int rsp = dir == MTPM_TRACE_RSP;

	if (!s || !s->out || !b)
		return;
	s->seq++;
	fprintf(s->out, "# mtpm trace %u: %s %s\n", s->seq, rsp ? "<<" : ">>",
		rsp ? "response" : "command");
	if (s->redact) {
		if (n > sizeof(s->scrub)) {
			fprintf(s->out, "# (%zu-byte frame: too long to print redacted)\n", n);
			hex = NULL;
		} else {
			cli_decode_state tmp = s->st;

			memcpy(s->scrub, b, n);
			if (rsp)
				cli_decode_response(NULL, b, n, 1, cc, "", s->scrub, &s->st, NULL);
			else
				cli_decode_command(NULL, b, n, 1, "", s->scrub, &tmp, NULL);
			hex = s->scrub;
		}
	}
	if (hex)
		pr_hexline(s->out, rsp ? '<' : '>', hex, n);
	if (rsp)
		cli_decode_response(s->out, b, n, s->redact, cc, "# ", NULL, &s->st, NULL);
	else
		cli_decode_command(s->out, b, n, s->redact, "# ", NULL, &s->st, NULL);
	if (s->redact)
		mtpm_wipe(s->scrub, sizeof(s->scrub));
	fflush(s->out);
}

/* ------------------------------------------------------------------ */
/* Capture files                                                       */
/* ------------------------------------------------------------------ */

/*
 * Capture format (what `mtpm --trace` writes and `mtpm decode` reads):
 *
 *   # a comment
 *   > 80010000000c0000017b0008            a command, hex
 *   < 80010000001400000000000800...       its response
 *
 * One frame per "> " or "< " line; whitespace inside the hex is allowed,
 * and a frame may go on over following lines that hold only hex digits
 * and whitespace. A response is decoded as the answer to the command
 * before it (its commandCode and session attributes). Blank and "#" lines
 * end a frame.
 *
 * swtpm's own log (`swtpm ... --log file=F,level=20`) is read as well:
 * " SWTPM_IO_Read: length N" starts a command, " SWTPM_IO_Write: length
 * N" a response, and the hex lines that follow are the frame. Other
 * lines of that log are skipped.
 */
struct capture {
	FILE *out;
	int redact;
	uint32_t cc_hint;
	int dir;              /* 0 none, '>' command, '<' response */
	size_t line;          /* where the frame started */
	size_t expect;        /* swtpm's "length N", 0 if none */
	int nib;              /* a pending high nibble, -1 if none */
	int badhex;
	size_t n;
	unsigned nframes, nbad;
	unsigned ignored;     /* lines that are neither frames nor comments */
	cli_decode_state st;
	uint8_t frame[CLI_DECODE_MAX_FRAME];
};

static struct capture g_cap;

/* Append the hex digits of s[0..len) to the frame. */
static void cap_hex(struct capture *k, const char *s, size_t len, size_t lineno)
{
	size_t i;

	for (i = 0; i < len && !k->badhex; i++) {
		int v = mtpm_hex_digit((unsigned char)s[i]);

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			continue;
		if (v < 0) {
			fprintf(k->out, "!! line %zu column %zu: '%c' is not a hex digit\n",
				lineno, i + 1, isprint((unsigned char)s[i]) ? s[i] : '?');
			k->badhex = 1;
			break;
		}
		if (k->nib < 0) {
			k->nib = v;
			continue;
		}
		if (k->n >= sizeof(k->frame)) {
			fprintf(k->out, "!! line %zu: frame longer than %u bytes\n", lineno,
				CLI_DECODE_MAX_FRAME);
			k->badhex = 1;
			break;
		}
		k->frame[k->n++] = (uint8_t)(k->nib << 4 | v);
		k->nib = -1;
	}
}

static void cap_flush(struct capture *k)
{
	int r;

	if (!k->dir)
		return;
	k->nframes++;
	fprintf(k->out, "\n== frame %u (line %zu): %s\n", k->nframes, k->line,
		k->dir == '>' ? "command" : "response");
	if (k->nib >= 0 && !k->badhex) {
		fprintf(k->out, "!! line %zu: odd number of hex digits\n", k->line);
		k->badhex = 1;
	}
	if (k->expect && k->expect != k->n && !k->badhex)
		fprintf(k->out, "!! the log says %zu bytes, the dump has %zu\n", k->expect, k->n);
	if (k->badhex) {
		r = 1;
	} else if (k->dir == '>') {
		r = cli_decode_command(k->out, k->frame, k->n, k->redact, "", NULL, &k->st, NULL);
	} else {
		uint32_t cc = k->st.have_cmd ? k->st.cc : k->cc_hint;

		r = cli_decode_response(k->out, k->frame, k->n, k->redact, cc, "", NULL,
					&k->st, NULL);
		k->st.have_cmd = 0;   /* one response per command */
	}
	if (r || (k->expect && k->expect != k->n))
		k->nbad++;
	mtpm_wipe(k->frame, k->n);
	k->dir = 0;
	k->n = 0;
	k->nib = -1;
	k->badhex = 0;
	k->expect = 0;
}

static int only_hex(const char *s, size_t len)
{
	size_t i;
	int any = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			continue;
		if (mtpm_hex_digit((unsigned char)s[i]) < 0)
			return 0;
		any = 1;
	}
	return any;
}

/* " SWTPM_IO_Read: length N" -> '>' and N; "...Write..." -> '<'. */
static int swtpm_header(const char *s, size_t len, size_t *expect)
{
	static const char rd[] = "SWTPM_IO_Read: length ", wr[] = "SWTPM_IO_Write: length ";
	size_t i, v = 0;
	int dir;

	if (len >= sizeof(rd) - 1 && memcmp(s, rd, sizeof(rd) - 1) == 0) {
		dir = '>';
		i = sizeof(rd) - 1;
	} else if (len >= sizeof(wr) - 1 && memcmp(s, wr, sizeof(wr) - 1) == 0) {
		dir = '<';
		i = sizeof(wr) - 1;
	} else {
		return 0;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9' && v < CLI_DECODE_MAX_FRAME; i++)
		v = v * 10 + (size_t)(s[i] - '0');
	*expect = v;
	return dir;
}

int cli_decode_capture(FILE *out, const char *text, size_t len, int redact,
		       uint32_t cc_hint, unsigned *nframes, unsigned *nbad)
{
	struct capture *k = &g_cap;
	size_t pos = 0, lineno = 0;
	int r;

	memset(k, 0, offsetof(struct capture, frame));
	k->out = out;
	k->redact = redact;
	k->cc_hint = cc_hint;
	k->nib = -1;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - s) : len - pos;
		size_t expect = 0;
		int dir;

		pos += ll + (nl ? 1 : 0);
		lineno++;
		while (ll > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			ll--;
		}
		while (ll > 0 && (s[ll - 1] == '\r' || s[ll - 1] == ' ' || s[ll - 1] == '\t'))
			ll--;
		if (ll == 0 || s[0] == '#') {
			cap_flush(k);
		} else if (s[0] == '>' || s[0] == '<') {
			cap_flush(k);
			k->dir = s[0];
			k->line = lineno;
			cap_hex(k, s + 1, ll - 1, lineno);
		} else if ((dir = swtpm_header(s, ll, &expect)) != 0) {
			cap_flush(k);
			k->dir = dir;
			k->line = lineno;
			k->expect = expect;
		} else if (k->dir && only_hex(s, ll)) {
			cap_hex(k, s, ll, lineno);
		} else {
			/* Not a frame: the rest of a swtpm log ("Data client
			 * disconnected", ...) or prose. Ends the frame. */
			cap_flush(k);
			k->ignored++;
		}
	}
	cap_flush(k);
	fprintf(out, "\n== %u frame(s), %u did not parse; %u other line(s) skipped\n",
		k->nframes, k->nbad, k->ignored);
	if (nframes)
		*nframes = k->nframes;
	if (nbad)
		*nbad = k->nbad;
	r = k->nbad != 0;
	mtpm_wipe(k, sizeof(*k));
	return r;
}

/* Text with a "> " / "< " line or a swtpm frame header? */
int cli_decode_is_capture(const uint8_t *t, size_t len)
{
	size_t pos = 0, e;

	while (pos < len) {
		const char *s = (const char *)t + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - s) : len - pos;

		pos += ll + (nl ? 1 : 0);
		while (ll > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			ll--;
		}
		if (ll > 0 && (s[0] == '>' || s[0] == '<'))
			return 1;
		if (swtpm_header(s, ll, &e))
			return 1;
	}
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
