#!/bin/sh
# tests/efi/efi-test.sh [BUILD] - mtpm.efi in OVMF on a private swtpm
# (issue 12; tests/efi/README.md has the why of each step).
#
#   boot 1 seal    the shell runs `mtpm.efi pcrs 0,2,4,7` (V1), seals a
#                  random secret to PCRs 0,2,4,7 (\mtpm\fw.pem) and one
#                  with no policy (\mtpm\fw-nopcr.pem)
#   boot 2 unseal  same firmware, same image: `pcrs` prints V1 again and
#                  fw.pem unseals to the secret boot 1 sealed (its sha256)
#   boot 3 other   a different image (MTPM_EFI_BUILD_ID): PCR 4 differs,
#                  PCRs 0,2,7 do not, and unseal is refused with the PCR
#                  one-liner and no `unsealed` line
#   host           Linux mtpm on the same TPM state (swtpm restarted on a
#                  copy of it): unseals fw-nopcr.pem (boot 1's hash), and
#                  seals its own secret to the PREDICTED values V1
#                  (--pcrs sha256:0,2,4,7=FILE, parent held by --like fw.pem)
#                  into \mtpm\host.pem
#   boot 4 host    the original image unseals host.pem first thing: the
#                  host's sha256. The TPM traffic goes through
#                  tests/efi/ctrlproxy.py and is logged: the host's secret
#                  never crosses the bus, StartAuthSession carries a salt,
#                  Unseal's outData is encrypted
#   boot 5 swap    the same unseal with the parent substituted on the bus
#                  (interposer.py's swap): refused with the Name one-liner,
#                  no session started, the secret never crosses
#
# No serial line may show a secret: only `mtpm: (un)sealed secret sha256
# HEX`. Every swtpm and QEMU is ours, started here and ended by PID; each
# QEMU runs under `timeout` (EFI_BOOT_TIMEOUT s, default 75). Serial logs,
# bus logs and timings stay in BUILD/efi-test/.
#
# Images: BUILD/mtpm.efi (make efi) is the original; the other is built
# here with MTPM_EFI_BUILD_ID=efi-test-other, then BUILD/mtpm.efi is
# rebuilt as it was. MTPM_EFI=F and MTPM_EFI_OTHER=F use given images
# instead (both, or neither).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
B=${1:-${BUILD:-build}}
M=$B/mtpm
W=$B/efi-test
TMO=${EFI_BOOT_TIMEOUT:-75}
CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
T_START=$(date +%s)
say() { echo "efi-test: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

for c in qemu-system-x86_64 swtpm mformat mmd mcopy python3 xxd sha256sum timeout; do
	command -v $c >/dev/null 2>&1 || die "$c is not installed (make deps)"
done
[ -r "$CODE" ] && [ -r "$VARS" ] || die "no $CODE (make deps: ovmf)"
[ -x "$M" ] || die "no $M (make all)"
mkdir -p "$W" || exit 1
rm -f "$W"/*.serial "$W"/*.log "$W"/*.bus "$W"/*.bus.ready "$W"/*.efi "$W"/times

# Unix socket paths must stay under 108 bytes: the run directory is in TMPDIR.
RUN=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-efi.XXXXXX") || exit 1
ST=$RUN/state               # the TPM's state directory, kept across boots
mkdir "$ST" || exit 1
SW_PID=
PX_PID=
stop_px() {
	[ -n "$PX_PID" ] && kill "$PX_PID" 2>/dev/null && wait "$PX_PID" 2>/dev/null
	PX_PID=
}
# swtpm exits by itself when QEMU quits (CMD_SHUTDOWN); if it is still
# there, end it by PID after checking the PID still serves our directory.
stop_sw() {
	swtpm_stop_serving "$SW_PID" "$ST"
	SW_PID=
}
cleanup() {
	stop_px
	stop_sw
	swtpm_stop
	rm -rf "$RUN"
}
trap cleanup EXIT INT TERM

# --- the two images -----------------------------------------------------------
if [ -n "${MTPM_EFI:-}" ] || [ -n "${MTPM_EFI_OTHER:-}" ]; then
	[ -r "${MTPM_EFI:-}" ] && [ -r "${MTPM_EFI_OTHER:-}" ] ||
		die "MTPM_EFI and MTPM_EFI_OTHER must both name images"
	cp "$MTPM_EFI" "$W/orig.efi" && cp "$MTPM_EFI_OTHER" "$W/other.efi" || exit 1
	say "images given: $MTPM_EFI, $MTPM_EFI_OTHER"
else
	# A Makefile that does not include src/efi/efi.mk has no efi target:
	# then name the fragment too.
	if ${MAKE:-make} -n -s --no-print-directory BUILD="$B" efi >/dev/null 2>&1; then
		mk() { ${MAKE:-make} -s --no-print-directory BUILD="$B" "$@"; }
	else
		mk() { ${MAKE:-make} -s --no-print-directory -f Makefile -f src/efi/efi.mk BUILD="$B" "$@"; }
	fi
	mk efi MTPM_EFI_BUILD_ID= >/dev/null || die "make efi"
	cp "$B/mtpm.efi" "$W/orig.efi" || exit 1
	mk efi MTPM_EFI_BUILD_ID=efi-test-other >/dev/null || die "make efi MTPM_EFI_BUILD_ID=efi-test-other"
	cp "$B/mtpm.efi" "$W/other.efi" || exit 1
	mk efi MTPM_EFI_BUILD_ID= >/dev/null || die "make efi (restoring BUILD/mtpm.efi)"
	cmp -s "$B/mtpm.efi" "$W/orig.efi" || say "note: the rebuilt $B/mtpm.efi differs from the first build"
fi
cmp -s "$W/orig.efi" "$W/other.efi" && die "the two images are identical"
say "built: orig.efi $(stat -c %s "$W/orig.efi") bytes, other.efi $(stat -c %s "$W/other.efi") bytes"

# --- the ESP: a FAT image, startup.nsh at its root -----------------------------
ESP=$RUN/esp.img
dd if=/dev/zero of="$ESP" bs=1M count=16 status=none || exit 1
mformat -i "$ESP" :: || die "mformat"
mmd -i "$ESP" ::/mtpm || die "mmd"
# esp_put IMAGE LINE...: mtpm.efi and a startup.nsh running the lines
# (each after fs0:), then `reset -s`, which powers off: QEMU exits.
esp_put() {
	cp "$1" "$RUN/mtpm.efi" && mcopy -o -i "$ESP" "$RUN/mtpm.efi" ::/mtpm.efi || die "mcopy"
	shift
	{
		printf 'fs0:\r\n'
		for l in "$@"; do printf '%s\r\n' "$l"; done
		printf 'reset -s\r\n'
	} >"$RUN/startup.nsh"
	mcopy -o -i "$ESP" "$RUN/startup.nsh" ::/startup.nsh || die "mcopy startup.nsh"
}
esp_get() { # esp_get ESP_PATH FILE
	rm -f "$2"
	mcopy -n -i "$ESP" "::$1" "$2" 2>/dev/null
}

# --- one boot -------------------------------------------------------------------
# boot NAME [--log | --swap PUB]: QEMU (TCG, q35, OVMF with a TPM 2.0 CRB)
# on a swtpm started now on $ST; the serial log, cleaned of CRs and escape
# sequences, is $W/NAME.log. --log relays the TPM through ctrlproxy.py
# into $W/NAME.bus; --swap also substitutes the parent. The platform's
# entropy: BOOT_CPU (QEMU's -cpu, default qemu64, which under TCG has no
# RDRAND or RDSEED) and BOOT_RNG (default a virtio-rng device, which
# OVMF's VirtioRngDxe offers as EFI_RNG_PROTOCOL; empty: none).
BOOT_CPU=qemu64
BOOT_RNG=virtio-rng-pci
boot() {
	name=$1
	shift
	rm -f "$RUN/ctrl" "$RUN/px"
	swtpm socket --tpm2 --tpmstate "dir=$ST" --ctrl "type=unixio,path=$RUN/ctrl" \
		--pid "file=$RUN/swtpm.pid" --log "file=$W/$name.swtpm,level=1" -d ||
		die "$name: swtpm did not start"
	i=0
	while { [ ! -S "$RUN/ctrl" ] || [ ! -s "$RUN/swtpm.pid" ]; } && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	SW_PID=$(cat "$RUN/swtpm.pid" 2>/dev/null)
	[ -S "$RUN/ctrl" ] || die "$name: no swtpm control socket"
	chr=$RUN/ctrl
	if [ $# -gt 0 ]; then
		: >"$W/$name.bus"
		if [ "$1" = --swap ]; then
			python3 tests/efi/ctrlproxy.py "$RUN/px" "$RUN/ctrl" "$W/$name.bus" \
				--swap-parent "$2" 2>"$W/$name.proxy" &
		else
			python3 tests/efi/ctrlproxy.py "$RUN/px" "$RUN/ctrl" "$W/$name.bus" \
				2>"$W/$name.proxy" &
		fi
		PX_PID=$!
		i=0
		while [ ! -s "$W/$name.bus.ready" ] && [ $i -lt 50 ] && kill -0 "$PX_PID" 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
		[ -s "$W/$name.bus.ready" ] || die "$name: ctrlproxy.py did not start: $(cat "$W/$name.proxy")"
		chr=$RUN/px
	fi
	# A fresh copy of the variable store each boot: the same PCR 1 and 7
	# inputs every time, and no boot entry left from an earlier boot.
	cp "$VARS" "$RUN/vars.fd" || exit 1
	t0=$(date +%s.%N)
	set -- -cpu "$BOOT_CPU"
	[ -n "$BOOT_RNG" ] && set -- "$@" -device "$BOOT_RNG"
	timeout -k 5 "$TMO" qemu-system-x86_64 -accel tcg -machine q35 -m 256 -smp 1 "$@" \
		-nodefaults -nographic -monitor none -serial "file:$W/$name.serial" \
		-drive "if=pflash,format=raw,readonly=on,file=$CODE" \
		-drive "if=pflash,format=raw,file=$RUN/vars.fd" \
		-chardev "socket,id=chrtpm,path=$chr" -tpmdev emulator,id=tpm0,chardev=chrtpm \
		-device tpm-crb,tpmdev=tpm0 \
		-drive "format=raw,file=$ESP" -net none </dev/null >"$W/$name.qemu" 2>&1
	qrc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
	stop_px
	stop_sw
	printf '%s %.1f\n' "$name" "$secs" >>"$W/times"
	tr -d '\r' <"$W/$name.serial" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$W/$name.log"
	say "boot $name: qemu exit $qrc after $(printf %.1f "$secs") s"
	[ "$qrc" = 0 ] || fail "$name: qemu exit $qrc (124: timed out after $TMO s): $(tail -3 "$W/$name.qemu")"
	grep -q '^Reset with' "$W/$name.log" || fail "$name: the script did not reach reset -s"
}
show() { sed 's/^/  | /' "$W/$1.log" | grep -v 'Press ESC' >&2; }
# pcrline LOG N [K]: the K-th (default 1st) value printed for PCR N.
pcrline() { grep "^pcr sha256:$2: " "$W/$1.log" | sed -n "${3:-1}p" | cut -d' ' -f3; }
hexof() { xxd -p "$1" | tr -d '\n'; }
# has_line NAME LINE LABEL: the serial log holds exactly LINE (LABEL names
# the check in the failure).
has_line() { grep -qxF -- "$2" "$W/$1.log" || fail "$3"; }
# The TPM commands of each mtpm.efi run of a logged boot (busruns.py):
# runs NAME N writes $W/NAME.runs; run_cc NAME K prints run K's commands.
runs() { python3 tests/efi/busruns.py "$W/$1.bus" "$2" >"$W/$1.runs" || fail "$1: busruns.py"; }
run_cc() { sed -n "s/^run $2 cc //p" "$W/$1.runs"; }
# no_session NAME K LABEL: run K sent no StartAuthSession, Load or Unseal
# (nothing that authorizes with a key or could count towards lockout) and
# left nothing loaded.
no_session() {
	for c in StartAuthSession Load Unseal; do
		run_cc "$1" "$2" | grep -qw "$c" && fail "$3: $c sent"
	done
	grep -qx "run $2 loaded none" "$W/$1.runs" || fail "$3: $(grep "^run $2 loaded" "$W/$1.runs")"
}

# --- boot 1: seal ---------------------------------------------------------------------
# Every image the shell loads is measured into PCR 4, each mtpm.efi run
# included, so a run sees the values of its place in the script. Every
# boot keeps the same order: `pcrs` first prints V1, the values the FIRST
# run of the original image sees; the seal (second run) and boot 2's
# unseal (second run) agree; boot 4's first run, the unseal of host.pem,
# sees V1 again, which the host sealed to.
esp_put "$W/orig.efi" 'mtpm.efi pcrs 0,2,4,7' \
	'mtpm.efi seal --pcrs 0,2,4,7 -o \mtpm\fw.pem' \
	'mtpm.efi seal -o \mtpm\fw-nopcr.pem'
boot seal
for p in 0 2 4 7; do
	v=$(pcrline seal $p)
	echo "$v" | grep -qx '[0-9a-f]\{64\}' || fail "seal: no value for PCR $p"
	eval "V1_$p=\$v"
done
# PCR 4 and 7 must have been extended by the firmware (not all zero).
[ "$V1_4" != "$(printf '%064d' 0)" ] || fail "seal: PCR 4 was never extended"
[ "$V1_7" != "$(printf '%064d' 0)" ] || fail "seal: PCR 7 was never extended"
H_FW=$(sed -n 's/^mtpm: sealed secret sha256 \([0-9a-f]\{64\}\)$/\1/p' "$W/seal.log" | sed -n 1p)
H_NOPCR=$(sed -n 's/^mtpm: sealed secret sha256 \([0-9a-f]\{64\}\)$/\1/p' "$W/seal.log" | sed -n 2p)
[ -n "$H_FW" ] && [ -n "$H_NOPCR" ] || fail "seal: two 'mtpm: sealed secret sha256 HEX' lines expected"
[ "$H_FW" != "$H_NOPCR" ] || fail "seal: the two random secrets have the same hash"
# The default platform (a virtio-rng device) gives EFI_RNG_PROTOCOL: the
# control for boot 6, which has no source.
expect_eq "$(grep -c '^mtpm: entropy from EFI_RNG_PROTOCOL$' "$W/seal.log")" 2 \
	"seal: entropy from EFI_RNG_PROTOCOL (virtio-rng)"
expect_eq "$(grep -c '^mtpm: done$' "$W/seal.log")" 3 "seal: 'mtpm: done' lines"
grep -q '^mtpm: failed' "$W/seal.log" && fail "seal: a command failed"
esp_get /mtpm/fw.pem "$RUN/fw.pem" || fail "seal: no \\mtpm\\fw.pem on the ESP"
esp_get /mtpm/fw-nopcr.pem "$RUN/fw-nopcr.pem" || fail "seal: no \\mtpm\\fw-nopcr.pem on the ESP"
grep -q -- '-----BEGIN TSS2 PRIVATE KEY-----' "$RUN/fw.pem" 2>/dev/null ||
	fail "seal: fw.pem is not a TSS2 PRIVATE KEY"
[ "$_assert_failed" = 0 ] || { show seal; finish efi-test; }

# --- boot 2: unseal, same firmware, same image -----------------------------------------
esp_put "$W/orig.efi" 'mtpm.efi pcrs 0,2,4,7' 'mtpm.efi unseal \mtpm\fw.pem'
boot unseal
for p in 0 2 4 7; do
	eval "want=\$V1_$p"
	expect_eq "$(pcrline unseal $p)" "$want" "unseal: PCR $p (same firmware and image: the prediction)"
done
expect_eq "$(sed -n 's/^mtpm: unsealed secret sha256 //p' "$W/unseal.log")" "$H_FW" \
	"unseal: the unsealed secret's sha256 (boot 1 sealed)"
expect_eq "$(grep -c '^mtpm: done$' "$W/unseal.log")" 2 "unseal: 'mtpm: done' lines"
[ "$_assert_failed" = 0 ] || show unseal

# --- boot 3: a different mtpm.efi ------------------------------------------------------------
esp_put "$W/other.efi" 'mtpm.efi pcrs 0,2,4,7' 'mtpm.efi unseal \mtpm\fw.pem'
boot other
grep -q '^mtpm.efi build efi-test-other$' "$W/other.log" || [ -n "${MTPM_EFI_OTHER:-}" ] ||
	fail "other: the image did not print its build ID"
v=$(pcrline other 4)
echo "$v" | grep -qx '[0-9a-f]\{64\}' || fail "other: no value for PCR 4"
[ "$v" != "$V1_4" ] || fail "other: PCR 4 is the same for a different image"
for p in 0 2 7; do
	eval "want=\$V1_$p"
	expect_eq "$(pcrline other $p)" "$want" "other: PCR $p (the firmware did not change)"
done
grep -qx 'mtpm.efi unseal: unseal: the PCR values differ from the policy the key was sealed to' \
	"$W/other.log" || fail "other: no PCR-mismatch one-liner"
grep -qx 'mtpm: changed PCRs: sha256:4' "$W/other.log" || fail "other: the changed PCR is not named (4)"
grep -q 'unsealed' "$W/other.log" && fail "other: an 'unsealed' line after a refused unseal"
expect_eq "$(grep -c '^mtpm: failed$' "$W/other.log")" 1 "other: 'mtpm: failed' lines"
[ "$_assert_failed" = 0 ] || show other

# --- the host: Linux mtpm on the same TPM ----------------------------------------------------
# swtpm_start --state copies the permanent state (the seeds: the same SRK,
# so the same parent Name) and does TPM2_Startup(CLEAR) as a boot would.
(
	trap swtpm_stop EXIT INT TERM
	swtpm_start --tcp --state "$ST" || exit 1
	"$M" unseal -i "$RUN/fw-nopcr.pem" -o "$RUN/nopcr.secret" || exit 11
	# The predicted values of the original image's first run: V1.
	printf '%s%s%s%s' "$V1_0" "$V1_2" "$V1_4" "$V1_7" | xxd -r -p >"$RUN/v1.bin"
	head -c 32 /dev/urandom >"$RUN/host.secret"
	"$M" seal --like "$RUN/fw.pem" --pcrs "sha256:0,2,4,7=$RUN/v1.bin" \
		-i "$RUN/host.secret" -o "$RUN/host.pem" || exit 12
	# Control: the host TPM's own PCRs are not V1 (no firmware ran), so
	# host.pem can only unseal where the prediction holds.
	"$M" unseal -i "$RUN/host.pem" -o "$RUN/host.out" 2>/dev/null
	[ $? = 6 ] || exit 13
	# A key with a PIN (PolicyAuthValue), for the firmware to refuse.
	printf 4711 >"$RUN/pin"
	head -c 32 /dev/urandom >"$RUN/pin.secret"
	"$M" seal --like "$RUN/fw.pem" --pin-file "$RUN/pin" -i "$RUN/pin.secret" \
		-o "$RUN/pin.pem" || exit 14
) 2>"$W/host.err"
hrc=$?
case $hrc in
0) ;;
14) fail "host: seal with a PIN: $(cat "$W/host.err")" ;;
11) fail "host: unseal of fw-nopcr.pem: $(cat "$W/host.err")" ;;
12) fail "host: seal to the predicted values: $(cat "$W/host.err")" ;;
13) fail "host: host.pem unsealed (or failed otherwise) on the host's own PCRs: $(cat "$W/host.err")" ;;
*) fail "host: swtpm: $(cat "$W/host.err")" ;;
esac
if [ $hrc = 0 ]; then
	expect_eq "$(sha256sum <"$RUN/nopcr.secret" | cut -d' ' -f1)" "$H_NOPCR" \
		"host: sha256 of fw-nopcr.pem's secret (boot 1 sealed)"
	HOSTHEX=$(hexof "$RUN/host.secret")
	NOPCRHEX=$(hexof "$RUN/nopcr.secret")
	H_HOST=$(sha256sum <"$RUN/host.secret" | cut -d' ' -f1)
	mcopy -o -i "$ESP" "$RUN/host.pem" ::/mtpm/host.pem || fail "mcopy host.pem"
	PINHEX=$(hexof "$RUN/pin.secret")
	mcopy -o -i "$ESP" "$RUN/pin.pem" ::/mtpm/pin.pem || fail "mcopy pin.pem"
fi
# Key files edited on the ESP (anyone with the disk can), as
# tests/integration/seal.sh edits them for Linux:
#   e-name.pem    fw-nopcr.pem with the recorded parent Name's first
#                 digest byte changed
#   e-policy.pem  fw.pem with PolicyPCR's selection 0,2,4,7 made 2,4,7 in
#                 the DER (TPML_PCR_SELECTION, Part 2 §10.9.7: count 1,
#                 sha256, 3 bytes 95 00 00 -> 94 00 00); the pcrDigest and
#                 the object stay
#   e-trunc.pem   the first 300 bytes of fw.pem
#   e-junk.pem    512 random bytes
awk '/^mtpm-parent-name: 000b/ { b = substr($2, 5, 2); $2 = "000b" (b == "ff" ? "00" : "ff") substr($2, 7) } { print }' \
	"$RUN/fw-nopcr.pem" >"$RUN/e-name.pem"
cmp -s "$RUN/fw-nopcr.pem" "$RUN/e-name.pem" && fail "e-name.pem is not edited"
python3 - "$RUN/fw.pem" "$RUN/e-policy.pem" <<'EOF' || fail "e-policy.pem: the selection was not found once"
import base64, sys
text = open(sys.argv[1]).read()
head, rest = text.split("-----BEGIN TSS2 PRIVATE KEY-----\n", 1)
body, tail = rest.split("-----END TSS2 PRIVATE KEY-----", 1)
der = base64.b64decode("".join(body.split()))
sel = bytes.fromhex("00000001000b03950000")
if der.count(sel) != 1:
    sys.exit(1)
der = der.replace(sel, bytes.fromhex("00000001000b03940000"))
b = base64.b64encode(der).decode()
lines = "".join(b[i:i + 64] + "\n" for i in range(0, len(b), 64))
open(sys.argv[2], "w").write(head + "-----BEGIN TSS2 PRIVATE KEY-----\n" + lines +
                             "-----END TSS2 PRIVATE KEY-----" + tail)
EOF
head -c 300 "$RUN/fw.pem" >"$RUN/e-trunc.pem"
head -c 512 /dev/urandom >"$RUN/e-junk.pem"
for f in e-name e-policy e-trunc e-junk; do
	mcopy -o -i "$ESP" "$RUN/$f.pem" "::/mtpm/$f.pem" || fail "mcopy $f.pem"
done
[ "$_assert_failed" = 0 ] || finish efi-test

# --- boot 4: the host's file in the firmware, the bus logged ----------------------------------
# After the two runs the PCR values matter for, the edited key files and
# the PIN key (runs 3-7): each refused with its one line before any
# session, nothing left loaded, the shell going on to the next line.
esp_put "$W/orig.efi" 'mtpm.efi unseal \mtpm\host.pem' 'mtpm.efi pcrs 0,2,4,7' \
	'mtpm.efi unseal \mtpm\e-name.pem' 'mtpm.efi unseal \mtpm\e-policy.pem' \
	'mtpm.efi unseal \mtpm\e-trunc.pem' 'mtpm.efi unseal \mtpm\e-junk.pem' \
	'mtpm.efi unseal \mtpm\pin.pem'
boot host --log
expect_eq "$(sed -n 's/^mtpm: unsealed secret sha256 //p' "$W/host.log")" "$H_HOST" \
	"host: the firmware's sha256 of host.pem's secret (the host's secret)"
expect_eq "$(grep -c '^mtpm: done$' "$W/host.log")" 2 "host: 'mtpm: done' lines"
expect_eq "$(grep -c '^mtpm: failed$' "$W/host.log")" 5 "host: 'mtpm: failed' lines (runs 3-7)"
has_line host 'mtpm.efi unseal: parent: the parent key is not the trusted one: wrong TPM or parent, or an interposer on the bus' \
	"esp-name: the edited parent Name is refused with the Name one-liner"
has_line host "mtpm.efi unseal: key file: its policy does not give the sealed object's authPolicy (the file was edited or is damaged)" \
	"esp-policy: the edited PCR selection is refused offline"
expect_eq "$(grep -cxF 'mtpm.efi unseal: key file: malformed response or input (MTPM_E_MALFORMED)' "$W/host.log")" 2 \
	"esp-garbage: a truncated and a random key file each give the one parse-error line"
has_line host 'mtpm.efi unseal: key file: the key needs a PIN, which mtpm.efi cannot take (unseal it where a PIN can be entered)' \
	"pin-key: a key sealed with a PIN is refused"
[ "$_assert_failed" = 0 ] || show host
runs host 7
no_session host 3 "esp-name: the edited parent Name is refused before any session"
no_session host 4 "esp-policy: the edited policy is refused before any session"
no_session host 5 "esp-garbage: the truncated key file"
no_session host 6 "esp-garbage: the random key file"
no_session host 7 "pin-key: no authorization is tried for a PIN key"
# The key files that fail to parse, or need a PIN, or whose policy is not
# the object's, do not even reach CreatePrimary.
for k in 4 5 6 7; do
	run_cc host $k | grep -qw -e CreatePrimary -e GetRandom && fail "esp/pin run $k: the TPM was used: $(run_cc host $k)"
done
grep -qx 'run 1 loaded none' "$W/host.runs" || fail "host: run 1 left $(grep '^run 1 loaded' "$W/host.runs")"
[ "$_assert_failed" = 0 ] || cat "$W/host.runs" >&2
# The bus. A control first: the log holds the traffic, in the hex the
# grep below looks for (PCR_Read responses carry the values in clear).
grep -q '^cc 0000017e$' "$W/host.bus" || fail "bus: no PCR_Read logged (proxy broken?)"
grep -q "^< .*$V1_7" "$W/host.bus" || fail "bus: PCR 7's value is not in the log (the grep would see nothing)"
grep -qi "$HOSTHEX" "$W/host.bus" && fail "bus: the host's secret crossed the bus in clear"
grep -qi "$PINHEX" "$W/host.bus" && fail "pin-key: the PIN key's secret crossed the bus"
# The firmware, not swtpm, starts the TPM each boot: TPM2_Startup(CLEAR)
# (Part 3 §9.3) on the bus, so PCRs start from zero every boot.
grep -qx '> 80010000000c000001440000' "$W/host.bus" || fail "bus: no TPM2_Startup(CLEAR) from the firmware"
python3 - "$W/host.bus" "$RUN/host.secret" <<'EOF' || fail "bus: the session checks above"
# StartAuthSession (Part 3 §11.1) salted; Unseal (Part 3 §12.7) with its
# response encrypted (sessionAttributes.encrypt, Part 2 §8.4) and outData
# not the secret.
import struct, sys
lines = open(sys.argv[1]).read().split("\n")
secret = open(sys.argv[2], "rb").read()
ok = True
cc = None
cmd = {}
pairs = []
for l in lines:
    if l.startswith("cc "):
        cc = int(l[3:], 16)
    elif l.startswith("> "):
        cmd = bytes.fromhex(l[2:])
    elif l.startswith("< "):
        pairs.append((cc, cmd, bytes.fromhex(l[2:])))
def tpm2b(b, o):
    (n,) = struct.unpack_from(">H", b, o)
    return b[o + 2:o + 2 + n], o + 2 + n
sas = [p for p in pairs if p[0] == 0x176]
uns = [p for p in pairs if p[0] == 0x15E]
if not sas or not uns:
    print("  not ok: bus: %d StartAuthSession, %d Unseal logged" % (len(sas), len(uns)))
    sys.exit(1)
for _, c, r in sas:
    tag = struct.unpack_from(">H", c, 0)[0]
    o = 18                                   # header, tpmKey, bind
    if tag == 0x8002:
        (asz,) = struct.unpack_from(">I", c, o)
        o += 4 + asz
    nonce, o = tpm2b(c, o)
    salt, o = tpm2b(c, o)
    tpmkey = c[10:14].hex()
    print("  bus: StartAuthSession tpmKey %s encryptedSalt %d bytes" % (tpmkey, len(salt)))
    if tpmkey == "40000007" or len(salt) == 0:
        print("  not ok: bus: a StartAuthSession without a salt")
        ok = False
for _, c, r in uns:
    # command: header, itemHandle, authorizationSize, one session
    (asz,) = struct.unpack_from(">I", c, 14)
    _, o = tpm2b(c, 22)                      # after the session handle: nonce
    attrs = c[o]
    (code,) = struct.unpack_from(">I", r, 6)
    if code != 0 or struct.unpack_from(">H", r, 0)[0] != 0x8002:
        print("  not ok: bus: Unseal failed on the bus (rc %08x)" % code)
        ok = False
        continue
    out, _ = tpm2b(r, 14)                    # header, parameterSize
    print("  bus: Unseal session attributes %02x, outData %d bytes" % (attrs, len(out)))
    if not attrs & 0x40:
        print("  not ok: bus: Unseal's session does not encrypt the response")
        ok = False
    if len(out) != len(secret) or out == secret:
        print("  not ok: bus: Unseal's outData is not the secret encrypted")
        ok = False
sys.exit(0 if ok else 1)
EOF

# --- boot 5: the parent substituted on the bus -------------------------------------------------
python3 tests/lib/interposer.py mkpub ecc "$RUN/evil.pub" >/dev/null || fail "mkpub ecc"
esp_put "$W/orig.efi" 'mtpm.efi unseal \mtpm\host.pem'
boot swap --swap "$RUN/evil.pub"
grep -qx 'mtpm.efi unseal: parent: the parent key is not the trusted one: wrong TPM or parent, or an interposer on the bus' \
	"$W/swap.log" || fail "swap: no Name-mismatch one-liner"
grep -q 'unsealed' "$W/swap.log" && fail "swap: an 'unsealed' line through a substituted parent"
expect_eq "$(grep -c '^mtpm: failed$' "$W/swap.log")" 1 "swap: 'mtpm: failed' lines"
[ "$(grep -c '^cc 00000131$' "$W/swap.bus")" -ge 1 ] || fail "swap: no CreatePrimary (the swap never happened)"
expect_eq "$(grep -c '^cc 00000176$' "$W/swap.bus")" 0 "swap: StartAuthSession sent to a substituted parent"
expect_eq "$(grep -c '^cc 0000015e$' "$W/swap.bus")" 0 "swap: Unseal sent"
grep -qi "$HOSTHEX" "$W/swap.bus" && fail "swap: the secret crossed the bus"
[ "$_assert_failed" = 0 ] || show swap

# --- boot 6: no platform entropy ---------------------------------------------------------------
# No virtio-rng (so no EFI_RNG_PROTOCOL: OVMF 2022.11 has no RDRAND-based
# RngDxe) and a CPU without RDRAND and RDSEED, said explicitly. Unseal and
# seal refuse with the entropy line before any session; the same unseal
# with --insecure-tpm-entropy works on the TPM's bytes alone and says so.
esp_put "$W/orig.efi" 'mtpm.efi unseal \mtpm\fw-nopcr.pem' 'mtpm.efi seal -o \mtpm\noent.pem' \
	'mtpm.efi --insecure-tpm-entropy unseal \mtpm\fw-nopcr.pem'
BOOT_CPU=qemu64,-rdrand,-rdseed
BOOT_RNG=
boot noent --log
BOOT_CPU=qemu64
BOOT_RNG=virtio-rng-pci
why='no platform entropy source (EFI_RNG_PROTOCOL absent, RDSEED not in CPUID, RDRAND not in CPUID); --insecure-tpm-entropy would use the TPM'"'"'s, which a bus interposer can choose'
has_line noent "mtpm.efi unseal: entropy: $why" "noent: unseal refused with the entropy line"
has_line noent "mtpm.efi seal: entropy: $why" "noent: seal refused with the entropy line"
esp_get /mtpm/noent.pem "$RUN/noent.pem" && fail "noent: seal wrote a key file without entropy"
expect_eq "$(grep -c '^mtpm: entropy from' "$W/noent.log")" 1 "noent: one 'entropy from' line (the opted-in run)"
has_line noent 'mtpm: entropy from TPM2_GetRandom ONLY: WARNING: --insecure-tpm-entropy, a bus interposer can choose the salt and decrypt the session' \
	"noent: --insecure-tpm-entropy warns"
expect_eq "$(sed -n 's/^mtpm: unsealed secret sha256 //p' "$W/noent.log")" "$H_NOPCR" \
	"noent: --insecure-tpm-entropy unseals fw-nopcr.pem"
expect_eq "$(grep -c '^mtpm: failed$' "$W/noent.log")" 2 "noent: 'mtpm: failed' lines"
expect_eq "$(grep -c '^mtpm: done$' "$W/noent.log")" 1 "noent: 'mtpm: done' lines"
[ "$_assert_failed" = 0 ] || show noent
runs noent 3
no_session noent 1 "noent: the refused unseal starts no session"
no_session noent 2 "noent: the refused seal starts no session"
run_cc noent 2 | grep -qw Create && fail "noent: the refused seal sent Create"
run_cc noent 3 | grep -qw StartAuthSession || fail "noent: the opted-in unseal started no session"
grep -qx 'run 3 loaded none' "$W/noent.runs" || fail "noent: run 3 left $(grep '^run 3 loaded' "$W/noent.runs")"
grep -qi "$NOPCRHEX" "$W/noent.bus" && fail "noent: fw-nopcr.pem's secret crossed the bus"
[ "$_assert_failed" = 0 ] || cat "$W/noent.runs" >&2

# --- no secret on any serial line ----------------------------------------------------------------
for n in seal unseal other host swap noent; do
	grep -qi "$HOSTHEX" "$W/$n.log" && fail "$n: the host's secret printed"
	grep -qi "$NOPCRHEX" "$W/$n.log" && fail "$n: fw-nopcr.pem's secret printed"
	grep -qi "$PINHEX" "$W/$n.log" && fail "$n: the PIN key's secret printed"
	if grep 'secret' "$W/$n.log" | grep '^mtpm: ' | grep -v 'MtpmSecret' |
		grep -vqx 'mtpm: \(un\)\{0,1\}sealed secret sha256 [0-9a-f]\{64\}'; then
		fail "$n: a 'mtpm:' secret line other than its sha256"
	fi
done

total=$(($(date +%s) - T_START))
say "boots (s): $(tr '\n' ' ' <"$W/times")total ${total} s (budget 240 s)"
[ $total -le 240 ] || say "note: over the 4-minute budget (a loaded machine?)"
finish efi-test
