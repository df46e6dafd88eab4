/* fuzz_duplex.c: libFuzzer target for the duplex DP: any two sequences, and the traced
 * structure of the minimum must re-evaluate (ssc_th_eval_duplex, written apart from the DP)
 * to the DP's energy. Input: miRNA, 0xFF, target (letters outside ACGUTN are rejected). */
#include "fuzz.h"
#include "io/io.h"
#include "thermo/duplex.h"
#include "thermo/energy.h"

static const ssc_th_params_t *params(void)
{
    static ssc_th_params_t *p;
    static int tried;
    char path[4096], err[512];
    if (!tried) {
        tried = 1;
        setenv("SEEDSCAN_REFS", "refs", 0); /* run from the top directory (tests/fuzz/run.sh) */
        if (ssc_refs_path(SSC_TH_DEFAULT_PARAMS, path, sizeof path) != 0 ||
            ssc_th_params_load(path, NULL, &p, err, sizeof err) != 0)
            abort(); /* run from the top directory, or set SEEDSCAN_REFS */
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ssc_th_dbuf_t *b;
    static kstring_t db;
    const uint8_t *part[2];
    size_t len[2];
    char *s1, *s2;
    int bad_seq, bad;
    ssc_th_hit_t hit;
    fz_quiet();
    fz_split(data, size, 2, part, len);
    if (len[0] > 64 || len[1] > 256) return 0; /* miRNA-sized against a site window */
    if (!b && !(b = ssc_th_dbuf_init())) abort();
    s1 = fz_strndup(part[0], len[0]);
    s2 = fz_strndup(part[1], len[1]);
    if (ssc_th_duplex_fill(params(), b, s1, (int)len[0], s2, (int)len[1], &bad_seq, &bad) == 0 &&
        ssc_th_duplex_best(params(), b, &hit) == 0) {
        int e;
        if (ssc_th_duplex_trace(params(), b, &hit, &db) != 0) abort();
        if (ssc_th_eval_duplex(params(), s1, s2, db.s, hit.s1_beg, hit.s2_beg, &e) != 0) abort();
        if (e != hit.energy) abort();
    }
    free(s1);
    free(s2);
    return 0;
}
