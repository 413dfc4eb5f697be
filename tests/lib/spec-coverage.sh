#!/bin/sh
# tests/lib/spec-coverage.sh [ROOT] - spec-citation coverage (`make spec-coverage`).
#
# Reads the C sources under ROOT/src and ROOT/transport and reports
#   1. the Part 3 commands mtpm implements: every function defined as
#      mtpm_<Name> where MTPM_CC_<Name> is a command code in
#      include/mtpm/tpm.h, with the `Part 3 §x.y` citation found at its
#      definition;
#   2. commands sent through a shared function (the policy steps of
#      src/session/policy.c): a line naming MTPM_CC_<Name> together with
#      a `Part 3 §` citation, for a command that has no function of its own;
#   3. the response parsers mtpm_<Name>_rsp and the Part 2 type functions
#      mtpm_put_<T> / mtpm_get_<T> (T a TPM type name), with their
#      citations;
#   4. for each of them the test files (tests/unit, tests/integration,
#      tests/boot, fuzz) that mention the function, its MTPM_CC_/TPM2_
#      name, its bare name when that is not an English word (PCR_Read,
#      CreatePrimary: yes; Load, Unseal: no) or, for a type, the type name;
#   5. every command, response parser or type function without a citation;
#   6. every placeholder section anywhere in the tree's text (sources,
#      headers, tests, fuzz, examples, contrib, docs, READMEs, man page,
#      threat model, Makefiles): a section number that starts with a digit
#      and has a component that is the letter x, such as §N.x or §N.M.x
#      written with real digits for N and M. A reader cannot look those
#      up; each is named as file:line. (`Part N §x.y`, with no digit,
#      is how the documents describe the citation form: not a placeholder.)
#   7. the command table (src/cmds/table.c, include/mtpm/table.h): each
#      row's Part 3 section against the citation at its command function
#      mtpm_<Name>, a row whose function is missing, and a command
#      function that has no row. The table is the list of commands mtpm
#      sends; a disagreement is named as file:line.
# Exit status: 1 when (5), (6) or (7) is not empty, else 0.
#
# Where a citation is looked for: on the definition line itself or in the
# comment block directly above it (blank lines end the block). A getter
# with no comment of its own takes the citation of its putter in the same
# file: the pairs are written back to back under one comment.
# Citation form, as STYLE.md asks: `Part N §x.y` (N = 1, 2 or 3).
set -u
ROOT=${1:-.}
cd "$ROOT" || exit 2
[ -f include/mtpm/tpm.h ] || { echo "spec-coverage: no include/mtpm/tpm.h under $ROOT" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-speccov.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

sed -n 's/^#define MTPM_CC_\([A-Za-z0-9_]*\)[ 	].*/\1/p' include/mtpm/tpm.h | sort -u >"$TMP/cc"
find src transport -name '*.c' 2>/dev/null | sort >"$TMP/src"
find tests/unit tests/integration tests/boot fuzz -type f \
	\( -name '*.c' -o -name '*.sh' -o -name '*.py' -o -name '*.h' \) 2>/dev/null |
	grep -v '/golden/' | sort >"$TMP/tests"

# One record per interesting definition:
#   kind <TAB> name <TAB> file:line <TAB> citation (or "-")
# kind: cmd, rsp, put, get, step.
# shellcheck disable=SC2046
awk -v ccfile="$TMP/cc" '
BEGIN {
	while ((getline l < ccfile) > 0)
		cc[l] = 1
	cite_re = "Part [123] §[0-9A-Z][0-9A-Z.]*[0-9A-Z]|Part [123] §[0-9A-Z]"
}
FNR == 1 { nl = 0 }
{
	nl++
	line[nl] = $0
	if ($0 ~ /^[A-Za-z_][A-Za-z0-9_ \t*]*[ \t*]mtpm_[A-Za-z0-9_]+\(/ &&
	    $0 !~ /^static[ \t]/ && $0 !~ /;[ \t]*$/ && $0 !~ /^#/) {
		name = $0
		sub(/\(.*/, "", name)
		sub(/.*[ \t*]mtpm_/, "", name)
		kind = ""
		if (name in cc)
			kind = "cmd"
		else if (name ~ /_rsp$/ && (substr(name, 1, length(name) - 4) in cc))
			kind = "rsp"
		else if (name ~ /^put_TPM[A-Z0-9]*_[A-Za-z0-9_]+$/)
			kind = "put"
		else if (name ~ /^get_TPM[A-Z0-9]*_[A-Za-z0-9_]+$/)
			kind = "get"
		if (kind != "") {
			text = $0
			for (i = nl - 1; i >= 1; i--) {
				l = line[i]
				if (l ~ /^[ \t]*(\/\*|\*|\/\/)/ || l ~ /\*\/[ \t]*$/)
					text = l " " text
				else
					break
			}
			c = "-"
			if (match(text, cite_re))
				c = substr(text, RSTART, RLENGTH)
			n++
			rk[n] = kind; rn[n] = name; rf[n] = FILENAME ":" FNR; rc[n] = c
			key[FILENAME, name] = n
		}
	}
	# Commands reached through a shared function: MTPM_CC_X and a
	# Part 3 citation on one line.
	if ($0 ~ /MTPM_CC_[A-Za-z0-9_]+/ && match($0, "Part 3 §[0-9][0-9.]*[0-9]")) {
		c = substr($0, RSTART, RLENGTH)
		s = $0
		match(s, /MTPM_CC_[A-Za-z0-9_]+/)
		nm = substr(s, RSTART + 8, RLENGTH - 8)
		if ((nm in cc) && !(nm in stepseen)) {
			stepseen[nm] = 1
			m++
			sn[m] = nm; sf[m] = FILENAME ":" FNR; sc[m] = c
		}
	}
}
END {
	for (i = 1; i <= n; i++) {
		if (rk[i] == "get" && rc[i] == "-") {
			split(rf[i], fl, ":")
			p = "put_" substr(rn[i], 5)
			if ((fl[1], p) in key)
				rc[i] = rc[key[fl[1], p]]
		}
		if (rk[i] == "cmd")
			fn[rn[i]] = 1
		printf "%s\t%s\t%s\t%s\n", rk[i], rn[i], rf[i], rc[i]
	}
	for (i = 1; i <= m; i++)
		if (!(sn[i] in fn))
			printf "step\t%s\t%s\t%s\n", sn[i], sf[i], sc[i]
}' $(cat "$TMP/src") >"$TMP/defs"

# Test files that mention an entity; "-" when none.
tests_for() {
	_k=$1
	_n=$2
	case $_k in
	cmd | step)
		_pat="mtpm_$_n|MTPM_CC_$_n|TPM2_$_n"
		# The bare name too, when it cannot be an English word
		# (PCR_Read, CreatePrimary; not Load, Create, Unseal).
		case $_n in
		*_* | [A-Z]*[a-z][A-Z]*) _pat="$_pat|$_n" ;;
		esac
		;;
	rsp) _pat="mtpm_$_n" ;;
	put | get) _t=${_n#???_}; _pat="$_t|mtpm_put_$_t|mtpm_get_$_t" ;;
	esac
	_f=$(xargs grep -lwE "$_pat" <"$TMP/tests" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
	echo "${_f:--}"
}

while IFS='	' read -r k n f c; do
	printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$n" "$f" "$c" "$(tests_for "$k" "$n")"
done <"$TMP/defs" >"$TMP/rows"

section() {
	_kind=$1
	_title=$2
	echo
	echo "== $_title"
	awk -F '\t' -v k="$_kind" '$1 == k {
		printf "  %-26s %-16s %-34s %s\n", $2, $4, $3, $5
	}' "$TMP/rows" | sort
}

echo "spec-coverage: TPM 2.0 Library rev 01.59 citations in src/ and transport/"
echo "  columns: name, citation, defined at, test files that mention it"
section cmd "Part 3 commands implemented (one function mtpm_<Command> each)"
section step "Part 3 commands sent through a shared function (no mtpm_<Command> of their own)"
section rsp "Response parsers mtpm_<Command>_rsp"
section put "Part 2 type functions: mtpm_put_<T>"
section get "Part 2 type functions: mtpm_get_<T>"

echo
echo "== Cited sections without a test"
untested=$(awk -F '\t' '$4 != "-" && $5 == "-" { printf "  %-26s %s (%s)\n", $2, $4, $3 }' "$TMP/rows" | sort)
echo "${untested:-  none}"

echo
echo "== Uncited functions (each needs a \`Part N §x.y\` comment at its definition)"
uncited=$(awk -F '\t' '$4 == "-" { printf "  %-26s %s\n", $2, $3 }' "$TMP/rows" | sort)
echo "${uncited:-  none}"

# (6) Placeholder sections. Only text files, only the tree's own folders
# (never a build directory); corpora and golden bytes are data.
PH_RE='§[0-9]+(\.[0-9A-Za-z]+)*\.[xX]([^0-9A-Za-z]|$)'
ph_dirs=
for d in src transport include tests fuzz examples contrib docs man threat-model bench; do
	[ -d "$d" ] && ph_dirs="$ph_dirs $d"
done
# shellcheck disable=SC2086 # word splitting of the folder list is intended
placeholders=$( {
	[ -z "$ph_dirs" ] || LC_ALL=C grep -rnIE "$PH_RE" \
		--include='*.c' --include='*.h' --include='*.md' --include='*.sh' \
		--include='*.py' --include='*.mk' --include='*.1' --include='*.tsv' \
		--include='*.txt' --include='*.in' --include='*.json' \
		--include='Makefile' --include='README*' \
		--exclude-dir=corpus --exclude-dir=golden $ph_dirs
	for f in ./*.md ./Makefile; do
		[ -f "$f" ] && LC_ALL=C grep -nIE "$PH_RE" "$f" | sed "s|^|${f#./}:|"
	done
} | LC_ALL=C sort -t: -k1,1 -k2,2n | sed 's/^/  /')

echo
echo "== Placeholder sections (cite the real section number, not one with an x)"
echo "${placeholders:-  none}"

# (7) The command table against the command functions.
table_bad=
if [ -f src/cmds/table.c ]; then
	awk '
	/^const mtpm_cmd_desc mtpm_cmd_[A-Za-z0-9_]+ = \{/ {
		name = $3; sub(/^mtpm_cmd_/, "", name); at = FILENAME ":" FNR
	}
	name != "" && match($0, /\.section = "[0-9.]+"/) {
		sec = substr($0, RSTART + 12, RLENGTH - 13)
		printf "%s\t%s\t%s\n", name, sec, at
		name = ""
	}' src/cmds/table.c >"$TMP/table"
	table_bad=$(awk -F '\t' '
	FNR == NR { rowsec[$1] = $2; rowat[$1] = $3; next }
	$1 == "cmd" {
		fn[$2] = 1
		if (!($2 in rowsec))
			printf "  %-26s %s: a command function with no row in src/cmds/table.c\n", $2, $3
		else if ($4 != "Part 3 §" rowsec[$2])
			printf "  %-26s %s: row says Part 3 §%s, the function cites %s\n", $2, rowat[$2], rowsec[$2], $4
	}
	END {
		for (r in rowsec)
			if (!(r in fn))
				printf "  %-26s %s: a row with no mtpm_%s function\n", r, rowat[r], r
	}' "$TMP/table" "$TMP/rows" | sort)
	echo
	echo "== Command table rows (src/cmds/table.c) against the command functions"
	echo "  $(wc -l <"$TMP/table") rows"
	echo "${table_bad:-  all agree}"
fi

echo
awk -F '\t' '
	$1 == "cmd" || $1 == "step" { c++; if ($5 != "-") ct++ }
	$1 == "rsp" { r++; if ($5 != "-") rt++ }
	$1 == "put" || $1 == "get" { t++; if ($5 != "-") tt++ }
	$4 == "-" { u++ }
	END {
		printf "summary: %d commands (%d with a test), %d response parsers (%d with a test), %d type functions (%d with a test), %d uncited\n",
			c, ct, r, rt, t, tt, u
	}' "$TMP/rows"

nph=0
[ -z "$placeholders" ] || nph=$(printf '%s\n' "$placeholders" | wc -l)
echo "placeholder sections: $nph"

[ -z "$uncited" ] && [ "$nph" -eq 0 ] && [ -z "$table_bad" ]
