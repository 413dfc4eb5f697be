/*
 * src/efi/efi_int.h - what the files of mtpm.efi share (src/efi/README.md).
 *
 * rt.c: the runtime (console, files on the image's volume, mem*, the
 * stack-protector and fortify entry points Debian's BearSSL calls);
 * entropy.c: the crypto table's random source; main.c: the commands.
 */
#ifndef MTPM_EFI_INT_H
#define MTPM_EFI_INT_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>
#include <mtpm/crypto.h>

/* The firmware, as efi_main received it. */
extern EFI_HANDLE efi_image;
extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_BOOT_SERVICES *efi_bs;

/* --- console (ConOut; OVMF mirrors it to the serial port) ------------------- */
/* Append to the current line; efi_nl() ends and prints it. */
void efi_puts(const char *s);
void efi_hex(const uint8_t *b, size_t n);
void efi_dec(unsigned v);
void efi_nl(void);
size_t efi_strlen(const char *s);
int efi_streq(const char *a, const char *b);

/* --- files on the volume the image was loaded from ---------------------------- */
/* path: ASCII, '\' or '/' separated, from the volume's root. */
EFI_STATUS efi_file_read(const char *path, uint8_t *buf, size_t cap, size_t *len);
/* A new file; an existing one is replaced only with force (else
 * EFI_WRITE_PROTECTED). A failed write leaves no file. */
EFI_STATUS efi_file_write(const char *path, const uint8_t *buf, size_t len, int force);

/* --- stack protector for Debian's BearSSL objects ------------------------------ */
/* Point %fs at a block whose word 0x28 is a canary from seed; restore
 * the firmware's FS base with efi_canary_off before returning to it. */
void efi_canary_on(uint64_t seed);
void efi_canary_off(void);

/* --- entropy (entropy.c) ----------------------------------------------------- */
enum efi_entropy_src {
	EFI_ENT_NONE = 0,
	EFI_ENT_RNG_PROTOCOL,
	EFI_ENT_RDSEED,
	EFI_ENT_RDRAND,
	EFI_ENT_TPM_ONLY      /* --insecure-tpm-entropy with no platform source */
};
/* Find the platform source (EFI_RNG_PROTOCOL, else RDSEED, else RDRAND). */
enum efi_entropy_src efi_entropy_probe(void);
const char *efi_entropy_name(enum efi_entropy_src s);
/* What the last probe saw of each source ("EFI_RNG_PROTOCOL absent,
 * RDSEED not in CPUID, RDRAND failed"), for the refusal line. */
const char *efi_entropy_seen(void);
/* Mix TPM bytes in from now on (SHA-256 over them XORed into platform
 * output; with EFI_ENT_TPM_ONLY the only input). tpm_len <= 64. */
void efi_entropy_mix_tpm(const uint8_t *tpm, size_t tpm_len);
/* 64 bits straight from the platform source, for the canary; 0 when none. */
uint64_t efi_entropy_u64(void);
/* The crypto table: BearSSL over mtpm_crypto_external_random; random
 * NULL when there is no source at all. */
const mtpm_crypto *efi_crypto(void);
void efi_entropy_wipe(void);

#endif
