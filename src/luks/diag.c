/*
 * src/luks/diag.c - why a LUKS2 header, token, JWE or JWK was refused:
 * the one table of phrases and the one mapping to mtpm_rc (luks.h,
 * MTPM_LUKS_W_*). The phrases name the check, never a value read.
 */
#include <string.h>

#include "luks_int.h"

/* the phrases in MTPM_LUKS_W_* order, each ended by its NUL (one string,
 * no pointer table) */
static const char why_str[] =
	"ok\0"                                      /* OK */
	"cannot be read\0"                          /* READ */
	"no LUKS2 magic\0"                          /* MAGIC */
	"not version 2\0"                           /* VERSION */
	"hdr_size not a LUKS2 size\0"               /* HDR_SIZE */
	"hdr_offset is not its position\0"          /* OFFSET */
	"unterminated string field\0"               /* STRINGS */
	"checksum algorithm not sha256\0"           /* CSUM_ALG */
	"checksum mismatch\0"                       /* CHECKSUM */
	"JSON area does not start with {\0"         /* JSON_START */
	"JSON area not NUL-terminated\0"            /* JSON_NUL */
	"JSON area not zero after the NUL\0"        /* JSON_TAIL */
	"JSON text larger than the buffer\0"        /* JSON_SPACE */
	"not JSON\0"                                /* SYNTAX */
	"JSON nested too deep\0"                    /* DEPTH */
	"too many JSON tokens\0"                    /* TOKENS */
	"duplicate key\0"                           /* DUP */
	"missing\0"                                 /* MISSING */
	"wrong JSON type\0"                         /* TYPE */
	"bad JSON string\0"                         /* STRING */
	"value out of range\0"                      /* VALUE */
	"value too long\0"                          /* SIZE */
	"not base64\0"                              /* BASE64 */
	"not hex\0"                                 /* HEX */
	"unsupported token type\0"                  /* TOKEN_TYPE */
	"pcrlock policy unsupported\0"              /* PCRLOCK */
	"several blobs or policies unsupported\0"   /* MULTI */
	"not a compact or flattened JWE\0"          /* JWE_FORM */
	"JWE alg not dir\0"                         /* JWE_ALG */
	"JWE enc not A256GCM\0"                     /* JWE_ENC */
	"JWE crit or zip unsupported\0"             /* JWE_CRIT */
	"unsupported pin\0"                         /* PIN */
	"JWE iv not 96 bits\0"                      /* JWE_IV */
	"JWE tag not 128 bits\0"                    /* JWE_TAG */
	"not a 256-bit oct JWK\0"                   /* JWK */;

const char *mtpm_luks_why_str(unsigned why)
{
	const char *p = why_str;

	if (why >= MTPM_LUKS_W_COUNT)
		return "?";
	while (why--)
		p += strlen(p) + 1;
	return p;
}

mtpm_rc mtpm_luks_fail(mtpm_luks_diag *d, unsigned why, const char *field, uint32_t at)
{
	if (d) {
		d->why = (uint8_t)why;
		d->field = field;
		d->at = at;
	}
	switch (why) {
	case MTPM_LUKS_W_JSON_SPACE:
	case MTPM_LUKS_W_TOKENS:
	case MTPM_LUKS_W_SIZE:
		return MTPM_E_SPACE;
	case MTPM_LUKS_W_CSUM_ALG:
	case MTPM_LUKS_W_TOKEN_TYPE:
	case MTPM_LUKS_W_PCRLOCK:
	case MTPM_LUKS_W_MULTI:
	case MTPM_LUKS_W_JWE_ALG:
	case MTPM_LUKS_W_JWE_ENC:
	case MTPM_LUKS_W_JWE_CRIT:
	case MTPM_LUKS_W_PIN:
		return MTPM_E_UNSUPPORTED;
	default:
		return MTPM_E_MALFORMED;
	}
}
