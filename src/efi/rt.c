/*
 * src/efi/rt.c - the runtime mtpm.efi brings with it: console lines,
 * files on the image's own volume, and the glibc stack-protector and
 * _FORTIFY_SOURCE entry points that Debian's libbearssl.a objects call.
 * The four mem* functions the core may call are in mem.c.
 *
 * Nothing of gnu-efi's libefi is used here (no InitializeLib, no Print):
 * the firmware tables come straight from efi_main, which keeps libefi's
 * init.o (and its own memcpy/memset) out of the link and the image small.
 *
 * Invariants: a failed file write deletes
 * what it created; console text is ASCII, anything else prints as '?'.
 */
#include <efi.h>
#include <string.h>
#include "efi_int.h"

EFI_HANDLE efi_image;
EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;

size_t efi_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* BearSSL (Debian's) may call strlen; the same function. */
size_t strlen(const char *s);
size_t strlen(const char *s)
{
	return efi_strlen(s);
}

int efi_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* --- console ------------------------------------------------------------------ */
static CHAR16 line[256];
static size_t line_len;

static void flush_line(void)
{
	line[line_len] = 0;
	if (line_len)
		efi_st->ConOut->OutputString(efi_st->ConOut, line);
	line_len = 0;
}

void efi_puts(const char *s)
{
	for (; *s; s++) {
		if (line_len + 3 >= sizeof(line) / sizeof(line[0]))
			flush_line();
		if (*s == '\n') {
			line[line_len++] = L'\r';
			line[line_len++] = L'\n';
		} else {
			unsigned char c = (unsigned char)*s;

			line[line_len++] = (CHAR16)(c >= 0x20 && c < 0x7f ? c : '?');
		}
	}
}

void efi_hex(const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char pair[3];
	size_t i;

	pair[2] = '\0';
	for (i = 0; i < n; i++) {
		pair[0] = digits[b[i] >> 4];
		pair[1] = digits[b[i] & 15];
		efi_puts(pair);
	}
}

void efi_dec(unsigned v)
{
	char buf[12];
	size_t i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	efi_puts(buf + i);
}

void efi_nl(void)
{
	efi_puts("\n");
	flush_line();
}

/* --- files ---------------------------------------------------------------------- */
static EFI_GUID guid_loaded_image = LOADED_IMAGE_PROTOCOL;
static EFI_GUID guid_sfs = SIMPLE_FILE_SYSTEM_PROTOCOL;

/* The root directory of the volume the image came from. */
static EFI_STATUS open_root(EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_FILE_IO_INTERFACE *fs = NULL;
	EFI_STATUS st;

	st = efi_bs->HandleProtocol(efi_image, &guid_loaded_image, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	st = efi_bs->HandleProtocol(li->DeviceHandle, &guid_sfs, (void **)&fs);
	if (EFI_ERROR(st))
		return st;
	return fs->OpenVolume(fs, root);
}

/* ASCII path to UCS-2 with '\' separators; no drive prefixes. */
static EFI_STATUS path16(const char *p, CHAR16 *out, size_t cap)
{
	size_t i;

	for (i = 0; p[i]; i++) {
		unsigned char c = (unsigned char)p[i];

		if (i + 1 >= cap || c < 0x20 || c >= 0x7f || c == ':')
			return EFI_INVALID_PARAMETER;
		out[i] = c == '/' ? L'\\' : (CHAR16)c;
	}
	if (i == 0)
		return EFI_INVALID_PARAMETER;
	out[i] = 0;
	return EFI_SUCCESS;
}

EFI_STATUS efi_file_read(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	CHAR16 p[256];
	EFI_FILE_HANDLE root = NULL, fh = NULL;
	EFI_STATUS st;
	size_t got = 0;

	*len = 0;
	st = path16(path, p, sizeof(p) / sizeof(p[0]));
	if (!EFI_ERROR(st))
		st = open_root(&root);
	if (!EFI_ERROR(st))
		st = root->Open(root, &fh, p, EFI_FILE_MODE_READ, 0);
	/* Read to the end; one byte more than cap means "too large". */
	while (!EFI_ERROR(st)) {
		UINTN n = cap - got;

		if (n == 0) {
			uint8_t extra;

			n = 1;
			st = fh->Read(fh, &n, &extra);
			if (!EFI_ERROR(st) && n != 0)
				st = EFI_BUFFER_TOO_SMALL;
			break;
		}
		st = fh->Read(fh, &n, buf + got);
		if (EFI_ERROR(st) || n == 0)
			break;
		got += n;
	}
	if (fh)
		fh->Close(fh);
	if (root)
		root->Close(root);
	if (!EFI_ERROR(st))
		*len = got;
	return st;
}

EFI_STATUS efi_file_write(const char *path, const uint8_t *buf, size_t len, int force)
{
	CHAR16 p[256];
	EFI_FILE_HANDLE root = NULL, fh = NULL;
	EFI_STATUS st;

	st = path16(path, p, sizeof(p) / sizeof(p[0]));
	if (!EFI_ERROR(st))
		st = open_root(&root);
	if (EFI_ERROR(st))
		return st;
	/* An existing file is never written into: replaced with force (a
	 * fresh file, so no old length or content survives), else refused. */
	if (!EFI_ERROR(root->Open(root, &fh, p, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0))) {
		if (!force) {
			fh->Close(fh);
			root->Close(root);
			return EFI_WRITE_PROTECTED;
		}
		fh->Delete(fh);   /* closes fh */
		fh = NULL;
	}
	st = root->Open(root, &fh, p, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
			EFI_FILE_MODE_CREATE, 0);
	if (!EFI_ERROR(st)) {
		UINTN n = len;

		st = fh->Write(fh, &n, (void *)(uintptr_t)buf);
		if (!EFI_ERROR(st) && n != len)
			st = EFI_VOLUME_FULL;
		if (!EFI_ERROR(st))
			st = fh->Flush(fh);
		if (EFI_ERROR(st))
			fh->Delete(fh);
		else
			st = fh->Close(fh);
	}
	root->Close(root);
	return st;
}

/* --- stack protector and fortify entry points for Debian's BearSSL -------------- */
/*
 * Debian compiles BearSSL with -fstack-protector-strong: its functions
 * read the canary at %fs:0x28 (glibc's TLS slot) on entry and exit. UEFI
 * defines no FS base; reading linear address 0x28 works only where page
 * 0 is mapped, and firmware with NULL-pointer detection faults on it. So
 * while mtpm.efi runs, FS points at a block of ours whose word 5 is a
 * random canary; the firmware's base is put back before every return to
 * it (efi_main's single exit). Firmware code does not use FS on x86-64.
 */
#define MSR_FS_BASE 0xC0000100u
static uint64_t canary_block[8];
static uint64_t saved_fs;
static int canary_set;

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

void efi_canary_on(uint64_t seed)
{
	saved_fs = rdmsr(MSR_FS_BASE);
	/* glibc's canary has a zero low byte so string overflows stop at it. */
	canary_block[5] = seed & ~(uint64_t)0xff;
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)canary_block);
	canary_set = 1;
}

void efi_canary_off(void)
{
	if (canary_set)
		wrmsr(MSR_FS_BASE, saved_fs);
	canary_set = 0;
}

/* Stack smashed or a fortified copy would overflow: stop, never return
 * into the corrupted frame. No secret is printed; the firmware's FS is
 * restored before the image exits. */
static void fatal(const char *why) __attribute__((noreturn));
static void fatal(const char *why)
{
	efi_canary_off();
	efi_nl();
	efi_puts("mtpm.efi: ");
	efi_puts(why);
	efi_nl();
	efi_puts("mtpm: failed");
	efi_nl();
	efi_bs->Exit(efi_image, EFI_ABORTED, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}

void __stack_chk_fail(void) __attribute__((noreturn));
void __stack_chk_fail(void)
{
	fatal("stack smashing detected");
}

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memmove_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memset_chk(void *dst, int c, size_t len, size_t dst_len);

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len)
{
	if (len > dst_len)
		fatal("buffer overflow detected");
	return memcpy(dst, src, len);
}

void *__memmove_chk(void *dst, const void *src, size_t len, size_t dst_len)
{
	if (len > dst_len)
		fatal("buffer overflow detected");
	return memmove(dst, src, len);
}

void *__memset_chk(void *dst, int c, size_t len, size_t dst_len)
{
	if (len > dst_len)
		fatal("buffer overflow detected");
	return memset(dst, c, len);
}
