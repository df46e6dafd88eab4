/* variant.c: alleles applied to spliced 3'UTRs; REF and ALT rescanned in a window; sites matched across alleles. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/faidx.h>
#include <htslib/khash.h>
#include "seedscan.h"
#include "core/core.h"
#include "genome/variant.h"

KHASH_MAP_INIT_STR(vchr, int)

typedef struct {
    int64_t beg, end;   /* genomic 0-based half-open */
    int target;
} vblk_t;

struct ssc_vann_s {
    const ssc_index_t *idx;
    const ssc_scanopt_t *opt;
    ssc_genome_t *g;
    int n_t, m_t;
    ssc_vtarget_t *t;
    char **seq;             /* cached 3'UTR sequence per target (NULL: not read) */
    int n_cached, m_cached;
    int *cached;            /* targets with a cached sequence */
    int n_chr, m_chr;
    char **chr;             /* chromosome names (owned) */
    khash_t(vchr) *h;
    int n_b;
    vblk_t *b;              /* all 3'UTR blocks, sorted by (chrom, beg) */
    int64_t *maxend;        /* max end of b[chr_off[c] .. i] */
    int *chr_off;           /* blocks of chromosome c: [chr_off[c], chr_off[c + 1]) */
    int *blk_chr;           /* chromosome of each block (parallel to b while sorting) */
    ssc_tbuf_t *tb_ref, *tb_alt;
    kstring_t sref, salt, tmp;
    ssc_site_t *site[2];    /* REF and ALT sites of the window, target coordinates */
    int64_t m_site[2];
    ssc_gblk_t *own_blk;    /* transcript-coordinate mode: one block per record */
    char **own_names;
    int n_own;
};

ssc_vann_t *ssc_vann_init(const ssc_index_t *idx, const ssc_scanopt_t *opt, ssc_genome_t *g)
{
    ssc_vann_t *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->idx = idx, v->opt = opt, v->g = g;
    if (!(v->h = kh_init(vchr)) || !(v->tb_ref = ssc_tbuf_init()) || !(v->tb_alt = ssc_tbuf_init())) {
        ssc_vann_destroy(v);
        return NULL;
    }
    return v;
}

void ssc_vann_destroy(ssc_vann_t *v)
{
    if (!v) return;
    for (int i = 0; i < v->n_t && v->seq; i++) free(v->seq[i]);
    for (int i = 0; i < v->n_chr; i++) free(v->chr[i]);
    for (int i = 0; i < v->n_own; i++) free(v->own_names[i]);
    if (v->h) kh_destroy(vchr, v->h);
    ssc_tbuf_destroy(v->tb_ref);
    ssc_tbuf_destroy(v->tb_alt);
    free(v->seq), free(v->cached), free(v->chr), free(v->b), free(v->maxend), free(v->chr_off);
    free(v->blk_chr), free(v->t), free(v->own_blk), free(v->own_names);
    free(v->sref.s), free(v->salt.s), free(v->tmp.s), free(v->site[0]), free(v->site[1]);
    free(v);
}

static int chrom_id(ssc_vann_t *v, const char *name)
{
    int absent;
    khint_t k = kh_get(vchr, v->h, name);
    if (k != kh_end(v->h)) return kh_val(v->h, k);
    if (v->n_chr == v->m_chr) {
        int m = v->m_chr ? v->m_chr * 2 : 16;
        char **p = realloc(v->chr, m * sizeof *p);
        if (!p) return SSC_ENOMEM;
        v->chr = p, v->m_chr = m;
    }
    if (!(v->chr[v->n_chr] = strdup(name))) return SSC_ENOMEM;
    k = kh_put(vchr, v->h, v->chr[v->n_chr], &absent);
    if (absent < 0) return SSC_ENOMEM;
    kh_val(v->h, k) = v->n_chr;
    return v->n_chr++;
}

static int add_target(ssc_vann_t *v, const char *id, const char *gene, const char *chrom, char strand,
                      const ssc_gblk_t *b, int n)
{
    int c = chrom_id(v, chrom);
    if (c < 0) return c;
    if (v->n_t == v->m_t) {
        int m = v->m_t ? v->m_t + (v->m_t >> 1) + 16 : 64;
        ssc_vtarget_t *p = realloc(v->t, m * sizeof *p);
        if (!p) return SSC_ENOMEM;
        v->t = p, v->m_t = m;
    }
    ssc_vtarget_t *t = &v->t[v->n_t++];
    t->id = id, t->gene = gene && *gene ? gene : ".", t->chrom = c, t->strand = strand;
    t->n_blk = n, t->blk = b, t->len = ssc_blk_len(b, n);
    return 0;
}

int ssc_vann_add_annot(ssc_vann_t *v, const ssc_annot_t *a)
{
    for (int i = 0; i < a->n_tx; i++) {
        const ssc_tx_t *tx = &a->tx[i];
        int ret;
        if (tx->n_utr3 <= 0) continue;
        ret = add_target(v, tx->id, *tx->gene_name ? tx->gene_name : tx->gene_id, a->chrom[tx->tid],
                         tx->strand, tx->utr3, tx->n_utr3);
        if (ret < 0) return ret;
    }
    return 0;
}

int ssc_vann_add_records(ssc_vann_t *v, const char *fasta)
{
    faidx_t *fai = fai_load3(fasta, NULL, NULL, FAI_CREATE);
    int n, ret = 0;
    if (!fai) return SSC_EIO;
    n = faidx_nseq(fai);
    v->own_blk = calloc(n ? n : 1, sizeof *v->own_blk);
    v->own_names = calloc(n ? n : 1, sizeof *v->own_names);
    if (!v->own_blk || !v->own_names) ret = SSC_ENOMEM;
    for (int i = 0; i < n && ret == 0; i++) {
        const char *name = faidx_iseq(fai, i);
        if (!(v->own_names[i] = strdup(name))) {
            ret = SSC_ENOMEM;
            break;
        }
        v->n_own++;
        v->own_blk[i].beg = 0, v->own_blk[i].end = faidx_seq_len(fai, name);
        ret = add_target(v, v->own_names[i], ".", name, '+', &v->own_blk[i], 1);
    }
    fai_destroy(fai);
    return ret;
}

static int cmp_blk(const void *x, const void *y)
{
    const vblk_t *a = x, *b = y;
    return a->beg < b->beg ? -1 : a->beg > b->beg ? 1 : a->target - b->target;
}

/* Blocks grouped by chromosome (counting sort), then sorted by start within each. */
int ssc_vann_finish(ssc_vann_t *v)
{
    int n = 0, *fill;
    for (int i = 0; i < v->n_t; i++) n += v->t[i].n_blk;
    v->b = malloc((n ? n : 1) * sizeof *v->b);
    v->maxend = malloc((n ? n : 1) * sizeof *v->maxend);
    v->chr_off = calloc(v->n_chr + 1, sizeof *v->chr_off);
    fill = calloc(v->n_chr + 1, sizeof *fill);
    v->seq = calloc(v->n_t ? v->n_t : 1, sizeof *v->seq);
    if (!v->b || !v->maxend || !v->chr_off || !fill || !v->seq) {
        free(fill);
        return SSC_ENOMEM;
    }
    for (int i = 0; i < v->n_t; i++) v->chr_off[v->t[i].chrom + 1] += v->t[i].n_blk;
    for (int c = 0; c < v->n_chr; c++) v->chr_off[c + 1] += v->chr_off[c];
    for (int i = 0; i < v->n_t; i++)
        for (int j = 0; j < v->t[i].n_blk; j++) {
            vblk_t *b = &v->b[v->chr_off[v->t[i].chrom] + fill[v->t[i].chrom]++];
            b->beg = v->t[i].blk[j].beg, b->end = v->t[i].blk[j].end, b->target = i;
        }
    free(fill);
    v->n_b = n;
    for (int c = 0; c < v->n_chr; c++) {
        int lo = v->chr_off[c], hi = v->chr_off[c + 1];
        qsort(v->b + lo, hi - lo, sizeof *v->b, cmp_blk);
        for (int i = lo; i < hi; i++)
            v->maxend[i] = i > lo && v->maxend[i - 1] > v->b[i].end ? v->maxend[i - 1] : v->b[i].end;
    }
    return 0;
}

int ssc_vann_n_target(const ssc_vann_t *v) { return v->n_t; }
const ssc_vtarget_t *ssc_vann_target(const ssc_vann_t *v, int i) { return &v->t[i]; }
const char *ssc_vann_chrom_name(const ssc_vann_t *v, int chrom) { return v->chr[chrom]; }

int ssc_vann_chrom(const ssc_vann_t *v, const char *name)
{
    khint_t k = kh_get(vchr, v->h, name);
    return k == kh_end(v->h) ? -1 : kh_val(v->h, k);
}

/* The last block of chromosome c starting before qe, or chr_off[c] - 1. */
static int last_before(const ssc_vann_t *v, int c, int64_t qe)
{
    int lo = v->chr_off[c], hi = v->chr_off[c + 1];
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v->b[mid].beg < qe) lo = mid + 1;
        else hi = mid;
    }
    return lo - 1;
}

/* The query interval of a change: an insertion before beg touches the bases on both sides. */
static void query_span(int64_t beg, int64_t end, int64_t *qb, int64_t *qe)
{
    *qb = end > beg ? beg : beg - 1;
    *qe = end > beg ? end : beg + 1;
}

int ssc_vann_touches(const ssc_vann_t *v, int chrom, int64_t beg, int64_t end)
{
    int64_t qb, qe;
    if (chrom < 0 || chrom >= v->n_chr) return 0;
    query_span(beg, end, &qb, &qe);
    for (int i = last_before(v, chrom, qe); i >= v->chr_off[chrom] && v->maxend[i] > qb; i--)
        if (v->b[i].end > qb) return 1;
    return 0;
}

static int cmp_int(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }

/* Targets with a block touching the change, ascending and unique, into *out. */
static int touched(const ssc_vann_t *v, int c, int64_t beg, int64_t end, int **out, int *m)
{
    int64_t qb, qe;
    int n = 0, k = 0;
    query_span(beg, end, &qb, &qe);
    for (int i = last_before(v, c, qe); i >= v->chr_off[c] && v->maxend[i] > qb; i--) {
        if (v->b[i].end <= qb) continue;
        if (n == *m) {
            int mm = *m ? *m * 2 : 16, *p = realloc(*out, mm * sizeof *p);
            if (!p) return SSC_ENOMEM;
            *out = p, *m = mm;
        }
        (*out)[n++] = v->b[i].target;
    }
    if (n > 1) qsort(*out, n, sizeof **out, cmp_int);
    for (int i = 0; i < n; i++)
        if (k == 0 || (*out)[k - 1] != (*out)[i]) (*out)[k++] = (*out)[i];
    return k;
}

static const char *target_seq(ssc_vann_t *v, int ti, kstring_t *err)
{
    const ssc_vtarget_t *t = &v->t[ti];
    if (v->seq[ti]) return v->seq[ti];
    v->tmp.l = 0;
    if (ssc_genome_splice(v->g, v->chr[t->chrom], t->blk, t->n_blk, t->strand, &v->tmp, err) < 0) return NULL;
    if (v->n_cached == v->m_cached) {
        int m = v->m_cached ? v->m_cached * 2 : 16, *p = realloc(v->cached, m * sizeof *p);
        if (!p) return NULL;
        v->cached = p, v->m_cached = m;
    }
    if (!(v->seq[ti] = malloc(v->tmp.l + 1))) return NULL;
    memcpy(v->seq[ti], v->tmp.s ? v->tmp.s : "", v->tmp.l + 1);
    v->cached[v->n_cached++] = ti;
    return v->seq[ti];
}

void ssc_vann_release(ssc_vann_t *v, int chrom, int64_t pos0)
{
    int k = 0;
    for (int i = 0; i < v->n_cached; i++) {
        const ssc_vtarget_t *t = &v->t[v->cached[i]];
        if (t->chrom != chrom || t->blk[t->n_blk - 1].end <= pos0) {
            free(v->seq[v->cached[i]]);
            v->seq[v->cached[i]] = NULL;
        } else v->cached[k++] = v->cached[i];
    }
    v->n_cached = k;
}

/* ---- one allele in one sequence ---------------------------------------- */

static inline int up(int c) { return c == 'u' || c == 'U' ? 'T' : toupper(c); }

void ssc_vedit_make(const char *seq, int64_t len, int64_t beg, int64_t end, const char *alt, int64_t al,
                    ssc_vedit_t *e)
{
    while (end > beg && al > 0 && up(seq[end - 1]) == up(alt[al - 1])) end--, al--;
    while (end > beg && al > 0 && up(seq[beg]) == up(alt[0])) beg++, alt++, al--;
    int64_t rl = end - beg, p = beg, q = beg;
    e->beg = beg, e->end = end, e->delta = al - rl, e->same_len = rl == al;
    e->pre = beg, e->post = end;
    if (rl == 0 && al > 0) { /* insertion before beg: slide right, then left */
        while (p < len && up(seq[p]) == up(alt[(p - beg) % al])) p++;
        while (q > 0 && up(seq[q - 1]) == up(alt[((al - 1 - (beg - q)) % al + al) % al])) q--;
        e->pre = p, e->post = q;
    } else if (al == 0 && rl > 0) { /* deletion of [beg, end) */
        while (p + rl < len && up(seq[p]) == up(seq[p + rl])) p++;
        while (q > 0 && up(seq[q - 1]) == up(seq[q - 1 + rl])) q--;
        e->pre = p, e->post = q + rl;
    }
}

static int push(ssc_vres_t *res, const ssc_vchange_t *c)
{
    if (res->n == res->m) {
        int m = res->m ? res->m * 2 : 16;
        ssc_vchange_t *p = realloc(res->ch, m * sizeof *p);
        if (!p) return SSC_ENOMEM;
        res->ch = p, res->m = m;
    }
    res->ch[res->n++] = *c;
    return 0;
}

static inline int64_t win_of(const ssc_site_t *s) { return s->start - ssc_type_off[s->type]; }

/* The unused ALT site of family fam with window w, preferring type `type`; -1 if none. */
static int find_alt(const ssc_site_t *a, int na, const char *used, int fam, int64_t w, int type, int *exact)
{
    int any = -1;
    for (int j = 0; j < na; j++) {
        if (used[j] || a[j].fam != fam || win_of(&a[j]) != w) continue;
        if (a[j].type == type) return *exact = 1, j;
        if (any < 0) any = j;
    }
    return any;
}

int ssc_vsites_diff(const ssc_site_t *r, int nr, const ssc_site_t *a, int na, const ssc_vedit_t *e,
                    ssc_vres_t *res)
{
    char *used = calloc(na ? na : 1, 1);
    int ret = 0;
    if (!used) return SSC_ENOMEM;
    for (int i = 0; i < nr && ret >= 0; i++) {
        int64_t w = win_of(&r[i]);
        int same = e->same_len || w + 6 <= e->pre, shift = !e->same_len && w + 2 >= e->post;
        int exact = 0, j = -1, j2 = -1;
        if (same) j = find_alt(a, na, used, r[i].fam, w, r[i].type, &exact);
        if (shift && !exact) {
            int ex2 = 0;
            j2 = find_alt(a, na, used, r[i].fam, w + e->delta, r[i].type, &ex2);
            if (j2 >= 0 && (ex2 || j < 0)) j = j2, exact = ex2;
        }
        if (j >= 0) used[j] = 1;
        if (exact) continue;
        ssc_vchange_t c = { -1, r[i].fam, j >= 0 ? SSC_VC_CHANGED : SSC_VC_LOST, r[i].type,
                            j >= 0 ? a[j].type : -1, r[i].start, r[i].end, -1, -1 };
        ret = push(res, &c);
    }
    for (int j = 0; j < na && ret >= 0; j++) {
        if (used[j]) continue;
        ssc_vchange_t c = { -1, a[j].fam, SSC_VC_GAINED, -1, a[j].type, a[j].start, a[j].end, -1, -1 };
        ret = push(res, &c);
    }
    free(used);
    return ret;
}

/* ---- one allele in one target ------------------------------------------- */

/* The position after the first `shadow` letters of ALT = seq[0,beg) + alt + seq[end, len). */
static int64_t alt_shadow_end(const char *seq, int64_t len, const ssc_vedit_t *e, const char *alt, int shadow)
{
    int64_t n = 0, p = 0, al = e->end - e->beg + e->delta;
    for (; p < len + e->delta && n < shadow; p++) {
        int c = p < e->beg ? seq[p] : p < e->beg + al ? alt[p - e->beg] : seq[p - e->delta];
        if (ssc_nt4[(uint8_t)c] < 4) n++;
    }
    return shadow > 0 ? p : 0;
}

/* Sites of one sub-sequence in target coordinates, those whose window lies inside it. */
static int sub_scan(ssc_vann_t *v, int which, const char *s, int64_t n, int64_t lo, int64_t len_full,
                    int shadow, const ssc_site_t **out)
{
    ssc_scanopt_t o = *v->opt;
    const ssc_site_t *st;
    o.shadow = shadow;
    int64_t ns = ssc_scan(v->idx, &o, s, n, which ? v->tb_alt : v->tb_ref, &st);
    if (ns < 0) return (int)ns;
    if (ns > v->m_site[which]) {
        ssc_site_t *p = realloc(v->site[which], ns * sizeof *p);
        if (!p) return SSC_ENOMEM;
        v->site[which] = p, v->m_site[which] = ns;
    }
    ssc_site_t *w = v->site[which];
    int k = 0;
    for (int64_t i = 0; i < ns; i++) {
        int64_t win = st[i].start - ssc_type_off[st[i].type];
        if ((win < 0 && lo > 0) || (win + 8 > n && lo + n < len_full)) continue;
        w[k] = st[i];
        w[k].start += lo, w[k].end += lo;
        k++;
    }
    *out = w;
    return k;
}

/* ALT position x of a site mapped to REF: through the common prefix or suffix, which do not
 * depend on where a VCF placed an indel in its repeat; new bases go to the change's start. */
static int64_t alt2ref(const ssc_vedit_t *e, int64_t x, int64_t len)
{
    if (e->same_len || x < e->pre) return x;
    if (x >= e->post + e->delta) return x - e->delta;
    return e->pre < len ? e->pre : len - 1;
}

static void to_genome(const ssc_vtarget_t *t, ssc_vchange_t *c, const ssc_vedit_t *e)
{
    int64_t b = c->t_beg, x = c->t_end - 1;
    if (c->change == SSC_VC_GAINED) b = alt2ref(e, b, t->len), x = alt2ref(e, x, t->len);
    if (b < 0) b = 0;
    if (x >= t->len) x = t->len - 1;
    int64_t g1 = ssc_blk_t2g(t->blk, t->n_blk, t->strand, b), g2 = ssc_blk_t2g(t->blk, t->n_blk, t->strand, x);
    c->g_beg = g1 < g2 ? g1 : g2;
    c->g_end = (g1 < g2 ? g2 : g1) + 1;
}

static int scan_target(ssc_vann_t *v, int ti, int64_t tb, int64_t te, const char *alt, int64_t al,
                       ssc_vres_t *res, kstring_t *err)
{
    const ssc_vtarget_t *t = &v->t[ti];
    const char *u = target_seq(v, ti, err);
    const ssc_site_t *rs, *as;
    ssc_vedit_t e;
    int nr, na, first = res->n, ret;
    if (!u) return err->l ? SSC_EIO : SSC_ENOMEM;
    int64_t len = t->len;
    ssc_vedit_make(u, len, tb, te, alt, al, &e);
    int64_t a = e.beg, b = e.end;
    if (e.pre < a) a = e.pre;
    if (e.post < a) a = e.post;
    if (e.pre > b) b = e.pre;
    if (e.post > b) b = e.post;
    int64_t lo = a - 16 > 0 ? a - 16 : 0, hi = b + 16 < len ? b + 16 : len;
    int64_t send = ssc_shadow_end(u, len, v->opt->shadow), sh = 0;
    if (v->opt->shadow > 0 && (e.beg < send || lo < send)) { /* the change moves the shadow's end */
        int64_t salt = alt_shadow_end(u, len, &e, alt + (e.beg - tb), v->opt->shadow) - e.delta;
        lo = 0, sh = v->opt->shadow;
        if (send + 16 > hi) hi = send + 16 < len ? send + 16 : len;
        if (salt + 16 > hi) hi = salt + 16 < len ? salt + 16 : len;
    }
    v->sref.l = v->salt.l = 0;
    kputsn(u + lo, hi - lo, &v->sref);
    kputsn(u + lo, e.beg - lo, &v->salt);
    kputsn(alt + (e.beg - tb), e.end - e.beg + e.delta, &v->salt);
    if (kputsn(u + e.end, hi - e.end, &v->salt) < 0) return SSC_ENOMEM;
    if ((nr = sub_scan(v, 0, v->sref.s, v->sref.l, lo, len, (int)sh, &rs)) < 0) return nr;
    if ((na = sub_scan(v, 1, v->salt.s, v->salt.l, lo, len + e.delta, (int)sh, &as)) < 0) return na;
    if ((ret = ssc_vsites_diff(rs, nr, as, na, &e, res)) < 0) return ret;
    for (int i = first; i < res->n; i++) {
        res->ch[i].target = ti;
        to_genome(t, &res->ch[i], &e);
    }
    return 0;
}

static int cmp_change(const void *x, const void *y)
{
    const ssc_vchange_t *a = x, *b = y;
    if (a->target != b->target) return a->target - b->target;
    if (a->t_beg != b->t_beg) return a->t_beg < b->t_beg ? -1 : 1;
    if (a->fam != b->fam) return a->fam - b->fam;
    return a->change - b->change;
}

/* Transcript interval [*tb, *te) of genomic [g0, g1) (an insertion: g1 = g0), or -1
 * when it is not wholly inside the target's blocks as one contiguous piece. */
static int map_change(const ssc_vtarget_t *t, int64_t g0, int64_t g1, int64_t *tb, int64_t *te)
{
    if (g1 > g0) {
        int64_t x = ssc_blk_g2t(t->blk, t->n_blk, t->strand, g0), y = ssc_blk_g2t(t->blk, t->n_blk, t->strand, g1 - 1);
        if (x < 0 || y < 0) return -1;
        if (x > y) { int64_t z = x; x = y, y = z; }
        if (y - x != g1 - g0 - 1) return -1;
        *tb = x, *te = y + 1;
        return 0;
    }
    int64_t x = ssc_blk_g2t(t->blk, t->n_blk, t->strand, g0 - 1), y = ssc_blk_g2t(t->blk, t->n_blk, t->strand, g0);
    if (x < 0 || y < 0 || (x - y != 1 && y - x != 1)) return -1;
    *tb = *te = x > y ? x : y;
    return 0;
}

int ssc_vann_allele(ssc_vann_t *v, const char *chrom, int64_t pos0, const char *ref, const char *alt,
                    ssc_vres_t *res, kstring_t *err)
{
    int c = ssc_vann_chrom(v, chrom), n, ret = 0, m = 0, *tl = NULL;
    int64_t rl = strlen(ref), al = strlen(alt), k = 0;
    res->n = res->n_target = res->n_boundary = 0;
    if (c < 0) return 0;
    while (rl > 0 && al > 0 && up(ref[rl - 1]) == up(alt[al - 1])) rl--, al--;
    while (k < rl && k < al && up(ref[k]) == up(alt[k])) k++;
    if (rl == k && al == k) return 0;
    int64_t g0 = pos0 + k, g1 = pos0 + rl;
    if ((n = touched(v, c, g0, g1, &tl, &m)) < 0) return n;
    for (int i = 0; i < n && ret >= 0; i++) {
        const ssc_vtarget_t *t = &v->t[tl[i]];
        int64_t tb, te;
        if (map_change(t, g0, g1, &tb, &te) < 0) {
            res->n_boundary++;
            continue;
        }
        res->n_target++;
        v->tmp.l = 0;
        if ((ret = kputsn(alt + k, al - k, &v->tmp)) < 0) break;
        if (t->strand == '-') ssc_revcomp_iupac(v->tmp.s, v->tmp.l);
        char *a = strdup(v->tmp.s ? v->tmp.s : "");
        if (!a) ret = SSC_ENOMEM;
        else ret = scan_target(v, tl[i], tb, te, a, al - k, res, err);
        free(a);
    }
    free(tl);
    if (ret < 0) return ret;
    if (res->n > 1) qsort(res->ch, res->n, sizeof *res->ch, cmp_change);
    return res->n;
}

void ssc_vres_free(ssc_vres_t *res)
{
    free(res->ch);
    res->ch = NULL;
    res->n = res->m = 0;
}
