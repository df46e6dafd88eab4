#!/bin/sh
# fold.sh: seedscan fold (unpaired probabilities, u = 1..20) against RNAplfold -W 80 -L 40 -u 20: nt/s by CPU time, medians.
# Usage: make bench-fold   (or BIN=./seedscan BENCHDIR=build/bench sh bench/fold.sh after make build/bench/gen)
# Settings: FOLD_SIZE (generated set, bench/gen's suffixes k M; default 10M, the issue's figure), REPS (runs per figure,
# default 3), THREADS (default "1 2"), RNAPLFOLD (the RNAplfold command, default RNAplfold on the
# PATH; several commands separated by ':' are each measured, e.g. ViennaRNA 2.1.9's and 2.4.18's;
# ViennaRNA < 2.4 has the same definition; it writes its files into a scratch folder),
# BASE (another seedscan binary, e.g. an earlier commit's, measured in the same run with -t 1,
# alternating with the new binary run by run so that changes of the machine's load fall on both).
# CPU time (user + sys) is the figure: wall time on a shared machine measures the other jobs too;
# both are printed, and with -t 2 the wall time shows the parallel speed-up only on an idle machine.
set -eu
BIN=${BIN:-./seedscan}
BD=${BENCHDIR:-build/bench}
SIZE=${FOLD_SIZE:-10M}
REPS=${REPS:-3}
THREADS=${THREADS:-1 2}
RNAPLFOLD=${RNAPLFOLD:-RNAplfold}
BASE=${BASE:-}
W=$(mktemp -d "${TMPDIR:-/tmp}/seedscan-fold.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
. bench/lib.sh

# one run of a command in sh -c: "wall cpu" in seconds appended to file $2
once() {
    s=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$W/t1" sh -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 1; }
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" '{ print e - s, $1 + $2 }' "$W/t1" >>"$2"
}
med() { cut -d' ' -f"$2" "$1" >"$W/col"; median_of "$W/col"; } # FILE COLUMN
# medians of REPS runs of a command, "wall cpu" into $W/res; with a second command, the two
# alternately, run by run (each first in turn), and the second's medians into $W/resb
run() {
    : >"$W/t"; : >"$W/tb"
    i=0
    while [ "$i" -lt "$REPS" ]; do
        if [ -n "${2:-}" ] && [ $((i % 2)) = 1 ]; then # the order swapped every run
            once "$2" "$W/tb"
            once "$1" "$W/t"
        else
            once "$1" "$W/t"
            if [ -n "${2:-}" ]; then once "$2" "$W/tb"; fi
        fi
        i=$((i + 1))
    done
    echo "$(med "$W/t" 1) $(med "$W/t" 2)" >"$W/res"
    if [ -n "${2:-}" ]; then echo "$(med "$W/tb" 1) $(med "$W/tb" 2)" >"$W/resb"; fi
}
bases() { awk '!/^>/ { n += length($0) } END { print n }' "$1"; }
row() { # what nt [file]: the last run's medians
    awk -v n="$2" -v what="$1" '{ printf "| %-40s | %10d | %8.2f | %8.2f | %9.0f |\n", what, n, $1, $2, n / $2 }' "${3:-$W/res}"
}

"$BD/gen" "$SIZE" 7 >"$W/gen.fa"
cp refs/hsa_3utr_collected.fa "$W/utr.fa"
echo "seedscan fold benchmark: $("$BIN" version)${BASE:+; BASE: $("$BASE" version)}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $REPS runs per figure, medians"
echo "| run | nt | wall s | CPU s | nt per CPU s |"
echo "|---|---:|---:|---:|---:|"
for set in utr gen; do
    n=$(bases "$W/$set.fa")
    : >"$W/lunp1"
    for t in $THREADS; do
        mkdir -p "$W/l"
        for how in "--lunp \"$W/l\"" "--tsv -c 14"; do
            what=$(echo "$how" | sed 's/ ".*//')
            if [ "$t" = 1 ] && [ -n "$BASE" ]; then # BASE alternating with the new binary
                run "\"$BIN\" fold $how -t 1 \"$W/$set.fa\"" "\"$BASE\" fold $how -t 1 \"$W/$set.fa\""
                row "seedscan fold $what ($set, -t 1)" "$n"
                if [ "$what" = --lunp ]; then cut -d' ' -f2 "$W/res" >"$W/lunp1"; fi
                row "BASE fold $what ($set, -t 1)" "$n" "$W/resb"
            else
                run "\"$BIN\" fold $how -t $t \"$W/$set.fa\""
                row "seedscan fold $what ($set, -t $t)" "$n"
                if [ "$t" = 1 ] && [ "$what" = --lunp ]; then cut -d' ' -f2 "$W/res" >"$W/lunp1"; fi
            fi
        done
        rm -rf "$W/l"
    done
    # each RNAplfold command, and seedscan's --lunp at -t 1 (the same output) against it
    echo "$RNAPLFOLD" | tr ':' '\n' >"$W/cmds"
    while IFS= read -r cmd; do
        if command -v "$cmd" >/dev/null 2>&1; then
            mkdir -p "$W/r"
            run "cd \"$W/r\" && \"$cmd\" -W 80 -L 40 -u 20 < ../$set.fa"
            row "$(basename "$cmd") -W 80 -L 40 -u 20 ($set)" "$n"
            [ -s "$W/lunp1" ] && awk -v s="$(cat "$W/lunp1")" -v what="$(basename "$cmd")" \
                '{ printf "| (seedscan fold --lunp -t 1: %.1fx %s by CPU) | | | | |\n", $2 / s, what }' "$W/res"
            rm -rf "$W/r"
        else
            echo "($cmd is not on the PATH: not measured in this run)"
        fi
    done <"$W/cmds"
done
