/*
 * util.c - argument parsers shared by the subcommands. They take strings
 * from argv, so every one is bounded and strict; fuzz/ has a harness for
 * the PCR selection parser.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cli_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	int base = 10, digits = 0;

	*out = 0;
	if (!s || !*s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (tolower((unsigned char)*s) - 'a') + 10;
		else
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
		if (v > 0xFFFFFFFFu)
			return -1;
	}
	if (digits == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

uint16_t cli_hash_alg(const char *name)
{
	if (strcmp(name, "sha1") == 0)
		return MTPM_ALG_SHA1;
	if (strcmp(name, "sha256") == 0)
		return MTPM_ALG_SHA256;
	if (strcmp(name, "sha384") == 0)
		return MTPM_ALG_SHA384;
	if (strcmp(name, "sha512") == 0)
		return MTPM_ALG_SHA512;
	return 0;
}

const char *cli_hash_name(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1: return "sha1";
	case MTPM_ALG_SHA256: return "sha256";
	case MTPM_ALG_SHA384: return "sha384";
	case MTPM_ALG_SHA512: return "sha512";
	case MTPM_ALG_SM3_256: return "sm3_256";
	default: return NULL;
	}
}

/* One "BANK:LIST" item into sel. LIST is "all" or comma-separated PCR
 * numbers (0-23). */
static mtpm_rc parse_bank(const char *s, size_t n, mtpm_TPMS_PCR_SELECTION *sel)
{
	char name[16];
	const char *colon = memchr(s, ':', n);
	size_t nl, i;

	memset(sel, 0, sizeof(*sel));
	if (!colon || (size_t)(colon - s) >= sizeof(name))
		return MTPM_E_USAGE;
	nl = (size_t)(colon - s);
	memcpy(name, s, nl);
	name[nl] = '\0';
	sel->hash = cli_hash_alg(name);
	if (!sel->hash)
		return MTPM_E_USAGE;
	sel->sizeofSelect = 3;
	s = colon + 1;
	n -= nl + 1;
	if (n == 3 && memcmp(s, "all", 3) == 0) {
		sel->pcrSelect[0] = sel->pcrSelect[1] = sel->pcrSelect[2] = 0xFF;
		return MTPM_OK;
	}
	for (i = 0; i < n;) {
		unsigned v = 0, digits = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
			digits++;
		}
		if (digits == 0 || v > 23)
			return MTPM_E_USAGE;
		sel->pcrSelect[v / 8] |= (uint8_t)(1u << (v % 8));
		if (i < n) {
			if (s[i] != ',' || i + 1 == n)
				return MTPM_E_USAGE;
			i++;
		}
	}
	return n ? MTPM_OK : MTPM_E_USAGE;
}

mtpm_rc cli_parse_pcr_selection(const char *s, mtpm_TPML_PCR_SELECTION *out)
{
	size_t len;
	unsigned i;

	memset(out, 0, sizeof(*out));
	if (!s)
		return MTPM_E_USAGE;
	len = strlen(s);
	if (len == 0 || len > 512)
		return MTPM_E_USAGE;
	while (*s) {
		const char *plus = strchr(s, '+');
		size_t n = plus ? (size_t)(plus - s) : strlen(s);
		mtpm_rc rc;

		if (out->count >= MTPM_MAX_BANKS)
			return MTPM_E_USAGE;
		rc = parse_bank(s, n, &out->pcrSelections[out->count]);
		if (rc != MTPM_OK) {
			memset(out, 0, sizeof(*out));
			return rc;
		}
		/* one entry per bank */
		for (i = 0; i < out->count; i++)
			if (out->pcrSelections[i].hash == out->pcrSelections[out->count].hash) {
				memset(out, 0, sizeof(*out));
				return MTPM_E_USAGE;
			}
		out->count++;
		s += n;
		if (*s == '+') {
			s++;
			if (!*s) {
				memset(out, 0, sizeof(*out));
				return MTPM_E_USAGE;
			}
		}
	}
	return MTPM_OK;
}

static int hexdigit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

long cli_hex_decode(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = hexdigit(hex[i]), lo = hexdigit(hex[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

void cli_hex_print(FILE *f, const uint8_t *b, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, upper ? "%02X" : "%02x", b[i]);
}
