#!/bin/sh
# seal.sh - mtpm seal / unseal end to end on a private swtpm: every policy
# kind, PINs and lockout, both parents, tpm2-tools interop both ways, the
# kernel's vector, every failure class with its exit code, and no handle
# left in the TPM after any of them.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
V=/work/shared/vectors/kernel-trusted-key
[ -d "$V" ] || V=$TOP/../shared/vectors/kernel-trusted-key
trap swtpm_stop EXIT INT TERM
swtpm_start --tcp || exit 1
T=$SWTPM_DIR

clean() {   # nothing may stay loaded after any command, good or bad
	left=$("$M" handles transient; "$M" handles sessions)
	[ -z "$left" ] || fail "$1: left in the TPM: $left"
}
same() { cmp -s "$1" "$2" || fail "$3: unsealed bytes differ"; }

head -c 32 /dev/urandom >"$T/secret"
printf '4711\n' >"$T/pin"
printf '0000\n' >"$T/badpin"

# 1. PCR policy, current values; refused after an extend, naming the PCR.
"$M" seal --pcrs sha256:0,7 -i "$T/secret" -o "$T/pcr.pem" || fail "seal --pcrs"
clean "seal --pcrs"
[ "$(stat -c %a "$T/pcr.pem")" = 600 ] || fail "key file mode is not 0600"
grep -q '^mtpm-parent-name: 000b' "$T/pcr.pem" || fail "no parent name recorded"
"$M" unseal -i "$T/pcr.pem" --force -o "$T/out" || fail "unseal pcr"
same "$T/out" "$T/secret" "unseal pcr"
[ "$(stat -c %a "$T/out")" = 600 ] || fail "secret file mode is not 0600"
"$M" unseal -i "$T/pcr.pem" >"$T/out2" || fail "unseal to a pipe"
same "$T/out2" "$T/secret" "unseal to stdout"
"$M" pcrextend "7:sha256=$(printf x | openssl dgst -sha256 -r | cut -c1-64)"
err=$("$M" unseal -i "$T/pcr.pem" -o "$T/out3" 2>&1)
expect_eq "$?" 6 "unseal after extend: exit"
case $err in *"changed since sealing: sha256:7"*) ;; *) fail "no PCR named: $err" ;; esac
case $err in *"sha256:0"*) fail "PCR 0 did not change: $err" ;; esac
[ ! -s "$T/out3" ] || fail "a refused unseal wrote bytes"
clean "refused unseal"

# 2. Values from a file: seal to the next boot's PCR 7.
tpm2_pcrread -o "$T/now.bin" sha256:7 >/dev/null
"$M" seal --pcrs "sha256:7=$T/now.bin" -i "$T/secret" -o "$T/file.pem" || fail "seal --pcrs =FILE"
"$M" unseal -i "$T/file.pem" --force -o "$T/out" || fail "unseal =FILE"
same "$T/out" "$T/secret" "unseal =FILE"
head -c 31 "$T/now.bin" >"$T/short.bin"
expect_exit 2 "$M" seal --pcrs "sha256:7=$T/short.bin" -i "$T/secret" -o "$T/x.pem"

# 3. PIN: right, wrong, lockout (with the DA parameters lowered).
"$M" seal --pcrs sha256:0 --pin-file "$T/pin" -i "$T/secret" -o "$T/pin.pem" || fail "seal --pin"
"$M" unseal -i "$T/pin.pem" --pin-file "$T/pin" --force -o "$T/out" || fail "unseal right PIN"
same "$T/out" "$T/secret" "unseal with PIN"
printf '4711' | "$M" unseal -i "$T/pin.pem" --pin-fd 0 --force -o "$T/out" 2>/dev/null ||
	fail "unseal PIN from fd"
err=$("$M" unseal -i "$T/pin.pem" --pin-file "$T/badpin" --force -o "$T/out" 2>&1)
expect_eq "$?" 7 "wrong PIN: exit"
case $err in *"tries left before the TPM locks out"*) ;; *) fail "wrong PIN: no tries left: $err" ;; esac
# A PIN for a key that has none is its own error, before the TPM is asked.
err=$("$M" unseal -i "$T/pcr.pem" --pin-file "$T/pin" --force -o "$T/out" 2>&1)
expect_eq "$?" 2 "PIN for a PIN-less key: exit"
case $err in *"has no PIN"*) ;; *) fail "PIN for a PIN-less key: $err" ;; esac
clean "wrong PIN"
tpm2_dictionarylockout -s -n 2 -t 600 -l 600 >/dev/null || fail "tpm2_dictionarylockout -s"
"$M" unseal -i "$T/pin.pem" --pin-file "$T/badpin" --force -o "$T/out" 2>/dev/null
"$M" unseal -i "$T/pin.pem" --pin-file "$T/badpin" --force -o "$T/out" 2>/dev/null
err=$("$M" unseal -i "$T/pin.pem" --pin-file "$T/pin" --force -o "$T/out" 2>&1)
expect_eq "$?" 8 "unseal in lockout: exit"
case $err in *"retry in"*) ;; *) fail "lockout message says nothing of when: $err" ;; esac
clean "lockout"
tpm2_dictionarylockout -c >/dev/null || fail "tpm2_dictionarylockout -c"
tpm2_dictionarylockout -s -n 32 -t 1 -l 1 >/dev/null
# The PIN never crossed the bus: it only keyed HMACs (checked byte-wise in
# it_seal.c); here the argv rule: there is no option that takes a PIN.
expect_exit 2 "$M" unseal -i "$T/pin.pem" --pin 4711

# 4. Parents: transient RSA, persistent ECC at 0x81000001 (tpm2-tools made).
"$M" seal --parent rsa --pcrs sha256:1 -i "$T/secret" -o "$T/rsa.pem" || fail "seal --parent rsa"
"$M" unseal -i "$T/rsa.pem" --force -o "$T/out" || fail "unseal rsa parent"
same "$T/out" "$T/secret" "rsa parent"
head -c 64 /dev/zero | tpm2_createprimary -C o -g sha256 -G ecc256:aes128cfb \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
	-u - -c "$T/srk.ctx" >/dev/null || fail "tpm2_createprimary"
tpm2_evictcontrol -C o -c "$T/srk.ctx" 0x81000001 >/dev/null || fail "evictcontrol"
tpm2_flushcontext -t >/dev/null
tpm2_readpublic -c 0x81000001 -n "$T/srk.name" >/dev/null
"$M" seal --pcrs sha256:7 -i "$T/secret" -o "$T/p.pem" --public "$T/p.pub" --private "$T/p.priv" ||
	fail "seal under persistent parent"
want=$(xxd -p -c 64 "$T/srk.name")
grep -q "^mtpm-parent-name: $want\$" "$T/p.pem" || fail "auto parent is not 0x81000001's Name"
"$M" unseal -i "$T/p.pem" --force -o "$T/out" || fail "unseal persistent parent"
same "$T/out" "$T/secret" "persistent parent"
clean "persistent parent"
# A PEM whose recorded parent (Name and public, edited consistently) is not
# the key at 0x81000001: with a PIN, the salted session that authorizes
# Load fails there, before the PIN keys an HMAC: exit 9, not "wrong PIN",
# and the dictionary-attack counter does not move.
"$M" seal --parent 0x81000001 --pcrs sha256:7 --pin-file "$T/pin" -i "$T/secret" \
	-o "$T/pp.pem" || fail "seal persistent + PIN"
grep '^mtpm-parent-' "$T/rsa.pem" >"$T/other.lines"
{ cat "$T/other.lines"; grep -v '^mtpm-parent-' "$T/pp.pem"; } >"$T/swapped.pem"
lc() { tpm2_getcap properties-variable | sed -n 's/^ *lockoutCounter: *//p'; }
before=$(lc)
err=$("$M" unseal -i "$T/swapped.pem" --pin-file "$T/pin" -o "$T/nope" 2>&1)
expect_eq "$?" 9 "recorded parent is another key, with PIN: exit"
case $err in *"wrong PIN"*) fail "a wrong parent reported as a wrong PIN: $err" ;; esac
expect_eq "$(lc)" "$before" "wrong parent: lockout counter"
# The same without a PIN (policy only): the Unseal HMAC fails, exit 9.
{ cat "$T/other.lines"; grep -v '^mtpm-parent-' "$T/p.pem"; } >"$T/swapped2.pem"
expect_exit 9 "$M" unseal -i "$T/swapped2.pem" -o "$T/nope"
# --parent-name that disagrees with the file's record: 9, nothing sent.
expect_exit 9 "$M" unseal -i "$T/p.pem" --parent-name "000b$(printf y | openssl dgst -sha256 -r | cut -c1-64)" -o "$T/nope"
[ ! -e "$T/nope" ] || fail "a refused unseal wrote a file"
clean "wrong recorded parent"

# 5. tpm2-tools unseals what mtpm sealed ...
tpm2_load -C 0x81000001 -u "$T/p.pub" -r "$T/p.priv" -c "$T/o.ctx" >/dev/null || fail "tpm2_load of mtpm's object"
tpm2_unseal -c "$T/o.ctx" -p pcr:sha256:7 -o "$T/tout" || fail "tpm2_unseal of mtpm's object"
same "$T/tout" "$T/secret" "tpm2_unseal"
tpm2_flushcontext -t >/dev/null
# tpm2_unseal -p pcr: leaves its policy session without a resource manager;
# that one is tpm2-tools', not ours.
"$M" flush --sessions
# ... and mtpm unseals what tpm2-tools sealed with tpm2_createpolicy.
tpm2_createpolicy --policy-pcr -l sha256:7 -L "$T/tpol" >/dev/null || fail "tpm2_createpolicy"
"$M" flush --sessions   # tpm2-tools' trial session, as above
tpm2_create -C 0x81000001 -L "$T/tpol" -a 'fixedtpm|fixedparent' -i "$T/secret" \
	-u "$T/t.pub" -r "$T/t.priv" >/dev/null || fail "tpm2_create"
# Raw files record no parent: unseal refuses without a trusted Name (exit 9)
# and takes it from --parent-name, here read by tpm2-tools.
expect_exit 9 "$M" unseal --public "$T/t.pub" --private "$T/t.priv" --pcrs sha256:7 -o "$T/nope"
[ ! -e "$T/nope" ] || fail "a refused unseal wrote a file"
tpm2_readpublic -c 0x81000001 -n "$T/srk.name" >/dev/null || fail "tpm2_readpublic -n"
srkname=$(xxd -p "$T/srk.name" | tr -d '\n')
"$M" unseal --public "$T/t.pub" --private "$T/t.priv" --pcrs sha256:7 --parent-name "$srkname" \
	--force -o "$T/out" || fail "mtpm unseal of tpm2-tools' object"
same "$T/out" "$T/secret" "mtpm unseal of tpm2_create"
# Raw files: the policy the options give is checked offline against the
# object's authPolicy, and the message names both digests.
err=$("$M" unseal --public "$T/t.pub" --private "$T/t.priv" --parent-name "$srkname" -o "$T/nope" 2>&1)
expect_eq "$?" 6 "raw files without --pcrs: exit"
case $err in *"give --pcrs"*) ;; *) fail "raw without --pcrs: $err" ;; esac
err=$("$M" unseal --public "$T/t.pub" --private "$T/t.priv" --pcrs 0,7 --parent-name "$srkname" -o "$T/nope" 2>&1)
expect_eq "$?" 6 "raw files, wrong selection: exit"
case $err in *"--pcrs 0,7 gives "*", the object needs $(xxd -p -c 64 "$T/tpol")"*) ;;
	*) fail "raw, wrong selection: $err" ;; esac
[ ! -e "$T/nope" ] || fail "a refused raw unseal wrote a file"
# A transient parent for raw files.
"$M" seal --parent rsa --pcrs sha256:7 -i "$T/secret" --public "$T/r.pub" --private "$T/r.priv" ||
	fail "seal raw, rsa parent"
rsaname=$("$M" parent name --parent rsa) || fail "parent name --parent rsa"
"$M" unseal --public "$T/r.pub" --private "$T/r.priv" --parent rsa --pcrs sha256:7 \
	--parent-name "$rsaname" --force -o "$T/out" || fail "unseal raw, --parent rsa"
same "$T/out" "$T/secret" "raw, transient rsa parent"
clean "interop"

# 6. PolicyOR: today's PCR 7 or tomorrow's.
tpm2_pcrread -o "$T/old.bin" sha256:7 >/dev/null
dig=$(printf 'next-kernel' | openssl dgst -sha256 -r | cut -c1-64)
new=$( (cat "$T/old.bin"; printf '%s' "$dig" | xxd -r -p) | openssl dgst -sha256 -binary | xxd -p -c 64)
printf '%s' "$new" | xxd -r -p >"$T/new.bin"
"$M" seal --pcrs "sha256:7=$T/old.bin" --or "sha256:7=$T/new.bin" -i "$T/secret" -o "$T/or.pem" ||
	fail "seal --or"
"$M" unseal -i "$T/or.pem" --force -o "$T/out" || fail "unseal OR, old state"
"$M" pcrextend "7:sha256=$dig"
"$M" unseal -i "$T/or.pem" --force -o "$T/out" || fail "unseal OR, new state"
same "$T/out" "$T/secret" "unseal OR"
"$M" pcrextend "7:sha256=$dig"
expect_exit 6 "$M" unseal -i "$T/or.pem" --force -o "$T/out"
clean "OR"

# 7. Signed policies (PolicyAuthorize) with an EC and an RSA owner key.
for kind in ec rsa; do
	if [ $kind = ec ]; then
		openssl ecparam -name prime256v1 -genkey -noout -out "$T/owner.key" 2>/dev/null
	else
		openssl genrsa -out "$T/owner.key" 2048 2>/dev/null
	fi
	openssl pkey -in "$T/owner.key" -pubout -out "$T/owner.pub" 2>/dev/null
	"$M" seal --authorize "$T/owner.pub" -i "$T/secret" --force -o "$T/auth.pem" || fail "$kind: seal --authorize"
	expect_exit 6 "$M" unseal -i "$T/auth.pem" --force -o "$T/out"
	"$M" policy sign --key "$T/owner.key" pcr:sha256:7 --add "$T/auth.pem" || fail "$kind: policy sign"
	"$M" unseal -i "$T/auth.pem" --force -o "$T/out" || fail "$kind: unseal signed policy"
	same "$T/out" "$T/secret" "$kind: signed policy"
	"$M" pcrextend "7:sha256=$dig"
	expect_exit 6 "$M" unseal -i "$T/auth.pem" --force -o "$T/out"
	"$M" policy sign --key "$T/owner.key" pcr:sha256:7 --add "$T/auth.pem" || fail "$kind: sign new state"
	"$M" unseal -i "$T/auth.pem" --force -o "$T/out" || fail "$kind: unseal after re-signing"
	same "$T/out" "$T/secret" "$kind: re-signed"
	clean "$kind signed"
done
openssl ecparam -name prime256v1 -genkey -noout -out "$T/other.key" 2>/dev/null
expect_exit 2 "$M" policy sign --key "$T/other.key" pcr:sha256:7 --add "$T/auth.pem"

# 8. The kernel's trusted key, in its three encodings (own TPM state).
(
	unset SWTPM_PID SWTPM_DIR SWTPM_PORT MTPM_TCTI TPM2TOOLS_TCTI
	trap swtpm_stop EXIT
	swtpm_start --state "$V" || exit 1
	# The kernel's key files record no parent Name: refused without one,
	# unsealed with --parent-name, or with the Name pinned in a file.
	vname=$(xxd -p "$V/srk.name" | tr -d '\n')
	printf '0x81000001 %s\n' "$vname" >"$SWTPM_DIR/parents"
	printf '0x81000001 000b%s\n' "$(printf x | openssl dgst -sha256 -r | cut -c1-64)" \
		>"$SWTPM_DIR/badparents"
	for f in blob.pem blob.der blob.hex; do
		rm -f "$SWTPM_DIR/k.bin"
		"$M" unseal -i "$V/$f" -o "$SWTPM_DIR/k.bin" 2>"$SWTPM_DIR/err"
		rc=$?
		[ $rc = 9 ] || { echo "kernel $f without a trusted Name: exit $rc" >&2; exit 1; }
		grep -q -- "--parent-name" "$SWTPM_DIR/err" ||
			{ echo "kernel $f: the error does not say how to supply a Name" >&2; exit 1; }
		[ ! -e "$SWTPM_DIR/k.bin" ] || exit 1
		"$M" unseal -i "$V/$f" --parent-name "$vname" -o "$SWTPM_DIR/k.bin" ||
			{ echo "kernel $f" >&2; exit 1; }
		cmp -s "$SWTPM_DIR/k.bin" "$V/expected.bin" || { echo "kernel $f bytes" >&2; exit 1; }
		MTPM_PARENT_NAME_FILE="$SWTPM_DIR/parents" "$M" unseal -i "$V/$f" --force \
			-o "$SWTPM_DIR/k.bin" || { echo "kernel $f, pinned" >&2; exit 1; }
		cmp -s "$SWTPM_DIR/k.bin" "$V/expected.bin" || { echo "kernel $f bytes" >&2; exit 1; }
		MTPM_PARENT_NAME_FILE="$SWTPM_DIR/badparents" "$M" unseal -i "$V/$f" --force \
			-o "$SWTPM_DIR/k2.bin" 2>/dev/null
		rc=$?
		[ $rc = 9 ] || { echo "kernel $f, wrong pinned Name: exit $rc" >&2; exit 1; }
	done
	# mtpm parent pin records the same Name tpm2_readpublic gives.
	"$M" parent pin --parent 0x81000001 -o "$SWTPM_DIR/pinned" >/dev/null 2>&1 || exit 1
	grep -qx "0x81000001 $vname" "$SWTPM_DIR/pinned" ||
		{ echo "mtpm parent pin: $(cat "$SWTPM_DIR/pinned")" >&2; exit 1; }
	[ -z "$("$M" handles transient)" ] || exit 1
	swtpm_stop
) || fail "kernel vector"

# 9. Failure classes.
head -c 129 /dev/urandom >"$T/big"
expect_exit 10 "$M" seal -i "$T/big" -o "$T/x.pem"
printf 'not a key' >"$T/junk.pem"
expect_exit 5 "$M" unseal -i "$T/junk.pem"
head -c 100 "$T/pcr.pem" >"$T/trunc.pem"
expect_exit 5 "$M" unseal -i "$T/trunc.pem"
# Change the recorded Name's first digest byte to one it is not (a fixed
# 'ff' left it as it was whenever the SRK's Name began with ff: 1 in 256).
awk '/^mtpm-parent-name: 000b/ { b = substr($2, 5, 2); $2 = "000b" (b == "ff" ? "00" : "ff") substr($2, 7) } { print }' \
	"$T/p.pem" >"$T/wrongname.pem"
cmp -s "$T/p.pem" "$T/wrongname.pem" && fail "wrongname.pem is not edited"
expect_exit 9 "$M" unseal -i "$T/wrongname.pem" --force -o "$T/out"
clean "wrong name"
# A different TPM: another swtpm, same files.
(
	unset SWTPM_PID SWTPM_DIR SWTPM_PORT MTPM_TCTI TPM2TOOLS_TCTI
	trap swtpm_stop EXIT
	swtpm_start || exit 1
	"$M" unseal -i "$T/pcr.pem" -o "$SWTPM_DIR/o" 2>"$SWTPM_DIR/err"
	rc=$?
	[ $rc = 9 ] || { echo "other TPM, transient parent: exit $rc" >&2; exit 1; }
	"$M" unseal -i "$T/p.pem" -o "$SWTPM_DIR/o" 2>/dev/null
	rc=$?
	[ $rc = 9 ] || { echo "other TPM, persistent parent: exit $rc" >&2; exit 1; }
	[ -z "$("$M" handles transient; "$M" handles sessions)" ] || exit 1
	swtpm_stop
) || fail "different TPM"
expect_exit 3 "$M" -T "swtpm:path=$T/none.sock" unseal -i "$T/pcr.pem"
expect_exit 2 "$M" seal -i "$T/secret"
expect_exit 2 "$M" unseal

finish seal
