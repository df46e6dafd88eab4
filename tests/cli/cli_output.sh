#!/bin/sh
# cli_output.sh: -o FILE.gz is BGZF: on -t threads, at --level, the same bytes whatever -t, for every command writing -o.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_output.sh
# Independent references: the decompressed plain output, and htslib's own bgzip at the same level.
set -u
CLI_NAME=output
CLI_TAG="output: "
. tests/cli/clilib.sh
U=refs/hsa_3utr_collected.fa
H="-m refs/hsa_mature.v22.fa"
# is_bgzf FILE: BGZF's extra field (BC) in the first header and its 28-byte end-of-file block
# (both from the SAM specification, section 4.1)
is_bgzf() {
    [ "$(head -c 16 "$1" | od -An -tx1 | tr -d ' \n')" = "1f8b08040000000000ff060042430200" ] &&
    [ "$(tail -c 28 "$1" | od -An -tx1 | tr -d ' \n')" = "1f8b08040000000000ff0600424302001b0003000000000000000000" ]
}
# gz_same NAME PLAIN GZ: GZ is BGZF and decompresses to PLAIN
gz_same() {
    if is_bgzf "$3" && gzip -dc "$3" >"$T/dec" 2>"$T/err" && cmp -s "$2" "$T/dec"; then ok "$1"; else bad "$1"; fi
}

echo "# scan: -t and --level"
$SS scan $H $U >"$T/plain.tsv" 2>"$T/err" || bad "scan to stdout"
for t in 1 2 3; do
    $SS scan $H -t $t -o "$T/t$t.tsv.gz" $U 2>"$T/err" || bad "scan -t $t -o x.gz"
    gz_same "scan -t $t -o x.gz is BGZF of the plain output" "$T/plain.tsv" "$T/t$t.tsv.gz"
done
same "the BGZF blocks are the same bytes for -t 1 and -t 2" "$T/t1.tsv.gz" "$T/t2.tsv.gz"
same "... and for -t 3" "$T/t1.tsv.gz" "$T/t3.tsv.gz"
if command -v bgzip >/dev/null 2>&1; then
    bgzip -c "$T/plain.tsv" >"$T/bgzip.gz"
    same "default level: the bytes bgzip writes" "$T/bgzip.gz" "$T/t2.tsv.gz"
else bad "bgzip is missing (sh .ci/deps --test installs tabix)"; fi
for l in 0 1 9; do
    $SS scan $H -t 2 --level $l -o "$T/l$l.gz" $U 2>"$T/err" || bad "scan --level $l"
    gz_same "--level $l decompresses to the plain output" "$T/plain.tsv" "$T/l$l.gz"
    if command -v bgzip >/dev/null 2>&1; then
        bgzip -l $l -c "$T/plain.tsv" >"$T/bgzip$l.gz"
        same "--level $l: the bytes of bgzip -l $l" "$T/bgzip$l.gz" "$T/l$l.gz"
    fi
done
s0=$(wc -c <"$T/l0.gz"); s1=$(wc -c <"$T/l1.gz"); s9=$(wc -c <"$T/l9.gz"); sp=$(wc -c <"$T/plain.tsv")
[ "$s0" -gt "$sp" ] && [ "$s1" -lt "$s0" ] && [ "$s9" -lt "$s1" ] && ok "sizes: level 0 > plain > level 1 > level 9" \
    || bad "sizes $s0 $sp $s1 $s9"
$SS scan $H -s -t 2 --level 1 -o "$T/s.gz" $U 2>"$T/err"
$SS scan $H -s $U >"$T/s.tsv" 2>"$T/err"
gz_same "--summary -t 2 --level 1" "$T/s.tsv" "$T/s.gz"
TS=testdata/targetscan
$SS scan -f targetscan -m $TS/miR_Family_info_sample.txt $TS/UTR_Sequences_sample.txt >"$T/ts.txt" 2>"$T/err"
$SS scan -f targetscan -t 2 --level 3 -o "$T/ts.gz" -m $TS/miR_Family_info_sample.txt $TS/UTR_Sequences_sample.txt 2>"$T/err"
gz_same "-f targetscan -o x.gz --level 3" "$T/ts.txt" "$T/ts.gz"
for bad in 10 -1 x ""; do
    expect_fail "scan --level '$bad' is refused" "--level: '$bad' is not an integer from 0 to 9" $SS scan --level "$bad" $U
done
$SS scan $H --level 9 -o "$T/notgz.tsv" $U 2>"$T/err"
same "--level leaves a plain -o FILE plain" "$T/plain.tsv" "$T/notgz.tsv"

echo "# merge: shards written at other levels merge; -t and --level"
for i in 1 2 3; do $SS scan $H --shard $i/3 --level $i -o "$T/part$i.gz" $U 2>"$T/err"; done
$SS merge -t 2 --level 1 -o "$T/merged.gz" "$T/part1.gz" "$T/part2.gz" "$T/part3.gz" 2>"$T/err" || bad "merge -t 2 --level 1"
gz_same "merge of shards written at levels 1-3 = the single run" "$T/plain.tsv" "$T/merged.gz"
expect_fail "merge --level 10" "--level: '10'" $SS merge --level 10 "$T/part1.gz"
expect_fail "merge -t 0" "--threads: '0'" $SS merge -t 0 "$T/part1.gz"

echo "# expr, landscape, targetscan: -o x.gz"
E="-e testdata/seedmatchr_ttr_deseq2.tsv.gz --mirna hsa-miR-21-5p testdata/seedmatchr_ttr_utrs.fa.gz"
$SS expr $E >"$T/e.tsv" 2>"$T/err"
$SS expr --level 4 -o "$T/e.gz" --annotate "$T/a.gz" $E 2>"$T/err"
gz_same "expr -o x.gz --level 4" "$T/e.tsv" "$T/e.gz"
$SS expr --annotate "$T/a.tsv" $E >/dev/null 2>"$T/err"
gz_same "expr --annotate x.gz" "$T/a.tsv" "$T/a.gz"
expect_fail "expr --level 10" "--level: '10'" $SS expr --level 10 $E
awk -F'\t' 'NR > 1 { print $2 }' testdata/hsa_3utr_collected.index.tsv >"$T/ranked.txt"
L="--ranked $T/ranked.txt -k 6 --grow 20 $U"
$SS landscape $L >"$T/l.tsv" 2>"$T/err"
$SS landscape --level 9 -o "$T/l.gz" $L 2>"$T/err"
gz_same "landscape -o x.gz --level 9" "$T/l.tsv" "$T/l.gz"
$SS targetscan bins $TS/UTR_Sequences_sample.txt >"$T/b.txt" 2>"$T/err"
$SS targetscan bins --level 2 -o "$T/b.gz" $TS/UTR_Sequences_sample.txt 2>"$T/err"
gz_same "targetscan bins -o x.gz --level 2" "$T/b.txt" "$T/b.gz"
expect_fail "targetscan --level 10" "--level: '10'" $SS targetscan bins --level 10 $TS/UTR_Sequences_sample.txt

cli_finish
