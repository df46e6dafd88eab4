/* tests/thermo/test_plfold_out.c: outside's vector steps and fast path against plain loops, to the bit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "thermo/plfold.c" /* the static helpers */
#include "thermo_test.h"
#include "testutil.h"

/* Doubles of varied exponents and mantissas (a fixed xorshift stream), so that a product taken
 * in another order or fused would round differently somewhere. */
static double draw(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return ldexp((double)(*s >> 11) / 9007199254740992.0 + 0.5, (int)(*s % 41) - 20);
}

enum { NMAX = 3 * XL + 3, OFF = XL };

typedef void prod3_f(double *, const double *, const double *, double, int64_t);
typedef void prod2_f(double *, const double *, double, int64_t);
static void prod3_default(double *y, const double *a, const double *b, double c, int64_t n) { add_prod3(y, a, b, c, n); }
static void prod2_default(double *y, const double *a, double c, int64_t n) { add_prod2(y, a, c, n); }
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HAVE_AVX2_TEST 1 /* the helpers as outside's AVX2 clones compile them */
__attribute__((target("avx2"))) static void prod3_avx2(double *y, const double *a, const double *b, double c, int64_t n) { add_prod3(y, a, b, c, n); }
__attribute__((target("avx2"))) static void prod2_avx2(double *y, const double *a, double c, int64_t n) { add_prod2(y, a, c, n); }
#endif

/* Every length 0..NMAX at every start offset 0..OFF-1 (the vector loops' tails and
 * misalignment), against the scalar loops written out here. */
static void check_add_prod(prod3_f *prod3, prod2_f *prod2)
{
    uint64_t s = 0x9e3779b97f4a7c15u;
    double a[NMAX + OFF], b[NMAX + OFF], y0[NMAX + OFF], y[NMAX + OFF], want[NMAX + OFF];
    for (int n = 0; n <= NMAX; n++)
        for (int o = 0; o < OFF; o++) {
            double c = draw(&s);
            for (int t = 0; t < NMAX + OFF; t++) a[t] = draw(&s), b[t] = draw(&s), y0[t] = draw(&s);
            memcpy(want, y0, sizeof want), memcpy(y, y0, sizeof y);
            for (int t = o; t < o + n; t++) want[t] = want[t] + (a[t] * b[t]) * c;
            prod3(y + o, a + o, b + o, c, n);
            assert_memory_equal(y, want, sizeof y);
            memcpy(want, y0, sizeof want), memcpy(y, y0, sizeof y);
            for (int t = o; t < o + n; t++) want[t] = want[t] + a[t] * c;
            prod2(y + o, a + o, c, n);
            assert_memory_equal(y, want, sizeof y);
        }
}

static void add_prod__every_length_and_offset__equals_the_scalar_loop(void **state)
{
    (void)state;
    check_add_prod(prod3_default, prod2_default);
#ifdef HAVE_AVX2_TEST
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) check_add_prod(prod3_avx2, prod2_avx2);
#endif
}

/* Every emitted row of a fold: row i's u + 1 values at p + i (u + 1). */
typedef struct {
    int u;
    double *p;
} rows_t;

static int rows_emit(void *data, int64_t i, const double *p, int nu)
{
    rows_t *r = data;
    memcpy(r->p + i * (r->u + 1), p, sizeof *p * (size_t)(nu + 1));
    return 0;
}

static void fold_rows(ssc_plfold_t *f, const char *seq, int64_t n, int plain, double *p)
{
    rows_t r = { f->opt.u, p };
    f->oi_plain = plain;
    memset(p, 0, sizeof *p * (size_t)(n + 1) * (f->opt.u + 1));
    assert_int_equal(ssc_plfold_seq(f, seq, n, rows_emit, &r), 0);
}

/* outside_interior's fast path (outer pairs whose weights forward kept, read by a place per
 * partner) against its general loops (oi_plain), which weigh by woff and cb term by term: the
 * same bits, on random RNA and on runs of G and C, whose columns overflow the kept weights'
 * blocks (marked outer pairs: the general loops), for window/span/u sets where the path runs
 * (span <= the flat list's reach, W <= WC_MAXW) and where it does not. */
static void outside_interior__fast_path__equals_the_general_loops(void **state)
{
    static const int opts[][4] = { { 80, 40, 20, 0 }, { 80, 40, 20, 1 }, { 30, 8, 10, 0 }, { 40, 40, 40, 0 },
                                   { 120, 36, 25, 0 }, { 25, 3, 5, 0 }, { 80, 48, 20, 0 } };
    enum { N = 700 };
    uint64_t s = 2026;
    ssc_th_params_t *P = tt_turner2004();
    ssc_th_pf_t *PF = P ? ssc_th_pf_init(P) : NULL;
    char *seq = malloc(N + 1);
    double *a = calloc((size_t)(N + 1) * 41, sizeof(double)), *b = calloc((size_t)(N + 1) * 41, sizeof(double));
    (void)state;
    assert_non_null(PF);
    for (size_t c = 0; c < sizeof opts / sizeof *opts; c++)
        for (int kind = 0; kind < 2; kind++) {
            ssc_plfold_opt_t o = { opts[c][0], opts[c][1], opts[c][2], opts[c][3] };
            ssc_plfold_t *f = ssc_plfold_init(PF, &o);
            assert_non_null(f);
            for (int x = 0; x < N; x++) /* kind 1: G30 C30 repeats with a few random letters */
                seq[x] = kind ? ((x / 30) % 2 ? 'C' : 'G') : "ACGUGCGCAUGC"[tu_rand(&s) % 12];
            if (kind)
                for (int x = 0; x < 12; x++) seq[tu_rand(&s) % N] = "ACGU"[tu_rand(&s) % 4];
            seq[N] = 0;
            fold_rows(f, seq, N, 0, a);
            fold_rows(f, seq, N, 1, b);
            for (int64_t x = 0; x < (int64_t)(N + 1) * (o.u + 1); x++)
                if (memcmp(a + x, b + x, sizeof *a)) {
                    print_error("W %d L %d u %d kind %d: row %lld l %lld: %.17g fast, %.17g general\n", o.W, o.L, o.u,
                                kind, (long long)(x / (o.u + 1)), (long long)(x % (o.u + 1)), a[x], b[x]);
                    fail();
                }
            ssc_plfold_destroy(f);
        }
    free(seq), free(a), free(b), free(PF);
    ssc_th_params_destroy(P);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_prod__every_length_and_offset__equals_the_scalar_loop),
        cmocka_unit_test(outside_interior__fast_path__equals_the_general_loops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
