#!/bin/sh
# tests/lib/freestanding.sh OBJDIR - what the freestanding core needs from
# libc, checked with nm on objects built -ffreestanding -fno-builtin
# (examples/examples.mk, `make freestanding`).
#
# The core proper, src/marshal src/cmds src/session src/seal, together with
# what a bootloader links beside it when it runs sessions or uses the
# byte-level transport - the crypto helpers above the backend table
# (src/crypto/ct.c, hash.c, kdf.c) and transport/callback.c, frame.c:
# every symbol the set references and does not define must be one of
# memcpy, memmove, memset, memcmp (issue 6 §2). The crypto backend itself
# (the table) and the byte-level driver are the integrator's, reached
# through pointers, so they never show up as undefined symbols.
# Each offending symbol is printed with the objects that reference it.
# Exit 1 on any, so make check fails.
set -u
O=${1:?usage: freestanding.sh OBJDIR}
ALLOWED='^(memcpy|memmove|memset|memcmp)$'
bad=0

check_set() {   # check_set TITLE OBJECTS...
	_title=$1
	shift
	_u=$(nm -u "$@" 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u)
	_d=$(nm --defined-only "$@" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
	_ext=$(printf '%s\n' "$_u" | grep -vxF -f /dev/fd/3 3<<-EOD | sed '/^$/d'
	$_d
	EOD
	)
	_libc=$(printf '%s\n' "$_ext" | grep -E "$ALLOWED" | tr '\n' ' ')
	_other=$(printf '%s\n' "$_ext" | grep -vE "$ALLOWED" | sed '/^$/d')
	echo "freestanding: $_title: $# objects, from libc: ${_libc:-nothing}"
	for s in $_other; do
		echo "freestanding: FAIL: $_title needs '$s' beyond memcpy/memmove/memset/memcmp, in:" \
			$(nm -A -u "$@" | awk -v s="$s" '$NF == s { sub(/:.*/, "", $1); print $1 }' | sort -u) >&2
		bad=1
	done
}

core=$(ls "$O"/src/marshal/*.o "$O"/src/cmds/*.o "$O"/src/session/*.o "$O"/src/seal/*.o 2>/dev/null)
[ -n "$core" ] || { echo "freestanding: no objects under $O" >&2; exit 1; }
# The core calls the crypto helpers (mtpm_hash, mtpm_kdfa, mtpm_wipe, ...),
# so it is checked together with them: what the set as a whole leaves
# undefined is what the integrator must supply.
# shellcheck disable=SC2086
check_set "core (marshal cmds session seal) + crypto helpers + callback transport" $core \
	"$O"/src/crypto/ct.o "$O"/src/crypto/hash.o "$O"/src/crypto/kdf.o \
	"$O"/transport/callback.o "$O"/transport/frame.o
exit $bad
