#!/bin/sh
# tests/boot/dracut-image.sh OUT KVER KMODDIR|- MODULE... - a dracut
# initramfs of just MODULE... with contrib/dracut/90mtpm available, built
# without touching the host's dracut: a private dracutbasedir (symlinks to
# /usr/lib/dracut, plus a copy of 90mtpm in its modules.d), no config
# (--conf /dev/null, an empty --confdir), --no-hostonly.
#
# KMODDIR: the kernel's modules (the unpacked package's lib/modules/KVER),
# and DRACUT_DRIVERS (environment) the drivers to add; "-": --no-kernel.
# The environment passes through to module-setup.sh (the tests set
# MTPM_INITRAMFS_CONF). dracut's output goes to OUT.log; exit status is
# dracut's.
set -u
[ $# -ge 4 ] || { echo "usage: dracut-image.sh OUT KVER KMODDIR|- MODULE..." >&2; exit 2; }
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$1
KVER=$2
KMOD=$3
shift 3
D=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-dracut.XXXXXX") || exit 1
trap 'rm -rf "$D"' EXIT
trap 'exit 1' INT TERM
mkdir -p "$D/base/modules.d" "$D/conf.d" || exit 1
for e in /usr/lib/dracut/*; do
	[ "${e##*/}" = modules.d ] || ln -s "$e" "$D/base/${e##*/}"
done
for m in /usr/lib/dracut/modules.d/*; do
	ln -s "$m" "$D/base/modules.d/"
done
cp -r "$TOP/contrib/dracut/90mtpm" "$D/base/modules.d/90mtpm" || exit 1
if [ "$KMOD" = - ]; then
	set -- --no-kernel -m "$*"
else
	set -- --kmoddir "$KMOD" --add-drivers "${DRACUT_DRIVERS:-}" -m "$*"
fi
dracutbasedir=$D/base dracut --force --no-hostonly --no-early-microcode \
	--conf /dev/null --confdir "$D/conf.d" "$@" "$OUT" "$KVER" >"$OUT.log" 2>&1
