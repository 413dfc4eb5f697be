#!/bin/sh
# tests/demo.sh BUILD - the mtpm story on a private swtpm, narrated:
# info; read, extend and re-read a PCR; then the initramfs job: seal a disk
# key to PCR 7 under an owner-signed policy, unseal it, change PCR 7, watch
# unseal refuse, sign the new PCR 7 value, and unseal the same file again.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
BUILD=${1:-build}
M="$TOP/$BUILD/mtpm"
. tests/lib/swtpm.sh
trap swtpm_stop EXIT INT TERM
swtpm_start || exit 1
D=$SWTPM_DIR
if [ -t 1 ]; then B=$(printf '\033[1m'); N=$(printf '\033[0m'); else B=; N=; fi
say() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
run() { printf '$ %s\n' "$*" | sed "s|$TOP/$BUILD/||g; s|$D/||g"; "$@"; }

say "A private software TPM is running (swtpm pid $SWTPM_PID, $MTPM_TCTI)"
run "$M" info

say "Read PCR 7, extend it, read it again"
run "$M" pcrread sha256:7
run "$M" pcrextend "7:sha256=$(printf 'bootloader-v1' | openssl dgst -sha256 -r | cut -c1-64)"
run "$M" pcrread sha256:7

say "Enrolment: the owner's signing key, and a disk key sealed to PCR 7"
openssl ecparam -name prime256v1 -genkey -noout -out "$D/owner.key" 2>/dev/null
openssl pkey -in "$D/owner.key" -pubout -out "$D/owner.pub" 2>/dev/null
head -c 32 /dev/urandom >"$D/disk.key"
echo "(a 32-byte disk key in disk.key; the owner's P-256 key in owner.key / owner.pub)"
run "$M" seal --authorize "$D/owner.pub" -i "$D/disk.key" -o "$D/disk.pem"
run "$M" policy sign --key "$D/owner.key" pcr:sha256:7 --add "$D/disk.pem"
echo "(disk.pem: a TSS2 PRIVATE KEY whose policy is 'whatever the owner signs';"
echo " the owner signed 'PCR 7 as it is now')"

say "Boot: unseal in the initramfs (salted session, encrypted response)"
run "$M" unseal -i "$D/disk.pem" -o "$D/unsealed.key"
cmp "$D/unsealed.key" "$D/disk.key" && echo "unsealed 32 bytes == disk.key"

say "An update changes PCR 7; the old policy no longer holds"
run "$M" pcrextend "7:sha256=$(printf 'bootloader-v2' | openssl dgst -sha256 -r | cut -c1-64)"
set +e
run "$M" unseal -i "$D/disk.pem" -o "$D/unsealed2.key"
rc=$?
set -e
echo "(exit code $rc: PCR values do not match)"
[ "$rc" = 6 ]

say "The owner signs the new PCR 7 value; the same sealed file unseals again"
run "$M" policy sign --key "$D/owner.key" pcr:sha256:7 --add "$D/disk.pem"
run "$M" unseal -i "$D/disk.pem" -o "$D/unsealed3.key"
cmp "$D/unsealed3.key" "$D/disk.key" && echo "unsealed 32 bytes == disk.key"

say "Nothing left loaded in the TPM"
run "$M" handles transient
run "$M" handles sessions
say "Done; stopping the software TPM"
