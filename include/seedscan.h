/* seedscan.h: the public API of libseedscan (miRNA target-site scanning). */
#ifndef SEEDSCAN_H
#define SEEDSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <htslib/kstring.h>

#define SSC_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors and logging -------------------------------------------------
 * Library functions return 0 (or a count) on success and a negative SSC_E*
 * code on failure; objects that read files keep a message naming the file,
 * line and record of the last failure (ssc_*_errmsg). The library never
 * exits and never writes to stdout. */
enum {
    SSC_OK = 0,
    SSC_ENOMEM = -1,   /* out of memory */
    SSC_EIO = -2,      /* read or write failure, truncated compressed input */
    SSC_EFORMAT = -3,  /* malformed input */
    SSC_EINVAL = -4,   /* invalid argument or option */
    SSC_ENOTFOUND = -5 /* a named item (miRNA, file) does not exist */
};
const char *ssc_strerror(int err);

enum { SSC_LOG_OFF = 0, SSC_LOG_ERROR = 1, SSC_LOG_WARNING = 2, SSC_LOG_INFO = 3, SSC_LOG_DEBUG = 4 };
typedef void (*ssc_log_sink_f)(int level, const char *func, const char *msg, void *data);
void ssc_log_set_level(int level);               /* default SSC_LOG_WARNING */
int ssc_log_get_level(void);
void ssc_log_set_sink(ssc_log_sink_f sink, void *data); /* NULL: stderr as "[W::func] msg" */
void ssc_log(int level, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- site types (the site model of TargetScan 7, see README) ------------ */
typedef enum {
    SSC_8MER = 0,        /* rc(nt2-8) + A opposite nt1 */
    SSC_7MER_M8 = 1,     /* rc(nt2-8) */
    SSC_7MER_A1 = 2,     /* rc(nt2-7) + A */
    SSC_6MER = 3,        /* rc(nt2-7) */
    SSC_OFFSET_6MER = 4, /* rc(nt3-8) */
    SSC_6MER_A1 = 5,     /* rc(nt2-6) + A */
    SSC_NTYPES = 6,      /* the canonical types: the scanner's */
    /* non-canonical types (README "Non-canonical sites"; thermo/noncanon.h finds them) */
    SSC_GU_7MER = 6,     /* nt 2-7 five Watson-Crick + one G:U, nt 8 Watson-Crick */
    SSC_GU_6MER = 7,     /* nt 2-7 five Watson-Crick + one G:U, nt 8 not */
    SSC_MM_7MER = 8,     /* nt 2-8 Watson-Crick but one mismatch at nt 3-7 */
    SSC_BULGE_7MER = 9,  /* nt 2-8 Watson-Crick, one extra target nt between two of them */
    SSC_CENTERED = 10,   /* 11 contiguous Watson-Crick pairs to nt 4-14 or 5-15 */
    SSC_3P_COMP = 11,    /* nt 2-8 with one non-Watson-Crick nt, nt 13-16 Watson-Crick */
    SSC_NTYPES_ALL = 12
} ssc_type_t;
#define SSC_TYPES_DEFAULT 0x0fu /* 8mer, 7mer-m8, 7mer-A1, 6mer */
#define SSC_TYPES_ALL 0x3fu
#define SSC_TYPES_NONCANON 0xfc0u /* bits SSC_GU_7MER .. SSC_3P_COMP */

const char *ssc_type_name(int type);   /* "8mer", ..., NULL when out of range */
int ssc_type_from_name(const char *name); /* type, or -1 */
/* Parse a comma-separated list of type names, or "default"/"all", into a bit
 * mask (bit i = type i). Returns 0, or SSC_EINVAL naming nothing. */
int ssc_types_parse(const char *list, unsigned *mask);

/* ---- miRNA sets ----------------------------------------------------------
 * A set of miRNAs grouped into seed families (identical nt 2-8). Families
 * are numbered 0.. in order of first appearance of a member. */
typedef struct ssc_mirset_s ssc_mirset_t;

typedef struct {
    const char *species;  /* keep only names with this prefix ("hsa" keeps "hsa-..."),
                             or for TargetScan files this species ID; NULL: all */
} ssc_mirload_opt_t;

ssc_mirset_t *ssc_mirset_init(void);
void ssc_mirset_destroy(ssc_mirset_t *ms);
/* Add one miRNA (RNA or DNA alphabet, any case, at least 8 nt); SSC_EINVAL for
 * a name with a control character (a tab or line break would split output rows). */
int ssc_mirset_add(ssc_mirset_t *ms, const char *name, const char *seq);
/* Add a family known only by its seed (nt 2-8, 7 nt), as in TargetScan files. */
int ssc_mirset_add_seed(ssc_mirset_t *ms, const char *family, const char *seed7);
/* Load a miRBase-style FASTA or a TargetScan family file (detected by
 * content; plain or gzip). On failure ssc_mirset_errmsg() says where. */
int ssc_mirset_load(ssc_mirset_t *ms, const char *path, const ssc_mirload_opt_t *opt);
/* A new set with the miRNAs of src named in names (case-insensitive), in that
 * order. NULL on failure; *missing (if not NULL) then points at the first
 * name not found, inside names. */
ssc_mirset_t *ssc_mirset_select(const ssc_mirset_t *src, const char *const *names, int n,
                                int *missing);
const char *ssc_mirset_errmsg(const ssc_mirset_t *ms);
/* Names in ms close to a name that is not there, for "did you mean": names
 * that extend it or add a species ("hsa-miR-21" -> "hsa-miR-21-5p"; "miR-21-5p"
 * -> "hsa-miR-21-5p"), then names a few edits away (any case), the closest
 * first. Appends at most max of them to out, joined by ", "; returns how many. */
int ssc_mirset_suggest(const ssc_mirset_t *ms, const char *name, int max, kstring_t *out);

int ssc_mirset_size(const ssc_mirset_t *ms);              /* number of miRNAs */
const char *ssc_mirset_name(const ssc_mirset_t *ms, int i);
const char *ssc_mirset_seq(const ssc_mirset_t *ms, int i); /* uppercase RNA; "" for seed-only */
int ssc_mirset_family_of(const ssc_mirset_t *ms, int i);
int ssc_mirset_n_families(const ssc_mirset_t *ms);
const char *ssc_family_name(const ssc_mirset_t *ms, int fam);    /* first member's name */
const char *ssc_family_members(const ssc_mirset_t *ms, int fam); /* names joined by ',' */
const char *ssc_family_seed(const ssc_mirset_t *ms, int fam);    /* nt 2-8, uppercase RNA */

/* ---- the window index ----------------------------------------------------
 * Built once from a set; read-only afterwards and shared by threads. */
typedef struct ssc_index_s ssc_index_t;
ssc_index_t *ssc_index_build(const ssc_mirset_t *ms, unsigned types);
void ssc_index_destroy(ssc_index_t *idx);
unsigned ssc_index_types(const ssc_index_t *idx);
int ssc_index_n_families(const ssc_index_t *idx);

/* ---- scanning -------------------------------------------------------------- */
typedef struct {
    int32_t fam;    /* family index in the mirset */
    int16_t type;   /* ssc_type_t */
    int16_t strand; /* 0: on the sequence as given (+), 1: on its reverse complement (-) */
    int64_t start;  /* 0-based first position of the site, on the + strand */
    int64_t end;    /* 0-based position after the site (half-open), on the + strand */
} ssc_site_t;

typedef struct {
    int shadow;    /* the first `shadow` nt of each target are masked [14] */
} ssc_scanopt_t;
void ssc_scanopt_init(ssc_scanopt_t *opt);
int ssc_scanopt_check(const ssc_scanopt_t *opt);

/* Per-thread scratch: one per thread; results point into it. */
typedef struct ssc_tbuf_s ssc_tbuf_t;
ssc_tbuf_t *ssc_tbuf_init(void);
void ssc_tbuf_destroy(ssc_tbuf_t *b);

/* Find every site in seq[0..len) (any case, U = T). *sites is sorted by
 * start, then family, then type, and stays valid until the next call on b.
 * Returns the number of sites, or a negative code. */
int64_t ssc_scan(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
                 ssc_tbuf_t *b, const ssc_site_t **sites);

/* Count sites per family and type without listing them: the count of type t
 * in family f is (*counts)[f * SSC_CSTRIDE + t]; *fams lists the families
 * with at least one site, ascending. Both stay valid until the next call on
 * b. Returns the number of such families, or a negative code. */
#define SSC_CSTRIDE 8
int ssc_count(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
              ssc_tbuf_t *b, const uint32_t **counts, const int32_t **fams);

/* Reverse complement of seq[0..len) into out (len bytes, not terminated):
 * A<->T/U, C<->G keeping case; other letters are kept. */
void ssc_revcomp(const char *seq, int64_t len, char *out);

/* The scan kernel in use ("generic", "simde", "sse2", "avx2"). The
 * environment variable SEEDSCAN_SIMD=generic|simde|sse2|avx2 caps the
 * choice (for tests). */
const char *ssc_kernel_name(void);

/* ---- FASTA reading --------------------------------------------------------- */
typedef struct {
    char *name;    /* ID: header up to the first white space; owned by the batch */
    char *comment; /* rest of the header line, "" if none */
    char *seq;     /* sequence, letters as in the file, NUL-terminated */
    int64_t len;   /* sequence length */
    int64_t line;  /* 1-based line of the header in the file */
    int64_t index; /* 0-based record number in the file */
    /* A record longer than the reader's piece length comes in pieces that
     * overlap by SSC_PIECE_OVERLAP bases; whole records have pos 0, last 1. */
    int64_t pos;       /* target position of seq[0] */
    int64_t nt_before; /* bases (A C G T U) of the target before seq[0] */
    int last;          /* this piece ends the target */
} ssc_rec_t;
#define SSC_PIECE_OVERLAP 16

typedef struct ssc_batch_s {
    ssc_rec_t *rec;  /* n records, valid until the next read into this batch */
    int n;
    int64_t bases;   /* total length of the records */
    /* private */
    int m;
    kstring_t mem;
} ssc_batch_t;
void ssc_batch_init(ssc_batch_t *b);
void ssc_batch_free(ssc_batch_t *b);

typedef struct ssc_reader_s ssc_reader_t;
/* Open a FASTA file: plain, gzip or BGZF; "-" is stdin. nthreads > 1
 * decompresses BGZF on a thread pool. NULL on failure with errno set. */
ssc_reader_t *ssc_reader_open(const char *path, int nthreads);
/* Read records into b until at least max_bases bases (and at least one
 * record). Returns the number of records, 0 at end of file, or a negative
 * code with ssc_reader_errmsg() naming file, line and record. */
int ssc_reader_read(ssc_reader_t *r, ssc_batch_t *b, int64_t max_bases);
const char *ssc_reader_errmsg(const ssc_reader_t *r);
/* Deliver records longer than piece_len (>= 64; 0: never) in pieces, so
 * that memory stays bounded for chromosomes. A batch ends after a piece
 * that does not end its record. Scan pieces with ssc_scan_rec(). */
int ssc_reader_set_piece(ssc_reader_t *r, int64_t piece_len);
const char *ssc_reader_path(const ssc_reader_t *r);
int ssc_reader_close(ssc_reader_t *r);

/* ssc_scan for a record from the reader, whole or a piece of a long one:
 * reports, in target coordinates, exactly the sites of the windows the
 * piece owns, so that the pieces of a target give the whole target's sites. */
int64_t ssc_scan_rec(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                     ssc_tbuf_t *b, const ssc_site_t **sites);

/* The same for one strand: minus = 1 scans the reverse complement and
 * reports its sites in + coordinates with strand 1, sorted like ssc_scan's. */
int64_t ssc_scan_rec_strand(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                            int minus, ssc_tbuf_t *b, const ssc_site_t **sites);


/* ---- output formats (format into a kstring; the caller writes) ------------
 * TSV: target family mirnas type start end site_seq, 1-based inclusive.
 * BED6: target, 0-based start, end, family:type, 0, +.
 * Summary: one row per target and family with sites: counts per enabled
 * type, total, best type. */
int ssc_format_tsv_header(kstring_t *s);
int ssc_format_tsv(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n);
int ssc_format_bed(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n);
int ssc_format_summary_header(kstring_t *s, unsigned types);
int ssc_format_summary(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const int32_t *fams, int nfams);

/* With strands (--strand): TSV and summary gain a last column `strand`
 * (+ or -); a - site's site_seq is the reverse complement of the + letters,
 * i.e. the site as read on the - strand. BED always has the strand. */
int ssc_format_tsv_header_strand(kstring_t *s);
int ssc_format_tsv_strand(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n);
int ssc_format_summary_header_strand(kstring_t *s, unsigned types);
int ssc_format_summary_strand(kstring_t *s, const ssc_mirset_t *ms, unsigned types,
                              const ssc_rec_t *rec, const uint32_t *counts, const int32_t *fams,
                              int nfams, int strand);

/* With site energies (scan --energy): energy[k] is site k's duplex energy in dcal/mol, or
 * SSC_ENERGY_NA. TSV gains a last column `mfe` (kcal/mol, two decimals, NA), after the
 * strand column when there is one; BED's score becomes -10 x the energy in kcal/mol,
 * rounded and clamped to 0..1000 (-21.34 -> 213; NA -> 0). */
#define SSC_ENERGY_NA INT32_MAX
int ssc_format_tsv_header_energy(kstring_t *s, int strand_col);
int ssc_format_sites_energy(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                            const ssc_site_t *sites, int64_t n, int bed, int strand_col,
                            const int32_t *energy);

/* Summary of sites with energies (--summary with --energy or non-canonical types): the columns
 * of ssc_format_summary for every type in types (canonical and non-canonical, in type order),
 * then total, best (the lowest-numbered type with a site), strand (strand_col; rows: strand 0
 * +, 1 -, -1 none) and mfe (mfe_col; rows: mfe non-NULL), the lowest energy of the family's
 * sites (mfe[f], dcal/mol; SSC_ENERGY_NA prints NA). counts[f * SSC_CSTRIDE_ALL + t] counts
 * the sites of type t in family f, one row per family in fams. */
#define SSC_CSTRIDE_ALL 16
int ssc_format_summary_header_energy(kstring_t *s, unsigned types, int strand_col, int mfe_col);
int ssc_format_summary_energy(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                              const uint32_t *counts, const int32_t *mfe, const int32_t *fams, int nfams,
                              int strand);

#ifdef __cplusplus
}
#endif
#endif
