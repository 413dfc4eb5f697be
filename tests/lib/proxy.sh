# tests/lib/proxy.sh - an interposer (tests/lib/interposer.py) between the
# CLI and the test's swtpm (POSIX sh; source it after tests/lib/swtpm.sh).
#
#   proxy_start LOG [--swap-parent PUB | --flip-pcr]   sets PP (its port),
#                                                      PT (its TCTI), PROXY_PID
#   proxy_stop                                         kills it by PID
#
# It listens on 127.0.0.1 only, on a random free even port pair (tried
# until one binds), relays to $SWTPM_PORT and logs every frame to LOG.
PROXY_PID=

proxy_stop() {
	[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null
	PROXY_PID=
}

proxy_start() {
	_plog=$1
	shift
	proxy_stop
	: >"$_plog"
	_pn=0
	while [ $_pn -lt 20 ]; do
		PP=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 * 2))
		rm -f "$_plog.ready"
		python3 tests/lib/interposer.py "$PP" "$SWTPM_PORT" "$_plog" "$@" 2>/dev/null &
		PROXY_PID=$!
		_pi=0
		while [ ! -s "$_plog.ready" ] && [ $_pi -lt 50 ] && kill -0 "$PROXY_PID" 2>/dev/null; do
			sleep 0.1
			_pi=$((_pi + 1))
		done
		if [ -s "$_plog.ready" ]; then
			PT="swtpm:host=127.0.0.1,port=$PP"
			return 0
		fi
		PROXY_PID=
		_pn=$((_pn + 1))
	done
	echo "proxy.sh: the interposer did not start" >&2
	return 1
}
