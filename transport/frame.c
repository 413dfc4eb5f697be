/*
 * transport/frame.c - the one check every response frame passes before a
 * transport reports success.
 *
 * A TPM 2.0 response starts with a 10-byte header (Part 1 §18.8 response
 * structure; Part 2 §10.6 TPM_ST tag, u32 responseSize, u32 responseCode).
 * The only field a transport trusts is responseSize, and only to find the
 * end of the frame on a stream; everything above the header is the
 * pipeline's business (mtpm_rsp_check in src/cmds).
 *
 * Invariant: a transport returns MTPM_OK only for got bytes with
 * 10 <= got and responseSize == got. The caller has already made sure
 * got <= rsp_cap (a transport never writes past rsp_cap).
 *
 * This file is free-standing on purpose: no libc, so the callback
 * transport of a bootloader can link it without poll(), read() and friends
 * (those live in stream.c).
 */
#include <mtpm/transport.h>

#define MTPM_HDR_LEN 10u

mtpm_rc mtpm_transport_check_frame(const uint8_t *rsp, size_t got)
{
	uint32_t size;

	if (rsp == NULL || got < MTPM_HDR_LEN)
		return MTPM_E_MALFORMED;
	size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 |
	       (uint32_t)rsp[4] << 8 | (uint32_t)rsp[5];
	/* Compare in size_t: got may exceed 32 bits on a 64-bit host. */
	if ((size_t)size != got)
		return MTPM_E_MALFORMED;
	return MTPM_OK;
}
