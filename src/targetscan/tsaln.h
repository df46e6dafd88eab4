/* tsaln.h: internal API for TargetScan's tab-separated UTR/ORF alignment files and ORF counts. */
#ifndef SSC_TSALN_H
#define SSC_TSALN_H

#include <stdint.h>
#include <stddef.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include "io/io.h"

/* ---- line-oriented text files (plain or gzip) ----------------------------
 * Shared by the TargetScan readers: one line at a time, the trailing "\n"
 * and "\r" removed, with the 1-based line number kept for messages. */
typedef struct {
    BGZF *fp;
    char *path;     /* owned copy of the path, for messages */
    int64_t line;   /* 1-based number of the line in buf */
    kstring_t buf;  /* the current line, NUL-terminated, no end-of-line */
    ssc_blklines_t b; /* what was read from fp and not yet handed out */
} ssc_ts_file_t;

/* Open path ("-" is stdin). Returns 0, or SSC_EIO with errno set. */
int ssc_ts_file_open(ssc_ts_file_t *f, const char *path);
#define SSC_TS_PAD 16 /* NUL bytes from each line's end on */
/* Read the next line into f->buf, its end followed by SSC_TS_PAD NUL bytes (f->buf.s[l .. l +
 * 15]). Returns 1, 0 at end of file, SSC_EIO (a read error or truncated input), SSC_ENOMEM or
 * SSC_EFORMAT (the line holds a NUL byte; f->line is its number). ssc_ts_file_why() says which
 * in words. */
int ssc_ts_file_getline(ssc_ts_file_t *f);
void ssc_ts_file_close(ssc_ts_file_t *f);
const char *ssc_ts_file_why(int err);

/* Read the whole of path into s (plain or gzip). Returns 0, SSC_EIO or SSC_ENOMEM. */
int ssc_ts_file_slurp(const char *path, kstring_t *s);

/* Call cb on every non-empty line (with its 1-based number) of path after the first `skip` lines.
 * cb returns 0 to go on or a negative code to stop, setting *why for
 * SSC_EFORMAT. Returns 0 or the first negative code, with err (may be NULL)
 * set to "path:line: why" (or "path: cannot open"). */
typedef int (*ssc_ts_line_f)(char *line, int64_t lineno, void *ctx, const char **why);
int ssc_ts_file_each(const char *path, int skip, ssc_ts_line_f cb, void *ctx, char *err,
                     size_t errsz);

/* n bytes of zeroed memory mapped at a 2 MB boundary and advised for
 * transparent huge pages (which need the alignment), where the system
 * offers them: for tables of tens of MB, whose page faults every 4 KiB are
 * a sizeable cost on a virtual machine. *len gets its length for
 * ssc_ts_huge_unmap; calloc's memory (*len 0) where mapping is not
 * available. NULL when out of memory. */
void *ssc_ts_huge_map(size_t n, size_t *len);
void ssc_ts_huge_unmap(void *p, size_t len);

/* Split s in place at tabs into at most max fields; returns the number of
 * fields found (which may exceed max: the extra ones are not stored). */
int ssc_ts_split_tabs(char *s, char **field, int max);
/* The same for a line followed by SSC_TS_PAD NUL bytes (its terminator the first), as
 * ssc_ts_file_getline's lines (and so ssc_ts_file_each's) are: it reads 16 bytes at a time. */
int ssc_ts_split_tabs_padded(char *s, char **field, int max);

/* ---- alignment blocks ------------------------------------------------------
 * A file has rows `gene<TAB>species<TAB>aligned sequence`; consecutive rows
 * of one gene form a block. Gaps are '-' (and '.'), lowercase marks ORF
 * overlap, letters are kept as in the file. */
typedef struct {
    char *species;  /* species ID as written (e.g. "9606"); owned by the block */
    char *aln;      /* aligned sequence as written, NUL-terminated; owned by the block */
    int64_t len;    /* aligned length (columns) */
    int64_t ulen;   /* ungapped length (letters) */
    int64_t line;   /* 1-based line of the row in the file */
} ssc_ts_row_t;

typedef struct {
    char *gene;         /* gene (UTR) ID of every row; owned by the block */
    ssc_ts_row_t *row;  /* n rows in file order */
    int n, m;
} ssc_ts_block_t;

void ssc_ts_block_init(ssc_ts_block_t *b);
void ssc_ts_block_free(ssc_ts_block_t *b);
/* The row of species sp in b, or NULL. */
const ssc_ts_row_t *ssc_ts_block_find(const ssc_ts_block_t *b, const char *sp);

typedef struct ssc_ts_aln_s ssc_ts_aln_t;
/* Open an alignment file (plain or gzip; "-" is stdin). NULL with errno set. */
ssc_ts_aln_t *ssc_ts_aln_open(const char *path);
/* Read the next block into b (its previous content is freed). Returns 1, 0
 * at end of file, or SSC_EFORMAT/SSC_EIO/SSC_ENOMEM with
 * ssc_ts_aln_errmsg() naming file and line ("utr.txt:12: ..."). A row
 * without exactly three fields, an empty ID, a character other than a
 * letter, '-' or '.', or a species repeated within a block is an error. */
int ssc_ts_aln_read(ssc_ts_aln_t *r, ssc_ts_block_t *b);
const char *ssc_ts_aln_errmsg(const ssc_ts_aln_t *r);
void ssc_ts_aln_close(ssc_ts_aln_t *r);

/* ---- sequences ------------------------------------------------------------ */
/* Copy aln[0..len) without gaps ('-', '.') into out (room for len+1 bytes),
 * NUL-terminated. Returns the ungapped length. */
int64_t ssc_ts_degap(const char *aln, int64_t len, char *out);
/* Number of non-overlapping 8mer sites (reverse complement of seed7 + 'A')
 * in the ungapped seq, any case, U = T, scanned left to right as
 * targetscan_count_8mers.pl does. Returns the count, or SSC_EINVAL if
 * seed7 is not 7 bases. */
int ssc_ts_count_8mers(const char *seq, int64_t len, const char *seed7);

/* ORF-overlap flag of a site at alignment columns msa_start..msa_end
 * (1-based, inclusive) of one aligned row: 1 if any of those columns holds
 * a lowercase letter (lowercase marks UTR sequence that overlaps an ORF).
 * With compat, TargetScan 7's defects are reproduced: it looks one column
 * to the right (msa_start+1..msa_end+1), after turning 't' into 'U' and the
 * first `shadow` bases of the row into 'N' (so lowercase t and masked bases
 * never count). */
int ssc_ts_orf_overlap(const char *aln, int64_t len, int64_t msa_start, int64_t msa_end,
                       int shadow, int compat);

/* Rows of TargetScan's ORF length file for block b: `gene<TAB>species<TAB>length`. */
int ssc_ts_format_orf_lengths(kstring_t *s, const ssc_ts_block_t *b);
/* Rows of TargetScan's ORF 8mer count file for block b: for each row, for
 * each of the n seeds (7 nt, sorted ascending by the caller) with at least
 * one 8mer, `gene<TAB>species<TAB>seed<TAB>count`. */
int ssc_ts_format_orf_8mers(kstring_t *s, const ssc_ts_block_t *b, const char *const *seeds,
                            int n);

#endif
