/*
 * decode.c - `mtpm decode` and the --trace printer: TPM 2.0 command and
 * response frames, field by field (TPM 2.0 Library rev 01.59: Part 1 §18
 * frame layout, Part 2 types, Part 3 commands).
 *
 * How to read it:
 *   1. The layouts are the command rows (include/mtpm/table.h), the same
 *      rows the pipeline builds from: handles (an auth role prints "@", as
 *      in Part 3), parameters and response handle/parameters with Part 2
 *      types, and which one is secret (redacted). The decoder keeps no
 *      table of its own: the names of commands, constants and attribute
 *      bits are the library's (mtpm_cc_name, mtpm_const_name, mtpm_attr_name).
 *   2. Parsing is the library's: an integer or TPM2B through the cursor
 *      (fint, f2b), a structure through its getter (mtpm_get_TPM2B_PUBLIC,
 *      ...) on the frame's own cursor (w_param, w_auth). The decoder
 *      restates no Part 2 layout or selector set.
 *   3. Printing is from what the getter filled: pv, p2b and the p_*
 *      printers print "offset length name: TYPE = value" per field and move
 *      the print offset (d->o) past it; a nested heading's length is what the
 *      library's put function marshals (WIRE_LEN). Bytes are shown from the
 *      frame itself, so redaction can zero them in the scrub copy.
 *   4. dec_frame walks both directions in wire order: header, handles, then
 *      a command's authorization area and parameters or a response's
 *      parameters and authorization area. The trace sink, the capture
 *      reader and the `mtpm decode` subcommand are src/cli/trace.c.
 *
 * A structure the getter rejects stops the decode at its first byte
 * ("mtpm_get_X rejects this X", or the list count beyond what mtpm
 * accepts); the rest is dumped as unparsed bytes.
 *
 * Invariants (this is a fuzz target: cli_decode_frame):
 *   - every wire byte is read through an mtpm_cur; a wire value sizes a
 *     loop only after the library getter bounded it, and every lookup
 *     keyed by a wire value is a bounded switch with a default;
 *   - the first failure stops parsing (the cursor's sticky error), printed
 *     with its offset; the rest is dumped unparsed, never read past b[n);
 *   - no recursion: structure depth is fixed by the printers' call graph;
 *   - the getters' scratch and the WIRE_LEN buffer may hold secrets: they
 *     are wiped (mtpm_wipe) after every use;
 *   - with redact, no secret byte reaches the output, in hex or raw, and
 *     the scrub copy has it zeroed; an unknown or unparsable region may
 *     hold anything, so redaction hides it too.
 *
 * Known gaps: TPM2B_SENSITIVE (LoadExternal inPrivate) and the TPM's
 * opaque blobs (TPM2B_PRIVATE, contextBlob) are shown as bytes, not
 * opened; TPM_PT property names are not spelled out; GetRandom output is
 * not treated as secret (it is often used as one: see the README).
 */
#include <stdarg.h>
#include <string.h>
#include "cli.h"
#include "decode.h"
#include "mtpm/names.h"
#include "mtpm/table.h"

#ifndef MTPM_CLI_MINIMAL   /* the whole decoder; the initramfs build has none */

#if defined(__GNUC__)
#define DEC_PRINTF(f, a) __attribute__((format(__printf__, f, a)))
#else
#define DEC_PRINTF(f, a)
#endif

/* How an integer field is shown: by the Part 2 name of a constant kind
 * (the library's mtpm_const_name, include/mtpm/names.h), or in a format
 * of the decoder's own. */
enum vf {
	V_ALG = MTPM_CONST_ALG, V_CURVE = MTPM_CONST_ECC_CURVE, V_ST = MTPM_CONST_ST,
	V_SU = MTPM_CONST_SU, V_SE = MTPM_CONST_SE, V_CAP = MTPM_CONST_CAP,
	V_DEC = 32, V_I32, V_HEX, V_YESNO, V_HANDLE, V_CC, V_CCA, V_RC, V_OBJ, V_NV, V_SESS
};

/* ---- Decoder state and printing ---- */

/* Scratch for the library getters: the largest type they fill. Holds
 * secrets while in use; wiped after every use. */
union scratch {
	struct {              /* a plain TPM2B: plain[].max2b bounds it */
		uint16_t size;
		uint8_t buf[MTPM_MAX_CONTEXT];
	} raw;
	mtpm_TPMS_AUTH_COMMAND auth_cmd;
	mtpm_TPMS_AUTH_RESPONSE auth_rsp;
	mtpm_TPML_PCR_SELECTION pcr_sels;
	mtpm_TPML_DIGEST digests;
	mtpm_TPML_DIGEST_VALUES digest_values;
	mtpm_TPMT_SYM_DEF sym_def;
	mtpm_TPM2B_PUBLIC pub;
	mtpm_TPM2B_SENSITIVE_CREATE sens_create;
	mtpm_TPM2B_CREATION_DATA creation;
	mtpm_TPMT_TK tk;
	mtpm_TPMT_SIGNATURE sig;
	mtpm_TPMS_CONTEXT context;
	mtpm_TPM2B_NV_PUBLIC nv_pub;
	mtpm_TPMS_CAPABILITY_DATA cap;
};

struct dec {
	FILE *out;            /* NULL: a silent pass (the trace's scrub pass) */
	const char *prefix;   /* starts every line */
	const uint8_t *b;     /* the frame */
	size_t n;             /* its length */
	int redact;
	uint8_t *scrub;       /* NULL or a copy of b: hidden bytes are zeroed */
	unsigned depth;       /* indentation of nested fields */
	size_t o;             /* frame offset of the next field printed */
	int bad;              /* something did not parse */
	int stopped;          /* parsing stopped at stop_off */
	size_t stop_off;
	size_t first_bad;     /* offset of the first problem (note or stop) */
	union scratch s;
	mtpm_cur m;           /* WIRE_LEN: a nested structure re-marshalled */
	uint8_t mbuf[1024];   /* more than any nested structure's wire size */
};

/* A cursor and where its byte 0 sits in the frame. */
struct dcur {
	mtpm_cur c;
	size_t base;
};

static size_t at(const struct dcur *dc)
{
	return dc->base + dc->c.pos;
}

static DEC_PRINTF(2, 3) void pr(struct dec *d, const char *fmt, ...)
{
	va_list ap;

	if (!d->out)
		return;
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
}

/* "   off   len  " then the indentation. */
static void lead(struct dec *d, size_t off, size_t len)
{
	pr(d, "%s%6zu %5zu  %*s", d->prefix, off, len, (int)(2 * d->depth), "");
}

/* A line with no bytes of its own (a group heading). */
static void lead_blank(struct dec *d)
{
	pr(d, "%s%14s%*s", d->prefix, "", (int)(2 * d->depth), "");
}

static void hide(struct dec *d, size_t off, size_t len)
{
	if (d->scrub && off <= d->n && len <= d->n - off && len > 0)
		memset(d->scrub + off, 0, len);
}

/* A problem at off: "!! does not parse at offset N: ..." when it stops
 * the parse (only the first is printed; c, if given, gets the sticky
 * error for checks the decoder makes itself), else "!! offset N: ..."
 * and parsing goes on (a size field that disagrees). */
static DEC_PRINTF(5, 6) void report(struct dec *d, int stops, mtpm_cur *c, size_t off,
				    const char *fmt, ...)
{
	va_list ap;

	if (c)
		mtpm_rc_ignore(mtpm_cur_fail(c, MTPM_E_MALFORMED));
	if (!d->bad)
		d->first_bad = off;
	d->bad = 1;
	if (stops && d->stopped)
		return;
	if (stops) {
		d->stopped = 1;
		d->stop_off = off;
	}
	pr(d, stops ? "%s!! does not parse at offset %zu: " : "%s!! offset %zu: ", d->prefix, off);
	if (d->out) {
		va_start(ap, fmt);
		vfprintf(d->out, fmt, ap);
		va_end(ap);
	}
	pr(d, "\n");
}
#define stop(d, off, ...) report(d, 1, NULL, off, __VA_ARGS__)
#define dfail(d, dc, off, ...) report(d, 1, &(dc)->c, off, __VA_ARGS__)
#define note(d, off, ...) report(d, 0, NULL, off, __VA_ARGS__)

enum show { SHOW, SECRET, CIPHER, UNKNOWN };

/* The value of b[off..off+len): hex (32 bytes a line), or a marker. */
static void pr_bytes(struct dec *d, size_t off, size_t len, enum show how)
{
	size_t i;

	if (off > d->n || len > d->n - off) {   /* cannot happen: callers read it first */
		pr(d, "(out of range)");
		return;
	}
	if (len == 0) {
		pr(d, "(empty)");
		return;
	}
	if (d->redact && how != SHOW) {
		hide(d, off, len);
		pr(d, how == CIPHER ? "<encrypted %zu bytes>" : "<redacted %zu bytes>", len);
		return;
	}
	if (how == CIPHER)
		pr(d, "(encrypted) ");
	for (i = 0; i < len; i++) {
		if (i > 0 && i % 32 == 0) {
			pr(d, "\n");
			lead_blank(d);
			pr(d, "    ");
		}
		pr(d, "%02x", d->b[off + i]);
	}
}

/* A TPMA_* value's bits by their Part 2 names (mtpm_attr_name), in bit
 * order, then the bits without one; TPMA_NV's TPM_NT field is printed on
 * its own (pr_val), so it is not among them. */
static void pr_bits(struct dec *d, uint32_t v, enum mtpm_attr_kind k)
{
	uint32_t known = k == MTPM_ATTR_NV ? MTPM_NV_TPM_NT_MASK : 0, bit;
	const char *n;
	unsigned i;

	for (i = 0; i < 32; i++) {
		bit = 1u << i;
		n = mtpm_attr_name(k, bit);
		if (!n)
			continue;
		known |= bit;
		if (v & bit)
			pr(d, " %s", n);
	}
	if (v & ~known)
		pr(d, " (other bits 0x%x)", v & ~known);
}

/* A permanent handle's Part 2 name, else what kind of handle h is
 * (Part 2 §7.2 TPM_HT, the top byte). */
static const char *handle_kind(uint32_t h)
{
	const char *n = mtpm_const_name(MTPM_CONST_PERMANENT, h);

	if (n)
		return n;
	switch (h >> 24) {
	case MTPM_HT_NV_INDEX: return "NV index";
	case MTPM_HT_HMAC_SESSION: return "HMAC session";
	case MTPM_HT_POLICY_SESSION: return "policy session";
	case MTPM_HT_PERMANENT: return "permanent handle";
	case MTPM_HT_TRANSIENT: return "transient object";
	case MTPM_HT_PERSISTENT: return "persistent object";
	default: return "unknown handle type";
	}
}

static void pr_val(struct dec *d, enum vf vf, unsigned width, uint32_t v)
{
	char buf[200];
	const char *n = NULL;

	switch (vf) {
	case V_DEC:
		pr(d, "%u", v);
		break;
	case V_I32:
		if (v & 0x80000000u)
			pr(d, "-%lu", (unsigned long)(~v) + 1ul);
		else
			pr(d, "%u", v);
		break;
	case V_HEX:
		pr(d, "0x%0*x", (int)width * 2, v);
		break;
	case V_HANDLE:
		if (v >> 24 == MTPM_HT_PCR)
			pr(d, v < 32 ? "0x%08x (PCR %u)" : "0x%08x (PCR %u, beyond 31)", v, v);
		else
			pr(d, "0x%08x (%s)", v, handle_kind(v));
		break;
	case V_CC:
		n = mtpm_cc_name(v);
		if (n)
			pr(d, "TPM_CC_%s (0x%08x)", n, v);
		else
			pr(d, "0x%08x (unknown command)", v);
		break;
	case V_CCA:      /* TPMA_CC: commandIndex in bits 0-15 */
		n = mtpm_cc_name(v & 0xFFFF);
		pr(d, "0x%08x (%s%s)", v, n ? "TPM_CC_" : "commandIndex ", n ? n : "?");
		break;
	case V_RC:
		if (v == MTPM_OK)
			pr(d, "TPM_RC_SUCCESS (0x00000000)");
		else
			pr(d, "%s", mtpm_rc_str(v, buf, sizeof(buf)));
		break;
	case V_OBJ:
		pr(d, "0x%08x", v);
		pr_bits(d, v, MTPM_ATTR_OBJECT);
		break;
	case V_NV:
		pr(d, "0x%08x TPM_NT=%u", v, (v & MTPM_NV_TPM_NT_MASK) >> MTPM_NV_TPM_NT_SHIFT);
		pr_bits(d, v, MTPM_ATTR_NV);
		break;
	case V_SESS:
		pr(d, "0x%02x", v);
		pr_bits(d, v, MTPM_ATTR_SESSION);
		break;
	default:         /* V_YESNO (Part 2 §9.2) or a constant kind: V_ALG, V_ST, ... */
		n = vf == V_YESNO ? (v == 0 ? "NO" : v == 1 ? "YES" : NULL)
				  : mtpm_const_name((enum mtpm_const_kind)vf, v);
		if (n)
			pr(d, "%s (0x%0*x)", n, (int)width * 2, v);
		else
			pr(d, "0x%0*x (unknown)", (int)width * 2, v);
		break;
	}
}

/* ---- Field printers: each prints the field at d->o and moves d->o past it ---- */

/* An integer already read: "name: TYPE = value". */
static void pv(struct dec *d, unsigned width, const char *name, const char *type, enum vf vf,
	       uint32_t v)
{
	lead(d, d->o, width);
	pr(d, "%s: %s = ", name, type);
	pr_val(d, vf, width, v);
	pr(d, "\n");
	d->o += width;
}

/* A TPM2B already read (size sz): "name: TYPE size=N = value". The bytes
 * are printed from the frame, so redaction can zero them in the scrub
 * copy. */
static void p2b(struct dec *d, const char *name, const char *type, size_t sz, enum show how)
{
	lead(d, d->o, sz + 2);
	pr(d, "%s: %s size=%zu = ", name, type, sz);
	pr_bytes(d, d->o + 2, sz, how);
	pr(d, "\n");
	d->o += sz + 2;
}

/* A heading with the len bytes of what follows; nests one level. */
static void head(struct dec *d, size_t len, const char *name, const char *type)
{
	lead(d, d->o, len);
	pr(d, "%s: %s\n", name, type);
	d->depth++;
}

/* A group heading with no bytes of its own: a then b. */
static void group(struct dec *d, const char *a, const char *b)
{
	lead_blank(d);
	pr(d, "%s%s\n", a, b);
}

/* The same, opening a level for the fields under it; the caller closes
 * it with d->depth--. */
static void nest(struct dec *d, const char *a, const char *b)
{
	group(d, a, b);
	d->depth++;
}

/* An integer field of width 1, 2 or 4 bytes. Returns its value (0 after
 * a failure, as the cursor's getters do). */
static uint32_t fint(struct dec *d, struct dcur *dc, unsigned width,
		     const char *name, const char *type, enum vf vf)
{
	size_t left = mtpm_cur_left(&dc->c);
	uint8_t b[4] = { 0 };
	uint32_t v = 0;
	unsigned i;

	if (dc->c.err != MTPM_OK)
		return 0;
	if (width != 1 && width != 2)
		width = 4;
	d->o = at(dc);
	mtpm_get_bytes(&dc->c, b, width);   /* what mtpm_get_u8/u16/u32 read */
	if (dc->c.err != MTPM_OK) {
		stop(d, d->o, "%s (%s) needs %u bytes, %zu left", name, type, width, left);
		return 0;
	}
	for (i = 0; i < width; i++)
		v = v << 8 | b[i];    /* big-endian, Part 1 §18 */
	pv(d, width, name, type, vf, v);
	return v;
}

/* How a parameter of a plain kind (enum mtpm_pkind: the row's, never a
 * wire value) is read: an integer of width bytes shown as vf, or a TPM2B
 * of at most max2b bytes, its library type's buffer (the bound each
 * mtpm_get_TPM2B_X passes to mtpm_get_tpm2b). */
#define INT(k, w, f) [MTPM_K_##k] = { w, f, 0 }
#define B2(k, T) [MTPM_K_##k] = { 0, 0, sizeof(((T *)0)->buffer) }
static const struct plain {
	uint8_t width, vf;
	uint16_t max2b;
} plain[] = {
	INT(U8, 1, V_DEC), INT(YESNO, 1, V_YESNO), INT(SE, 1, V_SE), INT(U16, 2, V_DEC),
	INT(SU, 2, V_SU), INT(ALG_HASH, 2, V_ALG), INT(U32, 4, V_DEC), INT(I32, 4, V_I32),
	INT(CAP, 4, V_CAP), INT(PT, 4, V_HEX), INT(CC, 4, V_CC), INT(HANDLE, 4, V_HANDLE),
	B2(DIGEST, mtpm_TPM2B_DIGEST), B2(DATA, mtpm_TPM2B_DATA), B2(NAME, mtpm_TPM2B_NAME),
	B2(MAX_BUFFER, mtpm_TPM2B_MAX_BUFFER), B2(MAX_NV, mtpm_TPM2B_MAX_NV_BUFFER),
	B2(SENS_DATA, mtpm_TPM2B_SENSITIVE_DATA), B2(ENC_SECRET, mtpm_TPM2B_ENCRYPTED_SECRET),
	B2(PRIVATE, mtpm_TPM2B_PRIVATE), B2(TIMEOUT, mtpm_TPM2B_TIMEOUT),  /* Part 2 §10.4.10 */
	[MTPM_K_SENSITIVE] = { 0, 0, MTPM_MAX_CONTEXT },   /* §12.3.3: mtpm has no type */
};
#undef INT
#undef B2

/* Why a TPM2B at off did not parse. */
static void why_2b(struct dec *d, size_t off, const mtpm_cur *before, const char *name,
		   const char *type, size_t max)
{
	mtpm_cur peek = *before;
	uint16_t sz = 0;
	size_t left = mtpm_cur_left(before);

	mtpm_get_u16(&peek, &sz);
	if (left < 2)
		stop(d, off, "%s (%s): size needs 2 bytes, %zu left", name, type, left);
	else if (sz > left - 2)
		stop(d, off, "%s (%s): size %u but only %zu bytes follow", name, type,
		     (unsigned)sz, left - 2);
	else
		stop(d, off, "%s (%s): size %u exceeds the %zu bytes mtpm accepts",
		     name, type, (unsigned)sz, max);
}

/* A plain TPM2B parameter of at most max bytes; how == CIPHER: the
 * session encrypted it, so only its size is checked (mtpm_get_sub16) and
 * the bytes are ciphertext. */
static void f2b(struct dec *d, struct dcur *dc, const char *name, const char *type,
		size_t max, enum show how)
{
	size_t off = at(dc);
	mtpm_cur before = dc->c, sub;

	if (dc->c.err != MTPM_OK)
		return;
	if (how == CIPHER)
		mtpm_get_sub16(&dc->c, &sub);
	else if (max > 0 && max <= sizeof(d->s.raw.buf))
		mtpm_get_tpm2b(&dc->c, &d->s.raw.size, d->s.raw.buf, max);
	else
		mtpm_rc_ignore(mtpm_cur_fail(&dc->c, MTPM_E_MALFORMED));
	mtpm_wipe(&d->s, sizeof(d->s));
	d->o = off;
	if (dc->c.err != MTPM_OK)
		why_2b(d, off, &before, name, type, max);
	else
		p2b(d, name, type, at(dc) - off - 2, how);
}

/* ---- Structure printers: the library getter parsed it, these print it ---- */

/* The wire length of a parsed nested structure, for its heading: the
 * library's put function measures it (no layout is restated here). */
#define WIRE_LEN(d, T, v) \
	(mtpm_cur_init(&(d)->m, (d)->mbuf, sizeof((d)->mbuf)), mtpm_put_##T(&(d)->m, (v)), \
	 (d)->m.pos)

/* Part 2 §10.6.2 TPMS_PCR_SELECTION */
static void p_pcr_sel(struct dec *d, const mtpm_TPMS_PCR_SELECTION *v, const char *name)
{
	unsigned i, n = v->sizeofSelect;

	head(d, WIRE_LEN(d, TPMS_PCR_SELECTION, v), name, "TPMS_PCR_SELECTION");
	pv(d, 2, "hash", "TPMI_ALG_HASH", V_ALG, v->hash);
	pv(d, 1, "sizeofSelect", "UINT8", V_DEC, n);
	lead(d, d->o, n);
	pr(d, "pcrSelect: BYTE[%u] = ", n);
	pr_bytes(d, d->o, n, SHOW);
	pr(d, " (PCRs");
	for (i = 0; i < 8 * n; i++)
		if (v->pcrSelect[i / 8] & (1u << (i % 8)))
			pr(d, " %u", i);
	pr(d, ")\n");
	d->o += n;
	d->depth--;
}

/* Part 2 §10.9.7 TPML_PCR_SELECTION */
static void p_pcr_sels(struct dec *d, const mtpm_TPML_PCR_SELECTION *v, const char *name)
{
	uint32_t i;

	head(d, WIRE_LEN(d, TPML_PCR_SELECTION, v), name, "TPML_PCR_SELECTION");
	pv(d, 4, "count", "UINT32", V_DEC, v->count);
	for (i = 0; i < v->count; i++)
		p_pcr_sel(d, &v->pcrSelections[i], "pcrSelections[]");
	d->depth--;
}

/* Part 2 §10.3.2 TPMT_HA */
static void p_ha(struct dec *d, const mtpm_TPMT_HA *v, const char *name)
{
	size_t len = WIRE_LEN(d, TPMT_HA, v) - 2;

	head(d, len + 2, name, "TPMT_HA");
	pv(d, 2, "hashAlg", "TPMI_ALG_HASH", V_ALG, v->hashAlg);
	lead(d, d->o, len);
	pr(d, "digest: TPMU_HA = ");
	pr_bytes(d, d->o, len, SHOW);
	pr(d, "\n");
	d->o += len;
	d->depth--;
}

/* Part 2 §11.1.6 TPMT_SYM_DEF / §11.1.7 TPMT_SYM_DEF_OBJECT */
static void p_sym_def(struct dec *d, const mtpm_TPMT_SYM_DEF *v, const char *name, int object)
{
	const char *t = object ? "TPMT_SYM_DEF_OBJECT" : "TPMT_SYM_DEF";

	head(d, WIRE_LEN(d, TPMT_SYM_DEF, v), name, t);
	pv(d, 2, "algorithm", object ? "TPMI_ALG_SYM_OBJECT" : "TPMI_ALG_SYM", V_ALG, v->algorithm);
	if (v->algorithm == MTPM_ALG_XOR) {
		pv(d, 2, "keyBits.xor", "TPMI_ALG_HASH", V_ALG, v->keyBits);
	} else if (v->algorithm != MTPM_ALG_NULL) {   /* the getter took a block cipher */
		pv(d, 2, "keyBits", "TPM_KEY_BITS", V_DEC, v->keyBits);
		pv(d, 2, "mode", "TPMI_ALG_SYM_MODE", V_ALG, v->mode);
	}
	d->depth--;
}

/* Part 2 §11.1.23 TPMT_KEYEDHASH_SCHEME, §11.2.4.2 TPMT_RSA_SCHEME,
 * §11.2.5.6 TPMT_ECC_SCHEME, §11.2.3.3 TPMT_KDF_SCHEME: what follows the
 * id is the getters' own table, mtpm_scheme_details. */
static void p_scheme(struct dec *d, const mtpm_TPMT_SCHEME *v, uint16_t xor_kdf,
		     const char *name, enum mtpm_scheme_kind k)
{
	static const char *const types[] = { "TPMT_KEYEDHASH_SCHEME", "TPMT_RSA_SCHEME",
					     "TPMT_ECC_SCHEME", "TPMT_KDF_SCHEME" };
	static const char *const sel[] = { "TPMI_ALG_KEYEDHASH_SCHEME", "TPMI_ALG_RSA_SCHEME",
					   "TPMI_ALG_ECC_SCHEME", "TPMI_ALG_KDF" };
	int det = mtpm_scheme_details(k, v->scheme);   /* >= 0: the getter took it */

	nest(d, name, types[k]);     /* k is ours, never from the wire */
	pv(d, 2, "scheme", sel[k], V_ALG, v->scheme);
	if (det >= 1)
		pv(d, 2, "details.hashAlg", "TPMI_ALG_HASH", V_ALG, v->hashAlg);
	if (det == 2)
		pv(d, 2, "details.count", "UINT16", V_DEC, v->count);
	if (det == 3)
		pv(d, 2, "details.kdf", "TPMI_ALG_KDF", V_ALG, xor_kdf);
	d->depth--;
}

/* Part 2 §12.2.4 TPMT_PUBLIC, §12.2.3 parameters, §12.2.2 unique; len is
 * what the getter consumed. */
static void p_tpmt_public(struct dec *d, const mtpm_TPMT_PUBLIC *v, size_t len)
{
	const mtpm_TPMS_KEYEDHASH_PARMS *kh = &v->parameters.keyedHashDetail;
	const mtpm_TPMS_RSA_PARMS *rsa = &v->parameters.rsaDetail;
	const mtpm_TPMS_ECC_PARMS *ecc = &v->parameters.eccDetail;
	const mtpm_TPMS_ECC_POINT *pt = &v->unique.ecc;

	head(d, len, "publicArea", "TPMT_PUBLIC");
	pv(d, 2, "type", "TPMI_ALG_PUBLIC", V_ALG, v->type);
	pv(d, 2, "nameAlg", "TPMI_ALG_HASH", V_ALG, v->nameAlg);
	pv(d, 4, "objectAttributes", "TPMA_OBJECT", V_OBJ, v->objectAttributes);
	p2b(d, "authPolicy", "TPM2B_DIGEST", v->authPolicy.size, SHOW);
	switch (v->type) {     /* the getter took one of these four */
	case MTPM_ALG_KEYEDHASH:
		nest(d, "parameters.keyedHashDetail: ", "TPMS_KEYEDHASH_PARMS");
		p_scheme(d, &kh->scheme, kh->xor_kdf, "scheme: ", MTPM_SCHEME_KEYEDHASH);
		d->depth--;
		p2b(d, "unique.keyedHash", "TPM2B_DIGEST", v->unique.keyedHash.size, SHOW);
		break;
	case MTPM_ALG_SYMCIPHER:
		nest(d, "parameters.symDetail: ", "TPMS_SYMCIPHER_PARMS");
		p_sym_def(d, &v->parameters.symDetail.sym, "sym", 1);
		d->depth--;
		p2b(d, "unique.sym", "TPM2B_DIGEST", v->unique.sym.size, SHOW);
		break;
	case MTPM_ALG_RSA:
		nest(d, "parameters.rsaDetail: ", "TPMS_RSA_PARMS");
		p_sym_def(d, &rsa->symmetric, "symmetric", 1);
		p_scheme(d, &rsa->scheme, 0, "scheme: ", MTPM_SCHEME_RSA);
		pv(d, 2, "keyBits", "TPMI_RSA_KEY_BITS", V_DEC, rsa->keyBits);
		pv(d, 4, "exponent", "UINT32", V_DEC, rsa->exponent);
		d->depth--;
		p2b(d, "unique.rsa", "TPM2B_PUBLIC_KEY_RSA", v->unique.rsa.size, SHOW);
		break;
	default:               /* MTPM_ALG_ECC */
		nest(d, "parameters.eccDetail: ", "TPMS_ECC_PARMS");
		p_sym_def(d, &ecc->symmetric, "symmetric", 1);
		p_scheme(d, &ecc->scheme, 0, "scheme: ", MTPM_SCHEME_ECC);
		pv(d, 2, "curveID", "TPMI_ECC_CURVE", V_CURVE, ecc->curveID);
		p_scheme(d, &ecc->kdf, 0, "kdf: ", MTPM_SCHEME_KDF);
		d->depth--;
		/* Part 2 §11.2.5.2 TPMS_ECC_POINT */
		head(d, WIRE_LEN(d, TPMS_ECC_POINT, pt), "unique.ecc", "TPMS_ECC_POINT");
		p2b(d, "x", "TPM2B_ECC_PARAMETER", pt->x.size, SHOW);
		p2b(d, "y", "TPM2B_ECC_PARAMETER", pt->y.size, SHOW);
		d->depth--;
		break;
	}
	d->depth--;
}

/* A sized structure (TPM2B_PUBLIC, ...) of sz bytes after its size
 * field: two headings, closed by d->depth -= 2. */
static void sized(struct dec *d, size_t sz, const char *name, const char *type,
		  const char *iname, const char *itype)
{
	head(d, sz + 2, name, type);
	pv(d, 2, "size", "UINT16", V_DEC, (uint32_t)sz);
	if (iname)
		head(d, sz, iname, itype);
}

/* Part 2 §10.10.2 TPMS_CAPABILITY_DATA with the TPML arms mtpm reads */
static void p_cap(struct dec *d, const mtpm_TPMS_CAPABILITY_DATA *v)
{
	static const char *const lists[] = { "TPML_ALG_PROPERTY", "TPML_HANDLE", "TPML_CCA",
		"TPML_PCR_SELECTION", "TPML_TAGGED_TPM_PROPERTY", "TPML_ECC_CURVE" };
	static const uint32_t caps[] = { MTPM_CAP_ALGS, MTPM_CAP_HANDLES, MTPM_CAP_COMMANDS,
		MTPM_CAP_PCRS, MTPM_CAP_TPM_PROPERTIES, MTPM_CAP_ECC_CURVES };
	uint32_t i, l;

	for (l = 0; l < 5 && caps[l] != v->capability; l++)
		;      /* the getter took one of the six: the last if no other */
	pv(d, 4, "capability", "TPM_CAP", V_CAP, v->capability);
	nest(d, "data: ", lists[l]);
	pv(d, 4, "count", "UINT32", V_DEC, v->count);
	for (i = 0; i < v->count; i++) {
		switch (v->capability) {
		case MTPM_CAP_ALGS:
			nest(d, "algProperties[]: TPMS_ALG_PROPERTY", "");
			pv(d, 2, "alg", "TPM_ALG_ID", V_ALG, v->data.algorithms[i].alg);
			pv(d, 4, "algProperties", "TPMA_ALGORITHM", V_HEX,
			   v->data.algorithms[i].algProperties);
			d->depth--;
			break;
		case MTPM_CAP_HANDLES:
			pv(d, 4, "handle[]", "TPM_HANDLE", V_HANDLE, v->data.handles[i]);
			break;
		case MTPM_CAP_COMMANDS:
			pv(d, 4, "commandAttributes[]", "TPMA_CC", V_CCA, v->data.command[i]);
			break;
		case MTPM_CAP_PCRS:
			p_pcr_sel(d, &v->data.assignedPCR[i], "pcrSelections[]");
			break;
		case MTPM_CAP_TPM_PROPERTIES:
			nest(d, "tpmProperty[]: TPMS_TAGGED_PROPERTY", "");
			pv(d, 4, "property", "TPM_PT", V_HEX, v->data.tpmProperties[i].property);
			pv(d, 4, "value", "UINT32", V_HEX, v->data.tpmProperties[i].value);
			d->depth--;
			break;
		default:       /* MTPM_CAP_ECC_CURVES */
			pv(d, 2, "eccCurves[]", "TPM_ECC_CURVE", V_CURVE, v->data.eccCurves[i]);
			break;
		}
	}
	d->depth--;
}

/* Why a structure at off did not parse: a list count beyond what mtpm
 * accepts is named, anything else is the getter's verdict. */
static void why_struct(struct dec *d, const mtpm_cur *before, size_t off, int k,
		       const char *type)
{
	mtpm_cur pk = *before;
	uint32_t cap = 0, count = 0, max = 0;
	size_t at_count = off;

	switch (k) {
	case MTPM_K_PCR_SELS: max = MTPM_MAX_BANKS; break;
	case MTPM_K_DIGEST_VALUES: max = MTPM_MAX_BANKS; break;
	case MTPM_K_DIGESTS: max = MTPM_MAX_DIGESTS; break;
	case MTPM_K_CAP_DATA:
		mtpm_get_u32(&pk, &cap);
		max = mtpm_cap_max(cap);
		at_count = off + 4;
		break;
	default: break;
	}
	mtpm_get_u32(&pk, &count);
	if (max && pk.err == MTPM_OK && count > max)
		stop(d, at_count, "count %u exceeds the %u entries mtpm accepts", count, max);
	else
		stop(d, off, "mtpm_get_%s rejects this %s", type, type);
}

/* One parameter of a row. cipher: the session encrypted it (the row says
 * it is a TPM2B). A structure is parsed by its library getter, then
 * printed from what the getter filled, from its first byte. */
static void w_param(struct dec *d, struct dcur *dc, const mtpm_param_desc *p, int cipher)
{
	const struct plain *pl = NULL;
	union scratch *s = &d->s;
	const mtpm_TPMS_CREATION_DATA *cr = &s->creation.creationData;
	const mtpm_TPMS_NV_PUBLIC *nv = &s->nv_pub.nvPublic;
	const mtpm_TPMT_SIGNATURE *sig = &s->sig;
	size_t off = at(dc);
	mtpm_cur before = dc->c;
	const char *t = "";
	unsigned i;

#define GOT(T, x) (t = #T, mtpm_get_##T(&dc->c, &s->x), dc->c.err == MTPM_OK)
	if (dc->c.err != MTPM_OK)
		return;
	d->o = off;
	if (p->kind < sizeof(plain) / sizeof(plain[0]))
		pl = &plain[p->kind];
	if (cipher) {
		f2b(d, dc, p->name, p->type, 0xFFFF, CIPHER);
		return;
	}
	if (pl && pl->width) {
		fint(d, dc, pl->width, p->name, p->type, (enum vf)pl->vf);
		return;
	}
	if (pl && pl->max2b) {
		f2b(d, dc, p->name, p->type, pl->max2b, p->secret ? SECRET : SHOW);
		return;
	}
	switch (p->kind) {
	case MTPM_K_PCR_SELS:
		if (GOT(TPML_PCR_SELECTION, pcr_sels))
			p_pcr_sels(d, &s->pcr_sels, p->name);
		break;
	case MTPM_K_DIGESTS:           /* Part 2 §10.9.5 TPML_DIGEST */
		if (!GOT(TPML_DIGEST, digests))
			break;
		head(d, at(dc) - off, p->name, t);
		pv(d, 4, "count", "UINT32", V_DEC, s->digests.count);
		for (i = 0; i < s->digests.count; i++)
			p2b(d, "digests[]", "TPM2B_DIGEST", s->digests.digests[i].size, SHOW);
		d->depth--;
		break;
	case MTPM_K_DIGEST_VALUES:     /* Part 2 §10.9.6 TPML_DIGEST_VALUES */
		if (!GOT(TPML_DIGEST_VALUES, digest_values))
			break;
		head(d, at(dc) - off, p->name, t);
		pv(d, 4, "count", "UINT32", V_DEC, s->digest_values.count);
		for (i = 0; i < s->digest_values.count; i++)
			p_ha(d, &s->digest_values.digests[i], "digests[]");
		d->depth--;
		break;
	case MTPM_K_SYM_DEF:
		if (GOT(TPMT_SYM_DEF, sym_def))
			p_sym_def(d, &s->sym_def, p->name, 0);
		break;
	case MTPM_K_SENS_CREATE:       /* Part 2 §11.1.16, §11.1.15: both fields secret */
		if (!GOT(TPM2B_SENSITIVE_CREATE, sens_create))
			break;
		sized(d, s->sens_create.size, p->name, t, "sensitive", "TPMS_SENSITIVE_CREATE");
		p2b(d, "userAuth", "TPM2B_AUTH", s->sens_create.sensitive.userAuth.size, SECRET);
		p2b(d, "data", "TPM2B_SENSITIVE_DATA", s->sens_create.sensitive.data.size, SECRET);
		d->depth -= 2;
		break;
	case MTPM_K_PUBLIC:            /* Part 2 §12.2.5 TPM2B_PUBLIC */
		if (!GOT(TPM2B_PUBLIC, pub))
			break;
		sized(d, s->pub.size, p->name, t, NULL, NULL);
		p_tpmt_public(d, &s->pub.publicArea, s->pub.size);
		d->depth--;
		break;
	case MTPM_K_CREATION_DATA:     /* Part 2 §15.2 TPM2B_CREATION_DATA, §15.1 */
		if (!GOT(TPM2B_CREATION_DATA, creation))
			break;
		sized(d, s->creation.size, p->name, t, "creationData", "TPMS_CREATION_DATA");
		p_pcr_sels(d, &cr->pcrSelect, "pcrSelect");
		p2b(d, "pcrDigest", "TPM2B_DIGEST", cr->pcrDigest.size, SHOW);
		pv(d, 1, "locality", "TPMA_LOCALITY", V_HEX, cr->locality);
		pv(d, 2, "parentNameAlg", "TPM_ALG_ID", V_ALG, cr->parentNameAlg);
		p2b(d, "parentName", "TPM2B_NAME", cr->parentName.size, SHOW);
		p2b(d, "parentQualifiedName", "TPM2B_NAME", cr->parentQualifiedName.size, SHOW);
		p2b(d, "outsideInfo", "TPM2B_DATA", cr->outsideInfo.size, SHOW);
		d->depth -= 2;
		break;
	case MTPM_K_TK:                /* Part 2 §10.7 tickets (one layout) */
		if (!GOT(TPMT_TK, tk))
			break;
		head(d, at(dc) - off, p->name, p->type);
		pv(d, 2, "tag", "TPM_ST", V_ST, s->tk.tag);
		pv(d, 4, "hierarchy", "TPMI_RH_HIERARCHY", V_HANDLE, s->tk.hierarchy);
		p2b(d, "digest", "TPM2B_DIGEST", s->tk.digest.size, SHOW);
		d->depth--;
		break;
	case MTPM_K_SIGNATURE:         /* Part 2 §11.3.4 TPMT_SIGNATURE */
		if (!GOT(TPMT_SIGNATURE, sig))
			break;
		head(d, at(dc) - off, p->name, t);
		pv(d, 2, "sigAlg", "TPMI_ALG_SIG_SCHEME", V_ALG, sig->sigAlg);
		switch (sig->sigAlg) {
		case MTPM_ALG_RSASSA:
		case MTPM_ALG_RSAPSS:
			pv(d, 2, "signature.rsa.hash", "TPMI_ALG_HASH", V_ALG, sig->hash);
			p2b(d, "signature.rsa.sig", "TPM2B_PUBLIC_KEY_RSA", sig->signature.rsa.size,
			    SHOW);
			break;
		case MTPM_ALG_HMAC:
			p_ha(d, &sig->signature.hmac, "signature.hmac");
			break;
		case MTPM_ALG_NULL:
			break;
		default:               /* the getter took an ECC scheme */
			pv(d, 2, "signature.ecc.hash", "TPMI_ALG_HASH", V_ALG, sig->hash);
			p2b(d, "signature.ecc.signatureR", "TPM2B_ECC_PARAMETER",
			    sig->signature.ecc.r.size, SHOW);
			p2b(d, "signature.ecc.signatureS", "TPM2B_ECC_PARAMETER",
			    sig->signature.ecc.s.size, SHOW);
			break;
		}
		d->depth--;
		break;
	case MTPM_K_CONTEXT:           /* Part 2 §14.5 TPMS_CONTEXT */
		if (!GOT(TPMS_CONTEXT, context))
			break;
		head(d, at(dc) - off, p->name, t);
		lead(d, d->o, 8);
		pr(d, "sequence: UINT64 = %llu (0x%016llx)\n",
		   (unsigned long long)s->context.sequence, (unsigned long long)s->context.sequence);
		d->o += 8;
		pv(d, 4, "savedHandle", "TPMI_DH_SAVED", V_HANDLE, s->context.savedHandle);
		pv(d, 4, "hierarchy", "TPMI_RH_HIERARCHY", V_HANDLE, s->context.hierarchy);
		p2b(d, "contextBlob", "TPM2B_CONTEXT_DATA", s->context.contextBlob.size, SHOW);
		d->depth--;
		break;
	case MTPM_K_NV_PUBLIC:         /* Part 2 §13.6 TPM2B_NV_PUBLIC, §13.5 */
		if (!GOT(TPM2B_NV_PUBLIC, nv_pub))
			break;
		sized(d, s->nv_pub.size, p->name, t, "nvPublic", "TPMS_NV_PUBLIC");
		pv(d, 4, "nvIndex", "TPMI_RH_NV_INDEX", V_HANDLE, nv->nvIndex);
		pv(d, 2, "nameAlg", "TPMI_ALG_HASH", V_ALG, nv->nameAlg);
		pv(d, 4, "attributes", "TPMA_NV", V_NV, nv->attributes);
		p2b(d, "authPolicy", "TPM2B_DIGEST", nv->authPolicy.size, SHOW);
		pv(d, 2, "dataSize", "UINT16", V_DEC, nv->dataSize);
		d->depth -= 2;
		break;
	case MTPM_K_CAP_DATA:
		if (!GOT(TPMS_CAPABILITY_DATA, cap))
			break;
		head(d, at(dc) - off, p->name, t);
		p_cap(d, &s->cap);
		d->depth--;
		break;
	default:
		dfail(d, dc, off, "decoder table error");
		return;
	}
#undef GOT
	if (dc->c.err != MTPM_OK)
		why_struct(d, &before, off, p->kind, t);
	mtpm_wipe(&d->s, sizeof(d->s));
	mtpm_wipe(d->mbuf, sizeof(d->mbuf));
}

/* The parameters of a row, in order; the first is ciphertext when a
 * session encrypted it and the row says it is a TPM2B (Part 1 §21.1). */
static void w_params(struct dec *d, struct dcur *dc, const mtpm_param_desc *p,
		     int cipher, int enc_ok)
{
	if (p && p->kind != MTPM_K_END)
		group(d, cipher ? "parameters (first one encrypted by a session)" :
		      "parameters", "");
	for (; p && p->kind != MTPM_K_END; p++, enc_ok = 0)
		w_param(d, dc, p, cipher && enc_ok);
}

/* A handle of a row: "@" marks one that takes authorization, as in
 * Part 3. */
static void w_handle(struct dec *d, struct dcur *dc, const mtpm_handle_desc *h, int role)
{
	char name[48];

	snprintf(name, sizeof(name), "%s%s", role != MTPM_ROLE_NONE ? "@" : "", h->name);
	fint(d, dc, 4, name, h->type, V_HANDLE);
}

/* Part 2 §10.13.2 TPMS_AUTH_COMMAND / §10.13.3 TPMS_AUTH_RESPONSE, entry
 * i of an authorization area; returns sessionAttributes. */
static uint8_t w_auth(struct dec *d, struct dcur *dc, unsigned i, int rsp)
{
	const char *t = rsp ? "TPMS_AUTH_RESPONSE" : "TPMS_AUTH_COMMAND";
	mtpm_TPMS_AUTH_COMMAND *a = &d->s.auth_cmd;
	mtpm_TPMS_AUTH_RESPONSE *r = &d->s.auth_rsp;
	size_t off = at(dc);
	char name[32];
	uint8_t attrs;
	int pw = 0;

	if (rsp)
		mtpm_get_TPMS_AUTH_RESPONSE(&dc->c, r);
	else
		mtpm_get_TPMS_AUTH_COMMAND(&dc->c, a);
	if (dc->c.err != MTPM_OK) {
		stop(d, off, "mtpm_get_%s rejects this %s", t, t);
		return 0;
	}
	snprintf(name, sizeof(name), "[%u]", i);
	d->o = off;
	head(d, at(dc) - off, name, t);
	if (!rsp) {
		pv(d, 4, "sessionHandle", "TPMI_SH_AUTH_SESSION", V_HANDLE, a->sessionHandle);
		/* The password for TPM_RS_PW (and for a policy session after
		 * PolicyPassword), else an HMAC: redacted either way. */
		pw = a->sessionHandle == MTPM_RS_PW;
	}
	attrs = rsp ? r->sessionAttributes : a->sessionAttributes;
	p2b(d, "nonce", "TPM2B_NONCE", rsp ? r->nonce.size : a->nonce.size, SHOW);
	pv(d, 1, "sessionAttributes", "TPMA_SESSION", V_SESS, attrs);
	p2b(d, pw ? "hmac (password)" : "hmac", "TPM2B_AUTH",
	    rsp ? r->hmac.size : a->hmac.size, SECRET);
	d->depth--;
	mtpm_wipe(&d->s, sizeof(d->s));
	return attrs;
}

/* Bytes whose layout is not known: shown, or redacted (they may hold
 * anything). */
static void rest(struct dec *d, size_t off, size_t end, const char *what)
{
	if (off >= end || end > d->n)
		return;
	lead(d, off, end - off);
	pr(d, "%s: ", what);
	pr_bytes(d, off, end - off, UNKNOWN);
	pr(d, "\n");
}

/* The title line, then the header (Part 1 §18.2, §18.4); returns the row
 * of the command (cc, or for a command its own commandCode), if mtpm has
 * one. *lim: the size field when it is sane and inside the frame, else
 * the frame's length; parsing stops there. */
static const mtpm_cmd_desc *header(struct dec *d, struct dcur *dc, int rsp, uint32_t cc,
				   uint16_t *tag, uint32_t *code, size_t *lim)
{
	mtpm_cur pk;
	uint32_t size = 0;
	const mtpm_cmd_desc *cd;
	const char *nm, *what = rsp ? "response" : "command";

	mtpm_cur_init_ro(&pk, d->b, d->n);
	mtpm_get_u16(&pk, tag);
	mtpm_get_u32(&pk, &size);
	mtpm_get_u32(&pk, code);
	if (!rsp)
		cc = *code;   /* 0 when the frame is too short to hold one */
	cd = cc ? mtpm_cmd_lookup(cc) : NULL;
	nm = cc ? mtpm_cc_name(cc) : NULL;
	if (cd)
		pr(d, "%sTPM2_%s %s (Part 3 §%s), %zu bytes\n", d->prefix, cd->name, what,
		   cd->section, d->n);
	else if (nm)
		pr(d, "%sTPM2_%s %s (layout not in mtpm's table), %zu bytes\n", d->prefix, nm,
		   what, d->n);
	else if (!rsp)
		pr(d, "%scommand, %zu bytes\n", d->prefix, d->n);
	else if (cc)
		pr(d, "%sresponse to command 0x%08x, %zu bytes\n", d->prefix, cc, d->n);
	else
		pr(d, "%sresponse (command unknown: give --cc), %zu bytes\n", d->prefix, d->n);
	*lim = pk.err == MTPM_OK && size >= 10 && size < d->n ? size : d->n;
	pr(d, "%s   off   len\n", d->prefix);
	mtpm_cur_init_ro(&dc->c, d->b, *lim);
	dc->base = 0;
	fint(d, dc, 2, "tag", rsp ? "TPM_ST" : "TPMI_ST_COMMAND_TAG", V_ST);
	fint(d, dc, 4, rsp ? "responseSize" : "commandSize", "UINT32", V_DEC);
	fint(d, dc, 4, rsp ? "responseCode" : "commandCode", rsp ? "TPM_RC" : "TPM_CC",
	     rsp ? V_RC : V_CC);
	if (pk.err == MTPM_OK && size != d->n)
		note(d, 2, "%s %u but the frame has %zu bytes", rsp ? "responseSize" : "commandSize",
		     size, d->n);
	return cd;
}

/* A UINT32 size field (authorizationSize, parameterSize) and the bytes it
 * covers, as the cursor sub. Returns 1, 0 when the field itself did not
 * parse, -1 when fewer bytes follow than it says. */
static int sized_area(struct dec *d, struct dcur *dc, const char *name, struct dcur *sub)
{
	uint32_t sz = fint(d, dc, 4, name, "UINT32", V_DEC);
	size_t off = at(dc);
	const uint8_t *p;

	if (dc->c.err != MTPM_OK)
		return 0;
	p = mtpm_get_skip(&dc->c, sz);
	if (!p) {
		stop(d, off - 4, "%s %u but only %zu bytes follow", name, sz,
		     mtpm_cur_left(&dc->c));
		return -1;
	}
	mtpm_cur_init_ro(&sub->c, p, sz);
	sub->base = off;
	return 1;
}

/* The sessions of an authorization area, up to its end or the first one
 * that does not parse; returns how many parsed, *attrs the OR of their
 * sessionAttributes. Each takes at least 9 bytes: the loop ends. */
static unsigned w_auths(struct dec *d, struct dcur *au, int rsp, unsigned *attrs)
{
	unsigned i;

	*attrs = 0;
	for (i = 0; mtpm_cur_left(&au->c) > 0 && au->c.err == MTPM_OK; i++) {
		uint8_t a = w_auth(d, au, i, rsp);

		if (au->c.err != MTPM_OK)
			break;
		*attrs |= a;
	}
	return i;
}

/* One frame in wire order: header and handles, then a command's
 * authorization area and parameters (Part 1 §18.2), or a response's
 * parameters, sized by parameterSize when it carries sessions, and its
 * authorization area (Part 1 §18.4). A response is paired with the
 * command it answers: cc, and cmd (its decode state) when known; a
 * command's own state goes to st. */
static int dec_frame(struct dec *d, int rsp, uint32_t cc, const cli_decode_state *cmd,
		     cli_decode_state *st)
{
	struct dcur dc, pa, au;
	const mtpm_cmd_desc *cd;
	uint16_t tag = 0;
	uint32_t code = 0;
	size_t lim;
	unsigned i, nh, nauth = 0, attrs = 0;
	int cipher = 0, known = rsp && cmd && cmd->have_cmd && cmd->cc == cc;

	cd = header(d, &dc, rsp, cc, &tag, &code, &lim);
	if (dc.c.err != MTPM_OK)
		goto out;
	if (st) {
		memset(st, 0, sizeof(*st));
		st->cc = code;
		st->have_cmd = 1;
	}
	if (rsp && code != MTPM_OK) {
		/* Part 1 §18.4: an error response is the header alone. */
		if (mtpm_cur_left(&dc.c) > 0)
			dfail(d, &dc, at(&dc), "an error response is the 10-byte header alone");
		goto out;
	}
	if (tag != MTPM_ST_NO_SESSIONS && tag != MTPM_ST_SESSIONS) {
		dfail(d, &dc, 0, "tag 0x%04x is neither TPM_ST_NO_SESSIONS nor TPM_ST_SESSIONS", tag);
		goto out;
	}
	if (!cd) {
		group(d, rsp ? "handles, parameters and authorization area: layout unknown"
			     : "handles, authorization area and parameters: layout unknown", "");
		rest(d, at(&dc), lim, "body");
		goto out;
	}
	nh = rsp ? cd->rnh : cd->nh;
	if (nh)
		group(d, "handles", "");
	for (i = 0; i < nh && i < MTPM_MAX_HANDLES; i++)
		w_handle(d, &dc, rsp ? &cd->rh : &cd->h[i], rsp ? MTPM_ROLE_NONE : cd->role[i]);
	if (!rsp && tag == MTPM_ST_SESSIONS) {
		int area;

		group(d, "authorization area", "");
		area = sized_area(d, &dc, "authorizationSize", &au);
		if (area < 0)
			goto out;
		if (area > 0) {
			nauth = w_auths(d, &au, 0, &attrs);
			if (au.c.err != MTPM_OK)
				mtpm_rc_ignore(mtpm_cur_fail(&dc.c, au.c.err));
			else if (nauth == 0)
				note(d, au.base - 4, "TPM_ST_SESSIONS with an empty authorization area");
			else if (nauth > 3)
				note(d, au.base, "%u sessions: Part 1 §18.7 allows 3", nauth);
		}
	}
	if (!rsp && dc.c.err == MTPM_OK && nauth < cd->nauth)
		note(d, 0, "TPM2_%s needs %u authorization(s), the frame has %u", cd->name,
		     (unsigned)cd->nauth, nauth);
	if (st) {
		st->nauth = (uint8_t)(nauth > 255 ? 255 : nauth);
		st->rsp_encrypt = (attrs & MTPM_SA_ENCRYPT) != 0;
	}
	pa = dc;
	if (rsp && tag == MTPM_ST_SESSIONS) {
		mtpm_cur pre;

		if (sized_area(d, &dc, "parameterSize", &pa) <= 0)
			goto out;
		/* Part 2 §8.4: in a response, encrypt set means the first
		 * parameter is encrypted. Read the sessions (after the
		 * parameters) before printing the parameters. */
		pre = dc.c;
		while (mtpm_cur_left(&pre) > 0 && pre.err == MTPM_OK) {
			mtpm_get_TPMS_AUTH_RESPONSE(&pre, &d->s.auth_rsp);
			if (pre.err == MTPM_OK && (d->s.auth_rsp.sessionAttributes & MTPM_SA_ENCRYPT))
				cipher = 1;
		}
		mtpm_wipe(&d->s, sizeof(d->s));
	}
	if (rsp)
		cipher |= known && cmd->rsp_encrypt;
	else
		cipher = (attrs & MTPM_SA_DECRYPT) != 0;
	w_params(d, &pa, rsp ? cd->rp : cd->p, cipher, rsp ? cd->enc_rsp : cd->enc_cmd);
	if (pa.c.err == MTPM_OK && mtpm_cur_left(&pa.c) > 0)
		dfail(d, &pa, at(&pa), "%zu bytes after the last parameter", mtpm_cur_left(&pa.c));
	if (!rsp || tag != MTPM_ST_SESSIONS || pa.c.err != MTPM_OK)
		goto out;
	group(d, "authorization area", "");
	au = dc;
	nauth = w_auths(d, &au, 1, &attrs);
	if (au.c.err == MTPM_OK && known && nauth != cmd->nauth)
		note(d, at(&au), "%u session(s) in the response, %u in the command", nauth,
		     (unsigned)cmd->nauth);
	if (au.c.err == MTPM_OK && nauth == 0)
		note(d, at(&au), "TPM_ST_SESSIONS with no authorization area");
out:
	if (d->stopped && d->stop_off < lim)
		rest(d, d->stop_off, lim, "unparsed");
	if (lim < d->n)
		rest(d, lim, d->n, "after the size field");
	return d->bad;
}

/* ---- Public entry points ---- */

/* struct dec holds a scratch of a few KiB: static, so the trace and the
 * fuzz harness do not put it on the stack. Not reentrant; neither are
 * its callers. */
static struct dec g_dec;

static int dec_run(FILE *out, const uint8_t *b, size_t n, int redact, int rsp, uint32_t cc,
		  const char *prefix, uint8_t *scrub, const cli_decode_state *cmd,
		  cli_decode_state *st, size_t *bad_off)
{
	struct dec *d = &g_dec;
	int r;

	memset(d, 0, sizeof(*d));
	d->out = out;
	d->prefix = prefix ? prefix : "";
	d->b = b;
	d->n = b ? n : 0;
	d->redact = redact;
	d->scrub = scrub;
	r = dec_frame(d, rsp, cc, cmd, st);
	if (bad_off)
		*bad_off = d->stopped ? d->stop_off : d->first_bad;
	mtpm_wipe(d, sizeof(*d));
	return r;
}

int cli_decode_command(FILE *out, const uint8_t *b, size_t n, int redact,
		       const char *prefix, uint8_t *scrub,
		       cli_decode_state *st, size_t *bad_off)
{
	return dec_run(out, b, n, redact, 0, 0, prefix, scrub, NULL, st, bad_off);
}

int cli_decode_response(FILE *out, const uint8_t *b, size_t n, int redact,
			uint32_t cc, const char *prefix, uint8_t *scrub,
			const cli_decode_state *st, size_t *bad_off)
{
	return dec_run(out, b, n, redact, 1, cc, prefix, scrub, st, NULL, bad_off);
}

int cli_decode_frame(FILE *out, const uint8_t *b, size_t n, int is_response,
		     uint32_t cc, int redact)
{
	return dec_run(out, b, n, redact, is_response != 0, cc, "", NULL, NULL, NULL, NULL);
}

#endif /* MTPM_CLI_MINIMAL */
