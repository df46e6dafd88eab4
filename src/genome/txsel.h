/* txsel.h: which transcripts to write: biotypes, a region, one per gene (longest or canonical). */
#ifndef SSC_GENOME_TXSEL_H
#define SSC_GENOME_TXSEL_H

#include <htslib/kstring.h>
#include "genome/annot.h"

enum { SSC_PER_GENE_ALL = 0, SSC_PER_GENE_LONGEST, SSC_PER_GENE_CANONICAL };

typedef struct {
    int part;               /* SSC_PART_*: transcripts without it are left out */
    int per_gene;           /* SSC_PER_GENE_* */
    const char *biotypes;   /* comma-separated transcript biotypes; NULL = all */
    const char *region;     /* CHR, CHR:FROM-TO or CHR:FROM (1-based inclusive); NULL = all */
} ssc_txsel_opt_t;

typedef struct {
    int n_biotype;          /* left out by --biotype */
    int n_region;           /* outside --region */
    int n_no_part;          /* without the part (no 3'UTR, no CDS) */
    int n_per_gene;         /* other transcripts of a gene with --per-gene */
    int n_kept;
} ssc_txsel_stats_t;

/* keep[i] = 1 for each transcript of a to write. Returns how many, or
 * SSC_EINVAL (bad --region; *err says why) / SSC_ENOMEM. */
int ssc_txsel(const ssc_annot_t *a, const ssc_txsel_opt_t *o, char *keep, ssc_txsel_stats_t *st, kstring_t *err);

/* Parse CHR[:FROM[-TO]] (1-based inclusive, commas allowed in numbers) into
 * *chrom (malloc'd) and [*beg, *end) 0-based; a name containing ':' is taken
 * whole when `known` says it is a sequence name. 0 or SSC_EINVAL. */
int ssc_parse_region(const char *s, int (*known)(const char *name, void *data), void *data,
                     char **chrom, int64_t *beg, int64_t *end);

#endif
