#!/usr/bin/env bash
# tests/bench.sh LIGHTSOUT -- `make bench`: lightsout dump -m against
# bgpdump -m on a full-table-sized RIB and a day of updates, raw, .gz and
# .bz2, with zcat/bzcat alone as the decompression floor.  See
# tests/BENCH.md.
#
# Environment:
#   BENCH_RIB_MB=250  BENCH_UPD_MB=125   input sizes (MB = 10^6 bytes)
#   BENCH_QUICK=1                        50 and 25 MB instead
#   BENCH_RUNS=5                         runs of lightsout and zcat/bzcat
#                                        per input, alternating (the
#                                        fastest counts)
#   BENCH_BGPDUMP_RUNS=1                 runs of bgpdump per input
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

for tool in bgpdump gzip zcat bzip2 bzcat cmp awk sha256sum; do
	command -v "$tool" > /dev/null || die "$tool is missing (make bench installs it)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing (make bench installs it)"

# --- the generator --------------------------------------------------------

GEN=$B/bench_gen
if [ ! -x "$GEN" ] || [ "$ROOT/tests/bench_gen.c" -nt "$GEN" ]; then
	echo "bench: building $GEN"
	${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -o "$GEN" "$ROOT/tests/bench_gen.c"
fi
GEN_SUM=$(sha256sum < "$ROOT/tests/bench_gen.c" | cut -c1-16)

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

make_input rib rib "$RIB_MB"
make_input updates updates "$UPD_MB"

# --- measuring ------------------------------------------------------------

# sample TAG CMD...: run CMD once, stdout to /dev/null.  Keeps per TAG
# the fastest wall time in SEC[TAG] (bash's clock: GNU time's %e has only
# 10 ms resolution), the largest peak RSS in RSS[TAG] (GNU time's %M, KB)
# and, when the command exits non-zero or writes to stderr, a note in
# ERR[TAG].
declare -A SEC RSS ERR
sample() {
	local tag=$1 t0 t1 el m rc=0
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$B/time.out" "$@" > /dev/null 2> "$B/last.stderr" || rc=$?
	t1=$EPOCHREALTIME
	el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	m=$(tail -n 1 "$B/time.out")
	if [ -z "${SEC[$tag]:-}" ] ||
	   awk -v a="$el" -v b="${SEC[$tag]}" 'BEGIN { exit !(a < b) }'; then
		SEC[$tag]=$el
	fi
	[ "$m" -gt "${RSS[$tag]:-0}" ] && RSS[$tag]=$m
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
bench_file rib
bench_file updates
same_output rib
same_output updates

# --- report ---------------------------------------------------------------

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

# --- targets --------------------------------------------------------------

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

pass=0 fail=0
for c in "${CHECKS[@]}"; do
	verdict=${c%%|*}
	printf '%s  %s\n' "$verdict" "${c#*|}"
	case $verdict in
	PASS) pass=$((pass + 1)) ;;
	FAIL) fail=$((fail + 1)) ;;
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
