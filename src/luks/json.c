/*
 * src/luks/json.c - JSON (RFC 8259) documents over jsmn's tokens: the
 * checks jsmn leaves out, a walker, string unescaping and typed field
 * decoders. Everything the LUKS2 and JWE parsers read goes through here.
 *
 * mtpm_json_open, in order:
 *   1. no NUL byte, text at most MTPM_JSON_TEXT_MAX;
 *   2. nesting at most MTPM_JSON_DEPTH_MAX, counted over the raw text
 *      (outside strings) before jsmn runs, so 10,000 '[' cost no tokens;
 *   3. jsmn (jsmn.c) into the caller's token array;
 *   4. one pass over the tokens in document order: token 0 the only
 *      top-level value and an object; object members are keys (strings)
 *      with exactly one value, array elements and values have no
 *      children, every child lies inside its parent (a value after its
 *      key); primitives are true, false, null or an RFC 8259 §6 number;
 *      every string unescapes cleanly (jstr_next); and the bytes between
 *      consecutive tokens are whitespace, closing brackets and exactly
 *      the separator the structure needs (':' after a key, ',' between
 *      siblings, nothing before a first child or after the last).
 * After that, every byte of the text is accounted for, and the walker
 * below can trust the tree: each loop over children is bounded by the
 * token count, and parent indices are below their children's.
 *
 * Strings: every escape is checked (RFC 8259 §7: the eight one-letter
 * ones, \uXXXX with surrogates paired); \u0000 is refused (values end up
 * in C strings). Every value and key mtpm reads is ASCII, so an escape
 * for a character >= U+0080 is not turned into UTF-8: it reads as the
 * one byte 0x80, which no name matches and no decoder (base64, hex,
 * digits) accepts. Raw bytes >= 0x80 pass through unchecked.
 *
 * Duplicate keys: mtpm_json_key refuses a key that appears twice, the
 * comparison done on unescaped text ("a" and "\u0061" are the same key).
 * Keys nobody asks for are not compared.
 */
#include <limits.h>
#include <string.h>

#include "mtpm/tpm.h"
#include "luks_int.h"

mtpm_rc mtpm_json_fail(const mtpm_jdoc *j, unsigned why, const char *field, int i)
{
	return mtpm_luks_fail(j->d, why, field,
			      i >= 0 && i < j->n ? (uint32_t)j->t[i].start : 0);
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* --- strings ---------------------------------------------------------------- */

typedef struct {
	const char *p, *e;
} jstr;

static void jstr_init(jstr *s, const mtpm_jdoc *j, int i)
{
	s->p = j->s + j->t[i].start;
	s->e = j->s + j->t[i].end;
}

static int hex4(jstr *s, uint32_t *v)
{
	int k, h;

	*v = 0;
	if (s->e - s->p < 4)
		return 0;
	for (k = 0; k < 4; k++) {
		if ((h = hexval((uint8_t)*s->p++)) < 0)
			return 0;
		*v = (*v << 4) | (uint32_t)h;
	}
	return 1;
}

/* The next byte of the unescaped string (0x80 for any escaped non-ASCII
 * character), -1 at its end, -2 when it is not a valid JSON string. */
static int jstr_next(jstr *s)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	const char *q;
	uint32_t cp, lo;
	int c;

	if (s->p >= s->e)
		return -1;
	c = (uint8_t)*s->p++;
	if (c < 0x20)
		return -2;
	if (c != '\\')
		return c;
	if (s->p >= s->e)
		return -2;
	c = (uint8_t)*s->p++;
	if (c != 'u') {
		/* pairs: the letter after '\', then what it stands for */
		for (q = esc; *q; q += 2)
			if (*q == c)
				return (uint8_t)q[1];
		return -2;
	}
	if (!hex4(s, &cp) || cp == 0 || (cp >= 0xDC00 && cp < 0xE000))
		return -2;
	if (cp >= 0xD800 && cp < 0xDC00) {          /* a low surrogate must follow */
		if (s->e - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
			return -2;
		s->p += 2;
		if (!hex4(s, &lo) || lo < 0xDC00 || lo > 0xDFFF)
			return -2;
	}
	return cp < 0x80 ? (int)cp : 0x80;
}

static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int mtpm_json_streq(const mtpm_jdoc *j, int i, const char *lit, int nocase)
{
	jstr s;
	int c;

	if (j->t[i].type != MTPM_J_STRING)
		return 0;
	jstr_init(&s, j, i);
	while ((c = jstr_next(&s)) >= 0) {
		if (!*lit || (nocase ? fold(c) != fold((uint8_t)*lit) : c != (uint8_t)*lit))
			return 0;
		lit++;
	}
	return c == -1 && !*lit;
}

/* --- opening a document ------------------------------------------------------ */

/* RFC 8259 §3, §6: true, false, null or -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static size_t digits(const char *p, size_t n, size_t i)
{
	while (i < n && is_digit(p[i]))
		i++;
	return i;
}

static int prim_ok(const char *p, size_t n)
{
	size_t i = 0, k;

	if ((n == 4 && !memcmp(p, "true", 4)) || (n == 5 && !memcmp(p, "false", 5)) ||
	    (n == 4 && !memcmp(p, "null", 4)))
		return 1;
	if (i < n && p[i] == '-')
		i++;
	if ((k = digits(p, n, i)) == i || (p[i] == '0' && k > i + 1))
		return 0;
	i = k;
	if (i < n && p[i] == '.') {
		if ((k = digits(p, n, i + 1)) == i + 1)
			return 0;
		i = k;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if ((k = digits(p, n, i)) == i)
			return 0;
		i = k;
	}
	return i == n;
}

/* s[a..b) between two tokens: whitespace; closing brackets only before a
 * ',' or at the end ('E'); and exactly one sep when sep is ':' or ','. */
static int gap_ok(const char *s, int a, int b, int sep)
{
	int seen = 0, c;

	if (a > b)
		return 0;
	for (; a < b; a++) {
		c = s[a];
		if (is_ws(c))
			continue;
		if ((c == '}' || c == ']') && !seen && (sep == ',' || sep == 'E'))
			continue;
		if (c == sep && (sep == ':' || sep == ',') && !seen) {
			seen = 1;
			continue;
		}
		return 0;
	}
	return seen || sep == 0 || sep == 'E';
}

static mtpm_rc check(const mtpm_jdoc *j, int len)
{
	const mtpm_json_tok *t = j->t;
	int i, p, pt = 0, pos = 0, sep, c;
	jstr s;

	for (i = 0; i < j->n; i++) {
		p = t[i].parent;
		if (i == 0) {
			if (t[0].type != MTPM_J_OBJECT || p != -1)
				return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, 0);
		} else {
			if (p < 0 || p >= i)
				return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, i);
			pt = t[p].type;
			if (pt == MTPM_J_OBJECT ? t[i].type != MTPM_J_STRING || t[i].size != 1 ||
							  t[i].end >= t[p].end :
			    pt == MTPM_J_ARRAY ? t[i].end >= t[p].end :
			    pt == MTPM_J_STRING ? p != i - 1 || t[i].start <= t[p].end :
			    1)
				return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, i);
			/* only keys (children of objects) have a child */
			if (pt != MTPM_J_OBJECT && t[i].type >= MTPM_J_STRING && t[i].size)
				return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, i);
		}
		if (t[i].type == MTPM_J_PRIM &&
		    !prim_ok(j->s + t[i].start, (size_t)(t[i].end - t[i].start)))
			return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, i);
		if (t[i].type == MTPM_J_STRING) {
			jstr_init(&s, j, i);
			while ((c = jstr_next(&s)) >= 0)
				;
			if (c == -2)
				return mtpm_json_fail(j, MTPM_LUKS_W_STRING, NULL, i);
		}
		sep = i == 0 ? 0 : p != i - 1 ? ',' : pt == MTPM_J_STRING ? ':' : 0;
		if (!gap_ok(j->s, pos, t[i].start - (t[i].type == MTPM_J_STRING), sep))
			return mtpm_json_fail(j, MTPM_LUKS_W_SYNTAX, NULL, i);
		pos = t[i].type <= MTPM_J_ARRAY ? t[i].start + 1 :
						  t[i].end + (t[i].type == MTPM_J_STRING);
	}
	if (!gap_ok(j->s, pos, len, 'E'))
		return mtpm_luks_fail(j->d, MTPM_LUKS_W_SYNTAX, NULL, (uint32_t)pos);
	return MTPM_OK;
}

mtpm_rc mtpm_json_open(mtpm_jdoc *j, const char *s, size_t len,
		       mtpm_json_tok *t, size_t nt, mtpm_luks_diag *d)
{
	unsigned depth = 0, pos;
	size_t i;
	int instr = 0, n;

	j->s = s;
	j->t = t;
	j->n = 0;
	j->d = d;
	if (!s || !t || !nt)
		return MTPM_E_USAGE;
	if (len > MTPM_JSON_TEXT_MAX)
		return mtpm_luks_fail(d, MTPM_LUKS_W_SIZE, NULL, 0);
	for (i = 0; i < len; i++) {
		int c = (uint8_t)s[i];

		if (c == 0)
			return mtpm_luks_fail(d, MTPM_LUKS_W_SYNTAX, NULL, (uint32_t)i);
		if (instr) {
			if (c == '\\' && i + 1 < len && s[i + 1])
				i++;
			else if (c == '"')
				instr = 0;
		} else if (c == '"') {
			instr = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > MTPM_JSON_DEPTH_MAX)
				return mtpm_luks_fail(d, MTPM_LUKS_W_DEPTH, NULL, (uint32_t)i);
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	n = mtpm_json_tokenize(s, len, t, nt > INT_MAX ? INT_MAX : (unsigned)nt, &pos);
	if (n <= 0)
		return mtpm_luks_fail(d, n == -1 ? MTPM_LUKS_W_TOKENS : MTPM_LUKS_W_SYNTAX,
				      NULL, pos);
	j->n = n;
	return check(j, (int)len);
}

/* --- walking ------------------------------------------------------------------- */

int mtpm_json_next(const mtpm_jdoc *j, int i)
{
	int k = i + 1, end;

	/* a key's extent is its value's (the token right after it); a
	 * string's end is its closing quote */
	if (j->t[i].type == MTPM_J_STRING && j->t[i].size == 1)
		i++;
	end = j->t[i].end + (j->t[i].type == MTPM_J_STRING);
	while (k < j->n && j->t[k].start < end)
		k++;
	return k;
}

mtpm_rc mtpm_json_key(const mtpm_jdoc *j, int obj, const char *name, int required,
		      int *v)
{
	int k;

	*v = -1;
	for (k = obj + 1; k < j->n && j->t[k].start < j->t[obj].end; k = mtpm_json_next(j, k)) {
		if (!mtpm_json_streq(j, k, name, 0))
			continue;
		if (*v >= 0) {
			*v = -1;
			return mtpm_json_fail(j, MTPM_LUKS_W_DUP, name, k);
		}
		*v = k + 1;
	}
	if (*v < 0 && required)
		return mtpm_json_fail(j, MTPM_LUKS_W_MISSING, name, obj);
	return MTPM_OK;
}

mtpm_rc mtpm_json_want(const mtpm_jdoc *j, int i, int type, const char *field)
{
	return j->t[i].type == type ? MTPM_OK : mtpm_json_fail(j, MTPM_LUKS_W_TYPE, field, i);
}

mtpm_rc mtpm_json_raw(const mtpm_jdoc *j, int i, const char *field,
		      const char **p, size_t *n)
{
	mtpm_rc rc = mtpm_json_want(j, i, MTPM_J_STRING, field);

	*p = j->s + j->t[i].start;
	*n = (size_t)(j->t[i].end - j->t[i].start);
	if (!rc && memchr(*p, '\\', *n))
		rc = mtpm_json_fail(j, MTPM_LUKS_W_STRING, field, i);
	return rc;
}

long mtpm_json_dec(const char *p, size_t n, long max)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 9 || (p[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v <= max ? v : -1;
}

/* --- typed values ------------------------------------------------------------------ */

mtpm_rc mtpm_json_b64(const mtpm_jdoc *j, int i, const char *field, unsigned flags,
		      uint8_t *out, size_t cap, uint16_t *len)
{
	mtpm_b64 b;
	jstr s;
	size_t n;
	mtpm_rc rc;
	int c;

	if (i < 0)
		return MTPM_OK;
	if ((rc = mtpm_json_want(j, i, MTPM_J_STRING, field)))
		return rc;
	if (cap > UINT16_MAX)
		cap = UINT16_MAX;
	jstr_init(&s, j, i);
	mtpm_b64_init(&b, flags, out, cap);
	while ((c = jstr_next(&s)) >= 0)
		mtpm_b64_push(&b, (unsigned)c);
	rc = mtpm_b64_end(&b, &n);
	*len = (uint16_t)n;
	if (rc)
		return mtpm_json_fail(j, rc == MTPM_E_SPACE ? MTPM_LUKS_W_SIZE : MTPM_LUKS_W_BASE64,
				      field, i);
	return MTPM_OK;
}

mtpm_rc mtpm_json_hex(const mtpm_jdoc *j, int i, const char *field, uint8_t *out,
		      size_t cap, uint16_t *len)
{
	jstr s;
	size_t o = 0;
	int hi, lo;
	mtpm_rc rc;

	if (i < 0)
		return MTPM_OK;
	if ((rc = mtpm_json_want(j, i, MTPM_J_STRING, field)))
		return rc;
	jstr_init(&s, j, i);
	while ((hi = jstr_next(&s)) >= 0) {
		hi = hexval(hi);
		lo = hexval(jstr_next(&s));
		if (hi < 0 || lo < 0)
			return mtpm_json_fail(j, MTPM_LUKS_W_HEX, field, i);
		if (o >= cap)
			return mtpm_json_fail(j, MTPM_LUKS_W_SIZE, field, i);
		out[o++] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint16_t)o;
	return MTPM_OK;
}

/* An array of decimal numbers (PCRs: primitives 0-23) or strings
 * (keyslots: 0-31): a mask. */
static mtpm_rc mask_of(const mtpm_jdoc *j, int i, const char *field, int type,
		       long max, uint32_t *mask)
{
	const mtpm_json_tok *t = j->t;
	long v;
	int k;

	if (t[i].type != MTPM_J_ARRAY)
		return mtpm_json_fail(j, MTPM_LUKS_W_TYPE, field, i);
	for (k = i + 1; k < j->n && t[k].start < t[i].end; k = mtpm_json_next(j, k)) {
		if (t[k].type != type ||
		    (v = mtpm_json_dec(j->s + t[k].start, (size_t)(t[k].end - t[k].start), max)) < 0)
			return mtpm_json_fail(j, MTPM_LUKS_W_VALUE, field, k);
		*mask |= 1u << v;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_json_slots(const mtpm_jdoc *j, int i, const char *field, uint32_t *mask)
{
	return mask_of(j, i, field, MTPM_J_STRING, MTPM_LUKS2_KEYSLOTS_MAX - 1, mask);
}

/* clevis pcr_ids as a string: "0,7"; "" is none */
static mtpm_rc pcr_list(const mtpm_jdoc *j, int i, const char *field, uint32_t *mask)
{
	const char *p;
	size_t n, a, b;
	mtpm_rc rc;
	long v;

	if ((rc = mtpm_json_raw(j, i, field, &p, &n)))
		return rc;
	for (a = 0; n; a = b + 1) {
		for (b = a; b < n && p[b] != ','; b++)
			;
		if ((v = mtpm_json_dec(p + a, b - a, 23)) < 0)
			return mtpm_json_fail(j, MTPM_LUKS_W_VALUE, field, i);
		*mask |= 1u << v;
		if (b == n)
			break;
	}
	return MTPM_OK;
}

/* names systemd and clevis use for algorithms (compared case-folded, as
 * systemd's strcaseeq) */
static const struct {
	char name[7];
	uint8_t kind;
	uint16_t alg;
} algs[] = {
	{ "sha1", MTPM_F_HASH, MTPM_ALG_SHA1 },     { "sha256", MTPM_F_HASH, MTPM_ALG_SHA256 },
	{ "sha384", MTPM_F_HASH, MTPM_ALG_SHA384 }, { "sha512", MTPM_F_HASH, MTPM_ALG_SHA512 },
	{ "ecc", MTPM_F_ALG, MTPM_ALG_ECC },        { "rsa", MTPM_F_ALG, MTPM_ALG_RSA },
};

static mtpm_rc value(const mtpm_jdoc *j, int v, const mtpm_json_field *f, uint8_t *b)
{
	unsigned k, kind = f->kind & 15;
	const char *p;

	switch (kind) {
	case MTPM_F_B64:
	case MTPM_F_B64URL:
		return mtpm_json_b64(j, v, f->name, kind == MTPM_F_B64URL ? MTPM_B64_URL : 0,
				     b + f->off, f->cap, (uint16_t *)(void *)(b + f->len));
	case MTPM_F_HEX:
		return mtpm_json_hex(j, v, f->name, b + f->off, f->cap,
				     (uint16_t *)(void *)(b + f->len));
	case MTPM_F_BOOL:
		/* the grammar check left true and false as the only t/f primitives */
		p = j->s + j->t[v].start;
		if (j->t[v].type != MTPM_J_PRIM || (*p != 't' && *p != 'f'))
			break;
		b[f->off] = *p == 't';
		return MTPM_OK;
	case MTPM_F_PCRS_STR:
		if (j->t[v].type == MTPM_J_STRING)
			return pcr_list(j, v, f->name, (uint32_t *)(void *)(b + f->off));
		/* fall through */
	case MTPM_F_PCRS:
		return mask_of(j, v, f->name, MTPM_J_PRIM, 23, (uint32_t *)(void *)(b + f->off));
	default:        /* MTPM_F_HASH, MTPM_F_ALG */
		if (j->t[v].type != MTPM_J_STRING)
			break;
		for (k = 0; k < sizeof(algs) / sizeof(algs[0]); k++) {
			if (algs[k].kind == kind && mtpm_json_streq(j, v, algs[k].name, 1)) {
				*(uint16_t *)(void *)(b + f->off) = algs[k].alg;
				return MTPM_OK;
			}
		}
		return mtpm_json_fail(j, MTPM_LUKS_W_VALUE, f->name, v);
	}
	return mtpm_json_fail(j, MTPM_LUKS_W_TYPE, f->name, v);
}

mtpm_rc mtpm_json_fields(const mtpm_jdoc *j, int obj, const mtpm_json_field *f,
			 unsigned n, void *base)
{
	mtpm_rc rc;
	int v;

	for (; n--; f++) {
		if ((rc = mtpm_json_key(j, obj, f->name, f->kind & MTPM_F_REQ, &v)))
			return rc;
		if (v < 0)
			continue;
		if ((f->kind & MTPM_F_ONE) && j->t[v].type == MTPM_J_ARRAY) {
			if (j->t[v].size != 1)
				return mtpm_json_fail(j, j->t[v].size ? MTPM_LUKS_W_MULTI :
									MTPM_LUKS_W_TYPE, f->name, v);
			v++;
		}
		if ((rc = value(j, v, f, base)))
			return rc;
	}
	return MTPM_OK;
}

mtpm_rc mtpm_json_is(const mtpm_jdoc *j, int obj, const char *name, const char *lit,
		     unsigned why)
{
	mtpm_rc rc;
	int v;

	if ((rc = mtpm_json_key(j, obj, name, 1, &v)))
		return rc;
	return mtpm_json_streq(j, v, lit, 0) ? MTPM_OK : mtpm_json_fail(j, why, name, v);
}
