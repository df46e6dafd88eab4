/* scan_energy.c: `seedscan scan --energy`: site energies for the writers, on worker threads (one duplex scratch each). */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/scan_energy.h"
#include "io/io.h"
#include "thermo/params.h"
#include "thermo/site.h"
#include "thermo/noncanon.h"

typedef struct {
    ssc_site_t site;
    int32_t energy;
} nc_row_t;

typedef struct {
    ssc_th_dbuf_t *dbuf;
    char *rc;              /* the record's reverse complement, for - strand sites */
    int64_t mrc;
    const ssc_rec_t *rc_of; /* the record rc holds, NULL when none */
    int32_t *energy;
    ssc_site_t *kept;
    int64_t m;
    /* non-canonical sites: found per miRNA, then merged with the canonical ones */
    ssc_th_nc_t *nc;
    int64_t mnc;
    nc_row_t *rows;
    int64_t nrows, mrows;
    int8_t *codes;          /* the strand's letters as codes, once for every miRNA */
    int64_t mcodes;
    ssc_th_nc_tgt_t tgt;    /* and their bit vectors */
    /* --summary: per family, counts by type (SSC_CSTRIDE_ALL each) and the lowest energy */
    uint32_t *cnt;
    int32_t *mfe, *fams;
} ethread_t;

struct scan_energy_s {
    const ssc_mirset_t *ms;
    ssc_th_params_t *p;
    int32_t max;
    unsigned nc_types;      /* SSC_TYPES_NONCANON bits asked for */
    int shadow;
    int *mem, *mem_off;     /* members of family f: mem[mem_off[f] .. mem_off[f + 1]) */
    ethread_t *th;
    int nthreads;
};

/* Each family's miRNAs with a sequence, in set order. */
static int family_members(scan_energy_t *en)
{
    const ssc_mirset_t *ms = en->ms;
    int nf = ssc_mirset_n_families(ms), n = ssc_mirset_size(ms), k, f, at = 0;
    if (!(en->mem = malloc(sizeof(int) * (size_t)(n + 1))) ||
        !(en->mem_off = calloc((size_t)nf + 1, sizeof(int))))
        return -1;
    for (f = 0; f < nf; f++) {
        en->mem_off[f] = at;
        for (k = 0; k < n; k++)
            if (ssc_mirset_family_of(ms, k) == f && ssc_mirset_seq(ms, k)[0]) en->mem[at++] = k;
    }
    en->mem_off[nf] = at;
    return 0;
}

scan_energy_t *scan_energy_init(const ssc_mirset_t *ms, int nthreads, int32_t max,
                                 unsigned nc_types, int shadow)
{
    scan_energy_t *en = calloc(1, sizeof *en);
    int i;
    if (!en) goto oom;
    en->ms = ms, en->max = max, en->nthreads = nthreads;
    en->nc_types = nc_types & SSC_TYPES_NONCANON, en->shadow = shadow;
    if (!(en->p = cli_load_params("scan", NULL))) goto fail;
    if (family_members(en) < 0 || !(en->th = calloc((size_t)nthreads, sizeof *en->th))) goto oom;
    for (i = 0; i < nthreads; i++)
        if (!(en->th[i].dbuf = ssc_th_dbuf_init())) goto oom;
    return en;
oom:
    cli_error("scan", "out of memory");
fail:
    scan_energy_destroy(en);
    return NULL;
}

void scan_energy_destroy(scan_energy_t *en)
{
    int i;
    if (!en) return;
    for (i = 0; en->th && i < en->nthreads; i++) {
        ssc_th_dbuf_destroy(en->th[i].dbuf);
        free(en->th[i].rc);
        free(en->th[i].energy);
        free(en->th[i].kept);
        free(en->th[i].nc);
        free(en->th[i].rows);
        free(en->th[i].codes);
        ssc_th_nc_target_free(&en->th[i].tgt);
        free(en->th[i].cnt);
        free(en->th[i].mfe);
        free(en->th[i].fams);
    }
    free(en->th);
    free(en->mem);
    free(en->mem_off);
    ssc_th_params_destroy(en->p);
    free(en);
}

static int reserve(ethread_t *t, int64_t n)
{
    int32_t *e;
    ssc_site_t *k;
    if (n <= t->m) return 0;
    n += n / 2 + 16;
    if (!(e = realloc(t->energy, (size_t)n * sizeof *e))) return SSC_ENOMEM;
    t->energy = e;
    if (!(k = realloc(t->kept, (size_t)n * sizeof *k))) return SSC_ENOMEM;
    t->kept = k, t->m = n;
    return 0;
}

/* The letters a site is read on (the piece, or its reverse complement) and the site's
 * coordinates there. */
static const char *site_frame(ethread_t *t, const ssc_rec_t *rec, const ssc_site_t *x,
                              int64_t *start, int64_t *end)
{
    if (!x->strand) {
        *start = x->start - rec->pos, *end = x->end - rec->pos;
        return rec->seq;
    }
    if (t->rc_of != rec) {
        if (rec->len > t->mrc) {
            char *r = realloc(t->rc, (size_t)rec->len);
            if (!r) return NULL;
            t->rc = r, t->mrc = rec->len;
        }
        ssc_revcomp(rec->seq, rec->len, t->rc);
        t->rc_of = rec;
    }
    *start = rec->len - (x->end - rec->pos), *end = rec->len - (x->start - rec->pos);
    return t->rc;
}

/* The lowest energy of the site over its family's members. */
static int32_t site_energy(scan_energy_t *en, ethread_t *t, const ssc_rec_t *rec,
                           const ssc_site_t *x, int *err)
{
    int64_t start, end;
    const char *seq = site_frame(t, rec, x, &start, &end);
    int32_t best = SSC_ENERGY_NA;
    int k, e, rc;
    if (!seq) {
        *err = SSC_ENOMEM;
        return best;
    }
    for (k = en->mem_off[x->fam]; k < en->mem_off[x->fam + 1]; k++) {
        const char *m = ssc_mirset_seq(en->ms, en->mem[k]);
        rc = ssc_th_site_energy(en->p, t->dbuf, m, (int)strlen(m), seq, rec->len, x->type, start,
                                end, &e);
        if (rc < 0 && rc != SSC_EINVAL) *err = rc; /* EINVAL: a letter the model lacks: NA */
        if (rc == 0 && (best == SSC_ENERGY_NA || e < best)) best = e;
    }
    return best;
}

/* Energies of the canonical sites into t->energy (all of them). */
static int canonical(scan_energy_t *en, ethread_t *t, const ssc_rec_t *rec,
                     const ssc_site_t *sites, int64_t n)
{
    int64_t k;
    int err = 0;
    if (reserve(t, n) < 0) return SSC_ENOMEM;
    for (k = 0; k < n && !err; k++) t->energy[k] = site_energy(en, t, rec, &sites[k], &err);
    return err;
}

static int add_row(ethread_t *t, const ssc_site_t *x, int32_t e)
{
    if (t->nrows == t->mrows) {
        int64_t m = t->mrows ? 2 * t->mrows : 256;
        nc_row_t *r = realloc(t->rows, (size_t)m * sizeof *r);
        if (!r) return SSC_ENOMEM;
        t->rows = r, t->mrows = m;
    }
    t->rows[t->nrows].site = *x, t->rows[t->nrows++].energy = e;
    return 0;
}

/* The non-canonical sites of miRNA k (family fam) on one strand of rec, in + coordinates. */
static int nc_member(scan_energy_t *en, ethread_t *t, const ssc_rec_t *rec, int minus, int k,
                     int fam)
{
    const char *m = ssc_mirset_seq(en->ms, k), *seq = rec->seq;
    int mlen = (int)strlen(m), e, rc;
    int64_t n, i;
    if (minus) seq = t->rc; /* noncanonical() made it */
    n = ssc_th_nc_find_tgt(m, mlen, &t->tgt, en->nc_types, 0, &t->nc, &t->mnc);
    if (n < 0) return (int)n;
    for (i = 0; i < n; i++) {
        const ssc_th_nc_t *x = &t->nc[i];
        ssc_site_t st = { fam, (int16_t)x->type, (int16_t)minus, 0, 0 };
        st.start = rec->pos + (minus ? rec->len - x->end : x->start);
        st.end = rec->pos + (minus ? rec->len - x->start : x->end);
        if (rec->pos == 0 && st.start < en->shadow) continue; /* the ribosome shadow, on + */
        rc = ssc_th_nc_energy(en->p, t->dbuf, m, mlen, seq, rec->len, x, &e);
        if (rc < 0 && rc != SSC_EINVAL) return rc;
        if (rc == 0 && en->max != SSC_ENERGY_NA && e > en->max) continue;
        if ((rc = add_row(t, &st, rc == 0 ? e : SSC_ENERGY_NA)) < 0) return rc;
    }
    return 0;
}

static int cmp_site(const ssc_site_t *x, const ssc_site_t *y)
{
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->fam != y->fam) return x->fam < y->fam ? -1 : 1;
    if (x->type != y->type) return x->type - y->type;
    if (x->strand != y->strand) return x->strand - y->strand;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Rows by site, then energy: the first of equal sites is their lowest energy. */
static int cmp_row(const void *va, const void *vb)
{
    const nc_row_t *a = va, *b = vb;
    int c = cmp_site(&a->site, &b->site);
    if (c) return c;
    return a->energy < b->energy ? -1 : a->energy > b->energy;
}

/* Every non-canonical site of rec: sorted, one row per site (the family's lowest energy). */
static int noncanonical(scan_energy_t *en, ethread_t *t, const ssc_rec_t *rec, int strands)
{
    int f, k, minus, rc;
    int64_t i, w = 0;
    t->nrows = 0;
    if (rec->len > t->mcodes) {
        int8_t *c = realloc(t->codes, (size_t)rec->len);
        if (!c) return SSC_ENOMEM;
        t->codes = c, t->mcodes = rec->len;
    }
    for (minus = 0; minus < 2; minus++) {
        const char *seq = rec->seq;
        if (!(strands >> minus & 1)) continue;
        if (minus) {
            ssc_site_t probe = { 0, 0, 1, rec->pos, rec->pos };
            int64_t s0, e0;
            if (!(seq = site_frame(t, rec, &probe, &s0, &e0))) return SSC_ENOMEM;
        }
        ssc_th_nc_encode(seq, rec->len, t->codes);
        if ((rc = ssc_th_nc_target(&t->tgt, t->codes, rec->len)) < 0) return rc;
        for (f = 0; f < ssc_mirset_n_families(en->ms); f++)
            for (k = en->mem_off[f]; k < en->mem_off[f + 1]; k++)
                if ((rc = nc_member(en, t, rec, minus, en->mem[k], f)) < 0) return rc;
    }
    if (t->nrows) qsort(t->rows, (size_t)t->nrows, sizeof *t->rows, cmp_row); /* rows may be NULL */
    for (i = 0; i < t->nrows; i++)
        if (w == 0 || cmp_site(&t->rows[i].site, &t->rows[w - 1].site) != 0) t->rows[w++] = t->rows[i];
    t->nrows = w;
    return 0;
}

int64_t scan_energy_sites(scan_energy_t *en, int tid, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n, int strands,
                          const ssc_site_t **kept, const int32_t **energy)
{
    ethread_t *t = &en->th[tid];
    int64_t a = 0, b = 0, w = 0;
    int rc;
    t->rc_of = NULL;
    if ((rc = canonical(en, t, rec, sites, n)) < 0) return rc;
    if (!en->nc_types && en->max == SSC_ENERGY_NA) {
        *kept = sites, *energy = t->energy;
        return n;
    }
    t->nrows = 0;
    if (en->nc_types && (rc = noncanonical(en, t, rec, strands)) < 0) return rc;
    if (reserve(t, n + t->nrows) < 0) return SSC_ENOMEM;
    /* merge, in place into kept/energy (energy[a] is read before w catches up with it:
     * w <= a + b, and the canonical energies are copied aside first when there are rows) */
    {
        int32_t *ce = t->nrows ? malloc((size_t)(n ? n : 1) * sizeof *ce) : t->energy;
        if (t->nrows && !ce) return SSC_ENOMEM;
        if (ce != t->energy) memcpy(ce, t->energy, (size_t)n * sizeof *ce);
        while (a < n || b < t->nrows) {
            int take_a = b == t->nrows || (a < n && cmp_site(&sites[a], &t->rows[b].site) <= 0);
            const ssc_site_t *x = take_a ? &sites[a] : &t->rows[b].site;
            int32_t e = take_a ? ce[a++] : t->rows[b++].energy;
            if (en->max != SSC_ENERGY_NA && (e == SSC_ENERGY_NA || e > en->max)) continue;
            t->kept[w] = *x, t->energy[w++] = e;
        }
        if (ce != t->energy) free(ce);
    }
    *kept = t->kept, *energy = t->energy;
    return w;
}

_Static_assert(SSC_NTYPES_ALL < SSC_CSTRIDE_ALL, "count_strand's mark needs a spare counter");

static int cmp_int(const void *a, const void *b)
{
    return *(const int32_t *)a - *(const int32_t *)b;
}

/* Count one strand's sites by family and type, with each family's lowest energy; the
 * families with a site into t->fams, ascending. */
static int count_strand(ethread_t *t, const ssc_site_t *sites, const int32_t *energy, int64_t n,
                        int minus)
{
    int nf = 0;
    for (int64_t k = 0; k < n; k++) {
        const ssc_site_t *x = &sites[k];
        uint32_t *c = t->cnt + (size_t)x->fam * SSC_CSTRIDE_ALL;
        int32_t *m = &t->mfe[x->fam];
        if (x->strand != minus) continue;
        if (!c[SSC_CSTRIDE_ALL - 1]) { /* the last counter marks a family already listed */
            c[SSC_CSTRIDE_ALL - 1] = 1;
            t->fams[nf++] = x->fam;
            *m = SSC_ENERGY_NA;
        }
        c[x->type]++;
        if (energy[k] != SSC_ENERGY_NA && (*m == SSC_ENERGY_NA || energy[k] < *m)) *m = energy[k];
    }
    qsort(t->fams, (size_t)nf, sizeof *t->fams, cmp_int);
    return nf;
}

int scan_energy_summary(scan_energy_t *en, int tid, const ssc_rec_t *rec, const ssc_site_t *sites,
                        const int32_t *energy, int64_t n, unsigned types, int strands, int strand_col,
                        int mfe_col, kstring_t *out)
{
    ethread_t *t = &en->th[tid];
    size_t nfam = (size_t)ssc_mirset_n_families(en->ms);
    int minus, nf, f, ret = 0;
    if (!t->cnt && (!(t->cnt = calloc(nfam ? nfam : 1, SSC_CSTRIDE_ALL * sizeof *t->cnt)) ||
                    !(t->mfe = malloc((nfam ? nfam : 1) * sizeof *t->mfe)) ||
                    !(t->fams = malloc((nfam ? nfam : 1) * sizeof *t->fams))))
        return SSC_ENOMEM;
    for (minus = 0; minus < 2 && ret == 0; minus++) {
        if (!(strands >> minus & 1)) continue;
        nf = count_strand(t, sites, energy, n, minus);
        ret = ssc_format_summary_energy(out, en->ms, types, rec, t->cnt, mfe_col ? t->mfe : NULL, t->fams,
                                        nf, strand_col ? minus : -1);
        for (f = 0; f < nf; f++) memset(t->cnt + (size_t)t->fams[f] * SSC_CSTRIDE_ALL, 0,
                                        SSC_CSTRIDE_ALL * sizeof *t->cnt);
    }
    return ret;
}
