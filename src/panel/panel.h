/* panel.h: curated miRNA panels (refs/resistance_panel.tsv): loading, filters, miRNA sets, formats. */
#ifndef SSC_PANEL_H
#define SSC_PANEL_H

#include "seedscan.h"

/* A panel is a TSV table with one header line and one row per mature miRNA
 * (columns documented in refs/resistance_panel.README.md). The columns used
 * here are required in the header, in any order; others are kept as text. */
typedef struct ssc_panel_s ssc_panel_t;

/* The columns with accessors; ssc_panel_field() reads them by this index. */
typedef enum {
    SSC_PCOL_REVIEW_NAME = 0, /* the name(s) as the source writes them, ';'-separated */
    SSC_PCOL_MIRBASE_ID,      /* miRBase mature ID, unique */
    SSC_PCOL_ACCESSION,       /* MIMAT accession, unique */
    SSC_PCOL_SEQUENCE,        /* mature sequence, RNA */
    SSC_PCOL_SEED,            /* nt 2-8 of the sequence */
    SSC_PCOL_RESISTANCE,      /* resistance terms, ';'-separated */
    SSC_PCOL_TARGETS,         /* target genes (HGNC), ';'-separated, may be empty */
    SSC_PCOL_REFS,            /* the source's reference numbers (column review_refs) */
    SSC_PCOL_N
} ssc_pcol_t;

/* The name of the panel shipped in refs/: "--panel resistance". */
#define SSC_PANEL_DEFAULT "resistance"

/* Row filters; NULL or "" means no filter on that column. Both compare whole
 * ';'-separated words, case-insensitively ("cisplatin" does not match
 * "EGFR-TKI", "TKI" does not match "EGFR-TKI"). */
typedef struct {
    const char *resistance; /* keep rows whose resistance list has this term */
    const char *target;     /* keep rows whose targets list has this gene */
} ssc_panel_filter_t;

ssc_panel_t *ssc_panel_init(void);
void ssc_panel_destroy(ssc_panel_t *p);
/* Load a panel: `what` is a file path, or a panel name without '/' or '.'
 * ("resistance", also what NULL means) for refs/<name>_panel.tsv found by
 * ssc_refs_path(). Returns the number of rows, or a negative code with
 * ssc_panel_errmsg() naming the file and line. A panel can be loaded once. */
int ssc_panel_load(ssc_panel_t *p, const char *what);
/* The message of the last failure ("path:line: what", where path is
 * refs/NAME_panel.tsv for a panel name), "" if none. */
const char *ssc_panel_errmsg(const ssc_panel_t *p);
/* The file loaded, as resolved (the full path of a refs/ file), "" before. */
const char *ssc_panel_path(const ssc_panel_t *p);

int ssc_panel_size(const ssc_panel_t *p); /* number of rows */
/* Row i's value of column col ("" when empty), or NULL when out of range. */
const char *ssc_panel_field(const ssc_panel_t *p, int i, ssc_pcol_t col);
static inline const char *ssc_panel_review_name(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_REVIEW_NAME); }
static inline const char *ssc_panel_mirbase_id(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_MIRBASE_ID); }
static inline const char *ssc_panel_accession(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_ACCESSION); }
static inline const char *ssc_panel_sequence(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_SEQUENCE); }
static inline const char *ssc_panel_seed(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_SEED); }
static inline const char *ssc_panel_resistance(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_RESISTANCE); }
static inline const char *ssc_panel_targets(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_TARGETS); }
static inline const char *ssc_panel_refs(const ssc_panel_t *p, int i) { return ssc_panel_field(p, i, SSC_PCOL_REFS); }
/* Any column by its header name (e.g. "compartment"); NULL if no such column. */
const char *ssc_panel_column(const ssc_panel_t *p, int i, const char *name);

/* Whether the ';'-separated list has word (case-insensitive, whole words). */
int ssc_panel_list_has(const char *list, const char *word);
/* Whether row i passes the filter. */
int ssc_panel_match(const ssc_panel_t *p, int i, const ssc_panel_filter_t *f);
/* The rows passing f, ascending, into rows[] (room for ssc_panel_size()
 * entries; NULL only counts). Returns their number (> 0), or:
 * SSC_EINVAL when no row uses the resistance term at all (an unknown term),
 * SSC_ENOTFOUND when no row names the target gene, or when each filter
 * matches rows but no row matches both; ssc_panel_errmsg() says which. */
int ssc_panel_select(ssc_panel_t *p, const ssc_panel_filter_t *f, int *rows);
/* The miRNAs of the rows passing f (NULL: all), in panel order: names are
 * mirbase_id, sequences the panel's. NULL on failure (codes as for
 * ssc_panel_select, or out of memory) with ssc_panel_errmsg() set. */
ssc_mirset_t *ssc_panel_mirset(ssc_panel_t *p, const ssc_panel_filter_t *f);
/* The distinct terms of the resistance column, joined by ", ", in order of
 * first appearance (for messages and help). Valid while p lives. */
const char *ssc_panel_terms(const ssc_panel_t *p);

/* ---- formats (into a kstring; the caller writes) ----
 * rows/n: the rows to write, e.g. from ssc_panel_select(). */
int ssc_panel_format_tsv(kstring_t *s, const ssc_panel_t *p, const int *rows, int n);   /* header + rows, as in the file */
int ssc_panel_format_fasta(kstring_t *s, const ssc_panel_t *p, const int *rows, int n); /* >mirbase_id accession review_name */
int ssc_panel_format_text(kstring_t *s, const ssc_panel_t *p, const int *rows, int n);  /* aligned columns for a terminal */

#endif
