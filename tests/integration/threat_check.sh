#!/bin/sh
# threat_check.sh - threat-model/check.sh can fail: on a copy of the tree it
# must reject a threat whose test does not exist, a threat that names no
# test, a SECURITY-GAP the gaps list lacks and one without an ID; and it
# passes on the tree itself.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/assert.sh
CHK="$TOP/threat-model/check.sh"

sh "$CHK" "$TOP" >/dev/null 2>&1 || fail "threat-check fails on the tree"

W=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-tc-test.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
fresh() {
	rm -rf "$W/t"
	mkdir -p "$W/t"
	# every folder a threat's code or tests may name
	for d in src transport include tests fuzz threat-model examples contrib; do
		[ -d "$d" ] && cp -R "$d" "$W/t/"
	done
}

fresh
sh "$CHK" "$W/t" >/dev/null 2>&1 || fail "threat-check fails on a plain copy"

# A test name that is not registered.
fresh
sed -i '2s/::test_salted_ecc;/::test_no_such_test;/' "$W/t/threat-model/threats.tsv"
out=$(sh "$CHK" "$W/t" 2>&1)
expect_eq "$?" 1 "missing test name"
case $out in *test_no_such_test*) ;; *) fail "missing test not named: $out" ;; esac

# A test file that does not exist.
fresh
sed -i '2s|tests/integration/it_session.c::test_salted_rsa|tests/unit/test_gone.c::test_x|' "$W/t/threat-model/threats.tsv"
expect_exit 1 sh "$CHK" "$W/t"

# A threat with no test.
fresh
awk -F '\t' 'BEGIN { OFS = "\t" } NR == 2 { $8 = "" } { print }' \
	"$TOP/threat-model/threats.tsv" >"$W/t/threat-model/threats.tsv"
out=$(sh "$CHK" "$W/t" 2>&1)
expect_eq "$?" 1 "threat without a test"
case $out in *"names no test"*) ;; *) fail "no-test row not reported: $out" ;; esac

# A SECURITY-GAP comment not mirrored, then mirrored, then without an ID.
fresh
echo '/* SECURITY-GAP(G-99): test gap */' >>"$W/t/src/cmds/random.c"
out=$(sh "$CHK" "$W/t" 2>&1)
expect_eq "$?" 1 "unmirrored gap"
case $out in *G-99*) ;; *) fail "unmirrored gap not named: $out" ;; esac
printf 'G-99\tsrc/cmds/random.c\ttest gap\tT-PARSE-1\n' >>"$W/t/threat-model/gaps.tsv"
sh "$CHK" "$W/t" >/dev/null 2>&1 || fail "mirrored gap still fails"
echo '/* SECURITY-GAP: no id */' >>"$W/t/src/cmds/random.c"
expect_exit 1 sh "$CHK" "$W/t"

finish threat_check
