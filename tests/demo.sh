#!/bin/sh
# tests/demo.sh BUILD - the mtpm story on a private swtpm, narrated:
# info; read, extend and re-read a PCR; then the initramfs job: seal a disk
# key to PCR 7 under an owner-signed policy, unseal it, change PCR 7, watch
# unseal refuse, sign the new PCR 7 value, and unseal the same file again;
# then LUKS2: a volume enrolled by systemd-cryptenroll, opened with mtpm.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
BUILD=${1:-build}
M="$TOP/$BUILD/mtpm"
. tests/lib/swtpm.sh
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
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

say "LUKS2: a volume systemd-cryptenroll enrolled, unlocked by mtpm"
if [ "$(id -u)" = 0 ] && command -v systemd-cryptenroll >/dev/null 2>&1 &&
	command -v cryptsetup >/dev/null 2>&1; then
	(umask 077 && printf 'demo passphrase' >"$D/pass")
	truncate -s 4M "$D/disk.img"
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--luks2-keyslots-size 2M --key-file "$D/pass" "$D/disk.img" 2>/dev/null
	echo "(disk.img: a 4 MiB LUKS2 volume whose passphrase is in pass)"
	run systemd-cryptenroll --unlock-key-file="$D/pass" \
		--tpm2-device="swtpm:host=127.0.0.1,port=$SWTPM_PORT" --tpm2-pcrs=7 "$D/disk.img" </dev/null
	"$M" flush --sessions >/dev/null   # systemd 252 leaves one HMAC session loaded
	echo "(the token records no parent key: pin its primary once, on this trusted system)"
	run "$M" luks pin -o "$D/parents" "$D/disk.img"
	echo "\$ MTPM_PARENT_NAME_FILE=parents mtpm luks unlock disk.img > luks.key"
	MTPM_PARENT_NAME_FILE="$D/parents" "$M" luks unlock "$D/disk.img" >"$D/luks.key"
	echo "(luks.key: $(wc -c <"$D/luks.key" | tr -d ' ') bytes, systemd's base64 of the sealed secret)"
	run cryptsetup open --test-passphrase --key-file "$D/luks.key" "$D/disk.img" &&
		echo "cryptsetup accepts the passphrase mtpm unsealed"
	mtpm_wipe_file() { head -c "$(wc -c <"$1")" /dev/zero >"$1"; rm -f "$1"; }
	mtpm_wipe_file "$D/luks.key"
else
	echo "(skipped: needs root, cryptsetup and systemd-cryptenroll: make deps)"
fi

say "Nothing left loaded in the TPM"
run "$M" handles transient
run "$M" handles sessions
say "Done; stopping the software TPM"
