#!/bin/sh
# install.sh - `make install` into a staging DESTDIR gives what an outside
# program needs: it builds a small program with nothing but
# `pkg-config --cflags --libs mtpm`, runs it against a private swtpm
# (mtpm_tcti_parse + mtpm_transport_open + mtpm_GetRandom) and checks the
# bytes it prints. Also checks the installed file set, that the man page
# renders and that the installed CLI runs.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
B=${BUILD:-build}
CC=${CC:-cc}

command -v pkg-config >/dev/null 2>&1 || { echo "install.sh: pkg-config missing (make deps)" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-install.XXXXXX") || exit 1
cleanup() {
	swtpm_stop
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
D=$W/root

# A sanitizer build's archive needs the sanitizer runtime at link time too.
SAN=0
if [ -f "$B/libmtpm.a" ] && nm "$B/libmtpm.a" 2>/dev/null | grep -q '__asan_'; then
	SAN=1
fi
if ! make --no-print-directory -s BUILD="$B" SAN=$SAN install PREFIX=/usr/local \
	DESTDIR="$D" >"$W/make.log" 2>&1; then
	cat "$W/make.log" >&2
	fail "make install"
	finish install
fi

for f in bin/mtpm lib/libmtpm.a include/mtpm/mtpm.h include/mtpm/rc.h \
	include/mtpm/transport.h include/mtpm/cmds.h share/man/man1/mtpm.1 \
	lib/pkgconfig/mtpm.pc; do
	[ -f "$D/usr/local/$f" ] || fail "not installed: /usr/local/$f"
done
for h in include/mtpm/*.h; do
	cmp -s "$h" "$D/usr/local/include/mtpm/$(basename "$h")" || fail "header differs: $h"
done
# The .pc names the final prefix, never the staging directory.
grep -q '^prefix=/usr/local$' "$D/usr/local/lib/pkgconfig/mtpm.pc" || fail "mtpm.pc prefix"
grep -qF "$D" "$D/usr/local/lib/pkgconfig/mtpm.pc" && fail "mtpm.pc mentions DESTDIR"

export PKG_CONFIG_PATH="$D/usr/local/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$D"
export PKG_CONFIG_LIBDIR="$D/usr/local/lib/pkgconfig"   # ignore any system mtpm.pc
flags=$(pkg-config --cflags --libs mtpm) || fail "pkg-config --cflags --libs mtpm"
case $flags in
*"-I$D/usr/local/include"*) ;;
*) fail "pkg-config cflags do not point into DESTDIR: $flags" ;;
esac
expect_eq "$(pkg-config --modversion mtpm)" \
	"$(sed -n 's/^#define MTPM_VERSION "\(.*\)"/\1/p' include/mtpm/mtpm.h)" "mtpm.pc version"

# The outside program: only <mtpm/mtpm.h>, only public API.
cat >"$W/rng.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <mtpm/mtpm.h>

int main(int argc, char **argv)
{
	static mtpm_ctx ctx;          /* two 4 KiB buffers: not on the stack */
	mtpm_transport tr;
	mtpm_tcti tcti;
	mtpm_TPM2B_DIGEST r;
	char buf[128];
	mtpm_rc rc;
	unsigned i, n = argc > 1 ? (unsigned)atoi(argv[1]) : 16;

	rc = mtpm_tcti_parse(getenv("MTPM_TCTI"), &tcti);
	if (rc == MTPM_OK)
		rc = mtpm_transport_open(&tr, &tcti);
	if (rc != MTPM_OK) {
		fprintf(stderr, "open: %s\n", mtpm_rc_str(rc, buf, sizeof(buf)));
		return 3;
	}
	mtpm_ctx_init(&ctx, &tr, NULL);
	rc = mtpm_GetRandom(&ctx, NULL, (uint16_t)n, &r);
	mtpm_transport_close(&tr);
	if (rc != MTPM_OK) {
		fprintf(stderr, "GetRandom: %s\n", mtpm_rc_str(rc, buf, sizeof(buf)));
		return 1;
	}
	printf("%u ", (unsigned)r.size);
	for (i = 0; i < r.size; i++)
		printf("%02x", r.buffer[i]);
	printf("\n");
	return 0;
}
EOF
san_flags=
[ "$SAN" = 1 ] && san_flags="-fsanitize=address,undefined"
# shellcheck disable=SC2086
if ! $CC -std=c99 -Wall -Wextra -Werror $san_flags -o "$W/rng" "$W/rng.c" $flags \
	>"$W/cc.log" 2>&1; then
	cat "$W/cc.log" >&2
	fail "external program does not build with: $flags"
	finish install
fi

swtpm_start || exit 1
out1=$("$W/rng" 16) || fail "external program against swtpm (exit $?)"
out2=$("$W/rng" 16) || fail "external program, second run"
# Shape: "16 <32 hex digits>".
echo "$out1" | grep -qE '^16 [0-9a-f]{32}$' || fail "output shape: '$out1'"
# Random: two draws differ, and not all zero.
[ "$out1" != "$out2" ] || fail "two GetRandom draws are equal: $out1"
case $out1 in "16 00000000000000000000000000000000") fail "all-zero random bytes" ;; esac
# The installed CLI reaches the same TPM.
h=$("$D/usr/local/bin/mtpm" getrandom 8 --hex) || fail "installed mtpm getrandom"
expect_eq "${#h}" 16 "installed mtpm getrandom 8 --hex length"
swtpm_stop

# The man page renders without warnings.
if command -v man >/dev/null 2>&1; then
	warn=$(MANWIDTH=80 man -l "$D/usr/local/share/man/man1/mtpm.1" 2>&1 >/dev/null)
	[ -z "$warn" ] || fail "man -l warnings: $warn"
	MANWIDTH=80 man -l "$D/usr/local/share/man/man1/mtpm.1" 2>/dev/null |
		grep -q 'EXIT STATUS' || fail "man page has no EXIT STATUS section"
fi

finish install
