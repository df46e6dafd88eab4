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
#include "thermo/noncanon.h"
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
    /* non-canonical sites (ssc_vann_noncanon) */
    kstring_t nref, nalt;   /* REF and ALT bases they are found on */
    int8_t *codes;
    int64_t m_codes;
    ssc_th_nc_tgt_t tg;     /* codes prepared once for every miRNA's search */
    ssc_th_nc_t *nc;
    int64_t m_nc;
    struct vnc_row_s *rows[2]; /* REF and ALT non-canonical sites, one per miRNA, sorted by site */
    int64_t n_rows[2], m_rows[2];
    int64_t *anc[2];        /* per site of site[w]: its anchor (position opposite miRNA nt 1, - 7) */
    int64_t m_anc[2];
    char *rdone;            /* REF sites matched exactly */
    int m_rdone;
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
    unsigned nc;            /* non-canonical types (SSC_TYPES_NONCANON bits), 0: none */
    int nc_only;            /* no canonical type asked for: the index's sites are dropped */
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
    free(b->eref.s), free(b->ealt.s), free(b->nref.s), free(b->nalt.s), free(b->codes), free(b->nc);
    ssc_th_nc_target_free(&b->tg);
    for (int i = 0; i < 2; i++) free(b->anc[i]), free(b->rows[i]);
    free(b->rdone);
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

int ssc_vann_noncanon(ssc_vann_t *v, unsigned types)
{
    if (!v->p) return SSC_EINVAL;
    v->nc = types & SSC_TYPES_NONCANON;
    v->nc_only = v->nc && !(types & SSC_TYPES_ALL);
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

/* A site's anchor: its window (canonical), else from anc[] (non-canonical sites: the
 * position opposite miRNA nt 1, minus 7, where a canonical window would start). */
static inline int64_t anc_of(const ssc_site_t *s, const int64_t *anc, int j)
{
    return anc ? anc[j] : win_of(s);
}

/* The unused ALT site of family fam with anchor w, preferring type `type` (only that with
 * exact_only); -1 if none. */
static int find_alt(const ssc_site_t *a, const int64_t *aa, int na, const char *used, int fam, int64_t w,
                    int type, int exact_only, int *exact)
{
    int any = -1;
    for (int j = 0; j < na; j++) {
        if (used[j] || a[j].fam != fam || anc_of(&a[j], aa, j) != w) continue;
        if (a[j].type == type) return *exact = 1, j;
        if (any < 0 && !exact_only) any = j;
    }
    return any;
}

/* The ALT site matching REF site r (anchor w) through e: same anchor, or shifted by delta. */
static int match_alt(const ssc_site_t *r, int64_t w, const ssc_site_t *a, const int64_t *aa, int na,
                     const char *used, const ssc_vedit_t *e, int exact_only, int *exact)
{
    int same = e->same_len || w + 6 <= e->pre, shift = !e->same_len && w + 2 >= e->post;
    int j = -1, j2;
    *exact = 0;
    if (same) j = find_alt(a, aa, na, used, r->fam, w, r->type, exact_only, exact);
    if (shift && !*exact) {
        int ex2 = 0;
        j2 = find_alt(a, aa, na, used, r->fam, w + e->delta, r->type, exact_only, &ex2);
        if (j2 >= 0 && (ex2 || j < 0)) j = j2, *exact = ex2;
    }
    return j;
}

/* Sites of one allele: n sites s, with anchors anc when non-canonical sites are among them
 * (else NULL: canonical windows). */
typedef struct {
    const ssc_site_t *s;
    int n;
    const int64_t *anc;
} vsites_t;

/* ssc_vsites_diff with used[] (room for a->n) from the caller. With rdone (room for r->n),
 * every exact match is made first, so that a site of the same family and anchor but another
 * type (several non-canonical types hold at one alignment) does not take it. */
static int sites_diff(const vsites_t *rv, const vsites_t *av, const ssc_vedit_t *e, char *used, char *rdone,
                      ssc_vres_t *res)
{
    const ssc_site_t *r = rv->s, *a = av->s;
    int ret = 0, nr = rv->n, na = av->n, exact;
    memset(used, 0, na);
    if (rdone) {
        memset(rdone, 0, nr);
        for (int i = 0; i < nr; i++) {
            int j = match_alt(&r[i], anc_of(&r[i], rv->anc, i), a, av->anc, na, used, e, 1, &exact);
            if (j >= 0) used[j] = 1, rdone[i] = 1;
        }
    }
    for (int i = 0; i < nr && ret >= 0; i++) {
        if (rdone && rdone[i]) continue;
        int j = match_alt(&r[i], anc_of(&r[i], rv->anc, i), a, av->anc, na, used, e, 0, &exact);
        if (j >= 0) used[j] = 1;
        if (exact) continue;
        ssc_vchange_t c = { -1, r[i].fam, j >= 0 ? SSC_VC_CHANGED : SSC_VC_LOST, r[i].type,
                            j >= 0 ? a[j].type : -1, r[i].start, r[i].end, -1, -1,
                            j >= 0 ? a[j].start : -1, j >= 0 ? a[j].end : -1,
                            SSC_ENERGY_NA, SSC_ENERGY_NA };
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
    vsites_t rv = { r, nr, NULL }, av = { a, na, NULL };
    int ret = sites_diff(&rv, &av, e, used, NULL, res);
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

/* REF bases [lo, hi) of a 3'UTR (u: its bases from w0) into r, and the same with the change e
 * applied (its ALT bases alt) into a. */
static int allele_bases(const char *u, int64_t w0, int64_t lo, int64_t hi, const ssc_vedit_t *e, const char *alt,
                        kstring_t *r, kstring_t *a)
{
    r->l = a->l = 0;
    kputsn(u + (lo - w0), hi - lo, r);
    kputsn(u + (lo - w0), e->beg - lo, a);
    kputsn(alt, e->end - e->beg + e->delta, a);
    return kputsn(u + (e->end - w0), hi - e->end, a) < 0 ? SSC_ENOMEM : 0;
}

/* ---- non-canonical sites ------------------------------------------------- */

/* A non-canonical site depends on the bases from 17 nt before the position opposite miRNA
 * nt 1 (nt 16 of a 3'-compensatory site 6 nt after nt 8's partner) to 1 nt before it. */
#define NC_REACH 17
/* The span they are looked for in: the rescanned span and this much on each side. */
#define NC_MARGIN 24

typedef struct vnc_row_s {
    ssc_site_t s;           /* 3'UTR coordinates */
    int64_t anc;
    int mir;                /* the miRNA */
    ssc_th_nc_t x;          /* the site on the bases it was found on */
} vnc_row_t;

static int cmp_nc_row(const void *x, const void *y)
{
    const vnc_row_t *a = x, *b = y;
    if (a->s.start != b->s.start) return a->s.start < b->s.start ? -1 : 1;
    if (a->s.fam != b->s.fam) return a->s.fam < b->s.fam ? -1 : 1;
    if (a->s.type != b->s.type) return a->s.type - b->s.type;
    if (a->s.end != b->s.end) return a->s.end < b->s.end ? -1 : 1;
    return a->mir - b->mir;
}

static int same_nc_site(const ssc_site_t *a, const ssc_site_t *b)
{
    return a->start == b->start && a->fam == b->fam && a->type == b->type && a->end == b->end;
}

/* Room for n anchors of allele `which`. */
static int anc_room(ssc_vbuf_t *b, int which, int64_t n)
{
    if (n <= b->m_anc[which]) return 0;
    int64_t m = n + n / 2 + 16;
    int64_t *a = realloc(b->anc[which], m * sizeof *a);
    if (!a) return SSC_ENOMEM;
    b->anc[which] = a, b->m_anc[which] = m;
    return 0;
}

/* The position opposite miRNA nt 1 of a site: every type pairs its first paired nt k (2, or 3
 * when nt 2 is the mismatch; 4 or 5 for centered) unshifted at p1 - (k - 1). */
static int64_t nc_p1(const ssc_th_nc_t *x)
{
    for (int k = 1; k <= 16; k++)
        if (x->pair[k] >= 0) return x->pair[k] + (k - 1);
    return x->end;
}

/* The non-canonical sites of allele `which` on seq[0, n) (3'UTR bases from off, either allele's
 * coordinates) whose alignment (p1, the position opposite nt 1) lies in [p1min, p1max] so that
 * every base they depend on is in seq (or the 3'UTR ends there): one row per miRNA in
 * b->rows[which] (their energies are computed for the sites that change, nc_energy), one site per
 * family appended to the nr sites of b->site[which], whose anchors are set too. Returns the new
 * count. */
static int nc_sites(const ssc_vann_t *v, ssc_vbuf_t *b, int which, const char *seq, int64_t n, int64_t off,
                    int64_t p1min, int64_t p1max, int nr)
{
    int nf = ssc_mirset_n_families(v->ms), ret;
    if (n > b->m_codes) {
        int8_t *c = realloc(b->codes, n);
        if (!c) return SSC_ENOMEM;
        b->codes = c, b->m_codes = n;
    }
    ssc_th_nc_encode(seq, n, b->codes);
    if (ssc_th_nc_target(&b->tg, b->codes, n) < 0) return SSC_ENOMEM;
    int64_t nrow = 0;
    for (int f = 0; f < nf; f++)
        for (int k = v->mem_off[f]; k < v->mem_off[f + 1]; k++) {
            const char *m = ssc_mirset_seq(v->ms, v->mem[k]);
            int64_t nx = ssc_th_nc_find_tgt(m, (int)strlen(m), &b->tg, v->nc, 0, &b->nc, &b->m_nc);
            if (nx < 0) return (int)nx;
            for (int64_t i = 0; i < nx; i++) {
                const ssc_th_nc_t *x = &b->nc[i];
                int64_t p1 = nc_p1(x);
                if (p1 < p1min || p1 > p1max || off + x->start < v->opt->shadow) continue;
                if (nrow == b->m_rows[which]) {
                    int64_t mr = nrow ? 2 * nrow : 64;
                    vnc_row_t *r = realloc(b->rows[which], mr * sizeof *r);
                    if (!r) return SSC_ENOMEM;
                    b->rows[which] = r, b->m_rows[which] = mr;
                }
                vnc_row_t *r = &b->rows[which][nrow++];
                memset(&r->s, 0, sizeof r->s);
                r->s.fam = f, r->s.type = (int16_t)x->type, r->s.strand = 0;
                r->s.start = off + x->start, r->s.end = off + x->end;
                r->anc = off + p1 - 7, r->mir = v->mem[k], r->x = *x;
            }
        }
    vnc_row_t *rw = b->rows[which];
    b->n_rows[which] = nrow;
    qsort(rw, nrow, sizeof *rw, cmp_nc_row);
    int64_t w = 0;
    for (int64_t i = 0; i < nrow; i++) w += i == 0 || !same_nc_site(&rw[i].s, &rw[i - 1].s);
    if ((ret = site_room(b, which, nr + w)) < 0 || (ret = anc_room(b, which, nr + w)) < 0) return ret;
    for (int i = 0; i < nr; i++) b->anc[which][i] = win_of(&b->site[which][i]);
    w = nr;
    for (int64_t i = 0; i < nrow; i++)
        if (i == 0 || !same_nc_site(&rw[i].s, &rw[i - 1].s))
            b->site[which][w] = rw[i].s, b->anc[which][w++] = rw[i].anc;
    return (int)w;
}

/* The energy of non-canonical site (fam, type, [start, end)) of allele `which`: the lowest over
 * the family's miRNAs that have it, as seedscan scan gives it (SSC_ENERGY_NA: none computable). */
static int32_t nc_energy(const ssc_vann_t *v, ssc_vbuf_t *b, int which, int fam, int type, int64_t start,
                         int64_t end, int *err)
{
    const vnc_row_t *rw = b->rows[which];
    const kstring_t *seq = which ? &b->nalt : &b->nref;
    int64_t lo = 0, hi = b->n_rows[which];
    vnc_row_t key;
    memset(&key, 0, sizeof key);
    key.s.fam = fam, key.s.type = (int16_t)type, key.s.start = start, key.s.end = end, key.mir = -1;
    while (lo < hi) { /* the first row of the site */
        int64_t mid = lo + (hi - lo) / 2;
        if (cmp_nc_row(&rw[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    int32_t best = SSC_ENERGY_NA;
    for (int64_t i = lo; i < b->n_rows[which] && same_nc_site(&rw[i].s, &key.s); i++) {
        const char *m = ssc_mirset_seq(v->ms, rw[i].mir);
        int e, rc = ssc_th_nc_energy(v->p, b->dbuf, m, (int)strlen(m), seq->s, seq->l, &rw[i].x, &e);
        if (rc < 0 && rc != SSC_EINVAL) *err = rc; /* EINVAL: a letter the model lacks: NA */
        if (rc == 0 && (best == SSC_ENERGY_NA || e < best)) best = e;
    }
    return best;
}

/* Energies of the non-canonical sites among changes ch[0..n). */
static int nc_energies(const ssc_vann_t *v, ssc_vbuf_t *b, ssc_vchange_t *ch, int n)
{
    int err = 0;
    for (int i = 0; i < n && !err; i++) {
        ssc_vchange_t *c = &ch[i];
        if (c->type_ref >= SSC_NTYPES) c->e_ref = nc_energy(v, b, 0, c->fam, c->type_ref, c->t_beg, c->t_end, &err);
        if (c->type_alt >= SSC_NTYPES) c->e_alt = nc_energy(v, b, 1, c->fam, c->type_alt, c->a_beg, c->a_end, &err);
    }
    return err;
}

/* The non-canonical sites of REF and ALT around the change (rescanned span [lo, hi) of a
 * 3'UTR of len nt, its bases [w0, ...) in b->useq) added to the nr, na canonical ones:
 * found on bases reaching emargin nt further for their energies. */
static int nc_both(const ssc_vann_t *v, ssc_vbuf_t *b, int64_t w0, int64_t len, int64_t lo, int64_t hi,
                   int64_t tb, const char *alt, const ssc_vedit_t *e, int *nr, int *na)
{
    int64_t nlo = lo - NC_MARGIN > 0 ? lo - NC_MARGIN : 0, nhi = hi + NC_MARGIN < len ? hi + NC_MARGIN : len;
    int64_t elo = nlo - v->emargin > 0 ? nlo - v->emargin : 0, ehi = nhi + 8 < len ? nhi + 8 : len;
    int64_t p1min = nlo > 0 ? nlo - elo + NC_REACH : 0;
    if (allele_bases(b->useq.s, w0, elo, ehi, e, alt + (e->beg - tb), &b->nref, &b->nalt) < 0) return SSC_ENOMEM;
    int64_t pmax = nhi < len ? nhi - elo : INT64_MAX;
    if ((*nr = nc_sites(v, b, 0, b->nref.s, b->nref.l, elo, p1min, pmax, *nr)) < 0) return *nr;
    pmax = nhi < len ? nhi - elo + e->delta : INT64_MAX;
    if ((*na = nc_sites(v, b, 1, b->nalt.s, b->nalt.l, elo, p1min, pmax, *na)) < 0) return *na;
    return 0;
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
        lo -= v->nc ? NC_MARGIN : 0, hi += v->nc ? NC_MARGIN : 0; /* non-canonical sites reach further */
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
    int64_t lo, hi;
    int err = 0;
    rescan_span(e, len, &lo, &hi);
    lo = lo - v->emargin > 0 ? lo - v->emargin : 0, hi = hi + 8 < len ? hi + 8 : len;
    if (allele_bases(b->useq.s, w0, lo, hi, e, alt + (e->beg - tb), &b->eref, &b->ealt) < 0) return SSC_ENOMEM;
    for (int i = 0; i < n && !err; i++) {
        ssc_vchange_t *c = &ch[i];
        if (c->type_ref >= 0 && c->type_ref < SSC_NTYPES) /* non-canonical: found with theirs */
            c->e_ref = site_energy(v, b, c->fam, c->type_ref, b->eref.s, b->eref.l, c->t_beg - lo, c->t_end - lo, &err);
        if (c->type_alt >= 0 && c->type_alt < SSC_NTYPES)
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
    if (allele_bases(b->useq.s, w0, lo, hi, &e, alt + (e.beg - tb), &b->sref, &b->salt) < 0) return SSC_ENOMEM;
    if (sh == 0 && lo > 0 && hi < len) {
        if ((nr = inner_scan(v, b, 0, b->sref.s, b->sref.l, lo, &rs)) < 0) return nr;
        if ((na = inner_scan(v, b, 1, b->salt.s, b->salt.l, lo, &as)) < 0) return na;
    } else {
        if ((nr = sub_scan(v, b, 0, b->sref.s, b->sref.l, lo, len, (int)sh, &rs)) < 0) return nr;
        if ((na = sub_scan(v, b, 1, b->salt.s, b->salt.l, lo, len + e.delta, (int)sh, &as)) < 0) return na;
    }
    if (v->nc) {
        if (v->nc_only) nr = na = 0;
        if ((ret = nc_both(v, b, w0, len, lo, hi, tb, alt, &e, &nr, &na)) < 0) return ret;
        rs = b->site[0], as = b->site[1];
        if (nr >= b->m_rdone) {
            char *p = realloc(b->rdone, nr + 1);
            if (!p) return SSC_ENOMEM;
            b->rdone = p, b->m_rdone = nr + 1;
        }
    }
    if (na >= b->m_used) {
        char *p = realloc(b->used, na + 1);
        if (!p) return SSC_ENOMEM;
        b->used = p, b->m_used = na + 1;
    }
    vsites_t rv = { rs, nr, v->nc ? b->anc[0] : NULL }, av = { as, na, v->nc ? b->anc[1] : NULL };
    if ((ret = sites_diff(&rv, &av, &e, b->used, v->nc ? b->rdone : NULL, res)) < 0) return ret;
    for (int i = first; i < res->n; i++) {
        res->ch[i].target = ti;
        to_genome(t, &res->ch[i], &e);
    }
    if (v->p && res->n > first && (ret = energies(v, b, w0, len, tb, alt, &e, res->ch + first, res->n - first)) < 0)
        return ret;
    if (v->nc && res->n > first && (ret = nc_energies(v, b, res->ch + first, res->n - first)) < 0) return ret;
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
