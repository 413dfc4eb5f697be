/*
 * print.c - a small formatted-output routine for the static initramfs
 * build (MTPM_CLI_MINIMAL, see cli.h and docs/static.md).
 *
 * musl's vfprintf is about 10 KiB, most of it floating point the CLI never
 * prints. This handles exactly what the CLI's format strings use - %s %c
 * %d %u %x %X %%, the 'z' and 'l' length modifiers, '-' and '0' flags and
 * a field width - and prints any other conversion as it stands, so a
 * format it does not know is visible rather than undefined. The compiler
 * still checks every format against its arguments (format attribute).
 *
 * It also holds the one error-line writer every build uses, cli_err:
 * "mtpm COMMAND: what failed: why", with COMMAND the subcommand main.c is
 * running (cli_cmd), so a boot log says which mtpm call failed.
 */
#include <stdarg.h>
#include <string.h>
#include "cli.h"

static void out(FILE *f, const char *s, size_t n, int *count)
{
	if (n && fwrite(s, 1, n, f) == n)
		*count += (int)n;
}

static void pad(FILE *f, char ch, int n, int *count)
{
	while (n-- > 0)
		out(f, &ch, 1, count);
}

int cli_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int count = 0;

	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		char num[24], *p;
		int left = 0, zero = 0, width = 0, lng = 0, len;
		unsigned long long v;
		const char *s;

		if (!pct) {
			out(f, fmt, strlen(fmt), &count);
			break;
		}
		out(f, fmt, (size_t)(pct - fmt), &count);
		fmt = pct + 1;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9' && width < 1000)
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng = *fmt == 'z' ? 3 : lng + 1;
			fmt++;
		}
		p = num + sizeof(num);
		switch (*fmt) {
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = (int)strlen(s);
			if (!left)
				pad(f, ' ', width - len, &count);
			out(f, s, (size_t)len, &count);
			if (left)
				pad(f, ' ', width - len, &count);
			fmt++;
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			out(f, num, 1, &count);
			fmt++;
			continue;
		case '%':
			out(f, "%", 1, &count);
			fmt++;
			continue;
		case 'd':
		case 'u':
		case 'x':
		case 'X': {
			int neg = 0, base = (*fmt == 'd' || *fmt == 'u') ? 10 : 16;
			const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";

			if (*fmt == 'd') {
				long long sv = lng == 3 ? (long long)va_arg(ap, long) :
					       lng == 2 ? va_arg(ap, long long) :
					       lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
				neg = sv < 0;
				v = neg ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
			} else {
				v = lng == 3 ? va_arg(ap, size_t) :
				    lng == 2 ? va_arg(ap, unsigned long long) :
				    lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			}
			do {
				*--p = digits[v % (unsigned)base];
				v /= (unsigned)base;
			} while (v);
			if (neg)
				*--p = '-';
			len = (int)(num + sizeof(num) - p);
			if (!left)
				pad(f, zero ? '0' : ' ', width - len, &count);
			out(f, p, (size_t)len, &count);
			if (left)
				pad(f, ' ', width - len, &count);
			fmt++;
			continue;
		}
		default:   /* not a conversion the CLI uses: print it as it is */
			out(f, pct, (size_t)(fmt - pct) + (*fmt ? 1 : 0), &count);
			if (*fmt)
				fmt++;
			continue;
		}
	}
	return count;
}

int cli_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cli_vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int cli_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

/* Set by main.c before dispatch; NULL while the global options are read. */
const char *cli_cmd;

void cli_err_head(void)
{
	fputs("mtpm", stderr);
	if (cli_cmd) {
		fputc(' ', stderr);
		fputs(cli_cmd, stderr);
	}
	fputs(": ", stderr);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	cli_err_head();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
