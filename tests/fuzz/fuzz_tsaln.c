/* fuzz_tsaln.c: libFuzzer target for TargetScan UTR/ORF alignment files: blocks, degapping,
 * ORF lengths and 8mer counts. Input: the file. */
#include "fuzz.h"
#include "targetscan/tsaln.h"

static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ssc_ts_aln_t *r = ssc_ts_aln_open(fz_url(&url, data, size));
    static const char *const seeds[] = {"AGCUUAU", "GAGGUAG"};
    ssc_ts_block_t b;
    kstring_t s = {0, 0, NULL};
    int ret;
    if (!r) abort();
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {
        if (b.n < 1 || !*b.gene) abort();
        for (int i = 0; i < b.n; i++) {
            const ssc_ts_row_t *row = &b.row[i];
            char *u = malloc((size_t)row->len + 1);
            if (!u || ssc_ts_degap(row->aln, row->len, u) != row->ulen) abort();
            (void)ssc_ts_count_8mers(u, row->ulen, seeds[i & 1]);
            free(u);
        }
        s.l = 0;
        if (ssc_ts_format_orf_lengths(&s, &b) < 0 || ssc_ts_format_orf_8mers(&s, &b, seeds, 2) < 0)
            abort();
    }
    if (ret < 0 && !*ssc_ts_aln_errmsg(r)) abort();
    free(s.s);
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    return 0;
}
