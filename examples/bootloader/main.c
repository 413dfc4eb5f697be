/*
 * examples/bootloader/main.c - the mtpm core as a bootloader links it.
 *
 * Built with -ffreestanding -fno-builtin and linked with -nostdlib against
 * build/freestanding/libmtpm-core.a (examples/examples.mk): no libc, no
 * heap, no TCTI strings, no crypto backend. Everything the core needs
 * from outside is here or in rt.c:
 *
 *   - a byte-level transfer function (bl_xfer) wrapped by
 *     mtpm_transport_callback: in GRUB or U-Boot this is the TIS/CRB or
 *     SPI driver; here it is a stream on file descriptor 3, which the
 *     host shim (shim.c) connected to swtpm before exec'ing us;
 *   - a millisecond sleep (bl_sleep_ms, rt.c) for the retry backoff: a
 *     freestanding core has no default (mtpm_ctx.sleep_ms), and without
 *     one TPM_RC_TESTING right after Startup exhausts the retries at once;
 *   - static buffers: the context (two 4 KiB frames) and every result
 *     live in .bss, so the stack stays small and nothing is allocated;
 *   - crypto = NULL: password authorization only, enough for GetRandom,
 *     PCR_Read and the Unseal of an object whose authValue is a password.
 *     With a crypto table (include/mtpm/crypto.h) the same core runs
 *     salted, encrypted policy sessions - and that table's random MUST
 *     be a platform source (RDSEED/RDRAND, the firmware's RNG), never
 *     this GetRandom: its answer crosses the same bus, so an interposer
 *     that chooses it chooses the salt and reads the session (threat
 *     T-ENTROPY-1; the library refuses a session with no source,
 *     MTPM_E_ENTROPY). src/efi/entropy.c is a complete example.
 *
 * Usage (through the shim): mtpm-boot-demo [PASSWORD]
 *   fd 3  connected TPM stream (raw TPM 2.0 frames)
 *   fd 4  optional: TPM2B_PUBLIC of a sealed object under 0x81000001
 *   fd 5  optional: its TPM2B_PRIVATE
 * Output, one line each: "random: HEX", "pcr sha256:N: HEX",
 * "unsealed: HEX" (demo data; a real bootloader hands the secret on and
 * wipes it), "commands: N". Exit 0 on success, 1 with "error: ..." else.
 */
#include <stddef.h>
#include <stdint.h>
#include <mtpm/cmds.h>
#include "rt.h"

#define BL_TPM_FD 3
#define BL_PUB_FD 4
#define BL_PRIV_FD 5
#define BL_SRK 0x81000001u

static mtpm_ctx bl_ctx;            /* 8 KiB of frames: static, not stack */
static mtpm_transport bl_tr;
static int bl_fd = BL_TPM_FD;
static uint8_t bl_file[MTPM_BUF_SIZE];
static mtpm_TPM2B_PUBLIC bl_pub;
static mtpm_TPM2B_PRIVATE bl_priv;
static mtpm_TPM2B_SENSITIVE_DATA bl_secret;
static mtpm_TPML_DIGEST bl_pcrs;

/* --- output ------------------------------------------------------------------ */
static size_t bl_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void bl_puts(const char *s)
{
	bl_write(1, s, bl_strlen(s));
}

static void bl_hex(const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char pair[2];
	size_t i;

	for (i = 0; i < n; i++) {
		pair[0] = digits[b[i] >> 4];
		pair[1] = digits[b[i] & 15];
		bl_write(1, pair, 2);
	}
}

static void bl_u32(uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	bl_hex(b, 4);
}

static int bl_fail(const char *what, mtpm_rc rc)
{
	bl_puts("error: ");
	bl_puts(what);
	bl_puts(" rc=0x");
	bl_u32(rc);
	bl_puts("\n");
	return 1;
}

/* --- the byte-level transport ---------------------------------------------------- */
static int bl_write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		long w = bl_write(fd, p, n);

		if (w <= 0)
			return 0;
		p += w;
		n -= (size_t)w;
	}
	return 1;
}

static int bl_read_exact(int fd, uint8_t *p, size_t n)
{
	while (n > 0) {
		long r = bl_read(fd, p, n);

		if (r <= 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

/* One frame out, one frame in, under the transport.h contract: the
 * header's size field bounds the read before anything past the header is
 * read; mtpm_transport_callback checks the frame again. A real driver
 * also bounds the time it waits (TIS/CRB timeouts); a blocking stream
 * read stands in for that here. */
static mtpm_rc bl_xfer(void *user, const uint8_t *cmd, size_t cmd_len,
		       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	int fd = *(const int *)user;
	uint32_t size;

	*rsp_len = 0;
	if (!bl_write_all(fd, cmd, cmd_len))
		return MTPM_E_TRANSPORT;
	if (rsp_cap < 10 || !bl_read_exact(fd, rsp, 10))
		return MTPM_E_TRANSPORT;
	size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 |
	       (uint32_t)rsp[4] << 8 | rsp[5];
	if (size < 10)
		return MTPM_E_MALFORMED;
	if (size > rsp_cap)
		return MTPM_E_SPACE;
	if (!bl_read_exact(fd, rsp + 10, size - 10))
		return MTPM_E_TRANSPORT;
	*rsp_len = size;
	return MTPM_OK;
}

/* A whole small file from an fd into bl_file; 0 when absent or empty. */
static size_t bl_slurp(int fd)
{
	size_t n = 0;
	long r;

	while (n < sizeof(bl_file) && (r = bl_read(fd, bl_file + n, sizeof(bl_file) - n)) > 0)
		n += (size_t)r;
	return r < 0 ? 0 : n;
}

/* --- the demo ---------------------------------------------------------------------- */
static int bl_pcr_read(void)
{
	static const unsigned pcr_list[] = { 0, 7 };
	mtpm_TPML_PCR_SELECTION sel, out;
	uint32_t counter;
	unsigned i;
	mtpm_rc rc;

	memset(&sel, 0, sizeof(sel));
	sel.count = 1;
	sel.pcrSelections[0].hash = MTPM_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	for (i = 0; i < 2; i++)
		sel.pcrSelections[0].pcrSelect[pcr_list[i] / 8] |= (uint8_t)(1u << (pcr_list[i] % 8));
	rc = mtpm_PCR_Read(&bl_ctx, &sel, &counter, &out, &bl_pcrs);
	if (rc != MTPM_OK)
		return bl_fail("PCR_Read", rc);
	if (bl_pcrs.count != 2)
		return bl_fail("PCR_Read count", MTPM_E_MALFORMED);
	for (i = 0; i < 2; i++) {
		bl_puts(i == 0 ? "pcr sha256:0: " : "pcr sha256:7: ");
		bl_hex(bl_pcrs.digests[i].buffer, bl_pcrs.digests[i].size);
		bl_puts("\n");
	}
	return 0;
}

/* Load the sealed object under the SRK (empty password), Unseal it with
 * its password, flush it on every path: without a resource manager
 * nothing may stay loaded. */
static int bl_unseal(const char *password)
{
	mtpm_auth a;
	mtpm_auth *ap = &a;
	mtpm_auths auths;
	mtpm_cur c;
	uint32_t obj = 0;
	size_t n;
	mtpm_rc rc;
	int ret;

	n = bl_slurp(BL_PUB_FD);
	if (n == 0) {
		bl_puts("unseal: no sealed object given\n");
		return 0;
	}
	mtpm_cur_init_ro(&c, bl_file, n);
	mtpm_get_TPM2B_PUBLIC(&c, &bl_pub);
	if ((rc = mtpm_cur_done(&c)) != MTPM_OK)
		return bl_fail("TPM2B_PUBLIC file", rc);
	n = bl_slurp(BL_PRIV_FD);
	mtpm_cur_init_ro(&c, bl_file, n);
	mtpm_get_TPM2B_PRIVATE(&c, &bl_priv);
	if ((rc = mtpm_cur_done(&c)) != MTPM_OK)
		return bl_fail("TPM2B_PRIVATE file", rc);

	rc = mtpm_Load(&bl_ctx, BL_SRK, NULL, NULL, &bl_priv, &bl_pub, &obj, NULL);
	if (rc != MTPM_OK)
		return bl_fail("Load", rc);

	memset(&a, 0, sizeof(a));
	a.sess = NULL;                       /* TPM_RS_PW */
	a.value = (const uint8_t *)password;
	a.value_len = bl_strlen(password);
	auths.a[0] = ap;
	auths.n = 1;
	rc = mtpm_Unseal(&bl_ctx, obj, NULL, &auths, &bl_secret);
	ret = 0;
	if (rc != MTPM_OK) {
		ret = bl_fail("Unseal", rc);
	} else {
		bl_puts("unsealed: ");
		bl_hex(bl_secret.buffer, bl_secret.size);
		bl_puts("\n");
	}
	mtpm_wipe(&bl_secret, sizeof(bl_secret));
	rc = mtpm_FlushContext(&bl_ctx, obj);
	if (rc != MTPM_OK)
		ret = bl_fail("FlushContext", rc);
	return ret;
}

int bl_main(int argc, char **argv)
{
	mtpm_TPM2B_DIGEST rnd;
	mtpm_rc rc;

	mtpm_transport_callback(&bl_tr, bl_xfer, &bl_fd);
	mtpm_ctx_init(&bl_ctx, &bl_tr, NULL);
	bl_ctx.sleep_ms = bl_sleep_ms;     /* required: no default without libc */

	/* A demo of a command with a response, not an entropy source:
	 * an unauthenticated GetRandom is whatever the bus says it is. */
	rc = mtpm_GetRandom(&bl_ctx, NULL, 16, &rnd);
	if (rc != MTPM_OK)
		return bl_fail("GetRandom", rc);
	if (rnd.size != 16)
		return bl_fail("GetRandom size", MTPM_E_MALFORMED);
	bl_puts("random: ");
	bl_hex(rnd.buffer, rnd.size);
	bl_puts("\n");

	if (bl_pcr_read() != 0)
		return 1;
	if (bl_unseal(argc > 1 ? argv[1] : "") != 0)
		return 1;
	bl_puts("commands: ");
	bl_u32(bl_ctx.commands_sent);
	bl_puts("\n");
	return 0;
}
