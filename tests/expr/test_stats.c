/* test_stats.c: the statistics module against values computed by R (testdata/stats_samples.R). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "expr/stats.h"

/* ---- fixture: testdata/stats_samples.tsv (set, group, value) ---- */

#define MAXV 2100
typedef struct {
    double v[MAXV];
    size_t n;
} sample_t;

static int load_sample(const char *set, const char *group, sample_t *s)
{
    char line[256], sname[64], gname[16];
    double v;
    FILE *fp = fopen("testdata/stats_samples.tsv", "r");
    if (!fp) return -1;
    s->n = 0;
    if (!fgets(line, sizeof line, fp)) goto fail; /* header */
    while (fgets(line, sizeof line, fp)) {
        if (sscanf(line, "%63s %15s %lf", sname, gname, &v) != 3) goto fail;
        if (!strcmp(sname, set) && !strcmp(gname, group) && s->n < MAXV) s->v[s->n++] = v;
    }
    fclose(fp);
    return s->n ? 0 : -1;
fail:
    fclose(fp);
    return -1;
}

static sample_t sx, sy;

static void load_set(const char *set)
{
    assert_int_equal(load_sample(set, "x", &sx), 0);
    assert_int_equal(load_sample(set, "y", &sy), 0);
}

/* p-values agree with R to 1e-7 relative (R prints 4 significant digits). */
static void assert_p(double got, double want)
{
    if (fabs(got - want) > 1e-7 * fabs(want) + 1e-15) {
        print_error("p = %.12g, R gives %.12g\n", got, want);
        fail();
    }
}

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.12g, R gives %.12g\n", got, want);
        fail();
    }
}

/* Expected values: the output of `Rscript stats_samples.R` (R 4.2.2), where
 * ks = ks.test(x, y, alternative), wilcox = wilcox.test(x, y, alternative)
 * with R's default exact/correct, wnorm = wilcox.test(..., exact = FALSE,
 * correct = TRUE). */
typedef struct {
    const char *test, *set;
    ssc_alt_t alt;
    double stat, p;
} rcase_t;

static const rcase_t rcases[] = {
    {"ks", "small", SSC_ALT_TWO_SIDED, 0.4, 0.18239056228},
    {"wilcox", "small", SSC_ALT_TWO_SIDED, 127, 0.0745895330496},
    {"wnorm", "small", SSC_ALT_TWO_SIDED, 127, 0.0749095701583},
    {"ks", "small", SSC_ALT_LESS, 0.4, 0.0912245036488},
    {"wilcox", "small", SSC_ALT_LESS, 127, 0.966659936286},
    {"wnorm", "small", SSC_ALT_LESS, 127, 0.966361019731},
    {"ks", "small", SSC_ALT_GREATER, -4.16333634234e-17, 1},
    {"wilcox", "small", SSC_ALT_GREATER, 127, 0.0372947665248},
    {"wnorm", "small", SSC_ALT_GREATER, 127, 0.0374547850792},
    {"ks", "ties", SSC_ALT_TWO_SIDED, 0.485714285714, 0.0889373952202},
    {"wilcox", "ties", SSC_ALT_TWO_SIDED, 98.5, 0.100735755356},
    {"wnorm", "ties", SSC_ALT_TWO_SIDED, 98.5, 0.100735755356},
    {"ks", "ties", SSC_ALT_LESS, 0.485714285714, 0.0456574766374},
    {"wilcox", "ties", SSC_ALT_LESS, 98.5, 0.955426529867},
    {"wnorm", "ties", SSC_ALT_LESS, 98.5, 0.955426529867},
    {"ks", "ties", SSC_ALT_GREATER, 0.0714285714286, 0.897441231537},
    {"wilcox", "ties", SSC_ALT_GREATER, 98.5, 0.0503678776782},
    {"wnorm", "ties", SSC_ALT_GREATER, 98.5, 0.0503678776782},
    {"ks", "large", SSC_ALT_TWO_SIDED, 0.0566666666667, 0.92829498643},
    {"wilcox", "large", SSC_ALT_TWO_SIDED, 23505.5, 0.732201272625},
    {"wnorm", "large", SSC_ALT_TWO_SIDED, 23505.5, 0.732201272625},
    {"ks", "large", SSC_ALT_LESS, 0.0341666666667, 0.806127935218},
    {"wilcox", "large", SSC_ALT_LESS, 23505.5, 0.366100636312},
    {"wnorm", "large", SSC_ALT_LESS, 23505.5, 0.366100636312},
    {"ks", "large", SSC_ALT_GREATER, 0.0566666666667, 0.552766000367},
    {"wilcox", "large", SSC_ALT_GREATER, 23505.5, 0.634159968343},
    {"wnorm", "large", SSC_ALT_GREATER, 23505.5, 0.634159968343},
    {"ks", "shift", SSC_ALT_TWO_SIDED, 0.505065217391, 1.83180408516e-05},
    {"wilcox", "shift", SSC_ALT_TWO_SIDED, 9611, 1.53515193698e-06},
    {"wnorm", "shift", SSC_ALT_TWO_SIDED, 9611, 1.53515193698e-06},
    {"ks", "shift", SSC_ALT_LESS, 4.85722573274e-17, 1},
    {"wilcox", "shift", SSC_ALT_LESS, 9611, 7.67575968488e-07},
    {"wnorm", "shift", SSC_ALT_LESS, 9611, 7.67575968488e-07},
    {"ks", "shift", SSC_ALT_GREATER, 0.505065217391, 9.15902042586e-06},
    {"wilcox", "shift", SSC_ALT_GREATER, 9611, 0.999999233801},
    {"wnorm", "shift", SSC_ALT_GREATER, 9611, 0.999999233801},
};

/* Runs every R case of one test on one set; exact_want: -1 = do not check. */
static void check_cases(const char *test, const char *set, int exact_want)
{
    size_t i, seen = 0;
    load_set(set);
    for (i = 0; i < sizeof rcases / sizeof rcases[0]; i++) {
        const rcase_t *c = &rcases[i];
        ssc_test_t r;
        int rc;
        if (strcmp(c->test, test) || strcmp(c->set, set)) continue;
        if (!strcmp(test, "ks"))
            rc = ssc_ks_test(sx.v, sx.n, sy.v, sy.n, c->alt, SSC_P_AUTO, &r);
        else
            rc = ssc_wilcox_test(sx.v, sx.n, sy.v, sy.n, c->alt,
                                 !strcmp(test, "wnorm") ? SSC_P_ASYMPTOTIC : SSC_P_AUTO, 1, &r);
        assert_int_equal(rc, 0);
        assert_close(r.stat, c->stat, 1e-9);
        assert_p(r.p, c->p);
        if (exact_want >= 0) assert_int_equal(r.exact, exact_want);
        seen++;
    }
    assert_int_equal(seen, 3);
}

static void ks__small_samples_without_ties__match_r_exact(void **state)
{
    (void)state;
    check_cases("ks", "small", 1);
}

static void ks__small_samples_with_ties__match_r_exact(void **state)
{
    (void)state;
    check_cases("ks", "ties", 1);
}

static void ks__large_samples__match_r_asymptotic(void **state)
{
    (void)state;
    check_cases("ks", "large", 0);
    check_cases("ks", "shift", 0);
}

/* One KS p-value with the method forced, against R. */
static void check_ks_forced(const char *set, ssc_alt_t alt, int method, double want)
{
    ssc_test_t r;
    load_set(set);
    assert_int_equal(ssc_ks_test(sx.v, sx.n, sy.v, sy.n, alt, method, &r), 0);
    assert_int_equal(r.exact, method == SSC_P_EXACT);
    assert_p(r.p, want);
}

static void ks__forced_asymptotic__matches_r(void **state)
{
    /* ks.test(x, y, exact = FALSE) and with alternative = "less" */
    (void)state;
    check_ks_forced("small", SSC_ALT_TWO_SIDED, SSC_P_ASYMPTOTIC, 0.236490071437);
    check_ks_forced("small", SSC_ALT_LESS, SSC_P_ASYMPTOTIC, 0.118441829014);
}

static void ks__forced_exact_with_ties__matches_r(void **state)
{
    /* ks.test(x, y, exact = TRUE) on the large set (120 x 400, with ties) */
    (void)state;
    check_ks_forced("large", SSC_ALT_TWO_SIDED, SSC_P_EXACT, 0.910745515835);
    check_ks_forced("large", SSC_ALT_GREATER, SSC_P_EXACT, 0.531641925567);
}

static void ks__exact_beyond_double_range__falls_back_to_asymptotic(void **state)
{
    /* choose(1400, 700) lattice paths exceed a double */
    static double x[700], y[700];
    ssc_test_t r;
    int i;
    (void)state;
    for (i = 0; i < 700; i++) x[i] = i, y[i] = i + 0.5;
    assert_int_equal(ssc_ks_test(x, 700, y, 700, SSC_ALT_TWO_SIDED, SSC_P_EXACT, &r), 0);
    assert_int_equal(r.exact, 0);
    assert_true(r.p > 0.99);
}

static void ks__one_sided_less__is_the_mirror_of_greater(void **state)
{
    ssc_test_t a, b;
    (void)state;
    load_set("ties");
    assert_int_equal(ssc_ks_test(sx.v, sx.n, sy.v, sy.n, SSC_ALT_LESS, SSC_P_AUTO, &a), 0);
    assert_int_equal(ssc_ks_test(sy.v, sy.n, sx.v, sx.n, SSC_ALT_GREATER, SSC_P_AUTO, &b), 0);
    assert_close(a.stat, b.stat, 1e-12);
}

static void ks__empty_sample_or_bad_alternative__is_rejected(void **state)
{
    double x[2] = {1, NAN}, y[1] = {NAN};
    ssc_test_t r;
    (void)state;
    assert_int_equal(ssc_ks_test(x, 2, y, 1, SSC_ALT_TWO_SIDED, SSC_P_AUTO, &r), SSC_EINVAL);
    assert_int_equal(ssc_ks_test(x, 1, x, 1, (ssc_alt_t)7, SSC_P_AUTO, &r), SSC_EINVAL);
    assert_int_equal(ssc_wilcox_test(x, 0, x, 1, SSC_ALT_LESS, SSC_P_AUTO, 1, &r), SSC_EINVAL);
}

static void wilcox__small_samples_without_ties__match_r_exact(void **state)
{
    (void)state;
    check_cases("wilcox", "small", 1);
}

static void wilcox__forced_exact_beyond_r_default__matches_r(void **state)
{
    /* wilcox.test(x, y, exact = TRUE) on the mid set (60 x 70, no ties) */
    ssc_test_t r;
    (void)state;
    load_set("mid");
    assert_int_equal(ssc_wilcox_test(sx.v, sx.n, sy.v, sy.n, SSC_ALT_TWO_SIDED, SSC_P_EXACT, 1, &r), 0);
    assert_int_equal(r.exact, 1);
    assert_close(r.stat, 2485, 1e-9);
    assert_p(r.p, 0.0724712597224);
    assert_int_equal(ssc_wilcox_test(sx.v, sx.n, sy.v, sy.n, SSC_ALT_GREATER, SSC_P_EXACT, 1, &r), 0);
    assert_p(r.p, 0.0362356298612);
    /* by default (60 >= 50) R uses the normal approximation */
    assert_int_equal(ssc_wilcox_test(sx.v, sx.n, sy.v, sy.n, SSC_ALT_GREATER, SSC_P_AUTO, 1, &r), 0);
    assert_int_equal(r.exact, 0);
}

static void wilcox__ties__fall_back_to_normal_like_r(void **state)
{
    (void)state;
    check_cases("wilcox", "ties", 0);
}

static void wilcox__normal_with_continuity_correction__matches_r(void **state)
{
    (void)state;
    check_cases("wnorm", "small", 0);
    check_cases("wnorm", "ties", 0);
    check_cases("wnorm", "large", 0);
    check_cases("wnorm", "shift", 0);
    check_cases("wilcox", "large", 0);
    check_cases("wilcox", "shift", 0);
}

static void p_adjust_bh__matches_r_and_keeps_na(void **state)
{
    /* p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, NA, 0.04, 0.9, 1e-5, 0.5), "BH") */
    const double p[10] = {0.01, 0.04, 0.03, 0.005, 0.2, NAN, 0.04, 0.9, 1e-5, 0.5};
    const double want[10] = {0.03, 0.06, 0.06, 0.0225, 0.257142857143, NAN, 0.06, 0.9, 9e-05, 0.5625};
    double q[10];
    int i;
    (void)state;
    assert_int_equal(ssc_p_adjust_bh(p, 10, q), 0);
    for (i = 0; i < 10; i++) {
        if (isnan(want[i])) assert_true(isnan(q[i]));
        else assert_close(q[i], want[i], 1e-12);
    }
}

/* R: phyper(k - 1, w, b, n, lower.tail = FALSE, log.p = TRUE) / log(10) */
static void hyper_upper__sylamer_scale_counts__match_r(void **state)
{
    (void)state;
    /* fly miR-1, bin 200: ACATTCC 29 of 61 in 64,125 of 798,277 positions
     * (Sylamer prints 15.5435), CATTCCA 40 of 77 (Sylamer: 23.0077) */
    assert_close(ssc_log10_hyper_upper(29, 61, 798277 - 61, 64125), -15.5435043121, 1e-7);
    assert_close(ssc_log10_hyper_upper(40, 77, 798277 - 77, 64125), -23.0077248613, 1e-7);
    assert_close(ssc_log10_hyper_upper(5, 61, 798277 - 61, 64125), -0.260763888418, 1e-9);
    assert_close(ssc_log10_hyper_upper(3000, 9000, 791000, 240000), -11.4691020146, 1e-7);
    assert_close(ssc_log10_hyper_upper(1, 5, 20, 10), -0.0252681021691, 1e-11);
}

/* R: phyper(k, w, b, n, log.p = TRUE) / log(10) */
static void hyper_lower__matches_r(void **state)
{
    (void)state;
    assert_close(ssc_log10_hyper_lower(1, 61, 798277 - 61, 500000), -24.0672407416, 1e-7);
    assert_close(ssc_log10_hyper_lower(2100, 9000, 791000, 240000), -45.3440373211, 1e-7);
    assert_close(ssc_log10_hyper_lower(40, 61, 798277 - 61, 721718), -6.9564425794, 1e-7);
    assert_close(ssc_log10_hyper_lower(0, 5, 20, 10), -1.24778448371, 1e-11);
    assert_close(ssc_log10_hyper_lower(30, 61, 798277 - 61, 64125), -9.9799246876e-19, 1e-20);
}

static void hyper__impossible_and_certain_tails__are_exact(void **state)
{
    (void)state;
    assert_true(ssc_log10_hyper_upper(0, 61, 1000, 100) == 0.0);
    assert_true(isinf(ssc_log10_hyper_upper(62, 61, 1000, 100)));
    assert_true(ssc_log10_hyper_lower(61, 61, 1000, 100) == 0.0);
    assert_true(isinf(ssc_log10_hyper_lower(-1, 61, 1000, 100)));
    /* 10 draws from 12 balls of which 5 white: at least 3 white are certain */
    assert_true(ssc_log10_hyper_upper(3, 5, 7, 10) == 0.0);
    assert_true(isnan(ssc_log10_hyper_upper(1, 5, 7, 13)));
}

/* R: lm(y ~ x1 + x2) with the vectors below (stats_samples.R) */
static const double ly[12] = {-0.52, 0.13, -1.10, 0.44, 0.05, -0.31, 0.92, -0.08, 0.27, -0.66, 0.18, -0.02};
static const double llen[12] = {812, 240, 3021, 455, 1200, 980, 150, 2210, 640, 1733, 377, 890};
static const double lgc[12] = {0.41, 0.38, 0.35, 0.47, 0.40, 0.33, 0.52, 0.37, 0.44, 0.36, 0.49, 0.39};

static void lm2__coefficients_and_residuals__match_r(void **state)
{
    double x1[12], coef[3], res[12];
    int i;
    (void)state;
    for (i = 0; i < 12; i++) x1[i] = log(llen[i]);
    assert_int_equal(ssc_lm2(ly, x1, lgc, 12, coef, res), 0);
    assert_close(coef[0], 0.535213802615, 1e-10);
    assert_close(coef[1], -0.311220274922, 1e-10);
    assert_close(coef[2], 3.59769406985, 1e-10);
    assert_close(res[0], -0.44524803355, 1e-10);
    assert_close(res[4], 0.282284231492, 1e-10);
    assert_close(res[11], 0.155251320828, 1e-10);
}

static void lm2__collinear_predictors__are_rejected(void **state)
{
    double x2[12], coef[3];
    int i;
    (void)state;
    for (i = 0; i < 12; i++) x2[i] = 2 * lgc[i] + 1;
    assert_int_equal(ssc_lm2(ly, lgc, x2, 12, coef, NULL), SSC_EINVAL);
    assert_int_equal(ssc_lm2(ly, llen, lgc, 2, coef, NULL), SSC_EINVAL);
}

static void mean_and_median__match_r_and_skip_nan(void **state)
{
    double v[13];
    (void)state;
    memcpy(v, ly, sizeof ly);
    v[12] = NAN;
    assert_close(ssc_mean(v, 13), -0.0583333333333, 1e-12);
    assert_close(ssc_median(v, 13), 0.015, 1e-15); /* median(y): even n */
    assert_close(ssc_median(v, 11), 0.05, 1e-15);  /* median(y[-12]): odd n */
    assert_true(isnan(ssc_median(v + 12, 1)));
    assert_true(isnan(ssc_mean(v, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ks__small_samples_without_ties__match_r_exact),
        cmocka_unit_test(ks__small_samples_with_ties__match_r_exact),
        cmocka_unit_test(ks__large_samples__match_r_asymptotic),
        cmocka_unit_test(ks__forced_asymptotic__matches_r),
        cmocka_unit_test(ks__forced_exact_with_ties__matches_r),
        cmocka_unit_test(ks__exact_beyond_double_range__falls_back_to_asymptotic),
        cmocka_unit_test(ks__one_sided_less__is_the_mirror_of_greater),
        cmocka_unit_test(ks__empty_sample_or_bad_alternative__is_rejected),
        cmocka_unit_test(wilcox__small_samples_without_ties__match_r_exact),
        cmocka_unit_test(wilcox__forced_exact_beyond_r_default__matches_r),
        cmocka_unit_test(wilcox__ties__fall_back_to_normal_like_r),
        cmocka_unit_test(wilcox__normal_with_continuity_correction__matches_r),
        cmocka_unit_test(p_adjust_bh__matches_r_and_keeps_na),
        cmocka_unit_test(hyper_upper__sylamer_scale_counts__match_r),
        cmocka_unit_test(hyper_lower__matches_r),
        cmocka_unit_test(hyper__impossible_and_certain_tails__are_exact),
        cmocka_unit_test(lm2__coefficients_and_residuals__match_r),
        cmocka_unit_test(lm2__collinear_predictors__are_rejected),
        cmocka_unit_test(mean_and_median__match_r_and_skip_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
