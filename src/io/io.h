/* io.h: the ground floor's internals: nucleotide codes, growable arrays, reader
 * extras, line reader, output files and the paths of shipped refs. Not part of the API. */
#ifndef SSC_IO_H
#define SSC_IO_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "seedscan.h"

/* 2-bit nucleotide codes: A=0 C=1 G=2 T/U=3 (any case); 4 = not a base. */
extern const uint8_t ssc_nt4[256];
/* Reverse complement of a 2-bit code. */
static inline int ssc_comp4(int c) { return 3 - c; }
/* Uppercase RNA letter of a 2-bit code. */
static inline char ssc_rna_letter(int c) { return "ACGU"[c & 3]; }

/* ---- growable arrays ---- */
#define SSC_GROW(type, ptr, n, m) do {                                         \
        if ((size_t)(n) >= (size_t)(m)) {                                      \
            size_t m_ = (m) ? (size_t)(m) * 2 : 16;                            \
            while (m_ <= (size_t)(n)) m_ *= 2;                                 \
            type *p_ = realloc((ptr), m_ * sizeof(type));                      \
            if (!p_) goto fail;                                                \
            (ptr) = p_; (m) = m_;                                              \
        }                                                                      \
    } while (0)

/* Continue reading at an uncompressed byte offset (the start of a record;
 * BGZF needs its .gzi). Line numbers then count from there. */
int ssc_reader_seek(ssc_reader_t *r, int64_t uoffset);

/* ---- FASTA helpers for shards ----
 * Count records and sequence letters without keeping them (consumes r). */
int ssc_reader_count(ssc_reader_t *r, int64_t *nrec, int64_t *nbases);

/* ---- FASTA indexes (.fai) ---- */
typedef struct {
    char *name;                 /* NULL unless asked for */
    int64_t len, off, lb, lw;   /* bases, offset of the first base, bases and bytes per line */
} ssc_fai_rec_t;
#define SSC_FAI_MAX ((int64_t)1 << 46) /* bytes or bases: far above any genome */
/* Every line of the index file fai (a path or anything ssc_lines_open takes), in order, names
 * kept when names != 0. A line must have a name and four integers, lengths and offsets within
 * SSC_FAI_MAX, and lines of lb bases ending in 1 or 2 more bytes (lw). 0, or SSC_EIO (cannot
 * open or read), SSC_EFORMAT (err names the file and line) or SSC_ENOMEM; nothing is kept then. */
int ssc_fai_read(const char *fai, int names, ssc_fai_rec_t **recs, int64_t *n, char *err, size_t errlen);
void ssc_fai_free(ssc_fai_rec_t *recs, int64_t n);
/* Byte offset just past r's sequence lines (where the next '>' starts). */
int64_t ssc_fai_end(const ssc_fai_rec_t *r);

/* strtod(s, end), exactly (same value, same *end), with a fast path for plain decimals
 * ([+-]digits[.digits], up to 15 significant digits); end may be NULL. */
double ssc_dec(const char *s, char **end);
/* v in decimal at p (room for 20 digits, no NUL written); returns the end. */
static inline char *ssc_put_uint(char *p, uint64_t v)
{
    /* the digits' count first, then two digits a division from the end */
    static const uint64_t p10[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
                                     10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
                                     100000000000ull, 1000000000000ull, 10000000000000ull,
                                     100000000000000ull, 1000000000000000ull, 10000000000000000ull,
                                     100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull};
    static const char dd[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    int n = 1;
    while (n < 20 && v >= p10[n]) n++;
    char *e = p + n;
    while (v >= 100) {
        uint64_t q = v / 100;
        e -= 2;
        memcpy(e, dd + 2 * (v - 100 * q), 2);
        v = q;
    }
    if (v >= 10) {
        e -= 2;
        memcpy(e, dd + 2 * v, 2);
    } else {
        *--e = (char)('0' + v);
    }
    return p + n;
}

/* ---- line-oriented reading of plain or compressed text (htslib BGZF) ---- */
typedef struct ssc_lines_s ssc_lines_t;
ssc_lines_t *ssc_lines_open(const char *path, int nthreads);
/* Next line without its '\n' (and '\r'); 1 = got one, 0 = EOF, <0 error:
 * SSC_EIO (read error, truncated input), SSC_ENOMEM or SSC_EFORMAT (a NUL
 * byte in the line). After an error ssc_lines_lineno() + 1 is the line at fault and
 * ssc_lines_why() says what happened in words. */
int ssc_lines_next(ssc_lines_t *l, kstring_t *line);
const char *ssc_lines_why(int err);
int64_t ssc_lines_lineno(const ssc_lines_t *l);
int ssc_lines_close(ssc_lines_t *l);

/* Whether a BGZF input that reached its end lacks the EOF marker block, i.e.
 * was cut at a block boundary (plain and gzip input: never). Seekable input
 * is checked at its end; a pipe by its last block (not under bgzf_mt). */
struct BGZF;
int ssc_bgzf_eof_missing(struct BGZF *fp);

/* Lines of a BGZF stream cut by memchr from blocks of 64 KiB (bgzf_getline
 * looks at every byte in a loop): b holds what was read and not yet handed
 * out (zero it before the first call). The next line into line, without its
 * '\n' (what bgzf_getline gives: the bytes up to a '\n' or the end of the
 * file). Returns 1, 0 at the end of the file, SSC_EIO (a read error, or a
 * BGZF file without its EOF marker) or SSC_ENOMEM. */
typedef struct {
    char *blk;
    size_t pos, len;
} ssc_blklines_t;
int ssc_blk_getline(struct BGZF *fp, ssc_blklines_t *b, kstring_t *line);
void ssc_blk_free(ssc_blklines_t *b);

/* ---- output files: temporary name + rename on success; BGZF for *.gz ---- */
typedef struct ssc_out_s ssc_out_t;
/* path NULL or "-": stdout. Returns NULL with errno set. A path ending in
 * .gz is written as BGZF at compression level `level` (0-9; SSC_OUT_LEVEL_DEFAULT:
 * htslib's, 6), compressed on nthreads threads when nthreads > 1 (htslib's
 * thread pool; the blocks do not depend on nthreads). */
#define SSC_OUT_LEVEL_DEFAULT (-1)
ssc_out_t *ssc_out_open_level(const char *path, int nthreads, int level);
/* ssc_out_open_level at the default level. */
ssc_out_t *ssc_out_open(const char *path, int nthreads);
int ssc_out_write(ssc_out_t *o, const char *buf, size_t len); /* 0 or SSC_EIO (errno set) */
/* commit: 1 = flush, close, rename into place; 0 = discard. */
int ssc_out_close(ssc_out_t *o, int commit);
const char *ssc_out_name(const ssc_out_t *o);
/* Whether output to path must be written in place (1: /dev/null, a terminal,
 * a FIFO: renaming over it would replace it) or through a temporary name
 * renamed onto *real (malloc'ed: the file a symbolic link names), or onto
 * path itself when *real is NULL (0). For writers other than ssc_out_*. */
int ssc_out_direct(const char *path, char **real);
/* Remove every temporary output still open (for signal handlers). */
void ssc_out_abort_all(void);

/* ---- reference data shipped in refs/ ---- */
/* Full path of a refs/ file into buf; 0, or SSC_ENOTFOUND. */
int ssc_refs_path(const char *name, char *buf, size_t size);

#endif
