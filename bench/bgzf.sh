#!/bin/sh
# bgzf.sh: benchmark of -o FILE.gz (BGZF on the -t threads, --level) against /dev/null and a plain file (medians).
# Called by bench/run.sh with BIN, BENCHDIR and REPS; prints a markdown table. Settings:
# BENCH_BGZF_MNT (generated input, default 20 Mnt: about 0.5 GB of all-human TSV),
# BENCH_BGZF_OUT (folder the outputs go to, default a temporary folder in TMPDIR; a tmpfs such
# as /dev/shm measures compression without the disk), BENCH_BGZF_BASE (another seedscan binary,
# e.g. an older build, timed on the same .gz rows as a baseline).
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
REPS=${REPS:-5}
MNT=${BENCH_BGZF_MNT:-20}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-bench-bgzf.XXXXXX")
O=$(mktemp -d "${BENCH_BGZF_OUT:-$W}/seedscan-bgzf-out.XXXXXX")
trap 'rm -rf "$W" "$O"' EXIT INT TERM
HUMAN="-m refs/hsa_mature.v22.fa"

. bench/lib.sh

"$BD/gen" "${MNT}M" 13 >"$W/in.fa"
"$BIN" scan $HUMAN "$W/in.fa" >"$O/plain.tsv"
mb=$(wc -c <"$O/plain.tsv" | awk '{ printf "%.0f", $1 / 1e6 }')
load() { awk '{ print $1 }' /proc/loadavg; }
echo "BGZF output: all 2,656 human miRNAs, TSV ($mb MB) of $MNT Mnt (bench/gen seed 13), to $(df -P "$O" | awk 'NR == 2 { print $1 }'), $REPS runs, medians; load average $(load) at the start"
echo
echo "| output | -t 1 wall s | -t 1 CPU s | -t 2 wall s | -t 2 CPU s | -t 2 speed-up (wall) | MB written |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row() { # label, binary, then the output path (or /dev/null) and the extra options
    lab=$1 bin=$2 out=$3; shift 3
    a=$(median "$bin" scan $HUMAN -t 1 -o "$out" "$@" "$W/in.fa"); ac=$(cpu_median)
    b=$(median "$bin" scan $HUMAN -t 2 -o "$out" "$@" "$W/in.fa"); bc=$(cpu_median)
    sz=$( [ "$out" = /dev/null ] && echo 0 || wc -c <"$out")
    echo "| $lab | $a | $ac | $b | $bc | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2fx", a / b }') | $(awk -v s="$sz" 'BEGIN { printf "%.0f", s / 1e6 }') |"
}
row "/dev/null (no output cost)" "$BIN" /dev/null
row "plain file" "$BIN" "$O/x.tsv"
row "x.tsv.gz, --level 1" "$BIN" "$O/x.tsv.gz" --level 1
row "x.tsv.gz, default level (6)" "$BIN" "$O/x.tsv.gz"
[ -n "${BENCH_BGZF_BASE:-}" ] && row "x.tsv.gz, baseline binary ($("$BENCH_BGZF_BASE" version | cut -d' ' -f2))" "$BENCH_BGZF_BASE" "$O/x.tsv.gz"
tb=$(median sh -c "'$BIN' scan $HUMAN '$W/in.fa' | bgzip -@ 2 -c >'$O/b.gz'"); tbc=$(cpu_median)
echo "| baseline: \`seedscan scan \| bgzip -@ 2\` (default level) | | | $tb | $tbc | | $(wc -c <"$O/b.gz" | awk '{ printf "%.0f", $1 / 1e6 }') |"

# the same bytes whatever -t: decompressed, and the BGZF blocks themselves (and bgzip's)
"$BIN" scan $HUMAN -t 1 -o "$O/t1.gz" "$W/in.fa"
"$BIN" scan $HUMAN -t 2 -o "$O/t2.gz" "$W/in.fa"
gzip -dc "$O/t2.gz" | cmp -s - "$O/plain.tsv" && d=yes || d=NO
cmp -s "$O/t1.gz" "$O/t2.gz" && c=yes || c=NO
cmp -s "$O/t2.gz" "$O/b.gz" && g=yes || g=NO
echo
echo "-t 2 output decompresses to the plain TSV: $d; BGZF bytes equal for -t 1 and -t 2: $c; equal to bgzip's: $g; load average $(load) at the end"
