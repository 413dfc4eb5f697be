#!/bin/sh
# tests/boot/boot-test.sh [BUILD] - build/mtpm-static on a real Linux kernel.
#
#   1. the stock Debian 12 kernel (tests/boot/kernel.sh: apt-get download +
#      dpkg -x, never installed);
#   2. a TPM state prepared on the host: a private swtpm (TCP, loopback)
#      gets the TCG ECC P-256 SRK persisted at 0x81000001 (tpm2-tools, as a
#      provisioning step), and a secret sealed to PCR 7 on the host by the
#      full build/mtpm (mtpm-static, the initramfs binary, unseals but
#      does not seal);
#   3. one boot per TPM interface, tpm-tis and tpm-crb, each on a fresh copy
#      of that state: swtpm socket --ctrl type=unixio on a private
#      directory, qemu-system-x86_64 (TCG) with -tpmdev emulator, an
#      initramfs of busybox-static + mtpm-static + tests/boot/init;
#   4. judged only by the markers tests/boot/init prints on the serial log
#      (QEMU exits 0 even after a guest panic): every expected step OK, no
#      step FAIL, and the DONE line. A boot that produced no DONE line
#      (timeout, panic, emulator hiccup) is retried once; a step that
#      failed is a real failure and is not;
#   5. the LUKS2 boots (tests/boot/luks-boot.sh): Debian's mkinitramfs with
#      contrib/initramfs-tools' hook and keyscript opens a LUKS2 root
#      enrolled by systemd-cryptenroll (with and without a PIN), clevis and
#      mtpm, each as the root, with no passphrase prompt; after a PCR
#      change the keyscript falls back to the passphrase; and a dracut
#      initramfs with contrib/dracut's agent opens the root too.
#      BOOT_LUKS=no skips them (said), BOOT_LUKS_ROOTS=one boots only the
#      first root, BOOT_DRACUT=no skips the dracut boot.
#
# Every swtpm is ours: started here, stopped by PID after checking its
# command line names our directory. Serial logs stay in BUILD/boot/.
# Environment: BOOT_TIMEOUT (s per boot, default 150), BOOT_KERNEL (a
# bzImage to use instead of Debian's; the LUKS boots need the package's
# modules and are skipped with it), BOOT_IFACES (default "tis crb"),
# BOOT_LUKS (default yes).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh   # swtpm_stop_serving (subshells below source it again)
B=${1:-${BUILD:-build}}
W=$B/boot
TMO=${BOOT_TIMEOUT:-150}
IFACES=${BOOT_IFACES:-tis crb}
MS=$B/mtpm-static
say() { echo "boot-test: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

for c in qemu-system-x86_64 swtpm cpio gzip tpm2_createprimary tpm2_evictcontrol; do
	command -v $c >/dev/null 2>&1 || die "$c is not installed (make deps)"
done
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx insmod ||
	die "/bin/busybox (busybox-static) is missing"
[ -x "$MS" ] || die "no $MS (make static)"
mkdir -p "$W"
KERNEL=$(sh tests/boot/kernel.sh "$W/kernel") || die "no kernel"
KROOT=${KERNEL%/boot/*}
say "kernel $KERNEL"

RUN=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-boot.XXXXXX") || exit 1
SW_PID=
SW_DIR=
stop_sw() {
	swtpm_stop_serving "$SW_PID" "$SW_DIR"
	SW_PID=
}
cleanup() {
	stop_sw
	rm -rf "$RUN"
}
trap cleanup EXIT INT TERM

# --- 2. host side: SRK, and a file sealed before the boot -------------------
mkdir -p "$RUN/etc" "$RUN/state0"
# unseal: the host seals with the full mtpm, the guest's mtpm-static
# unseals (and is refused after a PCR change). gseal: mtpm-static can also
# seal, in the guest (a build with MTPM_CLI_MINIMAL cannot).
MF=$B/mtpm
unseal=no
gseal=no
if "$MS" unseal --help >/dev/null 2>&1 && [ -x "$MF" ] && "$MF" seal --help >/dev/null 2>&1; then
	unseal=yes
fi
"$MS" seal --help >/dev/null 2>&1 && gseal=yes
# info: the initramfs build may leave `mtpm info` out too.
info=no
"$MS" info --help >/dev/null 2>&1 && info=yes
(
	. tests/lib/swtpm.sh
	trap swtpm_stop EXIT INT TERM
	swtpm_start --tcp || exit 1
	head -c 64 /dev/zero | tpm2_createprimary -Q -C o -g sha256 -G ecc256:aes128cfb \
		-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
		-u - -c "$RUN/srk.ctx" || exit 1
	tpm2_evictcontrol -Q -C o -c "$RUN/srk.ctx" 0x81000001 || exit 1
	tpm2_flushcontext -t || exit 1   # swtpm has no resource manager
	if [ $unseal = yes ]; then
		# The guest's firmware (SeaBIOS) extends PCR 7 once before the
		# kernel runs, with an EV_SEPARATOR whose data is ff ff ff ff
		# (observed: the guest reads e21b703e...ca8fea93 =
		# SHA-256(0^32 || SHA-256(ffffffff))). Do the same here so the
		# host TPM's PCR 7 is the value the guest will see, and seal to
		# it. The guest prints its PCR 7, and the host-sealed unseal
		# fails if the two ever differ.
		sep=$(printf '\377\377\377\377' | sha256sum | cut -d' ' -f1)
		"$MS" pcrextend "7:sha256=$sep" || exit 1
		"$MS" pcrread sha256:7 >&2
		head -c 32 /dev/urandom >"$RUN/etc/host-secret"
		"$MF" seal --pcrs sha256:7 -i "$RUN/etc/host-secret" \
			-o "$RUN/etc/host-sealed.pem" || exit 1
	fi
	[ $gseal = yes ] && : >"$RUN/etc/mtpm-seal"
	[ $info = yes ] && : >"$RUN/etc/mtpm-info"
	tpm2_shutdown -Q || exit 1
	cp "$SWTPM_DIR/tpm2-00.permall" "$RUN/state0/" || exit 1
) || die "preparing the TPM state on the host"
say "host state ready (SRK at 0x81000001; sealed on host: $unseal; seal in the guest: $gseal)"

sh tests/boot/mkinitramfs.sh "$KROOT" "$MS" "$RUN/initrd.gz" "$RUN/etc" ||
	die "mkinitramfs"
say "initramfs $(stat -c %s "$RUN/initrd.gz") bytes"

# --- 3. one boot ------------------------------------------------------------------
# boot IFACE LOG: 0 when the guest printed its DONE line (judged later).
boot() {
	SW_DIR=$(mktemp -d "$RUN/tpm-$1.XXXXXX")
	cp "$RUN/state0/tpm2-00.permall" "$SW_DIR/"
	swtpm socket --tpm2 --tpmstate "dir=$SW_DIR" \
		--ctrl "type=unixio,path=$SW_DIR/sock" \
		--pid "file=$SW_DIR/pid" --log "file=$SW_DIR/log,level=1" -d ||
		{ say "swtpm did not start"; return 1; }
	i=0
	while { [ ! -S "$SW_DIR/sock" ] || [ ! -s "$SW_DIR/pid" ]; } && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	SW_PID=$(cat "$SW_DIR/pid" 2>/dev/null)
	[ -S "$SW_DIR/sock" ] || { say "no swtpm socket"; stop_sw; return 1; }
	t0=$(date +%s)
	timeout "$TMO" qemu-system-x86_64 -accel tcg -cpu max -m 256 -smp 1 \
		-nodefaults -display none -no-reboot -monitor none \
		-kernel "$KERNEL" -initrd "$RUN/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=4 mtpm.iface=$1" \
		-serial "file:$2" \
		-chardev "socket,id=c,path=$SW_DIR/sock" -tpmdev emulator,id=t,chardev=c \
		-device "tpm-$1,tpmdev=t" </dev/null >"$2.qemu" 2>&1
	qrc=$?
	stop_sw
	say "tpm-$1: qemu exit $qrc after $(($(date +%s) - t0)) s"
	tr -d '\r' <"$2" >"$2.tmp" && mv "$2.tmp" "$2"
	grep -q '^=== MTPM DONE ' "$2"
}

# --- 4. judge ------------------------------------------------------------------------
STEPS="dev-tpmrm0 dev-tpm0 getrandom-tpmrm0 getrandom-tpm0 pcrread pcrextend"
[ $info = yes ] && STEPS="$STEPS info-tpmrm0 info-tpm0"
[ $unseal = yes ] && STEPS="$STEPS unseal-host-sealed no-leftover-tpm0 unseal-refused"
[ $gseal = yes ] && STEPS="$STEPS seal-pcr7 unseal-pcr7 unseal-refused-guest"
judge() {
	_ok=0
	grep '^=== MTPM STEP .* FAIL' "$2" >&2 && _ok=1
	for s in $STEPS; do
		grep -q "^=== MTPM STEP $s OK" "$2" || { say "tpm-$1: step $s did not pass"; _ok=1; }
	done
	grep -q "^=== MTPM DONE iface=$1 pass=[0-9]* fail=0 unseal=$unseal gseal=$gseal\$" "$2" ||
		{ say "tpm-$1: DONE line: $(grep '^=== MTPM DONE' "$2")"; _ok=1; }
	return $_ok
}

bad=0
for f in $IFACES; do
	log=$W/serial-$f.log
	if ! boot "$f" "$log"; then
		say "tpm-$f: no DONE marker, retrying once"
		cp "$log" "$log.try1" 2>/dev/null
		boot "$f" "$log" || :
	fi
	if judge "$f" "$log"; then
		say "tpm-$f: PASS ($(grep -c '^=== MTPM STEP .* OK' "$log") steps)"
	else
		say "tpm-$f: FAIL; serial log $log:"
		sed 's/^/  | /' "$log" >&2
		bad=1
	fi
done
[ $unseal = no ] && say "note: no unseal in mtpm-static or no seal in mtpm: the unseal steps are skipped (said, not silent)"
[ $info = no ] && say "note: mtpm-static has no info (the initramfs build leaves it out): the info steps are skipped (said, not silent)"
[ $gseal = no ] && say "note: mtpm-static has no seal (the initramfs build leaves it out): the in-guest seal steps are skipped (said, not silent)"

# --- 5. LUKS2 roots -------------------------------------------------------------------
if [ "${BOOT_LUKS:-yes}" = no ]; then
	say "note: BOOT_LUKS=no: the LUKS2 boots are skipped (said, not silent)"
elif [ -n "${BOOT_KERNEL:-}" ]; then
	say "note: BOOT_KERNEL given: the LUKS2 boots need the Debian package's modules and are skipped (said, not silent)"
else
	sh tests/boot/luks-boot.sh "$B" "$KROOT" "$KERNEL" || bad=1
fi
exit $bad
