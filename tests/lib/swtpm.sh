# tests/lib/swtpm.sh - a private swtpm for one test script (POSIX sh; source it).
#
#   . tests/lib/swtpm.sh
#   trap swtpm_stop EXIT INT TERM
#   swtpm_start [--tcp] [--state DIR]  || exit 1
#   ... run things against $MTPM_TCTI (and $TPM2TOOLS_TCTI with --tcp) ...
#   swtpm_stop
#
# swtpm_start starts `swtpm socket --tpm2` on a fresh temporary state
# directory, daemonized, with --flags not-need-init,startup-clear (the TPM
# is powered on and TPM2_Startup(CLEAR) done: ready for commands), and
# waits until its control channel answers. It exports
#   SWTPM_DIR       the state directory (sockets, pid file and log are in it)
#   SWTPM_PID       the swtpm process
#   MTPM_TCTI       swtpm:path=$SWTPM_DIR/sock,ctrl=$SWTPM_DIR/ctrl
#                   or, with --tcp, swtpm:host=127.0.0.1,port=P
#   TPM2TOOLS_TCTI  only with --tcp (tpm2-tools' swtpm TCTI is TCP only):
#                   swtpm:host=127.0.0.1,port=P
#   SWTPM_PORT      with --tcp: the data port P (control is P + 1)
# --tcp listens on 127.0.0.1 only, on a random free even port pair (tried
# until one binds). --state DIR starts from DIR/tpm2-00.permall (a copy;
# DIR is never written).
#
# swtpm_stop kills the swtpm BY PID (never by name), after checking that
# the PID still runs a command line naming our state directory, waits for
# it to go, and removes the directory. It always succeeds and may be called
# any number of times, so it is safe in an EXIT trap and under set -e.
# One swtpm per shell at a time; start a subshell for a second one.

swtpm_log() {
	echo "swtpm.sh: $*" >&2
}

# A random even port in [20000, 59998].
_swtpm_rand_port() {
	_swtpm_r=$(od -An -N2 -tu2 /dev/urandom 2>/dev/null | tr -d ' ')
	[ -n "$_swtpm_r" ] || _swtpm_r=$$
	echo $((20000 + (_swtpm_r % 20000) * 2))
}

# Wait (up to ~10 s) until the control channel answers CMD_GET_CAPABILITY.
_swtpm_wait_ready() {
	_swtpm_i=0
	while [ "$_swtpm_i" -lt 100 ]; do
		if [ -s "$SWTPM_DIR/pid" ]; then
			if command -v swtpm_ioctl >/dev/null 2>&1; then
				if [ -n "${SWTPM_PORT:-}" ]; then
					swtpm_ioctl --tcp "127.0.0.1:$((SWTPM_PORT + 1))" -g \
						>/dev/null 2>&1 && return 0
				else
					swtpm_ioctl --unix "$SWTPM_DIR/ctrl" -g \
						>/dev/null 2>&1 && return 0
				fi
			elif [ -n "${SWTPM_PORT:-}" ] || [ -S "$SWTPM_DIR/sock" ]; then
				return 0
			fi
		fi
		sleep 0.1
		_swtpm_i=$((_swtpm_i + 1))
	done
	return 1
}

swtpm_start() {
	_swtpm_tcp=0
	_swtpm_state=
	while [ $# -gt 0 ]; do
		case $1 in
		--tcp) _swtpm_tcp=1 ;;
		--state)
			[ $# -ge 2 ] || { swtpm_log "--state needs a directory"; return 2; }
			_swtpm_state=$2
			shift
			;;
		*) swtpm_log "swtpm_start: unknown argument: $1"; return 2 ;;
		esac
		shift
	done
	if [ -n "${SWTPM_PID:-}" ]; then
		swtpm_log "swtpm_start: one is already running (pid $SWTPM_PID)"
		return 2
	fi
	if ! command -v swtpm >/dev/null 2>&1; then
		swtpm_log "swtpm is not installed (make deps)"
		return 1
	fi

	SWTPM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-swtpm.XXXXXX") || return 1
	export SWTPM_DIR
	if [ -n "$_swtpm_state" ]; then
		if ! cp "$_swtpm_state/tpm2-00.permall" "$SWTPM_DIR/tpm2-00.permall"; then
			swtpm_log "no $_swtpm_state/tpm2-00.permall"
			swtpm_stop
			return 1
		fi
	fi

	_swtpm_ok=0
	if [ "$_swtpm_tcp" = 1 ]; then
		_swtpm_try=0
		while [ "$_swtpm_try" -lt 10 ]; do
			SWTPM_PORT=$(_swtpm_rand_port)
			rm -f "$SWTPM_DIR/pid"
			if swtpm socket --tpm2 --tpmstate "dir=$SWTPM_DIR" \
				--server "type=tcp,port=$SWTPM_PORT,bindaddr=127.0.0.1" \
				--ctrl "type=tcp,port=$((SWTPM_PORT + 1)),bindaddr=127.0.0.1" \
				--flags not-need-init,startup-clear \
				--pid "file=$SWTPM_DIR/pid" --log "file=$SWTPM_DIR/log" -d \
				2>>"$SWTPM_DIR/log"; then
				_swtpm_ok=1
				break
			fi
			_swtpm_try=$((_swtpm_try + 1)) # port pair taken: another one
		done
		export SWTPM_PORT
	else
		unset SWTPM_PORT
		if swtpm socket --tpm2 --tpmstate "dir=$SWTPM_DIR" \
			--server "type=unixio,path=$SWTPM_DIR/sock" \
			--ctrl "type=unixio,path=$SWTPM_DIR/ctrl" \
			--flags not-need-init,startup-clear \
			--pid "file=$SWTPM_DIR/pid" --log "file=$SWTPM_DIR/log" -d \
			2>>"$SWTPM_DIR/log"; then
			_swtpm_ok=1
		fi
	fi
	if [ "$_swtpm_ok" != 1 ] || ! _swtpm_wait_ready; then
		swtpm_log "swtpm did not start; its log:"
		cat "$SWTPM_DIR/log" >&2 2>/dev/null
		[ -s "$SWTPM_DIR/pid" ] && SWTPM_PID=$(cat "$SWTPM_DIR/pid")
		swtpm_stop
		return 1
	fi
	SWTPM_PID=$(cat "$SWTPM_DIR/pid")
	export SWTPM_PID
	if [ "$_swtpm_tcp" = 1 ]; then
		MTPM_TCTI="swtpm:host=127.0.0.1,port=$SWTPM_PORT"
		TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$SWTPM_PORT"
		_swtpm_set_tools=1
		export TPM2TOOLS_TCTI
	else
		MTPM_TCTI="swtpm:path=$SWTPM_DIR/sock,ctrl=$SWTPM_DIR/ctrl"
		_swtpm_set_tools=0
	fi
	export MTPM_TCTI
	return 0
}

# swtpm_stop_serving PID DIR: end a swtpm this test started by other
# means than swtpm_start (QEMU's tpm-crb tests start it themselves), by
# its PID, and only while that PID still serves DIR - a reused PID is
# never signalled. TERM, then KILL after 3 s. Nothing when PID is empty.
swtpm_stop_serving() {
	[ -n "$1" ] || return 0
	if kill -0 "$1" 2>/dev/null &&
		tr '\000' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"; then
		kill "$1" 2>/dev/null
		_swtpm_i=0
		while kill -0 "$1" 2>/dev/null && [ "$_swtpm_i" -lt 30 ]; do
			sleep 0.1
			_swtpm_i=$((_swtpm_i + 1))
		done
		kill -0 "$1" 2>/dev/null && kill -9 "$1" 2>/dev/null
	fi
	return 0
}

swtpm_stop() {
	_swtpm_pid=${SWTPM_PID:-}
	case $_swtpm_pid in
	'' | *[!0-9]*) _swtpm_pid= ;;
	esac
	if [ -n "$_swtpm_pid" ] && kill -0 "$_swtpm_pid" 2>/dev/null; then
		# The PID may have been reused: only signal it if it is still
		# the swtpm serving our directory.
		_swtpm_mine=1
		if [ -r "/proc/$_swtpm_pid/cmdline" ] && [ -n "${SWTPM_DIR:-}" ]; then
			tr '\000' ' ' <"/proc/$_swtpm_pid/cmdline" 2>/dev/null |
				grep -qF -- "$SWTPM_DIR" || _swtpm_mine=0
		fi
		if [ "$_swtpm_mine" = 1 ]; then
			kill "$_swtpm_pid" 2>/dev/null || :
			_swtpm_i=0
			while kill -0 "$_swtpm_pid" 2>/dev/null && [ "$_swtpm_i" -lt 50 ]; do
				sleep 0.1
				_swtpm_i=$((_swtpm_i + 1))
			done
			if kill -0 "$_swtpm_pid" 2>/dev/null; then
				kill -9 "$_swtpm_pid" 2>/dev/null || :
				sleep 0.1
			fi
		fi
	fi
	# Only ever remove a directory swtpm_start made.
	case ${SWTPM_DIR:-} in
	*/mtpm-swtpm.??????) rm -rf -- "$SWTPM_DIR" 2>/dev/null || : ;;
	esac
	if [ "${_swtpm_set_tools:-0}" = 1 ]; then
		unset TPM2TOOLS_TCTI
	fi
	_swtpm_set_tools=0
	unset SWTPM_PID SWTPM_DIR SWTPM_PORT MTPM_TCTI
	return 0
}
