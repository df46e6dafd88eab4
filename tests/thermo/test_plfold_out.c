/* tests/thermo/test_plfold_out.c: outside's vector steps against plain loops, to the bit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "thermo/plfold.c" /* the static helpers */

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_prod__every_length_and_offset__equals_the_scalar_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
