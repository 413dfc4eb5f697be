/*
 * tests/unit/test_transport.c - transport/ (frame.c, stream.c, device.c,
 * swtpm.c, callback.c, open.c) and the tamper transport of tests/support.
 *
 * Against a real swtpm this test starts itself (never a mock where swtpm
 * can run): `swtpm socket` on a unix socket and on loopback TCP, and
 * `swtpm chardev --fd N` over a socketpair, each in its own mkdtemp state
 * directory, killed by PID in the group teardown. A raw TPM2_GetRandom
 * (Part 3 §16.1) goes over each kind.
 *
 * The failure cases use a fake peer: a forked child on the other end of a
 * socketpair that plays one misbehaviour (short header, oversize or
 * undersize size field, silence, a trickle, extra bytes, 1-byte pieces with
 * signals in between). It tests the transport layer only; it never stands
 * in for the TPM. Every case must end with the right error in bounded
 * time: a hang here is a bug.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include <mtpm/transport.h>
#include "../../transport/stream.h"
#include "tamper.h"

/* TPM2_GetRandom(8): Part 3 §16.1, TPM_ST_NO_SESSIONS, CC 0x17B. */
static const uint8_t getrandom8[12] = {
	0x80, 0x01, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x7b, 0x00, 0x08
};
/* TPM2_Startup(TPM_SU_CLEAR): Part 3 §9.3, CC 0x144. */
static const uint8_t startup_clear[12] = {
	0x80, 0x01, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x44, 0x00, 0x00
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000u;
	ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- the swtpm instances ------------------------------------------------ */

typedef struct swtpm_inst {
	pid_t pid;
	char dir[64];
	char tcti[200];
	uint16_t port;       /* TCP only */
} swtpm_inst;

static swtpm_inst sw_unix, sw_tcp, sw_chr;
static int chr_fd = -1; /* our end of the chardev socketpair */

static void rm_dir(const char *dir)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	if (dir[0] == '\0')
		return;
	d = opendir(dir);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			(void)unlink(p);
		}
		closedir(d);
	}
	(void)rmdir(dir);
}

static void stop_inst(swtpm_inst *s)
{
	if (s->pid > 0) {
		(void)kill(s->pid, SIGTERM);
		(void)waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	rm_dir(s->dir);
	s->dir[0] = '\0';
}

static pid_t spawn(char *const argv[], int keep_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* swtpm chats on both; MTPM_TEST_VERBOSE keeps its stderr */
		if (null >= 0) {
			(void)dup2(null, STDOUT_FILENO);
			if (getenv("MTPM_TEST_VERBOSE") == NULL)
				(void)dup2(null, STDERR_FILENO);
		}
		if (keep_fd >= 0)
			(void)fcntl(keep_fd, F_SETFD, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Open the instance's TCTI until it answers, up to ~30 s (a sanitizer
 * build on a busy 2-core machine once missed 10 s). */
static int wait_ready(swtpm_inst *s)
{
	mtpm_transport t;
	mtpm_tcti tc;
	int i, st;

	for (i = 0; i < 600; i++) {
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1; /* exited: e.g. the port was taken */
		}
		if (mtpm_tcti_parse(s->tcti, &tc) == MTPM_OK &&
		    mtpm_transport_open(&t, &tc) == MTPM_OK) {
			mtpm_transport_close(&t);
			return 0;
		}
		sleep_ms(50);
	}
	return -1;
}

static int start_unix(swtpm_inst *s)
{
	char state[96], server[160], ctrl[160];
	char *argv[] = { "swtpm", "socket", "--tpm2", "--tpmstate", state, "--server", server,
			 "--ctrl", ctrl, "--flags", "not-need-init,startup-clear", NULL };

	strcpy(s->dir, "/tmp/mtpm-tr-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(state, sizeof(state), "dir=%s", s->dir);
	snprintf(server, sizeof(server), "type=unixio,path=%s/sock", s->dir);
	snprintf(ctrl, sizeof(ctrl), "type=unixio,path=%s/ctrl", s->dir);
	snprintf(s->tcti, sizeof(s->tcti), "swtpm:path=%s/sock,ctrl=%s/ctrl", s->dir, s->dir);
	s->pid = spawn(argv, -1);
	return s->pid > 0 ? wait_ready(s) : -1;
}

static uint16_t random_port(void)
{
	uint16_t r = 0;
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			r = (uint16_t)getpid();
		close(fd);
	}
	return (uint16_t)(20000u + (r % 20000u) * 2u);
}

static int start_tcp(swtpm_inst *s)
{
	char state[96], server[96], ctrl[96];
	char *argv[] = { "swtpm", "socket", "--tpm2", "--tpmstate", state, "--server", server,
			 "--ctrl", ctrl, "--flags", "not-need-init,startup-clear", NULL };
	int tries;

	strcpy(s->dir, "/tmp/mtpm-tr-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(state, sizeof(state), "dir=%s", s->dir);
	for (tries = 0; tries < 8; tries++) {
		s->port = random_port();
		snprintf(server, sizeof(server), "type=tcp,port=%u,bindaddr=127.0.0.1", s->port);
		snprintf(ctrl, sizeof(ctrl), "type=tcp,port=%u,bindaddr=127.0.0.1", s->port + 1u);
		snprintf(s->tcti, sizeof(s->tcti), "swtpm:host=127.0.0.1,port=%u", s->port);
		s->pid = spawn(argv, -1);
		if (s->pid > 0 && wait_ready(s) == 0)
			return 0;
		stop_inst(s);
		strcpy(s->dir, "/tmp/mtpm-tr-XXXXXX");
		if (mkdtemp(s->dir) == NULL)
			return -1;
	}
	return -1;
}

static int start_chardev(swtpm_inst *s)
{
	char state[96], fdarg[16];
	char *argv[] = { "swtpm", "chardev", "--tpm2", "--fd", fdarg, "--tpmstate", state,
			 "--flags", "not-need-init,startup-clear", NULL };
	int sv[2];

	strcpy(s->dir, "/tmp/mtpm-tr-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	snprintf(state, sizeof(state), "dir=%s", s->dir);
	snprintf(fdarg, sizeof(fdarg), "%d", sv[1]);
	s->pid = spawn(argv, sv[1]);
	close(sv[1]);
	if (s->pid <= 0) {
		close(sv[0]);
		return -1;
	}
	chr_fd = sv[0];
	snprintf(s->tcti, sizeof(s->tcti), "fd:%d", sv[0]);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	/* A closed peer must surface as an error, not kill the test: make
	 * sure nothing here relies on SIGPIPE being ignored. */
	signal(SIGPIPE, SIG_DFL);
	if (start_unix(&sw_unix) != 0 || start_tcp(&sw_tcp) != 0 ||
	    start_chardev(&sw_chr) != 0) {
		fprintf(stderr, "cannot start swtpm (is it installed?)\n");
		stop_inst(&sw_unix);
		stop_inst(&sw_tcp);
		stop_inst(&sw_chr);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (chr_fd >= 0)
		close(chr_fd); /* swtpm chardev ends on hangup; SIGTERM anyway */
	chr_fd = -1;
	stop_inst(&sw_unix);
	stop_inst(&sw_tcp);
	stop_inst(&sw_chr);
	return 0;
}

/* ---- against swtpm --------------------------------------------------- */

static void check_getrandom(mtpm_transport *t, uint8_t *prev)
{
	uint8_t rsp[4096];
	size_t n = 12345;

	assert_int_equal(t->transmit(t, getrandom8, sizeof(getrandom8), rsp, sizeof(rsp), &n),
			 MTPM_OK);
	assert_int_equal(n, 20);
	assert_int_equal(rsp[0], 0x80);
	assert_int_equal(rsp[1], 0x01);
	assert_int_equal(be32(rsp + 2), 20);
	assert_int_equal(be32(rsp + 6), 0);     /* TPM_RC_SUCCESS */
	assert_int_equal(rsp[10], 0x00);
	assert_int_equal(rsp[11], 0x08);        /* randomBytes.size */
	if (prev != NULL) {
		assert_memory_not_equal(prev, rsp + 12, 8);
		memcpy(prev, rsp + 12, 8);
	}
}

static void getrandom_over(const char *tcti, int expect_desc_kind)
{
	mtpm_transport t;
	mtpm_tcti tc;
	uint8_t prev[8] = { 0 };
	int fd;
	(void)expect_desc_kind;

	assert_int_equal(mtpm_tcti_parse(tcti, &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_OK);
	fd = mtpm_stream_of(&t)->fd;
	assert_true(fd >= 0);
	assert_int_equal(t.timeout_ms, MTPM_DEFAULT_TIMEOUT_MS);
	check_getrandom(&t, prev);
	check_getrandom(&t, prev);
	check_getrandom(&t, prev);
	assert_int_equal(mtpm_stream_of(&t)->fd, fd); /* one connection for every command */
	mtpm_transport_close(&t);
	assert_int_equal(mtpm_stream_of(&t)->fd, -1);
	mtpm_transport_close(&t); /* twice is harmless */
}

static void test_swtpm_unix(void **state)
{
	(void)state;
	getrandom_over(sw_unix.tcti, 0);
}

static void test_swtpm_tcp(void **state)
{
	(void)state;
	getrandom_over(sw_tcp.tcti, 0);
}

static void test_swtpm_chardev_fd(void **state)
{
	mtpm_transport t;
	mtpm_tcti tc;
	uint8_t prev[8] = { 0 };
	int i;
	(void)state;

	assert_int_equal(mtpm_tcti_parse(sw_chr.tcti, &tc), MTPM_OK);
	assert_int_equal(tc.kind, MTPM_TCTI_FD);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_OK);
	assert_int_equal(mtpm_stream_of(&t)->fd, chr_fd);
	for (i = 0; i < 5; i++)
		check_getrandom(&t, prev);
	/* The transport owns the fd: closing it hangs up on swtpm. */
	mtpm_transport_close(&t);
	chr_fd = -1;
	assert_int_equal(fcntl(tc.fd, F_GETFD), -1);
}

static uint32_t send_rc(mtpm_transport *t, const uint8_t *cmd)
{
	uint8_t rsp[64];
	size_t n = 0;

	assert_int_equal(t->transmit(t, cmd, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_true(n >= 10);
	return be32(rsp + 6);
}

/* CMD_INIT restarts the TPM: it then wants TPM2_Startup first
 * (TPM_RC_INITIALIZE, 0x100), which shows the control command really ran. */
static void power_on_cycle(const char *tcti)
{
	mtpm_transport t;
	mtpm_tcti tc;

	assert_int_equal(mtpm_tcti_parse(tcti, &tc), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(&tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_OK);
	assert_int_equal(send_rc(&t, getrandom8), 0x100);
	assert_int_equal(send_rc(&t, startup_clear), 0);
	check_getrandom(&t, NULL);
	mtpm_transport_close(&t);
}

static void test_power_on_tcp(void **state)
{
	(void)state;
	power_on_cycle(sw_tcp.tcti);
}

static void test_power_on_unix_ctrl(void **state)
{
	mtpm_tcti tc;
	char s[200];
	(void)state;

	power_on_cycle(sw_unix.tcti);
	/* without ctrl= there is no control channel: a no-op */
	snprintf(s, sizeof(s), "swtpm:path=%s/sock", sw_unix.dir);
	assert_int_equal(mtpm_tcti_parse(s, &tc), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(&tc), MTPM_OK);
	assert_int_equal(mtpm_tcti_parse("fd:3", &tc), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(&tc), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(NULL), MTPM_E_USAGE);
	/* port 65535 has no port + 1 */
	assert_int_equal(mtpm_tcti_parse("swtpm:port=65535", &tc), MTPM_OK);
	assert_int_equal(mtpm_swtpm_power_on(&tc), MTPM_E_USAGE);
}

/* ---- opening what is not there ------------------------------------------- */

static void test_open_failures(void **state)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	mtpm_transport t;
	mtpm_tcti tc;
	uint8_t rsp[64];
	size_t n = 7;
	char s[200];
	int lfd;
	(void)state;

	/* a bound, not listening TCP port refuses */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
	snprintf(s, sizeof(s), "swtpm:host=127.0.0.1,port=%u", ntohs(a.sin_port));
	assert_int_equal(mtpm_tcti_parse(s, &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);
	assert_non_null(strstr(t.desc, "no server"));
	assert_int_equal(mtpm_swtpm_power_on(&tc), MTPM_E_NOTPM);
	close(lfd);
	/* a failed open leaves a transport that answers, not crashes */
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	assert_int_equal(n, 0);
	mtpm_transport_close(&t);

	assert_int_equal(mtpm_tcti_parse("swtpm:path=/nonexistent/mtpm.sock", &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);
	assert_non_null(strstr(t.desc, "/nonexistent/mtpm.sock"));

	assert_int_equal(mtpm_tcti_parse("device:/nonexistent/tpm9", &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);
	assert_non_null(strstr(t.desc, "/nonexistent/tpm9"));

	/* not a character device */
	snprintf(s, sizeof(s), "device:%s/tpm2-00.permall", sw_tcp.dir);
	{
		char p[160];
		int f;

		snprintf(p, sizeof(p), "%s/plain", sw_tcp.dir);
		f = open(p, O_CREAT | O_WRONLY, 0600);
		assert_true(f >= 0);
		close(f);
		snprintf(s, sizeof(s), "device:%s", p);
		assert_int_equal(mtpm_tcti_parse(s, &tc), MTPM_OK);
		assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);
		unlink(p);
	}

	/* default device: on a machine without one, both names are reported */
	if (access("/dev/tpmrm0", F_OK) != 0 && access("/dev/tpm0", F_OK) != 0) {
		assert_int_equal(mtpm_tcti_parse(NULL, &tc), MTPM_OK);
		assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);
		assert_non_null(strstr(t.desc, "/dev/tpmrm0"));
		assert_non_null(strstr(t.desc, "/dev/tpm0"));
	}

	/* fd: that is not open */
	assert_int_equal(mtpm_tcti_parse("fd:999999", &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_E_NOTPM);

	assert_int_equal(mtpm_transport_open(&t, NULL), MTPM_E_USAGE);
	assert_int_equal(mtpm_transport_open(NULL, &tc), MTPM_E_USAGE);
	mtpm_transport_close(NULL);
}

/* The device transport's read/check path on character devices that are
 * not TPMs: /dev/null reads nothing, /dev/zero reads a zero size field. */
static void test_device_not_a_tpm(void **state)
{
	mtpm_transport t;
	mtpm_tcti tc;
	uint8_t rsp[64];
	size_t n = 9;
	(void)state;

	assert_int_equal(mtpm_tcti_parse("device:/dev/null", &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_OK);
	assert_string_equal(t.desc, "device:/dev/null");
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	assert_int_equal(n, 0);
	assert_int_equal(mtpm_stream_of(&t)->fd, -1); /* poisoned */
	mtpm_transport_close(&t);

	assert_int_equal(mtpm_tcti_parse("device:/dev/zero", &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&t, &tc), MTPM_OK);
	memset(rsp, 0xAA, sizeof(rsp));
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_MALFORMED);
	assert_int_equal(n, 0);
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	mtpm_transport_close(&t);
}

/* Issue 10 §4: /dev/tpmrm0 -> /dev/tpm0 only when tpmrm0 does not exist.
 * mtpm_device_open_pair is the default device's logic with the two paths
 * as arguments; /dev/null (and symlinks to it) stand in for character
 * devices that open. Root ignores file modes, so EACCES is tried only
 * when not root; ENOTTY (a regular file), EISDIR and ENOTDIR are failures
 * of a tpmrm0 that is there but unusable that any user can make. */
static void dev_init(mtpm_transport *t)
{
	memset(t, 0, sizeof(*t));
	mtpm_stream_of(t)->fd = -1;
}

static void dev_refused(const char *rm, const char *raw, const char *why)
{
	mtpm_transport t;

	dev_init(&t);
	assert_int_equal(mtpm_device_open_pair(&t, rm, raw), MTPM_E_NOTPM);
	assert_int_equal(mtpm_stream_of(&t)->fd, -1);
	if (strstr(t.desc, rm) == NULL || strstr(t.desc, why) == NULL ||
	    strstr(t.desc, "not tried") == NULL)
		fail_msg("%s: desc '%s'", rm, t.desc);
}

static void test_device_fallback(void **state)
{
	char dir[] = "/tmp/mtpm-dev.XXXXXX", rm[128], raw[128], f[128], p[160];
	mtpm_transport t;
	int fd;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(rm, sizeof(rm), "%s/tpmrm0", dir);
	snprintf(raw, sizeof(raw), "%s/tpm0", dir);
	snprintf(f, sizeof(f), "%s/file", dir);

	/* tpmrm0 absent (ENOENT): tpm0, and the description says so */
	assert_int_equal(symlink("/dev/null", raw), 0);
	dev_init(&t);
	assert_int_equal(mtpm_device_open_pair(&t, rm, raw), MTPM_OK);
	assert_true(mtpm_stream_of(&t)->fd >= 0);
	assert_int_equal(t.resource_manager, 0);
	assert_non_null(strstr(t.desc, raw));
	assert_non_null(strstr(t.desc, "absent; no resource manager"));
	mtpm_transport_close(&t);
	assert_int_equal(mtpm_stream_of(&t)->fd, -1);

	/* tpmrm0 there: taken, with its resource manager */
	assert_int_equal(symlink("/dev/null", rm), 0);
	dev_init(&t);
	assert_int_equal(mtpm_device_open_pair(&t, rm, "/nonexistent/tpm0"), MTPM_OK);
	assert_int_equal(t.resource_manager, 1);
	snprintf(p, sizeof(p), "device:%s", rm);
	assert_string_equal(t.desc, p);
	mtpm_transport_close(&t);

	/* tpmrm0 there but unusable: an error naming it and why; tpm0 (which
	 * would open) is not tried */
	fd = open(f, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	dev_refused(f, raw, "not a character device");             /* ENOTTY */
	dev_refused(dir, raw, "a directory");                      /* EISDIR */
	snprintf(p, sizeof(p), "%s/tpmrm0", f);
	dev_refused(p, raw, "not a directory");                    /* ENOTDIR */
	if (geteuid() != 0) {
		assert_int_equal(chmod(f, 0), 0);
		dev_refused(f, raw, "permission denied");          /* EACCES */
	}

	/* neither there: both named */
	assert_int_equal(unlink(raw), 0);
	assert_int_equal(unlink(rm), 0);
	dev_init(&t);
	assert_int_equal(mtpm_device_open_pair(&t, rm, raw), MTPM_E_NOTPM);
	assert_non_null(strstr(t.desc, rm));
	assert_non_null(strstr(t.desc, raw));

	/* an explicit path has a resource manager when it is a tpmrm node */
	snprintf(p, sizeof(p), "%s/tpmrm7", dir);
	assert_int_equal(symlink("/dev/null", p), 0);
	dev_init(&t);
	assert_int_equal(mtpm_device_open(&t, p), MTPM_OK);
	assert_int_equal(t.resource_manager, 1);
	mtpm_transport_close(&t);
	dev_init(&t);
	assert_int_equal(mtpm_device_open(&t, "/dev/null"), MTPM_OK);
	assert_int_equal(t.resource_manager, 0);
	mtpm_transport_close(&t);
	/* the transports without one say so */
	mtpm_transport_callback(&t, NULL, NULL);
	assert_int_equal(t.resource_manager, 0);

	(void)unlink(p);
	(void)chmod(f, 0600);
	(void)unlink(f);
	assert_int_equal(rmdir(dir), 0);
}

/* ---- the fake peer --------------------------------------------------- */

typedef enum peer_act {
	PEER_SHORT_HDR_CLOSE,  /* 5 header bytes, then close */
	PEER_CLOSE_AT_ONCE,    /* close without reading */
	PEER_OVER_CAP,         /* size 5000 (cap 4096), with the body */
	PEER_UNDER_10,         /* size 9 */
	PEER_ZERO_SIZE,        /* size 0 */
	PEER_SILENT,           /* read the command, answer nothing */
	PEER_PIECES,           /* a 20-byte frame in 1-byte pieces, SIGUSR1 between */
	PEER_TRICKLE,          /* 1 byte every 40 ms: past a 200 ms deadline */
	PEER_EXTRA,            /* a good frame and 3 bytes more */
	PEER_BODY_SHORT_CLOSE, /* size 20, 15 bytes, close */
	PEER_NEVER_READ,       /* do not read at all */
	PEER_HEADER_ONLY,      /* size 10: a bare header is a whole frame */
	PEER_TWO_FRAMES_OK     /* answer two commands properly */
} peer_act;

static const uint8_t good20[20] = {
	0x80, 0x01, 0, 0, 0, 20, 0, 0, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

static void peer_read(int fd, size_t n)
{
	uint8_t b[64];
	ssize_t r;

	while (n > 0) {
		r = read(fd, b, n < sizeof(b) ? n : sizeof(b));
		if (r <= 0)
			_exit(3);
		n -= (size_t)r;
	}
}

static void peer_write(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t)n)
		_exit(4);
}

static void peer_hang(void)
{
	for (;;)
		pause();
}

static void peer_main(int fd, peer_act act)
{
	uint8_t hdr[10] = { 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
	static uint8_t big[5000];
	size_t i;

	switch (act) {
	case PEER_CLOSE_AT_ONCE:
		close(fd);
		_exit(0);
	case PEER_NEVER_READ:
		peer_hang();
		break;
	default:
		break;
	}
	peer_read(fd, sizeof(getrandom8));
	switch (act) {
	case PEER_SHORT_HDR_CLOSE:
		peer_write(fd, good20, 5);
		_exit(0);
	case PEER_OVER_CAP:
		memcpy(big, good20, 10);
		big[4] = 5000 >> 8;
		big[5] = 5000 & 0xff;
		peer_write(fd, big, sizeof(big));
		peer_hang();
		break;
	case PEER_UNDER_10:
		hdr[5] = 9;
		peer_write(fd, hdr, 10);
		peer_hang();
		break;
	case PEER_ZERO_SIZE:
		peer_write(fd, hdr, 10);
		peer_hang();
		break;
	case PEER_SILENT:
		peer_hang();
		break;
	case PEER_PIECES:
		for (i = 0; i < sizeof(good20); i++) {
			peer_write(fd, good20 + i, 1);
			(void)kill(getppid(), SIGUSR1);
			sleep_ms(2);
		}
		peer_hang();
		break;
	case PEER_TRICKLE:
		for (i = 0; i < sizeof(good20); i++) {
			peer_write(fd, good20 + i, 1);
			sleep_ms(40);
		}
		peer_hang();
		break;
	case PEER_EXTRA:
		peer_write(fd, good20, sizeof(good20));
		peer_write(fd, "xyz", 3);
		peer_hang();
		break;
	case PEER_BODY_SHORT_CLOSE:
		peer_write(fd, good20, 15);
		_exit(0);
	case PEER_HEADER_ONLY:
		hdr[5] = 10;
		peer_write(fd, hdr, 10);
		peer_hang();
		break;
	case PEER_TWO_FRAMES_OK:
		peer_write(fd, good20, sizeof(good20));
		peer_read(fd, sizeof(getrandom8));
		peer_write(fd, good20, sizeof(good20));
		peer_hang();
		break;
	default:
		break;
	}
	_exit(0);
}

typedef struct peer {
	pid_t pid;
	mtpm_transport t;
} peer;

/* Fork a fake peer and open fd:N on our end, with a 200 ms timeout. */
static void peer_start(peer *p, peer_act act)
{
	mtpm_tcti tc;
	char s[32];
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	p->pid = fork();
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		close(sv[0]);
		peer_main(sv[1], act);
		_exit(0);
	}
	close(sv[1]);
	snprintf(s, sizeof(s), "fd:%d", sv[0]);
	assert_int_equal(mtpm_tcti_parse(s, &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&p->t, &tc), MTPM_OK);
	p->t.timeout_ms = 200;
}

static void peer_stop(peer *p)
{
	mtpm_transport_close(&p->t);
	(void)kill(p->pid, SIGKILL);
	(void)waitpid(p->pid, NULL, 0);
}

/* One exchange against a fake peer; returns the rc, checks the bound. */
static mtpm_rc peer_xfer(peer *p, uint8_t *rsp, size_t cap, size_t *n, long *ms)
{
	long t0 = now_ms();
	mtpm_rc rc;

	rc = p->t.transmit(&p->t, getrandom8, sizeof(getrandom8), rsp, cap, n);
	*ms = now_ms() - t0;
	assert_true(*ms < 3000); /* never a hang */
	return rc;
}

static void peer_expect(peer_act act, mtpm_rc want)
{
	static uint8_t rsp[4096];
	size_t n = 99;
	long ms;
	peer p;

	peer_start(&p, act);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), want);
	assert_int_equal(n, 0);
	/* after a failure mid-frame the transport is closed for good */
	assert_int_equal(mtpm_stream_of(&p.t)->fd, -1);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_E_TRANSPORT);
	peer_stop(&p);
}

static void test_peer_short_header(void **state)
{
	(void)state;
	peer_expect(PEER_SHORT_HDR_CLOSE, MTPM_E_TRANSPORT);
}

static void test_peer_closed(void **state)
{
	(void)state;
	/* no SIGPIPE: the test would die here if it were raised */
	peer_expect(PEER_CLOSE_AT_ONCE, MTPM_E_TRANSPORT);
}

static void test_peer_over_cap(void **state)
{
	(void)state;
	peer_expect(PEER_OVER_CAP, MTPM_E_SPACE);
}

static void test_peer_under_10(void **state)
{
	(void)state;
	peer_expect(PEER_UNDER_10, MTPM_E_MALFORMED);
	peer_expect(PEER_ZERO_SIZE, MTPM_E_MALFORMED);
}

static void test_peer_body_short(void **state)
{
	(void)state;
	peer_expect(PEER_BODY_SHORT_CLOSE, MTPM_E_TRANSPORT);
}

static void test_peer_silent_timeout(void **state)
{
	uint8_t rsp[64];
	size_t n = 1;
	long ms;
	peer p;
	(void)state;

	peer_start(&p, PEER_SILENT);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_E_TIMEOUT);
	assert_true(ms >= 190);
	assert_true(ms < 1500);
	assert_int_equal(mtpm_stream_of(&p.t)->fd, -1);
	peer_stop(&p);
}

/* 20 bytes at 40 ms each: every single wait is short, the whole is not.
 * The deadline covers the exchange, so a trickle cannot stretch it. */
static void test_peer_trickle_timeout(void **state)
{
	uint8_t rsp[64];
	size_t n = 1;
	long ms;
	peer p;
	(void)state;

	peer_start(&p, PEER_TRICKLE);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_E_TIMEOUT);
	assert_true(ms >= 190);
	assert_true(ms < 1000);
	peer_stop(&p);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* 1-byte pieces with a signal (no SA_RESTART) after each: EINTR and short
 * reads are absorbed and the exact frame comes out. */
static void test_peer_pieces(void **state)
{
	struct sigaction sa, old;
	uint8_t rsp[64];
	size_t n = 0;
	long ms;
	peer p;
	(void)state;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	got_usr1 = 0;
	peer_start(&p, PEER_PIECES);
	p.t.timeout_ms = 2000;
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_OK);
	assert_int_equal(n, 20);
	assert_memory_equal(rsp, good20, 20);
	assert_true(got_usr1 > 0);
	peer_stop(&p);
	assert_int_equal(sigaction(SIGUSR1, &old, NULL), 0);
}

/* Bytes nobody asked for must not become the next response. */
static void test_peer_extra_bytes(void **state)
{
	uint8_t rsp[64];
	size_t n = 0;
	long ms;
	peer p;
	(void)state;

	peer_start(&p, PEER_EXTRA);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_OK);
	assert_int_equal(n, 20);
	sleep_ms(50); /* let "xyz" arrive */
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_E_TRANSPORT);
	assert_int_equal(n, 0);
	peer_stop(&p);
}

static void test_peer_header_only_and_two(void **state)
{
	uint8_t rsp[64];
	size_t n = 0;
	long ms;
	peer p;
	(void)state;

	peer_start(&p, PEER_HEADER_ONLY);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_OK);
	assert_int_equal(n, 10);
	peer_stop(&p);

	peer_start(&p, PEER_TWO_FRAMES_OK);
	assert_int_equal(peer_xfer(&p, rsp, sizeof(rsp), &n, &ms), MTPM_OK);
	assert_int_equal(n, 20);
	assert_int_equal(peer_xfer(&p, rsp, 20, &n, &ms), MTPM_OK); /* cap == size */
	assert_int_equal(n, 20);
	assert_memory_equal(rsp, good20, 20);
	peer_stop(&p);
}

/* A command the peer never reads: the write itself times out. */
static void test_peer_write_timeout(void **state)
{
	static uint8_t cmd[1 << 20];
	uint8_t rsp[64];
	size_t n = 5;
	long t0;
	peer p;
	(void)state;

	memcpy(cmd, getrandom8, 10);
	cmd[2] = 0x00;
	cmd[3] = 0x10; /* size 0x00100000 */
	cmd[4] = 0x00;
	cmd[5] = 0x00;
	peer_start(&p, PEER_NEVER_READ);
	t0 = now_ms();
	assert_int_equal(p.t.transmit(&p.t, cmd, sizeof(cmd), rsp, sizeof(rsp), &n),
			 MTPM_E_TIMEOUT);
	assert_true(now_ms() - t0 < 1500);
	assert_int_equal(n, 0);
	peer_stop(&p);
}

/* The write loop itself on a closed socket: EPIPE, not SIGPIPE. */
static void test_write_closed_no_sigpipe(void **state)
{
	mtpm_deadline dl;
	int sv[2];
	(void)state;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	close(sv[1]);
	mtpm_deadline_start(&dl, 200);
	assert_int_equal(mtpm_stream_write_all(sv[0], getrandom8, 12, &dl), MTPM_E_TRANSPORT);
	close(sv[0]);
}

static void test_bad_args(void **state)
{
	uint8_t rsp[64], badcmd[12];
	size_t n = 3;
	peer p;
	(void)state;

	peer_start(&p, PEER_SILENT);
	assert_int_equal(p.t.transmit(&p.t, NULL, 12, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
	assert_int_equal(n, 0);
	assert_int_equal(p.t.transmit(&p.t, getrandom8, 12, NULL, 64, &n), MTPM_E_USAGE);
	assert_int_equal(p.t.transmit(&p.t, getrandom8, 12, rsp, sizeof(rsp), NULL), MTPM_E_USAGE);
	assert_int_equal(p.t.transmit(&p.t, getrandom8, 9, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
	memcpy(badcmd, getrandom8, 12);
	badcmd[5] = 13; /* header disagrees with the length */
	assert_int_equal(p.t.transmit(&p.t, badcmd, 12, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
	assert_int_equal(p.t.transmit(&p.t, getrandom8, 12, rsp, 9, &n), MTPM_E_SPACE);
	/* none of these touched the wire: the stream is still usable */
	assert_true(mtpm_stream_of(&p.t)->fd >= 0);
	peer_stop(&p);
}

/* ---- frame check and callback ------------------------------------------ */

static void test_check_frame(void **state)
{
	uint8_t f[20];
	(void)state;

	memcpy(f, good20, 20);
	assert_int_equal(mtpm_transport_check_frame(f, 20), MTPM_OK);
	assert_int_equal(mtpm_transport_check_frame(f, 19), MTPM_E_MALFORMED);
	assert_int_equal(mtpm_transport_check_frame(f, 9), MTPM_E_MALFORMED);
	assert_int_equal(mtpm_transport_check_frame(NULL, 20), MTPM_E_MALFORMED);
	f[2] = 1; /* 0x01000014 */
	assert_int_equal(mtpm_transport_check_frame(f, 20), MTPM_E_MALFORMED);
	memset(f, 0, sizeof(f));
	f[5] = 10;
	assert_int_equal(mtpm_transport_check_frame(f, 10), MTPM_OK);
	f[5] = 9;
	assert_int_equal(mtpm_transport_check_frame(f, 9), MTPM_E_MALFORMED);
}

/* The one reader of the header's size field: through the cursor, never
 * past len, 0 when there is no whole header; below a header MALFORMED,
 * over cap SPACE. */
static void test_frame_size(void **state)
{
	static const uint8_t hdr[MTPM_HDR_LEN] = { 0x80, 0x01, 0xFE, 0xDC, 0xBA, 0x98,
						   0, 0, 0x01, 0x01 };
	uint8_t h[MTPM_HDR_LEN];
	uint32_t size = 7;
	(void)state;

	assert_int_equal(mtpm_transport_frame_size(hdr, MTPM_HDR_LEN, SIZE_MAX, &size), MTPM_OK);
	assert_int_equal(size, 0xFEDCBA98u);
	assert_int_equal(mtpm_transport_frame_size(hdr, MTPM_HDR_LEN, 0xFEDCBA97u, &size),
			 MTPM_E_SPACE);
	size = 7;
	assert_int_equal(mtpm_transport_frame_size(hdr, MTPM_HDR_LEN - 1, SIZE_MAX, &size),
			 MTPM_E_MALFORMED);
	assert_int_equal(size, 0);
	size = 7;
	assert_int_equal(mtpm_transport_frame_size(NULL, MTPM_HDR_LEN, SIZE_MAX, &size),
			 MTPM_E_MALFORMED);
	assert_int_equal(size, 0);
	assert_int_equal(mtpm_transport_frame_size(good20, 20, 20, &size), MTPM_OK);
	assert_int_equal(size, 20);
	assert_int_equal(mtpm_transport_frame_size(good20, 20, 19, &size), MTPM_E_SPACE);
	/* the smallest frame is a header; one byte less is malformed, not
	 * "fits" */
	memcpy(h, hdr, sizeof(h));
	h[2] = h[3] = h[4] = 0;
	h[5] = MTPM_HDR_LEN;
	assert_int_equal(mtpm_transport_frame_size(h, sizeof(h), sizeof(h), &size), MTPM_OK);
	h[5] = MTPM_HDR_LEN - 1;
	assert_int_equal(mtpm_transport_frame_size(h, sizeof(h), sizeof(h), &size),
			 MTPM_E_MALFORMED);
}

/* mtpm_transport_desc_num: every long fits its fixed-size buffer. */
static void test_desc_num(void **state)
{
	mtpm_decimal d;
	char want[sizeof(d.s)];
	(void)state;

	assert_string_equal(mtpm_transport_desc_num(&d, 0), "0");
	assert_string_equal(mtpm_transport_desc_num(&d, 2321), "2321");
	assert_string_equal(mtpm_transport_desc_num(&d, -7), "-7");
	snprintf(want, sizeof(want), "%ld", LONG_MAX);
	assert_string_equal(mtpm_transport_desc_num(&d, LONG_MAX), want);
	snprintf(want, sizeof(want), "%ld", LONG_MIN); /* the longest a long gets */
	assert_string_equal(mtpm_transport_desc_num(&d, LONG_MIN), want);
	/* the string lies inside d */
	assert_true(mtpm_transport_desc_num(&d, LONG_MIN) >= d.s &&
		    mtpm_transport_desc_num(&d, LONG_MIN) + strlen(want) < d.s + sizeof(d.s));
}

typedef struct cb_state {
	int mode;
	unsigned calls;
	uint8_t last_cmd[16];
} cb_state;

static mtpm_rc fake_xfer(void *user, const uint8_t *cmd, size_t cmd_len,
			 uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	cb_state *s = user;

	s->calls++;
	memcpy(s->last_cmd, cmd, cmd_len < 16 ? cmd_len : 16);
	switch (s->mode) {
	case 0: /* a good frame */
		if (rsp_cap < 20)
			return MTPM_E_SPACE;
		memcpy(rsp, good20, 20);
		*rsp_len = 20;
		return MTPM_OK;
	case 1: /* claims more than the buffer */
		*rsp_len = rsp_cap + 1;
		return MTPM_OK;
	case 2: /* size field disagrees */
		memcpy(rsp, good20, 20);
		*rsp_len = 19;
		return MTPM_OK;
	case 3:
		return MTPM_E_TIMEOUT;
	default: /* too short */
		memcpy(rsp, good20, 5);
		*rsp_len = 5;
		return MTPM_OK;
	}
}

static void test_callback(void **state)
{
	mtpm_transport t;
	cb_state s;
	uint8_t rsp[64];
	size_t n = 0;
	(void)state;

	memset(&s, 0, sizeof(s));
	mtpm_transport_callback(&t, fake_xfer, &s);
	assert_string_equal(t.desc, "callback");
	assert_null(t.user); /* the callback's user is private; t->user is the wrapper's */
	assert_int_equal(t.timeout_ms, MTPM_DEFAULT_TIMEOUT_MS);
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 20);
	assert_memory_equal(s.last_cmd, getrandom8, 12);
	s.mode = 1;
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_SPACE);
	assert_int_equal(n, 0);
	s.mode = 2;
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_MALFORMED);
	assert_int_equal(n, 0);
	s.mode = 3;
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TIMEOUT);
	s.mode = 4;
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_MALFORMED);
	assert_int_equal(s.calls, 5);
	/* bad arguments never reach the callback */
	assert_int_equal(t.transmit(&t, getrandom8, 11, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, 5, &n), MTPM_E_SPACE);
	assert_int_equal(s.calls, 5);
	mtpm_transport_close(&t);
	assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
}

/* ---- the tamper transport over a real swtpm ------------------------------ */

static tamper_t tp;

static void test_tamper_modes(void **state)
{
	mtpm_transport real, tt;
	mtpm_tcti tc;
	uint8_t rsp[256], first[20];
	size_t n = 0, len;
	const uint8_t *r;
	(void)state;

	assert_int_equal(mtpm_tcti_parse(sw_unix.tcti, &tc), MTPM_OK);
	assert_int_equal(mtpm_transport_open(&real, &tc), MTPM_OK);
	tamper_init(&tp, &tt, &real);

	/* record only */
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 20);
	memcpy(first, rsp, 20);
	assert_int_equal(tp.ncmd, 1);
	assert_int_equal(tp.nxfer, 1);
	assert_int_equal(tamper_count_cc(&tp, 0x17b), 1);
	assert_int_equal(tamper_count(&tp, getrandom8, 12), 1);
	assert_int_equal(tamper_count(&tp, first + 12, 8), 1);
	r = tamper_rsp(&tp, 0, &len);
	assert_non_null(r);
	assert_int_equal(len, 20);
	assert_memory_equal(r, first, 20);

	/* flip bit 0 of byte 12 of response #2 only */
	tp.mode = TAMPER_FLIP_BIT;
	tp.nth = 2;
	tp.arg = 12 * 8;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	r = tamper_rsp(&tp, 1, &len);
	assert_int_equal(rsp[12], r[12] ^ 1);
	assert_memory_equal(rsp + 13, r + 13, 7);
	assert_int_equal(tp.nacted, 1);
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(tp.nacted, 1); /* #3 untouched */

	tp.mode = TAMPER_TRUNCATE;
	tp.nth = 4;
	tp.arg = 13;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 13);
	assert_int_equal(mtpm_transport_check_frame(rsp, n), MTPM_E_MALFORMED);

	tp.mode = TAMPER_SIZE_FIELD;
	tp.nth = 5;
	tp.arg = 0xFFFFFFFFu;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(be32(rsp + 2), 0xFFFFFFFFu);

	tp.mode = TAMPER_DROP;
	tp.nth = 6;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	assert_int_equal(n, 0);

	tp.mode = TAMPER_TIMEOUT;
	tp.nth = 7;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TIMEOUT);

	tp.mode = TAMPER_REPLAY;
	tp.nth = 8;
	tp.arg = 1;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 20);
	assert_memory_equal(rsp, first, 20);

	/* RETRY forever, without the TPM seeing the command */
	tp.mode = TAMPER_RC;
	tp.nth = 0;
	tp.arg = 0x922;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 10);
	assert_int_equal(be32(rsp + 2), 10);
	assert_int_equal(be32(rsp + 6), 0x922);
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(be32(rsp + 6), 0x922);
	tp.arg = 0x98e;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(be32(rsp + 6), 0x98e);
	assert_int_equal(tp.ncmd, 11);
	assert_int_equal(tamper_count_cc(&tp, 0x17b), 11);
	assert_null(tamper_rsp(&tp, 10, &len)); /* no response came from the TPM */

	tamper_reset(&tp);
	assert_int_equal(tp.nxfer, 0);
	tp.mode = TAMPER_NONE;
	check_getrandom(&tt, NULL);

	/* the TPM answers, then the connection dies: inner closed */
	tp.mode = TAMPER_HANGUP;
	tp.nth = 2;
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	assert_int_equal(n, 0);
	assert_int_equal(tp.xfer[1].rc, MTPM_OK);    /* the TPM did answer */
	assert_int_equal(mtpm_stream_of(&real)->fd, -1);
	assert_int_equal(tt.transmit(&tt, getrandom8, 12, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	mtpm_transport_close(&tt);
	mtpm_transport_close(&real);

	/* a wrapper says what its inner transport says about a resource
	 * manager */
	real.resource_manager = 1;
	tamper_init(&tp, &tt, &real);
	assert_int_equal(tt.resource_manager, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swtpm_unix),
		cmocka_unit_test(test_swtpm_tcp),
		cmocka_unit_test(test_swtpm_chardev_fd),
		cmocka_unit_test(test_power_on_tcp),
		cmocka_unit_test(test_power_on_unix_ctrl),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_device_not_a_tpm),
		cmocka_unit_test(test_device_fallback),
		cmocka_unit_test(test_peer_short_header),
		cmocka_unit_test(test_peer_closed),
		cmocka_unit_test(test_peer_over_cap),
		cmocka_unit_test(test_peer_under_10),
		cmocka_unit_test(test_peer_body_short),
		cmocka_unit_test(test_peer_silent_timeout),
		cmocka_unit_test(test_peer_trickle_timeout),
		cmocka_unit_test(test_peer_pieces),
		cmocka_unit_test(test_peer_extra_bytes),
		cmocka_unit_test(test_peer_header_only_and_two),
		cmocka_unit_test(test_peer_write_timeout),
		cmocka_unit_test(test_write_closed_no_sigpipe),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_check_frame),
		cmocka_unit_test(test_frame_size),
		cmocka_unit_test(test_desc_num),
		cmocka_unit_test(test_callback),
		cmocka_unit_test(test_tamper_modes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
