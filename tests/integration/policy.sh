#!/bin/sh
# policy.sh - mtpm policy: the offline calculator equals the TPM's own
# PolicyGetDigest (trial session, --tpm) for every step and for chains, and
# PolicyPCR equals tpm2-tools' tpm2_createpolicy --policy-pcr; PolicyPCR
# over any bank in a SHA-1, SHA-256 or SHA-384 policy, 24 PCRs from a
# values file; policy sign takes its policyRef from --ref or the checked
# record and reads current PCRs under an audit session.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR

# Some PCR state that is not all zeros.
"$M" pcrextend "7:sha256=$(printf a | openssl dgst -sha256 -r | cut -c1-64)"
"$M" pcrextend "0:sha256=$(printf b | openssl dgst -sha256 -r | cut -c1-64),sha1=$(printf b | openssl dgst -sha1 -r | cut -c1-40)"
openssl ecparam -name prime256v1 -genkey -noout -out "$T/k.pem" 2>/dev/null
openssl pkey -in "$T/k.pem" -pubout -out "$T/k.pub" 2>/dev/null
tpm2_pcrread -o "$T/v7.bin" sha256:7 >/dev/null

# both STEP... : offline and trial-session digests agree (and --tpm itself
# exits non-zero if the TPM's digest differs from mtpm's).
both() {
	off=$("$M" policy "$@") || { fail "offline: $*"; return; }
	on=$("$M" policy --tpm "$@") || { fail "--tpm: $*"; return; }
	expect_eq "$off" "$on" "offline vs TPM for: $*"
	[ ${#off} = 64 ] || fail "digest length for: $*"
}

both pcr:sha256:7
both pcr:sha256:0,7
both "pcr:sha1:0+sha256:0,7"
both "pcr:sha256:7=$T/v7.bin"
both authvalue
both password
both commandcode:Unseal
both commandcode:0x15e
both secret:0x40000001
both "authorize:$T/k.pub"
both "authorize:$T/k.pub:0102abcd"
a=$("$M" policy pcr:sha256:7)
b=$("$M" policy pcr:sha256:0)
both "or:$a,$b"
both "or:$a,$b,$a"
# chains
both pcr:sha256:7 authvalue
both pcr:sha256:0,7 commandcode:Unseal password
both "or:$a,$b" authvalue
both "authorize:$T/k.pub" authvalue
both secret:0x40000001 pcr:sha256:7

# SHA-1 and SHA-384 policy sessions (non-PCR steps).
for h in sha1 sha384; do
	off=$("$M" policy --hash $h authvalue commandcode:Unseal)
	on=$("$M" policy --hash $h --tpm authvalue commandcode:Unseal)
	expect_eq "$off" "$on" "$h offline vs TPM"
done

# PolicyPCR against tpm2-tools, for the same selections and values.
for sel in sha256:7 sha256:0,7 sha1:0 "sha1:0+sha256:7"; do
	tpm2_createpolicy --policy-pcr -l "$sel" -L "$T/p.bin" >/dev/null || fail "tpm2_createpolicy $sel"
	"$M" flush --sessions   # tpm2-tools leaves its trial session without a resource manager
	want=$(xxd -p -c 64 "$T/p.bin")
	expect_eq "$("$M" policy "pcr:$sel")" "$want" "mtpm vs tpm2_createpolicy for $sel"
done
tpm2_pcrread -o "$T/v07.bin" sha256:0,7 >/dev/null
tpm2_createpolicy --policy-pcr -l sha256:0,7 -f "$T/v07.bin" -L "$T/p.bin" >/dev/null
"$M" flush --sessions
expect_eq "$("$M" policy "pcr:sha256:0,7=$T/v07.bin")" "$(xxd -p -c 64 "$T/p.bin")" \
	"mtpm vs tpm2_createpolicy with a values file"

# --- Any bank in any policy hash (Part 3 §23.7: pcrDigest is the policy
# session's hash over the values, whatever their bank). tpm2-tools as the
# oracle, in a trial session and in a real policy session (where the TPM
# checks the pcrDigest tpm2-tools computed against its own PCRs); --tpm
# has the TPM hash its own PCRs (an empty pcrDigest in the trial session).
for h in sha1 sha384 sha256; do
	for sel in sha256:0,7 sha1:0 "sha1:0+sha256:7"; do
		tpm2_startauthsession -S "$T/s.ctx" -g $h >/dev/null || fail "startauthsession -g $h"
		tpm2_policypcr -S "$T/s.ctx" -l "$sel" -L "$T/p.bin" >/dev/null || fail "policypcr $h $sel"
		tpm2_flushcontext "$T/s.ctx"
		want=$(xxd -p -c 64 "$T/p.bin")
		tpm2_startauthsession --policy-session -S "$T/s.ctx" -g $h >/dev/null
		tpm2_policypcr -S "$T/s.ctx" -l "$sel" -L "$T/p2.bin" >/dev/null || fail "policypcr (policy session) $h $sel"
		tpm2_flushcontext "$T/s.ctx"
		expect_eq "$(xxd -p -c 64 "$T/p2.bin")" "$want" "tpm2-tools trial vs policy session, $h $sel"
		expect_eq "$("$M" policy --hash $h "pcr:$sel")" "$want" "offline $h session, $sel"
		expect_eq "$("$M" policy --tpm --hash $h "pcr:$sel")" "$want" "--tpm $h session, $sel"
		tpm2_pcrread -o "$T/vh.bin" "$sel" >/dev/null
		expect_eq "$("$M" policy --hash $h "pcr:$sel=$T/vh.bin")" "$want" "values file, $h session, $sel"
	done
done
# --hash may follow the steps
expect_eq "$("$M" policy pcr:sha256:7 --hash sha1)" "$("$M" policy --hash sha1 pcr:sha256:7)" \
	"--hash after the step"
expect_eq "${#a}" 64 "sha256 digest length"
expect_eq "$("$M" policy --hash sha384 pcr:sha256:7 authvalue | wc -c)" 97 "sha384 digest length"

# --- 24 PCRs: the values file tpm2_pcrread -o writes for sha256:0..23 (768
# bytes) and mtpm pcrread -o's, byte for byte; the digest against one
# computed here with openssl (the formula of Part 3 §23.7) and against the
# TPM's own, in three policy hashes and for both banks.
all=$(seq -s, 0 23)
"$M" pcrextend "23:sha256=$(printf c | openssl dgst -sha256 -r | cut -c1-64)"
for bank in sha256 sha1; do
	tpm2_pcrread -o "$T/t24.bin" "$bank:$all" >/dev/null || fail "tpm2_pcrread $bank:0..23"
	rm -f "$T/m24.bin"   # -o does not replace a file without --force
	"$M" pcrread -o "$T/m24.bin" "$bank:0-23" >/dev/null || fail "pcrread -o $bank:0-23"
	cmp "$T/t24.bin" "$T/m24.bin" || fail "24-PCR values file differs from tpm2_pcrread's ($bank)"
	n=$(wc -c <"$T/m24.bin")
	[ "$bank" = sha256 ] && expect_eq "$n" 768 "sha256:0-23 values file size"
	[ "$bank" = sha1 ] && expect_eq "$n" 480 "sha1:0-23 values file size"
	[ "$bank" = sha256 ] && bid=000b || bid=0004
	for h in sha1 sha256 sha384; do
		hl=$(openssl dgst -$h -binary </dev/null | wc -c)
		pd=$(openssl dgst -$h -binary "$T/m24.bin" | xxd -p -c 64)
		want=$( (head -c "$hl" /dev/zero; printf '0000017f00000001%s03ffffff%s' "$bid" "$pd" | xxd -r -p) |
			openssl dgst -$h -binary | xxd -p -c 64)
		expect_eq "$("$M" policy --hash $h "pcr:$bank:0-23=$T/t24.bin")" "$want" "$bank:0-23 from a file, $h"
		expect_eq "$("$M" policy --hash $h --tpm "pcr:$bank:0-23")" "$want" "$bank:0-23 by the TPM, $h"
		expect_eq "$("$M" policy --hash $h "pcr:$bank:0-23")" "$want" "$bank:0-23 read, $h"
	done
done
# and within 24 PCRs of one bank and more: sha256 all and sha1 0-9
"$M" pcrread -o "$T/mix.bin" "sha256:all+sha1:0-9" >/dev/null
expect_eq "$("$M" policy --tpm "pcr:sha256:all+sha1:0-9")" \
	"$("$M" policy "pcr:sha256:0-23+sha1:0-9=$T/mix.bin")" "two banks, 34 PCRs"
# one byte short or long: the file does not fit the selection
"$M" pcrread -o "$T/s24.bin" 0-23 >/dev/null
head -c 767 "$T/s24.bin" >"$T/short.bin"
expect_exit 2 "$M" policy "pcr:sha256:0-23=$T/short.bin"
(cat "$T/s24.bin"; printf x) >"$T/long.bin"
expect_exit 2 "$M" policy "pcr:sha256:0-23=$T/long.bin"
err=$("$M" policy "pcr:sha256:0-23=$T/short.bin" 2>&1)
case $err in *"767 bytes"*"768"*) ;; *) fail "short file message: $err" ;; esac

# --- policy sign: the policyRef ------------------------------------------
# A and B sealed to the same owner key with their own refs. The ref signed
# is --ref, or the one A records; a --ref other than the record, and a
# record whose ref was edited (A's set to B's, so the owner's approval
# "for A" would unlock B) are refused, the key file left as it was. The
# ref, approvedPolicy and aHash are printed before signing: aHash checked
# here with openssl.
head -c 32 /dev/urandom >"$T/secret"
"$M" seal --authorize "$T/k.pub:0a0a0a0a" -i "$T/secret" -o "$T/A.pem" || fail "seal A"
"$M" seal --authorize "$T/k.pub:0b0b0b0b" -i "$T/secret" -o "$T/B.pem" || fail "seal B"
# edit_ref IN OUT FROM TO: the key file with its policyRef (a TPM2B of 4
# bytes) changed, all else as it was, explanatory lines included
edit_ref() {
	sed -n '/BEGIN/q;p' "$1" >"$2"
	echo "-----BEGIN TSS2 PRIVATE KEY-----" >>"$2"
	sed -n '/BEGIN/,/END/p' "$1" | grep -v -- ----- | openssl base64 -d |
		xxd -p | tr -d '\n' | sed "s/0004$3/0004$4/" | xxd -r -p | openssl base64 >>"$2"
	echo "-----END TSS2 PRIVATE KEY-----" >>"$2"
}
edit_ref "$T/A.pem" "$T/Aedit.pem" 0a0a0a0a 0b0b0b0b
cmp -s "$T/A.pem" "$T/Aedit.pem" && fail "edit_ref changed nothing"
edit_ref "$T/A.pem" "$T/Asame.pem" 0a0a0a0a 0a0a0a0a
cmp "$T/A.pem" "$T/Asame.pem" || fail "edit_ref does not reproduce the file"
cp "$T/Aedit.pem" "$T/Aedit0.pem"
# the edited record, with and without --ref
err=$("$M" policy sign --key "$T/k.pem" --ref 0a0a0a0a pcr:sha256:7 --add "$T/Aedit.pem" 2>&1)
expect_eq "$?" 2 "sign --ref 0a0a0a0a, A's ref edited to B's: exit"
case $err in *"0a0a0a0a"*"0b0b0b0b"*) ;; *) fail "mismatch message names both refs: $err" ;; esac
expect_eq "$(printf '%s\n' "$err" | wc -l)" 1 "mismatch: one line"
err=$("$M" policy sign --key "$T/k.pem" pcr:sha256:7 --add "$T/Aedit.pem" 2>&1)
expect_eq "$?" 5 "sign, A's ref edited to B's, no --ref: exit"
case $err in *"0b0b0b0b"*edited*) ;; *) fail "edited-record message: $err" ;; esac
cmp "$T/Aedit.pem" "$T/Aedit0.pem" || fail "a refused sign changed the key file"
# B's file passed off as A's: self-consistent, so only --ref catches it
cp "$T/B.pem" "$T/Afake.pem"
expect_exit 2 "$M" policy sign --key "$T/k.pem" --ref 0a0a0a0a pcr:sha256:7 --add "$T/Afake.pem"
cmp "$T/B.pem" "$T/Afake.pem" || fail "a refused sign changed the key file (B)"
# the honest file: with --ref, then without (the record's ref)
err=$("$M" policy sign --key "$T/k.pem" --ref 0a0a0a0a pcr:sha256:7 --add "$T/A.pem" 2>&1) ||
	fail "sign A with --ref: $err"
ap=$("$M" policy pcr:sha256:7)
ah=$( (printf '%s0a0a0a0a' "$ap" | xxd -r -p) | openssl dgst -sha256 -binary | xxd -p -c 64)
expect_eq "$err" "mtpm policy sign: policyRef 0a0a0a0a, approvedPolicy $ap, aHash $ah" \
	"what sign prints before signing"
"$M" unseal -i "$T/A.pem" -o "$T/outA" || fail "unseal A after sign"
cmp "$T/secret" "$T/outA" || fail "A's secret"
err=$("$M" policy sign --key "$T/k.pem" pcr:sha256:0 --add "$T/A.pem" 2>&1) || fail "sign A without --ref: $err"
case $err in *"policyRef 0a0a0a0a"*) ;; *) fail "ref from the record: $err" ;; esac
# -o: the ref is --ref, empty without it
err=$("$M" policy sign --key "$T/k.pem" pcr:sha256:7 -o "$T/sig.bin" 2>&1) || fail "sign -o"
case $err in *"policyRef (empty)"*) ;; *) fail "-o without --ref: $err" ;; esac
expect_exit 2 "$M" policy sign --key "$T/k.pem" --ref 0g pcr:sha256:7 -o "$T/sig2.bin"

# --- policy sign pcr:SEL reads the TPM's PCRs under an audit session
# salted to the SRK (here the transient ECC one: no 0x81000001), held to
# --parent-name or the pinned-parent file when they name one (exit 9 on
# a different key); nothing stays loaded.
"$M" --trace policy sign --key "$T/k.pem" pcr:sha256:7 -o "$T/sig3.bin" 2>"$T/trace.txt" ||
	fail "sign pcr: current values"
grep -q 'TPM_CC_StartAuthSession' "$T/trace.txt" || fail "sign: no StartAuthSession"
n=$(grep -c '^# TPM2_PCR_Read command' "$T/trace.txt")
expect_eq "$n" 1 "sign: PCR_Reads"
grep -q 'sessionAttributes: TPMA_SESSION = 0x81 continueSession audit' "$T/trace.txt" ||
	fail "sign: PCR_Read without the audit session"
expect_eq "$("$M" handles transient)$("$M" handles sessions)" "" "sign: left loaded"
pn=$("$M" parent name --parent ecc) || fail "parent name"
"$M" policy sign --key "$T/k.pem" --parent-name "$pn" pcr:sha256:7 -o "$T/sig4.bin" 2>/dev/null ||
	fail "sign with the SRK's --parent-name"
bad=$(printf '%s' "$pn" | sed 's/.$/0/')
[ "$bad" = "$pn" ] && bad=$(printf '%s' "$pn" | sed 's/.$/1/')
expect_exit 9 "$M" policy sign --key "$T/k.pem" --parent-name "$bad" pcr:sha256:7 -o "$T/sig5.bin"
expect_exit 2 "$M" policy sign --key "$T/k.pem" --parent-name 000b00 pcr:sha256:7 -o "$T/sig5.bin"
"$M" parent pin -o "$T/pins" >/dev/null 2>&1 || fail "parent pin"
MTPM_PARENT_NAME_FILE="$T/pins" "$M" policy sign --key "$T/k.pem" pcr:sha256:7 -o "$T/sig6.bin" \
	2>/dev/null || fail "sign with a pinned SRK"
sed "s/^ecc .*/ecc $bad/" "$T/pins" >"$T/badpins"
expect_exit 9 env MTPM_PARENT_NAME_FILE="$T/badpins" "$M" policy sign --key "$T/k.pem" \
	pcr:sha256:7 -o "$T/sig7.bin"
[ -e "$T/sig5.bin" ] || [ -e "$T/sig7.bin" ] && fail "a refused sign wrote a signature"
# values from a file need no TPM, and no session
"$M" -T "swtpm:path=$T/none.sock" policy sign --key "$T/k.pem" "pcr:sha256:7=$T/v7.bin" \
	-o "$T/sig8.bin" 2>/dev/null || fail "sign from a values file, no TPM"
expect_eq "$("$M" handles transient)$("$M" handles sessions)" "" "sign --parent-name: left loaded"

# Bad steps are usage errors.
expect_exit 2 "$M" policy bogus
expect_exit 2 "$M" policy or:00
expect_exit 2 "$M" policy "or:$a"
expect_exit 2 "$M" policy commandcode:NoSuchCommand
expect_exit 2 "$M" policy pcr:sha256:99
expect_exit 2 "$M" policy pcr:sha256:0-24
expect_exit 2 "$M" policy pcr:7-3
expect_exit 2 "$M" policy --hash sha999 pcr:7
expect_exit 2 "$M" policy
left=$("$M" handles sessions)
expect_eq "$left" "" "sessions left after policy --tpm"

# PolicyAuthorize agrees with tpm2-tools (tpm2_loadexternal's default
# template is systemd's) for RSA and EC keys, and the key Name printed is
# tpm2_loadexternal's (issue 11 §3).
for kind in rsa ecc; do
	if [ $kind = rsa ]; then
		openssl genrsa -out "$T/azk.pem" 2048 2>/dev/null
	else
		openssl ecparam -name prime256v1 -genkey -noout -out "$T/azk.pem"
	fi
	openssl pkey -in "$T/azk.pem" -pubout -out "$T/azk.pub" 2>/dev/null
	ours=$("$M" policy authorize:"$T/azk.pub" 2>"$T/azk.err") || fail "policy authorize ($kind)"
	tpm2_loadexternal -C o -G $kind -u "$T/azk.pub" -c "$T/azk.ctx" -n "$T/azk.name" >/dev/null ||
		fail "tpm2_loadexternal ($kind)"
	tpm2_flushcontext -t >/dev/null
	grep -q "key Name $(xxd -p -c 64 "$T/azk.name")" "$T/azk.err" ||
		fail "authorize ($kind): key Name is not tpm2_loadexternal's: $(cat "$T/azk.err")"
	tpm2_startauthsession -S "$T/azs.ctx" >/dev/null
	head -c 32 /dev/zero >"$T/azpol"
	tpm2_policyauthorize -S "$T/azs.ctx" -i "$T/azpol" -n "$T/azk.name" -L "$T/azd" >/dev/null ||
		fail "tpm2_policyauthorize ($kind)"
	tpm2_flushcontext "$T/azs.ctx" >/dev/null
	expect_eq "$ours" "$(xxd -p -c 64 "$T/azd")" "PolicyAuthorize digest ($kind) vs tpm2-tools"
done

finish policy
