/*
 * examples/bootloader/rt.h - the demo's tiny runtime (rt.c): what a
 * bootloader already has under other names.
 */
#ifndef BL_RT_H
#define BL_RT_H

#include <stddef.h>

long bl_read(int fd, void *buf, size_t n);
long bl_write(int fd, const void *buf, size_t n);
void bl_exit(int code) __attribute__((noreturn));
void bl_sleep_ms(unsigned ms);
int bl_main(int argc, char **argv);

/* The core's only libc needs, defined in rt.c. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
