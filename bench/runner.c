/*
 * bench/runner.c - run one command N times and print, per run, its wall
 * time, the CPU it used (user + system, from wait4's rusage of that child
 * alone) and its peak RSS.
 *
 *   runner N -- PROGRAM [ARGS...]     (stdout of PROGRAM goes to /dev/null)
 *   output: one line per run: "wall_us cpu_us maxrss_kib exit"
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

int main(int argc, char **argv)
{
	int n, i;

	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: runner N -- PROGRAM [ARGS...]\n");
		return 2;
	}
	n = atoi(argv[1]);
	for (i = 0; i < n; i++) {
		struct rusage ru;
		int st;
		long long t0 = now_us();
		pid_t pid = fork();

		if (pid == 0) {
			int dn = open("/dev/null", O_WRONLY);
			dup2(dn, 1);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) < 0)
			return 1;
		long long wall = now_us() - t0;
		long long cpu = (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
				(long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
		printf("%lld %lld %ld %d\n", wall, cpu, ru.ru_maxrss,
		       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	return 0;
}
