/* gsite.h: sites of spliced 3'UTRs in genomic coordinates: the UTR's placement, TSV/BED12/summary writers. */
#ifndef SSC_GENOME_GSITE_H
#define SSC_GENOME_GSITE_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "seedscan.h"
#include "genome/annot.h"

/* Where a scanned sequence (a spliced 3'UTR) lies on the genome. Strings
 * and blocks are owned by whoever filled it (the annotation, or the header
 * ssc_gtx_parse read). */
typedef struct {
    const char *chrom;      /* sequence name as the annotation/genome gives it */
    char strand;            /* '+' or '-': the transcript's strand */
    int n;                  /* number of blocks */
    const ssc_gblk_t *b;    /* ascending, genomic 0-based half-open; their lengths add up to the sequence's */
    const char *gene_id;    /* never empty */
    const char *gene_name;  /* "." when there is none */
} ssc_gtx_t;

/* Read the placement from the comment of a `seedscan utr` header
 * ("gene_id=G gene_name=N chrom=C strand=S blocks=S-E,..." with 1-based
 * inclusive blocks). The comment is cut in place into the strings g points
 * to; blocks go to *blk (grown, *m its capacity). len is the sequence's
 * length, which the blocks must cover exactly. Returns 0, SSC_EFORMAT with
 * the reason in *why (a static string), or SSC_ENOMEM. */
int ssc_gtx_parse(char *comment, int64_t len, ssc_gtx_t *g, ssc_gblk_t **blk, int *m, const char **why);

/* The pieces (ascending) of the site at transcript positions [beg, end)
 * (0-based), into out (room for g->n); returns their number, or -1 when the
 * site is not inside the blocks. */
int ssc_gtx_site(const ssc_gtx_t *g, int64_t beg, int64_t end, ssc_gblk_t *out);

/* TSV in genome mode: scan's columns (target family mirnas type start end
 * site_seq, transcript 1-based inclusive; then mfe when energy is not NULL,
 * energy[k] the site's in dcal/mol) then chrom gstart gend strand
 * (genomic, 1-based inclusive on the + strand, the span from the site's
 * first to its last base, introns included) gene_id gene_name. */
int ssc_gsite_tsv_header(kstring_t *s, int energy);
int ssc_gsite_tsv(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec, const ssc_gtx_t *g,
                  const ssc_site_t *sites, int64_t n, const int32_t *energy);
/* BED12, one line per site: chrom, start, end (0-based half-open), name
 * family:type:target, score 0 (with energy: -10 x mfe in kcal/mol, as BED6),
 * strand, thick = the whole site, itemRgb 0, one block per exon piece the
 * site covers. */
int ssc_gsite_bed12(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec, const ssc_gtx_t *g,
                    const ssc_site_t *sites, int64_t n, const int32_t *energy);
/* Summary rows (as core's, ending in "\ttotal\tbest\n", or "...\tmfe\n") copied
 * from rows to s with "\tgene_id\tgene_name" added to each; the header likewise
 * (energy: core's ssc_format_summary_header_energy without strand). */
int ssc_gsum_header(kstring_t *s, unsigned types, int energy);
int ssc_gsum_rows(kstring_t *s, const char *rows, size_t len, const ssc_gtx_t *g);

#endif
