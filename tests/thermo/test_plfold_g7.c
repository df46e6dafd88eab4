/* tests/thermo/test_plfold_g7.c: ssc_plfold_g7 against printf's "%.7g" over every binary exponent, every digit pattern class and the rounding boundaries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/plfold.h"

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s;
}

static void same_as_printf(double x)
{
    char a[64], b[64];
    int la = ssc_plfold_g7(a, x), lb = snprintf(b, sizeof b, "%.7g", x);
    if (la != lb || strcmp(a, b) != 0) fail_msg("%.17g: '%s', printf '%s'", x, a, b);
}

/* Every binary exponent of a double, with random mantissas and the extreme ones. */
static void g7__every_binary_exponent__equals_printf(void **state)
{
    uint64_t s = 0x2545f4914f6cdd1du;
    (void)state;
    for (uint64_t ex = 0; ex < 2047; ex++) {
        same_as_printf(ldexp(1.0, (int)ex - 1023)), same_as_printf(nextafter(ldexp(1.0, (int)ex - 1022), 0));
        for (int r = 0; r < 24; r++) {
            uint64_t bits = ex << 52 | (next(&s) & ((UINT64_C(1) << 52) - 1));
            double x;
            memcpy(&x, &bits, sizeof x);
            same_as_printf(x);
        }
    }
}

/* Decimal exponents -12 .. 12 (the probabilities' range and beyond): seven-digit numbers m with
 * every count of trailing zeros, m + 1/2 and its neighbours (the ties and the values beside
 * them), and the roll-over 9999999.5 -> 10000000. */
static void g7__digits_ties_and_rollover__equal_printf(void **state)
{
    (void)state;
    for (int e = -12; e <= 12; e++) {
        double p = pow(10, e - 6);
        for (uint32_t m = 1000000; m < 10000000; m += 7919) {
            for (uint32_t z = 1; z <= 1000000; z *= 10) same_as_printf((double)(m / z * z) * p);
            double h = ((double)m + 0.5) * p;
            same_as_printf(h), same_as_printf(nextafter(h, 0)), same_as_printf(nextafter(h, INFINITY));
        }
        for (int k = -2; k <= 2; k++) {
            double r = 9999999.5 * p;
            for (int t = 0; t < abs(k); t++) r = nextafter(r, k < 0 ? 0 : INFINITY);
            same_as_printf(r), same_as_printf(1e6 * p), same_as_printf(nextafter(1e6 * p, 0));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(g7__every_binary_exponent__equals_printf),
        cmocka_unit_test(g7__digits_ties_and_rollover__equal_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
