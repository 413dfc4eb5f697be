/*
 * fuzz/fuzz_luks2_header.c - the LUKS2 header reader, mtpm_luks2_read
 * (src/luks/header.c), over an image in memory.
 *
 * Input, byte 0 = mode:
 *   bit 7 clear: bytes 1.. are the image as it is (the seeds: the
 *     first 32 KiB of volumes cryptsetup made, damaged copies);
 *   bit 7 set: a synthesized pair (the fuzzer cannot forge SHA-256, so
 *     this is how it reaches the JSON area rules and the copy choice):
 *     byte 1 damage flags, byte 2/3 the primary's/secondary's seqid,
 *     byte 4 bits 0-1 hdr_size 16/32/64/16 KiB, bytes 5.. the JSON area's
 *     first bytes; both copies are checksummed, then damaged.
 *   bit 0: a 256-byte JSON buffer instead of 64 KiB (MTPM_E_SPACE).
 *
 * Oracle: an independent check of each copy written here (LUKS2 §2.1,
 * §2.2 with BearSSL's br_sha256) and the choice rule (§4.5, as
 * cryptsetup): the reader must succeed exactly when that picks a copy
 * whose text fits, return that copy's fields and text, and otherwise
 * leave header and buffer all zero. On success the JSON goes on through
 * mtpm_luks2_list_tokens and mtpm_luks_token_parse (zero on failure).
 */
#include <bearssl.h>
#include "luks_fuzz.h"

#define BIG (2 * 0x10000)

typedef struct {
	const uint8_t *p;
	size_t n;
} image;

static mtpm_rc rd(void *io, uint64_t off, uint8_t *buf, size_t len)
{
	const image *m = io;

	if (off > m->n || len > m->n - off)
		return MTPM_E_MALFORMED;
	memcpy(buf, m->p + off, len);
	return MTPM_OK;
}

static uint64_t be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void sum(const uint8_t *p, uint64_t hs, uint8_t out[32])
{
	static const uint8_t zero[64];
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, p, 448);
	br_sha256_update(&c, zero, 64);
	br_sha256_update(&c, p + 512, (size_t)hs - 512);
	br_sha256_out(&c, out);
}

/* The copy at off, checked here from the spec: its hdr_size, seqid and
 * text length, or 0. */
static int copy_ok(const image *m, uint64_t off, int second, uint64_t *hs, uint64_t *seq,
		   size_t *tlen)
{
	const uint8_t *b = m->p + off, *a, *z;
	uint8_t s[32];
	uint64_t h;

	if (off + 512 > m->n || memcmp(b, second ? "SKUL\xba\xbe" : "LUKS\xba\xbe", 6) ||
	    be(b + 6, 2) != 2)
		return 0;
	h = be(b + 8, 8);
	if (h < 0x4000 || h > 0x400000 || (h & (h - 1)) || be(b + 256, 8) != off ||
	    (second && off != h) || off + h > m->n)
		return 0;
	if (!memchr(b + 24, 0, 48) || !memchr(b + 72, 0, 32) || !memchr(b + 168, 0, 40) ||
	    !memchr(b + 208, 0, 48) || strcmp((const char *)b + 72, "sha256"))
		return 0;
	sum(b, h, s);
	if (memcmp(s, b + 448, 32))
		return 0;
	a = b + 4096;
	z = memchr(a, 0, (size_t)h - 4096);
	if (!z || a[0] != '{' || !fuzz_is_zero(z, (size_t)(b + h - z)))
		return 0;
	*hs = h;
	*seq = be(b + 16, 8);
	*tlen = (size_t)(z - a);
	return 1;
}

static void follow(const char *js, size_t n)
{
	static mtpm_json_tok t[MTPM_JSON_TOKENS];
	static mtpm_luks2_tokens l;
	static mtpm_luks_token tok;
	unsigned i;

	if (mtpm_luks2_list_tokens(js, n, t, MTPM_JSON_TOKENS, &l, NULL) != MTPM_OK) {
		FUZZ_CHECK(fuzz_is_zero(&l, sizeof(l)));
		return;
	}
	for (i = 0; i < MTPM_LUKS2_TOKENS_MAX; i++) {
		if (!(l.present >> i & 1))
			continue;
		FUZZ_CHECK(l.tok[i].off + l.tok[i].len <= n);
		if (mtpm_luks_token_parse(js + l.tok[i].off, l.tok[i].len, t, MTPM_JSON_TOKENS,
					  &tok, NULL) != MTPM_OK)
			FUZZ_CHECK(fuzz_is_zero(&tok, sizeof(tok)));
	}
}

static size_t synth(const uint8_t *d, size_t n, uint8_t *im)
{
	static const uint32_t sizes[4] = { 0x4000, 0x8000, 0x10000, 0x4000 };
	uint8_t f = n > 1 ? d[1] : 0;
	uint64_t hs = sizes[n > 4 ? d[4] & 3 : 0];
	size_t c, jn = n > 5 ? n - 5 : 0;

	if (jn > hs - 4096)
		jn = (size_t)hs - 4096;
	memset(im, 0, 2 * hs);
	for (c = 0; c < 2; c++) {
		uint8_t *b = im + c * hs;
		int i;

		memcpy(b, c ? "SKUL\xba\xbe" : "LUKS\xba\xbe", 6);
		b[7] = 2;
		for (i = 0; i < 8; i++) {
			b[8 + i] = (uint8_t)(hs >> (56 - 8 * i));
			b[256 + i] = (uint8_t)((c * hs) >> (56 - 8 * i));
		}
		b[23] = n > 2 + c ? d[2 + c] : 0;
		memcpy(b + 72, "sha256", 6);
		if (jn)
			memcpy(b + 4096, d + 5, jn);
		sum(b, hs, b + 448);
	}
	if (f & 1) im[0] ^= 1;                       /* magic */
	if (f & 2) im[hs] ^= 1;
	if (f & 4) im[4096 + (f >> 4)] ^= 1;          /* checksum */
	if (f & 8) im[hs + 4096 + (f >> 4)] ^= 1;
	return 2 * hs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t im[BIG];
	static char json[1 << 16];
	static const uint32_t table[] = { 0x4000, 0x8000, 0x10000, 0x20000, 0x40000,
					  0x80000, 0x100000, 0x200000, 0x400000 };
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	image m;
	uint64_t phs = 0, pseq = 0, shs = 0, sseq = 0, want = 0;
	size_t cap, ptl = 0, stl = 0, wtl = 0;
	int pick = 0, k;
	mtpm_rc rc;

	if (size < 1)
		return 0;
	if (data[0] & 0x80) {
		m.n = synth(data, size, im);
		m.p = im;
	} else {
		m.p = data + 1;
		m.n = size - 1;
	}
	cap = data[0] & 1 ? 256 : sizeof(json);

	/* the expected choice */
	if (copy_ok(&m, 0, 0, &phs, &pseq, &ptl)) {
		pick = 1;
		wtl = ptl;
		if (copy_ok(&m, phs, 1, &shs, &sseq, &stl) && sseq > pseq) {
			want = phs;
			wtl = stl;
		}
	} else {
		for (k = 0; k < 9 && !pick; k++) {
			if (copy_ok(&m, table[k], 1, &shs, &sseq, &stl)) {
				pick = 1;
				want = table[k];
				wtl = stl;
			}
		}
	}

	memset(json, FUZZ_POISON, sizeof(json));
	memset(&h, FUZZ_POISON, sizeof(h));
	rc = mtpm_luks2_read(mtpm_crypto_bearssl(), rd, &m, json, cap, &h, &d);
	if (!pick || wtl + 1 > cap) {
		FUZZ_CHECK(rc != MTPM_OK);
		FUZZ_CHECK(!pick || rc == MTPM_E_SPACE);
		FUZZ_CHECK(fuzz_is_zero(&h, sizeof(h)) && fuzz_is_zero(json, cap));
		return 0;
	}
	FUZZ_CHECK(rc == MTPM_OK);
	FUZZ_CHECK(h.hdr_offset == want);
	FUZZ_CHECK(h.hdr_size == be(m.p + want + 8, 8));
	FUZZ_CHECK(h.seqid == be(m.p + want + 16, 8));
	FUZZ_CHECK(h.json_len == wtl && json[wtl] == 0);
	FUZZ_CHECK(memcmp(json, m.p + want + 4096, wtl) == 0);
	FUZZ_CHECK(memcmp(h.label, m.p + want + 24, 48) == 0);
	FUZZ_CHECK(memcmp(h.uuid, m.p + want + 168, 40) == 0);
	follow(json, h.json_len);
	return 0;
}
