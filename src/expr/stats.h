/* stats.h: the statistics behind `expr` and `landscape` (KS, Mann-Whitney, BH, hypergeometric tails, regression). */
#ifndef SSC_STATS_H
#define SSC_STATS_H

#include <stddef.h>

/* Which difference a two-sample test looks for, with R's meaning of the words:
 * for ks.test, "less" means the CDF of x lies below that of y (x tends to be
 * larger); for wilcox.test, "less" means x tends to be smaller than y. */
typedef enum {
    SSC_ALT_TWO_SIDED = 0,
    SSC_ALT_LESS = 1,
    SSC_ALT_GREATER = 2
} ssc_alt_t;

/* How to compute a p-value: as R decides by default, or forced. */
enum { SSC_P_AUTO = -1, SSC_P_ASYMPTOTIC = 0, SSC_P_EXACT = 1 };

typedef struct {
    double stat;  /* KS: D, D^- or D^+; Mann-Whitney: W = U of x (R's W) */
    double p;     /* p-value for the chosen alternative, in [0, 1] */
    int exact;    /* 1 when p is exact, 0 when it is a normal/asymptotic approximation */
    size_t nx, ny; /* observations used (NaN values are dropped, as R drops NA) */
} ssc_test_t;

/* Two-sample Kolmogorov-Smirnov test as R 4.2's ks.test(x, y, alternative).
 * method SSC_P_AUTO is exact when nx*ny < 10000 (ties handled exactly, as R
 * does), asymptotic otherwise. SSC_P_EXACT falls back to asymptotic (exact = 0)
 * when the number of paths overflows a double (R then simulates). Returns 0,
 * SSC_EINVAL (a sample empty after dropping NaN, bad alternative) or SSC_ENOMEM. */
int ssc_ks_test(const double *x, size_t nx, const double *y, size_t ny, ssc_alt_t alt,
                int method, ssc_test_t *res);

/* Wilcoxon rank-sum (Mann-Whitney) test as R's wilcox.test(x, y, alternative,
 * exact, correct): normal approximation with tie correction, and continuity
 * correction when correct != 0; SSC_P_AUTO is exact when nx < 50, ny < 50 and
 * there are no ties (as R). SSC_P_EXACT is honoured without ties and for
 * nx*ny <= 10000 (the exact distribution costs nx*ny*min(nx,ny)); otherwise
 * the normal approximation is used and res->exact says so. */
int ssc_wilcox_test(const double *x, size_t nx, const double *y, size_t ny, ssc_alt_t alt,
                    int method, int correct, ssc_test_t *res);

/* Benjamini-Hochberg adjusted p-values as R's p.adjust(p, "BH"); NaN entries
 * stay NaN and do not count. q may equal p. Returns 0 or SSC_ENOMEM. */
int ssc_p_adjust_bh(const double *p, size_t n, double *q);

/* log10 of hypergeometric tails, for X = white balls among `draws` drawn
 * without replacement from an urn of `white` and `black` balls:
 * upper = log10 P(X >= k), lower = log10 P(X <= k). Stable for urns of
 * millions (the sum runs from the extreme end of the tail; the near-1 side
 * goes through log1p). -INFINITY when impossible, NaN for invalid counts. */
double ssc_log10_hyper_upper(long k, long white, long black, long draws);
double ssc_log10_hyper_lower(long k, long white, long black, long draws);

/* Mean and median (the average of the middle two for even n) of the
 * non-NaN values; NaN when there are none. */
double ssc_mean(const double *x, size_t n);
double ssc_median(const double *x, size_t n);

/* Ordinary least squares y = b0 + b1*x1 + b2*x2 over the n rows (rows with a
 * NaN anywhere are skipped). coef gets b0, b1, b2; resid (may be NULL) gets
 * y - fitted for every row (NaN for skipped rows). Returns 0, or SSC_EINVAL
 * when fewer than 3 rows remain or the predictors are collinear. */
int ssc_lm2(const double *y, const double *x1, const double *x2, size_t n, double coef[3],
            double *resid);

#endif
