#!/bin/sh
# bench/run.sh [BUILD] [N] [TPM_N] - `make bench`: mtpm unseal (static and
# dynamic), an ESAPI program and the tpm2-tools sequence, side by side
# against one private swtpm in one run; writes bench/RESULTS.md. Not part
# of make check, and not a pass/fail test: it reports figures and ratios.
# It fails only when a peer does not unseal the right secret.
#
# The same sealed object for all: sealed once by mtpm to PCR policy
# sha256:0,7 under a persistent ECC SRK at 0x81000001, written both as a
# TSS2 key file (mtpm) and as raw TPM2B files (ESAPI, tpm2-tools).
# Per peer: N timed runs straight to swtpm (wall, user+sys CPU and peak
# RSS of the client from wait4, bench/runner.c), then one run through a
# recording proxy (bench/proxy.c) that counts the commands on the wire.
#
# The TPM's own CPU (the floor of an unseal against swtpm): per peer, a
# batch of TPM_N consecutive runs (N for tpm2-tools) with the swtpm
# process's utime + stime (/proc/PID/stat, in clock ticks) read before and
# after, divided by the runs; the per-run scheduler clock of the swtpm
# (bench/runner.c -p) cross-checks it. Then the client's P-256 work on
# each packaged backend (bench/p256.c) for the "Proposal" section.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
B=${1:-build}
N=${2:-30}
TN=${3:-200}
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
# A free even port pair for it (other swtpms and proxies share the machine):
# the proxy exits at once when it cannot listen, so try another pair.
try=0
while :; do
	LP=$((20000 + ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000) * 2))
	[ "$LP" = "$P" ] && continue
	"$O/proxy" "$LP" "$P" "$W/wire.log" 2>"$W/proxy.err" &
	PROXY_PID=$!
	sleep 0.3
	kill -0 "$PROXY_PID" 2>/dev/null && break
	try=$((try + 1))
	[ $try -lt 10 ] || { cat "$W/proxy.err" >&2; die "no free port for the proxy"; }
done
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

# --- how busy the machine is (others share its CPUs) --------------------------
# busy/steal jiffies of all CPUs from /proc/stat: "busy steal total"
cpu_jiffies() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}
# utime + stime of the swtpm, all threads, in clock ticks (fields 14 and
# 15 of /proc/PID/stat; counted after the ") " that ends the command name)
tpm_ticks() {
	sed 's/.*) //' "/proc/$SWTPM_PID/stat" | awk '{ print $12 + $13 }'
}
HZ=$(getconf CLK_TCK)
LOAD0=$(cut -d ' ' -f 1-3 /proc/loadavg)
J0=$(cpu_jiffies)
T0=$(date +%s.%N)

# --- timing: N runs each, interleaved in rounds so drift hits all alike -------
# runner -p adds the swtpm's CPU during each run (scheduler clock, in us).
i=0
while [ $i -lt "$N" ]; do
	for p in $PEERS; do
		# shellcheck disable=SC2046
		"$O/runner" -p "$SWTPM_PID" 1 -- $(peer $p "$P") >>"$W/runs.$p" || die "runner"
	done
	i=$((i + 1))
done
for p in $PEERS; do
	bad=$(awk '$4 != 0' "$W/runs.$p" | wc -l)
	[ "$bad" = 0 ] || die "$p failed $bad of $N timed runs"
done

# --- the TPM's own CPU: consecutive batches, swtpm utime+stime in ticks ------
# Idle first: a swtpm with no client must use no CPU, or the batches below
# would count it.
a=$(tpm_ticks)
sleep 1
idle=$(($(tpm_ticks) - a))
for p in $PEERS; do
	n=$TN
	[ "$p" = tpm2-tools ] && n=$N
	a=$(tpm_ticks)
	# shellcheck disable=SC2046
	"$O/runner" -p "$SWTPM_PID" "$n" -- $(peer $p "$P") >"$W/batch.$p" || die "runner"
	b=$(tpm_ticks)
	bad=$(awk '$4 != 0' "$W/batch.$p" | wc -l)
	[ "$bad" = 0 ] || die "$p failed $bad of $n batch runs"
	echo "$n $((b - a))" >"$W/ticks.$p"
done
J1=$(cpu_jiffies)
T1=$(date +%s.%N)
LOAD1=$(cut -d ' ' -f 1-3 /proc/loadavg)

# --- the client's P-256 work per unseal, on each packaged backend -------------
# P256_R rounds of P256_N iterations, every backend once per round so load
# from others hits all alike; the median round per backend is kept.
P256_N=40
P256_R=5
P256_V="musl-none musl-bearssl-m31 musl-bearssl-m15 musl-bearssl-i31 glibc-none glibc-bearssl-m31 glibc-nettle glibc-openssl"
i=0
while [ $i -lt $P256_R ]; do
	for v in $P256_V; do
		f=$O/p256/$v
		[ -x "$f" ] || continue
		"$f" "$P256_N" >>"$W/p256.$v" || die "p256 $v failed its self-test"
	done
	i=$((i + 1))
done
: >"$W/p256"
for v in $P256_V; do
	f=$O/p256/$v
	if [ -x "$f" ]; then
		# name op_us gen_us mul_us check: the round with the median op_us
		r=$(sort -k2,2n "$W/p256.$v" | sed -n "$(((P256_R + 1) / 2))p")
		echo "$v $r $(stat -c %s "$f") ok" >>"$W/p256"
	else
		echo "$v - - - - - 0 absent" >>"$W/p256"
	fi
done
# every backend computed the same shared points
nchk=$(awk '$8 == "ok" && $1 !~ /none$/ { print $6 }' "$W/p256" | sort -u | wc -l)
[ "$nchk" = 1 ] || die "the P-256 backends disagree on the shared points"
# A process that only starts and exits: what no unseal can avoid.
"$O/runner" "$N" -- "$MS" --version >"$W/start.static" || die "runner"
"$O/runner" "$N" -- "$M" --version >"$W/start.dynamic" || die "runner"

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

# --- figures ---------------------------------------------------------------------
# Per peer (suffix _static _dynamic _esapi _tools): medians of the timed
# runs (w c r: wall, client CPU, RSS; tq: swtpm CPU by the scheduler
# clock), and over the consecutive batch: bn runs, bt ticks, tb the swtpm
# CPU per unseal from those ticks (us), tbc the same by the scheduler clock
# (mean, us), cb the client's CPU (mean, us), wb the wall (mean, us).
sfx() { case $1 in mtpm-static) echo static ;; mtpm-dynamic) echo dynamic ;; esapi) echo esapi ;; tpm2-tools) echo tools ;; esac; }
mean() { awk -v c="$2" '{ s += $c } END { printf "%.1f", s / NR }' "$1"; }
for p in $PEERS; do
	x=$(sfx $p)
	eval "w_$x=$(med "$W/runs.$p" 1) c_$x=$(med "$W/runs.$p" 2) r_$x=$(med "$W/runs.$p" 3) tq_$x=$(med "$W/runs.$p" 5)"
	read -r n t <"$W/ticks.$p"
	eval "bn_$x=$n bt_$x=$t"
	eval "tb_$x=$(awk -v t="$t" -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')"
	eval "tbc_$x=$(mean "$W/batch.$p" 5) cb_$x=$(mean "$W/batch.$p" 2) wb_$x=$(mean "$W/batch.$p" 1)"
done
st_static=$(med "$W/start.static" 2)
st_dynamic=$(med "$W/start.dynamic" 2)
ms() { awk -v v="$1" 'BEGIN { printf "%.2f ms", v / 1000 }'; }
mib() { awk -v v="$1" 'BEGIN { printf "%.2f MiB", v / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "n/a" }'; }
# the batch's tick figure, with its resolution (one tick over the batch)
tickfig() { awk -v t="$1" -v n="$2" -v hz="$HZ" 'BEGIN {
	printf "%.2f ms (%d ticks / %d runs, +-%.2f)", t * 1000 / hz / n, t, n, 1000 / hz / n }'; }

# The machine while the timed runs and batches ran: all CPUs' busy time,
# this bench's own share (clients + swtpm, exactly from rusage and the
# swtpm's clock), and what the hypervisor stole.
set -- $J0
jb0=$1 js0=$2 jt0=$3
set -- $J1
ours=$(cat "$W"/runs.* "$W"/batch.* | awk '{ s += $2 + $5 } END { print s }')
MACHINE=$(awk -v b="$(($1 - jb0))" -v st="$(($2 - js0))" -v tot="$(($3 - jt0))" -v hz="$HZ" \
	-v t0="$T0" -v t1="$T1" -v ncpu="$(nproc)" -v ours="$ours" 'BEGIN {
	wall = t1 - t0; cap = wall * ncpu
	printf "%.0f s of measuring; all %d CPUs %.0f%% busy, of which this bench (clients + swtpm) %.0f%% and everything else about %.0f%%; steal %.1f%%",
		wall, ncpu, 100 * b / hz / cap, 100 * ours / 1e6 / cap, 100 * (b / hz - ours / 1e6) / cap, 100 * st / hz / cap }')

# P-256 backends: "VARIANT name op_us gen_us mul_us check bytes ok|absent"
pf() { awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$W/p256"; }
op_m31=$(pf musl-bearssl-m31 3)
ms2() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }   # us -> "1.23"
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
# the clients with a P-256 that cost nothing: no backend can do better
free_static=$(sub "$cb_static" "$op_m31")
free_dynamic=$(sub "$cb_dynamic" "$(pf glibc-bearssl-m31 3)")
# bytes a backend adds: its program minus the baseline of the same libc
pdelta() { case $1 in musl-*) b=musl-none ;; *) b=glibc-none ;; esac; echo $(($(pf "$1" 7) - $(pf $b 7))); }

# --- RESULTS.md ------------------------------------------------------------------
ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
lscpu_f() { lscpu 2>/dev/null | sed -n "s/^$1:[[:space:]]*//p" | head -n 1; }
R=bench/RESULTS.md
{
	echo "# Benchmark: unsealing one secret"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand."
	echo "A comparison: figures and ratios from one run, no pass/fail threshold."
	echo
	echo "- machine: $(nproc) vCPUs ($(lscpu_f 'Hypervisor vendor') guest), $(lscpu_f 'Model name') (family $(lscpu_f 'CPU family'), model $(lscpu_f 'Model'), stepping $(lscpu_f 'Stepping')), kernel $(uname -r), CLK_TCK $HZ"
	echo "- load: loadavg $LOAD0 before, $LOAD1 after; $MACHINE"
	echo "- versions: swtpm $(ver swtpm), libtpms $(ver libtpms0), tpm2-tss $(ver libtss2-esys-3.0.2-0), tpm2-tools $(ver tpm2-tools), $(gcc --version | head -n 1), musl $(ver musl-tools), BearSSL $(ver libbearssl-dev) (Debian's libbearssl.a); for the proposal: nettle $(ver nettle-dev), GMP $(ver libgmp-dev), OpenSSL $(ver libssl-dev)"
	dirty=$(git status --porcelain -- src include transport examples 2>/dev/null | wc -l)
	if [ "$dirty" -gt 0 ]; then dirty=" + uncommitted changes in $dirty files of src/ include/ transport/ examples/ (measured as built)"; else dirty=; fi
	echo "- mtpm: $(git log -1 --format='%h %s' 2>/dev/null)$dirty"
	echo "- TPM: one swtpm (TCP, 127.0.0.1) for every peer, in the same run; $N timed runs per peer, interleaved round by round"
	echo "- object: 32-byte secret sealed by mtpm to PolicyPCR sha256:0,7 under a persistent ECC P-256 SRK at 0x81000001; the same object for every peer"
	echo "- sessions: mtpm - policy session salted to the SRK, Unseal response encrypted (its default); ESAPI - the same (salted to the SRK, AES-128-CFB, encrypt attribute); tpm2-tools - policy session salted to the SRK (tpm2_startauthsession -c), encrypt enabled with tpm2_sessionconfig"
	echo
	echo "| metric | mtpm-static | mtpm (dynamic) | ESAPI | tpm2-tools | target |"
	echo "|---|---|---|---|---|---|"
	echo "| wall time per unseal (median) | $(ms "$w_static") | $(ms "$w_dynamic") | $(ms "$w_esapi") | $(ms "$w_tools") | <= 1/5 of ESAPI |"
	echo "| client CPU per unseal (user+sys, median) | $(ms "$c_static") | $(ms "$c_dynamic") | $(ms "$c_esapi") | $(ms "$c_tools") | <= 2 ms |"
	echo "| TPM (swtpm) CPU per unseal (scheduler clock, median) | $(ms "$tq_static") | $(ms "$tq_dynamic") | $(ms "$tq_esapi") | $(ms "$tq_tools") | - |"
	echo "| TPM commands sent (recording proxy) | $(cat "$W/cmds.mtpm-static") | $(cat "$W/cmds.mtpm-dynamic") | $(cat "$W/cmds.esapi") | $(cat "$W/cmds.tpm2-tools") | <= 5 |"
	echo "| peak RSS (median) | $(mib "$r_static") | $(mib "$r_dynamic") | $(mib "$r_esapi") | $(mib "$r_tools") | <= 1 MiB |"
	echo "| bytes an initramfs must carry | $size_ms | $size_md | $size_es ($n_es files) | $size_tt ($n_tt files) | <= 131072 |"
	echo
	echo "Ratios (peer / mtpm-static): wall ESAPI $(ratio "$w_esapi" "$w_static")x, tpm2-tools $(ratio "$w_tools" "$w_static")x; CPU ESAPI $(ratio "$c_esapi" "$c_static")x, tpm2-tools $(ratio "$c_tools" "$c_static")x; mtpm-static wall / ESAPI wall = $(awk -v a="$w_static" -v b="$w_esapi" 'BEGIN{printf "%.2f", a/b}') (target <= 0.20)."
	echo
	echo "## The TPM's own CPU: the floor of an unseal against swtpm"
	echo
	echo "Whatever the client does, an unseal costs the swtpm process its own CPU for the commands it is sent; with a client that cost nothing, the wall time would still be that plus the loopback round trips. Measured per peer over a batch of consecutive runs (tpm2-tools: $N, the others: $TN): the swtpm's utime + stime from /proc/PID/stat before and after the batch (clock ticks of 1/$HZ s, so the batch total is exact to one tick), divided by the runs. The swtpm's scheduler clock per run (clock_getcpuclockid, ns; the account that utime + stime are rounded from) cross-checks it. Idle, the swtpm used $idle ticks in 1 s."
	echo
	echo "| per unseal, over the batch | mtpm-static | mtpm (dynamic) | ESAPI | tpm2-tools |"
	echo "|---|---|---|---|---|"
	echo "| TPM CPU: swtpm utime+stime / runs | $(tickfig "$bt_static" "$bn_static") | $(tickfig "$bt_dynamic" "$bn_dynamic") | $(tickfig "$bt_esapi" "$bn_esapi") | $(tickfig "$bt_tools" "$bn_tools") |"
	echo "| TPM CPU: swtpm scheduler clock (mean) | $(ms "$tbc_static") | $(ms "$tbc_dynamic") | $(ms "$tbc_esapi") | $(ms "$tbc_tools") |"
	echo "| client CPU (mean) | $(ms "$cb_static") | $(ms "$cb_dynamic") | $(ms "$cb_esapi") | $(ms "$cb_tools") |"
	echo "| wall (mean) | $(ms "$wb_static") | $(ms "$wb_dynamic") | $(ms "$wb_esapi") | $(ms "$wb_tools") |"
	echo "| client CPU / TPM CPU (ticks) | $(ratio "$cb_static" "$tb_static") | $(ratio "$cb_dynamic" "$tb_dynamic") | $(ratio "$cb_esapi" "$tb_esapi") | $(ratio "$cb_tools" "$tb_tools") |"
	echo "| client CPU / TPM CPU (scheduler clock) | $(ratio "$cb_static" "$tbc_static") | $(ratio "$cb_dynamic" "$tbc_dynamic") | $(ratio "$cb_esapi" "$tbc_esapi") | $(ratio "$cb_tools" "$tbc_tools") |"
	echo "| TPM CPU / mtpm-static's TPM CPU (scheduler clock) | 1.0 | $(ratio "$tbc_dynamic" "$tbc_static") | $(ratio "$tbc_esapi" "$tbc_static") | $(ratio "$tbc_tools" "$tbc_static") |"
	echo
	echo "For mtpm-static the floor is the swtpm's $(ms "$tbc_static") per unseal; its client spends $(ms "$cb_static"), $(ratio "$cb_static" "$tbc_static")x the TPM. Of that, $(ms "$op_m31") is the P-256 work (an ephemeral key and the ECDH with the SRK, BearSSL p256_m31, measured alone by bench/p256.c below) and $(ms "$st_static") is what a process that only starts and exits costs (\`mtpm-static --version\`; the dynamic mtpm: $(ms "$st_dynamic")); the remaining $(ms "$(sub "$(sub "$cb_static" "$op_m31")" "$st_static")") is reading the key file, the socket and its five round trips, and the session's hashing, KDF, AES and random bytes. So even a P-256 that cost nothing would leave mtpm-static at $(ms "$free_static") per unseal, $(ratio "$free_static" "$tbc_static")x the TPM, and the dynamic mtpm at $(ms "$free_dynamic"), $(ratio "$free_dynamic" "$tbc_dynamic")x."
	echo
	echo "## Proposal: a faster constant-time P-256 for the client?"
	echo
	echo "The client's P-256 work per unseal (one mulgen for the ephemeral key, one mul with point validation for the ECDH), CPU time, the median of $P256_R interleaved rounds of $P256_N iterations per backend; every backend first computes 7G and refuses a point off the curve, and all computed the same shared points. Bytes: what the backend adds to a static, --gc-sections, stripped program over a baseline without P-256 on the same libc (nettle and OpenSSL link only under glibc; glibc's static layout rounds its figures to 4 KiB steps). Projections replace p256_m31's time and bytes in mtpm-static's measured client CPU ($(ms "$cb_static")) and size ($size_ms bytes)."
	echo
	echo "| backend (Debian 12 package) | constant time | P-256 per unseal | speed vs p256_m31 | bytes added | projected mtpm-static bytes (budget 131072) | projected client CPU, static | projected client / TPM, static | projected client / TPM, dynamic |"
	echo "|---|---|---|---|---|---|---|---|---|"
	: >"$W/proj"
	while read -r v _ op gen mul _ _ st; do
		case $v in *-none) continue ;; esac
		case $v in
		*-bearssl-m31) lib="BearSSL p256_m31 (libbearssl-dev), mtpm's today"; ct="yes (BearSSL)" ;;
		*-bearssl-m15) lib="BearSSL p256_m15 (libbearssl-dev)"; ct="yes (BearSSL)" ;;
		*-bearssl-i31) lib="BearSSL prime_i31 (libbearssl-dev)"; ct="yes (BearSSL)" ;;
		glibc-nettle) lib="nettle 3.8 ecc_point_mul{,_g} + GMP 6.2 (nettle-dev, libgmp-dev)"; ct="ECC core yes (side-channel silent by design); the mpz conversions at its API, no" ;;
		glibc-openssl) lib="OpenSSL 3.0 EC_POINT_mul (libssl-dev)"; ct="yes (ecp_nistz256)" ;;
		*) lib=$v; ct="?" ;;
		esac
		case $v in glibc-*) lib="$lib [glibc]" ;; esac
		if [ "$st" != ok ]; then
			echo "| $lib | $ct | not built: its static archive is not installed | | | | | | |"
			continue
		fi
		case $v in musl-*) m31=musl-bearssl-m31 ;; *) m31=glibc-bearssl-m31 ;; esac
		d=$(pdelta "$v")
		dm=$(pdelta "$m31")
		pb=$((size_ms - dm + d))
		pc=$(awk -v c="$cb_static" -v a="$(pf $m31 3)" -v b="$op" 'BEGIN { printf "%.1f", c - a + b }')
		pd=$(awk -v c="$cb_dynamic" -v a="$(pf $m31 3)" -v b="$op" 'BEGIN { printf "%.1f", c - a + b }')
		fit=no
		[ "$pb" -le 131072 ] && fit=yes
		echo "| $lib | $ct | $(ms "$op") (mulgen $(ms "$gen"), mul $(ms "$mul")) | $(ratio "$(pf $m31 3)" "$op")x | $d | $pb ($fit) | $(ms "$pc") | $(ratio "$pc" "$tbc_static") | $(ratio "$pd" "$tbc_dynamic") |"
		# for the conclusions: variant, faster than m31?, bytes added over m31, ratios
		echo "${v#*-} $(awk -v a="$op" -v b="$(pf $m31 3)" 'BEGIN { print (a < b) }') $((d - dm)) $pb $(ratio "$pc" "$tbc_static") $(ratio "$pd" "$tbc_dynamic")" >>"$W/proj"
	done <"$W/p256"
	echo "| a P-256 that cost nothing (lower bound) | - | 0 | - | - | - | $(ms "$free_static") | $(ratio "$free_static" "$tbc_static") | $(ratio "$free_dynamic" "$tbc_dynamic") |"
	echo
	echo "What was checked by hand (read-only) for this proposal:"
	echo
	echo "- Debian 12's BearSSL (0.6+dfsg.1-3) has no br_ec_p256_m62 or br_ec_p256_m64: neither /usr/include/bearssl_ec.h declares them nor \`nm /usr/lib/x86_64-linux-gnu/libbearssl.a\` lists them (its only 62-bit code is RSA, br_rsa_i62_*). These 64-bit constant-time P-256 implementations are in upstream BearSSL's source repository, not in the 0.6 release Debian packages; they cannot be measured here without vendoring, which this proposal does not do. So p256_m31 is the fastest constant-time P-256 Debian 12 ships in a form a 128 KiB static binary can hold."
	echo "- nettle: its manual (\"Side-channel silence\") says its ECC code's timing and memory accesses depend only on the size of the inputs. But its public API takes GMP mpz_t values: importing the scalar and the points and checking the peer point link GMP's general multiplication (Toom, FFT), most of the bytes above, and allocate through GMP. Its mpn-level entry points (_nettle_ecc_mul_a, _nettle_ecc_mul_g) are internal: no installed header, no stable ABI."
	echo "- OpenSSL 3.0: the fastest (ecp_nistz256, constant time; its generator table alone is about 150 KB), but megabytes in a static link, glibc only (its archive does not link with musl), and it allocates."
	echo "- libsodium has no P-256 (X25519 only). libgcrypt 1.10 (its libgcrypt.a is installed) was not measured: it needs libgpg-error and allocates, and its MPI layer is not written to be constant time. Not installed, so not measured (apt-get was not run): mbedtls 2.28 (libmbedtls-dev: a generic-bignum ECP that allocates; the small p256-m code came with mbedtls 3.5), libtomcrypt 1.18 (libtommath is not constant time), wolfSSL 5.5.4 (libwolfssl-dev; whether Debian's build enables its constant-time single-precision P-256 code, and what a static link of it weighs, was not checked)."
	echo
	echo "Proposal:"
	echo
	fitlist=$(awk '$2 == 1 && $4 <= 131072 { printf "%s%s", s, $1; s = ", " }' "$W/proj")
	overs=$(awk '$2 == 1 && $4 > 131072 { printf "%s%s +%d bytes", s, $1, $3; s = ", " }' "$W/proj")
	if [ -z "$fitlist" ]; then
		echo "1. Keep BearSSL p256_m31 in mtpm-static. No faster packaged constant-time P-256 fits the 131072-byte static budget. Over p256_m31, measured as above: $overs; this run's mtpm-static is $size_ms bytes$([ "$size_ms" -gt 131072 ] && echo ", $((size_ms - 131072)) over the budget already with p256_m31")."
	else
		echo "1. Faster packaged P-256 that fits the static budget in this run: $fitlist (see the table). Check its constant-time claim before adopting it."
	fi
	allr=$(awk '$2 == 1 { printf "%s%s %sx", s, $1, $5; s = ", " }' "$W/proj")
	below=$(awk '$2 == 1 && $5 != "n/a" && $5 < 1 { printf "%s%s", s, $1; s = ", " }' "$W/proj")
	if awk -v f="$free_static" -v t="$tbc_static" 'BEGIN { exit !(f >= t) }'; then
		echo "2. No P-256 can bring mtpm-static's client below the TPM on this machine: with a P-256 that cost nothing it would still spend $(ms "$free_static") per unseal against the swtpm's $(ms "$tbc_static") ($(ratio "$free_static" "$tbc_static")x; the faster backends project to $allr). What remains is process start-up and the rest of the unseal (see the floor above); further savings would have to come from there, not from the curve arithmetic."
	elif [ -n "$below" ]; then
		echo "2. Client / TPM projected for mtpm-static with the faster backends: $allr (a P-256 that cost nothing: $(ratio "$free_static" "$tbc_static")x). Below the TPM: $below$([ -z "$fitlist" ] && echo ", none of which fits the static budget (1)"); p256_m31 keeps the client at $(ratio "$cb_static" "$tbc_static")x."
	else
		echo "2. Client / TPM projected for mtpm-static with the faster backends: $allr; a P-256 that cost nothing would give $(ratio "$free_static" "$tbc_static")x, but no measured packaged backend gets below 1x."
	fi
	nd=$(awk '$1 == "nettle" { print $6 }' "$W/proj")
	if [ -n "$nd" ]; then
		if awk -v r="$nd" 'BEGIN { exit !(r < 1) }'; then
			echo "3. For the dynamic CLI only, an opt-in crypto backend on nettle (another \`mtpm_crypto\` table in src/crypto, e.g. \`make CRYPTO=nettle\`) would bring its client below the TPM (${nd}x, projected) without vendoring, at the cost of libhogweed + libnettle + libgmp in the initramfs ($(stat -Lc %s "$LIBDIR/libhogweed.so.6" 2>/dev/null || echo ?) + $(stat -Lc %s "$LIBDIR/libnettle.so.8" 2>/dev/null || echo ?) + $(stat -Lc %s "$LIBDIR/libgmp.so.10" 2>/dev/null || echo ?) bytes) and of GMP's allocator, which such a backend would point at a fixed arena (mp_set_memory_functions) to keep the library free of malloc."
		else
			echo "3. An opt-in nettle backend for the dynamic CLI is not worth it for speed: projected at ${nd}x the TPM, because without any P-256 at all the dynamic client would still spend $(ms "$free_dynamic") per unseal against the swtpm's $(ms "$tbc_dynamic") (starting and exiting alone, \`mtpm --version\`, costs $(ms "$st_dynamic")), and it would add libhogweed + libnettle + libgmp ($(stat -Lc %s "$LIBDIR/libhogweed.so.6" 2>/dev/null || echo ?) + $(stat -Lc %s "$LIBDIR/libnettle.so.8" 2>/dev/null || echo ?) + $(stat -Lc %s "$LIBDIR/libgmp.so.10" 2>/dev/null || echo ?) bytes) and GMP's allocator."
		fi
	fi
	echo "4. Revisit when a Debian BearSSL ships br_ec_p256_m64 (same br_ec_impl API, constant time): src/crypto/bearssl.c and src/cli/policy.c name the implementation in one place each, and this benchmark would measure it with one more case in bench/p256.c and one more program in bench/bench.mk."
	echo
	echo "Commands on the wire (command codes, in order):"
	echo
	for p in $PEERS; do echo "- $p: $(cat "$W/ccs.$p")"; done
	echo
	echo "Notes:"
	echo
	echo "- Wall time includes process start-up and the swtpm round trips over loopback TCP; CPU and RSS are the client's alone (wait4 rusage; for tpm2-tools, the shell and every tool it ran)."
	echo "- The swtpm's CPU includes its socket handling as well as libtpms; it is what any client of this swtpm pays. A hardware TPM's time is mostly its own slow crypto, not host CPU, so this floor is swtpm's, not a real TPM's."
	echo "- The timed rounds interleave the four peers, so each run starts on caches the other peers' runs have cooled; a TPM-CPU batch runs one peer back to back. That is why the batch's client and TPM figures are lower than the first table's medians; each table compares the peers under the same conditions."
	echo "- The machine is shared with other work: the \"load\" line above says how much of it this run had. Runs on a quieter machine give lower and tighter figures; ratios move less than absolute times."
	echo "- Initramfs bytes: mtpm-static is one file; the dynamic mtpm, the ESAPI program and tpm2-tools are counted with every shared object in their ldd closure (resolved, deduplicated) plus libtss2-tcti-device.so, which ESAPI dlopen()s for a real TPM and ldd does not list."
	echo "- Raw runs (wall_us cpu_us maxrss_kib exit tpm_cpu_us) are in the run's temporary folder only; medians and means are kept here."
} >"$R"
cat "$R"
