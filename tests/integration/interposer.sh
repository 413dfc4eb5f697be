#!/bin/sh
# interposer.sh - an active bus interposer against parent trust and PINs
# (issue 10 §1 and §2; threat-model/ T-PARENT-1..5, T-PIN-3).
#
# tests/lib/interposer.py sits between mtpm and a private swtpm. In swap
# mode it replaces the parent's public area (and its Name, consistently)
# in every CreatePrimary and ReadPublic response with a key whose private
# part the attacker holds (an RSA-2048 key, and an ECC P-256 key: the
# translating case). For each way a parent's Name can be trusted (PEM
# record, DER + FILE.name, DER + --parent-name, raw files + --parent-name,
# the pinned-parent file) unseal must exit 9 before any StartAuthSession
# is sent, and neither the secret nor the PIN may appear on the bus. The
# explicit insecure opt-in shows what the protection is worth: with it,
# a salt goes out to the attacker's key.
#
# Then the PolicyPassword edit: a PEM whose PolicyAuthValue (0x16B) is
# rewritten into PolicyPassword (0x18C) keeps its digest; unseal must run
# PolicyAuthValue anyway, and the PIN must not appear on the bus.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
. tests/lib/proxy.sh
M=${MTPM:-$TOP/build/mtpm}
stop_all() {
	proxy_stop
	swtpm_stop
}
trap stop_all EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR
UP=$SWTPM_PORT

clean() {
	left=$("$M" handles transient; "$M" handles sessions)
	[ -z "$left" ] || fail "$1: left in the TPM: $left"
}

# start_proxy [--flip-pcr | PUBFILE]: an interposer on a free port, logging
# to a fresh LOG; sets PT.
start_proxy() {
	LOG=$T/bus.$$.$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	if [ "${1:-}" = --flip-pcr ]; then
		proxy_start "$LOG" --flip-pcr || exit 1
	elif [ $# -gt 0 ]; then
		proxy_start "$LOG" --swap-parent "$1" || exit 1
	else
		proxy_start "$LOG" || exit 1
	fi
}

sent() { grep -c "^cc 0*$(printf %x "$1")\$" "$LOG"; }
on_bus() { grep -qi "$(printf %s "$1" | xxd -p | tr -d '\n')" "$LOG"; }

head -c 32 /dev/urandom >"$T/secret"
SECHEX=$(xxd -p "$T/secret" | tr -d '\n')
printf 'pin-4711-x' >"$T/pin"

# A persistent ECC SRK at 0x81000001 (made by tpm2-tools, the oracle).
head -c 64 /dev/zero | tpm2_createprimary -C o -g sha256 -G ecc256:aes128cfb \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
	-u - -c "$T/srk.ctx" >/dev/null || fail "tpm2_createprimary"
tpm2_evictcontrol -C o -c "$T/srk.ctx" 0x81000001 >/dev/null || fail "tpm2_evictcontrol"
tpm2_flushcontext -t >/dev/null
tpm2_readpublic -c 0x81000001 -n "$T/srk.name" >/dev/null || fail "tpm2_readpublic"
SRKNAME=$(xxd -p "$T/srk.name" | tr -d '\n')

# Enrolment, honest bus.
"$M" seal --parent ecc --pcrs sha256:0 -i "$T/secret" -o "$T/ecc.pem" || fail "seal ecc"
"$M" seal --parent rsa --pcrs sha256:0 -i "$T/secret" -o "$T/rsa.pem" || fail "seal rsa"
"$M" seal --parent 0x81000001 --pcrs sha256:0 --pin-file "$T/pin" -i "$T/secret" --der \
	-o "$T/k.der" 2>"$T/err" || fail "seal --der"
[ "$(cat "$T/k.der.name")" = "$SRKNAME" ] || fail "seal --der wrote no or a wrong FILE.name"
grep -q "k.der.name" "$T/err" || fail "seal --der does not say where the Name went"
"$M" seal --parent 0x81000001 --pcrs sha256:0 -i "$T/secret" --public "$T/o.pub" \
	--private "$T/o.priv" || fail "seal raw"
"$M" parent pin -o "$T/pins" >/dev/null 2>&1 || fail "parent pin"
grep -qx "0x81000001 $SRKNAME" "$T/pins" || fail "parent pin: wrong 0x81000001 entry"
grep -q '^ecc 000b' "$T/pins" && grep -q '^rsa 000b' "$T/pins" || fail "parent pin: SRKs missing"
clean "enrolment"
# A DER copy with no Name beside it: only the pinned file or an option can help.
cp "$T/k.der" "$T/bare.der"
# The honest bus unseals each of them.
"$M" unseal -i "$T/k.der" --pin-file "$T/pin" -o "$T/out" || fail "unseal DER + FILE.name"
cmp -s "$T/out" "$T/secret" || fail "unseal DER: bytes"
rm -f "$T/out"
MTPM_PARENT_NAME_FILE="$T/pins" "$M" unseal -i "$T/bare.der" --pin-file "$T/pin" -o "$T/out" ||
	fail "unseal DER + pinned file"
rm -f "$T/out"
expect_exit 9 "$M" unseal -i "$T/bare.der" --pin-file "$T/pin" -o "$T/out"

for kind in rsa ecc; do
	python3 tests/lib/interposer.py mkpub $kind "$T/evil.pub" >/dev/null || fail "mkpub $kind"
	start_proxy "$T/evil.pub"
	# unseal through the interposer, each trust source: exit 9, no
	# session ever started, nothing secret on the bus.
	for case in pem-ecc pem-rsa der-namefile der-option raw-option pinned; do
		: >"$LOG"
		rm -f "$T/out"
		case $case in
		pem-ecc) "$M" -T "$PT" unseal -i "$T/ecc.pem" -o "$T/out" 2>"$T/err" ;;
		pem-rsa) "$M" -T "$PT" unseal -i "$T/rsa.pem" -o "$T/out" 2>"$T/err" ;;
		der-namefile)
			# k.der's parent public is not recorded: ReadPublic is asked.
			"$M" -T "$PT" unseal -i "$T/k.der" --pin-file "$T/pin" -o "$T/out" 2>"$T/err" ;;
		der-option)
			"$M" -T "$PT" unseal -i "$T/bare.der" --parent-name "$SRKNAME" \
				--pin-file "$T/pin" -o "$T/out" 2>"$T/err" ;;
		raw-option)
			"$M" -T "$PT" unseal --public "$T/o.pub" --private "$T/o.priv" \
				--pcrs sha256:0 --parent-name "$SRKNAME" -o "$T/out" 2>"$T/err" ;;
		pinned)
			MTPM_PARENT_NAME_FILE="$T/pins" "$M" -T "$PT" unseal -i "$T/bare.der" \
				--pin-file "$T/pin" -o "$T/out" 2>"$T/err" ;;
		esac
		rc=$?
		expect_eq "$rc" 9 "$kind/$case: exit"
		grep -q "not the trusted one\|differs" "$T/err" || fail "$kind/$case: message: $(cat "$T/err")"
		[ "$(sent 0x176)" = 0 ] || fail "$kind/$case: a StartAuthSession was sent"
		[ "$(sent 0x157)" = 0 ] || fail "$kind/$case: Load was sent"
		on_bus "$(cat "$T/secret")" && fail "$kind/$case: the secret crossed the bus"
		on_bus "pin-4711-x" && fail "$kind/$case: the PIN crossed the bus"
		[ ! -e "$T/out" ] || fail "$kind/$case: an output file was written"
		clean "$kind/$case"
	done
	# seal with a pinned parent refuses the substitute before Create.
	: >"$LOG"
	MTPM_PARENT_NAME_FILE="$T/pins" "$M" -T "$PT" seal --parent 0x81000001 --pcrs sha256:0 \
		--pin-file "$T/pin" -i "$T/secret" -o "$T/s.pem" 2>/dev/null
	expect_eq "$?" 9 "$kind: seal with a pinned parent: exit"
	[ "$(sent 0x153)" = 0 ] || fail "$kind: seal sent Create"
	[ "$(sent 0x176)" = 0 ] || fail "$kind: seal started a session"
	on_bus "$(cat "$T/secret")" && fail "$kind: seal put the secret on the bus"
	[ ! -e "$T/s.pem" ] || fail "$kind: seal wrote a key file"
	# --like OLD.pem holds a re-seal to the old parent.
	"$M" -T "$PT" seal --like "$T/ecc.pem" --pcrs sha256:0 -i "$T/secret" -o "$T/s.pem" 2>/dev/null
	expect_eq "$?" 9 "$kind: seal --like: exit"
	# The insecure opt-in believes the substitute: the salt goes out to
	# the attacker's key. This is what the default refuses.
	: >"$LOG"
	"$M" -T "$PT" unseal -i "$T/bare.der" --insecure-trust-tpm-parent --pin-file "$T/pin" \
		-o "$T/out" 2>/dev/null
	rc=$?
	[ "$rc" != 0 ] || fail "$kind: insecure unseal through a substitute succeeded"
	[ "$(sent 0x176)" -ge 1 ] || fail "$kind: insecure mode did not even salt (test broken?)"
	clean "$kind/insecure"
done

# Trust on first use (no Name anywhere): seal believes the key presented,
# but only in the template's shape. A substitute whose attributes differ
# (fixedTPM clear) is refused before Create (exit 4), whatever its Name.
python3 tests/lib/interposer.py mkpub ecc-weak "$T/weak.pub" >/dev/null || fail "mkpub ecc-weak"
start_proxy "$T/weak.pub"
: >"$LOG"
"$M" -T "$PT" seal --parent ecc --pcrs sha256:0 -i "$T/secret" -o "$T/tofu.pem" 2>"$T/err"
expect_eq "$?" 4 "TOFU seal to a primary not of the template: exit"
[ "$(sent 0x153)" = 0 ] || fail "TOFU seal sent Create to a substitute not of the template"
[ ! -e "$T/tofu.pem" ] || fail "TOFU seal wrote a key file"
clean "TOFU template check"

# The honest interposer (no swap) changes nothing: the same files unseal.
start_proxy
"$M" -T "$PT" unseal -i "$T/ecc.pem" -o "$T/out2" || fail "unseal through a plain relay"
cmp -s "$T/out2" "$T/secret" || fail "plain relay: bytes"

# PCR values read for sealing: with a trusted parent they are read under an
# audit session salted to it, and an interposer that changes them is
# caught (exit 4) before anything is sealed.
start_proxy --flip-pcr
: >"$LOG"
MTPM_PARENT_NAME_FILE="$T/pins" "$M" -T "$PT" seal --parent 0x81000001 --pcrs sha256:0,7 \
	-i "$T/secret" -o "$T/flip.pem" 2>"$T/err"
expect_eq "$?" 4 "seal with PCR values changed on the bus: exit"
[ "$(sent 0x153)" = 0 ] || fail "seal sent Create after forged PCR values"
[ ! -e "$T/flip.pem" ] || fail "seal wrote a key file from forged PCR values"
clean "forged PCR values"
start_proxy
: >"$LOG"
MTPM_PARENT_NAME_FILE="$T/pins" "$M" -T "$PT" seal --parent 0x81000001 --pcrs sha256:0,7 \
	-i "$T/secret" -o "$T/audited.pem" || fail "seal with audited PCR values"
grep -q '^> 8002.\{8\}0000017e' "$LOG" || fail "PCR_Read was not sent with a session"
"$M" unseal -i "$T/audited.pem" -o "$T/out4" || fail "unseal of an audited seal"
cmp -s "$T/out4" "$T/secret" || fail "audited seal: bytes"

# PolicyPassword edit: 0x16B -> 0x18C inside the PEM's DER. Same digest,
# so the TPM accepts it; mtpm must still keep the PIN off the bus.
"$M" seal --parent ecc --pcrs sha256:0 --pin-file "$T/pin" -i "$T/secret" -o "$T/pin.pem" ||
	fail "seal with PIN"
python3 - "$T/pin.pem" "$T/pw.pem" <<'EOF' || fail "could not edit the key file"
import base64, sys
src = open(sys.argv[1]).read()
head, rest = src.split("-----BEGIN TSS2 PRIVATE KEY-----\n")
body, tail = rest.split("-----END TSS2 PRIVATE KEY-----")
der = base64.b64decode("".join(body.split()))
old = bytes.fromhex("a0040202016b")   # [0] commandCode INTEGER 0x016B
assert der.count(old) == 1, "no single PolicyAuthValue step"
der = der.replace(old, bytes.fromhex("a0040202018c"))
b = base64.b64encode(der).decode()
lines = "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
open(sys.argv[2], "w").write(head + "-----BEGIN TSS2 PRIVATE KEY-----\n" + lines +
                             "\n-----END TSS2 PRIVATE KEY-----" + tail)
EOF
"$M" decode --help >/dev/null 2>&1
: >"$LOG"
"$M" -T "$PT" unseal -i "$T/pw.pem" --pin-file "$T/pin" -o "$T/out3" ||
	fail "unseal of the PolicyPassword edit"
cmp -s "$T/out3" "$T/secret" || fail "PolicyPassword edit: bytes"
[ "$(sent 0x18c)" = 0 ] || fail "PolicyPassword was sent"
[ "$(sent 0x16b)" = 1 ] || fail "PolicyAuthValue was not sent in its place"
on_bus "pin-4711-x" && fail "the PIN crossed the bus in clear"
on_bus "$(cat "$T/secret")" && fail "the secret crossed the bus"
clean "PolicyPassword edit"
# The control: the plain PEM shows the grep would see a PIN in clear.
printf 'pin-4711-x' | xxd -p | grep -qi 70696e2d34373131 || fail "grep control"

finish interposer
