/* annot.h: transcript models read from GTF/GFF3 annotations, and transcript <-> genome mapping. */
#ifndef SSC_GENOME_ANNOT_H
#define SSC_GENOME_ANNOT_H

#include <stdint.h>
#include <htslib/kstring.h>

/* A piece of a feature on the genome. */
typedef struct {
    int64_t beg, end; /* genomic, 0-based half-open: [beg, end) on the + strand */
    int line;         /* annotation line it came from (1-based; 0 = derived) */
} ssc_gblk_t;

enum {
    SSC_TX_CDS = 1,         /* has a CDS (cds_beg/cds_end are set) */
    SSC_TX_CDS_END = 2,     /* the CDS ends in an annotated stop codon: a 3'UTR may follow */
    SSC_TX_CANONICAL = 4,   /* tag Ensembl_canonical */
    SSC_TX_MANE = 8,        /* tag MANE_Select (or RefSeq's "MANE Select") */
    SSC_TX_BASIC = 16,      /* tag basic */
    SSC_TX_UTR3_FEAT = 32   /* the 3'UTR came from three_prime_utr/UTR features */
};

/* One transcript. Strings and arrays are owned by the annotation. */
typedef struct {
    const char *id;        /* transcript ID (GFF3: ID without "transcript:"/"rna-") */
    const char *gene_id;   /* never empty */
    const char *gene_name; /* "" when the annotation names none */
    const char *biotype;   /* transcript biotype, else the gene's, else the feature type */
    const char *type;      /* feature type: transcript, mRNA, NMD_transcript_variant, ... */
    int tid;               /* chromosome: index into ssc_annot_t.chrom */
    char strand;           /* '+' or '-' */
    unsigned flags;        /* SSC_TX_* */
    int line;              /* first annotation line of the transcript */
    int n_exon;
    ssc_gblk_t *exon;      /* ascending, non-overlapping */
    int64_t cds_beg, cds_end; /* genomic 0-based half-open span of the CDS, stop codon included */
    int cds_phase;         /* phase of the 5'-most CDS line: bases before the first whole codon */
    int n_utr3;
    ssc_gblk_t *utr3;      /* 3'UTR pieces, ascending; none without SSC_TX_CDS_END */
} ssc_tx_t;

/* What was read and what was set aside, for the report. */
typedef struct {
    int64_t lines;          /* lines read, comments included */
    int64_t features;       /* feature lines */
    int64_t other_types;    /* feature lines of types not used (gene, start_codon, ...) */
    int n_tx;               /* transcripts built */
    int n_coding;           /* with a CDS */
    int n_utr3;             /* with a 3'UTR */
    int n_cds_open;         /* with a CDS but no complete 3' end (no annotated stop codon) */
    int n_stop_no_utr;      /* complete CDS end, but nothing follows the stop codon */
    int n_warn;             /* warnings (odd but legal input) */
} ssc_annot_stats_t;

enum { SSC_ANNOT_GTF = 1, SSC_ANNOT_GFF3 = 2 };

typedef struct ssc_annot_s {
    int n_tx;
    ssc_tx_t *tx;           /* in order of first appearance in the file */
    int n_chrom;
    char **chrom;           /* sequence names as the annotation gives them */
    int format;             /* SSC_ANNOT_GTF or SSC_ANNOT_GFF3 */
    char *fname;            /* the file read */
    ssc_annot_stats_t st;
    struct ssc_annot_priv_s *p; /* parsing state and storage */
} ssc_annot_t;

ssc_annot_t *ssc_annot_init(void);
void ssc_annot_destroy(ssc_annot_t *a);
/* Read a GTF or GFF3 file (plain, gzip or BGZF; "-" = stdin; format by content).
 * Returns 0, or SSC_EIO/SSC_EFORMAT/SSC_ENOMEM with ssc_annot_errmsg() naming
 * file, line and feature. Warnings go through ssc_log and are counted. */
int ssc_annot_load(ssc_annot_t *a, const char *path);
const char *ssc_annot_errmsg(const ssc_annot_t *a);

/* ---- transcript <-> genome coordinates --------------------------------
 * "Transcript coordinates" count from the 5' end of the spliced blocks on
 * the transcript's strand, 0-based. Blocks are ascending on the genome. */
int64_t ssc_blk_len(const ssc_gblk_t *b, int n);
/* Genomic 0-based position of transcript position t, or -1 when outside. */
int64_t ssc_blk_t2g(const ssc_gblk_t *b, int n, char strand, int64_t t);
/* Transcript position of genomic 0-based position g, or -1 when g is in no block. */
int64_t ssc_blk_g2t(const ssc_gblk_t *b, int n, char strand, int64_t g);
/* The genomic pieces (ascending) of the transcript interval [t_beg, t_end):
 * at most n pieces written to out; returns their count, -1 when the interval
 * is empty or not inside the blocks. */
int ssc_blk_t2g_range(const ssc_gblk_t *b, int n, char strand, int64_t t_beg, int64_t t_end,
                      ssc_gblk_t *out);
/* The part of b inside [beg, end) (genomic 0-based), written to out (size n); returns the count. */
int ssc_blk_clip(const ssc_gblk_t *b, int n, int64_t beg, int64_t end, ssc_gblk_t *out);

enum { SSC_PART_UTR3 = 0, SSC_PART_CDS = 1, SSC_PART_TX = 2 };
/* The blocks of a part of tx into *out (grown as needed, *m its capacity);
 * returns how many (0: the transcript has no such part) or SSC_ENOMEM. */
int ssc_tx_part(const ssc_tx_t *tx, int part, ssc_gblk_t **out, int *m);

#endif
