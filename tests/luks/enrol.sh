#!/bin/sh
# tests/luks/enrol.sh WORK [NAME...] - LUKS2 test volumes enrolled by the
# real tools (systemd-cryptenroll 252, clevis 19) on a running swtpm.
#
#   . tests/lib/swtpm.sh; swtpm_start --tcp
#   sh tests/luks/enrol.sh /tmp/w            # every fixture
#   sh tests/luks/enrol.sh /tmp/w sd-pin     # just one
#
# Needs $SWTPM_PORT and $TPM2TOOLS_TCTI (swtpm_start --tcp exports both) and
# root (cryptsetup on image files; no loop or dm device is used). For each
# fixture NAME it writes WORK/NAME.img (a 4 MiB LUKS2 image, keyslot 0 =
# the passphrase in WORK/passphrase, pbkdf2 with 1000 iterations so it is
# fast), enrols it, exports its token to WORK/NAME.token.json and prints
# one line, also appended to WORK/fixtures.list:
#
#   NAME IMAGE TOKEN_ID KEYSLOT TOKEN_TYPE
#
# Fixtures (docs/luks-formats.md says what each tool writes):
#   sd-pcr         systemd-cryptenroll --tpm2-pcrs=0+7
#   sd-pin         ... 0+7 --tpm2-with-pin=yes (PIN in WORK/pin)
#   sd-signed      ... --tpm2-public-key=WORK/pcrsign.pub.pem
#                  --tpm2-public-key-pcrs=11 --tpm2-pcrs=7
#                  --tpm2-signature=WORK/pcrsig.json
#   sd-signed-pin  ... signed PCR 11 only (--tpm2-pcrs=), with PIN
#   sdtools-rsa    a systemd-tpm2 token with tpm2-primary-alg "rsa", made
#                  with tpm2-tools by the recipe in docs/luks-formats.md
#                  (systemd 252 only picks RSA when the TPM has no ECC);
#                  systemd-cryptsetup 252 unseals it
#   cl-ecc         clevis luks bind tpm2 '{"pcr_ids":"0,7"}' (defaults:
#                  key ecc, hash sha256, pcr_bank sha1)
#   cl-rsa         ... '{"pcr_ids":"0,7","pcr_bank":"sha256","key":"rsa","hash":"sha256"}'
#   cl-nopcr       ... '{}' (no policy at all)
#   cl-sha1        ... '{"pcr_ids":"7","hash":"sha1"}': clevis 19 cannot
#                  unseal this one itself (see the doc); tests/luks/recover.sh can
#
# PCRs: on a fresh swtpm (PCR 0, 7 and 11 all zero) it first extends PCR 0
# and 7 (sha1 and sha256 banks) with fixed digests, so the PCR policies
# bind non-zero values, and PCR 11 (sha256) the way systemd-stub and
# systemd-pcrphase would for the fake UKI in WORK/vmlinux, phase
# "enter-initrd", which is what WORK/pcrsig.json (systemd-measure sign)
# signs. On a swtpm where enrol.sh already ran it leaves them alone.
#
# Exit 0 when every fixture was made; 1 (one line on stderr) otherwise.
set -u
# shellcheck disable=SC2034 # read by common.sh
LUKS_PROG=enrol.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

[ $# -ge 1 ] || luks_die "usage: enrol.sh WORK [NAME...]"
W=$1
shift
ALL="sd-pcr sd-pin sd-signed sd-signed-pin sdtools-rsa cl-ecc cl-rsa cl-nopcr cl-sha1"
[ $# -gt 0 ] && NAMES=$* || NAMES=$ALL
for n in $NAMES; do
	case " $ALL " in *" $n "*) ;; *) luks_die "unknown fixture: $n (known: $ALL)" ;; esac
done
luks_need_env
for t in cryptsetup systemd-cryptenroll clevis jose tpm2_createprimary openssl xxd; do
	command -v "$t" >/dev/null 2>&1 || luks_die "$t is not installed (make deps)"
done
MEASURE=$(luks_systemd_bin systemd-measure) || luks_die "systemd-measure is not installed"
mkdir -p "$W" || luks_die "cannot make $W"
W=$(cd "$W" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-enrol.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# The well-known inputs.
[ -f "$W/passphrase" ] || printf '%s' 'mtpm fixture passphrase' >"$W/passphrase"
[ -f "$W/pin" ] || printf '%s' 'mtpm-pin-4711' >"$W/pin"
[ -f "$W/vmlinux" ] || printf 'not a kernel: the .linux section of the mtpm test UKI\n' >"$W/vmlinux"

# --- PCR state ---------------------------------------------------------
fixed_digest() { printf 'mtpm luks fixture PCR %s' "$2" | luks_sha "$1"; }
pcr11_want=$("$MEASURE" calculate --linux="$W/vmlinux" --phase=enter-initrd --bank=sha256 2>/dev/null |
	sed -n 's/^11:sha256=//p')
[ -n "$pcr11_want" ] || luks_die "systemd-measure calculate failed"
zero=0000000000000000000000000000000000000000000000000000000000000000
p0=$(luks_pcr sha256 0)
p7=$(luks_pcr sha256 7)
p11=$(luks_pcr sha256 11)
[ -n "$p0" ] && [ -n "$p11" ] || luks_die "cannot read PCRs (is swtpm at $TPM2TOOLS_TCTI?)"
if [ "$p0" = $zero ] && [ "$p7" = $zero ]; then
	tpm2_pcrextend \
		"0:sha1=$(fixed_digest sha1 0),sha256=$(fixed_digest sha256 0)" \
		"7:sha1=$(fixed_digest sha1 7),sha256=$(fixed_digest sha256 7)" ||
		luks_die "tpm2_pcrextend 0, 7 failed"
fi
if [ "$p11" = $zero ]; then
	# systemd-stub: for each UKI section, the section name with its NUL,
	# then the section's contents; systemd-pcrphase: the phase word, no NUL.
	tpm2_pcrextend "11:sha256=$(printf '.linux\000' | luks_sha sha256)" &&
		tpm2_pcrextend "11:sha256=$(luks_sha sha256 <"$W/vmlinux")" &&
		tpm2_pcrextend "11:sha256=$(printf 'enter-initrd' | luks_sha sha256)" ||
		luks_die "tpm2_pcrextend 11 failed"
	p11=$(luks_pcr sha256 11)
fi
[ "$p11" = "$pcr11_want" ] ||
	luks_die "PCR 11 is $p11, not the value systemd-measure computes for WORK/vmlinux ($pcr11_want): run on a fresh swtpm"

# --- signing key and PCR 11 signature (systemd-measure sign) ------------
if [ ! -f "$W/pcrsign.key.pem" ]; then
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out "$W/pcrsign.key.pem" 2>/dev/null &&
		openssl rsa -pubout -in "$W/pcrsign.key.pem" -out "$W/pcrsign.pub.pem" 2>/dev/null ||
		luks_die "openssl could not make the PCR signing key"
fi
if [ ! -s "$W/pcrsig.json" ]; then
	"$MEASURE" sign --linux="$W/vmlinux" --phase=enter-initrd --bank=sha256 \
		--tpm2-device="$LUKS_SD_TCTI" \
		--private-key="$W/pcrsign.key.pem" --public-key="$W/pcrsign.pub.pem" \
		--json=short >"$W/pcrsig.json" 2>"$T/measure.err" ||
		{ cat "$T/measure.err" >&2; luks_die "systemd-measure sign failed"; }
	luks_flush
fi

# --- helpers -------------------------------------------------------------
new_image() {
	rm -f "$1"
	truncate -s 4M "$1" &&
		cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 \
			--pbkdf-force-iterations 1000 --luks2-keyslots-size 2M \
			--key-file "$W/passphrase" "$1" >"$T/format.err" 2>&1 ||
		{ cat "$T/format.err" >&2; luks_die "cryptsetup luksFormat $1 failed"; }
}

# finish NAME: export token 0, print the fixture line.
finish_fixture() {
	_img="$W/$1.img"
	cryptsetup token export --token-id 0 "$_img" >"$W/$1.token.json" ||
		luks_die "$1: cryptsetup token export failed"
	_slot=$(jose fmt -j "$W/$1.token.json" -Og keyslots -Ag0 -Su-) ||
		luks_die "$1: token has no keyslot"
	_type=$(luks_jstr "$W/$1.token.json" type)
	echo "$1 $_img 0 $_slot $_type" | tee -a "$W/fixtures.list"
}

sd_enrol() {
	_n=$1
	shift
	new_image "$W/$_n.img"
	NEWPIN=$(cat "$W/pin") systemd-cryptenroll --unlock-key-file="$W/passphrase" \
		--tpm2-device="$LUKS_SD_TCTI" "$@" "$W/$_n.img" \
		</dev/null >"$T/out" 2>&1 ||
		{ cat "$T/out" >&2; luks_die "$_n: systemd-cryptenroll failed"; }
	luks_flush
	finish_fixture "$_n"
}

clevis_bind() {
	new_image "$W/$1.img"
	clevis luks bind -y -d "$W/$1.img" -k "$W/passphrase" tpm2 "$2" \
		</dev/null >"$T/out" 2>&1 ||
		{ cat "$T/out" >&2; luks_die "$1: clevis luks bind failed"; }
	luks_flush
	finish_fixture "$1"
}

# A systemd-tpm2 token whose primary is RSA, made by hand with tpm2-tools:
# the same primary template systemd 252 uses (RSA 2048, AES-128-CFB,
# attributes 0x00030072, exponent 0, empty unique), a keyedhash object
# (attributes fixedTPM|fixedParent) sealing 32 random bytes under
# PolicyPCR(sha256: 0, 7), and a keyslot whose passphrase is the
# base64 of those bytes.
sdtools_rsa() {
	_n=sdtools-rsa
	new_image "$W/$_n.img"
	luks_flush
	tpm2_createprimary -Q -C o -g sha256 -G rsa2048:aes128cfb \
		-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt' \
		-c "$T/prim.ctx" &&
		tpm2_flushcontext -t &&
		tpm2_pcrread -Q -o "$T/pcrs.bin" sha256:0,7 &&
		tpm2_createpolicy -Q --policy-pcr -l sha256:0,7 -f "$T/pcrs.bin" -L "$T/pol.bin" &&
		tpm2_getrandom -o "$T/secret" 32 &&
		tpm2_create -Q -C "$T/prim.ctx" -g sha256 -a 'fixedtpm|fixedparent' \
			-L "$T/pol.bin" -i "$T/secret" -u "$T/obj.pub" -r "$T/obj.priv" ||
		luks_die "$_n: tpm2-tools could not seal"
	luks_flush
	base64 -w0 <"$T/secret" >"$T/pass"
	cryptsetup luksAddKey -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file "$W/passphrase" --key-slot 1 "$W/$_n.img" "$T/pass" ||
		luks_die "$_n: cryptsetup luksAddKey failed"
	rm -f "$T/secret" "$T/pass"
	printf '{"type":"systemd-tpm2","keyslots":["1"],"tpm2-blob":"%s","tpm2-pcrs":[0,7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"rsa","tpm2-policy-hash":"%s","tpm2-pin":false}' \
		"$(cat "$T/obj.priv" "$T/obj.pub" | base64 -w0)" \
		"$(luks_hex <"$T/pol.bin")" >"$T/token.json"
	cryptsetup token import --token-id 0 --json-file "$T/token.json" "$W/$_n.img" ||
		luks_die "$_n: cryptsetup token import failed"
	finish_fixture "$_n"
}

for n in $NAMES; do
	sed -i "/^$n /d" "$W/fixtures.list" 2>/dev/null
	case $n in
	sd-pcr) sd_enrol "$n" --tpm2-pcrs=0+7 ;;
	sd-pin) sd_enrol "$n" --tpm2-pcrs=0+7 --tpm2-with-pin=yes ;;
	sd-signed)
		sd_enrol "$n" --tpm2-pcrs=7 --tpm2-public-key="$W/pcrsign.pub.pem" \
			--tpm2-public-key-pcrs=11 --tpm2-signature="$W/pcrsig.json"
		;;
	sd-signed-pin)
		sd_enrol "$n" --tpm2-pcrs= --tpm2-public-key="$W/pcrsign.pub.pem" \
			--tpm2-public-key-pcrs=11 --tpm2-signature="$W/pcrsig.json" \
			--tpm2-with-pin=yes
		;;
	sdtools-rsa) sdtools_rsa ;;
	cl-ecc) clevis_bind "$n" '{"pcr_ids":"0,7"}' ;;
	cl-rsa) clevis_bind "$n" '{"pcr_ids":"0,7","pcr_bank":"sha256","key":"rsa","hash":"sha256"}' ;;
	cl-nopcr) clevis_bind "$n" '{}' ;;
	cl-sha1) clevis_bind "$n" '{"pcr_ids":"7","hash":"sha1"}' ;;
	esac
done
exit 0
