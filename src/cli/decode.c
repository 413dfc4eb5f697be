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
 *   3. So is a structure's description: the library's field walker of
 *      the same type (mtpm_describe_TPM2B_PUBLIC, ..., include/mtpm/
 *      describe.h) names what the getter filled, field by field in wire
 *      order with Part 2 names, types, widths and heading lengths, and
 *      which field is secret; on_field prints each event. pv and p2b
 *      print "offset length name: TYPE = value" per field and move the
 *      print offset (d->o) past it. Bytes are shown from the frame
 *      itself, so redaction can zero them in the scrub copy.
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
 *   - no recursion: structure depth is fixed by the library walkers'
 *     call graph, and a walker walks no further than the getter read;
 *   - the getters' scratch may hold secrets: it is wiped (mtpm_wipe)
 *     after every use (the walkers copy nothing);
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
#include "mtpm/describe.h"
#include "mtpm/names.h"
#include "mtpm/table.h"

#ifndef MTPM_CLI_MINIMAL   /* the whole decoder; the initramfs build has none */

#if defined(__GNUC__)
#define DEC_PRINTF(f, a) __attribute__((format(__printf__, f, a)))
#else
#define DEC_PRINTF(f, a)
#endif

/* How an integer field is shown: as a walker says (enum mtpm_show,
 * include/mtpm/describe.h; a constant kind by its Part 2 name,
 * mtpm_const_name), or, for a parameter or a header field, in a format of
 * the decoder's own. */
enum vf {
	V_ALG = MTPM_SHOW_ALG, V_CURVE = MTPM_SHOW_CURVE, V_ST = MTPM_SHOW_ST,
	V_CAP = MTPM_SHOW_CAP, V_SU = MTPM_CONST_SU, V_SE = MTPM_CONST_SE,
	V_DEC = MTPM_SHOW_DEC, V_HEX = MTPM_SHOW_HEX, V_DEC_HEX = MTPM_SHOW_DEC_HEX,
	V_HANDLE = MTPM_SHOW_HANDLE, V_CCA = MTPM_SHOW_CCA, V_OBJ = MTPM_SHOW_OBJECT,
	V_NV = MTPM_SHOW_NV, V_SESS = MTPM_SHOW_SESSION,
	V_I32 = 64, V_YESNO, V_CC, V_RC          /* the decoder's own */
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

static void pr_val(struct dec *d, enum vf vf, unsigned width, uint64_t v64)
{
	char buf[200];
	const char *n = NULL;
	uint32_t v = (uint32_t)v64;   /* every field is 32 bits or less but V_DEC_HEX */

	switch (vf) {
	case V_DEC:
		pr(d, "%u", v);
		break;
	case V_DEC_HEX:
		pr(d, "%llu (0x%016llx)", (unsigned long long)v64, (unsigned long long)v64);
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
		if (MTPM_HANDLE_TYPE(v) == MTPM_HT_PCR)
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
	       uint64_t v)
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

/* A group heading with no bytes of its own. */
static void group(struct dec *d, const char *a)
{
	lead_blank(d);
	pr(d, "%s\n", a);
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

/* ---- Structures: the library's walker names the fields, these print them ---- */

/* One event of a field walker (include/mtpm/describe.h, mtpm_describe_X
 * on what the getter filled): a heading with the length the walker
 * measured, a group heading with no bytes of its own, a field at d->o
 * (moving d->o past it), or the end of a level. The bytes are shown from
 * the frame, so redaction can zero them in the scrub copy. */
static void on_field(const mtpm_field *f, void *arg)
{
	struct dec *d = arg;
	int pcrs = f->show == MTPM_SHOW_PCRS;
	size_t i;

	switch (f->what) {
	case MTPM_FIELD_OPEN:
		head(d, f->len, f->name, f->type);
		break;
	case MTPM_FIELD_GROUP:
		lead_blank(d);
		pr(d, "%s: %s\n", f->name, f->type);
		d->depth++;
		break;
	case MTPM_FIELD_INT:
		pv(d, (unsigned)f->len, f->name, f->type, (enum vf)f->show, f->value);
		break;
	case MTPM_FIELD_TPM2B:
		p2b(d, f->name, f->type, f->len - 2, f->secret ? SECRET : SHOW);
		break;
	case MTPM_FIELD_BYTES:         /* a TPMU_HA digest, or pcrSelect with its PCRs */
		lead(d, d->o, f->len);
		pr(d, "%s: %s", f->name, f->type);
		if (pcrs)
			pr(d, "[%zu]", f->len);
		pr(d, " = ");
		pr_bytes(d, d->o, f->len, SHOW);
		if (pcrs) {
			pr(d, " (PCRs");
			for (i = 0; i < 8 * f->len; i++)
				if (f->bytes[i / 8] & (1u << (i % 8)))
					pr(d, " %zu", i);
			pr(d, ")");
		}
		pr(d, "\n");
		d->o += f->len;
		break;
	default:                       /* MTPM_FIELD_CLOSE */
		d->depth--;
		break;
	}
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
 * printed from what the getter filled, from its first byte, by the
 * library's walker of the same type. */
static void w_param(struct dec *d, struct dcur *dc, const mtpm_param_desc *p, int cipher)
{
	const struct plain *pl = NULL;
	union scratch *s = &d->s;
	size_t off = at(dc);
	mtpm_cur before = dc->c;
	const char *t = "";

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
			mtpm_describe_TPML_PCR_SELECTION(&s->pcr_sels, p->name, on_field, d);
		break;
	case MTPM_K_DIGESTS:
		if (GOT(TPML_DIGEST, digests))
			mtpm_describe_TPML_DIGEST(&s->digests, p->name, on_field, d);
		break;
	case MTPM_K_DIGEST_VALUES:
		if (GOT(TPML_DIGEST_VALUES, digest_values))
			mtpm_describe_TPML_DIGEST_VALUES(&s->digest_values, p->name, on_field, d);
		break;
	case MTPM_K_SYM_DEF:
		if (GOT(TPMT_SYM_DEF, sym_def))
			mtpm_describe_TPMT_SYM_DEF(&s->sym_def, p->name, on_field, d);
		break;
	case MTPM_K_SENS_CREATE:       /* the walker marks both fields secret */
		if (GOT(TPM2B_SENSITIVE_CREATE, sens_create))
			mtpm_describe_TPM2B_SENSITIVE_CREATE(&s->sens_create, p->name, on_field, d);
		break;
	case MTPM_K_PUBLIC:
		if (GOT(TPM2B_PUBLIC, pub))
			mtpm_describe_TPM2B_PUBLIC(&s->pub, p->name, on_field, d);
		break;
	case MTPM_K_CREATION_DATA:
		if (GOT(TPM2B_CREATION_DATA, creation))
			mtpm_describe_TPM2B_CREATION_DATA(&s->creation, p->name, on_field, d);
		break;
	case MTPM_K_TK:                /* the row's type says which of the tickets */
		if (GOT(TPMT_TK, tk))
			mtpm_describe_TPMT_TK(&s->tk, p->name, p->type, on_field, d);
		break;
	case MTPM_K_SIGNATURE:
		if (GOT(TPMT_SIGNATURE, sig))
			mtpm_describe_TPMT_SIGNATURE(&s->sig, p->name, on_field, d);
		break;
	case MTPM_K_CONTEXT:
		if (GOT(TPMS_CONTEXT, context))
			mtpm_describe_TPMS_CONTEXT(&s->context, p->name, on_field, d);
		break;
	case MTPM_K_NV_PUBLIC:
		if (GOT(TPM2B_NV_PUBLIC, nv_pub))
			mtpm_describe_TPM2B_NV_PUBLIC(&s->nv_pub, p->name, on_field, d);
		break;
	case MTPM_K_CAP_DATA:
		if (GOT(TPMS_CAPABILITY_DATA, cap))
			mtpm_describe_TPMS_CAPABILITY_DATA(&s->cap, p->name, on_field, d);
		break;
	default:
		dfail(d, dc, off, "decoder table error");
		return;
	}
#undef GOT
	if (dc->c.err != MTPM_OK)
		why_struct(d, &before, off, p->kind, t);
	mtpm_wipe(&d->s, sizeof(d->s));
}

/* The parameters of a row, in order; the first is ciphertext when a
 * session encrypted it and the row says it is a TPM2B (Part 1 §21.1). */
static void w_params(struct dec *d, struct dcur *dc, const mtpm_param_desc *p,
		     int cipher, int enc_ok)
{
	if (p && p->kind != MTPM_K_END)
		group(d, cipher ? "parameters (first one encrypted by a session)" : "parameters");
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
 * i of an authorization area; returns sessionAttributes. The hmac is
 * redacted whatever it holds: the password for TPM_RS_PW (and for a
 * policy session after PolicyPassword), else an HMAC; the walker marks
 * it secret either way. */
static uint8_t w_auth(struct dec *d, struct dcur *dc, unsigned i, int rsp)
{
	const char *t = rsp ? "TPMS_AUTH_RESPONSE" : "TPMS_AUTH_COMMAND";
	mtpm_TPMS_AUTH_COMMAND *a = &d->s.auth_cmd;
	mtpm_TPMS_AUTH_RESPONSE *r = &d->s.auth_rsp;
	size_t off = at(dc);
	char name[32];
	uint8_t attrs;

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
	if (rsp)
		mtpm_describe_TPMS_AUTH_RESPONSE(r, name, on_field, d);
	else
		mtpm_describe_TPMS_AUTH_COMMAND(a, name, on_field, d);
	attrs = rsp ? r->sessionAttributes : a->sessionAttributes;
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
		note(d, 2, "%s %u but the frame has %zu bytes",
		     rsp ? "responseSize" : "commandSize", size, d->n);
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
		dfail(d, &dc, 0, "tag 0x%04x is neither TPM_ST_NO_SESSIONS nor TPM_ST_SESSIONS",
		      tag);
		goto out;
	}
	if (!cd) {
		group(d, rsp ? "handles, parameters and authorization area: layout unknown"
			     : "handles, authorization area and parameters: layout unknown");
		rest(d, at(&dc), lim, "body");
		goto out;
	}
	nh = rsp ? cd->rnh : cd->nh;
	if (nh)
		group(d, "handles");
	for (i = 0; i < nh && i < MTPM_MAX_HANDLES; i++)
		w_handle(d, &dc, rsp ? &cd->rh : &cd->h[i], rsp ? MTPM_ROLE_NONE : cd->role[i]);
	if (!rsp && tag == MTPM_ST_SESSIONS) {
		int area;

		group(d, "authorization area");
		area = sized_area(d, &dc, "authorizationSize", &au);
		if (area < 0)
			goto out;
		if (area > 0) {
			nauth = w_auths(d, &au, 0, &attrs);
			if (au.c.err != MTPM_OK)
				mtpm_rc_ignore(mtpm_cur_fail(&dc.c, au.c.err));
			else if (nauth == 0)
				note(d, au.base - 4,
				     "TPM_ST_SESSIONS with an empty authorization area");
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
			if (pre.err == MTPM_OK &&
			    (d->s.auth_rsp.sessionAttributes & MTPM_SA_ENCRYPT))
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
	group(d, "authorization area");
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
