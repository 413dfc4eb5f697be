/*
 * decode.c - mtpm decode (being written: see issue "Audit and teaching
 * reference"). Until it lands the command says so and fails.
 */
#include "cli.h"

int cli_decode(cli_env *env, int argc, char **argv)
{
	(void)env;
	(void)argc;
	(void)argv;
	fprintf(stderr, "mtpm decode: not built yet\n");
	return EXIT_FAIL;
}
