/*
 * transport/tcti.c - parse a TCTI string into an mtpm_tcti.
 *
 * Grammar (a strict subset of what tpm2-tools accepts, so the same
 * TPM2TOOLS_TCTI string works for both):
 *
 *   tcti   = "" | kind [ ":" conf ]
 *   device[:PATH]                      default: /dev/tpmrm0 (/dev/tpm0 only
 *                                      when tpmrm0 does not exist)
 *   swtpm[:KV{,KV}] | mssim[:KV{,KV}]  KV: host=H | port=P | path=S | ctrl=S
 *   fd:N                               an already-connected stream
 *
 *   swtpm with host/port (defaults 127.0.0.1 and 2321, as in tpm2-tools)
 *   is TCP; with path= it is a unix socket, and ctrl= may name its control
 *   socket. "mssim" is accepted as a synonym for swtpm TCP: we speak raw
 *   frames, which swtpm takes on either name, but not the envelope the
 *   Microsoft reference simulator itself requires.
 *
 * Invariants:
 *   - the input is read only up to TCTI_INPUT_MAX bytes; longer is
 *     MTPM_E_USAGE without looking further;
 *   - every failure is MTPM_E_USAGE and leaves *out zeroed (fd = -1), so
 *     nothing half-parsed can be opened;
 *   - an unknown kind or key, a repeated key, an empty value or item, a
 *     value that does not fit its field, a control character, a port that
 *     is not 1..65535 in at most 5 digits, a host that is not numeric IPv4,
 *     numeric IPv6 or "localhost", mixing path= with host=/port=, or ctrl=
 *     without path= are all rejected;
 *   - a device PATH is absolute and has no ',': "device:/dev/tpmrm0,foo=1"
 *     is a key list the device kind does not have, not a file name to try
 *     (and then fail on, or worse, find);
 *   - unix socket paths must fit sockaddr_un (so open cannot truncate).
 *
 * A path containing ',' cannot be written in the swtpm form; that is a
 * limit of the syntax, not of the transport.
 */
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <mtpm/transport.h>
#include "stream.h"

#define TCTI_INPUT_MAX 1024u
#define TCTI_DEFAULT_HOST "127.0.0.1"
#define TCTI_DEFAULT_PORT 2321u

#define SEEN_HOST 1u
#define SEEN_PORT 2u
#define SEEN_PATH 4u
#define SEEN_CTRL 8u

/* Length of s, or max + 1 if s is longer than max (never reads past it). */
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && s[n] != '\0')
		n++;
	return n;
}

/* Index of the word p[0..n) in words[0..count), or count when it is none
 * of them (a bounded search; p need not be NUL-terminated). */
static unsigned word_index(const char *p, size_t n, const char (*words)[7], unsigned count)
{
	unsigned k;

	for (k = 0; k < count; k++)
		if (strlen(words[k]) == n && memcmp(p, words[k], n) == 0)
			break;
	return k;
}

/* Copy a non-empty value without control characters into dst[cap]. */
static mtpm_rc copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	size_t i;

	if (n == 0 || n >= cap)
		return MTPM_E_USAGE;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20u || c == 0x7fu)
			return MTPM_E_USAGE;
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
	return MTPM_OK;
}

/* Decimal digits only, 1..maxdig of them (no sign, no spaces). */
static mtpm_rc parse_decimal(const char *v, size_t n, size_t maxdig, unsigned long *out)
{
	unsigned long x = 0;
	size_t i;

	*out = 0;
	if (n == 0 || n > maxdig)
		return MTPM_E_USAGE;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return MTPM_E_USAGE;
		x = x * 10u + (unsigned long)(v[i] - '0');
	}
	*out = x;
	return MTPM_OK;
}

static mtpm_rc parse_port(const char *v, size_t n, uint16_t *port)
{
	unsigned long x;

	if (parse_decimal(v, n, 5, &x) != MTPM_OK || x == 0 || x > 65535u)
		return MTPM_E_USAGE;
	*port = (uint16_t)x;
	return MTPM_OK;
}

static mtpm_rc parse_host(const char *v, size_t n, char *host, size_t cap)
{
	uint8_t a4[4];
#ifndef MTPM_NO_IPV6
	struct in6_addr a6;
#endif

	if (copy_value(host, cap, v, n) != MTPM_OK)
		return MTPM_E_USAGE;
	if (strcmp(host, "localhost") == 0 || mtpm_ipv4_parse(host, a4) == 0)
		return MTPM_OK;
#ifndef MTPM_NO_IPV6   /* the static initramfs build: IPv4 (and localhost) only */
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return MTPM_OK;
#endif
	return MTPM_E_USAGE; /* names would need a resolver; we take numbers */
}

/* A unix socket path must fit sockaddr_un.sun_path with its NUL, so open
 * cannot truncate it (dst, path or ctrl_path, is larger still). */
#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

/* The key=value list of swtpm/mssim; conf[0..n) may be empty. */
static mtpm_rc parse_swtpm(const char *conf, size_t n, mtpm_tcti *out)
{
	/* key k sets SEEN bit 1 << k: host, port, path, ctrl */
	static const char keys[4][7] = { "host", "port", "path", "ctrl" };
	unsigned seen = 0, bit, k;
	size_t i, end, eq, vn;
	const char *v;
	mtpm_rc rc;

	out->kind = MTPM_TCTI_SWTPM_TCP;
	memcpy(out->host, TCTI_DEFAULT_HOST, sizeof(TCTI_DEFAULT_HOST));
	out->port = TCTI_DEFAULT_PORT;

	for (i = 0; n > 0 && i <= n; i = end + 1) {
		/* One item: conf[i..end), ended by ',' or the end. A leading,
		 * doubled or trailing ',' makes an empty item; i == n + 1
		 * (past the last item's end) ends the loop. */
		end = i;
		while (end < n && conf[end] != ',')
			end++;
		eq = i;
		while (eq < end && conf[eq] != '=')
			eq++;
		if (end == i || eq == end || eq == i)
			return MTPM_E_USAGE; /* empty item, no '=', or no key */
		k = word_index(conf + i, eq - i, keys, 4);
		bit = 1u << k;
		if (k == 4 || (seen & bit))
			return MTPM_E_USAGE; /* unknown or repeated key */
		seen |= bit;

		v = conf + eq + 1;
		vn = end - eq - 1;
		switch (bit) {
		case SEEN_HOST:
			rc = parse_host(v, vn, out->host, sizeof(out->host));
			break;
		case SEEN_PORT:
			rc = parse_port(v, vn, &out->port);
			break;
		case SEEN_PATH:
			rc = copy_value(out->path, SUN_PATH_MAX, v, vn);
			break;
		default:
			rc = copy_value(out->ctrl_path, SUN_PATH_MAX, v, vn);
			break;
		}
		if (rc != MTPM_OK)
			return rc;
	}

	if (seen & SEEN_PATH) {
		if (seen & (SEEN_HOST | SEEN_PORT))
			return MTPM_E_USAGE;
		out->kind = MTPM_TCTI_SWTPM_UNIX;
		out->host[0] = '\0';
		out->port = 0;
	} else if (seen & SEEN_CTRL) {
		return MTPM_E_USAGE; /* TCP's control port is port + 1 */
	}
	return MTPM_OK;
}

/* The default device, and the state every failure leaves. */
static void tcti_clear(mtpm_tcti *out)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->kind = MTPM_TCTI_DEVICE;
}

/* The kinds, in the order of their index in kinds[] */
enum { KIND_DEVICE, KIND_SWTPM, KIND_MSSIM, KIND_FD };

mtpm_rc mtpm_tcti_parse(const char *s, mtpm_tcti *out)
{
	static const char kinds[4][7] = { "device", "swtpm", "mssim", "fd" };
	size_t len, klen, clen;
	const char *conf;
	unsigned long fd;
	mtpm_rc rc;

	if (out == NULL)
		return MTPM_E_USAGE;
	tcti_clear(out);
	if (s == NULL || s[0] == '\0')
		return MTPM_OK;

	len = bounded_len(s, TCTI_INPUT_MAX);
	if (len > TCTI_INPUT_MAX) {
		rc = MTPM_E_USAGE;
		goto out;
	}
	for (klen = 0; klen < len && s[klen] != ':'; klen++)
		;
	/* conf: what follows the ':', or the empty string at the end */
	conf = klen < len ? s + klen + 1 : s + len;
	clen = len - (size_t)(conf - s);

	switch (word_index(s, klen, kinds, 4)) {
	case KIND_DEVICE:
		out->kind = MTPM_TCTI_DEVICE;
		rc = clen == 0 ? MTPM_OK : copy_value(out->path, sizeof(out->path), conf, clen);
		if (rc == MTPM_OK && clen != 0 &&
		    (conf[0] != '/' || memchr(conf, ',', clen) != NULL))
			rc = MTPM_E_USAGE;
		break;
	case KIND_SWTPM:
	case KIND_MSSIM:
		rc = parse_swtpm(conf, clen, out);
		break;
	case KIND_FD:
		out->kind = MTPM_TCTI_FD;
		rc = parse_decimal(conf, clen, 9, &fd);
		if (rc == MTPM_OK)
			out->fd = (int)fd;
		break;
	default:
		rc = MTPM_E_USAGE;
		break;
	}
out:
	if (rc != MTPM_OK)
		tcti_clear(out); /* nothing half-parsed can be opened */
	return rc;
}
