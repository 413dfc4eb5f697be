#!/bin/sh
# tests/lib/size.sh BUILD - .text per library module, of the CLI and, when
# built, of the static binary. Module figures add up the .text* sections of
# that module's objects (before linking, so nothing is garbage-collected
# yet); the CLI figure is the linked binary's .text, BearSSL included.
set -u
B=${1:-build}
text_of() {   # sum of .text* sections over the given objects
	for o in "$@"; do [ -f "$o" ] && size -A "$o"; done |
		awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }'
}
printf '%-22s %8s\n' module ".text"
total=0
for m in src/marshal src/cmds src/session src/seal src/crypto transport; do
	n=$(text_of "$B"/obj/$m/*.o)
	total=$((total + n))
	printf '%-22s %8d\n' "$m" "$n"
done
printf '%-22s %8d\n' "library (sum)" "$total"
core=$((total - $(text_of "$B"/obj/src/crypto/*.o)))
printf '%-22s %8d\n' "core without crypto" "$core"
for bin in "$B/mtpm" "$B/mtpm-static"; do
	[ -f "$bin" ] || continue
	t=$(size -A "$bin" | awk '$1 == ".text" { print $2 }')
	printf '%-22s %8d   (file %d bytes)\n' "$(basename "$bin") .text" "$t" "$(stat -c %s "$bin")"
done
