#!/bin/sh
# tests/boot/debian-initramfs.sh KERNEL_ROOT CONFDIR OUT - Debian's own
# mkinitramfs -d CONFDIR -o OUT, for the kernel unpacked in KERNEL_ROOT
# (tests/boot/kernel.sh: the linux-image package, never installed).
#
# mkinitramfs reads the kernel's modules from /lib/modules/VER and its
# config from /boot/config-VER, and from no other place. When the host has
# neither (a container, or another kernel), this makes each a symlink to
# the unpacked package for the length of the build and removes exactly
# what it made afterwards; what the host already has is used and left
# alone. A lock (/run/lock/mtpm-boot-kmod.lock) keeps two test runs from
# removing each other's links mid-build. modules.dep is made in
# KERNEL_ROOT (depmod -b) when the package did not carry one.
#
# The environment passes through to the hooks (the tests set
# MTPM_INITRAMFS_CONF for contrib/initramfs-tools/hooks/mtpm).
# mkinitramfs's output goes to OUT.log; exit status is mkinitramfs's.
set -u
[ $# = 3 ] || { echo "usage: debian-initramfs.sh KERNEL_ROOT CONFDIR OUT" >&2; exit 2; }
KROOT=$(cd "$1" && pwd) || exit 1
C=$2
OUT=$3
cfg=$(ls "$KROOT"/boot/config-* 2>/dev/null | head -n 1)
KVER=${cfg##*/config-}
if [ -z "$KVER" ] || [ ! -d "$KROOT/lib/modules/$KVER" ]; then
	echo "debian-initramfs: no kernel config or modules in $KROOT" >&2
	exit 1
fi
if [ ! -f "$KROOT/lib/modules/$KVER/modules.dep" ]; then
	depmod -b "$KROOT" "$KVER" || exit 1
fi
mkdir -p /run/lock || exit 1
(
	flock -w 300 9 || { echo "debian-initramfs: lock busy for 300 s" >&2; exit 1; }
	made=
	if [ ! -e "/lib/modules/$KVER" ] && [ ! -L "/lib/modules/$KVER" ]; then
		mkdir -p /lib/modules && ln -s "$KROOT/lib/modules/$KVER" "/lib/modules/$KVER" &&
			made="/lib/modules/$KVER"
	fi
	if [ ! -e "/boot/config-$KVER" ] && [ ! -L "/boot/config-$KVER" ]; then
		mkdir -p /boot && ln -s "$KROOT/boot/config-$KVER" "/boot/config-$KVER" &&
			made="$made /boot/config-$KVER"
	fi
	# shellcheck disable=SC2064 # expand $made now: these links, no others
	trap "rm -f $made" EXIT
	trap 'exit 1' INT TERM
	mkinitramfs -d "$C" -o "$OUT" "$KVER" >"$OUT.log" 2>&1
) 9>/run/lock/mtpm-boot-kmod.lock
