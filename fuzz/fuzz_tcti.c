/*
 * fuzz/fuzz_tcti.c - the TCTI string parser, mtpm_tcti_parse
 * (transport/tcti.c). The input, cut at its first NUL, is the string.
 *
 * Oracle:
 *   - failure: MTPM_E_USAGE and the output exactly as a parse of "" would
 *     leave it but for the verdict (all zero, fd = -1, kind device);
 *   - success: every string field is NUL-terminated in its array, the
 *     kind-specific fields are in range, and the canonical string printed
 *     back from the result parses to the very same structure (the parser's
 *     round trip: it has no put side).
 */
#include "fuzz.h"

#define INPUT_MAX 2048   /* past the parser's own 1024-byte limit */

static void print_tcti(const mtpm_tcti *t, char *s, size_t cap)
{
	int n = -1;

	switch (t->kind) {
	case MTPM_TCTI_DEVICE:
		n = t->path[0] ? snprintf(s, cap, "device:%s", t->path)
			       : snprintf(s, cap, "device");
		break;
	case MTPM_TCTI_SWTPM_TCP:
		n = snprintf(s, cap, "swtpm:host=%s,port=%u", t->host, t->port);
		break;
	case MTPM_TCTI_SWTPM_UNIX:
		n = t->ctrl_path[0]
			? snprintf(s, cap, "swtpm:path=%s,ctrl=%s", t->path, t->ctrl_path)
			: snprintf(s, cap, "swtpm:path=%s", t->path);
		break;
	case MTPM_TCTI_FD:
		n = snprintf(s, cap, "fd:%d", t->fd);
		break;
	}
	FUZZ_CHECK(n > 0 && (size_t)n < cap);
}

static int terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char in[INPUT_MAX + 1], again[4 * MTPM_TCTI_MAX];
	static mtpm_tcti out, out2, failed;
	mtpm_rc rc;

	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(in, data, size);
	in[size] = '\0';

	memset(&out, FUZZ_POISON, sizeof(out));
	rc = mtpm_tcti_parse(in, &out);
	if (rc != MTPM_OK) {
		FUZZ_CHECK(rc == MTPM_E_USAGE);
		memset(&failed, 0, sizeof(failed));
		failed.fd = -1;
		failed.kind = MTPM_TCTI_DEVICE;
		FUZZ_CHECK(memcmp(&out, &failed, sizeof(out)) == 0);
		return 0;
	}

	FUZZ_CHECK(terminated(out.path, sizeof(out.path)));
	FUZZ_CHECK(terminated(out.host, sizeof(out.host)));
	FUZZ_CHECK(terminated(out.ctrl_path, sizeof(out.ctrl_path)));
	switch (out.kind) {
	case MTPM_TCTI_DEVICE:
		FUZZ_CHECK(out.fd == -1 && out.port == 0 && !out.host[0] && !out.ctrl_path[0]);
		break;
	case MTPM_TCTI_SWTPM_TCP:
		FUZZ_CHECK(out.fd == -1 && out.port != 0 && out.host[0] &&
			   !out.path[0] && !out.ctrl_path[0]);
		break;
	case MTPM_TCTI_SWTPM_UNIX:
		FUZZ_CHECK(out.fd == -1 && out.port == 0 && !out.host[0] && out.path[0]);
		break;
	case MTPM_TCTI_FD:
		FUZZ_CHECK(out.fd >= 0 && out.fd <= 999999999);
		break;
	default:
		FUZZ_CHECK(0 && "unknown kind");
	}

	print_tcti(&out, again, sizeof(again));
	memset(&out2, FUZZ_POISON, sizeof(out2));
	FUZZ_CHECK(mtpm_tcti_parse(again, &out2) == MTPM_OK);
	FUZZ_CHECK(memcmp(&out, &out2, sizeof(out)) == 0);
	return 0;
}
