#!/bin/sh
# cli_basic.sh - every foundation CLI command against a private swtpm, with
# tpm2-tools as the oracle where it can read the same thing.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR

# --help for every command exits 0 and prints usage.
for c in getrandom pcrread pcrextend info handles flush startup; do
	out=$("$M" "$c" --help) || fail "$c --help exit $?"
	case $out in usage:*) ;; *) fail "$c --help: no usage line" ;; esac
done

# getrandom: right length, raw and hex; bad N is a usage error (exit 2).
n=$("$M" getrandom 37 | wc -c)
expect_eq "$n" 37 "getrandom 37 raw length"
h=$("$M" getrandom 100 --hex)
expect_eq "${#h}" 200 "getrandom 100 --hex length"
expect_exit 2 "$M" getrandom 0
expect_exit 2 "$M" getrandom 5000
expect_exit 2 "$M" getrandom abc

# pcrread agrees with tpm2_pcrread byte for byte (same layout).
"$M" pcrread sha1:0,1,2+sha256:7,16 >"$T/m.txt" || fail "pcrread"
tpm2_pcrread sha1:0,1,2+sha256:7,16 >"$T/t.txt" || fail "tpm2_pcrread"
cmp "$T/m.txt" "$T/t.txt" || fail "pcrread differs from tpm2_pcrread"
expect_exit 2 "$M" pcrread sha999:1
expect_exit 2 "$M" pcrread sha256:24
expect_exit 2 "$M" pcrread sha256:1,,2
# the default bank, systemd's "+" and ranges print what tpm2_pcrread's
# spelled-out selection prints
"$M" pcrread 0+7 >"$T/m.txt" || fail "pcrread 0+7"
tpm2_pcrread sha256:0,7 >"$T/t.txt"
cmp "$T/m.txt" "$T/t.txt" || fail "pcrread 0+7 differs from tpm2_pcrread sha256:0,7"
"$M" pcrread "sha1:0-3+sha256:7+16-18" >"$T/m.txt" || fail "pcrread ranges"
tpm2_pcrread "sha1:0,1,2,3+sha256:7,16,17,18" >"$T/t.txt"
cmp "$T/m.txt" "$T/t.txt" || fail "pcrread ranges differ from tpm2_pcrread"

# pcrread -o: the values file, byte for byte what tpm2_pcrread -o writes
# (banks in the order given, PCRs ascending, digests concatenated), and
# the same text on stdout; 24 PCRs of a bank (three PCR_Reads) included.
for sel in "sha1:0,1,2+sha256:7,16" "sha256:7,16+sha1:0" "sha256:$(seq -s, 0 23)+sha1:0,7"; do
	msel=$(printf '%s' "$sel" | sed "s/$(seq -s, 0 23)/0-23/")
	"$M" pcrread -o "$T/m.bin" "$msel" >"$T/m.txt" || fail "pcrread -o $msel"
	tpm2_pcrread -o "$T/t.bin" "$sel" >"$T/t.txt" || fail "tpm2_pcrread -o $sel"
	cmp "$T/m.bin" "$T/t.bin" || fail "pcrread -o $msel: file differs from tpm2_pcrread -o"
	cmp "$T/m.txt" "$T/t.txt" || fail "pcrread -o $msel: output differs from tpm2_pcrread"
	rm -f "$T/m.bin" "$T/t.bin"
done
"$M" pcrread -o "$T/m.bin" "sha256:0-23+sha1:0-23" >/dev/null
expect_eq "$(wc -c <"$T/m.bin")" 1248 "pcrread -o sha256:0-23+sha1:0-23 size"
expect_exit 2 "$M" pcrread -o
expect_exit 2 "$M" pcrread sha256:7 -o
expect_exit 2 "$M" pcrread -o "$T/a" -o "$T/b" sha256:7
expect_exit 2 "$M" pcrread -o "$T/x.bin" sha256:7-
[ -e "$T/x.bin" ] && fail "pcrread -o wrote a file for a bad selection"

# pcrextend then pcrread: the value is SHA-256(old || digest), checked by
# openssl and by tpm2_pcrread.
dig=$(printf 'mtpm' | openssl dgst -sha256 -r | cut -c1-64)
"$M" pcrextend "16:sha256=$dig" || fail "pcrextend"
want=$( (head -c 32 /dev/zero; printf '%s' "$dig" | xxd -r -p) | openssl dgst -sha256 -r | cut -c1-64 | tr a-f A-F)
got=$("$M" pcrread sha256:16 | sed -n 's/.*: 0x//p')
expect_eq "$got" "$want" "PCR 16 after extend"
tgot=$(tpm2_pcrread sha256:16 | sed -n 's/.*: 0x//p')
expect_eq "$tgot" "$want" "tpm2_pcrread sees our extend"
expect_exit 2 "$M" pcrextend 16:sha256=00
expect_exit 2 "$M" pcrextend 99:sha256="$dig"

# info names the manufacturer and banks.
"$M" info >"$T/info.txt" || fail "info"
grep -q '^manufacturer: IBM' "$T/info.txt" || fail "info: manufacturer"
grep -q 'sha256(24)' "$T/info.txt" || fail "info: sha256 bank"
grep -q '^max command size: 4096' "$T/info.txt" || fail "info: max command size"

# handles / flush: a primary made by tpm2-tools shows up and goes away.
tpm2_createprimary -C o -c "$T/p.ctx" >/dev/null || fail "tpm2_createprimary"
h=$(tpm2_getcap handles-transient | sed -n 's/^- //p' | head -1)
[ -n "$h" ] || fail "no transient handle from tpm2-tools"
"$M" handles transient | grep -qi "$h" || fail "handles does not list $h"
"$M" flush "$h" || fail "flush $h"
expect_eq "$("$M" handles transient)" "" "transient handles after flush"
tpm2_createprimary -C o -c "$T/p.ctx" >/dev/null
tpm2_createprimary -C o -c "$T/p2.ctx" >/dev/null
"$M" flush --transient || fail "flush --transient"
expect_eq "$("$M" handles transient)" "" "transient handles after flush --transient"
expect_exit 2 "$M" flush 0x81000001
expect_exit 2 "$M" handles bogus

# startup on a started TPM: TPM_RC_INITIALIZE, decoded, exit 1.
err=$("$M" startup 2>&1)
expect_eq "$?" 1 "startup exit"
case $err in *TPM_RC_INITIALIZE*) ;; *) fail "startup: '$err'" ;; esac

# No TPM: exit 3 with a clear message.
expect_exit 3 "$M" -T "swtpm:path=$T/nonexistent.sock" getrandom 1
expect_exit 2 "$M" -T "bogus:x" getrandom 1

finish cli_basic
