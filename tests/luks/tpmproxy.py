#!/usr/bin/env python3
"""tpmproxy.py - a recording relay between a TPM client and swtpm.

    tpmproxy.py --listen ADDR --to ADDR [--log FILE] [--pidfile F]
    tpmproxy.py --stdio --to ADDR [--log FILE]

ADDR is a TCP port on 127.0.0.1 (`2321`) or a Unix socket (`unix:PATH`).
swtpm's TCP interface is two ports, the TPM data channel P and its control
channel P+1; the Unix form here is PATH (data) and PATH.ctrl (control). The
relay listens on both channels of --listen and forwards each connection to
the same channel of --to. So a client given `swtpm:host=127.0.0.1,port=L`
(tpm2-tss's swtpm TCTI, which systemd and tpm2-tools use) talks to the
swtpm at --to through us.

Every TPM command and response frame on the data channel is appended to
FILE as one line, `> HEX` for a command and `< HEX` for its response: the
format `mtpm decode` reads. Frames are cut by the size field of their
header (Part 1 §18: tag, UINT32 size, code). Control channel bytes are
forwarded but not logged: they carry no TPM frames.

Unix sockets cross network namespaces, TCP ports on 127.0.0.1 do not: with
one relay outside (`--listen unix:S --to P`) and one inside a private
namespace (`--listen 2321 --to unix:S`), a client in the namespace can use
swtpm's default port without meeting anyone else's (tests/luks/sd-unseal.sh).

--stdio relays one client on stdin/stdout instead, and exits when stdin
closes: the shape of tpm2-tss's "cmd" TCTI (`cmd:python3 tpmproxy.py
--stdio --to P`), for tpm2-tools. systemd 252 cannot use it: it asks a TCTI
for its context size with a NULL configuration, which the cmd TCTI
refuses.

A test tool for recording what real tools send (tests/luks/README.md); it
is not part of mtpm. It runs until killed (by PID).
"""

import argparse
import os
import socket
import sys
import threading

log_lock = threading.Lock()


def parse_addr(s):
    """('tcp', port) or ('unix', path)."""
    if s.startswith("unix:"):
        return ("unix", s[5:])
    return ("tcp", int(s))


def ctrl_addr(a):
    return ("tcp", a[1] + 1) if a[0] == "tcp" else ("unix", a[1] + ".ctrl")


def connect(a):
    if a[0] == "tcp":
        return socket.create_connection(("127.0.0.1", a[1]))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(a[1])
    return s


def listen(a):
    if a[0] == "tcp":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", a[1]))
    else:
        try:
            os.unlink(a[1])
        except FileNotFoundError:
            pass
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(a[1])
    s.listen(8)
    return s


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def recv_frame(sock):
    hdr = recv_exact(sock, 10)
    if hdr is None:
        return None
    size = int.from_bytes(hdr[2:6], "big")
    if size < 10 or size > 65536:
        # Not a TPM frame: pass through what we have.
        return hdr
    rest = recv_exact(sock, size - 10)
    if rest is None:
        return None
    return hdr + rest


def log_frame(path, mark, frame):
    with log_lock:
        with open(path, "a", encoding="ascii") as f:
            f.write("%s %s\n" % (mark, frame.hex()))


def serve_data(client, upstream, logpath):
    up = connect(upstream)
    try:
        while True:
            cmd = recv_frame(client)
            if cmd is None:
                return
            log_frame(logpath, ">", cmd)
            up.sendall(cmd)
            rsp = recv_frame(up)
            if rsp is None:
                return
            log_frame(logpath, "<", rsp)
            client.sendall(rsp)
    except OSError:
        return
    finally:
        up.close()
        client.close()


def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve_ctrl(client, upstream):
    try:
        up = connect(upstream)
    except OSError:
        client.close()
        return
    t = threading.Thread(target=pump, args=(up, client), daemon=True)
    t.start()
    pump(client, up)
    t.join()
    up.close()
    client.close()


def accept_loop(ls, handler, args):
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handler, args=(c,) + args, daemon=True).start()


class StdioSock:
    """stdin/stdout as the two halves of one connection."""

    def recv(self, n):
        return os.read(0, n)

    def sendall(self, b):
        while b:
            k = os.write(1, b)
            b = b[k:]

    def close(self):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen")
    ap.add_argument("--stdio", action="store_true")
    ap.add_argument("--to", required=True)
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("--pidfile")
    a = ap.parse_args()
    to = parse_addr(a.to)
    if a.stdio:
        serve_data(StdioSock(), to, a.log)
        return 0
    if a.listen is None:
        ap.error("--listen or --stdio is required")
    lis = parse_addr(a.listen)
    data = listen(lis)
    ctrl = listen(ctrl_addr(lis))
    # The pid file is written once both sockets listen: callers wait for it.
    if a.pidfile:
        with open(a.pidfile + ".tmp", "w", encoding="ascii") as f:
            f.write("%d\n" % os.getpid())
        os.rename(a.pidfile + ".tmp", a.pidfile)
    threading.Thread(target=accept_loop, args=(ctrl, serve_ctrl, (ctrl_addr(to),)),
                     daemon=True).start()
    try:
        accept_loop(data, serve_data, (to, a.log))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
