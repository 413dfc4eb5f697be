#!/bin/sh
# capture_srk.sh - capture the TPM2_CreatePrimary frames tpm2-tools sends
# for the TCG SRK templates (ECC P-256 and RSA-2048, AES-128-CFB, unique all
# zeros), for tests/unit/test_srk.c. The ECC command is the one the kernel
# trusted-key vector K1 used to make its SRK (its README, step 1).
#
# Captured with swtpm 0.7.1 / libtpms 0.9.2 and tpm2-tools 5.4 (tpm2-tss
# 3.2.1), Debian 12, on 28 Nov 2026; the frames are in srk_frames.txt. The
# inPublic of each frame does not depend on the TPM state.
#
# Usage: sh tests/unit/golden/capture_srk.sh [port] > srk_frames.txt
set -eu
P=${1:-24731}
D=$(mktemp -d /tmp/mtpm-srkcap.XXXXXX)
swtpm socket --tpm2 --tpmstate dir="$D" \
	--server type=tcp,port="$P",bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((P + 1)),bindaddr=127.0.0.1 \
	--flags not-need-init,startup-clear -d --pid file="$D/pid"
trap 'kill "$(cat "$D/pid")" 2>/dev/null; rm -rf "$D"' EXIT
sleep 0.5
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$P"
A='fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt'
# The CreatePrimary (0x131) command frame from the TSS2_LOG trace, as hex.
frame() {
	awk '/Sending command with TPM_CC 0x131/ { on = 1; next }
	     on && /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]: / { printf "%s", substr($0, 7, 32); got = 1; next }
	     on && got { exit }' "$1" | tr -d ' '
	echo
}
head -c 64 /dev/zero | TSS2_LOG=tcti+trace tpm2_createprimary -C o -g sha256 \
	-G ecc256:aes128cfb -a "$A" -u - -c "$D/e.ctx" >/dev/null 2>"$D/ecc.log"
tpm2_flushcontext -t
head -c 256 /dev/zero | TSS2_LOG=tcti+trace tpm2_createprimary -C o -g sha256 \
	-G rsa2048:aes128cfb -a "$A" -u - -c "$D/r.ctx" >/dev/null 2>"$D/rsa.log"
tpm2_flushcontext -t
printf 'srk_ecc 131 cmd %s' "$(frame "$D/ecc.log")"
echo
printf 'srk_rsa 131 cmd %s' "$(frame "$D/rsa.log")"
echo
