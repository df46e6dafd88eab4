/* annot_priv.h: the annotation reader's working state, shared by annot.c (lines) and txbuild.c (models). */
#ifndef SSC_GENOME_ANNOT_PRIV_H
#define SSC_GENOME_ANNOT_PRIV_H

#include <stdarg.h>
#include <htslib/khash.h>
#include "genome/annot.h"

KHASH_MAP_INIT_STR(gstr, int)

typedef struct {
    ssc_gblk_t *a;
    int n, m;
} ssc_bvec_t;

/* A string arena: everything the models point to lives here until destroy. */
typedef struct ssc_pool_chunk_s {
    struct ssc_pool_chunk_s *next;
    size_t used, size;
    char data[];
} ssc_pool_chunk_t;

/* A transcript while its lines are being read. */
typedef struct {
    const char *key;        /* the ID lines refer to it by (GFF3: with its "transcript:" prefix) */
    int tid;                /* chromosome, -1 until a line places it */
    char strand;
    int line;               /* first line */
    int attr_line;          /* line its attributes came from (GTF), 0 = none yet */
    ssc_bvec_t exon, cds, stop, utr3, utr; /* utr: GTF "UTR" lines (5' and 3' alike) */
    const char *gene_id, *gene_name, *biotype, *type; /* GTF: from its lines */
    unsigned flags;         /* SSC_TX_* tags */
    int open3;              /* tagged cds_end_NF / 3' partial */
    int64_t cds5;           /* 5'-most CDS coordinate so far (genomic 0-based: beg on +, end on -) */
    int phase5;             /* the phase column of that CDS line */
} ssc_txb_t;

/* A GFF3 feature with an ID that may be a gene or a transcript. */
typedef struct {
    const char *id, *type, *parent, *name, *biotype, *gene_id, *gene;
    unsigned flags;
    int open3_plus, open3_minus; /* 3' end partial if the transcript is on + / - */
    int line;
} ssc_grec_t;

struct ssc_annot_priv_s {
    ssc_pool_chunk_t *pool;
    khash_t(gstr) *chrom_h, *tx_h, *rec_h;
    ssc_txb_t *txb;
    int n_txb, m_txb, m_chrom;
    ssc_grec_t *rec;
    int n_rec, m_rec;
    int64_t n_stop_lines;   /* GTF stop_codon lines: none means CDS lines include the stop */
    int warn_shown;
    int last_chrom, last_txb; /* the previous line's, to skip a hash lookup */
    kstring_t err;
};

#define SSC_ANNOT_MAX_WARN_SHOWN 20

char *ssc_pool_strndup(struct ssc_annot_priv_s *p, const char *s, size_t n);
int ssc_bvec_push(ssc_bvec_t *v, int64_t beg, int64_t end, int line);
/* A warning about odd but legal input: counted, the first few logged. */
void ssc_annot_warn(ssc_annot_t *a, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Set the error message "FILE:LINE: msg" (line 0: "FILE: msg"); returns SSC_EFORMAT. */
int ssc_annot_fail(ssc_annot_t *a, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Turn the builders into a->tx (txbuild.c). */
int ssc_annot_build(ssc_annot_t *a);

#endif
