/*
 * fuzz/fuzz_policy_step.c - the CLI's policy-step parser,
 * cli_parse_policy_step (src/cli/policy.c: "authvalue", "or:HEX,HEX",
 * "commandcode:Unseal", "secret:0x40000001", ...), linked without main.c
 * (fuzz/cli_stubs.c: no TPM). The input, cut at its first NUL, is the
 * argument. Steps that name files (pcr:SEL=FILE, authorize:FILE) are
 * skipped: the fuzzer must not read arbitrary paths; a PolicyPCR step
 * without values stops where it would open the TPM.
 *
 * Oracle: the result is an exit code; on success the step is one of the
 * policy commands and goes through the key file's commandPolicy encoding
 * (mtpm_keyfile_put_step / get_step) unchanged, which is how mtpm policy
 * stores it.
 */
#include "fuzz.h"
#include "mtpm/keyfile.h"
#include "cli.h"

int cli_parse_policy_step(cli_env *env, const char *s, mtpm_policy_step *st,
			  mtpm_keyfile_auth *auth);

#define INPUT_MAX 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char in[INPUT_MAX + 1];
	static cli_env env;
	static mtpm_policy_step st, st2;
	static mtpm_keyfile_auth auth, auth2;
	static uint8_t wbuf[FUZZ_OUT_MAX];
	mtpm_cur w, r;
	int ret;

	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(in, data, size);
	in[size] = '\0';
	if (strncmp(in, "authorize:", 10) == 0 ||
	    (strncmp(in, "pcr:", 4) == 0 && strchr(in, '=')))
		return 0;

	memset(&env, 0, sizeof(env));
	memset(&st, FUZZ_POISON, sizeof(st));
	memset(&auth, 0, sizeof(auth));
	ret = cli_parse_policy_step(&env, in, &st, &auth);
	FUZZ_CHECK(ret >= EXIT_OK && ret <= EXIT_TOO_LARGE);
	if (ret != EXIT_OK)
		return 0;

	switch (st.cc) {
	case MTPM_CC_PolicyPCR:
	case MTPM_CC_PolicyAuthValue:
	case MTPM_CC_PolicyPassword:
	case MTPM_CC_PolicyCommandCode:
	case MTPM_CC_PolicyOR:
		break;
	case MTPM_CC_PolicySecret:
		/* Not a key file step: the Name must be the handle's. */
		FUZZ_CHECK(MTPM_HANDLE_TYPE(st.u.secret.authHandle) == MTPM_HT_PERMANENT);
		FUZZ_CHECK(st.u.secret.authName.size == 4);
		return 0;
	default:
		FUZZ_CHECK(0 && "unexpected policy command");
	}
	mtpm_cur_init(&w, wbuf, sizeof(wbuf));
	FUZZ_CHECK(mtpm_keyfile_put_step(&w, &st, &auth) == MTPM_OK);
	mtpm_cur_init_ro(&r, wbuf, w.pos);
	FUZZ_CHECK(mtpm_keyfile_get_step(&r, st.cc, &st2, &auth2) == MTPM_OK);
	FUZZ_CHECK(memcmp(&st, &st2, sizeof(st)) == 0);
	return 0;
}
