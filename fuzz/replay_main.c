/*
 * fuzz/replay_main.c - a plain driver for any harness: runs each file
 * named on the command line, and every regular file in each directory
 * named, through LLVMFuzzerTestOneInput once. Built with the normal
 * compiler and flags (and the sanitizers under SAN=1) for `make check`,
 * which replays the committed corpora; a crash or an oracle violation
 * aborts, so the exit status says it all.
 *
 *   fuzz_X [-v] FILE|DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include "fuzz.h"

static int verbose;
static unsigned long nrun;

static int run_file(const char *path)
{
	static uint8_t buf[1u << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f) || !feof(f)) {
		fprintf(stderr, "replay: %s: read error or larger than %zu bytes\n",
			path, sizeof(buf));
		fclose(f);
		return 1;
	}
	fclose(f);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
	(void)LLVMFuzzerTestOneInput(buf, n);
	nrun++;
	return 0;
}

static int run_path(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int bad = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char p[4096];

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", path, e->d_name) >= sizeof(p))
			continue;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			bad |= run_file(p);
	}
	closedir(d);
	return bad;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		bad |= run_path(argv[i]);
	}
	printf("%s: %lu inputs replayed\n", argv[0], nrun);
	return bad;
}
