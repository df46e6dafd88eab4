#!/bin/sh
# expr.sh: benchmark of expr --all-families and a k=7 landscape on 20,000 generated genes (medians).
# Called by bench/run.sh with BIN, BENCHDIR and REPS; prints a markdown table.
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
REPS=${REPS:-5}
NGENES=${BENCH_GENES:-20000}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-bench-expr.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

. bench/lib.sh

# 20,000 UTR-like records (bench/gen, about 1.5 kb each) and a table of random fold changes
"$BD/gen" "$((NGENES * 4000))" 7 | awk -v n="$NGENES" '/^>/ { k++; if (k > n) exit; print ">g" k; next } { print }' >"$W/utrs.fa"
awk -v n="$NGENES" 'BEGIN { srand(42); print "gene_id\tlog2FoldChange";
    for (i = 1; i <= n; i++) printf "g%d\t%.4f\n", i, (rand() + rand() + rand() - 1.5) }' >"$W/table.tsv"
ng=$(grep -c '^>' "$W/utrs.fa")
nb=$(grep -v '^>' "$W/utrs.fa" | tr -d '\n' | wc -c)
echo "expression benchmarks: $ng genes, $(awk -v b="$nb" 'BEGIN { printf "%.1f", b / 1e6 }') Mnt of 3'UTRs, $REPS runs, medians (target: under 10 s each on one core)"
echo
echo "| workload | seconds |"
echo "|---|---:|"
t=$(median "$BIN" expr -q -e "$W/table.tsv" -m refs/hsa_mature.v22.fa --all-families "$W/utrs.fa")
echo "| expr --all-families, 2,656 human miRNAs (all families), $ng genes | $t |"
t=$(median "$BIN" landscape -e "$W/table.tsv" -k 7 "$W/utrs.fa")
echo "| landscape -k 7 --grow 200, $ng UTRs | $t |"
