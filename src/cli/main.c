/*
 * main.c - the mtpm command: global options and dispatch.
 *
 *   mtpm [-T TCTI] [--trace] COMMAND [ARGS...]
 *
 * The TCTI comes from -T/--tcti, else MTPM_TCTI, else TPM2TOOLS_TCTI when
 * it names a kind mtpm speaks, else the default device (/dev/tpmrm0, then
 * /dev/tpm0).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

typedef int (*cli_fn)(cli_env *env, int argc, char **argv);

struct cli_cmd {
	const char *name;
	cli_fn fn;
	const char *summary;
};

static const struct cli_cmd commands[] = {
	{ "getrandom", cli_getrandom, "N random bytes from the TPM (TPM2_GetRandom)" },
	{ "pcrread", cli_pcrread, "read PCRs (TPM2_PCR_Read)" },
	{ "pcrextend", cli_pcrextend, "extend a PCR (TPM2_PCR_Extend)" },
	{ "info", cli_info, "manufacturer, firmware, algorithms, banks, sizes, handles" },
	{ "handles", cli_handles, "list transient, persistent or session handles" },
	{ "flush", cli_flush, "flush a handle, or every transient object or session" },
	{ "startup", cli_startup, "TPM2_Startup(CLEAR or STATE)" },
	{ "seal", cli_seal, "seal a secret to PCRs, a PIN or a signed policy" },
	{ "unseal", cli_unseal, "unseal a sealed key file" },
	{ "policy", cli_policy, "compute a policy digest offline or on the TPM; sign one" },
	{ "decode", cli_decode, "decode a TPM command or response field by field" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: mtpm [-T TCTI] [--trace] COMMAND [ARGS...]\n"
		"       mtpm COMMAND --help\n\n"
		"TCTI: device[:PATH] | swtpm[:host=H,port=P] | swtpm:path=SOCKET | fd:N\n"
		"      (default: $MTPM_TCTI, else /dev/tpmrm0, then /dev/tpm0)\n\n"
		"commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nexit codes: 0 ok, 1 TPM or other failure, 2 usage, 3 no TPM,\n"
		   "4 integrity (possible bus tampering), 5 malformed, 6 PCR/policy mismatch,\n"
		   "7 wrong PIN, 8 lockout, 9 wrong TPM or parent, 10 too large\n");
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

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mtpm: ", stderr);
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

int cli_open(cli_env *env)
{
	mtpm_rc rc;

	if (env->open)
		return EXIT_OK;
	rc = mtpm_tcti_parse(env->tcti, &env->parsed);
	if (rc != MTPM_OK)
		return cli_usage_error("bad TCTI '%s'", env->tcti ? env->tcti : "");
	rc = mtpm_transport_open(&env->tr, &env->parsed);
	if (rc != MTPM_OK) {
		char buf[160];

		fprintf(stderr, "mtpm: cannot open TPM %s: %s\n",
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

/* TPM2TOOLS_TCTI is honoured only when it is a kind we speak; tpm2-tss
 * kinds such as "tabrm" are ignored rather than misread. */
static const char *default_tcti(void)
{
	const char *t = getenv("MTPM_TCTI");
	mtpm_tcti tmp;

	if (t && *t)
		return t;
	t = getenv("TPM2TOOLS_TCTI");
	if (t && *t && mtpm_tcti_parse(t, &tmp) == MTPM_OK)
		return t;
	return NULL;
}

int main(int argc, char **argv)
{
	static cli_env env;   /* holds the context's buffers: keep it off the stack */
	const char *tr;
	size_t i;
	int a = 1, ret;

	env.tcti = default_tcti();
	tr = getenv("MTPM_TRACE");
	env.trace = tr && strcmp(tr, "1") == 0;
	while (a < argc && argv[a][0] == '-') {
		if (cli_is_help(argv[a])) {
			usage(stdout);
			return EXIT_OK;
		} else if ((strcmp(argv[a], "-T") == 0 || strcmp(argv[a], "--tcti") == 0) &&
			   a + 1 < argc) {
			env.tcti = argv[a + 1];
			a += 2;
		} else if (strncmp(argv[a], "--tcti=", 7) == 0) {
			env.tcti = argv[a] + 7;
			a++;
		} else if (strcmp(argv[a], "--trace") == 0) {
			env.trace = 1;
			a++;
		} else if (strcmp(argv[a], "--version") == 0) {
			printf("mtpm %s\n", MTPM_VERSION);
			return EXIT_OK;
		} else {
			return cli_usage_error("unknown option '%s'", argv[a]);
		}
	}
	if (a >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[a], commands[i].name) == 0) {
			ret = commands[i].fn(&env, argc - a, argv + a);
			cli_close(&env);
			return ret;
		}
	}
	return cli_usage_error("unknown command '%s'", argv[a]);
}
