/*
 * examples/static/fortify_shim.c - the three glibc _FORTIFY_SOURCE entry
 * points that Debian's libbearssl.a calls, for the musl static build only.
 *
 * Why: Debian builds BearSSL with -D_FORTIFY_SOURCE=2, so its objects call
 * __memcpy_chk, __memmove_chk and __memset_chk wherever the compiler knew
 * the destination's size. glibc provides these; musl does not. Linking
 * Debian's archive under musl therefore needs them from somewhere.
 *
 * Contract (the same as glibc's, LSB Core "__memcpy_chk"): copy or fill
 * len bytes into dst whose object size is dst_len; when len > dst_len the
 * call is an overflow that fortification exists to stop, so the process
 * aborts at once instead of writing. dst_len == (size_t)-1 means "size
 * unknown" and always passes, which the comparison gives for free.
 *
 * This file is compiled only into build/mtpm-static (examples/examples.mk);
 * the library, the dynamic CLI and the freestanding core never see it. The
 * names are the ABI's, hence not mtpm_-prefixed; tests/lib/lint.sh checks
 * the library archive only, which this never enters. docs/static.md says
 * why a shim was chosen over rebuilding BearSSL from source.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memmove_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memset_chk(void *dst, int c, size_t len, size_t dst_len);

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len)
{
	if (len > dst_len)
		abort();
	return memcpy(dst, src, len);
}

void *__memmove_chk(void *dst, const void *src, size_t len, size_t dst_len)
{
	if (len > dst_len)
		abort();
	return memmove(dst, src, len);
}

void *__memset_chk(void *dst, int c, size_t len, size_t dst_len)
{
	if (len > dst_len)
		abort();
	return memset(dst, c, len);
}
