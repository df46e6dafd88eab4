/* contextpp.c: TargetScan 7 context++ features, contributions, score, AIR weighting and CWCS. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include <htslib/khash.h>
#include "seedscan.h"
#include "core/core.h"
#include "io/io.h"
#include "targetscan/contextpp.h"
#include "thermo/plfold.h"

static const char *const feat_name[SSC_CPP_NFEAT] = {
    "Intercept", "3P_score", "Local_AU", "Min_dist", "sRNA1A", "sRNA1C", "sRNA1G", "sRNA8A",
    "sRNA8C", "sRNA8G", "Site8A", "Site8C", "Site8G", "Len_3UTR", "SA", "Len_ORF", "ORF8m",
    "Off6m", "TA_3UTR", "SPS", "PCT"};

/* Features the model scales to 0-1 by the min and max of the parameter file. */
static const char feat_scaled[SSC_CPP_NFEAT] = {
    [SSC_CPP_3P] = 1, [SSC_CPP_LOCAL_AU] = 1, [SSC_CPP_MIN_DIST] = 1, [SSC_CPP_LEN_3UTR] = 1,
    [SSC_CPP_SA] = 1, [SSC_CPP_LEN_ORF] = 1, [SSC_CPP_TA] = 1, [SSC_CPP_SPS] = 1, [SSC_CPP_PCT] = 1};

const char *const ssc_cpp_max_score[4] = {"-0.03", "-0.02", "-0.01", "0"};

const char *ssc_cpp_feature_name(int f) { return f >= 0 && f < SSC_CPP_NFEAT ? feat_name[f] : NULL; }

/* Seeds are 7-nt words over ACGU: 2 bits a base give a direct table index. */
#define NSEEDS 16384

struct ssc_cpp_params_s {
    double coeff[SSC_CPP_NFEAT][4], min[SSC_CPP_NFEAT][4], max[SSC_CPP_NFEAT][4];
    char intercept[4][16];       /* printed as written in the file */
    double intercept_val[4];     /* its value as the sum reads it */
    /* by seed: SPS ([0] 8mer and 7mer-m8, [1] 7mer-A1 and 6mer) and TA, as atof reads them */
    double sps_val[NSEEDS][2], ta_val[NSEEDS];
    char known[NSEEDS][2];       /* TA and the SPS are both true (Perl), so both are used */
    /* local AU's walks: au8[f - 1][b] the sum, from 0 and in the walk's order, of the
     * weights 1/(i + f) of the set bits i of b (the walk's first 8 letters; au8_fill) */
    double au8[2][256];
};

void ssc_cpp_opt_init(ssc_cpp_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->nthreads = 1;
}

/* One placement of the UTR against the miRNA in the 3' pairing search. */
typedef struct {
    double score;
    int offset, bottom;
} cand_t;

/* Buffers a result keeps between calls of ssc_cpp_score. */
/* The contributions that depend on the miRNA alone (and the site type),
 * as codes and values: sRNA1 A/C/G, sRNA8 A/C/G, TA, SPS. */
enum { NMIRFEAT = 8 };
static const int mir_feat[NMIRFEAT] = {SSC_CPP_SRNA1A, SSC_CPP_SRNA1C, SSC_CPP_SRNA1G, SSC_CPP_SRNA8A,
                                       SSC_CPP_SRNA8C, SSC_CPP_SRNA8G, SSC_CPP_TA, SSC_CPP_SPS};
typedef struct {
    int32_t code[4][NMIRFEAT]; /* by site type */
    double val[4][NMIRFEAT];
    int8_t ok[4];              /* no code of the type is SSC_CPP_CODE_TEXT (else they are made anew) */
    /* the first six codes (sRNA1A..sRNA8G) as put_group's key (codes_key; key_ok[type]: each
     * fits in 16 bits) */
    uint16_t key[4][8];
    int8_t key_ok[4];
    /* the miRNA as the 3' search reads it: seq its text as given, up that text
     * through upper_rna (nup letters), m[s] the masks of up past its first 7 + s
     * letters (code_masks' miRNA side for mirnastart 7 and 8; set if mok[s]) */
    const char *seq;
    char *up, *rev; /* rev: up reversed (the diagram's miRNA line, drawn at format time) */
    int nup;
    int8_t mok[2];
    int8_t plain; /* up holds no '-' or '.' */
    uint64_t m[2][6];
} mirfeat_t;

#define WMEMO 1024 /* slots of the weighted score's memo (a power of 2) */
#define CMEMO 1024 /* slots of the contributions' memo (a power of 2) */
#define LMEMO 512  /* slots of log10_kept's memo (a power of 2) */
struct ssc_cpp_scratch_s {
    /* set by the table's driver before a call with codes_only: the miRNA's
     * contributions, made once (mirfeat_make) instead of at every site */
    const mirfeat_t *mirfeat;
    kstring_t win, utr, mir, str, tmp;
    int *code;      /* UTR and miRNA nucleotide codes */
    cand_t *cand;
    double *iso;    /* per-isoform values */
    size_t ncode, ncand, niso;
    int64_t *o6;    /* offset-6mer ends */
    int no6;
    /* the miRNA-independent contributions of the last site (same_site; their texts when
     * site_text_ok) */
    int site_ok, site_text_ok;
    int32_t site_code[SSC_CPP_NFEAT];
    double site_val[SSC_CPP_NFEAT];
    char site_text[SSC_CPP_NFEAT][24];
    /* weighted_code's memo: the weighted score's code and value by the bits of
     * (score, AIR), direct-mapped (set: the slot holds a code) */
    struct {
        uint64_t cs, air;
        double wcs;
        int32_t c, set;
    } wmemo[WMEMO];
    /* contrib's memo with codes_only: the code and value of (feature, site type, raw
     * value's bits) for the parameters cmemo_p, direct-mapped (set: the slot holds a code) */
    const ssc_cpp_params_t *cmemo_p;
    struct {
        uint64_t raw;
        double val;
        int32_t c;
        int8_t f, type, set;
    } cmemo[CMEMO];
    struct { /* log10_kept's memo: log10_or_0 of the double with bits x (set: the slot holds one) */
        uint64_t x;
        double v;
        int set;
    } lmemo[LMEMO];
    /* set by the table's driver: the 3' search keeps the placement it picked
     * (pl) where it can, and draws no diagram (put_placed draws it when
     * the row is formatted) */
    int place_only;
    struct {
        int8_t kind;                 /* DIAG_* */
        uint8_t off, bottom, hide;   /* DIAG_PLACED: the placement; hide: a 3' score below 3 */
        uint8_t slen;                /* the bar line past the seed: slen steps, */
        uint32_t bars;               /* bit i set for a bar at step i */
    } pl;
    int win_gapped; /* the window (utr) holds '-' or '.', which hiding weak pairing would drop */
    int up_plain;   /* set with up by the table's driver: up holds no '-' or '.' (nor its windows) */
    /* set by the table's driver: the UTR's text through rna_upper (NULL: none); the 3'
     * search's window (utr) is then made from it (utr_made) */
    const char *up;
    int utr_made;
    /* set by the table's driver: the UTR's AU letters as bits (au_bits; NULL: none), for
     * local AU's walks; and their largest sum with 30 letters a side, by site type */
    const uint64_t *au;
    double au_max[4];
    int8_t au_max_set[4];
};
/* What a result's diagram is, with place_only: none (TargetScan's "0", "0",
 * ""), a placement to draw, or the text in the result's lines. */
enum { DIAG_NONE, DIAG_PLACED, DIAG_TEXT };

/* The contributions that depend on the site alone (and the window). */
static const int8_t site_feats[] = {SSC_CPP_LOCAL_AU, SSC_CPP_MIN_DIST, SSC_CPP_LEN_3UTR, SSC_CPP_SA,
                                    SSC_CPP_LEN_ORF,  SSC_CPP_ORF8M,    SSC_CPP_OFF6M,    SSC_CPP_PCT,
                                    SSC_CPP_SITE8A,   SSC_CPP_SITE8C,   SSC_CPP_SITE8G};
#define NSITEFEAT ((int)(sizeof site_feats / sizeof *site_feats))

/* Grow *buf to hold n items of size sz. */
static int grow(void *buf, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap) return 0;
    void *t = realloc(*(void **)buf, n * sz);
    if (!t) return SSC_ENOMEM;
    *(void **)buf = t;
    *cap = n;
    return 0;
}

/* ---- parameters ----------------------------------------------------------------- */

static int seed_index(const char *s)
{
    int k = 0;
    for (int i = 0; i < 7; i++) {
        int c = ssc_nt4[(unsigned char)s[i]]; /* A C G U/T in any case: 0-3 */
        if (c > 3) return -1;                 /* also the NUL of a short seed */
        k = k << 2 | c;
    }
    return s[7] ? -1 : k;
}

/* Perl's truth of a string: "" and "0" are false. */
static int perl_true(const char *s) { return s && *s && strcmp(s, "0") != 0; }

static int agarwal_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    ssc_cpp_params_t *p = ctx;
    char *fld[13];
    int nf = ssc_ts_split_tabs(line, fld, 13), f;
    *why = "expected a feature name and up to 12 numbers";
    if (nf < 5 || nf > 13) return SSC_EFORMAT;
    for (f = 0; f < SSC_CPP_NFEAT && strcmp(fld[0], feat_name[f]); f++) {}
    if (f == SSC_CPP_NFEAT) return *why = "unknown feature", SSC_EFORMAT;
    (void)lineno;
    /* file columns: 8mer, 7mer-m8, 7mer-A1, 6mer = our type order; an empty
     * cell counts as 0, as it does in Perl */
    for (int t = 0; t < 4; t++) {
        p->coeff[f][t] = atof(fld[1 + t]);
        p->min[f][t] = 5 + t < nf ? atof(fld[5 + t]) : 0;
        p->max[f][t] = 9 + t < nf ? atof(fld[9 + t]) : 0;
        if (f == SSC_CPP_SITE_TYPE) {
            snprintf(p->intercept[t], sizeof p->intercept[t], "%s", fld[1 + t]);
            p->intercept_val[t] = atof(p->intercept[t]);
        }
    }
    return 0;
}

static int ta_sps_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    ssc_cpp_params_t *p = ctx;
    char *fld[4];
    (void)lineno;
    *why = "expected seed, SPS, SPS and TA";
    if (ssc_ts_split_tabs(line, fld, 4) != 4) return SSC_EFORMAT;
    int k = seed_index(fld[0]);
    if (k < 0) return *why = "seed is not 7 bases", SSC_EFORMAT;
    /* a seed given twice takes its last line, as the script's hash does */
    for (int t = 0; t < 2; t++) {
        p->sps_val[k][t] = ssc_dec(fld[1 + t], NULL); /* atof */
        p->known[k][t] = perl_true(fld[3]) && perl_true(fld[1 + t]);
    }
    p->ta_val[k] = ssc_dec(fld[3], NULL);
    return 0;
}

void ssc_cpp_params_destroy(ssc_cpp_params_t *p) { free(p); }

static void au8_fill(ssc_cpp_params_t *p);

ssc_cpp_params_t *ssc_cpp_params_load(const char *agarwal, const char *ta_sps, char *err,
                                      size_t errsz)
{
    ssc_cpp_params_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (ssc_ts_file_each(agarwal, 1, agarwal_line, p, err, errsz) < 0 ||
        ssc_ts_file_each(ta_sps, 1, ta_sps_line, p, err, errsz) < 0) {
        ssc_cpp_params_destroy(p);
        return NULL;
    }
    au8_fill(p);
    return p;
}

/* ---- numbers as Perl sees them -------------------------------------------------- */

/* A decimal number (Perl's test in the context++ script); exponents allowed. */
static int is_number(const char *s)
{
    const char *c = s;
    if (!s) return 0;
    if (*c == '+' || *c == '-') c++;
    if (!isdigit((unsigned char)*c) && !(*c == '.' && isdigit((unsigned char)c[1]))) return 0;
    while (isdigit((unsigned char)*c)) c++;
    if (*c == '.') for (c++; isdigit((unsigned char)*c); c++) {}
    if (*c == 'e' || *c == 'E') {
        c++;
        if (*c == '+' || *c == '-') c++;
        if (!isdigit((unsigned char)*c)) return 0;
        while (isdigit((unsigned char)*c)) c++;
    }
    return *c == 0;
}

/* log10 the way the script takes it; 0 for zero or non-numbers. */
static double log10_or_0(double x) { return x != 0 ? log(x) / log(10) : 0; }

static const double pow10_d[5] = {1, 10, 100, 1000, 10000};
static const uint32_t pow10_u[5] = {1, 10, 100, 1000, 10000};

/* "00" .. "99" */
static const char dig2[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                              "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                              "8081828384858687888990919293949596979899";

int ssc_cpp_fixed_put(char *buf, int32_t code, int d)
{
    uint32_t N = (uint32_t)code >> 1, ip, fp;
    char *b = buf;
    switch (d) { /* divisions by constants */
    case 3: ip = N / 1000, fp = N % 1000; break;
    case 4: ip = N / 10000, fp = N % 10000; break;
    default: ip = N / pow10_u[d], fp = N % pow10_u[d]; break;
    }
    if (code & 1) *b++ = '-';
    if (ip < 10) {
        *b++ = (char)('0' + ip);
    } else {
        char tmp[16];
        int k = 0;
        do tmp[k++] = (char)('0' + ip % 10); while ((ip /= 10) != 0);
        while (k > 0) *b++ = tmp[--k];
    }
    if (d > 0) *b++ = '.';
    switch (d) {
    case 0: break;
    case 3:
        *b++ = (char)('0' + fp / 100);
        memcpy(b, dig2 + 2 * (fp % 100), 2);
        b += 2;
        break;
    case 4:
        memcpy(b, dig2 + 2 * (fp / 100), 2);
        memcpy(b + 2, dig2 + 2 * (fp % 100), 2);
        b += 4;
        break;
    default:
        for (int i = d - 1; i >= 0; i--, fp /= 10) b[i] = (char)('0' + fp % 10);
        b += d;
    }
    return (int)(b - buf);
}

/* ssc_cpp_fixed_code; for SSC_CPP_CODE_TEXT the text is snprintf's into
 * txt (of txtsz >= 18 bytes, truncated as snprintf truncates) and *val is
 * strtod of that text. Away from a rounding tie the digits are computed
 * directly; otherwise snprintf's text is read back into a code when it has
 * the code's form. */
static int32_t fixed_code_txt(double x, int d, double *val, char *txt, size_t txtsz)
{
    /* v = |x| 10^d is within half an ulp (< 6e-8 below 1e9) of the exact
     * product, so away from a tie rounding v gives printf's digits (printf
     * rounds the exact binary value, half to even). (double)N / 10^d is
     * the correctly rounded quotient, i.e. what strtod reads back. */
    double v = fabs(x) * pow10_d[d];
    if (v < 1e9) { /* false for NaN; N <= 1e9 < 2^30 */
        uint32_t n = (uint32_t)v; /* floor: 0 <= v < 2^32 */
        double fr = v - (double)n;
        if (fabs(fr - 0.5) >= 1e-6) {
            uint32_t N = n + (fr > 0.5);
            if (val) {
                double y = (double)N / pow10_d[d];
                *val = signbit(x) ? -y : y;
            }
            return (int32_t)(N << 1 | (signbit(x) ? 1u : 0u));
        }
    }
    snprintf(txt, txtsz, "%.*f", d, x);
    if (val) *val = atof(txt);
    const char *c = txt + (*txt == '-');
    uint64_t N = 0;
    int nd = 0;
    for (; *c >= '0' && *c <= '9' && nd < 11; c++, nd++) N = N * 10 + (uint64_t)(*c - '0');
    if (nd == 0 || nd >= 11) return SSC_CPP_CODE_TEXT;
    if (d > 0) {
        if (*c++ != '.') return SSC_CPP_CODE_TEXT;
        for (int i = 0; i < d; i++, c++) {
            if (*c < '0' || *c > '9') return SSC_CPP_CODE_TEXT;
            N = N * 10 + (uint64_t)(*c - '0');
        }
    }
    if (*c || N >= (1u << 30)) return SSC_CPP_CODE_TEXT;
    return (int32_t)(N << 1 | (*txt == '-' ? 1u : 0u));
}

int32_t ssc_cpp_fixed_code(double x, int d, double *val)
{
    char txt[512];
    if (d < 0 || d > 4) return SSC_CPP_CODE_TEXT;
    return fixed_code_txt(x, d, val, txt, sizeof txt);
}

int ssc_cpp_fmt_fixed(char *buf, size_t size, double x, int d, double *val)
{
    if (d >= 0 && d <= 4 && size >= 18) { /* '-', 9 + 1 + 4 digits, '.', NUL */
        int32_t c = fixed_code_txt(x, d, val, buf, size);
        if (c >= 0) {
            int len = ssc_cpp_fixed_put(buf, c, d);
            buf[len] = 0;
            return len;
        }
    }
    int len = snprintf(buf, size, "%.*f", d, x);
    if (val) *val = atof(buf);
    return len;
}

/* Round half to even, as sprintf("%.0f") does (and its sign, as atof of
 * that text keeps it). */
static double round_0f(double x) { return rint(x); }

/* contribution = coeff * (raw, scaled to 0-1 for some features), printed
 * to 3 decimals; the printed text is what later sums see. */
static void contrib_made(const ssc_cpp_params_t *p, int type, int f, double raw, ssc_cpp_result_t *r,
                         uint64_t key, size_t h)
{
    struct ssc_cpp_scratch_s *m = r->codes_only ? r->scratch : NULL;
    double x = raw;
    if (feat_scaled[f]) x = (raw - p->min[f][type]) / (p->max[f][type] - p->min[f][type]);
    int32_t c = fixed_code_txt(p->coeff[f][type] * x, 3, &r->contrib_val[f], r->contrib[f],
                               sizeof r->contrib[f]);
    r->code[f] = c;
    if (c >= 0 && !r->codes_only) r->contrib[f][ssc_cpp_fixed_put(r->contrib[f], c, 3)] = 0;
    if (m && c >= 0) { /* a code (a text stays in r->contrib alone) */
        m->cmemo[h].raw = key, m->cmemo[h].val = r->contrib_val[f], m->cmemo[h].c = c;
        m->cmemo[h].f = (int8_t)f, m->cmemo[h].type = (int8_t)type, m->cmemo[h].set = 1;
    }
}

/* contrib_made through the memo with codes_only (a contribution is a function of p, type,
 * f and raw), made and kept at slot h (key: raw's bits) when not there. */
static inline void contrib(const ssc_cpp_params_t *p, int type, int f, double raw, ssc_cpp_result_t *r)
{
    struct ssc_cpp_scratch_s *m = r->codes_only ? r->scratch : NULL;
    uint64_t key = 0;
    size_t h = 0;
    if (m) {
        memcpy(&key, &raw, sizeof key);
        if (m->cmemo_p != p) memset(m->cmemo, 0, sizeof m->cmemo), m->cmemo_p = p;
        h = (size_t)(((key ^ (uint64_t)(f << 2 | type) * 0x9E3779B97F4A7C15ull) * 0xFF51AFD7ED558CCDull) >> 54) &
            (CMEMO - 1);
        if (m->cmemo[h].set && m->cmemo[h].raw == key && m->cmemo[h].f == f && m->cmemo[h].type == type) {
            r->code[f] = m->cmemo[h].c;
            r->contrib_val[f] = m->cmemo[h].val;
            return;
        }
    }
    contrib_made(p, type, f, raw, r, key, h);
}

/* The texts of the codes SSC_CPP_CODE_ZERO .. SSC_CPP_CODE_TOO_CLOSE. */
static const char *const code_text[] = {"0", "NA", "too_close"};
#define CODE_TEXT_OF(c) code_text[-1 - (c)]

static void contrib_text(ssc_cpp_result_t *r, int f, int32_t code)
{
    r->code[f] = code;
    if (!r->codes_only) strcpy(r->contrib[f], CODE_TEXT_OF(code));
    r->contrib_val[f] = 0; /* "0", "NA", "too_close" */
}

static void contrib_zero(ssc_cpp_result_t *r, int f) { contrib_text(r, f, SSC_CPP_CODE_ZERO); }

/* ---- AIR-weighted UTR features ------------------------------------------------ */

double ssc_cpp_site_air(const ssc_cpp_air_t *air, int n, int64_t end)
{
    double closest = 0;
    int64_t best = 10000000;
    if (n == 0) return 1;
    for (int i = 0; i < n; i++) {
        if (air[i].end >= end && air[i].start <= end) return air[i].air / 100;
        int64_t d = llabs(air[i].end - end), d2 = llabs(air[i].start - end);
        if (d2 < d) d = d2;
        if (d < best) { /* rounding of scaled regions can leave a site between two */
            best = d;
            closest = air[i].air;
        }
    }
    if (closest == 0) closest = 100;
    return closest / 100 < 0.0001 ? 0.0001 : closest / 100;
}

/* AIR-weighted mean of v[i] over the isoforms long enough to hold the site,
 * rounded to an integer as TargetScan does; 0 when there are none. */
static double air_mean(const ssc_cpp_air_t *air, int n, int64_t end, const double *v)
{
    double sum = 0, wsum = 0;
    for (int i = 0; i < n; i++) {
        if (air[i].end < end) continue;
        sum += v[i] * air[i].air;
        wsum += air[i].air;
    }
    return wsum != 0 ? round_0f(sum / wsum) : 0;
}

/* The isoform regions used by the UTR features: the given ones, or in the
 * fixed mode one full-length isoform when there are none. */
static const ssc_cpp_air_t *iso_regions(const ssc_cpp_opt_t *o, const ssc_cpp_utr_t *u,
                                        ssc_cpp_air_t *whole, int *n)
{
    if (u->n_air > 0 || o->compat) {
        *n = u->n_air;
        return u->air;
    }
    whole->start = 1;
    whole->end = u->len;
    whole->air = 100;
    *n = 1;
    return whole;
}

typedef struct {
    const ssc_cpp_air_t *air;
    int n;
    double *v;   /* scratch, n entries */
} iso_t;

/* log10_or_0 through the scratch's memo (by the bits of x, direct-mapped): the lengths and
 * distances a table takes recur (a UTR's length at each of its sites). */
static double log10_kept(struct ssc_cpp_scratch_s *m, double x)
{
    uint64_t key;
    memcpy(&key, &x, sizeof key);
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 55) & (LMEMO - 1);
    if (!m) return log10_or_0(x);
    if (!m->lmemo[h].set || m->lmemo[h].x != key) {
        m->lmemo[h].x = key;
        m->lmemo[h].v = log10_or_0(x);
        m->lmemo[h].set = 1;
    }
    return m->lmemo[h].v;
}

static void feat_len_3utr(const ssc_cpp_params_t *p, const iso_t *iso, const ssc_cpp_site_t *s,
                          ssc_cpp_result_t *r)
{
    for (int i = 0; i < iso->n; i++) iso->v[i] = (double)iso->air[i].end;
    contrib(p, s->type, SSC_CPP_LEN_3UTR, log10_kept(r->scratch, air_mean(iso->air, iso->n, s->end, iso->v)), r);
}

static void feat_min_dist(const ssc_cpp_params_t *p, const iso_t *iso, const ssc_cpp_site_t *s,
                          ssc_cpp_result_t *r)
{
    for (int i = 0; i < iso->n; i++) {
        int64_t d5 = s->start - 1, d3 = iso->air[i].end - s->end;
        iso->v[i] = (double)(d5 <= d3 ? d5 : d3);
    }
    contrib(p, s->type, SSC_CPP_MIN_DIST, log10_kept(r->scratch, air_mean(iso->air, iso->n, s->end, iso->v)), r);
}

/* 2-bit codes (io's table): A C G U/T in any case, 4 for any other letter. */
#define nt2 ssc_nt4

#define KWORDS 4096 /* 6-mers */

struct ssc_cpp_kidx_s {
    /* the n 6-mer starts ordered by word, then position: word code[j] starts at pos[j]. Memory
     * in proportion to the UTR (a table of the 4096 words' starts would be 16-32 KB a UTR, kept
     * for the run: a gigabyte for a transcriptome's UTRs). */
    int64_t n;
    uint16_t *code;
    uint32_t *pos;
    uint32_t first[257]; /* the entries of the words of first 4 nt c: [first[c], first[c + 1]) */
};

/* The code of the 6-mer starting at each position, then a counting sort by word. A UTR of 2^32
 * nt or more gets no index (n = -1): its sites scan the sequence. */
ssc_cpp_kidx_t *ssc_cpp_kidx_build(const char *seq, int64_t len)
{
    ssc_cpp_kidx_t *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    if (len >= (int64_t)UINT32_MAX) {
        k->n = -1;
        return k;
    }
    size_t m = (size_t)(len > 0 ? len : 0) + 1;
    uint16_t *word = malloc(m * sizeof *word);
    k->code = malloc(m * sizeof *k->code);
    k->pos = malloc(m * sizeof *k->pos);
    if (!word || !k->code || !k->pos) {
        free(word);
        ssc_cpp_kidx_destroy(k);
        return NULL;
    }
    uint32_t count[KWORDS + 1] = {0};
    uint32_t w = 0;
    int run = 0;
    for (int64_t i = 0; i < len; i++) {
        unsigned c = nt2[(unsigned char)seq[i]];
        run = c < 4 ? run + 1 : 0;
        w = (w << 2 | (c & 3)) & (KWORDS - 1);
        word[i] = KWORDS; /* none */
        if (run >= 6) {
            word[i - 5] = (uint16_t)w;
            count[w + 1]++;
        }
    }
    for (int c = 0; c < KWORDS; c++) count[c + 1] += count[c];
    k->n = count[KWORDS];
    for (int64_t i = 0; i + 6 <= len; i++)
        if (word[i] < KWORDS) {
            uint32_t at = count[word[i]]++;
            k->code[at] = word[i], k->pos[at] = (uint32_t)i;
        }
    free(word);
    for (int c = 0; c <= 256; c++) k->first[c] = count[c * 16 - (c > 0)] * (c > 0);
    return k;
}

/* The first entry of k with a word >= w (w < KWORDS). */
static int64_t kidx_lower(const ssc_cpp_kidx_t *k, unsigned w)
{
    int64_t lo = k->first[w >> 4], hi = k->first[(w >> 4) + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (k->code[mid] < w) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void ssc_cpp_kidx_destroy(ssc_cpp_kidx_t *k)
{
    if (!k) return;
    free(k->code);
    free(k->pos);
    free(k);
}

/* The offset-6mer site of a seed: rc of seed nt 2-8 (7 letters, uppercase
 * RNA); 0, or -1 if the seed has another letter. */
static int seed_site(const char *seed, char site[8])
{
    static const char comp[] = "UGCA";
    for (int i = 0; i < 7; i++) {
        unsigned c = nt2[(unsigned char)seed[i]];
        if (c > 3) return -1;
        site[6 - i] = comp[c];
    }
    site[7] = 0;
    return 0;
}

/* Room for n more positions in *pos (capacity *m). */
static int pos_room(int64_t **pos, int *m, int n)
{
    if (n < *m) return 0;
    int64_t *t = realloc(*pos, (size_t)(*m = *m ? 2 * *m : 16) * sizeof *t);
    if (!t) return -1;
    *pos = t;
    return 0;
}

/* 1-based end positions of offset 6mers (rc of seed nt 3-8, i.e. the first
 * six letters of the 7mer-m8 site, not followed by the seventh), found left
 * to right without overlap, by a pass over the sequence. The reference for
 * offset6mers_idx. Returns the count into *pos (capacity *m, grown). */
static int offset6mers(const char *seq, int64_t len, const char *site, int64_t **pos, int *m)
{
    int n = 0;
    for (int64_t i = 0; i + 6 <= len; i++) {
        int k = 0;
        while (k < 6 && (toupper((unsigned char)seq[i + k]) == site[k] ||
                         (site[k] == 'U' && toupper((unsigned char)seq[i + k]) == 'T')))
            k++;
        if (k < 6) continue;
        int next = i + 6 < len ? toupper((unsigned char)seq[i + 6]) : 0;
        if (next == 'T') next = 'U';
        if (next == site[6]) continue; /* a 7mer-m8 or 8mer, not an offset 6mer */
        if (pos_room(pos, m, n) < 0) return -1;
        (*pos)[n++] = i + 6;
        i += 5;
    }
    return n;
}

/* The same from the UTR's 6-mer index: the occurrences of one word, in
 * order, skipping those that overlap the last one taken. */
static int offset6mers_idx(const ssc_cpp_kidx_t *k, const char *seq, int64_t len, const char *site,
                           int64_t **pos, int *m)
{
    unsigned w = 0;
    int n = 0;
    for (int i = 0; i < 6; i++) w = w << 2 | nt2[(unsigned char)site[i]];
    int64_t next_free = 0;
    unsigned last = nt2[(unsigned char)site[6]];
    for (int64_t j = kidx_lower(k, w), e = w + 1 < KWORDS ? kidx_lower(k, w + 1) : k->n; j < e; j++) {
        int64_t i = k->pos[j];
        if (i < next_free) continue;
        if (i + 6 < len && nt2[(unsigned char)seq[i + 6]] == last) continue; /* a 7mer-m8 or 8mer */
        if (pos_room(pos, m, n) < 0) return -1;
        (*pos)[n++] = i + 6;
        next_free = i + 6;
    }
    return n;
}

static int feat_offset6mer(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *o, const iso_t *iso,
                           const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s, ssc_cpp_result_t *r)
{
    struct ssc_cpp_scratch_s *x = r->scratch;
    char site[8];
    int n = 0;
    /* TargetScan's script searches a hash reference instead of the sequence,
     * finds nothing, and then counts its "no site" marker as one site */
    if (!o->compat && seed_site(s->seed, site) == 0)
        n = u->kidx && u->kidx->n >= 0 ? offset6mers_idx(u->kidx, u->seq, u->len, site, &x->o6, &x->no6)
                    : offset6mers(u->seq, u->len, site, &x->o6, &x->no6);
    if (n < 0) return SSC_ENOMEM;
    for (int i = 0; i < iso->n; i++) {
        int c = 0;
        for (int k = 0; k < n; k++) c += x->o6[k] <= iso->air[i].end;
        iso->v[i] = o->compat ? 1 : c;
    }
    contrib(p, s->type, SSC_CPP_OFF6M, air_mean(iso->air, iso->n, s->end, iso->v), r);
    return 0;
}

/* ---- local AU ---------------------------------------------------------------------- */

/* 1.0 for A, U or T in either case, else 0.0: a weight times it adds the
 * weight or +0 (no change to a sum of weights) without a branch, which a
 * random sequence would mispredict half the time. */
static const double au_one[256] = {['A'] = 1, ['U'] = 1, ['T'] = 1, ['a'] = 1, ['u'] = 1, ['t'] = 1};

/* 1/k for k = 0..31 (the same doubles as dividing at run time). */
#define INV4(k) 1.0 / (k), 1.0 / ((k) + 1), 1.0 / ((k) + 2), 1.0 / ((k) + 3)
static const double inv_k[32] = {0, 1.0, 1.0 / 2, 1.0 / 3, INV4(4), INV4(8), INV4(12), INV4(16),
                                 INV4(20), INV4(24), INV4(28)};

static void au8_fill(ssc_cpp_params_t *p)
{
    for (int f = 1; f <= 2; f++)
        for (int b = 0; b < 256; b++) {
            double m = 0;
            for (int i = 0; i < 8; i++)
                if (b >> i & 1) m += inv_k[i + f];
            p->au8[f - 1][b] = m;
        }
}

/* The words of one direction in au_bits' block. */
static inline int64_t au_words(int64_t len) { return len / 64 + 2; }

/* Bit i of the first au_words(len) words set when seq[i] is one of local AU's letters
 * (au_one), and bit i of the next au_words(len) when seq[len - 1 - i] is (the UTR read
 * backwards, for the upstream walk); a word more than the bits need, so that bits_at always
 * has its two words. NULL when out of memory. */
static uint64_t *au_bits(const char *seq, int64_t len)
{
    int64_t w = au_words(len);
    uint64_t *b = calloc((size_t)(2 * w), sizeof *b);
    for (int64_t i = 0; b && i < len; i++) {
        uint64_t au = au_one[(unsigned char)seq[i]] != 0;
        int64_t j = len - 1 - i;
        b[i >> 6] |= au << (i & 63);
        b[w + (j >> 6)] |= au << (j & 63);
    }
    return b;
}

/* n (1..63) bits of b from bit a (a + n within the bits au_bits made). */
static inline uint64_t bits_at(const uint64_t *b, int64_t a, int n)
{
    int sh = (int)(a & 63);
    uint64_t w = b[a >> 6] >> sh;
    if (sh) w |= b[(a >> 6) + 1] << (64 - sh);
    return w & ((1ull << n) - 1);
}

/* local AU's largest sum: the weights of nup letters upstream from up_first, then of ndown
 * downstream from down_first, added in the walks' order. */
static double au_weights(int64_t nup, int up_first, int64_t ndown, int down_first)
{
    double m = 0;
    for (int64_t i = 0; i < nup; i++) m += inv_k[i + up_first];
    for (int64_t i = 0; i < ndown; i++) m += inv_k[i + down_first];
    return m;
}

/* AU content of 30 nt either side, weighted by 1/distance; the first
 * position counts as distance 1 or 2 depending on whether the site already
 * covers the nucleotide opposite miRNA nt 8 (upstream) or 1 (downstream). */
/* local AU's sums: upstream, downstream and their largest (every letter A or U), into
 * sum[0..2]; from the UTR's AU bits when x has them (au_bits). */
static inline void local_au_sums(const ssc_cpp_params_t *p, const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s,
                                 struct ssc_cpp_scratch_s *x, double sum[3])
{
    int64_t up_start = s->start - 31, up_len = 30;
    double up = 0, down = 0, maxraw = 0;
    if (up_start < 0) {
        up_start = 0;
        up_len = s->start - 1;
    }
    int up_first = s->type == SSC_8MER || s->type == SSC_7MER_M8 ? 1 : 2;
    int down_first = s->type == SSC_8MER || s->type == SSC_7MER_A1 ? 2 : 1;
    /* the letters next to the site first, up to 30 a side, and none upstream when the one next
     * to the site is past the UTR (the walk stops at its first letter past the end); the sums
     * in this order, as the script makes them */
    int64_t nup = up_len > 0 && up_start + up_len - 1 < u->len ? up_len : 0;
    int64_t ndown = u->len - s->end < 30 ? u->len - s->end : 30;
    if (x && x->au && ndown >= 0) { /* the AU letters' weights alone, from the UTR's bits (adding
                                     * w * 0 leaves a sum as it is), in the walks' order */
        /* bit i: the letter i away from the site, upstream read on the UTR backwards; the
         * first 8 letters' sum from the table (the same additions, from 0), then the rest */
        uint64_t m = nup ? bits_at(x->au + au_words(u->len), u->len - (up_start + up_len), (int)nup) : 0;
        up = p->au8[up_first - 1][m & 255];
        for (m &= ~255ull; m; m &= m - 1) up += inv_k[__builtin_ctzll(m) + up_first];
        m = ndown ? bits_at(x->au, s->end, (int)ndown) : 0;
        down = p->au8[down_first - 1][m & 255];
        for (m &= ~255ull; m; m &= m - 1) down += inv_k[__builtin_ctzll(m) + down_first];
        int k = (up_first - 1) * 2 + down_first - 1;
        if (nup != 30 || ndown != 30) {
            maxraw = au_weights(nup, up_first, ndown, down_first);
        } else {
            if (!x->au_max_set[k]) x->au_max[k] = au_weights(30, up_first, 30, down_first), x->au_max_set[k] = 1;
            maxraw = x->au_max[k];
        }
    } else {
        const char *q = nup ? u->seq + up_start + up_len - 1 : u->seq;
        for (int64_t i = 0; i < nup; i++) {
            double w = inv_k[i + up_first];
            up += w * au_one[(unsigned char)q[-i]];
            maxraw += w;
        }
        q = u->seq + s->end;
        for (int64_t i = 0; i < ndown; i++) {
            double w = inv_k[i + down_first];
            down += w * au_one[(unsigned char)q[i]];
            maxraw += w;
        }
    }
    sum[0] = up, sum[1] = down, sum[2] = maxraw;
}

static void feat_local_au(const ssc_cpp_params_t *p, const ssc_cpp_utr_t *u,
                          const ssc_cpp_site_t *s, ssc_cpp_result_t *r)
{
    double sum[3], fv = 0;
    char frac[32];
    local_au_sums(p, u, s, r->scratch, sum);
    if (sum[2] != 0) ssc_cpp_fmt_fixed(frac, sizeof frac, (sum[0] + sum[1]) / sum[2], 3, &fv);
    contrib(p, s->type, SSC_CPP_LOCAL_AU, fv, r);
}

/* ---- site accessibility (RNAplfold) -------------------------------------------- */

/* The lines as (position, u=14 value) pairs, sorted by position once loaded:
 * memory follows the file, not the positions it names (a dense table by
 * position let one line ask for gigabytes, or index past it). */
typedef struct {
    int64_t pos, line;
    char *u14;
} lunp_ent_t;

struct ssc_cpp_lunp_s {
    lunp_ent_t *e;
    int64_t n, m;
    int64_t last, last_line; /* the largest position, and its line */
};

void ssc_cpp_lunp_destroy(ssc_cpp_lunp_t *l)
{
    if (!l) return;
    for (int64_t i = 0; i < l->n; i++) free(l->e[i].u14);
    free(l->e);
    free(l);
}

static int lunp_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    ssc_cpp_lunp_t *l = ctx;
    char *fld[16], *end;
    if (line[0] == '#' || line[0] == ' ') return 0; /* the two header lines */
    errno = 0;
    long long pos = strtoll(line, &end, 10);
    *why = "expected position and unpaired probabilities for u = 1..14 or more";
    if (end == line || *end != '\t' || pos < 1 || ssc_ts_split_tabs(line, fld, 16) < 15)
        return SSC_EFORMAT;
    if (errno == ERANGE || pos > SSC_CPP_LUNP_MAXPOS)
        return *why = "position out of range", SSC_EFORMAT;
    if (l->n == l->m) {
        int64_t m = l->m ? 2 * l->m : 256;
        lunp_ent_t *e = realloc(l->e, (size_t)m * sizeof *e);
        if (!e) return SSC_ENOMEM;
        l->e = e;
        l->m = m;
    }
    if (!(l->e[l->n].u14 = strdup(fld[14]))) return SSC_ENOMEM;
    l->e[l->n].pos = pos;
    l->e[l->n++].line = lineno;
    if (pos > l->last) l->last = pos, l->last_line = lineno;
    return 0;
}

/* By position, then line: of two lines with one position the later wins
 * (as the dense table's overwrite did). */
static int cmp_lunp(const void *a, const void *b)
{
    const lunp_ent_t *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

ssc_cpp_lunp_t *ssc_cpp_lunp_load(const char *path, char *err, size_t errsz)
{
    ssc_cpp_lunp_t *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    if (ssc_ts_file_each(path, 0, lunp_line, l, err, errsz) < 0) {
        ssc_cpp_lunp_destroy(l);
        return NULL;
    }
    int sorted = 1; /* RNAplfold writes them in order */
    for (int64_t i = 1; i < l->n && sorted; i++) sorted = l->e[i - 1].pos < l->e[i].pos;
    if (!sorted) qsort(l->e, (size_t)l->n, sizeof *l->e, cmp_lunp);
    return l;
}

const char *ssc_cpp_lunp_at(const ssc_cpp_lunp_t *l, int64_t pos)
{
    if (!l || pos < 1 || pos > l->last) return NULL;
    /* TargetScan: grep -A7 '^pos\t' | tail -1, i.e. 7 lines on or the last */
    int64_t q = pos < l->last - 7 ? pos + 7 : l->last, lo = 0, hi = l->n;
    while (lo < hi) { /* the last entry at position q */
        int64_t mid = lo + (hi - lo) / 2;
        if (l->e[mid].pos <= q) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 && l->e[lo - 1].pos == q ? l->e[lo - 1].u14 : NULL;
}

static void feat_sa(const ssc_cpp_params_t *p, const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s,
                    ssc_cpp_result_t *r)
{
    /* 7mer-A1 sites are anchored one nt upstream, like 8mers */
    const char *v = ssc_cpp_lunp_at(u->lunp, s->type == SSC_7MER_A1 ? s->start - 1 : s->start);
    if (!perl_true(v) || strcmp(v, "NA") == 0) {
        contrib_zero(r, SSC_CPP_SA);
        return;
    }
    contrib(p, s->type, SSC_CPP_SA, is_number(v) ? log10_or_0(atof(v)) : 0, r);
}

/* ---- miRNA and site nucleotides ------------------------------------------------- */

/* One-hot contributions of nucleotide c for features f..f+2 (A, C, G); a U
 * (the reference level) gives the integer 0 as TargetScan prints it. */
static void feat_nt(const ssc_cpp_params_t *p, int type, int f, char c, ssc_cpp_result_t *r)
{
    if (c == 'U') {
        for (int k = 0; k < 3; k++) contrib_zero(r, f + k);
        return;
    }
    for (int k = 0; k < 3; k++) contrib(p, type, f + k, c == "ACG"[k], r);
}

static void feat_srna(const ssc_cpp_params_t *p, int type, const char *mirna, ssc_cpp_result_t *r)
{
    size_t n = strlen(mirna);
    feat_nt(p, type, SSC_CPP_SRNA1A, n > 0 ? mirna[0] : 0, r);
    feat_nt(p, type, SSC_CPP_SRNA8A, n > 7 ? mirna[7] : 0, r);
}

/* Site 8 for 7mer-A1 and 6mer sites: the target nucleotide opposite miRNA
 * nt 8. TargetScan reads column 15 of its padded alignment window, which for
 * 6mers (padded with two N) is the nucleotide opposite miRNA nt 10. */
static void feat_site8(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *o, const ssc_cpp_utr_t *u,
                       const ssc_cpp_site_t *s, const char *window, ssc_cpp_result_t *r)
{
    char c = 0;
    if (s->type != SSC_7MER_A1 && s->type != SSC_6MER) {
        for (int k = 0; k < 3; k++) contrib_zero(r, SSC_CPP_SITE8A + k);
        return;
    }
    if (o->compat) c = strlen(window) > 14 ? window[14] : 0;
    else if (s->start >= 2 && s->start - 2 < u->len) c = u->seq[s->start - 2];
    c = (char)toupper((unsigned char)c);
    feat_nt(p, s->type, SSC_CPP_SITE8A, c == 'T' ? 'U' : c, r);
}

/* TA and SPS of the miRNA's seed; 1 if known, else both NA. */
static int feat_ta_sps(const ssc_cpp_params_t *p, const char *mirna, int type, ssc_cpp_result_t *r)
{
    char seed[8] = "";
    if (strlen(mirna) >= 8) memcpy(seed, mirna + 1, 7), seed[7] = 0;
    int k = seed_index(seed), t = type == SSC_8MER || type == SSC_7MER_M8 ? 0 : 1;
    if (k < 0 || !p->known[k][t]) {
        contrib_text(r, SSC_CPP_TA, SSC_CPP_CODE_NA);
        contrib_text(r, SSC_CPP_SPS, SSC_CPP_CODE_NA);
        return 0;
    }
    contrib(p, type, SSC_CPP_TA, p->ta_val[k], r);
    contrib(p, type, SSC_CPP_SPS, p->sps_val[k][t], r);
    return 1;
}

static void feat_orf(const ssc_cpp_params_t *p, const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s,
                     ssc_cpp_result_t *r)
{
    double len = u->orf_len && is_number(u->orf_len) ? atof(u->orf_len) : 0;
    contrib(p, s->type, SSC_CPP_LEN_ORF, log10_or_0(len), r);
    contrib(p, s->type, SSC_CPP_ORF8M, s->orf8mers, r);
}

static void feat_pct(const ssc_cpp_params_t *p, const ssc_cpp_site_t *s, ssc_cpp_result_t *r)
{
    if (!s->pct || strcmp(s->pct, "NA") == 0 || !is_number(s->pct)) contrib_zero(r, SSC_CPP_PCT);
    else contrib(p, s->type, SSC_CPP_PCT, atof(s->pct), r);
}

/* ---- alignment window and 3' pairing ------------------------------------------------- */

/* TargetScan's site type numbers drive its alignment tables. */
static int ts_num(int type) { return type == SSC_8MER ? 3 : type == SSC_7MER_M8 ? 2 : type == SSC_7MER_A1 ? 1 : 4; }

static char rna_upper(char c)
{
    c = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; /* toupper in the C locale, the program's */
    return c == 'T' ? 'U' : c;
}

/* The UTR piece aligned to the miRNA: 16 nt upstream of the site through
 * the nucleotide opposite miRNA nt 1, left-padded with N to 24 when short
 * (which shifts 6mer windows by two) and right-padded with N past the UTR
 * end, where each pad turns a leading "NN" into two spaces. */
typedef struct {
    int64_t from, got, lead, tail; /* got letters of the UTR from `from`, lead N in front, tail N after */
} span_t;

static span_t window_span(int64_t len, const ssc_cpp_site_t *s)
{
    int tn = ts_num(s->type);
    int64_t rs = s->start - 16, re = tn == 3 ? s->end : s->end + 1;
    if (rs < 0) rs = 0;
    if (rs >= re) rs = 0;
    int64_t want = re - rs, from = rs < len ? rs : len;
    int64_t got = rs + want <= len ? want : len - from;
    return (span_t){from, got, got < 23 ? 24 - got : 0, rs + want - len > 0 ? rs + want - len : 0};
}

static int site_window(const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s, kstring_t *w)
{
    span_t sp = window_span(u->len, s);
    int64_t from = sp.from, got = sp.got, lead = sp.lead, tail = sp.tail;
    if (ks_resize(w, (size_t)(lead + got + tail + 1)) < 0) return SSC_ENOMEM;
    char *d = w->s;
    memset(d, 'N', (size_t)lead);
    d += lead;
    for (int64_t i = 0; i < got; i++) {
        char c = u->seq[from + i];
        *d++ = c == 'T' ? 'U' : c == 't' ? 'u' : c;
    }
    memset(d, 'N', (size_t)tail);
    d += tail;
    *d = 0;
    w->l = (size_t)(d - w->s);
    /* a pad past the end turns a leading "NN" into two spaces (once: it
     * leaves no "NN" in front) */
    if (tail > 0 && w->l >= 2 && w->s[0] == 'N' && w->s[1] == 'N') w->s[0] = w->s[1] = ' ';
    return 0;
}

/* upper_rna(site_window(u, s)) from up, u's text through rna_upper (the
 * text holding no blank, line break or NUL, which upper_rna drops or stops
 * at), into w; reversed (3' to 5', as the 3' search reads it) when rev.
 * Returns 0 or SSC_ENOMEM. */
static int window_from_up(const ssc_cpp_utr_t *u, const char *up, const ssc_cpp_site_t *s, int rev, kstring_t *w)
{
    span_t sp = window_span(u->len, s);
    size_t n = (size_t)(sp.lead + sp.got + sp.tail);
    if (ks_resize(w, n + 1) < 0) return SSC_ENOMEM;
    /* a leading "NN" of site_window's text became blanks (a pad past the UTR's end), which
     * upper_rna drops */
#define RAW(i) ((i) < sp.lead ? 'N' : (i) - sp.lead < sp.got ? u->seq[sp.from + (i) - sp.lead] : 'N')
    size_t drop = sp.tail > 0 && n >= 2 && RAW(0) == 'N' && RAW(1) == 'N' ? 2 : 0;
#undef RAW
    char *d = w->s;
    if (rev) { /* the pads and the letters in reverse; the dropped two are the last */
        memset(d, 'N', (size_t)sp.tail);
        const char *e = up + sp.from + sp.got; /* the letters backwards from here, 8 at a time */
        int64_t i = 0;
        for (; i + 8 <= sp.got; i += 8) {
            uint64_t v;
            memcpy(&v, e - 8 - i, 8);
            v = __builtin_bswap64(v); /* the 8 bytes in reverse order, whatever the byte order */
            memcpy(d + sp.tail + i, &v, 8);
        }
        for (; i < sp.got; i++) d[sp.tail + i] = e[-1 - i];
        memset(d + sp.tail + sp.got, 'N', (size_t)sp.lead);
    } else {
        memset(d, 'N', (size_t)sp.lead);
        memcpy(d + sp.lead, up + sp.from, (size_t)sp.got);
        memset(d + sp.lead + sp.got, 'N', (size_t)sp.tail);
        if (drop) memmove(d, d + drop, n - drop);
    }
    d[n - drop] = 0;
    w->l = n - drop;
    return 0;
}

static int nt_code(char c)
{
    switch (c) {
    case 'A': return 1;
    case 'U': return 2;
    case 'C': return 3;
    case 'G': return 4;
    case 'N': return 5;
    default: return 0;
    }
}

/* Watson-Crick pair in TargetScan's coding (A*U = 2, C*G = 12). */
static int wc(int a, int b) { return a * b == 2 || a * b == 12; }

typedef struct {
    int utrstart, mirnastart, overhang, seedspan;
} seedinfo_t;

static seedinfo_t seed_info(int type)
{
    switch (ts_num(type)) {
    case 1: return (seedinfo_t){8, 7, 1, 6};
    case 2: return (seedinfo_t){8, 8, 0, 7};
    case 3: return (seedinfo_t){8, 8, 0, 7};
    default: return (seedinfo_t){8, 8, 0, 6};
    }
}

static void blank_bars(kstring_t *s)
{
    for (size_t i = 0; i < s->l; i++)
        if (s->s[i] == '|' || s->s[i] == 'X') s->s[i] = ' ';
}

static int is_bar(char c) { return c == '|' || c == 'X'; }

/* Drop lone bars, as the script's three substitutions do. */
static void drop_lone_bars(kstring_t *s)
{
    for (size_t j = 0; j + 2 < s->l;) {
        if (s->s[j] == ' ' && is_bar(s->s[j + 1]) && s->s[j + 2] == ' ') {
            s->s[j + 1] = ' ';
            j += 3;
        } else {
            j++;
        }
    }
    if (s->l >= 2 && is_bar(s->s[0]) && s->s[1] == ' ') s->s[0] = ' ';
    if (s->l >= 2 && s->s[s->l - 2] == ' ' && is_bar(s->s[s->l - 1])) s->s[s->l - 1] = ' ';
}

static void append_ks(kstring_t *dst, const kstring_t *src)
{
    if (src->l) kputsn(src->s, src->l, dst);
}

/* Close a run of pairs: keep it if it is at least as good as the best so
 * far (a better one erases the earlier bars), else blank it. */
static void close_run(kstring_t *str, kstring_t *tmp, double *score, double tscore, int prev, int at_end)
{
    if (prev >= 2 && tscore == *score) {
        append_ks(str, tmp);
    } else if (prev >= 2 && tscore > *score) {
        blank_bars(str);
        append_ks(str, tmp);
        *score = tscore;
    } else if (!at_end) {
        blank_bars(tmp);
        append_ks(str, tmp);
    }
    if (!at_end) kputc(' ', str);
    tmp->l = 0;
}

/* Nucleotide codes of the UTR (3'->5') and the miRNA, both past the seed. */
typedef struct {
    const int *U, *M;
    int nu, nm, overhang;
} codes_t;

/* Step i of a placement: 0 past its end, else 1 with *w the weight of the
 * pair there (0: no pair). */
static inline int placement_step(const codes_t *k, int offset, int bottom, int i, double *w)
{
    int ui, mi, pos;
    if (!bottom) {
        if (i > k->nm - 1 - offset || i > k->nu - 1) return 0;
        ui = k->U[i], mi = k->M[i + offset], pos = i + offset - k->overhang;
    } else {
        if (i > k->nu - 1 - offset || i > k->nm - 1) return 0;
        ui = k->U[i + offset], mi = k->M[i], pos = i - k->overhang;
    }
    *w = !wc(ui, mi) ? 0 : pos >= 4 && pos <= 7 ? 1 : 0.5;
    return 1;
}

/* One ungapped placement of the UTR (3'->5', past the seed) against the
 * miRNA (past the seed) shifted by offset, on the miRNA (top) or UTR
 * (bottom) side. Pairs opposite miRNA nt 13-16 score 1, others 0.5; the
 * best run of at least 2 pairs counts, less (offset - 2) / 2. This is
 * pairing_pass without the bar line. */
static void pairing_score(const codes_t *k, int offset, int bottom, cand_t *c)
{
    /* in half points, without branches on the pairs (the same sums, exact) */
    int bu = bottom ? offset : 0, bm = bottom ? 0 : offset; /* first UTR and miRNA index */
    int n = k->nu - bu < k->nm - bm ? k->nu - bu : k->nm - bm, pos = bm - k->overhang;
    int score = 0, t = 0, prev = 0;
    for (int i = 0; i < n; i++, pos++) {
        int p = wc(k->U[bu + i], k->M[bm + i]), w = pos >= 4 && pos <= 7 ? 2 : 1;
        score = !p && prev >= 2 && t > score ? t : score;
        t = p ? t + w : 0;
        prev = p ? prev + 1 : 0;
    }
    if (prev >= 2 && t > score) score = t;
    c->score = score / 2.0 - (offset > 2 ? (offset - 2) / 2.0 : 0);
    c->offset = offset;
    c->bottom = bottom;
}

/* Placements as bit masks: bit i of u[c] (m[c]) is set when letter i of
 * the UTR (miRNA) past the seed has code c (nt_code: A 1, U 2, C 3, G 4). */
typedef struct {
    uint64_t u[6], m[6];
    /* the same as bit planes (mask_planes): a letter's code in two bits, A 00, C 01, G 10,
     * U 11, so that a pair's codes differ in both (h the high bits, l the low ones), and v
     * set for the letters A, C, G, U */
    uint64_t uh, ul, uv, mh, ml, mv;
} masks_t;
#define MASK_MAX 63 /* letters a side for the masks (runs are found by adding 1 to a 64-bit word) */

/* b's bit planes from its masks by code. */
static void mask_planes(masks_t *b)
{
    b->uh = b->u[2] | b->u[4], b->ul = b->u[2] | b->u[3], b->uv = b->u[1] | b->u[2] | b->u[3] | b->u[4];
    b->mh = b->m[2] | b->m[4], b->ml = b->m[2] | b->m[3], b->mv = b->m[1] | b->m[2] | b->m[3] | b->m[4];
}

/* The pairs of a placement: bit i set when letter bu + i of the UTR and bm + i
 * of the miRNA pair (A-U, C-G). */
static inline uint64_t pair_word(const masks_t *b, int bu, int bm)
{
    return ((b->uh >> bu) ^ (b->mh >> bm)) & ((b->ul >> bu) ^ (b->ml >> bm)) & (b->uv >> bu) & (b->mv >> bm);
}

static void code_masks(const codes_t *k, masks_t *b)
{
    memset(b, 0, sizeof *b);
    for (int i = 0; i < k->nu; i++) b->u[k->U[i]] |= 1ull << i;
    for (int i = 0; i < k->nm; i++) b->m[k->M[i]] |= 1ull << i;
    mask_planes(b);
}

/* code_masks' miRNA side straight from the text: the nm letters of mir. */
static void mir_masks(const char *mir, int nm, uint64_t m[6])
{
    memset(m, 0, 6 * sizeof *m);
    for (int i = 0; i < nm; i++) m[nt_code(mir[i])] |= 1ull << i;
}

/* The best run of pairs in p (bit i: step i pairs) in half points: a run of 2 or more
 * pairs scores its length plus its pairs at steps [wlo, whi) (opposite miRNA nt 13-16);
 * 0 without one. p has no bit 63 (MASK_MAX), so a run's carry stays in the word. */
static inline int run_halves(uint64_t p, int wlo, int whi)
{
    int score = 0;
    p &= (p >> 1) | (p << 1); /* lone pairs never count: only runs of 2 or more are left */
    while (p) {
        uint64_t low = p & -p, above = p + low; /* above: the lowest run cleared, the bit over it set */
        int a = __builtin_ctzll(low), e = __builtin_ctzll(above & ~p); /* the run: steps [a, e) */
        int lo = a > wlo ? a : wlo, hi = e < whi ? e : whi, t = e - a + (hi > lo ? hi - lo : 0);
        if (t > score) score = t;
        p &= above;
    }
    return score;
}

/* pairing_score from the masks: the pairs of a placement are one word
 * (letter i of each side shifted to bit i; A-U and C-G pair), each run of
 * set bits is a run of pairs, and a run's weight in half points is its
 * length plus the pairs inside the window opposite miRNA nt 13-16 (the
 * steps i with i + bm - overhang in 4..7). The masks hold no letter past a
 * side's end, so the word needs no clipping. */
static inline int pairing_halves(const codes_t *k, const masks_t *b, int offset, int bottom)
{
    int bu = bottom ? offset : 0, bm = bottom ? 0 : offset, pen = offset > 2 ? offset - 2 : 0;
    int n = k->nu - bu < k->nm - bm ? k->nu - bu : k->nm - bm;
    if (n <= 0) return -pen;
    return run_halves(pair_word(b, bu, bm), 4 + k->overhang - bm, 8 + k->overhang - bm) - pen;
}

/* The bar line of placement c (what pairing_score scored) into str. */
static void pairing_pass(const codes_t *k, const cand_t *c, kstring_t *str, kstring_t *tmp)
{
    double score = 0, tscore = 0, w;
    int prev = 0;
    str->l = 0;
    tmp->l = 0;
    for (int i = 0; placement_step(k, c->offset, c->bottom, i, &w); i++) {
        if (w != 0) {
            kputc('|', tmp);
            if (prev == 0) tscore = 0;
            tscore += w;
            prev++;
            continue;
        }
        close_run(str, tmp, &score, tscore, prev, 0);
        tscore = 0;
        prev = 0;
    }
    close_run(str, tmp, &score, tscore, prev, 1);
    kputs("", str);
    drop_lone_bars(str);
}

/* Among the best-scoring placements: the smallest offset, a gap in the
 * miRNA (bottom) winning ties; two at offset 0 take the second. */
static int pick_best(const cand_t *c, int n)
{
    int nb = 0, first = -1, second = -1, ret = -1;
    double top = -INFINITY;
    for (int i = 0; i < n; i++) top = c[i].score > top ? c[i].score : top;
    for (int i = 0; i < n; i++) {
        if (c[i].score != top) continue;
        nb++;
        if (first < 0) first = i;
        else if (second < 0) second = i;
        if (ret < 0 || c[i].offset < c[ret].offset || (c[i].offset == c[ret].offset && c[i].bottom))
            ret = i;
    }
    return nb == 2 && c[first].offset == 0 ? second : ret;
}

static void reverse_str(kstring_t *s)
{
    for (size_t i = 0, j = s->l ? s->l - 1 : 0; i < j; i++, j--) {
        char t = s->s[i];
        s->s[i] = s->s[j];
        s->s[j] = t;
    }
}

/* n copies of c (n <= 0: none). */
static void put_chars(kstring_t *s, char c, int n)
{
    if (n <= 0 || ks_resize(s, s->l + (size_t)n + 1) < 0) return; /* as kputc: nothing when out of memory */
    memset(s->s + s->l, c, (size_t)n);
    s->l += (size_t)n;
    s->s[s->l] = 0;
}

static void pad_to(kstring_t *s, size_t n)
{
    if (s->l < n) put_chars(s, ' ', (int)(n - s->l));
}

/* Remove '-' and '.', putting as many spaces in front. */
static void degap_lead(kstring_t *s)
{
    /* the letters before the first gap stay in place (strcspn stops at the
     * first gap, or at a NUL, from where the loop goes on as from 0) */
    size_t j = strcspn(s->s, "-."), gaps;
    if (j >= s->l) { /* no gap: nothing moves */
        s->s[s->l] = 0;
        return;
    }
    for (size_t i = j; i < s->l; i++)
        if (s->s[i] != '-' && s->s[i] != '.') s->s[j++] = s->s[i];
    gaps = s->l - j;
    memmove(s->s + gaps, s->s, j);
    memset(s->s, ' ', gaps);
    s->s[s->l] = 0;
}

/* Below a 3' score of 3, the diagram shows no 3' pairing: the first one
 * or two runs of the bar line (read 3'->5' of the miRNA) are blanked, when
 * there is a further run, and gaps are dropped. hide_runs blanks the bar
 * line b (l letters) and says whether it did. */
static int hide_runs(char *b, size_t l)
{
    size_t run_s[3], run_e[3];
    int nr = 0;
    for (size_t i = 0; i < l && nr < 3;) {
        if (b[i] == ' ') { i++; continue; } /* a bar line holds blanks, bars and E, no other space */
        run_s[nr] = i;
        while (i < l && b[i] != ' ') i++;
        run_e[nr++] = i;
    }
    if (nr < 2) return 0;
    size_t from = run_s[0], to = nr >= 3 ? run_e[1] : run_e[0];
    if (to - from > 20) return 0; /* the script only has blanks for up to 20 */
    memset(b + from, ' ', to - from);
    return 1;
}

static void hide_weak_pairing(ssc_cpp_result_t *r)
{
    if (!hide_runs(r->bars.s, r->bars.l)) return;
    degap_lead(&r->utr_aln);
    degap_lead(&r->mir_aln);
}

/* Build the three diagram lines for placement c (utr is 3'->5'). */
static void pairing_diagram(const char *utr, int nu, const char *mir, int nm, seedinfo_t si,
                            const cand_t *c, const char *str, ssc_cpp_result_t *r)
{
    int up = nu < si.utrstart ? nu : si.utrstart, mp = nm < si.mirnastart ? nm : si.mirnastart;
    kstring_t *u = &r->utr_aln, *b = &r->bars, *m = &r->mir_aln;
    u->l = b->l = m->l = 0;
    put_chars(b, ' ', si.overhang + 1);
    for (int i = 1; i <= si.seedspan; i++) {
        int a = i + si.overhang < up ? nt_code(utr[i + si.overhang]) : 0;
        int z = i < mp ? nt_code(mir[i]) : 0;
        kputc(wc(a, z) ? '|' : 'E', b); /* E: the seed does not pair (should not happen) */
    }
    put_chars(b, ' ', c->offset);
    kputs(str, b);
    kputsn(utr, up, u);
    if (!c->bottom) put_chars(u, '-', c->offset);
    kputs(utr + up, u);
    put_chars(m, ' ', si.overhang);
    kputsn(mir, mp, m);
    if (c->bottom) put_chars(m, '-', c->offset);
    kputs(mir + mp, m);
    size_t longest = u->l > m->l ? u->l : m->l;
    pad_to(u, longest);
    pad_to(b, longest);
    pad_to(m, longest);
    reverse_str(u);
    reverse_str(b);
    reverse_str(m);
}

/* The bar line of placement c from the masks, as pairing_pass draws it:
 * bars on the runs of 2 or more pairs that score the best run's half
 * points, blanks elsewhere, and a last run that is not one of them cut off
 * with the blanks before it kept (the script appends a run only once it
 * is closed by a mismatch, which the last run never is). As bits into
 * *bars (bit i: a bar at step i); returns its length. */
static int bar_line(const codes_t *k, const masks_t *b, const cand_t *c, uint64_t *bars)
{
    int bu = c->bottom ? c->offset : 0, bm = c->bottom ? 0 : c->offset;
    int n = k->nu - bu < k->nm - bm ? k->nu - bu : k->nm - bm, top = 0;
    *bars = 0;
    if (n <= 0) return 0;
    uint64_t all = (1ull << n) - 1, best = 0;
    uint64_t p = pair_word(b, bu, bm) & all;
    int wlo = 4 + k->overhang - bm, whi = 8 + k->overhang - bm; /* the window: steps [wlo, whi) */
    for (uint64_t q = p & ((p >> 1) | (p << 1)); q;) {
        uint64_t low = q & -q, over = (q + low) & ~q, bits = over - low; /* a run, steps [a, e) */
        int a = __builtin_ctzll(low), e = __builtin_ctzll(over);
        int lo = a > wlo ? a : wlo, hi = e < whi ? e : whi, t = e - a + (hi > lo ? hi - lo : 0);
        if (t > top) top = t, best = bits;
        else if (t == top) best |= bits;
        q &= ~bits;
    }
    int len = n;
    if (p >> (n - 1) & ~best >> (n - 1) & 1) { /* the last step pairs, in a run that is cut */
        uint64_t gap = ~p & all;
        len = gap ? 63 - __builtin_clzll(gap) + 1 : 0;
    }
    *bars = len < 64 ? best & ((1ull << len) - 1) : best;
    return len;
}

/* pairing_diagram without the passes: each line written right to left
 * straight into its place (what the reversal puts there), its padding in
 * front. str (of slen bytes) is the bar line past the seed. */
static int diagram_lines(const char *utr, int nu, const char *mir, int nm, seedinfo_t si, const cand_t *c,
                         const char *str, int slen, ssc_cpp_result_t *r)
{
    int up = nu < si.utrstart ? nu : si.utrstart, mp = nm < si.mirnastart ? nm : si.mirnastart;
    int off = c->offset, lu = nu + (c->bottom ? 0 : off), lm = si.overhang + nm + (c->bottom ? off : 0);
    int lb = si.overhang + 1 + si.seedspan + off + slen, longest = lu > lm ? lu : lm;
    int Lu = longest, Lm = longest, Lb = lb > longest ? lb : longest;
    if (ks_resize(&r->utr_aln, (size_t)Lu + 1) < 0 || ks_resize(&r->bars, (size_t)Lb + 1) < 0 ||
        ks_resize(&r->mir_aln, (size_t)Lm + 1) < 0)
        return SSC_ENOMEM;
    char *d, *e;
    /* the UTR: its first up letters, the gap (a gap in the UTR), the rest */
    e = r->utr_aln.s + Lu;
    *e = 0;
    d = e;
    for (int i = 0; i < up; i++) *--d = utr[i];
    if (!c->bottom) d -= off, memset(d, '-', (size_t)off);
    for (int i = up; i < nu; i++) *--d = utr[i];
    memset(r->utr_aln.s, ' ', (size_t)(d - r->utr_aln.s));
    r->utr_aln.l = (size_t)Lu;
    /* the miRNA: overhang blanks, its first mp letters, the gap, the rest */
    e = r->mir_aln.s + Lm;
    *e = 0;
    d = e - si.overhang;
    memset(d, ' ', (size_t)si.overhang);
    for (int i = 0; i < mp; i++) *--d = mir[i];
    if (c->bottom) d -= off, memset(d, '-', (size_t)off);
    for (int i = mp; i < nm; i++) *--d = mir[i];
    memset(r->mir_aln.s, ' ', (size_t)(d - r->mir_aln.s));
    r->mir_aln.l = (size_t)Lm;
    /* the bars: blanks, the seed's pairs, the offset's blanks, the 3' pairs */
    e = r->bars.s + Lb;
    *e = 0;
    d = e - (si.overhang + 1);
    memset(d, ' ', (size_t)(si.overhang + 1));
    for (int i = 1; i <= si.seedspan; i++) {
        int a = i + si.overhang < up ? nt_code(utr[i + si.overhang]) : 0;
        int z = i < mp ? nt_code(mir[i]) : 0;
        *--d = wc(a, z) ? '|' : 'E'; /* E: the seed does not pair (should not happen) */
    }
    d -= off, memset(d, ' ', (size_t)off);
    for (int i = 0; i < slen; i++) *--d = str[i];
    memset(r->bars.s, ' ', (size_t)(d - r->bars.s));
    r->bars.l = (size_t)Lb;
    return 0;
}

/* Spaces and line breaks dropped, uppercase, T read as U. */
static int upper_rna(const char *in, kstring_t *out)
{
    size_t n = strlen(in);
    if (ks_resize(out, n + 1) < 0) return SSC_ENOMEM;
    char *d = out->s;
    for (const char *c = in; *c; c++)
        if (*c != ' ' && *c != '\n') *d++ = rna_upper(*c);
    *d = 0;
    out->l = (size_t)(d - out->s);
    return 0;
}

/* 0: every placement by the plain loop (the tests' reference for the masks
 * and the pruning) */
static int use_masks = 1;

/* Try every placement of the UTR past the seed against the miRNA past the
 * seed; draw the best one. *found is 0 when there is nothing to align. */
static int best_placement(const kstring_t *utr, const kstring_t *mir, seedinfo_t si, const mirfeat_t *mf,
                          ssc_cpp_result_t *r, double *score, int *found)
{
    struct ssc_cpp_scratch_s *x = r->scratch;
    int nu = (int)utr->l > si.utrstart ? (int)utr->l - si.utrstart : 0;
    int nm = (int)mir->l > si.mirnastart ? (int)mir->l - si.mirnastart : 0;
    int maxo = nu > nm ? nu : nm;
    *found = 0;
    if (grow(&x->code, &x->ncode, nu + nm + 1, sizeof *x->code) < 0 ||
        grow(&x->cand, &x->ncand, 2 * maxo + 1, sizeof *x->cand) < 0)
        return SSC_ENOMEM;
    int *U = x->code, *M = U + nu;
    cand_t *cand = x->cand;
    int masked = nu <= MASK_MAX && nm <= MASK_MAX && use_masks;
    /* the miRNA's masks kept with its contributions (mirfeat_make): no codes are needed, the
     * UTR's masks are made from its letters */
    int mkept = masked && mf && si.mirnastart >= 7 && si.mirnastart <= 8 && mf->mok[si.mirnastart - 7];
    if (!mkept) {
        for (int i = 0; i < nu; i++) U[i] = nt_code(utr->s[si.utrstart + i]);
        for (int i = 0; i < nm; i++) M[i] = nt_code(mir->s[si.mirnastart + i]);
    }
    codes_t k = {U, M, nu, nm, si.overhang};
    int ncand = 2 * maxo; /* the placements pick_best looks at (the plain loop's) */
    masks_t b;
    cand_t pick;
    if (masked) {
        /* in half points; pick_best's choice made as the placements come, in its order:
         * the best's count, the first two and the smallest offset (bottom winning ties) */
        int top = INT_MIN, nb = 0, first = -1, second = -1, best = -1;
        if (mkept) { /* code_masks' UTR side, by nt_code's table */
            static const unsigned char code_of[256] = {['A'] = 1, ['U'] = 2, ['C'] = 3, ['G'] = 4, ['N'] = 5};
            memset(b.u, 0, sizeof b.u);
            for (int i = 0; i < nu; i++) b.u[code_of[(unsigned char)utr->s[si.utrstart + i]]] |= 1ull << i;
            memcpy(b.m, mf->m[si.mirnastart - 7], sizeof b.m);
            mask_planes(&b);
        } else {
            code_masks(&k, &b);
        }
        /* the placements in pick_best's order: offset o, the gap in the UTR, then in the miRNA */
        for (int o = 0; o < maxo; o++) {
            /* a placement scores at most its n pairs and 4 more half points in the window,
             * less the offset's cost: one that cannot reach the best so far cannot be
             * picked, and is not scored; bounds fall with the offset and top only rises,
             * so once both sides are out, so is every larger offset */
            int pen = o > 2 ? o - 2 : 0, n0 = nm - o < nu ? nm - o : nu, n1 = nu - o < nm ? nu - o : nm;
            int b0 = (n0 > 0 ? n0 : 0) + 4 - pen, b1 = (n1 > 0 ? n1 : 0) + 4 - pen;
            if (b0 < top && b1 < top) break;
            for (int bottom = 0; bottom <= 1; bottom++) {
                int h, i = 2 * o + bottom;
                if ((bottom ? b1 : b0) < top) continue;
                h = bottom ? pairing_halves(&k, &b, o, 1) : pairing_halves(&k, &b, o, 0);
                if (h > top) top = h, nb = 0, first = second = best = -1;
                if (h < top) continue;
                nb++;
                if (first < 0) first = i;
                else if (second < 0) second = i;
                if (best < 0 || o < best / 2 || (o == best / 2 && bottom)) best = i;
            }
        }
        if (maxo > 0) {
            int i = nb == 2 && first / 2 == 0 ? second : best;
            pick = (cand_t){top / 2.0, i / 2, i % 2};
        }
    } else {
        for (int o = 0; o < maxo; o++) {
            pairing_score(&k, o, 0, &cand[2 * o]);
            pairing_score(&k, o, 1, &cand[2 * o + 1]);
        }
    }
    if (maxo > 0) {
        const cand_t *c = masked ? &pick : &cand[pick_best(cand, ncand)];
        *score = c->score;
        *found = 1;
        x->pl.kind = DIAG_TEXT;
        if (masked) {
            char str[64];
            uint64_t bars;
            int slen = bar_line(&k, &b, c, &bars), hide = *score < 3;
            /* kept for format time (put_placed) when its bar line fits the row and put_placed's
             * word, and hiding weak pairing, which degaps the lines, has no gap letters of the
             * texts to drop */
            if (x->place_only && slen <= 32 && si.seedspan + c->offset + slen <= 64 &&
                !(hide && (x->win_gapped || (mf ? !mf->plain : strpbrk(mir->s, "-.") != NULL)))) {
                x->pl.kind = DIAG_PLACED;
                x->pl.off = (uint8_t)c->offset;
                x->pl.bottom = (uint8_t)c->bottom;
                x->pl.hide = (uint8_t)hide;
                x->pl.slen = (uint8_t)slen;
                x->pl.bars = (uint32_t)bars;
                return 0;
            }
            for (int i = 0; i < slen; i++) str[i] = bars >> i & 1 ? '|' : ' ';
            int ret = diagram_lines(utr->s, (int)utr->l, mir->s, (int)mir->l, si, c, str, slen, r);
            if (ret < 0) return ret;
        } else {
            pairing_pass(&k, c, &x->str, &x->tmp);
            pairing_diagram(utr->s, (int)utr->l, mir->s, (int)mir->l, si, c, x->str.s, r);
        }
        if (*score < 3) hide_weak_pairing(r);
    }
    return 0;
}

/* 3' supplementary pairing contribution and the pairing diagram; with
 * nothing to align, TargetScan prints 0 and a diagram of "0", "0", "". */
static int three_prime(const ssc_cpp_params_t *p, const char *window, const char *mirna, int type,
                       ssc_cpp_result_t *r)
{
    kstring_t *utr = &r->scratch->utr, *mir = &r->scratch->mir;
    double score = 0;
    int found = 0, ret;
    /* the window as read 3' to 5' is kept from the call before on the same site, or made by
     * ssc_cpp_score (utr_made) */
    int same = (r->same_site && r->scratch->site_ok) || r->scratch->utr_made;
    /* the miRNA's upper-case text and masks, kept with its contributions (mirfeat_make) */
    const mirfeat_t *mf = r->codes_only ? r->scratch->mirfeat : NULL;
    kstring_t mkept;
    if (mf && mf->up && mf->seq == mirna) {
        mkept = (kstring_t){(size_t)mf->nup, (size_t)mf->nup + 1, mf->up};
        mir = &mkept;
    } else {
        mf = NULL;
    }
    if ((same || (ret = upper_rna(window, utr)) == 0) && (mf || (ret = upper_rna(mirna, mir)) == 0)) {
        if (!same) { /* read the UTR 3' to 5', against the miRNA 5' to 3' */
            reverse_str(utr);
            r->scratch->win_gapped = strpbrk(utr->s, "-.") != NULL;
        }
        ret = best_placement(utr, mir, seed_info(type), mf, r, &score, &found);
    }
    if (found) {
        contrib(p, type, SSC_CPP_3P, score, r);
    } else if (r->scratch->place_only) { /* no diagram, said by pl (the lines are left as they are) */
        contrib_zero(r, SSC_CPP_3P);
        r->scratch->pl.kind = DIAG_NONE;
    } else { /* no diagram (NULL lines), as in a fresh result */
        contrib_zero(r, SSC_CPP_3P);
        free(r->utr_aln.s);
        free(r->bars.s);
        free(r->mir_aln.s);
        memset(&r->utr_aln, 0, sizeof r->utr_aln);
        memset(&r->bars, 0, sizeof r->bars);
        memset(&r->mir_aln, 0, sizeof r->mir_aln);
    }
    return ret;
}

/* n bytes of s at d (no overlap), for the short pieces of a table row: a
 * few word copies, overlapping at the end, instead of a call to memcpy;
 * reads [s, s+n) and writes [d, d+n) only. */
static inline void put_bytes(char *d, const char *s, size_t n)
{
    if (n >= 16) {
        if (n > 64) {
            memcpy(d, s, n);
            return;
        }
        for (size_t i = 0; i + 16 < n; i += 16) memcpy(d + i, s + i, 16);
        memcpy(d + n - 16, s + n - 16, 16);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8), memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8), memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4), memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4), memcpy(d + n - 4, &b, 4);
    } else if (n) {
        d[0] = s[0], d[n / 2] = s[n / 2], d[n - 1] = s[n - 1];
    }
}

/* n bytes c at d, the same way (writes [d, d+n) only). */
static inline void fill_bytes(char *d, char c, size_t n)
{
    uint64_t w = 0x0101010101010101ull * (unsigned char)c;
    if (n > 16) {
        memset(d, c, n);
    } else if (n >= 8) {
        memcpy(d, &w, 8), memcpy(d + n - 8, &w, 8);
    } else if (n >= 4) {
        memcpy(d, &w, 4), memcpy(d + n - 4, &w, 4);
    } else if (n) {
        d[0] = d[n / 2] = d[n - 1] = c;
    }
}

/* pad blanks, the first cut letters of s, gap '-', the rest of its n letters, at d. */
static void put_gapped(char *d, int pad, const char *s, int n, int cut, int gap)
{
    /* each count is >= 0 (put_placed's lengths); said so, for the compiler's bounds */
    size_t np = pad > 0 ? (size_t)pad : 0, nc = cut > 0 ? (size_t)cut : 0, ng = gap > 0 ? (size_t)gap : 0;
    size_t nr = n > cut ? (size_t)(n - cut) : 0;
    fill_bytes(d, ' ', np);
    put_bytes(d + np, s, nc);
    fill_bytes(d + np + nc, '-', ng);
    put_bytes(d + np + nc + ng, s + nc, nr);
}

/* Room put_placed needs for a window of nw letters and a miRNA of nmir. */
#define PLACED_ROOM(nw, nmir) (3 * ((size_t)(nw) + (size_t)(nmir) + 2 * MASK_MAX + 16))

/* The diagram's three columns (TAB between them) of a placement the 3'
 * search kept (place_only's DIAG_PLACED) into d, left to right, as
 * diagram_lines draws them right to left and hide_weak_pairing hides them:
 * W is the window as upper_rna gives it (5'->3', nw letters, no '-' or '.'
 * when hide), mir the miRNA's upper-case text (nmir letters) and rev that
 * text reversed, bars the bar line past the seed (bit i: a bar at step i,
 * slen <= 32 steps, seed span + off + slen <= 64), hide set for a 3' score
 * below 3. Returns the end. */
static char *put_placed(char *d, const char *W, int nw, const char *mir, const char *rev, int nmir, int type,
                        int off, int bottom, int hide, uint32_t bars, int slen)
{
    /* the complement of an upper-case letter (A-U, C-G pair as wc does; 0 for the rest) */
    static const char comp[256] = {['A'] = 'U', ['U'] = 'A', ['C'] = 'G', ['G'] = 'C'};
    seedinfo_t si = seed_info(type);
    int up = nw < si.utrstart ? nw : si.utrstart, mp = nmir < si.mirnastart ? nmir : si.mirnastart;
    int lu = nw + (bottom ? 0 : off), lm = si.overhang + nmir + (bottom ? off : 0);
    int lb = si.overhang + 1 + si.seedspan + off + slen, longest = lu > lm ? lu : lm;
    int Lb = lb > longest ? lb : longest, degap = 0, n;
    char *bl = d + longest + 1; /* the bar line, after the UTR's and a TAB */
    if (hide && slen > 0) {
        /* hide_runs on the bits, read from the top: right to left from the seed's first
         * letter, the seed's letters (never blank), the offset's blanks, the bar line past the
         * seed (seedspan + off + slen <= 64, which the 3' search checks) */
        int sh = si.seedspan + off;
        uint64_t m = ((1ull << si.seedspan) - 1) | (uint64_t)bars << sh;
        int top0 = 63 - __builtin_clzll(m), low0 = 0, low1 = 0, nr = 1;
        uint64_t z = ~m & ((1ull << top0) - 1); /* the blanks below the first run */
        if (z) low0 = 64 - __builtin_clzll(z);
        uint64_t m1 = m & ((1ull << low0) - 1);
        if (m1) {
            nr = 2;
            int top1 = 63 - __builtin_clzll(m1);
            z = ~m1 & ((1ull << top1) - 1);
            if (z) low1 = 64 - __builtin_clzll(z);
            if (m1 & ((1ull << low1) - 1)) nr = 3;
        }
        int lowk = nr >= 3 ? low1 : low0;
        if (nr >= 2 && top0 - lowk + 1 <= 20) { /* blank runs lowk..top0, all past the seed */
            bars &= (uint32_t)~((((2ull << top0) - 1) & ~((1ull << lowk) - 1)) >> sh);
            degap = 1;
        }
    }
    /* the bar line: blanks, the 3' pairs, the offset's blanks, the seed's pairs, blanks */
    char *q = bl;
    fill_bytes(q, ' ', (size_t)(n = Lb - lb));
    q += n;
    /* four steps at a time, the highest first */
    static const char nib[16][4] = {"    ", "   |", "  | ", "  ||", " |  ", " | |", " || ", " |||",
                                    "|   ", "|  |", "| | ", "| ||", "||  ", "|| |", "||| ", "||||"};
    int i = slen;
    for (; i >= 4; i -= 4, q += 4) memcpy(q, nib[bars >> (i - 4) & 15], 4);
    for (i--; i >= 0; i--) *q++ = " |"[bars >> i & 1];
    fill_bytes(q, ' ', (size_t)off);
    q += off;
    if (up == si.utrstart && mp == si.mirnastart) { /* every seed letter on both sides (i + overhang < up,
                                                      * i < mp; mir[i] is a letter, never comp's 0) */
        for (int i = si.seedspan; i >= 1; i--) *q++ = comp[(unsigned char)W[nw - 1 - (i + si.overhang)]] == mir[i] ? '|' : 'E';
    } else {
        for (int i = si.seedspan; i >= 1; i--) {
            char a = i + si.overhang < up ? W[nw - 1 - (i + si.overhang)] : 0, c = comp[(unsigned char)a];
            *q++ = c && i < mp && c == mir[i] ? '|' : 'E'; /* E: the seed does not pair (should not happen) */
        }
    }
    fill_bytes(q, ' ', (size_t)(si.overhang + 1));
    /* the UTR: the window but its last up letters, the gap (a gap in the UTR), those; hiding
     * drops the gaps, and as many blanks go in front of the letters */
    n = degap || bottom ? 0 : off;
    put_gapped(d, longest - nw - n, W, nw, nw - up, n);
    d[longest] = '\t';
    d = bl + Lb;
    *d++ = '\t';
    /* the miRNA reversed: all but its first mp letters, the gap (a gap in the miRNA), those, the overhang */
    n = degap || !bottom ? 0 : off;
    put_gapped(d, longest - si.overhang - nmir - n, rev, nmir, nmir - mp, n);
    fill_bytes(d + longest - si.overhang, ' ', (size_t)si.overhang);
    return d + longest;
}

/* ---- the score --------------------------------------------------------------------- */

void ssc_cpp_result_init(ssc_cpp_result_t *r) { memset(r, 0, sizeof *r); }

void ssc_cpp_result_free(ssc_cpp_result_t *r)
{
    struct ssc_cpp_scratch_s *x = r->scratch;
    free(r->utr_aln.s);
    free(r->bars.s);
    free(r->mir_aln.s);
    if (x) {
        free(x->win.s);
        free(x->utr.s);
        free(x->mir.s);
        free(x->str.s);
        free(x->tmp.s);
        free(x->code);
        free(x->cand);
        free(x->iso);
        free(x->o6);
        free(x);
    }
    memset(r, 0, sizeof *r);
}

double ssc_cpp_weighted(double cs, double air) { return log((pow(2, cs) - 1) * air + 1) / log(2); }

double ssc_cpp_cwcs(const double *cs, const double *air, int n)
{
    double c = 0;
    for (int i = 0; i < n; i++) c += (1 - pow(2, cs[i])) * (air[i] - c);
    return log2(1 - c);
}

static int overlaps(const ssc_cpp_tsite_t *a, const ssc_cpp_tsite_t *b)
{
    return a->start <= b->end && b->start <= a->end;
}

static int cmp_tsite_score(const void *a, const void *b, void *ctx)
{
    const ssc_cpp_tsite_t *s = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (s[i].cs != s[j].cs) return s[i].cs < s[j].cs ? -1 : 1;
    return s[i].start != s[j].start ? (s[i].start < s[j].start ? -1 : 1) : (i > j) - (i < j);
}

static int cmp_tsite_pos(const void *a, const void *b, void *ctx)
{
    const ssc_cpp_tsite_t *s = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    return s[i].start != s[j].start ? (s[i].start < s[j].start ? -1 : 1) : (i > j) - (i < j);
}

double ssc_cpp_target_summary(const ssc_cpp_tsite_t *sites, int n, char *keep, double *total)
{
    int *ord = malloc((n + 1) * sizeof *ord), k = 0;
    char *kept = calloc(n + 1, 1);
    double c = 0;
    *total = 0;
    if (!ord || !kept) {
        free(ord);
        free(kept);
        return NAN;
    }
    for (int i = 0; i < n; i++) ord[i] = i;
    qsort_r(ord, n, sizeof *ord, cmp_tsite_score, (void *)sites);
    for (int a = 0; a < n; a++) { /* best first; drop what overlaps a kept site */
        int ok = 1;
        for (int b = 0; b < a && ok; b++) ok = !(kept[ord[b]] && overlaps(&sites[ord[a]], &sites[ord[b]]));
        kept[ord[a]] = (char)ok;
    }
    for (int i = 0; i < n; i++) ord[i] = i;
    qsort_r(ord, n, sizeof *ord, cmp_tsite_pos, (void *)sites);
    for (int i = 0; i < n; i++) {
        const ssc_cpp_tsite_t *s = &sites[ord[i]];
        if (!kept[ord[i]]) continue;
        c += (1 - pow(2, s->cs)) * (s->air - c);
        *total += s->cs;
        k++;
    }
    if (keep) memcpy(keep, kept, n);
    free(ord);
    free(kept);
    return k ? log2(1 - c) : 0;
}

int ssc_cpp_format_summary_header(kstring_t *s)
{
    return kputs("target\tfamily\tsites\ttotal_context_score\tcwcs\n", s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_cpp_format_summary(kstring_t *s, const char *target, const char *family, int nsites,
                           double total, double cwcs)
{
    return ksprintf(s, "%s\t%s\t%d\t%.3f\t%.3f\n", target, family, nsites, total, cwcs) < 0
               ? SSC_ENOMEM : 0;
}

/* Features that depend on the UTR and site but not on the miRNA. */
static int utr_features(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *o, const ssc_cpp_utr_t *u,
                        const ssc_cpp_site_t *s, ssc_cpp_result_t *r)
{
    ssc_cpp_air_t whole;
    iso_t iso;
    iso.air = iso_regions(o, u, &whole, &iso.n);
    if (grow(&r->scratch->iso, &r->scratch->niso, iso.n + 1, sizeof *iso.v) < 0) return SSC_ENOMEM;
    iso.v = r->scratch->iso;
    feat_local_au(p, u, s, r);
    feat_len_3utr(p, &iso, s, r);
    feat_min_dist(p, &iso, s, r);
    feat_sa(p, u, s, r);
    feat_orf(p, u, s, r);
    int ret = feat_offset6mer(p, o, &iso, u, s, r);
    feat_pct(p, s, r);
    return ret;
}

/* Sum the printed contributions in column order, print to 3 decimals and
 * cap by type. */
static void total_score(const ssc_cpp_site_t *s, ssc_cpp_result_t *r)
{
    static const double max_val[4] = {-0.03, -0.02, -0.01, 0}; /* atof of ssc_cpp_max_score */
    double sum = 0, v;
    for (int f = 0; f < SSC_CPP_NFEAT; f++) sum += r->contrib_val[f]; /* "NA" counts 0 */
    int32_t c = fixed_code_txt(sum, 3, &v, r->score, sizeof r->score);
    if (v > max_val[s->type]) {
        c = SSC_CPP_CODE_MAX;
        if (!r->codes_only) snprintf(r->score, sizeof r->score, "%s", ssc_cpp_max_score[s->type]);
        v = max_val[s->type];
    } else if (c >= 0 && !r->codes_only) {
        r->score[ssc_cpp_fixed_put(r->score, c, 3)] = 0;
    }
    r->score_code = c;
    r->cs = v;
}

/* fixed_code_txt of the AIR-weighted score at 4 decimals, a function of
 * (cs, air) alone: a table's scores take a few hundred values and most
 * AIRs are 1, so the code and value are kept by the bits of the pair
 * instead of pow, log and the rounding at every row. A result that is not
 * a code (its text in txt) is not kept. */
static int32_t weighted_code(struct ssc_cpp_scratch_s *x, double cs, double air, double *val, char *txt,
                             size_t txtsz)
{
    uint64_t kc, ka;
    memcpy(&kc, &cs, sizeof kc);
    memcpy(&ka, &air, sizeof ka);
    size_t h = (size_t)(((kc ^ (ka * 0x9E3779B97F4A7C15ull)) * 0xFF51AFD7ED558CCDull) >> 54) & (WMEMO - 1);
    if (x->wmemo[h].set && x->wmemo[h].cs == kc && x->wmemo[h].air == ka) {
        *val = x->wmemo[h].wcs;
        return x->wmemo[h].c;
    }
    int32_t c = fixed_code_txt(ssc_cpp_weighted(cs, air), 4, val, txt, txtsz);
    if (c >= 0) {
        x->wmemo[h].cs = kc, x->wmemo[h].air = ka, x->wmemo[h].wcs = *val;
        x->wmemo[h].c = c, x->wmemo[h].set = 1;
    }
    return c;
}

int ssc_cpp_site_from_scan(const ssc_site_t *in, ssc_cpp_site_t *out)
{
    if (in->type < SSC_8MER || in->type > SSC_6MER || in->start < 0 || in->end <= in->start)
        return SSC_EINVAL;
    out->type = in->type;
    out->start = in->start + 1;
    out->end = in->end;
    return 0;
}

int ssc_cpp_score(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *o, const ssc_cpp_utr_t *u,
                  const ssc_cpp_site_t *s, const char *mirna, ssc_cpp_result_t *r)
{
    int ret;
    if (s->type < 0 || s->type > SSC_6MER || s->start < 1 || s->end < s->start) return SSC_EINVAL;
    if (!r->scratch && !(r->scratch = calloc(1, sizeof *r->scratch))) return SSC_ENOMEM;
    kstring_t *win = &r->scratch->win;
    if (!r->codes_only)
        snprintf(r->contrib[SSC_CPP_SITE_TYPE], sizeof r->contrib[0], "%s", p->intercept[s->type]);
    r->code[SSC_CPP_SITE_TYPE] = SSC_CPP_CODE_INTERCEPT;
    r->contrib_val[SSC_CPP_SITE_TYPE] = p->intercept_val[s->type];
    struct ssc_cpp_scratch_s *x = r->scratch;
    if (r->same_site && x->site_ok && (r->codes_only || x->site_text_ok)) {
        for (int k = 0; k < NSITEFEAT; k++) {
            int f = site_feats[k];
            r->code[f] = x->site_code[f];
            r->contrib_val[f] = x->site_val[f];
            if (!r->codes_only) memcpy(r->contrib[f], x->site_text[f], sizeof r->contrib[f]);
        }
    } else {
        x->site_ok = 0;
        if ((ret = utr_features(p, o, u, s, r)) < 0) return ret;
        /* the window for the 3' search straight from the upper-case text (compat's site8 reads
         * the window as site_window makes it) */
        if ((x->utr_made = x->up && !o->compat)) {
            if ((ret = window_from_up(u, x->up, s, 1, &x->utr)) < 0) return x->utr_made = 0, ret;
            x->win_gapped = !x->up_plain && strpbrk(x->utr.s, "-.") != NULL;
        } else if ((ret = site_window(u, s, win)) < 0) {
            return ret;
        }
        feat_site8(p, o, u, s, x->utr_made ? NULL : win->s, r);
        for (int k = 0; k < NSITEFEAT; k++) {
            int f = site_feats[k];
            x->site_code[f] = r->code[f];
            x->site_val[f] = r->contrib_val[f];
            if (!r->codes_only) memcpy(x->site_text[f], r->contrib[f], sizeof r->contrib[f]);
        }
        x->site_text_ok = !r->codes_only; /* the texts are kept only for a result that prints them */
        x->site_ok = 1;
    }
    const mirfeat_t *mf = r->codes_only && x->mirfeat && x->mirfeat->ok[s->type] ? x->mirfeat : NULL;
    if (mf) {
        for (int k = 0; k < 6; k++) r->code[mir_feat[k]] = mf->code[s->type][k], r->contrib_val[mir_feat[k]] = mf->val[s->type][k];
    } else {
        feat_srna(p, s->type, mirna, r);
    }
    if ((ret = three_prime(p, win->s, mirna, s->type, r)) < 0) return ret;
    r->too_close = s->start < 15;
    if (r->too_close) {
        /* as TargetScan: no score for sites in the ribosome's shadow */
        static const int f[] = {SSC_CPP_3P, SSC_CPP_LOCAL_AU, SSC_CPP_TA, SSC_CPP_SPS};
        for (int k = 0; k < 4; k++) contrib_text(r, f[k], SSC_CPP_CODE_TOO_CLOSE);
        if (!r->codes_only) strcpy(r->score, "too_close");
        r->score_code = SSC_CPP_CODE_TOO_CLOSE;
        r->cs = 0;
    } else {
        if (mf) {
            for (int k = 6; k < NMIRFEAT; k++) r->code[mir_feat[k]] = mf->code[s->type][k], r->contrib_val[mir_feat[k]] = mf->val[s->type][k];
        } else {
            feat_ta_sps(p, mirna, s->type, r);
        }
        total_score(s, r);
    }
    r->air = ssc_cpp_site_air(u->air, u->n_air, s->end);
    if (!r->codes_only && (!r->air_str[0] || memcmp(&r->air, &r->air_fmt, sizeof r->air) != 0)) {
        snprintf(r->air_str, sizeof r->air_str, "%.15g", r->air);
        r->air_fmt = r->air;
    }
    int32_t c = weighted_code(x, r->cs, r->air, &r->wcs, r->wscore, sizeof r->wscore);
    if (c >= 0 && !r->codes_only) r->wscore[ssc_cpp_fixed_put(r->wscore, c, 4)] = 0;
    r->wscore_code = c;
    return 0;
}

/* ---- TargetScan's context++ table ------------------------------------------------------ */

KHASH_MAP_INIT_STR(cpp_str, int)

/* Species the script scores (its @SPECIES); the AIRs are for REF. */
static const char *const ts_species[] = {"10090", "10116", "13616", "8364", "9031",
                                         "9544", "9598", "9606", "9615", "9913"};
#define REF_SPECIES "9606"

static int ts_species_ok(const char *sp)
{
    for (size_t i = 0; i < sizeof ts_species / sizeof *ts_species; i++)
        if (strcmp(sp, ts_species[i]) == 0) return 1;
    return 0;
}

/* The miRNAs and seed of a family in one species. */
typedef struct {
    void *ml;
    const char *seed;
} famhit_t;
KHASH_MAP_INIT_STR(cpp_fam, famhit_t)

/* A string-keyed table of records; keys are owned copies. */
typedef struct {
    khash_t(cpp_str) *h;
    void **val;
    int n, m;
} dict_t;

static void *dict_get(const dict_t *d, const char *key)
{
    if (!d->h || !key) return NULL;
    khint_t k = kh_get(cpp_str, d->h, key);
    return k == kh_end(d->h) ? NULL : d->val[kh_val(d->h, k)];
}

/* Insert key -> val (val is owned by the dict afterwards). A repeated key
 * replaces the value, as a Perl hash does; free_val (NULL: free) frees the
 * value replaced. */
static int dict_put(dict_t *d, const char *key, void *val, void (*free_val)(void *))
{
    int absent;
    if (!d->h && !(d->h = kh_init(cpp_str))) return SSC_ENOMEM;
    khint_t k = kh_get(cpp_str, d->h, key);
    if (k != kh_end(d->h)) {
        free_val ? free_val(d->val[kh_val(d->h, k)]) : free(d->val[kh_val(d->h, k)]);
        d->val[kh_val(d->h, k)] = val;
        return 0;
    }
    if (d->n == d->m) {
        void **v = realloc(d->val, (d->m = d->m ? 2 * d->m : 64) * sizeof *v);
        if (!v) return SSC_ENOMEM;
        d->val = v;
    }
    char *kc = strdup(key);
    if (!kc) return SSC_ENOMEM;
    k = kh_put(cpp_str, d->h, kc, &absent);
    if (absent < 0) return free(kc), SSC_ENOMEM;
    kh_val(d->h, k) = d->n;
    d->val[d->n++] = val;
    return 0;
}

static void dict_free(dict_t *d, void (*free_val)(void *))
{
    if (d->h) {
        for (khint_t k = kh_begin(d->h); k != kh_end(d->h); k++)
            if (kh_exist(d->h, k)) free((char *)kh_key(d->h, k));
        kh_destroy(cpp_str, d->h);
    }
    for (int i = 0; i < d->n; i++) free_val ? free_val(d->val[i]) : free(d->val[i]);
    free(d->val);
    memset(d, 0, sizeof *d);
}

/* One UTR of one species, with what is attached to it. */
typedef struct {
    char *seq;
    int64_t len;
    /* seq through rna_upper (utr_up, with the UTR's AIRs): up_state 0 not yet, 1 made,
     * -1 none (seq holds a blank, line break or NUL, which upper_rna drops or stops at) */
    char *up;
    int up_state;
    int up_plain; /* made with up: it holds no '-' or '.' */
    ssc_cpp_air_t *air;
    int n_air;
    ssc_cpp_lunp_t *lunp;
    ssc_cpp_kidx_t *kidx;
    uint64_t *au; /* its AU letters as bits (au_bits), made with its index */
    int left;     /* its site rows not yet scored (counted by the reader): the last one scored
                   * frees the index and the AU bits, which only scoring reads, so that the
                   * next UTRs' take their memory instead of fresh pages */
    int64_t *need, n_need, m_need; /* native SA: the _lunp positions its sites read (need_sa) */
    const char *orflen; /* its ORF length as text, or NULL (set by resolve_site) */
    char *gene, *sp;    /* its gene and species, as the alignment names them */
    /* AIRs, SA and the index are made by the first worker to score a site
     * of the UTR (under lock); ready: done, with ret and err its outcome */
    pthread_mutex_t lock;
    int ready, ret;
    char err[512];
} utr_rec_t;

/* u->up, once. Returns 0 or SSC_ENOMEM. */
static int utr_up(utr_rec_t *u)
{
    if (u->up_state) return 0;
    int plain = !memchr(u->seq, ' ', (size_t)u->len) && !memchr(u->seq, '\n', (size_t)u->len) &&
                !memchr(u->seq, 0, (size_t)u->len);
    if (plain && !(u->up = malloc((size_t)u->len + 1))) return SSC_ENOMEM;
    for (int64_t i = 0; plain && i < u->len; i++) u->up[i] = rna_upper(u->seq[i]);
    u->up_state = plain ? 1 : -1;
    u->up_plain = plain && !memchr(u->up, '-', (size_t)u->len) && !memchr(u->up, '.', (size_t)u->len);
    return 0;
}

static void utr_rec_free(void *p)
{
    utr_rec_t *u = p;
    if (!u) return;
    free(u->seq);
    free(u->gene);
    free(u->sp);
    free(u->up);
    free(u->air);
    ssc_cpp_lunp_destroy(u->lunp);
    ssc_cpp_kidx_destroy(u->kidx);
    free(u->au);
    free(u->need);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

/* miRNAs of one family and species, in file order. */
typedef struct {
    char *family;    /* as the miRNA file names it */
    char **id, **seq;
    int n, m;
    mirfeat_t *feat; /* n, once the table's driver meets the list (mirfeat_make) */
    const char *seed; /* the family's seed, or NULL (set by resolve_site) */
    int slot0;        /* the table's ID slot of its first miRNA (with feat) */
} mirlist_t;

static void mirlist_free(void *p)
{
    mirlist_t *l = p;
    if (!l) return;
    for (int i = 0; i < l->n; i++) free(l->id[i]), free(l->seq[i]);
    free(l->family);
    for (int i = 0; l->feat && i < l->n; i++) free(l->feat[i].up), free(l->feat[i].rev);
    free(l->id);
    free(l->seq);
    free(l->feat);
    free(l);
}

/* AIR file rows of one gene. */
typedef struct {
    int64_t *start, *end;
    double *air;
    int n, m;
} airrows_t;

static void airrows_free(void *p)
{
    airrows_t *a = p;
    if (!a) return;
    free(a->start);
    free(a->end);
    free(a->air);
    free(a);
}

typedef struct {
    dict_t utr;      /* "gene\tspecies" -> utr_rec_t */
    dict_t mir;      /* "family\tspecies" -> mirlist_t */
    dict_t seed;     /* family -> seed (nt 2-8 of its first miRNA) */
    dict_t air;      /* gene -> airrows_t */
    dict_t orflen;   /* "gene\tspecies" -> length text */
    dict_t orf8;     /* "gene\tspecies\tseed" -> count text */
    dict_t pct;      /* the site table's PCT texts, once each */
    /* the reader's memo (resolve_site): the last site row's species and
     * gene and what they gave, and per family of that species its miRNAs
     * and seed (copies: the reader's line is gone with the next one) */
    struct {
        kstring_t sp, gene;
        const char *orflen, *pct; /* pct: the last row's PCT text (cpp_data_t's pct), pct_len long */
        size_t pct_len;
        int sp_ok, sp_set, gene_set;
        utr_rec_t *u;
        khash_t(cpp_fam) *fam;
        kstring_t key;
    } memo;
    const char *lunp_dir;
    const ssc_th_pf_t *sa_pf;
    char *err;
    size_t errsz;
} cpp_data_t;

static void key2(kstring_t *k, const char *a, const char *b, const char *c)
{
    k->l = 0; /* kputs, not ksprintf: the reader builds three keys a site row */
    kputs(a, k), kputc('\t', k), kputs(b, k);
    if (c) kputc('\t', k), kputs(c, k);
}

static int load_utrs(cpp_data_t *d, const char *path)
{
    ssc_ts_aln_t *r = ssc_ts_aln_open(path);
    ssc_ts_block_t b;
    kstring_t k = {0, 0, NULL};
    int ret;
    if (!r) return snprintf(d->err, d->errsz, "%s: cannot open", path), SSC_EIO;
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {
        for (int i = 0; i < b.n && ret >= 0; i++) {
            const ssc_ts_row_t *row = &b.row[i];
            if (!ts_species_ok(row->species) || row->ulen == 0) continue;
            utr_rec_t *u = calloc(1, sizeof *u);
            if (u) pthread_mutex_init(&u->lock, NULL);
            if (!u || !(u->seq = malloc(row->len + 1)) || !(u->gene = strdup(b.gene)) ||
                !(u->sp = strdup(row->species))) {
                utr_rec_free(u);
                ret = SSC_ENOMEM;
                break;
            }
            u->len = ssc_ts_degap(row->aln, row->len, u->seq);
            key2(&k, b.gene, row->species, NULL);
            ret = dict_put(&d->utr, k.s, u, utr_rec_free);
        }
    }
    if (ret < 0) snprintf(d->err, d->errsz, "%s", ssc_ts_aln_errmsg(r));
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    free(k.s);
    return ret;
}

static int mirna_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    cpp_data_t *d = ctx;
    char *fld[4];
    kstring_t k = {0, 0, NULL};
    (void)lineno;
    *why = "expected family, species, miRNA ID and sequence (at least 8 nt)";
    if (ssc_ts_split_tabs(line, fld, 4) != 4 || strlen(fld[3]) < 8) return SSC_EFORMAT;
    char *seed = strndup(fld[3] + 1, 7);
    if (!seed) return SSC_ENOMEM;
    const char *known = dict_get(&d->seed, fld[0]);
    if (known && strcmp(known, seed) != 0) {
        free(seed);
        return *why = "miRNA family has more than one seed", SSC_EFORMAT;
    }
    if (!known && dict_put(&d->seed, fld[0], seed, NULL) < 0) return free(seed), SSC_ENOMEM;
    if (known) free(seed);
    key2(&k, fld[0], fld[1], NULL);
    mirlist_t *l = dict_get(&d->mir, k.s);
    int ret = 0;
    if (!l && (!(l = calloc(1, sizeof *l)) || !(l->family = strdup(fld[0])) ||
               dict_put(&d->mir, k.s, l, mirlist_free) < 0)) {
        if (l && !l->family) mirlist_free(l);
        ret = SSC_ENOMEM;
    }
    free(k.s);
    if (ret < 0) return ret;
    if (l->n == l->m) {
        l->m = l->m ? 2 * l->m : 4;
        char **a = realloc(l->id, l->m * sizeof *a), **b;
        if (!a) return SSC_ENOMEM;
        l->id = a;
        if (!(b = realloc(l->seq, l->m * sizeof *b))) return SSC_ENOMEM;
        l->seq = b;
    }
    l->id[l->n] = strdup(fld[2]);
    l->seq[l->n++] = strdup(fld[3]);
    return l->id[l->n - 1] && l->seq[l->n - 1] ? 0 : SSC_ENOMEM;
}

static int air_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    cpp_data_t *d = ctx;
    char *fld[4];
    (void)lineno;
    *why = "expected gene, start, end and AIR";
    if (ssc_ts_split_tabs(line, fld, 4) != 4 || !is_number(fld[1]) || !is_number(fld[2]) ||
        !is_number(fld[3]))
        return SSC_EFORMAT;
    /* bounded, so that distances and scaling by UTR lengths cannot overflow */
    double st = atof(fld[1]), en = atof(fld[2]), v = atof(fld[3]);
    if (!(st >= 0 && st <= SSC_CPP_LUNP_MAXPOS && en >= 0 && en <= SSC_CPP_LUNP_MAXPOS))
        return *why = "start or end outside 0..1000000000", SSC_EFORMAT;
    if (!isfinite(v)) return *why = "AIR is not a finite number", SSC_EFORMAT;
    airrows_t *a = dict_get(&d->air, fld[0]);
    if (!a && (!(a = calloc(1, sizeof *a)) || dict_put(&d->air, fld[0], a, airrows_free) < 0)) return SSC_ENOMEM;
    if (a->n == a->m) {
        a->m = a->m ? 2 * a->m : 8;
        int64_t *s = realloc(a->start, a->m * sizeof *s), *e;
        if (!s) return SSC_ENOMEM;
        a->start = s;
        if (!(e = realloc(a->end, a->m * sizeof *e))) return SSC_ENOMEM;
        a->end = e;
        double *v = realloc(a->air, a->m * sizeof *v);
        if (!v) return SSC_ENOMEM;
        a->air = v;
    }
    a->start[a->n] = atoll(fld[1]);
    a->end[a->n] = atoll(fld[2]);
    a->air[a->n++] = atof(fld[3]);
    return 0;
}

/* ORF lengths (3 columns) and ORF 8mer counts (4 columns). */
static int orf_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    cpp_data_t *d = ctx;
    char *fld[4];
    kstring_t k = {0, 0, NULL};
    (void)lineno;
    int nf = ssc_ts_split_tabs(line, fld, 4);
    *why = "expected gene, species and length, or gene, species, seed and count";
    if (nf != 3 && nf != 4) return SSC_EFORMAT;
    if (!ts_species_ok(fld[1])) return 0;
    key2(&k, fld[0], fld[1], nf == 4 ? fld[2] : NULL);
    char *v = strdup(fld[nf - 1]);
    int ret = v ? dict_put(nf == 4 ? &d->orf8 : &d->orflen, k.s, v, NULL) : SSC_ENOMEM;
    free(k.s);
    return ret;
}

/* Scale the gene's AIR regions to this species' UTR length (regions that
 * round to the same end replace each other, as in the script's hash). */
static int utr_airs(const cpp_data_t *d, const char *gene, utr_rec_t *u)
{
    kstring_t k = {0, 0, NULL};
    key2(&k, gene, REF_SPECIES, NULL);
    const utr_rec_t *ref = dict_get(&d->utr, k.s);
    const airrows_t *a = dict_get(&d->air, gene);
    free(k.s);
    if (!a || !ref) return 0; /* no AIRs, or no human UTR to scale them by */
    if (!(u->air = malloc(a->n * sizeof *u->air))) return SSC_ENOMEM;
    double f = (double)ref->len / (double)u->len;
    for (int i = 0; i < a->n; i++) {
        int64_t end = (int64_t)round_0f(a->end[i] / f);
        int64_t start = a->start[i] > 1 ? (int64_t)round_0f(a->start[i] / f) : 1;
        int j = 0;
        while (j < u->n_air && u->air[j].end != end) j++;
        u->air[j] = (ssc_cpp_air_t){start, end, a->air[i]};
        if (j == u->n_air) u->n_air++;
    }
    return 0;
}

/* Column 14 of what RNAplfold would print for position i: "%.7g", or NA before 14. */
static int native_u14(void *data, int64_t i, const double *p, int u)
{
    ssc_cpp_lunp_t *l = data;
    char buf[32];
    if (u < 14) return 0; /* RNAplfold's file would have no column 14 */
    if (i < 14) snprintf(buf, sizeof buf, "NA");
    else snprintf(buf, sizeof buf, "%.7g", p[14]);
    if (l->n == l->m) return SSC_ENOMEM; /* native_lunp made room for every position */
    if (!(l->e[l->n].u14 = strdup(buf))) return SSC_ENOMEM;
    l->e[l->n].pos = l->e[l->n].line = i; /* in order, as RNAplfold writes them */
    l->n++;
    if (i > l->last) l->last = l->last_line = i;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The site accessibility of a UTR folded here, as ssc_cpp_lunp_load would read its file. */
static int native_lunp(const cpp_data_t *d, ssc_plfold_t **fold, utr_rec_t *u)
{
    ssc_plfold_opt_t o;
    ssc_cpp_lunp_t *l;
    int ret;
    if (u->len < 5) return 0; /* RNAplfold writes no file */
    if (!*fold) {
        ssc_plfold_opt_init(&o);
        if (!(*fold = ssc_plfold_init(d->sa_pf, &o))) return SSC_ENOMEM;
    }
    /* a row per position folded: the positions the sites read, or all */
    if (!(l = calloc(1, sizeof *l))) return SSC_ENOMEM;
    l->m = u->need ? u->n_need : u->len + 1;
    if (!(l->e = calloc((size_t)l->m, sizeof *l->e))) {
        free(l);
        return SSC_ENOMEM;
    }
    /* Only the windows around the positions the sites read (ssc_plfold_at: the same bits as
     * folding the whole UTR there, once per distinct position); every position of a UTR that
     * need_sa did not see. */
    if (u->need) {
        qsort(u->need, (size_t)u->n_need, sizeof *u->need, cmp_i64);
        ret = ssc_plfold_at(*fold, u->seq, u->len, u->need, u->n_need, native_u14, l);
    } else {
        ret = ssc_plfold_seq(*fold, u->seq, u->len, native_u14, l);
    }
    if (ret < 0) {
        ssc_cpp_lunp_destroy(l);
        return snprintf(u->err, sizeof u->err, "site accessibility: %s", ssc_strerror(ret)), ret;
    }
    /* A whole fold has a row at every position 1..len once it has any (u >= 14), and
     * ssc_cpp_lunp_at counts from the last one */
    if (u->need && l->n > 0) l->last = l->last_line = u->len;
    u->lunp = l;
    return 0;
}

static int utr_lunp(const cpp_data_t *d, ssc_plfold_t **fold, const char *gene, const char *species,
                    utr_rec_t *u)
{
    kstring_t path = {0, 0, NULL};
    int ret = 0;
    if (!d->lunp_dir) return d->sa_pf ? native_lunp(d, fold, u) : 0;
    ksprintf(&path, "%s/%s.%s_lunp", d->lunp_dir, gene, species);
    if (access(path.s, R_OK) == 0 && !(u->lunp = ssc_cpp_lunp_load(path.s, u->err, sizeof u->err)))
        ret = SSC_EFORMAT;
    else if (u->lunp && u->lunp->last > u->len) {
        snprintf(u->err, sizeof u->err, "%s:%lld: position %lld is beyond the UTR of %s/%s (%lld nt)",
                 path.s, (long long)u->lunp->last_line, (long long)u->lunp->last, gene, species,
                 (long long)u->len);
        ret = SSC_EFORMAT;
    }
    free(path.s);
    return ret;
}

/* What a site row needs, found by the reader (the family's seed is ml's, the
 * ORF length u's): all the table keeps of it. Its columns in the output are
 * its gene and species (u's), family (ml's), site type, UTR_start, UTR_end
 * and Group_num: texts made from these numbers, unless the row wrote them
 * otherwise (leading zeros, a group that is no count): then the row is odd
 * and its text is kept (rows_t's odd). ml NULL: the row is skipped. */
typedef struct {
    mirlist_t *ml;
    utr_rec_t *u;
    const char *pct;      /* its PCT column (cpp_data_t's pct: one copy of each text) */
    int64_t start, end;   /* UTR_start, UTR_end */
    int orf8;             /* ORF 8mers of the family in the gene */
    int row;              /* its first row of the table */
    int32_t group;        /* Group_num */
    int8_t type;          /* SSC_8MER .. SSC_6MER */
    uint8_t odd;
} job_t;

/* An odd site row, kept as read (its text in rows_t's odd_text). */
typedef struct {
    int site;
    ssc_ts_siterow_t row;
} oddrow_t;

/* One output row, kept as numbers until the percentiles are known and
 * formatted once, into the output. The pairing diagram is the placement
 * the 3' search picked, drawn when the row is formatted (DIAG_PLACED), or
 * none, or (DIAG_TEXT) text in its worker's text. The AIR is the site's,
 * looked up again when the row is formatted. */
enum { COL_SCORE = SSC_CPP_NFEAT, COL_WSCORE, NCODES }; /* the codes of a row */
/* A compact row keeps its own codes only: not the site type's (the intercept) nor its
 * miRNA's (sRNA1A..sRNA8G, TA, SPS: mirfeat's for the site type, or too_close for TA and
 * SPS), which row_codes takes from the miRNA's features. own_code[j]: the column of the
 * row's code j. */
enum { NOWN = NCODES - 1 - NMIRFEAT };
static const int8_t own_code[NOWN] = {SSC_CPP_3P,     SSC_CPP_LOCAL_AU, SSC_CPP_MIN_DIST, SSC_CPP_SITE8A,
                                      SSC_CPP_SITE8C, SSC_CPP_SITE8G,   SSC_CPP_LEN_3UTR, SSC_CPP_SA,
                                      SSC_CPP_LEN_ORF, SSC_CPP_ORF8M,   SSC_CPP_OFF6M,    SSC_CPP_PCT,
                                      COL_SCORE,      COL_WSCORE};
typedef struct {
    const char *diag;  /* in its worker's text (NULL when there is nothing to keep): with
                          DIAG_TEXT the diagram's three columns, NUL-terminated; then a wide
                          row's codes, then the texts of SSC_CPP_CODE_TEXT codes */
    int site;          /* its row of the site table */
    int slot;          /* its miRNA's ID: rows_t.id[slot] */
    /* a compact row's own codes (own_code) as code + CODE_BIAS (contributions and score at 3
     * decimals, weighted score at 4); a row with an own code outside 16 bits (|value| from
     * 32.762 at 3 decimals, 3.2762 at 4) or other codes than its miRNA's is wide: all its
     * codes are int32 after the diagram (row_codes reads both) */
    uint16_t c[NOWN];
    int8_t pct, wpct;  /* filled by the percentile pass: a rank, or PCT_EMPTY, PCT_NA */
    unsigned esc : 1;  /* some code is SSC_CPP_CODE_TEXT: the texts follow the diagram's */
    unsigned wide : 1;
    unsigned tclose : 1; /* compact: TA and SPS are too_close (a site within 15 nt of the start) */
    unsigned dkind : 2;   /* DIAG_* */
    /* DIAG_PLACED: the placement (offset, side: 1 a gap in the miRNA), weak pairing hidden
     * (a 3' score below 3), and the bar line past the seed: dslen steps, bit i of dbars a bar */
    unsigned doff : 6, dbottom : 1, dhide : 1, dslen : 6;
    uint32_t dbars;
} row_t;
_Static_assert(sizeof(row_t) <= 56, "a row stays within 56 bytes");
_Static_assert(sizeof(job_t) <= 56, "a site row's job stays within 56 bytes");
#define CODE_BIAS (-SSC_CPP_CODE_TEXT) /* the lowest code is 0 stored */
enum { PCT_EMPTY = -1, PCT_NA = -2 };

typedef struct {
    row_t *r;         /* n rows, sized once (rows_alloc) */
    int n;
    oddrow_t *odd;    /* the odd site rows (job_t), by site */
    size_t nodd, modd;
    struct text_s *odd_text;
    size_t mapped;    /* ssc_ts_huge_map's length of r */
    struct text_s *text;    /* the rows' texts: one a worker, written as it scores */
    int ntext;
    const char **id;  /* the miRNA IDs of the rows' slots (owned by the miRNA table) */
    size_t nid, mid;
    job_t *job;       /* the site rows' jobs (their UTRs and miRNAs draw the diagrams; their
                         site types name the codes) */
    size_t jobs_len;  /* ssc_ts_huge_map's length of job */
} rows_t;

/* A block of the table's text (ssc_ts_huge_map's: len its mapped length). */
typedef struct {
    char *p;
    size_t used, cap, len;
} text_blk_t;

/* A worker's text: blocks that never move, so a row keeps a pointer. */
typedef struct text_s {
    text_blk_t *blk;
    int nblk, mblk;
} text_t;

#define BLK_MIN (2u << 20)
#define BLK_MAX (32u << 20)

/* Room for n rows, with huge pages where the system offers them. */
static int rows_alloc(rows_t *rs, int n)
{
    return (rs->r = ssc_ts_huge_map(((size_t)n + 1) * sizeof *rs->r, &rs->mapped)) ? 0 : SSC_ENOMEM;
}

static void text_free(text_t *t)
{
    for (int i = 0; i < t->nblk; i++) ssc_ts_huge_unmap(t->blk[i].p, t->blk[i].len);
    free(t->blk);
}

static void rows_free(rows_t *rs)
{
    ssc_ts_huge_unmap(rs->r, rs->mapped);
    for (int t = 0; t < rs->ntext; t++) text_free(&rs->text[t]);
    free(rs->text);
    free(rs->id);
    if (rs->job) ssc_ts_huge_unmap(rs->job, rs->jobs_len);
    if (rs->odd_text) text_free(rs->odd_text);
    free(rs->odd_text);
    free(rs->odd);
}

/* n bytes at the end of a worker's text; NULL when out of memory. */
static char *text_take(text_t *t, size_t n)
{
    text_blk_t *b = t->nblk ? &t->blk[t->nblk - 1] : NULL;
    if (b && b->cap - b->used >= n) return b->used += n, b->p + b->used - n;
    size_t cap = b ? (b->cap < BLK_MAX ? 2 * b->cap : BLK_MAX) : BLK_MIN;
    if (cap < n) cap = n;
    if (t->nblk == t->mblk) {
        int m = t->mblk ? 2 * t->mblk : 16;
        text_blk_t *nb = realloc(t->blk, (size_t)m * sizeof *nb);
        if (!nb) return NULL;
        t->blk = nb, t->mblk = m;
    }
    b = &t->blk[t->nblk];
    if (!(b->p = ssc_ts_huge_map(cap, &b->len))) return NULL;
    t->nblk++;
    b->cap = cap;
    b->used = n;
    return b->p;
}

/* A column of the diagram: s (or its text when NULL, the lines of a
 * result without a diagram) and sep. */
static char *put_line(char *d, const kstring_t *s, const char *none, char sep)
{
    size_t n = s->s ? s->l : strlen(none);
    memcpy(d, s->s ? s->s : none, n);
    d[n] = sep;
    return d + n + 1;
}

/* The text of column k of a result whose code is SSC_CPP_CODE_TEXT. */
static const char *code_src(const ssc_cpp_result_t *x, int k)
{
    return k < SSC_CPP_NFEAT ? x->contrib[k] : k == COL_SCORE ? x->score : x->wscore;
}

/* What follows row r's diagram in its text. */
static const char *row_after_diag(const row_t *r)
{
    return r->dkind != DIAG_TEXT ? r->diag : r->diag + strlen(r->diag) + 1;
}

/* The codes of row r into c; mf is its miRNA's features and type its site type (for a
 * compact row). */
static void row_codes(const row_t *r, const mirfeat_t *mf, int type, int32_t c[NCODES])
{
    if (r->wide) {
        memcpy(c, row_after_diag(r), NCODES * sizeof *c);
        return;
    }
    for (int j = 0; j < NOWN; j++) c[own_code[j]] = (int32_t)r->c[j] - CODE_BIAS;
    c[SSC_CPP_SITE_TYPE] = SSC_CPP_CODE_INTERCEPT;
    for (int k = 0; k < NMIRFEAT; k++) c[mir_feat[k]] = mf->code[type][k];
    if (r->tclose) c[SSC_CPP_TA] = c[SSC_CPP_SPS] = SSC_CPP_CODE_TOO_CLOSE;
}

/* The index in a compact row's codes of column k, or -1 (not the row's own). */
static const int8_t own_of[NCODES] = {
    -1, 0, 1, 2, -1, -1, -1, -1, -1, -1, 3, 4, 5, 6, 7, 8, 9, 10, -1, -1, 11, 12, 13};

/* Code k of row r when it is the row's own or the row is wide; for a compact row's other
 * codes (the miRNA's and the intercept, never SSC_CPP_CODE_TEXT) SSC_CPP_CODE_ZERO. */
static int32_t row_code(const row_t *r, int k)
{
    int32_t c;
    if (!r->wide) return own_of[k] < 0 ? SSC_CPP_CODE_ZERO : (int32_t)r->c[own_of[k]] - CODE_BIAS;
    memcpy(&c, row_after_diag(r) + (size_t)k * sizeof c, sizeof c);
    return c;
}

/* Row r from result x of a site of type `type` and the miRNA of features mf
 * (or NULL: the row is wide); its diagram (and a wide row's codes, and texts
 * of SSC_CPP_CODE_TEXT) to t. */
static int add_row(row_t *r, text_t *t, int site, int slot, int type, const mirfeat_t *mf,
                   const ssc_cpp_result_t *x)
{
    int32_t c[NCODES];
    memcpy(c, x->code, sizeof x->code);
    c[COL_SCORE] = x->score_code;
    c[COL_WSCORE] = x->wscore_code;
    const struct ssc_cpp_scratch_s *xs = x->scratch;
    r->dkind = xs && xs->place_only ? (unsigned)xs->pl.kind : DIAG_TEXT;
    int placed = r->dkind == DIAG_PLACED;
    r->doff = placed ? xs->pl.off : 0;
    r->dbottom = placed ? xs->pl.bottom : 0;
    r->dhide = placed ? xs->pl.hide : 0;
    r->dslen = placed ? xs->pl.slen : 0;
    r->dbars = placed ? xs->pl.bars : 0;
    size_t need = r->dkind != DIAG_TEXT ? 0
                  : (x->utr_aln.s ? x->utr_aln.l : 1) + (x->bars.s ? x->bars.l : 1) + x->mir_aln.l + 3;
    /* the own codes in 16 bits (kept unless the row is wide), which are texts, which too wide */
    uint32_t lo = UINT32_MAX, hi = 0; /* the codes + CODE_BIAS: 0 is SSC_CPP_CODE_TEXT, past 16 bits wide */
    for (int k = 0; k < NCODES; k++) {
        uint32_t u = (uint32_t)c[k] + CODE_BIAS; /* codes are at least SSC_CPP_CODE_TEXT */
        lo = u < lo ? u : lo;
    }
    for (int j = 0; j < NOWN; j++) {
        uint32_t u = (uint32_t)c[own_code[j]] + CODE_BIAS;
        hi = u > hi ? u : hi;
        r->c[j] = (uint16_t)u;
    }
    /* the other codes: the intercept, and the miRNA's (which are no texts), or too_close for
     * TA and SPS */
    int mine = mf && type >= 0 && type <= SSC_6MER && mf->ok[type] && c[SSC_CPP_SITE_TYPE] == SSC_CPP_CODE_INTERCEPT,
        tclose = 0;
    for (int k = 0; mine && k < 6; k++) mine = c[mir_feat[k]] == mf->code[type][k];
    if (mine && (c[SSC_CPP_TA] != mf->code[type][6] || c[SSC_CPP_SPS] != mf->code[type][7]))
        mine = tclose = c[SSC_CPP_TA] == SSC_CPP_CODE_TOO_CLOSE && c[SSC_CPP_SPS] == SSC_CPP_CODE_TOO_CLOSE;
    int esc = lo == 0;
    r->esc = (unsigned)esc, r->wide = hi > UINT16_MAX || !mine, r->tclose = (unsigned)(tclose && !r->wide);
    for (int k = 0; esc && k < NCODES; k++)
        if (c[k] == SSC_CPP_CODE_TEXT) need += strlen(code_src(x, k)) + 1;
    if (r->wide) need += sizeof c;
    char *d = need ? text_take(t, need) : NULL;
    if (need && !d) return SSC_ENOMEM;
    r->diag = d;
    if (r->dkind == DIAG_TEXT) {
        d = put_line(d, &x->utr_aln, "0", '\t');
        d = put_line(d, &x->bars, "0", '\t');
        d = put_line(d, &x->mir_aln, "", '\0');
    }
    if (r->wide) {
        memcpy(d, c, sizeof c);
        d += sizeof c;
    }
    for (int k = 0; r->esc && k < NCODES; k++)
        if (c[k] == SSC_CPP_CODE_TEXT) {
            size_t n = strlen(code_src(x, k)) + 1;
            memcpy(d, code_src(x, k), n);
            d += n;
        }
    r->site = site;
    r->slot = slot;
    r->pct = r->wpct = PCT_EMPTY;
    return 0;
}

/* The text of code c (column k) of row r, but for codes >= 0; *esc walks
 * the row's texts of SSC_CPP_CODE_TEXT. */
static const char *code_str(const ssc_cpp_params_t *p, int32_t c, int type, const char **esc)
{
    const char *t;
    switch (c) {
    case SSC_CPP_CODE_INTERCEPT: return p->intercept[type];
    case SSC_CPP_CODE_MAX: return ssc_cpp_max_score[type];
    case SSC_CPP_CODE_TEXT:
        t = *esc;
        *esc += strlen(t) + 1;
        return t;
    default: return CODE_TEXT_OF(c);
    }
}

/* ---- percentiles, with the script's quirks ----------------------------------------- */

/* The script's test for a plain decimal (no sign but '-', no exponent). */
static int is_plain_decimal(const char *s)
{
    const char *c = s + (*s == '-');
    if (*c == '.') c++;
    else if (isdigit((unsigned char)*c)) {
        while (isdigit((unsigned char)*c)) c++;
        if (*c != '.') return *c == 0;
        c++;
    } else {
        return 0;
    }
    if (c[-1] == '.' && c - 1 == s + (*s == '-') && !isdigit((unsigned char)*c)) return 0; /* "." alone */
    while (isdigit((unsigned char)*c)) c++;
    return *c == 0;
}

typedef struct {
    double v;
    int64_t key;  /* equal keys, equal texts */
    int truth;    /* Perl's truth of the text */
    int idx;
    int rank;     /* the rank put for it (rank_one_mirna) */
    int64_t units; /* sort_pv_desc's key */
} pv_t;

static int cmp_pv_desc(const void *a, const void *b)
{
    const pv_t *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx); /* Perl's sort is stable */
}


/* The text of row r's column k when its code is SSC_CPP_CODE_TEXT. */
static const char *row_esc(const row_t *r, int k)
{
    const char *t = row_after_diag(r) + (r->wide ? NCODES * sizeof(int32_t) : 0);
    for (int j = 0; j < k; j++)
        if (row_code(r, j) == SSC_CPP_CODE_TEXT) t += strlen(t) + 1;
    return t;
}

typedef struct {
    const ssc_cpp_params_t *p;
    const job_t *job;
    khash_t(cpp_str) *texts; /* texts of SSC_CPP_CODE_TEXT, numbered for their keys */
    int ntexts;
    pv_t *keys;              /* final_ranks' keys of a run */
    size_t mkeys;
    int *cnt;                /* sort_pv_desc's counts and copy */
    size_t mcnt;
    pv_t *tmp;
    size_t mtmp;
} pctx_t;

/* How the script sees row r's score (k = COL_SCORE) or weighted score
 * (COL_WSCORE): 1 if a plain decimal, with a key (equal for equal texts)
 * and its truth; 0 if not; < 0 when out of memory. */
static int score_view(pctx_t *x, const row_t *r, int k, int64_t *key, int *truth, double *v)
{
    int32_t c = row_code(r, k);
    if (c >= 0) { /* "-"? digits "." digits: a true plain decimal */
        double y = (double)((uint32_t)c >> 1) / (k == COL_SCORE ? 1000 : 10000); /* = atof(text) */
        *v = c & 1 ? -y : y;
        *key = c;
        *truth = 1;
        return 1;
    }
    const char *esc = c == SSC_CPP_CODE_TEXT ? row_esc(r, k) : NULL;
    const char *t = code_str(x->p, c, x->job[r->site].type, &esc);
    if (!is_plain_decimal(t)) return 0;
    *truth = perl_true(t);
    *v = atof(t);
    /* keyed by the text, as the script's hash: different codes and types can print the same
     * text ("0" is a 6mer's ceiling and the named zero) */
    int absent;
    khint_t h = kh_put(cpp_str, x->texts, t, &absent);
    if (absent < 0) return SSC_ENOMEM;
    if (absent) kh_val(x->texts, h) = x->ntexts++;
    *key = -((int64_t)1 << 40) - kh_val(x->texts, h);
    return 1;
}

/* The value of an entry in units of 10^-d when it is one exactly (v = k / 10^d as
 * the division rounds it, |k| < 2^30): then equal values have equal units and
 * the order of the units is the order of the values (10^-d apart, far more than
 * an ulp). A code >= 0 is its units; -0 and 0 are both 0, as they compare. */
static int pv_units(const pv_t *e, int d, int64_t *k)
{
    if (e->key >= 0) { /* a code: N << 1 | sign */
        int64_t n = e->key >> 1;
        *k = e->key & 1 ? -n : n;
        return 1;
    }
    double s = rint(e->v * pow10_d[d]);
    if (!(fabs(s) < 1073741824.0) || s / pow10_d[d] != e->v) return 0;
    *k = (int64_t)s;
    return 1;
}

/* l[0..m), in idx order, sorted as qsort with cmp_pv_desc sorts it (by value,
 * largest first; equal values in idx order): when every value is a whole
 * number of units, a stable sort on hi - units (insertion for a few entries, one
 * counting pass when the range is at most a few times m, else LSD radix passes
 * of 8 bits), else qsort. */
static int sort_pv_desc(pctx_t *x, pv_t *l, int m, int d)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN, k;
    int ok = m > 1;
    for (int i = 0; i < m && ok; i++) {
        if (!(ok = pv_units(&l[i], d, &k))) break;
        l[i].units = k;
        if (k < lo) lo = k;
        if (k > hi) hi = k;
    }
    if (!ok) {
        if (m > 1) qsort(l, (size_t)m, sizeof *l, cmp_pv_desc);
        return 0;
    }
    if (m <= 48) { /* few: a stable insertion sort on the units, largest first (not a pass over the range) */
        for (int i = 1; i < m; i++) {
            pv_t e = l[i];
            int j = i;
            for (; j > 0 && l[j - 1].units < e.units; j--) l[j] = l[j - 1];
            l[j] = e;
        }
        return 0;
    }
    uint64_t range = (uint64_t)(hi - lo); /* < 2^31: |units| < 2^30 */
    int one = range < 4 * (uint64_t)m + 256, bits = one ? 0 : 8;
    size_t nb = one ? (size_t)range + 2 : 257;
    if (grow(&x->cnt, &x->mcnt, nb, sizeof *x->cnt) < 0 || grow(&x->tmp, &x->mtmp, (size_t)m, sizeof *x->tmp) < 0)
        return SSC_ENOMEM;
    int *cnt = x->cnt;
    pv_t *from = l, *to = x->tmp;
    for (int shift = 0, pass = 0; pass == 0 || (bits && shift < 64 && range >> shift); shift += bits, pass++) {
        uint64_t mask = one ? UINT64_MAX : 255;
        memset(cnt, 0, nb * sizeof *cnt);
        for (int i = 0; i < m; i++) cnt[(((uint64_t)(hi - from[i].units) >> shift) & mask) + 1]++; /* 0: largest */
        for (size_t b = 1; b < nb; b++) cnt[b] += cnt[b - 1];
        for (int i = 0; i < m; i++) to[cnt[((uint64_t)(hi - from[i].units) >> shift) & mask]++] = from[i];
        pv_t *t = from;
        from = to, to = t;
    }
    if (from != l) memcpy(l, from, (size_t)m * sizeof *l);
    return 0;
}

/* Scores of rows rows[0..n) (one miRNA) that the script reads as numbers,
 * sorted from least to most negative. */
static int collect(pctx_t *x, const rows_t *rs, const int *idx, int n, int k, pv_t *out)
{
    int m = 0, ret;
    for (int i = 0; i < n; i++) {
        const row_t *r = &rs->r[idx[i]];
        pv_t *o = &out[m];
        if ((ret = score_view(x, r, k, &o->key, &o->truth, &o->v)) < 0) return ret;
        if (ret) o->idx = i, m++;
    }
    return sort_pv_desc(x, out, m, k == COL_SCORE ? 3 : 4) < 0 ? SSC_ENOMEM : m;
}

/* The ranks the script's hash of texts ends with for the entries l[0..m)
 * (sorted by value), the first `put` of which were put with their .rank in
 * turn: an entry gets the rank put last for its key, or PCT_EMPTY. Equal
 * texts have equal values, so a key recurs only within its run of equal
 * values, and a run holds few keys (texts of one value: "0.000" and
 * "-0.000", a score and its type's ceiling). Ranks go to rows[] as *pct. */
static int final_ranks(pctx_t *x, rows_t *rs, const int *idx, const pv_t *l, int m, int put, int weighted)
{
    for (int s = 0, e; s < m; s = e) {
        int nk = 0;
        for (e = s + 1; e < m && l[e].v == l[s].v; e++) {}
        for (int j = (e < put ? e : put) - 1; j >= s; j--) { /* the last put of each key */
            int k = 0;
            while (k < nk && x->keys[k].key != l[j].key) k++;
            if (k < nk) continue;
            if (grow(&x->keys, &x->mkeys, (size_t)nk + 1, sizeof *x->keys) < 0) return SSC_ENOMEM;
            x->keys[nk++] = l[j];
        }
        for (int i = s; i < e; i++) {
            int k = 0, rank;
            while (k < nk && x->keys[k].key != l[i].key) k++;
            rank = k < nk ? x->keys[k].rank : PCT_EMPTY;
            row_t *r = &rs->r[idx[l[i].idx]];
            if (weighted) r->wpct = (int8_t)rank;
            else r->pct = (int8_t)rank;
        }
    }
    return 0;
}

/* Percentile ranks of one miRNA's rows, as the script computes them: with
 * scores sorted from least to most negative, a score's rank is the number
 * of scores ahead of it, in percent, rounded down; but one counter is shared
 * by the plain and weighted lists, a score of "0" ahead hides a change of
 * value, and the first entry is compared with the last. A rank is kept by
 * the score's text (a Perl hash): the last one put for a text wins. */
static int rank_one_mirna(pctx_t *x, rows_t *rs, const int *idx, int n, pv_t *cl, pv_t *wl)
{
    int nc = collect(x, rs, idx, n, COL_SCORE, cl), nw = nc < 0 ? 0 : collect(x, rs, idx, n, COL_WSCORE, wl);
    int lower = 0;
    if (nc < 0 || nw < 0) return SSC_ENOMEM;
    for (int i = 0; i < nc; i++) {
        const pv_t *prev = &cl[i ? i - 1 : nc - 1];
        if (prev->truth && cl[i].v != prev->v) lower = i;
        cl[i].rank = (int)floor(100.0 * lower / nc);
        if (nw == 0) continue;
        /* the script reads the weighted list past its end (i - 1 >= nw) as undef: false */
        const pv_t *wprev = i == 0 ? &wl[nw - 1] : i - 1 < nw ? &wl[i - 1] : NULL;
        double wv = i < nw ? wl[i].v : 0;
        if (wprev && wprev->truth && wv != wprev->v) lower = i;
        if (i < nw) wl[i].rank = (int)floor(100.0 * lower / nc);
    }
    for (int i = 0; i < n; i++) rs->r[idx[i]].pct = rs->r[idx[i]].wpct = PCT_NA; /* not plain decimals */
    if (final_ranks(x, rs, idx, cl, nc, nc, 0) < 0) return SSC_ENOMEM;
    return final_ranks(x, rs, idx, wl, nw, nw < nc ? nw : nc, 1);
}

/* The rows' indices in idx ordered by miRNA ID (strcmp order), rows of one
 * ID in table order; their group numbers (0, 1, ... one per distinct ID) in
 * grp. A row's ID is one of the table's slots (a miRNA of a list), so the
 * slots are sorted by their text and the rows placed by a counting sort. */
typedef struct {
    const char *id;
    int slot;
} slot_t;

static int cmp_slot(const void *a, const void *b)
{
    const slot_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->slot > y->slot) - (x->slot < y->slot);
}

static int order_by_mirid(const rows_t *rs, int *idx, int *grp)
{
    int nid = (int)rs->nid;
    slot_t *sorted = malloc(((size_t)nid + 1) * sizeof *sorted);
    int *slot_grp = malloc(((size_t)nid + 1) * sizeof *slot_grp), *cnt = calloc((size_t)nid + 1, sizeof *cnt);
    if (!sorted || !slot_grp || !cnt) {
        free(sorted), free(slot_grp), free(cnt);
        return SSC_ENOMEM;
    }
    for (int j = 0; j < nid; j++) sorted[j] = (slot_t){rs->id[j], j};
    qsort(sorted, (size_t)nid, sizeof *sorted, cmp_slot);
    for (int g = -1, j = 0; j < nid; j++) { /* equal texts share a group */
        if (j == 0 || strcmp(sorted[j].id, sorted[j - 1].id) != 0) g++;
        slot_grp[sorted[j].slot] = g;
    }
    for (int i = 0; i < rs->n; i++) grp[i] = slot_grp[rs->r[i].slot];
    for (int i = 0; i < rs->n; i++) cnt[grp[i] + 1]++;
    for (int g = 0; g < nid; g++) cnt[g + 1] += cnt[g];
    for (int i = 0; i < rs->n; i++) idx[cnt[grp[i]]++] = i;
    free(sorted);
    free(slot_grp);
    free(cnt);
    return 0;
}

/* The percentile pass on the -t threads: the miRNAs' groups of rows (idx
 * ordered by ID, grp their group numbers) handed out in items of whole groups,
 * about PCT_ROWS rows each; a group is ranked by one worker, with that
 * worker's scratch, into its own rows, so the ranks do not depend on the
 * threads. */
#define PCT_ROWS 16384
typedef struct {
    rows_t *rs;
    const int *idx, *grp;
    int next;      /* the first row of idx not handed out */
    pctx_t *x;     /* a worker's scratch */
    pv_t **cl, **wl;
    size_t *mcl, *mwl;
} pct_run_t;

typedef struct {
    int a, b; /* rows idx[a..b) */
} pct_item_t;

static void *pct_read(void *shared, int *err)
{
    pct_run_t *r = shared;
    int a = r->next, n = r->rs->n, b;
    if (a >= n) return NULL;
    b = n - a > PCT_ROWS ? a + PCT_ROWS : n;
    while (b < n && r->grp[r->idx[b]] == r->grp[r->idx[b - 1]]) b++; /* the group at the end, whole */
    pct_item_t *it = malloc(sizeof *it);
    if (!it) return *err = SSC_ENOMEM, NULL;
    it->a = a, it->b = b;
    r->next = b;
    return it;
}

static int pct_work(void *shared, void *item, int tid)
{
    pct_run_t *r = shared;
    const pct_item_t *it = item;
    const int *idx = r->idx, *grp = r->grp;
    for (int i = it->a, j; i < it->b; i = j) {
        for (j = i + 1; j < it->b && grp[idx[j]] == grp[idx[i]]; j++) {}
        if (grow(&r->cl[tid], &r->mcl[tid], (size_t)(j - i), sizeof **r->cl) < 0 ||
            grow(&r->wl[tid], &r->mwl[tid], (size_t)(j - i), sizeof **r->wl) < 0)
            return SSC_ENOMEM;
        int ret = rank_one_mirna(&r->x[tid], r->rs, idx + i, j - i, r->cl[tid], r->wl[tid]);
        if (ret < 0) return ret;
    }
    return 0;
}

static void pct_discard(void *shared, void *item)
{
    (void)shared;
    free(item);
}

static int pct_write(void *shared, void *item) /* the ranks are in the rows already */
{
    pct_discard(shared, item);
    return 0;
}

static int percentiles(rows_t *rs, const ssc_cpp_params_t *p, int nthreads)
{
    int nt = nthreads > 1 ? nthreads : 1, ret = 0;
    int *idx = malloc((rs->n + 1) * sizeof *idx), *grp = malloc((rs->n + 1) * sizeof *grp);
    pct_run_t r = {rs, idx, grp, 0, calloc((size_t)nt, sizeof *r.x), calloc((size_t)nt, sizeof *r.cl),
                   calloc((size_t)nt, sizeof *r.wl), calloc((size_t)nt, sizeof *r.mcl),
                   calloc((size_t)nt, sizeof *r.mwl)};
    if (!idx || !grp || !r.x || !r.cl || !r.wl || !r.mcl || !r.mwl) ret = SSC_ENOMEM;
    for (int t = 0; ret == 0 && t < nt; t++) {
        r.x[t] = (pctx_t){p, rs->job, kh_init(cpp_str), 0, NULL, 0, NULL, 0, NULL, 0};
        if (!r.x[t].texts) ret = SSC_ENOMEM;
    }
    if (ret == 0) ret = order_by_mirid(rs, idx, grp);
    if (ret == 0) {
        ssc_pipeline_t pl = {pct_read, pct_work, pct_write, pct_discard, &r, nt};
        ret = ssc_pipeline_run(&pl);
    }
    for (int t = 0; r.x && t < nt; t++) {
        free(r.x[t].keys);
        free(r.x[t].cnt);
        free(r.x[t].tmp);
        if (r.x[t].texts) kh_destroy(cpp_str, r.x[t].texts);
    }
    for (int t = 0; r.cl && r.wl && t < nt; t++) free(r.cl[t]), free(r.wl[t]);
    free(r.x), free(r.cl), free(r.wl), free(r.mcl), free(r.mwl);
    free(idx);
    free(grp);
    return ret;
}

/* TAB and a percentile column at d; returns the end. */
static char *put_pct(char *d, int pct)
{
    *d++ = '\t';
    if (pct >= 0) { /* 0..100 */
        if (pct >= 100) *d++ = (char)('0' + pct / 100);
        if (pct >= 10) *d++ = (char)('0' + pct / 10 % 10);
        *d++ = (char)('0' + pct % 10);
    } else if (pct == PCT_NA) {
        memcpy(d, "NA", 2);
        d += 2;
    }
    return d;
}

/* TAB and s (n bytes) at d; returns the end. */
static char *put_str(char *d, const char *s, size_t n)
{
    *d++ = '\t';
    put_bytes(d, s, n);
    return d + n;
}

/* The AIR of a row as the script prints it (%.15g), remembered for the next rows. */
typedef struct {
    double v;
    int set;
    size_t n;
    char s[32];
} airtxt_t;

/* upper_rna(site_window(u, s)): the window as the 3' search reads it, but
 * 5' to 3', into w (win: room for site_window's text). Returns 0 or
 * SSC_ENOMEM. */
static int window_up(utr_rec_t *u, const ssc_cpp_site_t *s, kstring_t *win, kstring_t *w)
{
    ssc_cpp_utr_t uu = {.seq = u->seq, .len = u->len};
    if (utr_up(u) < 0) return SSC_ENOMEM;
    if (u->up_state < 0) /* upper_rna drops the blanks, line breaks and what follows a NUL */
        return site_window(&uu, s, win) < 0 || upper_rna(win->s, w) < 0 ? SSC_ENOMEM : 0;
    return window_from_up(&uu, u->up, s, 0, w);
}

/* The text of a code (ssc_cpp_fixed_put's) by a direct-mapped memo: a
 * table's codes take few values (n 0: an empty slot). */
typedef struct {
    int32_t code;
    int8_t d, n;
    char s[16]; /* the text, n bytes (at most 13: sign, 7 digits, point, 4 decimals) */
} fixslot_t;
#define FIXMEMO 1024 /* slots (a power of 2) */

/* Two runs of a row's columns whose codes repeat from row to row: sRNA1A..sRNA8G (the
 * miRNA's letters 1 and 8, with the site type: 64 texts at most a type) and
 * site8A..Offset 6mer (the site's letter 8, the UTR's and ORF's lengths, SA, ORF 8mer,
 * offset 6mer: the same along a UTR but for a few); put_group's memo keeps their texts. */
enum { GRP0_LO = SSC_CPP_SRNA1A, GRP0_HI = SSC_CPP_SITE8A, GRP1_LO = SSC_CPP_SITE8A, GRP1_HI = SSC_CPP_TA };
_Static_assert(GRP0_HI - GRP0_LO <= 8 && GRP1_HI - GRP1_LO <= 8, "a run's codes are one key of 16 bytes");
#define GRP_SLOTS 256 /* slots a run (a power of 2) */

/* The n codes c (n <= 8) + CODE_BIAS in 16 bits, zero-padded to 8: a run's key for
 * put_group's memo. Returns 0 when a code does not fit (no key). */
static int codes_key(const int32_t *c, int n, uint16_t key[8])
{
    uint32_t top = 0;
    memset(key, 0, 8 * sizeof *key);
    for (int k = 0; k < n; k++) {
        uint32_t u = (uint32_t)c[k] + CODE_BIAS;
        top |= u;
        key[k] = (uint16_t)u;
    }
    return top <= UINT16_MAX;
}
typedef struct {
    uint64_t a, b;     /* the run's codes (16 bits each, zero-padded) */
    int8_t type, set;
    uint8_t n;         /* the text's length */
    char s[109];       /* TAB and a column's text, for each column of the run */
} grpslot_t;

/* What format_row needs to draw a DIAG_PLACED diagram: the site rows' jobs
 * (UTR and miRNAs) and the window of the last site drawn; and the codes'
 * memo. */
typedef struct {
    const job_t *job;
    kstring_t win, utr; /* the window as site_window makes it, and as upper_rna */
    int site;           /* the site of win and utr (-1: none) */
    fixslot_t *fix;     /* FIXMEMO slots, or NULL */
    grpslot_t *grp;     /* with fix: put_group's memo, GRP_SLOTS slots a run (2 runs), or NULL */
    char (*txt)[8];     /* with fix: the texts of the codes 0 .. NTXT - 1 at 3 decimals, then at 4
                         * (code_texts), or NULL */
    struct {
        const char *s;
        size_t n;
        char pad[16];  /* the text and room past it when n < 16 (one copy of 16 bytes) */
    } named[SSC_6MER + 1][-SSC_CPP_CODE_TEXT - 1]; /* code_str's texts of the codes -1 .. -5 by site type */
} drawctx_t;

static void drawctx_free(drawctx_t *dc)
{
    free(dc->win.s);
    free(dc->utr.s);
    free(dc->fix);
    free(dc->grp);
    free(dc->txt);
}

/* The texts of the codes below NTXT (|value| below 4.096 at 3 decimals, 0.4096 at 4: most
 * of a table's), made once: slot c (3 decimals) and NTXT + c (4) hold ssc_cpp_fixed_put's
 * text of code c in its first bytes and its length in the last (at most 7: sign, digit,
 * point, 4 decimals), so a column is one copy of 8 bytes. NULL when out of memory. */
#define NTXT 4096
static char (*code_texts(void))[8]
{
    char (*t)[8] = malloc(2 * NTXT * sizeof *t), buf[16];
    for (int i = 0; t && i < 2 * NTXT; i++) {
        int n = ssc_cpp_fixed_put(buf, i % NTXT, i < NTXT ? 3 : 4);
        memcpy(t[i], buf, 7);
        t[i][7] = (char)n;
    }
    return t;
}

/* The text of code c >= 0 with dec decimals (3 or 4 with txt) at d (16 bytes of room),
 * from the texts txt (code_texts) or through the memo fix when there is one; returns the
 * end. */
static inline char *put_fixed(char *d, int32_t c, int dec, fixslot_t *fix, char (*txt)[8])
{
    if (!fix) return d + ssc_cpp_fixed_put(d, c, dec);
    if (txt && c < NTXT) {
        const char *e = txt[(dec == 4) * NTXT + c];
        memcpy(d, e, 8);
        return d + e[7];
    }
    fixslot_t *e = &fix[((uint32_t)c ^ (uint32_t)dec << 30) * 2654435761u >> 22 & (FIXMEMO - 1)];
    if (e->n == 0 || e->code != c || e->d != dec) {
        e->n = (int8_t)ssc_cpp_fixed_put(e->s, c, dec);
        e->code = c, e->d = (int8_t)dec;
    }
    memcpy(d, e->s, sizeof e->s);
    return d + e->n;
}

/* The window of row r (DIAG_PLACED) into dc. */
static int draw_prep(drawctx_t *dc, const row_t *r)
{
    const job_t *j = &dc->job[r->site];
    if (dc->site != r->site) { /* as ssc_cpp_score and three_prime make it (not reversed) */
        ssc_cpp_site_t s = {.type = j->type, .start = j->start, .end = j->end};
        dc->site = -1;
        if (window_up(j->u, &s, &dc->win, &dc->utr) < 0) return SSC_ENOMEM;
        dc->site = r->site;
    }
    return 0;
}

/* The site columns of a row of the table: gene, species, site type,
 * UTR_start, UTR_end (the head, with the miRNA's ID after species), family
 * and Group_num (the tail), as texts and their lengths. */
enum { SC_GENE, SC_SP, SC_TYPE, SC_FAM, SC_START, SC_END, SC_GROUP, SC_N }; /* the numbers last */
typedef struct {
    const char *t[SC_N];
    size_t n[SC_N];
    int type;
    char num[3][24]; /* start, end and group as text (not NUL-terminated) */
} sitecols_t;

static void sitecols_from_job(sitecols_t *sc, const char *gene, const char *sp, const char *fam, int type,
                              int64_t start, int64_t end, int64_t group)
{
    sc->type = type;
    sc->t[SC_GENE] = gene, sc->n[SC_GENE] = strlen(gene);
    sc->t[SC_SP] = sp, sc->n[SC_SP] = strlen(sp);
    sc->t[SC_TYPE] = ssc_ts_type_name(type), sc->n[SC_TYPE] = strlen(sc->t[SC_TYPE]);
    sc->t[SC_FAM] = fam, sc->n[SC_FAM] = strlen(fam);
    const int64_t num[3] = {start, end, group};
    for (int k = 0; k < 3; k++) {
        sc->t[SC_START + k] = sc->num[k];
        sc->n[SC_START + k] = (size_t)(ssc_put_uint(sc->num[k], (uint64_t)num[k]) - sc->num[k]);
    }
}

/* The same from a site row as read. */
static void sitecols_from_row(sitecols_t *sc, const ssc_ts_siterow_t *site)
{
    static const int col[SC_N] = {0, 2, 8, 1, 5, 6, 7};
    sc->type = site->type;
    for (int c = 0; c < SC_N; c++) {
        sc->t[c] = ssc_ts_col(site, col[c]);
        sc->n[c] = ssc_ts_col_len(site, col[c]);
    }
}

/* TAB and the text of column k (code c; the row's site type, esc its texts of
 * SSC_CPP_CODE_TEXT) at d; returns the end. Writes at most 17 bytes past d
 * (a named code's 16-byte copy), 40 a column being the room a row has. */
static inline char *put_code(char *d, int k, int32_t c, int type, const ssc_cpp_params_t *p, drawctx_t *dc,
                             const char **esc)
{
    *d++ = '\t';
    if (c >= 0) return put_fixed(d, c, k == COL_WSCORE ? 4 : 3, dc ? dc->fix : NULL, dc ? dc->txt : NULL);
    const char *t;
    size_t n;
    if (dc && c != SSC_CPP_CODE_TEXT) { /* the texts of the named codes, measured once */
        t = dc->named[type][-1 - c].s;
        n = dc->named[type][-1 - c].n;
        if (n < 16) { /* "0", "NA", ...: one copy of 16 bytes */
            memcpy(d, dc->named[type][-1 - c].pad, 16);
            return d + n;
        }
    } else {
        t = code_str(p, c, type, esc);
        n = strlen(t);
    }
    memcpy(d, t, n);
    return d + n;
}

/* The columns [lo, hi) of run g (0: sRNA1A..sRNA8G, by the miRNA's first and eighth
 * letters and the site type; 1: site8A..Offset 6mer, mostly the UTR's) of a row's codes
 * (none SSC_CPP_CODE_TEXT) at d, as put_code puts them, through dc's memo of a run's text
 * by its codes (when each fits in 16 bits) and the site type. Returns the end. */
static inline char *put_group(char *d, const int32_t *code, const uint16_t *key16, int g, int type,
                              const ssc_cpp_params_t *p, drawctx_t *dc)
{
    /* key16: the run's codes + CODE_BIAS, zero-padded to 8 (a compact row's, or its
     * miRNA's), or NULL: made here */
    int lo = g ? GRP1_LO : GRP0_LO, hi = g ? GRP1_HI : GRP0_HI;
    uint16_t key[8];
    uint64_t a, b;
    if (!key16) {
        if (!codes_key(code + lo, hi - lo, key)) { /* a code past 16 bits: no key */
            const char *none = NULL;
            for (int k = lo; k < hi; k++) d = put_code(d, k, code[k], type, p, dc, &none);
            return d;
        }
        key16 = key;
    }
    memcpy(&a, key16, 8), memcpy(&b, key16 + 4, 8);
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ ((uint64_t)type << 40);
    grpslot_t *e = &dc->grp[g * GRP_SLOTS + (size_t)((h * 0xFF51AFD7ED558CCDull) >> 56 & (GRP_SLOTS - 1))];
    if (!e->set || e->a != a || e->b != b || e->type != type) {
        char tmp[8 * 24], *q = tmp;
        const char *none = NULL; /* a narrow row without texts has no SSC_CPP_CODE_TEXT */
        for (int k = lo; k < hi; k++) q = put_code(q, k, code[k], type, p, dc, &none);
        size_t n = (size_t)(q - tmp);
        if (n > sizeof e->s) { /* not kept (longer than the memo's texts) */
            memcpy(d, tmp, n);
            return d + n;
        }
        memcpy(e->s, tmp, n);
        e->a = a, e->b = b, e->type = (int8_t)type, e->n = (uint8_t)n, e->set = 1;
    }
    put_bytes(d, e->s, e->n);
    return d + e->n;
}

/* One row of the table into out, with its site's columns and AIR (airv), its
 * miRNA's features mf (for a compact row's codes) and dc (for DIAG_PLACED rows). */
static int format_row(kstring_t *out, const row_t *r, const ssc_cpp_params_t *p, const sitecols_t *sc,
                      const char *const *ids, const mirfeat_t *mf_row, double airv, airtxt_t *air,
                      drawctx_t *dc)
{
    static const int head_col[] = {SC_GENE, SC_SP, -1, SC_TYPE, SC_START, SC_END}, tail_col[] = {SC_FAM, SC_GROUP};
    const int type = sc->type;
    const char *head[6], *tail = r->diag, *esc = NULL;
    int32_t code[NCODES];
    row_codes(r, mf_row, type, code);
    size_t dl;
    const mirfeat_t *mf = NULL; /* DIAG_PLACED: the miRNA of the diagram drawn below */
    if (r->dkind == DIAG_TEXT) {
        dl = strlen(tail);
    } else if (r->dkind == DIAG_NONE) {
        tail = "0\t0\t", dl = 4; /* the lines of a result without a diagram */
    } else {
        int ret = draw_prep(dc, r);
        if (ret < 0) return ret;
        mf = mf_row;
        dl = PLACED_ROOM(dc->utr.l, mf->nup); /* room, not length */
    }
    size_t hl[6], tl[2], need = dl + 40 * NCODES + 64;
    for (int c = 0; c < 6; c++) {
        head[c] = head_col[c] < 0 ? ids[r->slot] : sc->t[head_col[c]];
        need += hl[c] = head_col[c] < 0 ? strlen(head[c]) : sc->n[head_col[c]];
    }
    for (int c = 0; c < 2; c++) need += tl[c] = sc->n[tail_col[c]];
    if (r->esc) {
        esc = row_after_diag(r) + (r->wide ? sizeof code : 0);
        for (int k = 0; k < NCODES; k++)
            if (code[k] == SSC_CPP_CODE_TEXT) need += strlen(row_esc(r, k));
    }
    if (!air->set || memcmp(&air->v, &airv, sizeof air->v) != 0) {
        air->n = (size_t)snprintf(air->s, sizeof air->s, "%.15g", airv);
        air->v = airv;
        air->set = 1;
    }
    need += air->n;
    if (ks_resize(out, out->l + need) < 0) return SSC_ENOMEM;
    char *d = out->s + out->l;
    put_bytes(d, head[0], hl[0]);
    d += hl[0];
    for (int c = 1; c < 6; c++) d = put_str(d, head[c], hl[c]);
    /* the codes' columns, with the score's percentile and the AIR; a row without texts puts
     * two runs of them through their memo */
#define PUT_COLS(lo, hi)                                                \
    for (int k = (lo); k < (hi); k++) {                                 \
        if (k == COL_WSCORE) d = put_str(d, air->s, air->n);            \
        d = put_code(d, k, code[k], type, p, dc, &esc);                 \
        if (k == COL_SCORE) d = put_pct(d, r->pct);                     \
    }
    if (dc && dc->grp && !r->esc) {
        _Static_assert((int)GRP0_HI == (int)GRP1_LO && (int)GRP1_HI <= (int)COL_SCORE, "the runs are next to each other, before the score");
        PUT_COLS(0, GRP0_LO)
        /* the keys: a compact row's own codes site8A..Offset 6mer (one after another in
         * own_code) and its miRNA's sRNA codes */
        _Static_assert(GRP1_HI - GRP1_LO == 8, "the second run is 8 own codes");
        d = put_group(d, code, !r->wide && mf_row->key_ok[type] ? mf_row->key[type] : NULL, 0, type, p, dc);
        d = put_group(d, code, r->wide ? NULL : r->c + own_of[GRP1_LO], 1, type, p, dc);
        PUT_COLS(GRP1_HI, NCODES)
    } else {
        PUT_COLS(0, NCODES)
    }
#undef PUT_COLS
    d = put_pct(d, r->wpct);
    if (mf) {
        *d++ = '\t';
        d = put_placed(d, dc->utr.s, (int)dc->utr.l, mf->up, mf->rev, mf->nup, type, r->doff, r->dbottom,
                       r->dhide, r->dbars, r->dslen);
    } else {
        d = put_str(d, tail, dl);
    }
    for (int c = 0; c < 2; c++) d = put_str(d, sc->t[tail_col[c]], tl[c]);
    *d++ = '\n';
    *d = 0; /* a kstring stays NUL-terminated */
    out->l = (size_t)(d - out->s);
    return 0;
}

#define FMT_ROWS 4096 /* rows a formatting block */

/* A worker's formatting state: its caches only (the AIR text, the window
 * drawn last, the codes' texts), so rows come out the same whichever worker
 * formats them. */
typedef struct {
    airtxt_t air;
    drawctx_t dc;
} fmtctx_t;

static int fmtctx_init(fmtctx_t *c, const rows_t *rs, const ssc_cpp_params_t *p)
{
    memset(c, 0, sizeof *c);
    c->dc.job = rs->job, c->dc.site = -1;
    if (!(c->dc.fix = calloc(FIXMEMO, sizeof(fixslot_t))) || !(c->dc.txt = code_texts()) ||
        !(c->dc.grp = calloc(2 * GRP_SLOTS, sizeof(grpslot_t))))
        return SSC_ENOMEM;
    for (int type = 0; type <= SSC_6MER; type++)
        for (int k = -1; k > SSC_CPP_CODE_TEXT; k--) {
            c->dc.named[type][-1 - k].s = code_str(p, k, type, NULL);
            c->dc.named[type][-1 - k].n = strlen(c->dc.named[type][-1 - k].s);
            if (c->dc.named[type][-1 - k].n < 16) memcpy(c->dc.named[type][-1 - k].pad, c->dc.named[type][-1 - k].s, c->dc.named[type][-1 - k].n);
        }
    return 0;
}

/* The table's rows in blocks of FMT_ROWS: formatted on the workers, each
 * block into its own text, and written in order (handed to the flush
 * function, or appended to out). The texts go back to a pool when written,
 * so the same few buffers serve the whole table instead of fresh pages. */
typedef struct {
    int a, b;
    kstring_t s;
} fmtblk_t;

typedef struct {
    const rows_t *rs;
    const ssc_cpp_opt_t *o;
    const ssc_cpp_params_t *p;
    kstring_t *out;
    fmtctx_t *ctx; /* one a worker */
    int next;
    pthread_mutex_t mu; /* the pool: read and write may run on different threads */
    fmtblk_t **pool;
    int npool, mpool;
} fmtrun_t;

static void fmt_discard(void *shared, void *item)
{
    fmtblk_t *b = item;
    (void)shared;
    free(b->s.s);
    free(b);
}

static void *fmt_read(void *shared, int *err)
{
    fmtrun_t *x = shared;
    fmtblk_t *b = NULL;
    if (x->next >= x->rs->n) return NULL;
    pthread_mutex_lock(&x->mu);
    if (x->npool) b = x->pool[--x->npool];
    pthread_mutex_unlock(&x->mu);
    if (!b && !(b = calloc(1, sizeof *b))) return *err = SSC_ENOMEM, NULL;
    b->s.l = 0;
    b->a = x->next;
    b->b = x->rs->n - b->a > FMT_ROWS ? b->a + FMT_ROWS : x->rs->n;
    x->next = b->b;
    return b;
}

/* The site columns of site row `site` (job j): made from its numbers, or its odd row's. */
static void cols_of_site(sitecols_t *sc, const rows_t *rs, int site)
{
    const job_t *j = &rs->job[site];
    if (!j->odd) {
        sitecols_from_job(sc, j->u->gene, j->u->sp, j->ml->family, j->type, j->start, j->end, j->group);
        return;
    }
    size_t lo = 0, hi = rs->nodd; /* the odd rows are in site order */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->odd[mid].site <= site) lo = mid;
        else hi = mid;
    }
    sitecols_from_row(sc, &rs->odd[lo].row);
}

static int fmt_work(void *shared, void *item, int tid)
{
    fmtrun_t *x = shared;
    fmtblk_t *b = item;
    fmtctx_t *c = &x->ctx[tid];
    sitecols_t sc;
    int site = -1;
    const job_t *j = NULL;
    double airv = 1;
    for (int i = b->a; i < b->b; i++) {
        const row_t *r = &x->rs->r[i];
        if (r->site != site) { /* the site's columns and AIR (as ssc_cpp_score took it) */
            cols_of_site(&sc, x->rs, site = r->site);
            j = &x->rs->job[site];
            airv = ssc_cpp_site_air(j->u->air, j->u->n_air, j->end);
        }
        int ret = format_row(&b->s, r, x->p, &sc, x->rs->id, &j->ml->feat[r->slot - j->ml->slot0], airv, &c->air,
                             &c->dc);
        if (ret < 0) return ret;
    }
    return 0;
}

static int fmt_write(void *shared, void *item)
{
    fmtrun_t *x = shared;
    fmtblk_t *b = item;
    int ret = 0;
    if (!x->o->flush) {
        ret = kputsn(b->s.s ? b->s.s : "", b->s.l, x->out) < 0 ? SSC_ENOMEM : 0;
    } else { /* what out holds (the header) first, then the block as it is */
        if (x->out->l) ret = x->o->flush(x->o->flush_ctx, x->out->s, x->out->l), x->out->l = 0;
        if (ret == 0 && b->s.l) ret = x->o->flush(x->o->flush_ctx, b->s.s, b->s.l);
    }
    pthread_mutex_lock(&x->mu);
    if (x->npool < x->mpool) x->pool[x->npool++] = b, b = NULL;
    pthread_mutex_unlock(&x->mu);
    if (b) fmt_discard(shared, b);
    return ret;
}

/* The table into out; with a flush function, the header and then each block
 * of FMT_ROWS rows (about 1.5 MB) are handed to it instead. The rows are
 * formatted on o->nthreads threads, in blocks written in order: the same
 * bytes whatever -t. */
static int format_table(kstring_t *out, const rows_t *rs, const ssc_cpp_opt_t *o,
                        const ssc_cpp_params_t *p)
{
    int bad = kputs("Gene ID\tSpecies ID\tMirbase ID\tSite Type\tUTR start\tUTR end\t"
                    "Site type contribution\t3' pairing contribution\tlocal AU contribution\t"
                    "Min_dist contribution\tsRNA1A contribution\tsRNA1C contribution\t"
                    "sRNA1G contribution\tsRNA8A contribution\tsRNA8C contribution\t"
                    "sRNA8G contribution\tsite8A contribution\tsite8C contribution\t"
                    "site8G contribution\t3'UTR length contribution\tSA contribution\t"
                    "ORF length contribution\tORF 8mer contribution\tOffset 6mer contribution\t"
                    "TA contribution\tSPS contribution\tPCT contribution\tcontext++ score\t"
                    "context++ score percentile\tAIR\tweighted context++ score\t"
                    "weighted context++ score percentile\tUTR region\tUTR-miRNA pairing\t"
                    "mature miRNA sequence\tmiRNA family\tGroup #\n", out) < 0;
    int nt = o->nthreads > 1 ? o->nthreads : 1, ret = 0;
    /* no more threads than blocks */
    if (nt > (rs->n + FMT_ROWS - 1) / FMT_ROWS) nt = (rs->n + FMT_ROWS - 1) / FMT_ROWS;
    if (nt < 1) nt = 1;
    fmtrun_t x = {.rs = rs, .o = o, .p = p, .out = out, .mpool = 4 * nt + 4};
    x.ctx = calloc((size_t)nt, sizeof(fmtctx_t));
    x.pool = calloc((size_t)x.mpool, sizeof *x.pool);
    int mu_ok = x.ctx && x.pool && pthread_mutex_init(&x.mu, NULL) == 0;
    bad |= !mu_ok;
    for (int t = 0; !bad && t < nt; t++) bad |= fmtctx_init(&x.ctx[t], rs, p) < 0;
    if (!bad) {
        ssc_pipeline_t pl = {fmt_read, fmt_work, fmt_write, fmt_discard, &x, nt};
        ret = ssc_pipeline_run(&pl);
    }
    if (o->flush && ret == 0 && !bad && out->l) ret = o->flush(o->flush_ctx, out->s, out->l), out->l = 0;
    for (int t = 0; x.ctx && t < nt; t++) drawctx_free(&x.ctx[t].dc);
    for (int k = 0; k < x.npool; k++) fmt_discard(&x, x.pool[k]);
    if (mu_ok) pthread_mutex_destroy(&x.mu);
    free(x.pool);
    free(x.ctx);
    return bad || ret == SSC_ENOMEM ? SSC_ENOMEM : ret;
}

/* ---- driving it ----------------------------------------------------------------------
 * The site table is read and its rows resolved in order first (the reader,
 * in the caller's thread: sload_*), keeping a job of 56 bytes a site row and
 * no text (the output's site columns are made from the job's numbers, or
 * from the kept text of an odd row), which sizes the table once; workers
 * score chunks of them into
 * their rows of the table (a UTR's AIRs, SA and 6-mer index are made by the
 * first worker to reach one of its sites); a row keeps its 3' placement,
 * and its diagram is drawn when the row is formatted (format_table, on the
 * threads too), unless it does not fit the row: then its text goes into the
 * worker's text. An error is the one the serial pass would meet first: a
 * chunk's in order, then the reader's. */

#define CHUNK_ROWS 2048 /* output rows a chunk */

typedef struct {
    int a, b;          /* site rows [a, b) */
    int ret;
    char err[512];
} chunk_t;

typedef struct {
    cpp_data_t *d;
    const ssc_cpp_params_t *p;
    const ssc_cpp_opt_t *o;
    job_t *job;           /* nsites, one a site row (rs->job) */
    int nsites;
    int64_t nrows;        /* the table's rows so far */
    int next;             /* the next chunk's first site row */
    int stop, stop_ret;   /* the reader met an error at row `stop` (stop_ret, message in d->err) */
    utr_rec_t *stop_utr;  /* made before that error is reported (the serial order) */
    ssc_plfold_t **fold;  /* one a worker */
    ssc_cpp_result_t *res;
    rows_t *all;          /* all->text[tid]: a worker's text */
} run_t;

/* The memo's families (their keys are its copies). */
static void memo_fam_clear(cpp_data_t *d)
{
    if (!d->memo.fam) return;
    for (khint_t h = kh_begin(d->memo.fam); h != kh_end(d->memo.fam); h++)
        if (kh_exist(d->memo.fam, h)) free((char *)kh_key(d->memo.fam, h));
    kh_clear(cpp_fam, d->memo.fam);
}

/* a (na bytes) and b (nb bytes) are the same text: word compares, overlapping at the end,
 * for the reader's short texts (reads [a, a+na) and [b, b+nb) only). */
static inline int same_text(const char *a, size_t na, const char *b, size_t nb)
{
    if (na != nb) return 0;
    if (na > 16) return memcmp(a, b, na) == 0;
    if (na >= 8) {
        uint64_t x0, x1, y0, y1;
        memcpy(&x0, a, 8), memcpy(&x1, a + na - 8, 8), memcpy(&y0, b, 8), memcpy(&y1, b + na - 8, 8);
        return x0 == y0 && x1 == y1;
    }
    if (na >= 4) {
        uint32_t x0, x1, y0, y1;
        memcpy(&x0, a, 4), memcpy(&x1, a + na - 4, 4), memcpy(&y0, b, 4), memcpy(&y1, b + na - 4, 4);
        return x0 == y0 && x1 == y1;
    }
    return na == 0 || (a[0] == b[0] && a[na / 2] == b[na / 2] && a[na - 1] == b[na - 1]);
}

/* The one copy of a PCT text (the rows of a table share few). NULL when out of memory. */
static const char *pct_text(cpp_data_t *d, const char *t, size_t n)
{
    if (d->memo.pct && same_text(t, n, d->memo.pct, d->memo.pct_len)) return d->memo.pct;
    const char *k = dict_get(&d->pct, t);
    char *c;
    if (!k) {
        if (!(c = strdup(t)) || dict_put(&d->pct, t, c, NULL) < 0) return NULL;
        k = c;
    }
    d->memo.pct_len = n;
    return d->memo.pct = k;
}

/* Resolve site row i (in order). Returns 0, or an error for the row. The
 * look-ups are remembered: the rows of a gene follow one another, and a
 * table holds few families and species. */
static int resolve_site(cpp_data_t *d, const ssc_ts_siterow_t *site, job_t *j, utr_rec_t **utr)
{
    const char *gene = ssc_ts_col(site, 0), *sp = ssc_ts_col(site, 2), *fam = ssc_ts_col(site, 1);
    size_t ngene = ssc_ts_col_len(site, 0), nsp = ssc_ts_col_len(site, 2);
    kstring_t *k = &d->memo.key;
    int absent;
    memset(j, 0, sizeof *j);
    if (!d->memo.fam && !(d->memo.fam = kh_init(cpp_fam))) return SSC_ENOMEM;
    if (!d->memo.sp_set || !same_text(sp, nsp, d->memo.sp.s, d->memo.sp.l)) {
        d->memo.sp.l = 0;
        if (kputs(sp, &d->memo.sp) < 0) return SSC_ENOMEM;
        d->memo.sp_set = 1;
        d->memo.sp_ok = ts_species_ok(sp);
        d->memo.gene_set = 0;
        memo_fam_clear(d);
    }
    if (!d->memo.sp_ok) return 0;
    khint_t h = kh_get(cpp_fam, d->memo.fam, fam);
    if (h == kh_end(d->memo.fam)) {
        char *key = strdup(fam);
        if (!key) return SSC_ENOMEM;
        h = kh_put(cpp_fam, d->memo.fam, key, &absent);
        if (absent < 0) return free(key), SSC_ENOMEM;
        key2(k, fam, sp, NULL);
        kh_val(d->memo.fam, h) = (famhit_t){dict_get(&d->mir, k->s), dict_get(&d->seed, fam)};
    }
    mirlist_t *ml = kh_val(d->memo.fam, h).ml;
    if (!ml) return 0; /* no miRNA of this family annotated in this species */
    if (!d->memo.gene_set || !same_text(gene, ngene, d->memo.gene.s, d->memo.gene.l)) {
        key2(k, gene, sp, NULL);
        d->memo.u = dict_get(&d->utr, k->s);
        d->memo.orflen = dict_get(&d->orflen, k->s);
        d->memo.gene.l = 0;
        if (kputs(gene, &d->memo.gene) < 0) return SSC_ENOMEM;
        d->memo.gene_set = 1;
    }
    utr_rec_t *u = d->memo.u;
    const char *seed = kh_val(d->memo.fam, h).seed;
    if (d->orf8.h) {
        key2(k, gene, sp, seed);
        const char *orf8 = dict_get(&d->orf8, k->s);
        j->orf8 = perl_true(orf8) ? atoi(orf8) : 0;
    }
    if (!u) {
        snprintf(d->err, d->errsz, "site table line %lld: no UTR for %s in species %s",
                 (long long)site->line, ssc_ts_col(site, 0), ssc_ts_col(site, 2));
        return SSC_EFORMAT;
    }
    *utr = u;
    if (site->utr_end > u->len) {
        snprintf(d->err, d->errsz, "site table line %lld: UTR_end %lld beyond the UTR of %s in "
                 "species %s (%lld nt)", (long long)site->line, (long long)site->utr_end,
                 ssc_ts_col(site, 0), ssc_ts_col(site, 2), (long long)u->len);
        return SSC_EFORMAT;
    }
    if (!(j->pct = pct_text(d, ssc_ts_col(site, 12), ssc_ts_col_len(site, 12)))) return SSC_ENOMEM;
    j->ml = ml;
    j->u = u;
    j->type = site->type;
    j->start = site->utr_start;
    j->end = site->utr_end;
    ml->seed = seed;            /* the family's, whatever the row */
    u->orflen = d->memo.orflen; /* the gene's in this species, whatever the row */
    return 0;
}

/* AIRs, SA and the 6-mer index of UTR u, once. */
static int utr_ready(const cpp_data_t *d, ssc_plfold_t **fold, utr_rec_t *u)
{
    if (__atomic_load_n(&u->ready, __ATOMIC_ACQUIRE)) return u->ret; /* made: no lock (ret is set before) */
    pthread_mutex_lock(&u->lock);
    if (!u->ready) {
        int ret = utr_airs(d, u->gene, u);
        if (ret == 0) ret = utr_lunp(d, fold, u->gene, u->sp, u);
        if (ret == 0 && !(u->kidx = ssc_cpp_kidx_build(u->seq, u->len))) ret = SSC_ENOMEM;
        if (ret == 0 && !(u->au = au_bits(u->seq, u->len))) ret = SSC_ENOMEM;
        if (ret == 0) ret = utr_up(u);
        if (ret == SSC_ENOMEM && !u->err[0]) snprintf(u->err, sizeof u->err, "out of memory");
        u->ret = ret;
        __atomic_store_n(&u->ready, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&u->lock);
    return u->ret;
}


/* The contributions of each miRNA of l alone, for every site type. */
static int mirfeat_make(const ssc_cpp_params_t *p, mirlist_t *l)
{
    ssc_cpp_result_t r;
    if (!(l->feat = calloc((size_t)l->n, sizeof *l->feat))) return SSC_ENOMEM;
    kstring_t up = {0, 0, NULL};
    ssc_cpp_result_init(&r);
    r.codes_only = 1;
    for (int i = 0; i < l->n; i++) {
        mirfeat_t *f = &l->feat[i];
        if (upper_rna(l->seq[i], &up) < 0) {
            ssc_cpp_result_free(&r);
            return SSC_ENOMEM;
        }
        f->seq = l->seq[i];
        f->nup = (int)up.l;
        f->up = up.s; /* the text is the feature's now */
        up = (kstring_t){0, 0, NULL};
        if (!(f->rev = malloc((size_t)f->nup + 1))) {
            ssc_cpp_result_free(&r);
            return SSC_ENOMEM;
        }
        for (int k = 0; k < f->nup; k++) f->rev[k] = f->up[f->nup - 1 - k];
        f->rev[f->nup] = 0;
        f->plain = !strpbrk(f->up, "-.");
        for (int s = 0; s < 2; s++) { /* past the first 7 + s letters, as best_placement */
            int nm = f->nup > 7 + s ? f->nup - 7 - s : 0;
            if ((f->mok[s] = nm <= MASK_MAX)) mir_masks(f->up + 7 + s, nm, f->m[s]);
        }
    }
    for (int i = 0; i < l->n; i++)
        for (int type = 0; type < 4; type++) {
            mirfeat_t *f = &l->feat[i];
            feat_srna(p, type, l->seq[i], &r);
            feat_ta_sps(p, l->seq[i], type, &r);
            f->ok[type] = 1;
            for (int k = 0; k < NMIRFEAT; k++) {
                f->code[type][k] = r.code[mir_feat[k]];
                f->val[type][k] = r.contrib_val[mir_feat[k]];
                if (f->code[type][k] == SSC_CPP_CODE_TEXT) f->ok[type] = 0;
            }
            f->key_ok[type] = (int8_t)codes_key(f->code[type], GRP0_HI - GRP0_LO, f->key[type]);
        }
    ssc_cpp_result_free(&r);
    return 0;
}

/* The site table's reader: each line parsed where it was read and resolved (up to the
 * first row that fails to: x->stop; the rest are only parsed, as a parse error anywhere
 * comes first), its job kept and its text dropped (unless the row is odd). */
typedef struct {
    run_t *x;
    size_t jobs_cap;      /* job entries room (ssc_ts_huge_map's jobs_len) */
    size_t guess;         /* the first room (ssc_ts_site_rows_guess), or 0 */
} sload_t;

/* A count as the output would print it: no leading zero (parse_count reads them). */
static int count_text_plain(const char *s) { return s[0] != '0' || s[1] == 0; }

/* Whether the output cannot make site's columns from its numbers (rows_t's odd). */
static int site_odd(const ssc_ts_siterow_t *site)
{
    return !count_text_plain(ssc_ts_col(site, 5)) || !count_text_plain(ssc_ts_col(site, 6)) ||
           site->group < 0 || site->group > INT32_MAX || !count_text_plain(ssc_ts_col(site, 7));
}

/* Room for site row x->nsites's job. */
static int sload_room(sload_t *L)
{
    run_t *x = L->x;
    rows_t *rs = x->all;
    if ((size_t)x->nsites < L->jobs_cap) return 0;
    if (x->nsites >= INT_MAX - 1) return SSC_ENOMEM;
    size_t cap = L->jobs_cap ? 2 * L->jobs_cap : L->guess > 1024 ? L->guess : 1024, len;
    job_t *j = ssc_ts_huge_map((cap + 1) * sizeof *j, &len);
    if (!j) return SSC_ENOMEM;
    if (x->nsites) memcpy(j, x->job, (size_t)x->nsites * sizeof *j);
    if (rs->job) ssc_ts_huge_unmap(rs->job, rs->jobs_len);
    rs->job = x->job = j;
    rs->jobs_len = len;
    L->jobs_cap = cap;
    return 0;
}

/* The _lunp positions feat_sa will read for a site row whose UTR is known: for an anchor p
 * (the site start, or one before it for a 7mer-A1; both are taken) TargetScan reads the line
 * 7 on, or the last, so min(p + 7, len). Per UTR, in site order (native_lunp sorts them). */
static int need_sa(cpp_data_t *d, const ssc_ts_siterow_t *site)
{
    kstring_t *k = &d->memo.key;
    key2(k, ssc_ts_col(site, 0), ssc_ts_col(site, 2), NULL);
    utr_rec_t *u = dict_get(&d->utr, k->s);
    if (!u || u->len < 5 || site->utr_end > u->len) return 0; /* resolve_site reports those */
    for (int64_t p = site->utr_start - 1; p <= site->utr_start; p++) {
        if (p < 1) continue;
        SSC_GROW(int64_t, u->need, u->n_need, u->m_need);
        u->need[u->n_need++] = p < u->len - 7 ? p + 7 : u->len;
    }
    return 0;
fail:
    return SSC_ENOMEM;
}

static int sload_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    sload_t *L = ctx;
    run_t *x = L->x;
    cpp_data_t *d = x->d;
    ssc_ts_siterow_t site;
    size_t len;
    int ret;
    *why = "out of memory";
    if ((ret = sload_room(L)) < 0) return ret;
    memset(&site, 0, sizeof site);
    site.line = lineno;
    if ((ret = ssc_ts_site_parse(line, &site, &len, why)) < 0) return ret;
    int i = x->nsites++;
    job_t *j = &x->job[i];
    memset(j, 0, sizeof *j);
    if (d->sa_pf && !d->lunp_dir && need_sa(d, &site) < 0) return SSC_ENOMEM;
    if (x->stop >= 0) return 0; /* past the first row that failed: parsed only */
    utr_rec_t *u = NULL;
    if ((ret = resolve_site(d, &site, j, &u)) == SSC_ENOMEM) return ret;
    if (ret < 0) { /* its message is in d->err; reported after the rows before it are scored
                    * (resolve_site sets no ml on an error: the row is not scored) */
        x->stop = i, x->stop_ret = ret, x->stop_utr = u;
        return 0;
    }
    j->row = (int)x->nrows;
    mirlist_t *ml = j->ml;
    if (ml) u->left++;
    if (ml && (j->odd = (uint8_t)site_odd(&site))) {
        rows_t *rs = x->all; /* keep it as read */
        if (grow(&rs->odd, &rs->modd, rs->nodd + 1, sizeof *rs->odd) < 0 ||
            (!rs->odd_text && !(rs->odd_text = calloc(1, sizeof *rs->odd_text))))
            return SSC_ENOMEM;
        oddrow_t *o = &rs->odd[rs->nodd++];
        o->site = i, o->row = site;
        if (!(o->row.text = text_take(rs->odd_text, len + 1))) return SSC_ENOMEM;
        memcpy(o->row.text, line, len);
        o->row.text[len] = 0;
    }
    j->group = j->odd ? -1 : (int32_t)site.group;
    if (ml && !ml->feat) { /* met first: its contributions, and its IDs' slots */
        rows_t *rs = x->all;
        if (mirfeat_make(x->p, ml) < 0 || grow(&rs->id, &rs->mid, rs->nid + (size_t)ml->n, sizeof *rs->id) < 0)
            return SSC_ENOMEM;
        ml->slot0 = (int)rs->nid;
        for (int k = 0; k < ml->n; k++) rs->id[rs->nid++] = ml->id[k];
    }
    if (ml) x->nrows += ml->n;
    return x->nrows > INT_MAX - 1 ? SSC_ENOMEM : 0;
}

/* Read the site table at path into x (its jobs and odd rows). Returns 0 or a parse error
 * (its message in d->err); a row that fails to resolve is x->stop. */
static int sload_run(sload_t *L, const char *path)
{
    cpp_data_t *d = L->x->d;
    L->guess = (size_t)ssc_ts_site_rows_guess(path);
    char *perr = malloc(d->errsz);
    if (!perr) return SSC_ENOMEM;
    perr[0] = 0;
    int ret = ssc_ts_file_each(path, 1, sload_line, L, perr, d->errsz);
    if (ret < 0) snprintf(d->err, d->errsz, "%s", perr); /* a parse error comes first */
    free(perr);
    return ret;
}

static void *chunk_read(void *shared, int *err)
{
    run_t *x = shared;
    int nrows = 0, i = x->next, end = x->stop >= 0 ? x->stop : x->nsites;
    if (i >= end) return NULL;
    for (; i < end && nrows < CHUNK_ROWS; i++)
        if (x->job[i].ml) nrows += x->job[i].ml->n;
    chunk_t *c = calloc(1, sizeof *c);
    if (!c) return *err = SSC_ENOMEM, NULL;
    c->a = x->next;
    c->b = x->next = i;
    return c;
}

static int chunk_work(void *shared, void *item, int tid)
{
    run_t *x = shared;
    chunk_t *c = item;
    ssc_cpp_result_t *r = &x->res[tid];
    int ret = 0;
    for (int i = c->a; i < c->b && ret == 0; i++) {
        const job_t *j = &x->job[i];
        if (!j->ml) continue;
        if ((ret = utr_ready(x->d, &x->fold[tid], j->u)) < 0) {
            snprintf(c->err, sizeof c->err, "%s", j->u->err);
            break;
        }
        utr_rec_t *u = j->u;
        ssc_cpp_utr_t uu = {u->seq, u->len, u->air, u->n_air, u->orflen, u->lunp, u->kidx};
        ssc_cpp_site_t s = {j->type, j->start, j->end, j->pct, j->orf8, j->ml->seed};
        r->codes_only = 1;
        if (!r->scratch && !(r->scratch = calloc(1, sizeof *r->scratch))) ret = SSC_ENOMEM;
        else r->scratch->place_only = 1, /* the diagrams are drawn as the rows are formatted */
             r->scratch->up = u->up_state > 0 ? u->up : NULL, r->scratch->au = u->au,
             r->scratch->up_plain = u->up_state > 0 && u->up_plain;
        for (int k = 0; k < j->ml->n && ret == 0; k++)
            if ((r->same_site = k > 0, r->scratch->mirfeat = &j->ml->feat[k], ret = ssc_cpp_score(x->p, x->o, &uu, &s, j->ml->seq[k], r)) == 0)
                ret = add_row(&x->all->r[j->row + k], &x->all->text[tid], i, j->ml->slot0 + k, j->type,
                              &j->ml->feat[k], r);
        if (ret == 0 && __atomic_sub_fetch(&u->left, 1, __ATOMIC_ACQ_REL) == 0) { /* its last site row */
            ssc_cpp_kidx_destroy(u->kidx);
            free(u->au);
            u->kidx = NULL, u->au = NULL;
        }
    }
    if (ret == SSC_ENOMEM && !c->err[0]) snprintf(c->err, sizeof c->err, "out of memory");
    c->ret = ret;
    return 0; /* errors wait for their turn in chunk_write */
}

static void chunk_discard(void *shared, void *item)
{
    (void)shared;
    free(item);
}

/* A chunk's error, in order (its rows and their texts are in place). */
static int chunk_write(void *shared, void *item)
{
    run_t *x = shared;
    chunk_t *c = item;
    int ret = c->ret;
    if (ret < 0) snprintf(x->d->err, x->d->errsz, "%s", c->err);
    free(c);
    return ret;
}

/* Native SA on several threads: the UTRs are made ready (AIRs, the fold, the 6-mer index)
 * before scoring, one UTR an item, so that the folds, most of the time of such a run, spread
 * over the workers instead of waiting on a UTR's lock in chunk order. An error is kept in its
 * UTR and reported by chunk_work in the serial order, as without this pass. */
static void *prep_read(void *shared, int *err)
{
    run_t *x = shared;
    int i = x->next, end = x->stop >= 0 ? x->stop : x->nsites;
    const utr_rec_t *last = i > 0 && i <= end ? x->job[i - 1].u : NULL;
    while (i < end && (!x->job[i].ml || x->job[i].u == last)) i++; /* a UTR's rows follow one another */
    x->next = i + 1;
    if (i >= end) return NULL;
    chunk_t *c = calloc(1, sizeof *c);
    if (!c) return *err = SSC_ENOMEM, NULL;
    c->a = i;
    return c;
}

static int prep_work(void *shared, void *item, int tid)
{
    run_t *x = shared;
    const chunk_t *c = item;
    (void)utr_ready(x->d, &x->fold[tid], x->job[c->a].u);
    return 0;
}

static int prep_write(void *shared, void *item)
{
    (void)shared;
    free(item);
    return 0;
}

/* Read the site table and score every site row into rs on nthreads threads. */
static int score_sites(cpp_data_t *d, const ssc_cpp_params_t *p, const ssc_cpp_opt_t *o,
                       const char *path, sload_t *L, rows_t *rs)
{
    int nt = o->nthreads > 1 ? o->nthreads : 1, ret;
    run_t x = {d, p, o, NULL, 0, 0, 0, -1, 0, NULL,
               calloc((size_t)nt, sizeof(ssc_plfold_t *)), calloc((size_t)nt, sizeof(ssc_cpp_result_t)), rs};
    L->x = &x;
    if ((rs->text = calloc((size_t)nt, sizeof *rs->text))) rs->ntext = nt;
    if (!x.fold || !x.res || !rs->text) {
        ret = SSC_ENOMEM;
    } else if ((ret = sload_run(L, path)) == 0 && (ret = sload_room(L)) == 0 &&
               (rs->n = (int)x.nrows, ret = rows_alloc(rs, rs->n)) == 0) {
        ssc_pipeline_t prep = {prep_read, prep_work, prep_write, chunk_discard, &x, nt};
        ssc_pipeline_t pl = {chunk_read, chunk_work, chunk_write, chunk_discard, &x, nt};
        if (nt > 1 && d->sa_pf && !d->lunp_dir) ret = ssc_pipeline_run(&prep), x.next = 0;
        if (ret == 0) ret = ssc_pipeline_run(&pl);
    }
    if (ret == 0 && x.stop >= 0) { /* the serial pass makes the UTR before it checks UTR_end */
        ret = x.stop_ret;
        if (x.stop_utr && utr_ready(d, &x.fold[0], x.stop_utr) < 0)
            snprintf(d->err, d->errsz, "%s", x.stop_utr->err);
    }
    for (int t = 0; x.fold && t < nt; t++) ssc_plfold_destroy(x.fold[t]);
    for (int t = 0; x.res && t < nt; t++) ssc_cpp_result_free(&x.res[t]);
    free(x.fold);
    free(x.res);
    L->x = NULL;
    return ret;
}

static int load_inputs(cpp_data_t *d, const ssc_cpp_inputs_t *in)
{
    int ret;
    if ((ret = load_utrs(d, in->utrs)) < 0) return ret;
    if ((ret = ssc_ts_file_each(in->mirnas, 0, mirna_line, d, d->err, d->errsz)) < 0) return ret;
    if ((ret = ssc_ts_file_each(in->airs, 0, air_line, d, d->err, d->errsz)) < 0) return ret;
    if ((ret = ssc_ts_file_each(in->orf_lengths, 0, orf_line, d, d->err, d->errsz)) < 0) return ret;
    return ssc_ts_file_each(in->orf_8mers, 0, orf_line, d, d->err, d->errsz);
}

int ssc_cpp_targetscan_table(const ssc_cpp_params_t *p, const ssc_cpp_opt_t *opt,
                             const ssc_cpp_inputs_t *in, kstring_t *out, char *err, size_t errsz)
{
    char local[512];
    cpp_data_t d;
    sload_t L;
    rows_t rows;
    int ret;
    memset(&d, 0, sizeof d);
    memset(&L, 0, sizeof L);
    memset(&rows, 0, sizeof rows);
    d.lunp_dir = in->lunp_dir;
    d.sa_pf = in->sa_pf;
    d.err = err ? err : local;
    d.errsz = err ? errsz : sizeof local;
    d.err[0] = 0;
    if ((ret = load_inputs(&d, in)) < 0) goto out;
    ret = score_sites(&d, p, opt, in->sites, &L, &rows);
    if (ret == 0) ret = percentiles(&rows, p, opt->nthreads);
    if (ret == 0 && (ret = format_table(out, &rows, opt, p)) < 0 &&
        ret != SSC_ENOMEM && !*d.err)
        snprintf(d.err, d.errsz, "writing the table: %s", ssc_strerror(ret));
out:
    if (ret == SSC_ENOMEM && !*d.err) snprintf(d.err, d.errsz, "out of memory");
    rows_free(&rows);
    dict_free(&d.utr, utr_rec_free);
    dict_free(&d.mir, mirlist_free);
    dict_free(&d.seed, NULL);
    dict_free(&d.air, airrows_free);
    dict_free(&d.orflen, NULL);
    dict_free(&d.orf8, NULL);
    dict_free(&d.pct, NULL);
    memo_fam_clear(&d);
    if (d.memo.fam) kh_destroy(cpp_fam, d.memo.fam);
    free(d.memo.key.s);
    free(d.memo.sp.s);
    free(d.memo.gene.s);
    return ret;
}
