#!/bin/sh
# bench/run.sh [BUILD] [N] - `make bench`: mtpm unseal (static and dynamic),
# an ESAPI program and the tpm2-tools sequence, side by side against one
# private swtpm in one run; writes bench/RESULTS.md. Not part of make check.
#
# The same sealed object for all: sealed once by mtpm to PCR policy
# sha256:0,7 under a persistent ECC SRK at 0x81000001, written both as a
# TSS2 key file (mtpm) and as raw TPM2B files (ESAPI, tpm2-tools).
# Per peer: N timed runs straight to swtpm (wall, user+sys CPU and peak
# RSS of the client from wait4, bench/runner.c), then one run through a
# recording proxy (bench/proxy.c) that counts the commands on the wire.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
B=${1:-build}
N=${2:-30}
O=$B/bench
. tests/lib/swtpm.sh
die() { echo "bench: $*" >&2; exit 1; }
PROXY_PID=
cleanup() {
	if [ -n "$PROXY_PID" ] && kill -0 "$PROXY_PID" 2>/dev/null; then kill "$PROXY_PID"; fi
	swtpm_stop
	rm -rf "${W:-}"
}
trap cleanup EXIT INT TERM
W=$(mktemp -d "${TMPDIR:-/tmp}/mtpm-bench.XXXXXX")

# --- peers --------------------------------------------------------------------
M=$TOP/$B/mtpm
MS=$TOP/$B/mtpm-static
E=$TOP/$O/esapi_unseal
[ -x "$M" ] && [ -x "$MS" ] && [ -x "$E" ] && [ -x "$O/proxy" ] && [ -x "$O/runner" ] ||
	die "build first (make bench)"

swtpm_start --tcp || die "swtpm"
P=$SWTPM_PORT
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$P"
head -c 64 /dev/zero | tpm2_createprimary -Q -C o -g sha256 -G ecc256:aes128cfb \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt' \
	-u - -c "$W/srk.ctx" || die "createprimary"
tpm2_evictcontrol -Q -C o -c "$W/srk.ctx" 0x81000001 || die "evictcontrol"
tpm2_flushcontext -t || die "flush"
head -c 32 /dev/urandom >"$W/secret"
"$M" -T "swtpm:host=127.0.0.1,port=$P" seal --pcrs sha256:0,7 -i "$W/secret" \
	-o "$W/sealed.pem" --public "$W/obj.pub" --private "$W/obj.priv" || die "mtpm seal"

# peer NAME TCTI_PORT: the command line of one unseal, secret to stdout
peer() {
	case $1 in
	mtpm-static) echo "$MS -T swtpm:host=127.0.0.1,port=$2 unseal -i $W/sealed.pem -o -" ;;
	mtpm-dynamic) echo "$M -T swtpm:host=127.0.0.1,port=$2 unseal -i $W/sealed.pem -o -" ;;
	esapi) echo "$E swtpm:host=127.0.0.1,port=$2 $W/obj.pub $W/obj.priv" ;;
	tpm2-tools) echo "env TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=$2 sh bench/tools_unseal.sh $W/obj.pub $W/obj.priv $W" ;;
	esac
}
PEERS="mtpm-static mtpm-dynamic esapi tpm2-tools"

# --- correctness first: each peer must return the secret ---------------------
for p in $PEERS; do
	# shellcheck disable=SC2046
	$(peer $p "$P") >"$W/out.$p" 2>"$W/err.$p" || { cat "$W/err.$p" >&2; die "$p failed to unseal"; }
	cmp -s "$W/out.$p" "$W/secret" || die "$p unsealed the wrong bytes"
	left=$("$M" handles transient; "$M" handles sessions)
	[ -z "$left" ] || die "$p left handles in the TPM: $left"
done

# --- commands on the wire, through the recording proxy ------------------------
LP=$((P + 2))
"$O/proxy" "$LP" "$P" "$W/wire.log" &
PROXY_PID=$!
sleep 0.3
for p in $PEERS; do
	: >"$W/wire.log"
	# shellcheck disable=SC2046
	$(peer $p "$LP") >/dev/null 2>&1 || die "$p failed through the proxy"
	sleep 0.2
	wc -l <"$W/wire.log" | tr -d ' ' >"$W/cmds.$p"
	awk '{print $2}' "$W/wire.log" | tr '\n' ' ' >"$W/ccs.$p"
done
kill "$PROXY_PID"
PROXY_PID=

# --- timing: N runs each, interleaved in rounds so drift hits all alike -------
i=0
while [ $i -lt "$N" ]; do
	for p in $PEERS; do
		# shellcheck disable=SC2046
		"$O/runner" 1 -- $(peer $p "$P") >>"$W/runs.$p"
	done
	i=$((i + 1))
done
for p in $PEERS; do
	bad=$(awk '$4 != 0' "$W/runs.$p" | wc -l)
	[ "$bad" = 0 ] || die "$p failed $bad of $N timed runs"
done

med() {   # med FILE COLUMN
	awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- what an initramfs must carry ---------------------------------------------
closure() {   # sum of the sizes of the files and every shared object they need
	for f in "$@"; do
		echo "$f"
		ldd "$f" 2>/dev/null | awk '/=>/ && $3 ~ /^\// { print $3 } /^\t\/.*ld-linux/ { print $1 }'
	done | xargs -r readlink -f | sort -u | tee "$W/closure.last" | xargs -r stat -Lc %s |
		awk '{ s += $1 } END { print s + 0 }'
}
LIBDIR=/usr/lib/x86_64-linux-gnu
size_ms=$(stat -c %s "$MS")
size_md=$(closure "$M")
# ESAPI: the program, its libraries, and the TCTI it dlopen()s at run time
# for a real TPM (device) - which ldd does not list.
size_es=$(closure "$E" "$LIBDIR/libtss2-tcti-device.so.0")
n_es=$(wc -l <"$W/closure.last")
size_tt=$(closure "$(readlink -f "$(command -v tpm2_unseal)")" "$LIBDIR/libtss2-tcti-device.so.0")
n_tt=$(wc -l <"$W/closure.last")

# --- RESULTS.md ------------------------------------------------------------------
ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
R=bench/RESULTS.md
{
	echo "# Benchmark: unsealing one secret"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand."
	echo
	echo "- machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), kernel $(uname -r)"
	echo "- versions: swtpm $(ver swtpm), libtpms $(ver libtpms0), tpm2-tss $(ver libtss2-esys-3.0.2-0), tpm2-tools $(ver tpm2-tools), $(gcc --version | head -n 1), musl $(ver musl-tools), BearSSL $(ver libbearssl-dev)"
	echo "- mtpm: $(git log -1 --format='%h %s' 2>/dev/null)"
	echo "- TPM: one swtpm (TCP, 127.0.0.1) for every peer, in the same run; $N timed runs per peer, interleaved round by round"
	echo "- object: 32-byte secret sealed by mtpm to PolicyPCR sha256:0,7 under a persistent ECC P-256 SRK at 0x81000001; the same object for every peer"
	echo "- sessions: mtpm - policy session salted to the SRK, Unseal response encrypted (its default); ESAPI - the same (salted to the SRK, AES-128-CFB, encrypt attribute); tpm2-tools - policy session salted to the SRK (tpm2_startauthsession -c), encrypt enabled with tpm2_sessionconfig"
	echo
	echo "| metric | mtpm-static | mtpm (dynamic) | ESAPI | tpm2-tools | target |"
	echo "|---|---|---|---|---|---|"
	for p in $PEERS; do
		eval "w_$(echo $p | tr - _)=$(med "$W/runs.$p" 1)"
		eval "c_$(echo $p | tr - _)=$(med "$W/runs.$p" 2)"
		eval "r_$(echo $p | tr - _)=$(med "$W/runs.$p" 3)"
	done
	ms() { awk -v v="$1" 'BEGIN { printf "%.2f ms", v / 1000 }'; }
	mib() { awk -v v="$1" 'BEGIN { printf "%.2f MiB", v / 1024 }'; }
	echo "| wall time per unseal (median) | $(ms "$w_mtpm_static") | $(ms "$w_mtpm_dynamic") | $(ms "$w_esapi") | $(ms "$w_tpm2_tools") | <= 1/5 of ESAPI |"
	echo "| client CPU per unseal (user+sys, median) | $(ms "$c_mtpm_static") | $(ms "$c_mtpm_dynamic") | $(ms "$c_esapi") | $(ms "$c_tpm2_tools") | <= 2 ms |"
	echo "| TPM commands sent (recording proxy) | $(cat "$W/cmds.mtpm-static") | $(cat "$W/cmds.mtpm-dynamic") | $(cat "$W/cmds.esapi") | $(cat "$W/cmds.tpm2-tools") | <= 5 |"
	echo "| peak RSS (median) | $(mib "$r_mtpm_static") | $(mib "$r_mtpm_dynamic") | $(mib "$r_esapi") | $(mib "$r_tpm2_tools") | <= 1 MiB |"
	echo "| bytes an initramfs must carry | $size_ms | $size_md | $size_es ($n_es files) | $size_tt ($n_tt files) | <= 131072 |"
	echo
	echo "Ratios (peer / mtpm-static): wall ESAPI $(awk -v a="$w_esapi" -v b="$w_mtpm_static" 'BEGIN{printf "%.1fx", a/b}'), tpm2-tools $(awk -v a="$w_tpm2_tools" -v b="$w_mtpm_static" 'BEGIN{printf "%.1fx", a/b}'); CPU ESAPI $(awk -v a="$c_esapi" -v b="$c_mtpm_static" 'BEGIN{printf "%.1fx", a/b}'), tpm2-tools $(awk -v a="$c_tpm2_tools" -v b="$c_mtpm_static" 'BEGIN{printf "%.1fx", a/b}'); mtpm-static wall / ESAPI wall = $(awk -v a="$w_mtpm_static" -v b="$w_esapi" 'BEGIN{printf "%.2f", a/b}') (target <= 0.20)."
	echo
	echo "Commands on the wire (command codes, in order):"
	echo
	for p in $PEERS; do echo "- $p: $(cat "$W/ccs.$p")"; done
	echo
	echo "Notes:"
	echo
	echo "- Wall time includes process start-up and the swtpm round trips over loopback TCP; CPU and RSS are the client's alone (wait4 rusage; for tpm2-tools, the shell and every tool it ran)."
	echo "- Initramfs bytes: mtpm-static is one file; the dynamic mtpm, the ESAPI program and tpm2-tools are counted with every shared object in their ldd closure (resolved, deduplicated) plus libtss2-tcti-device.so, which ESAPI dlopen()s for a real TPM and ldd does not list."
	echo "- Raw runs (wall_us cpu_us maxrss_kib exit) are printed by bench/run.sh; only medians are kept here."
} >"$R"
cat "$R"
