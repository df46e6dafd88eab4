#!/bin/sh
# targetscan.sh: throughput of the TargetScan 7 drop-in (site table, whole context++ pipeline) and, when supplied, of targetscan_70.pl on the same inputs.
# Usage: BIN=./seedscan BENCHDIR=build/bench REPS=5 sh bench/targetscan.sh   (bench/run.sh calls it)
# Settings: BENCH_TS_COPIES (copies of the 14-family sample alignment, default 100 = 7 Mnt),
# BENCH_TS_HUMAN_COPIES (copies of refs/hsa_3utr_collected.fa, default 10 = 2.2 Mnt),
# BENCH_TS_PERL_NT (human slice given to the Perl script, default 10000 nt: it runs ~500 nt/s),
# TARGETSCAN_70_PL=path/to/targetscan_70.pl (the user's copy; never shipped with seedscan),
# TARGETSCAN_DIR=folder with all of TargetScan 7's scripts (for the pipeline ratio),
# SHARED_DATA (folder holding targetscan/miR_Family_Info.TargetScan8.0.txt, default ../shared/data).
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
REPS=${REPS:-5}
COPIES=${BENCH_TS_COPIES:-100}
HCOPIES=${BENCH_TS_HUMAN_COPIES:-10}
PERL_NT=${BENCH_TS_PERL_NT:-10000}
SHARED=${SHARED_DATA:-../shared/data}
TS=testdata/targetscan
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-bench-ts.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

# wall time of one run in seconds (bench/rss when built, else date)
once() {
    if [ -x "$BD/rss" ]; then
        "$BD/rss" "$@" >/dev/null 2>"$W/t.raw" || { echo "command failed: $*" >&2; exit 1; }
        tail -1 "$W/t.raw" | cut -d' ' -f1
    else
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; exit 1; }
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'
    fi
}
# median of n runs
median_n() {
    n=$1; shift
    i=0
    : >"$W/times"
    while [ $i -lt "$n" ]; do once "$@" >>"$W/times"; i=$((i + 1)); done
    sort -n "$W/times" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
median() { median_n "$REPS" "$@"; }
# median of REPS runs of a shell function (timed with date)
median_fn() {
    i=0
    : >"$W/ftimes"
    while [ $i -lt "$REPS" ]; do
        t0=$(date +%s.%N)
        "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 1; }
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >>"$W/ftimes"
        i=$((i + 1))
    done
    sort -n "$W/ftimes" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mnts() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%.2f", b / t / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
ungapped() { awk -F'\t' '{ s = $3; gsub(/[-.]/, "", s); n += length(s) } END { print n }' "$1"; }
fasta_bases() { awk '!/^>/ { n += length($0) } END { print n }' "$1"; }
row() { echo "| $1 | $2 | $3 | $(mnts "$3" "$2") |"; }

# (a) the sample alignment, each copy under its own gene names
i=0
while [ $i -lt "$COPIES" ]; do
    awk -F'\t' -v c=$i 'BEGIN { OFS = "\t" } { $1 = $1 "_" c; print }' $TS/UTR_Sequences_sample.txt
    i=$((i + 1))
done >"$W/aln.txt"
i=0
while [ $i -lt "$COPIES" ]; do
    awk -F'\t' -v c=$i 'BEGIN { OFS = "\t" } { $1 = $1 "_" c; print }' $TS/ORF_Sequences_sample.txt >>"$W/orf.txt"
    awk -F'\t' -v c=$i 'BEGIN { OFS = "\t" } { $1 = $1 "_" c; print }' $TS/All_cell_lines.AIRs.txt >>"$W/airs.txt"
    i=$((i + 1))
done
NA=$(ungapped "$W/aln.txt")
FAM=$TS/miR_Family_info_sample.txt

echo "seedscan TargetScan benchmark: $("$BIN" version)"
echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo)"
echo "$REPS runs per seedscan figure, medians; nt = ungapped UTR bases"
echo
echo "| workload | seconds | nt | Mnt/s |"
echo "|---|---:|---:|---:|"
ta=$(median "$BIN" scan --compat targetscan7 -f targetscan -m $FAM "$W/aln.txt")
row "(a) site table, 14-family sample alignment x$COPIES (5 species)" "$ta" "$NA"

# the whole context++ pipeline without RNAplfold on (a)
pipeline() {
    "$BIN" scan --compat targetscan7 -f targetscan -m $FAM -o "$W/p.sites" "$W/aln.txt" &&
        "$BIN" targetscan bins --compat targetscan7 -o "$W/p.bins" "$W/aln.txt" &&
        "$BIN" targetscan bl-pct --compat targetscan7 -o "$W/p.blpct" $FAM "$W/p.sites" "$W/p.bins" &&
        "$BIN" targetscan orf --compat targetscan7 -o "$W/p.orf8" --lengths "$W/p.orflen" $FAM "$W/orf.txt" &&
        "$BIN" targetscan context --compat targetscan7 -o "$W/p.ctx" $TS/miR_for_context_scores.sample.txt \
            "$W/aln.txt" "$W/p.blpct" "$W/p.orflen" "$W/p.orf8" "$W/airs.txt"
}
tp=$(median_fn pipeline)
row "(a) whole context++ pipeline, no RNAplfold (scan, bins, bl-pct, orf, context)" "$tp" "$NA"

# (b) human UTRs against every human family of TargetScan 8.0
T8=$SHARED/targetscan/miR_Family_Info.TargetScan8.0.txt
if [ -r "$T8" ]; then
    awk -F'\t' 'NR > 1 && $3 == "9606" { print $1 "\t" $2 "\t9606" }' "$T8" | sort -u >"$W/fam_h.txt"
    NF8=$(cut -f1 "$W/fam_h.txt" | sort -u | wc -l)
    i=0
    while [ $i -lt "$HCOPIES" ]; do
        awk -v c=$i '/^>/ { sub(/^>[^ ]*/, "&_" c) } { print }' refs/hsa_3utr_collected.fa
        i=$((i + 1))
    done >"$W/h.fa"
    NB=$(fasta_bases "$W/h.fa")
    tb=$(median "$BIN" scan --compat targetscan7 -f targetscan -m "$W/fam_h.txt" --species-id 9606 "$W/h.fa")
    row "(b) site table, human UTRs x$HCOPIES, $NF8 human families (TargetScan 8.0)" "$tb" "$NB"
else
    echo "| (b) human UTRs, all human families | skipped: $T8 not found | | |"
fi

# targetscan_70.pl on the same inputs, when the user supplies it
PL=${TARGETSCAN_70_PL:-}
if [ -n "$PL" ] && [ -r "$PL" ] && command -v perl >/dev/null 2>&1; then
    echo
    echo "targetscan_70.pl ($PL), one run each, against seedscan --compat targetscan7 on the same input:"
    echo
    echo "| workload | targetscan_70.pl s | seedscan s | nt | speed-up | same table |"
    echo "|---|---:|---:|---:|---:|---|"
    perl_row() { # NAME FAMILY ALIGNMENT
        rm -f "$W/pl.out"
        tpl=$(once perl "$PL" "$2" "$3" "$W/pl.out")
        tss=$(median "$BIN" scan --compat targetscan7 -f targetscan -m "$2" "$3")
        "$BIN" scan --compat targetscan7 -f targetscan -m "$2" -o "$W/ss.out" "$3"
        same=no; cmp -s "$W/pl.out" "$W/ss.out" && same=yes
        echo "| $1 | $tpl | $tss | $(ungapped "$3") | $(ratio "$tpl" "$tss")x | $same |"
    }
    perl_row "(a) sample alignment x$COPIES, 14 families" $FAM "$W/aln.txt"
    if [ -r "$T8" ]; then
        # a slice of the human UTRs as one-species alignment rows
        awk -v max="$PERL_NT" '/^>/ { if (s != "" && n < max) { print id "\t9606\t" s; n += length(s) } id = substr($1, 2); s = ""; next }
            { s = s $0 } END { if (s != "" && n < max) print id "\t9606\t" s }' refs/hsa_3utr_collected.fa >"$W/h_slice.txt"
        perl_row "(b) human UTR slice, $NF8 human families" "$W/fam_h.txt" "$W/h_slice.txt"
        # the slice is too small for seedscan's time to mean much: compare rates too
        plr=$(awk -v n="$(ungapped "$W/h_slice.txt")" -v t="$tpl" 'BEGIN { printf "%.0f", n / t }')
        echo "| (b) rates: targetscan_70.pl $plr nt/s on the slice, seedscan $(mnts "$NB" "$tb") Mnt/s on human UTRs x$HCOPIES | | | | $(awk -v a="$NB" -v b="$tb" -v p="$plr" 'BEGIN { printf "%.0f", a / b / p }')x | |"
    fi
else
    echo
    echo "targetscan_70.pl: not run (set TARGETSCAN_70_PL to your copy of the script; perl is needed)"
fi

# the Perl pipeline, when all of TargetScan 7's scripts are supplied
TD=${TARGETSCAN_DIR:-}
if [ -n "$TD" ] && [ -r "$TD/targetscan_70_context_scores.pl" ] && command -v perl >/dev/null 2>&1; then
    cp "$W/orf.txt" "$W/ORF.txt"
    perl_pipeline() {
        cd "$W" && rm -f pl.sites pl.ctx &&
            perl "$TD/targetscan_70.pl" "$OLDPWD/$FAM" aln.txt pl.sites >/dev/null &&
            perl "$TD/targetscan_70_BL_bins.pl" aln.txt >pl.bins &&
            perl "$TD/targetscan_70_BL_PCT.pl" "$OLDPWD/$FAM" pl.sites pl.bins >pl.blpct &&
            perl "$TD/targetscan_count_8mers.pl" "$OLDPWD/$FAM" ORF.txt >pl.orf8 2>/dev/null &&
            perl "$TD/targetscan_70_context_scores.pl" "$OLDPWD/$TS/miR_for_context_scores.sample.txt" aln.txt \
                pl.blpct ORF.lengths.txt pl.orf8 airs.txt pl.ctx >/dev/null 2>&1
        cd "$OLDPWD"
    }
    t0=$(date +%s.%N); perl_pipeline; t1=$(date +%s.%N)
    tpp=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    echo
    echo "| context++ pipeline (a), no RNAplfold | Perl s | seedscan s | speed-up |"
    echo "|---|---:|---:|---:|"
    echo "| 5 scripts vs 5 seedscan commands | $tpp | $tp | $(ratio "$tpp" "$tp")x |"
    echo
    echo "(the Perl context++ script runs RNAplfold unless $W/RNAplfold_in_out/ holds its files)"
fi
