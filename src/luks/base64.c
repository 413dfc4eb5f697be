/*
 * src/luks/base64.c - strict base64 and base64url decoding (RFC 4648 §4,
 * §5), streaming, in constant space.
 *
 * One decoder for every base64 mtpm reads from a LUKS2 header or a JWE:
 * systemd writes padded base64 (tpm2-blob, tpm2_pubkey, ...), JOSE writes
 * unpadded base64url (RFC 7515 §2). It is written so the PEM reader in
 * src/seal/keyfile.c can adopt it (MTPM_B64_WS | MTPM_B64_PAD).
 *
 * Strictness (luks.h, mtpm_b64_decode): only the alphabet, padding only
 * to complete the last group, no 1-character group, the unused low bits
 * of the last character zero (RFC 4648 §3.5 lets a decoder refuse them;
 * we do, so an encoding is canonical and a fuzzer's round trip is exact).
 *
 * The value of a character is computed with masks, not a table or
 * branches, and every error is folded into one flag checked at the end:
 * a JWK's key passes through here. Padding and whitespace are branched on
 * (their positions are not secret).
 */
#include <string.h>

#include "luks_int.h"

/* all ones when lo <= c <= hi, for c, lo, hi < 2^31 */
static uint32_t in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
	return ((((c - lo) | (hi - c)) >> 31) & 1u) - 1u;
}

void mtpm_b64_init(mtpm_b64 *b, unsigned flags, uint8_t *out, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->flags = flags;
	b->out = out;
	b->cap = out ? cap : 0;
}

void mtpm_b64_push(mtpm_b64 *b, unsigned c)
{
	uint32_t ch = c & 0xFF, up, lo, dg, p62, p63, v;
	unsigned url = b->flags & MTPM_B64_URL;

	if ((b->flags & MTPM_B64_WS) && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'))
		return;
	if (ch == '=') {
		b->pad++;
		b->bad |= url;   /* base64url is unpadded in JOSE */
		return;
	}
	b->bad |= b->pad;        /* data after padding */
	up = in_range(ch, 'A', 'Z');
	lo = in_range(ch, 'a', 'z');
	dg = in_range(ch, '0', '9');
	p62 = in_range(ch, url ? '-' : '+', url ? '-' : '+');
	p63 = in_range(ch, url ? '_' : '/', url ? '_' : '/');
	v = (up & (ch - 'A')) | (lo & (ch - 'a' + 26)) | (dg & (ch - '0' + 52)) |
	    (p62 & 62) | (p63 & 63);
	b->bad |= ~(up | lo | dg | p62 | p63) & 1u;
	b->acc = (b->acc << 6) | (v & 63);
	b->bits += 6;
	b->n++;
	if (b->bits >= 8) {
		b->bits -= 8;
		if (b->o < b->cap)
			b->out[b->o] = (uint8_t)(b->acc >> b->bits);
		b->o++;
		b->acc &= (1u << b->bits) - 1;
	}
}

mtpm_rc mtpm_b64_end(mtpm_b64 *b, size_t *len)
{
	unsigned rem = b->n & 3;
	mtpm_rc rc = MTPM_OK;

	/* a 1-character group; leftover bits; padding that does not
	 * complete a 2- or 3-character group exactly ("Zm9v====" has no
	 * group to complete); missing padding when required */
	if (rem == 1 || b->acc != 0 || (b->pad && (rem == 0 || rem + b->pad != 4)) ||
	    ((b->flags & MTPM_B64_PAD) && rem && !b->pad) || b->bad)
		rc = MTPM_E_MALFORMED;
	else if (b->out && b->o > b->cap)
		rc = MTPM_E_SPACE;
	*len = rc ? 0 : b->o;
	if (rc && b->out)
		memset(b->out, 0, b->cap);
	mtpm_wipe(b, sizeof(*b));
	return rc;
}

mtpm_rc mtpm_b64_decode(unsigned flags, const char *in, size_t n, uint8_t *out,
			size_t cap, size_t *len)
{
	mtpm_b64 b;
	size_t i;

	mtpm_b64_init(&b, flags, out, cap);
	for (i = 0; i < n; i++)
		mtpm_b64_push(&b, (uint8_t)in[i]);
	return mtpm_b64_end(&b, len);
}
