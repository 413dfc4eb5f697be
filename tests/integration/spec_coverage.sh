#!/bin/sh
# spec_coverage.sh - `make spec-coverage` passes on the tree, and the checker
# itself can fail: on a small synthetic tree it must reject an uncited
# command, an uncited response parser and an uncited type function, and
# accept a getter that shares its putter's citation.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/assert.sh
SC="$TOP/tests/lib/spec-coverage.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-sc-test.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM

# 1. The real tree: every command and type function is cited.
if ! sh "$SC" "$TOP" >"$W/real.txt" 2>&1; then
	sed -n '/Uncited/,$p' "$W/real.txt" >&2
	fail "spec-coverage fails on the tree"
fi
grep -qE '^  Unseal +Part 3 §12\.7 ' "$W/real.txt" || fail "Unseal not listed with Part 3 §12.7"
grep -qE '^  GetRandom +Part 3 §16\.1 .*tests/' "$W/real.txt" || fail "GetRandom listed without its test"
grep -qE '^  get_TPMT_PUBLIC +Part 2 §12\.2\.4 ' "$W/real.txt" || fail "get_TPMT_PUBLIC not cited"
grep -q '^summary: .* 0 uncited$' "$W/real.txt" || fail "summary does not say 0 uncited"

# 2. A synthetic tree.
mkdir -p "$W/t/include/mtpm" "$W/t/src/cmds" "$W/t/src/marshal" "$W/t/tests/unit"
cat >"$W/t/include/mtpm/tpm.h" <<'EOF'
#define MTPM_CC_Unseal              0x0000015E
#define MTPM_CC_GetRandom           0x0000017B
#define MTPM_CC_PolicyPCR           0x0000017F
EOF
cat >"$W/t/src/cmds/a.c" <<'EOF'
/* Part 3 §16.1 TPM2_GetRandom */
mtpm_rc mtpm_GetRandom(mtpm_ctx *ctx)
{
	switch (x) {
	case MTPM_CC_PolicyPCR:   /* Part 3 §23.7 */
		break;
	}
}

mtpm_rc mtpm_Unseal(mtpm_ctx *ctx)
{
}
EOF
cat >"$W/t/src/marshal/b.c" <<'EOF'
/* Part 2 §10.4.2 TPM2B_DIGEST */
void mtpm_put_TPM2B_DIGEST(mtpm_cur *c, const mtpm_TPM2B_DIGEST *v)
{
}

void mtpm_get_TPM2B_DIGEST(mtpm_cur *c, mtpm_TPM2B_DIGEST *v)
{
}

void mtpm_get_TPMT_HA(mtpm_cur *c, mtpm_TPMT_HA *v)
{
}

/* not a type function: no citation needed */
void mtpm_put_u16(mtpm_cur *c, uint16_t v)
{
}
EOF
echo 'int main(void) { return mtpm_GetRandom(0); }' >"$W/t/tests/unit/test_a.c"

sh "$SC" "$W/t" >"$W/syn.txt" 2>&1
expect_eq "$?" 1 "uncited functions make spec-coverage fail"
sed -n '/Uncited/,/^$/p' "$W/syn.txt" >"$W/unc.txt"
grep -q '^  Unseal ' "$W/unc.txt" || fail "uncited Unseal not reported"
grep -q '^  get_TPMT_HA ' "$W/unc.txt" || fail "uncited get_TPMT_HA not reported"
grep -q 'get_TPM2B_DIGEST' "$W/unc.txt" && fail "getter did not inherit its putter's citation"
grep -q 'put_u16' "$W/syn.txt" && fail "a cursor primitive was taken for a type function"
grep -qE '^  GetRandom +Part 3 §16\.1 +src/cmds/a\.c:2 +tests/unit/test_a\.c$' "$W/syn.txt" ||
	fail "GetRandom row (citation, place, test)"
grep -qE '^  PolicyPCR +Part 3 §23\.7 ' "$W/syn.txt" || fail "policy step sent through a switch"

# 3. Cite the two and it passes.
sed -i 's|^mtpm_rc mtpm_Unseal|/* Part 3 §12.7 TPM2_Unseal */\nmtpm_rc mtpm_Unseal|' "$W/t/src/cmds/a.c"
sed -i 's|^void mtpm_get_TPMT_HA|/* Part 2 §10.3.2 TPMT_HA */\nvoid mtpm_get_TPMT_HA|' "$W/t/src/marshal/b.c"
sh "$SC" "$W/t" >"$W/syn2.txt" 2>&1 || fail "spec-coverage still fails once everything is cited"

# 4. A placeholder section fails, named by file:line. The x is built at
# run time so this file does not flag itself.
x=x
printf '/* Part 1 §18.%s */\n' "$x" >>"$W/t/src/cmds/a.c"
sh "$SC" "$W/t" >"$W/syn3.txt" 2>&1
expect_eq "$?" 1 "a placeholder section makes spec-coverage fail"
grep -F "src/cmds/a.c:" "$W/syn3.txt" | grep -qF "§18.$x" || fail "placeholder not named as file:line"

# 5. The command table: a row whose section disagrees with its function's
# citation, and a row with no function, fail; named by file:line.
sed -i '$d' "$W/t/src/cmds/a.c"   # drop the placeholder again
cat >"$W/t/src/cmds/table.c" <<'TBL'
const mtpm_cmd_desc mtpm_cmd_GetRandom = {
	.cc = MTPM_CC_GetRandom,
	.name = "GetRandom", .section = "16.2",
};

const mtpm_cmd_desc mtpm_cmd_Unseal = {
	.cc = MTPM_CC_Unseal,
	.name = "Unseal", .section = "12.7",
};

const mtpm_cmd_desc mtpm_cmd_StirRandom = {
	.cc = MTPM_CC_StirRandom,
	.name = "StirRandom", .section = "16.2",
};
TBL
sh "$SC" "$W/t" >"$W/syn4.txt" 2>&1
expect_eq "$?" 1 "a table row that disagrees with its function makes spec-coverage fail"
grep -qE '^  GetRandom +src/cmds/table\.c:1: row says Part 3 §16\.2, the function cites Part 3 §16\.1' "$W/syn4.txt" ||
	fail "section mismatch between row and function not named"
grep -qE '^  StirRandom +src/cmds/table\.c:11: a row with no mtpm_StirRandom function' "$W/syn4.txt" ||
	fail "row without a function not named"
grep -E '^  Unseal +src/cmds/table' "$W/syn4.txt" && fail "an agreeing row was reported"
sed -i '/mtpm_cmd_StirRandom/,/^};/d' "$W/t/src/cmds/table.c"
sed -i '1,4s/"16.2"/"16.1"/' "$W/t/src/cmds/table.c"
sh "$SC" "$W/t" >"$W/syn5.txt" 2>&1 || fail "spec-coverage fails although the table agrees"

finish spec_coverage
