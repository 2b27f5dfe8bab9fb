#!/usr/bin/env bash
# tests/bench.sh LIGHTSOUT -- `make bench`: lightsout dump -m against
# bgpdump -m on a full-table-sized RIB and a day of updates, raw, .gz and
# .bz2, with zcat/bzcat alone as the decompression floor; then lightsout
# dump on a large IPFIX file and a large NetFlow v9 capture against
# tshark -T fields and nfdump -o csv; then lightsout dump on a large
# RIPE Atlas ping NDJSON file, raw and .bz2, against jq -c .; then
# lightsout timeline on a day of a generated two-collector archive
# against decompressing its files with bzcat and zcat.  See
# tests/BENCH.md.
#
# Environment:
#   BENCH_ONLY=mrt | flow | probe | timeline
#                                        one part only (default all four)
#   BENCH_RIB_MB=250  BENCH_UPD_MB=125   input sizes (MB = 10^6 bytes)
#   BENCH_QUICK=1                        50 and 25 MB instead
#   BENCH_RUNS=5                         runs of lightsout and zcat/bzcat
#                                        per input, alternating (the
#                                        fastest counts)
#   BENCH_BGPDUMP_RUNS=1                 runs of bgpdump per input
#   BENCH_FLOW_MB=200                    flow input sizes (BENCH_QUICK=1: 40)
#   BENCH_TSHARK_PCT=10                  share of packets tshark decodes
#                                        (its time is scaled to the whole)
#   BENCH_NFDUMP_RUNS=1                  runs of nfdump per input
#   BENCH_REPLAY_PPS=20000               datagrams/s replayed to nfcapd
#   BENCH_PROBE_MB=300                   Atlas NDJSON size (BENCH_QUICK=1: 60)
#   BENCH_PROBE_JOBS=N                   lightsout dump -j N on it (default:
#                                        no -j, the online CPUs up to 8)
#   BENCH_JQ_RUNS=3                      runs of jq per input
#   BENCH_TL_PREFIXES=900000             timeline: background prefixes
#   BENCH_TL_PEERS=10                    peers per collector (2 collectors)
#   BENCH_TL_CHURN=3000                  updates per update file
#                                        (BENCH_QUICK=1: 100000, 4, 300)
#
# Exit status 0 whether or not the targets are met (it is a measurement);
# 1 when it cannot run at all.
set -euo pipefail
export LC_ALL=C

die() { echo "bench: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: tests/bench.sh LIGHTSOUT"
case $1 in
/*) LO=$1 ;;
*)  LO=$PWD/$1 ;;
esac
[ -x "$LO" ] || die "$1: not an executable"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$ROOT/build/bench
mkdir -p "$B"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	RIB_MB=${BENCH_RIB_MB:-50}
	UPD_MB=${BENCH_UPD_MB:-25}
else
	RIB_MB=${BENCH_RIB_MB:-250}
	UPD_MB=${BENCH_UPD_MB:-125}
fi
RUNS=${BENCH_RUNS:-5}
BGPDUMP_RUNS=${BENCH_BGPDUMP_RUNS:-1}

WANT_MRT=0 WANT_FLOW=0 WANT_PROBE=0 WANT_TIMELINE=0
case ${BENCH_ONLY:-} in
"")       WANT_MRT=1 WANT_FLOW=1 WANT_PROBE=1 WANT_TIMELINE=1 ;;
mrt)      WANT_MRT=1 ;;
flow)     WANT_FLOW=1 ;;
probe)    WANT_PROBE=1 ;;
timeline) WANT_TIMELINE=1 ;;
*)        die "BENCH_ONLY: mrt, flow, probe or timeline, not '$BENCH_ONLY'" ;;
esac

tools=(cmp awk sha256sum)
[ "$WANT_MRT" = 1 ] && tools+=(bgpdump gzip zcat bzip2 bzcat)
[ "$WANT_FLOW" = 1 ] && tools+=(tshark editcap nfcapd nfdump)
[ "$WANT_PROBE" = 1 ] && tools+=(jq bzip2 bzcat)
[ "$WANT_TIMELINE" = 1 ] && tools+=(zcat bzcat)
for tool in "${tools[@]}"; do
	command -v "$tool" > /dev/null || die "$tool is missing (make bench installs it)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing (make bench installs it)"

# --- the generator --------------------------------------------------------

GEN=$B/bench_gen
if [ "$WANT_MRT" = 1 ]; then
	if [ ! -x "$GEN" ] || [ "$ROOT/tests/bench_gen.c" -nt "$GEN" ]; then
		echo "bench: building $GEN"
		${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -o "$GEN" "$ROOT/tests/bench_gen.c"
	fi
	GEN_SUM=$(sha256sum < "$ROOT/tests/bench_gen.c" | cut -c1-16)
fi

# --- the inputs -----------------------------------------------------------

# gzip with pigz when present (same format, faster).  bzip2 is always the
# single-threaded bzip2: pbzip2 writes one bzip2 stream per block and
# bgpdump 1.6.2 stops at the end of the first stream, which would make its
# .bz2 figures meaningless.
if command -v pigz > /dev/null; then GZIP_CMD=pigz; else GZIP_CMD=gzip; fi

# make_input NAME KIND MB: build/bench/NAME.mrt and its .gz and .bz2,
# unless already made with the same size by the same generator.
make_input() {
	local name=$1 kind=$2 mb=$3
	local f=$B/$name.mrt stamp=$B/$name.mrt.stamp
	local want="$kind $mb MB, bench_gen $GEN_SUM"
	if [ -f "$f" ] && [ -f "$f.gz" ] && [ -f "$f.bz2" ] &&
	   [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		echo "bench: reusing $f ($want)"
		return
	fi
	rm -f "$stamp" "$f" "$f.gz" "$f.bz2"
	echo "bench: generating $f ($mb MB)"
	"$GEN" "$kind" "$f.tmp" "$mb" 2> "$B/$name.gen.log" ||
		{ cat "$B/$name.gen.log" >&2; die "bench_gen $kind failed"; }
	mv "$f.tmp" "$f"
	echo "bench: compressing $f ($GZIP_CMD, bzip2)"
	"$GZIP_CMD" -c "$f" > "$f.gz.tmp" &
	local gz_pid=$!
	bzip2 -c "$f" > "$f.bz2.tmp" &
	local bz_pid=$!
	wait "$gz_pid" || die "$GZIP_CMD failed"
	wait "$bz_pid" || die "bzip2 failed"
	mv "$f.gz.tmp" "$f.gz"
	mv "$f.bz2.tmp" "$f.bz2"
	echo "$want" > "$stamp"
}

if [ "$WANT_MRT" = 1 ]; then
	make_input rib rib "$RIB_MB"
	make_input updates updates "$UPD_MB"
fi

# --- measuring ------------------------------------------------------------

# sample TAG CMD...: run CMD once, stdout to /dev/null.  Keeps per TAG
# the fastest wall time in SEC[TAG] (bash's clock: GNU time's %e has only
# 10 ms resolution) and the CPU time (user + system, GNU time's %U + %S)
# of that run in CPU[TAG], the largest peak RSS in RSS[TAG] (GNU time's
# %M, KB) and, when the command exits non-zero or writes to stderr lines
# that do not match STDERR_OK (an extended regular expression, when set),
# a note in ERR[TAG].
declare -A SEC CPU RSS ERR
STDERR_OK=
sample() {
	local tag=$1 t0 t1 el m u s rc=0
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%U %S %M' -o "$B/time.out" "$@" > /dev/null 2> "$B/last.stderr" || rc=$?
	t1=$EPOCHREALTIME
	el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	read -r u s m < <(tail -n 1 "$B/time.out")
	if [ -z "${SEC[$tag]:-}" ] ||
	   awk -v a="$el" -v b="${SEC[$tag]}" 'BEGIN { exit !(a < b) }'; then
		SEC[$tag]=$el
		CPU[$tag]=$(awk -v a="$u" -v b="$s" 'BEGIN { printf "%.2f", a + b }')
	fi
	[ "$m" -gt "${RSS[$tag]:-0}" ] && RSS[$tag]=$m
	if [ -n "$STDERR_OK" ]; then
		grep -Ev -- "$STDERR_OK" "$B/last.stderr" > "$B/last.stderr.left" || true
		mv "$B/last.stderr.left" "$B/last.stderr"
	fi
	if [ "$rc" != 0 ] || [ -s "$B/last.stderr" ]; then
		ERR[$tag]="exit status $rc"
		[ -s "$B/last.stderr" ] &&
			ERR[$tag]+=", stderr: $(head -n 3 "$B/last.stderr" | tr '\n' ' ')"
	fi
	return 0
}

fdiv() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "-" }'; }
mbps() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / 1e6 / b; else printf "-" }'; }

ROWS=()			# table rows, '|'-separated
CHECKS=()		# "PASS|text" or "FAIL|text"
MAX_LO_RSS=0
LO_ERRORS=()

declare -A LO_SEC BG_SEC FLOOR_SEC

# bench_file NAME: time lightsout, bgpdump and the floor on NAME.mrt,
# NAME.mrt.gz and NAME.mrt.bz2.
bench_file() {
	local name=$1 raw=$B/$1.mrt
	local bytes routes
	bytes=$(stat -c %s "$raw")
	echo "bench: counting routes in $name.mrt"
	routes=$({ "$LO" dump -m "$raw" 2> /dev/null || true; } | wc -l)

	local ext input floor_cmd floor_name i
	for ext in "" .gz .bz2; do
		input=$raw$ext
		cat "$input" > /dev/null	# into the page cache
		case $ext in
		.gz)  floor_cmd="zcat";  floor_name="zcat" ;;
		.bz2) floor_cmd="bzcat"; floor_name="bzcat" ;;
		*)    floor_cmd=;      floor_name= ;;
		esac
		local key=$name.mrt$ext fl=
		SEC=() RSS=() ERR=()
		# lightsout and the floor alternate, so that both see the
		# same machine; the fastest of RUNS counts.
		echo "bench: $key: ${floor_name:+$floor_name and }lightsout x$RUNS"
		for ((i = 0; i < RUNS; i++)); do
			[ -n "$floor_cmd" ] && sample floor "$floor_cmd" "$input"
			sample lo "$LO" dump -m "$input"
		done
		echo "bench: $key: bgpdump x$BGPDUMP_RUNS"
		for ((i = 0; i < BGPDUMP_RUNS; i++)); do
			sample bg bgpdump -m "$input"
		done

		if [ -n "$floor_cmd" ]; then
			fl=${SEC[floor]}
			FLOOR_SEC[$key]=$fl
			ROWS+=("$key|$floor_name (floor)|$fl|$(mbps "$bytes" "$fl")|-|$(fdiv "${RSS[floor]}" 1024 %.1f)|-|1.00x")
		fi
		local lo_sec=${SEC[lo]} lo_rss=${RSS[lo]}
		LO_SEC[$key]=$lo_sec
		[ "$lo_rss" -gt "$MAX_LO_RSS" ] && MAX_LO_RSS=$lo_rss
		[ -n "${ERR[lo]:-}" ] && LO_ERRORS+=("$key: ${ERR[lo]}")
		local bg_sec=${SEC[bg]} bg_rss=${RSS[bg]}
		BG_SEC[$key]=$bg_sec

		local lo_fl=- bg_fl=-
		if [ -n "$fl" ]; then
			lo_fl=$(fdiv "$lo_sec" "$fl")x
			bg_fl=$(fdiv "$bg_sec" "$fl")x
		fi
		ROWS+=("$key|lightsout|$lo_sec|$(mbps "$bytes" "$lo_sec")|$(fdiv "$routes" "$lo_sec" %.0f)|$(fdiv "$lo_rss" 1024 %.1f)|$(fdiv "$bg_sec" "$lo_sec")x|$lo_fl")
		ROWS+=("$key|bgpdump|$bg_sec|$(mbps "$bytes" "$bg_sec")|$(fdiv "$routes" "$bg_sec" %.0f)|$(fdiv "$bg_rss" 1024 %.1f)|1.00x|$bg_fl")
	done
	eval "ROUTES_$name=$routes BYTES_$name=$bytes"
}

# nth_line N CMD...: line N of CMD's output.
nth_line() {
	local n=$1
	shift
	{ "$@" 2> /dev/null || true; } | sed -n "${n}{p;q}" || true
}

# same_output NAME: lightsout -m and bgpdump -m on NAME.mrt, streamed
# through cmp (nothing written to disk); on a difference, the first
# differing line of each.
same_output() {
	local name=$1 raw=$B/$1.mrt out
	echo "bench: $name.mrt: comparing lightsout and bgpdump output"
	if out=$({ "$LO" dump -m "$raw" 2> /dev/null || true; } |
		 cmp - <(bgpdump -m "$raw" 2> /dev/null) 2>&1); then
		SAME_CHECKS+=("PASS|identical output on $name.mrt (lightsout dump -m = bgpdump -m)")
	else
		out=$(sed -e 's#^cmp: ##' -e 's#^- /dev/fd/[0-9]*#lightsout and bgpdump#' \
			-e 's#EOF on - #EOF on lightsout #' -e 's#EOF on /dev/fd/[0-9]* #EOF on bgpdump #' <<< "$out")
		SAME_CHECKS+=("FAIL|identical output on $name.mrt: $out")
		local line lo_line bg_line
		line=$(sed -n 's/.*line \([0-9]*\).*/\1/p' <<< "$out")
		# "EOF on X after byte N, line L": the difference is line L+1
		case $out in *EOF*) [ -n "$line" ] && line=$((line + 1)) ;; esac
		if [ -n "$line" ]; then
			lo_line=$(nth_line "$line" "$LO" dump -m "$raw")
			bg_line=$(nth_line "$line" bgpdump -m "$raw")
			DIFFS+=("$name.mrt, first difference at line $line:")
			DIFFS+=("  lightsout: ${lo_line:-(end of output)}")
			DIFFS+=("  bgpdump:   ${bg_line:-(end of output)}")
		fi
	fi
}

DIFFS=()
SAME_CHECKS=()
if [ "$WANT_MRT" = 1 ]; then
	bench_file rib
	bench_file updates
	same_output rib
	same_output updates

# --- report -----------------------------------------------------------

	echo
	echo "== lightsout dump -m vs bgpdump -m"
	echo "   $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo '?')"
	echo "   lightsout: $("$LO" --version 2>/dev/null | head -n 1 || echo '?');" \
	     "bgpdump: $(dpkg-query -W -f='${Version}' bgpdump 2>/dev/null || echo '?')"
	for name in rib updates; do
		f=$B/$name.mrt
		eval "routes=\$ROUTES_$name bytes=\$BYTES_$name"
		printf '   %-12s %7.1f MB raw, %6.1f MB .gz, %6.1f MB .bz2, %d routes (%s)\n' \
			"$name.mrt" "$(fdiv "$bytes" 1000000 %.1f)" \
			"$(fdiv "$(stat -c %s "$f.gz")" 1000000 %.1f)" \
			"$(fdiv "$(stat -c %s "$f.bz2")" 1000000 %.1f)" "$routes" "$(cat "$f.stamp")"
	done
	echo "   seconds: wall time, fastest of $RUNS (lightsout, zcat/bzcat) or $BGPDUMP_RUNS (bgpdump) runs;"
	echo "   MB/s: uncompressed MRT MB (10^6 bytes) per second; routes/s: output lines per second;"
	echo "   x bgpdump: bgpdump's time / this time; x floor: this time / zcat's or bzcat's time"
	echo
	fmt='%-16s %-14s %8s %8s %11s %8s %10s %8s\n'
	# shellcheck disable=SC2059
	printf "$fmt" input tool seconds MB/s routes/s RSS_MB "x bgpdump" "x floor"
	# shellcheck disable=SC2059
	printf "$fmt" ---------------- -------------- -------- -------- ----------- -------- ---------- --------
	for row in "${ROWS[@]}"; do
		IFS='|' read -r c1 c2 c3 c4 c5 c6 c7 c8 <<< "$row"
		# shellcheck disable=SC2059
		printf "$fmt" "$c1" "$c2" "$c3" "$c4" "$c5" "$c6" "$c7" "$c8"
	done
	echo

# --- targets ----------------------------------------------------------

	check_min() {	# NAME KEY TARGET: lightsout at least TARGET x bgpdump's throughput
		local r exact
		r=$(fdiv "${BG_SEC[$2]}" "${LO_SEC[$2]}")
		exact=$(fdiv "${BG_SEC[$2]}" "${LO_SEC[$2]}" %.6f)
		if awk -v r="$exact" -v t="$3" 'BEGIN { exit !(r >= t) }'; then
			CHECKS+=("PASS|$1: lightsout ${r}x bgpdump's throughput (target >= $3x)")
		else
			CHECKS+=("FAIL|$1: lightsout ${r}x bgpdump's throughput (target >= $3x)")
		fi
	}
	check_floor() {	# KEY FLOOR: lightsout at most 1.1 x the floor's time
		local r exact
		r=$(fdiv "${LO_SEC[$1]}" "${FLOOR_SEC[$1]}")
		exact=$(fdiv "${LO_SEC[$1]}" "${FLOOR_SEC[$1]}" %.6f)
		if awk -v r="$exact" 'BEGIN { exit !(r <= 1.1) }'; then
			CHECKS+=("PASS|$1: lightsout ${r}x $2's time (target <= 1.1x)")
		else
			CHECKS+=("FAIL|$1: lightsout ${r}x $2's time (target <= 1.1x)")
		fi
	}

	check_min "raw RIB" rib.mrt 20
	check_min "raw updates" updates.mrt 13
	check_floor rib.mrt.gz zcat
	check_floor rib.mrt.bz2 bzcat
	check_floor updates.mrt.gz zcat
	check_floor updates.mrt.bz2 bzcat
	rss_mb=$(fdiv "$MAX_LO_RSS" 1024 %.1f)
	if [ "$MAX_LO_RSS" -lt $((64 * 1024)) ]; then
		CHECKS+=("PASS|peak RSS: lightsout at most $rss_mb MB on every input (target < 64 MB)")
	else
		CHECKS+=("FAIL|peak RSS: lightsout up to $rss_mb MB (target < 64 MB)")
	fi
	if [ ${#LO_ERRORS[@]} -eq 0 ]; then
		CHECKS+=("PASS|lightsout exit status 0 and nothing on stderr for every input")
	else
		CHECKS+=("FAIL|lightsout exit status or stderr not clean on ${#LO_ERRORS[@]} input(s):")
		for e in "${LO_ERRORS[@]}"; do
			CHECKS+=("    |  $e")
		done
	fi
	CHECKS+=("${SAME_CHECKS[@]}")
fi

# --- flows ----------------------------------------------------------------
#
# lightsout dump (compact text and csv) on a large RFC 5655 IPFIX file,
# its pcap twin (the same messages in UDP datagrams) and a large NetFlow
# v9 capture, against tshark -T fields on the captures and nfdump -o csv
# on nfcapd files made by replaying the captures to nfcapd on loopback.

# flow_input SIZE: build/bench/flows-SIZE.ipfix, flows-SIZE-ipfix.pcap and
# flows-SIZE-v9.pcap with their counts (flows-SIZE-*.counts: the
# generator's "key value" lines), unless already made by the same
# generator.
flow_input() {
	local mb=$1 f=$B/flows-$1 want="$1 MB, bench_flow_gen $FGEN_SUM"
	if [ -f "$f.ipfix" ] && [ -f "$f-ipfix.pcap" ] && [ -f "$f-v9.pcap" ] &&
	   [ "$(cat "$f.stamp" 2>/dev/null)" = "$want" ]; then
		echo "bench: reusing $f.ipfix, $f-ipfix.pcap, $f-v9.pcap ($want)"
		return
	fi
	rm -f "$f.stamp"
	echo "bench: generating $f.ipfix, $f-ipfix.pcap, $f-v9.pcap ($mb MB)"
	"$FGEN" ipfix "$f.ipfix" "$f-ipfix.pcap" "$mb" > "$f-ipfix.counts" ||
		die "bench_flow_gen ipfix failed"
	"$FGEN" v9 "$f-v9.pcap" "$mb" > "$f-v9.counts" || die "bench_flow_gen v9 failed"
	echo "$want" > "$f.stamp"
}

# count FILE KEY: a value from a generator's counts file.
count() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

# nfcapd_collect PCAP DIR: replay PCAP's datagrams to nfcapd on a free
# loopback port; leaves one nfcapd file, DIR/all.nf (nfcapd rotates its
# file every 5 minutes of wall clock: several files are merged).
nfcapd_collect() {
	local pcap=$1 dir=$2 port pid=
	rm -rf "$dir"
	mkdir -p "$dir/raw"
	for port in $(seq 29055 29155); do
		nfcapd -w "$dir/raw" -p "$port" -b 127.0.0.1 -B 16000000 > "$dir/nfcapd.log" 2>&1 &
		pid=$!
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			grep -q 'Startup nfcapd' "$dir/nfcapd.log" && break
			kill -0 "$pid" 2> /dev/null || break
			sleep 0.2
		done
		grep -q 'Startup nfcapd' "$dir/nfcapd.log" && kill -0 "$pid" 2> /dev/null && break
		kill "$pid" 2> /dev/null || true
		wait "$pid" 2> /dev/null || true
		pid=
	done
	[ -n "$pid" ] || { echo "bench: nfcapd would not start: $(tail -n 1 "$dir/nfcapd.log")"; return 1; }
	echo "bench: replaying $(basename "$pcap") to nfcapd on 127.0.0.1:$port at $REPLAY_PPS datagrams/s"
	"$FGEN" replay "$pcap" "$port" "$REPLAY_PPS" > "$dir/replay.out" ||
		{ kill "$pid"; wait "$pid" || true; return 1; }
	sleep 1
	kill -TERM "$pid"
	wait "$pid" || true
	local files=("$dir"/raw/nfcapd.2*)
	[ -f "${files[0]}" ] || { echo "bench: nfcapd wrote no file"; return 1; }
	if [ ${#files[@]} -eq 1 ]; then
		mv "${files[0]}" "$dir/all.nf"
	else
		nfdump -R "$dir/raw" -w "$dir/all.nf" > /dev/null 2>&1 ||
			{ echo "bench: nfdump could not merge nfcapd's files"; return 1; }
	fi
}

# nfdump_flows FILE: the flow count nfdump reports.
nfdump_flows() { nfdump -r "$1" -I 2> /dev/null | awk -F': ' '$1 == "Flows" { print $2 }'; }

FROWS=()		# table rows, '|'-separated
FNOTES=()
declare -A FLO_RATE FLO_RSS FLO_FLOWS TS_CACHE NF_CACHE
FLO_ERRORS=()
FLO_MISCOUNT=()

# flow_bench KEY FILE COUNTS [PCAP]: lightsout text and csv on FILE; with
# PCAP (the capture holding FILE's messages), tshark on a prefix of PCAP
# and nfdump on what nfcapd collects from PCAP.
flow_bench() {
	local key=$1 file=$2 counts=$3 pcap=${4:-} i
	local bytes flows
	bytes=$(stat -c %s "$file")
	flows=$(count "$counts" flows)
	echo "bench: $key: counting lightsout's flows"
	local got
	got=$({ "$LO" dump "$file" 2> /dev/null || true; } | wc -l)
	[ "$got" = "$flows" ] || FLO_MISCOUNT+=("$key: lightsout printed $got flows, the generator wrote $flows")
	cat "$file" > /dev/null
	SEC=() CPU=() RSS=() ERR=()
	echo "bench: $key: lightsout text and csv x$RUNS"
	STDERR_OK='options record \(not a flow\)'
	for ((i = 0; i < RUNS; i++)); do
		sample lo "$LO" dump "$file"
		sample csv "$LO" dump --format csv "$file"
	done
	STDERR_OK=
	local lo_sec=${SEC[lo]} lo_cpu=${CPU[lo]} csv_sec=${SEC[csv]} lo_rss=${RSS[lo]}
	[ "${RSS[csv]}" -gt "$lo_rss" ] && lo_rss=${RSS[csv]}
	[ -n "${ERR[lo]:-}" ] && FLO_ERRORS+=("$key (text): ${ERR[lo]}")
	[ -n "${ERR[csv]:-}" ] && FLO_ERRORS+=("$key (csv): ${ERR[csv]}")
	# per core: the larger of wall and CPU time
	local per_core
	per_core=$(awk -v w="$lo_sec" -v c="$lo_cpu" 'BEGIN { print (c > w ? c : w) }')
	FLO_RATE[$key]=$(fdiv "$flows" "$per_core" %.0f)
	FLO_RSS[$key]=$lo_rss
	FLO_FLOWS[$key]=$flows

	local ts=- tx=- nf=- nx=-
	if [ -n "$pcap" ] && [ -n "${TS_CACHE[$pcap]:-}" ]; then
		ts=${TS_CACHE[$pcap]} nf=${NF_CACHE[$pcap]}
		tx=$(fdiv "${ts#\~}" "$lo_sec")x
		[ "$nf" = - ] || nx=$(fdiv "${nf#\~}" "$csv_sec")x
	elif [ -n "$pcap" ]; then
		local port=4739
		case $pcap in *v9*) port=2055 ;; esac
		# tshark: once, on the first TSHARK_PCT% of the packets,
		# its time scaled by the share of the flows decoded
		local pkts n pfx pflows t_sec
		pkts=$(count "$counts" messages)
		n=$(( (pkts * TSHARK_PCT + 99) / 100 ))
		pfx=$B/tshark-prefix.pcap
		editcap -r "$pcap" "$pfx" "1-$n" 2> /dev/null
		pflows=$({ "$LO" dump "$pfx" 2> /dev/null || true; } | wc -l)
		cat "$pfx" > /dev/null
		echo "bench: $key: tshark on $(basename "$pcap"), first $n of $pkts packets ($pflows flows)"
		SEC=() CPU=() RSS=() ERR=()
		sample ts tshark -r "$pfx" -d "udp.port==$port,cflow" -T fields \
			-e cflow.srcaddr -e cflow.dstaddr -e cflow.srcport -e cflow.dstport \
			-e cflow.protocol -e cflow.octets -e cflow.packets
		rm -f "$pfx"
		t_sec=${SEC[ts]}
		ts=$(awk -v t="$t_sec" -v a="$flows" -v b="$pflows" 'BEGIN { printf "%.2f", t * a / b }')
		[ "$TSHARK_PCT" -lt 100 ] && ts="~$ts"
		tx=$(fdiv "${ts#\~}" "$lo_sec")x
		[ -n "${ERR[ts]:-}" ] && case ${ERR[ts]} in
			*'Running as user "root"'*) ;;	# tshark's warning, not an error
			*) FNOTES+=("$key: tshark: ${ERR[ts]}") ;;
		esac

		# nfdump on what nfcapd collected from the same datagrams
		local nfd=$B/nfcapd-$key nf_flows
		if nfcapd_collect "$pcap" "$nfd"; then
			nf_flows=$(nfdump_flows "$nfd/all.nf")
			if [ "$nf_flows" = "$flows" ]; then
				FNOTES+=("$key: nfcapd collected all $flows flows")
			else
				FNOTES+=("$key: nfcapd collected $nf_flows of $flows flows (nfdump's rate is per record)")
			fi
			cat "$nfd/all.nf" > /dev/null
			echo "bench: $key: nfdump -o csv x$NFDUMP_RUNS ($nf_flows flows)"
			SEC=() CPU=() RSS=() ERR=()
			for ((i = 0; i < NFDUMP_RUNS; i++)); do
				sample nf nfdump -r "$nfd/all.nf" -o csv
			done
			[ -n "${ERR[nf]:-}" ] && FNOTES+=("$key: nfdump: ${ERR[nf]}")
			# scaled to the generated count when nfcapd lost some
			nf=$(awk -v t="${SEC[nf]}" -v a="$flows" -v b="$nf_flows" 'BEGIN { printf "%.2f", t * a / b }')
			[ "$nf_flows" = "$flows" ] || nf="~$nf"
			nx=$(fdiv "${nf#\~}" "$csv_sec")x
		else
			FNOTES+=("$key: nfdump not measured: nfcapd could not collect the flows (see $nfd/nfcapd.log)")
		fi
		TS_CACHE[$pcap]=$ts NF_CACHE[$pcap]=$nf
	fi
	FROWS+=("$key|$(fdiv "$bytes" 1000000 %.1f)|$flows|$lo_sec|$lo_cpu|$(fdiv "$flows" "$lo_sec" %.0f)|$(mbps "$bytes" "$lo_sec")|$csv_sec|$(fdiv "$flows" "$csv_sec" %.0f)|$ts|$tx|$nf|$nx|$(fdiv "$lo_rss" 1024 %.1f)")
}

if [ "$WANT_FLOW" = 1 ]; then
	FGEN=$B/bench_flow_gen
	if [ ! -x "$FGEN" ] || [ "$ROOT/tests/bench_flow_gen.c" -nt "$FGEN" ]; then
		echo "bench: building $FGEN"
		${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -o "$FGEN" "$ROOT/tests/bench_flow_gen.c"
	fi
	FGEN_SUM=$(sha256sum < "$ROOT/tests/bench_flow_gen.c" | cut -c1-16)
	if [ "${BENCH_QUICK:-0}" = 1 ]; then
		FLOW_MB=${BENCH_FLOW_MB:-40}
	else
		FLOW_MB=${BENCH_FLOW_MB:-200}
	fi
	SMALL_MB=40		# the size-independence check of the RSS
	TSHARK_PCT=${BENCH_TSHARK_PCT:-10}
	NFDUMP_RUNS=${BENCH_NFDUMP_RUNS:-1}
	REPLAY_PPS=${BENCH_REPLAY_PPS:-20000}

	flow_input "$FLOW_MB"
	[ "$SMALL_MB" != "$FLOW_MB" ] && flow_input "$SMALL_MB"
	F=$B/flows-$FLOW_MB
	flow_bench ipfix "$F.ipfix" "$F-ipfix.counts" "$F-ipfix.pcap"
	flow_bench ipfix.pcap "$F-ipfix.pcap" "$F-ipfix.counts" "$F-ipfix.pcap"
	flow_bench v9.pcap "$F-v9.pcap" "$F-v9.counts" "$F-v9.pcap"
	if [ "$SMALL_MB" != "$FLOW_MB" ]; then
		S=$B/flows-$SMALL_MB
		flow_bench "ipfix@$SMALL_MB" "$S.ipfix" "$S-ipfix.counts"
		flow_bench "v9.pcap@$SMALL_MB" "$S-v9.pcap" "$S-v9.counts"
	fi

	echo
	echo "== lightsout dump (flows) vs tshark -T fields and nfdump -o csv"
	echo "   $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo '?')"
	echo "   lightsout: $("$LO" --version 2>/dev/null | head -n 1 || echo '?');" \
	     "tshark: $(dpkg-query -W -f='${Version}' tshark 2>/dev/null || echo '?');" \
	     "nfdump: $(dpkg-query -W -f='${Version}' nfdump 2>/dev/null || echo '?')"
	echo "   ipfix: RFC 5655 IPFIX file; ipfix.pcap: the same messages in a pcap (UDP 4739);"
	echo "   v9.pcap: NetFlow v9 export datagrams in a pcap (UDP 2055); @40: the $SMALL_MB MB inputs (RSS check)"
	echo "   text/csv s: lightsout dump [--format csv] FILE > /dev/null, wall, fastest of $RUNS; cpu: user+sys of that run"
	echo "   tshark s: tshark -r PCAP -T fields -e cflow.{srcaddr,dstaddr,srcport,dstport,protocol,octets,packets},"
	echo "     run once on the first $TSHARK_PCT% of the packets, time scaled by flows (~ = scaled); for ipfix, on its pcap twin"
	echo "   nfdump s: nfdump -r FILE -o csv > /dev/null on nfcapd's file of the same datagrams (replayed to"
	echo "     nfcapd on loopback), fastest of $NFDUMP_RUNS; for ipfix, of its pcap twin"
	echo "   x tshark: tshark s / text s; x nfdump: nfdump s / csv s; RSS: lightsout's peak, text and csv"
	echo
	fmt='%-12s %6s %8s %7s %6s %10s %7s %7s %10s %9s %9s %9s %9s %6s\n'
	# shellcheck disable=SC2059
	printf "$fmt" input MB flows "text s" cpu flows/s MB/s "csv s" "csv fl/s" "tshark s" "x tshark" "nfdump s" "x nfdump" RSS_MB
	# shellcheck disable=SC2059
	printf "$fmt" ------------ ------ -------- ------- ------ ---------- ------- ------- ---------- \
		--------- --------- --------- --------- ------
	for row in "${FROWS[@]}"; do
		IFS='|' read -r c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 c13 c14 <<< "$row"
		# shellcheck disable=SC2059
		printf "$fmt" "$c1" "$c2" "$c3" "$c4" "$c5" "$c6" "$c7" "$c8" "$c9" "$c10" "$c11" "$c12" "$c13" "$c14"
	done
	for n in "${FNOTES[@]}"; do
		echo "   $n"
	done
	echo

	# targets: 2 million flows/s per core (flows / the larger of wall
	# and CPU time) decoding to compact text
	for key in ipfix ipfix.pcap v9.pcap; do
		r=${FLO_RATE[$key]}
		if [ "$r" -ge 2000000 ]; then
			CHECKS+=("PASS|$key: lightsout decodes $r flows/s per core to text (target >= 2000000)")
		else
			CHECKS+=("FAIL|$key: lightsout decodes $r flows/s per core to text (target >= 2000000)")
		fi
	done
	max=0
	for key in "${!FLO_RSS[@]}"; do
		[ "${FLO_RSS[$key]}" -gt "$max" ] && max=${FLO_RSS[$key]}
	done
	if [ "$max" -lt $((64 * 1024)) ]; then
		CHECKS+=("PASS|flows: lightsout's peak RSS at most $(fdiv "$max" 1024 %.1f) MB on every input (target < 64 MB)")
	else
		CHECKS+=("FAIL|flows: lightsout's peak RSS up to $(fdiv "$max" 1024 %.1f) MB (target < 64 MB)")
	fi
	if [ "$SMALL_MB" != "$FLOW_MB" ]; then
		for key in ipfix v9.pcap; do
			big=${FLO_RSS[$key]} small=${FLO_RSS[$key@$SMALL_MB]}
			msg="$key: peak RSS $(fdiv "$big" 1024 %.1f) MB at $FLOW_MB MB, $(fdiv "$small" 1024 %.1f) MB at $SMALL_MB MB"
			if [ "$big" -le $((small + 2048)) ]; then
				CHECKS+=("PASS|$msg (target: within 2 MB, independent of input size)")
			else
				CHECKS+=("FAIL|$msg (target: within 2 MB, independent of input size)")
			fi
		done
	fi
	if [ ${#FLO_MISCOUNT[@]} -eq 0 ]; then
		CHECKS+=("PASS|flows: lightsout prints every generated flow on every input")
	else
		CHECKS+=("FAIL|flows: lightsout's flow count differs from the generator's:")
		for e in "${FLO_MISCOUNT[@]}"; do
			CHECKS+=("    |  $e")
		done
	fi
	if [ ${#FLO_ERRORS[@]} -eq 0 ]; then
		CHECKS+=("PASS|flows: lightsout exit status 0 and nothing on stderr but the options-record notes")
	else
		CHECKS+=("FAIL|flows: lightsout exit status or stderr not clean on ${#FLO_ERRORS[@]} run(s):")
		for e in "${FLO_ERRORS[@]}"; do
			CHECKS+=("    |  $e")
		done
	fi
fi

# --- probes ---------------------------------------------------------------
#
# lightsout dump (compact text and csv) on a large line-delimited file of
# RIPE Atlas ping results, raw and .bz2, against jq -c . on the same
# bytes (bzcat | jq for the .bz2, bzcat alone as the decompression floor).

# probe_input MB: build/bench/atlas-MB.ndjson, its .bz2 and its counts
# (atlas-MB.counts: the generator's "key value" lines), unless already
# made with the same size by the same generator.  bzip2 is the
# single-threaded bzip2 (lbzip2 and pbzip2 are not used): one stream, as
# the RIPE Atlas daily dumps are.
probe_input() {
	local mb=$1 f=$B/atlas-$1.ndjson want="$1 MB, bench_probe_gen $PGEN_SUM"
	if [ -f "$f" ] && [ -f "$f.bz2" ] && [ -f "$B/atlas-$mb.counts" ] &&
	   [ "$(cat "$f.stamp" 2>/dev/null)" = "$want" ]; then
		echo "bench: reusing $f ($want)"
		return
	fi
	rm -f "$f.stamp" "$f" "$f.bz2"
	echo "bench: generating $f ($mb MB)"
	"$PGEN" "$f.tmp" "$mb" > "$B/atlas-$mb.counts" || die "bench_probe_gen failed"
	mv "$f.tmp" "$f"
	echo "bench: compressing $f (bzip2)"
	bzip2 -c "$f" > "$f.bz2.tmp" || die "bzip2 failed"
	mv "$f.bz2.tmp" "$f.bz2"
	echo "$want" > "$f.stamp"
}

PROWS=()		# table rows, '|'-separated
declare -A PLO_SEC PJQ_SEC PLO_RSS
PLO_ERRORS=()
PLO_MISCOUNT=()

# probe_bench KEY FILE RESULTS BYTES [jq]: lightsout text and csv on FILE
# (raw or .bz2), RUNS times alternating; with "jq", jq -c . on the same
# bytes JQ_RUNS times and, for a .bz2, bzcat alone RUNS times.
probe_bench() {
	local key=$1 file=$2 results=$3 bytes=$4 with_jq=${5:-} i got
	echo "bench: $key: counting lightsout's lines (text, csv)"
	got=$({ "$LO" dump "${PJOBS[@]}" "$file" 2> /dev/null || true; } | wc -l)
	[ "$got" = "$results" ] ||
		PLO_MISCOUNT+=("$key (text): $got lines, the generator wrote $results results")
	got=$({ "$LO" dump "${PJOBS[@]}" --format csv "$file" 2> /dev/null || true; } | wc -l)
	[ "$got" = $((results + 1)) ] ||
		PLO_MISCOUNT+=("$key (csv): $got lines, want $results results and the header")
	cat "$file" > /dev/null		# into the page cache
	SEC=() CPU=() RSS=() ERR=()
	local bz=0
	case $file in *.bz2) bz=1 ;; esac
	echo "bench: $key: lightsout text and csv${with_jq:+ and bzcat} x$RUNS"
	for ((i = 0; i < RUNS; i++)); do
		sample lo "$LO" dump "${PJOBS[@]}" "$file"
		sample csv "$LO" dump "${PJOBS[@]}" --format csv "$file"
		[ -n "$with_jq" ] && [ "$bz" = 1 ] && sample floor bzcat "$file"
	done
	local lo_sec=${SEC[lo]} lo_cpu=${CPU[lo]} csv_sec=${SEC[csv]} lo_rss=${RSS[lo]}
	[ "${RSS[csv]}" -gt "$lo_rss" ] && lo_rss=${RSS[csv]}
	[ -n "${ERR[lo]:-}" ] && PLO_ERRORS+=("$key (text): ${ERR[lo]}")
	[ -n "${ERR[csv]:-}" ] && PLO_ERRORS+=("$key (csv): ${ERR[csv]}")
	local fl=- jq=- jx=-
	[ "$bz" = 1 ] && [ -n "$with_jq" ] && fl=${SEC[floor]}
	if [ -n "$with_jq" ]; then
		echo "bench: $key: jq -c . x$JQ_RUNS"
		for ((i = 0; i < JQ_RUNS; i++)); do
			if [ "$bz" = 1 ]; then
				# shellcheck disable=SC2016
				sample jq bash -c 'set -o pipefail; bzcat "$1" | jq -c .' bzjq "$file"
			else
				sample jq jq -c . "$file"
			fi
		done
		jq=${SEC[jq]}
		[ -n "${ERR[jq]:-}" ] && PNOTES+=("$key: jq: ${ERR[jq]}")
		jx=$(fdiv "$jq" "$lo_sec")x
		PJQ_SEC[$key]=$jq
	fi
	PLO_SEC[$key]=$lo_sec
	PLO_RSS[$key]=$lo_rss
	PROWS+=("$key|$(fdiv "$bytes" 1000000 %.1f)|$results|$lo_sec|$lo_cpu|$(fdiv "$results" "$lo_sec" %.0f)|$(mbps "$bytes" "$lo_sec")|$csv_sec|$jq|$jx|$fl|$(fdiv "$lo_rss" 1024 %.1f)")
}

if [ "$WANT_PROBE" = 1 ]; then
	PGEN=$B/bench_probe_gen
	if [ ! -x "$PGEN" ] || [ "$ROOT/tests/bench_probe_gen.c" -nt "$PGEN" ]; then
		echo "bench: building $PGEN"
		${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -o "$PGEN" "$ROOT/tests/bench_probe_gen.c"
	fi
	PGEN_SUM=$(sha256sum < "$ROOT/tests/bench_probe_gen.c" | cut -c1-16)
	if [ "${BENCH_QUICK:-0}" = 1 ]; then
		PROBE_MB=${BENCH_PROBE_MB:-60}
	else
		PROBE_MB=${BENCH_PROBE_MB:-300}
	fi
	# the size-independence check of the RSS: the BENCH_QUICK size, or
	# a fifth of the input when that is no larger
	PSMALL_MB=60
	[ "$PROBE_MB" -le "$PSMALL_MB" ] && PSMALL_MB=$(( PROBE_MB / 5 > 0 ? PROBE_MB / 5 : 1 ))
	JQ_RUNS=${BENCH_JQ_RUNS:-3}
	PNOTES=()
	# the decoding threads: -j BENCH_PROBE_JOBS, else lightsout's
	# default, the online CPUs up to 8
	PJOBS=()
	if [ -n "${BENCH_PROBE_JOBS:-}" ]; then
		PJOBS=(-j "$BENCH_PROBE_JOBS")
		PTHREADS="$BENCH_PROBE_JOBS decoding thread(s) (-j $BENCH_PROBE_JOBS)"
	else
		ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)
		n=$ncpu
		[ "$n" -gt 8 ] && n=8
		PTHREADS="$n decoding thread(s) (no -j: the $ncpu online CPUs, at most 8)"
	fi

	probe_input "$PROBE_MB"
	probe_input "$PSMALL_MB"
	for mb in "$PROBE_MB" "$PSMALL_MB"; do
		f=$B/atlas-$mb.ndjson
		res=$(count "$B/atlas-$mb.counts" results)
		by=$(stat -c %s "$f")
		jqarg=
		[ "$mb" = "$PROBE_MB" ] && jqarg=jq
		probe_bench "ndjson@$mb" "$f" "$res" "$by" $jqarg
		probe_bench "ndjson.bz2@$mb" "$f.bz2" "$res" "$by" $jqarg
	done

	echo
	echo "== lightsout dump (RIPE Atlas ping results) vs jq -c ."
	echo "   $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo '?')"
	echo "   lightsout: $("$LO" --version 2>/dev/null | head -n 1 || echo '?');" \
	     "jq: $(jq --version 2>/dev/null || echo '?'); bzip2: $(dpkg-query -W -f='${Version}' bzip2 2>/dev/null || echo '?')"
	for mb in "$PROBE_MB" "$PSMALL_MB"; do
		f=$B/atlas-$mb.ndjson
		printf '   atlas-%s.ndjson: %.1f MB, .bz2 %.1f MB (bzip2 -9, one stream), %s results (%s)\n' \
			"$mb" "$(fdiv "$(stat -c %s "$f")" 1000000 %.1f)" \
			"$(fdiv "$(stat -c %s "$f.bz2")" 1000000 %.1f)" \
			"$(count "$B/atlas-$mb.counts" results)" "$(cat "$f.stamp")"
	done
	echo "   MB: uncompressed NDJSON (10^6 bytes), also for .bz2 rows; MB/s and results/s: of the text run"
	echo "   text/csv s: lightsout dump ${PJOBS[*]}${PJOBS[*]:+ }[--format csv] FILE > /dev/null, wall, fastest of $RUNS; cpu: user+sys of that run"
	echo "   lightsout decodes with $PTHREADS"
	echo "   jq s: jq -c . FILE > /dev/null (bzcat FILE | jq -c . for .bz2), fastest of $JQ_RUNS"
	echo "   x jq: jq s / text s; bzcat s: bzcat FILE > /dev/null, the decompression floor, fastest of $RUNS"
	echo "   RSS: lightsout's peak, text and csv (GNU time %M)"
	echo
	fmt='%-16s %6s %8s %7s %6s %10s %7s %7s %7s %7s %8s %6s\n'
	# shellcheck disable=SC2059
	printf "$fmt" input MB results "text s" cpu results/s MB/s "csv s" "jq s" "x jq" "bzcat s" RSS_MB
	# shellcheck disable=SC2059
	printf "$fmt" ---------------- ------ -------- ------- ------ ---------- ------- ------- ------- ------- -------- ------
	for row in "${PROWS[@]}"; do
		IFS='|' read -r c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 <<< "$row"
		# shellcheck disable=SC2059
		printf "$fmt" "$c1" "$c2" "$c3" "$c4" "$c5" "$c6" "$c7" "$c8" "$c9" "$c10" "$c11" "$c12"
	done
	for n in "${PNOTES[@]}"; do
		echo "   $n"
	done
	echo

	key=ndjson@$PROBE_MB
	r=$(fdiv "${PJQ_SEC[$key]}" "${PLO_SEC[$key]}")
	exact=$(fdiv "${PJQ_SEC[$key]}" "${PLO_SEC[$key]}" %.6f)
	msg="probes: lightsout dump ${r}x jq -c .'s throughput on the raw $PROBE_MB MB NDJSON, with $PTHREADS (target >= 5x)"
	if awk -v r="$exact" 'BEGIN { exit !(r >= 5) }'; then
		CHECKS+=("PASS|$msg")
	else
		CHECKS+=("FAIL|$msg")
	fi
	for k in ndjson ndjson.bz2; do
		big=${PLO_RSS[$k@$PROBE_MB]} small=${PLO_RSS[$k@$PSMALL_MB]}
		msg="probes: $k peak RSS $(fdiv "$big" 1024 %.1f) MB at $PROBE_MB MB, $(fdiv "$small" 1024 %.1f) MB at $PSMALL_MB MB (target: within 2 MB)"
		d=$(( big > small ? big - small : small - big ))
		if [ "$d" -le 2048 ]; then
			CHECKS+=("PASS|$msg")
		else
			CHECKS+=("FAIL|$msg")
		fi
	done
	if [ ${#PLO_MISCOUNT[@]} -eq 0 ]; then
		CHECKS+=("PASS|probes: lightsout prints one line per generated result (text and csv, every input)")
	else
		CHECKS+=("FAIL|probes: lightsout's line count differs from the generator's result count:")
		for e in "${PLO_MISCOUNT[@]}"; do
			CHECKS+=("    |  $e")
		done
	fi
	if [ ${#PLO_ERRORS[@]} -eq 0 ]; then
		CHECKS+=("PASS|probes: lightsout exit status 0 and nothing on stderr on every input")
	else
		CHECKS+=("FAIL|probes: lightsout exit status or stderr not clean on ${#PLO_ERRORS[@]} run(s):")
		for e in "${PLO_ERRORS[@]}"; do
			CHECKS+=("    |  $e")
		done
	fi
fi

# --- timeline -------------------------------------------------------------

# lightsout timeline over a day of a generated two-collector archive
# (tests/scenario_gen.c: a RouteViews-layout collector with .bz2 files
# every 15 minutes, a RIS-layout one with .gz files every 5 minutes, each
# with a full-table-sized RIB), against the floor of decompressing the
# same files one after the other with bzcat and zcat.
if [ "$WANT_TIMELINE" = 1 ]; then
	SGEN=$B/scenario_gen
	if [ ! -x "$SGEN" ] || [ "$ROOT/tests/scenario_gen.c" -nt "$SGEN" ] ||
	   [ "$ROOT/tests/mrt_build.h" -nt "$SGEN" ]; then
		echo "bench: building $SGEN"
		${CC:-cc} -O2 -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$ROOT" \
			-o "$SGEN" "$ROOT/tests/scenario_gen.c" -lbz2 -lz
	fi
	if [ "${BENCH_QUICK:-0}" = 1 ]; then
		TL_PREFIXES=${BENCH_TL_PREFIXES:-100000}
		TL_PEERS=${BENCH_TL_PEERS:-4}
		TL_CHURN=${BENCH_TL_CHURN:-300}
	else
		TL_PREFIXES=${BENCH_TL_PREFIXES:-900000}
		TL_PEERS=${BENCH_TL_PEERS:-10}
		TL_CHURN=${BENCH_TL_CHURN:-3000}
	fi
	tl=$B/timeline-$TL_PREFIXES-$TL_PEERS-$TL_CHURN
	want="scenario_gen $(sha256sum < "$ROOT/tests/scenario_gen.c" | cut -c1-16)"
	if [ "$(cat "$tl/stamp" 2>/dev/null)" != "$want" ]; then
		rm -rf "$tl"
		echo "bench: generating $tl (a day, 2 collectors, $TL_PREFIXES prefixes x $TL_PEERS peers)"
		"$SGEN" "$tl/archive" bench "$TL_PREFIXES" "$TL_PEERS" "$TL_CHURN" ||
			die "scenario_gen failed"
		echo "$want" > "$tl/stamp"
	else
		echo "bench: reusing $tl"
	fi
	printf '%s\n' "name timeline benchmark" "start 2014-12-22T00:00Z" \
		"end 2014-12-23T00:00Z" "bin 5m" "prefix 198.18.0.0/22" \
		"mrt archive" "full-feed-ipv4 $((TL_PREFIXES / 2))" > "$tl/bench.event"
	mapfile -t TL_BZ < <(find "$tl/archive" -name '*.bz2' | sort)
	mapfile -t TL_GZ < <(find "$tl/archive" -name '*.gz' | sort)
	tl_bytes=$(cat "${TL_BZ[@]}" "${TL_GZ[@]}" | wc -c)
	tl_raw=$( { bzcat "${TL_BZ[@]}"; zcat "${TL_GZ[@]}"; } | wc -c)
	cat "${TL_BZ[@]}" "${TL_GZ[@]}" > /dev/null	# into the page cache
	# The floor: one process after the other, single-threaded.
	printf '#!/bin/sh\n%s\n%s\n' \
		"bzcat $(printf '%q ' "${TL_BZ[@]}")" \
		"zcat $(printf '%q ' "${TL_GZ[@]}")" > "$tl/floor.sh"
	SEC=() RSS=() ERR=()
	echo "bench: timeline: floor, -j 1, -j 2 x$RUNS"
	for ((i = 0; i < RUNS; i++)); do
		sample floor sh "$tl/floor.sh"
		sample j1 "$LO" timeline "$tl/bench.event" -q -j 1 --format csv
		sample j2 "$LO" timeline "$tl/bench.event" -q -j 2 --format csv
	done
	"$LO" timeline "$tl/bench.event" -q -j 1 --format csv > "$tl/j1.csv" || true
	"$LO" timeline "$tl/bench.event" -q -j 2 --format csv > "$tl/j2.csv" || true
	r=$(fdiv "${SEC[j1]}" "${SEC[floor]}")
	echo
	echo "Timeline: a day, 2 collectors (${#TL_BZ[@]} .bz2 + ${#TL_GZ[@]} .gz files, $(mbps "$tl_bytes" 1) MB compressed, $(mbps "$tl_raw" 1) MB raw)"
	echo
	echo "| run | s | MB/s raw | peak RSS MB | x floor |"
	echo "|---|---|---|---|---|"
	echo "| bzcat + zcat (floor) | ${SEC[floor]} | $(mbps "$tl_raw" "${SEC[floor]}") | $(fdiv "${RSS[floor]}" 1024 %.1f) | 1.00 |"
	echo "| timeline -j 1 | ${SEC[j1]} | $(mbps "$tl_raw" "${SEC[j1]}") | $(fdiv "${RSS[j1]}" 1024 %.1f) | $r |"
	echo "| timeline -j 2 | ${SEC[j2]} | $(mbps "$tl_raw" "${SEC[j2]}") | $(fdiv "${RSS[j2]}" 1024 %.1f) | $(fdiv "${SEC[j2]}" "${SEC[floor]}") |"
	echo
	msg="timeline: -j 1 takes ${r}x the single-threaded decompression floor (target <= 1.3x)"
	if awk -v a="$r" 'BEGIN { exit !(a <= 1.3) }'; then
		CHECKS+=("PASS|$msg")
	else
		CHECKS+=("FAIL|$msg")
	fi
	CHECKS+=("INFO|timeline: -j 2 is $(fdiv "${SEC[j1]}" "${SEC[j2]}")x as fast as -j 1 (2 collectors: 2x at most)")
	if cmp -s "$tl/j1.csv" "$tl/j2.csv" && [ -s "$tl/j1.csv" ]; then
		CHECKS+=("PASS|timeline: -j 1 and -j 2 write the same bytes")
	else
		CHECKS+=("FAIL|timeline: -j 1 and -j 2 outputs differ (or are empty)")
	fi
	for k in j1 j2; do
		if [ -n "${ERR[$k]:-}" ]; then
			CHECKS+=("FAIL|timeline $k: ${ERR[$k]}")
		fi
	done
fi

pass=0 fail=0
for c in "${CHECKS[@]}"; do
	verdict=${c%%|*}
	printf '%s  %s\n' "$verdict" "${c#*|}"
	case $verdict in
	PASS) pass=$((pass + 1)) ;;
	FAIL) fail=$((fail + 1)) ;;
	*) ;;
	esac
done
for d in "${DIFFS[@]}"; do
	echo "      $d"
done
echo
if [ "$fail" -eq 0 ]; then
	echo "bench: all $pass targets met"
else
	echo "bench: FAIL: $fail of $((pass + fail)) targets not met"
fi
exit 0
