/*
 * transport/efi.c - TPM commands through the firmware's EFI_TCG2_PROTOCOL
 * (TCG EFI Protocol Specification for TPM Family 2.0, rev 1.22 or later,
 * §6.6 EFI_TCG2_PROTOCOL.SubmitCommand), for mtpm.efi (src/efi/).
 *
 * Built on the public callback transport (mtpm_transport_callback), so
 * the checks every callback response passes - a whole frame, never past
 * rsp_cap, rsp wiped on failure - apply here too; this file adds what is
 * specific to SubmitCommand: it returns no response length, so the
 * header's responseSize, read by mtpm_transport_frame_size and bounded
 * by the buffer, is the length.
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

#define EFI_INVALID_PARAMETER (EFI_ERR | 2)

struct efi_tcg2;
typedef efi_status (EFI_ABI *efi_submit_fn)(struct efi_tcg2 *self, uint32_t in_size,
					    uint8_t *in, uint32_t out_size, uint8_t *out);
typedef efi_status (EFI_ABI *efi_getcap_fn)(struct efi_tcg2 *self, uint8_t *cap);

/* EFI_TCG2_BOOT_SERVICE_CAPABILITY (§6.4.1) read as bytes. The spec's
 * structure is NOT packed (natural alignment, as EDK2 and Windows lay it
 * out): Size u8 @0, StructureVersion u8[2] @1, ProtocolVersion u8[2] @3,
 * HashAlgorithmBitmap u32 @8, SupportedEventLogs u32 @12, TPMPresentFlag
 * u8 @16, MaxCommandSize u16 @18, MaxResponseSize u16 @20,
 * ManufacturerID u32 @24, NumberOfPcrBanks u32 @28, ActivePcrBanks u32
 * @32: 36 bytes. Size is the caller's buffer on input, the firmware's
 * structure size on output. */
#define CAP_BYTES 64
#define CAP_PRESENT 16
#define CAP_MAX_CMD 18
#define CAP_MAX_RSP 20

/* EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification §6.1): seven
 * function pointers in this order; SubmitCommand is the fourth. */
struct efi_tcg2 {
	efi_getcap_fn get_capability;
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
	uint8_t capb[CAP_BYTES];
	uint32_t size, max_cmd, max_rsp;
	efi_status st;
	mtpm_rc rc;

	*rsp_len = 0;
	if (tcg2 == NULL || tcg2->submit_command == NULL || tcg2->get_capability == NULL)
		return MTPM_E_NOTPM;
	if (cmd_len > 0xFFFFFFFFu || rsp_cap < MTPM_HDR_LEN)
		return MTPM_E_USAGE;
	/* SubmitCommand refuses (EFI_INVALID_PARAMETER) an output block
	 * larger than the firmware's MaxResponseSize - OVMF's CRB buffer is
	 * smaller than our 4 KiB - so offer no more than that; a response
	 * that does not fit is then EFI_BUFFER_TOO_SMALL. Asked each time:
	 * the transport keeps no state of its own. */
	memset(capb, 0, sizeof(capb));
	capb[0] = CAP_BYTES;
	if (tcg2->get_capability(tcg2, capb) != 0 || capb[0] < CAP_MAX_RSP + 2 ||
	    !capb[CAP_PRESENT])
		return MTPM_E_NOTPM;
	max_cmd = (uint32_t)capb[CAP_MAX_CMD] | (uint32_t)capb[CAP_MAX_CMD + 1] << 8;
	max_rsp = (uint32_t)capb[CAP_MAX_RSP] | (uint32_t)capb[CAP_MAX_RSP + 1] << 8;
	if (cmd_len > max_cmd)
		return MTPM_E_SPACE;
	if (max_rsp < MTPM_HDR_LEN)
		return MTPM_E_NOTPM;
	if (cap > max_rsp)
		cap = max_rsp;
	memset(rsp, 0, MTPM_HDR_LEN);
	/* The firmware takes a non-const buffer; it only reads the command. */
	st = tcg2->submit_command(tcg2, (uint32_t)cmd_len, (uint8_t *)(uintptr_t)cmd, cap, rsp);
	if (st == EFI_BUFFER_TOO_SMALL)
		return MTPM_E_SPACE;
	if (st == EFI_TIMEOUT)
		return MTPM_E_TIMEOUT;
	if (st == EFI_INVALID_PARAMETER)
		return MTPM_E_USAGE;
	if (st != 0)
		return MTPM_E_TRANSPORT;
	/* The header through the one frame-size reader: one that claims more
	 * than the buffer held is a response the firmware cut short
	 * (MTPM_E_SPACE), never the first cap bytes; below a header is
	 * MTPM_E_MALFORMED. */
	rc = mtpm_transport_frame_size(rsp, cap, cap, &size);
	if (rc != MTPM_OK)
		return rc;
	*rsp_len = size;   /* the callback transport checks the frame again */
	return MTPM_OK;
}

void mtpm_transport_efi(mtpm_transport *t, void *tcg2)
{
	static const char desc[] = "efi-tcg2";

	mtpm_transport_callback(t, efi_xfer, tcg2);
	memcpy(t->desc, desc, sizeof(desc));
}
