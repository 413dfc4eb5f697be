#!/bin/sh
# fuzz/replay.sh BUILD - the fuzz part of `make check` (tests/run.sh).
#
#  1. Replay: builds a plain driver per harness (fuzz/replay_main.c) with
#     the normal compiler and BUILD's flags - ASan/UBSan when BUILD was
#     built with SAN=1 (told by the library's symbols) - and runs every
#     committed input, fuzz/corpus/<harness>/*, through its harness. Any
#     crash, sanitizer report or oracle violation fails.
#  2. Smoke: when clang's -fsanitize=fuzzer works, a short libFuzzer run
#     of every harness (FUZZ_SMOKE_SECONDS each, default 3) from its
#     corpus, new inputs kept out of the tree. The libFuzzer builds carry
#     their own ASan/UBSan, so the smoke runs once per `make check`: in the
#     plain pass. FUZZ_SMOKE=0 skips it, FUZZ_SMOKE=1 forces it.
# Exit status non-zero on any failure.
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
MAKE=${MAKE:-make}

san=0
if nm -A "$BUILD/libmtpm.a" 2>/dev/null | grep -q '__asan_'; then
	san=1
fi

echo "fuzz/replay.sh: replay drivers for $BUILD (SAN=$san)"
if ! $MAKE --no-print-directory -s BUILD="$BUILD" SAN=$san fuzz-replay-build; then
	echo "fuzz/replay.sh: building the replay drivers failed" >&2
	exit 1
fi

fail=0
nh=0
for bin in "$BUILD"/fuzz-replay/fuzz_*; do
	[ -x "$bin" ] || continue
	h=${bin##*/fuzz_}
	nh=$((nh + 1))
	if [ ! -d "fuzz/corpus/$h" ] || [ -z "$(ls "fuzz/corpus/$h")" ]; then
		echo "FAIL: harness $h has no corpus in fuzz/corpus/$h" >&2
		fail=1
		continue
	fi
	if ! "$bin" "fuzz/corpus/$h" >/dev/null; then
		echo "FAIL: fuzz_$h on its corpus (rerun: $bin -v fuzz/corpus/$h)" >&2
		fail=1
	fi
done
[ "$nh" -gt 0 ] || { echo "FAIL: no replay drivers built" >&2; exit 1; }
echo "fuzz/replay.sh: $nh harnesses replayed their corpora"

smoke=${FUZZ_SMOKE:-}
if [ -z "$smoke" ]; then
	smoke=$((1 - san))
fi
if [ "$smoke" = 1 ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-fuzz.XXXXXX") || exit 1
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
	if clang -fsanitize=fuzzer,address,undefined -o "$tmp/t" "$tmp/t.c" 2>/dev/null; then
		secs=${FUZZ_SMOKE_SECONDS:-3}
		FD="$BUILD/fuzz-smoke"
		echo "fuzz/replay.sh: libFuzzer smoke, ${secs}s per harness"
		if $MAKE --no-print-directory -s BUILD="$BUILD" FUZZ_DIR="$FD" fuzz-build >/dev/null; then
			for bin in "$FD"/fuzz_*; do
				[ -x "$bin" ] || continue
				h=${bin##*/fuzz_}
				mkdir -p "$tmp/$h"
				case $h in
				luks2_header) ml=65536 ;;
				luks2_tokens) ml=16384 ;;
				*) ml=4096 ;;
				esac
				if ! "$bin" -max_total_time="$secs" -max_len="$ml" \
					-artifact_prefix="$tmp/$h-" "$tmp/$h" "fuzz/corpus/$h" \
					>"$tmp/$h.log" 2>&1; then
					echo "FAIL: libFuzzer smoke of fuzz_$h:" >&2
					grep -E 'oracle violated|ERROR|SUMMARY|Test unit written' "$tmp/$h.log" >&2
					ls "$tmp/$h"-* 2>/dev/null | while read -r a; do
						echo "  crashing input (hex):" >&2
						od -An -tx1 "$a" | head -8 >&2
					done
					fail=1
				else
					sed -n 's/^#\([0-9]*\)[[:space:]]*DONE[[:space:]]*\(cov: [0-9]* ft: [0-9]*\).*/  fuzz_'"$h"': \1 runs, \2/p' "$tmp/$h.log"
				fi
			done
		else
			echo "FAIL: libFuzzer build" >&2
			fail=1
		fi
	else
		echo "fuzz/replay.sh: clang -fsanitize=fuzzer unavailable: smoke skipped"
	fi
	rm -rf "$tmp"
fi
exit $fail
