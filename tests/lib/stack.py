#!/usr/bin/env python3
"""tests/lib/stack.py OBJDIR [--check BYTES] - worst-case stack per public
entry point, from GCC's own per-function figures.

Input: the .ci files `-fcallgraph-info=su` writes next to each object of
the static build (examples/examples.mk): one node per function with its
frame size from -fstack-usage ("N bytes (static|dynamic,bounded)") and
one edge per call site.

Method: the worst path from an entry point is its own frame plus the
worst path among its callees (depth-first, memoized). The call graph has
no recursion by rule (STYLE.md); a cycle is reported, and cut.

What GCC cannot see, and how it is counted:
  - indirect calls (the "__indirect_call" node): the transport's
    transmit(), the crypto table and the session hooks are reached through
    pointers. Each is charged the worst path among every file-local
    function in the files that implement those tables (transport/,
    src/crypto/bearssl.c, src/session/session.c): an upper bound, not a
    guess;
  - functions outside our objects (BearSSL from Debian's .a, musl) have
    no .su: their frames are listed as "external" and not added. Their
    share is measured at run time instead (docs/stack.md);
  - a "dynamic" (unbounded) frame would make the figure meaningless and
    fails --check; "dynamic,bounded" frames are taken at GCC's bound.

Output: a table, entry point -> worst bytes, the path, and the external
functions along the way. With --check N, exit 1 when any entry point is
over N bytes or has an unbounded frame.
"""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
FRAME = re.compile(r'\\n(\d+) bytes \(([a-z,]+)\)')

INDIRECT_FILES = ("transport/", "src/crypto/bearssl.c", "src/session/session.c")
HEADERS = ("include/mtpm/cmds.h", "include/mtpm/session.h",
           "include/mtpm/seal.h", "include/mtpm/keyfile.h")


def load(objdir):
    frames, kinds, files, edges = {}, {}, {}, {}
    for ci in sorted(glob.glob(os.path.join(objdir, "**", "*.ci"), recursive=True)):
        for line in open(ci, encoding="utf-8", errors="replace"):
            m = NODE.search(line)
            if m:
                title, label = m.groups()
                f = FRAME.search(label)
                if f:
                    frames[title] = int(f.group(1))
                    kinds[title] = f.group(2)
                    loc = label.split("\\n")[1] if "\\n" in label else ""
                    files[title] = loc.split(":")[0]
                continue
            m = EDGE.search(line)
            if m:
                edges.setdefault(m.group(1), []).append(m.group(2))
    return frames, kinds, files, edges


def public_entries():
    names = []
    for h in HEADERS:
        if not os.path.exists(h):
            continue
        text = open(h, encoding="utf-8").read()
        # A declaration may start with MTPM_MUST_CHECK (include/mtpm/rc.h).
        for m in re.finditer(r'^(?:MTPM_MUST_CHECK )?[a-z][\w ]*?\**\b(mtpm_[A-Za-z0-9_]+)\(', text, re.M):
            if m.group(1) not in names:
                names.append(m.group(1))
    return names


def main():
    args = sys.argv[1:]
    limit = None
    if "--check" in args:
        i = args.index("--check")
        limit = int(args[i + 1])
        del args[i:i + 2]
    objdir = args[0] if args else "build/static/obj"
    frames, kinds, files, edges = load(objdir)
    if not frames:
        print(f"stack: no .ci files under {objdir} (make static)", file=sys.stderr)
        return 1
    # Functions put in tables are file-local (static): GCC titles those
    # "file:name". Public functions are called directly.
    indirect = sorted(t for t in frames
                      if ":" in t and files.get(t, "").startswith(INDIRECT_FILES))
    memo, cycles, external = {}, set(), set()

    # A result computed while a cycle was cut below it depends on the
    # path that led there (the cut callee counted 0), so only a result
    # with no cut under it is memoized; otherwise a function shared by a
    # cycle and a plain caller (mtpm_cap_run: GetCapability, and the
    # recovery's handle listing under FlushContext) would keep the
    # cut-short figure for every later caller.
    def worst(fn, stack):
        if fn in memo:
            return memo[fn]
        if fn in stack:
            cycles.add(" -> ".join(stack[stack.index(fn):] + [fn]))
            return (0, [], True)
        if fn == "__indirect_call":
            callees = indirect
            own = 0
        elif fn in frames:
            callees = edges.get(fn, [])
            own = frames[fn]
        else:
            external.add(fn)
            return (0, [fn + " (external)"], False)
        best, cut = (0, [], False), False
        for c in callees:
            w = worst(c, stack + [fn])
            cut = cut or w[2]
            if w[0] > best[0]:
                best = w
        res = (own + best[0], [f"{fn} {own}" if fn != "__indirect_call" else "(indirect)"] + best[1],
               cut)
        if not cut:
            memo[fn] = res
        return res

    bad = 0
    rows = []
    for e in public_entries():
        if e not in frames:
            continue
        total, path, _ = worst(e, [])
        rows.append((e, total, path))
    w = max(len(r[0]) for r in rows)
    print(f"{'entry point':<{w}}  {'worst bytes':>11}  {'bound':>6}  path (function frame ...)")
    # An indirect target that itself calls through a pointer (a session
    # hook flushing its session sends a command) shows up as a cycle
    # through the placeholder, which is cut; so paths through an indirect
    # call get one more worst indirect target added as a margin.
    margin = worst("__indirect_call", [])[0]
    print(f"(paths through an indirect call: + {margin} bytes margin for a nested one, in the last column)")
    for e, total, path in rows:
        upper = total + margin if "(indirect)" in path else total
        print(f"{e:<{w}}  {total:>11}  {upper:>6}  {' > '.join(path)}")
        total = upper
        if limit is not None and total > limit:
            print(f"stack: FAIL: {e} needs {total} bytes, target {limit}", file=sys.stderr)
            bad = 1
    unbounded = sorted(f for f, k in kinds.items() if k == "dynamic")
    if unbounded:
        print("unbounded (dynamic) frames:", " ".join(unbounded))
        if limit is not None:
            bad = 1
    if cycles:
        print("cycles cut (each counted once):")
        for c in sorted(cycles):
            print("  " + c)
    ext = sorted(x for x in external if not x.startswith("__"))
    print(f"external functions not counted ({len(ext)}): " + " ".join(ext))
    return bad


if __name__ == "__main__":
    sys.exit(main())
