#!/bin/sh
# tests/unit/golden/luks/make.sh - regenerate the LUKS2 fixtures (README.md).
# Needs cryptsetup (cryptsetup-bin), jose and python3. Writes into this
# folder; the outputs differ on every run (cryptsetup's salts and UUID of
# the binary header are random, the JWE iv is random), so re-running means
# re-checking the expectations in tests/unit/test_luks.c.
set -eu
D=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-luks.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"

# A volume with the default 16 KiB metadata (hdr_size 0x4000), keyslots
# 0 (passphrase), 1 (systemd-tpm2), 2 (clevis).
truncate -s 20M img
printf 'correct horse' >pass
printf 'tpm2 slot secret' >pass1
# slot 2's passphrase is what the JWE encrypts (clevis luks bind generates
# a 40-byte oct k with jose and uses its base64url text)
printf 'W0KZ3mXr9vL2yQfJ8hT5nB1cA6dE4gS7uI0oP3kM2jN5xV8zR1tY4wQ' >pass2
cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 \
	--pbkdf-force-iterations 1000 --key-file pass \
	--uuid 0d9e8b8a-6f1c-4e0b-9a55-3c0ffee1d2a5 --label mtpm-fixture img
for s in 1 2; do
	cryptsetup luksAddKey --batch-mode --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file pass --key-slot "$s" img "pass$s"
done

# Realistic TPM objects: a sealed keyedhash TPM2B_PUBLIC (nameAlg SHA-256,
# fixedTPM|fixedParent|adminWithPolicy, the policy digest, no scheme, a
# 32-byte unique) and a 158-byte TPM2B_PRIVATE, as tpm2_create and
# systemd-cryptenroll produce them; the bytes are fixed, not from a TPM.
python3 - <<'PY'
import base64, json, hashlib
policy = hashlib.sha256(b"mtpm fixture policy").digest()
unique = hashlib.sha256(b"mtpm fixture unique").digest()
pub_t = (b"\x00\x08" b"\x00\x0b" b"\x00\x00\x00\x92"
         + len(policy).to_bytes(2, "big") + policy
         + b"\x00\x10" + len(unique).to_bytes(2, "big") + unique)
pub = len(pub_t).to_bytes(2, "big") + pub_t
priv_t = b"\x00\x20" + hashlib.sha256(b"integrity").digest() + bytes((i * 37 + 11) & 0xff for i in range(124))
priv = len(priv_t).to_bytes(2, "big") + priv_t
# systemd 252 systemd-cryptenroll --tpm2-pcrs=7 --tpm2-with-pin=no
sd = {
    "type": "systemd-tpm2", "keyslots": ["1"],
    "tpm2-blob": base64.b64encode(priv + pub).decode(),
    "tpm2-pcrs": [7], "tpm2-pcr-bank": "sha256", "tpm2-primary-alg": "ecc",
    "tpm2-policy-hash": policy.hex(), "tpm2-pin": False,
}
open("sd.json", "w").write(json.dumps(sd, separators=(",", ":")))
# the clevis tpm2 pin's protected header template (clevis-encrypt-tpm2)
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
tmpl = {"protected": {"clevis": {"pin": "tpm2", "tpm2": {
    "hash": "sha256", "key": "ecc", "pcr_bank": "sha256", "pcr_ids": "0,7",
    "jwk_pub": b64u(pub), "jwk_priv": b64u(priv)}}}}
open("tmpl.json", "w").write(json.dumps(tmpl))
# the JWK clevis would seal: a fixed content key
k = bytes(range(0x40, 0x60))
open("jwk.json", "w").write(json.dumps({"alg": "A256GCM", "k": b64u(k),
    "key_ops": ["encrypt", "decrypt"], "kty": "oct"}) + "\n")
PY
cp pass2 pt.txt
jose jwe enc -i tmpl.json -k jwk.json -I pt.txt -c -o jwe.compact
jose jwe fmt -i "$(cat jwe.compact)" -o jwe.json
python3 - <<'PY'
import json
jwe = json.load(open("jwe.json"))
open("clevis.json", "w").write(json.dumps(
    {"type": "clevis", "keyslots": ["2"], "jwe": jwe}, separators=(",", ":")))
PY
cryptsetup token import --token-id 0 --json-file sd.json img
cryptsetup token import --token-id 1 --json-file clevis.json img
cryptsetup token add --token-id 3 --key-description mtpm:fixture img
cryptsetup open --test-passphrase --key-file pass1 img
cryptsetup open --test-passphrase --key-file pt.txt img

# both header copies: 2 x 16 KiB
dd if=img of="$D/hdr32k.bin" bs=16384 count=2 status=none
cp sd.json clevis.json jwk.json jwe.compact pt.txt "$D/"
cryptsetup token export --token-id 1 img >"$D/clevis-export.json"
cryptsetup luksDump --dump-json-metadata img >"$D/hdr.json"
echo "made $D/hdr32k.bin"
