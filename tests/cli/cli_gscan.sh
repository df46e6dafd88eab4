#!/bin/sh
# cli_gscan.sh: `seedscan scan` in genome mode: genomic TSV/BED12 against bedtools and hand derivations, -t/--shard, expr join, errors.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_gscan.sh
# Independent expected values: the BED12 lines of ../shared/data/genome/README.md ("Sites across an
# exon junction", copied below), bedtools getfasta -split -s on the genome, hand derivations in comments.
set -u
CLI_NAME=cli_gscan
. tests/cli/clilib.sh
D=testdata/genome
G21="--gtf $D/chr21_test.gtf.gz -g $D/chr21_exon_only_chr21.fa.gz"
HSA="-m refs/hsa_mature.v22.fa"
SLICES="ENST00000301246 ENST00000536784 ENST00000573314 ENST00000580206"

echo "# sites across exon junctions (the data README's BED12 lines)"
$SS scan --mirna hsa-miR-3182,hsa-miR-1250-3p --shadow 0 $G21 -f bed12 >"$T/j.bed" 2>"$T/err"
# its name column is family:type:transcript; the README's is the miRNA: compare the rest
printf '%s\n' \
    '21 25716559 25717667 hsa-miR-3182:8mer:ENST00000400099 0 - 25716559 25717667 0 2 1,7, 0,1101,' \
    '21 25716554 25717661 hsa-miR-1250-3p:7mer-m8:ENST00000400099 0 - 25716554 25717661 0 2 6,1, 0,1106,' \
    '21 25712376 25714641 hsa-miR-1250-3p:8mer:ENST00000460679 0 + 25712376 25714641 0 2 6,2, 0,2263,' \
    | tr ' ' '\t' | sort >"$T/j.exp"
grep -E 'ENST00000400099|ENST00000460679' "$T/j.bed" | sort >"$T/j.got"
same "ATP5PF (-, 2 pieces) and JAM2 (+, 3 pieces) junction sites" "$T/j.exp" "$T/j.got"
# ATP5PF ENST00000400099 (-): UTR = 25,717,688..661 (28 nt, read downwards) then 25,716,560..503.
# UTR position t <= 28 is 25,717,689 - t: the 8mer at 22-29 has 22..28 = 25,717,667..661 and
# 29 = 25,716,560, so on the + strand it spans 25,716,560-25,717,667.
$SS scan --mirna hsa-miR-3182 --shadow 0 $G21 >"$T/j.tsv" 2>"$T/err"
printf 'ENST00000400099\thsa-miR-3182\thsa-miR-3182\t8mer\t22\t29\tACAGAAGA\t21\t25716560\t25717667\t-\tENSG00000154723\tATP5J\n' >"$T/e.tsv"
grep ENST00000400099 "$T/j.tsv" >"$T/g.tsv"
same "genomic TSV row of a minus-strand junction site (hand derivation)" "$T/e.tsv" "$T/g.tsv"
if head -1 "$T/j.tsv" | grep -q "^target	family	mirnas	type	start	end	site_seq	chrom	gstart	gend	strand	gene_id	gene_name$"; then
    ok "TSV header"; else bad "TSV header"; fi

echo "# bedtools getfasta -split -s on the BED12 returns each site's letters"
if command -v bedtools >/dev/null 2>&1; then
    zcat $D/chr21_exon_only_chr21.fa.gz >"$T/chr21.fa" # bedtools 2.30 cannot read BGZF FASTA
    # check NAME GENOME.fa SCAN-ARGS...: all human miRNAs, no shadow; BED12 -> bedtools letters = TSV site_seq,
    # and TSV gstart/gend/strand = the BED12 line's
    check() {
        name=$1 fa=$2; shift 2
        $SS scan $HSA --shadow 0 "$@" -f bed12 >"$T/s.bed" 2>"$T/err"
        $SS scan $HSA --shadow 0 "$@" >"$T/s.tsv" 2>>"$T/err"
        bedtools getfasta -fi "$fa" -bed "$T/s.bed" -split -s -tab 2>/dev/null | cut -f2 >"$T/bt.seq"
        tail -n +2 "$T/s.tsv" | cut -f7 >"$T/our.seq"
        if [ -s "$T/our.seq" ] && cmp -s "$T/bt.seq" "$T/our.seq"; then ok "$name: bedtools letters = site_seq ($(wc -l <"$T/our.seq") sites)"
        else bad "$name: bedtools letters = site_seq"; fi
        awk -F'\t' '{ print $1 "\t" $2 + 1 "\t" $3 "\t" $6 }' "$T/s.bed" >"$T/a"
        tail -n +2 "$T/s.tsv" | cut -f8-11 >"$T/b"
        same "$name: TSV chrom gstart gend strand = BED12 span" "$T/a" "$T/b"
        nj=$(awk -F'\t' '$10 > 1' "$T/s.bed" | wc -l)
        if [ "$nj" -gt 0 ]; then ok "$name: $nj sites across a junction"; else bad "$name: no junction site tested"; fi
    }
    check "chr21 GTF" "$T/chr21.fa" $G21
    for t in $SLICES; do check "Ensembl GFF3 slice $t" $D/$t.fa --gtf $D/$t.gff -g $D/$t.fa; done
    # minus-strand UTRs in 2 and 12 pieces: sites across their junctions
    n=$($SS scan $HSA --shadow 0 --gtf $D/ENST00000573314.gff -g $D/ENST00000573314.fa -f bed12 2>"$T/err" |
        awk -F'\t' '$6 == "-" && $10 > 1' | wc -l)
    if [ "$n" -gt 0 ]; then ok "ENST00000573314 (-, 12 pieces): $n junction sites"; else bad "ENST00000573314 junction sites"; fi
else echo "skip bedtools (not installed)"; fi

echo "# the same output from utr FASTA (--genomic), for any -t, and in shards"
$SS utr -q -g $D/chr21_exon_only_chr21.fa.gz $D/chr21_test.gtf.gz >"$T/u.fa" 2>"$T/err"
for f in "" "-s" "-f bed12"; do
    $SS scan $HSA $f $G21 >"$T/a" 2>"$T/err"
    $SS scan $HSA $f --genomic "$T/u.fa" >"$T/b" 2>>"$T/err"
    same "--gtf --genome = utr | scan --genomic ($f)" "$T/a" "$T/b"
    $SS scan $HSA $f --genomic - <"$T/u.fa" >"$T/b" 2>>"$T/err"
    same "--genomic from stdin ($f)" "$T/a" "$T/b"
    for t in 2 5; do
        $SS scan $HSA $f -t $t $G21 >"$T/b" 2>>"$T/err"
        same "-t $t = -t 1 ($f)" "$T/a" "$T/b"
    done
done
# the summary is scan's own summary plus gene columns: drop them and the target names' '|GENE'
$SS scan $HSA -s $G21 | cut -f1-9 >"$T/a" 2>"$T/err"
$SS scan $HSA -s "$T/u.fa" 2>>"$T/err" | sed 's/^\([^|	]*\)|[^	]*/\1/' >"$T/b"
same "summary rows = scan -s of the utr FASTA" "$T/b" "$T/a"
$SS scan $HSA -s $G21 >"$T/one" 2>"$T/err"
for by in bases records; do
    for i in 1 2 3; do $SS scan $HSA -s --shard $i/3 --shard-by $by $G21 -o "$T/sh$i.tsv" 2>>"$T/err"; done
    $SS merge "$T/sh3.tsv" "$T/sh1.tsv" "$T/sh2.tsv" >"$T/m" 2>>"$T/err"
    same "--shard by $by: merged 3 shards = the single run" "$T/one" "$T/m"
done
$SS scan $HSA -t 3 $G21 -o "$T/o.tsv.gz" 2>"$T/err"
$SS scan $HSA $G21 >"$T/a" 2>>"$T/err"
gzip -dc "$T/o.tsv.gz" >"$T/b" 2>/dev/null
same "-o x.gz writes BGZF" "$T/a" "$T/b"

echo "# energies and non-canonical sites: the transcript route's rows (utr, then scan) plus the genome columns"
EM="$HSA --mirna hsa-miR-21-5p,hsa-miR-34a-5p,hsa-let-7a-5p,hsa-miR-200b-3p,hsa-miR-155-5p,hsa-miR-1250-3p,hsa-miR-3182,hsa-miR-3672,hsa-miR-6844,hsa-miR-15b-3p"
for en in "--energy" "--types all,noncanonical" "--types noncanonical --max-energy -14"; do
    $SS scan $EM $en $G21 >"$T/ga" 2>"$T/err" || bad "scan $en in genome mode"
    $SS scan $EM $en "$T/u.fa" 2>>"$T/err" | sed 's/^\([^|	]*\)|[^	]*/\1/' >"$T/tb"
    cut -f1-8 "$T/ga" >"$T/gcut"
    if [ "$(wc -l <"$T/tb")" -gt 20 ]; then same "$en: genome TSV = utr FASTA's TSV (+ genome columns)" "$T/tb" "$T/gcut"
    else bad "$en: too few rows to compare"; fi
    $SS scan $EM $en -s $G21 2>"$T/err" | awk -F'\t' -v OFS='\t' '{ NF -= 2; print }' >"$T/ga"
    $SS scan $EM $en -s "$T/u.fa" 2>>"$T/err" | sed 's/^\([^|	]*\)|[^	]*/\1/' >"$T/tb"
    same "$en -s: genome summary = utr FASTA's summary (+ gene columns)" "$T/tb" "$T/ga"
    for f in "" "-s" "-f bed12"; do
        $SS scan $EM $en $f $G21 >"$T/a" 2>"$T/err"
        $SS scan $EM $en $f --genomic "$T/u.fa" >"$T/b" 2>>"$T/err"
        same "$en $f: --gtf --genome = --genomic utr FASTA" "$T/a" "$T/b"
        $SS scan $EM $en $f -t 3 $G21 >"$T/b" 2>>"$T/err"
        same "$en $f: -t 3 = -t 1" "$T/a" "$T/b"
    done
done
NCG="$EM --types all,noncanonical --shadow 0"
$SS scan $NCG $G21 >"$T/e.tsv" 2>"$T/err"
$SS scan $NCG -f bed12 $G21 >"$T/e.bed" 2>>"$T/err"
# BED12 score = round(-10 x mfe) in 0..1000, span = TSV gstart-1 .. gend
if tail -n +2 "$T/e.tsv" | cut -f8,10,11 | paste "$T/e.bed" - |
   awk -F'\t' '{ s = $13 < 0 ? int(-$13 * 10 + 0.5) : 0; if (s > 1000) s = 1000; if ($5 != s || $2 + 1 != $14 || $3 != $15) exit 1 }
       END { if (NR < 50) exit 1 }'
then ok "energy BED12: score = -10 x mfe, span = the TSV's"; else bad "energy BED12 score and span"; fi
if command -v bedtools >/dev/null 2>&1; then
    bedtools getfasta -fi "$T/chr21.fa" -bed "$T/e.bed" -split -s -tab 2>/dev/null | cut -f2 >"$T/bt.seq"
    tail -n +2 "$T/e.tsv" | cut -f7 >"$T/our.seq"
    nj=$(awk -F'\t' '$10 > 1 && $4 !~ /:(8mer|7mer-m8|7mer-A1|6mer|offset-6mer|6mer-A1):/' "$T/e.bed" | wc -l)
    if [ "$nj" -gt 0 ] && cmp -s "$T/bt.seq" "$T/our.seq"; then
        ok "non-canonical BED12: bedtools letters = site_seq ($(wc -l <"$T/our.seq") sites, $nj non-canonical across a junction)"
    else bad "non-canonical BED12: bedtools letters = site_seq ($nj across a junction)"; fi
else echo "skip bedtools (not installed)"; fi
for i in 1 2; do $SS scan $NCG -s --shard $i/2 $G21 -o "$T/nsh$i.tsv" 2>>"$T/err"; done
$SS scan $NCG -s $G21 >"$T/one" 2>"$T/err"
$SS merge "$T/nsh1.tsv" "$T/nsh2.tsv" >"$T/m" 2>>"$T/err"
same "non-canonical -s --shard: merged 2 shards = the single run" "$T/one" "$T/m"

echo "# selection and gene IDs into seedscan expr (a DESeq2 table keyed by ENSG IDs, no --id-map)"
n=$($SS scan $HSA -s --per-gene longest $G21 2>"$T/err" | tail -n +2 | cut -f1 | sort -u | wc -l)
# 8 genes of the GTF have a 3'UTR (cli_genome.sh: --per-gene longest writes 8); those of CYYR1,
# ADAMTS1 and ADAMTS5 are all N in the exon-only genome (data README), so 5 have sites
if [ "$n" = 5 ]; then ok "--per-gene longest: 5 transcripts with sites"; else bad "--per-gene longest: $n transcripts, not 5"; fi
n=$($SS scan $HSA -s --biotype nonsense_mediated_decay $G21 2>"$T/err" | tail -n +2 | cut -f1 | sort -u)
if [ "$n" = ENST00000460679 ]; then ok "--biotype"; else bad "--biotype: $n"; fi
$SS scan --mirna hsa-miR-1250-3p -s --per-gene longest $G21 >"$T/sum.tsv" 2>"$T/err"
$SS expr --mirna hsa-miR-1250-3p -e $D/chr21_deseq2.tsv --summary-in "$T/sum.tsv" --annotate "$T/ann.tsv" >"$T/out" 2>"$T/err"
# JAM2's longest 3'UTR (ENST00000480456, 2,890 nt) holds one 8mer GAAAATGA (README: the same
# letters at UTR 143-150 of ENST00000460679 lie in 25,714,640-731, inside the longer UTRs)
if awk -F'\t' '$1 == "ENSG00000154721.14" && $(NF - 5) == 1 && $NF == "8mer" { f = 1 } END { exit !f }' "$T/ann.tsv"
then ok "summary joins a DESeq2 table by gene ID (JAM2: one 8mer)"; else bad "summary joins by gene ID"; fi
$SS utr -q --per-gene longest -g $D/chr21_exon_only_chr21.fa.gz $D/chr21_test.gtf.gz >"$T/pg.fa" 2>"$T/err"
$SS expr --mirna hsa-miR-1250-3p -e $D/chr21_deseq2.tsv "$T/pg.fa" >"$T/out" 2>"$T/err"
if grep -qF "8 targets (0 collapsed by 'longest'); matched 8 rows (100.0%), 4 rows without a target" "$T/err"
then ok "utr FASTA joins by the headers' gene_id= (8 of 8)"; else bad "utr FASTA joins by gene_id="; fi
sed 's/ gene_id=[^ ]*//' "$T/pg.fa" >"$T/noid.fa"
expect_fail "without gene_id= the symbols do not match ENSG rows" "matched 0 rows" \
    $SS expr --mirna hsa-miR-1250-3p -e $D/chr21_deseq2.tsv "$T/noid.fa"

echo "# bad input: an error naming file, line and feature, exit 1, no output"
echo old >"$T/keep.tsv"
expect_fail "chromosome missing from the genome" \
    "seedscan scan: $D/gffread_ex.gff:2: transcript rna157470: sequence 'NT_187562.1' is not in $D/ENST00000301246.fa" \
    $SS scan $HSA --gtf $D/gffread_ex.gff -g $D/ENST00000301246.fa -o "$T/keep.tsv"
if [ "$(cat "$T/keep.tsv")" = old ]; then ok "a failed run leaves -o untouched"; else bad "a failed run leaves -o untouched"; fi
expect_fail "... and nothing on stdout" "is not in" $SS scan $HSA --gtf $D/gffread_ex.gff -g $D/ENST00000301246.fa
if [ ! -s "$T/out" ]; then ok "stdout stays empty on error"; else bad "stdout stays empty on error"; fi
head -c 20000 $D/ENST00000580206.fa >"$T/short.fa"
expect_fail "exon past the end of the sequence" "runs past the end of" \
    $SS scan $HSA --gtf $D/ENST00000580206.gff -g "$T/short.fa"
printf '21\tx\texon\t10\t5\t.\t+\t.\tgene_id "g"; transcript_id "t";\n' >"$T/bad.gtf"
expect_fail "start > end" "bad.gtf:1: exon: start 10 > end 5" $SS scan $HSA --gtf "$T/bad.gtf" -g $D/chr21_exon_only_chr21.fa.gz
# table: name, GTF text (printf), message; each: exit 1, the message with file:line, nothing on stdout
E='\t.\t+\t.\tgene_id "g"; transcript_id "t";\n'
while IFS='|' read -r name gtf msg; do
    printf "$gtf" >"$T/f.gtf"
    expect_fail "bad annotation: $name" "$T/f.gtf:$msg" $SS scan $HSA --gtf "$T/f.gtf" -g $D/chr21_exon_only_chr21.fa.gz
    if [ -s "$T/out" ]; then bad "bad annotation: $name: no output"; fi
done <<EOT
7 columns|21\tx\texon\t100\t200\t.\t-\n|1: not a GTF/GFF3 feature line: 7 tab-separated columns, not 9
unknown strand|21\tx\texon\t100\t200\t.\t*\t.\tgene_id "g"; transcript_id "t";\n|1: exon: unknown strand '*'
start not a number|21\tx\texon\tabc\t200$E|1: exon: start 'abc' or end '200' is not a whole number
CDS outside its exons|21\tx\texon\t100\t200${E}21\tx\tCDS\t150\t300$E|2: CDS 150-300 of transcript t is outside its exons
transcript on two chromosomes|21\tx\texon\t100\t200${E}22\tx\texon\t300\t400$E|2: exon: transcript t is on two chromosomes
gene ID missing|21\tx\texon\t100\t200\t.\t+\t.\ttranscript_id "t";\n|1: exon of t: gene ID missing
chromosome not in the genome|chr9\tx\texon\t100\t200${E}chr9\tx\tCDS\t100\t150$E|1: transcript t: sequence 'chr9' is not in
EOT
expect_fail "--genomic FASTA without blocks" \
    "$D/chr21_test.gtf.utr3.fa:1: record 'ENST00000307301': the header has no gene_id=, chrom=, strand= and blocks=" \
    $SS scan $HSA --genomic $D/chr21_test.gtf.utr3.fa
if [ ! -s "$T/out" ]; then ok "no header either"; else bad "no header either"; fi
awk 'NR == 1 { sub(/blocks=[^ ]*/, "blocks=25585656-25585700") } 1' "$T/u.fa" >"$T/bad.fa"
expect_fail "--genomic blocks that do not cover the sequence" "bad.fa:1: record 'ENST00000352957|MRPL39': blocks= do not cover" \
    $SS scan $HSA --genomic "$T/bad.fa"
awk 'NR == 1 { sub(/strand=-/, "strand=x") } 1' "$T/u.fa" >"$T/bad.fa"
expect_fail "--genomic bad strand" "bad.fa:1: record 'ENST00000352957|MRPL39': strand= is not + or -" $SS scan $HSA --genomic "$T/bad.fa"
cat "$T/u.fa" "$T/u.fa" >"$T/dup.fa"
expect_fail "--genomic --strict-ids: a repeated transcript is an error" "dup.fa:" $SS scan $HSA --strict-ids --genomic "$T/dup.fa"
if grep -q "duplicate target ID 'ENST00000352957'" "$T/err"; then ok "... naming it"; else bad "... naming it"; fi
expect_fail "--gtf without --genome" "--gtf needs --genome" $SS scan $HSA --gtf $D/chr21_test.gtf.gz
expect_fail "--genome without --gtf" "--genome needs --gtf" $SS scan $HSA -g $D/chr21_exon_only_chr21.fa.gz "$T/u.fa"
expect_fail "-f bed12 outside genome mode" "-f bed12 needs genome mode" $SS scan $HSA -f bed12 "$T/u.fa"
expect_fail "--gtf with UTR files" "give no UTR_FILE" $SS scan $HSA $G21 "$T/u.fa"
expect_fail "--strand in genome mode" "--strand does not apply in genome mode" $SS scan $HSA --strand both $G21
expect_fail "-f bed in genome mode" "genome mode writes -f bed12" $SS scan $HSA -f bed $G21
expect_fail "-s -f bed12" "cannot be combined with -f bed12" $SS scan $HSA -s -f bed12 $G21
expect_fail "--shard with --genomic" "--shard is not supported with --genomic" $SS scan $HSA --shard 1/2 --genomic "$T/u.fa"
expect_fail "--per-gene with --genomic" "select FASTA with \`seedscan utr\`" $SS scan $HSA --per-gene longest --genomic "$T/u.fa"
expect_fail "bad --per-gene" "--per-gene: 'best' is not longest or canonical" $SS scan $HSA --per-gene best $G21
expect_fail "--biotype that matches nothing" "no transcript with a 3'UTR is left to scan" $SS scan $HSA --biotype nope $G21
expect_fail "--energy with -f targetscan in genome mode" "not in TargetScan's site table" $SS scan $HSA --energy -f targetscan $G21
if $SS scan --help | grep -q -- '--gtf FILE'; then ok "--help documents --gtf"; else bad "--help documents --gtf"; fi

cli_finish
