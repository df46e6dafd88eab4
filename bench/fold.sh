#!/bin/sh
# fold.sh: seedscan fold (unpaired probabilities, u = 1..20) against RNAplfold -W 80 -L 40 -u 20: nt/s, medians.
# Usage: BIN=./seedscan BENCHDIR=build/bench sh bench/fold.sh   (make build/bench/gen first)
# Settings: FOLD_MNT (generated set in Mnt, default 10; the brief's figure), REPS (default 3),
# THREADS (default "1 2"). RNAplfold runs beside when it is on the PATH (ViennaRNA < 2.4 for the
# same definition; it writes its files into a scratch folder).
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
MNT=${FOLD_MNT:-10}
REPS=${REPS:-3}
THREADS=${THREADS:-1 2}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-fold.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

# median wall time (s) of REPS runs of a command
median() {
    : >"$W/t"
    i=0
    while [ "$i" -lt "$REPS" ]; do
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        e=$(date +%s.%N)
        echo "$s $e" | awk '{ print $2 - $1 }' >>"$W/t"
        i=$((i + 1))
    done
    sort -n "$W/t" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
bases() { awk '!/^>/ { n += length($0) } END { print n }' "$1"; }
row() { awk -v n="$2" -v t="$3" -v what="$1" 'BEGIN { printf "%-44s %10d nt %8.2f s %10.0f nt/s\n", what, n, t, n / t }'; }

"$BD/gen" "${MNT}M" 7 >"$W/gen.fa"
cp refs/hsa_3utr_collected.fa "$W/utr.fa"
echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for set in utr gen; do
    n=$(bases "$W/$set.fa")
    for t in $THREADS; do
        mkdir -p "$W/l"
        row "seedscan fold --lunp ($set, -t $t)" "$n" "$(median "$BIN" fold --lunp "$W/l" -t "$t" "$W/$set.fa")"
        row "seedscan fold --tsv -c 14 ($set, -t $t)" "$n" "$(median "$BIN" fold --tsv -c 14 -t "$t" "$W/$set.fa")"
        rm -rf "$W/l"
    done
    if command -v RNAplfold >/dev/null 2>&1; then
        mkdir -p "$W/r"
        row "RNAplfold -W 80 -L 40 -u 20 ($set)" "$n" \
            "$(cd "$W/r" && median sh -c "RNAplfold -W 80 -L 40 -u 20 < ../$set.fa")"
        rm -rf "$W/r"
    else
        echo "RNAplfold is not on the PATH: not measured in this run"
    fi
done
