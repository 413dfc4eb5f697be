/*
 * pinfile.c - pinned-parent files: the parent Names a user trusts.
 *
 * Key files in the kernel's DER form, raw tpm2_create files and the LUKS2
 * tokens of systemd and clevis record no parent Name. Without one, unseal
 * would have to believe the parent the TPM presents, and an active bus
 * interposer could present its own (threat-model/ T-PARENT-1). A
 * pinned-parent file records the Names once, at enrolment, on a system
 * the user trusts (trust on first use), and the initramfs carries it:
 *
 *     # comment
 *     ecc 000b<64 hex digits>
 *     0x81000001 000b<64 hex digits>
 *
 * The parser is strict: every line is blank, a comment, or KEY NAME with
 * KEY a lower-case [a-z0-9-] word or 0x and eight hex digits, and NAME a
 * well-formed Name (nameAlg || digest of that algorithm, Part 1 §16). A
 * key given twice is refused rather than resolved either way. The text is
 * attacker-editable only as far as the file system allows; it is the
 * trust anchor, so it lives where root alone can write (docs).
 */
#include <string.h>
#include "mtpm/seal.h"

#define PIN_KEY_MAX 32

/* The freestanding core uses nothing of libc but the mem* four. */
static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static const uint8_t *skip_blanks(const uint8_t *p, const uint8_t *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static int is_key_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* One line [p, e) without its newline: MTPM_OK with *klen = 0 for a blank
 * or comment line; else the key and the decoded Name. */
static mtpm_rc parse_line(const uint8_t *p, const uint8_t *e, const uint8_t **key,
			  size_t *klen, mtpm_TPM2B_NAME *name)
{
	const uint8_t *h;
	size_t hlen, len;

	*klen = 0;
	if (e > p && e[-1] == '\r')
		e--;
	p = skip_blanks(p, e);
	if (p == e || *p == '#')
		return MTPM_OK;
	*key = p;
	while (p < e && is_key_char(*p) && *klen < PIN_KEY_MAX) {
		p++;
		(*klen)++;
	}
	if (*klen == 0 || p == e || (*p != ' ' && *p != '\t'))
		return MTPM_E_MALFORMED;
	h = p = skip_blanks(p, e);
	while (p < e && mtpm_hex_digit(*p) >= 0)
		p++;
	hlen = (size_t)(p - h);               /* hex digits end at the first blank */
	if (skip_blanks(p, e) != e)           /* nothing but blanks after them */
		return MTPM_E_MALFORMED;
	memset(name, 0, sizeof(*name));
	if (hlen < 4 || mtpm_hex_decode(h, hlen, name->buffer, sizeof(name->buffer),
					&len) != MTPM_OK)
		return MTPM_E_MALFORMED;
	name->size = (uint16_t)len;
	if (!mtpm_name_well_formed(name)) {
		memset(name, 0, sizeof(*name));
		return MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_pinfile_find(const char *text, size_t n, const char *key,
			  mtpm_TPM2B_NAME *name)
{
	const uint8_t *p = (const uint8_t *)text, *end = p + n, *e, *k;
	mtpm_TPM2B_NAME one;
	size_t want = str_len(key), klen;
	int found = 0;
	mtpm_rc rc = MTPM_OK;

	memset(name, 0, sizeof(*name));
	if (want == 0 || want > PIN_KEY_MAX)
		return MTPM_E_USAGE;
	while (p < end && rc == MTPM_OK) {
		for (e = p; e < end && *e != '\n'; e++)   /* the line; no NUL in it */
			if (*e == '\0')
				rc = MTPM_E_MALFORMED;
		if (rc == MTPM_OK)
			rc = parse_line(p, e, &k, &klen, &one);
		if (rc == MTPM_OK && klen == want && mtpm_ct_equal(k, key, want)) {
			if (found)
				rc = MTPM_E_MALFORMED;   /* the same key twice */
			*name = one;
			found = 1;
		}
		p = e < end ? e + 1 : end;
	}
	if (rc == MTPM_OK && !found)
		rc = MTPM_E_POLICY;
	if (rc != MTPM_OK)
		memset(name, 0, sizeof(*name));
	return rc;
}

void mtpm_pinfile_key(uint32_t parent, int rsa, char buf[11])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	if (parent == MTPM_RH_OWNER) {
		memcpy(buf, rsa ? "rsa" : "ecc", 4);
		return;
	}
	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 8; i++)
		buf[2 + i] = hex[(parent >> (28 - 4 * i)) & 0xF];
	buf[10] = '\0';
}
