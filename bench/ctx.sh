#!/bin/sh
# ctx.sh: context++ throughput: the `targetscan context` step alone (sites/s, no SA) and the whole run from FASTA with native SA, against a baseline binary in the same run.
# Usage: BIN=./seedscan BENCHDIR=build/bench [BASE=/path/to/older/seedscan] REPS=5 sh bench/ctx.sh
#   (make bench-ctx). With BASE the two binaries run alternately, run by run, so that the
#   machine's load changes fall on both. CPU seconds (user + system) are the figures (medians of REPS runs;
#   REPS_SA for the runs with SA, default 3); wall seconds are printed beside them.
# Settings: BENCH_CTX_GEN (bases of the generated set, default 10M), BENCH_CTX_SA_GEN (bases of the
#   generated set folded for the run with SA, default 1M: native SA costs ~50,000 nt/s a core today),
#   BENCH_CTX_THREADS (a -t also measured, default 2), BENCH_CTX_SHIPPED=0 (skip the 132 shipped
#   UTRs), SHARED_DATA (folder holding
#   targetscan/miR_Family_Info.TargetScan8.0.txt, default ../shared/data; else every family of
#   refs/hsa_mature.v22.fa).
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
BASE=${BASE:-}
REPS=${REPS:-5}
REPS_SA=${REPS_SA:-3}
GEN=${BENCH_CTX_GEN:-10M}
SAGEN=${BENCH_CTX_SA_GEN:-1M}
NT=${BENCH_CTX_THREADS:-2}
SHARED=${SHARED_DATA:-../shared/data}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-bench-ctx.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
. bench/lib.sh

# the miRNAs: every human miRNA of TargetScan 8.0 (family, species, ID, sequence), or miRBase's
T8=$SHARED/targetscan/miR_Family_Info.TargetScan8.0.txt
if [ -r "$T8" ]; then
    awk -F'\t' 'NR > 1 && $3 == "9606" { print $1 "\t9606\t" $4 "\t" $5 }' "$T8" >"$W/mir.txt"
    MIRS="every human miRNA of TargetScan 8.0 ($(wc -l <"$W/mir.txt") miRNAs, $(cut -f1 "$W/mir.txt" | sort -u | wc -l) families)"
else # families named by their seed (nt 2-8)
    awk '/^>/ { id = substr($1, 2); next } { s = toupper($0); gsub(/T/, "U", s); print substr(s, 2, 7) "\t9606\t" id "\t" s }' \
        refs/hsa_mature.v22.fa >"$W/mir.txt"
    MIRS="every miRNA of refs/hsa_mature.v22.fa, families by seed (TargetScan 8.0's family file not found at $T8)"
fi
# the family file of the site scan (family, seed, species)
awk -F'\t' '{ print $1 "\t" substr($4, 2, 7) "\t" $2 }' "$W/mir.txt" | sort -u >"$W/fam.txt"

"$BD/gen" "$GEN" 11 >"$W/gen.fa"
"$BD/gen" "$SAGEN" 12 >"$W/gensa.fa"
fasta_bases() { awk '!/^>/ { n += length($0) } END { print n }' "$1"; }

# The step's six inputs from FASTA, as `context --fasta` makes them: UTRs as a one-species
# alignment, the site table as BL_PCT (branch length 0, PCT NA), no ORFs, no AIRs.
inputs() { # FASTA PREFIX
    awk '/^>/ { if (s != "") print id "\t9606\t" s; id = substr($1, 2); s = ""; next } { s = s $0 }
        END { if (s != "") print id "\t9606\t" s }' "$1" >"$2.utr"
    "$BIN" scan -f targetscan --species-id 9606 -m "$W/fam.txt" -o "$2.sites" "$2.utr"
    awk -F'\t' 'BEGIN { OFS = "\t" } NR == 1 { print "Gene_ID", "miRNA_family_ID", "species_ID", "MSA_start",
        "MSA_end", "UTR_start", "UTR_end", "Group_num", "Site_type", "miRNA in this species", "Group_type",
        "Branch length score", "Pct", "Conserved"; next }
        { print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, "NA", "" }' "$2.sites" >"$2.blpct"
    : >"$2.empty"
}

echo "seedscan context++ benchmark: $("$BIN" version)"
[ -n "$BASE" ] && echo "baseline: $BASE ($("$BASE" version))"
echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "miRNAs: $MIRS"
echo "CPU s = user + system, medians of $REPS runs ($REPS_SA with SA); wall s beside them (shared machine)"
echo
echo "| workload | binary | -t | CPU s | wall s | sites | sites/s (CPU) |"
echo "|---|---|---:|---:|---:|---:|---:|"

row() { # NAME BINNAME T CPU WALL SITES
    echo "| $1 | $2 | $3 | $4 | $5 | $6 | $(awk -v n="$6" -v t="$4" 'BEGIN { printf "%.0f", n / t }') |"
}
# REPS runs of the new binary and the baseline, alternating run by run (the order swapped every
# run) so that a change of the machine's load falls on both alike; medians of wall and CPU
# seconds into $W/{ta,ca,tb,cb}
alt() { # ARGS (the command line after the binary)
    : >"$W/ta"; : >"$W/ca"; : >"$W/tb"; : >"$W/cb"
    i=0
    while [ $i -lt "$REPS" ]; do
        order="a b"
        [ $((i % 2)) = 1 ] && order="b a" # each first in turn: the first run after the other's
        for s in $order; do                # exit meets other fresh pages (the kernel's, the VM's)
            if [ $s = a ]; then bin=$BIN; else bin=$BASE; fi
            "$BD/rss" "$bin" "$@" >/dev/null 2>>"$W/raw" || { echo "command failed: $bin $*" >&2; tail -3 "$W/raw" >&2; exit 1; }
            tail -1 "$W/raw" | cut -d' ' -f1 >>"$W/t$s"
            tail -1 "$W/raw" | cut -d' ' -f3 >>"$W/c$s"
        done
        i=$((i + 1))
    done
}
# one row per binary at -t 1 (alternating with the baseline when there is one), then the new
# binary at -t NT; $1 the workload's name, $2 the sites, the rest the command after the binary
measure() {
    name=$1 ns=$2
    shift 2
    if [ -n "$BASE" ]; then
        alt "$@"
        row "$name" new 1 "$(median_of "$W/ca")" "$(median_of "$W/ta")" "$ns"
        row "$name" baseline 1 "$(median_of "$W/cb")" "$(median_of "$W/tb")" "$ns"
    else
        wall=$(median "$BIN" "$@")
        row "$name" new 1 "$(cpu_median)" "$wall" "$ns"
    fi
    if [ "$NT" != 1 ]; then # the baseline may have no -t
        sub=$1 cmd=$2
        shift 2
        wall=$(median "$BIN" "$sub" "$cmd" -t "$NT" "$@")
        row "$name" new "$NT" "$(cpu_median)" "$wall" "$ns"
    fi
}
# the context++ step alone, without SA, on the inputs of FASTA $1 (name $2)
step() {
    inputs "$1" "$W/in"
    ns=$(($(wc -l <"$W/in.sites") - 1))
    measure "context step, no SA: $2" "$ns" targetscan context --sa none -o /dev/null "$W/mir.txt" "$W/in.utr" \
        "$W/in.blpct" "$W/in.empty" "$W/in.empty" "$W/in.empty"
    # the same table from both binaries
    if [ -n "$BASE" ]; then
        "$BIN" targetscan context --sa none -t "$NT" -o "$W/a.tsv" "$W/mir.txt" "$W/in.utr" "$W/in.blpct" "$W/in.empty" "$W/in.empty" "$W/in.empty"
        "$BASE" targetscan context --sa none -o "$W/b.tsv" "$W/mir.txt" "$W/in.utr" "$W/in.blpct" "$W/in.empty" "$W/in.empty" "$W/in.empty"
        cmp -s "$W/a.tsv" "$W/b.tsv" && echo "|   (same table as the baseline: yes) | | | | | | |" ||
            echo "|   (same table as the baseline: NO) | | | | | | |"
        rm -f "$W/a.tsv" "$W/b.tsv"
    fi
}
# the whole run from FASTA with native SA
e2e() { # FASTA NAME
    ns=$(($(wc -l <"$W/in.sites") - 1))
    REPS_KEEP=$REPS
    REPS=$REPS_SA
    measure "from FASTA, native SA: $2" "$ns" targetscan context --fasta -o /dev/null "$W/mir.txt" "$1"
    REPS=$REPS_KEEP
}

H=refs/hsa_3utr_collected.fa
if [ "${BENCH_CTX_SHIPPED:-1}" != 0 ]; then
    step $H "132 shipped UTRs ($(fasta_bases $H) nt)"
    e2e $H "132 shipped UTRs"
fi
step "$W/gen.fa" "generated $(fasta_bases "$W/gen.fa") nt"
inputs "$W/gensa.fa" "$W/in"
e2e "$W/gensa.fa" "generated $(fasta_bases "$W/gensa.fa") nt"
