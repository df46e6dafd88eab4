/* stats.c: two-sample tests, BH adjustment, hypergeometric tails and small helpers, computed as R does. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "expr/stats.h"

#define LN10 2.302585092994045684

/* ---- shared helpers ------------------------------------------------------ */

typedef struct {
    double v;
    int from_x; /* 1 for an observation of x, 0 for y */
} obs_t;

/* By value only: within a run of equal values neither test depends on order. */
static int obs_cmp(const void *a, const void *b)
{
    const obs_t *p = a, *q = b;
    return (p->v > q->v) - (p->v < q->v);
}

/* The pooled sample without NaN, sorted; *kx and *ky get the sizes kept. */
static obs_t *pool_sorted(const double *x, size_t nx, const double *y, size_t ny, size_t *kx,
                          size_t *ky)
{
    obs_t *w = malloc((nx + ny + 1) * sizeof *w);
    size_t i, n = 0;
    if (!w) return NULL;
    for (i = 0; i < nx; i++)
        if (!isnan(x[i])) w[n].v = x[i], w[n++].from_x = 1;
    *kx = n;
    for (i = 0; i < ny; i++)
        if (!isnan(y[i])) w[n].v = y[i], w[n++].from_x = 0;
    *ky = n - *kx;
    qsort(w, n, sizeof *w, obs_cmp);
    return w;
}

/* The two-sample tests' common start: the pooled, sorted sample, or
 * SSC_EINVAL when a sample is missing or has no value besides NaN. */
static int pool_checked(const double *x, size_t nx, const double *y, size_t ny, obs_t **w,
                        size_t *kx, size_t *ky)
{
    if ((!x && nx) || (!y && ny)) return SSC_EINVAL;
    if (!(*w = pool_sorted(x, nx, y, ny, kx, ky))) return SSC_ENOMEM;
    if (*kx == 0 || *ky == 0) {
        free(*w);
        return SSC_EINVAL;
    }
    return 0;
}

static int check_alt(ssc_alt_t alt)
{
    return alt == SSC_ALT_TWO_SIDED || alt == SSC_ALT_LESS || alt == SSC_ALT_GREATER;
}

static double pnorm_lower(double z) { return 0.5 * erfc(-z / M_SQRT2); }
static double pnorm_upper(double z) { return 0.5 * erfc(z / M_SQRT2); }

/* ---- Kolmogorov-Smirnov -------------------------------------------------- */

/* D from the pooled sorted sample, summing 1/nx and -1/ny as R's cumsum does,
 * evaluated only at the last element of each run of equal values. */
static double ks_statistic(const obs_t *w, size_t nx, size_t ny, ssc_alt_t alt)
{
    double z = 0.0, dmax = -INFINITY, dmin = INFINITY;
    size_t i, n = nx + ny;
    for (i = 0; i < n; i++) {
        z += w[i].from_x ? 1.0 / (double)nx : -1.0 / (double)ny;
        if (i + 1 < n && w[i + 1].v == w[i].v) continue;
        if (z > dmax) dmax = z;
        if (z < dmin) dmin = z;
    }
    if (alt == SSC_ALT_GREATER) return dmax;
    if (alt == SSC_ALT_LESS) return -dmin;
    return fmax(fabs(dmax), fabs(dmin));
}

/* Kolmogorov's limiting distribution P(K <= x), the series and stopping rule
 * of R's pkstwo() with tolerance tol: for x < 1 the theta-function form
 * sqrt(2 pi)/x sum_{k odd} exp(-k^2 pi^2 / (8 x^2)), else the alternating
 * series 1 - 2 sum (-1)^(k-1) exp(-2 k^2 x^2). Returned as the upper tail
 * 1 - P so that small p-values keep their digits. */
static double kolmogorov_upper(double x, double tol)
{
    if (x <= 0) return 1.0;
    if (x < 1) {
        int k, kmax = (int)sqrt(2 - log(tol));
        double s = 0, z = -(M_PI_2 * M_PI_4) / (x * x), lw = log(x);
        for (k = 1; k < kmax; k += 2) s += exp(k * k * z - lw);
        return 1.0 - s * sqrt(2 * M_PI);
    } else {
        double sum = 0, term = 1.0, sign = 1.0;
        int k = 1;
        /* R stops once an added term is within tol; same here. */
        while (fabs(term) > tol) {
            term = 2 * sign * exp(-2 * x * x * k * k);
            sum += term;
            sign = -sign;
            k++;
        }
        return sum;
    }
}

/* Number of monotone lattice paths from (0,0) to (nx,ny) whose statistic
 * stays below q at every point where the pooled sorted sample changes value
 * (R's psmirnov(exact = TRUE) with z given). d[u] holds the paths reaching u
 * x-steps after k steps; entries outside the feasible band stay 0. */
static double ks_exact_paths(double q, const obs_t *w, size_t nx, size_t ny, int two_sided,
                             int *err)
{
    size_t n = nx + ny, k, u;
    double *d = calloc(nx + 1, sizeof *d), count;
    if (!d) {
        *err = SSC_ENOMEM;
        return 0;
    }
    d[0] = 1.0;
    for (k = 1; k <= n; k++) {
        size_t lo = k > ny ? k - ny : 0, hi = k < nx ? k : nx;
        for (u = hi; u >= 1 && u >= lo; u--) d[u] += d[u - 1];
        if (lo > 0) d[lo - 1] = 0.0;
        if (k < n && w[k].v == w[k - 1].v) continue; /* inside a run of ties */
        for (u = lo; u <= hi; u++) {
            double dd = (double)u / nx - (double)(k - u) / ny;
            if (two_sided) dd = fabs(dd);
            if (!(q > dd)) d[u] = 0.0;
        }
    }
    count = d[nx];
    free(d);
    return count;
}

static double ks_p_exact(double D, const obs_t *w, size_t nx, size_t ny, int two_sided,
                         int *err)
{
    double mn = (double)nx * (double)ny;
    /* R moves D half a lattice step down so that "D >= observed" is counted
     * robustly against rounding in the cumulative sums. */
    double q = (0.5 + floor(D * mn - 1e-7)) / mn;
    double paths = ks_exact_paths(q, w, nx, ny, two_sided, err);
    double logdenom = lgamma(nx + ny + 1.0) - lgamma(nx + 1.0) - lgamma(ny + 1.0);
    return 1.0 - paths / exp(logdenom);
}

static double ks_p_asymptotic(double D, size_t nx, size_t ny, int two_sided)
{
    double n = (double)nx * (double)ny / (double)(nx + ny);
    if (!two_sided) return exp(-2 * n * D * D);
    if (D < 2.220446049250313e-16) return 1.0;
    return kolmogorov_upper(sqrt(n) * D, 1e-6);
}

int ssc_ks_test(const double *x, size_t nx, const double *y, size_t ny, ssc_alt_t alt,
                int method, ssc_test_t *res)
{
    size_t kx, ky;
    int err = 0, exact;
    obs_t *w;
    if (!check_alt(alt) || !res) return SSC_EINVAL;
    if ((err = pool_checked(x, nx, y, ny, &w, &kx, &ky)) < 0) return err;
    exact = method == SSC_P_AUTO ? (double)kx * (double)ky < 10000 : method == SSC_P_EXACT;
    /* beyond ~1e300 lattice paths the counts overflow */
    if (lgamma(kx + ky + 1.0) - lgamma(kx + 1.0) - lgamma(ky + 1.0) > 690) exact = 0;
    res->nx = kx, res->ny = ky, res->exact = exact;
    res->stat = ks_statistic(w, kx, ky, alt);
    res->p = exact ? ks_p_exact(res->stat, w, kx, ky, alt == SSC_ALT_TWO_SIDED, &err)
                   : ks_p_asymptotic(res->stat, kx, ky, alt == SSC_ALT_TWO_SIDED);
    res->p = fmin(1.0, fmax(0.0, res->p));
    free(w);
    return err;
}

/* ---- Wilcoxon rank sum ---------------------------------------------------- */

/* Sum of the mid-ranks of x, the tie term sum(t^3 - t), and whether any tie exists. */
static double rank_sum_x(const obs_t *w, size_t n, double *tie_term)
{
    double rx = 0.0;
    size_t i = 0, j;
    *tie_term = 0.0;
    while (i < n) {
        double t, mid;
        for (j = i + 1; j < n && w[j].v == w[i].v; j++) {}
        t = (double)(j - i);
        mid = (i + 1 + j) / 2.0; /* ranks i+1..j averaged */
        for (; i < j; i++)
            if (w[i].from_x) rx += mid;
        *tie_term += t * t * t - t;
    }
    return rx;
}

/* Distribution of U for sample sizes m <= n as counts over u = 0..m*n, by the
 * recurrence c(i,j,u) = c(i-1,j,u-j) + c(i,j-1,u) (the last pooled element is
 * either an x, beating all j y's, or a y). a[i] holds c(i, j, .) for the
 * current j; ascending i lets the update run in place. Only additions of
 * non-negative counts: no cancellation in the tails. */
static double *wilcox_counts(size_t m, size_t n)
{
    size_t len = m * n + 1, i, j, u;
    double *a = calloc((m + 1) * len, sizeof *a), *out;
    if (!a) return NULL;
    for (i = 0; i <= m; i++) a[i * len] = 1.0; /* j = 0: U = 0 */
    for (j = 1; j <= n; j++)
        for (i = 1; i <= m; i++)
            for (u = j; u <= i * j; u++) a[i * len + u] += a[(i - 1) * len + u - j];
    if ((out = malloc(len * sizeof *out))) memcpy(out, a + m * len, len * sizeof *out);
    free(a);
    return out;
}

/* P(U <= q) (lower) or P(U > q) (upper), as R's pwilcox; each tail summed
 * on its own so that small tails keep their digits. */
static double pwilcox_tail(const double *c, size_t m, size_t n, double q, int upper)
{
    double total = 0.0, part = 0.0;
    size_t u, mn = m * n;
    for (u = 0; u <= mn; u++) {
        total += c[u];
        if (((double)u <= q) != upper) part += c[u];
    }
    return part / total;
}

static double wilcox_p_exact(double W, size_t m, size_t n, ssc_alt_t alt, int *err)
{
    /* U has the same distribution for (m, n) and (n, m); the smaller one
     * as m keeps the recurrence short */
    double *c = m <= n ? wilcox_counts(m, n) : wilcox_counts(n, m), p;
    if (!c) {
        *err = SSC_ENOMEM;
        return NAN;
    }
    if (alt == SSC_ALT_GREATER) p = pwilcox_tail(c, m, n, W - 1, 1);
    else if (alt == SSC_ALT_LESS) p = pwilcox_tail(c, m, n, W, 0);
    else {
        p = W > m * n / 2.0 ? pwilcox_tail(c, m, n, W - 1, 1) : pwilcox_tail(c, m, n, W, 0);
        p = fmin(2 * p, 1.0);
    }
    free(c);
    return p;
}

static double wilcox_p_normal(double W, size_t nx, size_t ny, double tie_term, ssc_alt_t alt,
                              int correct)
{
    double mx = nx, my = ny, z = W - mx * my / 2, corr = 0.0;
    double sigma = sqrt((mx * my / 12) * ((mx + my + 1) - tie_term / ((mx + my) * (mx + my - 1))));
    if (correct) corr = alt == SSC_ALT_TWO_SIDED ? (z > 0) * 0.5 - (z < 0) * 0.5
                        : alt == SSC_ALT_GREATER ? 0.5 : -0.5;
    z = (z - corr) / sigma; /* all values tied: 0/0, NaN as in R */
    if (alt == SSC_ALT_LESS) return pnorm_lower(z);
    if (alt == SSC_ALT_GREATER) return pnorm_upper(z);
    return 2 * fmin(pnorm_lower(z), pnorm_upper(z));
}

int ssc_wilcox_test(const double *x, size_t nx, const double *y, size_t ny, ssc_alt_t alt,
                    int method, int correct, ssc_test_t *res)
{
    size_t kx, ky;
    int err = 0, exact;
    double tie_term;
    obs_t *w;
    if (!check_alt(alt) || !res) return SSC_EINVAL;
    if ((err = pool_checked(x, nx, y, ny, &w, &kx, &ky)) < 0) return err;
    res->nx = kx, res->ny = ky;
    res->stat = rank_sum_x(w, kx + ky, &tie_term) - kx * (kx + 1.0) / 2;
    free(w);
    exact = method == SSC_P_AUTO ? kx < 50 && ky < 50 : method == SSC_P_EXACT;
    exact = exact && tie_term == 0.0 && (double)kx * (double)ky <= 10000;
    /* with ties R too falls back to the normal approximation */
    res->exact = exact;
    res->p = exact ? wilcox_p_exact(res->stat, kx, ky, alt, &err)
                   : wilcox_p_normal(res->stat, kx, ky, tie_term, alt, correct);
    return err;
}

/* ---- Benjamini-Hochberg -------------------------------------------------- */

static int cmp_p_desc(const void *a, const void *b)
{
    double p = **(const double *const *)a, q = **(const double *const *)b;
    return (p < q) - (p > q);
}

int ssc_p_adjust_bh(const double *p, size_t n, double *q)
{
    const double **o = malloc((n + 1) * sizeof *o);
    double *tmp = malloc((n + 1) * sizeof *tmp), run = INFINITY;
    size_t i, m = 0;
    if (!o || !tmp) {
        free(o), free(tmp);
        return SSC_ENOMEM;
    }
    for (i = 0; i < n; i++)
        if (!isnan(p[i])) o[m++] = &p[i];
    qsort(o, m, sizeof *o, cmp_p_desc);
    /* Largest p first, rank m..1: q = min over ranks >= this of m/rank * p. */
    for (i = 0; i < m; i++) {
        double v = (double)m / (double)(m - i) * *o[i];
        if (v < run) run = v;
        tmp[o[i] - p] = fmin(1.0, run);
    }
    for (i = 0; i < n; i++) q[i] = isnan(p[i]) ? NAN : tmp[i];
    free(o);
    free(tmp);
    return 0;
}

/* ---- hypergeometric tails ------------------------------------------------ */

static double lchoose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

static double ldhyper(long k, long white, long black, long draws)
{
    return lchoose(white, k) + lchoose(black, draws - k) - lchoose(white + black, draws);
}

/* ln P(X >= k) summed upward from k; the terms fall monotonically when k is
 * above the mode, so the sum stops once they no longer change it. */
static double ln_upper_direct(long k, long white, long black, long draws, long hi)
{
    double sum = 1.0, t = 1.0;
    long j;
    for (j = k; j < hi; j++) {
        t *= (double)(white - j) * (double)(draws - j) /
             ((double)(j + 1) * (double)(black - draws + j + 1));
        sum += t;
        if (t < sum * 1e-17) break;
    }
    return ldhyper(k, white, black, draws) + log(sum);
}

/* ln P(X <= k) summed downward from k (k at or below the mode). */
static double ln_lower_direct(long k, long white, long black, long draws, long lo)
{
    double sum = 1.0, t = 1.0;
    long j;
    for (j = k; j > lo; j--) {
        t *= (double)j * (double)(black - draws + j) /
             ((double)(white - j + 1) * (double)(draws - j + 1));
        sum += t;
        if (t < sum * 1e-17) break;
    }
    return ldhyper(k, white, black, draws) + log(sum);
}

static int hyper_bad(long white, long black, long draws)
{
    return white < 0 || black < 0 || draws < 0 || draws > white + black;
}

static long hyper_mode(long white, long black, long draws)
{
    return (long)floor(((double)draws + 1) * ((double)white + 1) / ((double)white + black + 2));
}

double ssc_log10_hyper_upper(long k, long white, long black, long draws)
{
    long lo, hi;
    if (hyper_bad(white, black, draws)) return NAN;
    lo = draws - black > 0 ? draws - black : 0;
    hi = white < draws ? white : draws;
    if (k <= lo) return 0.0;
    if (k > hi) return -INFINITY;
    if (k > hyper_mode(white, black, draws))
        return ln_upper_direct(k, white, black, draws, hi) / LN10;
    return log1p(-exp(ln_lower_direct(k - 1, white, black, draws, lo))) / LN10;
}

double ssc_log10_hyper_lower(long k, long white, long black, long draws)
{
    long lo, hi;
    if (hyper_bad(white, black, draws)) return NAN;
    lo = draws - black > 0 ? draws - black : 0;
    hi = white < draws ? white : draws;
    if (k >= hi) return 0.0;
    if (k < lo) return -INFINITY;
    if (k <= hyper_mode(white, black, draws))
        return ln_lower_direct(k, white, black, draws, lo) / LN10;
    return log1p(-exp(ln_upper_direct(k + 1, white, black, draws, hi))) / LN10;
}

/* ---- descriptive helpers -------------------------------------------------- */

double ssc_mean(const double *x, size_t n)
{
    long double s = 0, t = 0;
    size_t i, m = 0;
    for (i = 0; i < n; i++)
        if (!isnan(x[i])) s += x[i], m++;
    if (!m) return NAN;
    s /= m;
    /* second pass as R's mean(): removes the rounding error of the first */
    for (i = 0; i < n; i++)
        if (!isnan(x[i])) t += x[i] - s;
    return (double)(s + t / m);
}

static int cmp_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

double ssc_median(const double *x, size_t n)
{
    double *v = malloc((n + 1) * sizeof *v), med;
    size_t i, m = 0;
    if (!v) return NAN;
    for (i = 0; i < n; i++)
        if (!isnan(x[i])) v[m++] = x[i];
    if (!m) {
        free(v);
        return NAN;
    }
    qsort(v, m, sizeof *v, cmp_double);
    med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    free(v);
    return med;
}

/* ---- regression on two predictors ---------------------------------------- */

static int row_ok(const double *y, const double *x1, const double *x2, size_t i)
{
    return !isnan(y[i]) && !isnan(x1[i]) && !isnan(x2[i]);
}

/* Centred least squares: the intercept drops out and the slopes solve a 2x2
 * system of centred cross-products (Cramer's rule). */
int ssc_lm2(const double *y, const double *x1, const double *x2, size_t n, double coef[3],
            double *resid)
{
    long double my = 0, m1 = 0, m2 = 0, s11 = 0, s22 = 0, s12 = 0, s1y = 0, s2y = 0, det;
    size_t i, m = 0;
    for (i = 0; i < n; i++)
        if (row_ok(y, x1, x2, i)) my += y[i], m1 += x1[i], m2 += x2[i], m++;
    if (m < 3) return SSC_EINVAL;
    my /= m, m1 /= m, m2 /= m;
    for (i = 0; i < n; i++) {
        long double a, b, c;
        if (!row_ok(y, x1, x2, i)) continue;
        a = x1[i] - m1, b = x2[i] - m2, c = y[i] - my;
        s11 += a * a, s22 += b * b, s12 += a * b, s1y += a * c, s2y += b * c;
    }
    det = s11 * s22 - s12 * s12;
    if (!(det > 1e-12L * s11 * s22)) return SSC_EINVAL;
    coef[1] = (double)((s1y * s22 - s2y * s12) / det);
    coef[2] = (double)((s2y * s11 - s1y * s12) / det);
    coef[0] = (double)(my - coef[1] * m1 - coef[2] * m2);
    if (resid)
        for (i = 0; i < n; i++)
            resid[i] = row_ok(y, x1, x2, i) ? y[i] - (coef[0] + coef[1] * x1[i] + coef[2] * x2[i])
                                            : NAN;
    return 0;
}
