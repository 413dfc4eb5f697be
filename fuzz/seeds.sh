#!/bin/sh
# fuzz/seeds.sh [BUILD] - record the seed corpora from a private swtpm and
# minimize them into fuzz/corpus/<harness>/ (fuzz/README.md).
#
#  1. build the recorder (fuzz/record.c) and the libFuzzer harnesses;
#  2. start a private swtpm (tests/lib/swtpm.sh), run fuzz-record against
#     it - every response frame of a real session of mtpm commands, cut
#     per harness - and stop it;
#  3. add the string inputs: the TCTI strings and PCR selections the CLI
#     and its tests really use, plus the ones swtpm.sh just produced;
#  4. merge each harness's raw seeds into its committed corpus with
#     libFuzzer -merge=1 (keeps only inputs that add coverage).
# Needs swtpm and clang. Takes about a minute.
set -eu
BUILD=${1:-build/fuzz}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
RAW=$BUILD/fuzz-seeds-raw
FUZZ_DIR=$BUILD/fuzz

make --no-print-directory -s BUILD="$BUILD" all "$BUILD/fuzz-record" fuzz-build
M=$BUILD/mtpm
rm -rf "$RAW"
mkdir -p "$RAW"

. tests/lib/swtpm.sh
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp
"$BUILD/fuzz-record" "$RAW"

# Key files and raw TPM2B files as `mtpm seal` writes them, an owner key
# pair for PolicyAuthorize, and its SubjectPublicKeyInfo in DER.
K=$RAW/keys
mkdir -p "$K" "$RAW/keyfile" "$RAW/public_file" "$RAW/private_file" "$RAW/spki"
printf 'fuzz-pin' >"$K/pin"
head -c 64 /dev/zero >"$K/vals"
head -c 64 /dev/zero | tr '\000' '\001' >"$K/vals2"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$K/owner.pem" 2>/dev/null
openssl pkey -in "$K/owner.pem" -pubout -out "$K/owner.pub.pem"
openssl pkey -in "$K/owner.pem" -pubout -outform DER -out "$RAW/spki/ec.der"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/rsa.pem" 2>/dev/null
openssl pkey -in "$K/rsa.pem" -pubout -outform DER -out "$RAW/spki/rsa.der"
echo secret | "$M" seal -o "$RAW/keyfile/plain.pem"
echo secret | "$M" seal --der -o "$RAW/keyfile/plain.der" \
	--public "$RAW/public_file/plain.pub" --private "$RAW/private_file/plain.priv"
echo secret | "$M" seal --pcrs sha256:0,7 --pin-file "$K/pin" -o "$RAW/keyfile/pcr-pin.pem"
echo secret | "$M" seal --pcrs sha256:0,7="$K/vals" --or sha256:0,7="$K/vals2" \
	--parent rsa -o "$RAW/keyfile/or.pem" --public "$RAW/public_file/or.pub" \
	--private "$RAW/private_file/or.priv"
echo secret | "$M" seal --authorize "$K/owner.pub.pem:abcd" -o "$RAW/keyfile/auth.pem"
cp "$RAW/keyfile/auth.pem" "$RAW/keyfile/auth-signed.pem"
"$M" policy sign --key "$K/owner.pem" --ref abcd pcr:sha256:0,7="$K/vals" \
	--add "$RAW/keyfile/auth-signed.pem"
rm -rf "$K"

# Capture files as `mtpm --trace` writes them (what `mtpm decode` reads).
mkdir -p "$RAW/decode_capture"
"$M" --trace getrandom 8 >/dev/null 2>"$RAW/decode_capture/getrandom.txt"
"$M" --trace pcrread sha1:0+sha256:7 >/dev/null 2>"$RAW/decode_capture/pcrread.txt"
"$M" --trace info >/dev/null 2>"$RAW/decode_capture/info.txt"
echo secret | "$M" --trace seal -o "$RAW/k.pem" 2>"$RAW/decode_capture/seal.txt"
"$M" --trace unseal -i "$RAW/k.pem" >/dev/null 2>"$RAW/decode_capture/unseal.txt" || true
rm -f "$RAW/k.pem"
tcp_tcti=$MTPM_TCTI
swtpm_stop
swtpm_start
unix_tcti=$MTPM_TCTI
swtpm_stop
trap - EXIT INT TERM

# Strings: what the CLI, its tests and tpm2-tools users pass.
mkdir -p "$RAW/tcti" "$RAW/pcr_selection"
i=0
for s in "$tcp_tcti" "$unix_tcti" "device:/dev/tpmrm0" "device:/dev/tpm0" \
	"device" "swtpm:host=127.0.0.1,port=2321" "swtpm" "mssim:host=::1,port=2321" \
	"swtpm:host=localhost" "fd:3" "swtpm:path=/run/swtpm/sock" "bogus:x"; do
	printf '%s' "$s" >"$RAW/tcti/s$i"
	i=$((i + 1))
done
for s in "sha1:0,1,2+sha256:7,16" "sha256:16" "sha256:0,1,2,3,4,5,6,7" \
	"sha256:all" "sha1:all+sha256:all+sha384:all+sha512:all" "sha384:23" \
	"sha999:1" "sha256:24" "sha256:1,,2" "sha256:7+sha1:7"; do
	printf '%s' "$s" >"$RAW/pcr_selection/s$i"
	i=$((i + 1))
done

for s in "authvalue" "password" "commandcode:Unseal" "commandcode:0x15e" \
	"or:$(printf '%064d' 0),$(printf '%064d' 1)" "secret:0x40000001" \
	"secret:0x81000001" "pcr:sha256:0,7" "commandcode:TPM2_CC_NV_Read"; do
	mkdir -p "$RAW/policy_step"
	printf '%s' "$s" >"$RAW/policy_step/s$i"
	i=$((i + 1))
done

# Merge into the committed corpora (adds only inputs with new coverage).
for d in "$RAW"/*/; do
	h=$(basename "$d")
	[ -x "$FUZZ_DIR/fuzz_$h" ] || { echo "seeds.sh: no harness for $h" >&2; exit 1; }
	mkdir -p "fuzz/corpus/$h"
	"$FUZZ_DIR/fuzz_$h" -merge=1 "fuzz/corpus/$h" "$d" 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' || true
done
du -sh fuzz/corpus
