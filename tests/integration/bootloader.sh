#!/bin/sh
# bootloader.sh - the freestanding core, as a bootloader links it, against a
# private swtpm (examples/bootloader/, issue 6 §2). (That the core needs
# nothing from libc beyond mem* is tests/integration/freestanding.sh.)
#   2. the demo is linked -nostdlib: no interpreter, no libc, and its only
#      undefined symbols are none;
#   3. run through the shim against swtpm: GetRandom, PCR_Read (checked
#      against `mtpm pcrread`), Load + Unseal with a password of an object
#      tpm2_create sealed under the SRK (checked against the secret), and
#      nothing left loaded in the TPM;
#   4. a wrong password is refused (the demo fails, prints no secret).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
B=${BUILD:-build}
M=${MTPM:-$TOP/$B/mtpm}

out=$(make --no-print-directory BUILD="$B" bootloader 2>&1) ||
	{ echo "$out" | tail -20 >&2; fail "make bootloader"; finish bootloader; }
D=$B/bootloader/mtpm-boot-demo
S=$B/bootloader/tpm-shim
file "$D" | grep -q 'statically linked' || fail "demo is not a static -nostdlib binary: $(file "$D")"
u=$(nm -u "$D" 2>/dev/null)
expect_eq "$u" "" "undefined symbols in the -nostdlib demo"

trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR
head -c 64 /dev/zero | tpm2_createprimary -Q -C o -g sha256 -G ecc256:aes128cfb \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
	-u - -c "$T/srk.ctx" || fail "createprimary"
tpm2_evictcontrol -Q -C o -c "$T/srk.ctx" 0x81000001 || fail "evictcontrol"
tpm2_flushcontext -t >/dev/null 2>&1
head -c 32 /dev/urandom >"$T/secret"
tpm2_create -Q -C 0x81000001 -p boot-pw -i "$T/secret" -u "$T/obj.pub" -r "$T/obj.priv" ||
	fail "tpm2_create"
tpm2_flushcontext -t >/dev/null 2>&1

"$S" "tcp:$SWTPM_PORT" "$T/obj.pub" "$T/obj.priv" -- "$D" boot-pw >"$T/out" 2>&1 ||
	fail "demo: $(cat "$T/out")"
sed 's/^/  demo: /' "$T/out"
r=$(sed -n 's/^random: //p' "$T/out")
expect_eq "${#r}" 32 "random: 16 bytes in hex"
for p in 0 7; do
	want=$("$M" pcrread "sha256:$p" | awk '/: 0x/ { print tolower(substr($3, 3)) }')
	got=$(sed -n "s/^pcr sha256:$p: //p" "$T/out")
	expect_eq "$got" "$want" "PCR $p as mtpm pcrread reads it"
done
expect_eq "$(sed -n 's/^unsealed: //p' "$T/out")" "$(od -An -tx1 -v "$T/secret" | tr -d ' \n')" \
	"unsealed secret"
left=$({ "$M" handles transient; "$M" handles sessions; } 2>&1)
expect_eq "$left" "" "handles left in the TPM"

# A wrong password: refused, no secret printed, object still flushed.
if "$S" "tcp:$SWTPM_PORT" "$T/obj.pub" "$T/obj.priv" -- "$D" wrong-pw >"$T/bad" 2>&1; then
	fail "demo accepted a wrong password"
fi
grep -q '^error: Unseal' "$T/bad" || fail "wrong password: $(cat "$T/bad")"
grep -q '^unsealed' "$T/bad" && fail "wrong password printed a secret"
left=$({ "$M" handles transient; "$M" handles sessions; } 2>&1)
expect_eq "$left" "" "handles left after the refused unseal"
finish bootloader
