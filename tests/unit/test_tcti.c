/*
 * tests/unit/test_tcti.c - mtpm_tcti_parse (transport/tcti.c): every form
 * it accepts, every rule it enforces, and garbage that must not crash it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <mtpm/transport.h>

/* After a failure the output must be the zero state (fd -1). */
static void assert_rejected(const char *s)
{
	mtpm_tcti t;

	memset(&t, 0xA5, sizeof(t));
	if (mtpm_tcti_parse(s, &t) != MTPM_E_USAGE)
		fail_msg("accepted: \"%s\"", s);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_int_equal(t.fd, -1);
	assert_int_equal(t.port, 0);
	assert_string_equal(t.path, "");
	assert_string_equal(t.host, "");
	assert_string_equal(t.ctrl_path, "");
}

static void parse_ok(const char *s, mtpm_tcti *t)
{
	memset(t, 0xA5, sizeof(*t));
	if (mtpm_tcti_parse(s, t) != MTPM_OK)
		fail_msg("rejected: \"%s\"", s ? s : "(null)");
}

static void test_default_device(void **state)
{
	mtpm_tcti t;
	(void)state;

	parse_ok(NULL, &t);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_string_equal(t.path, "");
	assert_int_equal(t.fd, -1);
	parse_ok("", &t);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_string_equal(t.path, "");
	parse_ok("device", &t);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_string_equal(t.path, "");
	parse_ok("device:", &t);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_string_equal(t.path, "");
}

static void test_device_path(void **state)
{
	mtpm_tcti t;
	char s[600], want[300];
	(void)state;

	parse_ok("device:/dev/tpmrm0", &t);
	assert_int_equal(t.kind, MTPM_TCTI_DEVICE);
	assert_string_equal(t.path, "/dev/tpmrm0");
	parse_ok("device:/dev/tpm0", &t);
	assert_string_equal(t.path, "/dev/tpm0");
	/* the longest path that fits: MTPM_TCTI_MAX - 1 bytes */
	memset(want, 'a', MTPM_TCTI_MAX - 1);
	want[0] = '/';
	want[MTPM_TCTI_MAX - 1] = '\0';
	snprintf(s, sizeof(s), "device:%s", want);
	parse_ok(s, &t);
	assert_string_equal(t.path, want);
	/* one more is too long */
	snprintf(s, sizeof(s), "device:%sa", want);
	assert_rejected(s);
}

static void test_swtpm_tcp(void **state)
{
	mtpm_tcti t;
	(void)state;

	parse_ok("swtpm", &t);
	assert_int_equal(t.kind, MTPM_TCTI_SWTPM_TCP);
	assert_string_equal(t.host, "127.0.0.1");
	assert_int_equal(t.port, 2321);
	assert_int_equal(t.fd, -1);
	parse_ok("swtpm:", &t);
	assert_int_equal(t.kind, MTPM_TCTI_SWTPM_TCP);
	assert_int_equal(t.port, 2321);
	parse_ok("swtpm:host=127.0.0.1,port=2321", &t);
	assert_string_equal(t.host, "127.0.0.1");
	assert_int_equal(t.port, 2321);
	parse_ok("swtpm:port=40000", &t);
	assert_string_equal(t.host, "127.0.0.1");
	assert_int_equal(t.port, 40000);
	parse_ok("swtpm:port=65535,host=10.1.2.3", &t);
	assert_string_equal(t.host, "10.1.2.3");
	assert_int_equal(t.port, 65535);
	parse_ok("swtpm:host=localhost", &t);
	assert_string_equal(t.host, "localhost");
	assert_int_equal(t.port, 2321);
	parse_ok("swtpm:host=::1,port=1", &t);
	assert_string_equal(t.host, "::1");
	assert_int_equal(t.port, 1);
	parse_ok("swtpm:port=02321", &t);
	assert_int_equal(t.port, 2321);
	parse_ok("mssim:host=127.0.0.1,port=2321", &t);
	assert_int_equal(t.kind, MTPM_TCTI_SWTPM_TCP);
	assert_int_equal(t.port, 2321);
	parse_ok("mssim", &t);
	assert_int_equal(t.kind, MTPM_TCTI_SWTPM_TCP);
}

static void test_swtpm_unix(void **state)
{
	mtpm_tcti t;
	char s[400], p[200];
	(void)state;

	parse_ok("swtpm:path=/run/swtpm.sock", &t);
	assert_int_equal(t.kind, MTPM_TCTI_SWTPM_UNIX);
	assert_string_equal(t.path, "/run/swtpm.sock");
	assert_string_equal(t.host, "");
	assert_int_equal(t.port, 0);
	assert_string_equal(t.ctrl_path, "");
	parse_ok("swtpm:path=/tmp/d/sock,ctrl=/tmp/d/ctrl", &t);
	assert_string_equal(t.path, "/tmp/d/sock");
	assert_string_equal(t.ctrl_path, "/tmp/d/ctrl");
	parse_ok("swtpm:ctrl=/c,path=/s", &t);
	assert_string_equal(t.path, "/s");
	assert_string_equal(t.ctrl_path, "/c");
	parse_ok("swtpm:path=/a=b", &t); /* only the first '=' splits */
	assert_string_equal(t.path, "/a=b");
	/* sockaddr_un holds 107 bytes of path */
	memset(p, 'x', 107);
	p[0] = '/';
	p[107] = '\0';
	snprintf(s, sizeof(s), "swtpm:path=%s", p);
	parse_ok(s, &t);
	assert_string_equal(t.path, p);
	snprintf(s, sizeof(s), "swtpm:path=%sx", p);
	assert_rejected(s);
	snprintf(s, sizeof(s), "swtpm:path=/s,ctrl=%sx", p);
	assert_rejected(s);
}

static void test_fd(void **state)
{
	mtpm_tcti t;
	(void)state;

	parse_ok("fd:0", &t);
	assert_int_equal(t.kind, MTPM_TCTI_FD);
	assert_int_equal(t.fd, 0);
	parse_ok("fd:3", &t);
	assert_int_equal(t.fd, 3);
	parse_ok("fd:999999999", &t);
	assert_int_equal(t.fd, 999999999);
}

static void test_rejects(void **state)
{
	static const char *const bad[] = {
		/* unknown kinds and case */
		"tpm", "Device", "SWTPM", "swtpm2", "dev", ":", ":/dev/tpm0", "tabrmd",
		"libtpms", "device ", " device", "fd", "fd:", "cmd:swtpm",
		/* empty values, items, keys */
		"swtpm:host=", "swtpm:port=", "swtpm:path=", "swtpm:path=/s,ctrl=",
		"swtpm:=1", "swtpm:,", "swtpm:,port=1", "swtpm:port=1,", "swtpm:port=1,,host=::1",
		"swtpm:port", "swtpm:host", "swtpm:port=1,host",
		/* unknown keys */
		"swtpm:hostname=127.0.0.1", "swtpm:Port=1", "swtpm:port =1", "swtpm:bindaddr=::1",
		"swtpm:tcp=1", "swtpm:path=/s,mode=0600", "swtpm: port=1",
		/* duplicates */
		"swtpm:port=1,port=1", "swtpm:host=::1,host=::1", "swtpm:path=/a,path=/a",
		"swtpm:path=/a,ctrl=/b,ctrl=/b",
		/* bad ports */
		"swtpm:port=0", "swtpm:port=00000", "swtpm:port=65536", "swtpm:port=99999",
		"swtpm:port=100000", "swtpm:port=-1", "swtpm:port=+1", "swtpm:port= 1",
		"swtpm:port=1 ", "swtpm:port=0x10", "swtpm:port=1a", "swtpm:port=4294967297",
		"swtpm:port=000002321",
		/* bad hosts: names need a resolver, we take numbers */
		"swtpm:host=example.com", "swtpm:host=127.0.0.1:2321", "swtpm:host=256.0.0.1",
		"swtpm:host=127.1", "swtpm:host= 127.0.0.1", "swtpm:host=[::1]",
		"swtpm:host=LOCALHOST", "swtpm:host=127.0.0.01", "swtpm:host=1.2.3.4.5",
		"swtpm:host=1.2.3.", "swtpm:host=.1.2.3", "swtpm:host=1..2.3", "swtpm:host=1.2.3.1000",
		"swtpm:host=01.2.3.4", "swtpm:host=1.2.3.4x",
		/* mixes */
		"swtpm:path=/s,port=1", "swtpm:host=::1,path=/s", "swtpm:ctrl=/c",
		"swtpm:port=1,ctrl=/c",
		/* fd */
		"fd:-1", "fd:+3", "fd:3 ", "fd: 3", "fd:x", "fd:1234567890", "fd:3,4", "fd:0x3",
		/* control characters */
		"device:/dev/tpm\n0", "device:/dev/\ttpm0", "swtpm:path=/s\x7f", "device:\x1b[2J",
		/* issue 10 §4: what TPM2TOOLS_TCTI may hold that names no TPM of
		 * ours; each is an error (the CLI exits 2), never "the default
		 * device" */
		"tabrm:", "tabrm", "abrmd:", "tabrmd:bus_type=session", "device:/dev/tpmrm0,foo=1",
		"device:/dev/tpm0,", "device:foo=1", "device:tpmrm0", "device:,/dev/tpm0",
		"swtpm:host=127.0.0.1,port=2321,foo=1", "mssim:host=127.0.0.1,port=2321,foo=1",
		"swtpm:host=127.0.0.1,port=70000", "swtpm:port=2321x", "mssim:port=",
		"swtpm:path=/s,foo=1", "fd:3,foo=1",
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_rejected(bad[i]);
}

static void test_null_out(void **state)
{
	(void)state;
	assert_int_equal(mtpm_tcti_parse("swtpm", NULL), MTPM_E_USAGE);
	assert_int_equal(mtpm_tcti_parse(NULL, NULL), MTPM_E_USAGE);
}

static void test_long_strings(void **state)
{
	static char s[1 << 20];
	mtpm_tcti t;
	(void)state;

	/* A megabyte of 'a': unknown kind, read only up to the bound. */
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_rejected(s);
	/* A valid prefix followed by a huge value. */
	memcpy(s, "device:/", 8);
	assert_rejected(s);
	memcpy(s, "swtpm:path=/", 12);
	assert_rejected(s);
	memcpy(s, "swtpm:host=", 11);
	assert_rejected(s);
	memcpy(s, "swtpm:port=", 11);
	memset(s + 11, '1', sizeof(s) - 12);
	assert_rejected(s);
	memcpy(s, "fd:", 3);
	assert_rejected(s);
	/* A 64-byte host does not fit host[64]. */
	memset(s, 0, sizeof(s));
	memcpy(s, "swtpm:host=", 11);
	memset(s + 11, '1', 64);
	assert_rejected(s);
	/* many items */
	memset(s, 0, sizeof(s));
	strcpy(s, "swtpm:");
	while (strlen(s) < 2000)
		strcat(s, "port=1,");
	assert_rejected(s);
	(void)t;
}

/* Deterministic garbage: no input may crash the parser or leave a half
 * state behind. */
static void test_garbage(void **state)
{
	static const char *const pre[] = { "", "swtpm:", "device:", "fd:", "mssim:",
					   "swtpm:path=", "swtpm:host=", "swtpm:port=" };
	static const char alpha[] = "=,:/.0123456789aph\x01\xff ";
	uint32_t x = 0x12345678u;
	char s[128];
	mtpm_tcti t;
	unsigned i, j, n, len;
	mtpm_rc rc;
	(void)state;

	for (i = 0; i < 200000; i++) {
		const char *p = pre[i % (sizeof(pre) / sizeof(pre[0]))];

		n = (unsigned)strlen(p);
		memcpy(s, p, n);
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		len = n + x % 40u;
		for (j = n; j < len; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			s[j] = alpha[x % (sizeof(alpha) - 1)];
		}
		s[len] = '\0';
		rc = mtpm_tcti_parse(s, &t);
		assert_true(rc == MTPM_OK || rc == MTPM_E_USAGE);
		if (rc == MTPM_OK) {
			assert_true(strlen(t.path) < sizeof(t.path));
			assert_true(strlen(t.host) < sizeof(t.host));
			if (t.kind == MTPM_TCTI_SWTPM_TCP)
				assert_true(t.port != 0);
			if (t.kind == MTPM_TCTI_FD)
				assert_true(t.fd >= 0);
			else
				assert_int_equal(t.fd, -1);
		} else {
			assert_int_equal(t.fd, -1);
			assert_string_equal(t.path, "");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_device),
		cmocka_unit_test(test_device_path),
		cmocka_unit_test(test_swtpm_tcp),
		cmocka_unit_test(test_swtpm_unix),
		cmocka_unit_test(test_fd),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_null_out),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
