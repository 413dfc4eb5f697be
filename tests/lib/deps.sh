#!/bin/sh
# tests/lib/deps.sh PKG... - make sure the Debian packages the build and
# tests need are installed.
#
# All installed (dpkg -s): do nothing. Otherwise, as root: apt-get update
# and install the missing ones without recommends; not root: print the
# command to run and exit 1 (we never sudo on the caller's behalf).
set -eu

missing=
for p in "$@"; do
	if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	apt-get update
	# shellcheck disable=SC2086 # word splitting of the list is intended
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
else
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "run as root:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
