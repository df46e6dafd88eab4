/* scan_opt.h: the options of `seedscan scan`, shared by cmd_scan.c and its TargetScan path (scan_ts.c). */
#ifndef SSC_CLI_SCAN_OPT_H
#define SSC_CLI_SCAN_OPT_H

#include "seedscan.h"
#include "io/io.h"

enum { SCAN_TSV, SCAN_BED, SCAN_TARGETSCAN, SCAN_BED12 };
enum { STRAND_PLUS = 0, STRAND_MINUS = 1, STRAND_BOTH = 2 };
typedef struct {
    const char *mirfile, *mirnas, *species, *outpath;
    const char *panel, *resistance, *target; /* --panel and its filters */
    const char *species_id;  /* species of plain FASTA in TargetScan output ["9606"] */
    unsigned types;
    int format, summary, nthreads, strict_ids;
    int compat;              /* --compat targetscan7 */
    int strand;              /* STRAND_*; nonzero adds a strand column */
    int shard_i, shard_n, shard_by_records; /* --shard I/N (1-based), --shard-by */
    int piece_len;           /* --piece: long targets are read in pieces of this length */
    int level;               /* --level: BGZF level of -o FILE.gz [SSC_OUT_LEVEL_DEFAULT] */
    char *provenance;        /* with --shard: the line that `seedscan merge` checks */
    unsigned char given[128]; /* given[c]: option c (a letter or a long option's code) was given */
    /* genome mode (scan_genome.c): 3'UTRs from --gtf and --genome, or FASTA of `seedscan utr` with --genomic */
    const char *gtf, *genome;
    int genomic;             /* FASTA headers carry chrom=, strand=, blocks= */
    int per_gene;            /* SSC_PER_GENE_* of genome/txsel.h */
    const char *biotypes, *region;
    int energy;              /* --energy: an mfe column (scan_energy.h) */
    int32_t max_energy;      /* --max-energy, dcal/mol; SSC_ENERGY_NA: none */
    ssc_scanopt_t sopt;
} scan_opt_t;

/* The miRNA set of -m/--mirna/--species or --panel (default: the resistance
 * panel); NULL after printing an error. */
ssc_mirset_t *scan_build_mirset(const scan_opt_t *o);

/* Close the scan's output after the pipeline returned ret: committed on
 * success, else dropped with the error (errmsg, else ret's) printed.
 * Returns 0 or -1. */
int scan_out_finish(ssc_out_t *out, int ret, const char *errmsg, const char *outpath);

#endif
