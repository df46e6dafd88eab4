/* txsel.c: transcript selection by biotype, region and gene (longest part or canonical tags). */
#include <stdlib.h>
#include <string.h>
#include <htslib/khash.h>
#include "seedscan.h"
#include "genome/txsel.h"

KHASH_MAP_INIT_STR(gsel, int)

/* A whole number of s..e with optional thousands commas, >= 1. */
static int parse_num(const char *s, const char *e, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    for (; s < e; s++) {
        if (*s == ',') continue;
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10) return -1;
        v = v * 10 + (*s - '0');
        digits++;
    }
    if (!digits || v < 1) return -1;
    *out = v;
    return 0;
}

int ssc_parse_region(const char *s, int (*known)(const char *name, void *data), void *data,
                     char **chrom, int64_t *beg, int64_t *end)
{
    const char *colon = strrchr(s, ':'), *dash;
    int64_t from = 1, to = INT64_MAX;
    *chrom = NULL;
    if (!*s) return SSC_EINVAL;
    if (!colon || (known && known(s, data))) {
        if (!(*chrom = strdup(s))) return SSC_ENOMEM;
        *beg = 0;
        *end = INT64_MAX;
        return 0;
    }
    dash = strchr(colon + 1, '-');
    if (colon == s || parse_num(colon + 1, dash ? dash : colon + strlen(colon), &from) < 0 ||
        (dash && parse_num(dash + 1, dash + strlen(dash), &to) < 0) || to < from)
        return SSC_EINVAL;
    if (!(*chrom = strndup(s, colon - s))) return SSC_ENOMEM;
    *beg = from - 1;
    *end = to;
    return 0;
}

static int in_list(const char *list, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = list; p;) {
        const char *c = strchr(p, ',');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        if (l == n && !memcmp(p, s, n)) return 1;
        p = c ? c + 1 : NULL;
    }
    return 0;
}

static int chrom_known(const char *name, void *data)
{
    const ssc_annot_t *a = data;
    for (int i = 0; i < a->n_chrom; i++)
        if (!strcmp(a->chrom[i], name)) return 1;
    return 0;
}

/* --per-gene canonical: MANE Select over Ensembl canonical over basic, then the longest. */
static int tag_rank(const ssc_tx_t *tx)
{
    return (tx->flags & SSC_TX_MANE ? 4 : 0) + (tx->flags & SSC_TX_CANONICAL ? 2 : 0) + (tx->flags & SSC_TX_BASIC ? 1 : 0);
}

static int better(const ssc_annot_t *a, const int64_t *len, int per_gene, int i, int j)
{
    if (per_gene == SSC_PER_GENE_CANONICAL && tag_rank(&a->tx[i]) != tag_rank(&a->tx[j]))
        return tag_rank(&a->tx[i]) > tag_rank(&a->tx[j]);
    return len[i] > len[j];
}

/* Whether the region option leaves transcript tx out. */
static int outside(const ssc_tx_t *tx, int tid, int64_t beg, int64_t end)
{
    return tx->tid != tid || tx->exon[tx->n_exon - 1].end <= beg || tx->exon[0].beg >= end;
}

static int region_tid(const ssc_annot_t *a, const char *region, int64_t *beg, int64_t *end, kstring_t *err)
{
    char *chrom = NULL;
    int tid = -1, ret = ssc_parse_region(region, chrom_known, (void *)a, &chrom, beg, end);
    if (ret < 0) {
        ksprintf(err, "--region '%s' is not CHR, CHR:FROM or CHR:FROM-TO (1-based, FROM <= TO)", region);
        return ret;
    }
    for (int i = 0; i < a->n_chrom && tid < 0; i++)
        if (!strcmp(a->chrom[i], chrom)) tid = i;
    if (tid < 0) ksprintf(err, "--region: the annotation has no transcript on '%s'", chrom);
    free(chrom);
    return tid < 0 ? SSC_EINVAL : tid;
}

/* The best transcript of each gene among those still in; keep[] marks them. */
static int per_gene(const ssc_annot_t *a, const ssc_txsel_opt_t *o, const int64_t *len, char *keep, ssc_txsel_stats_t *st)
{
    khash_t(gsel) *h = kh_init(gsel);
    int absent, n = 0;
    if (!h) return SSC_ENOMEM;
    for (int i = 0; i < a->n_tx; i++) {
        if (!keep[i]) continue;
        khint_t k = kh_put(gsel, h, a->tx[i].gene_id, &absent);
        if (absent < 0) goto fail;
        if (absent) {
            kh_val(h, k) = i;
            n++;
        } else if (better(a, len, o->per_gene, i, kh_val(h, k))) {
            keep[kh_val(h, k)] = 0;
            kh_val(h, k) = i;
        } else keep[i] = 0;
        if (!absent) st->n_per_gene++;
    }
    kh_destroy(gsel, h);
    return n;
fail:
    kh_destroy(gsel, h);
    return SSC_ENOMEM;
}

int ssc_txsel(const ssc_annot_t *a, const ssc_txsel_opt_t *o, char *keep, ssc_txsel_stats_t *st, kstring_t *err)
{
    int64_t beg = 0, end = INT64_MAX, *len = calloc(a->n_tx + 1, sizeof *len);
    ssc_gblk_t *b = NULL;
    int tid = -1, m = 0, ret = SSC_ENOMEM, n = 0;
    memset(st, 0, sizeof *st);
    if (!len) return SSC_ENOMEM;
    if (o->region && (ret = tid = region_tid(a, o->region, &beg, &end, err)) < 0) goto fail;
    ret = SSC_ENOMEM;
    for (int i = 0; i < a->n_tx; i++) {
        const ssc_tx_t *tx = &a->tx[i];
        int k;
        keep[i] = 0;
        if (o->biotypes && !in_list(o->biotypes, tx->biotype)) st->n_biotype++;
        else if (o->region && outside(tx, tid, beg, end)) st->n_region++;
        else if ((k = ssc_tx_part(tx, o->part, &b, &m)) < 0) goto fail;
        else if (k == 0) st->n_no_part++;
        else {
            len[i] = ssc_blk_len(b, k);
            keep[i] = 1;
            n++;
        }
    }
    if (o->per_gene != SSC_PER_GENE_ALL && (n = per_gene(a, o, len, keep, st)) < 0) goto fail;
    st->n_kept = n;
    ret = n;
fail:
    free(len);
    free(b);
    return ret;
}
