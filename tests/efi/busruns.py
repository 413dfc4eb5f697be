#!/usr/bin/env python3
"""busruns.py - the TPM traffic of each mtpm.efi run in a ctrlproxy.py log.

    busruns.py BUSLOG NRUNS

A boot's startup.nsh runs mtpm.efi NRUNS times. OVMF measures every image
it starts into PCR 4 (a TPM2_PCR_Extend of PCR 4 on the bus, Part 3 §22.2)
just before the image runs, and nothing else it starts after the shell, so
the last NRUNS PCR 4 extends open the runs, in order. For each run this
prints two lines the test greps:

    run K cc NAME NAME ...      every command the run sent, in order
    run K loaded none           or: run K loaded HANDLE ... (still loaded)

"loaded" follows what the TPM holds: transient objects from CreatePrimary,
Load, CreateLoaded and LoadExternal, sessions from StartAuthSession; gone
after a successful FlushContext, and a session also after a successful
command that used it with continueSession clear (Part 1 §19.6.4). A
command with an authorization area this table does not know the handle
count of stops the script (exit 2): extend HANDLES rather than guess.
Exit 1 when the log holds fewer than NRUNS PCR 4 extends.
"""
import struct
import sys

NAMES = {
    0x129: "HierarchyChangeAuth", 0x131: "CreatePrimary", 0x143: "SelfTest",
    0x144: "Startup", 0x145: "Shutdown", 0x153: "Create", 0x157: "Load",
    0x15E: "Unseal", 0x165: "FlushContext", 0x167: "LoadExternal",
    0x16B: "PolicyAuthValue", 0x171: "PolicyOR", 0x173: "ReadPublic",
    0x176: "StartAuthSession", 0x17A: "GetCapability", 0x17B: "GetRandom",
    0x17E: "PCR_Read", 0x17F: "PolicyPCR", 0x180: "PolicyRestart",
    0x181: "ReadClock", 0x182: "PCR_Extend", 0x18C: "PolicyPassword",
    0x191: "CreateLoaded",
}
# Handles in the command's handle area, for commands that may carry an
# authorization area (tag TPM_ST_SESSIONS) in these boots (Part 3).
HANDLES = {0x129: 1, 0x131: 1, 0x153: 1, 0x157: 1, 0x15E: 1, 0x182: 1, 0x191: 1,
           0x173: 1, 0x17E: 0, 0x17A: 0, 0x17B: 0}
CREATES = {0x131, 0x157, 0x167, 0x191, 0x176}   # a handle in the response
PW = 0x40000009                                   # TPM_RS_PW, no session


def tpm2b(b, o):
    (n,) = struct.unpack_from(">H", b, o)
    return o + 2 + n


def ended_sessions(cc, cmd):
    """Sessions the command names with continueSession clear."""
    if struct.unpack_from(">H", cmd, 0)[0] != 0x8002:
        return []
    if cc not in HANDLES:
        sys.exit("busruns.py: cc %08x carries sessions; add its handle count" % cc)
    o = 10 + 4 * HANDLES[cc]
    (size,) = struct.unpack_from(">I", cmd, o)
    o += 4
    end = o + size
    out = []
    while o < end:
        (h,) = struct.unpack_from(">I", cmd, o)
        o = tpm2b(cmd, o + 4)
        attrs = cmd[o]
        o = tpm2b(cmd, o + 1)
        if h != PW and not attrs & 1:
            out.append(h)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    nruns = int(sys.argv[2])
    pairs = []
    cc = None
    cmd = None
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("cc "):
            cc = int(line[3:], 16)
        elif line.startswith("> "):
            cmd = bytes.fromhex(line[2:])
        elif line.startswith("< ") and cmd is not None:
            pairs.append((cc, cmd, bytes.fromhex(line[2:])))
            cmd = None
    starts = [i for i, (c, m, _) in enumerate(pairs)
              if c == 0x182 and m[10:14] == b"\x00\x00\x00\x04"]
    if len(starts) < nruns:
        print("busruns.py: %d PCR 4 extends, %d runs expected" % (len(starts), nruns),
              file=sys.stderr)
        sys.exit(1)
    starts = starts[len(starts) - nruns:] + [len(pairs)]
    loaded = []
    for k in range(nruns):
        names = []
        for c, m, r in pairs[starts[k]:starts[k + 1]]:
            if c == 0x182:           # the firmware's measurement, not the run's
                continue
            names.append(NAMES.get(c, "cc_%08x" % c))
            ok = len(r) >= 10 and struct.unpack_from(">I", r, 6)[0] == 0
            if not ok:
                continue
            if c in CREATES and len(r) >= 14:
                loaded.append(r[10:14].hex())
            if c == 0x165 and m[10:14].hex() in loaded:
                loaded.remove(m[10:14].hex())
            for h in ended_sessions(c, m):
                if "%08x" % h in loaded:
                    loaded.remove("%08x" % h)
        print("run %d cc %s" % (k + 1, " ".join(names)))
        print("run %d loaded %s" % (k + 1, " ".join(loaded) if loaded else "none"))


if __name__ == "__main__":
    main()
