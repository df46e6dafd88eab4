/* scan_genome.h: `seedscan scan` in genome mode (--gtf with --genome, or --genomic FASTA of `seedscan utr`). */
#ifndef SSC_CLI_SCAN_GENOME_H
#define SSC_CLI_SCAN_GENOME_H

#include "cli/scan_opt.h"

/* Whether the options ask for genome mode. */
int scan_is_genome(const scan_opt_t *o);
/* Check the genome-mode options against the rest; 0, or -1 after printing an error. */
int scan_genome_check(const scan_opt_t *o, int nfiles);
/* Run it: files are the --genomic FASTA inputs (none with --gtf). Returns the exit status. */
int scan_genome(const scan_opt_t *o, char **files, int nfiles);

#endif
