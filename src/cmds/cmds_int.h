/*
 * cmds_int.h - what the command files of src/cmds share among
 * themselves; not part of the library's interface.
 */
#ifndef MTPM_CMDS_INT_H
#define MTPM_CMDS_INT_H
#include "mtpm/cmds.h"

/* Part 3 §30.2 TPM2_GetCapability, sent and run (mtpm_cmd_run): its
 * response is the caller's to parse, and the command its to end. */
mtpm_rc mtpm_cap_run(mtpm_cmd *cmd, mtpm_ctx *ctx, uint32_t capability,
		     uint32_t property, uint32_t propertyCount);

#endif
