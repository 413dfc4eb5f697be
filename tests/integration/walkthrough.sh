#!/bin/sh
# walkthrough.sh - docs/walkthrough-unseal.md is generated from real bytes
# (docs/walkthrough/unseal.capture, recorded from swtpm) and must stay
# what the decoder says of them: render it again and compare. The same
# capture is a golden vector: every frame must decode with nothing
# malformed, and it must be exactly the five commands of an unseal with a
# known parent (the round-trip count README.md states).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
W=docs/walkthrough
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

"$M" decode "$W/unseal.capture" >"$tmp" || fail "decode of the capture"
grep -q '^== 10 frame(s), 0 did not parse' "$tmp" || fail "capture does not decode cleanly"
cmds=$(grep -A1 ': command$' "$tmp" | sed -n 's/^\(TPM2_[A-Za-z_]*\) command.*/\1/p' | tr '\n' ' ')
expect_eq "$cmds" "TPM2_Load TPM2_StartAuthSession TPM2_PolicyPCR TPM2_Unseal TPM2_FlushContext " \
	"the commands of one unseal"
sh "$W/render.sh" "$M" "$tmp" || fail "render.sh"
cmp -s "$tmp" docs/walkthrough-unseal.md ||
	fail "docs/walkthrough-unseal.md is stale: run sh docs/walkthrough/render.sh build/mtpm"
# The secret never appears in the capture (it crossed encrypted).
if grep -qi "$(printf 'correct horse battery staple' | xxd -p | tr -d '\n')" "$W/unseal.capture"; then
	fail "the secret is in the capture"
fi
finish walkthrough
