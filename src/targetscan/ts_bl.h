/* ts_bl.h: internal API for TargetScan 7 branch lengths: UTR median BL and bin, site BL score, PCT, conserved flag. */
#ifndef SSC_TS_BL_H
#define SSC_TS_BL_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "targetscan/newick.h"
#include "targetscan/tsaln.h"

#define SSC_TS_NBINS 10

/* ---- parameters -------------------------------------------------------------
 * Everything read from TargetScan's PCT_parameters folder: Tree.generic.txt
 * (binning), Tree.bin_01.txt .. Tree.bin_10.txt (site scores) and the three
 * files of PCT sigmoid coefficients per seed. */
typedef struct ssc_ts_bl_s ssc_ts_bl_t;

/* Load the folder dir. NULL on failure with a message in err naming the file
 * (and line). */
ssc_ts_bl_t *ssc_ts_bl_load(const char *dir, char *err, size_t errsz);
void ssc_ts_bl_destroy(ssc_ts_bl_t *p);

/* ---- per-UTR median branch length and bin (targetscan_70_BL_bins.pl) -----
 * For each alignment column where the reference species (ref, "9606" in
 * TargetScan) has a base: the branch length, on the generic tree, of the
 * species with the same letter (any case); the UTR's value is the median.
 * Bins 1..10 by TargetScan 7's fixed thresholds. Returns 0, 1 when the block
 * has no row for ref (then *median is NaN and *bin 1, as TargetScan prints
 * an empty value and bin 1), or SSC_ENOMEM. */
int ssc_ts_utr_bin(const ssc_ts_bl_t *p, const ssc_ts_block_t *b, const char *ref,
                   double *median, int *bin);
/* The bin of a median branch length by TargetScan 7's thresholds. */
int ssc_ts_bin_of(double median);
/* One row of TargetScan's bin file: `gene<TAB>median<TAB>bin`, the median as
 * Perl prints numbers (15 significant digits), empty when NaN. */
int ssc_ts_format_utr_bin(kstring_t *s, const char *gene, double median, int bin);

/* ---- site table (targetscan_70.pl output) -------------------------------- */
enum { SSC_TS_NCOLS = 14, SSC_TS_ROW_MAX = 65534 };
typedef struct {
    char *text;              /* the columns as read, NUL-separated, one after another (absent
                                ones are the final ""); owned by the table; read by ssc_ts_col */
    uint16_t off[SSC_TS_NCOLS - 1]; /* where columns 1.. start in text (column 0 at 0): a row
                                       holds at most SSC_TS_ROW_MAX bytes */
    int16_t ncol;            /* columns present in the file (13 or 14) */
    int16_t type;            /* SSC_8MER, SSC_7MER_M8, SSC_7MER_A1 or SSC_6MER */
    int64_t utr_start;       /* 1-based first UTR position (column 6) */
    int64_t utr_end;         /* 1-based last UTR position (column 7) */
    long group;              /* Group_num (column 8); -1 when not a number */
    int64_t line;            /* 1-based line in the file */
} ssc_ts_siterow_t;
/* Column k (0-based) of a site row as read ("" when absent). */
static inline const char *ssc_ts_col(const ssc_ts_siterow_t *r, int k)
{
    return k ? r->text + r->off[k - 1] : r->text;
}
/* The length of column k < SSC_TS_NCOLS - 1 (the next column follows its NUL; an absent
 * one starts past the text's end, so the last present column's length is right too). */
static inline size_t ssc_ts_col_len(const ssc_ts_siterow_t *r, int k)
{
    return (size_t)(ssc_ts_col(r, k + 1) - ssc_ts_col(r, k)) - 1;
}

/* Parse one site table line in place (a line of ssc_ts_file_getline: followed by its
 * SSC_TS_PAD NUL bytes): its tabs become NULs, r->text is line and *len the bytes of its
 * columns (the last one's NUL included), so that a copy of len + 1 bytes (a final NUL after
 * them) is a row's text elsewhere. r->line is left alone. Returns 0, or SSC_EFORMAT with *why. */
int ssc_ts_site_parse(char *line, ssc_ts_siterow_t *r, size_t *len, const char **why);
/* The site rows a table at path can hold when its lines take 48 bytes or more, plus 256: a
 * first size for arrays of rows (untouched pages of a mapping cost nothing). 0 for standard
 * input, a file that is not regular, or one of 1 MB or less. */
int ssc_ts_site_rows_guess(const char *path);

typedef struct {
    ssc_ts_siterow_t *row;   /* n rows, header excluded, in file order */
    int n, m;
    size_t mapped;           /* bytes mapped at row (0: row is malloc's) */
    char **blk;              /* the rows' columns, one row after another in blocks */
    size_t *blklen;          /* ssc_ts_huge_map's lengths of the blocks */
    int nblk, mblk;
    size_t used, cap;        /* of the last block */
} ssc_ts_sites_t;

/* Load a TargetScan site table (the header line is required). Returns 0 or
 * a negative code with err naming file and line. */
int ssc_ts_sites_load(ssc_ts_sites_t *s, const char *path, char *err, size_t errsz);
void ssc_ts_sites_free(ssc_ts_sites_t *s);
/* Site type from TargetScan's name ("8mer-1a", "7mer-m8", "7mer-1a",
 * "6mer"), or -1; and back. */
int ssc_ts_type_from_name(const char *name);
const char *ssc_ts_type_name(int type);

/* ---- family file (family<TAB>seed<TAB>species;...) ------------------------ */
typedef struct {
    char **family, **seed;   /* n entries; seeds uppercase RNA */
    int n, m;
    void *by_name, *by_seed; /* private: hash indexes (a later row wins) */
} ssc_ts_families_t;
int ssc_ts_families_load(ssc_ts_families_t *f, const char *path, char *err, size_t errsz);
void ssc_ts_families_free(ssc_ts_families_t *f);
/* Seed of a family (of its last row), or NULL. */
const char *ssc_ts_family_seed(const ssc_ts_families_t *f, const char *family);

/* ---- gene bins --------------------------------------------------------------- */
typedef struct {
    char **gene;
    int *bin;
    int n, m;
    void *by_gene;  /* private: hash index (a later row wins) */
} ssc_ts_bins_t;
/* Read a bin file (`gene<TAB>median<TAB>bin`). */
int ssc_ts_bins_load(ssc_ts_bins_t *b, const char *path, char *err, size_t errsz);
int ssc_ts_bins_add(ssc_ts_bins_t *b, const char *gene, int bin);
void ssc_ts_bins_free(ssc_ts_bins_t *b);
/* Bin of gene, or 0 when unknown. */
int ssc_ts_bins_get(const ssc_ts_bins_t *b, const char *gene);

/* ---- per-site branch length score, PCT, conserved (targetscan_70_BL_PCT.pl) */
typedef struct {
    double bl;          /* branch length score (rounded to 4 decimals as printed) */
    char bl_str[24];    /* as TargetScan prints it: "0" for one species, else %.4f */
    double pct;         /* PCT, 0 when not applicable */
    char pct_str[24];   /* "NA" (no PCT parameters, ORF overlap or excluded family), "0.0" or %.4f */
    int pct_na;         /* pct_str is "NA" */
    int conserved;      /* BL at or above the type's threshold (never for 6mers) */
    int excluded;       /* family not in the family file: TargetScan prints BL and PCT as NA */
} ssc_ts_blpct_t;

/* Score every site of s; out has s->n entries in the order of s. Sites are
 * taken in groups (equal Group_num); within a group, the species list of a
 * site type is the one TargetScan uses (column 13, else column 12, of the
 * group's last site of that type). Genes without a bin use bin 1, as
 * TargetScan does. Returns 0 or SSC_ENOMEM. */
int ssc_ts_bl_pct(const ssc_ts_bl_t *p, const ssc_ts_sites_t *s, const ssc_ts_families_t *fam,
                  const ssc_ts_bins_t *bins, ssc_ts_blpct_t *out);
/* TargetScan's BL_PCT table: header, then the sites ordered by group number
 * (stable, as the input sorted with sort -k8,8n). */
int ssc_ts_format_bl_pct(kstring_t *str, const ssc_ts_sites_t *s, const ssc_ts_blpct_t *r);

#endif
