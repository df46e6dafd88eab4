#!/bin/sh
# targetscan.sh: throughput of the TargetScan 7 drop-in (site table, whole context++ pipeline) and, when supplied, of targetscan_70.pl on the same inputs.
# Usage: BIN=./seedscan BENCHDIR=build/bench REPS=5 sh bench/targetscan.sh   (bench/run.sh calls it)
# Settings: BENCH_TS_COPIES (copies of the 14-family sample alignment, default 100 = 7 Mnt),
# BENCH_TS_HUMAN_COPIES (copies of refs/hsa_3utr_collected.fa, default 10 = 2.2 Mnt),
# BENCH_TS_PERL_NT (human slice given to the Perl script, default 10000 nt: it runs ~500 nt/s),
# TARGETSCAN_70_PL=path/to/targetscan_70.pl (the user's copy; never shipped with seedscan),
# TARGETSCAN_DIR=folder with TargetScan 7's five scripts and their parameter files (the user's copy;
#   perl with BioPerl and Statistics::Lite needed): the whole context++ pipeline, Perl against seedscan,
#   per step, on the sample alignment x BENCH_TS_PERL_COPIES (default 20), without RNAplfold,
#   medians of BENCH_TS_PERL_REPS Perl runs (default 1) and REPS seedscan runs,
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

# the Perl pipeline, when TargetScan 7's five scripts are supplied: the same inputs, both without RNAplfold
TD=${TARGETSCAN_DIR:-}
PERL=$(command -v perl 2>/dev/null || :)
ts_scripts="targetscan_70.pl targetscan_70_BL_bins.pl targetscan_70_BL_PCT.pl targetscan_count_8mers.pl targetscan_70_context_scores.pl"
ts_missing=
if [ -n "$TD" ]; then
    # the scripts read their parameter files from their own folder
    for s in $ts_scripts Agarwal_2015_parameters.txt TA_SPS_by_seed_region.txt PCT_parameters/Tree.generic.txt; do
        [ -r "$TD/$s" ] || ts_missing="$ts_missing $s"
    done
fi
echo
if [ -z "$TD" ]; then
    echo "Perl context++ pipeline: not run (set TARGETSCAN_DIR to a folder with TargetScan 7's five scripts and their parameter files)"
elif [ -n "$ts_missing" ]; then
    echo "Perl context++ pipeline: not run ($TD lacks:$ts_missing)"
elif [ -z "$PERL" ]; then
    echo "Perl context++ pipeline: not run (perl not found)"
elif ! "$PERL" -MBio::TreeIO -MStatistics::Lite -e 1 >/dev/null 2>&1; then
    echo "Perl context++ pipeline: not run (the branch-length scripts need BioPerl's Bio::TreeIO and Statistics::Lite)"
else
    PCOPIES=${BENCH_TS_PERL_COPIES:-20}
    PREPS=${BENCH_TS_PERL_REPS:-1}
    TDA=$(cd "$TD" && pwd)
    HERE=$(pwd)
    FAMA=$HERE/$FAM
    MIRA=$HERE/$TS/miR_for_context_scores.sample.txt
    P=$W/pl
    mkdir "$P"
    i=0
    while [ $i -lt "$PCOPIES" ]; do
        for f in UTR_Sequences_sample.txt:aln.txt ORF_Sequences_sample.txt:ORF.txt All_cell_lines.AIRs.txt:airs.txt; do
            awk -F'\t' -v c=$i 'BEGIN { OFS = "\t" } { $1 = $1 "_" c; print }' "$TS/${f%%:*}" >>"$P/${f#*:}"
        done
        i=$((i + 1))
    done
    NP=$(ungapped "$P/aln.txt")
    # without RNAplfold: the context++ script runs RNAplfold when it finds it on PATH and reads
    # RNAplfold_in_out/GENE.SPECIES_lunp when present; neither is given, so SA is absent on both sides
    PLPATH=$PATH
    if command -v RNAplfold >/dev/null 2>&1; then
        mkdir "$W/bin"
        ln -s "$(command -v sort)" "$W/bin/sort" # the BL_PCT script sorts with sort(1)
        PLPATH=$W/bin
        old_ifs=$IFS; IFS=:
        for d in $PATH; do if [ -n "$d" ] && [ ! -x "$d/RNAplfold" ]; then PLPATH=$PLPATH:$d; fi; done
        IFS=$old_ifs
        echo "(RNAplfold is on PATH: hidden from the Perl context++ script, which would otherwise fold every UTR)"
    fi
    # one timed step: NAME OUT CMD...; appends "NAME seconds" to $T
    tstep() {
        n=$1; o=$2; shift 2
        t0=$(date +%s.%N)
        "$@" >"$o" 2>>"$P/stderr.log" </dev/null || { echo "step $n failed: $*" >&2; tail -5 "$P/stderr.log" >&2; exit 1; }
        t1=$(date +%s.%N)
        awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s %.4f\n", n, b - a }' >>"$T"
    }
    # the scripts exit 0 on errors (and so does seedscan under --compat targetscan7): check the outputs
    nonempty() { for f in "$@"; do [ -s "$f" ] || { echo "no output: $f" >&2; tail -5 "$P/stderr.log" >&2; exit 1; }; done; }
    plrun() { ( PATH=$PLPATH; export PATH; exec "$PERL" "$@" ); }
    perl_pipeline() {
        ( cd "$P" && rm -rf pl.* RNAplfold_in_out ORF.lengths.txt &&
            tstep sites /dev/null plrun "$TDA/targetscan_70.pl" "$FAMA" aln.txt pl.sites &&
            tstep bins pl.bins plrun "$TDA/targetscan_70_BL_bins.pl" aln.txt &&
            tstep bl-pct pl.blpct plrun "$TDA/targetscan_70_BL_PCT.pl" "$FAMA" pl.sites pl.bins &&
            tstep orf pl.orf8 plrun "$TDA/targetscan_count_8mers.pl" "$FAMA" ORF.txt &&
            tstep context /dev/null plrun "$TDA/targetscan_70_context_scores.pl" "$MIRA" aln.txt \
                pl.blpct ORF.lengths.txt pl.orf8 airs.txt pl.ctx &&
            nonempty pl.sites pl.bins pl.blpct pl.orf8 ORF.lengths.txt pl.ctx ) || exit 1
    }
    seedscan_pipeline() {
        rm -f "$P"/ss.*
        tstep sites /dev/null "$BIN" scan --compat targetscan7 -f targetscan -m $FAM -o "$P/ss.sites" "$P/aln.txt"
        tstep bins /dev/null "$BIN" targetscan bins --compat targetscan7 -o "$P/ss.bins" "$P/aln.txt"
        tstep bl-pct /dev/null "$BIN" targetscan bl-pct --compat targetscan7 -o "$P/ss.blpct" $FAM "$P/ss.sites" "$P/ss.bins"
        tstep orf /dev/null "$BIN" targetscan orf --compat targetscan7 -o "$P/ss.orf8" --lengths "$P/ss.orflen" $FAM "$P/ORF.txt"
        tstep context /dev/null "$BIN" targetscan context --compat targetscan7 -o "$P/ss.ctx" $TS/miR_for_context_scores.sample.txt \
            "$P/aln.txt" "$P/ss.blpct" "$P/ss.orflen" "$P/ss.orf8" "$P/airs.txt"
        nonempty "$P/ss.sites" "$P/ss.bins" "$P/ss.blpct" "$P/ss.orf8" "$P/ss.orflen" "$P/ss.ctx"
    }
    # N runs of a pipeline; per-step and total medians into $1.med ("step seconds", "total" last)
    runs() {
        T=$W/$1.times; : >"$T"
        i=0
        while [ $i -lt "$2" ]; do "$1"; i=$((i + 1)); done
        awk '{ if (!($1 in n)) o[++k] = $1; v[$1, ++n[$1]] = $2; tot[n[$1]] += $2 }
            function med(a, m,   i, j, x) { for (i = 2; i <= m; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
                return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
            END { for (s = 1; s <= k; s++) { m = n[o[s]]; for (i = 1; i <= m; i++) a[i] = v[o[s], i]; printf "%s %.4f\n", o[s], med(a, m) }
                for (i = 1; i <= m; i++) a[i] = tot[i]; printf "total %.4f\n", med(a, m) }' "$T" >"$W/$1.med"
    }
    runs perl_pipeline "$PREPS"
    runs seedscan_pipeline "$REPS"
    ratio1() { awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r < 10) ? "%.1f" : "%.0f", r }'; }
    same() { if cmp -s "$P/$1" "$P/$2"; then echo identical; else echo DIFFERENT; fi; }
    echo "Perl context++ pipeline (TargetScan 7's scripts in $TD) and seedscan --compat targetscan7 on the"
    echo "sample alignment x$PCOPIES ($NP nt), ORFs and AIRs likewise, no RNAplfold on either side;"
    echo "medians of $PREPS Perl and $REPS seedscan runs; wall seconds"
    echo
    echo "| step (Perl script) | Perl s | seedscan s | speed-up | output |"
    echo "|---|---:|---:|---:|---|"
    for s in sites:targetscan_70.pl:"$(same pl.sites ss.sites)" bins:targetscan_70_BL_bins.pl:"$(same pl.bins ss.bins)" \
        bl-pct:targetscan_70_BL_PCT.pl:"$(same pl.blpct ss.blpct)" \
        orf:targetscan_count_8mers.pl:"$(same pl.orf8 ss.orf8), lengths $(same ORF.lengths.txt ss.orflen)" \
        context:targetscan_70_context_scores.pl:"$(same pl.ctx ss.ctx)"; do
        n=${s%%:*}; r=${s#*:}; pl=${r%%:*}; out=${r#*:}
        a=$(awk -v n="$n" '$1 == n { print $2 }' "$W/perl_pipeline.med")
        b=$(awk -v n="$n" '$1 == n { print $2 }' "$W/seedscan_pipeline.med")
        echo "| $n ($pl) | $a | $b | $(ratio1 "$a" "$b")x | $out |"
    done
    a=$(awk '$1 == "total" { print $2 }' "$W/perl_pipeline.med")
    b=$(awk '$1 == "total" { print $2 }' "$W/seedscan_pipeline.med")
    echo "| whole pipeline | $a | $b | $(ratio1 "$a" "$b")x | |"
fi
