/* fuzz_gtx.c: libFuzzer target for the placement in `seedscan utr` headers (scan --genomic).
 * Input: two bytes giving the sequence length, then the header's comment. A parse either
 * fails with a reason or gives ascending, disjoint blocks covering exactly that length, and
 * every site inside the sequence maps onto pieces of them. */
#include "fuzz.h"
#include "genome/gsite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ssc_gblk_t *blk;
    static int m;
    ssc_gtx_t g;
    const char *why = NULL;
    int64_t len, total = 0;
    char *comment;
    if (size < 2) return 0;
    len = (int64_t)data[0] << 8 | data[1];
    comment = fz_strndup(data + 2, size - 2);
    memset(&g, 0, sizeof g);
    int ret = ssc_gtx_parse(comment, len, &g, &blk, &m, &why);
    if (ret == 0) {
        if (!g.chrom || (g.strand != '+' && g.strand != '-') || g.n < 1 || !g.b || !g.gene_id || !*g.gene_id)
            abort();
        for (int i = 0; i < g.n; i++) {
            if (g.b[i].beg < 0 || g.b[i].beg >= g.b[i].end) abort();
            if (i > 0 && g.b[i].beg < g.b[i - 1].end) abort();
            total += g.b[i].end - g.b[i].beg;
        }
        if (total != len) abort();
        ssc_gblk_t *out = malloc((size_t)g.n * sizeof *out);
        if (!out) abort();
        for (int64_t beg = 0; beg + 6 <= len; beg += 1 + len / 5) {
            int k = ssc_gtx_site(&g, beg, beg + 6, out);
            int64_t got = 0;
            if (k < 1 || k > g.n) abort();
            for (int i = 0; i < k; i++) got += out[i].end - out[i].beg;
            if (got != 6) abort();
        }
        free(out);
    } else if (ret == SSC_EFORMAT && !why) {
        abort(); /* a failure says why */
    }
    free(comment);
    return 0;
}
