#!/bin/sh
# capture.sh - regenerate the golden TPM wire bytes used by test_marshal.c.
#
# Starts a private swtpm on a fresh state dir, runs tpm2-tools commands with
# the TCTI trace on (TSS2_LOG=tcti+trace prints every command and response
# frame as hex), and turns the frames into marshal_golden.h with
# capture_frames.py. The frames are the TPM's own bytes: nothing here is
# produced by mtpm.
#
# Captured with swtpm 0.7.1 / libtpms 0.9.2 and tpm2-tools 5.4 (tpm2-tss
# 3.2.1), Debian 12. The TPM state is fresh each run, so keys, nonces and
# signatures differ between runs; the layouts do not.
#
# Usage: sh tests/unit/golden/capture.sh [port]   (writes next to itself)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
P=${1:-23641}
D=$(mktemp -d /tmp/mtpm-golden.XXXXXX)
swtpm socket --tpm2 --tpmstate dir="$D" \
	--server type=tcp,port="$P",bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((P + 1)),bindaddr=127.0.0.1 \
	--flags not-need-init,startup-clear -d --pid file="$D/pid"
trap 'kill "$(cat "$D/pid")" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$D"' EXIT
sleep 0.5
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$P"
cd "$D"
log() { name=$1; shift; echo "=== STEP $name" >>trace.log; TSS2_LOG=tcti+trace "$@" >>out.log 2>>trace.log
	tpm2_flushcontext -t >/dev/null 2>&1; }

# ECC SRK-like primary: TPM2B_PUBLIC (ECC), creation data, ticket, name;
# ContextSave gives a TPMS_CONTEXT.
log ecc_primary tpm2_createprimary -C o -G ecc256:aes128cfb -c ecc.ctx -o ecc_pub.bin
# RSA primary (RSA public, keyBits 2048, exponent 0).
log rsa_primary tpm2_createprimary -C o -G rsa2048:aes128cfb -c rsa.ctx
# Sealed data object under the ECC primary: TPM2B_SENSITIVE_CREATE with
# userAuth and data in the command; KEYEDHASH public, TPM2B_PRIVATE.
printf 'mtpm golden sealed secret' >secret.bin
log seal tpm2_create -C ecc.ctx -p sealauth -i secret.bin -u seal.pub -r seal.priv
# Signing keys and signatures (TPMT_SIGNATURE RSASSA and ECDSA, TK_HASHCHECK).
log ecc_sign_key tpm2_create -C ecc.ctx -G ecc256:ecdsa-sha256 -u ecs.pub -r ecs.priv -c ecs.ctx
log rsa_sign_key tpm2_create -C ecc.ctx -G rsa2048:rsassa-sha256:null -u rss.pub -r rss.priv -c rss.ctx
log hmac_key tpm2_create -C ecc.ctx -G hmac -u hm.pub -r hm.priv
log aes_key tpm2_create -C ecc.ctx -G aes128cfb -u aes.pub -r aes.priv
printf 'message to sign' >msg.bin
log ecc_sign tpm2_sign -c ecs.ctx -g sha256 -o ecs.sig msg.bin
log rsa_sign tpm2_sign -c rss.ctx -g sha256 -o rss.sig msg.bin
# ECDH_KeyGen: two TPM2B_ECC_POINTs.
log ecdh tpm2_ecdhkeygen -c ecc.ctx -u ecdh_pub.bin -o ecdh_z.bin
# PCRs: PCR_Extend carries TPML_DIGEST_VALUES; PCR_Read returns
# TPML_PCR_SELECTION + TPML_DIGEST.
log pcrextend tpm2_pcrextend 16:sha1=000102030405060708090a0b0c0d0e0f10111213,sha256=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
log pcrread tpm2_pcrread sha1:0,1,2,16+sha256:0,1,2,16
# Capabilities: TPMS_CAPABILITY_DATA for each selector mtpm decodes.
log cap_algs tpm2_getcap algorithms
log cap_commands tpm2_getcap commands
log cap_pcrs tpm2_getcap pcrs
log cap_props tpm2_getcap properties-fixed
log cap_curves tpm2_getcap ecc-curves
log cap_handles tpm2_getcap handles-transient
# NV: TPM2B_NV_PUBLIC and TPM2B_MAX_NV_BUFFER.
log nvdefine tpm2_nvdefine 0x01500016 -C o -s 16 -a 'ownerread|ownerwrite|authread|authwrite'
printf '0123456789abcdef' >nv.bin
log nvwrite tpm2_nvwrite 0x01500016 -C o -i nv.bin
log nvreadpublic tpm2_nvreadpublic 0x01500016
log nvread tpm2_nvread 0x01500016 -C o -s 16
tpm2_shutdown >/dev/null 2>&1 || true

cp ecc_pub.bin "$HERE/ecc_primary.pub"
cp seal.pub "$HERE/seal.pub"
cp seal.priv "$HERE/seal.priv"
cp ecs.sig "$HERE/ecdsa.sig"
cp rss.sig "$HERE/rsassa.sig"
python3 "$HERE/capture_frames.py" trace.log >"$HERE/frames.txt"
python3 "$HERE/gen_golden.py" >"$HERE/marshal_golden.h"
