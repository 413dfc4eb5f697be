#!/bin/sh
# tests/demo.sh BUILD - the mtpm story on a private swtpm, narrated.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
BUILD=${1:-build}
M="$TOP/$BUILD/mtpm"
. tests/lib/swtpm.sh
trap swtpm_stop EXIT INT TERM
swtpm_start || exit 1
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "A private software TPM is running (swtpm pid $SWTPM_PID, $MTPM_TCTI)"
run "$M" info
say "Read PCR 7, extend it, read it again"
run "$M" pcrread sha256:7
run "$M" pcrextend "7:sha256=$(printf 'demo' | openssl dgst -sha256 -r | cut -c1-64)"
run "$M" pcrread sha256:7
say "Done; stopping the software TPM"
