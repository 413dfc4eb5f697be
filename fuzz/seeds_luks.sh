#!/bin/sh
# fuzz/seeds_luks.sh [BUILD [ENROL_WORK]] - seed corpora of the src/luks
# harnesses (fuzz/README.md), from the cryptsetup/jose fixtures in
# tests/unit/golden/luks/ plus variants made here, merged into
# fuzz/corpus/<harness>/ with libFuzzer -merge=1. With ENROL_WORK (the
# WORK folder of tests/luks/enrol.sh: real systemd-cryptenroll 252 and
# clevis 19 enrolments on swtpm) its tokens and headers are seeds too.
# Needs python3 with the cryptography module (JWEs under the fixture key)
# and clang. No TPM here: enrol.sh is where the TPM was.
set -eu
BUILD=${1:-build/fuzz}
ENROL=${2:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
RAW=$BUILD/fuzz-seeds-luks
FUZZ_DIR=$BUILD/fuzz
rm -rf "$RAW"
mkdir -p "$RAW"
python3 - "$RAW" "$ENROL" <<'PY'
import base64, glob, hashlib, json, os, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

raw, enrol = sys.argv[1], sys.argv[2]
G = "tests/unit/golden/luks/"
def put(h, name, data):
    os.makedirs(os.path.join(raw, h), exist_ok=True)
    open(os.path.join(raw, h, name), "wb").write(bytes(data) if isinstance(data, (bytes, bytearray)) else data.encode())
def rd(n):
    return open(G + n, "rb").read()
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
KEY = bytes(range(0x40, 0x60))

# --- luks2_header: real images (mode 0), a small buffer (mode 1), synthesized (mode 0x80)
img = bytearray(rd("hdr32k.bin"))
def resum(im, off):
    hs = int.from_bytes(im[off + 8:off + 16], "big")
    im[off + 448:off + 512] = bytes(64)
    im[off + 448:off + 480] = hashlib.sha256(bytes(im[off:off + hs])).digest()
put("luks2_header", "real", b"\0" + img)
put("luks2_header", "real-small-buffer", b"\1" + img)
im = bytearray(img); im[0] ^= 1
put("luks2_header", "primary-magic", b"\0" + im)
im = bytearray(img); im[5000] ^= 1
put("luks2_header", "primary-checksum", b"\0" + im)
im = bytearray(img); im[0x4000 + 23] += 1; resum(im, 0x4000)
put("luks2_header", "secondary-newer", b"\0" + im)
im = bytearray(img); im[0x4000 + 23] += 1
put("luks2_header", "secondary-newer-bad", b"\0" + im)
put("luks2_header", "primary-only", b"\0" + img[:0x4000 + 512])
text = img[4096:img.index(0, 4096)]
for name, flags, s1, s2, size in (("synth", 0, 5, 5, 0), ("synth-newer", 0, 5, 6, 1),
                                   ("synth-pmagic", 1, 5, 5, 2), ("synth-pbad", 0x44, 7, 5, 0),
                                   ("synth-sbad", 0x38, 5, 9, 1)):
    put("luks2_header", name, bytes([0x80, flags, s1, s2, size]) + text)
put("luks2_header", "synth-notext", bytes([0x80, 0, 1, 1, 0]))
put("luks2_header", "synth-tail", bytes([0x80, 0, 1, 1, 0]) + b'{"tokens":{}}\0x')

# --- luks2_tokens: header JSON texts
hdr = json.loads(rd("hdr.json"))
put("luks2_tokens", "fixture", text)
put("luks2_tokens", "pretty", rd("hdr.json"))
put("luks2_tokens", "empty", '{"keyslots":{},"tokens":{},"segments":{},"digests":{},"config":{}}')
h2 = dict(hdr); h2["tokens"] = {"31": {"type": "x", "keyslots": ["31"]}, "0": hdr["tokens"]["0"]}
put("luks2_tokens", "ids", json.dumps(h2))
put("luks2_tokens", "escapes", '{"tokens":{"2":{"type":"clev\\u0069s","keyslots":["1"],"jwe":"a.b.c.d.e","x":"\\ud83d\\ude00\\/"}}}')

# --- luks_token
sd = json.loads(rd("sd.json"))
put("luks_token", "systemd-252", rd("sd.json"))
put("luks_token", "clevis", rd("clevis.json"))
put("luks_token", "clevis-export", rd("clevis-export.json"))
sd254 = dict(sd, **{"tpm2-pin": True, "tpm2_salt": base64.b64encode(b"0123456789abcdef").decode(),
                    "tpm2_srk": base64.b64encode(b"\x81\x00\x00\x01\x00\x22\x00\x0b" + bytes(32) + b"\x00\x00\x00\x01").decode()})
put("luks_token", "systemd-254-pin", json.dumps(sd254))
pem = b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
signed = dict(sd, **{"tpm2-pcrs": [], "tpm2_pubkey_pcrs": [11], "tpm2_pubkey": base64.b64encode(pem).decode(),
                     "tpm2-primary-alg": "rsa"})
put("luks_token", "systemd-signed", json.dumps(signed))
put("luks_token", "systemd-255-arrays", json.dumps(dict(sd, **{"tpm2-blob": [sd["tpm2-blob"]], "tpm2-policy-hash": [sd["tpm2-policy-hash"]]})))
put("luks_token", "systemd-pcrlock", json.dumps(dict(sd, tpm2_pcrlock=True)))
old = dict(sd); del old["tpm2-pcr-bank"]; del old["tpm2-primary-alg"]; del old["tpm2-pin"]
put("luks_token", "systemd-249", json.dumps(old))
put("luks_token", "fido2", '{"type":"systemd-fido2","keyslots":["3"],"fido2-credential":"AAAA","fido2-salt":"AAAA","fido2-rp":"io.systemd.cryptsetup","fido2-clientPin-required":true}')
cl = json.loads(rd("clevis.json"))
compact = rd("jwe.compact").decode().strip()
put("luks_token", "clevis-compact", json.dumps({"type": "clevis", "keyslots": ["2"], "jwe": compact}))

# --- JWEs under the fixture key, clevis-shaped headers
def jwe(hdr, pt=b"W0KZ3mXr9vL2yQfJ8hT5nB1cA6dE4gS7uI0oP3kM2jN5xV8zR1tY4wQ", iv=bytes(range(12))):
    p = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    ct = AESGCM(KEY).encrypt(iv, pt, p.encode())
    return p, b64u(iv), b64u(ct[:-16]), b64u(ct[-16:])
tpm2 = json.loads(base64.urlsafe_b64decode(compact.split(".")[0] + "=="))
hdrs = {
    "tpm2": tpm2,
    "tpm2-rsa-nopcr": {"alg": "dir", "enc": "A256GCM", "clevis": {"pin": "tpm2", "tpm2": {
        "hash": "sha1", "key": "rsa", "jwk_pub": tpm2["clevis"]["tpm2"]["jwk_pub"],
        "jwk_priv": tpm2["clevis"]["tpm2"]["jwk_priv"]}}},
    "tang": {"alg": "ECDH-ES", "enc": "A256GCM", "clevis": {"pin": "tang", "tang": {"url": "http://tang"}}, "kid": "x"},
    "sss": {"alg": "dir", "enc": "A256GCM", "clevis": {"pin": "sss", "sss": {"t": 1, "p": "AAAA", "jwe": [compact]}}},
    "zip": dict(tpm2, zip="DEF"),
}
for name, h in hdrs.items():
    p, iv, ct, tag = jwe(h)
    put("jwe_compact", name, ".".join((p, "", iv, ct, tag)))
    put("jwe_json", name, json.dumps({"ciphertext": ct, "encrypted_key": "", "iv": iv, "protected": p, "tag": tag}))
put("jwe_compact", "jose", compact)
put("jwe_json", "jose", json.dumps(cl["jwe"]))
p, iv, ct, tag = jwe(tpm2)
put("jwe_compact", "badtag", ".".join((p, "", iv, ct, tag[:-2] + ("A" if tag[-2] != "A" else "B") + tag[-1])))

# --- jwk
put("jwk", "clevis", rd("jwk.json"))
put("jwk", "minimal", '{"kty":"oct","k":"%s"}' % b64u(KEY))
put("jwk", "short", '{"kty":"oct","k":"%s"}' % b64u(KEY[:16]))

# --- real enrolments (tests/luks/enrol.sh)
for f in sorted(glob.glob(os.path.join(enrol, "*.token.json"))) if enrol else []:
    name = os.path.basename(f)[:-len(".token.json")]
    data = open(f, "rb").read()
    put("luks_token", "enrol-" + name, data)
    tokj = json.loads(data)
    if tokj["type"] == "clevis":
        j = tokj["jwe"]
        put("jwe_json", "enrol-" + name, json.dumps(j))
        put("jwe_compact", "enrol-" + name, ".".join((j["protected"], j.get("encrypted_key", ""), j["iv"], j["ciphertext"], j["tag"])))
    else:
        put("base64", "enrol-" + name, b"\2" + tokj["tpm2-blob"].encode())
for f in sorted(glob.glob(os.path.join(enrol, "*.img"))) if enrol else []:
    name = os.path.basename(f)[:-4]
    im = open(f, "rb").read(0x8000)
    if name in ("sd-signed-pin", "cl-rsa"):       # 32 KiB each: two are enough
        put("luks2_header", "enrol-" + name, b"\0" + im)
    put("luks2_tokens", "enrol-" + name, im[4096:im.index(0, 4096)])

# --- base64: flags byte then the text
for name, flags, t in (("std", 2, base64.b64encode(bytes(range(256)))), ("url", 1, b64u(bytes(range(256))).encode()),
                        ("pem", 6, b"MIHp\nBgZn\r\ngQUK\n"), ("unpadded", 0, b"Zm9vYg"), ("bad", 0, b"Zh=="),
                        ("tpm2-blob", 0, sd["tpm2-blob"].encode())):
    put("base64", name, bytes([flags]) + t)
PY
make --no-print-directory -s BUILD="$BUILD" FUZZ_DIR="$FUZZ_DIR" fuzz-build
for h in luks2_header luks2_tokens luks_token jwe_compact jwe_json jwk base64; do
	mkdir -p "fuzz/corpus/$h"
	"$FUZZ_DIR/fuzz_$h" -merge=1 -max_len=65536 "fuzz/corpus/$h" "$RAW/$h" 2>&1 |
		grep -E '^MERGE-OUTER: [0-9]+ new files' || true
done
