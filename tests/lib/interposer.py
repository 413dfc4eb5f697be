#!/usr/bin/env python3
"""interposer.py - an active bus interposer between a TPM client and swtpm.

    interposer.py LISTEN_PORT UPSTREAM_PORT LOG [--swap-parent PUBFILE]
    interposer.py LISTEN_PORT UPSTREAM_PORT LOG --flip-pcr
    interposer.py mkpub rsa|ecc[-weak] PUBFILE     (prints the key's Name;
                                             -weak: fixedTPM clear)

Relays 127.0.0.1:LISTEN_PORT (swtpm's data channel protocol: raw TPM 2.0
frames) and LISTEN_PORT+1 (control) to 127.0.0.1:UPSTREAM_PORT / +1, and
appends to LOG one line per command, "cc XXXXXXXX", and one line per frame
in each direction, "> HEX" / "< HEX", so a test can grep the bus for a
secret.

--swap-parent PUBFILE plays the attacker of threat T-PARENT-1: in every
successful CreatePrimary and ReadPublic response it replaces outPublic with
the TPM2B_PUBLIC in PUBFILE (a key whose private part the attacker holds)
and the Name (and qualifiedName) with the one that public area gives, so
the response is self-consistent. A client that believes it salts its
session to the attacker.

--flip-pcr changes the last byte of the PCR values in every PCR_Read
response: the interposer choosing the values a secret is sealed to.

Loopback only; exits when its parent test kills it (by PID).
"""
import hashlib
import os
import socket
import struct
import sys
import threading

CC_CREATEPRIMARY = 0x131
CC_READPUBLIC = 0x173
CC_PCR_READ = 0x17E


def tpm2b(b):
    return struct.pack(">H", len(b)) + b


def name_of(tpmt):
    # Part 1 §16: nameAlg || H(TPMT_PUBLIC); the attacker's keys are SHA-256.
    return struct.pack(">H", 0x000B) + hashlib.sha256(tpmt).digest()


def take2b(b, off):
    (n,) = struct.unpack_from(">H", b, off)
    return b[off + 2:off + 2 + n], off + 2 + n


def swap(cc, rsp, pub2b):
    """Return the response with the parent swapped, or unchanged."""
    if len(rsp) < 10:
        return rsp
    tag, size, code = struct.unpack_from(">HII", rsp, 0)
    if code != 0 or size != len(rsp):
        return rsp
    tpmt, _ = take2b(pub2b, 0)
    name = name_of(tpmt)
    if cc == CC_READPUBLIC and tag == 0x8001:
        body = tpm2b(tpmt) + tpm2b(name) + tpm2b(name)
        return struct.pack(">HII", tag, 10 + len(body), 0) + body
    if cc == CC_CREATEPRIMARY and tag == 0x8002:
        handle = rsp[10:14]
        (psize,) = struct.unpack_from(">I", rsp, 14)
        params = rsp[18:18 + psize]
        auth = rsp[18 + psize:]
        _, off = take2b(params, 0)                 # outPublic
        cdata, off = take2b(params, off)           # creationData
        chash, off = take2b(params, off)           # creationHash
        tk_start = off                             # creationTicket
        off += 2 + 4                               # tag, hierarchy
        _, off = take2b(params, off)               # digest
        ticket = params[tk_start:off]
        _, off = take2b(params, off)               # name
        newp = tpm2b(tpmt) + tpm2b(cdata) + tpm2b(chash) + ticket + tpm2b(name)
        body = handle + struct.pack(">I", len(newp)) + newp + auth
        return struct.pack(">HII", tag, 10 + len(body), 0) + body
    return rsp


class Log:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", buffering=1)

    def line(self, s):
        with self.lock:
            self.f.write(s + "\n")


def recv_frame(sock):
    hdr = b""
    while len(hdr) < 10:
        c = sock.recv(10 - len(hdr))
        if not c:
            return None
        hdr += c
    (size,) = struct.unpack_from(">I", hdr, 2)
    body = b""
    while len(hdr) + len(body) < size:
        c = sock.recv(size - len(hdr) - len(body))
        if not c:
            return None
        body += c
    return hdr + body


def data_conn(client, upstream_port, log, pub2b):
    up = socket.create_connection(("127.0.0.1", upstream_port))
    try:
        while True:
            cmd = recv_frame(client)
            if cmd is None:
                break
            (cc,) = struct.unpack_from(">I", cmd, 6)
            log.line("cc %08x" % cc)
            log.line("> " + cmd.hex())
            up.sendall(cmd)
            rsp = recv_frame(up)
            if rsp is None:
                break
            if pub2b == "flip-pcr":
                # The last byte of the last PCR value, before any auth
                # area: the digest list ends the parameters.
                if cc == CC_PCR_READ and len(rsp) > 10 and rsp[6:10] == b"\0\0\0\0":
                    tag = rsp[0:2]
                    end = len(rsp)
                    if tag == b"\x80\x02":
                        (psize,) = struct.unpack_from(">I", rsp, 10)
                        end = 14 + psize
                    rsp = rsp[:end - 1] + bytes([rsp[end - 1] ^ 1]) + rsp[end:]
            elif pub2b is not None:
                rsp = swap(cc, rsp, pub2b)
            log.line("< " + rsp.hex())
            client.sendall(rsp)
    finally:
        client.close()
        up.close()


def pipe(a, b):
    try:
        while True:
            d = a.recv(4096)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    finally:
        a.close()
        b.close()


def ctrl_conn(client, upstream_port):
    up = socket.create_connection(("127.0.0.1", upstream_port))
    threading.Thread(target=pipe, args=(client, up), daemon=True).start()
    threading.Thread(target=pipe, args=(up, client), daemon=True).start()


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(8)
    return s


def serve(s, handler):
    while True:
        c, _ = s.accept()
        threading.Thread(target=handler, args=(c,), daemon=True).start()


def mkpub(kind, out):
    """An attacker's storage key, as a TPM2B_PUBLIC in the TCG SRK shape
    (restricted decrypt, AES-128-CFB), from a key made by openssl."""
    import subprocess
    attrs = 0x00030472   # fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|noDA|restricted|decrypt
    if kind.endswith("-weak"):
        # not the template: fixedTPM clear (a key that may be duplicated)
        kind = kind[:-5]
        attrs &= ~0x2
    head = struct.pack(">HHI", 0x0001 if kind == "rsa" else 0x0023, 0x000B, attrs)
    head += tpm2b(b"") + struct.pack(">HHH", 0x0006, 128, 0x0043) + struct.pack(">H", 0x0010)
    if kind == "rsa":
        key = subprocess.run(["openssl", "genrsa", "2048"], check=True,
                             capture_output=True).stdout
        mod = subprocess.run(["openssl", "rsa", "-noout", "-modulus"], input=key, check=True,
                             capture_output=True).stdout.decode().strip().split("=")[1]
        tpmt = head + struct.pack(">HI", 2048, 0) + tpm2b(bytes.fromhex(mod))
    else:
        key = subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout"],
                             check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "ec", "-pubout", "-outform", "DER"], input=key,
                             check=True, capture_output=True).stdout
        xy = der[-64:]
        tpmt = head + struct.pack(">HH", 0x0003, 0x0010) + tpm2b(xy[:32]) + tpm2b(xy[32:])
    with open(out, "wb") as f:
        f.write(tpm2b(tpmt))
    print(name_of(tpmt).hex())


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "mkpub":
        return mkpub(sys.argv[2], sys.argv[3])
    if len(sys.argv) not in (4, 5, 6):
        sys.exit(__doc__)
    port, upstream, logpath = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    pub2b = None
    if len(sys.argv) == 6 and sys.argv[4] == "--swap-parent":
        with open(sys.argv[5], "rb") as f:
            pub2b = f.read()
    if len(sys.argv) == 5 and sys.argv[4] == "--flip-pcr":
        pub2b = "flip-pcr"
    log = Log(logpath)
    data, ctrl = listen(port), listen(port + 1)
    threading.Thread(target=serve, args=(ctrl, lambda c: ctrl_conn(c, upstream + 1)),
                     daemon=True).start()
    with open(logpath + ".ready", "w") as f:
        f.write(str(os.getpid()))
    serve(data, lambda c: data_conn(c, upstream, log, pub2b))


if __name__ == "__main__":
    main()
