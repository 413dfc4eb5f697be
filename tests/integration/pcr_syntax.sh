#!/bin/sh
# pcr_syntax.sh - the PCR selection syntax every command shares (src/cli/
# util.c: tpm2-tools' "sha1:0+sha256:7", systemd's "0+7", ranges, sha256
# when no bank is named), and the values files `mtpm pcrread -o` writes,
# used where they matter: seal --pcrs SEL=FILE, which must unseal while the
# PCRs hold those values and refuse once they do not - for two PCRs (the
# file tpm2_pcrread -o writes is the same) and for all 24 of a bank.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR

ext() {   # ext PCR TEXT: extend PCR in sha256 with H(TEXT)
	"$M" pcrextend "$1:sha256=$(printf '%s' "$2" | openssl dgst -sha256 -r | cut -c1-64)" ||
		fail "pcrextend $1"
}
ext 0 boot
ext 7 secureboot
head -c 32 /dev/urandom >"$T/secret"

# --- the same selection, spelled every way: one policy digest ----------
want=$("$M" policy pcr:sha256:0,7)
for sel in "0,7" "0+7" "7+0" "sha256:0+7" "sha256:7,0" "0,7,7" "sha256:0,7"; do
	expect_eq "$("$M" policy "pcr:$sel")" "$want" "pcr:$sel"
done
want=$("$M" policy pcr:sha256:0,1,2,3,7)
for sel in "0-3,7" "sha256:0-3,7" "0-3+7" "0-2+3-3,7"; do
	expect_eq "$("$M" policy "pcr:$sel")" "$want" "pcr:$sel"
done
want=$("$M" policy "pcr:sha1:0,7+sha256:7")
for sel in "sha1:0+7+sha256:7" "sha1:7+0+sha256:7" "sha1:0-0,7+sha256:7"; do
	expect_eq "$("$M" policy "pcr:$sel")" "$want" "pcr:$sel"
done
expect_eq "$("$M" policy pcr:0-23)" "$("$M" policy pcr:sha256:all)" "pcr:0-23 is sha256:all"
# and tpm2-tools computes the same for the spelled-out form
tpm2_createpolicy --policy-pcr -l sha256:0,7 -L "$T/p.bin" >/dev/null || fail "tpm2_createpolicy"
"$M" flush --sessions
expect_eq "$("$M" policy pcr:0+7)" "$(xxd -p -c 64 "$T/p.bin")" "pcr:0+7 vs tpm2-tools sha256:0,7"

# --- malformed selections: usage errors, wherever a selection is read --
for sel in "0-" "7-3" "24" "0-24" "sha256:" "+" "0+" "+7" "0++7" "-1" "007" \
	   "99999999999999999999" "sha256:0+sha256:7" "7+sha256:1" "sha9:1" \
	   "sha256:7," "7 " ; do
	expect_exit 2 "$M" policy "pcr:$sel"
	expect_exit 2 "$M" pcrread "$sel"
	expect_exit 2 "$M" seal --pcrs "$sel" -i "$T/secret" -o "$T/never.pem"
done
[ -e "$T/never.pem" ] && fail "a bad selection wrote a key file"
# "all" alone is every allocated bank to pcrread; to a policy it names none
expect_exit 2 "$M" policy pcr:all
expect_exit 0 "$M" pcrread all

# --- pcrread -o: seal to the values in the file, then unseal -----------
"$M" pcrread -o "$T/v07.bin" 0+7 >/dev/null || fail "pcrread -o 0+7"
tpm2_pcrread -o "$T/t07.bin" sha256:0,7 >/dev/null
cmp "$T/v07.bin" "$T/t07.bin" || fail "pcrread -o 0+7 differs from tpm2_pcrread -o sha256:0,7"
"$M" seal --pcrs "sha256:0,7=$T/v07.bin" -i "$T/secret" -o "$T/k07.pem" || fail "seal =FILE"
"$M" unseal -i "$T/k07.pem" -o "$T/out07" || fail "unseal after seal --pcrs sha256:0,7=FILE"
cmp "$T/secret" "$T/out07" || fail "secret after seal with a pcrread -o file"
# systemd's spelling, current values
"$M" seal --pcrs 0+7 -i "$T/secret" -o "$T/k07b.pem" || fail "seal --pcrs 0+7"
"$M" unseal -i "$T/k07b.pem" -o "$T/out07b" || fail "unseal (0+7)"
cmp "$T/secret" "$T/out07b" || fail "secret (0+7)"

# 24 PCRs of a bank: the values file holds 768 bytes, more than one
# PCR_Read returns
"$M" pcrread -o "$T/v24.bin" sha256:0-23 >/dev/null || fail "pcrread -o sha256:0-23"
expect_eq "$(wc -c <"$T/v24.bin")" 768 "24 sha256 values"
"$M" seal --pcrs "sha256:0-23=$T/v24.bin" -i "$T/secret" -o "$T/k24.pem" || fail "seal 24 PCRs =FILE"
"$M" unseal -i "$T/k24.pem" -o "$T/out24" || fail "unseal 24 PCRs"
cmp "$T/secret" "$T/out24" || fail "secret (24 PCRs)"
"$M" seal --pcrs "0-23" -i "$T/secret" -o "$T/k24b.pem" || fail "seal --pcrs 0-23 (current)"
"$M" unseal -i "$T/k24b.pem" -o "$T/out24b" || fail "unseal 0-23 (current)"
cmp "$T/secret" "$T/out24b" || fail "secret (0-23 current)"

# a PCR moves: every one of them refuses (exit 6)
ext 23 later
expect_exit 6 "$M" unseal -i "$T/k24.pem" -o "$T/no1"
expect_exit 6 "$M" unseal -i "$T/k24b.pem" -o "$T/no2"
"$M" unseal -i "$T/k07.pem" -o "$T/out07c" || fail "PCR 23 does not touch a 0,7 seal"
ext 7 more
expect_exit 6 "$M" unseal -i "$T/k07.pem" -o "$T/no3"
[ -e "$T/no1" ] || [ -e "$T/no2" ] || [ -e "$T/no3" ] && fail "a refused unseal wrote output"
# seal for the next boot: a values file that does not match today's PCRs
# seals, and refuses now
expect_exit 6 "$M" unseal -i "$T/k07b.pem" -o "$T/no4"
expect_eq "$("$M" handles transient)$("$M" handles sessions)" "" "left loaded"

finish pcr_syntax
