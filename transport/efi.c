/*
 * transport/efi.c - TPM commands through the firmware's EFI_TCG2_PROTOCOL
 * (TCG EFI Protocol Specification for TPM Family 2.0, rev 1.22 or later,
 * §6.6 EFI_TCG2_PROTOCOL.SubmitCommand), for mtpm.efi (src/efi/).
 *
 * Built on the public callback transport (mtpm_transport_callback), so
 * the checks every callback response passes - a whole frame, never past
 * rsp_cap, rsp wiped on failure - apply here too; this file adds what is
 * specific to SubmitCommand: it returns no response length, so the
 * header's responseSize is the length, bounded by the buffer and checked
 * by mtpm_transport_check_frame before it is reported.
 *
 * No UEFI headers: the protocol arrives as an opaque pointer and the one
 * member used is declared below with the firmware calling convention
 * (UEFI spec §2.3.4: the Microsoft x64 ABI on x86-64; the platform's own
 * on AArch64). So this file compiles, unused, in every build of the
 * library, and nothing outside transport/ and src/efi/ knows about UEFI.
 *
 * Invariants: the response header is cleared before the call, so a
 * firmware that reports success without writing cannot hand back the
 * previous response; *rsp_len is set only for a frame that fits.
 */
#include <string.h>
#include <mtpm/transport_efi.h>

#if defined(__x86_64__)
#define EFI_ABI __attribute__((ms_abi))
#else
#define EFI_ABI
#endif

typedef uintptr_t efi_status;        /* EFI_STATUS: UINTN, high bit = error */
#define EFI_ERR ((efi_status)1 << (sizeof(efi_status) * 8 - 1))
#define EFI_BUFFER_TOO_SMALL (EFI_ERR | 5)
#define EFI_TIMEOUT (EFI_ERR | 18)

struct efi_tcg2;
typedef efi_status (EFI_ABI *efi_submit_fn)(struct efi_tcg2 *self, uint32_t in_size,
					    uint8_t *in, uint32_t out_size, uint8_t *out);

/* EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification §6.1): seven
 * function pointers in this order; SubmitCommand is the fourth. */
struct efi_tcg2 {
	void *get_capability;
	void *get_event_log;
	void *hash_log_extend_event;
	efi_submit_fn submit_command;
	void *get_active_pcr_banks;
	void *set_active_pcr_banks;
	void *get_result_of_set_active_pcr_banks;
};

static mtpm_rc efi_xfer(void *user, const uint8_t *cmd, size_t cmd_len,
			uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct efi_tcg2 *tcg2 = user;
	uint32_t cap = rsp_cap > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)rsp_cap;
	uint32_t size;
	efi_status st;

	*rsp_len = 0;
	if (tcg2 == NULL || tcg2->submit_command == NULL)
		return MTPM_E_NOTPM;
	if (cmd_len > 0xFFFFFFFFu || rsp_cap < 10)
		return MTPM_E_USAGE;
	memset(rsp, 0, 10);
	/* The firmware takes a non-const buffer; it only reads the command. */
	st = tcg2->submit_command(tcg2, (uint32_t)cmd_len, (uint8_t *)(uintptr_t)cmd, cap, rsp);
	if (st == EFI_BUFFER_TOO_SMALL)
		return MTPM_E_SPACE;
	if (st == EFI_TIMEOUT)
		return MTPM_E_TIMEOUT;
	if (st != 0)
		return MTPM_E_TRANSPORT;
	size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 |
	       (uint32_t)rsp[4] << 8 | (uint32_t)rsp[5];
	/* A header that claims more than the buffer held is a response the
	 * firmware cut short: an error, never the first cap bytes. */
	if ((size_t)size > rsp_cap)
		return MTPM_E_SPACE;
	if (mtpm_transport_check_frame(rsp, size) != MTPM_OK)
		return MTPM_E_MALFORMED;
	*rsp_len = size;
	return MTPM_OK;
}

void mtpm_transport_efi(mtpm_transport *t, void *tcg2)
{
	static const char desc[] = "efi-tcg2";

	mtpm_transport_callback(t, efi_xfer, tcg2);
	memcpy(t->desc, desc, sizeof(desc));
}
