#!/bin/sh
# make_examples.sh: rebuilds the files of refs/examples/ from their sources (see refs/examples/README.md).
# Run from the top directory: sh refs/examples/make_examples.sh [SHARED_DATA_DIR]
# Sources: refs/, testdata/ and the project's reference data (../shared/data by default).
set -eu
D=${1:-../shared/data}
X=refs/examples
export LC_ALL=C

# accessions (without version) of the shipped human 3'UTRs, and their full IDs
grep '^>' refs/hsa_3utr_collected.fa | sed 's/^>//; s/ .*//' >"$X/.ids"

# 1. ttr_sirna.deseq2.csv: the DESeq2 results of testdata/ as R's write.csv(res) writes them
#    (row names in a first column with an empty name, strings quoted, NA unquoted)
gzip -dc testdata/seedmatchr_ttr_deseq2.tsv.gz | awk -F'\t' -v OFS=, '
    NR == 1 { printf "\"\""; for (i = 2; i <= NF; i++) printf ",\"%s\"", $i; print ""; next }
    { printf "\"%s\"", $1; for (i = 2; i <= NF; i++) printf "%s", ($i ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ || $i == "NA") ? "," $i : ",\"" $i "\""; print "" }' \
    >"$X/ttr_sirna.deseq2.csv"

# 2. hsa_orfs.fa.gz: the ORF (CDS, stop codon included) of each shipped 3'UTR whose full RefSeq
#    mRNA is in the reference data, under the UTR's own ID; 60 letters a line
gzip -dc "$D/utr3/hsa_mrna_refseq_hgvs_cds_annotated.fa.gz" | awk '
    FNR == NR { want[$1] = 1; next }
    /^>/ { if (id != "") emit(); id = substr($1, 2); cds = ""; s = "";
           for (i = 2; i <= NF; i++) if ($i ~ /^CDS=/) cds = substr($i, 5); next }
    { s = s $0 }
    END { if (id != "") emit() }
    function emit(   a, o, k) {
        if (!(id in want) || cds == "") return
        split(cds, a, /\.\./); o = substr(s, a[1], a[2] - a[1] + 1)
        print ">" id " CDS=" cds " (1-based in the mRNA, stop codon included)"
        for (k = 1; k <= length(o); k += 60) print substr(o, k, 60)
    }' "$X/.ids" - | gzip -9 -n >"$X/hsa_orfs.fa.gz"

# 3. hela_logtpm.tsv: the rows of McGeary et al.'s HeLa transfection matrix (log2 TPM, one
#    column per transfected miRNA) whose RefSeq accession is that of a shipped 3'UTR (versions
#    aside), unchanged; the header gains the name of the ID column
awk -F'\t' '
    FNR == NR { a = $1; sub(/[.|].*/, "", a); want[a] = 1; next }
    FNR == 1 { print "transcript_id" $0; next }
    { a = $1; sub(/\..*/, "", a); if (a in want) print }' \
    "$X/.ids" "$D/expression/mcgeary2019_hek_hela/GSE140217_HeLa_transfection_logtpm_batchnormalized.txt" \
    >"$X/hela_logtpm.tsv"

# 4. fly_miR1.ranked.txt: the fly S2 genes ranked by log2 fold change in the miR-1 transfection,
#    most repressed first (the order of testdata/sylamer_fly_miR1_utrs.fa.gz)
gzip -dc testdata/sylamer_fly_miR1_utrs.fa.gz | sed -n 's/^>\([^ ]*\).*/\1/p' >"$X/fly_miR1.ranked.txt"

# 5. chr21_slice.fa.gz and chr21_slice.utr3.bed: GRCh38 chr21:25,580,001-25,720,000 of the
#    exon-only chr21 of the reference data (bases inside annotated exons, N elsewhere), as one
#    record named 21:25580001-25720000, BGZF; and the 3'UTRs of the Ensembl test GTF inside it
#    (BED12, shifted to the slice: slice position = chr21 position - 25,580,000)
gzip -dc "$D/genome/ensembl_vep_chr21/exon_only_chr21.fa.gz" | awk -v from=25580001 -v to=25720000 '
    /^>/ { next }
    { n = length($0); if (pos + n >= from && pos < to) s = s substr($0, from - pos > 1 ? from - pos : 1,
          to - pos < n ? to - pos - (from - pos > 1 ? from - pos : 1) + 1 : n); pos += n; if (pos >= to) exit }
    END { print ">21:25580001-25720000 GRCh38 chr21:25,580,001-25,720,000 (exon-only: N outside exons)";
          for (k = 1; k <= length(s); k += 60) print substr(s, k, 60) }' | bgzip -c >"$X/chr21_slice.fa.gz"
awk -F'\t' -v OFS='\t' '$2 >= 25580000 && $3 <= 25720000 {
        $1 = "21:25580001-25720000"; $2 -= 25580000; $3 -= 25580000; $7 -= 25580000; $8 -= 25580000; print }' \
    "$D/genome/ensembl_vep_chr21/test.gtf.utr3.bed" >"$X/chr21_slice.utr3.bed"
rm -f "$X/.ids"
