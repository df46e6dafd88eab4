#!/bin/sh
# make_fixtures.sh: rebuilds testdata/genome/ from the shared genome test data (see README.md here).
# usage (from the top directory): SEEDSCAN=./seedscan sh testdata/genome/make_fixtures.sh ../shared/data/genome
# Needs python3 (standard library), bgzip (tabix) and a seedscan binary (for `seedscan index`).
set -eu
S=$1
D=testdata/genome
SS=${SEEDSCAN:-./seedscan}

# genome FASTA with every base outside the exon/CDS lines of the annotations replaced by N
# (letter case and line width kept), so that the fixture compresses to a few kB
nmask() { # FASTA OUT ANNOTATION...
    python3 - "$@" <<'PY'
import sys, gzip
fa, out, anns = sys.argv[1], sys.argv[2], sys.argv[3:]
keep = {}
for a in anns:
    op = gzip.open if a.endswith('.gz') else open
    for l in op(a, 'rt'):
        f = l.rstrip('\n').split('\t')
        if len(f) == 9 and f[2] in ('exon', 'CDS'):
            keep.setdefault(f[0], []).append((int(f[3]) - 1, int(f[4])))
name, seq, width, recs = None, [], 0, []
for l in open(fa):
    l = l.rstrip('\n')
    if l.startswith('>'):
        if name is not None: recs.append((name, ''.join(seq)))
        name, seq = l, []
    else:
        width = width or len(l)
        seq.append(l)
recs.append((name, ''.join(seq)))
with open(out, 'w') as o:
    for h, s in recs:
        m = bytearray(b'N' * len(s))
        for b, e in keep.get(h[1:].split()[0], []):
            m[b:e] = s[b:e].encode()
        o.write(h + '\n')
        for i in range(0, len(m), width): o.write(m[i:i + width].decode() + '\n')
PY
}

# gffread examples (RefSeq GFF3, + and - strand, one-piece UTRs): BGZF genome, N outside exons
cp "$S/gffread_examples/annotation.gff" $D/gffread_ex.gff
cp "$S/gffread_examples/expected/annotation.utr3.fa" $D/gffread_ex.utr3.fa
cp "$S/gffread_examples/expected/annotation.utr3.bed" $D/gffread_ex.utr3.bed
cp "$S/gffread_examples/exp_out/transcripts.fa" $D/gffread_ex.w.fa
cp "$S/gffread_examples/exp_out/transcripts_CDS.fa" $D/gffread_ex.x.fa
cp "$S/gffread_examples/exp_out/annotation.gtf" $D/gffread_ex.gtf
nmask "$S/gffread_examples/genome.fa" $D/gffread_ex.fa $D/gffread_ex.gff
bgzip -f $D/gffread_ex.fa && $SS index $D/gffread_ex.fa.gz

# gffread tests (hg38 alt contigs, soft-masked; KIR3DS1 - with a 2-piece 3'UTR): BGZF genome, N outside exons
cp "$S/gffread_tests/hg38_t_sel.gff3" $D/hg38_t_sel.gff3
cp "$S/gffread_tests/out_check/hg38_t_sel.w.fa" $D/hg38_t_sel.w.fa
cp "$S/gffread_tests/out_check/hg38_t_sel.x.fa" $D/hg38_t_sel.x.fa
cp "$S/gffread_tests/out_check/hg38_t_sel.gtf" $D/hg38_t_sel.gtf
nmask "$S/gffread_tests/hg38test.fa" $D/hg38test.fa $D/hg38_t_sel.gff3
bgzip -f $D/hg38test.fa && $SS index $D/hg38test.fa.gz

# bcftools csq slices (Ensembl GFF3 in slice coordinates, plain FASTA): unchanged
for t in ENST00000301246 ENST00000536784 ENST00000573314 ENST00000580206; do
    cp "$S/bcftools_csq/$t/$t.fa" "$S/bcftools_csq/$t/$t.fa.fai" "$S/bcftools_csq/$t/$t.gff" $D/
    cp "$S/bcftools_csq/expected_utr3/$t.utr3.fa" "$S/bcftools_csq/expected_utr3/$t.utr3.bed" $D/
done

# GenBank slices converted to GFF3: unchanged
for u in UD_144413132067 UD_150167851083; do
    cp "$S/genbank_slices/$u.gff3" "$S/genbank_slices/$u.fa" "$S/genbank_slices/$u.fa.fai" $D/
    cp "$S/genbank_slices/expected_utr3/$u.utr3.fa" "$S/genbank_slices/expected_utr3/$u.utr3.bed" $D/
done

# Ensembl GRCh38 chr21: GTF, exon-only BGZF genome, expected UTRs, VEP cache UTRs: unchanged
for f in test.gtf.gz exon_only_chr21.fa.gz exon_only_chr21.fa.gz.fai exon_only_chr21.fa.gz.gzi \
         test.gtf.utr3.fa test.gtf.utr3.bed vep_cache_utr3.fa; do
    cp "$S/ensembl_vep_chr21/$f" $D/chr21_$f
done
# and the Ensembl GFF3 of chr21 cut to 21:25,500,000-26,300,000 where no gene crosses either end
# (every line inside, and the chromosome line), BGZF
python3 - "$S/ensembl_vep_chr21/test.gff.gz" $D/chr21_test.gff <<'PY'
import sys, gzip
lo, hi = 25500000, 26300000
lines = [l for l in gzip.open(sys.argv[1], 'rt')]
for l in lines:
    f = l.split('\t')
    if len(f) == 9 and f[2].endswith('gene') and int(f[3]) < lo <= int(f[4]) or len(f) == 9 and f[2].endswith('gene') and int(f[3]) <= hi < int(f[4]):
        sys.exit('a gene crosses the cut: ' + l)
with open(sys.argv[2], 'w') as o:
    for l in lines:
        f = l.split('\t')
        if l.startswith('#') and not l.startswith('###') or len(f) == 9 and (f[2] == 'chromosome' or lo <= int(f[3]) and int(f[4]) <= hi):
            o.write(l)
PY
bgzip -f $D/chr21_test.gff
