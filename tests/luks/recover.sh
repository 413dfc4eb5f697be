#!/bin/sh
# tests/luks/recover.sh [--pin-file F] [--signature F] TOKEN.json - print
# the LUKS passphrase a systemd-tpm2 or clevis (tpm2 pin) token holds,
# using only tpm2-tools, openssl and jose: the recipes of
# docs/luks-formats.md, written out step by step. It is the test oracle
# for what `mtpm luks unlock` must print.
#
#   sh tests/luks/recover.sh W/sd-pcr.token.json | cryptsetup open --test-passphrase --key-file - W/sd-pcr.img
#
# TOKEN.json is what `cryptsetup token export` prints. The passphrase goes
# to stdout with no newline (cryptsetup --key-file - takes every byte).
# --pin-file: the PIN for a token with "tpm2-pin": true (default W/pin
# next to the token). --signature: systemd-measure's signature JSON for a
# token with tpm2_pubkey (default W/pcrsig.json next to the token).
# Needs $TPM2TOOLS_TCTI. Exit 0 with the passphrase, 1 on any failure
# (nothing on stdout then; the TPM error on stderr).
set -u
# shellcheck disable=SC2034 # read by common.sh
LUKS_PROG=recover.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

pinfile=
sigfile=
while [ $# -gt 1 ]; do
	case $1 in
	--pin-file) pinfile=$2; shift 2 ;;
	--signature) sigfile=$2; shift 2 ;;
	*) luks_die "usage: recover.sh [--pin-file F] [--signature F] TOKEN.json" ;;
	esac
done
[ $# = 1 ] || luks_die "usage: recover.sh [--pin-file F] [--signature F] TOKEN.json"
tok=$1
[ -r "$tok" ] || luks_die "cannot read $tok"
dir=$(dirname "$tok")
[ -n "$pinfile" ] || pinfile=$dir/pin
[ -n "$sigfile" ] || sigfile=$dir/pcrsig.json
[ -n "${TPM2TOOLS_TCTI:-}" ] || luks_die "TPM2TOOLS_TCTI is not set"
export TPM2TOOLS_TCTI

T=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-recover.XXXXXX") || exit 1
chmod 700 "$T"
trap 'luks_flush; rm -rf "$T"' EXIT INT TERM

# The primary both tools rebuild each time (owner hierarchy, empty auth,
# no outsideInfo): the TCG "SRK" shapes with an empty unique field.
#   ecc: ECC NIST P-256, AES-128-CFB, scheme NULL, kdf NULL, unique x,y empty
#   rsa: RSA 2048, AES-128-CFB, scheme NULL, exponent 0, unique empty
# both with attributes 0x00030072; nameAlg is SHA-256 for systemd and the
# "hash" field for clevis.
make_primary() { # NAMEALG ecc|rsa
	case $2 in
	ecc) _g=ecc256:aes128cfb ;;
	rsa) _g=rsa2048:aes128cfb ;;
	*) luks_die "unknown primary algorithm: $2" ;;
	esac
	tpm2_createprimary -Q -C o -g "$1" -G "$_g" \
		-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt' \
		-c "$T/prim.ctx" && tpm2_flushcontext -t
}

load_sealed() { # PUB PRIV
	tpm2_load -Q -C "$T/prim.ctx" -u "$1" -r "$2" -c "$T/obj.ctx" && tpm2_flushcontext -t
}

type=$(luks_jstr "$tok" type) || luks_die "$tok: no token type"
luks_flush
case $type in
systemd-tpm2)
	luks_jstr "$tok" tpm2-blob | base64 -d >"$T/blob" 2>/dev/null && [ -s "$T/blob" ] ||
		luks_die "tpm2-blob is not base64"
	luks_split_tpm2b "$T/blob" "$T/priv" "$T/pub"
	alg=$(luks_jstr "$tok" tpm2-primary-alg) || alg=ecc
	bank=$(luks_jstr "$tok" tpm2-pcr-bank) || bank=sha256
	pcrs=$(luks_jlist "$tok" tpm2-pcrs)
	make_primary sha256 "$alg" || luks_die "CreatePrimary failed"
	load_sealed "$T/pub" "$T/priv" || luks_die "Load failed (a blob for another TPM?)"
	tpm2_startauthsession -Q --policy-session -g sha256 -S "$T/s.ctx" ||
		luks_die "StartAuthSession failed"
	# Policy order (systemd 252): [PolicyPCR(signed PCRs), PolicyAuthorize]
	# then PolicyPCR(literal PCRs) then PolicyAuthValue.
	if luks_jstr "$tok" tpm2_pubkey | base64 -d >"$T/pk.pem" 2>/dev/null && [ -s "$T/pk.pem" ]; then
		pkpcrs=$(luks_jlist "$tok" tpm2_pubkey_pcrs)
		[ -n "$pkpcrs" ] || luks_die "tpm2_pubkey without tpm2_pubkey_pcrs"
		[ -r "$sigfile" ] || luks_die "signed policy: no signature file $sigfile"
		luks_rsa_tpm2b "$T/pk.pem" "$T/pk.tpm" || luks_die "tpm2_pubkey is not an RSA e=65537 PEM key"
		tpm2_loadexternal -Q -C o -u "$T/pk.tpm" -c "$T/pk.ctx" -n "$T/pk.name" ||
			luks_die "LoadExternal failed"
		tpm2_policypcr -Q -S "$T/s.ctx" -l "$bank:$pkpcrs" -L "$T/approved" ||
			luks_die "PolicyPCR (signed PCRs) failed"
		# The signature entry: same bank, same PCR list, same policy digest
		# (the key fingerprint pkfp is not checked here).
		want=$(luks_hex <"$T/approved")
		i=0
		found=
		while pol=$(jose fmt -j "$sigfile" -Og "$bank" -Ag$i -g pol -Su- 2>/dev/null); do
			if [ "$pol" = "$want" ] &&
				[ "$(jose fmt -j "$sigfile" -Og "$bank" -Ag$i -g pcrs -Af- | paste -sd, -)" = "$pkpcrs" ]; then
				jose fmt -j "$sigfile" -Og "$bank" -Ag$i -g sig -Su- | base64 -d >"$T/sig"
				found=1
				break
			fi
			i=$((i + 1))
		done
		[ -n "$found" ] || luks_die "no signature in $sigfile for $bank:$pkpcrs = $want"
		# RSASSA-PKCS1-v1_5 with SHA-256 over the approved policy digest.
		tpm2_verifysignature -Q -c "$T/pk.ctx" -g sha256 -m "$T/approved" \
			-s "$T/sig" -f rsassa -t "$T/ticket" || luks_die "VerifySignature failed"
		tpm2_policyauthorize -Q -S "$T/s.ctx" -i "$T/approved" -n "$T/pk.name" \
			-t "$T/ticket" || luks_die "PolicyAuthorize failed"
		tpm2_flushcontext "$T/pk.ctx" 2>/dev/null
	fi
	if [ -n "$pcrs" ]; then
		tpm2_policypcr -Q -S "$T/s.ctx" -l "$bank:$pcrs" || luks_die "PolicyPCR failed"
	fi
	auth=
	if luks_jtrue "$tok" tpm2-pin; then
		[ -r "$pinfile" ] || luks_die "PIN token: no PIN file $pinfile"
		tpm2_policyauthvalue -Q -S "$T/s.ctx" || luks_die "PolicyAuthValue failed"
		# The object's authValue is SHA-256 of the PIN's bytes.
		auth="+hex:$(luks_sha sha256 <"$pinfile")"
	fi
	tpm2_unseal -c "$T/obj.ctx" -p "session:$T/s.ctx$auth" >"$T/secret" ||
		luks_die "Unseal failed"
	# systemd-cryptsetup: the passphrase is the base64 (RFC 4648, padded,
	# one line) of the unsealed bytes.
	base64 -w0 <"$T/secret"
	;;
clevis)
	# The jwe member is the flattened JSON serialization (an object);
	# accept the compact one too (a string: header.key.iv.ct.tag).
	if jose fmt -j "$tok" -Og jwe -O >/dev/null 2>&1; then
		jose fmt -j "$tok" -Og jwe -Oo- >"$T/jwe"
	elif c=$(luks_jstr "$tok" jwe); then
		printf '%s' "$c" | jose jwe fmt -i- -o "$T/jwe" || luks_die "jwe is not a JWE"
	else
		luks_die "clevis token without jwe"
	fi
	jose fmt -j "$T/jwe" -Og protected -Su- | jose b64 dec -i- -O "$T/hdr" ||
		luks_die "protected header is not base64url"
	pin=$(luks_jstr "$T/hdr" clevis pin) || luks_die "no clevis.pin in the protected header"
	[ "$pin" = tpm2 ] || luks_die "unsupported pin: $pin"
	hash=$(luks_jstr "$T/hdr" clevis tpm2 hash) || luks_die "no hash"
	key=$(luks_jstr "$T/hdr" clevis tpm2 key) || luks_die "no key"
	luks_jstr "$T/hdr" clevis tpm2 jwk_pub | jose b64 dec -i- -O "$T/pub" || luks_die "jwk_pub"
	luks_jstr "$T/hdr" clevis tpm2 jwk_priv | jose b64 dec -i- -O "$T/priv" || luks_die "jwk_priv"
	make_primary "$hash" "$key" || luks_die "CreatePrimary failed"
	load_sealed "$T/pub" "$T/priv" || luks_die "Load failed (a JWE for another TPM?)"
	if ids=$(luks_jstr "$T/hdr" clevis tpm2 pcr_ids); then
		bank=$(luks_jstr "$T/hdr" clevis tpm2 pcr_bank) || luks_die "pcr_ids without pcr_bank"
		# The policy session's hash must be the object's nameAlg ("hash"):
		# clevis-decrypt-tpm2 19 leaves it at SHA-256, so it fails on
		# "hash":"sha1" tokens it wrote itself.
		tpm2_startauthsession -Q --policy-session -g "$hash" -S "$T/s.ctx" &&
			tpm2_policypcr -Q -S "$T/s.ctx" -l "$bank:$ids" ||
			luks_die "policy session failed"
		tpm2_unseal -c "$T/obj.ctx" -p "session:$T/s.ctx" >"$T/jwk" || luks_die "Unseal failed"
	else
		# No pcr_ids: the object has userWithAuth and an empty authValue.
		tpm2_unseal -c "$T/obj.ctx" >"$T/jwk" || luks_die "Unseal failed"
	fi
	# The unsealed bytes are a JWK (JSON, then a newline): an "oct" key
	# whose "k" is the A256GCM content key; alg "dir" means it decrypts
	# the JWE directly. The plaintext is the passphrase.
	jose jwe dec -i "$T/jwe" -k "$T/jwk" || luks_die "JWE decryption failed"
	;;
*)
	luks_die "unsupported token type: $type"
	;;
esac
