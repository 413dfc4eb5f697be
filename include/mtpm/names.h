/*
 * mtpm/names.h - the Part 2 names of constants and attribute bits, for
 * programs that show TPM values to people (the CLI's frame decoder).
 *
 * Lookups only: each is a bounded switch on the value with a default, so
 * a value read from the wire can be passed as it is; an unknown one gives
 * NULL. Command names are mtpm_cc_name's (include/mtpm/table.h), response
 * codes mtpm_rc_str's (include/mtpm/rc.h).
 *
 * Not in a MTPM_TABLE_LEAN build, like mtpm_cc_name: the static initramfs
 * build shows no names, so its core does not carry them.
 */
#ifndef MTPM_NAMES_H
#define MTPM_NAMES_H

#include <stdint.h>

/* Which constants a value belongs to. */
enum mtpm_const_kind {
	MTPM_CONST_ALG,         /* Part 2 §6.3 TPM_ALG_ID */
	MTPM_CONST_ECC_CURVE,   /* Part 2 §6.4 TPM_ECC_CURVE */
	MTPM_CONST_ST,          /* Part 2 §6.9 TPM_ST */
	MTPM_CONST_SU,          /* Part 2 §6.10 TPM_SU */
	MTPM_CONST_SE,          /* Part 2 §6.11 TPM_SE */
	MTPM_CONST_CAP,         /* Part 2 §6.12 TPM_CAP */
	MTPM_CONST_PERMANENT    /* Part 2 §7.4 TPM_RH: the permanent handles tpm.h defines */
};

/* The name Part 2 gives constant v of kind k ("TPM_ALG_SHA256" for
 * MTPM_CONST_ALG, 0x000B), or NULL. */
const char *mtpm_const_name(enum mtpm_const_kind k, uint32_t v);

/* Which attribute set a bit belongs to. */
enum mtpm_attr_kind {
	MTPM_ATTR_OBJECT,       /* Part 2 §8.3 TPMA_OBJECT */
	MTPM_ATTR_SESSION,      /* Part 2 §8.4 TPMA_SESSION */
	MTPM_ATTR_NV            /* Part 2 §13.4 TPMA_NV */
};

/* The Part 2 name of attribute bit (a value with one bit set) of kind k:
 * the field name ("fixedTPM", "continueSession"; TPMA_NV without its
 * TPMA_NV_ prefix, "OWNERREAD"), or NULL for a reserved bit, a bit of a
 * multi-bit field (TPMA_NV's TPM_NT) or a value that is not one bit. */
const char *mtpm_attr_name(enum mtpm_attr_kind k, uint32_t bit);

#endif
