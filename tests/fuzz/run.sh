#!/bin/sh
# run.sh DIR SECONDS: run each fuzz target in DIR for SECONDS over its committed corpus
# (tests/fuzz/corpus/NAME/, read only: new inputs go to a scratch folder); fail on any finding.
# libFuzzer runs every corpus input whole (no -max_len: the largest input sets it) before it
# mutates for the rest of the time; a run that executed fewer units than the corpus holds fails.
dir=$1 secs=${2:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssc_fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
for bin in "$dir"/fuzz_*; do
    [ -x "$bin" ] || continue
    name=${bin##*/fuzz_}
    corpus=tests/fuzz/corpus/$name
    mkdir -p "$tmp/$name"
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$tmp/$name-" "$tmp/$name" "$corpus" > "$tmp/$name.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name.log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$name.log")
        n=$(ls "$corpus" | wc -l)
        if [ "${runs:-0}" -ge "$n" ]; then echo "ok   fuzz $name: $n corpus inputs, $runs runs, $rate/s"
        else fail=1; echo "FAIL fuzz $name: $n corpus inputs but ${runs:-no} runs"; fi
    else
        fail=1
        echo "FAIL fuzz $name (log and input below)"
        grep -E "ERROR|SUMMARY|runtime error|Test unit written|^whole" "$tmp/$name.log" | head -8 | sed 's/^/     | /'
    fi
done
[ $fail -eq 0 ] && echo "fuzz: every target ran clean" || echo "fuzz: FAILED"
exit $fail
