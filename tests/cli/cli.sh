#!/bin/sh
# cli.sh: CLI golden tests: output formats, -t and compression invariance, every bad-input case.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli.sh
set -u
CLI_NAME=cli
. tests/cli/clilib.sh
G=tests/cli/golden

M2="--mirna hsa-miR-21-5p,hsa-miR-34a-5p"
UTR=refs/hsa_3utr_collected.fa

echo "# formats (expected tables written by hand: tests/cli/golden/README.md)"
expect_out "tsv on planted sites" $G/planted.tsv $SS scan $M2 $G/planted.fa
expect_out "bed on planted sites" $G/planted.bed $SS scan $M2 -f bed $G/planted.fa
expect_out "summary on planted sites" $G/planted.summary.tsv $SS scan $M2 --summary $G/planted.fa
printf 'target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\nt2\thsa-miR-21-5p\thsa-miR-21-5p\t8mer\t1\t8\tATAAGCTA\n' >"$T/t2s0"
expect_out "--shadow 0 unmasks the 8mer at 1" "$T/t2s0" sh -c "$SS scan --mirna hsa-miR-21-5p --shadow 0 $G/planted.fa | grep -v '^t[14]'"
printf 'target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\nt2\thsa-miR-21-5p\thsa-miR-21-5p\t7mer-A1\t2\t8\tTAAGCTA\n' >"$T/t2s1"
expect_out "--shadow 1 leaves the 7mer-A1 at 2-8" "$T/t2s1" sh -c "$SS scan --mirna hsa-miR-21-5p --shadow 1 $G/planted.fa | grep -v '^t[14]'"
expect_out "stdin as -" $G/planted.tsv sh -c "cat $G/planted.fa | $SS scan $M2 -"
expect_out "sequence and NAME=SEQ on the command line" $G/planted.tsv sh -c \
    "$SS scan --mirna hsa-miR-21-5p=TAGCTTATCAGACTGATGTTGA,hsa-miR-34a-5p=uggcagugucuuagcugguugu $G/planted.fa"
expect_out "names are case-insensitive" $G/planted.tsv $SS scan --mirna HSA-MIR-21-5P,hsa-mir-34a-5p $G/planted.fa
# the same sites via the TargetScan-style family file and the whole miRBase file
printf 'miR-21-5p\tAGCUUAU\t9606\nmiR-34a-5p\tGGCAGUG\t9606;10090\n' >"$T/fam.txt"
$SS scan -m "$T/fam.txt" --species 9606 $G/planted.fa 2>"$T/err" | cut -f4- >"$T/fam.out"
cut -f4- $G/planted.tsv >"$T/fam.exp"
same "TargetScan family file gives the same sites" "$T/fam.exp" "$T/fam.out"

# TargetScan 7's own site calls (testdata/targetscan/targetscan_70_output.txt, made by
# targetscan_70.pl) for the human rows of its sample alignment: the same UTRs without gaps,
# scanned as plain FASTA, give the same sites (gene, family, UTR start and end, type)
TS=testdata/targetscan
awk -F'\t' '$2 == "9606" { s = $3; gsub("-", "", s); print ">" $1; print s }' $TS/UTR_Sequences_sample.txt >"$T/ts_h.fa"
$SS scan -m $TS/miR_Family_info_sample.txt --species 9606 "$T/ts_h.fa" 2>"$T/err" |
    awk -F'\t' 'NR > 1 { t = $4; if (t == "8mer") t = "8mer-1a"; if (t == "7mer-A1") t = "7mer-1a";
        print $1 "\t" $2 "\t" $5 "\t" $6 "\t" t }' | sort >"$T/ts_ours"
awk -F'\t' 'NR > 1 && $3 == "9606" { print $1 "\t" $2 "\t" $6 "\t" $7 "\t" $9 }' $TS/targetscan_70_output.txt | sort >"$T/ts_theirs"
if [ "$(wc -l <"$T/ts_ours")" -eq 88 ]; then same "human sites of TargetScan's sample = targetscan_70.pl's" "$T/ts_theirs" "$T/ts_ours"
else bad "human sites of TargetScan's sample (expected 88)"; fi

echo "# the resistance panel as the miRNA set"
# the panel's miR-21-5p rows (refs/resistance_panel.tsv, column 2) give the same miR-21 sites
$SS scan --target PDCD4 $G/planted.fa 2>"$T/err" | awk -F'\t' 'NR == 1 || $2 == "hsa-miR-21-5p"' >"$T/p21"
grep -v '34a' $G/planted.tsv >"$T/p21exp"
same "--target PDCD4 selects the panel's miR-21-5p" "$T/p21exp" "$T/p21"
npanel=$(awk -F'\t' 'NR > 1 { print $2 }' refs/resistance_panel.tsv | sort -u | wc -l)
nset=$($SS scan -v $G/planted.fa 2>&1 >/dev/null | sed -n 's/.* \([0-9]*\) miRNAs in .*/\1/p')
if [ "$npanel" = "$nset" ]; then ok "the default set is the panel ($npanel miRNAs)"; else bad "default set is the panel ($npanel vs $nset)"; fi
# expr takes the panel too: the panel rows naming PDCD4 (column 11 of the TSV) are its families
awk -F'\t' 'NR > 1 && (";" $11 ";") ~ /;PDCD4;/ { print $2 }' refs/resistance_panel.tsv | sort -u >"$T/pd_exp"
$SS expr -e testdata/seedmatchr_ttr_deseq2.tsv.gz --target PDCD4 testdata/seedmatchr_ttr_utrs.fa.gz 2>"$T/err" |
    awk -F'\t' 'NR > 1 { print $2 }' | sort -u >"$T/pd_got"
if [ -s "$T/pd_exp" ]; then same "expr --target PDCD4 tests the panel's PDCD4 miRNAs" "$T/pd_exp" "$T/pd_got"; else bad "no PDCD4 rows"; fi
expect_fail "--target with no panel row" "no row names the target gene 'NOPE'" $SS scan --target NOPE $G/planted.fa
expect_fail "panel filters with -m" "--resistance and --target filter a panel" $SS scan --mirna hsa-miR-21-5p --resistance cisplatin $G/planted.fa

echo "# invariance: threads, compression, kernels"
$SS scan -m refs/hsa_mature.v22.fa $UTR >"$T/all1.tsv" 2>"$T/err" || bad "all human miRNAs"
$SS scan -m refs/hsa_mature.v22.fa --summary $UTR >"$T/sum1.tsv" 2>"$T/err" || bad "all human summary"
for t in 2 3; do
    $SS scan -t $t -m refs/hsa_mature.v22.fa $UTR >"$T/all$t.tsv" 2>"$T/err"
    same "-t $t tsv is byte-identical to -t 1" "$T/all1.tsv" "$T/all$t.tsv"
    $SS scan -t $t -m refs/hsa_mature.v22.fa --summary $UTR >"$T/sum$t.tsv" 2>"$T/err"
    same "-t $t summary is byte-identical to -t 1" "$T/sum1.tsv" "$T/sum$t.tsv"
done
gzip -c $UTR >"$T/u.fa.gz"
$SS scan -m refs/hsa_mature.v22.fa "$T/u.fa.gz" >"$T/gz.tsv" 2>"$T/err"
same "gzip input gives the same bytes" "$T/all1.tsv" "$T/gz.tsv"
if command -v bgzip >/dev/null 2>&1; then
    bgzip -c $UTR >"$T/u.fa.bgz"
    $SS scan -t 2 -m refs/hsa_mature.v22.fa "$T/u.fa.bgz" >"$T/bgz.tsv" 2>"$T/err"
    same "BGZF input gives the same bytes" "$T/all1.tsv" "$T/bgz.tsv"
else echo "skip BGZF input (no bgzip)"; fi
awk '/^>/ {print; next} {print tolower($0)}' $UTR | tr 't' 'u' >"$T/lower.fa"
$SS scan -m refs/hsa_mature.v22.fa --summary "$T/lower.fa" >"$T/lower.tsv" 2>"$T/err"
same "lowercase RNA input gives the same counts" "$T/sum1.tsv" "$T/lower.tsv"
awk '/^>/ {if (s) print s; print; s=""; next} {s = s $0} END {print s}' $UTR >"$T/oneline.fa"
$SS scan -m refs/hsa_mature.v22.fa "$T/oneline.fa" >"$T/oneline.tsv" 2>"$T/err"
same "one-line FASTA gives the same bytes" "$T/all1.tsv" "$T/oneline.tsv"
for k in generic simde sse2; do
    SEEDSCAN_SIMD=$k $SS scan -m refs/hsa_mature.v22.fa --types all $UTR >"$T/k_$k.tsv" 2>"$T/err"
done
$SS scan -m refs/hsa_mature.v22.fa --types all $UTR >"$T/k_best.tsv" 2>"$T/err"
same "generic kernel output = sse2 kernel output" "$T/k_generic.tsv" "$T/k_sse2.tsv"
same "generic kernel output = SIMDe kernel output" "$T/k_generic.tsv" "$T/k_simde.tsv"
same "generic kernel output = best kernel output" "$T/k_generic.tsv" "$T/k_best.tsv"

echo "# strands"
# every - site of a two-strand scan is the + site that a scan of the reverse-complemented
# FASTA reports, with coordinates mirrored (L - end + 1 .. L - start + 1) and the same letters
awk 'BEGIN { split("A T C G G C T A a t c g g c t a", p, " "); for (i = 1; i < 16; i += 2) c[p[i]] = p[i + 1] }
    /^>/ { print; next } { n = length($0); r = "";
    for (i = n; i >= 1; i--) { b = substr($0, i, 1); r = r ((b in c) ? c[b] : b) }
    print r }' "$T/oneline.fa" >"$T/rc.fa"
awk '/^>/ { id = substr($1, 2); next } { print id "\t" length($0) }' "$T/rc.fa" >"$T/rc.len"
$SS scan -m refs/hsa_mature.v22.fa --shadow 0 --strand both "$T/oneline.fa" 2>"$T/err" |
    awk -F'\t' '$8 == "-" { print $1, $2, $4, $5, $6, $7 }' | sort >"$T/minus"
$SS scan -m refs/hsa_mature.v22.fa --shadow 0 "$T/rc.fa" 2>"$T/err" |
    awk -F'\t' 'NR == FNR { len[$1] = $2; next } FNR > 1 { L = len[$1];
        print $1, $2, $4, L - $6 + 1, L - $5 + 1, $7 }' "$T/rc.len" - | sort >"$T/rcplus"
if [ -s "$T/minus" ]; then same "--strand both: - sites = + sites of the reverse complement" "$T/rcplus" "$T/minus"
else bad "--strand both found no - sites"; fi
$SS scan -m refs/hsa_mature.v22.fa --shadow 0 --strand both "$T/oneline.fa" 2>"$T/err" |
    awk -F'\t' 'NR > 1 && $8 == "+"' | cut -f1-7 >"$T/plus"
$SS scan -m refs/hsa_mature.v22.fa --shadow 0 "$T/oneline.fa" 2>"$T/err" | tail -n +2 >"$T/plain"
same "--strand both: + sites = a one-strand scan" "$T/plain" "$T/plus"
$SS scan -m refs/hsa_mature.v22.fa --shadow 0 --strand both -f bed "$T/oneline.fa" 2>"$T/err" | awk '$6 == "-"' | wc -l >"$T/nbed"
wc -l <"$T/minus" >"$T/nmin"
same "--strand both: BED carries the - strand" "$T/nmin" "$T/nbed"

echo "# long targets in pieces (bounded memory): the output does not depend on the piece length"
# one 226-kb target made of every shipped UTR, with N runs, read in pieces as short as 64 bases
awk '/^>/ { if (n++) printf "NNNNNNNNNNNN"; next } { printf "%s", $0 } END { print "" }' $UTR |
    awk 'BEGIN { print ">chrU" } { for (i = 1; i <= length($0); i += 70) print substr($0, i, 70) }' >"$T/long.fa"
for opt in "" "-f bed" "-s" "--strand both" "--strand both -s" "--types all --strand minus --shadow 30"; do
    $SS scan -m refs/hsa_mature.v22.fa $opt "$T/long.fa" >"$T/whole" 2>"$T/err"
    $SS scan -m refs/hsa_mature.v22.fa $opt $UTR >"$T/whole2" 2>"$T/err"
    for pl in 64 997; do
        $SS scan -m refs/hsa_mature.v22.fa $opt --piece $pl "$T/long.fa" >"$T/pieces" 2>"$T/err"
        same "--piece $pl ${opt:-tsv}: one long target" "$T/whole" "$T/pieces"
    done
    $SS scan -m refs/hsa_mature.v22.fa $opt --piece 100 -t 2 $UTR >"$T/pieces" 2>"$T/err"
    same "--piece 100 -t 2 ${opt:-tsv}: the shipped UTRs" "$T/whole2" "$T/pieces"
done
expect_fail "bad --piece" "--piece: '10'" $SS scan --piece 10 $UTR

echo "# shards"
# concatenating the shards through `seedscan merge` gives the single run's bytes
for fmt in "" "-f bed" "-s"; do
    $SS scan -m refs/hsa_mature.v22.fa $fmt $UTR >"$T/single" 2>"$T/err"
    for N in 1 2 3 7; do
        # shellcheck disable=SC2086
        merge_shards $N "$T/merged" $SS scan -m refs/hsa_mature.v22.fa $fmt $UTR
        same "--shard i/$N ${fmt:-tsv}: merged shards = single run" "$T/single" "$T/merged"
    done
done
# by records, shards given out of order, BGZF shard files
$SS scan -m refs/hsa_mature.v22.fa --shard-by records --shard 2/2 -o "$T/r2.tsv.gz" $UTR 2>"$T/err"
$SS scan -m refs/hsa_mature.v22.fa --shard-by records --shard 1/2 -o "$T/r1.tsv.gz" $UTR 2>"$T/err"
$SS merge "$T/r2.tsv.gz" "$T/r1.tsv.gz" >"$T/merged" 2>"$T/err"
$SS scan -m refs/hsa_mature.v22.fa $UTR >"$T/single" 2>"$T/err"
same "--shard-by records, BGZF shards in any order" "$T/single" "$T/merged"
# more shards than records: the empty shards merge away
for i in 1 2 3 4 5 6 7; do $SS scan $M2 --shard $i/7 $G/planted.fa >"$T/p.$i" 2>"$T/err"; done
$SS merge "$T"/p.[1-7] >"$T/merged" 2>"$T/err"
same "7 shards of 4 records" $G/planted.tsv "$T/merged"
# with a .fai index every shard reads only its records, by region
cp $UTR "$T/idx.fa"
$SS index "$T/idx.fa" 2>"$T/err"
if command -v samtools >/dev/null 2>&1; then
    cp $UTR "$T/st.fa"; samtools faidx "$T/st.fa"
    same "seedscan index writes samtools' .fai" "$T/st.fa.fai" "$T/idx.fa.fai"
fi
for i in 1 2 3; do $SS scan -m refs/hsa_mature.v22.fa --shard $i/3 "$T/idx.fa" >"$T/x.$i" 2>"$T/err"; done
$SS merge "$T"/x.[1-3] >"$T/merged" 2>"$T/err"
same "indexed FASTA: shards by region merge to the single run" "$T/single" "$T/merged"
i=1; files=""
while [ $i -le 7 ]; do $SS scan -m refs/hsa_mature.v22.fa -s --shard $i/7 "$T/idx.fa" >"$T/z.$i" 2>"$T/err"; files="$files $T/z.$i"; i=$((i + 1)); done
$SS merge $files >"$T/merged" 2>"$T/err"
$SS scan -m refs/hsa_mature.v22.fa -s $UTR >"$T/single_s" 2>"$T/err"
same "indexed FASTA, 7 summary shards" "$T/single_s" "$T/merged"
cp $G/planted.fa "$T/pl.fa"; $SS index "$T/pl.fa" 2>"$T/err"
for i in 1 2 3 4 5 6 7; do $SS scan $M2 --shard $i/7 "$T/pl.fa" >"$T/q.$i" 2>"$T/err"; done
$SS merge "$T"/q.[1-7] >"$T/merged" 2>"$T/err"
same "indexed FASTA, 7 shards of 4 records" $G/planted.tsv "$T/merged"
if command -v bgzip >/dev/null 2>&1; then
    bgzip -c $UTR >"$T/idx.fa.gz"
    $SS index "$T/idx.fa.gz" 2>"$T/err"
    for i in 1 2 3; do $SS scan -m refs/hsa_mature.v22.fa --shard $i/3 "$T/idx.fa.gz" >"$T/g.$i" 2>"$T/err"; done
    $SS merge "$T"/g.[1-3] >"$T/merged" 2>"$T/err"
    same "indexed BGZF (.gzi): shards merge to the single run" "$T/single" "$T/merged"
fi
cp $G/planted.fa "$T/badidx.fa"; printf 't1\t100\tseven\t30\t31\n' >"$T/badidx.fa.fai"
expect_fail "a malformed .fai is an error naming its line" "badidx.fa.fai:1: not a FASTA index line" $SS scan --shard 1/2 "$T/badidx.fa"
expect_fail "merge refuses a missing shard" "shard 2/3 is missing" $SS merge "$T/x.1" "$T/x.3"
expect_fail "merge refuses a duplicate shard" "are both shard 1/3" $SS merge "$T/x.1" "$T/x.1" "$T/x.2"
$SS scan -m refs/hsa_mature.v22.fa --types all --shard 2/3 "$T/idx.fa" >"$T/y.2" 2>"$T/err"
expect_fail "merge refuses shards of another command line" "different command lines" $SS merge "$T/x.1" "$T/y.2" "$T/x.3"
expect_fail "merge refuses a file that is no shard" "no #seedscan-shard line" $SS merge $G/planted.tsv
expect_fail "--shard on stdin" "--shard needs input files" sh -c "cat $UTR | $SS scan --shard 1/2 -"
expect_fail "bad --shard" "--shard: '3/2'" $SS scan --shard 3/2 $UTR

echo "# output files"
$SS scan $M2 -o "$T/o.tsv" $G/planted.fa 2>"$T/err"
same "-o writes the file" $G/planted.tsv "$T/o.tsv"
$SS scan $M2 -o "$T/o.tsv.gz" $G/planted.fa 2>"$T/err"
gzip -dc "$T/o.tsv.gz" >"$T/o.dec" 2>>"$T/err"
same "-o x.gz writes gzip-readable output" $G/planted.tsv "$T/o.dec"
if [ "$(od -An -tx1 -N4 "$T/o.tsv.gz" | tr -d ' ')" = "1f8b0804" ]; then ok "-o x.gz is BGZF (FEXTRA header)"; else bad "-o x.gz is BGZF"; fi
printf '>ok\nACGTACGT\n>bad\nAC@T\n' >"$T/badrec.fa"
expect_fail "failed run leaves no output file" "record 'bad' contains '@'" $SS scan -o "$T/fail.tsv" "$T/badrec.fa"
if [ ! -e "$T/fail.tsv" ] && [ -z "$(ls "$T" | grep 'fail.tsv.tmp')" ]; then ok "no partial or temporary file is left"; else bad "partial file left"; fi
# -o on something that is not a regular file is written in place, never
# replaced by a renamed temporary (as root, renaming over /dev/null would
# replace the device); a FIFO stands in for /dev/null here
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/fifo.out" &
catpid=$!
$SS scan $M2 -o "$T/fifo" $G/planted.fa 2>"$T/err"
wait $catpid
same "-o FIFO: the output goes through the FIFO" $G/planted.tsv "$T/fifo.out"
if [ -p "$T/fifo" ] && [ -z "$(ls "$T" | grep 'fifo.tmp')" ]; then ok "-o FIFO: the FIFO stays a FIFO, no temporary"; else bad "-o FIFO replaced"; fi
# through a symbolic link: the file it names gets the output, the link stays
echo old >"$T/real.tsv"
ln -s real.tsv "$T/link.tsv"
$SS scan $M2 -o "$T/link.tsv" $G/planted.fa 2>"$T/err"
same "-o LINK writes the file the link names" $G/planted.tsv "$T/real.tsv"
if [ -L "$T/link.tsv" ]; then ok "-o LINK: the link stays a link"; else bad "-o LINK: link replaced"; fi
if command -v bedtools >/dev/null 2>&1; then
    cp $UTR "$T/u.fa"
    $SS scan -m refs/hsa_mature.v22.fa -f bed "$T/u.fa" >"$T/all.bed" 2>"$T/err"
    # bedtools cuts the same letters that the TSV reports: BED and TSV coordinates agree
    bedtools getfasta -fi "$T/u.fa" -bed "$T/all.bed" -tab 2>"$T/err" | cut -f2 >"$T/bt.seq"
    tail -n +2 "$T/all1.tsv" | cut -f7 >"$T/ts.seq"
    same "bedtools getfasta on the BED gives the TSV site_seq" "$T/ts.seq" "$T/bt.seq"
    bedtools sort -i "$T/all.bed" >/dev/null 2>"$T/err" && ok "bedtools sort accepts the BED" || bad "bedtools sort"
else echo "skip bedtools checks (no bedtools)"; fi

echo "# pipes"
$SS scan -m refs/hsa_mature.v22.fa $UTR 2>"$T/err" | head -1 >"$T/head"
if [ ! -s "$T/err" ] && [ "$(cat "$T/head")" = "$(head -1 $G/planted.tsv)" ]; then ok "| head -1: no error, no hang"; else bad "| head -1"; fi
if [ -w /dev/full ]; then
    expect_fail "full disk (/dev/full) is an error" "No space left on device" sh -c "$SS scan -m refs/hsa_mature.v22.fa $UTR > /dev/full"
fi

echo "# bad input"
expect_fail "missing file" "nonexistent.fa: No such file or directory" $SS scan $M2 "$T/nonexistent.fa"
expect_fail "a directory as input" "$T" $SS scan $M2 "$T"
printf '>r1\nACGT\n' | gzip -c >"$T/tr.gz"; head -c 20 "$T/tr.gz" >"$T/trunc.gz"
gzip -c $UTR | head -c 20000 >"$T/trunc2.gz"
expect_fail "truncated gzip" "truncated or corrupt compressed input" $SS scan $M2 "$T/trunc2.gz"
# binary junk: every byte value but newline and '>', as a compiled file might start
awk 'BEGIN { for (r = 0; r < 8; r++) for (i = 1; i < 256; i++) if (i != 10 && i != 62) printf "%c", i }' >"$T/junk.bin"
expect_fail "binary junk" "junk.bin:1: expected a FASTA header" $SS scan $M2 "$T/junk.bin"
printf 'ACGT\n>r\nACGT\n' >"$T/nohdr.fa"
expect_fail "FASTA without '>'" "nohdr.fa:1: expected a FASTA header" $SS scan $M2 "$T/nohdr.fa"
printf '>r1\nACGT\n>\nACGT\n' >"$T/noid.fa"
expect_fail "empty record ID" "noid.fa:3: record 2 has an empty ID" $SS scan $M2 "$T/noid.fa"
printf '>r1\nACGTACGTAA\n>r1\nACGT\n' >"$T/dup.fa"
$SS scan $M2 "$T/dup.fa" >"$T/out" 2>"$T/err"; st=$?
if [ $st -eq 0 ] && grep -qF "dup.fa:3: duplicate target ID 'r1'" "$T/err"; then ok "duplicate IDs warn"; else bad "duplicate IDs warn"; fi
expect_fail "duplicate IDs are an error with --strict-ids" "dup.fa:3: duplicate target ID 'r1'" $SS scan --strict-ids $M2 "$T/dup.fa"
printf '>a\nUAGCUUAUCAG\n>short\nUAGCUUA\n' >"$T/short.fa"
expect_fail "miRNA shorter than 8 nt (file)" "short.fa:3: miRNA 'short' is shorter than 8 nt" $SS scan -m "$T/short.fa" $G/planted.fa
expect_fail "miRNA shorter than 8 nt (command line)" "'x=UAGCUUA' is not a miRNA" $SS scan --mirna x=UAGCUUA $G/planted.fa
printf '>a\nUAGCUUAUCAG\n>b\nUAGCUUXUCAG\n' >"$T/letter.fa"
expect_fail "miRNA with a non-nucleotide letter" "letter.fa:3: miRNA 'b' contains 'X'" $SS scan -m "$T/letter.fa" $G/planted.fa
expect_fail "unknown miRNA name" "unknown miRNA 'hsa-miR-99999'" $SS scan --mirna hsa-miR-21-5p,hsa-miR-99999 $G/planted.fa
expect_fail "empty miRNA set" "the miRNA set is empty after --species xyz" $SS scan -m refs/mature.v22.fa.gz --species xyz $G/planted.fa
expect_fail "unknown option" "invalid option" $SS scan --frobnicate $G/planted.fa
expect_fail "bad --types value" "--types: '8mer,9mer'" $SS scan --types 8mer,9mer $G/planted.fa
expect_fail "bad --format value" "--format: 'xml'" $SS scan -f xml $G/planted.fa
expect_fail "bad -t value" "--threads: '0'" $SS scan -t 0 $G/planted.fa
expect_fail "unknown command" "unknown command 'scna'" $SS scna

echo "# help"
$SS --help >"$T/h1" 2>"$T/err" && grep -q "scan" "$T/h1" && ok "seedscan --help" || bad "seedscan --help"
$SS scan --help >"$T/h2" 2>"$T/err"; $SS help scan >"$T/h3" 2>>"$T/err"
same "seedscan help scan = seedscan scan --help" "$T/h2" "$T/h3"
grep -q "shadow) \[14\]" "$T/h2" && ok "help shows live defaults" || bad "help shows live defaults"

status=0
for s in tests/cli/cli_*.sh; do
    [ -f "$s" ] || continue
    echo "# $s"
    SEEDSCAN="$SS" sh "$s" || status=1
done
cli_finish && [ $status -eq 0 ]
