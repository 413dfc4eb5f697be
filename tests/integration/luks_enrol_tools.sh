#!/bin/sh
# luks_enrol_tools.sh - the LUKS2 fixtures of tests/luks/ on a private
# swtpm: the real tools (systemd-cryptenroll 252, clevis 19) enrol, what
# they write has the layout docs/luks-formats.md describes, each tool
# unlocks what it enrolled, our tpm2-tools recipes (tests/luks/recover.sh)
# recover the same passphrases, and cryptsetup accepts them. A wrong PIN
# and a changed PCR must fail.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
L=tests/luks

for t in cryptsetup systemd-cryptenroll clevis jose tpm2_unseal openssl xxd; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "luks_enrol_tools: $t is not installed (make deps)" >&2
		exit 1
	fi
done
if [ "$(id -u)" != 0 ]; then
	# cryptsetup luksFormat/luksAddKey and clevis luks bind on image
	# files need root (header locking under /run/cryptsetup).
	echo "luks_enrol_tools: skipped: needs root"
	exit 0
fi

trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
W=$SWTPM_DIR/luks
T=$SWTPM_DIR/t
mkdir -p "$T"

# sha256 of hex input, as hex.
h256() { xxd -r -p | openssl dgst -sha256 -r | cut -c1-64; }
hexof() { od -An -v -tx1 | tr -d ' \n'; }
jstr() { f=$1; shift; q=; for k in "$@"; do q="$q -g $k"; done; jose fmt -j "$f" -O $q -Su- 2>/dev/null; }
keys() { jose fmt -j "$1" -O${2:+g} ${2:-} -Of- | sed 's/=.*//' | paste -sd' ' -; }
flushed() { [ -z "$(tpm2_getcap handles-transient)$(tpm2_getcap handles-loaded-session)" ]; }
# A failing clevis-decrypt-tpm2 exits before its own tpm2_flushcontext, so
# after an expected clevis failure the loaded object is flushed here.
tflush() { tpm2_flushcontext -t >/dev/null 2>&1; }

# --- enrolment ------------------------------------------------------------
start=$(date +%s)
sh $L/enrol.sh "$W" >"$T/list" 2>"$T/enrol.err" || { cat "$T/enrol.err" >&2; fail "enrol.sh"; finish luks_enrol_tools; }
expect_eq "$(wc -l <"$T/list" | tr -d ' ')" 9 "fixtures made"
expect_eq "$(cut -d' ' -f1,3,4,5 "$T/list" | paste -sd';' -)" \
	"sd-pcr 0 1 systemd-tpm2;sd-pin 0 1 systemd-tpm2;sd-signed 0 1 systemd-tpm2;sd-signed-pin 0 1 systemd-tpm2;sdtools-rsa 0 1 systemd-tpm2;cl-ecc 0 1 clevis;cl-rsa 0 1 clevis;cl-nopcr 0 1 clevis;cl-sha1 0 1 clevis" \
	"fixture list"
flushed || fail "enrol.sh left handles in the TPM"

# --- systemd-tpm2 tokens: fields, blob layout, policy hash ----------------
base="type keyslots tpm2-blob tpm2-pcrs tpm2-pcr-bank tpm2-primary-alg tpm2-policy-hash tpm2-pin"
expect_eq "$(keys "$W/sd-pcr.token.json")" "$base" "sd-pcr token fields"
expect_eq "$(keys "$W/sd-signed.token.json")" "$base tpm2_pubkey_pcrs tpm2_pubkey" "sd-signed token fields"
for n in sd-pcr:0,7:false sd-pin:0,7:true sd-signed:7:false sd-signed-pin::true; do
	f=$W/${n%%:*}.token.json
	r=${n#*:}
	expect_eq "$(jose fmt -j "$f" -Og tpm2-pcrs -Af- | paste -sd, -)" "${r%%:*}" "$n tpm2-pcrs"
	expect_eq "$(jose fmt -j "$f" -Og tpm2-pin -o-)" "${r#*:}" "$n tpm2-pin"
	expect_eq "$(jstr "$f" tpm2-pcr-bank)" sha256 "$n bank"
	expect_eq "$(jstr "$f" tpm2-primary-alg)" ecc "$n primary alg"
	# tpm2-blob = TPM2B_PRIVATE || TPM2B_PUBLIC; the public area is a
	# keyedhash object, nameAlg SHA-256, fixedTPM|fixedParent only, whose
	# authPolicy is tpm2-policy-hash.
	b=$(jstr "$f" tpm2-blob | base64 -d | hexof)
	np=$((0x$(echo "$b" | cut -c1-4)))
	pub=$(echo "$b" | cut -c$((np * 2 + 5))-)
	nu=$((0x$(echo "$pub" | cut -c1-4)))
	expect_eq $(((np + 2 + nu + 2) * 2)) ${#b} "$n blob = two TPM2Bs"
	expect_eq "$(echo "$pub" | cut -c5-24)" "0008000b000000120020" "$n sealed object type/nameAlg/attributes"
	expect_eq "$(echo "$pub" | cut -c25-88)" "$(jstr "$f" tpm2-policy-hash)" "$n authPolicy = tpm2-policy-hash"
done
# Offline: PolicyPCR over the current PCR values (mtpm's calculator), then
# PolicyAuthValue for the PIN.
tpm2_pcrread -Q -o "$T/p07" sha256:0,7 && tpm2_pcrread -Q -o "$T/p7" sha256:7 && tpm2_pcrread -Q -o "$T/p11" sha256:11
expect_eq "$("$M" policy pcr:sha256:0,7="$T/p07")" "$(jstr "$W/sd-pcr.token.json" tpm2-policy-hash)" "sd-pcr policy hash"
expect_eq "$("$M" policy pcr:sha256:0,7="$T/p07" authvalue)" "$(jstr "$W/sd-pin.token.json" tpm2-policy-hash)" "sd-pin policy hash"
# Signed: PolicyAuthorize(keyName of systemd's LoadExternal template, empty
# policyRef) then PolicyPCR(7) [then PolicyAuthValue].
(. $L/common.sh && luks_rsa_tpm2b "$W/pcrsign.pub.pem" "$T/pk.tpm") || fail "luks_rsa_tpm2b"
jose fmt -j "$W/sd-signed.token.json" -Og tpm2_pubkey -Su- | base64 -d | cmp -s - "$W/pcrsign.pub.pem" ||
	fail "tpm2_pubkey is not the base64 of the PEM file"
kname=000b$(tail -c +3 "$T/pk.tpm" | hexof | h256)
a=$(echo "$(printf '%064d' 0)0000016a$kname" | h256 | h256)
pcr7=$(hexof <"$T/p7" | h256)
expect_eq "$(echo "${a}0000017f00000001000b03800000$pcr7" | h256)" "$(jstr "$W/sd-signed.token.json" tpm2-policy-hash)" "sd-signed policy hash"
expect_eq "$(echo "${a}0000016b" | h256)" "$(jstr "$W/sd-signed-pin.token.json" tpm2-policy-hash)" "sd-signed-pin policy hash"
# The signature file: pol = PolicyPCR(sha256:11), pkfp = SHA-256 of the
# PKCS#1 RSAPublicKey DER, sig = RSASSA-SHA256 over pol.
expect_eq "$(jose fmt -j "$W/pcrsig.json" -Og sha256 -Ag0 -g pol -Su-)" "$("$M" policy pcr:sha256:11="$T/p11")" "signature pol"
expect_eq "$(jose fmt -j "$W/pcrsig.json" -Og sha256 -Ag0 -g pkfp -Su-)" \
	"$(openssl rsa -pubin -in "$W/pcrsign.pub.pem" -RSAPublicKey_out -outform DER 2>/dev/null | openssl dgst -sha256 -r | cut -c1-64)" "signature pkfp"
jose fmt -j "$W/pcrsig.json" -Og sha256 -Ag0 -g pol -Su- | xxd -r -p >"$T/pol"
jose fmt -j "$W/pcrsig.json" -Og sha256 -Ag0 -g sig -Su- | base64 -d >"$T/sig"
openssl dgst -sha256 -verify "$W/pcrsign.pub.pem" -signature "$T/sig" "$T/pol" >/dev/null ||
	fail "signature does not verify as RSASSA-SHA256 over pol"

# --- clevis tokens: JWE form, header, sealed object -----------------------
for n in cl-ecc:ecc:sha256:sha1:0,7 cl-rsa:rsa:sha256:sha256:0,7 cl-nopcr:ecc:sha256:: cl-sha1:ecc:sha1:sha1:7; do
	IFS=: read -r c key hash bank ids <<EOF
$n
EOF
	f=$W/$c.token.json
	expect_eq "$(keys "$f")" "type keyslots jwe" "$c token fields"
	expect_eq "$(keys "$f" jwe)" "ciphertext encrypted_key iv protected tag" "$c flattened JWE"
	expect_eq "$(jstr "$f" jwe encrypted_key)" "" "$c encrypted_key"
	jstr "$f" jwe protected | jose b64 dec -i- -O "$T/hdr" || fail "$c protected header"
	expect_eq "$(jstr "$T/hdr" alg) $(jstr "$T/hdr" enc) $(jstr "$T/hdr" clevis pin)" "dir A256GCM tpm2" "$c alg/enc/pin"
	want="hash jwk_priv jwk_pub key"
	[ -n "$ids" ] && want="$want pcr_bank pcr_ids"
	expect_eq "$(jose fmt -j "$T/hdr" -Og clevis -g tpm2 -Of- | sed 's/=.*//' | paste -sd' ' -)" "$want" "$c tpm2 fields"
	expect_eq "$(jstr "$T/hdr" clevis tpm2 key):$(jstr "$T/hdr" clevis tpm2 hash):$(jstr "$T/hdr" clevis tpm2 pcr_bank):$(jstr "$T/hdr" clevis tpm2 pcr_ids)" \
		"$key:$hash:$bank:$ids" "$c tpm2 values"
	pub=$(jstr "$T/hdr" clevis tpm2 jwk_pub | jose b64 dec -i- | hexof)
	alg=000b
	[ "$hash" = sha1 ] && alg=0004
	attrs=00000492
	[ -z "$ids" ] && attrs=000004d2
	expect_eq "$(echo "$pub" | cut -c5-20)" "0008$alg$attrs" "$c sealed object type/nameAlg/attributes"
done
jstr "$W/cl-ecc.token.json" jwe protected | jose b64 dec -i- -O "$T/hdr"
tpm2_pcrread -Q -o "$T/s07" sha1:0,7
expect_eq "$(jstr "$T/hdr" clevis tpm2 jwk_pub | jose b64 dec -i- | hexof | cut -c25-88)" \
	"$("$M" policy pcr:sha1:0,7="$T/s07")" "cl-ecc authPolicy = PolicyPCR(sha1:0,7) in SHA-256"

# --- unlock: recipe, the tool itself, cryptsetup ------------------------
while read -r n img _ slot type; do
	if ! sh $L/recover.sh "$W/$n.token.json" >"$T/$n.pass" 2>"$T/$n.err"; then
		cat "$T/$n.err" >&2
		fail "$n: recover.sh"
		continue
	fi
	cryptsetup open --test-passphrase --key-slot "$slot" --key-file "$T/$n.pass" "$img" ||
		fail "$n: cryptsetup rejects the recovered passphrase"
	case $type in
	systemd-tpm2)
		expect_eq "$(wc -c <"$T/$n.pass" | tr -d ' ')" 44 "$n passphrase = base64 of 32 bytes"
		a=
		case $n in *pin) a="--pin-file $W/pin" ;; esac
		case $n in sd-signed*) a="$a --signature $W/pcrsig.json" ;; esac
		# shellcheck disable=SC2086
		sh $L/sd-unseal.sh $a "$img" 2>"$T/$n.sd"
		rc=$?
		case $rc in
		0) ;;
		77) echo "  $n: systemd-cryptsetup check skipped: $(cat "$T/$n.sd")" ;;
		*) cat "$T/$n.sd" >&2; fail "$n: systemd-cryptsetup did not unseal" ;;
		esac
		;;
	clevis)
		if [ "$n" = cl-sha1 ]; then
			# clevis-decrypt-tpm2 19 opens its policy session with SHA-256,
			# not the object's SHA-1: it cannot unlock its own enrolment.
			clevis luks pass -d "$img" -s "$slot" >/dev/null 2>&1 &&
				fail "cl-sha1: clevis unlocked it (docs/luks-formats.md says it cannot)"
			tflush
		else
			clevis luks pass -d "$img" -s "$slot" >"$T/$n.clevis" 2>"$T/$n.err" ||
				{ cat "$T/$n.err" >&2; fail "$n: clevis luks pass"; }
			cmp -s "$T/$n.clevis" "$T/$n.pass" || fail "$n: clevis and recover.sh disagree"
		fi
		;;
	esac
done <"$T/list"
# The check can fail: one volume's passphrase does not open another.
cryptsetup open --test-passphrase --key-file "$T/sd-pcr.pass" "$W/sd-pin.img" 2>/dev/null &&
	fail "sd-pcr's passphrase opens sd-pin"
flushed || fail "unlocks left handles in the TPM"

# --- a wrong PIN fails, and counts against dictionary-attack lockout -----
printf 'not the pin' >"$T/wrong"
sh $L/recover.sh --pin-file "$T/wrong" "$W/sd-pin.token.json" >"$T/wrong.out" 2>"$T/wrong.err" &&
	fail "a wrong PIN unsealed"
grep -q '0x98[eE]\|authorization HMAC check failed' "$T/wrong.err" || fail "wrong PIN: not TPM_RC_AUTH_FAIL"
[ -s "$T/wrong.out" ] && fail "wrong PIN: output on stdout"
expect_eq "$(tpm2_getcap properties-variable | sed -n 's/^TPM2_PT_LOCKOUT_COUNTER: //p')" 0x1 "DA counter after one wrong PIN"

# --- a PCR change: PCR-bound enrolments fail, the others still open -----
tpm2_pcrextend "7:sha1=$(printf x | openssl dgst -sha1 -r | cut -c1-40),sha256=$(printf x | openssl dgst -sha256 -r | cut -c1-64)" ||
	fail "pcrextend 7"
for n in sd-pcr sd-signed cl-ecc; do
	sh $L/recover.sh "$W/$n.token.json" >/dev/null 2>&1 && fail "$n: unsealed after PCR 7 changed"
done
clevis luks pass -d "$W/cl-ecc.img" -s 1 >/dev/null 2>&1 && fail "cl-ecc: clevis unlocked after PCR 7 changed"
tflush
sh $L/sd-unseal.sh "$W/sd-pcr.img" 2>/dev/null
rc=$?
[ $rc = 0 ] && fail "sd-pcr: systemd-cryptsetup unsealed after PCR 7 changed"
# sd-signed-pin binds only the signed PCR 11; cl-nopcr binds nothing.
sh $L/recover.sh "$W/sd-signed-pin.token.json" | cmp -s - "$T/sd-signed-pin.pass" || fail "sd-signed-pin after PCR 7 change"
sh $L/recover.sh "$W/cl-nopcr.token.json" | cmp -s - "$T/cl-nopcr.pass" || fail "cl-nopcr after PCR 7 change"
flushed || fail "left handles in the TPM"
echo "  luks_enrol_tools: $(($(date +%s) - start)) s"

finish luks_enrol_tools
