/* exprtab.h: expression tables (DESeq2, edgeR, limma, generic, ranked lists, matrices) and ID joining. */
#ifndef SSC_EXPRTAB_H
#define SSC_EXPRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <htslib/kstring.h>
#include "seedscan.h"

/* What the table was recognised as. */
typedef enum {
    SSC_ET_GENERIC = 0, /* id and value columns, header optional */
    SSC_ET_DESEQ2 = 1,  /* log2FoldChange (with baseMean or lfcSE) */
    SSC_ET_EDGER = 2,   /* logFC with logCPM, PValue or FDR */
    SSC_ET_LIMMA = 3,   /* logFC with AveExpr, P.Value or adj.P.Val */
    SSC_ET_RANKED = 4,  /* one ID per line, best first; value = rank 1..n */
    SSC_ET_MATRIX = 5   /* samples as columns; value = column minus mean of the others */
} ssc_et_kind_t;

typedef struct {
    const char *id_col;     /* column name or 1-based number; NULL: detect */
    const char *value_col;  /* column name or 1-based number; NULL: detect */
    const char *matrix_col; /* matrix mode: the sample whose fold change is wanted; NULL: off */
    int ranked;             /* 1: a ranked ID list (first field of each line) */
    int keep_version;       /* 1: keep ".N" version suffixes of IDs [0] */
} ssc_et_opt_t;

typedef struct {
    ssc_et_kind_t kind;
    char sep;            /* '\t', ',' or ' ' (runs of blanks) */
    int has_header;      /* the first line names the columns */
    int id_col, value_col; /* 0-based columns used */
    char *id_name, *value_name; /* their names ("id"/"value" without a header) */
    size_t n;            /* rows */
    char **id;           /* per row: the ID as used for joining (version stripped) */
    double *value;       /* per row: log2 fold change (or rank); NaN for NA */
    int64_t *line;       /* per row: 1-based line in the file */
    char **raw;          /* per row: the line as read (for annotated output) */
    char *header;        /* the header line as read, or NULL */
    size_t n_na;         /* rows whose value is NA */
    size_t n_dup;        /* rows whose ID repeats an earlier row (kept out of the join) */
    int keep_version;    /* IDs keep their ".N" suffix, and so do the names joined to them */
    /* private */
    void *hash;
    char errmsg[512];
} ssc_exprtab_t;

void ssc_et_opt_init(ssc_et_opt_t *opt);
const char *ssc_et_kind_name(ssc_et_kind_t kind);

/* Read a table (plain or gzip; "-" is stdin). Returns 0 and *out, or a
 * negative code with a message naming the file and line in errbuf. */
int ssc_exprtab_load(const char *path, const ssc_et_opt_t *opt, ssc_exprtab_t **out,
                     char *errbuf, size_t errlen);
void ssc_exprtab_destroy(ssc_exprtab_t *t);

/* The row with this ID (exact, after the same version stripping), or -1.
 * Rows that repeat an earlier ID are never returned. */
long ssc_exprtab_find(const ssc_exprtab_t *t, const char *id);

/* Strip a trailing ".digits" version (ENST00000361390.2, NM_000314.4) in place. */
void ssc_id_strip_version(char *id);

/* An ID map: each line lists IDs of one entity (transcript, gene, symbol, ...),
 * separated by tabs, commas or blanks; a header is harmless. */
typedef struct ssc_idmap_s ssc_idmap_t;
int ssc_idmap_load(const char *path, ssc_idmap_t **out, char *errbuf, size_t errlen);
void ssc_idmap_destroy(ssc_idmap_t *m);

/* The table row of a target named `name`: each '|'-separated field of the
 * name (version stripped) is tried, then every alias the map lists for it.
 * -1 when nothing matches. */
long ssc_exprtab_match(const ssc_exprtab_t *t, const ssc_idmap_t *map, const char *name);

/* The name a target is joined by: its name, or, for `seedscan utr` FASTA
 * (comment with gene_id=..) and genome-mode summaries, "TRANSCRIPT|GENE_ID|GENE_NAME"
 * (TRANSCRIPT = the name up to its first '|'), so that a table keyed by gene
 * IDs matches without an ID map. gene_name may be NULL. Into key (reset). */
int ssc_target_key(const char *name, const char *gene_id, const char *gene_name, kstring_t *key);

/* Split one line into fields in place (sep as in ssc_exprtab_t; CSV quotes
 * removed). Returns the number of fields (at most max). */
int ssc_et_split(char *line, char sep, char **f, int max);


/* ---- joining targets (3'UTRs) to rows, several targets per row collapsed ---- */
typedef enum { SSC_COLLAPSE_LONGEST = 0, SSC_COLLAPSE_FIRST = 1 } ssc_collapse_t;

typedef struct {
    size_t n_rows;      /* rows of the table */
    int64_t *len;       /* per row: length of the chosen target, -1 when none */
    char **target;      /* per row: name of the chosen target, or NULL */
    size_t n_targets;   /* targets offered */
    size_t n_unmatched; /* targets matching no row */
    size_t n_collapsed; /* targets set aside because their row has another one */
    ssc_collapse_t rule;
} ssc_join_t;

ssc_join_t *ssc_join_init(size_t n_rows, ssc_collapse_t rule);
void ssc_join_destroy(ssc_join_t *j);
/* Offer a target: *row gets the matching row (-1: none). Returns 1 when the
 * target becomes the row's (replacing an earlier one under "longest"), 0
 * when it is not used, SSC_ENOMEM. */
int ssc_join_offer(ssc_join_t *j, const ssc_exprtab_t *t, const ssc_idmap_t *map,
                   const char *name, int64_t len, long *row);
/* Read FASTA files of targets ("-" is stdin) and offer each record; take()
 * gets each record that becomes its row's (again when a longer one replaces
 * it). Returns 0, the first negative code of take(), or a read error with a
 * message naming the file and line in errbuf. */
typedef int (*ssc_join_take_f)(void *data, long row, const ssc_rec_t *rec);
int ssc_join_read(ssc_join_t *j, const ssc_exprtab_t *t, const ssc_idmap_t *map,
                  char *const *files, int nfiles, ssc_join_take_f take, void *data,
                  char *errbuf, size_t errlen);
/* Rows with a target and a value. */
size_t ssc_join_matched(const ssc_join_t *j, const ssc_exprtab_t *t);
/* The join report, one line: rows, NA values, duplicates, targets, matched,
 * unmatched. Appends to s; 0 or SSC_ENOMEM. */
int ssc_join_report(kstring_t *s, const ssc_join_t *j, const ssc_exprtab_t *t);
/* The fraction matched: rows with a target and a value over the smaller of
 * the rows with a value and the targets that are not collapsed away. */
double ssc_join_fraction(const ssc_join_t *j, const ssc_exprtab_t *t);

/* Write buf to path (stdout for NULL or "-"; BGZF at `level` for *.gz, -1: the
 * default) completely or not at all (a temporary file renamed on success).
 * 0, or SSC_EIO with errno set. */
int ssc_write_file(const char *path, const char *buf, size_t len, int level);

/* ---- miRNA sets from command-line options (as `seedscan scan` reads them) ---- */
typedef struct {
    const char *file;         /* -m FILE, or NULL */
    const char *list;         /* --mirna LIST: names in the file, sequences, NAME=SEQ; or NULL */
    const char *species;      /* --species */
    const char *default_file; /* refs/ file used when names must be looked up and file is NULL */
    const char *default_list; /* used when neither file nor list is given */
    int all;                  /* every miRNA of the file (default file when file is NULL) */
} ssc_mirsel_t;
/* NULL on failure with a message in errbuf. */
ssc_mirset_t *ssc_mirsel_build(const ssc_mirsel_t *sel, char *errbuf, size_t errlen);

#endif
