#!/bin/sh
# size_budget.sh - the size budgets, checked on every `make check`:
# build/mtpm-static (musl, -Os, gc-sections, stripped) <= 128 KiB (issue
# 6), the core's -Os .text without crypto <= 41,445 bytes (issue 13), and
# no allocator referenced by the library (tests/lib/size.sh --check).
# The static binary must also work: it talks to a private swtpm. And the
# check must be able to fail: with a budget lowered below the real figure
# it has to say so.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
B=${BUILD:-build}

if ! make --no-print-directory BUILD="$B" static >"${TMPDIR:-/tmp}/size_budget.$$" 2>&1; then
	cat "${TMPDIR:-/tmp}/size_budget.$$" >&2
	rm -f "${TMPDIR:-/tmp}/size_budget.$$"
	echo "size_budget: make static failed" >&2
	exit 1
fi
rm -f "${TMPDIR:-/tmp}/size_budget.$$"

sh tests/lib/size.sh --check "$B" || fail "size budgets (above)"

# The check fails when a budget is exceeded.
MTPM_BIN_BUDGET=1000 sh tests/lib/size.sh --check "$B" >/dev/null 2>&1 &&
	fail "size.sh --check passed a 1000-byte binary budget"
MTPM_CORE_BUDGET=1000 sh tests/lib/size.sh --check "$B" >/dev/null 2>&1 &&
	fail "size.sh --check passed a 1000-byte core budget"

# The stack bound of the unseal path (docs/stack.md): stack.py must find
# the public entry points and give mtpm_unseal a bound within 16 KiB.
python3 tests/lib/stack.py "$B/static/obj" >"${TMPDIR:-/tmp}/size_stack.$$" 2>&1 ||
	fail "stack.py failed: $(tail -1 "${TMPDIR:-/tmp}/size_stack.$$")"
n=$(grep -c '^mtpm_' "${TMPDIR:-/tmp}/size_stack.$$")
[ "$n" -ge 50 ] || fail "stack.py found only $n public entry points"
bound=$(awk '$1 == "mtpm_unseal" { print $3 }' "${TMPDIR:-/tmp}/size_stack.$$")
rm -f "${TMPDIR:-/tmp}/size_stack.$$"
[ -n "$bound" ] && [ "$bound" -le 16384 ] ||
	fail "mtpm_unseal stack bound '${bound:-none}' over 16 KiB"

# Static, really: no interpreter, no shared library.
file "$B/mtpm-static" 2>/dev/null | grep -q 'statically linked' ||
	fail "$B/mtpm-static is not statically linked: $(file "$B/mtpm-static")"

# And it works.
trap swtpm_stop EXIT INT TERM
swtpm_start || exit 1
n=$("$B/mtpm-static" getrandom 32 | wc -c)
expect_eq "$n" 32 "mtpm-static getrandom 32"
"$B/mtpm-static" pcrread sha256:7 >/dev/null || fail "mtpm-static pcrread"
finish size_budget
