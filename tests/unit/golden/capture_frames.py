#!/usr/bin/env python3
"""capture_frames.py - pull TPM command/response frames out of a tpm2-tss
TCTI trace (TSS2_LOG=tcti+trace) written by capture.sh.

Prints one line per frame: STEP CC DIR HEX, where DIR is cmd or rsp and CC
the command code of the command the frame belongs to (hex). The swtpm TCTI
logs a command as one "Writing N bytes to socket" dump and a response as a
10-byte header read followed by a body read; the two are joined here.
"""
import re
import sys

dump = re.compile(r'^[0-9a-f]{4}: ([0-9a-f]+)')
step = None
cc = None
mode = None      # 'cmd', 'rsp' or None: what the next hex dump belongs to
buf = ''
rsp = ''
want = 0
out = []


def flush():
    global buf, rsp, mode
    if mode == 'cmd' and buf:
        out.append((step, cc, 'cmd', buf))
    elif mode == 'rsp' and buf:
        rsp += buf
        if len(rsp) // 2 >= 10:
            total = int(rsp[4:12], 16)
            if len(rsp) // 2 == total:
                out.append((step, cc, 'rsp', rsp))
                rsp = ''
    buf = ''


for line in open(sys.argv[1], errors='replace'):
    line = line.rstrip('\n')
    if line.startswith('=== STEP '):
        flush(); mode = None
        step = line.split()[2]
        continue
    m = dump.match(line)
    if m and mode:
        buf += m.group(1)
        continue
    flush()
    mode = None
    m = re.search(r'Sending command with TPM_CC (0x[0-9a-f]+)', line)
    if m:
        cc = int(m.group(1), 16)
        rsp = ''
    elif 'socket_xmit_buf() Writing' in line:
        mode = 'cmd'
    elif 'read_all() read' in line:
        mode = 'rsp'
flush()
for s, c, d, h in out:
    print(s, '%03x' % c, d, h)
