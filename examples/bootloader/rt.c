/*
 * examples/bootloader/rt.c - the whole "runtime" the freestanding demo has:
 * an entry point and three raw Linux x86-64 system calls. The four memory
 * functions the core is allowed to need (memcpy, memmove, memset, memcmp)
 * come from src/efi/mem.c, the copy mtpm.efi links too.
 *
 * In GRUB these would be grub_memcpy & co. and the firmware's console; in
 * U-Boot, its lib/string.c and puts(); in a UEFI application,
 * CopyMem/SetMem/CompareMem and ConOut. Here they are written out so the
 * program links with -nostdlib and nothing else.
 *
 * Invariant: no global state but what the caller passes.
 */
#include <stddef.h>
#include <stdint.h>
#include "rt.h"

/* Linux x86-64 syscall ABI: number in rax, arguments in rdi, rsi, rdx;
 * rcx and r11 are clobbered. */
static long bl_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

#define BL_SYS_READ 0
#define BL_SYS_WRITE 1
#define BL_SYS_NANOSLEEP 35
#define BL_SYS_EXIT_GROUP 231

long bl_read(int fd, void *buf, size_t n)
{
	return bl_syscall3(BL_SYS_READ, fd, (long)buf, (long)n);
}

long bl_write(int fd, const void *buf, size_t n)
{
	return bl_syscall3(BL_SYS_WRITE, fd, (long)buf, (long)n);
}

/* The core's retry backoff (mtpm_ctx.sleep_ms): a freestanding core has
 * no default and needs a real delay, or a TPM still self-testing after
 * Startup (TPM_RC_TESTING) gets all its retries within microseconds. In
 * GRUB this is grub_millisleep, in U-Boot mdelay, in UEFI gBS->Stall. */
void bl_sleep_ms(unsigned ms)
{
	struct { long sec, nsec; } ts = { (long)(ms / 1000u), (long)(ms % 1000u) * 1000000L };

	/* EINTR: the rest is in ts; a demo takes the shorter wait. */
	(void)bl_syscall3(BL_SYS_NANOSLEEP, (long)&ts, 0, 0);
}

void bl_exit(int code)
{
	for (;;)
		bl_syscall3(BL_SYS_EXIT_GROUP, code, 0, 0);
}

/* The kernel starts us with rsp -> argc, argv[0..argc-1], NULL, envp...
 * _start hands that pointer to bl_start_c with the stack 16-byte aligned
 * as the SysV ABI requires at a call. */
__asm__(".text\n"
	".global _start\n"
	".type _start,@function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call bl_start_c\n"
	"	hlt\n");

void bl_start_c(long *sp);
void bl_start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	bl_exit(bl_main(argc, argv));
}

/* The four functions the core may call: src/efi/mem.c, shared with
 * mtpm.efi (examples/examples.mk links it). */
