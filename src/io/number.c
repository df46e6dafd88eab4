/* number.c: decimal text to double, as strtod reads it, without strtod's cost for the short
 * plain decimals of parameter and site tables. */
#include <float.h>
#include <stdlib.h>
#include "io/io.h"

/* 10^0 .. 10^22: every one is a double exactly (5^22 < 2^53). */
static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A text of the form [+-]digits[.digits] (at least one digit, nothing else) with at most 15
 * significant digits is m / 10^k for an integer m < 10^15 < 2^53 and k <= 22: both are doubles
 * exactly, so the one division is the correctly rounded quotient, which is what strtod returns
 * (it rounds the exact decimal value to nearest, as IEEE division rounds the exact quotient).
 * Anything else (exponents, more digits, spaces, hex, inf, nan, a second point) goes to strtod;
 * so does every text where doubles are evaluated in a wider type (the quotient rounded twice). */
double ssc_dec(const char *s, char **end)
{
    const char *p = s;
    int neg = 0, nd = 0, k = 0, dot = 0;
    uint64_t m = 0;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    for (;; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d < 10) {
            if (m || d) nd++; /* leading zeros are not significant */
            m = m * 10 + d;
            k += dot;
            if (nd > 15) break;
        } else if (*p == '.' && !dot) {
            dot = 1;
        } else {
            break;
        }
    }
    int digits = (int)(p - s) - (neg || *s == '+') - dot;
    char c = *p;
#if FLT_EVAL_METHOD == 0
    if (nd <= 15 && digits > 0 && k <= 22 && !(c >= '0' && c <= '9') && c != '.' && c != 'e' &&
        c != 'E' && c != 'x' && c != 'X') {
        double v = (double)m / pow10_exact[k];
        if (end) *end = (char *)p;
        return neg ? -v : v;
    }
#else
    (void)digits, (void)c;
#endif
    return strtod(s, end);
}
