#!/bin/sh
# tests/lib/deps.sh PKG... - make sure the Debian packages the build and
# tests need are installed (`make deps`, run first by `make check` and
# `make demo`).
#
# Each package is asked of dpkg alone (dpkg-query, its status must be
# "install ok installed"): when all are present this is a no-op that
# prints nothing and touches no network, so a developer's `make check`
# costs no apt run. Only the missing ones go to apt:
#   - as root: apt-get update, then apt-get install of exactly those
#     (what CI on a clean Debian 12 does);
#   - not root: the exact apt-get line to run is printed and the script
#     exits 1 (we never sudo on the caller's behalf).
# No dpkg-query at all (not a Debian system): exit 1 with the list, since
# nothing here can tell what is installed.
set -eu

[ $# -gt 0 ] || { echo "usage: deps.sh PKG..." >&2; exit 2; }

# (No /dev/null here: the script must work where only root may open it.)
if ! dq=$(command -v dpkg-query); then
	echo "deps.sh: no dpkg-query: not a Debian system; install by hand: $*" >&2
	exit 1
fi

missing=
for p in "$@"; do
	# An unknown package makes dpkg-query fail with only an error
	# message; a package known for several architectures prints one
	# status each.
	# shellcheck disable=SC2016 # ${Status} is dpkg-query's, not ours
	st=$("$dq" -W -f='${Status}\n' "$p" 2>&1 || true)
	case $st in
	"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "deps.sh: installing:$missing"
	apt-get update
	# shellcheck disable=SC2086 # word splitting of the list is intended
	DEBIAN_FRONTEND=noninteractive $cmd
else
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "deps.sh: run as root, then make again:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi
