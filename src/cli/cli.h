/* cli.h: helpers shared by the subcommands of the seedscan CLI (defined in cli.c). */
#ifndef SSC_CLI_H
#define SSC_CLI_H

#include <stdio.h>
#include <getopt.h>
#include "seedscan.h"
#include "expr/exprtab.h"
#include "thermo/params.h"

/* The miRBase file in refs/ that -m/--mirna/--species names read by default. */
#define DEFAULT_MIRNA_FILE "hsa_mature.v22.fa"

/* The miRNAs of a panel (NULL: the default one) after the --resistance and
 * --target filters; NULL after printing an error as `seedscan CMD: ...`. */
ssc_mirset_t *cli_panel_mirset(const char *cmd, const char *panel, const char *resistance,
                               const char *target);
/* The miRNA options scan, variants and friends share: -m/--mirna/--species, or a panel
 * (--panel, --resistance, --target; the resistance panel when none is given). */
typedef struct {
    const char *mirfile, *mirnas, *species, *panel, *resistance, *target;
} cli_mirsel_t;
/* The set they name; NULL after printing an error as `seedscan CMD: ...`. */
ssc_mirset_t *cli_mirset(const char *cmd, const cli_mirsel_t *m);
/* Whether a regular file looks like a TargetScan UTR alignment (gene<TAB>species<TAB>sequence);
 * stdin and pipes are never peeked at (0). */
int cli_is_ts_alignment(const char *path);

/* "seedscan CMD: msg" on stderr, after flushing stdout. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message for getopt's '?' (an unknown option) or ':' (a missing
 * argument; the option string starts with ':'), with one usage line. */
void cli_bad_option(const char *cmd, char *argv[], int c, const char *synopsis);
/* --types LIST into *types; -1 after an error listing the names. */
int cli_types_opt(const char *cmd, const char *arg, unsigned *types);
/* An integer option from lo to hi into *out; -1 after an error naming the
 * option and the range. */
int cli_int_opt(const char *cmd, const char *opt, const char *arg, int lo, int hi, int *out);
/* Whether -o out names a file that one of the arguments also names (after
 * links: the same st_dev and st_ino), which writing would replace: then the
 * error is printed and 1 returned. Every argument is compared, option values
 * included (-m, -e, --opt=FILE), but out itself (the pointer getopt gave). */
int cli_output_is_input(const char *cmd, const char *out, int argc, char *argv[]);
/* Have a signal that ends the run (INT, TERM, HUP) call fn(data) first, e.g.
 * to remove a temporary folder; fn must be async-signal-safe (unlink, rmdir).
 * fn NULL: nothing. */
void cli_signal_cleanup(void (*fn)(void *), void *data);
/* Parse a whole non-negative int; 0 or -1. */
int cli_parse_int(const char *s, int lo, int hi, int *out);
/* A decimal number of kcal/mol (within +-10000) into dcal/mol, rounded; -1 if it is not one. */
int cli_parse_kcal(const char *s, int *dcal);
/* The shipped Turner 2004 parameters, then the ViennaRNA file pfile (may be NULL) over them;
 * NULL after an error message for cmd. Free with ssc_th_params_destroy. */
ssc_th_params_t *cli_load_params(const char *cmd, const char *pfile);
/* How expr and landscape read the expression table: --id-col, --value-col,
 * --matrix, --keep-version, --id-map, --collapse, --min-match. */
typedef struct {
    ssc_et_opt_t et;
    const char *idmap;
    ssc_collapse_t collapse;
    double min_match;
} cli_table_opt_t;
enum { CLI_OPT_ID_COL = 256, CLI_OPT_VALUE_COL, CLI_OPT_MATRIX, CLI_OPT_KEEP_VERSION, CLI_OPT_ID_MAP,
       CLI_OPT_COLLAPSE, CLI_OPT_MIN_MATCH, CLI_OPT_LEVEL };
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

/* --level INT: the BGZF compression level of .gz outputs, 0-9, into *level;
 * 0, or -1 after printing `seedscan CMD: --level: ...`. */
int cli_parse_level(const char *cmd, const char *arg, int *level);

/* Install SIGINT/SIGTERM handlers that remove unfinished outputs. */
void cli_install_signals(void);

#endif
