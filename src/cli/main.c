/*
 * main.c - the mtpm command: global options and dispatch.
 *
 *   mtpm [GLOBAL...] COMMAND [ARGS...]
 *   GLOBAL: -T TCTI | --tcti TCTI | --tcti=TCTI | --trace | --force
 *
 * Global options may also stand after the command name, as tpm2-tools
 * users write them (`mtpm pcrread -T swtpm:port=2321 sha256:7`): main.c
 * takes them out of the command's arguments before dispatch, reading left
 * to right, except a word that is the value of the option before it
 * (`-i -T` reads a file named "-T"; see value_opts).
 *
 * The TCTI comes from -T/--tcti, else MTPM_TCTI, else TPM2TOOLS_TCTI, else
 * the default device. Whichever is used must parse: a TPM2TOOLS_TCTI of a
 * kind mtpm does not speak (tabrm, cmd, libtpms...) or with a key it does
 * not know is an error (exit 2) naming the variable, never a silent fall
 * back to the default device, which would be a different TPM from the one
 * the user named.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

typedef int (*cli_fn)(cli_env *env, int argc, char **argv);

/* --trace or MTPM_TRACE=1, wherever it was given */
static int trace_opt;

struct cli_cmd {
	const char *name;
	cli_fn fn;
	const char *summary;
};

/* The initramfs build (MTPM_CLI_MINIMAL) unseals and unlocks; what a
 * booted system does at enrolment or for a person (seal, policy, parent,
 * info, decode, flush, startup) points at one refusal there, and the
 * linker drops the rest. */
#ifdef MTPM_CLI_MINIMAL
static int cli_not_in_build(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	return cli_usage_error("not in this build (the initramfs binary unseals and unlocks; "
			       "use the full mtpm)");
}
#define FULL_ONLY(fn) cli_not_in_build
#else
#define FULL_ONLY(fn) fn
#endif

static const struct cli_cmd commands[] = {
	{ "getrandom", cli_getrandom, CLI_MORE("N random bytes from the TPM (TPM2_GetRandom)") },
	{ "pcrread", cli_pcrread, CLI_MORE("read PCRs (TPM2_PCR_Read)") },
	{ "pcrextend", cli_pcrextend, CLI_MORE("extend a PCR (TPM2_PCR_Extend)") },
	{ "info", FULL_ONLY(cli_info), CLI_MORE("manufacturer, firmware, algorithms, banks, sizes, handles") },
	{ "handles", cli_handles, CLI_MORE("list transient, persistent or session handles") },
	{ "flush", FULL_ONLY(cli_flush), CLI_MORE("flush a handle, or every transient object or session") },
	{ "startup", FULL_ONLY(cli_startup), CLI_MORE("TPM2_Startup(CLEAR or STATE)") },
	{ "seal", FULL_ONLY(cli_seal), CLI_MORE("seal a secret to PCRs, a PIN or a signed policy") },
	{ "unseal", cli_unseal, CLI_MORE("unseal a sealed key file") },
	{ "luks", cli_luks, CLI_MORE("unlock LUKS2 volumes enrolled by systemd-cryptenroll or clevis") },
	{ "parent", FULL_ONLY(cli_parent), CLI_MORE("pin the trusted Names of parent keys; print one") },
	{ "policy", FULL_ONLY(cli_policy), CLI_MORE("compute a policy digest offline or on the TPM; sign one") },
	{ "decode", FULL_ONLY(cli_decode), CLI_MORE("decode a TPM command or response field by field") },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/*
 * Options of any subcommand that take a value. A global option word right
 * after one of these is that option's value, not a global option, so
 * `seal -i -T` still reads a file named "-T". Add a subcommand's new
 * value-taking options here (a missing one only means such a value would
 * be taken for a global option; write ./-T to be sure).
 */
static const char *const value_opts[] = {
	"-i", "-o", "--public", "--private", "--pcrs", "--or", "--authorize",
	"--parent", "--parent-name", "--like", "--pin-file", "--pin-fd",
	"--key", "--add", "--ref", "--hash", "--cc", "--token", "--token-id", "--signature",
};

#define NVALUE_OPTS (sizeof(value_opts) / sizeof(value_opts[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: mtpm [GLOBAL...] COMMAND [ARGS...]\n"
		"       mtpm COMMAND --help\n\n"
		"global options, before or after COMMAND: -T|--tcti TCTI, --trace, --force\n"
		CLI_MORE("  -T, --tcti TCTI  the TPM: device[:PATH] | swtpm[:host=H,port=P] |\n"
		"                   swtpm:path=SOCKET | fd:N (default: $MTPM_TCTI, else\n"
		"                   $TPM2TOOLS_TCTI, else the device /dev/tpmrm0)\n"
		"  --trace          every command and response on stderr, secrets zeroed\n"
		"  --force          let an output file (-o, --public, ...) replace an\n"
		"                   existing one; without it that is refused (exit 5)\n"
		"  After COMMAND these are taken out of its arguments from left to right,\n"
		"  except as the value of an option (-i -T reads a file named -T).\n")
		"\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nexit codes: 0 ok, 1 TPM or other failure, 2 usage, 3 no TPM,\n"
		   "4 integrity (possible bus tampering), 5 malformed or unusable file,\n"
		   "6 PCR/policy mismatch, 7 wrong PIN, 8 lockout, 9 wrong TPM or parent,\n"
		   "10 too large\n");
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_exit_code(mtpm_rc rc)
{
	switch (mtpm_rc_base(rc)) {
	case MTPM_OK:
		return EXIT_OK;
	case MTPM_E_USAGE:
		return EXIT_USAGE;
	case MTPM_E_NOTPM:
	case MTPM_E_TRANSPORT:
	case MTPM_E_TIMEOUT:
		return EXIT_NOTPM;
	case MTPM_E_INTEGRITY:
		return EXIT_INTEGRITY;
	case MTPM_E_MALFORMED:
	case MTPM_E_FILE:
		return EXIT_MALFORMED;
	case MTPM_E_POLICY:
	case MTPM_RC_POLICY_FAIL:
	case MTPM_RC_PCR_CHANGED:
		return EXIT_POLICY;
	case MTPM_RC_AUTH_FAIL:
	case MTPM_RC_BAD_AUTH:
		return EXIT_AUTH;
	case MTPM_RC_LOCKOUT:
		return EXIT_LOCKOUT;
	case MTPM_E_NAME:
		return EXIT_WRONG_TPM;
	case MTPM_E_TOO_LARGE:
		return EXIT_TOO_LARGE;
	default:
		return EXIT_FAIL;
	}
}

int cli_fail(const char *what, mtpm_rc rc)
{
	char buf[256];

	fprintf(stderr, "mtpm %s: %s\n", what, mtpm_rc_str(rc, buf, sizeof(buf)));
	return cli_exit_code(rc);
}

/* Does fmt already start with the command's name ("seal: ...", "policy
 * sign: ...")? Then it is printed after "mtpm " as it stands. */
static int names_cmd(const char *fmt)
{
	size_t n;

	if (!cli_cmd)
		return 0;
	n = strlen(cli_cmd);
	/* "policy sign" runs as cli_cmd "policy sign"; its messages may
	 * say "policy: ..." (the offline half) too */
	if (strncmp(cli_cmd, "policy ", 7) == 0 && strncmp(fmt, "policy", 6) == 0 &&
	    (fmt[6] == ':' || fmt[6] == ' '))
		return 1;
	return strncmp(fmt, cli_cmd, n) == 0 && (fmt[n] == ':' || fmt[n] == ' ');
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	if (names_cmd(fmt))
		fputs("mtpm ", stderr);
	else
		cli_err_head();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see mtpm --help)\n", stderr);
	return EXIT_USAGE;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Is the kind (the text before ':') one transport/tcti.c parses? Only
 * to word the error: a known kind with bad settings is "malformed", an
 * unknown one (tabrm, cmd, libtpms, a library name) "not spoken". */
static int tcti_kind_known(const char *t)
{
	static const char *const kinds[] = { "device", "swtpm", "mssim", "fd" };
	size_t i, n;

	if (!t)
		return 1;
	n = strcspn(t, ":");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i]) == n && strncmp(t, kinds[i], n) == 0)
			return 1;
	return 0;
}

int cli_open(cli_env *env)
{
	mtpm_rc rc;

	if (env->open)
		return EXIT_OK;
	rc = mtpm_tcti_parse(env->tcti, &env->parsed);
	if (rc != MTPM_OK) {
		/* Never fall back to the default device: that is another TPM. */
		cli_err("%s '%s': %s", env->tcti_from ? env->tcti_from : "TCTI",
			env->tcti ? env->tcti : "",
			tcti_kind_known(env->tcti) ?
			"malformed TCTI (see TCTI in mtpm(1))" :
			"not a TCTI mtpm speaks (device, swtpm, mssim, fd)");
		return EXIT_USAGE;
	}
	rc = mtpm_transport_open(&env->tr, &env->parsed);
	if (rc != MTPM_OK) {
		char buf[160];

		cli_err("cannot open TPM %s: %s",
			env->tr.desc[0] ? env->tr.desc : (env->tcti ? env->tcti : "device"),
			mtpm_rc_str(rc, buf, sizeof(buf)));
		return EXIT_NOTPM;
	}
	mtpm_ctx_init(&env->ctx, &env->tr, mtpm_crypto_bearssl());
	env->ctx.sleep_ms = sleep_ms;
	if (env->trace) {
		env->ctx.trace = cli_trace;
		env->ctx.trace_user = env;
	}
	env->open = 1;
	return EXIT_OK;
}

void cli_close(cli_env *env)
{
	if (env->open)
		mtpm_transport_close(&env->tr);
	env->open = 0;
	mtpm_wipe(&env->ctx, sizeof(env->ctx));
}

/* The TCTI when no -T was given: MTPM_TCTI, else TPM2TOOLS_TCTI (as
 * tpm2-tools reads it), else NULL for the default device. Checked in
 * cli_open, so a command that needs no TPM (decode, policy) is not
 * refused for a TPM2TOOLS_TCTI meant for tpm2-tools. */
static void env_tcti(cli_env *env)
{
	const char *t = getenv("MTPM_TCTI");

	if (t && *t) {
		env->tcti = t;
		env->tcti_from = "MTPM_TCTI";
		return;
	}
	t = getenv("TPM2TOOLS_TCTI");
	if (t && *t) {
		env->tcti = t;
		env->tcti_from = "TPM2TOOLS_TCTI";
	}
}

static int is_value_opt(const char *a)
{
	size_t i;

	for (i = 0; i < NVALUE_OPTS; i++)
		if (strcmp(a, value_opts[i]) == 0)
			return 1;
	return 0;
}

/*
 * One global option at argv[*k]: 1 (taken; *k moved past it and its
 * value), 0 (not a global option), or -1 (printed: usage error).
 */
static int global_opt(int argc, char **argv, int *k, const char **tcti)
{
	const char *a = argv[*k];

	if (strcmp(a, "-T") == 0 || strcmp(a, "--tcti") == 0) {
		if (*k + 1 >= argc) {
			cli_usage_error("%s needs a TCTI", a);
			return -1;
		}
		*tcti = argv[*k + 1];
		*k += 2;
		return 1;
	}
	if (strncmp(a, "--tcti=", 7) == 0) {
		*tcti = a + 7;
		*k += 1;
		return 1;
	}
	if (strcmp(a, "--trace") == 0) {
		trace_opt = 1;
		*k += 1;
		return 1;
	}
	if (strcmp(a, "--force") == 0) {
		cli_force = 1;
		*k += 1;
		return 1;
	}
	return 0;
}

/*
 * Take the global options out of a command's arguments argv[1..*argc),
 * left to right, keeping any word that is the value of the option before
 * it (value_opts). Returns 0, or -1 after a usage error.
 */
static int strip_globals(int *argc, char **argv, const char **tcti)
{
	int k = 1, w = 1, after_value_opt = 0;

	while (k < *argc) {
		if (!after_value_opt) {
			int g = global_opt(*argc, argv, &k, tcti);

			if (g < 0)
				return -1;
			if (g > 0)
				continue;
		}
		after_value_opt = !after_value_opt && is_value_opt(argv[k]);
		argv[w++] = argv[k++];
	}
	argv[w] = NULL;
	*argc = w;
	return 0;
}

int main(int argc, char **argv)
{
	static cli_env env;   /* holds the context's buffers: keep it off the stack */
	const char *tr, *tcti = NULL;
	size_t i;
	int a = 1, ret, g, cargc;

	tr = getenv("MTPM_TRACE");
	trace_opt = tr && strcmp(tr, "1") == 0;
	while (a < argc && argv[a][0] == '-') {
		if (cli_is_help(argv[a])) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[a], "--version") == 0) {
			printf("mtpm %s\n", MTPM_VERSION);
			return EXIT_OK;
		}
		g = global_opt(argc, argv, &a, &tcti);
		if (g < 0)
			return EXIT_USAGE;
		if (g == 0)
			return cli_usage_error("unknown option '%s'", argv[a]);
	}
	if (a >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[a], commands[i].name) != 0)
			continue;
		cli_cmd = commands[i].name;
		if (strcmp(cli_cmd, "policy") == 0 && a + 1 < argc && strcmp(argv[a + 1], "sign") == 0)
			cli_cmd = "policy sign";
		cargc = argc - a;
		if (strip_globals(&cargc, argv + a, &tcti) != 0)
			return EXIT_USAGE;
		if (tcti) {
			env.tcti = tcti;
			env.tcti_from = "-T";
		} else {
			env_tcti(&env);
		}
		env.trace = trace_opt;
		ret = commands[i].fn(&env, cargc, argv + a);
		cli_close(&env);
		return ret;
	}
	return cli_usage_error("unknown command '%s'", argv[a]);
}
