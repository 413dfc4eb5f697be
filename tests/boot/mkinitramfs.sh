#!/bin/sh
# tests/boot/mkinitramfs.sh KERNEL_ROOT MTPM_STATIC OUT.cpio.gz [EXTRA_DIR]
#
# A newc initramfs: busybox-static as /bin/busybox, build/mtpm-static as
# /bin/mtpm, tests/boot/init as /init, and EXTRA_DIR's files under /etc
# (the host-sealed key file and its secret). Nothing dynamic: no libc, no
# loader - the point of the static build.
#
# TPM driver modules: the Debian config builds TCG_TPM, TCG_TIS_CORE,
# TCG_TIS and TCG_CRB into the kernel (=y). When a kernel has them as
# modules (=m) instead, their .ko files and every dependency (modules.dep,
# made with depmod -b when the .deb did not carry one) go to /lib/modules
# in load order, and /init insmods them.
set -eu
KROOT=$1
MTPM=$2
OUT=$3
EXTRA=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
R=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-initrd.XXXXXX")
trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/etc" "$R/lib/modules"
cp /bin/busybox "$R/bin/busybox"
cp "$MTPM" "$R/bin/mtpm"
cp "$HERE/init" "$R/init"
chmod 755 "$R/init" "$R/bin/busybox" "$R/bin/mtpm"
[ -n "$EXTRA" ] && cp "$EXTRA"/* "$R/etc/" 2>/dev/null || :

cfg=$(ls "$KROOT"/boot/config-* 2>/dev/null | head -n 1)
kver=${cfg##*/config-}
mods=
for opt in TCG_TPM TCG_TIS_CORE TCG_TIS TCG_CRB; do
	state=$(sed -n "s/^CONFIG_$opt=//p" "$cfg")
	case $state in
	y) ;;
	m)
		case $opt in
		TCG_TPM) mods="$mods tpm" ;;
		TCG_TIS_CORE) mods="$mods tpm_tis_core" ;;
		TCG_TIS) mods="$mods tpm_tis" ;;
		TCG_CRB) mods="$mods tpm_crb" ;;
		esac
		;;
	*) echo "mkinitramfs: CONFIG_$opt is '$state' in $cfg: no TPM driver" >&2; exit 1 ;;
	esac
done
if [ -n "$mods" ]; then
	M=$KROOT/lib/modules/$kver
	[ -f "$M/modules.dep" ] || depmod -b "$KROOT" "$kver"
	n=0
	for m in $mods; do
		line=$(grep -E "/$m\.ko(\.xz)?:" "$M/modules.dep")
		# dependencies first (modules.dep lists them after the colon,
		# nearest last), then the module itself
		for f in $(echo "${line#*:}" | tr ' ' '\n' | sed '/^$/d' | tac) "${line%%:*}"; do
			b=$(basename "$f" | sed 's/\.xz$//')
			ls "$R"/lib/modules/*-"$b" >/dev/null 2>&1 && continue
			n=$((n + 1))
			case $f in
			*.xz) xz -dc "$M/$f" >"$R/lib/modules/$(printf %02d $n)-$b" ;;
			*) cp "$M/$f" "$R/lib/modules/$(printf %02d $n)-$b" ;;
			esac
		done
	done
fi
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$OUT"
