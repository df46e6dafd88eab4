/* fuzz_cppparams.c: libFuzzer target for the context++ parameter files (Agarwal 2015
 * coefficients, TA/SPS by seed), then one site scored with what was loaded.
 * Input: agarwal file, 0xFF, TA_SPS file. */
#include "fuzz.h"
#include "targetscan/contextpp.h"

static kstring_t url[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[2];
    size_t len[2];
    char err[512] = "";
    fz_split(data, size, 2, part, len);
    ssc_cpp_params_t *p = ssc_cpp_params_load(fz_url(&url[0], part[0], len[0]),
                                              fz_url(&url[1], part[1], len[1]), err, sizeof err);
    if (!p) {
        if (!*err) abort();
        return 0;
    }
    static const char seq[] = "AAAUUAGCUUAUCAGACUGAUGUUGAAAUAAGCUAAAAAAAAGCUUAUCAGACUUUU";
    ssc_cpp_utr_t u;
    ssc_cpp_site_t s;
    ssc_cpp_opt_t o;
    ssc_cpp_result_t r;
    memset(&u, 0, sizeof u), memset(&s, 0, sizeof s);
    u.seq = seq;
    u.len = (int64_t)sizeof seq - 1;
    u.orf_len = "1500";
    s.type = SSC_8MER;
    s.start = 28;
    s.end = 35;
    s.pct = "0.5";
    s.seed = "AGCUUAU";
    ssc_cpp_opt_init(&o);
    ssc_cpp_result_init(&r);
    for (o.compat = 0; o.compat < 2; o.compat++)
        if (ssc_cpp_score(p, &o, &u, &s, "UAGCUUAUCAGACUGAUGUUGA", &r) < 0) abort();
    ssc_cpp_result_free(&r);
    ssc_cpp_params_destroy(p);
    return 0;
}
