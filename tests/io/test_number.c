/* test_number.c: ssc_dec against the C library's strtod, the reference it must equal: the same
 * bits (so -0 and +0 differ) and the same end, on hand-picked texts and a few million random ones;
 * ssc_put_uint against printf's %llu. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include "io/io.h"

static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

/* 1 when ssc_dec and strtod agree on s (value bits and end); prints the first disagreement. */
static int same_as_strtod(const char *s)
{
    char *e1, *e2;
    double a = ssc_dec(s, &e1), b = strtod(s, &e2);
    if (bits(a) == bits(b) && e1 == e2 && bits(ssc_dec(s, NULL)) == bits(b)) return 1;
    fprintf(stderr, "'%s': ssc_dec %.17g end +%d, strtod %.17g end +%d\n", s, a, (int)(e1 - s), b,
            (int)(e2 - s));
    return 0;
}

static void dec__hand_picked_texts__equal_strtod(void **state)
{
    (void)state;
    static const char *const t[] = {
        "0", "-0", "+0", "0.0", "-0.000", "1", "-1", "4.371", "-0.590", "0.340", "0.1", "0.2", "0.3",
        "5.", ".5", "-.5", "+.25", ".", "-", "+", "", "-.", "1.2.3", "1e5", "1E-3", "2.5e", "0x1A",
        "0X10", "-0x8", "0x", " 1", "\t2", "inf", "-inf", "nan", "NaN", "infinity", "1,5", "12abc",
        "7\t8", "999999999999999", "9999999999999999", "9007199254740993", "123456789012345.6",
        "12345678901234.5", "0.000000000000000000001", "0.0000000000000000000001",
        "0.00000000000000000000001", "1.0000000000000000", "100000000000000000000000",
        "000000000000000000000000000012.5", "0.000000000000000000000000", "-999999999999999.0",
        "3.141592653589793", "2.718281828459045", "0.30000000000000004", "1.7976931348623157e308",
        "4.9e-324", "1e400", "-1e-400", "NA", "too_close",
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) assert_true(same_as_strtod(t[i]));
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* Random plain decimals of 1 to 17 digits with the point anywhere (or none), signed or not, with
 * and without leading and trailing zeros and a trailing tab or letter: the fast path's texts and
 * the ones just past its limits. */
static void dec__random_plain_decimals__equal_strtod(void **state)
{
    (void)state;
    char s[64];
    int bad = 0;
    for (int n = 0; n < 2000000 && bad < 5; n++) {
        int len = 0, nd = 1 + (int)(next() % 17), point = (int)(next() % (nd + 2)) - 1;
        uint64_t r = next();
        if (r & 1) s[len++] = r & 2 ? '-' : '+';
        int lz = r >> 2 & 1 ? (int)(r >> 3 & 7) : 0;
        for (int i = 0; i < lz; i++) s[len++] = '0';
        for (int i = 0; i < nd; i++) {
            if (i == point) s[len++] = '.';
            s[len++] = (char)('0' + next() % 10);
        }
        if (point == nd) s[len++] = '.';
        int tz = r >> 6 & 1 ? (int)(r >> 7 & 15) : 0;
        for (int i = 0; i < tz; i++) s[len++] = '0';
        static const char tail[] = "\t\0x.eE5 ,";
        if (r >> 11 & 1) s[len++] = tail[(r >> 12) % (sizeof tail - 1)];
        s[len] = 0;
        bad += !same_as_strtod(s);
    }
    assert_int_equal(bad, 0);
}

/* Random short texts over the characters a number can hold and a few it cannot. */
static void dec__random_texts__equal_strtod(void **state)
{
    (void)state;
    static const char alpha[] = "0123456789012345678901234567890123456789..--+eExX \tabinf";
    char s[32];
    int bad = 0;
    for (int n = 0; n < 2000000 && bad < 5; n++) {
        int len = 1 + (int)(next() % 24);
        for (int i = 0; i < len; i++) s[i] = alpha[next() % (sizeof alpha - 1)];
        s[len] = 0;
        bad += !same_as_strtod(s);
    }
    assert_int_equal(bad, 0);
}

/* Every text m / 10^k the fast path takes at its edges: 15 significant digits next to powers of
 * two (where rounding ties are closest) over every k of 0 to 22. */
static void dec__fifteen_digits_at_every_scale__equal_strtod(void **state)
{
    (void)state;
    char digits[32], s[64];
    int bad = 0;
    for (int e = 30; e <= 49 && bad < 5; e++)
        for (int64_t dm = -50; dm <= 50; dm++) {
            uint64_t m = (1ull << e) + (uint64_t)dm;
            int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)m);
            if (nd > 15) continue;
            for (int k = 0; k <= 22; k++) {
                int len = 0;
                if (k >= nd) {
                    len += sprintf(s, "0.");
                    for (int z = 0; z < k - nd; z++) s[len++] = '0';
                    len += sprintf(s + len, "%s", digits);
                } else {
                    len += sprintf(s, "%.*s.%s", nd - k, digits, digits + nd - k);
                }
                bad += !same_as_strtod(s);
            }
        }
    assert_int_equal(bad, 0);
}

/* 1 when ssc_put_uint writes v as printf does, and nothing past its end. */
static int put_uint_ok(uint64_t v)
{
    char want[32], got[32];
    int n = snprintf(want, sizeof want, "%" PRIu64, v);
    memset(got, '#', sizeof got);
    char *e = ssc_put_uint(got, v);
    if (e - got == n && memcmp(got, want, (size_t)n) == 0 && got[n] == '#') return 1;
    fprintf(stderr, "%s: ssc_put_uint wrote %d bytes '%.*s'\n", want, (int)(e - got), (int)(e - got), got);
    return 0;
}

static void put_uint__every_value_to_a_million_and_every_length__equal_printf(void **state)
{
    (void)state;
    for (uint64_t v = 0; v <= 1000000; v++) assert_true(put_uint_ok(v));
    /* each power of ten and its neighbours (the digit count changes there), the largest value */
    for (uint64_t p = 10; ; p *= 10) {
        assert_true(put_uint_ok(p - 1));
        assert_true(put_uint_ok(p));
        assert_true(put_uint_ok(p + 1));
        if (p > UINT64_MAX / 10) break;
    }
    assert_true(put_uint_ok(UINT64_MAX));
    assert_true(put_uint_ok(UINT64_MAX - 1));
    /* random values of every bit length */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        assert_true(put_uint_ok(x >> (i % 64)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dec__hand_picked_texts__equal_strtod),
        cmocka_unit_test(dec__random_plain_decimals__equal_strtod),
        cmocka_unit_test(dec__random_texts__equal_strtod),
        cmocka_unit_test(dec__fifteen_digits_at_every_scale__equal_strtod),
        cmocka_unit_test(put_uint__every_value_to_a_million_and_every_length__equal_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
