#!/bin/sh
# policy.sh - mtpm policy: the offline calculator equals the TPM's own
# PolicyGetDigest (trial session, --tpm) for every step and for chains, and
# PolicyPCR equals tpm2-tools' tpm2_createpolicy --policy-pcr.
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

# Bad steps are usage errors.
expect_exit 2 "$M" policy bogus
expect_exit 2 "$M" policy or:00
expect_exit 2 "$M" policy "or:$a"
expect_exit 2 "$M" policy commandcode:NoSuchCommand
expect_exit 2 "$M" policy pcr:sha256:99
expect_exit 2 "$M" policy
left=$("$M" handles sessions)
expect_eq "$left" "" "sessions left after policy --tpm"

finish policy
