/* fuzz_lunp.c: libFuzzer target for RNAplfold _lunp files (unpaired probabilities by position).
 * Input: the file. */
#include "fuzz.h"
#include "targetscan/contextpp.h"

static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    ssc_cpp_lunp_t *l = ssc_cpp_lunp_load(fz_url(&url, data, size), err, sizeof err);
    if (!l) {
        if (!*err) abort();
        return 0;
    }
    for (int64_t pos = -1; pos < 64; pos++) {
        const char *v = ssc_cpp_lunp_at(l, pos);
        if (v) (void)strlen(v);
    }
    (void)ssc_cpp_lunp_at(l, INT64_MAX - 8);
    ssc_cpp_lunp_destroy(l);
    return 0;
}
