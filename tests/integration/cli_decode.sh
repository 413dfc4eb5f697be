#!/bin/sh
# cli_decode.sh - `mtpm decode` and `mtpm --trace` on frames captured from
# a private swtpm: field offsets, captures read back, swtpm's own log,
# hostile input (truncations, random bytes, huge sizes) and usage errors.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
trap 'swtpm_stop; [ -n "${LOGD:-}" ] && rm -rf "$LOGD"' EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR

# --help, usage errors (2), unreadable input (5).
out=$("$M" decode --help) || fail "decode --help exit $?"
case $out in usage:*) ;; *) fail "decode --help: no usage line" ;; esac
expect_exit 2 "$M" decode --bogus
expect_exit 2 "$M" decode --response --cc NoSuchCommand
expect_exit 2 "$M" decode --command --cc GetRandom
expect_exit 5 "$M" decode "$T/does-not-exist"

# A known GetRandom command: bytesRequested = 8 at offset 10, length 2.
echo 80010000000c0000017b0008 | "$M" decode --command >"$T/gr.txt" || fail "decode GetRandom"
got=$(awk '$1 == 10 && $2 == 2 && $3 == "bytesRequested:" { print $NF }' "$T/gr.txt")
expect_eq "$got" 8 "bytesRequested at offset 10 length 2"
grep -q 'Part 3 §16.1' "$T/gr.txt" || fail "no Part 3 reference"
awk '$1 == 6 && $2 == 4 && /commandCode: TPM_CC = TPM_CC_GetRandom \(0x0000017b\)/' "$T/gr.txt" |
	grep -q . || fail "commandCode line"
# The same frame in binary decodes the same.
echo 80010000000c0000017b0008 | xxd -r -p >"$T/gr.bin"
"$M" decode --command "$T/gr.bin" >"$T/gr2.txt" || fail "decode binary"
cmp -s "$T/gr.txt" "$T/gr2.txt" || fail "binary and hex decodes differ"

# --trace on real commands: a capture that decodes back, every frame.
"$M" --trace getrandom 16 --hex >/dev/null 2>"$T/trace.txt" || fail "trace getrandom"
MTPM_TRACE=1 "$M" pcrread sha256:0,1 >/dev/null 2>>"$T/trace.txt" || fail "trace pcrread"
dig=$(printf 'decode' | openssl dgst -sha256 -r | cut -c1-64)
"$M" --trace pcrextend "16:sha256=$dig" 2>>"$T/trace.txt" || fail "trace pcrextend"
"$M" --trace info >/dev/null 2>>"$T/trace.txt" || fail "trace info"
n=$(grep -c '^[<>] ' "$T/trace.txt")
[ "$n" -ge 10 ] || fail "only $n frames traced"
grep -q '^# TPM2_GetRandom response (Part 3 §16.1)' "$T/trace.txt" || fail "trace: GetRandom response"
grep -q 'randomBytes: TPM2B_DIGEST size=16 = ' "$T/trace.txt" || fail "trace: randomBytes"
grep -q "digest: TPMU_HA = $dig" "$T/trace.txt" || fail "trace: the extended digest"
grep -q 'hmac (password): TPM2B_AUTH size=0 = (empty)' "$T/trace.txt" || fail "trace: password auth"
grep -q 'capability: TPM_CAP = TPM_CAP_TPM_PROPERTIES' "$T/trace.txt" || fail "trace: GetCapability"
if grep -q '!!' "$T/trace.txt"; then fail "trace has parse errors"; fi
"$M" decode "$T/trace.txt" >"$T/replay.txt" || fail "decode of the trace exit $?"
tail -1 "$T/replay.txt" | grep -q "== $n frame(s), 0 did not parse" || fail "replay: $(tail -1 "$T/replay.txt")"

# A response decoded alone, paired by --cc; an error response.
r=$(grep '^< ' "$T/trace.txt" | head -1 | cut -c3-)
echo "$r" | "$M" decode --response --cc TPM2_GetRandom | grep -q 'randomBytes: TPM2B_DIGEST size=16' ||
	fail "response with --cc"
echo 80010000000a00000100 | "$M" decode --response --cc 0x144 | grep -q 'TPM_RC_INITIALIZE' ||
	fail "error response code"

# swtpm's own log (level 20) is a capture too.
LOGD=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-declog.XXXXXX")
if swtpm socket --tpm2 --tpmstate "dir=$LOGD" --server "type=unixio,path=$LOGD/sock" \
	--ctrl "type=unixio,path=$LOGD/ctrl" --flags not-need-init,startup-clear \
	--pid "file=$LOGD/pid" --log "file=$LOGD/log,level=20" -d; then
	"$M" -T "swtpm:path=$LOGD/sock,ctrl=$LOGD/ctrl" getrandom 8 >/dev/null || fail "getrandom (log)"
	"$M" -T "swtpm:path=$LOGD/sock,ctrl=$LOGD/ctrl" pcrread sha1:0 >/dev/null || fail "pcrread (log)"
	p=$(cat "$LOGD/pid")
	tr '\000' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$LOGD" && kill "$p"
	"$M" decode "$LOGD/log" >"$T/log.txt" || fail "decode swtpm log exit $?"
	grep -q 'TPM2_PCR_Read response (Part 3 §22.4)' "$T/log.txt" || fail "swtpm log: PCR_Read"
	grep -q 'pcrValues: TPML_DIGEST' "$T/log.txt" || fail "swtpm log: pcrValues"
else
	fail "could not start a logging swtpm"
fi

# Hostile input: every truncation of a real CreatePrimary command is
# exit 5 with the offset named; random bytes and huge sizes never crash.
c=$(grep '^> 8002[0-9a-f]\{8\}00000131' "$T/trace.txt" | head -1 | cut -c3-)
[ -z "$c" ] && c=$(grep '^ecc_primary 131 cmd' tests/unit/golden/frames.txt | cut -d' ' -f4)
len=$((${#c} / 2))
L=0
while [ "$L" -lt "$len" ]; do
	if [ "$L" = 0 ]; then part=; else part=$(printf '%s' "$c" | cut -c1-$((2 * L))); fi
	printf '%s' "$part" | "$M" decode --command >/dev/null 2>"$T/err.txt"
	rc=$?
	[ "$rc" = 5 ] || fail "truncated to $L bytes: exit $rc"
	grep -q 'offset [0-9]' "$T/err.txt" || fail "truncated to $L: no offset in '$(cat "$T/err.txt")'"
	L=$((L + 1))
done
printf '%s' "$c" | "$M" decode --command >/dev/null || fail "the whole frame"
i=0
while [ "$i" -lt 40 ]; do
	head -c $((i * 37 + 1)) /dev/urandom >"$T/rnd.bin"
	"$M" decode "$T/rnd.bin" >/dev/null 2>&1
	rc=$?
	case $rc in 0 | 5) ;; *) fail "random input $i: exit $rc" ;; esac
	"$M" decode --response --cc CreatePrimary "$T/rnd.bin" >/dev/null 2>&1
	rc=$?
	case $rc in 0 | 5) ;; *) fail "random response $i: exit $rc" ;; esac
	i=$((i + 1))
done
echo 8001ffffffff0000017b0008 | "$M" decode --command >"$T/huge.txt" 2>"$T/err.txt"
expect_eq "$?" 5 "huge commandSize exit"
grep -q 'commandSize 4294967295 but the frame has 12 bytes' "$T/huge.txt" || fail "huge size not named"
echo 8002000000200000015e80000000ffffffff | "$M" decode --command >"$T/auth.txt" 2>"$T/err.txt"
expect_eq "$?" 5 "huge authorizationSize exit"
grep -q 'does not parse at offset 14: authorizationSize 4294967295' "$T/auth.txt" ||
	fail "huge authorizationSize: $(cat "$T/auth.txt")"
expect_exit 5 sh -c "echo 80010000000c0000017b00zz | '$M' decode --command"
expect_exit 5 sh -c "printf '' | '$M' decode"

finish cli_decode
