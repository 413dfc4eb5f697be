/*
 * src/efi/entropy.c - where mtpm.efi's random bytes come from: the
 * salt (the ephemeral P-256 key of every salted session), nonceCaller
 * and a default secret (include/mtpm/crypto.h, random; threat E-1).
 *
 * Sources, first found wins (docs/bootloader.md, "Entropy"):
 *   1. EFI_RNG_PROTOCOL.GetRNG with the firmware's default algorithm
 *      (UEFI 2.10 §37.5; OVMF has it with a virtio-rng device);
 *   2. RDSEED (CPUID.(EAX=7,ECX=0):EBX[18]), retried with PAUSE;
 *   3. RDRAND (CPUID.01H:ECX[30]), up to 10 tries per word as Intel's
 *      DRNG Software Implementation Guide §5.2.1 advises.
 * TPM2_GetRandom output crosses the bus an interposer sits on, so it is
 * only MIXED in: SHA-256(tpm bytes || counter) XORed over platform bytes,
 * which is never weaker than the platform bytes alone. With no platform
 * source the table's random is NULL, so the library refuses every
 * session (MTPM_E_ENTROPY); only --insecure-tpm-entropy makes the TPM's
 * bytes the sole input, and then the table says so (random_from_tpm) and
 * the caller must opt in again (mtpm_ctx.tpm_entropy_ok).
 *
 * Everything here feeds BearSSL's HMAC_DRBG through
 * mtpm_crypto_external_random (src/crypto/bearssl.c,
 * MTPM_CRYPTO_EXTERNAL_RANDOM), so the ECDH scalar and the nonces share
 * one source. Invariant: a source that fails mid-request fails the
 * request; nothing ever falls back to a weaker source silently.
 */
#include <efi.h>
#include <string.h>
#include <mtpm/crypto.h>
#include <mtpm/tpm.h>
#include "efi_int.h"

mtpm_rc mtpm_crypto_external_random(uint8_t *out, size_t len);

static enum efi_entropy_src source;
static EFI_RNG_PROTOCOL *rng;
static uint8_t tpm_pool[64];
static size_t tpm_pool_len;
static uint32_t tpm_counter;
static mtpm_crypto table;
/* What the probe saw of each source, for the refusal line: a platform
 * with none must say why (the firmware offers no protocol, or CPUID
 * lacks the instruction, or the instruction failed). */
static const char *seen[3];
static char seen_line[160];

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static int rdseed64(uint64_t *v)
{
	unsigned i;

	for (i = 0; i < 1024; i++) {
		uint8_t ok;

		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
		if (ok)
			return 1;
		__asm__ volatile("pause");
	}
	return 0;
}

static int rdrand64(uint64_t *v)
{
	unsigned i;

	for (i = 0; i < 10; i++) {
		uint8_t ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
		if (ok)
			return 1;
	}
	return 0;
}

/* platform bytes only; 0 on any failure */
static int platform_fill(uint8_t *out, size_t len)
{
	size_t i;

	if (source == EFI_ENT_RNG_PROTOCOL)
		return !EFI_ERROR(rng->GetRNG(rng, NULL, len, out));
	if (source != EFI_ENT_RDSEED && source != EFI_ENT_RDRAND)
		return 0;
	for (i = 0; i < len; i += 8) {
		uint64_t v = 0;
		size_t k;

		if (!(source == EFI_ENT_RDSEED ? rdseed64(&v) : rdrand64(&v)))
			return 0;
		for (k = 0; k < 8 && i + k < len; k++)
			out[i + k] = (uint8_t)(v >> (8 * k));
	}
	return 1;
}

enum efi_entropy_src efi_entropy_probe(void)
{
	static EFI_GUID guid_rng = EFI_RNG_PROTOCOL_GUID;
	uint32_t r[4];
	uint8_t probe[32];

	source = EFI_ENT_NONE;
	seen[0] = "EFI_RNG_PROTOCOL absent";
	seen[1] = "RDSEED not in CPUID";
	seen[2] = "RDRAND not in CPUID";
	if (!EFI_ERROR(efi_bs->LocateProtocol(&guid_rng, NULL, (void **)&rng)) && rng) {
		source = EFI_ENT_RNG_PROTOCOL;
		if (platform_fill(probe, sizeof(probe)))
			goto out;
		seen[0] = "EFI_RNG_PROTOCOL GetRNG failed";
	}
	cpuid(0, 0, r);
	if (r[0] >= 7) {
		cpuid(7, 0, r);
		if (r[1] & (1u << 18)) {
			source = EFI_ENT_RDSEED;
			if (platform_fill(probe, sizeof(probe)))
				goto out;
			seen[1] = "RDSEED failed";
		}
	}
	cpuid(1, 0, r);
	if (r[2] & (1u << 30)) {
		source = EFI_ENT_RDRAND;
		if (platform_fill(probe, sizeof(probe)))
			goto out;
		seen[2] = "RDRAND failed";
	}
	source = EFI_ENT_NONE;
out:
	mtpm_wipe(probe, sizeof(probe));
	return source;
}

const char *efi_entropy_name(enum efi_entropy_src s)
{
	switch (s) {
	case EFI_ENT_RNG_PROTOCOL:
		return "EFI_RNG_PROTOCOL";
	case EFI_ENT_RDSEED:
		return "RDSEED";
	case EFI_ENT_RDRAND:
		return "RDRAND";
	case EFI_ENT_TPM_ONLY:
		return "TPM2_GetRandom ONLY: WARNING: --insecure-tpm-entropy, a bus interposer "
		       "can choose the salt and decrypt the session";
	default:
		return "none";
	}
}

const char *efi_entropy_seen(void)
{
	size_t o = 0, i, k;

	for (i = 0; i < 3; i++) {
		const char *w = seen[i] ? seen[i] : "not probed";

		if (i && o + 2 < sizeof(seen_line)) {
			seen_line[o++] = ',';
			seen_line[o++] = ' ';
		}
		for (k = 0; w[k] && o + 1 < sizeof(seen_line); k++)
			seen_line[o++] = w[k];
	}
	seen_line[o] = '\0';
	return seen_line;
}

void efi_entropy_mix_tpm(const uint8_t *tpm, size_t tpm_len)
{
	if (tpm_len > sizeof(tpm_pool))
		tpm_len = sizeof(tpm_pool);
	memcpy(tpm_pool, tpm, tpm_len);
	tpm_pool_len = tpm_len;
	if (source == EFI_ENT_NONE && tpm_len)
		source = EFI_ENT_TPM_ONLY;   /* only reached with the opt-in */
}

uint64_t efi_entropy_u64(void)
{
	uint8_t b[8];
	uint64_t v = 0;
	unsigned i;

	if (platform_fill(b, sizeof(b)))
		for (i = 0; i < 8; i++)
			v = v << 8 | b[i];
	mtpm_wipe(b, sizeof(b));
	return v;
}

/* out ^= SHA-256(pool || counter) blocks, a fresh counter per block. */
static mtpm_rc tpm_stream_xor(uint8_t *out, size_t len)
{
	uint8_t blk[32], ctr[4];
	mtpm_iov parts[2];
	mtpm_rc rc = MTPM_OK;
	size_t i;

	parts[0].p = tpm_pool;
	parts[0].n = tpm_pool_len;
	parts[1].p = ctr;
	parts[1].n = sizeof(ctr);
	while (len > 0 && rc == MTPM_OK) {
		size_t n = len < sizeof(blk) ? len : sizeof(blk);

		ctr[0] = (uint8_t)(tpm_counter >> 24);
		ctr[1] = (uint8_t)(tpm_counter >> 16);
		ctr[2] = (uint8_t)(tpm_counter >> 8);
		ctr[3] = (uint8_t)tpm_counter;
		tpm_counter++;
		rc = mtpm_hash(mtpm_crypto_bearssl(), MTPM_ALG_SHA256, parts, 2, blk);
		for (i = 0; i < n; i++)
			out[i] ^= blk[i];
		out += n;
		len -= n;
	}
	mtpm_wipe(blk, sizeof(blk));
	return rc;
}

mtpm_rc mtpm_crypto_external_random(uint8_t *out, size_t len)
{
	mtpm_rc rc = MTPM_OK;

	if (source == EFI_ENT_TPM_ONLY) {
		memset(out, 0, len);
	} else if (!platform_fill(out, len)) {
		mtpm_wipe(out, len);
		return MTPM_E_ENTROPY;
	}
	if (tpm_pool_len)
		rc = tpm_stream_xor(out, len);
	if (rc != MTPM_OK)
		mtpm_wipe(out, len);
	return rc;
}

static mtpm_rc efi_random(uint8_t *out, size_t len)
{
	/* Through the table's DRBG path like every other random draw. */
	return mtpm_crypto_bearssl()->random(out, len);
}

const mtpm_crypto *efi_crypto(void)
{
	table = *mtpm_crypto_bearssl();
	table.random = source == EFI_ENT_NONE ? NULL : efi_random;
	table.random_from_tpm = source == EFI_ENT_TPM_ONLY;
	return &table;
}

void efi_entropy_wipe(void)
{
	mtpm_wipe(tpm_pool, sizeof(tpm_pool));
	tpm_pool_len = 0;
	tpm_counter = 0;
}
