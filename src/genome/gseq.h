/* gseq.h: genome sequences through htslib faidx, and FASTA/BED12 records of transcript parts. */
#ifndef SSC_GENOME_GSEQ_H
#define SSC_GENOME_GSEQ_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "genome/annot.h"

typedef struct ssc_genome_s ssc_genome_t;

/* Open an indexed FASTA (plain, or BGZF with .fai and .gzi); a missing index
 * is built beside it as `samtools faidx` does. NULL with the reason in *err. */
ssc_genome_t *ssc_genome_open(const char *path, kstring_t *err);
void ssc_genome_close(ssc_genome_t *g);
/* The path it was opened from (to open another handle for another thread). */
const char *ssc_genome_path(const ssc_genome_t *g);
/* Length of a sequence, -1 when the genome has no such name. */
int64_t ssc_genome_seqlen(const ssc_genome_t *g, const char *name);
/* Append the bases of blocks b (ascending, genomic 0-based half-open) in
 * transcript order: reverse-complemented on '-', letter case kept. 0, or
 * SSC_EIO/SSC_EFORMAT with *err set. */
int ssc_genome_splice(ssc_genome_t *g, const char *chrom, const ssc_gblk_t *b, int n, char strand,
                      kstring_t *seq, kstring_t *err);

/* The transcript's chromosome is in the genome and no exon runs past its end;
 * else SSC_ENOTFOUND/SSC_EFORMAT with *err = "ANNOT:LINE: ..." naming the feature. */
int ssc_tx_check_genome(const ssc_annot_t *a, const ssc_tx_t *tx, const ssc_genome_t *g, kstring_t *err);

/* Reverse complement in place, case kept (IUPAC codes map to theirs; U -> A). */
void ssc_revcomp_iupac(char *s, size_t n);

/* A FASTA record ">ID|GENE gene_id=.. gene_name=.. chrom=.. strand=.. blocks=s-e,..."
 * (blocks 1-based inclusive, ascending), sequence in lines of 60, appended to out. */
int ssc_tx_fasta(const ssc_annot_t *a, const ssc_tx_t *tx, const ssc_gblk_t *b, int n, const char *seq,
                 size_t len, kstring_t *out);
/* A BED12 line of the part's blocks, as UCSC draws it: thick = the CDS (stop
 * included) for whole transcripts, all of it for CDS, none (thickStart =
 * thickEnd = chromStart) for 3'UTRs and non-coding transcripts. */
int ssc_tx_bed12(const ssc_annot_t *a, const ssc_tx_t *tx, int part, const ssc_gblk_t *b, int n, kstring_t *out);

#endif
