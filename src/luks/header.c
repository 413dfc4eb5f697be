/*
 * src/luks/header.c - the LUKS2 binary header and JSON area (LUKS2 §2),
 * both copies, read through the caller's callback.
 *
 * Layout (LUKS2 §2.1 Figure 2, big-endian, 4096 bytes; only 512 used):
 *   0 magic[6]  6 version u16  8 hdr_size u64  16 seqid u64  24 label[48]
 *   72 checksum_alg[32]  104 salt[64]  168 uuid[40]  208 subsystem[48]
 *   256 hdr_offset u64  264 padding[184]  448 csum[64]  512 padding[3584]
 * then the JSON area, hdr_size - 4096 bytes (LUKS2 §2.2): a NUL-terminated
 * JSON text, the rest zeros. The secondary copy starts at the primary's
 * hdr_size, one of the nine offsets of LUKS2 §2.1 Table 1.
 *
 * A copy is read 512 bytes at a time: the first block is checked
 * (peek), the checksum field zeroed and every block hashed (SHA-256 via
 * the crypto table) while the JSON area is copied into the caller's
 * buffer as far as it fits and checked for its NUL and zero tail. So a
 * 4 MiB area costs 512 bytes of stack, and the text handed back is the
 * very bytes that were hashed (no second read to race with).
 *
 * Choosing (LUKS2 §4.5, as cryptsetup's LUKS2_disk_hdr_read): the
 * primary; the secondary at the primary's hdr_size when the primary is
 * valid, taken only when its seqid is higher (then verified; if it fails,
 * the primary is verified again, since the buffer now holds the
 * secondary's text); when the primary is not valid, the first offset of
 * Table 1 holding a valid secondary. A copy whose JSON text is larger
 * than the buffer counts as valid when choosing (it is a well-formed
 * copy) and then fails with MTPM_E_SPACE: a smaller, older copy is never
 * used instead of a newer one.
 *
 * Not checked, like cryptsetup: the zero padding fields and the unused
 * 32 bytes of csum (covered by the checksum, never read).
 */
#include <string.h>

#include "mtpm/tpm.h"
#include "luks_int.h"

#define BIN   4096u     /* binary header, LUKS2 §2.1 */
#define BLK   512u

/* LUKS2 §2.1 Table 1: hdr_size, and the offsets of a secondary copy */
static const uint32_t sizes[] = { 0x4000, 0x8000, 0x10000, 0x20000, 0x40000,
				  0x80000, 0x100000, 0x200000, 0x400000 };

typedef struct {
	const mtpm_crypto *cr;
	mtpm_luks2_read_fn rd;
	void *io;
	char *json;
	size_t cap;
	mtpm_rc rrc;            /* the callback's code of the last failed read */
} rctx;

static uint64_t be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* Read and check the first block of the copy at off (LUKS2 §2.1). */
static unsigned peek(rctx *c, uint64_t off, int second, uint8_t *blk, mtpm_luks2_hdr *h)
{
	uint64_t hs = 0;
	unsigned k;

	if ((c->rrc = c->rd(c->io, off, blk, BLK)) != MTPM_OK)
		return MTPM_LUKS_W_READ;
	if (memcmp(blk, second ? "SKUL\xba\xbe" : "LUKS\xba\xbe", 6))
		return MTPM_LUKS_W_MAGIC;
	if (be(blk + 6, 2) != 2)
		return MTPM_LUKS_W_VERSION;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		if (be(blk + 8, 8) == sizes[k])
			hs = sizes[k];
	if (!hs)
		return MTPM_LUKS_W_HDR_SIZE;
	/* where it was found, and for the secondary: the size before it */
	if (be(blk + 256, 8) != off || (second && off != hs))
		return MTPM_LUKS_W_OFFSET;
	if (!memchr(blk + 24, 0, 48) || !memchr(blk + 72, 0, 32) ||
	    !memchr(blk + 168, 0, 40) || !memchr(blk + 208, 0, 48))
		return MTPM_LUKS_W_STRINGS;
	if (strcmp((const char *)blk + 72, "sha256"))
		return MTPM_LUKS_W_CSUM_ALG;
	h->hdr_size = hs;
	h->seqid = be(blk + 16, 8);
	h->hdr_offset = off;
	memcpy(h->label, blk + 24, 48);
	memcpy(h->uuid, blk + 168, 40);
	memcpy(h->subsystem, blk + 208, 48);
	return MTPM_LUKS_W_OK;
}

/* The whole copy at off: checksum and JSON area (LUKS2 §2.1, §2.2). */
static unsigned verify(rctx *c, uint64_t off, int second, mtpm_luks2_hdr *h)
{
	uint8_t blk[BLK], want[32], got[32];
	mtpm_hash_ctx hc;
	uint64_t pos;
	size_t a = 0, tlen = 0;
	unsigned why, k, ended = 0, over = 0, tail = 0, first = 0;

	if ((why = peek(c, off, second, blk, h)))
		return why;
	memcpy(want, blk + 448, 32);
	memset(blk + 448, 0, 64);
	if ((c->rrc = c->cr->hash_init(&hc, MTPM_ALG_SHA256)) != MTPM_OK)
		return MTPM_LUKS_W_READ;
	c->cr->hash_update(&hc, blk, BLK);
	for (pos = BLK; pos < h->hdr_size; pos += BLK) {
		if ((c->rrc = c->rd(c->io, off + pos, blk, BLK)) != MTPM_OK) {
			c->cr->hash_final(&hc, got);
			return MTPM_LUKS_W_READ;
		}
		c->cr->hash_update(&hc, blk, BLK);
		if (pos < BIN)
			continue;
		for (k = 0; k < BLK; k++, a++) {
			if (a == 0)
				first = blk[k];
			if (ended) {
				tail |= blk[k];
			} else if (!blk[k]) {
				ended = 1;
				tlen = a;
			} else if (a + 1 < c->cap) {
				c->json[a] = (char)blk[k];
			} else {
				over = 1;
			}
		}
	}
	c->cr->hash_final(&hc, got);
	if (!mtpm_ct_equal(got, want, sizeof(got)))
		return MTPM_LUKS_W_CHECKSUM;
	if (!ended)
		return MTPM_LUKS_W_JSON_NUL;
	if (tail)
		return MTPM_LUKS_W_JSON_TAIL;
	if (first != '{')
		return MTPM_LUKS_W_JSON_START;
	if (over)
		return MTPM_LUKS_W_JSON_SPACE;
	c->json[tlen] = 0;
	h->json_len = tlen;
	return MTPM_LUKS_W_OK;
}

static int usable(unsigned why)
{
	return why == MTPM_LUKS_W_OK || why == MTPM_LUKS_W_JSON_SPACE;
}

mtpm_rc mtpm_luks2_read(const mtpm_crypto *cr, mtpm_luks2_read_fn rd, void *io,
			char *json, size_t cap, mtpm_luks2_hdr *h,
			mtpm_luks_diag *d)
{
	rctx c = { cr, rd, io, json, cap, MTPM_OK };
	mtpm_luks2_hdr p, s;
	uint8_t blk[BLK];
	unsigned wp, ws = MTPM_LUKS_W_MAGIC, w, k, use_s = 0;
	mtpm_rc rc, rrc0;
	mtpm_luks_diag dd;

	if (!d)
		d = &dd;
	memset(d, 0, sizeof(*d));
	if (h)
		memset(h, 0, sizeof(*h));
	if (!cr || !rd || !json || cap < 2 || !h)
		return MTPM_E_USAGE;
	memset(&p, 0, sizeof(p));
	memset(&s, 0, sizeof(s));
	wp = verify(&c, 0, 0, &p);
	rrc0 = c.rrc;
	if (usable(wp)) {
		ws = peek(&c, p.hdr_size, 1, blk, &s);
		if (!ws && s.seqid > p.seqid) {
			ws = verify(&c, p.hdr_size, 1, &s);
			if (usable(ws)) {
				use_s = 1;
			} else {
				memset(json, 0, cap);
				wp = verify(&c, 0, 0, &p);
			}
		}
	} else {
		/* the primary cannot say where the secondary is: probe */
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]) && !use_s; k++) {
			w = verify(&c, sizes[k], 1, &s);
			if (usable(w))
				use_s = 1;
			if (w != MTPM_LUKS_W_MAGIC && w != MTPM_LUKS_W_READ)
				ws = w;          /* keep the most telling reason */
		}
		if (use_s)
			ws = w;
	}
	d->why = (uint8_t)wp;
	d->why2 = (uint8_t)ws;
	w = use_s ? ws : wp;
	if (use_s || usable(wp)) {
		*h = use_s ? s : p;
		rc = w == MTPM_LUKS_W_OK ? MTPM_OK : MTPM_E_SPACE;
	} else if (wp == MTPM_LUKS_W_READ && (ws == MTPM_LUKS_W_READ || ws == MTPM_LUKS_W_MAGIC) &&
		   rrc0 != MTPM_OK) {
		rc = rrc0;              /* not even the primary could be read */
	} else if (wp == MTPM_LUKS_W_CSUM_ALG || ws == MTPM_LUKS_W_CSUM_ALG) {
		rc = MTPM_E_UNSUPPORTED;
	} else {
		rc = MTPM_E_MALFORMED;
	}
	if (rc) {
		memset(h, 0, sizeof(*h));
		memset(json, 0, cap);
	}
	return rc;
}
