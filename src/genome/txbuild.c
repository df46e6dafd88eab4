/* txbuild.c: transcript models from the grouped lines: identity, checks, CDS end and 3'UTR. */
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "genome/annot_priv.h"

static int cmp_blk(const void *x, const void *y)
{
    const ssc_gblk_t *a = x, *b = y;
    if (a->beg != b->beg) return a->beg < b->beg ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

static void sort_blk(ssc_bvec_t *v)
{
    if (v->n > 1) qsort(v->a, v->n, sizeof *v->a, cmp_blk);
}

/* Merge overlapping and touching pieces of a sorted list in place. */
static void merge_blk(ssc_bvec_t *v)
{
    int k = 0;
    for (int i = 1; i < v->n; i++) {
        if (v->a[i].beg <= v->a[k].end) {
            if (v->a[i].end > v->a[k].end) v->a[k].end = v->a[i].end;
        } else v->a[++k] = v->a[i];
    }
    if (v->n) v->n = k + 1;
}

/* Whether [beg, end) lies inside one of the sorted exons. */
static int inside(const ssc_gblk_t *ex, int n, int64_t beg, int64_t end)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ex[mid].end <= beg) lo = mid + 1;
        else if (ex[mid].beg > beg) hi = mid - 1;
        else return end <= ex[mid].end;
    }
    return 0;
}

static const char *strip_prefix(const char *id, const char *const *prefixes)
{
    for (; *prefixes; prefixes++) {
        size_t n = strlen(*prefixes);
        if (!strncmp(id, *prefixes, n) && id[n]) return id + n;
    }
    return id;
}

static const ssc_grec_t *rec_get(const struct ssc_annot_priv_s *p, const char *id)
{
    khint_t k = kh_get(gstr, p->rec_h, id);
    return k == kh_end(p->rec_h) ? NULL : &p->rec[kh_val(p->rec_h, k)];
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

/* GFF3: the transcript's own line (found by its ID) and its gene's give the names. */
static int gff_identity(ssc_annot_t *a, ssc_txb_t *b, ssc_tx_t *tx, int *open3)
{
    static const char *const tx_prefix[] = { "transcript:", "rna-", NULL };
    static const char *const gene_prefix[] = { "gene:", "gene-", NULL };
    const ssc_grec_t *r = rec_get(a->p, b->key), *g = NULL;
    if (!r) return ssc_annot_fail(a, b->line, "Parent '%s' names no feature with that ID", b->key);
    if (r->parent && !(g = rec_get(a->p, r->parent)))
        return ssc_annot_fail(a, r->line, "%s %s: Parent '%s' names no feature with that ID", r->type, r->id, r->parent);
    tx->id = strip_prefix(r->id, tx_prefix);
    tx->type = r->type;
    tx->line = r->line < b->line ? r->line : b->line;
    tx->gene_id = r->gene_id ? r->gene_id : g ? (g->gene_id ? g->gene_id : strip_prefix(g->id, gene_prefix)) : NULL;
    if (!tx->gene_id && !r->parent && ends_with(r->type, "gene")) /* exons right under a gene */
        tx->gene_id = strip_prefix(r->id, gene_prefix);
    if (!tx->gene_id)
        return ssc_annot_fail(a, r->line, "%s %s: gene ID missing (no Parent gene, no gene_id)", r->type, r->id);
    tx->gene_name = g && g->name ? g->name : g && g->gene ? g->gene : r->gene ? r->gene : "";
    tx->biotype = r->biotype ? r->biotype : g && g->biotype ? g->biotype : r->type;
    tx->flags = r->flags;
    *open3 = b->strand == '+' ? r->open3_plus : r->open3_minus;
    return 0;
}

static void gtf_identity(ssc_txb_t *b, ssc_tx_t *tx, int *open3)
{
    tx->id = b->key;
    tx->type = b->type ? b->type : "transcript";
    tx->gene_id = b->gene_id;
    tx->gene_name = b->gene_name ? b->gene_name : "";
    tx->biotype = b->biotype ? b->biotype : tx->type;
    tx->flags = b->flags;
    *open3 = b->open3;
}

/* Exons sorted, without overlaps; a CDS-only transcript gets its CDS as exons. */
static int check_exons(ssc_annot_t *a, ssc_txb_t *b, const ssc_tx_t *tx)
{
    ssc_bvec_t *e = &b->exon;
    if (e->n == 0 && b->cds.n) {
        ssc_annot_warn(a, b->line, "transcript %s has CDS but no exon lines: its CDS are taken as exons", tx->id);
        for (int i = 0; i < b->cds.n + b->stop.n; i++) {
            const ssc_gblk_t *c = i < b->cds.n ? &b->cds.a[i] : &b->stop.a[i - b->cds.n];
            if (ssc_bvec_push(e, c->beg, c->end, c->line) < 0) return SSC_ENOMEM;
        }
        sort_blk(e);
        merge_blk(e);
    }
    sort_blk(e);
    for (int i = 1; i < e->n; i++)
        if (e->a[i].beg < e->a[i - 1].end)
            return ssc_annot_fail(a, e->a[i].line, "exon %lld-%lld of transcript %s overlaps its exon %lld-%lld (line %d)",
                                  (long long)e->a[i].beg + 1, (long long)e->a[i].end, tx->id,
                                  (long long)e->a[i - 1].beg + 1, (long long)e->a[i - 1].end, e->a[i - 1].line);
    return 0;
}

/* Every piece of v inside the exons. */
static int check_inside(ssc_annot_t *a, const ssc_bvec_t *v, const ssc_bvec_t *ex, const char *what, const char *id)
{
    for (int i = 0; i < v->n; i++)
        if (!inside(ex->a, ex->n, v->a[i].beg, v->a[i].end))
            return ssc_annot_fail(a, v->a[i].line, "%s %lld-%lld of transcript %s is outside its exons", what,
                                  (long long)v->a[i].beg + 1, (long long)v->a[i].end, id);
    return 0;
}

/* The CDS span, stop codon included, and whether its 3' end is complete. */
static int set_cds(ssc_annot_t *a, ssc_txb_t *b, ssc_tx_t *tx, int open3)
{
    int ret;
    if ((ret = check_inside(a, &b->cds, &b->exon, "CDS", tx->id)) < 0 ||
        (ret = check_inside(a, &b->stop, &b->exon, "stop_codon", tx->id)) < 0)
        return ret;
    if (b->cds.n + b->stop.n == 0) return 0;
    tx->cds_beg = INT64_MAX;
    tx->cds_end = INT64_MIN;
    for (int i = 0; i < b->cds.n + b->stop.n; i++) {
        const ssc_gblk_t *c = i < b->cds.n ? &b->cds.a[i] : &b->stop.a[i - b->cds.n];
        if (c->beg < tx->cds_beg) tx->cds_beg = c->beg;
        if (c->end > tx->cds_end) tx->cds_end = c->end;
    }
    tx->flags |= SSC_TX_CDS;
    tx->cds_phase = b->cds.n ? b->phase5 : 0;
    /* GTF: CDS lines exclude the stop codon, which has its own line; a GTF
     * without any stop_codon line (gffread's) includes it in the CDS. GFF3 CDS
     * lines include it. An open 3' end (cds_end_NF, partial) has no stop. */
    int stop = a->format == SSC_ANNOT_GFF3 || b->stop.n > 0 || a->p->n_stop_lines == 0;
    if (stop && !open3) tx->flags |= SSC_TX_CDS_END;
    return 0;
}

/* Both lists (sorted) cover the same bases: compared after merging touching pieces. */
static int same_cover(ssc_bvec_t *x, ssc_bvec_t *y)
{
    merge_blk(x);
    merge_blk(y);
    if (x->n != y->n) return 0;
    for (int i = 0; i < x->n; i++)
        if (x->a[i].beg != y->a[i].beg || x->a[i].end != y->a[i].end) return 0;
    return 1;
}

/* The 3'UTR lines of the transcript: three_prime_utr, and GTF "UTR" lines past the CDS end. */
static int utr3_lines(ssc_txb_t *b, const ssc_tx_t *tx, ssc_bvec_t *f)
{
    for (int i = 0; i < b->utr3.n + b->utr.n; i++) {
        const ssc_gblk_t *u = i < b->utr3.n ? &b->utr3.a[i] : &b->utr.a[i - b->utr3.n];
        int after = tx->strand == '+' ? u->beg >= tx->cds_end : u->end <= tx->cds_beg;
        if ((i < b->utr3.n || after) && ssc_bvec_push(f, u->beg, u->end, u->line) < 0) return SSC_ENOMEM;
    }
    sort_blk(f);
    return 0;
}

static int64_t cover_len(const ssc_bvec_t *v)
{
    int64_t n = 0;
    for (int i = 0; i < v->n; i++) n += v->a[i].end - v->a[i].beg;
    return n;
}

/* The exons past the stop codon; where UTR lines exist they are used, and checked against it. */
static int set_utr3(ssc_annot_t *a, ssc_txb_t *b, ssc_tx_t *tx)
{
    ssc_bvec_t d = { 0 }, f = { 0 }, dc = { 0 }, fc = { 0 };
    int ret = SSC_ENOMEM;
    if ((ret = check_inside(a, &b->utr3, &b->exon, "3'UTR", tx->id)) < 0 ||
        (ret = check_inside(a, &b->utr, &b->exon, "UTR", tx->id)) < 0)
        return ret;
    ret = SSC_ENOMEM;
    if (!(d.a = malloc((b->exon.n + 1) * sizeof *d.a))) goto fail;
    d.m = b->exon.n + 1;
    d.n = ssc_blk_clip(b->exon.a, b->exon.n, tx->strand == '+' ? tx->cds_end : INT64_MIN,
                       tx->strand == '+' ? INT64_MAX : tx->cds_beg, d.a);
    if (utr3_lines(b, tx, &f) < 0) goto fail;
    if (f.n) {
        if (!(dc.a = malloc(d.m * sizeof *dc.a)) || !(fc.a = malloc(f.n * sizeof *fc.a))) goto fail;
        memcpy(dc.a, d.a, d.n * sizeof *d.a);
        memcpy(fc.a, f.a, f.n * sizeof *f.a);
        dc.n = d.n;
        fc.n = f.n;
        if (!same_cover(&dc, &fc))
            ssc_annot_warn(a, f.a[0].line, "transcript %s: its 3'UTR lines (%lld nt) differ from the exons after "
                           "the stop codon (%lld nt); the lines are used", tx->id, (long long)cover_len(&fc),
                           (long long)cover_len(&dc));
        merge_blk(&f);
        free(d.a);
        d = f;
        f.a = NULL;
        tx->flags |= SSC_TX_UTR3_FEAT;
    }
    tx->n_utr3 = d.n;
    tx->utr3 = d.n ? d.a : NULL;
    if (!d.n) free(d.a);
    d.a = NULL;
    ret = 0;
fail:
    free(d.a);
    free(f.a);
    free(dc.a);
    free(fc.a);
    return ret;
}

/* One transcript: 1 = built, 0 = skipped (with a warning), <0 = error. */
static int build_one(ssc_annot_t *a, ssc_txb_t *b, ssc_tx_t *tx)
{
    int open3 = 0, ret;
    memset(tx, 0, sizeof *tx);
    if (a->format == SSC_ANNOT_GFF3) {
        if ((ret = gff_identity(a, b, tx, &open3)) < 0) return ret;
    } else gtf_identity(b, tx, &open3);
    tx->tid = b->tid;
    tx->strand = b->strand;
    if (!tx->line) tx->line = b->line;
    if ((ret = check_exons(a, b, tx)) < 0) return ret;
    if (b->exon.n == 0) {
        ssc_annot_warn(a, b->line, "transcript %s has no exon lines: skipped", tx->id);
        return 0;
    }
    if ((ret = set_cds(a, b, tx, open3)) < 0) return ret;
    if (tx->flags & SSC_TX_CDS_END) {
        if ((ret = set_utr3(a, b, tx)) < 0) return ret;
    } else if (b->utr3.n) {
        ssc_annot_warn(a, b->utr3.a[0].line, "transcript %s has 3'UTR lines but no annotated stop codon: no 3'UTR", tx->id);
    }
    tx->n_exon = b->exon.n;
    tx->exon = b->exon.a; /* handed over */
    b->exon.a = NULL;
    return 1;
}

static void count(ssc_annot_stats_t *st, const ssc_tx_t *tx)
{
    st->n_tx++;
    if (!(tx->flags & SSC_TX_CDS)) return;
    st->n_coding++;
    if (!(tx->flags & SSC_TX_CDS_END)) st->n_cds_open++;
    else if (tx->n_utr3) st->n_utr3++;
    else st->n_stop_no_utr++;
}

int ssc_annot_build(ssc_annot_t *a)
{
    struct ssc_annot_priv_s *p = a->p;
    if (a->format == SSC_ANNOT_GTF && p->n_stop_lines == 0)
        for (int i = 0; i < p->n_txb; i++)
            if (p->txb[i].cds.n) {
                ssc_annot_warn(a, p->txb[i].cds.a[0].line, "no stop_codon lines in this GTF: CDS lines are taken "
                               "to include the stop codon (as gffread writes them)");
                break;
            }
    if (p->n_txb && !(a->tx = calloc(p->n_txb, sizeof *a->tx))) return SSC_ENOMEM;
    for (int i = 0; i < p->n_txb; i++) {
        ssc_txb_t *b = &p->txb[i];
        int ret = build_one(a, b, &a->tx[a->n_tx]);
        if (ret < 0) return ret;
        if (ret) count(&a->st, &a->tx[a->n_tx++]);
        /* done with its lines: memory goes back as the models grow (calloc'd pages fill as used) */
        free(b->cds.a);
        free(b->stop.a);
        free(b->utr3.a);
        free(b->utr.a);
        b->cds.a = b->stop.a = b->utr3.a = b->utr.a = NULL;
    }
    return 0;
}
