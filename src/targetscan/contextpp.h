/* contextpp.h: internal API for TargetScan 7 context++ scores (Agarwal et al. 2015), percentiles, AIR weighting and CWCS. */
#ifndef SSC_CONTEXTPP_H
#define SSC_CONTEXTPP_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "seedscan.h"
#include "thermo/pf.h"
#include "targetscan/tsaln.h"
#include "targetscan/ts_bl.h"

/* The 21 contributions, in the order of TargetScan's output columns. */
enum {
    SSC_CPP_SITE_TYPE, SSC_CPP_3P, SSC_CPP_LOCAL_AU, SSC_CPP_MIN_DIST,
    SSC_CPP_SRNA1A, SSC_CPP_SRNA1C, SSC_CPP_SRNA1G, SSC_CPP_SRNA8A, SSC_CPP_SRNA8C, SSC_CPP_SRNA8G,
    SSC_CPP_SITE8A, SSC_CPP_SITE8C, SSC_CPP_SITE8G, SSC_CPP_LEN_3UTR, SSC_CPP_SA, SSC_CPP_LEN_ORF,
    SSC_CPP_ORF8M, SSC_CPP_OFF6M, SSC_CPP_TA, SSC_CPP_SPS, SSC_CPP_PCT,
    SSC_CPP_NFEAT
};
/* Name of contribution f in the parameter file ("3P_score", ...). */
const char *ssc_cpp_feature_name(int f);

/* Context++ score ceiling per type (8mer -0.03, 7mer-m8 -0.02, 7mer-A1 -0.01, 6mer 0). */
extern const char *const ssc_cpp_max_score[4];

/* ---- parameters: Agarwal_2015_parameters.txt and TA_SPS_by_seed_region.txt */
typedef struct ssc_cpp_params_s ssc_cpp_params_t;
ssc_cpp_params_t *ssc_cpp_params_load(const char *agarwal, const char *ta_sps, char *err,
                                      size_t errsz);
void ssc_cpp_params_destroy(ssc_cpp_params_t *p);

/* ---- options ---------------------------------------------------------------- */
typedef struct {
    /* Reproduce targetscan_70_context_scores.pl's defects: the offset-6mer
     * feature counts 1 whatever the UTR holds, the 6mer site-8 feature reads
     * the nucleotide opposite miRNA nt 10, and a UTR without AIRs gets 3'UTR
     * length, minimum distance and offset-6mer features of 0. By default
     * (0): offset 6mers (miRNA nt 3-8 paired, not part of a longer site) are
     * counted in each isoform, site 8 is the nucleotide opposite miRNA nt 8
     * for every site type, and a UTR without AIRs is one isoform of its
     * full length. */
    int compat;
    int nthreads; /* ssc_cpp_targetscan_table: threads (1); the table is the same for any */
    /* ssc_cpp_targetscan_table: NULL, or where the formatted table goes in
     * pieces of about 1 MB (out is then left empty) once every row is scored,
     * so that the table is not held twice; a negative return stops it */
    int (*flush)(void *ctx, const char *s, size_t n);
    void *flush_ctx;
} ssc_cpp_opt_t;
void ssc_cpp_opt_init(ssc_cpp_opt_t *o);

/* ---- per-UTR inputs ------------------------------------------------------------ */
typedef struct {
    int64_t start, end;  /* 1-based inclusive region of the UTR, scaled to this species */
    double air;          /* affected isoform ratio in percent (0-100) */
} ssc_cpp_air_t;

/* RNAplfold `_lunp` unpaired probabilities (only the 14-nt column is kept).
 * Positions above SSC_CPP_LUNP_MAXPOS are an error; a file naming positions
 * beyond its UTR is rejected when it is attached to the UTR. */
typedef struct ssc_cpp_lunp_s ssc_cpp_lunp_t;
#define SSC_CPP_LUNP_MAXPOS 1000000000LL
ssc_cpp_lunp_t *ssc_cpp_lunp_load(const char *path, char *err, size_t errsz);
void ssc_cpp_lunp_destroy(ssc_cpp_lunp_t *l);
/* The value TargetScan reads for a site whose SA anchor is position pos:
 * the u=14 column 7 lines after pos (or of the last line), as text; NULL
 * when pos is not in the file. */
const char *ssc_cpp_lunp_at(const ssc_cpp_lunp_t *l, int64_t pos);

/* Every 6-mer of a UTR by its 12-bit code (A C G U = 0-3; T reads as U, any
 * case; another letter breaks the word), so that the offset 6mers of a
 * site cost the occurrences of one word instead of a pass over the UTR. */
typedef struct ssc_cpp_kidx_s ssc_cpp_kidx_t;
ssc_cpp_kidx_t *ssc_cpp_kidx_build(const char *seq, int64_t len);
void ssc_cpp_kidx_destroy(ssc_cpp_kidx_t *k);

typedef struct {
    const char *seq;            /* ungapped UTR as read (any case, T or U) */
    int64_t len;
    const ssc_cpp_air_t *air;   /* n_air regions in file order, NULL if none */
    int n_air;
    const char *orf_len;        /* ORF length as text, NULL if unknown */
    const ssc_cpp_lunp_t *lunp; /* NULL: no SA contribution */
    const ssc_cpp_kidx_t *kidx; /* index of seq[0..len), or NULL: each site scans seq */
} ssc_cpp_utr_t;

typedef struct {
    int type;             /* SSC_8MER .. SSC_6MER */
    int64_t start, end;   /* 1-based inclusive UTR coordinates */
    const char *pct;      /* PCT as in the BL_PCT table ("NA" gives 0) */
    int orf8mers;         /* ORF 8mers of the family in this gene */
    const char *seed;     /* family seed (nt 2-8), for offset 6mers */
} ssc_cpp_site_t;

/* printf("%.*f", d, x) for 0 <= d <= 4 into buf of size bytes, without
 * printf where the digits are certain (it falls back to snprintf near a
 * rounding tie, for |x| 10^d >= 1e9 or non-finite x, for other d and when
 * size < 18). Returns the length, as snprintf; *val (if val) gets strtod
 * of the text, exactly. */
int ssc_cpp_fmt_fixed(char *buf, size_t size, double x, int d, double *val);

/* A printed number as a code: code >= 0 is printf("%.*f", d, x) with
 * N = code >> 1, i.e. '-' when code & 1, then N / 10^d, '.' and N % 10^d in
 * d digits; the negative codes name texts. ssc_cpp_fixed_code gives
 * SSC_CPP_CODE_TEXT when N would reach 2^30 or x is not finite (the text
 * is then snprintf's); *val (if val) gets strtod of the text, exactly. */
enum {
    SSC_CPP_CODE_ZERO = -1,      /* "0" */
    SSC_CPP_CODE_NA = -2,        /* "NA" */
    SSC_CPP_CODE_TOO_CLOSE = -3, /* "too_close" */
    SSC_CPP_CODE_INTERCEPT = -4, /* the site type's intercept as the parameter file writes it */
    SSC_CPP_CODE_MAX = -5,       /* ssc_cpp_max_score[type] */
    SSC_CPP_CODE_TEXT = -6       /* none of these: the text is kept beside */
};
int32_t ssc_cpp_fixed_code(double x, int d, double *val);
/* The text of a code >= 0 with d decimals (0 <= d <= 4) into buf (>= 16
 * bytes, not NUL-terminated); returns its length. */
int ssc_cpp_fixed_put(char *buf, int32_t code, int d);

typedef struct {
    char contrib[SSC_CPP_NFEAT][24]; /* contributions as TargetScan prints them */
    double contrib_val[SSC_CPP_NFEAT]; /* their values as read back (NA: 0) */
    char score[24];       /* context++ score as printed (capped), or "too_close" */
    double cs;            /* its value (0 when too close) */
    int too_close;        /* site starts within 14 nt of the stop codon */
    double air;           /* AIR of the site (fraction) */
    char air_str[32];
    char wscore[24];      /* AIR-weighted score, %.4f */
    double wcs;
    kstring_t utr_aln, bars, mir_aln; /* pairing diagram, 3' to 5' UTR over miRNA */
    double air_fmt;       /* the AIR air_str holds */
    /* the contributions, score and weighted score as codes (3, 3 and 4
     * decimals); with codes_only set, the texts above are written only for
     * SSC_CPP_CODE_TEXT (and air_str not at all) */
    int32_t code[SSC_CPP_NFEAT], score_code, wscore_code;
    int codes_only;
    /* set by the caller when the site (utr and site, and what they point
     * to) is the previous call's on this result: the features that do not
     * depend on the miRNA are then taken from that call */
    int same_site;
    struct ssc_cpp_scratch_s *scratch; /* buffers kept between calls */
} ssc_cpp_result_t;

/* A result may be scored into again and again (its buffers are reused)
 * and must be freed once. */
void ssc_cpp_result_init(ssc_cpp_result_t *r);
void ssc_cpp_result_free(ssc_cpp_result_t *r);

/* Fill type, start and end of out from a scanner site (0-based half-open
 * to 1-based inclusive); the other fields are left alone. Returns 0, or
 * SSC_EINVAL for the types context++ has no parameters for (offset 6mer,
 * 6mer-A1). */
int ssc_cpp_site_from_scan(const ssc_site_t *in, ssc_cpp_site_t *out);

/* Score one site against one mature miRNA (RNA alphabet, uppercase).
 * Returns 0 or SSC_ENOMEM/SSC_EINVAL. */
int ssc_cpp_score(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *opt, const ssc_cpp_utr_t *u,
                  const ssc_cpp_site_t *s, const char *mirna, ssc_cpp_result_t *r);

/* AIR (fraction) of a site ending at end, as TargetScan picks it. */
double ssc_cpp_site_air(const ssc_cpp_air_t *air, int n, int64_t end);
/* Weighted score: log2((2^cs - 1) * air + 1). */
double ssc_cpp_weighted(double cs, double air);

/* Cumulative weighted context++ score over sites i = 1..n with scores cs[i]
 * and AIRs air[i] (fractions): C_i = C_{i-1} + (1 - 2^cs_i)(air_i -
 * C_{i-1}), reported as log2(1 - C_n). The caller passes non-overlapping
 * sites. */
double ssc_cpp_cwcs(const double *cs, const double *air, int n);

/* One scored site of a target for one family, for the per-target summary. */
typedef struct {
    int64_t start, end;  /* 1-based inclusive UTR coordinates */
    double cs;           /* context++ score */
    double air;          /* AIR of the site (fraction) */
} ssc_cpp_tsite_t;

/* Per-target summary for one family: keeps the best-scoring (most negative)
 * of overlapping sites, marks the kept ones in keep[] (may be NULL), and
 * returns the CWCS over them in UTR order (5' to 3', so that AIRs do not
 * rise along the recursion); *total gets the sum of their scores. sites is
 * not reordered. Returns 0 for no site. */
double ssc_cpp_target_summary(const ssc_cpp_tsite_t *sites, int n, char *keep, double *total);
/* One summary row: `target<TAB>family<TAB>sites<TAB>total<TAB>cwcs` with
 * scores to 3 decimals; the header names these columns. */
int ssc_cpp_format_summary_header(kstring_t *s);
int ssc_cpp_format_summary(kstring_t *s, const char *target, const char *family, int nsites,
                           double total, double cwcs);

/* ---- TargetScan's whole context++ table --------------------------------------------
 * Reproduces targetscan_70_context_scores.pl from its inputs: the UTR
 * alignment, mature miRNAs (family, species, ID, sequence), the BL_PCT site
 * table, ORF lengths, ORF 8mer counts, AIRs and, optionally, a folder of
 * RNAplfold files named GENE.SPECIES_lunp. As in the script, only sites in
 * its ten species (9606, 10090, 10116, 13616, 8364, 9031, 9544, 9598, 9615,
 * 9913) and of families with a mature miRNA in that species are scored, one
 * row per miRNA; AIRs (given for human) are scaled by UTR length, and a gene
 * without a human UTR gets no AIRs. Percentiles are per miRNA and keep the
 * script's quirks (one counter shared by the plain and weighted ranks, a
 * score of exactly "0" hiding the next change of value), in both modes. */
typedef struct {
    const char *utrs, *mirnas, *sites, *orf_lengths, *orf_8mers, *airs;
    const char *lunp_dir;   /* NULL: no SA contributions from files */
    const ssc_th_pf_t *sa_pf; /* without lunp_dir: SA computed here (RNAplfold -W 80 -L 40
                                 -u 20, ViennaRNA 2.1.9) for each UTR with sites; NULL: none */
} ssc_cpp_inputs_t;

/* Run and format the table (header included) into out. Returns 0 or a
 * negative code with err naming the file and line at fault. */
int ssc_cpp_targetscan_table(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *opt,
                             const ssc_cpp_inputs_t *in, kstring_t *out, char *err, size_t errsz);

#endif
