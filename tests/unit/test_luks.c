/*
 * test_luks.c - unit tests for src/luks/: the LUKS2 header reader, the
 * JSON layer, systemd-tpm2 and clevis tokens, JWE/JWK and base64.
 *
 * Golden input: tests/unit/golden/luks/ (README.md there): the first
 * 32 KiB of a volume cryptsetup 2.6.1 formatted (both 16 KiB header
 * copies, checksums by cryptsetup), with a systemd-tpm2 token (sd.json,
 * systemd 252's field set), a clevis token whose JWE jose 11 made with a
 * fixed JWK (jwk.json, jwe.compact, clevis.json) and a luks2-keyring
 * token cryptsetup added. Expectations below come from those files and
 * from OpenSSL (SHA-256 for re-checksummed copies, AES-256-GCM and
 * base64 for hand-made JWEs), never from the code under test.
 *
 * Every bound a parser checks has a negative test here, and every
 * failure is checked to leave its outputs all zero.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "mtpm/luks.h"
#include "mtpm/tpm.h"

#define GOLDEN "tests/unit/golden/luks/"
#define HDR 0x4000

static mtpm_json_tok toks[MTPM_JSON_TOKENS];
static char json[MTPM_LUKS2_JSON_BUF];
static mtpm_luks_token tok;
static mtpm_jwe jwe;

/* --- helpers (test side, independent of src/luks) ------------------------------ */

static size_t slurp(const char *name, void *buf, size_t cap)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), GOLDEN "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	assert_int_equal(fgetc(f), EOF);     /* all of it */
	fclose(f);
	return n;
}

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

typedef struct {
	const uint8_t *p;
	size_t n;
	unsigned reads;
} image;

static mtpm_rc img_read(void *io, uint64_t off, uint8_t *buf, size_t len)
{
	image *m = io;

	m->reads++;
	if (off > m->n || len > m->n - off)
		return MTPM_E_MALFORMED;      /* short: the device ends */
	memcpy(buf, m->p + off, len);
	return MTPM_OK;
}

static uint64_t get_be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Re-checksum the copy at off with OpenSSL (LUKS2 §2.1: SHA-256 over
 * hdr_size bytes, csum field zeroed). */
static void resum(uint8_t *img, size_t off)
{
	uint64_t hs = get_be64(img + off + 8);

	memset(img + off + 448, 0, 64);
	SHA256(img + off, hs, img + off + 448);
}

static uint8_t fx[2 * HDR];     /* the golden header, both copies */
static size_t fx_len;

static void load_fixture(void)
{
	fx_len = slurp("hdr32k.bin", fx, sizeof(fx));
	assert_int_equal(fx_len, 2 * HDR);
}

static mtpm_rc read_img(const uint8_t *p, size_t n, size_t cap, mtpm_luks2_hdr *h,
			mtpm_luks_diag *d)
{
	image m = { p, n, 0 };

	memset(json, 0xA5, sizeof(json));
	memset(h, 0xA5, sizeof(*h));
	return mtpm_luks2_read(mtpm_crypto_bearssl(), img_read, &m, json, cap, h, d);
}

static void assert_failed_clean(const mtpm_luks2_hdr *h, size_t cap)
{
	assert_true(all_zero(h, sizeof(*h)));
	assert_true(all_zero(json, cap));
}

/* base64 / base64url with OpenSSL */
static size_t b64_enc(const uint8_t *in, size_t n, char *out, int url)
{
	int k = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	int i;

	if (url) {
		while (k && out[k - 1] == '=')
			k--;
		for (i = 0; i < k; i++)
			out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	}
	out[k] = 0;
	return (size_t)k;
}

/* A compact JWE of pt under key, with protected header hdr (JSON text),
 * made with OpenSSL AES-256-GCM (RFC 7516 §5.1). */
static void make_jwe(const char *hdr, const uint8_t key[32], const char *pt, char *out)
{
	static const uint8_t iv[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	uint8_t ct[256], tag[16];
	char p64[4096];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n, f;
	size_t o;

	b64_enc((const uint8_t *)hdr, strlen(hdr), p64, 1);
	assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv), 1);
	assert_int_equal(EVP_EncryptUpdate(c, NULL, &n, (const uint8_t *)p64, (int)strlen(p64)), 1);
	assert_int_equal(EVP_EncryptUpdate(c, ct, &n, (const uint8_t *)pt, (int)strlen(pt)), 1);
	assert_int_equal(EVP_EncryptFinal_ex(c, ct + n, &f), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(c);
	o = (size_t)sprintf(out, "%s..", p64);
	o += b64_enc(iv, 12, out + o, 1);
	out[o++] = '.';
	o += b64_enc(ct, (size_t)(n + f), out + o, 1);
	out[o++] = '.';
	b64_enc(tag, 16, out + o, 1);
}

static const uint8_t jwk_key[32] = {
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
};

/* --- LUKS2 header ----------------------------------------------------------------- */

static void test_hdr_golden(void **state)
{
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	char want[8192];
	size_t n;

	(void)state;
	load_fixture();
	assert_int_equal(read_img(fx, fx_len, sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(d.why, MTPM_LUKS_W_OK);
	assert_int_equal(h.hdr_size, HDR);
	assert_int_equal(h.hdr_offset, 0);
	assert_int_equal(h.seqid, get_be64(fx + 16));
	assert_string_equal(h.label, "mtpm-fixture");
	assert_string_equal(h.uuid, "0d9e8b8a-6f1c-4e0b-9a55-3c0ffee1d2a5");
	assert_string_equal(h.subsystem, "");
	/* the text is exactly the area up to its NUL */
	n = strlen((const char *)fx + 4096);
	assert_int_equal(h.json_len, n);
	assert_memory_equal(json, fx + 4096, n + 1);
	/* cryptsetup's own view of the same header (luksDump
	 * --dump-json-metadata, pretty-printed) names the same keyslot area */
	want[slurp("hdr.json", want, sizeof(want) - 1)] = 0;
	assert_non_null(strstr(want, "\"keyslots_size\":\"16744448\""));
	assert_non_null(strstr(json, "\"keyslots_size\":\"16744448\""));
	assert_non_null(strstr(json, "\"json_size\":\"12288\""));
}

static void test_hdr_truncated(void **state)
{
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	static const size_t lens[] = { 0, 100, 511, 512, 4096, HDR - 1 };
	size_t i;

	(void)state;
	load_fixture();
	/* nothing readable: the callback's own error */
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		assert_int_not_equal(read_img(fx, lens[i], sizeof(json), &h, &d), MTPM_OK);
		assert_failed_clean(&h, sizeof(json));
		assert_true(d.why == MTPM_LUKS_W_READ);
	}
	/* the primary complete, the secondary cut: the primary is enough */
	assert_int_equal(read_img(fx, HDR + 100, sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, 0);
	assert_int_equal(d.why2, MTPM_LUKS_W_READ);
	/* the secondary's first block there: only peeked (equal seqid) */
	assert_int_equal(read_img(fx, HDR + 512, sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, 0);
	assert_int_equal(d.why2, MTPM_LUKS_W_OK);
}

static void test_hdr_primary_bad(void **state)
{
	static uint8_t im[2 * HDR];
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	struct {
		size_t at;
		uint8_t x;
		int why;
	} cases[] = {
		{ 0, 0x01, MTPM_LUKS_W_MAGIC },          /* 'L' */
		{ 7, 0x03, MTPM_LUKS_W_VERSION },        /* version 1 */
		{ 4096 + 100, 0x01, MTPM_LUKS_W_CHECKSUM },
		{ 448, 0x80, MTPM_LUKS_W_CHECKSUM },     /* the stored sum itself */
		{ 263, 0x01, MTPM_LUKS_W_OFFSET },       /* hdr_offset 1 */
		{ 14, 0x40, MTPM_LUKS_W_HDR_SIZE },      /* 0x404000 */
		{ 14, 0x60, MTPM_LUKS_W_HDR_SIZE },      /* 0x6000: not a power of two */
	};
	size_t i;

	(void)state;
	load_fixture();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(im, fx, sizeof(im));
		im[cases[i].at] ^= cases[i].x;
		assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
		/* the secondary, found by probing Table 1, on its own merit */
		assert_int_equal(h.hdr_offset, HDR);
		assert_int_equal(d.why, cases[i].why);
		assert_int_equal(d.why2, MTPM_LUKS_W_OK);
		assert_memory_equal(json, im + HDR + 4096, h.json_len + 1);
	}
}

static void test_hdr_both_bad(void **state)
{
	static uint8_t im[2 * HDR];
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;

	(void)state;
	load_fixture();
	memcpy(im, fx, sizeof(im));
	im[4096 + 10] ^= 1;
	im[HDR + 4096 + 10] ^= 1;
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_E_MALFORMED);
	assert_failed_clean(&h, sizeof(json));
	assert_int_equal(d.why, MTPM_LUKS_W_CHECKSUM);
	assert_int_equal(d.why2, MTPM_LUKS_W_CHECKSUM);

	/* secondary magic on the primary, primary magic on the secondary */
	memcpy(im, fx, sizeof(im));
	memcpy(im, "SKUL", 4);
	memcpy(im + HDR, "LUKS", 4);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_E_MALFORMED);
	assert_failed_clean(&h, sizeof(json));
	assert_int_equal(d.why, MTPM_LUKS_W_MAGIC);
}

static void test_hdr_secondary_bad(void **state)
{
	static uint8_t im[2 * HDR];
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;

	(void)state;
	load_fixture();
	/* a corrupt secondary claiming to be newer: the primary wins */
	memcpy(im, fx, sizeof(im));
	put_be64(im + HDR + 16, get_be64(im + 16) + 5);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, 0);
	assert_int_equal(d.why2, MTPM_LUKS_W_CHECKSUM);
	assert_memory_equal(json, fx + 4096, h.json_len + 1);
	/* the secondary's hdr_offset must be where it is */
	memcpy(im, fx, sizeof(im));
	im[4096 + 3] ^= 1;                     /* primary bad */
	put_be64(im + HDR + 256, 0x8000);
	resum(im, HDR);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_E_MALFORMED);
	assert_int_equal(d.why2, MTPM_LUKS_W_OFFSET);
}

static void test_hdr_seqid(void **state)
{
	static uint8_t im[2 * HDR];
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	uint64_t sq = get_be64(fx + 16);

	(void)state;
	load_fixture();
	sq = get_be64(fx + 16);
	/* a valid newer secondary with other text wins */
	memcpy(im, fx, sizeof(im));
	memcpy(im + HDR + 4096, "{\"tokens\":{}}", 14);
	memset(im + HDR + 4096 + 14, 0, HDR - 4096 - 14);
	put_be64(im + HDR + 16, sq + 1);
	resum(im, HDR);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, HDR);
	assert_int_equal(h.seqid, sq + 1);
	assert_string_equal(json, "{\"tokens\":{}}");
	/* the same, one older: the primary wins */
	put_be64(im + HDR + 16, sq - 1);
	resum(im, HDR);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, 0);
	assert_int_equal(h.json_len, strlen((const char *)fx + 4096));
	/* equal: the primary */
	put_be64(im + HDR + 16, sq);
	resum(im, HDR);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, 0);
	/* newer secondary, primary damaged as well: still the secondary */
	put_be64(im + HDR + 16, sq + 1);
	resum(im, HDR);
	im[4096 + 1] ^= 1;
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(h.hdr_offset, HDR);
	assert_int_equal(d.why, MTPM_LUKS_W_CHECKSUM);
}

static void test_hdr_fields(void **state)
{
	static uint8_t im[2 * HDR];
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	static const int whys[] = { MTPM_LUKS_W_STRINGS, MTPM_LUKS_W_STRINGS,
				    MTPM_LUKS_W_CSUM_ALG, MTPM_LUKS_W_JSON_START,
				    MTPM_LUKS_W_JSON_NUL, MTPM_LUKS_W_JSON_TAIL,
				    MTPM_LUKS_W_JSON_START };
	size_t c;

	(void)state;
	load_fixture();
	/* each check on both copies (re-checksummed so only it fails) */
	for (c = 0; c < 7; c++) {
		memcpy(im, fx, sizeof(im));
		for (size_t off = 0; off <= HDR; off += HDR) {
			uint8_t *b = im + off;

			switch (c) {
			case 0: memset(b + 24, 'x', 48); break;          /* label */
			case 1: memset(b + 168, 'x', 40); break;         /* uuid */
			case 2: memcpy(b + 72, "sha512", 7); break;
			case 3: b[4096] = '['; break;                    /* JSON_START */
			case 4: memset(b + 4096 + 1, 'x', HDR - 4096 - 1); break;       /* no NUL */
			case 5: b[HDR - 1] = 1; break;                   /* tail */
			case 6: memset(b + 4096, 0, HDR - 4096); break;  /* empty text */
			}
			resum(im, off);
		}
		assert_int_not_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_OK);
		assert_failed_clean(&h, sizeof(json));
		assert_int_equal(d.why, whys[c]);
	}
	/* sha512 on both: unsupported rather than malformed */
	memcpy(im, fx, sizeof(im));
	memcpy(im + 72, "sha512", 7);
	memcpy(im + HDR + 72, "sha512", 7);
	assert_int_equal(read_img(im, sizeof(im), sizeof(json), &h, &d), MTPM_E_UNSUPPORTED);
}

static void test_hdr_json_space(void **state)
{
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	size_t n;

	(void)state;
	load_fixture();
	n = strlen((const char *)fx + 4096);
	/* the text and its NUL fit exactly */
	assert_int_equal(read_img(fx, fx_len, n + 1, &h, &d), MTPM_OK);
	assert_int_equal(h.json_len, n);
	/* one byte short: no fallback to the other copy, no partial text */
	assert_int_equal(read_img(fx, fx_len, n, &h, &d), MTPM_E_SPACE);
	assert_failed_clean(&h, n);
	assert_int_equal(d.why, MTPM_LUKS_W_JSON_SPACE);
	assert_int_equal(read_img(fx, fx_len, 1, &h, &d), MTPM_E_USAGE);
}

/* A synthetic copy pair of hdr_size hs with JSON text js, as cryptsetup
 * lays it out, checksummed with OpenSSL. */
static uint8_t *make_image(uint64_t hs, const char *js, size_t jn, size_t *len)
{
	uint8_t *im = calloc(1, 2 * hs);
	size_t c;

	assert_non_null(im);
	for (c = 0; c < 2; c++) {
		uint8_t *b = im + c * hs;

		memcpy(b, c ? "SKUL\xba\xbe" : "LUKS\xba\xbe", 6);
		b[7] = 2;
		put_be64(b + 8, hs);
		put_be64(b + 16, 7);
		memcpy(b + 72, "sha256", 6);
		memcpy(b + 168, "11111111-2222-3333-4444-555555555555", 36);
		put_be64(b + 256, c * hs);
		memcpy(b + 4096, js, jn);
		resum(im, c * hs);
	}
	*len = 2 * hs;
	return im;
}

static void test_hdr_sizes(void **state)
{
	static const char js[] = "{\"tokens\":{}}";
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	uint64_t hs;
	size_t n;
	uint8_t *im;

	(void)state;
	/* every size of LUKS2 §2.1 Table 1, streamed through a 64 KiB buffer */
	for (hs = 0x4000; hs <= 0x400000; hs <<= 1) {
		im = make_image(hs, js, sizeof(js) - 1, &n);
		assert_int_equal(read_img(im, n, sizeof(json), &h, &d), MTPM_OK);
		assert_int_equal(h.hdr_size, hs);
		assert_string_equal(json, js);
		/* primary gone: the secondary is probed at hs */
		im[0] = 0;
		assert_int_equal(read_img(im, n, sizeof(json), &h, &d), MTPM_OK);
		assert_int_equal(h.hdr_offset, hs);
		free(im);
	}
}

static void test_hdr_big_string(void **state)
{
	/* a 1 MB string in a 2 MiB JSON area: read, checksummed, and refused
	 * for the 64 KiB buffer; with a big enough buffer it parses, and the
	 * token parser refuses the field as too long */
	size_t n, sz = 1 << 20, at;
	char *js = malloc(sz + 256), *big = malloc(sz + 256);
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	uint8_t *im;
	image m;

	(void)state;
	assert_non_null(js);
	assert_non_null(big);
	at = (size_t)sprintf(js, "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],\"tpm2-pcrs\":[],"
			     "\"tpm2-policy-hash\":\"00\",\"tpm2-blob\":\"");
	memset(js + at, 'A', sz);
	strcpy(js + at + sz, "\"}");
	im = make_image(0x200000, js, strlen(js), &n);
	assert_int_equal(read_img(im, n, sizeof(json), &h, &d), MTPM_E_SPACE);
	assert_int_equal(d.why, MTPM_LUKS_W_JSON_SPACE);
	m = (image){ im, n, 0 };
	assert_int_equal(mtpm_luks2_read(mtpm_crypto_bearssl(), img_read, &m, big, sz + 256, &h, &d),
			 MTPM_OK);
	assert_int_equal(h.json_len, strlen(js));
	assert_int_equal(mtpm_luks_token_parse(big, h.json_len, toks, MTPM_JSON_TOKENS, &tok, &d),
			 MTPM_E_SPACE);
	assert_int_equal(d.why, MTPM_LUKS_W_SIZE);
	assert_string_equal(d.field, "tpm2-blob");
	assert_true(all_zero(&tok, sizeof(tok)));
	free(im);
	free(js);
	free(big);
}

/* --- JSON ----------------------------------------------------------------------------- */

static mtpm_rc list(const char *s, mtpm_luks2_tokens *l, mtpm_luks_diag *d)
{
	memset(l, 0xA5, sizeof(*l));
	return mtpm_luks2_list_tokens(s, strlen(s), toks, MTPM_JSON_TOKENS, l, d);
}

static void test_json_not_json(void **state)
{
	static const char *const bad[] = {
		"", " ", "[]", "\"tokens\"", "{", "}", "{}}", "{}{}", "{} x", "{\"tokens\":{}}x",
		"{\"tokens\":{},}", "{,\"tokens\":{}}", "{\"tokens\" {}}", "{\"tokens\"::{}}",
		"{\"tokens\":{}\"a\":1}", "{\"a\":[1 2],\"tokens\":{}}", "{\"a\":[1,],\"tokens\":{}}",
		"{\"a\":[,1],\"tokens\":{}}", "{\"a\":tru,\"tokens\":{}}", "{\"a\":01,\"tokens\":{}}",
		"{\"a\":1.,\"tokens\":{}}", "{\"a\":.5,\"tokens\":{}}", "{\"a\":1e,\"tokens\":{}}",
		"{\"a\":-,\"tokens\":{}}", "{\"a\":+1,\"tokens\":{}}", "{\"a\":nul,\"tokens\":{}}",
		"{\"a\":[1:2],\"tokens\":{}}", "{\"a\":[\"b\":1],\"tokens\":{}}",
		"{\"a\"},\"tokens\":{}}", "{\"a\"}:1", "{\"a\":{}:\"x\":1}", "{\"a\":1}}",
		"{tokens:{}}", "{'tokens':{}}",
		/* escapes jsmn itself refuses */
		"{\"a\":\"\\q\",\"tokens\":{}}", "{\"a\":\"\\u12\",\"tokens\":{}}",
		"{\"tokens\":{}}\0",
	};
	static const char *const bad_str[] = {
		"{\"a\":\"\x01\",\"tokens\":{}}",
		"{\"a\":\"\\ud800\",\"tokens\":{}}", "{\"a\":\"\\udc00\",\"tokens\":{}}",
		"{\"a\":\"\\ud800\\u0041\",\"tokens\":{}}", "{\"a\":\"\\u0000\",\"tokens\":{}}",
		"{\"a\":\"tab\there\",\"tokens\":{}}",
	};
	static const char *const good[] = {
		"{\"tokens\":{}}", " \t\r\n{ \"tokens\" : { } } \n",
		"{\"a\":[1,-2,0.5,1e3,-0.0E+2,true,false,null,\"x\",[],{}],\"tokens\":{}}",
		"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"tokens\":{}}",
		"{\"a\":{\"b\":{\"c\":[[[]]]}},\"tokens\":{}}",
	};
	mtpm_luks2_tokens l;
	mtpm_luks_diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = strlen(bad[i]) + (i == sizeof(bad) / sizeof(bad[0]) - 1);

		memset(&l, 0xA5, sizeof(l));
		assert_int_equal(mtpm_luks2_list_tokens(bad[i], n, toks, MTPM_JSON_TOKENS, &l, &d),
				 MTPM_E_MALFORMED);
		assert_int_equal(d.why, MTPM_LUKS_W_SYNTAX);
		assert_true(all_zero(&l, sizeof(l)));
	}
	for (i = 0; i < sizeof(bad_str) / sizeof(bad_str[0]); i++) {
		assert_int_equal(list(bad_str[i], &l, &d), MTPM_E_MALFORMED);
		assert_int_equal(d.why, MTPM_LUKS_W_STRING);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(list(good[i], &l, &d), MTPM_OK);
		assert_int_equal(l.present, 0);
	}
}

static void test_json_depth(void **state)
{
	static char deep[2 * 10000 + 64];
	mtpm_luks2_tokens l;
	mtpm_luks_diag d;
	size_t i, o;

	(void)state;
	/* 10,000 deep: refused at the 17th bracket, before any token */
	o = (size_t)sprintf(deep, "{\"tokens\":{},\"a\":");
	for (i = 0; i < 10000; i++)
		deep[o++] = '[';
	for (i = 0; i < 10000; i++)
		deep[o++] = ']';
	strcpy(deep + o, "}");
	assert_int_equal(list(deep, &l, &d), MTPM_E_MALFORMED);
	assert_int_equal(d.why, MTPM_LUKS_W_DEPTH);
	assert_int_equal(d.at, 17 + MTPM_JSON_DEPTH_MAX - 1);
	assert_true(all_zero(&l, sizeof(l)));
	/* 16 deep is fine; brackets inside strings do not count */
	o = (size_t)sprintf(deep, "{\"tokens\":{},\"s\":\"[[[[[[[[[[[[[[[[[[[[\",\"a\":");
	for (i = 0; i < MTPM_JSON_DEPTH_MAX - 1; i++)
		deep[o++] = '[';
	for (i = 0; i < MTPM_JSON_DEPTH_MAX - 1; i++)
		deep[o++] = ']';
	strcpy(deep + o, "}");
	assert_int_equal(list(deep, &l, &d), MTPM_OK);
}

static void test_json_tokens_bound(void **state)
{
	static const char s[] = "{\"tokens\":{},\"a\":[1,2,3,4,5,6,7,8]}";
	mtpm_luks2_tokens l;
	mtpm_luks_diag d;

	(void)state;
	/* 1 object + 2 keys + 2 values + 8 numbers = 13 tokens */
	assert_int_equal(mtpm_luks2_list_tokens(s, sizeof(s) - 1, toks, 13, &l, &d), MTPM_OK);
	assert_int_equal(mtpm_luks2_list_tokens(s, sizeof(s) - 1, toks, 12, &l, &d), MTPM_E_SPACE);
	assert_int_equal(d.why, MTPM_LUKS_W_TOKENS);
	assert_true(all_zero(&l, sizeof(l)));
	assert_int_equal(mtpm_luks2_list_tokens(s, sizeof(s) - 1, NULL, 0, &l, &d), MTPM_E_USAGE);
}

/* --- tokens ---------------------------------------------------------------------------- */

static void test_list_golden(void **state)
{
	mtpm_luks2_tokens l;
	mtpm_luks2_hdr h;
	mtpm_luks_diag d;
	char sd[2048];
	size_t n;

	(void)state;
	load_fixture();
	assert_int_equal(read_img(fx, fx_len, sizeof(json), &h, &d), MTPM_OK);
	assert_int_equal(mtpm_luks2_list_tokens(json, h.json_len, toks, MTPM_JSON_TOKENS, &l, &d),
			 MTPM_OK);
	assert_int_equal(l.present, 0xB);            /* tokens 0, 1, 3 */
	assert_int_equal(l.tok[0].type, MTPM_LUKS_TOKEN_SYSTEMD_TPM2);
	assert_int_equal(l.tok[0].keyslots, 1u << 1);
	assert_int_equal(l.tok[1].type, MTPM_LUKS_TOKEN_CLEVIS);
	assert_int_equal(l.tok[1].keyslots, 1u << 2);
	assert_int_equal(l.tok[3].type, MTPM_LUKS_TOKEN_OTHER);   /* luks2-keyring */
	assert_int_equal(l.tok[3].keyslots, 0x7);    /* cryptsetup gave it every slot */
	/* the span is the object cryptsetup stored: the same as sd.json */
	n = slurp("sd.json", sd, sizeof(sd));
	assert_int_equal(l.tok[0].len, n);
	assert_memory_equal(json + l.tok[0].off, sd, n);
	/* the keyring token is listed, never parsed */
	assert_int_equal(mtpm_luks_token_parse(json + l.tok[3].off, l.tok[3].len, toks,
					       MTPM_JSON_TOKENS, &tok, &d), MTPM_E_UNSUPPORTED);
	assert_int_equal(d.why, MTPM_LUKS_W_TOKEN_TYPE);
	assert_true(all_zero(&tok, sizeof(tok)));
}

static void test_list_bounds(void **state)
{
	static const struct {
		const char *s;
		int why;
	} cases[] = {
		{ "{\"a\":1}", MTPM_LUKS_W_MISSING },
		{ "{\"tokens\":[]}", MTPM_LUKS_W_TYPE },
		{ "{\"tokens\":{},\"tokens\":{}}", MTPM_LUKS_W_DUP },
		{ "{\"tokens\":{},\"tok\\u0065ns\":{}}", MTPM_LUKS_W_DUP },
		{ "{\"tokens\":{\"32\":{\"type\":\"x\",\"keyslots\":[]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"01\":{\"type\":\"x\",\"keyslots\":[]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"-1\":{\"type\":\"x\",\"keyslots\":[]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"\\u0031\":{\"type\":\"x\",\"keyslots\":[]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"1\":{\"type\":\"x\",\"keyslots\":[]},\"1\":{\"type\":\"x\",\"keyslots\":[]}}}",
		  MTPM_LUKS_W_DUP },
		{ "{\"tokens\":{\"1\":[]}}", MTPM_LUKS_W_TYPE },
		{ "{\"tokens\":{\"1\":{\"keyslots\":[]}}}", MTPM_LUKS_W_MISSING },
		{ "{\"tokens\":{\"1\":{\"type\":1,\"keyslots\":[]}}}", MTPM_LUKS_W_TYPE },
		{ "{\"tokens\":{\"1\":{\"type\":\"x\"}}}", MTPM_LUKS_W_MISSING },
		{ "{\"tokens\":{\"1\":{\"type\":\"x\",\"keyslots\":[1]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"1\":{\"type\":\"x\",\"keyslots\":[\"32\"]}}}", MTPM_LUKS_W_VALUE },
		{ "{\"tokens\":{\"1\":{\"type\":\"x\",\"keyslots\":\"1\"}}}", MTPM_LUKS_W_TYPE },
	};
	mtpm_luks2_tokens l;
	mtpm_luks_diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(list(cases[i].s, &l, &d), MTPM_E_MALFORMED);
		assert_int_equal(d.why, cases[i].why);
		assert_true(all_zero(&l, sizeof(l)));
	}
	/* ids 0-31 and slots 0-31 */
	assert_int_equal(list("{\"tokens\":{\"31\":{\"type\":\"clevis\",\"keyslots\":[\"0\",\"31\"]},"
			      "\"0\":{\"type\":\"systemd-tpm2\",\"keyslots\":[]}}}", &l, &d), MTPM_OK);
	assert_int_equal(l.present, 0x80000001u);
	assert_int_equal(l.tok[31].keyslots, 0x80000001u);
	assert_int_equal(l.tok[31].type, MTPM_LUKS_TOKEN_CLEVIS);
}

static mtpm_rc parse(const char *s, mtpm_luks_diag *d)
{
	memset(&tok, 0xA5, sizeof(tok));
	return mtpm_luks_token_parse(s, strlen(s), toks, MTPM_JSON_TOKENS, &tok, d);
}

static void test_systemd_golden(void **state)
{
	char sd[2048], b64[2048];
	mtpm_luks_systemd *t = &tok.u.sd;
	mtpm_luks_diag d;
	uint8_t blob[2048];
	const char *p, *e;
	int n;

	(void)state;
	sd[slurp("sd.json", sd, sizeof(sd) - 1)] = 0;
	assert_int_equal(parse(sd, &d), MTPM_OK);
	assert_int_equal(tok.type, MTPM_LUKS_TOKEN_SYSTEMD_TPM2);
	assert_int_equal(tok.keyslots, 1u << 1);
	assert_int_equal(t->pcrs, 1u << 7);
	assert_int_equal(t->pcr_bank, MTPM_ALG_SHA256);
	assert_int_equal(t->primary_alg, MTPM_ALG_ECC);
	assert_int_equal(t->pin, 0);
	assert_int_equal(t->pubkey_len + t->salt_len + t->srk_len + t->pubkey_pcrs, 0);
	/* the blob OpenSSL decodes from the same text */
	p = strstr(sd, "\"tpm2-blob\":\"") + 13;
	e = strchr(p, '"');
	memcpy(b64, p, (size_t)(e - p));
	n = EVP_DecodeBlock(blob, (const uint8_t *)b64, (int)(e - p));
	n -= (e[-1] == '=') + (e[-2] == '=');
	assert_int_equal(t->blob_len, n);
	assert_memory_equal(t->blob, blob, (size_t)n);
	/* TPM2B_PRIVATE (0x009e) then TPM2B_PUBLIC */
	assert_int_equal(t->blob[0] << 8 | t->blob[1], 0x9e);
	assert_int_equal(t->policy_hash_len, 32);
	/* the policy hash is the object's authPolicy (make.sh) */
	assert_memory_equal(t->policy_hash, t->blob + 2 + 0x9e + 2 + 10, 32);
}

static void test_systemd_fields(void **state)
{
	char s[1024];
	mtpm_luks_systemd *t = &tok.u.sd;
	mtpm_luks_diag d;

	(void)state;
	/* systemd 254+ fields, names case-folded, escapes in base64 */
	snprintf(s, sizeof(s), "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"3\"],"
		 "\"tpm2-blob\":[\"AAE\\/\"],\"tpm2-pcrs\":[0,7,23],\"tpm2-pcr-bank\":\"SHA384\","
		 "\"tpm2-primary-alg\":\"RSA\",\"tpm2-policy-hash\":[\"0aFF\"],\"tpm2-pin\":true,"
		 "\"tpm2_salt\":\"c2FsdA==\",\"tpm2_pubkey_pcrs\":[11],\"tpm2_pubkey\":\"cGVt\","
		 "\"tpm2_srk\":\"gQAAAQ==\",\"tpm2_pcrlock\":false,\"future\":{\"x\":[1]}}");
	assert_int_equal(parse(s, &d), MTPM_OK);
	assert_int_equal(t->blob_len, 3);
	assert_memory_equal(t->blob, "\x00\x01\x3f", 3);
	assert_int_equal(t->pcrs, 1u | 1u << 7 | 1u << 23);
	assert_int_equal(t->pcr_bank, MTPM_ALG_SHA384);
	assert_int_equal(t->primary_alg, MTPM_ALG_RSA);
	assert_int_equal(t->policy_hash_len, 2);
	assert_memory_equal(t->policy_hash, "\x0a\xff", 2);
	assert_int_equal(t->pin, 1);
	assert_int_equal(t->salt_len, 4);
	assert_memory_equal(t->salt, "salt", 4);
	assert_int_equal(t->pubkey_pcrs, 1u << 11);
	assert_int_equal(t->pubkey_len, 3);
	assert_int_equal(t->srk_len, 4);
	assert_int_equal(tok.keyslots, 1u << 3);
	/* every bound, one at a time */
#define BLOB "\"tpm2-blob\":\"AAEC\""
	static const struct {
		const char *s;
		mtpm_rc rc;
		int why;
		const char *field;
	} cases[] = {
		{ "\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_MISSING, "tpm2-blob" },
		{ BLOB ",\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_MISSING, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":[]", MTPM_E_MALFORMED, MTPM_LUKS_W_MISSING, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[24],\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":[-1],\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":[7.0],\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":[\"7\"],\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":\"7\",\"tpm2-policy-hash\":\"\"", MTPM_E_MALFORMED, MTPM_LUKS_W_TYPE, "tpm2-pcrs" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"0\"", MTPM_E_MALFORMED, MTPM_LUKS_W_HEX, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"zz\"", MTPM_E_MALFORMED, MTPM_LUKS_W_HEX, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000ff\"",
		  MTPM_E_SPACE, MTPM_LUKS_W_SIZE, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":[\"00\",\"11\"]", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_MULTI, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":[]", MTPM_E_MALFORMED, MTPM_LUKS_W_TYPE, "tpm2-policy-hash" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2-pin\":\"yes\"", MTPM_E_MALFORMED, MTPM_LUKS_W_TYPE, "tpm2-pin" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2-pin\":null", MTPM_E_MALFORMED, MTPM_LUKS_W_TYPE, "tpm2-pin" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2-pcr-bank\":\"md5\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-pcr-bank" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2-primary-alg\":\"ecc256\"", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE, "tpm2-primary-alg" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2_pubkey_pcrs\":[7]", MTPM_E_MALFORMED, MTPM_LUKS_W_MISSING, "tpm2_pubkey" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2_pcrlock\":true", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_PCRLOCK, "tpm2_pcrlock" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2_salt\":\"AAA!\"", MTPM_E_MALFORMED, MTPM_LUKS_W_BASE64, "tpm2_salt" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2_salt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
		  MTPM_E_SPACE, MTPM_LUKS_W_SIZE, "tpm2_salt" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2-pin\":true,\"tpm2-pin\":false", MTPM_E_MALFORMED, MTPM_LUKS_W_DUP, "tpm2-pin" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2\\u002dblob\":\"AAAA\"", MTPM_E_MALFORMED, MTPM_LUKS_W_DUP, "tpm2-blob" },
		{ BLOB ",\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\",\"tpm2_srk\":7", MTPM_E_MALFORMED, MTPM_LUKS_W_TYPE, "tpm2_srk" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(s, sizeof(s), "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],%s}", cases[i].s);
		assert_int_equal(parse(s, &d), cases[i].rc);
		assert_int_equal(d.why, cases[i].why);
		assert_string_equal(d.field, cases[i].field);
		assert_true(all_zero(&tok, sizeof(tok)));
	}
#undef BLOB
	/* base64 that does not decode, and an empty blob */
	assert_int_equal(parse("{\"type\":\"systemd-tpm2\",\"keyslots\":[],\"tpm2-blob\":\"QUJD=\","
			       "\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\"}", &d), MTPM_E_MALFORMED);
	assert_int_equal(d.why, MTPM_LUKS_W_BASE64);
	assert_int_equal(parse("{\"type\":\"systemd-tpm2\",\"keyslots\":[],\"tpm2-blob\":\"\","
			       "\"tpm2-pcrs\":[],\"tpm2-policy-hash\":\"\"}", &d), MTPM_E_MALFORMED);
	assert_int_equal(d.why, MTPM_LUKS_W_VALUE);
	/* another type */
	assert_int_equal(parse("{\"type\":\"systemd-fido2\",\"keyslots\":[\"1\"]}", &d),
			 MTPM_E_UNSUPPORTED);
	assert_true(all_zero(&tok, sizeof(tok)));
}

/* --- clevis, JWE, JWK ----------------------------------------------------------------- */

static void check_fixture_jwe(const mtpm_jwe *j)
{
	char pt[128];
	uint8_t out[128];
	size_t n, ptn;

	ptn = slurp("pt.txt", pt, sizeof(pt));
	assert_int_equal(j->hash, MTPM_ALG_SHA256);
	assert_int_equal(j->key, MTPM_ALG_ECC);
	assert_int_equal(j->pcr_bank, MTPM_ALG_SHA256);
	assert_int_equal(j->pcrs, 1u | 1u << 7);
	assert_int_equal(j->pub_len, 0x50);                 /* TPM2B_PUBLIC, make.sh */
	assert_int_equal(j->pub[0] << 8 | j->pub[1], 0x4e);
	assert_int_equal(j->priv_len, 0xa0);
	assert_int_equal(j->pt_len, ptn);
	assert_non_null(strstr(j->hdr, "\"pin\":\"tpm2\""));
	assert_int_equal(mtpm_jwe_decrypt(j, jwk_key, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, ptn);
	assert_memory_equal(out, pt, n);
}

static void test_clevis_golden(void **state)
{
	char s[4096];
	mtpm_luks_diag d;
	size_t n;

	(void)state;
	/* the token as clevis luks bind stored it, and as cryptsetup exports it */
	s[slurp("clevis.json", s, sizeof(s) - 1)] = 0;
	assert_int_equal(parse(s, &d), MTPM_OK);
	assert_int_equal(tok.type, MTPM_LUKS_TOKEN_CLEVIS);
	assert_int_equal(tok.keyslots, 1u << 2);
	check_fixture_jwe(&tok.u.jwe);
	s[slurp("clevis-export.json", s, sizeof(s) - 1)] = 0;
	assert_int_equal(parse(s, &d), MTPM_OK);
	check_fixture_jwe(&tok.u.jwe);
	/* the compact form jose printed */
	n = slurp("jwe.compact", s, sizeof(s) - 1);
	s[n] = 0;
	assert_int_equal(mtpm_jwe_parse_compact(s, n, toks, MTPM_JSON_TOKENS, &jwe, &d), MTPM_OK);
	check_fixture_jwe(&jwe);
	/* a token holding the compact string */
	{
		static char t2[4096];

		snprintf(t2, sizeof(t2), "{\"type\":\"clevis\",\"keyslots\":[\"2\"],\"jwe\":\"%s\"}", s);
		assert_int_equal(parse(t2, &d), MTPM_OK);
		check_fixture_jwe(&tok.u.jwe);
	}
}

static void test_jwk(void **state)
{
	char s[256];
	uint8_t key[32];
	mtpm_luks_diag d;
	size_t n;

	(void)state;
	n = slurp("jwk.json", s, sizeof(s));          /* with clevis's trailing newline */
	assert_int_equal(mtpm_jwk_oct_key(s, n, toks, MTPM_JSON_TOKENS, key, &d), MTPM_OK);
	assert_memory_equal(key, jwk_key, 32);
	static const struct {
		const char *s;
		int why;
	} bad[] = {
		{ "{\"kty\":\"RSA\",\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8\"}", MTPM_LUKS_W_JWK },
		{ "{\"kty\":\"oct\",\"alg\":\"A128GCM\",\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8\"}", MTPM_LUKS_W_JWK },
		{ "{\"kty\":\"oct\",\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNU\"}", MTPM_LUKS_W_JWK },
		{ "{\"kty\":\"oct\",\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=\"}", MTPM_LUKS_W_BASE64 },
		{ "{\"kty\":\"oct\",\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8AAAA\"}", MTPM_LUKS_W_SIZE },
		{ "{\"kty\":\"oct\"}", MTPM_LUKS_W_MISSING },
		{ "{\"k\":\"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8\"}", MTPM_LUKS_W_MISSING },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(key, 0xA5, sizeof(key));
		assert_int_not_equal(mtpm_jwk_oct_key(bad[i].s, strlen(bad[i].s), toks,
						      MTPM_JSON_TOKENS, key, &d), MTPM_OK);
		assert_int_equal(d.why, bad[i].why);
		assert_true(all_zero(key, 32));
	}
}

static const char tpm2_hdr_fmt[] =
	"{\"alg\":\"%s\",\"enc\":\"%s\",\"clevis\":{\"pin\":\"%s\",\"tpm2\":{\"hash\":\"sha256\","
	"\"key\":\"rsa\",\"jwk_pub\":\"AAEC\",\"jwk_priv\":\"AwQF\"%s}}%s}";

static void test_jwe_made(void **state)
{
	static char c[8192], h[1024];
	uint8_t out[64];
	mtpm_luks_diag d;
	size_t n;

	(void)state;
	/* a JWE OpenSSL made: decrypts; RSA primary, no PCRs */
	snprintf(h, sizeof(h), tpm2_hdr_fmt, "dir", "A256GCM", "tpm2", "", "");
	make_jwe(h, jwk_key, "passphrase", c);
	assert_int_equal(mtpm_jwe_parse_compact(c, strlen(c), toks, MTPM_JSON_TOKENS, &jwe, &d), MTPM_OK);
	assert_int_equal(jwe.key, MTPM_ALG_RSA);
	assert_int_equal(jwe.pcrs, 0);
	assert_int_equal(jwe.pcr_bank, 0);
	assert_int_equal(jwe.pub_len, 3);
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, 10);
	assert_memory_equal(out, "passphrase", 10);
	/* too small an output: nothing written */
	memset(out, 0xA5, sizeof(out));
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, 9, &n), MTPM_E_SPACE);
	assert_true(all_zero(out, 9));
	assert_int_equal(n, 0);
}

static void test_jwe_wrong_tag(void **state)
{
	static char c[8192], h[1024];
	uint8_t out[64], key[32];
	mtpm_luks_diag d;
	size_t n, len;
	char *p, was;

	(void)state;
	snprintf(h, sizeof(h), tpm2_hdr_fmt, "dir", "A256GCM", "tpm2", ",\"pcr_ids\":\"7\",\"pcr_bank\":\"sha1\"", "");
	make_jwe(h, jwk_key, "passphrase", c);
	len = strlen(c);
	/* a wrong tag (a character all of whose bits count): fail closed */
	p = c + len - 2;
	was = *p;
	*p = was == 'A' ? 'B' : 'A';
	assert_int_equal(mtpm_jwe_parse_compact(c, len, toks, MTPM_JSON_TOKENS, &jwe, &d), MTPM_OK);
	assert_int_equal(jwe.pcr_bank, MTPM_ALG_SHA1);
	memset(out, 0xA5, sizeof(out));
	n = 99;
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, sizeof(out), &n), MTPM_E_INTEGRITY);
	assert_int_equal(n, 0);
	assert_true(all_zero(out, sizeof(out)));
	/* the right tag, a wrong key */
	*p = was;
	assert_int_equal(mtpm_jwe_parse_compact(c, len, toks, MTPM_JSON_TOKENS, &jwe, &d), MTPM_OK);
	memcpy(key, jwk_key, 32);
	key[31] ^= 1;
	memset(out, 0xA5, sizeof(out));
	assert_int_equal(mtpm_jwe_decrypt(&jwe, key, out, sizeof(out), &n), MTPM_E_INTEGRITY);
	assert_true(all_zero(out, sizeof(out)));
	/* a changed ciphertext byte */
	jwe.iv[0] ^= 1;
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, sizeof(out), &n), MTPM_E_INTEGRITY);
	jwe.iv[0] ^= 1;
	/* the protected header is the AAD: another one (same length) fails */
	jwe.prot_len--;
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, sizeof(out), &n), MTPM_E_INTEGRITY);
	jwe.prot_len++;
	assert_int_equal(mtpm_jwe_decrypt(&jwe, jwk_key, out, sizeof(out), &n), MTPM_OK);
}

static void test_jwe_refused(void **state)
{
	static char c[8192], h[1024], t[8192];
	static const struct {
		const char *alg, *enc, *pin, *tpm2, *extra;
		mtpm_rc rc;
		int why;
	} cases[] = {
		{ "RSA-OAEP", "A256GCM", "tpm2", "", "", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_JWE_ALG },
		{ "dir", "A128GCM", "tpm2", "", "", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_JWE_ENC },
		{ "dir", "A256GCM", "tang", "", "", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_PIN },
		{ "dir", "A256GCM", "sss", "", "", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_PIN },
		{ "dir", "A256GCM", "tpm2", "", ",\"zip\":\"DEF\"", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_JWE_CRIT },
		{ "dir", "A256GCM", "tpm2", "", ",\"crit\":[\"x\"]", MTPM_E_UNSUPPORTED, MTPM_LUKS_W_JWE_CRIT },
		{ "dir", "A256GCM", "tpm2", ",\"pcr_ids\":\"7\"", "", MTPM_E_MALFORMED, MTPM_LUKS_W_MISSING },
		{ "dir", "A256GCM", "tpm2", ",\"pcr_ids\":\"7,\",\"pcr_bank\":\"sha256\"", "", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE },
		{ "dir", "A256GCM", "tpm2", ",\"pcr_ids\":\"24\",\"pcr_bank\":\"sha256\"", "", MTPM_E_MALFORMED, MTPM_LUKS_W_VALUE },
		{ "dir", "A256GCM", "tpm2", ",\"hash\":\"sha1\"", "", MTPM_E_MALFORMED, MTPM_LUKS_W_DUP },
	};
	mtpm_luks_diag d;
	size_t i, len;
	char *p;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(h, sizeof(h), tpm2_hdr_fmt, cases[i].alg, cases[i].enc, cases[i].pin,
			 cases[i].tpm2, cases[i].extra);
		make_jwe(h, jwk_key, "x", c);
		memset(&jwe, 0xA5, sizeof(jwe));
		assert_int_equal(mtpm_jwe_parse_compact(c, strlen(c), toks, MTPM_JSON_TOKENS, &jwe, &d),
				 cases[i].rc);
		assert_int_equal(d.why, cases[i].why);
		assert_true(all_zero(&jwe, sizeof(jwe)));
		/* the same inside a clevis token: other pins are a clear error */
		snprintf(t, sizeof(t), "{\"type\":\"clevis\",\"keyslots\":[],\"jwe\":\"%s\"}", c);
		assert_int_equal(parse(t, &d), cases[i].rc);
		assert_true(all_zero(&tok, sizeof(tok)));
	}
	/* the form: parts, encrypted_key, iv and tag lengths, base64url */
	snprintf(h, sizeof(h), tpm2_hdr_fmt, "dir", "A256GCM", "tpm2", "", "");
	make_jwe(h, jwk_key, "x", c);
	len = strlen(c);
	p = strchr(c, '.');
	{
		static const struct {
			const char *edit;
			int why;
		} forms[] = {
			{ "4parts", MTPM_LUKS_W_JWE_FORM }, { "6parts", MTPM_LUKS_W_JWE_FORM },
			{ "ek", MTPM_LUKS_W_JWE_ALG }, { "iv", MTPM_LUKS_W_JWE_IV },
			{ "tag", MTPM_LUKS_W_JWE_TAG }, { "std", MTPM_LUKS_W_BASE64 },
			{ "pad", MTPM_LUKS_W_BASE64 },
		};
		static char e[8192];

		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			const char *w = forms[i].edit;

			if (!strcmp(w, "4parts"))
				snprintf(e, sizeof(e), "%.*s", (int)(strrchr(c, '.') - c), c);
			else if (!strcmp(w, "6parts"))
				snprintf(e, sizeof(e), "%s.", c);
			else if (!strcmp(w, "ek"))
				snprintf(e, sizeof(e), "%.*sAA%s", (int)(p - c + 1), c, p + 1);
			else if (!strcmp(w, "iv"))
				snprintf(e, sizeof(e), "%.*sAAAA%s", (int)(p - c + 2), c, p + 2);
			else if (!strcmp(w, "tag"))
				snprintf(e, sizeof(e), "%sAAAA", c);
			else if (!strcmp(w, "std"))
				snprintf(e, sizeof(e), "%.*s+%s", (int)(p - c + 2), c, p + 3);
			else
				snprintf(e, sizeof(e), "%s=", c);
			memset(&jwe, 0xA5, sizeof(jwe));
			assert_int_not_equal(mtpm_jwe_parse_compact(e, strlen(e), toks, MTPM_JSON_TOKENS,
								    &jwe, &d), MTPM_OK);
			assert_int_equal(d.why, forms[i].why);
			assert_true(all_zero(&jwe, sizeof(jwe)));
		}
	}
	(void)len;
	/* flattened: members clevis never writes are refused */
	static const char *const flat_bad[] = {
		"{\"protected\":\"e30\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"aad\":\"x\"}",
		"{\"protected\":\"e30\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"header\":{}}",
		"{\"protected\":\"e30\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"unprotected\":{}}",
		"{\"protected\":\"e30\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"recipients\":[]}",
	};
	for (i = 0; i < sizeof(flat_bad) / sizeof(flat_bad[0]); i++) {
		assert_int_equal(mtpm_jwe_parse_json(flat_bad[i], strlen(flat_bad[i]), toks,
						     MTPM_JSON_TOKENS, &jwe, &d), MTPM_E_MALFORMED);
		assert_int_equal(d.why, MTPM_LUKS_W_JWE_FORM);
	}
	/* an escape inside the protected header's text: refused (it is the AAD) */
	static const char esc[] =
		"{\"protected\":\"e3\\u0030\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\"}";
	assert_int_equal(mtpm_jwe_parse_json(esc, sizeof(esc) - 1, toks, MTPM_JSON_TOKENS, &jwe, &d),
			 MTPM_E_MALFORMED);
	assert_int_equal(d.why, MTPM_LUKS_W_STRING);
	/* a protected header that is not JSON */
	static const char nj[] =
		"{\"protected\":\"eyJ\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"\",\"tag\":\"AAAAAAAAAAAAAAAAAAAAAA\"}";
	assert_int_equal(mtpm_jwe_parse_json(nj, sizeof(nj) - 1, toks, MTPM_JSON_TOKENS, &jwe, &d),
			 MTPM_E_MALFORMED);
}

/* --- base64 ------------------------------------------------------------------------------- */

static void test_base64(void **state)
{
	/* RFC 4648 §10 */
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const struct {
		unsigned flags;
		const char *in;
		size_t n;            /* 0: strlen */
	} bad[] = {
		{ 0, "Zg=", 0 }, { 0, "Zg===", 0 }, { 0, "Z===", 0 }, { 0, "Z", 0 }, { 0, "Zh==", 0 },
		{ 0, "Zm9=", 0 }, { 0, "=Zm9v", 0 }, { 0, "Zg==Zg==", 0 }, { 0, "Zm9v!", 0 },
		{ 0, "Zm9v\n", 0 }, { 0, "Zm-v", 0 }, { MTPM_B64_URL, "Zm+v", 0 },
		{ MTPM_B64_URL, "Zg==", 0 }, { MTPM_B64_PAD, "Zg", 0 }, { 0, "Zm9v\x80", 0 },
		{ 0, "Zm9v", 5 },    /* a NUL inside */
		{ 0, "ZhZh====", 0 }, { 0, "Zm9v=", 0 }, { 0, "=", 0 }, { 0, "==", 0 },
		/* (fuzz_base64 found the first: padding after a full group) */
	};
	uint8_t out[16];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t m = strlen(v[i][1]), plain = strlen(v[i][0]);

		assert_int_equal(mtpm_b64_decode(MTPM_B64_PAD, v[i][1], m, out, sizeof(out), &n), MTPM_OK);
		assert_int_equal(n, plain);
		assert_memory_equal(out, v[i][0], n);
		/* unpadded: standard (optional padding) and url */
		while (m && v[i][1][m - 1] == '=')
			m--;
		assert_int_equal(mtpm_b64_decode(0, v[i][1], m, out, sizeof(out), &n), MTPM_OK);
		assert_int_equal(n, plain);
		assert_int_equal(mtpm_b64_decode(MTPM_B64_URL, v[i][1], m, out, sizeof(out), &n), MTPM_OK);
		assert_memory_equal(out, v[i][0], n);
		/* count only */
		assert_int_equal(mtpm_b64_decode(0, v[i][1], m, NULL, 0, &n), MTPM_OK);
		assert_int_equal(n, plain);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 0xA5, sizeof(out));
		n = 7;
		assert_int_equal(mtpm_b64_decode(bad[i].flags, bad[i].in,
						 bad[i].n ? bad[i].n : strlen(bad[i].in),
						 out, sizeof(out), &n), MTPM_E_MALFORMED);
		assert_int_equal(n, 0);
		assert_true(all_zero(out, sizeof(out)));
	}
	/* the two alphabets: 0xfb 0xff = "+/8" and "-_8" */
	assert_int_equal(mtpm_b64_decode(0, "+/8=", 4, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\xfb\xff", 2);
	assert_int_equal(mtpm_b64_decode(MTPM_B64_URL, "-_8", 3, out, sizeof(out), &n), MTPM_OK);
	assert_memory_equal(out, "\xfb\xff", 2);
	/* PEM bodies: whitespace skipped only with MTPM_B64_WS */
	assert_int_equal(mtpm_b64_decode(MTPM_B64_WS | MTPM_B64_PAD, " Zm9v\r\nYmFy\t\n", 13, out,
					 sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, 6);
	/* one byte more than cap: nothing written */
	memset(out, 0xA5, sizeof(out));
	assert_int_equal(mtpm_b64_decode(0, "Zm9vYmFy", 8, out, 5, &n), MTPM_E_SPACE);
	assert_int_equal(n, 0);
	assert_true(all_zero(out, 5));
	assert_int_equal(out[5], 0xA5);
	assert_int_equal(mtpm_b64_decode(0, "Zm9vYmFy", 8, out, 6, &n), MTPM_OK);
	/* every byte value through both alphabets, against OpenSSL */
	{
		uint8_t all[256], back[256];
		char enc[400];

		for (i = 0; i < 256; i++)
			all[i] = (uint8_t)i;
		for (int url = 0; url < 2; url++) {
			size_t m = b64_enc(all, 256, enc, url);

			assert_int_equal(mtpm_b64_decode(url ? MTPM_B64_URL : MTPM_B64_PAD, enc, m, back,
							 sizeof(back), &n), MTPM_OK);
			assert_int_equal(n, 256);
			assert_memory_equal(back, all, 256);
		}
	}
}

static void test_why_str(void **state)
{
	unsigned i, k;

	(void)state;
	for (i = 1; i < MTPM_LUKS_W_COUNT; i++) {
		assert_true(strlen(mtpm_luks_why_str(i)) > 3);
		for (k = 1; k < i; k++)
			assert_string_not_equal(mtpm_luks_why_str(i), mtpm_luks_why_str(k));
	}
	assert_string_equal(mtpm_luks_why_str(MTPM_LUKS_W_JWK), "not a 256-bit oct JWK");
	assert_string_equal(mtpm_luks_why_str(MTPM_LUKS_W_PIN), "unsupported pin");
	assert_string_equal(mtpm_luks_why_str(MTPM_LUKS_W_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_golden),
		cmocka_unit_test(test_hdr_truncated),
		cmocka_unit_test(test_hdr_primary_bad),
		cmocka_unit_test(test_hdr_both_bad),
		cmocka_unit_test(test_hdr_secondary_bad),
		cmocka_unit_test(test_hdr_seqid),
		cmocka_unit_test(test_hdr_fields),
		cmocka_unit_test(test_hdr_json_space),
		cmocka_unit_test(test_hdr_sizes),
		cmocka_unit_test(test_hdr_big_string),
		cmocka_unit_test(test_json_not_json),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_json_tokens_bound),
		cmocka_unit_test(test_list_golden),
		cmocka_unit_test(test_list_bounds),
		cmocka_unit_test(test_systemd_golden),
		cmocka_unit_test(test_systemd_fields),
		cmocka_unit_test(test_clevis_golden),
		cmocka_unit_test(test_jwk),
		cmocka_unit_test(test_jwe_made),
		cmocka_unit_test(test_jwe_wrong_tag),
		cmocka_unit_test(test_jwe_refused),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_why_str),
	};
	return cmocka_run_group_tests_name("luks", tests, NULL, NULL);
}
