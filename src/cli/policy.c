/* policy.c - mtpm policy (being written). */
#include "cli.h"

int cli_policy(cli_env *env, int argc, char **argv)
{
	(void)env; (void)argc; (void)argv;
	fprintf(stderr, "mtpm policy: not built yet\n");
	return EXIT_FAIL;
}
