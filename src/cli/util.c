/*
 * util.c - argument parsers shared by the subcommands. They take strings
 * from argv, so every one is bounded and strict; fuzz/ has a harness for
 * the PCR selection parser.
 */
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
		int d = mtpm_hex_digit((unsigned char)*s);

		if (d < 0 || d >= base)
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

/*
 * PCR selections, in the union of tpm2-tools' and systemd's syntax:
 *
 *   selection := item ("+" item)*
 *   item      := BANK ":" list      a bank (sha1, sha256, sha384, sha512)
 *              | list               only first: the sha256 bank
 *   list      := "all" | range ("," range)*
 *   range     := PCR | PCR "-" PCR  PCR 0-23, decimal; a range low to high
 *
 * "+" separates banks in tpm2-tools ("sha1:0+sha256:7") and PCR numbers
 * in systemd ("0+7"). The rule that joins them: a "+" followed by a bank
 * name starts a new bank, a "+" followed by a digit adds to the current
 * one. So "7", "0,7", "0+7", "0-7", "sha256:0-3,7" and "sha1:0+7+sha256:7"
 * all parse; a bank named twice, an empty list, an empty item, a PCR over
 * 23, a reversed range and anything else are MTPM_E_USAGE with out zeroed.
 */

/* A PCR number at s[*i]: one to two decimal digits, 0-23. Longer runs of
 * digits are refused before they could overflow anything. */
static int parse_pcr(const char *s, size_t n, size_t *i, unsigned *v)
{
	unsigned digits = 0;

	*v = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
		if (++digits > 2)
			return -1;
		*v = *v * 10 + (unsigned)(s[*i] - '0');
		(*i)++;
	}
	return digits == 0 || *v > 23 ? -1 : 0;
}

/* A list ("all" or ranges) from s[*i] up to the next "+" or the end,
 * added to sel. */
static mtpm_rc parse_list(const char *s, size_t n, size_t *i,
			  mtpm_TPMS_PCR_SELECTION *sel)
{
	if (n - *i >= 3 && memcmp(s + *i, "all", 3) == 0 &&
	    (*i + 3 == n || s[*i + 3] == '+')) {
		sel->pcrSelect[0] = sel->pcrSelect[1] = sel->pcrSelect[2] = 0xFF;
		*i += 3;
		return MTPM_OK;
	}
	for (;;) {
		unsigned lo, hi, p;

		if (parse_pcr(s, n, i, &lo) != 0)
			return MTPM_E_USAGE;
		hi = lo;
		if (*i < n && s[*i] == '-') {
			(*i)++;
			if (parse_pcr(s, n, i, &hi) != 0 || hi < lo)
				return MTPM_E_USAGE;
		}
		for (p = lo; p <= hi; p++)
			sel->pcrSelect[p / 8] |= (uint8_t)(1u << (p % 8));
		if (*i == n || s[*i] == '+')
			return MTPM_OK;
		if (s[*i] != ',')
			return MTPM_E_USAGE;
		(*i)++;
	}
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static mtpm_rc parse_selection(const char *s, size_t n, mtpm_TPML_PCR_SELECTION *out)
{
	mtpm_TPMS_PCR_SELECTION *cur = NULL;
	size_t i = 0;
	unsigned b;

	for (;;) {
		if (i == n)
			return MTPM_E_USAGE;     /* empty item: "", "+", "0+" */
		if (!is_digit(s[i]) || !cur) {
			/* A new bank: named, or sha256 for a bare first list. */
			char name[16];
			size_t nl = 0;
			uint16_t hash = MTPM_ALG_SHA256;

			if (!is_digit(s[i])) {
				while (i + nl < n && s[i + nl] != ':' && s[i + nl] != '+' &&
				       nl < sizeof(name) - 1) {
					name[nl] = s[i + nl];
					nl++;
				}
				if (i + nl == n || s[i + nl] != ':')
					return MTPM_E_USAGE;
				name[nl] = '\0';
				hash = cli_hash_alg(name);
				if (!hash)
					return MTPM_E_USAGE;
				i += nl + 1;
			}
			if (out->count >= MTPM_MAX_BANKS)
				return MTPM_E_USAGE;
			for (b = 0; b < out->count; b++)   /* one entry per bank */
				if (out->pcrSelections[b].hash == hash)
					return MTPM_E_USAGE;
			cur = &out->pcrSelections[out->count++];
			cur->hash = hash;
			cur->sizeofSelect = 3;
		}
		if (parse_list(s, n, &i, cur) != MTPM_OK)
			return MTPM_E_USAGE;
		if (i == n)
			return MTPM_OK;
		i++;                              /* the "+" */
	}
}

mtpm_rc cli_parse_pcr_selection(const char *s, mtpm_TPML_PCR_SELECTION *out)
{
	size_t len;
	mtpm_rc rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return MTPM_E_USAGE;
	len = strlen(s);
	if (len == 0 || len > 512)
		return MTPM_E_USAGE;
	rc = parse_selection(s, len, out);
	if (rc != MTPM_OK)
		memset(out, 0, sizeof(*out));
	return rc;
}

long cli_hex_decode(const char *hex, uint8_t *out, size_t cap)
{
	size_t len;

	if (mtpm_hex_decode((const uint8_t *)hex, strlen(hex), out, cap, &len) != MTPM_OK)
		return -1;
	return (long)len;
}

void cli_hex_print(FILE *f, const uint8_t *b, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, upper ? "%02X" : "%02x", b[i]);
}

/* The DER a PEM key file decodes to lives here while it is parsed; the
 * library wipes it before returning (include/mtpm/keyfile.h). One
 * process parses one key file at a time. */
mtpm_rc cli_keyfile_parse(const uint8_t *in, size_t n, mtpm_keyfile *kf)
{
	static uint8_t der[MTPM_KEYFILE_MAX_DER];

	return mtpm_keyfile_read(in, n, kf, der, sizeof(der));
}
