/*
 * mtpm/transport_efi.h - the TPM of a UEFI application: the firmware's
 * EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification, §6.6 SubmitCommand).
 *
 * Separate from transport.h so that nothing but the integrator's firmware
 * code (mtpm.efi, src/efi/) ever sees it; the rest of the library only
 * knows the mtpm_transport it fills in. The protocol is passed as an
 * opaque pointer, so this header and transport/efi.c need no UEFI headers
 * and compile in every build (the firmware ABI is declared in efi.c).
 */
#ifndef MTPM_TRANSPORT_EFI_H
#define MTPM_TRANSPORT_EFI_H

#include "transport.h"

/*
 * Fill in t (through mtpm_transport_callback) so that each command goes
 * to tcg2->SubmitCommand. tcg2 is the EFI_TCG2_PROTOCOL interface that
 * LocateProtocol returned; it must stay valid while t is used (boot
 * services only: it is gone after ExitBootServices).
 *
 * The transmit contract of transport.h holds: the response is a whole
 * frame (header size == bytes, checked by mtpm_transport_check_frame),
 * at most rsp_cap bytes; a response larger than the buffer
 * (EFI_BUFFER_TOO_SMALL, or a header claiming more) is MTPM_E_SPACE,
 * never a partial success. The wait is the firmware's: SubmitCommand is
 * synchronous and bounded by its TIS/CRB driver's timeouts (TCG PC Client
 * Platform TPM Profile), which this transport cannot shorten; a firmware
 * EFI_TIMEOUT is MTPM_E_TIMEOUT. t->resource_manager stays 0: the
 * application is the TPM's only user and must flush what it loads.
 */
void mtpm_transport_efi(mtpm_transport *t, void *tcg2);

#endif
