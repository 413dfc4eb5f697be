# tests/lib/assert.sh - tiny assertion helpers for the shell tests (source it).
# Every failure is printed; `finish NAME` exits 1 if any assertion failed.
_assert_failed=0

fail() {
	echo "  not ok: $*" >&2
	_assert_failed=1
}

expect_eq() {
	if [ "$1" != "$2" ]; then
		fail "$3: got '$1', want '$2'"
	fi
}

# expect_exit CODE CMD... : run CMD, check its exit status.
expect_exit() {
	_want=$1
	shift
	"$@" >/dev/null 2>&1
	_got=$?
	if [ "$_got" != "$_want" ]; then
		fail "exit $_got, want $_want: $*"
	fi
}

finish() {
	if [ "$_assert_failed" != 0 ]; then
		echo "$1: FAILED" >&2
		exit 1
	fi
	echo "$1: ok"
	exit 0
}
