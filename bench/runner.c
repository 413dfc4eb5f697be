/*
 * bench/runner.c - run one command N times and print, per run, its wall
 * time, the CPU it used (user + system, from wait4's rusage of that child
 * alone) and its peak RSS; with -p, also the CPU that another process (the
 * TPM: swtpm) used during that run.
 *
 *   runner [-p PID] N -- PROGRAM [ARGS...]  (stdout of PROGRAM to /dev/null)
 *   output: one line per run: "wall_us cpu_us maxrss_kib exit tpm_cpu_us"
 *   (tpm_cpu_us is -1 without -p)
 *
 * cpu_us is user + system together: the kernel's split of a few
 * milliseconds between the two is sampled at its timer tick and then
 * scaled, so for a process this short it says little; the sum is exact.
 *
 * tpm_cpu_us is the difference of PID's process CPU clock
 * (clock_getcpuclockid: user + system of all its threads, in ns, the same
 * scheduler account that /proc/PID/stat's utime + stime are rounded down
 * from to clock ticks) read just before the fork and just after wait4. It
 * counts whatever PID did in that window: here only the commands of this
 * run, as swtpm serves one client at a time and is idle in poll()
 * otherwise. The few microseconds swtpm spends noticing the closed
 * connection may land after wait4 returns, i.e. in the next run.
 * A PROGRAM that is a shell script is measured with its children: wait4
 * reports the child and, through the shell's own accounting, what it
 * waited for (RUSAGE_CHILDREN semantics of the reaped process).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* PID's CPU time so far in us (all threads), or -1 when it cannot be read. */
static long long proc_cpu_us(clockid_t clk)
{
	struct timespec t;

	if (clock_gettime(clk, &t) != 0)
		return -1;
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	clockid_t tpm_clk = 0;
	int n, i, a = 1, tpm = 0;

	if (argc > 3 && strcmp(argv[1], "-p") == 0) {
		if (clock_getcpuclockid((pid_t)atoi(argv[2]), &tpm_clk) != 0 ||
		    proc_cpu_us(tpm_clk) < 0) {
			fprintf(stderr, "runner: cannot read the CPU clock of pid %s\n", argv[2]);
			return 2;
		}
		tpm = 1;
		a = 3;
	}
	if (argc < a + 3 || strcmp(argv[a + 1], "--") != 0) {
		fprintf(stderr, "usage: runner [-p PID] N -- PROGRAM [ARGS...]\n");
		return 2;
	}
	n = atoi(argv[a]);
	for (i = 0; i < n; i++) {
		struct rusage ru;
		int st;
		long long tpm0 = tpm ? proc_cpu_us(tpm_clk) : 0;
		long long t0 = now_us();
		pid_t pid = fork();

		if (pid == 0) {
			int dn = open("/dev/null", O_WRONLY);
			dup2(dn, 1);
			execvp(argv[a + 2], argv + a + 2);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) < 0)
			return 1;
		long long wall = now_us() - t0;
		long long tpm1 = tpm ? proc_cpu_us(tpm_clk) : 0;
		long long cpu = (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
				(long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;

		printf("%lld %lld %ld %d %lld\n", wall, cpu, ru.ru_maxrss,
		       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
		       !tpm || tpm0 < 0 || tpm1 < 0 ? -1 : tpm1 - tpm0);
	}
	return 0;
}
