#!/bin/sh
# threat-model/check.sh [ROOT] - `make threat-check`: the threat model cannot
# claim a test that is not there, and no known gap can hide in the code.
#
# Fails (exit 1) when
#   threats.tsv
#     - the header is not the fixed one, a row has the wrong number of
#       columns, an ID is malformed or used twice;
#     - a threat names no test, or names a test that does not exist: each
#       test is FILE::NAME; FILE must exist, and NAME must be a registered
#       cmocka test in a .c file (cmocka_unit_test*(NAME), written out or
#       built by a one-argument pasting macro) or appear verbatim in a
#       shell test;
#     - a code reference FILE:FUNCTION points at a missing file or a
#       function name the file does not contain;
#   gaps
#     - a SECURITY-GAP comment in src/, transport/ or include/ carries no ID
#       (write it as `SECURITY-GAP(G-3): ...`);
#     - a SECURITY-GAP ID in the code is missing from gaps.tsv, or gaps.tsv
#       lists an ID no comment carries any more (fixed: remove the row);
#   README.md
#     - a threat ID in threats.tsv is not mentioned in README.md, or README.md
#       mentions a T- ID that is neither in threats.tsv nor in its
#       "Not yet tested" table, or an ID is in both.
# The "Not yet tested" table in README.md is reported (count) but not
# checked against tests: those threats have none yet.
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT" || exit 2
TM=threat-model
bad=0
err() {
	echo "threat-check: $*" >&2
	bad=1
}

[ -f "$TM/threats.tsv" ] || { err "no $TM/threats.tsv"; exit 1; }
[ -f "$TM/gaps.tsv" ] || { err "no $TM/gaps.tsv"; exit 1; }
[ -f "$TM/README.md" ] || { err "no $TM/README.md"; exit 1; }

# The cmocka tests FILE registers, one per line: cmocka_unit_test*(NAME)
# written out, and those a macro such as
#   #define T(k) cmocka_unit_test(test_##k##_E_NONE), ...
# builds for each use T(ARG) in the file.
registered() {
	awk '
	{ text = text $0 "\n" }
	END {
		n = split(text, L, "\n")
		for (i = 1; i <= n; i++) {
			l = L[i]
			if (l ~ /^#define [A-Za-z_][A-Za-z0-9_]*\([A-Za-z_][A-Za-z0-9_]*\)/) {
				d = l
				while (d ~ /\\$/ && i < n) { i++; d = d " " L[i] }
				m = d; sub(/^#define /, "", m); arg = m
				sub(/\(.*/, "", m)
				sub(/^[^(]*\(/, "", arg); sub(/\).*/, "", arg)
				body = d
				while (match(body, /cmocka_unit_test[a-z_]*\([A-Za-z0-9_#]+/)) {
					t = substr(body, RSTART, RLENGTH)
					sub(/^[^(]*\(/, "", t)
					if (t ~ /##/) { macro[m] = macro[m] " " t; marg[m] = arg }
					body = substr(body, RSTART + RLENGTH)
				}
				continue
			}
			body = l
			while (match(body, /cmocka_unit_test[a-z_]*\([A-Za-z0-9_]+/)) {
				t = substr(body, RSTART, RLENGTH)
				sub(/^[^(]*\(/, "", t)
				print t
				body = substr(body, RSTART + RLENGTH)
			}
			for (m in macro) {
				body = l
				re = "(^|[^A-Za-z0-9_])" m "\\([A-Za-z0-9_]+\\)"
				while (match(body, re)) {
					u = substr(body, RSTART, RLENGTH)
					sub(/^[^(]*\(/, "", u); sub(/\)$/, "", u)
					k = split(macro[m], P, " ")
					for (j = 1; j <= k; j++) {
						t = P[j]
						gsub("##" marg[m] "##", u, t)
						gsub("##" marg[m], u, t)
						gsub(marg[m] "##", u, t)
						print t
					}
					body = substr(body, RSTART + RLENGTH)
				}
			}
		}
	}' "$1"
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-threat.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
TAB=$(printf '\t')

# --- threats.tsv -------------------------------------------------------------
want_hdr="id${TAB}element${TAB}stride${TAB}adversary${TAB}threat${TAB}mitigation${TAB}code${TAB}tests"
[ "$(head -n 1 "$TM/threats.tsv")" = "$want_hdr" ] || err "threats.tsv: header must be: $want_hdr"

ntested=0
tail -n +2 "$TM/threats.tsv" >"$TMP/rows"
lineno=1
while IFS= read -r row || [ -n "$row" ]; do
	lineno=$((lineno + 1))
	[ -n "$row" ] || continue
	nf=$(printf '%s\n' "$row" | awk -F '\t' '{ print NF }')
	if [ "$nf" != 8 ]; then
		err "threats.tsv:$lineno: $nf columns, want 8"
		continue
	fi
	id=$(printf '%s\n' "$row" | cut -f1)
	code=$(printf '%s\n' "$row" | cut -f7)
	tests=$(printf '%s\n' "$row" | cut -f8)
	echo "$id" >>"$TMP/ids"
	case $id in
	T-[A-Z]*-[0-9]*) ;;
	*) err "threats.tsv:$lineno: malformed ID '$id' (want T-WORD-N)" ;;
	esac
	for col in 2 3 4 5 6; do
		[ -n "$(printf '%s\n' "$row" | cut -f$col)" ] || err "$id: column $col is empty"
	done

	# Code references: FILE:FUNCTION; ...
	if [ -z "$code" ]; then
		err "$id: names no code"
	fi
	printf '%s\n' "$code" | tr ';' '\n' | sed 's/^ *//; s/ *$//' | while IFS= read -r ref; do
		[ -n "$ref" ] || continue
		f=${ref%%:*}
		fn=${ref#*:}
		if [ ! -f "$f" ]; then
			echo "threat-check: $id: code file $f does not exist" >&2
			echo x >>"$TMP/bad"
		elif [ "$f" = "$fn" ] || ! grep -qw -- "$fn" "$f"; then
			echo "threat-check: $id: $f has no '$fn'" >&2
			echo x >>"$TMP/bad"
		fi
	done

	# Tests: FILE::NAME; ...
	if [ -z "$tests" ]; then
		err "$id: names no test"
		continue
	fi
	printf '%s\n' "$tests" | tr ';' '\n' | sed 's/^ *//; s/ *$//' | while IFS= read -r t; do
		[ -n "$t" ] || continue
		f=${t%%::*}
		name=${t#*::}
		if [ "$f" = "$t" ] || [ -z "$name" ]; then
			echo "threat-check: $id: test '$t' is not FILE::NAME" >&2
			echo x >>"$TMP/bad"
			continue
		fi
		case $f in
		tests/* | fuzz/*) ;;
		*)
			echo "threat-check: $id: test file $f is not under tests/ or fuzz/" >&2
			echo x >>"$TMP/bad"
			continue
			;;
		esac
		if [ ! -f "$f" ]; then
			echo "threat-check: $id: test file $f does not exist" >&2
			echo x >>"$TMP/bad"
			continue
		fi
		case $f in
		*.c)
			# Registered, so it runs: literally, or through a one-argument
			# macro that pastes its argument into cmocka_unit_test(...).
			if ! registered "$f" | grep -qx -- "$name"; then
				echo "threat-check: $id: $f has no registered cmocka test $name" >&2
				echo x >>"$TMP/bad"
			fi
			;;
		*)
			if ! grep -qF -- "$name" "$f"; then
				echo "threat-check: $id: $f does not contain '$name'" >&2
				echo x >>"$TMP/bad"
			fi
			;;
		esac
	done
	ntested=$((ntested + 1))
done <"$TMP/rows"
[ -s "$TMP/bad" ] && bad=1
if [ -s "$TMP/ids" ]; then
	dups=$(sort "$TMP/ids" | uniq -d)
	[ -z "$dups" ] || err "duplicate threat IDs:" $dups
else
	err "threats.tsv has no threats"
	: >"$TMP/ids"
fi

# --- README.md cross-check ----------------------------------------------------
# The "Not yet tested" table: rows "| T-... |" after its heading.
awk '/^## .*[Nn]ot yet tested/ { on = 1; next } /^## / { on = 0 }
	on && /^\| *T-[A-Z]+-[0-9]+ *\|/ { sub(/^\| */, ""); sub(/ *\|.*/, ""); print }' \
	"$TM/README.md" >"$TMP/untested"
grep -oE 'T-[A-Z]+-[0-9]+' "$TM/README.md" | sort -u >"$TMP/readme_ids"
sort -u "$TMP/ids" >"$TMP/ids.s"
sort -u "$TMP/untested" >"$TMP/untested.s"
for id in $(comm -23 "$TMP/ids.s" "$TMP/readme_ids"); do
	err "$id is in threats.tsv but not described in README.md"
done
for id in $(comm -23 "$TMP/readme_ids" "$TMP/ids.s" | comm -23 - "$TMP/untested.s"); do
	err "README.md mentions $id, which is neither in threats.tsv nor in its Not yet tested table"
done
for id in $(comm -12 "$TMP/ids.s" "$TMP/untested.s"); do
	err "$id is both tested (threats.tsv) and in the Not yet tested table"
done
nuntested=$(grep -c . "$TMP/untested.s")

# --- SECURITY-GAP comments ----------------------------------------------------
grep -rn 'SECURITY-GAP' src transport include 2>/dev/null >"$TMP/gap_lines"
while IFS= read -r l; do
	case $l in
	*'SECURITY-GAP('[A-Z]*-[0-9]*')'*) ;;
	*) err "SECURITY-GAP without an ID (write SECURITY-GAP(G-N): ...): ${l%%:*}" ;;
	esac
done <"$TMP/gap_lines"
grep -ohE 'SECURITY-GAP\([A-Z]+-[0-9]+\)' "$TMP/gap_lines" |
	sed 's/SECURITY-GAP(\(.*\))/\1/' | sort -u >"$TMP/gaps_code"
tail -n +2 "$TM/gaps.tsv" | cut -f1 | grep . | sort -u >"$TMP/gaps_list"
[ "$(head -n 1 "$TM/gaps.tsv")" = "id${TAB}where${TAB}gap${TAB}threat" ] ||
	err "gaps.tsv: header must be: id<TAB>where<TAB>gap<TAB>threat"
for g in $(comm -23 "$TMP/gaps_code" "$TMP/gaps_list"); do
	err "SECURITY-GAP($g) in the code is missing from $TM/gaps.tsv ($(grep -l "SECURITY-GAP($g)" -r src transport include 2>/dev/null | tr '\n' ' '))"
done
for g in $(comm -13 "$TMP/gaps_code" "$TMP/gaps_list"); do
	err "$TM/gaps.tsv lists $g but no SECURITY-GAP($g) comment is left in the code: remove the row"
done
ngaps=$(grep -c . "$TMP/gaps_code")

if [ "$bad" = 0 ]; then
	echo "threat-check: ok: $ntested threats tied to existing tests, $nuntested not yet tested (README.md), $ngaps security gaps mirrored"
fi
exit $bad
