/* variant_vcf.h: a VCF/BCF through the variant annotator, out as a TSV of site changes or an annotated VCF/BCF. */
#ifndef SSC_GENOME_VARIANT_VCF_H
#define SSC_GENOME_VARIANT_VCF_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "seedscan.h"
#include "genome/variant.h"

enum { SSC_VOUT_TSV = 0, SSC_VOUT_VCF, SSC_VOUT_VCFGZ, SSC_VOUT_BCF, SSC_VOUT_BCFU };
enum { SSC_REFMM_ERROR = 0, SSC_REFMM_WARN, SSC_REFMM_SKIP };

#define SSC_VINFO_TAG "MIRSITE"
/* The INFO line the annotated VCF gains (Number=., one entry per site change). */
#define SSC_VINFO_DESC "miRNA site changes (seedscan variants). Format: " \
    "Allele|Transcript|Gene|Change|Family|TypeRef|TypeAlt|UtrStart|UtrEnd; Allele = 1-based ALT index; " \
    "Change = lost, gained or changed; UtrStart-UtrEnd 1-based on the 3'UTR of the allele with the site " \
    "(REF for lost and changed, ALT for gained)"
/* With --energy: three more fields, the duplex MFEs and their change. */
#define SSC_VINFO_DESC_ENERGY "miRNA site changes (seedscan variants). Format: " \
    "Allele|Transcript|Gene|Change|Family|TypeRef|TypeAlt|UtrStart|UtrEnd|MfeRef|MfeAlt|MfeChange; Allele = 1-based " \
    "ALT index; Change = lost, gained or changed; UtrStart-UtrEnd 1-based on the 3'UTR of the allele with the site " \
    "(REF for lost and changed, ALT for gained); MfeRef, MfeAlt: duplex MFE (kcal/mol) of the site with REF and " \
    "with ALT (. when absent, NA when not computable), MfeChange = MfeAlt - MfeRef"

typedef struct {
    const char *in;          /* VCF/BCF: plain, bgzip, BCF; "-" = stdin */
    const char *out;         /* output path; NULL or "-" = stdout */
    int out_fmt;             /* SSC_VOUT_* */
    int ref_mismatch;        /* SSC_REFMM_*: a REF that differs from the genome */
    const char *genome_name; /* for messages: the genome (or 3'UTR FASTA) file */
    const char *cmdline;     /* recorded in the VCF header (##seedscan_variantsCommand); NULL: none */
    int nthreads;            /* annotating threads (0 or 1: the caller's); output is the same for any */
    int energy;              /* duplex MFE columns (the annotator has ssc_vann_energy) */
} ssc_vrun_opt_t;

typedef struct {
    int64_t records;         /* VCF records read */
    int64_t alleles;         /* ALT alleles */
    int64_t in_utr;          /* ALT alleles inside at least one 3'UTR */
    int64_t pairs;           /* allele x 3'UTR pairs scanned */
    int64_t symbolic;        /* symbolic, breakend or '*' alleles: skipped */
    int64_t boundary;        /* allele x 3'UTR pairs only partly inside the 3'UTR: skipped */
    int64_t ref_mismatch;    /* records whose REF differs from the genome (warn/skip) */
    int64_t changes;         /* site changes found */
    int64_t with_change;     /* records with at least one */
} ssc_vrun_stats_t;

/* Read o->in, annotate each allele with v (its miRNA set ms), write o->out
 * (through a temporary name, renamed only on success). 0, or a negative code
 * with *err = "FILE:LINE: record 'ID' at CHROM:POS: what" (BCF: "record N"). */
int ssc_vrun(ssc_vann_t *v, ssc_genome_t *g, const ssc_mirset_t *ms, const ssc_vrun_opt_t *o,
             ssc_vrun_stats_t *st, kstring_t *err);

/* The TSV header and the rows of one allele's changes (formatting only). */
int ssc_vformat_tsv_header(kstring_t *s, int energy);
int ssc_vformat_tsv(kstring_t *s, const ssc_vann_t *v, const ssc_mirset_t *ms, const char *var_id,
                    const char *chrom, int64_t pos1, const char *ref, const char *alt, const ssc_vres_t *r,
                    int energy);

#endif
