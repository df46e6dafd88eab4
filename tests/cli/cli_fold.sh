#!/bin/sh
# cli_fold.sh: CLI tests of seedscan fold: RNAplfold's _lunp files byte for byte, the table, threads, stdin/gzip, errors.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_fold.sh
set -u
LC_ALL=C
export LC_ALL
D=testdata/thermo/plfold
CLI_NAME=fold
. tests/cli/clilib.sh

mkdir "$T/l1" "$T/l2" "$T/l3"
gzip -dc $D/NLRP1.10116_lunp.gz >"$T/NLRP1.10116_lunp.exp"
gzip -dc $D/SP1_lunp.vienna-2.1.9.gz >"$T/SP1_lunp.exp"
sed 's/^>.*/>ENSG00000185591|SP1 3p UTR/' $D/SP1.fa >"$T/sp1.fa"
cat $D/NLRP1.10116.fa "$T/sp1.fa" >"$T/two.fa"
gzip -c "$T/two.fa" >"$T/two.fa.gz"
$SS fold --lunp "$T/l1" "$T/two.fa" 2>"$T/err"
same "fold --lunp: TargetScan's sample file byte for byte" "$T/NLRP1.10116_lunp.exp" "$T/l1/NLRP1.10116_lunp"
same "fold --lunp: RNAplfold 2.1.9's panel file byte for byte, '|' written as '_'" "$T/SP1_lunp.exp" \
    "$T/l1/ENSG00000185591_SP1_lunp"
$SS fold --lunp "$T/l2" -t 2 - <"$T/two.fa.gz" 2>"$T/err"
same "fold: gzip on stdin, 2 threads" "$T/l1/ENSG00000185591_SP1_lunp" "$T/l2/ENSG00000185591_SP1_lunp"
$SS fold --tsv -c 14 "$T/two.fa" >"$T/t1" 2>"$T/err"
$SS fold --tsv -c 14 -t 2 -o "$T/t2" "$T/two.fa.gz" 2>"$T/err"
same "fold --tsv: the same table for any -t" "$T/t1" "$T/t2"
cut -f15 "$T/l1/NLRP1.10116_lunp" | sed -n '3,$p' >"$T/col14"
grep '^NLRP1' "$T/t1" | cut -f3 >"$T/tsv14"
same "fold --tsv -c 14: the _lunp file's column 14" "$T/col14" "$T/tsv14"
expect_fail "fold: --lunp and --tsv together are an error" "one of --lunp DIR and --tsv" \
    $SS fold --tsv --lunp "$T/l3" "$T/two.fa"
expect_fail "fold: -L larger than -W is an error" "span -L" $SS fold --tsv -W 30 -L 40 "$T/two.fa"
expect_fail "fold: a missing directory is an error" "not a directory" $SS fold --lunp "$T/nope" "$T/two.fa"
printf '>a\nACGUACGUAGGGAAACCCU\n>b\nACGU@ACGU\n' >"$T/bad.fa"
expect_fail "fold: a bad letter is an error naming the record" "'b'" $SS fold --lunp "$T/l3" "$T/bad.fa"
if [ -z "$(ls "$T/l3")" ]; then ok "fold: no files are left after an error"; else bad "fold: files left after an error"; fi
# --shard I/N: the shards' tables concatenated are the single run's table; with --lunp the
# shards together write the single run's files; a stdin input or --shard-by alone is refused.
awk '!/^>/ { s = s $0 } END { for (k = 1; k <= 7; k++) printf ">r%d\n%s\n", k, substr(s, 1 + 9 * k, 40 + 23 * k) }' \
    "$T/sp1.fa" >"$T/seven.fa"
$SS fold --tsv -c 1,14 "$T/seven.fa" >"$T/s0" 2>"$T/err"
: >"$T/scat"
for i in 1 2 3; do $SS fold --tsv -c 1,14 -t 2 --shard $i/3 "$T/seven.fa" >>"$T/scat" 2>"$T/err"; done
same "fold --shard 1..3/3: the shards' tables concatenated are the single run's" "$T/s0" "$T/scat"
: >"$T/scat"
for i in 1 2; do $SS fold --tsv -c 1,14 --shard $i/2 --shard-by records "$T/seven.fa" >>"$T/scat" 2>"$T/err"; done
same "fold --shard-by records: the same concatenation" "$T/s0" "$T/scat"
if [ "$($SS fold --tsv --shard 2/2 "$T/seven.fa" | head -1 | cut -f1)" = r6 ]; then
    ok "fold --shard 2/2: no header line, its first record first"
else bad "fold --shard 2/2 wrote a header line"; fi
mkdir "$T/ls0" "$T/ls1"
$SS fold --lunp "$T/ls0" "$T/seven.fa" 2>"$T/err"
for i in 1 2 3; do $SS fold --lunp "$T/ls1" --shard $i/3 "$T/seven.fa" 2>"$T/err"; done
if diff -r "$T/ls0" "$T/ls1" >/dev/null && [ "$(ls "$T/ls1" | wc -l)" -eq 7 ]; then
    ok "fold --lunp --shard: the three shards write the single run's seven files"
else bad "fold --lunp --shard: files differ from the single run's"; fi
mkdir "$T/ls2" && $SS fold --lunp "$T/ls2" --shard 2/3 "$T/seven.fa" 2>"$T/err"
if [ "$(ls "$T/ls2" | wc -l)" -gt 0 ] && [ "$(ls "$T/ls2" | wc -l)" -lt 7 ]; then
    ok "fold --lunp --shard 2/3: only its own records' files"
else bad "fold --lunp --shard 2/3 wrote $(ls "$T/ls2" | wc -l) files"; fi
expect_fail "fold --shard on stdin is an error" "not stdin" $SS fold --tsv --shard 1/2 - <"$T/seven.fa"
expect_fail "fold --shard-by without --shard is an error" "give --shard too" $SS fold --tsv --shard-by records "$T/seven.fa"
expect_fail "fold --shard 3/2 is an error" "is not I/N" $SS fold --tsv --shard 3/2 "$T/seven.fa"
cli_finish
