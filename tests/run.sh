#!/bin/sh
# tests/run.sh BUILD - run every test against the binaries in BUILD.
#
#  1. unit tests: each $BUILD/tests/test_* (cmocka);
#  2. C integration tests: each $BUILD/tests/it_* against its own private
#     swtpm (tests/lib/swtpm.sh), followed by a leak check: no transient
#     object and no session may be left in the TPM;
#  3. shell integration tests: each tests/integration/*.sh, which start
#     their own swtpm;
#  4. fuzz corpus replay, when fuzz/replay.sh exists.
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
export BUILD MTPM="$TOP/$BUILD/mtpm"
# WRAP (e.g. "valgrind --error-exitcode=1 -q") runs the C test programs
# under a checker; ONLY=c limits a run to the C tests (check-valgrind).
WRAP=${WRAP:-}
ONLY=${ONLY:-all}
. tests/lib/swtpm.sh

pass=0
fail=0
failed=""
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); failed="$failed $1"; echo "FAIL: $1" >&2; }

# Every handle of one kind still in the TPM, via our own CLI.
leftovers() {
	{ "$MTPM" handles transient; "$MTPM" handles sessions; } 2>&1
}

echo "== unit tests ($BUILD)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if $WRAP "$t"; then ok; else ko "$(basename "$t")"; fi
done

echo "== integration tests (C)"
for t in "$BUILD"/tests/it_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	(
		trap swtpm_stop EXIT INT TERM
		swtpm_start --tcp || exit 1
		$WRAP "$t" || exit 1
		left=$(leftovers)
		if [ -n "$left" ]; then
			echo "$n left handles in the TPM: $left" >&2
			exit 1
		fi
	) && ok || ko "$n"
done

[ "$ONLY" = c ] && { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

echo "== integration tests (shell)"
for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t")
	if sh "$t"; then ok; else ko "$n"; fi
done

if [ -f fuzz/replay.sh ]; then
	echo "== fuzz corpus replay"
	if sh fuzz/replay.sh "$BUILD"; then ok; else ko "fuzz-replay"; fi
fi

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
