# clilib.sh: helpers shared by the CLI test scripts (sourced; POSIX sh).
# Set CLI_NAME (the tag of the output lines) before sourcing; the caller runs from the top
# directory with SEEDSCAN="[wrapper] path/to/seedscan". Provides $SS, a scratch folder $T
# removed on exit, and ok/bad/same/expect_out/expect_fail/merge_shards/cli_finish.
SS=${SEEDSCAN:-./seedscan}
T=$(mktemp -d "${TMPDIR:-/tmp}/ssc_cli_${CLI_NAME:-cli}.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   ${CLI_TAG:-}$1"; }
bad() {
    fail=$((fail + 1)); echo "FAIL ${CLI_TAG:-}$1"
    [ -s "$T/err" ] && sed 's/^/     | /' "$T/err" | head -5
    return 0
}
# same NAME EXPECTED GOT: the files are equal byte for byte
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff "$2" "$3" | head -6 | sed 's/^/     > /'; fi
}
# expect_out NAME EXPECTED CMD...: exit status 0 and stdout equal to the file EXPECTED
expect_out() {
    name=$1 exp=$2; shift 2
    if "$@" >"$T/out" 2>"$T/err" && cmp -s "$T/out" "$exp"; then ok "$name"
    else bad "$name"; diff "$exp" "$T/out" | head -6 | sed 's/^/     > /'; fi
}
# expect_fail NAME MESSAGE CMD...: exit status 1 and MESSAGE in stderr
expect_fail() {
    name=$1 msg=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ $st -eq 1 ] && grep -qF -- "$msg" "$T/err"; then ok "$name"; else bad "$name (status $st)"; fi
}
# merge_shards N OUT CMD...: run CMD --shard i/N for i = 1..N (stdout to $T/shard.i), then
# `seedscan merge` of the N outputs into OUT
merge_shards() {
    n=$1 out=$2; shift 2
    files=
    i=1
    while [ $i -le "$n" ]; do
        "$@" --shard $i/"$n" >"$T/shard.$i" 2>"$T/err"
        files="$files $T/shard.$i"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    $SS merge $files >"$out" 2>"$T/err"
}
# cli_finish: the closing line and the status
cli_finish() {
    echo "${CLI_NAME:-cli}: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
