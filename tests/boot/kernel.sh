#!/bin/sh
# tests/boot/kernel.sh DIR - the stock Debian 12 kernel for the boot test,
# extracted (never installed) into DIR/root, and its bzImage path printed.
#
# linux-image-amd64 is a metapackage; its Depends names the real, versioned
# image package (linux-image-6.1.0-NN-amd64), which `apt-get download`
# fetches into DIR and `dpkg -x` unpacks. A kernel already in DIR is reused,
# so only the first run needs the Debian mirror. BOOT_KERNEL=path skips all
# of this and uses that bzImage.
set -eu
D=$1
if [ -n "${BOOT_KERNEL:-}" ]; then
	echo "$BOOT_KERNEL"
	exit 0
fi
mkdir -p "$D"
k=$(ls "$D"/root/boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -z "$k" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		echo "kernel.sh: cannot resolve linux-image-amd64's versioned package (apt-get update?)" >&2
		exit 1
	fi
	(cd "$D" && apt-get download "$pkg" >&2) || {
		echo "kernel.sh: apt-get download $pkg failed" >&2
		exit 1
	}
	dpkg -x "$D"/"$pkg"_*.deb "$D/root"
	k=$(ls "$D"/root/boot/vmlinuz-* | head -n 1)
fi
echo "$k"
