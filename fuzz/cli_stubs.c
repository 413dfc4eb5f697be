/*
 * fuzz/cli_stubs.c - what the CLI's parsers need from src/cli/main.c,
 * which the harnesses do not link (it has main()). Quiet, and no TPM:
 * cli_open fails as if none were there, so a parser that would ask the
 * TPM (a PolicyPCR step without values, a PolicySecret on a key) stops
 * at that point instead of touching a device.
 */
#include <stdarg.h>
#include <string.h>
#include "cli.h"

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_exit_code(mtpm_rc rc)
{
	return rc == MTPM_OK ? EXIT_OK : EXIT_FAIL;
}

int cli_fail(const char *what, mtpm_rc rc)
{
	(void)what;
	return cli_exit_code(rc);
}

int cli_usage_error(const char *fmt, ...)
{
	(void)fmt;
	return EXIT_USAGE;
}

int cli_open(cli_env *env)
{
	(void)env;
	return EXIT_NOTPM;
}

void cli_close(cli_env *env)
{
	env->open = 0;
}
