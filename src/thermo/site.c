/* thermo/site.c: seed-anchored duplex energies of target sites: the 5' end and the seed helix here, the 3' part through an anchored duplex fill. */
#include <string.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo/site.h"

#define INF SSC_TH_INF
#define ML SSC_TH_MAXLOOP
#define MAXM 64   /* longest miRNA handled (mature miRNAs have 16-28 nt) */
#define MAXW (MAXM + SSC_TH_SITE_UP + SSC_TH_SITE_DOWN + 2)

/* Seed pairs of each type (README site model) and the offset of nt 1 from the site's end:
 * p1 = end - 1 + off1 (the last site base is opposite nt 1 when the type has A1, nt 2 for
 * 7mer-m8 and 6mer, nt 3 for offset-6mer). */
static const struct {
    int8_t a, b, off1;
} seed_of[SSC_NTYPES] = {
    [SSC_8MER] = { 2, 8, 0 },   [SSC_7MER_M8] = { 2, 8, 1 },     [SSC_7MER_A1] = { 2, 7, 0 },
    [SSC_6MER] = { 2, 7, 1 },   [SSC_OFFSET_6MER] = { 3, 8, 2 }, [SSC_6MER_A1] = { 2, 6, 0 },
};

int ssc_th_site_geom(int type, int mlen, int64_t tlen, int64_t start, int64_t end,
                     ssc_th_site_geom_t *g)
{
    (void)start;
    if (type < 0 || type >= SSC_NTYPES) return SSC_EINVAL;
    g->a = seed_of[type].a, g->b = seed_of[type].b;
    g->p1 = end - 1 + seed_of[type].off1;
    g->wbeg = g->p1 - (mlen - 1) - SSC_TH_SITE_UP;
    g->wend = g->p1 + 1 + SSC_TH_SITE_DOWN;
    if (g->wbeg < 0) g->wbeg = 0;
    if (g->wend > tlen) g->wend = tlen;
    return 0;
}

static inline int min2(int x, int y)
{
    return x < y ? x : y;
}

/* The best c of a duplex whose last pair so far is (a, qa): pairs of miRNA nt 1..a with
 * window positions qa..n, started anywhere there (initiation and exterior stem) and joined by
 * loops (RNAduplex's recursion on a corner of a few cells: a <= 3). m and w are codes,
 * 1-based, 0 (N) at both ends. */
static int five_prime(const ssc_th_params_t *p, const int8_t *m, const int8_t *w, int n, int qa,
                      int a)
{
    int c[4][MAXW + 1], i, l, k, l2;
    for (i = 1; i <= a; i++)
        for (l = qa; l <= n; l++) {
            int t = ssc_th_pair[m[i]][w[l]], e;
            c[i][l] = INF;
            if (!t || (i == a) != (l == qa) || (i < a && l <= qa)) continue;
            e = p->duplex_init + ssc_th_e_ext_stem(p, t, i > 1 ? m[i - 1] : -1, l < n ? w[l + 1] : -1);
            for (k = i - 1; k >= 1; k--)
                for (l2 = l + 1; l2 <= n && (i - k - 1) + (l2 - l - 1) <= ML; l2++) {
                    int t2 = ssc_th_pair[m[k]][w[l2]];
                    if (!t2 || c[k][l2] >= INF) continue;
                    e = min2(e, c[k][l2] + ssc_th_e_intloop(p, i - k - 1, l2 - l - 1, t2,
                                                            ssc_th_rtype[t], m[k + 1], w[l2 - 1],
                                                            m[i - 1], w[l + 1]));
                }
            c[i][l] = e;
        }
    return c[a][qa];
}

int ssc_th_seed_mfe(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                    const char *win, int n, int qa, int a, int b, int *energy)
{
    int8_t m[MAXM + 2], w[MAXW + 2];
    int i, e, qb = qa - (b - a), rc;
    ssc_th_hit_t h;
    if (mlen > MAXM || n > MAXW || a < 1 || a > 3 || b < a || b > mlen) return SSC_EINVAL;
    if (qb < 1 || qa > n) return 1;
    m[0] = m[mlen + 1] = w[0] = w[n + 1] = 0;
    if (ssc_th_encode(mir, mlen, m + 1, NULL) < 0 || ssc_th_encode(win, n, w + 1, NULL) < 0)
        return SSC_EINVAL;
    for (i = a; i <= b; i++)
        if (!ssc_th_pair[m[i]][w[qa - (i - a)]]) return 1;
    e = five_prime(p, m, w, n, qa, a);
    for (i = a + 1; i <= b; i++) /* the seed helix: stacks */
        e += p->stack[ssc_th_pair[m[i - 1]][w[qa - (i - 1 - a)]]]
                     [ssc_th_rtype[ssc_th_pair[m[i]][w[qa - (i - a)]]]];
    /* the 3' part: every duplex that continues (b, qb) on miRNA nt b.. and window ..qb */
    if ((rc = ssc_th_duplex_fill_from(p, buf, mir + b - 1, mlen - b + 1, win, qb, e)) != 0)
        return rc;
    if (ssc_th_duplex_best(p, buf, &h) != 0) return 1;
    *energy = h.energy;
    return 0;
}

int ssc_th_site_energy(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                       const char *tgt, int64_t tlen, int type, int64_t start, int64_t end,
                       int *energy)
{
    ssc_th_site_geom_t g;
    int rc = ssc_th_site_geom(type, mlen, tlen, start, end, &g);
    if (rc) return rc;
    return ssc_th_seed_mfe(p, buf, mir, mlen, tgt + g.wbeg, (int)(g.wend - g.wbeg),
                           (int)(g.p1 - (g.a - 1) - g.wbeg) + 1, g.a, g.b, energy);
}
