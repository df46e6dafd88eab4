#!/bin/sh
# cli_inputs.sh: the mistakes new users make (files swapped, the wrong kind of file, options a format ignores) and the messages that guide them.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_inputs.sh
# Fixtures: refs/ (miRBase 22 human mature miRNAs, human 3'UTRs), testdata/mirbase_hairpin_sample.fa
# (two miRBase 22 stem-loops), testdata/uniprot_P60484_pten.fa (UniProt PTEN), testdata/ tables.
set -u
CLI_NAME=inputs
CLI_TAG="inputs: "
. tests/cli/clilib.sh
UTR=refs/hsa_3utr_collected.fa
MIR=refs/hsa_mature.v22.fa
HP=testdata/mirbase_hairpin_sample.fa
PROT=testdata/uniprot_P60484_pten.fa
TTR_T=testdata/seedmatchr_ttr_deseq2.tsv.gz
TTR_U=testdata/seedmatchr_ttr_utrs.fa.gz
FLY_T=testdata/fly_s2_log2fc.tsv.gz
FLY_U=testdata/sylamer_fly_miR1_utrs.fa.gz
# fails_clean NAME MESSAGE CMD...: exit 1, MESSAGE on stderr, nothing on stdout
fails_clean() {
    name=$1 msg=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ $st -eq 1 ] && grep -qF -- "$msg" "$T/err" && [ ! -s "$T/out" ]; then ok "$name"; else bad "$name (status $st)"; fi
}
# warns NAME MESSAGE CMD...: exit 0 and MESSAGE on stderr as a warning
warns() {
    name=$1 msg=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ $st -eq 0 ] && grep -F -- "$msg" "$T/err" | grep -q "warning"; then ok "$name"; else bad "$name (status $st)"; fi
}

echo "# the fixtures are what they claim: the mature miRNAs lie inside their miRBase stem-loops"
for m in hsa-let-7a-5p hsa-miR-21-5p; do
    seq=$(awk -v n=">$m" '$1 == n { getline; print; exit }' $MIR)
    if [ -n "$seq" ] && grep -q "$seq" $HP; then ok "$m is in its hairpin"; else bad "$m is in its hairpin"; fi
done

echo "# miRNA and target files swapped, -m forgotten, the wrong kind of file"
fails_clean "UTR file and -m file swapped: an error that says so" "Were the -m file and the UTR file swapped?" \
    $SS scan -m $UTR $MIR
fails_clean "-m forgotten: a miRNA FASTA scanned as targets is an error" \
    "$MIR looks like miRNAs, not targets: its first 2656 records are 16-28 nt and named like miRNAs" $SS scan $MIR
fails_clean "... and says what to do" "Give miRNAs with -m FILE" $SS scan $MIR
awk '/^>/ { n++ } n <= 3' $MIR >"$T/three.fa"
fails_clean "... also when the whole file is three miRNAs" "its 3 records are 21-22 nt" $SS scan --mirna hsa-miR-21-5p "$T/three.fa"
sed 's/^>hsa-[a-zA-Z]*-/>probe-/' "$T/three.fa" >"$T/probes.fa"
warns "short targets not named like miRNAs: a warning only" "all its 3 records are at most 30 nt" \
    $SS scan --mirna hsa-miR-21-5p "$T/probes.fa"
fails_clean "a hairpin (precursor) FASTA as miRNAs" "holds miRNA precursors (hairpins), not mature miRNAs: 'hsa-let-7a-1' is 80 nt" \
    $SS scan -m $HP $UTR
awk '/^>/ { print ">s" ++n; next } { print }' $HP >"$T/long.fa"
fails_clean "60+ nt 'miRNAs' without precursor names: not miRNAs" "long.fa does not look like miRNAs: 's1' is 80 nt" \
    $SS scan -m "$T/long.fa" $UTR
awk '/^>/ { print; next } { print $0 "ACGUACGUACGU" }' "$T/three.fa" >"$T/long30.fa"
warns "31-59 nt miRNAs: a warning" "is 34 nt, longer than a mature miRNA" $SS scan -m "$T/long30.fa" $UTR
fails_clean "a protein FASTA as targets" "record 'sp|P60484|PTEN_HUMAN' is not a nucleotide sequence" $SS scan $PROT
fails_clean "a protein FASTA as miRNAs" "a protein FASTA? -m takes mature miRNA sequences" $SS scan -m $PROT $UTR
: >"$T/empty.fa"
fails_clean "an empty FASTA as targets" "empty.fa: no FASTA records" $SS scan --mirna hsa-miR-21-5p "$T/empty.fa"
printf '\n\n' | gzip -c >"$T/blank.fa.gz"
fails_clean "a gzip file of blank lines as targets" "blank.fa.gz: no FASTA records" $SS scan --mirna hsa-miR-21-5p "$T/blank.fa.gz"
fails_clean "an empty FASTA as miRNAs" "empty.fa: no FASTA records" $SS scan -m "$T/empty.fa" $UTR
$SS scan -m $UTR $MIR -o "$T/swapped.tsv" 2>"$T/err"
if [ ! -e "$T/swapped.tsv" ]; then ok "no -o file after such an error"; else bad "no -o file after such an error"; fi
fails_clean "expr: a miRNA FASTA as UTRs" "looks like miRNAs, not targets" $SS expr -e $TTR_T $MIR
fails_clean "landscape: a protein FASTA as UTRs" "not a nucleotide sequence" $SS landscape -e $TTR_T $PROT

echo "# expression tables that are not tables"
fails_clean "expr -e UTRS TABLE (swapped)" "seedmatchr_ttr_utrs.fa.gz is FASTA, not an expression table: give the table with -e TABLE" \
    $SS expr -e $TTR_U $TTR_T
fails_clean "landscape -e UTRS TABLE (swapped)" "is FASTA, not an expression table" $SS landscape -e $TTR_U $TTR_T
zcat $TTR_T | sed 's/\./,/g; s/\t/;/g' >"$T/eu.csv"
fails_clean "a European CSV (';' and decimal commas)" "fields separated by ';' (a CSV saved with a European locale?)" \
    $SS expr -e "$T/eu.csv" $TTR_U
fails_clean "landscape: a European CSV" "fields separated by ';'" $SS landscape -e "$T/eu.csv" $TTR_U
zcat $TTR_T | awk -F'\t' 'NR > 1 { print $1 }' >"$T/ids.txt"
fails_clean "expr: an ID list given to -e" "has a single column ('ENSRNOG00000016275')" $SS expr -e "$T/ids.txt" $TTR_U
fails_clean "landscape: an ID list given to -e points to --ranked" "give a ranked ID list with --ranked $T/ids.txt instead" \
    $SS landscape -e "$T/ids.txt" $TTR_U
fails_clean "landscape --ranked UTRS" "is FASTA, not a ranked ID list" $SS landscape --ranked $TTR_U $TTR_U
$SS landscape -q --ranked "$T/ids.txt" --words ACATTCC $TTR_U >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ -s "$T/out" ] && ok "the ID list with --ranked is fine" || bad "the ID list with --ranked is fine"

echo "# no ID in common: a few IDs from each side"
fails_clean "expr: symbols against gene IDs" "only 0 rows of $TTR_T matched a target (0.0% < --min-match 50%): no ID in common" \
    $SS expr -e $TTR_T --id-col symbol --mirna hsa-miR-21-5p $TTR_U
grep -qF "IDs in $TTR_T (column 'symbol'): 'Ttr', 'Kpna6', 'Aplp2'" "$T/err" && ok "... the table's first IDs" || bad "... the table's first IDs"
grep -qF "IDs in $TTR_U: 'ENSRNOG00000016275', 'ENSRNOG00000000127', 'ENSRNOG00000047179'" "$T/err" &&
    ok "... the UTR file's first IDs" || bad "... the UTR file's first IDs"
fails_clean "landscape: fly table against rat UTRs" "IDs in $FLY_T (column 'id'): 'FBgn0000018'" \
    $SS landscape -e $FLY_T --value-col miR1 $TTR_U

cli_finish
