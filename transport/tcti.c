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

static int span_eq(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && memcmp(p, lit, l) == 0;
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

static mtpm_rc parse_sock_path(const char *v, size_t n, char *dst)
{
	struct sockaddr_un un;

	if (n >= sizeof(un.sun_path))
		return MTPM_E_USAGE;
	return copy_value(dst, MTPM_TCTI_MAX, v, n);
}

/* The key=value list of swtpm/mssim; conf[0..n) may be empty. */
static mtpm_rc parse_swtpm(const char *conf, size_t n, mtpm_tcti *out)
{
	unsigned seen = 0, bit;
	size_t i = 0, end, eq;
	mtpm_rc rc;

	out->kind = MTPM_TCTI_SWTPM_TCP;
	memcpy(out->host, TCTI_DEFAULT_HOST, sizeof(TCTI_DEFAULT_HOST));
	out->port = TCTI_DEFAULT_PORT;

	while (n > 0 && i <= n) {
		/* One item: conf[i..end), ended by ',' or the end. */
		end = i;
		while (end < n && conf[end] != ',')
			end++;
		eq = i;
		while (eq < end && conf[eq] != '=')
			eq++;
		if (end == i || eq == end || eq == i)
			return MTPM_E_USAGE; /* empty item, no '=', or no key */
		if (span_eq(conf + i, eq - i, "host"))
			bit = SEEN_HOST;
		else if (span_eq(conf + i, eq - i, "port"))
			bit = SEEN_PORT;
		else if (span_eq(conf + i, eq - i, "path"))
			bit = SEEN_PATH;
		else if (span_eq(conf + i, eq - i, "ctrl"))
			bit = SEEN_CTRL;
		else
			return MTPM_E_USAGE;
		if (seen & bit)
			return MTPM_E_USAGE;
		seen |= bit;

		switch (bit) {
		case SEEN_HOST:
			rc = parse_host(conf + eq + 1, end - eq - 1, out->host, sizeof(out->host));
			break;
		case SEEN_PORT:
			rc = parse_port(conf + eq + 1, end - eq - 1, &out->port);
			break;
		case SEEN_PATH:
			rc = parse_sock_path(conf + eq + 1, end - eq - 1, out->path);
			break;
		default:
			rc = parse_sock_path(conf + eq + 1, end - eq - 1, out->ctrl_path);
			break;
		}
		if (rc != MTPM_OK)
			return rc;
		i = end + 1; /* past the ','; i == n + 1 ends the loop */
		if (end < n && end + 1 == n)
			return MTPM_E_USAGE; /* trailing ',' */
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

mtpm_rc mtpm_tcti_parse(const char *s, mtpm_tcti *out)
{
	size_t len, klen, clen;
	const char *conf;
	unsigned long fd;
	mtpm_rc rc;

	if (out == NULL)
		return MTPM_E_USAGE;
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->kind = MTPM_TCTI_DEVICE;
	if (s == NULL || s[0] == '\0')
		return MTPM_OK;

	len = bounded_len(s, TCTI_INPUT_MAX);
	if (len > TCTI_INPUT_MAX) {
		rc = MTPM_E_USAGE;
		goto out;
	}
	for (klen = 0; klen < len && s[klen] != ':'; klen++)
		;
	conf = klen < len ? s + klen + 1 : NULL;
	clen = conf != NULL ? len - klen - 1 : 0;

	if (span_eq(s, klen, "device")) {
		out->kind = MTPM_TCTI_DEVICE;
		rc = clen == 0 ? MTPM_OK : copy_value(out->path, sizeof(out->path), conf, clen);
		if (rc == MTPM_OK && clen != 0 &&
		    (conf[0] != '/' || memchr(conf, ',', clen) != NULL))
			rc = MTPM_E_USAGE;
	} else if (span_eq(s, klen, "swtpm") || span_eq(s, klen, "mssim")) {
		rc = parse_swtpm(conf != NULL ? conf : "", clen, out);
	} else if (span_eq(s, klen, "fd")) {
		out->kind = MTPM_TCTI_FD;
		rc = parse_decimal(conf != NULL ? conf : "", clen, 9, &fd);
		if (rc == MTPM_OK)
			out->fd = (int)fd;
	} else {
		rc = MTPM_E_USAGE;
	}
out:
	if (rc != MTPM_OK) {
		memset(out, 0, sizeof(*out));
		out->fd = -1;
		out->kind = MTPM_TCTI_DEVICE;
	}
	return rc;
}
