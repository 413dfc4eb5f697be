/*
 * mtpm/mtpm.h - everything a program needs to talk to a TPM with mtpm.
 *
 * Reading order for auditors: rc.h, tpm.h, types.h, marshal.h,
 * transport.h, crypto.h, core.h, cmds.h, session.h, seal.h.
 * The spec revision cited throughout is TPM 2.0 Library Specification,
 * Family "2.0", Level 00, Revision 01.59 (Parts 1-3).
 */
#ifndef MTPM_MTPM_H
#define MTPM_MTPM_H

#define MTPM_VERSION "0.1.0"

#include "rc.h"
#include "tpm.h"
#include "types.h"
#include "marshal.h"
#include "transport.h"
#include "crypto.h"
#include "core.h"
#include "cmds.h"
#include "session.h"
#include "seal.h"

#endif
