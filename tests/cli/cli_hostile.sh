#!/bin/sh
# cli_hostile.sh: CLI regression tests of the fuzz and hostile-input findings F1-F16 (tests/fuzz/README.md).
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_hostile.sh
# Each case failed (crash, silent wrong result, or wrong message) before its fix.
set -u
LC_ALL=C
export LC_ALL
TS=testdata/targetscan
CLI_NAME=hostile
. tests/cli/clilib.sh
UTR=refs/panel_target_utrs.fa
M21="--mirna hsa-miR-21-5p"
CTX_REST="$TS/ORF_Sequences_sample.lengths.txt $TS/ORF_8mer_counts_sample.txt"

echo "# F1, F2: expression tables whose first line has no or one column"
ids=$(grep '^>' $UTR | head -2 | cut -c2- | cut -d'|' -f1)
printf '   \n%s 1.5\n%s -0.3\n' $ids >"$T/blank1.txt"
if $SS expr $M21 -e "$T/blank1.txt" $UTR >"$T/out" 2>"$T/err"; then ok "F1: a blank first line is skipped"
else bad "F1: a blank first line is skipped (status $?)"; fi
printf '\0\nNM_1 1.5\nNM_2 -0.3\n' >"$T/nul1.txt"
expect_fail "F1: a NUL byte in a table is an error with its line" "nul1.txt:1: the line contains a NUL byte" \
    $SS expr $M21 -e "$T/nul1.txt" $UTR
printf 'gene_name\nNM_1\nNM_2\n' >"$T/onecol.txt"
expect_fail "F2: an ID list with a header: no value column" "onecol.txt: no value column (the header has 1 column" \
    $SS expr $M21 -e "$T/onecol.txt" $UTR
printf 'gene_name\nNM_1 1.5 x\nNM_2 -1 y\n' >"$T/onecol3.txt"
expect_fail "F2: one header column, wider rows: no value column" "no value column" \
    $SS expr $M21 -e "$T/onecol3.txt" $UTR
expect_fail "F2: the same through landscape" "no value column" $SS landscape -e "$T/onecol.txt" $UTR

echo "# F8: BGZF cut at a block boundary"
if command -v bgzip >/dev/null 2>&1; then
    bgzip -c refs/hsa_3utr_collected.fa >"$T/full.fa.gz"
    # the first block's size is BSIZE + 1 (bytes 16-17, little-endian)
    b=$(od -An -tu1 -j16 -N2 "$T/full.fa.gz" | awk '{ print $1 + 256 * $2 + 1 }')
    head -c "$b" "$T/full.fa.gz" >"$T/cut.fa.gz"
    expect_fail "F8: scan reports the missing EOF marker" "BGZF EOF marker missing" $SS scan -s $M21 "$T/cut.fa.gz"
    expect_fail "F8: also from stdin" "BGZF EOF marker missing" sh -c "$SS scan -s $M21 - <'$T/cut.fa.gz'"
    bgzip -c "$T/blank1.txt" >"$T/t.gz"
    b=$(od -An -tu1 -j16 -N2 "$T/t.gz" | awk '{ print $1 + 256 * $2 + 1 }')
    head -c "$b" "$T/t.gz" >"$T/tcut.gz"
    expect_fail "F8: a table without its EOF marker is an error" "truncated" $SS expr $M21 -e "$T/tcut.gz" $UTR
    $SS scan -s $M21 refs/hsa_3utr_collected.fa >"$T/plain.sum" 2>/dev/null
    expect_out "F8: the whole BGZF file reads as the plain one" "$T/plain.sum" $SS scan -s $M21 "$T/full.fa.gz"
else
    echo "skip F8: bgzip not found (sh .ci/deps --test installs tabix)"
fi

echo "# F13: a stale .fai is named"
printf 'a\t4\t3\t4\t5\nb\t4\t11\t4\t5\n' >"$T/stale.fa.fai"
printf 'xx>a\nACGT\n>b\nACGT\n' >"$T/stale.fa" # edited after indexing: offsets now 2 bytes off
expect_fail "F13: a stale .fai is named as the likely cause" "at byte 8, where its .fai index puts a record: is the index out of date?" \
    $SS scan $M21 --shard 2/2 "$T/stale.fa"

echo "# F15: a large panel loads in linear time"
awk 'BEGIN { OFS = "\t"; print "review_name", "mirbase_id", "accession", "sequence", "seed", "resistance", "targets", "review_refs"
             for (i = 1; i <= 100000; i++) print "miR-x" i, "hsa-miR-x" i "-5p", "MIMATX" i, "UGGCAGUGUCUUAGCUGGUUGU", "GGCAGUG", "drug" i ";cisplatin", "PTEN", "1" }' \
    >"$T/big_panel.tsv"
# quadratic checks took minutes here (17.8 s for 50,000 rows); the limit is far from both
if timeout 120 $SS panel -p "$T/big_panel.tsv" >"$T/out" 2>"$T/err" && [ "$(wc -l <"$T/out")" -gt 100000 ]; then
    ok "F15: 100,000 panel rows load (duplicate checks by hash)"
else bad "F15: 100,000 panel rows load"; fi
{ head -3 "$T/big_panel.tsv"; sed -n 2p "$T/big_panel.tsv" | sed 's/MIMATX1/mimatx77/; s/-5p/-5P/'; } >"$T/dup_panel.tsv"
expect_fail "F15: a duplicate in any case is still found" "duplicate mirbase_id 'hsa-miR-x1-5P' (first on line 2)" \
    $SS panel -p "$T/dup_panel.tsv"

echo "# F16: control characters in --mirna NAME=SEQ"
expect_fail "F16: a tab in NAME is refused" "control character" $SS scan --mirna "$(printf 'a\tb')=UAGCUUAUCAGACUGAUGUUGA" $UTR
expect_fail "F16: a line break in NAME is refused" "control character" $SS scan --mirna "$(printf 'a\nb')=UAGCUUAUCAGACUGAUGUUGA" $UTR

cli_finish
