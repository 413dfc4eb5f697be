#!/bin/sh
# tests/luks/sd-unseal.sh [--pin-file F] [--signature F] [--log FILE] IMAGE
# - run systemd-cryptsetup 252's own TPM2 unlock of IMAGE against the swtpm
# at $SWTPM_PORT, and report whether systemd unsealed the key.
#
# systemd-cryptsetup takes its TPM from the crypttab option tpm2-device=,
# and splits options at commas, so it cannot be given
# swtpm:host=H,port=P; and its token plugin only looks at /sys/class/tpmrm.
# What it can be given is "swtpm:host=127.0.0.1", whose port is the
# default 2321. To use that port without meeting anyone else's, the unlock
# runs in a private network namespace (unshare --net, root), where a
# tpmproxy.py relay on 127.0.0.1:2321 reaches, through a Unix socket, a
# second relay outside that talks to the swtpm. The outside relay logs
# every frame; --log FILE keeps that transcript (for `mtpm decode`).
#
# The check: `systemd-cryptsetup attach` with headless=1 and
# SYSTEMD_LOG_LEVEL=debug must log "Completed TPM2 key unsealing" (its
# message after a successful TPM2_Unseal). It then tries to activate the
# volume, which needs device-mapper; where there is none that step fails
# and nothing is created; where there is, the mapping is removed again.
# The unsealed key itself never leaves systemd: check it with
# tests/luks/recover.sh and cryptsetup open --test-passphrase.
# --pin-file: the PIN (passed as $PIN). --signature: the systemd-measure
# signature JSON (crypttab tpm2-signature=).
#
# Exit 0 unsealed, 1 not unsealed (systemd's log on stderr), 77 this
# machine cannot run the check (no unshare/ip/python3, or no permission for
# a network namespace).
set -u
# shellcheck disable=SC2034 # read by common.sh
LUKS_PROG=sd-unseal.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

pinfile=
sig=
keeplog=
while [ $# -gt 1 ]; do
	case $1 in
	--pin-file) pinfile=$2; shift 2 ;;
	--signature) sig=$2; shift 2 ;;
	--log) keeplog=$2; shift 2 ;;
	*) luks_die "usage: sd-unseal.sh [--pin-file F] [--signature F] [--log FILE] IMAGE" ;;
	esac
done
[ $# = 1 ] || luks_die "usage: sd-unseal.sh [--pin-file F] [--signature F] [--log FILE] IMAGE"
img=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
luks_need_env
SDC=$(luks_systemd_bin systemd-cryptsetup) || luks_die "systemd-cryptsetup is not installed"
for t in unshare ip python3; do
	command -v $t >/dev/null 2>&1 || { echo "sd-unseal.sh: $t is not installed: cannot run" >&2; exit 77; }
done
if ! unshare --net true 2>/dev/null; then
	echo "sd-unseal.sh: cannot make a network namespace here (needs root and CAP_SYS_ADMIN)" >&2
	exit 77
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-sdunseal.XXXXXX") || exit 1
outer=
cleanup() {
	if [ -n "$outer" ] && kill -0 "$outer" 2>/dev/null; then
		kill "$outer" 2>/dev/null
	fi
	rm -rf "$D"
}
trap cleanup EXIT INT TERM

# wait_for FILE: up to ~5 s.
wait_for() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$1" ]
}

python3 "$HERE/tpmproxy.py" --listen "unix:$D/tpm" --to "$SWTPM_PORT" \
	--log "$D/frames.log" --pidfile "$D/outer.pid" 2>"$D/outer.err" &
wait_for "$D/outer.pid" || { cat "$D/outer.err" >&2; luks_die "relay did not start"; }
outer=$(cat "$D/outer.pid")

opts="tpm2-device=swtpm:host=127.0.0.1,headless=1"
[ -n "$sig" ] && opts="$opts,tpm2-signature=$(cd "$(dirname "$sig")" && pwd)/$(basename "$sig")"
pin=
[ -n "$pinfile" ] && pin=$(cat "$pinfile")
name="mtpm-sdunseal-$$"
# systemd 252 flushes its objects but not its HMAC session (with the
# kernel's resource manager that goes when the device is closed; on a bare
# swtpm it stays): flush the sessions it leaves, and only those.
sessions() { tpm2_getcap handles-loaded-session 2>/dev/null | sed -n 's/^- //p' | tr '\n' ' '; }
before=$(sessions)

# Inside the namespace: bring up lo, start the inner relay, run systemd,
# stop the relay by its PID.
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --net sh -c '
	ip link set lo up || exit 1
	python3 "$1/tpmproxy.py" --listen 2321 --to "unix:$2/tpm" --pidfile "$2/inner.pid" 2>"$2/inner.err" &
	i=0
	while [ ! -s "$2/inner.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$2/inner.pid" ] || exit 1
	if [ -n "$6" ]; then
		PIN=$6 SYSTEMD_LOG_LEVEL=debug "$3" attach "$4" "$5" - "$7" >"$2/sd.log" 2>&1
	else
		SYSTEMD_LOG_LEVEL=debug "$3" attach "$4" "$5" - "$7" >"$2/sd.log" 2>&1
	fi
	"$3" detach "$4" >/dev/null 2>&1
	kill "$(cat "$2/inner.pid")"
	exit 0
' sh "$HERE" "$D" "$SDC" "$name" "$img" "$pin" "$opts" ||
	{ cat "$D/inner.err" >&2; luks_die "could not run systemd-cryptsetup in a network namespace"; }

for h in $(sessions); do
	case " $before " in *" $h "*) ;; *) tpm2_flushcontext "$h" >/dev/null 2>&1 ;; esac
done
[ -n "$keeplog" ] && cp "$D/frames.log" "$keeplog"
if grep -q '^Completed TPM2 key unsealing' "$D/sd.log"; then
	exit 0
fi
grep -v '^Requesting JSON' "$D/sd.log" | sed -n '/TPM2/,$p' | head -40 >&2
exit 1
