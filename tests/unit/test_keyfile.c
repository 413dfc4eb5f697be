/*
 * test_keyfile.c - unit tests for src/seal/keyfile.c: the TSS2 key file for
 * sealed data (draft-bottomley-tpm2-keys) in DER and PEM, the mtpm lines
 * before BEGIN, the raw TPM2B files, and mtpm_pem_decode.
 *
 * Golden input: the kernel trusted-key vector K1
 * (/work/shared/vectors/kernel-trusted-key; Linux 6.12.95 trusted_tpm2.c on
 * swtpm 0.7.1/libtpms 0.9.2): blob.der (236 bytes) and blob.pem embedded
 * below, and the fields its README.md and blob.dump.txt list: OID
 * 2.23.133.10.1.5, emptyAuth encoded 0x01, parent 0x81000001, pubkey a
 * 48-byte TPM2B_PUBLIC (KEYEDHASH, SHA-256, attributes 0x40), privkey a
 * 160-byte TPM2B_PRIVATE. Reading it back and writing it again must give
 * the same bytes but for TRUE as 0xFF.
 *
 * Malformed files are built by hand with a small DER builder in this file
 * (not the library's writer), so a writer bug cannot hide a reader bug.
 * Every rejection must leave the mtpm_keyfile all zero.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mtpm/keyfile.h"
#include "mtpm/seal.h"
#include "golden/marshal_golden.h"

/* kernel vector K1 blob.der (sha256 2ab70c51...cbf883c5): the TSS2 key Linux 6.12.95 trusted_tpm2.c wrote for `keyctl add trusted kmk "new 32 keyhandle=0x81000001"` against swtpm 0.7.1/libtpms 0.9.2 */
static const uint8_t k_blob[236] = {
	0x30, 0x81, 0xe9, 0x06, 0x06, 0x67, 0x81, 0x05, 0x0a, 0x01, 0x05, 0xa0,
	0x03, 0x01, 0x01, 0x01, 0x02, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01, 0x04,
	0x30, 0x00, 0x2e, 0x00, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x40, 0x00,
	0x00, 0x00, 0x10, 0x00, 0x20, 0x36, 0x86, 0x34, 0x94, 0xe5, 0x1a, 0x68,
	0x96, 0x92, 0xa4, 0xd4, 0x09, 0xca, 0x16, 0xbb, 0x8b, 0x3e, 0x12, 0x39,
	0x49, 0xcc, 0x80, 0xef, 0x29, 0xe7, 0xaf, 0x9b, 0x94, 0xdf, 0xd0, 0xc6,
	0x1d, 0x04, 0x81, 0xa0, 0x00, 0x9e, 0x00, 0x20, 0xc6, 0xd1, 0x27, 0x5f,
	0x85, 0x2e, 0x17, 0xf5, 0xad, 0x25, 0x1a, 0x96, 0x50, 0xfa, 0xec, 0xb3,
	0x31, 0x15, 0xbd, 0xbf, 0x5b, 0x61, 0xbf, 0x27, 0xfe, 0x10, 0xa3, 0xc4,
	0xb3, 0xa1, 0xc4, 0x40, 0x00, 0x10, 0xeb, 0x45, 0x60, 0x9b, 0xab, 0xc0,
	0xab, 0xf4, 0x5a, 0x3b, 0x3b, 0xda, 0x86, 0x7c, 0x57, 0x0d, 0xf9, 0x17,
	0x16, 0x1b, 0x0b, 0xd8, 0xae, 0x1f, 0x4f, 0x18, 0x63, 0xea, 0x87, 0xda,
	0xe4, 0x71, 0xa7, 0x30, 0x07, 0x7d, 0x40, 0xd5, 0x31, 0x14, 0x93, 0x30,
	0x90, 0x48, 0xf2, 0x17, 0xa4, 0xd0, 0x58, 0x67, 0xb4, 0xcf, 0x80, 0x54,
	0x01, 0x69, 0x16, 0x75, 0xb1, 0x4e, 0x05, 0x64, 0xd3, 0x75, 0xa9, 0x07,
	0x0a, 0xa6, 0x50, 0xcb, 0xc0, 0x84, 0x20, 0xaa, 0x8f, 0x44, 0x6e, 0x14,
	0x2d, 0x53, 0x37, 0x03, 0x78, 0x13, 0x07, 0x06, 0xb7, 0xe5, 0x2f, 0x5f,
	0x83, 0x0a, 0xa0, 0x47, 0x3a, 0x9f, 0xb0, 0x7e, 0xe9, 0xe0, 0xd2, 0x54,
	0xa9, 0x67, 0x81, 0xb4, 0x58, 0xe5, 0x65, 0x83, 0x30, 0xa4, 0xcf, 0x4f,
	0x26, 0x2e, 0x64, 0xff, 0xbc, 0x91, 0xeb, 0xfa,
};
/* kernel vector K1 blob.pem (sha256 f063ee69...784aceb0): blob.der in base64, 64 columns */
static const char k_pem[] =
	"-----BEGIN TSS2 PRIVATE KEY-----\n"
	"MIHpBgZngQUKAQWgAwEBAQIFAIEAAAEEMAAuAAgACwAAAEAAAAAQACA2hjSU5Rpo\n"
	"lpKk1AnKFruLPhI5ScyA7ynnr5uU39DGHQSBoACeACDG0SdfhS4X9a0lGpZQ+uyz\n"
	"MRW9v1thvyf+EKPEs6HEQAAQ60Vgm6vAq/RaOzvahnxXDfkXFhsL2K4fTxhj6ofa\n"
	"5HGnMAd9QNUxFJMwkEjyF6TQWGe0z4BUAWkWdbFOBWTTdakHCqZQy8CEIKqPRG4U\n"
	"LVM3A3gTBwa35S9fgwqgRzqfsH7p4NJUqWeBtFjlZYMwpM9PJi5k/7yR6/o=\n"
	"-----END TSS2 PRIVATE KEY-----\n"
;
/* kernel vector K1 srk.pub (sha256 3fc98f45...): TPM2B_PUBLIC of the ECC SRK 0x81000001, tpm2_readpublic -o */
/* (the bytes are golden_kernel_srk_pub, tests/unit/golden/marshal_golden.h) */

/* Offsets of the top-level fields in k_blob (walked by hand from
 * blob.dump.txt): 30 81 e9 | OID 06 06 .. | [0] a0 03 01 01 01 |
 * INTEGER 02 05 00 81 00 00 01 | OCTET 04 30 pub(48) | OCTET 04 81 a0
 * priv(160). */
#define K_OID 3
#define K_EMPTY 11
#define K_BOOL_VALUE 15
#define K_PARENT 16
#define K_PUB 23
#define K_PRIV 73

static mtpm_keyfile kf, kf2;
static uint8_t out[MTPM_KEYFILE_MAX_PEM + 16];
static uint8_t out2[MTPM_KEYFILE_MAX_PEM + 16];

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Read in[0..n) from an exactly-sized heap copy; on failure kf must be
 * all zero. */
static uint8_t kf_scratch[MTPM_KEYFILE_MAX_DER];

static mtpm_rc rd(const void *in, size_t n, int der_only)
{
	uint8_t *copy = malloc(n ? n : 1);
	mtpm_rc rc;

	assert_non_null(copy);
	if (n)
		memcpy(copy, in, n);
	memset(&kf, 0xA5, sizeof(kf));
	rc = der_only ? mtpm_keyfile_read_der(copy, n, &kf)
		      : mtpm_keyfile_read(copy, n, &kf, kf_scratch, sizeof(kf_scratch));
	if (rc != MTPM_OK && !all_zero(&kf, sizeof(kf)))
		fail_msg("keyfile not zeroed after failure (len %zu)", n);
	free(copy);
	return rc;
}

/* --- a DER builder for hand-made files ----------------------------------- */

typedef struct {
	uint8_t b[8192];
	size_t n;
	size_t open[16];
	unsigned depth;
} db;

static void db_bytes(db *d, const void *p, size_t n)
{
	assert_true(d->n + n <= sizeof(d->b));
	if (n)
		memcpy(d->b + d->n, p, n);
	d->n += n;
}

static void db_byte(db *d, uint8_t v)
{
	db_bytes(d, &v, 1);
}

static void db_open(db *d, uint8_t tag)
{
	assert_true(d->depth < 16);
	db_byte(d, tag);
	d->open[d->depth++] = d->n;
}

/* Close the innermost open value: insert its minimal length. */
static void db_close(db *d)
{
	size_t at = d->open[--d->depth], len = d->n - at, h;
	uint8_t hdr[3];

	if (len < 0x80) {
		hdr[0] = (uint8_t)len;
		h = 1;
	} else if (len < 0x100) {
		hdr[0] = 0x81;
		hdr[1] = (uint8_t)len;
		h = 2;
	} else {
		hdr[0] = 0x82;
		hdr[1] = (uint8_t)(len >> 8);
		hdr[2] = (uint8_t)len;
		h = 3;
	}
	assert_true(d->n + h <= sizeof(d->b));
	memmove(d->b + at + h, d->b + at, len);
	memcpy(d->b + at, hdr, h);
	d->n += h;
}

static void db_tlv(db *d, uint8_t tag, const void *p, size_t n)
{
	db_open(d, tag);
	db_bytes(d, p, n);
	db_close(d);
}

/* SEQUENCE { OID ... (the fields given by the caller) ... } from the
 * kernel blob's pieces. */
static void key_begin(db *d)
{
	memset(d, 0, sizeof(*d));
	db_open(d, 0x30);
	db_bytes(d, k_blob + K_OID, K_EMPTY - K_OID);
}

static void key_empty_auth(db *d)
{
	db_bytes(d, k_blob + K_EMPTY, K_PARENT - K_EMPTY);
}

static void key_tail(db *d)
{
	db_bytes(d, k_blob + K_PARENT, sizeof(k_blob) - K_PARENT);
	db_close(d);
	assert_int_equal(d->depth, 0);
}

/* One TPMPolicy: SEQUENCE { [0] { INTEGER cc } [1] { OCTET STRING p } } */
static void db_step(db *d, uint32_t cc, const void *p, size_t n)
{
	uint8_t ib[5] = { 0, (uint8_t)(cc >> 24), (uint8_t)(cc >> 16), (uint8_t)(cc >> 8),
			  (uint8_t)cc };
	size_t i = 0;

	while (i < 4 && ib[i] == 0 && !(ib[i + 1] & 0x80))
		i++;
	db_open(d, 0x30);
	db_open(d, 0xA0);
	db_tlv(d, 0x02, ib + i, 5 - i);
	db_close(d);
	db_open(d, 0xA1);
	db_tlv(d, 0x04, p, n);
	db_close(d);
	db_close(d);
}

/* [1] { SEQUENCE OF n PolicyAuthValue } */
static void db_policy(db *d, unsigned n)
{
	unsigned i;

	db_open(d, 0xA1);
	db_open(d, 0x30);
	for (i = 0; i < n; i++)
		db_step(d, MTPM_CC_PolicyAuthValue, NULL, 0);
	db_close(d);
	db_close(d);
}

/* --- the kernel vector ------------------------------------------------------ */

static void check_kernel_fields(void)
{
	assert_int_equal(kf.empty_auth, 1);
	assert_int_equal(kf.rsa_parent, 0);
	assert_int_equal(kf.parent, 0x81000001u);
	assert_int_equal(kf.pub.size, 46);
	assert_int_equal(kf.pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(kf.pub.publicArea.nameAlg, MTPM_ALG_SHA256);
	assert_int_equal(kf.pub.publicArea.objectAttributes, 0x40);
	assert_int_equal(kf.pub.publicArea.authPolicy.size, 0);
	assert_int_equal(kf.pub.publicArea.unique.keyedHash.size, 32);
	assert_memory_equal(kf.pub.publicArea.unique.keyedHash.buffer, k_blob + K_PUB + 18, 32);
	assert_int_equal(kf.priv.size, 158);
	assert_memory_equal(kf.priv.buffer, k_blob + K_PRIV + 5, 158);
	assert_int_equal(kf.policy.nsteps, 0);
	assert_int_equal(kf.nauthpol, 0);
	assert_int_equal(kf.parent_name.size, 0);
	assert_int_equal(kf.parent_pub.size, 0);
	assert_int_equal(kf.npcrs, 0);
}

static void test_kernel_der_pem(void **state)
{
	(void)state;
	assert_int_equal(rd(k_blob, sizeof(k_blob), 1), MTPM_OK);
	check_kernel_fields();
	kf2 = kf;
	assert_int_equal(rd(k_blob, sizeof(k_blob), 0), MTPM_OK);   /* sniffed as DER */
	assert_memory_equal(&kf, &kf2, sizeof(kf));
	assert_int_equal(rd(k_pem, strlen(k_pem), 0), MTPM_OK);
	check_kernel_fields();
	assert_memory_equal(&kf, &kf2, sizeof(kf));
	/* without the final newline, and with CRLF line ends */
	assert_int_equal(rd(k_pem, strlen(k_pem) - 1, 0), MTPM_OK);
	{
		char crlf[1024];
		size_t i, j = 0;

		for (i = 0; k_pem[i]; i++) {
			if (k_pem[i] == '\n')
				crlf[j++] = '\r';
			crlf[j++] = k_pem[i];
		}
		assert_int_equal(rd(crlf, j, 0), MTPM_OK);
		assert_memory_equal(&kf, &kf2, sizeof(kf));
	}
}

/* write_pem builds the PEM inside the caller's buffer (DER at the end,
 * base64 from the front): at every capacity from 1 byte to the exact size
 * it either fails with MTPM_E_SPACE or gives the same bytes as with room
 * to spare, and never writes past cap. */
static void test_pem_in_place(void **state)
{
	static uint8_t ref[MTPM_KEYFILE_MAX_PEM], buf[MTPM_KEYFILE_MAX_PEM + 64];
	size_t n = 0, m, cap;
	mtpm_rc rc;

	(void)state;
	assert_int_equal(rd(k_blob, sizeof(k_blob), 1), MTPM_OK);
	kf.parent_name.size = 34;                 /* exercise the header lines too */
	memset(kf.parent_name.buffer, 0x0b, 34);
	kf.parent_name.buffer[0] = 0;
	assert_int_equal(mtpm_keyfile_write_pem(&kf, ref, sizeof(ref), &n), MTPM_OK);
	assert_int_equal(ref[n], 0);              /* NUL-terminated */
	for (cap = 1; cap <= n + 1; cap++) {
		memset(buf, 0xEE, sizeof(buf));
		m = 99;
		rc = mtpm_keyfile_write_pem(&kf, buf, cap, &m);
		assert_int_equal(buf[cap], 0xEE);     /* nothing past cap */
		if (cap < n + 1) {
			assert_int_equal(rc, MTPM_E_SPACE);
			assert_int_equal(m, 0);
		} else {
			assert_int_equal(rc, MTPM_OK);
			assert_int_equal(m, n);
			assert_memory_equal(buf, ref, n + 1);
		}
	}
	assert_int_equal(rd(ref, n, 0), MTPM_OK);  /* and it reads back */
	assert_int_equal(kf.parent_name.size, 34);
	assert_int_equal(kf.parent_name.buffer[1], 0x0b);
	memset(&kf.parent_name, 0, sizeof(kf.parent_name));
	check_kernel_fields();
}

static void test_kernel_write_back(void **state)
{
	size_t n = 0, i;
	(void)state;

	assert_int_equal(rd(k_blob, sizeof(k_blob), 1), MTPM_OK);
	assert_int_equal(mtpm_keyfile_write_der(&kf, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, sizeof(k_blob));
	/* exactly one byte differs: BOOLEAN TRUE, 0x01 from the kernel, DER's
	 * 0xFF from us */
	for (i = 0; i < n; i++) {
		if (i == K_BOOL_VALUE) {
			assert_int_equal(k_blob[i], 0x01);
			assert_int_equal(out[i], 0xFF);
		} else if (out[i] != k_blob[i]) {
			fail_msg("byte %zu differs", i);
		}
	}
	/* PEM: the same DER, 64 columns, no mtpm lines for this key */
	assert_int_equal(mtpm_keyfile_write_pem(&kf, out2, sizeof(out2), &n), MTPM_OK);
	assert_int_equal(out2[n], 0);
	assert_int_equal(strlen((char *)out2), n);
	assert_memory_equal(out2, "-----BEGIN TSS2 PRIVATE KEY-----\n", 33);
	assert_memory_equal(out2 + 33 + 65, "lpKk1AnKFruLPhI5ScyA7ynnr5uU39DGHQSBoACeACDG0SdfhS4X9a0lGpZQ+uyz\n", 65);
	assert_int_equal(n, strlen(k_pem));
	assert_memory_equal(out2 + n - 31, "-----END TSS2 PRIVATE KEY-----\n", 31);
	{
		size_t dl = 0;

		assert_int_equal(mtpm_pem_decode("TSS2 PRIVATE KEY", out2, n, out + 4096,
						 4096, &dl), MTPM_OK);
		assert_int_equal(dl, sizeof(k_blob));
		assert_memory_equal(out + 4096, out, dl);
	}
	kf2 = kf;
	assert_int_equal(rd(out2, n, 0), MTPM_OK);
	assert_memory_equal(&kf, &kf2, sizeof(kf));
}

/* The top-level tags of a DER key file we wrote. */
static unsigned top_tags(const uint8_t *b, size_t n, uint8_t *tags)
{
	size_t at = 2, end;
	unsigned k = 0;

	assert_int_equal(b[0], 0x30);
	if (b[1] == 0x81)
		at = 3;
	else if (b[1] == 0x82)
		at = 4;
	end = n;
	while (at < end) {
		size_t len, h = 2;

		tags[k++] = b[at];
		len = b[at + 1];
		if (len == 0x81) {
			len = b[at + 2];
			h = 3;
		} else if (len == 0x82) {
			len = (size_t)b[at + 2] << 8 | b[at + 3];
			h = 4;
		}
		at += h + len;
	}
	assert_int_equal(at, end);
	return k;
}

static void test_kernel_field_set(void **state)
{
	static const uint8_t kernel[] = { 0x06, 0xA0, 0x02, 0x04, 0x04 };
	static const uint8_t no_empty[] = { 0x06, 0x02, 0x04, 0x04 };
	uint8_t tags[16];
	size_t n = 0;
	(void)state;

	assert_int_equal(rd(k_blob, sizeof(k_blob), 1), MTPM_OK);
	kf.parent = MTPM_SRK_HANDLE;
	assert_int_equal(mtpm_keyfile_write_der(&kf, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(top_tags(out, n, tags), sizeof(kernel));
	assert_memory_equal(tags, kernel, sizeof(kernel));
	/* mtpm lines live in the PEM only, never in the DER */
	kf.parent_name.size = 34;
	kf.npcrs = 1;
	kf.pcrs[0].hash = MTPM_ALG_SHA256;
	kf.pcrs[0].value.size = 32;
	assert_int_equal(mtpm_keyfile_write_der(&kf, out2, sizeof(out2), &n), MTPM_OK);
	assert_memory_equal(out2, out, n);
	kf.empty_auth = 0;
	assert_int_equal(mtpm_keyfile_write_der(&kf, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(top_tags(out, n, tags), sizeof(no_empty));
	assert_memory_equal(tags, no_empty, sizeof(no_empty));
	/* and an absent emptyAuth reads back as 0 */
	assert_int_equal(rd(out, n, 1), MTPM_OK);
	assert_int_equal(kf.empty_auth, 0);
	assert_int_equal(kf.parent, MTPM_SRK_HANDLE);
}

/* --- round trips with policies ------------------------------------------- */

static void ecc_key(mtpm_TPM2B_PUBLIC *k, uint8_t seed)
{
	mtpm_TPMT_PUBLIC *p = &k->publicArea;

	memset(k, 0, sizeof(*k));
	p->type = MTPM_ALG_ECC;
	p->nameAlg = MTPM_ALG_SHA256;
	p->objectAttributes = 0x00040072;
	p->parameters.eccDetail.symmetric.algorithm = MTPM_ALG_NULL;
	p->parameters.eccDetail.scheme.scheme = MTPM_ALG_ECDSA;
	p->parameters.eccDetail.scheme.hashAlg = MTPM_ALG_SHA256;
	p->parameters.eccDetail.curveID = MTPM_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = MTPM_ALG_NULL;
	p->unique.ecc.x.size = 32;
	p->unique.ecc.y.size = 32;
	memset(p->unique.ecc.x.buffer, seed, 32);
	memset(p->unique.ecc.y.buffer, seed + 1, 32);
	k->size = 88;   /* as the getter reports it */
}

static void ecdsa_sig(mtpm_TPMT_SIGNATURE *s, uint8_t seed)
{
	memset(s, 0, sizeof(*s));
	s->sigAlg = MTPM_ALG_ECDSA;
	s->hash = MTPM_ALG_SHA256;
	s->signature.ecc.r.size = 32;
	s->signature.ecc.s.size = 32;
	memset(s->signature.ecc.r.buffer, seed, 32);
	memset(s->signature.ecc.s.buffer, seed ^ 0xFF, 32);
}

static void pcr_step(mtpm_policy_step *st, uint8_t pcr, uint8_t fill)
{
	memset(st, 0, sizeof(*st));
	st->cc = MTPM_CC_PolicyPCR;
	st->u.pcr.pcrs.count = 1;
	st->u.pcr.pcrs.pcrSelections[0].hash = MTPM_ALG_SHA256;
	st->u.pcr.pcrs.pcrSelections[0].sizeofSelect = 3;
	st->u.pcr.pcrs.pcrSelections[0].pcrSelect[pcr / 8] = (uint8_t)(1u << (pcr % 8));
	st->u.pcr.pcrDigest.size = 32;
	memset(st->u.pcr.pcrDigest.buffer, fill, 32);
}

/* kf -> DER -> kf2 must be equal, and DER -> PEM -> kf2 too; a second
 * write gives the same bytes. */
static void round_trip(const mtpm_keyfile *k)
{
	size_t n = 0, n2 = 0;
	mtpm_keyfile *copy = malloc(sizeof(*copy));

	assert_non_null(copy);
	*copy = *k;
	assert_int_equal(mtpm_keyfile_write_der(copy, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(rd(out, n, 1), MTPM_OK);
	/* the DER carries no mtpm lines */
	kf.parent_name = copy->parent_name;
	kf.parent_pub = copy->parent_pub;
	kf.npcrs = copy->npcrs;
	memcpy(kf.pcrs, copy->pcrs, sizeof(kf.pcrs));
	assert_memory_equal(&kf, copy, sizeof(kf));
	assert_int_equal(mtpm_keyfile_write_der(&kf, out2, sizeof(out2), &n2), MTPM_OK);
	assert_int_equal(n2, n);
	assert_memory_equal(out2, out, n);
	assert_int_equal(mtpm_keyfile_write_pem(copy, out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(rd(out, n, 0), MTPM_OK);
	assert_memory_equal(&kf, copy, sizeof(kf));
	free(copy);
}

static mtpm_keyfile base;

static void base_key(void)
{
	assert_int_equal(rd(k_blob, sizeof(k_blob), 1), MTPM_OK);
	base = kf;
}

static void test_round_trips(void **state)
{
	mtpm_keyfile *k = malloc(sizeof(*k));
	(void)state;

	assert_non_null(k);
	base_key();
	round_trip(&base);

	/* PolicyPCR, PolicyAuthValue */
	*k = base;
	k->policy.nsteps = 2;
	pcr_step(&k->policy.steps[0], 7, 0x11);
	k->policy.steps[1].cc = MTPM_CC_PolicyAuthValue;
	round_trip(k);

	/* PolicyOR of 3, PolicyCommandCode, PolicyPassword; emptyAuth off */
	*k = base;
	k->empty_auth = 0;
	k->policy.nsteps = 3;
	k->policy.steps[0].cc = MTPM_CC_PolicyOR;
	k->policy.steps[0].u.or.pHashList.count = 3;
	for (unsigned i = 0; i < 3; i++) {
		k->policy.steps[0].u.or.pHashList.digests[i].size = 32;
		memset(k->policy.steps[0].u.or.pHashList.digests[i].buffer, 0x20 + (int)i, 32);
	}
	k->policy.steps[1].cc = MTPM_CC_PolicyCommandCode;
	k->policy.steps[1].u.cc.code = MTPM_CC_Unseal;
	k->policy.steps[2].cc = MTPM_CC_PolicyPassword;
	round_trip(k);

	/* PolicyAuthorize with its key, authPolicy entries with key and
	 * signature, rsaParent, a transient RSA SRK parent */
	*k = base;
	k->rsa_parent = 1;
	k->parent = MTPM_RH_OWNER;
	k->policy.nsteps = 1;
	k->policy.steps[0].cc = MTPM_CC_PolicyAuthorize;
	k->policy.steps[0].u.authorize.policyRef.size = 4;
	memcpy(k->policy.steps[0].u.authorize.policyRef.buffer, "boot", 4);
	ecc_key(&k->policy.auth.key, 0x31);
	k->nauthpol = MTPM_KEYFILE_MAX_AUTHPOL;
	for (unsigned i = 0; i < MTPM_KEYFILE_MAX_AUTHPOL; i++) {
		mtpm_keyfile_policy *ap = &k->authpol[i];

		ap->nsteps = 2;
		pcr_step(&ap->steps[0], (uint8_t)(7 + i), (uint8_t)(0x40 + i));
		ap->steps[1].cc = MTPM_CC_PolicyAuthorize;
		ap->steps[1].u.authorize.policyRef.size = 4;
		memcpy(ap->steps[1].u.authorize.policyRef.buffer, "boot", 4);
		ecc_key(&ap->auth.key, 0x31);
		ecdsa_sig(&ap->auth.sig, (uint8_t)(0x50 + i));
		ap->auth.has_sig = 1;
	}
	round_trip(k);

	/* every policy step slot used */
	*k = base;
	k->policy.nsteps = MTPM_KEYFILE_MAX_STEPS;
	for (unsigned i = 0; i < MTPM_KEYFILE_MAX_STEPS; i++)
		pcr_step(&k->policy.steps[i], (uint8_t)i, (uint8_t)i);
	round_trip(k);

	/* the mtpm PEM lines */
	*k = base;
	k->parent_name.size = 34;
	k->parent_name.buffer[0] = 0x00;
	k->parent_name.buffer[1] = 0x0b;
	memset(k->parent_name.buffer + 2, 0xCB, 32);
	{
		mtpm_cur c;

		mtpm_cur_init_ro(&c, golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub));
		mtpm_get_TPM2B_PUBLIC(&c, &k->parent_pub);
		assert_int_equal(mtpm_cur_done(&c), MTPM_OK);
	}
	k->npcrs = 3;
	k->pcrs[0].hash = MTPM_ALG_SHA256;
	k->pcrs[0].pcr = 7;
	k->pcrs[0].value.size = 32;
	memset(k->pcrs[0].value.buffer, 0xAB, 32);
	k->pcrs[1].hash = MTPM_ALG_SHA1;
	k->pcrs[1].pcr = 16;
	k->pcrs[1].value.size = 20;
	k->pcrs[2].hash = MTPM_ALG_SHA512;
	k->pcrs[2].pcr = 23;
	k->pcrs[2].value.size = 64;
	memset(k->pcrs[2].value.buffer, 0x01, 64);
	round_trip(k);
	{
		size_t n = 0;

		assert_int_equal(mtpm_keyfile_write_pem(k, out, sizeof(out), &n), MTPM_OK);
		assert_non_null(strstr((char *)out, "mtpm-parent-name: 000bcbcbcbcb"));
		assert_non_null(strstr((char *)out, "\nmtpm-pcr: sha256:7=abababab"));
		assert_non_null(strstr((char *)out, "\nmtpm-pcr: sha1:16=0000000000"));
		assert_non_null(strstr((char *)out, "\nmtpm-pcr: sha512:23=0101"));
		assert_non_null(strstr((char *)out, "\nmtpm-parent-public: AFoAIwAL"));
		/* the lines come before BEGIN */
		assert_true(strstr((char *)out, "mtpm-pcr") < strstr((char *)out, "-----BEGIN"));
	}
	free(k);
}

/* --- the writer's own bounds ----------------------------------------------- */

static void test_write_bounds(void **state)
{
	mtpm_keyfile *k = malloc(sizeof(*k));
	size_t n = 99;
	(void)state;

	assert_non_null(k);
	base_key();
	/* more steps than the struct holds: refused, not read past */
	*k = base;
	k->policy.nsteps = MTPM_KEYFILE_MAX_STEPS + 1;
	assert_int_equal(mtpm_keyfile_write_der(k, out, sizeof(out), &n), MTPM_E_USAGE);
	assert_int_equal(n, 0);
	*k = base;
	k->nauthpol = 1;
	k->authpol[0].nsteps = MTPM_KEYFILE_MAX_STEPS + 1;
	assert_int_equal(mtpm_keyfile_write_der(k, out, sizeof(out), &n), MTPM_E_USAGE);
	/* more authPolicy entries or PCR lines than it holds: refused, not
	 * silently dropped */
	*k = base;
	k->nauthpol = MTPM_KEYFILE_MAX_AUTHPOL + 1;
	assert_int_equal(mtpm_keyfile_write_der(k, out, sizeof(out), &n), MTPM_E_USAGE);
	*k = base;
	k->npcrs = MTPM_KEYFILE_MAX_PCRS + 1;
	for (unsigned i = 0; i < MTPM_KEYFILE_MAX_PCRS; i++) {
		k->pcrs[i].hash = MTPM_ALG_SHA1;
		k->pcrs[i].value.size = 20;
	}
	assert_int_equal(mtpm_keyfile_write_pem(k, out, sizeof(out), &n), MTPM_E_USAGE);
	/* a PCR line that cannot be written */
	k->npcrs = 1;
	k->pcrs[0].pcr = 24;
	assert_int_equal(mtpm_keyfile_write_pem(k, out, sizeof(out), &n), MTPM_E_USAGE);
	k->pcrs[0].pcr = 0;
	k->pcrs[0].hash = MTPM_ALG_NULL;
	assert_int_equal(mtpm_keyfile_write_pem(k, out, sizeof(out), &n), MTPM_E_USAGE);
	/* a step kind the file cannot hold; PolicyAuthorize with no key slot */
	*k = base;
	k->policy.nsteps = 1;
	k->policy.steps[0].cc = MTPM_CC_PolicySecret;
	assert_int_equal(mtpm_keyfile_write_der(k, out, sizeof(out), &n), MTPM_E_UNSUPPORTED);
	/* too small an output */
	assert_int_equal(mtpm_keyfile_write_der(&base, out, 100, &n), MTPM_E_SPACE);
	assert_int_equal(n, 0);
	assert_int_equal(mtpm_keyfile_write_pem(&base, out, 100, &n), MTPM_E_SPACE);
	assert_int_equal(n, 0);
	free(k);
}

/* --- negatives: DER --------------------------------------------------------- */

static void test_der_truncated(void **state)
{
	size_t n;
	(void)state;

	for (n = 0; n < sizeof(k_blob); n++) {
		if (rd(k_blob, n, 1) != MTPM_E_MALFORMED)
			fail_msg("truncated to %zu accepted", n);
		/* the outer length made to agree */
		if (n >= 3) {
			uint8_t b[sizeof(k_blob)];

			memcpy(b, k_blob, n);
			b[2] = (uint8_t)(n - 3);
			if (n - 3 < 0x80)
				continue;   /* would need the short form */
			if (rd(b, n, 1) != MTPM_E_MALFORMED)
				fail_msg("truncated to %zu (fixed length) accepted", n);
		}
	}
}

/* Walk k_blob's DER: every length byte of every value, in every
 * constructed value we descend into. */
static void test_der_length_bytes(void **state)
{
	size_t stack_s[16], stack_e[16];
	unsigned sp = 0, found = 0;
	uint8_t b[sizeof(k_blob)];
	(void)state;

	stack_s[sp] = 0;
	stack_e[sp++] = sizeof(k_blob);
	while (sp) {
		size_t at = stack_s[--sp], end = stack_e[sp];

		while (at < end) {
			uint8_t tag = k_blob[at];
			size_t lpos = at + 1, len = k_blob[lpos], h = 2;
			int d;

			if (len == 0x81) {
				lpos = at + 2;
				len = k_blob[lpos];
				h = 3;
			}
			for (d = -1; d <= 1; d += 2) {
				mtpm_rc want = at == K_OID ? MTPM_E_UNSUPPORTED : MTPM_E_MALFORMED;
				mtpm_rc rc;

				memcpy(b, k_blob, sizeof(b));
				b[lpos] = (uint8_t)(b[lpos] + d);
				rc = rd(b, sizeof(b), 1);
				if (rc != want)
					fail_msg("length byte at %zu %+d: rc 0x%x", lpos, d, (unsigned)rc);
			}
			found++;
			if (tag == 0x30 || (tag & 0xE0) == 0xA0) {
				assert_true(sp < 16);
				stack_s[sp] = at + h;
				stack_e[sp++] = at + h + len;
			}
			at += h + len;
		}
	}
	/* SEQUENCE, OID, [0], BOOLEAN, INTEGER, two OCTET STRINGs */
	assert_int_equal(found, 7);
}

static void test_der_structure(void **state)
{
	db d;
	static const uint8_t loadable_oid[] = { 0x06, 0x06, 0x67, 0x81, 0x05, 0x0a, 0x01, 0x03 };
	(void)state;

	/* our builder reproduces the blob */
	key_begin(&d);
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(d.n, sizeof(k_blob));
	assert_memory_equal(d.b, k_blob, sizeof(k_blob));

	/* indefinite length on the outer SEQUENCE (with end-of-contents) */
	{
		uint8_t b[sizeof(k_blob) + 2];

		b[0] = 0x30;
		b[1] = 0x80;
		memcpy(b + 2, k_blob + 3, sizeof(k_blob) - 3);
		b[sizeof(k_blob) - 1] = 0;
		b[sizeof(k_blob)] = 0;
		assert_int_equal(rd(b, sizeof(k_blob) + 1, 1), MTPM_E_MALFORMED);
	}
	/* non-minimal length: the OID as 06 81 06 ... */
	memset(&d, 0, sizeof(d));
	db_open(&d, 0x30);
	db_bytes(&d, (const uint8_t[]){ 0x06, 0x81, 0x06 }, 3);
	db_bytes(&d, k_blob + K_OID + 2, 6);
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* wrong OID: a loadable key (.1.3) is not ours */
	memset(&d, 0, sizeof(d));
	db_open(&d, 0x30);
	db_bytes(&d, loadable_oid, sizeof(loadable_oid));
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_UNSUPPORTED);
	/* [2] secret present */
	key_begin(&d);
	key_empty_auth(&d);
	db_open(&d, 0xA2);
	db_tlv(&d, 0x04, "secret", 6);
	db_close(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* unknown tags: [6], a bare NULL, an UTF8String */
	key_begin(&d);
	db_open(&d, 0xA6);
	db_tlv(&d, 0x01, (const uint8_t[]){ 0xFF }, 1);
	db_close(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_tlv(&d, 0x05, NULL, 0);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* fields out of order: [1] before [0]; [0] twice */
	key_begin(&d);
	db_policy(&d, 1);
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	key_empty_auth(&d);
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* [4] description is skipped; an empty emptyAuth FALSE reads 0 */
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA0, 0x03, 0x01, 0x01, 0x00 }, 5);
	db_open(&d, 0xA4);
	db_tlv(&d, 0x0C, "kernel key", 10);
	db_close(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
	assert_int_equal(kf.empty_auth, 0);
	assert_int_equal(kf.parent, 0x81000001u);
	/* trailing bytes after the SEQUENCE */
	{
		uint8_t b[sizeof(k_blob) + 1];

		memcpy(b, k_blob, sizeof(k_blob));
		b[sizeof(k_blob)] = 0x00;
		assert_int_equal(rd(b, sizeof(b), 1), MTPM_E_MALFORMED);
		assert_int_equal(rd(b, sizeof(b), 0), MTPM_E_MALFORMED);
	}
	/* a second SEQUENCE inside after privkey */
	key_begin(&d);
	key_empty_auth(&d);
	d.depth = 1;
	db_bytes(&d, k_blob + K_PARENT, sizeof(k_blob) - K_PARENT);
	db_tlv(&d, 0x30, NULL, 0);
	db_close(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* a pubkey that is not a KEYEDHASH object (the SRK's) */
	key_begin(&d);
	db_bytes(&d, k_blob + K_PARENT, K_PUB - K_PARENT);
	db_tlv(&d, 0x04, golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub));
	db_bytes(&d, k_blob + K_PRIV, sizeof(k_blob) - K_PRIV);
	db_close(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* pubkey with a trailing byte inside its OCTET STRING */
	key_begin(&d);
	db_bytes(&d, k_blob + K_PARENT, K_PUB - K_PARENT);
	db_open(&d, 0x04);
	db_bytes(&d, k_blob + K_PUB + 2, 48);
	db_byte(&d, 0);
	db_close(&d);
	db_bytes(&d, k_blob + K_PRIV, sizeof(k_blob) - K_PRIV);
	db_close(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* too large to be ours */
	assert_int_equal(rd(out, MTPM_KEYFILE_MAX_DER + 1, 1), MTPM_E_MALFORMED);
	memset(out2, 'A', sizeof(out2));
	assert_int_equal(rd(out2, MTPM_KEYFILE_MAX_PEM + 1, 0), MTPM_E_MALFORMED);
}

static void test_der_policy_bounds(void **state)
{
	db d;
	unsigned i;
	(void)state;

	/* 6 steps fit, 7 do not; an empty policy sequence is not a policy */
	key_begin(&d);
	key_empty_auth(&d);
	db_policy(&d, MTPM_KEYFILE_MAX_STEPS);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
	assert_int_equal(kf.policy.nsteps, MTPM_KEYFILE_MAX_STEPS);
	assert_int_equal(kf.policy.steps[5].cc, MTPM_CC_PolicyAuthValue);
	key_begin(&d);
	key_empty_auth(&d);
	db_policy(&d, MTPM_KEYFILE_MAX_STEPS + 1);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	key_empty_auth(&d);
	db_policy(&d, 0);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);

	/* 3 authPolicy entries fit, 4 do not */
	for (i = MTPM_KEYFILE_MAX_AUTHPOL; i <= MTPM_KEYFILE_MAX_AUTHPOL + 1; i++) {
		unsigned j;

		key_begin(&d);
		key_empty_auth(&d);
		db_open(&d, 0xA3);
		db_open(&d, 0x30);
		for (j = 0; j < i; j++) {
			db_open(&d, 0x30);
			db_open(&d, 0xA0);
			db_tlv(&d, 0x0C, "pcr", 3);
			db_close(&d);
			db_open(&d, 0xA1);
			db_open(&d, 0x30);
			db_step(&d, MTPM_CC_PolicyCommandCode,
				(const uint8_t[]){ 0, 0, 0x01, 0x5E }, 4);
			db_close(&d);
			db_close(&d);
			db_close(&d);
		}
		db_close(&d);
		db_close(&d);
		key_tail(&d);
		if (i == MTPM_KEYFILE_MAX_AUTHPOL) {
			assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
			assert_int_equal(kf.nauthpol, i);
			assert_int_equal(kf.authpol[2].steps[0].u.cc.code, MTPM_CC_Unseal);
		} else {
			assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
		}
	}

	/* a step's commandPolicy: trailing byte, short, unknown command,
	 * PolicyOR with one digest, two PolicyAuthorize */
	{
		static const struct { uint32_t cc; uint8_t p[8]; size_t n; mtpm_rc rc; } bad[] = {
			{ MTPM_CC_PolicyCommandCode, { 0, 0, 1, 0x5E, 0 }, 5, MTPM_E_MALFORMED },
			{ MTPM_CC_PolicyCommandCode, { 0, 0, 1 }, 3, MTPM_E_MALFORMED },
			{ MTPM_CC_PolicyAuthValue, { 0 }, 1, MTPM_E_MALFORMED },
			/* a command mtpm cannot run: the file is fine, mtpm is not */
			{ MTPM_CC_PolicySigned, { 0 }, 0, MTPM_E_UNSUPPORTED },
			{ MTPM_CC_PolicyOR, { 0, 0, 0, 1, 0, 0 }, 6, MTPM_E_MALFORMED },
			{ MTPM_CC_PolicyOR, { 0, 0, 0, 0 }, 4, MTPM_E_MALFORMED },
		};
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			key_begin(&d);
			db_open(&d, 0xA1);
			db_open(&d, 0x30);
			db_step(&d, bad[i].cc, bad[i].p, bad[i].n);
			db_close(&d);
			db_close(&d);
			key_tail(&d);
			if (rd(d.b, d.n, 1) != bad[i].rc)
				fail_msg("bad step %u accepted", i);
		}
	}
	/* commandCode as a negative or 6-byte INTEGER */
	{
		static const uint8_t neg[] = { 0x30, 0x09, 0xA0, 0x03, 0x02, 0x01, 0xFF,
					       0xA1, 0x02, 0x04, 0x00 };
		key_begin(&d);
		db_open(&d, 0xA1);
		db_open(&d, 0x30);
		db_bytes(&d, neg, sizeof(neg));
		db_close(&d);
		db_close(&d);
		key_tail(&d);
		assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	}
}

static void test_der_parent_and_bool(void **state)
{
	static const struct { uint8_t b[10]; size_t n; } bad_parent[] = {
		{ { 0x02, 0x05, 0x80, 0x00, 0x00, 0x00, 0x01 }, 7 },       /* negative */
		{ { 0x02, 0x04, 0x81, 0x00, 0x00, 0x01 }, 6 },             /* negative */
		{ { 0x02, 0x01, 0xFF }, 3 },                               /* -1 */
		{ { 0x02, 0x06, 0x00, 0x00, 0x81, 0x00, 0x00, 0x01 }, 8 }, /* 6 bytes */
		{ { 0x02, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 }, 8 },
		{ { 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, 7 },       /* 2^32 */
		{ { 0x02, 0x00 }, 2 },
		{ { 0x04, 0x04, 0x81, 0x00, 0x00, 0x01 }, 6 },             /* not an INTEGER */
		{ { 0xA1, 0x07, 0x02, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01 }, 9 }, /* tagged */
	};
	db d;
	unsigned i;
	(void)state;

	for (i = 0; i < sizeof(bad_parent) / sizeof(bad_parent[0]); i++) {
		key_begin(&d);
		key_empty_auth(&d);
		db_bytes(&d, bad_parent[i].b, bad_parent[i].n);
		db_bytes(&d, k_blob + K_PUB, sizeof(k_blob) - K_PUB);
		db_close(&d);
		if (rd(d.b, d.n, 1) != MTPM_E_MALFORMED)
			fail_msg("parent %u accepted", i);
	}
	/* BOOLEAN with 2 bytes, or none, in emptyAuth and rsaParent */
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA0, 0x04, 0x01, 0x02, 0xFF, 0xFF }, 6);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA0, 0x02, 0x01, 0x00 }, 4);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA5, 0x04, 0x01, 0x02, 0xFF, 0xFF }, 6);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* rsaParent TRUE as the kernel would write it */
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA5, 0x03, 0x01, 0x01, 0x01 }, 5);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
	assert_int_equal(kf.rsa_parent, 1);
	assert_int_equal(kf.empty_auth, 0);
	/* [0] holding two BOOLEANs */
	key_begin(&d);
	db_bytes(&d, (const uint8_t[]){ 0xA0, 0x06, 0x01, 0x01, 0xFF, 0x01, 0x01, 0xFF }, 8);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
}

/* [5] rsaParent TRUE as the kernel would write it */
static void db_rsa_parent(db *d)
{
	db_bytes(d, (const uint8_t[]){ 0xA5, 0x03, 0x01, 0x01, 0x01 }, 5);
}

/* [4] description */
static void db_description(db *d)
{
	db_open(d, 0xA4);
	db_tlv(d, 0x0C, "kernel key", 10);
	db_close(d);
}

/* [3] { SEQUENCE OF one TPMAuthPolicy { [0] name, [1] one PolicyAuthValue } } */
static void db_authpol(db *d)
{
	db_open(d, 0xA3);
	db_open(d, 0x30);
	db_open(d, 0x30);
	db_open(d, 0xA0);
	db_tlv(d, 0x0C, "signed", 6);
	db_close(d);
	db_policy(d, 1);
	db_close(d);
	db_close(d);
	db_close(d);
}

/* The optional fields [0] to [5]: any subset, each once, in tag order. */
static void test_der_field_order(void **state)
{
	db d;
	(void)state;

	/* all of them but [2] secret, in order */
	key_begin(&d);
	key_empty_auth(&d);
	db_policy(&d, 2);
	db_authpol(&d);
	db_description(&d);
	db_rsa_parent(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
	assert_int_equal(kf.empty_auth, 1);
	assert_int_equal(kf.policy.nsteps, 2);
	assert_int_equal(kf.policy.steps[1].cc, MTPM_CC_PolicyAuthValue);
	assert_int_equal(kf.nauthpol, 1);
	assert_int_equal(kf.authpol[0].nsteps, 1);
	assert_int_equal(kf.rsa_parent, 1);
	assert_int_equal(kf.parent, 0x81000001u);
	/* a subset with gaps: [1], [5] */
	key_begin(&d);
	db_policy(&d, 1);
	db_rsa_parent(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_OK);
	assert_int_equal(kf.empty_auth, 0);
	assert_int_equal(kf.policy.nsteps, 1);
	assert_int_equal(kf.nauthpol, 0);
	assert_int_equal(kf.rsa_parent, 1);
	/* out of order: [5] before [0], [3] before [1], [4] before [3] */
	key_begin(&d);
	db_rsa_parent(&d);
	key_empty_auth(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_authpol(&d);
	db_policy(&d, 1);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_description(&d);
	db_authpol(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* twice: [1], [4], [5] */
	key_begin(&d);
	db_policy(&d, 1);
	db_policy(&d, 1);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_description(&d);
	db_description(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_rsa_parent(&d);
	db_rsa_parent(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	/* [2] secret after [4], and alone (it is never ours) */
	key_begin(&d);
	db_description(&d);
	db_open(&d, 0xA2);
	db_tlv(&d, 0x04, "secret", 6);
	db_close(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
	key_begin(&d);
	db_open(&d, 0xA2);
	db_tlv(&d, 0x04, "secret", 6);
	db_close(&d);
	key_tail(&d);
	assert_int_equal(rd(d.b, d.n, 1), MTPM_E_MALFORMED);
}

/* --- negatives: PEM and the mtpm lines ------------------------------------ */

/* k_pem with `from` replaced by `to` (first occurrence), prefixed by pre. */
static size_t pem_edit(char *b, size_t cap, const char *pre, const char *from, const char *to)
{
	const char *at = from ? strstr(k_pem, from) : NULL;
	size_t n;

	if (from)
		assert_non_null(at);
	if (at)
		n = (size_t)snprintf(b, cap, "%s%.*s%s%s", pre, (int)(at - k_pem), k_pem, to,
				     at + strlen(from));
	else
		n = (size_t)snprintf(b, cap, "%s%s", pre, k_pem);
	assert_true(n < cap);
	return n;
}

static void test_pem_rejects(void **state)
{
	static const struct { const char *from, *to; } bad[] = {
		{ "MIHp", "M*Hp" },                            /* bad character */
		{ "MIHp", "MI-p" },
		{ "6/o=\n", "6/o\n" },                         /* padding missing */
		{ "6/o=\n", "6/o==\n" },                       /* too much padding */
		{ "6/o=\n", "6/o=A\n" },                       /* data after '=' */
		{ "6/o=\n", "6/o=\nAAAA\n" },
		{ "6/o=\n", "6/p=\n" },                        /* leftover bits set */
		{ "6/o=\n", "6/\n" },                          /* 6 leftover bits */
		{ "-----END TSS2 PRIVATE KEY-----\n", "" },     /* no END */
		{ "-----END TSS2 PRIVATE KEY-----", "-----END TSS2 PUBLIC KEY-----" },
		{ "-----BEGIN TSS2 PRIVATE KEY-----", "-----BEGIN TSS2 PUBLIC KEY-----" },
		{ "MIHpBgZngQUKAQWg", "" },                     /* DER cut */
	};
	char b[2048];
	unsigned i;
	size_t n;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = pem_edit(b, sizeof(b), "", bad[i].from, bad[i].to);
		if (rd(b, n, 0) != MTPM_E_MALFORMED)
			fail_msg("PEM edit %u accepted", i);
	}
	/* nothing, and garbage */
	assert_int_equal(rd("", 0, 0), MTPM_E_MALFORMED);
	assert_int_equal(rd("hello\n", 6, 0), MTPM_E_MALFORMED);
	/* the PEM of a loadable-key DER stays UNSUPPORTED */
	n = pem_edit(b, sizeof(b), "", "MIHpBgZngQUKAQWg", "MIHpBgZngQUKAQOg");
	assert_int_equal(rd(b, n, 0), MTPM_E_UNSUPPORTED);
}

static void test_pem_lines(void **state)
{
	static const char *const bad[] = {
		"mtpm-parent-name: 000bzz\n",                                     /* bad hex */
		"mtpm-parent-name: 000b1\n",                                      /* odd */
		"mtpm-parent-name: 000b0102\n",                                   /* too short for SHA-256 */
		"mtpm-parent-name: 000b" "0000000000000000000000000000000000000000000000000000000000000000" "00\n",
		"mtpm-parent-name: 0010" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-parent-name: \n",
		"mtpm-pcr: sha256:24=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:99=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:007=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:x=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: md5:7=00000000000000000000000000000000\n",              /* unknown bank */
		"mtpm-pcr: sha3_256:7=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:7=00\n",                                        /* wrong size */
		"mtpm-pcr: sha1:7=" "0000000000000000000000000000000000000000000000000000000000000000" "\n",
		"mtpm-pcr: sha256:7=" "000000000000000000000000000000000000000000000000000000000000000g" "\n",
		"mtpm-pcr: sha256 7=00\n",
		"mtpm-pcr: sha256:7\n",
		"mtpm-parent-public: !!!!\n",                                     /* bad base64 */
		"mtpm-parent-public: AFoAIwAL\n",                                 /* truncated */
		"mtpm-parent-public: \n",
	};
	char b[4096];
	unsigned i;
	size_t n;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = pem_edit(b, sizeof(b), bad[i], NULL, NULL);
		if (rd(b, n, 0) != MTPM_E_MALFORMED)
			fail_msg("mtpm line %u accepted: %s", i, bad[i]);
	}
	/* a parent public longer than any TPM2B_PUBLIC is a bad file
	 * (MALFORMED), not a short scratch (SPACE: the caller's to fix) */
	{
		char line[1024];

		memcpy(line, "mtpm-parent-public: ", 20);
		memset(line + 20, 'A', 900);
		memcpy(line + 920, "\n", 2);
		n = pem_edit(b, sizeof(b), line, NULL, NULL);
		assert_int_equal(rd(b, n, 0), MTPM_E_MALFORMED);
	}
	/* lines that are not ours are explanatory text: ignored */
	n = pem_edit(b, sizeof(b),
		     "Subject: a sealed key\nmtpm-something-else: 42\nMTPM-PCR: x\n"
		     " mtpm-pcr: sha256:99=00\n\n", NULL, NULL);
	assert_int_equal(rd(b, n, 0), MTPM_OK);
	check_kernel_fields();
	/* good lines parse */
	n = pem_edit(b, sizeof(b),
		     "mtpm-pcr: sha256:23=" "0101010101010101010101010101010101010101010101010101010101010101" "\n"
		     "mtpm-pcr: sha1:0=" "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" "\r\n"
		     "mtpm-parent-name: 000b" "cb639e664d5a20db23ad934c58fd0f073f3c10b3f00a5f8d37adf8f882d08120" "\n",
		     NULL, NULL);
	assert_int_equal(rd(b, n, 0), MTPM_OK);
	assert_int_equal(kf.npcrs, 2);
	assert_int_equal(kf.pcrs[0].pcr, 23);
	assert_int_equal(kf.pcrs[0].hash, MTPM_ALG_SHA256);
	assert_int_equal(kf.pcrs[0].value.buffer[31], 1);
	assert_int_equal(kf.pcrs[1].hash, MTPM_ALG_SHA1);
	assert_int_equal(kf.pcrs[1].value.size, 20);
	assert_int_equal(kf.pcrs[1].value.buffer[0], 0xFF);
	assert_int_equal(kf.parent_name.size, 34);
	assert_int_equal(kf.parent_name.buffer[33], 0x20);
	assert_int_equal(kf.parent, 0x81000001u);
	/* 24 PCR lines fit, 25 do not */
	{
		static char big[8192];
		size_t at = 0;

		for (i = 0; i < MTPM_KEYFILE_MAX_PCRS + 1; i++)
			at += (size_t)snprintf(big + at, sizeof(big) - at,
					       "mtpm-pcr: sha1:%u=%040d\n", i % 24, 0);
		at += (size_t)snprintf(big + at, sizeof(big) - at, "%s", k_pem);
		assert_int_equal(rd(big, at, 0), MTPM_E_MALFORMED);
		at = 0;
		for (i = 0; i < MTPM_KEYFILE_MAX_PCRS; i++)
			at += (size_t)snprintf(big + at, sizeof(big) - at,
					       "mtpm-pcr: sha1:%u=%040d\n", i % 24, 0);
		at += (size_t)snprintf(big + at, sizeof(big) - at, "%s", k_pem);
		assert_int_equal(rd(big, at, 0), MTPM_OK);
		assert_int_equal(kf.npcrs, MTPM_KEYFILE_MAX_PCRS);
	}
	/* a good mtpm line over a bad key: still fully zeroed */
	n = pem_edit(b, sizeof(b), "mtpm-pcr: sha1:0=" "0000000000000000000000000000000000000000" "\n",
		     "MIHp", "M*Hp");
	assert_int_equal(rd(b, n, 0), MTPM_E_MALFORMED);
}

/* --- raw files and mtpm_pem_decode ------------------------------------- */

static void test_raw_files(void **state)
{
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_PRIVATE priv;
	uint8_t b[200];
	size_t n;
	(void)state;

	/* the vector's OCTET STRING contents, as tss2key.py split writes them */
	assert_int_equal(mtpm_keyfile_read_public(k_blob + K_PUB + 2, 48, &pub), MTPM_OK);
	assert_int_equal(pub.size, 46);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_KEYEDHASH);
	assert_int_equal(mtpm_keyfile_read_private(k_blob + K_PRIV + 3, 160, &priv), MTPM_OK);
	assert_int_equal(priv.size, 158);
	assert_memory_equal(priv.buffer, k_blob + K_PRIV + 5, 158);
	/* a trailing byte, every truncation: refused and zeroed */
	memcpy(b, k_blob + K_PUB + 2, 48);
	b[48] = 0;
	memset(&pub, 0xA5, sizeof(pub));
	assert_int_equal(mtpm_keyfile_read_public(b, 49, &pub), MTPM_E_MALFORMED);
	assert_true(all_zero(&pub, sizeof(pub)));
	memcpy(b, k_blob + K_PRIV + 3, 160);
	b[160] = 0;
	memset(&priv, 0xA5, sizeof(priv));
	assert_int_equal(mtpm_keyfile_read_private(b, 161, &priv), MTPM_E_MALFORMED);
	assert_true(all_zero(&priv, sizeof(priv)));
	for (n = 0; n < 48; n++) {
		memset(&pub, 0xA5, sizeof(pub));
		assert_int_equal(mtpm_keyfile_read_public(k_blob + K_PUB + 2, n, &pub), MTPM_E_MALFORMED);
		assert_true(all_zero(&pub, sizeof(pub)));
	}
	for (n = 0; n < 160; n++) {
		memset(&priv, 0xA5, sizeof(priv));
		assert_int_equal(mtpm_keyfile_read_private(k_blob + K_PRIV + 3, n, &priv),
				 MTPM_E_MALFORMED);
		assert_true(all_zero(&priv, sizeof(priv)));
	}
	/* the SRK's public file */
	assert_int_equal(mtpm_keyfile_read_public(golden_kernel_srk_pub, sizeof(golden_kernel_srk_pub), &pub), MTPM_OK);
	assert_int_equal(pub.publicArea.type, MTPM_ALG_ECC);
}

static void test_pem_decode(void **state)
{
	/* "hello world!" and "hi" under other labels */
	static const char pk[] = "junk\n-----BEGIN PUBLIC KEY-----\naGVsbG8g\nd29ybGQh\n"
				 "-----END PUBLIC KEY-----\ntrailer\n";
	static const char hi[] = "-----BEGIN X-----\naGk=\n-----END X-----\n";
	uint8_t b[64];
	size_t n = 99;
	char label[64];
	(void)state;

	assert_int_equal(mtpm_pem_decode("PUBLIC KEY", (const uint8_t *)pk, strlen(pk), b,
					 sizeof(b), &n), MTPM_OK);
	assert_int_equal(n, 12);
	assert_memory_equal(b, "hello world!", 12);
	assert_int_equal(mtpm_pem_decode("X", (const uint8_t *)hi, strlen(hi), b, sizeof(b), &n),
			 MTPM_OK);
	assert_int_equal(n, 2);
	assert_memory_equal(b, "hi", 2);
	/* another label, a prefix of the label, too small an output */
	assert_int_equal(mtpm_pem_decode("PRIVATE KEY", (const uint8_t *)pk, strlen(pk), b,
					 sizeof(b), &n), MTPM_E_MALFORMED);
	assert_int_equal(n, 0);
	assert_int_equal(mtpm_pem_decode("PUBLIC", (const uint8_t *)pk, strlen(pk), b,
					 sizeof(b), &n), MTPM_E_MALFORMED);
	assert_int_equal(mtpm_pem_decode("PUBLIC KEY", (const uint8_t *)pk, strlen(pk), b,
					 11, &n), MTPM_E_MALFORMED);
	/* a label longer than 40 characters */
	memset(label, 'A', 41);
	label[41] = 0;
	assert_int_equal(mtpm_pem_decode(label, (const uint8_t *)pk, strlen(pk), b,
					 sizeof(b), &n), MTPM_E_USAGE);
	label[40] = 0;
	assert_int_equal(mtpm_pem_decode(label, (const uint8_t *)pk, strlen(pk), b,
					 sizeof(b), &n), MTPM_E_MALFORMED);
	/* the kernel PEM under its own label */
	assert_int_equal(mtpm_pem_decode("TSS2 PRIVATE KEY", (const uint8_t *)k_pem,
					 strlen(k_pem), out, sizeof(out), &n), MTPM_OK);
	assert_int_equal(n, sizeof(k_blob));
	assert_memory_equal(out, k_blob, n);
}

/* The caller's scratch (issue 13): a PEM body decodes into it and it is
 * wiped before return; one just large enough works, one byte short is
 * MTPM_E_SPACE with kf zeroed; none at all still reads DER. */
static void test_caller_scratch(void **state)
{
	static uint8_t small[sizeof(k_blob) + 8];
	size_t i;

	(void)state;
	memset(small, 0xA5, sizeof(small));
	assert_int_equal(mtpm_keyfile_read((const uint8_t *)k_pem, strlen(k_pem), &kf,
					   small, sizeof(k_blob)), MTPM_OK);
	for (i = 0; i < sizeof(k_blob); i++)
		assert_int_equal(small[i], 0);                 /* wiped */
	assert_int_equal(small[sizeof(k_blob)], 0xA5);      /* nothing past cap */
	assert_int_equal(mtpm_keyfile_read((const uint8_t *)k_pem, strlen(k_pem), &kf,
					   small, sizeof(k_blob) - 1), MTPM_E_SPACE);
	assert_true(all_zero(&kf, sizeof(kf)));
	assert_true(all_zero(small, sizeof(k_blob) - 1));
	assert_int_equal(mtpm_keyfile_read((const uint8_t *)k_pem, strlen(k_pem), &kf,
					   NULL, 0), MTPM_E_SPACE);
	assert_int_equal(mtpm_keyfile_read(k_blob, sizeof(k_blob), &kf, NULL, 0), MTPM_OK);
	assert_int_equal(kf.pub.size, 46);   /* the 48-byte TPM2B_PUBLIC field: size 46 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_der_pem),
		cmocka_unit_test(test_caller_scratch),
		cmocka_unit_test(test_kernel_write_back),
		cmocka_unit_test(test_pem_in_place),
		cmocka_unit_test(test_kernel_field_set),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_write_bounds),
		cmocka_unit_test(test_der_truncated),
		cmocka_unit_test(test_der_length_bytes),
		cmocka_unit_test(test_der_structure),
		cmocka_unit_test(test_der_policy_bounds),
		cmocka_unit_test(test_der_parent_and_bool),
		cmocka_unit_test(test_der_field_order),
		cmocka_unit_test(test_pem_rejects),
		cmocka_unit_test(test_pem_lines),
		cmocka_unit_test(test_raw_files),
		cmocka_unit_test(test_pem_decode),
	};
	return cmocka_run_group_tests_name("keyfile", tests, NULL, NULL);
}
