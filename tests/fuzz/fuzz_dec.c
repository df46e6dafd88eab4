/* fuzz_dec.c: libFuzzer target for ssc_dec, the decimal reader of the parameter and site tables:
 * on any text it must give strtod's value (the same bits) and stop where strtod stops.
 * Input: the text (a NUL ends it early, as it ends a C string). */
#include "fuzz.h"
#include "io/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = 0;
    char *e1, *e2;
    double a = ssc_dec(s, &e1), b = strtod(s, &e2);
    if (memcmp(&a, &b, sizeof a) != 0) abort(); /* NaN texts go to strtod itself: same bits */
    if (e1 != e2) abort();
    free(s);
    return 0;
}
