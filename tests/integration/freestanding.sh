#!/bin/sh
# freestanding.sh - issue 6 §2: src/marshal, src/cmds, src/session and
# src/seal (with the crypto helpers and the callback transport a
# bootloader links beside them) compile with -ffreestanding -fno-builtin
# and need nothing from libc beyond memcpy, memmove, memset and memcmp.
# Fails, naming the symbol and the objects, otherwise.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
B=${BUILD:-build}
out=$(make --no-print-directory BUILD="$B" freestanding 2>&1)
rc=$?
echo "$out" | grep "^freestanding"
[ $rc = 0 ] || echo "$out" | grep -v "^freestanding" | tail -5 >&2
exit $rc
