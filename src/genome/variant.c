/* variant.c: alleles applied to spliced 3'UTRs; REF and ALT rescanned in a window; sites matched across alleles. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/faidx.h>
#include <htslib/khash.h>
#include "seedscan.h"
#include "core/core.h"
#include "genome/variant.h"
#include "thermo/duplex.h"
#include "thermo/site.h"

KHASH_MAP_INIT_STR(vchr, int)

typedef struct {
    int64_t beg, end;   /* genomic 0-based half-open */
    int target;
} vblk_t;

/* Genomic bases come through a few cached chunks of 1.5 kb: the REF check, the
 * window around the change and the 3'UTR's first bases (the shadow) of a
 * variant and its neighbours are mostly one read. A chunk holds [beg, beg +
 * VCHUNK + VCHUNK_OVER), so that every request of up to VCHUNK_OVER bases
 * lies in the chunk of its first base; longer ones are read directly. */
#define VCHUNK 1024
#define VCHUNK_OVER 512
#define VNCHUNK 4

typedef struct {
    int chrom;              /* -1: empty */
    int64_t beg;
    uint64_t used;          /* last use, for LRU */
    kstring_t s;
} vchunk_t;

/* Per-thread scratch of the annotator: genome handle, chunks, scan buffers. */
struct ssc_vbuf_s {
    ssc_genome_t *g;
    int own_g;              /* g was opened for this buffer */
    vchunk_t ck[VNCHUNK];
    uint64_t tick;
    int64_t *send;          /* per target: end of the ribosome shadow (-1: not known yet) */
    ssc_tbuf_t *tb_ref, *tb_alt;
    kstring_t sref, salt, useq, alt, head;
    ssc_site_t *site[2];    /* REF and ALT sites of the window, target coordinates */
    int64_t m_site[2];
    int *tl;                /* targets an allele touches */
    int m_tl;
    char *used;             /* ALT sites matched to a REF site */
    int m_used;
    ssc_gblk_t *gb;         /* genomic pieces of a window */
    int m_gb;
    ssc_th_dbuf_t *dbuf;    /* with energies: duplex scratch */
    kstring_t eref, ealt;   /* REF and ALT bases around the sites for their energies */
};

struct ssc_vann_s {
    const ssc_index_t *idx;
    const ssc_scanopt_t *opt;
    ssc_genome_t *g;
    int n_t, m_t;
    ssc_vtarget_t *t;
    int n_chr, m_chr;
    char **chr;             /* chromosome names (owned) */
    int64_t *chr_len;       /* their lengths in the genome (-1: absent) */
    khash_t(vchr) *h;
    int n_b;
    vblk_t *b;              /* all 3'UTR blocks, sorted by (chrom, beg) */
    int64_t *maxend;        /* max end of b[chr_off[c] .. i] */
    int *chr_off;           /* blocks of chromosome c: [chr_off[c], chr_off[c + 1]) */
    ssc_vbuf_t *vb;         /* the buffer of ssc_vann_allele (made by ssc_vann_finish) */
    const ssc_th_params_t *p; /* site energies (NULL: none) */
    const ssc_mirset_t *ms;
    int *mem, *mem_off;     /* family f's miRNAs with a sequence: mem[mem_off[f] .. mem_off[f + 1]) */
    int emargin;            /* bases an energy window reaches before a site's end */
    ssc_gblk_t *own_blk;    /* transcript-coordinate mode: one block per record */
    char **own_names;
    int n_own;
};

ssc_vann_t *ssc_vann_init(const ssc_index_t *idx, const ssc_scanopt_t *opt, ssc_genome_t *g)
{
    ssc_vann_t *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->idx = idx, v->opt = opt, v->g = g;
    if (!(v->h = kh_init(vchr))) {
        ssc_vann_destroy(v);
        return NULL;
    }
    return v;
}

void ssc_vann_destroy(ssc_vann_t *v)
{
    if (!v) return;
    for (int i = 0; i < v->n_chr; i++) free(v->chr[i]);
    for (int i = 0; i < v->n_own; i++) free(v->own_names[i]);
    if (v->h) kh_destroy(vchr, v->h);
    ssc_vbuf_destroy(v->vb);
    free(v->chr), free(v->chr_len), free(v->b), free(v->maxend), free(v->chr_off);
    free(v->t), free(v->own_blk), free(v->own_names), free(v->mem), free(v->mem_off);
    free(v);
}

ssc_vbuf_t *ssc_vbuf_init(const ssc_vann_t *v, int own_genome, kstring_t *err)
{
    ssc_vbuf_t *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    for (int i = 0; i < VNCHUNK; i++) b->ck[i].chrom = -1;
    b->g = v->g;
    if (own_genome && !(b->own_g = 1, b->g = ssc_genome_open(ssc_genome_path(v->g), err))) goto fail;
    if (!(b->send = malloc((v->n_t ? v->n_t : 1) * sizeof *b->send))) goto fail;
    for (int i = 0; i < v->n_t; i++) b->send[i] = -1;
    if (!(b->tb_ref = ssc_tbuf_init()) || !(b->tb_alt = ssc_tbuf_init())) goto fail;
    if (v->p && !(b->dbuf = ssc_th_dbuf_init())) goto fail;
    return b;
fail:
    ssc_vbuf_destroy(b);
    return NULL;
}

void ssc_vbuf_destroy(ssc_vbuf_t *b)
{
    if (!b) return;
    if (b->own_g) ssc_genome_close(b->g);
    for (int i = 0; i < VNCHUNK; i++) free(b->ck[i].s.s);
    ssc_tbuf_destroy(b->tb_ref);
    ssc_tbuf_destroy(b->tb_alt);
    free(b->send), free(b->sref.s), free(b->salt.s), free(b->useq.s), free(b->alt.s), free(b->head.s);
    free(b->site[0]), free(b->site[1]), free(b->tl), free(b->used), free(b->gb);
    if (b->dbuf) ssc_th_dbuf_destroy(b->dbuf);
    free(b->eref.s), free(b->ealt.s);
    free(b);
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

int ssc_vann_energy(ssc_vann_t *v, const ssc_th_params_t *p, const ssc_mirset_t *ms)
{
    int nf = ssc_mirset_n_families(ms), n = ssc_mirset_size(ms), at = 0, maxlen = 0;
    if (!(v->mem = malloc((n + 1) * sizeof *v->mem)) || !(v->mem_off = calloc(nf + 1, sizeof *v->mem_off)))
        return SSC_ENOMEM;
    for (int f = 0; f < nf; f++) {
        v->mem_off[f] = at;
        for (int k = 0; k < n; k++) {
            int l = (int)strlen(ssc_mirset_seq(ms, k));
            if (ssc_mirset_family_of(ms, k) != f || !l) continue;
            v->mem[at++] = k;
            if (l > maxlen) maxlen = l;
        }
    }
    v->mem_off[nf] = at;
    v->p = p, v->ms = ms;
    v->emargin = maxlen + SSC_TH_SITE_UP + 8;
    return 0;
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
    v->chr_len = malloc((v->n_chr ? v->n_chr : 1) * sizeof *v->chr_len);
    if (!v->b || !v->maxend || !v->chr_off || !fill || !v->chr_len) {
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
    for (int c = 0; c < v->n_chr; c++) v->chr_len[c] = ssc_genome_seqlen(v->g, v->chr[c]);
    kstring_t err = { 0, 0, NULL };
    v->vb = ssc_vbuf_init(v, 0, &err);
    free(err.s);
    return v->vb ? 0 : SSC_ENOMEM;
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

/* Targets with a block touching the change, ascending and unique, into b->tl. */
static int touched(const ssc_vann_t *v, ssc_vbuf_t *b, int c, int64_t beg, int64_t end)
{
    int64_t qb, qe;
    int n = 0, k = 0;
    query_span(beg, end, &qb, &qe);
    for (int i = last_before(v, c, qe); i >= v->chr_off[c] && v->maxend[i] > qb; i--) {
        if (v->b[i].end <= qb) continue;
        if (n == b->m_tl) {
            int mm = b->m_tl ? b->m_tl * 2 : 16, *p = realloc(b->tl, mm * sizeof *p);
            if (!p) return SSC_ENOMEM;
            b->tl = p, b->m_tl = mm;
        }
        b->tl[n++] = v->b[i].target;
    }
    if (n > 1) qsort(b->tl, n, sizeof *b->tl, cmp_int);
    for (int i = 0; i < n; i++)
        if (k == 0 || b->tl[k - 1] != b->tl[i]) b->tl[k++] = b->tl[i];
    return k;
}

int ssc_vbuf_fetch(const ssc_vann_t *v, ssc_vbuf_t *b, int c, int64_t beg, int64_t end, kstring_t *out,
                   kstring_t *err)
{
    int64_t k0 = beg / VCHUNK * VCHUNK;
    vchunk_t *ck = NULL;
    if (end - beg > VCHUNK_OVER || end > v->chr_len[c] || beg < 0) { /* large, or an error to report */
        ssc_gblk_t blk = { beg, end, 0 };
        return ssc_genome_splice(b->g, v->chr[c], &blk, 1, '+', out, err);
    }
    for (int i = 0; i < VNCHUNK && !ck; i++)
        if (b->ck[i].chrom == c && b->ck[i].beg == k0) ck = &b->ck[i];
    if (!ck) {
        ck = &b->ck[0];
        for (int i = 1; i < VNCHUNK; i++)
            if (b->ck[i].used < ck->used) ck = &b->ck[i];
        ssc_gblk_t blk = { k0, k0 + VCHUNK + VCHUNK_OVER < v->chr_len[c] ? k0 + VCHUNK + VCHUNK_OVER : v->chr_len[c], 0 };
        ck->chrom = -1, ck->s.l = 0;
        int ret = ssc_genome_splice(b->g, v->chr[c], &blk, 1, '+', &ck->s, err);
        if (ret < 0) return ret;
        ck->chrom = c, ck->beg = k0;
    }
    ck->used = ++b->tick;
    return kputsn(ck->s.s + (beg - k0), end - beg, out) < 0 ? SSC_ENOMEM : 0;
}

/* Bases [lo, hi) of target ti's 3'UTR (transcript coordinates) into out. */
static int target_bases(const ssc_vann_t *v, ssc_vbuf_t *b, int ti, int64_t lo, int64_t hi, kstring_t *out,
                        kstring_t *err)
{
    const ssc_vtarget_t *t = &v->t[ti];
    out->l = 0;
    if (kputsn("", 0, out) < 0) return SSC_ENOMEM;
    if (hi <= lo) return 0;
    if (b->m_gb < t->n_blk) {
        ssc_gblk_t *p = realloc(b->gb, t->n_blk * sizeof *p);
        if (!p) return SSC_ENOMEM;
        b->gb = p, b->m_gb = t->n_blk;
    }
    int n = ssc_blk_t2g_range(t->blk, t->n_blk, t->strand, lo, hi, b->gb), ret;
    for (int i = 0; i < n; i++)
        if ((ret = ssc_vbuf_fetch(v, b, t->chrom, b->gb[i].beg, b->gb[i].end, out, err)) < 0) return ret;
    if (t->strand == '-') ssc_revcomp_iupac(out->s, out->l);
    return 0;
}

/* The end of target ti's ribosome shadow (ssc_shadow_end on its 3'UTR), once per buffer. */
static int64_t target_send(const ssc_vann_t *v, ssc_vbuf_t *b, int ti, kstring_t *err)
{
    int64_t len = v->t[ti].len, n = len < 64 ? len : 64;
    int ret;
    if (b->send[ti] >= 0 || v->opt->shadow <= 0) return v->opt->shadow <= 0 ? 0 : b->send[ti];
    if ((ret = target_bases(v, b, ti, 0, n, &b->head, err)) < 0) return ret;
    int64_t e = ssc_shadow_end(b->head.s, n, v->opt->shadow), k = 0;
    for (int64_t i = 0; i < e; i++) k += ssc_nt4[(uint8_t)b->head.s[i]] < 4;
    if (k < v->opt->shadow && n < len) { /* letters other than bases at the start: the whole 3'UTR */
        if ((ret = target_bases(v, b, ti, 0, len, &b->head, err)) < 0) return ret;
        e = ssc_shadow_end(b->head.s, len, v->opt->shadow);
    }
    return b->send[ti] = e;
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

/* ssc_vsites_diff with used[] (room for na) from the caller. */
static int sites_diff(const ssc_site_t *r, int nr, const ssc_site_t *a, int na, const ssc_vedit_t *e,
                      char *used, ssc_vres_t *res)
{
    int ret = 0;
    memset(used, 0, na);
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
                            j >= 0 ? a[j].type : -1, r[i].start, r[i].end, -1, -1,
                            j >= 0 ? a[j].start : -1, j >= 0 ? a[j].end : -1, SSC_ENERGY_NA, SSC_ENERGY_NA };
        ret = push(res, &c);
    }
    for (int j = 0; j < na && ret >= 0; j++) {
        if (used[j]) continue;
        ssc_vchange_t c = { -1, a[j].fam, SSC_VC_GAINED, -1, a[j].type, a[j].start, a[j].end, -1, -1,
                            a[j].start, a[j].end, SSC_ENERGY_NA, SSC_ENERGY_NA };
        ret = push(res, &c);
    }
    return ret;
}

int ssc_vsites_diff(const ssc_site_t *r, int nr, const ssc_site_t *a, int na, const ssc_vedit_t *e,
                    ssc_vres_t *res)
{
    char *used = malloc(na ? na : 1);
    if (!used) return SSC_ENOMEM;
    int ret = sites_diff(r, nr, a, na, e, used, res);
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

/* Room for n sites in b->site[which]. */
static int site_room(ssc_vbuf_t *b, int which, int64_t n)
{
    if (n <= b->m_site[which]) return 0;
    ssc_site_t *p = realloc(b->site[which], n * sizeof *p);
    if (!p) return SSC_ENOMEM;
    b->site[which] = p, b->m_site[which] = n;
    return 0;
}

/* Sites of one sub-sequence in target coordinates, those whose window lies inside it. */
static int sub_scan(const ssc_vann_t *v, ssc_vbuf_t *b, int which, const char *s, int64_t n, int64_t lo,
                    int64_t len_full, int shadow, const ssc_site_t **out)
{
    ssc_scanopt_t o = *v->opt;
    const ssc_site_t *st;
    o.shadow = shadow;
    int64_t ns = ssc_scan(v->idx, &o, s, n, which ? b->tb_alt : b->tb_ref, &st);
    if (ns < 0) return (int)ns;
    if (site_room(b, which, ns) < 0) return SSC_ENOMEM;
    ssc_site_t *w = b->site[which];
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

/* The same for a sub-sequence inside the 3'UTR (neither end, no shadow): its whole windows only. */
static int inner_scan(const ssc_vann_t *v, ssc_vbuf_t *b, int which, const char *s, int64_t n, int64_t lo,
                      const ssc_site_t **out)
{
    const ssc_site_t *st;
    int64_t ns = ssc_scan_inner(v->idx, s, n, which ? b->tb_alt : b->tb_ref, &st);
    if (ns < 0) return (int)ns;
    if (site_room(b, which, ns) < 0) return SSC_ENOMEM;
    ssc_site_t *w = b->site[which];
    for (int64_t i = 0; i < ns; i++) {
        w[i] = st[i];
        w[i].start += lo, w[i].end += lo;
    }
    *out = w;
    return (int)ns;
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

/* The REF bases replaced, and the span [lo, hi) rescanned: 16 nt around the change and the
 * slide of an indel through its repeat. */
static void rescan_span(const ssc_vedit_t *e, int64_t len, int64_t *lo, int64_t *hi)
{
    int64_t a = e->beg, b = e->end;
    if (e->pre < a) a = e->pre;
    if (e->post < a) a = e->post;
    if (e->pre > b) b = e->pre;
    if (e->post > b) b = e->post;
    *lo = a - 16 > 0 ? a - 16 : 0, *hi = b + 16 < len ? b + 16 : len;
}

/* The edit of target ti's 3'UTR, from a window of its bases around [tb, te) widened until the
 * indel's slide and the rescanned span lie inside it: b->useq = bases [*w0, ...). */
static int window_edit(const ssc_vann_t *v, ssc_vbuf_t *b, int ti, int64_t tb, int64_t te, const char *alt,
                       int64_t al, ssc_vedit_t *e, int64_t *w0, kstring_t *err)
{
    int64_t len = v->t[ti].len, lo, hi;
    for (int64_t m = 64;; m *= 4) {
        int64_t x0 = tb - m > 0 ? tb - m : 0, x1 = te + m < len ? te + m : len;
        int ret = target_bases(v, b, ti, x0, x1, &b->useq, err);
        if (ret < 0) return ret;
        ssc_vedit_make(b->useq.s, x1 - x0, tb - x0, te - x0, alt, al, e);
        e->beg += x0, e->end += x0, e->pre += x0, e->post += x0;
        rescan_span(e, len, &lo, &hi);
        lo -= v->p ? v->emargin : 0, hi += v->p ? 8 : 0; /* energies read bases around the sites */
        int64_t rl = e->end - e->beg; /* a slide stopped by the window's edge: widen it */
        if ((x0 == 0 || (e->post - rl > x0 && lo >= x0)) && (x1 == len || (e->pre + rl < x1 && hi <= x1))) {
            *w0 = x0;
            return 0;
        }
    }
}

/* The lowest energy of a site (type at [start, end) of seq, n nt) over its family's members. */
static int32_t site_energy(const ssc_vann_t *v, ssc_vbuf_t *b, int fam, int type, const char *seq, int64_t n,
                           int64_t start, int64_t end, int *err)
{
    int32_t best = SSC_ENERGY_NA;
    for (int k = v->mem_off[fam]; k < v->mem_off[fam + 1]; k++) {
        const char *m = ssc_mirset_seq(v->ms, v->mem[k]);
        int e, rc = ssc_th_site_energy(v->p, b->dbuf, m, (int)strlen(m), seq, n, type, start, end, &e);
        if (rc < 0 && rc != SSC_EINVAL) *err = rc; /* EINVAL: a letter the model lacks: NA */
        if (rc == 0 && (best == SSC_ENERGY_NA || e < best)) best = e;
    }
    return best;
}

/* Energies of the changes ch[0..n) of one allele in one 3'UTR (its bases [w0, ...) in
 * b->useq): each site read on its own allele's bases from emargin nt before it to 8 nt after,
 * which the site energy's window (the miRNA's length + 5 nt before the site's end, 2 after)
 * never leaves but where the 3'UTR ends, so that it clips as on the whole 3'UTR. */
static int energies(const ssc_vann_t *v, ssc_vbuf_t *b, int64_t w0, int64_t len, int64_t tb, const char *alt,
                    const ssc_vedit_t *e, ssc_vchange_t *ch, int n)
{
    int64_t lo, hi, al = e->end - e->beg + e->delta;
    int err = 0;
    rescan_span(e, len, &lo, &hi);
    lo = lo - v->emargin > 0 ? lo - v->emargin : 0, hi = hi + 8 < len ? hi + 8 : len;
    const char *u = b->useq.s;
    b->eref.l = b->ealt.l = 0;
    kputsn(u + (lo - w0), hi - lo, &b->eref);
    kputsn(u + (lo - w0), e->beg - lo, &b->ealt);
    kputsn(alt + (e->beg - tb), al, &b->ealt);
    if (kputsn(u + (e->end - w0), hi - e->end, &b->ealt) < 0) return SSC_ENOMEM;
    for (int i = 0; i < n && !err; i++) {
        ssc_vchange_t *c = &ch[i];
        if (c->type_ref >= 0)
            c->e_ref = site_energy(v, b, c->fam, c->type_ref, b->eref.s, b->eref.l, c->t_beg - lo, c->t_end - lo, &err);
        if (c->type_alt >= 0)
            c->e_alt = site_energy(v, b, c->fam, c->type_alt, b->ealt.s, b->ealt.l, c->a_beg - lo, c->a_end - lo, &err);
    }
    return err;
}

static int scan_target(const ssc_vann_t *v, ssc_vbuf_t *b, int ti, int64_t tb, int64_t te, const char *alt,
                       int64_t al, ssc_vres_t *res, kstring_t *err)
{
    const ssc_vtarget_t *t = &v->t[ti];
    const ssc_site_t *rs, *as;
    ssc_vedit_t e;
    int nr, na, first = res->n, ret;
    int64_t len = t->len, w0, lo, hi, sh = 0, send;
    if ((ret = window_edit(v, b, ti, tb, te, alt, al, &e, &w0, err)) < 0) return ret;
    rescan_span(&e, len, &lo, &hi);
    if ((send = target_send(v, b, ti, err)) < 0) return (int)send;
    if (v->opt->shadow > 0 && lo < send) { /* the change moves the shadow's end: the whole 3'UTR */
        if ((ret = target_bases(v, b, ti, 0, len, &b->useq, err)) < 0) return ret;
        int64_t salt = alt_shadow_end(b->useq.s, len, &e, alt + (e.beg - tb), v->opt->shadow) - e.delta;
        w0 = lo = 0, sh = v->opt->shadow;
        if (send + 16 > hi) hi = send + 16 < len ? send + 16 : len;
        if (salt + 16 > hi) hi = salt + 16 < len ? salt + 16 : len;
    }
    const char *u = b->useq.s; /* bases [w0, ...) of the 3'UTR */
    b->sref.l = b->salt.l = 0;
    kputsn(u + (lo - w0), hi - lo, &b->sref);
    kputsn(u + (lo - w0), e.beg - lo, &b->salt);
    kputsn(alt + (e.beg - tb), e.end - e.beg + e.delta, &b->salt);
    if (kputsn(u + (e.end - w0), hi - e.end, &b->salt) < 0) return SSC_ENOMEM;
    if (sh == 0 && lo > 0 && hi < len) {
        if ((nr = inner_scan(v, b, 0, b->sref.s, b->sref.l, lo, &rs)) < 0) return nr;
        if ((na = inner_scan(v, b, 1, b->salt.s, b->salt.l, lo, &as)) < 0) return na;
    } else {
        if ((nr = sub_scan(v, b, 0, b->sref.s, b->sref.l, lo, len, (int)sh, &rs)) < 0) return nr;
        if ((na = sub_scan(v, b, 1, b->salt.s, b->salt.l, lo, len + e.delta, (int)sh, &as)) < 0) return na;
    }
    if (na >= b->m_used) {
        char *p = realloc(b->used, na + 1);
        if (!p) return SSC_ENOMEM;
        b->used = p, b->m_used = na + 1;
    }
    if ((ret = sites_diff(rs, nr, as, na, &e, b->used, res)) < 0) return ret;
    for (int i = first; i < res->n; i++) {
        res->ch[i].target = ti;
        to_genome(t, &res->ch[i], &e);
    }
    if (v->p && res->n > first && (ret = energies(v, b, w0, len, tb, alt, &e, res->ch + first, res->n - first)) < 0)
        return ret;
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

int ssc_vann_allele_b(const ssc_vann_t *v, ssc_vbuf_t *b, const char *chrom, int64_t pos0, const char *ref,
                      const char *alt, ssc_vres_t *res, kstring_t *err)
{
    int c = ssc_vann_chrom(v, chrom), n, ret = 0;
    int64_t rl = strlen(ref), al = strlen(alt), k = 0;
    res->n = res->n_target = res->n_boundary = 0;
    if (c < 0) return 0;
    while (rl > 0 && al > 0 && up(ref[rl - 1]) == up(alt[al - 1])) rl--, al--;
    while (k < rl && k < al && up(ref[k]) == up(alt[k])) k++;
    if (rl == k && al == k) return 0;
    int64_t g0 = pos0 + k, g1 = pos0 + rl;
    if ((n = touched(v, b, c, g0, g1)) < 0) return n;
    for (int i = 0; i < n && ret >= 0; i++) {
        const ssc_vtarget_t *t = &v->t[b->tl[i]];
        int64_t tb, te;
        if (map_change(t, g0, g1, &tb, &te) < 0) {
            res->n_boundary++;
            continue;
        }
        res->n_target++;
        b->alt.l = 0;
        if ((ret = kputsn(alt + k, al - k, &b->alt)) < 0) break;
        if (t->strand == '-') ssc_revcomp_iupac(b->alt.s, b->alt.l);
        ret = scan_target(v, b, b->tl[i], tb, te, b->alt.s, al - k, res, err);
    }
    if (ret < 0) return ret;
    if (res->n > 1) qsort(res->ch, res->n, sizeof *res->ch, cmp_change);
    return res->n;
}

int ssc_vann_allele(ssc_vann_t *v, const char *chrom, int64_t pos0, const char *ref, const char *alt,
                    ssc_vres_t *res, kstring_t *err)
{
    return ssc_vann_allele_b(v, v->vb, chrom, pos0, ref, alt, res, err);
}

void ssc_vres_free(ssc_vres_t *res)
{
    free(res->ch);
    res->ch = NULL;
    res->n = res->m = 0;
}
