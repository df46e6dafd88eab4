/* fuzz_fai.c: libFuzzer target for the FASTA index (.fai) reader that scan's shard planner and the
 * genome reader share. Input: the index text. */
#include "fuzz.h"
#include "io/io.h"

static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ssc_fai_rec_t *r = NULL;
    int64_t n = -1;
    char err[512];
    int ret = ssc_fai_read(fz_url(&url, data, size), (int)(size & 1), &r, &n, err, sizeof err);
    if (ret < 0) {
        if (r || n != 0 || !err[0]) abort(); /* nothing kept, and a message */
        return 0;
    }
    for (int64_t i = 0; i < n; i++) {
        const ssc_fai_rec_t *e = &r[i];
        int64_t end = ssc_fai_end(e);
        if (e->len < 0 || e->len > SSC_FAI_MAX || e->off < 0 || e->off > SSC_FAI_MAX || e->lb <= 0 ||
            e->lw < e->lb || e->lw > e->lb + 2)
            abort();
        /* the record's bytes: at least its bases, at most 3 bytes per base plus a line end */
        if (end < e->off + e->len || end > e->off + 3 * e->len + 2) abort();
        if ((size & 1) ? !e->name || !e->name[0] || strchr(e->name, '\t') : e->name != NULL) abort();
    }
    ssc_fai_free(r, n);
    return 0;
}
