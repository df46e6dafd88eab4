/* cli.h: helpers shared by the subcommands of the seedscan CLI. */
#ifndef SSC_CLI_H
#define SSC_CLI_H

#include <stdio.h>
#include <getopt.h>
#include "seedscan.h"
#include "expr/exprtab.h"

int main_scan(int argc, char *argv[]);
int main_merge(int argc, char *argv[]);
int main_index(int argc, char *argv[]);
int main_expr(int argc, char *argv[]);
int main_landscape(int argc, char *argv[]);
int main_panel(int argc, char *argv[]);
int main_targetscan(int argc, char *argv[]);

/* Options of `seedscan scan`, shared with its TargetScan path (cmd_scan_ts.c). */
enum { SCAN_TSV, SCAN_BED, SCAN_TARGETSCAN };
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
    char *provenance;        /* with --shard: the line that `seedscan merge` checks */
    ssc_scanopt_t sopt;
} scan_opt_t;
/* The miRNA set of -m/--mirna/--species or --panel (default: the resistance
 * panel); NULL after
 * printing an error. */
ssc_mirset_t *scan_build_mirset(const scan_opt_t *o);
/* The miRNAs of a panel (NULL: the default one) after the --resistance and
 * --target filters; NULL after printing an error as `seedscan CMD: ...`. */
ssc_mirset_t *cli_panel_mirset(const char *cmd, const char *panel, const char *resistance,
                               const char *target);
/* `scan` on TargetScan inputs or with --format targetscan; returns the exit status. */
int scan_targetscan(const scan_opt_t *o, char **files, int nfiles);
/* Whether a file looks like a TargetScan UTR alignment (gene<TAB>species<TAB>sequence). */
int cli_is_ts_alignment(const char *path);

/* "seedscan CMD: msg" on stderr, after flushing stdout. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message for getopt's '?' (an unknown option or a missing argument). */
void cli_bad_option(const char *cmd, char *argv[]);
/* Parse a whole non-negative int; 0 or -1. */
int cli_parse_int(const char *s, int lo, int hi, int *out);
/* How expr and landscape read the expression table: --id-col, --value-col,
 * --matrix, --keep-version, --id-map, --collapse, --min-match. */
typedef struct {
    ssc_et_opt_t et;
    const char *idmap;
    ssc_collapse_t collapse;
    double min_match;
} cli_table_opt_t;
enum { CLI_OPT_ID_COL = 256, CLI_OPT_VALUE_COL, CLI_OPT_MATRIX, CLI_OPT_KEEP_VERSION, CLI_OPT_ID_MAP,
       CLI_OPT_COLLAPSE, CLI_OPT_MIN_MATCH };
#define CLI_TABLE_LOPTS                                                                        \
    { "id-col", required_argument, NULL, CLI_OPT_ID_COL },                                     \
    { "value-col", required_argument, NULL, CLI_OPT_VALUE_COL },                               \
    { "matrix", required_argument, NULL, CLI_OPT_MATRIX },                                     \
    { "keep-version", no_argument, NULL, CLI_OPT_KEEP_VERSION },                               \
    { "id-map", required_argument, NULL, CLI_OPT_ID_MAP },                                     \
    { "collapse", required_argument, NULL, CLI_OPT_COLLAPSE },                                 \
    { "min-match", required_argument, NULL, CLI_OPT_MIN_MATCH }
/* Defaults: the table's own columns, longest target, min-match 0.5. */
void cli_table_opt_init(cli_table_opt_t *t);
/* Option c with argument arg: 1 = one of these (taken), 0 = not one of
 * these, -1 = a bad value (reported as `seedscan CMD: ...`). */
int cli_table_opt(const char *cmd, int c, const char *arg, cli_table_opt_t *t);

/* Install SIGINT/SIGTERM handlers that remove unfinished outputs. */
void cli_install_signals(void);

#endif
