/* seal.c - mtpm seal / unseal (being written). */
#include "cli.h"

int cli_seal(cli_env *env, int argc, char **argv)
{
	(void)env; (void)argc; (void)argv;
	fprintf(stderr, "mtpm seal: not built yet\n");
	return EXIT_FAIL;
}

int cli_unseal(cli_env *env, int argc, char **argv)
{
	(void)env; (void)argc; (void)argv;
	fprintf(stderr, "mtpm unseal: not built yet\n");
	return EXIT_FAIL;
}
