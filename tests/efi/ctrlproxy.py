#!/usr/bin/env python3
"""ctrlproxy.py - a bus interposer between QEMU's TPM emulator backend and swtpm.

    ctrlproxy.py LISTEN_CTRL UPSTREAM_CTRL LOG [--swap-parent PUBFILE]

QEMU's `-tpmdev emulator` talks only to swtpm's CONTROL socket: it sends
CMD_SET_DATAFD (16) with one end of a socketpair attached (SCM_RIGHTS) and
from then on writes raw TPM 2.0 command frames into its end; swtpm answers
on the end it was handed. So a plain byte relay of the control socket would
hand QEMU's fd straight to swtpm and see nothing of the TPM traffic.

This proxy listens on the unix socket LISTEN_CTRL (QEMU's chardev path) and
relays every control message to swtpm's control socket UPSTREAM_CTRL. When
a message from QEMU carries a file descriptor (the CMD_SET_DATAFD case) it
makes a socketpair of its own, hands one end to swtpm in the same message,
and relays frames between QEMU's fd and the other end: one command from
QEMU, one response from swtpm, in turn (the TPM interface is strictly
request/response). Every frame is logged to LOG in tests/lib/interposer.py's
format - "cc XXXXXXXX", then "> HEX" (command) and "< HEX" (response) - so
the Linux tests' greps apply unchanged.

--swap-parent PUBFILE plays the attacker of threat T-PARENT-1 with
interposer.py's own swap(): every successful CreatePrimary and ReadPublic
response carries the attacker's public area and its (consistent) Name.

Unix sockets only; writes LOG.ready (its PID) once it listens; exits when
the test kills it by PID. Python 3 standard library only.
"""
import array
import os
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import interposer  # noqa: E402  (recv_frame, swap, Log: one implementation)

CMSG_FDS = socket.CMSG_SPACE(4 * array.array("i").itemsize)


def data_relay(qemu, swtpm, log, pub2b):
    """QEMU's data channel <-> ours to swtpm, frame by frame."""
    try:
        while True:
            cmd = interposer.recv_frame(qemu)
            if cmd is None:
                break
            (cc,) = struct.unpack_from(">I", cmd, 6)
            log.line("cc %08x" % cc)
            log.line("> " + cmd.hex())
            swtpm.sendall(cmd)
            rsp = interposer.recv_frame(swtpm)
            if rsp is None:
                break
            if pub2b is not None:
                rsp = interposer.swap(cc, rsp, pub2b)
            log.line("< " + rsp.hex())
            qemu.sendall(rsp)
    except OSError as e:
        log.line("# data channel: %s" % e)
    finally:
        qemu.close()
        swtpm.close()


def up_to_qemu(up, client):
    """swtpm's control answers go back unchanged (they carry no fds)."""
    try:
        while True:
            d = up.recv(4096)
            if not d:
                break
            client.sendall(d)
    except OSError:
        pass
    finally:
        client.close()


def ctrl_conn(client, upstream_path, log, pub2b):
    up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    up.connect(upstream_path)
    threading.Thread(target=up_to_qemu, args=(up, client), daemon=True).start()
    try:
        while True:
            data, anc, _, _ = client.recvmsg(4096, CMSG_FDS)
            if not data:
                break
            fds = []
            for level, typ, blob in anc:
                if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                    a = array.array("i")
                    a.frombytes(blob[:len(blob) - len(blob) % a.itemsize])
                    fds.extend(a)
            if not fds:
                up.sendall(data)
                continue
            # CMD_SET_DATAFD: keep QEMU's fd, give swtpm one end of ours.
            (code,) = struct.unpack_from(">I", data, 0) if len(data) >= 4 else (0,)
            log.line("# ctrl %d with %d fd(s): data channel interposed" % (code, len(fds)))
            for fd in fds[1:]:
                os.close(fd)
            qemu_data = socket.socket(fileno=fds[0])
            near, far = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            up.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                 array.array("i", [far.fileno()]).tobytes())])
            far.close()
            threading.Thread(target=data_relay, args=(qemu_data, near, log, pub2b),
                             daemon=True).start()
    except OSError as e:
        log.line("# control channel: %s" % e)
    finally:
        try:
            up.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        up.close()


def main():
    args = sys.argv[1:]
    pub2b = None
    if len(args) == 5 and args[3] == "--swap-parent":
        with open(args[4], "rb") as f:
            pub2b = f.read()
        args = args[:3]
    if len(args) != 3:
        sys.exit(__doc__)
    listen_path, upstream_path, logpath = args
    log = interposer.Log(logpath)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(listen_path)
    s.listen(4)
    with open(logpath + ".ready", "w") as f:
        f.write(str(os.getpid()))
    while True:
        c, _ = s.accept()
        threading.Thread(target=ctrl_conn, args=(c, upstream_path, log, pub2b),
                         daemon=True).start()


if __name__ == "__main__":
    main()
