#!/bin/sh
# duplex.sh: seedscan duplex against RNAduplex and RNAhybrid: pairs/s on the 300 reference pairs and one miRNA against the shipped 3'UTRs, CPU time, medians.
# Usage: make bench-duplex   (or BIN=./seedscan sh bench/duplex.sh)
# Settings: REPS (runs per figure, default 5), COPIES (copies of the 300 pairs, default 100),
# MIRNA (whole-target mode, default hsa-miR-21-5p), BASE (another seedscan binary, e.g. the
# main branch's: its scan figures are measured in the same run, alternating with BIN's). CPU time (user + sys) is the figure:
# wall time on a shared machine measures the other jobs too.
set -eu
BIN=${BIN:-./seedscan}
REPS=${REPS:-5}
COPIES=${COPIES:-100}
MIRNA=${MIRNA:-hsa-miR-21-5p}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-duplex.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

# median of REPS CPU times (user + sys, seconds) of a command run in sh -c
cpu() {
    : >"$W/t"
    i=0
    while [ $i -lt "$REPS" ]; do
        /usr/bin/time -f '%U %S' -o "$W/t1" sh -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 1; }
        awk '{ print $1 + $2 }' "$W/t1" >>"$W/t"
        i=$((i + 1))
    done
    sort -n "$W/t" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }

echo "seedscan duplex benchmark: $("$BIN" version)"
echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$REPS runs per figure, medians of CPU time (user + sys)"

# the 300 pairs as MIRNA<TAB>TARGET lines, COPIES times; per miRNA as FASTA for RNAhybrid
awk 'NR % 3 == 2 { m = $0 } NR % 3 == 0 { print m "\t" $0 }' testdata/thermo/duplex_input.txt >"$W/p300.tsv"
i=0
while [ $i -lt "$COPIES" ]; do cat "$W/p300.tsv"; i=$((i + 1)); done >"$W/pairs.tsv"
NP=$((300 * COPIES))
awk -F'\t' -v d="$W" '{ f = d "/t_" $1 ".fa"; print ">t" NR "\n" $2 > f; q = d "/q_" $1 ".fa";
    if (!(q in seen)) { print ">q\n" $1 > q; seen[q] = 1 } }' "$W/p300.tsv"
grep -A1 -E "^>$MIRNA " refs/hsa_mature.v22.fa | head -2 >"$W/mir.fa"
NT=$(awk '!/^>/ { n += length($0) } END { print n }' refs/hsa_3utr_collected.fa)
NU=$(grep -c '^>' refs/hsa_3utr_collected.fa)

echo
echo "| tool | input | CPU s (median) | pairs/s | target knt/s | vs RNAduplex |"
echo "|---|---|---|---|---|---|"
RD=""
if command -v RNAduplex >/dev/null 2>&1; then
    awk -F'\t' '{ print ">p" NR "\n" $1 "\n" $2 }' "$W/pairs.tsv" >"$W/rd_in.txt"
    t=$(cpu "RNAduplex < '$W/rd_in.txt'")
    RD=$(rate "$NP" "$t")
    echo "| RNAduplex $(RNAduplex --version | cut -d' ' -f2) | 300 pairs x $COPIES | $t | $RD | | 1 |"
else
    # ViennaRNA is not in Debian main: its figure from ../shared/data/thermo/pairs/timing.tsv
    RD=1453
    echo "| RNAduplex 2.4.18 (not on PATH: CPU figure recorded in ../shared/data/thermo/pairs/timing.tsv) | 300 pairs | 0.2065 | $RD | | 1 |"
fi
for v in generic sse2 avx2 avx512; do
    t=$(cpu "SEEDSCAN_SIMD=$v '$BIN' duplex --pairs '$W/pairs.tsv'")
    r=$(rate "$NP" "$t")
    echo "| seedscan duplex, SEEDSCAN_SIMD=$v | 300 pairs x $COPIES | $t | $r | | $(awk -v a="$r" -v b="$RD" 'BEGIN { printf "%.1f", a / b }') |"
done
if command -v RNAhybrid >/dev/null 2>&1; then
    t=$(cpu "for q in '$W'/q_*.fa; do t=\$(echo \"\$q\" | sed 's,/q_,/t_,'); RNAhybrid -s 3utr_human -b 1 -c -t \"\$t\" -q \"\$q\"; done")
    r=$(rate 300 "$t")
    echo "| RNAhybrid (Turner 1999, its own model) | 300 pairs | $t | $r | | $(awk -v a="$r" -v b="$RD" 'BEGIN { printf "%.2f", a / b }') |"
    t=$(cpu "RNAhybrid -m 20000 -s 3utr_human -b 1 -c -t refs/hsa_3utr_collected.fa -q '$W/mir.fa'")
    echo "| RNAhybrid -b 1 -m 20000 | $MIRNA x $NU whole 3'UTRs | $t | $(rate "$NU" "$t") | $(awk -v n="$NT" -v t="$t" 'BEGIN { printf "%.0f", n / t / 1000 }') | |"
else
    echo "| RNAhybrid | not on PATH (Debian: apt-get install rnahybrid) | | | | |"
fi
if command -v RNAduplex >/dev/null 2>&1; then
    awk -v m="$(sed -n 2p "$W/mir.fa")" '/^>/ { if (s) print ">u\n" m "\n" s; s = ""; next } { s = s $0 } END { print ">u\n" m "\n" s }' refs/hsa_3utr_collected.fa >"$W/rd_utr.txt"
    t=$(cpu "RNAduplex < '$W/rd_utr.txt'")
    echo "| RNAduplex (MFE per UTR) | $MIRNA x $NU whole 3'UTRs | $t | $(rate "$NU" "$t") | $(awk -v n="$NT" -v t="$t" 'BEGIN { printf "%.0f", n / t / 1000 }') | |"
fi
for v in generic avx2 avx512; do
    t=$(cpu "SEEDSCAN_SIMD=$v '$BIN' duplex -m '$W/mir.fa' refs/hsa_3utr_collected.fa")
    echo "| seedscan duplex (MFE per UTR), SEEDSCAN_SIMD=$v | $MIRNA x $NU whole 3'UTRs | $t | $(rate "$NU" "$t") | $(awk -v n="$NT" -v t="$t" 'BEGIN { printf "%.0f", n / t / 1000 }') | |"
    t=$(cpu "SEEDSCAN_SIMD=$v '$BIN' duplex --ends -m '$W/mir.fa' refs/hsa_3utr_collected.fa")
    echo "| seedscan duplex --ends (best per end), SEEDSCAN_SIMD=$v | $MIRNA x $NU whole 3'UTRs | $t | $(rate "$NU" "$t") | $(awk -v n="$NT" -v t="$t" 'BEGIN { printf "%.0f", n / t / 1000 }') | |"
done

# scan --energy: every canonical site of all human miRNAs in the shipped UTRs, against the same
# scan without energies; non-canonical types (all six) as a separate figure
echo
echo "| scan, all 2,656 human miRNAs x $NU shipped 3'UTRs (one core) | CPU s (median) | sites |"
echo "|---|---|---|"
NS=$("$BIN" scan -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa | tail -n +2 | wc -l)
t=$(cpu "'$BIN' scan -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa")
echo "| TSV, no energies | $t | $NS |"
for v in generic avx2 avx512; do
    t=$(cpu "SEEDSCAN_SIMD=$v '$BIN' scan --energy -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa")
    echo "| TSV --energy, SEEDSCAN_SIMD=$v | $t | $NS |"
done
NN=$("$BIN" scan --types noncanonical -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa | tail -n +2 | wc -l)
BASE=${BASE:-}
# each figure of BIN and of BASE (when given), the same command, one after the other
pair() { # label, arguments of scan, sites
    t=$(cpu "'$BIN' scan $2 -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa")
    echo "| $1 | $t | $3 |"
    if [ -n "$BASE" ]; then
        t=$(cpu "'$BASE' scan $2 -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa")
        echo "| $1, baseline binary | $t | $3 |"
    fi
}
pair "--types noncanonical (with their energies)" "--types noncanonical" "$NN"
if [ -n "$BASE" ]; then
    "$BIN" scan --types noncanonical -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa >"$W/nc_bin.tsv"
    "$BASE" scan --types noncanonical -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa >"$W/nc_base.tsv"
    if cmp -s "$W/nc_bin.tsv" "$W/nc_base.tsv"; then echo "(--types noncanonical: output of both binaries byte-identical)"
    else echo "(--types noncanonical: the two binaries' outputs DIFFER)"; fi
fi
pair "summary (-s), no energies" "-s" ""
pair "TSV, no energies (again, beside the baseline)" "" "$NS"
NSN=$("$BIN" scan -s --types default,noncanonical -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa | tail -n +2 | wc -l)
t=$(cpu "'$BIN' scan -s --types default,noncanonical -m refs/hsa_mature.v22.fa refs/hsa_3utr_collected.fa")
echo "| -s --types default,noncanonical ($NSN rows) | $t | |"
