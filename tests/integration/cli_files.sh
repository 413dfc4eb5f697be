#!/bin/sh
# cli_files.sh - the CLI's files and global options (issue 10 §3, §4, §5)
# against a private swtpm:
#  - an existing output file is refused without --force (exit 5, untouched)
#    and replaced with it by a new 0600 file of ours, never written in place;
#  - FIFOs and character devices are written directly (no fsync failure);
#  - a failed write leaves no file, not even a temporary;
#  - every file error is exit 5 with exactly one line "mtpm CMD: ...";
#  - -T/--tcti/--trace/--force are taken after the command name too;
#  - an unusable TPM2TOOLS_TCTI is an error (exit 2), never the default TPM;
#  - every command in mtpm --help answers --help with exit 0.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/lib/swtpm.sh
. tests/lib/assert.sh
M=${MTPM:-$TOP/build/mtpm}
# W is world-readable (0755) so the tests that run as nobody can reach the
# binary's inputs; its subdirectories say who may write there.
W=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-files.XXXXXX") || exit 1
trap 'swtpm_stop; rm -rf -- "$W"' EXIT
trap 'exit 1' INT TERM
chmod 755 "$W"
swtpm_start --tcp || exit 1
TCTI=$MTPM_TCTI

# lines FILE: number of lines in FILE
lines() { wc -l <"$1" | tr -d ' '; }

# one_line CODE WANT CMD...: exit CODE, and stderr is exactly one line
# containing WANT.
one_line() {
	_code=$1 _want=$2
	shift 2
	"$@" >/dev/null 2>"$W/err"
	_got=$?
	[ "$_got" = "$_code" ] || fail "exit $_got, want $_code: $*"
	[ "$(lines "$W/err")" = 1 ] || fail "not one stderr line ($(lines "$W/err")): $*: $(cat "$W/err")"
	grep -qF -- "$_want" "$W/err" || fail "stderr lacks '$_want': $*: $(cat "$W/err")"
}

# no_temp DIR: no .mtpm-* temporary left in DIR
no_temp() {
	set -- "$1"/.mtpm-*
	[ -e "$1" ] && fail "temporary file left behind: $*"
}

# run_nobody CMD...: CMD as uid nobody, no groups (root ignores modes)
if command -v setpriv >/dev/null 2>&1 && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	run_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	NOBODY=1
else
	echo "cli_files: note: setpriv as nobody unavailable: permission tests skipped" >&2
	NOBODY=0
fi

printf 'a sealed secret' >"$W/secret"
chmod 644 "$W/secret"
"$M" seal -i "$W/secret" -o "$W/k.pem" || fail "seal to a new file"
[ "$(stat -c %a "$W/k.pem")" = 600 ] || fail "new key file mode is not 0600"
chmod 644 "$W/k.pem"   # the nobody tests read it

# --- 1. an existing -o file: refused without --force, replaced with it ---
cp "$W/k.pem" "$W/k.copy"
one_line 5 "mtpm seal: '$W/k.pem' exists; use --force to replace it" \
	"$M" seal -i "$W/secret" -o "$W/k.pem"
cmp -s "$W/k.pem" "$W/k.copy" || fail "refused seal -o still changed the file"
no_temp "$W"
"$M" seal -i "$W/secret" -o "$W/k.pem" --force || fail "seal -o existing --force"
cmp -s "$W/k.pem" "$W/k.copy" && fail "seal --force did not replace the key file"
[ "$(stat -c %a "$W/k.pem")" = 600 ] || fail "replaced key file mode is not 0600"
chmod 644 "$W/k.pem"
"$M" --force seal -i "$W/secret" -o "$W/k.pem" || fail "--force before the command"
chmod 644 "$W/k.pem"

# unseal -o over a 0666 file of another user, with a second hard link: the
# secret goes to a new 0600 inode of ours, the old inode (and its other
# link) keeps what it held.
mkdir "$W/victim" && chmod 755 "$W/victim"
V=$W/victim/out
printf 'old contents' >"$V"
chmod 666 "$V"
chown nobody "$V"
ln "$V" "$W/victim/other-link"
ino=$(stat -c %i "$V")
one_line 5 "'$V' exists; use --force to replace it" "$M" unseal -i "$W/k.pem" -o "$V"
expect_eq "$(cat "$V")" "old contents" "refused unseal -o: contents"
expect_eq "$(stat -c '%i %a %U' "$V")" "$ino 666 nobody" "refused unseal -o: inode, mode, owner"
"$M" unseal -i "$W/k.pem" -o "$V" --force || fail "unseal -o existing --force"
expect_eq "$(cat "$V")" "a sealed secret" "unseal --force: contents"
expect_eq "$(stat -c '%a %U' "$V")" "600 root" "unseal --force: a new 0600 file of ours"
[ "$(stat -c %i "$V")" != "$ino" ] || fail "unseal --force wrote the secret in place (same inode $ino)"
expect_eq "$(cat "$W/victim/other-link")" "old contents" "unseal --force: the old inode's other link"
no_temp "$W/victim"

# A symlink at the target: refused without --force (its target untouched);
# with --force the link itself is replaced, never the file it names.
printf 'link target' >"$W/linked"
ln -s "$W/linked" "$W/lnk"
one_line 5 "exists; use --force to replace it" "$M" unseal -i "$W/k.pem" -o "$W/lnk"
"$M" unseal -i "$W/k.pem" -o "$W/lnk" --force || fail "unseal -o symlink --force"
[ -L "$W/lnk" ] && fail "unseal --force over a symlink left the symlink"
expect_eq "$(cat "$W/linked")" "link target" "the symlink's target after --force"
expect_eq "$(cat "$W/lnk")" "a sealed secret" "the file that replaced the symlink"

# A directory is never a target, with --force or not.
mkdir "$W/adir"
one_line 5 "mtpm unseal: output '$W/adir': Is a directory" "$M" unseal -i "$W/k.pem" -o "$W/adir"
one_line 5 "Is a directory" "$M" unseal -i "$W/k.pem" -o "$W/adir" --force

# --- 2. streams: written directly, no fsync, no --force needed -----------
mkfifo "$W/fifo"
cat "$W/fifo" >"$W/from-fifo" &
catpid=$!
"$M" unseal -i "$W/k.pem" -o "$W/fifo"
expect_eq "$?" 0 "unseal -o FIFO: exit"
wait "$catpid"
expect_eq "$(cat "$W/from-fifo")" "a sealed secret" "bytes through the FIFO"
expect_exit 0 "$M" unseal -i "$W/k.pem" -o /dev/null
got=$("$M" unseal -i "$W/k.pem" -o /dev/stdout | cat)
expect_eq "$got" "a sealed secret" "unseal -o /dev/stdout into a pipe"
one_line 5 "mtpm unseal: output '/dev/full': No space left on device" \
	"$M" unseal -i "$W/k.pem" -o /dev/full

# --- 3. failed writes leave nothing ---------------------------------------
one_line 5 "mtpm unseal: output '$W/no-such-dir/out':" "$M" unseal -i "$W/k.pem" -o "$W/no-such-dir/out"
if [ "$NOBODY" = 1 ]; then
	mkdir "$W/rodir" && chmod 755 "$W/rodir"   # root's: nobody cannot write
	one_line 5 "mtpm seal: output '$W/rodir/k.pem': Permission denied" \
		run_nobody "$M" seal -i "$W/secret" -o "$W/rodir/k.pem"
	expect_eq "$(ls -A "$W/rodir")" "" "unwritable directory: nothing created"
fi
# ENOSPC in the middle of the temporary: a full tmpfs in a private mount
# namespace (root in a test VM or container; skipped, said, elsewhere).
if unshare -m true 2>/dev/null; then
	mkdir "$W/small"
	unshare -m sh -c '
		mount -t tmpfs -o size=8k tmpfs "$1" || exit 99
		cat /dev/zero >"$1/filler" 2>/dev/null
		"$2" unseal -i "$3" -o "$1/out" 2>"$4"
		echo "rc=$?"
		ls -A "$1"' sh "$W/small" "$M" "$W/k.pem" "$W/err" >"$W/small.out"
	if grep -q '^rc=99' "$W/small.out" || ! grep -q '^rc=' "$W/small.out"; then
		echo "cli_files: note: no tmpfs mount here: the ENOSPC test is skipped" >&2
	else
		expect_eq "$(sed -n 's/^rc=//p' "$W/small.out")" 5 "unseal -o on a full file system: exit"
		expect_eq "$(grep -v '^rc=' "$W/small.out")" "filler" "full file system: files left"
		grep -qF "No space left on device" "$W/err" || fail "ENOSPC message: $(cat "$W/err")"
		expect_eq "$(lines "$W/err")" 1 "ENOSPC: stderr lines"
	fi
else
	echo "cli_files: note: unshare -m unavailable: the ENOSPC test is skipped" >&2
fi

# --- 4. input files: exit 5, one line "mtpm CMD: WHAT 'F': why" ---------
one_line 5 "mtpm unseal: key file '$W/missing.pem': No such file or directory" \
	"$M" unseal -i "$W/missing.pem" -o "$W/x"
one_line 5 "mtpm unseal: key file '$W/adir': Is a directory" \
	"$M" unseal -i "$W/adir" -o "$W/x"
one_line 5 "mtpm seal: secret '$W/missing': No such file or directory" \
	"$M" seal -i "$W/missing" -o "$W/x.pem"
one_line 5 "mtpm seal: PIN file '$W/missing': No such file or directory" \
	"$M" seal -i "$W/secret" --pin-file "$W/missing" -o "$W/x.pem"
if [ "$NOBODY" = 1 ]; then
	printf 'private' >"$W/unreadable"
	chmod 600 "$W/unreadable"
	one_line 5 "mtpm seal: secret '$W/unreadable': Permission denied" \
		run_nobody "$M" seal -i "$W/unreadable" -o "$W/rodir/x.pem"
fi
# Too large: exit 10, and the one line says it all.
head -c 200 /dev/zero >"$W/big"
one_line 10 "mtpm seal: PIN file '$W/big': larger than" \
	"$M" seal -i "$W/secret" --pin-file "$W/big" -o "$W/x.pem"
one_line 10 "mtpm seal: secret '$W/big': larger than 128 bytes" \
	"$M" seal -i "$W/big" -o "$W/x.pem"
[ -e "$W/x.pem" ] && fail "a failed seal created its -o file"

# --- 5. global options after the command name ----------------------------
h=$(env -u MTPM_TCTI TPM2TOOLS_TCTI=tabrm: "$M" getrandom 8 -T "$TCTI" --hex) ||
	fail "getrandom 8 -T TCTI --hex"
expect_eq "${#h}" 16 "getrandom 8 -T TCTI --hex: length"
h=$(env -u MTPM_TCTI -u TPM2TOOLS_TCTI "$M" getrandom --tcti "$TCTI" 4 --hex) ||
	fail "getrandom --tcti TCTI after the command"
expect_eq "${#h}" 8 "getrandom --tcti after the command: length"
env -u MTPM_TCTI -u TPM2TOOLS_TCTI "$M" pcrread sha256:7 "--tcti=$TCTI" >/dev/null ||
	fail "pcrread --tcti=TCTI after the command"
"$M" getrandom 4 --trace >/dev/null 2>"$W/trace" || fail "getrandom --trace after the command"
grep -q '^> ' "$W/trace" || fail "--trace after the command printed no command frame"
one_line 2 "mtpm getrandom: -T needs a TCTI" "$M" getrandom 4 -T
# The value of an option is never taken for a global option: -i -T is a
# file named -T.
one_line 5 "mtpm seal: secret '-T': No such file or directory" \
	"$M" seal -i -T -o "$W/y.pem"
one_line 5 "'--force': No such file or directory" "$M" unseal -i --force -o "$W/y"
[ -e "$W/y" ] && fail "unseal -i --force wrote its output"

# --- 6. TPM2TOOLS_TCTI: used when MTPM_TCTI is unset, never misread ------
h=$(env -u MTPM_TCTI TPM2TOOLS_TCTI="$TCTI" "$M" getrandom 4 --hex) ||
	fail "getrandom through TPM2TOOLS_TCTI"
expect_eq "${#h}" 8 "getrandom through TPM2TOOLS_TCTI: length"
for bad in tabrm: "tabrm" "cmd:tpm2_foo" "libtpms" "swtpm:port=x" \
	"swtpm:host=127.0.0.1,port=$SWTPM_PORT,foo=1" "mssim:port=0" \
	"device:/dev/tpmrm0,foo=1"; do
	one_line 2 "mtpm getrandom: TPM2TOOLS_TCTI '$bad':" \
		env -u MTPM_TCTI TPM2TOOLS_TCTI="$bad" "$M" getrandom 4
done
one_line 2 "TPM2TOOLS_TCTI 'tabrm:': not a TCTI mtpm speaks" \
	env -u MTPM_TCTI TPM2TOOLS_TCTI=tabrm: "$M" getrandom 4
one_line 2 "-T 'bogus:x': not a TCTI mtpm speaks" "$M" getrandom 4 -T bogus:x
# MTPM_TCTI wins over a bad TPM2TOOLS_TCTI, and a command that needs no
# TPM is not refused for one.
expect_exit 0 env TPM2TOOLS_TCTI=tabrm: "$M" getrandom 4
expect_exit 0 env -u MTPM_TCTI TPM2TOOLS_TCTI=tabrm: "$M" policy authvalue

# --- 7. every command answers --help -------------------------------------
cmds=$("$M" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
case " $(echo $cmds) " in *" seal "*) ;; *) fail "mtpm --help lists no commands: '$cmds'" ;; esac
for c in $cmds; do
	out=$("$M" "$c" --help 2>&1) || fail "$c --help: exit $?"
	case $out in usage:*) ;; *) fail "$c --help: no usage line" ;; esac
done
"$M" --help | grep -q -- '--force' || fail "mtpm --help does not document --force"

finish cli_files
