#!/bin/sh
# docs/walkthrough/render.sh MTPM [OUT] - build docs/walkthrough-unseal.md
# from template.md and `MTPM decode unseal.capture`: each "{{frame N}}"
# line becomes frame N's decode, in a code block. Fails if the decoder
# reports anything malformed or a frame is missing.
set -eu
D=$(cd "$(dirname "$0")" && pwd)
M=$1
OUT=${2:-$D/../walkthrough-unseal.md}
dec=$(mktemp)
trap 'rm -f "$dec"' EXIT
"$M" decode "$D/unseal.capture" >"$dec"
awk -v decfile="$dec" '
BEGIN {
	n = 0
	while ((getline line < decfile) > 0) {
		if (line ~ /^== frame [0-9]+ /) { split(line, w, " "); n = w[3]; continue }
		if (line ~ /^== [0-9]+ frame/) continue
		frame[n] = frame[n] line "\n"
	}
}
/^\{\{frame [0-9]+\}\}$/ {
	k = $2; sub(/\}\}$/, "", k)
	if (!(k in frame)) { print "render.sh: no frame " k > "/dev/stderr"; exit 1 }
	printf "```\n%s```\n", frame[k]
	next
}
{ print }
' "$D/template.md" >"$OUT"
