/*
 * keyfile.c - the TPM 2.0 key file for sealed data (draft-bottomley-tpm2-
 * keys; layout in mtpm/keyfile.h), in DER and PEM, and the raw TPM2B files
 * tpm2-tools writes.
 *
 * Reading is strict: every nested value is consumed exactly, unknown
 * fields and trailing bytes are errors, sizes are bounded before use, and
 * on any failure the output is zeroed. It accepts what the writers in the
 * wild emit: BOOLEAN TRUE as 0x01 (the Linux kernel), an absent emptyAuth.
 * Writing a policy-free key gives exactly the kernel's field layout.
 */
#include <stddef.h>
#include <string.h>
#include "mtpm/keyfile.h"
#include "mtpm/seal.h"   /* mtpm_name_well_formed */
#include "der.h"

/* The freestanding core takes nothing from libc but the mem* functions
 * (docs/bootloader.md), so these two are written out. */
static size_t cstrlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static const uint8_t *findbyte(const uint8_t *s, uint8_t ch, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ch)
			return s + i;
	return NULL;
}

/* 2.23.133.10.1.5: TCG sealed data (draft-bottomley-tpm2-keys §3.1) */
static const uint8_t oid_sealed[] = { 0x67, 0x81, 0x05, 0x0a, 0x01, 0x05 };

/* --- one policy step's commandPolicy ------------------------------------ */

mtpm_rc mtpm_keyfile_put_step(mtpm_cur *c, const mtpm_policy_step *st,
			      const mtpm_keyfile_auth *auth)
{
	switch (st->cc) {
	case MTPM_CC_PolicyPCR:            /* Part 3 §23.7: pcrDigest, pcrs */
		mtpm_put_TPM2B_DIGEST(c, &st->u.pcr.pcrDigest);
		mtpm_put_TPML_PCR_SELECTION(c, &st->u.pcr.pcrs);
		break;
	case MTPM_CC_PolicyAuthValue:      /* Part 3 §23.17: no parameters */
	case MTPM_CC_PolicyPassword:       /* Part 3 §23.18: no parameters */
		break;
	case MTPM_CC_PolicyCommandCode:    /* Part 3 §23.11: code */
		mtpm_put_u32(c, st->u.cc.code);
		break;
	case MTPM_CC_PolicyOR:             /* Part 3 §23.6: pHashList */
		mtpm_put_TPML_DIGEST(c, &st->u.or.pHashList);
		break;
	case MTPM_CC_PolicyAuthorize:      /* policyRef || key [|| signature] */
		if (!auth)
			return mtpm_cur_fail(c, MTPM_E_USAGE);
		mtpm_put_TPM2B_DIGEST(c, &st->u.authorize.policyRef);
		mtpm_put_TPM2B_PUBLIC(c, &auth->key);
		if (auth->has_sig)
			mtpm_put_TPMT_SIGNATURE(c, &auth->sig);
		break;
	default:
		return mtpm_cur_fail(c, MTPM_E_UNSUPPORTED);
	}
	return c->err;
}

mtpm_rc mtpm_keyfile_get_step(mtpm_cur *c, uint32_t cc, mtpm_policy_step *st,
			      mtpm_keyfile_auth *auth)
{
	memset(st, 0, sizeof(*st));
	st->cc = cc;
	switch (cc) {
	case MTPM_CC_PolicyPCR:
		mtpm_get_TPM2B_DIGEST(c, &st->u.pcr.pcrDigest);
		mtpm_get_TPML_PCR_SELECTION(c, &st->u.pcr.pcrs);
		break;
	case MTPM_CC_PolicyAuthValue:
	case MTPM_CC_PolicyPassword:
		break;
	case MTPM_CC_PolicyCommandCode:
		mtpm_get_u32(c, &st->u.cc.code);
		break;
	case MTPM_CC_PolicyOR:
		mtpm_get_TPML_DIGEST(c, &st->u.or.pHashList);
		if (c->err == MTPM_OK && (st->u.or.pHashList.count < 2 ||
					  st->u.or.pHashList.count > MTPM_MAX_POLICY_OR))
			mtpm_cur_fail(c, MTPM_E_MALFORMED);
		break;
	case MTPM_CC_PolicyAuthorize:
		if (!auth) {
			mtpm_cur_fail(c, MTPM_E_MALFORMED);
			break;
		}
		memset(auth, 0, sizeof(*auth));
		mtpm_get_TPM2B_DIGEST(c, &st->u.authorize.policyRef);
		mtpm_get_TPM2B_PUBLIC(c, &auth->key);
		if (c->err == MTPM_OK && mtpm_cur_left(c)) {
			mtpm_get_TPMT_SIGNATURE(c, &auth->sig);
			auth->has_sig = 1;
		}
		break;
	default:
		mtpm_cur_fail(c, MTPM_E_UNSUPPORTED);   /* a command mtpm cannot run */
		break;
	}
	if (mtpm_cur_done(c) != MTPM_OK) {   /* every failure path: outputs zeroed */
		memset(st, 0, sizeof(*st));
		if (auth)
			memset(auth, 0, sizeof(*auth));
	}
	return c->err;
}

/* --- DER ---------------------------------------------------------------- */

/* [1] EXPLICIT SEQUENCE OF TPMPolicy: the key's policy, and an authPolicy
 * entry's */
static void put_policy_seq(mtpm_cur *c, const mtpm_keyfile_policy *p)
{
	size_t ctx = mtpm_der_open(c, MTPM_DER_CTX(1)), seq, one, tag, os;
	unsigned i;

	seq = mtpm_der_open(c, MTPM_DER_SEQUENCE);
	for (i = 0; i < p->nsteps && c->err == MTPM_OK; i++) {
		one = mtpm_der_open(c, MTPM_DER_SEQUENCE);
		tag = mtpm_der_open(c, MTPM_DER_CTX(0));        /* commandCode */
		mtpm_der_put_u32(c, p->steps[i].cc);
		mtpm_der_close(c, tag);
		tag = mtpm_der_open(c, MTPM_DER_CTX(1));        /* commandPolicy */
		os = mtpm_der_open(c, MTPM_DER_OCTETSTRING);
		/* a failure stays in c, which every later put checks */
		mtpm_rc_ignore(mtpm_keyfile_put_step(c, &p->steps[i], &p->auth));
		mtpm_der_close(c, os);
		mtpm_der_close(c, tag);
		mtpm_der_close(c, one);
	}
	mtpm_der_close(c, seq);
	mtpm_der_close(c, ctx);
}

/* [n] EXPLICIT BOOLEAN TRUE (FALSE is the field left out) */
static void put_true(mtpm_cur *c, uint8_t tag)
{
	static const uint8_t t = 0xFF;
	size_t slot = mtpm_der_open(c, tag);

	mtpm_der_put_bytes(c, MTPM_DER_BOOLEAN, &t, 1);
	mtpm_der_close(c, slot);
}

static void get_policy_seq(mtpm_cur *c, mtpm_keyfile_policy *p)
{
	mtpm_cur seq, one, tag, os;
	uint32_t cc;
	int authorize_seen = 0;

	memset(p, 0, sizeof(*p));
	mtpm_der_get(c, MTPM_DER_SEQUENCE, &seq);
	while (seq.err == MTPM_OK && mtpm_cur_left(&seq)) {
		if (p->nsteps >= MTPM_KEYFILE_MAX_STEPS) {
			mtpm_cur_fail(&seq, MTPM_E_MALFORMED);
			break;
		}
		mtpm_der_get(&seq, MTPM_DER_SEQUENCE, &one);
		mtpm_der_get(&one, MTPM_DER_CTX(0), &tag);     /* commandCode */
		mtpm_der_get_u32(&tag, &cc);
		mtpm_cur_close_sub(&one, &tag);
		mtpm_der_get(&one, MTPM_DER_CTX(1), &tag);     /* commandPolicy */
		mtpm_der_get(&tag, MTPM_DER_OCTETSTRING, &os);
		if (os.err == MTPM_OK) {
			if (cc == MTPM_CC_PolicyAuthorize && authorize_seen++)
				mtpm_cur_fail(&os, MTPM_E_MALFORMED);
			/* its failure stays in os, closed just below */
			mtpm_rc_ignore(mtpm_keyfile_get_step(&os, cc, &p->steps[p->nsteps], &p->auth));
		}
		mtpm_cur_close_sub(&tag, &os);
		mtpm_cur_close_sub(&one, &tag);
		mtpm_cur_close_sub(&seq, &one);
		p->nsteps++;
	}
	if (seq.err == MTPM_OK && p->nsteps == 0)
		mtpm_cur_fail(&seq, MTPM_E_MALFORMED);
	mtpm_cur_close_sub(c, &seq);
}

/* A sized TPM2B structure inside an OCTET STRING, consumed exactly. */
static void get_tpm2b_public(mtpm_cur *c, mtpm_TPM2B_PUBLIC *pub)
{
	mtpm_cur os;

	mtpm_der_get(c, MTPM_DER_OCTETSTRING, &os);
	mtpm_get_TPM2B_PUBLIC(&os, pub);
	mtpm_cur_close_sub(c, &os);
}

static void get_tpm2b_private(mtpm_cur *c, mtpm_TPM2B_PRIVATE *priv)
{
	mtpm_cur os;

	mtpm_der_get(c, MTPM_DER_OCTETSTRING, &os);
	mtpm_get_TPM2B_PRIVATE(&os, priv);
	mtpm_cur_close_sub(c, &os);
}

/* A value read past unparsed, which is then consumed exactly. */
static void skip_rest(mtpm_cur *c)
{
	mtpm_get_skip(c, mtpm_cur_left(c));
}

/* SEQUENCE OF TPMAuthPolicy */
static void get_authpol_seq(mtpm_cur *c, mtpm_keyfile *kf)
{
	mtpm_cur list, ap, t;

	mtpm_der_get(c, MTPM_DER_SEQUENCE, &list);
	while (list.err == MTPM_OK && mtpm_cur_left(&list)) {
		if (kf->nauthpol >= MTPM_KEYFILE_MAX_AUTHPOL) {
			mtpm_cur_fail(&list, MTPM_E_MALFORMED);
			break;
		}
		mtpm_der_get(&list, MTPM_DER_SEQUENCE, &ap);
		if (mtpm_der_peek(&ap) == MTPM_DER_CTX(0)) {       /* name: skipped */
			mtpm_der_get(&ap, MTPM_DER_CTX(0), &t);
			skip_rest(&t);
			mtpm_cur_close_sub(&ap, &t);
		}
		mtpm_der_get(&ap, MTPM_DER_CTX(1), &t);             /* policy */
		get_policy_seq(&t, &kf->authpol[kf->nauthpol]);
		mtpm_cur_close_sub(&ap, &t);
		mtpm_cur_close_sub(&list, &ap);
		kf->nauthpol++;
	}
	mtpm_cur_close_sub(c, &list);
}

mtpm_rc mtpm_keyfile_read_der(const uint8_t *in, size_t n, mtpm_keyfile *kf)
{
	mtpm_cur top, key, sub;
	int t, next;

	memset(kf, 0, sizeof(*kf));
	mtpm_cur_init_ro(&top, in, n);
	if (n > MTPM_KEYFILE_MAX_DER)   /* larger than any key file: read nothing */
		mtpm_cur_fail(&top, MTPM_E_MALFORMED);
	mtpm_der_get(&top, MTPM_DER_SEQUENCE, &key);
	mtpm_der_get(&key, MTPM_DER_OID, &sub);                     /* type */
	if (sub.err == MTPM_OK && (mtpm_cur_left(&sub) != sizeof(oid_sealed) ||
				   !mtpm_ct_equal(sub.p, oid_sealed, sizeof(oid_sealed))))
		mtpm_cur_fail(&sub, MTPM_E_UNSUPPORTED);   /* not a sealed-data key */
	skip_rest(&sub);
	mtpm_cur_close_sub(&key, &sub);
	/* The optional fields [0] to [5]: each at most once, in tag order
	 * (one out of order or repeated ends the loop, and is then refused
	 * as the parent INTEGER). */
	for (next = MTPM_DER_CTX(0); (t = mtpm_der_peek(&key)) >= next &&
		       t <= MTPM_DER_CTX(5); next = t + 1) {
		mtpm_der_get(&key, (uint8_t)t, &sub);
		switch (t) {
		case MTPM_DER_CTX(0):                               /* emptyAuth */
			mtpm_der_get_bool(&sub, &kf->empty_auth);
			break;
		case MTPM_DER_CTX(1):                               /* policy */
			get_policy_seq(&sub, &kf->policy);
			break;
		case MTPM_DER_CTX(2):                               /* secret: not for sealed data */
			mtpm_cur_fail(&sub, MTPM_E_MALFORMED);
			break;
		case MTPM_DER_CTX(3):                               /* authPolicy */
			get_authpol_seq(&sub, kf);
			break;
		case MTPM_DER_CTX(4):                               /* description: skipped */
			skip_rest(&sub);
			break;
		default:                                            /* [5] rsaParent */
			mtpm_der_get_bool(&sub, &kf->rsa_parent);
			break;
		}
		mtpm_cur_close_sub(&key, &sub);
	}
	mtpm_der_get_u32(&key, &kf->parent);                        /* parent */
	get_tpm2b_public(&key, &kf->pub);                           /* pubkey */
	get_tpm2b_private(&key, &kf->priv);                         /* privkey */
	mtpm_cur_close_sub(&top, &key);
	/* A sealed data object is a KEYEDHASH object (Part 2 §12.2.4). */
	if (mtpm_cur_done(&top) == MTPM_OK && kf->pub.publicArea.type != MTPM_ALG_KEYEDHASH)
		mtpm_cur_fail(&top, MTPM_E_MALFORMED);
	if (top.err != MTPM_OK) {
		mtpm_wipe(kf, sizeof(*kf));
		return top.err == MTPM_E_UNSUPPORTED ? MTPM_E_UNSUPPORTED : MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_keyfile_write_der(const mtpm_keyfile *kf, uint8_t *out, size_t cap,
			       size_t *len)
{
	mtpm_cur c;
	size_t key, tag, list, os;
	unsigned i;

	*len = 0;
	/* The counts index fixed arrays: a count past them is refused, never
	 * read past (steps[]) or silently cut short (authpol[]). */
	if (kf->policy.nsteps > MTPM_KEYFILE_MAX_STEPS ||
	    kf->nauthpol > MTPM_KEYFILE_MAX_AUTHPOL)
		return MTPM_E_USAGE;
	for (i = 0; i < kf->nauthpol; i++)
		if (kf->authpol[i].nsteps > MTPM_KEYFILE_MAX_STEPS)
			return MTPM_E_USAGE;
	mtpm_cur_init(&c, out, cap);
	key = mtpm_der_open(&c, MTPM_DER_SEQUENCE);
	mtpm_der_put_bytes(&c, MTPM_DER_OID, oid_sealed, sizeof(oid_sealed));
	if (kf->empty_auth)                                   /* [0] emptyAuth TRUE */
		put_true(&c, MTPM_DER_CTX(0));
	if (kf->policy.nsteps)                                /* [1] policy */
		put_policy_seq(&c, &kf->policy);
	if (kf->nauthpol) {                                   /* [3] authPolicy */
		tag = mtpm_der_open(&c, MTPM_DER_CTX(3));
		list = mtpm_der_open(&c, MTPM_DER_SEQUENCE);
		for (i = 0; i < kf->nauthpol; i++) {
			size_t ap = mtpm_der_open(&c, MTPM_DER_SEQUENCE);

			put_policy_seq(&c, &kf->authpol[i]);  /* [1] policy */
			mtpm_der_close(&c, ap);
		}
		mtpm_der_close(&c, list);
		mtpm_der_close(&c, tag);
	}
	if (kf->rsa_parent)                                   /* [5] rsaParent TRUE */
		put_true(&c, MTPM_DER_CTX(5));
	mtpm_der_put_u32(&c, kf->parent);                     /* parent */
	os = mtpm_der_open(&c, MTPM_DER_OCTETSTRING);         /* pubkey */
	mtpm_put_TPM2B_PUBLIC(&c, &kf->pub);
	mtpm_der_close(&c, os);
	os = mtpm_der_open(&c, MTPM_DER_OCTETSTRING);         /* privkey */
	mtpm_put_TPM2B_PRIVATE(&c, &kf->priv);
	mtpm_der_close(&c, os);
	mtpm_der_close(&c, key);
	if (c.err == MTPM_OK)
		*len = c.pos;
	return c.err;
}

/* --- base64 (RFC 4648 §4) ----------------------------------------------- */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* A character's value: its place in the alphabet (a bounded search, no
 * table indexed by the input), or -1. */
static int b64_val(uint8_t ch)
{
	const uint8_t *at = findbyte((const uint8_t *)b64, ch, sizeof(b64) - 1);

	return at ? (int)(at - (const uint8_t *)b64) : -1;
}

/* Decode in[0..n) skipping line breaks and spaces. Strict padding. */
static mtpm_rc b64_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			  size_t *len)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	unsigned bits = 0, pad = 0;

	*len = 0;
	for (i = 0; i < n; i++) {
		uint8_t ch = in[i];
		int v;

		if (ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t')
			continue;
		if (ch == '=') {
			pad++;
			continue;
		}
		v = b64_val(ch);
		if (v < 0 || pad)
			return MTPM_E_MALFORMED;   /* bad char, or data after '=' */
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return MTPM_E_SPACE;   /* well formed so far, too long */
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	/* 0, 2 or 4 leftover bits, all zero, and one '=' per two of them */
	if (bits == 6 || pad != bits / 2 || (acc & ((1u << bits) - 1)))
		return MTPM_E_MALFORMED;
	*len = o;
	return MTPM_OK;
}

/* Encode; with wrap, a line break every 64 characters (RFC 7468 §2). */
static void b64_encode(mtpm_cur *c, const uint8_t *in, size_t n, int wrap)
{
	size_t i, col = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t v = 0;
		char q[4];
		size_t k;

		for (k = 0; k < 3; k++)   /* a group of three, zeros past the end */
			v = v << 8 | (i + k < n ? in[i + k] : 0);
		for (k = 0; k < 4; k++)   /* r bytes left: r + 1 characters, then '=' */
			q[k] = k <= n - i ? b64[(v >> (18 - 6 * k)) & 63] : '=';
		mtpm_put_bytes(c, q, 4);
		col += 4;
		if (wrap && col == 64 && i + 3 < n) {
			mtpm_put_u8(c, '\n');
			col = 0;
		}
	}
}

/* --- PEM ------------------------------------------------------------------ */

#define PEM_BEGIN "-----BEGIN TSS2 PRIVATE KEY-----"
#define PEM_END "-----END TSS2 PRIVATE KEY-----"
/* what the writer puts after the base64: the END line, and a NUL */
static const char pem_footer[] = "\n" PEM_END "\n";

static const uint8_t *find(const uint8_t *h, size_t hn, const char *needle)
{
	size_t n = cstrlen(needle), i;

	for (i = 0; i + n <= hn; i++)
		if (mtpm_ct_equal(h + i, needle, n))
			return h + i;
	return NULL;
}

static size_t prefix_is(const uint8_t *l, size_t n, const char *p)
{
	size_t k = cstrlen(p);

	return n >= k && mtpm_ct_equal(l, p, k) ? k : 0;
}

static uint16_t bank_alg(const uint8_t *s, size_t n)
{
	if (n == 4 && mtpm_ct_equal(s, "sha1", 4))
		return MTPM_ALG_SHA1;
	if (n == 6 && mtpm_ct_equal(s, "sha256", 6))
		return MTPM_ALG_SHA256;
	if (n == 6 && mtpm_ct_equal(s, "sha384", 6))
		return MTPM_ALG_SHA384;
	if (n == 6 && mtpm_ct_equal(s, "sha512", 6))
		return MTPM_ALG_SHA512;
	return 0;
}

/* One explanatory line before BEGIN. Unknown lines are ignored, as RFC
 * 7468 asks; lines that claim to be ours must parse. */
static mtpm_rc pem_line(const uint8_t *l, size_t n, mtpm_keyfile *kf)
{
	uint8_t buf[sizeof(mtpm_TPM2B_PUBLIC) + 8];
	size_t k, len;
	mtpm_cur c;
	mtpm_rc rc;

	if ((k = prefix_is(l, n, "mtpm-parent-name: ")) != 0) {
		/* on failure len is 0, and the caller wipes kf */
		rc = mtpm_hex_decode(l + k, n - k, kf->parent_name.buffer,
				sizeof(kf->parent_name.buffer), &len);
		kf->parent_name.size = (uint16_t)len;
		if (rc == MTPM_OK && !mtpm_name_well_formed(&kf->parent_name))
			rc = MTPM_E_MALFORMED;   /* nameAlg || digest of its size */
		return rc;
	}
	if ((k = prefix_is(l, n, "mtpm-parent-public: ")) != 0) {
		rc = b64_decode(l + k, n - k, buf, sizeof(buf), &len);
		if (rc != MTPM_OK)   /* longer than any TPM2B_PUBLIC: a bad file,
				      * not the caller's short scratch */
			return MTPM_E_MALFORMED;
		mtpm_cur_init_ro(&c, buf, len);
		mtpm_get_TPM2B_PUBLIC(&c, &kf->parent_pub);
		return mtpm_cur_done(&c);
	}
	if ((k = prefix_is(l, n, "mtpm-pcr: ")) != 0) {
		const uint8_t *s = l + k, *colon, *eq;
		size_t rest = n - k;
		mtpm_keyfile_pcr *p;
		unsigned v = 0;

		if (kf->npcrs >= MTPM_KEYFILE_MAX_PCRS)
			return MTPM_E_MALFORMED;
		p = &kf->pcrs[kf->npcrs];
		colon = findbyte(s, ':', rest);
		eq = findbyte(s, '=', rest);
		if (!colon || !eq || eq < colon + 2 || eq > colon + 3)
			return MTPM_E_MALFORMED;
		p->hash = bank_alg(s, (size_t)(colon - s));
		for (s = colon + 1; s < eq; s++) {
			if (*s < '0' || *s > '9')
				return MTPM_E_MALFORMED;
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (!p->hash || v > 23)
			return MTPM_E_MALFORMED;
		p->pcr = (uint8_t)v;
		rc = mtpm_hex_decode(eq + 1, (size_t)(l + n - (eq + 1)), p->value.buffer,
				sizeof(p->value.buffer), &len);
		if (rc != MTPM_OK || len != mtpm_hash_size(p->hash))
			return MTPM_E_MALFORMED;
		p->value.size = (uint16_t)len;
		kf->npcrs++;
		return MTPM_OK;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_pem_decode(const char *label, const uint8_t *in, size_t n,
			uint8_t *out, size_t cap, size_t *len)
{
	char begin[64], end[64];
	const uint8_t *b, *e;
	size_t ll = cstrlen(label);
	mtpm_rc rc;

	*len = 0;
	if (ll > 40)
		return MTPM_E_USAGE;
	memcpy(begin, "-----BEGIN ", 11);
	memcpy(begin + 11, label, ll);
	memcpy(begin + 11 + ll, "-----", 6);
	memcpy(end, "-----END ", 9);
	memcpy(end + 9, label, ll);
	memcpy(end + 9 + ll, "-----", 6);
	b = find(in, n, begin);
	if (!b)
		return MTPM_E_MALFORMED;
	b += cstrlen(begin);
	e = find(b, (size_t)(in + n - b), end);
	if (!e)
		return MTPM_E_MALFORMED;
	rc = b64_decode(b, (size_t)(e - b), out, cap, len);
	return rc == MTPM_E_SPACE ? MTPM_E_MALFORMED : rc;
}

static mtpm_rc read_pem(const uint8_t *in, size_t n, mtpm_keyfile *kf,
		       uint8_t *scratch, size_t cap)
{
	const uint8_t *b = find(in, n, PEM_BEGIN), *e, *l, *body;
	size_t len;
	mtpm_rc rc;

	memset(kf, 0, sizeof(*kf));
	if (!b)
		return MTPM_E_MALFORMED;
	body = b + sizeof(PEM_BEGIN) - 1;
	e = find(body, (size_t)(in + n - body), PEM_END);
	if (!e)
		return MTPM_E_MALFORMED;
	/* The DER first (it starts from a zeroed kf), decoded in the
	 * caller's scratch space ... */
	if (cap > MTPM_KEYFILE_MAX_DER)
		cap = MTPM_KEYFILE_MAX_DER;
	rc = scratch ? b64_decode(body, (size_t)(e - body), scratch, cap, &len)
		     : MTPM_E_SPACE;
	/* A body larger than the largest key file is a bad file; one that
	 * only outgrew a smaller scratch is the caller's shortage. */
	if (rc == MTPM_E_SPACE && cap == MTPM_KEYFILE_MAX_DER)
		rc = MTPM_E_MALFORMED;
	if (rc == MTPM_OK)
		rc = mtpm_keyfile_read_der(scratch, len, kf);
	if (scratch)
		mtpm_wipe(scratch, cap);
	if (rc != MTPM_OK)
		goto fail;
	/* ... then mtpm's lines before BEGIN add to it. */
	for (l = in; l < b;) {
		const uint8_t *nl = findbyte(l, '\n', (size_t)(b - l));
		size_t ln = nl ? (size_t)(nl - l) : (size_t)(b - l);

		if (ln && l[ln - 1] == '\r')
			ln--;
		rc = pem_line(l, ln, kf);
		if (rc != MTPM_OK)
			goto fail;
		l = nl ? nl + 1 : b;
	}
	return MTPM_OK;
fail:
	mtpm_wipe(kf, sizeof(*kf));
	return rc == MTPM_E_UNSUPPORTED || rc == MTPM_E_SPACE ? rc : MTPM_E_MALFORMED;
}

mtpm_rc mtpm_keyfile_read(const uint8_t *in, size_t n, mtpm_keyfile *kf,
			  uint8_t *scratch, size_t scratch_cap)
{
	if (n > MTPM_KEYFILE_MAX_PEM) {
		memset(kf, 0, sizeof(*kf));
		return MTPM_E_MALFORMED;
	}
	if (n > 0 && in[0] == MTPM_DER_SEQUENCE)
		return mtpm_keyfile_read_der(in, n, kf);
	return read_pem(in, n, kf, scratch, scratch_cap);
}

static void put_str(mtpm_cur *c, const char *s)
{
	mtpm_put_bytes(c, s, cstrlen(s));
}

/* b[0..n) in hex, ending the line (both hex fields end theirs) */
static void put_hex_line(mtpm_cur *c, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		mtpm_put_u8(c, (uint8_t)hx[b[i] >> 4]);
		mtpm_put_u8(c, (uint8_t)hx[b[i] & 15]);
	}
	mtpm_put_u8(c, '\n');
}

static const char *bank_name(uint16_t alg)
{
	switch (alg) {
	case MTPM_ALG_SHA1: return "sha1";
	case MTPM_ALG_SHA256: return "sha256";
	case MTPM_ALG_SHA384: return "sha384";
	case MTPM_ALG_SHA512: return "sha512";
	default: return NULL;
	}
}

/*
 * PEM is written in out itself, without a DER buffer on the stack: the
 * DER is encoded first, moved to the end of out, and base64 is written from
 * the front. Base64 output runs ahead of its input by a third, so the
 * writer can only overtake the unread DER if the whole PEM would not fit;
 * that is checked before encoding starts.
 */
mtpm_rc mtpm_keyfile_write_pem(const mtpm_keyfile *kf, uint8_t *out, size_t cap,
			       size_t *len)
{
	uint8_t pub[sizeof(mtpm_TPM2B_PUBLIC) + 8];
	const uint8_t *der;
	size_t dlen = 0, b64len, total;
	unsigned i;
	mtpm_cur c, pc;
	mtpm_rc rc;

	*len = 0;
	if (kf->npcrs > MTPM_KEYFILE_MAX_PCRS)
		return MTPM_E_USAGE;   /* refused, not silently cut short */
	rc = mtpm_keyfile_write_der(kf, out, cap, &dlen);
	if (rc != MTPM_OK)
		return rc;
	memmove(out + cap - dlen, out, dlen);
	der = out + cap - dlen;
	/* the header lines may fill the space in front of the DER, no more */
	mtpm_cur_init(&c, out, cap - dlen);
	if (kf->parent_name.size) {
		put_str(&c, "mtpm-parent-name: ");
		put_hex_line(&c, kf->parent_name.buffer, kf->parent_name.size);
	}
	if (kf->parent_pub.publicArea.type) {
		mtpm_cur_init(&pc, pub, sizeof(pub));
		mtpm_put_TPM2B_PUBLIC(&pc, &kf->parent_pub);
		if (pc.err != MTPM_OK)
			return pc.err;
		put_str(&c, "mtpm-parent-public: ");
		b64_encode(&c, pub, pc.pos, 0);   /* one line: read as a whole */
		mtpm_put_u8(&c, '\n');
	}
	for (i = 0; i < kf->npcrs; i++) {
		const char *bn = bank_name(kf->pcrs[i].hash);
		uint8_t pcr = kf->pcrs[i].pcr;

		if (!bn || pcr > 23)
			return MTPM_E_USAGE;
		put_str(&c, "mtpm-pcr: ");
		put_str(&c, bn);
		mtpm_put_u8(&c, ':');
		if (pcr >= 10)
			mtpm_put_u8(&c, (uint8_t)('0' + pcr / 10));
		mtpm_put_u8(&c, (uint8_t)('0' + pcr % 10));
		mtpm_put_u8(&c, '=');
		put_hex_line(&c, kf->pcrs[i].value.buffer, kf->pcrs[i].value.size);
	}
	put_str(&c, PEM_BEGIN "\n");
	if (c.err != MTPM_OK)
		return c.err;
	/* base64 with a line break every 64 characters, then the footer */
	b64len = 4 * ((dlen + 2) / 3);
	b64len += b64len ? (b64len - 1) / 64 : 0;
	total = c.pos + b64len + sizeof(pem_footer);
	if (total > cap)
		return MTPM_E_SPACE;
	c.end = cap;   /* from here the writer may reuse what it has read */
	b64_encode(&c, der, dlen, 1);
	mtpm_put_bytes(&c, pem_footer, sizeof(pem_footer));
	if (c.err == MTPM_OK)
		*len = c.pos - 1;
	return c.err;
}

/* --- raw TPM2B files (tpm2_create -u / -r) ------------------------------ */

mtpm_rc mtpm_keyfile_read_public(const uint8_t *in, size_t n, mtpm_TPM2B_PUBLIC *pub)
{
	mtpm_cur c;

	mtpm_cur_init_ro(&c, in, n);
	mtpm_get_TPM2B_PUBLIC(&c, pub);
	if (mtpm_cur_done(&c) != MTPM_OK) {
		memset(pub, 0, sizeof(*pub));
		return MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_keyfile_read_private(const uint8_t *in, size_t n, mtpm_TPM2B_PRIVATE *priv)
{
	mtpm_cur c;

	mtpm_cur_init_ro(&c, in, n);
	mtpm_get_TPM2B_PRIVATE(&c, priv);
	if (mtpm_cur_done(&c) != MTPM_OK) {
		memset(priv, 0, sizeof(*priv));
		return MTPM_E_MALFORMED;
	}
	return MTPM_OK;
}
