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
cli_finish
