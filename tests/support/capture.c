/*
 * tests/support/capture.c - see capture.h.
 */
#include "capture.h"

static void hexline(FILE *f, char dir, const uint8_t *b, size_t n)
{
	size_t i;

	fputc(dir, f);
	fputc(' ', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc('\n', f);
}

unsigned capture_write_tamper(const tamper_t *tp, FILE *f)
{
	unsigned i, frames = 0;
	const uint8_t *p;
	size_t n;

	fprintf(f, "# mtpm capture: %u exchange(s) recorded by tests/support/tamper.c\n",
		tp->nxfer);
	for (i = 0; i < tp->nxfer; i++) {
		p = tamper_cmd(tp, i, &n);
		if (p) {
			hexline(f, '>', p, n);
			frames++;
		}
		p = tamper_rsp(tp, i, &n);
		if (p && n > 0) {
			hexline(f, '<', p, n);
			frames++;
		}
	}
	return frames;
}
