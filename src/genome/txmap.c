/* txmap.c: transcript <-> genome coordinates over spliced blocks, and the blocks of a transcript part. */
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "genome/annot.h"

int64_t ssc_blk_len(const ssc_gblk_t *b, int n)
{
    int64_t len = 0;
    for (int i = 0; i < n; i++) len += b[i].end - b[i].beg;
    return len;
}

/* Minus-strand transcripts count from the high end: position t from the 5'
 * end is position len-1-t along the ascending blocks ("u" below). */
int64_t ssc_blk_t2g(const ssc_gblk_t *b, int n, char strand, int64_t t)
{
    int64_t len = ssc_blk_len(b, n), u = strand == '-' ? len - 1 - t : t;
    if (t < 0 || t >= len) return -1;
    for (int i = 0; i < n; i++) {
        int64_t l = b[i].end - b[i].beg;
        if (u < l) return b[i].beg + u;
        u -= l;
    }
    return -1;
}

int64_t ssc_blk_g2t(const ssc_gblk_t *b, int n, char strand, int64_t g)
{
    int64_t u = 0;
    for (int i = 0; i < n; i++) {
        if (g >= b[i].beg && g < b[i].end) {
            u += g - b[i].beg;
            return strand == '-' ? ssc_blk_len(b, n) - 1 - u : u;
        }
        u += b[i].end - b[i].beg;
    }
    return -1;
}

int ssc_blk_t2g_range(const ssc_gblk_t *b, int n, char strand, int64_t t_beg, int64_t t_end, ssc_gblk_t *out)
{
    int64_t len = ssc_blk_len(b, n), u_beg, u_end, acc = 0;
    int k = 0;
    if (t_beg < 0 || t_beg >= t_end || t_end > len) return -1;
    u_beg = strand == '-' ? len - t_end : t_beg;
    u_end = strand == '-' ? len - t_beg : t_end;
    for (int i = 0; i < n && acc < u_end; i++) {
        int64_t l = b[i].end - b[i].beg, s = u_beg > acc ? u_beg - acc : 0, e = u_end - acc < l ? u_end - acc : l;
        if (s < e) out[k++] = (ssc_gblk_t){ b[i].beg + s, b[i].beg + e, b[i].line };
        acc += l;
    }
    return k;
}

int ssc_blk_clip(const ssc_gblk_t *b, int n, int64_t beg, int64_t end, ssc_gblk_t *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        int64_t s = b[i].beg > beg ? b[i].beg : beg, e = b[i].end < end ? b[i].end : end;
        if (s < e) out[k++] = (ssc_gblk_t){ s, e, b[i].line };
    }
    return k;
}

int ssc_tx_part(const ssc_tx_t *tx, int part, ssc_gblk_t **out, int *m)
{
    int need = (tx->n_exon > tx->n_utr3 ? tx->n_exon : tx->n_utr3) + 1;
    if (*m < need) {
        ssc_gblk_t *b = realloc(*out, need * sizeof *b);
        if (!b) return SSC_ENOMEM;
        *out = b;
        *m = need;
    }
    switch (part) {
    case SSC_PART_UTR3:
        if (tx->n_utr3) memcpy(*out, tx->utr3, tx->n_utr3 * sizeof **out);
        return tx->n_utr3;
    case SSC_PART_CDS: {
        if (!(tx->flags & SSC_TX_CDS)) return 0;
        int n = ssc_blk_clip(tx->exon, tx->n_exon, tx->cds_beg, tx->cds_end, *out);
        int64_t len = ssc_blk_len(*out, n);
        if (!tx->cds_phase) return n;
        if (len <= tx->cds_phase) return 0;
        /* from the first whole codon: ranges never have more pieces than their blocks */
        ssc_gblk_t *tmp = malloc(n * sizeof *tmp);
        if (!tmp) return SSC_ENOMEM;
        memcpy(tmp, *out, n * sizeof *tmp);
        n = ssc_blk_t2g_range(tmp, n, tx->strand, tx->cds_phase, len, *out);
        free(tmp);
        return n;
    }
    default:
        memcpy(*out, tx->exon, tx->n_exon * sizeof **out);
        return tx->n_exon;
    }
}
