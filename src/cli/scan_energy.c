/* scan_energy.c: `seedscan scan --energy`: site energies for the writers, on worker threads (one duplex scratch each). */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/scan_energy.h"
#include "io/io.h"
#include "thermo/params.h"
#include "thermo/site.h"

typedef struct {
    ssc_th_dbuf_t *dbuf;
    char *rc;              /* the record's reverse complement, for - strand sites */
    int64_t mrc;
    const ssc_rec_t *rc_of; /* the record rc holds, NULL when none */
    int32_t *energy;
    ssc_site_t *kept;
    int64_t m;
} ethread_t;

struct scan_energy_s {
    const ssc_mirset_t *ms;
    ssc_th_params_t *p;
    int32_t max;
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

scan_energy_t *scan_energy_init(const ssc_mirset_t *ms, int nthreads, int32_t max)
{
    char path[4096], err[1024];
    scan_energy_t *en = calloc(1, sizeof *en);
    int i;
    if (!en) goto oom;
    en->ms = ms, en->max = max, en->nthreads = nthreads;
    if (ssc_refs_path(SSC_TH_DEFAULT_PARAMS, path, sizeof path) != 0) {
        cli_error("scan", "cannot find refs/%s (set SEEDSCAN_REFS)", SSC_TH_DEFAULT_PARAMS);
        goto fail;
    }
    if (ssc_th_params_load(path, NULL, &en->p, err, sizeof err) != 0) {
        cli_error("scan", "%s", err);
        goto fail;
    }
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

int64_t scan_energy_sites(scan_energy_t *en, int tid, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n, const ssc_site_t **kept,
                          const int32_t **energy)
{
    ethread_t *t = &en->th[tid];
    int64_t k, w = 0;
    int err = 0;
    if (reserve(t, n) < 0) return SSC_ENOMEM;
    t->rc_of = NULL;
    for (k = 0; k < n && !err; k++) {
        int32_t e = site_energy(en, t, rec, &sites[k], &err);
        if (en->max == SSC_ENERGY_NA) {
            t->energy[k] = e;
            continue;
        }
        if (e == SSC_ENERGY_NA || e > en->max) continue;
        t->kept[w] = sites[k], t->energy[w++] = e;
    }
    if (err) return err;
    *kept = en->max == SSC_ENERGY_NA ? sites : t->kept, *energy = t->energy;
    return en->max == SSC_ENERGY_NA ? n : w;
}
