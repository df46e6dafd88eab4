# lib.sh: helpers shared by the benchmark scripts (sourced; POSIX sh). Needs W (scratch folder),
# BD (the folder of bench/rss) and REPS.

# median of the numbers in a file
median_of() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# median of REPS wall times of a command (its stdout discarded), in seconds; the CPU times
# (user + system) of the same runs are kept for cpu_median
median() {
    i=0
    : >"$W/times"
    : >"$W/cputimes"
    while [ $i -lt "$REPS" ]; do
        "$BD/rss" "$@" >/dev/null 2>>"$W/raw" || { echo "command failed: $*" >&2; tail -3 "$W/raw" >&2; exit 1; }
        tail -1 "$W/raw" | cut -d' ' -f1 >>"$W/times"
        tail -1 "$W/raw" | cut -d' ' -f3 >>"$W/cputimes"
        i=$((i + 1))
    done
    median_of "$W/times"
}
# median CPU seconds of the runs of the last median call
cpu_median() { median_of "$W/cputimes"; }
