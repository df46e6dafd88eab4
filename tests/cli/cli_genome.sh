#!/bin/sh
# cli_genome.sh: `seedscan utr` golden tests: sequences and BED12 against testdata/genome, bedtools, errors, -o.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_genome.sh
set -u
CLI_NAME=cli_genome
. tests/cli/clilib.sh
D=testdata/genome

# FASTA -> "ID<TAB>SEQUENCE" lines sorted by ID (ID = first word, up to '|')
tab() { awk '/^>/ { if (id != "") print id "\t" s; id = substr($1, 2); sub(/\|.*/, "", id); s = ""; next }
             { s = s $0 } END { if (id != "") print id "\t" s }' "$1" | sort; }
# same_seqs NAME EXPECTED.fa GOT.fa: the same IDs with the same sequences
same_seqs() { tab "$2" >"$T/e.tab"; tab "$3" >"$T/g.tab"; same "$1" "$T/e.tab" "$T/g.tab"; }

echo "# 3'UTRs equal the golden files"
$SS utr -q -g $D/gffread_ex.fa.gz $D/gffread_ex.gff >"$T/o.fa" 2>"$T/err"
same_seqs "RefSeq GFF3 (gffread examples)" $D/gffread_ex.utr3.fa "$T/o.fa"
$SS utr -q -g $D/gffread_ex.fa.gz $D/gffread_ex.gtf >"$T/o.fa" 2>"$T/err"
same_seqs "gffread's GTF of it (CDS with the stop codon)" $D/gffread_ex.utr3.fa "$T/o.fa"
for t in ENST00000301246 ENST00000536784 ENST00000573314 ENST00000580206; do
    $SS utr -q -g $D/$t.fa $D/$t.gff >"$T/o.fa" 2>"$T/err"
    same_seqs "Ensembl GFF3 slice $t" $D/$t.utr3.fa "$T/o.fa"
    $SS utr -q --bed $D/$t.gff 2>"$T/err" | sort >"$T/o.bed"
    sort $D/$t.utr3.bed >"$T/e.bed"
    same "BED12 of $t" "$T/e.bed" "$T/o.bed"
done
for u in UD_144413132067 UD_150167851083; do
    $SS utr -q -g $D/$u.fa $D/$u.gff3 >"$T/o.fa" 2>"$T/err"
    same_seqs "GenBank slice $u" $D/$u.utr3.fa "$T/o.fa"
done
$SS utr -g $D/chr21_exon_only_chr21.fa.gz $D/chr21_test.gtf.gz >"$T/c21.fa" 2>"$T/err"
same_seqs "Ensembl GTF chr21 (BGZF genome)" $D/chr21_test.gtf.utr3.fa "$T/c21.fa"
tab $D/chr21_vep_cache_utr3.fa >"$T/vep.tab"
tab "$T/c21.fa" | join -t "$(printf '\t')" - "$T/vep.tab" | awk -F'\t' '$2 != $3' >"$T/vepdiff"
if [ "$(tab "$T/c21.fa" | join -t "$(printf '\t')" - "$T/vep.tab" | wc -l)" -eq 24 ] && [ ! -s "$T/vepdiff" ]; then
    ok "chr21 GTF = the VEP cache's 24 3'UTRs"; else bad "chr21 GTF = the VEP cache's 24 3'UTRs"; fi
if grep -qF "103 transcripts: 34 coding, 28 with a 3'UTR, 6 without a complete CDS end" "$T/err" &&
   grep -qF "wrote 28 3'UTRs (31017 nt); left out: 75 without a utr3" "$T/err"; then ok "the report counts transcripts"
else bad "the report counts transcripts"; fi
grep -A2 '^>ENST00000400099|' "$T/c21.fa" >"$T/atp"
printf '%s\n' '>ENST00000400099|ATP5J gene_id=ENSG00000154723 gene_name=ATP5J chrom=21 strand=- blocks=25716503-25716560,25717661-25717688' \
    CCAGCAGCTAGCCTTGTAGCTACAGAAGAAAATGTTTGCCGATCCCTGACTCGTGGTGAA AATTTTATTTTGGGGGCAGAGCCATG >"$T/atp.exp"
same "header and lines of the minus-strand 2-piece ATP5PF 3'UTR" "$T/atp.exp" "$T/atp"
$SS utr -q -g $D/chr21_exon_only_chr21.fa.gz $D/chr21_test.gff.gz >"$T/o.fa" 2>"$T/err"
tab "$T/o.fa" >"$T/g.tab"
same "Ensembl GFF3 chr21 = the VEP cache" "$T/vep.tab" "$T/g.tab"
zcat $D/chr21_test.gtf.gz | $SS utr -q -g $D/chr21_exon_only_chr21.fa.gz - >"$T/o.fa" 2>"$T/err"
same "annotation on stdin" "$T/c21.fa" "$T/o.fa"

echo "# CDS and transcripts equal gffread -x and -w (soft-masked genome)"
$SS utr -q -w transcript -g $D/hg38test.fa.gz $D/hg38_t_sel.gff3 >"$T/o.fa" 2>"$T/err"
same_seqs "--what transcript = gffread -w" $D/hg38_t_sel.w.fa "$T/o.fa"
if grep -v '^>' "$T/o.fa" | grep -q '[acgt]'; then ok "soft-masked bases stay lowercase"; else bad "soft-masked bases stay lowercase"; fi
$SS utr -q -w cds -g $D/hg38test.fa.gz $D/hg38_t_sel.gff3 >"$T/o.fa" 2>"$T/err"
same_seqs "--what cds = gffread -x" $D/hg38_t_sel.x.fa "$T/o.fa"

echo "# bedtools getfasta -split -s on our BED12 returns our sequences"
if command -v bedtools >/dev/null 2>&1; then
    zcat $D/chr21_exon_only_chr21.fa.gz >"$T/chr21.fa" # bedtools 2.30 cannot read BGZF FASTA
    for w in utr3 cds transcript; do
        $SS utr -q -w $w -g "$T/chr21.fa" $D/chr21_test.gtf.gz >"$T/o.fa" 2>"$T/err"
        $SS utr -q -w $w --bed $D/chr21_test.gtf.gz >"$T/o.bed" 2>"$T/err"
        bedtools getfasta -fi "$T/chr21.fa" -bed "$T/o.bed" -split -s -nameOnly 2>/dev/null | sed 's/([+-])$//' >"$T/bt.fa"
        same_seqs "chr21 --what $w" "$T/bt.fa" "$T/o.fa"
    done
    $SS utr -q -w transcript --bed -g $D/ENST00000580206.fa $D/ENST00000580206.gff >"$T/o.bed" 2>"$T/err"
    $SS utr -q -w transcript -g $D/ENST00000580206.fa $D/ENST00000580206.gff >"$T/o.fa" 2>"$T/err"
    bedtools getfasta -fi $D/ENST00000580206.fa -bed "$T/o.bed" -split -s -nameOnly 2>/dev/null | sed 's/([+-])$//' >"$T/bt.fa"
    same_seqs "ANKRD30B slice, every transcript" "$T/bt.fa" "$T/o.fa"
else echo "skip bedtools (not installed)"; fi

echo "# selection"
n=$($SS utr -q --per-gene longest -g $D/chr21_exon_only_chr21.fa.gz $D/chr21_test.gtf.gz 2>"$T/err" | grep -c '^>')
if [ "$n" = 8 ]; then ok "--per-gene longest: one per gene (8)"; else bad "--per-gene longest: $n, not 8"; fi
n=$($SS utr -q --region 21:26,300,000-27,000,000 --bed $D/chr21_test.gtf.gz 2>"$T/err" | wc -l)
if [ "$n" = 4 ]; then ok "--region"; else bad "--region: $n, not 4"; fi
n=$($SS utr -q --biotype nonsense_mediated_decay --bed $D/chr21_test.gtf.gz 2>"$T/err" | cut -f4)
if [ "$n" = ENST00000460679 ]; then ok "--biotype"; else bad "--biotype: $n"; fi

echo "# -o, help, errors"
$SS utr -q -g $D/gffread_ex.fa.gz -o "$T/out.fa" $D/gffread_ex.gff 2>"$T/err" && same_seqs "-o writes the file" $D/gffread_ex.utr3.fa "$T/out.fa"
$SS utr -q -g $D/gffread_ex.fa.gz -o "$T/out.fa.gz" $D/gffread_ex.gff 2>"$T/err"
gzip -dc "$T/out.fa.gz" >"$T/out2.fa" 2>/dev/null
same "-o x.gz writes BGZF" "$T/out.fa" "$T/out2.fa"
echo old >"$T/keep.fa"
expect_fail "a missing sequence is an error naming line and transcript" \
    "seedscan utr: $D/gffread_ex.gff:2: transcript rna157470: sequence 'NT_187562.1' is not in $D/ENST00000301246.fa" \
    $SS utr -g $D/ENST00000301246.fa -o "$T/keep.fa" $D/gffread_ex.gff
if [ "$(cat "$T/keep.fa")" = old ] && [ -z "$(ls "$T" | grep 'keep.fa.tmp')" ]; then ok "a failed run leaves -o untouched"; else bad "a failed run leaves -o untouched"; fi
expect_fail "no partial output on stdout" "is not in" $SS utr -g $D/ENST00000301246.fa $D/gffread_ex.gff
if [ ! -s "$T/out" ]; then ok "stdout stays empty on error"; else bad "stdout stays empty on error"; fi
printf '1\tx\texon\t10\t5\t.\t+\t.\tgene_id "g"; transcript_id "t";\n' >"$T/bad.gtf"
expect_fail "start > end" "seedscan utr: $T/bad.gtf:1: exon: start 10 > end 5" $SS utr -g $D/ENST00000301246.fa "$T/bad.gtf"
printf '1\tx\texon\t1\t50\t.\t+\t.\tgene_id "g"; transcript_id "t";\n1\tx\texon\t40\t90\t.\t+\t.\tgene_id "g"; transcript_id "t";\n' >"$T/bad.gtf"
expect_fail "overlapping exons" "bad.gtf:2: exon 40-90 of transcript t overlaps its exon 1-50 (line 1)" $SS utr --bed "$T/bad.gtf"
expect_fail "FASTA given as the annotation" "1: not a GTF/GFF3 feature line" $SS utr --bed $D/ENST00000301246.fa
expect_fail "no genome" "no genome: give it with -g" $SS utr $D/gffread_ex.gff
expect_fail "bad --what" "--what: 'utr5' is not utr3, cds or transcript" $SS utr --what utr5 --bed $D/gffread_ex.gff
expect_fail "bad --per-gene" "--per-gene: 'best' is not longest or canonical" $SS utr --per-gene best --bed $D/gffread_ex.gff
expect_fail "bad --region" "--region '21:9-1' is not CHR" $SS utr --region 21:9-1 --bed $D/chr21_test.gtf.gz
expect_fail "--biotype that matches nothing" "no transcript with a utr3 is left to write (see --biotype" $SS utr --biotype nope --bed $D/chr21_test.gtf.gz
expect_fail "unknown option" "invalid option" $SS utr --nope $D/gffread_ex.gff
gzip -dc $D/gffread_ex.fa.gz | gzip -c >"$T/plain.fa.gz"
expect_fail "plain gzip genome" "plain gzip cannot be indexed" $SS utr -g "$T/plain.fa.gz" $D/gffread_ex.gff
if $SS utr --help >"$T/out" 2>"$T/err" && grep -q '^Usage: seedscan utr' "$T/out" && [ ! -s "$T/err" ]; then ok "--help on stdout, exit 0"; else bad "--help"; fi
$SS utr -q -g $D/gffread_ex.fa.gz $D/gffread_ex.gff >/dev/null 2>"$T/err"
if [ ! -s "$T/err" ]; then ok "-q: nothing on stderr"; else bad "-q: nothing on stderr"; fi

cli_finish
