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
    "$MIR looks like miRNAs, not targets: its first 200 records are 20-25 nt and named like miRNAs" $SS scan $MIR
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
# stdin is read once: checked as it streams past, judged at the end (no -o file then)
expect_fail "stdin: a miRNA FASTA piped in as targets" "stdin looks like miRNAs, not targets: its first 200 records" \
    sh -c "cat $MIR | $SS scan -o '$T/piped.tsv' -"
if [ ! -e "$T/piped.tsv" ]; then ok "... and no -o file"; else bad "... and no -o file"; fi
expect_fail "stdin: a protein FASTA piped in" "stdin: record 'sp|P60484|PTEN_HUMAN' is not a nucleotide sequence" \
    sh -c "cat $PROT | $SS scan -"
warns "stdin: nothing piped in is a warning only" "stdin: no FASTA records" sh -c ": | $SS scan --mirna hsa-miR-21-5p -"
# a FIFO (as bash's <(...) gives) is read once: nothing may peek at it first
# (a reader that opens it twice waits forever for a second writer: bounded by timeout)
TO=$(command -v timeout >/dev/null 2>&1 && echo "timeout 300")
mkfifo "$T/utr.fifo"
$TO sh -c "cat $UTR >'$T/utr.fifo'" &
$TO $SS scan --mirna hsa-miR-21-5p "$T/utr.fifo" >"$T/fifo.out" 2>"$T/err"
wait
$SS scan --mirna hsa-miR-21-5p $UTR >"$T/file.out" 2>"$T/err"
if [ "$(wc -l <"$T/file.out")" -gt 1 ] && cmp -s "$T/file.out" "$T/fifo.out"; then ok "targets from a FIFO = from the file"
else bad "targets from a FIFO = from the file"; fi
fails_clean "expr: a miRNA FASTA as UTRs" "looks like miRNAs, not targets" $SS expr -e $TTR_T $MIR
fails_clean "landscape: a protein FASTA as UTRs" "not a nucleotide sequence" $SS landscape -e $TTR_T $PROT
fails_clean "panel --report: a miRNA FASTA as UTRs" "looks like miRNAs, not targets" $SS panel --report $MIR

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

echo "# the same mistakes on stdin ('-'): its head is looked at, then put back in front of the rest"
zcat $TTR_U | fails_clean "expr -e - (UTRs piped in as the table)" \
    "stdin is FASTA, not an expression table: give the table with -e TABLE" $SS expr -e - $TTR_T
fails_clean "landscape --ranked - (UTRs on stdin, a regular file)" "stdin is FASTA, not a ranked ID list" \
    $SS landscape --ranked - $TTR_U <$TTR_U
gzip -c "$T/eu.csv" | fails_clean "a European CSV piped in (gzip)" "stdin: fields separated by ';'" $SS expr -e - $TTR_U
fails_clean "landscape: a European CSV on stdin" "stdin: fields separated by ';'" $SS landscape -e - $TTR_U <"$T/eu.csv"
cat "$T/ids.txt" | fails_clean "expr: an ID list piped in as -e -" "stdin has a single column ('ENSRNOG00000016275')" \
    $SS expr -e - $TTR_U
cat "$T/ids.txt" | fails_clean "landscape: an ID list piped in as -e - points to --ranked" \
    "give a ranked ID list with --ranked - instead" $SS landscape -e - $TTR_U
cat $MIR | fails_clean "expr: a miRNA FASTA piped in as UTRs" "stdin looks like miRNAs, not targets: its first 200 records" \
    $SS expr -e $TTR_T -
gzip -c $PROT | fails_clean "landscape: a protein FASTA piped in as UTRs (gzip)" "stdin: record 'sp|P60484|PTEN_HUMAN' is not a nucleotide" \
    $SS landscape -e $TTR_T -
zcat $TTR_T | fails_clean "expr -e - -: stdin given twice" "stdin ('-') is read once and is already the expression table" \
    $SS expr -e - -
# what was looked at is still read: 1.5 MB of UTRs (more than the head) piped in = the file
s=ACGTTGCATGCA
for k in 1 2 3 4 5 6 7 8 9; do s=$s$s; done
awk -v s=$s 'BEGIN { for (i = 0; i < 250; i++) printf ">pad%d\n%s\n", i, s }' >"$T/big.fa"
zcat $TTR_U >>"$T/big.fa"
$SS expr -q -e $TTR_T "$T/big.fa" >"$T/file.out" 2>"$T/err"
for how in plain gzip; do
    if [ $how = gzip ]; then gzip -c "$T/big.fa"; else cat "$T/big.fa"; fi | $SS expr -q -e $TTR_T - >"$T/pipe.out" 2>"$T/err"
    if [ "$(wc -l <"$T/file.out")" -gt 1 ] && cmp -s "$T/file.out" "$T/pipe.out"; then ok "expr: UTRs piped in ($how, 1.5 MB) = the file"
    else bad "expr: UTRs piped in ($how, 1.5 MB) = the file"; fi
done
zcat $TTR_T | $SS expr -q -e - "$T/big.fa" >"$T/pipe.out" 2>"$T/err"
cmp -s "$T/file.out" "$T/pipe.out" && ok "expr: the table piped in = the file" || bad "expr: the table piped in = the file"
# stdin a regular file whose start was read by someone else: put back where it was, not at 0
{ echo "not a table line"; zcat $TTR_T; } >"$T/after1.tsv"
(read -r skip; $SS expr -q -e - "$T/big.fa") <"$T/after1.tsv" >"$T/pipe.out" 2>"$T/err"
cmp -s "$T/file.out" "$T/pipe.out" && ok "expr: stdin a file at an offset: read from there" || bad "expr: stdin a file at an offset: read from there"
$SS landscape -q -e $TTR_T --words ACATTCC "$T/big.fa" >"$T/file.out" 2>"$T/err"
$SS landscape -q -e $TTR_T --words ACATTCC - <"$T/big.fa" >"$T/pipe.out" 2>"$T/err"
if [ -s "$T/file.out" ] && cmp -s "$T/file.out" "$T/pipe.out"; then ok "landscape: UTRs on stdin (a regular file) = the file"
else bad "landscape: UTRs on stdin (a regular file) = the file"; fi

echo "# no ID in common: a few IDs from each side"
fails_clean "expr: symbols against gene IDs" "only 0 rows of $TTR_T matched a target (0.0% < --min-match 50%): no ID in common" \
    $SS expr -e $TTR_T --id-col symbol --mirna hsa-miR-21-5p $TTR_U
grep -qF "IDs in $TTR_T (column 'symbol'): 'Ttr', 'Kpna6', 'Aplp2'" "$T/err" && ok "... the table's first IDs" || bad "... the table's first IDs"
grep -qF "IDs in $TTR_U: 'ENSRNOG00000016275', 'ENSRNOG00000000127', 'ENSRNOG00000047179'" "$T/err" &&
    ok "... the UTR file's first IDs" || bad "... the UTR file's first IDs"
fails_clean "landscape: fly table against rat UTRs" "IDs in $FLY_T (column 'id'): 'FBgn0000018'" \
    $SS landscape -e $FLY_T --value-col miR1 $TTR_U

echo "# options a format or a mode does not use are errors, never ignored"
M21="--mirna hsa-miR-21-5p"
ALN=testdata/targetscan/UTR_Sequences_sample.txt
fails_clean "scan -f targetscan --strand both" "--strand both is not supported with --format targetscan" $SS scan -f targetscan --strand both $M21 $UTR
fails_clean "scan -f targetscan --strand minus" "--strand minus is not supported with --format targetscan" $SS scan -f targetscan --strand minus $M21 $UTR
fails_clean "scan of TargetScan alignments --strand both" "not supported with TargetScan alignment input ($ALN)" $SS scan --strand both $M21 $ALN
fails_clean "scan --compat targetscan7 --strand both" "--strand both is not supported" $SS scan --compat targetscan7 --strand both $M21 $UTR
fails_clean "scan -f targetscan --shard on stdin" "--shard needs input files, not stdin" sh -c "cat $UTR | $SS scan -f targetscan --shard 1/2 $M21 -"
fails_clean "scan -f targetscan --piece" "--piece is not supported with --format targetscan" $SS scan -f targetscan --piece 1000 $M21 $UTR
fails_clean "scan -f targetscan --strict-ids" "--strict-ids is not supported" $SS scan -f targetscan --strict-ids $M21 $UTR
fails_clean "scan -f targetscan --types" "--types is not supported with --format targetscan" $SS scan -f targetscan --types all $M21 $UTR
fails_clean "scan --shard-by without --shard" "give --shard too" $SS scan --shard-by records $M21 $UTR
fails_clean "scan --species-id without -f targetscan" "it applies to --format targetscan only" $SS scan --species-id 10090 $M21 $UTR
fails_clean "scan --compat targetscan7 -f bed" "cannot be combined with --format tsv or bed" $SS scan --compat targetscan7 -f bed $M21 $UTR
fails_clean "scan --species with the default panel" "the panel (the default set) has no species to select" $SS scan --species mmu $UTR
$SS scan -f targetscan --strand plus $M21 $UTR >"$T/out" 2>"$T/err" && [ -s "$T/out" ] && ok "scan -f targetscan --strand plus is fine" || bad "scan -f targetscan --strand plus is fine"
fails_clean "expr --summary-in with -m" "-m does not apply to --summary-in" $SS expr -e $TTR_T --summary-in $TTR_T -m $MIR
fails_clean "expr --summary-in with --types" "--types does not apply to --summary-in" $SS expr -e $TTR_T --summary-in $TTR_T --types all
fails_clean "expr --all-families with --mirna" "cannot be combined with --mirna" $SS expr -e $TTR_T -m $MIR --all-families $M21 $TTR_U
fails_clean "expr --svg-class without --svg" "give --svg FILE too" $SS expr -e $TTR_T --svg-class any $M21 $TTR_U
fails_clean "expr --species with the default panel" "has no species to select" $SS expr -e $TTR_T --species rno $TTR_U
fails_clean "landscape --ranked with --direction" "--direction applies to an expression table (-e)" $SS landscape --ranked "$T/ids.txt" --direction up $TTR_U
fails_clean "landscape --ranked with --value-col" "--value-col applies to an expression table" $SS landscape --ranked "$T/ids.txt" --value-col 2 $TTR_U
fails_clean "landscape --mirnas without --mirna" "give --mirna NAME too" $SS landscape -e $TTR_T --mirnas $MIR $TTR_U
fails_clean "landscape --seed without --perm" "give --perm INT too" $SS landscape -e $TTR_T --seed 7 $TTR_U
fails_clean "panel --top without --report" "--top applies to --report" $SS panel --top 3
fails_clean "panel --types without --report" "--types applies to --report" $SS panel --types all
fails_clean "targetscan orf --lunp" "--lunp does not apply to the orf step" $SS targetscan orf --lunp x a b
fails_clean "targetscan bins --species-id" "--species-id does not apply to the bins step" $SS targetscan bins --species-id 9606 $ALN

echo "# messages that guide"
fails_clean "did you mean: a name without its arm lists both arms" \
    "unknown miRNA 'hsa-miR-21' (not in refs/hsa_mature.v22.fa); did you mean hsa-miR-21-5p, hsa-miR-21-3p?" \
    $SS scan --mirna hsa-miR-21 $UTR
fails_clean "did you mean: a typo" "did you mean hsa-miR-155-5p, " $SS scan --mirna hsa-miR-155-5q $UTR
fails_clean "did you mean: no species" "did you mean hsa-miR-34a-5p?" $SS expr -e $TTR_T --mirna miR-34a-5p $TTR_U
fails_clean "did you mean in landscape" "did you mean hsa-miR-21-5p, hsa-miR-21-3p?" $SS landscape -e $TTR_T --mirna hsa-miR-21 $TTR_U
# usage_line NAME MESSAGE CMD...: exit 1, MESSAGE, and one usage line rather than the whole usage
usage_line() {
    name=$1 msg=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ $st -eq 1 ] && grep -qF -- "$msg" "$T/err" && [ "$(grep -c '^Usage: seedscan' "$T/err")" -eq 1 ] &&
        [ "$(wc -l <"$T/err")" -le 3 ]; then ok "$name"; else bad "$name (status $st)"; fi
}
usage_line "scan -m without its file" "option -m needs an argument" $SS scan $UTR -m
usage_line "scan --types without its list" "option '--types' needs an argument" $SS scan $UTR --types
usage_line "expr -e without its table" "option -e needs an argument" $SS expr -e
usage_line "landscape --ranked without its file" "option '--ranked' needs an argument" $SS landscape --ranked
usage_line "panel --target without its gene" "option '--target' needs an argument" $SS panel --target
usage_line "merge -o without its file" "option -o needs an argument" $SS merge -o
usage_line "targetscan context --lunp without its folder" "option '--lunp' needs an argument" $SS targetscan context --lunp
usage_line "an unknown option: one usage line too" "invalid option '--frobnicate'" $SS scan --frobnicate $UTR
fails_clean "numbers say their range: --threads" "--threads: '0' is not an integer from 1 to 256" $SS scan -t 0 $UTR
fails_clean "numbers say their range: --shadow" "--shadow: '-1' is not an integer from 0 to 1073741824" $SS expr -e $TTR_T --shadow -1 $TTR_U
fails_clean "numbers say their range: -k" "-k: '13' is not an integer from 1 to 12" $SS landscape -e $TTR_T -k 13 $TTR_U
fails_clean "numbers say their range: --grow" "--grow: '0' is not an integer from 1 to 1073741824" $SS landscape -e $TTR_T --grow 0 $TTR_U
fails_clean "numbers say their range: --top" "--top: '0' is not an integer from 1 to 1000" $SS panel --report --top 0
G=tests/cli/golden
$SS scan --mirna hsa-miR-21-5p,hsa-miR-34a-5p --types 8mer,7mer-A1 $G/planted.fa >"$T/ours" 2>"$T/err"
$SS scan --mirna hsa-miR-21-5p,hsa-miR-34a-5p --types 8mer-1a,7mer-1a $G/planted.fa >"$T/ts" 2>"$T/err"
if [ -s "$T/ours" ] && [ "$(wc -l <"$T/ours")" -gt 1 ] && cmp -s "$T/ours" "$T/ts"; then ok "--types 8mer-1a,7mer-1a (TargetScan's names) = 8mer,7mer-A1"
else bad "--types 8mer-1a,7mer-1a (TargetScan's names) = 8mer,7mer-A1"; fi
# Inf and -Inf fold changes (DESeq2 without shrinkage, a gene absent in one condition) are NA:
# the tests equal those of the same table with NA written in their place
TTR_G="--mirna siTtr=UUAUAGAGCAAGAACACUGUUUU --shadow 0"
zcat $TTR_T | awk -F'\t' -v OFS='\t' 'NR == 3 || NR == 10 { $3 = "Inf" } NR == 5 { $3 = "-Inf" } NR == 7 { $3 = "inf" } { print }' >"$T/inf.tsv"
zcat $TTR_T | awk -F'\t' -v OFS='\t' 'NR == 3 || NR == 10 || NR == 5 || NR == 7 { $3 = "NA" } { print }' >"$T/na.tsv"
$SS expr -e "$T/inf.tsv" $TTR_G $TTR_U >"$T/inf.out" 2>"$T/inf.err"; st=$?
$SS expr -q -e "$T/na.tsv" $TTR_G $TTR_U >"$T/na.out" 2>"$T/err"
if [ $st -eq 0 ] && [ -s "$T/na.out" ] && cmp -s "$T/na.out" "$T/inf.out"; then ok "Inf/-Inf fold changes: the tests of NA in their place"
else bad "Inf/-Inf fold changes: the tests of NA in their place"; fi
grep -qF "warning: $T/inf.tsv: 4 fold changes are Inf or -Inf (lines 3, 5, 7, ...): taken as NA" "$T/inf.err" &&
    ok "... with a warning that counts them" || bad "... with a warning that counts them"
grep -qF "179 rows (4 NA," "$T/inf.err" && ok "... and the join report counts them as NA" || bad "... and the join report counts them as NA"
$SS landscape -e "$T/inf.tsv" --words ACATTCC $TTR_U >"$T/out" 2>"$T/err"
grep -qF "4 fold changes are Inf or -Inf" "$T/err" && ok "landscape: the same warning" || bad "landscape: the same warning"

echo "# documentation: the man page formats cleanly and states the default miRNA set as the code has it"
if command -v groff >/dev/null 2>&1 && [ -f seedscan.1 ]; then
    groff -t -man -ww -z seedscan.1 >"$T/groff.out" 2>&1
    if [ $? -eq 0 ] && [ ! -s "$T/groff.out" ]; then ok "groff -t -man -ww: no error or warning"; else bad "groff -t -man -ww: $(head -1 "$T/groff.out")"; fi
else echo "skip groff check (no groff or no seedscan.1)"; fi
# the set expr tests without -m/--mirna: the panel's families (as cli.sh checks for scan)
npanel=$(awk -F'\t' 'NR > 1 { print $2 }' refs/resistance_panel.tsv | sort -u | wc -l)
nexpr=$($SS expr -q -e $TTR_T $TTR_U 2>/dev/null | awk -F'\t' 'NR > 1 { print $3 }' | tr ',' '\n' | sort -u | wc -l)
if [ "$npanel" -gt 3 ] && [ "$nexpr" -le "$npanel" ] && [ "$nexpr" -gt 3 ]; then ok "expr's default set is the panel ($nexpr of its $npanel miRNAs with tests)"
else bad "expr's default set is the panel ($nexpr vs $npanel)"; fi
for f in README.md src/cli/seedscan.1.in; do
    if grep -q "hsa-miR-21-5p, hsa-miR-34a-5p,* *a*n*d* hsa-miR-208a-3p" $f; then bad "$f names a default set the code does not have"
    else ok "$f: no stale default set"; fi
done
grep -q "resistance panel" src/cli/seedscan.1.in && grep -A3 "^### \`seedscan expr\`" README.md >/dev/null &&
    grep -q "the default set is the curated resistance panel" README.md && ok "README's expr section names the panel as the default" ||
    bad "README's expr section names the panel as the default"

cli_finish
