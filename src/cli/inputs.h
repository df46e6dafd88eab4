/* inputs.h: inputs that parse but cannot be what the user meant (inputs.c): files swapped,
 * precursors or proteins given as miRNAs, miRNAs given as targets, empty files, tables that
 * are not tables, IDs in common. Each check prints `seedscan CMD: ...` itself. */
#ifndef SSC_CLI_INPUTS_H
#define SSC_CLI_INPUTS_H

#include "expr/exprtab.h"

/* Longest mature miRNA we take without a word, and the length from which a
 * "miRNA" is a precursor (miRBase hairpins are 60-180 nt) or a target. */
#define CLI_MIRNA_MAX 30
#define CLI_PRECURSOR_MIN 60

/* The -m file: an error (-1) when it has no records, holds proteins, precursors
 * or targets; a warning when its sequences are longer than mature miRNAs.
 * Files that are not FASTA (TargetScan family files) and stdin pass. */
int cli_check_mirfile(const char *cmd, const char *path);

/* What the first CLI_SNIFF_RECORDS records of a FASTA input look like. */
#define CLI_SNIFF_RECORDS 200
typedef struct {
    int64_t nrec, min_len, max_len; /* records seen; shortest and longest (whole ones) */
    int complete;                   /* every record was seen */
    int64_t n_mirname;              /* records named like miRNAs */
    char longest[96];               /* the longest record's name */
    int longest_pre;                /* ... named or described as a precursor */
    char mirname[96];               /* the first record named like a miRNA */
    char odd[96];                   /* the first record that is not nucleotides, or "" */
    int odd_pct;                    /* its share of A, C, G, T, U, N letters (%) */
    char cur[96];                   /* the record whose pieces are coming; "" past the limit */
} cli_sniff_t;
void cli_sniff_init(cli_sniff_t *sn);
/* Take a record (or a piece of one) read from the input. */
void cli_sniff_rec(cli_sniff_t *sn, const ssc_rec_t *rec);
/* The verdict on targets seen as they streamed past (stdin): as for files,
 * but no records at all is only a warning (a pipe may carry nothing). */
int cli_check_sniffed_targets(const char *cmd, const char *path, const cli_sniff_t *sn);
int cli_is_regular(const char *path);
/* The target files: an error (-1) when one has no records, holds proteins, or
 * holds miRNAs (short records named like miRNAs); a warning when all its
 * records are short. Only regular files are looked at (stdin is read once). */
int cli_check_targets(const char *cmd, char *const *files, int nfiles);
/* The same, and "-" judged by the head of stdin (which is then put back in
 * front of the rest): for commands that do not watch stdin's records as they
 * stream past, as scan does. */
int cli_check_targets_peek(const char *cmd, char *const *files, int nfiles);
/* An expression table (-e) or ranked list (--ranked, ranked = 1) that is FASTA,
 * separated by ';', or (for -e) a single column: -1 after an error saying what to do.
 * "-" is judged by the head of stdin, put back in front of the rest. */
int cli_check_table(const char *cmd, const char *path, int ranked);
/* Fold changes of Inf or -Inf (a gene not seen in one condition) become NA,
 * with a warning that counts them and names their first lines. */
void cli_table_inf_to_na(const char *cmd, ssc_exprtab_t *t, const char *path);
/* The error for a join that matched too few rows, with a few IDs from each side. */
void cli_join_error(const char *cmd, const ssc_exprtab_t *t, const char *table, size_t matched,
                    double frac, double min_match, char *const *files, int nfiles);

#endif
