#!/bin/sh
# mtpm-askpass [--watch] - a systemd password agent that answers disk
# passphrase questions with `mtpm luks unlock`. Installed by the dracut
# module 90mtpm as /usr/libexec/mtpm/mtpm-askpass, run by
# mtpm-askpass.service in a systemd initramfs.
#
# The protocol (systemd's password agents, as systemd-cryptsetup 252 asks):
# a question is a file /run/systemd/ask-password/ask.XXXXXX holding an
# [Ask] section with Socket= (an AF_UNIX datagram socket), Id= and
# Message=; systemd-cryptsetup's Id is "cryptsetup:" followed by the
# device (e.g. cryptsetup:/dev/block/254:1). The answer is one datagram,
# "+" and the passphrase, sent to Socket; systemd's own
# systemd-reply-password sends it, reading the passphrase on stdin. Every
# agent sees every question; the first answer wins, so the console or
# plymouth agent still asks the person while this one works.
#
# For each "cryptsetup:/..." question, once per Id per boot (a second
# question for the same device means the TPM's key was refused, and then
# only the person may answer): run mtpm; on success send its output; on
# failure print ONE line (stderr: the console) and leave the question to
# the other agents. A token that wants a PIN is left to the person too
# (said in that one line): this agent asks nobody anything.
#
# Without --watch: answer what is there now and exit (what the tests use).
# With --watch: look again every half second until stopped (the unit
# stops at switch-root).
#
# The key is held in a shell variable between mtpm and printf (a builtin:
# never on a command line), and sent through a pipe; never a file.
#
# Environment (tests): MTPM_ASK_DIR (default /run/systemd/ask-password),
# MTPM_ASK_STATE (default /run/mtpm-askpass), MTPM_REPLY_PASSWORD (the
# systemd-reply-password to use), MTPM_INITRAMFS_CONF.
watch=no
[ "${1:-}" = --watch ] && watch=yes
dir=${MTPM_ASK_DIR:-/run/systemd/ask-password}
state=${MTPM_ASK_STATE:-/run/mtpm-askpass}
MTPM_TCTI=
MTPM_UNLOCK_ARGS=
MTPM_BIN=
conf=${MTPM_INITRAMFS_CONF:-/etc/mtpm/initramfs.conf}
if [ -r "$conf" ]; then
	# shellcheck source=/dev/null
	. "$conf"
fi

mtpm=
for b in "$MTPM_BIN" /usr/sbin/mtpm /usr/local/sbin/mtpm /usr/bin/mtpm /usr/local/bin/mtpm; do
	if [ -n "$b" ] && [ -x "$b" ]; then
		mtpm=$b
		break
	fi
done
reply=
for b in "${MTPM_REPLY_PASSWORD:-}" /usr/lib/systemd/systemd-reply-password /lib/systemd/systemd-reply-password; do
	if [ -n "$b" ] && [ -x "$b" ]; then
		reply=$b
		break
	fi
done
if [ -z "$mtpm" ] || [ -z "$reply" ]; then
	echo "mtpm-askpass: no ${mtpm:+systemd-reply-password}${mtpm:-mtpm binary}: the passphrase will be asked" >&2
	exit 1
fi
mkdir -p "$state" && chmod 700 "$state" || exit 1

set -- luks unlock
[ -n "$MTPM_TCTI" ] && set -- -T "$MTPM_TCTI" "$@"
# shellcheck disable=SC2086 # MTPM_UNLOCK_ARGS is a word list by design
set -- "$@" $MTPM_UNLOCK_ARGS

# answer ASKFILE [mtpm luks unlock args...]
answer() {
	_f=$1
	shift
	_sock=
	_id=
	while IFS='=' read -r _k _v; do
		case $_k in
		Socket) _sock=$_v ;;
		Id) _id=$_v ;;
		esac
	done <"$_f"
	case $_id in
	cryptsetup:/*) _dev=${_id#cryptsetup:} ;;
	*) return 0 ;;
	esac
	[ -S "$_sock" ] || return 0
	# once per device: the tag is the Id with / made harmless
	_tag=$state/$(printf '%s' "$_id" | tr -c 'A-Za-z0-9:._-' '_')
	[ -e "$_tag" ] && return 0
	: >"$_tag"
	if cryptsetup luksDump --dump-json-metadata "$_dev" 2>/dev/null |
		grep -Eq '"tpm2-pin"[[:space:]]*:[[:space:]]*true'; then
		echo "mtpm: $_dev: the TPM token wants a PIN; leaving the question to the passphrase prompt" >&2
		return 0
	fi
	_key=$("$mtpm" "$@" "$_dev" </dev/null 2>"$state/err")
	_rc=$?
	if [ $_rc = 0 ]; then
		printf '%s' "$_key" | "$reply" 1 "$_sock"
		_rc=$?
		_key=
		if [ $_rc = 0 ]; then
			echo "mtpm: $_dev: answered from the TPM"
		else
			echo "mtpm: $_dev: systemd-reply-password failed (exit $_rc)" >&2
		fi
		return 0
	fi
	_key=
	echo "mtpm: $_dev: TPM unlock failed (mtpm exit $_rc: $(sed -n 1p "$state/err")); the passphrase prompt stays" >&2
	return 0
}

scan() {
	for f in "$dir"/ask.*; do
		[ -f "$f" ] || continue
		answer "$f" "$@"
	done
}

if [ $watch = yes ]; then
	while :; do
		scan "$@"
		sleep 0.5
	done
fi
scan "$@"
exit 0
