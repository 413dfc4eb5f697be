#!/bin/sh
# docs/walkthrough/capture.sh BUILD - record the real conversation the
# walkthrough explains: a persistent ECC SRK at 0x81000001, a 28-byte
# secret sealed to PCR 7, and `mtpm --trace unseal` of it, on a private
# swtpm. Writes docs/walkthrough/unseal.capture (the "> HEX" / "< HEX"
# lines of the trace; mtpm's trace zeroes HMACs and encrypted
# parameters). Run by hand to refresh the capture; make check only
# re-decodes the committed one (tests/integration/walkthrough.sh).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
M="$TOP/${1:-build}/mtpm"
. tests/lib/swtpm.sh
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp
T=$SWTPM_DIR
head -c 64 /dev/zero | tpm2_createprimary -C o -g sha256 -G ecc256:aes128cfb \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
	-u - -c "$T/srk.ctx" >/dev/null
tpm2_evictcontrol -C o -c "$T/srk.ctx" 0x81000001 >/dev/null
tpm2_flushcontext -t >/dev/null
printf 'correct horse battery staple' >"$T/secret"
"$M" seal --pcrs sha256:7 -i "$T/secret" -o "$T/k.pem"
"$M" --trace unseal -i "$T/k.pem" -o "$T/out" 2>"$T/trace.txt"
cmp "$T/out" "$T/secret"
grep -E '^[<>] ' "$T/trace.txt" >docs/walkthrough/unseal.capture
echo "wrote docs/walkthrough/unseal.capture ($(grep -c . docs/walkthrough/unseal.capture) frames)"
