#!/bin/sh
# boot_test.sh - `make boot-test` in make check: build/mtpm-static in a
# stock Debian 12 kernel under QEMU, against swtpm as tpm-tis and tpm-crb
# (tests/boot/boot-test.sh). Missing qemu, swtpm or busybox-static is a
# failure, not a skip: `make deps` installs them.
#
# The sanitizer pass of make check (BUILD=.../san) does not boot again:
# mtpm-static is built with musl and without sanitizers, so it would boot
# the same binary a second time; that is said, not silent.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
B=${BUILD:-build}
case $B in
*/san)
	echo "boot_test: not repeated in the sanitizer pass ($B): mtpm-static has no sanitizer build"
	exit 0
	;;
esac
make --no-print-directory BUILD="$B" static all >/dev/null || { echo "boot_test: make static all failed" >&2; exit 1; }
sh tests/boot/boot-test.sh "$B"
