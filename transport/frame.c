/*
 * transport/frame.c - the header reads and checks every transport shares:
 * the frame's size field, the one check every response frame passes
 * before a transport reports success, and the transmit() preconditions.
 *
 * A TPM 2.0 command or response starts with a 10-byte header (Part 1
 * §18.2 command/response header fields: a TPM_ST tag, Part 2 §6.9; a u32
 * commandSize/responseSize; a u32 commandCode/responseCode). The only
 * field a transport trusts is the size, and only to find the end of the
 * frame on a stream; everything above the header is the pipeline's
 * business (mtpm_rsp_check in src/cmds).
 *
 * Invariants:
 *   - the size field is read only here (mtpm_transport_frame_size),
 *     through the cursor, like every other wire value, and bounded here:
 *     below MTPM_HDR_LEN is MTPM_E_MALFORMED, above the caller's capacity
 *     MTPM_E_SPACE, for every transport alike;
 *   - a transport returns MTPM_OK only for got bytes with
 *     MTPM_HDR_LEN <= got and responseSize == got. The caller has already
 *     made sure got <= rsp_cap (a transport never writes past rsp_cap).
 *
 * This file needs no libc I/O on purpose: the callback transport of a
 * bootloader links it (and the cursor) without poll(), read() and
 * friends, which live in stream.c.
 */
#include <mtpm/marshal.h>
#include <mtpm/transport.h>

mtpm_rc mtpm_transport_frame_size(const uint8_t *buf, size_t len, size_t cap, uint32_t *size)
{
	mtpm_cur c;

	/* Only a whole header has a size field; the cursor reads the u32
	 * after the u16 tag, or zeroes *size when there is no header. */
	mtpm_cur_init_ro(&c, buf, len < MTPM_HDR_LEN ? 0 : MTPM_HDR_LEN);
	(void)mtpm_get_skip(&c, 2); /* tag */
	mtpm_get_u32(&c, size);     /* commandSize / responseSize */
	if (c.err != MTPM_OK || *size < MTPM_HDR_LEN)
		return MTPM_E_MALFORMED;
	/* Compare in size_t: cap may exceed 32 bits on a 64-bit host. */
	return (size_t)*size > cap ? MTPM_E_SPACE : MTPM_OK;
}

mtpm_rc mtpm_transport_check_frame(const uint8_t *rsp, size_t got)
{
	uint32_t size;

	if (mtpm_transport_frame_size(rsp, got, got, &size) != MTPM_OK || (size_t)size != got)
		return MTPM_E_MALFORMED;
	return MTPM_OK;
}

mtpm_rc mtpm_transport_check_args(const uint8_t *cmd, size_t cmd_len,
				  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	if (rsp_len == NULL)
		return MTPM_E_USAGE;
	*rsp_len = 0;
	if (rsp == NULL)
		return MTPM_E_USAGE;
	/* A command is a frame too: its header size must be its length. */
	if (mtpm_transport_check_frame(cmd, cmd_len) != MTPM_OK)
		return MTPM_E_USAGE;
	if (rsp_cap < MTPM_HDR_LEN)
		return MTPM_E_SPACE;
	return MTPM_OK;
}
