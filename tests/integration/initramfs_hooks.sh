#!/bin/sh
# initramfs_hooks.sh - contrib/initramfs-tools and contrib/dracut, on the
# host, against real enrolments on a private swtpm (docs/initramfs.md).
#
#   1. The crypttab keyscript, run the way Debian's cryptroot runs it
#      (CRYPTTAB_* in the environment, stdout into cryptsetup
#      --key-file -), with a scripted askpass standing in for the console:
#      a systemd-cryptenroll volume and a clevis one open with no prompt;
#      a PIN token asks the PIN and opens; a wrong PIN, a missing
#      pinned-parent file and (last) a changed PCR each print ONE line
#      naming mtpm's exit code and fall back to the passphrase prompt,
#      whose answer opens the volume; a later try goes straight to the
#      prompt; MTPM_FALLBACK=none exits non-zero with nothing on stdout.
#      No secret ever reaches stderr.
#   2. The dracut password agent (mtpm-askpass.sh) answering systemd's own
#      systemd-ask-password (the protocol systemd-cryptsetup uses), once
#      per device; on failure it answers nothing and says one line.
#   3. Debian's mkinitramfs with the hook in a temporary CONFDIR, checked
#      with lsinitramfs; the hook alone with no parents file warns.
#   4. dracut, with a temporary module dir (dracutbasedir) holding 90mtpm,
#      in a systemd and a non-systemd initramfs, checked with lsinitrd
#      (tests/boot/luks-boot.sh boots the systemd one).
# Nothing is written outside temporary folders except what the tools
# insist on: /run/systemd/ask-password (systemd-ask-password's questions,
# gone when answered or timed out) and, during mkinitramfs only,
# tests/boot/debian-initramfs.sh's kernel links.
#
# Needs: make static (BUILD/mtpm-static), cryptsetup, systemd,
# clevis, tpm2-tools, swtpm, initramfs-tools, cryptsetup-initramfs,
# dracut-core, and the Debian kernel package (tests/boot/kernel.sh).
# A missing one is a failure: `make deps` installs them.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
B=${BUILD:-build}
case $B in
*/san)
	echo "initramfs_hooks: not repeated in the sanitizer pass ($B): the scripts drive mtpm-static, which has no sanitizer build"
	exit 0
	;;
esac
make --no-print-directory BUILD="$B" static >/dev/null || { echo "initramfs_hooks: make static failed" >&2; exit 1; }
MS=$TOP/$B/mtpm-static
MF=${MTPM:-$TOP/$B/mtpm}
KS=$TOP/contrib/initramfs-tools/cryptsetup-scripts/mtpm
HOOK=$TOP/contrib/initramfs-tools/hooks/mtpm
AGENT=$TOP/contrib/dracut/90mtpm/mtpm-askpass.sh
. tests/lib/assert.sh
say() { echo "initramfs_hooks: $*" >&2; }
ok() { :; }
bad() { fail "$*"; }
die() { say "FAIL: $*"; exit 1; }

for c in cryptsetup systemd-cryptenroll systemd-ask-password clevis tpm2_pcrextend swtpm \
	mkinitramfs lsinitramfs dracut lsinitrd; do
	command -v $c >/dev/null 2>&1 || die "$c is not installed (make deps)"
done
[ -x "$MF" ] || die "no $MF"
"$MS" luks unlock --help >/dev/null 2>&1 || die "$MS has no 'luks unlock'"
REPLY_PW=
for b in /usr/lib/systemd/systemd-reply-password /lib/systemd/systemd-reply-password; do
	[ -x "$b" ] && REPLY_PW=$b && break
done
[ -n "$REPLY_PW" ] || die "no systemd-reply-password (make deps: systemd)"

T=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-initramfs.XXXXXX") || exit 1
chmod 700 "$T"
SAP_PID=
cleanup() {
	[ -n "$SAP_PID" ] && kill "$SAP_PID" 2>/dev/null
	swtpm_stop
	rm -rf "$T"
}
. tests/lib/swtpm.sh
trap cleanup EXIT
trap 'exit 1' INT TERM

# --- the volumes -----------------------------------------------------------------------
swtpm_start --tcp || die "swtpm"
W=$T/w
sh tests/luks/enrol.sh "$W" sd-pcr sd-pin cl-ecc >"$T/enrol.out" 2>&1 ||
	{ cat "$T/enrol.out" >&2; die "tests/luks/enrol.sh"; }
PASS=$(cat "$W/passphrase")
PIN=$(cat "$W/pin")
PARENTS=$T/parents
KSCONF=$T/ks.conf
for v in sd-pcr sd-pin cl-ecc; do
	MTPM_PARENT_NAME_FILE=$PARENTS "$MF" luks pin "$W/$v.img" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; die "mtpm luks pin $v"; }
done

# The askpass stand-in: logs each prompt, answers with the next line of
# $ANSWERS (removing it).
cat >"$T/askpass" <<'EOF'
#!/bin/sh
printf '%s\n' "$1" >>"$ASKLOG"
a=$(sed -n 1p "$ANSWERS")
sed -i 1d "$ANSWERS"
printf '%s' "$a"
EOF
chmod 755 "$T/askpass"
cat >"$T/ks.conf" <<EOF
MTPM_BIN=$MS
MTPM_TCTI=$MTPM_TCTI
MTPM_ASKPASS=$T/askpass
EOF
export ASKLOG="$T/asked" ANSWERS="$T/answers"

# keyscript NAME IMAGE TRIED [ANSWER...]: run the keyscript as cryptroot
# does (settings $KSCONF, pinned parents $PARENTS), its stdout into
# cryptsetup open --test-passphrase. Sets ks_rc (the keyscript's), cs_rc
# (cryptsetup's), and leaves $T/ks.err, $T/asked.
keyscript() {
	_n=$1 _img=$2 _tried=$3
	shift 3
	: >"$ASKLOG"
	: >"$ANSWERS"
	for a in "$@"; do printf '%s\n' "$a" >>"$ANSWERS"; done
	CRYPTTAB_NAME=$_n CRYPTTAB_SOURCE=$_img CRYPTTAB_KEY=none CRYPTTAB_TRIED=$_tried \
		CRYPTTAB_OPTIONS="luks,keyscript=mtpm" MTPM_INITRAMFS_CONF=$KSCONF \
		MTPM_PARENT_NAME_FILE=$PARENTS \
		sh "$KS" none >"$T/key" 2>"$T/ks.err"
	ks_rc=$?
	cryptsetup open --test-passphrase --key-file "$T/key" "$_img" 2>/dev/null
	cs_rc=$?
	rm -f "$T/key"
	if grep -qF -e "$PASS" -e "$PIN" "$T/ks.err"; then
		bad "$_n: a secret on the keyscript's stderr"
	fi
}
lines() { sed -n '$=' "$1" | grep . || echo 0; }

# 1a. systemd-cryptenroll and clevis volumes: no prompt, no line.
for v in sd-pcr cl-ecc; do
	keyscript "$v" "$W/$v.img" 0
	if [ $ks_rc = 0 ] && [ $cs_rc = 0 ] && [ ! -s "$T/ks.err" ] && [ ! -s "$ASKLOG" ]; then
		ok
	else
		bad "keyscript $v: keyscript exit $ks_rc, cryptsetup exit $cs_rc, prompts: $(cat "$ASKLOG"), stderr: $(cat "$T/ks.err")"
	fi
done

# 1b. a PIN token: the PIN is asked, nothing else.
keyscript sd-pin "$W/sd-pin.img" 0 "$PIN"
if [ $cs_rc = 0 ] && [ "$(lines "$ASKLOG")" = 1 ] && grep -q 'TPM PIN for sd-pin' "$ASKLOG" &&
	[ ! -s "$T/ks.err" ]; then
	ok
else
	bad "keyscript PIN: cryptsetup exit $cs_rc, prompts: $(cat "$ASKLOG"), stderr: $(cat "$T/ks.err")"
fi

# expect_fallback WHAT RC NAME: one line naming mtpm exit RC, then the
# passphrase prompt, whose answer opened the volume.
expect_fallback() {
	if [ $cs_rc = 0 ] && [ "$(lines "$T/ks.err")" = 1 ] &&
		grep -q "^mtpm: $3: TPM unlock failed: .*(mtpm exit $2: .*asking for the passphrase\$" "$T/ks.err" &&
		grep -qx "Please unlock disk $3: " "$ASKLOG"; then
		ok
	else
		bad "keyscript $1: cryptsetup exit $cs_rc, prompts: $(cat "$ASKLOG"), stderr: $(cat "$T/ks.err")"
	fi
}

# 1c. a wrong PIN: exit 7, then the passphrase.
keyscript sd-pin "$W/sd-pin.img" 0 "not-the-pin" "$PASS"
expect_fallback "wrong PIN" 7 sd-pin

# 1d. no pinned-parent file: exit 9 (fail closed), then the passphrase.
# (An empty file: in the initramfs the default path is missing, which mtpm
# takes as "nothing pinned"; a missing file named by the variable is a
# file error instead, exit 5.)
: >"$T/empty"
PARENTS=$T/empty
keyscript sd-pcr "$W/sd-pcr.img" 0 "$PASS"
PARENTS=$T/parents
expect_fallback "no parents" 9 sd-pcr

# 1e. a later try: straight to the prompt, mtpm not run.
keyscript sd-pcr "$W/sd-pcr.img" 1 "$PASS"
if [ $cs_rc = 0 ] && [ ! -s "$T/ks.err" ] && grep -qx "Please unlock disk sd-pcr: " "$ASKLOG"; then
	ok
else
	bad "keyscript tried=1: cryptsetup exit $cs_rc, prompts: $(cat "$ASKLOG"), stderr: $(cat "$T/ks.err")"
fi

# 1f. MTPM_FALLBACK=none with no parents: non-zero, one line, no key.
{ cat "$T/ks.conf"; echo MTPM_FALLBACK=none; } >"$T/ks-none.conf"
KSCONF=$T/ks-none.conf PARENTS=$T/none
keyscript sd-pcr "$W/sd-pcr.img" 0 "$PASS"
KSCONF=$T/ks.conf PARENTS=$T/parents
if [ $ks_rc != 0 ] && [ $cs_rc != 0 ] && [ "$(lines "$T/ks.err")" = 1 ] && [ ! -s "$ASKLOG" ]; then
	ok
else
	bad "keyscript MTPM_FALLBACK=none: keyscript exit $ks_rc, prompts: $(cat "$ASKLOG"), stderr: $(cat "$T/ks.err")"
fi

# --- 2. the dracut password agent ---------------------------------------------------
# ask IMG: systemd-ask-password's question for IMG, as systemd-cryptsetup
# words its Id; the answer (if any) lands in $T/answer.
ask() {
	rm -f "$T/answer"
	systemd-ask-password --no-tty --timeout=20 -n --id="cryptsetup:$1" \
		"Please enter passphrase for disk $1" >"$T/answer" 2>/dev/null &
	SAP_PID=$!
	i=0
	while ! grep -qsx "Id=cryptsetup:$1" /run/systemd/ask-password/ask.* && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# ask_done: wait for systemd-ask-password (killing it if still waiting).
ask_done() {
	if [ "${1:-}" = kill ]; then
		kill "$SAP_PID" 2>/dev/null
	fi
	{ wait "$SAP_PID"; } 2>/dev/null
	sap_rc=$?
	SAP_PID=
}
agent() {
	MTPM_INITRAMFS_CONF=$T/ks.conf MTPM_ASK_STATE=$T/agent MTPM_REPLY_PASSWORD=$REPLY_PW \
		MTPM_PARENT_NAME_FILE=$PARENTS \
		sh "$AGENT" >"$T/agent.out" 2>"$T/agent.err"
}

ask "$W/cl-ecc.img"
agent
ask_done
if [ $sap_rc = 0 ] && cryptsetup open --test-passphrase --key-file "$T/answer" "$W/cl-ecc.img" &&
	[ ! -s "$T/agent.err" ]; then
	ok
else
	bad "agent: systemd-ask-password exit $sap_rc, stderr: $(cat "$T/agent.err")"
fi
# the same device again (its key was refused, say): left to the person
ask "$W/cl-ecc.img"
agent
sleep 1
ask_done kill
if [ ! -s "$T/answer" ] && [ ! -s "$T/agent.err" ]; then
	ok
else
	bad "agent answered the same device twice"
fi

# --- 1g/2b. a changed PCR (changes the TPM: last) -------------------------------------------
tpm2_pcrextend "7:sha256=$(printf 'a changed boot' | sha256sum | cut -d' ' -f1)" ||
	die "tpm2_pcrextend"
keyscript sd-pcr "$W/sd-pcr.img" 0 "$PASS"
expect_fallback "PCR changed" 6 sd-pcr
rm -rf "$T/agent"
ask "$W/sd-pcr.img"
agent
sleep 1
ask_done kill
if [ ! -s "$T/answer" ] && [ "$(lines "$T/agent.err")" = 1 ] &&
	grep -q "TPM unlock failed (mtpm exit 6: .*the passphrase prompt stays" "$T/agent.err"; then
	ok
else
	bad "agent after a PCR change: answer $(wc -c <"$T/answer") bytes, stderr: $(cat "$T/agent.err")"
fi
swtpm_stop

# --- 3. mkinitramfs ---------------------------------------------------------------------
KERNEL=$(sh tests/boot/kernel.sh "$B/boot/kernel") || die "no kernel (tests/boot/kernel.sh)"
KROOT=${KERNEL%/boot/*}
C=$T/confdir
mkdir -p "$C/hooks" "$C/scripts" "$C/conf.d"
printf 'MODULES=list\nBUSYBOX=y\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=auto\n' \
	>"$C/initramfs.conf"
: >"$C/modules"
cp "$HOOK" "$C/hooks/mtpm" && chmod 755 "$C/hooks/mtpm"
cat >"$T/hook.conf" <<EOF
MTPM_BIN=$MS
MTPM_KEYSCRIPT=$KS
MTPM_PARENT_NAME_FILE=$T/parents
MTPM_TPM_WAIT=3
EOF
if MTPM_INITRAMFS_CONF=$T/hook.conf sh tests/boot/debian-initramfs.sh "$KROOT" "$C" "$T/initrd.img"; then
	lsinitramfs "$T/initrd.img" >"$T/list"
	miss=
	for f in usr/sbin/mtpm usr/lib/cryptsetup/scripts/mtpm etc/mtpm/parents \
		etc/mtpm/initramfs.conf usr/lib/cryptsetup/askpass usr/sbin/cryptsetup; do
		grep -qx "$f" "$T/list" || miss="$miss $f"
	done
	unmkinitramfs "$T/initrd.img" "$T/x" 2>/dev/null
	if [ -z "$miss" ] && cmp -s "$T/x/usr/sbin/mtpm" "$MS" && cmp -s "$T/x/etc/mtpm/parents" "$T/parents" &&
		! grep -q '^W: mtpm' "$T/initrd.img.log"; then
		ok
	else
		bad "mkinitramfs: missing:$miss; $(grep '^W: mtpm' "$T/initrd.img.log")"
	fi
else
	cat "$T/initrd.img.log" >&2
	bad "mkinitramfs with the hook failed"
fi
# The hook alone, no parents file: a warning, the rest still copied.
mkdir -p "$T/dest"
printf 'MTPM_BIN=%s\nMTPM_KEYSCRIPT=%s\nMTPM_PARENT_NAME_FILE=%s\n' "$MS" "$KS" "$T/none" >"$T/hook2.conf"
if DESTDIR=$T/dest version=0.0-none CONFDIR=$C verbose=n MTPM_INITRAMFS_CONF=$T/hook2.conf \
	sh "$HOOK" >"$T/hook.out" 2>&1 &&
	grep -q '^W: mtpm: no pinned-parent file' "$T/hook.out" &&
	[ -x "$T/dest/usr/sbin/mtpm" ] &&
	{ [ -x "$T/dest/lib/cryptsetup/scripts/mtpm" ] || [ -x "$T/dest/usr/lib/cryptsetup/scripts/mtpm" ]; } &&
	[ ! -e "$T/dest/etc/mtpm/parents" ]; then
	ok
else
	bad "hook without parents: $(cat "$T/hook.out")"
fi

# --- 4. dracut --------------------------------------------------------------------------
KVER=$(ls "$KROOT/lib/modules")
# dracut_img OUT MODULES...: an initramfs of just those modules, no kernel
# (tests/boot/dracut-image.sh: a private dracutbasedir holding 90mtpm).
dracut_img() {
	_o=$1
	shift
	MTPM_INITRAMFS_CONF=$T/hook.conf sh tests/boot/dracut-image.sh "$_o" "$KVER" - "$@" ||
		{ cat "$_o.log" >&2; return 1; }
	lsinitrd "$_o" 2>/dev/null >"$_o.list"
}
has() { grep -q " $2\$" "$1.list" || grep -q " $2 -> " "$1.list" || { say "$1: no $2"; return 1; }; }
if dracut_img "$T/d-systemd.img" bash systemd systemd-initrd systemd-ask-password dm crypt mtpm &&
	has "$T/d-systemd.img" usr/sbin/mtpm && has "$T/d-systemd.img" etc/mtpm/parents &&
	has "$T/d-systemd.img" usr/libexec/mtpm/mtpm-askpass &&
	has "$T/d-systemd.img" usr/lib/systemd/system/mtpm-askpass.service &&
	has "$T/d-systemd.img" usr/lib/systemd/system/mtpm-askpass.path &&
	has "$T/d-systemd.img" etc/systemd/system/sysinit.target.wants/mtpm-askpass.path &&
	has "$T/d-systemd.img" usr/lib/systemd/systemd-reply-password; then
	ok
else
	bad "dracut (systemd) initramfs"
fi
if dracut_img "$T/d-plain.img" bash dm crypt mtpm &&
	has "$T/d-plain.img" usr/sbin/mtpm && has "$T/d-plain.img" etc/mtpm/parents &&
	has "$T/d-plain.img" usr/lib/dracut/hooks/initqueue/settled/20-mtpm-unlock.sh &&
	! grep -q 'mtpm-askpass' "$T/d-plain.img.list"; then
	ok
else
	bad "dracut (no systemd) initramfs"
fi

finish initramfs_hooks
