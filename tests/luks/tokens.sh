#!/bin/sh
# tests/luks/tokens.sh IMAGE [OUTDIR] - export every LUKS2 token of IMAGE
# as OUTDIR/BASENAME.tokenN.json (N = token id; OUTDIR defaults to the
# image's folder), exactly as `cryptsetup token export` prints it, and
# print one line per token: "FILE TYPE KEYSLOTS".
# Exit 0 if at least one token was exported, 1 if none (or IMAGE is not
# LUKS2).
set -u
# shellcheck disable=SC2034 # read by common.sh
LUKS_PROG=tokens.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || luks_die "usage: tokens.sh IMAGE [OUTDIR]"
img=$1
out=${2:-$(dirname "$img")}
cryptsetup isLuks --type luks2 "$img" 2>/dev/null || luks_die "$img is not a LUKS2 volume"
base=$(basename "$img" .img)
n=0
id=0
# LUKS2 has at most 32 token ids (0..31).
while [ $id -lt 32 ]; do
	f="$out/$base.token$id.json"
	if cryptsetup token export --token-id $id "$img" >"$f" 2>/dev/null; then
		echo "$f $(luks_jstr "$f" type) $(jose fmt -j "$f" -Og keyslots -Af- | tr -d '"' | paste -sd, -)"
		n=$((n + 1))
	else
		rm -f "$f"
	fi
	id=$((id + 1))
done
[ $n -gt 0 ] || luks_die "$img has no token"
