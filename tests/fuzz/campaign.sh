#!/bin/sh
# campaign.sh DIR OUT TARGET:SECONDS...: run fuzz targets one after the other (one process, no -jobs),
# each for SECONDS from its committed corpus, and print a README campaign row per target.
# New inputs go to OUT/NAME (the committed corpus stays as it is); findings to OUT/NAME-crash-*.
# Each target's -max_len is below (the campaign's, not the smoke run's: make check replays every
# corpus input whole). Run it niced on a shared machine: nice -n 19 sh tests/fuzz/campaign.sh ...
dir=$1 out=$2
shift 2
mkdir -p "$out" || exit 1
# Longest input the mutator makes: a few kB reach every branch of a line-oriented parser; the
# multi-file targets (six files, three shards, trees, parameter files) get more.
max_len() {
    case $1 in
    context|thermo_params|newick|tsbl|merge) echo 16384 ;;
    *) echo 4096 ;;
    esac
}
for arg in "$@"; do
    name=${arg%%:*} secs=${arg#*:}
    mkdir -p "$out/$name"
    log=$out/$name.log
    "$dir/fuzz_$name" -max_total_time="$secs" -max_len="$(max_len "$name")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$name-" \
        "$out/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
    st=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
    new=$(ls "$out/$name" | wc -l)
    res=clean
    [ $st -eq 0 ] || res="FINDING (status $st, see $log)"
    echo "| \`$name\` | $runs | $rate | $secs | $rss | $new | $res |"
done
