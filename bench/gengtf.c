/* gengtf.c: a deterministic genome + Ensembl-style GTF for genome-mode benchmarks: gengtf MNT GENES TX_PER_GENE OUT [SEED] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCHROM 10
#define MAX_EXON 12

#include "rng.h"

static long uniform(long lo, long hi) { return lo + (long)(next() % (uint64_t)(hi - lo + 1)); }

typedef struct { long beg, end; } blk_t; /* 1-based inclusive */

/* Random bases, a tenth of them in soft-masked (lowercase) runs, 60 per line. */
static void write_genome(FILE *fp, long chrom_len)
{
    static const char acgt[] = "ACGTacgt";
    char line[61];
    for (int c = 0; c < NCHROM; c++) {
        long lower = 0;
        fprintf(fp, ">chr%d\n", c + 1);
        for (long done = 0; done < chrom_len;) {
            int n = chrom_len - done < 60 ? (int)(chrom_len - done) : 60;
            for (int i = 0; i < n; i++) {
                uint64_t r = next();
                if (lower == 0 && (r >> 40) % 2000 == 0) lower = 300;
                line[i] = acgt[(r & 3) + (lower > 0 ? 4 : 0)];
                if (lower > 0) lower--;
            }
            line[n] = 0;
            fprintf(fp, "%s\n", line);
            done += n;
        }
    }
}

/* The genomic pieces of transcript interval [t0, t1) (0-based, from the 5' end) over exons. */
static int t2g(const blk_t *ex, int n, char strand, long t0, long t1, blk_t *out)
{
    long len = 0, acc = 0, u0, u1;
    int k = 0;
    for (int i = 0; i < n; i++) len += ex[i].end - ex[i].beg + 1;
    u0 = strand == '-' ? len - t1 : t0;
    u1 = strand == '-' ? len - t0 : t1;
    for (int i = 0; i < n; i++) {
        long l = ex[i].end - ex[i].beg + 1, s = u0 > acc ? u0 - acc : 0, e = u1 - acc < l ? u1 - acc : l;
        if (s < e) out[k++] = (blk_t){ ex[i].beg + s, ex[i].beg + e - 1 };
        acc += l;
    }
    return k;
}

static void put_lines(FILE *fp, const char *pre, const char *type, const blk_t *b, int n, char strand,
                      const char *attrs)
{
    for (int i = 0; i < n; i++)
        fprintf(fp, "%s\t%s\t%ld\t%ld\t.\t%c\t%s\t%s\n", pre, type, b[i].beg, b[i].end, strand,
                strcmp(type, "CDS") && strcmp(type, "stop_codon") && strcmp(type, "start_codon") ? "." : "0", attrs);
}

/* One transcript: a subset of the gene's exons, a CDS, UTRs and codons as Ensembl writes them. */
static void write_tx(FILE *fp, const char *pre, const blk_t *gex, int ng, char strand, const char *gattr,
                     long gi, int ti)
{
    blk_t ex[MAX_EXON], b[MAX_EXON];
    char attrs[1024];
    int n = 0, coding = next() % 10 != 0;
    long len = 0;
    for (int i = 0; i < ng; i++)
        if (i == 0 || i == ng - 1 || next() % 4) ex[n++] = gex[i];
    for (int i = 0; i < n; i++) len += ex[i].end - ex[i].beg + 1;
    snprintf(attrs, sizeof attrs, "%s transcript_id \"ENSTB%09ld\"; transcript_version \"1\"; "
             "transcript_name \"GB%ld-%03d\"; transcript_source \"havana\"; transcript_biotype \"%s\";%s "
             "transcript_support_level \"1\";", gattr, gi * 10 + ti, gi, 201 + ti,
             coding ? "protein_coding" : "processed_transcript", ti == 0 ? " tag \"basic\"; tag \"Ensembl_canonical\";" : "");
    fprintf(fp, "%s\ttranscript\t%ld\t%ld\t.\t%c\t.\t%s\n", pre, ex[0].beg, ex[n - 1].end, strand, attrs);
    put_lines(fp, pre, "exon", ex, n, strand, attrs);
    long cs = uniform(20, 200), ce = len - uniform(150, len / 2 > 300 ? len / 2 : 300);
    if (!coding || ce - cs < 60) return;
    ce -= (ce - cs) % 3;
    int k = t2g(ex, n, strand, cs, ce - 3, b);
    put_lines(fp, pre, "CDS", b, k, strand, attrs);
    k = t2g(ex, n, strand, cs, cs + 3, b);
    put_lines(fp, pre, "start_codon", b, k, strand, attrs);
    k = t2g(ex, n, strand, ce - 3, ce, b);
    put_lines(fp, pre, "stop_codon", b, k, strand, attrs);
    k = t2g(ex, n, strand, 0, cs, b);
    put_lines(fp, pre, "five_prime_utr", b, k, strand, attrs);
    k = t2g(ex, n, strand, ce, len, b);
    put_lines(fp, pre, "three_prime_utr", b, k, strand, attrs);
}

/* A gene in a slot of the chromosome: 3-12 exons, then its transcripts. */
static void write_gene(FILE *fp, int chrom, long slot_beg, long slot_len, long gi, int ntx)
{
    blk_t gex[MAX_EXON];
    char pre[64], gattr[512];
    char strand = next() & 1 ? '+' : '-';
    int ng = (int)uniform(3, MAX_EXON);
    long pos = slot_beg + uniform(1, slot_len / 10), room = slot_len * 8 / 10 / ng;
    for (int i = 0; i < ng; i++) {
        long l = i == ng - 1 ? uniform(room / 3, room * 2 / 3) : uniform(50, room / 4);
        gex[i] = (blk_t){ pos, pos + l - 1 };
        pos += l + uniform(room / 4, room / 3);
    }
    snprintf(pre, sizeof pre, "chr%d\tensembl_havana", chrom + 1);
    snprintf(gattr, sizeof gattr, "gene_id \"ENSGB%09ld\"; gene_version \"1\"; gene_name \"GB%ld\"; "
             "gene_source \"ensembl_havana\"; gene_biotype \"protein_coding\";", gi, gi);
    fprintf(fp, "%s\tgene\t%ld\t%ld\t.\t%c\t.\t%s\n", pre, gex[0].beg, gex[ng - 1].end, strand, gattr);
    for (int t = 0; t < ntx; t++) write_tx(fp, pre, gex, ng, strand, gattr, gi, t);
}

int main(int argc, char *argv[])
{
    char path[4096];
    if (argc < 5) {
        fprintf(stderr, "usage: gengtf MNT GENES TX_PER_GENE OUT [SEED]: writes OUT.fa and OUT.gtf\n");
        return 1;
    }
    long mnt = atol(argv[1]), genes = atol(argv[2]), chrom_len = mnt * 1000000 / NCHROM;
    int ntx = atoi(argv[3]);
    long per_chrom = genes / NCHROM, slot = per_chrom ? chrom_len / per_chrom : 0;
    rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) : 20261207;
    if (mnt < 1 || genes < NCHROM || ntx < 1 || slot < 2000) {
        fprintf(stderr, "gengtf: need MNT >= 1, GENES >= %d, TX_PER_GENE >= 1 and 2 kb per gene\n", NCHROM);
        return 1;
    }
    snprintf(path, sizeof path, "%s.fa", argv[4]);
    FILE *fa = fopen(path, "w");
    snprintf(path, sizeof path, "%s.gtf", argv[4]);
    FILE *gtf = fopen(path, "w");
    if (!fa || !gtf) {
        perror(path);
        return 1;
    }
    write_genome(fa, chrom_len);
    fprintf(gtf, "#!genome-build gengtf\n");
    for (int c = 0; c < NCHROM; c++)
        for (long g = 0; g < per_chrom; g++) write_gene(gtf, c, g * slot, slot, c * per_chrom + g, ntx);
    if (fclose(fa) || fclose(gtf)) {
        perror("gengtf");
        return 1;
    }
    return 0;
}
