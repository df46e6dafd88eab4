/* fuzz_annot.c: libFuzzer target for the GTF/GFF3 reader and the transcript <-> genome mapping.
 * Input: the annotation text (plain; a gzip or BGZF input is read as such). Checks, for every
 * transcript a successful load builds, the invariants annot.h promises: exons ascending and
 * disjoint, the CDS and 3'UTR inside the exons, and t2g/g2t inverse of each other. */
#include "fuzz.h"
#include "genome/annot.h"

static void check_blocks(const ssc_gblk_t *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (b[i].beg < 0 || b[i].beg >= b[i].end) abort();
        if (i > 0 && b[i].beg < b[i - 1].end) abort();
    }
}

/* Every block of in lies inside some block of out. */
static void check_inside(const ssc_gblk_t *in, int nin, const ssc_gblk_t *out, int nout)
{
    for (int i = 0; i < nin; i++) {
        int ok = 0;
        for (int k = 0; k < nout && !ok; k++) ok = in[i].beg >= out[k].beg && in[i].end <= out[k].end;
        if (!ok) abort();
    }
}

static void check_mapping(const ssc_tx_t *tx)
{
    int64_t len = ssc_blk_len(tx->exon, tx->n_exon);
    /* a few transcript positions, both ends included */
    for (int64_t t = 0; t < len; t += 1 + len / 7) {
        int64_t g = ssc_blk_t2g(tx->exon, tx->n_exon, tx->strand, t);
        if (g < 0 || ssc_blk_g2t(tx->exon, tx->n_exon, tx->strand, g) != t) abort();
    }
    if (len > 0 && ssc_blk_t2g(tx->exon, tx->n_exon, tx->strand, len) != -1) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kstring_t url;
    ssc_annot_t *a;
    fz_quiet();
    if (!(a = ssc_annot_init())) return 0;
    if (ssc_annot_load(a, fz_url(&url, data, size)) == 0) {
        for (int i = 0; i < a->n_tx; i++) {
            const ssc_tx_t *tx = &a->tx[i];
            if (!tx->id || !tx->gene_id || !*tx->gene_id || tx->tid < 0 || tx->tid >= a->n_chrom) abort();
            if (tx->strand != '+' && tx->strand != '-') abort();
            check_blocks(tx->exon, tx->n_exon);
            check_blocks(tx->utr3, tx->n_utr3);
            check_inside(tx->utr3, tx->n_utr3, tx->exon, tx->n_exon);
            if ((tx->flags & SSC_TX_CDS) && tx->cds_beg >= tx->cds_end) abort();
            check_mapping(tx);
        }
    } else if (!*ssc_annot_errmsg(a)) {
        abort(); /* a failure always says why */
    }
    ssc_annot_destroy(a);
    return 0;
}
